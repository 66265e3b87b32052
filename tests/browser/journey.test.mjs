// The admin page's whole workflow in headless Chromium, driven with the keyboard only (Tab to
// reach a control, Enter or Space to use it, typed or pasted text), against the project's
// Worker whose proxy forwards to the local emulator, as under `npm start`:
//   connect -> a bad upload refused with its findings -> upload -> associate -> zone-level AOP
//   on -> rotate with live progress -> delete (refused while in use, then done);
//   a reload in the middle of a rotation, resumed; no token or key in localStorage, cookies or
//   the console; axe-core on every screen in light and dark; screenshots of every screen at
//   1280x900 (light and dark) and 375x800 in test-results/screenshots/ (git-ignored).
// One browser launch. The emulator's audit is the independent judge of what happened.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { startEmulator, DEFAULT_TOKEN } from '../../emulator/index.js';
import { startWorker } from '../../scripts/worker-dev.mjs';
import { launch } from '../helpers/browser.mjs';
import { root, readFixture } from '../helpers/paths.mjs';
import { emulatorCall, randomZone } from '../helpers/aop.mjs';

const TOKEN = DEFAULT_TOKEN;
const emu = await startEmulator({ port: 0, host: '127.0.0.1', quiet: true, deployDelayMs: 300 });
const worker = await startWorker({ vars: { UPSTREAM: emu.url, UPSTREAM_KIND: 'emulator', DEMO_TOKEN: TOKEN } });
const browser = await launch();
test.after(async () => {
  await browser.close();
  await worker.stop();
  await emu.close();
});

const SHOTS = join(root, 'test-results', 'screenshots');
mkdirSync(SHOTS, { recursive: true });
const AXE = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
const P = (zone) => `/zones/${zone}/origin_tls_client_auth`;
const api = (method, path, body) => emulatorCall(emu, TOKEN, method, path, body);
const UPLOAD_OP = 'per-hostname-authenticated-origin-pull-upload-a-hostname-client-certificate';

// Fixtures (tests/fixtures/aop/README.md): valid 2026-01-01 to 2036-01-01, so the page's own
// clock (validation at "now") accepts them.
const OLD = { cert: readFixture('aop', 'leaf-rsa.pem'), key: readFixture('aop', 'leaf-rsa.key') };
const NEW = { cert: readFixture('aop', 'leaf-ec.pem'), key: readFixture('aop', 'leaf-ec.key') };
const NEW2 = { cert: readFixture('aop', 'leaf-rsa-2.pem'), key: readFixture('aop', 'leaf-rsa-2.key') };
const WRONG_KEY = readFixture('aop', 'mismatch.key');
const keyBody = (pem) => pem.split('\n')[1]; // a line of base64 from inside the key

async function openPage(hash = '') {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${worker.url}/${hash}`);
  await page.waitForSelector('html[data-ready="true"]');
  return page;
}

/** Press Tab until `locator` has the focus (proves it is in the tab order), at most `max` times. */
async function tabTo(page, locator, max = 120) {
  const target = await locator.elementHandle();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((t) => document.activeElement === t, target)) {
      // Focus is visible: an outline is drawn on the focused control.
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(outline, 'none', 'the focused control shows a focus indicator');
      return;
    }
  }
  throw new Error(`not reachable with Tab: ${locator}`);
}
const press = async (page, locator, key = 'Enter') => {
  await tabTo(page, locator);
  await page.keyboard.press(key);
};
/** Tab to a text field, select what is there and paste `text` (one input event, as a paste). */
async function paste(page, locator, text) {
  await tabTo(page, locator);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
}
const screen = async (page, name) => {
  await press(page, page.locator(`nav a[data-nav="${name}"]`));
  await page.locator(`[data-screen="${name}"]`).waitFor({ state: 'visible' });
};

async function shoot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}-desktop.png`), fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(SHOTS, `${name}-desktop-dark.png`), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 375, height: 800 });
  // Readable at 375 px: nothing wider than the viewport.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${name}: the page is ${overflow}px wider than 375px`);
  await page.screenshot({ path: join(SHOTS, `${name}-375.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function axe(page, name) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `${name} (${colorScheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function connect(page, zone, { typeToken = false } = {}) {
  await screen(page, 'connect');
  const token = page.getByLabel('API token', { exact: true });
  assert.equal(await token.getAttribute('type'), 'password');
  if (typeToken) await paste(page, token, TOKEN);
  await paste(page, page.getByLabel('Zone ID', { exact: true }), zone);
  await page.keyboard.press('Enter');
  await page.locator('[data-connect-status][data-state="ok"]').waitFor();
}

test('the whole journey with the keyboard: check, upload, associate, rotate, delete', async () => {
  const zone = randomZone();
  const page = await openPage();
  const csp = (await page.request.get(`${worker.url}/`)).headers()['content-security-policy'];
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /connect-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);

  // Connect: under npm start the emulator's demo token is filled in and the page says so.
  await screen(page, 'connect');
  assert.equal(await page.getByLabel('API token', { exact: true }).inputValue(), TOKEN);
  assert.match(await page.locator('[data-token-help]').textContent(), /emulator-token/);
  assert.match(await page.locator('[data-target]').textContent(), /local AOP emulator/);
  await axe(page, 'connect');
  await connect(page, zone);
  assert.match(await page.locator('[data-connection-summary]').textContent(), new RegExp(zone));
  await shoot(page, '1-connect');

  // Check: a key that does not match; the findings say so, and Manage refuses the upload.
  await screen(page, 'check');
  await paste(page, page.getByLabel('Certificate', { exact: true }), OLD.cert);
  await paste(page, page.getByLabel('Private key', { exact: true }), WRONG_KEY);
  const mismatch = page.locator('[data-severity="error"] [data-code="KEY_MISMATCH"]');
  await mismatch.waitFor();
  assert.match(await mismatch.locator('.hint').textContent(), /\S/);
  await axe(page, 'check');
  await shoot(page, '2-check-findings');
  await screen(page, 'manage');
  assert.match(await page.locator('[data-upload-source]').textContent(), /error/);
  await press(page, page.getByRole('button', { name: 'Upload', exact: true }));
  await page.locator('[data-manage-status][data-state="error"]').waitFor();
  assert.match(await page.locator('[data-manage-status]').textContent(), /must pass the check/);
  assert.equal(emu.audit().requests.filter((r) => r.zoneId === zone && r.method === 'POST').length, 0);

  // The right key: ready; first as a request shown (token and key redacted), then sent.
  await screen(page, 'check');
  await paste(page, page.getByLabel('Private key', { exact: true }), OLD.key);
  await page.locator('[data-status][data-state="ok"]').waitFor();
  await screen(page, 'manage');
  await press(page, page.getByLabel('Show each request instead of sending it'), 'Space');
  await press(page, page.getByRole('button', { name: 'Upload', exact: true }));
  const curl = await page.locator('[data-request-text]').textContent();
  assert.match(curl, /^curl -X POST '.*\/client\/v4\/zones\/[0-9a-f]{32}\/origin_tls_client_auth\/hostnames\/certificates'/);
  assert.match(curl, /Authorization: Bearer <redacted>/);
  assert.match(curl, /"private_key":"\[REDACTED\]"/);
  assert.ok(!curl.includes(TOKEN) && !curl.includes(keyBody(OLD.key)));
  assert.equal(emu.audit().requests.filter((r) => r.zoneId === zone && r.method === 'POST').length, 0, 'shown, not sent');
  await page.keyboard.press('Shift+Tab'); // back to the checkbox (Upload follows the Refresh button)
  await press(page, page.getByLabel('Show each request instead of sending it'), 'Space');
  assert.equal(await page.getByLabel('Show each request instead of sending it').isChecked(), false);
  await press(page, page.getByRole('button', { name: 'Upload', exact: true }));
  await page.locator('[data-manage-status][data-state="ok"]').filter({ hasText: 'Uploaded' }).waitFor();
  assert.equal(await page.getByLabel('Private key', { exact: true }).inputValue(), '', 'the key field is cleared after the upload');
  const card = page.locator('article[data-scope="hostname"][data-cert]');
  await card.waitFor();
  const serial = BigInt('0x' + new X509Certificate(OLD.cert).serialNumber);
  assert.equal(await card.locator('dd[data-field="serial-hex"]').textContent(), serial.toString(16));
  assert.equal(await card.locator('dd[data-field="serial-decimal"]').textContent(), serial.toString());
  assert.match(await card.locator('[data-expiry]').textContent(), /days left/);
  const oldId = await card.getAttribute('data-cert');

  // Turn zone-level AOP on, then associate a hostname (Enter in the field).
  await press(page, page.getByRole('button', { name: 'Turn zone-level AOP on' }));
  await page.locator('[data-zone-setting][data-enabled="true"]').waitFor();
  assert.equal((await api('GET', `${P(zone)}/settings`)).enabled, true);
  await paste(page, card.getByLabel('Hostname to associate'), 'app.example.com');
  await page.keyboard.press('Enter');
  await card.locator('li[data-hostname="app.example.com"]').waitFor();
  // The association is still deploying: it refreshes on its own (no Refresh pressed), with a
  // visible updating state, until it settles; then the updating state goes away.
  const updating = page.locator('[data-auto-refresh][data-state="updating"]');
  await updating.waitFor();
  assert.match(await updating.textContent(), /Updating: \d+ status(es are| is) still changing/);
  await card.locator('li[data-hostname="app.example.com"]').filter({ hasText: 'enabled, active' }).waitFor({ timeout: 10_000 });
  await updating.waitFor({ state: 'hidden' });
  await axe(page, 'manage');
  await shoot(page, '3-manage');

  // Rotate to a new certificate: plan, then live progress, then the result.
  await screen(page, 'check');
  await paste(page, page.getByLabel('Certificate', { exact: true }), NEW.cert);
  await paste(page, page.getByLabel('Private key', { exact: true }), NEW.key);
  await page.locator('[data-status][data-state="ok"]').waitFor();
  await screen(page, 'rotate');
  await paste(page, page.getByLabel('First poll interval (milliseconds)'), '100');
  await press(page, page.getByRole('button', { name: 'Show the plan' }));
  const plan = await page.locator('[data-plan-list] li').allTextContents();
  assert.ok(plan.some((s) => /POST .*hostnames\/certificates/.test(s)) && plan.some((s) => /DELETE/.test(s)), plan.join('\n'));
  // Live progress: record every state a step shows while the rotation runs.
  await page.evaluate(() => {
    window.seenStates = new Set();
    new MutationObserver((records) => {
      for (const r of records) if (r.target.dataset?.state) window.seenStates.add(`${r.target.dataset.step}:${r.target.dataset.state}`);
    }).observe(document.querySelector('[data-progress-steps]'), { attributes: true, subtree: true, attributeFilter: ['data-state'] });
  });
  await press(page, page.getByRole('button', { name: 'Start the rotation' }));
  await page.locator('[data-rotate-result][data-outcome="completed"]').waitFor({ timeout: 30_000 });
  const seen = await page.evaluate(() => [...window.seenStates]);
  for (const step of ['upload', 'wait_certificate', 'wait_associations']) assert.ok(seen.includes(`${step}:running`), seen.join(' '));
  const log = await page.locator('[data-progress-log] li').allTextContents();
  assert.ok(log.some((l) => /wait_associations poll/.test(l)), log.join('\n'));
  assert.deepEqual(await page.locator('[data-progress-steps] li').evaluateAll((ls) => ls.map((l) => l.dataset.state)), ['done', 'done', 'done', 'done', 'done', 'done', 'done']);
  const newId = await page.locator('dd[data-field="new-certificate"]').getAttribute('data-cert-id');
  // Results name the certificates (common name, serial, days left), the id after.
  assert.match(await page.locator('dd[data-field="new-certificate"]').textContent(), new RegExp(`^leaf-ec\\.origin\\.example \\(serial 1002, \\d+ days left\\), id ${newId}$`));
  assert.match(await page.locator('dd[data-field="deleted"]').textContent(), new RegExp(`^leaf-rsa\\.origin\\.example \\(issued by .*serial .*days left\\), id ${oldId}$`));
  assert.equal(await page.getByLabel('Private key', { exact: true }).inputValue(), '');
  assert.deepEqual((await api('GET', `${P(zone)}/hostnames/certificates`)).map((c) => c.id), [newId]);
  assert.equal((await api('GET', `${P(zone)}/hostnames/app.example.com`)).cert_id, newId);
  const zd = emu.checkZeroDowntime({ zoneId: zone, hostnames: ['app.example.com'], zones: false });
  assert.equal(zd.ok, true, JSON.stringify(zd.gaps));
  await axe(page, 'rotate');
  await shoot(page, '4-rotate-done');

  // Delete while a hostname uses it: the dialog names the certificate and the hostname, says
  // what the origin will see, and offers to remove it first; cancelled here. Then Remove (its
  // own confirmation), then Delete.
  await screen(page, 'manage');
  const newCard = page.locator(`article[data-cert="${newId}"]`);
  await newCard.waitFor();
  await press(page, newCard.getByRole('button', { name: /^Delete certificate leaf-ec/ }));
  const dialog = page.locator('dialog[data-confirm]');
  await dialog.waitFor();
  await shoot(page, '5-delete-confirm');
  const inUse = await dialog.textContent();
  assert.match(inUse, /still used by app\.example\.com/);
  assert.match(inUse, /refuses every connection from Cloudflare/);
  assert.doesNotMatch(inUse, new RegExp(newId), 'named, not by its UUID');
  assert.equal(await dialog.locator('[data-confirm-ok]').textContent(), 'Remove 1 hostname and delete');
  await page.keyboard.press('Enter'); // Cancel has the focus
  await page.locator('[data-manage-status][data-state="info"]').filter({ hasText: 'Nothing was deleted' }).waitFor();
  await press(page, newCard.getByRole('button', { name: 'Remove app.example.com' }));
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /stops presenting leaf-ec[\s\S]*to the origin of app\.example\.com[\s\S]*outage/);
  await page.keyboard.press('Tab'); // from Cancel to Remove
  await page.keyboard.press('Enter');
  await page.locator('[data-manage-status][data-state="ok"]').filter({ hasText: 'no longer uses' }).waitFor();
  await press(page, newCard.getByRole('button', { name: /^Delete certificate/ }));
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /No hostname uses it, so no origin sees a change/);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.locator('[data-manage-status][data-state="ok"]').filter({ hasText: /pending deletion|deleted/ }).waitFor();
  const status = (await api('GET', `${P(zone)}/hostnames/certificates/${newId}`)).status;
  assert.match(status, /pending_deletion|deleted/);

  // Nothing secret was stored or logged.
  await assertNoSecrets(page, [OLD.key, NEW.key, WRONG_KEY]);
});

async function assertNoSecrets(page, keys) {
  const stored = await page.evaluate(() => ({ local: JSON.stringify({ ...localStorage }), session: JSON.stringify({ ...sessionStorage }), cookie: document.cookie }));
  const cookies = await browser.context.cookies();
  assert.equal(stored.local, '{}');
  assert.equal(stored.cookie, '');
  assert.deepEqual(cookies, []);
  assert.ok(!stored.session.includes(TOKEN), 'no token in sessionStorage without "Remember for this tab"');
  const logged = browser.console.map((m) => m.text).join('\n');
  for (const text of [stored.session, logged]) {
    assert.ok(!text.includes(TOKEN));
    assert.ok(!/PRIVATE KEY/.test(text));
    for (const k of keys) assert.ok(!text.includes(keyBody(k)));
  }
}

test('a reload in the middle of a rotation resumes it; the key is asked for again', async () => {
  const zone = randomZone();
  const hostnames = ['r1.example.com', 'r2.example.com'];
  const old = await api('POST', `${P(zone)}/hostnames/certificates`, { certificate: OLD.cert, private_key: OLD.key });
  await api('PUT', `${P(zone)}/hostnames`, { config: hostnames.map((hostname) => ({ hostname, cert_id: old.id, enabled: true })) });
  await new Promise((r) => setTimeout(r, 450));

  const page = await openPage('#connect');
  // Type the token (as with a real account): memory only, not remembered.
  await page.getByLabel('API token', { exact: true }).fill('');
  await connect(page, zone, { typeToken: true });
  await screen(page, 'check');
  await paste(page, page.getByLabel('Certificate', { exact: true }), NEW2.cert);
  await paste(page, page.getByLabel('Private key', { exact: true }), NEW2.key);
  await page.locator('[data-status][data-state="ok"]').waitFor();
  await screen(page, 'rotate');
  await paste(page, page.getByLabel('First poll interval (milliseconds)'), '100');
  await press(page, page.getByRole('button', { name: 'Show the plan' }));
  // The upload answers slowly: the reload comes while it is unconfirmed.
  emu.faults.latency(1500, { count: 1, operationId: UPLOAD_OP });
  await press(page, page.getByRole('button', { name: 'Start the rotation' }));
  await page.locator('[data-progress-steps] li[data-step="upload"][data-state="running"]').waitFor();
  await new Promise((r) => setTimeout(r, 300));
  const saved = await page.evaluate(() => sessionStorage.getItem('originpull.rotation'));
  assert.ok(saved && JSON.parse(saved).newCertId === null);
  assert.ok(!/PRIVATE KEY/.test(saved) && !saved.includes(keyBody(NEW2.key)), 'the saved state holds no key');
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  await new Promise((r) => setTimeout(r, 1500)); // the slow upload finishes on the emulator

  // After the reload: the Rotate screen offers to resume, asks for the key, and the token
  // is gone (it was in memory only).
  await page.locator('[data-screen="rotate"]').waitFor({ state: 'visible' });
  await page.locator('[data-resume]').waitFor({ state: 'visible' });
  assert.equal(await page.locator('[data-resume-key]').isVisible(), true);
  assert.equal(await page.getByLabel('Certificate', { exact: true }).inputValue(), JSON.parse(saved).certificate, 'the certificate comes back from the state');
  await shoot(page, '6-rotate-resume');
  await press(page, page.getByRole('button', { name: 'Resume the rotation' }));
  await page.locator('[data-rotate-status][data-state="error"]').waitFor();
  const missing = await page.locator('[data-rotate-status] li').allTextContents();
  assert.equal(missing.length, 2);
  assert.match(missing[0], /^Connect/);
  assert.match(missing[1], /private key .* needed again/);
  await press(page, page.getByRole('link', { name: 'Connect first' }));
  await page.locator('[data-screen="connect"]').waitFor({ state: 'visible' });
  assert.match(await page.locator('[data-connection-summary]').textContent(), /^Not connected/, 'the typed token did not survive the reload');
  await connect(page, zone, { typeToken: true });
  await screen(page, 'rotate');
  await press(page, page.getByRole('button', { name: 'Resume the rotation' }));
  assert.deepEqual(await page.locator('[data-rotate-status] li').allTextContents(), [missing[1]]);
  await press(page, page.getByRole('link', { name: 'Private key on the Check screen' }));
  await page.keyboard.insertText(NEW2.key); // the link put the focus in the key field
  await screen(page, 'rotate');
  await press(page, page.getByRole('button', { name: 'Resume the rotation' }));
  await page.locator('[data-rotate-result][data-outcome="completed"]').waitFor({ timeout: 30_000 });
  assert.equal(await page.evaluate(() => sessionStorage.getItem('originpull.rotation')), null, 'a finished rotation is forgotten');

  // The emulator's audit: the new certificate was uploaded once, nobody lost a certificate.
  const newSerial = BigInt('0x' + new X509Certificate(NEW2.cert).serialNumber).toString();
  const certs = await api('GET', `${P(zone)}/hostnames/certificates`);
  assert.deepEqual(certs.map((c) => c.serial_number), [newSerial]);
  const uploads = emu.audit().requests.filter((r) => r.zoneId === zone && r.operationId === UPLOAD_OP && r.status !== null && r.status < 300);
  assert.equal(uploads.length, 2, 'the old certificate (set-up) and the new one, each once');
  const zd = emu.checkZeroDowntime({ zoneId: zone, hostnames, zones: false });
  assert.equal(zd.ok, true, JSON.stringify(zd.gaps));
  await assertNoSecrets(page, [NEW2.key, OLD.key]);
});

test('a zone-level rotation stopped on request, then resumed', async () => {
  const zone = randomZone();
  const old = await api('POST', P(zone), { certificate: OLD.cert, private_key: OLD.key });
  const page = await openPage();
  await connect(page, zone, { typeToken: true });
  await screen(page, 'check');
  await paste(page, page.getByLabel('Certificate', { exact: true }), NEW.cert);
  await paste(page, page.getByLabel('Private key', { exact: true }), NEW.key);
  await page.locator('[data-status][data-state="ok"]').waitFor();
  await screen(page, 'rotate');
  // A radio group is one Tab stop; the arrow keys choose within it.
  await press(page, page.getByRole('radio', { name: 'Per-hostname', exact: true }), 'ArrowDown');
  assert.equal(await page.getByRole('radio', { name: 'Zone-level', exact: true }).isChecked(), true);
  assert.equal(await page.locator('[data-hostname-only]').first().isHidden(), true);
  await paste(page, page.getByLabel('First poll interval (milliseconds)'), '100');
  await press(page, page.getByRole('button', { name: 'Show the plan' }));
  // Polls of the new certificate answer slowly, so the Stop comes while it deploys.
  emu.faults.latency(400, { operationId: 'zone-level-authenticated-origin-pulls-get-certificate-details' });
  try {
    await press(page, page.getByRole('button', { name: 'Start the rotation' }));
    await page.locator('[data-progress-steps] li[data-step="wait_certificate"][data-state="running"]').waitFor();
    await press(page, page.getByRole('button', { name: 'Stop (resume later)' }));
    await page.locator('[data-rotate-result][data-outcome="failed"]').waitFor();
    assert.equal(await page.locator('dd[data-field="error"]').textContent().then((t) => t.split(':')[0]), 'ABORTED');
    await page.locator('[data-resume]').waitFor({ state: 'visible' });
    assert.equal(await page.locator('[data-resume-key]').isVisible(), false, 'uploaded: no key needed to resume');
  } finally {
    emu.faults.clear();
  }
  await press(page, page.getByRole('button', { name: 'Resume the rotation' }));
  await page.locator('[data-rotate-result][data-outcome="completed"]').waitFor({ timeout: 30_000 });
  const certs = await api('GET', P(zone));
  assert.equal(certs.length, 1);
  assert.notEqual(certs[0].id, old.id);
  assert.equal((await api('GET', `${P(zone)}/settings`)).enabled, true);
  const uploads = emu.audit().requests.filter((r) => r.zoneId === zone && r.method === 'POST' && r.status !== null && r.status < 300);
  assert.equal(uploads.length, 2, 'the old certificate (set-up) and the new one, each once');
});

test('no page errors or console errors (CSP included)', () => {
  assert.deepEqual(browser.errors, []);
  // Chromium logs every 4xx answer of fetch ("Failed to load resource: … 400"): the journey
  // provokes one on purpose (deleting a certificate still in use). Nothing else is allowed.
  const network = /^Failed to load resource: the server responded with a status of 4\d\d /;
  assert.deepEqual(browser.console.filter((m) => m.type === 'error' && !network.test(m.text)), []);
  assert.ok(browser.console.filter((m) => network.test(m.text)).length <= 1);
});
