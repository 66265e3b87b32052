//! Cloudflare API exports: `buildRequest` (a request as data, ready for `fetch`) and
//! `parseResponse` (Cloudflare's envelope read, failures as `CF_API_ERROR`).

use super::{js_error, to_js};
use crate::api::{self, Options};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use zeroize::Zeroize;

/// Parse a JSON argument made by js/core.js; `what` names it in the error.
pub(super) fn parse_arg(text: &str, what: &str) -> Result<Value, JsValue> {
    serde_json::from_str(text).map_err(|_| {
        js_error("INVALID_ARGUMENT", &format!("invalid argument: {what} must be a JSON-serialisable object"))
    })
}

/// `buildRequest(operationId, params, options)`: `{method, path, url, headers, body}`.
/// `params_json` may hold a private key and `options_json` a token: both are wiped once read.
// (Not a doc comment: wasm-bindgen copies those into the shipped glue.) Arguments the user writes as JSON-shaped objects (params, bodies, options, a saved rotation
// state) cross as JSON text (`JSON.stringify` in js/core.js), read by `serde_json`, which the
// core needs anyway (Cloudflare's bodies are JSON text): their meaning is JSON's (an
// `undefined` member is absent, `toJSON` is used, a BigInt or a cycle is refused).
//
// Not with serde-wasm-bindgen, measured in issue 11 (commit 3ee4df1 did it: a JS copy without
// `undefined` members, since serde-wasm-bindgen reads a present `undefined` as `null` and
// `enabled: null` voids a hostname; then `from_value` into the same `Value`, and the
// validation settings as one object): the shipped size went from 398,690 to 414,121 bytes
// gzip, over the 400 KB ceiling. Most of it is core's float formatting (`<f64 as Display>`
// and its `flt2dec` tables, about 17 KB raw), which serde-wasm-bindgen's type errors
// (`Unexpected::Float`) link in with any use of its `Deserializer`; the deserializer itself
// and the settings reader add about 9 KB raw. JSON text adds nothing to the module.
#[wasm_bindgen(js_name = buildRequest)]
pub fn build_request(operation_id: JsValue, mut params_json: String, mut options_json: String) -> Result<JsValue, JsValue> {
    let result = (|| {
        let op = operation_id
            .as_string()
            .ok_or_else(|| js_error("INVALID_ARGUMENT", "invalid argument: operationId must be a string"))?;
        let mut params = parse_arg(&params_json, "params")?;
        let built = api::build(&op, &params);
        api::wipe_strings(&mut params);
        let request = built?;
        let mut options = parse_arg(&options_json, "options")?;
        let parsed = Options::from_json(&options);
        api::wipe_strings(&mut options);
        let prepared = api::prepare(&request, &parsed?);
        to_js(&prepared)
    })();
    params_json.zeroize();
    options_json.zeroize();
    result
}

#[derive(Serialize)]
struct Parsed<'a> {
    result: &'a Value,
    result_info: Option<&'a Value>,
    messages: &'a [api::ApiMessage],
}

/// `parseResponse(status, rayId, body)`: `{result, result_info, messages}`; throws
/// `CF_API_ERROR` (with `status`, `errors`, `messages`, `rayId`, `hint`) on failure.
#[wasm_bindgen(js_name = parseResponse)]
pub fn parse_response(status: f64, ray_id: Option<String>, body: &str) -> Result<JsValue, JsValue> {
    if !(status.fract() == 0.0 && (100.0..=599.0).contains(&status)) {
        return Err(js_error("INVALID_ARGUMENT", "invalid argument: status must be an HTTP status code (100 to 599)"));
    }
    let status = status as u16;
    let env = api::parse_response(status, ray_id.as_deref(), body)?;
    to_js(&Parsed { result: &env.result, result_info: env.result_info.as_ref(), messages: &env.messages })
}
