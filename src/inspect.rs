//! The `inspect*` entry points: input in, certificate and key facts out.

use crate::cert::{self, CertificateInfo};
use crate::error::{Error, Result};
use crate::input::{self, Ignored, Input};
use crate::key::{self, KeyInfo, KeyRead};
use core::ops::Range;
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
    let certificates = certificate_infos(input, &sorted);
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
    Ok(certificate_infos(input, &sorted))
}

/// [`inspect_certificates`] for a caller that still holds the input text (the JS boundary):
/// where a certificate's normalized PEM is already in the text, but for its final line break,
/// its `pem` is left empty and its span in the text given instead.
///
/// # Errors
/// As [`inspect_certificates`].
pub fn inspect_certificates_in_place(input: Input<'_>) -> Result<Vec<(CertificateInfo, Option<Range<usize>>)>> {
    let sorted = input::sort(input)?;
    if sorted.certificates.is_empty() {
        return Err(Error::NoCertificate);
    }
    let spans = sorted.pem_spans.iter().cloned().chain(core::iter::repeat(None));
    Ok(sorted
        .certificates
        .iter()
        .zip(spans)
        .map(|(c, span)| (cert::inspect_with_pem(c, span.as_ref().map(|_| String::new())), span))
        .collect())
}

/// The sorted certificates inspected, their PEM copied from the input where it already is
/// the normalized text.
fn certificate_infos(input: Input<'_>, sorted: &input::Sorted) -> Vec<CertificateInfo> {
    let text = input.text();
    let spans = sorted.pem_spans.iter().cloned().chain(core::iter::repeat(None));
    let pem = |span: Option<Range<usize>>| {
        let p = text?.get(span?)?;
        let mut pem = String::with_capacity(p.len() + 1);
        pem.push_str(p);
        pem.push('\n');
        Some(pem)
    };
    sorted.certificates.iter().zip(spans).map(|(c, span)| cert::inspect_with_pem(c, pem(span))).collect()
}
