// probe and origin-config: the origin's side. probe connects to the origin twice (without and
// with the client certificate) and says whether it enforces Authenticated Origin Pulls;
// origin-config prints the server configuration that makes it enforce them.
import * as op from 'originpull';
import { out, err, json, parse, readInput, passphrase, errorJson, Usage, EXIT } from './common.mjs';

export const help = {
  probe: `usage: originpull probe URL --cert FILE --key FILE [--passphrase-env NAME] [--server-ca FILE]
                        [--insecure] [--servername NAME] [--timeout MS] [--json]

Does the origin enforce Authenticated Origin Pulls? Connects to URL (the origin itself, e.g.
https://203.0.113.10/ or https://origin.example.com:8443/, not through Cloudflare) twice, each
time with one GET: without a client certificate, then with --cert and --key (PEM). Enforced
when the origin refuses the first and accepts the second; otherwise says which directive to
set or what is wrong with the certificate. The key is used for the connection only, never
printed.

  --servername NAME    the hostname the origin serves (SNI, server certificate check, Host
                       header), when URL holds its IP address
  --server-ca FILE     the CA of the origin's own certificate (e.g. Cloudflare's Origin CA root)
  --insecure           do not check the origin's own certificate
  --timeout MS         time limit of each connection (default 10000)
  --passphrase-env NAME  the passphrase of an encrypted --key, in the environment variable NAME

Exit codes: 0 enforced; 1 not enforced (verdict OPTIONAL, NOT_REQUESTED or
CERTIFICATE_REFUSED); 2 usage (a bad option or file, a key that does not match); 3 the origin
could not be probed (NETWORK_ERROR: unreachable, not TLS, its certificate not trusted;
TIMEOUT).`,
  'origin-config': `usage: originpull origin-config nginx|apache|caddy|haproxy|envoy [--ca-path PATH]
                                [--hostname NAME]... [--json]

Prints the configuration that makes the origin server require and verify the client
certificate Cloudflare presents: the CA file, the directives and where they go, Cloudflare's
side, how to check and reload, and the test to run afterwards (originpull probe). --ca-path:
where the CA certificate file goes on the origin (default beside the server's configuration);
--hostname (repeatable): the hostnames the origin serves.`,
};

export async function probe(args) {
  const { values, positionals } = parse(args, {
    cert: { type: 'string' }, key: { type: 'string' }, 'passphrase-env': { type: 'string' }, 'server-ca': { type: 'string' },
    insecure: { type: 'boolean' }, servername: { type: 'string' }, timeout: { type: 'string' },
  }, { positionals: true });
  if (positionals.length !== 1) throw new Usage('probe needs one URL: the origin, e.g. https://203.0.113.10/');
  if (!values.cert) throw new Usage('--cert FILE is required (the client certificate, PEM)');
  if (!values.key) throw new Usage('--key FILE is required (its private key, PEM)');
  let timeoutMs;
  if (values.timeout !== undefined) {
    timeoutMs = Number(values.timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 300000) throw new Usage('--timeout must be a whole number of milliseconds from 1 to 300000');
  }
  const options = {
    url: positionals[0],
    certificate: readInput(values.cert, '--cert'),
    privateKey: readInput(values.key, '--key'),
    passphrase: passphrase(values),
    serverCa: values['server-ca'] ? readInput(values['server-ca'], '--server-ca') : undefined,
    insecure: values.insecure ?? false,
    servername: values.servername,
    timeoutMs,
  };
  let result;
  try {
    result = await op.probeOrigin(options);
  } catch (e) {
    // The origin could not be probed: the message says why and what to do (not the API's hint).
    if (e?.code === 'KEY_INVALID') e.message = e.message.replace('give its passphrase', 'give its passphrase with --passphrase-env NAME');
    if (e?.code !== 'NETWORK_ERROR' && e?.code !== 'TIMEOUT') throw e;
    err(`originpull: ${e.code}: ${e.message}`);
    if (values.json) json({ url: options.url, error: errorJson(e) });
    return EXIT.API;
  }
  if (values.json) {
    json({ url: options.url, ...result });
  } else {
    out(result.enforced ? `enforced: ${options.url}` : `not enforced (${result.verdict}): ${options.url}`);
    out(`  without a certificate: ${result.withoutCertificate.detail}`);
    out(`  with the certificate:  ${result.withCertificate.detail}`);
    out(result.advice);
  }
  return result.enforced ? EXIT.OK : EXIT.NOT_OK;
}

export function originConfig(args) {
  const { values, positionals } = parse(args, { 'ca-path': { type: 'string' }, hostname: { type: 'string', multiple: true } }, { positionals: true });
  if (positionals.length !== 1) throw new Usage('origin-config needs one server: nginx, apache, caddy, haproxy or envoy');
  let text;
  try {
    text = op.originConfig({ server: positionals[0], caPath: values['ca-path'], hostnames: values.hostname });
  } catch (e) {
    // The core names the JavaScript options; say the CLI's.
    if (e?.code === 'INVALID_ARGUMENT') {
      e.message = e.message.replace(/\bcaPath\b/g, '--ca-path').replace(/\bhostnames\[(\d+)\]/g, (_, i) => `--hostname #${Number(i) + 1}`).replace(/\bhostnames\b/g, '--hostname');
    }
    throw e;
  }
  if (values.json) json({ server: positionals[0], config: text });
  else out(text.replace(/\n$/, ''));
  return EXIT.OK;
}
