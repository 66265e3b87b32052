// Minting inside workerd: a test-only Worker (tests/worker/mint-worker/) imports `originpull`
// by name (the workerd entry; RSA keys from workerd's WebCrypto, randomness from its
// crypto.getRandomValues), mints every key type, and the PEMs come back to Node to be judged
// by openssl verify and validateUpload (tests/helpers/mint-plan.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import * as op from 'originpull';
import { startWorker } from '../../scripts/worker-dev.mjs';
import { PLAN, checkMinted } from '../helpers/mint-plan.mjs';
import { judgeWithPython, judgeWithHandshakes, runtimeCases } from '../helpers/mint-judge.mjs';

const worker = await startWorker({ config: 'tests/worker/mint-worker/wrangler.jsonc' });
test.after(() => worker.stop());

test('every key type minted in workerd: openssl verify -purpose sslclient, Python cryptography, a real handshake, clean validateUpload', async () => {
  const res = await fetch(worker.url, { method: 'POST', body: JSON.stringify({ plan: PLAN }) });
  const result = await res.json();
  assert.equal(res.status, 200, JSON.stringify(result.error));
  checkMinted(result, op);
  // Python `cryptography` and a real handshake on every client certificate minted here.
  const cases = runtimeCases(result);
  judgeWithPython(cases, op);
  await judgeWithHandshakes(cases);
});
