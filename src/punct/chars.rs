//! The character classes the punct stage decides by.
//!
//! The stage must give the same decisions on its own output (cleaning is idempotent), and
//! on that output after the normalize stage, which removes control and zero-width
//! characters, composes NFC and trims line ends. Hence the classes look through what
//! normalize removes ([`is_transparent`]), put a character in the same class as the form
//! the stage or NFC turns it into (`,` and `，`, `"` and `“`, U+037E and `;`, U+232A and
//! `〉`, compatibility ideographs and unified ones), and read runs of whitespace as a
//! whole.

use unicode_normalization::char::canonical_combining_class;

pub(super) use crate::han::is_han;

/// Characters that do not separate their neighbours: those the normalize stage removes
/// wherever they are (controls, BOM, zero-width space and word joiner), the zero-width
/// joiner (removed next to CJK text), and combining marks, which belong to the character
/// before them, with the few characters NFC turns into combining marks.
pub(super) fn is_transparent(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => false,
        '\0'..='\u{1F}' | '\u{7F}'..='\u{9F}' => true,
        '\u{FEFF}' | '\u{200B}' | '\u{200D}' | '\u{2060}' => true,
        _ if c.is_ascii() => false,
        _ => canonical_combining_class(c) != 0 || NON_STARTER_DECOMPOSITIONS.contains(&c),
    }
}

/// The starters (combining class 0) whose canonical decomposition starts with a combining
/// mark: NFC replaces them with marks (the tests check the list).
const NON_STARTER_DECOMPOSITIONS: [char; 3] = ['\u{F73}', '\u{F75}', '\u{F81}'];

/// What `c` reads as whatever NFC makes of it and of the marks after it (`á`, and `a` with
/// U+0301, read `a`; the Kelvin sign reads `K`, U+037E `;`): the first character of its
/// canonical decomposition, as normalize sees it.
pub(super) use crate::normalize::decomposition_start as base;

/// Whitespace inside a line (line breaks never are: the stage works line by line).
pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\n' | '\r')
}

/// The ASCII punctuation the stage turns fullwidth between CJK text, with its fullwidth
/// form and rule. U+037E (Greek question mark) is `;` to NFC, so it is a semicolon here.
pub(super) fn fullwidth_punct(c: char) -> Option<(char, &'static str)> {
    Some(match c {
        ',' => ('，', super::COMMA),
        ':' => ('：', super::COLON),
        ';' | '\u{37E}' => ('；', super::SEMICOLON),
        '!' => ('！', super::EXCLAMATION),
        '?' => ('？', super::QUESTION),
        _ => return None,
    })
}

/// Fullwidth ASCII letters and digits (`Ａ`, `ｚ`, `０`), which become halfwidth.
pub(super) fn halfwidth_alnum(c: char) -> Option<char> {
    match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(c as u32 - 0xFEE0)
        }
        _ => None,
    }
}

/// Closing brackets only CJK text writes, after which a clause or sentence goes on with
/// CJK punctuation: `（锻造），`.
pub(super) fn is_cjk_closing_bracket(c: char) -> bool {
    matches!(
        c,
        '）' | '」'
            | '』'
            | '】'
            | '》'
            | '〉'
            | '〕'
            | '〗'
            | '〙'
            | '〛'
            | '］'
            | '｝'
            | '｣'
            | '\u{232A}'
    )
}

/// Opening brackets and quotes of CJK text, which a clause's punctuation may come right
/// before: `，（` `：「` `，“`.
pub(super) fn is_cjk_opening_bracket(c: char) -> bool {
    matches!(
        c,
        '（' | '「'
            | '『'
            | '【'
            | '《'
            | '〈'
            | '〔'
            | '〖'
            | '〘'
            | '〚'
            | '［'
            | '｛'
            | '｢'
            | '“'
            | '‘'
            | '\u{2329}'
    )
}

/// Fullwidth punctuation after which an ASCII space before Han text is residue: the space
/// a scraper put where two sentences or clauses were joined.
pub(super) fn ends_cjk_clause(c: char) -> bool {
    matches!(c, '。' | '，' | '、' | '；' | '：' | '！' | '？')
}

/// Whether a character beside a quote or parenthesis pair (the nearest one that is not
/// whitespace) lets the pair be CJK: Han, kana, hangul and bopomofo, CJK and fullwidth
/// punctuation, and the ASCII punctuation this stage may turn into fullwidth forms
/// (they are one class, so that the decision is the same before and after).
pub(super) fn is_cjk_context(c: char) -> bool {
    is_han(c)
        || matches!(c as u32,
            0x1100..=0x11FF       // hangul jamo (NFC composes them into syllables)
            | 0x2E80..=0x2FDF     // radicals
            | 0x3000..=0x303F     // CJK punctuation and symbols
            | 0x3040..=0x31FF     // kana, bopomofo, hangul compatibility jamo
            | 0xAC00..=0xD7AF     // hangul syllables
            | 0xFE30..=0xFE4F     // CJK compatibility forms
            | 0xFF01..=0xFF0F     // fullwidth ！＂＃＄％＆＇（）＊＋，－．／
            | 0xFF1A..=0xFF20     // ：；＜＝＞？＠
            | 0xFF3B..=0xFF40     // ［＼］＾＿｀
            | 0xFF5B..=0xFF65     // ｛｜｝～ and the halfwidth CJK punctuation
        )
        || matches!(
            c,
            ',' | ':'
                | ';'
                | '!'
                | '?'
                | '\u{37E}'
                | '"'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '('
                | ')'
                | '\u{2329}'
                | '\u{232A}'
                | '…'
                | '—'
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    /// NFC must not move a character from one class to another.
    #[test]
    fn classes_hold_under_nfc() {
        for c in (0..=0x3FFFF).filter_map(char::from_u32) {
            let nfc: String = c.to_string().nfc().collect();
            let mut chars = nfc.chars();
            let (Some(first), None) = (chars.next(), chars.next()) else {
                continue;
            };
            assert_eq!(is_han(c), is_han(first), "{c:?} -> {first:?}");
            assert_eq!(
                is_cjk_context(c),
                is_cjk_context(first),
                "{c:?} -> {first:?}"
            );
            assert_eq!(
                is_cjk_opening_bracket(c),
                is_cjk_opening_bracket(first),
                "{c:?} -> {first:?}"
            );
            assert_eq!(
                is_cjk_closing_bracket(c),
                is_cjk_closing_bracket(first),
                "{c:?} -> {first:?}"
            );
            assert_eq!(
                fullwidth_punct(c).map(|f| f.0),
                fullwidth_punct(first).map(|f| f.0),
                "{c:?} -> {first:?}"
            );
            assert_eq!(is_space(c), is_space(first), "{c:?} -> {first:?}");
        }
    }

    #[test]
    fn a_character_reads_as_its_nfc_form_does() {
        for c in (0x80..=0x3FFFF).filter_map(char::from_u32) {
            let nfc: String = c.to_string().nfc().collect();
            let first = nfc.chars().next().expect("NFC of a character is not empty");
            assert_eq!(base(c), base(first), "{c:?}");
        }
        assert_eq!(base('á'), 'a');
        assert_eq!(base('\u{212A}'), 'K');
    }

    #[test]
    fn starters_that_decompose_into_marks_are_listed() {
        for c in (0..=0x3FFFF).filter_map(char::from_u32) {
            let into_mark = canonical_combining_class(base(c)) != 0;
            if canonical_combining_class(c) == 0 {
                assert_eq!(into_mark, NON_STARTER_DECOMPOSITIONS.contains(&c), "{c:?}");
            }
        }
    }

    #[test]
    fn fullwidth_letters_and_digits_only() {
        assert_eq!(halfwidth_alnum('Ａ'), Some('A'));
        assert_eq!(halfwidth_alnum('ｚ'), Some('z'));
        assert_eq!(halfwidth_alnum('９'), Some('9'));
        for c in ['，', '：', '（', '＠', '％', '＿', 'A', '中'] {
            assert_eq!(halfwidth_alnum(c), None, "{c:?}");
        }
    }

    #[test]
    fn the_stage_conversions_keep_the_context_class() {
        for (ascii, wide) in [
            (',', '，'),
            (':', '：'),
            (';', '；'),
            ('!', '！'),
            ('?', '？'),
        ] {
            assert_eq!(fullwidth_punct(ascii).map(|f| f.0), Some(wide));
            assert!(is_cjk_context(ascii) && is_cjk_context(wide));
        }
        for c in ['"', '“', '”', '(', '（', ')', '）'] {
            assert!(is_cjk_context(c), "{c:?}");
        }
        for c in ['a', 'Ａ', '1', '１', '.', '=', '[', 'é'] {
            assert!(!is_cjk_context(c), "{c:?}");
        }
    }
}
