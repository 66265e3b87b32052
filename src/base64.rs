//! Fast base64 for public data (certificates): a table-driven decoder that skips whitespace
//! as it goes and a wrapping encoder for normalized PEM. Secret material (private keys) goes
//! through the constant-time `base64ct` instead (see [`crate::pem`]).

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const INVALID: u8 = 0xff;
const SKIP: u8 = 0xfe;

// Evaluated at compile time: an out-of-range index would fail the build, not panic at run time.
#[allow(clippy::indexing_slicing)]
const fn decode_table() -> [u8; 256] {
    let mut t = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        t[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    t[b' ' as usize] = SKIP;
    t[b'\t' as usize] = SKIP;
    t[b'\n' as usize] = SKIP;
    t[b'\r' as usize] = SKIP;
    t
}
static DECODE: [u8; 256] = decode_table();

/// Decode standard base64, ignoring whitespace anywhere and accepting missing `=` padding.
/// `None` for any other character, for data after padding, or a dangling 6-bit group.
pub fn decode(text: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 3);
    let mut acc: u32 = 0;
    let mut n = 0u32;
    let mut padding = 0;
    for &c in text {
        let v = DECODE.get(usize::from(c)).copied().unwrap_or(INVALID);
        if v == SKIP {
            continue;
        }
        if c == b'=' {
            padding += 1;
            if padding > 2 {
                return None;
            }
            continue;
        }
        if v == INVALID || padding > 0 {
            return None;
        }
        acc = (acc << 6) | u32::from(v);
        n += 1;
        if n == 4 {
            out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
            acc = 0;
            n = 0;
        }
    }
    match n {
        0 => {}
        2 => out.push((acc >> 4) as u8),
        3 => out.extend_from_slice(&[(acc >> 10) as u8, (acc >> 2) as u8]),
        _ => return None,
    }
    Some(out)
}

fn sym(v: u32) -> char {
    char::from(ALPHABET.get((v & 63) as usize).copied().unwrap_or(b'A'))
}

/// Append base64 of `data` to `out`, with a line break after every `width` characters and at
/// the end.
pub fn encode_wrapped(data: &[u8], width: usize, out: &mut String) {
    let mut col = 0;
    let mut put = |c: char, out: &mut String| {
        out.push(c);
        col += 1;
        if col == width {
            out.push('\n');
            col = 0;
        }
    };
    let mut chunks = data.chunks_exact(3);
    for ch in &mut chunks {
        let v = (u32::from(ch.first().copied().unwrap_or(0)) << 16)
            | (u32::from(ch.get(1).copied().unwrap_or(0)) << 8)
            | u32::from(ch.get(2).copied().unwrap_or(0));
        for shift in [18, 12, 6, 0] {
            put(sym(v >> shift), out);
        }
    }
    match chunks.remainder() {
        [a] => {
            let v = u32::from(*a) << 16;
            put(sym(v >> 18), out);
            put(sym(v >> 12), out);
            put('=', out);
            put('=', out);
        }
        [a, b] => {
            let v = (u32::from(*a) << 16) | (u32::from(*b) << 8);
            put(sym(v >> 18), out);
            put(sym(v >> 12), out);
            put(sym(v >> 6), out);
            put('=', out);
        }
        _ => {}
    }
    if col != 0 {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64ct::{Base64, Encoding};

    #[test]
    fn agrees_with_base64ct_on_every_length() {
        for len in 0..200usize {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + len) as u8).collect();
            let reference = Base64::encode_string(&data);
            let mut wrapped = String::new();
            encode_wrapped(&data, 64, &mut wrapped);
            assert_eq!(wrapped.replace('\n', ""), reference, "len {len}");
            assert!(wrapped.lines().all(|l| l.len() <= 64));
            assert_eq!(decode(reference.as_bytes()).unwrap(), data);
            assert_eq!(decode(wrapped.as_bytes()).unwrap(), data);
            assert_eq!(decode(reference.trim_end_matches('=').as_bytes()).unwrap(), data);
        }
    }

    #[test]
    fn rejects_junk() {
        assert!(decode(b"MA*C").is_none());
        assert!(decode(b"MAMC=AQE").is_none());
        assert!(decode(b"M").is_none());
        assert!(decode(b"MAMCAQE===").is_none());
    }
}
