//! How typical characters are of real CJK text, told from their bytes in the legacy CJK
//! encodings.
//!
//! Each encoding puts its frequent characters in a known block: GB2312's level 1 and 2
//! hanzi (GBK lead bytes 0xB0–0xF7), Big5's level 1 (0xA440–0xC67E, the 5,401 frequent
//! characters), JIS X 0208's kana and level 1 kanji, KS X 1001's 2,350 Hangul syllables.
//! Real text keeps to them almost entirely, while bytes decoded with the wrong encoding land
//! in rare characters, private use areas and symbol rows about half of the time. No
//! frequency table is needed for that, and it is cheap: one pass over the bytes.

use encoding_rs::{Encoding, BIG5, EUC_JP, EUC_KR, GB18030, GBK, SHIFT_JIS};

/// The multibyte legacy CJK encodings, each with its block of frequent characters.
pub(super) const ENCODINGS: [&Encoding; 5] = [GBK, BIG5, SHIFT_JIS, EUC_KR, EUC_JP];

/// Whether `encoding` is one of the multibyte CJK ones (GB18030 counts as GBK).
pub(super) fn is_multibyte(encoding: &'static Encoding) -> bool {
    encoding == GB18030 || ENCODINGS.contains(&encoding)
}

/// How typical a character is of text in its encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// In the encoding's block of frequent characters.
    Frequent,
    /// Punctuation and full-width forms.
    Neutral,
    /// Anything else: rare characters, symbols, private use, half-width kana.
    Rare,
}

/// The length and kind of the character that starts at `bytes[0]` (not ASCII), or `None`
/// for an encoding other than the multibyte CJK ones.
fn char_kind(encoding: &'static Encoding, bytes: &[u8]) -> Option<(usize, Kind)> {
    let lead = bytes[0];
    let trail = bytes.get(1).copied().unwrap_or(0);
    let high_trail = trail >= 0xa1;
    let found = if encoding == GBK || encoding == GB18030 {
        match lead {
            // A four-byte GB18030 sequence.
            _ if trail.is_ascii_digit() => (4, Kind::Rare),
            0xb0..=0xf7 if high_trail => (2, Kind::Frequent),
            0xa1..=0xa3 if high_trail => (2, Kind::Neutral),
            _ => (2, Kind::Rare),
        }
    } else if encoding == BIG5 {
        match lead {
            0xa4..=0xc5 => (2, Kind::Frequent),
            0xc6 if trail <= 0x7e => (2, Kind::Frequent),
            0xa1..=0xa3 => (2, Kind::Neutral),
            _ => (2, Kind::Rare),
        }
    } else if encoding == SHIFT_JIS {
        match lead {
            // Half-width katakana.
            0xa1..=0xdf => (1, Kind::Rare),
            // Hiragana, katakana, level 1 kanji.
            0x82 | 0x83 | 0x88..=0x98 => (2, Kind::Frequent),
            0x81 => (2, Kind::Neutral),
            _ => (2, Kind::Rare),
        }
    } else if encoding == EUC_JP {
        match lead {
            0x8e => (2, Kind::Rare),
            0x8f => (3, Kind::Rare),
            0xa4 | 0xa5 | 0xb0..=0xcf => (2, Kind::Frequent),
            0xa1..=0xa3 => (2, Kind::Neutral),
            _ => (2, Kind::Rare),
        }
    } else if encoding == EUC_KR {
        match lead {
            0xb0..=0xc8 if high_trail => (2, Kind::Frequent),
            0xa1..=0xa3 if high_trail => (2, Kind::Neutral),
            _ => (2, Kind::Rare),
        }
    } else {
        return None;
    };
    Some(found)
}

/// How typical `bytes`, which decode cleanly with `encoding`, are of text in it: frequent
/// characters count one up, rare ones one down. `None` for an encoding other than the
/// multibyte CJK ones.
pub(super) fn typicality(encoding: &'static Encoding, bytes: &[u8]) -> Option<i32> {
    let mut score = 0;
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at].is_ascii() {
            at += 1;
            continue;
        }
        let (len, kind) = char_kind(encoding, &bytes[at..])?;
        score += match kind {
            Kind::Frequent => 1,
            Kind::Neutral => 0,
            Kind::Rare => -1,
        };
        at += len;
    }
    Some(score)
}

/// How many Han characters and Hangul syllables [`mostly_common`] looks at.
const SAMPLE: usize = 4096;

/// Whether at least 90% of the (first [`SAMPLE`]) Han characters and Hangul syllables of a
/// text are frequent ones in one of the encodings: about 10,000 of the 27,500 Han characters
/// in the two main blocks, 2,350 of the 11,172 syllables. Random code points (bytes read as
/// UTF-16 in the wrong byte order, or bytes that are not UTF-16) hit them less than half of
/// the time.
pub(super) fn mostly_common(text: &str) -> bool {
    let (mut cjk, mut common) = (0, 0);
    for is_common in text.chars().filter_map(is_common).take(SAMPLE) {
        cjk += 1;
        common += u32::from(is_common);
    }
    common * 10 >= cjk * 9
}

/// For a Han character or Hangul syllable, whether it is frequent in one of the encodings;
/// `None` for other characters.
fn is_common(c: char) -> Option<bool> {
    if !matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7a3}') {
        return None;
    }
    let mut buffer = [0u8; 4];
    let c = c.encode_utf8(&mut buffer);
    Some([GBK, BIG5, SHIFT_JIS, EUC_KR].into_iter().any(|encoding| {
        let (bytes, _, unmappable) = encoding.encode(c);
        !unmappable && char_kind(encoding, &bytes) == Some((bytes.len(), Kind::Frequent))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_typical_of_its_own_encoding() {
        // "時使用這些選項" (from the zh-TW manual pages) in Big5, and read as GBK.
        let big5 = b"\xae\xc9\xa8\xcf\xa5\xce\xb3\x6f\xa8\xc7\xbf\xef\xb6\xb5";
        assert_eq!(typicality(BIG5, big5), Some(7));
        assert!(typicality(GBK, big5).unwrap() < 3);
        assert_eq!(typicality(encoding_rs::WINDOWS_1252, big5), None);
    }

    #[test]
    fn common_characters_are_told_from_random_ones() {
        assert!(mostly_common("人人生而自由，在尊严和权利上一律平等。"));
        assert!(mostly_common("모든 인간은 태어날 때부터 자유로우며"));
        // ASCII pairs read as UTF-16LE: "Alle Menschen" becomes rare ideographs.
        assert!(!mostly_common("汁敬䴠湥捳敨"));
    }
}
