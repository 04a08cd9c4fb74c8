//! Which script a text is in: it counts the characters only one script writes
//! (`dictionary::one_script_characters`, compiled by `build.rs`). Characters both scripts
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
    /// Han characters of the BMP, of either script or both.
    pub han: u64,
    /// Hiragana and katakana.
    pub kana: u64,
    /// Taiwan's standard forms where OpenCC's standard writes another (裡, 群, 為).
    pub taiwan_forms: u64,
    /// Hong Kong's standard forms where OpenCC's standard writes another (户, 台).
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
        let mut counts = [0u64; 4];
        let (mut han, mut kana) = (0, 0);
        let mut forms = [0u64; 3];
        let bytes = text.as_bytes();
        let mut at = 0;
        // Han characters are three bytes in UTF-8 (the BMP) or four (the supplementary
        // planes): decoding only leads of those, and skipping the rest a byte at a time,
        // keeps the count close to memory speed on CJK text.
        while at < bytes.len() {
            let lead = bytes[at];
            if lead < 0xe0 {
                at += 1;
                continue;
            }
            let c = if lead < 0xf0 {
                let code = (u32::from(lead & 0x0f) << 12)
                    | (u32::from(bytes[at + 1] & 0x3f) << 6)
                    | u32::from(bytes[at + 2] & 0x3f);
                at += 3;
                code
            } else {
                let c = text[at..].chars().next().map_or(0, u32::from);
                at += 4;
                c
            };
            let c = unified(c);
            let flags = table.flags(c);
            counts[usize::from(flags & (SIMPLIFIED_ONLY | TRADITIONAL_ONLY))] += 1;
            for (form, flag) in [TAIWAN_FORM, HONG_KONG_FORM, OPENCC_FORM]
                .into_iter()
                .enumerate()
            {
                forms[form] += u64::from(flags & flag != 0);
            }
            han += u64::from((0x3400..0xa000).contains(&c));
            kana += u64::from((0x3041..=0x3096).contains(&c) || (0x30a1..=0x30fa).contains(&c));
        }
        ScriptCounts {
            simplified: counts[usize::from(SIMPLIFIED_ONLY)],
            traditional: counts[usize::from(TRADITIONAL_ONLY)],
            han,
            kana,
            taiwan_forms: forms[0],
            hong_kong_forms: forms[1],
            opencc_forms: forms[2],
        }
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

/// Which of a document's characters may be leftovers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Candidates {
    /// Only characters the other script alone writes: the leftovers that are certain.
    OtherScriptOnly,
    /// Those a conversion toward the script changes by default, outside any phrase.
    ByDefault,
    /// Also those it changes in some phrase only (才, 了): in a document that OpenCC itself
    /// converted, its phrases decided them everywhere else.
    InPhrases,
}

/// Whether `c` may be a leftover of a conversion toward `script`.
pub(super) fn may_change(c: char, script: Chinese, candidates: Candidates) -> bool {
    let flags = table().flags(u32::from(c));
    let mask = match (script, candidates) {
        (Chinese::Traditional, Candidates::OtherScriptOnly) => SIMPLIFIED_ONLY,
        (Chinese::Simplified, Candidates::OtherScriptOnly) => TRADITIONAL_ONLY,
        (Chinese::Traditional, Candidates::ByDefault) => TO_TRADITIONAL,
        (Chinese::Traditional, Candidates::InPhrases) => TO_TRADITIONAL_IN_PHRASES,
        (Chinese::Simplified, Candidates::ByDefault | Candidates::InPhrases) => TO_SIMPLIFIED,
    };
    flags & mask != 0
}

/// A character's flags: which script alone writes it, and which conversions may change it.
const SIMPLIFIED_ONLY: u8 = 1;
const TRADITIONAL_ONLY: u8 = 2;
const TO_TRADITIONAL: u8 = 4;
const TO_SIMPLIFIED: u8 = 8;
const TAIWAN_FORM: u8 = 16;
const HONG_KONG_FORM: u8 = 32;
const OPENCC_FORM: u8 = 64;
const TO_TRADITIONAL_IN_PHRASES: u8 = 128;

/// The flags of every character the sets name: a byte per BMP character, a sorted list
/// beyond.
struct Table {
    bmp: Vec<u8>,
    supplementary: Vec<(u32, u8)>,
}

impl Table {
    #[inline]
    fn flags(&self, code: u32) -> u8 {
        match self.bmp.get(code as usize) {
            Some(&flags) => flags,
            None => self
                .supplementary
                .binary_search_by_key(&code, |&(c, _)| c)
                .map_or(0, |i| self.supplementary[i].1),
        }
    }
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Table {
            bmp: vec![0; 0x10000],
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
        let mut beyond = std::collections::BTreeMap::new();
        for (flag, chars) in sets {
            for c in chars.chars() {
                match table.bmp.get_mut(c as usize) {
                    Some(slot) => *slot |= flag,
                    None => *beyond.entry(u32::from(c)).or_insert(0) |= flag,
                }
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
                han: 8,
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
}
