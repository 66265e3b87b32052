// `npm run build`: Rust core -> wasm32 -> wasm-bindgen (web target, used by every runtime
// entry in js/) -> pkg/; then the site for the Worker in dist/site (the admin page, the
// package files it imports and the API reference at docs/); prints the sizes.
// `npm run build -- --debug`: the same release build with the wasm's function names kept
// (the `name` section), so a trap's stack reads `originpull::…` instead of
// `wasm-function[123]`; about a third larger. Never publish it (prepublishOnly rebuilds).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, readdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRust, ensureNpm, root, run } from './setup.mjs';

export async function build({ quiet = false, debug = false } = {}) {
  ensureRust();
  ensureNpm();
  checkVersions();
  cargoBuild({ quiet });
  bindgen({ outDir: join(root, 'pkg'), debug });
  if (debug) console.log('[build] debug build: wasm names kept (pkg/ is not for publishing)');
  // The reference is part of the site; a doc problem is printed here and fails `npm run docs`.
  const { docs } = await import('./docs.mjs');
  await docs({ strict: false });
  assembleSite();
  reportSizes();
}

/** The core for wasm32, release profile (Cargo.toml). */
export function cargoBuild({ quiet = false } = {}) {
  run('cargo', ['build', '--lib', '--release', '--target', 'wasm32-unknown-unknown', ...(quiet ? ['--quiet'] : [])]);
}

/**
 * wasm-bindgen's JS glue and the final .wasm into `outDir` (emptied first). Release: the
 * name and producers sections are removed; `debug`: the names stay.
 */
export function bindgen({ outDir, debug = false }) {
  rmSync(outDir, { recursive: true, force: true });
  run('wasm-bindgen', [
    '--target', 'web', '--out-dir', outDir,
    ...(debug ? [] : ['--remove-name-section']),
    '--remove-producers-section',
    // `__wbg_reset_state()`: js/core.js instantiates the module afresh after a trap.
    '--experimental-reset-state-function',
    join(root, 'target/wasm32-unknown-unknown/release/originpull.wasm'),
  ]);
  if (!debug) optimize(join(outDir, 'originpull_bg.wasm'));
}

/**
 * wasm-opt -Oz (npm `binaryen`; Debian's wasm-opt 108 is too old for this module). Measured on
 * the issue-11 build: -3.1 KB gzip of 397.8 (-Os 2.9, -O2 less), which keeps the shipped
 * total under the 400 KB ceiling; about 30 s per build on 2 cores. The features are those
 * rustc enables for wasm32-unknown-unknown. Not for the debug build (it would drop the names).
 */
function optimize(file) {
  run(join(root, 'node_modules/.bin/wasm-opt'), [
    '-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
    '--enable-mutable-globals', file, '-o', file,
  ]);
}

/** package.json's version follows Cargo.toml's (the contract: "version from Cargo.toml"). */
function checkVersions() {
  const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)?.[1];
  const pkgPath = join(root, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  if (pkg.version !== cargo) {
    console.log(`[build] package.json version ${pkg.version} -> ${cargo} (from Cargo.toml)`);
    pkg.version = cargo;
    writeFileSync(pkgPath, JSON.stringify(pkg, null, 2) + '\n');
  }
}

/**
 * dist/site: the admin page plus the package files it imports, laid out as in the package,
 * and the API reference (dist/docs) at docs/.
 */
function assembleSite() {
  const site = join(root, 'dist/site');
  rmSync(site, { recursive: true, force: true });
  mkdirSync(join(site, 'originpull/pkg'), { recursive: true });
  cpSync(join(root, 'www'), site, { recursive: true });
  cpSync(join(root, 'js'), join(site, 'originpull/js'), { recursive: true });
  for (const f of ['originpull.js', 'originpull_bg.wasm']) {
    cpSync(join(root, 'pkg', f), join(site, 'originpull/pkg', f));
  }
  if (existsSync(join(root, 'dist/docs'))) cpSync(join(root, 'dist/docs'), join(site, 'docs'), { recursive: true });
}

function reportSizes() {
  const files = [
    join(root, 'pkg/originpull_bg.wasm'),
    join(root, 'pkg/originpull.js'),
    ...readdirSync(join(root, 'js')).filter((f) => f.endsWith('.js')).map((f) => join(root, 'js', f)),
  ];
  let raw = 0;
  let gz = 0;
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  for (const f of files) {
    const data = readFileSync(f);
    const z = gzipSync(data, { level: 9 }).length;
    raw += data.length;
    gz += z;
    console.log(`[build] ${f.slice(root.length + 1).padEnd(26)} raw ${kb(data.length).padStart(10)}  gzip ${kb(z).padStart(10)}`);
  }
  console.log(`[build] shipped wasm + JS glue: raw ${kb(raw)}, gzip ${kb(gz)} (${gz} bytes)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const unknown = process.argv.slice(2).filter((a) => a !== '--debug');
  if (unknown.length) {
    console.error(`build: unknown option ${unknown[0]} (npm run build [-- --debug])`);
    process.exit(2);
  }
  try {
    await build({ debug: process.argv.includes('--debug') });
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
