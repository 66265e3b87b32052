#!/usr/bin/env node
// The originpull command line, on the same package: inspect, validate, rotate.
// Exit codes: 0 success; 1 the check or rotation did not succeed (findings with severity
// error, a rotation that failed or rolled back); 2 usage error; 3 the API could not be used
// (CF_API_ERROR, NETWORK_ERROR, TIMEOUT, or a rotation that could not start).
import { parseArgs } from 'node:util';
import { readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import * as op from 'originpull';

const USAGE = `usage:
  originpull inspect FILE... [--passphrase-env NAME] [--json]
  originpull validate --cert FILE [--key FILE] [--ca FILE] [--passphrase-env NAME]
                      [--scope zone|hostname] [--now ISO] [--json]
  originpull rotate --zone ZONE_ID --cert FILE --key FILE [--scope hostname|zone]
                    [--hostname NAME]... [--old-cert ID] [--keep-old] [--ca FILE]
                    [--passphrase-env NAME] [--state FILE] [--dry-run] [--json]
                    [--base-url URL] [--poll-interval-ms N] [--timeout-ms N] [--now ISO]

The API token comes from CLOUDFLARE_API_TOKEN; the API from --base-url, CLOUDFLARE_API_BASE_URL
or https://api.cloudflare.com/client/v4. A passphrase is read from the environment variable
named by --passphrase-env, never from the command line. Exit codes: 0 ok, 1 not ok (errors
found, rotation failed or rolled back), 2 usage, 3 API unusable.`;

class Usage extends Error {}
const out = (line) => process.stdout.write(`${line}\n`);
const err = (line) => process.stderr.write(`${line}\n`);

function read(file, what) {
  if (!file) throw new Usage(`${what} is required`);
  try {
    const bytes = readFileSync(file);
    const text = bytes.toString('utf8');
    return text.includes('-----BEGIN') ? text : new Uint8Array(bytes);
  } catch (e) {
    throw new Usage(`cannot read ${what} ${file}: ${e.code ?? e.message}`);
  }
}

function passphrase(values) {
  const name = values['passphrase-env'];
  if (!name) return undefined;
  const v = process.env[name];
  if (v === undefined) throw new Usage(`--passphrase-env ${name}: that environment variable is not set`);
  return v;
}

function int(values, name) {
  if (values[name] === undefined) return undefined;
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) throw new Usage(`--${name} must be a whole number`);
  return n;
}

function inspect(args) {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, 'passphrase-env': { type: 'string' } } });
  if (!positionals.length) throw new Usage('inspect needs at least one file');
  const pass = passphrase(values);
  const results = positionals.map((f) => ({ file: f, ...op.inspect(read(f, 'file'), { passphrase: pass }) }));
  if (values.json) return out(JSON.stringify(results)), 0;
  for (const r of results) {
    out(`${r.file}:`);
    r.certificates.forEach((c, i) => {
      out(`  certificate #${i + 1}: ${c.subject || '(empty subject)'}`);
      out(`    issuer     ${c.issuer}`);
      out(`    serial     ${c.serialNumberHex} (decimal ${c.serialNumber})`);
      out(`    valid      ${c.notBefore} .. ${c.notAfter}`);
      out(`    key        ${c.publicKey.algorithm} ${c.publicKey.bits}${c.publicKey.curve ? ` ${c.publicKey.curve}` : ''}`);
      out(`    sha256     ${c.fingerprints.sha256}`);
    });
    r.privateKeys.forEach((k, i) => out(`  private key #${i + 1}: ${k.algorithm ?? 'encrypted'} ${k.bits ?? ''} (${k.format}${k.encrypted ? ', encrypted' : ''})`));
    r.ignored.forEach((g) => out(`  ignored ${g.label}: ${g.reason}`));
  }
  return 0;
}

function validate(args) {
  const { values } = parseArgs({ args, options: {
    cert: { type: 'string' }, key: { type: 'string' }, ca: { type: 'string' }, 'passphrase-env': { type: 'string' },
    scope: { type: 'string' }, now: { type: 'string' }, json: { type: 'boolean' },
  } });
  const report = op.validateUpload({
    certificate: read(values.cert, '--cert'),
    privateKey: values.key ? read(values.key, '--key') : undefined,
    caCertificates: values.ca ? String(read(values.ca, '--ca')) : undefined,
    passphrase: passphrase(values),
    scope: values.scope,
  }, { now: values.now });
  // The payload holds the decrypted key: never printed.
  const shown = { ...report, payload: report.payload ? '(ready; not printed)' : null };
  if (values.json) {
    out(JSON.stringify(shown));
  } else {
    out(report.ok ? 'ok: Cloudflare and the origin should accept this upload' : 'not ok: fix the errors below before uploading');
    for (const f of report.findings) {
      out(`${f.severity.toUpperCase().padEnd(7)} ${f.code}: ${f.message}`);
      out(`        fix: ${f.hint}`);
    }
  }
  return report.ok ? 0 : 1;
}

async function rotate(args) {
  const { values } = parseArgs({ args, options: {
    zone: { type: 'string' }, cert: { type: 'string' }, key: { type: 'string' }, scope: { type: 'string', default: 'hostname' },
    hostname: { type: 'string', multiple: true }, 'old-cert': { type: 'string' }, 'keep-old': { type: 'boolean' },
    ca: { type: 'string' }, 'passphrase-env': { type: 'string' }, state: { type: 'string' }, 'dry-run': { type: 'boolean' },
    json: { type: 'boolean' }, 'base-url': { type: 'string' }, 'poll-interval-ms': { type: 'string' }, 'timeout-ms': { type: 'string' },
    now: { type: 'string' },
  } });
  if (!values.zone) throw new Usage('--zone is required');
  if (!['hostname', 'zone'].includes(values.scope)) throw new Usage('--scope is hostname or zone');
  const options = {
    scope: values.scope, zoneId: values.zone, hostnames: values.hostname, oldCertId: values['old-cert'],
    deleteOld: !values['keep-old'], caCertificates: values.ca ? String(read(values.ca, '--ca')) : undefined,
    passphrase: passphrase(values), pollIntervalMs: int(values, 'poll-interval-ms'), timeoutMs: int(values, 'timeout-ms'), now: values.now,
  };
  const resuming = values.state && existsSync(values.state);
  if (!resuming || values.cert) Object.assign(options, { certificate: read(values.cert, '--cert'), privateKey: read(values.key, '--key') });
  if (values['dry-run']) {
    const steps = op.planRotation(options);
    if (values.json) steps.forEach((s) => out(JSON.stringify(s)));
    else steps.forEach((s, i) => out(`${String(i + 1).padStart(2)}. ${s.method.padEnd(6)} ${s.path}  ${s.description}`));
    return 0;
  }
  const token = process.env.CLOUDFLARE_API_TOKEN;
  if (!token) throw new Usage('set CLOUDFLARE_API_TOKEN (a token with "SSL and Certificates Write" on the zone)');
  const baseUrl = values['base-url'] ?? process.env.CLOUDFLARE_API_BASE_URL;
  if (resuming) options.state = readFileSync(values.state, 'utf8');
  const tty = process.stderr.isTTY && !values.json;
  let lastStep = null;
  options.onProgress = (e) => {
    if (values.state) writeFileSync(values.state, JSON.stringify(e.state));
    const { state, ...event } = e;
    if (values.json) return out(JSON.stringify({ event }));
    const line = `[${(e.elapsedMs / 1000).toFixed(1)}s] ${e.step}${e.total ? ` ${e.done}/${e.total}` : ''}: ${e.message}`;
    if (tty) process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns ?? 100) - 1)}`);
    else if (e.step !== lastStep || e.kind === 'done') err(line);
    lastStep = e.step;
  };
  const result = await op.rotate(new op.Client({ token, baseUrl }), options);
  if (tty) process.stderr.write('\n');
  if (values.state && result.ok) rmSync(values.state, { force: true });
  const { state, ...shown } = result;
  if (values.json) out(JSON.stringify({ result: shown }));
  else {
    out(`${result.ok ? 'rotated' : result.outcome}: ${result.advice}`);
    if (result.newCertId) out(`new certificate ${result.newCertId}; deleted ${result.deleted.join(', ') || 'none'}; ${result.calls} API calls`);
    if (!result.ok && values.state && result.resumable) out(`resume with the same command (state in ${values.state})`);
  }
  return result.ok ? 0 : 1;
}

const [command, ...rest] = process.argv.slice(2);
const commands = { inspect, validate, rotate };
try {
  if (!commands[command]) throw new Usage(command ? `unknown command ${command}` : 'no command');
  process.exitCode = await commands[command](rest);
} catch (e) {
  if (e instanceof Usage || e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    err(`originpull: ${e.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (e.code === 'INVALID_ARGUMENT' || e.code === 'PEM_INVALID' || e.code === 'KEY_INVALID' || e.code === 'INPUT_TOO_LARGE') {
    err(`originpull: ${e.code}: ${e.message}`);
    process.exitCode = 2;
  } else {
    err(`originpull: ${e.code ?? 'ERROR'}: ${e.message}${e.hint ? `\n  hint: ${e.hint}` : ''}`);
    process.exitCode = e.code === 'VALIDATION_FAILED' ? 1 : 3;
  }
}
