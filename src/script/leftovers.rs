//! A mixed document's leftovers: the characters of its minority script that a machine
//! conversion left behind (a traditional page with 并, 据, 后 still simplified).
//!
//! OpenCC's phrases decide one-to-many characters (据 is 據 in 数据, 后 is 後 in 之后 and
//! 后 in 皇后), but its phrase keys are written wholly in one script, so they cannot match
//! a leftover among characters already converted (`數据`). The document is therefore
//! converted wholly to the minority script and back (`數据` → `数据` → `數據`), and a
//! character takes its round-trip form only where it differs and conversion toward the
//! majority may change it at all: the rest of the document, already in the majority
//! script, keeps its own forms (Taiwan's 裡 and 群 stay, even where the round trip writes
//! OpenCC's 裏 and 羣).
//!
//! A character both scripts write that is a candidate only because traditional text seldom
//! writes it (于, 余, 据) takes its round-trip form only inside a word: where that form and
//! a neighbour of the round trip make a pair of jieba's vocabulary converted to traditional
//! (`data/cjk-frequency/pairs.tsv`: 用於, 其餘, 數據). A machine conversion's leftovers
//! sit in the words of the text it converted; classical text writes its own 于 and 余 (粵余
//! 承累聖) where no such word is.

use super::conversion::{Config, Segment};
use super::detect::Candidates;
use crate::report::{Changes, RecordLevel};
use rustc_hash::FxBuildHasher;
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

/// How a document's leftovers are found and recorded.
pub(super) struct Leftovers<'c> {
    /// Converts to the minority script.
    pub(super) there: &'c Config,
    /// Converts back to the majority script.
    pub(super) back: &'c Config,
    /// The characters that may be leftovers.
    pub(super) candidates: Candidates,
    pub(super) rule: &'static str,
}

impl Leftovers<'_> {
    /// Converts the leftovers of `text`. Protected segments (the user's terms) keep every
    /// character; each replaced character is recorded.
    pub(super) fn convert<'t>(
        &self,
        text: &'t str,
        segments: &[Segment],
        log: &mut Changes,
    ) -> Cow<'t, str> {
        let protected = protected_bytes(segments, text.len());
        let protected = |at: usize| protected.as_ref().is_some_and(|bytes| bytes[at]);
        let mut writer = Writer {
            text,
            out: None,
            copied: 0,
        };
        let whole = self.round_trip(text);
        if whole.chars().count() == text.chars().count() {
            self.take(&mut writer, 0, text, &whole, &protected, log);
        } else {
            // A phrase changed the length somewhere: align line by line, and leave a line
            // whose round trip changes its length as it is.
            let mut start = 0;
            for line in text.split_inclusive('\n') {
                let line_trip = self.round_trip(line);
                if line_trip.chars().count() == line.chars().count() {
                    self.take(&mut writer, start, line, &line_trip, &protected, log);
                }
                start += line.len();
            }
        }
        writer.finish()
    }

    fn round_trip(&self, text: &str) -> String {
        let mut quiet = Changes::new(RecordLevel::Off);
        let view = self.there.convert(text, &mut quiet);
        self.back.convert(&view, &mut quiet).into_owned()
    }

    /// Takes the round-trip form of each leftover of `part` (at byte `start` of the text),
    /// whose round trip `round_trip` has as many characters.
    fn take(
        &self,
        writer: &mut Writer<'_>,
        start: usize,
        part: &str,
        round_trip: &str,
        protected: &impl Fn(usize) -> bool,
        log: &mut Changes,
    ) {
        let round_trip: Vec<char> = round_trip.chars().collect();
        for (i, (offset, original)) in part.char_indices().enumerate() {
            let at = start + offset;
            let converted = round_trip[i];
            if original != converted
                && !protected(at)
                && self.candidates.contains(original)
                && (!self.candidates.only_as_seldom_written(original) || in_a_word(&round_trip, i))
            {
                writer.replace(at, original, converted, self.rule, log);
            }
        }
    }
}

/// Whether the character at `i` of `text` makes a pair of the vocabulary with a neighbour.
fn in_a_word(text: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).map(|j| (text[j], text[i]));
    let after = text.get(i + 1).map(|&next| (text[i], next));
    [before, after]
        .into_iter()
        .flatten()
        .any(|(a, b)| vocabulary_pairs().contains(&pair_key(a, b)))
}

/// The pairs of `pairs.tsv`, loaded on first use: only a document with a
/// seldom-written leftover needs them.
fn vocabulary_pairs() -> &'static HashSet<u64, FxBuildHasher> {
    static PAIRS: OnceLock<HashSet<u64, FxBuildHasher>> = OnceLock::new();
    PAIRS.get_or_init(|| {
        crate::frequency::PAIRS_TSV
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let mut chars = line.chars();
                Some(pair_key(chars.next()?, chars.next()?))
            })
            .collect()
    })
}

fn pair_key(a: char, b: char) -> u64 {
    u64::from(a) << 32 | u64::from(b)
}

/// The converted text, written only once a character changes.
struct Writer<'t> {
    text: &'t str,
    out: Option<String>,
    /// Where in `text` the part not yet copied to `out` begins.
    copied: usize,
}

impl<'t> Writer<'t> {
    fn replace(
        &mut self,
        at: usize,
        original: char,
        converted: char,
        rule: &'static str,
        log: &mut Changes,
    ) {
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(self.text.len()));
        out.push_str(&self.text[self.copied..at]);
        let (mut before, mut after) = ([0; 4], [0; 4]);
        log.record(
            rule,
            out.len(),
            original.encode_utf8(&mut before),
            converted.encode_utf8(&mut after),
        );
        out.push(converted);
        self.copied = at + original.len_utf8();
    }

    fn finish(self) -> Cow<'t, str> {
        match self.out {
            Some(mut out) => {
                out.push_str(&self.text[self.copied..]);
                Cow::Owned(out)
            }
            None => Cow::Borrowed(self.text),
        }
    }
}

/// For each byte of a text of `len` bytes, whether it lies in a protected segment; `None`
/// when no segment is (the common case: no user dictionary).
fn protected_bytes(segments: &[Segment], len: usize) -> Option<Vec<bool>> {
    if !segments.iter().any(|segment| segment.protected) {
        return None;
    }
    let mut protected = vec![false; len];
    let mut start = 0;
    for segment in segments {
        if segment.protected {
            protected[start..segment.end].fill(true);
        }
        start = segment.end;
    }
    Some(protected)
}
