// Other implementations' judgement of minted certificates, shared by the Node, Chromium and
// workerd mint tests: Python `cryptography` (parses the CA and the client certificate,
// verifies the client's signature with the CA's key, the key matches, clientAuth, CA:FALSE
// critical, the serial's size) and a real TLS handshake (`openssl s_server -Verify 1` on
// 127.0.0.1 accepts `openssl s_client` with the client certificate and key; refuses it without
// one and with another CA's certificate).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PYTHON = `
import json, sys
from cryptography import x509
from cryptography.hazmat.primitives import serialization
out = []
for c in json.load(sys.stdin):
    ca = x509.load_pem_x509_certificate(c["ca"].encode())
    cert = x509.load_pem_x509_certificate(c["cert"].encode())
    key = serialization.load_pem_private_key(c["key"].encode(), password=None)
    cert.verify_directly_issued_by(ca)
    ca.verify_directly_issued_by(ca)
    same = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo) == cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    bc = cert.extensions.get_extension_for_class(x509.BasicConstraints)
    out.append({"subject": cert.subject.rfc4514_string(), "issuer": cert.issuer.rfc4514_string(), "keyMatches": same,
                "clientAuth": x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH in eku, "ca": bc.value.ca, "critical": bc.critical,
                "serialBits": cert.serial_number.bit_length()})
print(json.dumps(out))
`;

/**
 * Python `cryptography` on each case ({ ca, cert, key }: PEM): one result per case, compared
 * with what originpull's own inspection says (`op`: the package).
 */
export function judgeWithPython(cases, op) {
  const r = spawnSync('python3', ['-c', PYTHON], { input: JSON.stringify(cases), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const results = JSON.parse(r.stdout);
  assert.equal(results.length, cases.length);
  results.forEach((p, i) => {
    const [c] = op.inspectCertificates(cases[i].cert);
    assert.deepEqual(p, { subject: c.subject, issuer: c.issuer, keyMatches: true, clientAuth: true, ca: false, critical: true, serialBits: 127 }, cases[i].name);
  });
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `openssl s_client` to 127.0.0.1:port, sending an HTTP request; everything it printed. */
function sClient(port, args) {
  return new Promise((resolve) => {
    const child = spawn('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'localhost', '-quiet', ...args]);
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.stdin.end('GET / HTTP/1.0\r\n\r\n');
    const timer = setTimeout(() => child.kill(), 15000);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(output);
    });
  });
}

/**
 * A real handshake per case ({ name, ca, cert, key }: PEM): `openssl s_server -Verify 1
 * -verify_return_error -CAfile ca` accepts the client certificate, refuses a client without one
 * and one presenting `other` ({ cert, key }: a certificate of another CA).
 */
export async function judgeWithHandshakes(cases, other) {
  const dir = mkdtempSync(join(tmpdir(), 'originpull-handshake-'));
  const file = (name, text) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  try {
    // The server's own certificate: made by openssl, trusted by nobody (s_client does not check).
    const serverKey = join(dir, 'server.key');
    const serverCert = join(dir, 'server.pem');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', serverKey, '-out', serverCert, '-subj', '/CN=localhost', '-days', '1'], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    for (const c of cases) {
      const port = await freePort();
      const server = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-Verify', '1', '-verify_return_error', '-CAfile', file('ca.pem', c.ca), '-cert', serverCert, '-key', serverKey, '-www']);
      try {
        await new Promise((resolve, reject) => {
          let seen = '';
          server.stdout.on('data', (d) => {
            seen += d;
            if (seen.includes('ACCEPT')) resolve();
          });
          server.on('exit', (code) => reject(new Error(`s_server exited ${code}: ${seen}`)));
        });
        const accepted = await sClient(port, ['-cert', file('client.pem', c.cert), '-key', file('client.key', c.key)]);
        assert.match(accepted, /HTTP\/1\.0 200 ok/, `${c.name}: ${accepted}`);
        const refused = await sClient(port, []);
        assert.doesNotMatch(refused, /HTTP\/1\.0 200/, `${c.name}: ${refused}`);
        assert.match(refused, /alert|error/i, `${c.name}: ${refused}`);
        if (other) {
          const wrong = await sClient(port, ['-cert', file('other.pem', other.cert), '-key', file('other.key', other.key)]);
          assert.doesNotMatch(wrong, /HTTP\/1\.0 200/, `${c.name}: ${wrong}`);
        }
      } finally {
        server.kill();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The client certificates of a runtime's mint (tests/helpers/mint-run.mjs) as judging cases. */
export function runtimeCases(result) {
  return result.cas.flatMap((ca) => ca.clients.map((c) => ({ name: `${ca.keyType} -> ${c.keyType}`, ca: ca.certificate, cert: c.certificate, key: c.privateKey })));
}
