// Node >= 20 entry: loads the wasm synchronously, so the API is usable right after `import`.
import { readFileSync } from 'node:fs';
import { initSync } from '../pkg/originpull.js';

initSync({ module: readFileSync(new URL('../pkg/originpull_bg.wasm', import.meta.url)) });

export * from './core.js';
// Node only (node:tls): replaces core.js's probeOrigin, which rejects in browsers and Workers.
export { probeOrigin } from './probe.js';
