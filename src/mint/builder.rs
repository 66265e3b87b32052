//! Certificates and requests assembled by x509-cert's `CertificateBuilder` and `RequestBuilder`
//! and signed by [`Signer`], under this crate's two profiles (x509-cert's `cabf` profiles
//! were checked: its Root has no pathLen and wants C and O in the subject; its TLS subscriber
//! profile is for servers):
//!
//! - the CA: basicConstraints `CA:TRUE, pathlen:0` and keyUsage `keyCertSign, cRLSign` (both
//!   critical), subjectKeyIdentifier, authorityKeyIdentifier = its own key id (as
//!   `openssl req -x509` writes it);
//! - the client certificate: basicConstraints `CA:FALSE` and keyUsage `digitalSignature` (both
//!   critical), extendedKeyUsage `clientAuth`, subjectKeyIdentifier, authorityKeyIdentifier =
//!   the CA's key id, subjectAltName with the DNS names when there are any.
//!
//! Key identifiers are RFC 5280 §4.2.1.2 method 1 (SHA-1 of the subjectPublicKey bits), as
//! x509-cert and OpenSSL compute them.

use super::signer::Signer;
use crate::error::{Error, Result};
use der::asn1::{Any, Ia5String, OctetString};
use der::{Decode, Encode, Tag};
use rand_core::CryptoRng;
use spki::{SubjectPublicKeyInfoOwned, SubjectPublicKeyInfoRef};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::builder::profile::BuilderProfile;
use x509_cert::builder::{Builder, CertificateBuilder, RequestBuilder};
use x509_cert::certificate::TbsCertificate;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages, SubjectAltName, SubjectKeyIdentifier,
};
use x509_cert::ext::{Extension, ToExtension};
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};

/// id-at-commonName, id-at-organizationName (RFC 4519).
const COMMON_NAME: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("2.5.4.3");
const ORGANIZATION: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("2.5.4.10");
/// id-kp-clientAuth (RFC 5280 §4.2.1.12).
const CLIENT_AUTH: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.2");

fn failed(what: &str, e: &dyn core::fmt::Display) -> Error {
    Error::InvalidArgument { detail: format!("the {what} could not be built ({e})") }
}

/// `O=organization, CN=commonName` (most general first in the DER, so `CN=…,O=…` in RFC 4514
/// text), each a UTF8String holding the text as given (checked by
/// [`super::options::check_name`]).
///
/// # Errors
/// `INVALID_ARGUMENT` if the name cannot be encoded.
pub fn name(common_name: &str, organization: Option<&str>) -> Result<Name> {
    let mut rdns = RdnSequence::default();
    for (oid, value) in [(ORGANIZATION, organization), (COMMON_NAME, Some(common_name))] {
        let Some(value) = value else { continue };
        let value = Any::new(Tag::Utf8String, value.as_bytes()).map_err(|e| failed("name", &e))?;
        let rdn = RelativeDistinguishedName::try_from(vec![AttributeTypeAndValue { oid, value }]).map_err(|e| failed("name", &e))?;
        rdns.push(rdn);
    }
    let der = rdns.to_der().map_err(|e| failed("name", &e))?;
    Name::from_der(&der).map_err(|e| failed("name", &e))
}

/// A random positive serial of exactly 16 octets (RFC 5280 §4.1.2.2: positive, at most 20;
/// CA/Browser Forum: at least 64 random bits): the first octet is `01xxxxxx`, so the INTEGER
/// needs no sign octet and is never shorter; 126 random bits.
///
/// # Errors
/// None in practice (`INVALID_ARGUMENT` if x509-cert refused it).
pub fn serial<R: CryptoRng + ?Sized>(rng: &mut R) -> Result<SerialNumber> {
    let mut bytes = [0u8; 16];
    rng.fill_bytes(&mut bytes);
    if let Some(first) = bytes.first_mut() {
        *first = (*first & 0x3f) | 0x40;
    }
    SerialNumber::new(&bytes).map_err(|e| failed("serial number", &e))
}

/// `[not_before, not_after]` (Unix seconds) as x509-cert's `Validity`; the builder writes
/// UTCTime before 2050 and GeneralizedTime from then on (RFC 5280 §4.1.2.5).
fn validity(not_before: i64, not_after: i64) -> Result<Validity> {
    let time = |t: i64| -> Result<Time> {
        let secs = u64::try_from(t).map_err(|e| failed("validity", &e))?;
        let dt = der::DateTime::from_unix_duration(core::time::Duration::from_secs(secs)).map_err(|e| failed("validity", &e))?;
        Ok(Time::GeneralTime(der::asn1::GeneralizedTime::from_date_time(dt)))
    };
    Ok(Validity::new(time(not_before)?, time(not_after)?))
}

/// The key identifier of a public key (method 1), as x509-cert computes it.
pub fn key_id(spki: SubjectPublicKeyInfoRef<'_>) -> Result<Vec<u8>> {
    Ok(SubjectKeyIdentifier::try_from(spki).map_err(|e| failed("key identifier", &e))?.0.into_bytes().into_vec())
}

/// The CA profile (see the module docs).
struct CaProfile {
    subject: Name,
}

impl BuilderProfile for CaProfile {
    fn get_issuer(&self, subject: &Name) -> Name {
        subject.clone()
    }

    fn get_subject(&self) -> Name {
        self.subject.clone()
    }

    fn build_extensions(
        &self,
        spk: SubjectPublicKeyInfoRef<'_>,
        _issuer_spk: SubjectPublicKeyInfoRef<'_>,
        tbs: &TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<Extension>> {
        let mut ext = Vec::with_capacity(4);
        let ski = SubjectKeyIdentifier::try_from(spk)?;
        let subject = tbs.subject();
        ext.push(BasicConstraints { ca: true, path_len_constraint: Some(0) }.to_extension(subject, &ext)?);
        ext.push(KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign).to_extension(subject, &ext)?);
        let aki = AuthorityKeyIdentifier { key_identifier: Some(ski.0.clone()), ..Default::default() };
        ext.push(ski.to_extension(subject, &ext)?);
        ext.push(aki.to_extension(subject, &ext)?);
        Ok(ext)
    }
}

/// The client certificate profile (see the module docs).
struct ClientProfile {
    subject: Name,
    issuer: Name,
    authority_key_id: Vec<u8>,
    dns_names: Vec<String>,
}

impl BuilderProfile for ClientProfile {
    fn get_issuer(&self, _subject: &Name) -> Name {
        self.issuer.clone()
    }

    fn get_subject(&self) -> Name {
        self.subject.clone()
    }

    fn build_extensions(
        &self,
        spk: SubjectPublicKeyInfoRef<'_>,
        _issuer_spk: SubjectPublicKeyInfoRef<'_>,
        tbs: &TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<Extension>> {
        let mut ext = Vec::with_capacity(6);
        let subject = tbs.subject();
        ext.push(BasicConstraints { ca: false, path_len_constraint: None }.to_extension(subject, &ext)?);
        ext.push(KeyUsage(KeyUsages::DigitalSignature.into()).to_extension(subject, &ext)?);
        ext.push(ExtendedKeyUsage(vec![CLIENT_AUTH]).to_extension(subject, &ext)?);
        ext.push(SubjectKeyIdentifier::try_from(spk)?.to_extension(subject, &ext)?);
        let key_identifier = Some(OctetString::new(self.authority_key_id.clone())?);
        ext.push(AuthorityKeyIdentifier { key_identifier, ..Default::default() }.to_extension(subject, &ext)?);
        if let Some(san) = subject_alt_name(&self.dns_names)? {
            ext.push(san.to_extension(subject, &ext)?);
        }
        Ok(ext)
    }
}

/// subjectAltName with `dNSName`s, `None` without names.
fn subject_alt_name(dns_names: &[String]) -> der::Result<Option<SubjectAltName>> {
    if dns_names.is_empty() {
        return Ok(None);
    }
    let names = dns_names.iter().map(|n| Ia5String::new(n).map(GeneralName::DnsName)).collect::<der::Result<Vec<_>>>()?;
    Ok(Some(SubjectAltName(names)))
}

/// What a certificate is built from.
pub struct CertificateParts<'a> {
    pub serial: SerialNumber,
    pub not_before: i64,
    pub not_after: i64,
    /// The new certificate's public key (SubjectPublicKeyInfo DER).
    pub spki: &'a [u8],
}

/// Who a client certificate is for and who issues it.
pub struct ClientParts {
    pub subject: Name,
    /// The CA's subject, decoded from its DER.
    pub issuer: Name,
    pub authority_key_id: Vec<u8>,
    pub dns_names: Vec<String>,
}

fn certificate<P: BuilderProfile, R: CryptoRng + ?Sized>(
    profile: P,
    parts: &CertificateParts<'_>,
    signer: &Signer,
    rng: &mut R,
) -> Result<Vec<u8>> {
    let spki = SubjectPublicKeyInfoOwned::from_der(parts.spki).map_err(|e| failed("certificate", &e))?;
    let builder = CertificateBuilder::new(profile, parts.serial.clone(), validity(parts.not_before, parts.not_after)?, spki)
        .map_err(|e| failed("certificate", &e))?;
    let cert = builder.build_with_rng::<_, super::signer::RawSignature, _>(signer, rng).map_err(|e| failed("certificate", &e))?;
    cert.to_der().map_err(|e| failed("certificate", &e))
}

/// A self-signed CA certificate (DER) for `subject`, signed by `signer` (the CA's own key).
///
/// # Errors
/// `INVALID_ARGUMENT` if x509-cert refuses a part (not expected for checked options).
pub fn ca_certificate<R: CryptoRng + ?Sized>(subject: Name, parts: &CertificateParts<'_>, signer: &Signer, rng: &mut R) -> Result<Vec<u8>> {
    certificate(CaProfile { subject }, parts, signer, rng)
}

/// A client certificate (DER) signed by the CA's `signer`.
///
/// # Errors
/// As [`ca_certificate`].
pub fn client_certificate<R: CryptoRng + ?Sized>(client: ClientParts, parts: &CertificateParts<'_>, signer: &Signer, rng: &mut R) -> Result<Vec<u8>> {
    let profile = ClientProfile { subject: client.subject, issuer: client.issuer, authority_key_id: client.authority_key_id, dns_names: client.dns_names };
    certificate(profile, parts, signer, rng)
}

/// A PKCS#10 request (DER) for `subject`, signed by the new key's `signer`, asking (in its
/// extensionRequest) for keyUsage `digitalSignature`, extendedKeyUsage `clientAuth` and the
/// DNS names; a CA is free to ignore them.
///
/// # Errors
/// As [`ca_certificate`].
pub fn request<R: CryptoRng + ?Sized>(subject: Name, dns_names: &[String], signer: &Signer, rng: &mut R) -> Result<Vec<u8>> {
    let mut builder = RequestBuilder::new(subject).map_err(|e| failed("request", &e))?;
    builder.add_extension(&KeyUsage(KeyUsages::DigitalSignature.into())).map_err(|e| failed("request", &e))?;
    builder.add_extension(&ExtendedKeyUsage(vec![CLIENT_AUTH])).map_err(|e| failed("request", &e))?;
    if let Some(san) = subject_alt_name(dns_names).map_err(|e| failed("request", &e))? {
        builder.add_extension(&san).map_err(|e| failed("request", &e))?;
    }
    let req = builder.build_with_rng::<_, super::signer::RawSignature, _>(signer, rng).map_err(|e| failed("request", &e))?;
    req.to_der().map_err(|e| failed("request", &e))
}
