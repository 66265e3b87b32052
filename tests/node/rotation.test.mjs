// planRotation and rotate in Node 20 against the local AOP emulator (deployDelayMs 300, real
// time). After each rotation the emulator's own audit decides: its zero-downtime check over
// the effective-certificate timeline, its request log (uploads counted there), and its state
// (which certificates are left, what each hostname points at).
//
// New certificate: tests/data/validate/ok-p256.* (OpenSSL 3.0, tests/data/make.sh; valid
// in 2026, so validation runs with now = 2026-06-01). Old certificates: tests/fixtures/aop
// (tests/fixtures/aop/make.sh), uploaded with plain fetch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startEmulator } from '../../emulator/index.js';
import { root, readFixture } from '../helpers/paths.mjs';
import { emulatorCall, randomZone } from '../helpers/aop.mjs';

if (!existsSync(join(root, 'pkg', 'originpull_bg.wasm'))) {
  execFileSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
}
const { Client, planRotation, rotate } = await import('originpull');

const TOKEN = 'emulator-token-rotation-0123456789';
const NOW = '2026-06-01T00:00:00Z';
const data = (f) => readFileSync(join(root, 'tests/data/validate', f), 'utf8');
const NEW = { certificate: data('ok-p256.cert.pem'), privateKey: data('ok-p256.key.pem') };
const KEY_LINE = NEW.privateKey.split('\n').find((l) => l.length > 40 && !l.startsWith('-----'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const UPLOAD_HOST = 'per-hostname-authenticated-origin-pull-upload-a-hostname-client-certificate';
const UPLOAD_ZONE = 'zone-level-authenticated-origin-pulls-upload-certificate';

let emu;
before(async () => {
  emu = await startEmulator({ port: 0, host: '127.0.0.1', quiet: true, deployDelayMs: 300, token: TOKEN });
});
after(async () => {
  await emu.close();
});

const client = () => new Client({ token: TOKEN, baseUrl: emu.url });

const api = (method, path, body) => emulatorCall(emu, TOKEN, method, path, body);
const P = (zone) => `/zones/${zone}/origin_tls_client_auth`;

/** A zone whose hostnames use one old hostname certificate, deployed. */
async function hostnameZone(hostnames) {
  const zone = randomZone();
  const old = await api('POST', `${P(zone)}/hostnames/certificates`, {
    certificate: readFixture('aop', 'leaf-rsa.pem'),
    private_key: readFixture('aop', 'leaf-rsa.key'),
  });
  await api('PUT', `${P(zone)}/hostnames`, { config: hostnames.map((hostname) => ({ hostname, cert_id: old.id, enabled: true })) });
  await sleep(450);
  return { zone, old: old.id };
}

const uploadsIn = (zone, op) =>
  emu.audit().requests.filter((r) => r.zoneId === zone && r.operationId === op && r.status >= 200 && r.status < 300).length;
const requestsIn = (zone) => emu.audit().requests.filter((r) => r.zoneId === zone);

test('planRotation: every request in order, key redacted, nothing sent', () => {
  const before = emu.audit().requests.length;
  const zoneId = randomZone();
  const steps = planRotation({ scope: 'hostname', zoneId, ...NEW, now: NOW, hostnames: ['a.example.com', 'b.example.com', 'c.example.com'], batchSize: 2 });
  assert.deepEqual(
    steps.map((s) => `${s.step} ${s.method} ${s.path.replace(P(zoneId), 'P')}`),
    [
      'discover GET P/hostnames/certificates',
      'discover GET P/hostnames?page=1&per_page=1000&status=all',
      'upload POST P/hostnames/certificates',
      'wait_certificate GET P/hostnames/certificates/<new-certificate-id>',
      'switch PUT P/hostnames',
      'switch PUT P/hostnames',
      'wait_associations GET P/hostnames?page=1&per_page=1000&status=all',
      'delete_old DELETE P/hostnames/certificates/<old-certificate-id>',
      'delete_old GET P/hostnames/certificates/<old-certificate-id>',
    ],
  );
  const upload = JSON.parse(steps[2].body);
  assert.equal(upload.private_key, '[REDACTED]');
  assert.equal(steps[2].operationId, UPLOAD_HOST);
  assert.ok(!JSON.stringify(steps).includes(KEY_LINE));
  assert.deepEqual(JSON.parse(steps[5].body), { config: [{ hostname: 'c.example.com', cert_id: '<new-certificate-id>', enabled: true }] });
  const zoneSteps = planRotation({ scope: 'zone', zoneId, ...NEW, now: NOW });
  assert.deepEqual(zoneSteps.map((s) => s.method), ['GET', 'POST', 'GET', 'GET', 'PUT', 'DELETE', 'GET']);
  assert.equal(emu.audit().requests.length, before, 'nothing was sent');
  // Refusals are coded errors.
  assert.throws(
    () => planRotation({ scope: 'zone', zoneId, certificate: data('key-mismatch.cert.pem'), privateKey: data('key-mismatch.key.pem'), now: NOW }),
    (e) => e.code === 'VALIDATION_FAILED' && /KEY_MISMATCH/.test(e.message),
  );
  assert.throws(() => planRotation({ scope: 'zone', zoneId: 'nope', ...NEW, now: NOW }), (e) => e.code === 'INVALID_ARGUMENT');
  assert.throws(() => planRotation({ scope: 'zone', zoneId, ...NEW, now: NOW, bogus: 1 }), (e) => e.code === 'INVALID_ARGUMENT' && /bogus/.test(e.message));
});

test('hostname rotation: zero downtime, one upload, only the new certificate left', async () => {
  const hostnames = ['a.origin.example', 'b.origin.example', 'c.origin.example', 'd.origin.example', 'e.origin.example'];
  const { zone, old } = await hostnameZone(hostnames);
  const events = [];
  const result = await rotate(client(), {
    scope: 'hostname', zoneId: zone, ...NEW, now: NOW, pollIntervalMs: 100, batchSize: 2, timeoutMs: 20_000,
    onProgress: (e) => events.push(e),
  });
  // calls counts every request the emulator saw for the rotation (all but the 2 of set-up).
  assert.equal(result.calls, requestsIn(zone).length - 2);
  assert.equal(result.ok, true, result.advice);
  assert.equal(result.outcome, 'completed');
  assert.deepEqual(result.deleted, [old]);
  assert.deepEqual(result.deletionPending, []);
  const zd = emu.checkZeroDowntime({ zoneId: zone, hostnames, zones: false });
  assert.equal(zd.ok, true, JSON.stringify(zd.gaps));
  assert.equal(zd.checked.hostnames, hostnames.length);
  assert.equal(uploadsIn(zone, UPLOAD_HOST), 2, 'the old certificate and the new one, each once');
  const left = await api('GET', `${P(zone)}/hostnames/certificates`);
  assert.deepEqual(left.map((c) => c.id), [result.newCertId]);
  for (const h of hostnames) {
    const a = await api('GET', `${P(zone)}/hostnames/${h}`);
    assert.equal(a.cert_id, result.newCertId);
    assert.equal(a.status, 'active');
  }
  // Progress: every step, polls with statuses, the state in each, never the key.
  const steps = new Set(events.filter((e) => e.kind === 'step').map((e) => e.step));
  for (const s of ['discover', 'upload', 'wait_certificate', 'switch', 'wait_associations', 'delete_old']) assert.ok(steps.has(s), s);
  assert.ok(events.some((e) => e.kind === 'poll' && e.step === 'wait_certificate' && e.status !== 'active'));
  assert.ok(events.some((e) => e.kind === 'poll' && e.step === 'wait_associations' && e.done === 5 && e.total === 5));
  assert.ok(events.every((e) => e.state && e.state.zoneId === zone && typeof e.elapsedMs === 'number'));
  assert.equal(events.at(-1).kind, 'done');
  const text = JSON.stringify({ events, result });
  assert.ok(!text.includes(KEY_LINE) && !text.includes('PRIVATE KEY'), 'no key in events or result');
});

test('zone rotation: zone-level AOP turned on, exactly one certificate left, zero downtime', async () => {
  const zone = randomZone();
  for (const name of ['leaf-rsa', 'leaf-ec']) {
    await api('POST', P(zone), { certificate: readFixture('aop', `${name}.pem`), private_key: readFixture('aop', `${name}.key`) });
  }
  await api('PUT', `${P(zone)}/settings`, { enabled: true });
  await sleep(450);
  const result = await rotate(client(), { scope: 'zone', zoneId: zone, ...NEW, now: NOW, pollIntervalMs: 100 });
  assert.equal(result.ok, true, result.advice);
  assert.equal(result.deleted.length, 2);
  const left = await api('GET', P(zone));
  assert.deepEqual(left.map((c) => c.id), [result.newCertId]);
  assert.deepEqual(await api('GET', `${P(zone)}/settings`), { enabled: true });
  const zd = emu.checkZeroDowntime({ zoneId: zone });
  assert.equal(zd.ok, true, JSON.stringify(zd.gaps));
  assert.equal(zd.checked.zones, 1);
  assert.equal(uploadsIn(zone, UPLOAD_ZONE), 3);
  // The zone-level certificate in effect at the end is the new one.
  const tl = emu.audit().timeline.zones.find((z) => z.zoneId === zone);
  assert.equal(tl.changes.at(-1).certId, result.newCertId);
});

test('faults on the way (429, 500, a dropped upload answer) still rotate once', async () => {
  const hostnames = ['f1.origin.example', 'f2.origin.example'];
  const { zone, old } = await hostnameZone(hostnames);
  emu.faults.rateLimit({ count: 1, retryAfter: 0 });
  emu.faults.dropAfter({ count: 1, operationId: UPLOAD_HOST });
  emu.faults.serverError({ count: 2, operationId: 'per-hostname-authenticated-origin-pull-enable-or-disable-a-hostname-for-client-authentication' });
  const result = await rotate(client(), { scope: 'hostname', zoneId: zone, ...NEW, now: NOW, pollIntervalMs: 100 });
  emu.faults.clear();
  assert.equal(result.ok, true, result.advice);
  assert.deepEqual(result.deleted, [old]);
  assert.equal(uploadsIn(zone, UPLOAD_HOST), 2, 'one old, one new: the dropped answer did not cause a second upload');
  assert.ok(requestsIn(zone).some((r) => r.dropped));
  const zd = emu.checkZeroDowntime({ zoneId: zone, hostnames, zones: false });
  assert.equal(zd.ok, true, JSON.stringify(zd.gaps));
});

test('a time-out while waiting stops resumably; the saved state finishes without the key', async () => {
  const hostnames = ['r1.origin.example', 'r2.origin.example'];
  const { zone, old } = await hostnameZone(hostnames);
  let saved;
  const first = await rotate(client(), {
    scope: 'hostname', zoneId: zone, ...NEW, now: NOW, pollIntervalMs: 50, timeoutMs: 120,
    onProgress: (e) => { saved = e.state; },
  });
  assert.equal(first.ok, false);
  assert.equal(first.outcome, 'failed');
  assert.equal(first.error.code, 'ROTATION_TIMEOUT');
  assert.equal(first.resumable, true);
  assert.ok(first.newCertId);
  assert.deepEqual(saved, first.state);
  assert.ok(!JSON.stringify(saved).includes(KEY_LINE));
  // Resume from the JSON text of the saved state: no certificate or key needed any more.
  const second = await rotate(client(), { scope: 'hostname', zoneId: zone, state: JSON.stringify(saved), timeoutMs: 20_000 });
  assert.equal(second.ok, true, second.advice);
  assert.equal(second.newCertId, first.newCertId);
  assert.deepEqual(second.deleted, [old]);
  assert.equal(uploadsIn(zone, UPLOAD_HOST), 2);
  assert.equal(emu.checkZeroDowntime({ zoneId: zone, hostnames, zones: false }).ok, true);
});

test('signal: stopped after the first switch without rolling back, then resumed', async () => {
  const hostnames = ['s1.origin.example', 's2.origin.example', 's3.origin.example'];
  const { zone, old } = await hostnameZone(hostnames);
  const controller = new AbortController();
  const first = await rotate(client(), {
    scope: 'hostname', zoneId: zone, ...NEW, now: NOW, pollIntervalMs: 100, batchSize: 1, signal: controller.signal,
    onProgress: (e) => { if (e.step === 'switch' && e.kind === 'request') controller.abort(); },
  });
  assert.equal(first.outcome, 'failed');
  assert.equal(first.error.code, 'ABORTED');
  assert.equal(first.resumable, true);
  const puts = requestsIn(zone).filter((r) => r.method === 'PUT').length;
  assert.equal(puts, 2, 'the set-up PUT and one batch');
  assert.ok(!requestsIn(zone).some((r) => r.method === 'DELETE'));
  const second = await rotate(client(), { scope: 'hostname', zoneId: zone, state: first.state });
  assert.equal(second.ok, true, second.advice);
  assert.deepEqual(second.deleted, [old]);
  assert.equal(uploadsIn(zone, UPLOAD_HOST), 2);
  assert.equal(emu.checkZeroDowntime({ zoneId: zone, hostnames, zones: false }).ok, true);
  // An aborted signal before the start: nothing but a stop.
  const count = requestsIn(zone).length;
  const aborted = AbortSignal.abort();
  const none = await rotate(client(), { scope: 'hostname', zoneId: zone, ...NEW, now: NOW, signal: aborted });
  assert.equal(none.error.code, 'ABORTED');
  assert.equal(requestsIn(zone).length, count);
});

test('deployment_timed_out on the upload: stop, nothing switched or deleted', async () => {
  const hostnames = ['t1.origin.example'];
  const { zone, old } = await hostnameZone(hostnames);
  emu.faults.timeoutNextUpload({ scope: 'hostname' });
  const result = await rotate(client(), { scope: 'hostname', zoneId: zone, ...NEW, now: NOW, pollIntervalMs: 100 });
  assert.equal(result.outcome, 'failed');
  assert.equal(result.error.code, 'DEPLOYMENT_TIMED_OUT');
  assert.match(result.advice, /old certificate is untouched/);
  const a = await api('GET', `${P(zone)}/hostnames/${hostnames[0]}`);
  assert.equal(a.cert_id, old);
  assert.ok((await api('GET', `${P(zone)}/hostnames/certificates`)).some((c) => c.id === old));
  assert.equal(emu.checkZeroDowntime({ zoneId: zone, hostnames, zones: false }).ok, true);
});

test('rotate refuses before sending: a bad certificate, a missing client, a state without its key', async () => {
  const zone = randomZone();
  const count = emu.audit().requests.length;
  await assert.rejects(
    rotate(client(), { scope: 'zone', zoneId: zone, certificate: data('key-mismatch.cert.pem'), privateKey: data('key-mismatch.key.pem'), now: NOW }),
    (e) => e instanceof Error && e.code === 'VALIDATION_FAILED',
  );
  await assert.rejects(rotate({}, { scope: 'zone', zoneId: zone, ...NEW }), (e) => e.code === 'INVALID_ARGUMENT');
  await assert.rejects(rotate(client(), { scope: 'zone', zoneId: zone, state: '{"version":1}' }), (e) => e.code === 'INVALID_ARGUMENT');
  assert.equal(emu.audit().requests.length, count);
});
