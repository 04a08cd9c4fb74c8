//! The folded view of a line that rules match: simplified characters, halfwidth letters and
//! digits in lower case, one form of each punctuation mark, and no whitespace, invisible
//! characters, quotation marks, brackets or decorative symbols.
//!
//! The view must not change under what the stages after boilerplate do to a line (punct
//! turns `,` into `，` and `"…"` into `“…”`, normalize removes invisible characters and
//! trailing spaces), so that a second cleaning classifies every line as the first did.

use crate::script::{OpenccConfig, ScriptCounts};

/// What folding a line gives.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Folded<'a> {
    /// No letter or digit in it: a blank line or a line of decoration. Such lines are not
    /// counted as a document's lines and no rule matches them.
    Empty,
    /// More than the limit of folded characters, with a letter or digit: content.
    Long,
    /// The view, trimmed of punctuation at both ends, and its length in characters.
    View(&'a str, usize),
}

/// Folds lines into views, reusing its buffers from line to line: a document's lines are
/// folded one after another, and most of them are short.
#[derive(Default)]
pub(super) struct Folder {
    view: String,
    simplified: String,
}

impl Folder {
    /// Folds `line` (without its line break) into its view, giving up as soon as the view
    /// would hold more than `limit` characters.
    pub(super) fn fold(&mut self, line: &str, limit: usize) -> Folded<'_> {
        // Most lines of an article are paragraphs longer than the limit. The view keeps
        // every character from U+4000 to U+9FFF (UTF-8 lead bytes E4 to E9), and counting
        // those bytes is quick: a line with more of them than the limit is long.
        if count_wide_leads(line.as_bytes()) > limit {
            return long_or_empty(line);
        }
        let Some(alphanumeric) = fold_into(&mut self.view, line, limit) else {
            return long_or_empty(line);
        };
        if !alphanumeric {
            return Folded::Empty;
        }
        let mut view = self.view.as_str();
        if may_be_traditional(view) {
            self.simplified.clear();
            self.simplified.push_str(&OpenccConfig::T2s.convert(view));
            view = &self.simplified;
        }
        let trimmed = view.trim_matches(is_edge_punctuation);
        Folded::View(trimmed, trimmed.chars().count())
    }
}

/// How many bytes of `bytes` are UTF-8 lead bytes E4 to E9. Written as a sum of
/// comparisons, which the compiler turns into vector instructions.
fn count_wide_leads(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| {
            let in_chunk: u8 = chunk
                .iter()
                .map(|&b| u8::from(b.wrapping_sub(0xE4) < 6))
                .sum();
            usize::from(in_chunk)
        })
        .sum()
}

/// A line too long to be boilerplate: it counts as a line if it holds a letter or digit.
fn long_or_empty(line: &str) -> Folded<'static> {
    match line.chars().any(is_letter_or_digit) {
        true => Folded::Long,
        false => Folded::Empty,
    }
}

/// Writes the folded characters of `line` into `view` (cleared first): whether one of them
/// is a letter or digit, or `None` once there would be more than `limit` of them.
fn fold_into(view: &mut String, line: &str, limit: usize) -> Option<bool> {
    view.clear();
    let bytes = line.as_bytes();
    let mut alphanumeric = false;
    let mut chars = 0;
    let mut at = 0;
    while at < bytes.len() {
        // Han characters from U+4E00 to U+9FFF, the bulk of Chinese text, are kept as they
        // are: their three bytes are copied without decoding them.
        let han = match bytes[at] {
            0xE5..=0xE9 => true,
            0xE4 => bytes[at + 1] >= 0xB8,
            _ => false,
        };
        let width = if han {
            view.push_str(&line[at..at + 3]);
            alphanumeric = true;
            3
        } else {
            let c = line[at..].chars().next().expect("at is a char boundary");
            if let Some(folded) = fold_char(c) {
                alphanumeric = alphanumeric || is_letter_or_digit(folded);
                view.push(folded);
            } else {
                at += c.len_utf8();
                continue;
            }
            c.len_utf8()
        };
        chars += 1;
        if chars > limit {
            return None;
        }
        at += width;
    }
    Some(alphanumeric)
}

/// Whether t2s may change `view`: it holds a character only traditional Chinese writes, a
/// regional traditional form, or a compatibility ideograph (which OpenCC normalizes first).
/// Most lines are simplified text that t2s would only scan.
fn may_be_traditional(view: &str) -> bool {
    let counts = ScriptCounts::of(view);
    counts.traditional + counts.taiwan_forms + counts.hong_kong_forms + counts.opencc_forms > 0
        || view
            .chars()
            .any(|c| matches!(c, '\u{F900}'..='\u{FAFF}' | '\u{2F800}'..='\u{2FA1F}'))
}

/// `char::is_alphanumeric`, quick on the characters of Chinese text (the standard library
/// searches a table for each of them).
pub(super) fn is_letter_or_digit(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || c.is_alphanumeric()
}

/// Folds a rule's literal pattern as lines are folded (without a length limit); `None` when
/// nothing of it is left.
pub(super) fn fold_pattern(pattern: &str) -> Option<String> {
    match Folder::default().fold(pattern, usize::MAX) {
        Folded::View(view, _) if !view.is_empty() => Some(view.to_owned()),
        _ => None,
    }
}

/// Whether a folded character is punctuation that a line may begin or end with around its
/// words (`——`, `!`, a trailing ` |`, parentheses around a credit) without changing what it
/// says. A question mark stays: a question is content (`记者：…？` in an interview).
fn is_edge_punctuation(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | '!'
            | ';'
            | ':'
            | '、'
            | '|'
            | '~'
            | '-'
            | '*'
            | '='
            | '_'
            | '/'
            | '>'
            | '('
            | ')'
    )
}

/// One character of the view, or `None` for a character the view leaves out.
pub(super) fn fold_char(c: char) -> Option<char> {
    // Most characters of Chinese text: kept as they are (t2s comes later, on the view).
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return Some(c);
    }
    let c = match c {
        // Fullwidth ASCII to ASCII.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    Some(match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        'a'..='z' | '0'..='9' => c,
        // Quotation marks and brackets: 点击“关注”, 【免责声明】, [赞].
        '"' | '\'' | '`' | '“' | '”' | '‘' | '’' | '「' | '」' | '『' | '』' | '〝' | '〞'
        | '﹁' | '﹂' | '﹃' | '﹄' | '【' | '】' | '〖' | '〗' | '〔' | '〕' | '[' | ']' | '{'
        | '}' => return None,
        '：' | ':' => ':',
        '，' | '﹐' | ',' => ',',
        '。' | '｡' | '．' | '.' | '…' | '⋯' => '.',
        '！' | '!' => '!',
        '？' | '?' => '?',
        '；' | ';' => ';',
        '、' | '､' => '、',
        '|' | '｜' | '丨' | '│' | '¦' => '|',
        '~' | '～' | '〜' => '~',
        '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '─' | '━' | '﹣' | '－' => '-',
        '(' | '（' => '(',
        ')' | '）' => ')',
        '<' | '〈' | '«' | '‹' => '<',
        // Breadcrumb separators too: 首页 » 新闻.
        '>' | '〉' | '»' | '›' => '>',
        '《' => '《',
        '》' => '》',
        // Middle dots and bullets, reference marks.
        '·' | '・' | '•' | '‧' | '∙' | '※' => return None,
        _ if c.is_whitespace() || c.is_control() => return None,
        _ if is_invisible(c) || is_decoration(c) => return None,
        _ => c,
    })
}

/// Format characters and variation selectors: zero-width spaces and joiners, BOM, bidi
/// marks, emoji presentation selectors.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// Arrows, box drawing, geometric shapes, dingbats, miscellaneous symbols and emoji: the
/// ▲, ☞, 👇 and ★ that decorate prompts.
fn is_decoration(c: char) -> bool {
    matches!(
        c,
        '\u{2190}'..='\u{21FF}'
            | '\u{2300}'..='\u{23FF}'
            | '\u{2500}'..='\u{27BF}'
            | '\u{2900}'..='\u{297F}'
            | '\u{2B00}'..='\u{2BFF}'
            | '\u{3030}'
            | '\u{303D}'
            | '\u{1F000}'..='\u{1FAFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(line: &str) -> String {
        match Folder::default().fold(line, 200) {
            Folded::View(view, chars) => {
                assert_eq!(view.chars().count(), chars);
                view.to_owned()
            }
            other => panic!("{line:?} folds to {other:?}"),
        }
    }

    #[test]
    fn traditional_fullwidth_and_ascii_spellings_fold_alike() {
        let seed = "中國鍛壓網官方微信:掃一掃,立即關注!";
        assert_eq!(view(seed), "中国锻压网官方微信:扫一扫,立即关注");
        assert_eq!(view("中国锻压网官方微信：扫一扫，立即关注！"), view(seed));
        assert_eq!(view("ＱＱ群号：１２３"), "qq群号:123");
    }

    #[test]
    fn quotes_brackets_decorations_and_invisibles_are_left_out() {
        assert_eq!(view("▲ 点击上方“蓝字” 关注我们 👇"), "点击上方蓝字关注我们");
        assert_eq!(view("【免责声明】"), "免责声明");
        assert_eq!(view("点\u{200B}赞\u{FE0F}"), "点赞");
        assert_eq!(view("—— END ——"), "end");
        assert_eq!(view("關注\"中國鍛壓網\" |"), "关注中国锻压网");
    }

    #[test]
    fn lines_without_letters_or_digits_are_empty_and_long_lines_are_long() {
        let mut folder = Folder::default();
        let mut is_empty = |line, limit| folder.fold(line, limit) == Folded::Empty;
        assert!(is_empty("", 10));
        assert!(is_empty("  \u{3000} ", 10));
        assert!(is_empty("![]() |", 10));
        assert!(is_empty("——————", 3));
        assert_eq!(folder.fold("一二三四", 3), Folded::Long);
        assert_eq!(folder.fold("----------一", 3), Folded::Long);
        assert!(matches!(folder.fold("一二三", 3), Folded::View(_, 3)));
    }

    #[test]
    fn patterns_fold_like_lines() {
        assert_eq!(
            fold_pattern("點擊“閱讀原文”").as_deref(),
            Some("点击阅读原文")
        );
        assert_eq!(fold_pattern("“”"), None);
    }
}
