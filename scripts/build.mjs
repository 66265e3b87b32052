// `npm run build`: Rust core -> wasm32 -> wasm-bindgen (web target, used by every runtime
// entry in js/) -> pkg/, as two modules: the checking core (pkg/originpull.js +
// originpull_bg.wasm), which every entry loads at start, and minting (pkg/originpull_mint.js +
// originpull_mint_bg.wasm), which the entries load on the first minting call (js/mint-loader.js);
// then the site for the Worker in dist/site (the admin page, the package files it imports and
// the API reference at docs/); prints the sizes.
// `npm run build -- --debug`: the same release build with the wasm's function names kept
// (the `name` section), so a trap's stack reads `originpull::…` instead of
// `wasm-function[123]`; about a third larger. Never publish it (prepublishOnly rebuilds).
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, readdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRust, ensureNpm, root, run } from './setup.mjs';

/**
 * The wasm modules: the Cargo features that select each one's exports (Cargo.toml
 * [features]), the name of its files in pkg/ (`<outName>.js`, `<outName>_bg.wasm`) and its
 * Cargo target directory. Minting has a target directory of its own: with one directory, each
 * build with the other features recompiled the crate (about 25 s per module on 2 cores, every
 * build); with two, an unchanged crate builds in no time (the cost: the dependencies compiled
 * once more, about 2 minutes the first time, and 215 MB).
 */
export const MODULES = {
  core: { features: ['core-exports'], outName: 'originpull', targetDir: 'target' },
  mint: { features: ['mint-exports'], outName: 'originpull_mint', targetDir: 'target/mint' },
};
const ALL = Object.keys(MODULES);

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

/** Where Cargo writes the wasm of `module` (every build of it, whatever its features). */
const cargoOutput = (module) => join(root, MODULES[module].targetDir, 'wasm32-unknown-unknown/release/originpull.wasm');

/** That wasm, built with the extra `features`, copied under a name of its own for `bindgen`. */
const artifact = (module, features = []) =>
  join(root, MODULES[module].targetDir, 'wasm32-unknown-unknown/release', `${[`originpull-${module}`, ...features].join('+')}.wasm`);

/**
 * The crate for wasm32, release profile (Cargo.toml), once per module (`modules`: all by
 * default) with its features plus `features` (bench/mint.mjs: `rsa-keygen`, which rebuilds the
 * crate in the minting target directory, and the next plain build rebuilds it back).
 */
export function cargoBuild({ quiet = false, modules = ALL, features = [] } = {}) {
  for (const m of modules) {
    run('cargo', [
      'build', '--lib', '--release', '--target', 'wasm32-unknown-unknown', '--target-dir', MODULES[m].targetDir,
      '--no-default-features', '--features', [...MODULES[m].features, ...features].join(','),
      ...(quiet ? ['--quiet'] : []),
    ]);
    copyFileSync(cargoOutput(m), artifact(m, features));
  }
}

/**
 * wasm-bindgen's JS glue and the final .wasm of each module (`modules`, built by `cargoBuild`
 * with the same `features`) into `outDir` (emptied first). Release: the name and producers
 * sections are removed and wasm-opt runs; `debug`: the names stay.
 */
export function bindgen({ outDir, debug = false, modules = ALL, features = [] }) {
  rmSync(outDir, { recursive: true, force: true });
  for (const m of modules) {
    const { outName } = MODULES[m];
    run('wasm-bindgen', [
      '--target', 'web', '--out-dir', outDir, '--out-name', outName,
      ...(debug ? [] : ['--remove-name-section']),
      '--remove-producers-section',
      // `__wbg_reset_state()`: js/core.js instantiates the module afresh after a trap.
      '--experimental-reset-state-function',
      artifact(m, features),
    ]);
    if (!debug) optimize(join(outDir, `${outName}_bg.wasm`));
  }
}

/**
 * wasm-opt -Oz (npm `binaryen`; Debian's wasm-opt 108 is too old for this module). Measured on
 * the issue-11 build: -3.1 KB gzip of 397.8 (-Os 2.9, -O2 less; `--converge` measured -1.2 KB
 * more on the core module, not taken); about 30 s per module on 2 cores. The features are those
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
  for (const { outName } of Object.values(MODULES)) {
    for (const f of [`${outName}.js`, `${outName}_bg.wasm`]) cpSync(join(root, 'pkg', f), join(site, 'originpull/pkg', f));
  }
  if (existsSync(join(root, 'dist/docs'))) cpSync(join(root, 'dist/docs'), join(site, 'docs'), { recursive: true });
}

/**
 * Each shipped file's size, then the totals as each runtime loads them (gzip per file, as a
 * server sends them): the core at start (its wasm and glue, core.js, mint-loader.js, the
 * entry), minting on first use (its wasm and glue), and everything.
 */
function reportSizes() {
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  const sizes = {};
  const files = [
    ...Object.values(MODULES).flatMap(({ outName }) => [`pkg/${outName}_bg.wasm`, `pkg/${outName}.js`]),
    ...readdirSync(join(root, 'js')).filter((f) => f.endsWith('.js')).sort().map((f) => `js/${f}`),
  ];
  for (const f of files) {
    const data = readFileSync(join(root, f));
    sizes[f] = { raw: data.length, gz: gzipSync(data, { level: 9 }).length };
    const note = f === 'js/probe.js' ? '  (Node only)' : '';
    console.log(`[build] ${f.padEnd(30)} raw ${kb(sizes[f].raw).padStart(10)}  gzip ${kb(sizes[f].gz).padStart(10)}${note}`);
  }
  const total = (label, list) => {
    const raw = list.reduce((n, f) => n + sizes[f].raw, 0);
    const gz = list.reduce((n, f) => n + sizes[f].gz, 0);
    console.log(`[build] ${label}: raw ${kb(raw)}, gzip ${kb(gz)} (${gz} bytes)`);
    return gz;
  };
  const core = ['pkg/originpull_bg.wasm', 'pkg/originpull.js', 'js/core.js', 'js/mint-loader.js'];
  const CEILING = 400_000;
  const browser = total('core (loaded at start: wasm + glue + core.js + entry), browser (browser.js)', [...core, 'js/browser.js']);
  const worker = total('core (loaded at start: wasm + glue + core.js + entry), Worker (workerd.js)', [...core, 'js/workerd.js']);
  total('core (loaded at start: wasm + glue + core.js + entry), Node (node.js + probe.js)', [...core, 'js/node.js', 'js/probe.js']);
  console.log('[build] js/probe.js is Node only (node:tls): not counted in the browser and Worker totals');
  const worst = Math.max(browser, worker);
  console.log(`[build] core ceiling 400 KB gzip (${CEILING} bytes): ${worst <= CEILING ? 'within' : `OVER by ${worst - CEILING} bytes`}`);
  total('minting (loaded on first use: wasm + glue)', ['pkg/originpull_mint_bg.wasm', 'pkg/originpull_mint.js']);
  total('everything (both modules, all of js/)', files);
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
