//! What the pipeline did to a document: its stages, the edits each made, and how they are
//! recorded.
//!
//! Every edit is a [`Change`] with a stable rule id (`normalize/line-ending`, never a line number),
//! the byte span it replaced in the text its stage received, and the text before and after.
//! Recording is opt-in through [`RecordLevel`]: with [`RecordLevel::Off`] a stage's call to
//! `Changes::record` returns at once and nothing is allocated.

use serde::Serialize;
use std::fmt;
use std::ops::Range;

/// The seven stages, in the fixed order in which the pipeline runs them.
///
/// The order is an invariant, not a setting: mojibake repair must see the text before any
/// later stage destroys its byte signatures, and boilerplate rules match text that layout,
/// script and punctuation have already unified.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Bytes to text: BOM, UTF-8, UTF-16, detection of legacy encodings.
    Decode,
    /// Text decoded with the wrong encoding at some earlier point, repaired.
    Mojibake,
    /// Residue of page layout: entities, stray tags, pinyin ruby, image stubs, table pipes.
    Layout,
    /// Traditional/simplified conversion and unification.
    Script,
    /// Follow prompts, share bars, disclaimers and other page furniture.
    Boilerplate,
    /// Punctuation in CJK context.
    Punct,
    /// NFC, line endings, control characters, invisible characters, whitespace.
    Normalize,
}

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; 7] = [
        Stage::Decode,
        Stage::Mojibake,
        Stage::Layout,
        Stage::Script,
        Stage::Boilerplate,
        Stage::Punct,
        Stage::Normalize,
    ];

    /// The stage's name as the command line and the reports spell it.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Decode => "decode",
            Stage::Mojibake => "mojibake",
            Stage::Layout => "layout",
            Stage::Script => "script",
            Stage::Boilerplate => "boilerplate",
            Stage::Punct => "punct",
            Stage::Normalize => "normalize",
        }
    }

    /// Looks a stage up by its name.
    ///
    /// ```
    /// use hanfix::Stage;
    /// assert_eq!(Stage::from_name("punct"), Some(Stage::Punct));
    /// assert_eq!(Stage::from_name("Punct"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|stage| stage.name() == name)
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One edit: the bytes `span` of the text, as the edits before it left it, became `after`.
///
/// Spans are in running coordinates: applying a document's changes one after another, each
/// at its span, turns the decoded text into the output (see [`replay`]). A stage that builds
/// its output left to right records each edit at the length of the output written so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The stage that made the edit.
    pub stage: Stage,
    /// A stable rule id, `stage/what`, such as `normalize/line-ending`.
    pub rule: &'static str,
    /// Byte offsets into the text as the previous edits left it.
    #[serde(serialize_with = "serialize_span")]
    pub span: Range<usize>,
    /// The text that was there.
    pub before: String,
    /// The text that replaced it (empty for a removal).
    pub after: String,
}

fn serialize_span<S: serde::Serializer>(span: &Range<usize>, s: S) -> Result<S::Ok, S::Error> {
    [span.start, span.end].serialize(s)
}

/// How much of each edit is kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum RecordLevel {
    /// Nothing: the fastest setting, for plain cleaning.
    #[default]
    Off,
    /// Only how many edits each rule made (for summaries).
    Counts,
    /// Every edit with its span and text (for audit logs and `--explain`).
    Full,
}

/// The edits of one document, collected as the stages make them.
#[derive(Clone, Debug, Default)]
pub(crate) struct Changes {
    level: RecordLevel,
    stage: Option<Stage>,
    list: Vec<Change>,
    counts: RuleCounts,
    lost: u64,
    script: Option<crate::script::ScriptReport>,
}

impl Changes {
    /// An empty collection that keeps what `level` asks for.
    pub(crate) fn new(level: RecordLevel) -> Changes {
        Changes {
            level,
            ..Changes::default()
        }
    }

    /// Sets the stage that following records belong to. The pipeline calls this.
    pub(crate) fn enter(&mut self, stage: Stage) {
        self.stage = Some(stage);
    }

    /// Records that `before`, found at byte `at` of the text as the previous edits left it,
    /// became `after` under `rule`.
    #[inline]
    pub(crate) fn record(&mut self, rule: &'static str, at: usize, before: &str, after: &str) {
        if self.level == RecordLevel::Off {
            return;
        }
        self.counts.add(rule, 1);
        if self.level == RecordLevel::Full {
            let stage = self
                .stage
                .expect("a stage records changes only inside the pipeline");
            self.list.push(Change {
                stage,
                rule,
                span: at..at + before.len(),
                before: before.to_owned(),
                after: after.to_owned(),
            });
        }
    }

    /// Counts, under `rule`, an edit a stage held back (at every level but
    /// [`RecordLevel::Off`]): the text is left as it was, so there is no [`Change`].
    pub(crate) fn flag(&mut self, rule: &'static str) {
        if self.level != RecordLevel::Off {
            self.counts.add(rule, 1);
        }
    }

    /// Counts characters a repair could not recover and wrote as U+FFFD. Counted at every
    /// record level: losses are reported even when edits are not.
    pub(crate) fn lose(&mut self, characters: u64) {
        self.lost += characters;
    }

    /// Keeps what the script stage found in the document as it first came to it: a later
    /// round sees the text it converted.
    pub(crate) fn note_script(&mut self, report: crate::script::ScriptReport) {
        self.script.get_or_insert(report);
    }

    pub(crate) fn into_parts(self) -> Parts {
        Parts {
            changes: self.list,
            counts: self.counts,
            lost: self.lost,
            script: self.script,
        }
    }
}

/// What a document's [`Changes`] hold at the end.
pub(crate) struct Parts {
    pub(crate) changes: Vec<Change>,
    pub(crate) counts: RuleCounts,
    pub(crate) lost: u64,
    pub(crate) script: Option<crate::script::ScriptReport>,
}

/// Edit counts per rule id, kept sorted by rule id so that summaries come out in a stable
/// order.
///
/// ```
/// use hanfix::{Cleaner, Options, RecordLevel};
/// let cleaner = Cleaner::new(Options::builder().record(RecordLevel::Counts).build());
/// let cleaned = cleaner.clean_str("a  \r\nb\r\n");
/// let counts = cleaned.report.counts();
/// assert_eq!(counts.get("normalize/line-ending"), 2);
/// assert_eq!(counts.total(), 3);
/// let rules: Vec<&str> = counts.iter().map(|(rule, _)| rule).collect();
/// assert_eq!(rules, ["normalize/line-ending", "normalize/trailing-space"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct RuleCounts(std::collections::BTreeMap<&'static str, u64>);

impl RuleCounts {
    /// Adds `n` edits to `rule`.
    pub fn add(&mut self, rule: &'static str, n: u64) {
        *self.0.entry(rule).or_insert(0) += n;
    }

    /// Adds every count of `other`.
    pub fn merge(&mut self, other: &RuleCounts) {
        for (rule, n) in &other.0 {
            self.add(rule, *n);
        }
    }

    /// The number of edits `rule` made.
    pub fn get(&self, rule: &str) -> u64 {
        self.0.get(rule).copied().unwrap_or(0)
    }

    /// All edits of all rules.
    pub fn total(&self) -> u64 {
        self.0.values().sum()
    }

    /// Rule ids with their counts, sorted by rule id.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, u64)> + '_ {
        self.0.iter().map(|(rule, n)| (*rule, *n))
    }
}

/// Applies the recorded edits of a document, one after another, to the text it started from
/// (the decoded text) and returns the text they produce. The pipeline's output must equal it;
/// the tests check this for every document.
///
/// # Panics
///
/// If a change's span does not hold its `before` text: the record does not belong to this
/// text.
///
/// ```
/// use hanfix::{Cleaner, Options, RecordLevel};
/// let cleaner = Cleaner::new(Options::builder().record(RecordLevel::Full).build());
/// let input = "一\r\n二  \r\n";
/// let cleaned = cleaner.clean_str(input);
/// assert_eq!(hanfix::replay(input, cleaned.report.changes()), cleaned.text);
/// ```
pub fn replay(decoded: &str, changes: &[Change]) -> String {
    let mut text = decoded.to_owned();
    for change in changes {
        assert_eq!(
            text.get(change.span.clone()),
            Some(change.before.as_str()),
            "change {change:?} does not match the text"
        );
        text.replace_range(change.span.clone(), &change.after);
    }
    text
}
