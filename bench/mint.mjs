// `npm run bench:mint`: key generation time per key type (median of ROUNDS, default 10) in
// Node, headless Chromium and workerd, three ways:
//   rust-wasm   the RustCrypto generators inside the minting wasm module (elliptic-curve's
//               SecretKey; `rsa`'s generator, which the shipped build leaves out: a minting
//               module with the `rsa-keygen` feature is made for this, in target/bench-mint/)
//   webcrypto   crypto.subtle.generateKey + exportKey('pkcs8') of the runtime
//   package     what the package does (createCertificateRequest: the key as shipped, EC in
//               wasm, RSA from WebCrypto, plus one signature and the PEM)
// workerd's clock stands still while code runs, so there each key is one request to a test
// Worker, timed from Node, less the median time of an empty request.
// RSA-4096 with rust-wasm takes long: RSA4096_ROUNDS (default 3) sets its rounds.
import { cpSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cargoBuild, bindgen } from '../scripts/build.mjs';
import { root } from '../scripts/setup.mjs';
import { startWorker } from '../scripts/worker-dev.mjs';
import { launch } from '../tests/helpers/browser.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 10);
const RSA4096_ROUNDS = Number(process.env.RSA4096_ROUNDS ?? 3);
const KEY_TYPES = ['P-256', 'P-384', 'RSA-2048', 'RSA-3072', 'RSA-4096'];
const rounds = (impl, keyType) => (impl === 'rust-wasm' && keyType === 'RSA-4096' ? RSA4096_ROUNDS : ROUNDS);
const out = join(root, 'target/bench-mint');

// ---- the builds -------------------------------------------------------------------------------

if (!existsSync(join(root, 'pkg/originpull_bg.wasm')) || !existsSync(join(root, 'pkg/originpull_mint_bg.wasm'))) {
  cargoBuild({ quiet: true });
  bindgen({ outDir: join(root, 'pkg') });
}
console.log('[bench:mint] building the minting module with rsa-keygen (rsa\'s generator) into target/bench-mint/pkg');
const keygen = { modules: ['mint'], features: ['rsa-keygen'] };
cargoBuild({ quiet: true, ...keygen });
bindgen({ outDir: join(out, 'pkg'), ...keygen });

/** The median of `f()`'s times (ms) over `n` runs, after one warm-up. */
async function median(n, f) {
  await f();
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** The measurements one runtime makes, as a function shipped to it (its source is sent to
 *  Chromium; Node calls it directly). `variant` is the rust-keygen glue, `op` the package. */
async function measureIn(variant, op, keyTypes, rounds, median) {
  const rows = {};
  const webcrypto = async (keyType) => {
    const rsa = keyType.startsWith('RSA');
    const alg = rsa
      ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: Number(keyType.slice(4)), publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: keyType };
    const pair = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
    new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey)).fill(0);
  };
  for (const keyType of keyTypes) {
    rows[keyType] = {
      'rust-wasm': await median(rounds('rust-wasm', keyType), () => variant.benchGenerateKey(keyType)),
      webcrypto: await median(rounds('webcrypto', keyType), () => webcrypto(keyType)),
      package: await median(rounds('package', keyType), () => op.createCertificateRequest({ commonName: 'bench', keyType })),
    };
  }
  return rows;
}

const results = {};

// ---- Node -------------------------------------------------------------------------------------

{
  console.log('[bench:mint] Node', process.version);
  const variant = await import(pathToFileURL(join(out, 'pkg/originpull_mint.js')).href);
  variant.initSync({ module: readFileSync(join(out, 'pkg/originpull_mint_bg.wasm')) });
  const op = await import(pathToFileURL(join(root, 'js/node.js')).href);
  results.Node = await measureIn(variant, op, KEY_TYPES, rounds, median);
}

// ---- Chromium ---------------------------------------------------------------------------------

{
  // A static server on 127.0.0.1 (a secure context, so WebCrypto is there) for the package and
  // the rust-keygen build.
  const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = path === '/' ? null : join(root, path);
    if (!file || !file.startsWith(root) || !existsSync(file)) {
      res.writeHead(path === '/' ? 200 : 404, { 'content-type': 'text/html' }).end('<!doctype html><title>bench</title>');
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    const version = await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0]);
    console.log('[bench:mint] Chromium', version);
    results.Chromium = await page.evaluate(`(async () => {
      const variant = await import('/target/bench-mint/pkg/originpull_mint.js');
      await variant.default({ module_or_path: '/target/bench-mint/pkg/originpull_mint_bg.wasm' });
      const op = await import('/js/browser.js');
      const ROUNDS = ${ROUNDS};
      const RSA4096_ROUNDS = ${RSA4096_ROUNDS};
      const rounds = ${rounds};
      const median = ${median};
      return (${measureIn})(variant, op, ${JSON.stringify(KEY_TYPES)}, rounds, median);
    })()`);
  } finally {
    await browser.close();
    server.close();
  }
}

// ---- workerd ----------------------------------------------------------------------------------

{
  // The package path and WebCrypto: the mint test Worker; rust-wasm: a Worker on the
  // rust-keygen build, written here.
  const dir = join(out, 'worker');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.js'), `import { initSync, benchGenerateKey } from '../pkg/originpull_mint.js';
import wasm from '../pkg/originpull_mint_bg.wasm';
initSync({ module: wasm });
export default {
  async fetch(request) {
    const body = await request.json();
    if (body.keygen) return Response.json({ bytes: benchGenerateKey(body.keygen) });
    return Response.json({ ok: true });
  },
};
`);
  writeFileSync(join(dir, 'wrangler.jsonc'), JSON.stringify({ name: 'originpull-bench-mint', main: 'index.js', compatibility_date: '2026-04-01' }));
  const pkgWorker = await startWorker({ config: 'tests/worker/mint-worker/wrangler.jsonc' });
  const rustWorker = await startWorker({ config: 'target/bench-mint/worker/wrangler.jsonc' });
  try {
    const call = (worker, body) => async () => {
      const res = await fetch(worker.url, { method: 'POST', body: JSON.stringify(body) });
      const json = await res.json();
      if (!res.ok) throw new Error(JSON.stringify(json));
    };
    console.log('[bench:mint] workerd (wrangler dev)');
    const empty = await median(ROUNDS, call(pkgWorker, {}));
    const emptyRust = await median(ROUNDS, call(rustWorker, {}));
    results.workerd = {};
    for (const keyType of KEY_TYPES) {
      results.workerd[keyType] = {
        'rust-wasm': (await median(rounds('rust-wasm', keyType), call(rustWorker, { keygen: keyType }))) - emptyRust,
        webcrypto: (await median(rounds('webcrypto', keyType), call(pkgWorker, { keygen: keyType, impl: 'webcrypto' }))) - empty,
        package: (await median(rounds('package', keyType), call(pkgWorker, { keygen: keyType, impl: 'package' }))) - empty,
      };
    }
  } finally {
    await pkgWorker.stop();
    await rustWorker.stop();
  }
}

// ---- the table --------------------------------------------------------------------------------

const ms = (v) => (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)).padStart(8);
console.log(`\nkey generation, median ms (${ROUNDS} rounds; rust-wasm RSA-4096: ${RSA4096_ROUNDS})`);
console.log(`${'runtime'.padEnd(9)} ${'key type'.padEnd(9)} ${'rust-wasm'.padStart(9)} ${'webcrypto'.padStart(9)} ${'package'.padStart(9)}`);
for (const [runtime, rows] of Object.entries(results)) {
  for (const [keyType, r] of Object.entries(rows)) {
    console.log(`${runtime.padEnd(9)} ${keyType.padEnd(9)} ${ms(r['rust-wasm'])}  ${ms(r.webcrypto)}  ${ms(r.package)}`);
  }
}
for (const [runtime, rows] of Object.entries(results)) {
  const r = rows['RSA-4096'];
  console.log(`${runtime}: RSA-4096 rust-wasm / WebCrypto = ${(r['rust-wasm'] / r.webcrypto).toFixed(1)}x`);
}
writeFileSync(join(out, 'results.json'), JSON.stringify(results, null, 2));
