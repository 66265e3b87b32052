// Start the project's Worker locally in workerd (wrangler dev) on 127.0.0.1, for `npm start`
// and the tests. Resolves once wrangler prints "Ready on".
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './setup.mjs';

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** The stop functions of the Workers still running. */
const running = new Set();
let signalsHandled = false;

/** A signal that ends this process (a test runner's time-out, `timeout`) runs no 'exit'
 *  handler, and an orphaned wrangler spins: stop the Workers first, then end as the signal
 *  would have. Only where nobody else handles the signal (scripts/start.mjs does). */
function onSignals() {
  if (signalsHandled) return;
  signalsHandled = true;
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
    if (process.listenerCount(sig)) continue;
    process.once(sig, () => {
      for (const kill of running) kill();
      process.kill(process.pid, sig);
    });
  }
}

/**
 * @param {{ port?: number, vars?: Record<string,string>, quiet?: boolean, config?: string,
 *           persistTo?: string, testScheduled?: boolean, inner?: boolean, logLevel?: string, envFile?: string }} [opts]
 *   `config`: another wrangler config (path from the repository root), e.g. a test Worker's.
 *   `persistTo`: where the local Durable Objects, KV and queues keep their data (default: a
 *   fresh temporary folder, removed by stop(); pass one to keep it across a restart).
 *   `testScheduled`: `--test-scheduled` (GET /__scheduled runs the Cron Trigger's handler).
 *   `envFile`: settings in .dev.vars form (default: none; the checkout's .dev.vars is never read).
 *   `logLevel`: wrangler's (default `info`; `log` also shows the Worker's console.log lines).
 *   `inner`: also find the Worker's own workerd socket behind wrangler's dev proxy (read from
 *   wrangler's debug log): `inner.url` and the `inner.headers` it wants. The dev proxy
 *   relays a request body to the end before it relays the answer; tests of what the Worker
 *   does while a body is still arriving talk to workerd directly.
 * @returns {Promise<{ url: string, port: number, persistTo: string, stop: (opts?: { signal?: string }) => Promise<void>, logs: () => string }>}
 */
export async function startWorker(opts = {}) {
  // The ports are picked free, then wrangler binds them: a test file running beside this one
  // can take one in between ("Address already in use"). Picked ports are picked again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startWorkerOnce(opts);
    } catch (e) {
      if (attempt >= 3 || opts.port !== undefined || !/Address already in use/.test(e.message)) throw e;
    }
  }
}

async function startWorkerOnce({ port, vars = {}, quiet = true, config, persistTo, testScheduled = false, inner = false, logLevel = 'info', envFile } = {}) {
  port ??= await freePort();
  const inspector = await freePort();
  const ownState = !persistTo;
  persistTo ??= mkdtempSync(join(tmpdir(), 'originpull-wrangler-'));
  // An empty env file instead of the checkout's .dev.vars or .env: a developer's local
  // secrets (a CF_API_TOKEN, say) never leak into the tests' Workers, which get theirs as vars.
  if (!envFile) {
    envFile = join(persistTo, 'no-dev-vars.env');
    writeFileSync(envFile, '');
  }
  const args = [
    'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector),
    '--show-interactive-dev-session=false', '--log-level', inner ? 'debug' : process.env.WRANGLER_LOG_LEVEL ?? logLevel, '--persist-to', persistTo,
    '--env-file', envFile,
    ...(testScheduled ? ['--test-scheduled'] : []),
    ...(config ? ['--config', config] : []),
    ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
  ];
  const child = spawn(join(root, 'node_modules/.bin/wrangler'), args, {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', FORCE_COLOR: '0', CI: process.env.CI ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  // wrangler runs in its own process group (so stop() reaches workerd too): make sure it does
  // not outlive this process, whichever way this process exits (process.exit included).
  const killGroup = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.once('exit', killGroup);
  running.add(killGroup);
  child.once('exit', () => {
    process.off('exit', killGroup);
    running.delete(killGroup);
  });
  onSignals();
  let log = '';
  const url = `http://127.0.0.1:${port}`;
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wrangler dev did not start in 60 s:\n${log}`)), 60_000);
    const onData = (d) => {
      log += d;
      if (!quiet) process.stdout.write(d);
      if (log.includes('Ready on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (ownState) rmSync(persistTo, { recursive: true, force: true });
      reject(new Error(`wrangler dev exited with ${code}:\n${log}`));
    });
  });
  // `signal: 'SIGKILL'` cuts the Worker off mid-work (an invocation that never finishes).
  const stop = ({ signal = 'SIGTERM' } = {}) =>
    new Promise((resolve) => {
      const done = () => {
        if (ownState) rmSync(persistTo, { recursive: true, force: true });
        resolve();
      };
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', done);
      try {
        process.kill(-child.pid, signal);
      } catch {
        done();
      }
    });
  let innerSocket;
  if (inner) {
    const found = /"userWorkerUrl":\{"protocol":"http:","hostname":"([^"]+)","port":"(\d+)"\}.*?"headers":\{"MF-Proxy-Shared-Secret":"([^"]+)"\}/;
    for (let i = 0; i < 200 && !found.test(log); i++) await new Promise((r) => setTimeout(r, 100));
    const m = found.exec(log);
    if (!m) throw new Error('the Worker\'s own socket was not in wrangler\'s debug log');
    innerSocket = { url: `http://${m[1]}:${m[2]}`, headers: { 'MF-Proxy-Shared-Secret': m[3] } };
  }
  return { url, port, pid: child.pid, persistTo, stop, logs: () => log, inner: innerSocket };
}
