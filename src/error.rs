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
    /// Cloudflare answered with a failure: `success: false`, a non-2xx status, or a body that
    /// is not a Cloudflare API envelope (an HTML error page, for example).
    CfApi {
        /// The HTTP status of the response.
        status: u16,
        /// The envelope's `errors`, as Cloudflare sent them (empty when the body was not JSON).
        errors: Vec<crate::api::ApiMessage>,
        /// The envelope's `messages`.
        messages: Vec<crate::api::ApiMessage>,
        /// The `cf-ray` header, when the response had one (quote it to Cloudflare support).
        ray_id: Option<String>,
        /// Why the body could not be read as an envelope, when it could not.
        detail: Option<String>,
        /// What to do about it, for the error codes and messages we recognise.
        hint: Option<String>,
    },
    /// The request did not reach Cloudflare or its response was lost (DNS, TLS, connection
    /// reset, CORS refusal in a browser).
    Network { detail: String },
    /// No response within the time limit.
    Timeout { after_ms: u64 },
    /// A private key is malformed or uses an unsupported structure or encryption. The detail
    /// names what failed; it never holds key bytes or the passphrase.
    KeyInvalid { detail: String },
    /// `validateUpload` reported error findings for a certificate about to be uploaded (a
    /// rotation refuses to start); the codes of those findings, most important first.
    ValidationFailed { codes: Vec<String> },
    /// Minting (src/mint/) refused its CA or a key: [`MintCode`] says why, `detail` names the
    /// evidence (never key material or the passphrase).
    Mint { code: MintCode, detail: String },
    /// The input asks for more work than the caller's [`crate::Limits`] allow (checked
    /// before that work starts): what, how much, and the limit.
    WorkLimit { what: &'static str, needed: u64, limit: u64 },
}

/// Why minting refused its CA or a key. The codes a finding of `validateUpload` also uses
/// (`KEY_MISMATCH`, `KEY_ENCRYPTED`, `KEY_PASSPHRASE_WRONG`, `UNSUPPORTED_KEY_TYPE`,
/// `WEAK_KEY`) mean the same thing here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MintCode {
    /// The CA's private key is not the key of the CA certificate.
    KeyMismatch,
    /// The CA's private key is encrypted and no passphrase was given.
    KeyEncrypted,
    /// The passphrase does not decrypt the CA's private key.
    KeyPassphraseWrong,
    /// The CA certificate is not a CA (basicConstraints CA:FALSE or absent, or a keyUsage
    /// without keyCertSign).
    CaNotACa,
    /// The certificate asked for would outlive its CA (or the CA has expired).
    CaExpiresTooSoon,
    /// The CA's key is of a kind this crate cannot sign with (Ed448, DSA, RSA-PSS, other curves).
    UnsupportedKeyType,
    /// The CA's RSA key has fewer than 2048 bits.
    WeakKey,
    /// No generator for this key type here (RSA keys come from WebCrypto in wasm).
    KeygenUnavailable,
}

impl MintCode {
    /// The stable code JavaScript sees as `error.code`.
    pub fn as_str(self) -> &'static str {
        match self {
            MintCode::KeyMismatch => "KEY_MISMATCH",
            MintCode::KeyEncrypted => "KEY_ENCRYPTED",
            MintCode::KeyPassphraseWrong => "KEY_PASSPHRASE_WRONG",
            MintCode::CaNotACa => "CA_NOT_A_CA",
            MintCode::CaExpiresTooSoon => "CA_EXPIRES_TOO_SOON",
            MintCode::UnsupportedKeyType => "UNSUPPORTED_KEY_TYPE",
            MintCode::WeakKey => "WEAK_KEY",
            MintCode::KeygenUnavailable => "KEYGEN_UNAVAILABLE",
        }
    }
}

impl Error {
    /// The stable code JavaScript sees as `error.code`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InputTooLarge { .. } => "INPUT_TOO_LARGE",
            Error::PemInvalid { .. } => "PEM_INVALID",
            Error::NoCertificate => "NO_CERTIFICATE",
            Error::InvalidArgument { .. } => "INVALID_ARGUMENT",
            Error::CfApi { .. } => "CF_API_ERROR",
            Error::Network { .. } => "NETWORK_ERROR",
            Error::Timeout { .. } => "TIMEOUT",
            Error::KeyInvalid { .. } => "KEY_INVALID",
            Error::ValidationFailed { .. } => "VALIDATION_FAILED",
            Error::WorkLimit { .. } => "WORK_LIMIT_EXCEEDED",
            Error::Mint { code, .. } => code.as_str(),
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
            Error::CfApi { status, errors, detail, ray_id, hint, .. } => {
                write!(f, "cloudflare api error (http {status})")?;
                let mut sep = ": ";
                for e in errors {
                    write!(f, "{sep}{} {}", e.code, e.message)?;
                    sep = "; ";
                }
                if let Some(d) = detail {
                    write!(f, "{sep}{d}")?;
                }
                if let Some(r) = ray_id {
                    write!(f, " [ray id {r}]")?;
                }
                if let Some(h) = hint {
                    write!(f, ". hint: {h}")?;
                }
                Ok(())
            }
            Error::Network { detail } => write!(f, "network error: {detail}"),
            Error::Timeout { after_ms } => write!(f, "no response from the api within {after_ms} ms"),
            Error::KeyInvalid { detail } => write!(f, "invalid private key: {detail}"),
            Error::ValidationFailed { codes } => write!(
                f,
                "the new certificate and key failed validation ({}); run validateUpload for the findings and their fixes",
                codes.join(", ")
            ),
            Error::WorkLimit { what, needed, limit } => {
                write!(f, "this request needs {needed} {what}, more than the {limit} allowed here")
            }
            Error::Mint { detail, .. } => f.write_str(detail),
        }
    }
}

impl std::error::Error for Error {}

/// Shorthand used across the core.
pub type Result<T> = std::result::Result<T, Error>;
