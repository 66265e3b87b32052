// Minting in Node, judged by other implementations: every key type minted; `openssl verify
// -purpose sslclient` accepts each client certificate against its CA; Python `cryptography`
// parses them and verifies the client's signature with the CA's key; a real TLS handshake
// (`openssl s_server -Verify 1` on 127.0.0.1) accepts the client certificate and refuses a
// client without one; validateUpload finds no error or warning; no two mints share a serial or
// a key; CSRs pass `openssl req -verify`; every option error has its code; the CLI writes
// keys with mode 0600, refuses to overwrite, prints keys only with --stdout.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as op from 'originpull';
import { root } from '../helpers/paths.mjs';
import { judgeWithPython, judgeWithHandshakes } from '../helpers/mint-judge.mjs';

const dir = mkdtempSync(join(tmpdir(), 'originpull-mint-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name, text) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const openssl = (...args) => spawnSync('openssl', args, { encoding: 'utf8' });

/** Everything minted here: CAs by key type, clients as { name, ca, minted }. */
const cas = {};
const clients = [];

before(async () => {
  // Every key type as a CA but RSA-4096 (slow: one RSA-4096 key per runtime, the client's).
  for (const keyType of ['P-256', 'P-384', 'RSA-2048', 'RSA-3072']) {
    cas[keyType] = await op.createCA({ commonName: `originpull ${keyType} CA`, organization: 'Example, Inc.', keyType });
  }
  // Every key type as a client of the P-256 CA; one client of each other CA.
  for (const keyType of ['P-256', 'P-384', 'RSA-2048', 'RSA-3072', 'RSA-4096']) {
    const minted = await op.issueClientCertificate({ ca: cas['P-256'], commonName: `client ${keyType}`, keyType, dnsNames: ['app.example.com'] });
    clients.push({ name: `P-256 CA -> ${keyType}`, ca: cas['P-256'], minted, keyType });
  }
  for (const caType of ['P-384', 'RSA-2048', 'RSA-3072']) {
    const minted = await op.issueClientCertificate({ ca: cas[caType], commonName: `client of ${caType}` });
    clients.push({ name: `${caType} CA -> P-256`, ca: cas[caType], minted, keyType: 'P-256' });
  }
});

test('the CA: what the contract says, for every key type', () => {
  for (const [keyType, ca] of Object.entries(cas)) {
    const [c] = op.inspectCertificates(ca.certificate);
    assert.equal(c.subject, `CN=originpull ${keyType} CA,O=Example\\, Inc.`);
    assert.equal(c.selfSigned, true);
    assert.deepEqual(c.basicConstraints, { ca: true, pathLength: 0 });
    assert.deepEqual(c.keyUsage, ['keyCertSign', 'cRLSign']);
    assert.ok(c.subjectKeyId);
    assert.equal(c.serialNumberHex.length, 32);
    const days = (Date.parse(c.notAfter) - Date.parse(c.notBefore)) / 86400e3;
    assert.ok(days > 3650 && days < 3650.01, `${days}`);
    const [key] = op.inspect(ca.privateKey).privateKeys;
    assert.equal(key.format, 'pkcs8');
    assert.equal(key.publicKeySha256, c.publicKey.sha256);
    assert.match(ca.privateKey, /^-----BEGIN PRIVATE KEY-----\n/);
    // openssl reads the certificate's extensions as CA ones.
    const text = openssl('x509', '-in', file(`ca-${keyType}.pem`, ca.certificate), '-noout', '-text').stdout;
    assert.match(text, /Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    assert.match(text, /Key Usage: critical\s+Certificate Sign, CRL Sign/);
  }
});

test('every client: openssl verify -purpose sslclient against its CA; validateUpload finds no error or warning', () => {
  for (const { name, ca, minted, keyType } of clients) {
    const caFile = file('verify-ca.pem', ca.certificate);
    const r = openssl('verify', '-purpose', 'sslclient', '-CAfile', caFile, file('verify-client.pem', minted.certificate));
    assert.equal(r.status, 0, `${name}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /: OK/);
    const [c] = op.inspectCertificates(minted.certificate);
    assert.deepEqual(c.basicConstraints, { ca: false, pathLength: null }, name);
    assert.deepEqual(c.extendedKeyUsage, ['1.3.6.1.5.5.7.3.2'], name);
    assert.deepEqual(c.keyUsage, ['digitalSignature'], name);
    assert.equal(c.authorityKeyId, op.inspectCertificates(ca.certificate)[0].subjectKeyId, name);
    assert.equal(c.issuer, op.inspectCertificates(ca.certificate)[0].subject, name);
    if (keyType.startsWith('RSA')) assert.equal(c.publicKey.bits, Number(keyType.slice(4)), name);
    else assert.equal(c.publicKey.curve, keyType, name);
    assert.equal(minted.chain, ca.certificate, name);
    const report = op.validateUpload({ certificate: minted.certificate, privateKey: minted.privateKey, caCertificates: minted.chain });
    assert.equal(report.ok, true, name);
    assert.deepEqual(report.findings.filter((f) => f.severity !== 'info').map((f) => f.code), [], name);
  }
});

test('Python cryptography parses every CA and client certificate and verifies the client signature with the CA key', () => {
  judgeWithPython(clients.map(({ name, ca, minted }) => ({ name, ca: ca.certificate, cert: minted.certificate, key: minted.privateKey })), op);
});

test('a real handshake: openssl s_server -Verify 1 accepts the client certificate and refuses a client without one', async () => {
  const cases = [clients[0], clients.find((c) => c.keyType === 'RSA-2048'), clients.at(-1)];
  for (const { name, ca, minted } of cases) {
    // A certificate of another CA is refused too.
    const other = clients.find((c) => c.ca !== ca).minted;
    await judgeWithHandshakes([{ name, ca: ca.certificate, cert: minted.certificate, key: minted.privateKey }], { cert: other.certificate, key: other.privateKey });
  }
});

test('two mints never share a serial or a key', async () => {
  const serials = new Set();
  const keys = new Set();
  const all = [...Object.values(cas), ...clients.map((c) => c.minted)];
  for (let i = 0; i < 20; i++) all.push(await op.issueClientCertificate({ ca: cas['P-256'], commonName: 'same' }));
  for (const m of all) {
    const [c] = op.inspectCertificates(m.certificate);
    serials.add(c.serialNumberHex);
    keys.add(c.publicKey.sha256);
    assert.match(c.serialNumberHex, /^[4-7][0-9a-f]{31}$/, 'positive, 16 octets');
  }
  assert.equal(serials.size, all.length);
  assert.equal(keys.size, all.length);
});

test('createCertificateRequest: openssl req -verify accepts it; inspect reads it back', async () => {
  for (const keyType of ['P-256', 'P-384', 'RSA-2048']) {
    const { csr, privateKey } = await op.createCertificateRequest({ commonName: 'origin-pull client', keyType, dnsNames: ['app.example.com', 'api.example.com'] });
    const path = file('req.csr', csr);
    const r = openssl('req', '-in', path, '-verify', '-noout', '-text');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /verify OK/i);
    assert.match(r.stdout, /DNS:app\.example\.com, DNS:api\.example\.com/);
    assert.match(r.stdout, /TLS Web Client Authentication/);
    const found = op.inspect(csr + privateKey);
    assert.deepEqual(found.ignored, []);
    const [req] = found.requests;
    assert.equal(req.subject, 'CN=origin-pull client');
    assert.equal(req.signatureValid, true);
    assert.deepEqual(req.subjectAltNames.dns, ['app.example.com', 'api.example.com']);
    assert.equal(req.publicKey.sha256, found.privateKeys[0].publicKeySha256);
    assert.equal(req.pem, csr);
  }
  // A CSR made by openssl, as PEM and as DER; a tampered one reads with signatureValid false.
  const key = join(dir, 'o.key');
  const pemPath = join(dir, 'o.csr');
  assert.equal(openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', pemPath, '-subj', '/O=Example, Inc./CN=by openssl', '-addext', 'subjectAltName=DNS:x.example.com,IP:192.0.2.1').status, 0);
  const pem = readFileSync(pemPath, 'utf8');
  const [fromOpenssl] = op.inspect(pem).requests;
  assert.equal(fromOpenssl.subject, 'CN=by openssl,O=Example\\, Inc.');
  assert.deepEqual(fromOpenssl.subjectAltNames, { dns: ['x.example.com'], ip: ['192.0.2.1'], email: [], uri: [] });
  assert.equal(fromOpenssl.signatureValid, true);
  assert.equal(fromOpenssl.signatureAlgorithm.name, 'sha256WithRSAEncryption');
  const der = new Uint8Array(spawnSync('openssl', ['req', '-in', pemPath, '-outform', 'DER']).stdout);
  assert.deepEqual(op.inspect(der).requests, [fromOpenssl]);
  const body = pem.split('\n').slice(1, -2).join('');
  const bytes = Buffer.from(body, 'base64');
  bytes[bytes.length - 5] ^= 1;
  const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${bytes.toString('base64').match(/.{1,64}/g).join('\n')}\n-----END CERTIFICATE REQUEST-----\n`;
  assert.equal(op.inspect(tampered).requests[0].signatureValid, false);
  // A block that is not a request stays ignored, with the reason.
  const broken = op.inspect('-----BEGIN CERTIFICATE REQUEST-----\nMAMCAQE=\n-----END CERTIFICATE REQUEST-----\n');
  assert.deepEqual(broken.requests, []);
  assert.equal(broken.ignored[0].label, 'CERTIFICATE REQUEST');
  assert.match(broken.ignored[0].reason, /not a valid certificate signing request/);
});

/** The code `make()` rejects with. */
async function code(make) {
  try {
    await make();
  } catch (e) {
    assert.ok(op.isOriginpullError(e), String(e));
    return e.code;
  }
  assert.fail('no error');
}

test('bad options and CAs that cannot issue: coded errors', async () => {
  const ca = cas['P-256'];
  const client = clients[0].minted;
  const issue = (o) => op.issueClientCertificate({ ca, commonName: 'x', ...o });
  assert.equal(await code(() => op.createCA({ commonName: 'x', keyType: 'P-521' })), 'INVALID_ARGUMENT');
  assert.equal(await code(() => op.createCA({ commonName: '' })), 'INVALID_ARGUMENT');
  assert.equal(await code(() => op.createCA({ commonName: 'x'.repeat(65) })), 'INVALID_ARGUMENT');
  assert.equal(await code(() => op.createCA({ commonName: 'x', validityDays: 0 })), 'INVALID_ARGUMENT');
  assert.equal(await code(() => op.createCA({ commonName: 'x', validityDays: -1 })), 'INVALID_ARGUMENT');
  assert.equal(await code(() => op.createCA({ commonName: 'x', validityDays: 1.5 })), 'INVALID_ARGUMENT');
  assert.equal(await code(() => op.createCA({ commonName: 'x', validityDays: '30' })), 'INVALID_ARGUMENT');
  assert.equal(await code(() => op.createCA({ commonName: 'x', now: 'yesterday' })), 'INVALID_ARGUMENT');
  assert.equal(await code(() => op.createCA(null)), 'INVALID_ARGUMENT');
  assert.equal(await code(() => issue({ dnsNames: ['not a hostname'] })), 'INVALID_ARGUMENT');
  assert.equal(await code(() => issue({ dnsNames: 'app.example.com' })), 'INVALID_ARGUMENT');
  assert.equal(await code(() => issue({ validityDays: 3651 })), 'CA_EXPIRES_TOO_SOON');
  assert.equal(await code(() => issue({ now: Date.now() + 3651 * 86400e3 })), 'CA_EXPIRES_TOO_SOON');
  assert.equal(await code(() => issue({ ca: { certificate: client.certificate, privateKey: client.privateKey } })), 'CA_NOT_A_CA');
  assert.equal(await code(() => issue({ ca: { certificate: ca.certificate, privateKey: cas['P-384'].privateKey } })), 'KEY_MISMATCH');
  assert.equal(await code(() => issue({ ca: { certificate: ca.certificate, privateKey: 'no key here' } })), 'PEM_INVALID');
  // An encrypted CA key (openssl pkcs8 -topk8 -v2 aes-256-cbc): no passphrase, a wrong one, the right one.
  const enc = openssl('pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-in', file('ca.key', ca.privateKey), '-passout', 'pass:ca-secret');
  assert.equal(enc.status, 0, enc.stderr);
  const locked = { certificate: ca.certificate, privateKey: enc.stdout };
  assert.equal(await code(() => issue({ ca: locked })), 'KEY_ENCRYPTED');
  assert.equal(await code(() => issue({ ca: { ...locked, passphrase: 'wrong' } })), 'KEY_PASSPHRASE_WRONG');
  const ok = await issue({ ca: { ...locked, passphrase: 'ca-secret' } });
  assert.equal(op.validateUpload({ certificate: ok.certificate, privateKey: ok.privateKey, caCertificates: ca.certificate }).ok, true);
  // A CA key as DER bytes works too.
  const der = new Uint8Array(spawnSync('openssl', ['pkey', '-in', join(dir, 'ca.key'), '-outform', 'DER']).stdout);
  assert.equal(op.inspectCertificates((await issue({ ca: { certificate: ca.certificate, privateKey: der } })).certificate)[0].issuer, op.inspectCertificates(ca.certificate)[0].subject);
  // An RSA-1024 CA (openssl) is refused: WEAK_KEY.
  const weakKey = join(dir, 'weak.key');
  assert.equal(openssl('req', '-x509', '-newkey', 'rsa:1024', '-nodes', '-keyout', weakKey, '-out', join(dir, 'weak.pem'), '-subj', '/CN=weak', '-days', '30').status, 0);
  assert.equal(await code(() => issue({ ca: { certificate: readFileSync(join(dir, 'weak.pem'), 'utf8'), privateKey: readFileSync(weakKey, 'utf8') }, validityDays: 10 })), 'WEAK_KEY');
});

test('a CA made by openssl (with an Ed25519 key) issues a certificate openssl verifies', async () => {
  const key = join(dir, 'ed.key');
  const cert = join(dir, 'ed.pem');
  const r = openssl('req', '-x509', '-newkey', 'ed25519', '-nodes', '-keyout', key, '-out', cert, '-subj', '/C=CH/O=Example/CN=ed25519 CA', '-days', '30', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
  assert.equal(r.status, 0, r.stderr);
  const minted = await op.issueClientCertificate({ ca: { certificate: readFileSync(cert, 'utf8'), privateKey: readFileSync(key, 'utf8') }, commonName: 'ed client', validityDays: 10 });
  const v = openssl('verify', '-purpose', 'sslclient', '-CAfile', cert, file('ed-client.pem', minted.certificate));
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.equal(op.inspectCertificates(minted.certificate)[0].issuer, 'CN=ed25519 CA,O=Example,C=CH');
});

test('now: a fixed time gives fixed dates (notBefore 5 minutes earlier)', async () => {
  const ca = await op.createCA({ commonName: 'dated', now: '2030-01-01T00:00:00Z', validityDays: 10 });
  const [c] = op.inspectCertificates(ca.certificate);
  assert.deepEqual([c.notBefore, c.notAfter], ['2029-12-31T23:55:00Z', '2030-01-11T00:00:00Z']);
  const client = await op.issueClientCertificate({ ca, commonName: 'dated client', now: new Date('2030-01-02T00:00:00Z'), validityDays: 9 });
  const [l] = op.inspectCertificates(client.certificate);
  assert.deepEqual([l.notBefore, l.notAfter], ['2030-01-01T23:55:00Z', '2030-01-11T00:00:00Z']);
});

// ---- the command line ------------------------------------------------------------------------

const CLI = join(root, 'bin', 'originpull.mjs');
function cli(args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn('node', [CLI, ...args], { cwd: dir, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('CLI: mint ca, client and csr write PEM files; keys 0600; no overwrite without --force; keys printed only with --stdout', async () => {
  const out = join(dir, 'cli');
  let r = await cli(['mint', 'ca', '--cn', 'CLI CA', '--org', 'Example', '--out-dir', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(statSync(join(out, 'ca.key')).mode & 0o777, 0o600);
  const caKey = readFileSync(join(out, 'ca.key'), 'utf8');
  assert.ok(!r.stdout.includes(caKey.split('\n')[1]), 'the key is not printed');
  assert.match(r.stdout, /wrote .*ca\.pem/);
  r = await cli(['mint', 'client', '--ca-cert', join(out, 'ca.pem'), '--ca-key', join(out, 'ca.key'), '--cn', 'CLI client', '--dns', 'a.example.com,b.example.com', '--out-dir', out, '--key-type', 'RSA-2048', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(report.files), ['certificate', 'privateKey', 'chain']);
  assert.equal(report.certificate.subject, 'CN=CLI client');
  assert.ok(!r.stdout.includes('PRIVATE KEY'));
  assert.equal(statSync(join(out, 'client.key')).mode & 0o777, 0o600);
  const v = openssl('verify', '-purpose', 'sslclient', '-CAfile', join(out, 'client.chain.pem'), join(out, 'client.pem'));
  assert.equal(v.status, 0, v.stdout + v.stderr);
  r = await cli(['validate', '--cert', join(out, 'client.pem'), '--key', join(out, 'client.key'), '--ca', join(out, 'ca.pem'), '--json']);
  assert.equal(r.code, 0, r.stdout);
  assert.deepEqual(JSON.parse(r.stdout).findings.filter((f) => f.severity !== 'info'), []);
  // Refuses to overwrite (nothing written), --force overwrites (mode still 0600).
  const before = readFileSync(join(out, 'ca.pem'), 'utf8');
  r = await cli(['mint', 'ca', '--cn', 'again', '--out-dir', out]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /already exist.*--force/);
  assert.equal(readFileSync(join(out, 'ca.pem'), 'utf8'), before);
  r = await cli(['mint', 'ca', '--cn', 'again', '--out-dir', out, '--force']);
  assert.equal(r.code, 0, r.stderr);
  assert.notEqual(readFileSync(join(out, 'ca.pem'), 'utf8'), before);
  assert.equal(statSync(join(out, 'ca.key')).mode & 0o777, 0o600);
  // --stdout prints both, writes nothing.
  r = await cli(['mint', 'csr', '--cn', 'CLI csr', '--dns', 'x.example.com', '--stdout', '--out-dir', join(dir, 'nothing')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /-----BEGIN CERTIFICATE REQUEST-----[\s\S]*-----BEGIN PRIVATE KEY-----/);
  assert.equal(existsSync(join(dir, 'nothing')), false);
  r = await cli(['mint', 'csr', '--cn', 'CLI csr', '--out-dir', out, '--name', 'req', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).request.subject, 'CN=CLI csr');
  assert.equal(openssl('req', '-in', join(out, 'req.csr'), '-verify', '-noout').status, 0);
  assert.equal(statSync(join(out, 'req.key')).mode & 0o777, 0o600);
});

test('CLI: usage errors exit 2 in the CLI\'s words; an encrypted CA key takes --passphrase-env', async () => {
  const out = join(dir, 'cli2');
  let r = await cli(['mint', 'ca', '--out-dir', out]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--cn is required/);
  r = await cli(['mint', 'ca', '--cn', 'x', '--key-type', 'Ed25519', '--out-dir', out]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--key-type must be one of/);
  r = await cli(['mint', 'ca', '--cn', 'x', '--days', '0', '--out-dir', out]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--days/);
  r = await cli(['mint', 'ca', '--cn', 'x', '--name', '../escape', '--out-dir', out]);
  assert.equal(r.code, 2);
  r = await cli(['mint', 'ca', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /usage: originpull mint ca/);
  r = await cli(['mint', 'ca', '--cn', 'Locked CA', '--out-dir', out]);
  assert.equal(r.code, 0, r.stderr);
  const enc = openssl('pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-in', join(out, 'ca.key'), '-out', join(out, 'ca.enc.key'), '-passout', 'pass:cli-secret');
  assert.equal(enc.status, 0);
  const args = ['mint', 'client', '--ca-cert', join(out, 'ca.pem'), '--ca-key', join(out, 'ca.enc.key'), '--cn', 'c', '--out-dir', out];
  r = await cli(args);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--passphrase-env/);
  r = await cli([...args, '--passphrase-env', 'CA_PASS'], { CA_PASS: 'wrong' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /KEY_PASSPHRASE_WRONG/);
  r = await cli([...args, '--passphrase-env', 'CA_PASS'], { CA_PASS: 'cli-secret' });
  assert.equal(r.code, 0, r.stderr);
  r = await cli(['mint', 'client', '--ca-cert', join(out, 'client.pem'), '--ca-key', join(out, 'client.key'), '--cn', 'c', '--out-dir', out, '--name', 'nope']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /CA_NOT_A_CA/);
});
