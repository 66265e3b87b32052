//! The only JavaScript boundary: every `#[wasm_bindgen]` export (one submodule per area),
//! input conversion, and errors turned into JS `Error`s carrying a stable `code`. Results cross as one JSON string each
//! (parsed by the JS wrapper in `js/core.js`), which measured faster than building objects
//! field by field.

use crate::error::Error;
use crate::input::Input;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

mod api;
mod client;
mod inspect;
mod rotation;

/// A JS `Error` with `code` set, from a core error.
pub(crate) fn js_error(code: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    // Setting a property on a fresh Error object cannot fail; ignore the Result regardless.
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
    err.into()
}

/// Set a property on a fresh Error object (cannot fail; the Result is ignored regardless).
fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

/// A serialisable value as a JS value (through JSON); `null` if it cannot be serialised.
fn to_js<T: serde::Serialize>(value: &T) -> JsValue {
    serde_json::to_string(value).ok().and_then(|s| js_sys::JSON::parse(&s).ok()).unwrap_or(JsValue::NULL)
}

impl From<Error> for JsValue {
    fn from(e: Error) -> Self {
        let err = js_error(e.code(), &e.to_string());
        // CF_API_ERROR carries its evidence as properties: status, errors, messages, rayId, hint.
        if let Error::CfApi { status, errors, messages, ray_id, hint, .. } = &e {
            set(&err, "status", &JsValue::from(*status));
            set(&err, "errors", &to_js(errors));
            set(&err, "messages", &to_js(messages));
            set(&err, "rayId", &ray_id.as_deref().map_or(JsValue::NULL, JsValue::from_str));
            set(&err, "hint", &hint.as_deref().map_or(JsValue::NULL, JsValue::from_str));
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
pub(crate) fn with_input<T>(value: &JsValue, text: bool, f: impl FnOnce(Input<'_>) -> Result<T, Error>) -> Result<T, JsValue> {
    let owned = if text { OwnedInput::from_js_utf8(value, "input")? } else { OwnedInput::from_js(value, "input")? };
    f(owned.input()).map_err(Into::into)
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<String, JsValue> {
    serde_json::to_string(value).map_err(|e| js_error("INTERNAL", &e.to_string()))
}

