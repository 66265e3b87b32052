// Type definitions for originpull: the public contract (see README.md). Hand-written and
// checked by `tsc` in the tests; every result shape is spelled out, no `any`.

/** Every error originpull throws is an `Error` with one of these codes. */
export type ErrorCode =
  | 'INPUT_TOO_LARGE'
  | 'PEM_INVALID'
  | 'NO_CERTIFICATE'
  | 'INVALID_ARGUMENT'
  | 'INTERNAL';

export interface OriginpullError extends Error {
  code: ErrorCode;
}

export type PublicKeyAlgorithm = 'RSA' | 'EC' | 'Ed25519' | 'Ed448' | 'DSA' | 'RSA-PSS' | 'unknown';

export interface CertificateInfo {
  version: 1 | 2 | 3;
  /** RFC 4514, most specific RDN first (as Python cryptography's rfc4514_string). */
  subject: string;
  issuer: string;
  /** Minimal lowercase hex of the positive serial. */
  serialNumberHex: string;
  /** Decimal, as Cloudflare's API reports `serial_number`. */
  serialNumber: string;
  /** ISO 8601 UTC, `YYYY-MM-DDTHH:MM:SSZ`. */
  notBefore: string;
  notAfter: string;
  signatureAlgorithm: { oid: string; name: string };
  publicKey: {
    algorithm: PublicKeyAlgorithm;
    /** As OpenSSL reports them (Ed25519 256, Ed448 456). */
    bits: number;
    curve: 'P-256' | 'P-384' | 'P-521' | string | null;
    /** sha256 of the SubjectPublicKeyInfo DER, lowercase hex. */
    sha256: string;
  };
  subjectAltNames: { dns: string[]; ip: string[]; email: string[]; uri: string[] };
  /** Dotted OIDs in certificate order; null when the extension is absent. */
  extendedKeyUsage: string[] | null;
  keyUsage: KeyUsageName[] | null;
  basicConstraints: { ca: boolean; pathLength: number | null } | null;
  subjectKeyId: string | null;
  authorityKeyId: string | null;
  /** subject == issuer and the signature verifies with its own key. */
  selfSigned: boolean;
  fingerprints: { sha256: string; sha1: string };
  /** This certificate as normalized PEM (LF, 64 columns). */
  pem: string;
}

export type KeyUsageName =
  | 'digitalSignature'
  | 'contentCommitment'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';

/**
 * Every certificate in `input`, in input order.
 * @throws OriginpullError `PEM_INVALID`, `NO_CERTIFICATE`, `INPUT_TOO_LARGE`, `INVALID_ARGUMENT`.
 */
export function inspectCertificates(input: string | Uint8Array): CertificateInfo[];
