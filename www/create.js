// The Create screen: "No certificate yet? Create one". A private CA (or the user's own CA) and a
// client certificate minted in this page (createCA, issueClientCertificate: keys generated
// here, never sent anywhere), offered as files to download, with the origin's configuration
// for the chosen server (originConfig), then straight into the Check screen for upload.
// The keys live in `minted` only while this screen shows them: "Forget the keys", leaving the
// page, or a new mint drops them; they are never logged or written to browser storage.
import { createCA, issueClientCertificate, originConfig } from './originpull/js/browser.js';
import { el, $, setStatus, showError, clearStatus } from './dom.js';
import { setFields } from './check.js';

/** What the last mint made: { ca: { certificate, privateKey|null }, client: { certificate, privateKey } }. */
let minted = null;
let busy = false;
const status = () => $('[data-create-status]');

/** The files a mint offers, in order: [file name, text, what it is, secret?]. */
export function mintedFiles(m) {
  const files = [];
  if (m.ca.privateKey) files.push(['origin-ca.key', m.ca.privateKey, 'CA private key: keep it offline; it is needed only to issue the next client certificate', true]);
  files.push(['origin-ca.pem', m.ca.certificate, 'CA certificate: goes on your origin (the file its configuration names)', false]);
  files.push(['cloudflare-client.pem', m.client.certificate, 'Client certificate: uploaded to Cloudflare', false]);
  files.push(['cloudflare-client.key', m.client.privateKey, 'Client private key: uploaded to Cloudflare with its certificate', true]);
  return files;
}

function value(id) {
  return $(id).value.trim();
}

function days(id) {
  const text = value(id);
  return text === '' ? undefined : Number(text);
}

function useOwnCa() {
  return document.querySelector('input[name="ca-source"]:checked')?.value === 'own';
}

function forget() {
  minted = null;
  $('[data-created]').hidden = true;
  $('[data-downloads]').replaceChildren();
}

async function mint() {
  if (busy) return;
  busy = true;
  forget();
  const button = $('[data-action="mint"]');
  button.disabled = true;
  setStatus(status(), 'busy', 'Creating keys and certificates…');
  try {
    const keyType = $('#mint-key-type').value;
    let ca;
    if (useOwnCa()) {
      ca = { certificate: $('#own-ca-cert').value, privateKey: $('#own-ca-key').value, passphrase: $('#own-ca-passphrase').value || undefined };
    } else {
      ca = await createCA({ commonName: value('#ca-cn'), organization: value('#ca-org') || undefined, validityDays: days('#ca-days'), keyType });
    }
    const dnsNames = value('#client-dns').split(/[\s,]+/).filter(Boolean);
    const client = await issueClientCertificate({
      ca,
      commonName: value('#client-cn'),
      validityDays: days('#client-days'),
      keyType,
      dnsNames: dnsNames.length ? dnsNames : undefined,
    });
    // The user's own CA key stays in its field only; a new CA's key is offered once, here.
    minted = { ca: { certificate: ca.certificate, privateKey: useOwnCa() ? null : ca.privateKey }, client };
    if (useOwnCa()) $('#own-ca-passphrase').value = '';
    render();
    setStatus(status(), 'ok', useOwnCa() ? 'Client certificate created with your CA.' : 'CA and client certificate created.');
  } catch (e) {
    showError(status(), e, 'Could not create the certificates');
  } finally {
    busy = false;
    button.disabled = false;
  }
}

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/x-pem-file' }));
  const a = el('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function render() {
  const list = $('[data-downloads]');
  list.replaceChildren(
    ...mintedFiles(minted).map(([name, , what, secret]) =>
      el('li', { dataset: { file: name } },
        el('button', { type: 'button', dataset: { download: name }, class: secret ? 'secret' : null }, `Download ${name}`),
        ' ', what)),
  );
  $('[data-ca-key-warning]').hidden = !minted.ca.privateKey;
  $('[data-created]').hidden = false;
  renderConfig();
}

/** The origin's configuration for the chosen server, as text. */
export function renderConfig() {
  const out = $('[data-origin-config]');
  const hostnames = value('#origin-hostnames').split(/[\s,]+/).filter(Boolean);
  try {
    out.textContent = originConfig({
      server: $('#origin-server').value,
      caPath: value('#origin-ca-path') || undefined,
      hostnames: hostnames.length ? hostnames : undefined,
    });
    clearStatus($('[data-config-status]'));
  } catch (e) {
    out.textContent = '';
    showError($('[data-config-status]'), e, 'No configuration');
  }
}

/** The minted client certificate, its key and the CA go to the Check screen, for upload. */
function toCheck() {
  if (!minted) return;
  setFields({
    certificate: minted.client.certificate,
    privateKey: minted.client.privateKey,
    passphrase: '',
    caCertificates: minted.ca.certificate,
  });
  location.hash = '#check';
}

export function initCreate() {
  document.addEventListener('click', (e) => {
    const target = e.target.closest('button');
    if (!target || !target.closest('[data-screen="create"]')) return;
    if (target.dataset.action === 'mint') mint();
    else if (target.dataset.action === 'forget-keys') {
      forget();
      setStatus(status(), 'info', 'The keys are gone from this page.');
    } else if (target.dataset.action === 'to-check') toCheck();
    else if (target.dataset.download && minted) {
      const file = mintedFiles(minted).find(([name]) => name === target.dataset.download);
      if (file) download(file[0], file[1]);
    }
  });
  document.addEventListener('change', (e) => {
    if (e.target.name === 'ca-source') $('[data-own-ca]').hidden = !useOwnCa();
    if (e.target.closest?.('[data-origin-form]')) renderConfig();
  });
  document.addEventListener('input', (e) => {
    if (e.target.closest?.('[data-origin-form]')) renderConfig();
  });
  // Leaving the page drops the keys (a back/forward cache restore does not bring them back).
  window.addEventListener('pagehide', forget);
  renderConfig();
}
