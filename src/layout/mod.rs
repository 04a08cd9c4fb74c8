//! The layout stage: what a page's markup and layout leave in extracted text.
//!
//! Each line gets, in this order, each on the result of the one before: terminal escape
//! sequences removed, HTML character references resolved, stray HTML tags removed, pinyin
//! ruby annotations removed (in a document that holds several, see [`ruby`]), image stubs
//! removed. A line left with nothing but pipes, rule characters or spaces (`![]() |`,
//! `-----`) is removed whole, and a line of prose loses a trailing ` |`; the lines of a
//! table keep theirs. Invisible characters are the normalize stage's.
//!
//! Resolving a reference can make another (`&amp;lt;` is `&lt;`, then `<`) and removing a
//! tag can bring the two halves of one together: the stage runs again on its own output
//! until nothing changes, so that cleaning stays idempotent.

mod edits;
mod markup;
mod residue;
mod ruby;

use crate::pipeline::TextStage;
use crate::report::Changes;
use edits::Edit;
use memchr::memchr;
use std::borrow::Cow;

/// The layout stage.
pub(crate) struct Layout;

/// Passes at most: the second finds nothing in all but contrived text.
const MAX_PASSES: usize = 4;

impl TextStage for Layout {
    fn apply<'t>(&self, text: &'t str, log: &mut Changes) -> Cow<'t, str> {
        let mut current = Cow::Borrowed(text);
        for _ in 0..MAX_PASSES {
            match pass(&current, log) {
                Some(next) => current = Cow::Owned(next),
                None => break,
            }
        }
        current
    }
}

/// Which kinds of residue a document may hold, from a look at its bytes: a line is only
/// searched for those.
struct Present {
    escapes: bool,
    references: bool,
    tags: bool,
    ruby: bool,
    stubs: bool,
    pipes: bool,
}

impl Present {
    fn in_text(text: &str) -> Present {
        let bytes = text.as_bytes();
        let has = |needle: &str| memchr::memmem::find(bytes, needle.as_bytes()).is_some();
        Present {
            escapes: memchr(0x1b, bytes).is_some(),
            references: memchr(b'&', bytes).is_some(),
            tags: memchr(b'<', bytes).is_some(),
            ruby: ruby::document_has_ruby(text),
            stubs: has("![") || has("[图片]") || has("[圖片]") || has("片】") || has("[im"),
            pipes: ["|", "│", "┃", "｜"].iter().any(|pipe| has(pipe)),
        }
    }
}

/// One pass over `text`; `None` when it changes nothing.
fn pass(text: &str, log: &mut Changes) -> Option<String> {
    let present = Present::in_text(text);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let contents: Vec<&str> = lines.iter().map(|line| content_of(line)).collect();
    let in_table = if present.pipes {
        residue::table_lines(&contents)
    } else {
        vec![false; lines.len()]
    };
    let mut out = String::new();
    let mut copied_to = 0;
    let mut line_start = 0;
    for ((line, content), in_table) in lines.iter().zip(&contents).zip(in_table) {
        let base = out.len() + line_start - copied_to;
        if let Some(edited) = edit_line(content, &present, in_table, base, log) {
            if out.capacity() == 0 {
                out.reserve(text.len());
            }
            out.push_str(&text[copied_to..line_start]);
            match edited {
                LineEdit::Keep(content) => {
                    out.push_str(&content);
                    out.push_str(&line[contents_len(line)..]);
                }
                LineEdit::Remove(content) => {
                    log.record(
                        "layout/residue-line",
                        out.len(),
                        &(content + &line[contents_len(line)..]),
                        "",
                    );
                }
            }
            copied_to = line_start + line.len();
        }
        line_start += line.len();
    }
    if copied_to == 0 {
        return None;
    }
    out.push_str(&text[copied_to..]);
    Some(out)
}

/// A line without its line break.
fn content_of(line: &str) -> &str {
    let content = line.strip_suffix('\n').unwrap_or(line);
    content.strip_suffix('\r').unwrap_or(content)
}

fn contents_len(line: &str) -> usize {
    content_of(line).len()
}

/// A step of a line's edits: what it finds to replace.
type FindEdits = fn(&str) -> Vec<Edit>;

/// What becomes of a line that changes.
enum LineEdit {
    /// Its new content.
    Keep(String),
    /// It goes, line break and all; the content it had left.
    Remove(String),
}

/// The edits of one line's `content` (which starts at output offset `base`), recorded;
/// `None` when it stays as it is.
fn edit_line(
    content: &str,
    present: &Present,
    in_table: bool,
    base: usize,
    log: &mut Changes,
) -> Option<LineEdit> {
    let steps: [(bool, FindEdits, &'static str); 5] = [
        (
            present.escapes,
            markup::escape_sequences,
            "layout/ansi-escape",
        ),
        (
            present.references,
            markup::character_references,
            "layout/html-entity",
        ),
        (present.tags, markup::tags, "layout/html-tag"),
        (present.ruby, ruby::annotations, "layout/pinyin-ruby"),
        (present.stubs, residue::image_stubs, "layout/image-stub"),
    ];
    let mut current = Cow::Borrowed(content);
    for (wanted, find, rule) in steps {
        if !wanted {
            continue;
        }
        let edits = find(&current);
        if !edits.is_empty() {
            current = Cow::Owned(edits::apply(&current, &edits, rule, base, log));
        }
    }
    let emptied = !content.trim().is_empty() && current.trim().is_empty();
    if !in_table && (emptied || residue::is_rule_line(&current)) {
        return Some(LineEdit::Remove(current.into_owned()));
    }
    if !in_table {
        if let Some(edit) = residue::trailing_pipe(&current) {
            current = Cow::Owned(edits::apply(
                &current,
                &[edit],
                "layout/trailing-pipe",
                base,
                log,
            ));
        }
    }
    match current {
        Cow::Borrowed(_) => None,
        Cow::Owned(content) => Some(LineEdit::Keep(content)),
    }
}
