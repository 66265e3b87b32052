//! The Cloudflare API Client's transport: it runs an [`api::Call`] (the core decides what to
//! send, when to retry and how an upload stays at most once) and only does the I/O: the
//! user's `fetch` option, or else requests built and responses read with gloo-net 0.7 over the
//! global fetch (browsers, Node 20, workerd; fetch's own error kept as a failure's `cause`), time-outs with
//! an `AbortController`, waits with `setTimeout`, jitter from `Math.random`, the clock from
//! `Date.now`. The token lives here as an [`ApiToken`] and is removed from every error text.

use super::{js_error, json_arg, to_js};
use crate::api::{self, ApiToken, Call, Method, Next, Options, Prepared, Reply, RetryPolicy};
use js_sys::{Function, Object, Promise, Reflect};
use serde_json::Value;
use std::borrow::Cow;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::AbortController;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &JsValue, ms: i32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// `timeoutMs` when not given: per attempt, from sending to the last byte of the body.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// Most `retries` accepted (each waits up to a minute).
pub const MAX_RETRIES: u32 = 10;
/// setTimeout's largest delay.
const MAX_TIMEOUT_MS: u32 = 2_147_483_647;

pub(super) struct Inner {
    pub(super) options: Options,
    timeout_ms: u32,
    pub(super) policy: RetryPolicy,
    /// The `fetch` option; `None`: gloo-net over the global fetch.
    fetch: Option<Function>,
}

impl Inner {
    fn token(&self) -> Option<&ApiToken> {
        self.options.token.as_ref()
    }

    /// Text from the network (error messages, response bodies that end up in errors) with
    /// the token replaced, should a server or runtime ever echo it.
    fn scrub<'a>(&self, text: &'a str) -> Cow<'a, str> {
        match self.token() {
            Some(t) if text.contains(t.expose()) => Cow::Owned(text.replace(t.expose(), "<redacted>")),
            _ => Cow::Borrowed(text),
        }
    }
}

/// The wasm side of `Client` (js/core.js wraps it): options are read once, the token is kept
/// as an [`ApiToken`] (never serialised, wiped on drop).
#[wasm_bindgen(js_name = WasmClient)]
pub struct Client {
    pub(super) inner: Rc<Inner>,
}

fn invalid(detail: &str) -> JsValue {
    js_error("INVALID_ARGUMENT", &format!("invalid argument: {detail}"))
}

/// A whole number option in `range`, or `default` when absent.
fn number_option(options: &Value, name: &str, default: u32, min: u32, max: u32) -> Result<u32, JsValue> {
    match options.get(name) {
        None | Some(Value::Null) => Ok(default),
        Some(v) => v
            .as_f64()
            .filter(|f| f.fract() == 0.0 && *f >= f64::from(min) && *f <= f64::from(max))
            .map(|f| f as u32)
            .ok_or_else(|| invalid(&format!("options.{name} must be a whole number from {min} to {max}"))),
    }
}

#[wasm_bindgen(js_class = WasmClient)]
impl Client {
    /// `options`: `{token?, baseUrl?, timeoutMs?, retries?}`, a JSON-shaped value ([`json_arg`];
    /// its strings wiped once read); `fetch`: a function used instead of the global fetch, or
    /// undefined.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue, fetch: JsValue) -> Result<Client, JsValue> {
        let mut raw = json_arg(options, "options")?;
        let parsed = Options::from_json(&raw);
        let timeout_ms = number_option(&raw, "timeoutMs", DEFAULT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS);
        let retries = number_option(&raw, "retries", RetryPolicy::default().retries, 0, MAX_RETRIES);
        api::wipe_strings(&mut raw);
        let fetch = if fetch.is_undefined() || fetch.is_null() {
            None
        } else {
            Some(fetch.dyn_into::<Function>().map_err(|_| invalid("options.fetch must be a function"))?)
        };
        Ok(Client {
            inner: Rc::new(Inner {
                options: parsed?,
                timeout_ms: timeout_ms?,
                policy: RetryPolicy {
                    retries: retries?,
                    ..RetryPolicy::default()
                },
                fetch,
            }),
        })
    }

    /// Run one operation (`operationId` of the schema, params with the schema's names as for
    /// `buildRequest`, a JSON-shaped value): a Promise of the `result`. Bad ids and arguments
    /// reject with `INVALID_ARGUMENT` before anything is sent; the strings read out of
    /// `params` are wiped once used.
    pub fn call(&self, operation_id: String, params: JsValue) -> Promise {
        let policy = self.inner.policy;
        let call = json_arg(params, "params").and_then(|mut params| {
            let built = api::build(&operation_id, &params);
            api::wipe_strings(&mut params);
            Ok(Call::new(built?, policy))
        });
        let inner = Rc::clone(&self.inner);
        future_to_promise(async move { run(&inner, call?).await })
    }
}

/// Drive the call: send, wait, until the core says it is done.
async fn run(inner: &Inner, mut call: Call) -> Result<JsValue, JsValue> {
    // The JS error behind the last attempt's network failure, for NETWORK_ERROR's `cause`.
    let mut cause = None;
    loop {
        match call.poll() {
            Next::Send(request) => {
                let prepared = api::prepare(request, &inner.options);
                cause = exchange(inner, &prepared, |reply, jitter, now_ms| call.handle(reply, jitter, now_ms)).await;
            }
            Next::Wait(ms) => sleep(ms).await,
            Next::Done(result) => {
                return result.map_err(|e| with_cause(e, cause.take())).and_then(|v| to_js(&v))
            }
        }
    }
}

/// `e` as a JS error; a `NETWORK_ERROR` with the JS error behind it (fetch's rejection) as
/// its `cause`, so callers can tell a DNS failure from a refused connection.
fn with_cause(e: crate::Error, cause: Option<JsValue>) -> JsValue {
    let network = matches!(e, crate::Error::Network { .. });
    let err = JsValue::from(e);
    if let (true, Some(cause)) = (network, cause) {
        let _ = Reflect::set(&err, &JsValue::from_str("cause"), &cause);
    }
    err
}

/// The current time in epoch milliseconds (`Date.now`), `None` if unusable.
pub(super) fn now_ms() -> Option<u64> {
    let now = js_sys::Date::now();
    (now.is_finite() && now >= 0.0).then_some(now as u64)
}

/// Send one prepared request (dropped once sent: it may hold a key) and report what
/// happened to `handle`, with the jitter and the clock. Shared by [`run`] and the rotation
/// driver (`super::rotation`). Returns the JS error behind a network failure (what fetch
/// threw or rejected with), unless its text holds the token; `None` for any other answer.
pub(super) async fn exchange(
    inner: &Inner,
    prepared: &Prepared,
    handle: impl FnOnce(Reply<'_>, f64, Option<u64>),
) -> Option<JsValue> {
    let answer = send(inner, prepared).await;
    let jitter = js_sys::Math::random();
    let now = now_ms();
    match &answer {
        Answer::Response {
            status,
            retry_after,
            ray_id,
            body,
        } => handle(
            Reply::Response {
                status: *status,
                retry_after: retry_after.as_deref(),
                ray_id: ray_id.as_deref(),
                body: &inner.scrub(body),
            },
            jitter,
            now,
        ),
        Answer::Network(detail, cause) => {
            let detail = inner.scrub(detail);
            let clean = matches!(detail, Cow::Borrowed(_)) && !cause.is_undefined();
            handle(Reply::NetworkError { detail: &detail }, jitter, now);
            return clean.then(|| cause.clone());
        }
        Answer::Timeout => handle(
            Reply::Timeout {
                after_ms: u64::from(inner.timeout_ms),
            },
            jitter,
            now,
        ),
    }
    None
}

/// What came back from one attempt.
enum Answer {
    Response {
        status: u16,
        retry_after: Option<String>,
        ray_id: Option<String>,
        body: String,
    },
    /// What went wrong, and the JS error behind it (`undefined` when there is none).
    Network(String, JsValue),
    Timeout,
}

/// Why an attempt got no response.
enum Failed {
    /// As [`Answer::Network`].
    Network(String, JsValue),
    Timeout,
}

pub(super) async fn sleep(ms: u32) {
    let wait = Promise::new(&mut |resolve, _reject| {
        set_timeout(&JsValue::from(resolve), i32::try_from(ms).unwrap_or(i32::MAX));
    });
    let _ = JsFuture::from(wait).await;
}

/// `name: message` of a JS error, with its `cause` (Node's `fetch failed` says why there).
fn describe(e: &JsValue) -> String {
    let text = |v: &JsValue| -> Option<String> {
        let err = v.dyn_ref::<js_sys::Error>()?;
        Some(format!("{}: {}", String::from(err.name()), String::from(err.message())))
    };
    match (text(e), e.as_string()) {
        (Some(t), _) => match Reflect::get(e, &JsValue::from_str("cause"))
            .ok()
            .as_ref()
            .and_then(text)
        {
            Some(cause) => format!("{t} ({cause})"),
            None => t,
        },
        (None, Some(s)) => s,
        (None, None) => "the request failed without an error message".to_owned(),
    }
}

async fn send(inner: &Inner, p: &Prepared) -> Answer {
    let controller = match AbortController::new() {
        Ok(c) => c,
        Err(e) => return Answer::Network(format!("AbortController is not available ({})", describe(&e)), e),
    };
    let outcome = match &inner.fetch {
        Some(fetch) => send_with(fetch, p, &controller, inner.timeout_ms).await,
        None => send_gloo(p, &controller, inner.timeout_ms).await,
    };
    match outcome {
        Ok(answer) => answer,
        Err(Failed::Network(detail, cause)) => Answer::Network(detail, cause),
        Err(Failed::Timeout) => Answer::Timeout,
    }
}

fn gloo_method(m: Method) -> gloo_net::http::Method {
    match m {
        Method::Get => gloo_net::http::Method::GET,
        Method::Post => gloo_net::http::Method::POST,
        Method::Put => gloo_net::http::Method::PUT,
        Method::Delete => gloo_net::http::Method::DELETE,
    }
}

/// The default path: gloo-net's fetch with an abort signal that fires after `timeout_ms`.
async fn send_gloo(p: &Prepared, controller: &AbortController, timeout_ms: u32) -> Result<Answer, Failed> {
    // The abort reason is an Error (gloo-net expects rejections to be Errors).
    let reason = js_sys::Error::new("no response in time");
    reason.set_name("TimeoutError");
    let abort = Reflect::get(controller, &JsValue::from_str("abort"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok());
    let timer = abort.map(|f| {
        set_timeout(
            &JsValue::from(f.bind1(controller, &reason)),
            i32::try_from(timeout_ms).unwrap_or(i32::MAX),
        )
    });
    let signal = controller.signal();
    let exchange = async {
        let mut builder = gloo_net::http::RequestBuilder::new(&p.url)
            .method(gloo_method(p.method))
            .abort_signal(Some(&signal));
        for (name, value) in &p.headers {
            builder = builder.header(name, value);
        }
        let request = match &p.body {
            Some(body) => builder.body(body.as_str()),
            None => builder.build(),
        }
        .map_err(|e| (e.to_string(), JsValue::UNDEFINED))?;
        // gloo-net's `send` keeps only a failure's text; the request it built is handed to the
        // global fetch here so a network failure keeps fetch's own error as the `cause`.
        let fetch = Reflect::get(&js_sys::global(), &JsValue::from_str("fetch"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(|| ("this runtime has no global fetch".to_owned(), JsValue::UNDEFINED))?;
        let pending = fetch
            .call1(&JsValue::UNDEFINED, &web_sys::Request::from(request))
            .map_err(|e| (describe(&e), e))?;
        let raw = JsFuture::from(Promise::resolve(&pending)).await.map_err(|e| (describe(&e), e))?;
        let response = gloo_net::http::Response::from(
            raw.dyn_into::<web_sys::Response>()
                .map_err(|_| ("fetch did not resolve to a Response".to_owned(), JsValue::UNDEFINED))?,
        );
        let headers = response.headers();
        let (retry_after, ray_id) = (headers.get("retry-after"), headers.get("cf-ray"));
        let status = response.status();
        let body = response.text().await.map_err(|e| (e.to_string(), JsValue::UNDEFINED))?;
        Ok::<_, (String, JsValue)>(Answer::Response {
            status,
            retry_after,
            ray_id,
            body,
        })
    };
    let result = exchange.await;
    if let Some(t) = timer {
        clear_timeout(&t);
    }
    result.map_err(|(detail, cause)| if signal.aborted() { Failed::Timeout } else { Failed::Network(detail, cause) })
}

/// `promise` (or value) against the timer: the timer resolves with `sentinel`.
async fn race(value: JsValue, timer: &Promise, sentinel: &Object) -> Result<JsValue, Failed> {
    let raced = Promise::race(&js_sys::Array::of2(&Promise::resolve(&value), timer));
    match JsFuture::from(raced).await {
        Ok(v) if Object::is(&v, sentinel) => Err(Failed::Timeout),
        Ok(v) => Ok(v),
        Err(e) => Err(Failed::Network(describe(&e), e)),
    }
}

fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// The `fetch` option: called as `fetch(url, {method, headers, body, signal})`; its answer
/// is read as a Response (`status`, `headers.get`, `text()`). The time-out races the
/// promises, so a fetch that ignores the signal still times out.
async fn send_with(
    fetch: &Function,
    p: &Prepared,
    controller: &AbortController,
    timeout_ms: u32,
) -> Result<Answer, Failed> {
    let sentinel = Object::new();
    let mut timer_id = JsValue::UNDEFINED;
    let timer = Promise::new(&mut |resolve, _reject| {
        timer_id = set_timeout(
            &JsValue::from(resolve.bind1(&JsValue::NULL, &sentinel)),
            i32::try_from(timeout_ms).unwrap_or(i32::MAX),
        );
    });
    let exchange = async {
        let init = Object::new();
        set(&init, "method", &JsValue::from_str(p.method.as_str()));
        let headers = Object::new();
        for (name, value) in &p.headers {
            set(&headers, name, &JsValue::from_str(value));
        }
        set(&init, "headers", &headers);
        if let Some(body) = &p.body {
            set(&init, "body", &JsValue::from_str(body));
        }
        set(&init, "signal", &controller.signal());
        let pending = fetch
            .call2(&JsValue::UNDEFINED, &JsValue::from_str(&p.url), &init)
            .map_err(|e| Failed::Network(describe(&e), e))?;
        let response = race(pending, &timer, &sentinel).await?;
        let not_a_response =
            || Failed::Network("the fetch option did not resolve to a Response".to_owned(), JsValue::UNDEFINED);
        let status = Reflect::get(&response, &JsValue::from_str("status"))
            .ok()
            .and_then(|s| s.as_f64())
            .filter(|s| s.fract() == 0.0 && (100.0..=599.0).contains(s))
            .ok_or_else(not_a_response)? as u16;
        let headers = Reflect::get(&response, &JsValue::from_str("headers")).map_err(|_| not_a_response())?;
        let get = Reflect::get(&headers, &JsValue::from_str("get"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok());
        let header = |name: &str| {
            get.as_ref()
                .and_then(|g| g.call1(&headers, &JsValue::from_str(name)).ok()?.as_string())
        };
        let (retry_after, ray_id) = (header("retry-after"), header("cf-ray"));
        let text = Reflect::get(&response, &JsValue::from_str("text"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(not_a_response)?;
        let pending = text.call0(&response).map_err(|e| Failed::Network(describe(&e), e))?;
        let body = race(pending, &timer, &sentinel).await?.as_string().unwrap_or_default();
        Ok(Answer::Response {
            status,
            retry_after,
            ray_id,
            body,
        })
    };
    let result = exchange.await;
    clear_timeout(&timer_id);
    if matches!(result, Err(Failed::Timeout)) {
        controller.abort();
    }
    result
}
