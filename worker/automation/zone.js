// One Durable Object per watched zone (named by the zone id): it checks the zone's AOP
// certificates, raises alerts, and renews and rotates them when due. It keeps what /status
// shows and the rotation's RotationState (public: certificates, ids, phase; never a private
// key), and drives the rotation with alarms, so an invocation cut short resumes where the last
// saved state stopped, and two runs never rotate one zone at once (one object per zone, and one
// run at a time in it).
import { DurableObject } from 'cloudflare:workers';
import { Client, rotate } from 'originpull';
import { DEFAULT_UPSTREAM } from '../proxy.js';
import { alert, log } from './log.js';
import { again, leafFacts, renewal } from './source.js';
import { sourceOf } from './config.js';

const DAY_MS = 86_400_000;
const GOING = new Set(['pending_deletion', 'deleted', 'deletion_timed_out']);
const TIMED_OUT = new Set(['deployment_timed_out', 'deletion_timed_out']);
/** A wait longer than this ends the invocation; an alarm at the next poll resumes. */
const LONG_WAIT_MS = 10_000;
/** Longest one invocation drives a rotation before handing over to an alarm. */
const SLICE_MS = 60_000;
/** While a rotation runs, an alarm is kept this far ahead: if the invocation is cut off, it
 *  fires and resumes from the saved state. */
const WATCHDOG_MS = 15_000;
/** Total time a rotation may wait for Cloudflare (deployments, deletions) across invocations. */
const ROTATION_TIMEOUT_MS = 60 * 60 * 1000;
/** Resumable failures (API errors after the Client's retries) before the rotation gives up. */
const MAX_ATTEMPTS = 8;
/** Completed rotations and runs kept for /status. */
const HISTORY = 10;

const daysLeft = (expiresOn, now) => (expiresOn ? Math.floor((Date.parse(expiresOn) - now) / DAY_MS) : null);

/** A failed call as plain, secret-free data. */
const errorOf = (e) => ({ code: e?.code ?? 'INTERNAL', message: String(e?.message ?? e).slice(0, 500), ...(e?.status ? { status: e.status } : {}) });

export class ZoneRotation extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    /** A run (check or rotation slice) is in progress in this instance. */
    this.busy = false;
    // An instance that starts with a rotation in progress and no alarm (it was lost with an
    // invocation): set one, so the rotation goes on without waiting for the next Cron run.
    ctx.blockConcurrencyWhile(async () => {
      if ((await ctx.storage.get('rotation')) && (await ctx.storage.getAlarm()) === null) await ctx.storage.setAlarm(Date.now() + 1000);
    });
  }

  client() {
    return new Client({ token: this.env.CF_API_TOKEN, baseUrl: this.env.UPSTREAM || DEFAULT_UPSTREAM, retries: 4, timeoutMs: 30_000 });
  }

  pollOptions() {
    const poll = Number(this.env.ROTATION_POLL_INTERVAL_MS) || 2000;
    return { pollIntervalMs: poll, maxPollIntervalMs: Math.max(poll, 30_000) };
  }

  /**
   * The scheduled work for this zone (from the queue consumer): check, alert, and renew when
   * due. `entry`: its AOP_WATCH entry; `run`: `{ id, trigger, at }`. Answers a summary;
   * `retryAfterS` asks the queue to deliver the message again later (rate limited).
   */
  async check(entry, run) {
    if (this.busy) {
      log('zone_skipped', { zone: entry.zone, run: run?.id, reason: 'a run is already in progress on this zone' });
      return { zone: entry.zone, outcome: 'skipped', reason: 'busy' };
    }
    this.busy = true;
    try {
      return await this.checkNow(entry, run);
    } finally {
      this.busy = false;
    }
  }

  async checkNow(entry, run) {
    const { storage } = this.ctx;
    const zone = entry.zone;
    const now = Date.now();
    await storage.put('watch', entry);
    const lastRun = { at: new Date(now).toISOString(), run: run?.id ?? null, trigger: run?.trigger ?? null };
    const rotation = await storage.get('rotation');
    if (rotation) {
      // Never a second rotation: the one in progress goes on (now, if it was waiting).
      log('rotation_in_progress', { zone, run: run?.id, phase: rotation.state?.phase?.name ?? 'starting' });
      await storage.put('lastRun', { ...lastRun, outcome: 'rotating', message: 'a rotation is in progress; it continues' });
      if (!(await storage.getAlarm())) await storage.setAlarm(Date.now() + 1000);
      return { zone, outcome: 'rotating' };
    }

    const client = this.client();
    let seen;
    try {
      seen = await this.survey(client, entry, now);
    } catch (e) {
      const error = errorOf(e);
      log('zone_check_failed', { zone, run: run?.id, error }, 'error');
      await storage.put('lastRun', { ...lastRun, outcome: 'error', message: `could not read the zone's certificates: ${error.message}`, error });
      if (error.status === 429) return { zone, outcome: 'error', retryAfterS: 60 };
      await alert(this.env, 'failed', { zone, scope: entry.scope, message: `checking the zone failed: ${error.message}`, error });
      return { zone, outcome: 'error', error };
    }
    await storage.put('certificates', { at: new Date(now).toISOString(), list: seen.certificates, hostnames: seen.hostnames });
    log('zone_checked', {
      zone, run: run?.id, scope: entry.scope, certificates: seen.certificates.length,
      expiring: seen.expiring.map((c) => c.id), timedOut: seen.timedOut.map((c) => c.id), due: seen.due,
    });

    for (const c of seen.timedOut) {
      await alert(this.env, 'failed', {
        zone, scope: entry.scope, certificate: c,
        message: `certificate ${c.id} is ${c.status} at Cloudflare: ${c.status === 'deployment_timed_out' ? 'upload it again or replace it' : 'delete it again'}`,
      });
    }

    if (!seen.due) {
      const outcome = seen.watched ? 'ok' : 'nothing_to_watch';
      const message = seen.watched ? 'no certificate is due for renewal' : entry.scope === 'zone' ? 'the zone has no zone-level certificate to watch' : 'no watched hostname has an association';
      await storage.put('lastRun', { ...lastRun, outcome, message });
      return { zone, outcome };
    }

    const source = sourceOf(this.env, entry);
    const next = await renewal(this.env, entry, { source, current: seen.liveSha256, now });
    await alert(this.env, 'expiring', {
      zone, scope: entry.scope, renewDays: entry.renewDays, certificates: seen.expiring,
      renewal: next.ok ? 'started' : next.waiting ? 'waiting' : 'impossible',
      message: `${seen.expiring.length} certificate(s) expire within ${entry.renewDays} days${next.ok ? `; renewing from ${source}` : `; ${next.reason}`}`,
    });
    if (!next.ok) {
      const outcome = next.waiting ? 'waiting_for_certificate' : 'failed';
      log('renewal_not_started', { zone, run: run?.id, source, reason: next.reason }, 'warn');
      await storage.put('lastRun', { ...lastRun, outcome, message: next.reason });
      if (!next.waiting) await alert(this.env, 'failed', { zone, scope: entry.scope, message: `renewal could not start: ${next.reason}` });
      return { zone, outcome };
    }
    if (entry.scope === 'hostname' && seen.targets.length > 100) {
      const message = `${seen.targets.length} hostnames would move to one certificate; Cloudflare allows 100: list at most 100 in AOP_WATCH hostnames`;
      await storage.put('lastRun', { ...lastRun, outcome: 'failed', message });
      await alert(this.env, 'failed', { zone, scope: entry.scope, message });
      return { zone, outcome: 'failed' };
    }

    const record = {
      zone, scope: entry.scope, source, key: next.key ?? null, sha256: next.sha256, serialNumberHex: next.serialNumberHex,
      notAfter: new Date(next.notAfterMs).toISOString(), hostnames: entry.scope === 'hostname' ? seen.targets : null,
      startedAt: new Date(now).toISOString(), deadlineAt: now + ROTATION_TIMEOUT_MS, attempts: 0, run: run?.id ?? null, state: null,
    };
    await storage.put('rotation', record);
    await storage.put('lastRun', { ...lastRun, outcome: 'rotating', message: `renewing: ${source} certificate serial ${next.serialNumberHex}` });
    log('rotation_started', { zone, run: run?.id, source, serial: next.serialNumberHex, hostnames: record.hostnames?.length ?? null });
    const secrets = { certificate: next.certificate, privateKey: next.privateKey, ...(next.caCertificates ? { caCertificates: next.caCertificates } : {}) };
    const out = await this.drive(record, secrets);
    return { zone, outcome: out };
  }

  /**
   * The zone as Cloudflare has it: certificates of the scope with days left, the watched
   * hostnames, and whether renewal is due (the newest live certificate, or a watched
   * hostname's, expires within renewDays).
   */
  async survey(client, entry, now) {
    const zone = entry.zone;
    const certs = entry.scope === 'zone' ? await client.listZoneCertificates(zone) : await client.listHostnameCertificates(zone);
    const assocs = [];
    if (entry.scope === 'hostname') {
      for (let page = 1; page <= 100; page++) {
        const items = await client.listHostnames(zone, { status: 'all', perPage: 1000, page });
        assocs.push(...items);
        if (items.length < 1000) break;
      }
    }
    const liveAssocs = assocs.filter((a) => !GOING.has(a.status));
    const certificates = certs
      .filter((c) => c.status !== 'deleted')
      .map((c) => {
        const left = daysLeft(c.expires_on, now);
        const state = TIMED_OUT.has(c.status) ? 'timed_out' : left !== null && left < 0 ? 'expired' : left !== null && left < entry.renewDays ? 'expiring' : 'ok';
        return {
          id: c.id, status: c.status, serialNumber: c.serial_number ?? null, issuer: c.issuer ?? null, expiresOn: c.expires_on ?? null,
          daysLeft: left, state, ...(entry.scope === 'hostname' ? { hostnames: liveAssocs.filter((a) => a.cert_id === c.id).map((a) => a.hostname) } : {}),
        };
      });
    const byId = new Map(certificates.map((c) => [c.id, c]));
    const live = certs.filter((c) => !GOING.has(c.status) && !TIMED_OUT.has(c.status));
    const liveSha256 = [];
    for (const c of live) {
      try {
        liveSha256.push(leafFacts(c.certificate).sha256);
      } catch {
        // A certificate the API returned unreadable: it cannot be the renewal either way.
      }
    }
    const timedOut = certificates.filter((c) => c.state === 'timed_out');
    let due = false;
    let watched = false;
    let expiring = [];
    let targets = [];
    let hostnames = [];
    if (entry.scope === 'zone') {
      const current = live.map((c) => byId.get(c.id)).filter((c) => c && c.expiresOn);
      watched = current.length > 0;
      const newest = current.reduce((a, c) => (!a || Date.parse(c.expiresOn) > Date.parse(a.expiresOn) ? c : a), null);
      due = Boolean(newest && newest.daysLeft < entry.renewDays);
      expiring = current.filter((c) => c.state === 'expiring' || c.state === 'expired');
    } else {
      const names = entry.hostnames === 'all' ? [...new Set(liveAssocs.map((a) => a.hostname))] : entry.hostnames;
      hostnames = names.map((h) => {
        const a = liveAssocs.find((x) => x.hostname === h);
        const c = a ? byId.get(a.cert_id) : null;
        return { hostname: h, certId: a?.cert_id ?? null, enabled: a?.enabled ?? null, daysLeft: c?.daysLeft ?? null, state: c?.state ?? (a ? 'unknown' : 'unassociated') };
      });
      watched = hostnames.some((h) => h.certId);
      const ids = new Set(hostnames.map((h) => h.certId).filter(Boolean));
      expiring = certificates.filter((c) => ids.has(c.id) && (c.state === 'expiring' || c.state === 'expired'));
      due = expiring.length > 0;
      // Every watched hostname moves to the renewal: those on an expiring certificate and the
      // rest of the list (a named hostname without an association gets one).
      targets = entry.hostnames === 'all' ? hostnames.filter((h) => h.certId).map((h) => h.hostname) : entry.hostnames;
    }
    return { certificates, hostnames, timedOut, due, watched, expiring, targets, liveSha256 };
  }

  /**
   * Drive the rotation in `record` for one invocation: from its saved state (or from the
   * start with `secrets`), saving the state at every progress event, until it ends, waits
   * longer than LONG_WAIT_MS, or has run SLICE_MS; then an alarm takes over. Answers
   * 'completed', 'rolled_back', 'failed' or 'rotating'.
   */
  async drive(record, secrets) {
    const { storage } = this.ctx;
    const zone = record.zone;
    const started = Date.now();
    const controller = new AbortController();
    let resumeAt = null;
    await storage.setAlarm(Date.now() + WATCHDOG_MS);
    const onProgress = (e) => {
      record.state = e.state;
      // Not awaited: the output gate holds the next request until this write is durable, so
      // the saved state is never behind what Cloudflare was asked to do.
      storage.put('rotation', record);
      if (e.kind === 'step' || e.kind === 'done') log('rotation_step', { zone, step: e.step, message: e.message });
      if (e.kind === 'wait') {
        const next = e.state.nextPollAtMs;
        if (next - Date.now() > LONG_WAIT_MS || Date.now() - started > SLICE_MS) {
          resumeAt = next;
          controller.abort();
        } else {
          storage.setAlarm(Math.max(next, Date.now()) + WATCHDOG_MS);
        }
      }
    };
    const timeoutMs = Math.max(1000, record.deadlineAt - Date.now());
    let result;
    try {
      const common = { onProgress, signal: controller.signal, timeoutMs, ...(secrets ?? {}) };
      result = record.state
        ? await rotate(this.client(), { ...common, state: record.state })
        : await rotate(this.client(), {
            ...common, scope: record.scope, zoneId: zone, ...this.pollOptions(),
            ...(record.hostnames ? { hostnames: record.hostnames } : {}),
          });
    } catch (e) {
      // It could not start (VALIDATION_FAILED, INVALID_ARGUMENT): nothing was sent.
      return this.finish(record, { ok: false, outcome: 'failed', error: errorOf(e), resumable: false, advice: 'fix the certificate source' });
    }
    if (resumeAt !== null && result.error?.code === 'ABORTED') {
      record.state = result.state;
      await storage.put('rotation', record);
      await storage.setAlarm(Math.max(resumeAt, Date.now() + 100));
      log('rotation_waiting', { zone, phase: result.state.phase?.name, resumeAt: new Date(resumeAt).toISOString() });
      return 'rotating';
    }
    if (!result.ok && result.outcome === 'failed' && result.resumable && record.attempts + 1 < MAX_ATTEMPTS && Date.now() < record.deadlineAt) {
      record.attempts += 1;
      record.state = result.state;
      record.lastError = result.error;
      const wait = result.error?.status === 429 ? 60_000 : Math.min(5 * 60_000, 5000 * 2 ** record.attempts);
      await storage.put('rotation', record);
      await storage.setAlarm(Date.now() + wait);
      log('rotation_retry', { zone, attempt: record.attempts, inMs: wait, error: result.error }, 'warn');
      return 'rotating';
    }
    return this.finish(record, result);
  }

  /** A rotation that ended: record it, alert, clear the state and the alarm. */
  async finish(record, result) {
    const { storage } = this.ctx;
    const zone = record.zone;
    const outcome = result.ok ? 'completed' : result.outcome;
    const summary = {
      at: new Date().toISOString(), outcome, source: record.source, startedAt: record.startedAt,
      newCertId: result.newCertId ?? null, oldCertIds: result.oldCertIds ?? [], deleted: result.deleted ?? [],
      kept: result.kept ?? [], calls: result.calls ?? null, error: result.error ?? null, advice: result.advice ?? null,
      serialNumberHex: record.serialNumberHex, notAfter: record.notAfter,
    };
    const history = (await storage.get('rotations')) ?? [];
    await storage.put('rotations', [summary, ...history].slice(0, HISTORY));
    await storage.delete('rotation');
    await storage.deleteAlarm();
    const lastRun = (await storage.get('lastRun')) ?? {};
    const message = result.ok
      ? `renewed: certificate ${summary.newCertId} (serial ${record.serialNumberHex}, until ${record.notAfter}) replaced ${summary.deleted.join(', ') || 'nothing'}`
      : `rotation ${outcome}: ${result.error?.message ?? result.advice ?? 'see the logs'}`;
    await storage.put('lastRun', { ...lastRun, outcome: result.ok ? 'renewed' : outcome, message });
    log('rotation_finished', { zone, outcome, newCertId: summary.newCertId, deleted: summary.deleted, calls: summary.calls, error: summary.error }, result.ok ? 'info' : 'error');
    const event = result.ok ? 'renewed' : outcome === 'rolled_back' ? 'rolled_back' : 'failed';
    await alert(this.env, event, { zone, scope: record.scope, message, rotation: summary });
    if (result.ok) {
      // What /status shows: the zone as it is now.
      const entry = await storage.get('watch');
      if (entry) {
        try {
          const seen = await this.survey(this.client(), entry, Date.now());
          await storage.put('certificates', { at: new Date().toISOString(), list: seen.certificates, hostnames: seen.hostnames });
        } catch (e) {
          log('zone_check_failed', { zone, error: errorOf(e) }, 'warn');
        }
      }
    }
    return outcome;
  }

  /** A rotation waiting (or cut off) goes on here. */
  async alarm() {
    const { storage } = this.ctx;
    if (this.busy) {
      await storage.setAlarm(Date.now() + 5000);
      return;
    }
    const record = await storage.get('rotation');
    if (!record) return;
    this.busy = true;
    try {
      log('rotation_resumed', { zone: record.zone, phase: record.state?.phase?.name ?? 'starting', attempts: record.attempts });
      const uploaded = Boolean(record.state?.newCertId);
      const ended = record.state?.stop && !record.state.stop.resumable;
      let secrets;
      if (!uploaded && !ended) {
        // The upload is not confirmed: the key is needed again, and only the source has it.
        secrets = await again(this.env, record);
        if (!secrets) {
          await this.abandon(record);
          const entry = await storage.get('watch');
          if (entry) await this.checkNow(entry, { id: record.run, trigger: 'restart' });
          return;
        }
      }
      await this.drive(record, secrets);
    } catch (e) {
      log('rotation_alarm_failed', { zone: record.zone, error: errorOf(e) }, 'error');
      await storage.setAlarm(Date.now() + 30_000);
    } finally {
      this.busy = false;
    }
  }

  /**
   * A rotation cut off before its upload was confirmed, whose key cannot be had again (a
   * minted one, or KV changed): if the upload did reach Cloudflare, that certificate is
   * deleted (nothing was pointed at it yet: the switch comes after a confirmed upload); then
   * the rotation is forgotten, and a new check starts a fresh one.
   */
  async abandon(record) {
    const { storage } = this.ctx;
    const zone = record.zone;
    log('rotation_abandoned', { zone, reason: 'the upload was not confirmed and the certificate source cannot give its key again' }, 'warn');
    if (record.state?.certificate) {
      const client = this.client();
      try {
        const list = record.scope === 'zone' ? await client.listZoneCertificates(zone) : await client.listHostnameCertificates(zone);
        const orphan = list.find((c) => !GOING.has(c.status) && safeSha(c.certificate) === record.sha256);
        if (orphan) {
          if (record.scope === 'zone') await client.deleteZoneCertificate(zone, orphan.id);
          else await client.deleteHostnameCertificate(zone, orphan.id);
          log('orphan_deleted', { zone, certId: orphan.id });
        }
      } catch (e) {
        log('orphan_cleanup_failed', { zone, error: errorOf(e) }, 'warn');
      }
    }
    await storage.delete('rotation');
    await storage.deleteAlarm();
  }

  /** GET /status for this zone. */
  async status() {
    const now = Date.now();
    const got = await this.ctx.storage.get(['watch', 'lastRun', 'rotation', 'rotations', 'certificates']);
    const watch = got.get('watch') ?? null;
    const certs = got.get('certificates');
    const rotation = got.get('rotation');
    return {
      zone: watch?.zone ?? null,
      scope: watch?.scope ?? null,
      renewDays: watch?.renewDays ?? null,
      checkedAt: certs?.at ?? null,
      certificates: (certs?.list ?? []).map((c) => ({ ...c, daysLeft: daysLeft(c.expiresOn, now) })),
      hostnames: certs?.hostnames ?? [],
      lastRun: got.get('lastRun') ?? null,
      rotation: rotation
        ? {
            phase: rotation.state?.phase?.name ?? 'starting', source: rotation.source, startedAt: rotation.startedAt,
            newCertId: rotation.state?.newCertId ?? null, oldCertIds: rotation.state?.oldCertIds ?? [],
            attempts: rotation.attempts, lastError: rotation.lastError ?? null, serialNumberHex: rotation.serialNumberHex,
          }
        : null,
      lastRotation: (got.get('rotations') ?? [])[0] ?? null,
      outcome: rotation ? 'rotating' : (got.get('lastRun')?.outcome ?? 'never_run'),
    };
  }
}

function safeSha(pem) {
  try {
    return leafFacts(pem).sha256;
  } catch {
    return null;
  }
}
