//! Inspection exports.

use super::{to_json, with_input};
use wasm_bindgen::prelude::*;

/// `inspectCertificates(input)` as JSON text (the JS wrapper parses it).
#[wasm_bindgen(js_name = inspectCertificatesJson)]
pub fn inspect_certificates_json(input: JsValue) -> Result<String, JsValue> {
    with_input(&input, |i| crate::inspect_certificates(i)).and_then(|certs| to_json(&certs))
}
