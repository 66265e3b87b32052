// The wasm boundary (src/wasm/, js/core.js). Results are plain JS values (serde-wasm-bindgen,
// json_compatible): plain objects and arrays, null never undefined, no Map, integers beyond
// 2^53 as the nearest number, as JSON.parse gives them. A trap in the wasm module reaches the
// caller as an Error with code INTERNAL (never a bare WebAssembly.RuntimeError), and the
// module is started again, so the next call works. The trap is a real one, with no test-only
// export: the running instance's memory is grown to its limit, then an input that needs more
// memory makes the allocator fail, which aborts (`unreachable`). Minting is a module of its own
// (pkg/originpull_mint_bg.wasm): a trap there restarts that module and leaves the core alone.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as op from 'originpull';
// The same module instance js/core.js uses (package.json's exports resolve into this tree).
import { initSync } from '../../pkg/originpull.js';
import { initSync as mintInitSync } from '../../pkg/originpull_mint.js';
import { readFixture, root } from '../helpers/paths.mjs';
import { join } from 'node:path';

const leafPem = readFixture('basic', 'leaf.pem');

/** Every value in `v` is JSON's: plain objects, arrays, strings, finite numbers, booleans, null. */
function assertJsonShaped(v, path = '$') {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
  if (typeof v === 'number') return assert.ok(Number.isFinite(v), path);
  assert.equal(typeof v, 'object', `${path} is ${typeof v}`);
  if (Array.isArray(v)) return v.forEach((x, i) => assertJsonShaped(x, `${path}[${i}]`));
  assert.equal(Object.getPrototypeOf(v), Object.prototype, `${path} is a plain object`);
  for (const [k, x] of Object.entries(v)) assertJsonShaped(x, `${path}.${k}`);
}

test('results are JSON-shaped values: what JSON.parse of their JSON gives back', () => {
  const caPem = readFixture('basic', 'ca.pem');
  const keyPem = readFixture('basic', 'leaf.key');
  const results = [
    op.inspectCertificates(`${leafPem}\n${caPem}`),
    op.inspect(`${leafPem}${keyPem}-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n`),
    op.validateUpload({ certificate: leafPem }, { now: '2026-06-01T00:00:00Z' }),
    op.buildRequest('zone-level-authenticated-origin-pulls-list-certificates', { zone_id: '023e105f4ecef8ad9ca31a8372d0c353' }),
    op.parseResponse(200, null, '{"success":true,"errors":[],"messages":[],"result":{"a":[1,null,{"b":"c"}]}}'),
    op.planRotation({ scope: 'zone', zoneId: '023e105f4ecef8ad9ca31a8372d0c353', certificate: leafPem, privateKey: keyPem, now: '2026-06-01T00:00:00Z' }),
  ];
  for (const r of results) {
    assertJsonShaped(r);
    assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
  }
  const [leaf] = results[0];
  assert.equal(leaf.subjectKeyId === null || typeof leaf.subjectKeyId === 'string', true);
  assert.equal(results[2].ok, false);
  assert.ok('payload' in results[2] && results[2].payload === null, 'null, not undefined or absent');
  assert.ok('key' in results[2] && results[2].key === null);
});

test('integers beyond 2^53 from outside become the nearest number, as JSON.parse makes them', () => {
  const body = '{"success":true,"errors":[],"messages":[{"code":9007199254740993,"message":"m"}],'
    + '"result":{"big":12345678901234567890,"neg":-9007199254740993,"safe":9007199254740991,"f":1.5},"result_info":{"count":18446744073709551615}}';
  const r = op.parseResponse(200, null, body);
  const expected = JSON.parse(body);
  assert.deepEqual(r.result, expected.result);
  assert.deepEqual(r.result_info, expected.result_info);
  assert.deepEqual(r.messages, expected.messages);
  assert.equal(r.messages[0].code, 9007199254740992);
  assertJsonShaped(r);
  assert.throws(
    () => op.parseResponse(400, 'ray', '{"success":false,"errors":[{"code":-9007199254740993,"message":"x"}],"messages":[],"result":null}'),
    (e) => e.code === 'CF_API_ERROR' && e.errors[0].code === -9007199254740992,
  );
});

/** The running instance's exports: `initSync` returns them once the module is initialised. */
const instance = () => initSync();

/**
 * Grow the instance's memory (the core's, or `exports`' module) until the engine refuses any
 * more; the pages it ended with.
 */
function exhaustMemory(exports = instance()) {
  const { memory } = exports;
  for (let step = 65536; step >= 1; ) {
    try {
      memory.grow(step);
    } catch {
      step = Math.floor(step / 2);
    }
  }
  return memory.buffer.byteLength / 65536;
}

/** A bundle just under the input limit (1 MiB): copying it in needs a fresh allocation. */
const big = (leafPem + '\n').repeat(Math.floor((1024 * 1024 - 1) / (leafPem.length + 1)));

test('an out-of-memory trap is an INTERNAL error, and the next call works', () => {
  const before = instance().memory;
  const pages = exhaustMemory();
  assert.ok(pages > 16384, `memory grown to ${pages} pages`);
  assert.throws(
    () => op.inspectCertificates(big),
    (e) => {
      assert.ok(e instanceof Error && !(e instanceof WebAssembly.RuntimeError));
      assert.equal(e.code, 'INTERNAL');
      assert.ok(e.cause instanceof WebAssembly.RuntimeError, 'the trap is the cause');
      assert.match(e.message, /wasm module trapped \(.+\); it was started again/);
      return true;
    },
  );
  // A fresh instance: new memory, back to its initial size.
  const after = instance().memory;
  assert.notEqual(after, before);
  assert.ok(after.buffer.byteLength < before.buffer.byteLength);
  const [c] = op.inspectCertificates(leafPem);
  assert.equal(c.subject, 'CN=origin-pull client,O=Example\\, Inc.');
  assert.equal(op.inspectCertificates(big).length, Math.floor((1024 * 1024 - 1) / (leafPem.length + 1)));
});

test('a trap in any export is caught the same way (validateUpload, after a restart)', () => {
  exhaustMemory();
  assert.throws(
    () => op.validateUpload({ certificate: big }),
    (e) => e.code === 'INTERNAL' && e.cause instanceof WebAssembly.RuntimeError,
  );
  const report = op.validateUpload({ certificate: leafPem }, { now: '2026-01-01T00:00:00Z' });
  assert.equal(report.certificates.length, 1);
  assert.ok(report.findings.some((f) => f.code === 'NO_PRIVATE_KEY'));
});

test('a trap in minting is INTERNAL and restarts the minting module only', async () => {
  const caCert = readFileSync(join(root, 'tests/data/keys/p256.cert.pem'), 'utf8');
  const caKey = readFileSync(join(root, 'tests/data/keys/p256.pkcs8.pem'), 'utf8');
  await op.createCertificateRequest({ commonName: 'warm-up' }); // the minting module, loaded
  const core = instance().memory;
  const client = new op.Client({ token: 'x'.repeat(40), fetch: async () => new Response(JSON.stringify({ success: true, errors: [], messages: [], result: { enabled: true } })) });
  const mintBefore = mintInitSync().memory;
  assert.ok(exhaustMemory(mintInitSync()) > 16384);
  await assert.rejects(op.issueClientCertificate({ ca: { certificate: big, privateKey: caKey }, commonName: 'x' }), (e) => {
    assert.ok(e instanceof op.OriginpullError && e.cause instanceof WebAssembly.RuntimeError, String(e));
    assert.equal(e.code, 'INTERNAL');
    assert.match(e.message, /minting wasm module trapped \(.+\); it was started again/);
    return true;
  });
  // The minting module is a fresh instance; the core is the same one: its memory, and a Client
  // made before still works (a core restart would make it stale).
  const mintAfter = mintInitSync().memory;
  assert.notEqual(mintAfter, mintBefore);
  assert.ok(mintAfter.buffer.byteLength < mintBefore.buffer.byteLength);
  assert.equal(instance().memory, core);
  assert.deepEqual(await client.getZoneSetting('023e105f4ecef8ad9ca31a8372d0c353'), { enabled: true });
  // Minting works again.
  const minted = await op.issueClientCertificate({ ca: { certificate: caCert, privateKey: caKey }, commonName: 'after the trap' });
  assert.equal(op.inspectCertificates(minted.certificate)[0].subject, 'CN=after the trap');
});

test('a Client made before a restart says so (INTERNAL) instead of using the old instance', async () => {
  const stale = new op.Client({ token: 'x'.repeat(40), fetch: async () => new Response('{}') });
  exhaustMemory();
  assert.throws(() => op.inspectCertificates(big), (e) => e.code === 'INTERNAL');
  await assert.rejects(stale.getZoneSetting('023e105f4ecef8ad9ca31a8372d0c353'), (e) => {
    assert.equal(e.code, 'INTERNAL');
    assert.match(e.message, /create a new Client/);
    return true;
  });
  await assert.rejects(op.rotate(stale, {}), (e) => e.code === 'INTERNAL');
  // A new Client works with the new instance.
  const seen = [];
  const fresh = new op.Client({
    token: 'x'.repeat(40),
    fetch: async (url) => {
      seen.push(url);
      return new Response(JSON.stringify({ success: true, errors: [], messages: [], result: { enabled: true } }));
    },
  });
  assert.deepEqual(await fresh.getZoneSetting('023e105f4ecef8ad9ca31a8372d0c353'), { enabled: true });
  assert.equal(seen.length, 1);
});

// ---- issue 14: what the boundary tells a user ---------------------------------------------

const V = (f) => readFileSync(new URL(`../data/validate/${f}`, import.meta.url), 'utf8');

test('VALIDATION_FAILED carries the codes of the error findings (README), most important first', () => {
  const err = (() => {
    try {
      op.planRotation({ scope: 'hostname', zoneId: '0'.repeat(32), certificate: V('key-mismatch.cert.pem'), privateKey: V('key-mismatch.key.pem'), now: '2026-06-01T00:00:00Z' });
    } catch (e) {
      return e;
    }
    return null;
  })();
  assert.equal(err?.code, 'VALIDATION_FAILED');
  assert.deepEqual(err.codes, ['KEY_MISMATCH']);
});

test('inspect with a wrong passphrase says so (passphraseWrong), as validateUpload says KEY_PASSPHRASE_WRONG', () => {
  const key = readFixture('aop', 'leaf-rsa.encrypted.key');
  const [wrong] = op.inspect(key, { passphrase: 'wrong' }).privateKeys;
  assert.equal(wrong.encrypted, true);
  assert.equal(wrong.algorithm, null);
  assert.equal(wrong.passphraseWrong, true);
  // Without a passphrase nothing was wrong: the field is absent, the contract's shape unchanged.
  assert.ok(!('passphraseWrong' in op.inspect(key).privateKeys[0]));
});

test('the rotation plan names what each poll waits for and no internal option names', () => {
  const steps = op.planRotation({ scope: 'hostname', zoneId: '0'.repeat(32), certificate: V('ok-p256.cert.pem'), privateKey: V('ok-p256.key.pem'), now: '2026-06-01T00:00:00Z' });
  const deletePoll = steps.find((s) => s.step === 'delete_old' && s.method === 'GET');
  assert.match(deletePoll.description, /until the status is deleted/);
  assert.doesNotMatch(deletePoll.description, /until the status is active/);
  assert.match(steps.find((s) => s.step === 'wait_certificate').description, /until the status is active/);
  assert.ok(steps.every((s) => !/oldCertId/.test(s.description)), steps[0].description);
});

// ---- issue 11: what goes in ------------------------------------------------------------------
// API params and bodies, options and a saved rotation state mean what their JSON means: a
// member whose value is `undefined` is absent (never null: null is a value, and
// `enabled: null` removes a hostname association), and a value of the wrong type is a coded
// error, never a trap.

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const CERT_ID = '2458ce5a-0c35-4c7f-82c7-8e9487d3ff60';
const SET_HOSTNAMES = 'per-hostname-authenticated-origin-pull-enable-or-disable-a-hostname-for-client-authentication';
const LIST_ZONE = 'zone-level-authenticated-origin-pulls-list-certificates';
const invalidArgument = (pattern) => (e) => {
  assert.equal(e.code, 'INVALID_ARGUMENT', e.message);
  assert.ok(op.isOriginpullError(e));
  if (pattern) assert.match(e.message, pattern);
  return true;
};

test('enabled: undefined is absent (refused as missing); enabled: null voids the association', async () => {
  const config = (enabled) => ({ zone_id: ZONE, body: { config: [{ hostname: 'a.example.com', cert_id: CERT_ID, enabled }] } });
  const voided = op.buildRequest(SET_HOSTNAMES, config(null));
  assert.deepEqual(JSON.parse(voided.body), { config: [{ hostname: 'a.example.com', cert_id: CERT_ID, enabled: null }] });
  assert.throws(() => op.buildRequest(SET_HOSTNAMES, config(undefined)), invalidArgument(/config\[0\]\.enabled is required/));
  // The same through the Client: nothing is sent for undefined; null goes out as null.
  const sent = [];
  const client = new op.Client({
    token: 'x'.repeat(40),
    fetch: async (url, init) => {
      sent.push(JSON.parse(init.body));
      return new Response(JSON.stringify({ success: true, errors: [], messages: [], result: [] }));
    },
  });
  await assert.rejects(client.setHostnames(ZONE, [{ hostname: 'a.example.com', cert_id: CERT_ID, enabled: undefined }]), invalidArgument(/enabled is required/));
  assert.equal(sent.length, 0);
  await client.setHostnames(ZONE, [{ hostname: 'a.example.com', cert_id: CERT_ID, enabled: null }]);
  assert.deepEqual(sent, [{ config: [{ hostname: 'a.example.com', cert_id: CERT_ID, enabled: null }] }]);
});

test('other undefined members are absent too: options, params, unknown names', () => {
  const r = op.buildRequest(LIST_ZONE, { zone_id: ZONE, page: undefined, bogus: undefined }, { token: undefined, baseUrl: undefined, tokne: undefined });
  assert.equal(r.headers.authorization, undefined);
  assert.equal(r.url, `https://api.cloudflare.com/client/v4/zones/${ZONE}/origin_tls_client_auth`);
  assert.doesNotThrow(() => new op.Client({ token: undefined, retries: undefined, timeoutMs: undefined, tokne: undefined }));
  // Present, they are what they are: an unknown name, a null token (absent), a wrong type.
  assert.throws(() => op.buildRequest(LIST_ZONE, { zone_id: ZONE }, { tokne: 'x' }), invalidArgument(/tokne/));
  assert.equal(op.buildRequest(LIST_ZONE, { zone_id: ZONE }, { token: null }).headers.authorization, undefined);
  assert.throws(() => new op.Client({ tokne: 'x' }), invalidArgument(/tokne/));
  // In an array, undefined is null (as in JSON): not an object.
  assert.throws(() => op.buildRequest(SET_HOSTNAMES, { zone_id: ZONE, body: { config: [undefined] } }), invalidArgument(/config\[0\] must be an object/));
  // toJSON is honoured (a Date or URL is its text), as JSON.stringify does.
  const viaToJson = op.buildRequest(LIST_ZONE, { zone_id: { toJSON: () => ZONE } }, { baseUrl: new URL('http://127.0.0.1:8787/') });
  assert.equal(viaToJson.url, `http://127.0.0.1:8787/zones/${ZONE}/origin_tls_client_auth`);
});

test('the rest of JSON\'s meaning: boxed primitives, numbers that are not finite, holes, nesting', () => {
  const LIST_HOSTNAMES = 'per-hostname-authenticated-origin-pull-list-hostname-associations';
  const base = `https://api.cloudflare.com/client/v4/zones/${ZONE}/origin_tls_client_auth/hostnames`;
  // A boxed value is its primitive; NaN and Infinity are null, and a null parameter is absent.
  assert.equal(op.buildRequest(LIST_HOSTNAMES, { zone_id: new String(ZONE), page: NaN, per_page: new Number(50) }).url, `${base}?per_page=50`);
  assert.equal(op.buildRequest(LIST_HOSTNAMES, { zone_id: ZONE, page: Infinity }).url, base);
  const enabled = op.buildRequest(SET_HOSTNAMES, { zone_id: ZONE, body: { config: [{ hostname: 'a.example.com', cert_id: CERT_ID, enabled: new Boolean(false) }] } });
  assert.equal(JSON.parse(enabled.body).config[0].enabled, false);
  // A hole in an array is null, as in JSON.
  assert.throws(() => op.buildRequest(SET_HOSTNAMES, { zone_id: ZONE, body: { config: [, ] } }), invalidArgument(/config\[0\] must be an object/));
  // 128 levels with params itself are read (and refused for what they are: an unknown
  // parameter); one more is not JSON-serialisable here (the wasm side's reader recurses; the
  // JSON text reader, serde_json, stopped at 128 too).
  const nest = (n) => {
    let v = {};
    for (let i = 0; i < n; i++) v = { v };
    return v;
  };
  assert.throws(() => op.buildRequest(LIST_HOSTNAMES, { zone_id: ZONE, deep: nest(126) }), invalidArgument(/unknown parameter deep/));
  assert.throws(() => op.buildRequest(LIST_HOSTNAMES, { zone_id: ZONE, deep: nest(127) }), invalidArgument(/params must be a JSON-serialisable object/));
});

test('wrong types are INVALID_ARGUMENT errors, never a trap', async () => {
  const cyclic = { zone_id: ZONE };
  cyclic.self = cyclic;
  let deep = {};
  for (let i = 0; i < 10_000; i++) deep = { deep };
  const leaf = V('ok-p256.cert.pem');
  const key = V('ok-p256.key.pem');
  const cases = [
    ['a number as zone_id', () => op.buildRequest(LIST_ZONE, { zone_id: 42 })],
    ['a BigInt in params', () => op.buildRequest(LIST_ZONE, { zone_id: 1n })],
    ['a cycle in params', () => op.buildRequest(LIST_ZONE, cyclic)],
    ['params nested 10000 deep', () => op.buildRequest(LIST_ZONE, { zone_id: ZONE, deep })],
    ['a string as params', () => op.buildRequest(LIST_ZONE, 'zone')],
    ['a number as token', () => op.buildRequest(LIST_ZONE, { zone_id: ZONE }, { token: 42 })],
    ['a string as timeoutMs', () => new op.Client({ timeoutMs: '5' })],
    ['a cycle in Client options', () => new op.Client({ baseUrl: 'https://api.cloudflare.com/client/v4', x: cyclic })],
    ['a number as passphrase', () => op.validateUpload({ certificate: leaf, privateKey: key, passphrase: 5 })],
    ['an unknown scope', () => op.validateUpload({ certificate: leaf, scope: 'both' })],
    ['a fractional expiryWarningDays', () => op.validateUpload({ certificate: leaf }, { expiryWarningDays: 1.5 })],
    ['a string as a rotation timeoutMs', () => op.planRotation({ scope: 'zone', zoneId: ZONE, certificate: leaf, privateKey: key, timeoutMs: 'x' })],
    ['a number as hostnames', () => op.planRotation({ scope: 'hostname', zoneId: ZONE, certificate: leaf, privateKey: key, hostnames: 5 })],
  ];
  for (const [name, f] of cases) assert.throws(f, invalidArgument(), name);
  const client = new op.Client({ token: 'x'.repeat(40), fetch: async () => new Response('{}') });
  await assert.rejects(client.getZoneSetting({ id: ZONE }), invalidArgument(), 'an object as zone id');
  await assert.rejects(op.rotate(client, { scope: 'zone', zoneId: ZONE, state: { version: 'one' } }), invalidArgument(/options\.state/));
  await assert.rejects(op.rotate(client, { scope: 'zone', zoneId: ZONE, state: '{"version":' }), invalidArgument(/not JSON/));
  await assert.rejects(op.rotate(client, { scope: 'zone', zoneId: ZONE, state: cyclic }), invalidArgument());
  // The module still works (no trap happened).
  assert.equal(op.inspectCertificates(leafPem).length, 1);
});

test('a saved RotationState resumes alike as the object, its JSON text and that text parsed', async () => {
  const NEW = { certificate: V('ok-p256.cert.pem'), privateKey: V('ok-p256.key.pem'), now: '2026-06-01T00:00:00Z' };
  const client = new op.Client({ token: 'x'.repeat(40), fetch: async () => { throw new Error('nothing is sent here'); } });
  // A signal that has fired stops a rotation before its first request, with its state.
  const stop = { scope: 'hostname', zoneId: ZONE, ...NEW, signal: AbortSignal.abort() };
  const first = await op.rotate(client, stop);
  assert.equal(first.error.code, 'ABORTED');
  const text = JSON.stringify(first.state);
  assert.deepEqual(JSON.parse(text), first.state, 'a plain JSON value');
  // The deadline is set again when a rotation resumes; everything else comes back as saved.
  const same = ({ deadlineMs, ...rest }) => rest;
  for (const [form, state] of [['object', first.state], ['JSON text', text], ['parsed text', JSON.parse(text)], ['with an undefined member', { ...first.state, extra: undefined, newCertId: undefined }]]) {
    const again = await op.rotate(client, { ...stop, state });
    assert.equal(again.error.code, 'ABORTED', form);
    assert.deepEqual(same(again.state), same(first.state), form);
    assert.equal(typeof again.state.deadlineMs, 'number', form);
  }
});
