// The package as a Node user imports it (`import * as op from 'originpull'`, resolved through
// package.json's exports map, "node" condition), checked against Node's own X.509 parser.
import test from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as op from 'originpull';
import { fixture, readFixture } from '../helpers/paths.mjs';

const leafPem = readFixture('basic', 'leaf.pem');
const caPem = readFixture('basic', 'ca.pem');

/** Node's view of the same certificate, in the contract's formats. */
function reference(pem) {
  const x = new X509Certificate(pem);
  const iso = (s) => new Date(s).toISOString().replace('.000Z', 'Z');
  return {
    serialNumberHex: x.serialNumber.toLowerCase().replace(/^0+(?=.)/, ''),
    serialNumber: BigInt('0x' + x.serialNumber).toString(10),
    notBefore: iso(x.validFrom),
    notAfter: iso(x.validTo),
    sha256: x.fingerprint256.replace(/:/g, '').toLowerCase(),
    sha1: x.fingerprint.replace(/:/g, '').toLowerCase(),
    ca: x.ca,
  };
}

test('the API is usable synchronously right after import', () => {
  assert.equal(typeof op.inspectCertificates, 'function');
});

test('inspectCertificates agrees with node:crypto on the fields Node exposes', () => {
  const [c] = op.inspectCertificates(leafPem);
  const ref = reference(leafPem);
  assert.equal(c.serialNumberHex, ref.serialNumberHex);
  assert.equal(c.serialNumber, ref.serialNumber);
  assert.equal(c.notBefore, ref.notBefore);
  assert.equal(c.notAfter, ref.notAfter);
  assert.equal(c.fingerprints.sha256, ref.sha256);
  assert.equal(c.fingerprints.sha1, ref.sha1);
  assert.equal(c.basicConstraints.ca, ref.ca);
  // Values written by make.sh (openssl), in the contract's RFC 4514 form.
  assert.equal(c.subject, 'CN=origin-pull client,O=Example\\, Inc.');
  assert.equal(c.issuer, 'CN=originpull test root');
  assert.deepEqual(c.subjectAltNames, {
    dns: ['origin.example.com', '*.example.com'],
    ip: ['192.0.2.10', '2001:db8::10'],
    email: ['ops@example.com'],
    uri: [],
  });
  assert.deepEqual(c.extendedKeyUsage, ['1.3.6.1.5.5.7.3.2']);
  assert.equal(c.publicKey.algorithm, 'RSA');
  assert.equal(c.publicKey.bits, 2048);
});

test('a bundle keeps input order; DER bytes give the same certificate', () => {
  const both = op.inspectCertificates(`${leafPem}\n${caPem}`);
  assert.deepEqual(both.map((c) => c.issuer), ['CN=originpull test root', 'CN=originpull test root']);
  assert.equal(both[1].subject, 'CN=originpull test root');
  const der = readFileSync(fixture('basic', 'leaf.der'));
  const [fromDer] = op.inspectCertificates(new Uint8Array(der));
  assert.equal(fromDer.fingerprints.sha256, both[0].fingerprints.sha256);
  assert.equal(fromDer.pem, both[0].pem);
});

test('the normalized PEM re-parses to the same DER', () => {
  const crlf = leafPem.replace(/\n/g, '\r\n');
  const [c] = op.inspectCertificates(crlf);
  assert.ok(!c.pem.includes('\r'));
  assert.equal(new X509Certificate(c.pem).fingerprint256, new X509Certificate(leafPem).fingerprint256);
});

for (const [name, input, code] of [
  ['garbage text', 'not a certificate', 'PEM_INVALID'],
  ['a BEGIN without END', '-----BEGIN CERTIFICATE-----\nMIIB\n', 'PEM_INVALID'],
  ['a CERTIFICATE block holding garbage', '-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n', 'PEM_INVALID'],
  ['empty input', '', 'NO_CERTIFICATE'],
  ['only a CSR', '-----BEGIN CERTIFICATE REQUEST-----\nMAMCAQE=\n-----END CERTIFICATE REQUEST-----\n', 'NO_CERTIFICATE'],
  ['more than 1 MiB', 'x'.repeat(1024 * 1024 + 1), 'INPUT_TOO_LARGE'],
  ['more than 1 MiB of UTF-8 in fewer characters', 'é'.repeat(512 * 1024 + 1), 'INPUT_TOO_LARGE'],
  ['more than 1 MiB of bytes', new Uint8Array(1024 * 1024 + 1), 'INPUT_TOO_LARGE'],
  ['a number', 42, 'INVALID_ARGUMENT'],
]) {
  test(`bad input (${name}) throws an Error with code ${code}`, () => {
    assert.throws(
      () => op.inspectCertificates(input),
      (e) => e instanceof Error && e.code === code && typeof e.message === 'string' && e.message.length > 0,
    );
  });
}

test('the instance keeps working after errors (no wasm panic poisoned it)', () => {
  for (let i = 0; i < 50; i++) assert.throws(() => op.inspectCertificates('-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----'));
  assert.equal(op.inspectCertificates(leafPem).length, 1);
});

/** The same PEM with its base64 in lines of 76 (as MIME writes it). */
function rewrap76(pem) {
  const lines = pem.trimEnd().split('\n');
  const body = lines.slice(1, -1).join('');
  return [lines[0], ...body.match(/.{1,76}/g), lines.at(-1), ''].join('\n');
}

test('pem is the normalized PEM whatever shape the input had (node:crypto writes the reference)', () => {
  const leaf = new X509Certificate(leafPem);
  const ca = new X509Certificate(caPem);
  // node:crypto writes normalized PEM: 64 columns, LF, a final line break.
  const want = [leaf.toString(), ca.toString()];
  const bare = want.map((p) => p.trimEnd());
  const shapes = {
    'bundle with text around': `intro\n${want[0]}between\n${want[1]}outro\n`,
    'no final line breaks, back to back': bare.join(''),
    'CRLF': want.join('').replace(/\n/g, '\r\n'),
    'JSON-escaped': JSON.stringify(want.join('')).slice(1, -1),
    'non-ASCII text around': `é — ${want[0]}ü\n${want[1]}`,
    '76 columns': want.map(rewrap76).join(''),
    'X509 CERTIFICATE labels': want.join('').replace(/ CERTIFICATE-----/g, ' X509 CERTIFICATE-----'),
  };
  for (const [shape, text] of Object.entries(shapes)) {
    for (const input of [text, new TextEncoder().encode(text)]) {
      const got = op.inspectCertificates(input).map((c) => c.pem);
      assert.deepEqual(got, want, `${shape} (${typeof input === 'string' ? 'string' : 'bytes'})`);
      assert.deepEqual(op.inspect(input).certificates.map((c) => c.pem), want, `${shape}: inspect`);
    }
  }
});
