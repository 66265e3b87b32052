//! Certificate facts: one [`CertificateInfo`] per X.509 certificate, the fields an operator
//! needs, serialised in the contract's shape (camelCase JSON).

use crate::error::{Error, Result};
use crate::{hex, name, pem};
use der::Decode;
use serde::Serialize;
use sha2::{Digest, Sha256};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAltName,
    SubjectKeyIdentifier,
};
use x509_cert::Certificate;

/// A parsed certificate together with the DER it came from (hashes and signatures are taken
/// over these bytes, never over a re-encoding).
#[derive(Clone, Debug)]
pub struct ParsedCert {
    pub der: Vec<u8>,
    pub cert: Certificate,
}

impl ParsedCert {
    /// Parse one DER certificate.
    ///
    /// # Errors
    /// [`Error::PemInvalid`] naming what failed to decode.
    pub fn from_der(der: &[u8]) -> Result<Self> {
        let cert = Certificate::from_der(der).map_err(|e| Error::PemInvalid {
            detail: format!("not a valid X.509 certificate ({e})"),
        })?;
        Ok(Self { der: der.to_vec(), cert })
    }

    /// [`ParsedCert::from_der`] taking ownership of the bytes (no copy).
    ///
    /// # Errors
    /// As [`ParsedCert::from_der`].
    pub fn from_vec(der: Vec<u8>) -> Result<Self> {
        let cert = Certificate::from_der(&der).map_err(|e| Error::PemInvalid {
            detail: format!("not a valid X.509 certificate ({e})"),
        })?;
        Ok(Self { der, cert })
    }
}

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
    pub path_length: Option<u8>,
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

/// OpenSSL's short names for the signature algorithms seen on client certificates.
pub fn signature_name(oid: &str) -> &'static str {
    match oid {
        "1.2.840.113549.1.1.4" => "md5WithRSAEncryption",
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.113549.1.1.14" => "sha224WithRSAEncryption",
        "1.2.840.113549.1.1.10" => "rsassaPss",
        "1.2.840.10045.4.1" => "ecdsa-with-SHA1",
        "1.2.840.10045.4.3.1" => "ecdsa-with-SHA224",
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4" => "ecdsa-with-SHA512",
        "1.3.101.112" => "ED25519",
        "1.3.101.113" => "ED448",
        "1.2.840.10040.4.3" => "dsa_with_SHA1",
        "2.16.840.1.101.3.4.3.2" => "dsa_with_SHA256",
        _ => "unknown",
    }
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
    use crate::der::{oid, tag, Reader};
    let alg = spki.algorithm;
    if alg.is(oid::RSA_ENCRYPTION) || alg.is(oid::RSASSA_PSS) {
        let bits = rsa_modulus_exponent(spki.key).map_or(0, |(n, _)| bit_len(n));
        (if alg.is(oid::RSASSA_PSS) { "RSA-PSS" } else { "RSA" }, bits, None)
    } else if alg.is(oid::EC_PUBLIC_KEY) {
        let curve_oid = spki.curve().map(|o| o.to_string());
        match curve_oid.as_deref().and_then(curve_name) {
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

fn ext_error(what: &str, e: der::Error) -> Error {
    Error::PemInvalid { detail: format!("malformed {what} extension ({e})") }
}

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

/// Inspect one certificate.
///
/// # Errors
/// [`Error::PemInvalid`] when an extension the report needs is malformed.
pub fn inspect(parsed: &ParsedCert) -> Result<CertificateInfo> {
    let tbs = parsed.cert.tbs_certificate();
    let spki = tbs.subject_public_key_info();
    let spki_der = der::Encode::to_der(spki)
        .map_err(|e| Error::PemInvalid { detail: format!("bad public key ({e})") })?;
    let (algorithm, bits, curve) = describe_spki(
        &crate::der::Spki::parse(&spki_der).map_err(|e| Error::PemInvalid { detail: format!("bad public key ({e})") })?,
    );
    let sig_oid = parsed.cert.signature_algorithm().oid.to_string();

    let mut sans = SubjectAltNames::default();
    if let Some((_, san)) = tbs.get_extension::<SubjectAltName>().map_err(|e| ext_error("subjectAltName", e))? {
        for gn in san.0 {
            match gn {
                GeneralName::DnsName(s) => sans.dns.push(s.to_string()),
                GeneralName::Rfc822Name(s) => sans.email.push(s.to_string()),
                GeneralName::UniformResourceIdentifier(s) => sans.uri.push(s.to_string()),
                GeneralName::IpAddress(o) => sans.ip.push(format_ip(o.as_bytes())),
                _ => {}
            }
        }
    }
    let eku = tbs
        .get_extension::<ExtendedKeyUsage>()
        .map_err(|e| ext_error("extendedKeyUsage", e))?
        .map(|(_, e)| e.0.iter().map(ToString::to_string).collect());
    let key_usage = tbs
        .get_extension::<KeyUsage>()
        .map_err(|e| ext_error("keyUsage", e))?
        .map(|(_, ku)| {
            let bits = ku.0.bits();
            KEY_USAGE_NAMES
                .iter()
                .enumerate()
                .filter(|(i, _)| bits & (1u16 << i) != 0)
                .map(|(_, n)| *n)
                .collect()
        });
    let basic_constraints = tbs
        .get_extension::<BasicConstraints>()
        .map_err(|e| ext_error("basicConstraints", e))?
        .map(|(_, bc)| BasicConstraintsInfo { ca: bc.ca, path_length: bc.path_len_constraint });
    let subject_key_id = tbs
        .get_extension::<SubjectKeyIdentifier>()
        .map_err(|e| ext_error("subjectKeyIdentifier", e))?
        .map(|(_, s)| hex::encode(s.0.as_bytes()));
    let authority_key_id = tbs
        .get_extension::<AuthorityKeyIdentifier>()
        .map_err(|e| ext_error("authorityKeyIdentifier", e))?
        .and_then(|(_, a)| a.key_identifier.map(|k| hex::encode(k.as_bytes())));

    let serial = tbs.serial_number().as_bytes();
    let subject = name::rfc4514(tbs.subject());
    let issuer = name::rfc4514(tbs.issuer());
    let self_signed = subject == issuer && crate::verify::signed_by(parsed, spki);

    Ok(CertificateInfo {
        version: match tbs.version() {
            x509_cert::certificate::Version::V1 => 1,
            x509_cert::certificate::Version::V2 => 2,
            x509_cert::certificate::Version::V3 => 3,
        },
        subject,
        issuer,
        serial_number_hex: hex::minimal(serial),
        serial_number: hex::decimal(serial),
        not_before: tbs.validity().not_before.to_date_time().to_string(),
        not_after: tbs.validity().not_after.to_date_time().to_string(),
        signature_algorithm: AlgorithmInfo { name: signature_name(&sig_oid).to_owned(), oid: sig_oid },
        public_key: PublicKeyInfo {
            algorithm,
            bits,
            curve,
            sha256: hex::encode(&Sha256::digest(&spki_der)),
        },
        subject_alt_names: sans,
        extended_key_usage: eku,
        key_usage,
        basic_constraints,
        subject_key_id,
        authority_key_id,
        self_signed,
        fingerprints: Fingerprints {
            sha256: hex::encode(&Sha256::digest(&parsed.der)),
            sha1: hex::encode(&sha1::Sha1::digest(&parsed.der)),
        },
        pem: pem::encode("CERTIFICATE", &parsed.der),
    })
}
