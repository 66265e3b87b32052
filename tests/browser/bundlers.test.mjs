// Bundlers: a small page that imports the package as an app would (`import … from
// 'originpull'`, the packed tarball unpacked into its node_modules) is built with esbuild and
// with Vite, and each build inspects a certificate in headless Chromium. Both must pick the
// `browser` entry (no Node built-ins in the bundle), keep its top-level await and find the
// .wasm: Vite follows `new URL('…wasm', import.meta.url)` and emits the file; esbuild leaves
// the URL as it is, so the .wasm is copied where it points (the README's esbuild step).
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
  `import { inspectCertificates, isOriginpullError, OriginpullError } from 'originpull';
import { pem } from './leaf.js';

const [cert] = inspectCertificates(pem);
let error;
try {
  inspectCertificates('not a certificate');
} catch (e) {
  error = { code: e.code, instance: e instanceof OriginpullError, is: isOriginpullError(e) };
}
document.body.dataset.result = JSON.stringify({ subject: cert.subject, sha256: cert.fingerprints.sha256, error });
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

/** Load a built page in Chromium and read what it found. */
async function run(path) {
  const page = await browser.newPage();
  const failed = [];
  page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  await page.goto(`${base}${path}`);
  await page.waitForFunction(() => document.body.dataset.result, null, { timeout: 15_000 });
  const result = JSON.parse(await page.evaluate(() => document.body.dataset.result));
  await page.close();
  assert.deepEqual(failed, []);
  return result;
}

/** The built JavaScript of `outDir`, all files. */
const builtJs = (outDir) =>
  readdirSync(outDir, { recursive: true }).map(String).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(outDir, f), 'utf8')).join('\n');

test('esbuild: the browser entry bundled, the .wasm beside it, a certificate inspected', async () => {
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
  // esbuild keeps `new URL('../pkg/originpull_bg.wasm', import.meta.url)`: the file goes there.
  mkdirSync(join(out, 'pkg'));
  copyFileSync(join(app, 'node_modules/originpull/pkg/originpull_bg.wasm'), join(out, 'pkg/originpull_bg.wasm'));
  const js = builtJs(out);
  assert.doesNotMatch(js, /node:fs|readFileSync/, 'the node entry was bundled');
  assert.match(js, /new URL\("\.\.\/pkg\/originpull_bg\.wasm", import\.meta\.url\)/);
  console.log(`esbuild: built in ${Date.now() - t0} ms`);
  assert.deepEqual(await run('/esbuild/'), expected);
});

test('Vite: the browser entry bundled, the .wasm emitted as an asset, a certificate inspected', async () => {
  const { build } = await import('vite');
  const out = join(dir, 'out/vite');
  const t0 = Date.now();
  await build({ root: app, configFile: false, logLevel: 'silent', base: './', build: { outDir: out, emptyOutDir: true } });
  const files = readdirSync(out, { recursive: true }).map(String);
  assert.ok(files.some((f) => /^assets\/originpull_bg-[\w-]+\.wasm$/.test(f)), `no .wasm asset in ${files}`);
  assert.doesNotMatch(builtJs(out), /node:fs|readFileSync/, 'the node entry was bundled');
  console.log(`vite: built in ${Date.now() - t0} ms`);
  assert.deepEqual(await run('/vite/'), expected);
});
