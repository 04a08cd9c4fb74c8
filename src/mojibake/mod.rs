//! Text decoded with the wrong encoding at some earlier point, repaired.
//!
//! A *chain* names how the damage happened: text written in an original encoding was read
//! with a wrong decoder (`utf8-as-gbk`: UTF-8 bytes read as GBK, `浣犲ソ` for 你好). To
//! repair a chain, the mojibake's characters are turned back into the bytes the wrong
//! decoder read ([`codec`]) and those bytes decoded with the original encoding. A span is
//! repaired only when
//! 1. the bytes decode without error, with the span's ends on character boundaries on both
//!    sides (so good text next to it stays as it is), and
//! 2. the repair is more plausible than the span by a margin ([`plausibility`]): bytes that
//!    happen to decode are not enough, most of all for short spans and CJK↔CJK confusions.
//!
//! Every chain is tried on the spans the fast [`gate`] flags; where candidates overlap the
//! most plausible wins. A repaired text is looked at again, up to [`MAX_LAYERS`] times, so
//! mojibake of mojibake unwinds one layer per pass, each layer with its own rule id.
//!
//! Characters the wrong decoder lost (it wrote U+FFFD) stay lost: the character they were
//! part of becomes one U+FFFD, everything around it is repaired, and the losses are counted
//! in the report. Nothing is ever invented.

mod codec;
mod gate;
mod plausibility;

use crate::pipeline::TextStage;
use crate::report::Changes;
use codec::{Codec, Decoded, Encoded, PieceKind, Reencoder, SingleByte, INSIDE};
use gate::Suspects;
use std::borrow::Cow;
use std::ops::Range;

/// How many layers of mojibake are unwound at most.
const MAX_LAYERS: usize = 4;

/// Bits a repair must gain over the text it replaces: a repair's prior cost, since clean
/// text is far more common than mojibake.
const MARGIN: f32 = 10.0;

/// Bits a short repair must gain on top of [`MARGIN`], divided by the number of characters
/// it decodes: one character that happens to decode (`√π` is `ù` in MacRoman) is weak
/// evidence, ten are strong.
const SHORT_MARGIN: f32 = 12.0;

/// How many pieces are trimmed at most from either end of a stretch.
const TRIM_STEPS: usize = 4;

/// How many further layers a candidate's repair is looked through when it is judged: the
/// first layer of `ÃƒÂ¼` (`Ã¼`) is no better than what GBK makes of it (`脙录`), but the
/// layer after it (`ü`) is.
const LOOKAHEAD: usize = 2;

/// One way text gets damaged: written in `original`, read with `wrong`.
struct Chain {
    wrong: Codec,
    original: Codec,
    rule: &'static str,
    /// The rule when the span holds C1 controls: the wrong decoder was true ISO-8859-1
    /// rather than windows-1252 (the two read bytes 0xA0–0xFF alike).
    latin1_rule: Option<&'static str>,
}

const fn chain(wrong: Codec, original: Codec, rule: &'static str) -> Chain {
    Chain {
        wrong,
        original,
        rule,
        latin1_rule: None,
    }
}

const fn from_cp1252(original: Codec, rule: &'static str, latin1: &'static str) -> Chain {
    Chain {
        wrong: Codec::Single(SingleByte::Windows1252),
        original,
        rule,
        latin1_rule: Some(latin1),
    }
}

const fn utf8_as(page: SingleByte, rule: &'static str) -> Chain {
    chain(Codec::Single(page), Codec::Utf8, rule)
}

/// Every chain, most common first: where two give the same repair, the first one's rule id
/// is recorded.
const CHAINS: [Chain; 23] = [
    from_cp1252(
        Codec::Utf8,
        "mojibake/utf8-as-cp1252",
        "mojibake/utf8-as-latin1",
    ),
    utf8_as(SingleByte::Windows1251, "mojibake/utf8-as-cp1251"),
    utf8_as(SingleByte::Windows1250, "mojibake/utf8-as-cp1250"),
    utf8_as(SingleByte::Iso8859_2, "mojibake/utf8-as-iso8859-2"),
    utf8_as(SingleByte::Windows1253, "mojibake/utf8-as-cp1253"),
    utf8_as(SingleByte::Windows1254, "mojibake/utf8-as-cp1254"),
    utf8_as(SingleByte::Windows1257, "mojibake/utf8-as-cp1257"),
    utf8_as(SingleByte::MacRoman, "mojibake/utf8-as-macroman"),
    utf8_as(SingleByte::Cp437, "mojibake/utf8-as-cp437"),
    chain(codec::GBK_, Codec::Utf8, "mojibake/utf8-as-gbk"),
    chain(codec::BIG5_, Codec::Utf8, "mojibake/utf8-as-big5"),
    chain(codec::SJIS, Codec::Utf8, "mojibake/utf8-as-sjis"),
    chain(codec::EUCJP, Codec::Utf8, "mojibake/utf8-as-eucjp"),
    chain(codec::EUCKR, Codec::Utf8, "mojibake/utf8-as-euckr"),
    from_cp1252(
        codec::GBK_,
        "mojibake/gbk-as-cp1252",
        "mojibake/gbk-as-latin1",
    ),
    from_cp1252(
        codec::BIG5_,
        "mojibake/big5-as-cp1252",
        "mojibake/big5-as-latin1",
    ),
    from_cp1252(
        codec::SJIS,
        "mojibake/sjis-as-cp1252",
        "mojibake/sjis-as-latin1",
    ),
    from_cp1252(
        codec::EUCKR,
        "mojibake/euckr-as-cp1252",
        "mojibake/euckr-as-latin1",
    ),
    chain(codec::BIG5_, codec::GBK_, "mojibake/gbk-as-big5"),
    chain(codec::GBK_, codec::BIG5_, "mojibake/big5-as-gbk"),
    chain(codec::GBK_, codec::SJIS, "mojibake/sjis-as-gbk"),
    from_cp1252(
        Codec::Single(SingleByte::Windows1251),
        "mojibake/cp1251-as-cp1252",
        "mojibake/cp1251-as-latin1",
    ),
    chain(
        Codec::Single(SingleByte::Windows1251),
        Codec::Single(SingleByte::Koi8R),
        "mojibake/koi8r-as-cp1251",
    ),
];

impl Chain {
    fn suspected(&self, suspects: Suspects) -> bool {
        match self.wrong {
            Codec::Single(page) => suspects.single(page),
            Codec::Multi(_) => suspects.cjk(),
            Codec::Utf8 => false,
        }
    }

    fn rule_for(&self, span: &str) -> &'static str {
        match self.latin1_rule {
            Some(latin1) if span.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) => latin1,
            _ => self.rule,
        }
    }
}

/// Whether `text` shows any sign of mojibake (the stage's fast gate).
pub(crate) fn may_hold_mojibake(text: &str) -> bool {
    !gate::suspects(text).is_empty()
}

/// The mojibake stage.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Mojibake;

impl TextStage for Mojibake {
    fn apply<'t>(&self, text: &'t str, log: &mut Changes) -> Cow<'t, str> {
        if gate::suspects(text).is_empty() {
            return Cow::Borrowed(text);
        }
        let mut scratch = Scratch::default();
        let mut current = Cow::Borrowed(text);
        for _ in 0..MAX_LAYERS {
            match repair_pass(&current, &mut scratch, log) {
                Some(repaired) => current = Cow::Owned(repaired),
                None => break,
            }
        }
        current
    }
}

/// Buffers reused from span to span.
#[derive(Default)]
struct Scratch {
    encoded: Encoded,
    decoded: Decoded,
    candidates: Vec<Candidate>,
}

/// A repair found for a span of a line.
struct Candidate {
    /// Byte range in the line.
    span: Range<usize>,
    repaired: String,
    rule: &'static str,
    /// Bits gained, margin included: positive.
    gain: f32,
}

/// One pass over the text: every line with signs of mojibake gets its best repairs. `None`
/// when nothing was repaired.
fn repair_pass(text: &str, scratch: &mut Scratch, log: &mut Changes) -> Option<String> {
    let mut out = String::new();
    let mut copied_to = 0;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let suspects = gate::suspects(line);
        if !suspects.is_empty() {
            let content = line.strip_suffix('\n').unwrap_or(line);
            let content = content.strip_suffix('\r').unwrap_or(content);
            find_repairs(content, suspects, LOOKAHEAD, scratch);
            for candidate in scratch.candidates.drain(..) {
                if out.capacity() == 0 {
                    out.reserve(text.len() + text.len() / 8);
                }
                out.push_str(&text[copied_to..line_start + candidate.span.start]);
                let before = &line[candidate.span.clone()];
                let lost = count_lost(&candidate.repaired).saturating_sub(count_lost(before));
                log.record(candidate.rule, out.len(), before, &candidate.repaired);
                log.lose(lost as u64);
                out.push_str(&candidate.repaired);
                copied_to = line_start + candidate.span.end;
            }
        }
        line_start += line.len();
    }
    if copied_to == 0 && out.is_empty() {
        return None;
    }
    out.push_str(&text[copied_to..]);
    Some(out)
}

fn count_lost(text: &str) -> usize {
    text.chars().filter(|&c| c == '\u{fffd}').count()
}

/// Fills `scratch.candidates` with the best non-overlapping repairs of `line`, in order,
/// judging each through `lookahead` further layers.
fn find_repairs(line: &str, suspects: Suspects, lookahead: usize, scratch: &mut Scratch) {
    scratch.candidates.clear();
    for chain in CHAINS.iter().filter(|chain| chain.suspected(suspects)) {
        let mut encoder = Reencoder::new(chain.wrong);
        let mut chars = line.char_indices().peekable();
        while chars.peek().is_some() {
            // One run of characters the wrong decoder has.
            scratch.encoded.clear();
            let mut has_non_ascii = false;
            let mut end = line.len();
            for (offset, c) in chars.by_ref() {
                if !encoder.push(c, offset, &mut scratch.encoded) {
                    end = offset;
                    break;
                }
                has_non_ascii |= !c.is_ascii();
            }
            if let Some(&(offset, _)) = chars.peek() {
                end = end.min(offset);
            }
            if !has_non_ascii || scratch.encoded.units.is_empty() {
                continue;
            }
            scratch.encoded.finish(end);
            codec::decode(chain.original, &scratch.encoded.units, &mut scratch.decoded);
            let run = Run {
                line,
                chain,
                encoded: &scratch.encoded,
                decoded: &scratch.decoded,
                lookahead,
            };
            run.spans(&mut scratch.candidates);
        }
    }
    select(&mut scratch.candidates);
}

/// Keeps the best of overlapping candidates and sorts them by position.
fn select(candidates: &mut Vec<Candidate>) {
    // Stable sort: among equal gains, the earlier chain (pushed first) wins.
    candidates.sort_by(|a, b| b.gain.total_cmp(&a.gain));
    let mut kept: Vec<Candidate> = Vec::with_capacity(candidates.len());
    for candidate in candidates.drain(..) {
        let overlaps = kept
            .iter()
            .any(|k| k.span.start < candidate.span.end && candidate.span.start < k.span.end);
        if !overlaps {
            kept.push(candidate);
        }
    }
    kept.sort_by_key(|candidate| candidate.span.start);
    *candidates = kept;
}

/// One run of characters a wrong decoder has, re-encoded and decoded with the original
/// encoding.
struct Run<'a> {
    line: &'a str,
    chain: &'a Chain,
    encoded: &'a Encoded,
    decoded: &'a Decoded,
    lookahead: usize,
}

impl Run<'_> {
    /// The repairs the run offers: each stretch of pieces that decode without error, cut to
    /// character boundaries on both sides.
    fn spans(&self, candidates: &mut Vec<Candidate>) {
        let pieces = &self.decoded.pieces;
        let mut at = 0;
        while at < pieces.len() {
            if pieces[at].kind == PieceKind::Invalid {
                at += 1;
                continue;
            }
            let mut end = at;
            while end < pieces.len() && pieces[end].kind != PieceKind::Invalid {
                end += 1;
            }
            if let Some(candidate) = self.best_within(at..end) {
                candidates.push(candidate);
            }
            at = end;
        }
    }

    /// The unit where piece `index` starts.
    fn piece_start(&self, index: usize) -> usize {
        match index {
            0 => 0,
            _ => self.decoded.pieces[index - 1].units_end as usize,
        }
    }

    fn starts_char(&self, piece: usize) -> bool {
        self.encoded.origin[self.piece_start(piece)] != INSIDE
    }

    fn ends_char(&self, piece: usize) -> bool {
        self.encoded.origin[self.decoded.pieces[piece].units_end as usize] != INSIDE
    }

    /// The best repair inside a stretch of valid pieces: the whole stretch cut to character
    /// boundaries, then trimmed at either end while that gains.
    fn best_within(&self, stretch: Range<usize>) -> Option<Candidate> {
        let mut first = stretch.start;
        while first < stretch.end && !self.starts_char(first) {
            first += 1;
        }
        let mut last = stretch.end;
        while last > first && !self.ends_char(last - 1) {
            last -= 1;
        }
        if first >= last {
            return None;
        }
        let mut best = self.evaluate(first..last);
        for from_start in [true, false] {
            for _ in 0..TRIM_STEPS {
                let (mut a, mut b) = (first, last);
                if from_start {
                    a += 1;
                    while a < b && !self.starts_char(a) {
                        a += 1;
                    }
                } else {
                    b -= 1;
                    while b > a && !self.ends_char(b - 1) {
                        b -= 1;
                    }
                }
                if a >= b {
                    break;
                }
                let trimmed = self.evaluate(a..b);
                let gain = |candidate: &Option<Candidate>| candidate.as_ref().map(|c| c.gain);
                if gain(&trimmed).unwrap_or(f32::MIN) <= gain(&best).unwrap_or(0.0) {
                    break;
                }
                (first, last, best) = (a, b, trimmed);
            }
        }
        best
    }

    /// The candidate that repairs pieces `range` (both ends on character boundaries), if it
    /// changes something, holds a non-ASCII character and gains more than [`MARGIN`].
    fn evaluate(&self, range: Range<usize>) -> Option<Candidate> {
        let pieces = &self.decoded.pieces[range.clone()];
        let decoded_chars = pieces
            .iter()
            .filter(|piece| piece.kind == PieceKind::Char)
            .count();
        if decoded_chars == 0 {
            return None;
        }
        let last = pieces[pieces.len() - 1];
        let units = self.piece_start(range.start)..last.units_end as usize;
        let span = self.encoded.origin[units.start]..self.encoded.origin[units.end];
        let text_start = match range.start {
            0 => 0,
            i => self.decoded.pieces[i - 1].text_end as usize,
        };
        let repaired = &self.decoded.text[text_start..last.text_end as usize];
        let before = &self.line[span.clone()];
        if before == repaired || !is_sane(before, repaired) {
            return None;
        }
        let left = self.line[..span.start].chars().next_back();
        let right = self.line[span.end..].chars().next();
        let gain = plausibility::cost(left, before, right)
            - settled_cost(left, repaired, right, self.lookahead)
            - MARGIN
            - SHORT_MARGIN / decoded_chars as f32;
        if std::env::var_os("HANFIX_DEBUG").is_some() {
            eprintln!(
                "[{}] {:?} -> {:?} gain {:.1} la {}",
                self.chain.rule, before, repaired, gain, self.lookahead
            );
        }
        (gain > 0.0).then(|| Candidate {
            rule: self.chain.rule_for(before),
            span,
            repaired: repaired.to_owned(),
            gain,
        })
    }
}

/// Whether a repair is text at all: it brings in no control characters and does not start
/// with a combining mark (which would join whatever comes before it).
fn is_sane(before: &str, repaired: &str) -> bool {
    let is_control = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    let starts_combining = repaired
        .chars()
        .next()
        .is_some_and(unicode_normalization::char::is_combining_mark);
    !starts_combining && (before.chars().any(is_control) || !repaired.chars().any(is_control))
}

/// The cost of a repair as further passes would leave it: its own cost, or that of its own
/// repair (looked through `lookahead` layers) when that is lower. A further layer pays the
/// [`MARGIN`] a repair always pays, so that a detour through a wrong chain and back is
/// never cheaper than the direct repair.
fn settled_cost(left: Option<char>, text: &str, right: Option<char>, lookahead: usize) -> f32 {
    let direct = plausibility::cost(left, text, right);
    let suspects = gate::suspects(text);
    if lookahead == 0 || suspects.is_empty() {
        return direct;
    }
    let mut scratch = Scratch::default();
    find_repairs(text, suspects, lookahead - 1, &mut scratch);
    if scratch.candidates.is_empty() {
        return direct;
    }
    let mut further = String::with_capacity(text.len());
    let mut copied_to = 0;
    for candidate in &scratch.candidates {
        further.push_str(&text[copied_to..candidate.span.start]);
        further.push_str(&candidate.repaired);
        copied_to = candidate.span.end;
    }
    further.push_str(&text[copied_to..]);
    direct.min(plausibility::cost(left, &further, right) + MARGIN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::RecordLevel;

    fn repair(text: &str) -> String {
        let mut log = Changes::new(RecordLevel::Off);
        Mojibake.apply(text, &mut log).into_owned()
    }

    #[test]
    fn repairs_each_kind_of_chain() {
        for (mojibake, text) in [
            ("KompatibilitÃ¤tsgrÃ¼nden", "Kompatibilitätsgründen"),
            ("РґР°РЅРЅС‹Рµ", "данные"),
            ("榛樿\u{e17b}鐨勮\u{e195}澶囨槸", "默认的设备是"),
            ("Õâ¸ö»úÆ÷Ö´ÐÐµÄÖ¸Áî¼¯", "这个机器执行的指令集"),
            ("noyau Ã‚Â« toto Ã‚Â» est", "noyau « toto » est"),
        ] {
            assert_eq!(repair(mojibake), text);
        }
    }

    #[test]
    fn leaves_clean_text_alone() {
        for text in [
            "乱码“锟斤拷”和“烫烫烫”是常见的编码错误。",
            "Größe, Grüße, Straße",
            "├──┐ │ └─┘",
        ] {
            assert_eq!(repair(text), text);
        }
    }
}
