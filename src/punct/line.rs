//! The rewrite of one line.
//!
//! Left to right, each decision looks at the output written so far on the left (the
//! stage's own forms, so a second pass sees the same) and at the input on the right,
//! through classes that the stage's edits and the normalize stage do not change.

use super::chars::{
    base, ends_cjk_clause, fullwidth_punct, halfwidth_alnum, is_cjk_closing_bracket,
    is_cjk_context, is_cjk_opening_bracket, is_han, is_space, is_transparent,
};
use super::pairs;
use super::{FULLWIDTH_ASCII, SPACE_AFTER_CJK_PUNCT};
use crate::report::Changes;
use std::ops::Range;

/// Rewrites `line` (no line break in it) into `out`, which it clears first; `at` is where
/// the line starts in the text as the previous edits left it, for the record. Returns
/// whether anything changed.
///
/// A line is written once with the strong rules alone. If that converts a mark or a pair
/// (the line shows it was written with ASCII where its author wrote fullwidth forms) and
/// declines a mark in a weak position (see [`weak_position`]), it is written again with the
/// weak positions converted too. Properly punctuated lines give no such evidence, and
/// neither does the stage's own output: every mark the strong rules convert is converted,
/// and a second pass reads the same text on the left of every mark still ASCII.
pub(super) fn rewrite(line: &str, at: usize, out: &mut String, log: &mut Changes) -> bool {
    out.clear();
    if looks_like_code(line) {
        return false;
    }
    let conversions = if memchr::memchr2(b'"', b'(', line.as_bytes()).is_some() {
        pairs::conversions(line)
    } else {
        Vec::new()
    };
    let mut edits = Vec::new();
    let pass = write(line, &conversions, false, out, &mut edits);
    if pass.evidence && pass.weak_declined {
        out.clear();
        edits.clear();
        write(line, &conversions, true, out, &mut edits);
    }
    for edit in &edits {
        log.record(
            edit.rule,
            at + edit.output.start,
            &line[edit.input.clone()],
            &out[edit.output.clone()],
        );
    }
    !edits.is_empty()
}

/// One edit of a line: the bytes `input` of the line became the bytes `output` written.
struct Edit {
    rule: &'static str,
    input: Range<usize>,
    output: Range<usize>,
}

/// What writing a line found.
struct Pass {
    /// A mark converted by the strong rules, or a pair converted.
    evidence: bool,
    /// A mark in a weak position left ASCII.
    weak_declined: bool,
}

/// Writes `line` into `out` (empty), its edits into `edits`; with `weak`, the marks in weak
/// positions are converted too.
fn write(
    line: &str,
    conversions: &[pairs::Conversion],
    weak: bool,
    out: &mut String,
    edits: &mut Vec<Edit>,
) -> Pass {
    let bytes = line.as_bytes();
    let mut pass = Pass {
        evidence: !conversions.is_empty(),
        weak_declined: false,
    };
    let mut pairs = conversions.iter().peekable();
    let mut i = 0;
    while i < line.len() {
        // Copy what cannot be the start of an edit in one piece.
        let run = bytes[i..].iter().position(|&b| may_start_edit(b));
        let end = run.map_or(line.len(), |run| i + run);
        out.push_str(&line[i..end]);
        i = end;
        if i == line.len() {
            break;
        }
        let start = out.len();
        if let Some(pair) = pairs.next_if(|pair| pair.at == i) {
            out.push(pair.to);
            edits.push(Edit {
                rule: pair.rule,
                input: i..i + 1,
                output: start..out.len(),
            });
            i += 1;
            continue;
        }
        let c = line[i..].chars().next().expect("i is a character boundary");
        let next = i + c.len_utf8();
        if let Some((wide, rule)) = fullwidth_punct(c) {
            let right = right_of(line, next, conversions);
            let left = left_of(c, out, right);
            let convert = if continues_cjk_clause(c, left, right) {
                pass.evidence = true;
                true
            } else if weak_position(c, left, right, out, &line[next..]) {
                pass.weak_declined |= !weak;
                weak
            } else {
                false
            };
            if convert {
                out.push(wide);
                edits.push(Edit {
                    rule,
                    input: i..next,
                    output: start..out.len(),
                });
            } else {
                out.push(c);
            }
            i = next;
        } else if c == ' ' {
            let end = i + bytes[i..].iter().take_while(|&&b| b == b' ').count();
            if last_visible(out).is_some_and(ends_cjk_clause) && next_is_han(&line[end..]) {
                edits.push(Edit {
                    rule: SPACE_AFTER_CJK_PUNCT,
                    input: i..end,
                    output: start..start,
                });
            } else {
                out.push_str(&line[i..end]);
            }
            i = end;
        } else if halfwidth_alnum(c).is_some() {
            let mut end = i;
            for c in line[i..].chars().map_while(halfwidth_alnum) {
                out.push(c);
                end += 3;
            }
            edits.push(Edit {
                rule: FULLWIDTH_ASCII,
                input: i..end,
                output: start..out.len(),
            });
            i = end;
        } else {
            out.push(c);
            i = next;
        }
    }
    pass
}

/// How the text before an ASCII punctuation mark ties it to CJK text.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Left {
    /// Right before the mark: Han text, a CJK closing bracket, a quotation closed on Han
    /// text, or (before `!` and `?`) a fullwidth `！` or `？`: `日,` `）,` `“好”,` `？!`.
    /// The mark is CJK whatever follows.
    Cjk,
    /// Han text that Latin words come before (a space between), with no CJK text before
    /// them: the mark is CJK unless whitespace and something other than Han follow it, as
    /// in a Latin sentence (`The capital is 北京, which`).
    HanAfterLatin,
    /// A quotation in `“”` or `‘’` opened after Han text (whitespace between aside), not
    /// ending on Han: `加载“%s”!`. The mark is CJK unless whitespace and something other
    /// than Han follow it (`指令 “FORWARD 10”, “BACK 10”`), or it is a `!` or `?` right
    /// before a letter or digit.
    Quoted,
    /// Any of those with whitespace before the mark: `名称 :%s`, `加载 “%s” !`. The mark is
    /// CJK unless whitespace and something other than Han follow it.
    SpacedCjk,
    /// Latin words (ASCII letters, digits and symbols, single spaces between them) written
    /// right after CJK text, an ASCII bracket closing on Han text, a quotation opened after
    /// CJK punctuation, or an ellipsis: `版本 3.0,` `（MTA,` `12:30,` `[插入],` `：“ed”,`
    /// `ruby……,`. Only Han text after the mark makes it CJK: `%s:无效`, but not
    /// `“Depends:”`, `(#REF!)`, `帮助 ID:`, `URI:「%S」` or `什么是 Perl?`, which real text
    /// writes (but see [`weak_position`]).
    Word,
    /// The same with whitespace before the mark, or nothing before it: `按钮 Bug ,其`
    /// `,缺省`. Only Han text or an opening bracket right after the mark makes it CJK.
    SpacedWord,
    /// Latin words that start the line: `%s:无效`. Only Han text right after the mark makes
    /// it CJK: not `%s:「endif」`, which real text writes (but see [`weak_position`]).
    LineStart,
    /// ASCII symbols with no letter or digit among them, right after CJK text: `[<>],`
    /// `>> ,`. Never CJK by the strong rules (`冒号(:)` names a symbol), but see
    /// [`weak_position`].
    Symbols,
    /// Anything else: a Latin sentence (`Hello, world`), a mark after another.
    None,
}

/// What follows an ASCII punctuation mark, read through transparent characters, as the
/// stage writes it (a quote or parenthesis it converts is its fullwidth form).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Right {
    /// Nothing but whitespace to the end of the line.
    End,
    /// Han text right after the mark.
    Han,
    /// Whitespace, then Han text.
    SpacedHan,
    /// Right after the mark, an opening CJK bracket or quote: `，（` `：「` `，“`.
    Opening,
    /// Right after the mark, a letter or digit of another script than Han (`?x=1`,
    /// `1,000`, `12:30`, `日?qǐng`, where `?` stands for a character lost). Any script: NFC
    /// composes `a` and a combining mark into `á`.
    Latin,
    /// Right after the mark, any other character: ASCII punctuation (`::`), a closing
    /// bracket or quote (`“Depends:”`), CJK punctuation.
    Other,
    /// Whitespace, then something other than Han: `中文, which`.
    Spaced,
}

/// Whether the character starting with `byte` may be edited: an ASCII mark, quote,
/// parenthesis or space, U+037E (lead byte 0xCD), or a fullwidth letter or digit (lead byte
/// 0xEF).
fn may_start_edit(byte: u8) -> bool {
    matches!(
        byte,
        b',' | b':' | b';' | b'!' | b'?' | b'"' | b'(' | b')' | b' ' | 0xCD | 0xEF
    )
}

/// Whether the ASCII punctuation mark `c`, `left` and `right` being what surrounds it,
/// continues a CJK clause. A sentence's `!` or `?` is not followed right away by a Latin
/// letter: a `?` there stands for a lost character (`日?qǐng`) or starts a query (`?x=1`).
fn continues_cjk_clause(c: char, left: Left, right: Right) -> bool {
    match left {
        Left::Cjk => !(matches!(c, '!' | '?') && right == Right::Latin),
        Left::HanAfterLatin | Left::SpacedCjk => right != Right::Spaced,
        Left::Quoted => {
            right != Right::Spaced && !(matches!(c, '!' | '?') && right == Right::Latin)
        }
        Left::Word => matches!(right, Right::Han | Right::SpacedHan),
        Left::SpacedWord => matches!(right, Right::Han | Right::Opening),
        Left::LineStart => right == Right::Han,
        Left::Symbols | Left::None => false,
    }
}

/// Whether the ASCII mark `c`, which the strong rules leave, is in a weak position: after
/// Latin words that follow CJK text or start the line,
/// - at the line's end: `迁移至 Firebird?`, `引用%s:`, `部分[25]:` (also with whitespace
///   before the mark);
/// - before an opening bracket or quote: `URI:「%S」`, `%s:「endif」`;
/// - a comma or semicolon before a letter or digit, not between digits (`1,000`) nor
///   inside a bracket the words open (`=SUM(A1,B1)`): `CD/DVD,CD-R`, `test(1),stat(1)`;
/// - a colon between a word or a string placeholder and a string or error placeholder:
///   `%s:%s`, `SHA1:%s`, `%s:%m`, but not `%s:%d` (a file and a line), `%H:%M`, `%T::%D`;
///
/// or after ASCII symbols that follow CJK text, before Han text: `查找 = [<>],替换`.
///
/// Real text writes both forms there; the stage converts these only in a line that shows
/// its author's fullwidth marks were made ASCII (see [`rewrite`]). `written` is the line as
/// written up to the mark, `rest` the line after it.
fn weak_position(c: char, left: Left, right: Right, written: &str, rest: &str) -> bool {
    let end_or_opening = matches!(right, Right::End | Right::Opening);
    match left {
        Left::Word | Left::LineStart => {}
        Left::SpacedWord if right == Right::End => {}
        Left::Symbols => return matches!(right, Right::Han | Right::SpacedHan),
        _ => return false,
    }
    match right {
        _ if end_or_opening => true,
        Right::Latin => {
            let before = last_visible(written);
            let after = rest.chars().find(|&c| !is_transparent(c));
            let digits = before.is_some_and(|c| c.is_ascii_digit())
                && after.is_some_and(|c| c.is_ascii_digit());
            matches!(c, ',' | ';') && !digits && !opens_bracket(written)
        }
        Right::Other if c == ':' => {
            let visible = |c: &char| !is_transparent(*c);
            let rest: Vec<char> = rest.chars().filter(visible).take(8).collect();
            let mut written: Vec<char> = written.chars().rev().filter(visible).take(8).collect();
            written.reverse();
            string_placeholder(&rest) && after_word_or_string(&written)
        }
        _ => false,
    }
}

/// Whether `text` starts with a placeholder of a string or an error: `%s`, `%1$s`, `%m`.
fn string_placeholder(text: &[char]) -> bool {
    match text {
        ['%', 's' | 'm', ..] => true,
        ['%', digits @ ..] => {
            let n = digits.iter().take_while(|c| c.is_ascii_digit()).count();
            n > 0 && digits[n..].starts_with(&['$', 's'])
        }
        _ => false,
    }
}

/// Whether `text` ends with a string placeholder (`%s`, `'%1$s'`) or a word that is no
/// placeholder (`SHA1`, `URL`), not with `%d`, `%H` or a colon.
fn after_word_or_string(text: &[char]) -> bool {
    match text {
        [.., '%' | '$', 's'] | [.., '%' | '$', 's', '\''] => true,
        [.., '%', _] | [.., ':'] => false,
        [.., last] => last.is_ascii_alphanumeric(),
        [] => false,
    }
}

/// Whether the Latin words at the end of `written` open an ASCII bracket they do not close:
/// `=SUM(A1`, `{package.`.
fn opens_bracket(written: &str) -> bool {
    let mut depth = 0;
    for c in written
        .chars()
        .rev()
        .filter(|&c| !is_transparent(c))
        .take(MAX_WORDS)
        .take_while(|&c| is_word_char(c) || c == ' ')
    {
        match c {
            ')' | ']' | '}' => depth += 1,
            '(' | '[' | '{' => {
                if depth == 0 {
                    return true;
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    false
}

/// How far back a run of Latin words, or a quotation, before a mark is read (characters).
const MAX_WORDS: usize = 64;

/// What is written before the mark `c`. Whether Han text is a word in a Latin sentence is
/// read only when it matters, with whitespace and no Han on the `right`.
fn left_of(c: char, written: &str, right: Right) -> Left {
    let mut before = written
        .chars()
        .rev()
        .filter(|&c| !is_transparent(c))
        .map(base)
        .peekable();
    let mut spaced = false;
    while before.next_if(|&c| is_space(c)).is_some() {
        spaced = true;
    }
    let left = match before.next() {
        None => Left::SpacedWord,
        Some(left) if is_han(left) && right == Right::Spaced => han_run(before),
        Some(left) if is_han(left) => Left::Cjk,
        Some(left) if is_cjk_closing_bracket(left) => Left::Cjk,
        Some('！' | '？') if matches!(c, '!' | '?') => Left::Cjk,
        Some('”') => quotation(before, '“'),
        Some('’') => quotation(before, '‘'),
        Some('…' | '—') => Left::Word,
        Some(')' | ']') if before.peek().is_some_and(|&c| is_han(c)) => Left::Word,
        Some(left) if c == ';' && ends_entity(left, before.clone()) => Left::None,
        Some(left) if is_word_char(left) => latin_words(left, before),
        Some(_) => Left::None,
    };
    match (spaced, left) {
        (true, Left::Cjk | Left::HanAfterLatin | Left::Quoted) => Left::SpacedCjk,
        (true, Left::Word | Left::LineStart) => Left::SpacedWord,
        _ => left,
    }
}

/// Whether `last` and the characters before it (read backwards) are an HTML entity
/// before its `;`: `&amp`, `&#30185`, `&#x4E2D`.
fn ends_entity(last: char, before: impl Iterator<Item = char>) -> bool {
    let mut name = vec![last];
    for c in before.take(32) {
        if c == '&' {
            name.reverse();
            return match name.as_slice() {
                ['#', 'x' | 'X', hex @ ..] => {
                    !hex.is_empty() && hex.iter().all(char::is_ascii_hexdigit)
                }
                ['#', digits @ ..] => !digits.is_empty() && digits.iter().all(char::is_ascii_digit),
                letters => letters.iter().all(char::is_ascii_alphanumeric),
            };
        }
        if !(c.is_ascii_alphanumeric() || c == '#') {
            return false;
        }
        name.push(c);
    }
    false
}

/// What a run of Han text says, `before` going back from its last character but one: it
/// is a word in a Latin sentence when Latin words come before it that CJK text does not
/// come before (`The capital is 北京,`, not `为 Debian 维护的,`).
fn han_run(before: impl Iterator<Item = char>) -> Left {
    let mut before = before.take(MAX_WORDS).skip_while(|&c| is_han(c)).peekable();
    if before.next_if_eq(&' ').is_none() || !before.peek().is_some_and(char::is_ascii_alphanumeric)
    {
        return Left::Cjk;
    }
    let last = before.next().expect("peeked");
    match latin_words(last, before) {
        Left::Word => Left::Cjk,
        _ => Left::HanAfterLatin,
    }
}

/// What a quotation closed just before `inside` (read backwards) says: it ends on Han
/// text (`“卡脖子”,`), it opens after Han text (`加载“%s”,`, whitespace between aside) or
/// after CJK punctuation (`：“%1$S”,`), or neither (`“Hello”,`).
fn quotation(mut inside: impl Iterator<Item = char>, opening: char) -> Left {
    if inside.next().is_some_and(is_han) {
        return Left::Cjk;
    }
    for c in inside.by_ref().take(MAX_WORDS) {
        if c == opening {
            return match inside.find(|&c| !is_space(c)) {
                Some(c) if is_han(c) => Left::Quoted,
                Some(c) if !c.is_ascii() && is_cjk_context(c) => Left::Word,
                _ => Left::None,
            };
        }
    }
    Left::None
}

/// What a run of Latin words ending in `last` says, `before` going back from it: they
/// follow CJK text (one space between aside), start the line, or something else.
fn latin_words(last: char, before: impl Iterator<Item = char>) -> Left {
    let mut alphanumeric = last.is_ascii_alphanumeric();
    let mut previous = last;
    for (n, c) in before.enumerate() {
        if n == MAX_WORDS {
            return Left::None;
        }
        if is_word_char(c) || (c == ' ' && previous != ' ') {
            alphanumeric |= c.is_ascii_alphanumeric();
            previous = c;
            continue;
        }
        let cjk = is_han(c) || (!c.is_ascii() && is_cjk_context(c));
        return match (cjk, alphanumeric) {
            (true, true) => Left::Word,
            (true, false) => Left::Symbols,
            (false, _) => Left::None,
        };
    }
    if alphanumeric {
        Left::LineStart
    } else {
        Left::None
    }
}

/// A character of a Latin word before punctuation: ASCII letters, digits and symbols, `:`
/// among them (`12:30,` `A1:A10,`), but not `, ; ! ?`, which end a Latin clause, nor the
/// double quote, which ends a quotation. The words must hold a letter or a digit:
/// `冒号(:)` and `斜杠 '/',` name symbols.
fn is_word_char(c: char) -> bool {
    c.is_ascii_graphic() && !matches!(c, ',' | ';' | '!' | '?' | '"')
}

/// What follows byte `from` of `line`, `conversions` being the quotes and parentheses the
/// stage converts in it, in line order.
fn right_of(line: &str, from: usize, conversions: &[pairs::Conversion]) -> Right {
    let mut spaced = false;
    for (i, next) in line[from..].char_indices() {
        if is_transparent(next) {
            continue;
        }
        if is_space(next) {
            spaced = true;
            continue;
        }
        // As the stage writes it.
        let written = conversions
            .binary_search_by_key(&(from + i), |conversion| conversion.at)
            .map_or(next, |found| conversions[found].to);
        return match (spaced, is_han(next)) {
            (false, true) => Right::Han,
            (true, true) => Right::SpacedHan,
            (true, false) => Right::Spaced,
            (false, false) if is_cjk_opening_bracket(written) => Right::Opening,
            (false, false) if base(written).is_alphanumeric() => Right::Latin,
            (false, false) => Right::Other,
        };
    }
    Right::End
}

/// The last character written that is not transparent.
fn last_visible(written: &str) -> Option<char> {
    written.chars().rev().find(|&c| !is_transparent(c))
}

/// Whether the first character of `rest` that is neither whitespace nor transparent is Han.
fn next_is_han(rest: &str) -> bool {
    rest.chars()
        .find(|&c| !is_transparent(c) && !is_space(c))
        .is_some_and(is_han)
}

/// Whether a line reads as program code, which the stage leaves as it is: `printf("错误:%s",
/// e);`, `msg = "你好,世界"`, `{"城市": "北京"}`. The signs are ASCII only, so the
/// stage's edits never make a line look like code.
fn looks_like_code(line: &str) -> bool {
    let trimmed = line.trim_matches(|c: char| is_space(c) || is_transparent(c));
    let bytes = trimmed.as_bytes();
    // A block's edges, a line of data in braces, a comment, a preprocessor line.
    let edges = trimmed.ends_with('{')
        || trimmed.starts_with('}')
        || (trimmed.starts_with('{') && trimmed.ends_with('}'))
        || trimmed.ends_with("*/")
        || ["//", "/*", "#include", "#define", "#if", "#!"]
            .iter()
            .any(|start| trimmed.starts_with(start));
    // A statement's end: `;` after ASCII, not after Han.
    let statement = matches!(bytes, [.., before, b';'] if before.is_ascii_graphic());
    edges || statement || (0..bytes.len()).any(|i| code_sign_at(bytes, i))
}

/// Whether a sign of code starts at byte `i`: a call with a string argument (`f("`), a
/// string assigned (`="`, `= "`), a JSON key (`{"`, `["`, `":`), a block (`){`, `) {`), a
/// comparison or logic (`==`, `!=`, `&&`, `||`), a comment after a statement (`; #`,
/// `; //`) or a block comment (`/* … */`).
#[inline]
fn code_sign_at(bytes: &[u8], i: usize) -> bool {
    let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match bytes[i] {
        b'(' => {
            i > 0
                && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_')
                && matches!(at(1), b'"' | b'\'')
        }
        b'=' => matches!(at(1), b'"' | b'=') || (at(1) == b' ' && at(2) == b'"'),
        b'{' | b'[' => at(1) == b'"',
        b'"' => at(1) == b':',
        b')' => at(1) == b'{' || (at(1) == b' ' && at(2) == b'{'),
        b'!' => at(1) == b'=',
        b'&' | b'|' => at(1) == bytes[i],
        b';' => at(1) == b' ' && (at(2) == b'#' || (at(2) == b'/' && at(3) == b'/')),
        b'/' => at(1) == b'*' && memchr::memmem::find(&bytes[i + 2..], b"*/").is_some(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_is_recognized_by_ascii_signs() {
        for line in [
            "printf(\"错误:%s\", e);",
            "  int a = 1;",
            "msg = \"你好,世界\"",
            "{\"城市\": \"北京\", \"人口\": 2189}",
            "if (a == b) {",
            "} else {",
            "// 注释:说明",
            "#include <stdio.h>",
            "#!/bin/sh",
            "print('你好,世界')",
            "int l_linger; /* 延时多长时间:秒 */",
            "opendir(D, $dir); # 不安全的 (使用 readdir() 或其他)",
            "{cascad 菜单名 ?标签列表? 菜单Id}",
        ] {
            assert!(looks_like_code(line), "{line}");
        }
        for line in [
            "中文,测试;",
            "他说:\"你好\"。",
            "时间为12:30,地点在北京。",
            "Hello, world!",
            "# 第一章:概述",
            "{ $hostname } 请求您的安全密钥的扩展信息,这可能会影响您的隐私。",
            "格式:元素 '%s' 没有以 '(' 开头",
            "在 TimeSerial 函式中,可以用數值 (hour、minute);而在 TimeValue 函式中",
            "中的脚本 “/etc/network/*/” 中的脚本,而且",
            "见 http://a.b/c?x=1 。",
        ] {
            assert!(!looks_like_code(line), "{line}");
        }
    }
}
