// The API reference: `npm run docs` (TypeDoc, strict: a warning fails) writes dist/docs from
// js/index.d.ts; every export has a one-line summary and an example, and a page of its own;
// no page has an inline script (the Worker's CSP would block it); and every example in the
// doc comments compiles against the package's types (tsc --strict), so none drifts from the
// API it shows.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../helpers/paths.mjs';

const docsDir = join(root, 'dist/docs');
const source = readFileSync(join(root, 'js/index.d.ts'), 'utf8');

const run = spawnSync(process.execPath, [join(root, 'scripts/docs.mjs')], { cwd: root, encoding: 'utf8' });

test('npm run docs succeeds with no warning and writes dist/docs', () => {
  assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
  const m = run.stdout.match(/\[docs\] (\d+) pages in dist\/docs/);
  assert.ok(m, run.stdout);
  console.log(`docs: ${m[1]} pages`);
  assert.ok(existsSync(join(docsDir, 'index.html')));
});

/** Text of a TypeDoc comment part list. */
const text = (parts = []) => parts.map((p) => p.text).join('');

test('every export: a one-line summary, an example, a page', () => {
  const api = JSON.parse(readFileSync(join(root, 'dist/api.json'), 'utf8'));
  const exported = [...source.matchAll(/^export (?:declare )?(?:type|interface|function|class) (\w+)/gm)].map((m) => m[1]);
  const names = api.children.map((c) => c.name);
  assert.deepEqual([...new Set(names)].sort(), [...new Set(exported)].sort(), 'the reference documents every export');
  const folder = { 128: 'classes', 64: 'functions', 256: 'interfaces', 2097152: 'types' };
  const problems = [];
  for (const c of api.children) {
    const comment = c.comment ?? c.signatures?.[0]?.comment;
    const summary = text(comment?.summary).trim();
    const first = summary.split(/\n\s*\n/)[0].replace(/\s+/g, ' ');
    if (!first) problems.push(`${c.name}: no summary`);
    else if (first.length > 200 || !/[.:]$/.test(first)) problems.push(`${c.name}: summary is not one sentence: ${first}`);
    const examples = (comment?.blockTags ?? []).filter((t) => t.tag === '@example').map((t) => text(t.content));
    if (!examples.some((e) => /```ts\n[\s\S]*import [\s\S]*from 'originpull'/.test(e))) problems.push(`${c.name}: no example importing 'originpull'`);
    const page = join(docsDir, folder[c.kind] ?? '?', `${c.name}.html`);
    if (!existsSync(page)) problems.push(`${c.name}: no page (${page})`);
  }
  assert.deepEqual(problems, []);
  // The package overview (the index page) comes from the @packageDocumentation comment.
  assert.match(readFileSync(join(docsDir, 'index.html'), 'utf8'), /Authenticated Origin Pulls/);
});

test('no page has an inline script (the Worker serves them with script-src \'self\')', () => {
  const pages = readdirSync(docsDir, { recursive: true }).map(String).filter((f) => f.endsWith('.html'));
  assert.ok(pages.length > 50);
  for (const page of pages) {
    const html = readFileSync(join(docsDir, page), 'utf8');
    assert.doesNotMatch(html, /<script>|<script(?![^>]*\bsrc=)[^>]*>/, page);
    assert.doesNotMatch(html, / on[a-z]+="/, `${page}: inline event handler`);
    assert.doesNotMatch(html, / style="/, `${page}: inline style`);
  }
  assert.ok(existsSync(join(docsDir, 'assets/theme.js')));
});

test('every example in the doc comments compiles against the types', () => {
  const examples = [...source.matchAll(/^\s*\* ```ts\n([\s\S]*?)^\s*\* ```$/gm)].map((m) =>
    m[1].split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n'),
  );
  const exports = new Set([...source.matchAll(/^export (?:declare )?(?:type|interface|function|class) (\w+)/gm)].map((m) => m[1]));
  assert.ok(examples.length > exports.size, `${examples.length} examples for ${exports.size} exports`);
  const dir = join(root, 'tests/out/doc-examples');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // The free names the examples use: the user's own data.
  writeFileSync(
    join(dir, 'globals.d.ts'),
    `declare const pem: string, keyPem: string, caPem: string, certificate: string, privateKey: string;
     declare const token: string, zoneId: string, certId: string, body: string, der: ArrayBuffer;
     declare function reportBug(...details: unknown[]): void;\n`,
  );
  const files = examples.map((code, i) => {
    const name = `example${String(i).padStart(2, '0')}.ts`;
    writeFileSync(join(dir, name), `${code}\nexport {};\n`);
    return name;
  });
  const tsc = spawnSync(
    join(root, 'node_modules/.bin/tsc'),
    ['--strict', '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom', 'globals.d.ts', ...files],
    { cwd: dir, encoding: 'utf8' },
  );
  assert.equal(tsc.status, 0, `tsc failed on the doc examples (tests/out/doc-examples):\n${tsc.stdout}${tsc.stderr}`);
});
