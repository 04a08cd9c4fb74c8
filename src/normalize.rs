//! NFC, line endings, control characters, whitespace. INTERIM: to be replaced.

use crate::pipeline::TextStage;
use crate::report::Changes;
use std::borrow::Cow;

/// How a normalized text ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ending {
    /// A document: a non-empty text ends with exactly one newline.
    Newline,
    /// A record field: no trailing newline at all.
    None,
}

pub(crate) struct Normalizer {
    ending: Ending,
}

impl Normalizer {
    pub(crate) fn new(ending: Ending) -> Normalizer {
        Normalizer { ending }
    }
}

impl TextStage for Normalizer {
    fn apply<'t>(&self, text: &'t str, _log: &mut Changes) -> Cow<'t, str> {
        let _ = self.ending;
        Cow::Borrowed(text)
    }
}
