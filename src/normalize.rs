//! The last stage: line endings, control and invisible characters, NFC, trailing whitespace,
//! blank lines and the final newline.
//!
//! The stage first scans the text for anything to change. Most texts need nothing, so the
//! scan is a tight byte loop: printable ASCII and a set of plain characters (CJK ideographs
//! and punctuation among them, looked up in a bitmap) pass at once, and only the rare rest
//! is looked at closely. From the first line that needs work on, the output is rebuilt line
//! by line; a line that needs nothing is copied whole.
//!
//! Within a line the edits happen in a fixed order, each on the result of the one before:
//! removals (control characters, stray BOMs, zero-width characters), NFC, then trailing
//! whitespace. The order makes the stage idempotent: removing a character can bring a base
//! letter and its combining mark together, which NFC must then see.

use crate::pipeline::{PieceStart, TextStage};
use crate::report::Changes;
use memchr::{memchr2, memchr_iter};
use std::borrow::Cow;
use std::cell::Cell;
use std::iter;
use unicode_normalization::char::{canonical_combining_class, decompose_canonical};
use unicode_normalization::{is_nfc, is_nfc_quick, IsNormalized, UnicodeNormalization};

const LINE_ENDING: &str = "normalize/line-ending";
const CONTROL_CHAR: &str = "normalize/control-char";
const BOM: &str = "normalize/bom";
const ZERO_WIDTH: &str = "normalize/zero-width";
const NFC: &str = "normalize/nfc";
const TRAILING_SPACE: &str = "normalize/trailing-space";
const BLANK_LINES: &str = "normalize/blank-lines";
const FINAL_NEWLINE: &str = "normalize/final-newline";

const ZWJ: char = '\u{200D}';

/// How a normalized text ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ending {
    /// A document: a non-empty text ends with exactly one newline.
    Newline,
    /// A record field: no trailing newline at all.
    None,
}

/// The normalize stage.
pub(crate) struct Normalizer {
    ending: Ending,
    /// A piece that continues an input after a non-blank line may start with one blank
    /// line (it separates the piece from the text before it); a text's start may not.
    after_line: bool,
    /// Whether the last text it changed had characters removed or composed inside a line,
    /// trailing whitespace removed, or a lone CR made a line break: changes that may make
    /// mojibake repair read a line differently (it weighs a stretch by what follows it, and
    /// the end of a line reads differently from a space).
    changed_inside_lines: Cell<bool>,
}

impl Normalizer {
    pub(crate) fn new(ending: Ending, start: PieceStart) -> Normalizer {
        Normalizer {
            ending,
            after_line: start == PieceStart::AfterLine,
            changed_inside_lines: Cell::new(false),
        }
    }

    /// Whether the last call of `apply` changed a line in a way mojibake repair may read
    /// differently (see the field).
    pub(crate) fn changed_inside_lines(&self) -> bool {
        self.changed_inside_lines.get()
    }
}

impl TextStage for Normalizer {
    fn apply<'t>(&self, text: &'t str, log: &mut Changes) -> Cow<'t, str> {
        match first_dirty_line(text, self.ending, self.after_line) {
            None => {
                self.changed_inside_lines.set(false);
                Cow::Borrowed(text)
            }
            Some(from) => {
                let (out, inside) = rebuild(text, from, self.ending, self.after_line, log);
                self.changed_inside_lines.set(inside);
                Cow::Owned(out)
            }
        }
    }
}

/// Whether `text` ends with a blank line, counting the non-blank line before a piece that
/// continues an input (`after_line`).
fn ends_with_blank_line(text: &str, after_line: bool) -> bool {
    text.ends_with("\n\n") || (after_line && text == "\n")
}

// ---------------------------------------------------------------------------------------
// The scan: finds the first line that needs work.

/// The byte offset of the first line that the stage would change, `text.len()` when only
/// the end of the text needs work, `None` when nothing does.
///
/// Lines are cut at `\n` only: a `\r` inside a line makes that line dirty.
fn first_dirty_line(text: &str, ending: Ending, after_line: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut start = 0;
    for newline in memchr_iter(b'\n', bytes) {
        let line = &text[start..newline];
        let dirty = if line.is_empty() {
            // A blank line at the start of a text, or a second blank line in a row.
            if start == 0 {
                !after_line
            } else {
                start == 1 || bytes[start - 2] == b'\n'
            }
        } else {
            !line_is_clean(line)
        };
        if dirty {
            return Some(start);
        }
        start = newline + 1;
    }
    if !line_is_clean(&text[start..]) {
        return Some(start);
    }
    let end_is_clean = match ending {
        Ending::Newline => {
            text.is_empty() || (start == text.len() && !ends_with_blank_line(text, after_line))
        }
        Ending::None => !text.ends_with('\n'),
    };
    (!end_is_clean).then_some(text.len())
}

/// Whether the stage leaves a line (without its line break) exactly as it is.
fn line_is_clean(line: &str) -> bool {
    let bytes = line.as_bytes();
    let mut rare = RareChars::default();
    let mut i = 0;
    while i < bytes.len() {
        i = skip_plain_chunks(bytes, i);
        // Character by character through the chunk that holds something else.
        let end = bytes.len().min(i + CHUNK);
        while i < end {
            match after_clean_char(line, i, &mut rare) {
                Some(next) => i = next,
                None => return false,
            }
        }
    }
    !line.ends_with(is_space)
}

/// Bytes the chunk test looks at at once.
const CHUNK: usize = 16;

/// Skips whole chunks of bytes that [`vouches_for_its_char`] accepts, from the character
/// boundary `i`; returns a character boundary.
fn skip_plain_chunks(bytes: &[u8], mut i: usize) -> usize {
    while let Some(window) = bytes[i..].first_chunk::<{ CHUNK + 2 }>() {
        // No early exit: free of branches, the fold keeps its speed whatever the mix of
        // scripts, where the character loop mispredicts at every change of width.
        let plain = (0..CHUNK).fold(true, |plain, k| {
            plain & vouches_for_its_char(window[k], window[k + 1], window[k + 2])
        });
        if !plain {
            break;
        }
        i += CHUNK;
    }
    // The chunk may have ended inside a character it vouched for.
    while bytes.get(i).is_some_and(|&byte| byte & 0xC0 == 0x80) {
        i += 1;
    }
    i
}

/// Whether `byte`, followed by `next` and `after`, is a continuation byte (its character
/// is judged by its lead byte), printable ASCII, a tab, or the lead byte of a plain
/// character of a block common in Chinese text: a subset of [`is_plain`] cheap to test,
/// checked against it for every character in the tests.
#[inline(always)]
fn vouches_for_its_char(byte: u8, next: u8, after: u8) -> bool {
    let continuation = byte & 0xC0 == 0x80;
    let ascii = (byte.wrapping_sub(0x20) < 0x5F) | (byte == b'\t');
    // U+00A0..=U+02FF
    let latin = ((byte == 0xC2) & (next >= 0xA0)) | (byte.wrapping_sub(0xC3) < 9);
    // U+2010..=U+2027 and U+2030..=U+203F: dashes, quotes, ellipsis
    let in_quotes = (after.wrapping_sub(0x90) < 0x18) | (after >= 0xB0);
    let quotes = (byte == 0xE2) & (next == 0x80) & in_quotes;
    // U+3000..=U+3FFF but for the combining marks U+302A..=U+302F and U+3099..=U+309A
    let marks = ((next == 0x80) & (after.wrapping_sub(0xAA) < 6))
        | ((next == 0x82) & (after.wrapping_sub(0x99) < 2));
    let cjk_punctuation = (byte == 0xE3) & !marks;
    // U+4000..=U+9FFF
    let ideograph = byte.wrapping_sub(0xE4) < 6;
    // U+FF00..=U+FFBF
    let fullwidth = (byte == 0xEF) & (next.wrapping_sub(0xBC) < 3);
    continuation | ascii | latin | quotes | cjk_punctuation | ideograph | fullwidth
}

/// The offset of the character after the one at byte `i` of `line`, or `None` when that
/// character is not clean.
#[inline]
fn after_clean_char(line: &str, i: usize, rare: &mut RareChars) -> Option<usize> {
    let bytes = line.as_bytes();
    let lead = bytes[i];
    let len = if let [0xE0..=0xEF, second, third, ..] = bytes[i..] {
        let code =
            u32::from(lead & 0x0F) << 12 | u32::from(second & 0x3F) << 6 | u32::from(third & 0x3F);
        if is_plain(code) {
            return Some(i + 3);
        }
        3
    } else if lead < 0x80 {
        let printable = (0x20..0x7F).contains(&lead) || lead == b'\t';
        return printable.then_some(i + 1);
    } else {
        let c = char_at(line, i);
        if is_plain(c as u32) {
            return Some(i + c.len_utf8());
        }
        c.len_utf8()
    };
    rare.is_clean(line, i).then_some(i + len)
}

/// What the scan of one line keeps about the characters outside the plain set.
#[derive(Default)]
struct RareChars {
    nfc_checked: bool,
    previous: PreviousStarter,
}

impl RareChars {
    /// Whether the character at byte `i` of a line whose earlier characters are all clean
    /// stays. NFC is checked once for the whole line, on the first character that could
    /// need it.
    fn is_clean(&mut self, line: &str, i: usize) -> bool {
        let c = char_at(line, i);
        if removal_rule(c).is_some() {
            return false;
        }
        if c == ZWJ {
            return zwj_joins(&mut self.previous, &line[..i], &line[i + ZWJ.len_utf8()..]);
        }
        if !self.nfc_checked {
            self.nfc_checked = true;
            return is_nfc(line);
        }
        true
    }
}

fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().expect("i is inside the text")
}

// ---------------------------------------------------------------------------------------
// Character classes.

/// Non-ASCII characters the scan passes without a closer look: each is a starter
/// (combining class 0), NFC quick-check Yes (so nothing composes with it or reorders around
/// it), and not a character the stage removes. Whitespace is allowed: trailing whitespace is
/// checked at the end of each line. Sorted; the tests check every code point.
const PLAIN: [(u32, u32); 23] = [
    (0x00A0, 0x02FF), // Latin-1 (no C1 controls), Latin Extended, IPA, modifier letters
    (0x0388, 0x03FF), // Greek (U+0374, U+037E and U+0387 change under NFC)
    (0x0400, 0x0482), // Cyrillic letters
    (0x2010, 0x2027), // dashes, quotes, bullets, ellipsis
    (0x2030, 0x205E), // per mille, primes, reference mark
    (0x2070, 0x20CF), // superscripts, subscripts, currency
    (0x2100, 0x2125), // letterlike symbols (U+2126 ohm changes under NFC)
    (0x2127, 0x2129), // letterlike symbols
    (0x212C, 0x2328), // number forms, arrows, mathematical operators (U+212A, U+212B change)
    (0x232B, 0x2ADB), // technical, enclosed alphanumerics (①), box drawing, shapes (U+2329/A change)
    (0x2ADD, 0x2BFF), // arrows and symbols
    (0x2E80, 0x3029), // CJK radicals, ideographic space, CJK punctuation
    (0x3030, 0x3098), // CJK punctuation, hiragana (U+302A..=U+302F are combining marks)
    (0x309B, 0x9FFF), // kana, bopomofo, enclosed CJK (㈠), CJK ideographs (U+3099/A combine)
    (0xA000, 0xA4CF), // Yi
    (0xAC00, 0xD7A3), // Hangul syllables
    (0xE000, 0xF8FF), // private use
    (0xFE10, 0xFE19), // vertical forms
    (0xFE30, 0xFE6F), // CJK compatibility forms, small forms
    (0xFF00, 0xFFEF), // halfwidth and fullwidth forms (，：（）！？)
    (0x1F000, 0x1FAFF), // emoji and pictographs
    (0x20000, 0x2F7FF), // CJK ideographs, extensions B to F (U+2F800.. change under NFC)
    (0x30000, 0x3FFFF), // CJK ideographs, extensions G and later
];

/// [`PLAIN`] in the Basic Multilingual Plane as a bitmap (8 KiB): one load per character.
static PLAIN_BMP: [u64; 1024] = plain_bmp();

const fn plain_bmp() -> [u64; 1024] {
    let mut bits = [0u64; 1024];
    let mut range = 0;
    while range < PLAIN.len() {
        let (mut code, last) = PLAIN[range];
        while code <= last && code <= 0xFFFF {
            bits[(code >> 6) as usize] |= 1 << (code & 63);
            code += 1;
        }
        range += 1;
    }
    bits
}

/// Whether a code point is in [`PLAIN`].
#[inline]
fn is_plain(code: u32) -> bool {
    if code <= 0xFFFF {
        return PLAIN_BMP[(code >> 6) as usize] >> (code & 63) & 1 != 0;
    }
    let after = PLAIN.partition_point(|&(_, last)| last < code);
    PLAIN.get(after).is_some_and(|&(first, _)| first <= code)
}

/// The rule that removes a character wherever it is, if any. Tab, newline and carriage
/// return are not removed here (the line handling deals with `\r`); neither is the
/// zero-width joiner, which stays where it joins.
fn removal_rule(c: char) -> Option<&'static str> {
    match c {
        '\t' | '\n' | '\r' => None,
        '\0'..='\u{1F}' | '\u{7F}'..='\u{9F}' => Some(CONTROL_CHAR),
        '\u{FEFF}' => Some(BOM),
        '\u{200B}' | '\u{2060}' => Some(ZERO_WIDTH),
        _ => None,
    }
}

/// Whitespace trimmed at the end of a line: Unicode White_Space but for the control
/// characters among it (U+000B, U+000C, U+0085), which are removed wherever they are.
fn is_space(c: char) -> bool {
    c.is_whitespace() && removal_rule(c).is_none()
}

/// Whether a zero-width joiner between `before` and `after` (both within its line) joins
/// something and stays. It does not when either neighbour is a line boundary, ASCII,
/// whitespace or CJK, or when another joiner follows.
///
/// The neighbours are classified by the first character of their canonical decomposition,
/// which NFC does not change (`K` and the Kelvin sign are both ASCII here); characters
/// whose decomposition starts with a combining mark are looked past on the left and join on
/// the right. That keeps the decision the same on the stage's own output (idempotence).
fn zwj_joins(previous: &mut PreviousStarter, before: &str, after: &str) -> bool {
    if !previous.find(before).is_some_and(joins_across_zwj) {
        return false;
    }
    match after.chars().find(|&c| removal_rule(c).is_none()) {
        None | Some('\r' | '\n' | ZWJ) => false,
        Some(next) => {
            let next = decomposition_start(next);
            canonical_combining_class(next) != 0 || joins_across_zwj(next)
        }
    }
}

/// Finds the left neighbour of successive joiners in one line, looking back only as far as
/// the previous search: a long line of joiners and combining marks stays linear.
#[derive(Default)]
struct PreviousStarter {
    searched: usize,
    found: Option<char>,
}

impl PreviousStarter {
    /// The decomposition start of the last character of `before` that starts with a starter.
    /// `before` extends the `before` of the previous call.
    fn find(&mut self, before: &str) -> Option<char> {
        let found = before[self.searched..]
            .chars()
            .rev()
            .map(decomposition_start)
            .find(|&c| canonical_combining_class(c) == 0)
            .or(self.found);
        self.searched = before.len();
        self.found = found;
        found
    }
}

/// Whether a starter may sit next to a joining zero-width joiner: emoji, variation
/// selectors, letters of scripts that use the joiner; not ASCII, whitespace or CJK.
fn joins_across_zwj(c: char) -> bool {
    !(c.is_ascii() || c.is_whitespace() || is_cjk(c))
}

/// Han, kana, bopomofo, CJK punctuation and symbols, fullwidth forms.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x33FF     // radicals, CJK punctuation, kana, bopomofo, enclosed CJK
        | 0x3400..=0x9FFF   // ideographs
        | 0xF900..=0xFAFF   // compatibility ideographs
        | 0xFE10..=0xFE1F   // vertical forms
        | 0xFE30..=0xFE4F   // CJK compatibility forms
        | 0xFF00..=0xFFEF   // halfwidth and fullwidth forms
        | 0x1B000..=0x1B16F // kana supplement and extensions
        | 0x20000..=0x3FFFF // ideographs, extensions B and later
    )
}

/// The first character of `c`'s canonical decomposition (`á` gives `a`, the Kelvin sign
/// `K`); `c` itself when it has none.
pub(crate) fn decomposition_start(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    let mut first = None;
    decompose_canonical(c, |part| {
        first.get_or_insert(part);
    });
    first.unwrap_or(c)
}

/// A character that starts an NFC segment: nothing before it composes or reorders with it.
fn starts_nfc_segment(c: char) -> bool {
    c.is_ascii()
        || is_plain(c as u32)
        || (canonical_combining_class(c) == 0 && is_nfc_quick(iter::once(c)) == IsNormalized::Yes)
}

// ---------------------------------------------------------------------------------------
// The rebuild.

/// Builds the output from `text[from..]`, `from` being the start of a line and everything
/// before it clean. Edits are recorded at the length of the output built so far plus their
/// offset in the line being built: the text as the previous edits left it.
fn rebuild(
    text: &str,
    from: usize,
    ending: Ending,
    after_line: bool,
    log: &mut Changes,
) -> (String, bool) {
    let mut builder = Builder {
        out: String::with_capacity(text.len() + 1),
        after_line,
        cleaned: String::new(),
        composed: String::new(),
        changed_inside: false,
    };
    builder.out.push_str(&text[..from]);
    let bytes = text.as_bytes();
    let mut pos = from;
    while let Some(found) = memchr2(b'\n', b'\r', &bytes[pos..]) {
        let end = pos + found;
        builder.line(&text[pos..end], log);
        let len = if bytes[end..].starts_with(b"\r\n") {
            2
        } else {
            1
        };
        builder.line_break(&text[end..end + len], log);
        pos = end + len;
    }
    builder.line(&text[pos..], log);
    builder.finish(ending, log);
    (builder.out, builder.changed_inside)
}

struct Builder {
    out: String,
    /// The text continues an input after a non-blank line.
    after_line: bool,
    /// Scratch: the current line after removals.
    cleaned: String,
    /// Scratch: the current line after NFC.
    composed: String,
    /// Whether a line lost or composed characters, lost trailing whitespace, or was split at
    /// a lone CR (see [`Normalizer::changed_inside_lines`]).
    changed_inside: bool,
}

impl Builder {
    fn line(&mut self, line: &str, log: &mut Changes) {
        let at = self.out.len();
        // Most lines need nothing, or only lose trailing whitespace.
        let trimmed = line.trim_end_matches(is_space);
        if line_is_clean(trimmed) {
            if trimmed.len() < line.len() {
                log.record(
                    TRAILING_SPACE,
                    at + trimmed.len(),
                    &line[trimmed.len()..],
                    "",
                );
                self.changed_inside = true;
            }
            self.out.push_str(trimmed);
            return;
        }
        self.cleaned.clear();
        remove_invisibles(line, at, &mut self.cleaned, log);
        self.changed_inside |= self.cleaned.len() != line.len();
        let line = if is_nfc_quick(self.cleaned.chars()) == IsNormalized::Yes {
            &self.cleaned
        } else {
            self.changed_inside = true;
            self.composed.clear();
            compose(&self.cleaned, at, &mut self.composed, log);
            &self.composed
        };
        let kept = line.trim_end_matches(is_space).len();
        if kept < line.len() {
            log.record(TRAILING_SPACE, at + kept, &line[kept..], "");
            self.changed_inside = true;
        }
        self.out.push_str(&line[..kept]);
    }

    /// Writes a line break as `\n`, or drops it when it would start the text with a blank
    /// line or make a second blank line in a row.
    fn line_break(&mut self, found: &str, log: &mut Changes) {
        let at = self.out.len();
        let at_text_start = self.out.is_empty() && !self.after_line;
        if at_text_start || ends_with_blank_line(&self.out, self.after_line) {
            log.record(BLANK_LINES, at, found, "");
            return;
        }
        if found != "\n" {
            log.record(LINE_ENDING, at, found, "\n");
            // A lone CR was inside a line for the stages before, which cut lines at LF
            // only: the line it split may read differently now.
            self.changed_inside |= found == "\r";
        }
        self.out.push('\n');
    }

    fn finish(&mut self, ending: Ending, log: &mut Changes) {
        if ends_with_blank_line(&self.out, self.after_line) {
            self.out.pop();
            log.record(BLANK_LINES, self.out.len(), "\n", "");
        }
        match ending {
            Ending::Newline if !self.out.is_empty() && !self.out.ends_with('\n') => {
                log.record(FINAL_NEWLINE, self.out.len(), "", "\n");
                self.out.push('\n');
            }
            Ending::None if self.out.ends_with('\n') => {
                self.out.pop();
                log.record(FINAL_NEWLINE, self.out.len(), "\n", "");
            }
            _ => {}
        }
    }
}

/// Copies `line` into `cleaned` without control characters, BOMs, zero-width spaces, word
/// joiners and joiners that join nothing, recording one change per run of characters
/// removed by the same rule. `at` is where the line starts in the running text.
fn remove_invisibles(line: &str, at: usize, cleaned: &mut String, log: &mut Changes) {
    let mut run: Option<(usize, &'static str)> = None;
    let mut previous = PreviousStarter::default();
    for (i, c) in line.char_indices() {
        let rule = removal_rule(c).or_else(|| {
            let joins = c != ZWJ || zwj_joins(&mut previous, cleaned, &line[i + ZWJ.len_utf8()..]);
            (!joins).then_some(ZERO_WIDTH)
        });
        if let Some((start, run_rule)) = run {
            if rule != Some(run_rule) {
                log.record(run_rule, at + cleaned.len(), &line[start..i], "");
                run = None;
            }
        }
        match rule {
            Some(rule) => {
                run.get_or_insert((i, rule));
            }
            None => cleaned.push(c),
        }
    }
    if let Some((start, rule)) = run {
        log.record(rule, at + cleaned.len(), &line[start..], "");
    }
}

/// Writes the NFC form of `line` into `composed`, segment by segment, recording one change
/// per segment that NFC changes. A segment runs from a character that starts one (see
/// [`starts_nfc_segment`]) to the next; NFC of the line is NFC of each segment in turn.
fn compose(line: &str, at: usize, composed: &mut String, log: &mut Changes) {
    let mut start = 0;
    // Whether the current segment holds more than a lone segment starter.
    let mut needs_nfc = false;
    for (i, c) in line.char_indices() {
        if !starts_nfc_segment(c) {
            needs_nfc = true;
        } else if i > 0 {
            compose_segment(&line[start..i], needs_nfc, at, composed, log);
            start = i;
            needs_nfc = false;
        }
    }
    compose_segment(&line[start..], needs_nfc, at, composed, log);
}

fn compose_segment(
    segment: &str,
    needs_nfc: bool,
    at: usize,
    composed: &mut String,
    log: &mut Changes,
) {
    let start = composed.len();
    if needs_nfc {
        composed.extend(segment.nfc());
        if composed[start..] != *segment {
            log.record(NFC, at + start, segment, &composed[start..]);
        }
    } else {
        composed.push_str(segment);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{RecordLevel, Stage};

    fn each_plain_char() -> impl Iterator<Item = char> {
        PLAIN
            .iter()
            .flat_map(|&(first, last)| first..=last)
            .map(|c| char::from_u32(c).expect("no surrogates in the plain set"))
    }

    #[test]
    fn plain_chars_are_nfc_starters_the_stage_keeps() {
        for c in each_plain_char() {
            let code = c as u32;
            assert!(is_plain(code), "U+{code:04X}");
            assert_eq!(canonical_combining_class(c), 0, "U+{code:04X}");
            assert_eq!(
                is_nfc_quick(iter::once(c)),
                IsNormalized::Yes,
                "U+{code:04X}"
            );
            assert_eq!(removal_rule(c), None, "U+{code:04X}");
            assert_ne!(c, ZWJ);
        }
    }

    #[test]
    fn the_chunk_test_vouches_only_for_plain_characters() {
        let padded = |c: char, pad: u8| {
            let mut bytes = [pad; 6];
            c.encode_utf8(&mut bytes);
            bytes
        };
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for bytes in [padded(c, 0x00), padded(c, 0xBF)] {
                if vouches_for_its_char(bytes[0], bytes[1], bytes[2]) {
                    let printable = matches!(c, ' '..='~' | '\t');
                    assert!(printable || is_plain(c as u32), "U+{:04X}", c as u32);
                }
            }
        }
    }

    #[test]
    fn the_scan_sees_a_character_at_any_offset() {
        let line = "中文，“引号”……（ＡＢ１２）abc · ä 한국어 ㈠① 🙂 ".repeat(3);
        let line = line.trim_end();
        assert!(line_is_clean(line));
        for (i, _) in line.char_indices() {
            let with = |c: char| format!("{}{c}{}", &line[..i], &line[i..]);
            assert!(!line_is_clean(&with('\u{200B}')), "{i}");
            assert!(!line_is_clean(&with('\r')), "{i}");
            assert!(line_is_clean(&with('\u{200C}')), "{i}");
        }
    }

    #[test]
    fn plain_ranges_are_sorted_and_disjoint() {
        assert!(PLAIN.iter().all(|&(first, last)| first <= last));
        assert!(PLAIN.windows(2).all(|w| w[0].1 < w[1].0));
    }

    #[test]
    fn invisibles_and_marks_are_not_plain() {
        for c in [
            '\u{80}',
            '\u{9F}',
            '\u{200B}',
            '\u{200C}',
            '\u{200D}',
            '\u{200E}',
            '\u{2028}',
            '\u{2060}',
            '\u{FEFF}',
            '\u{0301}',
            '\u{3099}',
            '\u{302A}',
            '\u{F900}',
            '\u{212B}',
            '\u{2F800}',
        ] {
            assert!(!is_plain(c as u32), "U+{:04X}", c as u32);
        }
    }

    fn run(text: &str, ending: Ending) -> (Cow<'_, str>, Vec<crate::Change>) {
        run_piece(text, ending, PieceStart::InputStart)
    }

    fn run_piece(
        text: &str,
        ending: Ending,
        start: PieceStart,
    ) -> (Cow<'_, str>, Vec<crate::Change>) {
        let mut log = Changes::new(RecordLevel::Full);
        log.enter(Stage::Normalize);
        let out = Normalizer::new(ending, start).apply(text, &mut log);
        let changes = log.into_parts().changes;
        (out, changes)
    }

    #[test]
    fn scan_finds_the_first_line_to_rebuild() {
        assert_eq!(first_dirty_line("一\n二\n", Ending::Newline, false), None);
        assert_eq!(
            first_dirty_line("一\n二 \n三\n", Ending::Newline, false),
            Some(4)
        );
        assert_eq!(
            first_dirty_line("一\n\n\n二\n", Ending::Newline, false),
            Some(5)
        );
        assert_eq!(first_dirty_line("一\n二", Ending::Newline, false), Some(7));
        assert_eq!(first_dirty_line("一\n二", Ending::None, false), None);
        assert_eq!(first_dirty_line("一\r\n二", Ending::None, false), Some(0));
        assert_eq!(first_dirty_line("", Ending::Newline, false), None);
    }

    fn zwj_joins(before: &str, after: &str) -> bool {
        super::zwj_joins(&mut PreviousStarter::default(), before, after)
    }

    #[test]
    fn zwj_decisions() {
        assert!(zwj_joins("👨", "👩"));
        assert!(zwj_joins("🏳\u{FE0F}", "🌈"));
        assert!(zwj_joins("क\u{094D}", "ष"));
        assert!(!zwj_joins("中", "文"));
        assert!(!zwj_joins("a", "👩"));
        assert!(!zwj_joins("👨", ""));
        assert!(!zwj_joins("", "👩"));
        assert!(!zwj_joins("👨", "\u{200D}👩"));
        // The Kelvin sign becomes "K" under NFC: it counts as ASCII already.
        assert!(!zwj_joins("👨", "\u{212A}"));
        // A vowel sign after the joiner joins; one before it is looked past.
        assert!(zwj_joins("👨", "\u{0301}"));
        assert!(!zwj_joins("a\u{0F73}", "👩"));
    }

    #[test]
    fn records_replay_to_the_output() {
        let input = "\r\n  a\u{200B}\u{200B}e\u{0301}\u{0}  \r\rb\u{3000}\r\n\n\n";
        let (out, changes) = run(input, Ending::Newline);
        assert_eq!(out, "  aé\n\nb\n");
        assert_eq!(crate::replay(input, &changes), out);
    }

    #[test]
    fn long_runs_of_joiners_and_marks_stay_linear() {
        // Quadratic work here would make the test suite hang rather than fail.
        let input = format!("x{}\n", "\u{0301}\u{200D}".repeat(100_000));
        let (out, _) = run(&input, Ending::Newline);
        assert_eq!(out.chars().filter(|&c| c == ZWJ).count(), 0);
    }

    #[test]
    fn segments_compose_like_the_whole_line() {
        let line = "e\u{0301}\u{212B}ᄀ\u{1161}\u{11A8}x\u{0323}\u{0307}中\u{F900}\u{0F73}";
        let mut log = Changes::new(RecordLevel::Off);
        let mut composed = String::new();
        compose(line, 0, &mut composed, &mut log);
        assert_eq!(composed, line.nfc().collect::<String>());
    }

    #[test]
    fn a_piece_after_a_line_keeps_one_leading_blank_line() {
        let continues = |text: &str| {
            let (out, changes) = run_piece(text, Ending::Newline, PieceStart::AfterLine);
            assert_eq!(crate::replay(text, &changes), out);
            out.into_owned()
        };
        assert_eq!(continues("\n二\n"), "\n二\n");
        assert_eq!(continues("\n\n \n二\n"), "\n二\n");
        assert_eq!(continues("二\n"), "二\n");
        assert_eq!(continues("\n\n"), "");
        assert_eq!(first_dirty_line("\n二\n", Ending::Newline, true), None);
        assert_eq!(first_dirty_line("\n\n二\n", Ending::Newline, true), Some(1));
        assert_eq!(first_dirty_line("\n", Ending::Newline, true), Some(1));
    }
}
