//! ASCII quote and parenthesis pairs that enclose Han text in CJK context: `"卡脖子"` becomes
//! `“卡脖子”` and `(锻造)` becomes `（锻造）`; `"%s"`, `f(x)`, `(2023)`, `北京(Beijing)`,
//! `print("你好")` and `Click "确定" now` stay.
//!
//! Quotes pair in order within a line (first with second, third with fourth), and only in
//! a line with an even number of them: an odd one out may open a quotation that goes on in
//! the next line, or be an inch mark, and then no pairing can be trusted. Parentheses pair
//! by nesting; one without a partner stays. A pair converts when
//! - what it encloses holds a Han character, and neither starts nor ends with whitespace;
//! - the nearest character on each side outside it (whitespace aside) is CJK context (see
//!   [`is_cjk_context`]) or the line's edge: after `=` or `[` it is code, after a Latin
//!   word a quotation is part of a Latin sentence. A parenthesis whose text starts with Han
//!   may follow a Latin word or a digit: it explains it (`token(标识)`, `L3(第三层)`).
//!
//! Converting a pair leaves the other pairs of the line as they were, and every neighbour
//! keeps its class, so the stage makes the same decisions on its own output.

use super::chars::{is_cjk_context, is_han, is_space, is_transparent};
use super::{PARENS, QUOTES};

/// One ASCII character of a pair and what it becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Conversion {
    /// Byte offset in the line.
    pub(super) at: usize,
    pub(super) to: char,
    pub(super) rule: &'static str,
}

/// The quotes and parentheses of `line` that become fullwidth, in line order.
///
/// Parentheses are decided first, reading a neighbouring quote as CJK context whatever
/// becomes of it; quotes then read a neighbouring parenthesis as the stage writes it, so
/// that `printf("你好")` keeps its quotes while `("中文")` converts both pairs.
pub(super) fn conversions(line: &str) -> Vec<Conversion> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut open = Vec::new();
    for at in memchr::memchr2_iter(b'(', b')', bytes) {
        match bytes[at] {
            b'(' => open.push(at),
            _ => {
                let Some(start) = open.pop() else { continue };
                let explains = starts_with_han(&line[start + 1..at]);
                let context =
                    |_: usize, c: char| is_cjk_context(c) || (explains && c.is_alphanumeric());
                if encloses_cjk(line, start, at, context, |_, c| is_cjk_context(c)) {
                    out.push(conversion(start, '（', PARENS));
                    out.push(conversion(at, '）', PARENS));
                }
            }
        }
    }
    let quotes: Vec<usize> = memchr::memchr_iter(b'"', bytes).collect();
    if quotes.len().is_multiple_of(2) {
        out.sort_unstable_by_key(|conversion| conversion.at);
        let context = |at: usize, c: char| match c {
            '(' | ')' => out
                .binary_search_by_key(&at, |conversion| conversion.at)
                .is_ok(),
            _ => is_cjk_context(c),
        };
        let pairs: Vec<[usize; 2]> = quotes
            .chunks_exact(2)
            .map(|pair| [pair[0], pair[1]])
            .filter(|&[open, close]| encloses_cjk(line, open, close, context, context))
            .collect();
        for [open, close] in pairs {
            out.push(conversion(open, '“', QUOTES));
            out.push(conversion(close, '”', QUOTES));
        }
    }
    out.sort_unstable_by_key(|conversion| conversion.at);
    out
}

fn conversion(at: usize, to: char, rule: &'static str) -> Conversion {
    Conversion { at, to, rule }
}

/// Whether `text` starts with Han (transparent characters aside): a parenthesis opening on
/// Han text explains the word before it, Latin or not (`token(标识)`, `L3(第三层)`).
fn starts_with_han(text: &str) -> bool {
    text.chars()
        .find(|&c| !is_transparent(c))
        .is_some_and(is_han)
}

/// Whether the one-byte marks at `open` and `close` of `line` enclose Han text, the nearest
/// characters outside them (whitespace aside) being the line's edges or passing `before`
/// and `after` (given their offset and themselves).
fn encloses_cjk(
    line: &str,
    open: usize,
    close: usize,
    before: impl Fn(usize, char) -> bool,
    after: impl Fn(usize, char) -> bool,
) -> bool {
    let inside = &line[open + 1..close];
    let mut visible = inside.chars().filter(|&c| !is_transparent(c));
    let starts_with_space = visible.next().is_some_and(is_space);
    let ends_with_space = visible.next_back().is_some_and(is_space);
    if starts_with_space || ends_with_space || !inside.chars().any(is_han) {
        return false;
    }
    let outside = |(_, c): &(usize, char)| !is_transparent(*c) && !is_space(*c);
    let left = line[..open].char_indices().rev().find(outside);
    let right = line[close + 1..]
        .char_indices()
        .map(|(i, c)| (close + 1 + i, c))
        .find(outside);
    left.is_none_or(|(at, c)| before(at, c)) && right.is_none_or(|(at, c)| after(at, c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn converted(line: &str) -> String {
        let mut out = line.to_owned();
        for conversion in conversions(line).iter().rev() {
            let end = conversion.at + 1;
            out.replace_range(conversion.at..end, conversion.to.encode_utf8(&mut [0; 4]));
        }
        out
    }

    #[test]
    fn pairs_around_han_text_in_cjk_context_convert() {
        assert_eq!(converted("轴承(锻造)产业"), "轴承（锻造）产业");
        assert_eq!(converted("破解\"卡脖子\"难题"), "破解“卡脖子”难题");
        assert_eq!(converted("单击 \"确定\" 按钮。"), "单击 “确定” 按钮。");
        assert_eq!(converted("(注：见下文)"), "（注：见下文）");
        assert_eq!(converted("\"中文\",\"英文\""), "“中文”,“英文”");
        assert_eq!(converted("甲(乙(丙)丁)戊"), "甲（乙（丙）丁）戊");
        assert_eq!(converted("一个 token(标识)，"), "一个 token（标识），");
    }

    #[test]
    fn pairs_without_han_text_or_cjk_context_stay() {
        for line in [
            "ifconfig(8) 设置",
            "函数 f(x) 的值",
            "北京(Beijing)是首都",
            "中國(guó)",
            "(2023)年",
            "printf(\"你好,%s\", name);",
            "name = \"张三\"",
            "{\"城市\": \"北京\"}",
            "Python (编程语言) is",
            "Click \"确定\" now",
            "x[\"键\"]",
            "他说 \"你好",
            "15.6\" 屏幕，\"高清\"",
            "\" 中文\"",
            "(中文",
            "中文)",
        ] {
            assert_eq!(converted(line), line);
        }
    }
}
