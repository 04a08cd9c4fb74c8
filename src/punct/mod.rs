//! The punct stage: punctuation in CJK context.
//!
//! Scraped Chinese text often carries ASCII punctuation where the writer's text had
//! fullwidth forms (an input method switched to English, a site's converter, a copy through
//! a plain-text editor). The stage restores them only where the context is CJK, line by
//! line:
//!
//! - ASCII `, : ; ! ?` become `，：；！？` right after Han text or a CJK closing bracket
//!   (`日,2023年` → `日，2023年`, `（锻造）,` → `（锻造），`), unless whitespace and then
//!   something other than Han follows (`中文, which` is a Latin sentence). After a digit or
//!   a Latin letter nothing changes: `1,000`, `12:30`, `http://a.b/c?x=1`, `a@b.cn`,
//!   `Hello, world!`.
//! - ASCII `"…"` and `(…)` become `“…”` and `（…）` when they enclose Han text in CJK
//!   context (see [`pairs`]); `f(x)`, `(2023)`, `北京(Beijing)` stay.
//! - Fullwidth ASCII letters and digits become halfwidth: `ＡＢＣ１２３` → `ABC123`.
//! - ASCII spaces between `。，、；：！？` and Han text are removed: a scraper's join of two
//!   sentences (`致辞。 副省长` → `致辞。副省长`); `CNAS 实验室` keeps its space.
//! - A line that reads as program code is left as it is.
//!
//! Nothing is NFKC-folded: `，：（）！？`, `…`, `㈠`, `①` stay what they are.
//!
//! The stage is idempotent, also through the normalize stage after it: its decisions look
//! through what normalize removes and at classes that neither stage changes (see
//! [`chars`]).

mod chars;
mod line;
mod pairs;

use crate::pipeline::TextStage;
use crate::report::Changes;
use std::borrow::Cow;

const COMMA: &str = "punct/cjk-comma";
const COLON: &str = "punct/cjk-colon";
const SEMICOLON: &str = "punct/cjk-semicolon";
const EXCLAMATION: &str = "punct/cjk-exclamation";
const QUESTION: &str = "punct/cjk-question";
const QUOTES: &str = "punct/cjk-quotes";
const PARENS: &str = "punct/cjk-parens";
const FULLWIDTH_ASCII: &str = "punct/fullwidth-ascii";
const SPACE_AFTER_CJK_PUNCT: &str = "punct/space-after-cjk-punct";

/// The punct stage.
pub(crate) struct Punct;

impl TextStage for Punct {
    fn apply<'t>(&self, text: &'t str, log: &mut Changes) -> Cow<'t, str> {
        let mut out: Option<String> = None;
        let mut scratch = String::new();
        let mut copied = 0;
        for (start, end) in lines(text) {
            let line = &text[start..end];
            if !may_change(line.as_bytes()) {
                continue;
            }
            // Where the line starts in the text as the edits so far left it.
            let at = out.as_ref().map_or(start, |out| out.len() + start - copied);
            if line::rewrite(line, at, &mut scratch, log) {
                let out = out.get_or_insert_with(|| String::with_capacity(text.len() + 64));
                out.push_str(&text[copied..start]);
                out.push_str(&scratch);
                copied = end;
            }
        }
        match out {
            None => Cow::Borrowed(text),
            Some(mut out) => {
                out.push_str(&text[copied..]);
                Cow::Owned(out)
            }
        }
    }
}

/// The lines of `text` as byte ranges without their line breaks. A lone CR breaks a line,
/// as it does for the normalize stage after this one.
fn lines(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start > bytes.len() {
            return None;
        }
        let line_start = start;
        match memchr::memchr2(b'\n', b'\r', &bytes[start..]) {
            Some(found) => {
                let end = start + found;
                start = end
                    + if bytes[end..].starts_with(b"\r\n") {
                        2
                    } else {
                        1
                    };
                Some((line_start, end))
            }
            None => {
                start = bytes.len() + 1;
                Some((line_start, bytes.len()))
            }
        }
    })
}

/// What a byte asks the scan to check.
const NOTHING: u8 = 0;
/// The space: work only after a non-ASCII character.
const AFTER_WIDE: u8 = 1;
/// `"`, `(` and `, : ; ! ?`: work when the line holds non-ASCII text.
const ASCII_MARK: u8 = 2;
/// The lead byte of U+FF00..=U+FFBF (fullwidth letters and digits among them).
const FULLWIDTH: u8 = 3;
/// The lead byte of U+0340..=U+037F (U+037E is a semicolon to NFC).
const GREEK: u8 = 4;
/// C0 controls but tab: transparent to the stage, so they do not count as the byte before.
const CONTROL: u8 = 5;

static TRIGGERS: [u8; 256] = {
    let mut table = [NOTHING; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = CONTROL;
        b += 1;
    }
    table[b'\t' as usize] = NOTHING;
    table[0x7F] = CONTROL;
    table[b',' as usize] = ASCII_MARK;
    table[b':' as usize] = ASCII_MARK;
    table[b';' as usize] = ASCII_MARK;
    table[b'!' as usize] = ASCII_MARK;
    table[b'?' as usize] = ASCII_MARK;
    table[b' ' as usize] = AFTER_WIDE;
    table[b'"' as usize] = ASCII_MARK;
    table[b'(' as usize] = ASCII_MARK;
    table[0xEF] = FULLWIDTH;
    table[0xCD] = GREEK;
    table
};

/// Whether the stage may change `line`: a quick byte scan, true for every line the stage
/// changes and for few others.
fn may_change(line: &[u8]) -> bool {
    let mut previous = 0u8;
    let mut marks = false;
    let mut wide = false;
    for (i, &byte) in line.iter().enumerate() {
        match TRIGGERS[byte as usize] {
            NOTHING => {}
            AFTER_WIDE => {
                if previous >= 0x80 {
                    return true;
                }
            }
            ASCII_MARK => marks = true,
            FULLWIDTH => {
                if let [0xBC, 0x90..=0x99 | 0xA1..=0xBA] | [0xBD, 0x81..=0x9A] =
                    line.get(i + 1..i + 3).unwrap_or_default()
                {
                    return true;
                }
            }
            GREEK => {
                if line.get(i + 1) == Some(&0xBE) {
                    return true;
                }
            }
            _ => continue, // a control: keep the byte before it
        }
        wide |= byte >= 0x80;
        previous = byte;
    }
    marks && wide
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{RecordLevel, Stage};

    fn punct(text: &str) -> Cow<'_, str> {
        let mut log = Changes::new(RecordLevel::Off);
        log.enter(Stage::Punct);
        Punct.apply(text, &mut log)
    }

    #[test]
    fn lines_split_at_every_line_break() {
        let text = "a\nb\r\nc\rd\n";
        let lines: Vec<&str> = lines(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(lines, ["a", "b", "c", "d", ""]);
    }

    /// Every line the stage changes, the scan flags: checked on lines built from the
    /// characters that matter.
    #[test]
    fn the_scan_flags_every_line_the_stage_changes() {
        let alphabet = [
            "中", "文", ",", ":", "!", "?", ";", "\u{37E}", "\"", "(", ")", " ", "。", "，", "）",
            "”", "Ａ", "１", "a", "1", "\u{1}", "\u{200B}", "\u{301}", "\t",
        ];
        let n = alphabet.len();
        for a in 0..n {
            for b in 0..n {
                for c in 0..n {
                    for d in [0, 1, 4, 9] {
                        let line = [alphabet[d], alphabet[a], alphabet[b], alphabet[c]].concat();
                        if punct(&line) != line {
                            assert!(may_change(line.as_bytes()), "{line:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn clean_text_is_borrowed() {
        let text = "中文，测试。CNAS 实验室\n1,000 12:30 http://a.b/c?x=1\n（锻造）“卡脖子”\n";
        assert!(matches!(punct(text), Cow::Borrowed(t) if std::ptr::eq(t, text)));
    }

    #[test]
    fn lines_are_rewritten_in_place() {
        assert_eq!(punct("一\r\n日,二\r三,四\n五"), "一\r\n日，二\r三，四\n五");
    }
}
