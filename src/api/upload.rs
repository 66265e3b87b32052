//! At most one upload: after an upload whose outcome is unknown (time-out, network error,
//! 5xx), list the certificates and look for the one just sent before sending it again.

use crate::x509::cert::ParsedCert;
use crate::input::{self, Input};
use crate::hex;
use crate::x509::name;
use serde_json::Value;

/// Statuses of a certificate that is going away: never reuse it.
const GOING: [&str; 3] = ["pending_deletion", "deleted", "deletion_timed_out"];

/// The first certificate (the leaf) of a PEM text.
fn leaf(pem: &str) -> Option<ParsedCert> {
    input::sort(Input::Text(pem)).ok()?.certificates.into_iter().next()
}

/// The first PEM block of a text with line ends normalised and blank space trimmed, for the
/// text comparison (AOP-API.md P19: the PEM read back may differ in newlines).
fn normalised_first_block(pem: &str) -> Option<String> {
    let text = pem.replace("\r\n", "\n").replace('\r', "\n");
    let start = text.find("-----BEGIN CERTIFICATE-----")?;
    let rest = text.get(start..)?;
    let end = rest.find("-----END CERTIFICATE-----")? + "-----END CERTIFICATE-----".len();
    let block = rest.get(..end)?;
    Some(block.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n"))
}

/// Whether `reported` equals, ignoring case and surrounding blanks, the text of one of the
/// attribute values of a Name (its DER TLV), for the loose issuer comparison.
fn matches_a_value(reported: &str, name: &[u8]) -> bool {
    name::attributes(name)
        .any(|a| core::str::from_utf8(a.value).is_ok_and(|v| reported.eq_ignore_ascii_case(v.trim())))
}

/// Cloudflare's `issuer` is free text (the schema's example is `GlobalSign`): it matches if
/// it equals, ignoring case, the RFC 4514 issuer or one of its attribute values.
fn issuer_matches(reported: &str, cert: &ParsedCert) -> bool {
    let reported = reported.trim();
    reported.eq_ignore_ascii_case(cert.issuer()) || matches_a_value(reported, cert.issuer_raw())
}

/// The `id` of the certificate in `list_result` (the `result` of a list-certificates call,
/// zone-level or per-hostname) that is the leaf of `certificate_pem`, if any.
///
/// An item matches when its `certificate` is the same leaf (compared as text after
/// normalising line ends, then as DER), or, when it has no readable `certificate`, when its
/// `serial_number` (decimal) equals the leaf's and its `issuer`, if given, names the leaf's
/// issuer. Items whose `status` says they are being deleted are skipped.
pub fn find_uploaded(list_result: &Value, certificate_pem: &str) -> Option<String> {
    let wanted = leaf(certificate_pem)?;
    let wanted_text = normalised_first_block(certificate_pem);
    let wanted_serial = hex::decimal(wanted.serial());
    let items = list_result.as_array()?;
    items.iter().find_map(|item| {
        let id = item.get("id")?.as_str()?;
        if item.get("status").and_then(Value::as_str).is_some_and(|s| GOING.contains(&s)) {
            return None;
        }
        let reported = item.get("certificate").and_then(Value::as_str);
        if let (Some(text), Some(wanted_text)) = (reported, wanted_text.as_ref()) {
            if normalised_first_block(text).as_ref() == Some(wanted_text) {
                return Some(id.to_owned());
            }
        }
        if let Some(theirs) = reported.and_then(leaf) {
            return (theirs.der() == wanted.der()).then(|| id.to_owned());
        }
        let serial = item.get("serial_number")?.as_str()?;
        let issuer_ok = match item.get("issuer").and_then(Value::as_str) {
            Some(i) if !i.trim().is_empty() => issuer_matches(i, &wanted),
            _ => true,
        };
        (serial.trim() == wanted_serial && issuer_ok).then(|| id.to_owned())
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde_json::json;

    // Two self-signed P-256 certificates with fixed dates, made by tests/data/api/make.py
    // (Python cryptography); `openssl x509 -noout -serial -issuer` reports serial=1234
    // (4660 decimal) and O=Example CA, CN=a.example for a.pem, serial=1235 for b.pem.
    const A: &str = include_str!("../../tests/data/api/a.pem");
    const B: &str = include_str!("../../tests/data/api/b.pem");

    #[test]
    fn matches_by_text_after_newline_normalisation() {
        let crlf = A.replace('\n', "\r\n") + "\r\n\r\n";
        let list = json!([
            {"id": "11111111-1111-1111-1111-111111111111", "certificate": B, "status": "active"},
            {"id": "22222222-2222-2222-2222-222222222222", "certificate": crlf, "status": "active"},
        ]);
        assert_eq!(find_uploaded(&list, A).as_deref(), Some("22222222-2222-2222-2222-222222222222"));
        assert_eq!(find_uploaded(&list, B).as_deref(), Some("11111111-1111-1111-1111-111111111111"));
    }

    #[test]
    fn matches_by_der_when_the_text_differs() {
        // Same certificate re-wrapped at 76 columns: different text, same DER.
        let body: String = A.lines().filter(|l| !l.starts_with("-----")).collect();
        let wrapped: Vec<String> = body.as_bytes().chunks(76).map(|c| String::from_utf8(c.to_vec()).unwrap()).collect();
        let rewrapped = format!("-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n", wrapped.join("\n"));
        let list = json!([{"id": "a1", "certificate": rewrapped}]);
        assert_eq!(find_uploaded(&list, A).as_deref(), Some("a1"));
        // A different certificate with a readable PEM never matches on serial alone.
        let list = json!([{"id": "b1", "certificate": B, "serial_number": "4660"}]);
        assert_eq!(find_uploaded(&list, A), None);
    }

    #[test]
    fn matches_by_serial_and_issuer_without_certificate_text() {
        // serial 0x1234 = 4660.
        let list = json!([
            {"id": "x", "serial_number": "4661", "issuer": "Example CA"},
            {"id": "y", "serial_number": "4660", "issuer": "Other CA"},
            {"id": "z", "serial_number": "4660", "issuer": "example ca"},
        ]);
        assert_eq!(find_uploaded(&list, A).as_deref(), Some("z"));
        let list = json!([{"id": "r", "serial_number": "4660", "issuer": "CN=a.example,O=Example CA"}]);
        assert_eq!(find_uploaded(&list, A).as_deref(), Some("r"));
        let list = json!([{"id": "s", "serial_number": "4660"}]);
        assert_eq!(find_uploaded(&list, A).as_deref(), Some("s"));
    }

    #[test]
    fn skips_certificates_being_deleted_and_bad_input() {
        let list = json!([
            {"id": "old", "certificate": A, "status": "pending_deletion"},
            {"id": "new", "certificate": A, "status": "pending_deployment"},
        ]);
        assert_eq!(find_uploaded(&list, A).as_deref(), Some("new"));
        assert_eq!(find_uploaded(&json!([{"id": "old", "certificate": A, "status": "deleted"}]), A), None);
        assert_eq!(find_uploaded(&json!({"id": "x"}), A), None, "not a list");
        assert_eq!(find_uploaded(&json!([{"certificate": A}]), A), None, "no id");
        assert_eq!(find_uploaded(&json!([{"id": "x", "certificate": A}]), "not a certificate"), None);
        // The leaf is the first certificate of a chain.
        let chain = format!("{A}{B}");
        assert_eq!(
            find_uploaded(&json!([{"id": "b", "certificate": B}, {"id": "a", "certificate": A}]), &chain).as_deref(),
            Some("a")
        );
    }
}
