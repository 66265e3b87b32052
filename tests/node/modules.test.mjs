// Two wasm modules (scripts/build.mjs): the checking core, which the entry loads at start, and
// minting, loaded on the first minting call (js/mint-loader.js). The core has no minting
// export, neither in its glue nor in its wasm, and the minting module none of the core's; the
// minting module is not instantiated until a minting function is called, and then minting
// works through the entry as before.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as op from 'originpull';
import * as core from '../../pkg/originpull.js';
// The glue the Node entry imports on the first minting call (the same module instance).
import * as mint from '../../pkg/originpull_mint.js';
import { root } from '../helpers/paths.mjs';

const wasmExports = (f) => WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(join(root, 'pkg', f)))).map((e) => e.name);

/** Whether the minting glue has an instance: its initSync() returns it, and throws without one
 *  (it would compile `undefined`). */
function mintInstantiated() {
  try {
    return Boolean(mint.initSync());
  } catch {
    return false;
  }
}

test('the core has no minting export; the minting module none of the core', () => {
  for (const name of ['prepareCA', 'prepareClient', 'prepareRequest', 'MintJob']) {
    assert.ok(!(name in core), `core glue exports ${name}`);
    assert.equal(typeof mint[name], 'function', `minting glue lacks ${name}`);
  }
  for (const name of ['inspect', 'inspectCertificates', 'validateUpload', 'buildRequest', 'parseResponse', 'WasmClient', 'planRotation', 'originConfig']) {
    assert.equal(typeof core[name], 'function', `core glue lacks ${name}`);
    assert.ok(!(name in mint), `minting glue exports ${name}`);
  }
  // The same in the wasm (wasm-bindgen's export names are lowercased for methods).
  const coreWasm = wasmExports('originpull_bg.wasm');
  const mintWasm = wasmExports('originpull_mint_bg.wasm');
  assert.ok(coreWasm.includes('inspect') && coreWasm.includes('validateUpload'), String(coreWasm));
  assert.ok(!coreWasm.some((n) => /^prepare|mintjob/i.test(n)), String(coreWasm));
  assert.ok(mintWasm.includes('prepareCA') && mintWasm.includes('mintjob_finish'), String(mintWasm));
  assert.ok(!mintWasm.some((n) => /^(inspect|validateUpload|wasmclient)/i.test(n)), String(mintWasm));
  // No RSA generator in the shipped minting module (WebCrypto makes RSA keys).
  assert.ok(!('benchGenerateKey' in mint));
});

test('minting is instantiated on the first minting call, not at import, and works through the entry', async () => {
  assert.equal(mintInstantiated(), false, 'the minting module was instantiated at import');
  // The core's work does not need it; a minting call refused on its options does not load it.
  assert.equal(op.inspectCertificates(readFileSync(join(root, 'tests/data/keys/p256.cert.pem'), 'utf8')).length, 1);
  assert.equal(typeof op.originConfig({ server: 'nginx' }), 'string');
  await assert.rejects(op.createCA({ commonName: 42 }), (e) => e.code === 'INVALID_ARGUMENT');
  assert.equal(mintInstantiated(), false, 'loaded for a call refused on its options');

  const ca = await op.createCA({ commonName: 'Lazy CA', now: '2026-06-01T00:00:00Z' });
  assert.equal(mintInstantiated(), true);
  const client = await op.issueClientCertificate({ ca, commonName: 'lazy client', now: '2026-06-01T00:00:00Z' });
  const report = op.validateUpload({ certificate: client.certificate, privateKey: client.privateKey, caCertificates: ca.certificate }, { now: '2026-06-02T00:00:00Z' });
  assert.equal(report.ok, true, JSON.stringify(report.findings));
  const { csr } = await op.createCertificateRequest({ commonName: 'lazy request' });
  assert.equal(op.inspect(csr).requests[0].subject, 'CN=lazy request');
});
