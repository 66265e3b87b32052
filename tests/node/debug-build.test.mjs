// The debug build (`npm run build -- --debug`) keeps the wasm's function names, so a trap's
// stack names the Rust functions; the release build in pkg/ (what is published) has none.
// The debug glue and wasm of both modules (the core and minting) are made into a temporary
// folder (scripts/build.mjs's bindgen, the step --debug changes), so pkg/ stays the release
// build the other tests use.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bindgen, cargoBuild } from '../../scripts/build.mjs';
import { root, readFixture } from '../helpers/paths.mjs';

/** The names of the custom sections of a wasm module. */
const customSections = (bytes) => WebAssembly.Module.customSections
  ? ['name', 'producers', 'target_features'].filter((n) => WebAssembly.Module.customSections(new WebAssembly.Module(bytes), n).length > 0)
  : [];

const dir = mkdtempSync(join(tmpdir(), 'originpull-debug-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('the release build in pkg/ has no name section (either module)', () => {
  for (const f of ['originpull_bg.wasm', 'originpull_mint_bg.wasm']) {
    const bytes = readFileSync(join(root, 'pkg', f));
    assert.deepEqual(customSections(bytes).filter((n) => n !== 'target_features'), [], f);
  }
});

test('a debug build keeps the names: a trap\'s stack names the functions', async () => {
  cargoBuild({ quiet: true }); // the crate again for each module, not its dependencies
  bindgen({ outDir: dir, debug: true });
  const bytes = readFileSync(join(dir, 'originpull_bg.wasm'));
  assert.ok(customSections(bytes).includes('name'));
  assert.ok(customSections(readFileSync(join(dir, 'originpull_mint_bg.wasm'))).includes('name'), 'the minting module keeps its names too');
  const release = readFileSync(join(root, 'pkg/originpull_bg.wasm')).length;
  console.log(`debug wasm ${(bytes.length / 1024).toFixed(1)} KiB, release ${(release / 1024).toFixed(1)} KiB`);

  // A real trap, as tests/node/boundary.test.mjs makes one: memory grown to its limit, then
  // an input that needs a fresh allocation.
  const glue = await import(pathToFileURL(join(dir, 'originpull.js')).href);
  const { memory } = glue.initSync({ module: bytes });
  for (let step = 65536; step >= 1; ) {
    try {
      memory.grow(step);
    } catch {
      step = Math.floor(step / 2);
    }
  }
  const leafPem = readFixture('basic', 'leaf.pem');
  const big = new TextEncoder().encode((leafPem + '\n').repeat(Math.floor((1024 * 1024 - 1) / (leafPem.length + 1))));
  assert.throws(
    () => glue.inspectCertificates(big, true),
    (e) => {
      assert.ok(e instanceof WebAssembly.RuntimeError, String(e));
      const wasmFrames = e.stack.split('\n').filter((l) => l.includes('wasm://'));
      assert.ok(wasmFrames.length > 0, e.stack);
      // Named frames (`originpull.wasm.inspectCertificates …`), not `wasm-function[123]` alone.
      assert.ok(wasmFrames.some((l) => /originpull\.wasm\.\S*inspectCertificates/.test(l)), e.stack);
      return true;
    },
  );
});
