//! The user's dictionary (`--script-dict FILE`): terms that conversion must leave as they
//! are (names, brands) and phrase mappings of the user's own, both taking precedence over
//! OpenCC's dictionaries.

use super::conversion::Segment;
use crate::report::Changes;
use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// The rule id of a user mapping's edits.
const RULE: &str = "script/user-dict";

/// Terms protected from conversion and phrases the user maps, from a text file.
///
/// Each line is a term (`微软`: never converted), a mapping (`鼠标<TAB>滑鼠`: written as
/// the text after the tab, which no step converts further), blank, or a comment (`#`…).
/// Where terms overlap, the longest leftmost one wins, as in conversion.
///
/// ```
/// use hanfix::{Cleaner, Options, ScriptDictionary, ScriptTarget, StageSet, Stage};
/// let dictionary = ScriptDictionary::parse("# names\n余光中\n鼠标\t滑鼠\n").unwrap();
/// let options = Options::builder()
///     .stages(StageSet::NONE.with(Stage::Script))
///     .script(ScriptTarget::Hant)
///     .script_dictionary(Some(dictionary.into()))
///     .build();
/// let cleaned = Cleaner::new(options).clean_field("余光中说这个鼠标和那个软件都很好用，他们都这么说");
/// assert_eq!(cleaned.text, "余光中說這個滑鼠和那個軟件都很好用，他們都這麼說");
/// ```
pub struct ScriptDictionary {
    automaton: CharwiseDoubleArrayAhoCorasick<u32>,
    /// What each term is written as, by pattern id (the term itself when protected).
    replacements: Vec<String>,
}

/// A line of a user dictionary that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ScriptDictionaryError {
    /// The line's number, from 1.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

impl ScriptDictionary {
    /// Reads a dictionary from its text.
    pub fn parse(text: &str) -> Result<ScriptDictionary, ScriptDictionaryError> {
        let mut terms: Vec<String> = Vec::new();
        let mut replacements: Vec<String> = Vec::new();
        // Each term's index, to find a term written twice.
        let mut known: HashMap<String, usize> = HashMap::new();
        for (index, line) in text.lines().enumerate() {
            let error = |message: String| ScriptDictionaryError {
                line: index + 1,
                message,
            };
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (term, replacement) = match line.split_once('\t') {
                Some((term, replacement)) => (term, replacement),
                None => (line, line),
            };
            if term.is_empty() || replacement.is_empty() {
                return Err(error("a term or its replacement is empty".into()));
            }
            if replacement.contains('\t') {
                return Err(error(
                    "more than one tab: a line is TERM or TERM<TAB>REPLACEMENT".into(),
                ));
            }
            match known.get(term).copied() {
                Some(at) if replacements[at] != replacement => {
                    return Err(error(format!(
                        "{term} is already written as {}",
                        replacements[at]
                    )))
                }
                Some(_) => {}
                None => {
                    known.insert(term.to_owned(), terms.len());
                    terms.push(term.to_owned());
                    replacements.push(replacement.to_owned());
                }
            }
        }
        if terms.is_empty() {
            return Err(ScriptDictionaryError {
                line: 0,
                message: "no terms".into(),
            });
        }
        let automaton = CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&terms)
            .map_err(|e| ScriptDictionaryError {
                line: 0,
                message: e.to_string(),
            })?;
        Ok(ScriptDictionary {
            automaton,
            replacements,
        })
    }

    /// How many terms it holds.
    pub fn len(&self) -> usize {
        self.replacements.len()
    }

    /// Whether it holds no terms (never: [`ScriptDictionary::parse`] refuses that).
    pub fn is_empty(&self) -> bool {
        self.replacements.is_empty()
    }

    /// Writes each term as its replacement, recording the ones that change, and returns the
    /// text with its segments: the written terms protected, the text between them not.
    pub(super) fn apply<'t>(
        &self,
        text: &'t str,
        log: &mut Changes,
    ) -> (Cow<'t, str>, Vec<Segment>) {
        let mut out: Option<String> = None;
        let mut segments = Vec::new();
        let mut copied = 0;
        for found in self.automaton.leftmost_find_iter(text) {
            let term = &text[found.start()..found.end()];
            let replacement = &self.replacements[found.value() as usize];
            let changes = term != replacement;
            if changes && out.is_none() {
                let mut started = String::with_capacity(text.len() + 16);
                started.push_str(&text[..copied]);
                out = Some(started);
            }
            let written_before = out.as_ref().map_or(copied, String::len);
            let gap_end = written_before + (found.start() - copied);
            if found.start() > copied {
                segments.push(Segment {
                    end: gap_end,
                    protected: false,
                });
            }
            if let Some(out) = &mut out {
                out.push_str(&text[copied..found.start()]);
                if changes {
                    log.record(RULE, out.len(), term, replacement);
                }
                out.push_str(replacement);
            }
            let term_end = out.as_ref().map_or(found.end(), String::len);
            segments.push(Segment {
                end: term_end,
                protected: true,
            });
            copied = found.end();
        }
        let text = match out {
            Some(mut out) => {
                out.push_str(&text[copied..]);
                Cow::Owned(out)
            }
            None => Cow::Borrowed(text),
        };
        if segments.last().is_none_or(|last| last.end < text.len()) {
            segments.push(Segment {
                end: text.len(),
                protected: false,
            });
        }
        (text, segments)
    }
}

impl fmt::Debug for ScriptDictionary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScriptDictionary")
            .field("terms", &self.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::RecordLevel;

    #[test]
    fn bad_lines_are_named() {
        let error = ScriptDictionary::parse("好\n\t坏\n").unwrap_err();
        assert_eq!(error.line, 2);
        let error = ScriptDictionary::parse("甲\t乙\n甲\t丙\n").unwrap_err();
        assert_eq!(error.to_string(), "line 2: 甲 is already written as 乙");
        assert!(ScriptDictionary::parse("# only a comment\n").is_err());
    }

    #[test]
    fn terms_become_protected_segments() {
        let dictionary = ScriptDictionary::parse("乙\n丙\t丁丁\n").unwrap();
        let mut log = Changes::new(RecordLevel::Off);
        let (text, segments) = dictionary.apply("甲乙丙戊", &mut log);
        assert_eq!(text, "甲乙丁丁戊");
        let ends: Vec<(usize, bool)> = segments.iter().map(|s| (s.end, s.protected)).collect();
        assert_eq!(ends, [(3, false), (6, true), (12, true), (15, false)]);
    }
}
