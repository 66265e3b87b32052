//! Distinguished names rendered as RFC 4514 strings, exactly as Python `cryptography`'s
//! `Name.rfc4514_string()` does (the contract's reference): most specific RDN first, `,`
//! without spaces, short names only for CN, L, ST, O, OU, C, STREET, DC and UID.

use der::asn1::ObjectIdentifier;
use der::{Tag, Tagged};
use std::fmt::Write;
use x509_cert::name::Name;

/// Short names that `cryptography` uses (`_NAMEOID_TO_NAME`); every other type is dotted.
/// Compared as OIDs, not as text: formatting every attribute's OID was a measurable cost.
fn short_name(oid: &ObjectIdentifier) -> Option<&'static str> {
    const NAMES: [(ObjectIdentifier, &str); 9] = [
        (ObjectIdentifier::new_unwrap("2.5.4.3"), "CN"),
        (ObjectIdentifier::new_unwrap("2.5.4.7"), "L"),
        (ObjectIdentifier::new_unwrap("2.5.4.8"), "ST"),
        (ObjectIdentifier::new_unwrap("2.5.4.10"), "O"),
        (ObjectIdentifier::new_unwrap("2.5.4.11"), "OU"),
        (ObjectIdentifier::new_unwrap("2.5.4.6"), "C"),
        (ObjectIdentifier::new_unwrap("2.5.4.9"), "STREET"),
        (ObjectIdentifier::new_unwrap("0.9.2342.19200300.100.1.25"), "DC"),
        (ObjectIdentifier::new_unwrap("0.9.2342.19200300.100.1.1"), "UID"),
    ];
    NAMES.iter().find(|(o, _)| o == oid).map(|(_, n)| *n)
}

/// The attribute value as `cryptography` decodes it: text for the string types, raw bytes
/// (rendered `#hex`) for BIT STRING and anything it cannot read as text.
enum Value {
    Text(String),
    Bytes(Vec<u8>),
}

fn decode_value(tag: Tag, bytes: &[u8]) -> Value {
    match tag {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::VisibleString
        | Tag::NumericString => match core::str::from_utf8(bytes) {
            Ok(s) => Value::Text(s.to_owned()),
            Err(_) => Value::Bytes(bytes.to_vec()),
        },
        // T61String: cryptography reads it as UTF-8 (what old certificates put there); bytes
        // that are not UTF-8 (which cryptography refuses) are read as Latin-1.
        Tag::TeletexString => match core::str::from_utf8(bytes) {
            Ok(s) => Value::Text(s.to_owned()),
            Err(_) => Value::Text(bytes.iter().map(|&b| char::from(b)).collect()),
        },
        Tag::BmpString => {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c.first().copied().unwrap_or(0), c.get(1).copied().unwrap_or(0)]))
                .collect();
            match String::from_utf16(&units) {
                Ok(s) if bytes.len() % 2 == 0 => Value::Text(s),
                _ => Value::Bytes(bytes.to_vec()),
            }
        }
        // BIT STRING: cryptography renders all content octets, the unused-bits octet included.
        Tag::BitString => Value::Bytes(bytes.to_vec()),
        _ => Value::Bytes(bytes.to_vec()),
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

/// Render `name` as RFC 4514.
pub fn rfc4514(name: &Name) -> String {
    let mut out = String::new();
    let rdns: Vec<_> = name.iter_rdn().collect();
    for (i, rdn) in rdns.iter().rev().enumerate() {
        if i > 0 {
            out.push(',');
        }
        for (j, atv) in rdn.iter().enumerate() {
            if j > 0 {
                out.push('+');
            }
            match short_name(&atv.oid) {
                Some(short) => out.push_str(short),
                None => {
                    let _ = write!(out, "{}", atv.oid);
                }
            }
            out.push('=');
            match decode_value(atv.value.tag(), atv.value.value()) {
                Value::Text(s) => escape_into(&mut out, &s),
                Value::Bytes(b) if b.is_empty() => {}
                Value::Bytes(b) => {
                    out.push('#');
                    for byte in b {
                        let _ = write!(out, "{byte:02x}");
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
