// The Manage screen: the zone's certificates (zone-level and per-hostname) with status, expiry,
// serial (hex and decimal) and the hostnames using each; upload (only a checked certificate
// and key), associate, disable, remove, zone-level switch, delete with confirmation. With
// "Show each request instead of sending it" every action prints its curl form instead.
import { buildRequest, inspectCertificates } from './originpull/js/browser.js';
import { expiryBadge, serialHex, curlCommand, hostnamesByCertificate, parseHostnames, readiness, certificateLabel, consequence } from './model.js';
import { el, $, setStatus, showError, clearStatus } from './dom.js';
import { connection, onConnectionChange, requireClient, baseUrl, sendsToken } from './connect.js';
import { check, onCheckChange, uploadPayload, clearKey } from './check.js';

const OP = {
  listZone: 'zone-level-authenticated-origin-pulls-list-certificates',
  uploadZone: 'zone-level-authenticated-origin-pulls-upload-certificate',
  deleteZone: 'zone-level-authenticated-origin-pulls-delete-certificate',
  setZone: 'zone-level-authenticated-origin-pulls-set-enablement-for-zone',
  listHost: 'per-hostname-authenticated-origin-pull-list-certificates',
  uploadHost: 'per-hostname-authenticated-origin-pull-upload-a-hostname-client-certificate',
  deleteHost: 'per-hostname-authenticated-origin-pull-delete-hostname-client-certificate',
  setHostnames: 'per-hostname-authenticated-origin-pull-enable-or-disable-a-hostname-for-client-authentication',
};

/** What the last refresh read; the Rotate screen offers these certificates. */
export const inventory = { zone: [], hostname: [], associations: [], loaded: false };
const listeners = [];
export function onInventoryChange(fn) {
  listeners.push(fn);
}

const status = () => $('[data-manage-status]');
const dryRun = () => $('[data-dry-run]').checked;

/** Subject of a certificate's PEM as originpull reads it ('' when it cannot). */
function subjectOf(pem) {
  try {
    return inspectCertificates(pem)[0]?.subject ?? '';
  } catch {
    return '';
  }
}

/**
 * Run one action: in dry-run mode show the request (token and key redacted) and send nothing;
 * otherwise send it, say what happened and read the lists again.
 */
async function perform({ operationId, params, label, send, done }) {
  const view = $('[data-request-view]');
  try {
    if (dryRun()) {
      const request = buildRequest(operationId, { zone_id: connection.zoneId ?? '0'.repeat(32), ...params }, { baseUrl: baseUrl() });
      $('[data-request-text]').textContent = curlCommand(request, { sendsToken: sendsToken() });
      view.hidden = false;
      setStatus(status(), 'info', `${label}: shown below, not sent.`, sendsToken() ? ['The token is shown as <redacted>: put yours in its place.'] : ['The Worker adds the token it holds.']);
      return;
    }
    view.hidden = true;
    requireClient();
    setStatus(status(), 'busy', `${label}…`);
    const result = await send(connection.client, connection.zoneId);
    const message = done(result);
    if (await refresh({ keepStatus: true })) setStatus(status(), 'ok', message);
  } catch (e) {
    showError(status(), e, label);
  }
}

/** A certificate of the inventory named for people (common name, issuer, serial, days left). */
export function nameOf(certId) {
  const c = [...inventory.hostname, ...inventory.zone].find((x) => x.id === certId);
  return c ? certificateLabel(c, subjectOf(c.certificate)) : `certificate ${certId}`;
}

/**
 * Ask before a change an origin would notice: `title` as the heading, `text` what the origin
 * will see, `ok` the button that does it. Resolves true when confirmed.
 */
function confirmDialog(text, { title = 'Delete this certificate?', ok = 'Delete' } = {}) {
  const dialog = $('[data-confirm]');
  $('#confirm-heading').textContent = title;
  $('[data-confirm-text]').textContent = text;
  $('[data-confirm-ok]').textContent = ok;
  return new Promise((resolve) => {
    const finish = (answer) => {
      dialog.removeEventListener('close', onClose);
      if (dialog.open) dialog.close();
      resolve(answer);
    };
    const onClose = () => finish(false);
    dialog.addEventListener('close', onClose);
    $('[data-confirm-ok]').onclick = () => finish(true);
    $('[data-confirm-cancel]').onclick = () => finish(false);
    dialog.showModal();
    $('[data-confirm-cancel]').focus();
  });
}

function certificateCard(scope, c, used) {
  const serial = c.serial_number ?? '';
  const subject = subjectOf(c.certificate);
  const badge = expiryBadge(c.expires_on);
  const name = subject || c.issuer || c.id;
  const label = certificateLabel(c, subject);
  const rows = [
    ['ID', c.id],
    ['Status', c.status],
    ['Expires', c.expires_on],
    ['Serial (hex)', serialHex(serial) || '—'],
    ['Serial (decimal)', serial || '—'],
    ['Issuer', c.issuer ?? '—'],
    ['Signature', c.signature ?? '—'],
    ['Uploaded', c.uploaded_on ?? '—'],
  ];
  const dl = el('dl', {}, rows.map(([k, v]) => [el('dt', {}, k), el('dd', { dataset: { field: k.toLowerCase().replace(/[^a-z]+/g, '-').replace(/-$/, '') } }, v)]));
  const card = el('article', { class: 'card', dataset: { cert: c.id, scope, status: c.status }, 'aria-label': `${scope === 'zone' ? 'Zone-level' : 'Per-hostname'} certificate ${name}` },
    el('h4', {}, name, ' ', el('span', { class: 'badge', dataset: { tone: c.status === 'active' ? 'ok' : /timed_out/.test(c.status) ? 'error' : 'warning', ...(MOVING.has(c.status) ? { updating: '' } : {}) } }, c.status.replace(/_/g, ' ') + (MOVING.has(c.status) ? ' (updating…)' : '')),
      ' ', el('span', { class: 'badge', dataset: { tone: badge.tone, expiry: '' } }, badge.text)),
    dl);

  if (scope === 'hostname') {
    const hosts = used.get(c.id) ?? [];
    const list = el('ul', { class: 'hostnames', dataset: { hostnames: '' } });
    for (const h of hosts) {
      list.append(el('li', { dataset: { hostname: h.hostname } },
        el('span', { class: 'mono' }, h.hostname), ' ',
        el('span', { class: 'badge', dataset: { tone: h.enabled ? (h.status === 'active' ? 'ok' : 'warning') : 'muted', ...(MOVING.has(h.status) ? { updating: '' } : {}) } }, `${h.enabled ? 'enabled' : 'disabled'}, ${h.status.replace(/_/g, ' ')}${MOVING.has(h.status) ? ' (updating…)' : ''}`), ' ',
        el('button', { type: 'button', dataset: { action: h.enabled ? 'host-disable' : 'host-enable', hostname: h.hostname, cert: c.id }, 'aria-label': `${h.enabled ? 'Disable' : 'Enable'} ${h.hostname}` }, h.enabled ? 'Disable' : 'Enable'), ' ',
        el('button', { type: 'button', dataset: { action: 'host-remove', hostname: h.hostname, cert: c.id }, 'aria-label': `Remove ${h.hostname}` }, 'Remove')));
    }
    const inputId = `associate-${c.id}`;
    card.append(
      el('h5', {}, `Hostnames using it (${hosts.length})`),
      hosts.length ? list : el('p', { class: 'note' }, 'None yet.'),
      el('div', { class: 'associate' },
        el('label', { for: inputId }, 'Hostname to associate'),
        el('input', { id: inputId, type: 'text', autocomplete: 'off', spellcheck: 'false', dataset: { associateInput: c.id }, 'aria-describedby': `${inputId}-help` }),
        el('p', { id: `${inputId}-help`, class: 'help' }, 'One or more, separated by spaces or commas.'),
        el('button', { type: 'button', dataset: { action: 'associate', cert: c.id } }, 'Associate')),
    );
  }
  card.append(el('p', { class: 'actions' }, el('button', { type: 'button', class: 'danger', dataset: { action: 'delete', cert: c.id, scope }, 'aria-label': `Delete certificate ${label}` }, 'Delete…')));
  return card;
}

/** What identifies a focused control across a re-render (its action, certificate, hostname). */
function focusKey(node) {
  if (!node?.closest?.('[data-screen="manage"] [data-list]')) return null;
  if (node.dataset.associateInput) return `[data-associate-input="${node.dataset.associateInput}"]`;
  if (node.dataset.action && node.dataset.cert) {
    return `[data-action="${node.dataset.action}"][data-cert="${node.dataset.cert}"]${node.dataset.hostname ? `[data-hostname="${CSS.escape(node.dataset.hostname)}"]` : ''}`;
  }
  return null;
}

function render() {
  // Keep the keyboard focus on the same control; if it is gone, on the status message.
  const previous = document.activeElement;
  const key = focusKey(previous);
  const used = hostnamesByCertificate(inventory.associations);
  for (const scope of ['hostname', 'zone']) {
    const box = $(`[data-list="${scope}"]`);
    const certs = inventory[scope];
    box.replaceChildren(...(certs.length ? certs.map((c) => certificateCard(scope, c, used)) : [el('p', { class: 'note' }, inventory.loaded ? 'None in this zone.' : 'Not loaded.')]));
  }
  const zs = $('[data-zone-setting]');
  zs.textContent = connection.zoneEnabled === null ? 'Unknown until connected.' : `Zone-level AOP is ${connection.zoneEnabled ? 'on: Cloudflare presents the zone-level certificate to origins.' : 'off.'}`;
  zs.dataset.enabled = String(connection.zoneEnabled);
  // Offer the switch that changes something (both while the setting is unknown).
  $('[data-action="zone-enable"]').hidden = connection.zoneEnabled === true;
  $('[data-action="zone-disable"]').hidden = connection.zoneEnabled === false;
  // Turning it on with no zone-level certificate of theirs: say whose certificate that presents.
  const shared = $('[data-zone-shared]');
  const own = inventory.zone.some((c) => c.status === 'active');
  shared.hidden = !inventory.loaded || own;
  shared.textContent = connection.zoneEnabled
    ? 'No active zone-level certificate of yours is uploaded: Cloudflare presents its shared certificate, the same for every customer.'
    : 'No active zone-level certificate of yours is uploaded: turning zone-level AOP on makes Cloudflare present its shared certificate, the same for every customer. Upload your own (Upload as: Zone-level certificate) for an origin that trusts only you.';
  needsClient();
  if (key) {
    const again = document.querySelector(key);
    if (again) again.focus();
    else status().focus();
  } else if (previous?.dataset?.action?.startsWith('zone-') && previous.hidden) {
    document.querySelector('[data-action^="zone-"]:not([hidden])')?.focus();
  }
  for (const fn of listeners) fn(inventory);
}

// ---- statuses that are still moving refresh on their own -------------------------------------

/** Statuses Cloudflare moves on from by itself. */
const MOVING = new Set(['initializing', 'pending_deployment', 'pending_deletion']);
/** Back-off of the self-refresh: first wait, factor, longest wait (ms). */
export const AUTO_REFRESH = { firstMs: 1000, factor: 1.5, maxMs: 30000 };
const auto = { timer: null, delay: AUTO_REFRESH.firstMs };

function moving() {
  return [...inventory.zone, ...inventory.hostname, ...inventory.associations].filter((x) => MOVING.has(x.status)).length;
}

/** After each read: while something is still moving, read again later, each wait longer. */
function scheduleAutoRefresh({ reset = false } = {}) {
  clearTimeout(auto.timer);
  auto.timer = null;
  if (reset) auto.delay = AUTO_REFRESH.firstMs;
  const box = $('[data-auto-refresh]');
  const n = connection.connected ? moving() : 0;
  if (!n) {
    box.hidden = true;
    box.textContent = '';
    delete box.dataset.state;
    auto.delay = AUTO_REFRESH.firstMs;
    return;
  }
  const wait = auto.delay;
  auto.delay = Math.min(auto.delay * AUTO_REFRESH.factor, AUTO_REFRESH.maxMs);
  box.hidden = false;
  box.dataset.state = 'updating';
  box.textContent = `Updating: ${n} status${n === 1 ? ' is' : 'es are'} still changing at Cloudflare; checking again in ${Math.round(wait / 100) / 10} s.`;
  auto.timer = setTimeout(() => {
    box.textContent = `Updating: checking ${n} status${n === 1 ? '' : 'es'} now…`;
    refresh({ keepStatus: true, auto: true });
  }, wait);
}

/** Read the zone's certificates, associations and setting again; false when that failed. */
export async function refresh({ keepStatus = false, auto: automatic = false } = {}) {
  if (!connection.connected) return;
  const client = connection.client;
  const zone = connection.zoneId;
  try {
    if (!keepStatus) setStatus(status(), 'busy', 'Reading the zone…');
    const associations = [];
    for (let page = 1; ; page++) {
      const items = await client.listHostnames(zone, { page, perPage: 1000, status: 'all' });
      associations.push(...items);
      if (items.length < 1000) break;
    }
    const [zoneCerts, hostCerts, setting] = await Promise.all([client.listZoneCertificates(zone), client.listHostnameCertificates(zone), client.getZoneSetting(zone)]);
    Object.assign(inventory, { zone: zoneCerts, hostname: hostCerts, associations, loaded: true });
    connection.zoneEnabled = Boolean(setting?.enabled);
    if (!keepStatus) setStatus(status(), 'ok', `${hostCerts.length} per-hostname and ${zoneCerts.length} zone-level certificate${zoneCerts.length === 1 ? '' : 's'}.`);
    render();
    scheduleAutoRefresh({ reset: !automatic });
    return true;
  } catch (e) {
    showError(status(), e, 'Could not read the zone');
    if (automatic) scheduleAutoRefresh();
    return false;
  }
}

/**
 * Controls that send requests are disabled until connected (in "Show each request" mode they
 * only print it, so they stay usable), each pointing at the reason.
 */
function needsClient() {
  const off = !connection.connected && !dryRun();
  for (const b of document.querySelectorAll('[data-screen="manage"] [data-needs-client]')) {
    b.disabled = off;
    if (off) b.setAttribute('title', 'Connect first (screen 1)');
    else b.removeAttribute('title');
    const ids = new Set((b.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
    if (off) ids.add('needs-connection');
    else ids.delete('needs-connection');
    if (ids.size) b.setAttribute('aria-describedby', [...ids].join(' '));
    else b.removeAttribute('aria-describedby');
  }
}

function uploadState() {
  const p = $('[data-upload-source]');
  const { ready, text } = readiness(check.report);
  p.textContent = text;
  p.dataset.ready = String(ready);
  $('[data-action="upload"]').setAttribute('aria-disabled', String(!ready));
}

async function onClick(e) {
  const b = e.target.closest('button[data-action]');
  if (!b || !b.closest('[data-screen="manage"]')) return;
  const { action, cert, hostname, scope } = b.dataset;
  const zoneScope = document.querySelector('input[name="upload-scope"]:checked')?.value === 'zone';
  switch (action) {
    case 'refresh':
      if (!connection.connected) return setStatus(status(), 'error', 'Connect first (screen 1).');
      return refresh();
    case 'upload': {
      if (!check.report?.ok) {
        return setStatus(status(), 'error', 'Upload refused: the certificate and key must pass the check first.', ['Paste them on the Check screen; errors are listed there with their fixes.']);
      }
      const payload = uploadPayload();
      if (!payload) return setStatus(status(), 'error', 'Upload refused: the certificate and key must pass the check first.');
      return perform({
        operationId: zoneScope ? OP.uploadZone : OP.uploadHost,
        params: { body: payload },
        label: `Upload ${zoneScope ? 'zone-level' : 'per-hostname'} certificate`,
        send: (c, z) => (zoneScope ? c.uploadZoneCertificate(z, payload) : c.uploadHostnameCertificate(z, payload)),
        done: (r) => {
          clearKey();
          return `Uploaded: ${certificateLabel(r, subjectOf(r.certificate))}, status ${r.status.replace(/_/g, ' ')}. The private key field was cleared.`;
        },
      });
    }
    case 'associate': {
      const input = document.querySelector(`[data-associate-input="${cert}"]`);
      const hosts = parseHostnames(input.value);
      if (!hosts.length) {
        input.focus();
        return setStatus(status(), 'error', 'Type a hostname to associate.');
      }
      const config = hosts.map((h) => ({ hostname: h, cert_id: cert, enabled: true }));
      return perform({
        operationId: OP.setHostnames, params: { body: { config } }, label: `Associate ${hosts.join(', ')}`,
        send: (c, z) => c.setHostnames(z, config),
        done: () => `Associated ${hosts.join(', ')}: pending deployment until Cloudflare reports it active (Refresh to see).`,
      });
    }
    case 'host-disable':
    case 'host-enable':
    case 'host-remove': {
      const enabled = action === 'host-enable' ? true : action === 'host-disable' ? false : null;
      const config = [{ hostname, cert_id: cert, enabled }];
      const verb = enabled === true ? 'Enable' : enabled === false ? 'Disable' : 'Remove';
      if (enabled !== true && !dryRun()) {
        const ok = await confirmDialog(consequence(enabled === false ? 'disable' : 'remove', { hostnames: [hostname], name: nameOf(cert) }),
          { title: `${verb} ${hostname}?`, ok: verb });
        b.focus();
        if (!ok) return setStatus(status(), 'info', `Nothing was changed: ${hostname} keeps its certificate.`);
      }
      return perform({
        operationId: OP.setHostnames, params: { body: { config } }, label: `${verb} ${hostname}`,
        send: (c, z) => c.setHostnames(z, config),
        done: () => (enabled === null ? `${hostname} no longer uses this certificate.` : `${hostname} ${enabled ? 'is enabled: the certificate is presented' : 'is disabled: no certificate is presented'}.`),
      });
    }
    case 'zone-enable':
    case 'zone-disable': {
      const enabled = action === 'zone-enable';
      if (!enabled && !dryRun()) {
        const ok = await confirmDialog(consequence('zone-off'), { title: 'Turn zone-level AOP off?', ok: 'Turn it off' });
        if (!ok) {
          b.focus();
          return setStatus(status(), 'info', 'Nothing was changed: zone-level AOP stays on.');
        }
      }
      return perform({
        operationId: OP.setZone, params: { body: { enabled } }, label: `Turn zone-level AOP ${enabled ? 'on' : 'off'}`,
        send: (c, z) => c.setZoneSetting(z, enabled),
        done: (r) => `Zone-level AOP is ${r?.enabled ? 'on' : 'off'}.`,
      });
    }
    case 'delete': {
      const zone = scope === 'zone';
      const operationId = zone ? OP.deleteZone : OP.deleteHost;
      const params = { certificate_id: cert };
      const name = nameOf(cert);
      // Hostnames still using it: the API would refuse (1416); offer to remove them first.
      const using = zone ? [] : inventory.associations.filter((a) => a.cert_id === cert && a.enabled !== null && !['deleted', 'pending_deletion'].includes(a.status));
      if (!dryRun()) {
        const hostnames = using.map((a) => a.hostname);
        const ok = await confirmDialog(consequence('delete', { hostnames, name, scope }), {
          title: using.length ? 'Remove its hostnames and delete this certificate?' : 'Delete this certificate?',
          ok: using.length ? `Remove ${using.length} hostname${using.length === 1 ? '' : 's'} and delete` : 'Delete',
        });
        b.focus();
        if (!ok) return setStatus(status(), 'info', 'Nothing was deleted.');
      }
      const voids = using.map((a) => ({ hostname: a.hostname, cert_id: cert, enabled: null }));
      return perform({
        operationId, params, label: `Delete ${name}`,
        send: async (c, z) => {
          if (voids.length) await c.setHostnames(z, voids);
          return zone ? c.deleteZoneCertificate(z, cert) : c.deleteHostnameCertificate(z, cert);
        },
        done: (r) => `${name}${voids.length ? `: ${voids.map((v) => v.hostname).join(', ')} removed, and the certificate` : ''} is ${r?.status?.replace(/_/g, ' ') ?? 'being deleted'}.`,
      });
    }
    default:
  }
}

export function initManage() {
  document.addEventListener('click', onClick);
  document.addEventListener('keydown', (e) => {
    // Enter in a hostname field associates it.
    if (e.key === 'Enter' && e.target.dataset?.associateInput) {
      e.preventDefault();
      document.querySelector(`button[data-action="associate"][data-cert="${e.target.dataset.associateInput}"]`)?.click();
    }
  });
  onConnectionChange(() => {
    $('[data-needs-connection]').hidden = connection.connected;
    if (connection.connected) refresh();
    else {
      Object.assign(inventory, { zone: [], hostname: [], associations: [], loaded: false });
      clearStatus(status());
      render();
      scheduleAutoRefresh({ reset: true });
    }
  });
  onCheckChange(uploadState);
  uploadState();
  $('[data-dry-run]').addEventListener('change', needsClient);
  needsClient();
}
