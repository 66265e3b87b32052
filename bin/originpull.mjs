#!/usr/bin/env node
// The originpull command line, on the same package as the page and the Worker. One module per
// command group in bin/cli/; this file routes, answers --help/--version, and turns errors into
// messages and the documented exit codes:
//   0 done; 1 not done (error findings, a rotation that failed or rolled back, a declined
//   confirmation, status flagged something); 2 usage (a bad option, argument or file, no
//   token, a destructive command without --yes when stdin is not a terminal); 3 the API could
//   not be used (CF_API_ERROR, NETWORK_ERROR, TIMEOUT).
import { out, err, json, explain, errorJson, exitFor, version, Usage, NotDone, EXIT } from './cli/common.mjs';
import * as files from './cli/files.mjs';
import * as rotation from './cli/rotate.mjs';
import * as certs from './cli/certs.mjs';
import * as hostnames from './cli/hostnames.mjs';
import * as zoneAop from './cli/zone-aop.mjs';
import * as status from './cli/status.mjs';
import * as minting from './cli/mint.mjs';

const HELP = { ...files.help, ...rotation.help, ...certs.help, ...hostnames.help, ...zoneAop.help, ...status.help, ...minting.help };

const USAGE = `usage: originpull COMMAND [ARGS] [--json] [--help]

Checking files (nothing is sent):
  inspect FILE...                      what certificates and keys hold
  validate --cert FILE --key FILE      would Cloudflare and the origin accept this upload?
Making certificates (no PKI yet? nothing is sent):
  mint ca|client|csr                   a private CA, client certificates it issues, or a CSR
Managing a zone's Authenticated Origin Pulls (token in CLOUDFLARE_API_TOKEN):
  status                               every certificate and association, days left, flags
  certs list|show|upload|delete        zone-level and per-hostname client certificates
  hostnames list|enable|disable|remove which certificate each hostname presents
  zone-aop status|on|off               the zone-level switch
  rotate                               replace a certificate without downtime

Every command takes --json (machine-readable output) and --help. The zone comes from --zone or
CLOUDFLARE_ZONE_ID; the API from --base-url, CLOUDFLARE_API_BASE_URL or
https://api.cloudflare.com/client/v4. A passphrase is read from the environment variable named
by --passphrase-env, never from the command line. Destructive commands ask for confirmation on
a terminal and need --yes otherwise.

Exit codes: 0 done; 1 not done (error findings, rotation failed or rolled back, confirmation
declined, status flagged something); 2 usage; 3 the API could not be used (CF_API_ERROR,
NETWORK_ERROR, TIMEOUT).

originpull help COMMAND (or COMMAND --help) shows a command's options.`;

const COMMANDS = {
  inspect: files.inspect,
  validate: files.validate,
  rotate: rotation.rotate,
  status: status.status,
  certs: certs.certs,
  hostnames: hostnames.hostnames,
  'zone-aop': zoneAop.zoneAop,
  mint: minting.mint,
};

const argv = process.argv.slice(2);
const wantsHelp = (args) => args.includes('--help') || args.includes('-h');
const wantsVersion = (args) => args.includes('--version');
let jsonOut = argv.includes('--json');

async function main() {
  const [command, ...rest] = argv;
  if (command === undefined) {
    err(USAGE);
    return EXIT.USAGE;
  }
  if (command === '--help' || command === '-h') return out(USAGE), EXIT.OK;
  if (command === '--version' || command === '-V' || command === 'version') return out(version()), EXIT.OK;
  if (command === 'help') {
    const topic = rest[0];
    if (!topic) return out(USAGE), EXIT.OK;
    if (!HELP[topic]) throw new Usage(`no command ${topic}`);
    return out(HELP[topic]), EXIT.OK;
  }
  const handler = COMMANDS[command];
  if (!handler) throw new Usage(`unknown command ${command}`);
  if (wantsHelp(rest)) return out(HELP[`${command} ${rest[0]}`] ?? HELP[command]), EXIT.OK;
  if (wantsVersion(rest)) return out(version()), EXIT.OK;
  if (typeof handler === 'function') return handler(rest);
  const [sub, ...args] = rest;
  if (!sub) throw new Usage(`${command} needs a subcommand: ${Object.keys(handler).join(', ')}`);
  if (!handler[sub]) throw new Usage(`unknown subcommand ${command} ${sub} (${Object.keys(handler).join(', ')})`);
  return handler[sub](args);
}

const PARSE_ERRORS = new Set(['ERR_PARSE_ARGS_UNKNOWN_OPTION', 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL']);

try {
  process.exitCode = await main();
} catch (e) {
  const command = argv[0] && HELP[argv[0]] ? argv[0] : null;
  const more = command ? `run 'originpull ${command} --help' for its options` : "run 'originpull --help' for the commands";
  if (e instanceof Usage || PARSE_ERRORS.has(e.code)) {
    err(`originpull: ${e.message.replace(/\. To specify a positional argument.*$/s, '')}\n${more}`);
    process.exitCode = EXIT.USAGE;
    if (jsonOut) json({ error: { code: 'USAGE', message: e.message } });
  } else if (e instanceof NotDone) {
    err(`originpull: ${e.message}`);
    process.exitCode = EXIT.NOT_OK;
    if (jsonOut) json({ error: { code: 'NOT_DONE', message: e.message } });
  } else if (e.code) {
    const [first, ...lines] = explain(e);
    err(`originpull: ${first}`);
    for (const l of lines) err(l);
    process.exitCode = exitFor(e.code);
    if (jsonOut) json({ error: errorJson(e) });
  } else {
    err(`originpull: unexpected error: ${e.stack ?? e}`);
    process.exitCode = EXIT.NOT_OK;
  }
}
