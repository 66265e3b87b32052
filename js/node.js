// Node >= 20 entry: loads the core wasm synchronously, so the API is usable right after
// `import`. The minting module is imported and instantiated on the first minting call.
import { readFileSync } from 'node:fs';
import { initSync } from '../pkg/originpull.js';
import { setMintLoader } from './mint-loader.js';

initSync({ module: readFileSync(new URL('../pkg/originpull_bg.wasm', import.meta.url)) });

setMintLoader(async () => {
  const mint = await import('../pkg/originpull_mint.js');
  mint.initSync({ module: readFileSync(new URL('../pkg/originpull_mint_bg.wasm', import.meta.url)) });
  return mint;
});

export * from './core.js';
// Node only (node:tls): replaces core.js's probeOrigin, which rejects in browsers and Workers.
export { probeOrigin } from './probe.js';
