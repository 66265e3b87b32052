//! Lowercase hex and big-endian unsigned integers as decimal text (Cloudflare's serials).

/// Lowercase hex without separators. Written as bytes, then checked as UTF-8
/// once (ASCII: a fast pass): for every certificate's fingerprints and serial this is on the
/// inspection's hot path, and pushing `char`s one by one was 3% of it (measured at opt-level
/// "z"). `base16ct` was checked: its constant-time encoder is for secrets; these are public.
pub fn encode(bytes: &[u8]) -> String {
    let digit = |n: u8| n + if n < 10 { b'0' } else { b'a' - 10 };
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.extend_from_slice(&[digit(b >> 4), digit(b & 0x0f)]);
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Bytes of a hex string (either case, no separators); `None` for an odd length or a
/// non-hex character.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let digits: Vec<u8> = text.bytes().map(|b| char::from(b).to_digit(16).and_then(|d| u8::try_from(d).ok())).collect::<Option<_>>()?;
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    Some(digits.chunks(2).map(|p| p.iter().fold(0u8, |acc, d| acc << 4 | d)).collect())
}

/// For tests: [`decode`] of hex known to be good.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) fn unhex(text: &str) -> Vec<u8> {
    decode(text).unwrap()
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
    let bytes = trim_leading_zeros(bytes);
    if bytes.is_empty() {
        return "0".to_owned();
    }
    // Base-2^32 words, most significant first, divided repeatedly by 10^9 in u64 arithmetic
    // (u128 division is a slow library call, on wasm32 too); base-10^9 limbs, least first.
    const BASE: u64 = 1_000_000_000;
    let head = bytes.len() % 4;
    let word = |c: &[u8]| c.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b));
    let mut words: Vec<u32> = Vec::with_capacity(bytes.len() / 4 + 1);
    if head > 0 {
        words.push(word(bytes.get(..head).unwrap_or_default()));
    }
    words.extend(bytes.get(head..).unwrap_or_default().chunks_exact(4).map(word));
    let mut limbs: Vec<u32> = Vec::with_capacity(bytes.len() / 3 + 1);
    let mut start = 0;
    while start < words.len() {
        let mut rem = 0u64;
        for w in words.iter_mut().skip(start) {
            let cur = (rem << 32) | u64::from(*w);
            *w = u32::try_from(cur / BASE).unwrap_or(0);
            rem = cur % BASE;
        }
        limbs.push(u32::try_from(rem).unwrap_or(0));
        while words.get(start) == Some(&0) {
            start += 1;
        }
    }
    let mut out = String::with_capacity(limbs.len() * 9);
    for (i, &limb) in limbs.iter().rev().enumerate() {
        let mut buf = [0u8; 9];
        let mut v = limb;
        for d in buf.iter_mut().rev() {
            *d = b'0' + u8::try_from(v % 10).unwrap_or(0);
            v /= 10;
        }
        // The most significant limb without its leading zeros (at least one digit).
        let skip = if i == 0 { buf.iter().take(8).take_while(|&&d| d == b'0').count() } else { 0 };
        out.extend(buf.iter().skip(skip).map(|&d| char::from(d)));
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
        // 10^9 and 10^18 (limb boundaries), 2^32, and 24 octets 01..18 (Python: int.from_bytes).
        assert_eq!(decimal(&[0x3b, 0x9a, 0xca, 0x00]), "1000000000");
        assert_eq!(decimal(&[0x0d, 0xe0, 0xb6, 0xb3, 0xa7, 0x64, 0x00, 0x00]), "1000000000000000000");
        assert_eq!(decimal(&[0x01, 0, 0, 0, 0]), "4294967296");
        let seq: Vec<u8> = (1..=24).collect();
        assert_eq!(decimal(&seq), "24712618904405848143667237098672243022256101403810731800");
    }

    #[test]
    fn minimal_hex() {
        assert_eq!(minimal(&[0x00, 0x0a, 0xbc]), "abc");
        assert_eq!(minimal(&[0x00]), "0");
        assert_eq!(minimal(&[0x10]), "10");
    }
}
