//! Fast base64 for public data (certificates): a table-driven decoder that skips whitespace
//! as it goes and a wrapping encoder for normalized PEM. Secret material (private keys) goes
//! through the constant-time `base64ct` instead (see [`crate::input::pem`]).
//!
//! Why not `base64ct` for certificates too (checked in issue 11, one `npm run bench` run each,
//! same machine state): decoding and encoding the 1000-certificate bundle's PEM with
//! `base64ct`/`pem-rfc7468` took inspection from 22-30 to 36-48 ms per 1000, below the 50x
//! target against @peculiar/x509. The `base64` crate (0.22, not constant-time either): 26.7
//! against 19.5 ms per 1000 in one run, and 3.4 KB more gzip; so this codec stays, for public
//! data only.

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

fn lookup(c: u8) -> u8 {
    DECODE.get(usize::from(c)).copied().unwrap_or(INVALID)
}

/// The 6-bit value of a base64 symbol; `None` for anything else (padding, blanks).
pub(crate) fn value(c: u8) -> Option<u8> {
    Some(lookup(c)).filter(|v| v & 0xc0 == 0)
}

/// Decode standard base64, ignoring whitespace anywhere and accepting missing `=` padding.
/// `None` for any other character, for data after padding, or a dangling 6-bit group.
pub fn decode(text: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 3);
    let mut acc: u32 = 0;
    let mut n = 0u32;
    let mut padding = 0;
    let mut rest = text;
    // Fast path: runs of four plain symbols (the body of every PEM line).
    while let [a, b, c, d, tail @ ..] = rest {
        let (va, vb, vc, vd) = (lookup(*a), lookup(*b), lookup(*c), lookup(*d));
        if n != 0 || (va | vb | vc | vd) & 0xc0 != 0 {
            break;
        }
        let v = (u32::from(va) << 18) | (u32::from(vb) << 12) | (u32::from(vc) << 6) | u32::from(vd);
        out.extend_from_slice(&[(v >> 16) as u8, (v >> 8) as u8, v as u8]);
        rest = tail;
        if let [b'\n', after @ ..] = rest {
            rest = after;
        }
    }
    for &c in rest {
        let v = lookup(c);
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

fn sym(v: u32) -> u8 {
    ALPHABET.get((v & 63) as usize).copied().unwrap_or(b'A')
}

/// Append base64 of `data` to `out`, with a line break after every `width` characters and at
/// the end. `width` is rounded down to a multiple of 4 (PEM uses 64).
pub fn encode_wrapped(data: &[u8], width: usize, out: &mut String) {
    let width = (width / 4).max(1) * 4;
    // Whole lines are encoded from whole groups of 3 input bytes into a byte buffer, then
    // appended as ASCII (always valid UTF-8).
    let per_line = width / 4 * 3;
    let mut line: Vec<u8> = Vec::with_capacity(width + 1);
    for chunk in data.chunks(per_line) {
        line.clear();
        let mut groups = chunk.chunks_exact(3);
        for g in &mut groups {
            if let [a, b, c] = g {
                let v = (u32::from(*a) << 16) | (u32::from(*b) << 8) | u32::from(*c);
                line.extend_from_slice(&[sym(v >> 18), sym(v >> 12), sym(v >> 6), sym(v)]);
            }
        }
        match groups.remainder() {
            [a] => {
                let v = u32::from(*a) << 16;
                line.extend_from_slice(&[sym(v >> 18), sym(v >> 12), b'=', b'=']);
            }
            [a, b] => {
                let v = (u32::from(*a) << 16) | (u32::from(*b) << 8);
                line.extend_from_slice(&[sym(v >> 18), sym(v >> 12), sym(v >> 6), b'=']);
            }
            _ => {}
        }
        line.push(b'\n');
        out.push_str(core::str::from_utf8(&line).unwrap_or_default());
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
