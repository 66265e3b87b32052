//! Signature verification and chain analysis against the vectors in tests/data/chain/, whose
//! expectations come from Python `cryptography` (signatures.txt) and `openssl verify`
//! (openssl-verify.txt); see tests/data/chain/README.md.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use crate::x509::cert::{self, ParsedCert};
use crate::check::chain::{self, Link};
use der::asn1::{AnyRef, BitStringRef, UintRef};
use der::{Decode, Encode, Reader, SliceReader};
use spki::{AlgorithmIdentifierRef, ObjectIdentifier, SubjectPublicKeyInfoRef};
use crate::input::{self, Input};
use crate::check::findings::Severity;
use crate::x509::verify::{self, VerifyError};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/chain")
}

fn load(name: &str) -> ParsedCert {
    let text = std::fs::read_to_string(dir().join(format!("{name}.pem"))).unwrap();
    let mut sorted = input::sort(Input::Text(&text)).unwrap();
    assert_eq!(sorted.certificates.len(), 1, "{name}");
    sorted.certificates.remove(0)
}

fn all_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".pem").map(str::to_owned))
        .collect();
    names.sort();
    names
}

fn spki(c: &ParsedCert) -> SubjectPublicKeyInfoRef<'_> {
    c.spki_ref()
}

/// A SubjectPublicKeyInfo DER, encoded by the `spki` crate.
fn spki_der(oid: ObjectIdentifier, parameters: Option<AnyRef<'_>>, key: &[u8]) -> Vec<u8> {
    SubjectPublicKeyInfoRef {
        algorithm: AlgorithmIdentifierRef { oid, parameters },
        subject_public_key: BitStringRef::from_bytes(key).unwrap(),
    }
    .to_der()
    .unwrap()
}

/// Signatures originpull does not check though Python `cryptography` (and OpenSSL) verify
/// them: Ed448 with an Ed448 key (no audited Rust crate), and RSASSA-PSS with MGF1-SHA-1
/// under SHA-256 (`rsa`'s PSS takes one digest for both). `UnsupportedAlgorithm`, never `Ok`.
fn not_checked(cert: &str, key: &ParsedCert) -> bool {
    (cert.starts_with("ed448-") && key.spki_ref().algorithm.oid.to_string() == "1.3.101.113") || cert == "pss-mgf1-sha1-leaf"
}

/// Every (certificate, issuer key) pair: verifies exactly when Python `cryptography` says so.
#[test]
fn signatures_agree_with_python_cryptography() {
    let oracle: BTreeSet<(String, String)> = std::fs::read_to_string(dir().join("signatures.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (c, i) = l.split_once(' ').unwrap();
            (c.to_owned(), i.to_owned())
        })
        .collect();
    let names = all_names();
    assert!(names.len() >= 30, "vectors missing: {names:?}");
    let certs: BTreeMap<&str, ParsedCert> = names.iter().map(|n| (n.as_str(), load(n))).collect();
    let (mut verified, mut unchecked_in_oracle) = (0, 0);
    for (cn, c) in &certs {
        for (iname, i) in &certs {
            let got = verify::verify_signature(c, &spki(i));
            let expect_ok = oracle.contains(&((*cn).to_owned(), (*iname).to_owned()));
            if not_checked(cn, i) {
                assert!(
                    matches!(got, Err(VerifyError::UnsupportedAlgorithm { .. })),
                    "{cn} with the key of {iname} is not checked: {got:?}"
                );
                assert!(!verify::signed_by(c, &spki(i)));
                unchecked_in_oracle += usize::from(expect_ok);
            } else if expect_ok {
                assert_eq!(got, Ok(()), "{cn} should verify with the key of {iname}");
                assert!(verify::signed_by(c, &spki(i)));
                verified += 1;
            } else {
                // A key of the wrong family (RSA for ECDSA, Ed25519 for anything) is a bad
                // signature too: it cannot have made it.
                assert_eq!(
                    got,
                    Err(VerifyError::BadSignature),
                    "{cn} must not verify with the key of {iname}"
                );
                assert!(!verify::signed_by(c, &spki(i)));
            }
        }
    }
    // Every pair the oracle lists (the two Ed25519 signatures included), except the two Ed448
    // signatures and the PSS one with MGF1-SHA-1, which are not checked.
    assert_eq!((verified, unchecked_in_oracle), (oracle.len() - 3, 3));
}

/// `selfSigned` in CertificateInfo: subject == issuer and the own key verifies the signature
/// (so an Ed448 root, whose signature is not checked, is not called self-signed). For path
/// building, [`chain::is_self_signed`] also takes a self-issued certificate whose signature
/// cannot be checked as the top of its chain.
#[test]
fn self_signed_flag_matches_oracle() {
    let oracle = std::fs::read_to_string(dir().join("signatures.txt")).unwrap();
    let mut unchecked_roots = 0;
    for n in all_names() {
        let c = load(&n);
        let info = cert::inspect(&c);
        let self_issued = info.subject == info.issuer;
        let self_verifies = oracle.lines().any(|l| l == format!("{n} {n}"));
        let unchecked = not_checked(&n, &c);
        assert_eq!(info.self_signed, self_issued && self_verifies && !unchecked, "{n}");
        assert_eq!(chain::is_self_signed(&c), self_issued && (self_verifies || unchecked), "{n}");
        unchecked_roots += usize::from(self_issued && unchecked);
    }
    assert_eq!(unchecked_roots, 1, "ed448-root");
}

#[test]
fn algorithms_and_parameters_are_read() {
    use verify::{HashAlg, SignatureAlgorithm as S};
    let cases = [
        ("rsa-leaf", S::RsaPkcs1v15(HashAlg::Sha256)),
        ("md5-leaf", S::RsaPkcs1v15(HashAlg::Md5)),
        ("sha1-int", S::RsaPkcs1v15(HashAlg::Sha1)),
        // Salt lengths as `openssl x509 -text` prints them (0x14, 0xCE, 0x20).
        (
            "pss-leaf",
            S::RsaPss {
                hash: HashAlg::Sha512,
                salt_len: 20,
            },
        ),
        (
            "pss-leaf-sha384-max",
            S::RsaPss {
                hash: HashAlg::Sha384,
                salt_len: 206,
            },
        ),
        (
            "pss-leaf-sha1",
            S::RsaPss {
                hash: HashAlg::Sha1,
                salt_len: 20,
            },
        ),
        (
            "pss-leaf-4096-max",
            S::RsaPss {
                hash: HashAlg::Sha256,
                salt_len: 478,
            },
        ),
        (
            "pss-int",
            S::RsaPss {
                hash: HashAlg::Sha256,
                salt_len: 32,
            },
        ),
        ("ec256-leaf-sha384", S::Ecdsa(HashAlg::Sha384)),
        ("ec384-leaf-sha1", S::Ecdsa(HashAlg::Sha1)),
        ("ec521-leaf", S::Ecdsa(HashAlg::Sha512)),
        ("ed-leaf", S::Ed25519),
        ("ed-root", S::Ed25519),
        ("ed448-leaf", S::Ed448),
        ("ed448-root", S::Ed448),
        ("sha3-rsa-root", S::RsaPkcs1v15(HashAlg::Sha3_512)),
        ("sha3-rsa-leaf-224", S::RsaPkcs1v15(HashAlg::Sha3_224)),
        ("sha3-rsa-leaf", S::RsaPkcs1v15(HashAlg::Sha3_256)),
        ("sha3-rsa-leaf-384", S::RsaPkcs1v15(HashAlg::Sha3_384)),
        (
            "sha3-pss-leaf",
            S::RsaPss {
                hash: HashAlg::Sha3_256,
                salt_len: 32,
            },
        ),
        ("sha3-p256-leaf-224", S::Ecdsa(HashAlg::Sha3_224)),
        ("sha3-p256-leaf", S::Ecdsa(HashAlg::Sha3_256)),
        ("sha3-p384-leaf", S::Ecdsa(HashAlg::Sha3_384)),
        ("sha3-p521-leaf", S::Ecdsa(HashAlg::Sha3_512)),
        ("ec256-leaf-forged-sha3", S::Ecdsa(HashAlg::Sha3_256)),
    ];
    for (n, expected) in cases {
        let c = load(n);
        assert_eq!(S::from_identifier(&c.signature_algorithm()), Ok(expected), "{n}");
    }
    // MGF1-SHA-1 under SHA-256: not expressible with `rsa`'s PSS, so not checked.
    assert_eq!(
        S::from_identifier(&load("pss-mgf1-sha1-leaf").signature_algorithm()),
        Err(VerifyError::UnsupportedAlgorithm {
            oid: "1.2.840.113549.1.1.10".to_owned()
        })
    );
    let ed = load("ed-leaf");
    assert_eq!(S::Ed25519.hash(), None);
    assert_eq!(
        verify::weak_digest(&load("md5-leaf").signature_algorithm()),
        Some("md5")
    );
    assert_eq!(
        verify::weak_digest(&load("ec384-leaf-sha1").signature_algorithm()),
        Some("sha1")
    );
    assert_eq!(
        verify::weak_digest(&load("pss-leaf-sha1").signature_algorithm()),
        Some("sha1")
    );
    assert_eq!(verify::weak_digest(&load("rsa-leaf").signature_algorithm()), None);
    assert_eq!(verify::weak_digest(&ed.signature_algorithm()), None);
}

#[test]
fn tbs_is_sliced_from_the_der() {
    let c = load("rsa-leaf");
    let tbs = verify::tbs_bytes(c.der()).unwrap();
    assert_eq!(tbs, c.tbs_raw());
    // The TBSCertificate is the certificate's first element: it starts after the outer
    // header (30 82 LL LL) and is itself a SEQUENCE.
    assert_eq!(&c.der()[4..4 + tbs.len()], tbs);
    assert_eq!(tbs[0], 0x30);
    for garbage in [
        &[][..],
        &[0x30],
        &[0x30, 0x82, 0xff],
        &[0x04, 0x00],
        &[0x30, 0x03, 0x30, 0x05, 0x00],
    ] {
        assert!(
            matches!(verify::tbs_bytes(garbage), Err(VerifyError::Malformed { .. })),
            "{garbage:?}"
        );
    }
}

// ---- Damaged signatures: re-encode a certificate with another signature value.

fn der_len(n: usize) -> Vec<u8> {
    if n < 0x80 {
        vec![n as u8]
    } else if n < 0x100 {
        vec![0x81, n as u8]
    } else {
        vec![0x82, (n >> 8) as u8, n as u8]
    }
}

fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut v = vec![tag];
    v.extend(der_len(body.len()));
    v.extend_from_slice(body);
    v
}

/// The certificate's DER split into (TBSCertificate TLV, AlgorithmIdentifier TLV).
fn parts(c: &ParsedCert) -> (Vec<u8>, Vec<u8>) {
    let mut r = SliceReader::new(c.der()).unwrap();
    r.sequence(|s| {
        let tbs = s.tlv_bytes()?.to_vec();
        let alg = s.tlv_bytes()?.to_vec();
        s.tlv_bytes()?;
        Ok::<_, der::Error>((tbs, alg))
    })
    .unwrap()
}

fn with_signature(c: &ParsedCert, sig: &[u8]) -> ParsedCert {
    let (tbs, alg) = parts(c);
    let mut bits = vec![0u8];
    bits.extend_from_slice(sig);
    let mut body = tbs;
    body.extend(alg);
    body.extend(tlv(0x03, &bits));
    ParsedCert::from_der(&tlv(0x30, &body)).unwrap()
}

fn signature(c: &ParsedCert) -> Vec<u8> {
    c.signature().unwrap().to_vec()
}

#[test]
fn damaged_signatures_fail_without_panicking() {
    for (leaf, issuer) in [
        ("rsa-leaf", "rsa-int"),
        ("pss-leaf", "pss-int"),
        ("pss-leaf-sha384-max", "pss-int"),
        ("pss-leaf-4096-max", "pss4096-int"),
        ("ec256-leaf", "ec256-int"),
        ("ec384-leaf", "ec384-int"),
        ("ec521-leaf", "ec521-int"),
        ("md5-leaf", "rsa-int"),
        ("ed-leaf", "ed-root"),
        ("sha3-rsa-leaf", "sha3-rsa-root"),
        ("sha3-pss-leaf", "sha3-rsa-root"),
        ("sha3-p256-leaf", "sha3-p256-root"),
        ("sha3-p256-leaf-512", "sha3-p256-root"),
        ("sha3-p521-leaf-256", "sha3-p521-root"),
    ] {
        let c = load(leaf);
        let key = load(issuer);
        let k = &spki(&key);
        let sig = signature(&c);
        // Re-encoding with the same signature keeps it valid (the helper is faithful).
        assert_eq!(verify::verify_signature(&with_signature(&c, &sig), k), Ok(()), "{leaf}");
        let mut flipped = sig.clone();
        *flipped.last_mut().unwrap() ^= 0x01;
        let mut variants: Vec<(&str, Vec<u8>)> = vec![
            ("empty", vec![]),
            ("one byte", vec![0x00]),
            ("truncated", sig[..sig.len() - 1].to_vec()),
            ("half", sig[..sig.len() / 2].to_vec()),
            ("extended", [sig.as_slice(), &[0x00]].concat()),
            ("last bit flipped", flipped),
            ("all ones", vec![0xff; sig.len()]),
            ("all zeros", vec![0x00; sig.len()]),
            ("raw r||s", vec![0x11; 64]),
            ("r = s = 0", vec![0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00]),
            ("r = s = 1", vec![0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]),
            ("negative r", vec![0x30, 0x06, 0x02, 0x01, 0x80, 0x02, 0x01, 0x01]),
            (
                "huge r",
                [
                    vec![0x30, 0x48, 0x02, 0x41, 0x00],
                    vec![0xff; 64],
                    vec![0x02, 0x01, 0x01],
                ]
                .concat(),
            ),
            ("bad length", vec![0x30, 0x7f, 0x02, 0x01, 0x01]),
        ];
        if sig.first() == Some(&0x30) {
            // ECDSA: keep the DER shape but swap r and s.
            variants.push(("r and s swapped", swap_r_s(&sig)));
        }
        for (what, bad) in variants {
            let d = with_signature(&c, &bad);
            assert_eq!(
                verify::verify_signature(&d, k),
                Err(VerifyError::BadSignature),
                "{leaf}: {what}"
            );
        }
        // Unused bits in the BIT STRING: not a byte string, so malformed.
        let (tbs, alg) = parts(&c);
        let mut bits = vec![1u8];
        bits.extend_from_slice(&sig);
        let der = tlv(0x30, &[tbs, alg, tlv(0x03, &bits)].concat());
        if let Ok(d) = ParsedCert::from_der(&der) {
            assert!(verify::verify_signature(&d, k).is_err(), "{leaf}: unused bits");
        }
    }
}

/// Ed448 is not checked: whatever the signature value, the answer is "not checked", never
/// `Ok` and never a verdict.
#[test]
fn ed448_signatures_are_not_checked() {
    let c = load("ed448-leaf");
    let root = load("ed448-root");
    let k = spki(&root);
    let sig = signature(&c);
    let mut flipped = sig.clone();
    *flipped.last_mut().unwrap() ^= 0x01;
    for bad in [sig.clone(), flipped, vec![], vec![0u8; 114], [sig.as_slice(), &[0]].concat()] {
        assert_eq!(
            verify::verify_signature(&with_signature(&c, &bad), &k),
            Err(VerifyError::UnsupportedAlgorithm {
                oid: "1.3.101.113".to_owned()
            })
        );
    }
}

fn swap_r_s(sig: &[u8]) -> Vec<u8> {
    let mut r = SliceReader::new(sig).unwrap();
    let (a, b) = r
        .sequence(|s| Ok::<_, der::Error>((UintRef::decode(s)?.as_bytes().to_vec(), UintRef::decode(s)?.as_bytes().to_vec())))
        .unwrap();
    let int = |v: &[u8]| {
        let mut body = v.to_vec();
        if body[0] & 0x80 != 0 {
            body.insert(0, 0);
        }
        tlv(0x02, &body)
    };
    tlv(0x30, &[int(&b), int(&a)].concat())
}

#[test]
fn outer_and_inner_algorithm_must_agree() {
    // Swap the outer AlgorithmIdentifier of an ECDSA-SHA256 certificate for ECDSA-SHA384:
    // the TBSCertificate still says SHA-256, so OpenSSL and originpull refuse it.
    let c = load("ec256-leaf");
    let (tbs, _) = parts(&c);
    let alg384 = tlv(0x30, &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03]);
    let mut bits = vec![0u8];
    bits.extend(signature(&c));
    let d = ParsedCert::from_der(&tlv(0x30, &[tbs, alg384, tlv(0x03, &bits)].concat())).unwrap();
    assert_eq!(
        verify::verify_signature(&d, &spki(&load("ec256-int"))),
        Err(VerifyError::BadSignature)
    );
}

#[test]
fn wrong_key_types_and_curves() {
    let ec_leaf = load("ec256-leaf");
    let rsa_leaf = load("rsa-leaf");
    // RSA signature, EC key; ECDSA signature, RSA key; P-256 signature, P-384 and P-521 keys;
    // anything with an Ed25519 key.
    for (c, k) in [
        (&rsa_leaf, load("ec256-int")),
        (&ec_leaf, load("rsa-int")),
        (&ec_leaf, load("pss-int")),
        (&ec_leaf, load("ec384-int")),
        (&ec_leaf, load("ec521-int")),
        (&ec_leaf, load("ed-root")),
        (&rsa_leaf, load("ed-root")),
        (&ec_leaf, load("ed448-root")),
        (&rsa_leaf, load("ed448-root")),
        (&load("ed-leaf"), load("ed448-root")),
        (&load("ed448-leaf"), load("ed-root")),
    ] {
        assert_eq!(verify::verify_signature(c, &spki(&k)), Err(VerifyError::BadSignature));
    }
    // An Ed25519 signature verifies with its issuer's key only; RSA and EC keys cannot have
    // made it.
    let ed = load("ed-leaf");
    assert_eq!(verify::verify_signature(&ed, &spki(&load("ed-root"))), Ok(()));
    for k in ["ed-leaf", "rsa-int", "ec256-int"] {
        assert_eq!(
            verify::verify_signature(&ed, &spki(&load(k))),
            Err(VerifyError::BadSignature),
            "{k}"
        );
    }
    // Ed25519 keys that cannot be used: parameters present (RFC 8410 §3: MUST be absent;
    // OpenSSL refuses them), a key of 31 or 33 octets, octets that are no curve point
    // (y = 2 has no x: tests/data/ed25519/make.py), unused bits.
    let ed_root = load("ed-root");
    let root = ed_root.spki_ref();
    let (alg, root_key) = (root.algorithm.oid, root.subject_public_key.raw_bytes());
    let null = Some(AnyRef::NULL);
    let mut not_a_point = [0u8; 32];
    not_a_point[0] = 2;
    let mut broken_keys = vec![spki_der(alg, null, root_key)];
    for bytes in [&[7u8; 31][..], &[7u8; 33][..], &not_a_point[..]] {
        broken_keys.push(spki_der(alg, None, bytes));
    }
    for k in &broken_keys {
        let k = SubjectPublicKeyInfoRef::from_der(k).unwrap();
        assert!(
            matches!(verify::verify_signature(&ed, &k), Err(VerifyError::Malformed { .. })),
            "{k:?}"
        );
    }
    // Unused bits in the key's BIT STRING: the key cannot be read (a certificate carrying one
    // is refused as a whole).
    let unused = SubjectPublicKeyInfoRef {
        algorithm: AlgorithmIdentifierRef { oid: alg, parameters: None },
        subject_public_key: BitStringRef::new(1, root_key).unwrap(),
    }
    .to_der()
    .unwrap();
    let unused = SubjectPublicKeyInfoRef::from_der(&unused).unwrap();
    assert!(matches!(verify::verify_signature(&ed, &unused), Err(VerifyError::Malformed { .. })));
    // Ed448: with an Ed448 key, not checked (whatever the key's octets: nothing is decoded);
    // with any other key, a bad signature (that key cannot have made it).
    let ed448 = load("ed448-leaf");
    let not_checked = Err(VerifyError::UnsupportedAlgorithm {
        oid: "1.3.101.113".to_owned(),
    });
    assert_eq!(verify::verify_signature(&ed448, &spki(&load("ed448-root"))), not_checked);
    assert_eq!(verify::verify_signature(&ed448, &spki(&load("ed448-leaf"))), not_checked);
    for k in ["ed-root", "rsa-int", "ec256-int"] {
        assert_eq!(
            verify::verify_signature(&ed448, &spki(&load(k))),
            Err(VerifyError::BadSignature),
            "{k}"
        );
    }
    let ed448_root = load("ed448-root");
    let root = ed448_root.spki_ref();
    let alg = root.algorithm.oid;
    for bytes in [&[7u8; 56][..], &[7u8; 58][..], &[0u8; 57][..]] {
        let k = spki_der(alg, None, bytes);
        assert_eq!(verify::verify_signature(&ed448, &SubjectPublicKeyInfoRef::from_der(&k).unwrap()), not_checked);
    }
    // A key that is not a curve point / not an RSA key at all: malformed, no panic.
    let ec_int = load("ec256-int");
    let ec = ec_int.spki_ref();
    let broken = spki_der(ec.algorithm.oid, ec.algorithm.parameters, &[0x04, 0x01, 0x02]);
    assert!(matches!(
        verify::verify_signature(&ec_leaf, &SubjectPublicKeyInfoRef::from_der(&broken).unwrap()),
        Err(VerifyError::Malformed { .. })
    ));
    let rsa_int = load("rsa-int");
    let rsa = rsa_int.spki_ref();
    for key in [&[0x30, 0x03, 0x02, 0x01, 0x03][..], &[]] {
        let broken = spki_der(rsa.algorithm.oid, rsa.algorithm.parameters, key);
        assert!(matches!(
            verify::verify_signature(&rsa_leaf, &SubjectPublicKeyInfoRef::from_der(&broken).unwrap()),
            Err(VerifyError::Malformed { .. })
        ));
    }
}

#[test]
fn link_explains_why() {
    let leaf = load("rsa-leaf");
    assert_eq!(chain::link(&leaf, &load("rsa-int")), Link::Verified);
    assert!(chain::issues(&load("rsa-int"), &leaf));
    assert!(!chain::issues(&load("rsa-root"), &leaf));
    assert_eq!(chain::link(&leaf, &load("rsa-root")), Link::NameMismatch);
    assert!(matches!(
        chain::link(&leaf, &load("impostor-int")),
        Link::BadSignature(VerifyError::BadSignature)
    ));
    assert!(matches!(
        chain::link(&load("rsa-leaf-tampered"), &load("rsa-int")),
        Link::BadSignature(_)
    ));
    assert_eq!(chain::link(&load("ed-leaf"), &load("ed-root")), Link::Verified);
    assert_eq!(
        chain::link(&load("ed-leaf-tampered"), &load("ed-root")),
        Link::BadSignature(VerifyError::BadSignature)
    );
    // Ed448: linked by names and key identifiers, the signature not checked (so a tampered
    // one looks the same).
    let unchecked = Link::Unchecked(VerifyError::UnsupportedAlgorithm {
        oid: "1.3.101.113".to_owned(),
    });
    assert_eq!(chain::link(&load("ed448-leaf"), &load("ed448-root")), unchecked);
    assert_eq!(chain::link(&load("ed448-root"), &load("ed448-root")), unchecked);
    assert_eq!(chain::link(&load("ed448-leaf-tampered"), &load("ed448-root")), unchecked);
    assert!(unchecked.is_linked() && !chain::issues(&load("ed448-root"), &load("ed448-leaf")));
    assert!(chain::is_self_signed(&load("ed448-root")));
    assert_eq!(chain::link(&load("sha3-p256-leaf"), &load("sha3-p256-root")), Link::Verified);
    assert!(matches!(
        chain::link(&load("ec256-leaf-forged-sha3"), &load("ec256-root")),
        Link::BadSignature(VerifyError::BadSignature)
    ));
    assert!(!chain::is_self_signed(&load("ed448-leaf")));
    assert!(load("rsa-int").is_ca());
    assert!(!leaf.is_ca());
}

// ---- Chain analysis, data-driven from cases.txt and openssl-verify.txt.

struct Case {
    name: String,
    input: Vec<String>,
    trusted: Vec<String>,
    payload: Vec<String>,
    codes: Vec<String>,
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().filter(|w| *w != "-").map(str::to_owned).collect()
}

fn cases() -> Vec<Case> {
    std::fs::read_to_string(dir().join("cases.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('|').collect();
            assert_eq!(f.len(), 5, "{l}");
            Case {
                name: f[0].trim().to_owned(),
                input: words(f[1]),
                trusted: words(f[2]),
                payload: words(f[3]),
                codes: words(f[4]),
            }
        })
        .collect()
}

fn openssl_results() -> BTreeMap<String, String> {
    std::fs::read_to_string(dir().join("openssl-verify.txt"))
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once(": ").map(|(a, b)| (a.to_owned(), b.to_owned())))
        .collect()
}

/// Cases where originpull refuses on purpose what `openssl verify` accepts: the path to the
/// given CA rests on a signature originpull does not check (Ed448; PSS with MGF1-SHA-1 under
/// SHA-256). The `CA_VERIFY_FAILED` message says so.
const NOT_CHECKED: [&str; 3] = ["ed448", "ed448-leaf-only", "pss-mgf1-sha1"];

/// Cases where OpenSSL 3.0.19 refuses what originpull accepts: genuine ecdsa-with-SHA3
/// chains. OpenSSL 3.0 verifies the signatures themselves (`openssl dgst -sha3-256 -verify`,
/// validate/CHECKS.md) but does not link certificates signed with ecdsa-with-SHA3, so its
/// chain building ends at "unable to get local issuer certificate" (error 20). Python
/// `cryptography` verifies every one of these links (signatures.txt).
const OPENSSL_30_NO_ECDSA_SHA3: [&str; 6] =
    ["p256-sha3", "p256-sha3-224", "p256-sha3-512", "p384-sha3", "p521-sha3", "p521-sha3-256"];

#[test]
fn chain_cases() {
    let openssl = openssl_results();
    let all = cases();
    assert!(all.len() >= 40);
    for case in &all {
        let certs: Vec<ParsedCert> = case.input.iter().map(|n| load(n)).collect();
        let trusted: Vec<ParsedCert> = case.trusted.iter().map(|n| load(n)).collect();
        let a = chain::analyze(&certs, &trusted);
        let name = &case.name;

        let payload: Vec<&str> = a.payload.iter().map(|&i| case.input[i].as_str()).collect();
        assert_eq!(payload, case.payload, "{name}: payload");
        let leaf = case.input.iter().position(|n| *n == case.payload[0]).unwrap();
        assert_eq!(a.leaf, Some(leaf), "{name}: leaf");

        let mut got: Vec<&str> = a.findings.iter().map(|f| f.code.as_str()).collect();
        got.sort_unstable();
        let mut want: Vec<&str> = case.codes.iter().map(String::as_str).collect();
        want.sort_unstable();
        assert_eq!(got, want, "{name}: codes; findings: {:#?}", a.findings);

        for f in &a.findings {
            assert!(!f.message.is_empty() && !f.hint.is_empty(), "{name}: {f:?}");
            let i = f.certificate.expect("every chain finding names a certificate");
            assert!(i < certs.len(), "{name}: {f:?}");
            // The message names the certificate concerned by subject.
            let subject = cert::inspect(&certs[i]).subject;
            assert!(
                f.message.contains(&subject),
                "{name}: {} does not name {subject}",
                f.message
            );
        }
        // Errors come first.
        assert!(a.findings.windows(2).all(|w| w[0].severity <= w[1].severity), "{name}");

        // Agreement with `openssl verify -auth_level 2` where trusted CAs were given.
        if case.trusted.is_empty() {
            assert!(!got.contains(&"CA_VERIFY_FAILED"), "{name}");
            continue;
        }
        let result = openssl
            .get(name)
            .unwrap_or_else(|| panic!("{name}: no openssl result; run verify.sh"));
        let weak_error = a
            .findings
            .iter()
            .any(|f| f.code == "WEAK_SIGNATURE_ALGORITHM" && f.severity == Severity::Error);
        let ca_failed = got.contains(&"CA_VERIFY_FAILED");
        if NOT_CHECKED.contains(&name.as_str()) {
            assert_eq!(result, "OK", "{name}");
            let f = a.findings.iter().find(|f| f.code == "CA_VERIFY_FAILED").unwrap();
            assert!(f.message.contains("could not check"), "{name}: {}", f.message);
        } else if OPENSSL_30_NO_ECDSA_SHA3.contains(&name.as_str()) {
            assert!(result.starts_with("error 20 "), "{name}: {result}");
            assert!(!ca_failed && !weak_error, "{name}: originpull verifies ecdsa-with-SHA3");
        } else if result == "OK" {
            assert!(!ca_failed && !weak_error, "{name}: openssl says OK");
        } else if result.starts_with("error 68 ") {
            assert!(weak_error && !ca_failed, "{name}: openssl says {result}");
        } else {
            let code: u32 = result.split_whitespace().nth(1).unwrap().parse().unwrap();
            assert!(
                [2, 7, 18, 20].contains(&code),
                "{name}: unexpected openssl result {result}"
            );
            assert!(ca_failed, "{name}: openssl says {result}");
        }
    }
}

fn analyze(input: &[&str], trusted: &[&str]) -> chain::ChainAnalysis {
    let certs: Vec<ParsedCert> = input.iter().map(|n| load(n)).collect();
    let trusted: Vec<ParsedCert> = trusted.iter().map(|n| load(n)).collect();
    chain::analyze(&certs, &trusted)
}

fn finding<'a>(a: &'a chain::ChainAnalysis, code: &str) -> &'a crate::check::findings::Finding {
    a.findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:#?}", a.findings))
}

#[test]
fn findings_carry_the_evidence() {
    let serial = |n: &str| cert::inspect(&load(n)).serial_number_hex;

    // Missing intermediate: names what the origin trusts, where the chain stops, what is missing.
    let a = analyze(&["rsa-leaf"], &["rsa-root"]);
    let f = finding(&a, "CA_VERIFY_FAILED");
    assert_eq!((f.severity, f.certificate), (Severity::Error, Some(0)));
    assert!(
        f.message.contains("CN=originpull test RSA Root,O=originpull tests"),
        "{}",
        f.message
    );
    assert!(f.message.contains("CN=client.rsa.example"), "{}", f.message);
    assert!(
        f.message
            .contains("issuer CN=originpull test RSA Intermediate,O=originpull tests"),
        "{}",
        f.message
    );
    assert!(
        f.hint.contains("cat leaf.pem intermediate.pem > bundle.pem"),
        "{}",
        f.hint
    );
    assert!(f.hint.contains("unable to get local issuer certificate"), "{}", f.hint);

    // Trust file with the intermediate only: OpenSSL needs the root.
    let a = analyze(&["rsa-leaf", "rsa-int"], &["rsa-int"]);
    let f = finding(&a, "CA_VERIFY_FAILED");
    assert!(
        f.message.contains("not self-signed") && f.hint.contains("CN=originpull test RSA Root"),
        "{f:?}"
    );

    // Untrusted self-signed leaf.
    let a = analyze(&["selfsigned-leaf"], &["rsa-root"]);
    assert!(finding(&a, "CA_VERIFY_FAILED")
        .message
        .contains("self-signed CN=selfsigned.client.example"));

    // Broken signature: both certificates, with serials.
    let a = analyze(&["rsa-leaf-tampered", "rsa-int"], &[]);
    let f = finding(&a, "CHAIN_BROKEN");
    assert_eq!(f.certificate, Some(0));
    assert!(f.message.contains(&format!(
        "CN=dlient.rsa.example,O=originpull tests (serial {})",
        serial("rsa-leaf-tampered")
    )));
    assert!(f.message.contains(&format!(
        "CN=originpull test RSA Intermediate,O=originpull tests (serial {})",
        serial("rsa-int")
    )));

    // Unrelated intermediate: it and the certificate it should have issued.
    let a = analyze(&["rsa-leaf", "other-int"], &[]);
    let f = finding(&a, "CHAIN_BROKEN");
    assert_eq!(f.certificate, Some(1));
    assert!(f.message.contains("CN=originpull test Other Intermediate") && f.message.contains("CN=client.rsa.example"));
    assert!(f.hint.contains("CN=originpull test RSA Intermediate"), "{}", f.hint);

    // Impostor next to the real intermediate: the real one is chosen, the impostor explained.
    let a = analyze(&["rsa-leaf", "impostor-int", "rsa-int"], &[]);
    assert_eq!(a.payload, vec![0, 2]);
    let f = finding(&a, "CHAIN_BROKEN");
    assert_eq!(f.certificate, Some(1));
    assert!(f.message.contains("different key under the same name"), "{}", f.message);

    // A re-issued intermediate (same name and key) next to the original: left out, harmless.
    let a = analyze(&["rsa-leaf", "rsa-int", "rsa-int-reissued"], &["rsa-root"]);
    let f = finding(&a, "CHAIN_DUPLICATE");
    assert_eq!((f.severity, f.certificate), (Severity::Info, Some(2)));
    assert!(f.message.contains("another certificate for the CA"), "{}", f.message);

    // Order: the leaf's position is named; the payload is reordered.
    let a = analyze(&["rsa-root", "rsa-int", "rsa-leaf"], &[]);
    assert_eq!(a.payload, vec![2, 1]);
    let f = finding(&a, "CHAIN_ORDER");
    assert_eq!((f.severity, f.certificate), (Severity::Error, Some(2)));
    assert!(f.message.contains("3rd"), "{}", f.message);
    let root = finding(&a, "CHAIN_INCLUDES_ROOT");
    assert_eq!((root.severity, root.certificate), (Severity::Info, Some(0)));

    // Weak digests: the certificate, the algorithm name and OID, OpenSSL's words, a SHA-256 fix.
    let a = analyze(&["sha1-int-leaf", "sha1-int"], &["rsa-root"]);
    let f = finding(&a, "WEAK_SIGNATURE_ALGORITHM");
    assert_eq!((f.severity, f.certificate), (Severity::Error, Some(1)));
    assert!(
        f.message.contains("sha1WithRSAEncryption (1.2.840.113549.1.1.5)"),
        "{}",
        f.message
    );
    assert!(f.message.contains("CA signature digest algorithm too weak"));
    assert!(f.hint.contains("-sha256"));
    let a = analyze(&["md5-leaf", "rsa-int"], &[]);
    let f = finding(&a, "WEAK_SIGNATURE_ALGORITHM");
    assert_eq!(f.certificate, Some(0));
    assert!(f.message.contains("md5WithRSAEncryption (1.2.840.113549.1.1.4)"));
    // A SHA-1 root is dropped and not flagged; a SHA-1 self-signed leaf is only a warning.
    let a = analyze(&["sha1-root-leaf", "sha1-root-int", "sha1-root"], &[]);
    assert!(a.findings.iter().all(|f| f.code != "WEAK_SIGNATURE_ALGORITHM"));
    let a = analyze(&["selfsigned-sha1-leaf"], &[]);
    assert_eq!(finding(&a, "WEAK_SIGNATURE_ALGORITHM").severity, Severity::Warning);
}

#[test]
fn degenerate_inputs() {
    let a = chain::analyze(&[], &[]);
    assert_eq!(
        a,
        chain::ChainAnalysis {
            leaf: None,
            findings: vec![],
            payload: vec![],
            path: vec![],
            anchored: false,
        }
    );
    let a = analyze(&[], &["rsa-root"]);
    assert_eq!((a.leaf, a.payload.len(), a.findings.len()), (None, 0, 0));
    // A lone CA certificate is its own leaf (LEAF_IS_CA is judged elsewhere).
    let a = analyze(&["rsa-int"], &["rsa-root"]);
    assert_eq!((a.leaf, a.payload.clone(), a.findings.len()), (Some(0), vec![0], 0));
    let a = analyze(&["rsa-root"], &[]);
    assert_eq!((a.leaf, a.payload.clone(), a.findings.len()), (Some(0), vec![0], 0));
    // Only CAs: the one that issues nothing else; unrelated ones: the first.
    let a = analyze(&["rsa-root", "rsa-int"], &[]);
    assert_eq!((a.leaf, a.payload.clone()), (Some(1), vec![1]));
    let a = analyze(&["other-int", "rsa-root"], &[]);
    assert_eq!(a.leaf, Some(0));
    // The same certificate many times, and many unrelated ones: no blow-up.
    let many: Vec<&str> = std::iter::repeat_n("rsa-int", 50).chain(["rsa-leaf"]).collect();
    let a = analyze(&many, &["rsa-root"]);
    assert_eq!(a.payload, vec![50, 0]);
    assert_eq!(a.findings.iter().filter(|f| f.code == "CHAIN_DUPLICATE").count(), 49);
    // Damaged signatures inside a chain: reported, never a panic.
    let leaf = load("ec256-leaf");
    let certs = vec![with_signature(&leaf, &[0x30, 0x00]), load("ec256-int")];
    let a = chain::analyze(&certs, &[load("ec256-root")]);
    assert_eq!(a.payload, vec![0, 1]);
    assert!(a.findings.iter().any(|f| f.code == "CHAIN_BROKEN"));
    assert!(a.findings.iter().any(|f| f.code == "CA_VERIFY_FAILED"));
}

/// The kinds of non-DER re-encoding of ec256-leaf's ECDSA-Sig-Value in this directory
/// (`variants.py reencode`; same r and s).
const NON_DER: [&str; 7] = ["long-seq", "long-seq-82", "long-r", "padded-r", "long-s", "padded-s", "trailing"];

fn has_error(a: &chain::ChainAnalysis, code: &str) -> bool {
    a.findings.iter().any(|f| f.code == code && f.severity == Severity::Error)
}

/// Issue 11, defect 1: an ECDSA signature whose DER is not minimal (long-form or zero-padded
/// lengths, trailing data; same r and s) does not verify, as OpenSSL (which re-encodes the
/// value and compares) refuses it: an error on the link and on the path to the given CA.
#[test]
fn non_der_ecdsa_signatures_are_errors() {
    for m in NON_DER {
        let leaf = format!("ec256-leaf-der-{m}");
        assert_eq!(
            verify::verify_signature(&load(&leaf), &spki(&load("ec256-int"))),
            Err(VerifyError::BadSignature),
            "{leaf}"
        );
        let a = analyze(&[&leaf, "ec256-int"], &["ec256-root"]);
        assert!(has_error(&a, "CHAIN_BROKEN") && has_error(&a, "CA_VERIFY_FAILED"), "{leaf}: {:#?}", a.findings);
        // The leaf alone, its issuer among the trusted CAs.
        let a = analyze(&[&leaf], &["ec256-int", "ec256-root"]);
        assert!(has_error(&a, "CA_VERIFY_FAILED"), "{leaf}: {:#?}", a.findings);
    }
}

/// Issue 11, defect 2: a leaf naming the trusted ec256-root as issuer (name and key
/// identifier), claiming ecdsa-with-SHA3-256, with a random signature, must not reach the CA.
#[test]
fn forged_sha3_leaf_does_not_reach_the_ca() {
    let forged = load("ec256-leaf-forged-sha3");
    assert_eq!(
        verify::verify_signature(&forged, &spki(&load("ec256-root"))),
        Err(VerifyError::BadSignature)
    );
    let a = analyze(&["ec256-leaf-forged-sha3"], &["ec256-root"]);
    assert!(has_error(&a, "CA_VERIFY_FAILED"), "{:#?}", a.findings);
    let a = analyze(&["ec256-leaf-forged-sha3", "ec256-root"], &["ec256-root"]);
    assert!(has_error(&a, "CHAIN_BROKEN") && has_error(&a, "CA_VERIFY_FAILED"), "{:#?}", a.findings);
}

/// A link whose signature cannot be checked is a warning on its own, and an error when the
/// path to the given CA rests on it (issue 11, defect 2), whichever way the path goes: through
/// the input (the root sent along) or straight to a trusted CA.
#[test]
fn unchecked_links_warn_and_never_reach_the_ca() {
    let a = analyze(&["ed448-leaf", "ed448-root"], &[]);
    let f = finding(&a, "CHAIN_SIGNATURE_UNCHECKED");
    assert_eq!((f.severity, f.certificate), (Severity::Warning, Some(0)));
    assert!(f.message.contains("ED448 (1.3.101.113)"), "{}", f.message);
    assert!(f.message.contains("CN=originpull test Ed448 Root"), "{}", f.message);
    assert!(!a.findings.iter().any(|f| f.severity == Severity::Error), "{:#?}", a.findings);

    for input in [&["ed448-leaf"][..], &["ed448-leaf", "ed448-root"]] {
        let a = analyze(input, &["ed448-root"]);
        let f = finding(&a, "CA_VERIFY_FAILED");
        assert_eq!((f.severity, f.certificate), (Severity::Error, Some(0)), "{input:?}");
        assert!(
            f.message.contains("only through the signature on CN=client.ed448.example")
                && f.message.contains("by CN=originpull test Ed448 Root")
                && f.message.contains("could not check: it uses ED448"),
            "{}",
            f.message
        );
    }
    // A tampered Ed448 leaf looks the same: not checked, so not a path.
    let a = analyze(&["ed448-leaf-tampered"], &["ed448-root"]);
    assert!(has_error(&a, "CA_VERIFY_FAILED"));
    // PSS with MGF1-SHA-1: the same, through `rsa`'s limits.
    let a = analyze(&["pss-mgf1-sha1-leaf"], &["sha3-rsa-root"]);
    assert!(finding(&a, "CA_VERIFY_FAILED").message.contains("rsassaPss (1.2.840.113549.1.1.10)"));
    // Its sibling under the same root, PSS over SHA3-256 (one digest for both), is checked
    // and reaches the CA without a finding.
    let a = analyze(&["sha3-pss-leaf"], &["sha3-rsa-root"]);
    assert!(a.findings.is_empty(), "{:#?}", a.findings);
}

/// The findings for a non-DER ECDSA signature and a forged leaf name the certificates and say
/// what OpenSSL answers.
#[test]
fn bad_signature_to_a_trusted_ca_is_explained() {
    for (leaf, trusted) in [("ec256-leaf-der-long-seq", "ec256-int"), ("ec256-leaf-forged-sha3", "ec256-root")] {
        let a = analyze(&[leaf], &[trusted, "ec256-root"]);
        let f = finding(&a, "CA_VERIFY_FAILED");
        assert!(f.message.contains("its signature does not verify with that CA's key"), "{}", f.message);
        assert!(f.hint.contains("certificate signature failure"), "{}", f.hint);
    }
}
