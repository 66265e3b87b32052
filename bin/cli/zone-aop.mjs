// zone-aop on|off|status: the zone-level switch, and which certificate Cloudflare then presents.
import { out, err, json, parse, client, zoneOf, nowMs, confirm, label, API_OPTIONS, YES, EXIT } from './common.mjs';
import { certificates } from './inventory.mjs';

export const help = {
  'zone-aop': `usage: originpull zone-aop status --zone ZONE_ID [--json]
       originpull zone-aop on     --zone ZONE_ID [--json]
       originpull zone-aop off    --zone ZONE_ID [--yes] [--json]

Zone-level AOP: Cloudflare presents one client certificate to the origins of every hostname
of the zone (per-hostname associations take precedence). With a zone-level certificate of
yours uploaded and active (originpull certs upload --scope zone), it is yours; with none,
Cloudflare presents its shared certificate, the same for every Cloudflare customer: an origin
trusting it accepts connections from any Cloudflare zone. off asks for confirmation (--yes
when stdin is not a terminal): an origin that enforces client certificates then refuses
Cloudflare's connections.`,
};

/** The certificate Cloudflare presents: the most recently uploaded active zone-level one. */
function effective(certs) {
  return certs.filter((c) => c.status === 'active').sort((a, b) => (a.uploaded_on < b.uploaded_on ? 1 : -1))[0] ?? null;
}

async function read(values) {
  const zone = zoneOf(values);
  const api = client(values);
  const [setting, certs] = await Promise.all([api.getZoneSetting(zone), certificates(api, zone, 'zone', nowMs(values))]);
  return { zone, api, enabled: setting.enabled, certs, presented: effective(certs) };
}

function describeState(s) {
  const who = s.presented ? `your certificate ${label(s.presented)} (${s.presented.id})` : "Cloudflare's shared certificate (the same for every customer)";
  return s.enabled ? `zone-level AOP is on: Cloudflare presents ${who}` : `zone-level AOP is off (when on, Cloudflare would present ${who})`;
}

const asJson = (s) => ({ zone: s.zone, enabled: s.enabled, certificate: s.presented ? { id: s.presented.id, commonName: s.presented.commonName, serialNumberHex: s.presented.serialNumberHex, daysLeft: s.presented.daysLeft } : null, sharedCertificate: !s.presented });

async function status(args) {
  const { values } = parse(args, API_OPTIONS);
  const s = await read(values);
  if (values.json) return json(asJson(s)), EXIT.OK;
  out(describeState(s));
  return EXIT.OK;
}

async function on(args) {
  const { values } = parse(args, API_OPTIONS);
  const s = await read(values);
  if (!s.presented) {
    err("warning: no active zone-level certificate of yours: Cloudflare presents its shared certificate, the same for every customer. "
      + 'An origin that trusts it accepts connections from any Cloudflare account; upload your own with originpull certs upload --scope zone.');
  }
  await s.api.setZoneSetting(s.zone, true);
  s.enabled = true;
  if (values.json) return json(asJson(s)), EXIT.OK;
  out(describeState(s));
  return EXIT.OK;
}

async function off(args) {
  const { values } = parse(args, { ...API_OPTIONS, ...YES });
  const s = await read(values);
  if (s.enabled) {
    await confirm(values, `Turn zone-level AOP off for zone ${s.zone}?`,
      'Cloudflare will stop presenting a client certificate to the origins of this zone (hostnames with their own association keep theirs): '
      + 'an origin that enforces client certificates refuses every request from Cloudflare, an outage.');
    await s.api.setZoneSetting(s.zone, false);
    s.enabled = false;
  }
  if (values.json) return json(asJson(s)), EXIT.OK;
  out(describeState(s));
  return EXIT.OK;
}

export const zoneAop = { status, on, off };
