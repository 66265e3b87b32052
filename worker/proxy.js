// The AOP API proxy. api.cloudflare.com sends no CORS headers, so the page calls the Worker
// (same origin) and the Worker forwards to its upstream. Only the Authenticated Origin Pulls
// paths pass; everything else is refused, so the Worker is never an open proxy. When the
// Worker holds the token (CF_API_TOKEN), only authenticated requests (auth.js) pass, and
// nothing refused ever reaches the upstream.
import { authenticate, bearer, hostRefusal, protection, readBody, BodyTooLarge } from './auth.js';

export const DEFAULT_UPSTREAM = 'https://api.cloudflare.com/client/v4';

/** `/client/v4/zones/{32 hex}/origin_tls_client_auth` and what lies below it. No `%`: the AOP
 *  API's ids and hostnames never need percent-encoding, so none is let through (a
 *  double-encoded `%252e%252e` would otherwise pass one decoding as `%2e%2e`). */
const AOP_PATH = /^\/client\/v4\/zones\/[0-9a-fA-F]{32}\/origin_tls_client_auth(?:\/[A-Za-z0-9._~-]+)*\/?$/;
/** Largest body the proxy forwards (the AOP API's bodies are a certificate and its key, or a
 *  batch of 100 hostnames: well under this). */
export const MAX_PROXY_BODY = 1024 * 1024;
const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE']);
/** Response headers worth passing back (ray id, rate limits). */
const PASS_BACK = ['content-type', 'cf-ray', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];

/** Error code of the proxy's own refusals, in Cloudflare's envelope (codes are >= 1000). */
export const PROXY_REFUSED = 10403;
export const PROXY_UPSTREAM_FAILED = 10502;

function envelope(status, code, message) {
  return new Response(JSON.stringify({ success: false, errors: [{ code, message }], messages: [], result: null }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/** Whether this request is one the proxy may forward; a reason when it is not. */
export function refusal(request, url) {
  if (/%/.test(url.pathname)) return 'percent-encoding in the path is not allowed (path traversal is not allowed)';
  if (!AOP_PATH.test(url.pathname)) {
    return 'originpull proxy forwards only Authenticated Origin Pulls paths (/client/v4/zones/{zone_id}/origin_tls_client_auth…); this Worker is not a general Cloudflare API proxy';
  }
  if (url.pathname.split('/').some((seg) => seg === '.' || seg === '..')) return 'path traversal is not allowed';
  if (!METHODS.has(request.method)) return `method ${request.method} is not used by the AOP API`;
  // Browsers send Origin on cross-site requests: only this Worker's own page may use it
  // (stops other sites from spending a token held by the server).
  const origin = request.headers.get('origin');
  if (origin && origin !== url.origin) return `cross-origin request from ${origin} refused`;
  if (request.headers.get('sec-fetch-site') === 'cross-site') return 'cross-site request refused';
  return null;
}

/** A refusal in Cloudflare's envelope, never cached. */
function refuse(status, message, headers = {}) {
  const r = envelope(status, PROXY_REFUSED, message);
  for (const [k, v] of Object.entries(headers)) r.headers.set(k, v);
  return r;
}

/**
 * Forward one AOP request to `env.UPSTREAM`. Without a server-held token the request's own
 * `Authorization` goes along (the page's token). With one, the request must authenticate
 * (auth.js): the admin secret is replaced by the server's token; an Access-authenticated
 * request may bring its own token instead. Every check runs before anything is sent.
 */
export async function proxy(request, env) {
  const url = new URL(request.url);
  const reason = refusal(request, url) ?? hostRefusal(url, env);
  if (reason) return refuse(403, reason);

  const own = bearer(request);
  if (own === '') return refuse(400, 'the Authorization header is empty or not `Bearer <token>`; send a token, or no Authorization header at all');
  let auth = own === null ? null : `Bearer ${own}`;
  if (env.CF_API_TOKEN) {
    const who = await authenticate(request, env);
    if (!who.ok) return refuse(who.status, `${who.code}: ${who.message}`, who.status === 401 ? { 'www-authenticate': 'Bearer realm="originpull"' } : {});
    if (who.via === 'admin-secret' || own === null) auth = `Bearer ${env.CF_API_TOKEN}`;
  }

  const hasBody = request.method === 'POST' || request.method === 'PUT' || request.method === 'DELETE';
  let body;
  try {
    body = hasBody ? await readBody(request, MAX_PROXY_BODY) : undefined;
  } catch (e) {
    if (e instanceof BodyTooLarge) return refuse(413, e.message);
    throw e;
  }

  const upstream = (env.UPSTREAM || DEFAULT_UPSTREAM).replace(/\/+$/, '');
  const target = upstream + url.pathname.slice('/client/v4'.length) + url.search;
  const headers = new Headers({ accept: 'application/json' });
  if (auth) headers.set('authorization', auth);
  const type = request.headers.get('content-type');
  if (type) headers.set('content-type', type);

  let res;
  try {
    res = await fetch(target, { method: request.method, headers, body: body && body.byteLength ? body : undefined, redirect: 'manual' });
  } catch (e) {
    return envelope(502, PROXY_UPSTREAM_FAILED, `the upstream API could not be reached (${e.name})`);
  }
  const out = new Headers();
  for (const h of PASS_BACK) {
    const v = res.headers.get(h);
    if (v !== null) out.set(h, v);
  }
  out.set('cache-control', 'no-store');
  return new Response(res.body, { status: res.status, headers: out });
}

/**
 * What the page needs to know: whether it must send a token itself (and, when the Worker
 * holds one, how it is protected), and where the proxy forwards. `npm start` also sets UPSTREAM_KIND=emulator and DEMO_TOKEN (the emulator's
 * public demo token, no secret): then `upstreamKind` and `demoToken` are added, and the page
 * fills the token in for a first try.
 */
export function config(env) {
  const out = { tokenHeldByServer: Boolean(env.CF_API_TOKEN), upstream: env.UPSTREAM || DEFAULT_UPSTREAM };
  if (env.CF_API_TOKEN) {
    // What the page must send: the admin secret, or nothing (an Access login adds its JWT);
    // `refusing`: no protection is configured, so the token is used for no one.
    const p = protection(env);
    out.protection = { adminSecret: p.adminSecret, access: p.access, refusing: !p.adminSecret && !p.access };
  }
  if (env.AOP_WATCH) out.automation = true;
  if (env.UPSTREAM_KIND) out.upstreamKind = String(env.UPSTREAM_KIND);
  if (env.UPSTREAM_KIND === 'emulator' && env.DEMO_TOKEN) out.demoToken = String(env.DEMO_TOKEN);
  return out;
}
