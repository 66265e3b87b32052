// Validation on the admin page in headless Chromium: findings grouped by severity with their
// hints, the key card, chain roles and expiry badges; secrets stay out of storage.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWorker } from '../../scripts/worker-dev.mjs';
import { launch } from '../helpers/browser.mjs';
import { root, readFixture } from '../helpers/paths.mjs';

const worker = await startWorker();
const browser = await launch();
test.after(async () => {
  await browser.close();
  await worker.stop();
});
const V = (f) => readFileSync(join(root, 'tests/data/validate', f), 'utf8');

async function openPage() {
  const page = await browser.newPage();
  await page.goto(`${worker.url}/`);
  await page.waitForSelector('html[data-ready="true"]');
  return page;
}

test('a key that does not match: KEY_MISMATCH under errors, with its hint', async () => {
  const page = await openPage();
  await page.getByLabel('Certificate', { exact: true }).fill(V('key-mismatch.cert.pem'));
  await page.getByLabel('Private key', { exact: true }).fill(V('key-mismatch.key.pem'));
  const item = page.locator('[data-severity="error"] [data-code="KEY_MISMATCH"]');
  await item.waitFor();
  assert.match(await item.locator('.hint').textContent(), /openssl/);
  assert.match(await page.locator('[data-status]').textContent(), /error.* to fix before uploading/);
});

test('a clean chain with the origin CA: ready to upload, roles and key shown', async () => {
  const page = await openPage();
  const spec = JSON.parse(V('ok-chain-to-ca.validate.json'));
  await page.getByLabel('Certificate', { exact: true }).fill(V(spec.input.certificate));
  await page.getByLabel('Private key', { exact: true }).fill(V(spec.input.privateKey));
  await page.getByLabel('CA certificates (origin trust)').fill(V(spec.input.caCertificates));
  await page.waitForSelector('[data-status][data-state="ok"]');
  assert.match(await page.locator('[data-status]').textContent(), /Ready to upload/);
  assert.equal(await page.locator('[data-severity="error"]').count(), 0);
  const titles = await page.locator('[data-certificate] [data-field="title"]').allTextContents();
  assert.match(titles[0], /leaf/);
  assert.match(titles[1], /intermediate/);
  assert.match(await page.locator('[data-key-info] dd[data-field="key-algorithm"]').textContent(), /RSA|EC/);
  assert.match(await page.locator('[data-certificate] [data-badge]').first().textContent(), /days (left|ago)/);
});

test('an encrypted key: KEY_ENCRYPTED until the passphrase is typed, then it matches', async () => {
  const page = await openPage();
  await page.getByLabel('Certificate', { exact: true }).fill(readFixture('aop', 'leaf-rsa.pem'));
  await page.getByLabel('Private key', { exact: true }).fill(readFixture('aop', 'leaf-rsa.encrypted.key'));
  await page.waitForSelector('[data-code="KEY_ENCRYPTED"]');
  await page.getByLabel('Passphrase', { exact: true }).fill('fixture-passphrase');
  await page.waitForFunction(() => !document.querySelector('[data-code="KEY_ENCRYPTED"]'));
  assert.equal(await page.locator('[data-code="KEY_PASSPHRASE_WRONG"]').count(), 0);
  assert.equal(await page.locator('[data-code="KEY_MISMATCH"]').count(), 0);
  assert.equal(await page.locator('[data-key-info] dd[data-field="key-arrived-encrypted"]').textContent(), 'true');
  // Nothing secret is persisted.
  const stored = await page.evaluate(() => JSON.stringify({ l: { ...localStorage }, s: { ...sessionStorage }, c: document.cookie }));
  assert.equal(stored, '{"l":{},"s":{},"c":""}');
});

test('findings are grouped: errors before warnings before notes', async () => {
  const page = await openPage();
  await page.getByLabel('Certificate', { exact: true }).fill(V('cert-expired.cert.pem'));
  await page.getByLabel('Private key', { exact: true }).fill(V('cert-expired.key.pem'));
  await page.waitForSelector('[data-code="CERT_EXPIRED"]');
  const groups = await page.locator('[data-findings] > section').evaluateAll((s) => s.map((x) => x.dataset.severity));
  const order = { error: 0, warning: 1, info: 2 };
  assert.deepEqual(groups, [...groups].sort((a, b) => order[a] - order[b]));
  assert.ok(groups.includes('error') && groups.includes('info'), String(groups));
});

test('no page errors or console errors', () => {
  assert.deepEqual(browser.errors, []);
  assert.deepEqual(browser.console.filter((m) => m.type === 'error'), []);
});

test('a wasm trap in the page is an INTERNAL error, and the module works again after it', async () => {
  const page = await openPage();
  const pem = readFixture('basic', 'leaf.pem');
  const out = await page.evaluate(async (pem) => {
    const op = await import('/originpull/js/browser.js');
    // The glue module browser.js imports (same URL, same instance): its initSync returns the
    // running instance's exports once the module is initialised.
    const { initSync } = await import('/originpull/pkg/originpull.js');
    const { memory } = initSync();
    for (let step = 65536; step >= 1; ) {
      try {
        memory.grow(step);
      } catch {
        step = Math.floor(step / 2);
      }
    }
    const pages = memory.buffer.byteLength / 65536;
    const big = `${pem}\n`.repeat(Math.floor((1024 * 1024 - 1) / (pem.length + 1)));
    let error = null;
    try {
      op.inspectCertificates(big);
    } catch (e) {
      error = { isError: e instanceof Error, code: e.code, message: e.message, cause: e.cause instanceof WebAssembly.RuntimeError };
    }
    const fresh = initSync().memory !== memory;
    return { pages, error, fresh, after: op.inspectCertificates(pem).map((c) => c.subject), again: op.inspectCertificates(big).length };
  }, pem);
  assert.ok(out.pages > 16384, `memory grown to ${out.pages} pages`);
  assert.deepEqual(out.error && { ...out.error, message: undefined }, { isError: true, code: 'INTERNAL', message: undefined, cause: true });
  assert.match(out.error.message, /wasm module trapped .*started again/);
  assert.equal(out.fresh, true);
  assert.deepEqual(out.after, ['CN=origin-pull client,O=Example\\, Inc.']);
  assert.ok(out.again > 100);
});
