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
const TS_PHRASES: Group = Group::File(opencc_file!("TSPhrases"));
const TW_VARIANTS: Group = Group::File(opencc_file!("TWVariants"));
const TW_VARIANTS_PHRASES: Group = Group::File(opencc_file!("TWVariantsPhrases"));
const TW_VARIANTS_REV: Group = Group::File(opencc_file!("TWVariantsRev"));
const TW_VARIANTS_REV_PHRASES: Group = Group::File(opencc_file!("TWVariantsRevPhrases"));
const HK_VARIANTS: Group = Group::File(opencc_file!("HKVariants"));
const HK_VARIANTS_PHRASES: Group = Group::File(opencc_file!("HKVariantsPhrases"));
const HK_VARIANTS_REV: Group = Group::File(opencc_file!("HKVariantsRev"));
const HK_VARIANTS_REV_PHRASES: Group = Group::File(opencc_file!("HKVariantsRevPhrases"));

/// Simplified phrases, and the segmentation dictionary of s2tw and s2hk.
const ST_ALL_PHRASES: Group = Group::Union(&[ST_PHRASES, ST_REGIONAL_PHRASES]);
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
pub(super) const TABLES: [(&str, Group); 7] = [
    ("compat", COMPAT_IDEOGRAPHS),
    ("s2t", S2T),
    ("t2s", T2S),
    ("t2tw", T2TW),
    ("tw2t", TW2T),
    ("t2hk", T2HK),
    ("hk2t", HK2T),
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

/// Character sets for detection and for finding a mixed document's leftovers, each sorted.
pub(super) struct CharacterSets {
    /// Simplified characters whose traditional forms all differ from them (这, 发, 们).
    pub(super) simplified_only: Vec<char>,
    /// Traditional characters whose simplified forms all differ from them (這, 發, 們).
    pub(super) traditional_only: Vec<char>,
    /// Characters that OpenCC's s2t changes by default, outside any phrase: the
    /// simplified-only ones and some that both scripts write (干, 后, 里, 据), but not those
    /// whose first traditional form is themselves (才, 了, 只), nor regional forms (群, 台).
    pub(super) to_traditional: Vec<char>,
    /// Characters that OpenCC's t2s changes by default, outside any phrase, regional forms
    /// left out.
    pub(super) to_simplified: Vec<char>,
    /// Characters that OpenCC's s2t changes by default or in some phrase (才 in 只有…才 is
    /// 纔, 了 in 了解 is 瞭), regional forms included.
    pub(super) to_traditional_in_phrases: Vec<char>,
    /// Taiwan's standard forms where OpenCC's standard writes another (裡, 為), but not
    /// those simplified Chinese writes too (群, 床), which a leftover could be.
    pub(super) taiwan_forms: Vec<char>,
    /// Hong Kong's standard forms where OpenCC's standard writes another (衞, 綫), but not
    /// those simplified Chinese writes too (户, 台).
    pub(super) hong_kong_forms: Vec<char>,
    /// OpenCC's standard forms where Taiwan's or Hong Kong's standard writes another (裏,
    /// 羣, 爲).
    pub(super) opencc_forms: Vec<char>,
}

/// The character sets of [`CharacterSets`]. One-script characters leave out characters
/// either script writes (干, 后, 面, 台), which are a form of themselves or a form of
/// another, and regional variants that Taiwan's or Hong Kong's standard writes (群/羣,
/// 峰/峯, 秘/祕): these count for neither script, and only a phrase changes them.
pub(super) fn character_sets() -> CharacterSets {
    let st = character_table(&[ST_CHARACTERS]);
    let ts = character_table(&[TS_CHARACTERS, TS_CHARACTERS_EXT]);
    let mut regional: HashSet<char> = HashSet::new();
    for group in [TW_VARIANTS, TW_VARIANTS_REV, HK_VARIANTS, HK_VARIANTS_REV] {
        for (key, values) in character_table(&[group]) {
            regional.insert(key);
            regional.extend(values);
        }
    }
    let sorted = |chars: &mut dyn Iterator<Item = char>| -> Vec<char> {
        let mut chars: Vec<char> = chars.collect();
        chars.sort_unstable();
        chars.dedup();
        chars
    };
    let only = |table: &[(char, Vec<char>)], other: &[(char, Vec<char>)]| -> Vec<char> {
        let mut excluded = regional.clone();
        excluded.extend(table.iter().flat_map(|(_, values)| values.iter().copied()));
        excluded.extend(other.iter().map(|(key, _)| *key));
        sorted(
            &mut table
                .iter()
                .filter(|(key, values)| !values.contains(key) && !excluded.contains(key))
                .map(|(key, _)| *key),
        )
    };
    // A character whose first value is itself is written as it is unless a phrase says
    // otherwise (才, 了, 只 in s2t): the other script writes it too.
    // Nor are regional forms that the other script writes too (Taiwan's 群 and 床, Hong
    // Kong's 户 and 台): a leftover or the region's own form, nothing tells.
    let changed_by_default = |table: &[(char, Vec<char>)]| -> Vec<char> {
        sorted(
            &mut table
                .iter()
                .filter(|(key, values)| values.first() != Some(key) && !regional.contains(key))
                .map(|(key, _)| *key),
        )
    };
    let taiwan = character_table(&[TW_VARIANTS]);
    let hong_kong = character_table(&[HK_VARIANTS]);
    let simplified: HashSet<char> = st.iter().map(|(key, _)| *key).collect();
    let forms = |table: &[(char, Vec<char>)]| -> Vec<char> {
        sorted(
            &mut table
                .iter()
                .flat_map(|(key, values)| values.iter().filter(move |value| *value != key))
                .copied()
                .filter(|form| !simplified.contains(form)),
        )
    };
    CharacterSets {
        simplified_only: only(&st, &ts),
        traditional_only: only(&ts, &st),
        to_traditional: changed_by_default(&st),
        to_simplified: changed_by_default(&ts),
        to_traditional_in_phrases: sorted(&mut st.iter().map(|(key, _)| *key)),
        taiwan_forms: forms(&taiwan),
        hong_kong_forms: forms(&hong_kong),
        opencc_forms: sorted(
            &mut taiwan
                .iter()
                .chain(&hong_kong)
                .filter(|(key, values)| values.iter().any(|value| value != key))
                .map(|(key, _)| *key),
        ),
    }
}

/// The single-character entries of `files` with all their values.
fn character_table(files: &[Group]) -> Vec<(char, Vec<char>)> {
    files
        .iter()
        .flat_map(|file| match file {
            Group::File(text) => text.lines(),
            _ => unreachable!("character tables are files"),
        })
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (key, values) = line.split_once('\t')?;
            let mut key_chars = key.chars();
            let (Some(key), None) = (key_chars.next(), key_chars.next()) else {
                return None;
            };
            let values = values.split(' ').filter_map(|v| v.chars().next()).collect();
            Some((key, values))
        })
        .collect()
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
    fn one_script_characters_leave_out_what_both_scripts_write() {
        let sets = character_sets();
        let (simplified, traditional) = (&sets.simplified_only, &sets.traditional_only);
        for c in ['这', '发', '个', '们', '并'] {
            assert!(simplified.contains(&c), "{c}");
        }
        for c in ['這', '發', '個', '們', '並', '後'] {
            assert!(traditional.contains(&c), "{c}");
        }
        for c in ['干', '后', '面', '台', '群', '羣', '峰', '中', '的'] {
            assert!(!simplified.contains(&c) && !traditional.contains(&c), "{c}");
        }
        for c in ['这', '干', '后', '据', '于'] {
            assert!(sets.to_traditional.contains(&c), "{c}");
        }
        assert!(!sets.to_traditional.contains(&'群') && !sets.to_traditional.contains(&'台'));
        assert!(!sets.to_traditional.contains(&'中'));
        assert!(sets.taiwan_forms.contains(&'裡') && sets.opencc_forms.contains(&'裏'));
        assert!(!sets.taiwan_forms.contains(&'群') && sets.opencc_forms.contains(&'羣'));
        assert!(!sets.hong_kong_forms.contains(&'户') && sets.opencc_forms.contains(&'戶'));
        assert!(!sets.to_traditional.contains(&'才'));
        assert!(sets.to_traditional_in_phrases.contains(&'才'));
        assert!(sets.to_simplified.contains(&'這') && !sets.to_simplified.contains(&'中'));
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
