// The local AOP API emulator (emulator/): every operation, every rejection, status
// transitions, persistence, fault knobs, the audit log and the control surface. Every API
// response is validated against Cloudflare's official schema (../shared/cloudflare), relaxed
// only for the schema's known defects (tests/helpers/schema.mjs).
// Fixture facts used below come from tests/fixtures/aop/make.sh (openssl): serials 0x1001
// (4097, leaf-rsa), 0x1002 (4098, leaf-ec); leaves valid until 2036-01-01T00:00:00Z; issuer
// O=originpull fixtures; all signed by the RSA CA with sha256.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { startEmulator } from '../../emulator/index.js';
import { signatureOid } from '../../emulator/certs.js';
import { loadAopSchema, aopOperations, validator, repoRoot, schemaPath } from '../helpers/schema.mjs';
import { randomZone } from '../helpers/aop.mjs';

const fx = (f) => readFileSync(join(repoRoot, 'tests', 'fixtures', 'aop', f), 'utf8');
const pair = (name) => ({ certificate: fx(`${name}.pem`), private_key: fx(`${name}.key`) });
const bulk = (() => {
  const text = fx('bulk.pem');
  const certs = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n/g);
  const keys = text.match(/-----BEGIN PRIVATE KEY-----[\s\S]*?-----END PRIVATE KEY-----\n/g);
  return certs.map((c, i) => ({ certificate: c, private_key: keys[i] }));
})();

const SCHEMA = loadAopSchema();
if (!SCHEMA) console.log(`# schema assertions skipped: ${schemaPath} not found`);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// The 13 operations as AOP-API.md section 2 lists them (checked against the schema below).
const P = '/zones/{zone_id}/origin_tls_client_auth';
const OPS = {
  zoneList: ['GET', P, 'zone-level-authenticated-origin-pulls-list-certificates'],
  zoneUpload: ['POST', P, 'zone-level-authenticated-origin-pulls-upload-certificate'],
  zoneGet: ['GET', `${P}/{certificate_id}`, 'zone-level-authenticated-origin-pulls-get-certificate-details'],
  zoneDelete: ['DELETE', `${P}/{certificate_id}`, 'zone-level-authenticated-origin-pulls-delete-certificate'],
  settingsGet: ['GET', `${P}/settings`, 'zone-level-authenticated-origin-pulls-get-enablement-setting-for-zone'],
  settingsPut: ['PUT', `${P}/settings`, 'zone-level-authenticated-origin-pulls-set-enablement-for-zone'],
  hostUpload: ['POST', `${P}/hostnames/certificates`, 'per-hostname-authenticated-origin-pull-upload-a-hostname-client-certificate'],
  hostList: ['GET', `${P}/hostnames/certificates`, 'per-hostname-authenticated-origin-pull-list-certificates'],
  hostGet: ['GET', `${P}/hostnames/certificates/{certificate_id}`, 'per-hostname-authenticated-origin-pull-get-the-hostname-client-certificate'],
  hostDelete: ['DELETE', `${P}/hostnames/certificates/{certificate_id}`, 'per-hostname-authenticated-origin-pull-delete-hostname-client-certificate'],
  assocPut: ['PUT', `${P}/hostnames`, 'per-hostname-authenticated-origin-pull-enable-or-disable-a-hostname-for-client-authentication'],
  hostnameGet: ['GET', `${P}/hostnames/{hostname}`, 'per-hostname-authenticated-origin-pull-get-the-hostname-status-for-client-authentication'],
  assocList: ['GET', `${P}/hostnames`, 'per-hostname-authenticated-origin-pull-list-hostname-associations'],
};

let validated = 0;
const validators = new Map();
function checkSchema(operationId, status, body) {
  if (!SCHEMA) return;
  const relax = status === 429; // Cloudflare's rate-limit answer uses code 971 (< the schema's minimum 1000)
  const key = `${operationId ?? 'failure'}|${status === 200 ? 200 : 'err'}|${relax}`;
  if (!validators.has(key)) validators.set(key, validator(operationId ?? 'failure', { status, relaxCodeMinimum: relax }));
  const { valid, errors } = validators.get(key)(body);
  assert.ok(valid, `schema (${key}): ${JSON.stringify(errors)}\n${JSON.stringify(body).slice(0, 500)}`);
  validated++;
}

/** Raw request to the emulator; validates JSON bodies of /client/v4 against the schema. */
async function request(emu, method, path, { body, token = 'emulator-token', headers = {}, operationId = null, rawBody } = {}) {
  const h = { ...headers };
  if (token !== null) h.authorization = `Bearer ${token}`;
  if (body !== undefined || rawBody !== undefined) h['content-type'] = 'application/json';
  const res = await fetch(`${emu.url}${path}`, { method, headers: h, body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)) });
  const text = await res.text();
  const json = JSON.parse(text);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.match(res.headers.get('cf-ray') ?? '', /^[0-9a-f]{16}-[A-Z]{3}$/);
  for (const name of res.headers.keys()) assert.ok(!name.startsWith('access-control-'), `no CORS header on the API: ${name}`);
  if (res.status === 200) assert.equal(json.success, true);
  else assert.equal(json.success, false);
  checkSchema(operationId, res.status, json);
  return { status: res.status, body: json, headers: res.headers };
}

/** Calls one operation by its key in OPS. */
function op(emu, key, { zone, id, hostname, query, ...rest } = {}) {
  const [method, template, operationId] = OPS[key];
  let path = template
    .replace('{zone_id}', zone)
    .replace('{certificate_id}', id === undefined ? '{certificate_id}' : encodeURIComponent(id))
    .replace('{hostname}', hostname === undefined ? '{hostname}' : encodeURIComponent(hostname));
  if (query) path += `?${new URLSearchParams(query)}`;
  return request(emu, method, path, { ...rest, operationId });
}

function expectError(res, status, code, message) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.result, null);
  assert.equal(res.body.errors.length, 1);
  assert.equal(res.body.errors[0].code, code);
  if (message instanceof RegExp) assert.match(res.body.errors[0].message, message);
  else if (message) assert.equal(res.body.errors[0].message, message);
}

/** A control-route request with the emulator's token (the routes refuse requests without it). */
function ctlFetch(emu, path, init = {}) {
  return fetch(`${emu.origin}${path}`, { ...init, headers: { authorization: `Bearer ${emu.token ?? 'any-token'}`, ...(init.headers ?? {}) } });
}

const D = 300; // deploy delay used with the manual clock (advance() moves it)
async function emulator(t, options = {}) {
  const emu = await startEmulator({ port: 0, host: '127.0.0.1', deployDelayMs: D, now: () => 1_800_000_000_000, ...options });
  t.after(() => emu.close());
  return emu;
}

async function uploadHost(emu, zone, name = 'leaf-ec') {
  const r = await op(emu, 'hostUpload', { zone, body: typeof name === 'string' ? pair(name) : name });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.result;
}

describe('schema and routes', () => {
  test('the 13 operations match the official schema', { skip: !SCHEMA && 'schema absent' }, () => {
    const ops = aopOperations();
    assert.equal(Object.keys(ops).length, 13);
    for (const [method, template, operationId] of Object.values(OPS)) {
      assert.deepEqual([ops[operationId].method, ops[operationId].path], [method, template], operationId);
    }
  });

  test('P15: the unrelaxed schema rejects 36-character ids, the relaxed copy accepts them', { skip: !SCHEMA && 'schema absent' }, () => {
    const body = { success: true, errors: [], messages: [], result: { id: '2458ce5a-0c35-4c7f-82c7-8e9487d3ff60' } };
    assert.equal(validator('certificate_response_single-4')(body).valid, true);
    const strict = validator('certificate_response_single-4', { relaxIds: false })(body);
    assert.equal(strict.valid, false);
    assert.equal(strict.errors[0].keyword, 'maxLength');
    assert.equal(strict.errors[0].instancePath, '/result/id');
  });

  test('unknown routes and methods: 404, code 7003 "No route for the URI"', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    expectError(await request(emu, 'GET', '/zones', {}), 404, 7003, 'No route for the URI');
    expectError(await request(emu, 'GET', `/zones/${zone}/origin_tls_client_auth/nope/deeper`), 404, 7003, 'No route for the URI');
    expectError(await request(emu, 'PATCH', `/zones/${zone}/origin_tls_client_auth/settings`, { body: {} }), 404, 7003);
    expectError(await request(emu, 'POST', `/zones/${zone}/origin_tls_client_auth/hostnames/x.example.com`, { body: {} }), 404, 7003);
    // outside /client/v4 as well
    const res = await fetch(`${emu.origin}/elsewhere`);
    assert.equal(res.status, 404);
    const body = await res.json();
    checkSchema(null, 404, body);
    assert.equal(body.errors[0].code, 7003);
  });

  test('zone ids: any 32-hex id is a zone; anything else is 400 / 7003', async (t) => {
    const emu = await emulator(t);
    const r = await op(emu, 'settingsGet', { zone: randomZone() });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.result, { enabled: false });
    expectError(await op(emu, 'zoneList', { zone: 'not-a-zone' }), 400, 7003, /Could not route to .*perhaps your object identifier is invalid\?/);
    expectError(await op(emu, 'zoneList', { zone: '0123456789ABCDEF0123456789ABCDEF' }), 400, 7003);
    expectError(await op(emu, 'zoneGet', { zone: randomZone(), id: 'bad$id' }), 400, 7003);
  });
});

describe('authentication', () => {
  test('missing token 401, wrong token 403, malformed header 400; all code 10000/6003 envelopes', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    expectError(await op(emu, 'zoneList', { zone, token: null }), 401, 10000, 'Authentication error');
    expectError(await op(emu, 'zoneList', { zone, token: 'wrong' }), 403, 10000, 'Authentication error');
    expectError(await op(emu, 'zoneList', { zone, token: null, headers: { authorization: 'Basic abc' } }), 400, 6003);
    assert.equal((await op(emu, 'zoneList', { zone })).status, 200);
  });

  test('configurable token, and anyToken accepts any non-empty token', async (t) => {
    const emu = await emulator(t, { token: 's3cret' });
    const zone = randomZone();
    expectError(await op(emu, 'zoneList', { zone }), 403, 10000);
    assert.equal((await op(emu, 'zoneList', { zone, token: 's3cret' })).status, 200);
    const any = await emulator(t, { anyToken: true });
    assert.equal((await op(any, 'zoneList', { zone, token: 'whatever' })).status, 200);
    expectError(await op(any, 'zoneList', { zone, token: null }), 401, 10000);
  });

  test('the token never appears in the audit log or the state file', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const stateFile = join(dir, 'state.json');
    const emu = await emulator(t, { token: 'tok-DO-NOT-LOG', stateFile });
    const zone = randomZone();
    await op(emu, 'hostUpload', { zone, body: pair('leaf-ec'), token: 'tok-DO-NOT-LOG' });
    await op(emu, 'hostList', { zone, token: 'bad-token-DO-NOT-LOG' });
    const dump = JSON.stringify(emu.audit()) + readFileSync(stateFile, 'utf8');
    assert.ok(!dump.includes('DO-NOT-LOG'));
    assert.ok(!dump.includes('PRIVATE KEY'), 'no private key stored');
  });
});

describe('CORS', () => {
  test('no CORS headers on /client/v4, even for a preflight; control routes send them', async (t) => {
    const emu = await emulator(t);
    const pre = await fetch(`${emu.url}/zones/${randomZone()}/origin_tls_client_auth`, {
      method: 'OPTIONS',
      headers: { origin: 'http://page.example', 'access-control-request-method': 'GET' },
    });
    assert.equal(pre.status, 404);
    assert.equal(pre.headers.get('access-control-allow-origin'), null);
    checkSchema(null, 404, await pre.json());
    const ctl = await ctlFetch(emu, `/__emulator/health`);
    assert.equal(ctl.status, 200);
    assert.equal(ctl.headers.get('access-control-allow-origin'), null);
    const ctlPre = await fetch(`${emu.origin}/__emulator/faults`, { method: 'OPTIONS', headers: { origin: 'http://page.example', 'access-control-request-method': 'POST' } });
    assert.notEqual(ctlPre.status, 204);
    assert.equal(ctlPre.headers.get('access-control-allow-origin'), null);
  });
});

describe('zone-level certificates and settings', () => {
  test('upload, get, list, statuses over time, delete', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    assert.deepEqual((await op(emu, 'zoneList', { zone })).body.result, []);
    const up = await op(emu, 'zoneUpload', { zone, body: pair('leaf-rsa') });
    assert.equal(up.status, 200);
    const c = up.body.result;
    assert.match(c.id, UUID);
    assert.equal(c.id.length, 36);
    assert.equal(c.status, 'initializing');
    assert.equal(c.serial_number, '4097');
    assert.equal(c.expires_on, '2036-01-01T00:00:00Z');
    assert.equal(c.issuer, 'originpull fixtures');
    assert.equal(c.signature, 'SHA256WithRSA');
    assert.equal(c.certificate.trim(), fx('leaf-rsa.pem').trim());
    assert.ok(!('private_key' in c));
    assert.ok(!Number.isNaN(Date.parse(c.uploaded_on)));

    emu.clock.advance(D / 3);
    assert.equal((await op(emu, 'zoneGet', { zone, id: c.id })).body.result.status, 'pending_deployment');
    emu.clock.advance(D);
    const got = await op(emu, 'zoneGet', { zone, id: c.id });
    assert.equal(got.body.result.status, 'active');
    const list = await op(emu, 'zoneList', { zone });
    assert.deepEqual(list.body.result.map((x) => [x.id, x.status]), [[c.id, 'active']]);

    const del = await op(emu, 'zoneDelete', { zone, id: c.id });
    assert.equal(del.status, 200);
    assert.equal(del.body.result.status, 'pending_deletion');
    assert.equal((await op(emu, 'zoneList', { zone })).body.result[0].status, 'pending_deletion');
    emu.clock.advance(D);
    assert.deepEqual((await op(emu, 'zoneList', { zone })).body.result, [], 'deleted certificates leave the list');
    assert.equal((await op(emu, 'zoneGet', { zone, id: c.id })).body.result.status, 'deleted');
    expectError(await op(emu, 'zoneDelete', { zone, id: c.id }), 404, 1404);
    expectError(await op(emu, 'zoneGet', { zone, id: '2458ce5a-0c35-4c7f-82c7-8e9487d3ff60' }), 404, 1404);
    expectError(await op(emu, 'zoneGet', { zone: randomZone(), id: c.id }), 404, 1404, 'Certificate not found');
  });

  test('DELETE accepts an empty body or "{}" (P20)', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    const a = (await op(emu, 'zoneUpload', { zone, body: pair('leaf-rsa') })).body.result;
    const b = (await op(emu, 'zoneUpload', { zone, body: pair('leaf-ec') })).body.result;
    assert.equal((await op(emu, 'zoneDelete', { zone, id: a.id })).status, 200);
    assert.equal((await op(emu, 'zoneDelete', { zone, id: b.id, body: {} })).status, 200);
  });

  test('rejections: CA (1412), mismatch (2200), encrypted key (2106), duplicate (409/1220), bad PEM (1002), missing field (1400)', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    expectError(await op(emu, 'zoneUpload', { zone, body: pair('ca') }), 400, 1412, 'missing leaf certificate');
    expectError(await op(emu, 'zoneUpload', { zone, body: { certificate: fx('leaf-rsa.pem'), private_key: fx('mismatch.key') } }), 400, 2200, 'The key you provided does not match the certificate');
    expectError(await op(emu, 'zoneUpload', { zone, body: { certificate: fx('leaf-rsa.pem'), private_key: fx('leaf-ec.key') } }), 400, 2200);
    expectError(await op(emu, 'zoneUpload', { zone, body: { certificate: fx('leaf-rsa.pem'), private_key: fx('leaf-rsa.encrypted.key') } }), 400, 2106, /encrypted/);
    expectError(await op(emu, 'zoneUpload', { zone, body: { certificate: 'not a certificate', private_key: fx('leaf-rsa.key') } }), 400, 1002);
    expectError(await op(emu, 'zoneUpload', { zone, body: { certificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', private_key: fx('leaf-rsa.key') } }), 400, 1002);
    expectError(await op(emu, 'zoneUpload', { zone, body: { certificate: fx('leaf-rsa.pem') } }), 400, 1400, /private_key/);
    expectError(await op(emu, 'zoneUpload', { zone, body: { certificate: fx('leaf-rsa.pem'), private_key: 'garbage' } }), 400, 2106);
    assert.equal((await op(emu, 'zoneUpload', { zone, body: pair('leaf-rsa') })).status, 200);
    expectError(await op(emu, 'zoneUpload', { zone, body: pair('leaf-rsa') }), 409, 1220, 'This certificate already exists for this zone.');
    // CRLF line ends and a chain (leaf + CA) are accepted
    const crlf = { certificate: (fx('leaf-ec.pem') + fx('ca.pem')).replace(/\n/g, '\r\n'), private_key: fx('leaf-ec.key').replace(/\n/g, '\r\n') };
    assert.equal((await op(emu, 'zoneUpload', { zone, body: crlf })).status, 200);
    assert.equal((await op(emu, 'zoneList', { zone })).body.result.length, 2, 'rejected uploads stored nothing');
  });

  test('invalid JSON (6007), empty body (1400), non-object body (1400)', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    expectError(await op(emu, 'zoneUpload', { zone, rawBody: '{"certificate": ' }), 400, 6007, 'Malformed JSON in request body');
    expectError(await op(emu, 'zoneUpload', { zone, rawBody: '' }), 400, 1400);
    expectError(await op(emu, 'zoneUpload', { zone, body: [1, 2] }), 400, 1400);
    expectError(await op(emu, 'settingsPut', { zone, rawBody: 'true' }), 400, 1400);
    expectError(await op(emu, 'zoneUpload', { zone, rawBody: JSON.stringify({ certificate: 'x'.repeat(1100 * 1024) }) }), 413, 1400);
  });

  test('settings: off by default; enabled must be a boolean (null invalid, P3)', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    assert.deepEqual((await op(emu, 'settingsGet', { zone })).body.result, { enabled: false });
    assert.deepEqual((await op(emu, 'settingsPut', { zone, body: { enabled: true } })).body.result, { enabled: true });
    assert.deepEqual((await op(emu, 'settingsGet', { zone })).body.result, { enabled: true });
    for (const bad of [{ enabled: null }, { enabled: 'true' }, { enabled: 1 }, {}]) {
      expectError(await op(emu, 'settingsPut', { zone, body: bad }), 400, 1400, /enabled/);
    }
    assert.deepEqual((await op(emu, 'settingsPut', { zone, body: { enabled: false } })).body.result, { enabled: false });
    assert.deepEqual((await op(emu, 'settingsGet', { zone })).body.result, { enabled: false });
  });
});

describe('certificate facts (node:crypto, no DER parsing in the emulator)', () => {
  test('the signature algorithm of every inspection vector, as Python cryptography read it', () => {
    // tests/data/inspect: certificates beside the JSON cryptography wrote for them (11
    // signature algorithms: RSA with MD5 to SHA-512, PSS, ECDSA with SHA-1 to SHA-512,
    // Ed25519, Ed448).
    const dir = join(repoRoot, 'tests', 'data', 'inspect');
    const seen = new Set();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.pem.json'))) {
      const expected = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      const pems = readFileSync(join(dir, f.replace(/\.json$/, '')), 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
      const certs = Array.isArray(expected) ? expected : expected.certificates;
      assert.equal(pems.length, certs.length, f);
      pems.forEach((pem, i) => {
        assert.equal(signatureOid(new X509Certificate(pem)), certs[i].signatureAlgorithm.oid, `${f} #${i}`);
        seen.add(certs[i].signatureAlgorithm.oid);
      });
    }
    assert.ok(seen.size >= 11, `algorithms covered: ${[...seen].join(', ')}`);
  });

  test('an ECDSA-signed upload reports ECDSAWithSHA256 and the issuer CN', async (t) => {
    const emu = await emulator(t);
    const basic = (f) => readFileSync(join(repoRoot, 'tests', 'fixtures', 'basic', f), 'utf8');
    const up = await op(emu, 'zoneUpload', { zone: randomZone(), body: { certificate: basic('leaf.pem'), private_key: basic('leaf.key') } });
    assert.equal(up.status, 200, JSON.stringify(up.body));
    assert.equal(up.body.result.signature, 'ECDSAWithSHA256');
    assert.equal(up.body.result.issuer, 'originpull test root');
    assert.equal(up.body.result.serial_number, '2');
  });
});

describe('per-hostname certificates', () => {
  test('upload, get, list, delete; fields as the schema names them', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    const c = await uploadHost(emu, zone, 'leaf-ec');
    assert.match(c.id, UUID);
    assert.equal(c.serial_number, '4098');
    assert.equal(c.expires_on, '2036-01-01T00:00:00Z');
    assert.equal(c.status, 'initializing');
    assert.ok(!('private_key' in c));
    const got = await op(emu, 'hostGet', { zone, id: c.id });
    assert.equal(got.body.result.certificate, c.certificate);
    assert.deepEqual((await op(emu, 'hostList', { zone })).body.result.map((x) => x.id), [c.id]);
    assert.deepEqual((await op(emu, 'zoneList', { zone })).body.result, [], 'zone-level list is separate');
    expectError(await op(emu, 'zoneGet', { zone, id: c.id }), 404, 1404);
    emu.clock.advance(D);
    assert.equal((await op(emu, 'hostGet', { zone, id: c.id })).body.result.status, 'active');
    assert.equal((await op(emu, 'hostDelete', { zone, id: c.id })).body.result.status, 'pending_deletion');
    emu.clock.advance(D);
    assert.deepEqual((await op(emu, 'hostList', { zone })).body.result, []);
    expectError(await op(emu, 'hostDelete', { zone, id: c.id }), 404, 1404);
  });

  test('rejections: CA, mismatch, encrypted, duplicate; other zones are independent', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    expectError(await op(emu, 'hostUpload', { zone, body: pair('ca') }), 400, 1412, 'missing leaf certificate');
    expectError(await op(emu, 'hostUpload', { zone, body: { certificate: fx('leaf-ec.pem'), private_key: fx('mismatch.key') } }), 400, 2200);
    expectError(await op(emu, 'hostUpload', { zone, body: { certificate: fx('leaf-rsa.pem'), private_key: fx('leaf-rsa.encrypted.key') } }), 400, 2106);
    await uploadHost(emu, zone, 'leaf-rsa');
    expectError(await op(emu, 'hostUpload', { zone, body: pair('leaf-rsa') }), 409, 1220);
    await uploadHost(emu, randomZone(), 'leaf-rsa');
  });

  test('10 hostname certificates per zone; the 11th is refused (1212); deleting one frees a slot', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    const ids = [];
    for (const p of bulk.slice(0, 10)) ids.push((await uploadHost(emu, zone, p)).id);
    expectError(await op(emu, 'hostUpload', { zone, body: bulk[10] }), 400, 1212, /10 hostname client certificates per zone/);
    await op(emu, 'hostDelete', { zone, id: ids[0] });
    emu.clock.advance(D);
    await uploadHost(emu, zone, bulk[10]);
    assert.equal((await op(emu, 'hostList', { zone })).body.result.length, 10);
  });

  test('limits are configurable', async (t) => {
    const emu = await emulator(t, { limits: { hostnameCertsPerZone: 1 } });
    const zone = randomZone();
    await uploadHost(emu, zone, 'leaf-ec');
    expectError(await op(emu, 'hostUpload', { zone, body: pair('leaf-rsa') }), 400, 1212);
  });
});

describe('hostname associations', () => {
  test('associate, statuses, GET hostname, PUT answers with every association (P6)', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    const c = await uploadHost(emu, zone, 'leaf-ec');
    const r1 = await op(emu, 'assocPut', { zone, body: { config: [{ hostname: 'a.example.com', cert_id: c.id, enabled: true }] } });
    assert.equal(r1.status, 200);
    assert.equal(r1.body.result.length, 1);
    const a = r1.body.result[0];
    assert.equal(a.hostname, 'a.example.com');
    assert.equal(a.cert_id, c.id);
    assert.equal(a.enabled, true);
    assert.equal(a.status, 'pending_deployment');
    assert.equal(a.cert_status, 'initializing');
    assert.equal(a.serial_number, '4098');
    assert.ok(!('private_key' in a));
    const r2 = await op(emu, 'assocPut', { zone, body: { config: [{ hostname: 'B.example.com', cert_id: c.id, enabled: true }] } });
    assert.deepEqual(r2.body.result.map((x) => x.hostname), ['a.example.com', 'b.example.com']);

    // default list shows active ones only
    assert.deepEqual((await op(emu, 'assocList', { zone })).body.result, []);
    emu.clock.advance(D);
    const h = await op(emu, 'hostnameGet', { zone, hostname: 'a.example.com' });
    assert.equal(h.body.result.status, 'active');
    assert.equal(h.body.result.cert_status, 'active');
    assert.equal(h.body.result.cert_id, c.id);
    const list = await op(emu, 'assocList', { zone });
    assert.deepEqual(list.body.result.map((x) => [x.hostname, x.status, x.enabled]), [['a.example.com', 'active', true], ['b.example.com', 'active', true]]);
    assert.deepEqual(list.body.result_info, { count: 2, page: 1, per_page: 50, total_count: 2, total_pages: 1 });
    expectError(await op(emu, 'hostnameGet', { zone, hostname: 'nobody.example.com' }), 404, 1404);
  });

  test('an association waits for its certificate to deploy', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    const c = await uploadHost(emu, zone, 'leaf-ec');
    emu.clock.advance(D / 2);
    await op(emu, 'assocPut', { zone, body: { config: [{ hostname: 'a.example.com', cert_id: c.id, enabled: true }] } });
    emu.clock.advance(D / 2 + 1);
    const h = await op(emu, 'hostnameGet', { zone, hostname: 'a.example.com' });
    assert.equal(h.body.result.cert_status, 'active');
    assert.equal(h.body.result.status, 'pending_deployment', 'its own deployment takes deployDelayMs from the PUT');
    emu.clock.advance(D);
    assert.equal((await op(emu, 'hostnameGet', { zone, hostname: 'a.example.com' })).body.result.status, 'active');
  });

  test('enabled false keeps a disabled association; null voids it (pending_deletion, then deleted)', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    const c = await uploadHost(emu, zone, 'leaf-ec');
    await op(emu, 'assocPut', { zone, body: { config: [{ hostname: 'a.example.com', cert_id: c.id, enabled: true }, { hostname: 'b.example.com', cert_id: c.id, enabled: true }] } });
    emu.clock.advance(D);
    const off = await op(emu, 'assocPut', { zone, body: { config: [{ hostname: 'a.example.com', cert_id: c.id, enabled: false }] } });
    assert.deepEqual(off.body.result.map((x) => [x.hostname, x.enabled]), [['a.example.com', false], ['b.example.com', true]]);
    emu.clock.advance(D);
    assert.deepEqual((await op(emu, 'hostnameGet', { zone, hostname: 'a.example.com' })).body.result.enabled, false);

    expectError(await op(emu, 'hostDelete', { zone, id: c.id }), 400, 1416, /void/);

    const v = await op(emu, 'assocPut', { zone, body: { config: [{ hostname: 'a.example.com', cert_id: c.id, enabled: null }] } });
    assert.deepEqual(v.body.result.map((x) => [x.hostname, x.enabled, x.status]), [['a.example.com', null, 'pending_deletion'], ['b.example.com', true, 'active']]);
    expectError(await op(emu, 'hostDelete', { zone, id: c.id }), 400, 1416, /1 hostname/);
    emu.clock.advance(D);
    const after = await op(emu, 'assocPut', { zone, body: { config: [] } });
    assert.deepEqual(after.body.result.map((x) => x.hostname), ['b.example.com'], 'voided associations leave the PUT answer');
    assert.equal((await op(emu, 'hostnameGet', { zone, hostname: 'a.example.com' })).body.result.status, 'deleted');
    assert.deepEqual((await op(emu, 'assocList', { zone, query: { status: 'deleted' } })).body.result.map((x) => x.hostname), ['a.example.com']);
    assert.deepEqual((await op(emu, 'assocList', { zone, query: { status: 'all' } })).body.result.map((x) => x.hostname), ['a.example.com', 'b.example.com']);
    // voiding again is a no-op; then the certificate can go
    assert.equal((await op(emu, 'assocPut', { zone, body: { config: [{ hostname: 'a.example.com', cert_id: c.id, enabled: null }, { hostname: 'b.example.com', cert_id: c.id, enabled: null }] } })).status, 200);
    assert.equal((await op(emu, 'hostDelete', { zone, id: c.id })).status, 200);
  });

  test('rejections: cert_id required even to void (P8, 1413), unknown or zone-level cert_id (1415), bad items (1400)', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    const c = await uploadHost(emu, zone, 'leaf-ec');
    const zc = (await op(emu, 'zoneUpload', { zone, body: pair('leaf-rsa') })).body.result;
    const put = (config) => op(emu, 'assocPut', { zone, body: { config } });
    expectError(await put([{ hostname: 'a.example.com', enabled: null }]), 400, 1413, 'Certificate ID required');
    expectError(await put([{ hostname: 'a.example.com', enabled: true }]), 400, 1413);
    expectError(await put([{ hostname: 'a.example.com', cert_id: '2458ce5a-0c35-4c7f-82c7-8e9487d3ff60', enabled: true }]), 400, 1415);
    expectError(await put([{ hostname: 'a.example.com', cert_id: zc.id, enabled: true }]), 400, 1415, /2458|No hostname client certificate/);
    expectError(await put([{ hostname: 'a.example.com', cert_id: '2458ce5a-0c35-4c7f-82c7-8e9487d3ff60', enabled: null }]), 400, 1415);
    expectError(await put([{ cert_id: c.id, enabled: true }]), 400, 1400, /hostname/);
    expectError(await put([{ hostname: 'not a hostname', cert_id: c.id, enabled: true }]), 400, 1400);
    expectError(await put([{ hostname: `${'a'.repeat(250)}.example.com`, cert_id: c.id, enabled: true }]), 400, 1400);
    expectError(await put([{ hostname: 'a.example.com', cert_id: c.id }]), 400, 1400, /enabled/);
    expectError(await put([{ hostname: 'a.example.com', cert_id: c.id, enabled: 'yes' }]), 400, 1400);
    expectError(await put([{ hostname: 'a.example.com', cert_id: c.id, enabled: true }, { hostname: 'a.example.com', cert_id: c.id, enabled: false }]), 400, 1400, /more than once/);
    expectError(await op(emu, 'assocPut', { zone, body: { config: 'x' } }), 400, 1400, /config/);
    expectError(await op(emu, 'assocPut', { zone, body: {} }), 400, 1400);
    // a batch with one bad item changes nothing
    expectError(await put([{ hostname: 'ok.example.com', cert_id: c.id, enabled: true }, { hostname: 'x.example.com', cert_id: zc.id, enabled: true }]), 400, 1415);
    assert.deepEqual((await op(emu, 'assocList', { zone, query: { status: 'all' } })).body.result, []);
    // voiding with the wrong certificate
    await put([{ hostname: 'a.example.com', cert_id: c.id, enabled: true }]);
    const c2 = await uploadHost(emu, zone, 'leaf-rsa-2');
    expectError(await put([{ hostname: 'a.example.com', cert_id: c2.id, enabled: null }]), 400, 1400, /associated with certificate/);
  });

  test('100 associations per certificate; the 101st is refused (1212)', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    const c = await uploadHost(emu, zone, 'leaf-ec');
    const hosts = (n, from = 0) => Array.from({ length: n }, (_, i) => ({ hostname: `h${from + i}.example.com`, cert_id: c.id, enabled: true }));
    expectError(await op(emu, 'assocPut', { zone, body: { config: hosts(101) } }), 400, 1212, /100 maximum associations/);
    const ok = await op(emu, 'assocPut', { zone, body: { config: hosts(100) } });
    assert.equal(ok.body.result.length, 100);
    expectError(await op(emu, 'assocPut', { zone, body: { config: hosts(1, 100) } }), 400, 1212);
    // disabled ones still count; voided ones do not
    const swap = await op(emu, 'assocPut', { zone, body: { config: [{ hostname: 'h0.example.com', cert_id: c.id, enabled: null }, ...hosts(1, 100)] } });
    assert.equal(swap.status, 200);
  });

  test('list: paging, per_page and page limits, status filter (comma-separated, P14)', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    const c = await uploadHost(emu, zone, 'leaf-ec');
    await op(emu, 'assocPut', { zone, body: { config: ['a', 'b', 'c', 'd', 'e'].map((h) => ({ hostname: `${h}.example.com`, cert_id: c.id, enabled: true })) } });
    emu.clock.advance(D);
    const p3 = await op(emu, 'assocList', { zone, query: { page: 3, per_page: 2 } });
    assert.deepEqual(p3.body.result.map((x) => x.hostname), ['e.example.com']);
    assert.deepEqual(p3.body.result_info, { count: 1, page: 3, per_page: 2, total_count: 5, total_pages: 3 });
    const p9 = await op(emu, 'assocList', { zone, query: { page: 9 } });
    assert.deepEqual(p9.body.result, []);
    for (const q of [{ per_page: 0 }, { per_page: 1001 }, { page: 0 }, { page: 'x' }, { status: 'initializing' }, { status: 'bogus' }]) {
      expectError(await op(emu, 'assocList', { zone, query: q }), 400, 1400);
    }
    assert.equal((await op(emu, 'assocList', { zone, query: { per_page: 1000 } })).body.result.length, 5);
    await op(emu, 'assocPut', { zone, body: { config: [{ hostname: 'a.example.com', cert_id: c.id, enabled: null }] } });
    const both = await op(emu, 'assocList', { zone, query: { status: 'pending_deletion,active' } });
    assert.equal(both.body.result.length, 5);
    assert.equal((await op(emu, 'assocList', { zone, query: { status: 'pending_deletion' } })).body.result.length, 1);
  });
});

describe('time-outs', () => {
  test('next upload times out (deployment_timed_out), and so does its association', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    emu.faults.timeoutNextUpload({ scope: 'hostname' });
    const zc = (await op(emu, 'zoneUpload', { zone, body: pair('leaf-rsa') })).body.result;
    const c = await uploadHost(emu, zone, 'leaf-ec');
    const ok = await uploadHost(emu, zone, 'leaf-rsa-2');
    await op(emu, 'assocPut', { zone, body: { config: [{ hostname: 'a.example.com', cert_id: c.id, enabled: true }] } });
    assert.equal((await op(emu, 'hostGet', { zone, id: c.id })).body.result.status, 'initializing');
    emu.clock.advance(D);
    assert.equal((await op(emu, 'hostGet', { zone, id: c.id })).body.result.status, 'deployment_timed_out');
    assert.equal((await op(emu, 'hostGet', { zone, id: ok.id })).body.result.status, 'active', 'only the next upload');
    assert.equal((await op(emu, 'zoneGet', { zone, id: zc.id })).body.result.status, 'active', 'scope hostname only');
    assert.equal((await op(emu, 'hostnameGet', { zone, hostname: 'a.example.com' })).body.result.status, 'deployment_timed_out');
    assert.equal((await op(emu, 'assocList', { zone, query: { status: 'deployment_timed_out' } })).body.result.length, 1);
  });

  test('a given certificate times out; an already active one cannot', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    const c = (await op(emu, 'zoneUpload', { zone, body: pair('leaf-rsa') })).body.result;
    emu.faults.timeoutCertificate(c.id);
    emu.clock.advance(D);
    assert.equal((await op(emu, 'zoneGet', { zone, id: c.id })).body.result.status, 'deployment_timed_out');
    const d = (await op(emu, 'zoneUpload', { zone, body: pair('leaf-ec') })).body.result;
    emu.clock.advance(D);
    assert.throws(() => emu.faults.timeoutCertificate(d.id), /already finished deploying/);
  });

  test('deletion time-out over HTTP control: deletion_timed_out, still listed; a retried delete completes', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    const c = (await op(emu, 'zoneUpload', { zone, body: pair('leaf-rsa') })).body.result;
    emu.clock.advance(D);
    const r = await ctlFetch(emu, `/__emulator/timeouts`, { method: 'POST', body: JSON.stringify({ certId: c.id, phase: 'deletion' }) });
    assert.equal(r.status, 200);
    await op(emu, 'zoneDelete', { zone, id: c.id });
    emu.clock.advance(D);
    assert.deepEqual((await op(emu, 'zoneList', { zone })).body.result.map((x) => x.status), ['deletion_timed_out']);
    assert.equal((await op(emu, 'zoneDelete', { zone, id: c.id })).body.result.status, 'pending_deletion');
    emu.clock.advance(D);
    assert.deepEqual((await op(emu, 'zoneList', { zone })).body.result, []);
  });
});

describe('real clock', () => {
  test('statuses move with wall time (lazy, no timers)', async (t) => {
    const emu = await startEmulator({ port: 0, deployDelayMs: 90 });
    t.after(() => emu.close());
    const zone = randomZone();
    const c = (await op(emu, 'zoneUpload', { zone, body: pair('leaf-rsa') })).body.result;
    assert.equal(c.status, 'initializing');
    await new Promise((r) => setTimeout(r, 150));
    assert.equal((await op(emu, 'zoneGet', { zone, id: c.id })).body.result.status, 'active');
  });
});

describe('faults', () => {
  test('latency: global option and per-request rule', async (t) => {
    const emu = await startEmulator({ port: 0, latencyMs: 40 });
    t.after(() => emu.close());
    const zone = randomZone();
    let t0 = Date.now();
    await op(emu, 'zoneList', { zone });
    assert.ok(Date.now() - t0 >= 35);
    emu.faults.latency(150, { count: 1 });
    t0 = Date.now();
    await op(emu, 'zoneList', { zone });
    assert.ok(Date.now() - t0 >= 185, 'global 40 ms + rule 150 ms');
    t0 = Date.now();
    await op(emu, 'zoneList', { zone });
    assert.ok(Date.now() - t0 < 185, 'the rule applied to the next request only');
  });

  test('429 with Retry-After for the next N requests', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    emu.faults.rateLimit({ count: 2, retryAfter: 7 });
    for (let i = 0; i < 2; i++) {
      const r = await op(emu, 'zoneList', { zone });
      expectError(r, 429, 971, 'Please wait and consider throttling your request speed');
      assert.equal(r.headers.get('retry-after'), '7');
    }
    assert.equal((await op(emu, 'zoneList', { zone })).status, 200);
  });

  test('500 for one operationId until cleared; other operations unaffected; HTTP control', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    const add = await ctlFetch(emu, `/__emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'server_error', operationId: OPS.hostList[2] }),
    });
    assert.equal(add.status, 200);
    assert.equal((await add.json()).fault.kind, 'server_error');
    for (let i = 0; i < 3; i++) expectError(await op(emu, 'hostList', { zone }), 500, 2000);
    assert.equal((await op(emu, 'zoneList', { zone })).status, 200);
    const listed = await (await ctlFetch(emu, `/__emulator/faults`)).json();
    assert.equal(listed.faults.length, 1);
    await ctlFetch(emu, `/__emulator/faults`, { method: 'DELETE' });
    assert.equal((await op(emu, 'hostList', { zone })).status, 200);
    const bad = await ctlFetch(emu, `/__emulator/faults`, { method: 'POST', body: JSON.stringify({ kind: 'nope' }) });
    assert.equal(bad.status, 400);
  });

  test('drop: connection closed without a response, the operation did not run', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    emu.faults.drop({ operationId: OPS.hostUpload[2], count: 1 });
    await assert.rejects(op(emu, 'hostUpload', { zone, body: pair('leaf-ec') }));
    assert.deepEqual((await op(emu, 'hostList', { zone })).body.result, []);
    assert.equal((await op(emu, 'hostUpload', { zone, body: pair('leaf-ec') })).status, 200);
  });

  test('drop_after: the upload ran, the answer was lost; a blind retry is a duplicate (409)', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    emu.faults.dropAfter({ count: 1 });
    await assert.rejects(op(emu, 'hostUpload', { zone, body: pair('leaf-ec') }));
    const list = (await op(emu, 'hostList', { zone })).body.result;
    assert.equal(list.length, 1, 'the upload happened');
    expectError(await op(emu, 'hostUpload', { zone, body: pair('leaf-ec') }), 409, 1220);
    const log = emu.audit().requests;
    assert.equal(log[0].status, 200);
    assert.equal(log[0].dropped, true);
    assert.equal(log[0].fault, 'drop_after');
  });
});

describe('audit', () => {
  test('request log: time, method, path, operationId, status', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    await op(emu, 'settingsGet', { zone });
    await op(emu, 'zoneList', { zone, token: null });
    await request(emu, 'GET', '/nowhere');
    const log = emu.audit().requests;
    assert.deepEqual(log.map((r) => [r.method, r.path, r.operationId, r.status]), [
      ['GET', `/client/v4/zones/${zone}/origin_tls_client_auth/settings`, OPS.settingsGet[2], 200],
      ['GET', `/client/v4/zones/${zone}/origin_tls_client_auth`, OPS.zoneList[2], 401],
      ['GET', '/client/v4/nowhere', null, 404],
    ]);
    assert.equal(log[0].time, new Date(1_800_000_000_000).toISOString());
    const http = await (await ctlFetch(emu, `/__emulator/audit`)).json();
    assert.equal(http.requests.length, 3);
  });

  test('per-hostname rotation done right keeps a certificate on every hostname', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    const old = await uploadHost(emu, zone, 'leaf-rsa');
    await op(emu, 'assocPut', { zone, body: { config: ['a', 'b'].map((h) => ({ hostname: `${h}.example.com`, cert_id: old.id, enabled: true })) } });
    emu.clock.advance(D);
    const neu = await uploadHost(emu, zone, 'leaf-rsa-2');
    await op(emu, 'assocPut', { zone, body: { config: ['a', 'b'].map((h) => ({ hostname: `${h}.example.com`, cert_id: neu.id, enabled: true })) } });
    emu.clock.advance(D / 2);
    assert.equal((await op(emu, 'hostnameGet', { zone, hostname: 'a.example.com' })).body.result.status, 'pending_deployment');
    emu.clock.advance(D);
    assert.equal((await op(emu, 'hostDelete', { zone, id: old.id })).status, 200, 'no association uses the old certificate any more');
    emu.clock.advance(D);
    const { timeline, zeroDowntime } = emu.audit();
    const a = timeline.hostnames.find((h) => h.hostname === 'a.example.com');
    assert.deepEqual(a.changes.map((c) => c.certId), [old.id, neu.id]);
    assert.equal(a.changes[0].atMs, 1_800_000_000_000 + D);
    assert.equal(a.changes[1].atMs, 1_800_000_000_000 + D + D, 'the new certificate takes over when its association has deployed');
    assert.deepEqual(zeroDowntime, { ok: true, checked: { hostnames: 2, zones: 0 }, gaps: [] });
  });

  test('deleting the old hostname certificate before the new association is active shows a gap', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    const old = await uploadHost(emu, zone, 'leaf-rsa');
    await op(emu, 'assocPut', { zone, body: { config: [{ hostname: 'a.example.com', cert_id: old.id, enabled: true }] } });
    emu.clock.advance(D);
    const neu = await uploadHost(emu, zone, 'leaf-rsa-2');
    await op(emu, 'assocPut', { zone, body: { config: [{ hostname: 'a.example.com', cert_id: neu.id, enabled: true }] } });
    emu.clock.advance(D / 2);
    assert.equal((await op(emu, 'hostDelete', { zone, id: old.id })).status, 200, 'allowed: no association names the old certificate');
    emu.clock.advance(D);
    const check = emu.checkZeroDowntime({ zoneId: zone });
    assert.equal(check.ok, false);
    assert.deepEqual([check.gaps[0].hostname, Date.parse(check.gaps[0].from), Date.parse(check.gaps[0].to)], ['a.example.com', 1_800_000_000_000 + D + D / 2, 1_800_000_000_000 + 2 * D]);
  });

  test('a void-then-reassociate rotation shows a gap', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    const old = await uploadHost(emu, zone, 'leaf-rsa');
    await op(emu, 'assocPut', { zone, body: { config: [{ hostname: 'a.example.com', cert_id: old.id, enabled: true }, { hostname: 'b.example.com', cert_id: old.id, enabled: true }] } });
    emu.clock.advance(D);
    await op(emu, 'assocPut', { zone, body: { config: [{ hostname: 'a.example.com', cert_id: old.id, enabled: null }] } });
    emu.clock.advance(D);
    const neu = await uploadHost(emu, zone, 'leaf-rsa-2');
    await op(emu, 'assocPut', { zone, body: { config: [{ hostname: 'a.example.com', cert_id: neu.id, enabled: true }] } });
    emu.clock.advance(D);
    const check = emu.checkZeroDowntime();
    assert.equal(check.ok, false);
    assert.equal(check.gaps.length, 1);
    assert.equal(check.gaps[0].hostname, 'a.example.com');
    assert.equal(check.gaps[0].lastCertId, old.id);
    assert.equal(Date.parse(check.gaps[0].from), 1_800_000_000_000 + 2 * D);
    assert.equal(Date.parse(check.gaps[0].to), 1_800_000_000_000 + 3 * D);
    assert.equal(emu.checkZeroDowntime({ hostnames: ['b.example.com'] }).ok, true);
    const http = await (await ctlFetch(emu, `/__emulator/audit/zero-downtime?hostnames=a.example.com`)).json();
    assert.equal(http.result.ok, false);
  });

  test('zone level: deleting the old certificate before the new one is active leaves a gap', async (t) => {
    const emu = await emulator(t);
    const good = randomZone();
    const bad = randomZone();
    for (const zone of [good, bad]) {
      await op(emu, 'settingsPut', { zone, body: { enabled: true } });
      await op(emu, 'zoneUpload', { zone, body: pair('leaf-rsa') });
    }
    emu.clock.advance(D);
    const oldGood = (await op(emu, 'zoneList', { zone: good })).body.result[0];
    const oldBad = (await op(emu, 'zoneList', { zone: bad })).body.result[0];
    const newGood = (await op(emu, 'zoneUpload', { zone: good, body: pair('leaf-rsa-2') })).body.result;
    const newBad = (await op(emu, 'zoneUpload', { zone: bad, body: pair('leaf-rsa-2') })).body.result;
    await op(emu, 'zoneDelete', { zone: bad, id: oldBad.id }); // too early
    emu.clock.advance(D);
    await op(emu, 'zoneDelete', { zone: good, id: oldGood.id }); // after the new one is active
    emu.clock.advance(D);
    assert.equal(emu.checkZeroDowntime({ zoneId: good }).ok, true);
    const b = emu.checkZeroDowntime({ zoneId: bad });
    assert.equal(b.ok, false);
    assert.equal(b.gaps[0].scope, 'zone');
    const tl = emu.audit().timeline.zones.find((z) => z.zoneId === good);
    assert.deepEqual(tl.changes.map((c) => [c.certId, c.enabled]), [[null, true], [oldGood.id, true], [newGood.id, true]]);
    const tb = emu.audit().timeline.zones.find((z) => z.zoneId === bad);
    assert.deepEqual(tb.changes.map((c) => c.certId), [null, oldBad.id, null, newBad.id]);
  });
});

describe('persistence, reset, state', () => {
  test('state survives a restart with the same stateFile', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const stateFile = join(dir, 'state.json');
    const zone = randomZone();
    const first = await startEmulator({ port: 0, stateFile, deployDelayMs: 50 });
    const c = await uploadHost(first, zone, 'leaf-ec');
    await op(first, 'assocPut', { zone, body: { config: [{ hostname: 'a.example.com', cert_id: c.id, enabled: true }] } });
    await op(first, 'settingsPut', { zone, body: { enabled: true } });
    await first.close();
    assert.ok(existsSync(stateFile));
    await new Promise((r) => setTimeout(r, 120));
    const second = await startEmulator({ port: 0, stateFile, deployDelayMs: 50 });
    t.after(() => second.close());
    assert.deepEqual((await op(second, 'hostList', { zone })).body.result.map((x) => [x.id, x.status]), [[c.id, 'active']]);
    assert.equal((await op(second, 'hostnameGet', { zone, hostname: 'a.example.com' })).body.result.status, 'active');
    assert.deepEqual((await op(second, 'settingsGet', { zone })).body.result, { enabled: true });
    expectError(await op(second, 'hostUpload', { zone, body: pair('leaf-ec') }), 409, 1220);
    assert.ok(second.audit().requests.length >= 5, 'the request log is kept too');
    assert.equal(second.audit().timeline.hostnames[0].changes[0].certId, c.id);
  });

  test('reset (JS and HTTP) empties everything; state snapshot has no PEM or key', async (t) => {
    const emu = await emulator(t);
    const zone = randomZone();
    await uploadHost(emu, zone, 'leaf-ec');
    const snap = emu.state;
    assert.equal(snap.zones[zone].certificates.length, 1);
    assert.equal(snap.zones[zone].certificates[0].status, 'initializing');
    assert.ok(!JSON.stringify(snap).includes('BEGIN'));
    emu.reset();
    assert.deepEqual(emu.state.zones, {});
    assert.equal(emu.audit().requests.length, 0);
    await uploadHost(emu, zone, 'leaf-ec');
    const r = await ctlFetch(emu, `/__emulator/reset`, { method: 'POST' });
    assert.equal(r.status, 200);
    assert.deepEqual((await op(emu, 'hostList', { zone })).body.result, []);
    const st = await (await ctlFetch(emu, `/__emulator/state`)).json();
    assert.equal(st.ok, true);
    const clock = await (await ctlFetch(emu, `/__emulator/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 1000 }) })).json();
    assert.equal(clock.now, new Date(1_800_000_001_000).toISOString());
  });
});

describe('CLI', () => {
  test('prints its base URL and serves the API', async (t) => {
    const child = spawn(process.execPath, [join(repoRoot, 'emulator', 'cli.mjs'), '--port', '0', '--token', 'cli-token'], { stdio: ['ignore', 'pipe', 'pipe'] });
    t.after(() => child.kill('SIGTERM'));
    const line = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = /AOP API emulator: (http:\/\/127\.0\.0\.1:\d+\/client\/v4)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`cli exited ${code}`)));
    });
    const emu = { url: line };
    assert.equal((await op(emu, 'settingsGet', { zone: randomZone(), token: 'cli-token' })).status, 200);
    const bad = spawn(process.execPath, [join(repoRoot, 'emulator', 'cli.mjs'), '--port', 'x'], { stdio: 'ignore' });
    assert.equal(await new Promise((r) => bad.on('exit', r)), 2);
  });
});

after(() => {
  if (SCHEMA) assert.ok(validated > 100, `validated ${validated} responses against the schema`);
  console.log(`# ${validated} emulator responses validated against the official schema`);
});

describe('issue 14: the control routes and clients that go away', () => {
  test('/__emulator/* takes the API token and sends no Access-Control-Allow-Origin', async (t) => {
    const emu = await emulator(t);
    for (const [method, path] of [['GET', 'state'], ['GET', 'audit'], ['POST', 'reset'], ['POST', 'faults'], ['POST', 'clock']]) {
      for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: 'Basic x' }]) {
        const r = await fetch(`${emu.origin}/__emulator/${path}`, { method, headers: { origin: 'http://evil.example', ...headers }, body: method === 'POST' ? '{"kind":"drop","advanceMs":1}' : undefined });
        assert.ok([400, 401, 403].includes(r.status), `${method} ${path} ${JSON.stringify(headers)}: ${r.status}`);
        assert.equal(r.headers.get('access-control-allow-origin'), null);
        assert.equal((await r.json()).ok, false);
      }
    }
    assert.deepEqual(emu.faults.list(), [], 'nothing was added without the token');
    const ok = await ctlFetch(emu, '/__emulator/state', { headers: { origin: 'http://evil.example' } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('access-control-allow-origin'), null);
  });

  test('the audit records requests whose client went away, with how far they got', async (t) => {
    const emu = await startEmulator({ port: 0, host: '127.0.0.1', deployDelayMs: 50 });
    t.after(() => emu.close());
    const zone = randomZone();
    // Gone while the emulator was still waiting (latency): the answer had nowhere to go.
    emu.faults.latency(300, { count: 1 });
    const ac = new AbortController();
    const pending = fetch(`${emu.url}/zones/${zone}/origin_tls_client_auth/settings`, { headers: { authorization: `Bearer ${emu.token}` }, signal: ac.signal }).catch((e) => e);
    await new Promise((r) => setTimeout(r, 80));
    ac.abort();
    assert.equal((await pending).name, 'AbortError');
    // Gone halfway through sending its body: the operation never ran.
    const { request } = await import('node:http');
    const req = request(`${emu.url}/zones/${zone}/origin_tls_client_auth/settings`, { method: 'PUT', headers: { authorization: `Bearer ${emu.token}`, 'content-type': 'application/json', 'content-length': '100' } });
    req.on('error', () => {});
    req.write('{"enabled":');
    await new Promise((r) => setTimeout(r, 80));
    req.destroy();
    await new Promise((r) => setTimeout(r, 400));
    const gone = emu.audit().requests.filter((q) => q.clientGone);
    assert.equal(gone.length, 2, JSON.stringify(emu.audit().requests));
    assert.deepEqual(gone.map((q) => q.method).sort(), ['GET', 'PUT']);
    assert.equal(gone.find((q) => q.method === 'PUT').status, null, 'the PUT never ran');
    assert.equal(emu.state.zones[zone]?.settings.enabled ?? false, false);
  });
});
