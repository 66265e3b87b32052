// The command line (bin/originpull.mjs) as a pipeline runs it: exit codes, JSON lines, a
// hostname rotation against the local emulator judged by the emulator's zero-downtime audit,
// and a rotation stopped by a failing API then finished from its --state file.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../emulator/index.js';
import { root, fixture, readFixture } from '../helpers/paths.mjs';
import { emulatorCall, randomZone } from '../helpers/aop.mjs';

const CLI = join(root, 'bin', 'originpull.mjs');
const V = (f) => join(root, 'tests/data/validate', f);
const NOW = '2026-06-01T00:00:00Z';
const TOKEN = 'emulator-token-cli-0123456789abcdef';

function run(args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn('node', [CLI, ...args], { cwd: root, env: { ...process.env, CLOUDFLARE_API_TOKEN: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let emu;
before(async () => {
  emu = await startEmulator({ port: 0, host: '127.0.0.1', quiet: true, deployDelayMs: 200, token: TOKEN });
});
after(() => emu.close());

test('inspect prints the fields; --json is machine-readable', async () => {
  let r = await run(['inspect', fixture('basic', 'leaf.pem')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /CN=origin-pull client,O=Example\\, Inc\./);
  r = await run(['inspect', '--json', fixture('basic', 'leaf.pem'), fixture('aop', 'leaf-rsa.encrypted.key')]);
  const [a, b] = JSON.parse(r.stdout);
  assert.equal(a.certificates[0].serialNumber, '2');
  assert.equal(b.privateKeys[0].encrypted, true);
});

test('validate: exit 1 with the finding, exit 0 when clean; the key is never printed', async () => {
  let r = await run(['validate', '--cert', V('key-mismatch.cert.pem'), '--key', V('key-mismatch.key.pem'), '--now', NOW]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /ERROR +KEY_MISMATCH/);
  r = await run(['validate', '--json', '--cert', V('ok-p256.cert.pem'), '--key', V('ok-p256.key.pem'), '--now', NOW]);
  assert.equal(r.code, 0, r.stdout);
  assert.equal(JSON.parse(r.stdout).ok, true);
  const keyLine = readFileSync(V('ok-p256.key.pem'), 'utf8').split('\n')[1];
  assert.ok(!r.stdout.includes(keyLine));
  r = await run(['validate', '--cert', V('ok-encrypted-key-right-passphrase.cert.pem'), '--key', V('ok-encrypted-key-right-passphrase.key.pem'), '--now', NOW, '--passphrase-env', 'OP_PASS'], { OP_PASS: JSON.parse(readFileSync(V('ok-encrypted-key-right-passphrase.validate.json'), 'utf8')).input.passphrase });
  assert.equal(r.code, 0, r.stdout);
});

test('usage errors exit 2; rotate without a token exits 2 and sends nothing', async () => {
  assert.equal((await run([])).code, 2);
  assert.equal((await run(['validate'])).code, 2);
  assert.equal((await run(['inspect', '--bogus', 'x'])).code, 2);
  const before = emu.audit().requests.length;
  const r = await run(['rotate', '--zone', '0'.repeat(32), '--cert', V('ok-p256.cert.pem'), '--key', V('ok-p256.key.pem'), '--base-url', emu.url, '--now', NOW]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /CLOUDFLARE_API_TOKEN/);
  assert.equal(emu.audit().requests.length, before);
});

const zone = randomZone;
const api = (method, path, body) => emulatorCall(emu, TOKEN, method, path, body);
async function hostnameZone(hostnames) {
  const z = zone();
  const P = `/zones/${z}/origin_tls_client_auth`;
  const old = await api('POST', `${P}/hostnames/certificates`, { certificate: readFixture('aop', 'leaf-rsa.pem'), private_key: readFixture('aop', 'leaf-rsa.key') });
  await api('PUT', `${P}/hostnames`, { config: hostnames.map((hostname) => ({ hostname, cert_id: old.id, enabled: true })) });
  await new Promise((r) => setTimeout(r, 300));
  return { z, P, old: old.id };
}

test('rotate --json: progress as JSON lines, zero downtime, only the new certificate left', async () => {
  const { z, P, old } = await hostnameZone(['a.example.com', 'b.example.com']);
  const r = await run(['rotate', '--json', '--zone', z, '--cert', V('ok-p256.cert.pem'), '--key', V('ok-p256.key.pem'), '--base-url', emu.url, '--poll-interval-ms', '100', '--now', NOW], { CLOUDFLARE_API_TOKEN: TOKEN });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(lines.filter((l) => l.event).length > 5);
  assert.ok(lines.some((l) => l.event?.kind === 'poll'));
  const { result } = lines.at(-1);
  assert.equal(result.ok, true);
  assert.ok(!r.stdout.includes(TOKEN));
  const left = await api('GET', `${P}/hostnames/certificates`);
  assert.deepEqual(left.map((c) => c.id), [result.newCertId]);
  assert.notEqual(result.newCertId, old);
  assert.equal(emu.checkZeroDowntime().ok, true, JSON.stringify(emu.checkZeroDowntime()));
});

test('rotate --state: a run stopped by API failures resumes from the file with the same command', async () => {
  const { z, P } = await hostnameZone(['c.example.com']);
  const state = join(mkdtempSync(join(tmpdir(), 'op-cli-')), 'rotation.json');
  const args = ['rotate', '--zone', z, '--cert', V('ok-p256.cert.pem'), '--key', V('ok-p256.key.pem'), '--base-url', emu.url, '--poll-interval-ms', '100', '--now', NOW, '--state', state];
  // Deleting the old certificate fails (after retries): the run stops there, resumable, the state saved.
  emu.faults.serverError({ count: 1000, status: 503, operationId: 'per-hostname-authenticated-origin-pull-delete-hostname-client-certificate' });
  let r = await run(args, { CLOUDFLARE_API_TOKEN: TOKEN });
  emu.faults.clear();
  assert.equal(r.code, 3, r.stdout + r.stderr); // stopped by CF_API_ERROR: the API could not be used
  assert.match(r.stdout, /cause: CF_API_ERROR at step delete_old \(HTTP 503\).*2000 An unknown error/);
  assert.ok(existsSync(state));
  assert.ok(!readFileSync(state, 'utf8').includes('PRIVATE KEY'));
  r = await run(args, { CLOUDFLARE_API_TOKEN: TOKEN });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.ok(!existsSync(state), 'the state file is removed once the rotation completed');
  const uploads = emu.audit().requests.filter((q) => q.zoneId === z && q.method === 'POST' && q.status === 200);
  assert.equal(uploads.length, 2, 'the old certificate set-up and exactly one upload of the new one');
  assert.equal((await api('GET', `${P}/hostnames/certificates`)).length, 1);
});
