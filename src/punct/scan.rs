//! The quick scan that finds the lines the stage may change.
//!
//! Most lines of clean Chinese text need nothing, and the stage must pass them at a few
//! bytes a cycle: whole chunks of bytes are tested at once, free of branches, for the few
//! byte patterns that may start work (an ASCII mark, a space after non-ASCII text, a
//! fullwidth letter or digit, U+037E, a control character); only a chunk that holds one is
//! looked at byte by byte.

/// Bytes tested at once.
const CHUNK: usize = 16;

/// ASCII bytes that may start work: the marks the stage converts, `"` and `(`, which open
/// the pairs it converts, and the controls (but tab) it reads through. Comparisons, not a
/// table: the compiler can test many bytes at once.
#[inline(always)]
fn is_ascii_mark(byte: u8) -> bool {
    let control = ((byte < 0x20) & (byte != b'\t')) | (byte == 0x7F);
    let mark = (byte == b',')
        | (byte == b':')
        | (byte == b';')
        | (byte == b'!')
        | (byte == b'?')
        | (byte == b'"')
        | (byte == b'(');
    control | mark
}

/// Whether the stage may change `line` (without its line break): true for every line it
/// changes, and for few others.
pub(super) fn may_change(line: &[u8]) -> bool {
    let mut i = 0;
    while i < line.len() {
        i = skip_plain_chunks(line, i);
        // Chunks start after the first byte: they read the byte before them.
        let end = line.len().min(if i == 0 { 1 } else { i + CHUNK });
        while i < end {
            let byte = line[i];
            if is_ascii_mark(byte) {
                // A control is rare: looked at closely. A mark changes nothing in a line of
                // ASCII text alone, and nothing else can change it.
                return byte < 0x20 || byte == 0x7F || !line.is_ascii();
            } else if starts_work(previous(line, i), byte, at(line, i + 1), at(line, i + 2)) {
                return true;
            }
            i += 1;
        }
    }
    false
}

fn previous(line: &[u8], i: usize) -> u8 {
    if i == 0 {
        0
    } else {
        line[i - 1]
    }
}

fn at(line: &[u8], i: usize) -> u8 {
    line.get(i).copied().unwrap_or(0)
}

/// Whether `byte`, between `previous` and the two bytes after it, starts work other than
/// an ASCII mark's: a space after non-ASCII text (it may follow 。，), the lead byte of a
/// fullwidth letter or digit (U+FF10..=U+FF19, U+FF21..=U+FF3A, U+FF41..=U+FF5A), or of
/// U+037E.
#[inline(always)]
fn starts_work(previous: u8, byte: u8, next: u8, after: u8) -> bool {
    let space = (byte == b' ') & (previous >= 0x80);
    let fullwidth_upper =
        (next == 0xBC) & ((after.wrapping_sub(0x90) < 10) | (after.wrapping_sub(0xA1) < 26));
    let fullwidth_lower = (next == 0xBD) & (after.wrapping_sub(0x81) < 26);
    let fullwidth = (byte == 0xEF) & (fullwidth_upper | fullwidth_lower);
    let greek = (byte == 0xCD) & (next == 0xBE);
    space | fullwidth | greek
}

/// Whether the chunk in `window` (the byte before it, the chunk, the two bytes after it) is
/// all non-ASCII bytes (no mark, no space) and starts no fullwidth letter or digit and no
/// U+037E: most chunks of Chinese text, told with a few operations on two words. The
/// fullwidth punctuation Chinese text is full of (`，` is EF BC 8C) is told from fullwidth
/// letters and digits byte by byte, at the positions of its lead byte only.
#[inline(always)]
fn is_plain_cjk(window: &[u8; CHUNK + 3]) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // The high bit of each byte of `word` that is `byte`, exactly.
    let bytes_equal = |word: u64, byte: u8| {
        let x = word ^ (ONES * u64::from(byte));
        !(((x & LOW) + LOW) | x | LOW)
    };
    (0..CHUNK / 8).all(|half| {
        let start = 1 + 8 * half;
        let word = u64::from_le_bytes(window[start..start + 8].try_into().expect("eight bytes"));
        if word & HIGH != HIGH || bytes_equal(word, 0xCD) != 0 {
            return false;
        }
        let mut leads = bytes_equal(word, 0xEF);
        while leads != 0 {
            let at = start + leads.trailing_zeros() as usize / 8;
            if starts_work(0, 0xEF, window[at + 1], window[at + 2]) {
                return false;
            }
            leads &= leads - 1;
        }
        true
    })
}

/// Skips whole chunks, from `i`, in which no byte may start work.
fn skip_plain_chunks(line: &[u8], mut i: usize) -> usize {
    // The window holds the byte before the chunk and the two after it.
    while i > 0 {
        let Some(window) = line[i - 1..].first_chunk::<{ CHUNK + 3 }>() else {
            break;
        };
        if is_plain_cjk(window) {
            i += CHUNK;
            continue;
        }
        // No early exit: free of branches, the fold keeps its speed whatever the text.
        let plain = (0..CHUNK).fold(true, |plain, k| {
            let byte = window[k + 1];
            plain
                & !is_ascii_mark(byte)
                & !starts_work(window[k], byte, window[k + 2], window[k + 3])
        });
        if !plain {
            break;
        }
        i += CHUNK;
    }
    i
}
