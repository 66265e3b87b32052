// Cloudflare Workers entry: wrangler bundles each .wasm as a compiled WebAssembly.Module (no
// fetch, no eval: workerd cannot compile wasm bytes at run time). The core is instantiated
// with initSync at start-up; the minting module on the first minting call.
import { initSync } from '../pkg/originpull.js';
import wasmModule from '../pkg/originpull_bg.wasm';
import * as mint from '../pkg/originpull_mint.js';
import mintWasm from '../pkg/originpull_mint_bg.wasm';
import { setMintLoader } from './mint-loader.js';

initSync({ module: wasmModule });

setMintLoader(async () => {
  mint.initSync({ module: mintWasm });
  return mint;
});

export * from './core.js';
