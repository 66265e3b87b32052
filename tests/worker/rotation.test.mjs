// planRotation and rotate inside workerd (the test Worker tests/worker/client-worker/, which
// imports `originpull` through the `workerd` export condition) against the local emulator
// (deployDelayMs 300). The emulator's audit decides: zero-downtime check, uploads in its request
// log, the certificates left. A rotation cut short (its time-out, as a Worker invocation ending)
// is finished by a second invocation from the saved state, without the key.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startEmulator } from '../../emulator/index.js';
import { startWorker } from '../../scripts/worker-dev.mjs';
import { root, readFixture } from '../helpers/paths.mjs';
import { emulatorCall, randomZone } from '../helpers/aop.mjs';

if (!existsSync(join(root, 'pkg', 'originpull_bg.wasm'))) {
  execFileSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
}

const TOKEN = 'workerd-rotation-token-0123456789';
const emu = await startEmulator({ port: 0, host: '127.0.0.1', quiet: true, deployDelayMs: 300, token: TOKEN });
const worker = await startWorker({ config: 'tests/worker/client-worker/wrangler.jsonc', vars: { UPSTREAM: emu.url, TOKEN } });
test.after(async () => {
  await worker.stop();
  await emu.close();
});

// New certificate: tests/data/validate/ok-p256.* (valid in 2026: validation runs at NOW).
const NOW = '2026-06-01T00:00:00Z';
const data = (f) => readFileSync(join(root, 'tests/data/validate', f), 'utf8');
const NEW = { certificate: data('ok-p256.cert.pem'), privateKey: data('ok-p256.key.pem') };
const KEY_LINE = NEW.privateKey.split('\n').find((l) => l.length > 40 && !l.startsWith('-----'));
const UPLOAD_HOST = 'per-hostname-authenticated-origin-pull-upload-a-hostname-client-certificate';
const P = (zone) => `/zones/${zone}/origin_tls_client_auth`;

const api = (method, path, body) => emulatorCall(emu, TOKEN, method, path, body);

async function run(rotation) {
  const res = await fetch(worker.url, { method: 'POST', body: JSON.stringify({ scenario: 'rotate', rotation }) });
  const text = await res.text();
  assert.equal(res.status, 200, `${text}\n${worker.logs().slice(-2000)}`);
  assert.ok(!text.includes(KEY_LINE), 'no key in anything the Worker returns');
  return JSON.parse(text).out;
}

const uploads = (zone) => emu.audit().requests.filter((r) => r.zoneId === zone && r.operationId === UPLOAD_HOST && r.status >= 200 && r.status < 300).length;

test('hostname rotation in workerd, then a rotation resumed by a second invocation', async () => {
  const zone = randomZone();
  const hostnames = ['w1.origin.example', 'w2.origin.example', 'w3.origin.example'];
  const old = await api('POST', `${P(zone)}/hostnames/certificates`, { certificate: readFixture('aop', 'leaf-rsa.pem'), private_key: readFixture('aop', 'leaf-rsa.key') });
  await api('PUT', `${P(zone)}/hostnames`, { config: hostnames.map((hostname) => ({ hostname, cert_id: old.id, enabled: true })) });
  await new Promise((r) => setTimeout(r, 450));

  // First invocation: cut short by its time-out while the certificate deploys.
  const first = await run({ scope: 'hostname', zoneId: zone, ...NEW, now: NOW, pollIntervalMs: 50, timeoutMs: 100 });
  assert.equal(first.result.outcome, 'failed', JSON.stringify(first));
  assert.equal(first.result.error.code, 'ROTATION_TIMEOUT');
  assert.deepEqual(first.plan.map((s) => s.method), ['GET', 'GET', 'POST', 'GET', 'PUT', 'GET', 'DELETE', 'GET']);
  // Cut short while waiting for the deployment (on a loaded machine the time-out may come
  // before the first status poll, so the step is checked, not a poll).
  assert.ok(first.events.some((e) => e.kind === 'step' && e.step === 'wait_certificate'), JSON.stringify(first.events.map((e) => `${e.step}/${e.kind}`)));
  assert.ok(!first.events.some((e) => e.step === 'switch'), 'nothing was switched before the time-out');
  // Second invocation: the saved state alone finishes it.
  const second = await run({ scope: 'hostname', zoneId: zone, state: first.result.state, pollIntervalMs: 100, timeoutMs: 20_000 });
  assert.equal(second.result.ok, true, JSON.stringify(second.result));
  assert.deepEqual(second.result.deleted, [old.id]);
  assert.equal(uploads(zone), 2, 'the old certificate and the new one, each once');
  const zd = emu.checkZeroDowntime({ zoneId: zone, hostnames, zones: false });
  assert.equal(zd.ok, true, JSON.stringify(zd.gaps));
  const left = await api('GET', `${P(zone)}/hostnames/certificates`);
  assert.deepEqual(left.map((c) => c.id), [second.result.newCertId]);
});

test('zone rotation in workerd: one certificate left, zero downtime', async () => {
  const zone = randomZone();
  await api('POST', P(zone), { certificate: readFixture('aop', 'leaf-ec.pem'), private_key: readFixture('aop', 'leaf-ec.key') });
  await api('PUT', `${P(zone)}/settings`, { enabled: true });
  await new Promise((r) => setTimeout(r, 450));
  const { result, events } = await run({ scope: 'zone', zoneId: zone, ...NEW, now: NOW, pollIntervalMs: 100 });
  assert.equal(result.ok, true, JSON.stringify(result));
  assert.equal(events.at(-1).kind, 'done');
  assert.deepEqual((await api('GET', P(zone))).map((c) => c.id), [result.newCertId]);
  const zd = emu.checkZeroDowntime({ zoneId: zone });
  assert.equal(zd.ok, true, JSON.stringify(zd.gaps));
});

// In workerd as in Node (tests/node/rotation-faults.test.mjs): an invocation cut after every
// single request and finished by a second one from the saved state, and a 500, a 429 and a
// dropped connection at every operation a hostname rotation uses. The emulator's audit must
// show one upload, zero downtime and only the new certificate left.
async function hostnameZone() {
  const zone = randomZone();
  const old = await api('POST', `${P(zone)}/hostnames/certificates`, { certificate: readFixture('aop', 'leaf-rsa.pem'), private_key: readFixture('aop', 'leaf-rsa.key') });
  await api('PUT', `${P(zone)}/hostnames`, { config: ['a.example.com', 'b.example.com'].map((hostname) => ({ hostname, cert_id: old.id, enabled: true })) });
  await new Promise((r) => setTimeout(r, 400));
  return zone;
}
const OPTS = { scope: 'hostname', ...NEW, now: NOW, pollIntervalMs: 50, maxPollIntervalMs: 100 };

async function expectRotated(zone, result) {
  assert.equal(result?.ok, true, JSON.stringify(result));
  assert.equal(uploads(zone), 2, 'the set-up upload and exactly one upload of the new certificate');
  const zd = emu.checkZeroDowntime({ zoneId: zone });
  assert.equal(zd.ok, true, JSON.stringify(zd));
  const left = await api('GET', `${P(zone)}/hostnames/certificates`);
  assert.deepEqual(left.map((c) => c.id), [result.newCertId]);
}

const clean = await (async () => {
  const zone = await hostnameZone();
  const before = emu.audit().requests.length;
  const out = await run({ ...OPTS, zoneId: zone });
  const requests = emu.audit().requests.slice(before).filter((r) => r.zoneId === zone);
  return { zone, out, count: requests.length, operations: [...new Set(requests.map((r) => r.operationId))] };
})();

test('workerd: a clean hostname rotation (the baseline of the cases below)', async () => {
  await expectRotated(clean.zone, clean.out.result);
  assert.ok(clean.count >= 6, `${clean.count} requests`);
});

for (let k = 1; k <= clean.count; k++) {
  test(`workerd: invocation ends after request ${k}, a second invocation finishes`, async () => {
    const zone = await hostnameZone();
    const first = await fetch(worker.url, { method: 'POST', body: JSON.stringify({ scenario: 'rotate', crashAfter: k, rotation: { ...OPTS, zoneId: zone } }) }).then((r) => r.json());
    let result = first.out.result;
    // Polls vary a little with timing: the last cases may finish before request k.
    assert.ok(first.out.crashed || k > clean.count - 3, `request ${k} did not stop the invocation`);
    if (first.out.crashed) {
      const state = first.out.saved ?? undefined;
      const again = await run(state ? { ...OPTS, zoneId: zone, state } : { ...OPTS, zoneId: zone });
      result = again.result;
    }
    await expectRotated(zone, result);
  });
}

for (const op of clean.operations) {
  for (const [name, inject] of [
    ['500', () => emu.faults.serverError({ count: 1, operationId: op })],
    ['429', () => emu.faults.rateLimit({ count: 1, retryAfter: 0, operationId: op })],
    ['dropped connection', () => emu.faults.drop({ count: 1, operationId: op })],
    ['answer dropped after the operation ran', () => emu.faults.dropAfter({ count: 1, operationId: op })],
  ]) {
    test(`workerd: ${name} on ${op}`, async () => {
      const zone = await hostnameZone();
      inject();
      try {
        const out = await run({ ...OPTS, zoneId: zone });
        await expectRotated(zone, out.result);
      } finally {
        emu.faults.clear();
      }
    });
  }
}
