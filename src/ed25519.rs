//! Ed25519 signature verification (RFC 8032 §5.1.7) on [`crate::bigint`], accepting and
//! rejecting exactly what OpenSSL's `ossl_ed25519_verify` does.
//!
//! The curve is the twisted Edwards curve `-x^2 + y^2 = 1 + d x^2 y^2` over `p = 2^255 - 19`
//! (RFC 8032 §5.1), in extended coordinates `(X : Y : Z : T)` with `x = X/Z`, `y = Y/Z`,
//! `x y = T/Z`. One addition formula serves every pair of points, doubling included.
//!
//! Verification is cofactorless, as in OpenSSL: the signature `R || S` is accepted when
//! `S < L` and the encoding of `[S]B - [k]A` equals the 32 octets `R`, with
//! `k = SHA-512(R || A || M) mod L`. Comparing encodings rejects every non-canonical `R`
//! (a `y` at or above `p`, or `x = 0` with the sign bit set), as decoding `R` strictly would.
//! The public key `A` is decoded as OpenSSL decodes it, which is laxer than RFC 8032 §5.1.3:
//! a `y` in `p..2^255` is taken modulo `p`, and `x = 0` with the sign bit set is taken as
//! `x = 0` (both RFC rejections are skipped; `A`'s own octets still go into the hash). Only a
//! `y` with no `x` on the curve is refused. `tests/data/ed25519/` holds vectors for each case,
//! with the verdict of Python `cryptography` and of the `openssl` command.
//!
//! Variable-time throughout: verification handles public data only (see [`crate::bigint`]).

use crate::bigint::{Monty, Uint};
use crate::ec::hex;
use sha2::{Digest, Sha512};

/// `p = 2^255 - 19`.
const P: &str = "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed";
/// `d = -121665 / 121666 mod p` (RFC 8032 §5.1).
const D: &str = "52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3";
/// `sqrt(-1) = 2^((p-1)/4) mod p` (RFC 8032 §5.1.3 step 3).
const SQRT_M1: &str = "2b8324804fc1df0b2b4d00993dfbd7a72f431806ad2fe478c4ee1b274a0ea0b0";
/// The group order `L = 2^252 + 27742317777372353535851937790883648493`.
const L: &str = "1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed";
/// The encoding of the base point `B = (x, 4/5)` with `x` even (RFC 8032 §5.1).
const BASE: [u8; 32] = [
    0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
    0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
];

/// Length of a public key and of each half of a signature.
pub const KEY_LEN: usize = 32;
/// Length of a signature (`R || S`).
pub const SIGNATURE_LEN: usize = 64;

/// A point in extended coordinates; every coordinate in Montgomery form modulo `p`.
#[derive(Clone)]
struct Point {
    x: Uint,
    y: Uint,
    z: Uint,
    t: Uint,
}

/// The field and curve constants, built once per verification.
struct Curve {
    f: Monty,
    /// `2d`, Montgomery form.
    d2: Uint,
    /// `d`, Montgomery form.
    d: Uint,
    sqrt_m1: Uint,
    one: Uint,
    /// `(p - 5) / 8`, the exponent of the square root.
    sqrt_exp: Uint,
}

impl Curve {
    fn new() -> Option<Curve> {
        let p = hex(P);
        let f = Monty::new(&p)?;
        let d = f.to_mont(&hex(D))?;
        let sqrt_m1 = f.to_mont(&hex(SQRT_M1))?;
        let sqrt_exp = p.checked_sub(&Uint::from_u32(5))?.shr_small(3);
        Some(Curve {
            d2: f.add(&d, &d),
            d,
            sqrt_m1,
            one: f.one(),
            sqrt_exp,
            f,
        })
    }

    fn zero(&self) -> Uint {
        self.f.sub(&self.one, &self.one)
    }

    fn neg(&self, a: &Uint) -> Uint {
        self.f.sub(&self.zero(), a)
    }

    fn identity(&self) -> Point {
        Point {
            x: self.zero(),
            y: self.one.clone(),
            z: self.one.clone(),
            t: self.zero(),
        }
    }

    /// RFC 8032 §5.1.3 with OpenSSL's leniency (see the module docs): `y` is the low 255 bits
    /// of the little-endian octets reduced modulo `p`, bit 255 the sign of `x`, and
    /// `x^2 = (y^2 - 1) / (d y^2 + 1)` solved as `x = u v^3 (u v^7)^((p-5)/8)`, times
    /// `sqrt(-1)` when `v x^2 = -u`. `None` when there is no square root.
    fn decode(&self, bytes: &[u8; KEY_LEN]) -> Option<Point> {
        let f = &self.f;
        let sign = bytes.last().is_some_and(|b| b & 0x80 != 0);
        let mut be: Vec<u8> = bytes.iter().rev().copied().collect();
        if let Some(top) = be.first_mut() {
            *top &= 0x7f;
        }
        let mut y = Uint::from_be_bytes(&be);
        if let Some(reduced) = y.checked_sub(f.modulus()) {
            // p <= y < 2^255: OpenSSL's fe_frombytes takes it modulo p.
            y = reduced;
        }
        let y = f.to_mont(&y)?;
        let yy = f.mul(&y, &y);
        let u = f.sub(&yy, &self.one);
        let v = f.add(&f.mul(&self.d, &yy), &self.one);
        let v3 = f.mul(&f.mul(&v, &v), &v);
        let v7 = f.mul(&f.mul(&v3, &v3), &v);
        let root = f.pow(&f.mul(&u, &v7), &self.sqrt_exp);
        let mut x = f.mul(&f.mul(&u, &v3), &root);
        let vxx = f.mul(&v, &f.mul(&x, &x));
        if vxx != u {
            if vxx != self.neg(&u) {
                return None;
            }
            x = f.mul(&x, &self.sqrt_m1);
        }
        // x = 0 with the sign bit set stays x = 0 (-0 = 0), as in OpenSSL.
        if f.from_mont(&x).is_odd() != sign {
            x = self.neg(&x);
        }
        Some(Point {
            t: f.mul(&x, &y),
            x,
            y,
            z: self.one.clone(),
        })
    }

    /// RFC 8032 §5.1.2: `y` in 255 little-endian bits, the low bit of `x` in bit 255.
    fn encode(&self, pt: &Point) -> Option<Vec<u8>> {
        let f = &self.f;
        let zi = f.inv(&pt.z);
        let x = f.from_mont(&f.mul(&pt.x, &zi));
        let y = f.from_mont(&f.mul(&pt.y, &zi));
        let mut out = y.to_be_bytes(KEY_LEN)?;
        out.reverse();
        if let Some(last) = out.last_mut() {
            *last |= u8::from(x.is_odd()) << 7;
        }
        Some(out)
    }

    /// RFC 8032 §5.1.4, the unified addition for `a = -1` (also used to double):
    /// `A = (Y1-X1)(Y2-X2)`, `B = (Y1+X1)(Y2+X2)`, `C = T1 2d T2`, `D = Z1 2 Z2`,
    /// `E = B-A`, `F = D-C`, `G = D+C`, `H = B+A`; `X3 = EF`, `Y3 = GH`, `T3 = EH`, `Z3 = FG`.
    fn add(&self, p: &Point, q: &Point) -> Point {
        let f = &self.f;
        let a = f.mul(&f.sub(&p.y, &p.x), &f.sub(&q.y, &q.x));
        let b = f.mul(&f.add(&p.y, &p.x), &f.add(&q.y, &q.x));
        let c = f.mul(&f.mul(&p.t, &self.d2), &q.t);
        let zz = f.mul(&p.z, &q.z);
        let d = f.add(&zz, &zz);
        let (e, ff, g, h) = (f.sub(&b, &a), f.sub(&d, &c), f.add(&d, &c), f.add(&b, &a));
        Point {
            x: f.mul(&e, &ff),
            y: f.mul(&g, &h),
            t: f.mul(&e, &h),
            z: f.mul(&ff, &g),
        }
    }

    fn negate(&self, p: &Point) -> Point {
        Point {
            x: self.neg(&p.x),
            y: p.y.clone(),
            z: p.z.clone(),
            t: self.neg(&p.t),
        }
    }

    /// `[a]P + [b]Q` by one left-to-right double-and-add over both scalars (Straus-Shamir):
    /// the running time depends on the (public) scalars.
    fn double_mul(&self, a: &Uint, p: &Point, b: &Uint, q: &Point) -> Point {
        let pq = self.add(p, q);
        let mut r = self.identity();
        for i in (0..a.bits().max(b.bits())).rev() {
            r = self.add(&r, &r);
            match (a.bit(i), b.bit(i)) {
                (true, true) => r = self.add(&r, &pq),
                (true, false) => r = self.add(&r, p),
                (false, true) => r = self.add(&r, q),
                (false, false) => {}
            }
        }
        r
    }
}

/// A little-endian octet string as a number (also used by [`crate::ed448`]).
pub(crate) fn from_le(bytes: &[u8]) -> Uint {
    let be: Vec<u8> = bytes.iter().rev().copied().collect();
    Uint::from_be_bytes(&be)
}

/// `n mod L` for a little-endian `n` of any length (the 64-octet SHA-512 output here), by
/// Horner's rule over 32-bit words: `acc = acc * 2^32 + word mod L`. Any odd `L` works:
/// [`crate::ed448`] reduces its 114-octet SHAKE256 output with it.
pub(crate) fn reduce_mod_l(l: &Monty, le: &[u8]) -> Option<Uint> {
    let shift = l.to_mont(&Uint::from_be_bytes(&[1, 0, 0, 0, 0]))?;
    let be: Vec<u8> = le.iter().rev().copied().collect();
    let mut acc = Uint::default();
    // Exact 4-octet words from the most significant end, so a shorter first word is the top.
    let head = be.len() % 4;
    let (first, rest) = be.split_at_checked(head)?;
    for word in std::iter::once(first).chain(rest.chunks(4)) {
        // One factor in Montgomery form, the other plain: the plain product acc * 2^32 mod L.
        acc = l.mul(&acc, &shift);
        acc = l.add(&acc, &Uint::from_be_bytes(word));
    }
    Some(acc)
}

/// An Ed25519 public key: its 32 octets as given (they go into the hash) and the point.
pub struct PublicKey {
    bytes: [u8; KEY_LEN],
    curve: Curve,
    point: Point,
}

impl core::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "ed25519::PublicKey({})", crate::hex::encode(&self.bytes))
    }
}

impl PublicKey {
    /// The key of 32 octets (RFC 8410 §3: the subjectPublicKey of an Ed25519 SPKI); `None`
    /// for another length or octets that are no curve point (see the module docs for what
    /// counts as one).
    pub fn from_bytes(bytes: &[u8]) -> Option<PublicKey> {
        let bytes: [u8; KEY_LEN] = bytes.try_into().ok()?;
        let curve = Curve::new()?;
        let point = curve.decode(&bytes)?;
        Some(PublicKey { bytes, curve, point })
    }

    /// The 32 octets of the key.
    pub fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.bytes
    }

    /// RFC 8032 §5.1.7, cofactorless, as OpenSSL checks it: `signature` is `R || S` (64
    /// octets), `S < L`, and `encode([S]B - [k]A) == R` with
    /// `k = SHA-512(R || A || message) mod L`. `message` is the data itself (PureEdDSA: for a
    /// certificate, the TBSCertificate octets), never a digest.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        self.check(message, signature).unwrap_or(false)
    }

    fn check(&self, message: &[u8], signature: &[u8]) -> Option<bool> {
        let (r, s) = signature.split_at_checked(KEY_LEN)?;
        if s.len() != KEY_LEN {
            return Some(false);
        }
        let l = Monty::new(&hex(L))?;
        let s = from_le(s);
        if s >= *l.modulus() {
            return Some(false);
        }
        let curve = &self.curve;
        let base = curve.decode(&BASE)?;
        // One call on the concatenation: the same SHA-512 code the RSA/ECDSA digests use.
        let k = reduce_mod_l(&l, &Sha512::digest([r, &self.bytes, message].concat()))?;
        let check = curve.double_mul(&s, &base, &k, &curve.negate(&self.point));
        Some(curve.encode(&check)? == r)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    use crate::hex::unhex;

    #[test]
    fn constants_are_what_they_claim() {
        let c = Curve::new().unwrap();
        let f = &c.f;
        let m = |v: u32| f.to_mont(&Uint::from_u32(v)).unwrap();
        // d * 121666 = -121665.
        assert!(f.mul(&c.d, &m(121_666)) == c.neg(&m(121_665)));
        // sqrt(-1)^2 = -1.
        assert!(f.mul(&c.sqrt_m1, &c.sqrt_m1) == c.neg(&c.one));
        // B = (x, 4/5) with x even, on the curve, of order L.
        let b = c.decode(&BASE).unwrap();
        assert!(f.mul(&b.y, &m(5)) == m(4));
        assert!(!f.from_mont(&b.x).is_odd());
        let (xx, yy) = (f.mul(&b.x, &b.x), f.mul(&b.y, &b.y));
        assert!(f.sub(&yy, &xx) == f.add(&c.one, &f.mul(&c.d, &f.mul(&xx, &yy))));
        let zero = Uint::default();
        let lb = c.double_mul(&hex(L), &b, &zero, &b);
        assert_eq!(c.encode(&lb).unwrap(), c.encode(&c.identity()).unwrap());
        assert_eq!(c.encode(&b).unwrap(), BASE.to_vec());
        // L is 2^252 + 27742317777372353535851937790883648493.
        let l = hex(L);
        assert_eq!(l.bits(), 253);
        let low = Uint::from_be_bytes(&27_742_317_777_372_353_535_851_937_790_883_648_493u128.to_be_bytes());
        let mut two252 = vec![0u8; 32];
        two252[0] = 0x10;
        assert!(l.checked_sub(&low).unwrap() == Uint::from_be_bytes(&two252));
    }

    #[test]
    fn scalar_reduction() {
        let l = Monty::new(&hex(L)).unwrap();
        let le = |n: &Uint, len: usize| {
            let mut v = n.to_be_bytes(len).unwrap();
            v.reverse();
            v
        };
        let lv = hex(L);
        // L mod L = 0, (L + 5) mod L = 5, 2^512 - 1 mod L by Python: int('f'*128, 16) % L.
        assert!(reduce_mod_l(&l, &le(&lv, 64)).unwrap().is_zero());
        assert!(reduce_mod_l(&l, &le(&lv.add(&Uint::from_u32(5)), 33)).unwrap() == Uint::from_u32(5));
        let expected = hex("0399411b7c309a3dceec73d217f5be65d00e1ba768859347a40611e3449c0f00");
        assert!(reduce_mod_l(&l, &[0xff; 64]).unwrap() == expected);
        assert!(reduce_mod_l(&l, &[]).unwrap().is_zero());
    }

    #[test]
    fn decoding_follows_openssl() {
        let c = Curve::new().unwrap();
        let p = hex(P);
        let le = |n: &Uint| {
            let mut v = n.to_be_bytes(32).unwrap();
            v.reverse();
            <[u8; 32]>::try_from(v).unwrap()
        };
        let id = c.encode(&c.identity()).unwrap();
        assert_eq!(id, le(&Uint::from_u32(1)).to_vec());
        // y = 1 + p (non-canonical) and x = 0 with the sign bit: both read as the identity.
        let noncanonical = le(&p.add(&Uint::from_u32(1)));
        assert_eq!(c.encode(&c.decode(&noncanonical).unwrap()).unwrap(), id);
        let mut signed = le(&Uint::from_u32(1));
        signed[31] |= 0x80;
        assert_eq!(c.encode(&c.decode(&signed).unwrap()).unwrap(), id);
        // y = 2 has no x (2^2 - 1 over 4d + 1 is not a square mod p).
        assert!(c.decode(&le(&Uint::from_u32(2))).is_none());
        // The sign bit picks the other root: B with bit 255 set is -B.
        let mut minus_b = BASE;
        minus_b[31] |= 0x80;
        let b = c.decode(&BASE).unwrap();
        let nb = c.decode(&minus_b).unwrap();
        assert_eq!(c.encode(&c.add(&b, &nb)).unwrap(), id);
    }

    /// RFC 8032 §7.1, TEST 1, 2, 3 and TEST SHA(abc).
    #[test]
    fn rfc8032_vectors() {
        let vectors = [
            (
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                "",
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            ),
            (
                "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
                "72",
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
            ),
            (
                "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
                "af82",
                "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
            ),
            (
                "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
                "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704",
            ),
        ];
        for (public, message, signature) in vectors {
            let key = PublicKey::from_bytes(&unhex(public)).unwrap();
            let (message, signature) = (unhex(message), unhex(signature));
            assert!(key.verify(&message, &signature), "{public}");
            let mut other = message.clone();
            other.push(0);
            assert!(!key.verify(&other, &signature), "{public}: message extended");
            assert!(!key.verify(&message, &signature[..63]), "{public}: short signature");
            assert!(
                !key.verify(&message, &[&signature[..], &[0]].concat()),
                "{public}: long signature"
            );
        }
        assert!(PublicKey::from_bytes(&[0u8; 31]).is_none());
    }

    /// Arbitrary octets never panic; random signatures never verify.
    #[test]
    fn arbitrary_input() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        };
        let good = PublicKey::from_bytes(&unhex(
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        ));
        let mut decoded = 0;
        for i in 0..200 {
            let key: Vec<u8> = (0..32).map(|_| next()).collect();
            let mut sig: Vec<u8> = (0..64).map(|_| next()).collect();
            // Half with S < L, so the curve arithmetic runs.
            if i % 2 == 0 {
                sig[63] &= 0x0f;
            }
            if let Some(k) = PublicKey::from_bytes(&key) {
                decoded += 1;
                assert!(!k.verify(b"message", &sig));
            }
            assert!(!good.as_ref().unwrap().verify(b"message", &sig));
        }
        // About half of all y have a point.
        assert!((60..140).contains(&decoded), "{decoded}");
        for edge in [[0u8; 32], [0xff; 32], [0x7f; 32], [0x80; 32]] {
            let _ = PublicKey::from_bytes(&edge).map(|k| k.verify(&[], &[0u8; 64]));
        }
    }

    /// tests/data/ed25519/ed25519.txt: RFC 8032 and random signatures, damaged variants,
    /// small- and mixed-order keys, non-canonical encodings, with the verdict of Python
    /// `cryptography` and the `openssl` command (see tests/data/ed25519/make.py).
    #[test]
    fn matches_cryptography_and_openssl() {
        let text = include_str!("../tests/data/ed25519/ed25519.txt");
        let (mut rows, mut valid, mut undecodable, mut small_undecodable) = (0, 0, 0, 0);
        for line in text.lines() {
            let f: Vec<&str> = line.split(' ').collect();
            let [label, public, message, signature, ok] = f[..] else {
                panic!("bad row {line}")
            };
            let message = if message == "-" { vec![] } else { unhex(message) };
            let got = match PublicKey::from_bytes(&unhex(public)) {
                Some(key) => key.verify(&message, &unhex(signature)),
                None => {
                    undecodable += 1;
                    small_undecodable += usize::from(label.starts_with("small-A-"));
                    false
                }
            };
            assert_eq!(got, ok == "1", "{label}");
            rows += 1;
            valid += usize::from(ok == "1");
        }
        assert_eq!((rows, valid), (367, 35));
        // Among the small-y keys, the y (mod p) with no point are 2, 7, 8, 11, 12, 13 and 17
        // (make.py's recover_x), each as y and y + p, with either sign bit, two messages.
        assert_eq!(small_undecodable, 7 * 2 * 2 * 2);
        // Some damaged keys (a flipped bit) are no point either.
        assert!(undecodable > small_undecodable);
    }
}
