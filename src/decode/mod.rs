//! Bytes to text: byte order marks, UTF-8, UTF-16, legacy encodings detected with chardetng,
//! and per-record decoding of dumps whose lines mix encodings.
//!
//! Decoding takes two steps so that huge inputs can be cut into pieces and decoded in
//! parallel. [`DecodePlan::detect`] looks at an input's first bytes (up to
//! [`PLAN_PREFIX_LEN`]) and decides how to read it; [`decode`] then decodes the whole input,
//! or each piece of it cut at a line boundary, with that plan. The result depends only on the
//! bytes given and the plan.
//!
//! What the plan decides, in order:
//! 1. a forced encoding (`--encoding`) is used as it is, only a matching BOM is removed;
//! 2. a UTF-16 BOM, or the signs of UTF-16 without one ([`sniff`]), make the input UTF-16;
//! 3. NUL bytes in anything else make it binary ([`DecodeError::Binary`]);
//! 4. everything else is read line by line ([`records`]): valid UTF-8 lines stay UTF-8 (the
//!    common case costs one validation pass and no copy), the other lines take the encoding
//!    chardetng finds for the prefix, or, in dumps whose records come in several legacy
//!    encodings, each line its own.

mod cjk;
mod records;
mod sniff;

use crate::pipeline::PieceStart;
use encoding_rs::{Decoder, DecoderResult, Encoding, UTF_16BE, UTF_16LE, UTF_8};
use records::LinePlan;
use serde::Serialize;
use std::borrow::Cow;

/// How many leading bytes of an input [`DecodePlan::detect`] looks at.
pub const PLAN_PREFIX_LEN: usize = 256 * 1024;

/// How to decode an input, worked out from its first bytes.
///
/// ```
/// use hanfix::{Cleaner, DecodePlan, PieceStart};
/// // "中文字符编码" in GBK.
/// let gbk = b"\xd6\xd0\xce\xc4\xd7\xd6\xb7\xfb\xb1\xe0\xc2\xeb\n";
/// let plan = DecodePlan::detect(gbk, None).unwrap();
/// assert_eq!(plan.encoding_name(), "GBK");
/// let (text, decoding) = Cleaner::default().decode(gbk, &plan, PieceStart::InputStart).unwrap();
/// assert_eq!(text, "中文字符编码\n");
/// assert_eq!(decoding.encoding, "GBK");
/// ```
#[derive(Clone, Debug)]
pub struct DecodePlan {
    kind: Kind,
}

#[derive(Clone, Debug)]
enum Kind {
    /// The decode step is off: UTF-8 or an error, nothing changed.
    Utf8Only,
    /// Every byte in one encoding: forced, UTF-16, or ISO-2022-JP (whose escape sequences make
    /// its bytes look like ASCII).
    Single(&'static Encoding),
    /// Line by line; `bom` when the input starts with a UTF-8 BOM.
    Lines { bom: bool, lines: LinePlan },
}

impl DecodePlan {
    /// Looks at the first bytes of an input (at most [`PLAN_PREFIX_LEN`] are used; the prefix
    /// may end in the middle of a character) and decides how to decode it. With `forced`,
    /// that encoding is used and nothing is detected.
    ///
    /// # Errors
    ///
    /// [`DecodeError::Binary`] when the prefix holds NUL bytes and is not UTF-16.
    ///
    /// ```
    /// use hanfix::{DecodeError, DecodePlan};
    /// let plan = DecodePlan::detect(b"\xff\xfeh\x00i\x00", None).unwrap();
    /// assert_eq!(plan.encoding_name(), "UTF-16LE");
    /// assert!(!plan.splits_at_newlines());
    /// let forced = DecodePlan::detect(b"caf\xe9", Some(encoding_rs::WINDOWS_1252)).unwrap();
    /// assert_eq!(forced.encoding_name(), "windows-1252");
    /// assert_eq!(
    ///     DecodePlan::detect(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00", None).unwrap_err(),
    ///     DecodeError::Binary { offset: 7 }
    /// );
    /// ```
    pub fn detect(
        prefix: &[u8],
        forced: Option<&'static Encoding>,
    ) -> Result<DecodePlan, DecodeError> {
        let prefix = &prefix[..prefix.len().min(PLAN_PREFIX_LEN)];
        if let Some(encoding) = forced {
            return Ok(DecodePlan::single(encoding));
        }
        let (bom, body) = match Encoding::for_bom(prefix) {
            Some((encoding, _)) if encoding != UTF_8 => return Ok(DecodePlan::single(encoding)),
            Some((_, len)) => (true, &prefix[len..]),
            None => (false, prefix),
        };
        if let Some(offset) = memchr::memchr(0, body) {
            match sniff::utf16_by_nuls(body) {
                Some(encoding) if !bom => return Ok(DecodePlan::single(encoding)),
                _ if sniff::is_text_with_stray_nuls(body) => {}
                _ => {
                    return Err(DecodeError::Binary {
                        offset: offset + prefix.len() - body.len(),
                    })
                }
            }
        }
        if sniff::is_iso_2022_jp(body) {
            return Ok(DecodePlan::single(encoding_rs::ISO_2022_JP));
        }
        // Valid UTF-8 needs no UTF-16 check, unless it is full of control characters: UTF-16
        // without NULs may be valid UTF-8 (a Cyrillic letter is 0x04 and an ASCII byte).
        if !bom && (!sniff::is_utf8_prefix(body) || sniff::utf8_may_be_utf16(body)) {
            if let Some(encoding) = sniff::utf16_without_nuls(body) {
                return Ok(DecodePlan::single(encoding));
            }
        }
        Ok(DecodePlan {
            kind: Kind::Lines {
                bom,
                lines: LinePlan::detect(body),
            },
        })
    }

    /// A plan that accepts only UTF-8 and changes nothing, not even a BOM (the decode step
    /// off).
    ///
    /// ```
    /// use hanfix::{Cleaner, DecodeError, DecodePlan, PieceStart};
    /// let plan = DecodePlan::utf8_only();
    /// let cleaner = Cleaner::default();
    /// let start = PieceStart::InputStart;
    /// let (text, _) = cleaner.decode(b"\xef\xbb\xbfok", &plan, start).unwrap();
    /// assert_eq!(text, "\u{feff}ok");
    /// assert_eq!(
    ///     cleaner.decode(b"ok\xff", &plan, start).unwrap_err(),
    ///     DecodeError::NotUtf8 { offset: 2 }
    /// );
    /// ```
    pub fn utf8_only() -> DecodePlan {
        DecodePlan {
            kind: Kind::Utf8Only,
        }
    }

    fn single(encoding: &'static Encoding) -> DecodePlan {
        DecodePlan {
            kind: Kind::Single(encoding),
        }
    }

    /// Whether the input may be cut into pieces at `\n` bytes, each decoded on its own with
    /// this plan: false for UTF-16, where a `\n` byte may be half of another character.
    ///
    /// ```
    /// use hanfix::DecodePlan;
    /// assert!(DecodePlan::detect(b"plain text\n", None).unwrap().splits_at_newlines());
    /// assert!(!DecodePlan::detect(b"\xfe\xff\x00a", None).unwrap().splits_at_newlines());
    /// ```
    pub fn splits_at_newlines(&self) -> bool {
        !matches!(self.kind, Kind::Single(encoding) if encoding == UTF_16LE || encoding == UTF_16BE)
    }

    /// The encoding the plan expects, as [`Decoding::encoding`] spells it: `mixed` when the
    /// prefix showed lines in several encodings. A UTF-8 plan may still meet lines in another
    /// encoding later in the input: decoding reports what it actually found.
    ///
    /// ```
    /// use hanfix::DecodePlan;
    /// assert_eq!(DecodePlan::detect("纯文本".as_bytes(), None).unwrap().encoding_name(), "UTF-8");
    /// assert_eq!(DecodePlan::utf8_only().encoding_name(), "UTF-8");
    /// ```
    pub fn encoding_name(&self) -> &'static str {
        match &self.kind {
            Kind::Utf8Only => UTF_8.name(),
            Kind::Single(encoding) => encoding.name(),
            Kind::Lines { lines, .. } => lines.encoding_name(),
        }
    }
}

/// How a document's bytes were decoded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decoding {
    /// The encoding's name (encoding_rs spelling: `UTF-8`, `GBK`, `Big5`, `UTF-16LE`, …), or
    /// `mixed` when lines were decoded with different encodings.
    pub encoding: &'static str,
    /// Whether a byte order mark was found and removed.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub bom: bool,
    /// How many malformed byte sequences became U+FFFD REPLACEMENT CHARACTER.
    #[serde(skip_serializing_if = "is_zero")]
    pub malformed: usize,
    /// For `mixed`: how many lines (those with non-ASCII bytes) each encoding decoded, in
    /// the order the encodings were first used.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<(&'static str, usize)>,
    /// For `mixed`: where each run of lines decoded with one encoding starts (the index of
    /// its first line, counted from 0, lines ending at `\n`) and the encoding, in order. An
    /// ASCII line belongs to the run it is in.
    #[serde(skip)]
    pub runs: Vec<(usize, &'static str)>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Decoding {
    fn whole(encoding: &'static Encoding, bom: bool, malformed: usize) -> Decoding {
        Decoding {
            encoding: encoding.name(),
            bom,
            malformed,
            lines: Vec::new(),
            runs: Vec::new(),
        }
    }

    /// The encoding that decoded each line of the text, in order (lines end at `\n`).
    ///
    /// ```
    /// use hanfix::{Cleaner, PieceStart};
    /// // A UTF-8 line, then "中文字符编码" in GBK.
    /// let bytes = b"\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97\xe7\xac\xa6\xe7\xbc\x96\xe7\xa0\x81\n\xd6\xd0\xce\xc4\xd7\xd6\xb7\xfb\xb1\xe0\xc2\xeb\n";
    /// let cleaner = Cleaner::default();
    /// let plan = cleaner.decode_plan(bytes).unwrap();
    /// let (_, decoding) = cleaner.decode(bytes, &plan, PieceStart::InputStart).unwrap();
    /// assert_eq!(decoding.encoding, "mixed");
    /// let lines: Vec<&str> = decoding.line_encodings().take(2).collect();
    /// assert_eq!(lines, ["UTF-8", "GBK"]);
    /// ```
    pub fn line_encodings(&self) -> impl Iterator<Item = &'static str> + '_ {
        // Walks the runs alongside the lines: linear, however many runs a dump has.
        let mut runs = self.runs.iter().peekable();
        let mut current = self.encoding;
        (0..).map(move |line| {
            while let Some(&(_, encoding)) = runs.next_if(|&&(start, _)| start <= line) {
                current = encoding;
            }
            current
        })
    }
}

/// Input that cannot be decoded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Not UTF-8 while the decode step is off.
    #[error(
        "not UTF-8 (invalid byte at offset {offset}); turn the decode step on or give --encoding"
    )]
    NotUtf8 {
        /// Where the first invalid byte is.
        offset: usize,
    },
    /// NUL bytes in input that is not UTF-16: a binary file, not text.
    #[error(
        "binary data, not text (NUL byte at offset {offset}); leave this file out, or give \
         --encoding if it is text in an encoding with NUL bytes (UTF-16LE, UTF-16BE)"
    )]
    Binary {
        /// Where the first NUL byte is.
        offset: usize,
    },
}

/// Decodes `bytes`, a whole input or a piece of one cut at a line boundary, according to
/// `plan`. Valid UTF-8 is returned borrowed, unchanged; a BOM the plan expects is removed at
/// the start of the input only (`start`), never from a later piece.
///
/// # Errors
///
/// [`DecodeError::NotUtf8`] for input that is not UTF-8 under [`DecodePlan::utf8_only`].
///
/// ```
/// use hanfix::{Cleaner, DecodePlan, PieceStart};
/// use std::borrow::Cow;
/// let input = "你好，世界\n".as_bytes();
/// let plan = DecodePlan::detect(input, None).unwrap();
/// let (text, decoding) = Cleaner::default().decode(input, &plan, PieceStart::InputStart).unwrap();
/// assert!(matches!(text, Cow::Borrowed(_)));
/// assert_eq!(decoding.encoding, "UTF-8");
/// ```
pub fn decode<'a>(
    bytes: &'a [u8],
    plan: &DecodePlan,
    start: PieceStart,
) -> Result<(Cow<'a, str>, Decoding), DecodeError> {
    let at_input_start = start == PieceStart::InputStart;
    match &plan.kind {
        Kind::Utf8Only => match as_utf8(bytes) {
            Some(text) => Ok((Cow::Borrowed(text), Decoding::whole(UTF_8, false, 0))),
            None => Err(DecodeError::NotUtf8 {
                offset: Encoding::utf8_valid_up_to(bytes),
            }),
        },
        Kind::Single(encoding) => Ok(decode_single(bytes, encoding, at_input_start)),
        Kind::Lines { bom, lines } => {
            let len = match Encoding::for_bom(bytes) {
                Some((encoding, len)) if *bom && at_input_start && encoding == UTF_8 => len,
                _ => 0,
            };
            let (text, mut decoding) = lines.decode(&bytes[len..]);
            decoding.bom = len > 0;
            Ok((text, decoding))
        }
    }
}

/// Decodes everything with `encoding`, removing a BOM of that encoding at the start of the
/// input.
fn decode_single<'a>(
    bytes: &'a [u8],
    encoding: &'static Encoding,
    at_input_start: bool,
) -> (Cow<'a, str>, Decoding) {
    let (bom, body) = match Encoding::for_bom(bytes) {
        Some((found, len)) if at_input_start && found == encoding => (true, &bytes[len..]),
        _ => (false, bytes),
    };
    let (text, malformed) = decode_with(encoding, body);
    (text, Decoding::whole(encoding, bom, malformed))
}

/// Decodes `bytes` with `encoding` (no BOM handling), borrowing when the bytes are already
/// the text; returns the text and how many malformed sequences became U+FFFD.
fn decode_with<'a>(encoding: &'static Encoding, bytes: &'a [u8]) -> (Cow<'a, str>, usize) {
    let borrowable = if encoding == UTF_8
        || (encoding.is_ascii_compatible() && Encoding::ascii_valid_up_to(bytes) == bytes.len())
    {
        // ASCII is the same in every ASCII-compatible encoding.
        as_utf8(bytes)
    } else {
        None
    };
    match borrowable {
        Some(text) => (Cow::Borrowed(text), 0),
        None => {
            let mut text = String::new();
            let malformed = decode_into(encoding, bytes, &mut text);
            (Cow::Owned(text), malformed)
        }
    }
}

/// `bytes` as text if they are valid UTF-8. (encoding_rs validates CJK text several times
/// faster than `std::str::from_utf8`.)
fn as_utf8(bytes: &[u8]) -> Option<&str> {
    match UTF_8.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(Cow::Borrowed(text)) => Some(text),
        _ => None,
    }
}

/// The most output [`decode_into`] decodes at a time after the first call.
const CHUNK: usize = 64 * 1024;

/// Decodes `bytes` with `encoding` (no BOM handling), appending to `out`; returns how many
/// malformed sequences became U+FFFD. `bytes` must end at a character boundary of the
/// input (pieces and lines do), so a sequence cut at the end counts as malformed.
fn decode_into(encoding: &'static Encoding, bytes: &[u8], out: &mut String) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let needed = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(CHUNK);
    let mut rest = bytes;
    if out.is_empty() {
        // Straight into the output: for clean input, the whole work in one call.
        *out = String::with_capacity(needed);
        let (result, read) = decoder.decode_to_string_without_replacement(rest, out, true);
        rest = &rest[read..];
        return match result {
            DecoderResult::InputEmpty => 0,
            // Not expected: there was room for the worst case.
            DecoderResult::OutputFull => decode_chunks(&mut decoder, rest, out, needed),
            DecoderResult::Malformed(_, _) => {
                out.push('\u{FFFD}');
                1 + decode_chunks(&mut decoder, rest, out, needed)
            }
        };
    }
    decode_chunks(&mut decoder, rest, out, needed)
}

/// The rest of [`decode_into`], through a buffer of at most [`CHUNK`] bytes: encoding_rs
/// initializes all the spare capacity of a `String` it decodes into, on every call, which
/// for many short runs (or many malformed sequences) appended to one large output would cost
/// time quadratic in its size.
fn decode_chunks(decoder: &mut Decoder, mut rest: &[u8], out: &mut String, needed: usize) -> usize {
    let mut buffer = "\0".repeat(needed.clamp(16, CHUNK));
    let mut malformed = 0;
    loop {
        let (result, read, written) =
            decoder.decode_to_str_without_replacement(rest, &mut buffer, true);
        out.push_str(&buffer[..written]);
        rest = &rest[read..];
        match result {
            DecoderResult::InputEmpty => return malformed,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(_, _) => {
                out.push('\u{FFFD}');
                malformed += 1;
            }
        }
    }
}

/// `bytes` decoded with `encoding` (no BOM handling), if they hold no malformed sequence.
/// With `complete` false the bytes may end inside a character (a prefix cut anywhere): that
/// character is left out, not counted as an error.
fn decode_clean(encoding: &'static Encoding, bytes: &[u8], complete: bool) -> Option<String> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(bytes.len())
            .unwrap_or(0),
    );
    let (result, _) = decoder.decode_to_string_without_replacement(bytes, &mut text, complete);
    (result == DecoderResult::InputEmpty).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_into_counts_each_malformed_sequence() {
        let mut out = String::new();
        assert_eq!(decode_into(UTF_8, b"a\xffb\xfe", &mut out), 2);
        assert_eq!(out, "a\u{FFFD}b\u{FFFD}");
    }

    #[test]
    fn many_malformed_sequences_take_linear_time() {
        // Quadratic work (re-initializing the output's spare capacity at every malformed
        // sequence) would take minutes here.
        let mut out = String::new();
        assert_eq!(decode_into(UTF_8, &[0xff; 200_000], &mut out), 200_000);
        assert_eq!(out.chars().count(), 200_000);
    }

    #[test]
    fn decode_with_borrows_ascii_in_legacy_encodings() {
        let (text, malformed) = decode_with(encoding_rs::GBK, b"plain ascii\n");
        assert!(matches!(text, Cow::Borrowed("plain ascii\n")));
        assert_eq!(malformed, 0);
    }

    #[test]
    fn decode_clean_accepts_a_cut_character_only_in_a_prefix() {
        // The first byte of "中" in GBK.
        assert_eq!(
            decode_clean(encoding_rs::GBK, b"ab\xd6", false).as_deref(),
            Some("ab")
        );
        assert_eq!(decode_clean(encoding_rs::GBK, b"ab\xd6", true), None);
    }

    #[test]
    fn forced_encoding_strips_only_its_own_bom() {
        let cp1252 = DecodePlan::detect(b"", Some(encoding_rs::WINDOWS_1252)).unwrap();
        let (text, decoding) = decode(b"\xef\xbb\xbfa", &cp1252, PieceStart::InputStart).unwrap();
        assert_eq!(
            (text.as_ref(), decoding.bom),
            ("\u{ef}\u{bb}\u{bf}a", false)
        );
        let utf8 = DecodePlan::detect(b"", Some(UTF_8)).unwrap();
        let (text, decoding) = decode(b"\xef\xbb\xbfa", &utf8, PieceStart::InputStart).unwrap();
        assert_eq!((text.as_ref(), decoding.bom), ("a", true));
    }

    #[test]
    fn a_bom_is_removed_only_at_the_start_of_the_input() {
        let input = b"\xef\xbb\xbfa\n";
        let detected = DecodePlan::detect(input, None).unwrap();
        let forced = DecodePlan::detect(b"", Some(UTF_8)).unwrap();
        for plan in [&detected, &forced] {
            let (text, decoding) = decode(input, plan, PieceStart::AfterLine).unwrap();
            assert_eq!((text.as_ref(), decoding.bom), ("\u{feff}a\n", false));
        }
    }
}
