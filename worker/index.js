// The project's Worker: serves the admin page (www/ + the package, assembled in dist/site)
// and the API reference at /docs/ (TypeDoc, `npm run docs`), answers POST /inspect and POST /validate with the core's JSON, and proxies the AOP API (proxy.js). Runs locally in workerd under
// `npm start`, and deployed on Cloudflare as is.
import { inspect as inspectInput, validateUpload } from 'originpull';
import { proxy, config } from './proxy.js';
import { hostRefusal, readBody, BodyTooLarge } from './auth.js';
import { json, failure } from './respond.js';
import { automation } from './automation/routes.js';
export { ZoneRotation } from './automation/zone.js';
import { scheduled, queue } from './automation/run.js';

/**
 * Work one request may ask of the Worker, below what the library allows locally (a PBKDF2
 * count of 10,000,000 per key, 256 MiB of scrypt): about half a second of key derivation in
 * all (a unit is one PBKDF2 iteration, or 128 bytes of scrypt mixing), 32 MiB for one scrypt
 * derivation (the wasm instance's memory never shrinks, and an isolate has 128 MB), and 64
 * signature checks (an RSA-16384 check takes about 27 ms). Refused with WORK_LIMIT_EXCEEDED
 * (HTTP 422) before the work starts.
 */
export const WORKER_LIMITS = Object.freeze({ kdfWork: 1_000_000, kdfMemory: 32 * 1024 * 1024, signatures: 64 });

/** HTTP status of a coded error from the core. */
const statusOf = (code) => (code === 'INPUT_TOO_LARGE' ? 413 : code === 'WORK_LIMIT_EXCEEDED' ? 422 : 400);

/** Body limits: /inspect takes one input (the core's 1 MiB), /validate three of them in JSON. */
const MAX_INSPECT_BODY = 1024 * 1024;
const MAX_VALIDATE_BODY = 3 * 1024 * 1024 + 64 * 1024;

/** Security headers for every response: no inline script, no third-party anything. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** The API reference's pages set styles at run time (TypeDoc's member filters): inline
 *  styles are allowed there, inline scripts still not (scripts/docs.mjs moves them out). */
const DOCS_CSP = SECURITY_HEADERS['content-security-policy'].replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

function withSecurityHeaders(response, pathname) {
  const r = new Response(response.body, response);
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) r.headers.set(k, v);
  if (pathname.startsWith('/docs/')) r.headers.set('content-security-policy', DOCS_CSP);
  return r;
}

/** The body within `limit`, or a 413 answer. */
async function body(request, limit) {
  try {
    return { bytes: await readBody(request, limit) };
  } catch (e) {
    if (e instanceof BodyTooLarge) return { refused: failure(413, e.code, e.message) };
    throw e;
  }
}

/**
 * POST /validate: body is validateUpload's input as JSON plus `now` / `expiryWarningDays`;
 * answers the report without its payload (the decrypted key never goes back over the wire).
 * The admin page validates locally and never sends keys here; this is for automation.
 */
async function validate(request) {
  const read = await body(request, MAX_VALIDATE_BODY);
  if (read.refused) return read.refused;
  let input;
  try {
    input = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(read.bytes));
  } catch {
    return json({ error: { code: 'INVALID_ARGUMENT', message: 'the body must be JSON' } }, 400);
  }
  try {
    const { now, expiryWarningDays, ...fields } = input ?? {};
    const report = validateUpload(fields, { now, expiryWarningDays, limits: WORKER_LIMITS });
    return json({ ...report, payload: null, payloadReady: report.payload !== null });
  } catch (e) {
    return json({ error: { code: e.code ?? 'INTERNAL', message: e.message, ...(e.limit ? { limit: e.limit, needed: e.needed, allowed: e.allowed } : {}) } }, statusOf(e.code));
  }
}

/** POST /inspect: body is PEM text or DER bytes; answers the certificates or a coded error. */
async function inspect(request) {
  const type = request.headers.get('content-type') ?? '';
  const read = await body(request, MAX_INSPECT_BODY);
  if (read.refused) return read.refused;
  const input = type.includes('octet-stream') ? read.bytes : new TextDecoder().decode(read.bytes);
  try {
    return json(inspectInput(input, { passphrase: request.headers.get('x-passphrase') ?? undefined, limits: WORKER_LIMITS }));
  } catch (e) {
    return json({ error: { code: e.code ?? 'INTERNAL', message: e.message, ...(e.limit ? { limit: e.limit, needed: e.needed, allowed: e.allowed } : {}) } }, statusOf(e.code));
  }
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    let response;
    if (url.pathname.startsWith('/client/v4/')) {
      response = await proxy(request, env);
    } else if (url.pathname === '/status' || url.pathname.startsWith('/automation/')) {
      response = await automation(request, env, url, ctx);
    } else if (url.pathname === '/config') {
      const refused = hostRefusal(url, env);
      response = refused ? failure(403, 'HOST_NOT_ALLOWED', refused) : json(config(env));
    } else if (url.pathname === '/validate') {
      response =
        request.method === 'POST'
          ? await validate(request)
          : json({ error: { code: 'METHOD_NOT_ALLOWED', message: 'use POST' } }, 405);
    } else if (url.pathname === '/inspect') {
      response =
        request.method === 'POST'
          ? await inspect(request)
          : json({ error: { code: 'METHOD_NOT_ALLOWED', message: 'use POST' } }, 405);
    } else {
      response = await env.ASSETS.fetch(request);
    }
    return withSecurityHeaders(response, url.pathname);
  },
  scheduled,
  queue,
};
