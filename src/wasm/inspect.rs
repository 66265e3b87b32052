//! Inspection and validation exports.

use super::{js_error, to_json, with_input, OwnedInput};
use crate::check::{Options, Scope, Upload};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

/// `inspectCertificates(input)` as [`with_pems`] text (the JS wrapper parses it). `text`: the
/// input is a `Uint8Array` of UTF-8 text (how the wrapper passes a JS string).
#[wasm_bindgen(js_name = inspectCertificatesJson)]
pub fn inspect_certificates_json(input: JsValue, text: bool) -> Result<String, JsValue> {
    let (mut certs, spans) = with_input(&input, text, |input| {
        // The wrapper can slice a span out of its own string only when it passed one and the
        // text is ASCII (UTF-8 and UTF-16 offsets agree); otherwise the PEM comes with the result.
        if !(text && input.text().is_some_and(str::is_ascii)) {
            return crate::inspect_certificates(input).map(|certs| (certs, Vec::new()));
        }
        let found = crate::inspect::inspect_certificates_in_place(input)?;
        Ok(found.into_iter().map(|(cert, span)| (cert, span.map(|r| [r.start, r.end]))).unzip())
    })?;
    with_pems(&mut certs, |c| c, &spans)
}

/// `inspect(input, { passphrase })` as [`with_pems`] text.
#[wasm_bindgen(js_name = inspectJson)]
pub fn inspect_json(input: JsValue, text: bool, passphrase: Option<String>) -> Result<String, JsValue> {
    let passphrase = passphrase.map(Zeroizing::new);
    let mut inspection = with_input(&input, text, |i| crate::inspect(i, passphrase.as_deref().map(String::as_str)))?;
    with_pems(&mut inspection, |i| &mut i.certificates, &[])
}

/// Three parts, each of the first two on one line: `value` as JSON with its certificates'
/// `pem` fields emptied; for each certificate, `[start, end]` when its PEM (but for the final
/// line break) is that range of the caller's input string, else `null` (a JSON array, `[]`
/// for all `null`); then the other PEM texts in order, each ending with its END line. The PEM
/// text (most of the result) is then neither escaped here nor unescaped by `JSON.parse`, and
/// where the input already holds it, not even copied. JSON text holds no raw line break.
fn with_pems<T: serde::Serialize>(
    value: &mut T,
    certificates: impl FnOnce(&mut T) -> &mut Vec<crate::cert::CertificateInfo>,
    spans: &[Option<[usize; 2]>],
) -> Result<String, JsValue> {
    let pems: Vec<String> = certificates(value).iter_mut().map(|c| core::mem::take(&mut c.pem)).collect();
    let mut out = to_json(value)?;
    out.push('\n');
    out.push_str(&to_json(&spans)?);
    out.reserve(1 + pems.iter().map(String::len).sum::<usize>());
    out.push('\n');
    for pem in &pems {
        out.push_str(pem);
    }
    Ok(out)
}

/// `validateUpload(...)` as JSON text. The report may hold the decrypted key (its payload), so
/// the wasm-side JSON is written without reallocation and wiped once it has been handed to
/// JavaScript.
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
    let mut report = crate::validate_upload(&upload, &opts)?;
    // Written once at its final size (no reallocation leaves a copy of the key), wiped on drop.
    let json = report.to_json().map_err(|e| js_error("INTERNAL", &e.to_string()))?;
    let text = core::str::from_utf8(&json).map_err(|e| js_error("INTERNAL", &e.to_string()))?;
    Ok(JsValue::from_str(text))
}
