//! The origin side of Authenticated Origin Pulls: what an origin server must be told to
//! require and verify the client certificate Cloudflare presents ([`origin_config`]).
//!
//! Whether an origin really enforces it is measured outside the core, by connecting to it
//! (js/probe.js, Node only: a browser or a Worker cannot present a client certificate).

pub mod config;

pub use config::{origin_config, Server, MAX_CA_PATH, MAX_HOSTNAMES};
