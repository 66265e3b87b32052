//! Transition (issue 11), to delete when src/verify.rs and src/key.rs take the crates' types:
//! [`ParsedCert`]'s parts as the src/der.rs types that `verify::verify_signature`,
//! `verify::weak_digest`, `SignatureAlgorithm::from_identifier` and `PrivateKey::matches`
//! still take. The only use of src/der.rs left in the certificate code.

use super::ParsedCert;
use crate::der::{algorithm_identifier, Oid, Reader, Spki, Tlv};

impl ParsedCert {
    /// The SubjectPublicKeyInfo as src/der.rs reads it (use [`ParsedCert::spki_ref`]).
    #[must_use]
    pub fn der_spki(&self) -> Option<Spki<'_>> {
        Spki::parse(self.spki_raw()).ok()
    }

    /// The outer `signatureAlgorithm` as src/der.rs reads it (use
    /// [`ParsedCert::signature_algorithm`]).
    #[must_use]
    pub fn der_signature_algorithm(&self) -> Option<(Oid<'_>, Option<Tlv<'_>>)> {
        algorithm_identifier(&mut Reader::new(self.signature_algorithm_raw())).ok()
    }
}
