//! The `inspect*` entry points: input in, certificate and key facts out.

use crate::cert::{self, CertificateInfo};
use crate::error::{Error, Result};
use crate::input::{self, Ignored, Input};
use crate::key::{self, KeyInfo, KeyRead};
use serde::Serialize;

/// The contract's `Inspection`: everything found in the input, in input order.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Inspection {
    pub certificates: Vec<CertificateInfo>,
    pub private_keys: Vec<KeyInfo>,
    pub ignored: Vec<Ignored>,
}

/// Every certificate and private key in `input`. Encrypted keys are decrypted with
/// `passphrase` when it is given; without it (or with a wrong one) they are still reported,
/// with what cannot be known left `null`. Key material is never part of the result.
///
/// # Errors
/// `INPUT_TOO_LARGE`; `PEM_INVALID` for a broken block or certificate; `KEY_INVALID` for a
/// malformed private key.
pub fn inspect(input: Input<'_>, passphrase: Option<&str>) -> Result<Inspection> {
    let sorted = input::sort(input)?;
    let certificates = sorted.certificates.iter().map(cert::inspect).collect();
    let mut private_keys = Vec::with_capacity(sorted.keys.len());
    for block in &sorted.keys {
        private_keys.push(match key::read_key(block, passphrase)? {
            KeyRead::Decoded(k) => k.info(),
            KeyRead::Locked { info, .. } => info,
        });
    }
    Ok(Inspection { certificates, private_keys, ignored: sorted.ignored })
}

/// Every certificate in `input`, in input order.
///
/// # Errors
/// `INPUT_TOO_LARGE`, `PEM_INVALID`, and `NO_CERTIFICATE` when the input holds none.
pub fn inspect_certificates(input: Input<'_>) -> Result<Vec<CertificateInfo>> {
    let sorted = input::sort(input)?;
    if sorted.certificates.is_empty() {
        return Err(Error::NoCertificate);
    }
    Ok(sorted.certificates.iter().map(cert::inspect).collect())
}
