// The command line's defects from issue 14, each as a user meets it: a failed rotation says
// why and exits with the documented code; help and version answer; files are checked before
// they are read; a closed output pipe never stops a rotation; messages use the CLI's words.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../emulator/index.js';
import { root, fixture, readFixture } from '../helpers/paths.mjs';
import { emulatorCall, randomZone } from '../helpers/aop.mjs';

const CLI = join(root, 'bin', 'originpull.mjs');
const V = (f) => join(root, 'tests/data/validate', f);
const NOW = '2026-06-01T00:00:00Z';
const TOKEN = 'emulator-token-cli-defects-0123456789';

/** Runs the CLI; `closeStdout` destroys the reading end of stdout at once (`| head -0`). */
function run(args, env = {}, { closeStdout = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn('node', [CLI, ...args], { cwd: root, env: { ...process.env, CLOUDFLARE_API_TOKEN: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    if (closeStdout) child.stdout.destroy();
    else child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    // The old CLI read /dev/zero without end: never wait more than 20 s.
    const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

let emu;
before(async () => {
  emu = await startEmulator({ port: 0, host: '127.0.0.1', quiet: true, deployDelayMs: 150, token: TOKEN });
});
after(() => emu.close());
const api = (method, path, body) => emulatorCall(emu, TOKEN, method, path, body);
const rotateArgs = (z, more = []) => ['rotate', '--zone', z, '--cert', V('ok-p256.cert.pem'), '--key', V('ok-p256.key.pem'), '--base-url', emu.url, '--poll-interval-ms', '50', '--now', NOW, ...more];

test('a rotation refused by Cloudflare prints the cause (code, Cloudflare code and message, ray id, hint) and exits 3', async () => {
  const r = await run(rotateArgs(randomZone(), ['--hostname', 'a.example.com']), { CLOUDFLARE_API_TOKEN: 'not-the-token' });
  assert.equal(r.code, 3, r.stdout + r.stderr);
  assert.match(r.stdout, /cause: CF_API_ERROR at step discover \(HTTP 403\)/);
  assert.match(r.stdout, /10000 Authentication error/);
  assert.match(r.stdout, /ray id [0-9a-f]{16}-EMU/);
  assert.match(r.stdout, /hint: authentication failed/);
  assert.ok(!(r.stdout + r.stderr).includes('not-the-token'));
});

test('an unreachable API exits 3 with NETWORK_ERROR; --json carries the error', async () => {
  const r = await run(['rotate', '--json', '--zone', randomZone(), '--hostname', 'a.example.com', '--cert', V('ok-p256.cert.pem'), '--key', V('ok-p256.key.pem'), '--base-url', 'http://127.0.0.1:9/client/v4', '--now', NOW], { CLOUDFLARE_API_TOKEN: TOKEN });
  assert.equal(r.code, 3, r.stdout + r.stderr);
  const { result } = r.stdout.trim().split('\n').map((l) => JSON.parse(l)).at(-1);
  assert.equal(result.error.code, 'NETWORK_ERROR');
});

test('an empty zone without --hostname is a usage error (exit 2) naming --hostname, not options.hostnames', async () => {
  const r = await run(rotateArgs(randomZone()), { CLOUDFLARE_API_TOKEN: TOKEN });
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stdout, /cause: INVALID_ARGUMENT .*pass --hostname/);
  const bad = await run(rotateArgs('f'.repeat(32), ['--hostname', 'not a hostname']), { CLOUDFLARE_API_TOKEN: TOKEN });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--hostname/);
  assert.doesNotMatch(bad.stderr + bad.stdout, /options\./);
});

test('--help, -h, help and --version answer, at the top and per command', async () => {
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  for (const args of [['--help'], ['-h'], ['help']]) {
    const r = await run(args);
    assert.equal(r.code, 0, `${args}: ${r.stderr}`);
    assert.match(r.stdout, /usage: originpull COMMAND/);
    assert.match(r.stdout, /Exit codes: 0 done/);
  }
  for (const command of ['inspect', 'validate', 'rotate', 'status', 'certs', 'hostnames', 'zone-aop']) {
    for (const args of [[command, '--help'], [command, '-h'], ['help', command]]) {
      const r = await run(args);
      assert.equal(r.code, 0, `${args}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`usage: originpull ${command}`));
      assert.doesNotMatch(r.stderr, /unknown command/);
    }
  }
  for (const args of [['--version'], ['rotate', '--version'], ['certs', 'list', '--version']]) {
    const r = await run(args);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), version);
  }
});

test('files: /dev/zero and a directory are refused unread, over 1 MiB refused, a missing file named without the whole usage', async () => {
  const t0 = Date.now();
  let r = await run(['inspect', '/dev/zero']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /\/dev\/zero: not a regular file/);
  assert.ok(Date.now() - t0 < 5000);
  const dir = mkdtempSync(join(tmpdir(), 'op-cli-files-'));
  r = await run(['validate', '--cert', dir]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /it is a directory/);
  const big = join(dir, 'big.pem');
  writeFileSync(big, Buffer.alloc(1024 * 1024 + 1, 0x41));
  r = await run(['inspect', big]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /1048577 bytes, more than the 1048576-byte \(1 MiB\) limit/);
  r = await run(['validate', '--cert', join(dir, 'missing.pem')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot read --cert .*missing\.pem: no such file/);
  assert.doesNotMatch(r.stderr, /ENOENT|usage: originpull/);
  assert.match(r.stderr, /originpull validate --help/);
});

test('an unreadable file says permission denied (exit 2)', { skip: process.getuid?.() === 0 && 'root reads every file' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'op-cli-perm-'));
  const f = join(dir, 'locked.pem');
  writeFileSync(f, readFixture('basic', 'leaf.pem'), { mode: 0o000 });
  const r = await run(['inspect', f]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /permission denied/);
});

test('KEY_ENCRYPTED and a wrong passphrase are explained with --passphrase-env', async () => {
  let r = await run(['validate', '--cert', fixture('aop', 'leaf-rsa.pem'), '--key', fixture('aop', 'leaf-rsa.encrypted.key'), '--now', NOW]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /KEY_ENCRYPTED[^\n]*\n\s+fix: Give the passphrase with --passphrase-env NAME/);
  assert.doesNotMatch(r.stdout, /Enter the passphrase/);
  r = await run(['inspect', '--passphrase-env', 'OP_PASS', fixture('aop', 'leaf-rsa.encrypted.key')], { OP_PASS: 'wrong' });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /the passphrase given does not decrypt it/);
});

test('a closed stdout (| head) does not stop a rotation: it finishes, the state file is kept up to date then removed', async () => {
  const z = randomZone();
  const P = `/zones/${z}/origin_tls_client_auth`;
  const old = await api('POST', `${P}/hostnames/certificates`, { certificate: readFixture('aop', 'leaf-rsa.pem'), private_key: readFixture('aop', 'leaf-rsa.key') });
  await api('PUT', `${P}/hostnames`, { config: [{ hostname: 'pipe.example.com', cert_id: old.id, enabled: true }] });
  await new Promise((r) => setTimeout(r, 200));
  const state = join(mkdtempSync(join(tmpdir(), 'op-cli-pipe-')), 'rotation.json');
  const r = await run(rotateArgs(z, ['--json', '--state', state]), { CLOUDFLARE_API_TOKEN: TOKEN }, { closeStdout: true });
  assert.equal(r.signal, null);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!existsSync(state), 'completed: the state file is removed');
  const left = await api('GET', `${P}/hostnames/certificates`);
  assert.equal(left.length, 1);
  assert.notEqual(left[0].id, old.id);
  const assoc = await api('GET', `${P}/hostnames/pipe.example.com`);
  assert.equal(assoc.cert_id, left[0].id);
});
