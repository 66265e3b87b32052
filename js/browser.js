// Browser entry (ES module): fetches and instantiates the core wasm with top-level await, so
// the API is ready once the import resolves. The minting module (its glue a dynamic import,
// which bundlers split into a chunk of its own, and its .wasm) is fetched on the first minting
// call only.
import init from '../pkg/originpull.js';
import { setMintLoader } from './mint-loader.js';

await init({ module_or_path: new URL('../pkg/originpull_bg.wasm', import.meta.url) });

setMintLoader(async () => {
  const mint = await import('../pkg/originpull_mint.js');
  await mint.default({ module_or_path: new URL('../pkg/originpull_mint_bg.wasm', import.meta.url) });
  return mint;
});

export * from './core.js';
