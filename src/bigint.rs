//! Unsigned big integers and Montgomery arithmetic modulo an odd number: just what verifying
//! RSA and ECDSA signatures (and deriving an EC public key) needs, in a few hundred lines.
//!
//! Numbers are little-endian `u32` limbs (a `u32 x u32 -> u64` product is one instruction on
//! wasm32 as on every host, where `u64` limbs would need a 128-bit product). Sizes: RSA moduli
//! up to 16384 bits, EC fields up to 521 bits.
//!
//! **Not constant-time.** Comparisons, the final subtraction of a Montgomery product and the
//! exponent scan of [`Monty::pow`] depend on the values. Verification only handles public
//! data; the one secret ([`crate::ec::public_from_scalar`]'s scalar) is used once, locally, to
//! match a key the user already holds with a certificate, so there is no remote observer and
//! no repetition to time. Every [`Uint`] is wiped when dropped.
//!
//! Speed, measured 2026-11 (release; native x86-64 / wasm in Node 20): RSA-2048 verification
//! 0.18 / 0.9 ms (hash and certificate decoding included in the wasm figure), ECDSA P-256
//! 1.6 / 3.6 ms, P-384 4.1 / 7.6 ms, P-521 8.8 / 15 ms. RustCrypto's fixed-size field code is
//! 2-4x faster on the curves in wasm (and ~100 KB larger gzipped); a chain has a handful of
//! signatures, so this is the trade taken.

use core::cmp::Ordering;
use zeroize::Zeroize;

/// An unsigned integer, little-endian `u32` limbs (any number of them, zero limbs is `0`).
#[derive(Clone, Default)]
pub struct Uint(Vec<u32>);

impl Drop for Uint {
    // Out of line: a wipe inlined at every temporary's end of life costs kilobytes of wasm.
    #[inline(never)]
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl core::fmt::Debug for Uint {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Uint(..)")
    }
}

impl PartialEq for Uint {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Uint {}

impl PartialOrd for Uint {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Uint {
    /// Numeric order (leading zero limbs do not count).
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_limbs(&self.0, &other.0)
    }
}

impl Uint {
    /// The number a big-endian byte string spells (leading zeros allowed; empty is `0`).
    pub fn from_be_bytes(bytes: &[u8]) -> Self {
        Uint(
            bytes
                .rchunks(4)
                .map(|c| c.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)))
                .collect(),
        )
    }

    /// A one-limb number.
    pub fn from_u32(v: u32) -> Self {
        Uint(vec![v])
    }

    /// Big-endian bytes, left-padded with zeros to exactly `len`; `None` when it does not fit.
    pub fn to_be_bytes(&self, len: usize) -> Option<Vec<u8>> {
        if self.bits() > len.checked_mul(8)? {
            return None;
        }
        let mut out = vec![0u8; len];
        for (i, byte) in out.iter_mut().rev().enumerate() {
            *byte = (self.limb(i / 4) >> (8 * (i % 4))) as u8;
        }
        Some(out)
    }

    fn limb(&self, i: usize) -> u32 {
        self.0.get(i).copied().unwrap_or(0)
    }

    /// The number of significant bits (`0` for zero).
    pub fn bits(&self) -> usize {
        match self.0.iter().rposition(|&l| l != 0) {
            Some(i) => 32 * i + 32 - self.limb(i).leading_zeros() as usize,
            None => 0,
        }
    }

    /// Bit `i` (bit 0 is the least significant).
    pub fn bit(&self, i: usize) -> bool {
        (self.limb(i / 32) >> (i % 32)) & 1 == 1
    }

    pub fn is_zero(&self) -> bool {
        self.0.iter().all(|&l| l == 0)
    }

    pub fn is_odd(&self) -> bool {
        self.bit(0)
    }

    /// `self - other`, `None` when negative.
    pub fn checked_sub(&self, other: &Uint) -> Option<Uint> {
        if *self < *other {
            return None;
        }
        let mut r = self.clone();
        sub_limbs(&mut r.0, &other.0);
        Some(r)
    }

    /// `self + other`.
    pub fn add(&self, other: &Uint) -> Uint {
        let mut r = self.clone();
        r.0.resize(self.0.len().max(other.0.len()) + 1, 0);
        add_limbs(&mut r.0, &other.0);
        r
    }

    /// `self >> n` for `n < 32`.
    pub fn shr_small(&self, n: u32) -> Uint {
        let n = n % 32;
        if n == 0 {
            return self.clone();
        }
        let mut out = self.clone();
        let mut high = 0u32;
        for l in out.0.iter_mut().rev() {
            let v = *l;
            *l = (v >> n) | (high << (32 - n));
            high = v;
        }
        out
    }

    /// The same number in exactly `k` limbs (high limbs beyond `k` must be zero).
    fn resized(&self, k: usize) -> Uint {
        let mut r = Vec::with_capacity(k);
        r.extend(self.0.iter().take(k));
        r.resize(k, 0);
        Uint(r)
    }

    /// Limb-wise `if choice { a } else { b }` without a branch on `choice` (for the secret
    /// scalar's bits in [`crate::ec::public_from_scalar`]); both have the same length.
    pub fn select(choice: bool, a: &Uint, b: &Uint) -> Uint {
        let mask = 0u32.wrapping_sub(u32::from(choice));
        Uint(a.0.iter().zip(&b.0).map(|(&x, &y)| (x & mask) | (y & !mask)).collect())
    }
}

fn cmp_limbs(a: &[u32], b: &[u32]) -> Ordering {
    let len = a.len().max(b.len());
    for i in (0..len).rev() {
        let (x, y) = (a.get(i).copied().unwrap_or(0), b.get(i).copied().unwrap_or(0));
        if x != y {
            return x.cmp(&y);
        }
    }
    Ordering::Equal
}

/// `a -= b` (limbs of `b` beyond `a` are ignored); returns the borrow out.
fn sub_limbs(a: &mut [u32], b: &[u32]) -> bool {
    let mut borrow = false;
    let mut bs = b.iter();
    for x in a.iter_mut() {
        let y = bs.next().copied().unwrap_or(0);
        let (d1, b1) = x.overflowing_sub(y);
        let (d2, b2) = d1.overflowing_sub(u32::from(borrow));
        *x = d2;
        borrow = b1 | b2;
    }
    borrow
}

/// `a += b` (limbs of `b` beyond `a` are ignored); returns the carry out.
fn add_limbs(a: &mut [u32], b: &[u32]) -> bool {
    let mut carry = false;
    let mut bs = b.iter();
    for x in a.iter_mut() {
        let y = bs.next().copied().unwrap_or(0);
        let (s1, c1) = x.overflowing_add(y);
        let (s2, c2) = s1.overflowing_add(u32::from(carry));
        *x = s2;
        carry = c1 | c2;
    }
    carry
}

/// Arithmetic modulo an odd `n > 1` in Montgomery form (`a` is held as `a * R mod n`,
/// `R = 2^(32k)` for a `k`-limb `n`). Values handed to and returned by the methods have
/// exactly `k` limbs and are below `n`.
#[derive(Clone, Debug)]
pub struct Monty {
    n: Uint,
    /// `-n^-1 mod 2^32`.
    n0: u32,
    /// `R^2 mod n`, to enter Montgomery form.
    rr: Uint,
}

impl Monty {
    /// The context for modulus `n`; `None` unless `n` is odd and greater than 1.
    pub fn new(n: &Uint) -> Option<Monty> {
        if !n.is_odd() || n.bits() < 2 {
            return None;
        }
        let bits = n.bits();
        let k = bits.div_ceil(32);
        let n = n.resized(k);
        // Newton's iteration for n^-1 mod 2^32: n * n = 1 (mod 8) for odd n, and every step
        // doubles the number of correct bits (3, 6, 12, 24, 48).
        let low = n.limb(0);
        let mut inv = low;
        for _ in 0..4 {
            inv = inv.wrapping_mul(2u32.wrapping_sub(low.wrapping_mul(inv)));
        }
        let mut m = Monty {
            n,
            n0: inv.wrapping_neg(),
            rr: Uint::default(),
        };
        // 2^(bits-1) < n; doubling it 32k - bits + 1 times gives R mod n, k more times
        // R * 2^k; five Montgomery squarings then give R * 2^(32k) = R^2.
        let mut x = Uint(vec![0; k]);
        if let Some(top) = x.0.last_mut() {
            *top = 1 << ((bits - 1) % 32);
        }
        for _ in 0..(32 * k - bits + 1 + k) {
            x = m.add(&x, &x);
        }
        for _ in 0..5 {
            x = m.mul(&x, &x);
        }
        m.rr = x;
        Some(m)
    }

    /// The modulus.
    pub fn modulus(&self) -> &Uint {
        &self.n
    }

    fn k(&self) -> usize {
        self.n.0.len()
    }

    /// Montgomery product `a * b / R mod n`. With one factor in Montgomery form and the
    /// other plain, the result is the plain product `a * b mod n`.
    #[inline(never)]
    pub fn mul(&self, a: &Uint, b: &Uint) -> Uint {
        let k = self.k();
        let n = &self.n.0;
        let resized;
        let b = if b.0.len() == k {
            &b.0
        } else {
            resized = b.resized(k);
            &resized.0
        };
        // Operand scanning: round i adds a_i * b and m_i * n at limb i, m_i chosen so that
        // limb i becomes zero; the result is limbs k..2k+1 (the sum divided by R), below 2n.
        let mut t = Uint(vec![0u32; 2 * k + 2]);
        for i in 0..k {
            let Some(w) = t.0.get_mut(i..) else { break };
            let ai = a.limb(i);
            let first = w.first().copied().unwrap_or(0);
            let m = first
                .wrapping_add(ai.wrapping_mul(b.first().copied().unwrap_or(0)))
                .wrapping_mul(self.n0);
            let (ai, m) = (u64::from(ai), u64::from(m));
            let (mut c1, mut c2) = (0u64, 0u64);
            let mut ws = w.iter_mut();
            // `b` and `n` first: `zip` stops on them without consuming a limb of `w`.
            for ((&bj, &nj), wj) in b.iter().zip(n).zip(&mut ws) {
                let v1 = u64::from(*wj) + ai * u64::from(bj) + c1;
                c1 = v1 >> 32;
                let v2 = (v1 & 0xffff_ffff) + m * u64::from(nj) + c2;
                c2 = v2 >> 32;
                *wj = v2 as u32;
            }
            let mut carry = c1 + c2;
            for wj in ws {
                if carry == 0 {
                    break;
                }
                let v = u64::from(*wj) + carry;
                *wj = v as u32;
                carry = v >> 32;
            }
        }
        let mut r = t;
        r.0.drain(..k);
        if cmp_limbs(&r.0, n) != Ordering::Less {
            sub_limbs(&mut r.0, n);
        }
        r.0.truncate(k);
        r
    }

    /// `a` in Montgomery form; `None` when `a >= n`.
    pub fn to_mont(&self, a: &Uint) -> Option<Uint> {
        (*a < self.n).then(|| self.mul(&a.resized(self.k()), &self.rr))
    }

    /// Back from Montgomery form.
    pub fn from_mont(&self, a: &Uint) -> Uint {
        self.mul(a, &Uint::from_u32(1))
    }

    /// `1` in Montgomery form (`R mod n`).
    pub fn one(&self) -> Uint {
        self.from_mont(&self.rr)
    }

    /// `a + b mod n` (either form).
    #[inline(never)]
    pub fn add(&self, a: &Uint, b: &Uint) -> Uint {
        let mut r = a.resized(self.k() + 1);
        add_limbs(&mut r.0, &b.0);
        if r >= self.n {
            sub_limbs(&mut r.0, &self.n.0);
        }
        r.0.truncate(self.k());
        r
    }

    /// `a - b mod n` (either form).
    #[inline(never)]
    pub fn sub(&self, a: &Uint, b: &Uint) -> Uint {
        let mut r = a.resized(self.k());
        if sub_limbs(&mut r.0, &b.0) {
            add_limbs(&mut r.0, &self.n.0);
        }
        r
    }

    /// `a^e mod n` for `a` in Montgomery form (result in Montgomery form). Left-to-right
    /// square-and-multiply: the running time depends on `e` (a public exponent here).
    pub fn pow(&self, a: &Uint, e: &Uint) -> Uint {
        let mut r = self.one();
        for i in (0..e.bits()).rev() {
            r = self.mul(&r, &r);
            if e.bit(i) {
                r = self.mul(&r, a);
            }
        }
        r
    }

    /// `a^-1 mod n` for a prime `n` (Fermat: `a^(n-2)`), Montgomery form in and out; `0` for
    /// `0`.
    pub fn inv(&self, a: &Uint) -> Uint {
        let e = self.n.checked_sub(&Uint::from_u32(2)).unwrap_or_default();
        self.pow(a, &e)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Reference arithmetic on u128 for small moduli.
    fn u(v: u128) -> Uint {
        Uint::from_be_bytes(&v.to_be_bytes())
    }

    fn back(x: &Uint) -> u128 {
        u128::from_be_bytes(x.to_be_bytes(16).unwrap().try_into().unwrap())
    }

    #[test]
    fn bytes_round_trip_and_bits() {
        let x = Uint::from_be_bytes(&[0, 0, 1, 2, 3, 4, 5]);
        assert_eq!(x.bits(), 33);
        assert_eq!(x.to_be_bytes(5).unwrap(), vec![1, 2, 3, 4, 5]);
        assert_eq!(x.to_be_bytes(4), None);
        assert_eq!(Uint::from_be_bytes(&[]).bits(), 0);
        assert!(Uint::from_be_bytes(&[0, 0]).is_zero());
        assert_eq!(u(0x1_0000_0001), Uint::from_be_bytes(&[1, 0, 0, 0, 1]));
        assert!(u(5) > u(4) && u(1 << 40) > u(0xffff_ffff));
        assert_eq!(back(&u(1 << 70).shr_small(3)), 1 << 67);
        assert_eq!(back(&u(u64::MAX as u128).add(&u(1))), 1 << 64);
        assert_eq!(u(3).checked_sub(&u(4)), None);
    }

    #[test]
    fn montgomery_matches_u128() {
        // Odd moduli of one to four limbs, including 2^k - 1 and a top limb of 1.
        for n in [
            3u128,
            0xffff_fffb,
            0x1_0000_000f,
            (1 << 89) - 1,
            (1 << 127) - 1,
            0xffff_ffff_ffff_ffc5,
        ] {
            let m = Monty::new(&u(n)).unwrap();
            let vals = [0u128, 1, 2, n - 1, n / 2, n / 3 + 7, 0x1234_5678_9abc % n];
            for &a in &vals {
                for &b in &vals {
                    let (am, bm) = (m.to_mont(&u(a % n)).unwrap(), m.to_mont(&u(b % n)).unwrap());
                    let prod = m.from_mont(&m.mul(&am, &bm));
                    // (a*b) mod n via u128 without overflow: double-and-add.
                    let mut expect = 0u128;
                    let (a, b) = (a % n, b % n);
                    for i in (0..128).rev() {
                        expect = (expect * 2) % n;
                        if (b >> i) & 1 == 1 {
                            expect = (expect + a) % n;
                        }
                    }
                    assert_eq!(back(&prod), expect, "{a} * {b} mod {n}");
                    assert_eq!(back(&m.from_mont(&m.add(&am, &bm))), (a + b) % n);
                    assert_eq!(back(&m.from_mont(&m.sub(&am, &bm))), (a + n - b) % n);
                }
            }
        }
        assert!(Monty::new(&u(10)).is_none() && Monty::new(&u(1)).is_none());
    }

    #[test]
    fn pow_and_inverse_mod_a_prime() {
        let p = (1u128 << 127) - 1; // a Mersenne prime
        let m = Monty::new(&u(p)).unwrap();
        let a = m.to_mont(&u(0xdead_beef_1234)).unwrap();
        let inv = m.inv(&a);
        assert_eq!(back(&m.from_mont(&m.mul(&a, &inv))), 1);
        // Fermat: a^(p-1) = 1.
        assert_eq!(back(&m.from_mont(&m.pow(&a, &u(p - 1)))), 1);
        assert_eq!(
            back(&m.from_mont(&m.pow(&a, &u(2)))),
            back(&m.from_mont(&m.mul(&a, &a)))
        );
        assert!(m.to_mont(&u(p)).is_none());
    }
}
