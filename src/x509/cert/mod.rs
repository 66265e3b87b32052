//! Certificates: [`ParsedCert`], an X.509 certificate read once with `der`'s reader and the
//! `spki`/`x509-cert` types (RFC 5280 §4.1), and [`CertificateInfo`], the fields an operator
//! needs, serialised in the contract's shape (camelCase JSON).
//!
//! Strictness follows what an OpenSSL origin accepts: the structure of RFC 5280 §4.1 exactly
//! (outer SEQUENCE of three, TBSCertificate fields in order, nothing after), DER lengths and
//! minimal INTEGERs (as `der` reads them), known versions, DER times; and the extensions the
//! report and the chain read (subjectAltName, extKeyUsage, keyUsage, basicConstraints, subject
//! and authority key identifiers) must decode and appear at most once, as OpenSSL's
//! `X509_check_purpose` requires of a certificate it verifies; name values of the types OpenSSL
//! reads ([`name::check`]). Lenient where OpenSSL is: serials of any length or sign, UTCTime
//! years from 1950, OIDs `const-oid` cannot hold ([`crate::x509::oid`]), pathLen of any size, empty or
//! unsorted RDNs, keyUsage of any length, UTF-8 in IA5String SANs, a BOOLEAN `critical` of any
//! non-zero octet or an explicit FALSE. Each rule is checked against `openssl verify` by
//! tests/structure.rs (tests/data/structure).
//!
//! Why not x509-cert's `CertificateInner<P>` with a lenient [`Profile`]: a `Profile` only
//! governs the serial number's length and time encoding, and three of its field types refuse
//! certificates OpenSSL verifies: `Name` (its `der::Any` values cannot hold a UniversalString,
//! tag 0x1c: tests/data/inspect/name-universalstring.pem), `Validity` (`der`'s `DateTime` starts
//! at 1970: structure `utctime-1960`) and `Extension` (`der` reads a BOOLEAN only as 0x00 or
//! 0xFF, in DER and BER alike: structure `ext-critical-01`). Its `Name` also re-sorts each RDN
//! when decoding DER. So the certificate is walked here with `der`'s reader, field by field,
//! with x509-cert's [`Version`] and [`SerialNumber`] (under [`OpensslProfile`]) and `spki`'s
//! SubjectPublicKeyInfo and AlgorithmIdentifier; the extensions are read in `cert/extensions.rs`.

mod extensions;
mod info;

pub use extensions::{BasicConstraints, Extension, ExtensionError, GeneralName};
pub use info::*;

use crate::error::Error;
use crate::x509::name::{self, NameError};
use crate::x509::oid::{ObjectIdentifier, Oid};
use crate::x509::time::{self, TimeError};
use crate::x509::tlv;
use der::asn1::{BitString, BitStringRef, ContextSpecific};
use der::referenced::{OwnedToRef, RefToOwned};
use der::{Decode, Header, Reader, SliceReader, TagNumber};
use spki::{AlgorithmIdentifierOwned, AlgorithmIdentifierRef, SubjectPublicKeyInfoOwned, SubjectPublicKeyInfoRef};
use x509_cert::certificate::{Profile, Version};
use x509_cert::serial_number::SerialNumber;

/// x509-cert's [`Profile`] as OpenSSL reads serial numbers: any length (x509-cert's `Rfc5280`
/// stops at 21 octets; OpenSSL verifies a 40-octet serial, structure `serial-40-bytes`, and
/// cryptography reads one of 24, tests/data/inspect/serial-24-bytes.pem). Sign and minimal
/// encoding are still checked by `der`'s INTEGER.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct OpensslProfile;

impl Profile for OpensslProfile {
    fn check_serial_number(_serial: &SerialNumber<Self>) -> der::Result<()> {
        Ok(())
    }
}

/// Why a certificate was not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CertError {
    /// The structure of RFC 5280 §4.1, as `der` reports it.
    Structure(der::Error),
    /// `notBefore` or `notAfter`.
    Time(TimeError),
    /// The issuer or subject Name.
    Name(NameError),
    /// An OBJECT IDENTIFIER padded or unfinished (X.690 §8.19.2), which OpenSSL refuses.
    Oid,
    /// The public key's BIT STRING has unused bits: not a key a TLS client can prove it holds.
    KeyUnusedBits,
    /// One of the extensions the report reads.
    Extension { name: &'static str, error: ExtensionError },
}

impl From<der::Error> for CertError {
    fn from(e: der::Error) -> Self {
        CertError::Structure(e)
    }
}

impl core::fmt::Display for CertError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let detail: &dyn core::fmt::Display = match self {
            CertError::Extension { name, error } => return write!(f, "malformed {name} extension ({error})"),
            CertError::Structure(e) => e,
            CertError::Time(e) => e,
            CertError::Name(e) => e,
            CertError::Oid => &"malformed OBJECT IDENTIFIER",
            CertError::KeyUnusedBits => &"public key BIT STRING with unused bits",
        };
        write!(f, "not a valid X.509 certificate ({detail})")
    }
}

impl From<CertError> for Error {
    fn from(e: CertError) -> Self {
        Error::PemInvalid { detail: e.to_string() }
    }
}

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

/// Everything read from one certificate but its DER: ranges of it, and the parts the crates
/// decode into owned values.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Layout {
    version: Version,
    serial: SerialNumber<OpensslProfile>,
    tbs: Span,
    tbs_signature_algorithm: Span,
    signature_algorithm_raw: Span,
    signature_algorithm: AlgorithmIdentifierOwned,
    signature: BitString,
    issuer: Span,
    /// The issuer, RFC 4514 (rendered once, when read).
    issuer_text: String,
    subject: Span,
    subject_text: String,
    not_before: i64,
    not_after: i64,
    spki_raw: Span,
    spki: SubjectPublicKeyInfoOwned,
    extensions: extensions::Read,
}

/// An X.509 certificate: its DER and what [`ParsedCert::from_der`] read of it, once and
/// strictly; every accessor is a slice of that DER or a crate type over it, and cannot fail.
/// Hashes and signatures are taken over these bytes, never over a re-encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedCert {
    der: Vec<u8>,
    layout: Layout,
}

impl ParsedCert {
    /// Parse one DER certificate (the whole input, nothing after it).
    ///
    /// # Errors
    /// [`Error::PemInvalid`] with a [`CertError`]'s text: the structure ("not a valid X.509
    /// certificate (…)") or one of the extensions the report reads ("malformed subjectAltName
    /// extension (…)").
    pub fn from_der(der: &[u8]) -> crate::Result<Self> {
        let layout = parse(der)?;
        Ok(Self { der: der.to_vec(), layout })
    }

    /// [`ParsedCert::from_der`] taking ownership of the bytes (no copy).
    ///
    /// # Errors
    /// As [`ParsedCert::from_der`].
    pub fn from_vec(der: Vec<u8>) -> crate::Result<Self> {
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
        match self.layout.version {
            Version::V1 => 1,
            Version::V2 => 2,
            Version::V3 => 3,
        }
    }

    /// The TBSCertificate TLV, as it appears in the DER (what the signature covers).
    #[must_use]
    pub fn tbs_raw(&self) -> &[u8] {
        self.layout.tbs.get(&self.der)
    }

    /// The serial number's INTEGER content octets (two's complement, minimal, any length).
    #[must_use]
    pub fn serial(&self) -> &[u8] {
        self.layout.serial.as_bytes()
    }

    /// The outer `signatureAlgorithm`.
    #[must_use]
    pub fn signature_algorithm(&self) -> AlgorithmIdentifierRef<'_> {
        self.layout.signature_algorithm.owned_to_ref()
    }

    /// The outer `signatureAlgorithm`'s OID.
    #[must_use]
    pub fn signature_oid(&self) -> ObjectIdentifier {
        self.layout.signature_algorithm.oid
    }

    /// The outer `signatureAlgorithm` TLV, as it appears in the DER.
    #[must_use]
    pub fn signature_algorithm_raw(&self) -> &[u8] {
        self.layout.signature_algorithm_raw.get(&self.der)
    }

    /// The TBSCertificate's `signature` TLV, as it appears in the DER (OpenSSL requires it to
    /// equal [`ParsedCert::signature_algorithm_raw`], RFC 5280 §4.1.1.2).
    #[must_use]
    pub fn tbs_signature_algorithm_raw(&self) -> &[u8] {
        self.layout.tbs_signature_algorithm.get(&self.der)
    }

    /// The `signatureValue` BIT STRING.
    #[must_use]
    pub fn signature_bits(&self) -> BitStringRef<'_> {
        self.layout.signature.owned_to_ref()
    }

    #[cfg(test)]
    /// The signature value's octets; `None` when its BIT STRING has unused bits (OpenSSL then
    /// refuses to verify it).
    #[must_use]
    pub fn signature(&self) -> Option<&[u8]> {
        self.layout.signature.as_bytes()
    }

    /// The issuer Name TLV.
    #[must_use]
    pub fn issuer_raw(&self) -> &[u8] {
        self.layout.issuer.get(&self.der)
    }

    /// The issuer as RFC 4514 text ([`name::read`]).
    #[must_use]
    pub fn issuer(&self) -> &str {
        &self.layout.issuer_text
    }

    /// The subject Name TLV.
    #[must_use]
    pub fn subject_raw(&self) -> &[u8] {
        self.layout.subject.get(&self.der)
    }

    /// The subject as RFC 4514 text ([`name::read`]).
    #[must_use]
    pub fn subject(&self) -> &str {
        &self.layout.subject_text
    }

    /// (subject, issuer) as RFC 4514 text, moved out (left empty here).
    fn take_names(&mut self) -> (String, String) {
        (core::mem::take(&mut self.layout.subject_text), core::mem::take(&mut self.layout.issuer_text))
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

    /// The SubjectPublicKeyInfo (its key BIT STRING has no unused bits).
    #[must_use]
    pub fn spki_ref(&self) -> SubjectPublicKeyInfoRef<'_> {
        self.layout.spki.owned_to_ref()
    }

    /// The SubjectPublicKeyInfo TLV, as it appears in the DER (what `publicKey.sha256`
    /// hashes).
    #[must_use]
    pub fn spki_raw(&self) -> &[u8] {
        self.layout.spki_raw.get(&self.der)
    }

    /// Every extension, in certificate order.
    pub fn extensions(&self) -> impl Iterator<Item = Extension<'_>> {
        self.layout.extensions.all(&self.der)
    }

    #[cfg(test)]
    /// The first extension with this OID.
    #[must_use]
    pub fn extension(&self, id: &ObjectIdentifier) -> Option<Extension<'_>> {
        self.extensions().find(|e| e.oid.is(id))
    }

    /// `basicConstraints`, when present.
    #[must_use]
    pub fn basic_constraints(&self) -> Option<BasicConstraints> {
        self.layout.extensions.basic_constraints
    }

    /// Whether `basicConstraints` says cA = TRUE.
    #[must_use]
    pub fn is_ca(&self) -> bool {
        self.layout.extensions.basic_constraints.is_some_and(|b| b.ca)
    }

    /// `keyUsage` bits, when present: bit `i` is RFC 5280's bit `i` (0 = digitalSignature,
    /// 8 = decipherOnly).
    #[must_use]
    pub fn key_usage(&self) -> Option<u16> {
        self.layout.extensions.key_usage
    }

    /// `subjectKeyIdentifier`, when present.
    #[must_use]
    pub fn subject_key_id(&self) -> Option<&[u8]> {
        self.layout.extensions.subject_key_id(&self.der)
    }

    /// The `keyIdentifier` of `authorityKeyIdentifier`, when present.
    #[must_use]
    pub fn authority_key_id(&self) -> Option<&[u8]> {
        self.layout.extensions.authority_key_id(&self.der)
    }

    /// The subjectAltName entries in certificate order, when the extension is present.
    #[must_use]
    pub fn subject_alt_names(&self) -> Option<impl Iterator<Item = GeneralName<'_>>> {
        self.layout.extensions.subject_alt_names(&self.der)
    }

    /// The extKeyUsage purposes in certificate order, when the extension is present.
    #[must_use]
    pub fn extended_key_usage(&self) -> Option<impl Iterator<Item = Oid<'_>>> {
        self.layout.extensions.extended_key_usage(&self.der)
    }

    /// Check this certificate's signature with `issuer`'s public key: the one place where
    /// certificates meet [`crate::x509::verify`].
    ///
    /// # Errors
    /// As [`crate::x509::verify::verify_signature`].
    pub fn check_signed_by(&self, issuer: &ParsedCert) -> Result<(), crate::x509::verify::VerifyError> {
        crate::x509::verify::verify_signature(self, &issuer.spki_ref())
    }
}

/// The subjectAltName of the content of an `Extensions` SEQUENCE (a CSR's extensionRequest),
/// read as a certificate's extensions are (each known extension at most once, well-formed).
///
/// # Errors
/// [`CertError::Extension`] / [`CertError::Structure`] as for a certificate.
pub(crate) fn extension_alt_names(list: &[u8]) -> Result<SubjectAltNames, CertError> {
    let read = extensions::Read::of(list, list)?;
    Ok(info::alt_names(read.subject_alt_names(list).into_iter().flatten()))
}

/// An AlgorithmIdentifier TLV, read with `spki`; its OID must be one OpenSSL reads.
fn algorithm(raw: &[u8]) -> Result<AlgorithmIdentifierRef<'_>, CertError> {
    let alg = AlgorithmIdentifierRef::from_der(raw)?;
    Oid::new(alg.oid.as_bytes()).map_err(|_| CertError::Oid)?;
    Ok(alg)
}

/// A `Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }`: `der` reads the TLV,
/// [`time::x509_time`] the value.
fn read_time(r: &mut SliceReader<'_>) -> Result<i64, CertError> {
    let header = Header::decode(r)?;
    let value = r.read_slice(header.length())?;
    time::x509_time(header.tag(), value).map_err(CertError::Time)
}

/// The range of the input `r` read while running `read`.
fn spanned<'a, T>(
    r: &mut SliceReader<'a>,
    read: impl FnOnce(&mut SliceReader<'a>) -> Result<T, CertError>,
) -> Result<(T, Span), CertError> {
    let start = usize::try_from(r.position())?;
    let value = read(r)?;
    Ok((value, Span { start, end: usize::try_from(r.position())? }))
}

/// The TBSCertificate's fields (RFC 5280 §4.1), read in order.
struct Tbs<'a> {
    version: Version,
    serial: SerialNumber<OpensslProfile>,
    signature_algorithm: &'a [u8],
    issuer: (String, Span),
    not_before: i64,
    not_after: i64,
    subject: (String, Span),
    spki: (SubjectPublicKeyInfoOwned, Span),
    extensions: extensions::Read,
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
///
/// One reader walks the DER; the TBSCertificate, the AlgorithmIdentifiers, the Names and the
/// SubjectPublicKeyInfo are kept as the ranges they occupy in it: the signature covers those
/// bytes, never a re-encoding.
fn parse(d: &[u8]) -> Result<Layout, CertError> {
    let mut r = SliceReader::new(d)?;
    let layout = r.sequence(|c| {
        let (tbs, tbs_span) = spanned(c, |c| c.sequence(|t| read_tbs(d, t)))?;
        let (signature_algorithm, signature_algorithm_span) = spanned(c, |c| {
            let alg = AlgorithmIdentifierRef::decode(c)?;
            Oid::new(alg.oid.as_bytes()).map_err(|_| CertError::Oid)?;
            Ok(alg)
        })?;
        // The TBSCertificate's copy must be read too; when it is the same octets (as OpenSSL
        // requires to verify), it already was.
        if signature_algorithm_span.get(d) != tbs.signature_algorithm {
            algorithm(tbs.signature_algorithm)?;
        }
        let signature = BitString::decode(c)?;
        Ok::<_, CertError>(Layout {
            version: tbs.version,
            serial: tbs.serial,
            tbs: tbs_span,
            tbs_signature_algorithm: Span::of(d, tbs.signature_algorithm),
            signature_algorithm_raw: signature_algorithm_span,
            signature_algorithm: signature_algorithm.ref_to_owned(),
            signature,
            issuer: tbs.issuer.1,
            issuer_text: tbs.issuer.0,
            subject: tbs.subject.1,
            subject_text: tbs.subject.0,
            not_before: tbs.not_before,
            not_after: tbs.not_after,
            spki_raw: tbs.spki.1,
            spki: tbs.spki.0,
            extensions: tbs.extensions,
        })
    })?;
    r.finish()?;
    Ok(layout)
}

fn read_tbs<'a>(d: &'a [u8], t: &mut SliceReader<'a>) -> Result<Tbs<'a>, CertError> {
    // Optional fields are looked for by their tag octet first (`der`'s `ContextSpecific` decodes
    // a whole tag to find out).
    let version = match t.peek_byte() {
        Some(0xa0) => ContextSpecific::<Version>::decode_explicit(t, TagNumber(0))?.map_or(Version::V1, |v| v.value),
        _ => Version::V1,
    };
    let serial = SerialNumber::<OpensslProfile>::decode(t)?;
    let signature_algorithm = t.tlv_bytes()?;
    let issuer = spanned(t, |t| name::read(t.tlv_bytes()?).map_err(CertError::Name))?;
    let (not_before, not_after) = t.sequence(|v| Ok::<_, CertError>((read_time(v)?, read_time(v)?)))?;
    let subject = spanned(t, |t| name::read(t.tlv_bytes()?).map_err(CertError::Name))?;
    let spki = spanned(t, |t| {
        let spki = SubjectPublicKeyInfoOwned::decode(t)?;
        Oid::new(spki.algorithm.oid.as_bytes()).map_err(|_| CertError::Oid)?;
        if spki.subject_public_key.has_unused_bits() {
            return Err(CertError::KeyUnusedBits);
        }
        Ok(spki)
    })?;
    let mut next = t.peek_byte();
    for (number, primitive) in [(1, 0x81), (2, 0x82)] {
        // The constructed form is refused here (DER), as OpenSSL does.
        if next.is_some_and(|b| b | 0x20 == primitive | 0x20) {
            ContextSpecific::<BitStringRef<'_>>::decode_implicit(t, TagNumber(number))?;
            next = t.peek_byte();
        }
    }
    let extensions = match next {
        Some(0xa3) => extensions::Read::of(d, tlv::nested(t, 0xa3, |x| tlv::expect(x, tlv::tag::SEQUENCE))?)?,
        _ => extensions::Read::default(),
    };
    Ok(Tbs { version, serial, signature_algorithm, issuer, not_before, not_after, subject, spki, extensions })
}
