// rotate: replace a certificate without downtime (the core's rotation over the Client), with
// progress, a resumable --state file, and the cause of a failure in the CLI's words.
import { readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import * as op from 'originpull';
import { out, err, errRaw, json, parse, readInput, passphrase, int, client, cliWords, exitFor, Usage, EXIT } from './common.mjs';

export const help = {
  rotate: `usage: originpull rotate --zone ZONE_ID --cert FILE --key FILE [--scope hostname|zone]
                         [--hostname NAME]... [--old-cert ID] [--keep-old] [--ca FILE]
                         [--passphrase-env NAME] [--state FILE] [--dry-run] [--json]
                         [--base-url URL] [--poll-interval-ms N] [--timeout-ms N] [--now ISO]

Uploads the new certificate, waits until it is active, moves the hostnames (or the zone) to it
and deletes the old one: no moment without a certificate. --dry-run prints every request and
sends nothing. --state FILE saves the progress after every step; the same command resumes
from it. Exit 0 rotated; 1 failed or rolled back; 2 usage; 3 the API could not be used.`,
};

export async function rotate(args) {
  const { values } = parse(args, {
    zone: { type: 'string' }, cert: { type: 'string' }, key: { type: 'string' }, scope: { type: 'string', default: 'hostname' },
    hostname: { type: 'string', multiple: true }, 'old-cert': { type: 'string' }, 'keep-old': { type: 'boolean' },
    ca: { type: 'string' }, 'passphrase-env': { type: 'string' }, state: { type: 'string' }, 'dry-run': { type: 'boolean' },
    'base-url': { type: 'string' }, 'poll-interval-ms': { type: 'string' }, 'timeout-ms': { type: 'string' }, now: { type: 'string' },
  });
  if (!values.zone) throw new Usage('--zone is required');
  if (!['hostname', 'zone'].includes(values.scope)) throw new Usage('--scope is hostname or zone');
  const options = {
    scope: values.scope, zoneId: values.zone, hostnames: values.hostname, oldCertId: values['old-cert'],
    deleteOld: !values['keep-old'], caCertificates: values.ca ? String(readInput(values.ca, '--ca')) : undefined,
    passphrase: passphrase(values), pollIntervalMs: int(values, 'poll-interval-ms'), timeoutMs: int(values, 'timeout-ms'), now: values.now,
  };
  const resuming = values.state && existsSync(values.state);
  if (!resuming || values.cert) Object.assign(options, { certificate: readInput(values.cert, '--cert'), privateKey: readInput(values.key, '--key') });
  if (values['dry-run']) {
    const steps = op.planRotation(options);
    if (values.json) steps.forEach((s) => json(s));
    else steps.forEach((s, i) => out(`${String(i + 1).padStart(2)}. ${s.method.padEnd(6)} ${s.path}  ${s.description}`));
    return EXIT.OK;
  }
  const api = client(values);
  if (resuming) options.state = readFileSync(values.state, 'utf8');
  const tty = process.stderr.isTTY && !values.json;
  let lastStep = null;
  options.onProgress = (e) => {
    if (values.state) writeFileSync(values.state, JSON.stringify(e.state));
    const { state, ...event } = e;
    if (values.json) return json({ event });
    const line = `[${(e.elapsedMs / 1000).toFixed(1)}s] ${e.step}${e.total ? ` ${e.done}/${e.total}` : ''}: ${e.message}`;
    if (tty) errRaw(`\r\x1b[2K${line.slice(0, (process.stderr.columns ?? 100) - 1)}`);
    else if (e.step !== lastStep || e.kind === 'done') err(line);
    lastStep = e.step;
  };
  const result = await op.rotate(api, options);
  if (tty) errRaw('\n');
  if (values.state && result.ok) rmSync(values.state, { force: true });
  const { state, ...shown } = result;
  if (shown.error) shown.error = { ...shown.error, message: cliWords(shown.error.message) };
  if (values.json) json({ result: shown });
  else {
    out(`${result.ok ? 'rotated' : result.outcome}: ${cliWords(result.advice)}`);
    if (result.error) {
      const e = result.error;
      out(`  cause: ${e.code} at step ${e.step}${e.status ? ` (HTTP ${e.status})` : ''}: ${cliWords(e.message)}`);
    }
    if (result.newCertId) out(`new certificate ${result.newCertId}; deleted ${result.deleted.join(', ') || 'none'}; ${result.calls} API calls`);
    if (!result.ok && values.state && result.resumable) out(`resume with the same command (state in ${values.state})`);
  }
  if (result.ok) return EXIT.OK;
  return result.error ? exitFor(result.error.code) : EXIT.NOT_OK;
}
