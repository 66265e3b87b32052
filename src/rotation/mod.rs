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
//!
//! Files: `state` (what is saved and reported, and reading a saved state), `machine` (the
//! phases, requests and answers), `answers` (what each reply changes),
//! `discovery` (choosing what to replace from the lists),
//! `plan` (the dry run).

mod answers;
mod discovery;
mod machine;
mod plan;
mod state;

use machine::{
    check_options, invalid, normalised_hostnames, status_of, unexpected, validated,
};
pub use machine::{NewCertificate, Rotation, Step};
pub use plan::{plan, PlannedStep};
pub use state::{
    Association, Event, Failure, Kept, Options, Outcome, Phase, Previous, RotationResult, RotationState, Scope, Stop,
    Target,
};

use crate::api::{
    self, AssociationState, Call, CertificateId, Hostname, HostnameAssociation, Method, Next, Operation, Reply,
    Request, RetryPolicy, StatusFilter, UploadBody, ZoneId,
};
use crate::check::{self, Upload};
use crate::error::{Error, Result};
use serde::Serialize;
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
