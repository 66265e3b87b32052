//! Distinguished names rendered as RFC 4514 strings, exactly as Python `cryptography`'s
//! `Name.rfc4514_string()` does (the contract's reference): most specific RDN first, `,`
//! without spaces, short names only for CN, L, ST, O, OU, C, STREET, DC and UID. Rendered
//! straight from the DER of the Name, in the order it is encoded.

use crate::der::{oid, tag, DerError, DerResult, Oid, Reader};
use std::fmt::Write;

/// Short names that `cryptography` uses (`_NAMEOID_TO_NAME`); every other type is dotted.
/// Compared as OID content octets, not as text.
fn short_name(oid: &[u8]) -> Option<&'static str> {
    Some(match oid {
        oid::CN => "CN",
        oid::L => "L",
        oid::ST => "ST",
        oid::O => "O",
        oid::OU => "OU",
        oid::C => "C",
        oid::STREET => "STREET",
        oid::DC => "DC",
        oid::UID => "UID",
        _ => return None,
    })
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
                Ok(s) if bytes.len() % 2 == 0 => escape_into(out, &s),
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
                Some(s) if bytes.len() % 4 == 0 => escape_into(out, &s),
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
    // A value that is a single space gets only the trailing-space escape (cryptography's rule).
    if value.starts_with('#') || (value.starts_with(' ') && value.len() > 1) {
        out.insert(start, '\\');
    }
    if value.ends_with(' ') {
        out.pop();
        out.push_str("\\ ");
    }
}

/// Render a Name (its whole DER TLV, as [`crate::cert::ParsedCert::subject_raw`] gives it) as
/// RFC 4514. A Name that [`check`] refused renders as far as it reads.
#[must_use]
pub fn rfc4514(name: &[u8]) -> String {
    let mut out = String::with_capacity(name.len());
    let content = Reader::new(name).sequence().map(|r| r.rest()).unwrap_or_default();
    // RDNs are rendered last first: collect where each starts (a handful of slices).
    let mut rdns: Vec<&[u8]> = Vec::with_capacity(8);
    let mut r = Reader::new(content);
    while let Ok(set) = r.expect_value(tag::SET) {
        rdns.push(set);
    }
    // An empty RDN (which OpenSSL accepts) renders as nothing, as `openssl x509 -nameopt
    // RFC2253` shows it.
    for (i, set) in rdns.iter().rev().filter(|s| !s.is_empty()).enumerate() {
        if i > 0 {
            out.push(',');
        }
        let mut atvs = Reader::new(set);
        let mut j = 0;
        while let Ok(mut atv) = atvs.sequence() {
            if j > 0 {
                out.push('+');
            }
            j += 1;
            let (Ok(oid), Ok(value)) = (atv.oid(), atv.read()) else { break };
            match short_name(oid.as_bytes()) {
                Some(short) => out.push_str(short),
                None => {
                    let _ = write!(out, "{oid}");
                }
            }
            out.push('=');
            push_value(&mut out, value.tag, value.value);
        }
    }
    out
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

/// Check the content of a `Name ::= SEQUENCE OF RelativeDistinguishedName`, where
/// `RelativeDistinguishedName ::= SET OF AttributeTypeAndValue` and `AttributeTypeAndValue ::=
/// SEQUENCE { type OBJECT IDENTIFIER, value ANY }`, as OpenSSL reads it: value types as
/// `openssl_reads` (OpenSSL's `B_ASN1_PRINTABLE`); empty RDNs and the SET OF order are not checked (OpenSSL accepts both).
///
/// # Errors
/// Malformed structure, or a value type OpenSSL does not read.
pub fn check(content: &[u8]) -> DerResult<()> {
    let mut r = Reader::new(content);
    while !r.is_empty() {
        let mut set = Reader::new(r.expect_value(tag::SET)?);
        while !set.is_empty() {
            let mut atv = set.sequence()?;
            Oid::new(atv.expect_value(tag::OID)?)?;
            if !openssl_reads(atv.read()?.tag) {
                return Err(DerError("a name attribute of a type OpenSSL does not read"));
            }
            atv.finish()?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (attribute type OID content, value tag, value content)
    type Atv<'a> = (&'a [u8], u8, &'a [u8]);

    fn name(rdns: &[&[Atv<'_>]]) -> Vec<u8> {
        use crate::der::{sequence, tlv};
        let sets: Vec<Vec<u8>> = rdns
            .iter()
            .map(|atvs| {
                let parts: Vec<Vec<u8>> =
                    atvs.iter().map(|(o, t, v)| sequence(&[&tlv(tag::OID, o), &tlv(*t, v)])).collect();
                tlv(tag::SET, &parts.concat())
            })
            .collect();
        tlv(tag::SEQUENCE, &sets.concat())
    }

    #[test]
    fn renders_from_der_last_rdn_first() {
        let n = name(&[
            &[(oid::C, tag::PRINTABLE_STRING, b"CH")],
            &[(oid::O, tag::UTF8_STRING, b"A, B"), (oid::OU, tag::UTF8_STRING, b"x")],
            &[(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01], tag::IA5_STRING, b"a@b")],
            &[(oid::CN, tag::BMP_STRING, &[0x00, 0x53, 0x00, 0xdf])],
            &[(oid::CN, tag::UNIVERSAL_STRING, &[0, 0, 0, 0x41, 0, 1, 0xf6, 0x00])],
            &[(oid::CN, tag::BIT_STRING, &[0x00, 0xab])],
        ]);
        check(n.get(2..).unwrap()).unwrap();
        assert_eq!(
            rfc4514(&n),
            "CN=#00ab,CN=A\u{1f600},CN=S\u{df},1.2.840.113549.1.9.1=a@b,O=A\\, B+OU=x,C=CH"
        );
        // Odd-length BMPString and a UniversalString that is no code point: hex.
        let n = name(&[&[(oid::CN, tag::BMP_STRING, &[0x00])], &[(oid::CN, tag::UNIVERSAL_STRING, &[0, 0x11, 0, 0])]]);
        assert_eq!(rfc4514(&n), "CN=#00110000,CN=#00");
        assert!(check(&[0x31, 0x03, 0x30, 0x01, 0x06]).is_err());
        assert!(check(&[0x30, 0x00]).is_err());
        assert_eq!(rfc4514(&[0x30, 0x00]), "");
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
