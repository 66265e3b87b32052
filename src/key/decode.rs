//! Unencrypted key DER to what [`super::KeyInfo`] reports, and the matching public key as a
//! SubjectPublicKeyInfo encoded the way certificates carry it.
//!
//! The structures are read with `pkcs8` (`PrivateKeyInfo`, RFC 5208 §5 / RFC 5958 §2), `sec1`
//! (`ECPrivateKey`, RFC 5915 §3) and `pkcs1` (`RSAPrivateKey`, RFC 8017 A.1.2); public halves
//! are derived with `p256`/`p384`/`p521` (`SecretKey`, constant-time) and `ed25519-dalek`
//! (`SigningKey`), and encoded with `spki`. What stays here is the product logic: which
//! public key belongs to which key, and how it is described.

use super::{invalid, KeyFormat};
use crate::error::Result;
use der::asn1::{AnyRef, BitStringRef, ObjectIdentifier, OctetStringRef, UintRef};
use der::{Decode, Encode};
use elliptic_curve::sec1::{ModulusSize, ToSec1Point};
use elliptic_curve::{AffinePoint, CurveArithmetic, FieldBytesSize};
use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};

/// The algorithm and curve OIDs keys are told apart by.
pub(crate) mod oids {
    use der::asn1::ObjectIdentifier as Oid;
    /// rsaEncryption (RFC 8017 A.1).
    pub const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
    /// id-RSASSA-PSS (RFC 8017 A.2.3).
    pub const RSASSA_PSS: Oid = Oid::new_unwrap("1.2.840.113549.1.1.10");
    /// id-ecPublicKey (RFC 5480 §2.1.1).
    pub const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
    /// secp256r1, secp384r1, secp521r1 (RFC 5480 §2.1.1.1).
    pub const P256: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
    pub const P384: Oid = Oid::new_unwrap("1.3.132.0.34");
    pub const P521: Oid = Oid::new_unwrap("1.3.132.0.35");
    /// id-Ed25519, id-Ed448 (RFC 8410 §3).
    pub const ED25519: Oid = Oid::new_unwrap("1.3.101.112");
    pub const ED448: Oid = Oid::new_unwrap("1.3.101.113");
    /// id-dsa (RFC 3279 §2.3.2).
    pub const DSA: Oid = Oid::new_unwrap("1.2.840.10040.4.1");
}

/// What a decoded key is, and its public key where that can be had.
pub(super) struct Facts {
    pub algorithm: &'static str,
    pub bits: Option<u32>,
    pub curve: Option<String>,
    /// The key algorithm's OID: PKCS#8's, or rsaEncryption / id-ecPublicKey for PKCS#1 / SEC1.
    pub algorithm_oid: ObjectIdentifier,
    /// The DER SubjectPublicKeyInfo of the public key.
    pub spki: Option<Vec<u8>>,
}

impl Facts {
    /// A key whose public key is not known.
    fn without_public(algorithm: &'static str, bits: Option<u32>, curve: Option<String>, oid: ObjectIdentifier) -> Self {
        Facts { algorithm, bits, curve, algorithm_oid: oid, spki: None }
    }
}

/// Decode `der` as `format` and describe it.
///
/// # Errors
/// [`crate::Error::KeyInvalid`] when the structure does not parse or its numbers are not a key.
pub(super) fn facts(der: &[u8], format: KeyFormat) -> Result<Facts> {
    match format {
        KeyFormat::Pkcs1 => rsa(der, oids::RSA_ENCRYPTION, Some(AnyRef::NULL)),
        KeyFormat::Sec1 => ec(der, None, None),
        KeyFormat::Pkcs8 => pkcs8(der),
    }
}

fn der_error<E: core::fmt::Display>(what: &str) -> impl Fn(E) -> crate::Error + '_ {
    move |e| invalid(format!("not a valid {what} ({e})"))
}

/// The DER of `SubjectPublicKeyInfo { algorithm { oid, parameters }, subjectPublicKey }`.
fn spki_der(oid: ObjectIdentifier, parameters: Option<AnyRef<'_>>, key: &[u8]) -> Result<Vec<u8>> {
    let spki = SubjectPublicKeyInfoRef {
        algorithm: AlgorithmIdentifierRef { oid, parameters },
        subject_public_key: BitStringRef::from_bytes(key).map_err(der_error("public key"))?,
    };
    spki.to_der().map_err(der_error("public key"))
}

/// Bit length of a big-endian unsigned integer.
fn bit_len(bytes: &[u8]) -> u32 {
    let mut iter = bytes.iter().skip_while(|b| **b == 0);
    match iter.next() {
        None => 0,
        Some(&first) => {
            let rest = u32::try_from(iter.count()).unwrap_or(u32::MAX / 16);
            rest * 8 + (8 - first.leading_zeros())
        }
    }
}

/// `PrivateKeyInfo` (v1, or v2 with its `publicKey`; `pkcs8` enforces that the public key is
/// present exactly in v2), dispatched on its algorithm.
fn pkcs8(der: &[u8]) -> Result<Facts> {
    let info = pkcs8::PrivateKeyInfoRef::from_der(der).map_err(der_error("PKCS#8 private key"))?;
    let oid = info.algorithm.oid;
    let params = info.algorithm.parameters;
    let key = info.private_key.as_bytes();
    // A public key BIT STRING with unused bits is no key: as if absent.
    let public = info.public_key.and_then(|p| p.as_bytes());
    if oid == oids::RSA_ENCRYPTION {
        // The NULL parameters certificates carry (RFC 3279 §2.3.1), whatever the key file has.
        rsa(key, oid, Some(AnyRef::NULL))
    } else if oid == oids::RSASSA_PSS {
        // RSASSA-PSS keys keep their parameters (or their absence) in the certificate too.
        rsa(key, oid, params)
    } else if oid == oids::EC_PUBLIC_KEY {
        ec(key, params, public)
    } else if oid == oids::ED25519 || oid == oids::ED448 {
        edwards(oid, key, public)
    } else if oid == oids::DSA {
        // Dss-Parms ::= SEQUENCE { p, q, g }: the size is p's. The public value g^x mod p would
        // need big-number arithmetic for a key Cloudflare does not accept: not derived.
        let p = params.and_then(|p| p.sequence(|r| Ok::<_, der::Error>((UintRef::decode(r)?, UintRef::decode(r)?, UintRef::decode(r)?))).ok());
        Ok(Facts::without_public("DSA", p.map(|(p, _, _)| bit_len(p.as_bytes())), None, oid))
    } else {
        Ok(Facts::without_public("unknown", None, None, oid))
    }
}

/// `RSAPrivateKey` (two-prime, or multi-prime with its `otherPrimeInfos`; `pkcs1` checks that
/// the version says which); the public key is `RSAPublicKey ::= SEQUENCE { n, e }` under
/// `oid` with `parameters`.
fn rsa(der: &[u8], oid: ObjectIdentifier, parameters: Option<AnyRef<'_>>) -> Result<Facts> {
    let key = pkcs1::RsaPrivateKeyRef::from_der(der).map_err(der_error("PKCS#1 RSA private key"))?;
    let public = key.public_key();
    let n = public.modulus.as_bytes();
    if n.iter().all(|&b| b == 0) || public.public_exponent.as_bytes().iter().all(|&b| b == 0) {
        return Err(invalid("the RSA modulus or public exponent is zero"));
    }
    let algorithm = if oid == oids::RSASSA_PSS { "RSA-PSS" } else { "RSA" };
    let spki = spki_der(oid, parameters, &public.to_der().map_err(der_error("RSA public key"))?)?;
    Ok(Facts { algorithm, bits: Some(bit_len(n)), curve: None, algorithm_oid: oid, spki: Some(spki) })
}

/// `ECPrivateKey`. Inside PKCS#8 the curve is the outer algorithm's parameter, `outer_params`
/// (RFC 5915 §3: `parameters` may then be omitted), and the point may sit in PKCS#8 v2's
/// `publicKey`. Of `ECParameters` only `namedCurve` is read (as OpenSSL writes it), by `sec1`.
fn ec(der: &[u8], outer_params: Option<AnyRef<'_>>, pkcs8_public: Option<&[u8]>) -> Result<Facts> {
    let key = sec1::EcPrivateKey::from_der(der).map_err(der_error("SEC1 EC private key"))?;
    let inner_curve = key.parameters.and_then(sec1::EcParameters::named_curve);
    let parameters: AnyRef<'_> = match outer_params {
        Some(p) => p,
        None => AnyRef::from(inner_curve.as_ref().ok_or_else(|| invalid("the EC key names no curve"))?),
    };
    let curve = parameters.decode_as::<ObjectIdentifier>().ok();
    let embedded = key.public_key.or(pkcs8_public);
    let derived = match curve {
        Some(oid) => derive_point(oid, key.private_key)?,
        None => None,
    };
    if let (Some(e), Some(d)) = (embedded, &derived) {
        if compressed(e).is_none() || compressed(e) != compressed(d) {
            return Err(invalid("the public key embedded in the EC key does not belong to its private key"));
        }
    }
    let named = curve.and_then(|oid| curve_name(&oid));
    let curve_text = named
        .map(|(name, _)| name.to_owned())
        .or_else(|| curve.map(|oid| oid.to_string()))
        .unwrap_or_else(|| "explicit".to_owned());
    // The embedded point as written (compressed or not: OpenSSL writes it so in the
    // certificate too), else the derived one, uncompressed.
    match embedded.or(derived.as_deref()) {
        Some(point) => {
            // Unknown or explicit curve: the size from the uncompressed point.
            let bits = named.map_or_else(|| u32::try_from(point.len().saturating_sub(1) / 2 * 8).unwrap_or(0), |(_, b)| b);
            Ok(Facts {
                algorithm: "EC",
                bits: (bits > 0).then_some(bits),
                curve: Some(curve_text),
                algorithm_oid: oids::EC_PUBLIC_KEY,
                spki: Some(spki_der(oids::EC_PUBLIC_KEY, Some(parameters), point)?),
            })
        }
        None => Ok(Facts::without_public("EC", named.map(|(_, bits)| bits), Some(curve_text), oids::EC_PUBLIC_KEY)),
    }
}

/// The name and size of a named curve: the three Cloudflare takes by OID, any other through
/// the certificate side's table (so keys and certificates name curves alike).
fn curve_name(oid: &ObjectIdentifier) -> Option<(&'static str, u32)> {
    if *oid == oids::P256 {
        Some(("P-256", 256))
    } else if *oid == oids::P384 {
        Some(("P-384", 384))
    } else if *oid == oids::P521 {
        Some(("P-521", 521))
    } else {
        crate::x509::cert::curve_name(&oid.to_string())
    }
}

/// The uncompressed public point `scalar`·G on P-256, P-384 or P-521; `None` on other curves.
///
/// # Errors
/// [`crate::Error::KeyInvalid`] when `scalar` is not a scalar of the curve (zero, too large,
/// or of the wrong length).
fn derive_point(curve: ObjectIdentifier, scalar: &[u8]) -> Result<Option<Vec<u8>>> {
    let point = if curve == oids::P256 {
        public_point::<p256::NistP256>(scalar)
    } else if curve == oids::P384 {
        public_point::<p384::NistP384>(scalar)
    } else if curve == oids::P521 {
        public_point::<p521::NistP521>(scalar)
    } else {
        return Ok(None);
    };
    let name = curve_name(&curve).map_or("", |(name, _)| name);
    point.map(Some).ok_or_else(|| invalid(format!("the EC private key is not a valid {name} scalar")))
}

/// `SecretKey::from_slice` (which wipes itself on drop) and its public key, SEC1-uncompressed.
fn public_point<C>(scalar: &[u8]) -> Option<Vec<u8>>
where
    C: CurveArithmetic,
    AffinePoint<C>: ToSec1Point<C>,
    FieldBytesSize<C>: ModulusSize,
{
    let secret = elliptic_curve::SecretKey::<C>::from_slice(scalar).ok()?;
    let point = secret.public_key().as_affine().to_sec1_point(false);
    Some(point.as_bytes().to_vec())
}

/// A SEC1 point (SEC 1 §2.3.3) in compressed form, `02|03 || x`, so that compressed,
/// uncompressed and hybrid encodings of one point compare equal (on any curve, including those
/// no curve crate here knows). `None` if malformed.
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

/// RFC 8410 §7: `CurvePrivateKey ::= OCTET STRING` inside the PKCS#8 `privateKey`. Ed25519's
/// public key is derived (`ed25519-dalek`), and PKCS#8 v2's `publicKey`, when present, must be
/// it. Ed448 has no audited Rust crate: its public key is known only from PKCS#8 v2.
fn edwards(oid: ObjectIdentifier, key: &[u8], public: Option<&[u8]>) -> Result<Facts> {
    let (name, bits, len) = if oid == oids::ED25519 { ("Ed25519", 256, 32) } else { ("Ed448", 456, 57) };
    let seed = <&OctetStringRef>::from_der(key).map_err(der_error("Edwards-curve private key"))?.as_bytes();
    if seed.len() != len {
        return Err(invalid(format!("an {name} private key must be {len} bytes")));
    }
    let derived = match <&ed25519_dalek::SecretKey>::try_from(seed) {
        Ok(secret) if oid == oids::ED25519 => Some(ed25519_dalek::SigningKey::from_bytes(secret).verifying_key().to_bytes()),
        _ => None,
    };
    if let (Some(d), Some(p)) = (&derived, public) {
        if d.as_slice() != p {
            return Err(invalid("the public key embedded in the Ed25519 key does not belong to its private key"));
        }
    }
    match derived.as_ref().map(|d| d.as_slice()).or(public) {
        Some(p) => Ok(Facts { algorithm: name, bits: Some(bits), curve: None, algorithm_oid: oid, spki: Some(spki_der(oid, None, p)?) }),
        None => Ok(Facts::without_public(name, Some(bits), None, oid)),
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
        assert_eq!(derive_point(oids::P256, &[0u8; 32]).unwrap_err().code(), "KEY_INVALID");
        assert_eq!(derive_point(oids::P256, &[0xff; 32]).unwrap_err().code(), "KEY_INVALID");
        // Too short for any curve; longer than P-384's field.
        assert_eq!(derive_point(oids::P384, &[1u8; 8]).unwrap_err().code(), "KEY_INVALID");
        assert_eq!(derive_point(oids::P384, &[1u8; 49]).unwrap_err().code(), "KEY_INVALID");
        assert!(derive_point(oids::ED25519, &[1u8; 32]).unwrap().is_none());
    }

    #[test]
    fn derived_points_are_the_curve_generators_multiples() {
        // 1·G is the generator (SEC 2 §2.4.2 / FIPS 186-4 D.1.2.3: P-256's G.x).
        let mut one = [0u8; 32];
        one[31] = 1;
        let g = derive_point(oids::P256, &one).unwrap().unwrap();
        assert_eq!(g.len(), 65);
        assert_eq!(g[0], 0x04);
        assert_eq!(crate::hex::encode(&g[1..33]), "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296");
        // P-521 scalars are 66 bytes; a shorter one is left-padded (as OpenSSL may write it).
        let mut one = [0u8; 66];
        one[65] = 1;
        let long = derive_point(oids::P521, &one).unwrap().unwrap();
        assert_eq!(derive_point(oids::P521, &one[10..]).unwrap().unwrap(), long);
        assert_eq!(long.len(), 133);
    }

    #[test]
    fn bit_lengths() {
        assert_eq!(bit_len(&[]), 0);
        assert_eq!(bit_len(&[0, 0]), 0);
        assert_eq!(bit_len(&[1]), 1);
        assert_eq!(bit_len(&[0, 0x80, 0]), 16);
        assert_eq!(bit_len(&[0x7f, 0, 0]), 23);
    }

    /// `SEQUENCE { INTEGER version, INTEGER 1 × 8, others… }`: an RSAPrivateKey shape.
    fn rsa_shape(version: u8, others: Option<&[u8]>) -> Vec<u8> {
        let one = [0x02, 0x01, 0x01];
        let mut body = vec![0x02, 0x01, version];
        for _ in 0..8 {
            body.extend_from_slice(&one);
        }
        body.extend(others.unwrap_or_default());
        seq(&body)
    }

    fn seq(body: &[u8]) -> Vec<u8> {
        let len = u8::try_from(body.len()).unwrap();
        let mut out = if len < 0x80 { vec![0x30, len] } else { vec![0x30, 0x81, len] };
        out.extend_from_slice(body);
        out
    }

    #[test]
    fn rsa_versions_and_other_primes() {
        let info = seq(&[0x02, 0x01, 0x03, 0x02, 0x01, 0x05, 0x02, 0x01, 0x07]);
        let others = seq(&info);
        assert!(rsa(&rsa_shape(0, None), oids::RSA_ENCRYPTION, None).is_ok());
        assert!(rsa(&rsa_shape(1, Some(&others)), oids::RSA_ENCRYPTION, None).is_ok());
        assert!(rsa(&rsa_shape(1, None), oids::RSA_ENCRYPTION, None).is_err());
        assert!(rsa(&rsa_shape(0, Some(&others)), oids::RSA_ENCRYPTION, None).is_err());
        assert!(rsa(&rsa_shape(1, Some(&seq(&[]))), oids::RSA_ENCRYPTION, None).is_err());
        assert!(rsa(&rsa_shape(2, None), oids::RSA_ENCRYPTION, None).is_err());
        let short = seq(&[0x02, 0x01, 0x03, 0x02, 0x01, 0x05]);
        assert!(rsa(&rsa_shape(1, Some(&seq(&short))), oids::RSA_ENCRYPTION, None).is_err());
        // Non-minimal and negative INTEGERs are refused (DER), by `der`.
        let mut padded = rsa_shape(0, None);
        padded.splice(5..8, [0x02, 0x02, 0x00, 0x01]);
        padded[1] += 1;
        assert!(rsa(&padded, oids::RSA_ENCRYPTION, None).is_err());
        let mut negative = rsa_shape(0, None);
        negative[7] = 0x81;
        assert!(rsa(&negative, oids::RSA_ENCRYPTION, None).is_err());
    }

    #[test]
    fn pkcs8_public_key_only_in_version_2() {
        // SEQUENCE { INTEGER v, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING seed }, … }
        let alg = [0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70];
        let mut key = vec![0x04, 0x22, 0x04, 0x20];
        key.extend_from_slice(&[9; 32]);
        let ed = ed25519_dalek::SigningKey::from_bytes(&[9; 32]).verifying_key().to_bytes();
        let mut public = vec![0x81, 0x21, 0x00];
        public.extend_from_slice(&ed);
        let build = |v: u8, rest: &[&[u8]]| {
            let mut body = vec![0x02, 0x01, v];
            body.extend_from_slice(&alg);
            body.extend_from_slice(&key);
            for r in rest {
                body.extend_from_slice(r);
            }
            seq(&body)
        };
        let v1 = pkcs8(&build(0, &[])).unwrap();
        // Attributes and a later (explicitly tagged) extension field are skipped.
        let v2 = pkcs8(&build(1, &[&[0xa0, 0x00], &public, &[0xa5, 0x03, 0x02, 0x01, 0x01]])).unwrap();
        assert_eq!(v1.spki, v2.spki);
        assert!(v1.spki.unwrap().ends_with(&ed));
        assert!(pkcs8(&build(1, &[])).is_err());
        assert!(pkcs8(&build(0, &[&public])).is_err());
        assert!(pkcs8(&build(0, &[&[0x02, 0x01, 0x00]])).is_err());
        // A v2 public key that is not the seed's.
        let mut wrong = public.clone();
        wrong[5] ^= 1;
        let e = pkcs8(&build(1, &[&wrong])).err().unwrap();
        assert!(e.to_string().contains("does not belong"), "{e}");
        // Ed448: no arithmetic, only the v2 public key.
        let alg448 = [0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x71];
        let mut key448 = vec![0x04, 0x3b, 0x04, 0x39];
        key448.extend_from_slice(&[7; 57]);
        let mut pub448 = vec![0x81, 0x3a, 0x00];
        pub448.extend_from_slice(&[5; 57]);
        let build448 = |v: u8, public: Option<&[u8]>| {
            let mut body = vec![0x02, 0x01, v];
            body.extend_from_slice(&alg448);
            body.extend_from_slice(&key448);
            body.extend(public.unwrap_or_default());
            seq(&body)
        };
        let v1 = pkcs8(&build448(0, None)).unwrap();
        assert_eq!((v1.algorithm, v1.bits, v1.spki), ("Ed448", Some(456), None));
        let v2 = pkcs8(&build448(1, Some(&pub448))).unwrap();
        assert!(v2.spki.unwrap().ends_with(&[5; 57]));
    }
}
