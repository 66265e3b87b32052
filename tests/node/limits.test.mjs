// The `limits` option of inspect and validateUpload (issue 13): a server's per-request caps on
// key-derivation work and memory and on signature checks, refused with WORK_LIMIT_EXCEEDED
// from the input's parameters before any of that work starts (timed, and wasm memory
// watched); within them, and without them, everything works as before.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as op from '../../js/node.js';
import { initSync } from '../../pkg/originpull.js';
import { root, readFixture } from '../helpers/paths.mjs';
import { SLOW_KEY, SLOW_PASSPHRASE, TEN_SLOW_KEYS, scrypt256MiB, SCRYPT_PASSPHRASE, selfSigned } from '../helpers/costly.mjs';

const WORKER = { kdfWork: 1_000_000, kdfMemory: 32 * 1024 * 1024, signatures: 64 };

function refused(f) {
  const t0 = performance.now();
  try {
    f();
  } catch (e) {
    return { e, ms: performance.now() - t0 };
  }
  assert.fail('not refused');
}

test('ten keys of 10,000,000 PBKDF2 iterations: refused at once (kdfWork), not after 36 s', () => {
  const { e, ms } = refused(() => op.inspect(TEN_SLOW_KEYS, { passphrase: SLOW_PASSPHRASE, limits: WORKER }));
  assert.equal(e.code, 'WORK_LIMIT_EXCEEDED');
  assert.deepEqual({ limit: e.limit, needed: e.needed, allowed: e.allowed }, { limit: 'kdfWork', needed: 100_000_000, allowed: 1_000_000 });
  assert.match(e.message, /needs 100000000 key-derivation work units, more than the 1000000 allowed here/);
  assert.ok(ms < 200, `${ms.toFixed(0)} ms: the derivation did not run`);
  // One is over the limit too; validateUpload counts the key it would decrypt.
  assert.equal(refused(() => op.inspect(SLOW_KEY, { passphrase: SLOW_PASSPHRASE, limits: WORKER })).e.needed, 10_000_000);
  const v = refused(() => op.validateUpload({ certificate: readFixture('aop', 'leaf-ec.pem'), privateKey: SLOW_KEY, passphrase: SLOW_PASSPHRASE }, { limits: WORKER }));
  assert.equal(v.e.code, 'WORK_LIMIT_EXCEEDED');
  assert.ok(v.ms < 200);
  // Without a passphrase nothing is derived, so nothing is refused.
  assert.equal(op.inspect(TEN_SLOW_KEYS, { limits: WORKER }).privateKeys.length, 10);
});

test('a 256 MiB scrypt key: refused from its parameters (kdfMemory); wasm memory does not grow', () => {
  const pem = scrypt256MiB();
  const before = initSync().memory.buffer.byteLength;
  const { e, ms } = refused(() => op.inspect(pem, { passphrase: SCRYPT_PASSPHRASE, limits: WORKER }));
  assert.equal(e.code, 'WORK_LIMIT_EXCEEDED');
  assert.equal(e.limit, 'kdfMemory');
  assert.equal(e.needed, 256 * 1024 * 1024);
  assert.ok(ms < 200, `${ms.toFixed(0)} ms`);
  assert.equal(initSync().memory.buffer.byteLength, before, 'no scrypt buffer was allocated');
  // The library's own cap still takes it (and then fails to decrypt: the fixture's N was changed).
  const info = op.inspect(pem, { passphrase: 'wrong' }).privateKeys[0];
  assert.equal(info.encrypted, true);
});

test('within the limits keys decrypt as before (OpenSSL scrypt default, 16 MiB)', () => {
  const pem = readFileSync(join(root, 'tests/data/keys/p256.pkcs8-scrypt.pem'), 'utf8');
  const limited = op.inspect(pem, { passphrase: SCRYPT_PASSPHRASE, limits: WORKER });
  assert.deepEqual(limited, op.inspect(pem, { passphrase: SCRYPT_PASSPHRASE }));
  assert.equal(limited.privateKeys[0].curve, 'P-256');
  assert.notEqual(limited.privateKeys[0].publicKeySha256, null);
  // 16 MiB of scrypt is 131,072 work units: a limit just below refuses it.
  assert.equal(refused(() => op.inspect(pem, { passphrase: SCRYPT_PASSPHRASE, limits: { kdfWork: 131_071 } })).e.needed, 131_072);
  assert.ok(op.inspect(pem, { passphrase: SCRYPT_PASSPHRASE, limits: { kdfWork: 131_072, kdfMemory: 16 << 20 } }).privateKeys[0].publicKeySha256);
});

test('signature checks: one per self-issued certificate (inspect), every name-linked pair (validateUpload)', () => {
  const { e } = refused(() => op.inspect(selfSigned(65), { limits: WORKER }));
  assert.deepEqual([e.code, e.limit, e.needed, e.allowed], ['WORK_LIMIT_EXCEEDED', 'signatures', 65, 64]);
  assert.equal(op.inspect(selfSigned(64), { limits: WORKER }).certificates.length, 64);
  assert.equal(op.inspect(readFixture('basic', 'leaf.pem'), { limits: { signatures: 0 } }).certificates.length, 1, 'not self-issued: no check');
  // validateUpload: the leaf, its CA twice in the chain and the CA as trusted: the pairs whose
  // names link (leaf->CA x2 and CA->CA x4 in the input, leaf->trusted, CA->trusted x2,
  // trusted->trusted: 10) plus one self-signed check per self-issued input certificate (2).
  const input = { certificate: `${readFixture('basic', 'leaf.pem')}${readFixture('basic', 'ca.pem')}${readFixture('basic', 'ca.pem')}`, privateKey: readFixture('basic', 'leaf.key'), caCertificates: readFixture('basic', 'ca.pem') };
  const r = refused(() => op.validateUpload(input, { now: Date.parse('2026-06-01T00:00:00Z'), limits: { signatures: 11 } }));
  assert.equal(r.e.needed, 12);
  const ok = op.validateUpload(input, { now: Date.parse('2026-06-01T00:00:00Z'), limits: { signatures: 12 } });
  assert.deepEqual(ok, op.validateUpload(input, { now: Date.parse('2026-06-01T00:00:00Z') }), 'within the limit: the same report');
});

test('bad limits are INVALID_ARGUMENT', () => {
  for (const limits of [{ kdfWork: -1 }, { signatures: 1.5 }, { kdfMemory: '1' }, { other: 1 }, 'x']) {
    assert.equal(refused(() => op.inspect('', { limits })).e.code, 'INVALID_ARGUMENT', JSON.stringify(limits));
  }
});
