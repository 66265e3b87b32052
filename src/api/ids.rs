//! The identifiers and query values of the AOP API, parsed once: a [`ZoneId`],
//! [`CertificateId`], [`Hostname`] or [`StatusFilter`] exists only if its text was valid.
//!
//! Error messages name the parameter and the rule that failed. They never repeat the value
//! of an id: a token pasted into the wrong field must not end up in an error message or log.

use super::idna;
use crate::error::{Error, Result};
use std::fmt;

fn invalid(detail: String) -> Error {
    Error::InvalidArgument { detail }
}

fn is_hex(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A zone id: 32 hexadecimal characters (Cloudflare's zone tag), stored lowercase.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ZoneId(String);

impl ZoneId {
    /// Parse a zone id; upper-case hex is accepted and lowercased.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `zone_id` unless `s` is 32 hex characters.
    pub fn parse(s: &str) -> Result<Self> {
        Self::parse_named(s, "zone_id")
    }

    /// As [`ZoneId::parse`], naming `param` in the error.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless `s` is 32 hex characters.
    pub fn parse_named(s: &str, param: &str) -> Result<Self> {
        if s.len() == 32 && is_hex(s) {
            return Ok(Self(s.to_ascii_lowercase()));
        }
        let why = if s.is_empty() {
            "is empty".to_owned()
        } else if s.len() != 32 {
            format!("has {} characters", s.chars().count())
        } else {
            "contains a character that is not hexadecimal".to_owned()
        };
        Err(invalid(format!(
            "{param} must be the zone's 32-character hexadecimal id (dashboard: the zone's Overview page, \"Zone ID\"); it {why}"
        )))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ZoneId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A certificate id: a UUID (`8-4-4-4-12` hex, 36 characters, as Cloudflare returns them) or
/// 32 hex characters (the schema's `identifier` form), stored lowercase.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CertificateId(String);

impl CertificateId {
    /// Parse a certificate id.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `certificate_id` unless `s` is a UUID or 32 hex.
    pub fn parse(s: &str) -> Result<Self> {
        Self::parse_named(s, "certificate_id")
    }

    /// As [`CertificateId::parse`], naming `param` in the error.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless `s` is a UUID or 32 hex characters.
    pub fn parse_named(s: &str, param: &str) -> Result<Self> {
        let uuid = s.len() == 36 && s.split('-').map(str::len).eq([8, 4, 4, 4, 12]) && s.split('-').all(is_hex);
        if uuid || (s.len() == 32 && is_hex(s)) {
            return Ok(Self(s.to_ascii_lowercase()));
        }
        let why = if s.is_empty() { "it is empty".to_owned() } else { format!("got {} characters", s.chars().count()) };
        Err(invalid(format!(
            "{param} must be a certificate id as Cloudflare returns it: a UUID (8-4-4-4-12 hexadecimal, 36 characters) or 32 hexadecimal characters; {why}"
        )))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CertificateId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A hostname in the API's form: lowercase ASCII, punycode for internationalised labels, no
/// trailing dot (rules in [`super::idna`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Hostname(String);

impl Hostname {
    /// Parse and normalise a hostname (`Bücher.example.` -> `xn--bcher-kva.example`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `hostname` and the rule that failed.
    pub fn parse(s: &str) -> Result<Self> {
        Self::parse_named(s, "hostname")
    }

    /// As [`Hostname::parse`], naming `param` in the error.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `param` and the rule that failed.
    pub fn parse_named(s: &str, param: &str) -> Result<Self> {
        idna::hostname_to_ascii(s).map(Self).map_err(|why| invalid(format!("{param} {why}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Hostname {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The `status` filter of the association list (`GET …/hostnames`), the schema's enum.
/// One value per request: the schema types it as a single enum string, although its
/// description mentions comma-separated values (AOP-API.md, P14).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StatusFilter {
    Active,
    PendingDeployment,
    PendingDeletion,
    Deleted,
    DeploymentTimedOut,
    DeletionTimedOut,
    All,
}

impl StatusFilter {
    /// Every value, in the schema's order.
    pub const ALL: [StatusFilter; 7] = [
        Self::Active,
        Self::PendingDeployment,
        Self::PendingDeletion,
        Self::Deleted,
        Self::DeploymentTimedOut,
        Self::DeletionTimedOut,
        Self::All,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::PendingDeployment => "pending_deployment",
            Self::PendingDeletion => "pending_deletion",
            Self::Deleted => "deleted",
            Self::DeploymentTimedOut => "deployment_timed_out",
            Self::DeletionTimedOut => "deletion_timed_out",
            Self::All => "all",
        }
    }

    /// Parse one of the schema's values (exact, lowercase).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `status` and listing the allowed values.
    pub fn parse(s: &str) -> Result<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s).ok_or_else(|| {
            let allowed: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
            invalid(format!("status must be one of {} (one value per request)", allowed.join(", ")))
        })
    }
}

/// Percent-encode one path segment: everything but RFC 3986 `unreserved` characters.
pub fn escape_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push_str(&crate::hex::encode(&[b]).to_ascii_uppercase());
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn detail(e: Error) -> String {
        assert_eq!(e.code(), "INVALID_ARGUMENT");
        match e {
            Error::InvalidArgument { detail } => detail,
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn zone_ids() {
        assert_eq!(
            ZoneId::parse("023e105f4ecef8ad9ca31a8372d0c353").unwrap().as_str(),
            "023e105f4ecef8ad9ca31a8372d0c353"
        );
        assert_eq!(
            ZoneId::parse("023E105F4ECEF8AD9CA31A8372D0C353").unwrap().as_str(),
            "023e105f4ecef8ad9ca31a8372d0c353"
        );
        for bad in [
            "",
            "023e105f4ecef8ad9ca31a8372d0c35",
            "023e105f4ecef8ad9ca31a8372d0c3533",
            "023e105f4ecef8ad9ca31a8372d0c35g",
            "example.com",
        ] {
            let d = detail(ZoneId::parse(bad).unwrap_err());
            assert!(d.starts_with("zone_id must be"), "{d}");
        }
        // The value itself is never repeated (it might be a token pasted in the wrong place).
        let token = "Xk9_abcdefGHIJKLmnopQRSTuvwxYZ0123456789";
        let d = detail(ZoneId::parse(token).unwrap_err());
        assert!(!d.contains(token) && d.contains("40 characters"), "{d}");
    }

    #[test]
    fn certificate_ids() {
        assert_eq!(
            CertificateId::parse("2458ce5a-0c35-4c7f-82c7-8e9487d3ff60").unwrap().as_str(),
            "2458ce5a-0c35-4c7f-82c7-8e9487d3ff60"
        );
        assert_eq!(
            CertificateId::parse("2458CE5A-0C35-4C7F-82C7-8E9487D3FF60").unwrap().as_str(),
            "2458ce5a-0c35-4c7f-82c7-8e9487d3ff60"
        );
        assert_eq!(
            CertificateId::parse("023e105f4ecef8ad9ca31a8372d0c353").unwrap().as_str(),
            "023e105f4ecef8ad9ca31a8372d0c353"
        );
        for bad in [
            "",
            "2458ce5a-0c35-4c7f-82c7-8e9487d3ff6",  // 35
            "2458ce5a0-c35-4c7f-82c7-8e9487d3ff60", // hyphens in the wrong places
            "2458ce5a-0c35-4c7f-82c7-8e9487d3ff6g", // not hex
            "2458ce5a-0c35-4c7f-82c7_8e9487d3ff60", // underscore
            "2458ce5a0c354c7f82c78e9487d3ff60aa",   // 34 hex
            "../../zones",
        ] {
            let d = detail(CertificateId::parse(bad).unwrap_err());
            assert!(d.starts_with("certificate_id must be"), "{bad}: {d}");
            assert!(bad.is_empty() || !d.contains(bad));
        }
        let d = detail(CertificateId::parse_named("x", "body.config[2].cert_id").unwrap_err());
        assert!(d.starts_with("body.config[2].cert_id must be"), "{d}");
    }

    #[test]
    fn hostnames() {
        assert_eq!(Hostname::parse("App.Bücher.Example.").unwrap().as_str(), "app.xn--bcher-kva.example");
        let d = detail(Hostname::parse("*.example.com").unwrap_err());
        assert!(d.starts_with("hostname is a wildcard"), "{d}");
        let d = detail(Hostname::parse_named("a..b", "body.config[0].hostname").unwrap_err());
        assert!(d.starts_with("body.config[0].hostname has an empty label"), "{d}");
    }

    #[test]
    fn status_filter() {
        for v in StatusFilter::ALL {
            assert_eq!(StatusFilter::parse(v.as_str()).unwrap(), v);
        }
        for bad in ["", "Active", "initializing", "active,deleted", "any"] {
            let d = detail(StatusFilter::parse(bad).unwrap_err());
            assert!(d.contains("status must be one of active, pending_deployment"), "{d}");
        }
    }

    #[test]
    fn segments_are_escaped() {
        assert_eq!(escape_segment("app.example.com"), "app.example.com");
        assert_eq!(escape_segment("a/b?c#d e%"), "a%2Fb%3Fc%23d%20e%25");
        assert_eq!(escape_segment("ü"), "%C3%BC");
    }
}
