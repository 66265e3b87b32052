// Type definitions for originpull: the public contract (see README.md). Hand-written and
// checked by `tsc` in the tests; every result shape is spelled out, no `any`. The doc comments
// are the API reference (`npm run docs`, TypeDoc); tests/node/docs.test.mjs compiles every
// example in them.

/**
 * Cloudflare **Authenticated Origin Pulls** without openssl, curl and guesswork: read the
 * client certificate and key you have, learn whether Cloudflare and your origin will accept
 * them, then upload, associate and rotate them through the AOP API with zero downtime.
 *
 * One Rust core compiled to WebAssembly, for Node >= 20, browsers (through a bundler or as an
 * ES module) and Cloudflare Workers. The package is ESM-only; in browsers the module is
 * instantiated with top-level await, so the API is ready once the import resolves. Minting
 * is a second module, loaded on the first minting call (those functions return Promises).
 *
 * - Certificates and keys: {@link inspect}, {@link inspectCertificates}, {@link validateUpload}.
 * - Minting, for people with no PKI yet: {@link createCA}, {@link issueClientCertificate},
 *   {@link createCertificateRequest}.
 * - The AOP API: {@link Client}, or requests as data with {@link buildRequest} and
 *   {@link parseResponse}.
 * - Rotation: {@link planRotation} (a dry run) and {@link rotate}.
 * - The origin: {@link originConfig} (the server configuration that enforces AOP) and
 *   {@link probeOrigin} (Node: does the origin really enforce it?).
 * - Errors: {@link OriginpullError}, {@link isOriginpullError}, {@link ErrorCode}.
 *
 * @example
 * ```ts
 * import { inspectCertificates, validateUpload } from 'originpull';
 *
 * const [leaf] = inspectCertificates(pem);
 * console.log(leaf.subject, leaf.notAfter);
 * const report = validateUpload({ certificate: pem, privateKey: keyPem });
 * console.log(report.ok, report.findings.map((f) => f.code));
 * ```
 *
 * @packageDocumentation
 */

/**
 * The stable `code` of every error originpull throws; the README's error table says when each
 * happens.
 *
 * @example
 * ```ts
 * import { inspectCertificates, isOriginpullError, type ErrorCode } from 'originpull';
 *
 * let code: ErrorCode | undefined;
 * try {
 *   inspectCertificates('');
 * } catch (e) {
 *   if (isOriginpullError(e)) code = e.code; // 'NO_CERTIFICATE'
 * }
 * ```
 */
export type ErrorCode =
  | 'INPUT_TOO_LARGE'
  | 'PEM_INVALID'
  | 'NO_CERTIFICATE'
  | 'INVALID_ARGUMENT'
  | 'CF_API_ERROR'
  | 'NETWORK_ERROR'
  | 'TIMEOUT'
  | 'KEY_INVALID'
  | 'VALIDATION_FAILED'
  | 'INTERNAL'
  | 'KEY_MISMATCH'
  | 'KEY_ENCRYPTED'
  | 'KEY_PASSPHRASE_WRONG'
  | 'CA_NOT_A_CA'
  | 'CA_EXPIRES_TOO_SOON'
  | 'UNSUPPORTED_KEY_TYPE'
  | 'WEAK_KEY'
  | 'KEYGEN_UNAVAILABLE'
  | 'WORK_LIMIT_EXCEEDED';

/**
 * The class of every error originpull throws or rejects with.
 *
 * An `Error` with a stable {@link ErrorCode} as `code` and the evidence of that code as
 * properties. Use {@link isOriginpullError} to narrow an unknown error to
 * {@link AnyOriginpullError}, whose `code` tells which fields it has.
 *
 * @example
 * ```ts
 * import { inspectCertificates, OriginpullError } from 'originpull';
 *
 * try {
 *   inspectCertificates('not a certificate');
 * } catch (e) {
 *   if (e instanceof OriginpullError) console.log(e.code); // 'PEM_INVALID'
 * }
 * ```
 */
export class OriginpullError extends Error {
  /**
   * Made by originpull itself; exported for `instanceof` and for test doubles.
   * @param fields the code's fields (`status`, `codes`, ...) and an optional `cause`.
   */
  constructor(code: ErrorCode, message: string, fields?: { cause?: unknown } & Record<string, unknown>);
  /** Always `'OriginpullError'`. */
  name: string;
  /** What went wrong, stable across releases. */
  code: ErrorCode;
}

/**
 * Errors whose `code` is all they carry: bad input or arguments, or no answer in time.
 *
 * @example
 * ```ts
 * import { inspectCertificates, isOriginpullError } from 'originpull';
 *
 * try {
 *   inspectCertificates('');
 * } catch (e) {
 *   if (isOriginpullError(e) && e.code === 'NO_CERTIFICATE') console.log('paste a certificate');
 * }
 * ```
 */
export interface PlainOriginpullError extends OriginpullError {
  code: 'INPUT_TOO_LARGE' | 'PEM_INVALID' | 'NO_CERTIFICATE' | 'INVALID_ARGUMENT' | 'KEY_INVALID' | 'TIMEOUT'
    | 'KEY_MISMATCH' | 'KEY_ENCRYPTED' | 'KEY_PASSPHRASE_WRONG' | 'CA_NOT_A_CA' | 'CA_EXPIRES_TOO_SOON'
    | 'UNSUPPORTED_KEY_TYPE' | 'WEAK_KEY' | 'KEYGEN_UNAVAILABLE';
}

/**
 * `NETWORK_ERROR`: the request did not reach Cloudflare or its answer was lost (DNS, TLS, a
 * refused connection, a CORS refusal), after the retries; for {@link probeOrigin}, the origin.
 *
 * @example
 * ```ts
 * import { Client, isOriginpullError } from 'originpull';
 *
 * try {
 *   await new Client({ token, retries: 0 }).getZoneSetting(zoneId);
 * } catch (e) {
 *   if (isOriginpullError(e) && e.code === 'NETWORK_ERROR') console.log(e.message, e.cause);
 * }
 * ```
 */
export interface NetworkError extends OriginpullError {
  code: 'NETWORK_ERROR';
  /** What fetch threw or rejected with on the last attempt (Node: a `TypeError: fetch failed`
   *  whose own `cause` says why); absent when fetch answered something that is not a Response. */
  cause?: unknown;
}

/**
 * `VALIDATION_FAILED`: `planRotation` or `rotate` refused the certificate and key, as
 * `validateUpload` reports error findings for them.
 *
 * @example
 * ```ts
 * import { planRotation, isOriginpullError } from 'originpull';
 *
 * try {
 *   planRotation({ scope: 'zone', zoneId, certificate, privateKey });
 * } catch (e) {
 *   if (isOriginpullError(e) && e.code === 'VALIDATION_FAILED') console.log(e.codes); // ['KEY_MISMATCH']
 * }
 * ```
 */
export interface ValidationFailedError extends OriginpullError {
  code: 'VALIDATION_FAILED';
  /** The codes of the error findings, most important first. */
  codes: FindingCode[];
}

/**
 * `INTERNAL`: a bug. The wasm module trapped (a panic, memory exhausted) and was started
 * again, so later calls work; or a `Client` made before such a restart was used.
 *
 * A trap while minting restarts the minting module only. `INTERNAL` also says that the
 * minting module could not be loaded; the next minting call tries again.
 *
 * @example
 * ```ts
 * import { inspectCertificates, isOriginpullError } from 'originpull';
 *
 * try {
 *   inspectCertificates(pem);
 * } catch (e) {
 *   if (isOriginpullError(e) && e.code === 'INTERNAL') reportBug(e.message, e.cause);
 * }
 * ```
 */
export interface InternalError extends OriginpullError {
  code: 'INTERNAL';
  /** The `WebAssembly.RuntimeError` of the trap, or what failed to load the minting module;
   *  absent for a stale Client or a certificate cut short by a restart. */
  cause?: unknown;
}

/**
 * Any error originpull throws, as a union on `code`: comparing `code` narrows to the fields
 * that code carries.
 *
 * @example
 * ```ts
 * import { parseResponse, isOriginpullError, type AnyOriginpullError } from 'originpull';
 *
 * function describe(e: AnyOriginpullError): string {
 *   return e.code === 'CF_API_ERROR' ? `${e.status} ray ${e.rayId}` : e.message;
 * }
 * try {
 *   parseResponse(403, 'ray-1', body);
 * } catch (e) {
 *   if (isOriginpullError(e)) console.log(describe(e));
 * }
 * ```
 */
export type AnyOriginpullError = PlainOriginpullError | CfApiError | NetworkError | ValidationFailedError | InternalError | WorkLimitError;

/**
 * `WORK_LIMIT_EXCEEDED`: the input asks for more work than the `limits` option allows
 * (checked before that work starts): a server's per-request caps, see {@link WorkLimits}.
 *
 * @example
 * ```ts
 * import { inspect, isOriginpullError } from 'originpull';
 *
 * try {
 *   inspect(pem, { passphrase: 'secret', limits: { kdfWork: 1_000_000 } });
 * } catch (e) {
 *   if (isOriginpullError(e) && e.code === 'WORK_LIMIT_EXCEEDED') console.log(e.limit, e.needed, e.allowed);
 * }
 * ```
 */
export interface WorkLimitError extends OriginpullError {
  code: 'WORK_LIMIT_EXCEEDED';
  /** Which limit: `kdfWork`, `kdfMemory` or `signatures`. */
  limit: keyof WorkLimits;
  /** What the input needs, in the limit's unit. */
  needed: number;
  /** The limit that was set. */
  allowed: number;
}

/**
 * Per-request work limits for {@link inspect} and {@link validateUpload}, below the library's own caps.
 *
 * The library's caps are a PBKDF2 iteration count of 10,000,000 and 256 MiB of scrypt memory;
 * a server that inspects what strangers send sets lower ones (the project's Worker does).
 * Each is checked on what the input asks for before the work starts; an exceeded one throws
 * `WORK_LIMIT_EXCEEDED`.
 *
 * @example
 * ```ts
 * import { validateUpload } from 'originpull';
 *
 * const report = validateUpload({ certificate: pem, privateKey: keyPem }, { limits: { kdfWork: 1_000_000, kdfMemory: 32 << 20, signatures: 64 } });
 * ```
 */
export interface WorkLimits {
  /** Key-derivation work of the keys a passphrase would decrypt, summed: one unit per PBKDF2
   *  iteration, and one per 128 bytes scrypt mixes (`N·r·p`). */
  kdfWork?: number;
  /** Bytes one key derivation may use (scrypt's `128·N·r`). */
  kdfMemory?: number;
  /** Certificate signature verifications (self-signed checks, chain links whose names match). */
  signatures?: number;
}

/**
 * Whether `e` is an error originpull threw: an {@link OriginpullError}, from this copy of the
 * package or another one (it checks `name` and `code`, not only `instanceof`).
 *
 * @example
 * ```ts
 * import { validateUpload, isOriginpullError } from 'originpull';
 *
 * try {
 *   validateUpload({ certificate: 42 as unknown as string });
 * } catch (e) {
 *   if (isOriginpullError(e)) console.log(e.code); // 'INVALID_ARGUMENT'
 * }
 * ```
 */
export function isOriginpullError(e: unknown): e is AnyOriginpullError;

/**
 * The algorithm of a certificate's public key (or of a private key), as OpenSSL names it.
 *
 * @example
 * ```ts
 * import { inspectCertificates, type PublicKeyAlgorithm } from 'originpull';
 *
 * const [leaf] = inspectCertificates(pem);
 * const algorithm: PublicKeyAlgorithm = leaf.publicKey.algorithm; // 'RSA', 'EC', ...
 * ```
 */
export type PublicKeyAlgorithm = 'RSA' | 'EC' | 'Ed25519' | 'Ed448' | 'DSA' | 'RSA-PSS' | 'unknown';

/**
 * Everything in one certificate: names, serial, validity, key, extensions, fingerprints and its
 * normalized PEM.
 *
 * @example
 * ```ts
 * import { inspectCertificates, type CertificateInfo } from 'originpull';
 *
 * const [leaf]: CertificateInfo[] = inspectCertificates(pem);
 * console.log(leaf.subject);              // 'CN=origin-pull client,O=Example\, Inc.'
 * console.log(leaf.notAfter);             // '2027-01-01T00:00:00Z'
 * console.log(leaf.fingerprints.sha256);  // lowercase hex
 * ```
 */
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

/**
 * A bit of the keyUsage extension, by its RFC 5280 name.
 *
 * @example
 * ```ts
 * import { inspectCertificates, type KeyUsageName } from 'originpull';
 *
 * const [leaf] = inspectCertificates(pem);
 * const usage: KeyUsageName[] = leaf.keyUsage ?? [];
 * console.log(usage.includes('digitalSignature'));
 * ```
 */
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
 * What a private key is (never the key itself): algorithm, size, format, whether it arrived
 * encrypted, and the SHA-256 of its public half.
 *
 * @example
 * ```ts
 * import { inspect, type KeyInfo } from 'originpull';
 *
 * const { certificates, privateKeys } = inspect(pem + keyPem);
 * const key: KeyInfo | undefined = privateKeys[0];
 * console.log(key?.publicKeySha256 === certificates[0]?.publicKey.sha256); // the pair matches
 * ```
 */
export interface KeyInfo {
  algorithm: PublicKeyAlgorithm | null;
  bits: number | null;
  curve: string | null;
  /** How the key is structured. */
  format: 'pkcs8' | 'pkcs1' | 'sec1';
  /** How it arrived. */
  encrypted: boolean;
  /** sha256 of the matching SubjectPublicKeyInfo DER: equals its certificate's publicKey.sha256. */
  publicKeySha256: string | null;
  /** `inspect` only: present (true) when a passphrase was given and it does not decrypt this
   *  encrypted key (`validateUpload` reports the same as the finding KEY_PASSPHRASE_WRONG). */
  passphraseWrong?: true;
}

/**
 * The result of {@link inspect}: every certificate, every private key (facts only) and the
 * blocks that were ignored.
 *
 * @example
 * ```ts
 * import { inspect, type Inspection } from 'originpull';
 *
 * const found: Inspection = inspect(pem);
 * for (const block of found.ignored) console.log(block.label, block.reason); // e.g. CERTIFICATE REQUEST
 * ```
 */
export interface Inspection {
  certificates: CertificateInfo[];
  privateKeys: KeyInfo[];
  /** Blocks that were read but are neither certificates, keys nor readable CSRs (EC PARAMETERS,
   *  public keys, CRLs, ...); a CSR that cannot be read is listed here with the reason. */
  ignored: { label: string; reason: string }[];
  /** Certificate signing requests (PKCS#10), in input order. Extends the contract's shape. */
  requests: RequestInfo[];
}

/**
 * What {@link inspect} reports of a certificate signing request (PKCS#10): who it is for, its
 * key, the DNS names it asks for, and whether its signature proves possession of the key.
 *
 * @example
 * ```ts
 * import { createCertificateRequest, inspect, type RequestInfo } from 'originpull';
 *
 * const { csr } = await createCertificateRequest({ commonName: 'origin-pull client' });
 * const [request]: RequestInfo[] = inspect(csr).requests;
 * console.log(request?.subject, request?.signatureValid); // 'CN=origin-pull client' true
 * ```
 */
export interface RequestInfo {
  /** RFC 4514, as {@link CertificateInfo.subject}. */
  subject: string;
  publicKey: CertificateInfo['publicKey'];
  /** The subjectAltName of its extensionRequest; empty lists when it asks for none. */
  subjectAltNames: CertificateInfo['subjectAltNames'];
  signatureAlgorithm: CertificateInfo['signatureAlgorithm'];
  /** The signature verifies with the request's own public key. */
  signatureValid: boolean;
  /** The request, normalized PEM (`CERTIFICATE REQUEST`, LF, 64 columns). */
  pem: string;
}

/**
 * Every finding code {@link validateUpload} can report; the README's findings table says when
 * each is raised.
 *
 * @example
 * ```ts
 * import { validateUpload, type FindingCode } from 'originpull';
 *
 * const report = validateUpload({ certificate: pem, privateKey: keyPem });
 * const codes: FindingCode[] = report.findings.map((f) => f.code); // e.g. ['KEY_MISMATCH']
 * ```
 */
export type FindingCode =
  | 'PEM_INVALID' | 'NO_CERTIFICATE' | 'NO_PRIVATE_KEY' | 'MULTIPLE_PRIVATE_KEYS' | 'KEY_INVALID'
  | 'KEY_ENCRYPTED' | 'KEY_PASSPHRASE_WRONG' | 'LEAF_IS_CA' | 'KEY_MISMATCH' | 'UNSUPPORTED_KEY_TYPE'
  | 'CHAIN_ORDER' | 'CHAIN_BROKEN' | 'CA_VERIFY_FAILED' | 'CERT_EXPIRED' | 'CERT_NOT_YET_VALID'
  | 'MISSING_CLIENT_AUTH_EKU' | 'KEY_USAGE_NO_DIGITAL_SIGNATURE' | 'WEAK_KEY' | 'WEAK_SIGNATURE_ALGORITHM'
  | 'UNKNOWN_CRITICAL_EXTENSION' | 'CERT_EXPIRES_SOON' | 'ANY_EKU_ONLY' | 'CHAIN_INCLUDES_ROOT'
  | 'CHAIN_DUPLICATE' | 'CHAIN_SIGNATURE_UNCHECKED' | 'ECDSA_SHA3_SIGNATURE' | 'BLOCK_IGNORED' | 'NO_EKU' | 'CA_NOT_GIVEN'
  | 'ISSUER_NOT_CA' | 'CA_KEY_USAGE_NO_CERT_SIGN' | 'CA_EKU_NO_CLIENT_AUTH' | 'PATH_LENGTH_EXCEEDED'
  | 'NAME_CONSTRAINT_NOT_PERMITTED' | 'NAME_CONSTRAINT_EXCLUDED' | 'NAME_CONSTRAINT_UNSUPPORTED'
  | 'VERIFY_DEPTH_EXCEEDED' | 'CHAIN_PATH';

/**
 * One thing {@link validateUpload} found: a code, a severity, the evidence and a fix.
 *
 * @example
 * ```ts
 * import { validateUpload, type Finding } from 'originpull';
 *
 * const report = validateUpload({ certificate: pem, privateKey: keyPem });
 * const errors: Finding[] = report.findings.filter((f) => f.severity === 'error');
 * for (const f of errors) console.log(`${f.code}: ${f.message}\n  fix: ${f.hint}`);
 * ```
 */
export interface Finding {
  code: FindingCode;
  severity: 'error' | 'warning' | 'info';
  /** What is wrong, with the evidence (dates, sizes, OIDs). */
  message: string;
  /** How to fix it; an openssl command where one helps. */
  hint: string;
  /** Index into the report's certificates, where one is concerned. */
  certificate: number | null;
}

/**
 * What {@link validateUpload} checks: the certificate (with its chain), its key and, optionally,
 * the CA the origin trusts.
 *
 * @example
 * ```ts
 * import { validateUpload, type UploadInput } from 'originpull';
 *
 * const input: UploadInput = { certificate: pem, privateKey: keyPem, passphrase: 'secret', caCertificates: caPem, scope: 'hostname' };
 * const report = validateUpload(input);
 * ```
 */
export interface UploadInput {
  /** The leaf, optionally followed by its chain (PEM text, or DER/PEM bytes). */
  certificate: string | Uint8Array;
  privateKey?: string | Uint8Array;
  passphrase?: string;
  /** The CA(s) the origin trusts, PEM. */
  caCertificates?: string;
  scope?: 'zone' | 'hostname';
}

/**
 * When {@link validateUpload} checks the dates, and how early it warns about expiry.
 *
 * @example
 * ```ts
 * import { validateUpload, type ValidateOptions } from 'originpull';
 *
 * const options: ValidateOptions = { now: '2026-06-01T00:00:00Z', expiryWarningDays: 60 };
 * const report = validateUpload({ certificate: pem, privateKey: keyPem }, options);
 * ```
 */
export interface ValidateOptions {
  /** ISO 8601 string, epoch milliseconds or a Date; default: the current time. */
  now?: string | number | Date;
  /** Warn when a certificate expires within this many days (default 30). */
  expiryWarningDays?: number;
  /** Per-request work limits (a server's); none by default. */
  limits?: WorkLimits;
}

/**
 * The result of {@link validateUpload}: the findings, most important first, and the exact
 * upload body when nothing is wrong.
 *
 * @example
 * ```ts
 * import { validateUpload, type Report } from 'originpull';
 *
 * const report: Report = validateUpload({ certificate: pem, privateKey: keyPem });
 * if (report.ok && report.payload) {
 *   // { certificate, private_key }: POST it as is (it holds the unencrypted key: never log it)
 *   console.log(report.payload.certificate.length);
 * }
 * ```
 */
export interface Report {
  /** No finding of severity 'error'. */
  ok: boolean;
  /** Most important first. */
  findings: Finding[];
  certificates: CertificateInfo[];
  key: KeyInfo | null;
  /** The exact upload body; null unless ok. Holds the unencrypted key: do not log it. */
  payload: { certificate: string; private_key: string } | null;
  /** Beyond the contract: index of the leaf in `certificates`. */
  leaf: number | null;
  /** Beyond the contract: indices of the certificates uploaded, in order (root dropped). */
  chain: number[];
}

/**
 * Everything in `input`: certificates, private keys (facts only) and ignored blocks.
 *
 * `input` is PEM text in any state (CRLF, text around the blocks, JSON-escaped), PEM bytes or DER
 * bytes, up to 1 MiB. An encrypted key is decrypted only to describe it, with `passphrase`.
 *
 * @throws OriginpullError `PEM_INVALID`, `KEY_INVALID`, `INPUT_TOO_LARGE`, `INVALID_ARGUMENT`.
 *
 * @example
 * ```ts
 * import { inspect } from 'originpull';
 *
 * const { certificates, privateKeys, ignored } = inspect(pem + keyPem, { passphrase: 'secret' });
 * console.log(certificates.length, privateKeys[0]?.algorithm, ignored.length);
 * ```
 */
export function inspect(input: string | Uint8Array, options?: { passphrase?: string; limits?: WorkLimits }): Inspection;

/**
 * Check an upload before it leaves the machine: every reason Cloudflare or the origin would
 * refuse it, each with a fix.
 *
 * Problems with the certificate or key are findings, not exceptions; `payload` is the exact
 * upload body when there is no error finding.
 *
 * @throws OriginpullError `INPUT_TOO_LARGE`, `INVALID_ARGUMENT`.
 *
 * @example
 * ```ts
 * import { validateUpload } from 'originpull';
 *
 * const report = validateUpload({ certificate: pem, privateKey: keyPem, caCertificates: caPem }, { now: new Date() });
 * for (const f of report.findings) console.log(f.severity, f.code, f.message);
 * ```
 */
export function validateUpload(input: UploadInput, options?: ValidateOptions): Report;

/**
 * Every certificate in `input`, in input order.
 *
 * @throws OriginpullError `PEM_INVALID`, `NO_CERTIFICATE`, `INPUT_TOO_LARGE`, `INVALID_ARGUMENT`.
 *
 * @example
 * ```ts
 * import { inspectCertificates } from 'originpull';
 *
 * const [leaf, ...chain] = inspectCertificates(pem);            // PEM text
 * const fromDer = inspectCertificates(new Uint8Array(der));     // or DER bytes
 * console.log(leaf.subject, leaf.serialNumber, chain.length, fromDer.length);
 * ```
 */
export function inspectCertificates(input: string | Uint8Array): CertificateInfo[];

// ---- Cloudflare API: requests as data ---------------------------------------------------

/**
 * One item of a Cloudflare envelope's `errors` or `messages`.
 *
 * @example
 * ```ts
 * import { parseResponse, isOriginpullError, type ApiMessage } from 'originpull';
 *
 * try {
 *   parseResponse(403, null, body);
 * } catch (e) {
 *   if (isOriginpullError(e) && e.code === 'CF_API_ERROR') {
 *     const first: ApiMessage | undefined = e.errors[0];
 *     console.log(first?.code, first?.message); // 10000 'Authentication error'
 *   }
 * }
 * ```
 */
export interface ApiMessage {
  code: number;
  message: string;
}

/**
 * `CF_API_ERROR`: Cloudflare answered with a failure (or with something that is not an API
 * envelope, such as an HTML error page).
 *
 * @example
 * ```ts
 * import { Client, isOriginpullError } from 'originpull';
 *
 * try {
 *   await new Client({ token }).listZoneCertificates(zoneId);
 * } catch (e) {
 *   if (isOriginpullError(e) && e.code === 'CF_API_ERROR') {
 *     console.log(e.status, e.errors, e.rayId, e.hint);
 *   }
 * }
 * ```
 */
export interface CfApiError extends OriginpullError {
  code: 'CF_API_ERROR';
  /** HTTP status of the response. */
  status: number;
  /** The envelope's `errors` (empty when the body was not JSON, e.g. an HTML 502 page). */
  errors: ApiMessage[];
  messages: ApiMessage[];
  /** The `cf-ray` response header, when there was one. */
  rayId: string | null;
  /** What to do about it, for the errors originpull recognises. */
  hint: string | null;
}

/**
 * The `status` filter of {@link Client.listHostnames} (one value per request).
 *
 * @example
 * ```ts
 * import { Client, type AssociationStatusFilter } from 'originpull';
 *
 * const status: AssociationStatusFilter = 'pending_deployment';
 * const pending = await new Client({ token }).listHostnames(zoneId, { status });
 * ```
 */
export type AssociationStatusFilter =
  | 'active'
  | 'pending_deployment'
  | 'pending_deletion'
  | 'deleted'
  | 'deployment_timed_out'
  | 'deletion_timed_out'
  | 'all';

/**
 * The body of a certificate upload: the PEM leaf (optionally followed by its chain) and its
 * unencrypted PEM key, as {@link Report.payload} holds it.
 *
 * @example
 * ```ts
 * import { Client, validateUpload, type UploadPayload } from 'originpull';
 *
 * const { payload } = validateUpload({ certificate: pem, privateKey: keyPem, passphrase: 'secret' });
 * if (payload) {
 *   const body: UploadPayload = payload;
 *   const uploaded = await new Client({ token }).uploadHostnameCertificate(zoneId, body);
 *   console.log(uploaded.id);
 * }
 * ```
 */
export interface UploadPayload {
  certificate: string;
  private_key: string;
}

/**
 * One item of {@link Client.setHostnames}: `enabled` true (send the certificate), false (keep
 * the association, send none) or null (void it); `cert_id` is required even when voiding.
 *
 * @example
 * ```ts
 * import { Client, type HostnameAssociation } from 'originpull';
 *
 * const config: HostnameAssociation[] = [{ hostname: 'app.example.com', cert_id: certId, enabled: true }];
 * await new Client({ token }).setHostnames(zoneId, config);
 * ```
 */
export interface HostnameAssociation {
  hostname: string;
  cert_id: string;
  enabled: boolean | null;
}

/**
 * The parameters of each operation of {@link buildRequest}, keyed by operationId, with the
 * schema's names.
 *
 * Zone id: 32 hexadecimal characters. Certificate id: UUID or 32 hex. Hostnames are lowercased
 * and converted to punycode (`bücher.example` -> `xn--bcher-kva.example`).
 *
 * @example
 * ```ts
 * import { buildRequest, type OperationParams } from 'originpull';
 *
 * const params: OperationParams['per-hostname-authenticated-origin-pull-list-hostname-associations'] = {
 *   zone_id: zoneId, page: 2, per_page: 50, status: 'all',
 * };
 * const request = buildRequest('per-hostname-authenticated-origin-pull-list-hostname-associations', params);
 * ```
 */
export interface OperationParams {
  'zone-level-authenticated-origin-pulls-list-certificates': { zone_id: string };
  'zone-level-authenticated-origin-pulls-upload-certificate': { zone_id: string; body: UploadPayload };
  'zone-level-authenticated-origin-pulls-get-certificate-details': { zone_id: string; certificate_id: string };
  'zone-level-authenticated-origin-pulls-delete-certificate': { zone_id: string; certificate_id: string };
  'zone-level-authenticated-origin-pulls-get-enablement-setting-for-zone': { zone_id: string };
  'zone-level-authenticated-origin-pulls-set-enablement-for-zone': { zone_id: string; body: { enabled: boolean } };
  'per-hostname-authenticated-origin-pull-list-certificates': { zone_id: string };
  'per-hostname-authenticated-origin-pull-upload-a-hostname-client-certificate': { zone_id: string; body: UploadPayload };
  'per-hostname-authenticated-origin-pull-get-the-hostname-client-certificate': { zone_id: string; certificate_id: string };
  'per-hostname-authenticated-origin-pull-delete-hostname-client-certificate': { zone_id: string; certificate_id: string };
  'per-hostname-authenticated-origin-pull-enable-or-disable-a-hostname-for-client-authentication': {
    zone_id: string;
    body: { config: HostnameAssociation[] };
  };
  'per-hostname-authenticated-origin-pull-get-the-hostname-status-for-client-authentication': { zone_id: string; hostname: string };
  'per-hostname-authenticated-origin-pull-list-hostname-associations': {
    zone_id: string;
    /** >= 1; Cloudflare's default 1. */
    page?: number;
    /** 1 to 1000; Cloudflare's default 50. */
    per_page?: number;
    /** Cloudflare's default 'active'. */
    status?: AssociationStatusFilter;
  };
}

/**
 * The 13 operationIds of Cloudflare's AOP schema, as {@link buildRequest} takes them.
 *
 * @example
 * ```ts
 * import { buildRequest, type OperationId } from 'originpull';
 *
 * const op: OperationId = 'zone-level-authenticated-origin-pulls-list-certificates';
 * const { method, url } = buildRequest(op, { zone_id: zoneId });
 * ```
 */
export type OperationId = keyof OperationParams;

/**
 * Where {@link buildRequest} points the request, and the token it adds (only when given).
 *
 * @example
 * ```ts
 * import { buildRequest, type BuildRequestOptions } from 'originpull';
 *
 * const options: BuildRequestOptions = { baseUrl: 'https://api.cloudflare.com/client/v4', token };
 * const request = buildRequest('zone-level-authenticated-origin-pulls-get-enablement-setting-for-zone', { zone_id: zoneId }, options);
 * ```
 */
export interface BuildRequestOptions {
  /** Default `https://api.cloudflare.com/client/v4`; trailing slashes are removed. */
  baseUrl?: string;
  /** API token; only when given does the request carry `authorization: Bearer <token>`. */
  token?: string;
}

/**
 * A request as data: what {@link buildRequest} returns, ready for `fetch`.
 *
 * @example
 * ```ts
 * import { buildRequest, type BuiltRequest } from 'originpull';
 *
 * const r: BuiltRequest = buildRequest('zone-level-authenticated-origin-pulls-list-certificates', { zone_id: zoneId }, { token });
 * const response = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body });
 * ```
 */
export interface BuiltRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Below the base URL, with the query string: `/zones/…/origin_tls_client_auth/hostnames?page=2`. */
  path: string;
  /** baseUrl + path. */
  url: string;
  /** Lower-case names; no secret unless a token was passed. */
  headers: {
    accept: 'application/json';
    'content-type'?: 'application/json';
    authorization?: string;
  };
  /** JSON text, or null (GET and DELETE send no body). */
  body: string | null;
}

/**
 * A Cloudflare AOP API request as data, for `fetch(url, { method, headers, body })`.
 *
 * Params use the schema's names (`zone_id`, `certificate_id`, `hostname`, `page`, `per_page`,
 * `status`) and `body`; unknown or unused parameters and undocumented body fields are refused.
 * Nothing is sent.
 *
 * @throws OriginpullError `INVALID_ARGUMENT` (unknown operationId, bad zone id, certificate id,
 *   hostname, paging, status or body), before anything is built.
 *
 * @example
 * ```ts
 * import { buildRequest } from 'originpull';
 *
 * const r = buildRequest(
 *   'per-hostname-authenticated-origin-pull-get-the-hostname-status-for-client-authentication',
 *   { zone_id: zoneId, hostname: 'app.example.com' },
 *   { token },
 * );
 * console.log(r.method, r.path); // GET /zones/<zone>/origin_tls_client_auth/hostnames/app.example.com
 * ```
 */
export function buildRequest<Op extends OperationId>(
  operationId: Op,
  params: OperationParams[Op],
  options?: BuildRequestOptions,
): BuiltRequest;

/**
 * A successful Cloudflare envelope, as {@link parseResponse} reads it.
 *
 * @example
 * ```ts
 * import { parseResponse, type ParsedResponse } from 'originpull';
 *
 * const parsed: ParsedResponse = parseResponse(200, null, body);
 * console.log(parsed.result, parsed.result_info?.total_count);
 * ```
 */
export interface ParsedResponse {
  /** The envelope's `result`, exactly as Cloudflare sent it (snake_case, unknown fields kept). */
  result: unknown;
  /** Paging information of list responses, when present. */
  result_info: {
    page?: number;
    per_page?: number;
    count?: number;
    total_count?: number;
    total_pages?: number;
    [key: string]: unknown;
  } | null;
  messages: ApiMessage[];
}

/**
 * Read a Cloudflare API response (status, `cf-ray` header, body text) into its result, or throw
 * its failure.
 *
 * @throws CfApiError `CF_API_ERROR` when the status is not 2xx, `success` is not true, or the
 *   body is not a JSON envelope; OriginpullError `INVALID_ARGUMENT` for a bad status.
 *
 * @example
 * ```ts
 * import { buildRequest, parseResponse } from 'originpull';
 *
 * const r = buildRequest('zone-level-authenticated-origin-pulls-list-certificates', { zone_id: zoneId }, { token });
 * const response = await fetch(r.url, { method: r.method, headers: r.headers });
 * const { result } = parseResponse(response.status, response.headers.get('cf-ray'), await response.text());
 * ```
 */
export function parseResponse(status: number, rayId: string | null | undefined, body: string): ParsedResponse;

// ---- Cloudflare API: the Client ---------------------------------------------------------

/**
 * The status of a certificate or an association on Cloudflare (AOP-API.md section 3).
 *
 * @example
 * ```ts
 * import { Client, type CertificateStatus } from 'originpull';
 *
 * const cert = await new Client({ token }).getHostnameCertificate(zoneId, certId);
 * const status: CertificateStatus = cert.status; // 'pending_deployment', then 'active'
 * ```
 */
export type CertificateStatus =
  | 'initializing'
  | 'pending_deployment'
  | 'active'
  | 'pending_deletion'
  | 'deleted'
  | 'deployment_timed_out'
  | 'deletion_timed_out';

/**
 * A zone-level certificate (`zone-authenticated-origin-pull`), as Cloudflare sends it.
 *
 * @example
 * ```ts
 * import { Client, type ZoneCertificate } from 'originpull';
 *
 * const certs: ZoneCertificate[] = await new Client({ token }).listZoneCertificates(zoneId);
 * for (const c of certs) console.log(c.id, c.status, c.expires_on);
 * ```
 */
export interface ZoneCertificate {
  id: string;
  /** PEM of the uploaded leaf (may differ from what was sent in trailing newlines). */
  certificate: string;
  /** Issuing CA, free text. */
  issuer: string;
  /** Hash/signature algorithm, e.g. `SHA256WithRSA`. */
  signature: string;
  status: CertificateStatus;
  expires_on: string;
  uploaded_on: string;
  /** Returned by the API although the zone schema does not list it (P18). */
  serial_number?: string;
  /** In the schema; not reliably returned (P18). */
  enabled?: boolean;
  /** Unknown fields are kept. */
  [key: string]: unknown;
}

/**
 * A per-hostname certificate (`certificateObject-2`), as Cloudflare sends it.
 *
 * @example
 * ```ts
 * import { Client, type HostnameCertificate } from 'originpull';
 *
 * const certs: HostnameCertificate[] = await new Client({ token }).listHostnameCertificates(zoneId);
 * console.log(certs.map((c) => `${c.serial_number} ${c.status}`));
 * ```
 */
export interface HostnameCertificate {
  id: string;
  certificate: string;
  issuer: string;
  /** Decimal. */
  serial_number: string;
  signature: string;
  status: CertificateStatus;
  expires_on: string;
  uploaded_on: string;
  [key: string]: unknown;
}

/**
 * The zone-level AOP switch.
 *
 * @example
 * ```ts
 * import { Client, type ZoneSetting } from 'originpull';
 *
 * const setting: ZoneSetting = await new Client({ token }).getZoneSetting(zoneId);
 * console.log(setting.enabled);
 * ```
 */
export interface ZoneSetting {
  enabled: boolean;
  [key: string]: unknown;
}

/**
 * One hostname's association and its certificate (`hostname_certid_object`), from
 * {@link Client.getHostname}.
 *
 * @example
 * ```ts
 * import { Client, type HostnameStatus } from 'originpull';
 *
 * const h: HostnameStatus = await new Client({ token }).getHostname(zoneId, 'app.example.com');
 * console.log(h.cert_id, h.enabled, h.status, h.expires_on);
 * ```
 */
export interface HostnameStatus {
  hostname: string;
  cert_id: string;
  /** true: the certificate is sent; false: association kept, none sent; null: voided. */
  enabled: boolean | null;
  status: CertificateStatus;
  created_at: string;
  updated_at: string;
  cert_status: CertificateStatus;
  cert_uploaded_on: string;
  cert_updated_at: string;
  certificate: string;
  issuer: string;
  serial_number: string;
  signature: string;
  expires_on: string;
  [key: string]: unknown;
}

/**
 * One item of {@link Client.setHostnames}' answer (`hostname-authenticated-origin-pull`):
 * every association of the zone, not only those sent (P6).
 *
 * @example
 * ```ts
 * import { Client, type HostnameAssociationRecord } from 'originpull';
 *
 * const all: HostnameAssociationRecord[] = await new Client({ token }).setHostnames(zoneId, [
 *   { hostname: 'app.example.com', cert_id: certId, enabled: true },
 * ]);
 * console.log(all.length);
 * ```
 */
export interface HostnameAssociationRecord extends HostnameStatus {
  /** In the schema; not reliably returned. */
  id?: string;
}

/**
 * One item of {@link Client.listHostnames} (`hostname_assoc_object`).
 *
 * @example
 * ```ts
 * import { Client, type AssociationListItem } from 'originpull';
 *
 * const items: AssociationListItem[] = await new Client({ token }).listHostnames(zoneId, { perPage: 100 });
 * for (const a of items) console.log(a.hostname, a.cert_id, a.enabled);
 * ```
 */
export interface AssociationListItem {
  hostname: string;
  cert_id: string;
  enabled: boolean | null;
  status: CertificateStatus;
  created_at: string;
  updated_at: string;
  [key: string]: unknown;
}

/**
 * How a {@link Client} reaches the API: the token, the base URL, time-out, retries and an
 * optional `fetch`.
 *
 * @example
 * ```ts
 * import { Client, type ClientOptions } from 'originpull';
 *
 * const options: ClientOptions = { token, timeoutMs: 10_000, retries: 5 };
 * const client = new Client(options);
 * ```
 */
export interface ClientOptions {
  /** API token ("SSL and Certificates Write", or Read for reads); sent as `Bearer`. Kept
   *  inside the wasm module, never in an error, log line or result. Leave it out when a
   *  proxy (the project's Worker with CF_API_TOKEN) adds it. */
  token?: string;
  /** Default `https://api.cloudflare.com/client/v4`. */
  baseUrl?: string;
  /** Per attempt, from sending to the end of the body; default 30000. */
  timeoutMs?: number;
  /** Retries after the first attempt (0 to 10); default 3. */
  retries?: number;
  /** Used instead of the global fetch: called as `fetch(url, { method, headers, body, signal })`. */
  fetch?: typeof fetch;
}

/**
 * Paging and status filter of {@link Client.listHostnames}.
 *
 * @example
 * ```ts
 * import { Client, type ListHostnamesOptions } from 'originpull';
 *
 * const options: ListHostnamesOptions = { page: 2, perPage: 1000, status: 'all' };
 * const page2 = await new Client({ token }).listHostnames(zoneId, options);
 * ```
 */
export interface ListHostnamesOptions {
  /** >= 1; Cloudflare's default 1. */
  page?: number;
  /** 1 to 1000; Cloudflare's default 50. */
  perPage?: number;
  /** Cloudflare's default 'active'. */
  status?: AssociationStatusFilter;
}

/**
 * The Cloudflare AOP API: 13 operations, each a Promise of the `result` exactly as Cloudflare
 * sends it.
 *
 * Failures reject with `INVALID_ARGUMENT` (bad zone id, certificate id, hostname or body, before
 * anything is sent), `CF_API_ERROR` ({@link CfApiError}), `NETWORK_ERROR` ({@link NetworkError})
 * or `TIMEOUT`. GET, PUT and DELETE are retried after 408, 429 (honouring Retry-After), 5xx,
 * network errors and time-outs, with exponential back-off and jitter. An upload whose outcome is
 * unknown is never repeated blindly: the certificates are listed and, if the upload happened,
 * the listed certificate is returned; otherwise it is sent once more. The token stays inside the
 * wasm module: never in a property, an error or a result.
 *
 * @example
 * ```ts
 * import { Client } from 'originpull';
 *
 * const client = new Client({ token });
 * const certs = await client.listHostnameCertificates(zoneId);
 * await client.setHostnames(zoneId, [{ hostname: 'app.example.com', cert_id: certs[0].id, enabled: true }]);
 * ```
 */
export class Client {
  /** A client for the API; `options.token` is required unless a proxy adds it. */
  constructor(options?: ClientOptions);
  /** Every zone-level certificate of the zone. */
  listZoneCertificates(zoneId: string): Promise<ZoneCertificate[]>;
  /** Upload a zone-level certificate and its key (at most once, even when the answer is lost). */
  uploadZoneCertificate(zoneId: string, body: UploadPayload): Promise<ZoneCertificate>;
  /** One zone-level certificate. */
  getZoneCertificate(zoneId: string, certId: string): Promise<ZoneCertificate>;
  /** Delete a zone-level certificate. */
  deleteZoneCertificate(zoneId: string, certId: string): Promise<ZoneCertificate>;
  /** Whether zone-level AOP is on. */
  getZoneSetting(zoneId: string): Promise<ZoneSetting>;
  /** Turn zone-level AOP on or off. */
  setZoneSetting(zoneId: string, enabled: boolean): Promise<ZoneSetting>;
  /** Every per-hostname certificate of the zone. */
  listHostnameCertificates(zoneId: string): Promise<HostnameCertificate[]>;
  /** Upload a per-hostname certificate and its key (at most once, even when the answer is lost). */
  uploadHostnameCertificate(zoneId: string, body: UploadPayload): Promise<HostnameCertificate>;
  /** One per-hostname certificate. */
  getHostnameCertificate(zoneId: string, certId: string): Promise<HostnameCertificate>;
  /** Delete a per-hostname certificate (its associations must be gone first). */
  deleteHostnameCertificate(zoneId: string, certId: string): Promise<HostnameCertificate>;
  /** Associate hostnames with certificates, enable, disable or void them (up to 100 at once). */
  setHostnames(zoneId: string, config: HostnameAssociation[]): Promise<HostnameAssociationRecord[]>;
  /** One hostname's association and its certificate. */
  getHostname(zoneId: string, hostname: string): Promise<HostnameStatus>;
  /** One page of the zone's hostname associations. */
  listHostnames(zoneId: string, options?: ListHostnamesOptions): Promise<AssociationListItem[]>;
}

// ---- Rotation -----------------------------------------------------------------------------

/**
 * Which AOP a rotation replaces: per-hostname certificates or the zone-level one.
 *
 * @example
 * ```ts
 * import { planRotation, type RotationScope } from 'originpull';
 *
 * const scope: RotationScope = 'hostname';
 * const steps = planRotation({ scope, zoneId, certificate, privateKey, hostnames: ['app.example.com'] });
 * ```
 */
export type RotationScope = 'hostname' | 'zone';

/**
 * What {@link planRotation} and {@link rotate} take: the scope, the zone, the new certificate and
 * key, and how to run the rotation.
 *
 * @example
 * ```ts
 * import { planRotation, type PlanRotationOptions } from 'originpull';
 *
 * const options: PlanRotationOptions = {
 *   scope: 'hostname', zoneId, certificate, privateKey, caCertificates: caPem,
 *   hostnames: ['app.example.com', 'api.example.com'], deleteOld: true,
 * };
 * const steps = planRotation(options);
 * ```
 */
export interface PlanRotationOptions {
  scope: RotationScope;
  zoneId: string;
  /** The new certificate: the leaf, optionally followed by its chain. */
  certificate: string | Uint8Array;
  /** Its private key (encrypted keys need `passphrase`). Never stored in the state. */
  privateKey: string | Uint8Array;
  passphrase?: string;
  /** The CA(s) the origin trusts, PEM: validation checks the chain against them. */
  caCertificates?: string;
  /** Hostname scope: the hostnames to move (at most 100). Default: every hostname associated
   *  with the old certificate. */
  hostnames?: string[];
  /** Hostname scope: the certificate replaced (default: the one the zone's associations use;
   *  several: an error asks for this). Zone scope: must exist; every other zone certificate is
   *  deleted anyway, so exactly one is left. */
  oldCertId?: string;
  /** Delete the old certificate(s) at the end; default true. */
  deleteOld?: boolean;
  /** First polling interval, default 2000; it grows by half after each poll. */
  pollIntervalMs?: number;
  /** Longest polling interval, default 30000. */
  maxPollIntervalMs?: number;
  /** Overall time-out of the waits (from the start or the resumption), default 900000. */
  timeoutMs?: number;
  /** Hostnames per `PUT …/hostnames`, 1 to 100, default 100. */
  batchSize?: number;
  /** Validation time (ISO string, epoch ms or Date); default now. */
  now?: string | number | Date;
}

/**
 * What {@link rotate} takes: {@link PlanRotationOptions} plus progress, a saved state to resume
 * and an abort signal.
 *
 * @example
 * ```ts
 * import { Client, rotate, type RotateOptions, type RotationState } from 'originpull';
 *
 * let saved: RotationState | undefined;
 * const options: RotateOptions = {
 *   scope: 'zone', zoneId, certificate, privateKey,
 *   onProgress: (event) => { saved = event.state; },
 *   signal: AbortSignal.timeout(25_000),
 * };
 * const result = await rotate(new Client({ token }), options);
 * ```
 */
export interface RotateOptions extends Omit<PlanRotationOptions, 'certificate' | 'privateKey'> {
  /** Required to start; to resume, needed only while the upload is unconfirmed
   *  (`state.newCertId === null`), and then it must be the same certificate. */
  certificate?: string | Uint8Array;
  privateKey?: string | Uint8Array;
  /** Called for every step, request, retry, poll and the end; exceptions are ignored. */
  onProgress?: (event: RotationEvent) => void;
  /** Resume from a saved state (an event's `state`, a result's `state`, or their JSON text). */
  state?: RotationState | string;
  /** Stop between two requests (a wait is cut short) without rolling back: the result is
   *  `outcome: 'failed'`, `error.code: 'ABORTED'`, `resumable: true` (a Worker whose time is up). */
  signal?: AbortSignal;
}

/**
 * One request of a dry run ({@link planRotation}), with the private key redacted.
 *
 * @example
 * ```ts
 * import { planRotation, type RotationStep } from 'originpull';
 *
 * const steps: RotationStep[] = planRotation({ scope: 'zone', zoneId, certificate, privateKey });
 * for (const s of steps) console.log(s.step, s.method, s.path, s.description);
 * ```
 */
export interface RotationStep {
  step: RotationStepName;
  operationId: OperationId;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Below the base URL; unknown ids are written `<new-certificate-id>`, `<old-certificate-id>`. */
  path: string;
  /** JSON text; an upload's `private_key` is `"[REDACTED]"`. */
  body: string | null;
  description: string;
}

/**
 * The step of a rotation a request, an event or a failure belongs to.
 *
 * @example
 * ```ts
 * import { planRotation, type RotationStepName } from 'originpull';
 *
 * const names: RotationStepName[] = planRotation({ scope: 'zone', zoneId, certificate, privateKey }).map((s) => s.step);
 * // ['discover', 'upload', 'wait_certificate', ...]
 * ```
 */
export type RotationStepName =
  | 'discover' | 'upload' | 'wait_certificate' | 'switch' | 'wait_associations' | 'enable_zone'
  | 'delete_old' | 'rollback' | 'done';

/**
 * How a rotation ended: completed, rolled back to the old certificate, or failed on the way.
 *
 * @example
 * ```ts
 * import { Client, rotate, type RotationOutcome } from 'originpull';
 *
 * const result = await rotate(new Client({ token }), { scope: 'zone', zoneId, certificate, privateKey });
 * const outcome: RotationOutcome = result.outcome;
 * if (outcome === 'rolled_back') console.log(result.advice);
 * ```
 */
export type RotationOutcome = 'completed' | 'rolled_back' | 'failed';

/**
 * Why a rotation stopped or rolled back: a code, a message and the step.
 *
 * @example
 * ```ts
 * import { Client, rotate, type RotationFailure } from 'originpull';
 *
 * const result = await rotate(new Client({ token }), { scope: 'zone', zoneId, certificate, privateKey });
 * const error: RotationFailure | null = result.error;
 * if (error) console.log(error.code, error.step, error.status, error.message);
 * ```
 */
export interface RotationFailure {
  /** An ErrorCode, or DEPLOYMENT_TIMED_OUT (Cloudflare's status), ROTATION_TIMEOUT (timeoutMs),
   *  ABORTED (options.signal). */
  code: ErrorCode | 'DEPLOYMENT_TIMED_OUT' | 'ROTATION_TIMEOUT' | 'ABORTED';
  message: string;
  step: RotationStepName;
  /** Cloudflare's HTTP status, for CF_API_ERROR. */
  status: number | null;
}

/**
 * A hostname moved by a rotation: its previous association, and whether it was switched or
 * rolled back.
 *
 * @example
 * ```ts
 * import { Client, rotate, type RotationTarget } from 'originpull';
 *
 * const result = await rotate(new Client({ token }), { scope: 'hostname', zoneId, certificate, privateKey });
 * const moved: RotationTarget[] = result.hostnames.filter((h) => h.switched && !h.rolledBack);
 * ```
 */
export interface RotationTarget {
  hostname: string;
  /** Its association before the rotation (null: none). */
  previous: { certId: string; enabled: boolean } | null;
  /** `enabled` of the new association (kept from the previous one). */
  enabled: boolean;
  switched: boolean;
  rolledBack: boolean;
  /** Its association's status on the new certificate, as last seen. */
  status: CertificateStatus | null;
}

/**
 * Where a rotation is inside its state machine (part of {@link RotationState}).
 *
 * @example
 * ```ts
 * import { Client, rotate, type RotationPhase } from 'originpull';
 *
 * const result = await rotate(new Client({ token }), { scope: 'zone', zoneId, certificate, privateKey });
 * const phase: RotationPhase = result.state.phase;
 * console.log(phase.name); // 'finished'
 * ```
 */
export type RotationPhase =
  | { name: 'list_certificates' }
  | { name: 'list_associations'; page: number }
  | { name: 'upload'; checked: boolean }
  | { name: 'wait_certificate' }
  | { name: 'switch'; batch: number }
  | { name: 'wait_associations'; page: number }
  | { name: 'enable_zone'; checked: boolean }
  | { name: 'check_old_unused'; page: number }
  | { name: 'delete_old' }
  | { name: 'wait_deleted'; redelete: string | null }
  | { name: 'rollback'; batch: number }
  | { name: 'finished' };

/**
 * The whole state of a rotation: JSON-serialisable, without the private key; pass it back to
 * resume.
 *
 * @example
 * ```ts
 * import { Client, rotate, type RotationState } from 'originpull';
 *
 * const client = new Client({ token });
 * const first = await rotate(client, { scope: 'zone', zoneId, certificate, privateKey });
 * const state: RotationState = JSON.parse(JSON.stringify(first.state)); // e.g. stored in KV
 * if (!first.ok && first.resumable) await rotate(client, { scope: 'zone', zoneId, state });
 * ```
 */
export interface RotationState {
  version: 1;
  scope: RotationScope;
  zoneId: string;
  /** The new certificate (PEM, public). */
  certificate: string;
  certificateSha256: string;
  hostnames: string[] | null;
  oldCertId: string | null;
  deleteOld: boolean;
  batchSize: number;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  timeoutMs: number;
  startedAtMs: number;
  deadlineMs: number;
  phase: RotationPhase;
  newCertId: string | null;
  newCertStatus: CertificateStatus | null;
  oldCertIds: string[];
  targets: RotationTarget[];
  /** DELETE accepted. */
  deleted: string[];
  /** Of those, reported `deleted` by Cloudflare since. */
  deletionConfirmed: string[];
  kept: { certId: string; reason: string }[];
  zoneEnabledBefore: boolean | null;
  polls: number;
  intervalMs: number;
  nextPollAtMs: number;
  scratch: { hostname: string; certId: string; enabled: boolean | null; status: string | null }[];
  calls: number;
  rollbackReason: RotationFailure | null;
  stop: { outcome: RotationOutcome; error: RotationFailure | null; resumable: boolean; advice: string } | null;
}

/**
 * A progress event of {@link rotate}: one per step, request, retry, poll and the end, with the
 * state to save.
 *
 * @example
 * ```ts
 * import { Client, rotate, type RotationEvent } from 'originpull';
 *
 * await rotate(new Client({ token }), {
 *   scope: 'zone', zoneId, certificate, privateKey,
 *   onProgress: (e: RotationEvent) => console.log(e.step, e.kind, e.done, e.total, e.message),
 * });
 * ```
 */
export interface RotationEvent {
  step: RotationStepName;
  kind: 'step' | 'request' | 'retry' | 'poll' | 'wait' | 'done';
  /** Requests: the attempt within the step; polls: the poll number. */
  attempt: number;
  /** Polls: the status seen; requests: the HTTP status, 'network_error' or 'timeout'. */
  status: string | null;
  elapsedMs: number;
  /** Work done and total in the step (associations active, batches sent), 0 when not countable. */
  done: number;
  total: number;
  message: string;
  /** Save it to resume (`options.state`). */
  state: RotationState;
}

/**
 * How a rotation ended: the outcome, the certificates created and deleted, the hostnames moved,
 * and advice.
 *
 * @example
 * ```ts
 * import { Client, rotate, type RotationResult } from 'originpull';
 *
 * const result: RotationResult = await rotate(new Client({ token }), { scope: 'zone', zoneId, certificate, privateKey });
 * console.log(result.ok, result.newCertId, result.deleted, result.calls, result.advice);
 * ```
 */
export interface RotationResult {
  ok: boolean;
  outcome: RotationOutcome;
  scope: RotationScope;
  zoneId: string;
  newCertId: string | null;
  oldCertIds: string[];
  /** Old certificates deleted (the rotation waits until Cloudflare reports them deleted). */
  deleted: string[];
  /** Of those, the ones still `pending_deletion` when the time-out ended the wait; they
   *  finish on their own. */
  deletionPending: string[];
  kept: { certId: string; reason: string }[];
  hostnames: RotationTarget[];
  error: RotationFailure | null;
  /** Running again with `state` continues (after a failure on the way). */
  resumable: boolean;
  /** What happened and what to do. */
  advice: string;
  /** API requests sent, retries included. */
  calls: number;
  elapsedMs: number;
  state: RotationState;
}

/**
 * Every request of a successful rotation, in order; nothing is sent.
 *
 * The certificate and key are validated first (as {@link validateUpload}); the private key is
 * `[REDACTED]` in the bodies.
 *
 * @throws OriginpullError `VALIDATION_FAILED` (the certificate and key have error findings),
 *   `INVALID_ARGUMENT`, `INPUT_TOO_LARGE`.
 *
 * @example
 * ```ts
 * import { planRotation } from 'originpull';
 *
 * for (const step of planRotation({ scope: 'hostname', zoneId, certificate, privateKey, hostnames: ['app.example.com'] })) {
 *   console.log(`${step.method} ${step.path}  ${step.description}`);
 * }
 * ```
 */
export function planRotation(options: PlanRotationOptions): RotationStep[];

/**
 * Replace a certificate without downtime: upload, wait until active, switch, wait, delete the
 * old one; roll back on failure.
 *
 * Resolves also when the rotation failed or rolled back (see `ok`, `outcome`, `error`,
 * `advice`). Every progress event carries the state to save; pass it back as `options.state` to
 * resume. `options.signal` stops it between two requests without rolling back.
 *
 * @throws OriginpullError (rejects) `VALIDATION_FAILED`, `INVALID_ARGUMENT` before anything is sent.
 *
 * @example
 * ```ts
 * import { Client, rotate } from 'originpull';
 *
 * const result = await rotate(new Client({ token }), {
 *   scope: 'hostname', zoneId, certificate, privateKey,
 *   onProgress: (e) => console.log(e.message),
 * });
 * if (!result.ok) console.error(result.outcome, result.error?.code, result.advice);
 * ```
 */
export function rotate(client: Client, options: RotateOptions): Promise<RotationResult>;

/**
 * The key types minting makes: ECDSA on P-256 (the default) or P-384, or RSA of 2048, 3072 or
 * 4096 bits (generated with WebCrypto, `crypto.subtle`: in browsers only on https:// or
 * localhost pages).
 *
 * @example
 * ```ts
 * import { createCA, type KeyType } from 'originpull';
 *
 * const keyType: KeyType = 'P-384';
 * const ca = await createCA({ commonName: 'Example origin-pull CA', keyType });
 * ```
 */
export type KeyType = 'P-256' | 'P-384' | 'RSA-2048' | 'RSA-3072' | 'RSA-4096';

/**
 * Options of {@link createCA}.
 *
 * @example
 * ```ts
 * import { createCA, type CreateCAOptions } from 'originpull';
 *
 * const options: CreateCAOptions = { commonName: 'Example origin-pull CA', organization: 'Example, Inc.', validityDays: 3650 };
 * const { certificate } = await createCA(options);
 * ```
 */
export interface CreateCAOptions {
  /** The CA's common name: 1 to 64 characters, no control characters, no spaces at either end. */
  commonName: string;
  /** An organization name (O=) in the subject, with the same rules. */
  organization?: string;
  /** A whole number of days, at least 1 (default 3650). notBefore is 5 minutes before `now`. */
  validityDays?: number;
  /** Default `'P-256'`. */
  keyType?: KeyType;
  /** When it is minted: an ISO string, epoch milliseconds or a Date; default now. */
  now?: string | number | Date;
}

/**
 * A new CA from {@link createCA}: its certificate and its private key, both PEM.
 *
 * @example
 * ```ts
 * import { createCA, type MintedCA } from 'originpull';
 *
 * const ca: MintedCA = await createCA({ commonName: 'Example origin-pull CA' });
 * // ca.certificate goes on the origin (ssl_client_certificate); ca.privateKey stays offline.
 * ```
 */
export interface MintedCA {
  /** The self-signed CA certificate, PEM. */
  certificate: string;
  /** Its private key, unencrypted PKCS#8 PEM (`PRIVATE KEY`). Keep it offline. */
  privateKey: string;
}

/**
 * Options of {@link issueClientCertificate}.
 *
 * @example
 * ```ts
 * import { issueClientCertificate, type IssueClientCertificateOptions } from 'originpull';
 *
 * const options: IssueClientCertificateOptions = {
 *   ca: { certificate: caPem, privateKey: keyPem, passphrase: 'secret' },
 *   commonName: 'origin-pull client',
 *   dnsNames: ['app.example.com'],
 * };
 * const client = await issueClientCertificate(options);
 * ```
 */
export interface IssueClientCertificateOptions {
  /** The CA (its certificate first; any certificates after it come back as `chain`) and its key
   *  (PEM or DER; encrypted keys need `passphrase`). */
  ca: { certificate: string | Uint8Array; privateKey: string | Uint8Array; passphrase?: string };
  /** The client certificate's common name (same rules as {@link CreateCAOptions.commonName}). */
  commonName: string;
  /** A whole number of days, at least 1 (default 398); it must end before the CA does. */
  validityDays?: number;
  /** Default `'P-256'`. */
  keyType?: KeyType;
  /** DNS names for the subjectAltName (at most 100; IDNs become A-labels; `*.` is kept). */
  dnsNames?: string[];
  /** When it is minted: an ISO string, epoch milliseconds or a Date; default now. */
  now?: string | number | Date;
}

/**
 * A client certificate from {@link issueClientCertificate}, its new key and the CA chain.
 *
 * @example
 * ```ts
 * import { issueClientCertificate, validateUpload, type MintedClientCertificate } from 'originpull';
 *
 * const client: MintedClientCertificate = await issueClientCertificate({ ca: { certificate: caPem, privateKey: keyPem }, commonName: 'origin-pull client' });
 * const report = validateUpload({ certificate: client.certificate, privateKey: client.privateKey, caCertificates: client.chain });
 * console.log(report.ok); // true, with no error or warning finding
 * ```
 */
export interface MintedClientCertificate {
  /** The client certificate, PEM: what Cloudflare presents (upload it with `privateKey`). */
  certificate: string;
  /** Its new private key, unencrypted PKCS#8 PEM (`PRIVATE KEY`). */
  privateKey: string;
  /** The CA certificate(s) as given in `ca.certificate`, PEM, issuer first: what the origin trusts. */
  chain: string;
}

/**
 * Options of {@link createCertificateRequest}.
 *
 * @example
 * ```ts
 * import { createCertificateRequest, type CreateCertificateRequestOptions } from 'originpull';
 *
 * const options: CreateCertificateRequestOptions = { commonName: 'origin-pull client', keyType: 'RSA-2048' };
 * const { csr } = await createCertificateRequest(options);
 * ```
 */
export interface CreateCertificateRequestOptions {
  /** The request's common name (same rules as {@link CreateCAOptions.commonName}). */
  commonName: string;
  /** Default `'P-256'`. */
  keyType?: KeyType;
  /** DNS names asked for in the extensionRequest's subjectAltName. */
  dnsNames?: string[];
}

/**
 * A certificate signing request from {@link createCertificateRequest} and its new key.
 *
 * @example
 * ```ts
 * import { createCertificateRequest, type MintedRequest } from 'originpull';
 *
 * const { csr, privateKey }: MintedRequest = await createCertificateRequest({ commonName: 'origin-pull client' });
 * // Send csr to your CA; keep privateKey for the upload with the certificate it returns.
 * ```
 */
export interface MintedRequest {
  /** The request, PEM (`CERTIFICATE REQUEST`): PKCS#10, signed by the new key. */
  csr: string;
  /** Its new private key, unencrypted PKCS#8 PEM (`PRIVATE KEY`). */
  privateKey: string;
}

/**
 * Create a private CA for Authenticated Origin Pulls: a self-signed certificate and a new key.
 *
 * basicConstraints CA:TRUE with pathLen 0 and keyUsage keyCertSign, cRLSign (both critical),
 * a subject key identifier, a random 16-byte serial. Every option is checked before the key is
 * made: `INVALID_ARGUMENT` names the bad one; `KEYGEN_UNAVAILABLE` for an RSA key where
 * WebCrypto is missing. The key is returned once, unencrypted: store it offline.
 *
 * @example
 * ```ts
 * import { createCA } from 'originpull';
 *
 * const ca = await createCA({ commonName: 'Example origin-pull CA', organization: 'Example, Inc.' });
 * console.log(ca.certificate); // -----BEGIN CERTIFICATE----- ...
 * ```
 */
export function createCA(options: CreateCAOptions): Promise<MintedCA>;

/**
 * Issue a client certificate for Cloudflare to present, signed by your CA, with a new key.
 *
 * basicConstraints CA:FALSE and keyUsage digitalSignature (critical), extendedKeyUsage
 * clientAuth, subject and authority key identifiers, a random positive 16-byte serial, the
 * issuer copied from the CA's subject; signed with SHA-256 (RSA and P-256 CAs), SHA-384
 * (P-384), SHA-512 (P-521) or Ed25519. It passes {@link validateUpload} against the CA with
 * no error or warning. The CA is checked first: `CA_NOT_A_CA`, `KEY_MISMATCH`,
 * `KEY_ENCRYPTED` (no passphrase), `KEY_PASSPHRASE_WRONG`, `UNSUPPORTED_KEY_TYPE`,
 * `WEAK_KEY`, `CA_EXPIRES_TOO_SOON` (the certificate would outlive the CA), `INVALID_ARGUMENT`.
 *
 * @example
 * ```ts
 * import { issueClientCertificate } from 'originpull';
 *
 * const client = await issueClientCertificate({ ca: { certificate: caPem, privateKey: keyPem }, commonName: 'origin-pull client', validityDays: 398 });
 * console.log(client.certificate, client.privateKey, client.chain);
 * ```
 */
export function issueClientCertificate(options: IssueClientCertificateOptions): Promise<MintedClientCertificate>;

/**
 * Create a certificate signing request (PKCS#10) and its new key, for a PKI of your own to sign.
 *
 * It asks for keyUsage digitalSignature, extendedKeyUsage clientAuth and the DNS names (your CA
 * decides what it grants). {@link inspect} reads it back (`requests`).
 *
 * @example
 * ```ts
 * import { createCertificateRequest } from 'originpull';
 *
 * const { csr, privateKey } = await createCertificateRequest({ commonName: 'origin-pull client', dnsNames: ['app.example.com'] });
 * ```
 */
export function createCertificateRequest(options: CreateCertificateRequestOptions): Promise<MintedRequest>;
// ---- The origin's side ----------------------------------------------------------------------

/**
 * The origin servers {@link originConfig} writes configuration for.
 *
 * @example
 * ```ts
 * import { originConfig, type OriginServer } from 'originpull';
 *
 * const server: OriginServer = 'nginx';
 * console.log(originConfig({ server }));
 * ```
 */
export type OriginServer = 'nginx' | 'apache' | 'caddy' | 'haproxy' | 'envoy';

/**
 * What {@link originConfig} writes for: the server, where the CA file goes, the hostnames.
 *
 * @example
 * ```ts
 * import { originConfig, type OriginConfigOptions } from 'originpull';
 *
 * const options: OriginConfigOptions = { server: 'caddy', caPath: '/etc/caddy/aop-ca.pem', hostnames: ['app.example.com'] };
 * console.log(originConfig(options));
 * ```
 */
export interface OriginConfigOptions {
  server: OriginServer;
  /** Where the CA certificate file goes on the origin (default: beside the server's
   *  configuration, e.g. `/etc/nginx/origin-pull-ca.pem`). ASCII letters, digits and
   *  `/ . _ - + @ : , = ~` only: quotes, whitespace, `;`, braces, `#`, `$` and backslashes are
   *  refused, as they would change the configuration around the path. */
  caPath?: string;
  /** The hostnames the origin serves (at most 100), checked and normalised as the API's are
   *  (lowercase, punycode); used for the server block, site address or filter chain, and the
   *  test commands. */
  hostnames?: string[];
}

/**
 * The configuration that makes an origin server require and verify Cloudflare's client certificate.
 *
 * The text to paste, for nginx, Apache, Caddy (2.8+), HAProxy or Envoy: the CA file, the
 * directives that require and verify the certificate and where they go (which block, which
 * file), Cloudflare's side (AOP must also be enabled in Cloudflare, before the origin enforces
 * it), how to check and reload, and the test to run afterwards (`originpull probe`, or curl
 * with and without `--cert`). Every line that is not configuration starts with `#`.
 *
 * @throws OriginpullError `INVALID_ARGUMENT`: an unknown server, a `caPath` that could change
 *   the configuration around it, a bad hostname (named by its index).
 *
 * @example
 * ```ts
 * import { originConfig } from 'originpull';
 *
 * const text = originConfig({ server: 'nginx', caPath: '/etc/nginx/aop-ca.pem', hostnames: ['app.example.com'] });
 * // ... ssl_client_certificate /etc/nginx/aop-ca.pem;\nssl_verify_client on; ...
 * console.log(text);
 * ```
 */
export function originConfig(options: OriginConfigOptions): string;

/**
 * What {@link probeOrigin} connects to, and with which client certificate.
 *
 * @example
 * ```ts
 * import { probeOrigin, type ProbeOptions } from 'originpull';
 *
 * const options: ProbeOptions = { url: 'https://203.0.113.10/', servername: 'app.example.com', certificate, privateKey, insecure: true };
 * console.log((await probeOrigin(options)).enforced);
 * ```
 */
export interface ProbeOptions {
  /** The origin itself, not the hostname behind Cloudflare: `https://ORIGIN_IP[:port]/path`
   *  (without a scheme, `https://` is assumed). One GET is sent to this path. */
  url: string;
  /** The client certificate (PEM; a chain after it is sent too). */
  certificate: string | Uint8Array;
  /** Its private key (PEM). Used by node:tls only; never in a result, an error or a log. */
  privateKey: string | Uint8Array;
  /** The passphrase of an encrypted `privateKey`. */
  passphrase?: string;
  /** PEM of the CA that issued the origin's server certificate (e.g. Cloudflare's Origin CA
   *  root), added to Node's root certificates. */
  serverCa?: string | Uint8Array;
  /** Skip the check of the origin's server certificate (the probe is about the client's). */
  insecure?: boolean;
  /** The name sent as SNI and checked in the server certificate, and the `Host` header:
   *  the hostname the origin serves when `url` holds its IP address. */
  servername?: string;
  /** Time limit of each of the two connections, in ms (1 to 300000; default 10000). */
  timeoutMs?: number;
}

/**
 * How {@link probeOrigin} judged the origin; only `ENFORCED` is good.
 *
 * `OPTIONAL`: asks for a certificate, serves without one. `NOT_REQUESTED`: does not ask at
 * all. `CERTIFICATE_REFUSED`: refuses without a certificate, and with this one too.
 *
 * @example
 * ```ts
 * import { probeOrigin, type ProbeVerdict } from 'originpull';
 *
 * const verdict: ProbeVerdict = (await probeOrigin({ url: 'https://203.0.113.10/', certificate, privateKey })).verdict;
 * if (verdict === 'OPTIONAL') console.log('set ssl_verify_client on');
 * ```
 */
export type ProbeVerdict = 'ENFORCED' | 'OPTIONAL' | 'NOT_REQUESTED' | 'CERTIFICATE_REFUSED';

/**
 * One of {@link probeOrigin}'s two connections: was it accepted, and how did the origin answer.
 *
 * @example
 * ```ts
 * import { probeOrigin, type ProbeAttempt } from 'originpull';
 *
 * const { withoutCertificate }: { withoutCertificate: ProbeAttempt } = await probeOrigin({ url: 'https://203.0.113.10/', certificate, privateKey });
 * console.log(withoutCertificate.accepted, withoutCertificate.detail);
 * ```
 */
export interface ProbeAttempt {
  /** The origin answered HTTP other than a client-certificate refusal (nginx's 400 pages,
   *  495, 496, 403). */
  accepted: boolean;
  /** The HTTP status; `null` when the connection ended without an answer (a TLS alert). */
  status: number | null;
  /** What happened, for people: the TLS alert or the page, the TLS version, whether the origin
   *  asked for a certificate. */
  detail: string;
  /** Whether the origin asked for a client certificate (a CertificateRequest); `null` when the
   *  handshake did not finish. */
  certificateRequested: boolean | null;
}

/**
 * The verdict of {@link probeOrigin}: `enforced`, how each connection went, and what to do.
 *
 * @example
 * ```ts
 * import { probeOrigin, type ProbeResult } from 'originpull';
 *
 * const result: ProbeResult = await probeOrigin({ url: 'https://203.0.113.10/', certificate, privateKey });
 * console.log(result.enforced, result.verdict, result.advice);
 * ```
 */
export interface ProbeResult {
  /** True only when the origin refused the connection without a certificate and accepted the
   *  one with it. */
  enforced: boolean;
  verdict: ProbeVerdict;
  withoutCertificate: ProbeAttempt;
  withCertificate: ProbeAttempt;
  /** What the verdict means and what to change (directives, CA file, Cloudflare's side). */
  advice: string;
}

/**
 * Does the origin really enforce Authenticated Origin Pulls? Node only.
 *
 * Connects twice, straight to the origin: without a client certificate, then with
 * `certificate` and `privateKey`, each with one GET. Recognises a TLS alert (TLS 1.3 sends
 * "certificate required" after the handshake, read with the first answer), nginx's 400 "No
 * required SSL certificate was sent" and "The SSL certificate error" pages, 495/496 and 403,
 * and whether the origin asked for a certificate at all. A browser or a Worker cannot present
 * a client certificate on a connection it opens: outside Node this rejects with
 * `INVALID_ARGUMENT`.
 *
 * @throws OriginpullError (rejects) `INVALID_ARGUMENT`, `PEM_INVALID`, `KEY_INVALID`
 *   (checked before connecting; an encrypted key without its passphrase, a key that does not
 *   match), `NETWORK_ERROR` (origin unreachable or not speaking TLS, a handshake failure that
 *   has nothing to do with client certificates, or a server certificate that is not trusted:
 *   pass `serverCa` or `insecure`), `TIMEOUT`.
 *
 * @example
 * ```ts
 * import { probeOrigin } from 'originpull';
 *
 * const result = await probeOrigin({ url: 'https://203.0.113.10/', servername: 'app.example.com', certificate, privateKey });
 * if (!result.enforced) console.error(result.verdict, result.withoutCertificate.detail, result.advice);
 * ```
 */
export function probeOrigin(options: ProbeOptions): Promise<ProbeResult>;
