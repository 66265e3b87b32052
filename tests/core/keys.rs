//! Data-driven key tests over tests/data/keys/ (made by make.sh with OpenSSL 3.0; expected
//! KeyInfo JSON from Python `cryptography` and `openssl pkey -pubout`, see README.md there).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use crate::x509::cert::{self, ParsedCert};
use crate::input::{self, Input};
use crate::key::{read_key, KeyInfo, KeyRead, PrivateKey};
use crate::input::pem::{self, Block};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const PASS: &str = "op-test-passphrase";

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/keys")
}

struct Vector {
    name: String,
    expected: Value,
    block: Block,
}

/// Every vector with an expectation file, read the way users' input is read: PEM through
/// `pem::parse_blocks`, DER through `input::sort` (which labels it `PRIVATE KEY`).
fn vectors() -> Vec<Vector> {
    let mut out = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    for json in names {
        let name = json.trim_end_matches(".json").to_owned();
        let expected: Value = serde_json::from_str(&std::fs::read_to_string(dir().join(&json)).unwrap()).unwrap();
        let bytes = std::fs::read(dir().join(&name)).unwrap();
        out.push(Vector { block: block_of(&name, &bytes), name, expected });
    }
    assert!(out.len() >= 40, "only {} vectors", out.len());
    out
}

fn block_of(name: &str, bytes: &[u8]) -> Block {
    let mut sorted = if name.ends_with(".der") {
        input::sort(Input::Bytes(bytes)).unwrap()
    } else {
        input::sort(Input::Text(std::str::from_utf8(bytes).unwrap())).unwrap()
    };
    assert_eq!(sorted.keys.len(), 1, "{name}");
    assert!(sorted.certificates.is_empty(), "{name}");
    sorted.keys.remove(0)
}

fn info_json(info: &KeyInfo) -> Value {
    serde_json::to_value(info).unwrap()
}

fn decoded(v: &Vector) -> PrivateKey {
    match read_key(&v.block, Some(PASS)).unwrap() {
        KeyRead::Decoded(k) => k,
        other => panic!("{}: not decoded: {other:?}", v.name),
    }
}

/// The certificate's SubjectPublicKeyInfo DER and its SHA-256 as `inspect` reports it.
fn cert_spki(file: &str) -> (Vec<u8>, String) {
    let text = std::fs::read_to_string(dir().join(file)).unwrap();
    let blocks = pem::parse_blocks(&text).unwrap();
    let parsed = ParsedCert::from_der(&blocks[0].der).unwrap();
    let sha = cert::inspect(&parsed).public_key.sha256;
    (parsed.spki_raw().to_vec(), sha)
}

fn matches(key: &PrivateKey, spki_der: &[u8]) -> Option<bool> {
    key.matches(&spki::SubjectPublicKeyInfoRef::try_from(spki_der).unwrap())
}

#[test]
fn every_vector_reports_its_expected_key_info() {
    for v in vectors() {
        let key = decoded(&v);
        assert_eq!(info_json(&key.info()), v.expected["info"], "{}", v.name);
        let spki_sha = key.public_key_spki_der().map(|d| hex(&Sha256::digest(&d)));
        assert_eq!(spki_sha.as_deref(), v.expected["info"]["publicKeySha256"].as_str(), "{}", v.name);
    }
}

#[test]
fn encrypted_vectors_without_passphrase_are_locked() {
    for v in vectors() {
        let read = read_key(&v.block, None).unwrap();
        match (&v.expected["locked"], read) {
            (Value::Null, KeyRead::Decoded(k)) => assert_eq!(info_json(&k.info()), v.expected["info"], "{}", v.name),
            (locked, KeyRead::Locked { info, wrong_passphrase }) => {
                assert_eq!(&info_json(&info), locked, "{}", v.name);
                assert!(!wrong_passphrase, "{}", v.name);
            }
            (locked, other) => panic!("{}: expected {locked}, got {other:?}", v.name),
        }
    }
}

#[test]
fn wrong_passphrase_is_locked_and_flagged() {
    let mut n = 0;
    for v in vectors().into_iter().filter(|v| !v.expected["locked"].is_null()) {
        for wrong in ["op-test-passphrasf", "", "wrong"] {
            match read_key(&v.block, Some(wrong)).unwrap() {
                KeyRead::Locked { info, wrong_passphrase } => {
                    assert!(wrong_passphrase, "{}", v.name);
                    assert_eq!(info_json(&info), v.expected["locked"], "{}", v.name);
                }
                other => panic!("{}: {other:?}", v.name),
            }
        }
        n += 1;
    }
    assert_eq!(n, 18);
}

#[test]
fn keys_match_their_certificates_and_no_other() {
    for v in vectors() {
        let key = decoded(&v);
        let own = v.expected["certificate"].as_str().unwrap();
        let (spki, cert_sha) = cert_spki(own);
        let algorithm = v.expected["info"]["algorithm"].as_str().unwrap();
        if algorithm == "Ed448" {
            // No public key in the PKCS#8 v1 file and no Ed448 arithmetic: cannot tell.
            assert_eq!(matches(&key, &spki), None, "{}", v.name);
        } else {
            assert_eq!(matches(&key, &spki), Some(true), "{}", v.name);
            // The hash equals the certificate's publicKey.sha256, except for the key written
            // with a compressed point (its certificate was made from the uncompressed form).
            let sha = v.expected["info"]["publicKeySha256"].as_str().unwrap();
            assert_eq!(sha == cert_sha, !v.name.contains("compressed"), "{}", v.name);
        }
        // Same algorithm, another key; and another algorithm altogether.
        let (same_kind, other_kind) = match algorithm {
            "RSA" | "RSA-PSS" if v.name.starts_with("rsa2048b") => ("rsa2048.cert.pem", "p256.cert.pem"),
            "RSA" | "RSA-PSS" => ("rsa2048b.cert.pem", "p384.cert.pem"),
            "EC" if v.name.starts_with("p256b") => ("p256.cert.pem", "rsa2048.cert.pem"),
            "EC" => ("p256b.cert.pem", "rsapss2048.cert.pem"),
            "Ed25519" => ("ed448.cert.pem", "p256.cert.pem"),
            _ => ("ed25519.cert.pem", "rsa2048.cert.pem"),
        };
        assert_eq!(matches(&key, &cert_spki(same_kind).0), Some(false), "{} vs {same_kind}", v.name);
        assert_eq!(matches(&key, &cert_spki(other_kind).0), Some(false), "{} vs {other_kind}", v.name);
    }
    // RSA-PSS and plain RSA keys of one modulus are one key; different curves differ.
    let pss = vectors().into_iter().find(|v| v.name == "rsapss2048.pkcs8.pem").unwrap();
    assert_eq!(matches(&decoded(&pss), &cert_spki("rsa2048.cert.pem").0), Some(false));
    let p384 = vectors().into_iter().find(|v| v.name == "p384.sec1.pem").unwrap();
    assert_eq!(matches(&decoded(&p384), &cert_spki("p521.cert.pem").0), Some(false));
}

#[test]
fn unencrypted_pem_round_trips() {
    for v in vectors() {
        let key = decoded(&v);
        let pem_text = key.to_unencrypted_pem();
        let info = key.info();
        let label = match v.expected["info"]["format"].as_str().unwrap() {
            "pkcs8" => "PRIVATE KEY",
            "pkcs1" => "RSA PRIVATE KEY",
            _ => "EC PRIVATE KEY",
        };
        assert!(pem_text.starts_with(&format!("-----BEGIN {label}-----\n")), "{}", v.name);
        assert!(pem_text.ends_with(&format!("-----END {label}-----\n")), "{}", v.name);
        assert!(!pem_text.contains('\r') && !pem_text.contains("Proc-Type"), "{}", v.name);
        assert!(pem_text.lines().all(|l| l.len() <= 64), "{}", v.name);
        let blocks = pem::parse_blocks(&pem_text).unwrap();
        match read_key(&blocks[0], None).unwrap() {
            KeyRead::Decoded(again) => {
                let mut expected = info.clone();
                expected.encrypted = false;
                assert_eq!(again.info(), expected, "{}", v.name);
            }
            other => panic!("{}: {other:?}", v.name),
        }
        if let Some(sha) = openssl_pubkey_sha256(&pem_text) {
            // (For Ed448 OpenSSL knows the public key, originpull does not: nothing to compare.)
            // OpenSSL reads the payload and finds the same public key.
            if info.public_key_sha256.is_some() {
                assert_eq!(Some(sha), info.public_key_sha256, "{}", v.name);
            }
        }
    }
}

/// `openssl pkey -pubout -outform DER` over the key on stdin, hashed; `None` when no openssl.
fn openssl_pubkey_sha256(pem_text: &str) -> Option<String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("openssl")
        .args(["pkey", "-pubout", "-outform", "DER"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take().unwrap().write_all(pem_text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "openssl could not read the payload: {}", String::from_utf8_lossy(&out.stderr));
    Some(hex(&Sha256::digest(&out.stdout)))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn file_block(name: &str) -> Block {
    block_of(name, &std::fs::read(dir().join(name)).unwrap())
}

#[test]
fn unsupported_encryption_is_locked_without_passphrase_and_invalid_with_it() {
    let block = file_block("rsa2048.unsupported-pbe-sha1-3des.pem");
    assert!(matches!(read_key(&block, None).unwrap(), KeyRead::Locked { wrong_passphrase: false, .. }));
    let e = read_key(&block, Some(PASS)).unwrap_err();
    assert_eq!(e.code(), "KEY_INVALID");
    assert!(e.to_string().contains("pbeWithSHAAnd3-KeyTripleDES-CBC"), "{e}");

    // A legacy cipher this crate does not implement.
    let mut legacy = file_block("rsa2048.legacy-aes128.pem");
    legacy.headers[1].1 = legacy.headers[1].1.replace("AES-128-CBC", "CAMELLIA-128-CBC");
    assert!(matches!(read_key(&legacy, None).unwrap(), KeyRead::Locked { wrong_passphrase: false, .. }));
    assert_eq!(read_key(&legacy, Some(PASS)).unwrap_err().code(), "KEY_INVALID");
}

/// Replace the first occurrence of `from` in the key's DER by `to` (same length).
fn patched(name: &str, from: &[u8], to: &[u8]) -> Block {
    let mut block = file_block(name);
    let at = block.der.windows(from.len()).position(|w| w == from).unwrap();
    block.der[at..at + to.len()].copy_from_slice(to);
    block
}

#[test]
fn costly_scrypt_parameters_are_refused() {
    // OpenSSL's -scrypt writes N=16384, r=8, p=1 as INTEGERs 02 02 40 00, 02 01 08, 02 01 01.
    let nrp = [0x02, 0x02, 0x40, 0x00, 0x02, 0x01, 0x08, 0x02, 0x01, 0x01];
    // p = 127: 128·N·r·p = 2 GiB of mixing, above the 1 GiB cap.
    let big_p = patched("rsa2048.pkcs8-scrypt.pem", &nrp, &[0x02, 0x02, 0x40, 0x00, 0x02, 0x01, 0x08, 0x02, 0x01, 0x7f]);
    let e = read_key(&big_p, Some(PASS)).unwrap_err();
    assert_eq!(e.code(), "KEY_INVALID");
    assert!(e.to_string().contains("N=16384, r=8, p=127"), "{e}");
    let odd_n = patched("rsa2048.pkcs8-scrypt.pem", &nrp, &[0x02, 0x02, 0x40, 0x01]);
    assert_eq!(read_key(&odd_n, Some(PASS)).unwrap_err().code(), "KEY_INVALID");
    // Without a passphrase nothing is derived: still just locked.
    assert!(matches!(read_key(&big_p, None).unwrap(), KeyRead::Locked { .. }));
}

#[test]
fn malformed_keys_are_key_invalid() {
    // Legacy body cut to a non-multiple of the block size.
    let mut legacy = file_block("rsa2048.legacy-aes256.pem");
    let len = legacy.der.len();
    legacy.der.truncate(len - 3);
    assert_eq!(read_key(&legacy, Some(PASS)).unwrap_err().code(), "KEY_INVALID");
    // An unencrypted key cut short.
    let mut plain = file_block("p256.sec1.pem");
    let len = plain.der.len();
    plain.der.truncate(len - 10);
    assert_eq!(read_key(&plain, None).unwrap_err().code(), "KEY_INVALID");
    // An EC key whose embedded public point is not its own (p256b's point in p256's key).
    let mine = file_block("p256.sec1.pem");
    let other = decoded_file("p256b.pkcs8.pem").public_key_spki_der().unwrap();
    let theirs = &other[other.len() - 64..];
    let mut swapped = mine.clone();
    let at = swapped.der.len() - 64;
    swapped.der[at..].copy_from_slice(theirs);
    let e = read_key(&swapped, None).unwrap_err();
    assert_eq!(e.code(), "KEY_INVALID");
    assert!(e.to_string().contains("does not belong"), "{e}");
    // DER that is no key at all is not taken for one.
    let cert = pem::parse_blocks(&std::fs::read_to_string(dir().join("p256.cert.pem")).unwrap()).unwrap();
    assert!(!crate::key::looks_like_private_key(&cert[0].der));
}

/// PKCS#8 v2 (RFC 5958): an Ed448 key's public key is known only from its `publicKey`
/// field. OpenSSL 3.0 writes (and reads) only v1, so the v2 copy is built here from the v1
/// fixture and the certificate's public key: version 1, `[1] IMPLICIT BIT STRING` appended.
#[test]
fn ed448_public_key_comes_from_pkcs8_v2() {
    let v1 = file_block("ed448.pkcs8.pem");
    let (spki, cert_sha) = cert_spki("ed448.cert.pem");
    let public = &spki[spki.len() - 57..];
    assert_eq!(v1.der[..5], [0x30, 0x47, 0x02, 0x01, 0x00]);
    let mut body = vec![0x02, 0x01, 0x01];
    body.extend_from_slice(&v1.der[5..]);
    body.extend_from_slice(&[0x81, 58, 0x00]);
    body.extend_from_slice(public);
    let mut der = vec![0x30, 0x81, u8::try_from(body.len()).unwrap()];
    der.extend_from_slice(&body);
    let mut v2 = v1.clone();
    *v2.der = der;
    let key = match read_key(&v2, None).unwrap() {
        KeyRead::Decoded(k) => k,
        other => panic!("{other:?}"),
    };
    assert_eq!(key.info().public_key_sha256.as_deref(), Some(cert_sha.as_str()));
    assert_eq!(matches(&key, &spki), Some(true));
    assert_eq!(matches(&key, &cert_spki("ed25519.cert.pem").0), Some(false));
    // Another Ed448 public key: a different key.
    let mut other = spki.clone();
    let last = other.len() - 1;
    other[last] ^= 1;
    assert_eq!(matches(&key, &other), Some(false));
    // The v1 key cannot tell.
    let v1_key = decoded_file("ed448.pkcs8.pem");
    assert_eq!(v1_key.info().public_key_sha256, None);
    assert_eq!(matches(&v1_key, &spki), None);
}

fn decoded_file(name: &str) -> PrivateKey {
    match read_key(&file_block(name), Some(PASS)).unwrap() {
        KeyRead::Decoded(k) => k,
        other => panic!("{other:?}"),
    }
}

/// Pieces of secret that must never show: 16-hex-digit windows of the unencrypted DER, its
/// Debug byte-list form, 16-character windows of the unencrypted PEM body, the passphrase.
fn secrets_of(key: &PrivateKey) -> Vec<String> {
    let pem_text = key.to_unencrypted_pem();
    let block = &pem::parse_blocks(&pem_text).unwrap()[0];
    let der: &[u8] = &block.der;
    let mut out = vec![PASS.to_owned()];
    let h = hex(der);
    out.extend(h.as_bytes().chunks(16).filter(|c| c.len() == 16).map(|c| String::from_utf8(c.to_vec()).unwrap()));
    out.extend(h.to_uppercase().as_bytes().chunks(16).filter(|c| c.len() == 16).map(|c| String::from_utf8(c.to_vec()).unwrap()));
    out.extend(der.chunks(8).filter(|c| c.len() == 8).map(|c| format!("{c:?}").trim_matches(['[', ']']).to_owned()));
    let body: String = pem_text.lines().filter(|l| !l.starts_with("-----")).collect();
    out.extend(body.as_bytes().chunks(16).filter(|c| c.len() == 16).map(|c| String::from_utf8(c.to_vec()).unwrap()));
    out
}

fn assert_clean(what: &str, text: &str, secrets: &[String]) {
    for s in secrets {
        assert!(!text.contains(s.as_str()), "{what} shows secret material {s:?}: {text}");
    }
}

#[test]
fn no_key_material_or_passphrase_in_debug_json_or_errors() {
    let mut checked = 0;
    for v in vectors() {
        let key = decoded(&v);
        let secrets = secrets_of(&key);
        assert!(secrets.len() > 20);
        assert_clean("Debug of PrivateKey", &format!("{key:?} {key:#?}"), &secrets);
        assert_clean("KeyInfo JSON", &serde_json::to_string(&key.info()).unwrap(), &secrets);
        let read = read_key(&v.block, Some(PASS)).unwrap();
        assert_clean("Debug of KeyRead", &format!("{read:?}"), &secrets);
        let locked = read_key(&v.block, Some("wrong")).unwrap();
        assert_clean("Debug of a wrong-passphrase KeyRead", &format!("{locked:?}"), &secrets);
        assert_clean("Debug of the block", &format!("{:?}", v.block), &secrets);

        // Malformed inputs: errors must not echo bytes or the passphrase.
        let mut cut = v.block.clone();
        let len = cut.der.len();
        cut.der.truncate(len / 2);
        for pass in [None, Some(PASS)] {
            if let Err(e) = read_key(&cut, pass) {
                assert_clean("error Display", &e.to_string(), &secrets);
                assert_clean("error Debug", &format!("{e:?}"), &secrets);
                checked += 1;
            }
        }
        let mut flipped = v.block.clone();
        let mid = flipped.der.len() / 3;
        flipped.der[mid] ^= 0xff;
        flipped.der[mid + 1] ^= 0x55;
        for pass in [None, Some(PASS)] {
            match read_key(&flipped, pass) {
                Err(e) => {
                    assert_clean("error Display", &e.to_string(), &secrets);
                    assert_clean("error Debug", &format!("{e:?}"), &secrets);
                    checked += 1;
                }
                Ok(r) => assert_clean("Debug of a damaged key", &format!("{r:?}"), &secrets),
            }
        }
    }
    assert!(checked > 30, "only {checked} errors checked");
}
