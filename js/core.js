// The public API, shared by every runtime entry (node.js, browser.js, workerd.js). Each entry
// initialises the wasm module once, then re-exports this file. Results cross the wasm
// boundary as JSON text and are parsed here; errors arrive as JS Errors with a `code`.
import * as glue from '../pkg/originpull.js';

/**
 * Every certificate in `input` (PEM text, PEM bytes or DER bytes), in input order.
 * @param {string | Uint8Array} input
 * @returns {import('./index').CertificateInfo[]}
 */
export function inspectCertificates(input) {
  const text = withInput(input, (arg, isText) => glue.inspectCertificatesJson(arg, isText));
  return withPems(text, (certs) => certs, input);
}

/**
 * Everything in `input`: certificates, private keys (facts only, never key material) and the
 * blocks that were ignored (EC PARAMETERS, CSRs, ...).
 * @param {string | Uint8Array} input
 * @param {{ passphrase?: string }} [options]
 * @returns {import('./index').Inspection}
 */
export function inspect(input, options = {}) {
  const passphrase = options?.passphrase;
  if (passphrase != null && typeof passphrase !== 'string') throw invalid('passphrase must be a string');
  const text = withInput(input, (arg, isText) => glue.inspectJson(arg, isText, passphrase ?? undefined));
  return withPems(text, (inspection) => inspection.certificates, input);
}

const utf8 = new TextEncoder();

/**
 * Call `f` with `input` as the wasm side takes it: a string as its UTF-8 bytes (TextEncoder
 * and one native copy into wasm memory, several times faster for a large bundle than the
 * glue's character-by-character copy), wiped once the call returns; anything else as it is.
 */
function withInput(input, f) {
  if (typeof input !== 'string') return f(input, false);
  const bytes = utf8.encode(input);
  try {
    return f(bytes, true);
  } finally {
    bytes.fill(0);
  }
}

const PEM_END = '-----END CERTIFICATE-----\n';

/**
 * Parse what the inspection exports return: JSON with empty `pem` fields; a JSON array with,
 * for each certificate, the `[start, end]` of its PEM in `input` (all but the final line
 * break) or null; then the other certificates' PEM in order. PEM text is sliced out of
 * strings rather than escaped into and parsed out of JSON.
 */
function withPems(text, certificatesOf, input) {
  const nl = text.indexOf('\n');
  const nl2 = text.indexOf('\n', nl + 1);
  const value = JSON.parse(text.slice(0, nl));
  const spans = JSON.parse(text.slice(nl + 1, nl2));
  let at = nl2 + 1;
  certificatesOf(value).forEach((cert, i) => {
    const span = spans[i];
    if (span) {
      cert.pem = `${input.slice(span[0], span[1])}\n`;
    } else {
      const end = text.indexOf(PEM_END, at) + PEM_END.length;
      cert.pem = text.slice(at, end);
      at = end;
    }
  });
  return value;
}

/** An Error with code INVALID_ARGUMENT, as the wasm side throws them. */
function invalid(message) {
  const err = new Error(`invalid argument: ${message}`);
  err.code = 'INVALID_ARGUMENT';
  return err;
}

/** `now` as epoch milliseconds: an ISO string, epoch milliseconds or a Date; default: now. */
export function toEpochMs(now) {
  if (now == null) return Date.now();
  const ms = now instanceof Date ? now.getTime() : typeof now === 'number' ? now : typeof now === 'string' ? Date.parse(now) : NaN;
  if (!Number.isFinite(ms)) throw invalid('now must be an ISO 8601 string, epoch milliseconds or a valid Date');
  return ms;
}

/**
 * Check an upload before it leaves the machine: every finding Cloudflare or the origin would
 * raise, with a fix for each, and the exact upload body when nothing is wrong.
 * @param {import('./index').UploadInput} input
 * @param {import('./index').ValidateOptions} [options]
 * @returns {import('./index').Report}
 */
export function validateUpload(input, options = {}) {
  if (input == null || typeof input !== 'object') throw invalid('validateUpload takes an object { certificate, privateKey, ... }');
  const { certificate, privateKey, passphrase, caCertificates, scope } = input;
  for (const [name, v] of [['passphrase', passphrase], ['caCertificates', caCertificates], ['scope', scope]]) {
    if (v != null && typeof v !== 'string') throw invalid(`${name} must be a string`);
  }
  const days = options?.expiryWarningDays ?? 30;
  if (!Number.isInteger(days) || days < 0) throw invalid('expiryWarningDays must be a whole number of days >= 0');
  return JSON.parse(
    glue.validateUploadJson(certificate, privateKey, passphrase ?? undefined, caCertificates ?? undefined, scope ?? undefined, toEpochMs(options?.now), days),
  );
}

/** JSON text of a user-supplied argument, or an INVALID_ARGUMENT error (BigInt, cycles). */
function argJson(value, what) {
  try {
    return JSON.stringify(value ?? {});
  } catch {
    throw invalid(`${what} must be a JSON-serialisable object`);
  }
}

/**
 * One Cloudflare AOP API request as data, ready for `fetch(url, { method, headers, body })`.
 * Ids and hostnames are checked (INVALID_ARGUMENT) before anything is built; the token is in
 * `headers.authorization` only when `options.token` is given.
 * @param {import('./index').OperationId} operationId
 * @param {object} [params]
 * @param {import('./index').BuildRequestOptions} [options]
 * @returns {import('./index').BuiltRequest}
 */
export function buildRequest(operationId, params = {}, options = {}) {
  return JSON.parse(glue.buildRequestJson(operationId, argJson(params, 'params'), argJson(options, 'options')));
}

/**
 * Read a Cloudflare API response: `{ result, result_info, messages }` on success; throws a
 * `CF_API_ERROR` (with `status`, `errors`, `messages`, `rayId`, `hint`) otherwise.
 * @param {number} status
 * @param {string | null | undefined} rayId the `cf-ray` response header
 * @param {string} body
 * @returns {import('./index').ParsedResponse}
 */
export function parseResponse(status, rayId, body) {
  return JSON.parse(glue.parseResponseJson(status, rayId == null ? undefined : String(rayId), String(body ?? '')));
}

// ---- Cloudflare API client ------------------------------------------------------------------

const OPS = {
  listZoneCertificates: 'zone-level-authenticated-origin-pulls-list-certificates',
  uploadZoneCertificate: 'zone-level-authenticated-origin-pulls-upload-certificate',
  getZoneCertificate: 'zone-level-authenticated-origin-pulls-get-certificate-details',
  deleteZoneCertificate: 'zone-level-authenticated-origin-pulls-delete-certificate',
  getZoneSetting: 'zone-level-authenticated-origin-pulls-get-enablement-setting-for-zone',
  setZoneSetting: 'zone-level-authenticated-origin-pulls-set-enablement-for-zone',
  listHostnameCertificates: 'per-hostname-authenticated-origin-pull-list-certificates',
  uploadHostnameCertificate: 'per-hostname-authenticated-origin-pull-upload-a-hostname-client-certificate',
  getHostnameCertificate: 'per-hostname-authenticated-origin-pull-get-the-hostname-client-certificate',
  deleteHostnameCertificate: 'per-hostname-authenticated-origin-pull-delete-hostname-client-certificate',
  setHostnames: 'per-hostname-authenticated-origin-pull-enable-or-disable-a-hostname-for-client-authentication',
  getHostname: 'per-hostname-authenticated-origin-pull-get-the-hostname-status-for-client-authentication',
  listHostnames: 'per-hostname-authenticated-origin-pull-list-hostname-associations',
};

/** Each Client's wasm side, for `rotate` (module-private; the Client keeps no token in JS). */
const wasmClients = new WeakMap();

/**
 * The Cloudflare AOP API client: the 13 operations, each a Promise of the `result` exactly as
 * Cloudflare sends it (snake_case, unknown fields kept). Retries (429, 5xx, network errors,
 * time-outs) and the at-most-once upload run in the wasm core; the token is held there and
 * never kept in a JS property, an error or a result.
 */
export class Client {
  #wasm;

  /** @param {import('./index').ClientOptions} [options] */
  constructor(options = {}) {
    if (options === null || typeof options !== 'object') throw invalid('options must be an object');
    const { fetch, ...rest } = options;
    this.#wasm = new glue.WasmClient(argJson(rest, 'options'), fetch);
    wasmClients.set(this, this.#wasm);
  }

  async #call(operation, params) {
    return JSON.parse(await this.#wasm.call(OPS[operation], argJson(params, 'params')));
  }

  listZoneCertificates(zoneId) {
    return this.#call('listZoneCertificates', { zone_id: zoneId });
  }
  uploadZoneCertificate(zoneId, body) {
    return this.#call('uploadZoneCertificate', { zone_id: zoneId, body });
  }
  getZoneCertificate(zoneId, certId) {
    return this.#call('getZoneCertificate', { zone_id: zoneId, certificate_id: certId });
  }
  deleteZoneCertificate(zoneId, certId) {
    return this.#call('deleteZoneCertificate', { zone_id: zoneId, certificate_id: certId });
  }
  getZoneSetting(zoneId) {
    return this.#call('getZoneSetting', { zone_id: zoneId });
  }
  async setZoneSetting(zoneId, enabled) {
    if (typeof enabled !== 'boolean') throw invalid('enabled must be true or false');
    return this.#call('setZoneSetting', { zone_id: zoneId, body: { enabled } });
  }
  listHostnameCertificates(zoneId) {
    return this.#call('listHostnameCertificates', { zone_id: zoneId });
  }
  uploadHostnameCertificate(zoneId, body) {
    return this.#call('uploadHostnameCertificate', { zone_id: zoneId, body });
  }
  getHostnameCertificate(zoneId, certId) {
    return this.#call('getHostnameCertificate', { zone_id: zoneId, certificate_id: certId });
  }
  deleteHostnameCertificate(zoneId, certId) {
    return this.#call('deleteHostnameCertificate', { zone_id: zoneId, certificate_id: certId });
  }
  async setHostnames(zoneId, config) {
    if (!Array.isArray(config)) throw invalid('config must be an array of {hostname, cert_id, enabled}');
    return this.#call('setHostnames', { zone_id: zoneId, body: { config } });
  }
  getHostname(zoneId, hostname) {
    return this.#call('getHostname', { zone_id: zoneId, hostname });
  }
  async listHostnames(zoneId, options = {}) {
    if (options === null || typeof options !== 'object') throw invalid('options must be an object {page?, perPage?, status?}');
    const { page, perPage, status, ...unknown } = options;
    const extra = Object.keys(unknown)[0];
    if (extra !== undefined) throw invalid(`unknown option ${extra}; listHostnames takes page, perPage and status`);
    return this.#call('listHostnames', { zone_id: zoneId, page, per_page: perPage, status });
  }
}

// ---- Rotation -------------------------------------------------------------------------------

/** Split rotation options into what the core reads as JSON and what crosses separately. */
function rotationParts(options) {
  if (options === null || typeof options !== 'object') throw invalid('options must be an object');
  const { certificate, privateKey, passphrase, caCertificates, now, onProgress, state, signal, ...core } = options;
  for (const [name, v] of [['passphrase', passphrase], ['caCertificates', caCertificates]]) {
    if (v != null && typeof v !== 'string') throw invalid(`options.${name} must be a string`);
  }
  if (onProgress != null && typeof onProgress !== 'function') throw invalid('options.onProgress must be a function');
  if (signal != null && (typeof signal !== 'object' || typeof signal.aborted !== 'boolean')) throw invalid('options.signal must be an AbortSignal');
  return { core, certificate, privateKey, passphrase: passphrase ?? undefined, caCertificates: caCertificates ?? undefined, nowMs: toEpochMs(now), onProgress, state, signal: signal ?? undefined };
}

/**
 * Dry run of a rotation: every request a successful run sends, in order, with the private key
 * `[REDACTED]` and a description. Nothing is sent. The certificate and key are validated first.
 * @param {import('./index').PlanRotationOptions} options
 * @returns {import('./index').RotationStep[]}
 */
export function planRotation(options) {
  const p = rotationParts(options);
  return JSON.parse(glue.planRotationJson(argJson(p.core, 'options'), p.certificate, p.privateKey, p.passphrase, p.caCertificates, p.nowMs));
}

/**
 * Replace a certificate without downtime (AOP-API.md section 9), driven by the wasm core over
 * the client's transport. Resolves with the result also when the rotation failed or rolled
 * back (`ok: false`, `outcome`, `error`, `advice`); rejects only when it cannot start
 * (`INVALID_ARGUMENT`, `VALIDATION_FAILED`). Every progress event carries the state to save;
 * pass it back as `options.state` to resume. `options.signal` (an AbortSignal) stops it
 * between two requests without rolling back (`error.code` ABORTED, resumable).
 * @param {Client} client
 * @param {import('./index').RotateOptions} options
 * @returns {Promise<import('./index').RotationResult>}
 */
export async function rotate(client, options) {
  const wasm = wasmClients.get(client);
  if (!wasm) throw invalid('rotate takes a Client (new Client({ token })) as its first argument');
  const p = rotationParts(options);
  let state;
  if (p.state != null) state = typeof p.state === 'string' ? p.state : argJson(p.state, 'options.state');
  const onEvent = p.onProgress
    ? (json) => {
        try {
          p.onProgress(JSON.parse(json));
        } catch {
          // A failing progress callback does not stop the rotation.
        }
      }
    : undefined;
  return JSON.parse(
    await wasm.rotate(argJson(p.core, 'options'), p.certificate, p.privateKey, p.passphrase, p.caCertificates, state, p.nowMs, onEvent, p.signal),
  );
}
