// The emulator's state: zones, certificates, hostname associations, the event history that
// drives the effective-certificate timeline, and the request log. Statuses are not stored:
// they are computed from timestamps at the moment they are read, so no timers run.
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync, renameSync, existsSync } from 'node:fs';

export const STATE_VERSION = 1;
export const MAX_REQUEST_LOG = 10000;

const emptyData = () => ({ version: STATE_VERSION, zones: {}, certs: {}, events: [], requests: [] });
const iso = (ms) => new Date(ms).toISOString();

export class Store {
  /**
   * @param {{ deployDelayMs: number, now: () => number, stateFile?: string|null,
   *           limits: { hostnameCertsPerZone: number, associationsPerCert: number } }} opts
   */
  constructor(opts) {
    this.opts = opts;
    this.data = emptyData();
    /** Timeouts armed for the next upload(s): `{ scope: 'zone'|'hostname'|'any', phase }`. */
    this.pendingTimeouts = [];
    if (opts.stateFile && existsSync(opts.stateFile)) {
      const loaded = JSON.parse(readFileSync(opts.stateFile, 'utf8'));
      if (loaded.version !== STATE_VERSION) throw new Error(`emulator state file ${opts.stateFile} has version ${loaded.version}, expected ${STATE_VERSION}`);
      this.data = { ...emptyData(), ...loaded };
    }
  }

  now() {
    return this.opts.now();
  }

  save() {
    const file = this.opts.stateFile;
    if (!file) return;
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data));
    renameSync(tmp, file);
  }

  reset() {
    this.data = emptyData();
    this.pendingTimeouts = [];
    this.save();
  }

  zone(zoneId) {
    let z = this.data.zones[zoneId];
    if (!z) {
      z = { settings: { enabled: false, updatedAt: null }, assocs: {} };
      this.data.zones[zoneId] = z;
    }
    return z;
  }

  logRequest(entry) {
    this.data.requests.push(entry);
    if (this.data.requests.length > MAX_REQUEST_LOG) this.data.requests.splice(0, this.data.requests.length - MAX_REQUEST_LOG);
  }

  // ---- certificates ------------------------------------------------------------------------

  /** Status of a certificate record at `now` (section 3 of AOP-API.md). */
  certStatus(c, now = this.now()) {
    if (c.deleteRequestedAt != null) {
      if (now < c.deleteAt) return 'pending_deletion';
      return c.deleteTimeout ? 'deletion_timed_out' : 'deleted';
    }
    if (now < c.initAt) return 'initializing';
    if (now < c.deployAt) return 'pending_deployment';
    return c.deployTimeout ? 'deployment_timed_out' : 'active';
  }

  /** Certificates of one scope in a zone, oldest first, deleted ones included. */
  certsOf(zoneId, scope) {
    return Object.values(this.data.certs)
      .filter((c) => c.zoneId === zoneId && c.scope === scope)
      .sort((a, b) => a.uploadedAt - b.uploadedAt || a.seq - b.seq);
  }

  getCert(zoneId, scope, id) {
    const c = this.data.certs[id];
    return c && c.zoneId === zoneId && c.scope === scope ? c : null;
  }

  addCert(zoneId, scope, facts) {
    const now = this.now();
    const d = this.opts.deployDelayMs;
    const armed = this.pendingTimeouts.findIndex((t) => t.scope === 'any' || t.scope === scope);
    const timeout = armed >= 0 ? this.pendingTimeouts.splice(armed, 1)[0] : null;
    const c = {
      id: randomUUID(),
      seq: this.data.events.length,
      zoneId,
      scope,
      ...facts,
      uploadedAt: now,
      updatedAt: now,
      initAt: now + Math.floor(d / 3),
      deployAt: now + d,
      deployTimeout: timeout?.phase === 'deployment',
      deleteTimeoutArmed: timeout?.phase === 'deletion',
      deleteRequestedAt: null,
      deleteSeq: null,
      deleteAt: null,
      deleteTimeout: false,
    };
    this.zone(zoneId);
    this.data.certs[c.id] = c;
    this.data.events.push({ type: 'upload', t: now, zoneId, scope, certId: c.id });
    return c;
  }

  /** Starts (or restarts, after deletion_timed_out) the deletion of a certificate. */
  deleteCert(c) {
    const now = this.now();
    if (c.deleteRequestedAt == null) {
      c.deleteRequestedAt = now;
      c.deleteSeq = this.data.events.length;
    }
    c.deleteAt = now + this.opts.deployDelayMs;
    c.deleteTimeout = Boolean(c.deleteTimeoutArmed);
    c.deleteTimeoutArmed = false;
    c.updatedAt = now;
    this.data.events.push({ type: 'delete', t: now, zoneId: c.zoneId, certId: c.id });
  }

  /**
   * Makes a certificate's deployment (or its deletion) end in `*_timed_out`. Deployment: only
   * while it is not yet deployed. Returns an error message or null.
   */
  armTimeout(certId, phase = 'deployment') {
    const c = this.data.certs[certId];
    if (!c) return `no certificate ${certId}`;
    const now = this.now();
    if (phase === 'deployment') {
      if (c.deleteRequestedAt != null || now >= c.deployAt) return `certificate ${certId} has already finished deploying`;
      c.deployTimeout = true;
    } else if (phase === 'deletion') {
      if (c.deleteRequestedAt != null && now < c.deleteAt) c.deleteTimeout = true;
      else c.deleteTimeoutArmed = true;
    } else {
      return `unknown phase ${phase}`;
    }
    this.data.events.push({ type: 'timeout', t: now, certId, phase });
    return null;
  }

  // ---- associations ------------------------------------------------------------------------

  /** Status of a hostname association at `now`. */
  assocStatus(a, now = this.now()) {
    if (a.enabled === null) return now < a.deployAt ? 'pending_deletion' : 'deleted';
    const cert = this.data.certs[a.certId];
    if (cert?.deployTimeout && now >= cert.deployAt) return 'deployment_timed_out';
    return now < a.deployAt ? 'pending_deployment' : 'active';
  }

  /** Live (not voided) associations that use `certId`. */
  assocsUsing(zoneId, certId) {
    return Object.values(this.zone(zoneId).assocs).filter((a) => a.certId === certId && a.enabled !== null);
  }

  /** Applies one validated `config` item. */
  applyAssoc(zoneId, hostname, certId, enabled) {
    const now = this.now();
    const z = this.zone(zoneId);
    const rec = z.assocs[hostname];
    if (enabled === null) {
      if (!rec || rec.enabled === null) return; // nothing to void
      rec.enabled = null;
      rec.updatedAt = now;
      rec.deployAt = now + this.opts.deployDelayMs;
    } else {
      const cert = this.data.certs[certId];
      if (rec && rec.enabled !== null && rec.certId === certId && rec.enabled === enabled) {
        rec.updatedAt = now; // same setting again: nothing to redeploy
        return;
      }
      const deployAt = Math.max(now + this.opts.deployDelayMs, cert.deployAt);
      if (rec && rec.enabled !== null) {
        Object.assign(rec, { certId, enabled, updatedAt: now, deployAt });
      } else {
        z.assocs[hostname] = { hostname, certId, enabled, createdAt: now, updatedAt: now, deployAt };
      }
    }
    const a = z.assocs[hostname];
    this.data.events.push({ type: 'assoc', t: now, zoneId, hostname, certId: a.certId, enabled, deployAt: a.deployAt });
  }

  setZoneEnabled(zoneId, enabled) {
    const now = this.now();
    const z = this.zone(zoneId);
    z.settings = { enabled, updatedAt: now };
    this.data.events.push({ type: 'setting', t: now, zoneId, enabled });
  }

  // ---- timeline ----------------------------------------------------------------------------

  /**
   * Which certificate each hostname and each zone presents to the origin, over time, up to
   * `now`: `{ hostnames: [{ zoneId, hostname, changes: [{ at, atMs, certId }] }],
   *           zones: [{ zoneId, changes: [{ at, atMs, certId, enabled }] }] }`.
   * Hostname: a newer association takes over once it has deployed (its own deployment and its
   * certificate's); until then the previous certificate keeps serving (make before break),
   * unless that certificate is being deleted. Zone: the most recently deployed active
   * zone-level certificate (AOP-API.md section 5).
   * The state is evaluated at "moments" (t, k): time t after the first k events. Deployments
   * that finish at t come before requests made at t, so a certificate that became active and
   * was deleted in the same millisecond still shows (for an instant) in the timeline.
   */
  timeline(now = this.now()) {
    const { events, certs } = this.data;
    const times = new Set();
    for (const e of events) {
      times.add(e.t);
      if (e.deployAt != null) times.add(e.deployAt);
    }
    for (const c of Object.values(certs)) times.add(c.deployAt);
    const moments = [];
    let k = 0;
    for (const t of [...times].filter((x) => x <= now).sort((a, b) => a - b)) {
      while (k < events.length && events[k].t < t) k++;
      moments.push([t, k]);
      while (k < events.length && events[k].t === t) moments.push([t, ++k]);
    }
    const deleted = (c, n) => c.deleteSeq != null && c.deleteSeq < n;

    const byHost = new Map();
    events.forEach((e, i) => {
      if (e.type !== 'assoc') return;
      const key = `${e.zoneId}\u0000${e.hostname}`;
      if (!byHost.has(key)) byHost.set(key, []);
      byHost.get(key).push({ ...e, i });
    });
    const hostnames = [];
    for (const list of byHost.values()) {
      const changes = [];
      let last = null;
      for (const [t, n] of moments) {
        let cur = null;
        const seen = list.filter((e) => e.i < n);
        seen.forEach((e, j) => {
          const until = j + 1 < seen.length ? seen[j + 1].t : t;
          const cert = certs[e.certId];
          if (e.deployAt <= until && !(e.enabled === true && cert?.deployTimeout)) cur = e.enabled === true ? e.certId : null;
          if (cur && deleted(certs[cur], n) && certs[cur].deleteRequestedAt <= until) cur = null;
        });
        if (cur !== last && (changes.length || cur !== null)) changes.push({ at: iso(t), atMs: t, certId: cur });
        last = cur;
      }
      if (changes.length) hostnames.push({ zoneId: list[0].zoneId, hostname: list[0].hostname, changes });
    }

    const zones = [];
    for (const zoneId of Object.keys(this.data.zones)) {
      const zoneCerts = Object.values(certs).filter((c) => c.zoneId === zoneId && c.scope === 'zone');
      const settings = events.map((e, i) => ({ ...e, i })).filter((e) => e.type === 'setting' && e.zoneId === zoneId);
      if (!zoneCerts.length && !settings.length) continue;
      const changes = [];
      let last = null;
      for (const [t, n] of moments) {
        let best = null;
        for (const c of zoneCerts) {
          const live = c.seq < n && !c.deployTimeout && c.deployAt <= t && !deleted(c, n);
          if (live && (!best || c.deployAt > best.deployAt || (c.deployAt === best.deployAt && c.seq > best.seq))) best = c;
        }
        let enabled = false;
        for (const e of settings) if (e.i < n) enabled = e.enabled;
        const certId = best?.id ?? null;
        if (!last || last.certId !== certId || last.enabled !== enabled) {
          if (last || certId !== null || enabled) changes.push({ at: iso(t), atMs: t, certId, enabled });
          last = { certId, enabled };
        }
      }
      if (changes.length) zones.push({ zoneId, changes });
    }
    return { hostnames, zones };
  }
}
