//! The encodings that mojibake passes through, seen from both sides: a *wrong decoder* whose
//! characters are turned back into the bytes it read, and an *original encoding* that decodes
//! those bytes again, character by character, with validity and byte boundaries.
//!
//! Bytes are kept as `u16` units so that a character the wrong decoder could not read (it
//! wrote U+FFFD, the bytes are gone) stays in place as one [`LOST`] unit of unknown length.
//!
//! Single-byte tables come from encoding_rs (WHATWG's tables, the "sloppy" ones browsers use:
//! windows-1252's undefined bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D map to the C1 code points),
//! except IBM code page 437, which encoding_rs lacks. Windows-1252 also takes back the C1
//! code points that true ISO-8859-1 produces, since text decoded as Latin-1 holds them.

use super::lost::lost_characters;
use super::reverse::Decoding;
use encoding_rs::{
    Encoding, BIG5, EUC_JP, EUC_KR, GBK, ISO_8859_2, KOI8_R, MACINTOSH, SHIFT_JIS, WINDOWS_1250,
    WINDOWS_1251, WINDOWS_1252, WINDOWS_1253, WINDOWS_1254, WINDOWS_1257,
};
use std::sync::OnceLock;

/// A unit standing for the unknown bytes of a character a wrong decoder lost (U+FFFD).
pub(super) const LOST: u16 = 0x100;

/// A single-byte code page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SingleByte {
    Windows1252,
    Windows1250,
    Windows1251,
    Windows1253,
    Windows1254,
    Windows1257,
    Iso8859_2,
    MacRoman,
    Cp437,
    Koi8R,
}

impl SingleByte {
    pub(super) const ALL: [SingleByte; 10] = [
        SingleByte::Windows1252,
        SingleByte::Windows1250,
        SingleByte::Windows1251,
        SingleByte::Windows1253,
        SingleByte::Windows1254,
        SingleByte::Windows1257,
        SingleByte::Iso8859_2,
        SingleByte::MacRoman,
        SingleByte::Cp437,
        SingleByte::Koi8R,
    ];

    fn encoding(self) -> Option<&'static Encoding> {
        Some(match self {
            SingleByte::Windows1252 => WINDOWS_1252,
            SingleByte::Windows1250 => WINDOWS_1250,
            SingleByte::Windows1251 => WINDOWS_1251,
            SingleByte::Windows1253 => WINDOWS_1253,
            SingleByte::Windows1254 => WINDOWS_1254,
            SingleByte::Windows1257 => WINDOWS_1257,
            SingleByte::Iso8859_2 => ISO_8859_2,
            SingleByte::MacRoman => MACINTOSH,
            SingleByte::Koi8R => KOI8_R,
            SingleByte::Cp437 => return None,
        })
    }

    /// The character each byte 0x80–0xFF decodes to (U+FFFD where the code page has none).
    pub(super) fn high_half(self) -> &'static [char; 128] {
        &tables()[self as usize].high
    }

    /// The byte this code page writes `c` as, if it has it.
    pub(super) fn byte(self, c: char) -> Option<u8> {
        if c.is_ascii() {
            return Some(c as u8);
        }
        let reverse = &tables()[self as usize].reverse;
        reverse.get(c as usize).copied().filter(|&byte| byte != 0)
    }
}

/// IBM code page 437, bytes 0x80–0xFF.
const CP437_HIGH: [&str; 8] = [
    "ÇüéâäàåçêëèïîìÄÅ",
    "ÉæÆôöòûùÿÖÜ¢£¥₧ƒ",
    "áíóúñÑªº¿⌐¬½¼¡«»",
    "░▒▓│┤╡╢╖╕╣║╗╝╜╛┐",
    "└┴┬├─┼╞╟╚╔╩╦╠═╬╧",
    "╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀",
    "αßΓπΣσµτΦΘΩδ∞φε∩",
    "≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{a0}",
];

struct Table {
    high: [char; 128],
    /// For each code point below [`REVERSE_LEN`], the byte the code page has it at, or 0.
    reverse: Vec<u8>,
}

/// Every character of the single-byte code pages is in the BMP (MacRoman's `ﬁ` is U+FB01).
const REVERSE_LEN: usize = 0x10000;

fn tables() -> &'static [Table] {
    static TABLES: OnceLock<Vec<Table>> = OnceLock::new();
    TABLES.get_or_init(|| {
        SingleByte::ALL
            .iter()
            .map(|&page| build_table(page))
            .collect()
    })
}

fn build_table(page: SingleByte) -> Table {
    let mut high = ['\u{fffd}'; 128];
    match page.encoding() {
        Some(encoding) => {
            for (byte, slot) in (0x80u8..=0xff).zip(high.iter_mut()) {
                let byte = [byte];
                let (text, _) = encoding.decode_without_bom_handling(&byte);
                let mut chars = text.chars();
                if let (Some(c), None) = (chars.next(), chars.next()) {
                    *slot = c;
                }
            }
        }
        None => {
            for (slot, c) in high.iter_mut().zip(CP437_HIGH.concat().chars()) {
                *slot = c;
            }
        }
    }
    let mut reverse: Vec<(char, u8)> = (0x80u8..=0xff)
        .zip(high)
        .filter(|&(_, c)| c != '\u{fffd}')
        .map(|(byte, c)| (c, byte))
        .collect();
    if page == SingleByte::Windows1252 {
        // Text decoded as true ISO-8859-1 holds C1 controls where windows-1252 has
        // punctuation: take them back as the bytes they were.
        for byte in 0x80u8..=0x9f {
            let c = char::from(byte);
            if !reverse.iter().any(|&(have, _)| have == c) {
                reverse.push((c, byte));
            }
        }
    }
    let mut table = vec![0u8; REVERSE_LEN];
    for (c, byte) in reverse {
        table[c as usize] = byte;
    }
    Table {
        high,
        reverse: table,
    }
}

/// An encoding on either side of a mojibake chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Codec {
    Utf8,
    Single(SingleByte),
    /// One of the multibyte CJK encodings of encoding_rs (GBK, Big5, Shift_JIS, EUC-JP,
    /// EUC-KR).
    Multi(&'static Encoding),
}

/// The multibyte CJK codecs, in the order chains try them.
pub(super) const GBK_: Codec = Codec::Multi(GBK);
pub(super) const BIG5_: Codec = Codec::Multi(BIG5);
pub(super) const SJIS: Codec = Codec::Multi(SHIFT_JIS);
pub(super) const EUCJP: Codec = Codec::Multi(EUC_JP);
pub(super) const EUCKR: Codec = Codec::Multi(EUC_KR);

/// Marks a unit of [`Encoded::origin`] that does not start a character.
pub(super) const INSIDE: usize = usize::MAX;

/// Characters turned back into the bytes a wrong decoder read.
#[derive(Default)]
pub(super) struct Encoded {
    /// The bytes, with [`LOST`] for each U+FFFD.
    pub(super) units: Vec<u16>,
    /// For each unit, the text offset of the character that starts there, or [`INSIDE`];
    /// one extra entry holds the offset where the run ends.
    pub(super) origin: Vec<usize>,
}

impl Codec {
    /// This codec as a wrong decoder, its table at hand for a run of characters.
    pub(super) fn reencoder(self) -> Reencoder {
        match self {
            Codec::Utf8 => unreachable!("UTF-8 is never a wrong decoder"),
            Codec::Single(page) => Reencoder::Single(&tables()[page as usize].reverse),
            Codec::Multi(encoding) => Reencoder::Multi(super::reverse::bytes_table(encoding)),
        }
    }
}

/// A wrong decoder's table of characters to bytes, looked up once per run of characters
/// rather than once per character.
#[derive(Clone, Copy)]
pub(super) enum Reencoder {
    /// A single-byte code page's byte for each code point below [`REVERSE_LEN`], or 0.
    Single(&'static [u8]),
    /// A multibyte CJK encoding's bytes for each BMP code point (one byte ≥ 0x80, or
    /// `lead << 8 | trail`), or 0.
    Multi(&'static [u16]),
}

impl Reencoder {
    /// Appends the bytes the wrong decoder read `c` from (found at text offset `offset`) to
    /// `out`; false when it has no such character (the run ends there). U+FFFD becomes one
    /// [`LOST`] unit.
    #[inline]
    pub(super) fn reencode(self, c: char, offset: usize, out: &mut Encoded) -> bool {
        if c.is_ascii() {
            out.push(c as u16, offset);
            return true;
        }
        if c == '\u{fffd}' {
            out.push(LOST, offset);
            return true;
        }
        let code = c as usize;
        let bytes = match self {
            Reencoder::Single(table) => table.get(code).map_or(0, |&byte| u16::from(byte)),
            Reencoder::Multi(table) => table.get(code).copied().unwrap_or(0),
        };
        match bytes {
            0 => return false,
            0x80..=0xff => out.push(bytes, offset),
            _ => {
                out.push(bytes >> 8, offset);
                out.push(bytes & 0xff, INSIDE);
            }
        }
        true
    }
}

/// How many continuation bytes the UTF-8 sequence going on at the end of `units` still
/// needs: its lead byte is at most three units back, and four continuation bytes in a row
/// end any sequence.
fn continuations_pending(units: &[u16]) -> u8 {
    let mut continuations = 0u8;
    for &unit in units.iter().rev().take(4) {
        let needs: u8 = match unit {
            0x80..=0xbf => {
                continuations += 1;
                continue;
            }
            0xc2..=0xdf => 1,
            0xe0..=0xef => 2,
            0xf0..=0xf4 => 3,
            _ => 0,
        };
        return needs.saturating_sub(continuations);
    }
    0
}

impl Encoded {
    /// Appends one unit, with the text offset of the character it starts or [`INSIDE`].
    fn push(&mut self, unit: u16, origin: usize) {
        self.units.push(unit);
        self.origin.push(origin);
    }

    /// Empties it for a new run.
    pub(super) fn clear(&mut self) {
        self.units.clear();
        self.origin.clear();
    }

    /// Closes the run, which ends at text offset `end`.
    pub(super) fn finish(&mut self, end: usize) {
        self.origin.push(end);
    }

    /// Gives each `€` of a run read as GBK the bytes that continue the UTF-8 around it, for
    /// a repair to UTF-8. GBK has two sequences for `€`: 0x80, which its encoder writes, and
    /// A2 E3, which its decoder reads too. UTF-8 read as GBK meets the second wherever a
    /// character ending in byte A2 comes before one starting with E3, as CJK punctuation
    /// does: `谢。她` (E8 B0 A2 E3 80 82 E5 A5 B9) reads as `璋€€傚ス`, and only A2 E3 for
    /// the first `€` gives it back. A2 E3 is taken where a UTF-8 sequence lacks exactly one
    /// continuation byte and two follow (what E3 needs); 0x80 stays everywhere else. At a
    /// line's end the GBK decoder wrote U+FFFD for the last byte (`璧€€�` for `赢。`), which
    /// may have been a continuation byte too. The run must be closed ([`Encoded::finish`]).
    pub(super) fn respell_gbk_euro_for_utf8(&mut self) {
        // A lost unit may have been one.
        let is_continuation =
            |unit: Option<&u16>| unit.is_some_and(|&u| (0x80..=0xbf).contains(&u) || u == LOST);
        // Only the units 0x80 are looked at: runs without `€` are the common case.
        let mut at = 0;
        while let Some(found) = self.units[at..].iter().position(|&unit| unit == 0x80) {
            at += found;
            if self.origin[at] != INSIDE
                && continuations_pending(&self.units[..at]) == 1
                && is_continuation(self.units.get(at + 1))
                && is_continuation(self.units.get(at + 2))
            {
                self.units[at] = 0xa2;
                self.units.insert(at + 1, 0xe3);
                self.origin.insert(at + 1, INSIDE);
                at += 2;
            } else {
                at += 1;
            }
        }
    }
}

/// What one decoded piece of the units is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PieceKind {
    /// An ASCII byte, itself.
    Ascii,
    /// A non-ASCII character (or, for Big5, a character with a combining mark).
    Char,
    /// A character whose bytes were lost in part: written as U+FFFD.
    Lost,
    /// Bytes that are not valid in the original encoding: no repair crosses them.
    Invalid,
}

/// One decoded piece: the units `units_end` ends, the text it decodes to.
#[derive(Clone, Copy, Debug)]
pub(super) struct Piece {
    pub(super) units_end: u32,
    pub(super) text_end: u32,
    pub(super) kind: PieceKind,
}

/// Units decoded with an original encoding.
#[derive(Default)]
pub(super) struct Decoded {
    pub(super) text: String,
    pub(super) pieces: Vec<Piece>,
}

impl Decoded {
    /// Writes the U+FFFD of a lost unit found at unit `at`; returns the unit after it.
    fn push_lost(&mut self, at: usize) -> usize {
        self.text.push('\u{fffd}');
        self.push(at + 1, PieceKind::Lost);
        at + 1
    }

    /// Writes the ASCII byte found at unit `at`; returns the unit after it.
    fn push_ascii(&mut self, byte: u8, at: usize) -> usize {
        self.text.push(char::from(byte));
        self.push(at + 1, PieceKind::Ascii);
        at + 1
    }

    fn push(&mut self, units_end: usize, kind: PieceKind) {
        self.pieces.push(Piece {
            units_end: units_end as u32,
            text_end: self.text.len() as u32,
            kind,
        });
    }
}

/// Decodes `units`, re-encoded from what `wrong` decoded, with `codec` into `out` (cleared
/// first), piece by piece.
pub(super) fn decode(codec: Codec, wrong: Codec, units: &[u16], out: &mut Decoded) {
    out.text.clear();
    out.pieces.clear();
    match codec {
        Codec::Utf8 => decode_utf8(units, matches!(wrong, Codec::Multi(_)), out),
        Codec::Single(page) => {
            let high = page.high_half();
            for (at, &unit) in units.iter().enumerate() {
                match unit {
                    LOST => {
                        out.push_lost(at);
                    }
                    0..=0x7f => {
                        out.push_ascii(unit as u8, at);
                    }
                    _ => match high[usize::from(unit - 0x80)] {
                        '\u{fffd}' => out.push(at + 1, PieceKind::Invalid),
                        c => {
                            out.text.push(c);
                            out.push(at + 1, PieceKind::Char);
                        }
                    },
                }
            }
        }
        Codec::Multi(encoding) => decode_multibyte(encoding, units, out),
    }
}

/// Whether the `à` of `Ã ` joins what follows the space (`rest`), so the space is the byte
/// 0xA0 alone: when another space follows (the no-break space became a space next to the
/// real one), or when the Portuguese word it begins goes on. `à` begins no other words
/// than the crasis contractions `às`, `àquele(s)`, `àquela(s)` and `àquilo`.
fn a_grave_joins_next(rest: &[u16]) -> bool {
    let is = |word: &[u8]| {
        rest.len() >= word.len() && rest.iter().zip(word).all(|(&u, &b)| u == u16::from(b))
    };
    // `às` is a word when a space or a punctuation mark ends it; an elided `s'` is French
    // (`à s'éloigner`).
    let word_ends_at = |i: usize| match rest.get(i).map(|&u| u8::try_from(u)) {
        None => true,
        Some(Ok(b)) => b == b' ' || (b.is_ascii_punctuation() && !matches!(b, b'\'' | b'-')),
        Some(Err(_)) => false,
    };
    is(b" ") || (is(b"s") && word_ends_at(1)) || is(b"quel") || is(b"quil")
}

/// UTF-8 with lost units. A lost unit inside a character loses that character; continuation
/// bytes right after a lost unit belong to a character whose lead byte was lost, unless they
/// complete the character the lost unit interrupted.
///
/// After a multibyte decoder, which writes one U+FFFD for one or two bytes, a run of lost
/// units is read whole (see [`push_lost_run`]). After a single-byte decoder a lost unit is
/// one byte the code page lacks, and is read as below (see [`lose_after`]): that byte is
/// one of a few, and reading runs of them as loosely would turn a real letter beside a
/// U+FFFD in good text into a loss (`сем��аф`).
fn decode_utf8(units: &[u16], multibyte_losses: bool, out: &mut Decoded) {
    let mut at = 0;
    while at < units.len() {
        let unit = units[at];
        if unit < 0x80 {
            at = out.push_ascii(unit as u8, at);
            continue;
        }
        if unit == LOST {
            at = match multibyte_losses {
                true => push_lost_run(units, at, None, out),
                false => lose_after(units, at + 1, 0, out),
            };
            continue;
        }
        let lead = unit as u8;
        let (needed, min) = match lead {
            0xc2..=0xdf => (1, 0x80),
            0xe0..=0xef => (2, 0x800),
            0xf0..=0xf4 => (3, 0x10000),
            _ => {
                at += 1;
                out.push(at, PieceKind::Invalid);
                continue;
            }
        };
        if lead == 0xc3
            && units.get(at + 1) == Some(&u16::from(b' '))
            && !a_grave_joins_next(&units[at + 2..])
        {
            // `Ã ` is `à` whose byte 0xA0 was read as a no-break space and then became a
            // plain space (text copied from web pages): the space stays, as it most
            // likely also followed the `à`.
            out.text.push('à');
            at += 1;
            out.push(at, PieceKind::Char);
            continue;
        }
        let mut value = u32::from(lead) & (0x3f >> needed);
        let mut end = at + 1;
        let mut complete = true;
        for _ in 0..needed {
            match units.get(end) {
                Some(&next) if (0x80..=0xbf).contains(&next) => {
                    value = (value << 6) | u32::from(next & 0x3f);
                    end += 1;
                }
                // Elsewhere a space stands for the byte 0xA0 the same way, and is part of
                // the character (`Ð у` is `Ру`, `Â ` a no-break space).
                Some(&0x20) => {
                    value = (value << 6) | 0x20;
                    end += 1;
                }
                Some(&LOST) if multibyte_losses => {
                    at = push_lost_run(units, at, Some(needed as u8), out);
                    complete = false;
                    break;
                }
                // Encoders that cannot write a character write `?` instead: inside a
                // character it is a lost byte like any other.
                Some(&LOST) | Some(&0x3f) => {
                    // The rest of this character went into the lost unit.
                    let missing = needed - (end - at - 1);
                    at = lose_after(units, end + 1, missing, out);
                    complete = false;
                    break;
                }
                _ => {
                    complete = false;
                    at = end.max(at + 1);
                    out.push(at, PieceKind::Invalid);
                    break;
                }
            }
        }
        if !complete {
            continue;
        }
        if (0xd800..0xdc00).contains(&value) {
            // CESU-8 and Java's modified UTF-8 write a character beyond the BMP as its two
            // UTF-16 surrogates, three bytes each.
            if let Some((c, after)) = cesu8_pair(value, units, end) {
                out.text.push(c);
                out.push(after, PieceKind::Char);
                at = after;
                continue;
            }
        }
        match char::from_u32(value).filter(|_| value >= min && !is_noncharacter(value)) {
            Some(c) => {
                out.text.push(c);
                // A U+FFFD that was written as UTF-8 (`锟斤拷` read back) is a loss too.
                let kind = match c {
                    '\u{fffd}' => PieceKind::Lost,
                    _ => PieceKind::Char,
                };
                out.push(end, kind);
            }
            None => out.push(end, PieceKind::Invalid),
        }
        at = end;
    }
}

/// Whether `code` is a noncharacter or lies in the planes Unicode leaves empty (4–13, and
/// plane 3 after its last ideographs): no text holds one, but four-byte UTF-8 decoded from
/// mojibake lands there (`鹂。` read as GBK's bytes F0 BF A1 A3 is U+3F863).
fn is_noncharacter(code: u32) -> bool {
    (0x323b0..0xe0000).contains(&code)
        || (0xfdd0..=0xfdef).contains(&code)
        || code & 0xfffe == 0xfffe
}

/// The character a high surrogate `high` makes with the low surrogate written in CESU-8 at
/// `units[at..]`, and where that ends.
fn cesu8_pair(high: u32, units: &[u16], at: usize) -> Option<(char, usize)> {
    let [0xed, second @ 0xb0..=0xbf, third @ 0x80..=0xbf] = *units.get(at..at + 3)? else {
        return None;
    };
    let low = 0xd000 | u32::from(second & 0x3f) << 6 | u32::from(third & 0x3f);
    let value = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
    Some((char::from_u32(value)?, at + 3))
}

/// Writes a U+FFFD for each character lost in the run of lost units and continuation bytes
/// that starts at `units[start]` (a lead byte taking `lead_needs` continuation bytes, or a
/// lost unit; see [`lost_characters`]); returns where the run ends. A run no reading makes
/// UTF-8 of loses one character at each lost unit, and the continuation bytes after it
/// (see [`lose_after`]).
fn push_lost_run(units: &[u16], start: usize, lead_needs: Option<u8>, out: &mut Decoded) -> usize {
    let Some((end, ends)) = lost_characters(units, start, lead_needs) else {
        let Some(needed) = lead_needs else {
            return lose_after(units, start + 1, 0, out);
        };
        let lost_at = start
            + 1
            + units[start + 1..]
                .iter()
                .take_while(|&&unit| unit != LOST)
                .count();
        let missing = usize::from(needed) - (lost_at - start - 1);
        return lose_after(units, lost_at + 1, missing, out);
    };
    for unit_end in ends {
        out.text.push('\u{fffd}');
        match out.pieces.last_mut() {
            // A character whose bytes end in the same unit as the one before it.
            Some(last) if last.units_end as usize == unit_end => {
                last.text_end = out.text.len() as u32;
            }
            _ => out.push(unit_end, PieceKind::Lost),
        }
    }
    end
}

/// Writes the U+FFFD for a character lost at a lost unit ending just before `at`, which left
/// `missing` continuation bytes of an interrupted character unaccounted for (0 when the lost
/// unit began at a character boundary). Continuation bytes that follow are either the rest of
/// the interrupted character (a lost unit stands for one or two bytes) or those of a second
/// character whose lead byte was lost too. Returns where decoding goes on.
fn lose_after(units: &[u16], mut at: usize, missing: usize, out: &mut Decoded) -> usize {
    let orphans = units[at..]
        .iter()
        .take_while(|&&unit| (0x80..=0xbf).contains(&unit))
        .count();
    let own = missing > 0 && (orphans + 1 == missing || orphans + 2 == missing);
    out.text.push('\u{fffd}');
    if own || orphans == 0 {
        at += orphans;
        out.push(at, PieceKind::Lost);
        return at;
    }
    if missing > 0 {
        // The interrupted character, then the one whose lead byte was lost.
        out.push(at, PieceKind::Lost);
        out.text.push('\u{fffd}');
    }
    at += orphans.min(3);
    out.push(at, PieceKind::Lost);
    at
}

/// The length of the character whose first byte is `units[0]` in a multibyte CJK encoding,
/// from the encoding's structure alone.
fn multibyte_len(encoding: &'static Encoding, units: &[u16]) -> usize {
    let lead = units[0];
    let second = units.get(1).copied().unwrap_or(0);
    if encoding == GBK {
        if lead == 0x80 || lead == 0xff {
            1
        } else if (0x30..=0x39).contains(&second) {
            4
        } else {
            2
        }
    } else if encoding == SHIFT_JIS {
        if (0xa1..=0xdf).contains(&lead) {
            1
        } else {
            2
        }
    } else if encoding == EUC_JP && lead == 0x8f {
        3
    } else {
        2
    }
}

fn decode_multibyte(encoding: &'static Encoding, units: &[u16], out: &mut Decoded) {
    let mut at = 0;
    let mut bytes = [0u8; 4];
    while at < units.len() {
        let unit = units[at];
        if unit < 0x80 {
            at = out.push_ascii(unit as u8, at);
            continue;
        }
        if unit == LOST {
            at = out.push_lost(at);
            continue;
        }
        let len = multibyte_len(encoding, &units[at..]);
        let end = at + len;
        let whole = units
            .get(at..end)
            .filter(|sequence| sequence.iter().all(|&u| u < 0x100));
        let decoded = whole.is_some_and(|sequence| {
            for (byte, &unit) in bytes.iter_mut().zip(sequence) {
                *byte = unit as u8;
            }
            let sequence = &bytes[..len];
            match super::reverse::decode(encoding, sequence) {
                Some(Decoding::Char(c)) => {
                    out.text.push(c);
                    true
                }
                Some(Decoding::Invalid) => false,
                // Several characters, or three and four bytes: the decoder knows.
                Some(Decoding::Several) | None => {
                    match encoding.decode_without_bom_handling_and_without_replacement(sequence) {
                        Some(text) if !text.is_empty() => {
                            out.text.push_str(&text);
                            true
                        }
                        _ => false,
                    }
                }
            }
        });
        if decoded {
            at = end;
            out.push(at, PieceKind::Char);
        } else {
            at += 1;
            out.push(at, PieceKind::Invalid);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reencode(codec: Codec, text: &str) -> Encoded {
        let mut out = Encoded::default();
        let reencoder = codec.reencoder();
        for (offset, c) in text.char_indices() {
            assert!(
                reencoder.reencode(c, offset, &mut out),
                "{c:?} in {codec:?}"
            );
        }
        out.finish(text.len());
        out
    }

    fn decoded(codec: Codec, units: &[u16]) -> (String, Vec<PieceKind>) {
        let mut out = Decoded::default();
        decode(codec, Codec::Multi(GBK), units, &mut out);
        (
            out.text,
            out.pieces.iter().map(|piece| piece.kind).collect(),
        )
    }

    #[test]
    fn sloppy_windows_1252_takes_back_c1_controls() {
        let encoded = reencode(Codec::Single(SingleByte::Windows1252), "Ã\u{81}â€");
        assert_eq!(encoded.units, [0xc3, 0x81, 0xe2, 0x80]);
        assert_eq!(encoded.origin, [0, 2, 4, 6, 9]);
    }

    #[test]
    fn cp437_is_complete() {
        let high = SingleByte::Cp437.high_half();
        assert_eq!(high[0x00], 'Ç');
        assert_eq!(high[0x7f], '\u{a0}');
        assert!(!high.contains(&'\u{fffd}'));
        assert_eq!(SingleByte::Cp437.byte('├'), Some(0xc3));
    }

    #[test]
    fn gbk_mojibake_goes_back_to_utf8() {
        // "你好" in UTF-8 read as GBK.
        let encoded = reencode(GBK_, "浣犲ソ");
        assert_eq!(encoded.units, [0xe4, 0xbd, 0xa0, 0xe5, 0xa5, 0xbd]);
        let (text, kinds) = decoded(Codec::Utf8, &encoded.units);
        assert_eq!(text, "你好");
        assert_eq!(kinds, [PieceKind::Char, PieceKind::Char]);
    }

    #[test]
    fn gbk_euro_takes_the_bytes_utf8_continues_with() {
        // "谢。她" in UTF-8 (E8 B0 A2 E3 80 82 E5 A5 B9) read as GBK: A2 E3 and 80 are both `€`.
        let mut encoded = reencode(GBK_, "璋€€傚ス");
        encoded.respell_gbk_euro_for_utf8();
        assert_eq!(
            encoded.units,
            [0xe8, 0xb0, 0xa2, 0xe3, 0x80, 0x82, 0xe5, 0xa5, 0xb9]
        );
        assert_eq!(
            encoded.origin,
            [0, INSIDE, 3, INSIDE, 6, 9, INSIDE, 12, INSIDE, 15]
        );
        let (text, _) = decoded(Codec::Utf8, &encoded.units);
        assert_eq!(text, "谢。她");
        // A `€` no UTF-8 sequence is waiting for keeps the byte GBK's encoder writes.
        let mut encoded = reencode(GBK_, "价€20");
        encoded.respell_gbk_euro_for_utf8();
        assert_eq!(encoded.units, [0xbc, 0xdb, 0x80, 0x32, 0x30]);
    }

    #[test]
    fn a_lost_unit_loses_its_character_only() {
        // "主机." whose 机 lost its last byte: E4 B8 BB E6 9C (lost) 2E.
        let units = [0xe4, 0xb8, 0xbb, 0xe6, 0x9c, LOST, 0x2e];
        let (text, _) = decoded(Codec::Utf8, &units);
        assert_eq!(text, "主\u{fffd}.");
        // A lost unit that took the lead byte of the next character as well.
        let units = [0xe4, 0xb8, LOST, 0xbd, 0xa0, 0xe5, 0xa5, 0xbd];
        let (text, _) = decoded(Codec::Utf8, &units);
        assert_eq!(text, "\u{fffd}\u{fffd}好");
    }

    #[test]
    fn a_question_mark_inside_a_character_is_a_lost_byte() {
        // `”` (E2 80 9D) whose last byte an encoder wrote as `?`, then a space.
        let (text, kinds) = decoded(Codec::Utf8, &[0xe2, 0x80, 0x3f, 0x20]);
        assert_eq!(text, "\u{fffd} ");
        assert_eq!(kinds, [PieceKind::Lost, PieceKind::Ascii]);
        // Outside a character it is a question mark.
        assert_eq!(decoded(Codec::Utf8, &[0x3f]).0, "?");
    }

    #[test]
    fn a_space_can_stand_for_byte_a0() {
        // `Ã ` for `à `; Thai `ภ` (E0 B8 A0) with its A0 turned into a space.
        let (text, _) = decoded(Codec::Utf8, &[0xc3, 0x20, 0x6c, 0x65]);
        assert_eq!(text, "à le");
        // The space is the 0xA0 alone before another space, and in Portuguese `às`.
        let (text, _) = decoded(Codec::Utf8, &[0xc3, 0x20, 0x20, 0x6c, 0x65]);
        assert_eq!(text, "à le");
        let (text, _) = decoded(Codec::Utf8, &[0xc3, 0x20, 0x73, 0x20]);
        assert_eq!(text, "às ");
        let (text, _) = decoded(Codec::Utf8, &[0xc3, 0x20, 0x73, 0x27]);
        assert_eq!(text, "à s'");
        let (text, kinds) = decoded(Codec::Utf8, &[0xe0, 0xb8, 0x20]);
        assert_eq!(text, "ภ");
        assert_eq!(kinds, [PieceKind::Char]);
        // Russian `Ру` (D0 A0 D1 83) read as windows-1252 is `Ð\u{a0}Ñƒ`, then `Ð Ñƒ`.
        let (text, _) = decoded(Codec::Utf8, &[0xd0, 0x20, 0xd1, 0x83]);
        assert_eq!(text, "Ру");
    }

    #[test]
    fn no_character_of_an_empty_plane_is_decoded() {
        // F0 BF A1 A3 would be U+3F863; E5 B1 B1 after it is `山`.
        let (text, kinds) = decoded(Codec::Utf8, &[0xf0, 0xbf, 0xa1, 0xa3, 0xe5, 0xb1, 0xb1]);
        assert_eq!(text, "山");
        assert_eq!(kinds, [PieceKind::Invalid, PieceKind::Char]);
    }

    #[test]
    fn cesu8_surrogate_pairs_make_one_character() {
        // 😍 (U+1F60D) as CESU-8: ED A0 BD ED B8 8D.
        let units = [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x8d];
        let (text, kinds) = decoded(Codec::Utf8, &units);
        assert_eq!(text, "😍");
        assert_eq!(kinds, [PieceKind::Char]);
    }

    #[test]
    fn multibyte_decoding_marks_invalid_bytes() {
        // "中文" in GBK, then a lone lead byte.
        let units = [0xd6, 0xd0, 0xce, 0xc4, 0xd6];
        let (text, kinds) = decoded(GBK_, &units);
        assert_eq!(text, "中文");
        assert_eq!(
            kinds,
            [PieceKind::Char, PieceKind::Char, PieceKind::Invalid]
        );
    }
}
