// The admin page in headless Chromium, served by the project's Worker (workerd): paste a
// certificate, read the rendered fields; drop a DER file; untrusted text stays text.
import test from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { startWorker } from '../../scripts/worker-dev.mjs';
import { launch } from '../helpers/browser.mjs';
import { fixture, readFixture } from '../helpers/paths.mjs';

const worker = await startWorker();
const browser = await launch();
test.after(async () => {
  await browser.close();
  await worker.stop();
});

async function openPage() {
  const page = await browser.newPage();
  await page.goto(`${worker.url}/`);
  await page.waitForSelector('html[data-ready="true"]');
  return page;
}

const field = (page, name, index = 0) =>
  page.locator('[data-certificate]').nth(index).locator(`dd[data-field="${name}"]`).textContent();

test('pasting a certificate shows its fields at once', async () => {
  const page = await openPage();
  const pem = readFixture('basic', 'leaf.pem');
  await page.getByLabel('Certificate', { exact: true }).fill(pem);
  await page.waitForSelector('[data-certificate]');
  const ref = new X509Certificate(pem);
  assert.equal(await field(page, 'subject'), 'CN=origin-pull client,O=Example\\, Inc.');
  assert.equal(await field(page, 'issuer'), 'CN=originpull test root');
  assert.equal(await field(page, 'serial-decimal-as-cloudflare-shows-it'), BigInt('0x' + ref.serialNumber).toString());
  assert.equal(await field(page, 'serial-hex'), ref.serialNumber.toLowerCase().replace(/^0+(?=.)/, ''));
  assert.equal(await field(page, 'not-after'), '2027-01-01T00:00:00Z');
  assert.equal(await field(page, 'sha-256-fingerprint'), ref.fingerprint256.replace(/:/g, '').toLowerCase());
  assert.equal(await field(page, 'dns-names'), 'origin.example.com, *.example.com');
  assert.match(await page.locator('[data-status]').textContent(), /1 certificate found/);
});

test('bad input shows the coded finding, and the page recovers', async () => {
  const page = await openPage();
  const box = page.getByLabel('Certificate', { exact: true });
  await box.fill('-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----');
  await page.waitForSelector('[data-severity="error"] [data-code="PEM_INVALID"]');
  assert.equal(await page.locator('[data-certificate]').count(), 0);
  await box.fill(readFixture('basic', 'ca.pem'));
  await page.waitForSelector('[data-certificate]');
  assert.equal(await field(page, 'subject'), 'CN=originpull test root');
  assert.equal(await page.locator('[data-code="PEM_INVALID"]').count(), 0);
});

test('choosing a DER file inspects the bytes', async () => {
  const page = await openPage();
  await page.getByLabel('Or choose a file').setInputFiles(fixture('basic', 'leaf.der'));
  await page.waitForSelector('[data-certificate]');
  assert.equal(await field(page, 'issuer'), 'CN=originpull test root');
});

test('a file dropped on the key box fills it; the CA has a file picker', async () => {
  const page = await openPage();
  await page.getByLabel('Certificate', { exact: true }).fill(readFixture('basic', 'leaf.pem'));
  const key = readFixture('basic', 'leaf.key');
  await page.locator('#private-key').evaluate((box, text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'leaf.key', { type: 'application/x-pem-file' }));
    box.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, key);
  await page.waitForSelector('[data-key-info]');
  assert.equal(await page.getByLabel('Private key', { exact: true }).inputValue(), key);
  assert.equal(await page.getByLabel('Certificate', { exact: true }).inputValue(), readFixture('basic', 'leaf.pem'), 'the certificate box is untouched');
  await page.getByLabel('Or choose a CA file').setInputFiles(fixture('basic', 'ca.pem'));
  await page.waitForFunction(() => document.querySelector('#ca').value.includes('BEGIN CERTIFICATE'));
  assert.equal(await page.getByLabel('CA certificates (origin trust)').inputValue(), readFixture('basic', 'ca.pem'));
  assert.equal(await page.locator('[data-code="KEY_MISMATCH"]').count(), 0);
});

test('certificate text reaches the DOM as text, never as markup', async () => {
  const page = await openPage();
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs++; d.dismiss(); });
  await page.getByLabel('Certificate', { exact: true }).fill(readFixture('basic', 'xss.pem'));
  await page.waitForSelector('[data-certificate]');
  // Expected value from Python cryptography's rfc4514_string() (RFC 4514 escapes < and >).
  assert.equal(await field(page, 'subject'), 'O=\\<b\\>bold\\</b\\>,CN=\\<img src=x onerror=alert(1)\\>');
  assert.equal(await page.locator('[data-certificate] img, [data-certificate] b').count(), 0);
  assert.equal(dialogs, 0);
});

test('no page errors or console errors (CSP included)', () => {
  assert.deepEqual(browser.errors, []);
  assert.deepEqual(browser.console.filter((m) => m.type === 'error'), []);
});
