// What every command shares: output that survives a closed pipe, errors in the CLI's own
// words with the documented exit codes, files read within the 1 MiB limit, options common to
// the API commands, tables on a terminal, and the confirmation for destructive commands.
import { openSync, fstatSync, readSync, closeSync, statSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import * as op from 'originpull';

/** Exit codes (README "Command line"). */
export const EXIT = Object.freeze({ OK: 0, NOT_OK: 1, USAGE: 2, API: 3 });

/** The same limit as the core's (MAX_INPUT_BYTES): files are refused above it, unread. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** A usage error: a bad option, argument or file. Exit 2. */
export class Usage extends Error {}
/** A command that ran and did not succeed (declined confirmation, refused upload). Exit 1. */
export class NotDone extends Error {}

// ---- output: a closed pipe stops printing, never the work ----------------------------------

const closed = { stdout: false, stderr: false };
for (const name of ['stdout', 'stderr']) {
  process[name].on('error', () => {
    // EPIPE (`| head -1`) and the like: stop writing to this stream; the command goes on.
    closed[name] = true;
  });
}
function write(name, text) {
  if (closed[name]) return;
  try {
    process[name].write(text);
  } catch {
    closed[name] = true;
  }
}
export const out = (line = '') => write('stdout', `${line}\n`);
export const err = (line = '') => write('stderr', `${line}\n`);
export const errRaw = (text) => write('stderr', text);

// ---- words: the CLI's option names, not the JavaScript ones --------------------------------

const WORDS = [
  [/options\.hostnames\[\d*\]/g, '--hostname'],
  [/options\.hostnames/g, '--hostname'],
  [/options\.zoneId/g, '--zone'],
  [/options\.oldCertId/g, '--old-cert'],
  [/options\.scope/g, '--scope'],
  [/options\.pollIntervalMs/g, '--poll-interval-ms'],
  [/options\.timeoutMs/g, '--timeout-ms'],
  [/options\.state(\.[\w.[\]]+)?/g, 'the --state file'],
  [/options\.passphrase/g, '--passphrase-env'],
  [/\bzone_id\b/g, '--zone'],
  [/\bcertificate_id\b/g, 'the certificate id'],
  [/\boldCertId\b/g, '--old-cert'],
  [/\bhostnames\[\]/g, '--hostname'],
];
/** A core message with the JavaScript names replaced by the CLI's. */
export function cliWords(text) {
  let s = String(text ?? '');
  for (const [re, to] of WORDS) s = s.replace(re, to);
  return s;
}

/** Fixes written for the page, in the CLI's terms. */
const CLI_HINTS = {
  KEY_ENCRYPTED: 'Give the passphrase with --passphrase-env NAME (the passphrase in the environment variable NAME; originpull decrypts the key locally and uploads it unencrypted), or decrypt it yourself: openssl pkey -in key.pem -out key-plain.pem',
  KEY_PASSPHRASE_WRONG: 'Check the passphrase in the variable named by --passphrase-env (it is case-sensitive); test it with: openssl pkey -in key.pem -noout',
  NO_PRIVATE_KEY: 'Give the key with --key FILE.',
  CA_NOT_GIVEN: 'Pass --ca FILE with the CA certificate(s) your origin trusts (nginx: ssl_client_certificate; Apache: SSLCACertificateFile) to check the whole path.',
};
export function cliHint(finding) {
  return CLI_HINTS[finding.code] ?? cliWords(finding.hint);
}

// ---- errors ---------------------------------------------------------------------------------

const API_CODES = new Set(['CF_API_ERROR', 'NETWORK_ERROR', 'TIMEOUT']);
const USAGE_CODES = new Set(['INVALID_ARGUMENT', 'PEM_INVALID', 'KEY_INVALID', 'INPUT_TOO_LARGE', 'NO_CERTIFICATE',
  // mint client: a CA file or key that cannot issue (thrown by the minting functions only).
  'CA_NOT_A_CA', 'KEY_MISMATCH', 'KEY_ENCRYPTED', 'KEY_PASSPHRASE_WRONG', 'UNSUPPORTED_KEY_TYPE', 'WEAK_KEY', 'CA_EXPIRES_TOO_SOON']);

/** The exit code for an error code (thrown, or a rotation's `error.code`). */
export function exitFor(code) {
  if (API_CODES.has(code)) return EXIT.API;
  if (USAGE_CODES.has(code)) return EXIT.USAGE;
  return EXIT.NOT_OK;
}

/** The lines that explain a coded error: Cloudflare's codes and messages, ray id, hint. */
export function explain(e) {
  const lines = [`${e.code ?? 'ERROR'}: ${cliWords(e.message)}`];
  if (e.code === 'CF_API_ERROR') {
    for (const x of e.errors ?? []) lines.push(`  cloudflare error ${x.code}: ${x.message}`);
    if (e.status) lines.push(`  http status: ${e.status}`);
    if (e.rayId) lines.push(`  ray id: ${e.rayId} (quote it to Cloudflare support)`);
    if (e.hint) lines.push(`  hint: ${cliWords(e.hint)}`);
  } else if (e.code === 'NETWORK_ERROR' || e.code === 'TIMEOUT') {
    lines.push('  hint: check --base-url (or CLOUDFLARE_API_BASE_URL) and the network; nothing was changed by the request that failed');
  } else if (e.code === 'VALIDATION_FAILED') {
    lines.push(`  hint: run originpull validate with the same --cert and --key for the findings and their fixes`);
  }
  return lines;
}

/** An error as JSON (for --json): never holds a token or key material. */
export function errorJson(e) {
  const o = { code: e.code ?? 'ERROR', message: cliWords(e.message) };
  for (const k of ['status', 'errors', 'rayId', 'hint', 'codes']) if (e[k] !== undefined && e[k] !== null) o[k] = e[k];
  return o;
}

// ---- files ----------------------------------------------------------------------------------

const READ_ERRORS = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ELOOP: 'too many symbolic links',
  ENOTDIR: 'a part of the path is not a directory',
};

/**
 * A file's content as the core takes it (PEM text, or DER bytes). Refused, unread: anything
 * but a regular file (a device like /dev/zero, a FIFO, a directory) and a file over 1 MiB.
 */
export function readInput(file, what) {
  if (!file) throw new Usage(`${what} is required`);
  let fd;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new Usage(`cannot read ${what} ${file}: ${READ_ERRORS[e.code] ?? e.message}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Usage(`cannot read ${what} ${file}: ${st.isDirectory() ? 'it is a directory' : 'not a regular file'}`);
    if (st.size > MAX_FILE_BYTES) throw new Usage(`${what} ${file} is ${st.size} bytes, more than the ${MAX_FILE_BYTES}-byte (1 MiB) limit`);
    // Read at most one byte past the limit, whatever the size said (the file may grow).
    const buf = Buffer.alloc(Math.min(st.size, MAX_FILE_BYTES) + 1);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n === buf.length) break;
    }
    if (n > MAX_FILE_BYTES) throw new Usage(`${what} ${file} is more than the ${MAX_FILE_BYTES}-byte (1 MiB) limit`);
    const bytes = buf.subarray(0, n);
    const text = bytes.toString('utf8');
    return text.includes('-----BEGIN') ? text : new Uint8Array(bytes);
  } catch (e) {
    if (e instanceof Usage) throw e;
    throw new Usage(`cannot read ${what} ${file}: ${READ_ERRORS[e.code] ?? e.message}`);
  } finally {
    closeSync(fd);
  }
}

/** The passphrase from the environment variable named by --passphrase-env. */
export function passphrase(values) {
  const name = values['passphrase-env'];
  if (!name) return undefined;
  const v = process.env[name];
  if (v === undefined) throw new Usage(`--passphrase-env ${name}: that environment variable is not set`);
  return v;
}

export function int(values, name) {
  if (values[name] === undefined) return undefined;
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) throw new Usage(`--${name} must be a whole number`);
  return n;
}

export function version() {
  return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
}

// ---- arguments ------------------------------------------------------------------------------

/** Options every command takes. */
export const GLOBAL = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } };
/** Options of the commands that call the API. */
export const API_OPTIONS = { zone: { type: 'string' }, 'base-url': { type: 'string' }, now: { type: 'string' } };

/** parseArgs with the global options; `--help` / `--version` answered by the caller. */
export function parse(args, options, { positionals = false } = {}) {
  return parseArgs({ args, options: { ...GLOBAL, ...options }, allowPositionals: positionals, strict: true });
}

/** The zone id: --zone or CLOUDFLARE_ZONE_ID. */
export function zoneOf(values) {
  const z = values.zone ?? process.env.CLOUDFLARE_ZONE_ID;
  if (!z) throw new Usage('--zone ZONE_ID is required (or set CLOUDFLARE_ZONE_ID)');
  if (!/^[0-9a-fA-F]{32}$/.test(z)) throw new Usage(`--zone ${z}: a zone id is 32 hexadecimal characters (the dashboard shows it on the zone's Overview page)`);
  return z.toLowerCase();
}

/** A Client on the token in CLOUDFLARE_API_TOKEN (usage error without one). */
export function client(values) {
  const token = process.env.CLOUDFLARE_API_TOKEN;
  if (!token) throw new Usage('set CLOUDFLARE_API_TOKEN (a token with "SSL and Certificates Write" on the zone)');
  return new op.Client({ token, baseUrl: values['base-url'] ?? process.env.CLOUDFLARE_API_BASE_URL });
}

/** `now` in epoch ms, from --now (tests) or the clock. */
export function nowMs(values) {
  if (values.now === undefined) return Date.now();
  const ms = Date.parse(values.now);
  if (!Number.isFinite(ms)) throw new Usage('--now must be an ISO 8601 time, e.g. 2026-06-01T00:00:00Z');
  return ms;
}

// ---- output shapes --------------------------------------------------------------------------

/**
 * Rows as a table: aligned with a header on a terminal, tab-separated without a header
 * otherwise (for `cut`/`awk`, as gh does). Untrusted text has its control characters replaced.
 */
export function table(columns, rows) {
  const clean = (v) => String(v ?? '').replace(/[\u0000-\u001f\u007f]/g, '?');
  const cells = rows.map((r) => columns.map((c) => clean(typeof c.get === 'function' ? c.get(r) : r[c.key])));
  if (!process.stdout.isTTY) {
    for (const row of cells) out(row.join('\t'));
    return;
  }
  const widths = columns.map((c, i) => Math.max(c.title.length, ...cells.map((r) => r[i].length)));
  const line = (vals) => vals.map((v, i) => (i === vals.length - 1 ? v : v.padEnd(widths[i]))).join('  ').trimEnd();
  out(line(columns.map((c) => c.title.toUpperCase())));
  for (const row of cells) out(line(row));
  if (!rows.length) out('(none)');
}

export const json = (value) => out(JSON.stringify(value));

// ---- confirmation ---------------------------------------------------------------------------

/**
 * Ask before a destructive action. With --yes: go on. On a terminal: ask (y/N) on stderr.
 * Otherwise: a usage error naming --yes (nothing is changed).
 */
export async function confirm(values, question, consequences) {
  if (values.yes) return;
  if (!process.stdin.isTTY) {
    throw new Usage(`${question.replace(/\?$/, '')}: refusing without --yes, as stdin is not a terminal. ${consequences}`);
  }
  err(consequences);
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const answer = await new Promise((resolve) => {
    rl.question(`${question} [y/N] `, resolve);
    rl.on('close', () => resolve(''));
  });
  rl.close();
  if (!/^y(es)?$/i.test(String(answer).trim())) throw new NotDone('cancelled: nothing was changed');
}

export const YES = { yes: { type: 'boolean', short: 'y' } };

// ---- certificates as people recognise them ---------------------------------------------------

/** The CN of an RFC 4514 name ('' when none). */
export function commonName(rfc4514) {
  const m = /(?:^|,)CN=((?:\\.|[^,\\])*)/.exec(rfc4514 ?? '');
  return m ? m[1].replace(/\\(.)/g, '$1') : '';
}

/** Whole days from `now` to an ISO time (negative once passed). */
export function daysLeft(iso, now) {
  const t = Date.parse(iso ?? '');
  return Number.isFinite(t) ? Math.floor((t - now) / 86400000) : null;
}

/**
 * A Cloudflare certificate result with what people recognise: common name, subject, issuer
 * (as in the certificate), serial in hex, days left. `certificate` (the PEM) is left out.
 */
export function describe(scope, c, now) {
  let info = null;
  try {
    info = c.certificate ? op.inspectCertificates(c.certificate)[0] : null;
  } catch {
    info = null;
  }
  const { certificate, ...rest } = c;
  return {
    scope,
    ...rest,
    commonName: info ? commonName(info.subject) : null,
    subject: info?.subject ?? null,
    issuerName: info?.issuer ?? null,
    serialNumberHex: info?.serialNumberHex ?? null,
    daysLeft: daysLeft(c.expires_on ?? info?.notAfter, now),
  };
}

/** "CN (serial 1a2b, 41 days left)": a certificate named for people, its id after. */
export function label(d) {
  const name = d.commonName || d.subject || '(no subject)';
  const days = d.daysLeft === null ? '' : d.daysLeft < 0 ? `, expired ${-d.daysLeft} days ago` : `, ${d.daysLeft} days left`;
  return `${name} (serial ${d.serialNumberHex ?? d.serial_number ?? '?'}${days})`;
}
