// Parses an upload body's `certificate` and `private_key` with Node's own crypto (independent of
// originpull's Rust core) and returns either the certificate facts Cloudflare reports or a
// Cloudflare-style error. Key material is never copied into a result or an error.
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { apiError } from './errors.js';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

/** Every PEM block in `text`, as `{ label, pem }` (the block's full text). */
function pemBlocks(text) {
  const out = [];
  for (const m of text.matchAll(PEM_BLOCK)) out.push({ label: m[1], pem: m[0], body: m[2] });
  return out;
}

// Signature algorithms: dotted OID, the OID's content octets (hex), and the name Cloudflare
// reports as `signature` (schema example `SHA256WithRSA`).
const SIGNATURES = [
  ['1.2.840.113549.1.1.4', '2a864886f70d010104', 'MD5WithRSA'],
  ['1.2.840.113549.1.1.5', '2a864886f70d010105', 'SHA1WithRSA'],
  ['1.2.840.113549.1.1.14', '2a864886f70d01010e', 'SHA224WithRSA'],
  ['1.2.840.113549.1.1.11', '2a864886f70d01010b', 'SHA256WithRSA'],
  ['1.2.840.113549.1.1.12', '2a864886f70d01010c', 'SHA384WithRSA'],
  ['1.2.840.113549.1.1.13', '2a864886f70d01010d', 'SHA512WithRSA'],
  ['1.2.840.113549.1.1.10', '2a864886f70d01010a', 'SHA256WithRSAPSS'],
  ['1.2.840.10045.4.1', '2a8648ce3d0401', 'ECDSAWithSHA1'],
  ['1.2.840.10045.4.3.1', '2a8648ce3d040301', 'ECDSAWithSHA224'],
  ['1.2.840.10045.4.3.2', '2a8648ce3d040302', 'ECDSAWithSHA256'],
  ['1.2.840.10045.4.3.3', '2a8648ce3d040303', 'ECDSAWithSHA384'],
  ['1.2.840.10045.4.3.4', '2a8648ce3d040304', 'ECDSAWithSHA512'],
  ['1.3.101.112', '2b6570', 'Ed25519'],
  ['1.3.101.113', '2b6571', 'Ed448'],
].map(([oid, hex, name]) => {
  const content = Buffer.from(hex, 'hex');
  // The OBJECT IDENTIFIER as it appears in a certificate: tag 6, length, content.
  return { oid, name, encoded: Buffer.concat([Buffer.from([0x06, content.length]), content]) };
});

/**
 * The dotted OID of the algorithm that signed `x509` (a node:crypto X509Certificate), or null.
 * Node reads it where it can (`signatureAlgorithmOid`, Node 24.9+). Node 20's X509Certificate
 * does not expose it, so there it is the known signature algorithm whose OID comes first in
 * the DER: the TBSCertificate's `signature` field (RFC 5280 4.1.1.2: equal to the outer
 * signatureAlgorithm) precedes every other field that could hold an OID, with only the
 * version and serial number before it. A lookup of fixed encodings, not a DER parser.
 */
export function signatureOid(x509) {
  if (typeof x509.signatureAlgorithmOid === 'string') return x509.signatureAlgorithmOid;
  let first = null;
  for (const s of SIGNATURES) {
    const at = x509.raw.indexOf(s.encoded);
    if (at >= 0 && (first === null || at < first.at)) first = { at, oid: s.oid };
  }
  return first?.oid ?? null;
}

/** The name Cloudflare reports for the algorithm that signed `x509`: `SHA256WithRSA`, ... */
function signatureName(x509) {
  const oid = signatureOid(x509);
  return SIGNATURES.find((s) => s.oid === oid)?.name ?? oid ?? 'unknown';
}

/** `O` of a distinguished name as Node prints it ("K=v\nK=v"), else `CN`, else the whole name. */
function shortIssuer(name) {
  const fields = Object.fromEntries(name.split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return fields.O ?? fields.CN ?? name.replace(/\n/g, ', ');
}

const isoSeconds = (d) => new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Checks an upload body. Returns `{ ok: true, cert }` with the facts to store, or
 * `{ ok: false, error }` (an `apiError`). Rejections, in order: field shapes (1400), no
 * parseable certificate (1002), no leaf (1412), key unusable or encrypted (2106), key does not
 * match the leaf (2200).
 */
export function parseUpload(body) {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, error: apiError(400, 1400, 'Invalid request: the body must be a JSON object with certificate and private_key') };
  }
  for (const field of ['certificate', 'private_key']) {
    if (typeof body[field] !== 'string' || body[field].trim() === '') {
      return { ok: false, error: apiError(400, 1400, `Invalid request: ${field} is required and must be a PEM string`) };
    }
  }
  const certText = body.certificate.replace(/\r\n/g, '\n');
  const blocks = pemBlocks(certText).filter((b) => b.label === 'CERTIFICATE');
  if (!blocks.length) return { ok: false, error: apiError(400, 1002, 'The certificate is invalid: no PEM CERTIFICATE block found') };
  const parsed = [];
  for (const b of blocks) {
    try {
      parsed.push(new X509Certificate(b.pem));
    } catch {
      return { ok: false, error: apiError(400, 1002, 'The certificate is invalid: a CERTIFICATE block could not be parsed') };
    }
  }
  const leaf = parsed.find((x) => !x.ca);
  if (!leaf) return { ok: false, error: apiError(400, 1412, 'missing leaf certificate') };

  const keyText = body.private_key.replace(/\r\n/g, '\n');
  const keyBlocks = pemBlocks(keyText).filter((b) => /PRIVATE KEY$/.test(b.label));
  if (keyBlocks.some((b) => b.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(b.body))) {
    return { ok: false, error: apiError(400, 2106, 'The private key is encrypted; upload it without a passphrase') };
  }
  if (keyBlocks.length !== 1) {
    return { ok: false, error: apiError(400, 2106, keyBlocks.length ? 'The private key is invalid: exactly one private key is expected' : 'The private key is invalid: no PEM PRIVATE KEY block found') };
  }
  let key;
  try {
    key = createPrivateKey({ key: keyBlocks[0].pem, format: 'pem' });
  } catch {
    return { ok: false, error: apiError(400, 2106, 'The private key is invalid: it could not be parsed') };
  }
  let matches = false;
  try {
    matches = createPublicKey(key).equals(leaf.publicKey) && leaf.checkPrivateKey(key);
  } catch {
    matches = false;
  }
  if (!matches) return { ok: false, error: apiError(400, 2200, 'The key you provided does not match the certificate') };

  return {
    ok: true,
    cert: {
      certificate: `${certText.trim()}\n`,
      issuer: shortIssuer(leaf.issuer),
      serial_number: BigInt(`0x${leaf.serialNumber}`).toString(10),
      signature: signatureName(leaf),
      expires_on: isoSeconds(leaf.validTo),
      fingerprint: leaf.fingerprint256.replace(/:/g, '').toLowerCase(),
    },
  };
}
