// The project's Worker running in workerd (wrangler dev): it serves the page and the package
// as static assets and answers POST /inspect with inspect()'s JSON.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { startWorker } from '../../scripts/worker-dev.mjs';
import { fixture, readFixture } from '../helpers/paths.mjs';

const worker = await startWorker();
test.after(() => worker.stop());

test('POST /inspect returns the certificate fields, computed in workerd', async () => {
  const pem = readFixture('basic', 'leaf.pem');
  const res = await fetch(`${worker.url}/inspect`, { method: 'POST', body: pem });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /application\/json/);
  const { certificates } = await res.json();
  assert.equal(certificates.length, 1);
  const ref = new X509Certificate(pem);
  assert.equal(certificates[0].fingerprints.sha256, ref.fingerprint256.replace(/:/g, '').toLowerCase());
  assert.equal(certificates[0].subject, 'CN=origin-pull client,O=Example\\, Inc.');
  assert.equal(certificates[0].serialNumber, BigInt('0x' + ref.serialNumber).toString());
});

test('POST /inspect accepts DER bytes', async () => {
  const der = readFileSync(fixture('basic', 'leaf.der'));
  const res = await fetch(`${worker.url}/inspect`, {
    method: 'POST', body: der, headers: { 'content-type': 'application/octet-stream' },
  });
  assert.equal(res.status, 200);
  const { certificates } = await res.json();
  assert.equal(certificates[0].issuer, 'CN=originpull test root');
});

test('bad input gets a coded JSON error, and the Worker keeps working', async () => {
  let res = await fetch(`${worker.url}/inspect`, { method: 'POST', body: 'hello' });
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error.code, 'PEM_INVALID');
  res = await fetch(`${worker.url}/inspect`, { method: 'POST', body: '' });
  assert.deepEqual(await res.json(), { certificates: [], privateKeys: [], ignored: [], requests: [] });
  res = await fetch(`${worker.url}/inspect`);
  assert.equal(res.status, 405);
  res = await fetch(`${worker.url}/inspect`, { method: 'POST', body: readFixture('basic', 'ca.pem') });
  assert.equal(res.status, 200);
});

test('the page and the package are served with a strict CSP', async () => {
  const res = await fetch(`${worker.url}/`);
  assert.equal(res.status, 200);
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /connect-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.match(await res.text(), /<label for="certificate">Certificate<\/label>/);
  // Both modules: the core and minting (fetched by the Create screen on first use).
  for (const f of ['originpull_bg.wasm', 'originpull_mint_bg.wasm']) {
    const wasm = await fetch(`${worker.url}/originpull/pkg/${f}`);
    assert.equal(wasm.status, 200, f);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    const bytes = new Uint8Array(await wasm.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 4)], [0x00, 0x61, 0x73, 0x6d]);
  }
  assert.equal((await fetch(`${worker.url}/originpull/pkg/originpull_mint.js`)).status, 200);
  assert.equal((await fetch(`${worker.url}/originpull/js/mint-loader.js`)).status, 200);
});

test('the API reference is served at /docs/ (TypeDoc pages, no inline script allowed)', async () => {
  const res = await fetch(`${worker.url}/docs/`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/html/);
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/, 'scripts: the same policy as the page');
  assert.match(csp, /style-src 'self' 'unsafe-inline'/);
  const index = await res.text();
  assert.match(index, /Authenticated Origin Pulls/);
  assert.match(index, /href="functions\/validateUpload\.html"/);
  const page = await fetch(`${worker.url}/docs/classes/OriginpullError.html`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /isOriginpullError/);
  const bare = await fetch(`${worker.url}/docs`, { redirect: 'manual' });
  assert.ok([301, 307, 308].includes(bare.status), `GET /docs: ${bare.status}`);
  assert.equal(new URL(bare.headers.get('location'), worker.url).pathname, '/docs/');
  // Elsewhere the strict policy stays.
  assert.doesNotMatch((await fetch(`${worker.url}/`)).headers.get('content-security-policy'), /unsafe-inline/);
});
