//! A [`Request`] made ready to send: the full URL and the headers (contract: `buildRequest`
//! returns `{method, path, url, headers, body}`). The token goes into `authorization` only
//! when one is given; it is never printed and is wiped on drop.

use super::ops::{Method, Request};
use crate::error::{Error, Result};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use zeroize::{Zeroize, Zeroizing};

/// Cloudflare's API base URL (the schema's `servers`).
pub const DEFAULT_BASE_URL: &str = "https://api.cloudflare.com/client/v4";

fn invalid(detail: impl Into<String>) -> Error {
    Error::InvalidArgument { detail: detail.into() }
}

/// An API token. No `Display`; `Debug` is redacted; wiped on drop.
#[derive(Clone)]
pub struct ApiToken(Zeroizing<String>);

impl fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiToken(<redacted>)")
    }
}

impl ApiToken {
    /// Wrap a token. Surrounding whitespace (a copied newline) is removed.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when it is empty or holds characters an HTTP header value
    /// cannot carry in a bearer token (anything but visible ASCII). The token is not quoted.
    pub fn new(token: &str) -> Result<Self> {
        let t = token.trim();
        if t.is_empty() {
            return Err(invalid("token is empty"));
        }
        if !t.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(invalid("token contains spaces or non-ASCII characters; copy the API token again"));
        }
        Ok(Self(Zeroizing::new(t.to_owned())))
    }

    /// The token text, for the transport only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Where and how to send: `buildRequest`'s `options` (`baseUrl`, `token`).
#[derive(Clone, Debug)]
pub struct Options {
    /// Without trailing slashes.
    pub base_url: String,
    pub token: Option<ApiToken>,
}

impl Default for Options {
    fn default() -> Self {
        Self { base_url: DEFAULT_BASE_URL.to_owned(), token: None }
    }
}

/// Check a base URL: `https://` (or `http://`, for local test servers), a host, no query,
/// fragment, credentials or whitespace; trailing slashes are removed.
///
/// # Errors
/// [`Error::InvalidArgument`] naming `baseUrl`.
pub fn base_url(url: &str) -> Result<String> {
    let scheme = ["https://", "http://"]
        .into_iter()
        .find(|s| url.starts_with(s))
        .ok_or_else(|| invalid("baseUrl must start with https:// (or http:// for a local test server)"))?;
    let rest = url.get(scheme.len()..).unwrap_or_default().trim_end_matches('/');
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return Err(invalid("baseUrl has no host"));
    }
    if host.contains('@') {
        return Err(invalid("baseUrl must not carry credentials; pass the token as options.token"));
    }
    if rest.chars().any(|c| c.is_whitespace() || c.is_control() || c == '?' || c == '#') {
        return Err(invalid("baseUrl must not contain spaces, a query (?) or a fragment (#)"));
    }
    Ok(format!("{scheme}{rest}"))
}

impl Options {
    /// Read `{baseUrl?, token?}`. The Client's `timeoutMs` and `retries` are accepted and
    /// ignored (they do not change the request); any other key is an error.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a bad `baseUrl` or `token`, or an unknown key.
    pub fn from_json(options: &Value) -> Result<Self> {
        let map = match options {
            Value::Null => return Ok(Self::default()),
            Value::Object(m) => m,
            _ => return Err(invalid("options must be an object {baseUrl?, token?}")),
        };
        let mut out = Self::default();
        for (key, value) in map {
            match (key.as_str(), value) {
                (_, Value::Null) | ("timeoutMs" | "retries", _) => {}
                ("baseUrl", Value::String(s)) => out.base_url = base_url(s)?,
                ("token", Value::String(s)) => out.token = Some(ApiToken::new(s)?),
                ("baseUrl" | "token", _) => return Err(invalid(format!("options.{key} must be a string"))),
                _ => return Err(invalid(format!("unknown option {key}; options are baseUrl and token"))),
            }
        }
        Ok(out)
    }
}

/// What a transport sends, in the contract's `buildRequest` shape. Headers have lower-case
/// names: `accept`, `content-type` when there is a body, `authorization` when a token was
/// given. `Debug` hides the token and the body; both are wiped on drop.
#[derive(Clone, Serialize)]
pub struct Prepared {
    pub method: Method,
    pub path: String,
    pub url: String,
    pub headers: BTreeMap<&'static str, String>,
    pub body: Option<String>,
}

impl fmt::Debug for Prepared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| (*k, if *k == "authorization" { "<redacted>" } else { v.as_str() }))
            .collect();
        f.debug_struct("Prepared")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body.as_ref().map(|b| format!("<{} bytes>", b.len())))
            .finish()
    }
}

impl Drop for Prepared {
    fn drop(&mut self) {
        if let Some(auth) = self.headers.get_mut("authorization") {
            auth.zeroize();
        }
        if let Some(body) = self.body.as_mut() {
            body.zeroize();
        }
    }
}

/// Add the base URL and headers to `request`.
pub fn prepare(request: &Request, options: &Options) -> Prepared {
    let mut headers = BTreeMap::new();
    headers.insert("accept", "application/json".to_owned());
    if request.body.is_some() {
        headers.insert("content-type", "application/json".to_owned());
    }
    if let Some(token) = &options.token {
        headers.insert("authorization", format!("Bearer {}", token.expose()));
    }
    Prepared {
        method: request.method,
        path: request.path.clone(),
        url: format!("{}{}", options.base_url, request.path),
        headers,
        body: request.body.clone(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::api::{list_zone_certificates, set_zone_setting, ZoneId};
    use serde_json::json;

    const TOKEN: &str = "Xk9_abcdefGHIJKLmnopQRSTuvwxYZ0123456789";

    fn zone() -> ZoneId {
        ZoneId::parse("023e105f4ecef8ad9ca31a8372d0c353").unwrap()
    }

    #[test]
    fn headers_without_and_with_a_token() {
        let p = prepare(&list_zone_certificates(&zone()), &Options::default());
        assert_eq!(
            p.url,
            "https://api.cloudflare.com/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/origin_tls_client_auth"
        );
        assert_eq!(serde_json::to_value(&p).unwrap()["headers"], json!({"accept": "application/json"}));
        assert_eq!(serde_json::to_value(&p).unwrap()["body"], Value::Null);

        let opts =
            Options::from_json(&json!({"token": format!("{TOKEN}\n"), "baseUrl": "http://127.0.0.1:8787/client/v4//"}))
                .unwrap();
        let p = prepare(&set_zone_setting(&zone(), true), &opts);
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(
            v["url"],
            "http://127.0.0.1:8787/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/origin_tls_client_auth/settings"
        );
        assert_eq!(v["method"], "PUT");
        assert_eq!(v["body"], r#"{"enabled":true}"#);
        assert_eq!(
            v["headers"],
            json!({"accept": "application/json", "content-type": "application/json", "authorization": format!("Bearer {TOKEN}")})
        );
        // Debug never shows the token.
        let dbg = format!("{p:?} {opts:?}");
        assert!(!dbg.contains(TOKEN) && dbg.contains("<redacted>"), "{dbg}");
    }

    #[test]
    fn bad_options() {
        for (opts, needle) in [
            (json!({"baseUrl": "ftp://x"}), "https://"),
            (json!({"baseUrl": "https://"}), "no host"),
            (json!({"baseUrl": "https://user:pw@api.example"}), "credentials"),
            (json!({"baseUrl": "https://api.example/v4?x=1"}), "query"),
            (json!({"baseUrl": 5}), "must be a string"),
            (json!({"token": ""}), "token is empty"),
            (json!({"token": "abc def"}), "copy the API token again"),
            (json!({"tokn": TOKEN}), "unknown option tokn"),
            (json!([]), "must be an object"),
        ] {
            let e = Options::from_json(&opts).unwrap_err();
            assert_eq!(e.code(), "INVALID_ARGUMENT");
            let text = e.to_string();
            assert!(text.contains(needle), "{opts}: {text}");
            assert!(!text.contains(TOKEN));
        }
        assert!(Options::from_json(&json!({"timeoutMs": 5000, "retries": 2, "token": null})).unwrap().token.is_none());
    }
}
