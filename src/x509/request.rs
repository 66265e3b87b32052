//! Certificate signing requests (PKCS#10, RFC 2986) as `inspect` reports them: subject,
//! public key, the subjectAltName asked for, the signature algorithm and whether the signature
//! verifies with the request's own key.
//!
//! ```text
//! CertificationRequest ::= SEQUENCE { certificationRequestInfo CertificationRequestInfo,
//!     signatureAlgorithm AlgorithmIdentifier, signature BIT STRING }
//! CertificationRequestInfo ::= SEQUENCE { version INTEGER { v1(0) }, subject Name,
//!     subjectPKInfo SubjectPublicKeyInfo, attributes [0] IMPLICIT SET OF Attribute }
//! Attribute ::= SEQUENCE { type OBJECT IDENTIFIER, values SET OF ANY }
//! extensionRequest (1.2.840.113549.1.9.14): values = SET { Extensions }   (RFC 2985 §5.4.2)
//! ```
//!
//! Walked with `der`'s reader like a certificate (src/x509/cert/), so the name is rendered
//! from its own DER and the signature checked over the request info's octets as they are;
//! x509-cert's `CertReq` was checked and not used for the same reasons as its `Certificate`
//! (its `Name` refuses a UniversalString and re-sorts RDNs).

use crate::hex;
use crate::input::pem;
use crate::x509::cert::{self, AlgorithmInfo, PublicKeyInfo, SubjectAltNames};
use crate::x509::name;
use crate::x509::tlv;
use crate::x509::verify;
use der::asn1::{BitStringRef, ObjectIdentifier};
use der::{Decode, Reader, SliceReader};
use serde::Serialize;
use sha2::{Digest, Sha256};
use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};

/// extensionRequest (PKCS#9, RFC 2985 §5.4.2).
const EXTENSION_REQUEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.14");

/// What `inspect` reports of one certificate signing request.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RequestInfo {
    /// RFC 4514, as a certificate's subject.
    pub subject: String,
    pub public_key: PublicKeyInfo,
    /// The subjectAltName of its extensionRequest (empty lists when it asks for none).
    pub subject_alt_names: SubjectAltNames,
    pub signature_algorithm: AlgorithmInfo,
    /// The signature verifies with the request's own public key (proof of possession).
    pub signature_valid: bool,
    /// The request, normalized PEM (`CERTIFICATE REQUEST`).
    pub pem: String,
}

/// Read one DER request.
///
/// # Errors
/// A short phrase saying what is malformed (the caller lists the block as ignored with it).
pub fn read(der: &[u8]) -> Result<RequestInfo, String> {
    let fail = |what: &str, e: &dyn core::fmt::Display| format!("not a valid certificate signing request ({what}: {e})");
    let mut r = SliceReader::new(der).map_err(|e| fail("structure", &e))?;
    let (info, algorithm, signature) = r
        .sequence(|c| {
            let info = c.tlv_bytes()?;
            let algorithm = AlgorithmIdentifierRef::decode(c)?;
            let signature = BitStringRef::decode(c)?;
            Ok::<_, der::Error>((info, algorithm, signature))
        })
        .map_err(|e| fail("structure", &e))?;
    r.finish().map_err(|e| fail("structure", &e))?;
    let mut i = SliceReader::new(info).map_err(|e| fail("request info", &e))?;
    let (subject, spki_raw, attributes) = i
        .sequence(|t| {
            let version = u8::decode(t)?;
            if version != 0 {
                return Err(der::Tag::Integer.value_error().into());
            }
            let subject = t.tlv_bytes()?;
            let spki = t.tlv_bytes()?;
            let attributes = tlv::expect(t, 0xa0)?;
            Ok::<_, der::Error>((subject, spki, attributes))
        })
        .map_err(|e| fail("request info", &e))?;
    let subject = name::read(subject).map_err(|e| fail("subject", &e))?;
    let spki = SubjectPublicKeyInfoRef::from_der(spki_raw).map_err(|e| fail("public key", &e))?;
    let subject_alt_names = alt_names(attributes).map_err(|e| fail("extensionRequest", &e))?;
    let (algorithm_name, bits, curve) = cert::describe_spki(&spki);
    let signature_valid = verify::verify(info, &algorithm, signature, &spki).is_ok();
    Ok(RequestInfo {
        subject,
        public_key: PublicKeyInfo { algorithm: algorithm_name, bits, curve, sha256: hex::encode(&Sha256::digest(spki_raw)) },
        subject_alt_names,
        signature_algorithm: cert::algorithm_info(&algorithm.oid),
        signature_valid,
        pem: pem::encode("CERTIFICATE REQUEST", der),
    })
}

/// The subjectAltName of the extensionRequest among `attributes` (the SET's content).
fn alt_names(attributes: &[u8]) -> Result<SubjectAltNames, String> {
    for attribute in tlv::elements(attributes, tlv::tag::SEQUENCE) {
        let attribute = attribute.map_err(|e| e.to_string())?;
        let mut r = SliceReader::new(attribute).map_err(|e| e.to_string())?;
        let oid = ObjectIdentifier::decode(&mut r).map_err(|e| e.to_string())?;
        if oid != EXTENSION_REQUEST {
            continue;
        }
        let values = tlv::expect(&mut r, tlv::tag::SET).map_err(|e| e.to_string())?;
        let mut v = SliceReader::new(values).map_err(|e| e.to_string())?;
        let list = tlv::expect(&mut v, tlv::tag::SEQUENCE).map_err(|e| e.to_string())?;
        return cert::extension_alt_names(list).map_err(|e| e.to_string());
    }
    Ok(SubjectAltNames::default())
}
