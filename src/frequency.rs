//! Statistics of Chinese words from jieba's dictionary (`data/cjk-frequency`, MIT; see its
//! `PROVENANCE.md`), its words also converted to traditional characters with OpenCC's
//! dictionaries. The mojibake stage scores how plausible a text is with the character and
//! pair counts; the script stage tells a conversion's leftovers with the pairs and the
//! script shares.

/// Every character with its count: `char<TAB>count` lines after a header.
pub(crate) const CHARS_TSV: &str = include_str!("../data/cjk-frequency/chars.tsv");

/// Character pairs inside words with their counts: `pair<TAB>count` lines after a header.
pub(crate) const PAIRS_TSV: &str = include_str!("../data/cjk-frequency/pairs.tsv");

/// For each character that OpenCC's s2t, s2tw or s2hk changes in some word, how often each
/// converted vocabulary writes it and how often the conversion wrote another character for
/// it: `char<TAB>` and those two counts for s2t, s2tw and s2hk in turn, after a header.
pub(crate) const SCRIPT_SHARES_TSV: &str = include_str!("../data/cjk-frequency/script-shares.tsv");
