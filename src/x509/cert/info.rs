//! [`CertificateInfo`]: what the contract reports of one certificate, from a [`ParsedCert`].

use super::{GeneralName, ParsedCert};
use crate::x509::oid::{self, ObjectIdentifier, Oid};
use crate::hex;
use crate::input::pem;
use crate::x509::time;
use der::asn1::UintRef;
use der::{Decode, Reader, SliceReader, Tag, Tagged};
use serde::Serialize;
use sha2::{Digest, Sha256};
use spki::SubjectPublicKeyInfoRef;


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

/// The signature algorithms seen on client certificates: OID, its dotted form, OpenSSL's short
/// name. Looked up by OID on the inspection path, so the common OIDs are not formatted arc by
/// arc.
const SIGNATURE_ALGORITHMS: [(ObjectIdentifier, &str, &str); 24] = [
    algorithm("1.2.840.113549.1.1.11", "sha256WithRSAEncryption"),
    algorithm("1.2.840.10045.4.3.2", "ecdsa-with-SHA256"),
    algorithm("1.2.840.113549.1.1.12", "sha384WithRSAEncryption"),
    algorithm("1.2.840.10045.4.3.3", "ecdsa-with-SHA384"),
    algorithm("1.2.840.113549.1.1.13", "sha512WithRSAEncryption"),
    algorithm("1.2.840.10045.4.3.4", "ecdsa-with-SHA512"),
    algorithm("1.2.840.113549.1.1.10", "rsassaPss"),
    algorithm("1.3.101.112", "ED25519"),
    algorithm("1.3.101.113", "ED448"),
    algorithm("1.2.840.113549.1.1.5", "sha1WithRSAEncryption"),
    algorithm("1.2.840.113549.1.1.4", "md5WithRSAEncryption"),
    algorithm("1.2.840.113549.1.1.14", "sha224WithRSAEncryption"),
    algorithm("1.2.840.10045.4.1", "ecdsa-with-SHA1"),
    algorithm("1.2.840.10045.4.3.1", "ecdsa-with-SHA224"),
    algorithm("1.2.840.10040.4.3", "dsa_with_SHA1"),
    algorithm("2.16.840.1.101.3.4.3.2", "dsa_with_SHA256"),
    // SHA-3 (NIST CSOR), verified since issue 11; OpenSSL's names.
    algorithm("2.16.840.1.101.3.4.3.9", "ecdsa_with_SHA3-224"),
    algorithm("2.16.840.1.101.3.4.3.10", "ecdsa_with_SHA3-256"),
    algorithm("2.16.840.1.101.3.4.3.11", "ecdsa_with_SHA3-384"),
    algorithm("2.16.840.1.101.3.4.3.12", "ecdsa_with_SHA3-512"),
    algorithm("2.16.840.1.101.3.4.3.13", "RSA-SHA3-224"),
    algorithm("2.16.840.1.101.3.4.3.14", "RSA-SHA3-256"),
    algorithm("2.16.840.1.101.3.4.3.15", "RSA-SHA3-384"),
    algorithm("2.16.840.1.101.3.4.3.16", "RSA-SHA3-512"),
];

const fn algorithm(dotted: &'static str, name: &'static str) -> (ObjectIdentifier, &'static str, &'static str) {
    (ObjectIdentifier::new_unwrap(dotted), dotted, name)
}

/// The extended key usages seen on client certificates (clientAuth, serverAuth, codeSigning,
/// emailProtection, timeStamping, OCSPSigning, anyExtendedKeyUsage): OID and dotted form.
const KEY_PURPOSES: [(ObjectIdentifier, &str); 7] = [
    purpose("1.3.6.1.5.5.7.3.2"),
    purpose("1.3.6.1.5.5.7.3.1"),
    purpose("1.3.6.1.5.5.7.3.3"),
    purpose("1.3.6.1.5.5.7.3.4"),
    purpose("1.3.6.1.5.5.7.3.8"),
    purpose("1.3.6.1.5.5.7.3.9"),
    purpose("2.5.29.37.0"),
];

const fn purpose(dotted: &'static str) -> (ObjectIdentifier, &'static str) {
    (ObjectIdentifier::new_unwrap(dotted), dotted)
}

/// OpenSSL's short names for the signature algorithms seen on client certificates.
pub fn signature_name(oid: &str) -> &'static str {
    SIGNATURE_ALGORITHMS.iter().find(|(_, dotted, _)| *dotted == oid).map_or("unknown", |(_, _, name)| name)
}

/// `signatureAlgorithm` of the contract: the dotted OID and OpenSSL's name.
pub(crate) fn algorithm_info(oid: &ObjectIdentifier) -> AlgorithmInfo {
    match SIGNATURE_ALGORITHMS.iter().find(|(known, _, _)| known == oid) {
        Some((_, dotted, name)) => AlgorithmInfo { oid: (*dotted).to_owned(), name: (*name).to_owned() },
        None => AlgorithmInfo { oid: oid.to_string(), name: "unknown".to_owned() },
    }
}

/// The dotted form of a key purpose.
fn purpose_text(oid: Oid<'_>) -> String {
    KEY_PURPOSES
        .iter()
        .find(|(known, _)| oid.is(known))
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
/// publicExponent INTEGER }` (big-endian magnitudes), read with `der`'s unsigned INTEGER.
pub fn rsa_modulus_exponent(spk: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut r = SliceReader::new(spk).ok()?;
    let (n, e) = r
        .sequence(|s| Ok::<_, der::Error>((UintRef::decode(s)?.as_bytes(), UintRef::decode(s)?.as_bytes())))
        .ok()?;
    r.finish().ok()?;
    Some((n, e))
}

/// Describe a SubjectPublicKeyInfo: algorithm, size in bits as OpenSSL reports it, curve.
pub fn describe_spki(spki: &SubjectPublicKeyInfoRef<'_>) -> (&'static str, u32, Option<String>) {
    let alg = &spki.algorithm.oid;
    let key = spki.subject_public_key.raw_bytes();
    let parameters = spki.algorithm.parameters;
    if *alg == oid::RSA_ENCRYPTION || *alg == oid::ID_RSASSA_PSS {
        let bits = rsa_modulus_exponent(key).map_or(0, |(n, _)| bit_len(n));
        (if *alg == oid::ID_RSASSA_PSS { "RSA-PSS" } else { "RSA" }, bits, None)
    } else if *alg == oid::ID_EC_PUBLIC_KEY {
        let curve = parameters.filter(|p| p.tag() == Tag::ObjectIdentifier).and_then(|p| Oid::new(p.value()).ok());
        // The three curves Cloudflare takes, by OID; any other by name.
        let named = match curve {
            Some(c) if c.is(&oid::SECP_256_R_1) => Some(("P-256", 256)),
            Some(c) if c.is(&oid::SECP_384_R_1) => Some(("P-384", 384)),
            Some(c) if c.is(&oid::SECP_521_R_1) => Some(("P-521", 521)),
            _ => None,
        };
        let curve_oid = if named.is_some() { None } else { curve.map(|o| o.to_string()) };
        match named.or_else(|| curve_oid.as_deref().and_then(curve_name)) {
            Some((name, bits)) => ("EC", bits, Some(name.to_owned())),
            None => {
                // Unknown or explicit curve: size from the uncompressed point.
                let bits = u32::try_from(key.len().saturating_sub(1) / 2 * 8).unwrap_or(0);
                ("EC", bits, Some(curve_oid.unwrap_or_else(|| "explicit".to_owned())))
            }
        }
    } else if *alg == oid::ID_ED_25519 {
        ("Ed25519", 256, None)
    } else if *alg == oid::ID_ED_448 {
        ("Ed448", 456, None)
    } else if *alg == oid::ID_DSA {
        // Dss-Parms ::= SEQUENCE { p INTEGER, q INTEGER, g INTEGER }: the size is p's.
        let bits = parameters
            .filter(|p| p.tag() == Tag::Sequence)
            .and_then(|p| UintRef::decode(&mut SliceReader::new(p.value()).ok()?).ok())
            .map_or(0, |p| bit_len(p.as_bytes()));
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
/// normalized PEM (see [`crate::input::pem::Block::span`]) instead of encoding it again.
#[must_use]
pub fn inspect_with_pem(parsed: &ParsedCert, pem: Option<String>) -> CertificateInfo {
    let names = (parsed.subject().to_owned(), parsed.issuer().to_owned());
    facts(parsed, names, pem)
}

/// [`inspect_with_pem`] for a certificate no longer needed: its names are moved, not copied.
#[must_use]
pub fn inspect_owned(mut parsed: ParsedCert, pem: Option<String>) -> CertificateInfo {
    let names = parsed.take_names();
    facts(&parsed, names, pem)
}

/// subjectAltName entries sorted into the contract's lists, in order.
pub(crate) fn alt_names<'a>(names: impl Iterator<Item = GeneralName<'a>>) -> SubjectAltNames {
    let mut sans = SubjectAltNames::default();
    for gn in names {
        match gn {
            GeneralName::Dns(s) => sans.dns.push(s.to_owned()),
            GeneralName::Email(s) => sans.email.push(s.to_owned()),
            GeneralName::Uri(s) => sans.uri.push(s.to_owned()),
            GeneralName::Ip(o) => sans.ip.push(format_ip(o)),
            GeneralName::Other(_) => {}
        }
    }
    sans
}

fn facts(parsed: &ParsedCert, (subject, issuer): (String, String), pem: Option<String>) -> CertificateInfo {
    let spki = parsed.spki_ref();
    let (algorithm, bits, curve) = describe_spki(&spki);

    let sans = alt_names(parsed.subject_alt_names().into_iter().flatten());
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
    let self_signed = subject == issuer && parsed.check_signed_by(parsed).is_ok();

    CertificateInfo {
        version: parsed.version(),
        subject,
        issuer,
        serial_number_hex: hex::minimal(serial),
        serial_number: hex::decimal(serial),
        not_before: time::format_time(parsed.not_before()),
        not_after: time::format_time(parsed.not_after()),
        signature_algorithm: algorithm_info(&parsed.signature_oid()),
        public_key: PublicKeyInfo { algorithm, bits, curve, sha256: hex::encode(&Sha256::digest(parsed.spki_raw())) },
        subject_alt_names: sans,
        extended_key_usage: eku,
        key_usage,
        basic_constraints,
        subject_key_id: parsed.subject_key_id().map(hex::encode),
        authority_key_id: parsed.authority_key_id().map(hex::encode),
        self_signed,
        fingerprints: Fingerprints {
            sha256: hex::encode(&Sha256::digest(parsed.der())),
            sha1: hex::encode(&sha1::Sha1::digest(parsed.der())),
        },
        pem: pem.unwrap_or_else(|| pem::encode("CERTIFICATE", parsed.der())),
    }
}

#[cfg(test)]
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn oid_tables_agree_with_the_dotted_forms() {
        for (oid, dotted, name) in SIGNATURE_ALGORITHMS {
            assert_eq!(oid.to_string(), dotted);
            assert_eq!(algorithm_info(&oid), AlgorithmInfo { oid: dotted.to_owned(), name: name.to_owned() });
            assert_eq!(signature_name(dotted), name);
        }
        for (oid, dotted) in KEY_PURPOSES {
            assert_eq!(purpose_text(Oid::new(oid.as_bytes()).unwrap()), dotted);
        }
        let other = ObjectIdentifier::new_unwrap("1.2.3");
        assert_eq!(algorithm_info(&other), AlgorithmInfo { oid: "1.2.3".to_owned(), name: "unknown".to_owned() });
        assert_eq!(purpose_text(Oid::new(other.as_bytes()).unwrap()), "1.2.3");
        assert_eq!(signature_name("1.2.3"), "unknown");
    }

    #[test]
    fn rsa_public_keys() {
        // SEQUENCE { INTEGER 0x00c5 (197), INTEGER 3 }
        let key = [0x30, 0x07, 0x02, 0x02, 0x00, 0xc5, 0x02, 0x01, 0x03];
        assert_eq!(rsa_modulus_exponent(&key), Some((&[0xc5][..], &[0x03][..])));
        assert_eq!(bit_len(&[0xc5]), 8);
        assert_eq!(bit_len(&[0x00, 0x01, 0x00]), 9);
        // A negative modulus, trailing data, not a SEQUENCE.
        assert_eq!(rsa_modulus_exponent(&[0x30, 0x06, 0x02, 0x01, 0x85, 0x02, 0x01, 0x03]), None);
        assert_eq!(rsa_modulus_exponent(&[key.as_slice(), &[0x00]].concat()), None);
        assert_eq!(rsa_modulus_exponent(&key[2..]), None);
    }
}
