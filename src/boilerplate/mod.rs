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

use crate::lines::lines;
use crate::pipeline::TextStage;
use crate::report::Changes;
use fold::{is_letter_or_digit, Folded, Folder};
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
    ///
    /// Rules of zone `head`, `tail` or `edge` are the most costly to look for (many of them
    /// match anywhere in a line), and most lines can never be among a document's first or
    /// last lines that stay: only lines that may be are looked at with them. The first pass
    /// knows which lines may be in the head; the last lines are looked at again once the
    /// pass has counted them.
    fn scan(&self, text: &str) -> (Vec<Hit>, usize) {
        let mut folder = Folder::default();
        let limit = self.rules.max_chars();
        let mut hits = Vec::new();
        // Short lines not yet looked at with the head and tail rules.
        let mut unchecked = Vec::new();
        let mut counted = 0;
        for (content, span) in lines(text) {
            let line = &text[content.clone()];
            let (view, chars) = match folder.fold(line, limit) {
                Folded::Empty => continue,
                Folded::Long => {
                    counted += 1;
                    continue;
                }
                Folded::View(view, chars) => (view, chars),
            };
            // At most `hits.len()` lines before this one go.
            let may_be_head = counted - hits.len() < HEAD_LINES;
            let matched = self.rules.matches(view, chars, may_be_head);
            if matched.is_some() {
                hits.push(Hit {
                    span,
                    ordinal: counted,
                    matched,
                    removed_by: None,
                });
            } else if !may_be_head {
                unchecked.push((content, span, counted));
            }
            counted += 1;
        }
        self.scan_tail(text, &mut folder, &mut hits, unchecked, counted);
        (hits, counted)
    }

    /// Looks at the last lines of `unchecked` with every rule, from the end, as long as they
    /// may be among the last [`TAIL_LINES`] that stay, and adds what matches to `hits`.
    fn scan_tail(
        &self,
        text: &str,
        folder: &mut Folder,
        hits: &mut Vec<Hit>,
        unchecked: Vec<(Range<usize>, Range<usize>, usize)>,
        counted: usize,
    ) {
        let limit = self.rules.max_chars();
        let mut found = Vec::new();
        let mut hits_after = 0;
        let mut earlier_hits = hits.iter().rev().peekable();
        for (content, span, ordinal) in unchecked.into_iter().rev() {
            hits_after +=
                std::iter::from_fn(|| earlier_hits.next_if(|hit| hit.ordinal > ordinal)).count();
            // The count of lines after this one, less those that may go, only grows from
            // here to the start of the document.
            if counted - 1 - ordinal - hits_after >= TAIL_LINES {
                break;
            }
            let Folded::View(view, chars) = folder.fold(&text[content], limit) else {
                unreachable!("the line folded to a view in the first pass");
            };
            let matched = self.rules.matches(view, chars, true);
            if matched.is_some() {
                hits_after += 1;
                found.push(Hit {
                    span,
                    ordinal,
                    matched,
                    removed_by: None,
                });
            }
        }
        if !found.is_empty() {
            hits.extend(found);
            hits.sort_unstable_by_key(|hit| hit.ordinal);
        }
    }
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
    let weight = |s: &str| s.chars().filter(|&c| is_letter_or_digit(c)).count();
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
