// Debian's Chromium, headless, driven by playwright-core (its own browser download does not
// work here). A fresh profile per launch; console messages and page errors are collected.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launch({ viewport = { width: 1280, height: 900 } } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'originpull-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  const console = [];
  const errors = [];
  context.on('page', (p) => watch(p));
  const watch = (p) => {
    p.on('console', (m) => console.push({ type: m.type(), text: m.text() }));
    p.on('pageerror', (e) => errors.push(String(e)));
  };
  for (const p of context.pages()) watch(p);
  return {
    context,
    console,
    errors,
    async newPage() {
      const existing = context.pages().find((p) => p.url() === 'about:blank');
      return existing ?? context.newPage();
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
