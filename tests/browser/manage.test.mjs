// The Manage screen's safety rails in headless Chromium, against the Worker and the emulator:
// controls that need a connection are disabled until connected, with the reason; each change
// an origin would notice asks first and says what it will see (cancel sends nothing); deleting
// a certificate still in use removes its hostnames first (no API code 1416); the zone-level
// versus per-hostname explanation and the shared-certificate warning; "Start the rotation"
// says why it waits.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, DEFAULT_TOKEN } from '../../emulator/index.js';
import { startWorker } from '../../scripts/worker-dev.mjs';
import { launch } from '../helpers/browser.mjs';
import { readFixture } from '../helpers/paths.mjs';
import { emulatorCall, randomZone } from '../helpers/aop.mjs';

const TOKEN = DEFAULT_TOKEN;
const emu = await startEmulator({ port: 0, host: '127.0.0.1', quiet: true, deployDelayMs: 100 });
const worker = await startWorker({ vars: { UPSTREAM: emu.url, UPSTREAM_KIND: 'emulator', DEMO_TOKEN: TOKEN } });
const browser = await launch();
test.after(async () => {
  await browser.close();
  await worker.stop();
  await emu.close();
});
const P = (zone) => `/zones/${zone}/origin_tls_client_auth`;
const api = (method, path, body) => emulatorCall(emu, TOKEN, method, path, body);
const changes = (zone) => emu.audit().requests.filter((r) => r.zoneId === zone && r.method !== 'GET').length;

test('before connecting: the controls that send are disabled, with the reason; Start says why it waits', async () => {
  const page = await browser.newPage();
  await page.goto(`${worker.url}/#manage`);
  await page.waitForSelector('html[data-ready="true"]');
  for (const name of ['Refresh', 'Upload', 'Turn zone-level AOP on']) {
    const b = page.getByRole('button', { name, exact: true });
    assert.equal(await b.isDisabled(), true, name);
    assert.match(await b.getAttribute('aria-describedby'), /needs-connection/);
  }
  assert.match(await page.locator('#needs-connection').textContent(), /Connect first/);
  // In "Show each request" mode they only print the request: usable without a connection.
  await page.getByLabel('Show each request instead of sending it').check();
  assert.equal(await page.getByRole('button', { name: 'Refresh', exact: true }).isDisabled(), false);
  await page.getByLabel('Show each request instead of sending it').uncheck();
  // The choice of scope is explained where it is made.
  assert.match(await page.locator('[data-scope-explain]').textContent(), /Per-hostname: presented only to the origins of the\s+hostnames/);
  assert.match(await page.locator('[data-zone-explain]').textContent(), /shared certificate, the same for every Cloudflare customer/);
  await page.goto(`${worker.url}/#rotate`);
  assert.match(await page.locator('[data-start-why]').textContent(), /waits until you have seen the plan/);
  assert.equal(await page.getByRole('button', { name: 'Start the rotation' }).isDisabled(), true);
});

test('confirmations: disable, remove, zone-level off and delete say what the origin will see; delete of a used certificate removes its hostnames first', async () => {
  const zone = randomZone();
  const cert = await api('POST', `${P(zone)}/hostnames/certificates`, { certificate: readFixture('aop', 'leaf-rsa.pem'), private_key: readFixture('aop', 'leaf-rsa.key') });
  await api('PUT', `${P(zone)}/hostnames`, { config: ['a.example.com', 'b.example.com'].map((hostname) => ({ hostname, cert_id: cert.id, enabled: true })) });
  await api('PUT', `${P(zone)}/settings`, { enabled: true });
  await new Promise((r) => setTimeout(r, 200));
  const page = await browser.newPage();
  await page.goto(`${worker.url}/#connect`);
  await page.waitForSelector('html[data-ready="true"]');
  await page.getByLabel('Zone ID', { exact: true }).fill(zone);
  await page.keyboard.press('Enter');
  await page.locator('[data-connect-status][data-state="ok"]').waitFor();
  await page.goto(`${worker.url}/#manage`);
  const card = page.locator(`article[data-cert="${cert.id}"]`);
  await card.locator('li[data-hostname="a.example.com"]').filter({ hasText: 'active' }).waitFor();
  // The shared certificate: zone-level AOP is on and no zone-level certificate of theirs.
  assert.match(await page.locator('[data-zone-shared]').textContent(), /Cloudflare presents its shared certificate/);
  const dialog = page.locator('dialog[data-confirm]');
  const before = changes(zone);

  for (const [button, title, text] of [
    [card.getByRole('button', { name: 'Disable a.example.com' }), /Disable a\.example\.com\?/, /stops presenting leaf-rsa\.origin\.example .*to the origin of a\.example\.com.*outage/s],
    [card.getByRole('button', { name: 'Remove a.example.com' }), /Remove a\.example\.com\?/, /association is deleted.*outage/s],
    [page.getByRole('button', { name: 'Turn zone-level AOP off' }), /Turn zone-level AOP off\?/, /every hostname of this zone.*outage/s],
  ]) {
    await button.click();
    await dialog.waitFor();
    assert.match(await dialog.locator('h2').textContent(), title);
    assert.match(await dialog.locator('[data-confirm-text]').textContent(), text);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('[data-manage-status][data-state="info"]').filter({ hasText: 'Nothing was changed' }).waitFor();
  }
  assert.equal(changes(zone), before, 'cancelled: nothing sent');

  await card.getByRole('button', { name: 'Disable a.example.com' }).click();
  await dialog.getByRole('button', { name: 'Disable' }).click();
  await card.locator('li[data-hostname="a.example.com"]').filter({ hasText: 'disabled' }).waitFor();
  assert.equal((await api('GET', `${P(zone)}/hostnames/a.example.com`)).enabled, false);

  // Delete while used by two hostnames (one disabled): offered, then both removed and deleted.
  await card.getByRole('button', { name: /^Delete certificate leaf-rsa\.origin\.example/ }).click();
  await dialog.waitFor();
  assert.match(await dialog.locator('[data-confirm-text]').textContent(), /still used by a\.example\.com, b\.example\.com/);
  await dialog.getByRole('button', { name: 'Remove 2 hostnames and delete' }).click();
  await page.locator('[data-manage-status][data-state="ok"]').filter({ hasText: /a\.example\.com, b\.example\.com removed/ }).waitFor();
  const refused = emu.audit().requests.filter((r) => r.zoneId === zone && r.status === 400);
  assert.deepEqual(refused, [], 'no 1416 refusal');
  assert.match((await api('GET', `${P(zone)}/hostnames/certificates/${cert.id}`)).status, /pending_deletion|deleted/);
  // It leaves the list on its own once deleted (self-refresh).
  await card.waitFor({ state: 'detached', timeout: 10_000 });

  await page.getByRole('button', { name: 'Turn zone-level AOP off' }).click();
  await dialog.getByRole('button', { name: 'Turn it off' }).click();
  await page.locator('[data-zone-setting][data-enabled="false"]').waitFor();
  assert.equal((await api('GET', `${P(zone)}/settings`)).enabled, false);
  assert.deepEqual(browser.errors, []);
});
