//! The rules RFC 5280 §6.1 puts on the CAs of a path, as OpenSSL 3.0's `X509_verify_cert`
//! enforces them for `-purpose sslclient` at security level 2 (what nginx, Apache and HAProxy
//! origins inherit), on every certificate of the path the origin would build, the trust
//! anchor included (issue 16). Measured against OpenSSL 3.0.19 by tests/data/path (one
//! detail changed per variant) and `tests/core/path.rs`.
//!
//! - `check_chain_extensions`: every issuer is a CA (`X509_check_ca`: keyUsage, when present,
//!   allows keyCertSign; basicConstraints CA:TRUE; a trust anchor may instead be a version 1
//!   self-signed certificate, or have no basicConstraints and a keyUsage with keyCertSign); no
//!   unknown critical extension; the purpose: an issuer's extendedKeyUsage, when present,
//!   includes clientAuth (anyExtendedKeyUsage does not count); pathLenConstraint, where
//!   self-issued intermediates do not count (RFC 5280 §6.1.4 (l)).
//! - `check_auth_level`: every issuer's key gives at least 112 bits of security, and every
//!   signature but the trust anchor's own uses a digest of at least 112 bits (SHA-1 and MD5
//!   fail; `chain.rs` reports the input's, this module the origin's trusted intermediates).
//! - `internal_verify`: the dates of every certificate, the trust anchor's included
//!   (`mod.rs` reports the upload's, this module the others).
//! - `check_name_constraints`: every CA's nameConstraints against every certificate below it,
//!   self-issued intermediates skipped ([`constraints`]).
//! - the verify depth: nginx and Apache verify at most `ssl_verify_depth` / `SSLVerifyDepth`
//!   (default 1) certificates between the leaf and the trust anchor.
//!
//! Hand-written product logic (checked: x509-cert 0.3 has the extension types but no path
//! validation; rustls-webpki validates paths but with its own rules, not OpenSSL's).

use super::constraints::{self, Violation};
use crate::check::findings::{Code, Finding, Severity};
use crate::x509::cert::{CertificateInfo, ParsedCert};
use crate::x509::name;

const CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";
const ANY_EKU: &str = "2.5.29.37.0";
/// keyUsage bit 5.
const KEY_CERT_SIGN: u16 = 1 << 5;

/// Extensions OpenSSL 3 understands when marked critical (`X509_supported_extension`); any
/// other critical extension makes OpenSSL, and Go, refuse the certificate.
pub const CRITICAL_OK: [&str; 13] = [
    "2.16.840.1.113730.1.1", // nsCertType
    "2.5.29.15",             // keyUsage
    "2.5.29.17",             // subjectAltName
    "2.5.29.19",             // basicConstraints
    "2.5.29.32",             // certificatePolicies
    "2.5.29.37",             // extKeyUsage
    "2.5.29.36",             // policyConstraints
    "1.3.6.1.5.5.7.1.14",    // proxyCertInfo
    "2.5.29.30",             // nameConstraints
    "2.5.29.33",             // policyMappings
    "2.5.29.54",             // inhibitAnyPolicy
    "1.3.6.1.5.5.7.1.7",     // sbgp-ipAddrBlock
    "1.3.6.1.5.5.7.1.8",     // sbgp-autonomousSysNum
];

/// nginx's and Apache's default verify depth (`ssl_verify_depth 1`, `SSLVerifyDepth 1`): the
/// number of certificates allowed between the leaf and the trust anchor.
pub const DEFAULT_VERIFY_DEPTH: usize = 1;

/// One certificate of the path, leaf first.
pub struct PathCert<'a> {
    pub cert: &'a ParsedCert,
    pub info: &'a CertificateInfo,
    /// Its index in the report's certificates, when it came from the upload.
    pub index: Option<usize>,
    /// From `caCertificates`.
    pub trusted: bool,
}

/// The path as the origin would build it.
pub struct Path<'a> {
    pub certs: Vec<PathCert<'a>>,
    /// The last certificate is the trust anchor (a trusted CA, or a self-signed root that ends
    /// the upload when no CA was given); otherwise the path stops short of its root.
    pub anchored: bool,
}

/// What `X509_check_ca` makes of a certificate.
enum CaKind {
    /// basicConstraints CA:TRUE (OpenSSL's 1): a CA anywhere.
    Ca,
    /// Only a trust anchor: a version 1 self-signed certificate (3), or no basicConstraints
    /// and a keyUsage with keyCertSign (4).
    AnchorOnly(&'static str),
    /// keyUsage present without keyCertSign.
    NoCertSign,
    /// basicConstraints CA:FALSE.
    NotCa,
    /// No basicConstraints, no keyUsage, not a version 1 self-signed certificate.
    NoBasicConstraints,
}

fn self_issued(c: &ParsedCert) -> bool {
    match (name::canonical_rdns(c.subject_raw()), name::canonical_rdns(c.issuer_raw())) {
        (Some(s), Some(i)) => s.len() == i.len() && s.iter().zip(&i).all(|(a, b)| name::same_rdn(a, b)),
        _ => c.subject_raw() == c.issuer_raw(),
    }
}

fn ca_kind(c: &ParsedCert) -> CaKind {
    if c.key_usage().is_some_and(|ku| ku & KEY_CERT_SIGN == 0) {
        return CaKind::NoCertSign;
    }
    match c.basic_constraints() {
        Some(b) if b.ca => CaKind::Ca,
        Some(_) => CaKind::NotCa,
        // OpenSSL's V1_ROOT: version 1 and self-signed (its name, key identifiers and key
        // type; the signature of a trust anchor is never checked).
        None if c.version() == 1 && self_issued(c) => CaKind::AnchorOnly("a version 1 self-signed certificate"),
        None if c.key_usage().is_some() => CaKind::AnchorOnly("a certificate without basicConstraints whose keyUsage allows keyCertSign"),
        None => CaKind::NoBasicConstraints,
    }
}

/// OpenSSL 3.0's security bits of a public key, at least 112 at security level 2: RSA by
/// `ossl_ifc_ffc_compute_security_bits` (1963 bits and up give 112, measured by
/// tests/data/path `root-rsa-2047`), DSA by `BN_security_bits` (2048), EC by half the order's
/// bits (P-224 and up).
fn key_too_weak(info: &CertificateInfo) -> bool {
    let pk = &info.public_key;
    match pk.algorithm {
        "RSA" | "RSA-PSS" => pk.bits < 1963,
        "DSA" => pk.bits < 2048,
        "EC" => pk.bits < 224,
        _ => false,
    }
}

struct Rules<'p, 'a> {
    path: &'p Path<'a>,
    findings: Vec<Finding>,
}

impl Rules<'_, '_> {
    fn is_anchor(&self, i: usize) -> bool {
        self.path.anchored && i + 1 == self.path.certs.len() && i > 0
    }

    /// "CN=x (serial 1f)".
    fn label(&self, i: usize) -> String {
        self.path.certs.get(i).map_or_else(String::new, |p| {
            let s = if p.info.subject.is_empty() { "(empty subject)" } else { &p.info.subject };
            format!("{s} (serial {})", p.info.serial_number_hex)
        })
    }

    /// How a certificate of the path is named in a finding.
    fn role(&self, i: usize) -> String {
        let Some(p) = self.path.certs.get(i) else { return String::new() };
        let label = self.label(i);
        match (i, p.trusted, self.is_anchor(i)) {
            (0, _, _) => format!("the leaf {label}"),
            (_, true, true) => format!("the origin's CA {label} (in caCertificates)"),
            (_, true, false) => format!("the origin's intermediate CA {label} (in caCertificates)"),
            (_, false, true) => format!("the root {label}"),
            (_, false, false) => format!("the intermediate {label}"),
        }
    }

    fn subject(&self, i: usize) -> String {
        self.path.certs.get(i).map(|p| p.info.subject.clone()).unwrap_or_default()
    }

    fn push(&mut self, i: usize, code: Code, severity: Severity, message: String, hint: String) {
        let mut message = message;
        if let Some(first) = message.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        let mut f = Finding::new(code, severity, message, hint);
        if let Some(index) = self.path.certs.get(i).and_then(|p| p.index) {
            f = f.on(index);
        }
        self.findings.push(f);
    }

    /// How to reissue a CA: the anchor means a new root the origin must trust.
    fn reissue(&self, i: usize, what: &str) -> String {
        let subject = self.subject(i);
        if self.is_anchor(i) {
            format!(
                "Re-create the CA {subject} with {what} (it may keep its key, so what it issued stays valid) and \
                 give the origin the new certificate (nginx `ssl_client_certificate`, Apache `SSLCACertificateFile`)."
            )
        } else {
            format!(
                "Have {} reissue the intermediate {subject} with {what} (same key, so the leaf stays valid), \
                 and upload the new intermediate with the leaf.",
                self.subject(i + 1)
            )
        }
    }

    fn is_ca(&mut self, i: usize) {
        let Some(p) = self.path.certs.get(i) else { return };
        let child = self.label(i.saturating_sub(1));
        let role = self.role(i);
        let anchor = self.is_anchor(i);
        match ca_kind(p.cert) {
            CaKind::Ca => {}
            CaKind::AnchorOnly(_) if anchor => {}
            CaKind::NoCertSign => {
                let ku = p.info.key_usage.as_ref().map(|k| if k.is_empty() { "empty".to_owned() } else { k.join(", ") }).unwrap_or_default();
                let msg = format!(
                    "{role} issues {child}, but its keyUsage ({ku}) does not include keyCertSign: it may not sign \
                     certificates. OpenSSL-based origins (nginx, Apache, HAProxy) refuse the chain (\"invalid CA \
                     certificate\"); Go refuses it too (\"parent certificate cannot sign this kind of certificate\")."
                );
                let hint = self.reissue(i, "keyUsage=critical,keyCertSign,cRLSign");
                self.push(i, Code::CaKeyUsageNoCertSign, Severity::Error, msg, hint);
            }
            kind => {
                let why = match kind {
                    CaKind::NotCa => "its basicConstraints says CA:FALSE".to_owned(),
                    CaKind::AnchorOnly(what) => format!(
                        "it is {what}, which OpenSSL accepts only as the trust anchor, not as an intermediate"
                    ),
                    _ if p.cert.version() == 1 => {
                        "it is a version 1 certificate (no basicConstraints), which OpenSSL accepts only as a \
                         self-signed trust anchor"
                            .to_owned()
                    }
                    _ => "it has neither basicConstraints nor keyUsage, so nothing says it is a CA".to_owned(),
                };
                let go = match kind {
                    CaKind::NotCa => "Go refuses it too",
                    _ if p.cert.version() == 1 => "Go accepts a version 1 CA",
                    _ => "Go refuses it too (a version 3 CA without basicConstraints)",
                };
                let msg = format!(
                    "{role} issues {child}, but {why}. OpenSSL-based origins (nginx, Apache, HAProxy) refuse the \
                     chain (\"invalid CA certificate\"); {go}."
                );
                let hint = self.reissue(i, "basicConstraints=critical,CA:TRUE and keyUsage=critical,keyCertSign,cRLSign");
                self.push(i, Code::IssuerNotCa, Severity::Error, msg, hint);
            }
        }
    }

    fn purpose(&mut self, i: usize) {
        let Some(p) = self.path.certs.get(i) else { return };
        let Some(ekus) = &p.info.extended_key_usage else { return };
        if ekus.iter().any(|e| e == CLIENT_AUTH) {
            return;
        }
        let any = ekus.iter().any(|e| e == ANY_EKU);
        let names: Vec<&str> = ekus.iter().map(|e| eku_name(e)).collect();
        let role = self.role(i);
        let go = if any {
            "Go accepts anyExtendedKeyUsage, but OpenSSL does not count it for client certificates"
        } else {
            "Go refuses it too (\"certificate specifies an incompatible key usage\")"
        };
        let msg = format!(
            "{role} has extendedKeyUsage {} without clientAuth, which restricts every certificate below it: \
             OpenSSL-based origins refuse the client chain (\"unsuitable certificate purpose\"); {go}.",
            names.join(", ")
        );
        let hint = self.reissue(i, "extendedKeyUsage=clientAuth (add serverAuth if it also issues server certificates), or without extendedKeyUsage");
        self.push(i, Code::CaEkuNoClientAuth, Severity::Error, msg, hint);
    }

    fn critical(&mut self, i: usize) {
        let Some(p) = self.path.certs.get(i) else { return };
        let unknown: Vec<String> = p
            .cert
            .extensions()
            .filter(|e| e.critical)
            .map(|e| e.oid.to_string())
            .filter(|o| !CRITICAL_OK.contains(&o.as_str()))
            .collect();
        if unknown.is_empty() {
            return;
        }
        let role = self.role(i);
        let msg = format!(
            "{role} has a critical extension the origin cannot process ({}); OpenSSL refuses the chain \
             (\"unhandled critical extension\") and so does Go.",
            unknown.join(", ")
        );
        let hint = self.reissue(i, "that extension left out or marked non-critical");
        self.push(i, Code::UnknownCriticalExtension, Severity::Error, msg, hint);
    }

    /// `check_chain_extensions`' path length: at certificate `i`, the non-self-issued
    /// intermediates below it (the leaf excluded) must not outnumber its pathLenConstraint.
    fn path_length(&mut self) {
        let mut below: Vec<usize> = Vec::new();
        for i in 1..self.path.certs.len() {
            let Some(p) = self.path.certs.get(i) else { continue };
            if let Some(limit) = p.cert.basic_constraints().filter(|b| b.ca).and_then(|b| b.path_len) {
                if u64::try_from(below.len()).unwrap_or(u64::MAX) > limit {
                    let names: Vec<String> = below.iter().map(|&b| self.label(b)).collect();
                    let self_issued_note = if below.len() + 1 < i {
                        " (self-issued intermediates below it do not count, as RFC 5280 says; Go counts them)"
                    } else {
                        ""
                    };
                    let msg = format!(
                        "{} allows {limit} intermediate CA{} below it (pathLenConstraint {limit}), but the path has {}: \
                         {}{self_issued_note}. OpenSSL-based origins refuse the chain (\"path length constraint \
                         exceeded\"), and so does Go.",
                        self.role(i),
                        if limit == 1 { "" } else { "s" },
                        below.len(),
                        names.join(", ")
                    );
                    let hint = self.reissue(i, &format!("pathlen:{} or no pathLenConstraint (basicConstraints=critical,CA:TRUE,pathlen:{})", below.len(), below.len()))
                        + " Or issue the leaf from a CA higher up.";
                    self.push(i, Code::PathLengthExceeded, Severity::Error, msg, hint);
                }
            }
            if !self_issued(p.cert) {
                below.push(i);
            }
        }
    }

    fn key_strength(&mut self, i: usize) {
        let Some(p) = self.path.certs.get(i) else { return };
        if !key_too_weak(p.info) {
            return;
        }
        let pk = &p.info.public_key;
        let what = match &pk.curve {
            Some(c) => format!("{} {c}", pk.algorithm),
            None => format!("{}-bit {}", pk.bits, pk.algorithm),
        };
        let msg = format!(
            "{} has a {what} key, under the 112 bits of security OpenSSL requires of every CA key at its default \
             security level (2): OpenSSL-based origins refuse the chain (\"CA certificate key too weak\"); Go \
             accepts it.",
            self.role(i)
        );
        let hint = format!(
            "Re-create the CA {} with an RSA-2048 (or larger) or ECDSA P-256 key and reissue the certificates \
             below it; the origin must then trust the new CA.",
            self.subject(i)
        );
        self.push(i, Code::WeakKey, Severity::Error, msg, hint);
    }

    /// A trusted intermediate's own signature (the upload's are `chain.rs`'s).
    fn trusted_digest(&mut self, i: usize) {
        let Some(p) = self.path.certs.get(i) else { return };
        if !p.trusted || self.is_anchor(i) {
            return;
        }
        let Some(digest) = crate::x509::verify::weak_digest(&p.cert.signature_algorithm()) else { return };
        let msg = format!(
            "{} is signed with {digest}; OpenSSL-based origins refuse every signature on the path but the trust \
             anchor's own made with SHA-1 or MD5 (\"CA signature digest algorithm too weak\").",
            self.role(i)
        );
        let hint = format!(
            "Have {} re-sign {} with SHA-256 (same key) and give the origin that certificate.",
            self.subject(i + 1),
            self.subject(i)
        );
        self.push(i, Code::WeakSignatureAlgorithm, Severity::Error, msg, hint);
    }

    fn name_constraints(&mut self) {
        let n = self.path.certs.len();
        for j in 1..n {
            let Some(ca) = self.path.certs.get(j) else { continue };
            let nc = match constraints::of(ca.cert) {
                None => continue,
                Some(Ok(nc)) => nc,
                Some(Err(e)) => {
                    let msg = format!(
                        "{} has a nameConstraints extension originpull cannot read ({e}); OpenSSL refuses a CA whose \
                         constraints it cannot read or evaluate.",
                        self.role(j)
                    );
                    let hint = self.reissue(j, "nameConstraints of dNSName, rfc822Name, iPAddress or directoryName subtrees");
                    self.push(j, Code::NameConstraintUnsupported, Severity::Error, msg, hint);
                    continue;
                }
            };
            for i in (0..j).rev() {
                let Some(c) = self.path.certs.get(i) else { continue };
                if i != 0 && self_issued(c.cert) {
                    continue;
                }
                let Err(v) = constraints::check(c.cert, i == 0, &nc) else { continue };
                let (who, ca_role) = (self.role(i), self.role(j));
                let (code, msg, hint) = match v {
                    Violation::NotPermitted { name, permitted } => {
                        let go = go_nc_note(&name);
                        (
                            Code::NameConstraintNotPermitted,
                            format!(
                                "The {name} of {who} is outside the name constraints of {ca_role}, which permit only {}: \
                                 OpenSSL-based origins refuse the chain (\"permitted subtree violation\"){go}.",
                                permitted.join(", ")
                            ),
                            format!(
                                "Issue the certificate with names inside the permitted subtrees ({}), or have the CA {} \
                                 reissued with constraints that permit it.",
                                permitted.join(", "),
                                self.subject(j)
                            ),
                        )
                    }
                    Violation::Excluded { name, excluded } => {
                        let go = go_nc_note(&name);
                        (
                            Code::NameConstraintExcluded,
                            format!(
                                "The {name} of {who} is inside the subtree {excluded} that {ca_role} excludes: \
                                 OpenSSL-based origins refuse the chain (\"excluded subtree violation\"){go}."
                            ),
                            format!("Issue the certificate without names under {excluded}."),
                        )
                    }
                    Violation::Unsupported { detail } => (
                        Code::NameConstraintUnsupported,
                        format!(
                            "OpenSSL cannot evaluate the name constraints of {ca_role} for {who}: {detail}. OpenSSL-based \
                             origins refuse the chain (\"unsupported name constraint type\", \"name constraints minimum \
                             and maximum not supported\" or \"unsupported or invalid name syntax\")."
                        ),
                        self.reissue(j, "nameConstraints of dNSName, rfc822Name, iPAddress or directoryName subtrees only, without minimum or maximum"),
                    ),
                };
                self.push(i, code, Severity::Error, msg, hint);
            }
        }
    }

    fn depth(&mut self) {
        let n = self.path.certs.len();
        let between = if self.path.anchored { n.saturating_sub(2) } else { n.saturating_sub(1) };
        if between <= DEFAULT_VERIFY_DEPTH {
            return;
        }
        let names: Vec<String> = (1..1 + between).map(|i| self.label(i)).collect();
        let anchor = if self.path.anchored {
            format!("the trust anchor {}", self.label(n - 1))
        } else {
            "the root".to_owned()
        };
        let msg = format!(
            "The path from the leaf to {anchor} has {between} intermediate CAs ({}); nginx and Apache verify at most \
             {DEFAULT_VERIFY_DEPTH} by default (`ssl_verify_depth 1`, `SSLVerifyDepth 1`) and refuse longer chains \
             (\"certificate chain too long\"; nginx answers 400 \"The SSL certificate error\"). Origins with a raised \
             depth, OpenSSL's own default (100) and Go accept it.",
            names.join(", ")
        );
        let hint = format!(
            "On nginx, raise ssl_verify_depth to {between} (`ssl_verify_depth {between};` next to ssl_verify_client); \
             on Apache, `SSLVerifyDepth {between}`. Or issue the leaf from a CA nearer the root."
        );
        let leaf = 0;
        self.push(leaf, Code::VerifyDepthExceeded, Severity::Warning, msg, hint);
    }
}

fn go_nc_note(name: &str) -> &'static str {
    if name.contains("(the subject CN") {
        "; Go does not check the CN and accepts it"
    } else if name.starts_with("directoryName") {
        "; Go does not evaluate directoryName constraints (it refuses a certificate whose critical nameConstraints \
         holds one: \"unhandled critical extension\")"
    } else {
        ", and so does Go"
    }
}

fn eku_name(oid: &str) -> &str {
    match oid {
        "1.3.6.1.5.5.7.3.1" => "serverAuth",
        "1.3.6.1.5.5.7.3.2" => "clientAuth",
        "1.3.6.1.5.5.7.3.3" => "codeSigning",
        "1.3.6.1.5.5.7.3.4" => "emailProtection",
        "1.3.6.1.5.5.7.3.8" => "timeStamping",
        "1.3.6.1.5.5.7.3.9" => "OCSPSigning",
        "2.5.29.37.0" => "anyExtendedKeyUsage",
        other => other,
    }
}

/// Every rule above, on the path; findings in path order, leaf first.
pub fn check(path: &Path<'_>) -> Vec<Finding> {
    let mut r = Rules { path, findings: Vec::new() };
    for i in 1..path.certs.len() {
        r.critical(i);
        r.is_ca(i);
        r.purpose(i);
        r.key_strength(i);
        r.trusted_digest(i);
    }
    r.path_length();
    r.name_constraints();
    r.depth();
    r.findings
}
