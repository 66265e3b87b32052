// Errors as a class: every error the package throws or rejects with, made for real (bad input,
// a Cloudflare failure, a refused connection, a time-out, a refused rotation, a wasm trap), is
// an OriginpullError with the fields its code declares in js/index.d.ts, and no others. The
// types are checked against those same errors: each one's fields are written into a
// TypeScript file as an object literal typed by its code's interface, and `tsc --strict`
// compiles it (a missing field, a wrong type or an undeclared field fails).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import * as op from 'originpull';
import { initSync } from '../../pkg/originpull.js';
import { initSync as mintInitSync } from '../../pkg/originpull_mint.js';
import { root, readFixture } from '../helpers/paths.mjs';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const TOKEN = 'errors-test-token-0123456789abcdef';
const leafPem = readFixture('basic', 'leaf.pem');
const data = (f) => readFileSync(join(root, 'tests/data/validate', f), 'utf8');
const keys = (f) => readFileSync(join(root, 'tests/data/keys', f), 'utf8');
const envelope = (status, body) => async () => new Response(JSON.stringify(body), { status, headers: { 'cf-ray': '8f00-AMS' } });
/** A local port nothing listens on (fetch refuses well-known ones such as 9 as "bad port"). */
async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}
const client = (options) => new op.Client({ token: TOKEN, retries: 0, ...options });

/**
 * The running instance's memory (the core's, or `exports`' module) grown until the engine
 * refuses more: the next large copy traps.
 */
function exhaustMemory(exports = initSync()) {
  const { memory } = exports;
  for (let step = 65536; step >= 1; ) {
    try {
      memory.grow(step);
    } catch {
      step = Math.floor(step / 2);
    }
  }
}
const big = (leafPem + '\n').repeat(Math.floor((1024 * 1024 - 1) / (leafPem.length + 1)));

/** What each code carries besides `code` (own enumerable properties), as index.d.ts declares. */
const FIELDS = {
  CF_API_ERROR: ['errors', 'hint', 'messages', 'rayId', 'status'],
  VALIDATION_FAILED: ['codes'],
  WORK_LIMIT_EXCEEDED: ['allowed', 'limit', 'needed'],
};

/** [what, code, () => the error (thrown or rejected)]: one real error per way it is made. */
const CASES = [
  ['input over 1 MiB', 'INPUT_TOO_LARGE', () => op.inspectCertificates('x'.repeat(1024 * 1024 + 1))],
  ['text that is not PEM', 'PEM_INVALID', () => op.inspectCertificates('not a certificate')],
  ['empty input', 'NO_CERTIFICATE', () => op.inspectCertificates('')],
  ['a damaged key', 'KEY_INVALID', () => op.inspect('-----BEGIN PRIVATE KEY-----\nMAMCAQE=\n-----END PRIVATE KEY-----\n')],
  ['a number as input (wasm side)', 'INVALID_ARGUMENT', () => op.inspectCertificates(42)],
  ['a number as passphrase (JS side)', 'INVALID_ARGUMENT', () => op.inspect('', { passphrase: 1 })],
  ['a bad zone id (Client, wasm side)', 'INVALID_ARGUMENT', () => client({ fetch: envelope(200, {}) }).getZoneSetting('nope')],
  ['a string as enabled (Client, JS side)', 'INVALID_ARGUMENT', () => client({ fetch: envelope(200, {}) }).setZoneSetting(ZONE, 'on')],
  ['a 403 envelope (parseResponse)', 'CF_API_ERROR', () => op.parseResponse(403, 'ray-1', JSON.stringify({ success: false, errors: [{ code: 10000, message: 'Authentication error' }], messages: [], result: null }))],
  ['an HTML 502 page (Client)', 'CF_API_ERROR', () => client({ fetch: async () => new Response('<html>bad gateway</html>', { status: 502 }) }).listZoneCertificates(ZONE)],
  ['nothing listening (global fetch)', 'NETWORK_ERROR', () => new op.Client({ token: TOKEN, baseUrl: 'http://127.0.0.1:9/client/v4', retries: 0 }).getZoneSetting(ZONE)],
  ['a fetch option that throws', 'NETWORK_ERROR', () => client({ fetch: () => { throw new TypeError('offline'); } }).getZoneSetting(ZONE)],
  ['a fetch option that answers no Response', 'NETWORK_ERROR', () => client({ fetch: async () => ({}) }).getZoneSetting(ZONE)],
  ['a fetch that never answers', 'TIMEOUT', () => client({ fetch: () => new Promise(() => {}), timeoutMs: 50 }).getZoneSetting(ZONE)],
  ['a key that does not match (planRotation)', 'VALIDATION_FAILED', () => op.planRotation({ scope: 'zone', zoneId: ZONE, certificate: data('key-mismatch.cert.pem'), privateKey: data('key-mismatch.key.pem'), now: '2026-06-01T00:00:00Z' })],
  ['a key that does not match (rotate)', 'VALIDATION_FAILED', () => op.rotate(client({ fetch: envelope(200, {}) }), { scope: 'zone', zoneId: ZONE, certificate: data('key-mismatch.cert.pem'), privateKey: data('key-mismatch.key.pem'), now: '2026-06-01T00:00:00Z' })],
  ['a self-signed certificate over a signatures limit of 0', 'WORK_LIMIT_EXCEEDED', () => op.inspect(readFixture('basic', 'ca.pem'), { limits: { signatures: 0 } })],
  ['a wasm trap', 'INTERNAL', () => { exhaustMemory(); return op.inspectCertificates(big); }],
  ['a wasm trap in minting', 'INTERNAL', async () => {
    await op.createCertificateRequest({ commonName: 'x' }); // the minting module, loaded
    exhaustMemory(mintInitSync());
    return op.issueClientCertificate({ ca: { certificate: big, privateKey: keys('p256.pkcs8.pem') }, commonName: 'x' });
  }],
  // Minting (the CA fixtures of tests/data/keys: self-signed CA:TRUE certificates with their keys).
  ['a client certificate as CA', 'CA_NOT_A_CA', () => op.issueClientCertificate({ ca: { certificate: leafPem, privateKey: readFixture('basic', 'leaf.key') }, commonName: 'x' })],
  ['a CA key of another certificate', 'KEY_MISMATCH', () => op.issueClientCertificate({ ca: { certificate: keys('p256.cert.pem'), privateKey: keys('p256b.pkcs8.pem') }, commonName: 'x' })],
  ['an encrypted CA key without passphrase', 'KEY_ENCRYPTED', () => op.issueClientCertificate({ ca: { certificate: keys('p256.cert.pem'), privateKey: keys('p256.pkcs8-aes256.pem') }, commonName: 'x' })],
  ['a wrong CA key passphrase', 'KEY_PASSPHRASE_WRONG', () => op.issueClientCertificate({ ca: { certificate: keys('p256.cert.pem'), privateKey: keys('p256.pkcs8-aes256.pem'), passphrase: 'wrong' }, commonName: 'x' })],
  ['an Ed448 CA key', 'UNSUPPORTED_KEY_TYPE', () => op.issueClientCertificate({ ca: { certificate: keys('ed448.cert.pem'), privateKey: keys('ed448.pkcs8.pem') }, commonName: 'x' })],
  ['a client certificate outliving its CA', 'CA_EXPIRES_TOO_SOON', () => op.issueClientCertificate({ ca: { certificate: keys('p256.cert.pem'), privateKey: keys('p256.pkcs8.pem') }, commonName: 'x', validityDays: 36500 })],
  ['an RSA key where WebCrypto is missing', 'KEYGEN_UNAVAILABLE', async () => {
    const crypto = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    Object.defineProperty(globalThis, 'crypto', { value: { getRandomValues: (a) => crypto.get ? crypto.get.call(globalThis).getRandomValues(a) : crypto.value.getRandomValues(a) }, configurable: true });
    try {
      return await op.createCA({ commonName: 'x', keyType: 'RSA-2048' });
    } finally {
      Object.defineProperty(globalThis, 'crypto', crypto);
    }
  }],
];

/** The error `make` throws or rejects with. */
async function caught(make) {
  try {
    await make();
  } catch (e) {
    return e;
  }
  assert.fail('no error');
}

const seen = [];

for (const [what, code, make] of CASES) {
  test(`${code} (${what}) is an OriginpullError with its declared fields`, async () => {
    const e = await caught(make);
    assert.ok(e instanceof op.OriginpullError, `${e?.constructor?.name}: ${e?.message}`);
    assert.ok(e instanceof Error);
    assert.ok(op.isOriginpullError(e));
    assert.equal(e.name, 'OriginpullError');
    assert.equal(e.code, code);
    assert.ok(typeof e.message === 'string' && e.message.length > 0);
    assert.match(String(e), /^OriginpullError: /);
    assert.deepEqual(Object.keys(e).sort(), ['code', ...(FIELDS[code] ?? [])].sort());
    assert.ok(!JSON.stringify(e).includes(TOKEN) && !e.message.includes(TOKEN));
    seen.push({ what, code, fields: { ...e } });
  });
}

test('the fields of each code hold the evidence', async () => {
  const api = await caught(CASES.find((c) => c[0].includes('parseResponse'))[2]);
  assert.deepEqual({ ...api }, {
    code: 'CF_API_ERROR', status: 403, errors: [{ code: 10000, message: 'Authentication error' }], messages: [], rayId: 'ray-1',
    hint: api.hint,
  });
  assert.equal(typeof api.hint, 'string');
  const html = await caught(CASES.find((c) => c[0].includes('HTML'))[2]);
  assert.deepEqual([html.status, html.errors, html.rayId], [502, [], null]);
  const refused = await caught(CASES.find((c) => c[0].includes('rotate'))[2]);
  assert.deepEqual(refused.codes, ['KEY_MISMATCH']);
});

test('NETWORK_ERROR keeps what fetch rejected with as its cause (never when it shows the token)', async () => {
  // Node's fetch: TypeError('fetch failed') whose own cause is the socket error.
  const port = await closedPort();
  const refused = await caught(() => new op.Client({ token: TOKEN, baseUrl: `http://127.0.0.1:${port}/client/v4`, retries: 1 }).getZoneSetting(ZONE));
  assert.equal(refused.code, 'NETWORK_ERROR');
  assert.ok(refused.cause instanceof TypeError, String(refused.cause));
  assert.equal(refused.cause.message, 'fetch failed');
  assert.equal(refused.cause.cause?.code, 'ECONNREFUSED');
  assert.ok(!Object.keys(refused).includes('cause'), 'cause is not enumerable, as with new Error(m, { cause })');
  // The fetch option's own error, the same object.
  const offline = new TypeError('offline');
  const thrown = await caught(() => client({ fetch: () => { throw offline; } }).getZoneSetting(ZONE));
  assert.equal(thrown.cause, offline);
  const rejected = await caught(() => client({ fetch: async () => Promise.reject(offline) }).getZoneSetting(ZONE));
  assert.equal(rejected.cause, offline);
  // An answer that is not a Response: nothing was thrown, no cause.
  const odd = await caught(() => client({ fetch: async () => ({}) }).getZoneSetting(ZONE));
  assert.ok(!('cause' in odd));
  // An error that echoes the token is dropped (the message has it redacted).
  const echo = await caught(() => client({ fetch: async (url, init) => { throw new Error(`refused ${init.headers.authorization}`); } }).getZoneSetting(ZONE));
  assert.equal(echo.code, 'NETWORK_ERROR');
  assert.match(echo.message, /<redacted>/);
  assert.ok(!('cause' in echo));
  // A time-out has no cause either.
  const slow = await caught(CASES.find((c) => c[1] === 'TIMEOUT')[2]);
  assert.ok(!('cause' in slow));
});

test('INTERNAL keeps the trap as its cause; the module works again', async () => {
  exhaustMemory();
  const e = await caught(() => op.inspectCertificates(big));
  assert.ok(e instanceof op.OriginpullError && e.cause instanceof WebAssembly.RuntimeError);
  assert.equal(op.inspectCertificates(leafPem).length, 1);
});

test('isOriginpullError: by class or by brand (another copy of the package), nothing else', () => {
  assert.equal(op.isOriginpullError(new op.OriginpullError('TIMEOUT', 'no answer')), true);
  const foreign = Object.assign(new Error('from another copy'), { code: 'PEM_INVALID' });
  foreign.name = 'OriginpullError';
  assert.equal(op.isOriginpullError(foreign), true);
  assert.equal(op.isOriginpullError(Object.assign(new Error('x'), { code: 'PEM_INVALID' })), false);
  assert.equal(op.isOriginpullError({ name: 'OriginpullError', code: 'PEM_INVALID', message: 'x' }), false);
  for (const v of [null, undefined, 'PEM_INVALID', new TypeError('x')]) assert.equal(op.isOriginpullError(v), false);
  const made = new op.OriginpullError('CF_API_ERROR', 'm', { status: 500, cause: 'c' });
  assert.deepEqual({ ...made }, { code: 'CF_API_ERROR', status: 500 });
  assert.equal(made.cause, 'c');
});

test('the types describe the real errors (tsc --strict on their fields)', () => {
  assert.equal(seen.length, CASES.length, 'every case ran');
  const lines = [
    "import { isOriginpullError, OriginpullError, type AnyOriginpullError, type CfApiError } from '../../../js/index.js';",
    '/** `code` and the declared fields, without what every Error has. */',
    'type Of<E, C> = E extends { code: infer K } ? (C extends K ? E : never) : never;',
    'type Fields<C extends AnyOriginpullError["code"]> = Omit<Of<AnyOriginpullError, C>, keyof Error>;',
    ...seen.map((s, i) => `// ${s.what}\nexport const e${i}: Fields<${JSON.stringify(s.code)}> = ${JSON.stringify(s.fields)};`),
    // The check has teeth: an undeclared field and a missing one are refused.
    `// @ts-expect-error no such field\nexport const extra: Fields<'PEM_INVALID'> = { code: 'PEM_INVALID', status: 1 };`,
    `// @ts-expect-error status is required\nexport const missing: Fields<'CF_API_ERROR'> = { code: 'CF_API_ERROR', errors: [], messages: [], rayId: null, hint: null };`,
    // Narrowing on code gives each code's fields.
    'export function describe(e: unknown): string {',
    '  if (!isOriginpullError(e)) return String(e);',
    '  const base: OriginpullError = e;',
    '  if (e.code === "CF_API_ERROR") { const c: CfApiError = e; return `${c.status} ${e.rayId ?? ""} ${e.errors.map((x) => x.code).join()}`; }',
    '  if (e.code === "VALIDATION_FAILED") return e.codes.join();',
    '  if (e.code === "NETWORK_ERROR" || e.code === "INTERNAL") return String(e.cause);',
    '  // @ts-expect-error only CF_API_ERROR has a status',
    '  return `${base.message} ${e.status}`;',
    '}',
  ];
  const dir = join(root, 'tests/out/error-types');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'errors.ts'), lines.join('\n') + '\n');
  const tsc = spawnSync(
    join(root, 'node_modules/.bin/tsc'),
    ['--strict', '--exactOptionalPropertyTypes', '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom', 'errors.ts'],
    { cwd: dir, encoding: 'utf8' },
  );
  assert.equal(tsc.status, 0, `tsc failed:\n${tsc.stdout}${tsc.stderr}\n${lines.join('\n')}`);
});
