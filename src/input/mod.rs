//! What users paste or drop, sorted into certificates, private-key blocks and ignored blocks.
//! Accepts PEM text in any state (see [`crate::input::pem`]), DER bytes, or a bare base64 body.

pub mod pem;

use crate::x509::cert::ParsedCert;
use crate::error::{Error, Result};
use pem::Block;
use serde::Serialize;

/// Inputs above this size are refused before any work (`INPUT_TOO_LARGE`).
pub const MAX_INPUT_BYTES: usize = 1024 * 1024;

/// Input as it crosses the boundary: text, or bytes that may be DER or PEM text.
#[derive(Clone, Copy, Debug)]
pub enum Input<'a> {
    Text(&'a str),
    Bytes(&'a [u8]),
}

impl<'a> Input<'a> {
    /// The input as text: text, or bytes that are UTF-8 and do not start as DER does.
    #[must_use]
    pub fn text(self) -> Option<&'a str> {
        match self {
            Input::Text(t) => Some(t),
            Input::Bytes(b) if b.first() != Some(&0x30) => core::str::from_utf8(b).ok(),
            Input::Bytes(_) => None,
        }
    }
}

/// A block that was read but is not a certificate or a private key.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Ignored {
    pub label: String,
    pub reason: String,
}

/// The input, sorted. Key blocks are kept undecoded for [`crate::key`].
#[derive(Debug, Default)]
pub struct Sorted {
    pub certificates: Vec<ParsedCert>,
    /// For each certificate, where its PEM lies in the input text when that text is exactly
    /// the normalized PEM ([`pem::Block::span`]), so it is copied rather than encoded again.
    pub pem_spans: Vec<Option<core::ops::Range<usize>>>,
    pub keys: Vec<Block>,
    pub ignored: Vec<Ignored>,
    /// Certificate signing requests, each with the index of its entry in `ignored`, where it
    /// also is (`inspect` reads them and takes out those it could read; `validateUpload`
    /// reports them as ignored blocks).
    pub requests: Vec<(usize, Block)>,
}

const KEY_LABELS: [&str; 4] = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY"];

fn ignore_reason(label: &str) -> String {
    match label {
        "EC PARAMETERS" => "curve parameters written by `openssl ecparam`; not needed, leave them out of the upload".into(),
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => "a certificate signing request (CSR), not a certificate: have it signed by your CA first".into(),
        "PUBLIC KEY" | "RSA PUBLIC KEY" => "a public key alone; the upload needs the certificate and its private key".into(),
        "X509 CRL" => "a certificate revocation list; not used by Authenticated Origin Pulls".into(),
        "TRUSTED CERTIFICATE" => "OpenSSL's trusted-certificate form; convert with `openssl x509 -in cert.pem -out plain.pem`".into(),
        _ => format!("unrecognised PEM block type \"{label}\""),
    }
}

/// Refuse inputs above [`MAX_INPUT_BYTES`] before any work.
///
/// # Errors
/// [`Error::InputTooLarge`].
pub fn check_size(input: Input<'_>) -> Result<()> {
    let size = match input {
        Input::Text(t) => t.len(),
        Input::Bytes(b) => b.len(),
    };
    if size > MAX_INPUT_BYTES {
        return Err(Error::InputTooLarge { size, limit: MAX_INPUT_BYTES });
    }
    Ok(())
}

/// Sort `input` into certificates, key blocks and ignored blocks, in input order.
///
/// # Errors
/// [`Error::InputTooLarge`] above [`MAX_INPUT_BYTES`]; [`Error::PemInvalid`] for a broken
/// PEM block, an unparseable certificate, or input that is neither PEM nor DER.
pub fn sort(input: Input<'_>) -> Result<Sorted> {
    check_size(input)?;
    let text = input.text();
    let mut sorted = Sorted::default();
    let Some(text) = text else {
        if let Input::Bytes(der) = input {
            sort_der(der, &mut sorted)?;
        }
        return Ok(sorted);
    };
    let blocks = pem::parse_blocks(text)?;
    if blocks.is_empty() {
        if text.trim().is_empty() {
            return Ok(sorted);
        }
        return match pem::bare_base64_der(text) {
            Some(der) => {
                sort_der(&der, &mut sorted)?;
                Ok(sorted)
            }
            None => Err(Error::PemInvalid {
                detail: "no PEM block (-----BEGIN …-----) found, and the input is not DER or base64".into(),
            }),
        };
    }
    for (index, mut block) in blocks.into_iter().enumerate() {
        match block.label.as_str() {
            "CERTIFICATE" | "X509 CERTIFICATE" => {
                // A certificate is public: move its bytes out instead of copying them (what is
                // left in the block, and wiped with it, is an empty vector).
                let der = core::mem::take(&mut *block.der);
                let parsed = ParsedCert::from_vec(der).map_err(|e| match e {
                    Error::PemInvalid { detail } => Error::PemInvalid { detail: format!("block {} (CERTIFICATE): {detail}", index + 1) },
                    other => other,
                })?;
                sorted.certificates.push(parsed);
                // `X509 CERTIFICATE` blocks are normalized to `CERTIFICATE`: never reused.
                sorted.pem_spans.push(block.span.clone().filter(|_| block.label == "CERTIFICATE"));
            }
            l if KEY_LABELS.contains(&l) => sorted.keys.push(block),
            l => {
                sorted.ignored.push(Ignored { label: l.to_owned(), reason: ignore_reason(l) });
                if matches!(l, "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST") {
                    sorted.requests.push((sorted.ignored.len() - 1, block));
                }
            }
        }
    }
    Ok(sorted)
}

/// One DER object: a certificate, or else a private key (handed on as a `PRIVATE KEY` block
/// for the key reader to classify), or else a certificate signing request.
fn sort_der(der: &[u8], sorted: &mut Sorted) -> Result<()> {
    match ParsedCert::from_der(der) {
        Ok(parsed) => {
            sorted.certificates.push(parsed);
            sorted.pem_spans.push(None);
        }
        Err(cert_err) => {
            if crate::key::looks_like_private_key(der) {
                sorted.keys.push(Block {
                    label: "PRIVATE KEY".into(),
                    headers: Vec::new(),
                    der: zeroize::Zeroizing::new(der.to_vec()),
                    span: None,
                });
            } else if crate::x509::request::read(der).is_ok() {
                let label = "CERTIFICATE REQUEST";
                sorted.ignored.push(Ignored { label: label.into(), reason: ignore_reason(label) });
                let block = Block { label: label.into(), headers: Vec::new(), der: zeroize::Zeroizing::new(der.to_vec()), span: None };
                sorted.requests.push((sorted.ignored.len() - 1, block));
            } else {
                return Err(cert_err);
            }
        }
    }
    Ok(())
}
