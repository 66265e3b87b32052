//! Encrypted PKCS#8 (RFC 5208 §6 `EncryptedPrivateKeyInfo`) with PBES2 (RFC 8018 §6.2):
//! PBKDF2 (HMAC-SHA1/-SHA224/-SHA256/-SHA384/-SHA512) or scrypt (RFC 7914), then AES-128/
//! 192/256-CBC or DES-EDE3-CBC, as `openssl pkcs8 -topk8 -v2 … [-v2prf …] [-scrypt]` writes it.
//!
//! The key derivation parameters come from the file, so they are capped before any work:
//! a hostile file could otherwise ask for minutes of PBKDF2 or gigabytes of scrypt memory.
//!
//! `pkcs5` parses the parameters; the derivation (the `pbkdf2` and `scrypt` crates) and the
//! CBC decryption ([`super::cipher`], shared with legacy PEM) are called here directly: that
//! keeps the derived key in a wiped buffer (`pkcs5` 0.8 does not wipe it) and leaves out
//! PBES2's AES-GCM, which no OpenSSL `pkcs8` writes, saving about 8 KB of gzipped wasm.

use super::cipher::Cipher;
use super::{decrypted, invalid, KeyFormat, KeyInfo, KeyRead};
use crate::error::Result;
use der::asn1::OctetStringRef;
use der::{Reader, SliceReader};
use pkcs5::pbes2::{EncryptionScheme as Scheme, Kdf, Pbkdf2Prf as Prf};
use spki::AlgorithmIdentifierRef;
use zeroize::Zeroizing;

/// PBKDF2 iteration cap: RFC 8018 §4.2's "10,000,000 may be appropriate" for critical keys.
pub const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;
/// scrypt memory cap, `128·N·r` bytes: 256 MiB (OpenSSL's `-scrypt` default uses 16 MiB).
pub const MAX_SCRYPT_MEMORY: u64 = 256 << 20;
/// scrypt work cap, `128·N·r·p` bytes mixed: 1 GiB.
pub const MAX_SCRYPT_WORK: u64 = 1 << 30;

/// Read an `EncryptedPrivateKeyInfo`.
///
/// # Errors
/// [`crate::Error::KeyInvalid`] when the structure is malformed, or when a passphrase is
/// given and the scheme is not PBES2, uses an algorithm this crate does not implement, or asks
/// for more work than the caps above.
pub(super) fn read(der: &[u8], passphrase: Option<&str>) -> Result<KeyRead> {
    let (alg, data) = parse(der).map_err(|e| invalid(format!("not a valid encrypted PKCS#8 key ({})", e.kind())))?;
    let locked = KeyInfo {
        algorithm: None,
        bits: None,
        curve: None,
        format: KeyFormat::Pkcs8,
        encrypted: true,
        public_key_sha256: None,
    };
    let Some(passphrase) = passphrase else {
        return Ok(KeyRead::Locked { info: locked, wrong_passphrase: false });
    };
    let unsupported = |what: String| {
        invalid(format!(
            "the key is encrypted with {what}, which is not supported (PBES2 with PBKDF2 or scrypt and \
             AES-CBC or DES-EDE3-CBC is); re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc`"
        ))
    };
    let scheme = pkcs5::EncryptionScheme::try_from(alg).map_err(|_| unsupported(describe(&alg)))?;
    let params = scheme.pbes2().ok_or_else(|| unsupported(format!("PBES1 ({})", alg.oid)))?;
    let (cipher, iv): (Cipher, &[u8]) = match &params.encryption {
        Scheme::Aes128Cbc { iv } => (Cipher::Aes128, iv),
        Scheme::Aes192Cbc { iv } => (Cipher::Aes192, iv),
        Scheme::Aes256Cbc { iv } => (Cipher::Aes256, iv),
        Scheme::DesEde3Cbc { iv } => (Cipher::DesEde3, iv),
        other => return Err(unsupported(other.oid().to_string())),
    };
    if params.kdf.key_length().is_some_and(|len| usize::from(len) != cipher.key_len()) {
        return Err(invalid("the key derivation's key length does not fit the cipher"));
    }
    let key = derive_key(&params.kdf, passphrase.as_bytes(), cipher.key_len()).map_err(|e| match e {
        Unsupported(what) => unsupported(what),
        Invalid(e) => *e,
    })?;
    let mut buf = Zeroizing::new(data.to_vec());
    match cipher.decrypt(&key, iv, &mut buf) {
        Some(len) => {
            buf.truncate(len);
            Ok(decrypted(buf, locked))
        }
        None => Ok(KeyRead::Locked { info: locked, wrong_passphrase: true }),
    }
}

enum KdfError {
    Unsupported(String),
    Invalid(Box<crate::Error>),
}
use KdfError::{Invalid, Unsupported};

/// RFC 8018 §5.2 PBKDF2 or RFC 7914 scrypt, into a wiped buffer, after [`check_cost`].
fn derive_key(kdf: &Kdf, passphrase: &[u8], len: usize) -> core::result::Result<Zeroizing<Vec<u8>>, KdfError> {
    check_cost(kdf).map_err(|e| Invalid(Box::new(e)))?;
    let mut key = Zeroizing::new(vec![0u8; len]);
    match kdf {
        Kdf::Pbkdf2(p) => {
            let (salt, rounds) = (p.salt.as_ref(), p.iteration_count);
            match p.prf {
                Prf::HmacWithSha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(passphrase, salt, rounds, &mut key),
                Prf::HmacWithSha224 => pbkdf2::pbkdf2_hmac::<sha2::Sha224>(passphrase, salt, rounds, &mut key),
                Prf::HmacWithSha256 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(passphrase, salt, rounds, &mut key),
                Prf::HmacWithSha384 => pbkdf2::pbkdf2_hmac::<sha2::Sha384>(passphrase, salt, rounds, &mut key),
                Prf::HmacWithSha512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(passphrase, salt, rounds, &mut key),
                other => return Err(Unsupported(format!("PBKDF2 with {}", other.oid()))),
            }
        }
        Kdf::Scrypt(s) => {
            // check_cost made N a power of two.
            let log_n = u8::try_from(s.cost_parameter.trailing_zeros()).unwrap_or(u8::MAX);
            let bad = |_| Invalid(Box::new(invalid("the scrypt parameters are invalid")));
            let params = scrypt::Params::new(log_n, u32::from(s.block_size), u32::from(s.parallelization)).map_err(bad)?;
            scrypt::scrypt(passphrase, s.salt.as_ref(), &params, &mut key).map_err(|_| Invalid(Box::new(invalid("the scrypt parameters are invalid"))))?;
        }
        other => return Err(Unsupported(other.oid().to_string())),
    }
    Ok(key)
}

/// `SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING }`.
fn parse(der: &[u8]) -> der::Result<(AlgorithmIdentifierRef<'_>, &[u8])> {
    let mut r = SliceReader::new(der)?;
    let parsed = r.sequence(|r| {
        let alg: AlgorithmIdentifierRef<'_> = r.decode()?;
        let data: &OctetStringRef = r.decode()?;
        Ok::<_, der::Error>((alg, data.as_bytes()))
    })?;
    r.finish()?;
    Ok(parsed)
}

/// Name the password-based schemes users meet that are not PBES2.
fn describe(alg: &AlgorithmIdentifierRef<'_>) -> String {
    let name = match alg.oid.to_string().as_str() {
        "1.2.840.113549.1.12.1.3" => "pbeWithSHAAnd3-KeyTripleDES-CBC (PKCS#12)",
        "1.2.840.113549.1.12.1.6" => "pbeWithSHAAnd40BitRC2-CBC (PKCS#12)",
        "1.2.840.113549.1.12.1.1" => "pbeWithSHAAnd128BitRC4 (PKCS#12)",
        "1.2.840.113549.1.5.13" => "PBES2 with an unsupported KDF or cipher",
        _ => "",
    };
    if name.is_empty() { alg.oid.to_string() } else { format!("{name}, {}", alg.oid) }
}

/// Refuse key-derivation parameters that would stall or exhaust the caller.
fn check_cost(kdf: &Kdf) -> Result<()> {
    match kdf {
        Kdf::Pbkdf2(p) if p.iteration_count > MAX_PBKDF2_ITERATIONS => Err(invalid(format!(
            "PBKDF2 iteration count {} is above the {MAX_PBKDF2_ITERATIONS} this tool accepts",
            p.iteration_count
        ))),
        Kdf::Scrypt(s) => {
            let n = s.cost_parameter;
            if n < 2 || !n.is_power_of_two() {
                return Err(invalid("the scrypt cost N must be a power of two above 1"));
            }
            let memory = u128::from(n) * u128::from(s.block_size) * 128;
            let work = memory * u128::from(s.parallelization);
            if memory > u128::from(MAX_SCRYPT_MEMORY) || work > u128::from(MAX_SCRYPT_WORK) {
                return Err(invalid(format!(
                    "scrypt parameters N={n}, r={}, p={} ask for more memory or work than this tool accepts",
                    s.block_size, s.parallelization
                )));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;
    use pkcs5::pbes2::Pbkdf2Params;

    #[test]
    fn pbkdf2_iterations_are_capped() {
        let ok = Pbkdf2Params::hmac_sha256(MAX_PBKDF2_ITERATIONS, &[7u8; 16]).unwrap();
        assert!(check_cost(&Kdf::Pbkdf2(ok)).is_ok());
        let costly = Pbkdf2Params::hmac_sha256(MAX_PBKDF2_ITERATIONS + 1, &[7u8; 16]).unwrap();
        let e = check_cost(&Kdf::Pbkdf2(costly)).unwrap_err();
        assert_eq!(e.code(), "KEY_INVALID");
        assert!(e.to_string().contains("10000001"), "{e}");
    }

    #[test]
    fn malformed_structure_is_key_invalid() {
        // SEQUENCE { SEQUENCE { OID 1.2.3 }, OCTET STRING {} } with a trailing byte.
        let der = [0x30, 0x08, 0x30, 0x04, 0x06, 0x02, 0x2a, 0x03, 0x04, 0x00, 0x00];
        assert_eq!(read(&der, None).unwrap_err().code(), "KEY_INVALID");
        // Well formed, unknown scheme: locked without a passphrase, invalid with one.
        let der = &der[..10];
        assert!(matches!(read(der, None).unwrap(), KeyRead::Locked { wrong_passphrase: false, .. }));
        let e = read(der, Some("x")).unwrap_err();
        assert!(e.to_string().contains("1.2.3"), "{e}");
    }
}
