//! Certificate structure, judged against OpenSSL: tests/data/structure/ holds one leaf per
//! detail of RFC 5280 §4.1 (made field by field by make.py and signed by root.pem) and
//! verdicts.txt, what `openssl verify -purpose sslclient` and Python `cryptography` make of
//! each. A certificate OpenSSL verifies must be read and its signature verified here; one
//! OpenSSL refuses must be refused (at parsing or at the signature), except the deliberate
//! differences of [`DIFFERENCES`].
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use crate::x509::cert::{self, GeneralName, ParsedCert};
use crate::x509::oid;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/structure")
}

fn load(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(format!("{name}.der"))).unwrap()
}

fn root() -> ParsedCert {
    let text = std::fs::read_to_string(dir().join("root.pem")).unwrap();
    crate::input::sort(crate::Input::Text(&text)).unwrap().certificates.remove(0)
}

/// (variant, whether originpull accepts it, why it differs from OpenSSL).
const DIFFERENCES: [(&str, bool, &str); 8] = [
    ("version-4", false, "the contract's version is 1, 2 or 3; cryptography refuses it too"),
    (
        "trailing-after-certificate",
        false,
        "a DER input is one certificate and nothing else (`openssl x509` reads the first object); cryptography refuses it too",
    ),
    (
        "spki-unused-bits",
        false,
        "its public key cannot be read, so a TLS client cannot prove possession of it; cryptography refuses it too",
    ),
    ("ku-trailing", false, "data after the keyUsage BIT STRING; cryptography refuses it too"),
    ("name-constructed-utf8", false, "a constructed (BER) string is not DER; cryptography refuses it too"),
    (
        "length-non-minimal",
        false,
        "certificates are read with the der crate, which reads DER only: a length in long form that fits the short \
         form is not DER (X.690 §10.1); cryptography refuses it too",
    ),
    (
        "ext-unknown-critical",
        true,
        "read, then reported by validateUpload as UNKNOWN_CRITICAL_EXTENSION (OpenSSL error 34)",
    ),
    (
        "eku-empty",
        true,
        "read, then reported by validateUpload as MISSING_CLIENT_AUTH_EKU (OpenSSL error 26)",
    ),
];

#[test]
fn acceptance_agrees_with_openssl() {
    let root = root();
    let verdicts = std::fs::read_to_string(dir().join("verdicts.txt")).unwrap();
    let mut seen = 0;
    let mut failures = Vec::new();
    for line in verdicts.lines().filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split(' ').collect();
        let [name, openssl, _cryptography] = f[..] else { panic!("bad line {line}") };
        let parsed = ParsedCert::from_der(&load(name));
        if let Ok(c) = &parsed {
            // Whatever was read can be reported.
            let info = cert::inspect(c);
            assert!(!info.pem.is_empty());
        }
        let accepted = parsed.as_ref().is_ok_and(|c| c.check_signed_by(&root).is_ok());
        let expected = match DIFFERENCES.iter().find(|(n, _, _)| *n == name) {
            Some((_, ours, why)) => {
                assert_ne!(*ours, openssl == "OK", "{name} no longer differs from OpenSSL ({why})");
                *ours
            }
            None => openssl == "OK",
        };
        if accepted != expected {
            failures.push(format!("{name}: openssl {openssl}, originpull {parsed:?}"));
        }
        seen += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(seen >= 60, "{seen} variants");
    for (name, _, _) in DIFFERENCES {
        assert!(verdicts.lines().any(|l| l.starts_with(&format!("{name} "))), "{name} missing");
    }
}

/// The fields of the reference leaf, as make.py wrote them.
#[test]
fn accessors_read_what_make_py_wrote() {
    let c = ParsedCert::from_der(&load("ok")).unwrap();
    assert_eq!(c.version(), 3);
    assert_eq!(c.serial(), [0x20, 0x00]);
    // 2026-01-01 and 2027-01-01, 00:00:00 UTC.
    assert_eq!((c.not_before(), c.not_after()), (1_767_225_600, 1_798_761_600));
    assert_eq!(c.signature_algorithm().oid.to_string(), "1.2.840.113549.1.1.11");
    assert!(c.signature_algorithm().parameters.is_some_and(|p| p.is_null()));
    assert_eq!(c.signature_algorithm_raw(), c.tbs_signature_algorithm_raw());
    assert_eq!(c.issuer_raw(), root().subject_raw());
    assert_eq!(
        crate::x509::name::rfc4514(c.subject_raw()),
        "CN=structure.client.example,O=originpull tests"
    );
    assert_eq!(c.spki_ref().algorithm.oid, oid::RSA_ENCRYPTION);
    assert_eq!(c.spki_raw().first(), Some(&0x30));
    let ids: Vec<String> = c.extensions().map(|e| e.oid.to_string()).collect();
    assert_eq!(ids, ["2.5.29.19", "2.5.29.15", "2.5.29.37", "2.5.29.17", "2.5.29.14", "2.5.29.35"]);
    let critical: Vec<bool> = c.extensions().map(|e| e.critical).collect();
    assert_eq!(critical, [true, true, false, false, false, false]);
    assert!(c.extension(&oid::ID_CE_KEY_USAGE).is_some_and(|e| e.critical && e.value == [0x03, 0x02, 0x07, 0x80]));
    assert_eq!(c.key_usage(), Some(1));
    assert_eq!(c.basic_constraints(), Some(cert::BasicConstraints { ca: false, path_len: None }));
    assert!(!c.is_ca());
    assert_eq!(c.subject_key_id(), Some(&[0x11; 20][..]));
    assert_eq!(c.authority_key_id(), root().subject_key_id());
    let sans: Vec<GeneralName<'_>> = c.subject_alt_names().unwrap().collect();
    assert_eq!(sans, [GeneralName::Dns("structure.client.example")]);
    let ekus: Vec<String> = c.extended_key_usage().unwrap().map(|o| o.to_string()).collect();
    assert_eq!(ekus, ["1.3.6.1.5.5.7.3.2"]);
    assert!(c.signature().is_some_and(|s| s.len() == 256));
    assert_eq!(c.signature_bits().raw_bytes(), c.signature().unwrap());
    assert_eq!(c.tbs_raw().first(), Some(&0x30));

    // Variants: what each changed.
    let read = |n: &str| ParsedCert::from_der(&load(n)).unwrap();
    assert_eq!(read("v1-implicit").version(), 1);
    assert_eq!(read("v1-explicit").version(), 1);
    assert_eq!(read("v2").version(), 2);
    assert_eq!(read("v1-implicit").extensions().count(), 0);
    assert_eq!(read("serial-negative").serial(), [0xe0, 0x00]);
    assert_eq!(read("serial-40-bytes").serial(), [0x01; 40]);
    // 1960-01-01T00:00:00Z.
    assert_eq!(read("utctime-1960").not_before(), -315_619_200);
    assert_eq!(cert::inspect(&read("utctime-1960")).not_before, "1960-01-01T00:00:00Z");
    assert_eq!(read("signature-unused-bits").signature(), None);
    assert!(read("signature-unused-bits").signature_bits().has_unused_bits());
    assert_eq!(read("ku-three-octets").key_usage(), Some(1));
    assert_eq!(read("ext-duplicate-private").extensions().count(), 8);
    assert_eq!(read("san-empty").subject_alt_names().unwrap().count(), 0);
    assert_eq!(cert::inspect(&read("san-dns-not-ascii")).subject_alt_names.dns, ["straße.example"]);
    assert_eq!(cert::inspect(&read("san-ip-5-octets")).subject_alt_names.ip, ["0a00000100"]);
    assert_eq!(read("name-empty").subject_raw(), [0x30, 0x00]);
    assert_eq!(cert::inspect(&read("name-empty-rdn")).subject, "CN=x");
    // Multi-valued RDNs in the order they are encoded.
    assert_eq!(cert::inspect(&read("name-unsorted-set")).subject, "CN=x+O=o");
    assert!(read("aki-issuer-and-serial").authority_key_id().is_some());
    // OIDs const-oid cannot hold (2.999.3, a UUID arc), read and rendered as OpenSSL does.
    assert_eq!(read("name-oid-2-999").subject(), "2.999.3=x+CN=y");
    assert_eq!(read("name-oid-uuid").subject(), "2.25.329800735698586629295641978511506172918=x");
    assert!(read("ext-oid-uuid").extensions().any(|x| x.oid.to_string() == "2.25.329800735698586629295641978511506172918"));
    let ekus: Vec<String> = cert::inspect(&read("eku-oid-uuid")).extended_key_usage.unwrap();
    assert_eq!(ekus, ["1.3.6.1.5.5.7.3.2", "2.25.329800735698586629295641978511506172918"]);
    assert_eq!(c.subject(), "CN=structure.client.example,O=originpull tests");
    assert_eq!(c.issuer(), root().subject());
    let e = read("ext-critical-false-explicit");
    assert!(e.extension(&oid::ID_CE_EXT_KEY_USAGE).is_some_and(|x| !x.critical));
    // BOOLEAN 0x01: critical, as OpenSSL reads it.
    assert!(read("ext-critical-01").extensions().any(|x| x.critical));
}

#[test]
fn refusals_name_what_failed() {
    let detail = |n: &str| match ParsedCert::from_der(&load(n)) {
        Err(crate::Error::PemInvalid { detail }) => detail,
        other => panic!("{n}: {other:?}"),
    };
    assert!(detail("ext-duplicate-san").contains("subjectAltName"), "{}", detail("ext-duplicate-san"));
    assert!(detail("bc-pathlen-negative").contains("basicConstraints"));
    assert!(detail("ski-not-octet-string").contains("subjectKeyIdentifier"));
    assert!(detail("serial-padded").starts_with("not a valid X.509 certificate"));
    assert!(detail("name-general-string").starts_with("not a valid X.509 certificate"));
    assert!(detail("name-oid-padded").starts_with("not a valid X.509 certificate"));
    assert!(detail("length-non-minimal").starts_with("not a valid X.509 certificate"));
}
