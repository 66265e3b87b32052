// Idempotent set-up shared by `npm start`, `npm test` and `npm run build`: installs what is
// missing (wasm32 target, the pinned wasm-bindgen CLI, npm dependencies, Debian chromium for
// the browser tests) and does nothing when it is already there. Node built-ins only, since it
// runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Run a command, inheriting stdio; throw when it fails. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
  return r;
}

/** Run a command and return its stdout ('' when it cannot run). */
export function output(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', ...opts });
  return r.status === 0 ? r.stdout : '';
}

const log = (msg) => console.log(`[setup] ${msg}`);

/** The wasm-bindgen version pinned in Cargo.toml (`wasm-bindgen = "=X.Y.Z"`). */
export function pinnedWasmBindgen() {
  const m = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/wasm-bindgen = "=([0-9.]+)"/);
  if (!m) throw new Error('Cargo.toml must pin wasm-bindgen with "=X.Y.Z"');
  return m[1];
}

export function ensureRust() {
  if (!output('rustup', ['target', 'list', '--installed']).split('\n').includes('wasm32-unknown-unknown')) {
    log('adding the wasm32-unknown-unknown target');
    run('rustup', ['target', 'add', 'wasm32-unknown-unknown']);
  }
  const want = pinnedWasmBindgen();
  const have = output('wasm-bindgen', ['--version']).trim().split(' ')[1];
  if (have !== want) {
    log(`installing wasm-bindgen-cli ${want} (found ${have ?? 'none'}; takes about 2 minutes once)`);
    run('cargo', ['install', 'wasm-bindgen-cli', '--version', want, '--locked']);
  }
}

export function ensureNpm() {
  const lock = join(root, 'package-lock.json');
  const stamp = join(root, 'node_modules', '.package-lock.json');
  // An install cut short can leave the stamp without the packages: the tools must be there too.
  const fresh =
    existsSync(stamp) && existsSync(lock) && statSync(stamp).mtimeMs >= statSync(lock).mtimeMs &&
    existsSync(join(root, 'node_modules', '.bin', 'wasm-opt'));
  if (!fresh) {
    log('installing npm dependencies');
    run('npm', [existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund']);
  }
}

export const CHROMIUM = '/usr/bin/chromium';

export function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  log('installing Debian chromium for the browser tests');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const sudo = process.getuid && process.getuid() !== 0 ? ['sudo'] : [];
  const apt = (args) => (sudo.length ? run('sudo', ['apt-get', ...args], { env }) : run('apt-get', args, { env }));
  apt(['update']);
  apt(['install', '-y', '--no-install-recommends', 'chromium']);
}

export const NGINX = '/usr/sbin/nginx';

/**
 * Debian's nginx for the origin tests (originConfig's snippet run for real, probeOrigin's
 * enforcing origin). Only the binary is used: the tests run it in the foreground with a
 * configuration and pid/log files in a temporary folder, on 127.0.0.1. Debian's package does
 * not start a service where policy-rc.d forbids it (containers); elsewhere its default site
 * may start on port 80, as the package does for anyone who installs it.
 */
export function ensureNginx() {
  if (existsSync(NGINX)) return;
  log('installing Debian nginx for the origin tests');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const sudo = process.getuid && process.getuid() !== 0 ? ['sudo'] : [];
  const apt = (args) => (sudo.length ? run('sudo', ['apt-get', ...args], { env }) : run('apt-get', args, { env }));
  apt(['update']);
  apt(['install', '-y', '--no-install-recommends', 'nginx']);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureRust();
  ensureNpm();
  if (process.argv.includes('--browser')) ensureChromium();
  if (process.argv.includes('--nginx')) ensureNginx();
}
