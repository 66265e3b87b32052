// The admin page's Automation screen (issue 13) in headless Chromium: the Worker has run its
// automation (GET /__scheduled) against the emulator; the screen, with the admin secret from
// the Connect screen, shows every watched zone's outcome, certificates and days left from
// GET /status, starts a run with "Run now", and refuses without the secret. A certificate
// issuer holding markup stays text (textContent only).
import test from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from '../../emulator/index.js';
import { launch } from '../helpers/browser.mjs';
import { randomZone } from '../helpers/aop.mjs';
import { makeCA, issue } from '../helpers/pki.mjs';
import { ADMIN, automationWorker, seedZone, sleep, waitForStatus } from '../helpers/automation.mjs';

const TOKEN = 'browser-automation-token-0123456789';
const emu = await startEmulator({ port: 0, host: '127.0.0.1', quiet: true, deployDelayMs: 100, token: TOKEN });
const ca = await makeCA();
const evil = await makeCA('<b data-evil>Evil & Co</b>');
const renewing = randomZone();
const fine = randomZone();
await seedZone(emu, TOKEN, renewing, 'zone', await issue(ca, { commonName: 'old', days: 8 }));
await seedZone(emu, TOKEN, fine, 'hostname', await issue(evil, { commonName: 'fine', days: 120 }), ['ok.origin.example']);
await sleep(200);
const next = await issue(ca, { commonName: 'new', days: 365 });
const worker = await automationWorker({
  emu,
  token: TOKEN,
  watch: [{ zone: renewing, scope: 'zone' }, { zone: fine, scope: 'hostname' }],
  kv: { [`aop:${renewing}`]: next },
});
const browser = await launch();
test.after(async () => {
  await browser.close();
  await worker.stop();
  await emu.close();
});

test('the Automation screen shows /status: outcomes, certificates, days left; Run now queues a run', async () => {
  await fetch(`${worker.url}/__scheduled`);
  await waitForStatus(worker, (zs) => zs.every((z) => z.outcome === 'renewed' || z.outcome === 'ok'));

  const page = await browser.newPage();
  // Without the admin secret: refused, in plain words.
  await page.goto(`${worker.url}/#automation`);
  await page.waitForSelector('html[data-ready="true"]');
  await page.getByRole('button', { name: 'Refresh' }).and(page.locator('[data-action="automation-refresh"]')).click();
  await page.locator('[data-automation-status][data-state="error"]').waitFor();
  assert.match(await page.locator('[data-automation-status]').textContent(), /no credentials.*admin secret on the Connect screen/s);

  // Connect with the admin secret, then the screen loads.
  await page.goto(`${worker.url}/#connect`);
  await page.getByLabel('Admin secret', { exact: true }).fill(ADMIN);
  await page.getByLabel('Zone ID', { exact: true }).fill(renewing);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.locator('[data-connect-status][data-state="ok"]').waitFor();
  await page.getByRole('link', { name: '5. Automation' }).click();
  await page.locator('[data-automation-status][data-state="ok"]').waitFor();

  const renewed = page.locator(`[data-zone="${renewing}"]`);
  assert.equal(await renewed.locator('[data-outcome]').getAttribute('data-outcome'), 'renewed');
  assert.match(await renewed.locator('[data-last-rotation]').textContent(), /Last rotation .*: completed, new certificate [0-9a-f-]{36}, deleted [0-9a-f-]{36}/);
  const rows = renewed.locator('tbody tr');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().textContent(), /(364|365) days left/);

  const ok = page.locator(`[data-zone="${fine}"]`);
  assert.equal(await ok.locator('[data-outcome]').getAttribute('data-outcome'), 'ok');
  assert.match(await ok.locator('tbody tr').first().textContent(), /119 days left.*ok\.origin\.example/);
  // The issuer's markup is text: shown literally, never parsed.
  // (the emulator reports the issuer as Node renders it, with RFC 2253's backslashes)
  assert.match(await ok.locator('tbody').textContent(), /\\?<b data-evil\\?>Evil & Co\\?<\/b\\?>/);
  assert.equal(await page.locator('[data-automation-list] [data-evil]').count(), 0);

  await page.getByRole('button', { name: 'Run now' }).click();
  await page.locator('[data-automation-status][data-state="ok"]').getByText(/queued for 2 zone/).waitFor();
  assert.deepEqual(browser.errors, []);
});
