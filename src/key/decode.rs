//! Unencrypted key DER to what [`super::KeyInfo`] reports, and the matching public key as a
//! SubjectPublicKeyInfo built the way certificates carry it. Read with [`crate::der`].

use super::{invalid, KeyFormat};
use crate::cert::{bit_len, curve_name, describe_spki};
use crate::der::{self, oid, tag, DerError, DerResult, Oid, Reader, Tlv};
use crate::error::{Error, Result};

/// What a decoded key is, and its public key where that can be had.
pub(super) struct Facts {
    pub algorithm: &'static str,
    pub bits: Option<u32>,
    pub curve: Option<String>,
    /// The key algorithm's OID (content octets): PKCS#8's, or rsaEncryption / id-ecPublicKey
    /// for PKCS#1 / SEC1.
    pub algorithm_oid: Vec<u8>,
    /// The DER SubjectPublicKeyInfo of the public key.
    pub spki: Option<Vec<u8>>,
}

/// Decode `der` as `format` and describe it.
///
/// # Errors
/// [`Error::KeyInvalid`] when the structure does not parse or its numbers are not a key.
pub(super) fn facts(der: &[u8], format: KeyFormat) -> Result<Facts> {
    match format {
        KeyFormat::Pkcs1 => rsa(der, oid::RSA_ENCRYPTION, Some(&NULL)),
        KeyFormat::Sec1 => ec(der, None, None),
        KeyFormat::Pkcs8 => pkcs8(der),
    }
}

/// The NULL parameters of rsaEncryption, as certificates encode them (RFC 3279 §2.3.1).
const NULL: [u8; 2] = [tag::NULL, 0x00];

fn der_error(what: &str) -> impl Fn(DerError) -> Error + '_ {
    move |e| invalid(format!("not a valid {what} ({e})"))
}

/// A non-negative INTEGER in DER's minimal form (no 0x00 padding before an octet below 0x80),
/// as OpenSSL and the RustCrypto readers require it in keys: its content octets, with the
/// sign octet removed. Shared with the PBES2 parameters.
///
/// # Errors
/// As [`Reader::integer`], a negative value, or padding.
pub(super) fn uint<'a>(r: &mut Reader<'a>) -> DerResult<&'a [u8]> {
    match r.integer()? {
        [0, b, ..] if *b < 0x80 => Err(DerError("INTEGER not minimally encoded")),
        [0, rest @ ..] if !rest.is_empty() => Ok(rest),
        [b, ..] if *b >= 0x80 => Err(DerError("negative INTEGER")),
        v => Ok(v),
    }
}

/// A minimal non-negative INTEGER up to `u64::MAX` (versions, iteration counts, costs).
///
/// # Errors
/// As [`uint`], or a larger value.
pub(super) fn small_uint(r: &mut Reader<'_>) -> DerResult<u64> {
    let v = crate::hex::trim_leading_zeros(uint(r)?);
    if v.len() > 8 {
        return Err(DerError("INTEGER too large"));
    }
    Ok(v.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
}

/// A version INTEGER that must be one of `allowed`.
fn version(r: &mut Reader<'_>, allowed: &[u64]) -> DerResult<u64> {
    let v = small_uint(r)?;
    if allowed.contains(&v) {
        Ok(v)
    } else {
        Err(DerError("unsupported version"))
    }
}

/// A BIT STRING's octets when it has no unused bits; `None` when it has some.
fn bit_string(content: &[u8]) -> DerResult<Option<&[u8]>> {
    match content.split_first() {
        Some((0, rest)) => Ok(Some(rest)),
        Some((1..=7, rest)) if !rest.is_empty() => Ok(None),
        _ => Err(DerError("malformed BIT STRING")),
    }
}

/// The content of one whole SEQUENCE filling `der`.
fn whole_sequence(der: &[u8]) -> DerResult<Reader<'_>> {
    let t = der::parse_one(der)?;
    if t.tag == tag::SEQUENCE {
        Ok(t.reader())
    } else {
        Err(DerError("expected a SEQUENCE"))
    }
}

/// RFC 5208 §5 `PrivateKeyInfo` / RFC 5958 §2 `OneAsymmetricKey`:
///
/// ```text
/// SEQUENCE { version INTEGER (v1(0) | v2(1)), privateKeyAlgorithm AlgorithmIdentifier,
///            privateKey OCTET STRING, attributes [0] IMPLICIT SET OF Attribute OPTIONAL,
///            [[2: publicKey [1] IMPLICIT BIT STRING OPTIONAL ]], ... }
/// ```
///
/// `publicKey` is present exactly in v2; later context-specific fields are ignored.
struct Pkcs8<'a> {
    algorithm: Oid<'a>,
    parameters: Option<Tlv<'a>>,
    private_key: &'a [u8],
    /// The public key octets (`None` also when the BIT STRING has unused bits).
    public_key: Option<&'a [u8]>,
}

fn read_pkcs8(der: &[u8]) -> DerResult<Pkcs8<'_>> {
    let mut r = whole_sequence(der)?;
    let v = version(&mut r, &[0, 1])?;
    let (algorithm, parameters) = der::algorithm_identifier(&mut r)?;
    let private_key = r.octet_string()?;
    if r.peek_tag() == Some(tag::implicit(0)) {
        return Err(DerError("attributes must be constructed"));
    }
    r.optional(tag::explicit(0))?;
    if r.peek_tag() == Some(tag::explicit(1)) {
        return Err(DerError("the public key must be a primitive BIT STRING"));
    }
    let public = r.optional(tag::implicit(1))?;
    if (v == 1) != public.is_some() {
        return Err(DerError("a public key is present exactly in version 2"));
    }
    let public_key = public.map(|t| bit_string(t.value)).transpose()?.flatten();
    while !r.is_empty() {
        if r.read()?.tag & 0xc0 != 0x80 {
            return Err(DerError("trailing data"));
        }
    }
    Ok(Pkcs8 { algorithm, parameters, private_key, public_key })
}

/// `PrivateKeyInfo`, dispatched on its algorithm.
fn pkcs8(der: &[u8]) -> Result<Facts> {
    let info = read_pkcs8(der).map_err(der_error("PKCS#8 private key"))?;
    let alg = info.algorithm;
    let key = info.private_key;
    let public = info.public_key;
    // The parameters as certificates carry them (re-encoded, so a long-form length in the key
    // file does not change the SubjectPublicKeyInfo).
    let params = info.parameters.map(|p| der::tlv(p.tag, p.value));
    if alg.is(oid::RSA_ENCRYPTION) {
        rsa(key, oid::RSA_ENCRYPTION, Some(&NULL))
    } else if alg.is(oid::RSASSA_PSS) {
        // RSASSA-PSS keys keep their parameters (or their absence) in the certificate too.
        rsa(key, oid::RSASSA_PSS, params.as_deref())
    } else if alg.is(oid::EC_PUBLIC_KEY) {
        ec(key, params.as_deref(), public)
    } else if alg.is(oid::ED25519) || alg.is(oid::ED448) {
        edwards(alg, key, public)
    } else if alg.is(oid::DSA) {
        // Dss-Parms ::= SEQUENCE { p, q, g }: the size is p's. The public value g^x mod p
        // would need big-number arithmetic for a key Cloudflare does not accept: not derived.
        let bits = info.parameters.and_then(|p| uint(&mut p.reader()).ok()).map(bit_len);
        Ok(Facts { algorithm: "DSA", bits, curve: None, algorithm_oid: alg.as_bytes().to_vec(), spki: None })
    } else {
        Ok(Facts { algorithm: "unknown", bits: None, curve: None, algorithm_oid: alg.as_bytes().to_vec(), spki: None })
    }
}

/// Describe a public key from its SubjectPublicKeyInfo, as certificates are described.
fn from_spki(algorithm: &[u8], parameters: Option<&[u8]>, key: &[u8]) -> Facts {
    let spki = der::spki(algorithm, parameters, key);
    let (name, bits, curve) =
        <spki::SubjectPublicKeyInfoRef as ::der::Decode>::from_der(&spki).map_or(("unknown", 0, None), |s| describe_spki(&s));
    Facts { algorithm: name, bits: (bits > 0).then_some(bits), curve, algorithm_oid: algorithm.to_vec(), spki: Some(spki) }
}

/// RFC 8017 A.1.2 `RSAPrivateKey`:
///
/// ```text
/// SEQUENCE { version INTEGER (two-prime(0) | multi(1)), modulus, publicExponent,
///            privateExponent, prime1, prime2, exponent1, exponent2, coefficient,
///            otherPrimeInfos OtherPrimeInfos OPTIONAL }   -- present exactly in version 1
/// OtherPrimeInfos ::= SEQUENCE SIZE(1..MAX) OF SEQUENCE { prime, exponent, coefficient }
/// ```
///
/// The modulus and public exponent, big-endian without sign octet.
fn read_rsa(der: &[u8]) -> DerResult<(&[u8], &[u8])> {
    let mut r = whole_sequence(der)?;
    let v = version(&mut r, &[0, 1])?;
    let n = uint(&mut r)?;
    let e = uint(&mut r)?;
    for _ in 0..6 {
        uint(&mut r)?;
    }
    let others = r.optional(tag::SEQUENCE)?;
    if (v == 1) != others.is_some() {
        return Err(DerError("other prime infos are present exactly in version 1"));
    }
    if let Some(others) = others {
        let mut list = others.reader();
        if list.is_empty() {
            return Err(DerError("empty other prime infos"));
        }
        while !list.is_empty() {
            let mut info = list.sequence()?;
            for _ in 0..3 {
                uint(&mut info)?;
            }
            info.finish()?;
        }
    }
    r.finish()?;
    Ok((n, e))
}

/// `RSAPrivateKey`; the public key is `RSAPublicKey ::= SEQUENCE { n, e }` under `algorithm`
/// with `parameters`.
fn rsa(der: &[u8], algorithm: &[u8], parameters: Option<&[u8]>) -> Result<Facts> {
    let (n, e) = read_rsa(der).map_err(der_error("PKCS#1 RSA private key"))?;
    let (n, e) = (crate::hex::trim_leading_zeros(n), crate::hex::trim_leading_zeros(e));
    if n.is_empty() || e.is_empty() {
        return Err(invalid("the RSA modulus or public exponent is zero"));
    }
    let public = der::sequence(&[&der::uint(n), &der::uint(e)]);
    Ok(from_spki(algorithm, parameters, &public))
}

/// RFC 5915 §3:
///
/// ```text
/// ECPrivateKey ::= SEQUENCE { version INTEGER (1), privateKey OCTET STRING,
///                             parameters [0] ECParameters OPTIONAL, publicKey [1] BIT STRING OPTIONAL }
/// ```
///
/// Of `ECParameters` only `namedCurve` is read (as OpenSSL writes it); the point must have no
/// unused bits.
struct EcKey<'a> {
    scalar: &'a [u8],
    curve: Option<Oid<'a>>,
    point: Option<&'a [u8]>,
}

fn read_ec(der: &[u8]) -> DerResult<EcKey<'_>> {
    let mut r = whole_sequence(der)?;
    version(&mut r, &[1])?;
    let scalar = r.octet_string()?;
    let curve = r.explicit(0, Reader::oid)?;
    let point = r.explicit(1, Reader::bit_string_octets)?;
    r.finish()?;
    Ok(EcKey { scalar, curve, point })
}

/// `ECPrivateKey`. Inside PKCS#8 the curve is the outer algorithm's parameter, `outer_params`
/// (RFC 5915 §3: `parameters` may then be omitted), and the point may sit in PKCS#8 v2's
/// `publicKey`.
fn ec(der: &[u8], outer_params: Option<&[u8]>, pkcs8_public: Option<&[u8]>) -> Result<Facts> {
    let EcKey { scalar, curve: inner_curve, point: embedded } =
        read_ec(der).map_err(der_error("SEC1 EC private key"))?;
    let named;
    let parameters: &[u8] = match outer_params {
        Some(p) => p,
        None => {
            let curve = inner_curve.ok_or_else(|| invalid("the EC key names no curve"))?;
            named = der::tlv(tag::OID, curve.as_bytes());
            &named
        }
    };
    let curve = der::parse_one(parameters).ok().filter(|t| t.tag == tag::OID).and_then(|t| Oid::new(t.value).ok());
    let embedded = embedded.or(pkcs8_public);
    let derived = match curve {
        Some(oid) => derive_point(oid, scalar)?,
        None => None,
    };
    if let (Some(e), Some(d)) = (embedded, &derived) {
        if compressed(e).is_none() || compressed(e) != compressed(d) {
            return Err(invalid("the public key embedded in the EC key does not belong to its private key"));
        }
    }
    // The embedded point as written (compressed or not: OpenSSL writes it so in the
    // certificate too), else the derived one, uncompressed.
    match embedded.or(derived.as_deref()) {
        Some(point) => Ok(from_spki(oid::EC_PUBLIC_KEY, Some(parameters), point)),
        None => {
            let known = curve.map(|o| o.to_string());
            let named = known.as_deref().and_then(curve_name);
            Ok(Facts {
                algorithm: "EC",
                bits: named.map(|(_, bits)| bits),
                curve: Some(named.map(|(n, _)| n.to_owned()).or(known).unwrap_or_else(|| "explicit".to_owned())),
                algorithm_oid: oid::EC_PUBLIC_KEY.to_vec(),
                spki: None,
            })
        }
    }
}

/// The uncompressed public point `scalar`·G on the NIST curves this crate has arithmetic
/// for; `None` on other curves.
fn derive_point(curve: Oid<'_>, scalar: &[u8]) -> Result<Option<Vec<u8>>> {
    let (which, name) = if curve.is(oid::P256) {
        (crate::ec::Curve::P256, "P-256")
    } else if curve.is(oid::P384) {
        (crate::ec::Curve::P384, "P-384")
    } else if curve.is(oid::P521) {
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
fn edwards(alg: Oid<'_>, key: &[u8], public: Option<&[u8]>) -> Result<Facts> {
    let (name, bits, len) = if alg.is(oid::ED25519) { ("Ed25519", 256, 32) } else { ("Ed448", 456, 57) };
    let seed = der::parse_one(key)
        .and_then(|t| if t.tag == tag::OCTET_STRING { Ok(t.value) } else { Err(DerError("expected an OCTET STRING")) })
        .map_err(der_error("Edwards-curve private key"))?;
    if seed.len() != len {
        return Err(invalid(format!("an {name} private key must be {len} bytes")));
    }
    match public {
        Some(p) => Ok(from_spki(alg.as_bytes(), None, p)),
        None => Ok(Facts { algorithm: name, bits: Some(bits), curve: None, algorithm_oid: alg.as_bytes().to_vec(), spki: None }),
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
        let p256 = Oid::new(oid::P256).unwrap();
        assert_eq!(derive_point(p256, &[0u8; 32]).unwrap_err().code(), "KEY_INVALID");
        assert_eq!(derive_point(p256, &[0xff; 32]).unwrap_err().code(), "KEY_INVALID");
        assert!(derive_point(Oid::new(oid::ED25519).unwrap(), &[1u8; 32]).unwrap().is_none());
    }

    #[test]
    fn integers_must_be_minimal_and_non_negative() {
        fn read(bytes: &[u8]) -> DerResult<&[u8]> {
            uint(&mut Reader::new(bytes))
        }
        assert_eq!(read(&[0x02, 0x01, 0x00]).unwrap(), &[0]);
        assert_eq!(read(&[0x02, 0x02, 0x00, 0x80]).unwrap(), &[0x80]);
        assert_eq!(read(&[0x02, 0x01, 0x7f]).unwrap(), &[0x7f]);
        assert!(read(&[0x02, 0x02, 0x00, 0x7f]).is_err());
        assert!(read(&[0x02, 0x01, 0x80]).is_err());
        assert!(read(&[0x02, 0x00]).is_err());
        assert_eq!(small_uint(&mut Reader::new(&[0x02, 0x03, 0x00, 0xff, 0xff])).unwrap(), 65_535);
        let nine = [0x02, 0x09, 0x01, 0, 0, 0, 0, 0, 0, 0, 0];
        assert!(small_uint(&mut Reader::new(&nine)).is_err());
    }

    /// SEQUENCE { INTEGER version, INTEGER 1 × 8, others… }: an RSAPrivateKey shape.
    fn rsa_shape(version: u8, others: Option<&[u8]>) -> Vec<u8> {
        let one = der::uint(&[1]);
        let mut parts = vec![der::uint(&[version])];
        parts.extend(std::iter::repeat_n(one, 8));
        parts.extend(others.map(<[u8]>::to_vec));
        der::sequence(&parts.iter().map(Vec::as_slice).collect::<Vec<_>>())
    }

    #[test]
    fn rsa_versions_and_other_primes() {
        let info = der::sequence(&[&der::uint(&[3]), &der::uint(&[5]), &der::uint(&[7])]);
        let others = der::sequence(&[&info]);
        assert!(read_rsa(&rsa_shape(0, None)).is_ok());
        assert!(read_rsa(&rsa_shape(1, Some(&others))).is_ok());
        assert!(read_rsa(&rsa_shape(1, None)).is_err());
        assert!(read_rsa(&rsa_shape(0, Some(&others))).is_err());
        assert!(read_rsa(&rsa_shape(1, Some(&der::sequence(&[])))).is_err());
        assert!(read_rsa(&rsa_shape(2, None)).is_err());
        let short = der::sequence(&[&der::uint(&[3]), &der::uint(&[5])]);
        assert!(read_rsa(&rsa_shape(1, Some(&der::sequence(&[&short])))).is_err());
    }

    #[test]
    fn pkcs8_public_key_only_in_version_2() {
        let alg = der::sequence(&[&der::tlv(tag::OID, oid::ED25519)]);
        let key = der::tlv(tag::OCTET_STRING, &der::tlv(tag::OCTET_STRING, &[9; 32]));
        let public = der::tlv(tag::implicit(1), &[0; 33]);
        let attrs = der::tlv(tag::explicit(0), &[]);
        let v1 = der::sequence(&[&der::uint(&[0]), &alg, &key]);
        let v2 = der::sequence(&[&der::uint(&[1]), &alg, &key, &attrs, &public, &der::tlv(tag::implicit(5), &[1])]);
        assert!(read_pkcs8(&v1).unwrap().public_key.is_none());
        assert_eq!(read_pkcs8(&v2).unwrap().public_key, Some(&[0u8; 32][..]));
        assert!(read_pkcs8(&der::sequence(&[&der::uint(&[1]), &alg, &key])).is_err());
        assert!(read_pkcs8(&der::sequence(&[&der::uint(&[0]), &alg, &key, &public])).is_err());
        assert!(read_pkcs8(&der::sequence(&[&der::uint(&[0]), &alg, &key, &der::uint(&[0])])).is_err());
        let explicit = der::tlv(tag::explicit(1), &der::bit_string(&[0; 32]));
        assert!(read_pkcs8(&der::sequence(&[&der::uint(&[1]), &alg, &key, &explicit])).is_err());
    }
}
