//! The signer x509-cert's builders call: any key [`crate::key`] reads that a RustCrypto crate
//! signs with — ECDSA on P-256, P-384, P-521 (`ecdsa` through `p256`/`p384`/`p521`, RFC 6979
//! nonces hedged with the CSPRNG), RSA PKCS#1 v1.5 with SHA-256 (`rsa`, blinded with the
//! CSPRNG), Ed25519 (`ed25519-dalek`). One enum behind the builder's traits (`Keypair`,
//! `DynSignatureAlgorithmIdentifier`, `RandomizedSigner`), so a CA key of any of these kinds
//! signs a certificate of any key type.

use crate::error::{Error, MintCode, Result};
use crate::key::{oids, KeyFormat, PrivateKey};
use der::asn1::{AnyRef, BitString, ObjectIdentifier, OctetStringRef};
use der::Decode;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use signature::rand_core::TryCryptoRng;
use spki::{AlgorithmIdentifierOwned, DynSignatureAlgorithmIdentifier, EncodePublicKey, SignatureBitStringEncoding};

/// ecdsa-with-SHA256/384/512 (RFC 5758 §3.2: parameters absent).
const ECDSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const ECDSA_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
const ECDSA_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.4");
/// sha256WithRSAEncryption (RFC 4055 §5: parameters NULL).
const SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");

/// The signing half of one key.
enum Key {
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    P521(p521::ecdsa::SigningKey),
    Rsa(Box<rsa::pkcs1v15::SigningKey<sha2::Sha256>>),
    Ed25519(ed25519_dalek::SigningKey),
}

/// A private key ready to sign certificates and requests. Its secret parts wipe themselves on
/// drop (the crates' `ZeroizeOnDrop`); `Debug` shows only the algorithm.
pub struct Signer {
    key: Key,
    spki: PublicKeyDer,
    algorithm: ObjectIdentifier,
}

impl core::fmt::Debug for Signer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Signer").field("algorithm", &self.algorithm).finish_non_exhaustive()
    }
}

/// A public key's SubjectPublicKeyInfo DER, as [`crate::key`] derived it.
#[derive(Clone, Debug)]
pub struct PublicKeyDer(Vec<u8>);

impl EncodePublicKey for PublicKeyDer {
    fn to_public_key_der(&self) -> spki::Result<spki::Document> {
        Ok(spki::Document::try_from(self.0.as_slice())?)
    }
}

/// A signature's octets: DER `ECDSA-Sig-Value`, the RSA signature, or Ed25519's 64 octets.
pub struct RawSignature(Vec<u8>);

impl SignatureBitStringEncoding for RawSignature {
    fn to_bitstring(&self) -> der::Result<BitString> {
        BitString::from_bytes(&self.0)
    }
}

fn unsupported(detail: String) -> Error {
    Error::Mint { code: MintCode::UnsupportedKeyType, detail }
}

fn broken(e: &dyn core::fmt::Display) -> Error {
    Error::KeyInvalid { detail: format!("the key could not be loaded for signing ({e})") }
}

impl Signer {
    /// The signer for `key`.
    ///
    /// # Errors
    /// `UNSUPPORTED_KEY_TYPE` for keys no crate here signs with (Ed448, DSA, RSA-PSS, EC keys
    /// on other curves); `WEAK_KEY` for RSA under 2048 bits; `KEY_INVALID` for a key the
    /// signing crate refuses.
    pub fn new(key: &PrivateKey) -> Result<Self> {
        let info = key.info();
        let oid = key.algorithm_oid();
        let spki = PublicKeyDer(key.spki_der().map(<[u8]>::to_vec).ok_or_else(|| unsupported("the key's public key cannot be derived".into()))?);
        let (key, algorithm) = if oid == oids::EC_PUBLIC_KEY {
            let scalar = ec_scalar(key)?;
            match info.curve.as_deref() {
                Some("P-256") => (Key::P256(ec_key::<p256::NistP256>(&scalar)?.into()), ECDSA_SHA256),
                Some("P-384") => (Key::P384(ec_key::<p384::NistP384>(&scalar)?.into()), ECDSA_SHA384),
                Some("P-521") => (Key::P521(p521::ecdsa::SigningKey::from_slice(&scalar).map_err(|e| broken(&e))?), ECDSA_SHA512),
                other => return Err(unsupported(format!("EC keys on {} cannot sign here; use P-256, P-384 or P-521", other.unwrap_or("an unnamed curve")))),
            }
        } else if oid == oids::RSA_ENCRYPTION {
            let bits = info.bits.unwrap_or(0);
            if bits < 2048 {
                return Err(Error::Mint { code: MintCode::WeakKey, detail: format!("the CA's RSA key has {bits} bits; at least 2048 are needed (OpenSSL refuses smaller ones)") });
            }
            let private = match info.format {
                KeyFormat::Pkcs1 => rsa::PrivateKey::from_pkcs1_der(key.der()).map_err(|e| broken(&e))?,
                _ => rsa::PrivateKey::from_pkcs8_der(key.der()).map_err(|e| broken(&e))?,
            };
            (Key::Rsa(Box::new(rsa::pkcs1v15::SigningKey::new(private))), SHA256_WITH_RSA)
        } else if oid == oids::ED25519 {
            let info = pkcs8::PrivateKeyInfoRef::from_der(key.der()).map_err(|e| broken(&e))?;
            let seed = <&OctetStringRef>::from_der(info.private_key.as_bytes()).map_err(|e| broken(&e))?;
            let secret = <&ed25519_dalek::SecretKey>::try_from(seed.as_bytes()).map_err(|e| broken(&e))?;
            (Key::Ed25519(ed25519_dalek::SigningKey::from_bytes(secret)), oids::ED25519)
        } else {
            let what = info.algorithm.unwrap_or("unknown");
            return Err(unsupported(format!("{what} keys cannot sign here; use an ECDSA (P-256, P-384, P-521), RSA or Ed25519 CA key")));
        };
        Ok(Signer { key, spki, algorithm })
    }

    /// The public key's SubjectPublicKeyInfo DER.
    pub fn spki_der(&self) -> &[u8] {
        &self.spki.0
    }
}

/// The private scalar of an EC key, from SEC1 or PKCS#8 (wiped on drop).
fn ec_scalar(key: &PrivateKey) -> Result<zeroize::Zeroizing<Vec<u8>>> {
    let sec1 = match key.info().format {
        KeyFormat::Sec1 => key.der(),
        _ => pkcs8::PrivateKeyInfoRef::from_der(key.der()).map_err(|e| broken(&e))?.private_key.as_bytes(),
    };
    let ec = sec1::EcPrivateKey::from_der(sec1).map_err(|e| broken(&e))?;
    Ok(zeroize::Zeroizing::new(ec.private_key.to_vec()))
}

/// elliptic-curve's `SecretKey` (which left-pads a short scalar) for `C`.
fn ec_key<C>(scalar: &[u8]) -> Result<elliptic_curve::SecretKey<C>>
where
    C: elliptic_curve::CurveArithmetic,
{
    elliptic_curve::SecretKey::<C>::from_slice(scalar).map_err(|e| broken(&e))
}

impl signature::Keypair for Signer {
    type VerifyingKey = PublicKeyDer;

    fn verifying_key(&self) -> PublicKeyDer {
        self.spki.clone()
    }
}

impl DynSignatureAlgorithmIdentifier for Signer {
    fn signature_algorithm_identifier(&self) -> spki::Result<AlgorithmIdentifierOwned> {
        let parameters = (self.algorithm == SHA256_WITH_RSA).then(|| AnyRef::NULL.into());
        Ok(AlgorithmIdentifierOwned { oid: self.algorithm, parameters })
    }
}

impl signature::RandomizedSigner<RawSignature> for Signer {
    fn try_sign_with_rng<R: TryCryptoRng + ?Sized>(&self, rng: &mut R, msg: &[u8]) -> signature::Result<RawSignature> {
        use signature::RandomizedSigner;
        let bytes = match &self.key {
            Key::P256(k) => RandomizedSigner::<p256::ecdsa::DerSignature>::try_sign_with_rng(k, rng, msg)?.as_bytes().to_vec(),
            Key::P384(k) => RandomizedSigner::<p384::ecdsa::DerSignature>::try_sign_with_rng(k, rng, msg)?.as_bytes().to_vec(),
            Key::P521(k) => RandomizedSigner::<p521::ecdsa::DerSignature>::try_sign_with_rng(k, rng, msg)?.as_bytes().to_vec(),
            Key::Rsa(k) => {
                let sig: rsa::pkcs1v15::Signature = k.try_sign_with_rng(rng, msg)?;
                Box::<[u8]>::from(sig).into_vec()
            }
            Key::Ed25519(k) => signature::Signer::<ed25519_dalek::Signature>::try_sign(k, msg)?.to_bytes().to_vec(),
        };
        Ok(RawSignature(bytes))
    }
}
