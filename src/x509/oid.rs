//! Object identifiers: the ones the crate compares against (from `const-oid`'s database) and
//! [`Oid`], any OBJECT IDENTIFIER a certificate carries where OpenSSL reads any.
//!
//! `const_oid::ObjectIdentifier` (0.10) holds arcs up to `u32`, at most 39 octets and, under
//! arc 2, second arcs up to 39: it refuses `2.999.3` and the UUID arcs of `2.25.<uuid>`
//! (X.667), which OpenSSL and Python `cryptography` read in extension IDs, name attribute types
//! and key purposes. It also accepts a subidentifier padded with `0x80`, which OpenSSL refuses.
//! So the OIDs of those fields are kept as their content octets, checked as X.690 §8.19 says
//! ([`Oid::new`]), compared with the constants below by octets, and rendered with
//! `const-oid` where it holds them ([`fmt::Display`]). Algorithms are read with `spki`'s
//! `AlgorithmIdentifierRef` (its `ObjectIdentifier`), as no OID it refuses names an algorithm
//! anyone verifies.

use core::fmt;
use der::SliceReader;

pub use const_oid::db::rfc4519::{
    COMMON_NAME, COUNTRY_NAME, DOMAIN_COMPONENT, LOCALITY_NAME, ORGANIZATIONAL_UNIT_NAME, ORGANIZATION_NAME, ST,
    STREET, UID,
};
pub use const_oid::db::rfc5280::{
    ID_CE_AUTHORITY_KEY_IDENTIFIER, ID_CE_BASIC_CONSTRAINTS, ID_CE_EXT_KEY_USAGE, ID_CE_KEY_USAGE, ID_CE_NAME_CONSTRAINTS,
    ID_CE_SUBJECT_ALT_NAME, ID_CE_SUBJECT_KEY_IDENTIFIER,
};
pub use const_oid::db::rfc5912::{
    ID_DSA, ID_EC_PUBLIC_KEY, ID_RSASSA_PSS, RSA_ENCRYPTION, SECP_256_R_1, SECP_384_R_1, SECP_521_R_1,
};
pub use const_oid::db::rfc8410::{ID_ED_25519, ID_ED_448};
pub use const_oid::ObjectIdentifier;

/// An OBJECT IDENTIFIER's content octets, checked by [`Oid::new`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Oid<'a>(&'a [u8]);

impl<'a> Oid<'a> {
    /// Check content octets as X.690 §8.19.2 and OpenSSL's `c2i_ASN1_OBJECT` do: not empty,
    /// the last octet ends a subidentifier, no subidentifier starts with `0x80`.
    ///
    /// # Errors
    /// `OidMalformed` otherwise.
    pub fn new(bytes: &'a [u8]) -> der::Result<Self> {
        let ends = bytes.last().is_some_and(|b| b & 0x80 == 0);
        // A 0x80 octet that starts a subidentifier: first, or after an octet that ended one.
        let padded = bytes.first() == Some(&0x80) || bytes.windows(2).any(|w| matches!(w, [p, 0x80] if p & 0x80 == 0));
        if ends && !padded {
            Ok(Self(bytes))
        } else {
            Err(der::ErrorKind::OidMalformed.into())
        }
    }

    /// Read one OBJECT IDENTIFIER TLV.
    ///
    /// # Errors
    /// Another tag, a malformed TLV or [`Oid::new`]'s.
    pub fn decode(r: &mut SliceReader<'a>) -> der::Result<Self> {
        Self::new(crate::x509::tlv::expect(r, crate::x509::tlv::tag::OID)?)
    }

    /// The content octets.
    #[must_use]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.0
    }

    /// Whether this is `other`.
    #[must_use]
    pub fn is(&self, other: &ObjectIdentifier) -> bool {
        self.0 == other.as_bytes()
    }
}

impl fmt::Display for Oid<'_> {
    /// The dotted form: `const-oid`'s where it holds the OID, else arc by arc (arcs up to
    /// 2^128; an absurd one ends the text with `.?`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Ok(oid) = const_oid::ObjectIdentifierRef::from_bytes(self.0) {
            return fmt::Display::fmt(oid, f);
        }
        let mut first = true;
        let mut acc: u128 = 0;
        for &b in self.0 {
            acc = (acc << 7) | u128::from(b & 0x7f);
            if b & 0x80 == 0 {
                if first {
                    let (a, rest) = match acc {
                        0..=39 => (0, acc),
                        40..=79 => (1, acc - 40),
                        _ => (2, acc - 80),
                    };
                    write!(f, "{a}.{rest}")?;
                    first = false;
                } else {
                    write!(f, ".{acc}")?;
                }
                acc = 0;
            } else if acc > u128::MAX >> 7 {
                return f.write_str(".?");
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Oid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Oid({self})")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn checks_and_renders_what_openssl_reads() {
        assert_eq!(Oid::new(RSA_ENCRYPTION.as_bytes()).unwrap().to_string(), "1.2.840.113549.1.1.1");
        assert_eq!(Oid::new(DOMAIN_COMPONENT.as_bytes()).unwrap().to_string(), "0.9.2342.19200300.100.1.25");
        assert!(Oid::new(COMMON_NAME.as_bytes()).unwrap().is(&COMMON_NAME));
        // Outside const-oid: 2.999.3, and a UUID arc (2.25.<2^127>).
        assert_eq!(Oid::new(&[0x88, 0x37, 0x03]).unwrap().to_string(), "2.999.3");
        let mut uuid = vec![0x69, 0x82];
        uuid.extend([0x80; 17]);
        uuid.push(0x00);
        assert_eq!(Oid::new(&uuid).unwrap().to_string(), format!("2.25.{}", 1u128 << 127));
        // Padding, an unfinished arc, nothing.
        for bad in [&[0x2a, 0x80, 0x01][..], &[0x80, 0x01], &[0x2a, 0x86], &[]] {
            assert!(Oid::new(bad).is_err(), "{bad:?}");
        }
        let mut r = der::SliceReader::new(&[0x06, 0x03, 0x55, 0x04, 0x03]).unwrap();
        assert!(Oid::decode(&mut r).unwrap().is(&COMMON_NAME));
        assert!(Oid::decode(&mut der::SliceReader::new(&[0x04, 0x01, 0x55]).unwrap()).is_err());
    }
}
