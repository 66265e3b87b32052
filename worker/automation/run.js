// The Cron Trigger's run and its fan-out: one Queue message per watched zone (sent in batches
// of 100, so a thousand zones take ten calls), each handled by the zone's Durable Object. The
// queue consumer works on a few zones at a time (ZONE_CONCURRENCY per batch, and wrangler.jsonc
// bounds the consumers), which keeps the run inside Cloudflare's 1200 requests per 5 minutes;
// a zone that was rate limited is delivered again later. Without a queue binding the zones are
// called directly, as many at a time.
import { readWatch } from './config.js';
import { log } from './log.js';
import { mapLimit } from './util.js';

/** Zones checked at once by one queue consumer (or a direct fan-out). */
export const ZONE_CONCURRENCY = 5;
const QUEUE_BATCH = 100;

export const zoneStub = (env, zone) => env.ZONES.get(env.ZONES.idFromName(zone));

/** Queue (or call) one check per zone; answers the zone ids. */
export async function fanOut(env, zones, { trigger, cron } = {}, ctx) {
  const run = { id: crypto.randomUUID(), trigger, at: new Date().toISOString(), ...(cron ? { cron } : {}) };
  const started = Date.now();
  if (env.ZONE_QUEUE) {
    for (let i = 0; i < zones.length; i += QUEUE_BATCH) {
      await env.ZONE_QUEUE.sendBatch(zones.slice(i, i + QUEUE_BATCH).map((entry) => ({ body: { entry, run }, contentType: 'json' })));
    }
  } else {
    const work = mapLimit(zones, ZONE_CONCURRENCY, (entry) => checkZone(env, entry, run).catch(() => null));
    if (ctx) ctx.waitUntil(work);
    else await work;
  }
  log('run_fanned_out', { run: run.id, trigger, zones: zones.length, via: env.ZONE_QUEUE ? 'queue' : 'direct', ms: Date.now() - started });
  return zones.map((z) => z.zone);
}

async function checkZone(env, entry, run) {
  const started = Date.now();
  const out = await zoneStub(env, entry.zone).check(entry, run);
  log('zone_done', { zone: entry.zone, run: run.id, outcome: out?.outcome, ms: Date.now() - started });
  return out;
}

/** The Cron Trigger (and `GET /__scheduled` under `wrangler dev --test-scheduled`). */
export async function scheduled(controller, env, ctx) {
  const watch = readWatch(env);
  if (!watch.ok) {
    log('aop_watch_invalid', { error: watch.error }, 'error');
    return;
  }
  if (!env.CF_API_TOKEN) {
    log('automation_not_configured', { reason: 'CF_API_TOKEN is not set' }, 'error');
    return;
  }
  if (!watch.zones.length) {
    log('run_skipped', { reason: 'AOP_WATCH lists no zone' });
    return;
  }
  await fanOut(env, watch.zones, { trigger: 'cron', cron: controller?.cron }, ctx);
}

/** The queue consumer: each message is one zone of one run. */
export async function queue(batch, env) {
  await mapLimit(batch.messages, ZONE_CONCURRENCY, async (msg) => {
    const { entry, run } = msg.body ?? {};
    if (!entry?.zone) {
      msg.ack();
      return;
    }
    try {
      const out = await checkZone(env, entry, run ?? { id: null, trigger: 'queue' });
      if (out?.retryAfterS) msg.retry({ delaySeconds: out.retryAfterS });
      else msg.ack();
    } catch (e) {
      log('zone_failed', { zone: entry.zone, run: run?.id, error: { code: e?.code ?? e?.name, message: String(e?.message ?? e).slice(0, 300) }, attempts: msg.attempts }, 'error');
      msg.retry({ delaySeconds: 30 });
    }
  });
}
