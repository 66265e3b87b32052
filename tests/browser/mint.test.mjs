// Minting in headless Chromium: the package as the admin page imports it
// (/originpull/js/browser.js, served by the project's Worker on 127.0.0.1, a secure context),
// RSA keys from Chromium's WebCrypto and randomness from its crypto.getRandomValues; every key
// type minted, the PEMs brought back to Node and judged by openssl verify and validateUpload
// (tests/helpers/mint-plan.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import * as op from 'originpull';
import { startWorker } from '../../scripts/worker-dev.mjs';
import { launch } from '../helpers/browser.mjs';
import { PLAN, mintPlan, checkMinted } from '../helpers/mint-plan.mjs';
import { judgeWithPython, judgeWithHandshakes, runtimeCases } from '../helpers/mint-judge.mjs';

const worker = await startWorker();
const browser = await launch();
test.after(async () => {
  await browser.close();
  await worker.stop();
});

test('every key type minted in Chromium: openssl verify -purpose sslclient, Python cryptography, a real handshake, clean validateUpload', async () => {
  const page = await browser.newPage();
  await page.goto(`${worker.url}/`);
  await page.waitForSelector('html[data-ready="true"]');
  assert.equal(await page.evaluate(() => window.isSecureContext && typeof crypto.subtle?.generateKey), 'function');
  const result = await page.evaluate(`(async () => {
    const op = await import('/originpull/js/browser.js');
    return (${mintPlan})(op, ${JSON.stringify(PLAN)});
  })()`);
  checkMinted(result, op);
  // Python `cryptography` and a real handshake on every client certificate minted here.
  const cases = runtimeCases(result);
  judgeWithPython(cases, op);
  await judgeWithHandshakes(cases);
  assert.deepEqual(browser.errors, []);
});
