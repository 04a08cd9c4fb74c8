//! Which script a text is in: it counts the characters only one script writes
//! (`dictionary::character_sets`, compiled by `build.rs`). Characters both scripts
//! write (中, 的, 干, 后) and regional variant forms count for neither.

use serde::Serialize;
use std::sync::OnceLock;

/// The two scripts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Chinese {
    Simplified,
    Traditional,
}

/// Which script a text is in, by its one-script characters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ScriptCounts {
    /// Characters only simplified Chinese writes (这, 发, 们).
    pub simplified: u64,
    /// Characters only traditional Chinese writes (這, 發, 們).
    pub traditional: u64,
    /// Han characters, of either script or both.
    pub han: u64,
    /// Hiragana and katakana.
    pub kana: u64,
    /// Taiwan's standard forms where OpenCC's standard writes another (裡, 為), but not
    /// those simplified Chinese writes too (群).
    pub taiwan_forms: u64,
    /// Hong Kong's standard forms where OpenCC's standard writes another (衞), but not
    /// those simplified Chinese writes too (户, 台).
    pub hong_kong_forms: u64,
    /// OpenCC's standard forms where Taiwan's or Hong Kong's writes another (裏, 羣, 爲).
    pub opencc_forms: u64,
}

/// The traditional standard a text follows, by its regional forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Standard {
    OpenCC,
    Taiwan,
    HongKong,
}

/// Fewer one-script characters than this say nothing about a text: it is left alone.
pub(super) const MIN_EVIDENCE: u64 = 5;

impl ScriptCounts {
    /// Counts the characters of `text` that tell its script.
    ///
    /// ```
    /// // 这 简 体 are simplified only, 這 體 traditional only; 是 字 繁 both.
    /// let counts = hanfix::ScriptCounts::of("这是简体字，這是繁體字");
    /// assert_eq!((counts.simplified, counts.traditional), (3, 2));
    /// ```
    pub fn of(text: &str) -> ScriptCounts {
        let table = table();
        let mut counts = ScriptCounts::default();
        // Up to 255 characters' flags are summed a byte lane each in one word (see
        // [`LANES`]), then added to `counts`: one addition a character.
        let (mut lanes, mut in_lanes) = (0u64, 0u32);
        let bytes = text.as_bytes();
        let mut at = 0;
        // Han characters are three bytes in UTF-8 (the BMP) or four (the supplementary
        // planes): only those are decoded, by hand; the rest is skipped a byte at a time.
        while at < bytes.len() {
            let lead = bytes[at];
            let code = match lead {
                0..=0xdf => {
                    at += 1;
                    continue;
                }
                0xe0..=0xef if at + 2 < bytes.len() => {
                    let code = (u32::from(lead & 0x0f) << 12)
                        | (u32::from(bytes[at + 1] & 0x3f) << 6)
                        | u32::from(bytes[at + 2] & 0x3f);
                    at += 3;
                    // Compatibility ideographs of the BMP all start with EF.
                    if lead == 0xef {
                        unified(code)
                    } else {
                        code
                    }
                }
                _ => {
                    let c = text[at..].chars().next().unwrap_or(' ');
                    at += c.len_utf8();
                    unified(u32::from(c))
                }
            };
            lanes += LANES[usize::from(table.flags(code) & 0x7f)];
            in_lanes += 1;
            if in_lanes == 255 {
                counts.add_lanes(lanes);
                (lanes, in_lanes) = (0, 0);
            }
        }
        counts.add_lanes(lanes);
        counts
    }

    /// Adds the lane sums of [`LANES`].
    fn add_lanes(&mut self, lanes: u64) {
        let lane = |i: u32| (lanes >> (8 * i)) & 0xff;
        self.simplified += lane(0);
        self.traditional += lane(1);
        self.taiwan_forms += lane(2);
        self.hong_kong_forms += lane(3);
        self.opencc_forms += lane(4);
        self.han += lane(5);
        self.kana += lane(6);
    }

    /// The standard whose own forms the text writes most; `None` when it writes none.
    pub(super) fn standard(self) -> Option<Standard> {
        let most = self
            .opencc_forms
            .max(self.taiwan_forms)
            .max(self.hong_kong_forms);
        if most == 0 {
            None
        } else if most == self.opencc_forms {
            Some(Standard::OpenCC)
        } else if most == self.taiwan_forms {
            Some(Standard::Taiwan)
        } else {
            Some(Standard::HongKong)
        }
    }

    /// Whether the text is Japanese: kana make at least a fifth as many characters as its
    /// kanji (Japanese prose writes more kana than kanji; Chinese text borrows a の at most).
    /// Many kanji are traditional-only characters (話, 語, 間), which conversion must not
    /// touch.
    pub(super) fn is_japanese(self) -> bool {
        self.kana > 0 && self.kana * 5 >= self.han
    }

    /// All one-script characters.
    pub(super) fn total(self) -> u64 {
        self.simplified + self.traditional
    }
}

/// The unified ideograph a CJK compatibility ideograph stands for (its canonical
/// decomposition, which conversion and NFC both write), or `code` itself: a text counts the
/// same before and after normalization.
fn unified(code: u32) -> u32 {
    if !(0xf900..0xfb00).contains(&code) && !(0x2f800..0x2fa20).contains(&code) {
        return code;
    }
    let mut unified = code;
    if let Some(c) = char::from_u32(code) {
        unicode_normalization::char::decompose_canonical(c, |d| unified = u32::from(d));
    }
    unified
}

/// Which of a document's characters may be leftovers: a set of flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Candidates(u16);

impl Candidates {
    /// Only characters the other script alone writes: the leftovers that are certain.
    pub(super) fn other_script_only(majority: Chinese) -> Candidates {
        Candidates(match majority {
            Chinese::Traditional => SIMPLIFIED_ONLY,
            Chinese::Simplified => TRADITIONAL_ONLY,
        })
    }

    /// Those a conversion toward `majority` changes by default, outside any phrase.
    pub(super) fn by_default(majority: Chinese) -> Candidates {
        Candidates(match majority {
            Chinese::Traditional => TO_TRADITIONAL,
            Chinese::Simplified => TO_SIMPLIFIED,
        })
    }

    /// Toward traditional, also those s2t changes in some phrase only (才, 了): in a document
    /// that OpenCC itself converted, its phrases decided them everywhere else.
    pub(super) fn in_phrases() -> Candidates {
        Candidates(TO_TRADITIONAL_IN_PHRASES)
    }

    /// Also the characters that traditional text seldom writes itself where the conversion
    /// to it writes another (于 for 於, 据 for 據; see [`SELDOM`]).
    pub(super) fn or_seldom_written(self) -> Candidates {
        Candidates(self.0 | SELDOM_WRITTEN)
    }

    /// Whether `c` may be a leftover.
    pub(super) fn contains(self, c: char) -> bool {
        table().flags(u32::from(c)) & self.0 != 0
    }

    /// Whether `c` is a candidate only because traditional text seldom writes it: a
    /// character both scripts write, which the writer may have meant after all.
    pub(super) fn only_as_seldom_written(self, c: char) -> bool {
        let flags = table().flags(u32::from(c));
        flags & SELDOM_WRITTEN & self.0 != 0 && flags & self.0 & !SELDOM_WRITTEN == 0
    }
}

/// For each low byte of flags, a one in the byte lane of each flag it holds: lane `i` counts
/// flag `1 << i` (simplified-only, traditional-only, Taiwan's, Hong Kong's and OpenCC's
/// forms, Han, kana).
const LANES: [u64; 128] = {
    let mut lanes = [0u64; 128];
    let mut flags = 0;
    while flags < 128 {
        let mut lane = 0;
        while lane < 7 {
            if flags & (1 << lane) != 0 {
                lanes[flags] |= 1 << (8 * lane);
            }
            lane += 1;
        }
        flags += 1;
    }
    lanes
};

/// A character's flags. The low byte holds what detection counts: which script alone writes
/// it, its regional standard, whether it is a Han character or kana. The high byte says
/// which conversions may change it.
const SIMPLIFIED_ONLY: u16 = 1;
const TRADITIONAL_ONLY: u16 = 2;
const TAIWAN_FORM: u16 = 4;
const HONG_KONG_FORM: u16 = 8;
const OPENCC_FORM: u16 = 16;
const HAN: u16 = 32;
const KANA: u16 = 64;
const TO_TRADITIONAL: u16 = 1 << 8;
const TO_SIMPLIFIED: u16 = 1 << 9;
const TO_TRADITIONAL_IN_PHRASES: u16 = 1 << 10;
/// Characters that traditional text seldom writes itself (see [`SELDOM`]).
const SELDOM_WRITTEN: u16 = 1 << 11;

/// A character that the conversion to a traditional standard changes in some words is
/// *seldom written* in that standard when the converted vocabulary writes it itself fewer
/// than once for every `SELDOM` times the conversion writes another character for it
/// (`data/cjk-frequency/script-shares.tsv`: 于 730 times against 313,872 於, 据 85 against
/// 69,231 據; but 才 79,383 against 7,229 纔, 游 11,969 against 52,281 遊). Then, even
/// in a document where only 2% of the conversions were put back (the fewest a machine
/// conversion's leftovers are taken to be), an occurrence of the character is more likely
/// a leftover than the writer's own.
const SELDOM: u64 = 50;

/// The characters that traditional text seldom writes itself (see [`SELDOM`]) in OpenCC's,
/// Taiwan's and Hong Kong's standard alike: not 峰, which Taiwan's writes where OpenCC's
/// writes 峯, nor 户, which Hong Kong's writes.
fn seldom_written() -> impl Iterator<Item = char> {
    crate::frequency::SCRIPT_SHARES_TSV
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let c = fields.next()?.chars().next()?;
            let counts: Vec<u64> = fields.map(|n| n.parse().unwrap_or(0)).collect();
            let seldom = counts
                .chunks_exact(2)
                .all(|standard| standard[0] * SELDOM < standard[1]);
            seldom.then_some(c)
        })
}

/// The flags of every character: a table for the BMP, a sorted list beyond (the
/// supplementary ideographs' Han flag is worked out from their range).
struct Table {
    bmp: Box<[u16; 0x10000]>,
    supplementary: Vec<(u32, u16)>,
}

impl Table {
    #[inline]
    fn flags(&self, code: u32) -> u16 {
        match self.bmp.get(code as usize) {
            Some(&flags) => flags,
            None => {
                let listed = self
                    .supplementary
                    .binary_search_by_key(&code, |&(c, _)| c)
                    .map_or(0, |i| self.supplementary[i].1);
                // The supplementary ideographic planes, Extensions B to H.
                let han = if (0x20000..=0x3134f).contains(&code) {
                    HAN
                } else {
                    0
                };
                listed | han
            }
        }
    }
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Table {
            bmp: Box::new([0; 0x10000]),
            supplementary: Vec::new(),
        };
        // A set `build.rs` wrote (see `dictionary::CharacterSets`).
        macro_rules! set {
            ($name:literal) => {
                include_str!(concat!(env!("OUT_DIR"), "/", $name, ".txt"))
            };
        }
        let sets = [
            (SIMPLIFIED_ONLY, set!("simplified-only")),
            (TRADITIONAL_ONLY, set!("traditional-only")),
            (TO_TRADITIONAL, set!("to-traditional")),
            (TO_SIMPLIFIED, set!("to-simplified")),
            (TAIWAN_FORM, set!("taiwan-forms")),
            (HONG_KONG_FORM, set!("hong-kong-forms")),
            (OPENCC_FORM, set!("opencc-forms")),
            (TO_TRADITIONAL_IN_PHRASES, set!("to-traditional-in-phrases")),
        ];
        let by_range = [
            (HAN, 0x3400..=0x9fff),
            (KANA, 0x3041..=0x3096),
            (KANA, 0x30a1..=0x30fa),
        ];
        for (flag, range) in by_range {
            table.bmp[range].iter_mut().for_each(|slot| *slot |= flag);
        }
        let mut beyond = std::collections::BTreeMap::new();
        for (flag, chars) in sets {
            for c in chars.chars() {
                match table.bmp.get_mut(c as usize) {
                    Some(slot) => *slot |= flag,
                    None => *beyond.entry(u32::from(c)).or_insert(0) |= flag,
                }
            }
        }
        for c in seldom_written() {
            match table.bmp.get_mut(c as usize) {
                Some(slot) => *slot |= SELDOM_WRITTEN,
                None => *beyond.entry(u32::from(c)).or_insert(0) |= SELDOM_WRITTEN,
            }
        }
        table.supplementary = beyond.into_iter().collect();
        table
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_only_characters_of_one_script() {
        // 这 个 are simplified only, 發 traditional only; 展 中 文 干 后 both, 𠮷 neither.
        let counts = ScriptCounts::of("这个發展, and 中文 干 后 𠮷の");
        assert_eq!(
            counts,
            ScriptCounts {
                simplified: 2,
                traditional: 1,
                han: 9,
                kana: 1,
                ..ScriptCounts::default()
            }
        );
        assert!(!counts.is_japanese());
        assert!(ScriptCounts::of("日本語の文章を書きます").is_japanese());
        assert_eq!(
            ScriptCounts::of("plain ASCII, é, ü"),
            ScriptCounts::default()
        );
    }

    #[test]
    fn seldom_written_characters_are_those_no_traditional_standard_writes_much() {
        let candidates = Candidates::other_script_only(Chinese::Traditional).or_seldom_written();
        for c in ['于', '据', '余', '么', '这'] {
            assert!(candidates.contains(c), "{c}");
        }
        // Traditional text writes 才, 游, 回 and 后 itself often enough; Taiwan's standard
        // writes 峰 and 群, Hong Kong's 户.
        for c in ['才', '游', '回', '后', '峰', '群', '户', '中'] {
            assert!(!candidates.contains(c), "{c}");
        }
        assert!(candidates.only_as_seldom_written('于'));
        assert!(!candidates.only_as_seldom_written('这'));
        assert!(!Candidates::other_script_only(Chinese::Traditional).contains('于'));
    }
}
