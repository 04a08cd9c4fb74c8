//! Cutting an input into pieces at line boundaries, so that one huge file (a multi-GB
//! JSON Lines dump or text file) is cleaned by all threads with bounded memory.
//!
//! Where a piece ends depends only on the input's bytes, never on timing or the number of
//! threads, so output is byte-identical whatever `-j` is. JSON Lines are cut at any line
//! end. Text is cut just after a line with a letter or digit in it (a line cleaning cannot
//! turn blank), so that a run of blank lines, which the normalize stage collapses, starts
//! the next piece whole and collapses there as it would in the whole text (see
//! [`hanfix::PieceStart`]). Each piece of a large text file is otherwise cleaned as a
//! document of its own: a stage that judges a whole document (its head and tail, how often
//! a pattern repeats in it, its majority script) sees one piece of a text file over
//! [`WHOLE_LIMIT`], and must either be right on pieces or change how text is cut.

use std::io::{self, Read};

/// Inputs up to this size are cleaned whole, as one document.
pub const WHOLE_LIMIT: usize = 16 << 20;
/// The size a piece of a larger input aims at.
pub const PIECE_TARGET: usize = 4 << 20;
/// How far past [`PIECE_TARGET`] a cut is looked for before reading more.
const LOOKAHEAD: usize = 64 << 10;
/// Text with no line to cut after within this many bytes (nothing but blank lines, or one
/// enormous line) is cut at any line end instead.
const RELAXED_AFTER: usize = 64 << 20;

/// Reads an input and hands out pieces.
pub struct Chunker<R> {
    reader: R,
    buffer: Vec<u8>,
    at_end: bool,
}

impl<R: Read> Chunker<R> {
    pub fn new(reader: R) -> Chunker<R> {
        Chunker {
            reader,
            buffer: Vec::new(),
            at_end: false,
        }
    }

    /// Reads until the buffer holds `wanted` bytes or the input ends.
    pub fn fill(&mut self, wanted: usize) -> io::Result<()> {
        while !self.at_end && self.buffer.len() < wanted {
            let missing = (wanted - self.buffer.len()) as u64;
            let read = (&mut self.reader)
                .take(missing)
                .read_to_end(&mut self.buffer)?;
            self.at_end = read == 0;
        }
        Ok(())
    }

    /// The bytes read so far.
    pub fn buffered(&self) -> &[u8] {
        &self.buffer
    }

    /// Whether the whole input has been read.
    pub fn at_end(&self) -> bool {
        self.at_end
    }

    /// Reads the rest of the input and returns all of it.
    pub fn take_rest(&mut self) -> io::Result<Vec<u8>> {
        self.reader.read_to_end(&mut self.buffer)?;
        self.at_end = true;
        Ok(std::mem::take(&mut self.buffer))
    }

    /// The next piece and whether it is the last one; `None` once everything was handed out.
    /// A piece ends with a line (its `\n` included) that `cut_after` accepts.
    pub fn next_piece(
        &mut self,
        cut_after: impl Fn(&[u8]) -> bool,
    ) -> io::Result<Option<(Vec<u8>, bool)>> {
        // Read a little past the target, so that the bytes after the cut that stay in the
        // buffer are few: the piece leaves without being copied.
        let mut wanted = PIECE_TARGET + LOOKAHEAD;
        loop {
            self.fill(wanted)?;
            if self.at_end && self.buffer.len() <= wanted {
                if self.buffer.is_empty() {
                    return Ok(None);
                }
                return Ok(Some((std::mem::take(&mut self.buffer), true)));
            }
            let found = if self.buffer.len() > RELAXED_AFTER {
                find_cut(&self.buffer, PIECE_TARGET, |_| true)
            } else {
                find_cut(&self.buffer, PIECE_TARGET, &cut_after)
            };
            if let Some(cut) = found {
                let mut piece = std::mem::replace(
                    &mut self.buffer,
                    Vec::with_capacity(PIECE_TARGET + LOOKAHEAD),
                );
                self.buffer.extend_from_slice(&piece[cut..]);
                piece.truncate(cut);
                // A cut at the very end of what was read may be the end of the input.
                self.fill(1)?;
                let last = self.at_end && self.buffer.is_empty();
                return Ok(Some((piece, last)));
            }
            wanted = self.buffer.len() + LOOKAHEAD.max(self.buffer.len() / 2);
        }
    }
}

/// The first cut point at or after `from`: just after a `\n` that ends a line `cut_after`
/// accepts (the line without its `\n`).
fn find_cut(bytes: &[u8], from: usize, cut_after: impl Fn(&[u8]) -> bool) -> Option<usize> {
    let start = from.min(bytes.len());
    let mut line_start = memchr::memrchr(b'\n', &bytes[..start]).map_or(0, |i| i + 1);
    for newline in memchr::memchr_iter(b'\n', &bytes[start..]).map(|i| start + i) {
        if cut_after(&bytes[line_start..newline]) {
            return Some(newline + 1);
        }
        line_start = newline + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_letter(line: &[u8]) -> bool {
        line.iter().any(u8::is_ascii_alphanumeric)
    }

    #[test]
    fn cut_is_after_an_accepted_line() {
        let text = b"aaaa\n\n \r\nbbbb\n\ncccc\n";
        // From offset 5 the next newlines end blank lines; "bbbb" is the first with a letter.
        assert_eq!(find_cut(text, 5, has_letter), Some(14));
        assert_eq!(&text[..14], b"aaaa\n\n \r\nbbbb\n");
        assert_eq!(find_cut(text, 2, has_letter), Some(5));
        assert_eq!(find_cut(text, 5, |_| true), Some(6));
    }

    #[test]
    fn crlf_text_is_cut_near_the_target_with_the_library_rule() {
        let input = "一段文字\r\n\r\n".repeat(PIECE_TARGET / 8);
        let cut = find_cut(input.as_bytes(), PIECE_TARGET, |line| {
            hanfix::may_cut_after(std::str::from_utf8(line).unwrap())
        });
        assert!(cut.is_some_and(|cut| cut < PIECE_TARGET + 32), "{cut:?}");
    }

    #[test]
    fn no_line_end_is_no_cut() {
        assert_eq!(find_cut(b"aaaa\n\nbbbb", 5, has_letter), None);
    }

    /// Cuts an input into pieces and checks they join up to it, with exactly one last
    /// piece, at the end.
    fn assert_pieces_join_up(input: &[u8]) -> usize {
        let mut chunker = Chunker::new(input);
        let mut joined = Vec::new();
        let mut lasts = Vec::new();
        while let Some((piece, last)) = chunker.next_piece(has_letter).unwrap() {
            assert!(piece.len() <= 2 * PIECE_TARGET);
            joined.extend_from_slice(&piece);
            lasts.push(last);
        }
        assert_eq!(joined, input);
        assert_eq!(lasts.iter().filter(|&&last| last).count(), 1, "{lasts:?}");
        assert_eq!(lasts.last(), Some(&true), "{lasts:?}");
        lasts.len()
    }

    #[test]
    fn pieces_put_back_together_are_the_input() {
        // Paragraphs separated by blank lines, as most text is.
        let paragraph = b"line of text \xd6\xd0\xce\xc4\r\n\r\n";
        let input = paragraph.repeat(3 * PIECE_TARGET / paragraph.len());
        let pieces = assert_pieces_join_up(&input);
        assert!(pieces >= 2, "{pieces} pieces");
    }

    #[test]
    fn a_cut_at_the_end_of_what_was_read_ends_the_input_when_nothing_follows() {
        // A first line ending just past the target, then lines ending exactly where the
        // buffer ends: the cut lands on the last byte read.
        for total in [PIECE_TARGET + LOOKAHEAD, PIECE_TARGET + LOOKAHEAD + 1] {
            for first in [PIECE_TARGET - 1, PIECE_TARGET, PIECE_TARGET + 1] {
                let mut input = vec![b'a'; first];
                input.push(b'\n');
                input.resize(total - 1, b'b');
                input.push(b'\n');
                assert_pieces_join_up(&input);
            }
        }
    }
}
