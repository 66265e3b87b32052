//! originpull: Cloudflare Authenticated Origin Pulls, from certificate text to a safe upload.
//!
//! A pure core (no I/O, no clock, no JavaScript: time is an argument, requests are data) and
//! one boundary, `wasm` (built for wasm32 only), that exports it to JavaScript. The map, by
//! layer:
//!
//! - what users paste: `input` (sorting PEM in any state, DER and bare base64; the lax PEM
//!   finder) — internal;
//! - what a certificate says: `x509` (read with `der`'s reader and the `spki`/`x509-cert`
//!   types, names as Python `cryptography` renders them, signatures verified with the
//!   RustCrypto crates) — internal; its facts are [`CertificateInfo`];
//! - private keys: `key` (`pkcs8`/`pkcs5`/`sec1`/`pkcs1`, legacy OpenSSL encryption) — internal;
//!   their facts are [`KeyInfo`];
//! - the entry points: [`inspect()`], [`inspect_certificates`] and [`validate_upload`] with its
//!   [`check::findings`] (stable codes, evidence, fixes);
//! - Cloudflare's AOP API as data: [`api`] (requests, envelopes, retries);
//! - zero-downtime replacement: [`rotation`] (a resumable sans-IO state machine);
//! - minting a CA, client certificates and CSRs: [`mint`] (x509-cert's builders, RustCrypto
//!   signers; time and randomness are arguments);
//! - the origin's side: [`origin`] ([`origin_config`]: the configuration that makes a server
//!   require and verify the client certificate);
//! - errors with stable codes: [`Error`].

#![forbid(unsafe_code)]

pub mod api;
pub mod check;
pub mod error;
pub(crate) mod hex;
pub(crate) mod input;
pub mod inspect;
pub(crate) mod key;
pub mod limits;
pub mod mint;
pub mod origin;
pub mod rotation;
pub(crate) mod x509;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use key::KeyInfo;
pub use x509::cert::CertificateInfo;
pub use error::{Error, Result};
pub use input::{Input, MAX_INPUT_BYTES};
pub use inspect::{inspect, inspect_certificates, inspect_limited, Inspection};
pub use check::{validate_upload, validate_upload_limited, Report};
pub use limits::Limits;
pub use origin::origin_config;

/// The core's vector tests that reach past the public API (certificate structure against
/// OpenSSL, chains, keys, fuzzing): tests/core/, compiled into the library's test build.
#[cfg(test)]
#[path = "../tests/core"]
mod vectors {
    mod chain;
    mod fuzz;
    mod keys;
    mod path;
    mod structure;
}
