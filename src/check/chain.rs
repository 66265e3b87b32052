//! Chain analysis for an upload: which certificate is the leaf, the path from it to its root
//! (issuer name, key identifiers and signature all checked), the order to upload it in, and
//! whether it reaches the CAs the origin trusts.
//!
//! The rules follow OpenSSL 3.0's `X509_verify_cert` at the default security level, because
//! nginx, Apache and HAProxy origins judge client certificates with it (see ORIGINS.md):
//! a chain verifies when it ends at a self-signed certificate the origin trusts; the trust
//! anchor's own signature is never checked; every other signature in the chain must not use
//! MD5 or SHA-1 ("CA signature digest algorithm too weak").
//!
//! A link whose signature originpull cannot check (Ed448, DSA, other curves, PSS with an MGF1
//! hash other than its message hash) never passes silently: it is a `CHAIN_SIGNATURE_UNCHECKED`
//! warning, and when the path to the origin's CAs rests on it, a `CA_VERIFY_FAILED` error
//! (issue 11): originpull cannot promise the origin accepts what it could not check.
//!
//! Expiry, key usage, EKU, key size and key matching are judged elsewhere.

use crate::x509::cert::ParsedCert;
use crate::check::findings::{Code, Finding, Severity};
use crate::x509::verify::{self, VerifyError};
use crate::hex;
use std::cell::{OnceCell, RefCell};

/// ecdsa-with-SHA3-224/256/384/512 (NIST CSOR 2.16.840.1.101.3.4.3.9 to .12).
const ECDSA_SHA3: [&str; 4] =
    ["2.16.840.1.101.3.4.3.9", "2.16.840.1.101.3.4.3.10", "2.16.840.1.101.3.4.3.11", "2.16.840.1.101.3.4.3.12"];

/// The result of [`analyze`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainAnalysis {
    /// Index of the leaf (end-entity) certificate in the input; `None` for an empty input.
    pub leaf: Option<usize>,
    /// `CHAIN_ORDER`, `CHAIN_BROKEN`, `CHAIN_INCLUDES_ROOT`, `CHAIN_DUPLICATE`,
    /// `CHAIN_SIGNATURE_UNCHECKED`, `CA_VERIFY_FAILED`, `WEAK_SIGNATURE_ALGORITHM`; errors first.
    pub findings: Vec<Finding>,
    /// Indices of the certificates to upload: the leaf, then its issuers in order, without a
    /// self-signed root (unless the leaf itself is self-signed), duplicates or unrelated ones.
    pub payload: Vec<usize>,
    /// The path OpenSSL would verify, leaf first: the upload's certificates, then the
    /// origin's CAs it reaches through (when `trusted` was given and reached); else the
    /// upload's path alone.
    pub path: Vec<Node>,
    /// The last certificate of `path` is its trust anchor (a trusted CA, or a self-signed
    /// root); otherwise the path stops short of its root.
    pub anchored: bool,
}

/// A certificate of the verified path: an index into the upload's certificates or into the
/// origin's CAs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Node {
    Input(usize),
    Trusted(usize),
}

/// How a certificate relates to a candidate issuer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    /// Names and key identifiers agree and the signature verifies with the issuer's key.
    Verified,
    /// Names and key identifiers agree; the signature uses an algorithm or key this crate does
    /// not verify (Ed448, DSA, other curves), so it was not checked. Enough to build the path
    /// and find its root; never enough to reach the origin's CAs (see [`analyze`]).
    Unchecked(VerifyError),
    /// Names and key identifiers agree but the signature does not verify with this key.
    BadSignature(VerifyError),
    /// The issuer name matches, but the authority key identifier names another key.
    KeyIdMismatch {
        authority_key_id: String,
        subject_key_id: String,
    },
    /// The certificate's issuer name is not the candidate's subject name.
    NameMismatch,
}

impl Link {
    /// Verified, or plausibly linked where the signature cannot be checked here.
    pub fn is_linked(&self) -> bool {
        matches!(self, Link::Verified | Link::Unchecked(_))
    }
}

/// What the analysis needs to know of one certificate, computed once.
struct Facts<'a> {
    /// RFC 4514 subject, as shown to people.
    subject: String,
    issuer: String,
    /// Lower-cased RFC 4514 forms, for matching (string types and case do not matter, as in
    /// OpenSSL's canonical name comparison).
    subject_key: String,
    issuer_key: String,
    serial: String,
    ski: Option<&'a [u8]>,
    aki: Option<&'a [u8]>,
    ca: bool,
    spki_der: &'a [u8],
}

impl<'a> Facts<'a> {
    fn of(parsed: &'a ParsedCert) -> Self {
        let (subject, issuer) = (parsed.subject().to_owned(), parsed.issuer().to_owned());
        Facts {
            subject_key: subject.to_ascii_lowercase(),
            issuer_key: issuer.to_ascii_lowercase(),
            subject,
            issuer,
            serial: hex::minimal(parsed.serial()),
            ski: parsed.subject_key_id(),
            aki: parsed.authority_key_id(),
            ca: parsed.is_ca(),
            spki_der: parsed.spki_raw(),
        }
    }

    /// "CN=x (serial 1f)": how findings name a certificate.
    fn label(&self) -> String {
        format!("{} (serial {})", display_name(&self.subject), self.serial)
    }
}

fn display_name(name: &str) -> &str {
    if name.is_empty() {
        "(empty subject)"
    } else {
        name
    }
}

/// Names and key identifiers only (RFC 5280 §4.1.2.4 and §4.2.1.1): no signature check.
fn name_link(child: &Facts, issuer: &Facts) -> Link {
    if child.issuer_key != issuer.subject_key {
        return Link::NameMismatch;
    }
    match (child.aki, issuer.ski) {
        (Some(aki), Some(ski)) if aki != ski => Link::KeyIdMismatch {
            authority_key_id: hex::encode(aki),
            subject_key_id: hex::encode(ski),
        },
        _ => Link::Verified,
    }
}

fn full_link(child: &ParsedCert, child_facts: &Facts, issuer: &ParsedCert, issuer_facts: &Facts) -> Link {
    match name_link(child_facts, issuer_facts) {
        Link::Verified => {}
        other => return other,
    }
    match child.check_signed_by(issuer) {
        Ok(()) => Link::Verified,
        Err(e @ (VerifyError::UnsupportedAlgorithm { .. } | VerifyError::UnsupportedKey { .. })) => Link::Unchecked(e),
        Err(e) => Link::BadSignature(e),
    }
}

#[cfg(test)]
/// How `subject` relates to `issuer`: names, key identifiers, then the signature.
pub fn link(subject: &ParsedCert, issuer: &ParsedCert) -> Link {
    full_link(subject, &Facts::of(subject), issuer, &Facts::of(issuer))
}

#[cfg(test)]
/// Whether `issuer` issued `subject`: the names and key identifiers match and `subject`'s
/// signature verifies with `issuer`'s key.
pub fn issues(issuer: &ParsedCert, subject: &ParsedCert) -> bool {
    link(subject, issuer) == Link::Verified
}

#[cfg(test)]
/// Self-issued with a signature that verifies (or cannot be checked here) with its own key.
pub fn is_self_signed(cert: &ParsedCert) -> bool {
    link(cert, cert).is_linked()
}

/// Longest chain followed; OpenSSL's default depth is 100, real chains have 2 to 4.
const MAX_CHAIN: usize = 32;
/// Same-named candidates whose signatures are tried for one issuer.
const MAX_CANDIDATES: usize = 8;

fn ordinal(i: usize) -> String {
    let n = i.saturating_add(1);
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A link on the path: `child` is issued by `parent` (input indices).
struct Step {
    child: usize,
    parent: usize,
    link: Link,
}

/// The analysis state for one input.
struct Analysis<'a> {
    certs: &'a [ParsedCert],
    facts: Vec<Facts<'a>>,
    trusted: &'a [ParsedCert],
    trusted_facts: Vec<Facts<'a>>,
    /// Verification time: at each step OpenSSL prefers an issuer valid now.
    now: Option<i64>,
    /// Some step of the path had more than one candidate issuer.
    choice: std::cell::Cell<bool>,
    /// The path to the origin's CAs that rests on a signature originpull could not check
    /// (reported as `CA_VERIFY_FAILED`; the rules of the path still apply to it).
    unchecked_path: std::cell::RefCell<Option<Vec<Node>>>,
    /// Memo of [`Analysis::self_signed`] (a signature check each).
    self_signed: Vec<OnceCell<bool>>,
    /// Memo of every link whose names match (a signature check each), by (child, parent) in
    /// [`Analysis::node`] numbering: each pair is verified at most once, so the checks are
    /// bounded by [`verifications_bound`].
    links: RefCell<Vec<((usize, usize), Link)>>,
    findings: Vec<Finding>,
}

/// Why the chain does not reach a trusted CA.
enum TrustFailure {
    /// A signature on the path does not verify (CHAIN_BROKEN says which).
    Broken { child: usize, parent: usize },
    /// The chain ends at a self-signed certificate the origin does not trust.
    UntrustedRoot { top: usize },
    /// The issuer of the last certificate is neither in the input nor trusted.
    MissingIssuer { top: usize, same_name: Option<usize> },
    /// The chain reaches a trusted CA certificate that is not self-signed, and its issuer is
    /// not trusted: OpenSSL needs a self-signed trust anchor.
    NotSelfSignedAnchor { from: usize, anchor: usize },
    /// The only way from `from` to the trusted CAs passes a signature originpull could not
    /// check.
    Unchecked { from: usize, link: UncheckedLink },
}

/// A link on the way to the trusted CAs whose signature could not be checked.
#[derive(Clone)]
struct UncheckedLink {
    /// "CN=x (serial 1f)" of the signed certificate and of its issuer.
    child: String,
    parent: String,
    /// Why it was not checked.
    why: String,
}

/// What an unchecked link's reason reads like in a message.
fn unchecked_reason(e: &VerifyError) -> String {
    match e {
        VerifyError::UnsupportedAlgorithm { oid } => format!(
            "it uses {} ({oid}), which originpull does not verify",
            crate::x509::cert::signature_name(oid)
        ),
        other => other.to_string(),
    }
}

/// Outcome of following issuers through the trusted CAs from one certificate.
enum Walk {
    /// Reached a trusted self-issued CA through these trusted certificates (none when the
    /// certificate itself is trusted); `Some` when the way there rests on a signature that
    /// could not be checked (the first such link).
    Anchored(Option<UncheckedLink>, Vec<usize>),
    /// Stopped at this trusted certificate (not self-signed, issuer not trusted).
    StoppedAt(usize),
    NoIssuer,
}

impl<'a> Analysis<'a> {
    fn label(&self, i: usize) -> String {
        self.facts.get(i).map(Facts::label).unwrap_or_default()
    }

    fn subject(&self, i: usize) -> &str {
        self.facts.get(i).map_or("", |f| display_name(&f.subject))
    }

    fn issuer(&self, i: usize) -> &str {
        self.facts.get(i).map_or("", |f| display_name(&f.issuer))
    }

    fn link(&self, child: usize, parent: usize) -> Link {
        self.memo_link(child, parent)
    }

    /// Input certificate `i` is node `i`, trusted certificate `t` node `certs.len() + t`.
    fn node(&self, n: usize) -> Option<(&ParsedCert, &Facts<'a>)> {
        match n.checked_sub(self.certs.len()) {
            None => Some((self.certs.get(n)?, self.facts.get(n)?)),
            Some(t) => Some((self.trusted.get(t)?, self.trusted_facts.get(t)?)),
        }
    }

    /// Valid at `now` as OpenSSL judges it (`notBefore <= now < notAfter`); always, without
    /// a time.
    fn valid_now(&self, c: &ParsedCert) -> bool {
        self.now.is_none_or(|now| c.not_before() <= now && now < c.not_after())
    }

    /// [`full_link`] between two nodes, verified once per pair.
    fn memo_link(&self, child: usize, parent: usize) -> Link {
        let (Some((c, cf)), Some((p, pf))) = (self.node(child), self.node(parent)) else {
            return Link::NameMismatch;
        };
        if name_link(cf, pf) != Link::Verified {
            return full_link(c, cf, p, pf);
        }
        // Sorted by pair, found by binary search (a BTreeMap measured 1.4 KB more gzipped wasm).
        let at = match self.links.borrow().binary_search_by_key(&(child, parent), |e| e.0) {
            Ok(i) => return self.links.borrow().get(i).map_or(Link::NameMismatch, |e| e.1.clone()),
            Err(i) => i,
        };
        let l = full_link(c, cf, p, pf);
        self.links.borrow_mut().insert(at, ((child, parent), l.clone()));
        l
    }

    /// Self-issued and its own key verifies it (or cannot be checked).
    fn self_signed(&self, i: usize) -> bool {
        match self.self_signed.get(i) {
            Some(memo) => *memo.get_or_init(|| self.link(i, i).is_linked()),
            None => false,
        }
    }

    /// Index of the first earlier certificate with the same DER, per certificate.
    fn duplicates(&self) -> Vec<Option<usize>> {
        self.certs
            .iter()
            .enumerate()
            .map(|(i, c)| self.certs.iter().take(i).position(|e| e.der() == c.der()))
            .collect()
    }

    /// The leaf: the certificate that issues no other one in the input (by name and key
    /// identifier), preferring one that is not a CA, then the earliest.
    fn find_leaf(&self, dup: &[Option<usize>]) -> Option<usize> {
        let live: Vec<usize> = (0..self.certs.len())
            .filter(|&i| dup.get(i).is_some_and(Option::is_none))
            .collect();
        let issues_another = |i: usize| {
            live.iter().any(|&j| {
                j != i
                    && matches!((self.facts.get(j), self.facts.get(i)), (Some(c), Some(p)) if name_link(c, p) == Link::Verified)
            })
        };
        let candidates: Vec<usize> = live.iter().copied().filter(|&i| !issues_another(i)).collect();
        let not_ca = |i: &usize| self.facts.get(*i).is_some_and(|f| !f.ca);
        candidates
            .iter()
            .copied()
            .find(not_ca)
            .or_else(|| candidates.first().copied())
            .or_else(|| live.iter().copied().find(not_ca))
            .or_else(|| live.first().copied())
    }

    /// Follow issuers from the leaf through the input: names and key identifiers first, then
    /// the signature; a candidate whose signature verifies wins over one whose does not.
    fn build_path(&self, leaf: usize, dup: &[Option<usize>]) -> (Vec<usize>, Vec<Step>) {
        let mut path = vec![leaf];
        let mut steps = Vec::new();
        let mut on_path = vec![false; self.certs.len()];
        if let Some(slot) = on_path.get_mut(leaf) {
            *slot = true;
        }
        while let Some(&cur) = path.last() {
            if path.len() >= MAX_CHAIN || self.self_signed(cur) {
                break;
            }
            // OpenSSL's `find_issuer` takes the first candidate (name and key identifier) valid
            // now, else the one that expires last; here a candidate whose signature verifies
            // comes first (see tests/data/path/README.md, deliberate differences).
            let candidates: Vec<usize> = (0..self.certs.len())
                .filter(|&j| !on_path.get(j).copied().unwrap_or(true) && dup.get(j).is_some_and(Option::is_none))
                .filter(|&j| {
                    matches!((self.facts.get(cur), self.facts.get(j)), (Some(c), Some(p)) if name_link(c, p) == Link::Verified)
                })
                .take(MAX_CANDIDATES)
                .collect();
            let rank = |l: &Link| match l {
                Link::Verified => 0u8,
                Link::Unchecked(_) => 1,
                _ => 2,
            };
            let ranked = candidates.into_iter().map(|j| {
                let l = self.link(cur, j);
                let cert = self.certs.get(j);
                let valid = cert.is_some_and(|c| self.valid_now(c));
                let expiry = cert.map_or(i64::MIN, ParsedCert::not_after);
                let key = (rank(&l), !valid, if valid { 0 } else { i64::MAX - expiry.max(i64::MIN + 1) });
                (key, j, l)
            });
            let ranked: Vec<_> = ranked.collect();
            // A cross-signed CA (linked candidates issued by different CAs) makes the path a
            // choice worth reporting; a re-issue of the same CA is CHAIN_DUPLICATE's.
            let issuers: Vec<&str> = ranked
                .iter()
                .filter(|(_, _, l)| l.is_linked())
                .filter_map(|(_, j, _)| self.facts.get(*j).map(|f| f.issuer_key.as_str()))
                .collect();
            if issuers.iter().any(|i| Some(i) != issuers.first()) {
                self.choice.set(true);
            }
            let Some((_, parent, l)) = ranked.into_iter().min_by_key(|(key, j, _)| (*key, *j)) else { break };
            if let Some(slot) = on_path.get_mut(parent) {
                *slot = true;
            }
            path.push(parent);
            steps.push(Step {
                child: cur,
                parent,
                link: l,
            });
        }
        (path, steps)
    }

    /// Node `child` (input or trusted) to trusted certificate `t`.
    fn trusted_link(&self, child: usize, t: usize) -> Link {
        self.memo_link(child, self.certs.len().saturating_add(t))
    }

    /// Self-issued as OpenSSL's trust anchors are judged: names and key identifiers only
    /// (a trust anchor's own signature is never checked).
    fn trusted_self_issued(&self, t: usize) -> bool {
        self.trusted_facts
            .get(t)
            .is_some_and(|f| name_link(f, f) == Link::Verified)
    }

    /// Follow issuers through the trusted CAs, starting at an input certificate. At every step
    /// a trusted issuer whose signature verifies is preferred to one that cannot be checked.
    fn walk_trusted(&self, start: usize) -> Walk {
        let (Some(cert), Some(facts)) = (self.certs.get(start), self.facts.get(start)) else {
            return Walk::NoIssuer;
        };
        // The certificate itself is trusted and self-issued (a trusted root sent along, or a
        // self-signed leaf the origin trusts directly).
        let same = |t: usize| {
            self.trusted.get(t).is_some_and(|tc| tc.der() == cert.der())
                || self
                    .trusted_facts
                    .get(t)
                    .is_some_and(|tf| tf.subject_key == facts.subject_key && tf.spki_der == facts.spki_der)
        };
        if name_link(facts, facts) == Link::Verified && (0..self.trusted.len()).any(same) {
            return Walk::Anchored(None, Vec::new());
        }
        let mut visited = vec![false; self.trusted.len()];
        let mut current: Option<usize> = None;
        let mut unchecked: Option<UncheckedLink> = None;
        let mut walked: Vec<usize> = Vec::new();
        for _ in 0..=self.trusted.len() {
            let link_to = |t: usize| match current {
                None => self.trusted_link(start, t),
                Some(c) => self.trusted_link(self.certs.len().saturating_add(c), t),
            };
            // OpenSSL's `X509_STORE_CTX_get1_issuer`: the first trusted issuer valid now, else
            // the last one that matches; one whose signature verifies before one that cannot
            // be checked.
            let mut next: Option<(usize, Link)> = None;
            let mut next_valid = false;
            let mut matches = 0usize;
            for t in (0..self.trusted.len()).filter(|&t| !visited.get(t).copied().unwrap_or(true)) {
                let l = link_to(t);
                if !l.is_linked() {
                    continue;
                }
                matches += 1;
                let valid = self.trusted.get(t).is_some_and(|c| self.valid_now(c));
                let better = match &next {
                    None => true,
                    Some((_, Link::Unchecked(_))) if l == Link::Verified => true,
                    Some((_, cur)) if (*cur == Link::Verified) != (l == Link::Verified) => false,
                    Some(_) => !next_valid,
                };
                if better {
                    next = Some((t, l));
                    next_valid = valid;
                }
            }
            if matches > 1 {
                self.choice.set(true);
            }
            let Some((t, link)) = next else {
                return current.map_or(Walk::NoIssuer, Walk::StoppedAt);
            };
            if let (Link::Unchecked(e), None) = (&link, &unchecked) {
                let child = match current {
                    None => facts.label(),
                    Some(c) => self.trusted_facts.get(c).map(Facts::label).unwrap_or_default(),
                };
                let parent = self.trusted_facts.get(t).map(Facts::label).unwrap_or_default();
                unchecked = Some(UncheckedLink { child, parent, why: unchecked_reason(e) });
            }
            if let Some(v) = visited.get_mut(t) {
                *v = true;
            }
            walked.push(t);
            if self.trusted_self_issued(t) {
                return Walk::Anchored(unchecked, walked);
            }
            current = Some(t);
        }
        current.map_or(Walk::NoIssuer, Walk::StoppedAt)
    }

    /// Whether the path reaches a trusted CA, as OpenSSL builds chains ("trusted first": at
    /// every certificate the origin's CAs are searched before the rest of the input).
    /// A path that reaches them only through a signature that could not be checked does not
    /// count: the first such link is the failure (issue 11, defect 2).
    fn trust(&self, path: &[usize], steps: &[Step]) -> Result<Vec<Node>, TrustFailure> {
        let from = path.first().copied().unwrap_or(0);
        let mut stopped_at = None;
        // The first unchecked link on the input path so far, and the first way to the trusted
        // CAs found that rests on an unchecked link.
        let mut unchecked_step: Option<UncheckedLink> = None;
        let mut unchecked_anchor: Option<UncheckedLink> = None;
        for (k, &c) in path.iter().enumerate() {
            match self.walk_trusted(c) {
                Walk::Anchored(None, walked) => {
                    return match unchecked_step {
                        None => Ok(path
                            .iter()
                            .take(k + 1)
                            .map(|&i| Node::Input(i))
                            .chain(walked.into_iter().map(Node::Trusted))
                            .collect()),
                        Some(link) => Err(TrustFailure::Unchecked { from, link }),
                    }
                }
                Walk::Anchored(Some(link), walked) => {
                    if unchecked_anchor.is_none() {
                        let nodes = path.iter().take(k + 1).map(|&i| Node::Input(i)).chain(walked.into_iter().map(Node::Trusted));
                        self.unchecked_path.replace(Some(nodes.collect()));
                    }
                    unchecked_anchor = unchecked_anchor.or_else(|| Some(unchecked_step.clone().unwrap_or(link)));
                }
                Walk::StoppedAt(t) => stopped_at = stopped_at.or(Some((c, t))),
                Walk::NoIssuer => {}
            }
            if let Some(step) = steps.get(k) {
                match &step.link {
                    Link::Verified => {}
                    Link::Unchecked(e) => {
                        unchecked_step = unchecked_step.or_else(|| {
                            Some(UncheckedLink {
                                child: self.label(step.child),
                                parent: self.label(step.parent),
                                why: unchecked_reason(e),
                            })
                        });
                    }
                    _ => {
                        return Err(match unchecked_anchor {
                            Some(link) => TrustFailure::Unchecked { from, link },
                            None => TrustFailure::Broken {
                                child: step.child,
                                parent: step.parent,
                            },
                        })
                    }
                }
            }
        }
        if let Some(link) = unchecked_anchor {
            return Err(TrustFailure::Unchecked { from, link });
        }
        let top = path.last().copied().unwrap_or(0);
        if let Some((from, anchor)) = stopped_at {
            return Err(TrustFailure::NotSelfSignedAnchor { from, anchor });
        }
        if self.self_signed(top) {
            return Err(TrustFailure::UntrustedRoot { top });
        }
        let same_name = self
            .facts
            .get(top)
            .and_then(|f| self.trusted_facts.iter().position(|t| t.subject_key == f.issuer_key));
        Err(TrustFailure::MissingIssuer { top, same_name })
    }

    /// Whether input certificate `child` links to trusted certificate `t` by name and key
    /// identifier while its signature fails with that key.
    fn trusted_bad_signature(&self, child: usize, t: usize) -> bool {
        child < self.certs.len() && matches!(self.trusted_link(child, t), Link::BadSignature(_))
    }

    fn trusted_subjects(&self) -> String {
        let names: Vec<&str> = self.trusted_facts.iter().map(|f| display_name(&f.subject)).collect();
        let shown: Vec<&str> = names.iter().copied().take(5).collect();
        let mut s = shown.join("; ");
        if names.len() > shown.len() {
            s.push_str(&format!("; and {} more", names.len() - shown.len()));
        }
        s
    }

    fn push(&mut self, f: Finding) {
        self.findings.push(f);
    }

    fn node_label(&self, n: Node) -> String {
        match n {
            Node::Input(i) => self.label(i),
            Node::Trusted(t) => self.trusted_facts.get(t).map(Facts::label).unwrap_or_default() + " (in caCertificates)",
        }
    }

    /// Where OpenSSL had a choice of issuers (a cross-signed or re-issued CA, several CAs of
    /// one name), the path it takes.
    fn report_path(&mut self, path: &[Node]) {
        let names: Vec<String> = path.iter().map(|&n| self.node_label(n)).collect();
        let msg = format!(
            "Several certificates could issue one of the chain; OpenSSL-based origins take, at each step, the \
             origin's CAs before the uploaded ones and the first certificate valid now, so they verify this path: {}.",
            names.join(" -> ")
        );
        self.push(Finding::new(
            Code::ChainPath,
            Severity::Info,
            msg,
            "Nothing to do if that is the path you meant; otherwise leave out the certificates it should not use.",
        ));
    }

    /// After a failure to reach the origin's CAs: an uploaded certificate off the path that
    /// would have reached them (a cross-signed intermediate sent after the other copy).
    fn report_alternative(&mut self, path: &[usize], dup: &[Option<usize>]) {
        for u in 0..self.certs.len() {
            if path.contains(&u) || dup.get(u).is_some_and(Option::is_some) {
                continue;
            }
            if !matches!(self.walk_trusted(u), Walk::Anchored(None, _)) {
                continue;
            }
            let Some(k) = (1..path.len()).find(|&k| {
                path.get(k - 1).is_some_and(|&c| self.link(c, u) == Link::Verified)
            }) else {
                continue;
            };
            let (Some(&child), Some(&used)) = (path.get(k - 1), path.get(k)) else { continue };
            let msg = format!(
                "The upload also holds {}, another issuer of {} that leads to a CA the origin trusts; OpenSSL-based \
                 origins take the first matching certificate ({}) and do not try the others, so they refuse the chain. \
                 Go origins try every path and accept it.",
                self.label(u),
                self.label(child),
                self.label(used)
            );
            let hint = format!(
                "Upload {} right after the certificate it issued and leave {} out.",
                self.label(u),
                self.label(used)
            );
            self.push(Finding::new(Code::CaVerifyFailed, Severity::Error, msg, hint).on(used));
            return;
        }
    }

    fn report_order(&mut self, path: &[usize]) {
        let Some(&leaf) = path.first() else { return };
        if leaf != 0 {
            let msg = format!(
                "The leaf certificate {} is the {} certificate in the input, not the first.",
                self.label(leaf),
                ordinal(leaf)
            );
            self.push(
                Finding::new(
                    Code::ChainOrder,
                    Severity::Error,
                    msg,
                    "Put the leaf (client) certificate first, followed by its intermediates, issuer after \
                     subject: `cat leaf.pem intermediate.pem > bundle.pem`. The payload below is already in \
                     that order.",
                )
                .on(leaf),
            );
            return;
        }
        if let Some([a, b]) = path.windows(2).find(|w| matches!(w, [a, b] if b < a)) {
            let msg = format!(
                "The certificates are out of order: {} (the {} certificate) issues {} (the {}), so it must \
                 come after it.",
                self.label(*b),
                ordinal(*b),
                self.label(*a),
                ordinal(*a)
            );
            self.push(
                Finding::new(
                    Code::ChainOrder,
                    Severity::Error,
                    msg,
                    "List the leaf first, then each issuer after the certificate it issued: \
                     `cat leaf.pem intermediate.pem > bundle.pem`. The payload below is already in that order.",
                )
                .on(*b),
            );
        }
    }

    fn report_steps(&mut self, steps: &[Step]) {
        for step in steps {
            match &step.link {
                Link::BadSignature(e) => {
                    let detail = match e {
                        VerifyError::BadSignature => String::new(),
                        other => format!(" ({other})"),
                    };
                    let msg = format!(
                        "{} names {} as its issuer, but its signature does not verify with that certificate's key{}.",
                        self.label(step.child),
                        self.label(step.parent),
                        detail
                    );
                    let hint = format!(
                        "One of the two was altered or belongs to another CA that reuses the name {}. Get the \
                         certificates again from the issuing CA; check with \
                         `openssl verify -partial_chain -CAfile issuer.pem cert.pem`.",
                        self.subject(step.parent)
                    );
                    self.push(Finding::new(Code::ChainBroken, Severity::Error, msg, hint).on(step.child));
                }
                Link::Unchecked(e) => {
                    let msg = format!(
                        "The signature on {} by {} was not checked: {}. The link rests on the names and key \
                         identifiers only, so originpull cannot tell a forged or altered certificate from a \
                         genuine one here.",
                        self.label(step.child),
                        self.label(step.parent),
                        unchecked_reason(e)
                    );
                    self.push(
                        Finding::new(
                            Code::ChainSignatureUnchecked,
                            Severity::Warning,
                            msg,
                            "Check it with `openssl verify -partial_chain -CAfile issuer.pem cert.pem`. Certificates \
                             signed with RSA, ECDSA (P-256, P-384, P-521) or Ed25519 are verified by originpull.",
                        )
                        .on(step.child),
                    );
                }
                _ => {}
            }
        }
    }

    /// Why certificate `u` (not on the path) is not used, relative to the path: `Ok(p)` when
    /// it is another issuer of the path certificate `p` (same name and key as the one used),
    /// `Err(reason)` when it does not belong.
    fn unrelated_reason(&self, u: usize, path: &[usize]) -> Result<usize, String> {
        let top = path.last().copied().unwrap_or(0);
        for &p in path {
            match self.link(p, u) {
                Link::NameMismatch => continue,
                Link::KeyIdMismatch {
                    authority_key_id,
                    subject_key_id,
                } => {
                    return Err(format!(
                        "its subject matches the issuer of {}, but its key identifier {subject_key_id} is not that \
                         certificate's authority key identifier {authority_key_id}",
                        self.label(p)
                    ))
                }
                Link::BadSignature(_) => {
                    return Err(format!(
                        "its subject matches the issuer of {}, but that certificate's signature does not verify \
                         with its key (a different key under the same name)",
                        self.label(p)
                    ))
                }
                // It would link, but another certificate already fills that place on the path.
                Link::Verified | Link::Unchecked(_) => return Ok(p),
            }
        }
        Err(if self.self_signed(top) {
            format!(
                "it does not issue {} or any other certificate in the chain, which already ends at that self-signed \
                 root",
                self.label(top)
            )
        } else {
            format!(
                "it does not issue {} (whose issuer is {}) or any other certificate in the chain",
                self.label(top),
                self.issuer(top)
            )
        })
    }

    fn report_unrelated(&mut self, path: &[usize], steps: &[Step], dup: &[Option<usize>]) {
        let leaf = path.first().copied().unwrap_or(0);
        let top = path.last().copied().unwrap_or(0);
        for u in 0..self.certs.len() {
            if path.contains(&u) {
                continue;
            }
            if let Some(Some(first)) = dup.get(u) {
                let msg = format!(
                    "The {} certificate, {}, is a copy of the {}; the copy is left out of the payload.",
                    ordinal(u),
                    self.label(u),
                    ordinal(*first)
                );
                let hint = "Remove the repeated certificate from the bundle.";
                self.push(Finding::new(Code::ChainDuplicate, Severity::Info, msg, hint).on(u));
                continue;
            }
            match self.unrelated_reason(u, path) {
                Ok(p) => {
                    // A second certificate of the same CA (re-issued or cross-signed): harmless.
                    let used = steps.iter().find(|s| s.child == p).map(|s| s.parent).unwrap_or(p);
                    let msg = format!(
                        "The {} certificate, {}, is another certificate for the CA that issued {}; the chain \
                         already uses {} for it, so this one is left out of the payload.",
                        ordinal(u),
                        self.label(u),
                        self.label(p),
                        self.label(used)
                    );
                    let hint = "Remove it from the bundle if it is not needed; keep one certificate per CA.";
                    self.push(Finding::new(Code::ChainDuplicate, Severity::Info, msg, hint).on(u));
                }
                Err(reason) => {
                    let msg = format!(
                        "The {} certificate, {}, is not part of the chain of the leaf {}: {reason}.",
                        ordinal(u),
                        self.label(u),
                        self.label(leaf)
                    );
                    let hint = if self.self_signed(top) {
                        "Remove it from the bundle: the leaf's chain is complete without it.".to_owned()
                    } else {
                        format!(
                            "Remove it, or replace it with the certificate of {} (the issuer the chain needs \
                             next): `cat leaf.pem intermediate.pem > bundle.pem`.",
                            self.issuer(top)
                        )
                    };
                    self.push(Finding::new(Code::ChainBroken, Severity::Error, msg, hint).on(u));
                }
            }
        }
    }

    fn report_root(&mut self, path: &[usize]) -> bool {
        let (Some(&top), true) = (path.last(), path.len() > 1) else {
            return false;
        };
        if !self.self_signed(top) {
            return false;
        }
        let msg = format!(
            "The self-signed root {} was included; it is left out of the payload.",
            self.label(top)
        );
        self.push(
            Finding::new(
                Code::ChainIncludesRoot,
                Severity::Info,
                msg,
                "Nothing to do: origins verify against the root they already hold (nginx \
                 `ssl_client_certificate`, Apache `SSLCACertificateFile`), so the upload carries the leaf and \
                 its intermediates only.",
            )
            .on(top),
        );
        true
    }

    /// MD5 and SHA-1 on every certificate of the chain except a self-signed root at its top,
    /// whose own signature OpenSSL does not check (`check_auth_level`: "all certificates
    /// except those of the trust anchor").
    fn report_weak(&mut self, path: &[usize], root_dropped: bool) {
        let checked = if root_dropped {
            path.len().saturating_sub(1)
        } else {
            path.len()
        };
        let leaf = path.first().copied();
        for &c in path.iter().take(checked) {
            let Some(cert) = self.certs.get(c) else { continue };
            let oid = cert.signature_oid().to_string();
            if ECDSA_SHA3.contains(&oid.as_str()) {
                self.report_ecdsa_sha3(c, &oid);
            }
            let Some(digest) = verify::weak_digest(&cert.signature_algorithm()) else {
                continue;
            };
            let alg_name = crate::x509::cert::signature_name(&oid);
            let self_signed_leaf = Some(c) == leaf && path.len() == 1 && self.self_signed(c);
            let upper = match digest {
                "sha1" => "a SHA-1",
                "md5" => "an MD5",
                "md4" => "an MD4",
                _ => "an MD2",
            };
            if self_signed_leaf {
                let msg = format!(
                    "{} is self-signed with {alg_name} ({oid}), {upper} signature. OpenSSL does not check the \
                     digest of a certificate the origin trusts directly, but any origin that verifies it as part \
                     of a chain rejects it.",
                    self.label(c)
                );
                self.push(
                    Finding::new(
                        Code::WeakSignatureAlgorithm,
                        Severity::Warning,
                        msg,
                        "Re-create it with SHA-256: `openssl req -x509 -sha256 -key client.key -days 365 -out client.pem`.",
                    )
                    .on(c),
                );
                continue;
            }
            let is_leaf = Some(c) == leaf;
            let role = if is_leaf { "The leaf" } else { "The intermediate" };
            let msg = format!(
                "{role} {} is signed with {alg_name} ({oid}), {upper} signature. OpenSSL-based origins (nginx, \
                 Apache, HAProxy) at the default security level reject it: \"CA signature digest algorithm too weak\"{}.",
                self.label(c),
                if digest == "md5" { "; MD5 fails even at security level 1" } else { "" }
            );
            let hint = if is_leaf {
                format!(
                    "Have {} reissue the certificate with SHA-256, e.g. `openssl x509 -req -sha256 -in client.csr \
                     -CA ca.pem -CAkey ca.key -days 365 -out client.pem` (or `openssl ca -md sha256`).",
                    self.issuer(c)
                )
            } else {
                format!(
                    "Have {} re-sign the intermediate {} with SHA-256 (same key, so the leaf stays valid), e.g. \
                     `openssl x509 -req -sha256 -in intermediate.csr -CA root.pem -CAkey root.key -extfile ca.ext \
                     -days 1825 -out intermediate.pem`.",
                    self.issuer(c),
                    self.subject(c)
                )
            };
            self.push(Finding::new(Code::WeakSignatureAlgorithm, Severity::Error, msg, hint).on(c));
        }
    }

    /// ECDSA with SHA-3 verifies (here and in OpenSSL 3.2 and later), but OpenSSL 3.0 and 3.1
    /// have no X.509 signature entry for it: their origins refuse the chain ("unable to get
    /// local issuer certificate"; openssl/openssl#21224, tests/data/chain/README.md).
    fn report_ecdsa_sha3(&mut self, c: usize, oid: &str) {
        let alg_name = crate::x509::cert::signature_name(oid);
        let msg = format!(
            "{} is signed with {alg_name} ({oid}). OpenSSL verifies ECDSA with SHA-3 in certificates only from \
             version 3.2: origins on OpenSSL 3.0 or 3.1 (nginx and Apache on Debian 12, Ubuntu 22.04, RHEL 9) \
             refuse this chain with \"unable to get local issuer certificate\".",
            self.label(c)
        );
        let hint = format!(
            "Unless every origin runs OpenSSL 3.2 or later, have {} sign it with ecdsa-with-SHA256 or SHA384 \
             instead (`openssl x509 -req -sha256 ...`).",
            self.issuer(c)
        );
        self.push(Finding::new(Code::EcdsaSha3Signature, Severity::Warning, msg, hint).on(c));
    }

    fn report_trust(&mut self, failure: TrustFailure) {
        let trusts = self.trusted_subjects();
        let (msg, hint, cert) = match failure {
            TrustFailure::Broken { child, parent } => (
                format!(
                    "The chain does not verify to the origin's CAs ({trusts}): the signature on {} does not verify \
                     with the key of {}.",
                    self.label(child),
                    self.label(parent)
                ),
                "Fix the broken link reported as CHAIN_BROKEN; the origin rejects the certificate until then \
                 (OpenSSL: \"certificate signature failure\")."
                    .to_owned(),
                child,
            ),
            TrustFailure::UntrustedRoot { top } => (
                format!(
                    "The chain ends at the self-signed {}, which is not one of the CAs the origin trusts ({trusts}).",
                    self.label(top)
                ),
                format!(
                    "The origin rejects it (OpenSSL/nginx: \"self-signed certificate\" or \"unable to get local \
                     issuer certificate\"; Go: \"certificate signed by unknown authority\"). Use a certificate issued \
                     by a CA the origin trusts, or add {} to the origin's CA file (nginx `ssl_client_certificate`, \
                     Apache `SSLCACertificateFile`).",
                    self.subject(top)
                ),
                top,
            ),
            // Same name and key identifier, and the signature does not verify: altered, forged, or
            // a signature value OpenSSL refuses (an ECDSA signature that is not strict DER).
            TrustFailure::MissingIssuer {
                top,
                same_name: Some(t),
            } if self.trusted_bad_signature(top, t) => (
                format!(
                    "{} names the origin's CA {} as its issuer, with its key identifier, but its signature does not \
                     verify with that CA's key: the certificate was altered or forged, or its signature is not \
                     encoded as OpenSSL requires.",
                    self.label(top),
                    self.trusted_facts.get(t).map(Facts::label).unwrap_or_default()
                ),
                "The origin rejects it (OpenSSL: \"certificate signature failure\"). Get the certificate again from \
                 the CA that issued it; check with `openssl verify -CAfile ca.pem cert.pem`."
                    .to_owned(),
                top,
            ),
            TrustFailure::MissingIssuer {
                top,
                same_name: Some(t),
            } => (
                format!(
                    "The origin trusts a CA named {}, but not the key that signed {}: the signature does not verify \
                     with the trusted certificate {} (same name, different key or key identifier).",
                    self.issuer(top),
                    self.label(top),
                    self.trusted_facts.get(t).map(Facts::label).unwrap_or_default()
                ),
                "The CA was probably re-created with a new key. Give the origin the current CA certificate, or \
                 reissue the client certificate from the CA the origin holds; compare with \
                 `openssl x509 -noout -ext authorityKeyIdentifier -in client.pem` and \
                 `openssl x509 -noout -ext subjectKeyIdentifier -in ca.pem`."
                    .to_owned(),
                top,
            ),
            TrustFailure::MissingIssuer { top, same_name: None } => (
                format!(
                    "The origin trusts {trusts}, but the chain stops at {} whose issuer {} was not provided and is \
                     not among the origin's CAs.",
                    self.label(top),
                    self.issuer(top)
                ),
                format!(
                    "The origin rejects it (OpenSSL/nginx: \"unable to get local issuer certificate\"; Go: \
                     \"certificate signed by unknown authority\"). If {0} is an intermediate under a CA the origin \
                     trusts, append it after the leaf: `cat leaf.pem intermediate.pem > bundle.pem`. Otherwise the \
                     certificate comes from a CA the origin does not trust: add that CA's root to the origin's CA \
                     file (nginx `ssl_client_certificate`, Apache `SSLCACertificateFile`) or get a certificate from \
                     the CA the origin trusts.",
                    self.issuer(top)
                ),
                top,
            ),
            TrustFailure::NotSelfSignedAnchor { from, anchor } => {
                let (label, issuer) = self
                    .trusted_facts
                    .get(anchor)
                    .map(|f| (f.label(), display_name(&f.issuer).to_owned()))
                    .unwrap_or_default();
                (
                    format!(
                        "The chain of {} reaches the origin's CA {label}, but that certificate is not self-signed and \
                         its issuer {issuer} is not among the origin's CAs: OpenSSL-based origins (nginx, Apache) \
                         need the chain to end at a trusted self-signed root (\"unable to get issuer certificate\"); \
                         Go origins accept it.",
                        self.label(from)
                    ),
                    format!(
                        "Add the root {issuer} to the origin's CA file next to {label} \
                         (`cat intermediate.pem root.pem > origin-ca.pem`), or enable partial chains where the \
                         origin supports them."
                    ),
                    from,
                )
            }
            TrustFailure::Unchecked { from, link } => (
                format!(
                    "The chain of {} reaches the origin's CAs ({trusts}) only through the signature on {} by {}, \
                     which originpull could not check: {}. Without it, nothing shows the chain is genuine.",
                    self.label(from),
                    link.child,
                    link.parent,
                    link.why
                ),
                "Verify the chain with the origin's own tools before uploading (`openssl verify -CAfile ca.pem \
                 -untrusted chain.pem leaf.pem`), or issue the certificates with RSA, ECDSA (P-256, P-384, P-521) or \
                 Ed25519 signatures, which originpull checks."
                    .to_owned(),
                from,
            ),
        };
        self.push(Finding::new(Code::CaVerifyFailed, Severity::Error, msg, hint).on(cert));
    }
}

/// The most signature checks [`analyze`] can make on these certificates: one per pair whose
/// names and key identifiers link (input to input, its own issuer included, and input or
/// trusted to trusted), each verified once. Names only: nothing is verified here.
pub fn verifications_bound(certs: &[ParsedCert], trusted: &[ParsedCert]) -> u64 {
    let facts: Vec<Facts> = certs.iter().map(Facts::of).collect();
    let trusted_facts: Vec<Facts> = trusted.iter().map(Facts::of).collect();
    let links = |children: &[Facts], parents: &[Facts]| -> u64 {
        let mut n = 0u64;
        for c in children {
            n = n.saturating_add(parents.iter().filter(|p| name_link(c, p) == Link::Verified).count() as u64);
        }
        n
    };
    links(&facts, &facts).saturating_add(links(&facts, &trusted_facts)).saturating_add(links(&trusted_facts, &trusted_facts))
}

/// Analyse an upload's certificates (in input order) against the CAs the origin trusts
/// (`trusted`, empty when not given).
///
/// Never fails: every problem is a finding. The leaf is the certificate that issues no other
/// one in the input (a non-CA preferred); the path follows issuer name, authority/subject key
/// identifiers and the signature; certificates off the path are reported as `CHAIN_BROKEN`.
#[cfg(test)]
pub fn analyze(certs: &[ParsedCert], trusted: &[ParsedCert]) -> ChainAnalysis {
    analyze_at(certs, trusted, None)
}

/// [`analyze`] at a verification time: where several certificates could issue the same one,
/// the one valid at `now` is taken first, as OpenSSL does.
pub fn analyze_at(certs: &[ParsedCert], trusted: &[ParsedCert], now: Option<i64>) -> ChainAnalysis {
    let mut a = Analysis {
        certs,
        facts: certs.iter().map(Facts::of).collect(),
        trusted,
        trusted_facts: trusted.iter().map(Facts::of).collect(),
        now,
        choice: std::cell::Cell::new(false),
        unchecked_path: std::cell::RefCell::new(None),
        self_signed: certs.iter().map(|_| OnceCell::new()).collect(),
        links: RefCell::new(Vec::new()),
        findings: Vec::new(),
    };
    let dup = a.duplicates();
    let Some(leaf) = a.find_leaf(&dup) else {
        return ChainAnalysis {
            leaf: None,
            findings: Vec::new(),
            payload: Vec::new(),
            path: Vec::new(),
            anchored: false,
        };
    };
    let (path, steps) = a.build_path(leaf, &dup);

    a.report_steps(&steps);
    a.report_unrelated(&path, &steps, &dup);
    let top_self_signed = path.last().is_some_and(|&t| path.len() > 1 && a.self_signed(t));
    let mut full: Vec<Node> = path.iter().map(|&i| Node::Input(i)).collect();
    let mut anchored = top_self_signed;
    if !trusted.is_empty() {
        match a.trust(&path, &steps) {
            Ok(nodes) => {
                anchored = nodes.len() > 1;
                full = nodes;
                if a.choice.get() {
                    a.report_path(&full);
                }
            }
            Err(failure) => {
                if let (TrustFailure::Unchecked { .. }, Some(nodes)) = (&failure, a.unchecked_path.take()) {
                    anchored = true;
                    full = nodes;
                }
                a.report_trust(failure);
                a.report_alternative(&path, &dup);
            }
        }
    } else if a.choice.get() {
        a.report_path(&full);
    }
    let root_dropped = a.report_root(&path);
    a.report_weak(&path, root_dropped);
    a.report_order(&path);

    let mut payload = path;
    if root_dropped {
        payload.pop();
    }
    let mut findings = a.findings;
    findings.sort_by_key(|f| f.severity);
    ChainAnalysis {
        leaf: Some(leaf),
        findings,
        payload,
        path: full,
        anchored,
    }
}
