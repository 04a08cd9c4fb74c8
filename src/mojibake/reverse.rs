//! Characters back to their bytes in the multibyte CJK encodings, by table, and the one-
//! and two-byte sequences forward to their characters.
//!
//! encoding_rs encodes one character at a time slowly for these encodings (Big5's encoder
//! searches its index for each character), and the mojibake stage re-encodes every suspect
//! line with each of them. A table per encoding, built once from the decoder's own index,
//! answers in one lookup: every one- and two-byte sequence is decoded, and a character
//! several sequences decode to (Big5's and Shift_JIS's duplicates) takes the sequence the
//! encoder itself writes, so the table and encoding_rs never disagree where the encoder has
//! an answer. The table also has what the decoder reads but the encoder never writes (Big5's
//! HKSCS rows, which UTF-8 continuation bytes land in when read as Big5), since undoing a
//! wrong decoder is what it is for. Characters beyond the BMP and EUC-JP's three-byte row are
//! left out.
//!
//! The same pass keeps what each sequence decodes to, so that decoding bytes with an
//! original encoding is a table read too, not a decoder call and an allocation per
//! character.

use encoding_rs::{Encoding, BIG5, EUC_JP, EUC_KR, GBK, SHIFT_JIS};
use std::sync::OnceLock;

/// A character's bytes: up to two.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Bytes {
    One(u8),
    Two(u8, u8),
}

/// One encoding's tables.
struct Table {
    /// For each BMP code point, `lead << 8 | trail`, a single byte ≥ 0x80, or 0 when the
    /// encoding does not have it.
    bytes: Vec<u16>,
    /// For each single byte ≥ 0x80 (at its value) and each two-byte sequence (at
    /// `lead << 8 | trail`), the character it decodes to, [`INVALID`], or [`SEVERAL`].
    chars: Vec<u32>,
}

/// A sequence that does not decode.
const INVALID: u32 = 0;
/// A sequence that decodes to more than one character (Big5's letters with a combining
/// mark): the decoder is asked.
const SEVERAL: u32 = u32::MAX;

/// What a one- or two-byte sequence decodes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Decoding {
    Char(char),
    Invalid,
    /// More than one character: ask the decoder.
    Several,
}

const ENCODINGS: [&Encoding; 5] = [GBK, BIG5, SHIFT_JIS, EUC_JP, EUC_KR];

fn tables() -> &'static [Table; 5] {
    static TABLES: OnceLock<[Table; 5]> = OnceLock::new();
    TABLES.get_or_init(|| ENCODINGS.map(Table::build))
}

impl Table {
    fn build(encoding: &'static Encoding) -> Table {
        let mut table = vec![0u16; 0x10000];
        let mut chars_of = vec![INVALID; 0x10000];
        let mut duplicated = Vec::new();
        let singles = (0x80u16..=0xff).map(|byte| vec![byte as u8]);
        let pairs = (0x81u16..=0xfe)
            .flat_map(|lead| (0x40u16..=0xfe).map(move |trail| vec![lead as u8, trail as u8]));
        for sequence in singles.chain(pairs) {
            let Some(text) =
                encoding.decode_without_bom_handling_and_without_replacement(&sequence)
            else {
                continue;
            };
            let value = match sequence[..] {
                [byte] => u16::from(byte),
                [lead, trail] => u16::from(lead) << 8 | u16::from(trail),
                _ => continue,
            };
            let mut chars = text.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else {
                chars_of[usize::from(value)] = SEVERAL;
                continue;
            };
            chars_of[usize::from(value)] = u32::from(c);
            let Ok(code) = u16::try_from(u32::from(c)) else {
                continue;
            };
            let slot = &mut table[usize::from(code)];
            if *slot == 0 {
                *slot = value;
            } else if *slot != value {
                duplicated.push(c);
            }
        }
        // Where sequences disagree, the encoder's choice wins (if it has one).
        for c in duplicated {
            let mut utf8 = [0u8; 4];
            let (bytes, _, unmappable) = encoding.encode(c.encode_utf8(&mut utf8));
            match (unmappable, &bytes[..]) {
                (false, [byte]) => table[c as usize] = u16::from(*byte),
                (false, [lead, trail]) => {
                    table[c as usize] = u16::from(*lead) << 8 | u16::from(*trail);
                }
                _ => {}
            }
        }
        Table {
            bytes: table,
            chars: chars_of,
        }
    }
}

fn table_of(encoding: &'static Encoding) -> Option<&'static Table> {
    let index = ENCODINGS.iter().position(|&e| e == encoding)?;
    Some(&tables()[index])
}

/// What the one- or two-byte sequence `bytes` (starting with a byte ≥ 0x80) decodes to in
/// `encoding`; `None` for other lengths or encodings (ask the decoder).
pub(super) fn decode(encoding: &'static Encoding, bytes: &[u8]) -> Option<Decoding> {
    let index = match *bytes {
        [byte] => usize::from(byte),
        [lead @ 0x81..=0xfe, trail @ 0x40..=0xfe] => usize::from(lead) << 8 | usize::from(trail),
        _ => return None,
    };
    Some(match table_of(encoding)?.chars[index] {
        INVALID => Decoding::Invalid,
        SEVERAL => Decoding::Several,
        code => char::from_u32(code).map_or(Decoding::Invalid, Decoding::Char),
    })
}

/// For each BMP code point, the bytes `encoding` has for it: one byte ≥ 0x80, or
/// `lead << 8 | trail`, or 0 when it has none (empty for an encoding without tables).
pub(super) fn bytes_table(encoding: &'static Encoding) -> &'static [u16] {
    table_of(encoding).map_or(&[], |table| &table.bytes)
}

/// The bytes `encoding` has for the non-ASCII character `c`; `None` when it has none.
/// `encoding` must be one of the multibyte CJK encodings.
pub(super) fn lookup(encoding: &'static Encoding, c: char) -> Option<Bytes> {
    let code = usize::try_from(u32::from(c))
        .ok()
        .filter(|&code| code < 0x10000)?;
    match table_of(encoding)?.bytes[code] {
        0 => None,
        value @ 0x80..=0xff => Some(Bytes::One(value as u8)),
        value => Some(Bytes::Two((value >> 8) as u8, value as u8)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_tables_agree_with_the_decoders() {
        for encoding in ENCODINGS {
            let singles = (0x80u8..=0xff).map(|byte| vec![byte]);
            let pairs =
                (0x81u8..=0xfe).flat_map(|lead| (0x40u8..=0xfe).map(move |t| vec![lead, t]));
            for sequence in singles.chain(pairs) {
                let decoded =
                    encoding.decode_without_bom_handling_and_without_replacement(&sequence);
                let expected = match decoded.as_deref().map(|text| {
                    let mut chars = text.chars();
                    (chars.next(), chars.next())
                }) {
                    None | Some((None, _)) => Decoding::Invalid,
                    Some((Some(c), None)) => Decoding::Char(c),
                    Some((Some(_), Some(_))) => Decoding::Several,
                };
                assert_eq!(decode(encoding, &sequence), Some(expected), "{sequence:x?}");
            }
        }
    }

    #[test]
    fn tables_agree_with_the_encoders() {
        for encoding in ENCODINGS {
            for c in '\u{80}'..='\u{ffff}' {
                let Some(bytes) = lookup(encoding, c) else {
                    continue;
                };
                let mut utf8 = [0u8; 4];
                let (expected, _, unmappable) = encoding.encode(c.encode_utf8(&mut utf8));
                if unmappable {
                    // Read by the decoder, never written by the encoder (HKSCS).
                    continue;
                }
                let got = match bytes {
                    Bytes::One(byte) => vec![byte],
                    Bytes::Two(lead, trail) => vec![lead, trail],
                };
                assert_eq!(got, expected.as_ref(), "{c:?} in {}", encoding.name());
            }
        }
    }
}
