// mint ca | client | csr: a private CA, client certificates it issues, and certificate signing
// requests, written as PEM files (private keys created with mode 0600; nothing is overwritten
// without --force; keys are printed only with --stdout). Nothing is sent anywhere.
import { closeSync, existsSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import * as op from 'originpull';
import { out, json, parse, readInput, passphrase, int, nowMs, Usage, EXIT } from './common.mjs';

const COMMON = `  --key-type T     P-256 (default), P-384, RSA-2048, RSA-3072 or RSA-4096
  --out-dir DIR    where the files go (default: the current directory; created if missing)
  --name BASE      the files' base name (default: %s)
  --force          overwrite existing files (otherwise nothing is written if one exists)
  --stdout         print the PEM (key included) instead of writing files
  --json           one JSON value: the files written and the certificate's facts (with
                   --stdout: the PEM text, key included)`;

export const help = {
  mint: `usage: originpull mint ca|client|csr [OPTIONS]

For people with no PKI yet: a private CA, client certificates it issues, or a certificate
signing request for a PKI of your own. Files are PEM; private keys are created with mode 0600
and never printed unless --stdout. 'originpull mint ca --help' (client, csr) shows the options.

  originpull mint ca --cn "Example origin-pull CA" --org "Example, Inc."
  originpull mint client --ca-cert ca.pem --ca-key ca.key --cn "origin-pull client"
  originpull mint csr --cn "origin-pull client" --dns app.example.com`,
};
help['mint ca'] = `usage: originpull mint ca --cn NAME [--org ORG] [--days N] [--key-type T] [--out-dir DIR] [--force]

Creates a private CA: BASE.pem (the certificate your origin trusts) and BASE.key (its private
key, unencrypted PKCS#8: keep it offline, it signs every client certificate).
  --cn NAME        the CA's common name (1 to 64 characters)
  --org ORG        an organization name (O=) in its subject
  --days N         validity in days (default 3650)
  --now ISO        mint as of this time (default now)
${COMMON.replace('%s', 'ca')}`;
help['mint client'] = `usage: originpull mint client --ca-cert FILE --ca-key FILE [--passphrase-env NAME] --cn NAME
                            [--dns NAME,NAME] [--days N] [--key-type T] [--out-dir DIR] [--force]

Issues a client certificate for Cloudflare to present (CA:FALSE, clientAuth, digitalSignature),
signed by your CA: BASE.pem (upload it with BASE.key: originpull certs upload) and BASE.key, and
BASE.chain.pem (the CA certificate, what the origin trusts).
  --ca-cert FILE   the CA certificate (PEM or DER)
  --ca-key FILE    its private key; encrypted keys need --passphrase-env
  --passphrase-env NAME   the CA key's passphrase is in the environment variable NAME
  --cn NAME        the certificate's common name (1 to 64 characters)
  --dns NAMES      DNS names for its subjectAltName, comma-separated (repeatable)
  --days N         validity in days (default 398; at most the CA's remaining days)
  --now ISO        mint as of this time (default now)
${COMMON.replace('%s', 'client')}`;
help['mint csr'] = `usage: originpull mint csr --cn NAME [--dns NAME,NAME] [--key-type T] [--out-dir DIR] [--force]

Creates a certificate signing request (PKCS#10, asking for clientAuth) and its new key, for a
PKI of your own to sign: BASE.csr and BASE.key.
  --cn NAME        the request's common name (1 to 64 characters)
  --dns NAMES      DNS names asked for, comma-separated (repeatable)
${COMMON.replace('%s', 'client')}`;

const OUTPUT = {
  'key-type': { type: 'string' }, 'out-dir': { type: 'string' }, name: { type: 'string' },
  force: { type: 'boolean' }, stdout: { type: 'boolean' },
};

/** `--dns a,b --dns c` as a list. */
function dnsList(values) {
  return (values.dns ?? []).flatMap((d) => d.split(',')).map((d) => d.trim()).filter(Boolean);
}

function required(values, name) {
  if (values[name] === undefined || values[name] === '') throw new Usage(`--${name} is required`);
  return values[name];
}

/** The files to write, `[{ kind, path, text, secret }]`, under --out-dir with the base name. */
function plan(values, base, parts) {
  const dir = values['out-dir'] ?? '.';
  const name = values.name ?? base;
  if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) throw new Usage(`--name ${name}: use letters, digits, '-', '_' and '.' (no path)`);
  return parts.map(([kind, suffix, text, secret]) => ({ kind, path: join(dir, `${name}${suffix}`), text, secret }));
}

/**
 * Write the files: all refused when one exists (unless --force); private keys created with
 * mode 0600 (a forced overwrite removes the old file first, so the mode is the new file's).
 */
function writeFiles(values, files) {
  const dir = values['out-dir'] ?? '.';
  if (!values.force) {
    const taken = files.filter((f) => existsSync(f.path)).map((f) => f.path);
    if (taken.length) throw new Usage(`${taken.join(', ')} already exist${taken.length === 1 ? 's' : ''}: nothing was written (--force overwrites)`);
  }
  mkdirSync(dir, { recursive: true });
  for (const f of files) {
    if (values.force && existsSync(f.path)) unlinkSync(f.path);
    const fd = openSync(f.path, 'wx', f.secret ? 0o600 : 0o644);
    try {
      writeSync(fd, f.text);
    } finally {
      closeSync(fd);
    }
  }
}

/** The facts of a minted certificate for the output (never the key). */
function facts(pem) {
  const [c] = op.inspectCertificates(pem);
  return { subject: c.subject, issuer: c.issuer, serialNumberHex: c.serialNumberHex, notBefore: c.notBefore, notAfter: c.notAfter, publicKey: c.publicKey, sha256: c.fingerprints.sha256 };
}

/** Print or write `files`, then report. */
function finish(values, files, summary, next) {
  if (values.stdout) {
    if (values.json) json(Object.fromEntries(files.map((f) => [f.kind, f.text])));
    else for (const f of files) process.stdout.write(f.text);
    return EXIT.OK;
  }
  writeFiles(values, files);
  if (values.json) {
    json({ files: Object.fromEntries(files.map((f) => [f.kind, f.path])), ...summary });
    return EXIT.OK;
  }
  for (const f of files) out(`wrote ${f.path}${f.secret ? ' (private key, mode 0600)' : ''}`);
  if (summary.certificate) {
    const c = summary.certificate;
    out(`  ${c.subject}, issued by ${c.issuer}, serial ${c.serialNumberHex}, valid ${c.notBefore} .. ${c.notAfter}`);
  }
  for (const line of next) out(line);
  return EXIT.OK;
}

/** Minting errors in the CLI's words. */
async function minting(f) {
  try {
    return await f();
  } catch (e) {
    if (e?.code === 'KEY_ENCRYPTED') throw new Usage('the CA key is encrypted: give its passphrase with --passphrase-env NAME (the variable holding it)');
    if (e?.code === 'INVALID_ARGUMENT' || e?.code === 'CA_EXPIRES_TOO_SOON') {
      const words = [[/\bcommonName\b/g, '--cn'], [/\borganization\b/g, '--org'], [/\bvalidityDays\b/g, '--days'], [/\bkeyType\b/g, '--key-type'], [/\bdnsNames\b/g, '--dns']];
      let m = e.message.replace(/^invalid argument: /, '');
      for (const [re, to] of words) m = m.replace(re, to);
      throw new Usage(m);
    }
    throw e;
  }
}

export const mint = {
  async ca(args) {
    const { values } = parse(args, { cn: { type: 'string' }, org: { type: 'string' }, days: { type: 'string' }, now: { type: 'string' }, ...OUTPUT });
    const minted = await minting(() =>
      op.createCA({ commonName: required(values, 'cn'), organization: values.org, validityDays: int(values, 'days'), keyType: values['key-type'], now: nowMs(values) }),
    );
    const files = plan(values, 'ca', [['certificate', '.pem', minted.certificate, false], ['privateKey', '.key', minted.privateKey, true]]);
    const [cert, key] = files.map((f) => f.path);
    return finish(values, files, { certificate: facts(minted.certificate) }, [
      `keep ${key} offline; put ${cert} on the origin (nginx: ssl_client_certificate ${cert}; ssl_verify_client on;)`,
      `next: originpull mint client --ca-cert ${cert} --ca-key ${key} --cn "origin-pull client"`,
    ]);
  },

  async client(args) {
    const { values } = parse(args, {
      'ca-cert': { type: 'string' }, 'ca-key': { type: 'string' }, 'passphrase-env': { type: 'string' }, cn: { type: 'string' },
      dns: { type: 'string', multiple: true }, days: { type: 'string' }, now: { type: 'string' }, ...OUTPUT,
    });
    const ca = { certificate: readInput(required(values, 'ca-cert'), '--ca-cert'), privateKey: readInput(required(values, 'ca-key'), '--ca-key'), passphrase: passphrase(values) };
    const minted = await minting(() =>
      op.issueClientCertificate({ ca, commonName: required(values, 'cn'), dnsNames: dnsList(values), validityDays: int(values, 'days'), keyType: values['key-type'], now: nowMs(values) }),
    );
    const files = plan(values, 'client', [
      ['certificate', '.pem', minted.certificate, false], ['privateKey', '.key', minted.privateKey, true], ['chain', '.chain.pem', minted.chain, false],
    ]);
    const [cert, key, chain] = files.map((f) => f.path);
    return finish(values, files, { certificate: facts(minted.certificate) }, [
      `next: originpull validate --cert ${cert} --key ${key} --ca ${chain}, then originpull certs upload --cert ${cert} --key ${key}`,
    ]);
  },

  async csr(args) {
    const { values } = parse(args, { cn: { type: 'string' }, dns: { type: 'string', multiple: true }, ...OUTPUT });
    const minted = await minting(() => op.createCertificateRequest({ commonName: required(values, 'cn'), dnsNames: dnsList(values), keyType: values['key-type'] }));
    const files = plan(values, 'client', [['csr', '.csr', minted.csr, false], ['privateKey', '.key', minted.privateKey, true]]);
    const [request] = op.inspect(minted.csr).requests;
    return finish(values, files, { request: { subject: request.subject, publicKey: request.publicKey, subjectAltNames: request.subjectAltNames } }, [
      `next: have ${files[0].path} signed by your CA; keep ${files[1].path} for the upload with the certificate it returns`,
    ]);
  },
};
