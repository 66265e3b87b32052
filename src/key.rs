//! Private keys: PKCS#8, PKCS#1, SEC1 and their encrypted forms. (Grows with the key work.)

/// Whether DER bytes could be a private key structure (a SEQUENCE starting with an INTEGER
/// version); used to classify DER input that is not a certificate.
pub fn looks_like_private_key(der: &[u8]) -> bool {
    matches!(der, [0x30, _, ..]) && der.windows(3).take(8).any(|w| w == [0x02, 0x01, 0x00] || w == [0x02, 0x01, 0x01])
}
