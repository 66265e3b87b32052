// The origin's side in Chromium: the browser entry has originConfig (the wasm core's text, the
// same as in Node) and a probeOrigin that rejects, as a page cannot present a client
// certificate on a connection it opens.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as op from 'originpull';
import { startWorker } from '../../scripts/worker-dev.mjs';
import { launch } from '../helpers/browser.mjs';

const worker = await startWorker();
const browser = await launch();
test.after(async () => {
  await browser.close();
  await worker.stop();
});

test('the browser entry: originConfig as in Node, probeOrigin rejects with INVALID_ARGUMENT', async () => {
  const page = await browser.newPage();
  await page.goto(`${worker.url}/`);
  await page.waitForSelector('html[data-ready="true"]');
  const options = { server: 'caddy', caPath: '/etc/caddy/aop.pem', hostnames: ['app.example.com'] };
  const out = await page.evaluate(async (options) => {
    const op = await import('/originpull/js/browser.js');
    const failure = (e) => ({ name: e?.name, code: e?.code, message: e?.message });
    let invalid = null;
    try {
      op.originConfig({ ...options, server: 'iis' });
    } catch (e) {
      invalid = failure(e);
    }
    const probe = await op.probeOrigin({ url: 'https://203.0.113.10/' }).then(() => null, failure);
    return { text: op.originConfig(options), invalid, probe };
  }, options);
  assert.equal(out.text, op.originConfig(options));
  assert.deepEqual([out.invalid.name, out.invalid.code], ['OriginpullError', 'INVALID_ARGUMENT']);
  assert.deepEqual([out.probe.name, out.probe.code], ['OriginpullError', 'INVALID_ARGUMENT']);
  assert.match(out.probe.message, /runs in Node only/);
  assert.deepEqual(browser.errors, []);
});
