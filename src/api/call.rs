//! One API call carried to its end, sans-IO: [`Call::poll`] says what to do (send a request,
//! wait, or done with the `result`), [`Call::handle`] takes what happened to the request sent.
//! The transport (the wasm Client) only sends, waits and reads the clock and randomness.
//!
//! GET, PUT and DELETE are retried after 408, 429, 5xx, network errors and time-outs, as
//! [`retry_decision`] says. An upload (POST) is never repeated blindly: a 429 means it was
//! refused before being processed, so it is retried like the others; when its outcome is
//! unknown (network error, time-out, 5xx, or a 2xx whose body cannot be read) the call lists
//! the certificates of the same scope and looks for the one just sent ([`find_uploaded`]).
//! Found: that list item is the result. Not found: the upload is sent once more (while
//! retries remain). So a certificate is uploaded at most once.

use super::envelope::parse_response;
use super::ops::{wipe_strings, Method, Operation, Request};
use super::retry::{retry_decision, Outcome, RetryPolicy};
use super::upload::find_uploaded;
use crate::error::{Error, Result};
use serde_json::Value;

/// What happened to the request last sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reply<'a> {
    /// A response arrived (whatever its status).
    Response {
        status: u16,
        /// The `retry-after` header.
        retry_after: Option<&'a str>,
        /// The `cf-ray` header.
        ray_id: Option<&'a str>,
        body: &'a str,
    },
    /// No response: connection refused or reset, DNS, TLS, CORS. `detail` must not hold
    /// secrets (the transport removes the token from it).
    NetworkError { detail: &'a str },
    /// No response within the time limit.
    Timeout { after_ms: u64 },
}

/// What the transport does next.
#[derive(Debug)]
pub enum Next<'a> {
    /// Send this request (add the base URL and headers with [`super::prepare`]), then report
    /// the outcome to [`Call::handle`].
    Send(&'a Request),
    /// Wait this many milliseconds, then ask again.
    Wait(u32),
    /// Finished: Cloudflare's `result` as sent (unknown fields kept), or the error. Returned
    /// once; asking again after it gives an `INVALID_ARGUMENT` error.
    Done(Result<Value>),
}

#[derive(Debug)]
enum State {
    /// Send the operation's request.
    Main,
    /// Send the list request (an upload whose outcome is unknown).
    Verify,
    /// Wait, then go on with the given state.
    Wait(u32, Box<State>),
    Done(Option<Result<Value>>),
}

/// A call in progress. Debug shows no body (an upload's holds a private key).
#[derive(Debug)]
pub struct Call {
    request: Request,
    /// Uploads: the list request of the same scope and the certificate sent.
    verify: Option<(Request, String)>,
    policy: RetryPolicy,
    /// Failed attempts of the operation's request, and of the list request since the last
    /// upload.
    attempts: u32,
    list_attempts: u32,
    /// Uploads, while verifying: the error of the unknown outcome and the delay before
    /// uploading again (`None`: no retries left).
    unknown: Option<(Error, Option<u32>)>,
    state: State,
}

fn list_for(upload: &Request) -> Option<Request> {
    let operation = match upload.operation {
        Operation::UploadZoneCertificate => Operation::ListZoneCertificates,
        Operation::UploadHostnameCertificate => Operation::ListHostnameCertificates,
        _ => return None,
    };
    // Upload and list share their path (AOP-API.md section 2).
    Some(Request {
        operation,
        method: Method::Get,
        path: upload.path.clone(),
        body: None,
    })
}

impl Call {
    /// Start a call of `request` (from [`super::build`] or a constructor).
    pub fn new(request: Request, policy: RetryPolicy) -> Self {
        let verify = list_for(&request).and_then(|list| {
            // The body as a JSON value (a typed struct would pull serde's error formatting,
            // floats included, into the wasm); its strings, the key among them, are wiped.
            let mut body: Value = serde_json::from_str(request.body.as_deref()?).ok()?;
            let certificate = body.get("certificate").and_then(Value::as_str).map(str::to_owned);
            wipe_strings(&mut body);
            Some((list, certificate?))
        });
        Self {
            request,
            verify,
            policy,
            attempts: 0,
            list_attempts: 0,
            unknown: None,
            state: State::Main,
        }
    }

    /// The operation this call performs.
    pub fn operation(&self) -> Operation {
        self.request.operation
    }

    /// What to do now.
    pub fn poll(&mut self) -> Next<'_> {
        if let State::Wait(ms, then) = &mut self.state {
            let ms = *ms;
            let then = std::mem::replace(then.as_mut(), State::Main);
            self.state = then;
            return Next::Wait(ms);
        }
        match &mut self.state {
            State::Main => Next::Send(&self.request),
            State::Verify => match &self.verify {
                Some((list, _)) => Next::Send(list),
                None => Next::Done(Err(internal("no list request to verify an upload with"))),
            },
            State::Done(result) => Next::Done(
                result
                    .take()
                    .unwrap_or_else(|| Err(internal("the call has already finished"))),
            ),
            State::Wait(..) => Next::Done(Err(internal("unreachable wait state"))),
        }
    }

    /// Report what happened to the request of the last [`Next::Send`]. `jitter` is a random
    /// number in `0..1`, `now_ms` the current time (for `Retry-After` dates).
    pub fn handle(&mut self, reply: Reply<'_>, jitter: f64, now_ms: Option<u64>) {
        match self.state {
            State::Main => self.handle_main(reply, jitter, now_ms),
            State::Verify => self.handle_list(reply, jitter, now_ms),
            // A reply nobody asked for changes nothing.
            State::Wait(..) | State::Done(_) => {}
        }
    }

    fn finish(&mut self, result: Result<Value>) {
        self.state = State::Done(Some(result));
    }

    fn wait_then(&mut self, ms: u32, then: State) {
        self.state = State::Wait(ms, Box::new(then));
    }

    fn handle_main(&mut self, reply: Reply<'_>, jitter: f64, now_ms: Option<u64>) {
        self.attempts = self.attempts.saturating_add(1);
        let (outcome, result) = read(reply, now_ms);
        let error = match result {
            Ok(result) => return self.finish(Ok(result)),
            Err(e) => e,
        };
        let method = self.request.method;
        if method.is_idempotent() {
            return match retry_decision(method, self.attempts, outcome, &self.policy, jitter) {
                Some(ms) => self.wait_then(ms, State::Main),
                None => self.finish(Err(error)),
            };
        }
        // An upload. 429: refused before being processed, so sending it again is safe.
        let as_if_idempotent = retry_decision(Method::Put, self.attempts, outcome, &self.policy, jitter);
        match outcome {
            Outcome::Status { code: 429, .. } => match as_if_idempotent {
                Some(ms) => self.wait_then(ms, State::Main),
                None => self.finish(Err(error)),
            },
            Outcome::Status { code, .. } if !outcome_unknown(code, &error) => self.finish(Err(error)),
            _ if self.verify.is_none() => self.finish(Err(error)),
            _ => {
                // Did it happen? List and look before anything is sent again.
                self.unknown = Some((error, as_if_idempotent));
                self.list_attempts = 0;
                self.state = State::Verify;
            }
        }
    }

    fn handle_list(&mut self, reply: Reply<'_>, jitter: f64, now_ms: Option<u64>) {
        self.list_attempts = self.list_attempts.saturating_add(1);
        let (outcome, result) = read(reply, now_ms);
        let (upload_error, reupload) = match self.unknown.take() {
            Some(u) => u,
            None => return self.finish(Err(internal("verifying an upload without an unknown outcome"))),
        };
        let list = match result {
            Ok(list) => list,
            Err(_) => {
                if let Some(ms) = retry_decision(Method::Get, self.list_attempts, outcome, &self.policy, jitter) {
                    self.unknown = Some((upload_error, reupload));
                    return self.wait_then(ms, State::Verify);
                }
                return self.finish(Err(unconfirmed(upload_error)));
            }
        };
        let found = self.verify.as_ref().and_then(|(_, pem)| {
            let id = find_uploaded(&list, pem)?;
            list.as_array()?
                .iter()
                .find(|item| item.get("id").and_then(Value::as_str) == Some(id.as_str()))
                .cloned()
        });
        match (found, reupload) {
            (Some(item), _) => self.finish(Ok(item)),
            (None, Some(ms)) => self.wait_then(ms, State::Main),
            (None, None) => self.finish(Err(upload_error)),
        }
    }
}

/// An upload's 5xx, or a 2xx whose body could not be read: it may have been processed.
fn outcome_unknown(code: u16, error: &Error) -> bool {
    (500..=599).contains(&code)
        || ((200..=299).contains(&code) && matches!(error, Error::CfApi { detail: Some(_), .. }))
}

/// The outcome for [`retry_decision`] and the result of one reply.
fn read<'a>(reply: Reply<'a>, now_ms: Option<u64>) -> (Outcome<'a>, Result<Value>) {
    match reply {
        Reply::Response {
            status,
            retry_after,
            ray_id,
            body,
        } => (
            Outcome::Status {
                code: status,
                retry_after,
                now_ms,
            },
            parse_response(status, ray_id, body).map(|env| env.result),
        ),
        Reply::NetworkError { detail } => (
            Outcome::NetworkError,
            Err(Error::Network {
                detail: detail.to_owned(),
            }),
        ),
        Reply::Timeout { after_ms } => (Outcome::Timeout, Err(Error::Timeout { after_ms })),
    }
}

/// The upload error, saying that checking whether the upload happened failed as well.
fn unconfirmed(error: Error) -> Error {
    match error {
        Error::Network { detail } => Error::Network {
            detail: format!("{detail}; the upload may have happened, and listing the certificates to check failed too"),
        },
        other => other,
    }
}

fn internal(detail: &str) -> Error {
    Error::InvalidArgument {
        detail: format!("client state: {detail}"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::api::{get_zone_setting, upload_hostname_certificate, upload_zone_certificate, UploadBody, ZoneId};
    use serde_json::json;

    // Self-signed test certificates made by tests/data/api/make.py (Python cryptography).
    const A: &str = include_str!("../../tests/data/api/a.pem");
    const B: &str = include_str!("../../tests/data/api/b.pem");
    const KEY: &str = "-----BEGIN PRIVATE KEY-----\nSECRETKEYMATERIAL\n-----END PRIVATE KEY-----\n";
    const P: RetryPolicy = RetryPolicy {
        retries: 3,
        base_delay_ms: 500,
        max_delay_ms: 60_000,
    };

    fn zone() -> ZoneId {
        ZoneId::parse("023e105f4ecef8ad9ca31a8372d0c353").unwrap()
    }
    fn ok(result: Value) -> String {
        json!({"success": true, "errors": [], "messages": [], "result": result}).to_string()
    }
    fn failure(code: i64) -> String {
        json!({"success": false, "errors": [{"code": code, "message": "m"}], "messages": [], "result": null})
            .to_string()
    }
    fn resp<'a>(status: u16, body: &'a str) -> Reply<'a> {
        Reply::Response {
            status,
            retry_after: None,
            ray_id: Some("abc-LHR"),
            body,
        }
    }

    /// What the call asks for, step by step, until done; replies are consumed per Send.
    fn drive(call: &mut Call, replies: &[Reply<'_>]) -> (Vec<String>, Result<Value>) {
        let mut log = Vec::new();
        let mut replies = replies.iter();
        loop {
            match call.poll() {
                Next::Send(r) => {
                    log.push(format!("{} {:?}", r.method, r.operation));
                    let reply = *replies.next().expect("a reply for every request");
                    call.handle(reply, 0.0, Some(0));
                }
                Next::Wait(ms) => log.push(format!("wait {ms}")),
                Next::Done(result) => {
                    assert!(replies.next().is_none(), "unused replies");
                    return (log, result);
                }
            }
        }
    }

    fn upload_call(hostname: bool) -> Call {
        let body = UploadBody::new(A, KEY).unwrap();
        let req = if hostname {
            upload_hostname_certificate(&zone(), &body).unwrap()
        } else {
            upload_zone_certificate(&zone(), &body).unwrap()
        };
        Call::new(req, P)
    }

    #[test]
    fn get_success_and_retries() {
        let mut call = Call::new(get_zone_setting(&zone()), P);
        let body = ok(json!({"enabled": true, "extra": 1}));
        let e500 = failure(2000);
        let (log, result) = drive(
            &mut call,
            &[resp(500, &e500), Reply::NetworkError { detail: "x" }, resp(200, &body)],
        );
        assert_eq!(result.unwrap(), json!({"enabled": true, "extra": 1}));
        assert_eq!(
            log,
            [
                "GET GetZoneSetting",
                "wait 250",
                "GET GetZoneSetting",
                "wait 500",
                "GET GetZoneSetting"
            ]
        );
        // Asking again after Done is an error, not a panic.
        assert!(matches!(call.poll(), Next::Done(Err(_))));
    }

    #[test]
    fn retry_after_and_exhaustion() {
        let mut call = Call::new(get_zone_setting(&zone()), RetryPolicy { retries: 1, ..P });
        let e429 = failure(971);
        let r429 = Reply::Response {
            status: 429,
            retry_after: Some("2"),
            ray_id: None,
            body: &e429,
        };
        let (log, result) = drive(&mut call, &[r429, Reply::Timeout { after_ms: 100 }]);
        assert_eq!(log, ["GET GetZoneSetting", "wait 2000", "GET GetZoneSetting"]);
        assert_eq!(result.unwrap_err(), Error::Timeout { after_ms: 100 });
        // 4xx other than 408/429: no retry, the envelope's error.
        let mut call = Call::new(get_zone_setting(&zone()), P);
        let e403 = failure(10000);
        let (log, result) = drive(&mut call, &[resp(403, &e403)]);
        assert_eq!(log.len(), 1);
        let e = result.unwrap_err();
        assert_eq!(e.code(), "CF_API_ERROR");
        assert!(matches!(e, Error::CfApi { status: 403, ref ray_id, .. } if ray_id.as_deref() == Some("abc-LHR")));
    }

    #[test]
    fn upload_lost_response_is_found_in_the_list() {
        let mut call = upload_call(true);
        let list = ok(json!([
            {"id": "b", "certificate": B, "status": "active"},
            {"id": "a", "certificate": A, "status": "pending_deployment", "new_field": true},
        ]));
        let (log, result) = drive(&mut call, &[Reply::NetworkError { detail: "reset" }, resp(200, &list)]);
        assert_eq!(log, ["POST UploadHostnameCertificate", "GET ListHostnameCertificates"]);
        let item = result.unwrap();
        assert_eq!(item["id"], "a");
        assert_eq!(item["new_field"], true);
    }

    #[test]
    fn upload_not_found_is_sent_once_more() {
        let mut call = upload_call(false);
        let empty = ok(json!([{"id": "b", "certificate": B}]));
        let created = ok(json!({"id": "a", "certificate": A}));
        let e502 = failure(2000);
        let (log, result) = drive(&mut call, &[resp(502, &e502), resp(200, &empty), resp(200, &created)]);
        assert_eq!(
            log,
            [
                "POST UploadZoneCertificate",
                "GET ListZoneCertificates",
                "wait 250",
                "POST UploadZoneCertificate"
            ]
        );
        assert_eq!(result.unwrap()["id"], "a");
    }

    #[test]
    fn upload_429_is_retried_without_listing_and_4xx_is_final() {
        let mut call = upload_call(true);
        let e429 = failure(971);
        let r429 = Reply::Response {
            status: 429,
            retry_after: Some("1"),
            ray_id: None,
            body: &e429,
        };
        let created = ok(json!({"id": "a"}));
        let (log, result) = drive(&mut call, &[r429, resp(201, &created)]);
        assert_eq!(
            log,
            [
                "POST UploadHostnameCertificate",
                "wait 1000",
                "POST UploadHostnameCertificate"
            ]
        );
        assert_eq!(result.unwrap()["id"], "a");

        let mut call = upload_call(true);
        let e409 = failure(1220);
        let (log, result) = drive(&mut call, &[resp(409, &e409)]);
        assert_eq!(log.len(), 1);
        assert!(matches!(result.unwrap_err(), Error::CfApi { status: 409, .. }));
    }

    #[test]
    fn upload_with_no_retries_left_still_checks_but_never_resends() {
        let mut call = Call::new(upload_call(true).request.clone(), RetryPolicy { retries: 0, ..P });
        let empty = ok(json!([]));
        let (log, result) = drive(&mut call, &[Reply::Timeout { after_ms: 50 }, resp(200, &empty)]);
        assert_eq!(log, ["POST UploadHostnameCertificate", "GET ListHostnameCertificates"]);
        assert_eq!(result.unwrap_err(), Error::Timeout { after_ms: 50 });
    }

    #[test]
    fn upload_verification_failing_reports_the_upload_error() {
        let mut call = Call::new(upload_call(true).request.clone(), RetryPolicy { retries: 1, ..P });
        let e500 = failure(2000);
        let (log, result) = drive(
            &mut call,
            &[
                Reply::NetworkError { detail: "reset" },
                resp(500, &e500),
                Reply::NetworkError { detail: "again" },
            ],
        );
        assert_eq!(
            log,
            [
                "POST UploadHostnameCertificate",
                "GET ListHostnameCertificates",
                "wait 250",
                "GET ListHostnameCertificates"
            ]
        );
        let e = result.unwrap_err();
        assert_eq!(e.code(), "NETWORK_ERROR");
        assert!(
            e.to_string().contains("reset") && e.to_string().contains("may have happened"),
            "{e}"
        );
    }

    #[test]
    fn unreadable_2xx_upload_answer_is_verified() {
        let mut call = upload_call(true);
        let list = ok(json!([{"id": "a", "certificate": A}]));
        let (log, result) = drive(&mut call, &[resp(200, "<html>"), resp(200, &list)]);
        assert_eq!(log, ["POST UploadHostnameCertificate", "GET ListHostnameCertificates"]);
        assert_eq!(result.unwrap()["id"], "a");
    }

    #[test]
    fn debug_hides_the_key() {
        let call = upload_call(true);
        let dbg = format!("{call:?}");
        assert!(!dbg.contains("SECRETKEYMATERIAL"), "{dbg}");
    }
}
