//! OpenSSL's legacy PEM encryption: a PKCS#1 or SEC1 key block with RFC 1421 §4.6.1 headers
//! as OpenSSL writes them,
//!
//! ```text
//! Proc-Type: 4,ENCRYPTED
//! DEK-Info: AES-256-CBC,<IV as hex>
//! ```
//!
//! The cipher key is OpenSSL's `EVP_BytesToKey` with MD5, one iteration and the first 8 bytes
//! of the IV as salt: `D_1 = MD5(passphrase || salt)`, `D_i = MD5(D_{i-1} || passphrase ||
//! salt)`, key = the first key-length bytes of `D_1 || D_2 || …`. The body is CBC with PKCS#7
//! padding.

use super::{decrypted, invalid, KeyFormat, KeyInfo, KeyRead};
use crate::error::Result;
use crate::input::pem::Block;
use super::cipher::Cipher;
use md5::{Digest, Md5};
use zeroize::Zeroizing;

/// The DEK-Info cipher names OpenSSL writes for keys (`openssl rsa|ec -aes128|-aes192|-aes256|-des3`).
fn cipher_from_name(name: &str) -> Option<Cipher> {
    Some(match name.to_ascii_uppercase().as_str() {
        "AES-128-CBC" => Cipher::Aes128,
        "AES-192-CBC" => Cipher::Aes192,
        "AES-256-CBC" => Cipher::Aes256,
        "DES-EDE3-CBC" => Cipher::DesEde3,
        _ => return None,
    })
}

/// What the DEK-Info header says.
pub(super) struct DekInfo {
    /// The cipher, or its name when this crate does not implement it.
    cipher: core::result::Result<Cipher, String>,
    iv: Vec<u8>,
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// The legacy encryption headers of a block: `None` unless `Proc-Type` says `ENCRYPTED`.
///
/// # Errors
/// [`crate::Error::KeyInvalid`] when `Proc-Type` says `ENCRYPTED` but `DEK-Info` is missing
/// or its IV is not hex of the cipher's block size.
pub(super) fn dek_info(headers: &[(String, String)]) -> Result<Option<DekInfo>> {
    let encrypted = header(headers, "Proc-Type")
        .and_then(|v| v.split(',').nth(1))
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("ENCRYPTED"));
    if !encrypted {
        return Ok(None);
    }
    let dek = header(headers, "DEK-Info")
        .ok_or_else(|| invalid("the key says Proc-Type: 4,ENCRYPTED but has no DEK-Info header"))?;
    let (name, iv_hex) = dek.split_once(',').ok_or_else(|| invalid("the DEK-Info header has no IV"))?;
    let name = name.trim();
    let iv = crate::hex::decode(iv_hex.trim()).ok_or_else(|| invalid("the DEK-Info IV is not hexadecimal"))?;
    let cipher = cipher_from_name(name).ok_or_else(|| name.chars().take(40).collect::<String>());
    let iv_len = cipher.as_ref().map_or(8, |c| c.block_len());
    if iv.len() < iv_len || (cipher.is_ok() && iv.len() != iv_len) {
        return Err(invalid(format!("the DEK-Info IV must be {iv_len} bytes")));
    }
    Ok(Some(DekInfo { cipher, iv }))
}

/// `EVP_BytesToKey(cipher, MD5, salt, passphrase, count = 1)`.
fn bytes_to_key(passphrase: &[u8], salt: &[u8], len: usize) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(len + 16));
    while out.len() < len {
        let mut md5 = Md5::new();
        // D_{i-1}: the last 16 bytes produced so far.
        md5.update(out.get(out.len().saturating_sub(16)..).unwrap_or_default());
        md5.update(passphrase);
        md5.update(salt);
        let mut digest = md5.finalize();
        out.extend_from_slice(&digest);
        zeroize::Zeroize::zeroize(digest.as_mut_slice());
    }
    out.truncate(len);
    out
}

/// Read a legacy-encrypted block.
///
/// # Errors
/// [`crate::Error::KeyInvalid`] for a label other than a key's, a passphrase given for a
/// cipher this crate does not implement, or a body that is not whole cipher blocks.
pub(super) fn read(block: &Block, dek: &DekInfo, passphrase: Option<&str>) -> Result<KeyRead> {
    let (algorithm, format) = match block.label.as_str() {
        "RSA PRIVATE KEY" => (Some("RSA"), KeyFormat::Pkcs1),
        "EC PRIVATE KEY" => (Some("EC"), KeyFormat::Sec1),
        "PRIVATE KEY" | "ENCRYPTED PRIVATE KEY" => (None, KeyFormat::Pkcs8),
        other => return Err(invalid(format!("legacy PEM encryption of a {other} block is not supported"))),
    };
    let locked = KeyInfo { algorithm, bits: None, curve: None, format, encrypted: true, public_key_sha256: None, passphrase_wrong: false };
    let Some(passphrase) = passphrase else {
        return Ok(KeyRead::Locked { info: locked, wrong_passphrase: false });
    };
    let cipher = dek.cipher.clone().map_err(|name| {
        invalid(format!(
            "legacy PEM encryption {name} is not supported (AES-128/192/256-CBC and DES-EDE3-CBC are); \
             re-encrypt the key with `openssl pkcs8 -topk8 -v2 aes-256-cbc`"
        ))
    })?;
    if block.der.is_empty() || !block.der.len().is_multiple_of(cipher.block_len()) {
        return Err(invalid("the encrypted key is not a whole number of cipher blocks"));
    }
    let salt = dek.iv.get(..8).unwrap_or_default();
    let key = bytes_to_key(passphrase.as_bytes(), salt, cipher.key_len());
    let mut buf = Zeroizing::new(block.der.to_vec());
    let Some(len) = cipher.decrypt(&key, &dek.iv, &mut buf) else {
        return Ok(KeyRead::Locked { info: locked, wrong_passphrase: true });
    };
    buf.truncate(len);
    Ok(decrypted(buf, locked))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    fn headers(proc_type: &str, dek: &str) -> Vec<(String, String)> {
        vec![("Proc-Type".into(), proc_type.into()), ("DEK-Info".into(), dek.into())]
    }

    #[test]
    fn bytes_to_key_matches_openssl() {
        // `openssl enc -aes-256-cbc -md md5 -P -S 0001020304050607 -pass pass:secret` (its
        // deprecated EVP_BytesToKey derivation) prints the 32-byte key and the next 16 bytes
        // as the IV.
        let key = bytes_to_key(b"secret", &[0, 1, 2, 3, 4, 5, 6, 7], 48);
        assert_eq!(
            crate::hex::encode(&key),
            "035fb8145b73cf111570dc936112be9c375a5d3d8b915bc213bdbef9dbfb7851\
             1d112c3c48b1d30dbceeaff080816be4"
        );
    }

    #[test]
    fn headers_are_read() {
        assert!(dek_info(&[]).unwrap().is_none());
        assert!(dek_info(&headers("4,MIC-CLEAR", "AES-128-CBC,00")).unwrap().is_none());
        let d = dek_info(&headers("4,ENCRYPTED", "AES-128-CBC,000102030405060708090A0B0C0D0E0F")).unwrap().unwrap();
        assert_eq!(d.cipher, Ok(Cipher::Aes128));
        assert_eq!(d.iv.len(), 16);
        let d = dek_info(&headers("4,ENCRYPTED", "des-ede3-cbc,0001020304050607")).unwrap().unwrap();
        assert_eq!(d.cipher, Ok(Cipher::DesEde3));
        let d = dek_info(&headers("4,ENCRYPTED", "CAMELLIA-128-CBC,000102030405060708090A0B0C0D0E0F")).unwrap().unwrap();
        assert_eq!(d.cipher, Err("CAMELLIA-128-CBC".to_owned()));
        for bad in ["AES-128-CBC", "AES-128-CBC,0001", "AES-128-CBC,zz", "DES-EDE3-CBC,000102030405060708090A0B0C0D0E0F"] {
            let e = dek_info(&headers("4,ENCRYPTED", bad)).err().unwrap();
            assert_eq!(e.code(), "KEY_INVALID", "{bad}");
        }
        let only_proc = vec![("Proc-Type".to_owned(), "4,ENCRYPTED".to_owned())];
        assert_eq!(dek_info(&only_proc).err().unwrap().code(), "KEY_INVALID");
    }
}
