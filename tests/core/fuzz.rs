//! Bounded fuzzing that CI runs: structured mutations of every fixture (bit flips, byte
//! insertions and deletions, truncation, splices of two inputs, PEM-level damage to lines and
//! markers, and re-encoding of mutated DER as PEM) fed to everything that parses input:
//! PEM splitting, certificate and key parsing (with and without a passphrase), validation,
//! chain analysis and API response parsing. No
//! input may panic. cargo-fuzz needs a nightly toolchain, which cannot be installed here, so
//! this is a deterministic property test: `FUZZ_ITERATIONS` (default 10000) mutations per run,
//! `FUZZ_SEED` to vary them; it prints how many inputs it ran.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use crate::check::chain;
use crate::{api, input, Input};
use std::path::Path;

/// xorshift64*: deterministic, dependency-free.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

fn corpus() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    fn walk(dir: &Path, out: &mut Vec<Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if matches!(p.extension().and_then(|e| e.to_str()), Some("pem" | "der" | "txt" | "key" | "crt")) {
                if let Ok(b) = std::fs::read(&p) {
                    if b.len() < 200_000 {
                        out.push(b);
                    }
                }
            }
        }
    }
    walk(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data")), &mut out);
    walk(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")), &mut out);
    out
}

fn mutate(rng: &mut Rng, corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut data = corpus[rng.below(corpus.len())].clone();
    // Half the time, work on the DER inside the first PEM block and re-wrap it, so the damage
    // reaches the ASN.1 parsers instead of stopping at base64.
    let der_mode = rng.below(2) == 0;
    let mut label = String::from("CERTIFICATE");
    if der_mode {
        if let Ok(text) = std::str::from_utf8(&data) {
            if let Ok(blocks) = crate::input::pem::parse_blocks(text) {
                if let Some(b) = blocks.first() {
                    label = b.label.clone();
                    data = b.der.to_vec();
                }
            }
        }
    }
    for _ in 0..=rng.below(4) {
        let len = data.len();
        match rng.below(8) {
            0 if len > 0 => { let i = rng.below(len); data[i] ^= 1 << rng.below(8); }
            1 if len > 0 => { let i = rng.below(len); data[i] = rng.next() as u8; }
            2 => { let i = rng.below(len + 1); data.insert(i, rng.next() as u8); }
            3 if len > 0 => { let i = rng.below(len); data.remove(i); }
            4 => { let n = rng.below(len + 1); data.truncate(n); }
            5 => {
                let other = &corpus[rng.below(corpus.len())];
                let a = rng.below(other.len() + 1);
                let b = a + rng.below(other.len() - a + 1);
                let at = rng.below(len + 1);
                data.splice(at..at, other[a..b].iter().copied());
            }
            6 if len > 2 => {
                // Length-field damage: set a byte after a SEQUENCE tag to a large value.
                let i = rng.below(len - 1);
                if data[i] == 0x30 { data[i + 1] = [0x80, 0x81, 0x82, 0x84, 0xff, 0x00][rng.below(6)]; }
            }
            _ => {
                let markers: [&[u8]; 4] = [b"-----BEGIN CERTIFICATE-----\n", b"-----END CERTIFICATE-----\n", b"Proc-Type: 4,ENCRYPTED\n", b"\\n"];
                let m = markers[rng.below(markers.len())];
                let at = rng.below(len + 1);
                data.splice(at..at, m.iter().copied());
            }
        }
    }
    if der_mode && rng.below(2) == 0 {
        return crate::input::pem::encode(&label, &data).into_bytes();
    }
    data
}

fn exercise(data: &[u8]) {
    let _ = crate::inspect_certificates(Input::Bytes(data));
    if let Ok(text) = std::str::from_utf8(data) {
        // A block's span is reused as its normalized PEM: it must be exactly that.
        for b in crate::input::pem::parse_blocks(text).into_iter().flatten() {
            if let Some(span) = b.span.clone() {
                assert_eq!(format!("{}\n", &text[span]), crate::input::pem::encode(&b.label, &b.der));
            }
        }
        let _ = crate::inspect_certificates(Input::Text(text));
        let _ = api::parse_response(400, Some("8c0ffee"), text);
        let _ = api::build("per-hostname-authenticated-origin-pull-get-the-hostname-status-for-client-authentication",
            &serde_json::json!({ "zone_id": "023e105f4ecef8ad9ca31a8372d0c353", "hostname": text.chars().take(300).collect::<String>() }));
    }
    let _ = crate::inspect(Input::Bytes(data), Some("fuzz-passphrase"));
    let _ = crate::inspect(Input::Bytes(data), None);
    let upload = crate::check::Upload {
        certificate: Some(Input::Bytes(data)),
        private_key: Some(Input::Bytes(data)),
        passphrase: Some("fuzz-passphrase"),
        ca_certificates: std::str::from_utf8(data).ok(),
        scope: crate::check::Scope::Hostname,
    };
    let _ = crate::validate_upload(&upload, &crate::check::Options { now: 1_780_000_000, expiry_warning_days: 30 });
    if let Ok(sorted) = input::sort(Input::Bytes(data)) {
        let _ = chain::analyze(&sorted.certificates, &sorted.certificates);
        for c in &sorted.certificates {
            let _ = crate::x509::cert::inspect(c);
        }
    }
}

#[test]
fn no_input_panics() {
    let corpus = corpus();
    assert!(corpus.len() > 50, "the corpus should hold the fixtures, found {}", corpus.len());
    let iterations: usize = std::env::var("FUZZ_ITERATIONS").ok().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let seed: u64 = std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5_eed0_fa0b);
    let mut rng = Rng(seed | 1);
    for c in &corpus {
        exercise(c);
    }
    let mut failures = Vec::new();
    for i in 0..iterations {
        let data = mutate(&mut rng, &corpus);
        if std::panic::catch_unwind(|| exercise(&data)).is_err() {
            failures.push((i, data));
        }
    }
    println!("fuzz: {} corpus inputs + {iterations} mutations (seed {seed:#x}), {} panics", corpus.len(), failures.len());
    if let Some((i, data)) = failures.first() {
        let path = std::env::temp_dir().join(format!("originpull-fuzz-crash-{i}.bin"));
        let _ = std::fs::write(&path, data);
        panic!("{} inputs panicked; first (iteration {i}) saved to {}", failures.len(), path.display());
    }
}
