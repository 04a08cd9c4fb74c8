//! Pinyin ruby residue: `<ruby>國<rp>(</rp><rt>guó</rt><rp>)</rp></ruby>` flattened to
//! `國(guó)`.
//!
//! An annotation is a syllable in brackets (ASCII or fullwidth) right after a Han character,
//! with tone marks (`guó`) or a tone digit (`guo2`), that is one of the character's readings
//! in the pinyin crate's data (pinyin-data, built from Unicode's Unihan readings). Legitimate
//! parentheses rarely hold one: `軸承(鍛造)`, `(2023)`, `北京(Beijing)`, `北京(Běijīng)` (two
//! syllables), `图(a)` (not a reading of 图). Annotations are removed only from a document
//! that holds at least [`MIN_ANNOTATIONS`] of them: flattened ruby annotates every
//! occurrence of its characters, while a text that quotes a reading does so once or twice.

use super::edits::Edit;
use crate::han::is_han;
use memchr::memmem;
use pinyin::ToPinyinMulti;

/// Annotations a document must hold before any is removed.
pub(super) const MIN_ANNOTATIONS: usize = 3;

/// The longest syllable with its tone: `zhuang4`, `shuang`.
const LONGEST_SYLLABLE: usize = 7;

/// Whether `text` holds at least [`MIN_ANNOTATIONS`] annotations.
pub(super) fn document_has_ruby(text: &str) -> bool {
    let mut found = 0;
    for line in text.lines() {
        found += annotations(line).len();
        if found >= MIN_ANNOTATIONS {
            return true;
        }
    }
    false
}

/// The annotations in `line`, each as the removal of its brackets and syllable.
pub(super) fn annotations(line: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    for (open, open_len) in bracket_openings(line) {
        let Some(han) = line[..open].chars().next_back() else {
            continue;
        };
        if !is_han(han) {
            continue;
        }
        let rest = &line[open + open_len..];
        let Some((syllable, close_len)) = bracketed_syllable(rest) else {
            continue;
        };
        if is_reading(han, syllable) {
            let end = open + open_len + syllable.len() + close_len;
            edits.push(Edit::remove(open..end));
        }
    }
    edits
}

/// The byte offsets of `(` and `（` in `line`, in order, with their lengths.
fn bracket_openings(line: &str) -> Vec<(usize, usize)> {
    let ascii = memchr::memchr_iter(b'(', line.as_bytes()).map(|at| (at, 1));
    let mut openings: Vec<(usize, usize)> = ascii.collect();
    let fullwidth = memmem::find_iter(line.as_bytes(), "（".as_bytes());
    openings.extend(fullwidth.map(|at| (at, "（".len())));
    openings.sort_unstable();
    openings
}

/// The syllable at the start of `rest`, when a closing bracket follows it: lowercase
/// letters (tone-marked vowels and `ü` included) and at most one tone digit at the end.
fn bracketed_syllable(rest: &str) -> Option<(&str, usize)> {
    let mut end = 0;
    for (at, c) in rest.char_indices() {
        if at >= LONGEST_SYLLABLE * 2 {
            return None;
        }
        match c {
            ')' => return (end > 0).then(|| (&rest[..end], 1)),
            '）' => return (end > 0).then(|| (&rest[..end], '）'.len_utf8())),
            '1'..='5' if end > 0 && !rest[..end].ends_with(|c: char| c.is_ascii_digit()) => {
                end = at + 1;
            }
            c if is_pinyin_letter(c) && !rest[..end].ends_with(|c: char| c.is_ascii_digit()) => {
                end = at + c.len_utf8();
            }
            _ => return None,
        }
    }
    None
}

fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ".contains(c)
}

/// Whether `syllable` (tone marks, or a tone digit at its end) is a reading of `han`.
fn is_reading(han: char, syllable: &str) -> bool {
    let Some(readings) = han.to_pinyin_multi() else {
        return false;
    };
    readings
        .into_iter()
        .any(|reading| reading.with_tone() == syllable || reading.with_tone_num_end() == syllable)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn removed(line: &str) -> Vec<&str> {
        annotations(line)
            .into_iter()
            .map(|edit| &line[edit.span])
            .collect()
    }

    #[test]
    fn readings_in_brackets_after_their_character_are_annotations() {
        assert_eq!(
            removed("中國(guó)軸承(鍛造)產(chǎn)業會（huì）在冠縣"),
            ["(guó)", "(chǎn)", "（huì）"]
        );
        assert_eq!(removed("中国(guo2)人(ren2)"), ["(guo2)", "(ren2)"]);
        // Any of a character's readings: 長 is zhǎng in 會長 and cháng in 長期.
        assert_eq!(removed("長(zhǎng)期"), ["(zhǎng)"]);
    }

    #[test]
    fn other_parentheses_are_not_annotations() {
        for line in [
            "冠縣軸承(鍛造)產業",
            "大会(2023)",
            "地铁(MTA)",
            "北京(Beijing)",
            "北京(Běijīng)",
            "f(x) = 1",
            "如图(a)所示",
            "国(guó",
            "国(guo22)",
            "(guó)开头",
            "中(Guó)",
        ] {
            assert!(removed(line).is_empty(), "{line}");
        }
    }

    #[test]
    fn a_document_needs_repeated_annotations() {
        assert!(!document_has_ruby("行(xíng)与行(háng)的读音"));
        assert!(document_has_ruby("行(xíng)与行(háng)\n会(huì)"));
    }
}
