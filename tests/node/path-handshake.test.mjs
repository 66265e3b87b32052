// Issue 16: every path variant of tests/data/path (make.py) presented by a real TLS client to
// a real OpenSSL 3 origin, `openssl s_server -Verify 9 -verify_return_error` on 127.0.0.1 at a
// port the kernel picks, at the default security level (2, as Debian's OpenSSL 3.0 ships it).
// The handshake's outcome must equal `openssl verify`'s verdict in verdicts.txt (and its
// first error number), and validateUpload's `ok` must equal it too. The depth variants are
// also run at nginx's default `ssl_verify_depth 1` (`-verify_depth 1`), where
// VERIFY_DEPTH_EXCEEDED must be among the findings exactly when the origin refuses.
// Skipped, with a notice, when `openssl` is not on PATH.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import * as op from 'originpull';
import { root } from '../helpers/paths.mjs';

const DIR = join(root, 'tests', 'data', 'path');
const NOW = 1780272000; // 2026-06-01T00:00:00Z, make.py's -attime
const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' });
const haveOpenssl = openssl.status === 0 && /^OpenSSL 3\.0/.test(openssl.stdout);
if (!haveOpenssl) console.log('# path handshakes skipped: OpenSSL 3.0 not on PATH (verdicts.txt was measured with it)');

const verdicts = readFileSync(join(DIR, 'verdicts.txt'), 'utf8').trim().split('\n').map((l) => {
  const [name, dflt, depth1] = l.split(' | ');
  return { name, dflt, depth1 };
});
const errNo = (v) => (v === 'OK' ? null : Number(v.slice('error:'.length).split('@')[0]));

/** Run one s_server, connect once, and say whether the request was answered. */
function handshake(tmp, name, extra = []) {
  return new Promise((resolve, reject) => {
    const server = spawn('openssl', [
      's_server', '-accept', '127.0.0.1:0', '-naccept', '1', '-www', '-cert', join(tmp, 'srv.pem'), '-key', join(tmp, 'srv.key'),
      '-CAfile', join(DIR, `${name}.ca.pem`), '-Verify', '9', '-verify_return_error', '-attime', String(NOW), ...extra,
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    let started = false;
    const onData = (d) => {
      log += d;
      const m = /ACCEPT 127\.0\.0\.1:(\d+)/.exec(log);
      if (m && !started) {
        started = true;
        connect(Number(m[1]));
      }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('error', reject);
    let answer = '';
    const exited = new Promise((r) => server.on('close', r));
    function connect(port) {
      let socket;
      try {
        // The client's own security level is not what is tested (Cloudflare presents what was
        // uploaded): level 0 lets it send a chain with a SHA-1 or RSA-1024 CA.
        socket = tls.connect({
          host: '127.0.0.1', port, rejectUnauthorized: false, ciphers: 'DEFAULT:@SECLEVEL=0',
          cert: readFileSync(join(DIR, `${name}.chain.pem`)), key: readFileSync(join(DIR, 'leaf.key.pem')),
        }, () => socket.write('GET / HTTP/1.0\r\n\r\n'));
      } catch (e) {
        server.kill();
        reject(new Error(`${name}: the TLS client could not start: ${e.message}`));
        return;
      }
      socket.on('data', (d) => { answer += d; });
      socket.on('error', () => {});
      socket.on('close', async () => {
        // The server ends after its one connection; wait for it so its log is complete.
        const t = setTimeout(() => server.kill(), 5000);
        await exited;
        clearTimeout(t);
        const m = /verify error:num=(\d+)/.exec(log);
        resolve({ accepted: answer.startsWith('HTTP/1.0 200'), error: m ? Number(m[1]) : null, log });
      });
    }
  });
}

function validate(name) {
  return op.validateUpload({
    certificate: readFileSync(join(DIR, `${name}.chain.pem`), 'utf8'),
    privateKey: readFileSync(join(DIR, 'leaf.key.pem'), 'utf8'),
    caCertificates: readFileSync(join(DIR, `${name}.ca.pem`), 'utf8'),
  }, { now: new Date(NOW * 1000), expiryWarningDays: 0 });
}

test('every path variant: the s_server handshake, openssl verify and validateUpload agree', { skip: !haveOpenssl, timeout: 600_000 }, async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'originpull-path-'));
  try {
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
      '-keyout', join(tmp, 'srv.key'), '-out', join(tmp, 'srv.pem'), '-subj', '/CN=origin.test', '-days', '2'], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const failures = [];
    let runs = 0;
    let refused = 0;
    for (const v of verdicts) {
      const report = validate(v.name);
      const depthWarning = report.findings.some((f) => f.code === 'VERIFY_DEPTH_EXCEEDED');
      const runsFor = [{ extra: [], verdict: v.dflt }];
      if (v.depth1 !== v.dflt) runsFor.push({ extra: ['-verify_depth', '1'], verdict: v.depth1 });
      for (const { extra, verdict } of runsFor) {
        const h = await handshake(tmp, v.name, extra);
        runs += 1;
        if (!h.accepted) refused += 1;
        const expected = errNo(verdict);
        if (h.accepted !== (expected === null) || (expected !== null && h.error !== expected)) {
          failures.push(`${v.name} ${extra.join(' ')}: verify ${verdict}, s_server accepted=${h.accepted} error=${h.error}\n${h.log}`);
        }
        if (extra.length === 0 && report.ok !== h.accepted) {
          failures.push(`${v.name}: s_server accepted=${h.accepted}, validateUpload ok=${report.ok} ${report.findings.map((f) => f.code)}`);
        }
        if (extra.length > 0 && depthWarning !== !h.accepted) {
          failures.push(`${v.name} at depth 1: s_server accepted=${h.accepted}, VERIFY_DEPTH_EXCEEDED ${depthWarning}`);
        }
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(verdicts.length >= 100 && runs > verdicts.length, `${verdicts.length} variants, ${runs} handshakes`);
    assert.ok(refused >= 50 && runs - refused >= 45, `${refused} of ${runs} handshakes refused`);
    console.log(`# ${runs} handshakes (${verdicts.length} variants, the depth ones also at -verify_depth 1), ${refused} refused`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('the eight uploads of issue 16 are refused by the origin and by validateUpload, each with its code', { skip: !haveOpenssl }, () => {
  const eight = {
    'root-pathlen-0': 'PATH_LENGTH_EXCEEDED',
    'nc-dns-not-permitted': 'NAME_CONSTRAINT_NOT_PERMITTED',
    'int-ca-false': 'ISSUER_NOT_CA',
    'int-ku-crlsign-only': 'CA_KEY_USAGE_NO_CERT_SIGN',
    'int-eku-serverauth': 'CA_EKU_NO_CLIENT_AUTH',
    'int-unknown-critical': 'UNKNOWN_CRITICAL_EXTENSION',
    'root-expired': 'CERT_EXPIRED',
    'root-rsa-1024': 'WEAK_KEY',
  };
  for (const [name, code] of Object.entries(eight)) {
    assert.notEqual(verdicts.find((v) => v.name === name).dflt, 'OK', name);
    const r = validate(name);
    assert.equal(r.ok, false, name);
    const f = r.findings.find((x) => x.code === code);
    assert.ok(f && f.severity === 'error' && f.hint.length > 0, `${name}: ${JSON.stringify(r.findings)}`);
  }
});
