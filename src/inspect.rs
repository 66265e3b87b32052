//! The `inspect*` entry points: input in, certificate (and key) facts out.

use crate::cert::{self, CertificateInfo};
use crate::error::{Error, Result};
use crate::input::{self, Input};

/// Every certificate in `input`, in input order.
///
/// # Errors
/// `INPUT_TOO_LARGE`, `PEM_INVALID`, and `NO_CERTIFICATE` when the input holds none.
pub fn inspect_certificates(input: Input<'_>) -> Result<Vec<CertificateInfo>> {
    let sorted = input::sort(input)?;
    if sorted.certificates.is_empty() {
        return Err(Error::NoCertificate);
    }
    sorted.certificates.iter().map(cert::inspect).collect()
}
