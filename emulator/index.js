// Local emulator of Cloudflare's Authenticated Origin Pulls API (the 13 operations under
// /client/v4/zones/{zone_id}/origin_tls_client_auth), with fault injection, an audit log and a
// control surface (JS and HTTP under /__emulator/). Node built-ins only.
import { createServer } from 'node:http';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Store } from './state.js';
import { Faults } from './faults.js';
import { checkZeroDowntime } from './audit.js';
import { BASE_PATH, HANDLERS, ROUTES, matchRoute, checkIdentifiers } from './api.js';
import { Errors, failureBody } from './errors.js';

export { checkZeroDowntime, ROUTES, BASE_PATH };

export const DEFAULT_TOKEN = 'emulator-token';
export const DEFAULT_LIMITS = Object.freeze({ hostnameCertsPerZone: 10, associationsPerCert: 100 });
const MAX_BODY = 1024 * 1024;
const CONTROL = '/__emulator';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sha256 = (s) => createHash('sha256').update(s).digest();
const rayId = () => `${randomBytes(8).toString('hex')}-EMU`;

/**
 * Starts the emulator. Options: `port` (0 = any free port), `host` ('127.0.0.1'), `token`
 * ('emulator-token'), `anyToken` (accept any non-empty bearer token), `deployDelayMs` (300),
 * `stateFile` (JSON file to load from and save to), `latencyMs` (added to every API request),
 * `limits` ({ hostnameCertsPerZone: 10, associationsPerCert: 100 }), `now` (clock, ms).
 */
export async function startEmulator(options = {}) {
  const opts = {
    port: 0,
    host: '127.0.0.1',
    token: DEFAULT_TOKEN,
    anyToken: false,
    deployDelayMs: 300,
    stateFile: null,
    latencyMs: 0,
    now: Date.now,
    ...options,
    limits: { ...DEFAULT_LIMITS, ...(options.limits ?? {}) },
  };
  if (!opts.anyToken && (typeof opts.token !== 'string' || opts.token === '')) throw new TypeError('token must be a non-empty string');
  const clock = {
    offsetMs: 0,
    now: () => opts.now() + clock.offsetMs,
    /** Moves the emulator's clock forward (statuses are computed from it). */
    advance(ms) {
      clock.offsetMs += ms;
      return clock.now();
    },
  };
  const store = new Store({ deployDelayMs: opts.deployDelayMs, now: clock.now, stateFile: opts.stateFile, limits: opts.limits });
  const faults = new Faults();
  const tokenHash = opts.anyToken ? null : sha256(opts.token);

  function authError(req) {
    const header = req.headers.authorization;
    if (header === undefined || header === '') return Errors.missingAuth();
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) return Errors.badAuthFormat();
    if (opts.anyToken) return null;
    return timingSafeEqual(sha256(m[1]), tokenHash) ? null : Errors.badAuth();
  }

  function send(res, status, body, headers = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  }

  function readBody(req) {
    return new Promise((resolve) => {
      const chunks = [];
      let size = 0;
      let over = false;
      req.on('data', (c) => {
        size += c.length;
        if (size > MAX_BODY) over = true;
        else chunks.push(c);
      });
      req.on('end', () => resolve(over ? { tooLarge: true } : { text: Buffer.concat(chunks).toString('utf8') }));
      req.on('error', () => resolve({ aborted: true }));
    });
  }

  async function handleApi(req, res, url) {
    const started = clock.now();
    const ray = rayId();
    const sub = url.pathname.slice(BASE_PATH.length) || '/';
    const route = matchRoute(req.method, sub);
    const operationId = route?.operationId ?? null;
    const entry = {
      seq: store.data.requests.length ? store.data.requests[store.data.requests.length - 1].seq + 1 : 1,
      time: new Date(started).toISOString(),
      method: req.method,
      path: url.pathname + url.search,
      operationId,
      zoneId: route?.params.zone_id ?? null,
      status: null,
      ray,
    };
    // A client that goes away (aborted, timed out, connection reset) before the answer is sent
    // is recorded too: `clientGone: true`, with the status the emulator had got to (null when
    // the operation never ran).
    let logged = false;
    const log = () => {
      if (!logged) store.logRequest(entry);
      logged = true;
      store.save();
    };
    res.on('close', () => {
      if (res.writableFinished || entry.dropped) return;
      entry.clientGone = true;
      entry.durationMs ??= clock.now() - started;
      log();
    });
    const { latencyMs, action } = faults.take(operationId);
    const delay = opts.latencyMs + latencyMs;
    if (delay > 0) await sleep(delay);
    if (action) entry.fault = action.kind;
    const finish = (status, body, headers = {}) => {
      entry.status = status;
      entry.durationMs = clock.now() - started;
      if (action?.kind === 'drop_after') entry.dropped = true;
      log();
      if (action?.kind === 'drop_after') {
        req.socket.destroy();
        return;
      }
      send(res, status, body, { 'cf-ray': ray, ...headers });
    };
    if (action?.kind === 'drop') {
      entry.dropped = true;
      entry.durationMs = clock.now() - started;
      log();
      req.socket.destroy();
      return;
    }
    if (action?.kind === 'rate_limit') {
      const e = Errors.rateLimited();
      return finish(e.status, failureBody(e), { 'retry-after': String(action.retryAfter) });
    }
    if (action?.kind === 'server_error') {
      const e = Errors.internal();
      return finish(action.status, failureBody(e));
    }
    const fail = (e) => finish(e.status, failureBody(e));
    if (!route) return fail(Errors.noRoute());
    const auth = authError(req);
    if (auth) return fail(auth);
    const badId = checkIdentifiers(route.params, url.pathname);
    if (badId) return fail(badId);
    const raw = await readBody(req);
    if (raw.aborted) {
      entry.clientGone = true;
      entry.durationMs = clock.now() - started;
      log();
      return undefined;
    }
    if (raw.tooLarge) return fail(Errors.tooLarge());
    let body;
    if (raw.text.trim() !== '') {
      try {
        body = JSON.parse(raw.text);
      } catch {
        return fail(Errors.badJson());
      }
    } else if (req.method === 'POST' || req.method === 'PUT') {
      return fail(Errors.invalid('a JSON request body is required'));
    }
    const out = HANDLERS[operationId]({ store, params: route.params, query: url.searchParams, body, limits: opts.limits });
    if (out.error) return fail(out.error);
    return finish(out.status, out.body);
  }

  // ---- control surface ---------------------------------------------------------------------

  const api = {
    faults: {
      /** Adds a raw rule (see Faults#add). */
      add: (spec) => faults.add(spec),
      latency: (ms, o = {}) => faults.add({ ...o, kind: 'latency', ms }),
      rateLimit: (o = {}) => faults.add({ ...o, kind: 'rate_limit' }),
      serverError: (o = {}) => faults.add({ ...o, kind: 'server_error' }),
      drop: (o = {}) => faults.add({ ...o, kind: 'drop' }),
      dropAfter: (o = {}) => faults.add({ ...o, kind: 'drop_after' }),
      /** The next upload (of `scope`: 'zone' | 'hostname' | 'any') ends in `<phase>_timed_out`. */
      timeoutNextUpload: ({ scope = 'any', phase = 'deployment' } = {}) => {
        if (!['zone', 'hostname', 'any'].includes(scope)) throw new TypeError('scope must be zone, hostname or any');
        if (!['deployment', 'deletion'].includes(phase)) throw new TypeError('phase must be deployment or deletion');
        store.pendingTimeouts.push({ scope, phase });
      },
      /** This certificate's deployment (or deletion) ends in `<phase>_timed_out`. */
      timeoutCertificate: (certId, { phase = 'deployment' } = {}) => {
        const err = store.armTimeout(certId, phase);
        if (err) throw new Error(err);
        store.save();
      },
      list: () => faults.list(),
      clear: () => {
        faults.clear();
        store.pendingTimeouts = [];
      },
    },
    audit: () => {
      const timeline = store.timeline();
      return { requests: store.data.requests.map((r) => ({ ...r })), timeline, zeroDowntime: checkZeroDowntime(timeline) };
    },
    checkZeroDowntime: (o) => checkZeroDowntime(store.timeline(), o),
    reset: () => {
      faults.clear();
      store.reset();
    },
    clock,
  };

  function snapshot() {
    const now = clock.now();
    const zones = {};
    for (const [zoneId, z] of Object.entries(store.data.zones)) {
      zones[zoneId] = {
        settings: { ...z.settings },
        certificates: Object.values(store.data.certs)
          .filter((c) => c.zoneId === zoneId)
          .map(({ certificate, ...c }) => ({ ...c, status: store.certStatus(c, now) })),
        associations: Object.values(z.assocs).map((a) => ({ ...a, status: store.assocStatus(a, now) })),
      };
    }
    return { now: new Date(now).toISOString(), zones };
  }

  async function handleControl(req, res, url) {
    // The control routes change and reveal everything (faults, the clock, reset, the request
    // log): they take the API token, as the API does, and send no CORS headers, so a web page
    // on another origin can neither call them nor read their answers.
    const reply = (status, body) => send(res, status, body);
    const auth = authError(req);
    if (auth) return reply(auth.status, { ok: false, error: `${auth.message}: the control routes take the API token (Authorization: Bearer <token>)` });
    const raw = await readBody(req);
    let body = {};
    if (raw.text?.trim()) {
      try {
        body = JSON.parse(raw.text);
      } catch {
        return reply(400, { ok: false, error: 'malformed JSON' });
      }
    }
    const path = url.pathname.slice(CONTROL.length);
    const key = `${req.method} ${path}`;
    try {
      switch (key) {
        case 'GET /health':
          return reply(200, { ok: true, url: emulator.url, origin: emulator.origin });
        case 'GET /state':
          return reply(200, { ok: true, state: snapshot() });
        case 'GET /audit':
          return reply(200, { ok: true, ...api.audit() });
        case 'GET /audit/zero-downtime': {
          const hostnames = url.searchParams.get('hostnames');
          return reply(200, {
            ok: true,
            result: api.checkZeroDowntime({
              zoneId: url.searchParams.get('zone_id') ?? undefined,
              hostnames: hostnames ? hostnames.split(',') : undefined,
              zones: url.searchParams.get('zones') !== 'false',
            }),
          });
        }
        case 'GET /faults':
          return reply(200, { ok: true, faults: faults.list(), pendingTimeouts: store.pendingTimeouts });
        case 'POST /faults':
          return reply(200, { ok: true, fault: faults.add(body) });
        case 'DELETE /faults':
          api.faults.clear();
          return reply(200, { ok: true });
        case 'POST /timeouts':
          if (body.certId) api.faults.timeoutCertificate(body.certId, { phase: body.phase });
          else api.faults.timeoutNextUpload({ scope: body.scope, phase: body.phase });
          return reply(200, { ok: true });
        case 'POST /clock':
          if (!Number.isFinite(body.advanceMs) || body.advanceMs < 0) return reply(400, { ok: false, error: 'advanceMs must be a number >= 0' });
          return reply(200, { ok: true, now: new Date(clock.advance(body.advanceMs)).toISOString() });
        case 'POST /reset':
          api.reset();
          return reply(200, { ok: true });
        default:
          return reply(404, { ok: false, error: `no control route ${key}` });
      }
    } catch (e) {
      return reply(400, { ok: false, error: e.message });
    }
  }

  const server = createServer((req, res) => {
    let url;
    try {
      url = new URL(req.url, 'http://emulator.invalid');
    } catch {
      send(res, 404, failureBody(Errors.noRoute()), { 'cf-ray': rayId() });
      return;
    }
    const p = url.pathname;
    const handler = p === CONTROL || p.startsWith(`${CONTROL}/`) ? handleControl : p === BASE_PATH || p.startsWith(`${BASE_PATH}/`) ? handleApi : null;
    if (!handler) {
      send(res, 404, failureBody(Errors.noRoute()), { 'cf-ray': rayId() });
      return;
    }
    handler(req, res, url).catch((err) => {
      if (!res.headersSent && !res.destroyed) send(res, 500, failureBody(Errors.internal()), { 'cf-ray': rayId() });
      if (!opts.quiet) console.error('emulator: internal error', err);
    });
  });
  server.keepAliveTimeout = 5000;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = server.address().port;
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const origin = `http://${hostForUrl}:${port}`;

  const emulator = {
    url: `${origin}${BASE_PATH}`,
    origin,
    port,
    host: opts.host,
    token: opts.anyToken ? null : opts.token,
    ...api,
    /** A plain snapshot of zones, certificates (statuses computed now) and associations. */
    get state() {
      return snapshot();
    },
    /** The Store itself (tests and tools; its shape is internal). */
    store,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
  return emulator;
}
