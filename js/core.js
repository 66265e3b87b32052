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
