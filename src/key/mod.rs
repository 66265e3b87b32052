//! Private keys: reads PKCS#8, PKCS#1 and SEC1 keys, plain or encrypted (PBES2 PKCS#8 and
//! OpenSSL's legacy PEM encryption), into a [`PrivateKey`] that describes itself
//! ([`KeyInfo`]), derives its public key and re-encodes itself unencrypted for the upload.
//!
//! Which structure a key has is decided by its DER, not its PEM label (DER input arrives
//! labelled `PRIVATE KEY` whatever it holds):
//!
//! ```text
//! PrivateKeyInfo          ::= SEQUENCE { INTEGER 0|1, AlgorithmIdentifier, OCTET STRING, … }  (RFC 5208/5958)
//! RSAPrivateKey           ::= SEQUENCE { INTEGER 0|1, INTEGER n, INTEGER e, … }               (RFC 8017 A.1.2)
//! ECPrivateKey            ::= SEQUENCE { INTEGER 1, OCTET STRING, [0] params, [1] point }    (RFC 5915 §3)
//! EncryptedPrivateKeyInfo ::= SEQUENCE { AlgorithmIdentifier, OCTET STRING }                   (RFC 5208 §6)
//! ```
//!
//! The structures themselves are read with `pkcs8`, `pkcs1`, `sec1` and `pkcs5` (see
//! [`decode`] and [`pbes2`]); only the legacy PEM encryption ([`legacy`]) is hand-written.
//!
//! **Wrong passphrases.** Neither PBES2-CBC nor legacy PEM carries a MAC, so a wrong
//! passphrase is recognised the way OpenSSL recognises it: the decrypted text must end in
//! valid PKCS#7 padding (a wrong key passes that by chance about once in 256 tries) *and*
//! parse as a complete private key structure (which random bytes practically never do). Either
//! failure gives [`KeyRead::Locked`] with `wrong_passphrase: true`; so does an intact
//! encryption over a corrupted key, which cannot be told apart from a wrong passphrase.

mod cipher;
mod decode;
mod legacy;
mod pbes2;

use crate::error::{Error, Result};
use crate::input::pem::Block;
pub(crate) use decode::oids;
use der::asn1::{AnyRef, ObjectIdentifier};
use der::{Decode, SliceReader, Tag, Tagged};
use serde::Serialize;
use spki::SubjectPublicKeyInfoRef;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// How a private key is structured (after any decryption).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyFormat {
    /// PKCS#8 `PrivateKeyInfo` (`PRIVATE KEY`), also what encrypted PKCS#8 holds.
    Pkcs8,
    /// PKCS#1 `RSAPrivateKey` (`RSA PRIVATE KEY`).
    Pkcs1,
    /// SEC1 `ECPrivateKey` (`EC PRIVATE KEY`).
    Sec1,
}

impl KeyFormat {
    /// The PEM label of an unencrypted key in this format.
    pub fn pem_label(self) -> &'static str {
        match self {
            KeyFormat::Pkcs8 => "PRIVATE KEY",
            KeyFormat::Pkcs1 => "RSA PRIVATE KEY",
            KeyFormat::Sec1 => "EC PRIVATE KEY",
        }
    }
}

/// The contract's `KeyInfo`: what a key is, never what it holds.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct KeyInfo {
    /// `RSA`, `EC`, `Ed25519`, `Ed448`, `DSA`, `RSA-PSS` or `unknown`; `None` for encrypted
    /// PKCS#8 that was not decrypted.
    pub algorithm: Option<&'static str>,
    /// Size as OpenSSL reports it (RSA modulus bits, curve size, Ed25519 256, Ed448 456).
    pub bits: Option<u32>,
    /// `P-256`, `P-384`, `P-521`, another curve's name, or its dotted OID.
    pub curve: Option<String>,
    pub format: KeyFormat,
    /// Whether the key arrived encrypted.
    pub encrypted: bool,
    /// SHA-256 (lowercase hex) of the matching SubjectPublicKeyInfo DER: equal to the
    /// certificate's `publicKey.sha256`. `None` where the public key cannot be known.
    pub public_key_sha256: Option<String>,
    /// A passphrase was given and it does not decrypt this (encrypted) key. Serialized only
    /// when true (`passphraseWrong: true`), so every other result keeps the contract's shape.
    #[serde(skip_serializing_if = "core::ops::Not::not")]
    pub passphrase_wrong: bool,
}

/// What reading a key block gave.
#[derive(Debug)]
pub enum KeyRead {
    /// The key, decrypted if it was encrypted.
    Decoded(PrivateKey),
    /// An encrypted key that was not decrypted: no passphrase was given
    /// (`wrong_passphrase: false`), or the one given did not decrypt it (`true`). `info`
    /// holds what can be known without decrypting.
    Locked { info: KeyInfo, wrong_passphrase: bool },
}

/// A decoded private key. The DER is wiped on drop; `Debug` shows only what the key is.
/// There is deliberately no `Display`.
pub struct PrivateKey {
    der: Zeroizing<Vec<u8>>,
    info: KeyInfo,
    /// The key algorithm's OID (PKCS#8's, or rsaEncryption / id-ecPublicKey for PKCS#1 / SEC1).
    algorithm_oid: ObjectIdentifier,
    spki_der: Option<Vec<u8>>,
}

impl core::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PrivateKey")
            .field("algorithm", &self.info.algorithm)
            .field("bits", &self.info.bits)
            .finish_non_exhaustive()
    }
}

/// The DER structures a private key block can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Structure {
    Plain(KeyFormat),
    Encrypted,
}

/// Classify DER by the tags (and version) of the first two fields of its outer SEQUENCE, which
/// must fill `der` (both fields well-formed DER TLVs; the rest is left to the format's reader).
fn classify(der: &[u8]) -> Option<Structure> {
    let outer = AnyRef::from_der(der).ok()?;
    if outer.tag() != Tag::Sequence {
        return None;
    }
    let mut r = SliceReader::new(outer.value()).ok()?;
    let first = AnyRef::decode(&mut r).ok()?;
    let second = AnyRef::decode(&mut r).ok()?;
    if first.tag() == Tag::Sequence {
        return (second.tag() == Tag::OctetString).then_some(Structure::Encrypted);
    }
    if first.tag() != Tag::Integer {
        return None;
    }
    let version = match first.value() {
        [v] => *v,
        _ => return None,
    };
    let format = match (second.tag(), version) {
        (Tag::Sequence, 0 | 1) => KeyFormat::Pkcs8,
        (Tag::Integer, 0 | 1) => KeyFormat::Pkcs1,
        (Tag::OctetString, 1) => KeyFormat::Sec1,
        _ => return None,
    };
    Some(Structure::Plain(format))
}

/// Whether DER bytes are a private key structure (PKCS#8, PKCS#1, SEC1 or encrypted PKCS#8);
/// used to classify DER input that is not a certificate.
pub fn looks_like_private_key(der: &[u8]) -> bool {
    classify(der).is_some()
}

/// Read one key block (`PRIVATE KEY`, `RSA PRIVATE KEY`, `EC PRIVATE KEY`, `ENCRYPTED
/// PRIVATE KEY`, or DER handed on by [`crate::input`]), decrypting it with `passphrase`
/// where it is encrypted. The passphrase is used as its UTF-8 bytes, as OpenSSL uses what is
/// typed; `Some("")` is tried as the empty passphrase.
///
/// # Errors
/// [`Error::KeyInvalid`] when the block is not a well-formed private key, or when a
/// passphrase was given for an encryption scheme this crate does not implement (or whose cost
/// parameters are above its limits). An encrypted key without a passphrase, or with a wrong
/// one, is not an error: see [`KeyRead::Locked`].
pub fn read_key(block: &Block, passphrase: Option<&str>) -> Result<KeyRead> {
    let read = read_block(block, passphrase);
    scrub_stack();
    read
}

/// Overwrite the stack below the caller's frame, where the frames of the key reading just
/// done lay. Heap copies of key material are wiped by their owners (`Zeroizing`, the crates'
/// `ZeroizeOnDrop`), but the hash and cipher crates load their input into locals that, once
/// spilled, stay on the stack after they return: MD5 in legacy PEM's key derivation holds the
/// passphrase verbatim in its message schedule. The wasm shadow stack is linear memory, so
/// what is left there is readable after the call (tests/node/secrets-memory.test.mjs). 32 KiB
/// is well above the deepest key-reading frames (scrypt's mixing buffer is on the heap).
#[inline(never)]
pub(crate) fn scrub_stack() {
    let mut area = [0u8; 32 * 1024];
    zeroize::Zeroize::zeroize(&mut area);
    core::hint::black_box(&area);
}

/// Never inlined: every frame that handles key material then lies below [`read_key`]'s own
/// frame, where [`scrub_stack`] reaches (inlined into an exported function's frame, MD5's
/// spilled schedule stayed above the scrubbed area: tests/node/secrets-memory.test.mjs).
#[inline(never)]
fn read_block(block: &Block, passphrase: Option<&str>) -> Result<KeyRead> {
    if let Some(dek) = legacy::dek_info(&block.headers)? {
        return legacy::read(block, &dek, passphrase);
    }
    match classify(&block.der) {
        Some(Structure::Encrypted) => pbes2::read(&block.der, passphrase),
        Some(Structure::Plain(format)) => {
            PrivateKey::decode(Zeroizing::new(block.der.to_vec()), format, false).map(KeyRead::Decoded)
        }
        None => Err(invalid(format!(
            "the {} block is not a PKCS#8, PKCS#1 or SEC1 private key structure",
            block.label
        ))),
    }
}

/// What decrypting `block` would cost in key derivation ([`crate::limits`]): PBES2's PBKDF2 or
/// scrypt from its parameters; nothing for plain keys, legacy PEM (one MD5 round) and blocks
/// that fail before deriving.
pub fn derivation_cost(block: &Block) -> crate::limits::KdfCost {
    match (legacy::dek_info(&block.headers), classify(&block.der)) {
        (Ok(None), Some(Structure::Encrypted)) => pbes2::cost(&block.der),
        _ => crate::limits::KdfCost::default(),
    }
}

fn invalid(detail: impl Into<String>) -> Error {
    Error::KeyInvalid { detail: detail.into() }
}

/// After decryption: the plaintext must be a complete key structure, else the passphrase was
/// wrong (see the module docs).
fn decrypted(plain: Zeroizing<Vec<u8>>, locked: KeyInfo) -> KeyRead {
    match classify(&plain) {
        Some(Structure::Plain(format)) => match PrivateKey::decode(plain, format, true) {
            Ok(key) => KeyRead::Decoded(key),
            Err(_) => KeyRead::Locked { info: locked, wrong_passphrase: true },
        },
        _ => KeyRead::Locked { info: locked, wrong_passphrase: true },
    }
}

impl PrivateKey {
    /// Decode an unencrypted key of a known structure.
    fn decode(der: Zeroizing<Vec<u8>>, format: KeyFormat, encrypted: bool) -> Result<Self> {
        let facts = decode::facts(&der, format)?;
        let spki_der = facts.spki;
        let info = KeyInfo {
            algorithm: Some(facts.algorithm),
            bits: facts.bits,
            curve: facts.curve,
            format,
            encrypted,
            public_key_sha256: spki_der.as_deref().map(|d| crate::hex::encode(&Sha256::digest(d))),
            passphrase_wrong: false,
        };
        Ok(Self { der, info, algorithm_oid: facts.algorithm_oid, spki_der })
    }

    /// What the key is (algorithm, size, curve, format, public key hash).
    pub fn info(&self) -> KeyInfo {
        self.info.clone()
    }

    /// An unencrypted key's DER (PKCS#8, PKCS#1 or SEC1, told apart by its structure), such as
    /// a key just generated (src/mint/); wiped on drop.
    ///
    /// # Errors
    /// [`Error::KeyInvalid`] when it is not a well-formed unencrypted private key.
    pub(crate) fn from_der(der: Zeroizing<Vec<u8>>) -> Result<Self> {
        match classify(&der) {
            Some(Structure::Plain(format)) => Self::decode(der, format, false),
            _ => Err(invalid("not an unencrypted PKCS#8, PKCS#1 or SEC1 private key")),
        }
    }

    /// The key's unencrypted DER in its own [`KeyFormat`] (for the minting signers).
    pub(crate) fn der(&self) -> &[u8] {
        &self.der
    }

    /// The key algorithm's OID (PKCS#8's, or rsaEncryption / id-ecPublicKey for PKCS#1 / SEC1).
    pub(crate) fn algorithm_oid(&self) -> ObjectIdentifier {
        self.algorithm_oid
    }

    /// The DER SubjectPublicKeyInfo of the matching public key, where it is known.
    pub(crate) fn spki_der(&self) -> Option<&[u8]> {
        self.spki_der.as_deref()
    }

    #[cfg(test)]
    /// The DER SubjectPublicKeyInfo of the matching public key, encoded as certificates encode
    /// it (RSA: rsaEncryption with NULL parameters; EC: id-ecPublicKey with the named curve and
    /// the key's point, derived from the private scalar when the key does not embed it).
    /// Ed25519: derived from the seed. `None` where it cannot be known (Ed448 keys without
    /// PKCS#8 v2's public key, DSA, unknown algorithms, EC keys on other curves without an
    /// embedded point).
    pub fn public_key_spki_der(&self) -> Option<Vec<u8>> {
        self.spki_der.clone()
    }

    /// Whether `spki` (a certificate's public key) is this key's public key. RSA: modulus and
    /// exponent; EC: curve and point, compressed and uncompressed forms compared as equal;
    /// others: the encoded key. A different algorithm family is `Some(false)`; `None` when
    /// this key's public key is unknown (an Ed448 key without PKCS#8 v2's public key, DSA,
    /// unknown algorithms, EC keys on other curves without a point) or the certificate's key
    /// cannot be read.
    pub fn matches(&self, spki: &SubjectPublicKeyInfoRef<'_>) -> Option<bool> {
        let theirs_oid = spki.algorithm.oid;
        let theirs = Family::of(theirs_oid);
        if Family::of(self.algorithm_oid) != theirs || (theirs == Family::Other && self.algorithm_oid != theirs_oid) {
            return Some(false);
        }
        let mine = SubjectPublicKeyInfoRef::from_der(self.spki_der.as_deref()?).ok()?;
        let (a, b) = (mine.subject_public_key.as_bytes()?, spki.subject_public_key.as_bytes()?);
        match theirs {
            Family::Rsa => {
                let (k1, k2) = (pkcs1::RsaPublicKeyRef::from_der(a).ok()?, pkcs1::RsaPublicKeyRef::from_der(b).ok()?);
                // DER INTEGERs are minimal: equal values have equal octets.
                Some(k1.modulus.as_bytes() == k2.modulus.as_bytes() && k1.public_exponent.as_bytes() == k2.public_exponent.as_bytes())
            }
            Family::Ec => {
                let curve = |s: &SubjectPublicKeyInfoRef<'_>| s.algorithm.parameters.and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
                if let (Some(c1), Some(c2)) = (curve(&mine), curve(spki)) {
                    if c1 != c2 {
                        return Some(false);
                    }
                }
                Some(decode::compressed(a)? == decode::compressed(b)?)
            }
            Family::Other => Some(a == b),
        }
    }

    /// The key, unencrypted, as PEM in its own format (`PRIVATE KEY`, `RSA PRIVATE KEY` or
    /// `EC PRIVATE KEY`), LF line ends, 64 columns: what the upload carries. Encoded by
    /// `pem-rfc7468` (constant-time base64 from `base64ct`) into one buffer allocated at its
    /// final size, so no copy of the key text is left behind; wiped on drop.
    pub fn to_unencrypted_pem(&self) -> Zeroizing<String> {
        let label = self.info.format.pem_label();
        let lf = pem_rfc7468::LineEnding::LF;
        let Ok(len) = pem_rfc7468::encoded_len(label, lf, &self.der) else {
            return Zeroizing::new(String::new());
        };
        let mut buf = Zeroizing::new(vec![0u8; len]);
        let written = pem_rfc7468::encode(label, lf, &self.der, &mut buf).map(str::len);
        if written.ok() != Some(len) {
            return Zeroizing::new(String::new());
        }
        // Moves the buffer (no copy); PEM is ASCII, so the conversion cannot fail.
        match String::from_utf8(core::mem::take(&mut *buf)) {
            Ok(text) => Zeroizing::new(text),
            Err(e) => {
                zeroize::Zeroize::zeroize(&mut e.into_bytes());
                Zeroizing::new(String::new())
            }
        }
    }
}

/// Algorithm families whose keys can be compared across encodings.
#[derive(PartialEq, Eq)]
enum Family {
    Rsa,
    Ec,
    Other,
}

impl Family {
    fn of(algorithm: ObjectIdentifier) -> Self {
        if algorithm == oids::RSA_ENCRYPTION || algorithm == oids::RSASSA_PSS {
            Family::Rsa
        } else if algorithm == oids::EC_PUBLIC_KEY {
            Family::Ec
        } else {
            Family::Other
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_structure() {
        // SEQUENCE { INTEGER 0, SEQUENCE {}, OCTET STRING {} }
        assert_eq!(classify(&[0x30, 0x07, 0x02, 0x01, 0x00, 0x30, 0x00, 0x04, 0x00]), Some(Structure::Plain(KeyFormat::Pkcs8)));
        assert_eq!(classify(&[0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x05]), Some(Structure::Plain(KeyFormat::Pkcs1)));
        assert_eq!(classify(&[0x30, 0x05, 0x02, 0x01, 0x01, 0x04, 0x00]), Some(Structure::Plain(KeyFormat::Sec1)));
        assert_eq!(classify(&[0x30, 0x04, 0x30, 0x00, 0x04, 0x00]), Some(Structure::Encrypted));
        // SEC1 must be version 1; PKCS#12 (version 3) is no key; a certificate is no key.
        assert_eq!(classify(&[0x30, 0x05, 0x02, 0x01, 0x00, 0x04, 0x00]), None);
        assert_eq!(classify(&[0x30, 0x05, 0x02, 0x01, 0x03, 0x30, 0x00]), None);
        assert_eq!(classify(&[0x30, 0x06, 0x30, 0x00, 0x30, 0x00, 0x03, 0x00]), None);
        // Truncated or trailing bytes.
        assert_eq!(classify(&[0x30, 0x07, 0x02, 0x01, 0x00]), None);
        assert_eq!(classify(&[0x30, 0x04, 0x30, 0x00, 0x04, 0x00, 0x00]), None);
        assert!(!looks_like_private_key(&[]));
    }

    #[test]
    fn malformed_key_is_key_invalid() {
        let block = Block {
            label: "PRIVATE KEY".into(),
            headers: Vec::new(),
            der: Zeroizing::new(vec![0x30, 0x07, 0x02, 0x01, 0x00, 0x30, 0x00, 0x04, 0x00]),
            span: None,
        };
        let e = read_key(&block, None).unwrap_err();
        assert_eq!(e.code(), "KEY_INVALID");
        let block = Block { der: Zeroizing::new(b"not a key".to_vec()), ..block };
        assert_eq!(read_key(&block, None).unwrap_err().code(), "KEY_INVALID");
    }

    #[test]
    fn key_format_serialises_lowercase() {
        assert_eq!(serde_json::to_string(&KeyFormat::Pkcs1).unwrap(), "\"pkcs1\"");
        assert_eq!(serde_json::to_string(&KeyFormat::Sec1).unwrap(), "\"sec1\"");
        assert_eq!(serde_json::to_string(&KeyFormat::Pkcs8).unwrap(), "\"pkcs8\"");
    }
}
