// A minting module that cannot be loaded (a truncated download, a missing file) is an
// OriginpullError INTERNAL that says so, with what failed as its cause; the core keeps working
// and the next minting call tries the load again. The loader is replaced through
// js/mint-loader.js, the mechanism every runtime entry registers its own loader with (the
// same module instance the package entry uses: package.json's exports resolve into this tree),
// before anything was minted in this process.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as op from 'originpull';
import { setMintLoader } from '../../js/mint-loader.js';
import { root, readFixture } from '../helpers/paths.mjs';

test('a failed load of the minting module is INTERNAL with its cause; the next call loads it', async () => {
  const wasm = readFileSync(join(root, 'pkg/originpull_mint_bg.wasm'));
  let attempts = 0;
  setMintLoader(async () => {
    attempts += 1;
    const mint = await import('../../pkg/originpull_mint.js');
    // The first time, half of the file (a download cut short); then the whole of it.
    mint.initSync({ module: attempts === 1 ? wasm.subarray(0, wasm.length >> 1) : wasm });
    return mint;
  });
  await assert.rejects(op.createCertificateRequest({ commonName: 'x' }), (e) => {
    assert.ok(e instanceof op.OriginpullError, String(e));
    assert.equal(e.code, 'INTERNAL');
    assert.match(e.message, /minting module \(pkg\/originpull_mint_bg\.wasm\) could not be loaded/);
    assert.ok(e.cause instanceof WebAssembly.CompileError, String(e.cause));
    return true;
  });
  assert.equal(attempts, 1);
  // The core is not affected.
  assert.equal(op.inspectCertificates(readFixture('basic', 'leaf.pem')).length, 1);
  // Not remembered as failed: the next call loads it, and later calls reuse it.
  const { csr } = await op.createCertificateRequest({ commonName: 'second try' });
  assert.equal(op.inspect(csr).requests[0].subject, 'CN=second try');
  await op.createCertificateRequest({ commonName: 'third' });
  assert.equal(attempts, 2);
});
