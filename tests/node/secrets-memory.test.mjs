// Secret hygiene, proven on the modules' memory: after `validateUpload` (and `inspect`) with a
// private key, the whole wasm linear memory of the core is scanned for the key's text (every base64 line
// of its PEM body, encrypted and decrypted), its DER, its secret numbers (the EC scalar; RSA's
// d, p, q, dp, dq, qi) and the passphrase. None may be found: every copy the core made on the
// way, including freed ones, must have been wiped. The scan itself is shown to work: it finds
// the certificate's base64 (public, not wiped), and it finds a key line deliberately left in
// memory through an export that does not wipe its arguments.
//
// Minting runs in the second module (pkg/originpull_mint_bg.wasm): after minting, that module's
// memory is the one scanned (and shown to be the right one: it holds the new certificate).
//
// The memory is reached through the wasm-bindgen glue (pkg/originpull.js, and
// pkg/originpull_mint.js for minting), which `initSync` returns the instance's exports from once
// the package entry has initialised it: an internal path for this test, not part of the
// package's API.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createPrivateKey } from 'node:crypto';
import { join } from 'node:path';
import * as op from 'originpull';
import { initSync } from '../../pkg/originpull.js';
import { initSync as mintInitSync } from '../../pkg/originpull_mint.js';
import { root } from '../helpers/paths.mjs';

const memory = () => Buffer.from(initSync().memory.buffer);
/** The minting module's memory (loaded by the entry on the first minting call). */
const mintMemory = () => Buffer.from(mintInitSync().memory.buffer);

const VALIDATE = join(root, 'tests', 'data', 'validate');
const KEYS = join(root, 'tests', 'data', 'keys');
const read = (...p) => readFileSync(join(...p), 'utf8');

/** The base64 lines of a PEM text's body (headers and BEGIN/END lines left out). */
function base64Lines(pem) {
  return pem
    .split('\n')
    .filter((l) => l.length >= 16 && /^[A-Za-z0-9+/=]+$/.test(l));
}

/** The DER of a PEM block. */
function derOf(pem) {
  return Buffer.from(base64Lines(pem).join(''), 'base64');
}

/** A key's secret numbers, as big-endian bytes: EC `d`; RSA `d`, `p`, `q`, `dp`, `dq`, `qi`. */
function secretNumbers(pem, passphrase) {
  const jwk = createPrivateKey({ key: pem, passphrase }).export({ format: 'jwk' });
  return ['d', 'p', 'q', 'dp', 'dq', 'qi'].filter((k) => jwk[k]).map((k) => [k, Buffer.from(jwk[k], 'base64url')]);
}

/** Every needle (name, bytes) found in the wasm memory (the core's by default), with where. */
function found(needles, mem = memory()) {
  const hits = [];
  for (const [name, bytes] of needles) {
    const at = mem.indexOf(bytes);
    if (at >= 0) hits.push(`${name} at ${at}`);
  }
  return hits;
}

/**
 * What must not be in memory after a key was read: its text and DER (as given, and unencrypted
 * in PKCS#8 and in its own format) and its secret numbers; `passphrase` only decrypts it here.
 * Lines of key text that only encode public bytes (an EC key's embedded point) can also be
 * lines of the certificate's text, which is public: those are left out.
 */
function secretsOf(keyPem, passphrase, certificate) {
  const key = createPrivateKey({ key: keyPem, passphrase });
  const texts = { 'key text': keyPem, 'key text as PKCS#8': key.export({ type: 'pkcs8', format: 'pem' }) };
  const own = { ec: 'sec1', rsa: 'pkcs1' }[key.asymmetricKeyType];
  if (own) texts['key text in its own format'] = key.export({ type: own, format: 'pem' });
  const needles = [];
  for (const [what, text] of Object.entries(texts)) {
    base64Lines(text).forEach((l, i) => {
      if (!certificate.includes(l)) needles.push([`${what}, line ${i + 1}`, Buffer.from(l)]);
    });
  }
  for (const [what, text] of Object.entries(texts)) needles.push([`${what}: DER`, derOf(text)]);
  for (const [name, bytes] of secretNumbers(keyPem, passphrase)) needles.push([`secret ${name}`, bytes]);
  return needles;
}

const CASES = [
  { name: 'unencrypted PKCS#8 P-256', dir: VALIDATE, cert: 'ok-p256.cert.pem', key: 'ok-p256.key.pem', now: '2026-06-01T00:00:00Z' },
  { name: 'unencrypted PKCS#8 RSA-2048', dir: VALIDATE, cert: 'ok-rsa-2048.cert.pem', key: 'ok-rsa-2048.key.pem', now: '2026-06-01T00:00:00Z' },
  {
    name: 'PBES2 (PBKDF2, AES-256-CBC) encrypted key with its passphrase',
    dir: VALIDATE,
    cert: 'ok-encrypted-key-right-passphrase.cert.pem',
    key: 'ok-encrypted-key-right-passphrase.key.pem',
    passphrase: 'correct-horse',
    now: '2026-06-01T00:00:00Z',
  },
  // The key vectors' certificates are CA certificates (no payload), but the key is read,
  // decrypted and matched all the same.
  { name: 'PBES2 (scrypt) P-256', dir: KEYS, cert: 'p256.cert.pem', key: 'p256.pkcs8-scrypt.pem', passphrase: 'op-test-passphrase' },
  { name: 'legacy PEM (AES-256-CBC) RSA', dir: KEYS, cert: 'rsa2048.cert.pem', key: 'rsa2048.legacy-aes256.pem', passphrase: 'op-test-passphrase' },
  { name: 'legacy PEM (DES-EDE3-CBC) SEC1 P-384', dir: KEYS, cert: 'p384.cert.pem', key: 'p384.legacy-des3.pem', passphrase: 'op-test-passphrase' },
  { name: 'SEC1 P-521 without its public key (derived)', dir: KEYS, cert: 'p521.cert.pem', key: 'p521.sec1-nopub.pem' },
  { name: 'Ed25519 PKCS#8 (public key derived)', dir: KEYS, cert: 'ed25519.cert.pem', key: 'ed25519.pkcs8.pem' },
  { name: 'PBES2 encrypted Ed25519', dir: KEYS, cert: 'ed25519.cert.pem', key: 'ed25519.pkcs8-aes256.pem', passphrase: 'op-test-passphrase' },
];

// The same unencrypted key in every form users paste or drop, each taking its own path through
// the PEM reader (CRLF and JSON-escaped text are normalised into a copy; a bare base64 body is
// compacted; DER bytes go to the key reader as they are).
const p256Key = read(VALIDATE, 'ok-p256.key.pem');
const FORMS = [
  { name: 'PEM with CRLF line ends', privateKey: p256Key.replaceAll('\n', '\r\n') },
  { name: 'PEM pasted from JSON (literal \\n)', privateKey: JSON.stringify(p256Key).slice(1, -1) },
  { name: 'bare base64 body', privateKey: base64Lines(p256Key).join('\n') },
  { name: 'PEM as bytes', privateKey: new TextEncoder().encode(p256Key) },
  { name: 'DER bytes', privateKey: new Uint8Array(derOf(p256Key)) },
];
for (const f of FORMS) {
  CASES.push({ name: `unencrypted PKCS#8 P-256, ${f.name}`, dir: VALIDATE, cert: 'ok-p256.cert.pem', key: 'ok-p256.key.pem', input: f.privateKey, now: '2026-06-01T00:00:00Z' });
}
// Text with a non-ASCII character crosses into wasm memory in two steps (the glue copies the
// ASCII prefix, then grows the buffer for the rest); so does such a passphrase. The key here is
// encrypted by Node (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC) with that passphrase.
const hörse = 'correct-hörse-battery';
const p256Encrypted = createPrivateKey(p256Key).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: hörse });
CASES.push(
  { name: 'unencrypted PKCS#8 P-256 followed by non-ASCII text', dir: VALIDATE, cert: 'ok-p256.cert.pem', key: 'ok-p256.key.pem', input: `${p256Key}\n(exported by Zoë)\n`, now: '2026-06-01T00:00:00Z' },
  { name: 'PBES2 encrypted P-256 with a non-ASCII passphrase', dir: VALIDATE, cert: 'ok-p256.cert.pem', key: 'ok-p256.key.pem', input: p256Encrypted, passphrase: hörse, now: '2026-06-01T00:00:00Z' },
);

for (const c of CASES) {
  test(`no copy of the key or passphrase is left in wasm memory: ${c.name}`, () => {
    const certificate = read(c.dir, c.cert);
    const privateKey = read(c.dir, c.key);
    const secrets = secretsOf(privateKey, c.passphrase, certificate);
    if (typeof c.input === 'string') {
      base64Lines(c.input).forEach((l, i) => secrets.push([`input text line ${i + 1}`, Buffer.from(l)]));
    }
    if (c.passphrase !== undefined) secrets.push(['passphrase (UTF-8)', Buffer.from(c.passphrase)]);
    const report = op.validateUpload({ certificate, privateKey: c.input ?? privateKey, passphrase: c.passphrase }, { now: c.now });
    assert.ok(report.key && !report.findings.some((f) => f.code.startsWith('KEY_')), JSON.stringify(report.findings));
    if (c.now) {
      assert.equal(report.ok, true, JSON.stringify(report.findings));
      // The payload carries the unencrypted key: the same key as Node reads from the input.
      const plain = createPrivateKey({ key: privateKey, passphrase: c.passphrase });
      assert.ok(plain.equals(createPrivateKey(report.payload.private_key)));
    }
    assert.deepEqual(found(secrets), [], 'after validateUpload');
    // inspect reads (and decrypts) it too.
    const inspection = op.inspect(c.input ?? privateKey, { passphrase: c.passphrase });
    assert.equal(inspection.privateKeys.length, 1);
    assert.deepEqual(found(secrets), [], 'after inspect');
  });
}

// Minting: the CA's key (read, decrypted, signed with) and the new key (made or brought from
// WebCrypto, encoded as PEM for the result) leave no copy in the minting module's memory.
const MINT_CASES = [
  { name: 'P-256 CA key (SEC1), new P-256 key', cert: 'p256.cert.pem', key: 'p256.sec1.pem', keyType: 'P-256' },
  { name: 'PBES2 encrypted P-256 CA key, new RSA-2048 key (WebCrypto)', cert: 'p256.cert.pem', key: 'p256.pkcs8-aes256.pem', passphrase: 'op-test-passphrase', keyType: 'RSA-2048' },
  { name: 'RSA-2048 CA key (PKCS#1), new P-384 key', cert: 'rsa2048.cert.pem', key: 'rsa2048.pkcs1.pem', keyType: 'P-384' },
  { name: 'Ed25519 CA key, new P-256 key', cert: 'ed25519.cert.pem', key: 'ed25519.pkcs8.pem', keyType: 'P-256' },
];
for (const c of MINT_CASES) {
  test(`no copy of a key or the passphrase is left in wasm memory after minting: ${c.name}`, async () => {
    const certificate = read(KEYS, c.cert);
    const privateKey = read(KEYS, c.key);
    const minted = await op.issueClientCertificate({ ca: { certificate, privateKey, passphrase: c.passphrase }, commonName: 'memory', keyType: c.keyType, validityDays: 30 });
    const secrets = [...secretsOf(privateKey, c.passphrase, certificate), ...secretsOf(minted.privateKey, undefined, minted.certificate).map(([n, b]) => [`new key: ${n}`, b])];
    if (c.passphrase !== undefined) secrets.push(['passphrase (UTF-8)', Buffer.from(c.passphrase)]);
    assert.deepEqual(found(secrets, mintMemory()), []);
    // The scan looks where minting ran: the new certificate (public, not wiped) is there.
    const certLines = base64Lines(minted.certificate).map((l, i) => [`new certificate line ${i + 1}`, Buffer.from(l)]);
    assert.ok(found(certLines, mintMemory()).length > 0, 'the new certificate is not in the memory scanned: the wrong module?');
  });
}

test('a wrong passphrase leaves neither it nor the key in memory', () => {
  const privateKey = read(VALIDATE, 'ok-encrypted-key-right-passphrase.key.pem');
  const certificate = read(VALIDATE, 'ok-encrypted-key-right-passphrase.cert.pem');
  const report = op.validateUpload({ certificate, privateKey, passphrase: 'wrong-horse-battery' });
  assert.ok(report.findings.some((f) => f.code === 'KEY_PASSPHRASE_WRONG'));
  const needles = secretsOf(privateKey, 'correct-horse', certificate);
  needles.push(['wrong passphrase', Buffer.from('wrong-horse-battery')]);
  assert.deepEqual(found(needles), []);
});

// API arguments (issue 11): params and options cross as JS values (js/core.js's JSON-shaped
// copy, read into a serde_json Value by serde-wasm-bindgen), each string copied into wasm
// memory once. An upload's params hold the key and buildRequest's options the token: every
// string read out of them, the request built from them and the parsed options are wiped.
test('no copy of an upload\'s key or of the token is left in wasm memory by buildRequest or a Client call', async () => {
  const certificate = read(VALIDATE, 'ok-p256.cert.pem');
  const privateKey = read(VALIDATE, 'ok-p256.key.pem');
  const token = 'op-memory-test-token-0123456789abcdefghij';
  const zone = '023e105f4ecef8ad9ca31a8372d0c353';
  const upload = 'zone-level-authenticated-origin-pulls-upload-certificate';
  // An `undefined` member is absent, as in JSON (present, `note` would be refused as unknown).
  const params = { zone_id: zone, body: { certificate, private_key: privateKey }, note: undefined };
  const built = op.buildRequest(upload, params, { token, baseUrl: 'https://api.cloudflare.com/client/v4' });
  assert.equal(built.headers.authorization, `Bearer ${token}`);
  assert.equal(JSON.parse(built.body).private_key, privateKey, 'the request carries the key');
  const needles = [...secretsOf(privateKey, undefined, certificate), ['token', Buffer.from(token)]];
  assert.deepEqual(found(needles), [], 'after buildRequest');
  // The Client keeps its token (wiped when it is freed), so only the key is looked for here.
  const sent = [];
  const client = new op.Client({
    token,
    fetch: async (url, init) => {
      sent.push(JSON.parse(init.body));
      return new Response(JSON.stringify({ success: true, errors: [], messages: [], result: { id: 'c1', status: 'pending_deployment' } }));
    },
  });
  const result = await client.uploadZoneCertificate(zone, { certificate, private_key: privateKey, comment: undefined });
  assert.equal(result.id, 'c1');
  assert.equal(sent[0].private_key, privateKey);
  assert.deepEqual(found(secretsOf(privateKey, undefined, certificate)), [], 'after a Client call');
});

test('the scan finds what is there: the certificate text, and a key line left on purpose', () => {
  const certificate = read(VALIDATE, 'ok-p256.cert.pem');
  const privateKey = read(VALIDATE, 'ok-p256.key.pem');
  const report = op.validateUpload({ certificate, privateKey }, { now: '2026-06-01T00:00:00Z' });
  assert.equal(report.ok, true);
  // Public: the certificate's PEM is built in wasm memory for the report and not wiped.
  const certLines = base64Lines(certificate).map((l, i) => [`certificate line ${i + 1}`, Buffer.from(l)]);
  assert.ok(found(certLines).length > 0, 'the scan finds no certificate line: it cannot be trusted');
  // A key line handed to an export that does not wipe its arguments stays in memory, and the
  // scan reports it. (Done last: it leaves that line behind.)
  const line = base64Lines(privateKey)[1];
  assert.deepEqual(found([['key line', Buffer.from(line)]]), []);
  op.parseResponse(200, null, JSON.stringify({ success: true, errors: [], messages: [], result: { note: line } }));
  assert.deepEqual(found([['key line', Buffer.from(line)]]).length, 1);
});
