//! PEM as users paste it: finds every `-----BEGIN …-----` block in any surrounding text and
//! decodes it, tolerating CRLF, trailing blanks, one-line base64 and JSON `\n` escapes.
//!
//! RFC 7468 §2 describes the strict textual encoding; §3's "lax" parsers are allowed to
//! accept whitespace anywhere in the base64 and text outside the encapsulation boundaries,
//! which is what this module does. Legacy OpenSSL headers (`Proc-Type`, `DEK-Info`, RFC 1421
//! §4.6) are kept for the key reader.

use crate::error::{Error, Result};
use base64ct::{Base64, Encoding};
use std::borrow::Cow;
use zeroize::{Zeroize, Zeroizing};

/// One decoded PEM block.
#[derive(Clone)]
pub struct Block {
    /// The label between `BEGIN ` and `-----`, e.g. `CERTIFICATE`.
    pub label: String,
    /// RFC 1421 headers (`Proc-Type`, `DEK-Info`), in order; empty for RFC 7468 blocks.
    pub headers: Vec<(String, String)>,
    /// The decoded bytes. Wiped on drop, since the block may hold a private key.
    pub der: Zeroizing<Vec<u8>>,
    /// Where the block lies in the text given to [`parse_blocks`], from its BEGIN line through
    /// the END line's closing dashes, when that is exactly what [`encode`] writes for its label
    /// and bytes but for the final line break (as `openssl` writes PEM), so the text can be
    /// reused instead of encoded again; `None` otherwise, and for text that had to be
    /// normalized first.
    pub span: Option<core::ops::Range<usize>>,
}

impl core::fmt::Debug for Block {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // The bytes may be a private key: never print them.
        f.debug_struct("Block")
            .field("label", &self.label)
            .field("headers", &self.headers)
            .field("len", &self.der.len())
            .finish()
    }
}

const BEGIN: &str = "-----BEGIN ";
const DASHES: &str = "-----";

/// Undo what JSON strings and Windows do to PEM text: literal `\n` / `\r\n` escapes become
/// line breaks, `\/` becomes `/`, CR characters go. Borrows when there is nothing to undo;
/// otherwise one pass into a copy allocated at the input's size, which never grows (the text
/// may hold a private key: [`parse_blocks`] wipes the copy, and no reallocation leaves an
/// unwiped one behind).
fn normalize(text: &str) -> Cow<'_, str> {
    let escaped = find(text, "\\n").is_some();
    if !escaped && !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // Copy runs up to the next backslash or CR, then decide there.
    while let Some(at) = rest.find(['\\', '\r']) {
        out.push_str(rest.get(..at).unwrap_or_default());
        rest = rest.get(at..).unwrap_or_default();
        let (emit, skip) = if rest.starts_with('\r') {
            ("", 1)
        } else if escaped && rest.starts_with("\\r\\n") {
            ("\n", 4)
        } else if escaped && rest.starts_with("\\n") {
            ("\n", 2)
        } else if escaped && rest.starts_with("\\/") {
            ("/", 2)
        } else {
            ("\\", 1)
        };
        out.push_str(emit);
        rest = rest.get(skip..).unwrap_or_default();
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Split `text` into its PEM blocks, in input order.
///
/// # Errors
/// [`Error::PemInvalid`] when a block has no matching END line or its body is not base64.
/// Text outside blocks is ignored; no block at all gives an empty list.
pub fn parse_blocks(text: &str) -> Result<Vec<Block>> {
    let mut normalized = normalize(text);
    let blocks = split_blocks(&normalized);
    // The text may hold a private key: wipe a normalized copy once it has been read. Spans
    // are into the copy, not `text`: dropped.
    if let Cow::Owned(copy) = &mut normalized {
        copy.zeroize();
        return blocks.map(|mut blocks| {
            for b in &mut blocks {
                b.span = None;
            }
            blocks
        });
    }
    blocks
}

/// Where `needle` first occurs in `hay`. Every needle here starts with a byte that is rare in
/// PEM text (ASCII `-` or `\\`; never in base64), so skipping to each occurrence of that byte with
/// `memchr` and comparing there beats the general substring search several times over.
fn find(hay: &str, needle: &str) -> Option<usize> {
    let first = char::from(*needle.as_bytes().first()?);
    let bytes = hay.as_bytes();
    let mut from = 0;
    // `from` is always just past an ASCII byte, so a char boundary.
    while let Some(i) = hay.get(from..).and_then(|rest| rest.find(first)) {
        let at = from + i;
        if bytes.get(at..).is_some_and(|rest| rest.starts_with(needle.as_bytes())) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn split_blocks(text: &str) -> Result<Vec<Block>> {
    let mut blocks = Vec::new();
    let mut rest: &str = text;
    // Where `rest` starts in `text`.
    let mut offset = 0;
    while let Some(start) = find(rest, BEGIN) {
        let after_begin = rest.get(start + BEGIN.len()..).unwrap_or_default();
        let label_end = find(after_begin, DASHES).ok_or_else(|| Error::PemInvalid {
            detail: "a BEGIN line is not closed with -----".into(),
        })?;
        let label = after_begin.get(..label_end).unwrap_or_default().trim().to_owned();
        if label.contains('\n') || label.is_empty() {
            return Err(Error::PemInvalid { detail: "malformed BEGIN line".into() });
        }
        let body_start = label_end + DASHES.len();
        let body_and_rest = after_begin.get(body_start..).unwrap_or_default();
        let end_marker = format!("-----END {label}-----");
        let body_end = find(body_and_rest, &end_marker).ok_or_else(|| Error::PemInvalid {
            detail: format!("no \"{end_marker}\" line after \"-----BEGIN {label}-----\""),
        })?;
        let body = body_and_rest.get(..body_end).unwrap_or_default();
        let (headers, b64) = split_headers(body);
        let is_key = label.contains("PRIVATE KEY");
        let der = if is_key {
            decode_base64(&compact(b64))
        } else {
            crate::base64::decode(b64.as_bytes()).map(Zeroizing::new)
        };
        let der = der.ok_or_else(|| Error::PemInvalid {
            detail: format!("the body of the {label} block is not valid base64"),
        })?;
        // The block from BEGIN through the END line's dashes.
        let block_start = offset + start;
        let consumed = start + BEGIN.len() + body_start + body_end + end_marker.len();
        // (Never for a key: its text is not reused, and not looked at with table lookups.)
        let span = text
            .as_bytes()
            .get(block_start..offset + consumed)
            .filter(|block| !is_key && is_encoding(block, &label, der.len()))
            .map(|_| block_start..offset + consumed);
        blocks.push(Block { label, headers, der, span });
        rest = rest.get(consumed..).unwrap_or_default();
        offset += consumed;
    }
    Ok(blocks)
}

/// Whether `block` is exactly `encode(label, der)`, but for the final line break, for the
/// `der_len` bytes its body decoded to. Given that the body decoded to that many bytes, it is if the length is right, the
/// BEGIN and END lines are, line breaks stand every 64 symbols and at the end, the padding
/// is `=` as long as it must be and the unused low bits of the last symbol are zero: any
/// other character (blank, CR, header, missing `=`) would shift or shorten the symbols.
fn is_encoding(block: &[u8], label: &str, der_len: usize) -> bool {
    let symbols = der_len.div_ceil(3) * 4;
    let body_len = symbols + symbols.div_ceil(64);
    let head = BEGIN.len() + label.len() + DASHES.len() + 1;
    let foot = "-----END ".len() + label.len() + DASHES.len();
    if block.len() != head + body_len + foot {
        return false;
    }
    let (Some(first), Some(body), Some(last)) =
        (block.get(..head), block.get(head..head + body_len), block.get(head + body_len..))
    else {
        return false;
    };
    let line = |start: &[u8], l: &[u8], end: &[u8]| {
        l.starts_with(start) && l.ends_with(end) && l.get(start.len()..l.len().saturating_sub(end.len())) == Some(label.as_bytes())
    };
    if !line(BEGIN.as_bytes(), first, b"-----\n") || !line(b"-----END ", last, b"-----") {
        return false;
    }
    if !body.chunks(65).all(|l| l.last() == Some(&b'\n')) {
        return false;
    }
    let padding = (3 - der_len % 3) % 3;
    let Some(tail) = body.len().checked_sub(1 + padding).and_then(|end| body.get(..end)) else {
        return padding == 0 && body.is_empty();
    };
    let pads_ok = body.get(tail.len()..body.len() - 1).is_some_and(|p| p.iter().all(|&b| b == b'='));
    // The low bits of the last symbol that carry no data: 4 after one byte, 2 after two.
    let mask = [0, 0x03, 0x0f].get(padding).copied().unwrap_or(0);
    let last_symbol = tail.last().map(|&c| crate::base64::value(c));
    pads_ok && last_symbol.is_some_and(|v| v.is_some_and(|v| v & mask == 0))
}

/// Separate RFC 1421 headers (`Name: value` lines, with continuation lines starting with a
/// blank) from the base64 text, which is returned as the rest of the body.
fn split_headers(body: &str) -> (Vec<(String, String)>, &str) {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut rest = body.trim_start_matches([' ', '\t']).strip_prefix('\n').unwrap_or(body);
    // Fast path: RFC 7468 blocks have no headers (no ':' before the first line break).
    if !rest.split('\n').next().unwrap_or_default().contains(':') {
        return (headers, rest);
    }
    while let Some((line, tail)) = rest.split_once('\n') {
        if line.trim().is_empty() {
            rest = tail;
            if !headers.is_empty() {
                break;
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            if !name.trim().is_empty() && !name.trim().contains(char::is_whitespace) && !line.starts_with([' ', '\t']) {
                headers.push((name.trim().to_owned(), value.trim().to_owned()));
                rest = tail;
                continue;
            }
        }
        if line.starts_with([' ', '\t']) {
            if let Some(last) = headers.last_mut() {
                last.1.push_str(line.trim());
                rest = tail;
                continue;
            }
        }
        break;
    }
    (headers, rest)
}

/// The base64 text without its whitespace, in a wiped buffer allocated once at the input's
/// size (collecting into a growing `String` would leave unwiped partial copies behind).
fn compact(b64: &str) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(b64.len()));
    out.extend(b64.chars().filter(|c| !c.is_whitespace()));
    out
}

/// Decode standard base64 with `base64ct` (constant-time), accepting missing `=` padding,
/// into a wiped buffer (also on failure, where `decode_vec` would drop a partial result).
pub(crate) fn decode_base64(b64: &str) -> Option<Zeroizing<Vec<u8>>> {
    let trimmed = b64.trim_end_matches('=');
    let mut padded = Zeroizing::new(String::with_capacity(trimmed.len() + 3));
    padded.push_str(trimmed);
    while !padded.len().is_multiple_of(4) {
        padded.push('=');
    }
    let mut out = Zeroizing::new(vec![0u8; padded.len() / 4 * 3]);
    let len = Base64::decode(padded.as_bytes(), &mut out).ok()?.len();
    out.truncate(len);
    Some(out)
}

/// Encode `der` as normalized PEM: LF line ends, 64 columns, trailing newline. For public
/// data (certificates): the table-lookup base64 of [`crate::base64`] is not constant-time; a
/// private key's PEM is written by [`crate::key::PrivateKey::to_unencrypted_pem`] instead.
pub fn encode(label: &str, der: &[u8]) -> String {
    let mut out = String::with_capacity(der.len() * 4 / 3 + der.len() / 48 + 2 * label.len() + 40);
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    crate::base64::encode_wrapped(der, 64, &mut out);
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

/// If `text` is nothing but base64 (a PEM body pasted without its BEGIN/END lines) that
/// decodes to a DER SEQUENCE, return the bytes.
pub fn bare_base64_der(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    let compact = compact(text);
    if compact.len() < 16
        || !compact.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=')
    {
        return None;
    }
    let der = decode_base64(&compact)?;
    (der.first() == Some(&0x30)).then_some(der)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "MAMCAQE="; // SEQUENCE { INTEGER 1 }

    #[test]
    fn finds_blocks_among_text_with_crlf_and_blanks() {
        let text = format!(
            "Certificate:\r\n  Data: ...\r\n-----BEGIN CERTIFICATE-----  \r\n{BODY}\t\r\n-----END CERTIFICATE-----\r\nnoise\n-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
        );
        let blocks = parse_blocks(&text).unwrap();
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].label, "CERTIFICATE");
        assert_eq!(&blocks[0].der[..], &[0x30, 0x03, 0x02, 0x01, 0x01]);
        assert_eq!(blocks[1].label, "EC PARAMETERS");
    }

    #[test]
    fn json_escaped_newlines() {
        let text = format!("\"-----BEGIN CERTIFICATE-----\\n{BODY}\\n-----END CERTIFICATE-----\\n\"");
        let blocks = parse_blocks(&text).unwrap();
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].der.len(), 5);
    }

    #[test]
    fn legacy_headers_are_kept() {
        let text = format!("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n{BODY}\n-----END RSA PRIVATE KEY-----\n");
        let blocks = parse_blocks(&text).unwrap();
        assert_eq!(blocks[0].headers.len(), 2);
        assert_eq!(blocks[0].headers[1].0, "DEK-Info");
        assert_eq!(blocks[0].der.len(), 5);
    }

    #[test]
    fn missing_end_and_bad_base64_are_errors() {
        let e = parse_blocks("-----BEGIN CERTIFICATE-----\nMAMCAQE=\n").unwrap_err();
        assert_eq!(e.code(), "PEM_INVALID");
        let e = parse_blocks("-----BEGIN CERTIFICATE-----\nMA*CAQE=\n-----END CERTIFICATE-----").unwrap_err();
        assert_eq!(e.code(), "PEM_INVALID");
    }

    #[test]
    fn encode_wraps_at_64_columns() {
        let der = vec![0u8; 100];
        let pem = encode("CERTIFICATE", &der);
        let lines: Vec<&str> = pem.lines().collect();
        assert_eq!(lines[1].len(), 64);
        assert_eq!(lines.len(), 5);
        let back = parse_blocks(&pem).unwrap();
        assert_eq!(&back[0].der[..], &der[..]);
    }

    #[test]
    fn span_marks_exactly_the_normalized_blocks() {
        for len in 0..150usize {
            let data: Vec<u8> = (0..len).map(|i| (i * 73 + len) as u8).collect();
            let pem = encode("CERTIFICATE", &data);
            let text = format!("intro\n{pem}{pem}");
            let blocks = parse_blocks(&text).unwrap();
            let first = 6..6 + pem.len() - 1;
            assert_eq!(blocks[0].span, Some(first.clone()), "len {len}");
            assert_eq!(blocks[1].span, Some(first.end + 1..text.len() - 1), "len {len}");
            assert_eq!(format!("{}\n", &text[first]), pem);
            // Without the last line break (as some tools write PEM), and blocks back to back.
            let bare = pem.trim_end();
            let joined = format!("{bare}{bare}");
            let blocks = parse_blocks(&joined).unwrap();
            assert_eq!(blocks[0].span, Some(0..bare.len()), "len {len}");
            assert_eq!(blocks[1].span, Some(bare.len()..joined.len()), "len {len}");
            // Anything else decodes to the same bytes but is no normalized PEM.
            let mut variants = vec![
                pem.replace('\n', "\r\n"),
                pem.replacen("-----\n", "-----\n\n", 1),
                pem.replacen("\n-----END", " \n-----END", 1),
                pem.replace("=\n", "\n").replace('=', ""),
                pem.replacen("-----END", "\n-----END", 1),
                pem.replace("BEGIN CERTIFICATE", "BEGIN  CERTIFICATE"),
            ];
            // A line of 60 symbols instead of 64 (same bytes, other wrapping).
            if len > 48 {
                let lines: String = pem.lines().skip(1).take_while(|l| !l.starts_with("-----")).collect();
                let mut rewrapped = String::from("-----BEGIN CERTIFICATE-----\n");
                for chunk in lines.as_bytes().chunks(60) {
                    rewrapped.push_str(core::str::from_utf8(chunk).unwrap());
                    rewrapped.push('\n');
                }
                rewrapped.push_str("-----END CERTIFICATE-----\n");
                variants.push(rewrapped);
            }
            // Non-zero unused bits in the last symbol (decodes to the same bytes).
            if len % 3 != 0 {
                let at = pem.find('=').unwrap() - 1;
                let mut bytes = pem.clone().into_bytes();
                bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
                let flipped = String::from_utf8(bytes).unwrap();
                if parse_blocks(&flipped).unwrap()[0].der.as_slice() == data.as_slice() {
                    variants.push(flipped);
                }
            }
            for v in variants {
                let blocks = parse_blocks(&v).unwrap();
                if blocks[0].der.as_slice() == data.as_slice() && v != pem {
                    assert_eq!(blocks[0].span, None, "len {len}: {v:?}");
                }
            }
        }
    }

    #[test]
    fn find_agrees_with_str_find() {
        let hay = "é--x-----BEGIN ---- \\n-----END ünï-----\\-----END X-----";
        for needle in ["-----", "-----BEGIN ", "-----END X-----", "\\n", "-----END Y-----", "--x", "-"] {
            for start in (0..hay.len()).filter(|&i| hay.is_char_boundary(i)) {
                let h = &hay[start..];
                assert_eq!(find(h, needle), h.find(needle), "{needle:?} in {h:?}");
            }
        }
        assert_eq!(find("abc", ""), None);
    }

    /// The one-pass normalisation agrees with the chain of replacements it stands for.
    #[test]
    fn normalize_is_the_replacement_chain() {
        fn chain(text: &str) -> String {
            let escaped = text.contains("\\n");
            let mut s = if escaped { text.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\/", "/") } else { text.to_owned() };
            s.retain(|c| c != '\r');
            s
        }
        let parts = ["\\", "r", "n", "/", "\r", "\n", "a", "é"];
        // Every string of up to 5 parts.
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = texts.iter().flat_map(|t| parts.iter().map(move |p| format!("{t}{p}"))).collect();
            texts.extend(longer);
            texts.dedup();
        }
        for t in &texts {
            assert_eq!(normalize(t), chain(t), "{t:?}");
        }
        assert!(matches!(normalize("plain\ntext"), Cow::Borrowed(_)));
    }

    #[test]
    fn missing_padding_is_accepted() {
        let b = parse_blocks("-----BEGIN X-----\nMAMCAQE\n-----END X-----").unwrap();
        assert_eq!(b[0].der.len(), 5);
    }
}
