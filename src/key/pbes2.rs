//! Encrypted PKCS#8 (RFC 5208 §6 `EncryptedPrivateKeyInfo`) with PBES2 (RFC 8018 §6.2):
//! PBKDF2 (HMAC-SHA1/-SHA224/-SHA256/-SHA384/-SHA512) or scrypt (RFC 7914), then AES-128/
//! 192/256-CBC or DES-EDE3-CBC, as `openssl pkcs8 -topk8 -v2 … [-v2prf …] [-scrypt]` writes it.
//!
//! The key derivation parameters come from the file, so they are capped before any work:
//! a hostile file could otherwise ask for minutes of PBKDF2 or gigabytes of scrypt memory.
//!
//! The parameters are read here with [`crate::der`]; the derivation (the `pbkdf2` and `scrypt`
//! crates) and the CBC decryption ([`super::cipher`], shared with legacy PEM) are called
//! directly, the derived key in a wiped buffer. PBES2's AES-GCM, which no OpenSSL `pkcs8`
//! writes, is not implemented.
//!
//! ```text
//! EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING }
//! PBES2-params  ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier, encryptionScheme AlgorithmIdentifier }
//! PBKDF2-params ::= SEQUENCE { salt OCTET STRING, iterationCount INTEGER, keyLength INTEGER OPTIONAL,
//!                              prf AlgorithmIdentifier DEFAULT hmacWithSHA1 }          (RFC 8018 A.2)
//! scrypt-params ::= SEQUENCE { salt OCTET STRING, costParameter INTEGER, blockSize INTEGER,
//!                              parallelizationParameter INTEGER, keyLength INTEGER OPTIONAL } (RFC 7914 §7)
//! AES-CBC / DES-EDE3-CBC parameters: the IV, an OCTET STRING of the block size    (RFC 8018 B.2)
//! ```

use super::cipher::Cipher;
use super::decode::small_uint;
use super::{decrypted, invalid, KeyFormat, KeyInfo, KeyRead};
use crate::der::{self, tag, DerError, DerResult, Oid, Reader, Tlv};
use crate::error::Result;
use zeroize::Zeroizing;

/// PBKDF2 iteration cap: RFC 8018 §4.2's "10,000,000 may be appropriate" for critical keys.
pub const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;
/// scrypt memory cap, `128·N·r` bytes: 256 MiB (OpenSSL's `-scrypt` default uses 16 MiB).
pub const MAX_SCRYPT_MEMORY: u64 = 256 << 20;
/// scrypt work cap, `128·N·r·p` bytes mixed: 1 GiB.
pub const MAX_SCRYPT_WORK: u64 = 1 << 30;

/// The OIDs of PBES2 and its parts (content octets).
mod oids {
    /// 1.2.840.113549.1.5: PKCS#5; `.13` PBES2, `.12` PBKDF2, `.1 .3 .4 .6 .10 .11` PBES1.
    pub const PKCS5: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05];
    pub const PBES2: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d];
    pub const PBKDF2: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0c];
    /// 1.3.6.1.4.1.11591.4.11 (RFC 7914 §7).
    pub const SCRYPT: &[u8] = &[0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x04, 0x0b];
    /// 1.2.840.113549.2: digest algorithms; `.7` hmacWithSHA1, `.8` -SHA224, `.9` -SHA256,
    /// `.10` -SHA384, `.11` -SHA512.
    pub const DIGEST: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02];
    /// 2.16.840.1.101.3.4.1: AES; `.2` aes128-CBC, `.22` aes192-CBC, `.42` aes256-CBC.
    pub const AES: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01];
    /// 1.2.840.113549.3.7.
    pub const DES_EDE3_CBC: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x03, 0x07];
}

/// The last arc of `oid` when it is a one-octet arc under `arc`.
fn arc_under(oid: Oid<'_>, arc: &[u8]) -> Option<u8> {
    match oid.as_bytes().strip_prefix(arc)? {
        [last] if last & 0x80 == 0 => Some(*last),
        _ => None,
    }
}

/// PBKDF2's pseudorandom function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prf {
    HmacSha1,
    HmacSha224,
    HmacSha256,
    HmacSha384,
    HmacSha512,
}

/// The key derivation, as the file states it (costs not yet checked).
#[derive(Debug, PartialEq, Eq)]
enum Kdf<'a> {
    Pbkdf2 { salt: &'a [u8], iterations: u64, key_length: Option<u64>, prf: Prf },
    Scrypt { salt: &'a [u8], n: u64, r: u64, p: u64, key_length: Option<u64> },
}

impl Kdf<'_> {
    fn key_length(&self) -> Option<u64> {
        match self {
            Kdf::Pbkdf2 { key_length, .. } | Kdf::Scrypt { key_length, .. } => *key_length,
        }
    }
}

/// PBES2 parameters this crate implements.
struct Pbes2<'a> {
    kdf: Kdf<'a>,
    cipher: Cipher,
    iv: &'a [u8],
}

/// Why PBES2 parameters were not taken.
enum Refused {
    /// An algorithm this crate does not implement (its description).
    Unsupported(String),
    /// Malformed parameters.
    Malformed(DerError),
}

impl From<DerError> for Refused {
    fn from(e: DerError) -> Self {
        Refused::Malformed(e)
    }
}

/// Read an `EncryptedPrivateKeyInfo`.
///
/// # Errors
/// [`crate::Error::KeyInvalid`] when the structure is malformed, or when a passphrase is
/// given and the scheme is not PBES2, uses an algorithm this crate does not implement, has
/// malformed parameters, or asks for more work than the caps above.
pub(super) fn read(der: &[u8], passphrase: Option<&str>) -> Result<KeyRead> {
    let (alg, params, data) = parse(der).map_err(|e| invalid(format!("not a valid encrypted PKCS#8 key ({e})")))?;
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
    if !alg.is(oids::PBES2) {
        return Err(unsupported(describe(alg)));
    }
    let Pbes2 { kdf, cipher, iv } = pbes2_params(params).map_err(|e| match e {
        Refused::Unsupported(what) => unsupported(what),
        Refused::Malformed(e) => invalid(format!("the PBES2 parameters are malformed ({e})")),
    })?;
    if kdf.key_length().is_some_and(|len| usize::try_from(len).ok() != Some(cipher.key_len())) {
        return Err(invalid("the key derivation's key length does not fit the cipher"));
    }
    let key = derive_key(&kdf, passphrase.as_bytes(), cipher.key_len())?;
    let mut buf = Zeroizing::new(data.to_vec());
    match cipher.decrypt(&key, iv, &mut buf) {
        Some(len) => {
            buf.truncate(len);
            Ok(decrypted(buf, locked))
        }
        None => Ok(KeyRead::Locked { info: locked, wrong_passphrase: true }),
    }
}

/// RFC 8018 §5.2 PBKDF2 or RFC 7914 scrypt, into a wiped buffer, after [`check_cost`].
fn derive_key(kdf: &Kdf<'_>, passphrase: &[u8], len: usize) -> Result<Zeroizing<Vec<u8>>> {
    check_cost(kdf)?;
    let mut key = Zeroizing::new(vec![0u8; len]);
    let bad_scrypt = || invalid("the scrypt parameters are invalid");
    match *kdf {
        Kdf::Pbkdf2 { salt, iterations, prf, .. } => {
            // check_cost bounded the count.
            let rounds = u32::try_from(iterations).unwrap_or(MAX_PBKDF2_ITERATIONS);
            match prf {
                Prf::HmacSha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(passphrase, salt, rounds, &mut key),
                Prf::HmacSha224 => pbkdf2::pbkdf2_hmac::<sha2::Sha224>(passphrase, salt, rounds, &mut key),
                Prf::HmacSha256 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(passphrase, salt, rounds, &mut key),
                Prf::HmacSha384 => pbkdf2::pbkdf2_hmac::<sha2::Sha384>(passphrase, salt, rounds, &mut key),
                Prf::HmacSha512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(passphrase, salt, rounds, &mut key),
            }
        }
        Kdf::Scrypt { salt, n, r, p, .. } => {
            // check_cost made N a power of two and bounded r and p.
            let log_n = u8::try_from(n.trailing_zeros()).map_err(|_| bad_scrypt())?;
            let r = u32::try_from(r).map_err(|_| bad_scrypt())?;
            let p = u32::try_from(p).map_err(|_| bad_scrypt())?;
            let params = scrypt::Params::new(log_n, r, p).map_err(|_| bad_scrypt())?;
            scrypt::scrypt(passphrase, salt, &params, &mut key).map_err(|_| bad_scrypt())?;
        }
    }
    Ok(key)
}

/// `SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING }`: the
/// algorithm, its parameters and the encrypted data.
fn parse(der: &[u8]) -> DerResult<(Oid<'_>, Option<Tlv<'_>>, &[u8])> {
    let mut r = Reader::new(der);
    let mut s = r.sequence()?;
    r.finish()?;
    let (alg, params) = der::algorithm_identifier(&mut s)?;
    let data = s.octet_string()?;
    s.finish()?;
    Ok((alg, params, data))
}

/// `PBES2-params`, with the algorithms this crate implements.
fn pbes2_params<'a>(params: Option<Tlv<'a>>) -> core::result::Result<Pbes2<'a>, Refused> {
    let params = params.filter(|p| p.tag == tag::SEQUENCE).ok_or(DerError("expected a SEQUENCE"))?;
    let mut r = params.reader();
    let (kdf_oid, kdf_params) = der::algorithm_identifier(&mut r)?;
    let (cipher_oid, cipher_params) = der::algorithm_identifier(&mut r)?;
    r.finish()?;
    // The cipher first: an unsupported one is named even when the KDF is unsupported too.
    let cipher = match (arc_under(cipher_oid, oids::AES), cipher_oid.is(oids::DES_EDE3_CBC)) {
        (Some(2), _) => Cipher::Aes128,
        (Some(22), _) => Cipher::Aes192,
        (Some(42), _) => Cipher::Aes256,
        (_, true) => Cipher::DesEde3,
        _ => return Err(Refused::Unsupported(format!("PBES2 with cipher {cipher_oid}"))),
    };
    // The IV: exactly one block, as OpenSSL requires.
    let iv = cipher_params.filter(|p| p.tag == tag::OCTET_STRING).ok_or(DerError("expected the IV as an OCTET STRING"))?.value;
    if iv.len() != cipher.block_len() {
        return Err(Refused::Malformed(DerError("the IV is not one cipher block")));
    }
    let kdf_params = kdf_params.filter(|p| p.tag == tag::SEQUENCE).ok_or(DerError("expected a SEQUENCE"));
    let kdf = if kdf_oid.is(oids::PBKDF2) {
        pbkdf2_params(kdf_params?.reader())?
    } else if kdf_oid.is(oids::SCRYPT) {
        let mut r = kdf_params?.reader();
        let salt = r.octet_string()?;
        let (n, r_, p) = (small_uint(&mut r)?, small_uint(&mut r)?, small_uint(&mut r)?);
        let key_length = if r.peek_tag() == Some(tag::INTEGER) { Some(small_uint(&mut r)?) } else { None };
        r.finish()?;
        Kdf::Scrypt { salt, n, r: r_, p, key_length }
    } else {
        return Err(Refused::Unsupported(format!("PBES2 with key derivation {kdf_oid}")));
    };
    Ok(Pbes2 { kdf, cipher, iv })
}

/// `PBKDF2-params` (the salt's `otherSource` alternative is not supported, as in OpenSSL).
fn pbkdf2_params(mut r: Reader<'_>) -> core::result::Result<Kdf<'_>, Refused> {
    let salt = r.octet_string()?;
    let iterations = small_uint(&mut r)?;
    let key_length = if r.peek_tag() == Some(tag::INTEGER) { Some(small_uint(&mut r)?) } else { None };
    let prf = if r.is_empty() {
        Prf::HmacSha1
    } else {
        let (prf, params) = der::algorithm_identifier(&mut r)?;
        if params.is_some_and(|p| p.tag != tag::NULL || !p.value.is_empty()) {
            return Err(Refused::Malformed(DerError("PRF parameters must be NULL or absent")));
        }
        match arc_under(prf, oids::DIGEST) {
            Some(7) => Prf::HmacSha1,
            Some(8) => Prf::HmacSha224,
            Some(9) => Prf::HmacSha256,
            Some(10) => Prf::HmacSha384,
            Some(11) => Prf::HmacSha512,
            _ => return Err(Refused::Unsupported(format!("PBKDF2 with {prf}"))),
        }
    };
    r.finish()?;
    Ok(Kdf::Pbkdf2 { salt, iterations, key_length, prf })
}

/// Name the password-based schemes users meet that are not PBES2.
fn describe(alg: Oid<'_>) -> String {
    let name = match (arc_under(alg, oids::PKCS5), alg.to_string().as_str()) {
        (Some(1 | 3 | 4 | 6 | 10 | 11), _) => "PBES1",
        (_, "1.2.840.113549.1.12.1.3") => "pbeWithSHAAnd3-KeyTripleDES-CBC (PKCS#12)",
        (_, "1.2.840.113549.1.12.1.6") => "pbeWithSHAAnd40BitRC2-CBC (PKCS#12)",
        (_, "1.2.840.113549.1.12.1.1") => "pbeWithSHAAnd128BitRC4 (PKCS#12)",
        _ => "",
    };
    if name.is_empty() { alg.to_string() } else { format!("{name} ({alg})") }
}

/// Refuse key-derivation parameters that would stall or exhaust the caller.
fn check_cost(kdf: &Kdf<'_>) -> Result<()> {
    match *kdf {
        Kdf::Pbkdf2 { iterations, .. } if iterations > u64::from(MAX_PBKDF2_ITERATIONS) => Err(invalid(format!(
            "PBKDF2 iteration count {iterations} is above the {MAX_PBKDF2_ITERATIONS} this tool accepts"
        ))),
        Kdf::Scrypt { n, r, p, .. } => {
            if n < 2 || !n.is_power_of_two() {
                return Err(invalid("the scrypt cost N must be a power of two above 1"));
            }
            // N, r < 2^64: the memory fits in u128; the work saturates.
            let memory = u128::from(n) * u128::from(r) * 128;
            let work = memory.saturating_mul(u128::from(p));
            if memory > u128::from(MAX_SCRYPT_MEMORY) || work > u128::from(MAX_SCRYPT_WORK) {
                return Err(invalid(format!(
                    "scrypt parameters N={n}, r={r}, p={p} ask for more memory or work than this tool accepts"
                )));
            }
            Ok(())
        }
        Kdf::Pbkdf2 { .. } => Ok(()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;
    use crate::der::{sequence, tlv};

    fn oid(content: &[u8]) -> Vec<u8> {
        tlv(tag::OID, content)
    }

    fn octets(content: &[u8]) -> Vec<u8> {
        tlv(tag::OCTET_STRING, content)
    }

    fn with_last(prefix: &[u8], last: u8) -> Vec<u8> {
        let mut v = prefix.to_vec();
        v.push(last);
        v
    }

    /// An `EncryptedPrivateKeyInfo` with PBES2 over `kdf` and `cipher` (whole AlgorithmIdentifiers).
    fn encrypted(kdf: &[u8], cipher: &[u8], data: &[u8]) -> Vec<u8> {
        let alg = sequence(&[&oid(oids::PBES2), &sequence(&[kdf, cipher])]);
        sequence(&[&alg, &octets(data)])
    }

    fn pbkdf2(fields: &[&[u8]]) -> Vec<u8> {
        sequence(&[&oid(oids::PBKDF2), &sequence(fields)])
    }

    fn aes256(iv: &[u8]) -> Vec<u8> {
        sequence(&[&oid(&with_last(oids::AES, 42)), &octets(iv)])
    }

    fn read_err(der: &[u8]) -> String {
        read(der, Some("x")).unwrap_err().to_string()
    }

    #[test]
    fn oids_are_the_registered_ones() {
        // Dotted forms from RFC 8018 (A.2, A.4, B.1, B.2), RFC 7914 §7 and NIST's CSOR.
        let dotted = |b: &[u8]| Oid::new(b).unwrap().to_string();
        assert_eq!(dotted(oids::PBES2), "1.2.840.113549.1.5.13");
        assert_eq!(dotted(oids::PBKDF2), "1.2.840.113549.1.5.12");
        assert_eq!(dotted(oids::SCRYPT), "1.3.6.1.4.1.11591.4.11");
        assert_eq!(dotted(&with_last(oids::DIGEST, 7)), "1.2.840.113549.2.7");
        assert_eq!(dotted(&with_last(oids::DIGEST, 11)), "1.2.840.113549.2.11");
        assert_eq!(dotted(&with_last(oids::AES, 2)), "2.16.840.1.101.3.4.1.2");
        assert_eq!(dotted(&with_last(oids::AES, 42)), "2.16.840.1.101.3.4.1.42");
        assert_eq!(dotted(oids::DES_EDE3_CBC), "1.2.840.113549.3.7");
    }

    #[test]
    fn pbkdf2_iterations_are_capped() {
        let kdf = |iterations| Kdf::Pbkdf2 { salt: &[7; 16], iterations, key_length: None, prf: Prf::HmacSha256 };
        assert!(check_cost(&kdf(u64::from(MAX_PBKDF2_ITERATIONS))).is_ok());
        let e = check_cost(&kdf(u64::from(MAX_PBKDF2_ITERATIONS) + 1)).unwrap_err();
        assert_eq!(e.code(), "KEY_INVALID");
        assert!(e.to_string().contains("10000001"), "{e}");
        let e = check_cost(&kdf(u64::MAX)).unwrap_err();
        assert!(e.to_string().contains(&u64::MAX.to_string()), "{e}");
    }

    #[test]
    fn scrypt_costs_are_capped() {
        let kdf = |n, r, p| Kdf::Scrypt { salt: &[], n, r, p, key_length: None };
        assert!(check_cost(&kdf(16_384, 8, 1)).is_ok());
        // 128·N·r = 256 MiB is the most memory; 1 GiB the most work.
        assert!(check_cost(&kdf(1 << 18, 8, 4)).is_ok());
        assert!(check_cost(&kdf(1 << 19, 8, 1)).is_err());
        assert!(check_cost(&kdf(1 << 18, 8, 5)).is_err());
        assert!(check_cost(&kdf(2, u64::MAX, u64::MAX)).is_err());
        assert!(check_cost(&kdf(1, 8, 1)).is_err());
        assert!(check_cost(&kdf(3, 8, 1)).is_err());
    }

    #[test]
    fn parameters_are_read() {
        let salt = octets(&[1; 16]);
        let prf = |last| sequence(&[&oid(&with_last(oids::DIGEST, last)), &[tag::NULL, 0]]);
        for (last, want) in [(7, Prf::HmacSha1), (8, Prf::HmacSha224), (9, Prf::HmacSha256), (10, Prf::HmacSha384), (11, Prf::HmacSha512)] {
            let der = encrypted(&pbkdf2(&[&salt, &crate::der::uint(&[0x08, 0x00]), &prf(last)]), &aes256(&[2; 16]), &[0; 16]);
            let (_, params, _) = parse(&der).unwrap();
            let Ok(p) = pbes2_params(params) else { panic!("{last}") };
            assert_eq!(p.kdf, Kdf::Pbkdf2 { salt: &[1; 16], iterations: 2048, key_length: None, prf: want });
            assert_eq!((p.cipher, p.iv), (Cipher::Aes256, &[2u8; 16][..]));
        }
        // The PRF defaults to HMAC-SHA1; a key length is read.
        let der = encrypted(&pbkdf2(&[&salt, &crate::der::uint(&[1]), &crate::der::uint(&[32])]), &aes256(&[2; 16]), &[0; 16]);
        let (_, params, _) = parse(&der).unwrap();
        let Ok(p) = pbes2_params(params) else { panic!() };
        assert_eq!(p.kdf, Kdf::Pbkdf2 { salt: &[1; 16], iterations: 1, key_length: Some(32), prf: Prf::HmacSha1 });
        // scrypt.
        let n_r_p: Vec<u8> = [crate::der::uint(&[0x40, 0x00]), crate::der::uint(&[8]), crate::der::uint(&[1])].concat();
        let scrypt = sequence(&[&oid(oids::SCRYPT), &sequence(&[&salt, &n_r_p])]);
        let des = sequence(&[&oid(oids::DES_EDE3_CBC), &octets(&[3; 8])]);
        let der = encrypted(&scrypt, &des, &[0; 8]);
        let (_, params, _) = parse(&der).unwrap();
        let Ok(p) = pbes2_params(params) else { panic!() };
        assert_eq!(p.kdf, Kdf::Scrypt { salt: &[1; 16], n: 16_384, r: 8, p: 1, key_length: None });
        assert_eq!((p.cipher, p.iv), (Cipher::DesEde3, &[3u8; 8][..]));
    }

    #[test]
    fn unsupported_and_malformed_parameters_are_key_invalid() {
        let salt = octets(&[1; 16]);
        let kdf = pbkdf2(&[&salt, &crate::der::uint(&[8])]);
        // AES-256-GCM (2.16.840.1.101.3.4.1.46) is named.
        let gcm = sequence(&[&oid(&with_last(oids::AES, 46)), &octets(&[2; 12])]);
        let e = read_err(&encrypted(&kdf, &gcm, &[0; 16]));
        assert!(e.contains("2.16.840.1.101.3.4.1.46") && e.contains("not supported"), "{e}");
        // hmacWithSHA512-224 (1.2.840.113549.2.12).
        let prf = sequence(&[&oid(&with_last(oids::DIGEST, 12))]);
        let e = read_err(&encrypted(&pbkdf2(&[&salt, &crate::der::uint(&[8]), &prf]), &aes256(&[2; 16]), &[0; 16]));
        assert!(e.contains("PBKDF2 with 1.2.840.113549.2.12"), "{e}");
        // An unknown KDF; PBES1; PKCS#12.
        let other = sequence(&[&oid(&[0x2a, 0x03]), &sequence(&[])]);
        assert!(read_err(&encrypted(&other, &aes256(&[2; 16]), &[0; 16])).contains("key derivation 1.2.3"));
        let pbes1 = sequence(&[&sequence(&[&oid(&with_last(oids::PKCS5, 10)), &sequence(&[])]), &octets(&[0; 8])]);
        assert!(read_err(&pbes1).contains("PBES1 (1.2.840.113549.1.5.10)"));
        // IVs of the wrong size, including DES-EDE3 IVs shorter than a block (which made
        // pkcs5 0.8 panic).
        for cipher in [aes256(&[2; 15]), aes256(&[2; 17]), sequence(&[&oid(oids::DES_EDE3_CBC), &octets(&[3; 4])]), sequence(&[&oid(oids::DES_EDE3_CBC), &octets(&[3; 9])])] {
            let e = read_err(&encrypted(&kdf, &cipher, &[0; 16]));
            assert!(e.contains("IV"), "{e}");
        }
        // A key length that does not fit the cipher; a PRF with parameters; trailing fields.
        let long = pbkdf2(&[&salt, &crate::der::uint(&[8]), &crate::der::uint(&[16])]);
        assert!(read_err(&encrypted(&long, &aes256(&[2; 16]), &[0; 16])).contains("key length"));
        let prf = sequence(&[&oid(&with_last(oids::DIGEST, 9)), &octets(&[])]);
        assert!(read_err(&encrypted(&pbkdf2(&[&salt, &crate::der::uint(&[8]), &prf]), &aes256(&[2; 16]), &[0; 16])).contains("malformed"));
        let trailing = pbkdf2(&[&salt, &crate::der::uint(&[8]), &crate::der::uint(&[32]), &octets(&[])]);
        assert!(read_err(&encrypted(&trailing, &aes256(&[2; 16]), &[0; 16])).contains("malformed"));
        // Without a passphrase none of this is looked at.
        assert!(matches!(read(&encrypted(&kdf, &gcm, &[0; 16]), None).unwrap(), KeyRead::Locked { wrong_passphrase: false, .. }));
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
