//! Distinguished names rendered as RFC 4514 strings, exactly as Python `cryptography`'s
//! `Name.rfc4514_string()` does (the contract's reference): most specific RDN first, `,`
//! without spaces, short names only for CN, L, ST, O, OU, C, STREET, DC and UID. Rendered
//! straight from the DER of the Name, in the order it is encoded, walked with `der`'s reader.
//!
//! Hand-written product logic, checked against x509-cert 0.3: its `Name` holds each RDN in a
//! `SetOfVec`, which `der` re-sorts when decoding DER (the rendering must keep the encoded
//! order), and its attribute values are `der::Any`, whose tag reader refuses the universal tags
//! `der` 0.8 has no type for (UniversalString 0x1c, GraphicString 0x19, 7, 8, 11, 14, 15, 29),
//! which OpenSSL reads in names: TLVs are told apart by their tag octet (`src/tlv.rs`).

use crate::x509::oid::{self, Oid};
use crate::x509::tlv;
use der::{Reader, SliceReader};
use std::fmt::Write;

/// Universal tags of attribute values, as the octet that starts their TLV.
mod tag {
    pub const BIT_STRING: u8 = 0x03;
    pub const UTF8_STRING: u8 = 0x0c;
    pub const NUMERIC_STRING: u8 = 0x12;
    pub const PRINTABLE_STRING: u8 = 0x13;
    pub const TELETEX_STRING: u8 = 0x14;
    pub const IA5_STRING: u8 = 0x16;
    pub const VISIBLE_STRING: u8 = 0x1a;
    pub const UNIVERSAL_STRING: u8 = 0x1c;
    pub const BMP_STRING: u8 = 0x1e;
    pub const SEQUENCE: u8 = 0x30;
}

/// Why a Name was not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameError {
    /// Its structure, as `der` reports it.
    Der(der::Error),
    /// An attribute value of a type OpenSSL does not read (the value's tag octet).
    ValueType(u8),
}

impl From<der::Error> for NameError {
    fn from(e: der::Error) -> Self {
        NameError::Der(e)
    }
}

impl core::fmt::Display for NameError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            NameError::Der(e) => write!(f, "{e}"),
            NameError::ValueType(t) => write!(f, "a name attribute of a type OpenSSL does not read (tag 0x{t:02x})"),
        }
    }
}

/// One `AttributeTypeAndValue ::= SEQUENCE { type OBJECT IDENTIFIER, value ANY }`: the type,
/// and the value's tag octet and content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attribute<'a> {
    pub oid: Oid<'a>,
    pub tag: u8,
    pub value: &'a [u8],
}

/// The RDNs of a Name TLV: the content of each SET.
fn rdns(name: &[u8]) -> der::Result<impl Iterator<Item = der::Result<&[u8]>>> {
    let mut r = SliceReader::new(name)?;
    let rdns = tlv::expect(&mut r, tlv::tag::SEQUENCE)?;
    r.finish()?;
    Ok(tlv::elements(rdns, tlv::tag::SET))
}

/// The next AttributeTypeAndValue of an RDN.
fn attribute<'a>(r: &mut SliceReader<'a>) -> der::Result<Attribute<'a>> {
    tlv::nested(r, tlv::tag::SEQUENCE, |r| {
        let oid = Oid::new(tlv::expect(r, tlv::tag::OID)?)?;
        let (tag, value) = tlv::any(r)?;
        Ok(Attribute { oid, tag, value })
    })
}

/// The AttributeTypeAndValues of one RDN's content, until the end or the first error.
fn attributes_of(set: &[u8]) -> impl Iterator<Item = der::Result<Attribute<'_>>> {
    let mut r = SliceReader::new(set).ok();
    core::iter::from_fn(move || {
        let reader = r.as_mut().filter(|r| !r.is_finished())?;
        let item = attribute(reader);
        if item.is_err() {
            r = None;
        }
        Some(item)
    })
}

/// Every attribute of a Name TLV, RDN by RDN in encoding order, as far as the Name reads.
pub fn attributes(name: &[u8]) -> impl Iterator<Item = Attribute<'_>> {
    rdns(name)
        .into_iter()
        .flatten()
        .map_while(Result::ok)
        .flat_map(|set| attributes_of(set).map_while(Result::ok))
}

/// Short names that `cryptography` uses (`_NAMEOID_TO_NAME`); every other type is dotted.
/// Compared as OID content octets, not as text.
fn short_name(oid: Oid<'_>) -> Option<&'static str> {
    const SHORT: [(&oid::ObjectIdentifier, &str); 9] = [
        (&oid::COMMON_NAME, "CN"),
        (&oid::LOCALITY_NAME, "L"),
        (&oid::ST, "ST"),
        (&oid::ORGANIZATION_NAME, "O"),
        (&oid::ORGANIZATIONAL_UNIT_NAME, "OU"),
        (&oid::COUNTRY_NAME, "C"),
        (&oid::STREET, "STREET"),
        (&oid::DOMAIN_COMPONENT, "DC"),
        (&oid::UID, "UID"),
    ];
    SHORT.iter().find(|(o, _)| oid.is(o)).map(|(_, name)| *name)
}

/// `#` and the hex of the octets (nothing for none): how `cryptography` renders a value it
/// does not read as text.
fn push_hex(out: &mut String, bytes: &[u8]) {
    if bytes.is_empty() {
        return;
    }
    out.push('#');
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
}

/// Append the attribute value as `cryptography` decodes it: text for the string types
/// (escaped), `#hex` for BIT STRING and anything it cannot read as text.
fn push_value(out: &mut String, value_tag: u8, bytes: &[u8]) {
    match value_tag {
        tag::UTF8_STRING | tag::PRINTABLE_STRING | tag::IA5_STRING | tag::NUMERIC_STRING => {
            match core::str::from_utf8(bytes) {
                Ok(s) => escape_into(out, s),
                Err(_) => push_hex(out, bytes),
            }
        }
        // T61String: cryptography reads it as UTF-8 (what old certificates put there); bytes
        // that are not UTF-8 (which cryptography refuses) are read as Latin-1.
        tag::TELETEX_STRING => match core::str::from_utf8(bytes) {
            Ok(s) => escape_into(out, s),
            Err(_) => escape_into(out, &bytes.iter().map(|&b| char::from(b)).collect::<String>()),
        },
        // BMPString: UTF-16 big-endian.
        tag::BMP_STRING => {
            let units = bytes.chunks_exact(2).map(|c| match c {
                [a, b] => u16::from_be_bytes([*a, *b]),
                _ => 0,
            });
            match char::decode_utf16(units).collect::<Result<String, _>>() {
                Ok(s) if bytes.len().is_multiple_of(2) => escape_into(out, &s),
                _ => push_hex(out, bytes),
            }
        }
        // UniversalString: UCS-4 big-endian (cryptography decodes it as UTF-32-BE).
        tag::UNIVERSAL_STRING => {
            let chars = bytes.chunks_exact(4).map(|c| match c {
                [a, b, c, d] => char::from_u32(u32::from_be_bytes([*a, *b, *c, *d])),
                _ => None,
            });
            match chars.collect::<Option<String>>() {
                Some(s) if bytes.len().is_multiple_of(4) => escape_into(out, &s),
                _ => push_hex(out, bytes),
            }
        }
        // BIT STRING: cryptography renders all content octets, the unused-bits octet included;
        // any other type: its content octets.
        _ => push_hex(out, bytes),
    }
}

/// RFC 4514 §2.4 escaping, in `cryptography`'s `_escape_dn_value` order.
fn escape_into(out: &mut String, value: &str) {
    if value.is_empty() {
        return;
    }
    let start = out.len();
    // Most values need no escape inside: copied whole (the characters escaped are ASCII).
    let special = |b: &u8| matches!(b, b'\\' | b'"' | b'+' | b',' | b';' | b'<' | b'>' | 0);
    if !value.as_bytes().iter().any(special) {
        out.push_str(value);
    } else {
        for c in value.chars() {
            match c {
                '\\' | '"' | '+' | ',' | ';' | '<' | '>' => {
                    out.push('\\');
                    out.push(c);
                }
                '\0' => out.push_str("\\00"),
                _ => out.push(c),
            }
        }
    }
    // A value that is a single space gets only the trailing-space escape (cryptography's rule).
    if value.starts_with('#') || (value.starts_with(' ') && value.len() > 1) {
        out.insert(start, '\\');
    }
    if value.ends_with(' ') {
        out.pop();
        out.push_str("\\ ");
    }
}

/// Check a Name TLV as OpenSSL reads it (see [`check`]) and render it as RFC 4514, in one
/// walk.
///
/// # Errors
/// As [`check`].
pub fn read(name: &[u8]) -> Result<String, NameError> {
    let mut out = String::with_capacity(name.len());
    render_into(name, &mut out, true)?;
    Ok(out)
}

/// Render a Name TLV as RFC 4514, whatever its value types; a malformed one renders as far
/// as it reads.
#[must_use]
pub fn rfc4514(name: &[u8]) -> String {
    let mut out = String::with_capacity(name.len());
    let _ = render_into(name, &mut out, false);
    out
}

/// Render `name` into `out`; `strict`: refuse value types OpenSSL does not read.
fn render_into(name: &[u8], out: &mut String, strict: bool) -> Result<(), NameError> {
    // RDNs are rendered last first: collect where each is (on the stack for up to 16).
    let mut inline: [&[u8]; 16] = [&[]; 16];
    let mut more: Vec<&[u8]> = Vec::new();
    let mut count = 0;
    for set in rdns(name)? {
        match inline.get_mut(count) {
            Some(slot) => *slot = set?,
            None => more.push(set?),
        }
        count += 1;
    }
    let sets = inline.iter().take(count).chain(more.iter());
    // An empty RDN (which OpenSSL accepts) renders as nothing, as `openssl x509 -nameopt
    // RFC2253` shows it.
    for (i, set) in sets.rev().filter(|s| !s.is_empty()).enumerate() {
        if i > 0 {
            out.push(',');
        }
        for (j, a) in attributes_of(set).enumerate() {
            let a = a?;
            if strict && !openssl_reads(a.tag) {
                return Err(NameError::ValueType(a.tag));
            }
            if j > 0 {
                out.push('+');
            }
            match short_name(a.oid) {
                Some(short) => out.push_str(short),
                None => {
                    let _ = write!(out, "{}", a.oid);
                }
            }
            out.push('=');
            push_value(out, a.tag, a.value);
        }
    }
    Ok(())
}

/// Whether OpenSSL reads an attribute value of this type: its `X509_NAME_ENTRY` value is an
/// `ASN1_PRINTABLE` (`B_ASN1_PRINTABLE` in OpenSSL 3.0's asn1.h, through `ASN1_tag2bit`):
/// UTF8String, PrintableString, NumericString, T61String, IA5String, UniversalString,
/// BMPString, BIT STRING, SEQUENCE and the universal tags it files as "unknown" (7, 8, 9, 11,
/// 13, 14, 15, 29). Anything else (VisibleString, GeneralString, OCTET STRING, INTEGER, a
/// context tag, …) makes `openssl x509` refuse the whole certificate (tests/data/structure).
fn openssl_reads(value_tag: u8) -> bool {
    matches!(
        value_tag,
        tag::BIT_STRING
            | 0x07..=0x09
            | 0x0b
            | tag::UTF8_STRING
            | 0x0d..=0x0f
            | tag::NUMERIC_STRING
            | tag::PRINTABLE_STRING
            | tag::TELETEX_STRING
            | tag::IA5_STRING
            | tag::UNIVERSAL_STRING
            | 0x1d
            | tag::BMP_STRING
            | tag::SEQUENCE
    )
}

/// Check a Name TLV, `Name ::= SEQUENCE OF RelativeDistinguishedName`, where
/// `RelativeDistinguishedName ::= SET OF AttributeTypeAndValue`, as OpenSSL reads it: value
/// types as `openssl_reads` (OpenSSL's `B_ASN1_PRINTABLE`); empty RDNs and the SET OF order
/// are not checked (OpenSSL accepts both).
///
/// # Errors
/// [`NameError::Der`] for malformed structure, [`NameError::ValueType`] for a value type
/// OpenSSL does not read.
pub fn check(name: &[u8]) -> Result<(), NameError> {
    render_into(name, &mut String::new(), true)
}

/// An attribute value as UTF-8, as OpenSSL's `ASN1_STRING_to_UTF8` makes it: UTF8String as it
/// is (when it is UTF-8), BMPString as UCS-2, UniversalString as UCS-4, and the one-octet
/// string types (PrintableString, IA5String, VisibleString, NumericString, T61String) octet
/// by octet as Latin-1. `None` for other types or a value that does not decode.
pub fn value_utf8(value_tag: u8, bytes: &[u8]) -> Option<String> {
    match value_tag {
        tag::UTF8_STRING => core::str::from_utf8(bytes).ok().map(str::to_owned),
        tag::PRINTABLE_STRING | tag::IA5_STRING | tag::NUMERIC_STRING | tag::TELETEX_STRING | tag::VISIBLE_STRING => {
            Some(bytes.iter().map(|&b| char::from(b)).collect())
        }
        tag::BMP_STRING if bytes.len().is_multiple_of(2) => bytes
            .chunks_exact(2)
            .map(|c| match c {
                [a, b] => char::from_u32(u32::from(u16::from_be_bytes([*a, *b]))),
                _ => None,
            })
            .collect(),
        tag::UNIVERSAL_STRING if bytes.len().is_multiple_of(4) => bytes
            .chunks_exact(4)
            .map(|c| match c {
                [a, b, c, d] => char::from_u32(u32::from_be_bytes([*a, *b, *c, *d])),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// One attribute of a Name in OpenSSL's canonical form (`x509_name_canon`, used to compare
/// names and to match directoryName constraints): the type, and for the string types
/// (`ASN1_MASK_CANON`) the value as UTF-8 with leading and trailing white space removed, runs
/// of white space made one space and ASCII letters lower-cased (`asn1_string_canon`); other
/// types keep their tag and octets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CanonicalAttribute {
    oid: Vec<u8>,
    /// `None` for a canonicalised string; the tag of a value kept as it is.
    kept_tag: Option<u8>,
    value: Vec<u8>,
}

/// OpenSSL's `ossl_isspace`: space, tab, line feed, vertical tab, form feed, carriage return.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

fn canonical_attribute(a: &Attribute<'_>) -> Option<CanonicalAttribute> {
    let canon = matches!(
        a.tag,
        tag::UTF8_STRING
            | tag::BMP_STRING
            | tag::UNIVERSAL_STRING
            | tag::PRINTABLE_STRING
            | tag::TELETEX_STRING
            | tag::IA5_STRING
            | tag::VISIBLE_STRING
    );
    let oid = a.oid.as_bytes().to_vec();
    if !canon {
        return Some(CanonicalAttribute { oid, kept_tag: Some(a.tag), value: a.value.to_vec() });
    }
    let utf8 = value_utf8(a.tag, a.value)?;
    let trimmed = utf8.as_bytes();
    let start = trimmed.iter().position(|&b| !is_space(b)).unwrap_or(trimmed.len());
    let end = trimmed.iter().rposition(|&b| !is_space(b)).map_or(start, |e| e.saturating_add(1));
    let mut value = Vec::with_capacity(end.saturating_sub(start));
    let mut in_space = false;
    for &b in trimmed.get(start..end).unwrap_or_default() {
        if is_space(b) {
            if !in_space {
                value.push(b' ');
            }
            in_space = true;
        } else {
            value.push(b.to_ascii_lowercase());
            in_space = false;
        }
    }
    Some(CanonicalAttribute { oid, kept_tag: None, value })
}

/// Whether two canonical RDNs hold the same attributes (a SET OF: order does not matter).
pub fn same_rdn(a: &[CanonicalAttribute], b: &[CanonicalAttribute]) -> bool {
    a.len() == b.len()
        && a.iter().all(|x| a.iter().filter(|y| *y == x).count() == b.iter().filter(|y| *y == x).count())
}

/// A Name TLV's RDNs in OpenSSL's canonical form, in encoding order (compare RDNs with
/// [`same_rdn`]); `None` when the Name does not read or a string value does not decode.
pub fn canonical_rdns(name: &[u8]) -> Option<Vec<Vec<CanonicalAttribute>>> {
    let mut out = Vec::new();
    for set in rdns(name).ok()? {
        let rdn = attributes_of(set.ok()?)
            .map(|a| a.ok().and_then(|a| canonical_attribute(&a)))
            .collect::<Option<Vec<_>>>()?;
        out.push(rdn);
    }
    Some(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use der::{Encode, Length};

    /// (attribute type OID, value tag, value content)
    type Atv<'a> = (&'a [u8], u8, &'a [u8]);

    const DIGITS: &[u8; 20] = b"0123456789abcdefghij";

    /// A TLV of any tag octet (lengths encoded by `der`).
    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        out.extend(Length::try_from(content.len()).unwrap().to_der().unwrap());
        out.extend_from_slice(content);
        out
    }

    fn name(rdns: &[&[Atv<'_>]]) -> Vec<u8> {
        let sets: Vec<Vec<u8>> = rdns
            .iter()
            .map(|atvs| {
                let parts: Vec<Vec<u8>> =
                    atvs.iter().map(|(o, t, v)| tlv(0x30, &[tlv(0x06, o), tlv(*t, v)].concat())).collect();
                tlv(0x31, &parts.concat())
            })
            .collect();
        tlv(0x30, &sets.concat())
    }

    #[test]
    fn renders_from_der_last_rdn_first() {
        let (c, o, ou, cn) = (
            oid::COUNTRY_NAME.as_bytes(),
            oid::ORGANIZATION_NAME.as_bytes(),
            oid::ORGANIZATIONAL_UNIT_NAME.as_bytes(),
            oid::COMMON_NAME.as_bytes(),
        );
        let n = name(&[
            &[(c, tag::PRINTABLE_STRING, b"CH")],
            &[(o, tag::UTF8_STRING, b"A, B"), (ou, tag::UTF8_STRING, b"x")],
            &[(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01], tag::IA5_STRING, b"a@b")],
            &[(cn, tag::BMP_STRING, &[0x00, 0x53, 0x00, 0xdf])],
            &[(cn, tag::UNIVERSAL_STRING, &[0, 0, 0, 0x41, 0, 1, 0xf6, 0x00])],
            &[(cn, tag::BIT_STRING, &[0x00, 0xab])],
            // A type const-oid cannot hold (2.999.3) renders dotted all the same.
            &[(&[0x88, 0x37, 0x03], tag::UTF8_STRING, b"v")],
        ]);
        assert_eq!(read(&n).unwrap(), rfc4514(&n));
        assert_eq!(
            rfc4514(&n),
            "2.999.3=v,CN=#00ab,CN=A\u{1f600},CN=S\u{df},1.2.840.113549.1.9.1=a@b,O=A\\, B+OU=x,C=CH"
        );
        let values: Vec<(String, u8)> = attributes(&n).map(|a| (a.oid.to_string(), a.tag)).collect();
        assert_eq!(values.len(), 8);
        assert_eq!(values[1], ("2.5.4.10".to_owned(), tag::UTF8_STRING));
        // Odd-length BMPString and a UniversalString that is no code point: hex.
        let n = name(&[&[(cn, tag::BMP_STRING, &[0x00])], &[(cn, tag::UNIVERSAL_STRING, &[0, 0x11, 0, 0])]]);
        assert_eq!(rfc4514(&n), "CN=#00110000,CN=#00");
        // An unsorted SET renders in encoding order; an empty RDN as nothing.
        let n = name(&[&[(o, tag::UTF8_STRING, b"o"), (cn, tag::UTF8_STRING, b"x")], &[]]);
        check(&n).unwrap();
        assert_eq!(rfc4514(&n), "O=o+CN=x");
        assert_eq!(rfc4514(&[0x30, 0x00]), "");
        check(&[0x30, 0x00]).unwrap();
        // More RDNs than are kept on the stack: still last first.
        let rdns: Vec<[Atv<'_>; 1]> = (0..20u8).map(|i| [(cn, tag::UTF8_STRING, &DIGITS[usize::from(i)..=usize::from(i)])]).collect();
        let n = name(&rdns.iter().map(|r| &r[..]).collect::<Vec<_>>());
        let expected: Vec<String> = (0..20).rev().map(|i| format!("CN={}", char::from(DIGITS[i]))).collect();
        assert_eq!(read(&n).unwrap(), expected.join(","));
    }

    #[test]
    fn refuses_what_openssl_refuses() {
        let cn = oid::COMMON_NAME.as_bytes();
        // VisibleString, OCTET STRING, a context tag: types OpenSSL does not read.
        for t in [0x1a, 0x04, 0x80] {
            assert_eq!(check(&name(&[&[(cn, t, b"x")]])), Err(NameError::ValueType(t)), "{t:#x}");
        }
        // Rendered all the same (as hex) by the lenient renderer.
        let n = name(&[&[(cn, 0x1a, b"x")], &[(cn, tag::UTF8_STRING, b"y")]]);
        assert_eq!(rfc4514(&n), "CN=y,CN=#78");
        assert!(read(&n).is_err());
        // An ATV without its value, an RDN that is no SET, a non-minimal length, a padded OID,
        // trailing data after the Name.
        assert!(matches!(check(&[0x30, 0x05, 0x31, 0x03, 0x30, 0x01, 0x06]), Err(NameError::Der(_))));
        assert!(check(&tlv(0x30, &tlv(0x30, &[]))).is_err());
        assert!(check(&[0x30, 0x81, 0x00]).is_err());
        assert!(check(&name(&[&[(&[0x55, 0x80, 0x03], tag::UTF8_STRING, b"x")]])).is_err());
        assert!(check(&[0x30, 0x00, 0x00]).is_err());
    }

    #[test]
    fn escaping_matches_cryptography() {
        let mut s = String::new();
        escape_into(&mut s, " #a+b,c;d<e>f\"g\\h ");
        assert_eq!(s, "\\ #a\\+b\\,c\\;d\\<e\\>f\\\"g\\\\h\\ ");
        let mut s = String::new();
        escape_into(&mut s, "#x");
        assert_eq!(s, "\\#x");
        let mut s = String::new();
        escape_into(&mut s, " ");
        assert_eq!(s, "\\ ");
        let mut s = String::new();
        escape_into(&mut s, "  ");
        assert_eq!(s, "\\ \\ ");
    }
}
