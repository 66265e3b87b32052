//! src/ec.rs against Python `cryptography`: public keys of private scalars, point decoding
//! and ECDSA verification (vectors and the script that made them: tests/data/ec/).

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use originpull::ec::{self, Curve, PublicKey};

fn unhex(s: &str) -> Vec<u8> {
    originpull::hex::decode(s).unwrap()
}

fn curve(name: &str) -> Curve {
    match name {
        "P256" => Curve::P256,
        "P384" => Curve::P384,
        "P521" => Curve::P521,
        _ => panic!("unknown curve {name}"),
    }
}

fn lines(file: &str) -> Vec<Vec<String>> {
    let path = format!("{}/tests/data/ec/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| l.split(' ').map(str::to_owned).collect())
        .collect()
}

#[test]
fn public_from_scalar_matches_cryptography() {
    let rows = lines("public.txt");
    assert_eq!(rows.len(), 33);
    for row in rows {
        let [c, d, uncompressed, compressed] = &row[..] else {
            panic!("bad row")
        };
        let c = curve(c);
        let (d, u, z) = (unhex(d), unhex(uncompressed), unhex(compressed));
        assert_eq!(
            ec::public_from_scalar(c, &d).as_deref(),
            Some(&u[..]),
            "{c:?} {}",
            hex(&d)
        );
        // Compressed and uncompressed encodings normalise to the same point.
        assert_eq!(ec::decode_point(c, &z).as_deref(), Some(&u[..]));
        assert_eq!(ec::decode_point(c, &u).as_deref(), Some(&u[..]));
        // A point of one curve is not a point of another (lengths differ), and a changed
        // coordinate is off the curve.
        let other = if c == Curve::P256 { Curve::P384 } else { Curve::P256 };
        assert_eq!(ec::decode_point(other, &u), None);
        let mut off = u.clone();
        *off.last_mut().unwrap() ^= 0x02;
        assert_eq!(ec::decode_point(c, &off), None);
        // Leading zeros in the scalar are fine.
        assert_eq!(
            ec::public_from_scalar(c, &[&[0u8, 0][..], &d].concat()).as_deref(),
            Some(&u[..])
        );
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn ecdsa_matches_cryptography() {
    let rows = lines("ecdsa.txt");
    assert_eq!(rows.len(), 240);
    let mut valid = 0;
    for row in rows {
        let [c, h, public, digest, sig, ok] = &row[..] else {
            panic!("bad row")
        };
        let key = PublicKey::from_sec1(curve(c), &unhex(public)).unwrap();
        let expected = ok == "1";
        valid += usize::from(expected);
        assert_eq!(
            key.verify_prehash(&unhex(digest), &unhex(sig)),
            expected,
            "{c} {h} {public} {digest} {sig}"
        );
    }
    assert_eq!(valid, 60);
}

#[test]
fn curves_by_oid() {
    assert_eq!(Curve::from_oid("1.2.840.10045.3.1.7"), Some(Curve::P256));
    assert_eq!(Curve::from_oid("1.3.132.0.34"), Some(Curve::P384));
    assert_eq!(Curve::from_oid("1.3.132.0.35"), Some(Curve::P521));
    assert_eq!(Curve::from_oid("1.3.132.0.10"), None); // secp256k1
}
