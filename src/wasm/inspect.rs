//! Inspection and validation exports.

use super::{js_error, to_js, with_input, OwnedInput, Settings};
use crate::check::{Options, Scope, Upload};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

/// `inspectCertificates(input)`: `CertificateInfo[]`. `text`: the input is a `Uint8Array` of
/// UTF-8 text (how the wrapper passes a JS string).
#[wasm_bindgen(js_name = inspectCertificates)]
pub fn inspect_certificates(input: JsValue, text: bool) -> Result<JsValue, JsValue> {
    to_js(&with_input(&input, text, crate::inspect_certificates)?)
}

/// `inspect(input, { passphrase })`: the `Inspection`. `options`: `{ passphrase? }`.
#[wasm_bindgen(js_name = inspect)]
pub fn inspect(input: JsValue, text: bool, options: JsValue) -> Result<JsValue, JsValue> {
    #[derive(serde::Deserialize)]
    struct Options {
        #[serde(default)]
        passphrase: Option<Zeroizing<String>>,
    }
    let options: Options = serde_wasm_bindgen::from_value(options)
        .map_err(|e| js_error("INVALID_ARGUMENT", &format!("invalid argument: {e}")))?;
    let passphrase = options.passphrase.as_deref().map(String::as_str);
    to_js(&with_input(&input, text, |i| crate::inspect(i, passphrase))?)
}

/// `validateUpload(...)`: the `Report`. `settings`: `{ passphrase?, caCertificates?, scope?,
/// expiryWarningDays?, now }` ([`Settings`]). The report may hold the decrypted key (its
/// payload): it is read straight out of the report's own (wiped) buffer into a JS string, with
/// no intermediate copy in wasm memory.
#[wasm_bindgen(js_name = validateUpload)]
pub fn validate_upload(certificate: JsValue, private_key: JsValue, settings: JsValue) -> Result<JsValue, JsValue> {
    let settings = Settings::read(settings)?;
    let scope = match settings.scope.as_deref() {
        None | Some("zone") => Scope::Zone,
        Some("hostname") => Scope::Hostname,
        Some(other) => {
            return Err(js_error("INVALID_ARGUMENT", &format!("scope must be 'zone' or 'hostname', not '{other}'")))
        }
    };
    let opts = Options { now: settings.now_s(), expiry_warning_days: settings.expiry_warning_days.unwrap_or(30) };
    let certificate = OwnedInput::optional(&certificate, "certificate")?;
    let private_key = OwnedInput::optional(&private_key, "privateKey")?;
    let upload = Upload {
        certificate: certificate.as_ref().map(OwnedInput::input),
        private_key: private_key.as_ref().map(OwnedInput::input),
        passphrase: settings.passphrase(),
        ca_certificates: settings.ca_certificates.as_deref(),
        scope,
    };
    to_js(&crate::validate_upload(&upload, &opts)?)
}
