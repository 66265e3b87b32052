// rotate under injected faults, against the local AOP emulator (emulator/README.md), in both
// scopes: hostname (3 hostnames on one old certificate), zone with one old certificate
// (zone-level AOP on) and zone with two old certificates (zone-level AOP off, turned on by the
// rotation).
//
// 1. Crash after every single request: for k = 1 .. (requests of a clean rotation), abort
//    right after the k-th 'request' event, keep the state of the last event as JSON text (what
//    a crashed process saved), resume with the same options plus that state until completed.
// 2. A fault at every operation the rotation uses: 429 (Retry-After 0) twice, a 500, a
//    connection dropped before the operation ran, and one dropped after it ran (the upload
//    happened but its answer is lost; a PUT or DELETE ran).
//
// After every case the emulator decides (not originpull): its request log shows exactly one
// successful upload of the new certificate in the zone, its zero-downtime check over the
// effective-certificate timeline is ok, and its list holds only the new certificate (checked by
// its serial number, read with Node's X509Certificate).
//
// Each case runs on its own emulator (faults are emulator-wide), so cases run concurrently.
// New certificate: tests/data/validate/ok-p256.* (tests/data/make.sh; validation now =
// 2026-06-01). Old certificates: tests/fixtures/aop (tests/fixtures/aop/make.sh).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { startEmulator } from '../../emulator/index.js';
import { root, readFixture } from '../helpers/paths.mjs';
import { emulatorCall, randomZone } from '../helpers/aop.mjs';

if (!existsSync(join(root, 'pkg', 'originpull_bg.wasm'))) {
  execFileSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
}
const { Client, rotate } = await import('originpull');

const TOKEN = 'emulator-token-rotation-faults-0123';
const NOW = '2026-06-01T00:00:00Z';
const DEPLOY_MS = 80;
const data = (f) => readFileSync(join(root, 'tests/data/validate', f), 'utf8');
const NEW = { certificate: data('ok-p256.cert.pem'), privateKey: data('ok-p256.key.pem') };
const NEW_SERIAL = new X509Certificate(NEW.certificate).serialNumber;
const serialOf = (pem) => new X509Certificate(pem).serialNumber;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const P = (zone) => `/zones/${zone}/origin_tls_client_auth`;
const UPLOAD = {
  hostname: 'per-hostname-authenticated-origin-pull-upload-a-hostname-client-certificate',
  zone: 'zone-level-authenticated-origin-pulls-upload-certificate',
};
const HOSTNAMES = ['a.origin.example', 'b.origin.example', 'c.origin.example'];

/** One rotation setting: its scope, how the zone is prepared, and the options of rotate. */
const SCENARIOS = [
  { name: 'hostname scope, 3 hostnames', scope: 'hostname', old: ['leaf-rsa'], batchSize: 2 },
  { name: 'zone scope, one old certificate', scope: 'zone', old: ['leaf-rsa'], zoneOn: true },
  { name: 'zone scope, two old certificates', scope: 'zone', old: ['leaf-rsa', 'leaf-ec'], zoneOn: false },
];

async function emulator() {
  return startEmulator({ port: 0, host: '127.0.0.1', quiet: true, deployDelayMs: DEPLOY_MS, token: TOKEN });
}

const api = (emu, method, path, body) => emulatorCall(emu, TOKEN, method, path, body);

/** A zone prepared for the scenario, its old certificates deployed. */
async function prepare(emu, sc) {
  const zone = randomZone();
  const old = [];
  for (const name of sc.old) {
    const path = sc.scope === 'zone' ? P(zone) : `${P(zone)}/hostnames/certificates`;
    const c = await api(emu, 'POST', path, { certificate: readFixture('aop', `${name}.pem`), private_key: readFixture('aop', `${name}.key`) });
    old.push(c.id);
  }
  if (sc.scope === 'hostname') {
    await api(emu, 'PUT', `${P(zone)}/hostnames`, { config: HOSTNAMES.map((hostname) => ({ hostname, cert_id: old[0], enabled: true })) });
  } else if (sc.zoneOn) {
    await api(emu, 'PUT', `${P(zone)}/settings`, { enabled: true });
  }
  await sleep(DEPLOY_MS * 2);
  return { zone, old, setupRequests: emu.audit().requests.filter((r) => r.zoneId === zone).length };
}

const options = (emu, sc, zone, extra = {}) => ({
  scope: sc.scope, zoneId: zone, ...NEW, now: NOW,
  pollIntervalMs: 50, maxPollIntervalMs: 100, timeoutMs: 30_000,
  ...(sc.batchSize ? { batchSize: sc.batchSize } : {}),
  ...extra,
});
const client = (emu) => new Client({ token: TOKEN, baseUrl: emu.url });

/** The emulator's verdict on a finished rotation (see the file comment). */
async function assertClean(emu, sc, prep, result, label) {
  assert.equal(result.ok, true, `${label}: ${result.outcome} ${JSON.stringify(result.error)} ${result.advice}`);
  assert.equal(result.outcome, 'completed', label);
  const requests = emu.audit().requests.filter((r) => r.zoneId === prep.zone);
  const uploads = requests.filter((r) => r.operationId === UPLOAD[sc.scope] && r.status >= 200 && r.status < 300);
  assert.equal(uploads.length, sc.old.length + 1,
    `${label}: exactly one successful upload besides the ${sc.old.length} of the set-up: ${JSON.stringify(uploads)}`);
  // The emulator refuses a duplicate (409): an upload repeated blindly would show as one.
  const refused = requests.filter((r) => r.operationId === UPLOAD[sc.scope] && !r.fault && !(r.status >= 200 && r.status < 300));
  assert.deepEqual(refused, [], `${label}: no upload was refused`);
  const zd = sc.scope === 'hostname'
    ? emu.checkZeroDowntime({ zoneId: prep.zone, hostnames: HOSTNAMES, zones: false })
    : emu.checkZeroDowntime({ zoneId: prep.zone, hostnames: [] });
  assert.equal(zd.ok, true, `${label}: gaps ${JSON.stringify(zd.gaps)}`);
  if (sc.scope === 'hostname') assert.equal(zd.checked.hostnames, HOSTNAMES.length);
  else assert.equal(zd.checked.zones, 1);
  const listPath = sc.scope === 'zone' ? P(prep.zone) : `${P(prep.zone)}/hostnames/certificates`;
  const left = await api(emu, 'GET', listPath);
  assert.deepEqual(left.map((c) => c.id), [result.newCertId], `${label}: only the new certificate is left`);
  assert.equal(serialOf(left[0].certificate), NEW_SERIAL, `${label}: and it is the new one`);
  if (sc.scope === 'hostname') {
    for (const h of HOSTNAMES) {
      const a = await api(emu, 'GET', `${P(prep.zone)}/hostnames/${h}`);
      assert.equal(a.cert_id, result.newCertId, `${label}: ${h}`);
      assert.equal(a.status, 'active', `${label}: ${h}`);
    }
  } else {
    assert.deepEqual(await api(emu, 'GET', `${P(prep.zone)}/settings`), { enabled: true }, `${label}: zone-level AOP on`);
    const tl = emu.audit().timeline.zones.find((z) => z.zoneId === prep.zone);
    assert.equal(tl.changes.at(-1).certId, result.newCertId, `${label}: the new certificate is in effect`);
  }
}

/** Resumes from `state` (text) until the rotation is no longer resumable; at most `max` runs. */
async function resumeUntilDone(emu, sc, zone, state, max = 4) {
  let result;
  for (let i = 0; i < max; i++) {
    result = await rotate(client(emu), options(emu, sc, zone, { state }));
    if (result.ok || !result.resumable) return result;
    state = JSON.stringify(result.state);
  }
  return result;
}

// A clean rotation per scenario: its request count (k's range) and the operations it uses.
const clean = {};
for (const sc of SCENARIOS) {
  const emu = await emulator();
  try {
    const prep = await prepare(emu, sc);
    let requests = 0;
    const result = await rotate(client(emu), options(emu, sc, prep.zone, { onProgress: (e) => { if (e.kind === 'request') requests++; } }));
    const ops = [...new Set(emu.audit().requests.filter((r) => r.zoneId === prep.zone).slice(prep.setupRequests).map((r) => r.operationId))];
    clean[sc.name] = { requests, ops, result, prep };
    await assertClean(emu, sc, prep, result, `${sc.name}: clean`);
  } finally {
    await emu.close();
  }
}

for (const sc of SCENARIOS) {
  const { requests, ops, result } = clean[sc.name];

  test(`${sc.name}: a clean rotation sends ${requests} requests over ${ops.length} operations`, () => {
    assert.equal(result.calls, requests);
    assert.ok(ops.includes(UPLOAD[sc.scope]));
  });

  const crashed = { count: 0 };
  describe(`${sc.name}: crash after request k, resume from the last saved state`, { concurrency: true }, () => {
    for (let k = 1; k <= requests; k++) {
      test(`k = ${k} of ${requests}`, async () => {
        const emu = await emulator();
        try {
          const prep = await prepare(emu, sc);
          const controller = new AbortController();
          let seen = 0;
          let saved = null;
          const first = await rotate(client(emu), options(emu, sc, prep.zone, {
            signal: controller.signal,
            onProgress: (e) => {
              if (controller.signal.aborted) return; // a crashed process saves nothing more
              saved = JSON.stringify(e.state);
              if (e.kind === 'request' && ++seen === k) controller.abort();
            },
          }));
          let result = first;
          if (seen >= k) {
            if (!first.ok) crashed.count++;
            assert.ok(first.ok || first.error?.code === 'ABORTED', `k=${k}: ${JSON.stringify(first.error)}`);
            result = await resumeUntilDone(emu, sc, prep.zone, saved);
          }
          await assertClean(emu, sc, prep, result, `k=${k}`);
        } finally {
          await emu.close();
        }
      });
    }
  });

  // Polls vary by a few with timing, so a run may send fewer requests than the clean one; the
  // crash must still have happened in all but the last few cases.
  test(`${sc.name}: the crash cases did stop the rotation`, () => {
    assert.ok(crashed.count >= requests - 3, `${crashed.count} of ${requests}`);
  });

  describe(`${sc.name}: a fault at every operation`, { concurrency: true }, () => {
    const faults = [
      ['429 twice, Retry-After 0', (emu, op) => emu.faults.rateLimit({ count: 2, operationId: op, retryAfter: 0 })],
      ['429 once, Retry-After 1', (emu, op) => emu.faults.rateLimit({ count: 1, operationId: op, retryAfter: 1 })],
      ['500', (emu, op) => emu.faults.serverError({ count: 1, operationId: op })],
      ['dropped before', (emu, op) => emu.faults.drop({ count: 1, operationId: op })],
    ];
    const cases = [];
    for (const op of ops) {
      for (const [name, inject] of faults) cases.push([op, name, inject]);
      // The operation runs, its answer is lost: an upload must not be repeated blindly, a
      // PUT or DELETE is repeated, a read is read again.
      cases.push([op, 'dropped after it ran', (emu, o) => emu.faults.dropAfter({ count: 1, operationId: o })]);
    }
    for (const [op, name, inject] of cases) {
      test(`${op}: ${name}`, async () => {
        const emu = await emulator();
        try {
          const prep = await prepare(emu, sc);
          inject(emu, op);
          let result = await rotate(client(emu), options(emu, sc, prep.zone));
          if (!result.ok && result.resumable) result = await resumeUntilDone(emu, sc, prep.zone, JSON.stringify(result.state));
          const hit = emu.audit().requests.filter((r) => r.zoneId === prep.zone && r.operationId === op && r.fault);
          assert.ok(hit.length >= 1, 'the fault was applied');
          assert.equal(emu.faults.list().length, 0, 'every fault was consumed');
          await assertClean(emu, sc, prep, result, `${op}: ${name}`);
        } finally {
          await emu.close();
        }
      });
    }
  });
}
