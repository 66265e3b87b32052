//! The thirteen AOP operations as data: one constructor per operation returning a
//! [`Request`] (method, path below the base URL with its query string, JSON body), and
//! [`build`], which does the same from an operationId and the schema's parameter names.
//!
//! Bodies carry only the fields the schema documents: uploads `{certificate, private_key}`
//! (no `bundle_method`, AOP-API.md R5), the zone setting `{enabled}` (a boolean, never null,
//! P3), associations `{config: [{hostname, cert_id, enabled}]}` with `enabled` always
//! written, `null` included (P9), and `cert_id` required even when voiding (P8). DELETE
//! requests carry no body (P20).

use super::ids::{escape_segment, CertificateId, Hostname, StatusFilter, ZoneId};
use crate::error::{Error, Result};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;
use zeroize::{Zeroize, Zeroizing};

fn invalid(detail: impl Into<String>) -> Error {
    Error::InvalidArgument { detail: detail.into() }
}

/// HTTP methods the AOP API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// Whether sending the request twice has the same effect as sending it once (RFC 9110
    /// §9.2.2). Only these are retried after a failure whose outcome is unknown.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The thirteen operations of the official schema (`aop-openapi.json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    ListZoneCertificates,
    UploadZoneCertificate,
    GetZoneCertificate,
    DeleteZoneCertificate,
    GetZoneSetting,
    SetZoneSetting,
    ListHostnameCertificates,
    UploadHostnameCertificate,
    GetHostnameCertificate,
    DeleteHostnameCertificate,
    SetHostnames,
    GetHostname,
    ListHostnames,
}

impl Operation {
    /// Every operation, zone-level first, in the order of the contract.
    pub const ALL: [Operation; 13] = [
        Self::ListZoneCertificates,
        Self::UploadZoneCertificate,
        Self::GetZoneCertificate,
        Self::DeleteZoneCertificate,
        Self::GetZoneSetting,
        Self::SetZoneSetting,
        Self::ListHostnameCertificates,
        Self::UploadHostnameCertificate,
        Self::GetHostnameCertificate,
        Self::DeleteHostnameCertificate,
        Self::SetHostnames,
        Self::GetHostname,
        Self::ListHostnames,
    ];

    /// The schema's `operationId`.
    pub fn operation_id(self) -> &'static str {
        match self {
            Self::ListZoneCertificates => "zone-level-authenticated-origin-pulls-list-certificates",
            Self::UploadZoneCertificate => "zone-level-authenticated-origin-pulls-upload-certificate",
            Self::GetZoneCertificate => "zone-level-authenticated-origin-pulls-get-certificate-details",
            Self::DeleteZoneCertificate => "zone-level-authenticated-origin-pulls-delete-certificate",
            Self::GetZoneSetting => "zone-level-authenticated-origin-pulls-get-enablement-setting-for-zone",
            Self::SetZoneSetting => "zone-level-authenticated-origin-pulls-set-enablement-for-zone",
            Self::ListHostnameCertificates => "per-hostname-authenticated-origin-pull-list-certificates",
            Self::UploadHostnameCertificate => {
                "per-hostname-authenticated-origin-pull-upload-a-hostname-client-certificate"
            }
            Self::GetHostnameCertificate => {
                "per-hostname-authenticated-origin-pull-get-the-hostname-client-certificate"
            }
            Self::DeleteHostnameCertificate => {
                "per-hostname-authenticated-origin-pull-delete-hostname-client-certificate"
            }
            Self::SetHostnames => {
                "per-hostname-authenticated-origin-pull-enable-or-disable-a-hostname-for-client-authentication"
            }
            Self::GetHostname => {
                "per-hostname-authenticated-origin-pull-get-the-hostname-status-for-client-authentication"
            }
            Self::ListHostnames => "per-hostname-authenticated-origin-pull-list-hostname-associations",
        }
    }

    /// The operation with this `operationId`, if there is one.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|op| op.operation_id() == id)
    }

    pub fn method(self) -> Method {
        match self {
            Self::UploadZoneCertificate | Self::UploadHostnameCertificate => Method::Post,
            Self::DeleteZoneCertificate | Self::DeleteHostnameCertificate => Method::Delete,
            Self::SetZoneSetting | Self::SetHostnames => Method::Put,
            _ => Method::Get,
        }
    }

    /// The schema's path template.
    pub fn path_template(self) -> &'static str {
        match self {
            Self::ListZoneCertificates | Self::UploadZoneCertificate => "/zones/{zone_id}/origin_tls_client_auth",
            Self::GetZoneCertificate | Self::DeleteZoneCertificate => {
                "/zones/{zone_id}/origin_tls_client_auth/{certificate_id}"
            }
            Self::GetZoneSetting | Self::SetZoneSetting => "/zones/{zone_id}/origin_tls_client_auth/settings",
            Self::ListHostnameCertificates | Self::UploadHostnameCertificate => {
                "/zones/{zone_id}/origin_tls_client_auth/hostnames/certificates"
            }
            Self::GetHostnameCertificate | Self::DeleteHostnameCertificate => {
                "/zones/{zone_id}/origin_tls_client_auth/hostnames/certificates/{certificate_id}"
            }
            Self::SetHostnames | Self::ListHostnames => "/zones/{zone_id}/origin_tls_client_auth/hostnames",
            Self::GetHostname => "/zones/{zone_id}/origin_tls_client_auth/hostnames/{hostname}",
        }
    }
}

/// One API request as data: a transport adds the base URL and headers and sends it.
///
/// The body may hold a private key (uploads): `Debug` shows only its length, and it is wiped
/// when the request is dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    pub operation: Operation,
    pub method: Method,
    /// Below the base URL, starting with `/`, with the query string when there is one.
    pub path: String,
    /// JSON text, or `None` for requests without a body.
    pub body: Option<String>,
}

impl Request {
    fn new(operation: Operation, path: String, body: Option<String>) -> Self {
        Self { operation, method: operation.method(), path, body }
    }

    /// The schema's `operationId` of this request.
    pub fn operation_id(&self) -> &'static str {
        self.operation.operation_id()
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("operation", &self.operation_id())
            .field("method", &self.method)
            .field("path", &self.path)
            .field("body", &self.body.as_ref().map(|b| format!("<{} bytes>", b.len())))
            .finish()
    }
}

impl Drop for Request {
    fn drop(&mut self) {
        if let Some(body) = self.body.as_mut() {
            body.zeroize();
        }
    }
}

/// An upload body: the certificate (leaf, optionally followed by its chain) and its
/// unencrypted private key, both PEM. The key is wiped on drop and never printed.
#[derive(Clone)]
pub struct UploadBody {
    certificate: String,
    private_key: Zeroizing<String>,
}

impl fmt::Debug for UploadBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UploadBody")
            .field("certificate", &format_args!("<{} bytes>", self.certificate.len()))
            .field("private_key", &format_args!("<redacted>"))
            .finish()
    }
}

impl UploadBody {
    /// Check the two PEM texts just enough to catch swapped, empty or encrypted fields (the
    /// full checks are `validateUpload`'s). Neither text is quoted in an error.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `certificate` or `private_key`.
    pub fn new(certificate: &str, private_key: &str) -> Result<Self> {
        Self::checked(certificate, private_key, "body")
    }

    fn checked(certificate: &str, private_key: &str, at: &str) -> Result<Self> {
        if !certificate.contains("-----BEGIN CERTIFICATE-----") {
            return Err(invalid(format!(
                "{at}.certificate must be PEM text starting with -----BEGIN CERTIFICATE----- (the leaf first)"
            )));
        }
        if certificate.contains("PRIVATE KEY-----") {
            return Err(invalid(format!(
                "{at}.certificate contains a private key; put the key in {at}.private_key only"
            )));
        }
        if !private_key.contains("PRIVATE KEY-----") {
            return Err(invalid(format!(
                "{at}.private_key must be a PEM private key (-----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY)"
            )));
        }
        for (field, text) in [("certificate", certificate), ("private_key", private_key)] {
            if text.contains("\\n") && !text.contains('\n') {
                return Err(invalid(format!(
                    "{at}.{field} holds literal \\n sequences instead of line breaks; pass the PEM text itself (the JSON escaping is done when the body is built, AOP-API.md R4)"
                )));
            }
        }
        if private_key.contains("ENCRYPTED PRIVATE KEY") || private_key.contains("Proc-Type: 4,ENCRYPTED") {
            return Err(invalid(format!(
                "{at}.private_key is encrypted; Cloudflare needs it unencrypted (validateUpload with the passphrase gives the payload)"
            )));
        }
        Ok(Self { certificate: certificate.to_owned(), private_key: Zeroizing::new(private_key.to_owned()) })
    }

    fn to_json(&self) -> Result<String> {
        #[derive(Serialize)]
        struct Wire<'a> {
            certificate: &'a str,
            private_key: &'a str,
        }
        to_json(&Wire { certificate: &self.certificate, private_key: &self.private_key })
    }
}

/// What an association item asks for (`enabled` in the body, AOP-API.md section 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AssociationState {
    /// `true`: present this certificate when connecting to the hostname's origin.
    Enabled,
    /// `false`: keep the association, present no certificate for this hostname.
    Disabled,
    /// `null`: remove (void) the association.
    Void,
}

impl AssociationState {
    fn as_json(self) -> Option<bool> {
        match self {
            Self::Enabled => Some(true),
            Self::Disabled => Some(false),
            Self::Void => None,
        }
    }
}

/// One `config` item of `PUT …/hostnames`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostnameAssociation {
    pub hostname: Hostname,
    /// Required even when voiding (the API answers "Certificate ID required" otherwise, P8).
    pub cert_id: CertificateId,
    pub state: AssociationState,
}

/// Most associations one certificate may have (schema: "100 maximum associations on a
/// single certificate are allowed").
pub const MAX_ASSOCIATIONS_PER_CERTIFICATE: usize = 100;

fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| invalid(format!("body could not be serialised ({e})")))
}

fn zone_path(zone: &ZoneId, rest: &str) -> String {
    format!("/zones/{}/origin_tls_client_auth{rest}", escape_segment(zone.as_str()))
}

/// `GET /zones/{zone_id}/origin_tls_client_auth`: the zone-level certificates.
pub fn list_zone_certificates(zone: &ZoneId) -> Request {
    Request::new(Operation::ListZoneCertificates, zone_path(zone, ""), None)
}

/// `POST /zones/{zone_id}/origin_tls_client_auth`: upload a zone-level certificate and key.
/// Not idempotent: see [`super::find_uploaded`] before sending it again.
///
/// # Errors
/// Only if serialisation fails, which it does not for string fields.
pub fn upload_zone_certificate(zone: &ZoneId, body: &UploadBody) -> Result<Request> {
    Ok(Request::new(Operation::UploadZoneCertificate, zone_path(zone, ""), Some(body.to_json()?)))
}

/// `GET /zones/{zone_id}/origin_tls_client_auth/{certificate_id}`.
pub fn get_zone_certificate(zone: &ZoneId, cert: &CertificateId) -> Request {
    let path = zone_path(zone, &format!("/{}", escape_segment(cert.as_str())));
    Request::new(Operation::GetZoneCertificate, path, None)
}

/// `DELETE /zones/{zone_id}/origin_tls_client_auth/{certificate_id}`, without a body (P20).
pub fn delete_zone_certificate(zone: &ZoneId, cert: &CertificateId) -> Request {
    let path = zone_path(zone, &format!("/{}", escape_segment(cert.as_str())));
    Request::new(Operation::DeleteZoneCertificate, path, None)
}

/// `GET /zones/{zone_id}/origin_tls_client_auth/settings`: is zone-level AOP on?
pub fn get_zone_setting(zone: &ZoneId) -> Request {
    Request::new(Operation::GetZoneSetting, zone_path(zone, "/settings"), None)
}

/// `PUT /zones/{zone_id}/origin_tls_client_auth/settings` with `{"enabled": bool}`.
pub fn set_zone_setting(zone: &ZoneId, enabled: bool) -> Request {
    let body = if enabled { r#"{"enabled":true}"# } else { r#"{"enabled":false}"# };
    Request::new(Operation::SetZoneSetting, zone_path(zone, "/settings"), Some(body.to_owned()))
}

/// `GET /zones/{zone_id}/origin_tls_client_auth/hostnames/certificates`.
pub fn list_hostname_certificates(zone: &ZoneId) -> Request {
    Request::new(Operation::ListHostnameCertificates, zone_path(zone, "/hostnames/certificates"), None)
}

/// `POST /zones/{zone_id}/origin_tls_client_auth/hostnames/certificates`. Not idempotent:
/// see [`super::find_uploaded`] before sending it again.
///
/// # Errors
/// Only if serialisation fails, which it does not for string fields.
pub fn upload_hostname_certificate(zone: &ZoneId, body: &UploadBody) -> Result<Request> {
    let path = zone_path(zone, "/hostnames/certificates");
    Ok(Request::new(Operation::UploadHostnameCertificate, path, Some(body.to_json()?)))
}

/// `GET /zones/{zone_id}/origin_tls_client_auth/hostnames/certificates/{certificate_id}`.
pub fn get_hostname_certificate(zone: &ZoneId, cert: &CertificateId) -> Request {
    let path = zone_path(zone, &format!("/hostnames/certificates/{}", escape_segment(cert.as_str())));
    Request::new(Operation::GetHostnameCertificate, path, None)
}

/// `DELETE /zones/{zone_id}/origin_tls_client_auth/hostnames/certificates/{certificate_id}`,
/// without a body (P20). Void the certificate's associations first (P7).
pub fn delete_hostname_certificate(zone: &ZoneId, cert: &CertificateId) -> Request {
    let path = zone_path(zone, &format!("/hostnames/certificates/{}", escape_segment(cert.as_str())));
    Request::new(Operation::DeleteHostnameCertificate, path, None)
}

/// `PUT /zones/{zone_id}/origin_tls_client_auth/hostnames` with
/// `{"config": [{"hostname", "cert_id", "enabled": true|false|null}]}`.
///
/// # Errors
/// [`Error::InvalidArgument`] when `items` is empty, names a hostname twice (which state
/// would win is not documented), or would give one certificate more than
/// [`MAX_ASSOCIATIONS_PER_CERTIFICATE`] enabled or disabled associations in one call (the
/// documented limit; voids do not count).
pub fn set_hostnames(zone: &ZoneId, items: &[HostnameAssociation]) -> Result<Request> {
    if items.is_empty() {
        return Err(invalid("body.config must hold at least one {hostname, cert_id, enabled} item"));
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut per_cert: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        if let Some(first) = seen.insert(item.hostname.as_str(), i) {
            return Err(invalid(format!(
                "body.config[{i}].hostname repeats body.config[{first}].hostname ({}); send one item per hostname",
                item.hostname
            )));
        }
        if item.state != AssociationState::Void {
            let n = per_cert.entry(item.cert_id.as_str()).or_insert(0);
            *n += 1;
            if *n > MAX_ASSOCIATIONS_PER_CERTIFICATE {
                return Err(invalid(format!(
                    "body.config gives certificate {} more than {MAX_ASSOCIATIONS_PER_CERTIFICATE} associations; Cloudflare allows {MAX_ASSOCIATIONS_PER_CERTIFICATE} per certificate",
                    item.cert_id
                )));
            }
        }
    }
    #[derive(Serialize)]
    struct Item<'a> {
        hostname: &'a str,
        cert_id: &'a str,
        // Always written: `None` is the explicit JSON null that voids (P9).
        enabled: Option<bool>,
    }
    #[derive(Serialize)]
    struct Body<'a> {
        config: Vec<Item<'a>>,
    }
    let config = items
        .iter()
        .map(|a| Item { hostname: a.hostname.as_str(), cert_id: a.cert_id.as_str(), enabled: a.state.as_json() })
        .collect();
    let body = to_json(&Body { config })?;
    Ok(Request::new(Operation::SetHostnames, zone_path(zone, "/hostnames"), Some(body)))
}

/// `GET /zones/{zone_id}/origin_tls_client_auth/hostnames/{hostname}`.
pub fn get_hostname(zone: &ZoneId, hostname: &Hostname) -> Request {
    let path = zone_path(zone, &format!("/hostnames/{}", escape_segment(hostname.as_str())));
    Request::new(Operation::GetHostname, path, None)
}

/// Largest `per_page` the association list accepts.
pub const MAX_PER_PAGE: u32 = 1000;

/// `GET /zones/{zone_id}/origin_tls_client_auth/hostnames?page=&per_page=&status=`. Only the
/// parameters given are sent (Cloudflare's defaults: page 1, 50 per page, status `active`).
///
/// # Errors
/// [`Error::InvalidArgument`] for `page` 0 or `per_page` outside `1..=1000`.
pub fn list_hostnames(
    zone: &ZoneId,
    page: Option<u32>,
    per_page: Option<u32>,
    status: Option<StatusFilter>,
) -> Result<Request> {
    let mut query = Vec::new();
    if let Some(p) = page {
        if p == 0 {
            return Err(invalid("page must be 1 or more"));
        }
        query.push(format!("page={p}"));
    }
    if let Some(n) = per_page {
        if !(1..=MAX_PER_PAGE).contains(&n) {
            return Err(invalid(format!("per_page must be between 1 and {MAX_PER_PAGE}")));
        }
        query.push(format!("per_page={n}"));
    }
    if let Some(s) = status {
        query.push(format!("status={}", s.as_str()));
    }
    let mut path = zone_path(zone, "/hostnames");
    if !query.is_empty() {
        path.push('?');
        path.push_str(&query.join("&"));
    }
    Ok(Request::new(Operation::ListHostnames, path, None))
}

/// Parameter names of the schema, as [`build`] takes them.
const PARAMETERS: [&str; 7] = ["zone_id", "certificate_id", "hostname", "page", "per_page", "status", "body"];

impl Operation {
    /// The parameters [`build`] takes for this operation (path, query and `body`).
    pub fn parameters(self) -> &'static [&'static str] {
        match self {
            Self::ListZoneCertificates | Self::GetZoneSetting | Self::ListHostnameCertificates => &["zone_id"],
            Self::UploadZoneCertificate
            | Self::SetZoneSetting
            | Self::UploadHostnameCertificate
            | Self::SetHostnames => &["zone_id", "body"],
            Self::GetZoneCertificate
            | Self::DeleteZoneCertificate
            | Self::GetHostnameCertificate
            | Self::DeleteHostnameCertificate => &["zone_id", "certificate_id"],
            Self::GetHostname => &["zone_id", "hostname"],
            Self::ListHostnames => &["zone_id", "page", "per_page", "status"],
        }
    }
}

/// `zoneId` -> `zone_id`, for the "did you mean" hint.
fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The parameters of [`build`], read in place: nothing is copied, so an upload's private key
/// exists only in the caller's value and in the wiped [`UploadBody`].
struct Params<'a> {
    map: Option<&'a Map<String, Value>>,
}

impl<'a> Params<'a> {
    /// Accept `params` for `op`: an object (or null) with no parameter `op` does not take.
    fn new(params: &'a Value, op: Operation) -> Result<Self> {
        let map = match params {
            Value::Object(map) => map,
            Value::Null => return Ok(Self { map: None }),
            _ => return Err(invalid("params must be an object such as {\"zone_id\": \"…\"}")),
        };
        let takes = op.parameters();
        if let Some(name) = map.iter().find(|(k, v)| !v.is_null() && !takes.contains(&k.as_str())).map(|(k, _)| k) {
            let snake = snake_case(name);
            let detail = if PARAMETERS.contains(&name.as_str()) {
                format!("parameter {name} is not used by {}; it takes {}", op.operation_id(), takes.join(", "))
            } else if PARAMETERS.contains(&snake.as_str()) {
                format!("unknown parameter {name}; the schema's name is {snake}")
            } else {
                format!("unknown parameter {name}; {} takes {}", op.operation_id(), takes.join(", "))
            };
            return Err(invalid(detail));
        }
        Ok(Self { map: Some(map) })
    }

    /// The parameter, `None` when absent or `null`.
    fn get(&self, name: &str) -> Option<&'a Value> {
        self.map.and_then(|m| m.get(name)).filter(|v| !v.is_null())
    }

    fn string(&self, name: &str) -> Result<Option<&'a str>> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(invalid(format!("{name} must be a string"))),
        }
    }

    fn required(&self, name: &str) -> Result<&'a str> {
        self.string(name)?.ok_or_else(|| invalid(format!("{name} is required")))
    }

    fn zone(&self) -> Result<ZoneId> {
        ZoneId::parse(self.required("zone_id")?)
    }

    fn cert(&self) -> Result<CertificateId> {
        CertificateId::parse(self.required("certificate_id")?)
    }

    /// A whole number given as a JSON number or as decimal digits; negative numbers become
    /// 0 and huge ones `u32::MAX`, so the range checks report them.
    fn integer(&self, name: &str) -> Result<Option<u32>> {
        let bad = || invalid(format!("{name} must be a whole number"));
        match self.get(name) {
            None => Ok(None),
            Some(Value::Number(n)) => {
                if let Some(u) = n.as_u64() {
                    Ok(Some(u32::try_from(u).unwrap_or(u32::MAX)))
                } else if n.as_i64().is_some() {
                    Ok(Some(0))
                } else {
                    match n.as_f64() {
                        Some(f) if f.fract() == 0.0 && f <= 0.0 => Ok(Some(0)),
                        Some(f) if f.fract() == 0.0 && f < f64::from(u32::MAX) => Ok(Some(f as u32)),
                        Some(f) if f.fract() == 0.0 => Ok(Some(u32::MAX)),
                        _ => Err(bad()),
                    }
                }
            }
            Some(Value::String(s)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                Ok(Some(s.parse::<u32>().unwrap_or(u32::MAX)))
            }
            Some(_) => Err(bad()),
        }
    }

    fn body(&self) -> Result<&'a Map<String, Value>> {
        match self.get("body") {
            Some(Value::Object(m)) => Ok(m),
            Some(_) => Err(invalid("body must be an object")),
            None => Err(invalid("body is required")),
        }
    }
}

fn body_string<'a>(body: &'a Map<String, Value>, name: &str) -> Result<&'a str> {
    match body.get(name) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(invalid(format!("body.{name} must be a string"))),
        None => Err(invalid(format!("body.{name} is required"))),
    }
}

/// Refuse fields beyond `allowed` (AOP-API.md P17: the schema would not catch typos).
fn only_fields(object: &Map<String, Value>, at: &str, allowed: &[&str]) -> Result<()> {
    match object.keys().find(|k| !allowed.contains(&k.as_str())) {
        None => Ok(()),
        Some(k) => Err(invalid(format!("{at}.{k} is not a documented field; {at} holds {} only", allowed.join(", ")))),
    }
}

fn upload_from(body: &Map<String, Value>) -> Result<UploadBody> {
    only_fields(body, "body", &["certificate", "private_key"])?;
    UploadBody::checked(body_string(body, "certificate")?, body_string(body, "private_key")?, "body")
}

fn associations_from(body: &Map<String, Value>) -> Result<Vec<HostnameAssociation>> {
    let config = match body.get("config") {
        Some(Value::Array(items)) => items,
        Some(_) => return Err(invalid("body.config must be an array of {hostname, cert_id, enabled} items")),
        None => return Err(invalid("body.config is required")),
    };
    only_fields(body, "body", &["config"])?;
    config
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let at = format!("body.config[{i}]");
            let Value::Object(item) = item else {
                return Err(invalid(format!("{at} must be an object {{hostname, cert_id, enabled}}")));
            };
            only_fields(item, &at, &["hostname", "cert_id", "enabled"])?;
            let field = |name: &str| {
                item.get(name).ok_or_else(|| {
                    let extra = if name == "cert_id" { " (also when voiding with enabled: null)" } else { "" };
                    invalid(format!("{at}.{name} is required{extra}"))
                })
            };
            let hostname = match field("hostname")? {
                Value::String(s) => Hostname::parse_named(s, &format!("{at}.hostname"))?,
                _ => return Err(invalid(format!("{at}.hostname must be a string"))),
            };
            let cert_id = match field("cert_id")? {
                Value::String(s) => CertificateId::parse_named(s, &format!("{at}.cert_id"))?,
                _ => return Err(invalid(format!("{at}.cert_id must be a string"))),
            };
            let state = match field("enabled")? {
                Value::Bool(true) => AssociationState::Enabled,
                Value::Bool(false) => AssociationState::Disabled,
                Value::Null => AssociationState::Void,
                _ => {
                    return Err(invalid(format!(
                        "{at}.enabled must be true, false or null (null voids the association)"
                    )))
                }
            };
            Ok(HostnameAssociation { hostname, cert_id, state })
        })
        .collect()
}

/// Overwrite every string in `value` (an upload's params hold a private key); call it on a
/// parsed params value once [`build`] is done with it.
pub fn wipe_strings(value: &mut Value) {
    match value {
        Value::String(s) => s.zeroize(),
        Value::Array(items) => items.iter_mut().for_each(wipe_strings),
        Value::Object(map) => map.values_mut().for_each(wipe_strings),
        _ => {}
    }
}

/// Build the request for `operation_id` from the schema's parameter names: `zone_id`,
/// `certificate_id`, `hostname`, `page`, `per_page`, `status`, and `body` (an object) for
/// the operations that send one. A `null` parameter counts as absent.
///
/// Inside `params`, `body.config[].enabled` must be present: `null` (void) is a value here,
/// so it is not dropped like a `null` parameter.
///
/// # Errors
/// [`Error::InvalidArgument`] for an unknown operationId, a missing, malformed or unknown
/// parameter, an undocumented body field, or any of the checks of the constructors.
pub fn build(operation_id: &str, params: &Value) -> Result<Request> {
    let op = Operation::from_id(operation_id).ok_or_else(|| {
        invalid("unknown operationId; use one of the 13 operationIds of Cloudflare's AOP schema (see Operation::ALL / the README)")
    })?;
    let p = Params::new(params, op)?;
    let request = match op {
        Operation::ListZoneCertificates => list_zone_certificates(&p.zone()?),
        Operation::UploadZoneCertificate => {
            let zone = p.zone()?;
            upload_zone_certificate(&zone, &upload_from(p.body()?)?)?
        }
        Operation::GetZoneCertificate => get_zone_certificate(&p.zone()?, &p.cert()?),
        Operation::DeleteZoneCertificate => delete_zone_certificate(&p.zone()?, &p.cert()?),
        Operation::GetZoneSetting => get_zone_setting(&p.zone()?),
        Operation::SetZoneSetting => {
            let zone = p.zone()?;
            let body = p.body()?;
            only_fields(body, "body", &["enabled"])?;
            let enabled = match body.get("enabled") {
                Some(Value::Bool(b)) => *b,
                Some(Value::Null) => {
                    return Err(invalid("body.enabled must be true or false; null is not allowed for the zone setting"))
                }
                Some(_) => return Err(invalid("body.enabled must be true or false")),
                None => return Err(invalid("body.enabled is required")),
            };
            set_zone_setting(&zone, enabled)
        }
        Operation::ListHostnameCertificates => list_hostname_certificates(&p.zone()?),
        Operation::UploadHostnameCertificate => {
            let zone = p.zone()?;
            upload_hostname_certificate(&zone, &upload_from(p.body()?)?)?
        }
        Operation::GetHostnameCertificate => get_hostname_certificate(&p.zone()?, &p.cert()?),
        Operation::DeleteHostnameCertificate => delete_hostname_certificate(&p.zone()?, &p.cert()?),
        Operation::SetHostnames => {
            let zone = p.zone()?;
            set_hostnames(&zone, &associations_from(p.body()?)?)?
        }
        Operation::GetHostname => {
            let zone = p.zone()?;
            let host = Hostname::parse(p.required("hostname")?)?;
            get_hostname(&zone, &host)
        }
        Operation::ListHostnames => {
            let zone = p.zone()?;
            let page = p.integer("page")?;
            let per_page = p.integer("per_page")?;
            let status = p.string("status")?.map(StatusFilter::parse).transpose()?;
            list_hostnames(&zone, page, per_page, status)?
        }
    };
    Ok(request)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde_json::json;

    const ZONE: &str = "023e105f4ecef8ad9ca31a8372d0c353";
    const CERT: &str = "2458ce5a-0c35-4c7f-82c7-8e9487d3ff60";
    const P: &str = "/zones/023e105f4ecef8ad9ca31a8372d0c353/origin_tls_client_auth";
    const PEM_CERT: &str = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    const PEM_KEY: &str = "-----BEGIN PRIVATE KEY-----\nSECRETKEYMATERIAL\n-----END PRIVATE KEY-----\n";

    fn zone() -> ZoneId {
        ZoneId::parse(ZONE).unwrap()
    }
    fn cert() -> CertificateId {
        CertificateId::parse(CERT).unwrap()
    }
    fn body_json(r: &Request) -> Value {
        serde_json::from_str(r.body.as_deref().unwrap()).unwrap()
    }
    fn err(r: Result<Request>) -> String {
        let e = r.unwrap_err();
        assert_eq!(e.code(), "INVALID_ARGUMENT");
        e.to_string()
    }

    #[test]
    fn operation_table_matches_the_schema_listing() {
        // Transcribed from aop-openapi.json (method, path, operationId); the Node test checks
        // the same against the schema file itself.
        let expected = [
            (
                "GET",
                "/zones/{zone_id}/origin_tls_client_auth",
                "zone-level-authenticated-origin-pulls-list-certificates",
            ),
            (
                "POST",
                "/zones/{zone_id}/origin_tls_client_auth",
                "zone-level-authenticated-origin-pulls-upload-certificate",
            ),
            (
                "GET",
                "/zones/{zone_id}/origin_tls_client_auth/{certificate_id}",
                "zone-level-authenticated-origin-pulls-get-certificate-details",
            ),
            (
                "DELETE",
                "/zones/{zone_id}/origin_tls_client_auth/{certificate_id}",
                "zone-level-authenticated-origin-pulls-delete-certificate",
            ),
            (
                "GET",
                "/zones/{zone_id}/origin_tls_client_auth/settings",
                "zone-level-authenticated-origin-pulls-get-enablement-setting-for-zone",
            ),
            (
                "PUT",
                "/zones/{zone_id}/origin_tls_client_auth/settings",
                "zone-level-authenticated-origin-pulls-set-enablement-for-zone",
            ),
            (
                "GET",
                "/zones/{zone_id}/origin_tls_client_auth/hostnames/certificates",
                "per-hostname-authenticated-origin-pull-list-certificates",
            ),
            (
                "POST",
                "/zones/{zone_id}/origin_tls_client_auth/hostnames/certificates",
                "per-hostname-authenticated-origin-pull-upload-a-hostname-client-certificate",
            ),
            (
                "GET",
                "/zones/{zone_id}/origin_tls_client_auth/hostnames/certificates/{certificate_id}",
                "per-hostname-authenticated-origin-pull-get-the-hostname-client-certificate",
            ),
            (
                "DELETE",
                "/zones/{zone_id}/origin_tls_client_auth/hostnames/certificates/{certificate_id}",
                "per-hostname-authenticated-origin-pull-delete-hostname-client-certificate",
            ),
            (
                "PUT",
                "/zones/{zone_id}/origin_tls_client_auth/hostnames",
                "per-hostname-authenticated-origin-pull-enable-or-disable-a-hostname-for-client-authentication",
            ),
            (
                "GET",
                "/zones/{zone_id}/origin_tls_client_auth/hostnames/{hostname}",
                "per-hostname-authenticated-origin-pull-get-the-hostname-status-for-client-authentication",
            ),
            (
                "GET",
                "/zones/{zone_id}/origin_tls_client_auth/hostnames",
                "per-hostname-authenticated-origin-pull-list-hostname-associations",
            ),
        ];
        for (op, (method, path, id)) in Operation::ALL.iter().zip(expected) {
            assert_eq!((op.method().as_str(), op.path_template(), op.operation_id()), (method, path, id));
            assert_eq!(Operation::from_id(id), Some(*op));
        }
        assert_eq!(Operation::from_id("zone-level-authenticated-origin-pulls-list"), None);
    }

    #[test]
    fn zone_level_requests() {
        let r = list_zone_certificates(&zone());
        assert_eq!((r.method, r.path.as_str(), r.body.as_deref()), (Method::Get, P, None));
        assert_eq!(r.operation_id(), "zone-level-authenticated-origin-pulls-list-certificates");

        let up = UploadBody::new(PEM_CERT, PEM_KEY).unwrap();
        let r = upload_zone_certificate(&zone(), &up).unwrap();
        assert_eq!((r.method, r.path.as_str()), (Method::Post, P));
        assert_eq!(body_json(&r), json!({"certificate": PEM_CERT, "private_key": PEM_KEY}));
        // PEM line breaks travel as \n escapes (AOP-API.md R4).
        assert!(r.body.as_deref().unwrap().contains("-----\\nMIIB\\n-----"));

        let r = get_zone_certificate(&zone(), &cert());
        assert_eq!((r.method, r.path.as_str(), r.body.as_deref()), (Method::Get, format!("{P}/{CERT}").as_str(), None));
        let r = delete_zone_certificate(&zone(), &cert());
        assert_eq!(
            (r.method, r.path.as_str(), r.body.as_deref()),
            (Method::Delete, format!("{P}/{CERT}").as_str(), None)
        );

        let r = get_zone_setting(&zone());
        assert_eq!(
            (r.method, r.path.as_str(), r.body.as_deref()),
            (Method::Get, format!("{P}/settings").as_str(), None)
        );
        let r = set_zone_setting(&zone(), true);
        assert_eq!((r.method, r.path.as_str()), (Method::Put, format!("{P}/settings").as_str()));
        assert_eq!(body_json(&r), json!({"enabled": true}));
        assert_eq!(body_json(&set_zone_setting(&zone(), false)), json!({"enabled": false}));
    }

    #[test]
    fn per_hostname_requests() {
        let r = list_hostname_certificates(&zone());
        assert_eq!(
            (r.method, r.path.as_str(), r.body.as_deref()),
            (Method::Get, format!("{P}/hostnames/certificates").as_str(), None)
        );
        let up = UploadBody::new(PEM_CERT, PEM_KEY).unwrap();
        let r = upload_hostname_certificate(&zone(), &up).unwrap();
        assert_eq!((r.method, r.path.as_str()), (Method::Post, format!("{P}/hostnames/certificates").as_str()));
        assert_eq!(body_json(&r), json!({"certificate": PEM_CERT, "private_key": PEM_KEY}));
        let r = get_hostname_certificate(&zone(), &cert());
        assert_eq!(
            (r.method, r.path.as_str(), r.body.as_deref()),
            (Method::Get, format!("{P}/hostnames/certificates/{CERT}").as_str(), None)
        );
        let r = delete_hostname_certificate(&zone(), &cert());
        assert_eq!(
            (r.method, r.path.as_str(), r.body.as_deref()),
            (Method::Delete, format!("{P}/hostnames/certificates/{CERT}").as_str(), None)
        );
        let r = get_hostname(&zone(), &Hostname::parse("Bücher.Example").unwrap());
        assert_eq!(
            (r.method, r.path.as_str(), r.body.as_deref()),
            (Method::Get, format!("{P}/hostnames/xn--bcher-kva.example").as_str(), None)
        );
    }

    #[test]
    fn associations_serialise_enabled_explicitly() {
        let item =
            |h: &str, state| HostnameAssociation { hostname: Hostname::parse(h).unwrap(), cert_id: cert(), state };
        let r = set_hostnames(
            &zone(),
            &[
                item("a.example.com", AssociationState::Enabled),
                item("b.example.com", AssociationState::Disabled),
                item("c.example.com", AssociationState::Void),
            ],
        )
        .unwrap();
        assert_eq!((r.method, r.path.as_str()), (Method::Put, format!("{P}/hostnames").as_str()));
        assert_eq!(
            r.body.as_deref().unwrap(),
            format!(
                r#"{{"config":[{{"hostname":"a.example.com","cert_id":"{CERT}","enabled":true}},{{"hostname":"b.example.com","cert_id":"{CERT}","enabled":false}},{{"hostname":"c.example.com","cert_id":"{CERT}","enabled":null}}]}}"#
            )
        );
    }

    #[test]
    fn association_batch_rules() {
        let item =
            |h: String, state| HostnameAssociation { hostname: Hostname::parse(&h).unwrap(), cert_id: cert(), state };
        assert!(err(set_hostnames(&zone(), &[])).contains("at least one"));
        let dup = [
            item("a.example.com".into(), AssociationState::Enabled),
            item("A.example.com.".into(), AssociationState::Void),
        ];
        assert!(err(set_hostnames(&zone(), &dup)).contains("body.config[1].hostname repeats body.config[0].hostname"));
        let hundred: Vec<_> = (0..100).map(|i| item(format!("h{i}.example.com"), AssociationState::Enabled)).collect();
        assert!(set_hostnames(&zone(), &hundred).is_ok());
        let mut over = hundred.clone();
        over.push(item("h100.example.com".into(), AssociationState::Disabled));
        assert!(err(set_hostnames(&zone(), &over)).contains("more than 100 associations"));
        // Voids do not count towards the limit.
        let mut voids = hundred;
        voids.push(item("h100.example.com".into(), AssociationState::Void));
        assert!(set_hostnames(&zone(), &voids).is_ok());
    }

    #[test]
    fn list_hostnames_query() {
        let r = list_hostnames(&zone(), None, None, None).unwrap();
        assert_eq!(r.path, format!("{P}/hostnames"));
        let r = list_hostnames(&zone(), Some(2), Some(1000), Some(StatusFilter::All)).unwrap();
        assert_eq!(r.path, format!("{P}/hostnames?page=2&per_page=1000&status=all"));
        let r = list_hostnames(&zone(), None, Some(1), Some(StatusFilter::DeploymentTimedOut)).unwrap();
        assert_eq!(r.path, format!("{P}/hostnames?per_page=1&status=deployment_timed_out"));
        assert!(err(list_hostnames(&zone(), Some(0), None, None)).contains("page must be 1 or more"));
        assert!(err(list_hostnames(&zone(), None, Some(0), None)).contains("per_page must be between 1 and 1000"));
        assert!(err(list_hostnames(&zone(), None, Some(1001), None)).contains("per_page must be between 1 and 1000"));
    }

    #[test]
    fn upload_body_checks_and_redaction() {
        let e = UploadBody::new("", PEM_KEY).unwrap_err().to_string();
        assert!(e.contains("body.certificate must be PEM"), "{e}");
        let e = UploadBody::new(PEM_KEY, PEM_CERT).unwrap_err().to_string();
        assert!(e.contains("body.certificate must be PEM"), "{e}");
        let e = UploadBody::new(&format!("{PEM_CERT}{PEM_KEY}"), PEM_KEY).unwrap_err().to_string();
        assert!(e.contains("contains a private key") && !e.contains("SECRETKEYMATERIAL"), "{e}");
        let e =
            UploadBody::new(PEM_CERT, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nx\n-----END ENCRYPTED PRIVATE KEY-----")
                .unwrap_err()
                .to_string();
        assert!(e.contains("encrypted"), "{e}");
        let legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nx\n-----END RSA PRIVATE KEY-----";
        assert!(UploadBody::new(PEM_CERT, legacy).unwrap_err().to_string().contains("encrypted"));
        let escaped = PEM_KEY.replace('\n', "\\n");
        let e = UploadBody::new(PEM_CERT, &escaped).unwrap_err().to_string();
        assert!(e.contains("body.private_key holds literal \\n sequences") && !e.contains("SECRETKEYMATERIAL"), "{e}");
        let e = UploadBody::new(&PEM_CERT.replace('\n', "\\n"), PEM_KEY).unwrap_err().to_string();
        assert!(e.contains("body.certificate holds literal"), "{e}");
        let up = UploadBody::new(PEM_CERT, PEM_KEY).unwrap();
        let r = upload_hostname_certificate(&zone(), &up).unwrap();
        let dbg = format!("{up:?} {r:?}");
        assert!(!dbg.contains("SECRETKEYMATERIAL") && dbg.contains("<redacted>") && dbg.contains("bytes>"), "{dbg}");
    }

    #[test]
    fn build_dispatches_every_operation() {
        let up = json!({"certificate": PEM_CERT, "private_key": PEM_KEY});
        let assoc =
            json!({"config": [{"hostname": "App.Example.com", "cert_id": CERT.to_uppercase(), "enabled": null}]});
        let cases = [
            (Operation::ListZoneCertificates, json!({"zone_id": ZONE}), P.to_owned()),
            (Operation::UploadZoneCertificate, json!({"zone_id": ZONE, "body": up}), P.to_owned()),
            (Operation::GetZoneCertificate, json!({"zone_id": ZONE, "certificate_id": CERT}), format!("{P}/{CERT}")),
            (Operation::DeleteZoneCertificate, json!({"zone_id": ZONE, "certificate_id": CERT}), format!("{P}/{CERT}")),
            (Operation::GetZoneSetting, json!({"zone_id": ZONE}), format!("{P}/settings")),
            (Operation::SetZoneSetting, json!({"zone_id": ZONE, "body": {"enabled": false}}), format!("{P}/settings")),
            (Operation::ListHostnameCertificates, json!({"zone_id": ZONE}), format!("{P}/hostnames/certificates")),
            (
                Operation::UploadHostnameCertificate,
                json!({"zone_id": ZONE, "body": up}),
                format!("{P}/hostnames/certificates"),
            ),
            (
                Operation::GetHostnameCertificate,
                json!({"zone_id": ZONE, "certificate_id": CERT}),
                format!("{P}/hostnames/certificates/{CERT}"),
            ),
            (
                Operation::DeleteHostnameCertificate,
                json!({"zone_id": ZONE.to_uppercase(), "certificate_id": CERT}),
                format!("{P}/hostnames/certificates/{CERT}"),
            ),
            (Operation::SetHostnames, json!({"zone_id": ZONE, "body": assoc}), format!("{P}/hostnames")),
            (
                Operation::GetHostname,
                json!({"zone_id": ZONE, "hostname": "münchen.de"}),
                format!("{P}/hostnames/xn--mnchen-3ya.de"),
            ),
            (
                Operation::ListHostnames,
                json!({"zone_id": ZONE, "page": 3, "per_page": "25", "status": "pending_deletion", "hostname": null}),
                format!("{P}/hostnames?page=3&per_page=25&status=pending_deletion"),
            ),
        ];
        for (op, params, path) in cases {
            let r = build(op.operation_id(), &params).unwrap();
            assert_eq!(
                (r.operation, r.method, r.path.as_str()),
                (op, op.method(), path.as_str()),
                "{}",
                op.operation_id()
            );
            let has_body = matches!(op.method(), Method::Post | Method::Put);
            assert_eq!(r.body.is_some(), has_body, "{}", op.operation_id());
        }
        let r = build(Operation::SetHostnames.operation_id(), &json!({"zone_id": ZONE, "body": assoc})).unwrap();
        assert_eq!(
            body_json(&r),
            json!({"config": [{"hostname": "app.example.com", "cert_id": CERT, "enabled": null}]})
        );
        let r = build(Operation::UploadZoneCertificate.operation_id(), &json!({"zone_id": ZONE, "body": up})).unwrap();
        assert_eq!(body_json(&r), up);
    }

    #[test]
    fn build_refuses_bad_params() {
        let id = |op: Operation| op.operation_id();
        let cases: Vec<(&str, Value, &str)> = vec![
            ("no-such-operation", json!({}), "unknown operationId"),
            (id(Operation::ListZoneCertificates), json!([]), "params must be an object"),
            (id(Operation::ListZoneCertificates), json!({}), "zone_id is required"),
            (id(Operation::ListZoneCertificates), json!({"zone_id": 5}), "zone_id must be a string"),
            (id(Operation::ListZoneCertificates), json!({"zone_id": "abc"}), "zone_id must be the zone's 32-character"),
            (
                id(Operation::ListZoneCertificates),
                json!({"zoneId": ZONE}),
                "unknown parameter zoneId; the schema's name is zone_id",
            ),
            (
                id(Operation::ListZoneCertificates),
                json!({"zone_id": ZONE, "certificate_id": CERT}),
                "parameter certificate_id is not used by zone-level-authenticated-origin-pulls-list-certificates",
            ),
            (id(Operation::ListZoneCertificates), json!({"zone_id": ZONE, "foo": 1}), "unknown parameter foo"),
            (id(Operation::GetZoneCertificate), json!({"zone_id": ZONE}), "certificate_id is required"),
            (
                id(Operation::GetZoneCertificate),
                json!({"zone_id": ZONE, "certificate_id": "../settings"}),
                "certificate_id must be",
            ),
            (
                id(Operation::GetHostname),
                json!({"zone_id": ZONE, "hostname": "*.example.com"}),
                "hostname is a wildcard",
            ),
            (id(Operation::SetZoneSetting), json!({"zone_id": ZONE}), "body is required"),
            (id(Operation::SetZoneSetting), json!({"zone_id": ZONE, "body": "x"}), "body must be an object"),
            (id(Operation::SetZoneSetting), json!({"zone_id": ZONE, "body": {"enabled": null}}), "null is not allowed"),
            (
                id(Operation::SetZoneSetting),
                json!({"zone_id": ZONE, "body": {"enabled": "true"}}),
                "body.enabled must be true or false",
            ),
            (id(Operation::SetZoneSetting), json!({"zone_id": ZONE, "body": {}}), "body.enabled is required"),
            (
                id(Operation::SetZoneSetting),
                json!({"zone_id": ZONE, "body": {"enabled": true, "value": "on"}}),
                "body.value is not a documented field",
            ),
            (
                id(Operation::UploadZoneCertificate),
                json!({"zone_id": ZONE, "body": {"certificate": PEM_CERT}}),
                "body.private_key is required",
            ),
            (
                id(Operation::UploadZoneCertificate),
                json!({"zone_id": ZONE, "body": {"certificate": PEM_CERT, "private_key": PEM_KEY, "bundle_method": "ubiquitous"}}),
                "body.bundle_method is not a documented field",
            ),
            (
                id(Operation::UploadHostnameCertificate),
                json!({"zone_id": ZONE, "body": {"certificate": 1, "private_key": PEM_KEY}}),
                "body.certificate must be a string",
            ),
            (id(Operation::SetHostnames), json!({"zone_id": ZONE, "body": {}}), "body.config is required"),
            (
                id(Operation::SetHostnames),
                json!({"zone_id": ZONE, "body": {"config": {}}}),
                "body.config must be an array",
            ),
            (id(Operation::SetHostnames), json!({"zone_id": ZONE, "body": {"config": []}}), "at least one"),
            (
                id(Operation::SetHostnames),
                json!({"zone_id": ZONE, "body": {"config": [1]}}),
                "body.config[0] must be an object",
            ),
            (
                id(Operation::SetHostnames),
                json!({"zone_id": ZONE, "body": {"config": [{"hostname": "a.example.com", "enabled": null}]}}),
                "body.config[0].cert_id is required (also when voiding",
            ),
            (
                id(Operation::SetHostnames),
                json!({"zone_id": ZONE, "body": {"config": [{"hostname": "a.example.com", "cert_id": CERT}]}}),
                "body.config[0].enabled is required",
            ),
            (
                id(Operation::SetHostnames),
                json!({"zone_id": ZONE, "body": {"config": [{"hostname": "a.example.com", "cert_id": CERT, "enabled": "yes"}]}}),
                "body.config[0].enabled must be true, false or null",
            ),
            (
                id(Operation::SetHostnames),
                json!({"zone_id": ZONE, "body": {"config": [{"hostname": "a.example.com", "certid": CERT, "cert_id": CERT, "enabled": true}]}}),
                "body.config[0].certid is not a documented field",
            ),
            (
                id(Operation::SetHostnames),
                json!({"zone_id": ZONE, "body": {"config": [{"hostname": "a.example.com", "cert_id": CERT, "enabled": true}, {"hostname": "b..example.com", "cert_id": CERT, "enabled": true}]}}),
                "body.config[1].hostname has an empty label",
            ),
            (
                id(Operation::SetHostnames),
                json!({"zone_id": ZONE, "body": {"config": [{"hostname": "a.example.com", "cert_id": "023e105f", "enabled": true}]}}),
                "body.config[0].cert_id must be",
            ),
            (id(Operation::ListHostnames), json!({"zone_id": ZONE, "page": 0}), "page must be 1 or more"),
            (id(Operation::ListHostnames), json!({"zone_id": ZONE, "page": -1}), "page must be 1 or more"),
            (id(Operation::ListHostnames), json!({"zone_id": ZONE, "page": 1.5}), "page must be a whole number"),
            (id(Operation::ListHostnames), json!({"zone_id": ZONE, "page": "two"}), "page must be a whole number"),
            (
                id(Operation::ListHostnames),
                json!({"zone_id": ZONE, "per_page": 5000}),
                "per_page must be between 1 and 1000",
            ),
            (
                id(Operation::ListHostnames),
                json!({"zone_id": ZONE, "per_page": 1e12}),
                "per_page must be between 1 and 1000",
            ),
            (
                id(Operation::ListHostnames),
                json!({"zone_id": ZONE, "status": "active,deleted"}),
                "status must be one of",
            ),
            (
                id(Operation::DeleteZoneCertificate),
                json!({"zone_id": ZONE, "certificate_id": CERT, "body": {}}),
                "parameter body is not used",
            ),
        ];
        for (op, params, needle) in cases {
            let e = err(build(op, &params));
            assert!(e.contains(needle), "{op} {params}: {e}");
        }
    }

    #[test]
    fn errors_never_quote_the_key() {
        let params = json!({"zone_id": ZONE, "body": {"certificate": PEM_CERT, "private_key": PEM_KEY, "private_key_copy": PEM_KEY}});
        let e = build(Operation::UploadZoneCertificate.operation_id(), &params).unwrap_err().to_string();
        assert!(!e.contains("SECRETKEYMATERIAL"), "{e}");
        let mut v = params;
        wipe_strings(&mut v);
        assert!(!v.to_string().contains("SECRETKEYMATERIAL"));
    }
}
