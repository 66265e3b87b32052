// The zero-downtime check over the effective-certificate timeline (Store#timeline).

/**
 * "Every hostname (and zone) that had an active certificate kept one at every moment."
 * Returns `{ ok, checked: { hostnames, zones }, gaps: [{ scope, zoneId, hostname?, from, to,
 * lastCertId }] }`; `to` is null when the gap is still open. Options narrow the check to one
 * zone, some hostnames, or leave out the zone-level timelines (`zones: false`).
 */
export function checkZeroDowntime(timeline, { zoneId, hostnames, zones = true } = {}) {
  const gaps = [];
  const scan = (changes, base) => {
    let lastCertId = null;
    let gapFrom = null;
    for (const ch of changes) {
      if (ch.certId) {
        if (gapFrom) gaps.push({ ...base, from: gapFrom, to: ch.at, lastCertId });
        gapFrom = null;
        lastCertId = ch.certId;
      } else if (lastCertId && !gapFrom) {
        gapFrom = ch.at;
      }
    }
    if (gapFrom) gaps.push({ ...base, from: gapFrom, to: null, lastCertId });
  };
  let nh = 0;
  for (const h of timeline.hostnames) {
    if (zoneId && h.zoneId !== zoneId) continue;
    if (hostnames && !hostnames.includes(h.hostname)) continue;
    nh++;
    scan(h.changes, { scope: 'hostname', zoneId: h.zoneId, hostname: h.hostname });
  }
  let nz = 0;
  if (zones) {
    for (const z of timeline.zones) {
      if (zoneId && z.zoneId !== zoneId) continue;
      nz++;
      scan(z.changes, { scope: 'zone', zoneId: z.zoneId });
    }
  }
  return { ok: gaps.length === 0, checked: { hostnames: nh, zones: nz }, gaps };
}
