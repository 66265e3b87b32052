// The AOP API proxy. api.cloudflare.com sends no CORS headers, so the page calls the Worker
// (same origin) and the Worker forwards to its upstream. Only the Authenticated Origin Pulls
// paths pass; everything else is refused, so the Worker is never an open proxy.

export const DEFAULT_UPSTREAM = 'https://api.cloudflare.com/client/v4';

/** `/client/v4/zones/{32 hex}/origin_tls_client_auth` and what lies below it. */
const AOP_PATH = /^\/client\/v4\/zones\/[0-9a-fA-F]{32}\/origin_tls_client_auth(?:\/[A-Za-z0-9._~%-]+)*\/?$/;
const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE']);
/** Response headers worth passing back (ray id, rate limits). */
const PASS_BACK = ['content-type', 'cf-ray', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];

/** Error code of the proxy's own refusals, in Cloudflare's envelope (codes are >= 1000). */
export const PROXY_REFUSED = 10403;
export const PROXY_UPSTREAM_FAILED = 10502;

function envelope(status, code, message) {
  return new Response(JSON.stringify({ success: false, errors: [{ code, message }], messages: [], result: null }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

/** Whether this request is one the proxy may forward; a reason when it is not. */
export function refusal(request, url) {
  if (!AOP_PATH.test(url.pathname)) {
    return 'originpull proxy forwards only Authenticated Origin Pulls paths (/client/v4/zones/{zone_id}/origin_tls_client_auth…); this Worker is not a general Cloudflare API proxy';
  }
  let decoded;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return 'malformed percent-encoding in the path';
  }
  if (decoded.includes('..') || decoded.includes('\\') || /%2f/i.test(url.pathname)) {
    return 'path traversal is not allowed';
  }
  if (!METHODS.has(request.method)) return `method ${request.method} is not used by the AOP API`;
  // Browsers send Origin on cross-site requests: only this Worker's own page may use it
  // (stops other sites from spending a token held by the server).
  const origin = request.headers.get('origin');
  if (origin && origin !== url.origin) return `cross-origin request from ${origin} refused`;
  if (request.headers.get('sec-fetch-site') === 'cross-site') return 'cross-site request refused';
  return null;
}

/** Forward one AOP request to `env.UPSTREAM`, adding the server-held token when configured. */
export async function proxy(request, env) {
  const url = new URL(request.url);
  const reason = refusal(request, url);
  if (reason) return envelope(403, PROXY_REFUSED, reason);

  const upstream = (env.UPSTREAM || DEFAULT_UPSTREAM).replace(/\/+$/, '');
  const target = upstream + url.pathname.slice('/client/v4'.length) + url.search;
  const headers = new Headers({ accept: 'application/json' });
  const auth = request.headers.get('authorization') || (env.CF_API_TOKEN ? `Bearer ${env.CF_API_TOKEN}` : null);
  if (auth) headers.set('authorization', auth);
  const type = request.headers.get('content-type');
  if (type) headers.set('content-type', type);
  const hasBody = request.method === 'POST' || request.method === 'PUT' || request.method === 'DELETE';
  const body = hasBody ? await request.arrayBuffer() : undefined;

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
 * What the page needs to know: whether it must send a token itself, and where the proxy
 * forwards. `npm start` also sets UPSTREAM_KIND=emulator and DEMO_TOKEN (the emulator's
 * public demo token, no secret): then `upstreamKind` and `demoToken` are added, and the page
 * fills the token in for a first try.
 */
export function config(env) {
  const out = { tokenHeldByServer: Boolean(env.CF_API_TOKEN), upstream: env.UPSTREAM || DEFAULT_UPSTREAM };
  if (env.UPSTREAM_KIND) out.upstreamKind = String(env.UPSTREAM_KIND);
  if (env.UPSTREAM_KIND === 'emulator' && env.DEMO_TOKEN) out.demoToken = String(env.DEMO_TOKEN);
  return out;
}
