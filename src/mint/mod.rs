//! Minting: a private CA, client certificates it issues, and certificate signing requests, for
//! people who have no PKI yet. Pure: the time (`now`, Unix seconds) and a CSPRNG are
//! arguments; keys are generated here ([`keygen`]) or handed in (WebCrypto's, by the JS entry).
//!
//! - [`options`]: key types, names, validity, DNS names, checked before any key is made;
//! - [`keygen`]: new keys; [`signer`]: any CA key `crate::key` reads that a RustCrypto crate
//!   signs with; [`builder`]: x509-cert's builders under the CA and client profiles;
//! - [`Issuer`]: a CA certificate with its key, read and checked (is a CA, key matches);
//! - [`create_ca`], [`issue_client_certificate`], [`create_certificate_request`].
//!
//! A minted client certificate passes `validateUpload` against its CA with no error or
//! warning finding (tests/node/mint.test.mjs, and the unit tests below).

pub mod builder;
pub mod keygen;
pub mod options;
pub mod signer;

pub use keygen::NewKey;
pub use options::KeyType;

use crate::error::{Error, MintCode, Result};
use crate::input::{self, pem, Input};
use crate::key::{self, KeyRead, PrivateKey};
use crate::x509::cert::ParsedCert;
use crate::x509::time::format_time;
use der::Decode;
use rand_core::CryptoRng;
use signer::Signer;
use zeroize::Zeroizing;

/// A minted certificate and its new key.
pub struct Minted {
    /// The certificate, PEM.
    pub certificate: String,
    /// The new private key, unencrypted PKCS#8 PEM; wiped on drop.
    pub private_key: Zeroizing<String>,
    /// A client certificate's CA certificates as given (PEM, the issuer first): what the
    /// origin trusts. Empty for a CA.
    pub chain: String,
}

impl core::fmt::Debug for Minted {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Minted").field("certificate", &self.certificate).finish_non_exhaustive()
    }
}

/// A certificate signing request and its new key.
pub struct MintedRequest {
    /// The request, PEM (`CERTIFICATE REQUEST`).
    pub csr: String,
    /// The new private key, unencrypted PKCS#8 PEM; wiped on drop.
    pub private_key: Zeroizing<String>,
}

impl core::fmt::Debug for MintedRequest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("MintedRequest").field("csr", &self.csr).finish_non_exhaustive()
    }
}

/// `createCA`'s options, checked by [`create_ca`].
#[derive(Clone, Debug)]
pub struct CaOptions<'a> {
    pub common_name: &'a str,
    pub organization: Option<&'a str>,
    pub validity_days: u32,
    pub key_type: KeyType,
    /// Unix seconds.
    pub now: i64,
}

/// `issueClientCertificate`'s options but the CA ([`Issuer`]), checked by
/// [`issue_client_certificate`].
#[derive(Clone, Debug)]
pub struct ClientOptions<'a> {
    pub common_name: &'a str,
    pub validity_days: u32,
    pub key_type: KeyType,
    pub dns_names: &'a [String],
    /// Unix seconds.
    pub now: i64,
}

/// `createCertificateRequest`'s options, checked by [`create_certificate_request`].
#[derive(Clone, Debug)]
pub struct RequestOptions<'a> {
    pub common_name: &'a str,
    pub key_type: KeyType,
    pub dns_names: &'a [String],
}

impl CaOptions<'_> {
    /// Check every option (what [`create_ca`] does before it makes the key).
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` naming the option.
    pub fn check(&self) -> Result<(i64, i64)> {
        options::check_name("commonName", self.common_name)?;
        if let Some(o) = self.organization {
            options::check_name("organization", o)?;
        }
        options::validity(self.now, options::check_days(self.validity_days)?, None)
    }
}

impl ClientOptions<'_> {
    /// Check every option against `issuer` (what [`issue_client_certificate`] does before it
    /// makes the key): the validity (as `[notBefore, notAfter]`) and the DNS names.
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` naming the option; `CA_EXPIRES_TOO_SOON`.
    pub fn check(&self, issuer: &Issuer) -> Result<((i64, i64), Vec<String>)> {
        options::check_name("commonName", self.common_name)?;
        let days = options::check_days(self.validity_days)?;
        let dns_names = options::dns_names(self.dns_names)?;
        let ca = issuer.ca().ok_or(Error::NoCertificate)?;
        let (not_before, not_after) = options::validity(self.now, days, Some(ca.not_before()))?;
        if not_after > ca.not_after() {
            let detail = if self.now >= ca.not_after() {
                format!("the CA {} expired on {}: create a new CA", ca.subject(), format_time(ca.not_after()))
            } else {
                let left = (ca.not_after() - self.now) / 86_400;
                format!(
                    "the CA {} expires on {}, before a {days}-day certificate would ({}): ask for {left} days or fewer, or create a new CA",
                    ca.subject(),
                    format_time(ca.not_after()),
                    format_time(not_after)
                )
            };
            return Err(Error::Mint { code: MintCode::CaExpiresTooSoon, detail });
        }
        Ok(((not_before, not_after), dns_names))
    }
}

impl RequestOptions<'_> {
    /// Check every option (what [`create_certificate_request`] does before it makes the key).
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` naming the option.
    pub fn check(&self) -> Result<Vec<String>> {
        options::check_name("commonName", self.common_name)?;
        options::dns_names(self.dns_names)
    }
}

/// A self-signed CA: basicConstraints `CA:TRUE, pathlen:0`, keyUsage `keyCertSign, cRLSign`
/// (both critical), its key identifier; the subject `CN=commonName[,O=organization]`.
/// Options are checked before the key is made.
///
/// # Errors
/// `INVALID_ARGUMENT` for a bad option or a supplied key of another type;
/// `KEYGEN_UNAVAILABLE` (see [`keygen::new_key`]).
pub fn create_ca<R: CryptoRng + ?Sized>(opts: &CaOptions<'_>, key: NewKey<'_>, rng: &mut R) -> Result<Minted> {
    let (not_before, not_after) = opts.check()?;
    let subject = builder::name(opts.common_name, opts.organization)?;
    let key = keygen::new_key(opts.key_type, key, rng)?;
    let signer = Signer::new(&key)?;
    let parts = builder::CertificateParts { serial: builder::serial(rng)?, not_before, not_after, spki: signer.spki_der() };
    let der = builder::ca_certificate(subject, &parts, &signer, rng)?;
    Ok(Minted { certificate: pem::encode("CERTIFICATE", &der), private_key: key.to_unencrypted_pem(), chain: String::new() })
}

/// A CA certificate (the one in `certificate` whose key is given, usually the first; the others
/// are its own chain, returned after it as the client certificate's `chain`) and its private
/// key, read and checked.
pub struct Issuer {
    certificates: Vec<ParsedCert>,
    signer: Signer,
    subject: x509_cert::name::Name,
    key_id: Vec<u8>,
}

impl core::fmt::Debug for Issuer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Issuer").field("subject", &self.ca().map(ParsedCert::subject)).finish_non_exhaustive()
    }
}

impl Issuer {
    /// Read the CA certificate(s) and the private key (PEM or DER; the key decrypted with
    /// `passphrase` where it is encrypted) and check them: one certificate is the key's, and it
    /// is a CA (basicConstraints CA:TRUE; a keyUsage, if present, has keyCertSign).
    ///
    /// # Errors
    /// `INPUT_TOO_LARGE`, `PEM_INVALID`, `NO_CERTIFICATE`, `KEY_INVALID` for what cannot be
    /// read; `INVALID_ARGUMENT` for no or several keys; `KEY_ENCRYPTED` (no passphrase),
    /// `KEY_PASSPHRASE_WRONG`, `CA_NOT_A_CA`, `KEY_MISMATCH`, `UNSUPPORTED_KEY_TYPE`, `WEAK_KEY`.
    pub fn read(certificate: Input<'_>, private_key: Input<'_>, passphrase: Option<&str>) -> Result<Self> {
        let mut certificates = input::sort(certificate)?.certificates;
        if certificates.is_empty() {
            return Err(Error::NoCertificate);
        }
        let mint = |code, detail: String| Error::Mint { code, detail };
        let key = read_one_key(private_key, passphrase)?;
        let signer = Signer::new(&key)?;
        // The CA is the certificate of this key (usually the first); the others are its chain.
        let Some(at) = certificates.iter().position(|c| key.matches(&c.spki_ref()) == Some(true)) else {
            let subject = certificates.first().map_or("", ParsedCert::subject);
            return Err(mint(MintCode::KeyMismatch, format!("the CA private key is not the key of the CA certificate {subject}")));
        };
        let ca = certificates.remove(at);
        if !ca.is_ca() || ca.key_usage().is_some_and(|ku| ku & (1 << 5) == 0) {
            return Err(mint(MintCode::CaNotACa, format!(
                "the CA certificate {} is not a CA (it needs basicConstraints CA:TRUE and, with a keyUsage, keyCertSign): use the certificate createCA made, not a client certificate",
                ca.subject()
            )));
        }
        let subject = x509_cert::name::Name::from_der(ca.subject_raw())
            .map_err(|e| Error::InvalidArgument { detail: format!("the CA's subject cannot be copied into a certificate ({e})") })?;
        let key_id = match ca.subject_key_id() {
            Some(id) => id.to_vec(),
            None => builder::key_id(ca.spki_ref())?,
        };
        certificates.insert(0, ca);
        Ok(Issuer { certificates, signer, subject, key_id })
    }

    fn ca(&self) -> Option<&ParsedCert> {
        self.certificates.first()
    }
}

/// The only private key in `input`, decrypted.
fn read_one_key(input: Input<'_>, passphrase: Option<&str>) -> Result<PrivateKey> {
    let sorted = input::sort(input)?;
    let block = match sorted.keys.as_slice() {
        [one] => one,
        [] => return Err(Error::InvalidArgument { detail: "the CA private key input holds no private key".into() }),
        _ => return Err(Error::InvalidArgument { detail: "the CA private key input holds more than one private key".into() }),
    };
    match key::read_key(block, passphrase)? {
        KeyRead::Decoded(key) => Ok(key),
        KeyRead::Locked { wrong_passphrase: false, .. } => Err(Error::Mint {
            code: MintCode::KeyEncrypted,
            detail: "the CA private key is encrypted: give its passphrase".into(),
        }),
        KeyRead::Locked { wrong_passphrase: true, .. } => Err(Error::Mint {
            code: MintCode::KeyPassphraseWrong,
            detail: "the passphrase does not decrypt the CA private key".into(),
        }),
    }
}

/// A client certificate issued by `issuer`: basicConstraints `CA:FALSE` and keyUsage
/// `digitalSignature` (critical), extendedKeyUsage `clientAuth`, key identifiers, the DNS names
/// as subjectAltName, a random positive 16-octet serial, signed with SHA-256 (RSA, P-256
/// CAs), SHA-384 (P-384), SHA-512 (P-521) or Ed25519; the issuer is the CA's subject, its DER
/// copied exactly. Options are checked before the key is made.
///
/// # Errors
/// `INVALID_ARGUMENT` for a bad option; `CA_EXPIRES_TOO_SOON` when the certificate would
/// outlive its CA (or the CA has expired); `KEYGEN_UNAVAILABLE`.
pub fn issue_client_certificate<R: CryptoRng + ?Sized>(
    issuer: &Issuer,
    opts: &ClientOptions<'_>,
    key: NewKey<'_>,
    rng: &mut R,
) -> Result<Minted> {
    let ((not_before, not_after), dns_names) = opts.check(issuer)?;
    let ca = issuer.ca().ok_or(Error::NoCertificate)?;
    let subject = builder::name(opts.common_name, None)?;
    let key = keygen::new_key(opts.key_type, key, rng)?;
    let new_signer = Signer::new(&key)?;
    let parts = builder::CertificateParts { serial: builder::serial(rng)?, not_before, not_after, spki: new_signer.spki_der() };
    let client = builder::ClientParts { subject, issuer: issuer.subject.clone(), authority_key_id: issuer.key_id.clone(), dns_names };
    let der = builder::client_certificate(client, &parts, &issuer.signer, rng)?;
    // The issuer must be the CA's subject octet for octet (chain building compares names).
    let minted = ParsedCert::from_vec(der)?;
    if minted.issuer_raw() != ca.subject_raw() {
        return Err(Error::InvalidArgument {
            detail: format!("the CA's subject ({}) cannot be copied exactly into a certificate", ca.subject()),
        });
    }
    let chain = issuer.certificates.iter().map(|c| pem::encode("CERTIFICATE", c.der())).collect();
    Ok(Minted { certificate: pem::encode("CERTIFICATE", minted.der()), private_key: key.to_unencrypted_pem(), chain })
}

/// A PKCS#10 certificate signing request for `CN=commonName` with a new key, asking for
/// keyUsage `digitalSignature`, extendedKeyUsage `clientAuth` and the DNS names (for users
/// whose own PKI signs client certificates).
///
/// # Errors
/// `INVALID_ARGUMENT` for a bad option; `KEYGEN_UNAVAILABLE`.
pub fn create_certificate_request<R: CryptoRng + ?Sized>(opts: &RequestOptions<'_>, key: NewKey<'_>, rng: &mut R) -> Result<MintedRequest> {
    let dns_names = opts.check()?;
    let subject = builder::name(opts.common_name, None)?;
    let key = keygen::new_key(opts.key_type, key, rng)?;
    let signer = Signer::new(&key)?;
    let der = builder::request(subject, &dns_names, &signer, rng)?;
    Ok(MintedRequest { csr: pem::encode("CERTIFICATE REQUEST", &der), private_key: key.to_unencrypted_pem() })
}

#[cfg(test)]
#[path = "../../tests/core/mint.rs"]
mod tests;
