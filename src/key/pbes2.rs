//! Encrypted PKCS#8 (RFC 5208 §6 `EncryptedPrivateKeyInfo`) with PBES2 (RFC 8018 §6.2):
//! PBKDF2 (HMAC-SHA1/-SHA224/-SHA256/-SHA384/-SHA512) or scrypt (RFC 7914), then AES-128/
//! 192/256-CBC or DES-EDE3-CBC, as `openssl pkcs8 -topk8 -v2 … [-v2prf …] [-scrypt]` writes it.
//!
//! The key derivation parameters come from the file, so they are capped before any work:
//! a hostile file could otherwise ask for minutes of PBKDF2 or gigabytes of scrypt memory.
//!
//! The PBES2 parameters are read with `pkcs5` (`Kdf`, `EncryptionScheme`); their costs are
//! checked here; the derivation (the `pbkdf2` and `scrypt` crates) and the CBC decryption
//! ([`super::cipher`], shared with legacy PEM) are called here directly, because pkcs5 0.8.1's
//! `decrypt_in_place` leaves the derived key unwiped (its own `TODO: zeroize?`); here it
//! lives in a wiped buffer. PBES2's AES-GCM, which no OpenSSL `pkcs8` writes, is refused.
//!
//! Two things are checked before `pkcs5` sees the parameters: the outer structure is read
//! with `spki`'s `AlgorithmIdentifierRef` rather than `pkcs8::EncryptedPrivateKeyInfoRef`,
//! which decodes the scheme at once (an unsupported scheme must still be reported as an
//! encrypted key when no passphrase is given); and the IV length, which pkcs5 0.8.1 does not
//! check for DES-EDE3-CBC before slicing it (a shorter IV panics, a longer one is cut).
//!
//! ```text
//! EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING }
//! PBES2-params  ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier, encryptionScheme AlgorithmIdentifier }
//! AES-CBC / DES-EDE3-CBC parameters: the IV, an OCTET STRING of the block size    (RFC 8018 B.2)
//! ```

use super::cipher::Cipher;
use super::{decrypted, invalid, KeyFormat, KeyInfo, KeyRead};
use crate::error::Result;
use crate::limits::KdfCost;
use der::asn1::{ObjectIdentifier, OctetStringRef};
use der::{Decode, Reader, SliceReader};
use pkcs5::pbes2::{self, EncryptionScheme, Kdf, Pbkdf2Prf};
use spki::AlgorithmIdentifierRef;
use zeroize::Zeroizing;

/// PBKDF2 iteration cap: RFC 8018 §4.2's "10,000,000 may be appropriate" for critical keys.
pub const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;
/// scrypt memory cap, `128·N·r` bytes: 256 MiB (OpenSSL's `-scrypt` default uses 16 MiB).
pub const MAX_SCRYPT_MEMORY: u64 = 256 << 20;
/// scrypt work cap, `128·N·r·p` bytes mixed: 1 GiB.
pub const MAX_SCRYPT_WORK: u64 = 1 << 30;

/// PBES2 parameters this crate implements.
struct Pbes2 {
    kdf: Kdf,
    cipher: Cipher,
    iv: Vec<u8>,
}

/// Why PBES2 parameters were not taken.
#[derive(Debug)]
enum Refused {
    /// An algorithm this crate does not implement (its description).
    Unsupported(String),
    /// Malformed parameters (what is wrong).
    Malformed(String),
}

fn malformed(e: impl core::fmt::Display) -> Refused {
    Refused::Malformed(e.to_string())
}

/// Read an `EncryptedPrivateKeyInfo`.
///
/// # Errors
/// [`crate::Error::KeyInvalid`] when the structure is malformed, or when a passphrase is
/// given and the scheme is not PBES2, uses an algorithm this crate does not implement, has
/// malformed parameters, or asks for more work than the caps above.
pub(super) fn read(der: &[u8], passphrase: Option<&str>) -> Result<KeyRead> {
    let (alg, data) = parse(der).map_err(|e| invalid(format!("not a valid encrypted PKCS#8 key ({e})")))?;
    let locked = KeyInfo {
        algorithm: None,
        bits: None,
        curve: None,
        format: KeyFormat::Pkcs8,
        encrypted: true,
        public_key_sha256: None,
        passphrase_wrong: false,
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
    if alg.oid != pbes2::PBES2_OID {
        return Err(unsupported(describe(alg.oid)));
    }
    let Pbes2 { kdf, cipher, iv } = pbes2_params(&alg).map_err(|e| match e {
        Refused::Unsupported(what) => unsupported(what),
        Refused::Malformed(e) => invalid(format!("the PBES2 parameters are malformed ({e})")),
    })?;
    if kdf.key_length().is_some_and(|len| usize::from(len) != cipher.key_len()) {
        return Err(invalid("the key derivation's key length does not fit the cipher"));
    }
    let key = derive_key(&kdf, passphrase.as_bytes(), cipher.key_len())?;
    let mut buf = Zeroizing::new(data.to_vec());
    match cipher.decrypt(&key, &iv, &mut buf) {
        Some(len) => {
            buf.truncate(len);
            Ok(decrypted(buf, locked))
        }
        None => Ok(KeyRead::Locked { info: locked, wrong_passphrase: true }),
    }
}

/// What deriving this key's decryption key would cost ([`crate::limits`] units), read from its
/// parameters alone; zero for anything that is not PBES2 with PBKDF2 or scrypt (that fails
/// without deriving anything).
pub(super) fn cost(der: &[u8]) -> KdfCost {
    let Ok((alg, _)) = parse(der) else { return KdfCost::default() };
    if alg.oid != pbes2::PBES2_OID {
        return KdfCost::default();
    }
    match pbes2_params(&alg).map(|p| p.kdf) {
        Ok(Kdf::Pbkdf2(p)) => KdfCost { work: u64::from(p.iteration_count), memory: 0 },
        Ok(Kdf::Scrypt(s)) => {
            let nr = s.cost_parameter.saturating_mul(u64::from(s.block_size));
            KdfCost { work: nr.saturating_mul(u64::from(s.parallelization)), memory: nr.saturating_mul(128) }
        }
        _ => KdfCost::default(),
    }
}

/// RFC 8018 §5.2 PBKDF2 or RFC 7914 scrypt, into a wiped buffer, after [`check_cost`].
fn derive_key(kdf: &Kdf, passphrase: &[u8], len: usize) -> Result<Zeroizing<Vec<u8>>> {
    check_cost(kdf)?;
    let mut key = Zeroizing::new(vec![0u8; len]);
    let bad_scrypt = || invalid("the scrypt parameters are invalid");
    match kdf {
        Kdf::Pbkdf2(p) => {
            let (salt, rounds) = (p.salt.as_bytes(), p.iteration_count);
            match p.prf {
                Pbkdf2Prf::HmacWithSha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(passphrase, salt, rounds, &mut key),
                Pbkdf2Prf::HmacWithSha224 => pbkdf2::pbkdf2_hmac::<sha2::Sha224>(passphrase, salt, rounds, &mut key),
                Pbkdf2Prf::HmacWithSha256 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(passphrase, salt, rounds, &mut key),
                Pbkdf2Prf::HmacWithSha384 => pbkdf2::pbkdf2_hmac::<sha2::Sha384>(passphrase, salt, rounds, &mut key),
                Pbkdf2Prf::HmacWithSha512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(passphrase, salt, rounds, &mut key),
                // pkcs5 decodes no other PRF today; a new one is not implemented here.
                other => return Err(invalid(format!("PBKDF2 with {} is not supported", other.oid()))),
            }
        }
        Kdf::Scrypt(s) => {
            // check_cost made N a power of two.
            let log_n = u8::try_from(s.cost_parameter.trailing_zeros()).map_err(|_| bad_scrypt())?;
            let params = scrypt::Params::new(log_n, u32::from(s.block_size), u32::from(s.parallelization))
                .map_err(|_| bad_scrypt())?;
            scrypt::scrypt(passphrase, s.salt.as_bytes(), &params, &mut key).map_err(|_| bad_scrypt())?;
        }
        other => return Err(invalid(format!("PBES2 with key derivation {} is not supported", other.oid()))),
    }
    Ok(key)
}

/// `SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING }`: the
/// algorithm and the encrypted data.
fn parse(der: &[u8]) -> der::Result<(AlgorithmIdentifierRef<'_>, &[u8])> {
    let mut r = SliceReader::new(der)?;
    let parsed = r.sequence(|r| {
        let alg = AlgorithmIdentifierRef::decode(r)?;
        let data = <&OctetStringRef>::decode(r)?;
        Ok::<_, der::Error>((alg, data.as_bytes()))
    })?;
    r.finish()?;
    Ok(parsed)
}

/// `PBES2-params`, with the algorithms this crate implements.
fn pbes2_params(alg: &AlgorithmIdentifierRef<'_>) -> core::result::Result<Pbes2, Refused> {
    let params = alg.parameters.ok_or_else(|| malformed("no parameters"))?;
    let (kdf_alg, cipher_alg) = params
        .sequence(|r| Ok::<_, der::Error>((AlgorithmIdentifierRef::decode(r)?, AlgorithmIdentifierRef::decode(r)?)))
        .map_err(malformed)?;
    // The cipher first: an unsupported one is named even when the KDF is unsupported too.
    let cipher = match cipher_alg.oid {
        pbes2::AES_128_CBC_OID => Cipher::Aes128,
        pbes2::AES_192_CBC_OID => Cipher::Aes192,
        pbes2::AES_256_CBC_OID => Cipher::Aes256,
        pbes2::DES_EDE3_CBC_OID => Cipher::DesEde3,
        oid => return Err(Refused::Unsupported(format!("PBES2 with cipher {oid}"))),
    };
    // The IV: exactly one block, as OpenSSL requires (checked before pkcs5 slices it).
    let iv = cipher_alg
        .parameters
        .and_then(|p| p.decode_as::<&OctetStringRef>().ok())
        .ok_or_else(|| malformed("expected the IV as an OCTET STRING"))?
        .as_bytes();
    if iv.len() != cipher.block_len() {
        return Err(malformed("the IV is not one cipher block"));
    }
    let iv = match EncryptionScheme::try_from(cipher_alg).map_err(malformed)? {
        EncryptionScheme::Aes128Cbc { iv } | EncryptionScheme::Aes192Cbc { iv } | EncryptionScheme::Aes256Cbc { iv } => iv.to_vec(),
        EncryptionScheme::DesEde3Cbc { iv } => iv.to_vec(),
        other => return Err(Refused::Unsupported(format!("PBES2 with cipher {}", other.oid()))),
    };
    if kdf_alg.oid != pbes2::PBKDF2_OID && kdf_alg.oid != pbes2::SCRYPT_OID {
        return Err(Refused::Unsupported(format!("PBES2 with key derivation {}", kdf_alg.oid)));
    }
    // The salt's `otherSource` alternative is not supported (as in OpenSSL); a PRF pkcs5 does
    // not know is named.
    let kdf = Kdf::try_from(kdf_alg).map_err(|e| match e.kind() {
        der::ErrorKind::OidUnknown { oid } => Refused::Unsupported(format!("PBKDF2 with {oid}")),
        _ => malformed(e),
    })?;
    Ok(Pbes2 { kdf, cipher, iv })
}

/// Name the password-based schemes users meet that are not PBES2.
fn describe(oid: ObjectIdentifier) -> String {
    let dotted = oid.to_string();
    let name = match dotted.as_str() {
        "1.2.840.113549.1.12.1.3" => "pbeWithSHAAnd3-KeyTripleDES-CBC (PKCS#12)",
        "1.2.840.113549.1.12.1.6" => "pbeWithSHAAnd40BitRC2-CBC (PKCS#12)",
        "1.2.840.113549.1.12.1.1" => "pbeWithSHAAnd128BitRC4 (PKCS#12)",
        // RFC 8018 A.3: the PBES1 OIDs under pkcs-5.
        d if d.strip_prefix("1.2.840.113549.1.5.").is_some_and(|arc| ["1", "3", "4", "6", "10", "11"].contains(&arc)) => "PBES1",
        _ => "",
    };
    if name.is_empty() { dotted } else { format!("{name} ({dotted})") }
}

/// Refuse key-derivation parameters that would stall or exhaust the caller: checked on the
/// parameters as `pkcs5` read them, before any derivation starts.
fn check_cost(kdf: &Kdf) -> Result<()> {
    match kdf {
        Kdf::Pbkdf2(p) if p.iteration_count > MAX_PBKDF2_ITERATIONS => Err(invalid(format!(
            "PBKDF2 iteration count {} is above the {MAX_PBKDF2_ITERATIONS} this tool accepts",
            p.iteration_count
        ))),
        Kdf::Scrypt(s) => {
            let (n, r, p) = (s.cost_parameter, s.block_size, s.parallelization);
            if n < 2 || !n.is_power_of_two() {
                return Err(invalid("the scrypt cost N must be a power of two above 1"));
            }
            // N < 2^64, r < 2^16: the memory fits in u128; the work saturates.
            let memory = u128::from(n) * u128::from(r) * 128;
            let work = memory.saturating_mul(u128::from(p));
            if memory > u128::from(MAX_SCRYPT_MEMORY) || work > u128::from(MAX_SCRYPT_WORK) {
                return Err(invalid(format!(
                    "scrypt parameters N={n}, r={r}, p={p} ask for more memory or work than this tool accepts"
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
    use pkcs5::pbes2::{Pbkdf2Params, ScryptParams};

    /// DER TLV with a definite length (short or long form).
    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        match content.len() {
            n @ 0..=127 => out.push(u8::try_from(n).unwrap()),
            n @ 128..=255 => out.extend([0x81, u8::try_from(n).unwrap()]),
            n => out.extend([0x82, u8::try_from(n >> 8).unwrap(), u8::try_from(n & 0xff).unwrap()]),
        }
        out.extend_from_slice(content);
        out
    }

    fn sequence(parts: &[&[u8]]) -> Vec<u8> {
        tlv(0x30, &parts.concat())
    }

    fn oid(dotted: &str) -> Vec<u8> {
        tlv(0x06, ObjectIdentifier::new(dotted).unwrap().as_bytes())
    }

    fn octets(content: &[u8]) -> Vec<u8> {
        tlv(0x04, content)
    }

    fn int(content: &[u8]) -> Vec<u8> {
        tlv(0x02, content)
    }

    /// An `EncryptedPrivateKeyInfo` with PBES2 over `kdf` and `cipher` (whole AlgorithmIdentifiers).
    fn encrypted(kdf: &[u8], cipher: &[u8], data: &[u8]) -> Vec<u8> {
        let alg = sequence(&[&oid("1.2.840.113549.1.5.13"), &sequence(&[kdf, cipher])]);
        sequence(&[&alg, &octets(data)])
    }

    fn pbkdf2(fields: &[&[u8]]) -> Vec<u8> {
        sequence(&[&oid("1.2.840.113549.1.5.12"), &sequence(fields)])
    }

    fn aes256(iv: &[u8]) -> Vec<u8> {
        sequence(&[&oid("2.16.840.1.101.3.4.1.42"), &octets(iv)])
    }

    fn des3(iv: &[u8]) -> Vec<u8> {
        sequence(&[&oid("1.2.840.113549.3.7"), &octets(iv)])
    }

    fn read_err(der: &[u8]) -> String {
        read(der, Some("x")).unwrap_err().to_string()
    }

    fn params_of(der: &[u8]) -> core::result::Result<Pbes2, Refused> {
        pbes2_params(&parse(der).unwrap().0)
    }

    fn pbkdf2_kdf(iteration_count: u32) -> Kdf {
        Kdf::Pbkdf2(Pbkdf2Params { salt: pbes2::Salt::new([7; 16]).unwrap(), iteration_count, key_length: None, prf: Pbkdf2Prf::HmacWithSha256 })
    }

    fn scrypt_kdf(n: u64, r: u16, p: u16) -> Kdf {
        Kdf::Scrypt(ScryptParams { salt: pbes2::Salt::new([]).unwrap(), cost_parameter: n, block_size: r, parallelization: p, key_length: None })
    }

    #[test]
    fn pbkdf2_iterations_are_capped() {
        assert!(check_cost(&pbkdf2_kdf(MAX_PBKDF2_ITERATIONS)).is_ok());
        let e = check_cost(&pbkdf2_kdf(MAX_PBKDF2_ITERATIONS + 1)).unwrap_err();
        assert_eq!(e.code(), "KEY_INVALID");
        assert!(e.to_string().contains("10000001"), "{e}");
        let e = check_cost(&pbkdf2_kdf(u32::MAX)).unwrap_err();
        assert!(e.to_string().contains(&u32::MAX.to_string()), "{e}");
    }

    #[test]
    fn scrypt_costs_are_capped() {
        assert!(check_cost(&scrypt_kdf(16_384, 8, 1)).is_ok());
        // 128·N·r = 256 MiB is the most memory; 1 GiB the most work.
        assert!(check_cost(&scrypt_kdf(1 << 18, 8, 4)).is_ok());
        assert!(check_cost(&scrypt_kdf(1 << 19, 8, 1)).is_err());
        assert!(check_cost(&scrypt_kdf(1 << 18, 8, 5)).is_err());
        assert!(check_cost(&scrypt_kdf(1 << 63, u16::MAX, u16::MAX)).is_err());
        assert!(check_cost(&scrypt_kdf(1, 8, 1)).is_err());
        assert!(check_cost(&scrypt_kdf(3, 8, 1)).is_err());
    }

    /// A huge count is refused before any derivation: reading it takes no measurable time.
    #[test]
    fn costs_are_checked_before_deriving() {
        let salt = octets(&[1; 16]);
        let der = encrypted(&pbkdf2(&[&salt, &int(&[0x7f, 0xff, 0xff, 0xff])]), &aes256(&[2; 16]), &[0; 16]);
        let started = std::time::Instant::now();
        let e = read_err(&der);
        assert!(e.contains("2147483647") && e.contains("above"), "{e}");
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        let scrypt = sequence(&[&oid("1.3.6.1.4.1.11591.4.11"), &sequence(&[&salt, &int(&[0x40, 0, 0, 0]), &int(&[8]), &int(&[1])])]);
        let e = read_err(&encrypted(&scrypt, &aes256(&[2; 16]), &[0; 16]));
        assert!(e.contains("N=1073741824, r=8, p=1"), "{e}");
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn parameters_are_read() {
        let salt = octets(&[1; 16]);
        let prf = |last: u8| sequence(&[&oid(&format!("1.2.840.113549.2.{last}")), &[0x05, 0]]);
        for (last, want) in [
            (7, Pbkdf2Prf::HmacWithSha1),
            (8, Pbkdf2Prf::HmacWithSha224),
            (9, Pbkdf2Prf::HmacWithSha256),
            (10, Pbkdf2Prf::HmacWithSha384),
            (11, Pbkdf2Prf::HmacWithSha512),
        ] {
            let der = encrypted(&pbkdf2(&[&salt, &int(&[0x08, 0x00]), &prf(last)]), &aes256(&[2; 16]), &[0; 16]);
            let Ok(p) = params_of(&der) else { panic!("{last}") };
            let Kdf::Pbkdf2(k) = &p.kdf else { panic!("{last}") };
            assert_eq!((k.salt.as_bytes(), k.iteration_count, k.key_length, k.prf), (&[1u8; 16][..], 2048, None, want));
            assert_eq!((p.cipher, p.iv.as_slice()), (Cipher::Aes256, &[2u8; 16][..]));
        }
        // The PRF defaults to HMAC-SHA1; a key length is read.
        let der = encrypted(&pbkdf2(&[&salt, &int(&[1]), &int(&[32])]), &aes256(&[2; 16]), &[0; 16]);
        let Ok(p) = params_of(&der) else { panic!() };
        let Kdf::Pbkdf2(k) = &p.kdf else { panic!() };
        assert_eq!((k.iteration_count, k.key_length, k.prf), (1, Some(32), Pbkdf2Prf::HmacWithSha1));
        // scrypt, DES-EDE3-CBC.
        let scrypt = sequence(&[&oid("1.3.6.1.4.1.11591.4.11"), &sequence(&[&salt, &int(&[0x40, 0x00]), &int(&[8]), &int(&[1])])]);
        let Ok(p) = params_of(&encrypted(&scrypt, &des3(&[3; 8]), &[0; 8])) else { panic!() };
        let Kdf::Scrypt(k) = &p.kdf else { panic!() };
        assert_eq!((k.cost_parameter, k.block_size, k.parallelization, k.key_length), (16_384, 8, 1, None));
        assert_eq!((p.cipher, p.iv.as_slice()), (Cipher::DesEde3, &[3u8; 8][..]));
    }

    #[test]
    fn unsupported_and_malformed_parameters_are_key_invalid() {
        let salt = octets(&[1; 16]);
        let kdf = pbkdf2(&[&salt, &int(&[8])]);
        // AES-256-GCM (2.16.840.1.101.3.4.1.46), which pkcs5 reads, and AES-192-GCM, which it
        // does not, are named.
        for (dotted, nonce) in [("2.16.840.1.101.3.4.1.46", 12), ("2.16.840.1.101.3.4.1.26", 12)] {
            let gcm = sequence(&[&oid(dotted), &octets(&vec![2; nonce])]);
            let e = read_err(&encrypted(&kdf, &gcm, &[0; 16]));
            assert!(e.contains(dotted) && e.contains("not supported"), "{e}");
        }
        // hmacWithSHA512-224 (1.2.840.113549.2.12).
        let prf = sequence(&[&oid("1.2.840.113549.2.12")]);
        let e = read_err(&encrypted(&pbkdf2(&[&salt, &int(&[8]), &prf]), &aes256(&[2; 16]), &[0; 16]));
        assert!(e.contains("PBKDF2 with 1.2.840.113549.2.12"), "{e}");
        // An unknown KDF; PBES1; PKCS#12.
        let other = sequence(&[&oid("1.2.3"), &sequence(&[])]);
        assert!(read_err(&encrypted(&other, &aes256(&[2; 16]), &[0; 16])).contains("key derivation 1.2.3"));
        let pbes1 = sequence(&[&sequence(&[&oid("1.2.840.113549.1.5.10"), &sequence(&[])]), &octets(&[0; 8])]);
        assert!(read_err(&pbes1).contains("PBES1 (1.2.840.113549.1.5.10)"));
        // IVs of the wrong size, including DES-EDE3 IVs shorter than a block (which make
        // pkcs5 0.8.1 panic) and longer (which it cuts).
        for cipher in [aes256(&[2; 15]), aes256(&[2; 17]), des3(&[3; 4]), des3(&[3; 9]), des3(&[])] {
            let e = read_err(&encrypted(&kdf, &cipher, &[0; 16]));
            assert!(e.contains("IV"), "{e}");
        }
        // A key length that does not fit the cipher; a PRF with parameters; trailing fields.
        let long = pbkdf2(&[&salt, &int(&[8]), &int(&[16])]);
        assert!(read_err(&encrypted(&long, &aes256(&[2; 16]), &[0; 16])).contains("key length"));
        let prf = sequence(&[&oid("1.2.840.113549.2.9"), &octets(&[])]);
        assert!(read_err(&encrypted(&pbkdf2(&[&salt, &int(&[8]), &prf]), &aes256(&[2; 16]), &[0; 16])).contains("malformed"));
        let trailing = pbkdf2(&[&salt, &int(&[8]), &int(&[32]), &octets(&[])]);
        assert!(read_err(&encrypted(&trailing, &aes256(&[2; 16]), &[0; 16])).contains("malformed"));
        // Non-minimal INTEGERs and lengths (DER) in the parameters.
        let padded = pbkdf2(&[&salt, &int(&[0, 8])]);
        assert!(read_err(&encrypted(&padded, &aes256(&[2; 16]), &[0; 16])).contains("malformed"));
        // Without a passphrase none of this is looked at.
        let gcm = sequence(&[&oid("2.16.840.1.101.3.4.1.46"), &octets(&[2; 12])]);
        assert!(matches!(read(&encrypted(&kdf, &gcm, &[0; 16]), None).unwrap(), KeyRead::Locked { wrong_passphrase: false, .. }));
        assert!(matches!(read(&encrypted(&kdf, &des3(&[3; 4]), &[0; 16]), None).unwrap(), KeyRead::Locked { wrong_passphrase: false, .. }));
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
        // A long-form length where the short form fits is not DER.
        let long = [0x30, 0x81, 0x08, 0x30, 0x04, 0x06, 0x02, 0x2a, 0x03, 0x04, 0x00];
        assert_eq!(read(&long, None).unwrap_err().code(), "KEY_INVALID");
    }
}
