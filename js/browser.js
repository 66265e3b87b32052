// Browser entry (ES module): fetches and instantiates the wasm with top-level await, so the
// API is ready once the import resolves.
import init from '../pkg/originpull.js';

await init({ module_or_path: new URL('../pkg/originpull_bg.wasm', import.meta.url) });

export * from './core.js';
