//! Where two texts part, for the evaluation runners' failure listings.

/// The stretches of `got` and `expected` around the first character where they differ:
/// `before` characters before it and `width` characters in all.
pub fn around_first_difference(
    got: &str,
    expected: &str,
    before: usize,
    width: usize,
) -> (String, String) {
    let at = got
        .char_indices()
        .zip(expected.chars())
        .find(|((_, a), b)| a != b)
        .map_or(got.len().min(expected.len()), |((i, _), _)| i);
    let from = got[..at]
        .char_indices()
        .rev()
        .nth(before.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let context =
        |text: &str| -> String { text.get(from..).unwrap_or("").chars().take(width).collect() };
    (context(got), context(expected))
}
