// The Check screen's heavy work off the main thread: inspecting and validating what the form
// holds (decrypting a key can take seconds: 10 million PBKDF2 iterations). One request at a
// time; check.js ends this worker and starts another when newer input arrives. The upload
// body (with the unencrypted key) never leaves this worker: only `payload: { ready: true }`.
// The handler is set before the module (and its wasm, top-level await) has loaded: a message
// that arrives meanwhile waits for it instead of being dropped.
const core = import('./originpull/js/browser.js');

self.onmessage = async ({ data }) => {
  const { id, input } = data;
  try {
    const { validateUpload, inspect } = await core;
    let report;
    if (input.kind === 'key') {
      const i = inspect(input.privateKey, { passphrase: input.passphrase });
      report = { ok: false, findings: [], certificates: i.certificates, key: i.privateKeys[0] ?? null, payload: null, leaf: null, chain: [] };
    } else {
      report = validateUpload(input.upload);
      report.payload = report.payload ? { ready: true } : null;
    }
    self.postMessage({ id, report });
  } catch (e) {
    self.postMessage({ id, error: { code: e?.code, message: e?.message ?? String(e) } });
  }
};
