// Shared by the automation tests: the project's Worker under `wrangler dev --test-scheduled`
// against the emulator, its KV namespace filled the way an external PKI would (`wrangler kv
// bulk put --local`), a webhook receiver, zones set up with expiring certificates, and polling
// of GET /status.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorker } from '../../scripts/worker-dev.mjs';
import { root } from './paths.mjs';
import { emulatorCall } from './aop.mjs';

export const ADMIN = 'automation-admin-secret-0123456789';
export const P = (zone) => `/zones/${zone}/origin_tls_client_auth`;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Write `entries` ({ key: value object }) to the local KV namespace CERTS under `persistTo`. */
export function putKv(persistTo, entries) {
  const dir = mkdtempSync(join(tmpdir(), 'originpull-kv-'));
  const file = join(dir, 'bulk.json');
  writeFileSync(file, JSON.stringify(Object.entries(entries).map(([key, value]) => ({ key, value: JSON.stringify(value) }))));
  const out = spawnSync(join(root, 'node_modules/.bin/wrangler'), ['kv', 'bulk', 'put', file, '--binding', 'CERTS', '--local', '--persist-to', persistTo], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', FORCE_COLOR: '0' },
  });
  rmSync(dir, { recursive: true, force: true });
  if (out.status !== 0) throw new Error(`wrangler kv bulk put failed:\n${out.stdout}\n${out.stderr}`);
}

/** A local HTTP server recording the JSON bodies POSTed to it (the ALERT_WEBHOOK). */
export async function webhookReceiver() {
  const received = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      try {
        received.push(JSON.parse(body));
      } catch {
        received.push({ unparsable: body });
      }
      res.writeHead(204).end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/hook`, received, close: () => new Promise((r) => server.close(r)) };
}

/** The Worker with the automation on: `watch` (AOP_WATCH entries), `kv` (entries written
 *  before it starts), `persistTo` (kept across a restart when given). */
export async function automationWorker({ emu, token, watch, kv = {}, vars = {}, persistTo, inner = false, envFile }) {
  const dir = persistTo ?? mkdtempSync(join(tmpdir(), 'originpull-wrangler-'));
  if (Object.keys(kv).length) putKv(dir, kv);
  const worker = await startWorker({
    persistTo: dir,
    testScheduled: true,
    inner,
    logLevel: 'log',
    envFile,
    vars: envFile ? vars : {
      UPSTREAM: emu.url,
      CF_API_TOKEN: token,
      ADMIN_SECRET: ADMIN,
      AOP_WATCH: JSON.stringify(watch),
      ROTATION_POLL_INTERVAL_MS: '100',
      ...vars,
    },
  });
  const stop = async (opts) => {
    await worker.stop(opts);
    if (!persistTo && !opts?.keep) rmSync(dir, { recursive: true, force: true });
  };
  return { ...worker, persistTo: dir, stop };
}

/** GET /status (as the admin), all zones or one. */
export async function status(worker, zone) {
  const res = await fetch(`${worker.url}/status${zone ? `?zone=${zone}` : ''}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  if (res.status !== 200) throw new Error(`GET /status: ${res.status} ${await res.text()}`);
  return (await res.json()).zones;
}

/** Poll /status until `done(zones)` holds (or fail after `ms`, with the last status and logs). */
export async function waitForStatus(worker, done, { ms = 60_000, every = 250, zone } = {}) {
  const until = Date.now() + ms;
  let last;
  while (Date.now() < until) {
    last = await status(worker, zone);
    if (done(last)) return last;
    await sleep(every);
  }
  throw new Error(`status did not settle in ${ms} ms:\n${JSON.stringify(last, null, 1).slice(0, 4000)}\n--- logs ---\n${worker.logs().slice(-6000)}`);
}

/** Upload `pair` to the zone (zone scope: and turn zone-level AOP on; hostname scope: point
 *  `hostnames` at it). Returns the certificate's id. */
export async function seedZone(emu, token, zone, scope, pair, hostnames = []) {
  const api = (method, path, body) => emulatorCall(emu, token, method, path, body);
  if (scope === 'zone') {
    const c = await api('POST', P(zone), { certificate: pair.certificate, private_key: pair.privateKey });
    await api('PUT', `${P(zone)}/settings`, { enabled: true });
    return c.id;
  }
  const c = await api('POST', `${P(zone)}/hostnames/certificates`, { certificate: pair.certificate, private_key: pair.privateKey });
  await api('PUT', `${P(zone)}/hostnames`, { config: hostnames.map((hostname) => ({ hostname, cert_id: c.id, enabled: true })) });
  return c.id;
}

/** The JSON log lines the Worker printed (structured logs), parsed. */
export function jsonLogs(worker) {
  const out = [];
  for (const line of worker.logs().split('\n')) {
    const at = line.indexOf('{"at":');
    const end = line.lastIndexOf('}');
    if (at < 0 || end < at) continue;
    try {
      out.push(JSON.parse(line.slice(at, end + 1)));
    } catch {
      // a line wrangler cut or decorated
    }
  }
  return out;
}
