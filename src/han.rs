//! Which characters are Han ideographs: the layout stage reads a pinyin annotation only
//! after one, the punct stage takes them for Chinese context.

/// Han ideographs: the unified blocks and their extensions, the compatibility ideographs
/// (NFC turns most into unified ones) and 〇.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3007
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3FFFF
    )
}
