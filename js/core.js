// The public API, shared by every runtime entry (node.js, browser.js, workerd.js). Each entry
// initialises the core wasm module once, registers how its runtime loads the minting module
// (mint-loader.js: loaded on the first minting call), then re-exports this file. Results
// cross the wasm boundary as plain JS values (serde-wasm-bindgen); errors arrive as JS Errors
// with a `code` and leave as OriginpullErrors. Every call into a module goes through `wasm()`:
// a trap turns into an INTERNAL error and that module (only that one) is started again.
import * as glue from '../pkg/originpull.js';
import { mintModule } from './mint-loader.js';

/**
 * Every error originpull throws or rejects with: an `Error` with a stable string `code` and
 * the evidence of that code as properties (CF_API_ERROR: `status`, `errors`, `messages`,
 * `rayId`, `hint`; VALIDATION_FAILED: `codes`; NETWORK_ERROR and INTERNAL: `cause`).
 */
export class OriginpullError extends Error {
  /**
   * @param {import('./index').ErrorCode} code
   * @param {string} message
   * @param {{ cause?: unknown } & Record<string, unknown>} [fields] the code's fields
   */
  constructor(code, message, fields = {}) {
    const { cause, ...rest } = fields ?? {};
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    Object.assign(this, rest);
  }
}
Object.defineProperty(OriginpullError.prototype, 'name', { value: 'OriginpullError', writable: true, configurable: true });

/**
 * Whether `e` is an error originpull threw (an OriginpullError from any copy of the package:
 * the check is by brand, not by `instanceof`, so two bundled copies still agree).
 * @param {unknown} e
 * @returns {boolean}
 */
export function isOriginpullError(e) {
  return e instanceof OriginpullError || (e instanceof Error && e.name === 'OriginpullError' && typeof e.code === 'string');
}

/**
 * A coded Error made on the Rust side (src/wasm/mod.rs: a plain Error with `code` and the
 * code's fields as own properties) as an OriginpullError; anything else is returned as it is.
 */
function coded(e) {
  if (e instanceof OriginpullError || !(e instanceof Error) || typeof e.code !== 'string') return e;
  const { code, ...fields } = e; // own enumerable properties: the code's fields, `cause` too
  return new OriginpullError(code, e.message, fields);
}

/** `promise` (from the wasm module) with its rejection as an OriginpullError. */
function codedAsync(promise) {
  return promise.then(undefined, (e) => {
    throw coded(e);
  });
}

/**
 * A wasm module as `wasm()` restarts it: its glue, its name in errors, and how many times it
 * was started again after a trap (an object made in it before then, a Client or a minting
 * job, belongs to the old instance).
 */
function wasmModule(name, moduleGlue) {
  return {
    glue: moduleGlue,
    name,
    restarts: 0,
    reset() {
      moduleGlue.__wbg_reset_state();
      this.restarts += 1;
    },
  };
}

/** The core module. */
const CORE = wasmModule('the wasm module', glue);

/**
 * Run `f`, a call into a wasm module (`module`: the core by default, or the minting module,
 * see `minting()`). A trap (`WebAssembly.RuntimeError`: a Rust panic, which aborts, an
 * out-of-memory, a stack overflow) leaves the instance unusable, so a fresh one is
 * instantiated from the same compiled module (wasm-bindgen's
 * `--experimental-reset-state-function`: new memory, the start function runs again) and the
 * caller gets an `Error` with code `INTERNAL`, the trap as its `cause`. Each module has its own
 * glue and memory: a trap in minting restarts the minting module only. Coded errors pass.
 * Only synchronous calls are covered: a trap inside a Client's or a rotation's asynchronous
 * work (run by wasm-bindgen-futures from a microtask) is not thrown to any caller; it surfaces
 * as an uncaught error, that promise never settles, and the module restarts at the next trap.
 */
function wasm(f, module = CORE) {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof WebAssembly.RuntimeError)) throw coded(e);
    let restarted = '';
    try {
      module.reset();
      restarted = 'it was started again: later calls work';
    } catch (again) {
      restarted = `starting it again failed too (${again?.message ?? again})`;
    }
    throw new OriginpullError('INTERNAL', `internal error: ${module.name} trapped (${e.name}: ${e.message}); ${restarted}`, { cause: e });
  }
}

/**
 * Every certificate in `input` (PEM text, PEM bytes or DER bytes), in input order.
 * @param {string | Uint8Array} input
 * @returns {import('./index').CertificateInfo[]}
 */
export function inspectCertificates(input) {
  return withInput(input, (arg, isText) => glue.inspectCertificates(arg, isText));
}

/**
 * Everything in `input`: certificates, private keys (facts only, never key material) and the
 * blocks that were ignored (EC PARAMETERS, CSRs, ...).
 * @param {string | Uint8Array} input
 * @param {{ passphrase?: string, limits?: import('./index').WorkLimits }} [options]
 * @returns {import('./index').Inspection}
 */
export function inspect(input, options = {}) {
  const passphrase = options?.passphrase;
  if (passphrase != null && typeof passphrase !== 'string') throw invalid('passphrase must be a string');
  const l = workLimits(options?.limits);
  return withInput(input, (arg, isText) => glue.inspect(arg, isText, passphrase ?? undefined, l.kdfWork, l.kdfMemory, l.signatures));
}

/**
 * `options.limits` checked: `{ kdfWork?, kdfMemory?, signatures? }`, whole numbers >= 0 (a
 * server's per-request caps, below the library's own; see the README's "Work limits").
 */
function workLimits(limits) {
  if (limits == null) return {};
  if (typeof limits !== 'object') throw invalid('limits must be an object { kdfWork?, kdfMemory?, signatures? }');
  const out = {};
  for (const [k, v] of Object.entries(limits)) {
    if (!['kdfWork', 'kdfMemory', 'signatures'].includes(k)) throw invalid(`unknown limit ${k}; the limits are kdfWork, kdfMemory and signatures`);
    if (v == null) continue;
    if (!Number.isSafeInteger(v) || v < 0) throw invalid(`limits.${k} must be a whole number >= 0`);
    out[k] = v;
  }
  return out;
}

const utf8 = new TextEncoder();

/**
 * Call `f` (in the wasm module) with `input` as the wasm side takes it: a string as its
 * UTF-8 bytes (TextEncoder and one native copy into wasm memory, several times faster for a
 * large bundle than the glue's character-by-character copy), wiped once the call returns;
 * anything else as it is.
 */
function withInput(input, f) {
  if (typeof input !== 'string') return wasm(() => f(input, false));
  const bytes = utf8.encode(input);
  try {
    return wasm(() => f(bytes, true));
  } finally {
    bytes.fill(0);
  }
}

/** An OriginpullError with code INVALID_ARGUMENT, as the wasm side throws them. */
function invalid(message) {
  return new OriginpullError('INVALID_ARGUMENT', `invalid argument: ${message}`);
}

/** `now` as epoch milliseconds: an ISO string, epoch milliseconds or a Date; default: now. */
function toEpochMs(now) {
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
  const now = toEpochMs(options?.now);
  const l = workLimits(options?.limits);
  return wasm(() => glue.validateUpload(certificate, privateKey, passphrase ?? undefined, caCertificates ?? undefined, scope ?? undefined, now, days, l.kdfWork, l.kdfMemory, l.signatures));
}

/**
 * A user-supplied JSON-shaped argument (API params, bodies, options, a saved rotation state) as
 * the wasm side reads it (serde-wasm-bindgen; see src/wasm/api.rs): a copy meaning what its JSON
 * means. `toJSON` is used (a Date is its ISO text); an `undefined`, function or symbol member is
 * absent (null in an array), never null (`enabled: null` voids a hostname); a non-finite number
 * is null; a BigInt, a cycle or nesting deeper than 128 is INVALID_ARGUMENT. Strings are shared,
 * not copied; the copy lives only for its call.
 */
function jsonLike(value, what) {
  const copy = (v, key, depth) => {
    if (v != null && (typeof v === 'object' || typeof v === 'function' || typeof v === 'bigint') && typeof v.toJSON === 'function') v = v.toJSON(key);
    if (v instanceof Number || v instanceof String || v instanceof Boolean) v = v.valueOf();
    if (typeof v === 'bigint' || (depth >= 128 && v !== null && typeof v === 'object')) throw invalid(`${what} must be a JSON-serialisable object`);
    if (typeof v === 'number') return Number.isFinite(v) ? v : null;
    if (typeof v === 'function' || typeof v === 'symbol') return undefined;
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      const out = [];
      for (let i = 0; i < v.length; i++) out.push(copy(v[i], String(i), depth + 1) ?? null);
      return out;
    }
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      const c = copy(x, k, depth + 1);
      if (c !== undefined) out[k] = c;
    }
    return out;
  };
  return copy(value ?? {}, '', 0);
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
  const p = jsonLike(params, 'params');
  const o = jsonLike(options, 'options');
  return wasm(() => glue.buildRequest(operationId, p, o));
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
  const ray = rayId == null ? undefined : String(rayId);
  const text = String(body ?? '');
  return wasm(() => glue.parseResponse(status, ray, text));
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

/**
 * Each Client's wasm side and the module start it lives in, for `rotate` (module-private;
 * the Client keeps no token in JS).
 */
const wasmClients = new WeakMap();

/** The Client's wasm side; INTERNAL once the module it lives in was started again. */
function wasmClient(client) {
  const side = wasmClients.get(client);
  if (side && side.restarts !== CORE.restarts) {
    throw new OriginpullError('INTERNAL', 'internal error: the wasm module was started again after a trap, and this Client (its token) went with the old instance; create a new Client');
  }
  return side?.wasm;
}

/**
 * The Cloudflare AOP API client: the 13 operations, each a Promise of the `result` exactly as
 * Cloudflare sends it (snake_case, unknown fields kept). Retries (429, 5xx, network errors,
 * time-outs) and the at-most-once upload run in the wasm core; the token is held there and
 * never kept in a JS property, an error or a result.
 */
export class Client {
  /** @param {import('./index').ClientOptions} [options] */
  constructor(options = {}) {
    if (options === null || typeof options !== 'object') throw invalid('options must be an object');
    const { fetch, ...rest } = options;
    const o = jsonLike(rest, 'options');
    // Without a fetch option the wasm side sends with gloo-net over the global fetch; either
    // way a NETWORK_ERROR carries what fetch rejected with as its `cause`.
    wasmClients.set(this, { wasm: wasm(() => new glue.WasmClient(o, fetch)), restarts: CORE.restarts });
  }

  async #call(operation, params) {
    const side = wasmClient(this);
    const p = jsonLike(params, 'params');
    return codedAsync(wasm(() => side.call(OPS[operation], p)));
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

/** Split rotation options into the core's options (JSON-shaped) and what crosses separately. */
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
  const core = jsonLike(p.core, 'options');
  return wasm(() => glue.planRotation(core, p.certificate, p.privateKey, p.passphrase, p.caCertificates, p.nowMs));
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
  const side = wasmClient(client);
  if (!side) throw invalid('rotate takes a Client (new Client({ token })) as its first argument');
  const p = rotationParts(options);
  // A saved state: its JSON text as it is, or the object.
  const state = p.state == null || typeof p.state === 'string' ? p.state ?? undefined : jsonLike(p.state, 'options.state');
  const onEvent = p.onProgress
    ? (event) => {
        try {
          p.onProgress(event);
        } catch {
          // A failing progress callback does not stop the rotation.
        }
      }
    : undefined;
  const core = jsonLike(p.core, 'options');
  return codedAsync(wasm(() => side.rotate(core, p.certificate, p.privateKey, p.passphrase, p.caCertificates, state, p.nowMs, onEvent, p.signal)));
}

// ---- Minting --------------------------------------------------------------------------------

/** A string option, or `undefined` when absent; INVALID_ARGUMENT for anything else. */
function optionalString(value, what) {
  if (value == null) return undefined;
  if (typeof value !== 'string') throw invalid(`${what} must be a string`);
  return value;
}

/** The options object of a minting function; INVALID_ARGUMENT when it is not one. */
function mintOptions(options, fn) {
  if (options === null || typeof options !== 'object') throw invalid(`${fn} takes an options object { commonName, ... }`);
  if (typeof options.commonName !== 'string') throw invalid('commonName must be a string');
  const days = options.validityDays;
  if (days != null && typeof days !== 'number') throw invalid('validityDays must be a whole number of days, at least 1');
  const dns = options.dnsNames ?? [];
  if (!Array.isArray(dns) || dns.some((d) => typeof d !== 'string')) throw invalid('dnsNames must be an array of hostnames (strings)');
  return { commonName: options.commonName, validityDays: days ?? undefined, keyType: optionalString(options.keyType, 'keyType'), dnsNames: dns };
}

/**
 * A new RSA key from WebCrypto (`crypto.subtle.generateKey`, RSASSA-PKCS1-v1_5, e = 65537)
 * as PKCS#8 bytes, for the wasm side to read (it wipes its copy; the caller wipes this one).
 * Measured several times faster than the `rsa` crate's generator in wasm (README "Minting").
 */
async function rsaPkcs8(bits) {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    throw new OriginpullError('KEYGEN_UNAVAILABLE', `RSA-${bits} keys are generated with WebCrypto (crypto.subtle), which this runtime does not offer (in a browser: only on https:// or localhost pages); use keyType 'P-256' or 'P-384'`);
  }
  const pair = await subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify']);
  return new Uint8Array(await subtle.exportKey('pkcs8', pair.privateKey));
}

/** The minting module, as `wasm()` restarts it, once loaded (see `minting()`). */
let MINT;

/**
 * The minting module (pkg/originpull_mint_bg.wasm), loaded on the first minting call by the
 * runtime entry's loader (mint-loader.js), then kept. A failed load is an INTERNAL error with
 * what failed as its `cause`; the next minting call tries again.
 */
async function minting() {
  if (MINT) return MINT;
  let mint;
  try {
    mint = await mintModule();
  } catch (e) {
    throw new OriginpullError('INTERNAL', `internal error: the minting module (pkg/originpull_mint_bg.wasm) could not be loaded (${e?.message ?? e})`, { cause: e });
  }
  MINT ??= wasmModule('the minting wasm module', mint);
  return MINT;
}

/**
 * The second step of every minting function: the key (WebCrypto's for RSA, else made in the
 * minting module), then the certificate or request. The job (holding a decrypted CA key) is freed,
 * and the exported key bytes wiped, whatever happens. `job` was made by `mint` when it had
 * been restarted `restarts` times: after a restart since, it lives in the old instance's
 * memory, gone with it, and is not freed (freeing its address in the new one would corrupt it).
 */
async function finishJob(mint, job, restarts = mint.restarts) {
  try {
    const bits = wasm(() => job.rsaBits, mint);
    const key = bits ? await rsaPkcs8(bits) : undefined;
    try {
      if (mint.restarts !== restarts) {
        throw new OriginpullError('INTERNAL', 'internal error: the minting wasm module was started again after a trap while this certificate was being made; try again');
      }
      return wasm(() => job.finish(key), mint);
    } finally {
      key?.fill(0);
    }
  } finally {
    if (mint.restarts === restarts) {
      try {
        job.free();
      } catch {
        // Nothing more to do: the job's memory goes with its instance.
      }
    }
  }
}

/**
 * A private CA for Authenticated Origin Pulls: a self-signed certificate (basicConstraints
 * CA:TRUE, pathlen 0; keyUsage keyCertSign, cRLSign) and its new key (unencrypted PKCS#8 PEM:
 * keep it offline). Every option is checked before the key is made.
 * @param {import('./index').CreateCAOptions} options
 * @returns {Promise<import('./index').MintedCA>}
 */
export async function createCA(options) {
  const o = mintOptions(options, 'createCA');
  const organization = optionalString(options.organization, 'organization');
  const now = toEpochMs(options.now);
  const mint = await minting();
  return finishJob(mint, wasm(() => mint.glue.prepareCA(o.commonName, organization, o.validityDays, o.keyType, now), mint));
}

/**
 * A client certificate issued by your CA (basicConstraints CA:FALSE; keyUsage
 * digitalSignature; extendedKeyUsage clientAuth; a random 16-byte serial) and its new key;
 * `chain` is the CA certificate(s) as given. It passes `validateUpload` against the CA with no
 * error or warning. The CA is read and checked first (a CA, its key, its passphrase, its expiry).
 * @param {import('./index').IssueClientCertificateOptions} options
 * @returns {Promise<import('./index').MintedClientCertificate>}
 */
export async function issueClientCertificate(options) {
  const o = mintOptions(options, 'issueClientCertificate');
  const ca = options.ca;
  if (ca === null || typeof ca !== 'object') throw invalid('ca must be an object { certificate, privateKey, passphrase? }');
  const passphrase = optionalString(ca.passphrase, 'ca.passphrase');
  const now = toEpochMs(options.now);
  const mint = await minting();
  const job = withCaInputs(mint, ca, (certificate, privateKey) =>
    mint.glue.prepareClient(certificate, privateKey, passphrase, o.commonName, o.validityDays, o.keyType, o.dnsNames, now),
  );
  return finishJob(mint, job);
}

/** `f(certificate, privateKey)`, a call into the minting module `mint`, with the CA's inputs as
 *  the wasm side takes them (a key given as a string crosses as its UTF-8 bytes, wiped once the
 *  call returns). */
function withCaInputs(mint, ca, f) {
  const asBytes = (v) => (typeof v === 'string' ? utf8.encode(v) : v);
  const key = asBytes(ca.privateKey);
  try {
    return wasm(() => f(ca.certificate, key), mint);
  } finally {
    if (key !== ca.privateKey && key instanceof Uint8Array) key.fill(0);
  }
}

/**
 * A certificate signing request (PKCS#10) for a new key, asking for clientAuth and the DNS
 * names, for a PKI of your own to sign.
 * @param {import('./index').CreateCertificateRequestOptions} options
 * @returns {Promise<import('./index').MintedRequest>}
 */
export async function createCertificateRequest(options) {
  const o = mintOptions(options, 'createCertificateRequest');
  const mint = await minting();
  return finishJob(mint, wasm(() => mint.glue.prepareRequest(o.commonName, o.keyType, o.dnsNames), mint));
}

// ---- The origin's side ----------------------------------------------------------------------

/**
 * The configuration that makes an origin server require and verify Cloudflare's client
 * certificate (nginx, apache, caddy, haproxy, envoy): the CA file, the directives and where
 * they go, Cloudflare's side, how to reload, and the test to run afterwards.
 * @param {import('./index').OriginConfigOptions} options
 * @returns {string}
 */
export function originConfig(options) {
  if (options === null || typeof options !== 'object') throw invalid('originConfig takes an object { server, caPath?, hostnames? }');
  const { server, caPath, hostnames } = options;
  if (typeof server !== 'string') throw invalid("server must be one of nginx, apache, caddy, haproxy, envoy");
  if (caPath != null && typeof caPath !== 'string') throw invalid('caPath must be a string');
  if (hostnames != null && (!Array.isArray(hostnames) || !hostnames.every((h) => typeof h === 'string'))) {
    throw invalid('hostnames must be an array of strings');
  }
  if (hostnames != null && hostnames.length > 100) throw invalid(`hostnames holds ${hostnames.length} names, more than 100`);
  return wasm(() => glue.originConfig(server, caPath ?? undefined, hostnames ?? []));
}

/**
 * Node only (the Node entry replaces this with js/probe.js): a browser or a Worker cannot
 * present a client certificate on a connection it opens, so elsewhere this rejects.
 * @param {import('./index').ProbeOptions} _options
 * @returns {Promise<import('./index').ProbeResult>}
 */
export async function probeOrigin(_options) {
  throw invalid('probeOrigin runs in Node only: a browser or a Worker cannot present a client certificate on a connection it opens; run `npx originpull probe` instead');
}
