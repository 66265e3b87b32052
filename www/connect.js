// The Connect screen: API token (memory only; sessionStorage only with "Remember for this
// tab"), zone id, and the target, which is always this page's Worker (`connect-src 'self'`):
// its proxy forwards to the upstream /config names (Cloudflare, or the emulator under
// `npm start`). With a token held by the Worker the page sends none: it sends the Worker's
// admin secret instead (held like the token: memory, sessionStorage only with consent), or
// nothing behind Cloudflare Access, whose login adds its JWT to every request.
import { Client } from './originpull/js/browser.js';
import { normalizeZoneId } from './model.js';
import { $, setStatus, showError } from './dom.js';

const KEYS = { token: 'originpull.token', zone: 'originpull.zone', admin: 'originpull.admin' };
const listeners = [];

/** The connection; `token` lives here and in the Client's wasm side only. */
export const connection = { config: null, token: null, adminSecret: null, useServerToken: false, zoneId: null, client: null, connected: false, zoneEnabled: null };

export const baseUrl = () => `${location.origin}/client/v4`;

/** Called whenever the page connects or forgets the connection. */
export function onConnectionChange(fn) {
  listeners.push(fn);
}

/** Whether requests from this page carry a token (false: the Worker adds its own). */
export const sendsToken = () => !connection.useServerToken;

/** The Client, or an error in plain words when the page is not connected. */
export function requireClient() {
  if (!connection.connected || !connection.client) {
    const e = new Error('Connect first: enter the API token and the zone ID on the Connect screen.');
    e.code = 'NOT_CONNECTED';
    throw e;
  }
  return connection.client;
}

function summary() {
  const s = $('[data-connection-summary]');
  if (connection.connected) {
    s.textContent = `Connected to zone ${connection.zoneId}${connection.useServerToken ? ' (token held by the Worker)' : ''}.`;
    s.dataset.state = 'ok';
  } else {
    s.textContent = 'Not connected: checking works without an account.';
    delete s.dataset.state;
  }
}

function notify() {
  summary();
  for (const fn of listeners) fn(connection);
}

function describeTarget(config) {
  const t = $('[data-target]');
  if (!config) {
    t.textContent = "This page's Worker proxy (/client/v4). Its upstream is unknown (GET /config failed).";
    return;
  }
  const kind = config.upstreamKind ?? (config.upstream === 'https://api.cloudflare.com/client/v4' ? 'cloudflare' : 'custom');
  const where = kind === 'emulator' ? 'the local AOP emulator started by npm start' : kind === 'cloudflare' ? 'Cloudflare' : 'a custom API';
  t.textContent = `This page's Worker proxy (${location.origin}/client/v4), which forwards to ${where}: ${config.upstream}.`;
  t.dataset.upstream = kind;
}

/** The Worker's protection, from /config: `adminSecret` (the page sends it), `access` (the
 *  Access login does it), `refusing` (neither is configured: the token serves no one). */
const protection = () => connection.config?.protection ?? null;

function tokenModeChanged() {
  const server = document.querySelector('input[name="token-mode"]:checked')?.value === 'server' && connection.config?.tokenHeldByServer;
  $('[data-own-token]').hidden = Boolean(server);
  $('[data-admin-secret]').hidden = !(server && protection()?.adminSecret);
}

/** What the token choice means with this Worker's protection. */
function describeProtection() {
  const p = protection();
  const help = $('[data-token-mode-help]');
  const own = $('input[name="token-mode"][value="own"]');
  if (!p) return;
  // Without Access, the Worker takes the Authorization header for its admin secret, so a
  // token of one's own cannot travel beside it.
  own.disabled = !p.access;
  if (p.refusing) {
    help.textContent = 'This Worker holds an API token but no protection is configured (ADMIN_SECRET or Cloudflare Access), so it refuses every API call. Ask its operator to set one.';
  } else if (p.adminSecret && !p.access) {
    help.textContent = "The Worker uses its token only with its admin secret. To use a token of your own, use a Worker that holds none.";
  } else if (p.access) {
    help.textContent = 'This Worker is behind Cloudflare Access: your Access login is what lets the page use its token.';
  }
}

async function connect({ quiet = false } = {}) {
  const status = $('[data-connect-status]');
  const zoneId = normalizeZoneId($('#zone-id').value);
  const server = Boolean(connection.config?.tokenHeldByServer) && document.querySelector('input[name="token-mode"]:checked')?.value === 'server';
  const token = $('#api-token').value.trim();
  const adminSecret = server && protection()?.adminSecret ? $('#admin-secret').value.trim() : '';
  if (!zoneId) {
    if (!quiet) setStatus(status, 'error', 'The zone ID is 32 hexadecimal characters.', ['Copy it from the zone\'s Overview page in the Cloudflare dashboard.']);
    $('#zone-id').setAttribute('aria-invalid', 'true');
    return false;
  }
  $('#zone-id').removeAttribute('aria-invalid');
  if (!server && !token) {
    if (!quiet) setStatus(status, 'error', 'Enter the API token.', []);
    return false;
  }
  if (server && protection()?.adminSecret && !protection()?.access && !adminSecret) {
    if (!quiet) setStatus(status, 'error', "Enter the Worker's admin secret.", ['The Worker uses its API token only for requests that carry its ADMIN_SECRET.']);
    $('#admin-secret').setAttribute('aria-invalid', 'true');
    return false;
  }
  $('#admin-secret').removeAttribute('aria-invalid');
  setStatus(status, 'busy', 'Connecting…');
  try {
    // With the Worker's token, the admin secret travels as the bearer credential; the Worker
    // swaps it for its token and never forwards it.
    const client = new Client({ token: server ? adminSecret || undefined : token, baseUrl: baseUrl() });
    const setting = await client.getZoneSetting(zoneId);
    Object.assign(connection, { client, zoneId, token: server ? null : token, adminSecret: adminSecret || null, useServerToken: server, connected: true, zoneEnabled: Boolean(setting?.enabled) });
    sessionStorage.setItem(KEYS.zone, zoneId);
    if (!server && $('#remember-token').checked) sessionStorage.setItem(KEYS.token, token);
    else sessionStorage.removeItem(KEYS.token);
    if (adminSecret && $('#remember-admin-secret').checked) sessionStorage.setItem(KEYS.admin, adminSecret);
    else sessionStorage.removeItem(KEYS.admin);
    setStatus(status, 'ok', `Connected to zone ${zoneId}. Zone-level AOP is ${setting?.enabled ? 'on' : 'off'}.`, ['Next: check a certificate (screen 2), then manage or rotate (screens 3 and 4).']);
    notify();
    return true;
  } catch (e) {
    Object.assign(connection, { client: null, connected: false });
    showError(status, e, 'Could not connect');
    notify();
    return false;
  }
}

function disconnect() {
  Object.assign(connection, { client: null, token: null, adminSecret: null, connected: false, zoneEnabled: null });
  $('#api-token').value = '';
  $('#admin-secret').value = '';
  $('#remember-token').checked = false;
  $('#remember-admin-secret').checked = false;
  sessionStorage.removeItem(KEYS.token);
  sessionStorage.removeItem(KEYS.admin);
  setStatus($('[data-connect-status]'), 'info', 'The token and the admin secret are forgotten. Enter them again to connect.');
  notify();
}

export async function initConnect() {
  $('[data-form="connect"]').addEventListener('submit', (e) => {
    e.preventDefault();
    connect();
  });
  $('[data-action="disconnect"]').addEventListener('click', disconnect);
  $('#remember-token').addEventListener('change', (e) => {
    if (!e.target.checked) sessionStorage.removeItem(KEYS.token);
  });
  $('#remember-admin-secret').addEventListener('change', (e) => {
    if (!e.target.checked) sessionStorage.removeItem(KEYS.admin);
  });
  for (const r of document.querySelectorAll('input[name="token-mode"]')) r.addEventListener('change', tokenModeChanged);

  try {
    const res = await fetch('/config', { headers: { accept: 'application/json' } });
    connection.config = res.ok ? await res.json() : null;
  } catch {
    connection.config = null;
  }
  describeTarget(connection.config);
  $('[data-token-mode]').hidden = !connection.config?.tokenHeldByServer;
  describeProtection();
  tokenModeChanged();
  if (connection.config?.demoToken && connection.config.upstreamKind === 'emulator') {
    $('#api-token').value = connection.config.demoToken;
    $('[data-token-help]').textContent = `npm start: the local emulator accepts the token "${connection.config.demoToken}", filled in for you; any 32-hex zone ID works.`;
  }

  const savedZone = sessionStorage.getItem(KEYS.zone);
  const savedToken = sessionStorage.getItem(KEYS.token);
  const savedAdmin = sessionStorage.getItem(KEYS.admin);
  if (savedAdmin) {
    $('#admin-secret').value = savedAdmin;
    $('#remember-admin-secret').checked = true;
  }
  if (savedZone) $('#zone-id').value = savedZone;
  if (savedToken) {
    $('#api-token').value = savedToken;
    $('#remember-token').checked = true;
  }
  if (savedZone && (savedToken || connection.config?.tokenHeldByServer)) await connect({ quiet: true });
  else summary();
}
