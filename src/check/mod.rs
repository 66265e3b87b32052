//! `validateUpload`: everything Cloudflare and the origin would refuse, found before the upload
//! leaves the machine. Cloudflare's side: a leaf first and not a CA, one private key, sent
//! unencrypted, matching the leaf, of a supported type. The origin's side, as OpenSSL 3
//! verifies a client certificate (the rules nginx, Apache and HAProxy inherit; see the table in
//! the README): EKU, keyUsage, validity, key size and signature digests, the chain to the CA the
//! origin trusts. Every finding has a stable code, a severity, the evidence and a fix.

use crate::x509::cert::{self, CertificateInfo, ParsedCert};
pub(crate) mod chain;
mod constraints;
pub mod findings;
mod path;


use crate::error::Result;
use crate::input::{self, Input};
use crate::limits::Limits;
use crate::key::{self, KeyInfo, KeyRead, PrivateKey};
use crate::check::findings::{Code, Finding, Severity};
use crate::x509::time;
use serde::Serialize;
use zeroize::Zeroizing;

const CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";
const ANY_EKU: &str = "2.5.29.37.0";
const SECONDS_PER_DAY: i64 = 86_400;

use path::CRITICAL_OK;

/// Which AOP endpoint the upload is for (both take the same certificate rules).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    #[default]
    Zone,
    Hostname,
}

/// What `validateUpload` is given.
#[derive(Clone, Copy, Debug, Default)]
pub struct Upload<'a> {
    pub certificate: Option<Input<'a>>,
    pub private_key: Option<Input<'a>>,
    pub passphrase: Option<&'a str>,
    pub ca_certificates: Option<&'a str>,
    pub scope: Scope,
}

/// Time and thresholds; `now` is an argument, never read from a clock.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Seconds since the Unix epoch.
    pub now: i64,
    pub expiry_warning_days: u32,
}

/// The exact JSON body of the upload request.
#[derive(Clone, Serialize)]
pub struct Payload {
    pub certificate: String,
    #[serde(serialize_with = "serialize_secret")]
    pub private_key: Zeroizing<String>,
}

fn serialize_secret<S: serde::Serializer>(v: &Zeroizing<String>, s: S) -> core::result::Result<S::Ok, S::Error> {
    s.serialize_str(v)
}

impl core::fmt::Debug for Payload {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Payload").field("certificate", &self.certificate).field("private_key", &"[redacted]").finish()
    }
}

/// The contract's `Report`.
#[derive(Debug, Serialize)]
pub struct Report {
    pub ok: bool,
    pub findings: Vec<Finding>,
    pub certificates: Vec<CertificateInfo>,
    pub key: Option<KeyInfo>,
    pub payload: Option<Payload>,
    /// Beyond the contract: the index of the leaf in `certificates`, and the indices of the
    /// certificates that go into the upload, in upload order (leaf first, root dropped).
    pub leaf: Option<usize>,
    pub chain: Vec<usize>,
}

/// Validate an upload. Never fails: every problem, including unreadable input, is a finding.
///
/// # Errors
/// Only `INPUT_TOO_LARGE` (checked before any work).
pub fn validate_upload(upload: &Upload<'_>, opts: &Options) -> Result<Report> {
    validate_upload_limited(upload, opts, &Limits::NONE)
}

/// [`validate_upload`] within `limits`: the key derivation the passphrase would start (the
/// first key's, the one validated) and the signature checks (self-signed checks and every
/// link whose names match, [`chain::verifications_bound`]) are counted once the input is read,
/// before any of them runs.
///
/// # Errors
/// `INPUT_TOO_LARGE` and `WORK_LIMIT_EXCEEDED` (checked before any work).
pub fn validate_upload_limited(upload: &Upload<'_>, opts: &Options, limits: &Limits) -> Result<Report> {
    for i in [upload.certificate, upload.private_key].into_iter().flatten() {
        input::check_size(i)?;
    }
    if let Some(ca) = upload.ca_certificates {
        input::check_size(Input::Text(ca))?;
    }
    let mut v = Validation { findings: Vec::new(), opts: *opts };

    // 1. Read everything: certificates and keys may come from either field.
    let mut certs: Vec<ParsedCert> = Vec::new();
    let mut key_blocks = Vec::new();
    for (field, inp) in [("certificate", upload.certificate), ("privateKey", upload.private_key)] {
        let Some(inp) = inp else { continue };
        match input::sort(inp) {
            Ok(sorted) => {
                certs.extend(sorted.certificates);
                key_blocks.extend(sorted.keys);
                for ig in sorted.ignored {
                    v.push(Finding::new(Code::BlockIgnored, Severity::Info,
                        format!("the {field} input has a {} block, which is not uploaded", ig.label),
                        ig.reason));
                }
            }
            Err(e) => v.push(Finding::new(Code::PemInvalid, Severity::Error,
                format!("the {field} input could not be read: {e}"),
                "Paste the PEM text as exported (-----BEGIN …----- to -----END …-----), or a DER file; check that nothing was cut off.")),
        }
    }
    let trusted = match upload.ca_certificates {
        Some(text) if !text.trim().is_empty() => match input::sort(Input::Text(text)) {
            Ok(s) if !s.certificates.is_empty() => s.certificates,
            Ok(_) => {
                v.push(Finding::new(Code::PemInvalid, Severity::Error, "the CA certificates input holds no certificate",
                    "Paste the PEM of the CA certificate(s) your origin trusts (for nginx: the file named by ssl_client_certificate)."));
                Vec::new()
            }
            Err(e) => {
                v.push(Finding::new(Code::PemInvalid, Severity::Error, format!("the CA certificates could not be read: {e}"),
                    "Paste the PEM of the CA certificate(s) your origin trusts."));
                Vec::new()
            }
        },
        _ => Vec::new(),
    };

    if upload.passphrase.is_some() {
        limits.check_kdf(key_blocks.first().map(key::derivation_cost))?;
    }
    if limits.signatures.is_some() {
        limits.check_signatures(crate::inspect::self_issued(&certs).saturating_add(chain::verifications_bound(&certs, &trusted)))?;
    }

    let infos: Vec<CertificateInfo> = certs.iter().map(cert::inspect).collect();
    let has_read_error = v.findings.iter().any(|f| f.code == Code::PemInvalid);
    if certs.is_empty() && !has_read_error {
        v.push(Finding::new(Code::NoCertificate, Severity::Error, "no certificate was found in the input",
            "Paste the client certificate (-----BEGIN CERTIFICATE-----), leaf first, then its intermediates."));
    }

    // 2. The chain: which certificate is the leaf, and what goes into the payload.
    let analysis = chain::analyze_at(&certs, &trusted, Some(opts.now));
    v.findings.extend(analysis.findings.iter().cloned());
    let leaf = analysis.leaf;

    // 3. The private key.
    let key = v.read_key(&key_blocks, upload.passphrase);
    let key_info = match &key {
        KeyState::Decoded(k) => Some(k.info()),
        KeyState::Locked(info) | KeyState::Invalid(Some(info)) => Some(info.clone()),
        _ => None,
    };

    if let (Some(li), KeyState::Decoded(k)) = (leaf, &key) {
        if let Some(leaf_cert) = certs.get(li) {
            if k.matches(&leaf_cert.spki_ref()) == Some(false) {
                let cert_fp = infos.get(li).map(|i| i.public_key.sha256.clone()).unwrap_or_default();
                let key_fp = k.info().public_key_sha256.unwrap_or_default();
                v.push(Finding::new(Code::KeyMismatch, Severity::Error,
                    format!("the private key does not belong to the leaf certificate (certificate public key sha256 {cert_fp}, key's public key sha256 {key_fp}); Cloudflare refuses the upload"),
                    "Use the key the certificate was issued for. Compare: openssl x509 -in cert.pem -noout -pubkey | openssl sha256  and  openssl pkey -in key.pem -pubout | openssl sha256").on(li));
            }
        }
    }

    // 4. Per-certificate rules: the leaf fully, the intermediates for validity, size, digest.
    if let Some(li) = leaf {
        if let (Some(info), Some(parsed)) = (infos.get(li), certs.get(li)) {
            v.leaf_rules(li, info, parsed);
        }
    }
    for &i in &analysis.payload {
        if let (Some(info), Some(parsed)) = (infos.get(i), certs.get(i)) {
            let role = if Some(i) == leaf { Role::Leaf } else { Role::Intermediate };
            v.validity(Some(i), role, info, parsed);
        }
    }

    // 5. The path the origin verifies, the CAs it trusts included (issue 16).
    let trusted_infos: Vec<Option<CertificateInfo>> = (0..trusted.len())
        .map(|t| analysis.path.contains(&chain::Node::Trusted(t)).then(|| trusted.get(t).map(cert::inspect)).flatten())
        .collect();
    let mut path_certs = Vec::new();
    for node in &analysis.path {
        let entry = match *node {
            chain::Node::Input(i) => certs.get(i).zip(infos.get(i)).map(|(c, info)| path::PathCert { cert: c, info, index: Some(i), trusted: false }),
            chain::Node::Trusted(t) => trusted.get(t).zip(trusted_infos.get(t).and_then(Option::as_ref)).map(|(c, info)| path::PathCert { cert: c, info, index: None, trusted: true }),
        };
        path_certs.extend(entry);
    }
    let last = path_certs.len().saturating_sub(1);
    for (k, p) in path_certs.iter().enumerate() {
        if k == 0 || p.index.is_some_and(|i| analysis.payload.contains(&i)) {
            continue;
        }
        let role = if k == last && analysis.anchored { Role::Anchor { trusted: p.trusted } } else { Role::TrustedIntermediate };
        v.validity(p.index, role, p.info, p.cert);
    }
    v.findings.extend(path::check(&path::Path { certs: path_certs, anchored: analysis.anchored }));
    if upload.ca_certificates.is_none() && leaf.is_some() {
        v.push(Finding::new(Code::CaNotGiven, Severity::Info,
            "no CA certificates were given, so the chain to the CA your origin trusts was not checked",
            "Add the CA certificate(s) your origin trusts (nginx: ssl_client_certificate; Apache: SSLCACertificateFile) to check the whole path."));
    }

    // 6. Rank and build the payload.
    let mut findings = v.findings;
    findings.sort_by_key(|f| (f.severity, f.code));
    findings.dedup();
    let ok = !findings.iter().any(|f| f.severity == Severity::Error);
    let payload = match (&key, ok) {
        (KeyState::Decoded(k), true) => {
            let mut certificate = String::new();
            for &i in &analysis.payload {
                if let Some(info) = infos.get(i) {
                    certificate.push_str(&info.pem);
                }
            }
            Some(Payload { certificate, private_key: k.to_unencrypted_pem() })
        }
        _ => None,
    };
    Ok(Report { ok, findings, certificates: infos, key: key_info, payload, leaf, chain: analysis.payload })
}

enum KeyState {
    Missing,
    Decoded(PrivateKey),
    Locked(KeyInfo),
    Invalid(Option<KeyInfo>),
}

struct Validation {
    findings: Vec<Finding>,
    opts: Options,
}

impl Validation {
    fn push(&mut self, f: Finding) {
        self.findings.push(f);
    }

    fn read_key(&mut self, blocks: &[crate::input::pem::Block], passphrase: Option<&str>) -> KeyState {
        match blocks {
            [] => {
                self.push(Finding::new(Code::NoPrivateKey, Severity::Error,
                    "no private key was given; Cloudflare needs the certificate's private key with the upload",
                    "Paste the private key (-----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY) that the certificate was issued for."));
                KeyState::Missing
            }
            [block] => self.read_one_key(block, passphrase),
            [first, ..] => {
                self.push(Finding::new(Code::MultiplePrivateKeys, Severity::Error,
                    format!("{} private keys were given; the upload takes exactly one", blocks.len()),
                    "Keep only the key of the leaf certificate (the first certificate)."));
                self.read_one_key(first, passphrase)
            }
        }
    }

    fn read_one_key(&mut self, block: &crate::input::pem::Block, passphrase: Option<&str>) -> KeyState {
        match key::read_key(block, passphrase) {
            Ok(KeyRead::Decoded(k)) => KeyState::Decoded(k),
            Ok(KeyRead::Locked { info, wrong_passphrase: false }) => {
                self.push(Finding::new(Code::KeyEncrypted, Severity::Error,
                    "the private key is encrypted and no passphrase was given; Cloudflare needs it unencrypted",
                    "Enter the passphrase (originpull decrypts it locally and uploads it unencrypted), or decrypt it yourself: openssl pkey -in key.pem -out key-plain.pem"));
                KeyState::Locked(info)
            }
            Ok(KeyRead::Locked { info, wrong_passphrase: true }) => {
                self.push(Finding::new(Code::KeyPassphraseWrong, Severity::Error,
                    "the passphrase does not decrypt the private key",
                    "Check the passphrase (it is case-sensitive); test it with: openssl pkey -in key.pem -noout"));
                KeyState::Locked(info)
            }
            Err(e) => {
                self.push(Finding::new(Code::KeyInvalid, Severity::Error,
                    format!("the private key could not be read: {e}"),
                    "Export the key again as PEM (openssl pkey -in key.pem -out key-plain.pem) and paste the whole block."));
                KeyState::Invalid(None)
            }
        }
    }

    /// The rules that apply to the certificate Cloudflare presents.
    fn leaf_rules(&mut self, i: usize, info: &CertificateInfo, parsed: &ParsedCert) {
        if info.basic_constraints.as_ref().is_some_and(|b| b.ca) {
            self.push(Finding::new(Code::LeafIsCa, Severity::Error,
                format!("the leaf certificate ({}) is a CA certificate (basicConstraints CA:TRUE); Cloudflare refuses it (\"missing leaf certificate\")", info.subject),
                "Upload a client (end-entity) certificate issued by your CA, with basicConstraints=CA:FALSE and extendedKeyUsage=clientAuth; keep the CA certificate on the origin.").on(i));
        }
        let pk = &info.public_key;
        let supported = match pk.algorithm {
            "RSA" => true,
            "EC" => matches!(pk.curve.as_deref(), Some("P-256" | "P-384" | "P-521")),
            _ => false,
        };
        if !supported {
            let what = match &pk.curve { Some(c) => format!("{} ({c})", pk.algorithm), None => pk.algorithm.to_owned() };
            self.push(Finding::new(Code::UnsupportedKeyType, Severity::Error,
                format!("the leaf's key is {what}; Cloudflare's client certificates must use RSA or ECDSA on P-256, P-384 or P-521 (named curves)"),
                "Issue a new certificate with an RSA-2048 or ECDSA P-256 key: openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem").on(i));
        }
        self.key_size(i, info, true);
        match &info.extended_key_usage {
            None => self.push(Finding::new(Code::NoEku, Severity::Info,
                "the leaf has no extendedKeyUsage extension, so it may be used for any purpose; origins accept it",
                "Nothing to do. For a tighter certificate, issue it with extendedKeyUsage=clientAuth.").on(i)),
            Some(ekus) if ekus.iter().any(|e| e == CLIENT_AUTH) => {}
            Some(ekus) if ekus.iter().any(|e| e == ANY_EKU) => self.push(Finding::new(Code::AnyEkuOnly, Severity::Warning,
                "the leaf's extendedKeyUsage is anyExtendedKeyUsage without clientAuth: Go origins accept it, OpenSSL-based origins (nginx, Apache, HAProxy) check for clientAuth and may reject it",
                "Reissue with extendedKeyUsage=clientAuth.").on(i)),
            Some(ekus) => self.push(Finding::new(Code::MissingClientAuthEku, Severity::Error,
                format!("the leaf's extendedKeyUsage ({}) does not include clientAuth (1.3.6.1.5.5.7.3.2); OpenSSL/nginx reject it (\"unsuitable certificate purpose\") and Go rejects it (\"incompatible key usage\")", ekus.join(", ")),
                "Reissue the certificate with extendedKeyUsage=clientAuth (openssl: -addext \"extendedKeyUsage=clientAuth\" or extendedKeyUsage = clientAuth in the extension section). A public server certificate cannot be reused as a client certificate.").on(i)),
        }
        if let Some(ku) = &info.key_usage {
            if !ku.contains(&"digitalSignature") {
                self.push(Finding::new(Code::KeyUsageNoDigitalSignature, Severity::Error,
                    format!("the leaf's keyUsage ({}) lacks digitalSignature, which a TLS client signature needs; OpenSSL/nginx reject it (\"unsuitable certificate purpose\"), Go accepts it", if ku.is_empty() { "empty".to_owned() } else { ku.join(", ") }),
                    "Reissue with keyUsage=critical,digitalSignature (add keyEncipherment for RSA if you like), or without keyUsage.").on(i));
            }
        }
        for ext in parsed.extensions().filter(|e| e.critical) {
            let oid = ext.oid.to_string();
            if !CRITICAL_OK.contains(&oid.as_str()) {
                self.push(Finding::new(Code::UnknownCriticalExtension, Severity::Error,
                    format!("the leaf has a critical extension the origin cannot process ({oid}); OpenSSL rejects it (\"unhandled critical extension\") and so does Go"),
                    "Reissue without that extension, or mark it non-critical.").on(i));
            }
        }
    }

    fn key_size(&mut self, i: usize, info: &CertificateInfo, is_leaf: bool) {
        let pk = &info.public_key;
        if matches!(pk.algorithm, "RSA" | "RSA-PSS" | "DSA") && pk.bits < 2048 {
            let which = if is_leaf { "leaf" } else { "CA" };
            self.push(Finding::new(Code::WeakKey, Severity::Error,
                format!("the {which} certificate {} has a {}-bit {} key; OpenSSL at its default security level rejects keys under 2048 bits (\"{} key too weak\")", info.subject, pk.bits, pk.algorithm, if is_leaf { "EE certificate" } else { "CA certificate" }),
                "Issue a new key and certificate with at least 2048 bits: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem").on(i));
        }
    }

    fn validity(&mut self, i: Option<usize>, role: Role, info: &CertificateInfo, parsed: &ParsedCert) {
        let (nb, na) = (parsed.not_before(), parsed.not_after());
        let now = self.opts.now;
        let which = match role {
            Role::Leaf => "the leaf certificate",
            Role::Intermediate => "the intermediate certificate",
            Role::TrustedIntermediate => "the origin's intermediate CA (in caCertificates)",
            Role::Anchor { trusted: true } => "the origin's CA (in caCertificates)",
            Role::Anchor { trusted: false } => "the root",
        };
        let anchor_note = match role {
            Role::Anchor { .. } | Role::TrustedIntermediate => {
                "; OpenSSL checks the dates of the origin's own CA certificates too, and so does Go"
            }
            _ => "",
        };
        let renew = match role {
            Role::Anchor { .. } | Role::TrustedIntermediate => {
                "Renew the CA certificate with the same name and key (a self-signed root: `openssl x509 -in ca.pem -signkey ca.key -days 3650 -out ca-renewed.pem`; an intermediate: have its issuer re-sign it) and give the origin the renewed certificate; the certificates it issued stay valid."
            }
            _ => "Issue a new certificate and rotate it in (originpull rotate replaces it with zero downtime).",
        };
        // OpenSSL's `X509_cmp_time` treats a certificate as valid while notBefore <= now <
        // notAfter (tests/data/path: root-expires-at-now, root-valid-from-now).
        let finding = if now >= na {
            let days = (now - na) / SECONDS_PER_DAY;
            Finding::new(Code::CertExpired, Severity::Error,
                format!("{which} {} expired on {} ({days} days before {}); the origin rejects the chain (\"certificate has expired\"){anchor_note}", info.subject, info.not_after, time::format_time(now)),
                renew)
        } else if now < nb {
            Finding::new(Code::CertNotYetValid, Severity::Error,
                format!("{which} {} is not valid until {} (now is {}); the origin rejects it until then (\"certificate is not yet valid\"){anchor_note}", info.subject, info.not_before, time::format_time(now)),
                "Check the issuing machine's clock, or wait until the certificate's notBefore before switching to it.")
        } else if na - now < i64::from(self.opts.expiry_warning_days) * SECONDS_PER_DAY {
            let left = (na - now) / SECONDS_PER_DAY;
            Finding::new(Code::CertExpiresSoon, Severity::Warning,
                format!("{which} {} expires on {} ({left} days left)", info.subject, info.not_after),
                match role {
                    Role::Anchor { .. } | Role::TrustedIntermediate => "Renew the CA certificate now and give the origin the renewed one before this one expires.",
                    _ => "Plan the replacement now: issue a new certificate and rotate it in before it expires.",
                })
        } else {
            return;
        };
        self.push(match i { Some(i) => finding.on(i), None => finding });
    }
}

/// Where a certificate sits on the path, for the validity findings.
#[derive(Clone, Copy)]
enum Role {
    Leaf,
    Intermediate,
    TrustedIntermediate,
    Anchor { trusted: bool },
}

/// Parse an ISO 8601 UTC time (`YYYY-MM-DDTHH:MM:SSZ`, optional fractional seconds) into Unix
/// seconds. `None` when it is not one.
pub fn parse_time(s: &str) -> Option<i64> {
    let s = s.strip_suffix('Z')?;
    let (date, time) = s.split_once('T')?;
    let time = time.split_once('.').map_or(time, |(t, _)| t);
    let mut d = date.split('-').map(|p| p.parse::<u16>().ok());
    let mut t = time.split(':').map(|p| p.parse::<u8>().ok());
    let (y, mo, da) = (d.next()??, d.next()??, d.next()??);
    let (h, mi, se) = (t.next()??, t.next()??, t.next()??);
    if !(1970..=9999).contains(&y) {
        return None;
    }
    time::unix_time(i64::from(y), u32::from(mo), u32::from(da), u32::from(h), u32::from(mi), u32::from(se))
}
