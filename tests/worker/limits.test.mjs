// The Worker's per-request work caps (issue 13) in workerd: what held /inspect for 36 s (ten
// keys of 10,000,000 PBKDF2 iterations) and grew workerd past 600 MB (one 256 MiB scrypt key)
// is refused with WORK_LIMIT_EXCEEDED (HTTP 422) before the work starts; the time of each
// answer and workerd's resident memory are measured, and other requests are answered at once.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startWorker } from '../../scripts/worker-dev.mjs';
import { readFixture } from '../helpers/paths.mjs';
import { SLOW_KEY, SLOW_PASSPHRASE, TEN_SLOW_KEYS, scrypt256MiB, SCRYPT_PASSPHRASE, selfSigned } from '../helpers/costly.mjs';

const worker = await startWorker();
test.after(() => worker.stop());

/** Resident memory (KiB) of the workerd processes of this Worker's wrangler. */
function workerdRss() {
  const out = execFileSync('ps', ['-eo', 'pgid=,rss=,comm='], { encoding: 'utf8' });
  return out.split('\n').map((l) => l.trim().split(/\s+/)).filter(([pgid, , comm]) => Number(pgid) === worker.pid && comm === 'workerd').reduce((a, [, rss]) => a + Number(rss), 0);
}

async function post(path, body, headers = {}) {
  const t0 = performance.now();
  const res = await fetch(`${worker.url}${path}`, { method: 'POST', body, headers });
  return { status: res.status, body: await res.json(), ms: performance.now() - t0 };
}

test('ten keys of 10,000,000 PBKDF2 iterations: 422 at once, and the Worker stays responsive', async () => {
  const r = await post('/inspect', TEN_SLOW_KEYS, { 'x-passphrase': SLOW_PASSPHRASE });
  assert.equal(r.status, 422, JSON.stringify(r.body));
  assert.deepEqual(r.body.error, {
    code: 'WORK_LIMIT_EXCEEDED', limit: 'kdfWork', needed: 100_000_000, allowed: 1_000_000,
    message: 'this request needs 100000000 key-derivation work units, more than the 1000000 allowed here',
  });
  assert.ok(r.ms < 2000, `${r.ms.toFixed(0)} ms`);
  console.log(`10 x 10M PBKDF2 keys: refused in ${r.ms.toFixed(0)} ms`);
  const v = await post('/validate', JSON.stringify({ certificate: readFixture('aop', 'leaf-ec.pem'), privateKey: SLOW_KEY, passphrase: SLOW_PASSPHRASE }), { 'content-type': 'application/json' });
  assert.equal(v.status, 422);
  assert.equal(v.body.error.limit, 'kdfWork');
  // Without the passphrase the keys are only described: no derivation, no refusal.
  const plain = await post('/inspect', TEN_SLOW_KEYS);
  assert.equal(plain.status, 200);
  assert.equal(plain.body.privateKeys.length, 10);
});

test('a 256 MiB scrypt key: 422 at once; workerd does not grow', async () => {
  const before = workerdRss();
  const r = await post('/inspect', scrypt256MiB(), { 'x-passphrase': SCRYPT_PASSPHRASE });
  assert.equal(r.status, 422, JSON.stringify(r.body));
  assert.equal(r.body.error.limit, 'kdfMemory');
  assert.equal(r.body.error.needed, 256 * 1024 * 1024);
  const after = workerdRss();
  console.log(`256 MiB scrypt key: refused in ${r.ms.toFixed(0)} ms; workerd RSS ${(before / 1024).toFixed(0)} -> ${(after / 1024).toFixed(0)} MiB`);
  assert.ok(before > 0, 'workerd found');
  assert.ok(after - before < 64 * 1024, `workerd grew by ${((after - before) / 1024).toFixed(0)} MiB`);
});

test('signature checks over 64 are refused; 64 pass', async () => {
  let r = await post('/inspect', selfSigned(65));
  assert.equal(r.status, 422);
  assert.equal(r.body.error.limit, 'signatures');
  r = await post('/inspect', selfSigned(64));
  assert.equal(r.status, 200);
  assert.equal(r.body.certificates.length, 64);
});
