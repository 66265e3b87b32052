//! The extensions of a certificate (RFC 5280 §4.2), read with `der`: the list, and the six the
//! report and the chain read, each decoded once when the certificate is read.
//!
//! Hand-written over `der` primitives, checked against x509-cert 0.3's `ext::pkix` types, which
//! refuse what OpenSSL verifies (tests/data/structure): `Extension.critical` is a `bool`, which
//! `der` reads only as 0x00/0xFF (`ext-critical-01`); `BasicConstraints.path_len_constraint` is
//! a `u8` (tests/data/inspect/ca-pathlen-1000.pem); `KeyUsage` is a 16-bit flag set
//! (`ku-three-octets`); `GeneralName`'s IA5Strings refuse UTF-8 (`san-dns-not-ascii`) and its
//! `directoryName` and `otherName` values are `der::Any`, which cannot hold a UniversalString;
//! `ExtendedKeyUsage` holds `const-oid` OIDs (see [`crate::x509::oid`]).

use super::{CertError, Span};
use crate::x509::name::{self, NameError};
use crate::x509::oid::{self, Oid};
use crate::x509::tlv;
use der::asn1::{AnyRef, BitStringRef, ContextSpecific, IntRef, OctetStringRef, UintRef};
use der::{Decode, Reader, SliceReader, Tag, TagNumber};

/// `basicConstraints` (RFC 5280 §4.2.1.9).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BasicConstraints {
    pub ca: bool,
    /// `pathLenConstraint`; any size up to `u64::MAX` (OpenSSL and `cryptography` read 1000).
    pub path_len: Option<u64>,
}

/// One extension: `Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN
/// DEFAULT FALSE, extnValue OCTET STRING }` (RFC 5280 §4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Extension<'a> {
    pub oid: Oid<'a>,
    pub critical: bool,
    /// The content of `extnValue` (the extension's own DER).
    pub value: &'a [u8],
}

/// One GeneralName (RFC 5280 §4.2.1.6) of a subjectAltName.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeneralName<'a> {
    /// `rfc822Name` (IA5String; UTF-8 is accepted, as OpenSSL and cryptography do).
    Email(&'a str),
    /// `dNSName`.
    Dns(&'a str),
    /// `uniformResourceIdentifier`.
    Uri(&'a str),
    /// `iPAddress`: 4 or 16 octets for an address (other lengths occur in name constraints).
    Ip(&'a [u8]),
    /// `otherName`, `x400Address`, `directoryName`, `ediPartyName`, `registeredID`.
    Other(AnyRef<'a>),
}

/// Why one of the extensions the report reads was not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExtensionError {
    /// Its DER, as `der` reports it.
    Der(der::Error),
    /// A second instance (RFC 5280 §4.2: "A certificate MUST NOT include more than one
    /// instance of a particular extension").
    Twice,
    /// A `directoryName` that is not a Name OpenSSL reads.
    Name(NameError),
    /// An IA5String that is not text.
    NotText,
    /// A GeneralName of no known kind.
    UnknownGeneralName,
    /// A `pathLenConstraint` above `u64::MAX`.
    PathLenTooLarge,
}

impl From<der::Error> for ExtensionError {
    fn from(e: der::Error) -> Self {
        ExtensionError::Der(e)
    }
}

impl From<NameError> for ExtensionError {
    fn from(e: NameError) -> Self {
        ExtensionError::Name(e)
    }
}

impl core::fmt::Display for ExtensionError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ExtensionError::Der(e) => write!(f, "{e}"),
            ExtensionError::Name(e) => write!(f, "{e}"),
            ExtensionError::Twice => f.write_str("it appears twice"),
            ExtensionError::NotText => f.write_str("IA5String that is not text"),
            ExtensionError::UnknownGeneralName => f.write_str("unknown GeneralName"),
            ExtensionError::PathLenTooLarge => f.write_str("pathLenConstraint too large"),
        }
    }
}

/// The extensions of one certificate, as ranges of its DER and decoded values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Read {
    /// Content of the Extensions SEQUENCE (empty when absent).
    list: Span,
    pub(super) basic_constraints: Option<BasicConstraints>,
    pub(super) key_usage: Option<u16>,
    subject_key_id: Option<Span>,
    /// Present extension, and its keyIdentifier if it has one.
    authority_key_id: Option<Option<Span>>,
    /// Content of the GeneralNames SEQUENCE.
    subject_alt_names: Option<Span>,
    /// Content of the KeyPurposeId SEQUENCE.
    extended_key_usage: Option<Span>,
}

impl Read {
    /// Read the content of the Extensions SEQUENCE `list`, a part of the certificate `d`.
    pub(super) fn of(d: &[u8], list: &[u8]) -> Result<Self, CertError> {
        let mut read = Read { list: Span::of(d, list), ..Read::default() };
        let mut r = SliceReader::new(list)?;
        while !r.is_finished() {
            let ext = read_extension(&mut r)?;
            let v = ext.value;
            let span = |s: &[u8]| Span::of(d, s);
            let o = ext.oid;
            if o.is(&oid::ID_CE_SUBJECT_ALT_NAME) {
                put(&mut read.subject_alt_names, "subjectAltName", sequence_content(v, general_names).map(span))?;
            } else if o.is(&oid::ID_CE_EXT_KEY_USAGE) {
                put(&mut read.extended_key_usage, "extendedKeyUsage", sequence_content(v, key_purposes).map(span))?;
            } else if o.is(&oid::ID_CE_KEY_USAGE) {
                put(&mut read.key_usage, "keyUsage", key_usage(v))?;
            } else if o.is(&oid::ID_CE_BASIC_CONSTRAINTS) {
                put(&mut read.basic_constraints, "basicConstraints", basic_constraints(v))?;
            } else if o.is(&oid::ID_CE_SUBJECT_KEY_IDENTIFIER) {
                let ski = <&OctetStringRef>::from_der(v).map(|s| span(s.as_bytes())).map_err(ExtensionError::from);
                put(&mut read.subject_key_id, "subjectKeyIdentifier", ski)?;
            } else if o.is(&oid::ID_CE_AUTHORITY_KEY_IDENTIFIER) {
                put(&mut read.authority_key_id, "authorityKeyIdentifier", authority_key_id(v).map(|k| k.map(span)))?;
            }
        }
        Ok(read)
    }

    /// Every extension, in certificate order.
    pub(super) fn all<'a>(&self, der: &'a [u8]) -> impl Iterator<Item = Extension<'a>> {
        let mut r = SliceReader::new(self.list.get(der)).ok();
        core::iter::from_fn(move || {
            let reader = r.as_mut().filter(|r| !r.is_finished())?;
            read_extension(reader).ok()
        })
    }

    pub(super) fn subject_key_id<'a>(&self, der: &'a [u8]) -> Option<&'a [u8]> {
        self.subject_key_id.map(|s| s.get(der))
    }

    pub(super) fn authority_key_id<'a>(&self, der: &'a [u8]) -> Option<&'a [u8]> {
        self.authority_key_id.flatten().map(|s| s.get(der))
    }

    pub(super) fn subject_alt_names<'a>(&self, der: &'a [u8]) -> Option<impl Iterator<Item = GeneralName<'a>>> {
        self.subject_alt_names.map(|s| {
            let mut r = SliceReader::new(s.get(der)).ok();
            core::iter::from_fn(move || {
                let reader = r.as_mut().filter(|r| !r.is_finished())?;
                tlv::any(reader).ok().and_then(|(tag, value)| general_name(tag, value).ok())
            })
        })
    }

    pub(super) fn extended_key_usage<'a>(&self, der: &'a [u8]) -> Option<impl Iterator<Item = Oid<'a>>> {
        self.extended_key_usage.map(|s| {
            let mut r = SliceReader::new(s.get(der)).ok();
            core::iter::from_fn(move || {
                let reader = r.as_mut().filter(|r| !r.is_finished())?;
                Oid::decode(reader).ok()
            })
        })
    }
}

/// Store a decoded extension; a second one of the same kind is an error.
fn put<T>(slot: &mut Option<T>, name: &'static str, value: Result<T, ExtensionError>) -> Result<(), CertError> {
    let error = |error| CertError::Extension { name, error };
    if slot.is_some() {
        return Err(error(ExtensionError::Twice));
    }
    *slot = Some(value.map_err(error)?);
    Ok(())
}

/// An optional `BOOLEAN DEFAULT FALSE` as OpenSSL reads it: one octet, any non-zero value is
/// TRUE, an explicit FALSE is accepted (`der` reads a BOOLEAN only as 0x00 or 0xFF, in DER and
/// BER alike).
fn optional_boolean(r: &mut SliceReader<'_>) -> der::Result<bool> {
    if r.peek_byte() != Some(tlv::tag::BOOLEAN) {
        return Ok(false);
    }
    match tlv::expect(r, tlv::tag::BOOLEAN)? {
        [b] => Ok(*b != 0),
        _ => Err(Tag::Boolean.length_error().into()),
    }
}

fn read_extension<'a>(r: &mut SliceReader<'a>) -> der::Result<Extension<'a>> {
    tlv::nested(r, tlv::tag::SEQUENCE, |e| {
        let oid = Oid::decode(e)?;
        let critical = optional_boolean(e)?;
        let value = tlv::expect(e, tlv::tag::OCTET_STRING)?;
        Ok(Extension { oid, critical, value })
    })
}

/// The content of the one SEQUENCE that `value` must be, checked by `check`.
fn sequence_content(value: &[u8], check: fn(&[u8]) -> Result<(), ExtensionError>) -> Result<&[u8], ExtensionError> {
    let mut r = SliceReader::new(value)?;
    let content = tlv::expect(&mut r, tlv::tag::SEQUENCE)?;
    r.finish()?;
    check(content)?;
    Ok(content)
}

/// `GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName` (its content): every entry must
/// decode (an empty list is accepted, as OpenSSL does).
fn general_names(content: &[u8]) -> Result<(), ExtensionError> {
    let mut r = SliceReader::new(content)?;
    while !r.is_finished() {
        let (tag, value) = tlv::any(&mut r)?;
        general_name(tag, value)?;
    }
    Ok(())
}

/// One `GeneralName` (RFC 5280 §4.2.1.6; IMPLICIT tags, so `[1]` rfc822Name is the primitive
/// 0x81 and `[0]` otherName the constructed 0xa0).
fn general_name(tag: u8, v: &[u8]) -> Result<GeneralName<'_>, ExtensionError> {
    // IA5String: ASCII by definition, but OpenSSL and cryptography take any octets (and
    // cryptography reads them as UTF-8), so only text that is not UTF-8 is refused.
    fn ia5(v: &[u8]) -> Result<&str, ExtensionError> {
        core::str::from_utf8(v).map_err(|_| ExtensionError::NotText)
    }
    let other = |tag: u8, v| -> Result<GeneralName<'_>, ExtensionError> {
        let number = TagNumber(u32::from(tag & 0x1f));
        Ok(GeneralName::Other(AnyRef::new(Tag::ContextSpecific { constructed: tag & 0x20 != 0, number }, v)?))
    };
    match tag {
        0x81 => Ok(GeneralName::Email(ia5(v)?)),
        0x82 => Ok(GeneralName::Dns(ia5(v)?)),
        0x86 => Ok(GeneralName::Uri(ia5(v)?)),
        0x87 => Ok(GeneralName::Ip(v)),
        // otherName ::= SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY }
        0xa0 => {
            let mut r = SliceReader::new(v)?;
            Oid::decode(&mut r)?;
            tlv::nested(&mut r, 0xa0, |inner| tlv::any(inner))?;
            r.finish()?;
            other(tag, v)
        }
        // directoryName [4] EXPLICIT Name
        0xa4 => {
            name::check(v)?;
            other(tag, v)
        }
        // registeredID [8] IMPLICIT OBJECT IDENTIFIER
        0x88 => {
            Oid::new(v)?;
            other(tag, v)
        }
        // x400Address, ediPartyName: not read.
        0xa3 | 0xa5 => other(tag, v),
        _ => Err(ExtensionError::UnknownGeneralName),
    }
}

/// `ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId` (its content).
fn key_purposes(content: &[u8]) -> Result<(), ExtensionError> {
    let mut r = SliceReader::new(content)?;
    while !r.is_finished() {
        Oid::decode(&mut r)?;
    }
    Ok(())
}

/// `KeyUsage ::= BIT STRING`: bit `i` of the result is named bit `i`. Bits past the nine named
/// ones are ignored, as OpenSSL and `cryptography` do.
fn key_usage(value: &[u8]) -> Result<u16, ExtensionError> {
    let bits = BitStringRef::from_der(value)?;
    Ok(bits.bits().take(16).enumerate().filter(|(_, set)| *set).fold(0u16, |acc, (i, _)| acc | (1 << i)))
}

/// `BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER
/// (0..MAX) OPTIONAL }`.
fn basic_constraints(value: &[u8]) -> Result<BasicConstraints, ExtensionError> {
    let mut r = SliceReader::new(value)?;
    let (ca, path_len) = r.sequence(|s| {
        let ca = optional_boolean(s)?;
        let path_len = if s.is_finished() { None } else { Some(UintRef::decode(s)?) };
        Ok::<_, der::Error>((ca, path_len))
    })?;
    r.finish()?;
    let path_len = match path_len.map(|p| p.as_bytes()) {
        None => None,
        Some(v) if v.len() > 8 => return Err(ExtensionError::PathLenTooLarge),
        Some(v) => Some(v.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b))),
    };
    Ok(BasicConstraints { ca, path_len })
}

/// `AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] KeyIdentifier OPTIONAL,
/// authorityCertIssuer [1] GeneralNames OPTIONAL, authorityCertSerialNumber [2]
/// CertificateSerialNumber OPTIONAL }`: the keyIdentifier.
fn authority_key_id(value: &[u8]) -> Result<Option<&[u8]>, ExtensionError> {
    let mut r = SliceReader::new(value)?;
    let key_id = r.sequence(|s| {
        let key_id = ContextSpecific::<&OctetStringRef>::decode_implicit(s, TagNumber(0))?.map(|k| k.value.as_bytes());
        if s.peek_byte() == Some(0xa1) {
            general_names(tlv::expect(s, 0xa1)?)?;
        }
        ContextSpecific::<IntRef<'_>>::decode_implicit(s, TagNumber(2))?;
        Ok::<_, ExtensionError>(key_id)
    })?;
    r.finish()?;
    Ok(key_id)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn key_usage_bits_and_bit_strings() {
        let ku = |content: &[u8]| {
            let mut der = vec![0x03, u8::try_from(content.len()).unwrap()];
            der.extend_from_slice(content);
            key_usage(&der)
        };
        // digitalSignature (bit 0) and keyCertSign (bit 5): 1000 0100, 2 unused bits.
        assert_eq!(ku(&[0x02, 0x84]), Ok(0b10_0001));
        // decipherOnly (bit 8) in a second octet; bits past 15 ignored.
        assert_eq!(ku(&[0x07, 0x00, 0x80]), Ok(1 << 8));
        assert_eq!(ku(&[0x00, 0x00, 0x00, 0xff]), Ok(0));
        // A set bit among the unused ones does not count.
        assert_eq!(ku(&[0x01, 0x01]), Ok(0));
        assert_eq!(ku(&[0x00]), Ok(0));
        assert!(ku(&[0x08, 0x80]).is_err());
        assert!(ku(&[0x01]).is_err());
        assert!(ku(&[]).is_err());
    }

    #[test]
    fn booleans_as_openssl_reads_them() {
        let bc = |der: &[u8]| basic_constraints(der);
        assert_eq!(bc(&[0x30, 0x03, 0x01, 0x01, 0x01]), Ok(BasicConstraints { ca: true, path_len: None }));
        assert_eq!(bc(&[0x30, 0x03, 0x01, 0x01, 0xff]), Ok(BasicConstraints { ca: true, path_len: None }));
        assert_eq!(bc(&[0x30, 0x03, 0x01, 0x01, 0x00]), Ok(BasicConstraints { ca: false, path_len: None }));
        assert!(bc(&[0x30, 0x04, 0x01, 0x02, 0x00, 0x00]).is_err());
        assert!(bc(&[0x30, 0x02, 0x01, 0x00]).is_err());
        // pathLen 1000, 2^64 - 1, 2^64; negative and padded ones are refused.
        assert_eq!(bc(&[0x30, 0x04, 0x02, 0x02, 0x03, 0xe8]).unwrap().path_len, Some(1000));
        let max = [0x30, 0x0b, 0x02, 0x09, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        assert_eq!(bc(&max).unwrap().path_len, Some(u64::MAX));
        let over = [0x30, 0x0b, 0x02, 0x09, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
        assert_eq!(bc(&over), Err(ExtensionError::PathLenTooLarge));
        assert!(bc(&[0x30, 0x03, 0x02, 0x01, 0xff]).is_err());
        assert!(bc(&[0x30, 0x04, 0x02, 0x02, 0x00, 0x01]).is_err());
    }

    #[test]
    fn general_names_as_openssl_reads_them() {
        fn one(der: &[u8]) -> Result<GeneralName<'_>, ExtensionError> {
            let mut r = SliceReader::new(der).unwrap();
            let (tag, value) = tlv::any(&mut r).unwrap();
            general_name(tag, value)
        }
        assert_eq!(one(&[0x82, 0x01, b'a']), Ok(GeneralName::Dns("a")));
        assert_eq!(one(&[0x81, 0x02, 0xc3, 0xa9]), Ok(GeneralName::Email("\u{e9}")));
        assert_eq!(one(&[0x86, 0x01, 0xff]), Err(ExtensionError::NotText));
        assert_eq!(one(&[0x87, 0x05, 10, 0, 0, 1, 0]), Ok(GeneralName::Ip(&[10, 0, 0, 1, 0])));
        assert_eq!(one(&[0xa1, 0x00]), Err(ExtensionError::UnknownGeneralName));
        assert_eq!(one(&[0x89, 0x00]), Err(ExtensionError::UnknownGeneralName));
        // otherName with a UniversalString value (a tag `der` has no type for).
        let other = [0xa0, 0x0a, 0x06, 0x02, 0x2a, 0x03, 0xa0, 0x04, 0x1c, 0x02, 0x00, 0x41];
        assert!(matches!(one(&other), Ok(GeneralName::Other(_))));
        assert!(one(&[0xa0, 0x04, 0x06, 0x02, 0x2a, 0x03]).is_err());
        // registeredID: a padded OID is refused.
        assert!(matches!(one(&[0x88, 0x02, 0x2a, 0x03]), Ok(GeneralName::Other(_))));
        assert!(one(&[0x88, 0x02, 0x80, 0x03]).is_err());
    }
}
