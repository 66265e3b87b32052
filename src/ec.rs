//! The NIST prime curves P-256, P-384 and P-521: point decoding (SEC1), ECDSA verification
//! and the public key of a private scalar, on [`crate::bigint`].
//!
//! Points are in homogeneous projective coordinates with the complete addition formula of
//! Renes, Costello and Batina (<https://eprint.iacr.org/2015/1060>, Algorithm 4, `a = -3`):
//! one formula for every pair of points, doubling and the point at infinity included, so there
//! are no exceptional cases to get wrong and the operation sequence of a scalar multiplication
//! is fixed by the number of bits alone. (Jacobian coordinates are a little faster but need a
//! branch for `P = Q`, `P = -Q` and infinity.)
//!
//! Constant time: see [`crate::bigint`]. [`public_from_scalar`] runs double-and-add-always
//! with a branch-free select over the order's bit length and wipes its temporaries, but the
//! field arithmetic underneath is variable-time; acceptable for a local, one-shot check that
//! a private key belongs to a certificate, not for signing.

use crate::bigint::{Monty, Uint};
use crate::der::{DerError, DerResult, Reader};

/// A supported named curve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Curve {
    P256,
    P384,
    P521,
}

/// Curve constants, big-endian hex (SEC 2 §2.4.2, §2.5.1, §2.6.1; as printed by
/// `openssl ecparam -name <curve> -param_enc explicit -text`). `a = p - 3` for all three.
struct Params {
    p: &'static str,
    b: &'static str,
    n: &'static str,
    gx: &'static str,
    gy: &'static str,
}

const P256: Params = Params {
    p: "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
    b: "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b",
    n: "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
    gx: "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
    gy: "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
};

const P384: Params = Params {
    p: "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
    b: "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef",
    n: "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
    gx: "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7",
    gy: "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f",
};

const P521: Params = Params {
    p: "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    b: "0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00",
    n: "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
    gx: "00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66",
    gy: "011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650",
};

/// A hex constant as a number (the constants above are well-formed; a malformed one reads as 0).
pub(crate) fn hex(s: &str) -> Uint {
    Uint::from_be_bytes(&crate::hex::decode(s).unwrap_or_default())
}

impl Curve {
    /// The curve for a namedCurve OID (RFC 5480 §2.1.1.1): `1.2.840.10045.3.1.7` (P-256),
    /// `1.3.132.0.34` (P-384), `1.3.132.0.35` (P-521).
    pub fn from_oid(oid: &str) -> Option<Curve> {
        match oid {
            "1.2.840.10045.3.1.7" => Some(Curve::P256),
            "1.3.132.0.34" => Some(Curve::P384),
            "1.3.132.0.35" => Some(Curve::P521),
            _ => None,
        }
    }

    /// Bytes of a field element or scalar (32, 48, 66).
    pub fn field_bytes(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }

    fn params(self) -> &'static Params {
        match self {
            Curve::P256 => &P256,
            Curve::P384 => &P384,
            Curve::P521 => &P521,
        }
    }
}

/// A point in projective coordinates `(X : Y : Z)`, Montgomery form; infinity is `(0 : 1 : 0)`.
#[derive(Clone)]
struct Point {
    x: Uint,
    y: Uint,
    z: Uint,
}

/// A curve's arithmetic: the field (mod p), the scalars (mod n), `b` and `G`.
struct Ctx {
    curve: Curve,
    fp: Monty,
    fnn: Monty,
    b: Uint,
    g: Point,
}

impl Ctx {
    fn new(curve: Curve) -> Option<Ctx> {
        let c = curve.params();
        let fp = Monty::new(&hex(c.p))?;
        let fnn = Monty::new(&hex(c.n))?;
        let b = fp.to_mont(&hex(c.b))?;
        let g = Point {
            x: fp.to_mont(&hex(c.gx))?,
            y: fp.to_mont(&hex(c.gy))?,
            z: fp.one(),
        };
        Some(Ctx { curve, fp, fnn, b, g })
    }

    fn infinity(&self) -> Point {
        let zero = self.fp.sub(&self.fp.one(), &self.fp.one());
        Point {
            x: zero.clone(),
            y: self.fp.one(),
            z: zero,
        }
    }

    /// `x^3 - 3x + b` (Montgomery form).
    fn rhs(&self, x: &Uint) -> Uint {
        let f = &self.fp;
        let x3 = f.mul(&f.mul(x, x), x);
        let three_x = f.add(&f.add(x, x), x);
        f.add(&f.sub(&x3, &three_x), &self.b)
    }

    /// `P + Q` by the complete formula (RCB 2015, Algorithm 4; step numbers in comments).
    fn add(&self, p: &Point, q: &Point) -> Point {
        let f = &self.fp;
        let dbl3 = |v: &Uint| f.add(&f.add(v, v), v);
        let xx = f.mul(&p.x, &q.x); // 1
        let yy = f.mul(&p.y, &q.y); // 2
        let zz = f.mul(&p.z, &q.z); // 3
        let xy = f.sub(&f.mul(&f.add(&p.x, &p.y), &f.add(&q.x, &q.y)), &f.add(&xx, &yy)); // 4-8
        let yz = f.sub(&f.mul(&f.add(&p.y, &p.z), &f.add(&q.y, &q.z)), &f.add(&yy, &zz)); // 9-13
        let xz = f.sub(&f.mul(&f.add(&p.x, &p.z), &f.add(&q.x, &q.z)), &f.add(&xx, &zz)); // 14-18
        let bzz3 = dbl3(&f.sub(&xz, &f.mul(&self.b, &zz))); // 19-22
        let yy_m = f.sub(&yy, &bzz3); // 23
        let yy_p = f.add(&yy, &bzz3); // 24
        let zz3 = dbl3(&zz); // 26, 27
        let bxz3 = dbl3(&f.sub(&f.mul(&self.b, &xz), &f.add(&zz3, &xx))); // 25, 28-31
        let xx3_m = f.sub(&dbl3(&xx), &zz3); // 32-34
        Point {
            x: f.sub(&f.mul(&yy_p, &xy), &f.mul(&yz, &bxz3)),      // 35, 39, 40
            y: f.add(&f.mul(&yy_p, &yy_m), &f.mul(&xx3_m, &bxz3)), // 36-38
            z: f.add(&f.mul(&yy_m, &yz), &f.mul(&xy, &xx3_m)),     // 41-43
        }
    }

    /// Affine `(x, y)`, plain (not Montgomery) form; `None` for infinity.
    fn to_affine(&self, p: &Point) -> Option<(Uint, Uint)> {
        if p.z.is_zero() {
            return None;
        }
        let zi = self.fp.inv(&p.z);
        Some((
            self.fp.from_mont(&self.fp.mul(&p.x, &zi)),
            self.fp.from_mont(&self.fp.mul(&p.y, &zi)),
        ))
    }

    /// SEC1 §2.3.4: `04 || X || Y` or `02/03 || X`, on the curve (the point at infinity,
    /// `00`, is not a public key).
    fn decode(&self, bytes: &[u8]) -> Option<Point> {
        let len = self.curve.field_bytes();
        let (&tag, rest) = bytes.split_first()?;
        let f = &self.fp;
        let x = if rest.len() >= len {
            f.to_mont(&Uint::from_be_bytes(rest.get(..len)?))?
        } else {
            return None;
        };
        let rhs = self.rhs(&x);
        let y = match (tag, rest.len() == len, rest.len() == 2 * len) {
            (4, _, true) => {
                let y = f.to_mont(&Uint::from_be_bytes(rest.get(len..)?))?;
                (f.mul(&y, &y) == rhs).then_some(y)?
            }
            (2 | 3, true, _) => {
                // p = 3 (mod 4) for all three curves: sqrt(a) = a^((p+1)/4).
                let e = f.modulus().add(&Uint::from_u32(1)).shr_small(2);
                let y = f.pow(&rhs, &e);
                if f.mul(&y, &y) != rhs {
                    return None;
                }
                if f.from_mont(&y).is_odd() == (tag == 3) {
                    y
                } else {
                    f.sub(&f.sub(&y, &y), &y)
                }
            }
            _ => return None,
        };
        Some(Point { x, y, z: f.one() })
    }

    /// `04 || X || Y`.
    fn encode(&self, p: &Point) -> Option<Vec<u8>> {
        let (x, y) = self.to_affine(p)?;
        let len = self.curve.field_bytes();
        let mut out = vec![4u8];
        out.extend(x.to_be_bytes(len)?);
        out.extend(y.to_be_bytes(len)?);
        Some(out)
    }
}

/// An EC public key: a curve and a point on it (not infinity).
#[derive(Clone)]
pub struct PublicKey {
    ctx_curve: Curve,
    point: Vec<u8>,
}

impl core::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "PublicKey({:?})", self.ctx_curve)
    }
}

impl PublicKey {
    /// Decode a SEC1 point (compressed or uncompressed); `None` when it is not on `curve`.
    pub fn from_sec1(curve: Curve, bytes: &[u8]) -> Option<PublicKey> {
        let ctx = Ctx::new(curve)?;
        let p = ctx.decode(bytes)?;
        Some(PublicKey {
            ctx_curve: curve,
            point: ctx.encode(&p)?,
        })
    }

    pub fn curve(&self) -> Curve {
        self.ctx_curve
    }

    /// The uncompressed SEC1 encoding (`04 || X || Y`): equal keys have equal encodings.
    pub fn to_uncompressed(&self) -> &[u8] {
        &self.point
    }

    /// ECDSA verification (FIPS 186-5 §6.4.2) of a prehashed message with an X.509 signature
    /// `Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` (RFC 3279 §2.2.3, strict DER).
    /// The digest is truncated to the bit length of the group order, whatever its size.
    pub fn verify_prehash(&self, digest: &[u8], signature: &[u8]) -> bool {
        self.verify_inner(digest, signature).unwrap_or(false)
    }

    fn verify_inner(&self, digest: &[u8], signature: &[u8]) -> Option<bool> {
        let (r, s) = parse_signature(signature)?;
        let ctx = Ctx::new(self.ctx_curve)?;
        let q = ctx.decode(&self.point)?;
        let fnn = &ctx.fnn;
        let n = fnn.modulus();
        if r.is_zero() || s.is_zero() || r >= *n || s >= *n {
            return Some(false);
        }
        // e: the leftmost bits(n) bits of the digest, then reduced (e < 2^bits(n) < 2n).
        let nbits = n.bits();
        let mut e = Uint::from_be_bytes(digest.get(..nbits.div_ceil(8)).unwrap_or(digest));
        if digest.len() * 8 > nbits {
            e = e.shr_small(((8 - nbits % 8) % 8) as u32);
        }
        if e >= *n {
            e = e.checked_sub(n)?;
        }
        // w = s^-1; u1 = e w, u2 = r w (a plain times a Montgomery factor is plain).
        let w = fnn.inv(&fnn.to_mont(&s)?);
        let u1 = fnn.mul(&e, &w);
        let u2 = fnn.mul(&r, &w);
        // u1 G + u2 Q, both at once (Shamir's trick); variable time, all public.
        let gq = ctx.add(&ctx.g, &q);
        let mut acc = ctx.infinity();
        for i in (0..nbits).rev() {
            acc = ctx.add(&acc, &acc);
            let add = match (u1.bit(i), u2.bit(i)) {
                (true, true) => &gq,
                (true, false) => &ctx.g,
                (false, true) => &q,
                (false, false) => continue,
            };
            acc = ctx.add(&acc, add);
        }
        let (x, _) = ctx.to_affine(&acc)?;
        // x < p < 2n for these curves.
        let x = if x >= *n { x.checked_sub(n)? } else { x };
        Some(x == r)
    }
}

/// `(r, s)` from a DER `SEQUENCE { INTEGER, INTEGER }`, both non-negative and minimally
/// encoded (OpenSSL re-encodes the signature and refuses any difference), nothing after.
fn parse_signature(sig: &[u8]) -> Option<(Uint, Uint)> {
    fn der_uint<'a>(r: &mut Reader<'a>) -> DerResult<&'a [u8]> {
        let v = r.integer()?;
        match v {
            [b, ..] if b & 0x80 != 0 => Err(DerError("negative INTEGER")),
            [0x00, b, ..] if b & 0x80 == 0 => Err(DerError("INTEGER not minimally encoded")),
            _ => Ok(v),
        }
    }
    let mut reader = Reader::new(sig);
    let mut seq = reader.sequence().ok()?;
    let r = der_uint(&mut seq).ok()?;
    let s = der_uint(&mut seq).ok()?;
    seq.finish().ok()?;
    reader.finish().ok()?;
    Some((Uint::from_be_bytes(r), Uint::from_be_bytes(s)))
}

/// Normalise a SEC1 point (compressed or uncompressed) to its uncompressed form, `None` when
/// it is not a point of `curve` (so two encodings of one key compare equal after this).
pub fn decode_point(curve: Curve, bytes: &[u8]) -> Option<Vec<u8>> {
    PublicKey::from_sec1(curve, bytes).map(|k| k.point)
}

/// The public key `d * G` of the private scalar `d` (big-endian, any length), as an
/// uncompressed SEC1 point; `None` unless `1 <= d < n`.
///
/// Double-and-add-always over the order's bit length with a branch-free select, so the
/// sequence of point operations does not depend on `d`; temporaries are wiped on drop. The
/// field arithmetic itself is not constant-time (see the module docs).
pub fn public_from_scalar(curve: Curve, scalar: &[u8]) -> Option<Vec<u8>> {
    let ctx = Ctx::new(curve)?;
    let d = Uint::from_be_bytes(scalar);
    if d.is_zero() || d >= *ctx.fnn.modulus() {
        return None;
    }
    let mut acc = ctx.infinity();
    for i in (0..ctx.fnn.modulus().bits()).rev() {
        acc = ctx.add(&acc, &acc);
        let sum = ctx.add(&acc, &ctx.g);
        let bit = d.bit(i);
        acc = Point {
            x: Uint::select(bit, &sum.x, &acc.x),
            y: Uint::select(bit, &sum.y, &acc.y),
            z: Uint::select(bit, &sum.z, &acc.z),
        };
    }
    ctx.encode(&acc)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn generator_is_on_the_curve_and_n_g_is_infinity() {
        for curve in [Curve::P256, Curve::P384, Curve::P521] {
            let ctx = Ctx::new(curve).unwrap();
            assert!(ctx.fp.mul(&ctx.g.y, &ctx.g.y) == ctx.rhs(&ctx.g.x));
            // 1 * G is G itself.
            let g = ctx.encode(&ctx.g).unwrap();
            assert_eq!(public_from_scalar(curve, &[1]).unwrap(), g);
            // 0 and n are refused.
            let n = ctx.fnn.modulus().to_be_bytes(curve.field_bytes()).unwrap();
            assert_eq!(public_from_scalar(curve, &[0]), None);
            assert_eq!(public_from_scalar(curve, &n), None);
            // G + (-G) is infinity, G + G equals 2 * G.
            let neg = Point {
                y: ctx.fp.sub(&ctx.fp.sub(&ctx.g.y, &ctx.g.y), &ctx.g.y),
                ..ctx.g.clone()
            };
            assert!(ctx.to_affine(&ctx.add(&ctx.g, &neg)).is_none());
            assert_eq!(
                ctx.encode(&ctx.add(&ctx.g, &ctx.g)).unwrap(),
                public_from_scalar(curve, &[2]).unwrap()
            );
            // Compressed G decodes to G; a wrong y does not decode.
            let len = curve.field_bytes();
            let mut compressed = vec![2 | (g[2 * len] & 1)];
            compressed.extend_from_slice(&g[1..=len]);
            assert_eq!(decode_point(curve, &compressed).unwrap(), g);
            let mut other = g.clone();
            other[2 * len] ^= 1;
            assert_eq!(decode_point(curve, &other), None);
            assert_eq!(decode_point(curve, &[0]), None);
            assert_eq!(decode_point(curve, &g[..2 * len]), None);
        }
    }
}
