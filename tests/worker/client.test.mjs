// The Client inside workerd: a test-only Worker (tests/worker/client-worker/) imports
// `originpull` by name (the `workerd` export condition, wasm bundled by wrangler), runs
// scripted sequences of Client calls against the local emulator and answers them as JSON.
// Expectations come from the emulator: plain fetches of the same resources and its audit log.
import test from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startEmulator } from '../../emulator/index.js';
import { startWorker } from '../../scripts/worker-dev.mjs';
import { root, readFixture } from '../helpers/paths.mjs';
import { randomZone } from '../helpers/aop.mjs';

if (!existsSync(join(root, 'pkg', 'originpull_bg.wasm'))) {
  execFileSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
}

const TOKEN = 'workerd-emulator-token-42';
const emu = await startEmulator({ port: 0, host: '127.0.0.1', quiet: true, deployDelayMs: 60_000, token: TOKEN });
const worker = await startWorker({
  config: 'tests/worker/client-worker/wrangler.jsonc',
  vars: { UPSTREAM: emu.url, TOKEN },
});
test.after(async () => {
  await worker.stop();
  await emu.close();
});

const LIST_HOST = 'per-hostname-authenticated-origin-pull-list-certificates';
const UPLOAD_HOST = 'per-hostname-authenticated-origin-pull-upload-a-hostname-client-certificate';
const pair = (name) => ({ certificate: readFixture('aop', `${name}.pem`), private_key: readFixture('aop', `${name}.key`) });
const serialOf = (pem) => BigInt(`0x${new X509Certificate(pem).serialNumber}`).toString();
const ops = (zone) =>
  emu.audit().requests.filter((r) => r.zoneId === zone).map((r) => `${r.method} ${r.operationId} ${r.status}${r.dropped ? ' dropped' : ''}`);

async function run(input) {
  const res = await fetch(worker.url, { method: 'POST', body: JSON.stringify(input) });
  const text = await res.text();
  assert.equal(res.status, 200, `${text}\n${worker.logs().slice(-2000)}`);
  return JSON.parse(text);
}

async function raw(path) {
  const res = await fetch(`${emu.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return (await res.json()).result;
}

test('a sequence of Client calls in workerd returns what the API sends', async () => {
  const zone = randomZone();
  const missing = '2458ce5a-0c35-4c7f-82c7-8e9487d3ff60';
  const { out } = await run({ scenario: 'flow', zone, rsa: pair('leaf-rsa'), ec: pair('leaf-ec'), missing });
  assert.deepEqual(out.setting, { result: { enabled: true } });
  assert.equal(out.zoneUpload.result.serial_number, serialOf(pair('leaf-rsa').certificate));
  assert.deepEqual(out.zoneList.result, await raw(`/zones/${zone}/origin_tls_client_auth`));
  const cert = out.upload.result;
  assert.equal(cert.serial_number, serialOf(pair('leaf-ec').certificate));
  assert.deepEqual(out.list.result.map((c) => c.id), [cert.id]);
  // Read back after the sequence: the certificate is being deleted by now, all else equal.
  const now = await raw(`/zones/${zone}/origin_tls_client_auth/hostnames/certificates/${cert.id}`);
  assert.equal(now.status, 'pending_deletion');
  assert.deepEqual(out.get.result, { ...now, status: 'initializing' });
  assert.deepEqual(out.put.result.map((a) => [a.hostname, a.cert_id, a.enabled]), [['app.origin.example', cert.id, true]]);
  assert.equal(out.hostname.result.cert_id, cert.id);
  assert.equal(out.hostname.result.enabled, true);
  assert.deepEqual(out.associations.result.map((a) => [a.hostname, a.enabled]), [['app.origin.example', true]]);
  assert.deepEqual(out.void.result.map((a) => [a.hostname, a.status]), [['app.origin.example', 'pending_deletion']]);
  assert.equal(out.delete.result.id, cert.id);

  const nf = out.notFound.error;
  assert.equal(nf.isError, true);
  assert.equal(nf.code, 'CF_API_ERROR');
  assert.equal(nf.status, 404);
  assert.deepEqual(nf.errors.map((e) => e.code), [1404]);
  const logged = emu.audit().requests.filter((r) => r.zoneId === zone);
  assert.deepEqual(logged.filter((r) => r.status === 404).map((r) => r.ray), [nf.rayId]);
  assert.equal(out.invalid.error.code, 'INVALID_ARGUMENT');
  // Every call once (nothing failed, nothing retried), none for the invalid hostname, plus
  // this test's two plain reads.
  const Z = 'zone-level-authenticated-origin-pulls';
  const H = 'per-hostname-authenticated-origin-pull';
  assert.deepEqual(ops(zone), [
    `PUT ${Z}-set-enablement-for-zone 200`, `POST ${Z}-upload-certificate 200`, `GET ${Z}-list-certificates 200`,
    `POST ${UPLOAD_HOST} 200`, `GET ${LIST_HOST} 200`, `GET ${H}-get-the-hostname-client-certificate 200`,
    `PUT ${H}-enable-or-disable-a-hostname-for-client-authentication 200`,
    `GET ${H}-get-the-hostname-status-for-client-authentication 200`, `GET ${H}-list-hostname-associations 200`,
    `PUT ${H}-enable-or-disable-a-hostname-for-client-authentication 200`,
    `DELETE ${H}-delete-hostname-client-certificate 200`, `GET ${Z}-get-certificate-details 404`,
    `GET ${Z}-list-certificates 200`, `GET ${H}-get-the-hostname-client-certificate 200`,
  ]);
  assert.ok(!JSON.stringify(out).includes(TOKEN));
});

test('workerd: a 500 is retried, then the call succeeds', async () => {
  const zone = randomZone();
  emu.faults.serverError({ count: 1, operationId: LIST_HOST });
  const { out } = await run({ scenario: 'list', zone });
  assert.deepEqual(out, { result: [] });
  assert.deepEqual(ops(zone), [`GET ${LIST_HOST} 500`, `GET ${LIST_HOST} 200`]);
});

test('workerd: time-out (AbortController) gives TIMEOUT', async () => {
  const zone = randomZone();
  emu.faults.latency(2000, { count: 1 });
  const { out } = await run({ scenario: 'list', zone, options: { timeoutMs: 300, retries: 0 } });
  assert.equal(out.error.code, 'TIMEOUT');
  assert.equal(out.error.isError, true);
  assert.match(out.error.message, /300 ms/);
});

test('workerd: a lost upload response is found by listing, uploaded once', async () => {
  const zone = randomZone();
  emu.faults.dropAfter({ count: 1, operationId: UPLOAD_HOST });
  const { out } = await run({ scenario: 'upload', zone, ec: pair('leaf-ec') });
  emu.faults.clear();
  assert.deepEqual(ops(zone), [`POST ${UPLOAD_HOST} 200 dropped`, `GET ${LIST_HOST} 200`]);
  const listed = await raw(`/zones/${zone}/origin_tls_client_auth/hostnames/certificates`);
  assert.deepEqual(out.result, listed[0]);
});

test('a wasm trap in workerd is an INTERNAL error; the module works again, a Client made before is stale', async () => {
  const pem = readFixture('basic', 'leaf.pem');
  const { out } = await run({ scenario: 'trap', zone: randomZone(), pem });
  assert.ok(out.pages > 16384, `memory grown to ${out.pages} pages`);
  assert.equal(out.error?.isError, true);
  assert.equal(out.error.code, 'INTERNAL');
  assert.equal(out.error.cause, true, 'the WebAssembly.RuntimeError is the cause');
  assert.match(out.error.message, /wasm module trapped .*started again/);
  assert.equal(out.fresh, true);
  assert.deepEqual(out.after, ['CN=origin-pull client,O=Example\\, Inc.']);
  assert.equal(out.stale.error?.code, 'INTERNAL');
  assert.match(out.stale.error.message, /create a new Client/);
});

test('workerd: originConfig writes the text; probeOrigin rejects (Node only)', async () => {
  const { out } = await run({ scenario: 'origin' });
  assert.match(out.nginx, /\nssl_client_certificate \/etc\/nginx\/aop\.pem;\nssl_verify_client on;\n/);
  assert.match(out.nginx, /server_name app\.origin\.example;/);
  assert.deepEqual([out.invalid.name, out.invalid.code], ['OriginpullError', 'INVALID_ARGUMENT']);
  assert.match(out.invalid.message, /caPath may hold only/);
  assert.deepEqual([out.probe.error.code, out.probe.error.isError], ['INVALID_ARGUMENT', true]);
  assert.match(out.probe.error.message, /runs in Node only/);
});
