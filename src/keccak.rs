//! SHAKE256 (FIPS 202 §6.2) over the crate's own Keccak-f\[1600\] (FIPS 202 §3.3): the hash
//! inside Ed448 (RFC 8032 §5.2). A hundred lines instead of the `sha3` crate, for the size of
//! the wasm.
//!
//! The state is 25 lanes of 64 bits, lane `x + 5 y` holding `A[x, y]`, bytes little-endian
//! (FIPS 202 §3.1.2 with the usual lane order). Nothing secret passes through here (Ed448
//! verification hashes public data), and nothing branches on the data anyway.

/// The SHAKE256 rate: `(1600 - 2 * 256) / 8` octets absorbed or squeezed per permutation.
const RATE: usize = 136;

/// The round constants of ι (FIPS 202 §3.2.5, `RC` for rounds 0..24).
const RC: [u64; 24] = [
    0x0000_0000_0000_0001,
    0x0000_0000_0000_8082,
    0x8000_0000_0000_808a,
    0x8000_0000_8000_8000,
    0x0000_0000_0000_808b,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8009,
    0x0000_0000_0000_008a,
    0x0000_0000_0000_0088,
    0x0000_0000_8000_8009,
    0x0000_0000_8000_000a,
    0x0000_0000_8000_808b,
    0x8000_0000_0000_008b,
    0x8000_0000_0000_8089,
    0x8000_0000_0000_8003,
    0x8000_0000_0000_8002,
    0x8000_0000_0000_0080,
    0x0000_0000_0000_800a,
    0x8000_0000_8000_000a,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8080,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8008,
];

/// ρ and π together, as one walk over the lanes (FIPS 202 §3.2.2-3): starting from lane 1,
/// lane `PI[i]` receives the previous lane rotated left by `RHO[i]`.
const PI: [usize; 24] = [10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1];
const RHO: [u32; 24] = [1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44];

/// Keccak-f\[1600\]: 24 rounds of θ, ρ, π, χ, ι (FIPS 202 §3.3).
fn keccak_f(a: &mut [u64; 25]) {
    for rc in RC {
        // θ: every lane ^= parity of the column to its left ^ (parity to its right <<< 1).
        let mut c = [0u64; 5];
        for row in a.chunks_exact(5) {
            for (cx, v) in c.iter_mut().zip(row) {
                *cx ^= v;
            }
        }
        let (mut left, mut right) = (c, c);
        left.rotate_right(1); // left[x] = c[x - 1]
        right.rotate_left(1); // right[x] = c[x + 1]
        for row in a.chunks_exact_mut(5) {
            for ((v, l), r) in row.iter_mut().zip(left).zip(right) {
                *v ^= l ^ r.rotate_left(1);
            }
        }
        // ρ and π.
        let mut carried = a[1];
        for (&j, &r) in PI.iter().zip(&RHO) {
            if let Some(lane) = a.get_mut(j) {
                let next = *lane;
                *lane = carried.rotate_left(r);
                carried = next;
            }
        }
        // χ: along each row, v ^= !v[x + 1] & v[x + 2].
        for row in a.chunks_exact_mut(5) {
            let mut r = [0u64; 5];
            r.iter_mut().zip(row.iter()).for_each(|(d, s)| *d = *s);
            let (mut r1, mut r2) = (r, r);
            r1.rotate_left(1);
            r2.rotate_left(2);
            for ((v, b), c) in row.iter_mut().zip(r1).zip(r2) {
                *v ^= !b & c;
            }
        }
        // ι.
        a[0] ^= rc;
    }
}

/// An incremental SHAKE256: [`Shake256::update`] any number of times, then
/// [`Shake256::finalize`] once for as many octets as wanted.
#[derive(Clone, Default)]
pub struct Shake256 {
    state: [u64; 25],
    /// Octets absorbed into the current block (`< RATE`).
    pos: usize,
}

impl Shake256 {
    fn xor_octet(&mut self, pos: usize, b: u8) {
        if let Some(lane) = self.state.get_mut(pos / 8) {
            *lane ^= u64::from(b) << (8 * (pos % 8));
        }
    }

    /// Absorb `data`.
    pub fn update(&mut self, data: &[u8]) -> &mut Self {
        for &b in data {
            self.xor_octet(self.pos, b);
            self.pos += 1;
            if self.pos == RATE {
                keccak_f(&mut self.state);
                self.pos = 0;
            }
        }
        self
    }

    /// Pad (the SHAKE suffix `1111` then pad10*1: octet `0x1f`, ..., `0x80`; FIPS 202 §6.2 and
    /// §5.1) and squeeze `len` octets.
    pub fn finalize(mut self, len: usize) -> Vec<u8> {
        self.xor_octet(self.pos, 0x1f);
        self.xor_octet(RATE - 1, 0x80);
        let mut out = Vec::with_capacity(len + RATE);
        loop {
            keccak_f(&mut self.state);
            out.extend(self.state.iter().take(RATE / 8).flat_map(|lane| lane.to_le_bytes()));
            if out.len() >= len {
                out.truncate(len);
                return out;
            }
        }
    }
}

/// SHAKE256 of the concatenation of `parts`, `len` octets long.
pub fn shake256(parts: &[&[u8]], len: usize) -> Vec<u8> {
    let mut h = Shake256::default();
    for part in parts {
        h.update(part);
    }
    h.finalize(len)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    use crate::hex::unhex;

    /// The round constants are the output of FIPS 202 §3.2.5 Algorithm 5 (the LFSR rc(t)):
    /// `RC[i]` has bit `2^j - 1` equal to `rc(j + 7 i)` for j = 0..6.
    #[test]
    fn round_constants_follow_the_lfsr() {
        let rc = |t: usize| {
            if t % 255 == 0 {
                return 1u64;
            }
            let mut r: u16 = 1;
            for _ in 0..t % 255 {
                r <<= 1;
                if r & 0x100 != 0 {
                    r ^= 0x171; // x^8 + x^6 + x^5 + x^4 + 1
                }
            }
            u64::from(r & 1)
        };
        for (i, &c) in RC.iter().enumerate() {
            let want = (0..7).fold(0u64, |acc, j| acc | rc(j + 7 * i) << ((1 << j) - 1));
            assert_eq!(c, want, "round {i}");
        }
    }

    /// FIPS 202 / NIST CSRC example values: SHAKE256 of the empty message (first 32 octets,
    /// also `hashlib.shake_256(b"").hexdigest(32)`) and of one million 'a' (first 32 octets,
    /// `hashlib.shake_256(b"a" * 10**6).hexdigest(32)`).
    #[test]
    fn known_answers() {
        assert_eq!(
            shake256(&[], 32),
            unhex("46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f")
        );
        let million = vec![b'a'; 1_000_000];
        assert_eq!(
            shake256(&[&million], 32),
            unhex("3578a7a4ca9137569cdf76ed617d31bb994fca9c1bbf8b184013de8234dfd13a")
        );
        assert_eq!(shake256(&[b"abc"], 0), Vec::<u8>::new());
    }

    /// tests/data/ed448/shake256.txt: `hashlib.shake_256(message).hexdigest(n)` for messages
    /// and outputs on both sides of the 136-octet rate (see tests/data/ed448/make.py).
    #[test]
    fn matches_hashlib() {
        let text = include_str!("../tests/data/ed448/shake256.txt");
        let mut rows = 0;
        for line in text.lines() {
            let f: Vec<&str> = line.split(' ').collect();
            let [message, len, expected] = f[..] else { panic!("bad row {line}") };
            let message = if message == "-" { vec![] } else { unhex(message) };
            let len: usize = len.parse().unwrap();
            assert_eq!(shake256(&[&message], len), unhex(expected), "{line}");
            // Split anywhere, absorbed in pieces: the same output.
            let cut = message.len() / 3;
            let (a, b) = message.split_at(cut);
            assert_eq!(shake256(&[a, &[], b], len), unhex(expected), "{line}");
            rows += 1;
        }
        assert_eq!(rows, 120);
    }
}
