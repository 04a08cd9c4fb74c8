//! The fast gate: which wrong decoders a text shows signs of, in one pass that skips ASCII
//! and looks each other character up in a table. Clean text, the common case, shows none and
//! leaves the stage at once.
//!
//! The signs, each cheap and each present in every piece of mojibake of its kind:
//! - UTF-8 read with a single-byte code page: a character the code page has at a lead byte
//!   (0xC2–0xF4) right before one it has at a continuation byte (0x80–0xBF): `Ã¤`, `Ð´`;
//!   or right before U+FFFD, which stands for a continuation byte the page lacks (`Ä�`).
//!   A windows-1252 two-byte lead right before a space (`Ã `) is one too.
//! - Legacy CJK or Cyrillic bytes read as windows-1252/Latin-1: two Latin-1 characters side by
//!   side (`Õâ¸ö`), or a C1 control.
//! - KOI8-R read as windows-1251: a Cyrillic lowercase letter before a capital (`уПДЕТЦЙФ`) or
//!   a long run of capitals.
//! - UTF-8 or a CJK encoding read as another CJK encoding: two rare characters close together
//!   (rare: Han characters outside the 4,000 most frequent of the dictionary, simplified
//!   and traditional, and JIS level 1; Hangul outside KS X 1001, half-width katakana,
//!   bopomofo, small form variants, private use, U+FFFD). Clean Chinese has about one in a
//!   hundred; such mojibake about one in two. A private-use character is a sign on its
//!   own, and so are wide characters inside a Latin word (`simb脙鲁lico`).

use super::codec::SingleByte;
use encoding_rs::{Encoding, EUC_KR, SHIFT_JIS};
use std::ops::RangeInclusive;
use std::sync::OnceLock;

/// The wrong decoders worth trying on a text: bit `i` for `SingleByte::ALL[i]`, and
/// [`CJK`] for the multibyte CJK ones.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Suspects(u16);

impl Suspects {
    /// The multibyte CJK decoders, tried together.
    const CJK: u16 = 1 << 15;

    pub(super) fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The signs both show.
    pub(super) fn shared_with(self, other: Suspects) -> Suspects {
        Suspects(self.0 & other.0)
    }

    /// The signs either shows.
    pub(super) fn joined_with(self, other: Suspects) -> Suspects {
        Suspects(self.0 | other.0)
    }

    /// Whether this shows every sign `other` shows.
    pub(super) fn covers(self, other: Suspects) -> bool {
        self.0 & other.0 == other.0
    }

    /// The signs of the multibyte CJK decoders.
    pub(super) fn of_cjk() -> Suspects {
        Suspects(Suspects::CJK)
    }

    /// The signs of `page`.
    pub(super) fn of_single(page: SingleByte) -> Suspects {
        Suspects(1 << page as u16)
    }
}

/// Characters below this have an entry in the table of single-byte signs.
const SMALL: usize = 0x2600;

// Bits of a small character's entry: 0–9 lead byte in `SingleByte::ALL[i]`, 10–19
// continuation byte in it, then:
const LATIN1: u32 = 1 << 20;
const CP1252_PUNCT: u32 = 1 << 21;
const C1: u32 = 1 << 22;
const CYRILLIC_LOWER: u32 = 1 << 23;
const CYRILLIC_UPPER: u32 = 1 << 24;
const LEADS: u32 = 0x3ff;

/// How many dictionary characters count as frequent: the common characters of both
/// scripts. (Big5's frequent block is not used: GBK's common characters read as Big5 land
/// in it, `勤紫偶怀` for `对档案输`.)
const FREQUENT_HAN: usize = 4000;
/// Two rare characters at most this many characters apart open the gate.
const RARE_DISTANCE: usize = 3;
/// The longest run of wide characters between ASCII that is short (see `suspects_with`).
const SHORT_WIDE_RUN: usize = 2;
/// A run of this many Cyrillic capitals opens the gate for KOI8-R read as windows-1251.
const CAPITAL_RUN: usize = 6;

struct Tables {
    small: Vec<u32>,
    /// One bit per BMP character at or above [`SMALL`]: rare in CJK text.
    rare: Vec<u64>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| Tables {
        small: small_table(),
        rare: rare_table(),
    })
}

fn small_table() -> Vec<u32> {
    let mut small = vec![0u32; SMALL];
    for (i, page) in SingleByte::ALL.iter().enumerate() {
        for (byte, &c) in (0x80u32..).zip(page.high_half().iter()) {
            let Some(entry) = small.get_mut(c as usize) else {
                continue;
            };
            if (0xc2..=0xf4).contains(&byte) {
                *entry |= 1 << i;
            }
            if (0x80..=0xbf).contains(&byte) {
                *entry |= 1 << (10 + i);
            }
        }
    }
    for (code, entry) in small.iter_mut().enumerate() {
        let c = char::from_u32(code as u32).unwrap_or('\0');
        if SingleByte::Windows1252.byte(c).is_some() && !c.is_ascii() {
            *entry |= if matches!(c, '“' | '”' | '‘' | '’' | '–' | '—' | '…') {
                CP1252_PUNCT
            } else {
                LATIN1
            };
        }
        if ('\u{80}'..='\u{9f}').contains(&c) {
            *entry |= C1;
        }
        if ('\u{400}'..='\u{4ff}').contains(&c) && c.is_alphabetic() {
            *entry |= if c.is_uppercase() {
                CYRILLIC_UPPER
            } else {
                CYRILLIC_LOWER
            };
        }
    }
    small
}

fn rare_table() -> Vec<u64> {
    let mut rare = vec![0u64; 0x10000 / 64];
    let mut set = |code: u32| rare[code as usize / 64] |= 1 << (code % 64);
    let mut common: std::collections::HashSet<char> = super::plausibility::dictionary_chars()
        .take(FREQUENT_HAN)
        .collect();
    // JIS X 0208 level 1 and KS X 1001's Hangul: the frequent blocks of Shift_JIS and
    // EUC-KR (see `plausibility::in_frequent_block`), read from their byte ranges, which
    // is a few thousand decodes instead of a reverse table of every encoding.
    common.extend(block_chars(SHIFT_JIS, 0x88..=0x98, 0x40..=0xfc));
    common.extend(block_chars(EUC_KR, 0xb0..=0xc8, 0xa1..=0xfe));
    let han = (0x3400..0xa000).chain(0xf900..0xfb00);
    for code in han.chain(0xac00..0xd7a4) {
        if !char::from_u32(code).is_some_and(|c| common.contains(&c)) {
            set(code);
        }
    }
    // Private use, half-width katakana, U+FFFD, and what GBK punctuation becomes in Big5:
    // bopomofo (`ㄛ` for `，`) and small forms (`﹝` for `。`).
    let others = (0xe000..0xf900)
        .chain(0xff61..0xffa0)
        .chain(0x3100..0x3130)
        .chain(0xfe50..0xfe70)
        .chain([0xfffd]);
    for code in others {
        set(code);
    }
    rare
}

/// The characters that the two-byte sequences `leads` × `trails` of `encoding` decode to.
fn block_chars(
    encoding: &'static Encoding,
    leads: RangeInclusive<u8>,
    trails: RangeInclusive<u8>,
) -> impl Iterator<Item = char> {
    leads
        .flat_map(move |lead| trails.clone().map(move |trail| [lead, trail]))
        .filter_map(move |pair| {
            let text = encoding.decode_without_bom_handling_and_without_replacement(&pair)?;
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Some(c),
                _ => None,
            }
        })
}

/// Whether `lead` then `next` is how some single-byte code page reads a two-byte UTF-8
/// sequence's lead and continuation bytes (`Â«`, `Ã©`): the pair the gate looks for.
pub(super) fn is_lead_pair(lead: char, next: char) -> bool {
    let small = &tables().small;
    let entry = |c: char| small.get(c as usize).copied().unwrap_or(0);
    entry(lead) & LEADS & (entry(next) >> 10) != 0
}

/// The index of the first byte at or after `from` that is not ASCII (`bytes.len()` if none),
/// eight bytes at a time.
fn next_non_ascii(bytes: &[u8], mut from: usize) -> usize {
    while let Some(chunk) = bytes.get(from..from + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if word & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        from += 8;
    }
    while from < bytes.len() && bytes[from].is_ascii() {
        from += 1;
    }
    from
}

/// The code point and length of the character starting at `bytes[at]` (not ASCII), or
/// `None` at the end. `bytes` is valid UTF-8 (it comes from a `str`), so nothing is checked
/// but the bounds: decoding by hand is what keeps the gate fast on CJK text.
#[inline]
fn decode_at(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let lead = usize::from(*bytes.get(at)?);
    let continuation = |i: usize| usize::from(bytes[at + i] & 0x3f);
    Some(match lead {
        0xc0..=0xdf => ((lead & 0x1f) << 6 | continuation(1), 2),
        0xe0..=0xef => (
            (lead & 0x0f) << 12 | continuation(1) << 6 | continuation(2),
            3,
        ),
        _ => (
            (lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6 | continuation(3),
            4,
        ),
    })
}

/// Which wrong decoders `text` shows signs of.
pub(super) fn suspects(text: &str) -> Suspects {
    suspects_with(text, true, |_| false)
}

/// Whether `text` shows any sign of mojibake: [`suspects`] that stops at the first one,
/// so that text full of mojibake is not gone through twice.
pub(super) fn shows_any_sign(text: &str) -> bool {
    !suspects_with(text, true, |found| found != 0).is_empty()
}

/// [`suspects`] that stops once it has found every sign `wanted` shows (when `wanted`
/// shows any): what it returns then shows all of `wanted`, but may lack other signs
/// further on. Text full of mojibake of the kind the previous line had is not gone through
/// to its end before that kind is tried on it.
pub(super) fn suspects_until(text: &str, wanted: Suspects) -> Suspects {
    if wanted.is_empty() {
        return suspects(text);
    }
    suspects_with(text, true, |found| Suspects(found).covers(wanted))
}

/// Which wrong decoders `text` shows signs of, not counting U+FFFD next to rare CJK
/// characters: in text a pass has just repaired, that U+FFFD stands for a character the
/// repair found lost, and its rare neighbours are the text's own. (After a lead byte's
/// character it still is a sign: `Ä�` may be the next layer.)
pub(super) fn suspects_beside_losses(text: &str) -> Suspects {
    suspects_with(text, false, |_| false)
}

/// The signs `text` shows, up to where `enough` says the signs found so far are enough.
fn suspects_with(
    text: &str,
    losses_beside_rare_are_signs: bool,
    enough: impl Fn(u16) -> bool,
) -> Suspects {
    let tables = tables();
    let bytes = text.as_bytes();
    let mut found = 0u16;
    let mut at = 0;
    // The previous character's entry when it was a small character right before this one.
    let mut prev: u32 = 0;
    // Position (in characters, an ASCII run counting as one) of the last rare character.
    let mut position = 0usize;
    let mut last_rare: Option<usize> = None;
    // Position of the last U+FFFD: it pairs with a rare character, not with another U+FFFD
    // (a repaired text keeps one for each lost character, which is no sign of more damage).
    let mut last_lost: Option<usize> = None;
    let mut capitals = 0usize;
    // Whether the current run of wide characters came right after an ASCII letter.
    let mut wide_after_letter = false;
    // Whether the character just before `at` is one windows-1252 has at a two-byte lead.
    let mut after_two_byte_lead = false;
    // Position of the first character of the run of wide characters going on, when the run
    // came right after ASCII.
    let mut wide_run_start: Option<usize> = None;
    loop {
        if enough(found) {
            break;
        }
        let next = next_non_ascii(bytes, at);
        if next != at {
            // A two-byte lead before a space (`Ã `, `Â `): the space was the continuation
            // byte 0xA0, read as a no-break space, which became a space.
            if after_two_byte_lead && bytes[at] == b' ' {
                found |= 1 << SingleByte::Windows1252 as u16;
            }
            // Wide characters inside a Latin word (`simb脙鲁lico`): UTF-8 accented letters
            // read as a CJK encoding.
            if wide_after_letter && bytes[at].is_ascii_alphabetic() {
                found |= Suspects::CJK;
            }
            // One or two wide characters between ASCII, or any run right before a Latin
            // letter, holding a rare character: an accented letter's UTF-8 read as a CJK
            // encoding, then as windows-1252 (`脙聽` for `à`, `脙录bergeben` for
            // `übergeben`). Chinese text beside Latin words writes frequent characters there.
            if let Some(start) = wide_run_start.take() {
                let short = position + 1 - start <= SHORT_WIDE_RUN;
                let holds_rare = last_rare.is_some_and(|rare| rare >= start);
                if holds_rare && (short || bytes[at].is_ascii_alphabetic()) {
                    found |= Suspects::CJK;
                }
            }
            wide_after_letter = false;
            prev = 0;
            capitals = 0;
            position += 1;
        }
        at = next;
        let Some((code, width)) = decode_at(bytes, at) else {
            break;
        };
        at += width;
        position += 1;
        // Latin-1 has each windows-1252 lead byte 0xC2–0xDF at that code point.
        after_two_byte_lead = (0xc2..=0xdf).contains(&code);
        if code < SMALL {
            let entry = tables.small[code];
            found |= (prev & LEADS & (entry >> 10)) as u16;
            let latin1_pair = (prev | entry) & LATIN1 != 0
                && prev & (LATIN1 | CP1252_PUNCT) != 0
                && entry & (LATIN1 | CP1252_PUNCT) != 0;
            if latin1_pair || entry & C1 != 0 {
                found |= 1 << SingleByte::Windows1252 as u16;
            }
            capitals = if entry & CYRILLIC_UPPER != 0 {
                capitals + 1
            } else {
                0
            };
            if (prev & CYRILLIC_LOWER != 0 && entry & CYRILLIC_UPPER != 0)
                || capitals >= CAPITAL_RUN
            {
                found |= 1 << SingleByte::Windows1251 as u16;
            }
            prev = entry;
            wide_after_letter = false;
            wide_run_start = None;
            continue;
        }
        // U+FFFD right after a lead byte's character: windows-1252 writes it for the five
        // continuation bytes it lacks (`Ä�` for `č`, C4 8D).
        if code == 0xfffd {
            found |= (prev & LEADS) as u16;
        }
        // The byte before this character: ASCII starts a run of wide characters, another
        // wide character continues it.
        match (at - width).checked_sub(1).map(|before| bytes[before]) {
            Some(byte) if byte.is_ascii() => {
                wide_after_letter = byte.is_ascii_alphabetic();
                wide_run_start = Some(position);
            }
            Some(_) if prev == 0 => {}
            _ => wide_after_letter = false,
        }
        prev = 0;
        capitals = 0;
        // Whether this is the first character of a run right after an ASCII letter.
        let mut first_after_letter = wide_after_letter;
        let mut code = code;
        loop {
            if code < 0x10000 && tables.rare[code / 64] & (1 << (code % 64)) != 0 {
                // A rare character right after a Latin letter (`fonctionnalit脙漏`): an
                // accented letter's UTF-8 read as a CJK encoding. Chinese text puts
                // frequent characters after its Latin words (`iPhone手机`).
                if first_after_letter {
                    found |= Suspects::CJK;
                }
                // Private use is a sign on its own: GBK and Big5 map their user-defined
                // rows there, which mojibake lands in and real text hardly uses. So are
                // 縺, 繧 and 繝, what Shift_JIS makes of the lead bytes of UTF-8's kana
                // (E3 81, E3 82, E3 83): rare kanji whose partners are common ones.
                let private =
                    (0xe000..0xf900).contains(&code) || matches!(code, 0x7e3a | 0x7e67 | 0x7e5d);
                let near =
                    |last: Option<usize>| last.is_some_and(|l| position - l <= RARE_DISTANCE);
                if code == 0xfffd {
                    if near(last_rare) && losses_beside_rare_are_signs {
                        found |= Suspects::CJK;
                    }
                    last_lost = losses_beside_rare_are_signs.then_some(position);
                } else {
                    if private || near(last_rare) || near(last_lost) {
                        found |= Suspects::CJK;
                    }
                    last_rare = Some(position);
                }
            }
            first_after_letter = false;
            // CJK text is runs of three-byte characters from U+3000 up: go through them
            // here, where nothing but their rarity is looked at.
            match bytes.get(at..at + 3) {
                Some(&[lead @ 0xe3..=0xef, second, third]) => {
                    code = usize::from(lead & 0x0f) << 12
                        | usize::from(second & 0x3f) << 6
                        | usize::from(third & 0x3f);
                    at += 3;
                    position += 1;
                }
                _ => break,
            }
        }
    }
    Suspects(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_shows_no_signs() {
        for text in [
            "人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，并应以兄弟关系的精神相对待。",
            "人人生而自由，在尊嚴和權利上一律平等。",
            "Alle Menschen sind frei und gleich an Würde und Rechten geboren.",
            "Все люди рождаются свободными и равными в своем достоинстве и правах.",
            "すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。",
            "모든 인간은 태어날 때부터 자유로우며 그 존엄과 권리에 있어 동등하다.",
            "“引号”——破折号……省略号",
            "使用 UTF-8 编码，在 iPhone手机 和 Linux 上 都 可以 显示",
        ] {
            assert!(suspects(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn mojibake_shows_its_wrong_decoder() {
        assert!(suspects("KompatibilitÃ¤t").covers(Suspects::of_single(SingleByte::Windows1252)));
        assert!(suspects("РґР°РЅРЅС‹Рµ").covers(Suspects::of_single(SingleByte::Windows1251)));
        assert!(suspects("Õâ¸ö»úÆ÷").covers(Suspects::of_single(SingleByte::Windows1252)));
        assert!(suspects("уПДЕТЦЙФ ГЕМПЕ").covers(Suspects::of_single(SingleByte::Windows1251)));
        assert!(suspects("f├╝gt").covers(Suspects::of_single(SingleByte::Cp437)));
        assert!(suspects("閲戞矙姘存媿浜戝礀鏆栵紝").covers(Suspects::of_cjk()));
        assert!(suspects("繝ｪ繧ｽ繝ｼ繧ｹ").covers(Suspects::of_cjk()));
        // `およ` read as Shift_JIS: 翫 is in JIS level 1, so 縺 is the only rare one.
        assert!(suspects("login 縺翫ｈ").covers(Suspects::of_cjk()));
        assert!(suspects("fonctionnalit脙漏").covers(Suspects::of_cjk()));
        // `über`, `à` and `é`: UTF-8 read as windows-1252, then as GBK, a word's first letter.
        assert!(suspects("Informationen 脙录ber Dateisysteme").covers(Suspects::of_cjk()));
        assert!(suspects("erreur 脙聽 : bug").covers(Suspects::of_cjk()));
        assert!(suspects("de l'脙漏cran X").covers(Suspects::of_cjk()));
        assert!(suspects("SlovenÄ\u{fffd}ina").covers(Suspects::of_single(SingleByte::Windows1252)));
        assert!(suspects("voilÃ le travail").covers(Suspects::of_single(SingleByte::Windows1252)));
    }

    fn assert_no_part_shows_more(text: &str) {
        let whole = suspects_beside_losses(text);
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(at, _)| at)
            .chain([text.len()])
            .collect();
        for (i, &start) in bounds.iter().enumerate() {
            for &end in &bounds[i + 1..] {
                let part = &text[start..end];
                assert!(
                    whole.covers(suspects_beside_losses(part)),
                    "{part:?} of {text:?}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn no_part_of_any_text_shows_a_sign_its_whole_does_not(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'Z', ' ', '.', 'Ã', '¤', 'Â', '\u{a0}', '€', '‚', 'Р', 'ґ', 'у', 'П', 'Д',
                '├', '╝', 'Ä', '\u{fffd}', '\u{85}', '縺', '翫', '脙', '漏', '鱻', '龘', '人',
                '的', '。', 'ｪ', '\u{e000}', 'ㄅ',
            ]), 0..16)
        ) {
            assert_no_part_shows_more(&chars.into_iter().collect::<String>());
        }
    }

    /// The stage skips looking for a further layer inside a repair whose whole shows no
    /// sign, which is right only if no part of a text shows a sign its whole does not.
    #[test]
    fn no_part_of_a_text_shows_a_sign_its_whole_does_not() {
        for text in [
            "KompatibilitÃ¤t Ã  voilÃ le travail",
            "Õâ¸ö»úÆ÷ и уПДЕТЦЙФ ГЕМПЕ РґР°РЅРЅС‹Рµ",
            "f├╝gt SlovenÄ\u{fffd}ina",
            "閲戞矙姘存媿浜戝礀鏆栵紝 繝ｪ繧ｽ繝ｼ繧ｹ login 縺翫ｈ",
            "fonctionnalit脙漏 de l'脙漏cran X erreur 脙聽 : bug",
            "經濟日\u{fffd}\u{fffd}報 鱻\u{fffd}龘 a鱻b 鱻 龘",
            "人人生而自由，在尊严和权利上一律平等。ABCDEFGH",
        ] {
            assert_no_part_shows_more(text);
        }
    }
}
