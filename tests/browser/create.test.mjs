// The Create screen in headless Chromium: a CA and a client certificate minted in the page,
// downloaded as files and judged by OpenSSL in Node (`openssl verify -purpose sslclient`, the
// keys matching their certificates); the origin snippet for the chosen server; "Check and
// upload" fills the Check screen, which finds nothing to fix; the user's own CA; a CA key
// that does not match; certificate text from the form reaches the DOM as text only; no key in
// storage or on the console.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorker } from '../../scripts/worker-dev.mjs';
import { launch } from '../helpers/browser.mjs';

const worker = await startWorker();
const browser = await launch();
const dir = mkdtempSync(join(tmpdir(), 'originpull-create-'));
test.after(async () => {
  await browser.close();
  await worker.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function openPage() {
  const page = await browser.newPage();
  await page.goto(`${worker.url}/#create`);
  await page.waitForSelector('html[data-ready="true"]');
  return page;
}

/** Every offered file, downloaded through the page's buttons: { name: text }. */
async function downloads(page) {
  const files = {};
  for (const button of await page.locator('[data-downloads] button').all()) {
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const path = await download.path();
    files[download.suggestedFilename()] = execFileSync('cat', [path], { encoding: 'utf8' });
  }
  return files;
}

const openssl = (...args) => execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const save = (name, text) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
/** The SPKI of a certificate and of a key, as OpenSSL prints them: equal when they match. */
const certSpki = (p) => openssl('x509', '-in', p, '-noout', '-pubkey');
const keySpki = (p) => openssl('pkey', '-in', p, '-pubout');

// First in this file: the browser's cache is empty, so every .wasm the page uses is a request.
test('the minting module is fetched when Create is used, not when the page loads', async () => {
  const page = await browser.newPage();
  const wasm = [];
  const seen = (r) => r.url().endsWith('.wasm') && wasm.push(new URL(r.url()).pathname);
  page.on('request', seen);
  await page.goto(`${worker.url}/#create`);
  await page.waitForSelector('html[data-ready="true"]');
  // The Check screen at work (the core), still no minting module.
  await page.goto(`${worker.url}/#check`);
  await page.getByLabel('Certificate', { exact: true }).fill('not a certificate');
  await page.goto(`${worker.url}/#create`);
  assert.ok(wasm.includes('/originpull/pkg/originpull_bg.wasm'), `the core was not seen: ${wasm}`);
  assert.ok(!wasm.includes('/originpull/pkg/originpull_mint_bg.wasm'), `fetched before Create: ${wasm}`);
  await page.getByLabel('CA name (common name)').fill('Lazy CA');
  await page.getByLabel('Common name', { exact: true }).fill('lazy client');
  await page.getByLabel('Key type').selectOption('P-256');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.locator('[data-created]:not([hidden])').waitFor({ timeout: 60000 });
  assert.equal(wasm.filter((p) => p === '/originpull/pkg/originpull_mint_bg.wasm').length, 1, String(wasm));
  page.off('request', seen);
  await page.close();
});

test('a new CA and client certificate: four files OpenSSL accepts, then Check finds nothing', async () => {
  const page = await openPage();
  await page.getByLabel('CA name (common name)').fill('Example Origin CA');
  await page.getByLabel('Common name', { exact: true }).fill('<img src=x onerror="window.__x=1">');
  await page.getByLabel('Key type').selectOption('P-256');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.locator('[data-created]:not([hidden])').waitFor({ timeout: 60000 });
  assert.match(await page.locator('[data-create-status]').textContent(), /created/);
  assert.ok(await page.locator('[data-ca-key-warning]').isVisible(), 'the CA key warning shows');

  const files = await downloads(page);
  assert.deepEqual(Object.keys(files).sort(), ['cloudflare-client.key', 'cloudflare-client.pem', 'origin-ca.key', 'origin-ca.pem']);
  const ca = save('ca.pem', files['origin-ca.pem']);
  const caKey = save('ca.key', files['origin-ca.key']);
  const client = save('client.pem', files['cloudflare-client.pem']);
  const clientKey = save('client.key', files['cloudflare-client.key']);
  assert.match(openssl('verify', '-purpose', 'sslclient', '-CAfile', ca, client), /client\.pem: OK/);
  assert.equal(certSpki(ca), keySpki(caKey));
  assert.equal(certSpki(client), keySpki(clientKey));
  assert.match(openssl('x509', '-in', ca, '-noout', '-subject'), /Example Origin CA/);

  // The origin's configuration follows the server chosen and the CA path given.
  await page.getByLabel('Where the CA certificate goes on the origin (optional)').fill('/etc/nginx/aop/origin-ca.pem');
  const config = page.locator('[data-origin-config]');
  await page.waitForFunction(() => document.querySelector('[data-origin-config]').textContent.includes('/etc/nginx/aop/origin-ca.pem'));
  assert.match(await config.textContent(), /ssl_verify_client\s+on/);
  await page.getByLabel('Server').selectOption('apache');
  await page.waitForFunction(() => /SSLVerifyClient\s+require/.test(document.querySelector('[data-origin-config]').textContent));

  // Straight into Check: the client certificate, its key and the CA; nothing to fix.
  await page.getByRole('button', { name: 'Check and upload the client certificate' }).click();
  await page.waitForFunction(() => location.hash === '#check');
  await page.waitForFunction(() => document.querySelector('[data-status]').dataset.state === 'ok', null, { timeout: 30000 });
  assert.equal(await page.locator('[data-findings] [data-severity="error"], [data-findings] [data-severity="warning"]').count(), 0);
  assert.equal(await page.locator('#certificate').inputValue(), files['cloudflare-client.pem']);
  assert.equal(await page.locator('#ca').inputValue(), files['origin-ca.pem']);
  // The hostile common name is text in the certificate card, never markup.
  await page.locator('[data-certificates] [data-field="subject"]').first().waitFor();
  assert.match(await page.locator('[data-certificates]').textContent(), /<img src=x/);
  assert.equal(await page.evaluate(() => window.__x ?? null), null);
  assert.equal(await page.locator('[data-certificates] img').count(), 0);

  // Nothing secret in storage or on the console.
  const keyLine = files['origin-ca.key'].split('\n')[1];
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.ok(!stored.includes(keyLine));
  assert.ok(!browser.console.some((m) => m.text.includes(keyLine)));

  // A reload forgets them.
  await page.goto(`${worker.url}/#create`);
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  assert.ok(await page.locator('[data-created]').isHidden(), 'a reload shows no keys');

  // Their own CA: the CA minted above signs a second client certificate (RSA this time).
  await page.getByLabel('Use my CA').check();
  await page.getByLabel('CA certificate', { exact: true }).fill(files['origin-ca.pem']);
  await page.getByLabel('CA private key', { exact: true }).fill(files['origin-ca.key']);
  await page.getByLabel('Common name', { exact: true }).fill('second client');
  await page.getByLabel('Key type').selectOption('RSA-2048');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.locator('[data-created]:not([hidden])').waitFor({ timeout: 60000 });
  assert.ok(await page.locator('[data-ca-key-warning]').isHidden(), 'no CA key to keep: it is the user\'s own');
  const second = await downloads(page);
  assert.deepEqual(Object.keys(second).sort(), ['cloudflare-client.key', 'cloudflare-client.pem', 'origin-ca.pem']);
  const client2 = save('client2.pem', second['cloudflare-client.pem']);
  assert.match(openssl('verify', '-purpose', 'sslclient', '-CAfile', ca, client2), /OK/);
  assert.match(openssl('x509', '-in', client2, '-noout', '-text'), /Public-Key: \(2048 bit\)/);
  assert.equal(certSpki(client2), keySpki(save('client2.key', second['cloudflare-client.key'])));
  await page.getByRole('button', { name: 'Forget the keys' }).click();
  assert.ok(await page.locator('[data-created]').isHidden());
  assert.equal(await page.locator('[data-downloads] li').count(), 0);
});

test('a CA key that does not match its certificate: a coded error, nothing offered', async () => {
  const page = await openPage();
  const other = execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], { encoding: 'utf8' });
  const caKey = save('own-ca.key', execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], { encoding: 'utf8' }));
  const caCert = execFileSync('openssl', ['req', '-x509', '-new', '-key', caKey, '-subj', '/CN=Own CA', '-days', '30',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], { encoding: 'utf8' });
  await page.getByLabel('Use my CA').check();
  await page.getByLabel('CA certificate', { exact: true }).fill(caCert);
  await page.getByLabel('CA private key', { exact: true }).fill(other);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  const status = page.locator('[data-create-status][data-state="error"]');
  await status.waitFor({ timeout: 30000 });
  assert.match(await status.textContent(), /Could not create the certificates/);
  assert.match(await status.textContent(), /key/i);
  assert.ok(await page.locator('[data-created]').isHidden());
});
