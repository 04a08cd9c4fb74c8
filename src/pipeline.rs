//! The fixed stage order, as straight-line code, and the per-document [`Report`].

use crate::boilerplate::BoilerplateStage;
use crate::decode::{self, DecodeError, DecodePlan, Decoding};
use crate::layout::Layout;
use crate::mojibake::Mojibake;
use crate::normalize::{Ending, Normalizer};
use crate::options::Options;
use crate::punct::Punct;
use crate::report::{Change, Changes, RuleCounts, Stage};
use crate::script::{ScriptCounts, ScriptReport, ScriptStage};
use serde::Serialize;
use std::borrow::Cow;

/// A text-to-text stage. Unchanged text is returned borrowed, never copied; every edit is
/// recorded in `log` at its running position (see [`Change`]).
pub(crate) trait TextStage {
    fn apply<'t>(&self, text: &'t str, log: &mut Changes) -> Cow<'t, str>;
}

/// What the pipeline did to one document.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    /// How the bytes were decoded; `None` when the input was already text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decoding: Option<Decoding>,
    changes: Vec<Change>,
    #[serde(skip)]
    counts: RuleCounts,
    #[serde(skip_serializing_if = "is_zero")]
    lost_characters: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    script: Option<ScriptReport>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Report {
    /// Every edit, in the order made (empty unless [`RecordLevel::Full`](crate::RecordLevel)).
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// Edits per rule (empty when recording is [`RecordLevel::Off`](crate::RecordLevel)).
    pub fn counts(&self) -> &RuleCounts {
        &self.counts
    }

    /// Characters that mojibake repair found lost (the bytes were gone before the text
    /// reached hanfix) and wrote as U+FFFD. Counted at every record level.
    pub fn lost_characters(&self) -> u64 {
        self.lost_characters
    }

    /// What the script stage found and did: `None` when it did not run (or with `keep`).
    pub fn script(&self) -> Option<&ScriptReport> {
        self.script.as_ref()
    }
}

/// A cleaned document: its text, borrowed from the input when nothing changed, and its
/// report.
#[derive(Clone, Debug)]
pub struct Cleaned<'a> {
    /// The cleaned text.
    pub text: Cow<'a, str>,
    /// What was done to it.
    pub report: Report,
    changed: bool,
}

impl Cleaned<'_> {
    /// Whether a text stage changed the text (decoding from another encoding alone does not
    /// count).
    pub fn is_changed(&self) -> bool {
        self.changed
    }
}

/// Where a piece of an input starts. A large input is cut into pieces that are cleaned
/// separately; each cut is made just after a line that is not blank.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PieceStart {
    /// The piece is a whole input, or its first piece.
    #[default]
    InputStart,
    /// The piece continues an input right after a non-blank line. Its leading blank lines
    /// collapse to one, as they would inside the whole text, instead of being removed.
    AfterLine,
}

/// Whether a large text may be cut into pieces just after `line` (a line without its
/// `\n`): pieces cut there and cleaned with [`PieceStart`] join up to the whole text
/// cleaned. The line must keep a letter or digit after its last line break: a lone CR is a
/// line break of its own for normalize, the CR of a CRLF is not.
///
/// ```
/// assert!(hanfix::may_cut_after("第一段\r"));
/// assert!(!hanfix::may_cut_after("第一段\r  "));
/// assert!(!hanfix::may_cut_after("\u{3000}\u{200b}"));
/// ```
pub fn may_cut_after(line: &str) -> bool {
    let line = line.strip_suffix('\r').unwrap_or(line);
    line.rsplit('\r')
        .next()
        .is_some_and(|last| last.chars().any(char::is_alphanumeric))
}

/// Cleans documents with one set of [`Options`]. Cheap to share between threads.
///
/// ```
/// use hanfix::{Cleaner, Options};
/// let cleaner = Cleaner::new(Options::default());
/// let cleaned = cleaner.clean_bytes(b"\xef\xbb\xbfline one  \r\nline two").unwrap();
/// assert_eq!(cleaned.text, "line one\nline two\n");
/// assert_eq!(cleaned.report.decoding.unwrap().encoding, "UTF-8");
/// ```
#[derive(Clone, Debug, Default)]
pub struct Cleaner {
    options: Options,
}

impl Cleaner {
    /// A cleaner with these options.
    pub fn new(options: Options) -> Cleaner {
        Cleaner { options }
    }

    /// The options it cleans with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The same cleaner, judging the script of every document by `counts` (see
    /// [`OptionsBuilder::script_counts`](crate::OptionsBuilder::script_counts)).
    ///
    /// ```
    /// use hanfix::{Cleaner, ScriptCounts};
    /// let whole = "這個發展很快，那個們也是。\n这一行是简体。\n";
    /// let cleaner = Cleaner::default().with_script_counts(ScriptCounts::of(whole));
    /// let (first, rest) = whole.split_at(whole.find('\n').unwrap() + 1);
    /// let pieces = format!("{}{}", cleaner.clean_str(first).text, cleaner.clean_str(rest).text);
    /// assert_eq!(pieces, cleaner.clean_str(whole).text);
    /// ```
    pub fn with_script_counts(&self, counts: ScriptCounts) -> Cleaner {
        let mut options = self.options.clone();
        options.script_counts = Some(counts);
        Cleaner { options }
    }

    /// Works out from the first bytes of an input how to decode it and its later pieces; it
    /// looks at no more than [`PLAN_PREFIX_LEN`](crate::PLAN_PREFIX_LEN) of them, so the
    /// whole input may be passed. See [`DecodePlan`].
    pub fn decode_plan(&self, prefix: &[u8]) -> Result<DecodePlan, DecodeError> {
        if self.options.stages.contains(Stage::Decode) {
            DecodePlan::detect(prefix, self.options.encoding)
        } else {
            Ok(DecodePlan::utf8_only())
        }
    }

    /// Decodes and cleans a whole document given as bytes.
    pub fn clean_bytes<'a>(&self, bytes: &'a [u8]) -> Result<Cleaned<'a>, DecodeError> {
        let plan = self.decode_plan(bytes)?;
        self.clean_bytes_with(bytes, &plan, PieceStart::InputStart)
    }

    /// Decodes and cleans one document, or one piece of a larger input cut just after a
    /// non-blank line, with a plan made from the input's first bytes.
    ///
    /// ```
    /// use hanfix::{Cleaner, PieceStart};
    /// let input = "一\n\n\n二\n".as_bytes();
    /// let cleaner = Cleaner::default();
    /// let plan = cleaner.decode_plan(input).unwrap();
    /// let (first, rest) = input.split_at(4); // just after "一\n"
    /// let first = cleaner.clean_bytes_with(first, &plan, PieceStart::InputStart).unwrap();
    /// let rest = cleaner.clean_bytes_with(rest, &plan, PieceStart::AfterLine).unwrap();
    /// assert_eq!(format!("{}{}", first.text, rest.text), "一\n\n二\n");
    /// ```
    pub fn clean_bytes_with<'a>(
        &self,
        bytes: &'a [u8],
        plan: &DecodePlan,
        start: PieceStart,
    ) -> Result<Cleaned<'a>, DecodeError> {
        let (text, decoding) = decode::decode(bytes, plan, start)?;
        let mut cleaned = self.clean_text(text, Ending::Newline, start);
        cleaned.report.decoding = Some(decoding);
        Ok(cleaned)
    }

    /// Decodes bytes into text with a plan (the decode stage alone), for callers that parse
    /// the text before cleaning parts of it, such as JSON Lines.
    pub fn decode<'a>(
        &self,
        bytes: &'a [u8],
        plan: &DecodePlan,
        start: PieceStart,
    ) -> Result<(Cow<'a, str>, Decoding), DecodeError> {
        decode::decode(bytes, plan, start)
    }

    /// Cleans a whole document that is already text. With normalization on, a non-empty
    /// result ends with exactly one newline.
    pub fn clean_str<'a>(&self, text: &'a str) -> Cleaned<'a> {
        self.clean_text(Cow::Borrowed(text), Ending::Newline, PieceStart::InputStart)
    }

    /// Cleans one text field of a record (a JSON Lines field): like [`Cleaner::clean_str`]
    /// but a field gets no final newline and loses trailing ones.
    pub fn clean_field<'a>(&self, text: &'a str) -> Cleaned<'a> {
        self.clean_text(Cow::Borrowed(text), Ending::None, PieceStart::InputStart)
    }

    /// The text stages, in their fixed order.
    fn clean_text<'a>(&self, text: Cow<'a, str>, ending: Ending, start: PieceStart) -> Cleaned<'a> {
        let mut log = Changes::new(self.options.record);
        let mut text = text;
        let mut changed = false;
        let stages = self.options.stages;
        // Whether this round repairs mojibake: the first always, a later one when the
        // round before may have left some.
        let mut repair = stages.contains(Stage::Mojibake);
        // Whether normalizing changed the text inside its lines in the round before (a lone
        // CR became a line break): the line stages look at the new lines.
        let mut reshaped = false;
        for round in 1..=MAX_ROUNDS {
            let mut repaired = false;
            if repair {
                (text, repaired) = run_stage(&Mojibake, Stage::Mojibake, text, &mut log);
                changed |= repaired;
            }
            // Layout runs every round: it changes nothing it has already cleaned, and a
            // later round's text may hold residue that normalizing or a repair brought
            // together (`&am\u{200b}p;`).
            let mut laid_out = false;
            if stages.contains(Stage::Layout) {
                (text, laid_out) = run_stage(&Layout, Stage::Layout, text, &mut log);
                changed |= laid_out;
            }
            // A stage between mojibake repair and normalization that changes text may make
            // mojibake out of it (a character converted beside a stray byte's character).
            // Script conversion runs again in a later round only when mojibake repair changed
            // the text in it: converting twice is not converting once (t2s makes 薴 苧, and
            // 苧 苎).
            let mut converted = false;
            if stages.contains(Stage::Script) && (round == 1 || repaired) {
                let script = ScriptStage {
                    target: self.options.script,
                    dictionary: self.options.script_dictionary.as_deref(),
                    counts: self.options.script_counts,
                };
                let stage_changed;
                (text, stage_changed) = run_stage(&script, Stage::Script, text, &mut log);
                changed |= stage_changed;
                converted = stage_changed;
            }
            // Boilerplate removal runs again only on text that mojibake repair changed, or
            // whose lines normalizing changed.
            if stages.contains(Stage::Boilerplate) && (round == 1 || repaired || reshaped) {
                let boilerplate = BoilerplateStage {
                    rules: self.options.boilerplate_rules(),
                };
                let removed;
                (text, removed) = run_stage(&boilerplate, Stage::Boilerplate, text, &mut log);
                changed |= removed;
            }
            // Punctuation follows the text it sits in: again whenever mojibake repair or the
            // layout stage changed it.
            let mut punctuated = false;
            if stages.contains(Stage::Punct) && (round == 1 || repaired || laid_out || reshaped) {
                (text, punctuated) = run_stage(&Punct, Stage::Punct, text, &mut log);
                changed |= punctuated;
            }
            let mut changed_inside_lines = false;
            if stages.contains(Stage::Normalize) {
                let normalizer = Normalizer::new(ending, start);
                let normalized;
                (text, normalized) = run_stage(&normalizer, Stage::Normalize, text, &mut log);
                changed |= normalized;
                changed_inside_lines = normalized && normalizer.changed_inside_lines();
            }
            // Normalizing removes characters (controls, zero-width ones) that may have kept
            // pieces of mojibake or residue apart, and a resolved character reference may be
            // mojibake: look again, so that cleaning stays idempotent.
            let mojibake_again = stages.contains(Stage::Mojibake)
                && (changed_inside_lines || converted || laid_out || punctuated)
                && crate::mojibake::may_hold_mojibake(&text);
            let layout_again = stages.contains(Stage::Layout) && changed_inside_lines;
            if round == MAX_ROUNDS || !(mojibake_again || layout_again) {
                break;
            }
            repair = mojibake_again;
            reshaped = changed_inside_lines;
        }
        let parts = log.into_parts();
        Cleaned {
            text,
            report: Report {
                decoding: None,
                changes: parts.changes,
                counts: parts.counts,
                lost_characters: parts.lost,
                script: parts.script,
            },
            changed,
        }
    }
}

/// How many times at most mojibake repair and normalization run on a document, each time
/// because normalizing changed text that may hold mojibake.
const MAX_ROUNDS: usize = 3;

/// Runs one stage on text that may already be owned, keeping it as it is (borrowed or
/// owned, never copied) when the stage changes nothing; says whether it changed anything.
fn run_stage<'a>(
    stage: &impl TextStage,
    which: Stage,
    text: Cow<'a, str>,
    log: &mut Changes,
) -> (Cow<'a, str>, bool) {
    log.enter(which);
    match text {
        Cow::Borrowed(text) => match stage.apply(text, log) {
            Cow::Borrowed(same) => (Cow::Borrowed(same), false),
            Cow::Owned(new) => (Cow::Owned(new), true),
        },
        Cow::Owned(text) => match stage.apply(&text, log) {
            Cow::Owned(new) => (Cow::Owned(new), true),
            Cow::Borrowed(_) => (Cow::Owned(text), false),
        },
    }
}
