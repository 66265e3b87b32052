// The admin page: a small store, pure render functions, data-* hooks, event delegation.
// Certificate text is untrusted: it reaches the DOM through textContent only.
import { inspectCertificates } from './originpull/js/browser.js';

const state = { input: '', certificates: [], error: null };

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
    ['Extended key usage', c.extendedKeyUsage === null ? 'absent (any purpose)' : list(c.extendedKeyUsage)],
    ['Key usage', c.keyUsage === null ? 'absent' : list(c.keyUsage)],
    ['CA', c.basicConstraints ? String(c.basicConstraints.ca) : 'no basicConstraints'],
    ['Self-signed', String(c.selfSigned)],
    ['SHA-256 fingerprint', c.fingerprints.sha256],
    ['SHA-1 fingerprint', c.fingerprints.sha1],
  ];
}

function slug(label) {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function renderCertificate(c, index) {
  const card = document.getElementById('certificate-card').content.firstElementChild.cloneNode(true);
  card.querySelector('[data-field="title"]').textContent = `#${index + 1} ${c.subject || '(no subject)'}`;
  const dl = card.querySelector('[data-fields]');
  for (const [label, value] of certificateRows(c)) {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = value;
    dd.dataset.field = slug(label);
    dl.append(dt, dd);
  }
  return card;
}

function render() {
  const status = document.querySelector('[data-status]');
  const list = document.querySelector('[data-certificates]');
  list.replaceChildren(...state.certificates.map(renderCertificate));
  if (state.error) {
    status.textContent = `${state.error.code ?? 'ERROR'}: ${state.error.message}`;
    status.dataset.state = 'error';
  } else if (state.certificates.length) {
    const n = state.certificates.length;
    status.textContent = `${n} certificate${n === 1 ? '' : 's'} found.`;
    status.dataset.state = 'ok';
  } else {
    status.textContent = 'Paste or drop a certificate to see its fields.';
    delete status.dataset.state;
  }
}

function update(input) {
  state.input = input;
  const empty = typeof input === 'string' ? input.trim() === '' : input.length === 0;
  try {
    state.certificates = empty ? [] : inspectCertificates(input);
    state.error = null;
  } catch (e) {
    state.certificates = [];
    state.error = { code: e.code, message: e.message };
  }
  render();
}

async function readFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('-----BEGIN')) {
    document.getElementById('certificate').value = text;
    update(text);
  } else {
    update(bytes);
  }
}

document.addEventListener('input', (e) => {
  if (e.target.matches('[data-input="certificate"]')) update(e.target.value);
});
document.addEventListener('change', (e) => {
  if (e.target.matches('[data-file="certificate"]') && e.target.files[0]) readFile(e.target.files[0]);
});
document.addEventListener('dragover', (e) => e.preventDefault());
document.addEventListener('drop', (e) => {
  e.preventDefault();
  const file = e.dataTransfer?.files?.[0];
  if (file) readFile(file);
});

document.documentElement.dataset.ready = 'true';
