// The Worker's automation (issue 13) under `wrangler dev --test-scheduled`, against the
// emulator: GET /__scheduled runs the Cron Trigger's handler, which queues one message per
// AOP_WATCH zone; each zone's Durable Object checks it, alerts a local webhook receiver, takes
// the renewal from KV (written as an external PKI would), and rotates. The emulator's audit
// judges: zero downtime, one upload per zone, old certificates deleted. Also: an invocation
// cut off mid-rotation is finished by alarms; two overlapping runs rotate a zone once; 429s and
// 500s on the way still give no downtime.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from '../../emulator/index.js';
import { randomZone, emulatorCall } from '../helpers/aop.mjs';
import { makeCA, issue } from '../helpers/pki.mjs';
import { ADMIN, P, automationWorker, jsonLogs, seedZone, sleep, status, waitForStatus, webhookReceiver } from '../helpers/automation.mjs';

const TOKEN = 'automation-cf-token-0123456789abcdef';
const emu = await startEmulator({ port: 0, host: '127.0.0.1', quiet: true, deployDelayMs: 300, token: TOKEN });
const hook = await webhookReceiver();
const ca = await makeCA();
test.after(async () => {
  await emu.close();
  await hook.close();
});

const api = (method, path, body) => emulatorCall(emu, TOKEN, method, path, body);
const UPLOADS = new Set(['zone-level-authenticated-origin-pulls-upload-certificate', 'per-hostname-authenticated-origin-pull-upload-a-hostname-client-certificate']);
const uploads = (zone) => emu.audit().requests.filter((r) => r.zoneId === zone && UPLOADS.has(r.operationId) && r.status === 200).length;
const keyLine = (pem) => pem.split('\n').find((l) => l.length > 40 && !l.startsWith('-----'));
const alertsFor = (zone, event) => hook.received.filter((a) => a.zone === zone && a.event === event);

/** Nothing secret anywhere the Worker speaks: logs, /status, alerts. */
async function assertNoSecrets(worker, pairs) {
  const everything = worker.logs() + JSON.stringify(await status(worker)) + JSON.stringify(hook.received);
  for (const p of pairs) assert.ok(!everything.includes(keyLine(p.privateKey)), 'a private key leaked');
  assert.ok(!everything.includes(TOKEN), 'the API token leaked');
  assert.ok(!everything.includes(ADMIN), 'the admin secret leaked');
}

test('a scheduled run over several zones: expiring alerts, KV renewals, rotations with zero downtime, old certificates deleted', async () => {
  const zones = { z1: randomZone(), z2: randomZone(), z3: randomZone(), z4: randomZone() };
  const hosts = ['a.origin.example', 'b.origin.example', 'c.origin.example'];
  const old1 = await issue(ca, { commonName: 'z1 old', days: 10 });
  const old2 = await issue(ca, { commonName: 'z2 old', days: 5 });
  const fine3 = await issue(ca, { commonName: 'z3 fine', days: 200 });
  const old4 = await issue(ca, { commonName: 'z4 old', days: 3 });
  const new1 = await issue(ca, { commonName: 'z1 new', days: 365 });
  const new2 = await issue(ca, { commonName: 'z2 new', days: 365 });
  const id1 = await seedZone(emu, TOKEN, zones.z1, 'zone', old1);
  const id2 = await seedZone(emu, TOKEN, zones.z2, 'hostname', old2, hosts);
  await seedZone(emu, TOKEN, zones.z3, 'zone', fine3);
  await seedZone(emu, TOKEN, zones.z4, 'hostname', old4, ['d.origin.example']);
  await sleep(400); // deployed

  const worker = await automationWorker({
    emu,
    token: TOKEN,
    watch: [
      { zone: zones.z1, scope: 'zone' },
      { zone: zones.z2, scope: 'hostname', hostnames: 'all', renewDays: 30 },
      { zone: zones.z3, scope: 'zone', renewDays: 30 },
      { zone: zones.z4, scope: 'hostname', hostnames: ['d.origin.example'] },
    ],
    kv: { [`aop:${zones.z1}`]: { certificate: new1.certificate, privateKey: new1.privateKey }, [`aop:${zones.z2}`]: { certificate: new2.certificate, privateKey: new2.privateKey, caCertificates: ca.certificate } },
    vars: { ALERT_WEBHOOK: hook.url },
  });
  try {
    let res = await fetch(`${worker.url}/__scheduled`);
    assert.equal(res.status, 200);
    const final = await waitForStatus(worker, (zs) => zs.every((z) => z.lastRun && z.outcome !== 'rotating' && z.outcome !== 'never_run'));
    const by = Object.fromEntries(final.map((z) => [z.zone, z]));
    assert.equal(by[zones.z1].outcome, 'renewed', JSON.stringify(by[zones.z1]));
    assert.equal(by[zones.z2].outcome, 'renewed', JSON.stringify(by[zones.z2]));
    assert.equal(by[zones.z3].outcome, 'ok');
    assert.equal(by[zones.z4].outcome, 'waiting_for_certificate');
    assert.match(by[zones.z4].lastRun.message, new RegExp(`KV key aop:${zones.z4}`));

    // Cloudflare's side (the emulator): the new certificates only, uploaded once, no gap.
    const zoneCerts = await api('GET', P(zones.z1));
    assert.deepEqual(zoneCerts.map((c) => c.id), [by[zones.z1].lastRotation.newCertId]);
    assert.notEqual(zoneCerts[0].id, id1);
    const hostCerts = await api('GET', `${P(zones.z2)}/hostnames/certificates`);
    assert.deepEqual(hostCerts.map((c) => c.id), [by[zones.z2].lastRotation.newCertId]);
    assert.deepEqual(by[zones.z2].lastRotation.deleted, [id2]);
    const assocs = await api('GET', `${P(zones.z2)}/hostnames?status=all&per_page=1000`);
    assert.deepEqual(assocs.filter((a) => a.status === 'active').map((a) => [a.hostname, a.cert_id]).sort(), hosts.map((h) => [h, hostCerts[0].id]));
    for (const z of [zones.z1, zones.z2]) {
      assert.equal(uploads(z), 2, 'the seeded certificate and one renewal');
      const zd = emu.checkZeroDowntime({ zoneId: z });
      assert.equal(zd.ok, true, JSON.stringify(zd.gaps));
    }
    assert.equal(uploads(zones.z3), 1);
    assert.equal(uploads(zones.z4), 1);

    // /status: certificates with days left, the rotation's outcome.
    assert.ok(by[zones.z1].certificates.every((c) => c.daysLeft >= 363), JSON.stringify(by[zones.z1].certificates));
    assert.equal(by[zones.z1].lastRotation.outcome, 'completed');
    assert.equal(by[zones.z1].rotation, null);
    assert.deepEqual(by[zones.z2].hostnames.map((h) => [h.hostname, h.state]).sort(), hosts.map((h) => [h, 'ok']));
    assert.equal(by[zones.z3].certificates[0].daysLeft, 199);
    assert.equal(by[zones.z4].certificates[0].state, 'expiring');

    // Alerts: expiring for the three due zones, renewed for two, no failure.
    for (const z of [zones.z1, zones.z2, zones.z4]) assert.equal(alertsFor(z, 'expiring').length, 1, z);
    assert.equal(alertsFor(zones.z4, 'expiring')[0].renewal, 'waiting');
    assert.deepEqual([alertsFor(zones.z1, 'renewed').length, alertsFor(zones.z2, 'renewed').length], [1, 1]);
    assert.equal(alertsFor(zones.z3, 'expiring').length, 0);
    assert.deepEqual(hook.received.filter((a) => Object.values(zones).includes(a.zone) && (a.event === 'failed' || a.event === 'rolled_back')), []);
    assert.equal(alertsFor(zones.z1, 'renewed')[0].rotation.newCertId, zoneCerts[0].id);

    // Structured logs: every decision a JSON line.
    const logs = jsonLogs(worker);
    const events = new Set(logs.map((l) => l.event));
    for (const e of ['run_fanned_out', 'zone_checked', 'rotation_started', 'rotation_step', 'rotation_finished', 'alert']) assert.ok(events.has(e), `log event ${e}: ${[...events]}`);
    assert.ok(logs.every((l) => typeof l.at === 'string' && typeof l.level === 'string'));
    await assertNoSecrets(worker, [new1, new2, old1, old2]);

    // A second run: nothing is due any more.
    res = await fetch(`${worker.url}/__scheduled`);
    assert.equal(res.status, 200);
    await waitForStatus(worker, (zs) => zs.filter((z) => [zones.z1, zones.z2].includes(z.zone)).every((z) => z.outcome === 'ok'));
    assert.equal(uploads(zones.z1), 2);
  } finally {
    await worker.stop();
  }
});

test('two overlapping scheduled runs on one zone: one rotation', async () => {
  const zone = randomZone();
  const old = await issue(ca, { commonName: 'overlap old', days: 2 });
  const next = await issue(ca, { commonName: 'overlap new', days: 365 });
  const oldId = await seedZone(emu, TOKEN, zone, 'hostname', old, ['x.origin.example', 'y.origin.example']);
  await sleep(400);
  const worker = await automationWorker({ emu, token: TOKEN, watch: [{ zone, scope: 'hostname' }], kv: { [`aop:${zone}`]: next } });
  try {
    const runs = await Promise.all([fetch(`${worker.url}/__scheduled`), fetch(`${worker.url}/__scheduled`), fetch(`${worker.url}/automation/run`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } })]);
    assert.deepEqual(runs.map((r) => r.status), [200, 200, 202]);
    const [z] = await waitForStatus(worker, ([s]) => s.outcome === 'renewed' || s.outcome === 'failed');
    assert.equal(z.outcome, 'renewed', JSON.stringify(z));
    await sleep(1500); // the other runs' messages have been handled by now
    const [after] = await status(worker);
    assert.ok(['renewed', 'ok'].includes(after.outcome), after.outcome);
    assert.equal(uploads(zone), 2, 'the seeded certificate and exactly one renewal');
    const zd = emu.checkZeroDowntime({ zoneId: zone });
    assert.equal(zd.ok, true, JSON.stringify(zd.gaps));
    const left = await api('GET', `${P(zone)}/hostnames/certificates`);
    assert.deepEqual(left.map((c) => c.id), [z.lastRotation.newCertId]);
    assert.notEqual(left[0].id, oldId);
    const started = jsonLogs(worker).filter((l) => l.event === 'rotation_started' && l.zone === zone);
    assert.equal(started.length, 1, 'one rotation started');
  } finally {
    await worker.stop();
  }
});

test('an invocation cut off mid-rotation (workerd killed): after a restart, alarms finish it from the saved state', async () => {
  const zone = randomZone();
  const old = await issue(ca, { commonName: 'cut old', days: 4 });
  const next = await issue(ca, { commonName: 'cut new', days: 365 });
  const oldId = await seedZone(emu, TOKEN, zone, 'zone', old);
  await sleep(400);
  // The first status read of the new certificate hangs for 20 s: the invocation is killed
  // while it waits, after the upload was confirmed.
  const GET = 'zone-level-authenticated-origin-pulls-get-certificate-details';
  emu.faults.latency(20_000, { count: 1, operationId: GET });
  let worker = await automationWorker({ emu, token: TOKEN, watch: [{ zone, scope: 'zone' }], kv: { [`aop:${zone}`]: next }, persistTo: undefined });
  const dir = worker.persistTo;
  try {
    await fetch(`${worker.url}/__scheduled`);
    const deadline = Date.now() + 30_000;
    while (!emu.audit().requests.some((r) => r.zoneId === zone && r.operationId === GET) && Date.now() < deadline) await sleep(50);
    assert.equal(uploads(zone), 2, 'uploaded before the cut');
    await worker.stop({ signal: 'SIGKILL', keep: true });
    emu.faults.clear();
    // Nothing finished it: the old certificate is still there.
    assert.ok((await api('GET', P(zone))).some((c) => c.id === oldId));

    worker = await automationWorker({ emu, token: TOKEN, watch: [{ zone, scope: 'zone' }], persistTo: dir });
    const [z] = await waitForStatus(worker, ([s]) => s.outcome === 'renewed' || s.outcome === 'failed', { ms: 60_000 });
    assert.equal(z.outcome, 'renewed', JSON.stringify(z));
    assert.equal(uploads(zone), 2, 'not uploaded again');
    assert.deepEqual((await api('GET', P(zone))).map((c) => c.id), [z.lastRotation.newCertId]);
    const zd = emu.checkZeroDowntime({ zoneId: zone });
    assert.equal(zd.ok, true, JSON.stringify(zd.gaps));
    assert.ok(jsonLogs(worker).some((l) => l.event === 'rotation_resumed' && l.zone === zone), 'resumed by an alarm');
  } finally {
    await worker.stop();
    const { rmSync } = await import('node:fs');
    rmSync(dir, { recursive: true, force: true });
  }
});

test("429s and 500s from the API during the run: renewals still complete with zero downtime", async () => {
  const zoneA = randomZone();
  const zoneB = randomZone();
  const oldA = await issue(ca, { commonName: 'faults A old', days: 6 });
  const oldB = await issue(ca, { commonName: 'faults B old', days: 6 });
  const newA = await issue(ca, { commonName: 'faults A new', days: 365 });
  const newB = await issue(ca, { commonName: 'faults B new', days: 365 });
  await seedZone(emu, TOKEN, zoneA, 'zone', oldA);
  await seedZone(emu, TOKEN, zoneB, 'hostname', oldB, ['p.origin.example', 'q.origin.example']);
  await sleep(400);
  const Z = 'zone-level-authenticated-origin-pulls';
  const H = 'per-hostname-authenticated-origin-pull';
  emu.faults.rateLimit({ count: 2, retryAfter: 1, operationId: `${Z}-list-certificates` });
  emu.faults.rateLimit({ count: 1, retryAfter: 1, operationId: `${H}-list-hostname-associations` });
  emu.faults.serverError({ count: 2, operationId: `${Z}-get-certificate-details` });
  emu.faults.serverError({ count: 1, operationId: `${H}-enable-or-disable-a-hostname-for-client-authentication` });
  emu.faults.rateLimit({ count: 1, retryAfter: 1, operationId: `${H}-delete-hostname-client-certificate` });
  const worker = await automationWorker({ emu, token: TOKEN, watch: [{ zone: zoneA, scope: 'zone' }, { zone: zoneB, scope: 'hostname' }], kv: { [`aop:${zoneA}`]: newA, [`aop:${zoneB}`]: newB }, vars: { ALERT_WEBHOOK: hook.url } });
  try {
    await fetch(`${worker.url}/__scheduled`);
    const final = await waitForStatus(worker, (zs) => zs.every((z) => ['renewed', 'failed', 'rolled_back', 'error'].includes(z.outcome)), { ms: 90_000 });
    assert.deepEqual(final.map((z) => z.outcome), ['renewed', 'renewed'], JSON.stringify(final));
    const faulted = emu.audit().requests.filter((r) => [zoneA, zoneB].includes(r.zoneId) && r.fault);
    assert.ok(faulted.filter((r) => r.status === 429).length >= 3 && faulted.filter((r) => r.status === 500).length >= 2, JSON.stringify(faulted.map((r) => `${r.operationId} ${r.status}`)));
    for (const z of [zoneA, zoneB]) {
      assert.equal(uploads(z), 2);
      const zd = emu.checkZeroDowntime({ zoneId: z });
      assert.equal(zd.ok, true, JSON.stringify(zd.gaps));
    }
    assert.equal((await api('GET', P(zoneA))).length, 1);
    assert.equal((await api('GET', `${P(zoneB)}/hostnames/certificates`)).length, 1);
    assert.deepEqual(hook.received.filter((a) => [zoneA, zoneB].includes(a.zone) && a.event === 'failed'), []);
  } finally {
    emu.faults.clear();
    await worker.stop();
  }
});

test('minted renewals: the Worker issues the new certificates from CA_CERT/CA_KEY; a mint cut before its upload is abandoned and minted again', async () => {
  const zoneA = randomZone();
  const zoneB = randomZone();
  await seedZone(emu, TOKEN, zoneA, 'zone', await issue(ca, { commonName: 'mint A old', days: 9 }));
  const oldB = await seedZone(emu, TOKEN, zoneB, 'hostname', await issue(ca, { commonName: 'mint B old', days: 9 }), ['m.origin.example']);
  await sleep(400);
  // Zone B's upload hangs 20 s: the Worker is killed while it is in flight (the minted key is
  // then gone with the invocation: never stored).
  const UPLOAD_H = 'per-hostname-authenticated-origin-pull-upload-a-hostname-client-certificate';
  emu.faults.latency(20_000, { count: 1, operationId: UPLOAD_H });
  const vars = { CA_CERT: ca.certificate, CA_KEY: ca.privateKey, ALERT_WEBHOOK: hook.url };
  const watch = [{ zone: zoneA, scope: 'zone', validityDays: 90 }, { zone: zoneB, scope: 'hostname' }];
  let worker = await automationWorker({ emu, token: TOKEN, watch, vars });
  const dir = worker.persistTo;
  try {
    await fetch(`${worker.url}/__scheduled`);
    await waitForStatus(worker, (zs) => zs.find((z) => z.zone === zoneA)?.outcome === 'renewed', { ms: 60_000 });
    const deadline = Date.now() + 30_000;
    while (!emu.audit().requests.some((r) => r.zoneId === zoneB && r.operationId === UPLOAD_H) && Date.now() < deadline) await sleep(50);
    await sleep(200);
    await worker.stop({ signal: 'SIGKILL', keep: true });
    emu.faults.clear();
    worker = await automationWorker({ emu, token: TOKEN, watch, vars, persistTo: dir });
    const final = await waitForStatus(worker, (zs) => zs.every((z) => ['renewed', 'failed', 'error'].includes(z.outcome)), { ms: 60_000 });
    assert.deepEqual(final.map((z) => z.outcome), ['renewed', 'renewed'], JSON.stringify(final));

    // Issued by the CA for the zone, valid for validityDays (zone A: 90).
    const [a] = await api('GET', P(zoneA));
    const [b] = await api('GET', `${P(zoneB)}/hostnames/certificates`);
    const { X509Certificate } = await import('node:crypto');
    const caCert = new X509Certificate(ca.certificate);
    for (const [c, zone, days] of [[a, zoneA, 90], [b, zoneB, 365]]) {
      const x = new X509Certificate(c.certificate);
      assert.ok(x.verify(caCert.publicKey), 'signed by CA_KEY');
      assert.equal(x.subject, `CN=originpull AOP client ${zone}`);
      const left = (Date.parse(x.validTo) - Date.now()) / 86_400_000;
      assert.ok(left > days - 2 && left <= days + 1, `${zone}: ${left} days`);
    }
    assert.notEqual(b.id, oldB);
    for (const z of [zoneA, zoneB]) {
      const zd = emu.checkZeroDowntime({ zoneId: z });
      assert.equal(zd.ok, true, JSON.stringify(zd.gaps));
    }
    // Zone B: the cut rotation was abandoned (its key was gone) and a new certificate minted.
    assert.ok(jsonLogs(worker).some((l) => l.event === 'rotation_abandoned' && l.zone === zoneB), worker.logs().slice(-3000));
    assert.equal((await api('GET', `${P(zoneB)}/hostnames/certificates`)).length, 1, 'no orphan left');
    assert.equal(alertsFor(zoneA, 'renewed').length, 1);
    assert.equal(alertsFor(zoneB, 'renewed').length, 1);
    const everything = worker.logs() + JSON.stringify(await status(worker)) + JSON.stringify(hook.received);
    assert.ok(!/PRIVATE KEY/.test(everything), 'no key in logs, status or alerts');
    assert.ok(!everything.includes(keyLine(ca.privateKey)));
  } finally {
    emu.faults.clear();
    await worker.stop();
    const { rmSync } = await import('node:fs');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the documented .dev.vars.example (the emulator at its URL) renews the expiring certificates on its own', async () => {
  const { readFileSync, writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const example = readFileSync(new URL('../../.dev.vars.example', import.meta.url), 'utf8');
  const [zoneA, zoneB] = [...example.matchAll(/"zone":"([0-9a-f]{32})"/g)].map((m) => m[1]);
  assert.ok(zoneA && zoneB, 'the example watches two zones');
  // As a developer would: the emulator's URL and token in place of the example's.
  const text = example.replace(/^UPSTREAM=.*$/m, `UPSTREAM=${emu.url}`).replace(/^CF_API_TOKEN=.*$/m, `CF_API_TOKEN=${TOKEN}`);
  const dir = mkdtempSync(join(tmpdir(), 'originpull-devvars-'));
  const envFile = join(dir, '.dev.vars');
  writeFileSync(envFile, text);
  await seedZone(emu, TOKEN, zoneA, 'zone', await issue(ca, { commonName: 'example A old', days: 12 }));
  await seedZone(emu, TOKEN, zoneB, 'hostname', await issue(ca, { commonName: 'example B old', days: 12 }), ['www.origin.example']);
  await sleep(400);
  const kv = { [`aop:${zoneA}`]: await issue(ca, { commonName: 'example A new' }), [`aop:${zoneB}`]: await issue(ca, { commonName: 'example B new' }) };
  const worker = await automationWorker({ emu, token: TOKEN, watch: [], kv, envFile });
  try {
    assert.equal((await fetch(`${worker.url}/__scheduled`)).status, 200);
    const secret = /^ADMIN_SECRET=(.*)$/m.exec(example)[1];
    const until = Date.now() + 60_000;
    let zones;
    while (Date.now() < until) {
      const res = await fetch(`${worker.url}/status`, { headers: { authorization: `Bearer ${secret}` } });
      assert.equal(res.status, 200);
      zones = (await res.json()).zones;
      if (zones.every((z) => z.outcome === 'renewed')) break;
      await sleep(250);
    }
    assert.deepEqual(zones.map((z) => [z.zone, z.outcome]), [[zoneA, 'renewed'], [zoneB, 'renewed']]);
    for (const z of [zoneA, zoneB]) assert.equal(emu.checkZeroDowntime({ zoneId: z }).ok, true);
  } finally {
    await worker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
