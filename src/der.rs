//! A small zero-copy DER reader and writer, on its way out (issue 11): certificates and names
//! are read with the `der`, `spki` and `x509-cert` crates (src/cert/, src/name.rs); what still
//! uses this module is src/verify.rs, src/ec.rs, src/key.rs and src/key/ (being moved to
//! RustCrypto and pkcs8/sec1/pkcs1) and src/cert/legacy.rs (the adapters to their types).
//!
//! Strictness follows OpenSSL's reading of certificates: definite lengths only (no BER
//! indefinite form), single-byte tags (no high tag numbers: none occur in X.509 or the key
//! formats), lengths up to 4 bytes. Non-minimal lengths are accepted, as OpenSSL does.

use core::fmt;

/// Universal tags used by the callers (class and constructed bits included).
pub mod tag {
    pub const BOOLEAN: u8 = 0x01;
    pub const INTEGER: u8 = 0x02;
    pub const BIT_STRING: u8 = 0x03;
    pub const OCTET_STRING: u8 = 0x04;
    pub const NULL: u8 = 0x05;
    pub const OID: u8 = 0x06;
    pub const UTF8_STRING: u8 = 0x0c;
    pub const NUMERIC_STRING: u8 = 0x12;
    pub const PRINTABLE_STRING: u8 = 0x13;
    pub const TELETEX_STRING: u8 = 0x14;
    pub const IA5_STRING: u8 = 0x16;
    pub const UTC_TIME: u8 = 0x17;
    pub const GENERALIZED_TIME: u8 = 0x18;
    pub const VISIBLE_STRING: u8 = 0x1a;
    pub const UNIVERSAL_STRING: u8 = 0x1c;
    pub const BMP_STRING: u8 = 0x1e;
    pub const SEQUENCE: u8 = 0x30;
    pub const SET: u8 = 0x31;

    /// `[n]` constructed, context-specific (EXPLICIT tagging, or IMPLICIT of a constructed type).
    #[must_use]
    pub const fn explicit(n: u8) -> u8 {
        0xa0 | n
    }
    /// `[n]` primitive, context-specific (IMPLICIT of a primitive type).
    #[must_use]
    pub const fn implicit(n: u8) -> u8 {
        0x80 | n
    }
}

/// What went wrong, for messages ("not a valid X.509 certificate (…)").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DerError(pub &'static str);

impl fmt::Display for DerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

pub type DerResult<T> = core::result::Result<T, DerError>;

/// One TLV: its tag, its content octets and its whole encoding (header included).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    pub tag: u8,
    pub value: &'a [u8],
    pub raw: &'a [u8],
}

impl<'a> Tlv<'a> {
    /// A reader over the content (for constructed values).
    #[must_use]
    pub fn reader(&self) -> Reader<'a> {
        Reader::new(self.value)
    }
}

/// A cursor over a sequence of TLVs.
#[derive(Clone, Copy, Debug)]
pub struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    #[must_use]
    pub fn new(data: &'a [u8]) -> Self {
        Self { data }
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// What is left to read.
    #[must_use]
    pub fn rest(&self) -> &'a [u8] {
        self.data
    }

    /// The next tag, without reading.
    #[must_use]
    pub fn peek_tag(&self) -> Option<u8> {
        self.data.first().copied()
    }

    /// Read any TLV.
    ///
    /// # Errors
    /// Truncated input, an indefinite or over-long length, or a high tag number.
    pub fn read(&mut self) -> DerResult<Tlv<'a>> {
        let data = self.data;
        let (&tag, rest) = data.split_first().ok_or(DerError("unexpected end of data"))?;
        if tag & 0x1f == 0x1f {
            return Err(DerError("unsupported high tag number"));
        }
        let (&first, mut rest) = rest.split_first().ok_or(DerError("unexpected end of data"))?;
        let len = if first < 0x80 {
            usize::from(first)
        } else if first == 0x80 {
            return Err(DerError("indefinite length (BER, not DER)"));
        } else {
            let n = usize::from(first & 0x7f);
            if n > 4 {
                return Err(DerError("length too large"));
            }
            let (bytes, r) = rest.split_at_checked(n).ok_or(DerError("unexpected end of data"))?;
            rest = r;
            bytes.iter().fold(0usize, |acc, &b| (acc << 8) | usize::from(b))
        };
        let header = data.len() - rest.len();
        let (value, after) = rest.split_at_checked(len).ok_or(DerError("length beyond the end of data"))?;
        let raw = data.get(..header + len).ok_or(DerError("length beyond the end of data"))?;
        self.data = after;
        Ok(Tlv { tag, value, raw })
    }

    /// Read a TLV that must carry `tag`; its content.
    ///
    /// # Errors
    /// As [`Reader::read`], or another tag.
    pub fn expect_value(&mut self, tag: u8) -> DerResult<&'a [u8]> {
        self.expect_tlv(tag).map(|t| t.value)
    }

    /// Read a TLV that must carry `tag`.
    ///
    /// # Errors
    /// As [`Reader::expect_value`].
    pub fn expect_tlv(&mut self, tag: u8) -> DerResult<Tlv<'a>> {
        match self.peek_tag() {
            Some(t) if t == tag => self.read(),
            Some(_) => Err(DerError(unexpected(tag))),
            None => Err(DerError("unexpected end of data")),
        }
    }

    /// Read the TLV if it carries `tag`, else nothing.
    ///
    /// # Errors
    /// As [`Reader::read`].
    pub fn optional(&mut self, tag: u8) -> DerResult<Option<Tlv<'a>>> {
        if self.peek_tag() == Some(tag) {
            self.read().map(Some)
        } else {
            Ok(None)
        }
    }

    /// An optional `[n] EXPLICIT` field: `None` when the next TLV is not `[n]`, else the one
    /// element inside it as `read` reads it (nothing may follow it inside).
    ///
    /// # Errors
    /// As [`Reader::read`], what `read` returns, or trailing data inside `[n]`.
    pub fn explicit<T>(&mut self, n: u8, read: impl FnOnce(&mut Reader<'a>) -> DerResult<T>) -> DerResult<Option<T>> {
        self.optional(tag::explicit(n))?
            .map(|t| {
                let mut inner = t.reader();
                let value = read(&mut inner)?;
                inner.finish()?;
                Ok(value)
            })
            .transpose()
    }

    /// A SEQUENCE: a reader over its content.
    ///
    /// # Errors
    /// As [`Reader::expect_value`].
    pub fn sequence(&mut self) -> DerResult<Reader<'a>> {
        self.expect_value(tag::SEQUENCE).map(Reader::new)
    }

    /// An INTEGER's content octets (two's complement, as encoded). Empty content is refused.
    ///
    /// # Errors
    /// As [`Reader::expect_value`].
    pub fn integer(&mut self) -> DerResult<&'a [u8]> {
        let v = self.expect_value(tag::INTEGER)?;
        if v.is_empty() {
            return Err(DerError("empty INTEGER"));
        }
        Ok(v)
    }

    /// A non-negative INTEGER as big-endian magnitude (leading zero octets removed).
    ///
    /// # Errors
    /// As [`Reader::integer`], or a negative value.
    pub fn uint(&mut self) -> DerResult<&'a [u8]> {
        let v = self.integer()?;
        if v.first().is_some_and(|b| b & 0x80 != 0) {
            return Err(DerError("negative INTEGER"));
        }
        let start = v.iter().position(|&b| b != 0).unwrap_or(v.len());
        Ok(v.get(start..).unwrap_or_default())
    }

    /// A small non-negative INTEGER (e.g. a version or an iteration count).
    ///
    /// # Errors
    /// As [`Reader::uint`], or a value above `u64::MAX`.
    pub fn small_uint(&mut self) -> DerResult<u64> {
        let v = self.uint()?;
        if v.len() > 8 {
            return Err(DerError("INTEGER too large"));
        }
        Ok(v.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }

    /// An OBJECT IDENTIFIER.
    ///
    /// # Errors
    /// As [`Reader::expect_value`], or malformed arcs.
    pub fn oid(&mut self) -> DerResult<Oid<'a>> {
        Oid::new(self.expect_value(tag::OID)?)
    }

    /// A BIT STRING with no unused bits (keys, signatures): the octets after the unused-bits octet.
    ///
    /// # Errors
    /// As [`Reader::expect_value`], or unused bits.
    pub fn bit_string_octets(&mut self) -> DerResult<&'a [u8]> {
        match self.expect_value(tag::BIT_STRING)?.split_first() {
            Some((0, rest)) => Ok(rest),
            Some(_) => Err(DerError("BIT STRING with unused bits")),
            None => Err(DerError("empty BIT STRING")),
        }
    }

    /// An OCTET STRING's content.
    ///
    /// # Errors
    /// As [`Reader::expect_value`].
    pub fn octet_string(&mut self) -> DerResult<&'a [u8]> {
        self.expect_value(tag::OCTET_STRING)
    }

    /// A BOOLEAN (any non-zero octet is true, as OpenSSL reads it).
    ///
    /// # Errors
    /// As [`Reader::expect_value`], or not one octet.
    pub fn boolean(&mut self) -> DerResult<bool> {
        match self.expect_value(tag::BOOLEAN)? {
            [b] => Ok(*b != 0),
            _ => Err(DerError("BOOLEAN must be one octet")),
        }
    }

    /// Refuse trailing data.
    ///
    /// # Errors
    /// When something is left.
    pub fn finish(&self) -> DerResult<()> {
        if self.data.is_empty() {
            Ok(())
        } else {
            Err(DerError("trailing data"))
        }
    }
}

fn unexpected(tag: u8) -> &'static str {
    match tag {
        tag::SEQUENCE => "expected a SEQUENCE",
        tag::SET => "expected a SET",
        tag::INTEGER => "expected an INTEGER",
        tag::OID => "expected an OBJECT IDENTIFIER",
        tag::BIT_STRING => "expected a BIT STRING",
        tag::OCTET_STRING => "expected an OCTET STRING",
        tag::BOOLEAN => "expected a BOOLEAN",
        _ => "unexpected tag",
    }
}

/// Parse one TLV that must fill `data` exactly.
///
/// # Errors
/// As [`Reader::read`], or trailing data.
pub fn parse_one(data: &[u8]) -> DerResult<Tlv<'_>> {
    let mut r = Reader::new(data);
    let t = r.read()?;
    r.finish()?;
    Ok(t)
}

/// An OBJECT IDENTIFIER, as its content octets. Compare with [`oid`] constants (content octets
/// too); [`fmt::Display`] renders the dotted form.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Oid<'a>(&'a [u8]);

impl<'a> Oid<'a> {
    /// Check the arcs (non-empty, last octet ends an arc, no leading 0x80 padding).
    ///
    /// # Errors
    /// Malformed arcs.
    pub fn new(bytes: &'a [u8]) -> DerResult<Self> {
        let ok = !bytes.is_empty()
            && bytes.last().is_some_and(|b| b & 0x80 == 0)
            && bytes.iter().enumerate().all(|(i, &b)| {
                b != 0x80 || i.checked_sub(1).and_then(|p| bytes.get(p)).is_some_and(|prev| prev & 0x80 != 0)
            });
        if ok {
            Ok(Self(bytes))
        } else {
            Err(DerError("malformed OBJECT IDENTIFIER"))
        }
    }

    #[must_use]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.0
    }

    /// Whether this is `other` (content octets, e.g. an [`oid`] constant).
    #[must_use]
    pub fn is(&self, other: &[u8]) -> bool {
        self.0 == other
    }
}

impl fmt::Display for Oid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
            } else if acc > u128::MAX >> 8 {
                // An absurd arc: render what we have rather than overflow.
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

/// The OIDs the crate compares against, as DER content octets.
pub mod oid {
    // Public key algorithms and curves.
    pub const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
    pub const RSASSA_PSS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
    pub const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    pub const ED25519: &[u8] = &[0x2b, 0x65, 0x70];
    pub const ED448: &[u8] = &[0x2b, 0x65, 0x71];
    pub const DSA: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01];
    pub const P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
    pub const P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
    pub const P521: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x23];
    // Extensions.
    pub const SUBJECT_KEY_ID: &[u8] = &[0x55, 0x1d, 0x0e];
    pub const KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x0f];
    pub const SUBJECT_ALT_NAME: &[u8] = &[0x55, 0x1d, 0x11];
    pub const BASIC_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x13];
    pub const AUTHORITY_KEY_ID: &[u8] = &[0x55, 0x1d, 0x23];
    pub const EXT_KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x25];
    // Name attributes with short names (cryptography's `_NAMEOID_TO_NAME`).
    pub const CN: &[u8] = &[0x55, 0x04, 0x03];
    pub const L: &[u8] = &[0x55, 0x04, 0x07];
    pub const ST: &[u8] = &[0x55, 0x04, 0x08];
    pub const O: &[u8] = &[0x55, 0x04, 0x0a];
    pub const OU: &[u8] = &[0x55, 0x04, 0x0b];
    pub const C: &[u8] = &[0x55, 0x04, 0x06];
    pub const STREET: &[u8] = &[0x55, 0x04, 0x09];
    pub const DC: &[u8] = &[0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19];
    pub const UID: &[u8] = &[0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x01];
}

/// A SubjectPublicKeyInfo, borrowed: what certificates carry and what a private key's public
/// half is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spki<'a> {
    /// The algorithm OID.
    pub algorithm: Oid<'a>,
    /// The algorithm parameters' whole TLV (e.g. a curve OID), if any.
    pub parameters: Option<Tlv<'a>>,
    /// The public key octets (the BIT STRING's content after its unused-bits octet).
    pub key: &'a [u8],
    /// The whole SubjectPublicKeyInfo encoding (what `publicKey.sha256` hashes).
    pub raw: &'a [u8],
}

impl<'a> Spki<'a> {
    /// Read one SubjectPublicKeyInfo TLV.
    ///
    /// # Errors
    /// Malformed structure.
    pub fn read(r: &mut Reader<'a>) -> DerResult<Self> {
        let tlv = r.expect_tlv(tag::SEQUENCE)?;
        let mut s = tlv.reader();
        let (algorithm, parameters) = algorithm_identifier(&mut s)?;
        let key = s.bit_string_octets()?;
        s.finish()?;
        Ok(Self { algorithm, parameters, key, raw: tlv.raw })
    }

    /// Parse a whole DER SubjectPublicKeyInfo.
    ///
    /// # Errors
    /// Malformed structure or trailing data.
    pub fn parse(der: &'a [u8]) -> DerResult<Self> {
        let mut r = Reader::new(der);
        let s = Self::read(&mut r)?;
        r.finish()?;
        Ok(s)
    }

    /// The named curve of an EC key (parameters that are an OID).
    #[must_use]
    pub fn curve(&self) -> Option<Oid<'a>> {
        self.parameters.filter(|p| p.tag == tag::OID).and_then(|p| Oid::new(p.value).ok())
    }
}

/// `AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }`.
///
/// # Errors
/// Malformed structure.
pub fn algorithm_identifier<'a>(r: &mut Reader<'a>) -> DerResult<(Oid<'a>, Option<Tlv<'a>>)> {
    let mut s = r.sequence()?;
    let oid = s.oid()?;
    let params = if s.is_empty() { None } else { Some(s.read()?) };
    s.finish()?;
    Ok((oid, params))
}

// ---- Writing ----------------------------------------------------------------------------

/// Append a TLV header for `len` content octets.
pub fn write_header(out: &mut Vec<u8>, tag: u8, len: usize) {
    out.push(tag);
    if len < 0x80 {
        out.push(u8::try_from(len).unwrap_or(0));
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
        let significant = bytes.get(skip..).unwrap_or_default();
        out.push(0x80 | u8::try_from(significant.len()).unwrap_or(0));
        out.extend_from_slice(significant);
    }
}

/// One TLV.
#[must_use]
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    write_header(&mut out, tag, content.len());
    out.extend_from_slice(content);
    out
}

/// A SEQUENCE of already-encoded parts.
#[must_use]
pub fn sequence(parts: &[&[u8]]) -> Vec<u8> {
    let len = parts.iter().map(|p| p.len()).sum();
    let mut out = Vec::with_capacity(len + 6);
    write_header(&mut out, tag::SEQUENCE, len);
    for p in parts {
        out.extend_from_slice(p);
    }
    out
}

/// An unsigned INTEGER from big-endian magnitude (minimal, with a 0x00 when the top bit is set).
#[must_use]
pub fn uint(magnitude: &[u8]) -> Vec<u8> {
    let start = magnitude.iter().position(|&b| b != 0).unwrap_or(magnitude.len());
    let m = magnitude.get(start..).unwrap_or_default();
    let pad = m.first().is_none_or(|b| b & 0x80 != 0);
    let mut out = Vec::with_capacity(m.len() + 6);
    write_header(&mut out, tag::INTEGER, m.len() + usize::from(pad));
    if pad {
        out.push(0);
    }
    out.extend_from_slice(m);
    out
}

/// A BIT STRING with no unused bits.
#[must_use]
pub fn bit_string(octets: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(octets.len() + 7);
    write_header(&mut out, tag::BIT_STRING, octets.len() + 1);
    out.push(0);
    out.extend_from_slice(octets);
    out
}

/// A SubjectPublicKeyInfo from an algorithm OID (content octets), optional parameters (a
/// whole TLV) and the key octets.
#[must_use]
pub fn spki(algorithm: &[u8], parameters: Option<&[u8]>, key: &[u8]) -> Vec<u8> {
    let oid = tlv(tag::OID, algorithm);
    let alg = match parameters {
        Some(p) => sequence(&[&oid, p]),
        None => sequence(&[&oid]),
    };
    sequence(&[&alg, &bit_string(key)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_tlvs_and_lengths() {
        // SEQUENCE { INTEGER 5, OCTET STRING (200 bytes, long-form length) }
        let mut der = vec![0x30, 0x81, 0xce, 0x02, 0x01, 0x05, 0x04, 0x81, 0xc8];
        der.extend(std::iter::repeat_n(0xab, 200));
        let mut r = Reader::new(&der);
        let mut s = r.sequence().unwrap();
        assert_eq!(s.small_uint().unwrap(), 5);
        assert_eq!(s.octet_string().unwrap().len(), 200);
        s.finish().unwrap();
        r.finish().unwrap();
    }

    #[test]
    fn refuses_truncation_indefinite_and_trailing() {
        assert!(Reader::new(&[0x30, 0x05, 0x02, 0x01]).read().is_err());
        assert!(Reader::new(&[0x30, 0x80, 0x00, 0x00]).read().is_err());
        assert!(Reader::new(&[0x30, 0x85, 1, 1, 1, 1, 1]).read().is_err());
        assert!(Reader::new(&[0x1f, 0x01, 0x00]).read().is_err());
        assert!(parse_one(&[0x05, 0x00, 0x00]).is_err());
        assert!(Reader::new(&[0x02, 0x00]).integer().is_err());
        assert!(Reader::new(&[0x02, 0x01, 0xff]).uint().is_err());
    }

    #[test]
    fn oids_render_dotted() {
        let o = Oid::new(oid::RSA_ENCRYPTION).unwrap();
        assert_eq!(o.to_string(), "1.2.840.113549.1.1.1");
        assert_eq!(Oid::new(oid::DC).unwrap().to_string(), "0.9.2342.19200300.100.1.25");
        assert_eq!(Oid::new(&[0x88, 0x37, 0x03]).unwrap().to_string(), "2.999.3");
        assert!(Oid::new(&[0x2a, 0x80, 0x01]).is_err());
        assert!(Oid::new(&[0x2a, 0x86]).is_err());
        assert!(Oid::new(&[]).is_err());
    }

    #[test]
    fn writes_what_it_reads() {
        let key = [4u8; 65];
        let curve = tlv(tag::OID, oid::P256);
        let der = spki(oid::EC_PUBLIC_KEY, Some(&curve), &key);
        let s = Spki::parse(&der).unwrap();
        assert!(s.algorithm.is(oid::EC_PUBLIC_KEY));
        assert!(s.curve().unwrap().is(oid::P256));
        assert_eq!(s.key, key);
        assert_eq!(s.raw, der.as_slice());
        assert_eq!(uint(&[0x00, 0x80]), vec![0x02, 0x02, 0x00, 0x80]);
        assert_eq!(uint(&[]), vec![0x02, 0x01, 0x00]);
        let long = tlv(tag::OCTET_STRING, &[0u8; 300]);
        assert_eq!(long.get(..4).unwrap(), &[0x04, 0x82, 0x01, 0x2c]);
    }
}
