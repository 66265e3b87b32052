// hostnames list|enable|disable|remove: which per-hostname certificate each hostname presents
// to its origin.
import { out, json, table, parse, client, zoneOf, nowMs, confirm, label, API_OPTIONS, YES, Usage, EXIT } from './common.mjs';
import { associations, certificates } from './inventory.mjs';

export const help = {
  hostnames: `usage: originpull hostnames list    --zone ZONE_ID [--status STATUS] [--json]
       originpull hostnames enable  HOSTNAME... --cert CERT_ID --zone ZONE_ID [--json]
       originpull hostnames disable HOSTNAME... --zone ZONE_ID [--yes] [--json]
       originpull hostnames remove  HOSTNAME... --zone ZONE_ID [--yes] [--json]

enable associates the hostnames with a per-hostname certificate (see originpull certs list)
and turns it on: Cloudflare presents that certificate to their origins. disable keeps the
association but presents no certificate; remove deletes the association. Both ask for
confirmation (--yes when stdin is not a terminal): an origin that enforces client
certificates then refuses Cloudflare's connections. --status: active (default all),
pending_deployment, pending_deletion, deleted, deployment_timed_out, deletion_timed_out.`,
};

const COLUMNS = [
  { title: 'hostname', key: 'hostname' },
  { title: 'enabled', get: (a) => (a.enabled === null ? 'removed' : a.enabled ? 'yes' : 'no') },
  { title: 'status', key: 'status' },
  { title: 'certificate', get: (a) => (a.cert ? label(a.cert) : '') },
  { title: 'cert id', key: 'cert_id' },
];

async function list(args) {
  const { values } = parse(args, { ...API_OPTIONS, status: { type: 'string' } });
  const zone = zoneOf(values);
  const api = client(values);
  const now = nowMs(values);
  const [items, certs] = await Promise.all([associations(api, zone, values.status ?? 'all'), certificates(api, zone, 'hostname', now)]);
  const byId = new Map(certs.map((c) => [c.id, c]));
  const rows = items.map((a) => ({ ...a, cert: byId.get(a.cert_id) ?? null }));
  if (values.json) json(rows.map(({ cert, ...a }) => ({ ...a, certificate: cert ? { commonName: cert.commonName, serialNumberHex: cert.serialNumberHex, expires_on: cert.expires_on, daysLeft: cert.daysLeft, status: cert.status } : null })));
  else table(COLUMNS, rows);
  return EXIT.OK;
}

function hostnamesOf(positionals, what) {
  if (!positionals.length) throw new Usage(`hostnames ${what} needs at least one hostname`);
  return positionals.map((h) => h.trim().toLowerCase().replace(/\.$/, ''));
}

function report(values, verb, result, names) {
  const changed = result.filter((a) => names.includes(a.hostname));
  if (values.json) return json(changed), EXIT.OK;
  for (const a of changed) out(`${verb} ${a.hostname}: certificate ${a.cert_id}, status ${a.status}`);
  return EXIT.OK;
}

async function enable(args) {
  const { values, positionals } = parse(args, { ...API_OPTIONS, cert: { type: 'string' } }, { positionals: true });
  const names = hostnamesOf(positionals, 'enable');
  const zone = zoneOf(values);
  if (!values.cert) throw new Usage('--cert CERT_ID is required: the per-hostname certificate to present (originpull certs list --scope hostname)');
  const api = client(values);
  const result = await api.setHostnames(zone, names.map((hostname) => ({ hostname, cert_id: values.cert, enabled: true })));
  return report(values, 'enabled', result, names);
}

/** The current association of each hostname (usage error for one that has none). */
async function current(api, zone, names) {
  const all = await associations(api, zone);
  return names.map((h) => {
    const a = all.find((x) => x.hostname === h && x.status !== 'deleted' && x.enabled !== null);
    if (!a) throw new Usage(`${h} has no certificate association in zone ${zone} (originpull hostnames list shows them)`);
    return a;
  });
}

function change(enabled) {
  const verb = enabled === false ? 'disable' : 'remove';
  return async (args) => {
    const { values, positionals } = parse(args, { ...API_OPTIONS, ...YES }, { positionals: true });
    const names = hostnamesOf(positionals, verb);
    const zone = zoneOf(values);
    const api = client(values);
    const assocs = await current(api, zone, names);
    await confirm(values, `${verb === 'disable' ? 'Disable' : 'Remove'} AOP for ${names.join(', ')}?`,
      `Cloudflare will stop presenting a client certificate to the origin of ${names.join(', ')}: `
      + 'an origin that enforces client certificates (ssl_verify_client on) refuses every request from Cloudflare, an outage. '
      + 'Turn enforcement off at the origin first, or move the hostnames to another certificate with originpull rotate.');
    const result = await api.setHostnames(zone, assocs.map((a) => ({ hostname: a.hostname, cert_id: a.cert_id, enabled })));
    if (enabled === null) {
      if (values.json) return json(names.map((hostname) => ({ hostname, removed: true }))), EXIT.OK;
      for (const h of names) out(`removed ${h}`);
      return EXIT.OK;
    }
    return report(values, 'disabled', result, names);
  };
}

export const hostnames = { list, enable, disable: change(false), remove: change(null) };
