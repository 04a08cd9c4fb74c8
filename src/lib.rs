//! hanfix repairs scraped text: it decodes bytes in any encoding, undoes mojibake, unifies
//! traditional and simplified Chinese, strips boilerplate and layout residue, and writes
//! normalized UTF-8, recording every edit it makes.
//!
//! The pipeline runs seven stages in a fixed order (see [`Stage::ALL`]):
//! `decode → mojibake → layout → script → boilerplate → punct → normalize`.
//! Each stage borrows text it does not change, so clean input costs little more than a
//! scan.
//!
//! ```
//! use hanfix::{Cleaner, Options, RecordLevel};
//!
//! let cleaner = Cleaner::new(Options::builder().record(RecordLevel::Full).build());
//! // "中文" in GBK, with Windows line endings.
//! let cleaned = cleaner.clean_bytes(b"\xd6\xd0\xce\xc4\xd6\xd0\xce\xc4\xb5\xc4\xce\xc4\xd7\xd6\r\n").unwrap();
//! assert_eq!(cleaned.text, "中文中文的文字\n");
//! assert_eq!(cleaned.report.changes()[0].rule, "normalize/line-ending");
//! ```

mod boilerplate;
mod decode;
mod frequency;
mod han;
mod layout;
mod lines;
mod mojibake;
mod normalize;
mod options;
mod pipeline;
mod punct;
mod report;
mod script;

pub use boilerplate::{BoilerplateRules, BoilerplateRulesError};
pub use decode::{DecodeError, DecodePlan, Decoding, PLAN_PREFIX_LEN};
pub use options::{Options, OptionsBuilder, ScriptTarget, StageSet, UnknownStage};
pub use pipeline::{may_cut_after, Cleaned, Cleaner, PieceStart, Report};
pub use report::{replay, Change, RecordLevel, RuleCounts, Stage};
pub use script::{
    OpenccConfig, ScriptConversion, ScriptCounts, ScriptDictionary, ScriptDictionaryError,
    ScriptReport,
};
