use super::*;

impl Rotation {

    pub(super) fn on_certificate_list(&mut self, value: &Value) -> Result<()> {
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
    pub(super) fn collect_page(&mut self, value: &Value) -> Result<bool> {
        let items = value.as_array().ok_or_else(|| unexpected("the association list is not an array"))?;
        self.state.scratch.extend(items.iter().filter_map(Association::from_json));
        // Pages are full until the last (the call's `result_info` is not needed for that).
        Ok(items.len() < PER_PAGE as usize)
    }

    pub(super) fn choose_targets(&mut self) -> Result<()> {
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

    pub(super) fn after_discovery(&mut self) {
        if let Some(id) = self.state.new_cert_id.clone() {
            self.uploaded(id, self.state.new_cert_status.clone());
        } else {
            self.set_phase(Phase::Upload { checked: true });
        }
    }
}
