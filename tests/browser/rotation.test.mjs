// rotate in headless Chromium: the project's page (served by the project's Worker, whose AOP
// proxy forwards to the local emulator) imports the package as it does (/originpull/js/browser.js)
// and runs a hostname rotation through the proxy. The emulator's audit decides: zero downtime,
// one upload, only the new certificate left.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '../../emulator/index.js';
import { startWorker } from '../../scripts/worker-dev.mjs';
import { launch } from '../helpers/browser.mjs';
import { root, readFixture } from '../helpers/paths.mjs';
import { emulatorCall, randomZone } from '../helpers/aop.mjs';

const TOKEN = 'browser-rotation-token-0123456789';
const emu = await startEmulator({ port: 0, host: '127.0.0.1', quiet: true, deployDelayMs: 300, token: TOKEN });
const worker = await startWorker({ vars: { UPSTREAM: emu.url } });
const browser = await launch();
test.after(async () => {
  await browser.close();
  await worker.stop();
  await emu.close();
});

// New certificate: tests/data/validate/ok-p256.* (valid in 2026: validation runs at NOW).
const NOW = '2026-06-01T00:00:00Z';
const data = (f) => readFileSync(join(root, 'tests/data/validate', f), 'utf8');
const P = (zone) => `/zones/${zone}/origin_tls_client_auth`;

const api = (method, path, body) => emulatorCall(emu, TOKEN, method, path, body);

test('a hostname rotation from the browser through the Worker proxy', async () => {
  const zone = randomZone();
  const hostnames = ['b1.origin.example', 'b2.origin.example'];
  const old = await api('POST', `${P(zone)}/hostnames/certificates`, { certificate: readFixture('aop', 'leaf-rsa.pem'), private_key: readFixture('aop', 'leaf-rsa.key') });
  await api('PUT', `${P(zone)}/hostnames`, { config: hostnames.map((hostname) => ({ hostname, cert_id: old.id, enabled: true })) });
  await new Promise((r) => setTimeout(r, 450));

  const page = await browser.newPage();
  await page.goto(`${worker.url}/`);
  await page.waitForSelector('html[data-ready="true"]');
  const out = await page.evaluate(
    async ({ token, zone, certificate, privateKey, now }) => {
      const { Client, planRotation, rotate } = await import('/originpull/js/browser.js');
      const client = new Client({ token, baseUrl: `${location.origin}/client/v4` });
      const plan = planRotation({ scope: 'hostname', zoneId: zone, certificate, privateKey, now });
      const kinds = [];
      const result = await rotate(client, {
        scope: 'hostname', zoneId: zone, certificate, privateKey, now, pollIntervalMs: 100,
        onProgress: (e) => kinds.push(`${e.step}:${e.kind}`),
      });
      return { plan: plan.map((s) => s.method), result, kinds };
    },
    { token: TOKEN, zone, certificate: data('ok-p256.cert.pem'), privateKey: data('ok-p256.key.pem'), now: NOW },
  );
  assert.deepEqual(out.plan, ['GET', 'GET', 'POST', 'GET', 'PUT', 'GET', 'DELETE', 'GET']);
  assert.equal(out.result.ok, true, out.result.advice);
  assert.deepEqual(out.result.deleted, [old.id]);
  assert.ok(out.kinds.includes('wait_associations:poll'));
  assert.equal(out.kinds.at(-1), 'done:done');
  const zd = emu.checkZeroDowntime({ zoneId: zone, hostnames, zones: false });
  assert.equal(zd.ok, true, JSON.stringify(zd.gaps));
  const uploads = emu.audit().requests.filter((r) => r.zoneId === zone && r.method === 'POST' && r.status < 300).length;
  assert.equal(uploads, 2, 'the old certificate and the new one, each once');
  assert.deepEqual((await api('GET', `${P(zone)}/hostnames/certificates`)).map((c) => c.id), [out.result.newCertId]);
});
