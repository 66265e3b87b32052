//! PEM as users paste it: finds every `-----BEGIN …-----` block in any surrounding text and
//! decodes it, tolerating CRLF, trailing blanks, one-line base64 and JSON `\n` escapes.
//!
//! RFC 7468 §2 describes the strict textual encoding; §3's "lax" parsers are allowed to
//! accept whitespace anywhere in the base64 and text outside the encapsulation boundaries,
//! which is what this module does. Legacy OpenSSL headers (`Proc-Type`, `DEK-Info`, RFC 1421
//! §4.6) are kept for the key reader.

use crate::error::{Error, Result};
use base64ct::{Base64, Base64Unpadded, Encoding};
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
        let der = decode_base64(b64, is_key).ok_or_else(|| Error::PemInvalid {
            detail: format!("the body of the {label} block is not valid base64"),
        })?;
        // The block from BEGIN through the END line's dashes.
        let block_start = offset + start;
        let consumed = start + BEGIN.len() + body_start + body_end + end_marker.len();
        // (Never for a key: its text is not reused.)
        let span = text
            .as_bytes()
            .get(block_start..offset + consumed)
            .filter(|block| !is_key && is_encoding(block, &label, &der))
            .map(|_| block_start..offset + consumed);
        blocks.push(Block { label, headers, der, span });
        rest = rest.get(consumed..).unwrap_or_default();
        offset += consumed;
    }
    Ok(blocks)
}

/// Whether `block` is exactly `encode(label, der)`, but for the final line break, given that
/// its body decoded to `der`. It is if the length is right, the BEGIN and END lines are, line
/// breaks stand every 64 symbols and at the end, and the last group of four symbols is what
/// `base64ct` encodes the last (up to three) bytes as: `=` padding as long as it must be and
/// the unused low bits of the last symbol zero. Any other character (blank, CR, header,
/// missing `=`) would shift or shorten the symbols.
fn is_encoding(block: &[u8], label: &str, der: &[u8]) -> bool {
    let symbols = der.len().div_ceil(3) * 4;
    // (No bytes: one empty line.)
    let body_len = symbols + symbols.div_ceil(64).max(1);
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
    // The last group of symbols (before the final line break) against the encoding of the
    // last bytes; no bytes: no symbols.
    let tail = der.len().checked_sub(1).map_or(0, |n| n / 3 * 3);
    let mut group = [0u8; 4];
    let written = der.get(tail..).map(|rest| Base64::encode(rest, &mut group).map(str::as_bytes));
    match (written, body.len().checked_sub(5).and_then(|at| body.get(at..body.len() - 1))) {
        (Some(Ok(want)), Some(have)) => want == have,
        _ => der.is_empty() && body == b"\n",
    }
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

/// Base64 as pasted PEM bodies carry it (RFC 7468 §3's lax reading), the same for every
/// block: whitespace anywhere is skipped, `=` padding may be missing (its length is not
/// checked) but nothing may follow it, and the unused low bits of the last symbol are ignored;
/// any other character, or a lone last symbol, is refused (`None`).
///
/// Two audited codecs, no own one: a private key (`secret`) is decoded with the constant-time
/// `base64ct` ([`decode_secret`]); public blocks (certificates, CSRs, parameters) with the
/// `base64` crate's table decoder ([`decode_public`]), because `base64ct` cannot meet the
/// speed targets. Measured in issue 11 in wasm on the bench's 1000 certificates (CPU time of
/// one inspection, builds interleaved in one process, median of 100 rounds, the machine
/// shared): 15.1-15.3 ms with the former hand-written table codec, 15.2-15.5 with `base64`
/// (decoding each PEM line in place; `base64` at opt-level 3, see Cargo.toml), 18.2 with
/// `base64ct` decoding the same way (its constant-time arithmetic per symbol: +2.9 ms, +19%),
/// 19.1-19.5 with `base64ct` after gathering the symbols into one copy. `npm run bench` gave
/// 15.9 ms and 51x `@peculiar/x509` before: +19% is about 43x, below the 50x target. Size:
/// +1.4 KB gzip shipped for `base64` and `pem-rfc7468`'s encoder against the own codec.
pub(crate) fn decode_base64(text: &str, secret: bool) -> Option<Zeroizing<Vec<u8>>> {
    if secret {
        decode_secret(text)
    } else {
        decode_public(text.as_bytes()).map(Zeroizing::new)
    }
}

/// Whitespace as [`char::is_whitespace`] has it, for ASCII bytes (a byte of a multi-byte
/// character is never taken for one: they are all above 0x7f).
fn blank(b: &u8) -> bool {
    // The ASCII White_Space characters: TAB, LF, VT, FF, CR and SPACE (a match, not
    // `char::is_whitespace`, which is a call per byte at opt-level "z").
    matches!(*b, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b' ')
}

/// The `base64` crate's standard alphabet, with the lax rules of [`decode_base64`]: trailing
/// bits allowed, padding optional.
const PUBLIC: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
);

/// [`decode_base64`] for public data. Each run of symbols between blanks (a PEM line) whose
/// length is a multiple of four is decoded straight into the output, with no copy of the text;
/// only text wrapped otherwise is gathered into one buffer first. Non-ASCII text is refused
/// here (a blank outside ASCII is taken by the secret path only, which has always skipped it).
fn decode_public(text: &[u8]) -> Option<Vec<u8>> {
    use base64::Engine;
    let unpadded = |symbols: &[u8]| symbols.len() - symbols.iter().rev().take_while(|&&b| b == b'=').count();
    let mut out = vec![0u8; text.len() / 4 * 3 + 3];
    let mut at = 0;
    let mut runs = text.split(blank).filter(|r| !r.is_empty()).peekable();
    while let Some(run) = runs.next() {
        let run = if runs.peek().is_none() {
            run.get(..unpadded(run))?
        } else if run.len() % 4 != 0 || run.last() == Some(&b'=') {
            // Wrapped at another width, or padding before the last run (refused unless only
            // padding follows): the rest gathered, then decoded at once.
            let mut symbols = Vec::with_capacity(text.len());
            symbols.extend_from_slice(run);
            runs.for_each(|r| symbols.extend_from_slice(r));
            symbols.truncate(unpadded(&symbols));
            at += PUBLIC.decode_slice(&symbols, out.get_mut(at..)?).ok()?;
            break;
        } else {
            run
        };
        at += PUBLIC.decode_slice(run, out.get_mut(at..)?).ok()?;
    }
    out.truncate(at);
    Some(out)
}

/// [`decode_base64`] for a private key, with `base64ct` (constant-time), into one buffer
/// allocated once at its final capacity (wiped on drop, never reallocated, which would leave
/// an unwiped copy behind): the symbols are gathered into it run by run, the last partial
/// group is completed with `A`s (zero bits: the unused bits then never count), and it is
/// decoded in place.
fn decode_secret(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(Vec::with_capacity(text.len() + 3));
    if text.is_ascii() {
        for run in text.as_bytes().split(blank) {
            buf.extend_from_slice(run);
        }
    } else {
        for run in text.split(char::is_whitespace) {
            buf.extend_from_slice(run.as_bytes());
        }
    }
    let symbols = buf.len() - buf.iter().rev().take_while(|&&b| b == b'=').count();
    if symbols % 4 == 1 {
        return None;
    }
    let len = symbols / 4 * 3 + symbols % 4 * 3 / 4;
    buf.truncate(symbols);
    while buf.len() % 4 != 0 {
        buf.push(b'A');
    }
    let decoded = Base64Unpadded::decode_in_place(&mut buf).ok()?.len();
    if decoded < len {
        return None;
    }
    buf.truncate(len);
    Some(buf)
}

/// Encode `der` as normalized PEM with `pem-rfc7468` (RFC 7468's strict form, base64 by
/// `base64ct`): LF line ends, 64 columns, trailing newline. For public data (certificates); a
/// private key's PEM is written by [`crate::key::PrivateKey::to_unencrypted_pem`] into a wiped
/// buffer. Empty for a label RFC 7468 does not allow (never one of the crate's). Measured in
/// issue 11: 1000 certificates with CRLF line ends (each PEM written again) take 26.8 instead
/// of 18.5 ms (CPU time in wasm, against the former own table encoder); text that already is
/// normalized PEM (the bench's) is copied, not encoded ([`Block::span`]).
pub fn encode(label: &str, der: &[u8]) -> String {
    pem_rfc7468::encode_string(label, pem_rfc7468::LineEnding::LF, der).unwrap_or_default()
}

/// If `text` is nothing but base64 (a PEM body pasted without its BEGIN/END lines) that
/// decodes to a DER SEQUENCE, return the bytes.
pub fn bare_base64_der(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    let mut symbols = 0;
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')) {
            return None;
        }
        symbols += 1;
    }
    if symbols < 16 {
        return None;
    }
    // Could be a key's body: the secret path.
    let der = decode_base64(text, true)?;
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

    /// The public (`base64`) and the secret (`base64ct`) decoder read the same lax base64.
    #[test]
    fn both_decoders_read_pasted_base64_alike() {
        let both = |text: &str| {
            let public = decode_base64(text, false).map(|d| d.to_vec());
            let secret = decode_base64(text, true).map(|d| d.to_vec());
            assert_eq!(public, secret, "{text:?}");
            public
        };
        for len in 0..200usize {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + len) as u8).collect();
            let line = Base64::encode_string(&data);
            let wrap = |width: usize, sep: &str| {
                line.as_bytes().chunks(width).map(|c| core::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join(sep)
            };
            let unpadded = line.trim_end_matches('=');
            let mut variants = vec![
                line.clone(),
                wrap(64, "\n") + "\n",
                wrap(76, "\r\n"),
                wrap(60, "\n"),
                wrap(63, " \n\t"),
                wrap(1, " "),
                format!("  {}\n\n", wrap(64, "\n")),
                unpadded.to_owned(),
                format!("{line}="),
                format!("{unpadded}\n=="),
            ];
            // The lowest bit of the last symbol set, which carries no data when the length
            // is not a multiple of three: ignored.
            if len % 3 != 0 {
                let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
                let mut bits = unpadded.as_bytes().to_vec();
                let last = bits.last_mut().unwrap();
                *last = alphabet[alphabet.iter().position(|c| c == last).unwrap() ^ 1];
                variants.push(String::from_utf8(bits).unwrap());
            }
            for v in &variants {
                assert_eq!(both(v).as_deref(), Some(&data[..]), "len {len}: {v:?}");
            }
        }
        for junk in ["MA*C", "MAMC=AQE", "MAMC=\nAQE=", "MA==\nMA==", "M", "MAMCA", "MAMC\nA", "MAMC\u{e9}AQE", "MAMC AQE=\u{0}"] {
            assert_eq!(both(junk), None, "{junk:?}");
        }
        // Whitespace outside ASCII (a no-break space pasted from a web page) is skipped in a
        // key, as it always was; certificates never took it.
        assert_eq!(decode_base64("MAMC\u{a0}AQE=", true).as_deref().map(|d| d.len()), Some(5));
        assert!(decode_base64("MAMC\u{a0}AQE=", false).is_none());
    }

    #[test]
    fn missing_padding_is_accepted() {
        let b = parse_blocks("-----BEGIN X-----\nMAMCAQE\n-----END X-----").unwrap();
        assert_eq!(b[0].der.len(), 5);
    }
}
