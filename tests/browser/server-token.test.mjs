// The admin page when the Worker holds the API token (`CF_API_TOKEN`, e.g. a deployed Worker's
// secret) and protects it with ADMIN_SECRET (issue 13): the page offers "Use the token held by
// the Worker", asks for the admin secret, connects with it and a Zone ID, lists the zone's
// certificates; no request from the browser carries the API token, and the secret is kept in
// memory only (sessionStorage only with "Remember for this tab"). The emulator's listing is the
// independent judge of what the page shows.
import test from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { startEmulator, DEFAULT_TOKEN } from '../../emulator/index.js';
import { startWorker } from '../../scripts/worker-dev.mjs';
import { launch } from '../helpers/browser.mjs';
import { readFixture } from '../helpers/paths.mjs';
import { emulatorCall, randomZone } from '../helpers/aop.mjs';

const emu = await startEmulator({ port: 0, host: '127.0.0.1', quiet: true });
const ADMIN = 'browser-admin-secret-0123456789abcdef';
const worker = await startWorker({ vars: { UPSTREAM: emu.url, CF_API_TOKEN: DEFAULT_TOKEN, ADMIN_SECRET: ADMIN } });
const browser = await launch();
test.after(async () => {
  await browser.close();
  await worker.stop();
  await emu.close();
});

test('token held by the Worker: connect with the admin secret and a Zone ID; the browser never sends the token', async () => {
  const zone = randomZone();
  // A certificate already in the zone (uploaded directly to the emulator).
  const pem = readFixture('aop', 'leaf-rsa.pem');
  const uploaded = await emulatorCall(emu, DEFAULT_TOKEN, 'POST', `/zones/${zone}/origin_tls_client_auth`, {
    certificate: pem,
    private_key: readFixture('aop', 'leaf-rsa.key'),
  });
  const page = await browser.newPage();
  const sent = [];
  page.on('request', (r) => sent.push({ url: r.url(), auth: r.headers().authorization ?? null }));
  await page.goto(`${worker.url}/#connect`);
  await page.waitForSelector('html[data-ready="true"]');
  const mode = page.locator('[data-token-mode]');
  await mode.waitFor({ state: 'visible' });
  assert.equal(await page.locator('input[name="token-mode"][value="server"]').isChecked(), true);
  assert.equal(await page.getByLabel('API token', { exact: true }).isVisible(), false);
  assert.equal(await page.locator('input[name="token-mode"][value="own"]').isDisabled(), true);
  assert.match(await page.locator('[data-token-mode-help]').textContent(), /admin secret/);
  await page.getByLabel('Zone ID', { exact: true }).fill(zone);
  // Without the secret: the page says what is missing and sends nothing.
  const before = sent.length;
  await page.keyboard.press('Enter');
  await page.locator('[data-connect-status][data-state="error"]').getByText("Enter the Worker's admin secret.").waitFor();
  assert.equal(sent.filter((r) => new URL(r.url).pathname.startsWith('/client/v4/')).length, 0);
  // A wrong secret: the Worker's refusal, in plain words.
  await page.getByLabel('Admin secret', { exact: true }).fill(`${ADMIN}-wrong`);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.locator('[data-connect-status][data-state="error"]').waitFor();
  assert.match(await page.locator('[data-connect-status]').textContent(), /admin secret is wrong/);
  assert.ok(sent.length > before);
  await page.getByLabel('Admin secret', { exact: true }).fill(ADMIN);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.locator('[data-connect-status][data-state="ok"]').waitFor();
  assert.match(await page.locator('[data-connection-summary]').textContent(), /token held by the Worker/);

  await page.goto(`${worker.url}/#manage`);
  await page.waitForSelector('html[data-ready="true"]');
  const list = page.locator('[data-list="zone"]');
  const serialHex = new X509Certificate(pem).serialNumber.toLowerCase().replace(/^0+(?=.)/, '');
  await list.getByText(serialHex).first().waitFor();
  assert.match(await list.textContent(), new RegExp(uploaded.serial_number));

  const apiCalls = sent.filter((r) => new URL(r.url).pathname.startsWith('/client/v4/'));
  assert.ok(apiCalls.length > 0, 'the page called the API through the Worker');
  assert.ok(apiCalls.every((r) => !r.auth?.includes(DEFAULT_TOKEN)), 'no request from the browser carried the API token');
  assert.ok(apiCalls.filter((r) => r.auth).every((r) => r.auth === `Bearer ${ADMIN}` || r.auth === `Bearer ${ADMIN}-wrong`), 'only the admin secret travels');
  let storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  assert.ok(!storage.includes(DEFAULT_TOKEN), 'the server token never reached the page');
  assert.ok(!storage.includes(ADMIN), 'the admin secret is not stored without consent');

  // With "Remember for this tab": kept in sessionStorage only, and a reload connects again.
  await page.goto(`${worker.url}/#connect`);
  await page.waitForSelector('html[data-ready="true"]');
  await page.getByLabel('Admin secret', { exact: true }).fill(ADMIN);
  await page.locator('#remember-admin-secret').check();
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.locator('[data-connect-status][data-state="ok"]').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('originpull.admin')), ADMIN);
  assert.equal(await page.evaluate(() => JSON.stringify({ ...localStorage }).includes('admin')), false);
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  await page.locator('[data-connection-summary]').getByText(/Connected to zone/).waitFor();
  await page.getByRole('button', { name: 'Forget the token and secret' }).click();
  storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.ok(!storage.includes(ADMIN), 'forgotten');
});
