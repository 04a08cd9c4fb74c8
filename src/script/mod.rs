//! Traditional and simplified Chinese: OpenCC's conversions, exactly as its configuration
//! files define them, and the `script` stage that unifies a document to one script.
//!
//! The conversions are OpenCC's algorithm (greedy longest match over phrase dictionaries,
//! then characters) on OpenCC's own dictionaries (`data/opencc`, Apache-2.0). No crate
//! implements it with OpenCC's one-to-many characters (发 → 發/髮, 后 → 後/后 decided by
//! phrases) under a permissive licence, so the converter is our own, thin, over
//! [`daachorse`]'s automata.

mod conversion;
mod detect;
mod leftovers;
mod user_dict;
// build.rs compiles the dictionaries into automata; the library reads only what it wrote,
// and includes the module for its tests.
#[cfg(test)]
mod dictionary;

use crate::options::ScriptTarget;
use crate::pipeline::TextStage;
use crate::report::{Changes, RecordLevel};
use conversion::{compiled_table, Config, Segment, Step, Table};
use detect::{Candidates, Chinese, Standard, MIN_EVIDENCE};
use leftovers::Leftovers;
use serde::Serialize;
use std::borrow::Cow;
use std::sync::OnceLock;

pub use detect::ScriptCounts;
pub use user_dict::{ScriptDictionary, ScriptDictionaryError};

/// OpenCC's conversions between scripts and regional standards, each as OpenCC's
/// configuration file of the same name defines it (without its vocabulary variants such as
/// `s2twp`).
///
/// ```
/// use hanfix::OpenccConfig;
/// assert_eq!(OpenccConfig::S2t.convert("头发和发展"), "頭髮和發展");
/// assert_eq!(OpenccConfig::T2s.convert("頭髮和發展"), "头发和发展");
/// assert_eq!(OpenccConfig::S2tw.convert("着装"), "著裝");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OpenccConfig {
    /// Simplified to traditional (OpenCC's standard forms).
    S2t,
    /// Traditional (OpenCC's standard forms) to simplified.
    T2s,
    /// Simplified to Taiwan's standard forms.
    S2tw,
    /// Taiwan's standard forms to simplified.
    Tw2s,
    /// Simplified to Hong Kong's standard forms.
    S2hk,
    /// Hong Kong's standard forms to simplified.
    Hk2s,
    /// OpenCC's traditional to Taiwan's standard forms.
    T2tw,
    /// Taiwan's standard forms to OpenCC's traditional.
    Tw2t,
    /// OpenCC's traditional to Hong Kong's standard forms.
    T2hk,
    /// Hong Kong's standard forms to OpenCC's traditional.
    Hk2t,
}

impl OpenccConfig {
    /// Every configuration.
    pub const ALL: [OpenccConfig; 10] = [
        OpenccConfig::S2t,
        OpenccConfig::T2s,
        OpenccConfig::S2tw,
        OpenccConfig::Tw2s,
        OpenccConfig::S2hk,
        OpenccConfig::Hk2s,
        OpenccConfig::T2tw,
        OpenccConfig::Tw2t,
        OpenccConfig::T2hk,
        OpenccConfig::Hk2t,
    ];

    /// OpenCC's name for it: `s2t`, `tw2s`…
    pub fn name(self) -> &'static str {
        match self {
            OpenccConfig::S2t => "s2t",
            OpenccConfig::T2s => "t2s",
            OpenccConfig::S2tw => "s2tw",
            OpenccConfig::Tw2s => "tw2s",
            OpenccConfig::S2hk => "s2hk",
            OpenccConfig::Hk2s => "hk2s",
            OpenccConfig::T2tw => "t2tw",
            OpenccConfig::Tw2t => "tw2t",
            OpenccConfig::T2hk => "t2hk",
            OpenccConfig::Hk2t => "hk2t",
        }
    }

    /// Looks a configuration up by its OpenCC name.
    pub fn from_name(name: &str) -> Option<OpenccConfig> {
        OpenccConfig::ALL
            .into_iter()
            .find(|config| config.name() == name)
    }

    /// Converts `text`; borrowed when nothing changes.
    pub fn convert(self, text: &str) -> Cow<'_, str> {
        convert(self.config(), text, &mut Changes::new(RecordLevel::Off))
    }

    /// The configuration's steps, built on first use.
    fn config(self) -> &'static Config {
        static CONFIGS: [OnceLock<Config>; 10] = [const { OnceLock::new() }; 10];
        CONFIGS[self as usize].get_or_init(|| self.build())
    }

    fn build(self) -> Config {
        use OpenccConfig::*;
        // OpenCC segments s2tw and s2hk with s2t's phrases, tw2s and hk2s with t2s's.
        let segmentation = match self {
            S2tw | S2hk => Some(StepKind::S2t.table()),
            Tw2s | Hk2s => Some(StepKind::T2s.table()),
            _ => None,
        };
        let steps = match self {
            S2t => vec![StepKind::S2t],
            T2s => vec![StepKind::T2s],
            S2tw => vec![StepKind::S2t, StepKind::T2tw],
            Tw2s => vec![StepKind::Tw2t, StepKind::T2s],
            S2hk => vec![StepKind::S2t, StepKind::T2hk],
            Hk2s => vec![StepKind::Hk2t, StepKind::T2s],
            T2tw => vec![StepKind::T2tw],
            Tw2t => vec![StepKind::Tw2t],
            T2hk => vec![StepKind::T2hk],
            Hk2t => vec![StepKind::Hk2t],
        };
        Config {
            segmentation,
            steps: steps.into_iter().map(StepKind::build).collect(),
        }
    }
}

/// The steps configurations are made of, each a dictionary group with its rule ids.
#[derive(Clone, Copy, Debug)]
enum StepKind {
    S2t,
    T2s,
    T2tw,
    Tw2t,
    T2hk,
    Hk2t,
}

impl StepKind {
    fn build(self) -> Step {
        let (phrase_rule, char_rule) = match self {
            StepKind::S2t => ("script/s2t-phrase", "script/s2t-char"),
            StepKind::T2s => ("script/t2s-phrase", "script/t2s-char"),
            StepKind::T2tw => ("script/t2tw-phrase", "script/t2tw-char"),
            StepKind::Tw2t => ("script/tw2t-phrase", "script/tw2t-char"),
            StepKind::T2hk => ("script/t2hk-phrase", "script/t2hk-char"),
            StepKind::Hk2t => ("script/hk2t-phrase", "script/hk2t-char"),
        };
        Step {
            table: self.table(),
            phrase_rule,
            char_rule,
        }
    }

    /// The step's table, loaded on first use and shared by every configuration.
    fn table(self) -> &'static Table {
        static TABLES: [OnceLock<Table>; 6] = [const { OnceLock::new() }; 6];
        TABLES[self as usize].get_or_init(|| match self {
            StepKind::S2t => compiled_table!("s2t"),
            StepKind::T2s => compiled_table!("t2s"),
            StepKind::T2tw => compiled_table!("t2tw"),
            StepKind::Tw2t => compiled_table!("tw2t"),
            StepKind::T2hk => compiled_table!("t2hk"),
            StepKind::Hk2t => compiled_table!("hk2t"),
        })
    }
}

/// OpenCC's normalization, which every configuration runs first: CJK compatibility
/// ideographs (`U+F900`–`U+FAFF`, `U+2F800`–`U+2FA1F`) to the unified ideographs they stand
/// for. Its table is loaded only for a text that holds one.
fn normalize<'t>(text: &'t str, log: &mut Changes) -> Cow<'t, str> {
    static NORMALIZATION: OnceLock<Config> = OnceLock::new();
    static TABLE: OnceLock<Table> = OnceLock::new();
    if !has_compatibility_ideograph(text) {
        return Cow::Borrowed(text);
    }
    let config = NORMALIZATION.get_or_init(|| Config {
        segmentation: None,
        steps: vec![Step {
            table: TABLE.get_or_init(|| compiled_table!("compat")),
            phrase_rule: "script/compat-ideograph",
            char_rule: "script/compat-ideograph",
        }],
    });
    config.convert(text, log)
}

/// Whether `text` holds a CJK compatibility ideograph: UTF-8 EF A4 80–EF AB BF, or
/// F0 AF A0 80–F0 AF A8 9F.
fn has_compatibility_ideograph(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(0xef, 0xf0, bytes).any(|at| match bytes[at] {
        0xef => bytes.get(at + 1).is_some_and(|b| (0xa4..=0xab).contains(b)),
        _ => {
            bytes.get(at + 1) == Some(&0xaf)
                && bytes.get(at + 2).is_some_and(|b| (0xa0..=0xa8).contains(b))
        }
    })
}

/// Runs OpenCC's normalization and then `config` on `text`, recording every edit.
fn convert<'t>(config: &Config, text: &'t str, log: &mut Changes) -> Cow<'t, str> {
    match normalize(text, log) {
        Cow::Borrowed(text) => config.convert(text, log),
        Cow::Owned(normalized) => Cow::Owned(config.convert(&normalized, log).into_owned()),
    }
}

/// What the script stage did with a document, for its report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ScriptReport {
    /// The document's one-script characters, as it came to the stage.
    #[serde(flatten)]
    pub counts: ScriptCounts,
    /// How it was converted.
    pub converted: ScriptConversion,
}

/// How the script stage converted a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ScriptConversion {
    /// Not at all: already in the target script, too few one-script characters to tell
    /// (fewer than five), or Japanese. (With `keep` the stage reports nothing.)
    None,
    /// All of it, to the target script.
    Whole,
    /// Only its minority script's characters, to the script most of it is in: the
    /// leftovers of a machine conversion.
    Minority,
}

impl ScriptConversion {
    /// Its name in reports: `none`, `whole` or `minority`.
    pub fn name(self) -> &'static str {
        match self {
            ScriptConversion::None => "none",
            ScriptConversion::Whole => "whole",
            ScriptConversion::Minority => "minority",
        }
    }
}

/// The `script` stage: unifies a document to one script.
pub(crate) struct ScriptStage<'o> {
    pub(crate) target: ScriptTarget,
    pub(crate) dictionary: Option<&'o ScriptDictionary>,
    /// The evidence to judge by instead of the text's own characters.
    pub(crate) counts: Option<ScriptCounts>,
}

/// How a document is converted, when it is.
enum Conversion {
    /// The whole document, with a configuration.
    Whole(&'static Config),
    /// Only the leftovers of the minority script (see [`leftovers`]).
    Minority(Leftovers<'static>),
}

impl ScriptStage<'_> {
    /// How to convert a document with these counts; `None` leaves it alone. Tables load
    /// only for the conversion chosen.
    fn plan(&self, counts: ScriptCounts) -> Option<Conversion> {
        use ScriptTarget::*;
        if self.target == Keep || counts.total() < MIN_EVIDENCE || counts.is_japanese() {
            return None;
        }
        let to_traditional = match self.target {
            Tw => OpenccConfig::S2tw,
            Hk => OpenccConfig::S2hk,
            Auto => match counts.standard() {
                Some(Standard::Taiwan) => OpenccConfig::S2tw,
                Some(Standard::HongKong) => OpenccConfig::S2hk,
                _ => OpenccConfig::S2t,
            },
            _ => OpenccConfig::S2t,
        };
        match self.target {
            Hans if counts.traditional >= counts.simplified => {
                Some(Conversion::Whole(OpenccConfig::T2s.config()))
            }
            Hant | Tw | Hk if counts.simplified > counts.traditional => {
                Some(Conversion::Whole(to_traditional.config()))
            }
            Auto if counts.simplified == counts.traditional => None,
            Hans | Auto if counts.simplified > counts.traditional => {
                leftovers(counts, Chinese::Simplified, OpenccConfig::T2s)
            }
            _ => leftovers(counts, Chinese::Traditional, to_traditional),
        }
    }
}

/// The conversion of a document's leftovers toward `majority`, converting back with
/// `back`; `None` when the minority script's characters are too few to be leftovers.
fn leftovers(counts: ScriptCounts, majority: Chinese, back: OpenccConfig) -> Option<Conversion> {
    let (minority, there, rule) = match majority {
        Chinese::Simplified => (counts.traditional, OpenccConfig::S2t, "script/t2s-leftover"),
        Chinese::Traditional => (counts.simplified, OpenccConfig::T2s, "script/s2t-leftover"),
    };
    if !are_leftovers(minority, counts) {
        return None;
    }
    let candidates = if minority < SURE_LEFTOVERS {
        Candidates::other_script_only(majority)
    } else if back == OpenccConfig::S2t && counts.standard() == Some(Standard::OpenCC) {
        // A document in OpenCC's own standard was most likely converted by OpenCC: its
        // phrases decided what its leftovers should be everywhere else. Taiwan's and Hong
        // Kong's standards differ from OpenCC's phrases.
        Candidates::in_phrases()
    } else {
        Candidates::by_default(majority)
    };
    // Characters both scripts write that traditional text seldom writes itself (于, 据) are
    // leftovers in a mixture whatever the evidence, inside a word (see `leftovers`).
    let candidates = match majority {
        Chinese::Traditional => candidates.or_seldom_written(),
        Chinese::Simplified => candidates,
    };
    Some(Conversion::Minority(Leftovers {
        there: there.config(),
        back: back.config(),
        candidates,
        rule,
    }))
}

/// Whether `minority` characters that only the document's minority script writes can be
/// taken for a machine conversion's leftovers: at least one, and at least one in
/// [`LEFTOVER_SHARE`] of the document's one-script characters (a stray one in a long
/// document is more likely the writer's own).
fn are_leftovers(minority: u64, counts: ScriptCounts) -> bool {
    minority > 0 && minority * LEFTOVER_SHARE >= counts.total()
}

const LEFTOVER_SHARE: u64 = 1000;

/// From this many leftovers that only the minority script writes, a document is taken for a
/// machine conversion, and characters both scripts write are converted too where the round
/// trip says so (后 in 之后); with fewer, only the one-script ones are, and toward
/// traditional those that traditional text seldom writes itself, inside a word (据 in
/// 數据). Classical and Taiwanese text writes a stray 并 or 内 of its own; converting more
/// there would rewrite 辟, 余, 游 that it writes rightly.
const SURE_LEFTOVERS: u64 = 2;

impl TextStage for ScriptStage<'_> {
    fn apply<'t>(&self, text: &'t str, log: &mut Changes) -> Cow<'t, str> {
        if self.target == ScriptTarget::Keep {
            return Cow::Borrowed(text);
        }
        let counts = self.counts.unwrap_or_else(|| ScriptCounts::of(text));
        let plan = self.plan(counts);
        log.note_script(ScriptReport {
            counts,
            converted: match plan {
                None => ScriptConversion::None,
                Some(Conversion::Whole(_)) => ScriptConversion::Whole,
                Some(Conversion::Minority(_)) => ScriptConversion::Minority,
            },
        });
        let Some(conversion) = plan else {
            return Cow::Borrowed(text);
        };
        match normalize(text, log) {
            Cow::Borrowed(text) => self.convert(&conversion, text, log),
            Cow::Owned(text) => Cow::Owned(self.convert(&conversion, &text, log).into_owned()),
        }
    }
}

impl ScriptStage<'_> {
    /// Writes the user's terms, then converts the text between them.
    fn convert<'t>(
        &self,
        conversion: &Conversion,
        text: &'t str,
        log: &mut Changes,
    ) -> Cow<'t, str> {
        let Some(dictionary) = self.dictionary else {
            let whole = [Segment {
                end: text.len(),
                protected: false,
            }];
            return conversion.convert(text, &whole, log);
        };
        match dictionary.apply(text, log) {
            (Cow::Borrowed(text), segments) => conversion.convert(text, &segments, log),
            (Cow::Owned(text), segments) => {
                Cow::Owned(conversion.convert(&text, &segments, log).into_owned())
            }
        }
    }
}

impl Conversion {
    /// Converts the unprotected segments of `text`.
    fn convert<'t>(&self, text: &'t str, segments: &[Segment], log: &mut Changes) -> Cow<'t, str> {
        match self {
            Conversion::Whole(config) => config.convert_segments(text, segments, log),
            Conversion::Minority(leftovers) => leftovers.convert(text, segments, log),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(target: ScriptTarget, text: &str) -> (String, Option<ScriptReport>) {
        let mut log = Changes::new(RecordLevel::Full);
        log.enter(crate::Stage::Script);
        let stage = ScriptStage {
            target,
            dictionary: None,
            counts: None,
        };
        let out = stage.apply(text, &mut log).into_owned();
        (out, log.into_parts().script)
    }

    const TRADITIONAL: &str =
        "人人生而自由，在尊嚴和權利上一律平等。他們賦有理性和良心，並應以兄弟關係的精神相對待。";
    const SIMPLIFIED: &str =
        "人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，并应以兄弟关系的精神相对待。";

    #[test]
    fn a_document_in_the_other_script_is_converted_whole() {
        let (out, report) = stage(ScriptTarget::Hans, TRADITIONAL);
        assert_eq!(out, SIMPLIFIED);
        assert_eq!(report.unwrap().converted, ScriptConversion::Whole);
        assert_eq!(stage(ScriptTarget::Hant, SIMPLIFIED).0, TRADITIONAL);
    }

    #[test]
    fn a_document_in_the_target_script_is_left_alone() {
        for (target, text) in [
            (ScriptTarget::Hans, SIMPLIFIED),
            (ScriptTarget::Hant, TRADITIONAL),
            (ScriptTarget::Auto, SIMPLIFIED),
            (ScriptTarget::Auto, TRADITIONAL),
            (ScriptTarget::Keep, TRADITIONAL),
        ] {
            let (out, _) = stage(target, text);
            assert_eq!(out, text, "{target}");
        }
    }

    #[test]
    fn too_little_evidence_or_japanese_is_left_alone() {
        // Two traditional-only characters: fewer than five.
        assert_eq!(stage(ScriptTarget::Hans, "這個").0, "這個");
        // Japanese writes traditional-only kanji (話, 語, 間) among its kana.
        let japanese = "日本語の会話を練習する時間がありません。話し言葉は難しいです。";
        let (out, report) = stage(ScriptTarget::Hans, japanese);
        assert_eq!(out, japanese);
        assert_eq!(report.unwrap().converted, ScriptConversion::None);
    }

    #[test]
    fn only_the_leftovers_of_a_mixed_document_change() {
        // The seed article's kind: traditional, with 并 and 这 (simplified only) and 于, 后
        // (written by both scripts) left over. Taiwan's 裡 stays.
        let text = "他們並不知道這些變化，并且發生于三年之后。这個問題裡面還有很多細節。";
        let (out, report) = stage(ScriptTarget::Auto, text);
        assert_eq!(
            out,
            "他們並不知道這些變化，並且發生於三年之後。這個問題裡面還有很多細節。"
        );
        assert_eq!(report.unwrap().converted, ScriptConversion::Minority);
        // One simplified-only character is not enough to touch those both scripts write:
        // classical text writes 并 of its own (萬物并育), and 余, 游 rightly.
        let classical = "萬物并育而不相害，道並行而不相悖。粵余承累聖，虔禱游靈境。";
        let (out, _) = stage(ScriptTarget::Auto, classical);
        assert_eq!(out, classical.replace('并', "並"));
    }

    #[test]
    fn a_leftover_that_traditional_text_seldom_writes_changes_inside_a_word() {
        // 这 proves a mixture; 于 and 据, which both scripts write, are leftovers as well:
        // traditional text writes 於 and 據 in 用於 and 數據.
        let text = "這些設定只用于轉換選中對象的數据，这個問題還有細節。";
        let (out, _) = stage(ScriptTarget::Auto, text);
        assert_eq!(out, "這些設定只用於轉換選中對象的數據，這個問題還有細節。");
    }

    #[test]
    fn the_users_terms_are_protected() {
        let dictionary = ScriptDictionary::parse("發展\n").unwrap();
        let stage = ScriptStage {
            target: ScriptTarget::Hans,
            dictionary: Some(&dictionary),
            counts: None,
        };
        let mut log = Changes::new(RecordLevel::Off);
        let out = stage.apply("經濟發展與環境保護的關係", &mut log);
        assert_eq!(out, "经济發展与环境保护的关系");
    }
}
