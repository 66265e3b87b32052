// Type definitions for originpull: the public contract (see README.md). Hand-written and
// checked by `tsc` in the tests; every result shape is spelled out, no `any`.

/** Every error originpull throws is an `Error` with one of these codes. */
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

export interface Inspection {
  certificates: CertificateInfo[];
  privateKeys: KeyInfo[];
  /** Blocks that were read but are neither certificates nor keys (EC PARAMETERS, CSRs, ...). */
  ignored: { label: string; reason: string }[];
}

/** Every finding code validateUpload can report (see the README for each). */
export type FindingCode =
  | 'PEM_INVALID' | 'NO_CERTIFICATE' | 'NO_PRIVATE_KEY' | 'MULTIPLE_PRIVATE_KEYS' | 'KEY_INVALID'
  | 'KEY_ENCRYPTED' | 'KEY_PASSPHRASE_WRONG' | 'LEAF_IS_CA' | 'KEY_MISMATCH' | 'UNSUPPORTED_KEY_TYPE'
  | 'CHAIN_ORDER' | 'CHAIN_BROKEN' | 'CA_VERIFY_FAILED' | 'CERT_EXPIRED' | 'CERT_NOT_YET_VALID'
  | 'MISSING_CLIENT_AUTH_EKU' | 'KEY_USAGE_NO_DIGITAL_SIGNATURE' | 'WEAK_KEY' | 'WEAK_SIGNATURE_ALGORITHM'
  | 'UNKNOWN_CRITICAL_EXTENSION' | 'CERT_EXPIRES_SOON' | 'ANY_EKU_ONLY' | 'CHAIN_INCLUDES_ROOT'
  | 'CHAIN_DUPLICATE' | 'CHAIN_SIGNATURE_UNCHECKED' | 'BLOCK_IGNORED' | 'NO_EKU' | 'CA_NOT_GIVEN';

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

export interface UploadInput {
  /** The leaf, optionally followed by its chain (PEM text, or DER/PEM bytes). */
  certificate: string | Uint8Array;
  privateKey?: string | Uint8Array;
  passphrase?: string;
  /** The CA(s) the origin trusts, PEM. */
  caCertificates?: string;
  scope?: 'zone' | 'hostname';
}

export interface ValidateOptions {
  /** ISO 8601 string, epoch milliseconds or a Date; default: the current time. */
  now?: string | number | Date;
  /** Warn when a certificate expires within this many days (default 30). */
  expiryWarningDays?: number;
}

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
 * @throws OriginpullError `PEM_INVALID`, `KEY_INVALID`, `INPUT_TOO_LARGE`, `INVALID_ARGUMENT`.
 */
export function inspect(input: string | Uint8Array, options?: { passphrase?: string }): Inspection;

/**
 * Check an upload before it leaves the machine. Problems with the input are findings, not
 * exceptions.
 * @throws OriginpullError `INPUT_TOO_LARGE`, `INVALID_ARGUMENT`.
 */
export function validateUpload(input: UploadInput, options?: ValidateOptions): Report;

/**
 * Every certificate in `input`, in input order.
 * @throws OriginpullError `PEM_INVALID`, `NO_CERTIFICATE`, `INPUT_TOO_LARGE`, `INVALID_ARGUMENT`.
 */
export function inspectCertificates(input: string | Uint8Array): CertificateInfo[];

// ---- Cloudflare API: requests as data ---------------------------------------------------

/** One item of a Cloudflare envelope's `errors` or `messages`. */
export interface ApiMessage {
  code: number;
  message: string;
}

/** A failure reported by Cloudflare (or a response that was not an API envelope). */
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

/** The `status` filter of the association list (one value per request). */
export type AssociationStatusFilter =
  | 'active'
  | 'pending_deployment'
  | 'pending_deletion'
  | 'deleted'
  | 'deployment_timed_out'
  | 'deletion_timed_out'
  | 'all';

/** Upload body: PEM leaf (optionally followed by its chain) and its unencrypted PEM key. */
export interface UploadPayload {
  certificate: string;
  private_key: string;
}

/** One association item: `enabled` true (send the certificate), false (keep the association,
 *  send none) or null (void the association); `cert_id` is required even when voiding. */
export interface HostnameAssociation {
  hostname: string;
  cert_id: string;
  enabled: boolean | null;
}

/** Zone id: 32 hexadecimal characters. Certificate id: UUID or 32 hex. Hostnames are
 *  lowercased and converted to punycode (`bücher.example` -> `xn--bcher-kva.example`). */
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

/** The 13 operationIds of Cloudflare's AOP schema. */
export type OperationId = keyof OperationParams;

export interface BuildRequestOptions {
  /** Default `https://api.cloudflare.com/client/v4`; trailing slashes are removed. */
  baseUrl?: string;
  /** API token; only when given does the request carry `authorization: Bearer <token>`. */
  token?: string;
}

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
 * Params use the schema's names (`zone_id`, `certificate_id`, `hostname`, `page`, `per_page`,
 * `status`) and `body`; unknown or unused parameters and undocumented body fields are refused.
 * @throws OriginpullError `INVALID_ARGUMENT` (unknown operationId, bad zone id, certificate id,
 *   hostname, paging, status or body), before anything is built.
 */
export function buildRequest<Op extends OperationId>(
  operationId: Op,
  params: OperationParams[Op],
  options?: BuildRequestOptions,
): BuiltRequest;

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
 * Read a Cloudflare API response (status, `cf-ray` header, body text).
 * @throws CfApiError `CF_API_ERROR` when the status is not 2xx, `success` is not true, or the
 *   body is not a JSON envelope; OriginpullError `INVALID_ARGUMENT` for a bad status.
 */
export function parseResponse(status: number, rayId: string | null | undefined, body: string): ParsedResponse;

// ---- Cloudflare API: the Client ---------------------------------------------------------

/** Status of a certificate or an association (AOP-API.md section 3). */
export type CertificateStatus =
  | 'initializing'
  | 'pending_deployment'
  | 'active'
  | 'pending_deletion'
  | 'deleted'
  | 'deployment_timed_out'
  | 'deletion_timed_out';

/** A zone-level certificate (`zone-authenticated-origin-pull`), as Cloudflare sends it. */
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

/** A per-hostname certificate (`certificateObject-2`). */
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

/** The zone-level AOP switch. */
export interface ZoneSetting {
  enabled: boolean;
  [key: string]: unknown;
}

/** One hostname's association and its certificate (`hostname_certid_object`), from getHostname. */
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

/** One item of setHostnames' answer (`hostname-authenticated-origin-pull`): every
 *  association of the zone, not only those sent (P6). */
export interface HostnameAssociationRecord extends HostnameStatus {
  /** In the schema; not reliably returned. */
  id?: string;
}

/** One item of listHostnames (`hostname_assoc_object`). */
export interface AssociationListItem {
  hostname: string;
  cert_id: string;
  enabled: boolean | null;
  status: CertificateStatus;
  created_at: string;
  updated_at: string;
  [key: string]: unknown;
}

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

export interface ListHostnamesOptions {
  /** >= 1; Cloudflare's default 1. */
  page?: number;
  /** 1 to 1000; Cloudflare's default 50. */
  perPage?: number;
  /** Cloudflare's default 'active'. */
  status?: AssociationStatusFilter;
}

/**
 * The Cloudflare AOP API. Every method returns a Promise of the `result` exactly as
 * Cloudflare sends it. Failures reject with `INVALID_ARGUMENT` (bad zone id, certificate id,
 * hostname or body, before anything is sent), `CF_API_ERROR` ({@link CfApiError}),
 * `NETWORK_ERROR` or `TIMEOUT`. GET, PUT and DELETE are retried after 408, 429 (honouring
 * Retry-After), 5xx, network errors and time-outs, with exponential back-off and jitter. An
 * upload whose outcome is unknown is never repeated blindly: the certificates are listed and,
 * if the upload happened, the listed certificate is returned; otherwise it is sent once more.
 */
export class Client {
  constructor(options?: ClientOptions);
  listZoneCertificates(zoneId: string): Promise<ZoneCertificate[]>;
  uploadZoneCertificate(zoneId: string, body: UploadPayload): Promise<ZoneCertificate>;
  getZoneCertificate(zoneId: string, certId: string): Promise<ZoneCertificate>;
  deleteZoneCertificate(zoneId: string, certId: string): Promise<ZoneCertificate>;
  getZoneSetting(zoneId: string): Promise<ZoneSetting>;
  setZoneSetting(zoneId: string, enabled: boolean): Promise<ZoneSetting>;
  listHostnameCertificates(zoneId: string): Promise<HostnameCertificate[]>;
  uploadHostnameCertificate(zoneId: string, body: UploadPayload): Promise<HostnameCertificate>;
  getHostnameCertificate(zoneId: string, certId: string): Promise<HostnameCertificate>;
  deleteHostnameCertificate(zoneId: string, certId: string): Promise<HostnameCertificate>;
  setHostnames(zoneId: string, config: HostnameAssociation[]): Promise<HostnameAssociationRecord[]>;
  getHostname(zoneId: string, hostname: string): Promise<HostnameStatus>;
  listHostnames(zoneId: string, options?: ListHostnamesOptions): Promise<AssociationListItem[]>;
}

// ---- Rotation -----------------------------------------------------------------------------

export type RotationScope = 'hostname' | 'zone';

/** What `planRotation` and `rotate` take (the contract's options). */
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

/** One request of a dry run. */
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

export type RotationStepName =
  | 'discover' | 'upload' | 'wait_certificate' | 'switch' | 'wait_associations' | 'enable_zone'
  | 'delete_old' | 'rollback' | 'done';

export type RotationOutcome = 'completed' | 'rolled_back' | 'failed';

/** Why a rotation stopped. */
export interface RotationFailure {
  /** An ErrorCode, or DEPLOYMENT_TIMED_OUT (Cloudflare's status), ROTATION_TIMEOUT (timeoutMs),
   *  ABORTED (options.signal). */
  code: ErrorCode | 'DEPLOYMENT_TIMED_OUT' | 'ROTATION_TIMEOUT' | 'ABORTED';
  message: string;
  step: RotationStepName;
  /** Cloudflare's HTTP status, for CF_API_ERROR. */
  status: number | null;
}

/** A hostname moved by the rotation. */
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

/** The whole rotation state: JSON-serialisable, never holds the private key. */
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

/** A progress event. */
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
 * @throws OriginpullError `VALIDATION_FAILED` (the certificate and key have error findings),
 *   `INVALID_ARGUMENT`, `INPUT_TOO_LARGE`.
 */
export function planRotation(options: PlanRotationOptions): RotationStep[];

/**
 * Replace a certificate without downtime. Resolves also when the rotation failed or rolled
 * back (see `ok`, `outcome`, `error`, `advice`).
 * @throws OriginpullError (rejects) `VALIDATION_FAILED`, `INVALID_ARGUMENT` before anything is sent.
 */
export function rotate(client: Client, options: RotateOptions): Promise<RotationResult>;
