// The admin page's pure functions (www/model.js), in Node: badges, serials, the curl form with
// the token and key redacted, errors in plain words, hostnames per certificate, resuming.
// Expected serials come from Node's X509Certificate (independent of originpull).
import test from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFixture } from '../helpers/paths.mjs';
import {
  expiryBadge, serialHex, curlCommand, redactBody, describeError, normalizeZoneId, parseHostnames,
  hostnamesByCertificate, progressSteps, resumeNeeds, readiness, certificateLabel, consequence, commonName,
} from '../../www/model.js';

test('expiryBadge: days left, soon, expired, unknown', () => {
  const now = Date.parse('2026-06-01T00:00:00Z');
  assert.deepEqual(expiryBadge('2026-07-11T00:00:00Z', now), { text: '40 days left', tone: 'ok', days: 40 });
  assert.deepEqual(expiryBadge('2026-06-11T12:00:00Z', now), { text: '10 days left', tone: 'warning', days: 10 });
  assert.deepEqual(expiryBadge('2026-05-30T00:00:00Z', now), { text: 'expired 2 days ago', tone: 'error', days: -2 });
  assert.equal(expiryBadge('not a date', now).days, null);
});

test('serialHex: Cloudflare decimal serials as hex, as openssl prints them', () => {
  for (const f of ['leaf-rsa.pem', 'leaf-ec.pem', 'leaf-rsa-2.pem']) {
    const hex = new X509Certificate(readFixture('aop', f)).serialNumber.toLowerCase().replace(/^0+(?=.)/, '');
    assert.equal(serialHex(BigInt('0x' + hex).toString()), hex);
  }
  // 20-byte serials exceed Number: BigInt keeps every digit.
  assert.equal(serialHex('1461501637330902918203684832716283019655932542975'), 'ffffffffffffffffffffffffffffffffffffffff');
  assert.equal(serialHex('12ab'), '');
  assert.equal(serialHex(undefined), '');
});

test('curlCommand: the exact request, token and private key redacted, shell-quoted', () => {
  const request = {
    method: 'POST',
    url: 'https://admin.example/client/v4/zones/0123456789abcdef0123456789abcdef/origin_tls_client_auth/hostnames/certificates',
    headers: { accept: 'application/json', 'content-type': 'application/json', authorization: 'Bearer real-secret' },
    body: JSON.stringify({ certificate: "-----BEGIN CERTIFICATE-----\nO'Brien\n", private_key: '-----BEGIN PRIVATE KEY-----\nsecret\n' }),
  };
  const curl = curlCommand(request);
  assert.ok(!curl.includes('real-secret') && !curl.includes('secret\\n'));
  assert.match(curl, /^curl -X POST 'https:\/\/admin\.example\/client\/v4\/zones\/0123456789abcdef0123456789abcdef\/origin_tls_client_auth\/hostnames\/certificates'/);
  assert.match(curl, /-H 'Authorization: Bearer <redacted>'/);
  assert.match(curl, /-H 'content-type: application\/json'/);
  // The single quote in the certificate is closed, escaped and reopened for the shell.
  assert.ok(curl.includes(`O'\\''Brien`));
  assert.match(curl, /"private_key":"\[REDACTED\]"/);
  const serverHeld = curlCommand({ ...request, method: 'GET', body: null }, { sendsToken: false });
  assert.ok(!/Authorization/i.test(serverHeld));
  assert.ok(!serverHeld.includes('--data'));
  assert.equal(redactBody('{"config":[]}'), '{"config":[]}');
  assert.equal(redactBody('not json'), 'not json');
});

test('describeError: Cloudflare messages, hints and ray ids in plain words, never a stack', () => {
  const e = Object.assign(new Error('cloudflare api error'), {
    code: 'CF_API_ERROR', status: 400, errors: [{ code: 1416, message: 'The certificate is still associated with 1 hostname(s)' }], hint: 'void the associations first', rayId: 'abc-EMU',
  });
  const d = describeError(e);
  assert.equal(d.title, 'The API refused the request (HTTP 400)');
  assert.deepEqual(d.details, ['Cloudflare: The certificate is still associated with 1 hostname(s) (code 1416)', 'What to do: void the associations first', 'Ray ID abc-EMU']);
  const auth = describeError(Object.assign(new Error('x'), { code: 'CF_API_ERROR', status: 403, errors: [{ code: 10000, message: 'Authentication error' }] }));
  assert.ok(auth.details.some((l) => /API token/.test(l)));
  const inv = describeError(Object.assign(new Error('invalid argument: zone_id must be 32 hex'), { code: 'INVALID_ARGUMENT' }));
  assert.deepEqual(inv.details, ['zone_id must be 32 hex']);
  for (const x of [d, auth, inv, describeError(new TypeError('boom')), describeError(Object.assign(new Error('fetch failed'), { code: 'NETWORK_ERROR' }))]) {
    assert.ok(![x.title, ...x.details].some((l) => /\n\s+at /.test(l)));
  }
});

test('normalizeZoneId and parseHostnames', () => {
  assert.equal(normalizeZoneId(' 0123456789ABCDEF0123456789abcdef '), '0123456789abcdef0123456789abcdef');
  assert.equal(normalizeZoneId('0123'), null);
  assert.equal(normalizeZoneId('g123456789abcdef0123456789abcdef'), null);
  assert.deepEqual(parseHostnames('A.example.com\n b.example.com, a.example.com  c.example.com\n'), ['a.example.com', 'b.example.com', 'c.example.com']);
  assert.deepEqual(parseHostnames('  '), []);
});

test('hostnamesByCertificate: voided and deleted associations do not count; sorted', () => {
  const m = hostnamesByCertificate([
    { hostname: 'b.example.com', cert_id: 'c1', enabled: true, status: 'active' },
    { hostname: 'a.example.com', cert_id: 'c1', enabled: false, status: 'active' },
    { hostname: 'gone.example.com', cert_id: 'c1', enabled: null, status: 'pending_deletion' },
    { hostname: 'old.example.com', cert_id: 'c2', enabled: true, status: 'deleted' },
    { hostname: 'c.example.com', cert_id: 'c3', enabled: true, status: 'pending_deployment' },
  ]);
  assert.deepEqual(m.get('c1').map((h) => h.hostname), ['a.example.com', 'b.example.com']);
  assert.equal(m.has('c2'), false);
  assert.deepEqual(m.get('c3'), [{ hostname: 'c.example.com', enabled: true, status: 'pending_deployment' }]);
});

test('progressSteps and resumeNeeds follow the plan and the saved state', () => {
  const plan = ['discover', 'discover', 'upload', 'wait_certificate', 'switch', 'wait_associations', 'delete_old', 'delete_old'].map((step) => ({ step }));
  assert.deepEqual(progressSteps(plan), ['discover', 'upload', 'wait_certificate', 'switch', 'wait_associations', 'delete_old', 'done']);
  const base = { scope: 'hostname', zoneId: 'z', phase: { name: 'upload', checked: false }, newCertId: null, stop: null };
  assert.deepEqual(resumeNeeds(base), { finished: false, needsKey: true, summary: 'Per-hostname rotation of zone z, stopped at: upload.' });
  assert.equal(resumeNeeds({ ...base, newCertId: 'n', phase: { name: 'wait_associations', page: 1 } }).needsKey, false);
  assert.equal(resumeNeeds({ ...base, phase: { name: 'finished' } }).finished, true);
  assert.equal(resumeNeeds({ ...base, stop: { outcome: 'failed', resumable: true } }).finished, false);
  assert.equal(resumeNeeds({ ...base, stop: { outcome: 'rolled_back', resumable: false } }).finished, true);
  assert.equal(resumeNeeds(null).finished, true);
});

test('readiness: what the Manage and Rotate screens say about the checked input', () => {
  assert.equal(readiness(null).ready, false);
  const leaf = { subject: 'CN=x', serialNumberHex: '1001', notAfter: '2036-01-01T00:00:00Z' };
  assert.deepEqual(readiness({ ok: true, findings: [], certificates: [leaf], leaf: 0 }), { ready: true, text: 'Ready: CN=x, serial 1001, expires 2036-01-01T00:00:00Z (validation passed).' });
  assert.match(readiness({ ok: false, findings: [{ code: 'NO_PRIVATE_KEY', severity: 'error' }], certificates: [leaf], leaf: 0 }).text, /private key is missing/);
  assert.match(readiness({ ok: false, findings: [{ code: 'KEY_MISMATCH', severity: 'error' }, { code: 'CERT_EXPIRED', severity: 'error' }, { code: 'NO_EKU', severity: 'info' }], certificates: [leaf], leaf: 0 }).text, /2 errors \(KEY_MISMATCH, CERT_EXPIRED\)/);
});

test('after a reload the key is asked for again without claiming it was cleared by an upload', () => {
  const text = readiness({ ok: false, findings: [{ code: 'NO_PRIVATE_KEY', severity: 'error' }], certificates: [{ subject: 'CN=x' }], leaf: 0 }).text;
  assert.doesNotMatch(text, /cleared after each upload/);
  assert.match(text, /never stored, so it is asked for again after an upload or a reload/);
});

test('certificates are named by common name, issuer, serial and days left, never by UUID alone', () => {
  const now = Date.parse('2026-06-01T00:00:00Z');
  const c = { id: '5a7c0000-0000-4000-8000-000000000001', issuer: 'Example CA', serial_number: '4098', expires_on: '2027-01-01T00:00:00Z' };
  assert.equal(certificateLabel(c, 'CN=app\\, client,O=Example', now), 'app, client (issued by Example CA, serial 1002, 214 days left)');
  assert.equal(certificateLabel(c, '', now), 'a certificate issued by Example CA (serial 1002, 214 days left)');
  assert.equal(commonName('O=x'), '');
});

test('confirmations say what the origin will see', () => {
  for (const kind of ['disable', 'remove', 'zone-off']) assert.match(consequence(kind, { hostnames: ['a.example.com'], name: 'app' }), /refuses every connection from Cloudflare.*outage/);
  assert.match(consequence('remove', { hostnames: ['a.example.com'], name: 'app' }), /stops presenting app to the origin of a\.example\.com/);
  assert.match(consequence('delete', { hostnames: ['a.example.com'], name: 'app' }), /still used by a\.example\.com.*removed first/);
  assert.match(consequence('delete', { name: 'app' }), /no origin sees a change/);
  assert.match(consequence('delete', { name: 'app', scope: 'zone' }), /shared certificate/);
});
