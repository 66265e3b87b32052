//! Certificates: [`ParsedCert`], an X.509 certificate read once, in place, with the crate's
//! DER reader (RFC 5280 §4.1), and [`CertificateInfo`], the fields an operator needs,
//! serialised in the contract's shape (camelCase JSON).
//!
//! Strictness follows what an OpenSSL origin accepts: the structure of RFC 5280 §4.1 exactly
//! (outer SEQUENCE of three, TBSCertificate fields in order, nothing after), minimal INTEGERs,
//! known versions, DER times; and the extensions the report and the chain read (subjectAltName,
//! extKeyUsage, keyUsage, basicConstraints, subject and authority key identifiers) must decode
//! and appear at most once, as OpenSSL's `X509_check_purpose` requires of a certificate it
//! verifies; name values of the types OpenSSL reads ([`name::check`]). Lenient where OpenSSL
//! is: serials of any length or sign, UTCTime years from 1950, OIDs of any size, pathLen of any
//! size, empty or unsorted RDNs, keyUsage of any length, UTF-8 in IA5String SANs. Each rule is
//! checked against `openssl verify` by tests/structure.rs (tests/data/structure).

use crate::der::{self, oid, tag, DerError, DerResult, Oid, Reader, Spki, Tlv};
use crate::error::{Error, Result};
use crate::{hex, name, pem};
use serde::Serialize;
use sha2::{Digest, Sha256};

// ---- ParsedCert -------------------------------------------------------------------------

/// A byte range of a [`ParsedCert`]'s DER.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
}

impl Span {
    /// Where `part`, a subslice of `whole`, lies in it.
    fn of(whole: &[u8], part: &[u8]) -> Self {
        let start = part.as_ptr().addr().wrapping_sub(whole.as_ptr().addr());
        Span { start, end: start.wrapping_add(part.len()) }
    }

    fn get(self, der: &[u8]) -> &[u8] {
        der.get(self.start..self.end).unwrap_or_default()
    }
}

/// A TLV of a [`ParsedCert`]'s DER, as ranges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct TlvSpan {
    tag: u8,
    value: Span,
    raw: Span,
}

impl TlvSpan {
    fn of(whole: &[u8], t: &Tlv<'_>) -> Self {
        TlvSpan { tag: t.tag, value: Span::of(whole, t.value), raw: Span::of(whole, t.raw) }
    }

    fn get(self, der: &[u8]) -> Tlv<'_> {
        Tlv { tag: self.tag, value: self.value.get(der), raw: self.raw.get(der) }
    }
}

/// An AlgorithmIdentifier, as ranges: the whole TLV, the OID's content, the parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct AlgSpan {
    raw: Span,
    oid: Span,
    parameters: Option<TlvSpan>,
}

impl AlgSpan {
    fn read(whole: &[u8], r: &mut Reader<'_>) -> DerResult<Self> {
        let tlv = r.expect_tlv(tag::SEQUENCE)?;
        let (oid, parameters) = der::algorithm_identifier(&mut Reader::new(tlv.raw))?;
        Ok(AlgSpan {
            raw: Span::of(whole, tlv.raw),
            oid: Span::of(whole, oid.as_bytes()),
            parameters: parameters.map(|p| TlvSpan::of(whole, &p)),
        })
    }

    fn get(self, der: &[u8]) -> (Oid<'_>, Option<Tlv<'_>>) {
        (Oid::from_checked(self.oid.get(der)), self.parameters.map(|p| p.get(der)))
    }
}

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
    /// `otherName`, `x400Address`, `directoryName`, `ediPartyName`, `registeredID`: the TLV.
    Other(Tlv<'a>),
}

/// The ranges and decoded facts of one certificate (everything but its DER).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Layout {
    version: u8,
    tbs: Span,
    serial: Span,
    tbs_signature: AlgSpan,
    signature_algorithm: AlgSpan,
    issuer: Span,
    subject: Span,
    not_before: i64,
    not_after: i64,
    spki: Span,
    spki_algorithm: AlgSpan,
    spki_key: Span,
    extensions: Span,
    signature: Span,
    signature_unused_bits: u8,
    basic_constraints: Option<BasicConstraints>,
    key_usage: Option<u16>,
    subject_key_id: Option<Span>,
    /// Present extension, and its keyIdentifier if it has one.
    authority_key_id: Option<Option<Span>>,
    /// Content of the GeneralNames SEQUENCE.
    subject_alt_names: Option<Span>,
    /// Content of the KeyPurposeId SEQUENCE.
    extended_key_usage: Option<Span>,
}

/// An X.509 certificate: its DER and the ranges of its parts, read once and strictly by
/// [`ParsedCert::from_der`]; every accessor is a slice of that DER and cannot fail. Hashes and
/// signatures are taken over these bytes, never over a re-encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedCert {
    der: Vec<u8>,
    layout: Layout,
}

impl ParsedCert {
    /// Parse one DER certificate (the whole input, nothing after it).
    ///
    /// # Errors
    /// [`Error::PemInvalid`] naming what failed: the structure ("not a valid X.509 certificate
    /// (…)") or one of the extensions the report reads ("malformed subjectAltName extension (…)").
    pub fn from_der(der: &[u8]) -> Result<Self> {
        let layout = parse(der)?;
        Ok(Self { der: der.to_vec(), layout })
    }

    /// [`ParsedCert::from_der`] taking ownership of the bytes (no copy).
    ///
    /// # Errors
    /// As [`ParsedCert::from_der`].
    pub fn from_vec(der: Vec<u8>) -> Result<Self> {
        let layout = parse(&der)?;
        Ok(Self { der, layout })
    }

    /// The certificate's DER, as given.
    #[must_use]
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// 1, 2 or 3.
    #[must_use]
    pub fn version(&self) -> u8 {
        self.layout.version
    }

    /// The TBSCertificate TLV, as it appears in the DER (what the signature covers).
    #[must_use]
    pub fn tbs_raw(&self) -> &[u8] {
        self.layout.tbs.get(&self.der)
    }

    /// The serial number's INTEGER content octets (two's complement, minimal, any length).
    #[must_use]
    pub fn serial(&self) -> &[u8] {
        self.layout.serial.get(&self.der)
    }

    /// The outer `signatureAlgorithm`: OID and parameters.
    #[must_use]
    pub fn signature_algorithm(&self) -> (Oid<'_>, Option<Tlv<'_>>) {
        self.layout.signature_algorithm.get(&self.der)
    }

    /// The outer `signatureAlgorithm` TLV.
    #[must_use]
    pub fn signature_algorithm_raw(&self) -> &[u8] {
        self.layout.signature_algorithm.raw.get(&self.der)
    }

    /// The TBSCertificate's `signature` field: OID and parameters.
    #[must_use]
    pub fn tbs_signature_algorithm(&self) -> (Oid<'_>, Option<Tlv<'_>>) {
        self.layout.tbs_signature.get(&self.der)
    }

    /// The TBSCertificate's `signature` TLV.
    #[must_use]
    pub fn tbs_signature_algorithm_raw(&self) -> &[u8] {
        self.layout.tbs_signature.raw.get(&self.der)
    }

    /// The issuer Name TLV (render with [`name::rfc4514`]).
    #[must_use]
    pub fn issuer_raw(&self) -> &[u8] {
        self.layout.issuer.get(&self.der)
    }

    /// The subject Name TLV (render with [`name::rfc4514`]).
    #[must_use]
    pub fn subject_raw(&self) -> &[u8] {
        self.layout.subject.get(&self.der)
    }

    /// `notBefore`, Unix seconds.
    #[must_use]
    pub fn not_before(&self) -> i64 {
        self.layout.not_before
    }

    /// `notAfter`, Unix seconds.
    #[must_use]
    pub fn not_after(&self) -> i64 {
        self.layout.not_after
    }

    /// The SubjectPublicKeyInfo.
    #[must_use]
    pub fn spki(&self) -> Spki<'_> {
        let (algorithm, parameters) = self.layout.spki_algorithm.get(&self.der);
        Spki { algorithm, parameters, key: self.layout.spki_key.get(&self.der), raw: self.layout.spki.get(&self.der) }
    }

    /// Every extension, in certificate order.
    pub fn extensions(&self) -> impl Iterator<Item = Extension<'_>> {
        let mut r = Reader::new(self.layout.extensions.get(&self.der));
        core::iter::from_fn(move || if r.is_empty() { None } else { read_extension(&mut r).ok() })
    }

    /// The first extension with this OID (content octets, e.g. [`der::oid::SUBJECT_ALT_NAME`]).
    #[must_use]
    pub fn extension(&self, id: &[u8]) -> Option<Extension<'_>> {
        self.extensions().find(|e| e.oid.is(id))
    }

    /// The signature value's octets; `None` when its BIT STRING has unused bits (OpenSSL then
    /// refuses to verify it).
    #[must_use]
    pub fn signature(&self) -> Option<&[u8]> {
        (self.layout.signature_unused_bits == 0).then(|| self.layout.signature.get(&self.der))
    }

    /// `basicConstraints`, when present.
    #[must_use]
    pub fn basic_constraints(&self) -> Option<BasicConstraints> {
        self.layout.basic_constraints
    }

    /// Whether `basicConstraints` says cA = TRUE.
    #[must_use]
    pub fn is_ca(&self) -> bool {
        self.layout.basic_constraints.is_some_and(|b| b.ca)
    }

    /// `keyUsage` bits, when present: bit `i` is RFC 5280's bit `i` (0 = digitalSignature,
    /// 8 = decipherOnly).
    #[must_use]
    pub fn key_usage(&self) -> Option<u16> {
        self.layout.key_usage
    }

    /// `subjectKeyIdentifier`, when present.
    #[must_use]
    pub fn subject_key_id(&self) -> Option<&[u8]> {
        self.layout.subject_key_id.map(|s| s.get(&self.der))
    }

    /// The `keyIdentifier` of `authorityKeyIdentifier`, when present.
    #[must_use]
    pub fn authority_key_id(&self) -> Option<&[u8]> {
        self.layout.authority_key_id.flatten().map(|s| s.get(&self.der))
    }

    /// The subjectAltName entries in certificate order, when the extension is present.
    #[must_use]
    pub fn subject_alt_names(&self) -> Option<impl Iterator<Item = GeneralName<'_>>> {
        self.layout.subject_alt_names.map(|s| {
            let mut r = Reader::new(s.get(&self.der));
            core::iter::from_fn(move || if r.is_empty() { None } else { r.read().ok().and_then(|t| general_name(t).ok()) })
        })
    }

    /// The extKeyUsage purposes in certificate order, when the extension is present.
    #[must_use]
    pub fn extended_key_usage(&self) -> Option<impl Iterator<Item = Oid<'_>>> {
        self.layout.extended_key_usage.map(|s| {
            let mut r = Reader::new(s.get(&self.der));
            core::iter::from_fn(move || if r.is_empty() { None } else { r.oid().ok() })
        })
    }
}

fn structure_error(e: DerError) -> Error {
    Error::PemInvalid { detail: format!("not a valid X.509 certificate ({e})") }
}

fn ext_error(what: &str, e: DerError) -> Error {
    Error::PemInvalid { detail: format!("malformed {what} extension ({e})") }
}

/// A DER INTEGER's content must be minimal (X.690 §8.3.2): OpenSSL refuses padding too.
fn minimal_integer(v: &[u8]) -> DerResult<&[u8]> {
    match v {
        [0x00, b, ..] if b & 0x80 == 0 => Err(DerError("INTEGER not minimally encoded")),
        [0xff, b, ..] if b & 0x80 != 0 => Err(DerError("INTEGER not minimally encoded")),
        _ => Ok(v),
    }
}

/// A BIT STRING's content: (unused bits, octets), refusing more than 7 unused bits or unused
/// bits without octets (X.690 §8.6.2).
fn bit_string(content: &[u8]) -> DerResult<(u8, &[u8])> {
    match content.split_first() {
        Some((&unused, octets)) if unused <= 7 && (unused == 0 || !octets.is_empty()) => Ok((unused, octets)),
        Some(_) => Err(DerError("malformed BIT STRING")),
        None => Err(DerError("empty BIT STRING")),
    }
}

/// RFC 5280 §4.1:
///
/// ```text
/// Certificate ::= SEQUENCE { tbsCertificate TBSCertificate, signatureAlgorithm
///     AlgorithmIdentifier, signatureValue BIT STRING }
/// TBSCertificate ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1,
///     serialNumber CertificateSerialNumber, signature AlgorithmIdentifier, issuer Name,
///     validity Validity, subject Name, subjectPublicKeyInfo SubjectPublicKeyInfo,
///     issuerUniqueID [1] IMPLICIT UniqueIdentifier OPTIONAL,
///     subjectUniqueID [2] IMPLICIT UniqueIdentifier OPTIONAL,
///     extensions [3] EXPLICIT Extensions OPTIONAL }
/// ```
fn parse(d: &[u8]) -> Result<Layout> {
    let (mut layout, extensions) = parse_structure(d).map_err(structure_error)?;
    read_extensions(d, extensions, &mut layout)?;
    Ok(layout)
}

fn parse_structure(d: &[u8]) -> DerResult<(Layout, &[u8])> {
    let mut outer = Reader::new(d);
    let mut cert = outer.sequence()?;
    outer.finish()?;
    let tbs = cert.expect_tlv(tag::SEQUENCE)?;
    let signature_algorithm = AlgSpan::read(d, &mut cert)?;
    let (signature_unused_bits, signature) = bit_string(cert.expect_value(tag::BIT_STRING)?)?;
    cert.finish()?;

    let mut t = tbs.reader();
    let version = match t.explicit(0, |r| minimal_integer(r.integer()?))? {
        None | Some([0]) => 1,
        Some([1]) => 2,
        Some([2]) => 3,
        Some(_) => return Err(DerError("unknown version")),
    };
    let serial = minimal_integer(t.integer()?)?;
    let tbs_signature = AlgSpan::read(d, &mut t)?;
    let issuer = t.expect_tlv(tag::SEQUENCE)?;
    name::check(issuer.value)?;
    let mut validity = t.sequence()?;
    let not_before = validity.time()?;
    let not_after = validity.time()?;
    validity.finish()?;
    let subject = t.expect_tlv(tag::SEQUENCE)?;
    name::check(subject.value)?;
    let spki_tlv = t.expect_tlv(tag::SEQUENCE)?;
    let spki = Spki::parse(spki_tlv.raw)?;
    let spki_algorithm = AlgSpan::read(d, &mut spki_tlv.reader())?;
    for unique_id in [tag::implicit(1), tag::implicit(2)] {
        if let Some(id) = t.optional(unique_id)? {
            bit_string(id.value)?;
        }
    }
    let extensions = t.explicit(3, |r| r.expect_value(tag::SEQUENCE))?;
    t.finish()?;
    let layout = Layout {
        version,
        tbs: Span::of(d, tbs.raw),
        serial: Span::of(d, serial),
        tbs_signature,
        signature_algorithm,
        issuer: Span::of(d, issuer.raw),
        subject: Span::of(d, subject.raw),
        not_before,
        not_after,
        spki: Span::of(d, spki.raw),
        spki_algorithm,
        spki_key: Span::of(d, spki.key),
        extensions: extensions.map_or(Span::default(), |e| Span::of(d, e)),
        signature: Span::of(d, signature),
        signature_unused_bits,
        basic_constraints: None,
        key_usage: None,
        subject_key_id: None,
        authority_key_id: None,
        subject_alt_names: None,
        extended_key_usage: None,
    };
    Ok((layout, extensions.unwrap_or_default()))
}

fn read_extension<'a>(r: &mut Reader<'a>) -> DerResult<Extension<'a>> {
    let mut e = r.sequence()?;
    let oid = e.oid()?;
    let critical = if e.peek_tag() == Some(tag::BOOLEAN) { e.boolean()? } else { false };
    let value = e.octet_string()?;
    e.finish()?;
    Ok(Extension { oid, critical, value })
}

/// Store a decoded extension; a second one of the same kind is an error (RFC 5280 §4.2: "A
/// certificate MUST NOT include more than one instance of a particular extension").
fn put<T>(slot: &mut Option<T>, what: &str, value: DerResult<T>) -> Result<()> {
    if slot.is_some() {
        return Err(ext_error(what, DerError("it appears twice")));
    }
    *slot = Some(value.map_err(|e| ext_error(what, e))?);
    Ok(())
}

fn read_extensions(d: &[u8], list: &[u8], l: &mut Layout) -> Result<()> {
    let mut r = Reader::new(list);
    while !r.is_empty() {
        let ext = read_extension(&mut r).map_err(structure_error)?;
        let v = ext.value;
        match ext.oid.as_bytes() {
            oid::SUBJECT_ALT_NAME => put(
                &mut l.subject_alt_names,
                "subjectAltName",
                only(v, tag::SEQUENCE).and_then(|s| general_names(s).map(|()| Span::of(d, s))),
            )?,
            oid::EXT_KEY_USAGE => put(
                &mut l.extended_key_usage,
                "extendedKeyUsage",
                only(v, tag::SEQUENCE).and_then(|s| key_purposes(s).map(|()| Span::of(d, s))),
            )?,
            oid::KEY_USAGE => put(&mut l.key_usage, "keyUsage", key_usage(v))?,
            oid::BASIC_CONSTRAINTS => put(&mut l.basic_constraints, "basicConstraints", basic_constraints(v))?,
            oid::SUBJECT_KEY_ID => put(
                &mut l.subject_key_id,
                "subjectKeyIdentifier",
                only(v, tag::OCTET_STRING).map(|s| Span::of(d, s)),
            )?,
            oid::AUTHORITY_KEY_ID => put(
                &mut l.authority_key_id,
                "authorityKeyIdentifier",
                authority_key_id(v).map(|k| k.map(|s| Span::of(d, s))),
            )?,
            _ => {}
        }
    }
    Ok(())
}

/// The content of the one TLV, with this tag, that `value` must be.
fn only(value: &[u8], t: u8) -> DerResult<&[u8]> {
    let mut r = Reader::new(value);
    let v = r.expect_value(t)?;
    r.finish()?;
    Ok(v)
}

/// `GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName` (its content): every entry must
/// decode (an empty list is accepted, as OpenSSL does).
fn general_names(content: &[u8]) -> DerResult<()> {
    let mut r = Reader::new(content);
    while !r.is_empty() {
        general_name(r.read()?)?;
    }
    Ok(())
}

/// One `GeneralName` (RFC 5280 §4.2.1.6; IMPLICIT tags, so `[1]` rfc822Name is `0x81`).
fn general_name(t: Tlv<'_>) -> DerResult<GeneralName<'_>> {
    // IA5String: ASCII by definition, but OpenSSL and cryptography take any octets (and
    // cryptography reads them as UTF-8), so only text that is not UTF-8 is refused.
    fn ia5(v: &[u8]) -> DerResult<&str> {
        core::str::from_utf8(v).map_err(|_| DerError("IA5String that is not text"))
    }
    Ok(match t.tag {
        0x81 => GeneralName::Email(ia5(t.value)?),
        0x82 => GeneralName::Dns(ia5(t.value)?),
        0x86 => GeneralName::Uri(ia5(t.value)?),
        0x87 => GeneralName::Ip(t.value),
        // otherName ::= SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY }
        0xa0 => {
            let mut r = t.reader();
            r.oid()?;
            der::parse_one(r.expect_value(tag::explicit(0))?)?;
            r.finish()?;
            GeneralName::Other(t)
        }
        // directoryName [4] EXPLICIT Name
        0xa4 => {
            name::check(only(t.value, tag::SEQUENCE)?)?;
            GeneralName::Other(t)
        }
        0x88 => {
            Oid::new(t.value)?;
            GeneralName::Other(t)
        }
        // x400Address, ediPartyName: not read.
        0xa3 | 0xa5 => GeneralName::Other(t),
        _ => return Err(DerError("unknown GeneralName")),
    })
}

/// `ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId` (its content).
fn key_purposes(content: &[u8]) -> DerResult<()> {
    let mut r = Reader::new(content);
    while !r.is_empty() {
        r.oid()?;
    }
    Ok(())
}

/// `KeyUsage ::= BIT STRING`: bit `i` of the result is named bit `i`. Bits past the nine named
/// ones are ignored, as OpenSSL and `cryptography` do.
fn key_usage(value: &[u8]) -> DerResult<u16> {
    let (unused, octets) = bit_string(only(value, tag::BIT_STRING)?)?;
    let len = (octets.len() * 8).saturating_sub(usize::from(unused));
    Ok((0..len.min(16))
        .filter(|&i| octets.get(i / 8).is_some_and(|&b| b & (0x80 >> (i % 8)) != 0))
        .fold(0u16, |acc, i| acc | (1 << i)))
}

/// `BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER
/// (0..MAX) OPTIONAL }`.
fn basic_constraints(value: &[u8]) -> DerResult<BasicConstraints> {
    let mut r = Reader::new(only(value, tag::SEQUENCE)?);
    let ca = if r.peek_tag() == Some(tag::BOOLEAN) { r.boolean()? } else { false };
    let path_len = if r.is_empty() {
        None
    } else {
        let v = minimal_integer(r.integer()?)?;
        if v.first().is_some_and(|b| b & 0x80 != 0) {
            return Err(DerError("negative pathLenConstraint"));
        }
        let v = hex::trim_leading_zeros(v);
        if v.len() > 8 {
            return Err(DerError("pathLenConstraint too large"));
        }
        Some(v.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    };
    r.finish()?;
    Ok(BasicConstraints { ca, path_len })
}

/// `AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] KeyIdentifier OPTIONAL,
/// authorityCertIssuer [1] GeneralNames OPTIONAL, authorityCertSerialNumber [2]
/// CertificateSerialNumber OPTIONAL }`: the keyIdentifier.
fn authority_key_id(value: &[u8]) -> DerResult<Option<&[u8]>> {
    let mut r = Reader::new(only(value, tag::SEQUENCE)?);
    let key_id = r.optional(tag::implicit(0))?.map(|t| t.value);
    if let Some(names) = r.optional(tag::explicit(1))? {
        general_names(names.value)?;
    }
    if let Some(serial) = r.optional(tag::implicit(2))? {
        if serial.value.is_empty() {
            return Err(DerError("empty INTEGER"));
        }
    }
    r.finish()?;
    Ok(key_id)
}

// ---- CertificateInfo --------------------------------------------------------------------

/// `publicKey` of the contract.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct PublicKeyInfo {
    pub algorithm: &'static str,
    pub bits: u32,
    pub curve: Option<String>,
    pub sha256: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct AlgorithmInfo {
    pub oid: String,
    pub name: String,
}

#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct SubjectAltNames {
    pub dns: Vec<String>,
    pub ip: Vec<String>,
    pub email: Vec<String>,
    pub uri: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct BasicConstraintsInfo {
    pub ca: bool,
    pub path_length: Option<u64>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Fingerprints {
    pub sha256: String,
    pub sha1: String,
}

/// Everything the contract's `CertificateInfo` holds.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CertificateInfo {
    pub version: u8,
    pub subject: String,
    pub issuer: String,
    pub serial_number_hex: String,
    pub serial_number: String,
    pub not_before: String,
    pub not_after: String,
    pub signature_algorithm: AlgorithmInfo,
    pub public_key: PublicKeyInfo,
    pub subject_alt_names: SubjectAltNames,
    pub extended_key_usage: Option<Vec<String>>,
    pub key_usage: Option<Vec<&'static str>>,
    pub basic_constraints: Option<BasicConstraintsInfo>,
    pub subject_key_id: Option<String>,
    pub authority_key_id: Option<String>,
    pub self_signed: bool,
    pub fingerprints: Fingerprints,
    pub pem: String,
}

/// The signature algorithms seen on client certificates: OID content octets, dotted form,
/// OpenSSL's short name. Looked up by octets on the inspection path, so the common OIDs are
/// not formatted arc by arc.
const SIGNATURE_ALGORITHMS: [(&[u8], &str, &str); 24] = [
    (&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b], "1.2.840.113549.1.1.11", "sha256WithRSAEncryption"),
    (&[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02], "1.2.840.10045.4.3.2", "ecdsa-with-SHA256"),
    (&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c], "1.2.840.113549.1.1.12", "sha384WithRSAEncryption"),
    (&[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03], "1.2.840.10045.4.3.3", "ecdsa-with-SHA384"),
    (&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d], "1.2.840.113549.1.1.13", "sha512WithRSAEncryption"),
    (&[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04], "1.2.840.10045.4.3.4", "ecdsa-with-SHA512"),
    (&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a], "1.2.840.113549.1.1.10", "rsassaPss"),
    (&[0x2b, 0x65, 0x70], "1.3.101.112", "ED25519"),
    (&[0x2b, 0x65, 0x71], "1.3.101.113", "ED448"),
    (&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05], "1.2.840.113549.1.1.5", "sha1WithRSAEncryption"),
    (&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x04], "1.2.840.113549.1.1.4", "md5WithRSAEncryption"),
    (&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0e], "1.2.840.113549.1.1.14", "sha224WithRSAEncryption"),
    (&[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01], "1.2.840.10045.4.1", "ecdsa-with-SHA1"),
    (&[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x01], "1.2.840.10045.4.3.1", "ecdsa-with-SHA224"),
    (&[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x03], "1.2.840.10040.4.3", "dsa_with_SHA1"),
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x02], "2.16.840.1.101.3.4.3.2", "dsa_with_SHA256"),
    // SHA-3 (NIST CSOR), verified since issue 11; OpenSSL's long names.
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x09], "2.16.840.1.101.3.4.3.9", "ecdsa_with_SHA3-224"),
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x0a], "2.16.840.1.101.3.4.3.10", "ecdsa_with_SHA3-256"),
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x0b], "2.16.840.1.101.3.4.3.11", "ecdsa_with_SHA3-384"),
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x0c], "2.16.840.1.101.3.4.3.12", "ecdsa_with_SHA3-512"),
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x0d], "2.16.840.1.101.3.4.3.13", "RSA-SHA3-224"),
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x0e], "2.16.840.1.101.3.4.3.14", "RSA-SHA3-256"),
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x0f], "2.16.840.1.101.3.4.3.15", "RSA-SHA3-384"),
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x10], "2.16.840.1.101.3.4.3.16", "RSA-SHA3-512"),
];

/// The extended key usages seen on client certificates (serverAuth, clientAuth, codeSigning,
/// emailProtection, timeStamping, OCSPSigning, anyExtendedKeyUsage): octets and dotted form.
const KEY_PURPOSES: [(&[u8], &str); 7] = [
    (&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02], "1.3.6.1.5.5.7.3.2"),
    (&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01], "1.3.6.1.5.5.7.3.1"),
    (&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x03], "1.3.6.1.5.5.7.3.3"),
    (&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x04], "1.3.6.1.5.5.7.3.4"),
    (&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x08], "1.3.6.1.5.5.7.3.8"),
    (&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x09], "1.3.6.1.5.5.7.3.9"),
    (&[0x55, 0x1d, 0x25, 0x00], "2.5.29.37.0"),
];

/// OpenSSL's short names for the signature algorithms seen on client certificates.
pub fn signature_name(oid: &str) -> &'static str {
    SIGNATURE_ALGORITHMS.iter().find(|(_, dotted, _)| *dotted == oid).map_or("unknown", |(_, _, name)| name)
}

/// `signatureAlgorithm` of the contract: the dotted OID and OpenSSL's name.
fn algorithm_info(oid: Oid<'_>) -> AlgorithmInfo {
    match SIGNATURE_ALGORITHMS.iter().find(|(octets, _, _)| oid.is(octets)) {
        Some((_, dotted, name)) => AlgorithmInfo { oid: (*dotted).to_owned(), name: (*name).to_owned() },
        None => AlgorithmInfo { oid: oid.to_string(), name: "unknown".to_owned() },
    }
}

/// The dotted form of a key purpose.
fn purpose_text(oid: Oid<'_>) -> String {
    KEY_PURPOSES
        .iter()
        .find(|(octets, _)| oid.is(octets))
        .map_or_else(|| oid.to_string(), |(_, dotted)| (*dotted).to_owned())
}

/// Curve names for the named-curve OIDs (`null` curve for non-EC keys).
pub fn curve_name(oid: &str) -> Option<(&'static str, u32)> {
    Some(match oid {
        "1.2.840.10045.3.1.7" => ("P-256", 256),
        "1.3.132.0.34" => ("P-384", 384),
        "1.3.132.0.35" => ("P-521", 521),
        "1.3.132.0.10" => ("secp256k1", 256),
        "1.2.840.10045.3.1.1" => ("P-192", 192),
        "1.3.132.0.33" => ("P-224", 224),
        "1.3.36.3.3.2.8.1.1.7" => ("brainpoolP256r1", 256),
        "1.3.36.3.3.2.8.1.1.11" => ("brainpoolP384r1", 384),
        "1.3.36.3.3.2.8.1.1.13" => ("brainpoolP512r1", 512),
        _ => return None,
    })
}

/// Bit length of a big-endian unsigned integer.
pub(crate) fn bit_len(bytes: &[u8]) -> u32 {
    let t = hex::trim_leading_zeros(bytes);
    match t.first() {
        None => 0,
        Some(&b) => {
            let rest = u32::try_from(t.len().saturating_sub(1)).unwrap_or(u32::MAX / 16);
            rest * 8 + (8 - b.leading_zeros())
        }
    }
}

/// The modulus and exponent of an `RSAPublicKey ::= SEQUENCE { modulus INTEGER,
/// publicExponent INTEGER }` (big-endian magnitudes).
pub fn rsa_modulus_exponent(spk: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut r = crate::der::Reader::new(spk);
    let mut s = r.sequence().ok()?;
    let n = s.uint().ok()?;
    let e = s.uint().ok()?;
    s.finish().ok()?;
    Some((n, e))
}

/// Describe a SubjectPublicKeyInfo: algorithm, size in bits as OpenSSL reports it, curve.
pub fn describe_spki(spki: &crate::der::Spki<'_>) -> (&'static str, u32, Option<String>) {
    let alg = spki.algorithm;
    if alg.is(oid::RSA_ENCRYPTION) || alg.is(oid::RSASSA_PSS) {
        let bits = rsa_modulus_exponent(spki.key).map_or(0, |(n, _)| bit_len(n));
        (if alg.is(oid::RSASSA_PSS) { "RSA-PSS" } else { "RSA" }, bits, None)
    } else if alg.is(oid::EC_PUBLIC_KEY) {
        let curve = spki.curve();
        // The three curves Cloudflare takes, by octets; any other by name.
        let named = match curve {
            Some(c) if c.is(oid::P256) => Some(("P-256", 256)),
            Some(c) if c.is(oid::P384) => Some(("P-384", 384)),
            Some(c) if c.is(oid::P521) => Some(("P-521", 521)),
            _ => None,
        };
        let curve_oid = if named.is_some() { None } else { curve.map(|o| o.to_string()) };
        match named.or_else(|| curve_oid.as_deref().and_then(curve_name)) {
            Some((name, bits)) => ("EC", bits, Some(name.to_owned())),
            None => {
                // Unknown or explicit curve: size from the uncompressed point.
                let bits = u32::try_from(spki.key.len().saturating_sub(1) / 2 * 8).unwrap_or(0);
                ("EC", bits, Some(curve_oid.unwrap_or_else(|| "explicit".to_owned())))
            }
        }
    } else if alg.is(oid::ED25519) {
        ("Ed25519", 256, None)
    } else if alg.is(oid::ED448) {
        ("Ed448", 456, None)
    } else if alg.is(oid::DSA) {
        // Dss-Parms ::= SEQUENCE { p INTEGER, q INTEGER, g INTEGER }: the size is p's.
        let bits = spki
            .parameters
            .filter(|p| p.tag == tag::SEQUENCE)
            .and_then(|p| Reader::new(p.value).uint().ok())
            .map_or(0, bit_len);
        ("DSA", bits, None)
    } else {
        ("unknown", 0, None)
    }
}

const KEY_USAGE_NAMES: [&str; 9] = [
    "digitalSignature",
    "contentCommitment",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly",
];

fn format_ip(bytes: &[u8]) -> String {
    match bytes.len() {
        4 => {
            let mut a = [0u8; 4];
            a.copy_from_slice(bytes);
            std::net::Ipv4Addr::from(a).to_string()
        }
        // std's Ipv6Addr Display is RFC 5952 (compressed, lowercase).
        16 => {
            let mut a = [0u8; 16];
            a.copy_from_slice(bytes);
            std::net::Ipv6Addr::from(a).to_string()
        }
        _ => hex::encode(bytes),
    }
}

/// Inspect one certificate. Cannot fail: [`ParsedCert`] decoded everything it reads.
#[must_use]
pub fn inspect(parsed: &ParsedCert) -> CertificateInfo {
    inspect_with_pem(parsed, None)
}

/// [`inspect`], with `pem` as the `pem` field when the caller already has the certificate's
/// normalized PEM (see [`crate::pem::Block::span`]) instead of encoding it again.
#[must_use]
pub fn inspect_with_pem(parsed: &ParsedCert, pem: Option<String>) -> CertificateInfo {
    let spki = parsed.spki();
    let (algorithm, bits, curve) = describe_spki(&spki);

    let mut sans = SubjectAltNames::default();
    for gn in parsed.subject_alt_names().into_iter().flatten() {
        match gn {
            GeneralName::Dns(s) => sans.dns.push(s.to_owned()),
            GeneralName::Email(s) => sans.email.push(s.to_owned()),
            GeneralName::Uri(s) => sans.uri.push(s.to_owned()),
            GeneralName::Ip(o) => sans.ip.push(format_ip(o)),
            GeneralName::Other(_) => {}
        }
    }
    let eku = parsed.extended_key_usage().map(|purposes| purposes.map(purpose_text).collect());
    let key_usage = parsed.key_usage().map(|bits| {
        KEY_USAGE_NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| bits & (1u16 << i) != 0)
            .map(|(_, n)| *n)
            .collect()
    });
    let basic_constraints = parsed
        .basic_constraints()
        .map(|bc| BasicConstraintsInfo { ca: bc.ca, path_length: bc.path_len });
    let serial = parsed.serial();
    let subject = name::rfc4514(parsed.subject_raw());
    let issuer = name::rfc4514(parsed.issuer_raw());
    let self_signed = subject == issuer && crate::verify::signed_by(parsed, &spki);

    CertificateInfo {
        version: parsed.version(),
        subject,
        issuer,
        serial_number_hex: hex::minimal(serial),
        serial_number: hex::decimal(serial),
        not_before: der::format_time(parsed.not_before()),
        not_after: der::format_time(parsed.not_after()),
        signature_algorithm: algorithm_info(parsed.signature_algorithm().0),
        public_key: PublicKeyInfo { algorithm, bits, curve, sha256: hex::encode(&Sha256::digest(spki.raw)) },
        subject_alt_names: sans,
        extended_key_usage: eku,
        key_usage,
        basic_constraints,
        subject_key_id: parsed.subject_key_id().map(hex::encode),
        authority_key_id: parsed.authority_key_id().map(hex::encode),
        self_signed,
        fingerprints: Fingerprints {
            sha256: hex::encode(&Sha256::digest(&parsed.der)),
            sha1: hex::encode(&sha1::Sha1::digest(&parsed.der)),
        },
        pem: pem.unwrap_or_else(|| pem::encode("CERTIFICATE", &parsed.der)),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn oid_tables_agree_with_the_dotted_forms() {
        for (octets, dotted, name) in SIGNATURE_ALGORITHMS {
            let oid = Oid::new(octets).unwrap();
            assert_eq!(oid.to_string(), dotted);
            assert_eq!(algorithm_info(oid), AlgorithmInfo { oid: dotted.to_owned(), name: name.to_owned() });
            assert_eq!(signature_name(dotted), name);
        }
        for (octets, dotted) in KEY_PURPOSES {
            assert_eq!(Oid::new(octets).unwrap().to_string(), dotted);
            assert_eq!(purpose_text(Oid::new(octets).unwrap()), dotted);
        }
        let other = Oid::new(&[0x2a, 0x03]).unwrap();
        assert_eq!(algorithm_info(other), AlgorithmInfo { oid: "1.2.3".to_owned(), name: "unknown".to_owned() });
        assert_eq!(purpose_text(other), "1.2.3");
        assert_eq!(signature_name("1.2.3"), "unknown");
    }

    #[test]
    fn key_usage_bits_and_bit_strings() {
        let ku = |content: &[u8]| key_usage(&der::tlv(tag::BIT_STRING, content));
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
    fn minimal_integers() {
        assert!(minimal_integer(&[0x00]).is_ok());
        assert!(minimal_integer(&[0x00, 0x80]).is_ok());
        assert!(minimal_integer(&[0xff, 0x7f]).is_ok());
        assert!(minimal_integer(&[0x00, 0x7f]).is_err());
        assert!(minimal_integer(&[0xff, 0x80]).is_err());
    }
}
