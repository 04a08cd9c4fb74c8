//! Replacements found in a line, applied and recorded in one go.

use crate::report::Changes;
use std::ops::Range;

/// A replacement of `span` (a byte range of the line it was found in) by `with`.
pub(super) struct Edit {
    pub(super) span: Range<usize>,
    pub(super) with: String,
}

impl Edit {
    pub(super) fn remove(span: Range<usize>) -> Edit {
        Edit {
            span,
            with: String::new(),
        }
    }
}

/// `line` with `edits` (in order, not overlapping) made, each recorded under `rule` at its
/// place in the output: the line starts at output offset `base`, and every edit before it
/// in the line has been made.
pub(super) fn apply(
    line: &str,
    edits: &[Edit],
    rule: &'static str,
    base: usize,
    log: &mut Changes,
) -> String {
    let mut out = String::with_capacity(line.len());
    let mut copied_to = 0;
    for edit in edits {
        out.push_str(&line[copied_to..edit.span.start]);
        log.record(rule, base + out.len(), &line[edit.span.clone()], &edit.with);
        out.push_str(&edit.with);
        copied_to = edit.span.end;
    }
    out.push_str(&line[copied_to..]);
    out
}
