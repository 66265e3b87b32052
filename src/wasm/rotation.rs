//! Rotation exports: `planRotation` (the dry run) and `WasmClient.rotate`, which drives the
//! core's [`Rotation`] over the Client's own transport, so the private key and the token never
//! come back to JavaScript: JS only sees progress events and the result (both without key).

use super::client::{exchange, now_ms, Client, Inner};
use super::{js_error, json_arg, to_js, OwnedInput};
use crate::api;
use crate::check;
use crate::rotation::{self, NewCertificate, Options, Rotation, RotationState, Scope, Step};
use js_sys::{Function, Promise, Reflect};
use serde_json::Value;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use zeroize::Zeroizing;

fn invalid(detail: &str) -> JsValue {
    js_error("INVALID_ARGUMENT", &format!("invalid argument: {detail}"))
}

/// The options as the core reads them (a JSON-shaped value, [`json_arg`]; it holds no
/// secret: js/core.js takes the certificate, key and passphrase out).
fn options(raw: &Value) -> Result<Options, JsValue> {
    Ok(Options::from_json(raw)?)
}

/// The certificate, key and validation settings, copied out of JavaScript (wiped on drop).
struct Secrets {
    certificate: Option<OwnedInput>,
    private_key: Option<OwnedInput>,
    passphrase: Option<Zeroizing<String>>,
    ca_certificates: Option<String>,
    now_s: i64,
}

impl Secrets {
    fn read(
        certificate: &JsValue,
        private_key: &JsValue,
        passphrase: Option<String>,
        ca_certificates: Option<String>,
        now_ms: f64,
    ) -> Result<Self, JsValue> {
        if !now_ms.is_finite() {
            return Err(invalid("now must be a valid time"));
        }
        Ok(Self {
            certificate: OwnedInput::optional(certificate, "certificate")?,
            private_key: OwnedInput::optional(private_key, "privateKey")?,
            passphrase: passphrase.map(Zeroizing::new),
            ca_certificates,
            now_s: (now_ms / 1000.0).floor() as i64,
        })
    }

    fn new_certificate(&self, scope: Scope) -> NewCertificate<'_> {
        NewCertificate {
            upload: check::Upload {
                certificate: self.certificate.as_ref().map(OwnedInput::input),
                private_key: self.private_key.as_ref().map(OwnedInput::input),
                passphrase: self.passphrase.as_deref().map(String::as_str),
                ca_certificates: self.ca_certificates.as_deref(),
                scope: match scope {
                    Scope::Zone => check::Scope::Zone,
                    Scope::Hostname => check::Scope::Hostname,
                },
            },
            validate: check::Options { now: self.now_s, expiry_warning_days: 30 },
        }
    }
}

/// `planRotation(options)`: every request of a successful rotation, in order,
/// the key `[REDACTED]`. Nothing is sent.
#[wasm_bindgen(js_name = planRotation)]
pub fn plan_rotation(
    options: JsValue,
    certificate: JsValue,
    private_key: JsValue,
    passphrase: Option<String>,
    ca_certificates: Option<String>,
    now_ms: f64,
) -> Result<JsValue, JsValue> {
    let options = self::options(&json_arg(options, "options")?)?;
    let secrets = Secrets::read(&certificate, &private_key, passphrase, ca_certificates, now_ms)?;
    let steps = rotation::plan(&options, &secrets.new_certificate(options.scope))?;
    to_js(&steps)
}

/// A saved state as `options.state` gives it: its JSON text, or the object itself (a
/// JSON-shaped value, [`json_arg`]).
fn saved_state(state: JsValue) -> Result<RotationState, JsValue> {
    let value = match state.as_string() {
        Some(text) => {
            serde_json::from_str(&text).map_err(|_| invalid("options.state is not a saved rotation state (not JSON)"))?
        }
        None => json_arg(state, "options.state")?,
    };
    Ok(RotationState::from_json(&value)?)
}

/// Start or resume: a saved state (`undefined` when there is none) resumes; the options'
/// `scope` and `zoneId`, when given, must then match it.
fn rotation_for(raw: &Value, secrets: &Secrets, state: JsValue, now: u64) -> Result<Rotation, JsValue> {
    if state.is_undefined() || state.is_null() {
        let options = options(raw)?;
        return Ok(Rotation::new(&options, &secrets.new_certificate(options.scope), now)?);
    }
    let state = saved_state(state)?;
    let zone = raw.get("zoneId").and_then(Value::as_str);
    if zone.is_some_and(|z| !z.eq_ignore_ascii_case(&state.zone_id)) {
        return Err(invalid("options.zoneId is not the zone of options.state"));
    }
    let scope = match raw.get("scope").and_then(Value::as_str) {
        Some("zone") => Some(Scope::Zone),
        Some("hostname") => Some(Scope::Hostname),
        _ => None,
    };
    if scope.is_some_and(|s| s != state.scope) {
        return Err(invalid("options.scope is not the scope of options.state"));
    }
    let timeout = match raw.get("timeoutMs") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_u64().ok_or_else(|| invalid("options.timeoutMs must be a whole number of milliseconds"))?),
    };
    let new = (secrets.certificate.is_some() && secrets.private_key.is_some()).then(|| secrets.new_certificate(state.scope));
    Ok(Rotation::resume(state, new.as_ref(), timeout, now)?)
}

#[wasm_bindgen(js_class = WasmClient)]
impl Client {
    /// Run a rotation to its end with this client's transport: a Promise of the result (also
    /// when it failed or rolled back: see `ok` and `outcome`). `options` as for
    /// `planRotation`; `state`: a saved state (its JSON text or the object), or undefined.
    /// `on_event` is called with each progress event. Invalid options, a refused certificate
    /// (`VALIDATION_FAILED`) or an unusable state reject before anything is sent. `signal`
    /// (an `AbortSignal`, or undefined) stops the rotation resumably between two requests and
    /// cuts a wait short.
    #[allow(clippy::too_many_arguments)]
    pub fn rotate(
        &self,
        options: JsValue,
        certificate: JsValue,
        private_key: JsValue,
        passphrase: Option<String>,
        ca_certificates: Option<String>,
        state: JsValue,
        now_ms: f64,
        on_event: Option<Function>,
        signal: JsValue,
    ) -> Promise {
        let started = (|| {
            let secrets = Secrets::read(&certificate, &private_key, passphrase, ca_certificates, now_ms)?;
            let raw = json_arg(options, "options")?;
            let now = now_ms_or(now_ms);
            rotation_for(&raw, &secrets, state, now)
        })();
        let inner = Rc::clone(&self.inner);
        future_to_promise(async move {
            let rotation = started?.with_policy(inner.policy);
            drive(&inner, rotation, on_event.as_ref(), &signal).await
        })
    }
}

fn now_ms_or(fallback: f64) -> u64 {
    now_ms().unwrap_or(if fallback.is_finite() && fallback >= 0.0 { fallback as u64 } else { 0 })
}

fn emit(rotation: &mut Rotation, on_event: Option<&Function>) {
    let events = rotation.take_events();
    let Some(f) = on_event else { return };
    for e in events {
        if let Ok(event) = to_js(&e) {
            // A throwing callback must not stop the rotation (js/core.js catches, too).
            let _ = f.call1(&JsValue::NULL, &event);
        }
    }
}

/// Whether the `AbortSignal` (if any) has fired.
fn aborted(signal: &JsValue) -> bool {
    !signal.is_undefined()
        && !signal.is_null()
        && Reflect::get(signal, &JsValue::from_str("aborted")).ok().is_some_and(|v| v.is_truthy())
}

/// Wait `ms`, or less if `signal` fires first.
async fn sleep_unless_aborted(ms: u32, signal: &JsValue) {
    let wait = Promise::new(&mut |resolve, _reject| {
        let _ = set_timeout(&resolve, i32::try_from(ms).unwrap_or(i32::MAX));
        if signal.is_object() {
            let add = Reflect::get(signal, &JsValue::from_str("addEventListener"))
                .ok()
                .and_then(|f| f.dyn_into::<Function>().ok());
            if let Some(add) = add {
                let once = js_sys::Object::new();
                let _ = Reflect::set(&once, &JsValue::from_str("once"), &JsValue::TRUE);
                let _ = add.call3(signal, &JsValue::from_str("abort"), &resolve, &once);
            }
        }
    });
    let _ = JsFuture::from(wait).await;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: i32) -> JsValue;
}

async fn drive(
    inner: &Inner,
    mut rotation: Rotation,
    on_event: Option<&Function>,
    signal: &JsValue,
) -> Result<JsValue, JsValue> {
    loop {
        emit(&mut rotation, on_event);
        let now = now_ms_or(0.0);
        if aborted(signal) {
            rotation.abort(now);
        }
        let prepared = match rotation.poll(now) {
            Step::Send(request) => api::prepare(request, &inner.options),
            Step::Wait(ms) => {
                emit(&mut rotation, on_event);
                sleep_unless_aborted(ms, signal).await;
                continue;
            }
            Step::Done(result) => {
                emit(&mut rotation, on_event);
                return to_js(&*result);
            }
        };
        emit(&mut rotation, on_event);
        exchange(inner, &prepared, |reply, jitter, at| rotation.handle(reply, jitter, at.unwrap_or(now))).await;
    }
}
