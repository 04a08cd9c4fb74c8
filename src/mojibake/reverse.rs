//! Characters back to their bytes in the multibyte CJK encodings, by table.
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

use encoding_rs::{Encoding, BIG5, EUC_JP, EUC_KR, GBK, SHIFT_JIS};
use std::sync::OnceLock;

/// A character's bytes: up to two.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Bytes {
    One(u8),
    Two(u8, u8),
}

/// One table: for each BMP code point, `lead << 8 | trail`, a single byte ≥ 0x80, or 0
/// when the table does not have it.
struct Table(Vec<u16>);

const ENCODINGS: [&Encoding; 5] = [GBK, BIG5, SHIFT_JIS, EUC_JP, EUC_KR];

fn tables() -> &'static [Table; 5] {
    static TABLES: OnceLock<[Table; 5]> = OnceLock::new();
    TABLES.get_or_init(|| ENCODINGS.map(Table::build))
}

impl Table {
    fn build(encoding: &'static Encoding) -> Table {
        let mut table = vec![0u16; 0x10000];
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
            let mut chars = text.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else {
                continue;
            };
            let Ok(code) = u16::try_from(u32::from(c)) else {
                continue;
            };
            let value = match sequence[..] {
                [byte] => u16::from(byte),
                [lead, trail] => u16::from(lead) << 8 | u16::from(trail),
                _ => continue,
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
        Table(table)
    }
}

/// The bytes `encoding` has for the non-ASCII character `c`; `None` when it has none.
/// `encoding` must be one of the multibyte CJK encodings.
pub(super) fn lookup(encoding: &'static Encoding, c: char) -> Option<Bytes> {
    let index = ENCODINGS.iter().position(|&e| e == encoding)?;
    let code = usize::try_from(u32::from(c))
        .ok()
        .filter(|&code| code < 0x10000)?;
    match tables()[index].0[code] {
        0 => None,
        value @ 0x80..=0xff => Some(Bytes::One(value as u8)),
        value => Some(Bytes::Two((value >> 8) as u8, value as u8)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
