//! Cloudflare's response envelope (`{success, errors, messages, result, result_info}`, AOP-API.md
//! section 7): success gives the `result` as sent, failure a [`Error::CfApi`] carrying the
//! status, Cloudflare's errors, the ray id and, for the errors we recognise, a hint.

use crate::error::{Error, Result};
use serde::Serialize;
use serde_json::Value;

/// One item of the envelope's `errors` or `messages`: Cloudflare's numeric code and its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiMessage {
    /// Cloudflare's code (the schema says an integer of at least 1000); 0 when it was missing.
    pub code: i64,
    pub message: String,
}

/// A successful response.
#[derive(Clone, Debug, PartialEq)]
pub struct Envelope {
    /// The `result` exactly as Cloudflare sent it (unknown fields kept); `null` if absent.
    pub result: Value,
    /// `result_info` (paging: `page`, `per_page`, `count`, `total_count`, …) when present.
    pub result_info: Option<Value>,
    /// The envelope's `messages` (informational).
    pub messages: Vec<ApiMessage>,
}

/// How much of a non-JSON body is quoted in the error.
const BODY_PREFIX_CHARS: usize = 60;

fn messages(value: Option<&Value>) -> Vec<ApiMessage> {
    let Some(Value::Array(items)) = value else { return Vec::new() };
    items
        .iter()
        .map(|item| match item {
            Value::Object(m) => ApiMessage {
                code: m
                    .get("code")
                    .and_then(|c| c.as_i64().or_else(|| c.as_str().and_then(|s| s.parse().ok())))
                    .unwrap_or(0),
                message: m.get("message").and_then(Value::as_str).unwrap_or_default().to_owned(),
            },
            Value::String(s) => ApiMessage { code: 0, message: s.clone() },
            other => ApiMessage { code: 0, message: other.to_string() },
        })
        .collect()
}

/// A ray id is short and alphanumeric with hyphens (`8f1e2d3c4b5a6978-LHR`); anything else
/// is dropped rather than copied into an error.
fn ray(ray_id: Option<&str>) -> Option<String> {
    let r = ray_id?.trim();
    (!r.is_empty() && r.len() <= 64 && r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')).then(|| r.to_owned())
}

/// The first characters of a body, on one line, for an error message.
fn prefix(body: &str) -> String {
    let mut out = String::new();
    let mut last_space = false;
    for c in body.trim().chars().take(BODY_PREFIX_CHARS) {
        let c = if c.is_whitespace() || c.is_control() { ' ' } else { c };
        if c == ' ' && last_space {
            continue;
        }
        last_space = c == ' ';
        out.push(c);
    }
    if body.trim().chars().count() > BODY_PREFIX_CHARS {
        out.push('…');
    }
    out
}

/// What to do about a failure, for the codes and messages we recognise.
pub fn hint(status: u16, errors: &[ApiMessage]) -> Option<&'static str> {
    let has_code = |codes: &[i64]| errors.iter().any(|e| codes.contains(&e.code));
    let says = |needles: &[&str]| {
        errors.iter().any(|e| {
            let m = e.message.to_ascii_lowercase();
            needles.iter().any(|n| m.contains(n))
        })
    };
    let hint = if has_code(&[1412]) || says(&["missing leaf certificate"]) {
        "upload the leaf (client) certificate, optionally followed by its intermediates, not the CA certificate; the CA belongs on the origin"
    } else if has_code(&[1415]) {
        "this cert_id is not one of the zone's hostname certificates: upload the certificate with the per-hostname endpoint (uploadHostnameCertificate) and use that id; zone-level certificate ids do not work for hostname associations"
    } else if says(&["certificate id required"]) {
        "every config item needs cert_id, also when voiding an association with enabled: null"
    } else if has_code(&[1220]) || says(&["already exists", "already been uploaded", "already submitted"]) {
        "this certificate is already uploaded to the zone: list the certificates, find it (same serial number and issuer) and reuse its id instead of uploading again"
    } else if has_code(&[1212, 2005]) || says(&["quota", "limit reached", "maximum number"]) {
        "the zone has reached its certificate quota (10 hostname certificates per zone): delete certificates that are no longer associated with any hostname, then upload again"
    } else if has_code(&[1002, 2100, 2101, 2106, 2200]) {
        "Cloudflare could not use the certificate or key: run validateUpload on them, it reports what is wrong and builds a clean payload"
    } else if has_code(&[10000]) || status == 401 || status == 403 {
        "authentication failed: the API token is missing, expired, or lacks the \"SSL and Certificates Write\" permission for this zone (\"SSL and Certificates Read\" is enough for reads)"
    } else if has_code(&[7003]) || (status == 404 && errors.is_empty()) {
        "no such route: check the zone id, the certificate id and the base URL (https://api.cloudflare.com/client/v4)"
    } else if status == 429 {
        "rate limited: wait for the time given by Retry-After and try again; reads and updates are retried automatically"
    } else if (500..=599).contains(&status) {
        "Cloudflare had a temporary problem; try again later (GET, PUT and DELETE are retried automatically, uploads are not: list the certificates first to see whether the upload happened)"
    } else {
        return None;
    };
    Some(hint)
}

fn failure(
    status: u16,
    errors: Vec<ApiMessage>,
    messages: Vec<ApiMessage>,
    ray_id: Option<String>,
    detail: Option<String>,
) -> Error {
    let hint = hint(status, &errors).map(str::to_owned);
    Error::CfApi { status, errors, messages, ray_id, detail, hint }
}

/// Read a response: `status` is the HTTP status, `ray_id` the `cf-ray` header if any.
///
/// # Errors
/// [`Error::CfApi`] when the status is not 2xx, `success` is not `true`, or the body is not
/// a JSON envelope (then `detail` says so and quotes the body's first characters).
pub fn parse_response(status: u16, ray_id: Option<&str>, body: &str) -> Result<Envelope> {
    let ray_id = ray(ray_id);
    let ok_status = (200..=299).contains(&status);
    let parsed: Value = match serde_json::from_str(body) {
        Ok(v) => v,
        Err(_) => {
            let detail = if body.trim().is_empty() {
                "the response body was empty, not JSON".to_owned()
            } else {
                format!("the response body was not JSON (it starts with \"{}\")", prefix(body))
            };
            return Err(failure(status, Vec::new(), Vec::new(), ray_id, Some(detail)));
        }
    };
    let Value::Object(mut map) = parsed else {
        let detail = "the response body was JSON but not a Cloudflare API envelope (not an object)".to_owned();
        return Err(failure(status, Vec::new(), Vec::new(), ray_id, Some(detail)));
    };
    let errors = messages(map.get("errors"));
    let info = messages(map.get("messages"));
    match map.get("success") {
        Some(Value::Bool(true)) if ok_status => Ok(Envelope {
            result: map.remove("result").unwrap_or(Value::Null),
            result_info: map.remove("result_info").filter(|v| !v.is_null()),
            messages: info,
        }),
        Some(Value::Bool(_)) => Err(failure(status, errors, info, ray_id, None)),
        _ => {
            let detail =
                "the response body was JSON but not a Cloudflare API envelope (no boolean success field)".to_owned();
            Err(failure(status, errors, info, ray_id, Some(detail)))
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::*;

    type Parts = (u16, Vec<ApiMessage>, Vec<ApiMessage>, Option<String>, Option<String>, Option<String>);

    fn cf(e: Error) -> Parts {
        assert_eq!(e.code(), "CF_API_ERROR");
        match e {
            Error::CfApi { status, errors, messages, ray_id, detail, hint } => {
                (status, errors, messages, ray_id, detail, hint)
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn success_keeps_result_and_unknown_fields() {
        let body = r#"{"success":true,"errors":[],"messages":[{"code":1000,"message":"note"}],
            "result":{"id":"2458ce5a-0c35-4c7f-82c7-8e9487d3ff60","status":"active","new_field":{"x":[1,2]}}}"#;
        let env = parse_response(200, Some("8f1e2d3c4b5a6978-LHR"), body).unwrap();
        assert_eq!(env.result["id"], "2458ce5a-0c35-4c7f-82c7-8e9487d3ff60");
        assert_eq!(env.result["new_field"]["x"][1], 2);
        assert_eq!(env.result_info, None);
        assert_eq!(env.messages, vec![ApiMessage { code: 1000, message: "note".into() }]);
    }

    #[test]
    fn success_with_result_info() {
        let body = r#"{"success":true,"errors":[],"messages":[],"result":[{"hostname":"app.example.com"}],
            "result_info":{"page":2,"per_page":50,"count":1,"total_count":51,"total_pages":2}}"#;
        let env = parse_response(200, None, body).unwrap();
        assert!(env.result.is_array());
        assert_eq!(env.result_info.unwrap()["total_pages"], 2);
        // A result of null (DELETE answers may carry one) is still a success.
        let env = parse_response(200, None, r#"{"success":true,"errors":[],"messages":[],"result":null}"#).unwrap();
        assert_eq!(env.result, Value::Null);
    }

    #[test]
    fn failure_envelope() {
        let body = r#"{"success":false,"errors":[{"code":1415,"message":"Certificate not found","documentation_url":"x"}],
            "messages":[],"result":null}"#;
        let (status, errors, messages, ray_id, detail, hint) =
            cf(parse_response(400, Some("8f1e2d3c4b5a6978-LHR"), body).unwrap_err());
        assert_eq!(status, 400);
        assert_eq!(errors, vec![ApiMessage { code: 1415, message: "Certificate not found".into() }]);
        assert!(messages.is_empty());
        assert_eq!(ray_id.as_deref(), Some("8f1e2d3c4b5a6978-LHR"));
        assert_eq!(detail, None);
        assert!(hint.unwrap().contains("per-hostname endpoint"));
    }

    #[test]
    fn success_false_with_200_is_a_failure() {
        let body = r#"{"success":false,"errors":[{"code":7003,"message":"No route for the URI"}],"messages":[],"result":null}"#;
        let (status, errors, _, _, _, hint) = cf(parse_response(200, None, body).unwrap_err());
        assert_eq!((status, errors[0].code), (200, 7003));
        assert!(hint.unwrap().starts_with("no such route"));
    }

    #[test]
    fn non_2xx_with_success_true_is_a_failure() {
        let (status, ..) =
            cf(parse_response(500, None, r#"{"success":true,"errors":[],"messages":[],"result":{}}"#).unwrap_err());
        assert_eq!(status, 500);
    }

    #[test]
    fn html_error_page() {
        let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>".to_owned()
            + &"x".repeat(5000)
            + "</body></html>";
        let e = parse_response(502, Some("bad ray\nid"), &html).unwrap_err();
        let text = e.to_string();
        let (status, errors, _, ray_id, detail, hint) = cf(e);
        assert_eq!(status, 502);
        assert!(errors.is_empty());
        assert_eq!(ray_id, None, "a malformed ray id is dropped");
        let detail = detail.unwrap();
        assert!(
            detail.starts_with("the response body was not JSON (it starts with \"<html> <head><title>502 Bad Gateway"),
            "{detail}"
        );
        assert!(detail.len() < 200, "only a short prefix: {detail}");
        assert!(hint.unwrap().contains("temporary"));
        assert!(text.starts_with("cloudflare api error (http 502): the response body was not JSON"), "{text}");
    }

    #[test]
    fn empty_and_non_envelope_bodies() {
        let (_, _, _, _, detail, _) = cf(parse_response(204, None, "").unwrap_err());
        assert_eq!(detail.as_deref(), Some("the response body was empty, not JSON"));
        let (_, _, _, _, detail, _) = cf(parse_response(200, None, "[1,2]").unwrap_err());
        assert!(detail.unwrap().contains("not an object"));
        let (_, _, _, _, detail, _) = cf(parse_response(200, None, r#"{"result":{}}"#).unwrap_err());
        assert!(detail.unwrap().contains("no boolean success field"));
        let (_, _, _, _, detail, _) = cf(parse_response(200, None, r#"{"success":true,"result":"#).unwrap_err());
        assert!(detail.unwrap().contains("not JSON"));
    }

    #[test]
    fn hints_for_known_failures() {
        let msg = |code: i64, message: &str| vec![ApiMessage { code, message: message.into() }];
        let cases: &[(u16, Vec<ApiMessage>, &str)] = &[
            (400, msg(1412, "x"), "not the CA certificate"),
            (400, msg(1000, "missing leaf certificate"), "not the CA certificate"),
            (400, msg(1415, "x"), "zone-level certificate ids do not work"),
            (400, msg(1000, "Certificate ID required"), "also when voiding"),
            (409, msg(1000, "This certificate already exists for this zone."), "reuse its id"),
            (400, msg(1220, "x"), "reuse its id"),
            (400, msg(1212, "x"), "10 hostname certificates per zone"),
            (400, msg(2005, "x"), "10 hostname certificates per zone"),
            (400, msg(1002, "x"), "validateUpload"),
            (403, msg(10000, "Authentication error"), "SSL and Certificates Write"),
            (401, vec![], "SSL and Certificates Write"),
            (404, msg(7003, "No route for the URI"), "no such route"),
            (429, vec![], "Retry-After"),
            (503, vec![], "temporary"),
        ];
        for (status, errors, needle) in cases {
            let h = hint(*status, errors).unwrap_or_default();
            assert!(h.contains(needle), "{status} {errors:?}: {h}");
        }
        assert_eq!(hint(400, &msg(1234, "something else")), None);
    }

    #[test]
    fn display_lists_errors_ray_and_hint() {
        let body = r#"{"success":false,"errors":[{"code":10000,"message":"Authentication error"}],"messages":[],"result":null}"#;
        let text = parse_response(403, Some("abc-123"), body).unwrap_err().to_string();
        assert!(text.starts_with("cloudflare api error (http 403): 10000 Authentication error [ray id abc-123]. hint: authentication failed"), "{text}");
    }
}
