// inspect and validate: files in, facts and findings out; nothing is sent.
import * as op from 'originpull';
import { out, json, parse, readInput, passphrase, cliHint, Usage, EXIT } from './common.mjs';

export const help = {
  inspect: `usage: originpull inspect FILE... [--passphrase-env NAME] [--json]

Prints what each file holds: certificates (subject, issuer, serial, validity, key, SHA-256)
and private keys (algorithm, size, format; never the key itself). Files are PEM or DER, at
most 1 MiB each. An encrypted key is decrypted with the passphrase in the environment
variable NAME; a wrong passphrase is reported ("passphraseWrong": true).`,
  validate: `usage: originpull validate --cert FILE [--key FILE] [--ca FILE] [--passphrase-env NAME]
                           [--scope zone|hostname] [--now ISO] [--json]

Checks a certificate (with its chain) and key as Cloudflare and the origin would, offline.
Exit 0 when there is no error finding, 1 otherwise. The decrypted key is never printed.`,
};

export function inspect(args) {
  const { values, positionals } = parse(args, { 'passphrase-env': { type: 'string' } }, { positionals: true });
  if (!positionals.length) throw new Usage('inspect needs at least one file');
  const pass = passphrase(values);
  const results = positionals.map((f) => ({ file: f, ...op.inspect(readInput(f, 'file'), { passphrase: pass }) }));
  if (values.json) return json(results), EXIT.OK;
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
    r.privateKeys.forEach((k, i) => {
      const what = k.passphraseWrong ? 'encrypted, the passphrase given does not decrypt it' : k.algorithm ?? 'encrypted (give --passphrase-env to read it)';
      out(`  private key #${i + 1}: ${what}${k.bits ? ` ${k.bits}` : ''} (${k.format}${k.encrypted ? ', encrypted' : ''})`);
    });
    r.ignored.forEach((g) => out(`  ignored ${g.label}: ${g.reason}`));
  }
  return results.some((r) => r.privateKeys.some((k) => k.passphraseWrong)) ? EXIT.NOT_OK : EXIT.OK;
}

export function validate(args) {
  const { values } = parse(args, {
    cert: { type: 'string' }, key: { type: 'string' }, ca: { type: 'string' }, 'passphrase-env': { type: 'string' },
    scope: { type: 'string' }, now: { type: 'string' },
  });
  if (values.scope !== undefined && !['zone', 'hostname'].includes(values.scope)) throw new Usage('--scope is zone or hostname');
  const report = op.validateUpload({
    certificate: readInput(values.cert, '--cert'),
    privateKey: values.key ? readInput(values.key, '--key') : undefined,
    caCertificates: values.ca ? String(readInput(values.ca, '--ca')) : undefined,
    passphrase: passphrase(values),
    scope: values.scope,
  }, { now: values.now });
  // The payload holds the decrypted key: never printed.
  const findings = report.findings.map((f) => ({ ...f, hint: cliHint(f) }));
  if (values.json) {
    json({ ...report, findings, payload: report.payload ? '(ready; not printed)' : null });
  } else {
    out(report.ok ? 'ok: Cloudflare and the origin should accept this upload' : 'not ok: fix the errors below before uploading');
    for (const f of findings) {
      out(`${f.severity.toUpperCase().padEnd(7)} ${f.code}: ${f.message}`);
      out(`        fix: ${f.hint}`);
    }
  }
  return report.ok ? EXIT.OK : EXIT.NOT_OK;
}
