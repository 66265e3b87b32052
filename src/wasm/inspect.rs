//! Inspection and validation exports.

use super::{js_error, to_js, with_input, OwnedInput};
use crate::check::{Options, Scope, Upload};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

/// `inspectCertificates(input)`: `CertificateInfo[]`. `text`: the input is a `Uint8Array` of
/// UTF-8 text (how the wrapper passes a JS string).
#[wasm_bindgen(js_name = inspectCertificates)]
pub fn inspect_certificates(input: JsValue, text: bool) -> Result<JsValue, JsValue> {
    to_js(&with_input(&input, text, crate::inspect_certificates)?)
}

/// `options.limits` as js/core.js passes it: three numbers (whole, >= 0) or undefined.
fn limits(kdf_work: Option<f64>, kdf_memory: Option<f64>, signatures: Option<f64>) -> crate::Limits {
    // js/core.js checked them; the casts saturate.
    let n = |v: Option<f64>| v.map(|x| x as u64);
    crate::Limits { kdf_work: n(kdf_work), kdf_memory: n(kdf_memory), signatures: n(signatures) }
}

/// `inspect(input, { passphrase, limits })`: the `Inspection`.
#[wasm_bindgen(js_name = inspect)]
pub fn inspect(
    input: JsValue,
    text: bool,
    passphrase: Option<String>,
    kdf_work: Option<f64>,
    kdf_memory: Option<f64>,
    signatures: Option<f64>,
) -> Result<JsValue, JsValue> {
    let passphrase = passphrase.map(Zeroizing::new);
    let limits = limits(kdf_work, kdf_memory, signatures);
    to_js(&with_input(&input, text, |i| crate::inspect_limited(i, passphrase.as_deref().map(String::as_str), &limits))?)
}

/// `validateUpload(...)`: the `Report`. The report may hold the decrypted key (its payload):
/// it is read straight out of the report's own (wiped) buffer into a JS string, with no
/// intermediate copy in wasm memory.
#[wasm_bindgen(js_name = validateUpload)]
#[allow(clippy::too_many_arguments)]
pub fn validate_upload(
    certificate: JsValue,
    private_key: JsValue,
    passphrase: Option<String>,
    ca_certificates: Option<String>,
    scope: Option<String>,
    now_ms: f64,
    expiry_warning_days: u32,
    kdf_work: Option<f64>,
    kdf_memory: Option<f64>,
    signatures: Option<f64>,
) -> Result<JsValue, JsValue> {
    let passphrase = passphrase.map(Zeroizing::new);
    let scope = match scope.as_deref() {
        None | Some("zone") => Scope::Zone,
        Some("hostname") => Scope::Hostname,
        Some(other) => {
            return Err(js_error("INVALID_ARGUMENT", &format!("scope must be 'zone' or 'hostname', not '{other}'")))
        }
    };
    if !now_ms.is_finite() {
        return Err(js_error("INVALID_ARGUMENT", "now must be a valid time"));
    }
    // Whole seconds are what validity dates carry.
    let opts = Options { now: (now_ms / 1000.0).floor() as i64, expiry_warning_days };
    let certificate = OwnedInput::optional(&certificate, "certificate")?;
    let private_key = OwnedInput::optional(&private_key, "privateKey")?;
    let upload = Upload {
        certificate: certificate.as_ref().map(OwnedInput::input),
        private_key: private_key.as_ref().map(OwnedInput::input),
        passphrase: passphrase.as_deref().map(String::as_str),
        ca_certificates: ca_certificates.as_deref(),
        scope,
    };
    to_js(&crate::validate_upload_limited(&upload, &opts, &limits(kdf_work, kdf_memory, signatures))?)
}
