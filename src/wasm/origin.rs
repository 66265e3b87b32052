//! The origin's side: `originConfig` (the configuration text for a server).

use wasm_bindgen::prelude::*;

/// `originConfig({ server, caPath, hostnames })`: the text to paste. js/core.js checked the
/// types (strings, an array of strings); the core checks the values.
#[wasm_bindgen(js_name = originConfig)]
pub fn origin_config(server: String, ca_path: Option<String>, hostnames: Vec<String>) -> Result<String, JsValue> {
    crate::origin_config(&server, ca_path.as_deref(), &hostnames).map_err(Into::into)
}
