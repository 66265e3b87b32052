use super::*;

/// Which AOP level is rotated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Hostname,
    Zone,
}

/// The rotation's options (the contract's `options` without the certificate, key and
/// callbacks). Read from JSON with the contract's camelCase names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub scope: Scope,
    pub zone_id: String,
    /// Hostname scope: the hostnames to point at the new certificate. Default: every hostname
    /// associated with the old certificate.
    pub hostnames: Option<Vec<String>>,
    /// Hostname scope: the certificate being replaced. Default: the one certificate the
    /// zone's associations use (several: an error asking for this option). Zone scope: must
    /// exist when given; every other zone certificate is deleted anyway (exactly one is left).
    pub old_cert_id: Option<String>,
    /// Delete the old certificate(s) at the end (default true).
    pub delete_old: Option<bool>,
    /// First polling interval (default 2 s); grows by half after each poll.
    pub poll_interval_ms: Option<u32>,
    /// Longest polling interval (default 30 s).
    pub max_poll_interval_ms: Option<u32>,
    /// Overall time-out for the waits, from the start (or the resumption) (default 15 min).
    pub timeout_ms: Option<u64>,
    /// Hostnames per `PUT …/hostnames` (1 to 100, default 100).
    pub batch_size: Option<u32>,
}

/// What a hostname pointed at before the rotation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Previous {
    pub cert_id: String,
    pub enabled: bool,
}

/// One hostname being moved to the new certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Kept {
    pub cert_id: String,
    pub reason: String,
}

/// The step the rotation is at. Every step can be resumed: reads are repeated, the upload is
/// looked for in the list before it is sent, `PUT`s are idempotent and a `DELETE` answered
/// with 404 counts as done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Association {
    pub hostname: String,
    pub cert_id: String,
    pub enabled: Option<bool>,
    pub status: Option<String>,
}

impl Association {
    pub(super) fn from_json(item: &Value) -> Option<Self> {
        Some(Self {
            hostname: item.get("hostname")?.as_str()?.to_ascii_lowercase(),
            cert_id: item.get("cert_id")?.as_str()?.to_ascii_lowercase(),
            enabled: item.get("enabled").and_then(Value::as_bool),
            status: item.get("status").and_then(Value::as_str).map(str::to_owned),
        })
    }

    /// Not voided or being removed: it holds on to its certificate.
    pub(super) fn live(&self) -> bool {
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

// ---- reading a saved state ---------------------------------------------------------------

/// Reads the options and a saved [`RotationState`] from JSON values: the one reader of both
/// (no derived `Deserialize`, which costs about 100 KiB of wasm), for Rust callers and the
/// boundary alike. Errors name the field (`options.state.targets[0].hostname`).
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

    pub(super) fn scope_name(&self) -> &'static str {
        match self.scope {
            Scope::Zone => "zone-level",
            Scope::Hostname => "hostname",
        }
    }
}

