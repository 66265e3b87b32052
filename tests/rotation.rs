//! The rotation state machine on the host, against a scripted model of the AOP API (statuses
//! move with a fake clock, as the emulator's do: initializing, pending_deployment, active) with
//! injected faults, crashes and resumptions. The model refuses and records anything unsafe:
//! deleting a certificate a hostname still presents or is still associated with, a second
//! upload of the same certificate.
//!
//! Certificates: tests/data/validate/ok-p256.* (the new one; made by tests/data/make.sh with
//! OpenSSL 3.0, valid 2026; `now` pinned to 2026-06-01T00:00:00Z) and key-mismatch.* (refused).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use originpull::api::{Method, Reply, Request};
use originpull::check;
use originpull::Input;
use originpull::rotation::{
    self, NewCertificate, Options, Outcome, Phase, Rotation, RotationResult, RotationState, Scope, Step,
};
use serde_json::{json, Value};
use std::collections::BTreeMap;

const ZONE: &str = "023e105f4ecef8ad9ca31a8372d0c353";
/// 2026-06-01T00:00:00Z, the fixtures' clock.
const NOW_MS: u64 = 1_780_272_000_000;
const CERT: &str = include_str!("data/validate/ok-p256.cert.pem");
const KEY: &str = include_str!("data/validate/ok-p256.key.pem");
const OTHER: &str = include_str!("data/validate/ok-rsa-2048.cert.pem");
const BAD_CERT: &str = include_str!("data/validate/key-mismatch.cert.pem");
const BAD_KEY: &str = include_str!("data/validate/key-mismatch.key.pem");
const DEPLOY_MS: u64 = 3_000;
const LATENCY_MS: u64 = 20;

fn new_cert<'a>(cert: &'a str, key: &'a str, scope: Scope) -> NewCertificate<'a> {
    NewCertificate {
        upload: check::Upload {
            certificate: Some(Input::Text(cert)),
            private_key: Some(Input::Text(key)),
            passphrase: None,
            ca_certificates: None,
            scope: match scope {
                Scope::Zone => check::Scope::Zone,
                Scope::Hostname => check::Scope::Hostname,
            },
        },
        validate: check::Options { now: (NOW_MS / 1000) as i64, expiry_warning_days: 30 },
    }
}

fn key_body() -> String {
    // A line of the key's base64, to look for in anything that must not hold it.
    KEY.lines().find(|l| !l.starts_with("-----") && l.len() > 20).unwrap().to_owned()
}

fn id(n: u32) -> String {
    format!("{n:08x}-0000-4000-8000-{n:012x}")
}

// ---- the model ---------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct Cert {
    id: String,
    pem: String,
    uploaded: u64,
    /// Never becomes active.
    times_out: bool,
    /// Stays pending (never active, never timed out).
    stuck: bool,
    /// When its DELETE was accepted.
    deleted_at: Option<u64>,
    /// The deletion times out (once).
    deletion_times_out: bool,
}

impl Cert {
    fn status(&self, now: u64) -> &'static str {
        if let Some(at) = self.deleted_at {
            if now < at + DEPLOY_MS {
                "pending_deletion"
            } else if self.deletion_times_out {
                "deletion_timed_out"
            } else {
                "deleted"
            }
        } else if now < self.uploaded + DEPLOY_MS / 3 {
            "initializing"
        } else if now < self.uploaded + DEPLOY_MS || self.stuck {
            "pending_deployment"
        } else if self.times_out {
            "deployment_timed_out"
        } else {
            "active"
        }
    }
}

#[derive(Clone, Debug)]
struct Assoc {
    cert_id: String,
    enabled: Option<bool>,
    changed: u64,
    /// The certificate presented to the origin before this association deployed.
    before: Option<String>,
    /// Association deployment times out.
    times_out: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    /// No response; the request did not run.
    Drop,
    /// The request ran; the response was lost.
    DropAfter,
    E500,
    E429,
    /// 200 with a body that is not JSON (the request ran).
    Garbage,
}

#[derive(Debug)]
struct Api {
    now: u64,
    zone_certs: Vec<Cert>,
    host_certs: Vec<Cert>,
    assocs: BTreeMap<String, Assoc>,
    setting: bool,
    next_id: u32,
    log: Vec<String>,
    uploads: u32,
    violations: Vec<String>,
    /// Faults by request number (0-based, every request counted).
    faults: BTreeMap<usize, Fault>,
    /// Persistent failures: (operation method+kind prefix, status, code).
    always: Option<(String, u16, i64)>,
    /// Hostnames whose next association deployment times out.
    assoc_timeouts: Vec<String>,
    /// Associations never finish deploying.
    assoc_stuck: bool,
    /// The next upload times out / gets stuck.
    upload_times_out: bool,
    upload_stuck: bool,
    /// Hostname certificate deletions time out once.
    deletion_timeouts: bool,
    /// Hostname certificate deletions never finish.
    deletion_stuck: bool,
    /// Whether the new certificate was active when the first old one was deleted.
    requests: usize,
}

fn ok(result: Value) -> String {
    json!({"success": true, "errors": [], "messages": [], "result": result}).to_string()
}
fn err(code: i64, message: &str) -> String {
    json!({"success": false, "errors": [{"code": code, "message": message}], "messages": [], "result": null}).to_string()
}

impl Api {
    fn new() -> Self {
        Self {
            now: NOW_MS,
            zone_certs: Vec::new(),
            host_certs: Vec::new(),
            assocs: BTreeMap::new(),
            setting: false,
            next_id: 1,
            log: Vec::new(),
            uploads: 0,
            violations: Vec::new(),
            faults: BTreeMap::new(),
            always: None,
            assoc_timeouts: Vec::new(),
            assoc_stuck: false,
            upload_times_out: false,
            upload_stuck: false,
            deletion_timeouts: false,
            deletion_stuck: false,
            requests: 0,
        }
    }

    /// An old certificate, active long ago.
    fn add_cert(&mut self, zone_level: bool) -> String {
        let id = id(self.next_id);
        self.next_id += 1;
        let c = Cert {
            id: id.clone(),
            pem: OTHER.to_owned(),
            uploaded: NOW_MS - 86_400_000,
            times_out: false,
            stuck: false,
            deleted_at: None,
            deletion_times_out: false,
        };
        if zone_level {
            self.zone_certs.push(c);
        } else {
            self.host_certs.push(c);
        }
        id
    }

    fn associate(&mut self, hostname: &str, cert: &str, enabled: bool) {
        self.assocs.insert(
            hostname.to_owned(),
            Assoc {
                cert_id: cert.to_owned(),
                enabled: Some(enabled),
                changed: NOW_MS - 86_400_000,
                before: None,
                times_out: false,
            },
        );
    }

    fn host_cert(&self, id: &str) -> Option<&Cert> {
        self.host_certs.iter().find(|c| c.id == id)
    }

    fn assoc_status(&self, a: &Assoc) -> &'static str {
        let cert_active = self.host_cert(&a.cert_id).is_some_and(|c| c.status(self.now) == "active");
        if a.enabled.is_none() {
            if self.now < a.changed + DEPLOY_MS { "pending_deletion" } else { "deleted" }
        } else if a.times_out && self.now >= a.changed + DEPLOY_MS {
            "deployment_timed_out"
        } else if self.now >= a.changed + DEPLOY_MS && cert_active && !self.assoc_stuck {
            "active"
        } else {
            "pending_deployment"
        }
    }

    /// The certificate a hostname presents now (make before break, as the emulator).
    fn presents(&self, a: &Assoc) -> Option<String> {
        let deployed = self.assoc_status(a) == "active" || (a.enabled.is_none() && self.assoc_status(a) == "deleted");
        if deployed {
            if a.enabled == Some(true) { Some(a.cert_id.clone()) } else { None }
        } else {
            a.before.clone()
        }
    }

    fn assoc_json(&self, h: &str, a: &Assoc) -> Value {
        json!({"hostname": h, "cert_id": a.cert_id, "enabled": a.enabled, "status": self.assoc_status(a),
               "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"})
    }

    fn cert_json(&self, c: &Cert) -> Value {
        json!({"id": c.id, "certificate": c.pem, "status": c.status(self.now), "issuer": "Example",
               "expires_on": "2027-01-01T00:00:00Z", "uploaded_on": "2026-06-01T00:00:00Z"})
    }

    /// Answer a request: `(status, body)`, or `None` for a lost response.
    fn exchange(&mut self, req: &Request) -> Option<(u16, String)> {
        let n = self.requests;
        self.requests += 1;
        self.now += LATENCY_MS;
        let line = format!("{} {}", req.method, short(&req.path));
        let fault = self.faults.get(&n).copied();
        if let Some((prefix, status, code)) = &self.always {
            if line.starts_with(prefix.as_str()) {
                self.log.push(format!("{line} -> {status}"));
                return Some((*status, err(*code, "refused")));
            }
        }
        match fault {
            Some(Fault::Drop) => {
                self.log.push(format!("{line} -> dropped"));
                return None;
            }
            Some(Fault::E500) => {
                self.log.push(format!("{line} -> 500"));
                return Some((500, err(2000, "An unknown error has occurred")));
            }
            Some(Fault::E429) => {
                self.log.push(format!("{line} -> 429"));
                return Some((429, err(971, "Please wait")));
            }
            _ => {}
        }
        let (status, body) = self.run(req);
        self.log.push(format!("{line} -> {status}"));
        match fault {
            Some(Fault::DropAfter) => None,
            Some(Fault::Garbage) => Some((200, "<html>bad gateway</html>".to_owned())),
            _ => Some((status, body)),
        }
    }

    fn run(&mut self, req: &Request) -> (u16, String) {
        let prefix = format!("/zones/{ZONE}/origin_tls_client_auth");
        let rest = req.path.strip_prefix(&prefix).unwrap().to_owned();
        let (path, query) = rest.split_once('?').unwrap_or((&rest, ""));
        let body: Value = req.body.as_deref().map(|b| serde_json::from_str(b).unwrap()).unwrap_or(Value::Null);
        let now = self.now;
        match (req.method, path) {
            (Method::Get, "") => {
                let list: Vec<Value> =
                    self.zone_certs.iter().filter(|c| c.status(now) != "deleted").map(|c| self.cert_json(c)).collect();
                (200, ok(json!(list)))
            }
            (Method::Get, "/hostnames/certificates") => {
                let list: Vec<Value> =
                    self.host_certs.iter().filter(|c| c.status(now) != "deleted").map(|c| self.cert_json(c)).collect();
                (200, ok(json!(list)))
            }
            (Method::Post, "" | "/hostnames/certificates") => {
                let pem = body["certificate"].as_str().unwrap().to_owned();
                assert!(body["private_key"].as_str().unwrap().contains("PRIVATE KEY"));
                let certs = if path.is_empty() { &mut self.zone_certs } else { &mut self.host_certs };
                if certs.iter().any(|c| c.pem == pem && c.deleted_at.is_none()) {
                    self.violations.push("second upload of the same certificate".into());
                    return (409, err(1220, "This certificate already exists for this zone."));
                }
                let c = Cert {
                    id: id(self.next_id),
                    pem,
                    uploaded: now,
                    times_out: self.upload_times_out,
                    stuck: self.upload_stuck,
                    deleted_at: None,
                    deletion_times_out: false,
                };
                self.next_id += 1;
                self.uploads += 1;
                let out = self.cert_json(&c);
                let certs = if path.is_empty() { &mut self.zone_certs } else { &mut self.host_certs };
                certs.push(c);
                (201, ok(out))
            }
            (Method::Get, "/settings") => (200, ok(json!({"enabled": self.setting}))),
            (Method::Put, "/settings") => {
                self.setting = body["enabled"].as_bool().unwrap();
                (200, ok(json!({"enabled": self.setting})))
            }
            (Method::Put, "/hostnames") => {
                let items = body["config"].as_array().unwrap().clone();
                assert!(items.len() <= 100, "batch of {}", items.len());
                for item in &items {
                    let cert = item["cert_id"].as_str().unwrap();
                    if self.host_cert(cert).is_none_or(|c| c.deleted_at.is_some()) {
                        return (400, err(1415, "No hostname client certificate with this id"));
                    }
                }
                for item in items {
                    let h = item["hostname"].as_str().unwrap().to_owned();
                    let cert = item["cert_id"].as_str().unwrap().to_owned();
                    let enabled = item["enabled"].as_bool();
                    let before = self.assocs.get(&h).and_then(|a| self.presents(a));
                    let same = self.assocs.get(&h).is_some_and(|a| a.cert_id == cert && a.enabled == enabled);
                    if same {
                        continue;
                    }
                    if enabled.is_none() && !self.assocs.contains_key(&h) {
                        continue;
                    }
                    let times_out = self.assoc_timeouts.contains(&h);
                    self.assocs.insert(h, Assoc { cert_id: cert, enabled, changed: now, before, times_out });
                }
                let all: Vec<Value> = self
                    .assocs
                    .iter()
                    .filter(|(_, a)| self.assoc_status(a) != "deleted")
                    .map(|(h, a)| self.assoc_json(h, a))
                    .collect();
                (200, ok(json!(all)))
            }
            (Method::Get, "/hostnames") => {
                let q: BTreeMap<&str, &str> = query.split('&').filter_map(|kv| kv.split_once('=')).collect();
                assert_eq!(q.get("status"), Some(&"all"));
                let page: usize = q["page"].parse().unwrap();
                let per: usize = q["per_page"].parse().unwrap();
                let all: Vec<Value> = self.assocs.iter().map(|(h, a)| self.assoc_json(h, a)).collect();
                let items: Vec<Value> = all.into_iter().skip((page - 1) * per).take(per).collect();
                (200, ok(json!(items)))
            }
            (Method::Get, p) if p.starts_with("/hostnames/certificates/") => {
                let cid = p.trim_start_matches("/hostnames/certificates/");
                match self.host_cert(cid) {
                    Some(c) => (200, ok(self.cert_json(c))),
                    None => (404, err(1404, "Certificate not found")),
                }
            }
            (Method::Delete, p) if p.starts_with("/hostnames/certificates/") => {
                let cid = p.trim_start_matches("/hostnames/certificates/").to_owned();
                match self.host_cert(&cid).map(|c| c.status(now)) {
                    None | Some("deleted") => return (404, err(1404, "Certificate not found")),
                    Some("pending_deletion") => return (200, ok(json!({"id": cid, "status": "pending_deletion"}))),
                    Some("deletion_timed_out") => {
                        let c = self.host_certs.iter_mut().find(|c| c.id == cid).unwrap();
                        c.deleted_at = Some(now);
                        c.deletion_times_out = false;
                        return (200, ok(json!({"id": cid, "status": "pending_deletion"})));
                    }
                    _ => {}
                }
                let users: Vec<String> = self
                    .assocs
                    .iter()
                    .filter(|(_, a)| a.cert_id == cid && a.enabled.is_some())
                    .map(|(h, _)| h.clone())
                    .collect();
                if !users.is_empty() {
                    self.violations.push(format!("delete of {cid} still associated with {users:?}"));
                    return (400, err(1416, "The certificate is still associated"));
                }
                let presenting: Vec<String> = self
                    .assocs
                    .iter()
                    .filter(|(_, a)| self.presents(a).as_deref() == Some(cid.as_str()))
                    .map(|(h, _)| h.clone())
                    .collect();
                if !presenting.is_empty() {
                    self.violations.push(format!("delete of {cid} still presented for {presenting:?}"));
                }
                let times_out = self.deletion_timeouts;
                let stuck = self.deletion_stuck;
                let c = self.host_certs.iter_mut().find(|c| c.id == cid).unwrap();
                c.deleted_at = Some(if stuck { u64::MAX / 2 } else { now });
                c.deletion_times_out = times_out;
                let out = json!({"id": cid, "status": "pending_deletion"});
                (200, ok(out))
            }
            (Method::Get, p) => {
                let cid = p.trim_start_matches('/');
                match self.zone_certs.iter().find(|c| c.id == cid) {
                    Some(c) => (200, ok(self.cert_json(c))),
                    None => (404, err(1404, "Certificate not found")),
                }
            }
            (Method::Delete, p) => {
                let cid = p.trim_start_matches('/').to_owned();
                let Some(i) = self.zone_certs.iter().position(|c| c.id == cid && c.status(now) != "deleted") else {
                    return (404, err(1404, "Certificate not found"));
                };
                if self.zone_certs[i].deleted_at.is_some() {
                    return (200, ok(json!({"id": cid, "status": "pending_deletion"})));
                }
                // The zone must keep an active certificate in effect.
                let others_active = self
                    .zone_certs
                    .iter()
                    .any(|c| c.id != cid && c.status(now) == "active");
                if !others_active {
                    self.violations.push(format!("delete of zone certificate {cid} with no other active one"));
                }
                self.zone_certs[i].deleted_at = Some(now);
                (200, ok(json!({"id": cid, "status": "pending_deletion"})))
            }
            other => panic!("unexpected request {other:?}"),
        }
    }
}

fn short(path: &str) -> String {
    path.replace(&format!("/zones/{ZONE}/origin_tls_client_auth"), "P").replace("P/hostnames/certificates", "HC")
}

// ---- driving -------------------------------------------------------------------------------

struct Run {
    result: Option<RotationResult>,
    events: Vec<rotation::Event>,
}

/// Drive `rot` against `api` until done, or until `crash_after` replies were handled (then
/// the state is what a crash would leave). `lose_in_flight`: at the crash, the request in
/// flight reached the API but its answer never came back.
fn drive(rot: &mut Rotation, api: &mut Api, crash_after: Option<usize>, lose_in_flight: bool) -> Run {
    let mut events = Vec::new();
    let mut handled = 0;
    for _ in 0..20_000 {
        let now = api.now;
        match rot.poll(now) {
            Step::Send(req) => {
                let req = req.clone();
                if crash_after == Some(handled) {
                    if lose_in_flight {
                        api.exchange(&req);
                    }
                    events.extend(rot.take_events());
                    return Run { result: None, events };
                }
                let answer = api.exchange(&req);
                let now = api.now;
                match &answer {
                    Some((status, body)) => rot.handle(
                        Reply::Response { status: *status, retry_after: None, ray_id: Some("r-1"), body },
                        0.5,
                        now,
                    ),
                    None => rot.handle(Reply::NetworkError { detail: "connection reset" }, 0.5, now),
                }
                handled += 1;
            }
            Step::Wait(ms) => api.now += u64::from(ms),
            Step::Done(result) => {
                events.extend(rot.take_events());
                return Run { result: Some(*result), events };
            }
        }
        events.extend(rot.take_events());
    }
    panic!("the rotation did not finish");
}

fn opts(scope: Scope) -> Options {
    Options {
        scope,
        zone_id: ZONE.into(),
        hostnames: None,
        old_cert_id: None,
        delete_old: None,
        poll_interval_ms: Some(500),
        max_poll_interval_ms: Some(2_000),
        timeout_ms: Some(60_000),
        batch_size: None,
    }
}

fn start(options: &Options) -> Rotation {
    Rotation::new(options, &new_cert(CERT, KEY, options.scope), NOW_MS).unwrap()
}

/// A zone with `n` hostnames on one old hostname certificate.
fn hostname_zone(n: usize) -> (Api, String, Vec<String>) {
    let mut api = Api::new();
    let old = api.add_cert(false);
    let hosts: Vec<String> = (0..n).map(|i| format!("h{i:03}.example.com")).collect();
    for h in &hosts {
        api.associate(h, &old, true);
    }
    (api, old, hosts)
}

fn assert_completed_hostname(api: &Api, result: &RotationResult, old: &str, hosts: &[String]) {
    assert_eq!(result.outcome, Outcome::Completed, "{}", result.advice);
    assert!(result.ok);
    assert_eq!(api.uploads, 1, "{:#?}", api.log);
    assert!(api.violations.is_empty(), "{:?}", api.violations);
    let new = result.new_cert_id.clone().unwrap();
    for h in hosts {
        let a = &api.assocs[h];
        assert_eq!(a.cert_id, new, "{h}");
        assert_eq!(api.assoc_status(a), "active");
    }
    assert_eq!(result.deleted, vec![old.to_owned()]);
    assert_eq!(api.host_cert(old).unwrap().status(api.now), "deleted");
}

// ---- happy paths ---------------------------------------------------------------------------

#[test]
fn hostname_rotation_happy_path() {
    let (mut api, old, hosts) = hostname_zone(3);
    // A disabled association on the old certificate moves too, and stays disabled.
    api.associate("off.example.com", &old, false);
    let mut rot = start(&opts(Scope::Hostname));
    let run = drive(&mut rot, &mut api, None, false);
    let result = run.result.unwrap();
    assert_completed_hostname(&api, &result, &old, &hosts);
    assert_eq!(api.assocs["off.example.com"].enabled, Some(false));
    assert_eq!(result.hostnames.len(), 4);
    // The order of operations.
    let kinds: Vec<String> = api.log.iter().map(|l| l.split(" -> ").next().unwrap().to_owned()).collect();
    let first = |p: &str| kinds.iter().position(|k| k.starts_with(p)).unwrap();
    let last = |p: &str| kinds.iter().rposition(|k| k.starts_with(p)).unwrap();
    assert_eq!(kinds[0], "GET HC");
    assert!(kinds[1].starts_with("GET P/hostnames?page=1&per_page=1000&status=all"));
    assert_eq!(kinds[2], "POST HC");
    let new = result.new_cert_id.clone().unwrap();
    assert!(last(&format!("GET HC/{new}")) < first("PUT P/hostnames"));
    assert!(last("GET P/hostnames?") < first("DELETE HC/"));
    // After the DELETE: polls of the old certificate until Cloudflare reports it deleted.
    let delete = first("DELETE HC/");
    assert_eq!(kinds[delete], format!("DELETE HC/{old}"));
    assert!(kinds[delete + 1..].iter().all(|k| *k == format!("GET HC/{old}")));
    assert!(kinds.len() > delete + 1);
    assert!(result.deletion_pending.is_empty());
    assert_eq!(result.calls as usize, api.log.len());
    // Events: every step, polls with statuses, elapsed time growing, the state in each.
    let steps: Vec<&str> = run.events.iter().filter(|e| e.kind == "step").map(|e| e.step).collect();
    for s in ["discover", "upload", "wait_certificate", "switch", "wait_associations", "delete_old"] {
        assert!(steps.contains(&s), "{s} in {steps:?}");
    }
    let polls: Vec<&rotation::Event> = run.events.iter().filter(|e| e.kind == "poll").collect();
    assert!(polls.iter().any(|e| e.status.as_deref() == Some("initializing") || e.status.as_deref() == Some("pending_deployment")));
    assert!(polls.iter().any(|e| e.step == "wait_associations" && e.done == 4 && e.total == 4));
    assert!(run.events.windows(2).all(|w| w[0].elapsed_ms <= w[1].elapsed_ms));
    assert_eq!(run.events.last().unwrap().kind, "done");
    assert!(run.events.last().unwrap().state.stop.is_some());
}

#[test]
fn hostname_rotation_in_batches() {
    let (mut api, old, hosts) = hostname_zone(25);
    let mut o = opts(Scope::Hostname);
    o.batch_size = Some(10);
    let mut rot = start(&o);
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert_completed_hostname(&api, &result, &old, &hosts);
    let puts = api.log.iter().filter(|l| l.starts_with("PUT P/hostnames")).count();
    assert_eq!(puts, 3);
}

#[test]
fn explicit_hostnames_keep_an_old_certificate_still_in_use() {
    let (mut api, old, hosts) = hostname_zone(4);
    let mut o = opts(Scope::Hostname);
    o.hostnames = Some(vec!["H000.Example.com".into(), hosts[1].clone(), "new.example.com".into()]);
    let mut rot = start(&o);
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert!(result.ok, "{}", result.advice);
    let new = result.new_cert_id.clone().unwrap();
    for h in ["h000.example.com", "h001.example.com", "new.example.com"] {
        assert_eq!(api.assocs[h].cert_id, new);
    }
    assert_eq!(api.assocs["h002.example.com"].cert_id, old);
    assert!(result.deleted.is_empty());
    assert_eq!(result.kept.len(), 1);
    assert_eq!(result.kept[0].cert_id, old);
    assert!(result.kept[0].reason.contains("h002.example.com"));
    assert!(api.host_cert(&old).unwrap().deleted_at.is_none());
    assert!(api.violations.is_empty());
}

#[test]
fn more_than_100_hostnames_are_refused_before_anything_changes() {
    let (mut api, _old, _) = hostname_zone(101);
    let mut rot = start(&opts(Scope::Hostname));
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert_eq!(result.outcome, Outcome::Failed);
    assert_eq!(result.error.as_ref().unwrap().code, "INVALID_ARGUMENT");
    assert!(result.error.as_ref().unwrap().message.contains("100"));
    assert_eq!(api.uploads, 0);
    assert!(api.log.iter().all(|l| l.starts_with("GET")));
    // Also refused up front when the hostnames are given.
    let mut o = opts(Scope::Hostname);
    o.hostnames = Some((0..101).map(|i| format!("x{i}.example.com")).collect());
    let e = Rotation::new(&o, &new_cert(CERT, KEY, Scope::Hostname), NOW_MS).unwrap_err();
    assert_eq!(e.code(), "INVALID_ARGUMENT");
}

#[test]
fn several_old_certificates_need_a_choice() {
    let mut api = Api::new();
    let a = api.add_cert(false);
    let b = api.add_cert(false);
    api.associate("a.example.com", &a, true);
    api.associate("b.example.com", &b, true);
    let mut rot = start(&opts(Scope::Hostname));
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert_eq!(result.error.as_ref().unwrap().code, "INVALID_ARGUMENT");
    assert!(result.error.as_ref().unwrap().message.contains("oldCertId"));
    assert!(!result.resumable, "the same options would fail again");
    assert_eq!(api.uploads, 0);
    // With oldCertId: only a's hostnames move and only a is deleted.
    let mut o = opts(Scope::Hostname);
    o.old_cert_id = Some(a.clone());
    let mut rot = start(&o);
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert!(result.ok, "{}", result.advice);
    assert_eq!(result.deleted, vec![a]);
    assert_eq!(api.assocs["b.example.com"].cert_id, b);
    // An oldCertId that does not exist is refused before the upload.
    let mut api = Api::new();
    let mut o = opts(Scope::Hostname);
    o.old_cert_id = Some(id(999));
    let mut rot = start(&o);
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert_eq!(result.error.unwrap().code, "INVALID_ARGUMENT");
    assert_eq!(api.uploads, 0);
}

fn zone_with(n_old: usize, enabled: bool) -> (Api, Vec<String>) {
    let mut api = Api::new();
    let olds = (0..n_old).map(|_| api.add_cert(true)).collect();
    api.setting = enabled;
    (api, olds)
}

#[test]
fn zone_rotation_happy_path() {
    let (mut api, olds) = zone_with(2, false);
    let mut rot = start(&opts(Scope::Zone));
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert!(result.ok, "{}", result.advice);
    assert_eq!(api.uploads, 1);
    assert!(api.setting, "zone-level AOP turned on");
    assert!(api.violations.is_empty(), "{:?}", api.violations);
    let mut deleted = result.deleted.clone();
    deleted.sort();
    assert_eq!(deleted, olds);
    let left: Vec<&Cert> = api.zone_certs.iter().filter(|c| c.status(api.now) != "deleted").collect();
    assert_eq!(left.len(), 1, "exactly one zone certificate left");
    assert_eq!(Some(&left[0].id), result.new_cert_id.as_ref());
    let kinds: Vec<&str> = api.log.iter().map(|l| l.split(" -> ").next().unwrap()).collect();
    let put = kinds.iter().position(|k| *k == "PUT P/settings").unwrap();
    let first_delete = kinds.iter().position(|k| k.starts_with("DELETE")).unwrap();
    assert!(put < first_delete);
    // Setting already on: no PUT.
    let (mut api, _) = zone_with(1, true);
    let mut rot = start(&opts(Scope::Zone));
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert!(result.ok);
    assert!(!api.log.iter().any(|l| l.starts_with("PUT")));
    // deleteOld false keeps them.
    let (mut api, _) = zone_with(1, true);
    let mut o = opts(Scope::Zone);
    o.delete_old = Some(false);
    let mut rot = start(&o);
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert!(result.ok && result.deleted.is_empty());
    assert!(!api.log.iter().any(|l| l.starts_with("DELETE")));
}

// ---- failures ------------------------------------------------------------------------------

#[test]
fn upload_deployment_timed_out_stops_before_anything_is_switched() {
    let (mut api, old, hosts) = hostname_zone(2);
    api.upload_times_out = true;
    let mut rot = start(&opts(Scope::Hostname));
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert_eq!(result.outcome, Outcome::Failed);
    assert_eq!(result.error.as_ref().unwrap().code, "DEPLOYMENT_TIMED_OUT");
    assert!(!result.resumable);
    assert!(!api.log.iter().any(|l| l.starts_with("PUT") || l.starts_with("DELETE")));
    for h in &hosts {
        assert_eq!(api.assocs[h].cert_id, old);
    }
    assert!(result.advice.contains("Delete"), "{}", result.advice);
    // Zone scope: same, old certificate kept, setting untouched.
    let (mut api, olds) = zone_with(1, false);
    api.upload_times_out = true;
    let mut rot = start(&opts(Scope::Zone));
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert_eq!(result.error.unwrap().code, "DEPLOYMENT_TIMED_OUT");
    assert!(api.zone_certs.iter().find(|c| c.id == olds[0]).unwrap().deleted_at.is_none());
    assert!(!api.setting);
}

#[test]
fn association_deployment_timed_out_rolls_back() {
    let (mut api, old, hosts) = hostname_zone(5);
    api.assoc_timeouts.push(hosts[3].clone());
    let mut o = opts(Scope::Hostname);
    o.batch_size = Some(2);
    let mut rot = start(&o);
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert_eq!(result.outcome, Outcome::RolledBack, "{}", result.advice);
    assert!(!result.ok);
    assert_eq!(result.error.as_ref().unwrap().code, "DEPLOYMENT_TIMED_OUT");
    assert!(result.error.as_ref().unwrap().message.contains(&hosts[3]));
    for h in &hosts {
        assert_eq!(api.assocs[h].cert_id, old, "{h} back on the old certificate");
        assert_eq!(api.assocs[h].enabled, Some(true));
    }
    assert!(api.host_cert(&old).unwrap().deleted_at.is_none());
    assert!(!api.log.iter().any(|l| l.starts_with("DELETE")));
    assert!(result.hostnames.iter().all(|t| t.rolled_back));
    // The rollback went in batches too (3 switch + 3 rollback PUTs).
    assert_eq!(api.log.iter().filter(|l| l.starts_with("PUT")).count(), 6);
    assert!(api.violations.is_empty());
    // Let the clock run: every hostname presents the old certificate again.
    api.now += 10 * DEPLOY_MS;
    for h in &hosts {
        assert_eq!(api.presents(&api.assocs[h]).as_deref(), Some(old.as_str()));
    }
}

#[test]
fn a_hostname_new_to_aop_is_voided_on_rollback() {
    let (mut api, old, _) = hostname_zone(1);
    api.assoc_stuck = true;
    let mut o = opts(Scope::Hostname);
    o.hostnames = Some(vec!["h000.example.com".into(), "fresh.example.com".into()]);
    o.timeout_ms = Some(20_000);
    let mut rot = start(&o);
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert_eq!(result.outcome, Outcome::RolledBack);
    assert_eq!(result.error.as_ref().unwrap().code, "ROTATION_TIMEOUT");
    assert_eq!(api.assocs["h000.example.com"].cert_id, old);
    assert_eq!(api.assocs["fresh.example.com"].enabled, None, "voided");
    assert!(!api.log.iter().any(|l| l.starts_with("DELETE")));
}

#[test]
fn timeout_waiting_for_the_certificate_is_resumable() {
    let (mut api, old, hosts) = hostname_zone(2);
    api.upload_stuck = true;
    let mut o = opts(Scope::Hostname);
    o.timeout_ms = Some(10_000);
    let mut rot = start(&o);
    let run = drive(&mut rot, &mut api, None, false);
    let result = run.result.unwrap();
    assert_eq!(result.outcome, Outcome::Failed);
    assert_eq!(result.error.as_ref().unwrap().code, "ROTATION_TIMEOUT");
    assert!(result.resumable);
    assert!(!api.log.iter().any(|l| l.starts_with("PUT") || l.starts_with("DELETE")));
    // Back-off: the intervals between polls grow up to the maximum.
    let polls: Vec<u64> = run.events.iter().filter(|e| e.kind == "poll").map(|e| e.elapsed_ms).collect();
    let gaps: Vec<u64> = polls.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(gaps.windows(2).all(|w| w[1] >= w[0]), "{gaps:?}");
    assert!(*gaps.last().unwrap() <= 2_000 + LATENCY_MS);
    assert!(gaps.first().unwrap() < gaps.last().unwrap());
    // The deployment finishes later; the saved state (no key needed: the upload is
    // confirmed) completes the rotation without a second upload.
    for c in &mut api.host_certs {
        c.stuck = false;
    }
    let state = RotationState::from_json(&serde_json::to_value(&result.state).unwrap()).unwrap();
    let mut rot = Rotation::resume(state, None, None, api.now).unwrap();
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert_completed_hostname(&api, &result, &old, &hosts);
}

#[test]
fn api_error_envelopes() {
    // 4xx on the upload: nothing changed, the error carries Cloudflare's status.
    let (mut api, old, _) = hostname_zone(2);
    api.always = Some(("POST".into(), 400, 1002));
    let mut rot = start(&opts(Scope::Hostname));
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    let e = result.error.unwrap();
    assert_eq!((e.code.as_str(), e.status, e.step.as_str()), ("CF_API_ERROR", Some(400), "upload"));
    assert!(e.message.contains("1002"));
    assert!(api.host_cert(&old).unwrap().deleted_at.is_none());
    // 403 on the first list: nothing sent after it (a 403 is not retried).
    let (mut api, _, _) = hostname_zone(1);
    api.always = Some(("GET HC".into(), 403, 10000));
    let mut rot = start(&opts(Scope::Hostname));
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert_eq!(result.error.unwrap().status, Some(403));
    assert_eq!(api.log.len(), 1);
    // A PUT refused (4xx) rolls back what may have been switched.
    let (mut api, old, hosts) = hostname_zone(3);
    let mut o = opts(Scope::Hostname);
    o.batch_size = Some(2);
    let mut rot = start(&o);
    // Let the first batch through, refuse the second.
    let mut seen_put = false;
    loop {
        let now = api.now;
        match rot.poll(now) {
            Step::Send(req) => {
                let req = req.clone();
                let answer = if req.method == Method::Put && seen_put && api.log.iter().filter(|l| l.starts_with("PUT")).count() == 1 {
                    api.log.push("PUT refused".into());
                    (400, err(1212, "Quota reached"))
                } else {
                    if req.method == Method::Put {
                        seen_put = true;
                    }
                    api.exchange(&req).unwrap()
                };
                let now = api.now;
                rot.handle(Reply::Response { status: answer.0, retry_after: None, ray_id: None, body: &answer.1 }, 0.0, now);
            }
            Step::Wait(ms) => api.now += u64::from(ms),
            Step::Done(result) => {
                assert_eq!(result.outcome, Outcome::RolledBack);
                assert_eq!(result.error.as_ref().unwrap().status, Some(400));
                break;
            }
        }
    }
    for h in &hosts {
        assert_eq!(api.assocs[h].cert_id, old);
    }
    // 5xx that outlasts the retries while waiting: stop, resumable, nothing deleted.
    let (mut api, old, hosts) = hostname_zone(2);
    let mut rot = start(&opts(Scope::Hostname));
    let crash = drive(&mut rot, &mut api, Some(4), false);
    assert!(crash.result.is_none());
    api.always = Some(("GET HC/".into(), 503, 2000));
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert_eq!(result.outcome, Outcome::Failed);
    assert!(result.resumable);
    assert_eq!(result.error.as_ref().unwrap().status, Some(503));
    assert_eq!(api.log.iter().filter(|l| l.contains("-> 503")).count(), 4, "1 + 3 retries");
    api.always = None;
    let state = result.state.clone();
    let mut rot = Rotation::resume(state, None, None, api.now).unwrap();
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert_completed_hostname(&api, &result, &old, &hosts);
}

#[test]
fn malformed_json_is_an_error_not_a_panic() {
    // A garbage body on a read: the step stops (resumable) with a CF_API_ERROR.
    let (mut api, old, hosts) = hostname_zone(2);
    api.faults.insert(0, Fault::Garbage);
    let mut rot = start(&opts(Scope::Hostname));
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    let e = result.error.as_ref().unwrap();
    assert_eq!(e.code, "CF_API_ERROR");
    assert!(e.message.contains("not JSON"), "{}", e.message);
    let mut rot = Rotation::resume(result.state.clone(), Some(&new_cert(CERT, KEY, Scope::Hostname)), None, api.now).unwrap();
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert_completed_hostname(&api, &result, &old, &hosts);
    // A garbage body on the upload's answer: the upload is found in the list, not repeated.
    let (mut api, old, hosts) = hostname_zone(2);
    api.faults.insert(2, Fault::Garbage);
    let mut rot = start(&opts(Scope::Hostname));
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert_completed_hostname(&api, &result, &old, &hosts);
    // JSON of the wrong shape (a list that is an object).
    let (mut api, _, _) = hostname_zone(1);
    let mut rot = start(&opts(Scope::Hostname));
    let Step::Send(_) = rot.poll(api.now) else { panic!() };
    let body = ok(json!({"not": "a list"}));
    rot.handle(Reply::Response { status: 200, retry_after: None, ray_id: None, body: &body }, 0.0, api.now);
    let Step::Done(result) = rot.poll(api.now) else { panic!() };
    assert_eq!(result.error.unwrap().code, "CF_API_ERROR");
    api.now += 1;
}

// ---- faults, crashes and resumption --------------------------------------------------------

fn total_requests(scope: Scope) -> usize {
    let (mut api, _, _) = hostname_zone(3);
    if scope == Scope::Zone {
        api = zone_with(2, false).0;
    }
    let mut rot = start(&opts(scope));
    drive(&mut rot, &mut api, None, false);
    api.log.len()
}

#[test]
fn every_fault_at_every_request_still_rotates_once() {
    for scope in [Scope::Hostname, Scope::Zone] {
        let n = total_requests(scope);
        for fault in [Fault::Drop, Fault::DropAfter, Fault::E500, Fault::E429, Fault::Garbage] {
            for k in 0..n {
                let (mut api, olds) = match scope {
                    Scope::Hostname => {
                        let (api, old, _) = hostname_zone(3);
                        (api, vec![old])
                    }
                    Scope::Zone => zone_with(2, false),
                };
                api.faults.insert(k, fault);
                let mut rot = start(&opts(scope));
                let result = drive(&mut rot, &mut api, None, false).result.unwrap();
                let ctx = format!("{scope:?} {fault:?} at request {k}: {:?}", api.log);
                assert!(api.violations.is_empty(), "{ctx} {:?}", api.violations);
                assert!(api.uploads <= 1, "{ctx}");
                if result.ok {
                    assert_eq!(api.uploads, 1, "{ctx}");
                    let mut deleted = result.deleted.clone();
                    deleted.sort();
                    assert_eq!(deleted, olds, "{ctx}");
                } else {
                    // Only a garbage answer to a read may stop it (not retried: a 200); then
                    // the saved state finishes the job.
                    assert_eq!(fault, Fault::Garbage, "{ctx} {}", result.advice);
                    assert!(result.resumable, "{ctx}");
                    let mut rot = Rotation::resume(result.state.clone(), Some(&new_cert(CERT, KEY, scope)), None, api.now).unwrap();
                    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
                    assert!(result.ok, "{ctx} {}", result.advice);
                    assert_eq!(api.uploads, 1, "{ctx}");
                    assert!(api.violations.is_empty(), "{ctx} {:?}", api.violations);
                }
            }
        }
    }
}

#[test]
fn crash_after_every_step_then_resume() {
    for scope in [Scope::Hostname, Scope::Zone] {
        let n = total_requests(scope);
        for lose_in_flight in [false, true] {
            for k in 0..n {
                let (mut api, olds) = match scope {
                    Scope::Hostname => {
                        let (api, old, _) = hostname_zone(3);
                        (api, vec![old])
                    }
                    Scope::Zone => zone_with(2, false),
                };
                let mut rot = start(&opts(scope));
                let crash = drive(&mut rot, &mut api, Some(k), lose_in_flight);
                assert!(crash.result.is_none());
                // What was saved: the state of the last event, through JSON.
                let saved = crash.events.last().map_or_else(|| rot.state().clone(), |e| e.state.clone());
                let text = serde_json::to_string(&saved).unwrap();
                assert!(!text.contains(&key_body()), "the state never holds the key");
                let state = RotationState::from_json(&serde_json::from_str(&text).unwrap()).unwrap();
                assert_eq!(state, saved, "the saved state reads back as it was");
                let uploaded = state.new_cert_id.is_some();
                // Without the key, only a confirmed upload resumes.
                let without = Rotation::resume(state.clone(), None, None, api.now);
                assert_eq!(without.is_ok(), uploaded, "k={k}");
                let mut rot = Rotation::resume(state, Some(&new_cert(CERT, KEY, scope)), None, api.now).unwrap();
                let before = api.log.len();
                let result = drive(&mut rot, &mut api, None, false).result.unwrap();
                let ctx = format!("{scope:?} crash after {k} (lost in flight {lose_in_flight}): {:?}", api.log);
                assert!(result.ok, "{ctx} {}", result.advice);
                assert_eq!(api.uploads, 1, "{ctx}");
                assert!(api.violations.is_empty(), "{ctx} {:?}", api.violations);
                let mut deleted: Vec<String> = api
                    .zone_certs
                    .iter()
                    .chain(api.host_certs.iter())
                    .filter(|c| c.status(api.now) == "deleted")
                    .map(|c| c.id.clone())
                    .collect();
                deleted.sort();
                assert_eq!(deleted, olds, "{ctx}");
                // After the resumption no upload is sent when the state knew of it.
                if uploaded {
                    assert!(!api.log[before..].iter().any(|l| l.starts_with("POST")), "{ctx}");
                }
            }
        }
    }
}

#[test]
fn resume_checks_the_certificate_and_version() {
    let (mut api, _, _) = hostname_zone(1);
    let mut rot = start(&opts(Scope::Hostname));
    drive(&mut rot, &mut api, Some(1), false);
    let state = rot.state().clone();
    let other_cert = include_str!("data/validate/ok-rsa-2048.cert.pem");
    let other_key = include_str!("data/validate/ok-rsa-2048.key.pem");
    let e = Rotation::resume(state.clone(), Some(&new_cert(other_cert, other_key, Scope::Hostname)), None, api.now)
        .unwrap_err();
    assert_eq!(e.code(), "INVALID_ARGUMENT");
    assert!(e.to_string().contains("not the one"));
    let e = Rotation::resume(state.clone(), None, None, api.now).unwrap_err();
    assert!(e.to_string().contains("privateKey"));
    let mut v2 = state;
    v2.version = 2;
    assert!(Rotation::resume(v2, Some(&new_cert(CERT, KEY, Scope::Hostname)), None, api.now).is_err());
    // A finished rotation resumed gives its result again and sends nothing.
    let (mut api, _, _) = hostname_zone(1);
    let mut rot = start(&opts(Scope::Hostname));
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    let mut again = Rotation::resume(result.state.clone(), None, None, api.now).unwrap();
    let Step::Done(r) = again.poll(api.now) else { panic!("sent something") };
    assert!(r.ok);
}

#[test]
fn validation_refuses_before_anything_is_sent() {
    let o = opts(Scope::Hostname);
    let e = Rotation::new(&o, &new_cert(BAD_CERT, BAD_KEY, Scope::Hostname), NOW_MS).unwrap_err();
    assert_eq!(e.code(), "VALIDATION_FAILED");
    assert!(e.to_string().contains("KEY_MISMATCH"), "{e}");
    let e = rotation::plan(&o, &new_cert(BAD_CERT, BAD_KEY, Scope::Hostname)).unwrap_err();
    assert_eq!(e.code(), "VALIDATION_FAILED");
    // Bad options.
    let mut bad = opts(Scope::Hostname);
    bad.zone_id = "nope".into();
    assert_eq!(Rotation::new(&bad, &new_cert(CERT, KEY, Scope::Hostname), NOW_MS).unwrap_err().code(), "INVALID_ARGUMENT");
    let mut bad = opts(Scope::Zone);
    bad.hostnames = Some(vec!["a.example.com".into()]);
    assert_eq!(Rotation::new(&bad, &new_cert(CERT, KEY, Scope::Zone), NOW_MS).unwrap_err().code(), "INVALID_ARGUMENT");
    let mut bad = opts(Scope::Hostname);
    bad.batch_size = Some(101);
    assert!(Rotation::new(&bad, &new_cert(CERT, KEY, Scope::Hostname), NOW_MS).is_err());
    // Options from JSON (the contract's camelCase names), unknown names refused.
    let text = format!(
        r#"{{"scope":"hostname","zoneId":"{ZONE}","timeoutMs":5,"hostnames":["a.example.com"],"oldCertId":null,"deleteOld":false,"pollIntervalMs":7,"maxPollIntervalMs":9,"batchSize":3}}"#
    );
    let o = Options::from_json(&serde_json::from_str(&text).unwrap()).unwrap();
    assert_eq!(
        o,
        Options {
            scope: Scope::Hostname,
            zone_id: ZONE.to_owned(),
            hostnames: Some(vec!["a.example.com".to_owned()]),
            old_cert_id: None,
            delete_old: Some(false),
            poll_interval_ms: Some(7),
            max_poll_interval_ms: Some(9),
            timeout_ms: Some(5),
            batch_size: Some(3),
        }
    );
    let minimal = Options::from_json(&json!({"scope": "zone", "zoneId": ZONE})).unwrap();
    assert_eq!((minimal.scope, minimal.hostnames, minimal.timeout_ms), (Scope::Zone, None, None));
    for bad in [
        json!({"scope": "zone", "zoneId": ZONE, "timeout": 5}),
        json!({"scope": "zones", "zoneId": ZONE}),
        json!({"scope": "zone"}),
        json!({"scope": "zone", "zoneId": ZONE, "batchSize": -1}),
        json!({"scope": "zone", "zoneId": ZONE, "hostnames": "a.example.com"}),
        json!("zone"),
    ] {
        let e = Options::from_json(&bad).unwrap_err();
        assert_eq!(e.code(), "INVALID_ARGUMENT", "{bad}");
    }
}

#[test]
fn the_key_stays_out_of_events_results_and_debug() {
    let (mut api, _, _) = hostname_zone(2);
    api.faults.insert(2, Fault::DropAfter);
    let mut rot = start(&opts(Scope::Hostname));
    assert!(!format!("{rot:?}").contains(&key_body()));
    let run = drive(&mut rot, &mut api, None, false);
    let needle = key_body();
    for e in &run.events {
        let text = serde_json::to_string(e).unwrap();
        assert!(!text.contains(&needle));
        assert!(!text.contains("PRIVATE KEY"));
    }
    let result = run.result.unwrap();
    let text = serde_json::to_string(&result).unwrap();
    assert!(!text.contains(&needle) && !text.contains("PRIVATE KEY"));
    assert!(!format!("{result:?}").contains(&needle));
}

#[test]
fn plan_lists_every_request_in_order_with_the_key_redacted() {
    let mut o = opts(Scope::Hostname);
    o.hostnames = Some((0..5).map(|i| format!("p{i}.example.com")).collect());
    o.batch_size = Some(2);
    o.old_cert_id = Some(id(7));
    let steps = rotation::plan(&o, &new_cert(CERT, KEY, Scope::Hostname)).unwrap();
    let lines: Vec<String> = steps.iter().map(|s| format!("{} {}", s.method, short(&s.path))).collect();
    assert_eq!(
        lines,
        [
            "GET HC",
            "GET P/hostnames?page=1&per_page=1000&status=all",
            "POST HC",
            "GET HC/<new-certificate-id>",
            "PUT P/hostnames",
            "PUT P/hostnames",
            "PUT P/hostnames",
            "GET P/hostnames?page=1&per_page=1000&status=all",
            &format!("DELETE HC/{}", id(7)),
            &format!("GET HC/{}", id(7)),
        ]
    );
    let upload = &steps[2];
    let body: Value = serde_json::from_str(upload.body.as_deref().unwrap()).unwrap();
    assert_eq!(body["private_key"], "[REDACTED]");
    assert!(body["certificate"].as_str().unwrap().starts_with("-----BEGIN CERTIFICATE-----"));
    let text = serde_json::to_string(&steps).unwrap();
    assert!(!text.contains(&key_body()));
    let put: Value = serde_json::from_str(steps[6].body.as_deref().unwrap()).unwrap();
    assert_eq!(put["config"].as_array().unwrap().len(), 1);
    assert_eq!(put["config"][0]["hostname"], "p4.example.com");
    assert!(steps.iter().all(|s| !s.description.is_empty()));
    // Zone scope.
    let steps = rotation::plan(&opts(Scope::Zone), &new_cert(CERT, KEY, Scope::Zone)).unwrap();
    let lines: Vec<String> = steps.iter().map(|s| format!("{} {}", s.method, short(&s.path))).collect();
    assert_eq!(
        lines,
        [
            "GET P",
            "POST P",
            "GET P/<new-certificate-id>",
            "GET P/settings",
            "PUT P/settings",
            "DELETE P/<old-certificate-id>",
            "GET P/<old-certificate-id>"
        ]
    );
    assert_eq!(steps[1].operation_id, "zone-level-authenticated-origin-pulls-upload-certificate");
}

#[test]
fn state_round_trips_and_names_its_phase() {
    let (mut api, _, _) = hostname_zone(1);
    let mut rot = start(&opts(Scope::Hostname));
    drive(&mut rot, &mut api, Some(3), false);
    let v: Value = serde_json::to_value(rot.state()).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["scope"], "hostname");
    assert_eq!(v["zoneId"], ZONE);
    assert!(v["phase"]["name"].is_string());
    let back = RotationState::from_json(&v).unwrap();
    assert_eq!(&back, rot.state());
    assert!(matches!(back.phase, Phase::WaitCertificate));
}

#[test]
fn a_deletion_that_times_out_is_sent_again_and_confirmed() {
    let (mut api, old, hosts) = hostname_zone(2);
    api.deletion_timeouts = true;
    let mut rot = start(&opts(Scope::Hostname));
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert_completed_hostname(&api, &result, &old, &hosts);
    assert_eq!(api.log.iter().filter(|l| l.starts_with("DELETE")).count(), 2, "{:?}", api.log);
    assert!(result.deletion_pending.is_empty());
    // A time-out that ends before the deletion is confirmed: still completed, with a note.
    let (mut api, old, _) = hostname_zone(2);
    api.deletion_stuck = true;
    let mut rot = start(&opts(Scope::Hostname));
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert!(result.ok, "{}", result.advice);
    assert_eq!(result.deletion_pending, vec![old.clone()]);
    assert_eq!(result.deleted, vec![old]);
    assert!(result.advice.contains("still deleting"), "{}", result.advice);
}

#[test]
fn abort_stops_resumably_without_rolling_back() {
    let (mut api, old, hosts) = hostname_zone(3);
    let mut rot = start(&opts(Scope::Hostname));
    // Run until the first association PUT has been answered, then abort.
    loop {
        let now = api.now;
        match rot.poll(now) {
            Step::Send(req) => {
                let req = req.clone();
                let (status, body) = api.exchange(&req).unwrap();
                let now = api.now;
                rot.handle(Reply::Response { status, retry_after: None, ray_id: None, body: &body }, 0.0, now);
                if req.method == Method::Put {
                    break;
                }
            }
            Step::Wait(ms) => api.now += u64::from(ms),
            Step::Done(r) => panic!("finished early: {}", r.advice),
        }
    }
    rot.abort(api.now);
    let Step::Done(result) = rot.poll(api.now) else { panic!("sent something after abort") };
    assert_eq!(result.outcome, Outcome::Failed);
    assert_eq!(result.error.as_ref().unwrap().code, "ABORTED");
    assert!(result.resumable);
    assert!(!api.log.iter().any(|l| l.starts_with("DELETE")), "nothing deleted");
    assert!(hosts.iter().all(|h| api.assocs[h].cert_id != old), "not rolled back");
    let mut rot = Rotation::resume(result.state.clone(), None, None, api.now).unwrap();
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert_completed_hostname(&api, &result, &old, &hosts);
}

#[test]
fn a_rerun_without_the_state_never_removes_what_the_lost_run_switched() {
    let (mut api, old, hosts) = hostname_zone(3);
    let mut o = opts(Scope::Hostname);
    o.hostnames = Some(hosts.clone());
    o.batch_size = Some(1);
    // First run: stopped after its first batch; its state is lost.
    let mut rot = start(&o);
    loop {
        let now = api.now;
        match rot.poll(now) {
            Step::Send(req) => {
                let req = req.clone();
                let (status, body) = api.exchange(&req).unwrap();
                let now = api.now;
                rot.handle(Reply::Response { status, retry_after: None, ray_id: None, body: &body }, 0.0, now);
                if req.method == Method::Put {
                    break;
                }
            }
            Step::Wait(ms) => api.now += u64::from(ms),
            Step::Done(r) => panic!("finished early: {}", r.advice),
        }
    }
    let new = rot.state().new_cert_id.clone().unwrap();
    assert_eq!(api.assocs[&hosts[0]].cert_id, new);
    api.now += 2 * DEPLOY_MS;
    // A fresh run of the same rotation, whose deployment then fails: the rollback puts the
    // others back on the old certificate and leaves the first one on the new (active) one.
    api.assoc_timeouts.push(hosts[2].clone());
    let mut rot = start(&o);
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert_eq!(result.outcome, Outcome::RolledBack, "{}", result.advice);
    assert_eq!(api.uploads, 1, "found in the list, not uploaded again");
    assert_eq!(api.assocs[&hosts[0]].cert_id, new);
    assert_eq!(api.assocs[&hosts[0]].enabled, Some(true), "not voided");
    assert_eq!(api.assocs[&hosts[1]].cert_id, old);
    assert_eq!(api.assocs[&hosts[2]].cert_id, old);
    assert!(api.violations.is_empty(), "{:?}", api.violations);
    api.now += 2 * DEPLOY_MS;
    for h in &hosts {
        assert!(api.presents(&api.assocs[h]).is_some(), "{h} presents a certificate");
    }
}

#[test]
fn the_hand_written_state_reader_matches_serde_for_every_event() {
    // Every state a rotation goes through (both scopes, a rollback, a deletion retry).
    let mut states = Vec::new();
    for (scope, timeouts) in [(Scope::Hostname, false), (Scope::Hostname, true), (Scope::Zone, false)] {
        let (mut api, olds) = match scope {
            Scope::Hostname => {
                let (mut api, old, hosts) = hostname_zone(3);
                if timeouts {
                    api.assoc_timeouts.push(hosts[1].clone());
                }
                api.deletion_timeouts = true;
                (api, vec![old])
            }
            Scope::Zone => zone_with(2, false),
        };
        let mut o = opts(scope);
        o.old_cert_id = olds.first().cloned();
        let mut rot = start(&o);
        let run = drive(&mut rot, &mut api, None, false);
        states.extend(run.events.into_iter().map(|e| e.state));
    }
    assert!(states.len() > 50);
    for state in &states {
        let value = serde_json::to_value(state).unwrap();
        assert_eq!(&RotationState::from_json(&value).unwrap(), state);
    }
    // Damaged states are refused with the field named.
    let mut value = serde_json::to_value(&states[3]).unwrap();
    value["phase"] = json!({"name": "sideways"});
    let e = RotationState::from_json(&value).unwrap_err();
    assert_eq!(e.code(), "INVALID_ARGUMENT");
    assert!(e.to_string().contains("phase.name"), "{e}");
    let mut value = serde_json::to_value(&states[3]).unwrap();
    value["targets"] = json!([{"hostname": 5}]);
    let e = RotationState::from_json(&value).unwrap_err();
    assert!(e.to_string().contains("targets[0].hostname"), "{e}");
    assert!(RotationState::from_json(&json!([])).is_err());
    let mut value = serde_json::to_value(&states[3]).unwrap();
    value.as_object_mut().unwrap().remove("zoneId");
    assert!(RotationState::from_json(&value).unwrap_err().to_string().contains("zoneId"));
}

#[test]
fn association_lists_longer_than_a_page_are_read_to_the_end() {
    // 1,400 associations on another certificate, 3 on the old one, sorted after them.
    let mut api = Api::new();
    let other = api.add_cert(false);
    let old = api.add_cert(false);
    for i in 0..1400 {
        api.associate(&format!("a{i:04}.example.com"), &other, true);
    }
    let hosts: Vec<String> = (0..3).map(|i| format!("z{i}.example.com")).collect();
    for h in &hosts {
        api.associate(h, &old, true);
    }
    let mut o = opts(Scope::Hostname);
    o.old_cert_id = Some(old.clone());
    let mut rot = start(&o);
    let result = drive(&mut rot, &mut api, None, false).result.unwrap();
    assert_completed_hostname(&api, &result, &old, &hosts);
    assert_eq!(result.hostnames.len(), 3);
    let pages: Vec<&String> = api.log.iter().filter(|l| l.starts_with("GET P/hostnames?page=2")).collect();
    assert!(pages.len() >= 2, "discovery and the wait read page 2: {:?}", api.log);
    assert_eq!(api.assocs["a0000.example.com"].cert_id, other, "others untouched");
}
