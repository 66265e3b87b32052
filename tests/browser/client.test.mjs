// The Client in headless Chromium: the project's page, served by the project's Worker, whose
// AOP proxy forwards to the local emulator (same origin, so no CORS). In the page the package
// is imported as the page imports it (/originpull/js/browser.js) and a sequence of calls runs
// through the proxy. Expectations come from the emulator (plain reads and its audit log).
import test from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { startEmulator } from '../../emulator/index.js';
import { startWorker } from '../../scripts/worker-dev.mjs';
import { launch } from '../helpers/browser.mjs';
import { readFixture } from '../helpers/paths.mjs';
import { randomZone } from '../helpers/aop.mjs';

const TOKEN = 'browser-emulator-token-7';
const emu = await startEmulator({ port: 0, host: '127.0.0.1', quiet: true, deployDelayMs: 60_000, token: TOKEN });
const worker = await startWorker({ vars: { UPSTREAM: emu.url } });
const browser = await launch();
test.after(async () => {
  await browser.close();
  await worker.stop();
  await emu.close();
});

const H = 'per-hostname-authenticated-origin-pull';

async function openPage() {
  const page = await browser.newPage();
  await page.goto(`${worker.url}/`);
  await page.waitForSelector('html[data-ready="true"]');
  return page;
}

test('a hostname certificate round trip through the Worker proxy, and a CF_API_ERROR', async () => {
  const zone = randomZone();
  const certificate = readFixture('aop', 'leaf-ec.pem');
  const private_key = readFixture('aop', 'leaf-ec.key');
  const page = await openPage();
  const out = await page.evaluate(
    async ({ token, zone, certificate, private_key }) => {
      const { Client } = await import('/originpull/js/browser.js');
      const client = new Client({ token, baseUrl: `${location.origin}/client/v4` });
      const host = 'shop.origin.example';
      const out = {};
      const cert = await client.uploadHostnameCertificate(zone, { certificate, private_key });
      out.upload = cert;
      out.list = await client.listHostnameCertificates(zone);
      out.put = await client.setHostnames(zone, [{ hostname: host, cert_id: cert.id, enabled: true }]);
      out.hostname = await client.getHostname(zone, host);
      out.associations = await client.listHostnames(zone, { status: 'all' });
      out.void = await client.setHostnames(zone, [{ hostname: host, cert_id: cert.id, enabled: null }]);
      out.delete = await client.deleteHostnameCertificate(zone, cert.id);
      try {
        await client.getHostnameCertificate(zone, '2458ce5a-0c35-4c7f-82c7-8e9487d3ff60');
        out.error = null;
      } catch (e) {
        out.error = { isError: e instanceof Error, code: e.code, status: e.status, errors: e.errors, rayId: e.rayId, message: e.message };
      }
      try {
        await client.getHostname(zone, 'no spaces.example');
      } catch (e) {
        out.invalid = e.code;
      }
      return out;
    },
    { token: TOKEN, zone, certificate, private_key },
  );

  const serial = BigInt(`0x${new X509Certificate(certificate).serialNumber}`).toString();
  assert.equal(out.upload.serial_number, serial);
  assert.match(out.upload.id, /^[0-9a-f-]{36}$/);
  assert.deepEqual(out.list.map((c) => c.id), [out.upload.id]);
  assert.deepEqual(out.put.map((a) => [a.hostname, a.cert_id, a.enabled]), [['shop.origin.example', out.upload.id, true]]);
  assert.equal(out.hostname.cert_id, out.upload.id);
  assert.equal(out.hostname.serial_number, serial);
  assert.deepEqual(out.associations.map((a) => [a.hostname, a.enabled]), [['shop.origin.example', true]]);
  assert.deepEqual(out.void.map((a) => [a.hostname, a.enabled, a.status]), [['shop.origin.example', null, 'pending_deletion']]);
  assert.equal(out.delete.id, out.upload.id);
  assert.equal(out.delete.status, 'pending_deletion');

  assert.equal(out.error.isError, true);
  assert.equal(out.error.code, 'CF_API_ERROR');
  assert.equal(out.error.status, 404);
  assert.deepEqual(out.error.errors.map((e) => e.code), [1404]);
  assert.equal(out.invalid, 'INVALID_ARGUMENT');
  assert.ok(!out.error.message.includes(TOKEN));

  const logged = emu.audit().requests.filter((r) => r.zoneId === zone);
  assert.deepEqual(logged.map((r) => `${r.method} ${r.operationId} ${r.status}`), [
    `POST ${H}-upload-a-hostname-client-certificate 200`,
    `GET ${H}-list-certificates 200`,
    `PUT ${H}-enable-or-disable-a-hostname-for-client-authentication 200`,
    `GET ${H}-get-the-hostname-status-for-client-authentication 200`,
    `GET ${H}-list-hostname-associations 200`,
    `PUT ${H}-enable-or-disable-a-hostname-for-client-authentication 200`,
    `DELETE ${H}-delete-hostname-client-certificate 200`,
    `GET ${H}-get-the-hostname-client-certificate 404`,
  ]);
  // The cf-ray header crossed the proxy into the error.
  assert.equal(out.error.rayId, logged.at(-1).ray);
  assert.deepEqual(browser.errors, []);
});

test('in the browser a 429 is retried after Retry-After', async () => {
  const zone = randomZone();
  emu.faults.rateLimit({ count: 1, retryAfter: 1, operationId: `${H}-list-certificates` });
  const page = await openPage();
  const out = await page.evaluate(async ({ token, zone }) => {
    const { Client } = await import('/originpull/js/browser.js');
    const t0 = performance.now();
    const result = await new Client({ token, baseUrl: `${location.origin}/client/v4` }).listHostnameCertificates(zone);
    return { result, ms: performance.now() - t0 };
  }, { token: TOKEN, zone });
  assert.deepEqual(out.result, []);
  assert.ok(out.ms >= 1000, `${out.ms} ms`);
  assert.deepEqual(
    emu.audit().requests.filter((r) => r.zoneId === zone).map((r) => r.status),
    [429, 200],
  );
});
