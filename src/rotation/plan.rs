use super::*;

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
    let polling = |until: &str| {
        format!("repeated every {poll} ms (growing by half to at most {max_poll} ms) until the status is {until}; gives up after {timeout} ms")
    };
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
                format!("read the new certificate's status, {}", polling("active")));
            push("enable_zone", Operation::GetZoneSetting, format!("{base}/settings"), None,
                "is zone-level AOP on?".to_owned());
            push("enable_zone", Operation::SetZoneSetting, format!("{base}/settings"), Some(r#"{"enabled":true}"#.to_owned()),
                "only if it was off: turn zone-level AOP on (the new certificate is active by now)".to_owned());
            if delete_old {
                let id = old.clone().unwrap_or_else(|| OLD_ID.to_owned());
                push("delete_old", Operation::DeleteZoneCertificate, format!("{base}/{id}"), None,
                    "delete every other zone-level certificate, one request each, so exactly one is left (P4)".to_owned());
                push("delete_old", Operation::GetZoneCertificate, format!("{base}/{id}"), None,
                    format!("read each deleted certificate until Cloudflare reports it deleted (a deletion_timed_out is deleted again), {}", polling("deleted")));
            }
        }
        Scope::Hostname => {
            let hbase = format!("{base}/hostnames");
            let list = format!("{hbase}?page=1&per_page={PER_PAGE}&status=all");
            push("discover", Operation::ListHostnameCertificates, format!("{hbase}/certificates"), None,
                "list the hostname certificates: is the new one already uploaded (then it is not uploaded again), does the old certificate named for the rotation exist".to_owned());
            push("discover", Operation::ListHostnames, list.clone(), None,
                "read every association (all statuses, further pages while a page is full) to choose the hostnames and remember what each uses, for a rollback".to_owned());
            push("upload", Operation::UploadHostnameCertificate, format!("{hbase}/certificates"), Some(upload_body),
                "upload the new certificate and key (once; an unknown outcome is checked in the list before any new attempt)".to_owned());
            push("wait_certificate", Operation::GetHostnameCertificate, format!("{hbase}/certificates/{NEW_ID}"), None,
                format!("read the new certificate's status, {}", polling("active")));
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
                format!("read the associations until every moved hostname is active on the new certificate, {}; a deployment_timed_out or the time-out points them back at their previous certificates instead", polling("active")));
            if delete_old {
                let id = old.unwrap_or_else(|| OLD_ID.to_owned());
                push("delete_old", Operation::DeleteHostnameCertificate, format!("{hbase}/certificates/{id}"), None,
                    "delete each old certificate once no association uses it any more (one still used by a hostname outside the rotation is kept)".to_owned());
                push("delete_old", Operation::GetHostnameCertificate, format!("{hbase}/certificates/{id}"), None,
                    format!("read each deleted certificate until Cloudflare reports it deleted (a deletion_timed_out is deleted again), {}", polling("deleted")));
            }
        }
    }
    Ok(steps)
}

