// Who may use the Worker's API token. Whenever the Worker holds one (`CF_API_TOKEN`), every
// route that can spend it (the AOP proxy, /status, /automation/*) needs either a valid
// Cloudflare Access JWT (`Cf-Access-Jwt-Assertion`, checked with `jose` against the team's
// keys: ACCESS_TEAM_DOMAIN, ACCESS_AUD) or `Authorization: Bearer <ADMIN_SECRET>` (compared in
// constant time). With a token and neither configured, nothing is let through and the answer
// says why. Also here: the Host allow-list (a local `wrangler dev` is otherwise open to DNS
// rebinding) and reading request bodies with a limit enforced while they stream in.
import { createRemoteJWKSet, jwtVerify } from 'jose';

/** The header Cloudflare Access adds to every request it lets through. */
export const ACCESS_HEADER = 'cf-access-jwt-assertion';

/** What protects the token: `access` (both Access vars set), `adminSecret`, and problems. */
export function protection(env) {
  const access = Boolean(env.ACCESS_TEAM_DOMAIN && env.ACCESS_AUD);
  const adminSecret = typeof env.ADMIN_SECRET === 'string' && env.ADMIN_SECRET.length > 0;
  const problems = [];
  if (Boolean(env.ACCESS_TEAM_DOMAIN) !== Boolean(env.ACCESS_AUD)) {
    problems.push('Cloudflare Access needs both ACCESS_TEAM_DOMAIN and ACCESS_AUD; only one is set, so Access JWTs are not accepted');
  }
  if (adminSecret && env.ADMIN_SECRET.length < 16) {
    problems.push('ADMIN_SECRET is shorter than 16 characters, so it is not accepted; use a long random value (openssl rand -base64 32)');
  }
  return { access, adminSecret: adminSecret && env.ADMIN_SECRET.length >= 16, problems };
}

/** The Access team's issuer URL: `https://<team domain>`; an explicit `http://` only for a
 *  loopback host (the tests' local JWKS server). */
function teamIssuer(domain) {
  const raw = String(domain).trim().replace(/\/+$/, '');
  const url = new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `https://${raw}`);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new Error('ACCESS_TEAM_DOMAIN must be an https URL or a bare domain (team.cloudflareaccess.com)');
  }
  return url.origin;
}

/** One remote key set per team (jose caches the keys and refetches on an unknown `kid`). */
const keySets = new Map();
function keySet(issuer) {
  let set = keySets.get(issuer);
  if (!set) {
    set = createRemoteJWKSet(new URL(`${issuer}/cdn-cgi/access/certs`), { timeoutDuration: 5000, cooldownDuration: 30_000 });
    keySets.set(issuer, set);
  }
  return set;
}

const encoder = new TextEncoder();

/** `a === b` in time that does not depend on where they differ (both hashed first, so the
 *  lengths are equal; `crypto.subtle.timingSafeEqual` is the Workers runtime's). */
async function sameSecret(a, b) {
  const [x, y] = await Promise.all([a, b].map((s) => crypto.subtle.digest('SHA-256', encoder.encode(s))));
  if (typeof crypto.subtle.timingSafeEqual === 'function') return crypto.subtle.timingSafeEqual(x, y);
  // Elsewhere (not reached in workerd): a constant-time loop over the digests.
  const u = new Uint8Array(x);
  const v = new Uint8Array(y);
  let diff = 0;
  for (let i = 0; i < u.length; i++) diff |= u[i] ^ v[i];
  return diff === 0;
}

/** The bearer credential of `Authorization`, `''` for an empty header, null when absent. */
export function bearer(request) {
  const header = request.headers.get('authorization');
  if (header === null) return null;
  const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : '';
}

/**
 * Whether this request may use the Worker's token: `{ ok: true, via: 'access' | 'admin-secret',
 * subject? }`, or `{ ok: false, status, code, message }` (never forwarded anywhere).
 */
export async function authenticate(request, env) {
  const p = protection(env);
  if (!p.access && !p.adminSecret) {
    return {
      ok: false,
      status: 503,
      code: 'PROTECTION_NOT_CONFIGURED',
      message:
        'this Worker holds a Cloudflare API token but no protection is configured, so it serves no one: set ADMIN_SECRET (`wrangler secret put ADMIN_SECRET`) and send `Authorization: Bearer <ADMIN_SECRET>`, or put the Worker behind Cloudflare Access and set ACCESS_TEAM_DOMAIN and ACCESS_AUD' +
        (p.problems.length ? ` (${p.problems.join('; ')})` : ''),
    };
  }
  const secret = bearer(request);
  if (p.adminSecret && secret && (await sameSecret(secret, env.ADMIN_SECRET))) return { ok: true, via: 'admin-secret' };
  const jwt = request.headers.get(ACCESS_HEADER);
  if (p.access && jwt) {
    try {
      const issuer = teamIssuer(env.ACCESS_TEAM_DOMAIN);
      const { payload } = await jwtVerify(jwt, keySet(issuer), { issuer, audience: String(env.ACCESS_AUD), algorithms: ['RS256', 'ES256', 'PS256'] });
      return { ok: true, via: 'access', subject: typeof payload.email === 'string' ? payload.email : payload.sub };
    } catch (e) {
      return { ok: false, status: 401, code: 'ACCESS_JWT_INVALID', message: `the Cloudflare Access JWT was not accepted (${e.code ?? e.name}: ${e.message})` };
    }
  }
  const how = [p.adminSecret && '`Authorization: Bearer <ADMIN_SECRET>`', p.access && 'a Cloudflare Access login (Cf-Access-Jwt-Assertion)'].filter(Boolean).join(' or ');
  return {
    ok: false,
    status: 401,
    code: secret === null || secret === '' ? 'UNAUTHENTICATED' : 'ADMIN_SECRET_WRONG',
    message: `${secret ? 'the admin secret is wrong' : 'no credentials'}: this Worker holds a Cloudflare API token and uses it only for requests with ${how}`,
  };
}

// ---- Host allow-list -----------------------------------------------------------------------

function isLoopback(hostname) {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

/**
 * Whether the Host the request names is one this Worker serves: loopback names, `*.workers.dev`,
 * and the hostnames in ALLOWED_HOSTS (comma-separated; `*.example.com` for a whole subdomain).
 * The same-origin check compares Origin with the Host, so an attacker's domain re-pointed at
 * 127.0.0.1 (DNS rebinding) would otherwise pass it against a local `wrangler dev`. Returns a
 * reason when refused, null when allowed.
 */
export function hostRefusal(url, env) {
  const host = url.hostname.toLowerCase();
  if (isLoopback(host)) return null;
  const listed = String(env.ALLOWED_HOSTS ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase().replace(/:\d+$/, ''))
    .filter(Boolean);
  const match = (pattern) => (pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern);
  if (listed.some(match)) return null;
  if (!listed.length && host.endsWith('.workers.dev')) return null;
  return `requests for host ${host} are refused: this Worker answers only for loopback names${listed.length ? '' : ', *.workers.dev'} and the hostnames in ALLOWED_HOSTS (set it to the custom domains the Worker is deployed on)`;
}

// ---- bodies --------------------------------------------------------------------------------

/** A request body over its route's limit (HTTP 413). */
export class BodyTooLarge extends Error {
  constructor(limit) {
    super(`the request body is larger than this route's ${limit}-byte limit`);
    this.code = 'INPUT_TOO_LARGE';
    this.limit = limit;
  }
}

/**
 * The request body as bytes, at most `limit` of them: a declared Content-Length above it is
 * refused before anything is read, and an undeclared (chunked) body as soon as the bytes
 * received pass it; the rest is never read.
 */
export async function readBody(request, limit) {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      reader.releaseLock();
      throw new BodyTooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
