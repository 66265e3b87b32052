use super::*;

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
    pub(super) state: RotationState,
    /// The upload body (holds the key); `None` once it is not needed or was not given.
    pub(super) body: Option<UploadBody>,
    pub(super) call: Option<Call>,
    pub(super) policy: RetryPolicy,
    /// Answers received in the current step (the attempt number of request events).
    pub(super) attempts: u32,
    pub(super) events: Vec<Event>,
    pub(super) now_ms: u64,
}

pub(super) fn invalid(detail: impl Into<String>) -> Error {
    Error::InvalidArgument { detail: detail.into() }
}

/// Validate the new certificate and key; refuse on any error finding.
pub(super) fn validated(new: &NewCertificate<'_>) -> Result<(UploadBody, String, String)> {
    let report = check::validate_upload(&new.upload, &new.validate)?;
    if !report.ok {
        let codes = report
            .findings
            .iter()
            .filter(|f| f.severity == crate::check::findings::Severity::Error)
            .map(|f| f.code.as_str().to_owned())
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

pub(super) fn check_options(o: &Options) -> Result<(ZoneId, u32, u32, u32, u64)> {
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
pub(super) fn normalised_hostnames(hosts: &[String]) -> Result<Vec<String>> {
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

    pub(super) fn from_state(state: RotationState, body: Option<UploadBody>, now_ms: u64) -> Self {
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

    pub(super) fn event(&mut self, kind: &'static str, status: Option<String>, message: impl Into<String>) {
        self.event_counted(kind, self.attempts, status, (0, 0), message);
    }

    pub(super) fn event_counted(
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

    pub(super) fn zone(&self) -> Result<ZoneId> {
        ZoneId::parse_named(&self.state.zone_id, "state.zoneId")
    }

    pub(super) fn new_id(&self) -> Result<CertificateId> {
        let id = self.state.new_cert_id.as_deref().ok_or_else(|| invalid("state: no new certificate id"))?;
        CertificateId::parse_named(id, "state.newCertId")
    }

    pub(super) fn list_certificates(&self) -> Result<Request> {
        let zone = self.zone()?;
        Ok(match self.state.scope {
            Scope::Zone => api::list_zone_certificates(&zone),
            Scope::Hostname => api::list_hostname_certificates(&zone),
        })
    }

    pub(super) fn list_associations(&self, page: u32) -> Result<Request> {
        api::list_hostnames(&self.zone()?, Some(page), Some(PER_PAGE), Some(StatusFilter::All))
    }

    /// The targets of batch `batch` (by position) for the switch or the rollback.
    pub(super) fn batch_range(&self, batch: u32, rollback: bool) -> Vec<usize> {
        let size = self.state.batch_size.max(1) as usize;
        let eligible: Vec<usize> = (0..self.state.targets.len())
            .filter(|&i| !rollback || self.state.targets.get(i).is_some_and(|t| t.switched && !t.rolled_back))
            .collect();
        eligible.chunks(size).nth(batch as usize).map(<[usize]>::to_vec).unwrap_or_default()
    }

    pub(super) fn batches(&self, rollback: bool) -> u32 {
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

    pub(super) fn start_wait(&mut self, phase: Phase) {
        self.set_phase(phase);
        self.state.polls = 0;
        self.state.interval_ms = self.state.poll_interval_ms;
        self.state.next_poll_at_ms = self.now_ms.saturating_add(u64::from(self.state.interval_ms));
    }

    /// After a poll that saw no final status: the next one after a longer interval.
    pub(super) fn schedule_poll(&mut self) {
        self.state.next_poll_at_ms = self.now_ms.saturating_add(u64::from(self.state.interval_ms));
        let grown = self.state.interval_ms.saturating_add(self.state.interval_ms / 2);
        self.state.interval_ms = grown.min(self.state.max_poll_interval_ms).max(1);
    }

    pub(super) fn set_phase(&mut self, phase: Phase) {
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
}

enum Advance {
    Call(Request),
    Wait(u32),
    Done,
}

pub(super) fn unexpected(detail: &str) -> Error {
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
pub(super) fn status_of(list: &Value, id: Option<&str>) -> Option<String> {
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

