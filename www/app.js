// The admin page: six screens (Connect, Check, Manage, Rotate, Automation, Create) chosen by the URL's hash,
// each a module with a small store, pure render functions, data-* hooks and event delegation.
// Certificate text is untrusted: it reaches the DOM through textContent only. Secrets: the
// token lives in memory (sessionStorage only with "Remember for this tab"), the key and the
// passphrase in the form fields only; nothing secret is logged or written to persistent browser storage.
import { initCheck, update } from './check.js';
import { initConnect, onConnectionChange } from './connect.js';
import { initCreate } from './create.js';
import { initManage } from './manage.js';
import { initRotate, resumePanel, savedRotation } from './rotate.js';
import { initAutomation, refreshAutomation } from './automation.js';

export { certificateRows } from './check.js';
export { expiryBadge } from './model.js';

const SCREENS = ['connect', 'check', 'manage', 'rotate', 'automation', 'create'];

function show(name, { focus = true } = {}) {
  const screen = SCREENS.includes(name) ? name : 'check';
  for (const s of document.querySelectorAll('[data-screen]')) s.hidden = s.dataset.screen !== screen;
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === screen) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `originpull: ${screen[0].toUpperCase()}${screen.slice(1)}`;
  if (focus) {
    const h = document.querySelector(`[data-screen="${screen}"] h2`);
    h.setAttribute('tabindex', '-1');
    h.focus();
  }
}

window.addEventListener('hashchange', () => {
  show(location.hash.slice(1));
  if (location.hash === '#automation') refreshAutomation({ quiet: true });
});
document.addEventListener('click', (e) => {
  // A link that also names the field to focus (e.g. "Private key on the Check screen").
  const a = e.target.closest('a[data-focus]');
  if (!a) return;
  e.preventDefault();
  if (location.hash !== a.getAttribute('href')) history.pushState(null, '', a.getAttribute('href'));
  show(a.getAttribute('href').slice(1), { focus: false });
  document.getElementById(a.dataset.focus)?.focus();
});

initCheck();
update();
initManage();
initRotate();
initCreate();
initAutomation();
onConnectionChange(resumePanel);
show(location.hash.slice(1) || (savedRotation() ? 'rotate' : 'check'), { focus: false });
await initConnect();
if (location.hash === '#automation') await refreshAutomation({ quiet: true });
document.documentElement.dataset.ready = 'true';
