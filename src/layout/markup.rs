//! What markup leaves in text that was extracted without parsing it: terminal escape
//! sequences, HTML character references and stray HTML tags.

use super::edits::Edit;
use memchr::memchr_iter;

/// ANSI escape sequences (`ESC [ 31 m`, `ESC ] … BEL`, `ESC` and one character): colours and
/// cursor moves captured from a terminal. The normalize stage would drop the `ESC` alone
/// and leave `[31m` in the text.
pub(super) fn escape_sequences(line: &str) -> Vec<Edit> {
    let bytes = line.as_bytes();
    let mut edits = Vec::new();
    let mut after_last = 0;
    for at in memchr_iter(0x1b, bytes) {
        if at < after_last {
            continue;
        }
        let end = match bytes.get(at + 1) {
            // Control sequence: parameter and intermediate bytes, then one final byte.
            Some(b'[') => bytes[at + 2..]
                .iter()
                .position(|b| (0x40..=0x7e).contains(b))
                .filter(|&len| {
                    bytes[at + 2..at + 2 + len]
                        .iter()
                        .all(|b| (0x20..=0x3f).contains(b))
                })
                .map(|len| at + 2 + len + 1),
            // Operating system command: up to BEL or ESC `\`.
            Some(b']') => bytes[at + 2..]
                .iter()
                .position(|&b| b == 0x07 || b == 0x1b)
                .map(|len| at + 2 + len)
                .map(|end| match bytes[end] {
                    0x1b if bytes.get(end + 1) == Some(&b'\\') => end + 2,
                    _ => end + 1,
                }),
            // Two-character sequences (`ESC 7`, `ESC =`).
            Some(&b) if (0x30..=0x7e).contains(&b) => Some(at + 2),
            _ => None,
        };
        if let Some(end) = end {
            edits.push(Edit::remove(at..end));
            after_last = end;
        }
    }
    edits
}

/// HTML character references (`&amp;`, `&nbsp;`, `&#x4e2d;`, `&#20013;`), each turned into
/// its character. Only complete references, with their `;`: `AT&T` and `&copy 2023` stay.
/// A reference to a control character or a surrogate is left as it is.
pub(super) fn character_references(line: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    let bytes = line.as_bytes();
    for at in memchr_iter(b'&', bytes) {
        if edits.last().is_some_and(|edit: &Edit| at < edit.span.end) {
            continue;
        }
        // The longest named reference (`&CounterClockwiseContourIntegral;`) has 31 letters.
        let Some(len) = bytes[at + 1..].iter().take(34).position(|&b| b == b';') else {
            continue;
        };
        let name = &line[at + 1..at + 1 + len];
        if let Some(with) = resolve(name) {
            edits.push(Edit {
                span: at..at + len + 2,
                with,
            });
        }
    }
    edits
}

/// What the reference `&name;` stands for.
fn resolve(name: &str) -> Option<String> {
    if let Some(number) = name.strip_prefix('#') {
        let value = match number.strip_prefix(['x', 'X']) {
            Some(hex) if is_all(hex, |b| b.is_ascii_hexdigit()) => u32::from_str_radix(hex, 16),
            None if is_all(number, |b| b.is_ascii_digit()) => number.parse(),
            _ => return None,
        }
        .ok()?;
        let c = char::from_u32(value)?;
        return (!c.is_control() || matches!(c, '\t' | '\n')).then(|| c.to_string());
    }
    if !is_all(name, |b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let table = &html_escape::NAMED_ENTITIES;
    table
        .binary_search_by(|(entry, _)| entry.cmp(&name.as_bytes()))
        .ok()
        .map(|index| table[index].1.to_owned())
}

fn is_all(text: &str, test: impl Fn(u8) -> bool) -> bool {
    !text.is_empty() && text.bytes().all(test)
}

/// HTML elements whose tags turn up in extracted text. A tag of another name (`<stdio.h>`,
/// `Vec<String>`, `<T>`) is not markup and stays.
const ELEMENTS: [&str; 58] = [
    "a",
    "abbr",
    "article",
    "aside",
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "cite",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "font",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "ins",
    "label",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "s",
    "section",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "tr",
    "u",
];

/// The longest tag taken: longer stretches between `<` and `>` are text.
const LONGEST_TAG: usize = 512;

/// Stray HTML tags (`<p>`, `</span>`, `<br/>`, `<img src="…">`) and comments (`<!-- … -->`),
/// removed. Only elements of [`ELEMENTS`], with a well-formed name, ASCII attributes and no
/// `<` or `>` inside. Tags side by side go together, and go only when text touches them on
/// one side at least: markup that was stripped badly sits against the text it wrapped
/// (`<p>第一段</p>`), while tags that a text talks about stand apart (`以 <IFRAME> 和
/// </IFRAME> 標籤括起`, `(<tr>)`, `(例如，</body></html>)`).
pub(super) fn tags(line: &str) -> Vec<Edit> {
    let tags = all_tags(line);
    let mut edits = Vec::new();
    let mut group_start = 0;
    for i in 0..tags.len() {
        let ends_group = tags
            .get(i + 1)
            .is_none_or(|next| next.span.start != tags[i].span.end);
        if ends_group {
            let span = tags[group_start].span.start..tags[i].span.end;
            if touches_text(line, span) {
                edits.extend(
                    tags[group_start..=i]
                        .iter()
                        .map(|tag| Edit::remove(tag.span.clone())),
                );
            }
            group_start = i + 1;
        }
    }
    edits
}

/// Every well-formed tag of a known element in `line`, and every comment.
fn all_tags(line: &str) -> Vec<Edit> {
    let bytes = line.as_bytes();
    let mut edits = Vec::new();
    for at in memchr_iter(b'<', bytes) {
        if edits.last().is_some_and(|edit: &Edit| at < edit.span.end) {
            continue;
        }
        let rest = &line[at..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            if let Some(len) = comment.find("-->") {
                edits.push(Edit::remove(at..at + 4 + len + 3));
            }
            continue;
        }
        let Some(close) = rest.bytes().take(LONGEST_TAG).position(|b| b == b'>') else {
            continue;
        };
        let inside = &rest[1..close];
        if inside.contains('<') {
            continue;
        }
        let inside = inside.strip_prefix('/').unwrap_or(inside);
        let name_len = inside
            .bytes()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(inside.len());
        let (name, attributes) = inside.split_at(name_len);
        let well_formed = attributes.is_empty()
            || attributes == "/"
            || (attributes.starts_with(|c: char| c.is_ascii_whitespace()) && attributes.is_ascii());
        let known = ELEMENTS
            .binary_search(&name.to_ascii_lowercase().as_str())
            .is_ok();
        if known && well_formed {
            edits.push(Edit::remove(at..at + close + 1));
        }
    }
    edits
}

/// Whether the character before `span` or the one after it is a letter, a digit or an
/// ideograph.
fn touches_text(line: &str, span: std::ops::Range<usize>) -> bool {
    let is_text = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    is_text(line[..span.start].chars().next_back()) || is_text(line[span.end..].chars().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edited(line: &str, find: fn(&str) -> Vec<Edit>) -> String {
        let mut out = String::new();
        let mut copied_to = 0;
        for edit in find(line) {
            out.push_str(&line[copied_to..edit.span.start]);
            out.push_str(&edit.with);
            copied_to = edit.span.end;
        }
        out + &line[copied_to..]
    }

    #[test]
    fn elements_are_sorted_for_binary_search() {
        assert!(ELEMENTS.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn escape_sequences_go_whole() {
        assert_eq!(
            edited("\u{1b}[1;31m错误\u{1b}[0m: 文件", escape_sequences),
            "错误: 文件"
        );
        assert_eq!(edited("\u{1b}]0;title\u{7}标题", escape_sequences), "标题");
        // An ESC that starts no sequence is left to the normalize stage.
        assert_eq!(edited("a\u{1b}", escape_sequences), "a\u{1b}");
    }

    #[test]
    fn complete_character_references_are_resolved() {
        assert_eq!(
            edited(
                "A&amp;B&nbsp;&#x4e2d;&#25991;&hellip;",
                character_references
            ),
            "A&B\u{a0}中文…"
        );
        for text in [
            "AT&T",
            "&copy 2023",
            "a & b; c",
            "&#x110000;",
            "&#0;",
            "&bogus;",
        ] {
            assert_eq!(edited(text, character_references), text, "{text}");
        }
    }

    #[test]
    fn only_html_tags_are_removed() {
        assert_eq!(
            edited(
                r#"<p>第一段</p><br/><span class="x">文字</span><!-- ad -->"#,
                tags
            ),
            "第一段文字"
        );
        for text in [
            "#include <stdio.h>",
            "Vec<String>",
            "a < b > c",
            "<T>",
            "<pa>",
            "<p",
            "浮動外框會以 <IFRAME> 和 </IFRAME> 標籤括起",
            "每行的属性名 (<tr>)",
            "应该插入到<table 这里 >",
            "产生相应的关闭标签 (例如，</body></html>)。",
        ] {
            assert_eq!(edited(text, tags), text, "{text}");
        }
    }
}
