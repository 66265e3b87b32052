// probeOrigin and `originpull probe` against real origins on 127.0.0.1: Debian nginx (verify
// on over TLS 1.2 and 1.3, optional, off, and a client certificate from another CA) and
// `openssl s_server` (-Verify with -verify_return_error over TLS 1.3 and 1.2, -verify, none,
// another CA), plus a closed port, a TCP server that never answers, a plain HTTP server, an
// endless body, and a server certificate that is not trusted. Each case checks the verdict and
// the advice, and that the private key and passphrase appear in no result or error.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import net from 'node:net';
import http from 'node:http';
import https from 'node:https';
import * as op from 'originpull';
import { probeOrigin as probeStub } from '../../js/core.js';
import { root } from '../helpers/paths.mjs';
import { makePki, hasNginx, startNginx, startSServer, freePort, PASSPHRASE } from '../helpers/origin.mjs';

const CLI = join(root, 'bin', 'originpull.mjs');
const skipNginx = !hasNginx && 'Debian nginx is not installed (npm test installs it: scripts/setup.mjs ensureNginx)';

const pki = makePki();
const stops = [];
let nginx;
const sserver = {};

before(async () => {
  const site = (verify) => `    server_name app.example.test;
    ssl_certificate ${pki.file('server.pem')};
    ssl_certificate_key ${pki.file('server.key')};
${verify}
    location / { return 200 "origin content\\n"; }`;
  const required = `    ssl_client_certificate ${pki.file('ca.pem')};\n    ssl_verify_client on;`;
  if (!skipNginx) {
    nginx = await startNginx([
      { name: 'on', body: site(required) },
      { name: 'on13', body: `${site(required)}\n    ssl_protocols TLSv1.3;` },
      { name: 'optional', body: site(`    ssl_client_certificate ${pki.file('ca.pem')};\n    ssl_verify_client optional;`) },
      { name: 'off', body: site('') },
      { name: 'forbidden', body: site('').replace('return 200 "origin content\\n";', 'return 403;') },
    ]);
    stops.push(nginx.stop);
  }
  const cert = ['-cert', 'server.pem', '-key', 'server.key'];
  for (const [name, args] of Object.entries({
    require13: [...cert, '-CAfile', 'ca.pem', '-Verify', '1', '-verify_return_error', '-tls1_3'],
    require12: [...cert, '-CAfile', 'ca.pem', '-Verify', '1', '-verify_return_error', '-tls1_2'],
    optional: [...cert, '-CAfile', 'ca.pem', '-verify', '1', '-verify_return_error'],
    none: cert,
  })) {
    sserver[name] = await startSServer(args, pki.dir);
    stops.push(sserver[name].stop);
  }
});
after(async () => {
  for (const stop of stops) await stop();
  pki.remove();
});

const KEY = pki.read('client.key');
const ENCRYPTED_KEY = pki.read('client.enc.key');
/** The base64 lines of both keys: none may appear in a result or an error. */
const SECRETS = [KEY, ENCRYPTED_KEY].flatMap((k) => k.split('\n').filter((l) => l && !l.startsWith('-----'))).concat(PASSPHRASE);

function assertNoSecret(value) {
  const text = typeof value === 'string' ? value : JSON.stringify(value, Object.getOwnPropertyNames(value ?? {})) + String(value?.message ?? '') + String(value?.cause?.message ?? '');
  for (const s of SECRETS) assert.ok(!text.includes(s), `secret material in ${text.slice(0, 200)}`);
}

/** probeOrigin on 127.0.0.1:port with the test client certificate, trusting the origin's CA. */
async function probe(port, extra = {}) {
  const result = await op.probeOrigin({
    url: `https://127.0.0.1:${port}/`,
    servername: 'app.example.test',
    certificate: pki.read('client.pem'),
    privateKey: KEY,
    serverCa: pki.read('origin-ca.pem'),
    timeoutMs: 5000,
    ...extra,
  });
  assertNoSecret(result);
  assert.deepEqual(Object.keys(result).sort(), ['advice', 'enforced', 'verdict', 'withCertificate', 'withoutCertificate']);
  for (const a of [result.withoutCertificate, result.withCertificate]) {
    assert.deepEqual(Object.keys(a).sort(), ['accepted', 'certificateRequested', 'detail', 'status']);
  }
  return result;
}

async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof op.OriginpullError, String(e?.stack ?? e));
    assertNoSecret(e);
    return e;
  }
  assert.fail('no rejection');
}

// ---- nginx ---------------------------------------------------------------------------------

test('nginx, ssl_verify_client on (TLS 1.2): enforced; the 400 page is recognised as nginx\'s refusal', { skip: skipNginx }, async () => {
  const r = await probe(nginx.ports.on);
  assert.equal(r.enforced, true);
  assert.equal(r.verdict, 'ENFORCED');
  assert.equal(r.withoutCertificate.accepted, false);
  assert.equal(r.withoutCertificate.status, 400);
  assert.match(r.withoutCertificate.detail, /nginx's "No required SSL certificate was sent" page/);
  assert.match(r.withoutCertificate.detail, /refuses at the HTTP level/);
  assert.match(r.withoutCertificate.detail, /TLSv1\.2/);
  assert.equal(r.withoutCertificate.certificateRequested, true);
  assert.deepEqual([r.withCertificate.accepted, r.withCertificate.status], [true, 200]);
  assert.match(r.advice, /^Enforced/);
  assert.match(r.advice, /AOP must also be enabled in Cloudflare/);
});

test('nginx over TLS 1.3: enforced, the same HTTP-level refusal', { skip: skipNginx }, async () => {
  const r = await probe(nginx.ports.on13);
  assert.equal(r.verdict, 'ENFORCED');
  assert.equal(r.withoutCertificate.status, 400);
  assert.match(r.withoutCertificate.detail, /TLSv1\.3/);
  assert.equal(r.withCertificate.status, 200);
});

test('nginx, ssl_verify_client optional: not enforced (OPTIONAL), says to set it on', { skip: skipNginx }, async () => {
  const r = await probe(nginx.ports.optional);
  assert.equal(r.enforced, false);
  assert.equal(r.verdict, 'OPTIONAL');
  assert.deepEqual([r.withoutCertificate.accepted, r.withoutCertificate.status, r.withoutCertificate.certificateRequested], [true, 200, true]);
  assert.match(r.advice, /verification is optional/);
  assert.match(r.advice, /ssl_verify_client on/);
  assert.match(r.advice, /SSLVerifyClient require/);
});

test('nginx without client verification: not enforced (NOT_REQUESTED): the origin did not ask', { skip: skipNginx }, async () => {
  const r = await probe(nginx.ports.off);
  assert.equal(r.verdict, 'NOT_REQUESTED');
  assert.equal(r.enforced, false);
  assert.equal(r.withoutCertificate.certificateRequested, false);
  assert.match(r.withoutCertificate.detail, /did not ask for a client certificate/);
  assert.match(r.advice, /did not ask for a client certificate at all/);
  assert.match(r.advice, /ssl_verify_client on; with ssl_client_certificate/);
});

test('nginx without verification answering 403 to everyone: NOT_REQUESTED, not a certificate refusal', { skip: skipNginx }, async () => {
  const r = await probe(nginx.ports.forbidden);
  assert.equal(r.verdict, 'NOT_REQUESTED');
  assert.deepEqual([r.withoutCertificate.status, r.withCertificate.status], [403, 403]);
  assert.match(r.advice, /refused both requests for another reason/);
  assert.match(r.advice, /probe a URL that normally answers 200/);
});

test('nginx, a certificate from another CA: CERTIFICATE_REFUSED, "The SSL certificate error" explained', { skip: skipNginx }, async () => {
  const r = await probe(nginx.ports.on, { certificate: pki.read('client-other.pem') });
  assert.equal(r.enforced, false);
  assert.equal(r.verdict, 'CERTIFICATE_REFUSED');
  assert.equal(r.withoutCertificate.accepted, false);
  assert.deepEqual([r.withCertificate.accepted, r.withCertificate.status], [false, 400]);
  assert.match(r.withCertificate.detail, /"The SSL certificate error"/);
  assert.match(r.advice, /ssl_client_certificate file does not hold the CA that issued this certificate/);
  // nginx's log has the reason the advice points to.
  assert.match(nginx.errorLog(), /client SSL certificate verify error/);
});

test('nginx: an encrypted key with its passphrase; without it KEY_INVALID before connecting', { skip: skipNginx }, async () => {
  const r = await probe(nginx.ports.on, { privateKey: ENCRYPTED_KEY, passphrase: PASSPHRASE });
  assert.equal(r.enforced, true);
  const e = await rejection(probe(nginx.ports.on, { privateKey: ENCRYPTED_KEY }));
  assert.equal(e.code, 'KEY_INVALID');
  assert.match(e.message, /encrypted; give its passphrase/);
  const wrong = await rejection(probe(nginx.ports.on, { privateKey: ENCRYPTED_KEY, passphrase: 'not it' }));
  assert.equal(wrong.code, 'KEY_INVALID');
  assert.match(wrong.message, /passphrase does not decrypt/);
});

// ---- openssl s_server ---------------------------------------------------------------------------

test('s_server -Verify over TLS 1.3: enforced; the "certificate required" alert read after the handshake', async () => {
  const r = await probe(sserver.require13.port);
  assert.equal(r.verdict, 'ENFORCED');
  assert.deepEqual([r.withoutCertificate.accepted, r.withoutCertificate.status], [false, null]);
  assert.match(r.withoutCertificate.detail, /TLS alert "certificate required" after the handshake/);
  assert.match(r.withoutCertificate.detail, /TLSv1\.3/);
  assert.deepEqual([r.withCertificate.accepted, r.withCertificate.status], [true, 200]);
});

test('s_server -Verify over TLS 1.2: enforced; the alert comes during the handshake', async () => {
  const r = await probe(sserver.require12.port);
  assert.equal(r.verdict, 'ENFORCED');
  assert.match(r.withoutCertificate.detail, /TLS alert "handshake failure" during the handshake/);
  assert.equal(r.withoutCertificate.certificateRequested, null);
  assert.equal(r.withCertificate.status, 200);
});

test('s_server, a certificate from another CA: CERTIFICATE_REFUSED with the "unknown ca" advice', async () => {
  const r = await probe(sserver.require13.port, { certificate: pki.read('client-other.pem') });
  assert.equal(r.verdict, 'CERTIFICATE_REFUSED');
  assert.match(r.withCertificate.detail, /"unknown ca"/);
  assert.match(r.advice, /does not know the CA that issued this certificate/);
});

test('s_server -verify (optional): OPTIONAL; s_server without verification: NOT_REQUESTED', async () => {
  const optional = await probe(sserver.optional.port);
  assert.equal(optional.verdict, 'OPTIONAL');
  assert.equal(optional.withoutCertificate.certificateRequested, true);
  const none = await probe(sserver.none.port);
  assert.equal(none.verdict, 'NOT_REQUESTED');
  assert.deepEqual([none.withoutCertificate.certificateRequested, none.withCertificate.certificateRequested], [false, false]);
  // Refusing only a bad certificate is still not enforcing: optional with another CA's certificate.
  const mixed = await probe(sserver.optional.port, { certificate: pki.read('client-other.pem') });
  assert.equal(mixed.verdict, 'OPTIONAL');
  assert.equal(mixed.withCertificate.accepted, false);
  assert.match(mixed.advice, /It also refuses this certificate: the origin does not know the CA/);
});

// ---- origins that cannot be probed ----------------------------------------------------------------

test('origin down (a closed port): NETWORK_ERROR saying what to check, with the socket error as cause', async () => {
  const port = await freePort();
  const e = await rejection(probe(port));
  assert.equal(e.code, 'NETWORK_ERROR');
  assert.match(e.message, /cannot connect to 127\.0\.0\.1:\d+: connection refused/);
  assert.match(e.message, /Is the origin up/);
  assert.equal(e.cause?.code, 'ECONNREFUSED');
});

test('an origin that accepts TCP and never answers: TIMEOUT after timeoutMs', async () => {
  const sockets = [];
  const server = net.createServer((s) => sockets.push(s));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    const t0 = Date.now();
    const e = await rejection(probe(server.address().port, { timeoutMs: 300 }));
    assert.equal(e.code, 'TIMEOUT');
    assert.match(e.message, /within 300 ms \(in the TLS handshake, without a client certificate\)/);
    assert.ok(Date.now() - t0 < 5000);
  } finally {
    for (const s of sockets) s.destroy();
    server.close();
  }
});

test('plain HTTP on the port: NETWORK_ERROR "does not speak TLS"', async () => {
  const server = http.createServer((q, s) => s.end('plain'));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    const e = await rejection(probe(server.address().port));
    assert.equal(e.code, 'NETWORK_ERROR');
    assert.match(e.message, /does not speak TLS/);
  } finally {
    server.close();
  }
});

test('the server certificate: untrusted names Cloudflare\'s Origin CA and serverCa/insecure; a wrong name names servername', async () => {
  const port = sserver.none.port;
  const untrusted = await rejection(probe(port, { serverCa: undefined }));
  assert.equal(untrusted.code, 'NETWORK_ERROR');
  assert.match(untrusted.message, /server certificate is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE, issued by .*OU=CloudFlare Origin SSL Certificate Authority/);
  assert.match(untrusted.message, /Cloudflare Origin CA certificate.*--server-ca FILE.*--insecure/);
  const insecure = await probe(port, { serverCa: undefined, insecure: true });
  assert.equal(insecure.verdict, 'NOT_REQUESTED');
  const name = await rejection(probe(port, { servername: 'other.example.test' }));
  assert.match(name.message, /not for other\.example\.test \(it names DNS:app\.example\.test, DNS:localhost, IP Address:127\.0\.0\.1\).*--servername/);
  // Without servername the URL's host (an IP address) is checked: the certificate names it.
  assert.equal((await probe(port, { servername: undefined })).verdict, 'NOT_REQUESTED');
});

test('the answer is read up to 16 KiB: an endless body does not hold the probe', async () => {
  let open = 0;
  const server = https.createServer({ cert: pki.read('server.pem'), key: pki.read('server.key') }, (q, s) => {
    open++;
    s.writeHead(200);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const pump = () => {
      while (s.write(chunk));
    };
    s.on('drain', pump);
    s.on('close', () => open--);
    pump();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    const r = await probe(server.address().port, { timeoutMs: 3000 });
    assert.equal(r.verdict, 'NOT_REQUESTED');
    assert.equal(r.withCertificate.status, 200);
    // The probe closed both connections.
    for (let i = 0; open > 0 && i < 100; i++) await new Promise((res) => setTimeout(res, 20));
    assert.equal(open, 0);
  } finally {
    server.close();
  }
});

test('arguments are checked before connecting', async () => {
  const base = { url: 'https://127.0.0.1:1/', certificate: pki.read('client.pem'), privateKey: KEY };
  const cases = [
    [{ ...base, url: 'http://127.0.0.1/' }, 'INVALID_ARGUMENT', /must be https:/],
    [{ ...base, url: 'https://user:pw@127.0.0.1/' }, 'INVALID_ARGUMENT', /user name or password/],
    [{ ...base, url: 42 }, 'INVALID_ARGUMENT', /url must be a string/],
    [{ ...base, timeoutMs: 0 }, 'INVALID_ARGUMENT', /timeoutMs/],
    [{ ...base, timeoutMs: 1.5 }, 'INVALID_ARGUMENT', /timeoutMs/],
    [{ ...base, servername: '203.0.113.1' }, 'INVALID_ARGUMENT', /servername/],
    [{ ...base, servername: 'a b' }, 'INVALID_ARGUMENT', /servername/],
    [{ ...base, insecure: 'yes' }, 'INVALID_ARGUMENT', /insecure/],
    [{ ...base, certificate: 'not a certificate' }, 'PEM_INVALID', /holds no PEM certificate/],
    [{ ...base, certificate: undefined }, 'INVALID_ARGUMENT', /certificate is required/],
    [{ ...base, privateKey: pki.read('client.pem') }, 'KEY_INVALID', /no PEM private key/],
    [{ ...base, privateKey: pki.read('server.key') }, 'INVALID_ARGUMENT', /does not belong to certificate/],
    [{ ...base, serverCa: 'garbage' }, 'PEM_INVALID', /serverCa holds no PEM certificate/],
    [null, 'INVALID_ARGUMENT', /takes an object/],
  ];
  for (const [options, code, message] of cases) {
    const e = await rejection(op.probeOrigin(options));
    assert.equal(e.code, code, `${JSON.stringify(options?.url)}: ${e.message}`);
    assert.match(e.message, message);
  }
  // Bytes work as well as text.
  const bytes = await rejection(op.probeOrigin({ ...base, certificate: new TextEncoder().encode(pki.read('client.pem')), privateKey: new TextEncoder().encode(KEY), url: `https://127.0.0.1:${await freePort()}/` }));
  assert.equal(bytes.code, 'NETWORK_ERROR');
});

test('outside Node (the browser and Worker entries): probeOrigin rejects with INVALID_ARGUMENT', async () => {
  const e = await rejection(probeStub({}));
  assert.equal(e.code, 'INVALID_ARGUMENT');
  assert.match(e.message, /runs in Node only/);
  assert.notEqual(op.probeOrigin, probeStub, 'the Node entry has the real one');
});

// ---- the command line --------------------------------------------------------------------------

function cli(args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: pki.dir, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const CERT_ARGS = ['--cert', 'client.pem', '--key', 'client.key', '--server-ca', 'origin-ca.pem', '--servername', 'app.example.test'];

test('originpull probe: exit 0 when enforced, 1 when not, 3 when the origin cannot be probed, 2 for usage', async () => {
  const port = sserver.require13.port;
  let r = await cli(['probe', `https://127.0.0.1:${port}/`, ...CERT_ARGS]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^enforced: https:\/\/127\.0\.0\.1:\d+\/\n  without a certificate: refused: .*"certificate required"/);
  assert.match(r.stdout, /\n  with the certificate:  accepted: HTTP 200/);
  r = await cli(['probe', `https://127.0.0.1:${port}/`, ...CERT_ARGS, '--json']);
  assert.equal(r.code, 0);
  const result = JSON.parse(r.stdout);
  assert.equal(result.enforced, true);
  assert.equal(result.url, `https://127.0.0.1:${port}/`);

  r = await cli(['probe', `127.0.0.1:${sserver.optional.port}`, ...CERT_ARGS, '--json']);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(JSON.parse(r.stdout).verdict, 'OPTIONAL');
  r = await cli(['probe', `https://127.0.0.1:${sserver.none.port}/`, ...CERT_ARGS]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^not enforced \(NOT_REQUESTED\)/);

  r = await cli(['probe', `https://127.0.0.1:${await freePort()}/`, ...CERT_ARGS, '--json']);
  assert.equal(r.code, 3);
  assert.equal(JSON.parse(r.stdout).error.code, 'NETWORK_ERROR');
  assert.match(r.stderr, /connection refused/);
  assert.doesNotMatch(r.stderr, /base-url/);
  r = await cli(['probe', `https://127.0.0.1:${sserver.none.port}/`, '--cert', 'client.pem', '--key', 'client.key', '--timeout', '5000']);
  assert.equal(r.code, 3);
  assert.match(r.stderr, /--server-ca FILE/);

  // Usage: missing --key, a key that does not match, a bad --timeout, no URL.
  for (const args of [
    ['probe', 'https://127.0.0.1:1/', '--cert', 'client.pem'],
    ['probe', 'https://127.0.0.1:1/', '--cert', 'client.pem', '--key', 'server.key'],
    ['probe', 'https://127.0.0.1:1/', ...CERT_ARGS, '--timeout', 'soon'],
    ['probe', ...CERT_ARGS],
    ['probe', 'https://127.0.0.1:1/', '--cert', 'missing.pem', '--key', 'client.key'],
  ]) {
    r = await cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
  }
  r = await cli(['probe', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /usage: originpull probe URL --cert FILE --key FILE/);
  assert.match(r.stdout, /Exit codes: 0 enforced; 1 not enforced/);
});

test('originpull probe: the passphrase from --passphrase-env; key material never printed', async () => {
  const r = await cli(['probe', `https://127.0.0.1:${sserver.require12.port}/`, ...CERT_ARGS.map((a) => (a === 'client.key' ? 'client.enc.key' : a)), '--passphrase-env', 'PROBE_PASS', '--json'], { PROBE_PASS: PASSPHRASE });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).verdict, 'ENFORCED');
  assertNoSecret(r.stdout + r.stderr);
  const without = await cli(['probe', `https://127.0.0.1:${sserver.require12.port}/`, ...CERT_ARGS.map((a) => (a === 'client.key' ? 'client.enc.key' : a))]);
  assert.equal(without.code, 2);
  assert.match(without.stderr, /KEY_INVALID: invalid private key: privateKey is encrypted/);
  assertNoSecret(without.stdout + without.stderr);
});
