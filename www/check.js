// The Check screen: certificate, key, passphrase and origin CA, from paste, drop or a file;
// inspected and validated at every change, in a Web Worker (check-worker.js) once typing
// pauses, so a slow key derivation never freezes the page. The key and the passphrase live in
// the form fields and in `check` only: never stored, never logged; the upload body is built
// again when an upload is sent, not kept.
import { validateUpload } from './originpull/js/browser.js';
import { expiryBadge } from './model.js';
import { el, $ } from './dom.js';

export const check = { certificate: '', privateKey: '', passphrase: '', caCertificates: '', report: null, error: null };
const listeners = [];

/** Called after every re-validation (the Manage and Rotate screens follow the Check screen). */
export function onCheckChange(fn) {
  listeners.push(fn);
}

/** The rows shown for one certificate: [label, value] pairs, values already text. */
export function certificateRows(c) {
  const list = (xs) => (xs && xs.length ? xs.join(', ') : '—');
  const sans = c.subjectAltNames;
  return [
    ['Subject', c.subject || '(empty)'],
    ['Issuer', c.issuer || '(empty)'],
    ['Serial (hex)', c.serialNumberHex],
    ['Serial (decimal, as Cloudflare shows it)', c.serialNumber],
    ['Not before', c.notBefore],
    ['Not after', c.notAfter],
    ['Signature', c.signatureAlgorithm.name === 'unknown' ? c.signatureAlgorithm.oid : c.signatureAlgorithm.name],
    ['Public key', `${c.publicKey.algorithm} ${c.publicKey.bits} bits${c.publicKey.curve ? ` (${c.publicKey.curve})` : ''}`],
    ['DNS names', list(sans.dns)],
    ['IP addresses', list(sans.ip)],
    ['Emails', list(sans.email)],
    ['URIs', list(sans.uri)],
    ['Extended key usage', c.extendedKeyUsage === null ? 'absent (any purpose)' : list(c.extendedKeyUsage.map(ekuName))],
    ['Key usage', c.keyUsage === null ? 'absent' : list(c.keyUsage)],
    ['CA', c.basicConstraints ? `${c.basicConstraints.ca}${c.basicConstraints.pathLength !== null ? ` (path length ${c.basicConstraints.pathLength})` : ''}` : 'no basicConstraints'],
    ['Self-signed', String(c.selfSigned)],
    ['Subject key id', c.subjectKeyId ?? '—'],
    ['Authority key id', c.authorityKeyId ?? '—'],
    ['SHA-256 fingerprint', c.fingerprints.sha256],
    ['SHA-1 fingerprint', c.fingerprints.sha1],
    ['Public key SHA-256', c.publicKey.sha256],
  ];
}

const EKU = { '1.3.6.1.5.5.7.3.1': 'serverAuth', '1.3.6.1.5.5.7.3.2': 'clientAuth', '1.3.6.1.5.5.7.3.3': 'codeSigning', '1.3.6.1.5.5.7.3.4': 'emailProtection', '2.5.29.37.0': 'anyExtendedKeyUsage' };
const ekuName = (oid) => (EKU[oid] ? `${EKU[oid]} (${oid})` : oid);
export const slug = (label) => label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function role(report, index) {
  if (report.leaf === index) return 'leaf';
  if (report.chain.includes(index)) return 'intermediate';
  return report.certificates[index].selfSigned ? 'root (not uploaded)' : 'not uploaded';
}

function renderCertificate(report, c, index) {
  const card = document.getElementById('certificate-card').content.firstElementChild.cloneNode(true);
  card.querySelector('[data-field="title"]').textContent = `#${index + 1} ${role(report, index)}: ${c.subject || '(no subject)'}`;
  const badge = expiryBadge(c.notAfter);
  const b = card.querySelector('[data-badge]');
  b.textContent = badge.text;
  b.dataset.tone = badge.tone;
  const dl = card.querySelector('[data-fields]');
  for (const [label, value] of certificateRows(c)) {
    dl.append(el('dt', {}, label), el('dd', { dataset: { field: slug(label) } }, value));
  }
  return card;
}

const SEVERITY_TITLES = { error: 'Errors: Cloudflare or the origin will refuse this', warning: 'Warnings', info: 'Notes' };

function renderFindings(report) {
  const out = [];
  for (const severity of ['error', 'warning', 'info']) {
    const items = report.findings.filter((f) => f.severity === severity);
    if (!items.length) continue;
    const list = el('ul', { class: 'findings' });
    for (const f of items) {
      list.append(el('li', { dataset: { code: f.code, severity } },
        el('strong', {}, f.code), ' ',
        el('span', { class: 'message' }, f.message),
        el('p', { class: 'hint' }, 'Fix: ', f.hint)));
    }
    out.push(el('section', { class: `group ${severity}`, dataset: { severity } }, el('h4', {}, `${SEVERITY_TITLES[severity]} (${items.length})`), list));
  }
  return out;
}

function renderKey(key) {
  if (!key) return [];
  const rows = [
    ['Algorithm', key.algorithm ?? 'unknown until decrypted'],
    ['Size', key.bits ? `${key.bits} bits${key.curve ? ` (${key.curve})` : ''}` : '—'],
    ['Format', key.format],
    ['Arrived encrypted', String(key.encrypted)],
    ['Public key SHA-256', key.publicKeySha256 ?? '—'],
  ];
  const dl = el('dl');
  for (const [label, value] of rows) dl.append(el('dt', {}, label), el('dd', { dataset: { field: `key-${slug(label)}` } }, value));
  return [el('article', { class: 'card', dataset: { keyInfo: '' } }, el('h4', {}, 'Private key'), dl)];
}

function render() {
  const status = $('[data-status]');
  const r = check.report;
  $('[data-findings]').replaceChildren(...(r ? renderFindings(r) : []));
  $('[data-key]').replaceChildren(...(r ? renderKey(r.key) : []));
  $('[data-certificates]').replaceChildren(...(r ? r.certificates.map((c, i) => renderCertificate(r, c, i)) : []));
  delete status.dataset.state;
  if (check.error) {
    status.textContent = `${check.error.code ?? 'ERROR'}: ${check.error.message}`;
    status.dataset.state = 'error';
  } else if (!r) {
    status.textContent = 'Paste or drop a certificate to see its fields.';
  } else {
    const n = r.certificates.length;
    const errors = r.findings.filter((f) => f.severity === 'error').length;
    status.textContent = `${n} certificate${n === 1 ? '' : 's'} found. ${r.ok ? 'Ready to upload: no errors.' : `${errors} error${errors === 1 ? '' : 's'} to fix before uploading.`}`;
    status.dataset.state = r.ok ? 'ok' : 'invalid';
  }
}

const present = (v) => (typeof v === 'string' ? v.trim() !== '' : v.length > 0);

// ---- the work runs in a Web Worker (check-worker.js) ------------------------------------------
// Typing is debounced (DEBOUNCE_MS after the last keystroke); newer input ends a worker still
// busy with older input (a wasm call cannot be interrupted) and starts a fresh one, so the page
// never waits for a result nobody wants. While it works the status says "Checking…".

/** Wait after the last keystroke before checking. */
export const DEBOUNCE_MS = 200;
let worker = null;
let generation = 0;
let pending = null; // { id } of the request the worker is busy with
let debounce = null;

function startWorker() {
  worker = new Worker(new URL('./check-worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = ({ data }) => {
    if (data.ready || data.id !== generation) return; // a stale answer
    pending = null;
    if (data.error) {
      check.report = null;
      check.error = data.error;
    } else {
      check.report = data.report;
      check.error = null;
    }
    finish();
  };
  worker.onerror = (e) => {
    e.preventDefault?.();
    pending = null;
    check.report = null;
    check.error = { code: 'INTERNAL', message: `the check could not run (${e.message ?? 'worker error'})` };
    worker?.terminate();
    worker = null;
    finish();
  };
}

function finish() {
  $('[data-status]').removeAttribute('aria-busy');
  render();
  for (const fn of listeners) fn(check);
}

/** What the worker is asked, from the form now ('' fields left out). */
function request() {
  const hasKey = present(check.privateKey);
  if (!present(check.certificate)) return { kind: 'key', privateKey: check.privateKey, passphrase: check.passphrase || undefined };
  return {
    kind: 'upload',
    upload: {
      certificate: check.certificate,
      privateKey: hasKey ? check.privateKey : undefined,
      passphrase: check.passphrase || undefined,
      caCertificates: check.caCertificates.trim() ? check.caCertificates : undefined,
    },
  };
}

/** Inspect and validate what the form holds now (in the worker), render it and tell the other screens. */
export function update() {
  clearTimeout(debounce);
  debounce = null;
  generation += 1;
  if (!present(check.certificate) && !present(check.privateKey)) {
    check.report = null;
    check.error = null;
    finish();
    return;
  }
  const status = $('[data-status]');
  status.dataset.state = 'busy';
  status.setAttribute('aria-busy', 'true');
  status.textContent = 'Checking…';
  if (pending && worker) {
    worker.terminate(); // busy with older input: drop it
    worker = null;
  }
  if (!worker) startWorker();
  pending = { id: generation };
  worker.postMessage({ id: generation, input: request() });
}

/** update() once typing pauses; the status says at once that a check is coming. */
function updateSoon() {
  clearTimeout(debounce);
  generation += 1; // an answer for older input is stale from now on
  const status = $('[data-status]');
  status.dataset.state = 'busy';
  status.textContent = 'Checking…';
  debounce = setTimeout(update, DEBOUNCE_MS);
}

/** The upload body, built again from the form (the key is decrypted here, not kept). */
export function uploadPayload() {
  const r = validateUpload({
    certificate: check.certificate,
    privateKey: check.privateKey,
    passphrase: check.passphrase || undefined,
    caCertificates: check.caCertificates.trim() ? check.caCertificates : undefined,
  });
  return r.ok ? r.payload : null;
}

/** Set one field (text), as if typed. */
export function setField(field, text) {
  setFields({ [field]: text });
}

/** Set several fields ({ field: text }) at once, as if typed, and check them once. */
export function setFields(fields) {
  for (const [field, text] of Object.entries(fields)) {
    $(`[data-input="${field}"]`).value = text;
    check[field] = text;
  }
  update();
}

/** The key and its passphrase leave the page's memory and the form (after an upload). */
export function clearKey() {
  for (const field of ['privateKey', 'passphrase']) {
    $(`[data-input="${field}"]`).value = '';
    check[field] = '';
  }
  const file = $('[data-file="privateKey"]');
  if (file) file.value = '';
  update();
}

async function readFile(file, field) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const textarea = $(`[data-input="${field}"]`);
  if (text.includes('-----BEGIN') || field === 'caCertificates') {
    textarea.value = text;
    check[field] = text;
  } else {
    textarea.value = `(binary file ${file.name}, ${bytes.length} bytes)`;
    check[field] = bytes;
  }
  update();
}

export function initCheck() {
  document.addEventListener('input', (e) => {
    const field = e.target.dataset?.input;
    if (field && field in check) {
      check[field] = e.target.value;
      updateSoon();
    }
  });
  document.addEventListener('change', (e) => {
    const field = e.target.dataset?.file;
    if (field && e.target.files[0]) readFile(e.target.files[0], field);
  });
  // Drop a file on a text area (or anywhere: the certificate); other drops do nothing.
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    const file = e.dataTransfer?.files?.[0];
    if (!file) return;
    const target = e.target.closest?.('[data-input]')?.dataset.input;
    readFile(file, target === 'privateKey' || target === 'caCertificates' ? target : 'certificate');
  });
}
