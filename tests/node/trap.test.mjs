// A trap in the wasm module reaches the caller as an Error with code INTERNAL (never a bare
// WebAssembly.RuntimeError), and the module is started again, so the next call works. The
// trap is a real one, with no test-only export: the running instance's memory is grown to
// its limit, then an input that needs more memory makes the allocator fail, which aborts
// (`unreachable`).
import test from 'node:test';
import assert from 'node:assert/strict';
import * as op from 'originpull';
// The same module instance js/core.js uses (package.json's exports resolve into this tree).
import { initSync } from '../../pkg/originpull.js';
import { readFixture } from '../helpers/paths.mjs';

const leafPem = readFixture('basic', 'leaf.pem');

/** The running instance's exports: `initSync` returns them once the module is initialised. */
const instance = () => initSync();

/** Grow the instance's memory until the engine refuses any more; the pages it ended with. */
function exhaustMemory() {
  const { memory } = instance();
  for (let step = 65536; step >= 1; ) {
    try {
      memory.grow(step);
    } catch {
      step = Math.floor(step / 2);
    }
  }
  return memory.buffer.byteLength / 65536;
}

/** A bundle just under the input limit (1 MiB): copying it in needs a fresh allocation. */
const big = (leafPem + '\n').repeat(Math.floor((1024 * 1024 - 1) / (leafPem.length + 1)));

test('an out-of-memory trap is an INTERNAL error, and the next call works', () => {
  const before = instance().memory;
  const pages = exhaustMemory();
  assert.ok(pages > 16384, `memory grown to ${pages} pages`);
  assert.throws(
    () => op.inspectCertificates(big),
    (e) => {
      assert.ok(e instanceof Error && !(e instanceof WebAssembly.RuntimeError));
      assert.equal(e.code, 'INTERNAL');
      assert.ok(e.cause instanceof WebAssembly.RuntimeError, 'the trap is the cause');
      assert.match(e.message, /wasm module trapped \(.+\); it was started again/);
      return true;
    },
  );
  // A fresh instance: new memory, back to its initial size.
  const after = instance().memory;
  assert.notEqual(after, before);
  assert.ok(after.buffer.byteLength < before.buffer.byteLength);
  const [c] = op.inspectCertificates(leafPem);
  assert.equal(c.subject, 'CN=origin-pull client,O=Example\\, Inc.');
  assert.equal(op.inspectCertificates(big).length, Math.floor((1024 * 1024 - 1) / (leafPem.length + 1)));
});

test('a trap in any export is caught the same way (validateUpload, after a restart)', () => {
  exhaustMemory();
  assert.throws(
    () => op.validateUpload({ certificate: big }),
    (e) => e.code === 'INTERNAL' && e.cause instanceof WebAssembly.RuntimeError,
  );
  const report = op.validateUpload({ certificate: leafPem }, { now: '2026-01-01T00:00:00Z' });
  assert.equal(report.certificates.length, 1);
  assert.ok(report.findings.some((f) => f.code === 'NO_PRIVATE_KEY'));
});

test('a Client made before a restart says so (INTERNAL) instead of using the old instance', async () => {
  const stale = new op.Client({ token: 'x'.repeat(40), fetch: async () => new Response('{}') });
  exhaustMemory();
  assert.throws(() => op.inspectCertificates(big), (e) => e.code === 'INTERNAL');
  await assert.rejects(stale.getZoneSetting('023e105f4ecef8ad9ca31a8372d0c353'), (e) => {
    assert.equal(e.code, 'INTERNAL');
    assert.match(e.message, /create a new Client/);
    return true;
  });
  await assert.rejects(op.rotate(stale, {}), (e) => e.code === 'INTERNAL');
  // A new Client works with the new instance.
  const seen = [];
  const fresh = new op.Client({
    token: 'x'.repeat(40),
    fetch: async (url) => {
      seen.push(url);
      return new Response(JSON.stringify({ success: true, errors: [], messages: [], result: { enabled: true } }));
    },
  });
  assert.deepEqual(await fresh.getZoneSetting('023e105f4ecef8ad9ca31a8372d0c353'), { enabled: true });
  assert.equal(seen.length, 1);
});
