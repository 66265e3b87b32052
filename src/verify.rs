//! Signature verification of one certificate by a public key: RSA PKCS#1 v1.5 (MD5, SHA-1,
//! SHA-2), RSASSA-PSS with the parameters from the AlgorithmIdentifier, ECDSA on P-256,
//! P-384 and P-521 with any of SHA-1/SHA-2 (as OpenSSL allows any curve with any hash),
//! Ed25519 and Ed448 (RFC 8410, over the TBSCertificate itself: PureEdDSA has no separate
//! digest).
//!
//! The signature is checked over the TBSCertificate bytes exactly as they appear in
//! [`ParsedCert::tbs_raw`] (RFC 5280 §4.1.1.3: "the DER encoded tbsCertificate"), never over a
//! re-encoding. Weak digests (MD5, SHA-1) still verify here, so a chain is known to be intact
//! while the weakness is reported separately ([`SignatureAlgorithm::is_weak`]).

use crate::bigint::{Monty, Uint};
use crate::cert::ParsedCert;
use crate::ec;
use crate::der::{self, tag, Oid, Reader, Spki, Tlv};
use crate::ed25519;
use crate::ed448;
use sha2::Digest;
use std::fmt;

/// Why a signature was not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// The signature does not verify with this key: the certificate was altered, another key
    /// signed it, or the key cannot have made this kind of signature (an EC key for an RSA
    /// signature).
    BadSignature,
    /// The signature algorithm (or its parameters) is not one this crate verifies
    /// (e.g. DSA, PSS whose MGF1 hash differs from the message hash).
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

/// The message digests that appear in certificate signatures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HashAlg {
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl HashAlg {
    /// The digest for a hash AlgorithmIdentifier OID (as used inside RSASSA-PSS parameters).
    fn from_oid(oid: &str) -> Option<Self> {
        Some(match oid {
            "1.2.840.113549.2.5" => HashAlg::Md5,
            "1.3.14.3.2.26" => HashAlg::Sha1,
            "2.16.840.1.101.3.4.2.4" => HashAlg::Sha224,
            "2.16.840.1.101.3.4.2.1" => HashAlg::Sha256,
            "2.16.840.1.101.3.4.2.2" => HashAlg::Sha384,
            "2.16.840.1.101.3.4.2.3" => HashAlg::Sha512,
            _ => return None,
        })
    }

    /// OpenSSL's name for the digest (`sha256`, as in `openssl x509 -req -sha256`).
    pub fn name(self) -> &'static str {
        match self {
            HashAlg::Md5 => "md5",
            HashAlg::Sha1 => "sha1",
            HashAlg::Sha224 => "sha224",
            HashAlg::Sha256 => "sha256",
            HashAlg::Sha384 => "sha384",
            HashAlg::Sha512 => "sha512",
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
        }
    }

    /// The DER `DigestInfo` before the digest in EMSA-PKCS1-v1_5 (RFC 8017 §9.2, note 1):
    /// `SEQUENCE { SEQUENCE { OID, NULL }, OCTET STRING (hLen) }` headers.
    fn digest_info_prefix(self) -> &'static [u8] {
        match self {
            HashAlg::Md5 => &[
                0x30, 0x20, 0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05, 0x05, 0x00, 0x04,
                0x10,
            ],
            HashAlg::Sha1 => &[
                0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14,
            ],
            HashAlg::Sha224 => &[
                0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04, 0x05, 0x00,
                0x04, 0x1c,
            ],
            HashAlg::Sha256 => &[
                0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
                0x04, 0x20,
            ],
            HashAlg::Sha384 => &[
                0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00,
                0x04, 0x30,
            ],
            HashAlg::Sha512 => &[
                0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00,
                0x04, 0x40,
            ],
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
    /// `id-Ed448` (RFC 8410 §3, RFC 8032 §5.2): PureEdDSA with an empty context, SHAKE256
    /// inside the scheme.
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
    pub fn from_identifier(alg: (Oid<'_>, Option<Tlv<'_>>)) -> Result<Self, VerifyError> {
        let (oid, parameters) = alg;
        let oid = oid.to_string();
        let unsupported = || VerifyError::UnsupportedAlgorithm { oid: oid.clone() };
        Ok(match oid.as_str() {
            "1.2.840.113549.1.1.4" => SignatureAlgorithm::RsaPkcs1v15(HashAlg::Md5),
            "1.2.840.113549.1.1.5" | "1.3.14.3.2.29" => SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha1),
            "1.2.840.113549.1.1.14" => SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha224),
            "1.2.840.113549.1.1.11" => SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha256),
            "1.2.840.113549.1.1.12" => SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha384),
            "1.2.840.113549.1.1.13" => SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha512),
            "1.2.840.10045.4.1" => SignatureAlgorithm::Ecdsa(HashAlg::Sha1),
            "1.2.840.10045.4.3.1" => SignatureAlgorithm::Ecdsa(HashAlg::Sha224),
            "1.2.840.10045.4.3.2" => SignatureAlgorithm::Ecdsa(HashAlg::Sha256),
            "1.2.840.10045.4.3.3" => SignatureAlgorithm::Ecdsa(HashAlg::Sha384),
            "1.2.840.10045.4.3.4" => SignatureAlgorithm::Ecdsa(HashAlg::Sha512),
            "1.2.840.113549.1.1.10" => pss_parameters(parameters, &oid)?,
            ED25519 if parameters.is_some() => {
                return Err(VerifyError::Malformed {
                    detail: "Ed25519 AlgorithmIdentifier with parameters",
                })
            }
            ED25519 => SignatureAlgorithm::Ed25519,
            ED448 if parameters.is_some() => {
                return Err(VerifyError::Malformed {
                    detail: "Ed448 AlgorithmIdentifier with parameters",
                })
            }
            ED448 => SignatureAlgorithm::Ed448,
            _ => return Err(unsupported()),
        })
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

    /// Whether the digest is MD5 or SHA-1 (see [`HashAlg::is_weak`]).
    pub fn is_weak(self) -> bool {
        self.hash().is_some_and(HashAlg::is_weak)
    }
}

/// Weak signature digests that this crate cannot even verify with (MD2, MD4): still weak.
fn weak_unverifiable(oid: &str) -> bool {
    matches!(
        oid,
        "1.2.840.113549.1.1.2" // md2WithRSAEncryption
            | "1.2.840.113549.1.1.3" // md4WithRSAEncryption
            | "1.2.840.10040.4.3" // dsa-with-sha1
    )
}

/// The digest name of a weak (MD5, SHA-1, MD2, MD4) certificate signature, `None` when the
/// signature algorithm is not weak (or not known).
pub fn weak_digest(alg: (Oid<'_>, Option<Tlv<'_>>)) -> Option<&'static str> {
    match SignatureAlgorithm::from_identifier(alg) {
        Ok(sa) => sa.hash().filter(|h| h.is_weak()).map(HashAlg::name),
        Err(_) => match alg.0.to_string().as_str() {
            "1.2.840.113549.1.1.2" => Some("md2"),
            "1.2.840.113549.1.1.3" => Some("md4"),
            o if weak_unverifiable(o) => Some("sha1"),
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
/// Only MGF1 over the message hash and trailer field 1 are supported (what OpenSSL writes
/// unless told otherwise. The salt length is read as a `u32`: `-sigopt rsa_pss_saltlen:max`
/// on a 4096-bit key gives 478.
fn pss_parameters(parameters: Option<Tlv<'_>>, oid: &str) -> Result<SignatureAlgorithm, VerifyError> {
    const MGF1: &str = "1.2.840.113549.1.1.8";
    let unsupported = || VerifyError::UnsupportedAlgorithm { oid: oid.to_owned() };
    let malformed = || VerifyError::Malformed {
        detail: "undecodable RSASSA-PSS parameters",
    };
    // Parameters are required in a certificate's signatureAlgorithm (RFC 4055 §3.1); an
    // empty SEQUENCE means all defaults (SHA-1, MGF1-SHA-1, salt 20).
    let params = parameters.filter(|p| p.tag == tag::SEQUENCE).ok_or_else(malformed)?;
    // `[n] EXPLICIT AlgorithmIdentifier`: its OID and parameters.
    fn algorithm(t: Tlv<'_>) -> Option<(String, Option<Tlv<'_>>)> {
        let mut r = t.reader();
        let (o, p) = der::algorithm_identifier(&mut r).ok()?;
        r.finish().ok()?;
        Some((o.to_string(), p))
    }
    // `[n] EXPLICIT INTEGER` as a u32.
    fn number(t: Tlv<'_>) -> Option<u32> {
        let mut r = t.reader();
        let n = r.small_uint().ok()?;
        r.finish().ok()?;
        u32::try_from(n).ok()
    }
    let mut r = params.reader();
    let mut field = |n: u8| r.optional(tag::explicit(n)).map_err(|_| malformed());
    let hash = field(0)?.map(|t| algorithm(t).ok_or_else(malformed)).transpose()?;
    let mgf = field(1)?.map(|t| algorithm(t).ok_or_else(malformed)).transpose()?;
    let salt = field(2)?.map(|t| number(t).ok_or_else(malformed)).transpose()?;
    let trailer = field(3)?.map(|t| number(t).ok_or_else(malformed)).transpose()?;
    r.finish().map_err(|_| malformed())?;

    let hash = match hash {
        None => HashAlg::Sha1,
        Some((h, _)) => HashAlg::from_oid(&h).ok_or_else(unsupported)?,
    };
    let mgf_hash = match mgf {
        None => Some(HashAlg::Sha1),
        Some((m, p)) if m == MGF1 => p
            .filter(|p| p.tag == tag::SEQUENCE)
            .and_then(|p| der::algorithm_identifier(&mut Reader::new(p.raw)).ok())
            .and_then(|(h, _)| HashAlg::from_oid(&h.to_string())),
        Some(_) => None,
    };
    if mgf_hash != Some(hash) || hash == HashAlg::Md5 || trailer.unwrap_or(1) != 1 {
        return Err(unsupported());
    }
    let salt_len = usize::try_from(salt.unwrap_or(20)).map_err(|_| malformed())?;
    Ok(SignatureAlgorithm::RsaPss { hash, salt_len })
}

/// The raw DER of the TBSCertificate inside a certificate's DER: the first element of the
/// outer SEQUENCE, sliced out as it is (header included). [`ParsedCert::tbs_raw`] gives the
/// same for a parsed certificate.
///
/// # Errors
/// [`VerifyError::Malformed`] when the DER is not a SEQUENCE holding a TLV.
pub fn tbs_bytes(cert_der: &[u8]) -> Result<&[u8], VerifyError> {
    let malformed = VerifyError::Malformed {
        detail: "the certificate DER has no TBSCertificate",
    };
    let mut outer = Reader::new(cert_der);
    let mut cert = outer.sequence().map_err(|_| malformed.clone())?;
    cert.read().map(|t| t.raw).map_err(|_| malformed)
}

/// A public key ready to verify with.
enum VerifyKey {
    Rsa(RsaKey),
    Ec(ec::PublicKey),
    Ed25519(Box<ed25519::PublicKey>),
    Ed448(Box<ed448::PublicKey>),
}

/// An RSA public key: the modulus as a Montgomery context, its size, the exponent.
struct RsaKey {
    n: Monty,
    bits: usize,
    e: Uint,
}

const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
const RSASSA_PSS: &str = "1.2.840.113549.1.1.10";
const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
/// `id-Ed25519` (RFC 8410 §3): both the key algorithm and the signature algorithm.
const ED25519: &str = "1.3.101.112";
/// `id-Ed448` (RFC 8410 §3): both the key algorithm and the signature algorithm.
const ED448: &str = "1.3.101.113";

/// Smallest and largest RSA moduli accepted for verification. Wider than the usual library
/// defaults (1024..=8192) so an old 512-bit CA or a 16384-bit one still has its chain checked;
/// the key size itself is judged elsewhere.
const RSA_BITS: core::ops::RangeInclusive<usize> = 512..=16384;

/// Public exponents from 2 to 2^33 - 1 (larger ones make verification a denial-of-service
/// vector; the bound is the one *ring* and the `rsa` crate use).
const RSA_MAX_EXPONENT_BITS: usize = 33;

impl VerifyKey {
    fn from_spki(spki: &Spki<'_>) -> Result<Self, VerifyError> {
        let oid = spki.algorithm.to_string();
        let malformed = |detail| VerifyError::Malformed { detail };
        let key = spki.key;
        match oid.as_str() {
            RSA_ENCRYPTION | RSASSA_PSS => {
                let (n, e) =
                    crate::cert::rsa_modulus_exponent(key).ok_or(malformed("undecodable RSA public key"))?;
                let n = Uint::from_be_bytes(n);
                let e = Uint::from_be_bytes(e);
                if n.is_zero() || e.is_zero() {
                    return Err(malformed("empty RSA modulus or exponent"));
                }
                let bits = n.bits();
                let usable = RSA_BITS.contains(&bits) && e.bits() >= 2 && e.bits() <= RSA_MAX_EXPONENT_BITS && e < n;
                match Monty::new(&n) {
                    Some(n) if usable => Ok(VerifyKey::Rsa(RsaKey { n, bits, e })),
                    _ => Err(malformed("unusable RSA public key (size or exponent)")),
                }
            }
            EC_PUBLIC_KEY => {
                let curve = spki
                    .curve()
                    .map(|o| o.to_string())
                    .ok_or_else(|| VerifyError::UnsupportedKey {
                        oid: "explicit EC parameters".to_owned(),
                    })?;
                let curve = ec::Curve::from_oid(&curve).ok_or(VerifyError::UnsupportedKey { oid: curve })?;
                ec::PublicKey::from_sec1(curve, key)
                    .map(VerifyKey::Ec)
                    .ok_or(malformed("the EC public key is not a point on its curve"))
            }
            // RFC 8410 §3: no parameters; the key is the 32-octet point encoding (§4).
            ED25519 if spki.parameters.is_some() => {
                Err(malformed("Ed25519 key AlgorithmIdentifier with parameters"))
            }
            ED25519 => ed25519::PublicKey::from_bytes(key)
                .map(|k| VerifyKey::Ed25519(Box::new(k)))
                .ok_or(malformed("the Ed25519 public key is not a point on the curve")),
            // RFC 8410 §3: no parameters; the key is the 57-octet point encoding (§4).
            ED448 if spki.parameters.is_some() => {
                Err(malformed("Ed448 key AlgorithmIdentifier with parameters"))
            }
            ED448 => ed448::PublicKey::from_bytes(key)
                .map(|k| VerifyKey::Ed448(Box::new(k)))
                .ok_or(malformed("the Ed448 public key is not a point on the curve")),
            _ => Err(VerifyError::UnsupportedKey { oid }),
        }
    }
}

impl RsaKey {
    /// RSAVP1 (RFC 8017 §5.2.2) with the length checks of §8.2.2 step 1 / §8.1.2 step 1: the
    /// signature has exactly `k` octets and is below `n`; returns `m = s^e mod n` as `k`
    /// octets.
    fn public_op(&self, sig: &[u8]) -> Option<Vec<u8>> {
        let k = self.bits.div_ceil(8);
        if sig.len() != k {
            return None;
        }
        let s = self.n.to_mont(&Uint::from_be_bytes(sig))?;
        self.n.from_mont(&self.n.pow(&s, &self.e)).to_be_bytes(k)
    }

    /// RSASSA-PKCS1-v1_5 (RFC 8017 §8.2.2): the recovered message must equal
    /// EMSA-PKCS1-v1_5(H) = `00 01 FF..FF 00 || DigestInfo || H` exactly.
    fn verify_pkcs1v15(&self, hash: HashAlg, digest: &[u8], sig: &[u8]) -> bool {
        let Some(em) = self.public_op(sig) else {
            return false;
        };
        let t_len = hash.digest_info_prefix().len() + digest.len();
        // §9.2 step 4: emLen >= tLen + 11.
        let Some(ps_len) = em.len().checked_sub(t_len + 3).filter(|&l| l >= 8) else {
            return false;
        };
        let mut expected = vec![0x00, 0x01];
        expected.resize(2 + ps_len, 0xff);
        expected.push(0x00);
        expected.extend_from_slice(hash.digest_info_prefix());
        expected.extend_from_slice(digest);
        expected == em
    }

    /// RSASSA-PSS (RFC 8017 §8.1.2) with EMSA-PSS-VERIFY (§9.1.2), MGF1 over the message
    /// hash, a fixed salt length and trailer `0xbc`.
    fn verify_pss(&self, hash: HashAlg, salt_len: usize, m_hash: &[u8], sig: &[u8]) -> bool {
        self.public_op(sig)
            .and_then(|em| emsa_pss_verify(hash, salt_len, m_hash, &em, self.bits - 1))
            .unwrap_or(false)
    }
}

/// EMSA-PSS-VERIFY (RFC 8017 §9.1.2) on the `k`-octet output of RSAVP1; `emBits = modBits - 1`,
/// so EM is `ceil(emBits / 8)` octets and any octet before it must be zero (§8.1.2 step 2c).
fn emsa_pss_verify(hash: HashAlg, salt_len: usize, m_hash: &[u8], k_octets: &[u8], em_bits: usize) -> Option<bool> {
    let em_len = em_bits.div_ceil(8);
    let (lead, em) = k_octets.split_at_checked(k_octets.len().checked_sub(em_len)?)?;
    let h_len = m_hash.len();
    // Step 3: emLen >= hLen + sLen + 2.
    let db_len = em_len.checked_sub(h_len)?.checked_sub(1)?;
    let ps_len = db_len.checked_sub(salt_len)?.checked_sub(1)?;
    let (masked_db, rest) = em.split_at_checked(db_len)?;
    let (h, trailer) = rest.split_at_checked(h_len)?;
    // Step 6: the leftmost 8 emLen - emBits bits of maskedDB are zero.
    let top_mask = 0xffu8 >> (8 * em_len - em_bits);
    if lead.iter().any(|&b| b != 0) || trailer != [0xbc] || masked_db.first()? & !top_mask != 0 {
        return Some(false);
    }
    // Steps 7-9: DB = maskedDB xor MGF1(H), top bits cleared.
    let mut db: Vec<u8> = masked_db
        .iter()
        .zip(mgf1(hash, h, db_len))
        .map(|(a, b)| a ^ b)
        .collect();
    if let Some(first) = db.first_mut() {
        *first &= top_mask;
    }
    // Step 10: DB = PS (zeros) || 0x01 || salt.
    let (ps, rest) = db.split_at_checked(ps_len)?;
    let (&one, salt) = rest.split_first()?;
    if ps.iter().any(|&b| b != 0) || one != 0x01 {
        return Some(false);
    }
    // Steps 12-14: H' = Hash(00 x 8 || mHash || salt) equals H.
    let m_prime = [&[0u8; 8][..], m_hash, salt].concat();
    Some(hash.digest(&m_prime) == h)
}

/// MGF1 (RFC 8017 §B.2.1): `Hash(seed || C)` for C = 0, 1, ... (4-octet big-endian), cut to
/// `len` octets.
fn mgf1(hash: HashAlg, seed: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 64);
    let mut input = seed.to_vec();
    let mut counter = 0u32;
    while out.len() < len {
        input.truncate(seed.len());
        input.extend_from_slice(&counter.to_be_bytes());
        out.extend(hash.digest(&input));
        counter = counter.wrapping_add(1);
    }
    out.truncate(len);
    out
}

/// Check `cert`'s signature with `issuer_spki`.
///
/// The outer `signatureAlgorithm` must equal the TBSCertificate's `signature` field
/// (RFC 5280 §4.1.1.2), as OpenSSL requires.
///
/// # Errors
/// [`VerifyError::BadSignature`] when the signature does not verify (including a key of the
/// wrong type for the algorithm); [`VerifyError::UnsupportedAlgorithm`] /
/// [`VerifyError::UnsupportedKey`] when it cannot be checked here;
/// [`VerifyError::Malformed`] when the certificate or key cannot be decoded far enough.
pub fn verify_signature(cert: &ParsedCert, issuer_spki: &Spki<'_>) -> Result<(), VerifyError> {
    if cert.signature_algorithm_raw() != cert.tbs_signature_algorithm_raw() {
        return Err(VerifyError::BadSignature);
    }
    let alg = SignatureAlgorithm::from_identifier(
        cert.der_signature_algorithm().ok_or(VerifyError::Malformed { detail: "undecodable signature algorithm" })?,
    )?;
    // A key of the wrong family cannot have made the signature, whatever its curve or size.
    let key_oid = issuer_spki.algorithm.to_string();
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
    let key = VerifyKey::from_spki(issuer_spki)?;
    let sig = cert.signature().ok_or(VerifyError::Malformed {
        detail: "the signature BIT STRING has unused bits",
    })?;
    let tbs = cert.tbs_raw();
    let digest = alg.hash().map(|h| h.digest(tbs)).unwrap_or_default();
    let ok = match (alg, &key) {
        (SignatureAlgorithm::RsaPkcs1v15(h), VerifyKey::Rsa(k)) => k.verify_pkcs1v15(h, &digest, sig),
        (SignatureAlgorithm::RsaPss { hash, salt_len }, VerifyKey::Rsa(k)) => {
            k.verify_pss(hash, salt_len, &digest, sig)
        }
        // ECDSA with the digest truncated to the order's length (FIPS 186-5 §6.4.2).
        (SignatureAlgorithm::Ecdsa(_), VerifyKey::Ec(k)) => k.verify_prehash(&digest, sig),
        // PureEdDSA over the TBSCertificate octets (RFC 8410 §6).
        (SignatureAlgorithm::Ed25519, VerifyKey::Ed25519(k)) => k.verify(tbs, sig),
        (SignatureAlgorithm::Ed448, VerifyKey::Ed448(k)) => k.verify(tbs, sig),
        // Excluded by the family check above; kept total.
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(VerifyError::BadSignature)
    }
}

/// Whether `cert`'s signature verifies with `issuer_spki` (unsupported algorithms and keys
/// count as "no").
pub fn signed_by(cert: &ParsedCert, issuer_spki: &Spki<'_>) -> bool {
    verify_signature(cert, issuer_spki).is_ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    /// Content octets of a dotted OID (test helper).
    fn oid_bytes(dotted: &str) -> Vec<u8> {
        let arcs: Vec<u128> = dotted.split('.').map(|a| a.parse().unwrap()).collect();
        let mut out = Vec::new();
        for (i, arc) in std::iter::once(arcs[0] * 40 + arcs[1]).chain(arcs[2..].iter().copied()).enumerate() {
            let _ = i;
            let mut groups = vec![(arc & 0x7f) as u8];
            let mut v = arc >> 7;
            while v > 0 {
                groups.push((v & 0x7f) as u8 | 0x80);
                v >>= 7;
            }
            out.extend(groups.iter().rev());
        }
        out
    }

    const PSS_OID: [u8; 9] = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];

    const SHA256_AI: [u8; 15] = [
        0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
    ];
    const SHA1_AI: [u8; 11] = [0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00];
    const MGF1_OID: [u8; 11] = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08];

    fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
        let mut v = vec![tag, u8::try_from(body.len()).unwrap()];
        v.extend_from_slice(body);
        v
    }

    fn pss(params: Option<Vec<u8>>) -> Result<SignatureAlgorithm, VerifyError> {
        let params = params.as_deref().map(|p| der::parse_one(p).unwrap());
        SignatureAlgorithm::from_identifier((Oid::new(&PSS_OID).unwrap(), params))
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
            pss(Some(tlv(
                0x30,
                &[sha256.clone(), tlv(0xa2, &[0x02, 0x01, 0x20])].concat()
            ))),
            Ok(SignatureAlgorithm::RsaPss {
                hash: HashAlg::Sha256,
                salt_len: 32
            })
        );
        // Salt lengths above 255 (saltlen:max on a 4096-bit key).
        assert_eq!(
            pss(Some(tlv(
                0x30,
                &[sha256.clone(), tlv(0xa2, &[0x02, 0x02, 0x01, 0xde])].concat()
            ))),
            Ok(SignatureAlgorithm::RsaPss {
                hash: HashAlg::Sha256,
                salt_len: 478
            })
        );
        // Explicit trailer field 1 is fine.
        assert!(pss(Some(tlv(
            0x30,
            &[sha256.clone(), tlv(0xa3, &[0x02, 0x01, 0x01])].concat()
        )))
        .is_ok());
    }

    #[test]
    fn pss_parameters_unsupported_or_malformed() {
        let unsupported =
            |r: Result<SignatureAlgorithm, VerifyError>| matches!(r, Err(VerifyError::UnsupportedAlgorithm { .. }));
        let malformed = |r: Result<SignatureAlgorithm, VerifyError>| matches!(r, Err(VerifyError::Malformed { .. }));
        // MGF1 over another hash than the message hash.
        assert!(unsupported(pss(Some(tlv(
            0x30,
            &[tlv(0xa0, &SHA256_AI), mgf1(&SHA1_AI)].concat()
        )))));
        // MGF1 with the message hash but an unknown mask generation function.
        let other_mgf = tlv(
            0xa1,
            &tlv(0x30, &[&[0x06, 0x03, 0x2a, 0x03, 0x04][..], &SHA256_AI].concat()),
        );
        assert!(unsupported(pss(Some(tlv(
            0x30,
            &[tlv(0xa0, &SHA256_AI), other_mgf].concat()
        )))));
        // Trailer field other than 1.
        assert!(unsupported(pss(Some(tlv(0x30, &tlv(0xa3, &[0x02, 0x01, 0x02]))))));
        // MD5 is not a PSS hash here.
        let md5_ai = [
            0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05, 0x05, 0x00,
        ];
        assert!(unsupported(pss(Some(tlv(
            0x30,
            &[tlv(0xa0, &md5_ai), mgf1(&md5_ai)].concat()
        )))));
        // Absent parameters, not a SEQUENCE, junk inside, negative or huge salt.
        assert!(malformed(pss(None)));
        assert!(malformed(pss(Some(vec![0x04, 0x00]))));
        assert!(malformed(pss(Some(vec![0x30, 0x02, 0x05, 0x00]))));
        assert!(malformed(pss(Some(tlv(0x30, &tlv(0xa2, &[0x02, 0x01, 0xff]))))));
        assert!(malformed(pss(Some(tlv(
            0x30,
            &tlv(0xa2, &[0x02, 0x05, 0x01, 0, 0, 0, 0])
        )))));
    }

    use crate::hex::unhex;

    /// tests/data/rsa/rsa.txt: PKCS#1 v1.5 and PSS signatures and damaged variants, with the
    /// verdict of Python `cryptography` (see tests/data/rsa/make.py).
    #[test]
    fn rsa_matches_cryptography() {
        let text = include_str!("../tests/data/rsa/rsa.txt");
        let hash = |h: &str| match h {
            "md5" => HashAlg::Md5,
            "sha1" => HashAlg::Sha1,
            "sha224" => HashAlg::Sha224,
            "sha256" => HashAlg::Sha256,
            "sha384" => HashAlg::Sha384,
            "sha512" => HashAlg::Sha512,
            _ => panic!("{h}"),
        };
        let (mut rows, mut valid) = (0, 0);
        for line in text.lines() {
            let f: Vec<&str> = line.split(' ').collect();
            let [scheme, h, salt, n, e, digest, sig, ok, openssl] = f[..] else {
                panic!("bad row")
            };
            let pad = |s: &str| {
                if s.len() % 2 == 1 {
                    format!("0{s}")
                } else {
                    s.to_owned()
                }
            };
            let n = Uint::from_be_bytes(&unhex(&pad(n)));
            let key = RsaKey {
                bits: n.bits(),
                n: Monty::new(&n).unwrap(),
                e: Uint::from_be_bytes(&unhex(&pad(e))),
            };
            let (digest, sig) = (unhex(digest), unhex(sig));
            let got = match scheme {
                "pkcs1" => key.verify_pkcs1v15(hash(h), &digest, &sig),
                _ => key.verify_pss(hash(h), salt.parse().unwrap(), &digest, &sig),
            };
            assert_eq!(got, ok == "1", "{line}");
            // OpenSSL only differs on signatures that are not k octets long.
            assert!(ok == openssl || sig.len() != key.bits.div_ceil(8), "{line}");
            rows += 1;
            valid += usize::from(ok == "1");
        }
        assert_eq!((rows, valid), (588, 103));
    }

    #[test]
    fn other_algorithms() {
        let bytes: Vec<(&str, Vec<u8>)> = [
            "1.2.840.10045.4.3.1",
            "1.2.840.113549.1.1.14",
            "1.3.101.112",
            "1.3.101.113",
            "1.2.840.10040.4.3",
            "1.3.101.110",
            "1.3.101.111",
            "1.2.840.113549.1.1.2",
            "1.2.840.10045.4.3.2",
        ]
        .iter()
        .map(|o| (*o, oid_bytes(o)))
        .collect();
        let alg = |oid: &str| {
            let b = &bytes.iter().find(|(o, _)| *o == oid).unwrap().1;
            (Oid::new(b).unwrap(), None)
        };
        assert_eq!(Oid::new(&oid_bytes("1.2.840.113549.1.1.10")).unwrap().as_bytes(), PSS_OID);
        assert_eq!(
            SignatureAlgorithm::from_identifier(alg("1.2.840.10045.4.3.1")),
            Ok(SignatureAlgorithm::Ecdsa(HashAlg::Sha224))
        );
        assert_eq!(
            SignatureAlgorithm::from_identifier(alg("1.2.840.113549.1.1.14")),
            Ok(SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha224))
        );
        assert_eq!(
            SignatureAlgorithm::from_identifier(alg("1.3.101.112")),
            Ok(SignatureAlgorithm::Ed25519)
        );
        assert_eq!(SignatureAlgorithm::Ed25519.hash(), None);
        assert!(!SignatureAlgorithm::Ed25519.is_weak());
        assert_eq!(weak_digest(alg("1.3.101.112")), None);
        assert_eq!(SignatureAlgorithm::from_identifier(alg("1.3.101.113")), Ok(SignatureAlgorithm::Ed448));
        assert_eq!(SignatureAlgorithm::Ed448.hash(), None);
        assert!(!SignatureAlgorithm::Ed448.is_weak());
        assert_eq!(weak_digest(alg("1.3.101.113")), None);
        // RFC 8410 §3: parameters MUST be absent (a NULL is refused, as by OpenSSL).
        let null = [0x05, 0x00];
        for oid in ["1.3.101.112", "1.3.101.113"] {
            let with_null = (alg(oid).0, Some(der::parse_one(&null).unwrap()));
            assert!(matches!(
                SignatureAlgorithm::from_identifier(with_null),
                Err(VerifyError::Malformed { .. })
            ));
        }
        // X25519 / X448 are key-agreement keys, never signature algorithms.
        for oid in ["1.3.101.110", "1.3.101.111", "1.2.840.10040.4.3", "1.2.840.113549.1.1.2"] {
            assert_eq!(
                SignatureAlgorithm::from_identifier(alg(oid)),
                Err(VerifyError::UnsupportedAlgorithm { oid: oid.to_owned() })
            );
        }
        assert_eq!(weak_digest(alg("1.2.840.113549.1.1.2")), Some("md2"));
        assert_eq!(weak_digest(alg("1.2.840.10040.4.3")), Some("sha1"));
        assert_eq!(weak_digest(alg("1.2.840.10045.4.3.2")), None);
        assert!(HashAlg::Md5.is_weak() && HashAlg::Sha1.is_weak() && !HashAlg::Sha224.is_weak());
    }
}
