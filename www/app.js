// The admin page: a small store, pure render functions, data-* hooks, event delegation.
// Certificate text is untrusted: it reaches the DOM through textContent only. The key and the
// passphrase live in the form fields and in `state` only: never stored, never sent.
import { validateUpload, inspect } from './originpull/js/browser.js';

const DAY = 86_400_000;
const state = { certificate: '', privateKey: '', passphrase: '', caCertificates: '', report: null, error: null };

const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
};

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
const slug = (label) => label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Days left until `notAfter`, and the badge text and tone for it. */
export function expiryBadge(notAfter, now = Date.now()) {
  const days = Math.floor((Date.parse(notAfter) - now) / DAY);
  if (days < 0) return { text: `expired ${-days} days ago`, tone: 'error' };
  if (days < 30) return { text: `${days} days left`, tone: 'warning' };
  return { text: `${days} days left`, tone: 'ok' };
}

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
    out.push(el('section', { class: `group ${severity}`, dataset: { severity } }, el('h3', {}, `${SEVERITY_TITLES[severity]} (${items.length})`), list));
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
  return [el('article', { class: 'card', dataset: { keyInfo: '' } }, el('h3', {}, 'Private key'), dl)];
}

function render() {
  const status = document.querySelector('[data-status]');
  const r = state.report;
  document.querySelector('[data-findings]').replaceChildren(...(r ? renderFindings(r) : []));
  document.querySelector('[data-key]').replaceChildren(...(r ? renderKey(r.key) : []));
  document.querySelector('[data-certificates]').replaceChildren(...(r ? r.certificates.map((c, i) => renderCertificate(r, c, i)) : []));
  delete status.dataset.state;
  if (state.error) {
    status.textContent = `${state.error.code ?? 'ERROR'}: ${state.error.message}`;
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

function update() {
  const hasCert = typeof state.certificate === 'string' ? state.certificate.trim() !== '' : state.certificate.length > 0;
  const hasKey = typeof state.privateKey === 'string' ? state.privateKey.trim() !== '' : state.privateKey.length > 0;
  try {
    state.error = null;
    if (!hasCert && !hasKey) {
      state.report = null;
    } else if (!hasCert) {
      // A key alone: show what it is, without the findings of a missing certificate.
      const i = inspect(state.privateKey, { passphrase: state.passphrase || undefined });
      state.report = { ok: false, findings: [], certificates: i.certificates, key: i.privateKeys[0] ?? null, payload: null, leaf: null, chain: [] };
    } else {
      state.report = validateUpload({
        certificate: state.certificate,
        privateKey: hasKey ? state.privateKey : undefined,
        passphrase: state.passphrase || undefined,
        caCertificates: state.caCertificates.trim() ? state.caCertificates : undefined,
      });
      // The page shows findings; the upload body (with the unencrypted key) is not kept.
      state.report.payload = state.report.payload ? { ready: true } : null;
    }
  } catch (e) {
    state.report = null;
    state.error = { code: e.code, message: e.message };
  }
  render();
}

async function readFile(file, field) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const textarea = document.querySelector(`[data-input="${field}"]`);
  if (text.includes('-----BEGIN')) {
    textarea.value = text;
    state[field] = text;
  } else {
    textarea.value = `(binary file ${file.name}, ${bytes.length} bytes)`;
    state[field] = bytes;
  }
  update();
}

document.addEventListener('input', (e) => {
  const field = e.target.dataset?.input;
  if (field && field in state) {
    state[field] = e.target.value;
    update();
  }
});
document.addEventListener('change', (e) => {
  const field = e.target.dataset?.file;
  if (field && e.target.files[0]) readFile(e.target.files[0], field);
});
document.addEventListener('dragover', (e) => e.preventDefault());
document.addEventListener('drop', (e) => {
  e.preventDefault();
  const file = e.dataTransfer?.files?.[0];
  if (!file) return;
  const target = e.target.closest?.('[data-input]')?.dataset.input;
  readFile(file, target === 'privateKey' || target === 'caCertificates' ? target : 'certificate');
});

document.documentElement.dataset.ready = 'true';
