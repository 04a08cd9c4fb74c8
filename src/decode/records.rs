//! Line-by-line decoding, for text in UTF-8, in one legacy encoding, or in records of several
//! encodings mixed in one dump (scrapes merged from sites in UTF-8, GBK and Big5, where
//! whole-file detection gets every line wrong).
//!
//! Each line is classified by its bytes ([`Class`]). A valid UTF-8 line stays UTF-8 when it
//! is long enough that legacy bytes could not pass for UTF-8 by accident, or when the input
//! shows such lines; the other lines with non-ASCII bytes are legacy lines.
//!
//! Legacy lines nearly always share one encoding, chardetng's guess for all of them together
//! ([`Policy::Uniform`]). That is decided once, from the prefix, so that single-encoding
//! files never pay for line-by-line work: a sample of long legacy lines votes, each for the
//! CJK encoding its characters are typical of ([`cjk::typicality`], or chardetng's guess
//! for the line when that is unclear). When the votes split, each line takes the candidate
//! it shows, and lines that do not show one (short ones) borrow from their neighbours
//! ([`Policy::PerLine`]). Consecutive lines with the same encoding are decoded in one call.

use super::{as_utf8, cjk, decode_clean, decode_into, sniff, Decoding};
use chardetng::EncodingDetector;
use encoding_rs::{Encoding, UTF_8};
use std::borrow::Cow;
use std::ops::Range;

/// Valid UTF-8 with at least this many non-ASCII bytes is UTF-8, whatever else the input
/// holds. Measured on real Chinese text (31,000 lines): 3.1% of 2-character GBK runs (4
/// bytes), 0.5% of 3-character runs, 0.01% of 5-character runs and none longer are valid UTF-8.
const STRONG_UTF8: usize = 9;

/// Lines with at least this many non-ASCII bytes are long enough for chardetng's guess when
/// their characters do not show their encoding; shorter ones borrow their neighbours'.
const LONG_LINE: usize = 16;

/// How much more typical of one candidate encoding than of the others (and than of none) a
/// line's characters must be for the line to take it without asking chardetng.
const TYPICAL_MARGIN: i32 = 2;

/// At most this many long lines are looked at one by one when deciding whether the legacy
/// lines share one encoding: it bounds the cost of detection.
const SAMPLE_LINES: usize = 64;

/// Sampled lines come in runs of this many consecutive lines.
const SAMPLE_RUN: usize = 8;

/// chardetng sees at most this many bytes of legacy lines: it runs at only 3–30 MB/s, and
/// 16 KiB are plenty for a whole file (the evaluation corpus decodes as well as with 64).
const DETECT_LEN: usize = 16 * 1024;

/// The name reported for input whose lines were decoded with different encodings.
const MIXED: &str = "mixed";

/// What a plan knows about line-oriented input from its prefix.
#[derive(Clone, Debug)]
pub(super) struct LinePlan {
    /// The prefix shows UTF-8: it is all UTF-8, or has enough strong UTF-8 lines. Short valid
    /// UTF-8 lines are then UTF-8, not legacy bytes that happen to be valid.
    utf8_seen: bool,
    /// How legacy lines are decoded. `None` when the prefix had none: a piece that does
    /// decides from its own lines.
    legacy: Option<Policy>,
}

impl LinePlan {
    /// The plan for an input that starts with `prefix` (which may end inside a character).
    pub(super) fn detect(prefix: &[u8]) -> LinePlan {
        if sniff::is_utf8_prefix(prefix) {
            return LinePlan {
                utf8_seen: true,
                legacy: None,
            };
        }
        let lines = classify(prefix);
        let utf8_seen = utf8_evidence(&lines);
        LinePlan {
            utf8_seen,
            legacy: Policy::detect(prefix, &lines, utf8_seen, false),
        }
    }

    pub(super) fn encoding_name(&self) -> &'static str {
        match &self.legacy {
            None => UTF_8.name(),
            Some(Policy::Uniform(encoding)) if !self.utf8_seen => encoding.name(),
            Some(_) => MIXED,
        }
    }

    /// Decodes a whole input or a piece of it cut at a line boundary (BOM already removed).
    pub(super) fn decode<'a>(&self, bytes: &'a [u8]) -> (Cow<'a, str>, Decoding) {
        if let Some(text) = as_utf8(bytes) {
            if text.is_ascii() {
                // The same in every encoding: a piece of a GBK file is reported as GBK.
                let encoding = match self.legacy {
                    Some(Policy::Uniform(encoding)) if !self.utf8_seen => encoding,
                    _ => UTF_8,
                };
                return (Cow::Borrowed(text), Decoding::whole(encoding, false, 0));
            }
            // Without UTF-8 evidence a short valid line may be legacy bytes: go line by line.
            if self.legacy.is_none() || self.utf8_seen {
                return (Cow::Borrowed(text), Decoding::whole(UTF_8, false, 0));
            }
        }
        let lines = classify(bytes);
        let utf8_seen = self.utf8_seen || utf8_evidence(&lines);
        let found;
        let policy = match &self.legacy {
            Some(policy) => Some(policy),
            None => {
                found = Policy::detect(bytes, &lines, utf8_seen, true);
                found.as_ref()
            }
        };
        let choices = choose(bytes, &lines, utf8_seen, policy);
        assemble(bytes, &lines, &choices)
    }
}

/// What the bytes of one line are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Ascii,
    /// Valid UTF-8 with non-ASCII bytes; `strong` with at least [`STRONG_UTF8`] of them.
    Utf8 {
        strong: bool,
    },
    /// UTF-8 damaged in a few places (a cut or corrupted character): UTF-8 with U+FFFD.
    BrokenUtf8,
    /// Not UTF-8.
    Legacy,
}

impl Class {
    fn of(line: &[u8]) -> Class {
        let rest = &line[Encoding::ascii_valid_up_to(line)..];
        if rest.is_empty() {
            Class::Ascii
        } else if as_utf8(rest).is_some() {
            Class::Utf8 {
                strong: non_ascii(rest) >= STRONG_UTF8,
            }
        } else if is_broken_utf8(rest) {
            Class::BrokenUtf8
        } else {
            Class::Legacy
        }
    }
}

/// A line, with its `\n`, and what its bytes are.
struct Line {
    range: Range<usize>,
    class: Class,
}

impl Line {
    /// Whether the line's encoding is to be found by detection: not ASCII, not UTF-8. A short
    /// valid UTF-8 line counts as UTF-8 only where the input shows UTF-8.
    fn is_legacy(&self, utf8_seen: bool) -> bool {
        match self.class {
            Class::Legacy => true,
            Class::Utf8 { strong: false } => !utf8_seen,
            _ => false,
        }
    }
}

fn classify(bytes: &[u8]) -> Vec<Line> {
    let ends = memchr::memchr_iter(b'\n', bytes)
        .map(|newline| newline + 1)
        .chain(std::iter::once(bytes.len()));
    let mut start = 0;
    let mut lines = Vec::new();
    for end in ends {
        if end > start {
            lines.push(Line {
                range: start..end,
                class: Class::of(&bytes[start..end]),
            });
        }
        start = end;
    }
    lines
}

fn non_ascii(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| !b.is_ascii()).count()
}

/// UTF-8 with a few damaged spots (runs of at most 4 adjacent malformed bytes, as one lost or
/// changed byte leaves): at least 4 valid multibyte characters, and at every damaged spot
/// after the first, at least 8 of them per spot so far. Legacy bytes fail that within a few
/// bytes, so the scan stops early (this runs on every line of a legacy file).
fn is_broken_utf8(bytes: &[u8]) -> bool {
    let (mut chars, mut spots, mut spot_len) = (0, 0, 0);
    let mut at = 0;
    while at < bytes.len() {
        match utf8_sequence_len(&bytes[at..]) {
            Some(len) => {
                chars += usize::from(len > 1);
                spot_len = 0;
                at += len;
            }
            None => {
                if spot_len == 0 {
                    spots += 1;
                    if spots > 1 && chars < 8 * spots {
                        return false;
                    }
                }
                spot_len += 1;
                if spot_len > 4 {
                    return false;
                }
                at += 1;
            }
        }
    }
    chars >= 4 && chars >= 8 * spots
}

/// The length of the UTF-8 sequence that starts `bytes` (not empty), if it is well formed.
/// Roughly: the narrower second-byte ranges after 0xE0, 0xED, 0xF0 and 0xF4 are not checked,
/// which is enough to tell damaged UTF-8 from legacy bytes.
fn utf8_sequence_len(bytes: &[u8]) -> Option<usize> {
    let len = match bytes[0] {
        0x00..=0x7f => return Some(1),
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return None,
    };
    let continuation = bytes.get(1..len)?;
    continuation
        .iter()
        .all(|b| (0x80..=0xbf).contains(b))
        .then_some(len)
}

/// Whether the lines show UTF-8: strong or damaged UTF-8 lines make at least one in fifty of
/// the lines with non-ASCII bytes. (One strong line alone proves little in a large legacy
/// file, where 0.01% of lines may pass by accident.)
fn utf8_evidence(lines: &[Line]) -> bool {
    let utf8 = lines
        .iter()
        .filter(|line| matches!(line.class, Class::Utf8 { strong: true } | Class::BrokenUtf8))
        .count();
    let non_ascii = lines
        .iter()
        .filter(|line| line.class != Class::Ascii)
        .count();
    utf8 > 0 && utf8 * 50 >= non_ascii
}

/// How the legacy lines are decoded.
#[derive(Clone, Debug)]
enum Policy {
    /// All with one encoding.
    Uniform(&'static Encoding),
    /// Each long line with its own guess when it is one of `candidates` (the encodings the
    /// sample voted for); the others borrow from their neighbours, or take `fallback`.
    PerLine {
        candidates: Vec<&'static Encoding>,
        fallback: &'static Encoding,
    },
}

impl Policy {
    /// Decides from the legacy lines of `bytes` (`None` if there are none). `complete`: the
    /// bytes end at a character boundary (a piece, not a prefix).
    ///
    /// Only CJK multibyte encodings are checked line by line: dumps mix GBK, Big5 and their
    /// kin, which chardetng cannot tell apart on a whole file; a single-byte guess is taken
    /// for all legacy lines.
    fn detect(bytes: &[u8], lines: &[Line], utf8_seen: bool, complete: bool) -> Option<Policy> {
        let legacy: Vec<&[u8]> = lines
            .iter()
            .filter(|line| line.is_legacy(utf8_seen))
            .map(|line| &bytes[line.range.clone()])
            .collect();
        let file = file_guess(&legacy, complete)?;
        let voters = vote(&legacy);
        let votes: Vec<&'static Encoding> = voters.iter().map(|&(_, vote)| vote).collect();
        if votes.is_empty() {
            return Some(Policy::Uniform(file));
        }
        let tally = tally(&votes);
        let main = if cjk::is_multibyte(file) {
            file
        } else {
            // chardetng may take a mix of CJK encodings for a single-byte one (each rules out
            // the others). The votes stand if chardetng agrees on the lines that cast the
            // main one: Greek or Cyrillic letters make GBK byte pairs too.
            let top = tally[0].0;
            let cast: Vec<&[u8]> = voters
                .iter()
                .filter(|&&(_, vote)| vote == top)
                .map(|&(line, _)| line)
                .collect();
            if file_guess(&cast, complete) != Some(top) {
                return Some(Policy::Uniform(file));
            }
            top
        };
        let agreeing = votes.iter().filter(|&&vote| vote == main).count();
        if agreeing * 100 >= votes.len() * 97 {
            return Some(Policy::Uniform(main));
        }
        Some(Policy::per_line(&tally, votes.len()))
    }

    /// Candidates: the encodings with more than 2% of the votes, most voted first; the most
    /// voted is the fallback.
    fn per_line(tally: &[(&'static Encoding, usize)], votes: usize) -> Policy {
        let candidates = tally
            .iter()
            .filter(|&&(_, n)| n * 50 > votes)
            .map(|&(encoding, _)| encoding)
            .collect();
        Policy::PerLine {
            candidates,
            fallback: tally[0].0,
        }
    }
}

/// The votes of a sample of the long legacy lines, spread over the whole input (its records
/// may change part way): each line with the CJK encoding it shows ([`own_encoding`]). No
/// votes when fewer than 2 lines, or fewer than one in ten, show one: single-byte text, or
/// too little to tell.
fn vote<'a>(legacy: &[&'a [u8]]) -> Vec<(&'a [u8], &'static Encoding)> {
    let long: Vec<&[u8]> = legacy
        .iter()
        .copied()
        .filter(|line| non_ascii(line) >= LONG_LINE)
        .collect();
    let sample = spread_sample(&long);
    let sampled = sample.len();
    let voters: Vec<(&[u8], &'static Encoding)> = sample
        .into_iter()
        .filter_map(|line| Some((line, own_encoding(line, &cjk::ENCODINGS)?)))
        .collect();
    if voters.len() < 2 || voters.len() * 10 < sampled {
        return Vec::new();
    }
    voters
}

/// At most [`SAMPLE_LINES`] lines: runs of [`SAMPLE_RUN`] consecutive lines spread evenly
/// over all of them. Runs rather than every n-th line, so that records alternating between
/// encodings are not all sampled in one of them.
fn spread_sample<'a>(lines: &[&'a [u8]]) -> Vec<&'a [u8]> {
    if lines.len() <= SAMPLE_LINES {
        return lines.to_vec();
    }
    let runs = SAMPLE_LINES / SAMPLE_RUN;
    (0..runs)
        .flat_map(|run| {
            let start = run * (lines.len() - SAMPLE_RUN) / (runs - 1);
            lines[start..start + SAMPLE_RUN].iter().copied()
        })
        .collect()
}

/// How many votes each encoding has, most first (ties in the order of first vote).
fn tally(votes: &[&'static Encoding]) -> Vec<(&'static Encoding, usize)> {
    let mut tally: Vec<(&'static Encoding, usize)> = Vec::new();
    for vote in votes {
        match tally.iter_mut().find(|(encoding, _)| encoding == vote) {
            Some((_, n)) => *n += 1,
            None => tally.push((vote, 1)),
        }
    }
    // A stable sort keeps ties in order.
    tally.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    tally
}

/// chardetng's guess for a whole input from its legacy lines (at most [`DETECT_LEN`] bytes of
/// them), or `None` if there are none. `complete`: the lines end at a character boundary; a
/// prefix cut inside a character must not say so, or GBK turns into windows-1252.
fn file_guess(legacy: &[&[u8]], complete: bool) -> Option<&'static Encoding> {
    if legacy.is_empty() {
        return None;
    }
    let mut detector = EncodingDetector::new();
    let mut fed = 0;
    for line in legacy {
        if fed >= DETECT_LEN {
            break;
        }
        detector.feed(line, false);
        fed += line.len();
    }
    if complete && fed < DETECT_LEN {
        detector.feed(b"", true);
    }
    Some(detector.guess(None, false))
}

/// chardetng's guess for one whole line.
fn guess_line(line: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new();
    detector.feed(line, true);
    detector.guess(None, false)
}

/// The encoding of every line: `None` for ASCII lines, which join whatever run they are in.
fn choose(
    bytes: &[u8],
    lines: &[Line],
    utf8_seen: bool,
    policy: Option<&Policy>,
) -> Vec<Option<&'static Encoding>> {
    let legacy = match policy {
        Some(Policy::Uniform(encoding)) => Some(*encoding),
        Some(Policy::PerLine {
            candidates,
            fallback,
        }) => return choose_per_line(bytes, lines, utf8_seen, candidates, fallback),
        // There are no legacy lines.
        None => None,
    };
    lines
        .iter()
        .map(|line| match line.class {
            Class::Ascii => None,
            _ if line.is_legacy(utf8_seen) => legacy,
            _ => Some(UTF_8),
        })
        .collect()
}

fn choose_per_line(
    bytes: &[u8],
    lines: &[Line],
    utf8_seen: bool,
    candidates: &[&'static Encoding],
    fallback: &'static Encoding,
) -> Vec<Option<&'static Encoding>> {
    let text = |line: &Line| &bytes[line.range.clone()];
    // Legacy lines with an encoding of their own: `Some`; the others: `None`.
    let own: Vec<(usize, Option<&'static Encoding>)> = lines
        .iter()
        .enumerate()
        .filter(|(_, line)| line.is_legacy(utf8_seen))
        .map(|(index, line)| (index, own_encoding(text(line), candidates)))
        .collect();
    let before = neighbours(own.iter().map(|&(_, guess)| guess));
    let mut after = neighbours(own.iter().rev().map(|&(_, guess)| guess));
    after.reverse();
    let mut choices: Vec<Option<&'static Encoding>> = lines
        .iter()
        .map(|line| (line.class != Class::Ascii).then_some(UTF_8))
        .collect();
    for (k, &(index, guess)) in own.iter().enumerate() {
        choices[index] = Some(guess.unwrap_or_else(|| {
            borrow(
                text(&lines[index]),
                before[k],
                after[k],
                candidates,
                fallback,
            )
        }));
    }
    choices
}

/// A line's encoding, if the line shows it: among the candidates that decode it cleanly, the
/// one its characters are clearly most typical of ([`cjk::typicality`] at least
/// [`TYPICAL_MARGIN`] above zero and above every other); or, for a long line, chardetng's
/// guess if it is one of them.
fn own_encoding(line: &[u8], candidates: &[&'static Encoding]) -> Option<&'static Encoding> {
    let mut clean: Vec<(i32, &'static Encoding)> = candidates
        .iter()
        .filter(|encoding| decode_clean(encoding, line, true).is_some())
        .map(|&encoding| (cjk::typicality(encoding, line).unwrap_or(0), encoding))
        .collect();
    clean.sort_by_key(|&(score, _)| std::cmp::Reverse(score));
    let (best, encoding) = *clean.first()?;
    let runner_up = clean.get(1).map_or(0, |&(score, _)| score.max(0));
    if best - runner_up >= TYPICAL_MARGIN {
        return Some(encoding);
    }
    (non_ascii(line) >= LONG_LINE)
        .then(|| guess_line(line))
        .filter(|guess| clean.iter().any(|&(_, encoding)| encoding == *guess))
}

/// For each item, the last `Some` before it.
fn neighbours(
    guesses: impl Iterator<Item = Option<&'static Encoding>>,
) -> Vec<Option<&'static Encoding>> {
    let mut last = None;
    guesses
        .map(|guess| {
            let before = last;
            last = guess.or(last);
            before
        })
        .collect()
}

/// The encoding of a legacy line without a reliable guess of its own: its neighbours' when
/// they agree and it decodes cleanly with it; otherwise its own guess if that is one of the
/// neighbours', else the first neighbour's, else its own guess, else any candidate — always
/// one that decodes it cleanly when there is one.
fn borrow(
    line: &[u8],
    before: Option<&'static Encoding>,
    after: Option<&'static Encoding>,
    candidates: &[&'static Encoding],
    fallback: &'static Encoding,
) -> &'static Encoding {
    let clean = |encoding: &&'static Encoding| decode_clean(encoding, line, true).is_some();
    let neighbours: Vec<&'static Encoding> = before.into_iter().chain(after).collect();
    if let [first, rest @ ..] = neighbours.as_slice() {
        if rest.iter().all(|other| other == first) && clean(first) {
            return first;
        }
    }
    let own = guess_line(line);
    let neighbours: Vec<&'static Encoding> = neighbours.into_iter().filter(clean).collect();
    if neighbours.contains(&own) {
        return own;
    }
    neighbours
        .first()
        .copied()
        .or_else(|| Some(own).filter(|own| candidates.contains(own) && clean(own)))
        .or_else(|| candidates.iter().copied().find(clean))
        .unwrap_or(fallback)
}

/// Decodes runs of lines with the same encoding in one call each.
fn assemble<'a>(
    bytes: &'a [u8],
    lines: &[Line],
    choices: &[Option<&'static Encoding>],
) -> (Cow<'a, str>, Decoding) {
    // Empty: the first run decodes straight into it (see `decode_into`).
    let mut text = String::new();
    let mut malformed = 0;
    let mut tally: Vec<(&'static str, usize)> = Vec::new();
    let mut runs: Vec<(usize, &'static str)> = Vec::new();
    let mut current: Option<&'static Encoding> = None;
    let mut run_start = 0;
    for (index, (line, &choice)) in lines.iter().zip(choices).enumerate() {
        let Some(encoding) = choice else { continue };
        match tally.iter_mut().find(|(name, _)| *name == encoding.name()) {
            Some((_, n)) => *n += 1,
            None => tally.push((encoding.name(), 1)),
        }
        match current {
            Some(run) if run != encoding => {
                malformed += decode_into(run, &bytes[run_start..line.range.start], &mut text);
                run_start = line.range.start;
                current = Some(encoding);
                runs.push((index, encoding.name()));
            }
            Some(_) => {}
            // ASCII lines before it join the first run.
            None => {
                current = Some(encoding);
                runs.push((0, encoding.name()));
            }
        }
    }
    let last = current.unwrap_or(UTF_8);
    malformed += decode_into(last, &bytes[run_start..], &mut text);
    let decoding = if tally.len() > 1 {
        Decoding {
            encoding: MIXED,
            bom: false,
            malformed,
            lines: tally,
            runs,
        }
    } else {
        Decoding::whole(last, false, malformed)
    };
    (Cow::Owned(text), decoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    // "人人生而自由，在尊严和权利上一律平等。" (UDHR article 1, simplified) in GBK.
    const GBK_LINE: &[u8] = b"\xc8\xcb\xc8\xcb\xc9\xfa\xb6\xf8\xd7\xd4\xd3\xc9\xa3\xac\xd4\xda\xd7\xf0\xd1\xcf\xba\xcd\xc8\xa8\xc0\xfb\xc9\xcf\xd2\xbb\xc2\xc9\xc6\xbd\xb5\xc8\xa1\xa3\n";

    #[test]
    fn lines_are_classified_by_their_bytes() {
        assert_eq!(Class::of(b"ascii\n"), Class::Ascii);
        assert_eq!(Class::of("中\n".as_bytes()), Class::Utf8 { strong: false });
        assert_eq!(
            Class::of("中文字符\n".as_bytes()),
            Class::Utf8 { strong: true }
        );
        assert_eq!(Class::of(GBK_LINE), Class::Legacy);
        let mut broken = "人人生而自由，在尊严和权利上".as_bytes().to_vec();
        broken.insert(6, 0xff);
        assert_eq!(Class::of(&broken), Class::BrokenUtf8);
    }

    #[test]
    fn one_strong_line_is_not_evidence_in_a_large_legacy_file() {
        let mut bytes = GBK_LINE.repeat(100);
        bytes.extend_from_slice("中文字符\n".as_bytes());
        assert!(!utf8_evidence(&classify(&bytes)));
        assert!(utf8_evidence(&classify("中文字符\n".as_bytes())));
    }

    #[test]
    fn neighbours_are_the_last_guess_before() {
        let gbk = Some(encoding_rs::GBK);
        let found = neighbours([None, gbk, None, None].into_iter());
        assert_eq!(found, vec![None, None, gbk, gbk]);
    }

    #[test]
    fn runs_are_decoded_with_their_encoding() {
        let mut bytes = "ok\n".as_bytes().to_vec();
        bytes.extend_from_slice(GBK_LINE);
        bytes.extend_from_slice("中文字符\n".as_bytes());
        let lines = classify(&bytes);
        let choices = [None, Some(encoding_rs::GBK), Some(UTF_8)];
        let (text, decoding) = assemble(&bytes, &lines, &choices);
        assert_eq!(
            text,
            "ok\n人人生而自由，在尊严和权利上一律平等。\n中文字符\n"
        );
        assert_eq!(decoding.encoding, MIXED);
        assert_eq!(decoding.lines, vec![("GBK", 1), ("UTF-8", 1)]);
    }

    /// Lines of UDHR articles 1–3 (simplified in GBK, traditional in Big5), `repeat` times.
    fn articles(gbk: bool, big5: bool, repeat: usize) -> Vec<u8> {
        let hans = [
            "人人生而自由,在尊严和权利上一律平等。",
            "人人有权享有生命、自由和人身安全。",
        ];
        let hant = [
            "人人生而自由，在尊嚴和權利上一律平等。",
            "人人有權享有生命、自由和人身安全。",
        ];
        let mut bytes = Vec::new();
        for _ in 0..repeat {
            for (simplified, traditional) in hans.iter().zip(hant) {
                if gbk {
                    bytes.extend_from_slice(&encoding_rs::GBK.encode(&format!("{simplified}\n")).0);
                }
                if big5 {
                    bytes.extend_from_slice(
                        &encoding_rs::BIG5.encode(&format!("{traditional}\n")).0,
                    );
                }
            }
        }
        bytes
    }

    fn policy(bytes: &[u8]) -> Option<Policy> {
        Policy::detect(bytes, &classify(bytes), false, true)
    }

    #[test]
    fn a_single_encoding_file_gets_one_policy() {
        assert!(matches!(
            policy(&articles(true, false, 20)),
            Some(Policy::Uniform(encoding)) if encoding == encoding_rs::GBK
        ));
        assert!(policy(b"ascii only\n").is_none());
    }

    #[test]
    fn a_gbk_and_big5_dump_is_decided_line_by_line() {
        let Some(Policy::PerLine { candidates, .. }) = policy(&articles(true, true, 20)) else {
            panic!("not per line");
        };
        assert!(candidates.contains(&encoding_rs::GBK) && candidates.contains(&encoding_rs::BIG5));
    }
}
