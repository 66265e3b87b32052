//! What minting takes, checked before any key is made: the key type, names, validity and DNS
//! names. Every refusal is `INVALID_ARGUMENT` naming the option.

use crate::error::{Error, Result};

/// The key types minting makes (the contract's `keyType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyType {
    P256,
    P384,
    Rsa2048,
    Rsa3072,
    Rsa4096,
}

impl KeyType {
    /// Every key type, in the contract's order.
    pub const ALL: [KeyType; 5] = [KeyType::P256, KeyType::P384, KeyType::Rsa2048, KeyType::Rsa3072, KeyType::Rsa4096];

    /// `'P-256'`, `'P-384'`, `'RSA-2048'`, `'RSA-3072'` or `'RSA-4096'`.
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` for anything else.
    pub fn parse(text: &str) -> Result<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text).ok_or_else(|| {
            invalid(format!("keyType must be one of 'P-256', 'P-384', 'RSA-2048', 'RSA-3072', 'RSA-4096', not '{}'", shorten(text)))
        })
    }

    /// The contract's name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::P256 => "P-256",
            KeyType::P384 => "P-384",
            KeyType::Rsa2048 => "RSA-2048",
            KeyType::Rsa3072 => "RSA-3072",
            KeyType::Rsa4096 => "RSA-4096",
        }
    }

    /// The modulus size of an RSA key type; `None` for the curves.
    #[must_use]
    pub fn rsa_bits(self) -> Option<u32> {
        match self {
            KeyType::Rsa2048 => Some(2048),
            KeyType::Rsa3072 => Some(3072),
            KeyType::Rsa4096 => Some(4096),
            KeyType::P256 | KeyType::P384 => None,
        }
    }
}

/// Default validity of a CA (10 years) and of a client certificate (398 days, the longest a
/// public TLS certificate may have: nothing to explain to an auditor).
pub const DEFAULT_CA_DAYS: u32 = 3650;
pub const DEFAULT_CLIENT_DAYS: u32 = 398;

/// notBefore is this long before `now`, so a certificate minted on a machine whose clock runs
/// ahead of the origin's is not "not yet valid" there (for a client certificate, never before
/// its CA's notBefore).
pub const BACKDATE_SECONDS: i64 = 300;

/// The latest time a certificate can carry: 9999-12-31T23:59:59Z (RFC 5280 §4.1.2.5).
pub(crate) const LATEST: i64 = 253_402_300_799;

/// `ub-common-name` and `ub-organization-name` (RFC 5280 Appendix A.1): 64 characters.
pub const MAX_NAME_CHARS: usize = 64;

/// At most this many DNS names in one certificate or request (work bounded before it starts).
pub const MAX_DNS_NAMES: usize = 100;

fn invalid(detail: impl Into<String>) -> Error {
    Error::InvalidArgument { detail: detail.into() }
}

/// At most 40 characters of user text, for an error message.
fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// A name attribute (`what`: `commonName`, `organization`): 1 to 64 characters, not blank, no
/// control characters; encoded as a UTF8String as it is.
///
/// # Errors
/// `INVALID_ARGUMENT` naming `what`.
pub fn check_name(what: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(invalid(format!("{what} must not be empty")));
    }
    let chars = value.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(invalid(format!("{what} is {chars} characters; at most {MAX_NAME_CHARS} fit (RFC 5280 upper bound)")));
    }
    if value.chars().any(char::is_control) {
        return Err(invalid(format!("{what} must not contain control characters (line breaks, tabs)")));
    }
    if value.trim() != value {
        return Err(invalid(format!("{what} must not start or end with spaces")));
    }
    Ok(())
}

/// `validityDays`: a whole number of days, at least 1.
///
/// # Errors
/// `INVALID_ARGUMENT` for zero (a negative or fractional number is refused by the boundary,
/// which says so in the same words).
pub fn check_days(days: u32) -> Result<u32> {
    if days == 0 {
        return Err(invalid("validityDays must be a whole number of days, at least 1"));
    }
    Ok(days)
}

/// `dnsNames` as the certificate carries them: each hostname in its ASCII (A-label) form,
/// lowercase, checked as [`crate::api::idna::hostname_to_ascii`] checks the hostnames of the
/// API; a leading `*.` wildcard label is kept. Duplicates are dropped, order is kept.
///
/// # Errors
/// `INVALID_ARGUMENT` naming the first bad name, or for more than [`MAX_DNS_NAMES`].
pub fn dns_names(names: &[String]) -> Result<Vec<String>> {
    if names.len() > MAX_DNS_NAMES {
        return Err(invalid(format!("dnsNames holds {} names; at most {MAX_DNS_NAMES}", names.len())));
    }
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for name in names {
        let (wildcard, rest) = match name.strip_prefix("*.") {
            Some(rest) => (true, rest),
            None => (false, name.as_str()),
        };
        let ascii = crate::api::idna::hostname_to_ascii(rest)
            .map_err(|why| invalid(format!("dnsNames: '{}' is not a hostname ({why})", shorten(name))))?;
        let full = if wildcard { format!("*.{ascii}") } else { ascii };
        if !out.contains(&full) {
            out.push(full);
        }
    }
    Ok(out)
}

/// `[notBefore, notAfter]` in Unix seconds for a certificate of `days` days minted at `now`:
/// notBefore [`BACKDATE_SECONDS`] earlier (but not before `floor`, the CA's notBefore), notAfter
/// `days` whole days after `now`.
///
/// # Errors
/// `INVALID_ARGUMENT` when `now` is before 1970 or the end lies past 9999-12-31.
pub fn validity(now: i64, days: u32, floor: Option<i64>) -> Result<(i64, i64)> {
    let not_before = now.saturating_sub(BACKDATE_SECONDS).max(floor.unwrap_or(i64::MIN)).max(0);
    if now < 0 {
        return Err(invalid("now must not be before 1970"));
    }
    let not_after = now.saturating_add(i64::from(days).saturating_mul(86_400));
    if not_after > LATEST {
        return Err(invalid(format!("validityDays {days} reaches past 9999-12-31, the latest date a certificate can carry")));
    }
    Ok((not_before.min(now), not_after))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn key_types_round_trip_and_unknown_ones_are_refused() {
        for k in KeyType::ALL {
            assert_eq!(KeyType::parse(k.as_str()).unwrap(), k);
        }
        for bad in ["p-256", "P-521", "RSA-1024", "Ed25519", "", "RSA-2048 "] {
            let e = KeyType::parse(bad).unwrap_err();
            assert_eq!(e.code(), "INVALID_ARGUMENT", "{bad}");
            assert!(e.to_string().contains("keyType"), "{e}");
        }
        assert_eq!(KeyType::Rsa3072.rsa_bits(), Some(3072));
        assert_eq!(KeyType::P384.rsa_bits(), None);
    }

    #[test]
    fn names_are_bounded() {
        assert!(check_name("commonName", "origin-pull client").is_ok());
        assert!(check_name("commonName", &"é".repeat(64)).is_ok());
        for bad in ["", "   ", "a\nb", "tab\there", " lead", "trail ", &"x".repeat(65)] {
            let e = check_name("commonName", bad).unwrap_err();
            assert_eq!(e.code(), "INVALID_ARGUMENT");
            assert!(e.to_string().contains("commonName"), "{e}");
        }
    }

    #[test]
    fn dns_names_are_ascii_lowercase_and_checked() {
        let names = ["App.Example.com", "*.example.com", "bücher.example", "app.example.com"].map(String::from);
        assert_eq!(dns_names(&names).unwrap(), ["app.example.com", "*.example.com", "xn--bcher-kva.example"]);
        for bad in ["", "exa mple.com", "*", "a.*.example.com", "-x.example.com", "example", "1.2.3.4", "a_b.example.com"] {
            let e = dns_names(&[bad.to_owned()]).unwrap_err();
            assert_eq!(e.code(), "INVALID_ARGUMENT", "{bad}");
        }
        let many = vec!["a.example.com".to_owned(); MAX_DNS_NAMES + 1];
        assert_eq!(dns_names(&many).unwrap_err().code(), "INVALID_ARGUMENT");
    }

    #[test]
    fn validity_is_backdated_and_bounded() {
        let now = 1_800_000_000;
        assert_eq!(validity(now, 1, None).unwrap(), (now - 300, now + 86_400));
        // Never before the CA's notBefore (but never after now).
        assert_eq!(validity(now, 1, Some(now - 10)).unwrap().0, now - 10);
        assert_eq!(validity(now, 1, Some(now + 10)).unwrap().0, now);
        assert!(validity(now, 3_000_000, None).is_err());
        assert!(validity(-1, 1, None).is_err());
        assert_eq!(check_days(0).unwrap_err().code(), "INVALID_ARGUMENT");
    }
}
