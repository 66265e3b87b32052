// Issue 12's promise, with the CLI alone: a user with no PKI mints a CA and a client
// certificate, configures Debian nginx with the text `originpull origin-config nginx` prints,
// uploads the certificate and associates a hostname (against the local emulator), and
// `originpull probe` reports the origin enforcing: refused without the certificate, accepted
// with it. The origin's server certificate (for TLS to the origin, not for AOP) comes from
// tests/helpers/origin.mjs (openssl, written down there).
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../emulator/index.js';
import { root } from '../helpers/paths.mjs';
import { randomZone } from '../helpers/aop.mjs';
import { makePki, hasNginx, startNginx } from '../helpers/origin.mjs';

const CLI = join(root, 'bin', 'originpull.mjs');
const TOKEN = 'emulator-token-enforce-journey-0123456789';
const HOST = 'app.example.test';
const skip = hasNginx ? false : 'Debian nginx is not installed (npm test installs it)';

let emu;
let pki;
let dir;
before(async () => {
  emu = await startEmulator({ port: 0, host: '127.0.0.1', quiet: true, deployDelayMs: 100, token: TOKEN });
  pki = makePki();
  dir = mkdtempSync(join(tmpdir(), 'originpull-journey-'));
});
after(async () => {
  await emu?.close();
  pki?.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function run(args) {
  return new Promise((resolve) => {
    const child = spawn('node', [CLI, ...args], {
      cwd: dir, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_API_BASE_URL: emu.url },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
const lastJson = (r) => JSON.parse(r.stdout.trim().split('\n').at(-1));

test('from nothing to an enforcing origin: mint, configure nginx, upload, associate, probe', { skip }, async () => {
  // 1. Mint: a CA and a client certificate it issues (keys 0600).
  let r = await run(['mint', 'ca', '--cn', 'Journey origin-pull CA', '--out-dir', dir, '--json']);
  assert.equal(r.code, 0, r.stderr);
  r = await run(['mint', 'client', '--ca-cert', join(dir, 'ca.pem'), '--ca-key', join(dir, 'ca.key'), '--cn', 'journey client', '--out-dir', dir, '--json']);
  assert.equal(r.code, 0, r.stderr);
  for (const key of ['ca.key', 'client.key']) assert.equal(statSync(join(dir, key)).mode & 0o777, 0o600, key);

  // 2. The origin: nginx configured with exactly the directives origin-config prints.
  r = await run(['origin-config', 'nginx', '--ca-path', join(dir, 'ca.pem'), '--hostname', HOST]);
  assert.equal(r.code, 0, r.stderr);
  const directives = r.stdout.split('\n').filter((l) => l.trim() && !l.trimStart().startsWith('#'));
  assert.ok(directives.includes('ssl_verify_client on;'), r.stdout);
  const nginx = await startNginx([{
    name: 'origin',
    body: `    server_name ${HOST};
    ssl_certificate ${pki.file('server.pem')};
    ssl_certificate_key ${pki.file('server.key')};
${directives.map((d) => `    ${d}`).join('\n')}
    location / { return 200 "origin content\\n"; }`,
  }]);
  try {
    const zone = randomZone();
    // 3. Upload (validated first) and associate the hostname.
    r = await run(['certs', 'upload', '--zone', zone, '--cert', join(dir, 'client.pem'), '--key', join(dir, 'client.key'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const uploaded = lastJson(r);
    assert.equal(uploaded.scope, 'hostname');
    r = await run(['hostnames', 'enable', HOST, '--cert', uploaded.id, '--zone', zone, '--json']);
    assert.equal(r.code, 0, r.stderr);
    r = await run(['hostnames', 'list', '--zone', zone, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const listed = JSON.stringify(lastJson(r));
    assert.ok(listed.includes(HOST) && listed.includes(uploaded.id), listed);

    // 4. The proof: the origin refuses a connection without the certificate, accepts it with.
    const url = `https://127.0.0.1:${nginx.ports.origin}/`;
    const probe = ['probe', url, '--servername', HOST, '--server-ca', pki.file('origin-ca.pem'), '--json'];
    r = await run([...probe, '--cert', join(dir, 'client.pem'), '--key', join(dir, 'client.key')]);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const verdict = lastJson(r);
    assert.equal(verdict.enforced, true);
    assert.equal(verdict.withoutCertificate.accepted, false);
    assert.equal(verdict.withCertificate.accepted, true);
    assert.equal(verdict.withCertificate.status, 200);

    // The check has teeth: a certificate the CA did not issue is refused (exit 1, not enforced).
    r = await run([...probe, '--cert', pki.file('client-other.pem'), '--key', pki.file('client.key')]);
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    assert.equal(lastJson(r).enforced, false);
  } finally {
    await nginx.stop();
  }
});
