//! Cloudflare API exports: `buildRequest` (a request as data, ready for `fetch`) and
//! `parseResponse` (Cloudflare's envelope read, failures as `CF_API_ERROR`).

use super::{js_error, json_arg, to_js};
use crate::api::{self, Options};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// `buildRequest(operationId, params, options)`: `{method, path, url, headers, body}`.
/// `params` may hold a private key and `options` a token: both are JSON-shaped values
/// ([`json_arg`]), and the strings read out of them are wiped once used.
// (Not a doc comment: wasm-bindgen copies those into the shipped glue.) Arguments the user
// writes as JSON-shaped objects (params, bodies, options, a saved rotation state) cross as JS
// values (issue 11): js/core.js's `jsonLike` copy, which means what the value's JSON means (an
// `undefined` member is absent, `toJSON` is used, a BigInt or a cycle is refused), read into
// the same `serde_json::Value` as before by serde-wasm-bindgen ([`json_arg`]). No JSON text is
// made or parsed: each string is copied into wasm memory once, and no JS string holds the
// token or the key inside a whole JSON text until the garbage collector takes it.
//
// Size, measured on the core module (wasm-bindgen, `wasm-opt -Oz`, gzip -9): 432,478 bytes of
// wasm and 8,910 of glue with JSON text, 434,737 and 9,246 with JS values (+2,595 in all).
// Only `Value` is read (its visitor takes any number without an error), and the numbers that
// are arguments of their own (`now`, `expiryWarningDays`, the work limits) stay plain
// wasm-bindgen numbers: no typed serde struct. serde-wasm-bindgen is the patched copy in
// vendor/ (vendor/README.md): as published, its type errors format the value found (serde's
// `Unexpected`, whose `Display` covers floats), which links core's float formatting (`flt2dec`)
// with any use of its `Deserializer`: +12,328 bytes of gzipped wasm here, and +15 KB shipped
// when commit 3ee4df1 first did this with typed settings structs (reverted in 842c5a8).
#[wasm_bindgen(js_name = buildRequest)]
pub fn build_request(operation_id: JsValue, params: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let op = operation_id
        .as_string()
        .ok_or_else(|| js_error("INVALID_ARGUMENT", "invalid argument: operationId must be a string"))?;
    let mut params = json_arg(params, "params")?;
    let built = api::build(&op, &params);
    api::wipe_strings(&mut params);
    let request = built?;
    let mut options = json_arg(options, "options")?;
    let parsed = Options::from_json(&options);
    api::wipe_strings(&mut options);
    let prepared = api::prepare(&request, &parsed?);
    to_js(&prepared)
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
