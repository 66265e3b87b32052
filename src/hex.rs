//! Lowercase hex and big-endian unsigned integers as decimal text (Cloudflare's serials).

/// Lowercase hex without separators.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        // Both nibbles are < 16, so `from_digit` always succeeds (lowercase).
        out.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(b & 0x0f), 16).unwrap_or('0'));
    }
    out
}

/// Bytes of a hex string (either case, no separators); `None` for an odd length or a
/// non-hex character.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let digits: Vec<u8> = text.bytes().map(|b| char::from(b).to_digit(16).and_then(|d| u8::try_from(d).ok())).collect::<Option<_>>()?;
    if digits.len() % 2 != 0 {
        return None;
    }
    Some(digits.chunks(2).map(|p| p.iter().fold(0u8, |acc, d| acc << 4 | d)).collect())
}

/// Strip leading zero bytes (a DER INTEGER's sign octet, for example).
pub fn trim_leading_zeros(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes.get(first..).unwrap_or_default()
}

/// Minimal lowercase hex of a big-endian unsigned integer (`"0"` for zero).
pub fn minimal(bytes: &[u8]) -> String {
    let s = encode(trim_leading_zeros(bytes));
    match s.strip_prefix('0') {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ if s.is_empty() => "0".to_owned(),
        _ => s,
    }
}

/// Decimal text of a big-endian unsigned integer of any length.
pub fn decimal(bytes: &[u8]) -> String {
    let mut num: Vec<u8> = trim_leading_zeros(bytes).to_vec();
    if num.is_empty() {
        return "0".to_owned();
    }
    // Repeated division by 10^19 (fits in u64), collecting base-10^19 limbs.
    const CHUNK: u64 = 10_000_000_000_000_000_000;
    let mut limbs: Vec<u64> = Vec::new();
    while !num.is_empty() {
        let mut rem: u128 = 0;
        for byte in num.iter_mut() {
            let cur = (rem << 8) | u128::from(*byte);
            *byte = u8::try_from(cur / u128::from(CHUNK)).unwrap_or(0);
            rem = cur % u128::from(CHUNK);
        }
        limbs.push(u64::try_from(rem).unwrap_or(0));
        let lead = num.iter().position(|&b| b != 0).unwrap_or(num.len());
        num.drain(..lead);
    }
    let mut out = String::new();
    for (i, limb) in limbs.iter().rev().enumerate() {
        if i == 0 {
            out.push_str(&limb.to_string());
        } else {
            out.push_str(&format!("{limb:019}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_of_big_serials() {
        assert_eq!(decimal(&[]), "0");
        assert_eq!(decimal(&[0, 0xff]), "255");
        assert_eq!(decimal(&[0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]), "18446744073709551616");
        // 20 bytes of 0xff = 2^160 - 1
        assert_eq!(decimal(&[0xff; 20]), "1461501637330902918203684832716283019655932542975");
        assert_eq!(decimal(&[0x0a; 1]), "10");
        assert_eq!(decimal(&[0x8a, 0xc7, 0x23, 0x04, 0x89, 0xe8, 0x00, 0x00]), "10000000000000000000");
    }

    #[test]
    fn minimal_hex() {
        assert_eq!(minimal(&[0x00, 0x0a, 0xbc]), "abc");
        assert_eq!(minimal(&[0x00]), "0");
        assert_eq!(minimal(&[0x10]), "10");
    }
}
