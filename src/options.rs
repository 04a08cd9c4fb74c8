//! What a [`Cleaner`](crate::Cleaner) does: which stages run, the target script, a forced
//! encoding and how much of each edit is recorded.

use crate::boilerplate::BoilerplateRules;
use crate::report::{RecordLevel, Stage};
use crate::script::{ScriptCounts, ScriptDictionary};
use encoding_rs::Encoding;
use std::fmt;
use std::sync::Arc;

/// A set of pipeline stages. The stages always run in the fixed order of [`Stage::ALL`],
/// whatever order a list names them in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StageSet(u8);

impl StageSet {
    /// All seven stages: the default pipeline.
    pub const ALL: StageSet = StageSet(0b111_1111);
    /// No stage at all.
    pub const NONE: StageSet = StageSet(0);

    fn bit(stage: Stage) -> u8 {
        1 << (stage as u8)
    }

    /// Whether `stage` is in the set.
    pub fn contains(self, stage: Stage) -> bool {
        self.0 & StageSet::bit(stage) != 0
    }

    /// The set with `stage` added.
    #[must_use]
    pub fn with(self, stage: Stage) -> StageSet {
        StageSet(self.0 | StageSet::bit(stage))
    }

    /// The set with `stage` removed.
    #[must_use]
    pub fn without(self, stage: Stage) -> StageSet {
        StageSet(self.0 & !StageSet::bit(stage))
    }

    /// Parses a comma-separated list of stage names such as `decode,normalize`.
    ///
    /// ```
    /// use hanfix::{Stage, StageSet};
    /// let set = StageSet::parse_list("normalize, decode").unwrap();
    /// assert!(set.contains(Stage::Decode) && set.contains(Stage::Normalize));
    /// assert!(!set.contains(Stage::Punct));
    /// assert!(StageSet::parse_list("decode,spelling").is_err());
    /// ```
    pub fn parse_list(list: &str) -> Result<StageSet, UnknownStage> {
        list.split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .try_fold(StageSet::NONE, |set, name| {
                Stage::from_name(name)
                    .map(|stage| set.with(stage))
                    .ok_or_else(|| UnknownStage(name.to_owned()))
            })
    }

    /// The stages in the set, in pipeline order.
    pub fn iter(self) -> impl Iterator<Item = Stage> {
        Stage::ALL
            .into_iter()
            .filter(move |stage| self.contains(*stage))
    }
}

impl Default for StageSet {
    fn default() -> StageSet {
        StageSet::ALL
    }
}

/// A stage name that is not one of the seven.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown step '{0}': the steps are decode, mojibake, layout, script, boilerplate, punct, normalize"
)]
pub struct UnknownStage(pub String);

/// The script Chinese text is unified to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ScriptTarget {
    /// Simplified Chinese (the default).
    #[default]
    Hans,
    /// Traditional Chinese, OpenCC's standard.
    Hant,
    /// Traditional Chinese with Taiwan's standard character forms.
    Tw,
    /// Traditional Chinese with Hong Kong's standard character forms.
    Hk,
    /// Whatever script most of the document is in.
    Auto,
    /// No conversion.
    Keep,
}

impl ScriptTarget {
    /// Every target with its command-line name.
    pub const NAMES: [(&'static str, ScriptTarget); 6] = [
        ("hans", ScriptTarget::Hans),
        ("hant", ScriptTarget::Hant),
        ("tw", ScriptTarget::Tw),
        ("hk", ScriptTarget::Hk),
        ("auto", ScriptTarget::Auto),
        ("keep", ScriptTarget::Keep),
    ];

    /// The target's command-line name.
    pub fn name(self) -> &'static str {
        ScriptTarget::NAMES
            .iter()
            .find(|(_, target)| *target == self)
            .map(|(name, _)| *name)
            .expect("every target has a name")
    }
}

impl fmt::Display for ScriptTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Settings for a [`Cleaner`](crate::Cleaner). Build them with [`Options::builder`].
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub(crate) stages: StageSet,
    pub(crate) script: ScriptTarget,
    pub(crate) script_dictionary: Option<Arc<ScriptDictionary>>,
    pub(crate) script_counts: Option<ScriptCounts>,
    pub(crate) boilerplate_rules: Option<Arc<BoilerplateRules>>,
    pub(crate) encoding: Option<&'static Encoding>,
    pub(crate) record: RecordLevel,
}

impl Options {
    /// A builder that starts from the defaults: every stage, simplified Chinese, detected
    /// encoding, nothing recorded.
    ///
    /// ```
    /// use hanfix::{Options, RecordLevel, Stage, StageSet};
    /// let options = Options::builder()
    ///     .stages(StageSet::ALL.without(Stage::Punct))
    ///     .encoding(Some(encoding_rs::GBK))
    ///     .record(RecordLevel::Full)
    ///     .build();
    /// assert!(!options.stages().contains(Stage::Punct));
    /// ```
    pub fn builder() -> OptionsBuilder {
        OptionsBuilder(Options::default())
    }

    /// The stages that run.
    pub fn stages(&self) -> StageSet {
        self.stages
    }

    /// The target script.
    pub fn script(&self) -> ScriptTarget {
        self.script
    }

    /// The user's dictionary for script conversion, if any.
    pub fn script_dictionary(&self) -> Option<&ScriptDictionary> {
        self.script_dictionary.as_deref()
    }

    /// The script evidence every document is judged by, if fixed.
    pub fn script_counts(&self) -> Option<ScriptCounts> {
        self.script_counts
    }

    /// The rules the boilerplate stage removes lines by: the user's set, or the built-in one.
    pub fn boilerplate_rules(&self) -> &BoilerplateRules {
        self.boilerplate_rules
            .as_deref()
            .unwrap_or_else(|| BoilerplateRules::builtin())
    }

    /// The forced input encoding, if any.
    pub fn encoding(&self) -> Option<&'static Encoding> {
        self.encoding
    }

    /// How much of each edit is recorded.
    pub fn record(&self) -> RecordLevel {
        self.record
    }
}

/// Builds [`Options`].
#[derive(Clone, Debug)]
pub struct OptionsBuilder(Options);

impl OptionsBuilder {
    /// The stages to run (default: all).
    pub fn stages(mut self, stages: StageSet) -> Self {
        self.0.stages = stages;
        self
    }

    /// The script to unify Chinese text to (default: simplified).
    pub fn script(mut self, script: ScriptTarget) -> Self {
        self.0.script = script;
        self
    }

    /// Terms script conversion leaves alone and phrases it writes the user's way (default:
    /// none).
    pub fn script_dictionary(mut self, dictionary: Option<Arc<ScriptDictionary>>) -> Self {
        self.0.script_dictionary = dictionary;
        self
    }

    /// Judge the script of every document by these counts instead of its own characters
    /// (default: its own). The pieces of one large input, cleaned apart, are converted
    /// alike when they share the counts of the input (or of its first megabytes).
    pub fn script_counts(mut self, counts: Option<ScriptCounts>) -> Self {
        self.0.script_counts = counts;
        self
    }

    /// The boilerplate stage's rules: the built-in ones and the user's (see
    /// [`BoilerplateRules::with_user_rules`]); `None` (the default) for the built-in ones.
    pub fn boilerplate_rules(mut self, rules: Option<Arc<BoilerplateRules>>) -> Self {
        self.0.boilerplate_rules = rules;
        self
    }

    /// Decode every input with this encoding instead of detecting it (default: detect).
    pub fn encoding(mut self, encoding: Option<&'static Encoding>) -> Self {
        self.0.encoding = encoding;
        self
    }

    /// How much of each edit to keep (default: nothing).
    pub fn record(mut self, record: RecordLevel) -> Self {
        self.0.record = record;
        self
    }

    /// The finished options.
    pub fn build(self) -> Options {
        self.0
    }
}
