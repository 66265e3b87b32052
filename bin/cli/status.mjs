// status: every certificate and association of the zone, with days left, flagged when
// expiring, expired, or stuck in a timed-out status.
import { out, json, table, parse, client, zoneOf, nowMs, label, API_OPTIONS, int, EXIT } from './common.mjs';
import { inventory } from './inventory.mjs';

export const help = {
  status: `usage: originpull status --zone ZONE_ID [--warn-days N] [--json]

Every certificate (zone-level and per hostname) and every hostname association, with days
left. A certificate that expires within --warn-days (30) or has expired, or a status that
timed out, is flagged; the exit code is then 1 (0 when nothing is flagged), for cron jobs.`,
};

function flag(d, warn) {
  if (d.status?.endsWith('timed_out')) return d.status.toUpperCase();
  if (d.daysLeft === null) return '';
  if (d.daysLeft < 0) return 'EXPIRED';
  if (d.daysLeft <= warn) return 'EXPIRING';
  return '';
}

export async function status(args) {
  const { values } = parse(args, { ...API_OPTIONS, 'warn-days': { type: 'string' } });
  const warn = int(values, 'warn-days') ?? 30;
  const zone = zoneOf(values);
  const api = client(values);
  const now = nowMs(values);
  const inv = await inventory(api, zone, now);
  const certs = [...inv.zone, ...inv.hostname].map((d) => ({ ...d, flag: flag(d, warn) }));
  const byId = new Map(certs.map((c) => [c.id, c]));
  const assocs = inv.associations.map((a) => {
    const c = byId.get(a.cert_id);
    return { ...a, certificate: c ? label(c) : null, daysLeft: c?.daysLeft ?? null, flag: a.status.endsWith('timed_out') ? a.status.toUpperCase() : c && a.enabled ? c.flag : '' };
  });
  const flagged = certs.filter((c) => c.flag).length + assocs.filter((a) => a.flag).length;
  if (values.json) {
    json({ zone, zoneAop: { enabled: inv.setting.enabled }, warnDays: warn, certificates: certs, associations: assocs, flagged });
  } else {
    out(`zone ${zone}: zone-level AOP ${inv.setting.enabled ? 'on' : 'off'}`);
    out('');
    table([
      { title: 'scope', key: 'scope' },
      { title: 'certificate', get: (d) => d.commonName || d.subject || '(no subject)' },
      { title: 'serial', key: 'serialNumberHex' },
      { title: 'days left', key: 'daysLeft' },
      { title: 'status', key: 'status' },
      { title: 'flag', key: 'flag' },
      { title: 'id', key: 'id' },
    ], certs);
    out('');
    table([
      { title: 'hostname', key: 'hostname' },
      { title: 'enabled', get: (a) => (a.enabled ? 'yes' : 'no') },
      { title: 'status', key: 'status' },
      { title: 'days left', key: 'daysLeft' },
      { title: 'flag', key: 'flag' },
      { title: 'certificate', key: 'certificate' },
    ], assocs);
    if (flagged) out(`\n${flagged} flagged (expiring within ${warn} days, expired or timed out)`);
  }
  return flagged ? EXIT.NOT_OK : EXIT.OK;
}
