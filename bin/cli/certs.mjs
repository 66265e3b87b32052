// certs list|show|upload|delete: the zone's client certificates, zone-level and per hostname.
import * as op from 'originpull';
import {
  out, err, json, table, parse, readInput, passphrase, cliHint, client, zoneOf, nowMs, confirm, label, describe,
  API_OPTIONS, YES, Usage, NotDone, EXIT,
} from './common.mjs';
import { certificates, associations } from './inventory.mjs';

export const help = {
  certs: `usage: originpull certs list   --zone ZONE_ID [--scope zone|hostname] [--json]
       originpull certs show   CERT_ID --zone ZONE_ID [--scope zone|hostname] [--json]
       originpull certs upload --zone ZONE_ID --cert FILE --key FILE [--scope zone|hostname]
                               [--passphrase-env NAME] [--ca FILE] [--json]
       originpull certs delete CERT_ID --zone ZONE_ID [--scope zone|hostname]
                               [--remove-associations] [--yes] [--json]

--scope: zone-level certificates (one for every hostname of the zone, used when zone-level
AOP is on) or per-hostname certificates (each used by the hostnames associated with it);
list shows both without it. upload validates first and uploads only a clean certificate and
key. delete asks for confirmation (--yes when stdin is not a terminal); a per-hostname
certificate still used by hostnames is refused unless --remove-associations removes them
first (their origins then get no client certificate from Cloudflare).`,
};

const SCOPE = { scope: { type: 'string' } };
function scopeOf(values, fallback) {
  const s = values.scope ?? fallback;
  if (s !== undefined && !['zone', 'hostname'].includes(s)) throw new Usage('--scope is zone or hostname');
  return s;
}

const COLUMNS = [
  { title: 'scope', key: 'scope' },
  { title: 'certificate', get: (d) => d.commonName || d.subject || '(no subject)' },
  { title: 'serial', get: (d) => d.serialNumberHex ?? d.serial_number },
  { title: 'expires', get: (d) => `${(d.expires_on ?? '').slice(0, 10)} (${d.daysLeft} days)` },
  { title: 'status', key: 'status' },
  { title: 'hostnames', get: (d) => (d.scope === 'zone' ? '(zone)' : d.hostnames?.length ? d.hostnames.join(',') : '-') },
  { title: 'id', key: 'id' },
];

async function list(args) {
  const { values } = parse(args, { ...API_OPTIONS, ...SCOPE });
  const scope = scopeOf(values);
  const zone = zoneOf(values);
  const api = client(values);
  const now = nowMs(values);
  const scopes = scope ? [scope] : ['zone', 'hostname'];
  const rows = [];
  let assocs = null;
  for (const s of scopes) {
    const certs = await certificates(api, zone, s, now);
    if (s === 'hostname') {
      assocs = await associations(api, zone);
      for (const c of certs) c.hostnames = assocs.filter((a) => a.cert_id === c.id && a.status !== 'deleted').map((a) => a.hostname);
    }
    rows.push(...certs);
  }
  if (values.json) json(rows);
  else table(COLUMNS, rows);
  return EXIT.OK;
}

/** A certificate by id: in the given scope, else per hostname then zone-level. */
async function find(api, zone, id, scope, now) {
  const tries = scope ? [scope] : ['hostname', 'zone'];
  let last;
  for (const s of tries) {
    try {
      const c = s === 'zone' ? await api.getZoneCertificate(zone, id) : await api.getHostnameCertificate(zone, id);
      return describe(s, c, now);
    } catch (e) {
      if (e.code !== 'CF_API_ERROR' || e.status !== 404) throw e;
      last = e;
    }
  }
  throw Object.assign(new Usage(`no certificate ${id} in zone ${zone}${scope ? ` at ${scope} scope` : ''}`), { cause: last });
}

async function show(args) {
  const { values, positionals } = parse(args, { ...API_OPTIONS, ...SCOPE }, { positionals: true });
  if (positionals.length !== 1) throw new Usage('certs show takes one certificate id');
  const zone = zoneOf(values);
  const api = client(values);
  const now = nowMs(values);
  const d = await find(api, zone, positionals[0], scopeOf(values), now);
  if (d.scope === 'hostname') d.hostnames = (await associations(api, zone)).filter((a) => a.cert_id === d.id && a.status !== 'deleted').map((a) => a.hostname);
  if (values.json) return json(d), EXIT.OK;
  out(label(d));
  for (const [k, v] of [['id', d.id], ['scope', d.scope], ['status', d.status], ['subject', d.subject], ['issuer', d.issuerName ?? d.issuer],
    ['serial', `${d.serialNumberHex} (decimal ${d.serial_number})`], ['expires', `${d.expires_on} (${d.daysLeft} days left)`],
    ['uploaded', d.uploaded_on], ['hostnames', d.scope === 'zone' ? '(every hostname of the zone, when zone-level AOP is on)' : d.hostnames.join(', ') || 'none']]) {
    out(`  ${k.padEnd(10)} ${v ?? ''}`);
  }
  return EXIT.OK;
}

async function upload(args) {
  const { values } = parse(args, { ...API_OPTIONS, ...SCOPE, cert: { type: 'string' }, key: { type: 'string' }, ca: { type: 'string' }, 'passphrase-env': { type: 'string' } });
  const scope = scopeOf(values, 'hostname');
  const zone = zoneOf(values);
  if (!values.key) throw new Usage('--key FILE is required: Cloudflare needs the private key with the certificate');
  const report = op.validateUpload({
    certificate: readInput(values.cert, '--cert'), privateKey: readInput(values.key, '--key'),
    caCertificates: values.ca ? String(readInput(values.ca, '--ca')) : undefined, passphrase: passphrase(values), scope,
  }, { now: values.now });
  if (!report.ok) {
    for (const f of report.findings.filter((x) => x.severity === 'error')) err(`ERROR ${f.code}: ${f.message}\n  fix: ${cliHint(f)}`);
    throw new NotDone('not uploaded: fix the errors above (originpull validate shows every finding)');
  }
  const api = client(values);
  const c = scope === 'zone' ? await api.uploadZoneCertificate(zone, report.payload) : await api.uploadHostnameCertificate(zone, report.payload);
  const d = describe(scope, c, nowMs(values));
  if (values.json) return json(d), EXIT.OK;
  out(`uploaded ${label(d)}: id ${d.id}, status ${d.status}`);
  out(scope === 'zone'
    ? '  next: originpull zone-aop on (once it is active) makes Cloudflare present it to every origin of the zone'
    : `  next: originpull hostnames enable HOSTNAME... --cert ${d.id}`);
  return EXIT.OK;
}

async function remove(args) {
  const { values, positionals } = parse(args, { ...API_OPTIONS, ...SCOPE, ...YES, 'remove-associations': { type: 'boolean' } }, { positionals: true });
  if (positionals.length !== 1) throw new Usage('certs delete takes one certificate id');
  const zone = zoneOf(values);
  const api = client(values);
  const now = nowMs(values);
  const d = await find(api, zone, positionals[0], scopeOf(values), now);
  let using = [];
  if (d.scope === 'hostname') {
    using = (await associations(api, zone)).filter((a) => a.cert_id === d.id && a.status !== 'deleted' && a.status !== 'pending_deletion');
    if (using.length && !values['remove-associations']) {
      throw new NotDone(`certificate ${label(d)} is still used by ${using.length} hostname(s): ${using.map((a) => a.hostname).join(', ')}. `
        + 'Move them to another certificate first (originpull hostnames enable HOST --cert OTHER_ID, or originpull rotate), '
        + 'or pass --remove-associations to remove them (their origins then get no client certificate).');
    }
  }
  const consequence = d.scope === 'zone'
    ? 'When it is the zone-level certificate in use and zone-level AOP is on, Cloudflare presents its shared certificate instead (or another of yours): an origin that only trusts yours refuses Cloudflare\'s connections, an outage.'
    : using.length
      ? `Hostnames ${using.map((a) => a.hostname).join(', ')} are removed first: Cloudflare stops presenting a client certificate to their origins; an origin that enforces client certificates refuses every request, an outage.`
      : 'No hostname uses it: origins see no change.';
  await confirm(values, `Delete ${d.scope} certificate ${label(d)} (${d.id})?`, consequence);
  if (using.length) await api.setHostnames(zone, using.map((a) => ({ hostname: a.hostname, cert_id: d.id, enabled: null })));
  // A certificate whose associations are being removed may still count as used for a moment.
  let result;
  for (let i = 0; ; i++) {
    try {
      result = d.scope === 'zone' ? await api.deleteZoneCertificate(zone, d.id) : await api.deleteHostnameCertificate(zone, d.id);
      break;
    } catch (e) {
      if (!(using.length && e.code === 'CF_API_ERROR' && e.errors?.some((x) => x.code === 1416) && i < 30)) throw e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  if (values.json) return json({ deleted: d.id, scope: d.scope, status: result.status, removedHostnames: using.map((a) => a.hostname) }), EXIT.OK;
  out(`deleting ${label(d)}: status ${result.status}${using.length ? `; removed ${using.map((a) => a.hostname).join(', ')}` : ''}`);
  return EXIT.OK;
}

export const certs = { list, show, upload, delete: remove };
