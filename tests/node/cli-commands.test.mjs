// The whole job with the CLI alone, against the emulator: upload, associate, list, status,
// zone-level switch, disable, remove, delete; --json checked, exit codes, --yes required when
// stdin is not a terminal, and the confirmation prompt answered through a pty.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startEmulator } from '../../emulator/index.js';
import { root } from '../helpers/paths.mjs';
import { randomZone } from '../helpers/aop.mjs';

const CLI = join(root, 'bin', 'originpull.mjs');
const V = (f) => join(root, 'tests/data/validate', f);
const NOW = '2026-06-01T00:00:00Z';
const TOKEN = 'emulator-token-cli-commands-0123456789';

let emu;
before(async () => {
  emu = await startEmulator({ port: 0, host: '127.0.0.1', quiet: true, deployDelayMs: 100, token: TOKEN });
});
after(() => emu.close());

function run(args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn('node', [CLI, ...args], {
      cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_API_BASE_URL: emu.url, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
const runJson = async (args, env) => {
  const r = await run([...args, '--json'], env);
  return { ...r, json: r.stdout.trim() ? JSON.parse(r.stdout.trim().split('\n').at(-1)) : null };
};
const settle = () => new Promise((r) => setTimeout(r, 250));

test('set up, list, change and tear down AOP on a zone with the CLI alone', async () => {
  const z = randomZone();
  const zone = ['--zone', z, '--now', NOW];
  // Upload (validated first) a per-hostname and a zone-level certificate.
  let r = await runJson(['certs', 'upload', ...zone, '--cert', V('ok-p256.cert.pem'), '--key', V('ok-p256.key.pem')]);
  assert.equal(r.code, 0, r.stderr);
  const host = r.json;
  assert.equal(host.scope, 'hostname');
  assert.equal(host.commonName, 'ok-p256.client.example');
  assert.ok(!JSON.stringify(host).includes('PRIVATE KEY'));
  r = await runJson(['certs', 'upload', ...zone, '--scope', 'zone', '--cert', V('ok-rsa-2048.cert.pem'), '--key', V('ok-rsa-2048.key.pem')]);
  assert.equal(r.code, 0, r.stderr);
  const zoneCert = r.json;
  // A refused upload: error findings, nothing sent, exit 1.
  const sent = emu.audit().requests.length;
  r = await run(['certs', 'upload', ...zone, '--cert', V('key-mismatch.cert.pem'), '--key', V('key-mismatch.key.pem')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /KEY_MISMATCH/);
  assert.equal(emu.audit().requests.length, sent);

  r = await runJson(['hostnames', 'enable', 'a.example.com', 'b.example.com', '--cert', host.id, ...zone]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.json.map((a) => [a.hostname, a.cert_id, a.enabled]), [['a.example.com', host.id, true], ['b.example.com', host.id, true]]);
  await settle();

  r = await runJson(['certs', 'list', ...zone]);
  assert.equal(r.code, 0);
  assert.deepEqual(r.json.map((c) => [c.scope, c.id]), [['zone', zoneCert.id], ['hostname', host.id]]);
  const listed = r.json.find((c) => c.id === host.id);
  assert.deepEqual(listed.hostnames, ['a.example.com', 'b.example.com']);
  assert.equal(listed.daysLeft, 214);
  assert.equal(listed.status, 'active');
  r = await run(['certs', 'list', ...zone, '--scope', 'hostname']);
  assert.equal(r.stdout.trim().split('\t')[1], 'ok-p256.client.example', 'piped: tab-separated, named by common name');

  r = await runJson(['certs', 'show', host.id, ...zone]);
  assert.equal(r.json.serialNumberHex, listed.serialNumberHex);
  assert.equal((await run(['certs', 'show', '00000000-0000-0000-0000-000000000000', ...zone])).code, 2);

  r = await runJson(['hostnames', 'list', ...zone]);
  assert.deepEqual(r.json.map((a) => [a.hostname, a.status, a.certificate.commonName]), [['a.example.com', 'active', 'ok-p256.client.example'], ['b.example.com', 'active', 'ok-p256.client.example']]);

  r = await runJson(['zone-aop', 'status', ...zone]);
  assert.deepEqual([r.json.enabled, r.json.certificate?.id, r.json.sharedCertificate], [false, zoneCert.id, false]);
  r = await runJson(['zone-aop', 'on', ...zone]);
  assert.equal(r.json.enabled, true);

  // status: everything, days left; --warn-days above the days left flags it and exits 1.
  r = await runJson(['status', ...zone]);
  assert.equal(r.code, 0, r.stdout);
  assert.equal(r.json.zoneAop.enabled, true);
  assert.equal(r.json.certificates.length, 2);
  assert.equal(r.json.associations.length, 2);
  r = await runJson(['status', ...zone, '--warn-days', '300']);
  assert.equal(r.code, 1);
  assert.ok(r.json.certificates.every((c) => c.flag === 'EXPIRING'));

  // Destructive commands: refused without --yes when stdin is not a terminal (nothing sent).
  for (const args of [['hostnames', 'disable', 'a.example.com'], ['hostnames', 'remove', 'a.example.com'], ['zone-aop', 'off'], ['certs', 'delete', zoneCert.id]]) {
    const n = emu.audit().requests.filter((q) => q.method !== 'GET').length;
    r = await run([...args, ...zone]);
    assert.equal(r.code, 2, `${args}: ${r.stderr}`);
    assert.match(r.stderr, /refusing without --yes/);
    assert.match(r.stderr, /outage|origins see no change/);
    assert.equal(emu.audit().requests.filter((q) => q.method !== 'GET').length, n, `${args} sent nothing`);
  }
  r = await runJson(['hostnames', 'disable', 'a.example.com', '--yes', ...zone]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.json.map((a) => [a.hostname, a.enabled]), [['a.example.com', false]]);

  // A certificate in use is not deleted unless its associations are removed first.
  r = await run(['certs', 'delete', host.id, '--yes', ...zone]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /still used by 2 hostname\(s\): a\.example\.com, b\.example\.com/);
  r = await runJson(['certs', 'delete', host.id, '--yes', '--remove-associations', ...zone]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.json.removedHostnames, ['a.example.com', 'b.example.com']);
  r = await runJson(['zone-aop', 'off', '--yes', ...zone]);
  assert.equal(r.json.enabled, false);
  r = await runJson(['certs', 'delete', zoneCert.id, '--yes', ...zone]);
  assert.equal(r.code, 0, r.stderr);
  await settle();
  r = await runJson(['certs', 'list', ...zone]);
  assert.deepEqual(r.json, []);
});

test('API failures exit 3 with the cause; --json puts the error on stdout', async () => {
  const r = await runJson(['certs', 'list', '--zone', randomZone()], { CLOUDFLARE_API_TOKEN: 'wrong-token' });
  assert.equal(r.code, 3);
  assert.match(r.stderr, /CF_API_ERROR[\s\S]*cloudflare error 10000: Authentication error[\s\S]*ray id/);
  assert.equal(r.json.error.code, 'CF_API_ERROR');
  assert.equal(r.json.error.status, 403);
  assert.ok(!r.stdout.includes('wrong-token'));
  const u = await run(['certs', 'list', '--zone', 'nope']);
  assert.equal(u.code, 2);
  assert.match(u.stderr, /--zone nope: a zone id is 32 hexadecimal characters/);
});

const python = spawnSync('python3', ['-c', 'import pty'], { stdio: 'ignore' }).status === 0;

/** Runs the CLI on a pty (python3's pty module), typing `answer` when the prompt shows. */
function runOnPty(args, answer) {
  const script = `
import os, pty, sys, select, json
args, answer = json.loads(sys.argv[1]), sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.execvp('node', ['node'] + args)
out, sent = b'', False
while True:
    try:
        r, _, _ = select.select([fd], [], [], 20)
        if not r: break
        data = os.read(fd, 4096)
    except OSError:
        break
    if not data: break
    out += data
    if not sent and b'[y/N]' in out:
        os.write(fd, answer.encode() + b'\\r')
        sent = True
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode('utf8', 'replace'))
sys.exit(os.waitstatus_to_exitcode(status))
`;
  return new Promise((resolve) => {
    const child = spawn('python3', ['-c', script, JSON.stringify([CLI, ...args]), answer], {
      cwd: root, env: { ...process.env, CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_API_BASE_URL: emu.url },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

test('on a terminal a destructive command asks, says what the origin will see, and does only what was agreed', { skip: !python && 'python3 pty not available' }, async () => {
  const z = randomZone();
  await run(['zone-aop', 'on', '--zone', z]);
  let r = await runOnPty(['zone-aop', 'off', '--zone', z], 'n');
  assert.equal(r.code, 1, r.output);
  assert.match(r.output, /refuses every request from Cloudflare, an outage/);
  assert.match(r.output, /Turn zone-level AOP off for zone [0-9a-f]{32}\? \[y\/N\]/);
  assert.match(r.output, /cancelled: nothing was changed/);
  assert.equal((await runJson(['zone-aop', 'status', '--zone', z])).json.enabled, true);
  r = await runOnPty(['zone-aop', 'off', '--zone', z], 'y');
  assert.equal(r.code, 0, r.output);
  assert.match(r.output, /zone-level AOP is off/);
  assert.equal((await runJson(['zone-aop', 'status', '--zone', z])).json.enabled, false);
  // On a terminal, lists are tables with a header.
  await run(['certs', 'upload', '--zone', z, '--cert', V('ok-p256.cert.pem'), '--key', V('ok-p256.key.pem'), '--now', NOW]);
  r = await runOnPty(['certs', 'list', '--zone', z, '--now', NOW], '');
  assert.equal(r.code, 0, r.output);
  assert.match(r.output, /SCOPE +CERTIFICATE +SERIAL +EXPIRES +STATUS +HOSTNAMES +ID/);
  assert.match(r.output, /hostname +ok-p256\.client\.example +716ed3327d0d621992bb999e5f319370 +2027-01-01 \(214 days\)/);
});
