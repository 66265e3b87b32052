// The API reference in headless Chromium, served by the project's Worker at /docs/ with its
// Content-Security-Policy: the pages' scripts all run (theme, navigation, search), and nothing
// is blocked or fails.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startWorker } from '../../scripts/worker-dev.mjs';
import { launch } from '../helpers/browser.mjs';

const worker = await startWorker();
const browser = await launch();
test.after(async () => {
  await browser.close();
  await worker.stop();
});

test('/docs/ works under the Worker\'s CSP: theme, navigation and search run, nothing is blocked', async () => {
  const page = await browser.newPage();
  const failed = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(`${worker.url}/docs/`);
  // assets/theme.js (TypeDoc's inline script, moved out) ran.
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'os');
  // navigation.js filled the sidebar.
  await page.locator('#tsd-nav-container a[href$="functions/validateUpload.html"]').waitFor();
  // search.js: the search dialog finds a function.
  await page.locator('#tsd-search-trigger').click();
  await page.locator('#tsd-search-input').fill('isOriginpull');
  await page.locator('#tsd-search-results a[href$="functions/isOriginpullError.html"]').waitFor();
  await page.goto(`${worker.url}/docs/classes/OriginpullError.html`);
  assert.match(await page.locator('h1').textContent(), /OriginpullError/);
  assert.match(await page.locator('.tsd-comment').first().textContent(), /class of every error/);
  await page.waitForTimeout(200);
  assert.deepEqual(failed, []);
  assert.deepEqual(browser.errors, []);
  assert.deepEqual(browser.console.filter((m) => m.type === 'error' || /Content Security Policy/.test(m.text)), []);
});
