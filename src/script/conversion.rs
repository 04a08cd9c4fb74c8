//! OpenCC's conversion algorithm over [`daachorse`] automata: at each position the longest
//! key of the step's dictionary group is replaced by its value, and a character no key
//! starts with is copied. A configuration runs its steps one after another; some first cut
//! the text into segments at the phrases of a segmentation dictionary, and every step then
//! matches inside segments only, as OpenCC's `mmseg` segmentation makes it do.

use crate::report::Changes;
use daachorse::CharwiseDoubleArrayAhoCorasick;
#[cfg(test)]
use daachorse::{CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use std::borrow::Cow;
use std::ops::Range;

/// A dictionary group as an automaton that finds, from left to right, the longest key at
/// each position: OpenCC's greedy maximum match.
pub(super) struct Table {
    automaton: CharwiseDoubleArrayAhoCorasick<u32>,
    /// Each key's value, by pattern id.
    values: Vec<&'static str>,
}

/// A table `build.rs` compiled, by its name in `dictionary::TABLES`: the serialized
/// automaton and the values, one per line.
macro_rules! compiled_table {
    ($name:literal) => {
        $crate::script::conversion::Table::load(
            include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".daac")),
            include_str!(concat!(env!("OUT_DIR"), "/", $name, ".values")),
        )
    };
}
pub(super) use compiled_table;

impl Table {
    /// Loads a table `build.rs` compiled (see [`compiled_table`]).
    pub(super) fn load(automaton: &[u8], values: &'static str) -> Table {
        let (automaton, _) = CharwiseDoubleArrayAhoCorasick::deserialize(automaton)
            .expect("build.rs wrote a valid automaton");
        Table {
            automaton,
            values: values.lines().collect(),
        }
    }

    /// A table of `(key, value)` entries with distinct keys, built now.
    #[cfg(test)]
    pub(super) fn from_entries(entries: Vec<(&'static str, &'static str)>) -> Table {
        let (keys, values): (Vec<&str>, Vec<&str>) = entries.into_iter().unzip();
        let automaton = CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&keys)
            .expect("the dictionaries have distinct, non-empty keys");
        Table { automaton, values }
    }

    /// The longest keys, leftmost first, in `text`: their spans and values.
    fn matches<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (Range<usize>, &'static str)> + 'a {
        self.automaton
            .leftmost_find_iter(text)
            .map(|m| (m.start()..m.end(), self.values[m.value() as usize]))
    }
}

/// One step of a configuration: a table and the rule ids its edits are recorded under.
pub(super) struct Step {
    pub(super) table: &'static Table,
    /// The rule for a replaced key of two characters or more, and for one of one.
    pub(super) phrase_rule: &'static str,
    pub(super) char_rule: &'static str,
}

/// A stretch of text that steps convert on their own: a segment of OpenCC's segmentation,
/// or a term of the user's dictionary, which no step touches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Segment {
    /// Where it ends, as a byte offset.
    pub(super) end: usize,
    pub(super) protected: bool,
}

impl Step {
    /// Converts each unprotected segment of `text` on its own. Returns the converted text,
    /// if it differs, with where its segments end; records each replaced key in `log`.
    fn convert(
        &self,
        text: &str,
        segments: &[Segment],
        log: &mut Changes,
    ) -> Option<(String, Vec<Segment>)> {
        let mut out: Option<String> = None;
        let mut out_segments = Vec::with_capacity(segments.len());
        let mut start = 0;
        // Where in `text` the part not yet copied to `out` begins.
        let mut copied = 0;
        for &segment in segments {
            let end = segment.end;
            let matches = (!segment.protected)
                .then(|| self.table.matches(&text[start..end]))
                .into_iter()
                .flatten();
            for (span, value) in matches {
                let key = &text[start + span.start..start + span.end];
                if key == value {
                    continue;
                }
                let out =
                    out.get_or_insert_with(|| String::with_capacity(text.len() + text.len() / 8));
                out.push_str(&text[copied..start + span.start]);
                let rule = if is_phrase(key) {
                    self.phrase_rule
                } else {
                    self.char_rule
                };
                log.record(rule, out.len(), key, value);
                out.push_str(value);
                copied = start + span.end;
            }
            let end = match &mut out {
                Some(out) => {
                    out.push_str(&text[copied..end]);
                    copied = end;
                    out.len()
                }
                None => end,
            };
            out_segments.push(Segment { end, ..segment });
            start = segment.end;
        }
        out.map(|out| (out, out_segments))
    }
}

/// A configuration: an optional segmentation, then its steps in order.
pub(super) struct Config {
    /// The table whose phrases (keys of two characters or more) cut the text into
    /// segments, as OpenCC's segmentation dictionary does; `None`: one segment.
    pub(super) segmentation: Option<&'static Table>,
    pub(super) steps: Vec<Step>,
}

impl Config {
    /// Converts `text`, recording every replaced key.
    pub(super) fn convert<'t>(&self, text: &'t str, log: &mut Changes) -> Cow<'t, str> {
        let whole = [Segment {
            end: text.len(),
            protected: false,
        }];
        self.convert_segments(text, &whole, log)
    }

    /// Converts the unprotected segments of `text` (`segments` cover it), each on its own.
    pub(super) fn convert_segments<'t>(
        &self,
        text: &'t str,
        segments: &[Segment],
        log: &mut Changes,
    ) -> Cow<'t, str> {
        let mut segments = match &self.segmentation {
            Some(table) => segment(table, text, segments),
            None => segments.to_vec(),
        };
        let mut current = Cow::Borrowed(text);
        for step in &self.steps {
            if let Some((converted, converted_segments)) = step.convert(&current, &segments, log) {
                current = Cow::Owned(converted);
                segments = converted_segments;
            }
        }
        current
    }
}

/// OpenCC's maximum-match segmentation inside each unprotected segment: each longest key
/// of `table` that is a phrase (two characters or more) becomes a segment of its own, and
/// the text between phrases one segment. OpenCC segments with the phrase dictionary of the
/// conversion's table alone; a table of those phrases and single characters finds the same
/// phrases, since at any position a phrase is longer than a character.
fn segment(table: &Table, text: &str, segments: &[Segment]) -> Vec<Segment> {
    let mut cut = Vec::with_capacity(segments.len());
    let mut start = 0;
    for &segment in segments {
        if segment.protected {
            cut.push(segment);
            start = segment.end;
            continue;
        }
        let piece = |end| Segment {
            end,
            protected: false,
        };
        let mut last = start;
        let phrases = table
            .matches(&text[start..segment.end])
            .map(|(span, _)| start + span.start..start + span.end)
            .filter(|key| is_phrase(&text[key.clone()]));
        for key in phrases {
            if key.start > last {
                cut.push(piece(key.start));
            }
            cut.push(piece(key.end));
            last = key.end;
        }
        if last < segment.end || last == start {
            cut.push(piece(segment.end));
        }
        start = segment.end;
    }
    cut
}

/// Whether a dictionary key is a phrase: two characters or more.
fn is_phrase(key: &str) -> bool {
    key.chars().nth(1).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::RecordLevel;

    /// A table for a test, leaked: configurations hold tables for the whole process.
    fn table(entries: &[(&'static str, &'static str)]) -> &'static Table {
        Box::leak(Box::new(Table::from_entries(entries.to_vec())))
    }

    #[test]
    fn the_longest_key_at_each_position_wins() {
        let config = Config {
            segmentation: None,
            steps: vec![Step {
                table: table(&[
                    ("头发", "頭髮"),
                    ("发", "發"),
                    ("头", "頭"),
                    ("发展", "發展"),
                ]),
                phrase_rule: "script/s2t-phrase",
                char_rule: "script/s2t-char",
            }],
        };
        let mut log = Changes::new(RecordLevel::Off);
        assert_eq!(config.convert("头发发展", &mut log), "頭髮發展");
        assert!(matches!(
            config.convert("abc", &mut log),
            Cow::Borrowed("abc")
        ));
    }

    #[test]
    fn segmentation_keeps_later_steps_inside_segments() {
        // The segmentation dictionary makes `乙丙` a segment: the second step's key `甲乙`
        // would cross its start, so it does not match.
        let steps = || {
            vec![
                Step {
                    table: table(&[("丁", "戊")]),
                    phrase_rule: "p",
                    char_rule: "c",
                },
                Step {
                    table: table(&[("甲乙", "子")]),
                    phrase_rule: "p",
                    char_rule: "c",
                },
            ]
        };
        let mut log = Changes::new(RecordLevel::Off);
        let segmented = Config {
            segmentation: Some(table(&[("乙丙", "")])),
            steps: steps(),
        };
        assert_eq!(segmented.convert("丁甲乙丙", &mut log), "戊甲乙丙");
        let whole = Config {
            segmentation: None,
            steps: steps(),
        };
        assert_eq!(whole.convert("丁甲乙丙", &mut log), "戊子丙");
    }

    #[test]
    fn segments_cover_the_text() {
        let t = table(&[("乙丙", "")]);
        let ends = |text: &str| -> Vec<usize> {
            let whole = [Segment {
                end: text.len(),
                protected: false,
            }];
            segment(t, text, &whole).iter().map(|s| s.end).collect()
        };
        assert_eq!(ends(""), [0]);
        assert_eq!(ends("甲"), [3]);
        assert_eq!(ends("乙丙"), [6]);
        assert_eq!(ends("甲乙丙丁"), [3, 9, 12]);
    }

    #[test]
    fn protected_segments_are_neither_cut_nor_converted() {
        let config = Config {
            segmentation: Some(table(&[("乙丙", "")])),
            steps: vec![Step {
                table: table(&[("乙", "子")]),
                phrase_rule: "p",
                char_rule: "c",
            }],
        };
        let text = "乙丙乙丙";
        let segments = [
            Segment {
                end: 6,
                protected: true,
            },
            Segment {
                end: 12,
                protected: false,
            },
        ];
        let mut log = Changes::new(RecordLevel::Off);
        let converted = config.convert_segments(text, &segments, &mut log);
        assert_eq!(converted, "乙丙子丙");
    }
}
