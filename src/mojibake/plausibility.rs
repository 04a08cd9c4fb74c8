//! How plausible a text is as real writing: a cost in bits (lower is more plausible), so that
//! a span and its candidate repair can be compared.
//!
//! No crate scores mixed-script text this way, so the model is our own and deliberately
//! small. Letters of alphabets cost their information under letter bigrams
//! ([`letters`](super::letters)); other characters what their class costs (a space a few
//! bits, a C1 control or a private-use character many); and each pair of neighbours a
//! penalty when unlikely: a lowercase letter followed by an uppercase one, a letter next to
//! a symbol, two scripts inside one word. These are the marks mojibake leaves
//! (`KompatibilitÃ¤t`, `РґР°`, `Õâ¸ö»úÆ÷`), as ftfy's "badness" also notes. Han characters
//! cost their information under a character
//! bigram model built from jieba's dictionary counts (`data/cjk-frequency`, MIT), its
//! words also converted to traditional characters with OpenCC's dictionaries: mojibake
//! such as `浣犲ソ` for 你好 is made of rare characters in pairs no word contains, so it
//! costs far more than the text it came from. Characters the tables lack cost no more than
//! a character of Big5's frequent block (Japanese kanji no more than one of JIS level 1).

use super::letters::Letters;
use crate::frequency::{CHARS_TSV, PAIRS_TSV};
use encoding_rs::{Encoding, BIG5, EUC_KR, GBK, SHIFT_JIS};
use rustc_hash::FxBuildHasher;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// The Han characters the tables index: CJK Unified Ideographs and Extension A.
const HAN_START: u32 = 0x3400;
const HAN_END: u32 = 0xa000;

/// Bits for a Han character of a legacy encoding's frequent block that the dictionary
/// lacks (Japanese forms, rare traditional ones).
const FREQUENT_BLOCK_BITS: f32 = 13.0;
/// Bits for any other Han character missing from the dictionary.
const UNKNOWN_HAN_BITS: f32 = 20.0;
/// Weight of the pair estimate against the unigram one in the bigram model.
const PAIR_WEIGHT: f64 = 0.5;
/// What the bigram model adds for a pair the dictionary does not have: the pair estimate
/// is zero, so the character keeps only the `1 - PAIR_WEIGHT` share of its probability.
const UNSEEN_PAIR_BITS: f32 = 1.0;

/// What a character is, for the cost model. Its value indexes [`CLASSES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(super) enum Class {
    Space,
    Digit,
    AsciiLower,
    AsciiUpper,
    AsciiPunct,
    /// Accented letters of the European alphabets (Latin-1 and Latin Extended-A).
    LatinLower,
    LatinUpper,
    /// Latin letters that real text hardly uses (Extended-B, IPA, `Ŀ`, `ŉ`).
    LatinRare,
    CyrillicLower,
    CyrillicUpper,
    GreekLower,
    GreekUpper,
    /// Letters of the caseless alphabets the letter tables hold.
    Hebrew,
    Arabic,
    Han,
    Kana,
    HalfwidthKana,
    Hangul,
    /// CJK and fullwidth punctuation.
    CjkPunct,
    /// Fullwidth Latin letters and digits.
    Fullwidth,
    /// General punctuation that real text uses: quotes, dashes, ellipsis, guillemets.
    Punct,
    /// Symbols: currency, math, arrows, box drawing, Latin-1's `¤¦¨¬¯´¸`.
    Symbol,
    /// Combining diacritical marks: decomposed text writes one after each accented letter.
    Mark,
    /// C0 (other than tab and newline) and C1 controls.
    Control,
    Private,
    Replacement,
    /// Any other script (Hebrew, Arabic, Indic, ...).
    Other,
}

/// Whether `c` separates words: a space or a punctuation mark.
pub(super) fn is_separator(c: char) -> bool {
    matches!(
        Class::of(c),
        Class::Space | Class::AsciiPunct | Class::Punct | Class::CjkPunct
    )
}

/// The broad script a class belongs to, for the "two scripts in one word" penalty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
    Greek,
    Hebrew,
    Arabic,
    Cjk,
    Hangul,
    Neutral,
    Junk,
}

/// Each class's script, by class.
const SCRIPTS: [Script; CLASSES.len()] = {
    let mut scripts = [Script::Neutral; CLASSES.len()];
    let mut index = 0;
    while index < CLASSES.len() {
        scripts[index] = CLASSES[index].script_of();
        index += 1;
    }
    scripts
};

/// Every class, in order.
const CLASSES: [Class; 27] = [
    Class::Space,
    Class::Digit,
    Class::AsciiLower,
    Class::AsciiUpper,
    Class::AsciiPunct,
    Class::LatinLower,
    Class::LatinUpper,
    Class::LatinRare,
    Class::CyrillicLower,
    Class::CyrillicUpper,
    Class::GreekLower,
    Class::GreekUpper,
    Class::Hebrew,
    Class::Arabic,
    Class::Han,
    Class::Kana,
    Class::HalfwidthKana,
    Class::Hangul,
    Class::CjkPunct,
    Class::Fullwidth,
    Class::Punct,
    Class::Symbol,
    Class::Mark,
    Class::Control,
    Class::Private,
    Class::Replacement,
    Class::Other,
];

impl Class {
    /// The class of `c`: from a table for the BMP (scoring asks for every character of
    /// every candidate), worked out for the rest.
    pub(super) fn of(c: char) -> Class {
        Class::of_in(class_table(), c)
    }

    /// The class of `c`, with the BMP's classes at hand.
    #[inline]
    fn of_in(table: &[Class], c: char) -> Class {
        match table.get(c as usize) {
            Some(&class) => class,
            None => Class::classify(c),
        }
    }

    fn classify(c: char) -> Class {
        match c {
            ' ' | '\t' | '\n' | '\r' | '\u{a0}' | '\u{3000}' => Class::Space,
            '0'..='9' => Class::Digit,
            'a'..='z' => Class::AsciiLower,
            'A'..='Z' => Class::AsciiUpper,
            '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' => Class::Control,
            '!'..='~' => Class::AsciiPunct,
            '«' | '»' | '°' | '·' | '¿' | '¡' => Class::Punct,
            'ß' | 'ª' | 'º' | 'µ' => Class::LatinLower,
            '\u{c0}'..='\u{de}' if c != '×' => Class::LatinUpper,
            '\u{df}'..='\u{ff}' if c != '÷' => Class::LatinLower,
            '\u{100}'..='\u{17f}' => latin_extended_a(c),
            '\u{180}'..='\u{2af}' => Class::LatinRare,
            '\u{300}'..='\u{36f}' => Class::Mark,
            // Vietnamese writes its stacked diacritics from Latin Extended Additional.
            '\u{1e00}'..='\u{1eff}' => latin_extended_additional(c),
            '\u{370}'..='\u{3ff}' => greek(c),
            '\u{400}'..='\u{4ff}' => cyrillic(c),
            '\u{5d0}'..='\u{5ea}' | '\u{5f0}'..='\u{5f2}' => Class::Hebrew,
            '\u{620}'..='\u{64a}' | '\u{66e}'..='\u{6d3}' | '\u{6d5}' => Class::Arabic,
            '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}' => Class::Punct,
            '\u{3001}'..='\u{303f}' | '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}' => {
                Class::CjkPunct
            }
            // Vertical and small forms of CJK punctuation (Big5 has them: `﹝`).
            '\u{fe10}'..='\u{fe1f}' | '\u{fe30}'..='\u{fe6f}' => Class::CjkPunct,
            '\u{ff3b}'..='\u{ff40}' | '\u{ff5b}'..='\u{ff65}' => Class::CjkPunct,
            '\u{ff10}'..='\u{ff19}' | '\u{ff21}'..='\u{ff3a}' | '\u{ff41}'..='\u{ff5a}' => {
                Class::Fullwidth
            }
            '\u{3041}'..='\u{30ff}' | '\u{31f0}'..='\u{31ff}' => Class::Kana,
            '\u{ff66}'..='\u{ff9f}' => Class::HalfwidthKana,
            '\u{ac00}'..='\u{d7a3}' | '\u{1100}'..='\u{11ff}' | '\u{3130}'..='\u{318f}' => {
                Class::Hangul
            }
            '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' => {
                Class::Han
            }
            '\u{20000}'..='\u{3134f}' => Class::Han,
            '\u{e000}'..='\u{f8ff}' | '\u{f0000}'..='\u{10ffff}' => Class::Private,
            '\u{fffd}' => Class::Replacement,
            '\u{a1}'..='\u{bf}' | '×' | '÷' => Class::Symbol,
            '\u{2000}'..='\u{2bff}' | '\u{2e00}'..='\u{2e7f}' | '\u{1f000}'..='\u{1faff}' => {
                Class::Symbol
            }
            _ => Class::Other,
        }
    }

    fn script(self) -> Script {
        SCRIPTS[self as usize]
    }

    const fn script_of(self) -> Script {
        match self {
            Class::AsciiLower
            | Class::AsciiUpper
            | Class::LatinLower
            | Class::LatinUpper
            | Class::LatinRare => Script::Latin,
            Class::CyrillicLower | Class::CyrillicUpper => Script::Cyrillic,
            Class::GreekLower | Class::GreekUpper => Script::Greek,
            Class::Hebrew => Script::Hebrew,
            Class::Arabic => Script::Arabic,
            Class::Han
            | Class::Kana
            | Class::HalfwidthKana
            | Class::CjkPunct
            | Class::Fullwidth => Script::Cjk,
            Class::Hangul => Script::Hangul,
            Class::Space | Class::Digit | Class::AsciiPunct | Class::Punct | Class::Mark => {
                Script::Neutral
            }
            Class::Symbol | Class::Control | Class::Private | Class::Replacement | Class::Other => {
                Script::Junk
            }
        }
    }

    fn is_letter(self) -> bool {
        !matches!(self.script(), Script::Neutral | Script::Junk)
    }

    fn is_upper(self) -> bool {
        matches!(
            self,
            Class::AsciiUpper | Class::LatinUpper | Class::CyrillicUpper | Class::GreekUpper
        )
    }

    fn is_lower(self) -> bool {
        matches!(
            self,
            Class::AsciiLower | Class::LatinLower | Class::CyrillicLower | Class::GreekLower
        )
    }

    fn is_ascii(self) -> bool {
        matches!(
            self,
            Class::Space | Class::Digit | Class::AsciiLower | Class::AsciiUpper | Class::AsciiPunct
        )
    }

    /// Bits for a character of this class. Letters of alphabets are scored by the letter
    /// tables (see [`cost`]); this is what a letter they lack costs. Han characters and
    /// Hangul syllables have their own (see [`Model::unigram`]).
    fn bits(self) -> f32 {
        match self {
            Class::Space => 3.0,
            Class::Digit | Class::AsciiPunct => 6.0,
            Class::Kana => 6.5,
            Class::CjkPunct => 6.0,
            Class::Punct => 8.0,
            Class::Mark => 10.0,
            Class::Fullwidth => 11.0,
            Class::Symbol => 12.0,
            // Scripts the model does not know. Two-byte UTF-8 read through the wrong code
            // page lands in them (Armenian, Hebrew, Arabic...), so a repair into one needs
            // strong evidence.
            Class::Other => 16.0,
            Class::HalfwidthKana => 13.0,
            Class::Replacement => 14.0,
            Class::AsciiLower
            | Class::AsciiUpper
            | Class::LatinLower
            | Class::LatinUpper
            | Class::LatinRare
            | Class::CyrillicLower
            | Class::CyrillicUpper
            | Class::GreekLower
            | Class::GreekUpper
            | Class::Hebrew
            | Class::Arabic => 16.0,
            Class::Control | Class::Private => 18.0,
            Class::Han | Class::Hangul => UNKNOWN_HAN_BITS,
        }
    }
}

/// Accented letters of Latin Extended-A: the ones European languages write are ordinary,
/// the rest (`Ŀ ŀ ŉ ĸ ſ` and a few more) are rare.
fn latin_extended_a(c: char) -> Class {
    match c {
        'ĸ' | 'Ŀ' | 'ŀ' | 'ŉ' | 'ſ' | 'Ĳ' | 'ĳ' | 'Ŋ' | 'ŋ' | 'Ŧ' | 'ŧ' | 'Ħ' | 'ħ' => {
            Class::LatinRare
        }
        // Upper and lower case alternate through the block.
        _ if (u32::from(c) & 1 == 0)
            != (('\u{139}'..='\u{148}').contains(&c) || ('\u{179}'..='\u{17e}').contains(&c)) =>
        {
            Class::LatinUpper
        }
        _ => Class::LatinLower,
    }
}

/// Latin Extended Additional: capitals at even code points, small letters at odd ones,
/// but for a few letters in 1E96–1E9F that no language writes as ordinary text.
fn latin_extended_additional(c: char) -> Class {
    match c {
        '\u{1e96}'..='\u{1e9f}' => Class::LatinRare,
        _ if u32::from(c) & 1 == 0 => Class::LatinUpper,
        _ => Class::LatinLower,
    }
}

fn greek(c: char) -> Class {
    match c {
        'Ά' | 'Έ'..='Ϋ' => Class::GreekUpper,
        'ά'..='ώ' => Class::GreekLower,
        _ => Class::Symbol,
    }
}

fn cyrillic(c: char) -> Class {
    match c {
        'А'..='Я' | 'Ё' => Class::CyrillicUpper,
        'а'..='я' | 'ё' => Class::CyrillicLower,
        '\u{400}'..='\u{40f}' => Class::CyrillicUpper,
        _ => Class::CyrillicLower,
    }
}

/// The class of each BMP character.
fn class_table() -> &'static [Class] {
    static TABLE: OnceLock<Vec<Class>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..0x10000u32)
            .map(|code| char::from_u32(code).map_or(Class::Other, Class::classify))
            .collect()
    })
}

/// Penalty in bits for `class` right after `prev`.
fn transition(prev: Class, class: Class) -> f32 {
    if prev.is_ascii() && class.is_ascii() {
        return 0.0;
    }
    let (a, b) = (prev.script(), class.script());
    let mut bits = 0.0;
    if prev.is_lower() && class.is_upper() {
        // An accented capital inside a lowercase word is rarer than camelCase.
        bits += if class.is_ascii() { 6.0 } else { 10.0 };
    }
    let kana = |class: Class| matches!(class, Class::Kana | Class::HalfwidthKana);
    if prev.is_letter() && class.is_letter() && a != b {
        bits += match (a, b) {
            (Script::Cjk, Script::Latin) | (Script::Latin, Script::Cjk)
                if (prev.is_ascii() || class.is_ascii()) && !kana(prev) && !kana(class) =>
            {
                1.0
            }
            (Script::Cjk, Script::Hangul) | (Script::Hangul, Script::Cjk) => 4.0,
            _ => 9.0,
        };
    }
    if (prev.is_letter() && b == Script::Junk) || (a == Script::Junk && class.is_letter()) {
        bits += 5.0;
    }
    if a == Script::Junk && b == Script::Junk {
        bits += 2.0;
    }
    if (prev == Class::HalfwidthKana) != (class == Class::HalfwidthKana)
        && (a == Script::Cjk && b == Script::Cjk)
    {
        bits += 4.0;
    }
    bits
}

/// The character tables, built on first use.
struct Model {
    /// Bits of each Han character `HAN_START..HAN_END` (unigram), quantized to 1/8 bit.
    han_bits: Vec<u16>,
    /// For each in-word pair the dictionary has (keyed by [`pair_key`]), the bits the
    /// bigram model adds to its second character's cost (negative: the pair makes it
    /// likelier). Any other pair of Han characters adds [`UNSEEN_PAIR_BITS`].
    pair_bits: HashMap<u64, f32, FxBuildHasher>,
    /// Hangul syllables in KS X 1001 (the 2,350 that real text uses).
    common_hangul: Vec<bool>,
    /// [`transition`] for every two classes, `transitions[prev][class]`.
    transitions: [[f32; CLASSES.len()]; CLASSES.len()],
}

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(Model::build)
}

/// Whether `c` is in the frequent block of a legacy CJK encoding (Big5 level 1, JIS X 0208
/// level 1, KS X 1001's Hangul).
pub(super) fn in_frequent_block(encoding: &'static Encoding, c: char) -> bool {
    let Some(super::reverse::Bytes::Two(lead, trail)) = super::reverse::lookup(encoding, c) else {
        return false;
    };
    if encoding == BIG5 {
        (0xa4..=0xc5).contains(&lead) || (lead == 0xc6 && trail <= 0x7e)
    } else if encoding == SHIFT_JIS {
        (0x88..=0x98).contains(&lead)
    } else if encoding == EUC_KR {
        (0xb0..=0xc8).contains(&lead) && trail >= 0xa1
    } else if encoding == GBK {
        (0xb0..=0xd7).contains(&lead) && trail >= 0xa1
    } else {
        false
    }
}

impl Model {
    fn build() -> Model {
        let size = (HAN_END - HAN_START) as usize;
        let mut counts = vec![0u32; size];
        let mut total = 0f64;
        for (c, count) in tsv(CHARS_TSV) {
            total += f64::from(count);
            if let Some(slot) = han_index(c.chars().next().unwrap_or(' ')) {
                counts[slot] = count;
            }
        }
        let mut han_bits = Vec::with_capacity(size);
        let mut han_probability = Vec::with_capacity(size);
        for (slot, &count) in counts.iter().enumerate() {
            let c = char::from_u32(HAN_START + slot as u32).unwrap_or(' ');
            let dictionary = if count > 0 {
                (-(f64::from(count) / total).log2()) as f32
            } else {
                UNKNOWN_HAN_BITS
            };
            let block = if in_frequent_block(BIG5, c) || in_frequent_block(SHIFT_JIS, c) {
                FREQUENT_BLOCK_BITS
            } else {
                UNKNOWN_HAN_BITS
            };
            let bits = dictionary.min(block).min(UNKNOWN_HAN_BITS);
            han_bits.push((bits * 8.0) as u16);
            han_probability.push(2f32.powf(-bits));
        }
        let pairs: Vec<(char, char, u32)> = tsv(PAIRS_TSV)
            .filter_map(|(pair, count)| {
                let mut chars = pair.chars();
                Some((chars.next()?, chars.next()?, count))
            })
            .collect();
        let mut first: HashMap<char, u32> = HashMap::new();
        for &(a, _, count) in &pairs {
            *first.entry(a).or_insert(0) += count;
        }
        // P(b | a) mixed with P(b), against P(b) alone, in bits.
        let mut pair_bits = HashMap::with_capacity_and_hasher(pairs.len(), FxBuildHasher);
        for &(a, b, count) in &pairs {
            let Some(slot) = han_index(b) else {
                continue;
            };
            let unigram = f64::from(han_probability[slot]);
            let conditional = f64::from(count) / f64::from(first[&a]);
            let mixed = PAIR_WEIGHT * conditional + (1.0 - PAIR_WEIGHT) * unigram;
            pair_bits.insert(pair_key(a, b), (unigram.log2() - mixed.log2()) as f32);
        }
        let common_hangul = ('\u{ac00}'..='\u{d7a3}')
            .map(|c| in_frequent_block(EUC_KR, c))
            .collect();
        Model {
            han_bits,
            pair_bits,
            common_hangul,
            transitions: CLASSES.map(|prev| CLASSES.map(|class| transition(prev, class))),
        }
    }

    fn unigram(&self, c: char, class: Class) -> f32 {
        match class {
            Class::Han => match han_index(c) {
                Some(slot) => f32::from(self.han_bits[slot]) / 8.0,
                None => UNKNOWN_HAN_BITS,
            },
            Class::Hangul => {
                let slot = u32::from(c).wrapping_sub(0xac00) as usize;
                if self.common_hangul.get(slot) == Some(&true) {
                    9.5
                } else {
                    16.0
                }
            }
            // Vertical and small forms: punctuation, but rare outside vertical layout.
            Class::CjkPunct if ('\u{fe10}'..='\u{fe6f}').contains(&c) => 12.0,
            _ => class.bits(),
        }
    }

    /// The change in bits that the bigram model makes to `b`'s unigram cost after `a`, both
    /// Han: negative for a pair words contain, one bit for a pair they never do.
    fn pair_adjustment(&self, a: char, b: char) -> f32 {
        if han_index(b).is_none() {
            return 0.0;
        }
        self.pair_bits
            .get(&pair_key(a, b))
            .copied()
            .unwrap_or(UNSEEN_PAIR_BITS)
    }
}

/// One `u64` for a pair of characters, the key of [`Model::pair_bits`].
fn pair_key(a: char, b: char) -> u64 {
    u64::from(a) << 32 | u64::from(b)
}

fn han_index(c: char) -> Option<usize> {
    let code = u32::from(c);
    (HAN_START..HAN_END)
        .contains(&code)
        .then(|| (code - HAN_START) as usize)
}

/// The dictionary's Han characters, most frequent first.
pub(super) fn dictionary_chars() -> impl Iterator<Item = char> {
    tsv(CHARS_TSV).filter_map(|(key, _)| key.chars().next())
}

fn tsv(table: &'static str) -> impl Iterator<Item = (&'static str, u32)> {
    table
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (key, count) = line.split_once('\t')?;
            Some((key, count.parse().ok()?))
        })
}

/// Extra bits for CJK characters between two Latin letters (`bar猫me`): Chinese and
/// Japanese text puts Latin words next to its own characters, not its characters inside
/// Latin words.
const WIDE_IN_WORD_BITS: f32 = 12.0;

fn is_wide(class: Class) -> bool {
    matches!(class.script(), Script::Cjk | Script::Hangul)
}

/// Extra bits for a non-ASCII mark between two letters of an alphabet (`Ä°stanbul`,
/// `RÄ«ga`, `HÃ”TEL`, `Г‚ВЈ`, `PrzeglÄ…darka`): inside a word real text has apostrophes,
/// hyphens, dashes and the Catalan middle dot, not quotes, ellipses, degrees or Latin-1's
/// symbols. Continuation bytes read as windows-1252 or windows-1251 are exactly such marks.
const MARK_IN_WORD_BITS: f32 = 8.0;

/// Whether `c`, between two letters, is a mark no word holds (see [`MARK_IN_WORD_BITS`]).
fn is_mark_inside_word(c: char, class: Class) -> bool {
    match class {
        Class::Punct => !matches!(
            c,
            '\u{2010}'..='\u{2015}' | '\u{2018}' | '\u{2019}' | '·' | '\u{2027}'
        ),
        Class::Symbol => true,
        Class::Space => c == '\u{a0}',
        _ => false,
    }
}

/// Extra bits for a combining mark after a letter it does not compose with: decomposed text
/// writes marks that its letters take (`e` and U+0301 make `é`), while MacRoman's `Ã¨` read
/// as UTF-8 puts U+032C on any letter, and on U+FFFD when bytes were lost (`命名` read as
/// EUC-JP's bytes is U+033F U+033E). After a digit or a symbol, a mark is a styling
/// (`$̶6̶3̶` crossed out) and costs only its class.
const STRAY_MARK_BITS: f32 = 8.0;

/// Extra bits for a no-break space next to another space: it keeps two words together, so
/// a space beside it is redundant; UTF-8 `à ` read as windows-1252 is `Ã\u{a0} `.
const NO_BREAK_BESIDE_SPACE_BITS: f32 = 8.0;

/// Extra bits for `ß`, which the letter tables spell `ss`.
const SHARP_S_BITS: f32 = 3.0;

/// A letter of an alphabet (Latin, Cyrillic, Greek, Hebrew, Arabic) as the letter tables
/// spell it (`ß` is `s`; capitals are looked up as they are), with its script; `None` for
/// any other character.
fn alphabet_letter(c: char, class: Class) -> Option<(char, Script)> {
    let script = class.script();
    if !matches!(
        script,
        Script::Latin | Script::Cyrillic | Script::Greek | Script::Hebrew | Script::Arabic
    ) {
        return None;
    }
    Some((if c == 'ß' { 's' } else { c }, script))
}

/// The cost in bits of `text` between the characters `before` and `after` (its neighbours
/// in the line). `before` counts only as context; `after` counts with its cost in that
/// context, so that a repair which changes how the next word goes on pays for it.
///
/// Letters of an alphabet cost their bigram information within their word (see
/// [`letters`](super::letters)), a word's end what ending after its last letter costs;
/// other characters cost their class (Han characters their bigram information under the
/// dictionary's counts), and every pair of neighbours the penalty of [`transition`].
pub(super) fn cost(before: Option<char>, text: &str, after: Option<char>) -> f32 {
    let tables = Tables::get();
    let mut state = State::after(before);
    let mut total = 0.0;
    for c in text.chars().chain(after) {
        let (bits, next) = state.step(c, tables);
        total += bits;
        state = next;
    }
    total
}

/// The tables scoring reads, fetched once per text rather than once per character.
#[derive(Clone, Copy)]
struct Tables {
    model: &'static Model,
    letters: &'static Letters,
    classes: &'static [Class],
}

impl Tables {
    fn get() -> Tables {
        Tables {
            model: model(),
            letters: super::letters::letters(),
            classes: class_table(),
        }
    }
}

/// What scoring carries from one character to the next: all that a character's bits depend
/// on besides the character itself.
#[derive(Clone, Copy, PartialEq, Eq)]
struct State {
    /// The character before, with its class.
    prev: Option<(char, Class)>,
    /// Whether the run of wide characters going on began right after a Latin letter.
    wide_after_latin: bool,
    /// Whether the character before `prev` was a letter of an alphabet.
    letter_before_prev: bool,
}

impl State {
    /// The state before the first character of a text that follows `before`.
    fn after(before: Option<char>) -> State {
        State {
            prev: before.map(|c| (c, Class::of(c))),
            wide_after_latin: false,
            letter_before_prev: false,
        }
    }

    /// The bits `c` costs in this state, and the state after it.
    #[inline(always)]
    fn step(self, c: char, tables: Tables) -> (f32, State) {
        let Tables {
            model,
            letters,
            classes,
        } = tables;
        let class = Class::of_in(classes, c);
        // The bits `c` adds: the transition from the character before, then what its pair
        // with that character adds, a word's end, and its own bits.
        let mut bits = 0.0;
        let mut wide_after_latin = self.wide_after_latin;
        // The word going on: the letter before, if it is one.
        let mut word = None;
        if let Some((p, prev_class)) = self.prev {
            bits += model.transitions[prev_class as usize][class as usize];
            if prev_class == Class::Han && class == Class::Han {
                bits += model.pair_adjustment(p, c);
            }
            if is_wide(class) {
                if !is_wide(prev_class) {
                    wide_after_latin = prev_class.script() == Script::Latin;
                }
            } else {
                if wide_after_latin && is_wide(prev_class) && class.script() == Script::Latin {
                    bits += WIDE_IN_WORD_BITS;
                }
                wide_after_latin = false;
            }
            word = alphabet_letter(p, prev_class);
        }
        let letter = alphabet_letter(c, class);
        if let Some((p, prev_class)) = self.prev {
            let mark_in_word =
                self.letter_before_prev && letter.is_some() && is_mark_inside_word(p, prev_class);
            if mark_in_word {
                bits += MARK_IN_WORD_BITS;
            }
            // A lost character had no marks on it: what follows U+FFFD is no mark of it.
            if class == Class::Mark
                && (prev_class == Class::Replacement
                    || (prev_class.is_letter()
                        && unicode_normalization::char::compose(p, c).is_none()))
            {
                bits += STRAY_MARK_BITS;
            }
            if prev_class == Class::Space
                && class == Class::Space
                && (p == '\u{a0}') != (c == '\u{a0}')
            {
                bits += NO_BREAK_BESIDE_SPACE_BITS;
            }
        }
        // The letter before in the same word: a letter of the same script.
        let same_word = word
            .filter(|&(_, w)| letter.is_some_and(|(_, l)| l == w))
            .map(|(w, _)| w);
        if let (Some((last, _)), None) = (word, same_word) {
            bits += letters.end_bits(last);
        }
        bits += match letter {
            Some((l, _)) => match letters.bits(same_word, l) {
                Some(bits) if c == 'ß' => bits + SHARP_S_BITS,
                Some(bits) => bits,
                None => class.bits(),
            },
            None => model.unigram(c, class),
        };
        let next = State {
            prev: Some((c, class)),
            wide_after_latin,
            letter_before_prev: word.is_some(),
        };
        (bits, next)
    }
}

/// A text scored once, character by character, so that the cost of any stretch of it,
/// between any neighbours, mostly adds up steps already taken: a line's segments and runs
/// are scored this way for every chain, and each repair's segments and runs too.
///
/// The sum is [`cost`]'s to the bit. A character's bits depend on nothing but the
/// [`State`] before it; where a stretch's own state differs from the scan's (another
/// character before it), its characters are stepped afresh until the two agree again, and
/// the same per-character bits are added in the same order either way.
#[derive(Default)]
pub(super) struct Scan {
    /// Byte offset in the scanned text of its start, in the text its ranges refer to.
    base: usize,
    /// For each byte offset from `base` on a character boundary, the character's index
    /// (entries past the scanned text's length are left from longer texts).
    index: Vec<u32>,
    /// The scanned text's length in bytes.
    len: usize,
    /// Each character with the state before it and its step; then the state after the last.
    scanned: Vec<Scanned>,
    end: Option<State>,
}

#[derive(Clone, Copy)]
struct Scanned {
    c: char,
    state: State,
    /// The bits it adds in that state.
    bits: f32,
}

impl Scan {
    /// Scores `text`, which starts at byte `base` of the text that ranges refer to and
    /// follows the character `before`.
    pub(super) fn fill(&mut self, before: Option<char>, text: &str, base: usize) {
        self.base = base;
        // Only offsets on character boundaries are read, and each is written below: what
        // the other entries hold from an earlier text does not matter, and is not cleared.
        if self.index.len() < text.len() + 1 {
            self.index.resize(text.len() + 1, 0);
        }
        self.len = text.len();
        self.scanned.clear();
        let tables = Tables::get();
        let mut state = State::after(before);
        for (offset, c) in text.char_indices() {
            self.index[offset] = self.scanned.len() as u32;
            let (bits, next) = state.step(c, tables);
            self.scanned.push(Scanned { c, state, bits });
            state = next;
        }
        self.index[text.len()] = self.scanned.len() as u32;
        self.end = Some(state);
    }

    /// The state before the character at `index`, or after the last.
    fn state(&self, index: usize) -> State {
        match self.scanned.get(index) {
            Some(scanned) => scanned.state,
            None => self.end.expect("a scan was filled"),
        }
    }

    /// What [`cost`] gives for the scanned characters in `range` (byte offsets on character
    /// boundaries, within the scanned text) between `before` and `after`.
    pub(super) fn cost(
        &self,
        before: Option<char>,
        range: Range<usize>,
        after: Option<char>,
    ) -> f32 {
        assert!(
            range.end - self.base <= self.len,
            "a range within the scanned text"
        );
        let tables = Tables::get();
        let from = self.index[range.start - self.base] as usize;
        let to = self.index[range.end - self.base] as usize;
        let mut state = State::after(before);
        let mut total = 0.0;
        let mut at = from;
        while at < to && state != self.scanned[at].state {
            let (bits, next) = state.step(self.scanned[at].c, tables);
            total += bits;
            state = next;
            at += 1;
        }
        if at < to {
            // The states agree from here on.
            for scanned in &self.scanned[at..to] {
                total += scanned.bits;
            }
            state = self.state(to);
        }
        if let Some(c) = after {
            total += state.step(c, tables).0;
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bits(text: &str) -> f32 {
        cost(None, text, None)
    }

    #[test]
    fn mojibake_costs_more_than_its_repair() {
        for (mojibake, text) in [
            ("KompatibilitÃ¤tsgrÃ¼nden", "Kompatibilitätsgründen"),
            ("РґР°РЅРЅРёРµ", "данные"),
            ("浣犲ソ", "你好"),
            ("Õâ¸ö»úÆ÷", "这个机器"),
            ("§ó¦h¸ê°T°Ñ¨£", "更多資訊參見"),
            ("繝ｪ繧ｽ繝ｼ繧ｹ", "リソース"),
            ("Æò³â¿¡", "평년에"),
        ] {
            assert!(bits(mojibake) > bits(text) + 10.0, "{mojibake} {text}");
        }
    }

    #[test]
    fn traditional_text_costs_about_what_its_simplified_form_does() {
        for (traditional, simplified) in [("這個機器", "这个机器"), ("應該檢查", "应该检查")]
        {
            assert!(
                (bits(traditional) - bits(simplified)).abs() < 4.0,
                "{traditional} {simplified}"
            );
        }
    }

    #[test]
    fn common_pairs_cost_less_than_their_characters() {
        assert!(bits("中国") < bits("中") + bits("国"));
        assert!(bits("国中") > bits("中国"));
    }

    #[test]
    fn a_scan_gives_the_cost_of_any_stretch_to_the_bit() {
        let text = "bar猫me Größe 中国人民 Õâ¸ö»úÆ÷ fÃ¼r РґР°Ð½ 浣犲ソ ｱｲ 평년에 x";
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(at, _)| at)
            .chain([text.len()])
            .collect();
        let mut scan = Scan::default();
        for before in [None, Some('a'), Some('中')] {
            scan.fill(before, text, 0);
            for (i, &start) in boundaries.iter().enumerate() {
                for &end in &boundaries[i..] {
                    let left = text[..start].chars().next_back();
                    let right = text[end..].chars().next();
                    for (left, right) in [(left, right), (Some('b'), None), (None, Some('猫'))] {
                        let expected = cost(left, &text[start..end], right);
                        let got = scan.cost(left, start..end, right);
                        assert_eq!(got.to_bits(), expected.to_bits(), "{start}..{end}");
                    }
                }
            }
        }
    }

    #[test]
    fn classes_index_their_list() {
        for (index, &class) in CLASSES.iter().enumerate() {
            assert_eq!(class as usize, index);
        }
    }

    #[test]
    fn classes() {
        assert_eq!(Class::of('Ł'), Class::LatinUpper);
        assert_eq!(Class::of('ł'), Class::LatinLower);
        assert_eq!(Class::of('ą'), Class::LatinLower);
        assert_eq!(Class::of('Ŀ'), Class::LatinRare);
        assert_eq!(Class::of('\u{81}'), Class::Control);
        assert_eq!(Class::of('я'), Class::CyrillicLower);
        assert_eq!(Class::of('Ђ'), Class::CyrillicUpper);
        assert_eq!(Class::of('ｱ'), Class::HalfwidthKana);
        assert_eq!(Class::of('，'), Class::CjkPunct);
    }
}
