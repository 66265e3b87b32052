//! Findings and the validation report: every problem found, ranked, each with a stable code,
//! a severity, a message naming the evidence, and a hint that says how to fix it.

use serde::Serialize;

/// How bad a finding is. `Error` means Cloudflare or the origin will refuse the upload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// Every finding code, in the order findings of one severity are listed (most important
/// first). Serialised as the stable string the README documents (`KEY_MISMATCH`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Code {
    PemInvalid,
    NoCertificate,
    NoPrivateKey,
    MultiplePrivateKeys,
    KeyInvalid,
    KeyEncrypted,
    KeyPassphraseWrong,
    LeafIsCa,
    KeyMismatch,
    UnsupportedKeyType,
    ChainOrder,
    ChainBroken,
    CaVerifyFailed,
    CertExpired,
    CertNotYetValid,
    MissingClientAuthEku,
    KeyUsageNoDigitalSignature,
    WeakKey,
    WeakSignatureAlgorithm,
    UnknownCriticalExtension,
    IssuerNotCa,
    CaKeyUsageNoCertSign,
    CaEkuNoClientAuth,
    PathLengthExceeded,
    NameConstraintNotPermitted,
    NameConstraintExcluded,
    NameConstraintUnsupported,
    ChainSignatureUnchecked,
    EcdsaSha3Signature,
    VerifyDepthExceeded,
    CertExpiresSoon,
    AnyEkuOnly,
    ChainIncludesRoot,
    ChainDuplicate,
    ChainPath,
    BlockIgnored,
    NoEku,
    CaNotGiven,
}

impl Code {
    /// The stable string (`KEY_MISMATCH`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Code::PemInvalid => "PEM_INVALID",
            Code::NoCertificate => "NO_CERTIFICATE",
            Code::NoPrivateKey => "NO_PRIVATE_KEY",
            Code::MultiplePrivateKeys => "MULTIPLE_PRIVATE_KEYS",
            Code::KeyInvalid => "KEY_INVALID",
            Code::KeyEncrypted => "KEY_ENCRYPTED",
            Code::KeyPassphraseWrong => "KEY_PASSPHRASE_WRONG",
            Code::LeafIsCa => "LEAF_IS_CA",
            Code::KeyMismatch => "KEY_MISMATCH",
            Code::UnsupportedKeyType => "UNSUPPORTED_KEY_TYPE",
            Code::ChainOrder => "CHAIN_ORDER",
            Code::ChainBroken => "CHAIN_BROKEN",
            Code::CaVerifyFailed => "CA_VERIFY_FAILED",
            Code::CertExpired => "CERT_EXPIRED",
            Code::CertNotYetValid => "CERT_NOT_YET_VALID",
            Code::MissingClientAuthEku => "MISSING_CLIENT_AUTH_EKU",
            Code::KeyUsageNoDigitalSignature => "KEY_USAGE_NO_DIGITAL_SIGNATURE",
            Code::WeakKey => "WEAK_KEY",
            Code::WeakSignatureAlgorithm => "WEAK_SIGNATURE_ALGORITHM",
            Code::UnknownCriticalExtension => "UNKNOWN_CRITICAL_EXTENSION",
            Code::IssuerNotCa => "ISSUER_NOT_CA",
            Code::CaKeyUsageNoCertSign => "CA_KEY_USAGE_NO_CERT_SIGN",
            Code::CaEkuNoClientAuth => "CA_EKU_NO_CLIENT_AUTH",
            Code::PathLengthExceeded => "PATH_LENGTH_EXCEEDED",
            Code::NameConstraintNotPermitted => "NAME_CONSTRAINT_NOT_PERMITTED",
            Code::NameConstraintExcluded => "NAME_CONSTRAINT_EXCLUDED",
            Code::NameConstraintUnsupported => "NAME_CONSTRAINT_UNSUPPORTED",
            Code::ChainSignatureUnchecked => "CHAIN_SIGNATURE_UNCHECKED",
            Code::EcdsaSha3Signature => "ECDSA_SHA3_SIGNATURE",
            Code::VerifyDepthExceeded => "VERIFY_DEPTH_EXCEEDED",
            Code::CertExpiresSoon => "CERT_EXPIRES_SOON",
            Code::AnyEkuOnly => "ANY_EKU_ONLY",
            Code::ChainIncludesRoot => "CHAIN_INCLUDES_ROOT",
            Code::ChainDuplicate => "CHAIN_DUPLICATE",
            Code::ChainPath => "CHAIN_PATH",
            Code::BlockIgnored => "BLOCK_IGNORED",
            Code::NoEku => "NO_EKU",
            Code::CaNotGiven => "CA_NOT_GIVEN",
        }
    }
}

/// Compared with its stable string (`code == "KEY_MISMATCH"`).
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl core::fmt::Display for Code {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding, in the contract's shape.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code, documented in the README (e.g. `KEY_MISMATCH`).
    pub code: Code,
    pub severity: Severity,
    /// What is wrong, with the evidence (dates, sizes, OIDs). Never key material.
    pub message: String,
    /// How to fix it; an openssl command where one helps.
    pub hint: String,
    /// Index into the report's certificates, where one is concerned.
    pub certificate: Option<usize>,
}

impl Finding {
    pub fn new(code: Code, severity: Severity, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self { code, severity, message: message.into(), hint: hint.into(), certificate: None }
    }

    /// Attach the index of the certificate concerned.
    #[must_use]
    pub fn on(mut self, certificate: usize) -> Self {
        self.certificate = Some(certificate);
        self
    }
}
