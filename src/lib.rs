//! originpull: Cloudflare Authenticated Origin Pulls, from certificate text to a safe upload.
//!
//! A pure core (no I/O, no clock, no JavaScript) and one boundary module, `wasm` (built for wasm32 only), that
//! exports it to JavaScript. Read the modules in this order: [`input`] and [`pem`] (what users
//! paste), [`cert`] and [`name`] (what a certificate says), [`mod@inspect`] (the entry points).

#![forbid(unsafe_code)]

pub mod api;
mod base64;
pub mod check;
pub mod error;
pub(crate) mod hex;
pub(crate) mod input;
pub mod inspect;
pub(crate) mod key;
pub mod rotation;
pub(crate) mod x509;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use x509::cert::CertificateInfo;
pub use error::{Error, Result};
pub use input::{Input, MAX_INPUT_BYTES};
pub use inspect::{inspect, inspect_certificates, Inspection};
pub use check::{validate_upload, Report};

/// The core's vector tests that reach past the public API (certificate structure against
/// OpenSSL, chains, keys, fuzzing): tests/core/, compiled into the library's test build.
#[cfg(test)]
#[path = "../tests/core"]
mod vectors {
    mod chain;
    mod fuzz;
    mod keys;
    mod structure;
}
