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

// Signature algorithm OIDs, named the way Cloudflare reports `signature` (schema example
// `SHA256WithRSA`).
const SIGNATURE_NAMES = {
  '1.2.840.113549.1.1.4': 'MD5WithRSA',
  '1.2.840.113549.1.1.5': 'SHA1WithRSA',
  '1.2.840.113549.1.1.11': 'SHA256WithRSA',
  '1.2.840.113549.1.1.12': 'SHA384WithRSA',
  '1.2.840.113549.1.1.13': 'SHA512WithRSA',
  '1.2.840.113549.1.1.10': 'SHA256WithRSAPSS',
  '1.2.840.10045.4.1': 'ECDSAWithSHA1',
  '1.2.840.10045.4.3.2': 'ECDSAWithSHA256',
  '1.2.840.10045.4.3.3': 'ECDSAWithSHA384',
  '1.2.840.10045.4.3.4': 'ECDSAWithSHA512',
  '1.3.101.112': 'Ed25519',
};

/** Reads one DER TLV at `pos`: `{ tag, start, end }` (content bounds) or null. */
function tlv(buf, pos) {
  if (pos + 2 > buf.length) return null;
  const tag = buf[pos];
  let len = buf[pos + 1];
  let start = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > buf.length) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[start + i];
    start += n;
  }
  const end = start + len;
  return end > buf.length ? null : { tag, start, end };
}

function decodeOid(bytes) {
  const parts = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  if (!parts.length) return '';
  const first = parts[0] < 80 ? [Math.floor(parts[0] / 40), parts[0] % 40] : [2, parts[0] - 80];
  return [...first, ...parts.slice(1)].join('.');
}

/** The outer signatureAlgorithm OID of a DER certificate (Certificate ::= SEQ { tbs, alg, sig }). */
function signatureOid(der) {
  const cert = tlv(der, 0);
  if (!cert || cert.tag !== 0x30) return null;
  const tbs = tlv(der, cert.start);
  if (!tbs) return null;
  const alg = tlv(der, tbs.end);
  if (!alg || alg.tag !== 0x30) return null;
  const oid = tlv(der, alg.start);
  if (!oid || oid.tag !== 0x06) return null;
  return decodeOid(der.subarray(oid.start, oid.end));
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

  const oid = signatureOid(leaf.raw);
  return {
    ok: true,
    cert: {
      certificate: `${certText.trim()}\n`,
      issuer: shortIssuer(leaf.issuer),
      serial_number: BigInt(`0x${leaf.serialNumber}`).toString(10),
      signature: SIGNATURE_NAMES[oid] ?? oid ?? 'unknown',
      expires_on: isoSeconds(leaf.validTo),
      fingerprint: leaf.fingerprint256.replace(/:/g, '').toLowerCase(),
    },
  };
}
