// Real origins for the origin tests, on 127.0.0.1: certificates made by openssl, Debian's nginx
// run in the foreground from a temporary prefix (configuration, pid and logs in a temporary
// folder, random free ports), and `openssl s_server`. Everything started here is stopped by
// its process id in `stop()`.
//
// The certificates (makePki), made afresh by each test file with openssl from the system, with
// fixed lifetimes counted from the moment they are made:
// - ca.pem / ca.key: "originpull test origin-pull CA", P-256, self-signed, -days 3650,
//   basicConstraints critical CA:TRUE pathlen:0, keyUsage critical keyCertSign cRLSign;
// - other-ca.pem / other-ca.key: "originpull test other CA", the same shape;
// - client.pem / client.key: "originpull test client", P-256, issued by ca, -days 398,
//   basicConstraints CA:FALSE, keyUsage critical digitalSignature, extendedKeyUsage clientAuth;
//   client.enc.key: the same key, AES-256 encrypted PKCS#8 with the passphrase PASSPHRASE;
// - client-other.pem: the same key issued by other-ca (an origin trusting ca refuses it);
// - origin-ca.pem / origin-ca.key: a stand-in for Cloudflare's Origin CA (O=CloudFlare, Inc.,
//   OU=CloudFlare Origin SSL Certificate Authority), P-256, self-signed, -days 3650;
// - server.pem / server.key: the origin's own certificate, issued by origin-ca, -days 3650,
//   subjectAltName DNS:app.example.test, DNS:localhost, IP:127.0.0.1.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

export const NGINX = '/usr/sbin/nginx';
export const hasNginx = existsSync(NGINX);
export const PASSPHRASE = 'probe-test-passphrase';

const openssl = (args, cwd) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

/** The certificates described at the top of this file, in a new temporary folder. */
export function makePki() {
  const dir = mkdtempSync(join(tmpdir(), 'originpull-origin-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  const caExt = ['-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650', '-subj', '/CN=originpull test origin-pull CA', ...caExt], dir);
  openssl(['req', '-x509', ...ec, '-keyout', 'other-ca.key', '-out', 'other-ca.pem', '-days', '3650', '-subj', '/CN=originpull test other CA', ...caExt], dir);
  openssl(['req', '-x509', ...ec, '-keyout', 'origin-ca.key', '-out', 'origin-ca.pem', '-days', '3650',
    '-subj', '/C=US/O=CloudFlare, Inc./OU=CloudFlare Origin SSL Certificate Authority/L=San Francisco/ST=California', ...caExt], dir);
  writeFileSync(join(dir, 'client.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n');
  openssl(['req', '-new', ...ec, '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=originpull test client'], dir);
  openssl(['x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '2', '-days', '398', '-extfile', 'client.ext', '-out', 'client.pem'], dir);
  openssl(['x509', '-req', '-in', 'client.csr', '-CA', 'other-ca.pem', '-CAkey', 'other-ca.key', '-set_serial', '3', '-days', '398', '-extfile', 'client.ext', '-out', 'client-other.pem'], dir);
  openssl(['pkcs8', '-topk8', '-in', 'client.key', '-v2', 'aes-256-cbc', '-passout', `pass:${PASSPHRASE}`, '-out', 'client.enc.key'], dir);
  writeFileSync(join(dir, 'server.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:app.example.test,DNS:localhost,IP:127.0.0.1\n');
  openssl(['req', '-new', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=app.example.test'], dir);
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'origin-ca.pem', '-CAkey', 'origin-ca.key', '-set_serial', '4', '-days', '3650', '-extfile', 'server.ext', '-out', 'server.pem'], dir);
  const file = (name) => join(dir, name);
  const read = (name) => readFileSync(file(name), 'utf8');
  return { dir, file, read, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A port nothing listens on right now (the OS's pick for port 0, closed again). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on `port` (polling, up to `ms`). */
export async function waitForPort(port, ms = 15000, alive = () => true) {
  const end = Date.now() + ms;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1');
      c.once('connect', () => { c.destroy(); resolve(true); });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    if (!alive()) throw new Error(`the server for port ${port} exited`);
    if (Date.now() > end) throw new Error(`nothing listens on 127.0.0.1:${port} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Stop a child we started, by its process id, and wait for it to exit. */
function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

/** nginx's http block around `servers` (text), with everything it writes under `prefix`. */
function nginxConf(prefix, servers) {
  const tmp = join(prefix, 'tmp');
  return `daemon off;
master_process off;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'error.log')} info;
events { worker_connections 64; }
http {
  access_log ${join(prefix, 'access.log')};
  client_body_temp_path ${tmp}; proxy_temp_path ${tmp}; fastcgi_temp_path ${tmp}; uwsgi_temp_path ${tmp}; scgi_temp_path ${tmp};
${servers}
}
`;
}

/** `nginx -t` on the configuration made of `servers`: { status, output }. */
export function nginxTest(servers) {
  const prefix = mkdtempSync(join(tmpdir(), 'originpull-nginx-t-'));
  mkdirSync(join(prefix, 'tmp'));
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(conf, nginxConf(prefix, servers));
  // nginx -t reports on stderr ("syntax is ok", "test is successful", or the error).
  const r = spawnSync(NGINX, ['-t', '-p', prefix, '-c', conf, '-e', join(prefix, 'error.log')], { encoding: 'utf8' });
  rmSync(prefix, { recursive: true, force: true });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/**
 * nginx in the foreground with one server block per entry of `servers` ({ name, body }: the
 * block's directives, `listen` added here on a free port). Resolves with { ports: { name:
 * port }, errorLog(), stop() } once every port accepts connections; tries new ports once when
 * one was taken meanwhile.
 */
export async function startNginx(servers) {
  for (let tries = 0; ; tries++) {
    const prefix = mkdtempSync(join(tmpdir(), 'originpull-nginx-'));
    mkdirSync(join(prefix, 'tmp'));
    const ports = {};
    for (const s of servers) ports[s.name] = await freePort();
    const blocks = servers.map((s) => `  server {\n    listen 127.0.0.1:${ports[s.name]} ssl;\n${s.body}\n  }`).join('\n');
    const conf = join(prefix, 'nginx.conf');
    writeFileSync(conf, nginxConf(prefix, blocks));
    const child = spawn(NGINX, ['-p', prefix, '-c', conf, '-e', join(prefix, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    try {
      for (const port of Object.values(ports)) await waitForPort(port, 15000, () => child.exitCode === null);
    } catch (e) {
      await stopChild(child);
      const log = stderr + readLog(join(prefix, 'error.log'));
      rmSync(prefix, { recursive: true, force: true });
      if (tries === 0 && /in use/.test(log)) continue;
      throw new Error(`nginx did not start: ${e.message}\n${log}`);
    }
    const stop = async () => {
      await stopChild(child);
      rmSync(prefix, { recursive: true, force: true });
    };
    return { ports, prefix, errorLog: () => readLog(join(prefix, 'error.log')), stop };
  }
}

const readLog = (f) => (existsSync(f) ? readFileSync(f, 'utf8') : '');

/**
 * `openssl s_server -www` on a port of the OS's choosing (read from its "ACCEPT" line), with
 * `args` (e.g. -Verify 1 -verify_return_error -CAfile ca.pem). Resolves with { port, stop() }.
 */
export function startSServer(args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', ['s_server', '-accept', '127.0.0.1:0', '-www', ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    const onData = (d) => {
      output += d;
      const m = /ACCEPT 127\.0\.0\.1:(\d+)/.exec(output);
      if (m) resolve({ port: Number(m[1]), stop: () => stopChild(child) });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`openssl s_server exited (${code}): ${output}`)));
  });
}
