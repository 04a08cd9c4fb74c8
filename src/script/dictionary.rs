//! OpenCC's dictionaries (`data/opencc`, Apache-2.0), compiled in, and how a group of them
//! becomes one table.
//!
//! A dictionary file holds lines `key<TAB>value [value…]`; a conversion writes the first
//! value. OpenCC groups dictionaries two ways: a *short-circuit* group asks its members in
//! order and takes the first one that has any key starting at the position (phrases before
//! characters), a *union* group takes the longest key of any member (the earlier member on
//! a tie). Both become one table whose longest key at each position gives the same answer
//! (see [`Group::entries`]), so that one automaton serves the whole group.

use std::collections::HashSet;

/// One dictionary file of `data/opencc`.
macro_rules! opencc_file {
    ($name:literal) => {
        include_str!(concat!("../../data/opencc/", $name, ".txt"))
    };
}

pub(super) const COMPAT_IDEOGRAPHS: Group =
    Group::File(opencc_file!("CJK_Compatibility_Ideographs"));
const ST_CHARACTERS: Group = Group::File(opencc_file!("STCharacters"));
const ST_PHRASES: Group = Group::File(opencc_file!("STPhrases"));
const ST_REGIONAL_PHRASES: Group =
    Group::File(opencc_file!("STPhrases_GeneratedFromRegionalPhrases"));
const TS_CHARACTERS: Group = Group::File(opencc_file!("TSCharacters"));
const TS_CHARACTERS_EXT: Group = Group::File(opencc_file!("TSCharactersExt"));
pub(super) const TS_PHRASES: Group = Group::File(opencc_file!("TSPhrases"));
const TW_VARIANTS: Group = Group::File(opencc_file!("TWVariants"));
const TW_VARIANTS_PHRASES: Group = Group::File(opencc_file!("TWVariantsPhrases"));
const TW_VARIANTS_REV: Group = Group::File(opencc_file!("TWVariantsRev"));
const TW_VARIANTS_REV_PHRASES: Group = Group::File(opencc_file!("TWVariantsRevPhrases"));
const HK_VARIANTS: Group = Group::File(opencc_file!("HKVariants"));
const HK_VARIANTS_PHRASES: Group = Group::File(opencc_file!("HKVariantsPhrases"));
const HK_VARIANTS_REV: Group = Group::File(opencc_file!("HKVariantsRev"));
const HK_VARIANTS_REV_PHRASES: Group = Group::File(opencc_file!("HKVariantsRevPhrases"));

/// Simplified phrases, the segmentation dictionary of s2tw and s2hk.
pub(super) const ST_ALL_PHRASES: Group = Group::Union(&[ST_PHRASES, ST_REGIONAL_PHRASES]);
/// Simplified to traditional (OpenCC's s2t).
pub(super) const S2T: Group = Group::ShortCircuit(&[ST_ALL_PHRASES, ST_CHARACTERS]);
/// Traditional to simplified (OpenCC's t2s).
pub(super) const T2S: Group = Group::ShortCircuit(&[TS_PHRASES, TS_CHARACTERS_EXT, TS_CHARACTERS]);
/// OpenCC's traditional to Taiwan's standard forms, and back.
pub(super) const T2TW: Group = Group::ShortCircuit(&[TW_VARIANTS_PHRASES, TW_VARIANTS]);
pub(super) const TW2T: Group = Group::ShortCircuit(&[TW_VARIANTS_REV_PHRASES, TW_VARIANTS_REV]);
/// OpenCC's traditional to Hong Kong's standard forms, and back.
pub(super) const T2HK: Group = Group::ShortCircuit(&[HK_VARIANTS_PHRASES, HK_VARIANTS]);
pub(super) const HK2T: Group = Group::ShortCircuit(&[HK_VARIANTS_REV_PHRASES, HK_VARIANTS_REV]);

/// Every table the conversions use, by the name `build.rs` compiles it under.
pub(super) const TABLES: [(&str, Group); 9] = [
    ("compat", COMPAT_IDEOGRAPHS),
    ("s2t", S2T),
    ("t2s", T2S),
    ("t2tw", T2TW),
    ("tw2t", TW2T),
    ("t2hk", T2HK),
    ("hk2t", HK2T),
    ("st-phrases", ST_ALL_PHRASES),
    ("ts-phrases", TS_PHRASES),
];

/// Dictionaries as OpenCC's configurations group them.
#[derive(Clone, Copy, Debug)]
pub(super) enum Group {
    /// One file's text.
    File(&'static str),
    /// The first member with a key at the position decides.
    ShortCircuit(&'static [Group]),
    /// The longest key of any member decides; the earlier member on a tie.
    Union(&'static [Group]),
}

impl Group {
    /// The group as one table of `(key, value)`, in which the longest key at a position
    /// gives what the group gives there.
    ///
    /// A union keeps each key's first value. A short circuit does too, and also drops a later
    /// member's key that has a shorter key of an earlier member as a prefix: wherever the
    /// longer key matches, the shorter one matches as well, and the earlier member wins.
    pub(super) fn entries(self) -> Vec<(&'static str, &'static str)> {
        match self {
            Group::File(text) => parse(text).collect(),
            Group::Union(members) => {
                let mut seen = HashSet::new();
                members
                    .iter()
                    .flat_map(|member| member.entries())
                    .filter(|(key, _)| seen.insert(*key))
                    .collect()
            }
            Group::ShortCircuit(members) => {
                let mut merged: Vec<(&str, &str)> = Vec::new();
                let mut seen: HashSet<&str> = HashSet::new();
                for member in members {
                    let earlier = seen.clone();
                    for (key, value) in member.entries() {
                        let shadowed = proper_prefixes(key).any(|prefix| earlier.contains(prefix));
                        if !shadowed && seen.insert(key) {
                            merged.push((key, value));
                        }
                    }
                }
                merged
            }
        }
    }
}

/// The keys and first values of a dictionary file; comment lines start with `#`.
fn parse(text: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    text.lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let (key, values) = line.split_once('\t')?;
            let value = values.split(' ').next().filter(|value| !value.is_empty())?;
            Some((key, value))
        })
}

/// Every prefix of `key` that ends on a character boundary before its end.
fn proper_prefixes(key: &str) -> impl Iterator<Item = &str> {
    key.char_indices().skip(1).map(move |(at, _)| &key[..at])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_parses_into_entries() {
        for (_, group) in TABLES {
            assert!(group.entries().len() > 40, "{group:?}");
        }
        // 发 has two traditional forms: 發 (first, the default) and 髮.
        assert!(S2T.entries().contains(&("发", "發")));
    }

    #[test]
    fn a_short_circuit_keeps_the_earlier_member_and_drops_shadowed_keys() {
        const FIRST: Group = Group::File("甲\t一\n甲乙\t二\n");
        const SECOND: Group = Group::File("甲\t三\n甲乙丙\t四\n丁\t五 六\n");
        let entries = Group::ShortCircuit(&[FIRST, SECOND]).entries();
        assert_eq!(entries, [("甲", "一"), ("甲乙", "二"), ("丁", "五")]);
        let entries = Group::Union(&[FIRST, SECOND]).entries();
        assert_eq!(
            entries,
            [("甲", "一"), ("甲乙", "二"), ("甲乙丙", "四"), ("丁", "五")]
        );
    }
}
