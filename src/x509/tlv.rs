//! TLVs told apart by their tag octet, on `der`'s reader: `der` reads the length (definite,
//! minimal, at most four octets) and the content; the tag is compared as the octet it is.
//!
//! Two reasons, both measured or tested: `der` 0.8's `Tag` refuses the universal tags it has no
//! type for (UniversalString 0x1c, GraphicString 0x19, 7, 8, 11, 14, 15, 29), which OpenSSL
//! reads in name values (tests/data/inspect/name-universalstring.pem); and decoding a full
//! `Header` for every element of the names and extensions made `der::Tag`'s decoder the largest
//! cost of reading a certificate in wasm (the 1000-certificate bench). Structures whose tags are
//! fixed and few (AlgorithmIdentifier, SubjectPublicKeyInfo, INTEGER, BIT STRING) are read with
//! `der`'s and `spki`'s types.

use der::{Decode, ErrorKind, Length, Reader, SliceReader, Tag};

/// Tag octets of the universal types read here.
pub mod tag {
    pub const BOOLEAN: u8 = 0x01;
    pub const OCTET_STRING: u8 = 0x04;
    pub const OID: u8 = 0x06;
    pub const SEQUENCE: u8 = 0x30;
    pub const SET: u8 = 0x31;
}

/// One TLV of any tag: its tag octet and content. High tag numbers (the `0x1f` form) are
/// refused: none occur in the fields read with this.
///
/// # Errors
/// A high tag number, a malformed length, or content past the end.
pub fn any<'a>(r: &mut SliceReader<'a>) -> der::Result<(u8, &'a [u8])> {
    let tag = r.read_byte()?;
    if tag & 0x1f == 0x1f {
        return Err(r.error(ErrorKind::TagNumberInvalid));
    }
    let len = Length::decode(r)?;
    Ok((tag, r.read_slice(len)?))
}

/// The content of the next TLV, whose tag octet must be `tag`.
///
/// # Errors
/// As [`any`], or another tag.
pub fn expect<'a>(r: &mut SliceReader<'a>, tag: u8) -> der::Result<&'a [u8]> {
    match any(r)? {
        (t, content) if t == tag => Ok(content),
        (t, _) => Err(unexpected(tag, t)),
    }
}

/// `read` over the content of the next TLV, whose tag octet must be `tag`; `read` must consume
/// all of it.
///
/// # Errors
/// As [`expect`], `read`'s, or trailing data.
pub fn nested<'a, T, E: From<der::Error>>(
    r: &mut SliceReader<'a>,
    tag: u8,
    read: impl FnOnce(&mut SliceReader<'a>) -> Result<T, E>,
) -> Result<T, E> {
    let t = r.read_byte()?;
    if t != tag {
        return Err(unexpected(tag, t).into());
    }
    let len = Length::decode(r)?;
    r.read_nested(len, read)
}

/// Each element of a SEQUENCE OF / SET OF content whose tag octet must be `tag`, until the end
/// or the first error.
pub fn elements(content: &[u8], tag: u8) -> impl Iterator<Item = der::Result<&[u8]>> {
    let mut r = SliceReader::new(content).ok();
    core::iter::from_fn(move || {
        let reader = r.as_mut().filter(|r| !r.is_finished())?;
        let item = expect(reader, tag);
        if item.is_err() {
            r = None;
        }
        Some(item)
    })
}

fn unexpected(expected: u8, actual: u8) -> der::Error {
    match (Tag::from_der(&[expected]), Tag::from_der(&[actual])) {
        (Ok(expected), Ok(actual)) => ErrorKind::TagUnexpected { expected: Some(expected), actual }.into(),
        (_, Err(e)) | (Err(e), _) => e,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reads_by_tag_octet() {
        let der = [0x1c, 0x04, 0, 0, 0, 0x41, 0x30, 0x03, 0x02, 0x01, 0x05];
        let mut r = SliceReader::new(&der).unwrap();
        assert_eq!(any(&mut r).unwrap(), (0x1c, &[0, 0, 0, 0x41][..]));
        assert_eq!(nested(&mut r, tag::SEQUENCE, |r| expect(r, 0x02)).unwrap(), [0x05]);
        assert!(r.is_finished());
        // Another tag, a high tag number, a non-minimal or indefinite length, trailing data in
        // a nested read.
        assert!(expect(&mut SliceReader::new(&[0x31, 0x00]).unwrap(), tag::SEQUENCE).is_err());
        assert!(any(&mut SliceReader::new(&[0x1f, 0x01, 0x00]).unwrap()).is_err());
        assert!(any(&mut SliceReader::new(&[0x04, 0x81, 0x01, 0x00]).unwrap()).is_err());
        assert!(any(&mut SliceReader::new(&[0x30, 0x80, 0x00, 0x00]).unwrap()).is_err());
        let trailing = [0x30, 0x04, 0x02, 0x01, 0x05, 0x00];
        assert!(nested(&mut SliceReader::new(&trailing).unwrap(), tag::SEQUENCE, |r| expect(r, 0x02)).is_err());
        let items: Vec<_> = elements(&[0x31, 0x00, 0x31, 0x01, 0x07, 0x30, 0x00], tag::SET).collect();
        assert_eq!(items.len(), 3);
        assert!(items[2].is_err());
    }
}
