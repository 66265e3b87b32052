//! Name constraints (RFC 5280 §4.2.1.10) as OpenSSL 3.0 applies them to a client chain
//! (`crypto/x509/v3_ncons.c`, `NAME_CONSTRAINTS_check` and `NAME_CONSTRAINTS_check_CN`), which
//! is what nginx, Apache and HAProxy origins enforce. The extension is decoded with
//! x509-cert's [`NameConstraints`]; the matching rules are OpenSSL's, written here because no
//! crate implements OpenSSL's reading of them (checked: x509-cert has the types only; the
//! matching differs from RFC 5280 in places OpenSSL's users see):
//!
//! - a name is checked against the subtrees of its own type only; when a type has permitted
//!   subtrees, one of them must match, and no excluded subtree may match;
//! - dNSName: the constraint, case-insensitively, is the whole name or its right-hand labels
//!   (`allowed.example` permits `allowed.example` and `a.allowed.example`, not
//!   `notallowed.example`; `.allowed.example` permits only names below it);
//! - rfc822Name: `example.com` is exactly that host, `.example.com` any host below it,
//!   `u@example.com` that mailbox (local part case-sensitive);
//! - iPAddress: address and mask of the same family (an IPv4 constraint does not permit an
//!   IPv6 address);
//! - directoryName: the constraint's RDNs are the first RDNs of the name, compared in
//!   OpenSSL's canonical form (case and white space folded, [`name::canonical_rdns`]);
//! - URI: the host of `scheme://host[:port][/…]`, as dNSName without the implicit subdomains
//!   unless the constraint starts with `.`;
//! - the subject DN and its emailAddress attributes are checked too, and for the leaf, when it
//!   has no dNSName in subjectAltName, every host-like subject CN (two labels or more, letters,
//!   digits, `-`, `_`) is checked as a dNSName;
//! - OpenSSL refuses what it cannot evaluate: a subtree with minimum other than 0 or a maximum
//!   ("name constraints minimum and maximum not supported"), a name of a type it does not
//!   compare (otherName, registeredID, …) against a subtree of that type ("unsupported name
//!   constraint type"), an email without `@`, an address or mask of the wrong length, an
//!   emailAddress attribute that is not an IA5String ("unsupported or invalid name syntax"),
//!   and more than 2^20 name and constraint comparisons for one certificate.
//!
//! Not evaluated, where OpenSSL does: SmtpUTF8Mailbox otherNames (RFC 8398) against
//! rfc822Name constraints, and subtrees x509-cert does not decode (x400Address, a dNSName that
//! is not ASCII): such an extension is reported as unreadable.

use crate::x509::cert::{GeneralName as SanName, ParsedCert};
use crate::x509::name;
use crate::x509::oid::{self, ObjectIdentifier};
use der::{Decode, Encode, Tagged};
use x509_cert::ext::pkix::constraints::name::{GeneralSubtree, NameConstraints};
use x509_cert::ext::pkix::name::GeneralName;

/// pkcs-9 emailAddress (1.2.840.113549.1.9.1).
const EMAIL_ADDRESS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.1");
/// OpenSSL's `NAME_CHECK_MAX`: names times constraints, per certificate.
const NAME_CHECK_MAX: usize = 1 << 20;

/// Why a certificate's names fail a CA's name constraints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Violation {
    /// A name of a type with permitted subtrees matches none of them (OpenSSL 47).
    NotPermitted { name: String, permitted: Vec<String> },
    /// A name matches an excluded subtree (OpenSSL 48).
    Excluded { name: String, excluded: String },
    /// OpenSSL cannot evaluate the constraint for this name, and refuses it (49, 51, 53).
    Unsupported { detail: String },
}

/// The nameConstraints of a CA certificate, decoded with x509-cert; `None` when it has none,
/// `Some(Err)` when the extension does not decode.
pub fn of(cert: &ParsedCert) -> Option<Result<NameConstraints, der::Error>> {
    let ext = cert.extensions().find(|e| e.oid.is(&oid::ID_CE_NAME_CONSTRAINTS))?;
    Some(NameConstraints::from_der(ext.value))
}

/// One name of a certificate, as `nc_match` sees it.
enum Name<'a> {
    /// A Name TLV (the subject, or a directoryName).
    Dir(&'a [u8]),
    Email(&'a [u8]),
    Dns(&'a [u8]),
    Uri(&'a [u8]),
    Ip(&'a [u8]),
    /// A GeneralName OpenSSL does not compare: its choice number, and for an otherName its
    /// type-id octets.
    Other(u8, Option<&'a [u8]>),
}

impl Name<'_> {
    /// The GeneralName choice number (RFC 5280: otherName 0 … registeredID 8).
    fn kind(&self) -> u8 {
        match self {
            Name::Other(k, _) => *k,
            Name::Email(_) => 1,
            Name::Dns(_) => 2,
            Name::Dir(_) => 4,
            Name::Uri(_) => 6,
            Name::Ip(_) => 7,
        }
    }

    fn describe(&self) -> String {
        match self {
            Name::Dir(d) => format!("directoryName \"{}\"", name::rfc4514(d)),
            Name::Email(e) => format!("rfc822Name {}", String::from_utf8_lossy(e)),
            Name::Dns(d) => format!("dNSName {}", String::from_utf8_lossy(d)),
            Name::Uri(u) => format!("URI {}", String::from_utf8_lossy(u)),
            Name::Ip(ip) => format!("iPAddress {}", ip_text(ip)),
            Name::Other(0, _) => "an otherName".to_owned(),
            Name::Other(k, _) => format!("a GeneralName of type [{k}]"),
        }
    }
}

fn base_kind(g: &GeneralName) -> u8 {
    match g {
        GeneralName::OtherName(_) => 0,
        GeneralName::Rfc822Name(_) => 1,
        GeneralName::DnsName(_) => 2,
        GeneralName::DirectoryName(_) => 4,
        GeneralName::EdiPartyName(_) => 5,
        GeneralName::UniformResourceIdentifier(_) => 6,
        GeneralName::IpAddress(_) => 7,
        GeneralName::RegisteredId(_) => 8,
    }
}

/// A subtree as people write it: `dNSName allowed.example`, `iPAddress 10.0.0.0/8`.
pub fn describe_base(g: &GeneralName) -> String {
    match g {
        GeneralName::DnsName(d) => format!("dNSName {}", d.as_str()),
        GeneralName::Rfc822Name(e) => format!("rfc822Name {}", e.as_str()),
        GeneralName::UniformResourceIdentifier(u) => format!("URI {}", u.as_str()),
        GeneralName::IpAddress(ip) => format!("iPAddress {}", ip_range_text(ip.as_bytes())),
        GeneralName::DirectoryName(n) => {
            format!("directoryName \"{}\"", n.to_der().map(|d| name::rfc4514(&d)).unwrap_or_default())
        }
        GeneralName::OtherName(o) => format!("otherName {}", o.type_id),
        GeneralName::RegisteredId(r) => format!("registeredID {r}"),
        GeneralName::EdiPartyName(_) => "ediPartyName".to_owned(),
    }
}

fn ip_text(ip: &[u8]) -> String {
    match ip {
        [a, b, c, d] => format!("{a}.{b}.{c}.{d}"),
        _ if ip.len() == 16 => {
            let mut a = [0u8; 16];
            a.copy_from_slice(ip);
            std::net::Ipv6Addr::from(a).to_string()
        }
        _ => crate::hex::encode(ip),
    }
}

/// `10.0.0.0/8`; a mask that is not a prefix is shown as `address/mask`.
fn ip_range_text(b: &[u8]) -> String {
    let half = b.len() / 2;
    let (addr, mask) = (b.get(..half).unwrap_or_default(), b.get(half..).unwrap_or_default());
    if half != 4 && half != 16 {
        return crate::hex::encode(b);
    }
    let ones: u32 = mask.iter().map(|m| m.count_ones()).sum();
    // A prefix mask: its bits are ones, then zeros.
    let bits = mask.iter().flat_map(|m| (0..8).rev().map(move |b| m >> b & 1 == 1));
    let prefix = bits.skip_while(|&b| b).all(|b| !b);
    if prefix {
        format!("{}/{ones}", ip_text(addr))
    } else {
        format!("{}/{}", ip_text(addr), ip_text(mask))
    }
}

/// ASCII case-insensitive equality (`ia5ncasecmp`).
fn eq_nocase(a: &[u8], b: &[u8]) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// The outcome of one comparison (`nc_match_single`): `Ok(true)` matched, `Ok(false)` did not,
/// `Err` OpenSSL cannot evaluate it.
type Single = Result<bool, String>;

/// `nc_dns`.
fn dns_match(dns: &[u8], base: &[u8]) -> bool {
    if base.is_empty() {
        return true;
    }
    if dns.len() < base.len() {
        return false;
    }
    let split = dns.len() - base.len();
    let (head, tail) = dns.split_at(split);
    if split > 0 && base.first() != Some(&b'.') && head.last() != Some(&b'.') {
        return false;
    }
    eq_nocase(tail, base)
}

/// `nc_email`.
fn email_match(eml: &[u8], base: &[u8]) -> Single {
    let Some(eml_at) = eml.iter().rposition(|&b| b == b'@') else {
        return Err(format!("the rfc822Name {} has no @", String::from_utf8_lossy(eml)));
    };
    let base_at = base.iter().rposition(|&b| b == b'@');
    if base_at.is_none() && base.first() == Some(&b'.') {
        return Ok(eml.len() > base.len() && eq_nocase(eml.get(eml.len() - base.len()..).unwrap_or_default(), base));
    }
    let mut base_host = base;
    if let Some(at) = base_at {
        if at != 0 {
            let (bl, el) = (base.get(..at).unwrap_or_default(), eml.get(..eml_at).unwrap_or_default());
            if bl.len() != el.len() {
                return Ok(false);
            }
            if bl.contains(&0) || el.contains(&0) {
                return Err("an rfc822Name local part holds a NUL".to_owned());
            }
            if bl != el {
                return Ok(false);
            }
        }
        base_host = base.get(at + 1..).unwrap_or_default();
    }
    Ok(eq_nocase(eml.get(eml_at + 1..).unwrap_or_default(), base_host))
}

/// `nc_uri`.
fn uri_match(uri: &[u8], base: &[u8]) -> Single {
    let bad = || format!("the URI {} has no host OpenSSL can read", String::from_utf8_lossy(uri));
    let colon = uri.iter().position(|&b| b == b':').ok_or_else(bad)?;
    if uri.get(colon + 1..colon + 3) != Some(b"//") {
        return Err(bad());
    }
    let host_and_rest = uri.get(colon + 3..).unwrap_or_default();
    let end = host_and_rest
        .iter()
        .position(|&b| b == b':')
        .or_else(|| host_and_rest.iter().position(|&b| b == b'/'))
        .unwrap_or(host_and_rest.len());
    let host = host_and_rest.get(..end).unwrap_or_default();
    if host.is_empty() {
        return Err(bad());
    }
    if base.first() == Some(&b'.') {
        return Ok(host.len() > base.len() && eq_nocase(host.get(host.len() - base.len()..).unwrap_or_default(), base));
    }
    Ok(eq_nocase(host, base))
}

/// `nc_ip`.
fn ip_match(ip: &[u8], base: &[u8]) -> Single {
    if ip.len() != 4 && ip.len() != 16 {
        return Err(format!("an iPAddress of {} octets", ip.len()));
    }
    if base.len() != 8 && base.len() != 32 {
        return Err(format!("an iPAddress constraint of {} octets", base.len()));
    }
    if ip.len() * 2 != base.len() {
        return Ok(false);
    }
    let (addr, mask) = base.split_at(ip.len());
    Ok(ip.iter().zip(addr).zip(mask).all(|((h, b), m)| h & m == b & m))
}

/// `nc_dn`: the constraint's RDNs, canonical, are the first RDNs of the name.
fn dn_match(nm: &[u8], base: &x509_cert::name::Name) -> Single {
    let base_der = base.to_der().map_err(|e| format!("a directoryName constraint that does not encode ({e})"))?;
    let (Some(n), Some(b)) = (name::canonical_rdns(nm), name::canonical_rdns(&base_der)) else {
        return Err("a name whose strings do not decode".to_owned());
    };
    Ok(b.len() <= n.len() && n.iter().zip(&b).all(|(x, y)| name::same_rdn(x, y)))
}

fn match_single(n: &Name<'_>, base: &GeneralName) -> Single {
    match (n, base) {
        (Name::Dir(d), GeneralName::DirectoryName(b)) => dn_match(d, b),
        (Name::Dns(d), GeneralName::DnsName(b)) => Ok(dns_match(d, b.as_bytes())),
        (Name::Email(e), GeneralName::Rfc822Name(b)) => email_match(e, b.as_bytes()),
        (Name::Uri(u), GeneralName::UniformResourceIdentifier(b)) => uri_match(u, b.as_bytes()),
        (Name::Ip(i), GeneralName::IpAddress(b)) => ip_match(i, b.as_bytes()),
        _ => Err(format!("{} against the constraint {}: OpenSSL does not compare names of this type", n.describe(), describe_base(base))),
    }
}

fn same_type(n: &Name<'_>, base: &GeneralName) -> bool {
    if n.kind() != base_kind(base) {
        return false;
    }
    match (n, base) {
        (Name::Other(0, Some(id)), GeneralName::OtherName(o)) => *id == o.type_id.as_bytes(),
        _ => true,
    }
}

fn minmax_valid(s: &GeneralSubtree) -> Result<(), String> {
    if s.minimum != 0 || s.maximum.is_some() {
        return Err(format!(
            "the subtree {} has minimum {}{}; OpenSSL supports neither (\"name constraints minimum and maximum not supported\")",
            describe_base(&s.base),
            s.minimum,
            s.maximum.map(|m| format!(" and maximum {m}")).unwrap_or_default()
        ));
    }
    Ok(())
}

/// `nc_match`: one name against the constraints.
fn check_name(n: &Name<'_>, nc: &NameConstraints) -> Result<(), Violation> {
    let unsupported = |detail| Violation::Unsupported { detail };
    let permitted: Vec<&GeneralSubtree> =
        nc.permitted_subtrees.iter().flatten().filter(|s| same_type(n, &s.base)).collect();
    let mut matched = permitted.is_empty();
    for s in &permitted {
        minmax_valid(s).map_err(unsupported)?;
        if matched {
            continue;
        }
        matched = match_single(n, &s.base).map_err(unsupported)?;
    }
    if !matched {
        return Err(Violation::NotPermitted {
            name: n.describe(),
            permitted: permitted.iter().map(|s| describe_base(&s.base)).collect(),
        });
    }
    for s in nc.excluded_subtrees.iter().flatten().filter(|s| same_type(n, &s.base)) {
        minmax_valid(s).map_err(unsupported)?;
        if match_single(n, &s.base).map_err(unsupported)? {
            return Err(Violation::Excluded { name: n.describe(), excluded: describe_base(&s.base) });
        }
    }
    Ok(())
}

/// `cn2dnsid`: the CN as a DNS name when it looks like one (two labels or more; letters,
/// digits, `_`, and `-` or `.` inside), else `None`; `Err` for an embedded NUL.
fn cn_dns_id(cn: &str) -> Result<Option<&[u8]>, String> {
    let v = cn.trim_end_matches('\0').as_bytes();
    if v.contains(&0) {
        return Err("a subject CN holds a NUL".to_owned());
    }
    let mut is_dns = false;
    for (i, &c) in v.iter().enumerate() {
        if c.is_ascii_alphanumeric() || c == b'_' {
            continue;
        }
        if i > 0 && i + 1 < v.len() {
            if c == b'-' {
                continue;
            }
            let (prev, next) = (v.get(i - 1).copied(), v.get(i + 1).copied());
            if c == b'.' && next != Some(b'.') && prev != Some(b'-') && next != Some(b'-') {
                is_dns = true;
                continue;
            }
        }
        is_dns = false;
        break;
    }
    Ok(is_dns.then_some(v))
}

/// Check `cert` (at `is_leaf`) against one CA's constraints, as `NAME_CONSTRAINTS_check`
/// and, for the leaf, `NAME_CONSTRAINTS_check_CN`.
///
/// # Errors
/// The first violation, in OpenSSL's order: subject DN, subject emailAddress attributes,
/// subjectAltName entries, then host-like CNs.
pub fn check(cert: &ParsedCert, is_leaf: bool, nc: &NameConstraints) -> Result<(), Violation> {
    let subject = cert.subject_raw();
    let attributes: Vec<name::Attribute<'_>> = name::attributes(subject).collect();
    let sans: Vec<SanName<'_>> = cert.subject_alt_names().map(Iterator::collect).unwrap_or_default();
    let constraints = nc.permitted_subtrees.as_ref().map_or(0, Vec::len) + nc.excluded_subtrees.as_ref().map_or(0, Vec::len);
    let names = attributes.len().saturating_add(sans.len());
    if names > 0 && constraints > NAME_CHECK_MAX / names {
        return Err(Violation::Unsupported {
            detail: format!("{names} names against {constraints} constraints is more than OpenSSL evaluates (2^20 comparisons)"),
        });
    }
    if !attributes.is_empty() {
        check_name(&Name::Dir(subject), nc)?;
        for a in attributes.iter().filter(|a| a.oid.is(&EMAIL_ADDRESS)) {
            if a.tag != 0x16 {
                return Err(Violation::Unsupported {
                    detail: "a subject emailAddress that is not an IA5String (\"unsupported or invalid name syntax\")".to_owned(),
                });
            }
            check_name(&Name::Email(a.value), nc)?;
        }
    }
    for san in &sans {
        check_name(&san_name(san), nc)?;
    }
    if is_leaf && !sans.iter().any(|s| matches!(s, SanName::Dns(_))) {
        for a in attributes.iter().filter(|a| a.oid.is(&oid::COMMON_NAME)) {
            let Some(cn) = name::value_utf8(a.tag, a.value) else { continue };
            let Some(id) = cn_dns_id(&cn).map_err(|detail| Violation::Unsupported { detail })? else { continue };
            check_name(&Name::Dns(id), nc).map_err(|v| match v {
                Violation::NotPermitted { name, permitted } => {
                    Violation::NotPermitted { name: format!("{name} (the subject CN; the leaf has no dNSName)"), permitted }
                }
                Violation::Excluded { name, excluded } => {
                    Violation::Excluded { name: format!("{name} (the subject CN; the leaf has no dNSName)"), excluded }
                }
                other => other,
            })?;
        }
    }
    Ok(())
}

fn san_name<'a>(san: &SanName<'a>) -> Name<'a> {
    match san {
        SanName::Email(e) => Name::Email(e.as_bytes()),
        SanName::Dns(d) => Name::Dns(d.as_bytes()),
        SanName::Uri(u) => Name::Uri(u.as_bytes()),
        SanName::Ip(ip) => Name::Ip(ip),
        SanName::Other(any) => {
            let number = match any.tag() {
                der::Tag::ContextSpecific { number, .. } => u8::try_from(number.value()).unwrap_or(u8::MAX),
                _ => u8::MAX,
            };
            match number {
                // directoryName [4] EXPLICIT Name: the value is the Name TLV.
                4 => Name::Dir(any.value()),
                // otherName: its type-id (SmtpUTF8Mailbox is not evaluated, see above).
                0 => {
                    let id = der::SliceReader::new(any.value())
                        .ok()
                        .and_then(|mut r| crate::x509::oid::Oid::decode(&mut r).ok())
                        .map(|o| o.as_bytes());
                    Name::Other(0, id)
                }
                n => Name::Other(n, None),
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn dns_as_openssl() {
        assert!(dns_match(b"allowed.example", b"allowed.example"));
        assert!(dns_match(b"a.Allowed.example", b"allowed.EXAMPLE"));
        assert!(!dns_match(b"notallowed.example", b"allowed.example"));
        assert!(!dns_match(b"allowed.example", b".allowed.example"));
        assert!(dns_match(b"a.allowed.example", b".allowed.example"));
        assert!(dns_match(b"anything", b""));
        assert!(!dns_match(b"example", b"allowed.example"));
    }

    #[test]
    fn email_as_openssl() {
        assert_eq!(email_match(b"u@example.com", b"example.com"), Ok(true));
        assert_eq!(email_match(b"u@sub.example.com", b"example.com"), Ok(false));
        assert_eq!(email_match(b"u@sub.example.com", b".example.com"), Ok(true));
        assert_eq!(email_match(b"u@example.com", b".example.com"), Ok(false));
        assert_eq!(email_match(b"u@EXAMPLE.com", b"u@example.com"), Ok(true));
        assert_eq!(email_match(b"U@example.com", b"u@example.com"), Ok(false));
        assert_eq!(email_match(b"v@example.com", b"u@example.com"), Ok(false));
        assert_eq!(email_match(b"u@example.com", b"@example.com"), Ok(true));
        assert!(email_match(b"no-at", b"example.com").is_err());
    }

    #[test]
    fn ip_and_uri_as_openssl() {
        let v4 = [10, 0, 0, 0, 255, 0, 0, 0];
        assert_eq!(ip_match(&[10, 1, 2, 3], &v4), Ok(true));
        assert_eq!(ip_match(&[11, 0, 0, 1], &v4), Ok(false));
        assert_eq!(ip_match(&[0; 16], &v4), Ok(false));
        assert!(ip_match(&[10, 0, 0], &v4).is_err());
        assert!(ip_match(&[10, 0, 0, 1], &[10, 0, 0, 0, 255]).is_err());
        assert_eq!(ip_range_text(&v4), "10.0.0.0/8");
        assert_eq!(ip_range_text(&[192, 0, 2, 0, 255, 255, 254, 0]), "192.0.2.0/23");
        assert_eq!(ip_range_text(&[10, 0, 0, 0, 255, 0, 255, 0]), "10.0.0.0/255.0.255.0");
        assert_eq!(uri_match(b"https://x.allowed.example/p", b".allowed.example"), Ok(true));
        assert_eq!(uri_match(b"https://allowed.example:8443/", b"allowed.example"), Ok(true));
        assert_eq!(uri_match(b"https://x.allowed.example", b"allowed.example"), Ok(false));
        assert!(uri_match(b"mailto:u@example.com", b"example.com").is_err());
    }

    #[test]
    fn cn_host_like_as_openssl() {
        assert_eq!(cn_dns_id("client.example").unwrap(), Some(&b"client.example"[..]));
        assert!(cn_dns_id("under_score.example").unwrap().is_some());
        assert_eq!(cn_dns_id("localhost").unwrap(), None);
        assert_eq!(cn_dns_id("client one").unwrap(), None);
        assert_eq!(cn_dns_id(".example.com").unwrap(), None);
        assert_eq!(cn_dns_id("a..b").unwrap(), None);
        assert_eq!(cn_dns_id("a-.b").unwrap(), None);
        assert_eq!(cn_dns_id("a.b\0").unwrap(), Some(&b"a.b"[..]));
        assert!(cn_dns_id("a\0.b").is_err());
    }
}
