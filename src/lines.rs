//! A text's lines as the line stages (boilerplate, punct) see them: broken where the
//! normalize stage after them breaks lines, at a lone CR too.

use std::ops::Range;

/// The lines of `text`: each line's content and its span with its line break (`\n`,
/// `\r\n` or a lone `\r`, which normalize makes a line break of its own).
pub(crate) fn lines(text: &str) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let (end, next) = match memchr::memchr2(b'\n', b'\r', &bytes[start..]) {
            Some(at) => {
                let at = start + at;
                let crlf = bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n');
                (at, at + 1 + usize::from(crlf))
            }
            None => (bytes.len(), bytes.len()),
        };
        let line = (start..end, start..next);
        start = next;
        Some(line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_at_every_line_break() {
        let text = "a\nb\r\nc\rd\n\ne";
        let contents: Vec<&str> = lines(text).map(|(content, _)| &text[content]).collect();
        assert_eq!(contents, ["a", "b", "c", "d", "", "e"]);
        let spans: Vec<&str> = lines(text).map(|(_, span)| &text[span]).collect();
        assert_eq!(spans, ["a\n", "b\r\n", "c\r", "d\n", "\n", "e"]);
    }
}
