// Cloudflare Workers entry: wrangler bundles the .wasm as a compiled WebAssembly.Module,
// which initSync instantiates at start-up (no fetch, no eval).
import { initSync } from '../pkg/originpull.js';
import wasmModule from '../pkg/originpull_bg.wasm';

initSync({ module: wasmModule });

export * from './core.js';
