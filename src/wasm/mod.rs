//! The only JavaScript boundary: every `#[wasm_bindgen]` export (one submodule per area),
//! input conversion, results as plain JS values (serde-wasm-bindgen, [`to_js`]), and errors
//! turned into JS `Error`s carrying a stable `code`. The module's start function installs
//! `console_error_panic_hook`; a trap (a panic under `panic = "abort"`, an out-of-memory) is
//! caught by the JS entry (js/core.js), which starts a fresh instance and throws `INTERNAL`.

use crate::error::Error;
use crate::input::Input;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[cfg(feature = "core-exports")]
mod api;
#[cfg(feature = "core-exports")]
mod client;
#[cfg(feature = "core-exports")]
mod inspect;
#[cfg(feature = "mint-exports")]
mod mint;
#[cfg(feature = "core-exports")]
mod origin;
#[cfg(feature = "core-exports")]
mod rotation;

/// Runs once per instance (wasm-bindgen's start function, also after js/core.js restarts the
/// module): a panic's message goes to `console.error` before the trap.
#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// Results as JS values: plain objects, `null` for `None` (never `undefined`), no `Map`s,
/// integers as numbers: what `JSON.parse` of the same value's JSON gave before.
///
/// Measured against the former JSON text plus PEM spans (one `JSON.parse`, PEM sliced out of
/// the caller's string), both builds in one process on the bench's 1000 certificates (four
/// calls of 250), 80 interleaved rounds: 13.3 against 11.8 ms per 1000 (median; 16 % of the
/// new time is wasm-bindgen's string decoding). `npm run bench` with `BASELINE`: 15.1 against
/// 14.6 ms, still 9.4x node:crypto and 70x @peculiar/x509, above the 5x and 50x targets, so
/// no faster path is kept.
const JS: serde_wasm_bindgen::Serializer = serde_wasm_bindgen::Serializer::json_compatible();

/// `value` as a JS value ([`JS`]). serde-wasm-bindgen refuses an integer beyond 2^53 as a JS
/// number, and such numbers can come from outside (a certificate's path length, a Cloudflare
/// code, a caller's `timeoutMs`): a value holding one is serialized again with 64-bit integers
/// as `BigInt`s (the same serializer code, another flag), which [`bigints_to_numbers`] then
/// turns into the nearest doubles, as `JSON.parse` made them before. (Going through a
/// `serde_json::Value` instead cost 12 KB of gzipped wasm: serde_json's value serializer
/// instantiated for every result type.) `INTERNAL` if the value still cannot be converted.
pub(crate) fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&JS)
        .or_else(|_| value.serialize(&JS_BIGINTS).map(bigints_to_numbers))
        .map_err(|e| js_error("INTERNAL", &format!("internal error: a result could not be converted: {e}")))
}

/// [`JS`] with every 64-bit integer as a `BigInt`: never refuses one.
const JS_BIGINTS: serde_wasm_bindgen::Serializer = JS.serialize_large_number_types_as_bigints(true);

/// `value` (made by [`JS_BIGINTS`]: plain objects, arrays, primitives) with each `BigInt` in it
/// replaced by the nearest number (`Number(big)`: `as` rounds to nearest, ties to even), in
/// place. Its `BigInt`s come from `i64`s and `u64`s.
fn bigints_to_numbers(value: JsValue) -> JsValue {
    if value.is_bigint() {
        let n = i64::try_from(value).map(|i| i as f64).or_else(|v| u64::try_from(v).map(|u| u as f64));
        return JsValue::from_f64(n.unwrap_or(f64::NAN));
    }
    if let Some(items) = value.dyn_ref::<js_sys::Array>() {
        for i in 0..items.length() {
            items.set(i, bigints_to_numbers(items.get(i)));
        }
    } else if let Some(object) = value.dyn_ref::<js_sys::Object>() {
        for key in js_sys::Object::keys(object).iter() {
            if let Ok(v) = js_sys::Reflect::get(object, &key) {
                set(object, &key, &bigints_to_numbers(v));
            }
        }
    }
    value
}

/// A JSON-shaped argument (API params and bodies, options, a saved rotation state) as the
/// core reads it: a [`serde_json::Value`], read from the JS value with serde-wasm-bindgen, no
/// JSON text in between. js/core.js hands over `jsonLike`'s copy, which means what the
/// value's JSON means: plain objects and arrays of strings, finite numbers, booleans and null,
/// no member whose value is `undefined` (serde-wasm-bindgen reads a present `undefined` as
/// null, and null means something in places: `enabled: null` voids a hostname), nested at
/// most 128 deep (this reader recurses). `what` names the argument in the error. Such a copy
/// always converts; a value that does not (a symbol or function, from a direct call of the
/// glue) is refused part-way, and what was read of it is dropped unwiped: the API's arguments
/// come through js/core.js.
#[cfg(feature = "core-exports")]
pub(crate) fn json_arg(value: JsValue, what: &str) -> Result<serde_json::Value, JsValue> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|_| js_error("INVALID_ARGUMENT", &format!("invalid argument: {what} must be a JSON-serialisable object")))
}

/// A JS `Error` with `code` set, from a core error.
pub(crate) fn js_error(code: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    // Setting a property on a fresh Error object cannot fail; ignore the Result regardless.
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
    err.into()
}

/// Set a property on an object made here (cannot fail; the Result is ignored regardless).
fn set(target: &JsValue, key: &JsValue, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, key, value);
}

impl From<Error> for JsValue {
    fn from(e: Error) -> Self {
        let err = js_error(e.code(), &e.to_string());
        // CF_API_ERROR carries its evidence as properties: status, errors, messages, rayId, hint.
        if let Error::CfApi { status, errors, messages, ray_id, hint, .. } = &e {
            set(&err, &"status".into(), &JsValue::from(*status));
            set(&err, &"errors".into(), &to_js(errors).unwrap_or(JsValue::NULL));
            set(&err, &"messages".into(), &to_js(messages).unwrap_or(JsValue::NULL));
            set(&err, &"rayId".into(), &ray_id.as_deref().map_or(JsValue::NULL, JsValue::from_str));
            set(&err, &"hint".into(), &hint.as_deref().map_or(JsValue::NULL, JsValue::from_str));
        }
        // VALIDATION_FAILED carries the codes of the error findings, most important first.
        if let Error::ValidationFailed { codes } = &e {
            set(&err, &"codes".into(), &to_js(codes).unwrap_or(JsValue::NULL));
        }
        // WORK_LIMIT_EXCEEDED: which limit, what the input needs, and the limit.
        if let Error::WorkLimit { what, needed, limit } = &e {
            let name = match *what {
                "signature verifications" => "signatures",
                "bytes of key-derivation memory" => "kdfMemory",
                _ => "kdfWork",
            };
            set(&err, &"limit".into(), &JsValue::from_str(name));
            set(&err, &"needed".into(), &JsValue::from_f64(*needed as f64));
            set(&err, &"allowed".into(), &JsValue::from_f64(*limit as f64));
        }
        err
    }
}

/// Input copied out of JavaScript, wiped when dropped (it may hold a private key).
pub(crate) enum OwnedInput {
    Text(String),
    Bytes(Vec<u8>),
}

impl Drop for OwnedInput {
    /// Wipes the buffer as one slice (zeroize's bulk fill, 16 bytes per volatile store):
    /// `Zeroizing<Vec<u8>>` writes byte by byte, 4% of inspecting a 1 MB bundle. The buffer
    /// never grew after it was filled (`to_vec` allocates its exact length), so no copy of it
    /// was left behind.
    fn drop(&mut self) {
        use zeroize::Zeroize;
        match self {
            Self::Text(t) => {
                let mut bytes = core::mem::take(t).into_bytes();
                bytes.as_mut_slice().zeroize();
            }
            Self::Bytes(b) => b.as_mut_slice().zeroize(),
        }
    }
}

// The minting module (`mint-exports` alone) reads its inputs with `from_js` only.
#[cfg_attr(not(feature = "core-exports"), allow(dead_code))]
impl OwnedInput {
    /// A JS string as text, a `Uint8Array` (or `ArrayBuffer`) as bytes; `what` names the
    /// argument in the error for anything else.
    pub(crate) fn from_js(value: &JsValue, what: &str) -> Result<Self, JsValue> {
        if let Some(s) = value.as_string() {
            return Ok(Self::Text(s));
        }
        let bytes = if let Some(a) = value.dyn_ref::<js_sys::Uint8Array>() {
            copy_in(a)?
        } else if let Some(b) = value.dyn_ref::<js_sys::ArrayBuffer>() {
            copy_in(&js_sys::Uint8Array::new(b))?
        } else {
            return Err(js_error("INVALID_ARGUMENT", &format!("{what} must be a string (PEM) or a Uint8Array (DER or PEM bytes)")));
        };
        Ok(Self::Bytes(bytes))
    }

    /// A `Uint8Array` of UTF-8 text (a JS string the wrapper encoded with `TextEncoder`, which
    /// copies into wasm memory natively instead of character by character) as text.
    pub(crate) fn from_js_utf8(value: &JsValue, what: &str) -> Result<Self, JsValue> {
        let Some(a) = value.dyn_ref::<js_sys::Uint8Array>() else {
            return Err(js_error("INVALID_ARGUMENT", &format!("{what}: UTF-8 text must come as a Uint8Array")));
        };
        match String::from_utf8(copy_in(a)?) {
            Ok(s) => Ok(Self::Text(s)),
            Err(e) => {
                zeroize::Zeroize::zeroize(e.into_bytes().as_mut_slice());
                Err(js_error("INVALID_ARGUMENT", &format!("{what} is not UTF-8 text")))
            }
        }
    }

    /// `None` for `undefined` or `null`.
    pub(crate) fn optional(value: &JsValue, what: &str) -> Result<Option<Self>, JsValue> {
        if value.is_undefined() || value.is_null() {
            Ok(None)
        } else {
            Self::from_js(value, what).map(Some)
        }
    }

    pub(crate) fn input(&self) -> Input<'_> {
        match self {
            Self::Text(t) => Input::Text(t),
            Self::Bytes(b) => Input::Bytes(b),
        }
    }
}

/// The bytes of `a` in wasm memory; `INPUT_TOO_LARGE` before copying anything above the
/// input limit (a huge array would otherwise grow the wasm memory just to be refused).
fn copy_in(a: &js_sys::Uint8Array) -> Result<Vec<u8>, JsValue> {
    let size = a.length() as usize;
    let limit = crate::input::MAX_INPUT_BYTES;
    if size > limit {
        return Err(Error::InputTooLarge { size, limit }.into());
    }
    Ok(a.to_vec())
}

/// Run `f` with the input as the core sees it.
#[cfg(feature = "core-exports")]
pub(crate) fn with_input<T>(value: &JsValue, text: bool, f: impl FnOnce(Input<'_>) -> Result<T, Error>) -> Result<T, JsValue> {
    let owned = if text { OwnedInput::from_js_utf8(value, "input")? } else { OwnedInput::from_js(value, "input")? };
    f(owned.input()).map_err(Into::into)
}
