// Inspection and validation computed in workerd (the project's Worker, POST /inspect and
// POST /validate), on the same independent vectors as the Rust and Node tests.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startWorker } from '../../scripts/worker-dev.mjs';
import { root } from '../helpers/paths.mjs';

const worker = await startWorker();
test.after(() => worker.stop());
const DATA = join(root, 'tests', 'data');

test('every validation vector gives the expected codes in workerd, and no payload travels back', async () => {
  const dir = join(DATA, 'validate');
  const files = readdirSync(dir).filter((f) => f.endsWith('.validate.json'));
  assert.ok(files.length >= 25);
  for (const f of files) {
    const spec = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    const file = (k) => (spec.input[k] ? readFileSync(join(dir, spec.input[k]), 'utf8') : undefined);
    const body = { certificate: file('certificate'), privateKey: file('privateKey'), caCertificates: file('caCertificates'), passphrase: spec.input.passphrase, scope: spec.input.scope, now: spec.now };
    const res = await fetch(`${worker.url}/validate`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 200, f);
    const r = await res.json();
    const codes = r.findings.map((x) => x.code);
    assert.equal(r.ok, spec.expectOk, `${f}: ${codes}`);
    for (const c of spec.expectCodes) assert.ok(codes.includes(c), `${f}: expected ${c} in ${codes}`);
    for (const c of spec.forbidCodes ?? []) assert.ok(!codes.includes(c), `${f}: ${c} must not appear`);
    assert.equal(r.payload, null);
    assert.equal(r.payloadReady, spec.expectOk);
  }
});

test('inspect in workerd: certificates, keys (with passphrase) and ignored blocks', async () => {
  const keyPem = readFileSync(join(root, 'tests/fixtures/aop/leaf-rsa.encrypted.key'), 'utf8');
  const certPem = readFileSync(join(root, 'tests/fixtures/aop/leaf-rsa.pem'), 'utf8');
  const bundle = `${certPem}\n-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n${keyPem}`;
  let res = await fetch(`${worker.url}/inspect`, { method: 'POST', body: bundle });
  let r = await res.json();
  assert.equal(r.certificates.length, 1);
  assert.deepEqual(r.ignored.map((i) => i.label), ['EC PARAMETERS']);
  assert.equal(r.privateKeys[0].encrypted, true);
  assert.equal(r.privateKeys[0].publicKeySha256, null);
  res = await fetch(`${worker.url}/inspect`, { method: 'POST', body: bundle, headers: { 'x-passphrase': 'fixture-passphrase' } });
  r = await res.json();
  assert.equal(r.privateKeys[0].publicKeySha256, r.certificates[0].publicKey.sha256);
});

test('bad JSON to /validate is a coded 400', async () => {
  const res = await fetch(`${worker.url}/validate`, { method: 'POST', body: '{' });
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error.code, 'INVALID_ARGUMENT');
});
