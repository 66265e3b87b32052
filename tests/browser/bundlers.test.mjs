// Bundlers: a small page that imports the package as an app would (`import … from
// 'originpull'`, the packed tarball unpacked into its node_modules) is built with esbuild and
// with Vite, and each build inspects a certificate and mints a request in headless Chromium.
// Both must pick the `browser` entry (no Node built-ins in the bundle), keep its top-level
// await and find both .wasm files (the core's at start, minting's on the first minting call
// only): Vite follows `new URL('…wasm', import.meta.url)`, emits the
// files and splits the minting glue into a chunk of its own; esbuild leaves the URLs as they
// are, so the .wasm files are copied where they point (the README's esbuild step).
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { launch } from '../helpers/browser.mjs';
import { root, readFixture } from '../helpers/paths.mjs';

const dir = mkdtempSync(join(tmpdir(), 'originpull-bundlers-'));
const app = join(dir, 'app');
const leafPem = readFixture('basic', 'leaf.pem');

// The app: the package as npm would install it (unpacked from `npm pack`, no dependencies).
mkdirSync(join(app, 'node_modules/originpull'), { recursive: true });
const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8' }));
execFileSync('tar', ['xzf', join(dir, filename), '-C', join(app, 'node_modules/originpull'), '--strip-components=1']);
writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
writeFileSync(join(app, 'leaf.js'), `export const pem = ${JSON.stringify(leafPem)};\n`);
writeFileSync(
  join(app, 'main.js'),
  `import { createCertificateRequest, inspect, inspectCertificates, isOriginpullError, OriginpullError } from 'originpull';
import { pem } from './leaf.js';

const [cert] = inspectCertificates(pem);
let error;
try {
  inspectCertificates('not a certificate');
} catch (e) {
  error = { code: e.code, instance: e instanceof OriginpullError, is: isOriginpullError(e) };
}
document.body.dataset.result = JSON.stringify({ subject: cert.subject, sha256: cert.fingerprints.sha256, error });
// Minting, when the test asks: its module is fetched then, on first use.
window.mint = async () => {
  const { csr } = await createCertificateRequest({ commonName: 'bundled' });
  return inspect(csr).requests.map((r) => r.subject);
};
`,
);
writeFileSync(join(app, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><title>app</title><link rel="icon" href="data:,"></head><body><script type="module" src="./main.js"></script></body></html>\n');

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  const file = join(dir, 'out', path.endsWith('/') ? `${path}index.html` : path);
  try {
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launch();
test.after(async () => {
  await browser.close();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const expected = {
  subject: 'CN=origin-pull client,O=Example\\, Inc.',
  sha256: new X509Certificate(leafPem).fingerprint256.replace(/:/g, '').toLowerCase(),
  error: { code: 'PEM_INVALID', instance: true, is: true },
};

/**
 * Load a built page in Chromium and read what it found; the .wasm files it fetched before its
 * first result (the core only) and after minting (both) are checked too.
 */
async function run(path) {
  const page = await browser.newPage();
  const failed = [];
  const wasm = [];
  page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  page.on('request', (r) => r.url().endsWith('.wasm') && wasm.push(new URL(r.url()).pathname.split('/').pop()));
  await page.goto(`${base}${path}`);
  await page.waitForFunction(() => document.body.dataset.result, null, { timeout: 15_000 });
  const result = JSON.parse(await page.evaluate(() => document.body.dataset.result));
  const atStart = [...wasm];
  const minted = await page.evaluate(() => window.mint());
  await page.close();
  assert.deepEqual(failed, []);
  assert.deepEqual(minted, ['CN=bundled']);
  assert.equal(atStart.length, 1, `wasm fetched before the first result: ${atStart}`);
  assert.match(atStart[0], /^originpull_bg/);
  assert.equal(wasm.length, 2, `wasm fetched: ${wasm}`);
  assert.match(wasm[1], /^originpull_mint_bg/);
  return result;
}

/** The built JavaScript of `outDir`, all files. */
const builtJs = (outDir) =>
  readdirSync(outDir, { recursive: true }).map(String).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(outDir, f), 'utf8')).join('\n');

test('esbuild: the browser entry bundled, both .wasm beside it, a certificate inspected, a request minted', async () => {
  const esbuild = await import('esbuild');
  const out = join(dir, 'out/esbuild');
  const t0 = Date.now();
  await esbuild.build({
    absWorkingDir: app,
    entryPoints: ['main.js'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    outdir: join(out, 'assets'),
    logLevel: 'silent',
  });
  copyFileSync(join(app, 'index.html'), join(out, 'index.html'));
  writeFileSync(join(out, 'index.html'), readFileSync(join(out, 'index.html'), 'utf8').replace('./main.js', './assets/main.js'));
  // esbuild keeps `new URL('../pkg/originpull_bg.wasm', import.meta.url)` (and the minting
  // module's): the files go there.
  mkdirSync(join(out, 'pkg'));
  for (const f of ['originpull_bg.wasm', 'originpull_mint_bg.wasm']) copyFileSync(join(app, 'node_modules/originpull/pkg', f), join(out, 'pkg', f));
  const js = builtJs(out);
  assert.doesNotMatch(js, /node:fs|readFileSync/, 'the node entry was bundled');
  assert.match(js, /new URL\("\.\.\/pkg\/originpull_bg\.wasm", import\.meta\.url\)/);
  assert.match(js, /new URL\("\.\.\/pkg\/originpull_mint_bg\.wasm", import\.meta\.url\)/);
  console.log(`esbuild: built in ${Date.now() - t0} ms`);
  assert.deepEqual(await run('/esbuild/'), expected);
});

test('Vite: the browser entry bundled, both .wasm emitted as assets, a certificate inspected, a request minted', async () => {
  const { build } = await import('vite');
  const out = join(dir, 'out/vite');
  const t0 = Date.now();
  await build({ root: app, configFile: false, logLevel: 'silent', base: './', build: { outDir: out, emptyOutDir: true } });
  const files = readdirSync(out, { recursive: true }).map(String);
  assert.ok(files.some((f) => /^assets\/originpull_bg-[\w-]+\.wasm$/.test(f)), `no .wasm asset in ${files}`);
  assert.ok(files.some((f) => /^assets\/originpull_mint_bg-[\w-]+\.wasm$/.test(f)), `no minting .wasm asset in ${files}`);
  // The minting glue is a chunk of its own, not in the entry chunk the page loads first.
  const chunks = files.filter((f) => f.endsWith('.js'));
  assert.ok(chunks.length >= 2, `one chunk only: ${chunks}`);
  assert.doesNotMatch(builtJs(out), /node:fs|readFileSync/, 'the node entry was bundled');
  console.log(`vite: built in ${Date.now() - t0} ms`);
  assert.deepEqual(await run('/vite/'), expected);
});
