//! The block ciphers keys are encrypted with (AES-128/192/256 and DES-EDE3, CBC mode, PKCS#7
//! padding), shared by legacy PEM and PBES2 decryption.

use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockCipherDecrypt, BlockModeDecrypt, KeyInit, KeyIvInit};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Cipher {
    Aes128,
    Aes192,
    Aes256,
    DesEde3,
}

impl Cipher {
    pub(super) fn key_len(self) -> usize {
        match self {
            Cipher::Aes128 => 16,
            Cipher::Aes192 | Cipher::DesEde3 => 24,
            Cipher::Aes256 => 32,
        }
    }

    /// Block size, which is also the IV size.
    pub(super) fn block_len(self) -> usize {
        match self {
            Cipher::DesEde3 => 8,
            _ => 16,
        }
    }

    /// Decrypt `buf` in place; the plaintext length (the plaintext is `buf[..len]`), or
    /// `None` when the key or IV has the wrong size or the padding is not PKCS#7.
    pub(super) fn decrypt(self, key: &[u8], iv: &[u8], buf: &mut [u8]) -> Option<usize> {
        match self {
            Cipher::Aes128 => cbc_decrypt::<aes::Aes128Dec>(key, iv, buf),
            Cipher::Aes192 => cbc_decrypt::<aes::Aes192Dec>(key, iv, buf),
            Cipher::Aes256 => cbc_decrypt::<aes::Aes256Dec>(key, iv, buf),
            Cipher::DesEde3 => cbc_decrypt::<des::TdesEde3>(key, iv, buf),
        }
    }
}

fn cbc_decrypt<C: BlockCipherDecrypt + KeyInit>(key: &[u8], iv: &[u8], buf: &mut [u8]) -> Option<usize> {
    let decryptor = cbc::Decryptor::<C>::new_from_slices(key, iv).ok()?;
    decryptor.decrypt_padded::<Pkcs7>(buf).ok().map(<[u8]>::len)
}
