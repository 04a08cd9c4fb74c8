//! The `boilerplate` stage: removes whole lines of page furniture — follow prompts, QR-code
//! prompts, share bars, disclaimers, source and editor credits — that its rules recognise,
//! and records each removed line, so that nothing is lost.
//!
//! Rules are data (see [`BoilerplateRules`]) and match a folded view of each line (see
//! `fold`), so traditional and simplified, fullwidth and ASCII spellings match alike. A rule
//! removes a line only where it applies:
//!
//! - a rule of zone `any` on any line, but such rules must match a whole short line, or its
//!   start or end: a phrase alone never removes a line in the middle of a document;
//! - a rule of zone `head`, `tail` or `edge` only among the first [`HEAD_LINES`] or the last
//!   [`TAIL_LINES`] lines that stay. Lines without a letter or digit and removed lines do not
//!   count, so a footer of many boilerplate lines goes as a whole.
//!
//! The rules may remove at most as many letters and digits from a document as they leave
//! in it. Above that the document is more likely something the rules misread (or nothing
//! but boilerplate, which the user should see): every line stays, and the document is
//! counted under `boilerplate/held-back`.

mod fold;
mod rules;

pub use rules::{BoilerplateRules, BoilerplateRulesError};

use crate::pipeline::TextStage;
use crate::report::Changes;
use fold::{fold, Folded};
use rules::LineMatch;
use std::borrow::Cow;
use std::ops::Range;

/// How many of a document's first lines (that stay) `head` and `edge` rules look at.
const HEAD_LINES: usize = 4;
/// How many of its last lines (that stay) `tail` and `edge` rules look at.
const TAIL_LINES: usize = 6;
/// What a document whose boilerplate the cap kept is counted under.
pub(crate) const HELD_BACK: &str = "boilerplate/held-back";

/// The `boilerplate` stage, with its rules.
pub(crate) struct BoilerplateStage<'r> {
    pub(crate) rules: &'r BoilerplateRules,
}

/// A line some rule matches.
struct Hit {
    /// The line with its line break.
    span: Range<usize>,
    /// How many counted lines come before it.
    ordinal: usize,
    matched: LineMatch,
    /// The rule that removes it, once decided.
    removed_by: Option<u32>,
}

impl TextStage for BoilerplateStage<'_> {
    fn apply<'t>(&self, text: &'t str, log: &mut Changes) -> Cow<'t, str> {
        let (mut hits, counted) = self.scan(text);
        if hits.is_empty() {
            return Cow::Borrowed(text);
        }
        decide(&mut hits, counted);
        hits.retain(|hit| hit.removed_by.is_some());
        if hits.is_empty() {
            return Cow::Borrowed(text);
        }
        if !within_cap(text, &hits) {
            log.flag(HELD_BACK);
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        for hit in &hits {
            out.push_str(&text[copied..hit.span.start]);
            let rule = hit.removed_by.expect("only removed lines are left");
            log.record(
                self.rules.name(rule),
                out.len(),
                &text[hit.span.clone()],
                "",
            );
            copied = hit.span.end;
        }
        out.push_str(&text[copied..]);
        Cow::Owned(out)
    }
}

impl BoilerplateStage<'_> {
    /// Finds the lines rules match, and counts the lines with a letter or digit.
    fn scan(&self, text: &str) -> (Vec<Hit>, usize) {
        let mut hits = Vec::new();
        let mut counted = 0;
        let limit = self.rules.max_chars();
        for (content, span) in lines(text) {
            let folded = fold(&text[content], limit);
            if folded == Folded::Empty {
                continue;
            }
            let matched = self.rules.matches(&folded);
            if matched.is_some() {
                hits.push(Hit {
                    span,
                    ordinal: counted,
                    matched,
                    removed_by: None,
                });
            }
            counted += 1;
        }
        (hits, counted)
    }
}

/// The lines of `text`: each line's content and its span with its line break (`\n`,
/// `\r\n` or a lone `\r`, which normalize makes a line break of its own).
fn lines(text: &str) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let (end, next) = match memchr::memchr2(b'\n', b'\r', &bytes[start..]) {
            Some(at) => {
                let at = start + at;
                let crlf = bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n');
                (at, at + 1 + usize::from(crlf))
            }
            None => (bytes.len(), bytes.len()),
        };
        let line = (start..end, start..next);
        start = next;
        Some(line)
    })
}

/// Decides which hits go: those of `any` rules, and those of `head` (`tail`) rules among
/// the first (last) lines that stay. Removing a line brings the next one into the head or
/// tail, so this runs until nothing more goes: the output then has nothing left to remove,
/// and cleaning it again changes nothing.
fn decide(hits: &mut [Hit], counted: usize) {
    for hit in hits.iter_mut() {
        hit.removed_by = hit.matched.any;
    }
    loop {
        let mut changed = false;
        let mut removed_before = 0;
        for hit in hits.iter_mut() {
            if hit.removed_by.is_none() && hit.ordinal - removed_before < HEAD_LINES {
                hit.removed_by = hit.matched.head;
                changed |= hit.removed_by.is_some();
            }
            removed_before += usize::from(hit.removed_by.is_some());
        }
        let mut removed_after = 0;
        for hit in hits.iter_mut().rev() {
            let after = counted - 1 - hit.ordinal;
            if hit.removed_by.is_none() && after - removed_after < TAIL_LINES {
                hit.removed_by = hit.matched.tail;
                changed |= hit.removed_by.is_some();
            }
            removed_after += usize::from(hit.removed_by.is_some());
        }
        if !changed {
            break;
        }
    }
}

/// Whether removing `removed` (in text order) leaves at least as many letters and digits
/// in the text as it takes. Letters and digits are what later stages never add or remove,
/// so a second cleaning decides as the first did.
fn within_cap(text: &str, removed: &[Hit]) -> bool {
    let weight = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).count();
    let taken: usize = removed
        .iter()
        .map(|hit| weight(&text[hit.span.clone()]))
        .sum();
    // Count what stays only as far as needed: in most documents its first lines are enough.
    let mut left = 0;
    let mut from = 0;
    for next in removed.iter().map(Some).chain([None]) {
        let to = next.map_or(text.len(), |hit| hit.span.start);
        for line in text[from..to].split_inclusive('\n') {
            left += weight(line);
            if left >= taken {
                return true;
            }
        }
        from = next.map_or(to, |hit| hit.span.end);
    }
    false
}

#[cfg(test)]
mod tests;
