// AOP_WATCH, the automation's configuration: a JSON array of
// `{ "zone": "<32-hex id>", "scope": "zone" | "hostname", "hostnames"?: [...] | "all",
//    "renewDays"?: 30, "source"?: "kv" | "mint" }`, one entry per zone.

export const DEFAULT_RENEW_DAYS = 30;
const ZONE = /^[0-9a-f]{32}$/;
const HOSTNAME = /^(?=.{1,253}$)(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

/** Which certificate source renews a zone: the entry's `source`, else CERT_SOURCE, else
 *  `mint` when the CA secrets are set, else `kv`. */
export function sourceOf(env, entry) {
  if (entry.source) return entry.source;
  if (env.CERT_SOURCE === 'kv' || env.CERT_SOURCE === 'mint') return env.CERT_SOURCE;
  return env.CA_CERT && env.CA_KEY ? 'mint' : 'kv';
}

/** `{ ok: true, zones }` (entries normalised: lowercase ids and hostnames, renewDays set), or
 *  `{ ok: false, error }` naming the first problem. An unset AOP_WATCH watches nothing. */
export function readWatch(env) {
  const raw = env.AOP_WATCH;
  if (raw === undefined || raw === null || raw === '') return { ok: true, zones: [] };
  let list;
  try {
    list = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch (e) {
    return { ok: false, error: `AOP_WATCH is not JSON (${e.message})` };
  }
  if (!Array.isArray(list)) return { ok: false, error: 'AOP_WATCH must be a JSON array of { zone, scope, hostnames?, renewDays? }' };
  const zones = [];
  const seen = new Set();
  for (const [i, e] of list.entries()) {
    const at = `AOP_WATCH[${i}]`;
    if (!e || typeof e !== 'object' || Array.isArray(e)) return { ok: false, error: `${at} must be an object` };
    const unknown = Object.keys(e).find((k) => !['zone', 'scope', 'hostnames', 'renewDays', 'source', 'validityDays'].includes(k));
    if (unknown) return { ok: false, error: `${at} has an unknown field "${unknown}"` };
    const zone = typeof e.zone === 'string' ? e.zone.trim().toLowerCase() : '';
    if (!ZONE.test(zone)) return { ok: false, error: `${at}.zone must be a zone id (32 hexadecimal characters)` };
    if (seen.has(zone)) return { ok: false, error: `${at}: zone ${zone} appears twice; one entry per zone` };
    seen.add(zone);
    if (e.scope !== 'zone' && e.scope !== 'hostname') return { ok: false, error: `${at}.scope must be "zone" or "hostname"` };
    let hostnames = 'all';
    if (e.hostnames !== undefined && e.hostnames !== 'all') {
      if (e.scope === 'zone') return { ok: false, error: `${at}.hostnames is for the hostname scope` };
      if (!Array.isArray(e.hostnames) || !e.hostnames.length || e.hostnames.length > 100) {
        return { ok: false, error: `${at}.hostnames must be "all" or a list of 1 to 100 hostnames` };
      }
      hostnames = [];
      for (const h of e.hostnames) {
        const name = typeof h === 'string' ? h.trim().toLowerCase().replace(/\.$/, '') : '';
        if (!HOSTNAME.test(name)) return { ok: false, error: `${at}.hostnames: "${h}" is not a hostname` };
        if (!hostnames.includes(name)) hostnames.push(name);
      }
    }
    const renewDays = e.renewDays ?? DEFAULT_RENEW_DAYS;
    if (!Number.isInteger(renewDays) || renewDays < 1 || renewDays > 365) return { ok: false, error: `${at}.renewDays must be a whole number of days from 1 to 365` };
    if (e.source !== undefined && e.source !== 'kv' && e.source !== 'mint') return { ok: false, error: `${at}.source must be "kv" or "mint"` };
    const validityDays = e.validityDays ?? 365;
    if (!Number.isInteger(validityDays) || validityDays <= renewDays || validityDays > 3650) {
      return { ok: false, error: `${at}.validityDays (minted certificates) must be a whole number of days above renewDays, at most 3650` };
    }
    zones.push({ zone, scope: e.scope, hostnames, renewDays, ...(e.source ? { source: e.source } : {}), validityDays });
  }
  return { ok: true, zones };
}
