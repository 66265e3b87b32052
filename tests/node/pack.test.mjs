// `npm pack` makes a tarball that a fresh folder can `npm install` and import in Node, and
// whose TypeScript types compile a typical use under --strict.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, fixture } from '../helpers/paths.mjs';

const dir = mkdtempSync(join(tmpdir(), 'originpull-pack-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('npm pack, install in a fresh folder, import and type-check', () => {
  const [info] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8' }));
  const files = info.files.map((f) => f.path).sort();
  for (const must of ['bin/originpull.mjs', 'js/core.js', 'js/node.js', 'js/browser.js', 'js/workerd.js', 'js/index.d.ts', 'pkg/originpull.js', 'pkg/originpull_bg.wasm', 'package.json', 'README.md']) {
    assert.ok(files.includes(must), `tarball lacks ${must}`);
  }
  assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('tests/') || f.startsWith('www/')), `tarball has source files: ${files}`);

  const app = join(dir, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, info.filename)], { cwd: app, stdio: 'pipe' });
  copyFileSync(fixture('basic', 'leaf.pem'), join(app, 'leaf.pem'));
  writeFileSync(
    join(app, 'main.mjs'),
    `import * as op from 'originpull';
     import { readFileSync } from 'node:fs';
     const [c] = op.inspectCertificates(readFileSync('leaf.pem', 'utf8'));
     console.log(JSON.stringify({ subject: c.subject, serial: c.serialNumber }));`,
  );
  const out = JSON.parse(execFileSync('node', ['main.mjs'], { cwd: app, encoding: 'utf8' }));
  assert.equal(out.subject, 'CN=origin-pull client,O=Example\\, Inc.');
  assert.equal(out.serial, '2');

  copyFileSync(join(root, 'tests/types/usage.ts'), join(app, 'usage.ts'));
  const tsc = spawnSync(
    join(root, 'node_modules/.bin/tsc'),
    ['--strict', '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom', 'usage.ts'],
    { cwd: app, encoding: 'utf8' },
  );
  assert.equal(tsc.status, 0, `tsc failed:\n${tsc.stdout}${tsc.stderr}`);
});
