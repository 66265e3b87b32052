// The Rotate screen: scope, the new certificate and key (from the Check screen), the hostnames;
// the plan (planRotation, nothing sent), then rotate() with a live view of every step, request
// and poll, and the result. Every progress event's state is saved in sessionStorage (it never
// holds the key), so a reload offers to resume; the key is asked for again only while the
// upload is unconfirmed (state.newCertId === null).
import { planRotation, rotate } from './originpull/js/browser.js';
import { progressSteps, resumeNeeds, readiness, STEP_TITLES, parseHostnames, normalizeZoneId, commonName, expiryBadge } from './model.js';
import { el, $, setStatus, showError, clearStatus } from './dom.js';
import { connection, requireClient, onConnectionChange } from './connect.js';
import { check, onCheckChange, clearKey, setField } from './check.js';
import { inventory, onInventoryChange, refresh, nameOf } from './manage.js';

export const SAVED = 'originpull.rotation';
const DEFAULT_STEPS = {
  hostname: ['discover', 'upload', 'wait_certificate', 'switch', 'wait_associations', 'delete_old', 'done'],
  zone: ['discover', 'upload', 'wait_certificate', 'enable_zone', 'delete_old', 'done'],
};
let running = false;
/** Stops the running rotation between two requests (rotate's `signal`): resumable, no rollback. */
let stopper = null;
const status = () => $('[data-rotate-status]');

/** The saved state of an unfinished rotation, or null. */
export function savedRotation() {
  try {
    const s = JSON.parse(sessionStorage.getItem(SAVED) ?? 'null');
    return s && !resumeNeeds(s).finished ? s : null;
  } catch {
    return null;
  }
}

function scope() {
  return document.querySelector('input[name="rotate-scope"]:checked')?.value === 'zone' ? 'zone' : 'hostname';
}

/** The options of planRotation / rotate from the form and the Check screen (key included). */
function options() {
  const zoneId = connection.zoneId ?? normalizeZoneId($('#zone-id').value);
  if (!zoneId) {
    const e = new Error('Enter the zone ID on the Connect screen first.');
    e.code = 'INVALID_ARGUMENT';
    throw e;
  }
  const s = scope();
  const o = {
    scope: s,
    zoneId,
    certificate: check.certificate,
    privateKey: check.privateKey,
    passphrase: check.passphrase || undefined,
    caCertificates: check.caCertificates.trim() ? check.caCertificates : undefined,
    deleteOld: $('#rotate-delete-old').checked,
  };
  if (s === 'hostname') {
    const hosts = parseHostnames($('#rotate-hostnames').value);
    if (hosts.length) o.hostnames = hosts;
    if ($('#rotate-old').value) o.oldCertId = $('#rotate-old').value;
  }
  const poll = Number($('#rotate-poll').value);
  if (Number.isFinite(poll) && poll >= 50) o.pollIntervalMs = Math.round(poll);
  return o;
}

/** Why "Start the rotation" waits, or that it does not: always in words next to it. */
let planShown = false;
function startWhy() {
  const why = $('[data-start-why]');
  const start = $('[data-action="start-rotation"]');
  if (running) {
    why.textContent = 'A rotation is running: its progress is below.';
  } else if (!planShown) {
    start.disabled = true;
    why.textContent = 'Start the rotation waits until you have seen the plan: "Show the plan" lists every request it will send (nothing is sent). Changing a field hides the plan again.';
  } else if (!connection.connected) {
    start.disabled = true;
    why.textContent = 'The plan is ready; starting it needs a connection: connect first (screen 1).';
  } else {
    start.disabled = false;
    why.textContent = 'Ready: Start sends the requests of the plan above, in order; it does not wait for anything else.';
  }
}

function invalidatePlan() {
  planShown = false;
  $('[data-action="start-rotation"]').disabled = true;
  $('[data-plan]').hidden = true;
  startWhy();
}

function showPlan() {
  try {
    if (!check.report) throw Object.assign(new Error('Paste the new certificate and its key on the Check screen first.'), { code: 'INVALID_ARGUMENT' });
    const plan = planRotation(options());
    const list = $('[data-plan-list]');
    list.replaceChildren(...plan.map((s) => el('li', { dataset: { step: s.step } },
      el('strong', {}, STEP_TITLES[s.step] ?? s.step), ': ', s.description, ' ',
      el('code', {}, `${s.method} ${s.path}`))));
    $('[data-plan]').hidden = false;
    $('[data-action="start-rotation"]').disabled = running;
    planShown = true;
    startWhy();
    setStatus(status(), 'ok', `${plan.length} requests planned (each wait polls until Cloudflare reports the status). Nothing has been sent.`);
    return plan;
  } catch (e) {
    invalidatePlan();
    showError(status(), e, 'No plan');
    return null;
  }
}

function startProgress(names) {
  $('[data-progress]').hidden = false;
  $('[data-rotate-result]').hidden = true;
  $('[data-progress-steps]').replaceChildren(...names.map((n) => el('li', { dataset: { step: n, state: 'pending' } }, el('span', { class: 'step-state' }, 'pending'), ' ', STEP_TITLES[n] ?? n)));
  $('[data-progress-log]').replaceChildren();
  $('[data-progress-current]').textContent = 'Starting…';
}

function setStep(li, state) {
  li.dataset.state = state;
  li.querySelector('.step-state').textContent = state;
}

function onEvent(e) {
  try {
    sessionStorage.setItem(SAVED, JSON.stringify(e.state));
  } catch {
    // Storage full or refused: the rotation goes on, it just cannot be resumed after a reload.
  }
  const items = [...document.querySelectorAll('[data-progress-steps] > li')];
  let li = items.find((x) => x.dataset.step === e.step);
  if (!li && e.step === 'rollback') {
    li = el('li', { dataset: { step: 'rollback', state: 'pending' } }, el('span', { class: 'step-state' }, 'pending'), ' ', STEP_TITLES.rollback);
    $('[data-progress-steps]').insertBefore(li, items.find((x) => x.dataset.step === 'done') ?? null);
  }
  if (li) {
    for (const x of items) {
      if (x === li) break;
      if (x.dataset.state === 'running' || (x.dataset.state === 'pending' && e.step !== 'rollback')) setStep(x, x.dataset.state === 'running' ? 'done' : 'skipped');
    }
    setStep(li, e.kind === 'done' ? 'done' : 'running');
  }
  const counted = e.total ? ` (${e.done}/${e.total})` : '';
  $('[data-progress-current]').textContent = `${STEP_TITLES[e.step] ?? e.step}${counted}: ${e.message}`;
  const log = $('[data-progress-log]');
  log.append(el('li', { dataset: { kind: e.kind, step: e.step } },
    `${(e.elapsedMs / 1000).toFixed(1)} s  ${e.step} ${e.kind}${e.status ? ` ${e.status}` : ''}${counted}: ${e.message}`));
  if (log.children.length > 300) log.firstElementChild.remove();
}

function showResult(r) {
  const box = $('[data-rotate-result]');
  box.hidden = false;
  const text = r.ok
    ? `Rotation completed: ${r.scope === 'zone' ? 'the zone uses the new certificate' : 'every hostname uses the new certificate'}.`
    : r.outcome === 'rolled_back' ? 'Rotation rolled back: nothing changed for the origins.'
      : r.error?.code === 'ABORTED' ? 'Rotation stopped on request: resume it when you are ready.' : 'Rotation stopped.';
  const outcome = $('[data-rotate-outcome]');
  outcome.textContent = `${text} ${r.advice}`;
  outcome.dataset.outcome = r.outcome;
  box.dataset.outcome = r.outcome;
  // Certificates by name (common name, issuer, serial, days left), the id after.
  const leaf = check.report?.certificates?.[check.report?.leaf ?? 0];
  const newName = leaf ? `${commonName(leaf.subject) || leaf.subject} (serial ${leaf.serialNumberHex}, ${expiryBadge(leaf.notAfter).text})` : 'the new certificate';
  const named = (id) => `${nameOf(id)}, id ${id}`;
  const facts = [
    ['Outcome', r.outcome],
    ['New certificate', r.newCertId ? `${newName}, id ${r.newCertId}` : '—'],
    ['Replaced', r.oldCertIds.map(named).join('; ') || '—'],
    ['Deleted', r.deleted.map(named).join('; ') || '—'],
    ['Kept', r.kept.map((k) => `${named(k.certId)}: ${k.reason}`).join('; ') || '—'],
    ['Hostnames', r.hostnames.map((h) => `${h.hostname} (${h.status ?? 'unknown'})`).join(', ') || '—'],
    ['Error', r.error ? `${r.error.code}: ${r.error.message}` : '—'],
    ['API requests', String(r.calls)],
    ['Time', `${(r.elapsedMs / 1000).toFixed(1)} s`],
  ];
  $('[data-rotate-facts]').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', { dataset: { field: k.toLowerCase().replace(/\s+/g, '-') } }, v)]));
  if (r.newCertId) $('dd[data-field="new-certificate"]').dataset.certId = r.newCertId;
  const items = [...document.querySelectorAll('[data-progress-steps] > li')];
  for (const li of items) if (li.dataset.state === 'running') setStep(li, r.ok ? 'done' : 'stopped');
  if (r.ok) for (const li of items) if (li.dataset.state === 'pending') setStep(li, 'skipped');
  setStatus(status(), r.ok ? 'ok' : 'error', text, r.ok ? [] : [r.advice]);
  box.querySelector('h3').focus?.();
}

async function run(opts, steps) {
  if (running) return;
  running = true;
  $('[data-action="start-rotation"]').disabled = true;
  $('[data-action="resume"]').disabled = true;
  startProgress(steps);
  setStatus(status(), 'busy', 'Rotating… keep this tab open (a reload can resume).');
  stopper = new AbortController();
  const stop = $('[data-action="stop-rotation"]');
  stop.hidden = false;
  stop.disabled = false;
  try {
    const result = await rotate(requireClient(), { ...opts, onProgress: onEvent, signal: stopper.signal });
    if (result.resumable && !result.ok) sessionStorage.setItem(SAVED, JSON.stringify(result.state));
    else sessionStorage.removeItem(SAVED);
    if (result.newCertId) clearKey();
    showResult(result);
    refresh({ keepStatus: true });
  } catch (e) {
    showError(status(), e, 'The rotation did not start');
  } finally {
    if (stop.contains(document.activeElement)) status().focus();
    stop.hidden = true;
    stopper = null;
    running = false;
    $('[data-action="resume"]').disabled = false;
    resumePanel();
    startWhy();
  }
}

function start() {
  let opts;
  try {
    requireClient();
    opts = options();
  } catch (e) {
    return showError(status(), e, 'Cannot start');
  }
  const plan = showPlan();
  if (!plan) return;
  run(opts, progressSteps(plan));
}

function resume() {
  const saved = savedRotation();
  if (!saved) return resumePanel();
  const needs = resumeNeeds(saved);
  const opts = { scope: saved.scope, zoneId: saved.zoneId, state: saved };
  const missing = [];
  if (!connection.connected) missing.push('Connect on screen 1: the token is not kept across a reload unless "Remember for this tab" was ticked.');
  if (needs.needsKey && !String(check.privateKey).trim()) {
    missing.push('The private key of the new certificate is needed again: paste it in Private key on the Check screen.');
  }
  if (missing.length) return setStatus(status(), 'error', 'The rotation cannot resume yet.', missing);
  if (needs.needsKey) Object.assign(opts, { certificate: saved.certificate, privateKey: check.privateKey, passphrase: check.passphrase || undefined });
  $('[data-resume]').hidden = true;
  run(opts, DEFAULT_STEPS[saved.scope] ?? DEFAULT_STEPS.hostname);
}

/** Show (or hide) the panel that offers to resume a saved rotation. */
export function resumePanel() {
  const saved = running ? null : savedRotation();
  const panel = $('[data-resume]');
  panel.hidden = !saved;
  if (!saved) return;
  const needs = resumeNeeds(saved);
  $('[data-resume-summary]').replaceChildren(needs.summary, ...(connection.connected ? [] : [' ',
    el('a', { href: '#connect' }, 'Connect first'), ': the token is not kept across a reload unless "Remember for this tab" was ticked.']));
  $('[data-resume-key]').hidden = !needs.needsKey;
}

function fillOldCertificates() {
  const select = $('#rotate-old');
  const current = select.value;
  select.replaceChildren(el('option', { value: '' }, 'Automatic: the one the hostnames use'),
    ...inventory.hostname.map((c) => el('option', { value: c.id }, `${nameOf(c.id)}, ${c.status.replace(/_/g, ' ')}`)));
  select.value = inventory.hostname.some((c) => c.id === current) ? current : '';
}

function sourceText() {
  const p = $('[data-rotate-source]');
  const { ready, text } = readiness(check.report);
  p.textContent = `New certificate and key, from the Check screen. ${text}`;
  p.dataset.ready = String(ready);
}

export function initRotate() {
  $('[data-action="plan"]').addEventListener('click', showPlan);
  $('[data-form="rotate"]').addEventListener('submit', (e) => {
    e.preventDefault();
    start();
  });
  $('[data-form="rotate"]').addEventListener('input', invalidatePlan);
  $('[data-form="rotate"]').addEventListener('change', (e) => {
    invalidatePlan();
    if (e.target.name === 'rotate-scope') for (const x of document.querySelectorAll('[data-hostname-only]')) x.hidden = scope() === 'zone';
  });
  $('[data-action="resume"]').addEventListener('click', resume);
  $('[data-action="stop-rotation"]').addEventListener('click', (e) => {
    e.target.disabled = true;
    stopper?.abort();
    setStatus(status(), 'busy', 'Stopping after the current request…');
  });
  $('[data-action="forget-rotation"]').addEventListener('click', () => {
    sessionStorage.removeItem(SAVED);
    resumePanel();
    clearStatus(status());
  });
  onCheckChange(() => {
    sourceText();
    if (!running) invalidatePlan();
  });
  onInventoryChange(fillOldCertificates);
  onConnectionChange(startWhy);
  sourceText();
  startWhy();
  const saved = savedRotation();
  if (saved && !String(check.certificate).trim()) setField('certificate', saved.certificate);
  resumePanel();
}
