// The admin page when the Worker holds the API token (`CF_API_TOKEN`, e.g. a deployed Worker's
// secret): the page offers "Use the token held by the Worker", connects with a Zone ID alone,
// lists the zone's certificates, and no request from the browser carries a token. The
// emulator's listing is the independent judge of what the page shows.
import test from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { startEmulator, DEFAULT_TOKEN } from '../../emulator/index.js';
import { startWorker } from '../../scripts/worker-dev.mjs';
import { launch } from '../helpers/browser.mjs';
import { readFixture } from '../helpers/paths.mjs';
import { emulatorCall, randomZone } from '../helpers/aop.mjs';

const emu = await startEmulator({ port: 0, host: '127.0.0.1', quiet: true });
const worker = await startWorker({ vars: { UPSTREAM: emu.url, CF_API_TOKEN: DEFAULT_TOKEN } });
const browser = await launch();
test.after(async () => {
  await browser.close();
  await worker.stop();
  await emu.close();
});

test('token held by the Worker: connect with a Zone ID alone; the browser never sends a token', async () => {
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
  assert.equal(await page.getByLabel('API token', { exact: true }).inputValue(), '');
  await page.getByLabel('Zone ID', { exact: true }).fill(zone);
  await page.keyboard.press('Enter');
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
  assert.deepEqual(apiCalls.filter((r) => r.auth), [], 'no request from the browser carried a token');
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  assert.ok(!storage.includes(DEFAULT_TOKEN), 'the server token never reached the page');
});
