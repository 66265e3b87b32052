//! Inspection and validation exports.

use super::{js_error, to_json, with_input, OwnedInput};
use crate::check::{Options, Scope, Upload};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

/// `inspectCertificates(input)` as JSON text (the JS wrapper parses it).
#[wasm_bindgen(js_name = inspectCertificatesJson)]
pub fn inspect_certificates_json(input: JsValue) -> Result<String, JsValue> {
    with_input(&input, crate::inspect_certificates).and_then(|certs| to_json(&certs))
}

/// `inspect(input, { passphrase })` as JSON text.
#[wasm_bindgen(js_name = inspectJson)]
pub fn inspect_json(input: JsValue, passphrase: Option<String>) -> Result<String, JsValue> {
    let passphrase = passphrase.map(Zeroizing::new);
    with_input(&input, |i| crate::inspect(i, passphrase.as_deref().map(String::as_str)))
        .and_then(|r| to_json(&r))
}

/// `validateUpload(...)` as JSON text. The report may hold the decrypted key (its payload), so
/// the wasm-side copy of the JSON is wiped once it has been handed to JavaScript.
#[wasm_bindgen(js_name = validateUploadJson)]
#[allow(clippy::too_many_arguments)]
pub fn validate_upload_json(
    certificate: JsValue,
    private_key: JsValue,
    passphrase: Option<String>,
    ca_certificates: Option<String>,
    scope: Option<String>,
    now_ms: f64,
    expiry_warning_days: u32,
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
    let report = crate::validate_upload(&upload, &opts)?;
    let json = Zeroizing::new(serde_json::to_string(&report).map_err(|e| js_error("INTERNAL", &e.to_string()))?);
    Ok(JsValue::from_str(&json))
}
