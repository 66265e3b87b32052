// Scale (issue 13): 200 zones in one scheduled run's fan-out (one queue message per zone, a
// Durable Object each), every zone's certificate expiring and its renewal in KV. All 200 are
// rotated with zero downtime; API calls per zone and wall time per zone are measured and
// printed (the emulator's audit counts the calls).
import test from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from '../../emulator/index.js';
import { randomZone } from '../helpers/aop.mjs';
import { makeCA, issue } from '../helpers/pki.mjs';
import { automationWorker, seedZone, sleep, waitForStatus } from '../helpers/automation.mjs';

const ZONES = 200;
const TOKEN = 'automation-scale-token-0123456789abcdef';

test(`${ZONES} zones in one scheduled run: every one renewed with zero downtime`, async () => {
  const emu = await startEmulator({ port: 0, host: '127.0.0.1', quiet: true, deployDelayMs: 60, token: TOKEN });
  const ca = await makeCA();
  const zones = Array.from({ length: ZONES }, () => randomZone());
  const kv = {};
  // Half zone-level, half per-hostname (two hostnames each).
  const watch = zones.map((zone, i) => ({ zone, scope: i % 2 ? 'hostname' : 'zone' }));
  await Promise.all(
    watch.map(async ({ zone, scope }, i) => {
      const [old, next] = await Promise.all([issue(ca, { commonName: `old ${i}`, days: 7 }), issue(ca, { commonName: `new ${i}`, days: 365 })]);
      await seedZone(emu, TOKEN, zone, scope, old, scope === 'hostname' ? [`a${i}.origin.example`, `b${i}.origin.example`] : []);
      kv[`aop:${zone}`] = next;
    }),
  );
  await sleep(200);
  const seeded = emu.audit().requests.length;
  const worker = await automationWorker({ emu, token: TOKEN, watch, kv });
  try {
    const t0 = Date.now();
    assert.equal((await fetch(`${worker.url}/__scheduled`)).status, 200);
    const final = await waitForStatus(worker, (zs) => zs.every((z) => ['renewed', 'failed', 'rolled_back', 'error'].includes(z.outcome)), { ms: 240_000, every: 1000 });
    const wall = Date.now() - t0;
    const outcomes = final.reduce((m, z) => ({ ...m, [z.outcome]: (m[z.outcome] ?? 0) + 1 }), {});
    assert.deepEqual(outcomes, { renewed: ZONES }, JSON.stringify(final.filter((z) => z.outcome !== 'renewed').slice(0, 3)));

    const calls = new Map(zones.map((z) => [z, 0]));
    for (const r of emu.audit().requests.slice(seeded)) if (calls.has(r.zoneId)) calls.set(r.zoneId, calls.get(r.zoneId) + 1);
    const perZone = [...calls.values()].sort((a, b) => a - b);
    const times = final.map((z) => Date.parse(z.lastRotation.at) - Date.parse(z.lastRotation.startedAt)).sort((a, b) => a - b);
    const pick = (xs, q) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))];
    const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(
      `scale: ${ZONES} zones renewed in ${(wall / 1000).toFixed(1)} s wall time (${(wall / ZONES).toFixed(0)} ms per zone overall); ` +
        `API calls per zone: mean ${mean(perZone).toFixed(1)}, min ${perZone[0]}, max ${perZone.at(-1)} (check and rotation; zone scope ${mean(zones.filter((_, i) => i % 2 === 0).map((z) => calls.get(z))).toFixed(1)}, hostname scope ${mean(zones.filter((_, i) => i % 2).map((z) => calls.get(z))).toFixed(1)}); ` +
        `rotation wall time per zone: median ${pick(times, 0.5)} ms, p95 ${pick(times, 0.95)} ms, max ${times.at(-1)} ms`,
    );
    const zd = emu.checkZeroDowntime({});
    assert.equal(zd.ok, true, JSON.stringify(zd.gaps.slice(0, 3)));
    assert.ok(perZone.at(-1) <= 40, `at most 40 calls for one zone (${perZone.at(-1)})`);
  } finally {
    await worker.stop();
    await emu.close();
  }
});
