//! Data-driven certificate vectors: walks `tests/data` (see `tests/data/README.md`) and checks
//! originpull against expectations written by an independent tool (`tests/data/expected.py`,
//! Python `cryptography` and `openssl`).
//!
//! - `ca/`, `inspect/`, `forms/`: every `<file>.json` beside an input `<file>` holds either the
//!   list of `CertificateInfo` that `inspect_certificates` must return (compared field by
//!   field), or `{"error": {"code": "..."}}`. Text inputs are run both as `Input::Text` and as
//!   `Input::Bytes`; `.der` inputs as bytes only.
//! - `validate/`: `<name>.validate.json` expectations for `validateUpload`; loaded and checked
//!   for consistency here, run once the validation entry point exists (see [`run_validation`]).
//!
//! `selfSigned` needs signature verification (`verify.rs`), which covers RSA, ECDSA and
//! Ed25519; Ed448 is not checked (no audited crate), so `inspect/ed448.pem` reads
//! `selfSigned: false` where cryptography would say true (expected.py writes it so). A field
//! mismatch on a vector listed in [`PENDING`] is reported as "known pending" and does not fail
//! the test; anywhere else it fails. The list is empty today.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use originpull::{inspect_certificates, Input};
use serde_json::Value;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
/// Directories whose `<file>.json` are inspection expectations.
const INSPECT_DIRS: [&str; 3] = ["ca", "inspect", "forms"];
/// (vector, field, reason): a mismatch of that field on that vector is reported but does not
/// fail (implementation pending). A listed field that starts matching fails the test, so the
/// entry is removed with the fix.
const PENDING: [(&str, &str, &str); 0] = [];
/// Vectors the core is known to get wrong today, with the reason: reported, not failed. A
/// listed vector that starts passing fails the test, so the entry is removed with the fix.
/// (Empty since the certificate reader is the crate's own: pathLen 1000, 24-octet serials and
/// UniversalString names, which x509-cert refused, are read as OpenSSL and cryptography do.)
const KNOWN_CORE_GAPS: [(&str, &str); 0] = [];
/// The fixed clock of every date-related expectation.
const NOW: &str = "2026-06-01T00:00:00Z";

/// One inspection vector: an input file and what `inspect_certificates` must make of it.
struct InspectVector {
    /// Path relative to `tests/data`, e.g. `forms/crlf.pem`.
    name: String,
    input: PathBuf,
    expected: Value,
}

/// One validation vector (`validate/<name>.validate.json`).
struct ValidationVector {
    name: String,
    dir: PathBuf,
    spec: Value,
}

/// What went wrong, collected over all vectors so that one run shows every mismatch.
#[derive(Default)]
struct Outcome {
    checked: usize,
    failures: Vec<String>,
    pending: Vec<String>,
    known_gaps: Vec<String>,
}

fn rel(path: &Path) -> String {
    path.strip_prefix(DATA)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", rel(path)));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: invalid JSON: {e}", rel(path)))
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", rel(dir)))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    entries
}

fn inspect_vectors() -> Vec<InspectVector> {
    let mut out = Vec::new();
    for dir in INSPECT_DIRS {
        let dir = Path::new(DATA).join(dir);
        for path in sorted_entries(&dir) {
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let Some(input_name) = file.strip_suffix(".json") else {
                continue;
            };
            let input = dir.join(input_name);
            assert!(
                input.exists(),
                "{}: no input file {input_name} beside it",
                rel(&path)
            );
            out.push(InspectVector {
                name: rel(&input),
                input,
                expected: read_json(&path),
            });
        }
        // Every input has its expectation: a fixture without one would silently test nothing.
        for path in sorted_entries(&dir) {
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let is_input = !file.ends_with(".json") && !file.ends_with(".key.pem");
            let json = dir.join(format!("{file}.json"));
            assert!(
                !is_input || json.exists(),
                "{}: no expected {file}.json",
                rel(&path)
            );
        }
    }
    out
}

fn validation_vectors() -> Vec<ValidationVector> {
    let dir = Path::new(DATA).join("validate");
    sorted_entries(&dir)
        .into_iter()
        .filter_map(|path| {
            let file = path.file_name()?.to_string_lossy().into_owned();
            let name = file.strip_suffix(".validate.json")?.to_owned();
            Some(ValidationVector {
                name,
                dir: dir.clone(),
                spec: read_json(&path),
            })
        })
        .collect()
}

/// Render a JSON value compactly for a diff line, shortening long strings (PEM).
fn show(v: Option<&Value>) -> String {
    match v {
        None => "(absent)".to_owned(),
        Some(v) => {
            let s = v.to_string();
            if s.chars().count() > 120 {
                let head: String = s.chars().take(100).collect();
                format!("{head}… ({} chars)", s.len())
            } else {
                s
            }
        }
    }
}

/// Field-by-field differences between `expected` and `actual`, as (path, expected, actual).
/// Objects are compared key by key (a key on either side only is a difference), arrays
/// element by element after their lengths.
fn diff(
    path: &str,
    expected: Option<&Value>,
    actual: Option<&Value>,
    out: &mut Vec<(String, String, String)>,
) {
    match (expected, actual) {
        (Some(Value::Object(e)), Some(Value::Object(a))) => {
            let mut keys: Vec<&String> = e
                .keys()
                .chain(a.keys().filter(|k| !e.contains_key(*k)))
                .collect();
            keys.dedup();
            for k in keys {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                diff(&p, e.get(k), a.get(k), out);
            }
        }
        (Some(Value::Array(e)), Some(Value::Array(a))) if e.len() == a.len() => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                diff(&format!("{path}[{i}]"), Some(ev), Some(av), out);
            }
        }
        (e, a) if e == a => {}
        (e, a) => out.push((path.to_owned(), show(e), show(a))),
    }
}

/// The field name a diff path ends in, e.g. `[0].selfSigned` -> `selfSigned`.
fn leaf_field(path: &str) -> &str {
    path.rsplit(['.', ']']).next().unwrap_or(path)
}

fn check_inspect(v: &InspectVector, outcome: &mut Outcome) {
    let bytes = fs::read(&v.input).unwrap();
    let mut runs: Vec<(&str, originpull::Result<Vec<originpull::CertificateInfo>>)> = Vec::new();
    let is_der = v.name.ends_with(".der");
    if !is_der {
        let text =
            String::from_utf8(bytes.clone()).unwrap_or_else(|_| panic!("{}: not UTF-8", v.name));
        runs.push(("Input::Text", inspect_certificates(Input::Text(&text))));
    }
    runs.push(("Input::Bytes", inspect_certificates(Input::Bytes(&bytes))));

    for (how, result) in runs {
        outcome.checked += 1;
        let label = format!("{} ({how})", v.name);
        if let Some(code) = v.expected.pointer("/error/code").and_then(Value::as_str) {
            match result {
                Err(e) if e.code() == code => {}
                Err(e) => outcome.failures.push(format!(
                    "{label}: expected error {code}, got error {} ({e})",
                    e.code()
                )),
                Ok(certs) => outcome.failures.push(format!(
                    "{label}: expected error {code}, got {} certificate(s)",
                    certs.len()
                )),
            }
            continue;
        }
        let certs = match result {
            Ok(c) => c,
            Err(e) => {
                outcome.failures.push(format!(
                    "{label}: expected certificates, got error {} ({e})",
                    e.code()
                ));
                continue;
            }
        };
        let actual = serde_json::to_value(&certs).unwrap();
        let (Value::Array(exp), Value::Array(act)) = (&v.expected, &actual) else {
            panic!("{}: expectation is neither a list nor an error", v.name);
        };
        if exp.len() != act.len() {
            outcome.failures.push(format!(
                "{label}: expected {} certificate(s), got {}",
                exp.len(),
                act.len()
            ));
            continue;
        }
        let mut diffs = Vec::new();
        diff("", Some(&v.expected), Some(&actual), &mut diffs);
        let mut failing = String::new();
        for (path, e, a) in diffs {
            let line = format!("{label}: {path}\n      expected {e}\n      actual   {a}");
            let field = leaf_field(&path);
            if let Some((_, _, why)) = PENDING.iter().find(|(n, f, _)| *n == v.name && *f == field) {
                outcome.pending.push(format!("{line}\n      ({why})"));
            } else {
                let _ = write!(
                    failing,
                    "\n  {path}\n      expected {e}\n      actual   {a}"
                );
            }
        }
        if !failing.is_empty() {
            outcome.failures.push(format!("{label}:{failing}"));
        }
    }
}

/// Consistency of a validation vector: fixed clock, input files present, codes well formed.
fn check_validation_spec(v: &ValidationVector, outcome: &mut Outcome) {
    let s = &v.spec;
    let mut problems = Vec::new();
    if s["now"] != NOW {
        problems.push(format!("now is {}, not {NOW}", s["now"]));
    }
    for key in ["certificate", "privateKey", "caCertificates"] {
        if let Some(file) = s["input"][key].as_str() {
            if !v.dir.join(file).exists() {
                problems.push(format!("input.{key}: {file} does not exist"));
            }
        }
    }
    if !s["expectOk"].is_boolean() {
        problems.push("expectOk is not a boolean".into());
    }
    let expect: Vec<&str> = s["expectCodes"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let forbid: Vec<&str> = s["forbidCodes"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(c) = expect.iter().find(|c| forbid.contains(c)) {
        problems.push(format!("{c} is both expected and forbidden"));
    }
    if !problems.is_empty() {
        outcome
            .failures
            .push(format!("validate/{}: {}", v.name, problems.join("; ")));
    }
}

/// Run one validation vector against `validate_upload` with `now = spec.now`: `ok` must equal
/// `expectOk`, every `expectCodes` code must be among the findings and no `forbidCodes` code
/// may be. A thrown `NO_CERTIFICATE` counts for vectors expecting that code.
fn run_validation(v: &ValidationVector, outcome: &mut Outcome) -> bool {
    use originpull::check::{validate_upload, Options, Scope, Upload};
    let spec = &v.spec;
    let input = &spec["input"];
    let read = |key: &str| -> Option<Vec<u8>> {
        input[key].as_str().map(|f| fs::read(v.dir.join(f)).unwrap_or_else(|e| panic!("{}: {f}: {e}", v.name)))
    };
    let (cert, key, ca) = (read("certificate"), read("privateKey"), read("caCertificates"));
    let ca_text = ca.as_deref().map(|b| String::from_utf8_lossy(b).into_owned());
    let now = spec["now"].as_str().unwrap();
    let now = originpull::check::parse_time(now).unwrap_or_else(|| panic!("{}: bad now {now}", v.name));
    let upload = Upload {
        certificate: cert.as_deref().map(Input::Bytes),
        private_key: key.as_deref().map(Input::Bytes),
        passphrase: input["passphrase"].as_str(),
        ca_certificates: ca_text.as_deref(),
        scope: if input["scope"] == "hostname" { Scope::Hostname } else { Scope::Zone },
    };
    let report = match validate_upload(&upload, &Options { now, expiry_warning_days: 30 }) {
        Ok(r) => r,
        Err(e) => {
            outcome.failures.push(format!("validate/{}: threw {}", v.name, e.code()));
            return true;
        }
    };
    outcome.checked += 1;
    let codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
    if Some(report.ok) != spec["expectOk"].as_bool() {
        outcome.failures.push(format!("validate/{}: ok = {}, expected {} (findings {codes:?})", v.name, report.ok, spec["expectOk"]));
    }
    for c in spec["expectCodes"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        if !codes.contains(&c) {
            outcome.failures.push(format!("validate/{}: expected {c}, got {codes:?}", v.name));
        }
    }
    for c in spec["forbidCodes"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        if codes.contains(&c) {
            outcome.failures.push(format!("validate/{}: {c} must not appear (findings {codes:?})", v.name));
        }
    }
    if report.ok != report.payload.is_some() {
        outcome.failures.push(format!("validate/{}: payload present = {}, ok = {}", v.name, report.payload.is_some(), report.ok));
    }
    for f in &report.findings {
        if f.message.is_empty() || f.hint.is_empty() {
            outcome.failures.push(format!("validate/{}: {} lacks a message or hint", v.name, f.code));
        }
    }
    true
}

#[test]
fn certificate_vectors() {
    let vectors = inspect_vectors();
    assert!(
        vectors.len() >= 80,
        "only {} inspection vectors found under {DATA}",
        vectors.len()
    );
    let mut outcome = Outcome::default();
    for v in &vectors {
        let gap = KNOWN_CORE_GAPS.iter().find(|(name, _)| *name == v.name);
        let mut own = Outcome::default();
        check_inspect(v, &mut own);
        outcome.checked += own.checked;
        outcome.pending.extend(own.pending);
        match gap {
            None => outcome.failures.extend(own.failures),
            Some((name, why)) if own.failures.is_empty() => outcome.failures.push(format!(
                "{name} now passes: remove it from KNOWN_CORE_GAPS ({why})"
            )),
            Some((name, why)) => outcome.known_gaps.push(format!("{name}: {why}")),
        }
    }
    for (name, _) in KNOWN_CORE_GAPS {
        assert!(
            vectors.iter().any(|v| v.name == name),
            "KNOWN_CORE_GAPS names a missing vector {name}"
        );
    }
    for (name, field, _) in PENDING {
        assert!(
            vectors.iter().any(|v| v.name == name),
            "PENDING names a missing vector {name}"
        );
        let still_pending = outcome
            .pending
            .iter()
            .any(|p| p.starts_with(&format!("{name} (")) && p.contains(&format!(".{field}\n")));
        if !still_pending {
            outcome
                .failures
                .push(format!("{name}: {field} now matches: remove it from PENDING"));
        }
    }

    // Every vector is described in the README (what condition, how it was made).
    let readme = fs::read_to_string(Path::new(DATA).join("README.md")).unwrap();
    for v in &vectors {
        let file = v.input.file_name().unwrap().to_string_lossy();
        if !readme.contains(&format!("`{file}`")) {
            outcome
                .failures
                .push(format!("{}: not described in tests/data/README.md", v.name));
        }
    }

    let validations = validation_vectors();
    assert!(
        validations.len() >= 25,
        "only {} validation vectors found",
        validations.len()
    );
    let mut not_run = 0;
    for v in &validations {
        if !readme.contains(&format!("`{}`", v.name)) {
            outcome.failures.push(format!(
                "validate/{}: not described in tests/data/README.md",
                v.name
            ));
        }
        check_validation_spec(v, &mut outcome);
        if !run_validation(v, &mut outcome) {
            not_run += 1;
        }
    }

    println!(
        "fixtures: {} inspection vectors ({} runs), {} validation vectors ({not_run} not run)",
        vectors.len(),
        outcome.checked,
        validations.len()
    );
    if !outcome.pending.is_empty() {
        println!(
            "known pending ({} mismatches, see PENDING):",
            outcome.pending.len()
        );
        for p in &outcome.pending {
            println!("  {p}");
        }
    }
    if !outcome.known_gaps.is_empty() {
        println!(
            "known core gaps ({}, not failing; see KNOWN_CORE_GAPS):",
            outcome.known_gaps.len()
        );
        for g in &outcome.known_gaps {
            println!("  {g}");
        }
    }
    if !outcome.failures.is_empty() {
        let mut msg = format!("{} fixture run(s) failed:\n", outcome.failures.len());
        for f in &outcome.failures {
            msg.push_str(f);
            msg.push('\n');
        }
        panic!("{msg}");
    }
}

#[test]
fn diff_names_the_field() {
    let e: Value = serde_json::json!([{ "a": 1, "b": { "c": [1, 2] }, "selfSigned": true }]);
    let a: Value =
        serde_json::json!([{ "a": 1, "b": { "c": [1, 3] }, "selfSigned": false, "extra": null }]);
    let mut d = Vec::new();
    diff("", Some(&e), Some(&a), &mut d);
    let paths: Vec<&str> = d.iter().map(|x| x.0.as_str()).collect();
    assert_eq!(paths, ["[0].b.c[1]", "[0].selfSigned", "[0].extra"]);
    assert_eq!(leaf_field("[0].selfSigned"), "selfSigned");
    assert_eq!(d[2].1, "(absent)");
}

/// `INPUT_TOO_LARGE` is tested here rather than with a 1 MiB file: `forms/plain.pem` padded
/// with blank lines to exactly the limit still parses; one byte more is refused, as text and
/// as bytes.
#[test]
fn input_size_limit() {
    let pem = fs::read_to_string(Path::new(DATA).join("forms/plain.pem")).unwrap();
    let expected = read_json(&Path::new(DATA).join("forms/plain.pem.json"));
    let limit = originpull::MAX_INPUT_BYTES;
    let mut at_limit = pem.clone();
    at_limit.push_str(&"\n".repeat(limit - pem.len()));
    assert_eq!(at_limit.len(), limit);
    let certs = inspect_certificates(Input::Text(&at_limit)).unwrap();
    assert_eq!(serde_json::to_value(&certs).unwrap(), expected);
    let certs = inspect_certificates(Input::Bytes(at_limit.as_bytes())).unwrap();
    assert_eq!(serde_json::to_value(&certs).unwrap(), expected);

    let over = format!("{at_limit}\n");
    let e = inspect_certificates(Input::Text(&over)).unwrap_err();
    assert_eq!(e.code(), "INPUT_TOO_LARGE");
    let e = inspect_certificates(Input::Bytes(over.as_bytes())).unwrap_err();
    assert_eq!(e.code(), "INPUT_TOO_LARGE");
    let mut der = fs::read(Path::new(DATA).join("forms/leaf.der")).unwrap();
    der.resize(limit + 1, 0);
    let e = inspect_certificates(Input::Bytes(&der)).unwrap_err();
    assert_eq!(e.code(), "INPUT_TOO_LARGE");
}

/// Every finding code the validator can produce is documented in the README's table.
#[test]
fn every_finding_code_is_documented() {
    let readme = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    // The codes are the strings of `check::findings::Code::as_str`.
    let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/check/findings.rs")).unwrap();
    let mut codes: Vec<String> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("Code::")?.split_once(" => \"")?.1.strip_suffix("\","))
        .map(str::to_owned)
        .collect();
    codes.sort();
    codes.dedup();
    assert!(codes.len() >= 25, "found only {codes:?}");
    let missing: Vec<_> = codes.iter().filter(|c| !readme.contains(&format!("`{c}`"))).collect();
    assert!(missing.is_empty(), "finding codes missing from README.md: {missing:?}");
}
