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
//! - Where real text writes ASCII and fullwidth marks alike (after a Latin word or a
//!   placeholder at the line's end, `迁移至 Firebird?`; before an opening bracket,
//!   `URI:「%S」`; a colon between placeholders, `%s:%s`), a mark converts only in a line
//!   that shows its author's fullwidth marks were made ASCII: one the rules above convert,
//!   or ASCII quotes or parentheses around Han text. Properly punctuated lines keep them.
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
mod scan;

use crate::lines::lines;
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
        for (content, _) in lines(text) {
            let (start, end) = (content.start, content.end);
            let line = &text[content];
            if !scan::may_change(line.as_bytes()) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{RecordLevel, Stage};

    fn punct(text: &str) -> Cow<'_, str> {
        let mut log = Changes::new(RecordLevel::Off);
        log.enter(Stage::Punct);
        Punct.apply(text, &mut log)
    }

    /// Every line the stage changes, the scan flags: checked on lines built from the
    /// characters that matter, alone and at every offset of a chunk inside longer text.
    #[test]
    fn the_scan_flags_every_line_the_stage_changes() {
        use scan::may_change;
        let mut log = Changes::new(RecordLevel::Off);
        let mut out = String::new();
        let mut rewrites = |line: &str| line::rewrite(line, 0, &mut out, &mut log);
        let alphabet = [
            "中", "文", ",", ":", "!", "?", ";", "\u{37E}", "\"", "(", ")", " ", "。", "，", "）",
            "”", "Ａ", "１", "a", "1", "\u{1}", "\u{200B}", "\u{301}", "\t",
        ];
        let pads = ["", "a", "ab", "中", "中a", "中ab", "中文a"];
        let n = alphabet.len();
        for a in 0..n {
            for b in 0..n {
                for c in 0..n {
                    for d in [0, 1, 4, 9] {
                        let core = [alphabet[d], alphabet[a], alphabet[b], alphabet[c]].concat();
                        for pad in pads {
                            let line = format!("{}{pad}{core}{}", "中".repeat(8), "文".repeat(8));
                            for line in [core.as_str(), line.as_str()] {
                                if rewrites(line) {
                                    assert!(may_change(line.as_bytes()), "{line:?}");
                                }
                            }
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
