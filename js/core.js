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
  return JSON.parse(glue.inspectCertificatesJson(input));
}

/** JSON text of a user-supplied argument, or an INVALID_ARGUMENT error (BigInt, cycles). */
function argJson(value, what) {
  try {
    return JSON.stringify(value ?? {});
  } catch {
    const err = new Error(`invalid argument: ${what} must be a JSON-serialisable object`);
    err.code = 'INVALID_ARGUMENT';
    throw err;
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
