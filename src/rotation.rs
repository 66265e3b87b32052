//! Zero-downtime certificate replacement as one resumable, sans-IO state machine: [`Rotation::poll`]
//! says what to do (send a request, wait, or done with the [`RotationResult`]),
//! [`Rotation::handle`] takes what happened to the request sent. Time is an argument.
//!
//! Hostname scope (AOP-API.md section 9, P6 to P8, P13): validate, list the hostname
//! certificates (is the new one already there? does `oldCertId` exist?), read the association
//! list (`GET …/hostnames?status=all`, paged) to choose the hostnames and remember what each
//! pointed at, upload (at most once), wait until the certificate is `active`, point the
//! hostnames at it (`PUT …/hostnames`, batches of at most 100), wait until every association
//! is `active` on it, then delete each old certificate no association uses any more.
//!
//! Zone scope (P2, P4, P5): validate, list the zone certificates, upload, wait until
//! `active`, make sure zone-level AOP is on, then delete every other zone certificate so
//! exactly one is left.
//!
//! Both end by polling each deleted certificate until Cloudflare reports it `deleted` (a
//! `deletion_timed_out` is deleted again). [`plan`] lists the requests of a successful run
//! without sending anything; [`Rotation::abort`] stops resumably between two requests.
//!
//! Failures: a `deployment_timed_out` status or the overall time-out while waiting stops the
//! rotation; associations already switched are pointed back at what they used before; the
//! old certificates are never deleted unless every switched association is confirmed `active`
//! on the new one. API errors that retries could not overcome stop the rotation where it is,
//! and the saved [`RotationState`] continues it later.
//!
//! Secrets: the private key lives only in the machine's [`UploadBody`] (wiped on drop, never
//! serialised). The [`RotationState`] holds the new certificate (public) but never the key:
//! resuming before the upload is confirmed needs the key again (see [`Rotation::resume`]).

use crate::api::{
    self, AssociationState, Call, CertificateId, Hostname, HostnameAssociation, Method, Next, Operation, Reply,
    Request, RetryPolicy, StatusFilter, UploadBody, ZoneId,
};
use crate::check::{self, Upload};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Most `config` items of one `PUT …/hostnames`, and most associations one certificate may
/// have (schema: "100 maximum associations on a single certificate are allowed").
pub const MAX_BATCH: u32 = api::ops::MAX_ASSOCIATIONS_PER_CERTIFICATE as u32;
/// Default first polling interval.
pub const DEFAULT_POLL_INTERVAL_MS: u32 = 2_000;
/// Default longest polling interval (the interval grows by half after every poll).
pub const DEFAULT_MAX_POLL_INTERVAL_MS: u32 = 30_000;
/// Default overall time-out of the waits (15 minutes).
pub const DEFAULT_TIMEOUT_MS: u64 = 15 * 60 * 1000;
/// `per_page` of the association list reads (the schema's maximum).
const PER_PAGE: u32 = api::ops::MAX_PER_PAGE;
/// Version of the [`RotationState`] layout.
pub const STATE_VERSION: u32 = 1;

/// Statuses of a certificate or association that is going away.
const GOING: [&str; 3] = ["pending_deletion", "deleted", "deletion_timed_out"];

/// Which AOP level is rotated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Hostname,
    Zone,
}

/// The rotation's options (the contract's `options` without the certificate, key and
/// callbacks). Read from JSON with the contract's camelCase names.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Options {
    pub scope: Scope,
    pub zone_id: String,
    /// Hostname scope: the hostnames to point at the new certificate. Default: every hostname
    /// associated with the old certificate.
    #[serde(default)]
    pub hostnames: Option<Vec<String>>,
    /// Hostname scope: the certificate being replaced. Default: the one certificate the
    /// zone's associations use (several: an error asking for this option). Zone scope: must
    /// exist when given; every other zone certificate is deleted anyway (exactly one is left).
    #[serde(default)]
    pub old_cert_id: Option<String>,
    /// Delete the old certificate(s) at the end (default true).
    #[serde(default)]
    pub delete_old: Option<bool>,
    /// First polling interval (default 2 s); grows by half after each poll.
    #[serde(default)]
    pub poll_interval_ms: Option<u32>,
    /// Longest polling interval (default 30 s).
    #[serde(default)]
    pub max_poll_interval_ms: Option<u32>,
    /// Overall time-out for the waits, from the start (or the resumption) (default 15 min).
    #[serde(default)]
    pub timeout_ms: Option<u64>,
    /// Hostnames per `PUT …/hostnames` (1 to 100, default 100).
    #[serde(default)]
    pub batch_size: Option<u32>,
}

/// What a hostname pointed at before the rotation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Previous {
    pub cert_id: String,
    pub enabled: bool,
}

/// One hostname being moved to the new certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    pub hostname: String,
    /// Its association before the rotation (`null`: it had none).
    pub previous: Option<Previous>,
    /// `enabled` of the new association (the previous value, `true` for new ones).
    pub enabled: bool,
    /// A `PUT` pointing it at the new certificate was sent (it may have been applied).
    pub switched: bool,
    /// Pointed back at the previous certificate after a failure.
    pub rolled_back: bool,
    /// The association's status on the new certificate, as last seen.
    pub status: Option<String>,
}

/// A certificate kept although the rotation replaced it, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Kept {
    pub cert_id: String,
    pub reason: String,
}

/// The step the rotation is at. Every step can be resumed: reads are repeated, the upload is
/// looked for in the list before it is sent, `PUT`s are idempotent and a `DELETE` answered
/// with 404 counts as done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "name", rename_all = "snake_case")]
pub enum Phase {
    /// List the certificates of the scope.
    ListCertificates,
    /// Hostname scope: read the association list (page `page`) to choose the hostnames.
    ListAssociations { page: u32 },
    /// Upload; `checked`: the list was read since the last crash (otherwise read it first).
    Upload { checked: bool },
    /// Poll the new certificate until `active`.
    WaitCertificate,
    /// Hostname scope: send batch `batch` of `PUT …/hostnames`.
    Switch { batch: u32 },
    /// Hostname scope: poll the association list until every target is `active` on the new
    /// certificate.
    WaitAssociations { page: u32 },
    /// Zone scope: read (`checked` false) and, if off, turn on zone-level AOP.
    EnableZone { checked: bool },
    /// Hostname scope: read the association list before deleting (no association may use an
    /// old certificate).
    CheckOldUnused { page: u32 },
    /// Delete the old certificates not yet deleted or kept.
    DeleteOld,
    /// Poll the deleted certificates until Cloudflare reports them `deleted` (`redelete`: a
    /// deletion that timed out, sent again first).
    WaitDeleted { redelete: Option<String> },
    /// Point the switched hostnames back at what they used (batch `batch`).
    Rollback { batch: u32 },
    /// Nothing more to do.
    Finished,
}

impl Phase {
    /// The step name in progress events and results.
    pub fn step(&self) -> &'static str {
        match self {
            Phase::ListCertificates | Phase::ListAssociations { .. } => "discover",
            Phase::Upload { .. } => "upload",
            Phase::WaitCertificate => "wait_certificate",
            Phase::Switch { .. } => "switch",
            Phase::WaitAssociations { .. } => "wait_associations",
            Phase::EnableZone { .. } => "enable_zone",
            Phase::CheckOldUnused { .. } | Phase::DeleteOld | Phase::WaitDeleted { .. } => "delete_old",
            Phase::Rollback { .. } => "rollback",
            Phase::Finished => "done",
        }
    }
}

/// How a rotation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every step done: the hostnames (or the zone) use the new certificate.
    Completed,
    /// A deployment failed or timed out: the switched hostnames were pointed back at their
    /// previous certificates; the old certificates are kept.
    RolledBack,
    /// Stopped by an error; nothing unsafe was done. The state resumes from where it stopped
    /// when `resumable` is true.
    Failed,
}

/// The error that stopped a rotation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    /// A stable code: an [`Error::code`], or `DEPLOYMENT_TIMED_OUT` (Cloudflare's status),
    /// `ROTATION_TIMEOUT` (the waits' time-out), `ABORTED` ([`Rotation::abort`]).
    pub code: String,
    pub message: String,
    /// The step where it happened.
    pub step: String,
    /// Cloudflare's HTTP status, for `CF_API_ERROR`.
    pub status: Option<u16>,
}

/// How it ended, kept in the state once it has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stop {
    pub outcome: Outcome,
    pub error: Option<Failure>,
    /// Whether running again with this state continues (after a failure on the way).
    pub resumable: bool,
    /// What happened and what to do, for people.
    pub advice: String,
}

/// The whole state of a rotation: serialise it (JSON) after any event, and
/// [`Rotation::resume`] from it. It never holds the private key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RotationState {
    pub version: u32,
    pub scope: Scope,
    pub zone_id: String,
    /// The new certificate as uploaded (leaf first, PEM; public).
    pub certificate: String,
    /// SHA-256 of the new leaf's DER (lowercase hex): a resumption must bring the same one.
    pub certificate_sha256: String,
    /// The hostnames asked for (`null`: every hostname on the old certificate).
    pub hostnames: Option<Vec<String>>,
    pub old_cert_id: Option<String>,
    pub delete_old: bool,
    pub batch_size: u32,
    pub poll_interval_ms: u32,
    pub max_poll_interval_ms: u32,
    pub timeout_ms: u64,
    /// When the rotation started (epoch ms).
    pub started_at_ms: u64,
    /// When the waits give up (epoch ms): start (or resumption) plus `timeout_ms`.
    pub deadline_ms: u64,
    pub phase: Phase,
    pub new_cert_id: Option<String>,
    /// The new certificate's status, as last seen.
    pub new_cert_status: Option<String>,
    /// The certificates being replaced (hostname scope: those the targets used, and
    /// `oldCertId`; zone scope: every other zone certificate).
    pub old_cert_ids: Vec<String>,
    pub targets: Vec<Target>,
    /// Old certificates whose DELETE Cloudflare accepted.
    pub deleted: Vec<String>,
    /// Of those, the ones Cloudflare since reports `deleted`.
    pub deletion_confirmed: Vec<String>,
    pub kept: Vec<Kept>,
    /// Zone scope: whether zone-level AOP was on before (`null` until read).
    pub zone_enabled_before: Option<bool>,
    /// Polls in the current wait, the current interval, and when the next poll is due.
    pub polls: u32,
    pub interval_ms: u32,
    pub next_poll_at_ms: u64,
    /// Association list items read so far in a paged read (hostname, cert id, enabled, status).
    pub scratch: Vec<Association>,
    /// API requests sent (every attempt, retries included).
    pub calls: u32,
    /// Why the rotation is rolling back (set when the rollback starts).
    pub rollback_reason: Option<Failure>,
    /// Set once it has ended (or stopped on a failure).
    pub stop: Option<Stop>,
}

/// One item of the association list, as far as the rotation needs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Association {
    pub hostname: String,
    pub cert_id: String,
    pub enabled: Option<bool>,
    pub status: Option<String>,
}

impl Association {
    fn from_json(item: &Value) -> Option<Self> {
        Some(Self {
            hostname: item.get("hostname")?.as_str()?.to_ascii_lowercase(),
            cert_id: item.get("cert_id")?.as_str()?.to_ascii_lowercase(),
            enabled: item.get("enabled").and_then(Value::as_bool),
            status: item.get("status").and_then(Value::as_str).map(str::to_owned),
        })
    }

    /// Not voided or being removed: it holds on to its certificate.
    fn live(&self) -> bool {
        !self.status.as_deref().is_some_and(|s| GOING.contains(&s))
    }
}

/// A progress event: one per step started, request answered, retry, poll and end. Each
/// carries the state as it is after the event.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// The step (`discover`, `upload`, `wait_certificate`, `switch`, `wait_associations`,
    /// `enable_zone`, `delete_old`, `rollback`, `done`).
    pub step: &'static str,
    /// `step` (a step starts), `request` (an answer or transport failure), `retry` (waiting
    /// before sending again), `poll` (a status was read), `wait` (until the next poll),
    /// `done`.
    pub kind: &'static str,
    /// Request events: the attempt within the step (1-based). Poll events: the poll number.
    pub attempt: u32,
    /// Poll events: the status seen (`initializing`, `pending_deployment`, `active`, …);
    /// request events: the HTTP status, `network_error` or `timeout`.
    pub status: Option<String>,
    /// Milliseconds since the rotation started.
    pub elapsed_ms: u64,
    /// Work done and total in this step (hostnames active, batches sent, …), when countable.
    pub done: u32,
    pub total: u32,
    pub message: String,
    pub state: RotationState,
}

/// Where a rotation ended.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RotationResult {
    pub ok: bool,
    pub outcome: Outcome,
    pub scope: Scope,
    pub zone_id: String,
    pub new_cert_id: Option<String>,
    pub old_cert_ids: Vec<String>,
    /// Old certificates deleted (Cloudflare accepted the DELETE).
    pub deleted: Vec<String>,
    /// Of those, the ones not yet reported `deleted` when the rotation ended (the time-out
    /// came first): they finish on their own.
    pub deletion_pending: Vec<String>,
    pub kept: Vec<Kept>,
    pub hostnames: Vec<Target>,
    pub error: Option<Failure>,
    pub resumable: bool,
    pub advice: String,
    pub calls: u32,
    pub elapsed_ms: u64,
    pub state: RotationState,
}

/// What the driver does next.
#[derive(Debug)]
pub enum Step<'a> {
    /// Send this request (add the base URL and headers with [`api::prepare`]), then report
    /// the outcome to [`Rotation::handle`].
    Send(&'a Request),
    /// Wait this many milliseconds, then poll again.
    Wait(u32),
    /// Finished (also after a failure). Polling again gives the same result.
    Done(Box<RotationResult>),
}

/// The certificate, key and validation settings of a start or resumption.
#[derive(Clone, Copy, Debug)]
pub struct NewCertificate<'a> {
    pub upload: Upload<'a>,
    pub validate: check::Options,
}

/// A rotation in progress. `Debug` shows no key.
#[derive(Debug)]
pub struct Rotation {
    state: RotationState,
    /// The upload body (holds the key); `None` once it is not needed or was not given.
    body: Option<UploadBody>,
    call: Option<Call>,
    policy: RetryPolicy,
    /// Answers received in the current step (the attempt number of request events).
    attempts: u32,
    events: Vec<Event>,
    now_ms: u64,
}

fn invalid(detail: impl Into<String>) -> Error {
    Error::InvalidArgument { detail: detail.into() }
}

/// Validate the new certificate and key; refuse on any error finding.
fn validated(new: &NewCertificate<'_>) -> Result<(UploadBody, String, String)> {
    let report = check::validate_upload(&new.upload, &new.validate)?;
    if !report.ok {
        let codes = report
            .findings
            .iter()
            .filter(|f| f.severity == crate::report::Severity::Error)
            .map(|f| f.code.to_owned())
            .collect();
        return Err(Error::ValidationFailed { codes });
    }
    let payload = report.payload.as_ref().ok_or_else(|| invalid("validation gave no upload payload"))?;
    let sha256 = report
        .leaf
        .and_then(|i| report.certificates.get(i))
        .map(|c| c.fingerprints.sha256.clone())
        .ok_or_else(|| invalid("validation found no leaf certificate"))?;
    let body = UploadBody::new(&payload.certificate, &payload.private_key)?;
    Ok((body, payload.certificate.clone(), sha256))
}

fn check_options(o: &Options) -> Result<(ZoneId, u32, u32, u32, u64)> {
    let zone = ZoneId::parse_named(&o.zone_id, "options.zoneId")?;
    if let Some(id) = &o.old_cert_id {
        CertificateId::parse_named(id, "options.oldCertId")?;
    }
    if let Some(hosts) = &o.hostnames {
        if o.scope == Scope::Zone {
            return Err(invalid("options.hostnames is for the hostname scope; a zone rotation has no hostnames"));
        }
        if hosts.is_empty() {
            return Err(invalid("options.hostnames is empty; leave it out to move every hostname on the old certificate"));
        }
        for h in hosts {
            Hostname::parse_named(h, "options.hostnames[]")?;
        }
    }
    let batch = o.batch_size.unwrap_or(MAX_BATCH);
    if !(1..=MAX_BATCH).contains(&batch) {
        return Err(invalid(format!("options.batchSize must be from 1 to {MAX_BATCH}")));
    }
    let poll = o.poll_interval_ms.unwrap_or(DEFAULT_POLL_INTERVAL_MS);
    if poll == 0 {
        return Err(invalid("options.pollIntervalMs must be at least 1"));
    }
    let max_poll = o.max_poll_interval_ms.unwrap_or(DEFAULT_MAX_POLL_INTERVAL_MS.max(poll)).max(poll);
    let timeout = o.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS);
    if timeout == 0 {
        return Err(invalid("options.timeoutMs must be at least 1"));
    }
    Ok((zone, batch, poll, max_poll, timeout))
}

/// Hostnames as the API spells them, duplicates refused.
fn normalised_hostnames(hosts: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::with_capacity(hosts.len());
    for h in hosts {
        let h = Hostname::parse_named(h, "options.hostnames[]")?.as_str().to_owned();
        if out.contains(&h) {
            return Err(invalid(format!("options.hostnames names {h} twice")));
        }
        out.push(h);
    }
    if out.len() > MAX_BATCH as usize {
        return Err(invalid(format!(
            "options.hostnames has {} hostnames; Cloudflare allows {MAX_BATCH} associations per certificate",
            out.len()
        )));
    }
    Ok(out)
}

impl Rotation {
    /// Start a rotation at `now_ms` (epoch milliseconds). Validates the new certificate and
    /// key first (the scope's rules); nothing is sent before [`Rotation::poll`].
    ///
    /// # Errors
    /// [`Error::ValidationFailed`] when validation reports an error finding;
    /// [`Error::InvalidArgument`] for bad options; `INPUT_TOO_LARGE`.
    pub fn new(options: &Options, new: &NewCertificate<'_>, now_ms: u64) -> Result<Self> {
        let (_, batch, poll, max_poll, timeout) = check_options(options)?;
        let hostnames = options.hostnames.as_deref().map(normalised_hostnames).transpose()?;
        let (body, certificate, sha256) = validated(new)?;
        let state = RotationState {
            version: STATE_VERSION,
            scope: options.scope,
            zone_id: options.zone_id.to_ascii_lowercase(),
            certificate,
            certificate_sha256: sha256,
            hostnames,
            old_cert_id: options.old_cert_id.as_ref().map(|s| s.to_ascii_lowercase()),
            delete_old: options.delete_old.unwrap_or(true),
            batch_size: batch,
            poll_interval_ms: poll,
            max_poll_interval_ms: max_poll,
            timeout_ms: timeout,
            started_at_ms: now_ms,
            deadline_ms: now_ms.saturating_add(timeout),
            phase: Phase::ListCertificates,
            new_cert_id: None,
            new_cert_status: None,
            old_cert_ids: Vec::new(),
            targets: Vec::new(),
            deleted: Vec::new(),
            deletion_confirmed: Vec::new(),
            kept: Vec::new(),
            zone_enabled_before: None,
            polls: 0,
            interval_ms: poll,
            next_poll_at_ms: now_ms,
            scratch: Vec::new(),
            calls: 0,
            rollback_reason: None,
            stop: None,
        };
        let mut rotation = Self::from_state(state, Some(body), now_ms);
        rotation.event("step", None, "validated the new certificate; reading what the zone has");
        Ok(rotation)
    }

    /// Continue a saved rotation at `now_ms`. The waits get a fresh time-out
    /// (`timeout_ms`, or the saved one) from now. A step cut short is repeated from its
    /// start, and an unconfirmed upload is looked for in the list before it is sent again.
    ///
    /// `new` (the certificate and key again) is needed only while the upload is not
    /// confirmed (`state.new_cert_id` is `null`); when given, its leaf must be the one in the
    /// state. A rotation that ended (or a failure that cannot be resumed) gives its result
    /// again on the first poll.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a state of another version, a different certificate,
    /// or a missing key while the upload is unconfirmed; [`Error::ValidationFailed`].
    pub fn resume(
        mut state: RotationState,
        new: Option<&NewCertificate<'_>>,
        timeout_ms: Option<u64>,
        now_ms: u64,
    ) -> Result<Self> {
        if state.version != STATE_VERSION {
            return Err(invalid(format!(
                "state.version is {}; this version of originpull resumes version {STATE_VERSION}",
                state.version
            )));
        }
        ZoneId::parse_named(&state.zone_id, "state.zoneId")?;
        let needs_key = state.new_cert_id.is_none() && state.stop.as_ref().is_none_or(|s| s.resumable);
        let body = match new {
            Some(new) => {
                let (body, _, sha256) = validated(new)?;
                if sha256 != state.certificate_sha256 {
                    return Err(invalid(
                        "the certificate given is not the one this saved rotation uploads; pass the same certificate (or start a new rotation without state)",
                    ));
                }
                needs_key.then_some(body)
            }
            None if needs_key => {
                return Err(invalid(
                    "privateKey (and certificate) are needed to resume this rotation: its upload is not confirmed yet, and the saved state never holds the key",
                ))
            }
            None => None,
        };
        if let Some(t) = timeout_ms {
            if t == 0 {
                return Err(invalid("options.timeoutMs must be at least 1"));
            }
            state.timeout_ms = t;
        }
        state.deadline_ms = now_ms.saturating_add(state.timeout_ms);
        if state.stop.as_ref().is_some_and(|s| s.resumable) {
            state.stop = None;
        }
        // A step cut short starts again from its beginning.
        state.phase = match state.phase {
            Phase::Upload { .. } => Phase::Upload { checked: false },
            Phase::ListAssociations { .. } => Phase::ListAssociations { page: 1 },
            Phase::WaitAssociations { .. } => Phase::WaitAssociations { page: 1 },
            Phase::CheckOldUnused { .. } => Phase::CheckOldUnused { page: 1 },
            Phase::EnableZone { .. } => Phase::EnableZone { checked: false },
            other => other,
        };
        state.scratch.clear();
        let mut rotation = Self::from_state(state, body, now_ms);
        rotation.event("step", None, "resumed from a saved state");
        Ok(rotation)
    }

    fn from_state(state: RotationState, body: Option<UploadBody>, now_ms: u64) -> Self {
        Self { state, body, call: None, policy: RetryPolicy::default(), attempts: 0, events: Vec::new(), now_ms }
    }

    /// Use another retry policy for the single requests (default: 3 retries).
    #[must_use]
    pub fn with_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Stop at once, resumably, without rolling anything back (a Worker whose time is up, a
    /// user's cancel): the rotation ends with `outcome` failed, error `ABORTED`, `resumable`.
    /// A request in flight is forgotten: its step starts again on resumption (each step is
    /// safe to repeat). Does nothing once the rotation has ended.
    pub fn abort(&mut self, now_ms: u64) {
        self.now_ms = self.now_ms.max(now_ms);
        if self.state.stop.is_some() {
            return;
        }
        self.call = None;
        let step = self.state.phase.step();
        let failure = Failure {
            code: "ABORTED".to_owned(),
            message: format!("stopped on request during step {step}"),
            step: step.to_owned(),
            status: None,
        };
        let switched = self.state.targets.iter().any(|t| t.switched && !t.rolled_back);
        let advice = if switched {
            "Stopped on request. Some hostnames point at the new certificate and nothing was deleted, so every hostname keeps a certificate. Run again with the saved state to continue."
        } else {
            "Stopped on request; nothing was deleted. Run again with the saved state to continue."
        };
        self.stop(Outcome::Failed, Some(failure), true, advice.to_owned());
    }

    /// The current state (serialise it to resume later).
    pub fn state(&self) -> &RotationState {
        &self.state
    }

    /// The progress events since the last call, oldest first.
    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    fn event(&mut self, kind: &'static str, status: Option<String>, message: impl Into<String>) {
        self.event_counted(kind, self.attempts, status, (0, 0), message);
    }

    fn event_counted(
        &mut self,
        kind: &'static str,
        attempt: u32,
        status: Option<String>,
        (done, total): (u32, u32),
        message: impl Into<String>,
    ) {
        let step = self.state.stop.as_ref().map_or_else(|| self.state.phase.step(), |_| "done");
        self.events.push(Event {
            step,
            kind,
            attempt,
            status,
            elapsed_ms: self.now_ms.saturating_sub(self.state.started_at_ms),
            done,
            total,
            message: message.into(),
            state: self.state.clone(),
        });
    }

    /// What to do now, at `now_ms` (epoch milliseconds).
    pub fn poll(&mut self, now_ms: u64) -> Step<'_> {
        self.now_ms = self.now_ms.max(now_ms);
        // Each turn either returns or moves the machine on; the bound only guards against a bug.
        for _ in 0..64 {
            if let Some(call) = self.call.as_mut() {
                match call.poll() {
                    Next::Send(_) => break,
                    Next::Wait(ms) => {
                        self.event("retry", None, format!("waiting {ms} ms before sending again"));
                        return Step::Wait(ms);
                    }
                    Next::Done(result) => {
                        self.call = None;
                        self.on_result(result);
                        continue;
                    }
                }
            }
            match self.advance() {
                Advance::Call(request) => {
                    self.call = Some(Call::new(request, self.policy));
                }
                Advance::Wait(ms) => return Step::Wait(ms),
                Advance::Done => return Step::Done(Box::new(self.result())),
            }
        }
        let sending = matches!(self.call.as_mut().map(Call::poll), Some(Next::Send(_)));
        if !sending {
            self.call = None;
            return Step::Done(Box::new(self.result()));
        }
        match self.call.as_mut().map(Call::poll) {
            Some(Next::Send(request)) => Step::Send(request),
            _ => Step::Wait(0),
        }
    }

    /// Report what happened to the request of the last [`Step::Send`]. `jitter` is a random
    /// number in `0..1` (retry back-off), `now_ms` the current time.
    pub fn handle(&mut self, reply: Reply<'_>, jitter: f64, now_ms: u64) {
        self.now_ms = self.now_ms.max(now_ms);
        let Some(call) = self.call.as_mut() else { return };
        let operation = call.operation();
        call.handle(reply, jitter, Some(now_ms));
        self.state.calls = self.state.calls.saturating_add(1);
        self.attempts = self.attempts.saturating_add(1);
        let status = match reply {
            Reply::Response { status, .. } => status.to_string(),
            Reply::NetworkError { .. } => "network_error".to_owned(),
            Reply::Timeout { .. } => "timeout".to_owned(),
        };
        let message = format!("{} {}: {status}", operation.method(), describe(operation));
        self.event("request", Some(status), message);
    }

    fn zone(&self) -> Result<ZoneId> {
        ZoneId::parse_named(&self.state.zone_id, "state.zoneId")
    }

    fn new_id(&self) -> Result<CertificateId> {
        let id = self.state.new_cert_id.as_deref().ok_or_else(|| invalid("state: no new certificate id"))?;
        CertificateId::parse_named(id, "state.newCertId")
    }

    fn list_certificates(&self) -> Result<Request> {
        let zone = self.zone()?;
        Ok(match self.state.scope {
            Scope::Zone => api::list_zone_certificates(&zone),
            Scope::Hostname => api::list_hostname_certificates(&zone),
        })
    }

    fn list_associations(&self, page: u32) -> Result<Request> {
        api::list_hostnames(&self.zone()?, Some(page), Some(PER_PAGE), Some(StatusFilter::All))
    }

    /// The targets of batch `batch` (by position) for the switch or the rollback.
    fn batch_range(&self, batch: u32, rollback: bool) -> Vec<usize> {
        let size = self.state.batch_size.max(1) as usize;
        let eligible: Vec<usize> = (0..self.state.targets.len())
            .filter(|&i| !rollback || self.state.targets.get(i).is_some_and(|t| t.switched && !t.rolled_back))
            .collect();
        eligible.chunks(size).nth(batch as usize).map(<[usize]>::to_vec).unwrap_or_default()
    }

    fn batches(&self, rollback: bool) -> u32 {
        let size = self.state.batch_size.max(1) as usize;
        let n = self.state.targets.iter().filter(|t| !rollback || (t.switched && !t.rolled_back)).count();
        u32::try_from(n.div_ceil(size)).unwrap_or(u32::MAX)
    }

    /// Decide the next request, wait or end from the phase (no call in flight).
    fn advance(&mut self) -> Advance {
        if self.state.stop.is_some() {
            return Advance::Done;
        }
        match self.request_for_phase() {
            Ok(a) => a,
            Err(e) => {
                self.fail(&e, false);
                Advance::Done
            }
        }
    }

    fn request_for_phase(&mut self) -> Result<Advance> {
        let zone = self.zone()?;
        Ok(match self.state.phase.clone() {
            Phase::ListCertificates => Advance::Call(self.list_certificates()?),
            Phase::ListAssociations { page } | Phase::CheckOldUnused { page } => {
                Advance::Call(self.list_associations(page)?)
            }
            Phase::Upload { checked: false } => Advance::Call(self.list_certificates()?),
            Phase::Upload { checked: true } => {
                let body = self.body.as_ref().ok_or_else(|| {
                    invalid("privateKey is needed to upload: resume with the certificate and key")
                })?;
                Advance::Call(match self.state.scope {
                    Scope::Zone => api::upload_zone_certificate(&zone, body)?,
                    Scope::Hostname => api::upload_hostname_certificate(&zone, body)?,
                })
            }
            Phase::WaitCertificate => match self.wait_due() {
                Some(a) => a,
                None => {
                    let id = self.new_id()?;
                    Advance::Call(match self.state.scope {
                        Scope::Zone => api::get_zone_certificate(&zone, &id),
                        Scope::Hostname => api::get_hostname_certificate(&zone, &id),
                    })
                }
            },
            Phase::WaitAssociations { page } => {
                if page > 1 {
                    Advance::Call(self.list_associations(page)?)
                } else {
                    match self.wait_due() {
                        Some(a) => a,
                        None => Advance::Call(self.list_associations(1)?),
                    }
                }
            }
            Phase::Switch { batch } => {
                let range = self.batch_range(batch, false);
                if range.is_empty() {
                    self.start_wait(Phase::WaitAssociations { page: 1 });
                    return self.request_for_phase();
                }
                let new = self.new_id()?;
                let mut items = Vec::with_capacity(range.len());
                for &i in &range {
                    let Some(t) = self.state.targets.get_mut(i) else { continue };
                    // Marked before sending: an unknown outcome counts as switched (the rollback
                    // of an item that was never applied changes nothing).
                    t.switched = true;
                    let state = if t.enabled { AssociationState::Enabled } else { AssociationState::Disabled };
                    items.push(HostnameAssociation {
                        hostname: Hostname::parse_named(&t.hostname, "state.targets[].hostname")?,
                        cert_id: new.clone(),
                        state,
                    });
                }
                Advance::Call(api::set_hostnames(&zone, &items)?)
            }
            Phase::Rollback { batch } => {
                let range = self.batch_range(batch, true);
                if range.is_empty() {
                    self.finish_rollback();
                    return Ok(Advance::Done);
                }
                let new = self.new_id()?;
                let mut items = Vec::with_capacity(range.len());
                for &i in &range {
                    let Some(t) = self.state.targets.get(i) else { continue };
                    let hostname = Hostname::parse_named(&t.hostname, "state.targets[].hostname")?;
                    items.push(match &t.previous {
                        Some(p) => HostnameAssociation {
                            hostname,
                            cert_id: CertificateId::parse_named(&p.cert_id, "state.targets[].previous.certId")?,
                            state: if p.enabled { AssociationState::Enabled } else { AssociationState::Disabled },
                        },
                        // It had no association: remove the new one (P8: cert_id still needed).
                        None => HostnameAssociation { hostname, cert_id: new.clone(), state: AssociationState::Void },
                    });
                }
                Advance::Call(api::set_hostnames(&zone, &items)?)
            }
            Phase::EnableZone { checked: false } => Advance::Call(api::get_zone_setting(&zone)),
            Phase::EnableZone { checked: true } => Advance::Call(api::set_zone_setting(&zone, true)),
            Phase::DeleteOld => {
                // Never before the switch is confirmed (a guard against a corrupted state).
                let confirmed = self.state.new_cert_status.as_deref() == Some("active")
                    && self.state.targets.iter().all(|t| t.status.as_deref() == Some("active") && !t.rolled_back);
                if !confirmed {
                    return Err(invalid(
                        "state: deleting the old certificate(s) needs the new certificate and every switched association confirmed active",
                    ));
                }
                let next = self.state.old_cert_ids.iter().find(|id| {
                    !self.state.deleted.contains(id) && !self.state.kept.iter().any(|k| &k.cert_id == *id)
                });
                match next {
                    None => {
                        self.start_wait(Phase::WaitDeleted { redelete: None });
                        return self.request_for_phase();
                    }
                    Some(id) => {
                        let id = CertificateId::parse_named(id, "state.oldCertIds[]")?;
                        Advance::Call(match self.state.scope {
                            Scope::Zone => api::delete_zone_certificate(&zone, &id),
                            Scope::Hostname => api::delete_hostname_certificate(&zone, &id),
                        })
                    }
                }
            }
            Phase::WaitDeleted { redelete: Some(id) } => {
                let id = CertificateId::parse_named(&id, "state.phase.redelete")?;
                Advance::Call(match self.state.scope {
                    Scope::Zone => api::delete_zone_certificate(&zone, &id),
                    Scope::Hostname => api::delete_hostname_certificate(&zone, &id),
                })
            }
            Phase::WaitDeleted { redelete: None } => {
                let pending = self.state.deletion_pending();
                let Some(first) = pending.first() else {
                    self.complete();
                    return Ok(Advance::Done);
                };
                if self.now_ms >= self.state.deadline_ms {
                    // The rotation is done; a deletion still in progress finishes on its own.
                    self.complete();
                    return Ok(Advance::Done);
                }
                if self.now_ms < self.state.next_poll_at_ms {
                    let ms = u32::try_from(self.state.next_poll_at_ms - self.now_ms).unwrap_or(u32::MAX);
                    let attempt = self.state.polls;
                    self.event_counted("wait", attempt, None, (0, 0), format!("next poll in {ms} ms"));
                    return Ok(Advance::Wait(ms));
                }
                let id = CertificateId::parse_named(first, "state.deleted[]")?;
                Advance::Call(match self.state.scope {
                    Scope::Zone => api::get_zone_certificate(&zone, &id),
                    Scope::Hostname => api::get_hostname_certificate(&zone, &id),
                })
            }
            Phase::Finished => {
                self.complete();
                Advance::Done
            }
        })
    }

    /// In a wait: `Some` to wait longer (or end on the time-out), `None` when a poll is due.
    fn wait_due(&mut self) -> Option<Advance> {
        let now = self.now_ms;
        if now >= self.state.deadline_ms {
            let waited = now.saturating_sub(self.state.started_at_ms);
            let what = match self.state.phase {
                Phase::WaitCertificate => "the new certificate to become active",
                _ => "every association to become active on the new certificate",
            };
            let failure = Failure {
                code: "ROTATION_TIMEOUT".to_owned(),
                message: format!(
                    "gave up waiting for {what} after {} polls ({waited} ms since the start; timeoutMs {})",
                    self.state.polls, self.state.timeout_ms
                ),
                step: self.state.phase.step().to_owned(),
                status: None,
            };
            self.deployment_failed(failure);
            return Some(self.advance());
        }
        if now < self.state.next_poll_at_ms {
            let ms = u32::try_from(self.state.next_poll_at_ms - now).unwrap_or(u32::MAX);
            let attempt = self.state.polls;
            self.event_counted("wait", attempt, None, (0, 0), format!("next poll in {ms} ms"));
            return Some(Advance::Wait(ms));
        }
        None
    }

    fn start_wait(&mut self, phase: Phase) {
        self.set_phase(phase);
        self.state.polls = 0;
        self.state.interval_ms = self.state.poll_interval_ms;
        self.state.next_poll_at_ms = self.now_ms.saturating_add(u64::from(self.state.interval_ms));
    }

    /// After a poll that saw no final status: the next one after a longer interval.
    fn schedule_poll(&mut self) {
        self.state.next_poll_at_ms = self.now_ms.saturating_add(u64::from(self.state.interval_ms));
        let grown = self.state.interval_ms.saturating_add(self.state.interval_ms / 2);
        self.state.interval_ms = grown.min(self.state.max_poll_interval_ms).max(1);
    }

    fn set_phase(&mut self, phase: Phase) {
        let changed = phase.step() != self.state.phase.step();
        self.state.phase = phase;
        if changed {
            self.attempts = 0;
            let message = match self.state.phase {
                Phase::Upload { .. } => "uploading the new certificate",
                Phase::WaitCertificate => "waiting for the new certificate to become active",
                Phase::Switch { .. } => "pointing the hostnames at the new certificate",
                Phase::WaitAssociations { .. } => "waiting for every association to become active",
                Phase::EnableZone { .. } => "making sure zone-level AOP is on",
                Phase::CheckOldUnused { .. } | Phase::DeleteOld => "deleting the old certificate(s)",
                Phase::WaitDeleted { .. } => "waiting until Cloudflare reports the old certificate(s) deleted",
                Phase::Rollback { .. } => "pointing the switched hostnames back at their previous certificates",
                Phase::ListCertificates | Phase::ListAssociations { .. } => "reading what the zone has",
                Phase::Finished => "finished",
            };
            let total = match self.state.phase {
                Phase::Switch { .. } => self.batches(false),
                Phase::Rollback { .. } => self.batches(true),
                _ => 0,
            };
            self.event_counted("step", 0, None, (0, total), message);
        }
    }

    fn on_result(&mut self, result: Result<Value>) {
        let outcome = match result {
            Ok(value) => self.on_value(value),
            Err(e) => self.on_error(e),
        };
        if let Err(e) = outcome {
            // The answer could not be used: stop where we are. An unexpected shape may pass
            // on a new attempt; an argument the zone's contents refuted (several old
            // certificates, too many hostnames) needs other options, not the same state.
            let resumable = !matches!(e, Error::InvalidArgument { .. });
            self.fail(&e, resumable);
        }
    }

    fn on_error(&mut self, e: Error) -> Result<()> {
        match self.state.phase.clone() {
            // A DELETE answered 404: it is already gone (a repeated step after a resumption).
            Phase::DeleteOld if matches!(e, Error::CfApi { status: 404, .. }) => {
                self.mark_deleted();
                Ok(())
            }
            // Gone already (404), or the confirmation could not be read: the rotation itself
            // is done either way.
            Phase::WaitDeleted { redelete: None } if matches!(e, Error::CfApi { status: 404, .. }) => {
                self.confirm_deleted();
                Ok(())
            }
            Phase::WaitDeleted { .. } => {
                self.complete();
                Ok(())
            }
            // A 2xx whose body could not be read: the PUT was accepted; the wait that follows
            // confirms each association from the list (or times out and rolls back).
            Phase::Switch { .. } if matches!(e, Error::CfApi { status: 200..=299, .. }) => {
                self.on_value(Value::Null)
            }
            // Nothing is known to be applied when a switch fails, so undo what may have been.
            Phase::Switch { .. } => {
                self.start_rollback(failure(&e, self.state.phase.step()));
                Ok(())
            }
            // Reads failing: stop here; running again with the state continues.
            _ => {
                self.fail(&e, true);
                Ok(())
            }
        }
    }

    fn on_value(&mut self, value: Value) -> Result<()> {
        match self.state.phase.clone() {
            Phase::ListCertificates => self.on_certificate_list(&value),
            Phase::ListAssociations { page } => {
                if self.collect_page(&value)? {
                    self.choose_targets()
                } else {
                    self.state.phase = Phase::ListAssociations { page: page.saturating_add(1) };
                    Ok(())
                }
            }
            Phase::Upload { checked: false } => {
                match api::find_uploaded(&value, &self.state.certificate) {
                    Some(id) => {
                        self.event("step", None, format!("the new certificate is already uploaded as {id}"));
                        self.uploaded(id, status_of(&value, None));
                    }
                    None => self.state.phase = Phase::Upload { checked: true },
                }
                Ok(())
            }
            Phase::Upload { checked: true } => {
                let id = value
                    .get("id")
                    .and_then(Value::as_str)
                    .ok_or_else(|| unexpected("the upload answer has no id"))?;
                CertificateId::parse_named(id, "the uploaded certificate's id")?;
                let status = value.get("status").and_then(Value::as_str).map(str::to_owned);
                self.uploaded(id.to_ascii_lowercase(), status);
                Ok(())
            }
            Phase::WaitCertificate => {
                let status = value.get("status").and_then(Value::as_str).unwrap_or("").to_owned();
                self.state.polls = self.state.polls.saturating_add(1);
                self.state.new_cert_status = Some(status.clone());
                let polls = self.state.polls;
                self.event_counted("poll", polls, Some(status.clone()), (0, 0), format!("new certificate: {status}"));
                match status.as_str() {
                    "active" => self.certificate_active(),
                    "deployment_timed_out" => {
                        self.deployment_failed(Failure {
                            code: "DEPLOYMENT_TIMED_OUT".to_owned(),
                            message: "Cloudflare reports deployment_timed_out for the new certificate".to_owned(),
                            step: "wait_certificate".to_owned(),
                            status: None,
                        });
                    }
                    s if GOING.contains(&s) => {
                        return Err(unexpected(&format!(
                            "the new certificate is {s}: something else is deleting it"
                        )))
                    }
                    _ => self.schedule_poll(),
                }
                Ok(())
            }
            Phase::Switch { batch } => {
                let total = self.batches(false);
                let done = batch.saturating_add(1);
                self.event_counted("step", done, None, (done, total), format!("sent batch {done} of {total}"));
                self.state.phase = Phase::Switch { batch: done };
                Ok(())
            }
            Phase::WaitAssociations { page } => {
                if !self.collect_page(&value)? {
                    self.state.phase = Phase::WaitAssociations { page: page.saturating_add(1) };
                    return Ok(());
                }
                self.associations_polled();
                Ok(())
            }
            Phase::CheckOldUnused { page } => {
                if self.collect_page(&value)? {
                    self.decide_deletions();
                } else {
                    self.state.phase = Phase::CheckOldUnused { page: page.saturating_add(1) };
                }
                Ok(())
            }
            Phase::EnableZone { checked: false } => {
                let enabled = value.get("enabled").and_then(Value::as_bool).unwrap_or(false);
                self.state.zone_enabled_before.get_or_insert(enabled);
                if enabled {
                    self.zone_enabled();
                } else {
                    self.state.phase = Phase::EnableZone { checked: true };
                }
                Ok(())
            }
            Phase::EnableZone { checked: true } => {
                self.event("step", Some("enabled".to_owned()), "zone-level AOP turned on");
                self.zone_enabled();
                Ok(())
            }
            Phase::DeleteOld => {
                self.mark_deleted();
                Ok(())
            }
            Phase::WaitDeleted { redelete: Some(_) } => {
                self.state.phase = Phase::WaitDeleted { redelete: None };
                self.schedule_poll();
                Ok(())
            }
            Phase::WaitDeleted { redelete: None } => {
                let status = value.get("status").and_then(Value::as_str).unwrap_or("").to_owned();
                self.state.polls = self.state.polls.saturating_add(1);
                let polls = self.state.polls;
                let id = self.state.deletion_pending().first().cloned().unwrap_or_default();
                self.event_counted("poll", polls, Some(status.clone()), (0, 0), format!("old certificate {id}: {status}"));
                match status.as_str() {
                    "deleted" => self.confirm_deleted(),
                    "deletion_timed_out" => self.state.phase = Phase::WaitDeleted { redelete: Some(id) },
                    _ => self.schedule_poll(),
                }
                Ok(())
            }
            Phase::Rollback { batch } => {
                for i in self.batch_range(batch, true) {
                    if let Some(t) = self.state.targets.get_mut(i) {
                        t.rolled_back = true;
                    }
                }
                // The rolled-back ones leave the eligible list: batch 0 is the next one.
                self.state.phase = Phase::Rollback { batch: 0 };
                Ok(())
            }
            Phase::Finished => Ok(()),
        }
    }

    fn on_certificate_list(&mut self, value: &Value) -> Result<()> {
        let items = value.as_array().ok_or_else(|| unexpected("the certificate list is not an array"))?;
        let new_id = api::find_uploaded(value, &self.state.certificate);
        let ids: Vec<(String, Option<String>)> = items
            .iter()
            .filter_map(|item| {
                let id = item.get("id")?.as_str()?.to_ascii_lowercase();
                Some((id, item.get("status").and_then(Value::as_str).map(str::to_owned)))
            })
            .collect();
        if let Some(old) = &self.state.old_cert_id {
            if !ids.iter().any(|(id, s)| id == old && !s.as_deref().is_some_and(|s| GOING.contains(&s))) {
                return Err(invalid(format!(
                    "options.oldCertId {old} is not one of the zone's {} certificates (or it is being deleted)",
                    self.state.scope_name()
                )));
            }
            if new_id.as_deref() == Some(old.as_str()) {
                return Err(invalid("options.oldCertId is the new certificate itself"));
            }
        }
        if self.state.scope == Scope::Zone {
            self.state.old_cert_ids = ids
                .into_iter()
                .filter(|(id, s)| Some(id) != new_id.as_ref() && !s.as_deref().is_some_and(|s| GOING.contains(&s)))
                .map(|(id, _)| id)
                .collect();
        }
        if let Some(id) = new_id {
            self.event("step", None, format!("the new certificate is already uploaded as {id}"));
            self.state.new_cert_id = Some(id);
            self.state.new_cert_status = status_of(value, self.state.new_cert_id.as_deref());
        }
        match self.state.scope {
            Scope::Hostname => self.state.phase = Phase::ListAssociations { page: 1 },
            Scope::Zone => self.after_discovery(),
        }
        Ok(())
    }

    /// Add a page of the association list to the scratch list; `true` when it was the last.
    fn collect_page(&mut self, value: &Value) -> Result<bool> {
        let items = value.as_array().ok_or_else(|| unexpected("the association list is not an array"))?;
        self.state.scratch.extend(items.iter().filter_map(Association::from_json));
        // Pages are full until the last (the call's `result_info` is not needed for that).
        Ok(items.len() < PER_PAGE as usize)
    }

    fn choose_targets(&mut self) -> Result<()> {
        let live: Vec<Association> = std::mem::take(&mut self.state.scratch).into_iter().filter(Association::live).collect();
        let new = self.state.new_cert_id.clone();
        let previous_of = |h: &str| {
            live.iter().find(|a| a.hostname == h).map(|a| Previous {
                cert_id: a.cert_id.clone(),
                enabled: a.enabled.unwrap_or(true),
            })
        };
        let (hosts, mut olds): (Vec<String>, Vec<String>) = match (&self.state.hostnames, &self.state.old_cert_id) {
            (Some(hosts), old) => (hosts.clone(), old.iter().cloned().collect()),
            (None, Some(old)) => {
                (live.iter().filter(|a| &a.cert_id == old).map(|a| a.hostname.clone()).collect(), vec![old.clone()])
            }
            (None, None) => {
                let mut used: Vec<String> = Vec::new();
                for a in live.iter().filter(|a| Some(&a.cert_id) != new.as_ref()) {
                    if !used.contains(&a.cert_id) {
                        used.push(a.cert_id.clone());
                    }
                }
                match used.as_slice() {
                    [] => {
                        return Err(invalid(
                            "no hostname of the zone is associated with a hostname certificate, so there is nothing to replace; pass options.hostnames to choose the hostnames for the new certificate",
                        ))
                    }
                    [one] => (
                        live.iter().filter(|a| &a.cert_id == one).map(|a| a.hostname.clone()).collect(),
                        vec![one.clone()],
                    ),
                    several => {
                        return Err(invalid(format!(
                            "the zone's hostnames use several certificates ({}); pass options.oldCertId or options.hostnames to say which to replace",
                            several.join(", ")
                        )))
                    }
                }
            }
        };
        if hosts.len() > MAX_BATCH as usize {
            return Err(invalid(format!(
                "{} hostnames would move to the new certificate; Cloudflare allows {MAX_BATCH} associations per certificate: pass options.hostnames with at most {MAX_BATCH}",
                hosts.len()
            )));
        }
        let mut targets = Vec::with_capacity(hosts.len());
        for h in hosts {
            // Already on the new certificate (a run whose state was lost): its previous is the
            // new certificate, so a rollback leaves it as it is instead of removing it.
            let previous = previous_of(&h);
            if let Some(p) = previous.as_ref().filter(|p| Some(&p.cert_id) != new.as_ref()) {
                if !olds.contains(&p.cert_id) {
                    olds.push(p.cert_id.clone());
                }
            }
            let enabled = previous.as_ref().is_none_or(|p| p.enabled);
            targets.push(Target { hostname: h, previous, enabled, switched: false, rolled_back: false, status: None });
        }
        self.state.targets = targets;
        self.state.old_cert_ids = olds;
        let n = self.state.targets.len();
        self.event("step", None, format!("{n} hostname(s) to move; old certificate(s): {}", self.state.old_cert_ids.join(", ")));
        self.after_discovery();
        Ok(())
    }

    fn after_discovery(&mut self) {
        if let Some(id) = self.state.new_cert_id.clone() {
            self.uploaded(id, self.state.new_cert_status.clone());
        } else {
            self.set_phase(Phase::Upload { checked: true });
        }
    }

    fn uploaded(&mut self, id: String, status: Option<String>) {
        self.state.new_cert_id = Some(id);
        self.state.new_cert_status = status;
        // The key is not needed any more.
        self.body = None;
        self.start_wait(Phase::WaitCertificate);
        if self.state.new_cert_status.as_deref() == Some("active") {
            self.state.next_poll_at_ms = self.now_ms;
        }
    }

    fn certificate_active(&mut self) {
        match self.state.scope {
            Scope::Zone => self.set_phase(Phase::EnableZone { checked: false }),
            Scope::Hostname if !self.state.targets.is_empty() => self.set_phase(Phase::Switch { batch: 0 }),
            Scope::Hostname if self.state.delete_old => self.set_phase(Phase::CheckOldUnused { page: 1 }),
            Scope::Hostname => self.complete(),
        }
    }

    fn zone_enabled(&mut self) {
        if self.state.delete_old {
            self.set_phase(Phase::DeleteOld);
        } else {
            self.complete();
        }
    }

    fn associations_polled(&mut self) {
        let list = std::mem::take(&mut self.state.scratch);
        let new = self.state.new_cert_id.clone().unwrap_or_default();
        let mut active = 0u32;
        let mut timed_out = Vec::new();
        for t in &mut self.state.targets {
            let seen = list.iter().find(|a| a.hostname == t.hostname && a.cert_id == new);
            t.status = seen.and_then(|a| a.status.clone());
            match t.status.as_deref() {
                Some("active") => active += 1,
                Some("deployment_timed_out") => timed_out.push(t.hostname.clone()),
                _ => {}
            }
        }
        self.state.polls = self.state.polls.saturating_add(1);
        let total = u32::try_from(self.state.targets.len()).unwrap_or(u32::MAX);
        let polls = self.state.polls;
        let summary = if timed_out.is_empty() {
            if active == total { "active" } else { "pending_deployment" }
        } else {
            "deployment_timed_out"
        };
        self.event_counted(
            "poll",
            polls,
            Some(summary.to_owned()),
            (active, total),
            format!("{active} of {total} association(s) active on the new certificate"),
        );
        if !timed_out.is_empty() {
            self.deployment_failed(Failure {
                code: "DEPLOYMENT_TIMED_OUT".to_owned(),
                message: format!("Cloudflare reports deployment_timed_out for {}", timed_out.join(", ")),
                step: "wait_associations".to_owned(),
                status: None,
            });
        } else if active == total {
            // Confirmed: every switched association serves the new certificate.
            if self.state.delete_old {
                self.state.scratch = list;
                self.decide_deletions();
            } else {
                self.complete();
            }
        } else {
            self.schedule_poll();
        }
    }

    /// Hostname scope, with a fresh association list in `scratch`: keep every old
    /// certificate some live association still uses, delete the others.
    fn decide_deletions(&mut self) {
        let list = std::mem::take(&mut self.state.scratch);
        if !self.state.delete_old {
            self.complete();
            return;
        }
        for old in self.state.old_cert_ids.clone() {
            let users: Vec<&str> =
                list.iter().filter(|a| a.cert_id == old && a.live()).map(|a| a.hostname.as_str()).collect();
            if !users.is_empty() && !self.state.kept.iter().any(|k| k.cert_id == old) {
                let reason = format!("still associated with {} (not part of this rotation)", users.join(", "));
                self.state.kept.push(Kept { cert_id: old, reason });
            }
        }
        self.set_phase(Phase::DeleteOld);
    }

    fn confirm_deleted(&mut self) {
        if let Some(id) = self.state.deletion_pending().first().cloned() {
            self.state.deletion_confirmed.push(id);
        }
    }

    fn mark_deleted(&mut self) {
        let next = self.state.old_cert_ids.iter().find(|id| {
            !self.state.deleted.contains(id) && !self.state.kept.iter().any(|k| &k.cert_id == *id)
        });
        if let Some(id) = next.cloned() {
            self.event("step", Some("deleted".to_owned()), format!("deleted the old certificate {id}"));
            self.state.deleted.push(id);
        }
    }

    /// A deployment failed or the waits timed out.
    fn deployment_failed(&mut self, failure: Failure) {
        if self.state.targets.iter().any(|t| t.switched && !t.rolled_back) {
            self.start_rollback(failure);
        } else {
            let id = self.state.new_cert_id.clone().unwrap_or_default();
            let advice = if failure.code == "DEPLOYMENT_TIMED_OUT" {
                format!(
                    "The new certificate {id} failed to deploy; nothing was switched and the old certificate is untouched. Delete {id} and run the rotation again (a new upload), or contact Cloudflare support if it repeats."
                )
            } else {
                format!(
                    "The new certificate {id} did not become active in time; nothing was switched and the old certificate is untouched. Run again with the saved state to keep waiting (a larger timeoutMs helps)."
                )
            };
            let resumable = failure.code != "DEPLOYMENT_TIMED_OUT";
            self.stop(Outcome::Failed, Some(failure), resumable, advice);
        }
    }

    fn start_rollback(&mut self, reason: Failure) {
        self.state.rollback_reason = Some(reason);
        self.set_phase(Phase::Rollback { batch: 0 });
    }

    fn finish_rollback(&mut self) {
        let reason = self.state.rollback_reason.clone();
        let hosts: Vec<&str> =
            self.state.targets.iter().filter(|t| t.rolled_back).map(|t| t.hostname.as_str()).collect();
        let new = self.state.new_cert_id.clone().unwrap_or_default();
        let advice = format!(
            "{} Rolled back {} hostname(s) ({}) to their previous certificates; the old certificate(s) {} are kept. The new certificate {new} is left uploaded: delete it, or fix the cause and run the rotation again.",
            reason.as_ref().map(|r| r.message.as_str()).unwrap_or("The rotation failed."),
            hosts.len(),
            hosts.join(", "),
            self.state.old_cert_ids.join(", "),
        );
        self.state.phase = Phase::Finished;
        self.stop(Outcome::RolledBack, reason, false, advice);
    }

    fn complete(&mut self) {
        if self.state.stop.is_some() {
            return;
        }
        self.state.phase = Phase::Finished;
        let new = self.state.new_cert_id.clone().unwrap_or_default();
        let mut advice = match self.state.scope {
            Scope::Zone => format!("The zone uses the new certificate {new}."),
            Scope::Hostname => format!("{} hostname(s) use the new certificate {new}.", self.state.targets.len()),
        };
        if !self.state.deleted.is_empty() {
            advice.push_str(&format!(" Deleted {}.", self.state.deleted.join(", ")));
        }
        let pending = self.state.deletion_pending();
        if !pending.is_empty() {
            advice.push_str(&format!(
                " Cloudflare was still deleting {} when the rotation ended (pending_deletion); it finishes on its own.",
                pending.join(", ")
            ));
        }
        for k in &self.state.kept {
            advice.push_str(&format!(" Kept {}: {}.", k.cert_id, k.reason));
        }
        self.stop(Outcome::Completed, None, false, advice);
    }

    fn fail(&mut self, e: &Error, resumable: bool) {
        let step = self.state.phase.step();
        let f = failure(e, step);
        let switched = self.state.targets.iter().any(|t| t.switched && !t.rolled_back);
        let advice = match &self.state.phase {
            Phase::ListCertificates | Phase::ListAssociations { .. } => {
                "Nothing was changed. Fix the cause and run the rotation again.".to_owned()
            }
            Phase::Upload { .. } => {
                "Nothing was switched and the old certificate is untouched. Fix the cause and run again with the saved state and the certificate and key (it checks whether the upload happened before uploading)."
                    .to_owned()
            }
            Phase::Rollback { .. } => {
                "The rollback could not finish: some hostnames may still point at the new certificate (it stays in place, so they keep a certificate). Run again with the saved state to finish the rollback."
                    .to_owned()
            }
            Phase::DeleteOld | Phase::CheckOldUnused { .. } | Phase::WaitDeleted { .. } => {
                "The new certificate is in use; deleting the old certificate(s) failed. Run again with the saved state to finish, or delete them yourself once no hostname uses them."
                    .to_owned()
            }
            _ if switched => {
                "Some hostnames point at the new certificate and nothing was deleted, so every hostname keeps a certificate. Run again with the saved state to continue."
                    .to_owned()
            }
            _ => "Nothing was deleted. Run again with the saved state to continue.".to_owned(),
        };
        self.stop(Outcome::Failed, Some(f), resumable, advice);
    }

    fn stop(&mut self, outcome: Outcome, error: Option<Failure>, resumable: bool, advice: String) {
        let message = advice.clone();
        self.state.stop = Some(Stop { outcome, error, resumable, advice });
        self.body = None;
        self.event_counted("done", 0, Some(outcome_name(outcome).to_owned()), (0, 0), message);
    }

    fn result(&self) -> RotationResult {
        let stop = self.state.stop.clone().unwrap_or(Stop {
            outcome: Outcome::Failed,
            error: Some(Failure {
                code: "INTERNAL".to_owned(),
                message: "the rotation stopped without an outcome".to_owned(),
                step: self.state.phase.step().to_owned(),
                status: None,
            }),
            resumable: true,
            advice: "Run again with the saved state.".to_owned(),
        });
        RotationResult {
            ok: stop.outcome == Outcome::Completed,
            outcome: stop.outcome,
            scope: self.state.scope,
            zone_id: self.state.zone_id.clone(),
            new_cert_id: self.state.new_cert_id.clone(),
            old_cert_ids: self.state.old_cert_ids.clone(),
            deleted: self.state.deleted.clone(),
            deletion_pending: self.state.deletion_pending(),
            kept: self.state.kept.clone(),
            hostnames: self.state.targets.clone(),
            error: stop.error,
            resumable: stop.resumable,
            advice: stop.advice,
            calls: self.state.calls,
            elapsed_ms: self.now_ms.saturating_sub(self.state.started_at_ms),
            state: self.state.clone(),
        }
    }
}


// ---- reading a saved state ---------------------------------------------------------------

/// Reads a saved [`RotationState`] from a JSON value by hand: the derived `Deserialize` is kept
/// for Rust callers, but in the wasm build it costs about 100 KiB, so the boundary uses this.
mod read {
    use super::*;

    fn bad(path: &str, what: &str) -> Error {
        invalid(format!("options.state.{path} must be {what}; pass a state saved by rotate unchanged"))
    }

    pub(super) struct Obj<'a> {
        map: &'a serde_json::Map<String, Value>,
        path: String,
    }

    impl<'a> Obj<'a> {
        pub(super) fn new(v: &'a Value, path: &str) -> Result<Self> {
            v.as_object().map(|map| Self { map, path: path.to_owned() }).ok_or_else(|| bad(path, "an object"))
        }
        fn at(&self, k: &str) -> String {
            if self.path.is_empty() { k.to_owned() } else { format!("{}.{k}", self.path) }
        }
        fn get(&self, k: &str) -> Option<&'a Value> {
            self.map.get(k).filter(|v| !v.is_null())
        }
        pub(super) fn string(&self, k: &str) -> Result<String> {
            self.opt_string(k)?.ok_or_else(|| bad(&self.at(k), "a string"))
        }
        pub(super) fn opt_string(&self, k: &str) -> Result<Option<String>> {
            self.get(k).map(|v| v.as_str().map(str::to_owned).ok_or_else(|| bad(&self.at(k), "a string"))).transpose()
        }
        pub(super) fn boolean(&self, k: &str) -> Result<bool> {
            self.opt_bool(k)?.ok_or_else(|| bad(&self.at(k), "true or false"))
        }
        pub(super) fn opt_bool(&self, k: &str) -> Result<Option<bool>> {
            self.get(k).map(|v| v.as_bool().ok_or_else(|| bad(&self.at(k), "true or false"))).transpose()
        }
        pub(super) fn u64(&self, k: &str) -> Result<u64> {
            self.get(k).and_then(Value::as_u64).ok_or_else(|| bad(&self.at(k), "a whole number"))
        }
        pub(super) fn u32(&self, k: &str) -> Result<u32> {
            u32::try_from(self.u64(k)?).map_err(|_| bad(&self.at(k), "a smaller whole number"))
        }
        pub(super) fn opt_u16(&self, k: &str) -> Result<Option<u16>> {
            self.get(k)
                .map(|v| v.as_u64().and_then(|n| u16::try_from(n).ok()).ok_or_else(|| bad(&self.at(k), "an HTTP status")))
                .transpose()
        }
        pub(super) fn list<T>(&self, k: &str, item: impl Fn(&Value, &str) -> Result<T>) -> Result<Vec<T>> {
            self.opt_list(k, item).map(Option::unwrap_or_default)
        }
        pub(super) fn opt_list<T>(&self, k: &str, item: impl Fn(&Value, &str) -> Result<T>) -> Result<Option<Vec<T>>> {
            let Some(v) = self.get(k) else { return Ok(None) };
            let items = v.as_array().ok_or_else(|| bad(&self.at(k), "a list"))?;
            items.iter().enumerate().map(|(i, x)| item(x, &format!("{}[{i}]", self.at(k)))).collect::<Result<_>>().map(Some)
        }
        pub(super) fn opt_obj<T>(&self, k: &str, f: impl Fn(&Obj<'a>) -> Result<T>) -> Result<Option<T>> {
            self.get(k).map(|v| Obj::new(v, &self.at(k)).and_then(|o| f(&o))).transpose()
        }
    }

    pub(super) fn string(v: &Value, path: &str) -> Result<String> {
        v.as_str().map(str::to_owned).ok_or_else(|| bad(path, "a string"))
    }

    fn failure(o: &Obj<'_>) -> Result<Failure> {
        Ok(Failure {
            code: o.string("code")?,
            message: o.string("message")?,
            step: o.string("step")?,
            status: o.opt_u16("status")?,
        })
    }

    fn phase(o: &Obj<'_>) -> Result<Phase> {
        let name = o.string("name")?;
        Ok(match name.as_str() {
            "list_certificates" => Phase::ListCertificates,
            "list_associations" => Phase::ListAssociations { page: o.u32("page")? },
            "upload" => Phase::Upload { checked: o.boolean("checked")? },
            "wait_certificate" => Phase::WaitCertificate,
            "switch" => Phase::Switch { batch: o.u32("batch")? },
            "wait_associations" => Phase::WaitAssociations { page: o.u32("page")? },
            "enable_zone" => Phase::EnableZone { checked: o.boolean("checked")? },
            "check_old_unused" => Phase::CheckOldUnused { page: o.u32("page")? },
            "delete_old" => Phase::DeleteOld,
            "wait_deleted" => Phase::WaitDeleted { redelete: o.opt_string("redelete")? },
            "rollback" => Phase::Rollback { batch: o.u32("batch")? },
            "finished" => Phase::Finished,
            _ => return Err(bad(&o.at("name"), "a step name saved by rotate")),
        })
    }

    const OPTION_NAMES: [&str; 9] = [
        "scope", "zoneId", "hostnames", "oldCertId", "deleteOld", "pollIntervalMs", "maxPollIntervalMs", "timeoutMs",
        "batchSize",
    ];

    pub(super) fn options(v: &Value) -> Result<Options> {
        let map = v.as_object().ok_or_else(|| invalid("options must be an object"))?;
        if let Some(k) = map.keys().find(|k| !OPTION_NAMES.contains(&k.as_str())) {
            return Err(invalid(format!("options.{k} is not a rotation option (expected one of {})", OPTION_NAMES.join(", "))));
        }
        let o = Obj { map, path: "options".to_owned() };
        let num = |k: &str| -> Result<Option<u64>> {
            o.get(k).map(|v| v.as_u64().ok_or_else(|| invalid(format!("options.{k} must be a whole number of 0 or more")))).transpose()
        };
        let small = |k: &str| -> Result<Option<u32>> {
            num(k)?.map(|n| u32::try_from(n).map_err(|_| invalid(format!("options.{k} is too large")))).transpose()
        };
        let scope = match o.get("scope").and_then(Value::as_str) {
            Some("hostname") => Scope::Hostname,
            Some("zone") => Scope::Zone,
            _ => return Err(invalid("options.scope must be 'hostname' or 'zone'")),
        };
        Ok(Options {
            scope,
            zone_id: o.get("zoneId").and_then(Value::as_str).map(str::to_owned).ok_or_else(|| invalid("options.zoneId must be a string"))?,
            hostnames: o.opt_list("hostnames", string)?,
            old_cert_id: o.opt_string("oldCertId")?,
            delete_old: o.opt_bool("deleteOld")?,
            poll_interval_ms: small("pollIntervalMs")?,
            max_poll_interval_ms: small("maxPollIntervalMs")?,
            timeout_ms: num("timeoutMs")?,
            batch_size: small("batchSize")?,
        })
    }

    pub(super) fn state(v: &Value) -> Result<RotationState> {
        let o = Obj::new(v, "")?;
        let scope = match o.string("scope")?.as_str() {
            "hostname" => Scope::Hostname,
            "zone" => Scope::Zone,
            _ => return Err(bad("scope", "'hostname' or 'zone'")),
        };
        Ok(RotationState {
            version: o.u32("version")?,
            scope,
            zone_id: o.string("zoneId")?,
            certificate: o.string("certificate")?,
            certificate_sha256: o.string("certificateSha256")?,
            hostnames: o.opt_list("hostnames", string)?,
            old_cert_id: o.opt_string("oldCertId")?,
            delete_old: o.boolean("deleteOld")?,
            batch_size: o.u32("batchSize")?,
            poll_interval_ms: o.u32("pollIntervalMs")?,
            max_poll_interval_ms: o.u32("maxPollIntervalMs")?,
            timeout_ms: o.u64("timeoutMs")?,
            started_at_ms: o.u64("startedAtMs")?,
            deadline_ms: o.u64("deadlineMs")?,
            phase: o.opt_obj("phase", phase)?.ok_or_else(|| bad("phase", "an object"))?,
            new_cert_id: o.opt_string("newCertId")?,
            new_cert_status: o.opt_string("newCertStatus")?,
            old_cert_ids: o.list("oldCertIds", string)?,
            targets: o.list("targets", |v, p| {
                let t = Obj::new(v, p)?;
                Ok(Target {
                    hostname: t.string("hostname")?,
                    previous: t.opt_obj("previous", |p| Ok(Previous { cert_id: p.string("certId")?, enabled: p.boolean("enabled")? }))?,
                    enabled: t.boolean("enabled")?,
                    switched: t.boolean("switched")?,
                    rolled_back: t.boolean("rolledBack")?,
                    status: t.opt_string("status")?,
                })
            })?,
            deleted: o.list("deleted", string)?,
            deletion_confirmed: o.list("deletionConfirmed", string)?,
            kept: o.list("kept", |v, p| {
                let k = Obj::new(v, p)?;
                Ok(Kept { cert_id: k.string("certId")?, reason: k.string("reason")? })
            })?,
            zone_enabled_before: o.opt_bool("zoneEnabledBefore")?,
            polls: o.u32("polls")?,
            interval_ms: o.u32("intervalMs")?,
            next_poll_at_ms: o.u64("nextPollAtMs")?,
            scratch: o.list("scratch", |v, p| {
                let a = Obj::new(v, p)?;
                Ok(Association {
                    hostname: a.string("hostname")?,
                    cert_id: a.string("certId")?,
                    enabled: a.opt_bool("enabled")?,
                    status: a.opt_string("status")?,
                })
            })?,
            calls: o.u32("calls")?,
            rollback_reason: o.opt_obj("rollbackReason", failure)?,
            stop: o.opt_obj("stop", |s| {
                let outcome = match s.string("outcome")?.as_str() {
                    "completed" => Outcome::Completed,
                    "rolled_back" => Outcome::RolledBack,
                    "failed" => Outcome::Failed,
                    _ => return Err(bad(&s.at("outcome"), "completed, rolled_back or failed")),
                };
                Ok(Stop {
                    outcome,
                    error: s.opt_obj("error", failure)?,
                    resumable: s.boolean("resumable")?,
                    advice: s.string("advice")?,
                })
            })?,
        })
    }
}

impl Options {
    /// Read the options from the contract's JSON (camelCase names; an unknown name is an
    /// error), without serde's derived code (smaller wasm). Same result as the derived
    /// `Deserialize`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the option.
    pub fn from_json(value: &Value) -> Result<Self> {
        read::options(value)
    }
}

impl RotationState {
    /// Read a saved state (the JSON `rotate` saves) without serde's derived code, which costs
    /// about 100 KiB of wasm. Same result as `serde_json::from_value`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the first field that is missing or of the wrong type.
    pub fn from_json(value: &Value) -> Result<Self> {
        read::state(value)
    }

    /// Deleted certificates not yet confirmed `deleted`.
    pub fn deletion_pending(&self) -> Vec<String> {
        self.deleted.iter().filter(|id| !self.deletion_confirmed.contains(id)).cloned().collect()
    }

    fn scope_name(&self) -> &'static str {
        match self.scope {
            Scope::Zone => "zone-level",
            Scope::Hostname => "hostname",
        }
    }
}

enum Advance {
    Call(Request),
    Wait(u32),
    Done,
}

fn outcome_name(o: Outcome) -> &'static str {
    match o {
        Outcome::Completed => "completed",
        Outcome::RolledBack => "rolled_back",
        Outcome::Failed => "failed",
    }
}

fn failure(e: &Error, step: &str) -> Failure {
    Failure {
        code: e.code().to_owned(),
        message: e.to_string(),
        step: step.to_owned(),
        status: match e {
            Error::CfApi { status, .. } => Some(*status),
            _ => None,
        },
    }
}

fn unexpected(detail: &str) -> Error {
    Error::CfApi {
        status: 200,
        errors: Vec::new(),
        messages: Vec::new(),
        ray_id: None,
        detail: Some(format!("unexpected answer: {detail}")),
        hint: None,
    }
}

/// The `status` of the list item with this id (or of the first item when `id` is `None`).
fn status_of(list: &Value, id: Option<&str>) -> Option<String> {
    list.as_array()?
        .iter()
        .find(|i| id.is_none_or(|id| i.get("id").and_then(Value::as_str).is_some_and(|x| x.eq_ignore_ascii_case(id))))
        .and_then(|i| i.get("status"))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

fn describe(op: Operation) -> &'static str {
    match op {
        Operation::ListZoneCertificates => "zone certificates",
        Operation::UploadZoneCertificate => "upload zone certificate",
        Operation::GetZoneCertificate => "zone certificate",
        Operation::DeleteZoneCertificate => "delete zone certificate",
        Operation::GetZoneSetting => "zone-level AOP setting",
        Operation::SetZoneSetting => "turn on zone-level AOP",
        Operation::ListHostnameCertificates => "hostname certificates",
        Operation::UploadHostnameCertificate => "upload hostname certificate",
        Operation::GetHostnameCertificate => "hostname certificate",
        Operation::DeleteHostnameCertificate => "delete hostname certificate",
        Operation::SetHostnames => "hostname associations",
        Operation::GetHostname => "hostname association",
        Operation::ListHostnames => "association list",
    }
}

// ---- dry run -------------------------------------------------------------------------------

/// One request of a dry run.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannedStep {
    /// The step it belongs to (as in progress events).
    pub step: &'static str,
    pub operation_id: &'static str,
    pub method: Method,
    /// Below the base URL; ids not known before the run are written `<new-certificate-id>`,
    /// `<old-certificate-id>`.
    pub path: String,
    /// JSON text; an upload's `private_key` is `[REDACTED]`.
    pub body: Option<String>,
    pub description: String,
}

const NEW_ID: &str = "<new-certificate-id>";
const OLD_ID: &str = "<old-certificate-id>";

/// Every request a rotation sends when all goes well, in order, without sending anything. The
/// certificate and key are validated as for [`Rotation::new`]. Polls appear once (repeated
/// until the status is `active` or `deleted`); lists that depend on the zone's contents are
/// described.
///
/// # Errors
/// As [`Rotation::new`].
pub fn plan(options: &Options, new: &NewCertificate<'_>) -> Result<Vec<PlannedStep>> {
    let (zone, batch, poll, max_poll, timeout) = check_options(options)?;
    let hostnames = options.hostnames.as_deref().map(normalised_hostnames).transpose()?;
    let (_, certificate, _) = validated(new)?;
    let base = format!("/zones/{}/origin_tls_client_auth", zone.as_str());
    let old = options.old_cert_id.as_ref().map(|s| s.to_ascii_lowercase());
    let upload_body = serde_json::to_string(&serde_json::json!({"certificate": certificate, "private_key": "[REDACTED]"}))
        .map_err(|e| invalid(format!("plan could not be serialised ({e})")))?;
    let polling = format!(
        "repeated every {poll} ms (growing by half to at most {max_poll} ms) until the status is active; gives up after {timeout} ms"
    );
    let mut steps = Vec::new();
    let mut push = |step: &'static str, op: Operation, path: String, body: Option<String>, description: String| {
        steps.push(PlannedStep { step, operation_id: op.operation_id(), method: op.method(), path, body, description });
    };
    let delete_old = options.delete_old.unwrap_or(true);
    match options.scope {
        Scope::Zone => {
            push("discover", Operation::ListZoneCertificates, base.clone(), None,
                "list the zone-level certificates: the ones to replace, and whether the new one is already uploaded (then it is not uploaded again)".to_owned());
            push("upload", Operation::UploadZoneCertificate, base.clone(), Some(upload_body),
                "upload the new certificate and key (once; an unknown outcome is checked in the list before any new attempt)".to_owned());
            push("wait_certificate", Operation::GetZoneCertificate, format!("{base}/{NEW_ID}"), None,
                format!("read the new certificate's status, {polling}"));
            push("enable_zone", Operation::GetZoneSetting, format!("{base}/settings"), None,
                "is zone-level AOP on?".to_owned());
            push("enable_zone", Operation::SetZoneSetting, format!("{base}/settings"), Some(r#"{"enabled":true}"#.to_owned()),
                "only if it was off: turn zone-level AOP on (the new certificate is active by now)".to_owned());
            if delete_old {
                let id = old.clone().unwrap_or_else(|| OLD_ID.to_owned());
                push("delete_old", Operation::DeleteZoneCertificate, format!("{base}/{id}"), None,
                    "delete every other zone-level certificate, one request each, so exactly one is left (P4)".to_owned());
                push("delete_old", Operation::GetZoneCertificate, format!("{base}/{id}"), None,
                    format!("read each deleted certificate until Cloudflare reports it deleted (a deletion_timed_out is deleted again), {polling}"));
            }
        }
        Scope::Hostname => {
            let hbase = format!("{base}/hostnames");
            let list = format!("{hbase}?page=1&per_page={PER_PAGE}&status=all");
            push("discover", Operation::ListHostnameCertificates, format!("{hbase}/certificates"), None,
                "list the hostname certificates: is the new one already uploaded (then it is not uploaded again), does oldCertId exist".to_owned());
            push("discover", Operation::ListHostnames, list.clone(), None,
                "read every association (all statuses, further pages while a page is full) to choose the hostnames and remember what each uses, for a rollback".to_owned());
            push("upload", Operation::UploadHostnameCertificate, format!("{hbase}/certificates"), Some(upload_body),
                "upload the new certificate and key (once; an unknown outcome is checked in the list before any new attempt)".to_owned());
            push("wait_certificate", Operation::GetHostnameCertificate, format!("{hbase}/certificates/{NEW_ID}"), None,
                format!("read the new certificate's status, {polling}"));
            match &hostnames {
                Some(hosts) => {
                    let n = hosts.chunks(batch as usize).count();
                    for (i, chunk) in hosts.chunks(batch as usize).enumerate() {
                        let config: Vec<Value> = chunk
                            .iter()
                            .map(|h| serde_json::json!({"hostname": h, "cert_id": NEW_ID, "enabled": true}))
                            .collect();
                        let body = serde_json::json!({ "config": config }).to_string();
                        push("switch", Operation::SetHostnames, hbase.clone(), Some(body), format!(
                            "batch {} of {n}: point {} hostname(s) at the new certificate (a hostname that was disabled stays disabled)",
                            i + 1, chunk.len()
                        ));
                    }
                }
                None => {
                    let of = old.clone().unwrap_or_else(|| "the old certificate".to_owned());
                    let body = serde_json::json!({"config": [{"hostname": format!("<each hostname on {of}>"), "cert_id": NEW_ID, "enabled": true}]}).to_string();
                    push("switch", Operation::SetHostnames, hbase.clone(), Some(body), format!(
                        "point every hostname associated with {of} at the new certificate, at most {batch} per request (each keeps its enabled value)"
                    ));
                }
            }
            push("wait_associations", Operation::ListHostnames, list, None,
                format!("read the associations until every moved hostname is active on the new certificate, {polling}; a deployment_timed_out or the time-out points them back at their previous certificates instead"));
            if delete_old {
                let id = old.unwrap_or_else(|| OLD_ID.to_owned());
                push("delete_old", Operation::DeleteHostnameCertificate, format!("{hbase}/certificates/{id}"), None,
                    "delete each old certificate once no association uses it any more (one still used by a hostname outside the rotation is kept)".to_owned());
                push("delete_old", Operation::GetHostnameCertificate, format!("{hbase}/certificates/{id}"), None,
                    format!("read each deleted certificate until Cloudflare reports it deleted (a deletion_timed_out is deleted again), {polling}"));
            }
        }
    }
    Ok(steps)
}
