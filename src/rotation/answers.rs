//! What the machine makes of each answer: the phase transitions after a reply, rollback,
//! completion and failure.

use super::*;

impl Rotation {
    pub(super) fn on_result(&mut self, result: Result<Value>) {
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

    pub(super) fn on_error(&mut self, e: Error) -> Result<()> {
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

    pub(super) fn on_value(&mut self, value: Value) -> Result<()> {
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


    pub(super) fn uploaded(&mut self, id: String, status: Option<String>) {
        self.state.new_cert_id = Some(id);
        self.state.new_cert_status = status;
        // The key is not needed any more.
        self.body = None;
        self.start_wait(Phase::WaitCertificate);
        if self.state.new_cert_status.as_deref() == Some("active") {
            self.state.next_poll_at_ms = self.now_ms;
        }
    }

    pub(super) fn certificate_active(&mut self) {
        match self.state.scope {
            Scope::Zone => self.set_phase(Phase::EnableZone { checked: false }),
            Scope::Hostname if !self.state.targets.is_empty() => self.set_phase(Phase::Switch { batch: 0 }),
            Scope::Hostname if self.state.delete_old => self.set_phase(Phase::CheckOldUnused { page: 1 }),
            Scope::Hostname => self.complete(),
        }
    }

    pub(super) fn zone_enabled(&mut self) {
        if self.state.delete_old {
            self.set_phase(Phase::DeleteOld);
        } else {
            self.complete();
        }
    }

    pub(super) fn associations_polled(&mut self) {
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
    pub(super) fn decide_deletions(&mut self) {
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

    pub(super) fn confirm_deleted(&mut self) {
        if let Some(id) = self.state.deletion_pending().first().cloned() {
            self.state.deletion_confirmed.push(id);
        }
    }

    pub(super) fn mark_deleted(&mut self) {
        let next = self.state.old_cert_ids.iter().find(|id| {
            !self.state.deleted.contains(id) && !self.state.kept.iter().any(|k| &k.cert_id == *id)
        });
        if let Some(id) = next.cloned() {
            self.event("step", Some("deleted".to_owned()), format!("deleted the old certificate {id}"));
            self.state.deleted.push(id);
        }
    }

    /// A deployment failed or the waits timed out.
    pub(super) fn deployment_failed(&mut self, failure: Failure) {
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

    pub(super) fn start_rollback(&mut self, reason: Failure) {
        self.state.rollback_reason = Some(reason);
        self.set_phase(Phase::Rollback { batch: 0 });
    }

    pub(super) fn finish_rollback(&mut self) {
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

    pub(super) fn complete(&mut self) {
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

    pub(super) fn fail(&mut self, e: &Error, resumable: bool) {
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

    pub(super) fn stop(&mut self, outcome: Outcome, error: Option<Failure>, resumable: bool, advice: String) {
        let message = advice.clone();
        self.state.stop = Some(Stop { outcome, error, resumable, advice });
        self.body = None;
        self.event_counted("done", 0, Some(outcome_name(outcome).to_owned()), (0, 0), message);
    }

    pub(super) fn result(&self) -> RotationResult {
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
