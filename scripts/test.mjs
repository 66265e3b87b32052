// `npm test`: everything, in order, each part announced: set-up (idempotent), build, Rust on
// the host, Node, headless Chromium, workerd. Exits non-zero when any part fails and ends
// with one line "tests: N passed, N failed".
import { spawn } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureRust, ensureNpm, ensureChromium, ensureNginx, root, run } from './setup.mjs';

const only = process.argv.slice(2); // e.g. `npm test -- rust node` runs just those parts

function tee(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { out += d; process.stderr.write(d); });
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** Count passes and failures from cargo's and node:test's summaries. */
function tally(out) {
  let passed = 0;
  let failed = 0;
  for (const m of out.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
  for (const m of out.matchAll(/^[ℹ#] pass (\d+)$/gm)) passed += Number(m[1]);
  for (const m of out.matchAll(/^[ℹ#] fail (\d+)$/gm)) failed += Number(m[1]);
  return { passed, failed };
}

const testFiles = (dir) =>
  existsSync(join(root, dir))
    ? readdirSync(join(root, dir)).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => join(dir, f))
    : [];

const parts = [
  // The lints deny unwrap/expect/panic/indexing in library code (Cargo.toml [lints]) and
  // unsafe code (src/lib.rs): on the host (every target, tests included) and for wasm32, the
  // only build that compiles the JS boundary (src/wasm/): with both modules' exports, and as
  // each shipped module is built (scripts/build.mjs), where code only the other uses is dead.
  {
    name: 'lint',
    title: 'Clippy, host and wasm32 (library code may not panic)',
    cmds: [
      ['cargo', ['clippy', '--all-targets', '--quiet', '--', '-D', 'warnings']],
      ['cargo', ['clippy', '--target', 'wasm32-unknown-unknown', '--lib', '--quiet', '--', '-D', 'warnings']],
      ...['core-exports', 'mint-exports'].map((f) => ['cargo', ['clippy', '--target', 'wasm32-unknown-unknown', '--lib', '--quiet', '--no-default-features', '--features', f, '--', '-D', 'warnings']]),
    ],
    check: true,
  },
  { name: 'rust', title: 'Rust core on the host (cargo test)', cmd: ['cargo', ['test', '--all-targets']] },
  { name: 'node', title: 'Node (node --test, the built package as users import it)', dir: 'tests/node' },
  { name: 'browser', title: 'Headless Chromium (playwright-core + Debian chromium)', dir: 'tests/browser' },
  { name: 'worker', title: 'workerd (the project Worker under wrangler dev)', dir: 'tests/worker' },
];

const started = Date.now();
const results = [];
console.log('== set-up and build');
ensureRust();
ensureNpm();
if (!only.length || only.includes('browser')) ensureChromium();
if (!only.length || only.includes('node')) ensureNginx();
run('node', ['scripts/build.mjs']);

for (const part of parts) {
  if (only.length && !only.includes(part.name)) continue;
  console.log(`\n== ${part.title}`);
  const t0 = Date.now();
  const cmds = part.cmds ?? [part.cmd ?? ['node', ['--test', '--test-concurrency=1', ...testFiles(part.dir)]]];
  let code = 0;
  let out = '';
  let checks = 0;
  for (const [cmd, args] of cmds) {
    const r = await tee(cmd, args, { WRANGLER_SEND_METRICS: 'false', FORCE_COLOR: '0' });
    if (r.code === 0) checks += 1;
    code ||= r.code;
    out += r.out;
  }
  const t = part.check ? { passed: checks, failed: cmds.length - checks } : tally(out);
  const ok = code === 0 && t.failed === 0 && t.passed > 0;
  results.push({ ...part, ...t, ok, seconds: (Date.now() - t0) / 1000 });
}

console.log('\n== summary');
let passed = 0;
let failed = 0;
for (const r of results) {
  passed += r.passed;
  failed += r.failed;
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(8)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(1)}s`);
}
console.log(`total time ${((Date.now() - started) / 1000).toFixed(1)}s`);
const allOk = results.every((r) => r.ok);
if (!allOk) failed = Math.max(failed, 1);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(allOk ? 0 : 1);
