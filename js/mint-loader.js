// How the minting module is loaded (internal: not part of the API, the entries re-export
// core.js only). Minting (createCA, issueClientCertificate, createCertificateRequest) is a
// second wasm module, pkg/originpull_mint_bg.wasm with its glue pkg/originpull_mint.js, so that
// what every entry loads at start (the checking core) stays small. Each runtime entry
// registers how its runtime gets that module (node.js reads the file, browser.js fetches it,
// workerd.js instantiates the one wrangler bundled); core.js asks for it on the first minting
// call.

let loader;
let loading;

/**
 * Register this runtime's loader: `load()` resolves with the minting glue module, initialised.
 * @param {() => Promise<typeof import('../pkg/originpull_mint.js')>} load
 */
export function setMintLoader(load) {
  loader = load;
  loading = undefined;
}

/**
 * The minting glue, initialised: loaded on the first call, the same promise afterwards. A
 * failed load is not kept (a browser's fetch can fail once and work the next time): the next
 * call tries again. Rejects with what the loader threw; core.js turns it into INTERNAL.
 */
export function mintModule() {
  if (!loading) {
    const load = loader;
    const attempt = (async () => {
      if (!load) throw new Error('no runtime entry registered a loader: import originpull through its package entry');
      return load();
    })();
    attempt.catch(() => {
      if (loading === attempt) loading = undefined;
    });
    loading = attempt;
  }
  return loading;
}
