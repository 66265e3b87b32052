// The Client (wasm core + the global fetch as transport) against the local AOP emulator in Node 20:
// every operation, every failure code, retries and time-outs with the emulator's fault
// knobs, the at-most-once upload, and the `fetch` option. Expected results are what the
// emulator itself answers to a plain `fetch` of the same resource, and what its audit log
// recorded (method, operation, status of every request). deployDelayMs is long, so statuses
// do not change while a test compares two reads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startEmulator } from '../../emulator/index.js';
import { root, readFixture } from '../helpers/paths.mjs';
import { randomZone } from '../helpers/aop.mjs';

if (!existsSync(join(root, 'pkg', 'originpull_bg.wasm'))) {
  execFileSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
}
const { Client } = await import('originpull');

const TOKEN = 'emulator-token-0123456789-abcdef';
const OP = {
  listZone: 'zone-level-authenticated-origin-pulls-list-certificates',
  uploadZone: 'zone-level-authenticated-origin-pulls-upload-certificate',
  getSetting: 'zone-level-authenticated-origin-pulls-get-enablement-setting-for-zone',
  setSetting: 'zone-level-authenticated-origin-pulls-set-enablement-for-zone',
  listHost: 'per-hostname-authenticated-origin-pull-list-certificates',
  uploadHost: 'per-hostname-authenticated-origin-pull-upload-a-hostname-client-certificate',
  getHostCert: 'per-hostname-authenticated-origin-pull-get-the-hostname-client-certificate',
  deleteHostCert: 'per-hostname-authenticated-origin-pull-delete-hostname-client-certificate',
};
const pair = (name) => ({ certificate: readFixture('aop', `${name}.pem`), private_key: readFixture('aop', `${name}.key`) });
const serialOf = (pem) => BigInt(`0x${new X509Certificate(pem).serialNumber}`).toString();

let emu;
before(async () => {
  emu = await startEmulator({ port: 0, host: '127.0.0.1', quiet: true, deployDelayMs: 60_000, token: TOKEN });
});
after(async () => {
  await emu.close();
});

const client = (options = {}) => new Client({ token: TOKEN, baseUrl: emu.url, ...options });

/** What the emulator answers to a plain fetch: the envelope's result. */
async function raw(path) {
  const res = await fetch(`${emu.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const body = await res.json();
  assert.equal(body.success, true, JSON.stringify(body));
  return body.result;
}

/** Requests logged by the emulator since `from` (a count), for one zone. */
const requestsSince = (from, zone) => emu.audit().requests.slice(from).filter((r) => !zone || r.zoneId === zone);
const seen = () => emu.audit().requests.length;
const ops = (list) => list.map((r) => `${r.method} ${r.operationId} ${r.status}${r.dropped ? ' dropped' : ''}`);

async function rejects(promise, code) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof Error, `an Error, got ${inspect(e)}`);
    assert.equal(e.code, code, `${e.code}: ${e.message}`);
    return e;
  }
  assert.fail(`expected a ${code} rejection`);
}

test('zone-level operations return the result exactly as the API sends it', async () => {
  const zone = randomZone();
  const c = client();
  assert.deepEqual(await c.getZoneSetting(zone), { enabled: false });
  assert.deepEqual(await c.setZoneSetting(zone, true), { enabled: true });
  assert.deepEqual(await c.getZoneSetting(zone), await raw(`/zones/${zone}/origin_tls_client_auth/settings`));

  const { certificate, private_key } = pair('leaf-rsa');
  const up = await c.uploadZoneCertificate(zone, { certificate, private_key });
  assert.match(up.id, /^[0-9a-f-]{36}$/);
  assert.equal(up.serial_number, serialOf(certificate));
  assert.equal(up.expires_on, '2036-01-01T00:00:00Z');
  assert.ok(!('private_key' in up));

  const listed = await c.listZoneCertificates(zone);
  assert.deepEqual(listed, await raw(`/zones/${zone}/origin_tls_client_auth`));
  assert.deepEqual(listed.map((x) => x.id), [up.id]);
  const got = await c.getZoneCertificate(zone, up.id);
  assert.deepEqual(got, await raw(`/zones/${zone}/origin_tls_client_auth/${up.id}`));
  const deleted = await c.deleteZoneCertificate(zone, up.id);
  assert.equal(deleted.id, up.id);
  assert.equal(deleted.status, 'pending_deletion');
  assert.deepEqual(
    ops(requestsSince(0, zone)),
    [
      `GET ${OP.getSetting} 200`, `PUT ${OP.setSetting} 200`, `GET ${OP.getSetting} 200`, `GET ${OP.getSetting} 200`,
      `POST ${OP.uploadZone} 200`, `GET ${OP.listZone} 200`, `GET ${OP.listZone} 200`,
      'GET zone-level-authenticated-origin-pulls-get-certificate-details 200',
      'GET zone-level-authenticated-origin-pulls-get-certificate-details 200',
      'DELETE zone-level-authenticated-origin-pulls-delete-certificate 200',
    ],
  );
});

test('per-hostname operations: upload, associate, read, list, void, delete', async () => {
  const zone = randomZone();
  const c = client();
  const { certificate, private_key } = pair('leaf-ec');
  const cert = await c.uploadHostnameCertificate(zone, { certificate, private_key });
  assert.equal(cert.serial_number, serialOf(certificate));
  assert.deepEqual(await c.listHostnameCertificates(zone), await raw(`/zones/${zone}/origin_tls_client_auth/hostnames/certificates`));
  assert.deepEqual(
    await c.getHostnameCertificate(zone, cert.id),
    await raw(`/zones/${zone}/origin_tls_client_auth/hostnames/certificates/${cert.id}`),
  );

  const put = await c.setHostnames(zone, [
    { hostname: 'b.origin.example', cert_id: cert.id, enabled: true },
    { hostname: 'a.origin.example', cert_id: cert.id, enabled: false },
  ]);
  assert.deepEqual(put.map((a) => [a.hostname, a.cert_id, a.enabled]), [
    ['a.origin.example', cert.id, false],
    ['b.origin.example', cert.id, true],
  ]);
  const one = await c.getHostname(zone, 'B.Origin.Example');
  assert.deepEqual(one, await raw(`/zones/${zone}/origin_tls_client_auth/hostnames/b.origin.example`));
  assert.equal(one.cert_status !== undefined && one.certificate.includes('BEGIN CERTIFICATE'), true);

  const page = await c.listHostnames(zone, { page: 2, perPage: 1, status: 'all' });
  assert.deepEqual(page, await raw(`/zones/${zone}/origin_tls_client_auth/hostnames?page=2&per_page=1&status=all`));
  assert.deepEqual(page.map((a) => a.hostname), ['b.origin.example']);
  const last = emu.audit().requests.filter((r) => r.zoneId === zone).at(-2);
  assert.equal(last.path.endsWith('/hostnames?page=2&per_page=1&status=all'), true, last.path);

  await c.setHostnames(zone, [
    { hostname: 'a.origin.example', cert_id: cert.id, enabled: null },
    { hostname: 'b.origin.example', cert_id: cert.id, enabled: null },
  ]);
  const all = await c.listHostnames(zone, { status: 'all' });
  assert.deepEqual(all.map((a) => a.status), ['pending_deletion', 'pending_deletion']);
  const gone = await c.deleteHostnameCertificate(zone, cert.id);
  assert.equal(gone.id, cert.id);
});

test('CF_API_ERROR carries status, errors, messages, rayId and hint', async () => {
  const zone = randomZone();
  const missing = '2458ce5a-0c35-4c7f-82c7-8e9487d3ff60';
  const e = await rejects(client().getHostnameCertificate(zone, missing), 'CF_API_ERROR');
  const logged = requestsSince(0, zone);
  assert.equal(logged.length, 1, 'a 404 is not retried');
  assert.equal(e.status, 404);
  assert.deepEqual(e.errors.map((x) => x.code), [1404]);
  assert.equal(typeof e.errors[0].message, 'string');
  assert.deepEqual(e.messages, []);
  assert.equal(e.rayId, logged[0].ray);

  // A CA certificate is refused by the emulator; the core knows the message and gives a hint.
  const ca = { certificate: readFixture('aop', 'ca.pem'), private_key: readFixture('aop', 'ca.key') };
  const e2 = await rejects(client().uploadHostnameCertificate(zone, ca), 'CF_API_ERROR');
  assert.equal(e2.status, 400);
  assert.match(e2.errors[0].message, /missing leaf certificate/);
  assert.match(e2.hint, /leaf/);
});

test('INVALID_ARGUMENT before anything is sent', async () => {
  const zone = randomZone();
  const c = client();
  const before = seen();
  const cert = '2458ce5a-0c35-4c7f-82c7-8e9487d3ff60';
  for (const [what, call] of [
    ['zone id', () => c.listZoneCertificates('not-a-zone')],
    ['zone id (undefined)', () => c.getZoneSetting()],
    ['certificate id', () => c.getZoneCertificate(zone, '../../dns_records')],
    ['hostname', () => c.getHostname(zone, 'bad host.example')],
    ['cert_id missing when voiding', () => c.setHostnames(zone, [{ hostname: 'a.example', enabled: null }])],
    ['enabled not boolean', () => c.setZoneSetting(zone, 'on')],
    ['per page', () => c.listHostnames(zone, { perPage: 5000 })],
    ['unknown list option', () => c.listHostnames(zone, { per_page: 5 })],
    ['encrypted key', () => c.uploadHostnameCertificate(zone, { certificate: pair('leaf-rsa').certificate, private_key: readFixture('aop', 'leaf-rsa.encrypted.key') })],
  ]) {
    const e = await rejects(call(), 'INVALID_ARGUMENT');
    assert.match(e.message, /^invalid argument: /, what);
  }
  assert.equal(seen(), before, 'the emulator saw no request');
  assert.throws(() => new Client({ baseUrl: 'ftp://example' }), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => new Client({ retries: -1 }), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => new Client({ timeoutMs: 1.5 }), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => new Client({ fetch: 'nope' }), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => new Client({ tokne: 'x' }), { code: 'INVALID_ARGUMENT' });
});

test('authentication failures never show the token', async () => {
  const zone = randomZone();
  const secret = 'Wr0ngT0ken_Secret_abcdefghijklmnop';
  const c = new Client({ token: secret, baseUrl: emu.url });
  const e = await rejects(c.listZoneCertificates(zone), 'CF_API_ERROR');
  assert.equal(e.status, 403); // the emulator answers 403 for a token it does not accept
  assert.deepEqual(e.errors.map((x) => x.code), [10000]);
  assert.match(e.hint, /authentication failed/);
  const everything = [e.message, e.stack, String(e), inspect(e, { depth: 5 }), JSON.stringify(e, Object.getOwnPropertyNames(e))].join('\n');
  assert.ok(!everything.includes(secret), everything);
  // The Client object holds no readable token either.
  const shown = [JSON.stringify(c), inspect(c, { depth: 5, showHidden: true }), Object.keys(c).join()].join('\n');
  assert.ok(!shown.includes(secret), shown);

  const e401 = await rejects(new Client({ baseUrl: emu.url }).listZoneCertificates(zone), 'CF_API_ERROR');
  assert.equal(e401.status, 401);
  assert.equal(requestsSince(0, zone).length, 2, 'auth failures are not retried');
});

test('429 with Retry-After is honoured, then the call succeeds', async () => {
  const zone = randomZone();
  emu.faults.rateLimit({ count: 1, retryAfter: 1 });
  const t0 = Date.now();
  assert.deepEqual(await client().getZoneSetting(zone), { enabled: false });
  const waited = Date.now() - t0;
  assert.ok(waited >= 1000 && waited < 3000, `waited ${waited} ms`);
  assert.deepEqual(ops(requestsSince(0, zone)), [`GET ${OP.getSetting} 429`, `GET ${OP.getSetting} 200`]);
});

test('500 then success (PUT), dropped connection then success (GET)', async () => {
  const zone = randomZone();
  emu.faults.serverError({ count: 1 });
  assert.deepEqual(await client().setZoneSetting(zone, true), { enabled: true });
  emu.faults.drop({ count: 1 });
  assert.deepEqual(await client().getZoneSetting(zone), { enabled: true });
  assert.deepEqual(ops(requestsSince(0, zone)), [
    `PUT ${OP.setSetting} 500`, `PUT ${OP.setSetting} 200`,
    `GET ${OP.getSetting} null dropped`, `GET ${OP.getSetting} 200`,
  ]);
});

test('retries exhausted: the last failure is reported', async () => {
  const zone = randomZone();
  emu.faults.serverError({ count: 3, status: 503, operationId: OP.listHost });
  const e = await rejects(client({ retries: 1 }).listHostnameCertificates(zone), 'CF_API_ERROR');
  assert.equal(e.status, 503);
  assert.deepEqual(e.errors.map((x) => x.code), [2000]);
  emu.faults.clear();
  emu.faults.drop({ count: 3 });
  const n = await rejects(client({ retries: 1 }).listHostnameCertificates(zone), 'NETWORK_ERROR');
  assert.match(n.message, /^network error: /);
  emu.faults.clear();
  assert.deepEqual(ops(requestsSince(0, zone)), [
    `GET ${OP.listHost} 503`, `GET ${OP.listHost} 503`,
    `GET ${OP.listHost} null dropped`, `GET ${OP.listHost} null dropped`,
  ]);
});

test('time-outs: TIMEOUT when the answer is slower than timeoutMs, retried like other failures', async () => {
  const zone = randomZone();
  emu.faults.latency(1500, { count: 1 });
  const t0 = Date.now();
  const e = await rejects(client({ timeoutMs: 200, retries: 0 }).getZoneSetting(zone), 'TIMEOUT');
  const took = Date.now() - t0;
  assert.ok(took >= 200 && took < 1200, `took ${took} ms`);
  assert.match(e.message, /200 ms/);

  // Only the first attempt is slow: the second one answers, so the call succeeds.
  emu.faults.latency(1500, { count: 1 });
  const t1 = Date.now();
  assert.deepEqual(await client({ timeoutMs: 400, retries: 1 }).getZoneSetting(zone), { enabled: false });
  assert.ok(Date.now() - t1 >= 400 + 250, 'one time-out and one back-off before the answer');
  // The emulator's audit also records the attempts the client abandoned (clientGone, issue
  // 14): the first call's and the retried call's slow first attempt; one attempt was answered.
  const seen = requestsSince(0, zone);
  assert.deepEqual(ops(seen.filter((r) => !r.clientGone)), [`GET ${OP.getSetting} 200`]);
  assert.equal(seen.filter((r) => r.clientGone).length, 2);
});

for (const [scope, upload, list, listPath] of [
  ['hostname', 'uploadHostnameCertificate', OP.listHost, '/hostnames/certificates'],
  ['zone', 'uploadZoneCertificate', OP.listZone, ''],
]) {
  test(`at most one upload (${scope}): response lost after the upload happened -> listed, found, returned`, async () => {
    const zone = randomZone();
    const uploadOp = scope === 'zone' ? OP.uploadZone : OP.uploadHost;
    emu.faults.dropAfter({ count: 1, operationId: uploadOp });
    const { certificate, private_key } = pair('leaf-rsa-2');
    const result = await client()[upload](zone, { certificate, private_key });
    emu.faults.clear();
    assert.deepEqual(ops(requestsSince(0, zone)), [`POST ${uploadOp} 200 dropped`, `GET ${list} 200`]);
    const listed = await raw(`/zones/${zone}/origin_tls_client_auth${listPath}`);
    assert.equal(listed.length, 1, 'exactly one certificate exists');
    assert.deepEqual(result, listed[0]);
    assert.equal(result.serial_number, serialOf(certificate));
  });
}

test('at most one upload: dropped before it ran (not in the list) -> uploaded once more', async () => {
  const zone = randomZone();
  emu.faults.drop({ count: 1, operationId: OP.uploadHost });
  const { certificate, private_key } = pair('leaf-ec');
  const result = await client().uploadHostnameCertificate(zone, { certificate, private_key });
  emu.faults.clear();
  assert.deepEqual(ops(requestsSince(0, zone)), [
    `POST ${OP.uploadHost} null dropped`, `GET ${OP.listHost} 200`, `POST ${OP.uploadHost} 200`,
  ]);
  const listed = await raw(`/zones/${zone}/origin_tls_client_auth/hostnames/certificates`);
  assert.deepEqual(listed.map((x) => x.id), [result.id]);
});

test('upload: 500 -> list -> upload again; 429 -> wait and upload again without listing', async () => {
  const zone = randomZone();
  emu.faults.serverError({ count: 1, operationId: OP.uploadHost });
  await client().uploadHostnameCertificate(zone, pair('leaf-ec'));
  emu.faults.clear();
  emu.faults.rateLimit({ count: 1, retryAfter: 1, operationId: OP.uploadHost });
  await client().uploadHostnameCertificate(zone, pair('leaf-rsa'));
  emu.faults.clear();
  assert.deepEqual(ops(requestsSince(0, zone)), [
    `POST ${OP.uploadHost} 500`, `GET ${OP.listHost} 200`, `POST ${OP.uploadHost} 200`,
    `POST ${OP.uploadHost} 429`, `POST ${OP.uploadHost} 200`,
  ]);
  assert.equal((await raw(`/zones/${zone}/origin_tls_client_auth/hostnames/certificates`)).length, 2);
});

test('upload with no retries left and no answer: checked, never sent twice', async () => {
  const zone = randomZone();
  emu.faults.drop({ count: 1, operationId: OP.uploadHost });
  const e = await rejects(client({ retries: 0 }).uploadHostnameCertificate(zone, pair('leaf-ec')), 'NETWORK_ERROR');
  emu.faults.clear();
  assert.doesNotMatch(e.message, /PRIVATE KEY/);
  assert.deepEqual(ops(requestsSince(0, zone)), [`POST ${OP.uploadHost} null dropped`, `GET ${OP.listHost} 200`]);
});

test('the fetch option is used instead of the global fetch', async () => {
  const zone = randomZone();
  const calls = [];
  const myFetch = async (url, init) => {
    calls.push({ url, method: init.method, headers: { ...init.headers }, hasSignal: init.signal instanceof AbortSignal });
    return fetch(url, init);
  };
  const c = client({ fetch: myFetch });
  assert.deepEqual(await c.setZoneSetting(zone, true), { enabled: true });
  const cert = await c.uploadHostnameCertificate(zone, pair('leaf-rsa'));
  assert.equal(cert.serial_number, serialOf(pair('leaf-rsa').certificate));
  assert.deepEqual(calls.map((x) => `${x.method} ${x.url}`), [
    `PUT ${emu.url}/zones/${zone}/origin_tls_client_auth/settings`,
    `POST ${emu.url}/zones/${zone}/origin_tls_client_auth/hostnames/certificates`,
  ]);
  assert.equal(calls[0].headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(calls[0].headers['content-type'], 'application/json');
  assert.ok(calls.every((x) => x.hasSignal));

  // A fetch that never answers (and ignores the signal) still times out.
  const hanging = client({ fetch: () => new Promise(() => {}), timeoutMs: 150, retries: 0 });
  await rejects(hanging.getZoneSetting(zone), 'TIMEOUT');
  // A fetch that throws is a network error; one that answers something else is too.
  await rejects(client({ fetch: () => { throw new TypeError('offline'); }, retries: 0 }).getZoneSetting(zone), 'NETWORK_ERROR');
  const odd = await rejects(client({ fetch: async () => ({}), retries: 0 }).getZoneSetting(zone), 'NETWORK_ERROR');
  assert.match(odd.message, /did not resolve to a Response/);
  // A fetch answering a mock Response: the envelope is read like any other.
  const mock = async () => new Response(JSON.stringify({ success: true, errors: [], messages: [], result: { enabled: true, extra: [1] } }), {
    headers: { 'content-type': 'application/json' },
  });
  assert.deepEqual(await client({ fetch: mock }).getZoneSetting(zone), { enabled: true, extra: [1] });
});

test('network errors: nothing listening', async () => {
  const e = await rejects(new Client({ token: TOKEN, baseUrl: 'http://127.0.0.1:9/client/v4', retries: 0 }).getZoneSetting(randomZone()), 'NETWORK_ERROR');
  assert.ok(!e.message.includes(TOKEN));
});

test('one Client, several calls at once (each with its own retries)', async () => {
  const zone = randomZone();
  const c = client();
  emu.faults.serverError({ count: 1, operationId: OP.listZone });
  const [setting, zoneCerts, hostCerts, assocs] = await Promise.all([
    c.getZoneSetting(zone), c.listZoneCertificates(zone), c.listHostnameCertificates(zone), c.listHostnames(zone),
  ]);
  assert.deepEqual([setting, zoneCerts, hostCerts, assocs], [{ enabled: false }, [], [], []]);
  const logged = requestsSince(0, zone);
  assert.equal(logged.length, 5);
  assert.deepEqual(logged.filter((r) => r.operationId === OP.listZone).map((r) => r.status), [500, 200]);
  assert.ok(logged.some((r) => r.path.endsWith('/hostnames')), 'listHostnames without options sends no query');
});
