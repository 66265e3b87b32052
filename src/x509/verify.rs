//! Certificate signature verification on RustCrypto: RSA PKCS#1 v1.5 and RSASSA-PSS (`rsa`),
//! ECDSA on P-256, P-384 and P-521 (`p256`/`p384`/`p521` over `ecdsa`), Ed25519
//! (`ed25519-dalek`), with MD5, SHA-1, SHA-2 and SHA-3 digests, as OpenSSL 3 verifies a client
//! chain. Ed448 is recognised but not checked: no audited Rust crate verifies it
//! (`ed448-goldilocks` is a pre-release), so it is [`VerifyError::UnsupportedAlgorithm`].
//!
//! The signature is checked over the TBSCertificate bytes exactly as they appear in the
//! certificate (RFC 5280 §4.1.1.3: "the DER encoded tbsCertificate"), never over a
//! re-encoding. Weak digests (MD5, SHA-1) still verify here, so a chain is known to be intact
//! while the weakness is reported separately ([`weak_digest`]).
//!
//! [`verify`] takes the `spki`/`der` types; [`verify_signature`] checks a [`ParsedCert`] with
//! an issuer's SubjectPublicKeyInfo (what [`ParsedCert::check_signed_by`] calls).

use crate::x509::cert::ParsedCert;
use ::der::asn1::{AnyRef, BitStringRef, ObjectIdentifier, UintRef};
use ::der::{Decode, DecodeValue, Encode, EncodeValue, Header, Length, Reader, Sequence, TagMode, TagNumber, Writer};
use sha2::digest::const_oid::AssociatedOid;
use sha2::digest::{Digest, FixedOutputReset};
use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};
use std::fmt;

/// Why a signature was not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// The signature does not verify with this key: the certificate was altered, another key
    /// signed it, the key cannot have made this kind of signature (an EC key for an RSA
    /// signature), or the signature value is not in the encoding OpenSSL requires (an ECDSA
    /// signature that is not DER).
    BadSignature,
    /// The signature algorithm (or its parameters) is not one this crate verifies
    /// (e.g. DSA, Ed448, PSS whose MGF1 hash differs from the message hash).
    UnsupportedAlgorithm { oid: String },
    /// The issuer's key is of a kind this crate does not verify with (e.g. secp256k1,
    /// brainpool, an explicit curve, X25519).
    UnsupportedKey { oid: String },
    /// The certificate or the key could not be decoded far enough to check the signature.
    Malformed { detail: &'static str },
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::BadSignature => f.write_str("the signature does not verify with the issuer's key"),
            VerifyError::UnsupportedAlgorithm { oid } => {
                write!(f, "signature algorithm {oid} is not supported for verification")
            }
            VerifyError::UnsupportedKey { oid } => write!(f, "issuer key type {oid} is not supported for verification"),
            VerifyError::Malformed { detail } => write!(f, "cannot check the signature: {detail}"),
        }
    }
}

impl std::error::Error for VerifyError {}

fn malformed(detail: &'static str) -> VerifyError {
    VerifyError::Malformed { detail }
}

/// The message digests that appear in certificate signatures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HashAlg {
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
    Sha3_224,
    Sha3_256,
    Sha3_384,
    Sha3_512,
}

const fn oid(dotted: &str) -> ObjectIdentifier {
    ObjectIdentifier::new_unwrap(dotted)
}

/// Hash AlgorithmIdentifier OIDs (RFC 8017 Appendix B.1, NIST CSOR for SHA-3).
const HASHES: [(ObjectIdentifier, HashAlg); 10] = [
    (oid("1.2.840.113549.2.5"), HashAlg::Md5),
    (oid("1.3.14.3.2.26"), HashAlg::Sha1),
    (oid("2.16.840.1.101.3.4.2.4"), HashAlg::Sha224),
    (oid("2.16.840.1.101.3.4.2.1"), HashAlg::Sha256),
    (oid("2.16.840.1.101.3.4.2.2"), HashAlg::Sha384),
    (oid("2.16.840.1.101.3.4.2.3"), HashAlg::Sha512),
    (oid("2.16.840.1.101.3.4.2.7"), HashAlg::Sha3_224),
    (oid("2.16.840.1.101.3.4.2.8"), HashAlg::Sha3_256),
    (oid("2.16.840.1.101.3.4.2.9"), HashAlg::Sha3_384),
    (oid("2.16.840.1.101.3.4.2.10"), HashAlg::Sha3_512),
];

/// Signature algorithm OIDs with a fixed digest: RSASSA-PKCS1-v1_5 (RFC 8017 Appendix A.2.4,
/// RFC 4055 §5, NIST CSOR `id-rsassa-pkcs1-v1_5-with-sha3-*`) and ECDSA (RFC 5758 §3.2,
/// RFC 3279 §2.2.3, NIST CSOR `id-ecdsa-with-sha3-*`).
const FIXED: [(ObjectIdentifier, SignatureAlgorithm); 20] = [
    (oid("1.2.840.113549.1.1.4"), SignatureAlgorithm::RsaPkcs1v15(HashAlg::Md5)),
    (oid("1.2.840.113549.1.1.5"), SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha1)),
    // sha1WithRSASignature (OIW), an old alias OpenSSL still accepts.
    (oid("1.3.14.3.2.29"), SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha1)),
    (oid("1.2.840.113549.1.1.14"), SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha224)),
    (oid("1.2.840.113549.1.1.11"), SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha256)),
    (oid("1.2.840.113549.1.1.12"), SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha384)),
    (oid("1.2.840.113549.1.1.13"), SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha512)),
    (oid("2.16.840.1.101.3.4.3.13"), SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha3_224)),
    (oid("2.16.840.1.101.3.4.3.14"), SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha3_256)),
    (oid("2.16.840.1.101.3.4.3.15"), SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha3_384)),
    (oid("2.16.840.1.101.3.4.3.16"), SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha3_512)),
    (oid("1.2.840.10045.4.1"), SignatureAlgorithm::Ecdsa(HashAlg::Sha1)),
    (oid("1.2.840.10045.4.3.1"), SignatureAlgorithm::Ecdsa(HashAlg::Sha224)),
    (oid("1.2.840.10045.4.3.2"), SignatureAlgorithm::Ecdsa(HashAlg::Sha256)),
    (oid("1.2.840.10045.4.3.3"), SignatureAlgorithm::Ecdsa(HashAlg::Sha384)),
    (oid("1.2.840.10045.4.3.4"), SignatureAlgorithm::Ecdsa(HashAlg::Sha512)),
    (oid("2.16.840.1.101.3.4.3.9"), SignatureAlgorithm::Ecdsa(HashAlg::Sha3_224)),
    (oid("2.16.840.1.101.3.4.3.10"), SignatureAlgorithm::Ecdsa(HashAlg::Sha3_256)),
    (oid("2.16.840.1.101.3.4.3.11"), SignatureAlgorithm::Ecdsa(HashAlg::Sha3_384)),
    (oid("2.16.840.1.101.3.4.3.12"), SignatureAlgorithm::Ecdsa(HashAlg::Sha3_512)),
];

const RSA_ENCRYPTION: ObjectIdentifier = oid("1.2.840.113549.1.1.1");
/// `id-RSASSA-PSS` (RFC 4055 §3.1): a signature algorithm and a key algorithm.
const RSASSA_PSS: ObjectIdentifier = oid("1.2.840.113549.1.1.10");
/// `id-mgf1` (RFC 8017 Appendix B.2.1).
const MGF1: ObjectIdentifier = oid("1.2.840.113549.1.1.8");
const EC_PUBLIC_KEY: ObjectIdentifier = oid("1.2.840.10045.2.1");
const P256: ObjectIdentifier = oid("1.2.840.10045.3.1.7");
const P384: ObjectIdentifier = oid("1.3.132.0.34");
const P521: ObjectIdentifier = oid("1.3.132.0.35");
/// `id-Ed25519` (RFC 8410 §3): both the key algorithm and the signature algorithm.
const ED25519: ObjectIdentifier = oid("1.3.101.112");
/// `id-Ed448` (RFC 8410 §3): both the key algorithm and the signature algorithm.
const ED448: ObjectIdentifier = oid("1.3.101.113");

impl HashAlg {
    /// The digest for a hash AlgorithmIdentifier OID (as used inside RSASSA-PSS parameters).
    fn from_oid(oid: &ObjectIdentifier) -> Option<Self> {
        HASHES.iter().find(|(o, _)| o == oid).map(|(_, h)| *h)
    }

    /// OpenSSL's name for the digest (`sha256`, `sha3-256`, as in `openssl x509 -req -sha256`).
    pub fn name(self) -> &'static str {
        match self {
            HashAlg::Md5 => "md5",
            HashAlg::Sha1 => "sha1",
            HashAlg::Sha224 => "sha224",
            HashAlg::Sha256 => "sha256",
            HashAlg::Sha384 => "sha384",
            HashAlg::Sha512 => "sha512",
            HashAlg::Sha3_224 => "sha3-224",
            HashAlg::Sha3_256 => "sha3-256",
            HashAlg::Sha3_384 => "sha3-384",
            HashAlg::Sha3_512 => "sha3-512",
        }
    }

    /// MD5 and SHA-1: collisions are practical; OpenSSL's default security level (2) refuses
    /// certificates signed with them ("CA signature digest algorithm too weak").
    pub fn is_weak(self) -> bool {
        matches!(self, HashAlg::Md5 | HashAlg::Sha1)
    }

    fn digest(self, msg: &[u8]) -> Vec<u8> {
        match self {
            HashAlg::Md5 => md5::Md5::digest(msg).to_vec(),
            HashAlg::Sha1 => sha1::Sha1::digest(msg).to_vec(),
            HashAlg::Sha224 => sha2::Sha224::digest(msg).to_vec(),
            HashAlg::Sha256 => sha2::Sha256::digest(msg).to_vec(),
            HashAlg::Sha384 => sha2::Sha384::digest(msg).to_vec(),
            HashAlg::Sha512 => sha2::Sha512::digest(msg).to_vec(),
            HashAlg::Sha3_224 => sha3::Sha3_224::digest(msg).to_vec(),
            HashAlg::Sha3_256 => sha3::Sha3_256::digest(msg).to_vec(),
            HashAlg::Sha3_384 => sha3::Sha3_384::digest(msg).to_vec(),
            HashAlg::Sha3_512 => sha3::Sha3_512::digest(msg).to_vec(),
        }
    }
}

/// A certificate signature algorithm this crate understands, with its parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureAlgorithm {
    /// `*WithRSAEncryption` (RFC 8017 §8.2, RSASSA-PKCS1-v1_5).
    RsaPkcs1v15(HashAlg),
    /// `id-RSASSA-PSS` (RFC 4055 §3.1) with MGF1 over the same hash and this salt length.
    RsaPss { hash: HashAlg, salt_len: usize },
    /// `ecdsa-with-*` (RFC 5758 §3.2, RFC 3279 §2.2.3).
    Ecdsa(HashAlg),
    /// `id-Ed25519` (RFC 8410 §3, RFC 8032 §5.1): PureEdDSA, SHA-512 inside the scheme.
    Ed25519,
    /// `id-Ed448` (RFC 8410 §3, RFC 8032 §5.2): recognised (names, weakness), never verified.
    Ed448,
}

impl SignatureAlgorithm {
    /// Classify a certificate's `signatureAlgorithm`.
    ///
    /// # Errors
    /// [`VerifyError::UnsupportedAlgorithm`] for anything else (DSA, MD2, PSS with a
    /// differing MGF1 hash or a trailer field other than 1); [`VerifyError::Malformed`] for
    /// undecodable PSS parameters and for Ed25519 or Ed448 with parameters (RFC 8410 §3: "the
    /// parameters MUST be absent"; OpenSSL refuses them too).
    pub fn from_identifier(alg: &AlgorithmIdentifierRef<'_>) -> Result<Self, VerifyError> {
        if alg.oid == RSASSA_PSS {
            return pss_parameters(alg.parameters, &alg.oid);
        }
        if alg.oid == ED25519 || alg.oid == ED448 {
            if alg.parameters.is_some() {
                return Err(malformed("EdDSA AlgorithmIdentifier with parameters"));
            }
            return Ok(if alg.oid == ED25519 { SignatureAlgorithm::Ed25519 } else { SignatureAlgorithm::Ed448 });
        }
        FIXED
            .iter()
            .find(|(o, _)| *o == alg.oid)
            .map(|(_, a)| *a)
            .ok_or_else(|| VerifyError::UnsupportedAlgorithm { oid: alg.oid.to_string() })
    }

    /// The digest the signature is computed over; `None` for Ed25519 and Ed448, which sign
    /// the message itself (their SHA-512 / SHAKE256 is part of the scheme, not a choice).
    pub fn hash(self) -> Option<HashAlg> {
        match self {
            SignatureAlgorithm::RsaPkcs1v15(h) | SignatureAlgorithm::Ecdsa(h) => Some(h),
            SignatureAlgorithm::RsaPss { hash, .. } => Some(hash),
            SignatureAlgorithm::Ed25519 | SignatureAlgorithm::Ed448 => None,
        }
    }

    #[cfg(test)]
    /// Whether the digest is MD5 or SHA-1 (see [`HashAlg::is_weak`]).
    pub fn is_weak(self) -> bool {
        self.hash().is_some_and(HashAlg::is_weak)
    }
}

/// The digest name of a weak (MD5, SHA-1, MD2, MD4) certificate signature, `None` when the
/// signature algorithm is not weak (or not known).
pub fn weak_digest(alg: &AlgorithmIdentifierRef<'_>) -> Option<&'static str> {
    match SignatureAlgorithm::from_identifier(alg) {
        Ok(sa) => sa.hash().filter(|h| h.is_weak()).map(HashAlg::name),
        // Weak digests this crate does not verify with: still weak.
        Err(_) => match alg.oid.to_string().as_str() {
            "1.2.840.113549.1.1.2" => Some("md2"), // md2WithRSAEncryption
            "1.2.840.113549.1.1.3" => Some("md4"), // md4WithRSAEncryption
            "1.2.840.10040.4.3" => Some("sha1"),   // dsa-with-sha1
            _ => None,
        },
    }
}

/// RFC 4055 §3.1 `RSASSA-PSS-params`:
///
/// ```text
/// RSASSA-PSS-params ::= SEQUENCE {
///     hashAlgorithm      [0] HashAlgorithm DEFAULT sha1,
///     maskGenAlgorithm   [1] MaskGenAlgorithm DEFAULT mgf1SHA1,
///     saltLength         [2] INTEGER DEFAULT 20,
///     trailerField       [3] TrailerField DEFAULT trailerFieldBC }
/// ```
///
/// Read with `der`'s context-specific fields: `pkcs1` 0.8's `RsaPssParams` was checked and
/// keeps the salt length in a `u8`, while `-sigopt rsa_pss_saltlen:max` on a 4096-bit key
/// gives 478. Only MGF1 over the message hash and trailer field 1 are supported (what
/// OpenSSL writes unless told otherwise; `rsa`'s PSS takes one digest for both).
fn pss_parameters(parameters: Option<AnyRef<'_>>, pss: &ObjectIdentifier) -> Result<SignatureAlgorithm, VerifyError> {
    let unsupported = || VerifyError::UnsupportedAlgorithm { oid: pss.to_string() };
    let bad = |_| malformed("undecodable RSASSA-PSS parameters");
    // Parameters are required in a certificate's signatureAlgorithm (RFC 4055 §3.1); an
    // empty SEQUENCE means all defaults (SHA-1, MGF1-SHA-1, salt 20).
    let params = parameters.ok_or(malformed("undecodable RSASSA-PSS parameters"))?;
    type Fields<'a> = (
        Option<AlgorithmIdentifierRef<'a>>,
        Option<AlgorithmIdentifierRef<'a>>,
        Option<u32>,
        Option<u32>,
    );
    let (hash, mgf, salt, trailer): Fields<'_> = params
        .sequence(|r| {
            let explicit = TagMode::Explicit;
            Ok::<_, ::der::Error>((
                r.context_specific(TagNumber(0), explicit)?,
                r.context_specific(TagNumber(1), explicit)?,
                r.context_specific(TagNumber(2), explicit)?,
                r.context_specific(TagNumber(3), explicit)?,
            ))
        })
        .map_err(bad)?;
    let hash = match hash {
        None => HashAlg::Sha1,
        Some(h) => HashAlg::from_oid(&h.oid).ok_or_else(unsupported)?,
    };
    let mgf_hash = match mgf {
        None => Some(HashAlg::Sha1),
        Some(m) if m.oid == MGF1 => m
            .parameters
            .and_then(|p| p.decode_as::<AlgorithmIdentifierRef<'_>>().ok())
            .and_then(|h| HashAlg::from_oid(&h.oid)),
        Some(_) => None,
    };
    if mgf_hash != Some(hash) || hash == HashAlg::Md5 || trailer.unwrap_or(1) != 1 {
        return Err(unsupported());
    }
    let salt_len = usize::try_from(salt.unwrap_or(20)).map_err(|_| malformed("RSASSA-PSS salt length too large"))?;
    Ok(SignatureAlgorithm::RsaPss { hash, salt_len })
}

/// Smallest and largest RSA moduli accepted for verification. Wider than the `rsa` crate's
/// defaults (1024..=8192) so an old 512-bit CA or a 16384-bit one still has its chain checked;
/// the key size itself is judged elsewhere. Exponents: 2 to 2^33 - 1 (the `rsa` crate's bound).
const RSA_BITS: core::ops::RangeInclusive<usize> = 512..=16384;

/// The curves ECDSA verifies on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Curve {
    P256,
    P384,
    P521,
}

/// A public key ready to verify with.
enum VerifyKey<'a> {
    Rsa(Box<rsa::PublicKey>),
    /// The curve and the SEC1 point, decoded when used.
    Ec(Curve, &'a [u8]),
    Ed25519(Box<ed25519_dalek::VerifyingKey>),
}

impl<'a> VerifyKey<'a> {
    fn from_spki(spki: &SubjectPublicKeyInfoRef<'a>) -> Result<Self, VerifyError> {
        let oid = spki.algorithm.oid;
        let key = spki
            .subject_public_key
            .as_bytes()
            .ok_or(malformed("the public key BIT STRING has unused bits"))?;
        if oid == RSA_ENCRYPTION || oid == RSASSA_PSS {
            let rsa = pkcs1::RsaPublicKeyRef::from_der(key).map_err(|_| malformed("undecodable RSA public key"))?;
            let n = rsa::BoxedUint::from_be_slice_vartime(rsa.modulus.as_bytes());
            let e = rsa::BoxedUint::from_be_slice_vartime(rsa.public_exponent.as_bytes());
            return rsa::PublicKey::new_with_size_limits(n, e, RSA_BITS)
                .map(|k| VerifyKey::Rsa(Box::new(k)))
                .map_err(|_| malformed("unusable RSA public key (size or exponent)"));
        }
        if oid == EC_PUBLIC_KEY {
            let curve = spki
                .algorithm
                .parameters
                .and_then(|p| p.decode_as::<ObjectIdentifier>().ok())
                .ok_or_else(|| VerifyError::UnsupportedKey {
                    oid: "explicit EC parameters".to_owned(),
                })?;
            let curve = match curve {
                c if c == P256 => Curve::P256,
                c if c == P384 => Curve::P384,
                c if c == P521 => Curve::P521,
                other => return Err(VerifyError::UnsupportedKey { oid: other.to_string() }),
            };
            return Ok(VerifyKey::Ec(curve, key));
        }
        if oid == ED25519 {
            // RFC 8410 §3: no parameters; the key is the 32-octet point encoding (§4).
            if spki.algorithm.parameters.is_some() {
                return Err(malformed("Ed25519 key AlgorithmIdentifier with parameters"));
            }
            let bytes = <&[u8; 32]>::try_from(key).map_err(|_| malformed("an Ed25519 public key is 32 octets"))?;
            return ed25519_dalek::VerifyingKey::from_bytes(bytes)
                .map(|k| VerifyKey::Ed25519(Box::new(k)))
                .map_err(|_| malformed("the Ed25519 public key is not a point on the curve"));
        }
        Err(VerifyError::UnsupportedKey { oid: oid.to_string() })
    }
}

/// Check a certificate signature: `signature` by the key in `issuer` over the TBSCertificate
/// octets `tbs`, with the certificate's outer `algorithm`.
///
/// The caller checks that `algorithm` equals the TBSCertificate's own `signature` field
/// (RFC 5280 §4.1.1.2), as OpenSSL requires; this function sees only the outer one.
///
/// # Errors
/// [`VerifyError::BadSignature`] when the signature does not verify (including a key of the
/// wrong family for the algorithm, and an ECDSA signature that is not strict DER);
/// [`VerifyError::UnsupportedAlgorithm`] / [`VerifyError::UnsupportedKey`] when it cannot be
/// checked here (Ed448 among them); [`VerifyError::Malformed`] when the algorithm parameters,
/// the signature BIT STRING or the key cannot be decoded far enough.
pub fn verify(
    tbs: &[u8],
    algorithm: &AlgorithmIdentifierRef<'_>,
    signature: BitStringRef<'_>,
    issuer: &SubjectPublicKeyInfoRef<'_>,
) -> Result<(), VerifyError> {
    let alg = SignatureAlgorithm::from_identifier(algorithm)?;
    // A key of the wrong family cannot have made the signature, whatever its curve or size.
    let key_oid = issuer.algorithm.oid;
    let family_matches = match alg {
        SignatureAlgorithm::RsaPkcs1v15(_) | SignatureAlgorithm::RsaPss { .. } => {
            key_oid == RSA_ENCRYPTION || key_oid == RSASSA_PSS
        }
        SignatureAlgorithm::Ecdsa(_) => key_oid == EC_PUBLIC_KEY,
        SignatureAlgorithm::Ed25519 => key_oid == ED25519,
        SignatureAlgorithm::Ed448 => key_oid == ED448,
    };
    if !family_matches {
        return Err(VerifyError::BadSignature);
    }
    if alg == SignatureAlgorithm::Ed448 {
        return Err(VerifyError::UnsupportedAlgorithm { oid: ED448.to_string() });
    }
    let key = VerifyKey::from_spki(issuer)?;
    let sig = signature
        .as_bytes()
        .ok_or(malformed("the signature BIT STRING has unused bits"))?;
    let digest = alg.hash().map(|h| h.digest(tbs)).unwrap_or_default();
    let ok = match (alg, &key) {
        (SignatureAlgorithm::RsaPkcs1v15(_) | SignatureAlgorithm::RsaPss { .. }, VerifyKey::Rsa(k)) => {
            verify_rsa(k, alg, &digest, sig)
        }
        (SignatureAlgorithm::Ecdsa(_), VerifyKey::Ec(curve, point)) => verify_ecdsa(*curve, point, &digest, sig)?,
        // PureEdDSA over the TBSCertificate octets (RFC 8410 §6).
        (SignatureAlgorithm::Ed25519, VerifyKey::Ed25519(k)) => verify_ed25519(k, tbs, sig),
        // Excluded by the family check above; kept total.
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(VerifyError::BadSignature)
    }
}

/// RSASSA-PKCS1-v1_5 (RFC 8017 §8.2.2) or RSASSA-PSS (§8.1.2, MGF1 over the message hash, the
/// salt length from the parameters, exactly) over a precomputed digest. The signature must
/// be exactly `k` octets (§8.2.2 / §8.1.2 step 1), which `rsa` enforces.
fn verify_rsa(key: &rsa::PublicKey, alg: SignatureAlgorithm, digest: &[u8], sig: &[u8]) -> bool {
    fn pkcs1<D: Digest + AssociatedOid>(key: &rsa::PublicKey, digest: &[u8], sig: &[u8]) -> bool {
        key.verify(rsa::Pkcs1v15Sign::new::<D>(), digest, sig).is_ok()
    }
    fn pss<D: Digest + FixedOutputReset>(key: &rsa::PublicKey, salt: usize, digest: &[u8], sig: &[u8]) -> bool {
        key.verify(rsa::Pss::<D>::new_with_salt(salt), digest, sig).is_ok()
    }
    match alg {
        SignatureAlgorithm::RsaPkcs1v15(h) => match h {
            HashAlg::Md5 => pkcs1::<md5::Md5>(key, digest, sig),
            HashAlg::Sha1 => pkcs1::<sha1::Sha1>(key, digest, sig),
            HashAlg::Sha224 => pkcs1::<sha2::Sha224>(key, digest, sig),
            HashAlg::Sha256 => pkcs1::<sha2::Sha256>(key, digest, sig),
            HashAlg::Sha384 => pkcs1::<sha2::Sha384>(key, digest, sig),
            HashAlg::Sha512 => pkcs1::<sha2::Sha512>(key, digest, sig),
            HashAlg::Sha3_224 => pkcs1::<sha3::Sha3_224>(key, digest, sig),
            HashAlg::Sha3_256 => pkcs1::<sha3::Sha3_256>(key, digest, sig),
            HashAlg::Sha3_384 => pkcs1::<sha3::Sha3_384>(key, digest, sig),
            HashAlg::Sha3_512 => pkcs1::<sha3::Sha3_512>(key, digest, sig),
        },
        SignatureAlgorithm::RsaPss { hash, salt_len: s } => match hash {
            // Refused by `pss_parameters`.
            HashAlg::Md5 => false,
            HashAlg::Sha1 => pss::<sha1::Sha1>(key, s, digest, sig),
            HashAlg::Sha224 => pss::<sha2::Sha224>(key, s, digest, sig),
            HashAlg::Sha256 => pss::<sha2::Sha256>(key, s, digest, sig),
            HashAlg::Sha384 => pss::<sha2::Sha384>(key, s, digest, sig),
            HashAlg::Sha512 => pss::<sha2::Sha512>(key, s, digest, sig),
            HashAlg::Sha3_224 => pss::<sha3::Sha3_224>(key, s, digest, sig),
            HashAlg::Sha3_256 => pss::<sha3::Sha3_256>(key, s, digest, sig),
            HashAlg::Sha3_384 => pss::<sha3::Sha3_384>(key, s, digest, sig),
            HashAlg::Sha3_512 => pss::<sha3::Sha3_512>(key, s, digest, sig),
        },
        _ => false,
    }
}

/// `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` (RFC 3279 §2.2.3), on `der`.
/// (`ecdsa` 0.17 has the same structure privately; its `Signature::from_der` would do the
/// decoding, but OpenSSL's rule below needs the re-encoding too.)
struct EcdsaSigValue<'a> {
    r: UintRef<'a>,
    s: UintRef<'a>,
}

impl<'a> DecodeValue<'a> for EcdsaSigValue<'a> {
    type Error = ::der::Error;

    fn decode_value<R: Reader<'a>>(reader: &mut R, _header: Header) -> ::der::Result<Self> {
        Ok(Self {
            r: UintRef::decode(reader)?,
            s: UintRef::decode(reader)?,
        })
    }
}

impl EncodeValue for EcdsaSigValue<'_> {
    fn value_len(&self) -> ::der::Result<Length> {
        self.r.encoded_len()? + self.s.encoded_len()?
    }

    fn encode_value(&self, writer: &mut impl Writer) -> ::der::Result<()> {
        self.r.encode(writer)?;
        self.s.encode(writer)
    }
}

impl<'a> Sequence<'a> for EcdsaSigValue<'a> {}

/// `r` and `s` of a strict-DER ECDSA signature. OpenSSL decodes the ECDSA-Sig-Value,
/// re-encodes it and refuses any difference (`ossl_ecdsa_verify`: "Ensure signature uses DER
/// and doesn't have trailing garbage"): non-minimal or long-form lengths, zero-padded integers
/// and trailing octets all fail, so they fail here too (issue 11, defect 1).
fn strict_der_r_s(sig: &[u8]) -> Option<(&[u8], &[u8])> {
    let value = EcdsaSigValue::from_der(sig).ok()?;
    // P-521: two 67-octet INTEGERs (a leading zero each) under a 3-octet header: 142 octets.
    let mut buf = [0u8; 160];
    let again = value.encode_to_slice(&mut buf).ok()?;
    (again == sig).then(|| (value.r.as_bytes(), value.s.as_bytes()))
}

/// ECDSA over a precomputed digest, truncated to the order's length (FIPS 186-5 §6.4.2; the
/// `ecdsa` prehash verifier does it), on any of the three curves whatever the digest (as
/// OpenSSL allows). `Ok(false)` for a signature that does not verify; an undecodable point is
/// [`VerifyError::Malformed`].
fn verify_ecdsa(curve: Curve, point: &[u8], digest: &[u8], sig: &[u8]) -> Result<bool, VerifyError> {
    let r_s = strict_der_r_s(sig);
    let not_a_point = || malformed("the EC public key is not a point on its curve");
    macro_rules! verify_on {
        ($curve:ident) => {{
            use $curve::ecdsa::signature::hazmat::PrehashVerifier;
            let key = $curve::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(|_| not_a_point())?;
            // r and s as fixed-size field octets: longer ones cannot be scalars.
            let field = |v: &[u8]| {
                let mut bytes = $curve::FieldBytes::default();
                let start = bytes.len().checked_sub(v.len())?;
                bytes.get_mut(start..)?.copy_from_slice(v);
                Some(bytes)
            };
            let Some((r, s)) = r_s.and_then(|(r, s)| Some((field(r)?, field(s)?))) else {
                return Ok(false);
            };
            // `from_scalars` refuses 0 and values >= n.
            Ok($curve::ecdsa::Signature::from_scalars(r, s).is_ok_and(|sig| key.verify_prehash(digest, &sig).is_ok()))
        }};
    }
    match curve {
        Curve::P256 => verify_on!(p256),
        Curve::P384 => verify_on!(p384),
        Curve::P521 => verify_on!(p521),
    }
}

/// Ed25519 (RFC 8032 §5.1.7) as OpenSSL checks it: S below L, R compared by its encoding with
/// `[S]B - [k]A` (cofactorless), the key's octets as given hashed into k. `ed25519-dalek`'s
/// `verify` (not `verify_strict`, which also refuses small-order keys and R) is that check.
fn verify_ed25519(key: &ed25519_dalek::VerifyingKey, msg: &[u8], sig: &[u8]) -> bool {
    use ed25519_dalek::Verifier;
    ed25519_dalek::Signature::from_slice(sig).is_ok_and(|s| key.verify(msg, &s).is_ok())
}

// ---- Certificates ------------------------------------------------------------------------

#[cfg(test)]
/// The raw DER of the TBSCertificate inside a certificate's DER: the first element of the
/// outer SEQUENCE, sliced out as it is (header included). [`ParsedCert::tbs_raw`] gives the
/// same for a parsed certificate.
///
/// # Errors
/// [`VerifyError::Malformed`] when the DER is not a SEQUENCE holding a TLV.
pub fn tbs_bytes(cert_der: &[u8]) -> Result<&[u8], VerifyError> {
    let malformed = malformed("the certificate DER has no TBSCertificate");
    let mut reader = ::der::SliceReader::new(cert_der).map_err(|_| malformed.clone())?;
    let outer = Header::decode(&mut reader).map_err(|_| malformed.clone())?;
    if outer.tag() != ::der::Tag::Sequence {
        return Err(malformed);
    }
    reader.tlv_bytes().map_err(|_| malformed)
}

/// Check `cert`'s signature with `issuer`'s SubjectPublicKeyInfo: [`verify`], after checking that the outer `signatureAlgorithm` equals the
/// TBSCertificate's `signature` field (RFC 5280 §4.1.1.2), as OpenSSL requires. Adapter.
///
/// # Errors
/// As [`verify`]; different outer and inner algorithms are [`VerifyError::BadSignature`].
pub fn verify_signature(cert: &ParsedCert, issuer: &SubjectPublicKeyInfoRef<'_>) -> Result<(), VerifyError> {
    if cert.signature_algorithm_raw() != cert.tbs_signature_algorithm_raw() {
        return Err(VerifyError::BadSignature);
    }
    verify(cert.tbs_raw(), &cert.signature_algorithm(), cert.signature_bits(), issuer)
}

#[cfg(test)]
/// Whether `cert`'s signature verifies with `issuer` (unsupported algorithms and keys count
/// as "no").
pub fn signed_by(cert: &ParsedCert, issuer: &SubjectPublicKeyInfoRef<'_>) -> bool {
    verify_signature(cert, issuer).is_ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;
    use crate::hex::unhex;

    const PSS_OID: &str = "1.2.840.113549.1.1.10";
    const SHA256_AI: [u8; 15] = [
        0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
    ];
    const SHA1_AI: [u8; 11] = [0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00];
    const SHA3_256_AI: [u8; 13] = [0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x08];
    const MGF1_OID: [u8; 11] = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08];

    fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
        let mut v = vec![tag, u8::try_from(body.len()).unwrap()];
        v.extend_from_slice(body);
        v
    }

    fn pss(params: Option<Vec<u8>>) -> Result<SignatureAlgorithm, VerifyError> {
        let parameters = params.as_deref().map(|p| AnyRef::try_from(p).unwrap());
        SignatureAlgorithm::from_identifier(&AlgorithmIdentifierRef { oid: oid(PSS_OID), parameters })
    }

    fn mgf1(hash_ai: &[u8]) -> Vec<u8> {
        tlv(0xa1, &tlv(0x30, &[&MGF1_OID[..], hash_ai].concat()))
    }

    #[test]
    fn pss_parameters_with_defaults_and_explicit_values() {
        // Empty SEQUENCE: SHA-1, MGF1-SHA-1, salt 20.
        assert_eq!(
            pss(Some(vec![0x30, 0x00])),
            Ok(SignatureAlgorithm::RsaPss {
                hash: HashAlg::Sha1,
                salt_len: 20
            })
        );
        let sha256 = [tlv(0xa0, &SHA256_AI), mgf1(&SHA256_AI)].concat();
        assert_eq!(
            pss(Some(tlv(0x30, &[sha256.clone(), tlv(0xa2, &[0x02, 0x01, 0x20])].concat()))),
            Ok(SignatureAlgorithm::RsaPss {
                hash: HashAlg::Sha256,
                salt_len: 32
            })
        );
        // Salt lengths above 255 (saltlen:max on a 4096-bit key).
        assert_eq!(
            pss(Some(tlv(0x30, &[sha256.clone(), tlv(0xa2, &[0x02, 0x02, 0x01, 0xde])].concat()))),
            Ok(SignatureAlgorithm::RsaPss {
                hash: HashAlg::Sha256,
                salt_len: 478
            })
        );
        // SHA3-256 for both (hash parameters absent, as NIST CSOR's SHA-3 identifiers are).
        let sha3 = [tlv(0xa0, &SHA3_256_AI), mgf1(&SHA3_256_AI)].concat();
        assert_eq!(
            pss(Some(tlv(0x30, &[sha3, tlv(0xa2, &[0x02, 0x01, 0x20])].concat()))),
            Ok(SignatureAlgorithm::RsaPss {
                hash: HashAlg::Sha3_256,
                salt_len: 32
            })
        );
        // Explicit trailer field 1 is fine.
        assert!(pss(Some(tlv(0x30, &[sha256, tlv(0xa3, &[0x02, 0x01, 0x01])].concat()))).is_ok());
    }

    #[test]
    fn pss_parameters_unsupported_or_malformed() {
        let unsupported =
            |r: Result<SignatureAlgorithm, VerifyError>| matches!(r, Err(VerifyError::UnsupportedAlgorithm { .. }));
        let malformed = |r: Result<SignatureAlgorithm, VerifyError>| matches!(r, Err(VerifyError::Malformed { .. }));
        // MGF1 over another hash than the message hash.
        assert!(unsupported(pss(Some(tlv(0x30, &[tlv(0xa0, &SHA256_AI), mgf1(&SHA1_AI)].concat())))));
        // MGF1 with the message hash but an unknown mask generation function.
        let other_mgf = tlv(0xa1, &tlv(0x30, &[&[0x06, 0x03, 0x2a, 0x03, 0x04][..], &SHA256_AI].concat()));
        assert!(unsupported(pss(Some(tlv(0x30, &[tlv(0xa0, &SHA256_AI), other_mgf].concat())))));
        // Trailer field other than 1.
        assert!(unsupported(pss(Some(tlv(0x30, &tlv(0xa3, &[0x02, 0x01, 0x02]))))));
        // MD5 is not a PSS hash here.
        let md5_ai = [
            0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05, 0x05, 0x00,
        ];
        assert!(unsupported(pss(Some(tlv(0x30, &[tlv(0xa0, &md5_ai), mgf1(&md5_ai)].concat())))));
        // Absent parameters, not a SEQUENCE, junk inside, negative or huge salt.
        assert!(malformed(pss(None)));
        assert!(malformed(pss(Some(vec![0x04, 0x00]))));
        assert!(malformed(pss(Some(vec![0x30, 0x02, 0x05, 0x00]))));
        assert!(malformed(pss(Some(tlv(0x30, &tlv(0xa2, &[0x02, 0x01, 0xff]))))));
        assert!(malformed(pss(Some(tlv(0x30, &tlv(0xa2, &[0x02, 0x05, 0x01, 0, 0, 0, 0]))))));
    }

    fn hash(h: &str) -> HashAlg {
        match h {
            "md5" => HashAlg::Md5,
            "sha1" => HashAlg::Sha1,
            "sha224" => HashAlg::Sha224,
            "sha256" => HashAlg::Sha256,
            "sha384" => HashAlg::Sha384,
            "sha512" => HashAlg::Sha512,
            _ => panic!("{h}"),
        }
    }

    /// tests/data/rsa/rsa.txt: PKCS#1 v1.5 and PSS signatures and damaged variants, with the
    /// verdict of Python `cryptography` (see tests/data/rsa/make.py), through `rsa`.
    #[test]
    fn rsa_matches_cryptography() {
        let text = include_str!("../../tests/data/rsa/rsa.txt");
        let (mut rows, mut valid) = (0, 0);
        for line in text.lines() {
            let f: Vec<&str> = line.split(' ').collect();
            let [scheme, h, salt, n, e, digest, sig, ok, openssl] = f[..] else {
                panic!("bad row")
            };
            let pad = |s: &str| if s.len() % 2 == 1 { format!("0{s}") } else { s.to_owned() };
            let n = unhex(&pad(n));
            let key = rsa::PublicKey::new_with_size_limits(
                rsa::BoxedUint::from_be_slice_vartime(&n),
                rsa::BoxedUint::from_be_slice_vartime(&unhex(&pad(e))),
                RSA_BITS,
            )
            .unwrap();
            let alg = match scheme {
                "pkcs1" => SignatureAlgorithm::RsaPkcs1v15(hash(h)),
                _ => SignatureAlgorithm::RsaPss {
                    hash: hash(h),
                    salt_len: salt.parse().unwrap(),
                },
            };
            let (digest, sig) = (unhex(digest), unhex(sig));
            assert_eq!(verify_rsa(&key, alg, &digest, &sig), ok == "1", "{line}");
            // OpenSSL only differs on signatures that are not k octets long.
            let k = n.iter().skip_while(|b| **b == 0).count();
            assert!(ok == openssl || sig.len() != k, "{line}");
            rows += 1;
            valid += usize::from(ok == "1");
        }
        assert_eq!((rows, valid), (588, 103));
    }

    fn curve(name: &str) -> Curve {
        match name {
            "P256" => Curve::P256,
            "P384" => Curve::P384,
            "P521" => Curve::P521,
            _ => panic!("unknown curve {name}"),
        }
    }

    /// tests/data/ec/ecdsa.txt: ECDSA over SHA-1/SHA-2 digests on each curve (shorter and
    /// longer than the order), keys compressed and uncompressed, damaged variants
    /// (`(r, n-s)` valid; `(s, r)`, `r+n`, `s+n`, a flipped bit, a trailing octet invalid),
    /// with Python `cryptography`'s verdict, through the prehash verifiers.
    #[test]
    fn ecdsa_matches_cryptography() {
        let text = include_str!("../../tests/data/ec/ecdsa.txt");
        let (mut rows, mut valid) = (0, 0);
        for line in text.lines() {
            let f: Vec<&str> = line.split(' ').collect();
            let [c, _h, public, digest, sig, ok] = f[..] else {
                panic!("bad row")
            };
            let got = verify_ecdsa(curve(c), &unhex(public), &unhex(digest), &unhex(sig));
            assert_eq!(got, Ok(ok == "1"), "{line}");
            rows += 1;
            valid += usize::from(ok == "1");
        }
        assert_eq!((rows, valid), (240, 60));
    }

    #[test]
    fn ecdsa_keys_that_are_no_points() {
        // The P-256 generator, then damaged: off the curve, another curve's length, empty.
        let g = unhex(
            "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
        );
        let sig = [0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01];
        assert_eq!(verify_ecdsa(Curve::P256, &g, &[0; 32], &sig), Ok(false));
        let mut off = g.clone();
        *off.last_mut().unwrap() ^= 0x02;
        for key in [&off[..], &g[..33], &[][..], &[0x04][..]] {
            assert!(matches!(
                verify_ecdsa(Curve::P256, key, &[0; 32], &sig),
                Err(VerifyError::Malformed { .. })
            ));
        }
        assert!(matches!(verify_ecdsa(Curve::P384, &g, &[0; 32], &sig), Err(VerifyError::Malformed { .. })));
    }

    #[test]
    fn strict_der_is_what_openssl_re_encodes() {
        let ok = [0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x7f];
        assert_eq!(strict_der_r_s(&ok), Some((&[1u8][..], &[0x7fu8][..])));
        // A high bit needs its zero octet, which is then no padding.
        let high = [0x30, 0x07, 0x02, 0x02, 0x00, 0x80, 0x02, 0x01, 0x01];
        assert_eq!(strict_der_r_s(&high), Some((&[0x80u8][..], &[1u8][..])));
        for bad in [
            &[0x30, 0x81, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x7f][..], // long-form SEQUENCE length
            &[0x30, 0x82, 0x00, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x7f],
            &[0x30, 0x07, 0x02, 0x81, 0x01, 0x01, 0x02, 0x01, 0x7f], // long-form INTEGER length
            &[0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x7f], // zero-padded r
            &[0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x00, 0x7f], // zero-padded s
            &[0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x7f, 0x00], // trailing octet
            &[0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x01, 0x7f, 0x00], // trailing inside
            &[0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x7f],       // negative r
            &[0x30, 0x80, 0x02, 0x01, 0x01, 0x02, 0x01, 0x7f, 0x00, 0x00], // indefinite (BER)
            &[0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x7f],       // SET
            &[],
        ] {
            assert_eq!(strict_der_r_s(bad), None, "{bad:02x?}");
        }
    }

    /// tests/data/ed25519/ed25519.txt: RFC 8032 vectors, random keys and messages, damaged
    /// signatures, small-order and mixed-order keys and R, non-canonical encodings, with the
    /// verdict of Python `cryptography` and `openssl pkeyutl` (see its README): R compared by
    /// encoding with `[S]B - [k]A`, S below L, the key read leniently.
    #[test]
    fn ed25519_matches_cryptography_and_openssl() {
        let text = include_str!("../../tests/data/ed25519/ed25519.txt");
        let (mut rows, mut valid, mut undecodable, mut small_undecodable) = (0, 0, 0, 0);
        for line in text.lines() {
            let f: Vec<&str> = line.split(' ').collect();
            let [label, public, message, signature, ok] = f[..] else {
                panic!("bad row {line}")
            };
            let message = if message == "-" { vec![] } else { unhex(message) };
            let public: [u8; 32] = unhex(public).try_into().unwrap();
            let got = match ed25519_dalek::VerifyingKey::from_bytes(&public) {
                Ok(key) => verify_ed25519(&key, &message, &unhex(signature)),
                Err(_) => {
                    undecodable += 1;
                    small_undecodable += usize::from(label.starts_with("small-A-"));
                    false
                }
            };
            assert_eq!(got, ok == "1", "{label}");
            rows += 1;
            valid += usize::from(ok == "1");
        }
        assert_eq!((rows, valid), (367, 35));
        // Among the small-y keys, the y (mod p) with no point are 2, 7, 8, 11, 12, 13 and 17
        // (make.py's recover_x), each as y and y + p, with either sign bit, two messages.
        assert_eq!(small_undecodable, 7 * 2 * 2 * 2);
        assert!(undecodable > small_undecodable);
    }

    fn alg(dotted: &str) -> AlgorithmIdentifierRef<'static> {
        AlgorithmIdentifierRef {
            oid: oid(dotted),
            parameters: None,
        }
    }

    #[test]
    fn other_algorithms() {
        let from = |o: &str| SignatureAlgorithm::from_identifier(&alg(o));
        assert_eq!(from("1.2.840.10045.4.3.1"), Ok(SignatureAlgorithm::Ecdsa(HashAlg::Sha224)));
        assert_eq!(from("1.2.840.113549.1.1.14"), Ok(SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha224)));
        assert_eq!(from("2.16.840.1.101.3.4.3.10"), Ok(SignatureAlgorithm::Ecdsa(HashAlg::Sha3_256)));
        assert_eq!(from("2.16.840.1.101.3.4.3.16"), Ok(SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha3_512)));
        assert_eq!(from("1.3.101.112"), Ok(SignatureAlgorithm::Ed25519));
        assert_eq!(SignatureAlgorithm::Ed25519.hash(), None);
        assert!(!SignatureAlgorithm::Ed25519.is_weak());
        assert_eq!(weak_digest(&alg("1.3.101.112")), None);
        assert_eq!(from("1.3.101.113"), Ok(SignatureAlgorithm::Ed448));
        assert_eq!(SignatureAlgorithm::Ed448.hash(), None);
        assert_eq!(weak_digest(&alg("1.3.101.113")), None);
        assert!(!SignatureAlgorithm::Ecdsa(HashAlg::Sha3_224).is_weak());
        // RFC 8410 §3: parameters MUST be absent (a NULL is refused, as by OpenSSL).
        let null = AnyRef::try_from(&[0x05, 0x00][..]).unwrap();
        for o in ["1.3.101.112", "1.3.101.113"] {
            let with_null = AlgorithmIdentifierRef {
                oid: oid(o),
                parameters: Some(null),
            };
            assert!(matches!(
                SignatureAlgorithm::from_identifier(&with_null),
                Err(VerifyError::Malformed { .. })
            ));
        }
        // X25519 / X448 are key-agreement keys, never signature algorithms; DSA and MD2 are
        // not verified here.
        for o in ["1.3.101.110", "1.3.101.111", "1.2.840.10040.4.3", "1.2.840.113549.1.1.2"] {
            assert_eq!(from(o), Err(VerifyError::UnsupportedAlgorithm { oid: o.to_owned() }));
        }
        assert_eq!(weak_digest(&alg("1.2.840.113549.1.1.2")), Some("md2"));
        assert_eq!(weak_digest(&alg("1.2.840.113549.1.1.3")), Some("md4"));
        assert_eq!(weak_digest(&alg("1.2.840.10040.4.3")), Some("sha1"));
        assert_eq!(weak_digest(&alg("1.2.840.113549.1.1.4")), Some("md5"));
        assert_eq!(weak_digest(&alg("1.2.840.10045.4.1")), Some("sha1"));
        assert_eq!(weak_digest(&alg("1.2.840.10045.4.3.2")), None);
        assert_eq!(weak_digest(&alg("2.16.840.1.101.3.4.3.14")), None);
        assert!(HashAlg::Md5.is_weak() && HashAlg::Sha1.is_weak() && !HashAlg::Sha224.is_weak());
        assert_eq!(HashAlg::Sha3_384.name(), "sha3-384");
        // Every table entry round-trips through its OID.
        for (o, h) in HASHES {
            assert_eq!(HashAlg::from_oid(&o), Some(h));
        }
    }

    #[test]
    fn identifiers_and_weak_digests() {
        let ecdsa_sha256 = AlgorithmIdentifierRef { oid: ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2"), parameters: None };
        assert_eq!(SignatureAlgorithm::from_identifier(&ecdsa_sha256), Ok(SignatureAlgorithm::Ecdsa(HashAlg::Sha256)));
        let sha1_rsa = AlgorithmIdentifierRef {
            oid: ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.5"),
            parameters: Some(AnyRef::NULL),
        };
        assert_eq!(weak_digest(&sha1_rsa), Some("sha1"));
        assert_eq!(weak_digest(&ecdsa_sha256), None);
    }
}
