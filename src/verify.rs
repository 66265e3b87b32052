//! Signature verification of one certificate by a public key (RSA PKCS#1 v1.5 and PSS,
//! ECDSA P-256/P-384/P-521). Placeholder until the chain work lands: reports "not verified".

use crate::cert::ParsedCert;

/// Whether `cert`'s signature verifies with `issuer_spki`.
pub fn signed_by(_cert: &ParsedCert, _issuer_spki: &spki::SubjectPublicKeyInfoOwned) -> bool {
    false
}
