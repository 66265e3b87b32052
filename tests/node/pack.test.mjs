// `npm pack` makes the tarball that would be published: its contents are exactly the package
// (the licenses, README, CHANGELOG, SECURITY, js/, the release build in pkg/, bin/; no tests,
// fixtures, source maps or stray files), its size is printed, a fresh folder can
// `npm install` it and import it in Node (every typed export there at run time, errors as
// OriginpullError), and its TypeScript types compile a typical use under --strict.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, fixture } from '../helpers/paths.mjs';

const dir = mkdtempSync(join(tmpdir(), 'originpull-pack-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const [info] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8' }));
const files = info.files.map((f) => f.path).sort();

/** What may be in the tarball; anything else is stray. */
const ALLOWED = [
  /^package\.json$/, /^README\.md$/, /^CHANGELOG\.md$/, /^SECURITY\.md$/, /^LICENSE-MIT$/, /^LICENSE-APACHE$/,
  /^js\/(core|mint-loader|node|browser|workerd|probe)\.js$/, /^js\/index\.d\.ts$/,
  /^pkg\/originpull(_mint)?\.js$/, /^pkg\/originpull(_mint)?_bg\.wasm$/,
  /^bin\/[\w/-]+\.m?js$/,
];

/** Value exports declared in js/index.d.ts (functions, classes, consts). */
const typedValueExports = () =>
  [...readFileSync(join(root, 'js/index.d.ts'), 'utf8').matchAll(/^export (?:declare )?(?:function|class|const) (\w+)/gm)]
    .map((m) => m[1])
    .filter((n, i, all) => all.indexOf(n) === i)
    .sort();

test('the tarball holds the package and nothing else; size printed', () => {
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`npm pack: ${info.filename}, ${files.length} files, ${kib(info.size)} packed, ${kib(info.unpackedSize)} unpacked`);
  for (const must of [
    'LICENSE-MIT', 'LICENSE-APACHE', 'README.md', 'CHANGELOG.md', 'SECURITY.md', 'package.json',
    'bin/originpull.mjs', 'js/core.js', 'js/mint-loader.js', 'js/node.js', 'js/browser.js', 'js/workerd.js', 'js/probe.js', 'js/index.d.ts',
    'pkg/originpull.js', 'pkg/originpull_bg.wasm', 'pkg/originpull_mint.js', 'pkg/originpull_mint_bg.wasm',
  ]) {
    assert.ok(files.includes(must), `tarball lacks ${must}`);
  }
  const stray = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
  assert.deepEqual(stray, [], 'files in the tarball that are not part of the package');
  assert.ok(!files.some((f) => f.endsWith('.map') || /(^|\/)(tests?|fixtures|src|www|worker|emulator|scripts|dist)\//.test(f)), String(files));
  // The published wasm modules are the release build: no name section (a debug build keeps one).
  for (const f of ['pkg/originpull_bg.wasm', 'pkg/originpull_mint_bg.wasm']) {
    const wasm = new WebAssembly.Module(readFileSync(join(root, f)));
    assert.equal(WebAssembly.Module.customSections(wasm, 'name').length, 0, `${f} is a debug build: run npm run build`);
  }
  // A size that would mean a debug build, a source map or test data slipped in.
  assert.ok(info.size < 1024 * 1024, `packed size ${kib(info.size)}`);
});

test('the licenses are the standard texts the license field names', () => {
  assert.equal(pkg.license, 'MIT OR Apache-2.0');
  const words = (t) => t.split(/\s+/).filter(Boolean).join(' ');
  const apache = readFileSync(join(root, 'LICENSE-APACHE'), 'utf8');
  const debian = '/usr/share/common-licenses/Apache-2.0';
  if (existsSync(debian)) assert.equal(words(apache), words(readFileSync(debian, 'utf8')), 'LICENSE-APACHE differs from the Apache License 2.0 text');
  assert.match(words(apache), /^Apache License Version 2\.0, January 2004 .* END OF TERMS AND CONDITIONS /);
  const mit = words(readFileSync(join(root, 'LICENSE-MIT'), 'utf8'));
  assert.match(mit, /^MIT License Copyright \(c\) \d{4} \S/);
  for (const clause of [
    'Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction,',
    'The above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.',
    'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,',
  ]) {
    assert.ok(mit.includes(clause), clause);
  }
});

test('package.json: exports only conditions that hold, side effects declared, metadata', () => {
  const root_ = pkg.exports['.'];
  assert.deepEqual(Object.keys(root_), ['types', 'workerd', 'browser', 'node', 'default']);
  assert.ok(!('worker' in root_), 'bundlers match "worker" for web workers too, where the .wasm module import fails');
  for (const target of Object.values(root_)) assert.ok(files.includes(target.replace(/^\.\//, '')), target);
  // Every runtime entry exports the whole API (OriginpullError and isOriginpullError included).
  for (const entry of ['js/node.js', 'js/browser.js', 'js/workerd.js']) {
    assert.match(readFileSync(join(root, entry), 'utf8'), /^export \* from '\.\/core\.js';$/m, entry);
  }
  assert.match(readFileSync(join(root, 'js/core.js'), 'utf8'), /^export class OriginpullError extends Error \{$/m);
  assert.equal(pkg.type, 'module');
  // The entries instantiate the wasm when imported: a bundler must not drop them.
  assert.deepEqual([...pkg.sideEffects].sort(), ['./js/browser.js', './js/node.js', './js/workerd.js']);
  assert.ok(pkg.keywords.includes('cloudflare') && pkg.keywords.length >= 5);
  assert.match(pkg.engines.node, /^>=20/);
  assert.ok(!pkg.repository || !/example|placeholder|TODO/i.test(JSON.stringify(pkg.repository)), 'no placeholder repository');
});

test('npm pack, install in a fresh folder, import and type-check', () => {
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
     let error;
     try { op.inspectCertificates(''); } catch (e) { error = { class: e instanceof op.OriginpullError, is: op.isOriginpullError(e), code: e.code }; }
     // Minting loads the second module from the installed package's pkg/.
     const { csr } = await op.createCertificateRequest({ commonName: 'packed' });
     console.log(JSON.stringify({ subject: c.subject, serial: c.serialNumber, exports: Object.keys(op).sort(), error, csr: csr.split('\\n')[0] }));`,
  );
  const out = JSON.parse(execFileSync('node', ['main.mjs'], { cwd: app, encoding: 'utf8' }));
  assert.equal(out.subject, 'CN=origin-pull client,O=Example\\, Inc.');
  assert.equal(out.serial, '2');
  assert.deepEqual(out.error, { class: true, is: true, code: 'NO_CERTIFICATE' });
  assert.equal(out.csr, '-----BEGIN CERTIFICATE REQUEST-----');
  // What the types declare is what the module exports, no more, no less.
  assert.deepEqual(out.exports, typedValueExports());

  copyFileSync(join(root, 'tests/types/usage.ts'), join(app, 'usage.ts'));
  const tsc = spawnSync(
    join(root, 'node_modules/.bin/tsc'),
    ['--strict', '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom', 'usage.ts'],
    { cwd: app, encoding: 'utf8' },
  );
  assert.equal(tsc.status, 0, `tsc failed:\n${tsc.stdout}${tsc.stderr}`);
});
