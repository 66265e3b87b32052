//! Unencrypted key DER to what [`super::KeyInfo`] reports, and the matching public key as a
//! SubjectPublicKeyInfo built the way certificates carry it.

use super::{invalid, KeyFormat};
use crate::cert::{bit_len, curve_name, describe_spki};
use crate::error::{Error, Result};
use der::asn1::{Any, BitString, ObjectIdentifier, OctetStringRef, UintRef};
use der::referenced::RefToOwned;
use der::{Decode, Encode, SliceReader};
use spki::{AlgorithmIdentifierOwned, AlgorithmIdentifierRef, SubjectPublicKeyInfoOwned};

pub(super) const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
pub(super) const RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
pub(super) const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const ED448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.113");
const DSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10040.4.1");
const P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");

/// What a decoded key is, and its public key where that can be had.
pub(super) struct Facts {
    pub algorithm: &'static str,
    pub bits: Option<u32>,
    pub curve: Option<String>,
    pub algorithm_oid: ObjectIdentifier,
    pub spki: Option<SubjectPublicKeyInfoOwned>,
}

/// Decode `der` as `format` and describe it.
///
/// # Errors
/// [`Error::KeyInvalid`] when the structure does not parse or its numbers are not a key.
pub(super) fn facts(der: &[u8], format: KeyFormat) -> Result<Facts> {
    match format {
        KeyFormat::Pkcs1 => rsa(der, rsa_encryption()),
        KeyFormat::Sec1 => ec(der, None, None),
        KeyFormat::Pkcs8 => pkcs8(der),
    }
}

fn der_error(what: &str) -> impl Fn(der::Error) -> Error + '_ {
    move |e| invalid(format!("not a valid {what} ({})", e.kind()))
}

/// RFC 5208 §5 / RFC 5958 §2: `PrivateKeyInfo`, dispatched on its algorithm.
fn pkcs8(der: &[u8]) -> Result<Facts> {
    let info = pkcs8::PrivateKeyInfoRef::from_der(der).map_err(der_error("PKCS#8 private key"))?;
    let alg = info.algorithm;
    let key = info.private_key.as_bytes();
    let public = info.public_key.and_then(|b| b.as_bytes());
    let oid = alg.oid;
    if oid == RSA_ENCRYPTION {
        rsa(key, rsa_encryption())
    } else if oid == RSASSA_PSS {
        // RSASSA-PSS keys keep their parameters (or their absence) in the certificate too.
        rsa(key, alg.ref_to_owned())
    } else if oid == EC_PUBLIC_KEY {
        ec(key, Some(alg), public)
    } else if oid == ED25519 || oid == ED448 {
        edwards(oid, key, public)
    } else if oid == DSA {
        // Dss-Parms ::= SEQUENCE { p, q, g }: the size is p's. The public value g^x mod p
        // would need big-number arithmetic for a key Cloudflare does not accept: not derived.
        let bits = alg.parameters.and_then(|p| {
            let mut r = SliceReader::new(p.value()).ok()?;
            UintRef::decode(&mut r).ok().map(|p| bit_len(p.as_bytes()))
        });
        Ok(Facts { algorithm: "DSA", bits, curve: None, algorithm_oid: oid, spki: None })
    } else {
        Ok(Facts { algorithm: "unknown", bits: None, curve: None, algorithm_oid: oid, spki: None })
    }
}

/// `rsaEncryption` with NULL parameters, as certificates encode it (RFC 3279 §2.3.1).
fn rsa_encryption() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned { oid: RSA_ENCRYPTION, parameters: Some(Any::null()) }
}

fn from_spki(spki: SubjectPublicKeyInfoOwned) -> Facts {
    let der = der::Encode::to_der(&spki).unwrap_or_default();
    let (algorithm, bits, curve) = crate::der::Spki::parse(&der).map_or(("unknown", 0, None), |s| describe_spki(&s));
    Facts { algorithm, bits: (bits > 0).then_some(bits), curve, algorithm_oid: spki.algorithm.oid, spki: Some(spki) }
}

fn spki(algorithm: AlgorithmIdentifierOwned, key: &[u8]) -> Result<SubjectPublicKeyInfoOwned> {
    let subject_public_key = BitString::from_bytes(key).map_err(der_error("public key"))?;
    Ok(SubjectPublicKeyInfoOwned { algorithm, subject_public_key })
}

/// RFC 8017 A.1.2 `RSAPrivateKey`; the public key is `RSAPublicKey { n, e }`.
fn rsa(der: &[u8], algorithm: AlgorithmIdentifierOwned) -> Result<Facts> {
    let key = pkcs1::RsaPrivateKeyRef::from_der(der).map_err(der_error("PKCS#1 RSA private key"))?;
    if crate::hex::trim_leading_zeros(key.modulus.as_bytes()).is_empty()
        || crate::hex::trim_leading_zeros(key.public_exponent.as_bytes()).is_empty()
    {
        return Err(invalid("the RSA modulus or public exponent is zero"));
    }
    let public = key.public_key().to_der().map_err(der_error("RSA public key"))?;
    Ok(from_spki(spki(algorithm, &public)?))
}

/// RFC 5915 §3 `ECPrivateKey`. Inside PKCS#8 the curve is the outer algorithm's parameter
/// (RFC 5915 §3: `parameters` may then be omitted) and the point may sit in PKCS#8 v2's
/// `publicKey`.
fn ec(der: &[u8], outer: Option<AlgorithmIdentifierRef<'_>>, pkcs8_public: Option<&[u8]>) -> Result<Facts> {
    let key = sec1::EcPrivateKey::from_der(der).map_err(der_error("SEC1 EC private key"))?;
    let algorithm = match outer {
        Some(alg) if alg.parameters.is_some() => alg.ref_to_owned(),
        _ => {
            let curve = key
                .parameters
                .and_then(sec1::EcParameters::named_curve)
                .ok_or_else(|| invalid("the EC key names no curve"))?;
            let parameters = Any::encode_from(&curve).map_err(der_error("curve"))?;
            AlgorithmIdentifierOwned { oid: EC_PUBLIC_KEY, parameters: Some(parameters) }
        }
    };
    let curve_oid = algorithm.parameters.as_ref().and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
    let embedded = key.public_key.or(pkcs8_public);
    let derived = match curve_oid {
        Some(oid) => derive_point(oid, key.private_key)?,
        None => None,
    };
    if let (Some(e), Some(d)) = (embedded, &derived) {
        if compressed(e).is_none() || compressed(e) != compressed(d) {
            return Err(invalid("the public key embedded in the EC key does not belong to its private key"));
        }
    }
    // The embedded point as written (compressed or not: OpenSSL writes it so in the
    // certificate too), else the derived one, uncompressed.
    match embedded.map(<[u8]>::to_vec).or(derived) {
        Some(point) => Ok(from_spki(spki(algorithm, &point)?)),
        None => {
            let known = curve_oid.map(|o| o.to_string());
            let named = known.as_deref().and_then(curve_name);
            Ok(Facts {
                algorithm: "EC",
                bits: named.map(|(_, bits)| bits),
                curve: Some(named.map(|(n, _)| n.to_owned()).or(known).unwrap_or_else(|| "explicit".to_owned())),
                algorithm_oid: EC_PUBLIC_KEY,
                spki: None,
            })
        }
    }
}

/// The uncompressed public point `scalar`·G on the NIST curves this crate has arithmetic
/// for; `None` on other curves.
fn derive_point(curve: ObjectIdentifier, scalar: &[u8]) -> Result<Option<Vec<u8>>> {
    let (which, name) = if curve == P256 {
        (crate::ec::Curve::P256, "P-256")
    } else if curve == P384 {
        (crate::ec::Curve::P384, "P-384")
    } else if curve == P521 {
        (crate::ec::Curve::P521, "P-521")
    } else {
        return Ok(None);
    };
    crate::ec::public_from_scalar(which, scalar)
        .map(Some)
        .ok_or_else(|| invalid(format!("the EC private key is not a valid {name} scalar")))
}

/// A SEC1 point (SEC 1 §2.3.3) in compressed form, `02|03 || x`, so that compressed,
/// uncompressed and hybrid encodings of one point compare equal. `None` if malformed.
pub(super) fn compressed(point: &[u8]) -> Option<Vec<u8>> {
    match point.split_first()? {
        (0x02 | 0x03, x) if !x.is_empty() => Some(point.to_vec()),
        (0x04 | 0x06 | 0x07, xy) if !xy.is_empty() && xy.len() % 2 == 0 => {
            let (x, y) = xy.split_at(xy.len() / 2);
            let mut out = Vec::with_capacity(x.len() + 1);
            out.push(0x02 | (y.last()? & 1));
            out.extend_from_slice(x);
            Some(out)
        }
        _ => None,
    }
}

/// RFC 8410 §7: `CurvePrivateKey ::= OCTET STRING` inside the PKCS#8 `privateKey`. Without
/// PKCS#8 v2's `publicKey` the public key would need Edwards arithmetic: left unknown.
fn edwards(oid: ObjectIdentifier, key: &[u8], public: Option<&[u8]>) -> Result<Facts> {
    let (name, bits, len) = if oid == ED25519 { ("Ed25519", 256, 32) } else { ("Ed448", 456, 57) };
    let seed = <&OctetStringRef>::from_der(key).map_err(der_error("Edwards-curve private key"))?;
    if seed.as_bytes().len() != len {
        return Err(invalid(format!("an {name} private key must be {len} bytes")));
    }
    match public {
        Some(p) => Ok(from_spki(spki(AlgorithmIdentifierOwned { oid, parameters: None }, p)?)),
        None => Ok(Facts { algorithm: name, bits: Some(bits), curve: None, algorithm_oid: oid, spki: None }),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn compressed_normalises_point_forms() {
        assert_eq!(compressed(&[0x04, 1, 2, 3, 4]), Some(vec![0x02, 1, 2]));
        assert_eq!(compressed(&[0x04, 1, 2, 3, 5]), Some(vec![0x03, 1, 2]));
        assert_eq!(compressed(&[0x03, 1, 2]), Some(vec![0x03, 1, 2]));
        assert_eq!(compressed(&[0x04, 1, 2, 3]), None);
        assert_eq!(compressed(&[0x05, 1, 2]), None);
        assert_eq!(compressed(&[]), None);
    }

    #[test]
    fn invalid_scalar_is_an_error() {
        assert_eq!(derive_point(P256, &[0u8; 32]).unwrap_err().code(), "KEY_INVALID");
        assert_eq!(derive_point(P256, &[0xff; 32]).unwrap_err().code(), "KEY_INVALID");
        assert!(derive_point(ED25519, &[1u8; 32]).unwrap().is_none());
    }
}
