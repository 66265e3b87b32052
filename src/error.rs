//! The crate's error type: one enum, a stable `code()` per variant, evidence in the variants.

use std::fmt;

/// Everything that can go wrong in the core. Each variant maps to a stable string code
/// (what JavaScript sees as `error.code`); the `Display` text is a short sentence for people.
///
/// Variants never carry key material, passphrases or tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The input is larger than [`crate::MAX_INPUT_BYTES`].
    InputTooLarge { size: usize, limit: usize },
    /// A PEM block or DER structure could not be read.
    PemInvalid { detail: String },
    /// The input held no certificate at all.
    NoCertificate,
    /// An argument (id, hostname, option) is malformed; caught before any request is built.
    InvalidArgument { detail: String },
    /// A private key is malformed or uses an unsupported structure or encryption. The detail
    /// names what failed; it never holds key bytes or the passphrase.
    KeyInvalid { detail: String },
}

impl Error {
    /// The stable code JavaScript sees as `error.code`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InputTooLarge { .. } => "INPUT_TOO_LARGE",
            Error::PemInvalid { .. } => "PEM_INVALID",
            Error::NoCertificate => "NO_CERTIFICATE",
            Error::InvalidArgument { .. } => "INVALID_ARGUMENT",
            Error::KeyInvalid { .. } => "KEY_INVALID",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InputTooLarge { size, limit } => {
                write!(f, "input is {size} bytes, more than the {limit}-byte limit")
            }
            Error::PemInvalid { detail } => write!(f, "invalid PEM or DER: {detail}"),
            Error::NoCertificate => f.write_str("no certificate found in the input"),
            Error::InvalidArgument { detail } => write!(f, "invalid argument: {detail}"),
            Error::KeyInvalid { detail } => write!(f, "invalid private key: {detail}"),
        }
    }
}

impl std::error::Error for Error {}

/// Shorthand used across the core.
pub type Result<T> = std::result::Result<T, Error>;
