//! Signs read from the raw bytes of a prefix before any legacy detection: UTF-16 without a
//! BOM, ISO-2022-JP, and whether the prefix is UTF-8.
//!
//! UTF-16 text with ASCII in it (spaces, digits, line breaks, Latin letters) has a NUL in
//! every ASCII character's high byte, so NULs suggest UTF-16 — or binary data, whose NULs
//! come with control characters that text never has. The decoded text must be clean (no
//! controls, private use or rare Han characters: [`is_clean_text`]) and, unless the NULs
//! show the byte order, keep to one script ([`looks_like_text`]). CJK UTF-16 may have no NUL
//! at all; it is only considered when every legacy CJK decoder fails on the bytes (the
//! legacy encodings are far more common), and then it must look like text too.

use super::{cjk, decode_clean};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// Whether `prefix` is valid UTF-8, allowing a character cut at its end.
pub(super) fn is_utf8_prefix(prefix: &[u8]) -> bool {
    let valid = Encoding::utf8_valid_up_to(prefix);
    // What follows the valid part, if anything, must be the start of a character.
    valid == prefix.len()
        || std::str::from_utf8(&prefix[valid..]).is_err_and(|error| error.error_len().is_none())
}

/// UTF-8 text with a few NUL bytes in it (a stray NUL in a scraped page) is text, not
/// binary: the normalize stage removes the NULs, and the change is recorded. Binary formats
/// that happen to be valid UTF-8 (tar, for one) are padded with far more NULs than this.
pub(super) fn is_text_with_stray_nuls(prefix: &[u8]) -> bool {
    const MAX_NULS_PER_KIB: usize = 2;
    let nuls = memchr::memchr_iter(0, prefix).count();
    nuls * 1024 <= prefix.len().max(1024) * MAX_NULS_PER_KIB && is_utf8_prefix(prefix)
}

/// ISO-2022-JP: 7-bit bytes (valid UTF-8, so it must be caught first) that switch to JIS X
/// 0208 with an escape sequence.
pub(super) fn is_iso_2022_jp(prefix: &[u8]) -> bool {
    prefix.is_ascii()
        && (memchr::memmem::find(prefix, b"\x1b$B").is_some()
            || memchr::memmem::find(prefix, b"\x1b$@").is_some())
        && decode_clean(encoding_rs::ISO_2022_JP, prefix, false).is_some()
}

/// UTF-16 in input with NUL bytes. When nearly all NULs sit at odd offsets (the high bytes
/// of ASCII characters in little-endian) or at even ones (big-endian), that byte order only
/// has to give clean text; otherwise (or if it does not) the byte order whose text looks
/// like text, if one does.
pub(super) fn utf16_by_nuls(prefix: &[u8]) -> Option<&'static Encoding> {
    let odd = memchr::memchr_iter(0, prefix)
        .filter(|offset| offset % 2 == 1)
        .count();
    let even = memchr::memchr_iter(0, prefix).count() - odd;
    let by_parity = if odd >= 9 * even {
        Some(UTF_16LE)
    } else if even >= 9 * odd {
        Some(UTF_16BE)
    } else {
        None
    };
    let clean = |encoding: &&'static Encoding| {
        decode_clean(encoding, prefix, false).is_some_and(|text| is_clean_text(&text))
    };
    by_parity.filter(clean).or_else(|| {
        pick(
            utf16_text_score(UTF_16LE, prefix),
            utf16_text_score(UTF_16BE, prefix),
        )
    })
}

/// The byte order with the better score, if one is better.
fn pick(le: Option<u32>, be: Option<u32>) -> Option<&'static Encoding> {
    match (le, be) {
        (Some(le), Some(be)) if le == be => None,
        (Some(le), Some(be)) if le < be => Some(UTF_16BE),
        (Some(_), _) => Some(UTF_16LE),
        (None, Some(_)) => Some(UTF_16BE),
        (None, None) => None,
    }
}

/// Below this many bytes, input without NULs is never taken for UTF-16: two or three byte
/// pairs of a legacy encoding read as UTF-16 too easily pass for text.
const MIN_UTF16_WITHOUT_NULS: usize = 16;

/// How much of a prefix the check for UTF-16 without NULs decodes (even: whole code units).
const UTF16_SNIFF_LEN: usize = 16 * 1024;

/// UTF-16 without NULs (CJK, or Cyrillic and Greek without spaces): only when no legacy CJK
/// encoding reads the bytes as text, and one byte order (the more plausible) gives text.
pub(super) fn utf16_without_nuls(prefix: &[u8]) -> Option<&'static Encoding> {
    // Two UTF-16 decodes and up to five legacy ones: 16 KiB tell as well as more, and a
    // directory of legacy files spends its time here otherwise.
    let prefix = &prefix[..prefix.len().min(UTF16_SNIFF_LEN)];
    if prefix.len() < MIN_UTF16_WITHOUT_NULS || mostly_ascii_pairs(prefix) {
        return None;
    }
    let encoding = pick(
        utf16_text_score(UTF_16LE, prefix),
        utf16_text_score(UTF_16BE, prefix),
    )?;
    let legacy_reads_text = cjk::ENCODINGS.iter().any(|legacy| {
        decode_clean(legacy, prefix, false).is_some_and(|text| stray_controls(text.as_bytes()) == 0)
    });
    (!legacy_reads_text).then_some(encoding)
}

/// Whether at least 70% of the byte pairs are two printable ASCII bytes: Latin text with a few
/// accents, which read as UTF-16 becomes CJK ideographs. Real CJK text in UTF-16 has about a
/// quarter of such pairs (Han characters from U+4E20 to U+7E7E with an ASCII low byte).
fn mostly_ascii_pairs(bytes: &[u8]) -> bool {
    let pairs = bytes.chunks_exact(2);
    let total = pairs.len();
    let ascii = pairs
        .filter(|pair| pair.iter().all(|b| (0x20..0x7f).contains(b)))
        .count();
    ascii * 10 >= total * 7
}

/// Whether valid UTF-8 may be UTF-16 without NULs: when at least one byte in eight is a stray
/// control character. Cyrillic and Greek in UTF-16 have one in every other byte (0x04,
/// 0x03); real UTF-8 text has next to none.
pub(super) fn utf8_may_be_utf16(prefix: &[u8]) -> bool {
    stray_controls(prefix) * 8 >= prefix.len().max(1)
}

/// How many bytes of `bytes` (ASCII-compatible) are control characters that never occur in
/// text: everything in C0 but tab, line feed, form feed, carriage return and escape (which
/// terminal output keeps). UTF-16 read as a legacy encoding is full of them: 、 is U+3001,
/// whose bytes are 0x01 and 0x30.
fn stray_controls(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b'\x1b'))
        .count()
}

/// How plausible `prefix` decoded as UTF-16 in `encoding` is (higher is better), or `None`
/// when it has malformed sequences or does not look like text.
fn utf16_text_score(encoding: &'static Encoding, prefix: &[u8]) -> Option<u32> {
    looks_like_text(&decode_clean(encoding, prefix, false)?)
}

/// Writing systems, for the test that decoded text keeps to one (or one family, such as
/// Chinese, Japanese and Korean with their shared ideographs).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Cjk,
    /// Hebrew and Arabic.
    Semitic,
    /// The scripts of India and South-East Asia (Devanagari to Lao).
    Brahmic,
    /// Letters of any other script: real, but too rare to be what a misread byte pair is.
    Rare,
    /// ASCII letters: text in any script has some (names, commands, acronyms).
    AsciiLetter,
    /// Punctuation, digits, symbols: any script uses them.
    Neutral,
    /// Never in text: stray controls, private use, noncharacters, U+FFFD.
    Junk,
}

fn script(c: char) -> Script {
    match c {
        '\t' | '\n' | '\x0c' | '\r' => Script::Neutral,
        'a'..='z' | 'A'..='Z' => Script::AsciiLetter,
        '\0'..='\x7f' if c.is_ascii_control() => Script::Junk,
        '\0'..='\x7f' => Script::Neutral,
        '\u{80}'..='\u{9f}' => Script::Junk,
        '\u{a0}'..='\u{bf}' | '\u{d7}' | '\u{f7}' => Script::Neutral,
        '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' => Script::Latin,
        '\u{370}'..='\u{3ff}' | '\u{1f00}'..='\u{1fff}' => Script::Greek,
        '\u{400}'..='\u{52f}' => Script::Cyrillic,
        '\u{590}'..='\u{6ff}' | '\u{750}'..='\u{77f}' => Script::Semitic,
        '\u{900}'..='\u{eff}' => Script::Brahmic,
        '\u{1100}'..='\u{11ff}'
        | '\u{2e80}'..='\u{2fdf}'
        | '\u{3040}'..='\u{31ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{a960}'..='\u{a97f}'
        | '\u{ac00}'..='\u{d7ff}'
        | '\u{f900}'..='\u{faff}' => Script::Cjk,
        '\u{2000}'..='\u{2bff}' | '\u{3000}'..='\u{303f}' | '\u{3200}'..='\u{33ff}' => {
            Script::Neutral
        }
        '\u{fe30}'..='\u{fe4f}' | '\u{feff}' | '\u{ff00}'..='\u{ffef}' => Script::Neutral,
        '\u{e000}'..='\u{f8ff}' | '\u{fff0}'..='\u{ffff}' => Script::Junk,
        _ => Script::Rare,
    }
}

/// Scores text that has letters, is clean ([`is_clean_text`]) and keeps its non-ASCII letters
/// to one common script (90% of them): the share in per mille of the main script. Bytes read
/// in the wrong byte order scatter over the whole of Unicode, or land in rare scripts (Yi,
/// Vai, Bamum for pairs of DOS Cyrillic letters).
fn looks_like_text(text: &str) -> Option<u32> {
    // Every script up to and including `Rare`, which is never the main one.
    let mut counts = [0u32; Script::Rare as usize + 1];
    let mut ascii_letters = 0;
    for c in text.chars() {
        match script(c) {
            Script::Junk | Script::Neutral => {}
            Script::AsciiLetter => ascii_letters += 1,
            letter => counts[letter as usize] += 1,
        }
    }
    let letters: u32 = counts.iter().sum();
    let main = counts[..Script::Rare as usize]
        .iter()
        .copied()
        .max()
        .unwrap_or(0);
    let plausible = letters + ascii_letters > 0 && main * 10 >= letters * 9 && is_clean_text(text);
    // Text of ASCII letters alone keeps to one script.
    plausible.then(|| (main * 1000).checked_div(letters).unwrap_or(1000))
}

/// Text without junk (controls, private use, noncharacters) whose Han characters and Hangul
/// syllables are mostly common ones: pairs of ASCII bytes read as UTF-16 become CJK
/// ideographs, and pairs of KOI8-R Cyrillic letters Hangul syllables, but rare ones.
fn is_clean_text(text: &str) -> bool {
    !text.chars().any(|c| script(c) == Script::Junk) && cjk::mostly_common(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    fn utf16be(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_be_bytes).collect()
    }

    #[test]
    fn nul_parity_gives_the_byte_order() {
        let text = "Alle Menschen sind frei und gleich an Würde und Rechten geboren.";
        assert_eq!(utf16_by_nuls(&utf16le(text)), Some(UTF_16LE));
        assert_eq!(utf16_by_nuls(&utf16be(text)), Some(UTF_16BE));
    }

    #[test]
    fn nuls_in_binary_are_not_utf16() {
        let binary: Vec<u8> = (0u8..=255).cycle().take(600).collect();
        assert_eq!(utf16_by_nuls(&binary), None);
        // A stray NUL in ASCII text: the pairs would read as CJK ideographs.
        assert_eq!(utf16_by_nuls(b"an ASCII line with a NUL\0 in it"), None);
    }

    #[test]
    fn cjk_utf16_without_nuls_is_found_when_legacy_decoders_fail() {
        // UDHR, article 1 (simplified Chinese), without its punctuation and 一 (U+4E00).
        let text = "他们赋有理性和良心并应以兄弟关系的精神相对待";
        assert_eq!(utf16_without_nuls(&utf16le(text)), Some(UTF_16LE));
        assert_eq!(utf16_without_nuls(&utf16be(text)), Some(UTF_16BE));
    }

    #[test]
    fn legacy_cjk_bytes_are_not_taken_for_utf16() {
        // "人人生而自由" in GBK: the GBK decoder reads it, so UTF-16 is not considered.
        assert_eq!(
            utf16_without_nuls(b"\xc8\xcb\xc8\xcb\xc9\xfa\xb6\xf8\xd7\xd4\xd3\xc9"),
            None
        );
    }

    #[test]
    fn latin_text_is_not_taken_for_utf16() {
        // Czech in windows-1250 (manpages-cs): its byte pairs read as common CJK ideographs,
        // and no legacy CJK decoder reads it.
        assert_eq!(utf16_without_nuls(b"v zobrazov\xe1n\xed ob"), None);
        assert_eq!(
            utf16_without_nuls("Alle Menschen sind frei".as_bytes()),
            None
        );
    }

    #[test]
    fn mixed_scripts_do_not_look_like_text() {
        assert!(looks_like_text("人人生而自由").is_some());
        assert!(looks_like_text("Права человека").is_some());
        assert!(looks_like_text("ⵎ蝥ⵎ蝥Ȁ").is_none());
        // "абвг" in DOS Cyrillic (IBM866, bytes A0 to A3) read as UTF-16BE: Yi syllables.
        assert!(looks_like_text("\u{a0a1}\u{a2a3}").is_none());
        assert!(looks_like_text("text\u{1}").is_none());
    }

    #[test]
    fn a_cut_prefix_is_still_utf8() {
        assert!(is_utf8_prefix(&"中文".as_bytes()[..4]));
        assert!(!is_utf8_prefix(b"\xd6\xd0\xce\xc4"));
    }

    #[test]
    fn iso_2022_jp_needs_its_escape_sequence() {
        // "日本" in ISO-2022-JP.
        assert!(is_iso_2022_jp(b"\x1b$BF|K\\\x1b(B\n"));
        assert!(!is_iso_2022_jp(b"plain ASCII\n"));
    }
}
