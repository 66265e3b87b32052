//! X.509: certificates read with `der`'s reader and the `spki`/`x509-cert` types
//! ([`cert`]), their names rendered as Python `cryptography` does ([`name`]), OIDs and times as
//! OpenSSL reads them ([`oid`], [`time`]), TLVs by tag octet on `der`'s reader ([`tlv`]), and
//! signatures verified with the RustCrypto crates ([`verify`]); certificate signing requests
//! as `inspect` reports them ([`request`]).

pub mod cert;
pub mod name;
pub mod oid;
pub mod request;
pub mod time;
pub(crate) mod tlv;
pub mod verify;
