//! Cloudflare API exports: `buildRequest` (a request as data, ready for `fetch`) and
//! `parseResponse` (Cloudflare's envelope read, failures as `CF_API_ERROR`).

use super::{js_error, json_arg, to_js};
use crate::api::{self, Options};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// `buildRequest(operationId, params, options)`: `{method, path, url, headers, body}`.
/// `params` may hold a private key and `options` a token: the strings read out of them are
/// wiped once used. Both are JSON-like values ([`json_arg`]: js/core.js's copy, in which an
/// `undefined` member is absent, as in JSON).
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
