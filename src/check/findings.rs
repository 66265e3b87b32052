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

/// One finding, in the contract's shape.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code, documented in the README (e.g. `KEY_MISMATCH`).
    pub code: &'static str,
    pub severity: Severity,
    /// What is wrong, with the evidence (dates, sizes, OIDs). Never key material.
    pub message: String,
    /// How to fix it; an openssl command where one helps.
    pub hint: String,
    /// Index into the report's certificates, where one is concerned.
    pub certificate: Option<usize>,
}

impl Finding {
    pub fn new(code: &'static str, severity: Severity, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self { code, severity, message: message.into(), hint: hint.into(), certificate: None }
    }

    /// Attach the index of the certificate concerned.
    #[must_use]
    pub fn on(mut self, certificate: usize) -> Self {
        self.certificate = Some(certificate);
        self
    }
}
