//! The `inspect*` entry points: input in, certificate and key facts out.

use crate::x509::cert::{self, CertificateInfo};
use crate::error::{Error, Result};
use crate::input::{self, Ignored, Input};
use crate::key::{self, KeyInfo, KeyRead};
use crate::limits::Limits;
use crate::x509::request::{self, RequestInfo};
use core::ops::Range;
use serde::Serialize;

/// The contract's `Inspection`: everything found in the input, in input order. `requests`
/// extends the contract: the certificate signing requests read (one that cannot be read stays
/// in `ignored`, with the reason).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Inspection {
    pub certificates: Vec<CertificateInfo>,
    pub private_keys: Vec<KeyInfo>,
    pub ignored: Vec<Ignored>,
    pub requests: Vec<RequestInfo>,
}

/// Every certificate and private key in `input`. Encrypted keys are decrypted with
/// `passphrase` when it is given; without it (or with a wrong one) they are still reported,
/// with what cannot be known left `null`, and a wrong one says so (`passphrase_wrong`, as
/// `validateUpload`'s `KEY_PASSPHRASE_WRONG`). Key material is never part of the result.
///
/// # Errors
/// `INPUT_TOO_LARGE`; `PEM_INVALID` for a broken block or certificate; `KEY_INVALID` for a
/// malformed private key.
pub fn inspect(input: Input<'_>, passphrase: Option<&str>) -> Result<Inspection> {
    inspect_limited(input, passphrase, &Limits::NONE)
}

/// [`inspect`] within `limits`: the key derivations the passphrase would start (every
/// encrypted key is decrypted) and the signature checks (one per certificate whose subject
/// is its issuer, one per certificate signing request) are counted before any of them runs.
///
/// # Errors
/// As [`inspect`], and `WORK_LIMIT_EXCEEDED`.
pub fn inspect_limited(input: Input<'_>, passphrase: Option<&str>, limits: &Limits) -> Result<Inspection> {
    let mut sorted = input::sort(input)?;
    if passphrase.is_some() {
        limits.check_kdf(sorted.keys.iter().map(key::derivation_cost))?;
    }
    limits.check_signatures(self_issued(&sorted.certificates).saturating_add(sorted.requests.len() as u64))?;
    let certificates = certificate_infos(input, &mut sorted);
    let mut private_keys = Vec::with_capacity(sorted.keys.len());
    for block in &sorted.keys {
        private_keys.push(match key::read_key(block, passphrase)? {
            KeyRead::Decoded(k) => k.info(),
            KeyRead::Locked { info, wrong_passphrase } => KeyInfo { passphrase_wrong: wrong_passphrase, ..info },
        });
    }
    let mut ignored = sorted.ignored;
    let mut requests = Vec::with_capacity(sorted.requests.len());
    let mut read = Vec::with_capacity(sorted.requests.len());
    for (index, block) in &sorted.requests {
        match request::read(&block.der) {
            Ok(info) => {
                requests.push(info);
                read.push(*index);
            }
            Err(why) => {
                if let Some(entry) = ignored.get_mut(*index) {
                    entry.reason = format!("{why}; {}", entry.reason);
                }
            }
        }
    }
    // Indices ascend (input order): remove from the back.
    for index in read.into_iter().rev() {
        if index < ignored.len() {
            ignored.remove(index);
        }
    }
    Ok(Inspection { certificates, private_keys, ignored, requests })
}

/// How many of `certs` name themselves as issuer (each costs a signature check).
pub(crate) fn self_issued(certs: &[crate::x509::cert::ParsedCert]) -> u64 {
    certs.iter().filter(|c| c.subject() == c.issuer()).count() as u64
}

/// Every certificate in `input`, in input order.
///
/// # Errors
/// `INPUT_TOO_LARGE`, `PEM_INVALID`, and `NO_CERTIFICATE` when the input holds none.
pub fn inspect_certificates(input: Input<'_>) -> Result<Vec<CertificateInfo>> {
    let mut sorted = certificates_in(input)?;
    Ok(certificate_infos(input, &mut sorted))
}

/// The sorted certificates inspected (and taken out of `sorted`), their PEM copied from the
/// input where it already is the normalized text.
fn certificate_infos(input: Input<'_>, sorted: &mut input::Sorted) -> Vec<CertificateInfo> {
    // Only when a span will be read (bytes input is checked as UTF-8 again).
    let text = sorted.pem_spans.iter().any(Option::is_some).then(|| input.text()).flatten();
    let pem = |span: Option<Range<usize>>| {
        let p = text?.get(span?)?;
        let mut pem = String::with_capacity(p.len() + 1);
        pem.push_str(p);
        pem.push('\n');
        Some(pem)
    };
    let certificates = core::mem::take(&mut sorted.certificates);
    certificates.into_iter().zip(pem_spans(sorted)).map(|(c, span)| cert::inspect_owned(c, pem(span))).collect()
}

/// The input sorted; `NO_CERTIFICATE` when it holds none.
fn certificates_in(input: Input<'_>) -> Result<input::Sorted> {
    let sorted = input::sort(input)?;
    if sorted.certificates.is_empty() {
        return Err(Error::NoCertificate);
    }
    Ok(sorted)
}

/// Where each certificate's normalized PEM lies in the input text, if it does.
fn pem_spans(sorted: &input::Sorted) -> impl Iterator<Item = Option<Range<usize>>> + '_ {
    sorted.pem_spans.iter().cloned().chain(core::iter::repeat(None))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const LEAF: &str = include_str!("../tests/fixtures/basic/leaf.pem");
    const KEY: &str = include_str!("../tests/fixtures/basic/leaf.key");

    #[test]
    fn the_pem_is_the_normalized_block_whatever_surrounds_it() {
        let alone = inspect_certificates(Input::Text(LEAF)).unwrap();
        assert_eq!(alone[0].pem, crate::input::pem::encode("CERTIFICATE", crate::input::sort(Input::Text(LEAF)).unwrap().certificates[0].der()));
        let openssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
        let crlf = LEAF.replace('\n', "\r\n");
        for text in [format!("{LEAF}{KEY}"), format!("{KEY}{LEAF}"), format!("{LEAF}{openssh}"), crlf] {
            assert_eq!(inspect_certificates(Input::Text(&text)).unwrap()[0].pem, alone[0].pem, "{text}");
        }
    }
}
