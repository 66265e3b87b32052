// The Automation screen: GET /status of this Worker (every watched zone: its certificates with
// days left, the last run and its outcome, a rotation in progress and the last one) and
// POST /automation/run. Both need the Worker's admin secret (from the Connect screen) or a
// Cloudflare Access login. Everything shown comes from the API: textContent only (via `el`).
import { connection } from './connect.js';
import { $, el, setStatus } from './dom.js';

const OUTCOMES = {
  ok: 'OK: nothing due',
  renewed: 'Renewed',
  rotating: 'Rotating',
  waiting_for_certificate: 'Waiting for a new certificate',
  failed: 'Failed',
  rolled_back: 'Rolled back',
  error: 'Error',
  skipped: 'Skipped',
  nothing_to_watch: 'Nothing to watch',
  never_run: 'Not run yet',
};
const TONE = { ok: 'ok', renewed: 'ok', rotating: 'warning', waiting_for_certificate: 'warning', failed: 'error', rolled_back: 'error', error: 'error' };

/** The credentials the automation routes take: the admin secret as a bearer credential (the
 *  connection's, or the Connect screen's field), or none (an Access login adds its JWT). */
function headers() {
  const secret = connection.adminSecret ?? $('#admin-secret')?.value.trim();
  return secret ? { authorization: `Bearer ${secret}` } : {};
}

async function call(method, path) {
  const res = await fetch(path, { method, headers: { accept: 'application/json', ...headers() } });
  let body = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: described below
  }
  if (!res.ok) {
    const e = new Error(body?.error?.message ?? `HTTP ${res.status}`);
    e.code = body?.error?.code ?? `HTTP_${res.status}`;
    throw e;
  }
  return body;
}

const when = (iso) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : 'never');

function certificateRow(c) {
  const days = c.daysLeft === null || c.daysLeft === undefined ? 'unknown' : c.daysLeft < 0 ? `expired ${-c.daysLeft} days ago` : `${c.daysLeft} days left`;
  const tone = c.state === 'ok' ? 'ok' : c.state === 'expiring' ? 'warning' : 'error';
  return el('tr', { dataset: { cert: c.id, state: c.state } },
    el('td', {}, el('code', {}, c.id)),
    el('td', {}, c.status ?? ''),
    el('td', {}, c.issuer ?? ''),
    el('td', {}, c.expiresOn ? when(c.expiresOn) : ''),
    el('td', {}, el('span', { class: 'badge', dataset: { tone } }, days)),
    el('td', {}, (c.hostnames ?? []).join(', ')));
}

function zoneCard(z) {
  const outcome = z.outcome ?? 'never_run';
  const parts = [
    el('h3', {}, `Zone ${z.zone}`, ' ', el('span', { class: 'badge', dataset: { tone: TONE[outcome] ?? 'info', outcome } }, OUTCOMES[outcome] ?? outcome)),
    el('p', {}, `Scope: ${z.scope === 'hostname' ? 'per-hostname' : 'zone-level'}; renews ${z.renewDays} days before expiry.`),
    el('p', { dataset: { lastRun: '' } }, z.lastRun ? `Last run ${when(z.lastRun.at)}${z.lastRun.trigger ? ` (${z.lastRun.trigger})` : ''}: ${z.lastRun.message ?? z.lastRun.outcome}` : 'Not run yet.'),
  ];
  if (z.rotation) {
    parts.push(el('p', { dataset: { rotation: z.rotation.phase } }, `Rotation in progress: ${z.rotation.phase}${z.rotation.newCertId ? `, new certificate ${z.rotation.newCertId}` : ''}${z.rotation.attempts ? `, ${z.rotation.attempts} retries` : ''}.`));
  }
  if (z.lastRotation) {
    const r = z.lastRotation;
    parts.push(el('p', { dataset: { lastRotation: r.outcome } }, `Last rotation ${when(r.at)}: ${r.outcome}${r.newCertId ? `, new certificate ${r.newCertId}` : ''}${r.deleted?.length ? `, deleted ${r.deleted.join(', ')}` : ''}${r.error ? ` (${r.error.code}: ${r.error.message})` : ''}.`));
  }
  if (z.certificates?.length) {
    parts.push(el('table', {},
      el('caption', {}, `Certificates (checked ${when(z.checkedAt)})`),
      el('thead', {}, el('tr', {}, ['ID', 'Status', 'Issuer', 'Expires', 'Days left', 'Hostnames'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, z.certificates.map(certificateRow))));
  } else {
    parts.push(el('p', { class: 'note' }, 'No certificate seen yet.'));
  }
  return el('section', { class: 'panel', dataset: { zone: z.zone } }, parts);
}

/** Load and show GET /status. */
export async function refreshAutomation({ quiet = false } = {}) {
  const status = $('[data-automation-status]');
  const list = $('[data-automation-list]');
  if (!quiet) setStatus(status, 'busy', 'Loading…');
  try {
    const body = await call('GET', '/status');
    list.replaceChildren(...(body.zones.length ? body.zones.map(zoneCard) : [el('p', { class: 'note' }, 'This Worker watches no zone: set AOP_WATCH (see the README).')]));
    setStatus(status, 'ok', `${body.zones.length} zone(s), as of ${when(body.generatedAt)}.`);
  } catch (e) {
    const hint = e.code === 'UNAUTHENTICATED' || e.code === 'ADMIN_SECRET_WRONG' ? ["Enter the Worker's admin secret on the Connect screen."] : [];
    setStatus(status, 'error', `Could not load the automation's status: ${e.message}`, hint);
  }
}

async function runNow() {
  const status = $('[data-automation-status]');
  setStatus(status, 'busy', 'Starting a run…');
  try {
    const body = await call('POST', '/automation/run');
    setStatus(status, 'ok', `A run was queued for ${body.queued} zone(s). Refresh in a moment to see what it did.`);
  } catch (e) {
    setStatus(status, 'error', `Could not start a run: ${e.message}`);
  }
}

export function initAutomation() {
  $('[data-action="automation-refresh"]').addEventListener('click', () => refreshAutomation());
  $('[data-action="automation-run"]').addEventListener('click', runNow);
}
