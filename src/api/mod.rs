//! The Cloudflare AOP API as data (sans-IO): requests built from checked ids, responses read
//! from Cloudflare's envelope, and the retry policy. A transport outside this module sends
//! [`Request`]s and feeds the answers to [`parse_response`] and [`retry_decision`].
//!
//! - [`ids`]: zone ids, certificate ids, hostnames ([`idna`]: punycode), the status filter;
//! - [`ops`]: the thirteen operations, one constructor each, and [`build`] by operationId;
//! - [`http`]: base URL and headers ([`prepare`]), the token wrapper;
//! - [`envelope`]: [`parse_response`] and the hints for known errors;
//! - [`retry`]: [`retry_decision`]; [`upload`]: [`find_uploaded`], for at most one upload;
//! - [`call`]: [`Call`], one call to its end (retries, at most one upload), sans-IO.

pub mod call;
pub mod envelope;
pub mod http;
pub mod idna;
pub mod ids;
pub mod ops;
pub mod retry;
pub mod upload;

pub use call::{Call, Next, Reply};
pub use envelope::{parse_response, ApiMessage, Envelope};
pub use http::{prepare, ApiToken, Options, Prepared, DEFAULT_BASE_URL};
pub use ids::{CertificateId, Hostname, StatusFilter, ZoneId};
pub use ops::{
    build, delete_hostname_certificate, delete_zone_certificate, get_hostname, get_hostname_certificate,
    get_zone_certificate, get_zone_setting, list_hostname_certificates, list_hostnames, list_zone_certificates,
    set_hostnames, set_zone_setting, upload_hostname_certificate, upload_zone_certificate, wipe_strings,
    AssociationState, HostnameAssociation, Method, Operation, Request, UploadBody,
};
pub use retry::{retry_decision, Outcome, RetryPolicy};
pub use upload::find_uploaded;
