// What a zone holds, read through the Client: certificates of both scopes (described as
// people recognise them) and every hostname association, all pages.
import { describe } from './common.mjs';

/** Every association of the zone (all pages). `status`: Cloudflare's filter ('all' = every one). */
export async function associations(api, zone, status = 'all') {
  const list = [];
  for (let page = 1; ; page++) {
    const items = await api.listHostnames(zone, { page, perPage: 1000, status });
    list.push(...items);
    if (items.length < 1000) return list;
  }
}

/** Certificates of `scope` ('zone' | 'hostname'), described. */
export async function certificates(api, zone, scope, now) {
  const list = scope === 'zone' ? await api.listZoneCertificates(zone) : await api.listHostnameCertificates(zone);
  return list.map((c) => describe(scope, c, now));
}

/** Everything: `{ setting, zone, hostname, associations }`, each certificate with `hostnames`. */
export async function inventory(api, zone, now) {
  const [setting, zoneCerts, hostCerts, assocs] = await Promise.all([
    api.getZoneSetting(zone), certificates(api, zone, 'zone', now), certificates(api, zone, 'hostname', now), associations(api, zone),
  ]);
  const live = assocs.filter((a) => a.status !== 'deleted');
  for (const c of hostCerts) c.hostnames = live.filter((a) => a.cert_id === c.id).map((a) => a.hostname);
  return { setting, zone: zoneCerts, hostname: hostCerts, associations: live };
}
