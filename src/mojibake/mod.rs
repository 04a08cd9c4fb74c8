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
mod letters;
mod lost;
mod plausibility;
mod reverse;

use crate::pipeline::TextStage;
use crate::report::Changes;
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use codec::{Codec, Decoded, Encoded, PieceKind, SingleByte, INSIDE, LOST};
use gate::Suspects;
use plausibility::Scan;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

/// How many layers of mojibake are unwound at most.
const MAX_LAYERS: usize = 4;

/// Bits a repair must gain over the text it replaces: a repair's prior cost, since clean
/// text is far more common than mojibake.
const MARGIN: f32 = 10.0;

/// Bits a short repair must gain on top of [`MARGIN`], divided by the number of characters
/// it decodes: one character that happens to decode (`√π` is `ù` in MacRoman) is weak
/// evidence, ten are strong.
const SHORT_MARGIN: f32 = 6.0;

/// Bits by which a run's gain in its context may exceed the sum of its segments' gains.
const CONTEXT_SLACK: f32 = 15.0;

/// Bits by which a segment's repair that only lowers letters may cost more than the text
/// and still join the run next to it (see [`best_runs`]): the letter tables fold case, so
/// they cannot tell `ТЕД` from `тед`, and `ред` costs half a bit more.
const LOWERING_SLACK: f32 = 1.0;

/// How many further layers a candidate's repair is looked through when it is judged: the
/// first layer of `ÃƒÂ¼` (`Ã¼`) is no better than what GBK makes of it (`脙录`), but the
/// layer after it (`ü`) is.
const LOOKAHEAD: usize = 1;

/// Words that show a line is about encodings or mojibake, lowercase.
const ENCODING_TALK: [&str; 31] = [
    "mojibake",
    "encoding",
    "encoded",
    "charset",
    "codepage",
    "code page",
    "utf-8",
    "utf8",
    "gbk",
    "gb2312",
    "gb18030",
    "big5",
    "shift_jis",
    "shift-jis",
    "euc-jp",
    "euc-kr",
    "latin-1",
    "latin1",
    "iso-8859",
    "windows-125",
    "cp125",
    "cp437",
    "koi8",
    "macroman",
    "乱码",
    "亂碼",
    "编码",
    "編碼",
    "文字化け",
    "кодировк",
    "кракозябр",
];

/// What each word of [`ENCODING_TALK`] without an ASCII letter holds, in either case.
const NON_ASCII_TALK_KEYS: [&str; 5] = ["码", "碼", "け", "к", "К"];

/// Whether a line talks about encodings or mojibake (names an encoding, or mojibake itself):
/// what looks like mojibake there is most likely quoted on purpose (`"Ã©" for "é"`), so the
/// line is left as it is. Archivists would rather keep a damaged line than lose a quoted
/// example. `folded` is a buffer for the line in lowercase.
fn talks_about_encodings(line: &str, folded: &mut Vec<u8>) -> bool {
    if !may_talk_about_encodings(line) {
        return false;
    }
    static WORDS: OnceLock<AhoCorasick> = OnceLock::new();
    let words = WORDS.get_or_init(|| {
        AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .build(ENCODING_TALK)
            .expect("the encoding words make an automaton")
    });
    fold_case(line, folded);
    words.is_match(folded.as_slice())
}

/// Whether `line` holds an ASCII letter or one of [`NON_ASCII_TALK_KEYS`], as every word of
/// [`ENCODING_TALK`] does. Text that is all mojibake of CJK text has neither, and the
/// automaton, which goes through every byte, is not run on it.
fn may_talk_about_encodings(line: &str) -> bool {
    // In blocks without an early exit, which the compiler vectorizes.
    let has_ascii_letter = line.as_bytes().chunks(64).any(|block| {
        block
            .iter()
            .fold(false, |any, b| any | b.is_ascii_alphabetic())
    });
    has_ascii_letter
        || NON_ASCII_TALK_KEYS
            .iter()
            .any(|key| memchr::memmem::find(line.as_bytes(), key.as_bytes()).is_some())
}

/// `line` with its ASCII and Russian capitals in lowercase, the only ones [`ENCODING_TALK`]
/// needs folded (its CJK words have no case), written to `folded`. Byte by byte: a Russian
/// capital `А`–`Я` (D0 90–D0 AF) and its lowercase letter (D0 B0–D0 BF, D1 80–D1 8F) are
/// both two bytes, and 0xD0 is always a lead byte.
fn fold_case(line: &str, folded: &mut Vec<u8>) {
    folded.clear();
    folded.extend_from_slice(line.as_bytes());
    folded.make_ascii_lowercase();
    for at in memchr::memchr_iter(0xd0, line.as_bytes()) {
        match folded.get(at + 1).copied() {
            Some(second @ 0x90..=0x9f) => folded[at + 1] = second + 0x20,
            Some(second @ 0xa0..=0xaf) => {
                folded[at] = 0xd1;
                folded[at + 1] = second - 0x20;
            }
            _ => {}
        }
    }
}

/// One way text gets damaged: written in `original`, read with `wrong`.
struct Chain {
    wrong: Codec,
    original: Codec,
    rule: &'static str,
    /// The rule when the span holds C1 controls: the wrong decoder was true ISO-8859-1
    /// rather than windows-1252 (the two read bytes 0xA0–0xFF alike).
    latin1_rule: Option<&'static str>,
    /// Bits a repair along this chain must gain on top of [`MARGIN`]: the less the
    /// original encoding's validity says, the more. Nearly any bytes are valid GBK or Big5
    /// (CJK↔CJK confusions), and any byte is valid in a single-byte code page; UTF-8 is
    /// strict.
    margin: f32,
}

/// Extra margins by how much the original encoding's validity tells.
const STRICT: f32 = 0.0;
const LOOSE: f32 = 5.0;
const ANY_BYTES: f32 = 8.0;
/// Any bytes, but the gate only suspects the chain where letter case is flipped inside
/// words or capitals run long (KOI8-R read as windows-1251 swaps Cyrillic case), which is
/// evidence the other single-byte chains lack.
const CASE_FLIPPED: f32 = 6.0;
const CJK_TO_CJK: f32 = 12.0;

const fn chain(wrong: Codec, original: Codec, rule: &'static str, margin: f32) -> Chain {
    Chain {
        wrong,
        original,
        rule,
        latin1_rule: None,
        margin,
    }
}

const fn from_cp1252(
    original: Codec,
    rule: &'static str,
    latin1: &'static str,
    margin: f32,
) -> Chain {
    Chain {
        wrong: Codec::Single(SingleByte::Windows1252),
        original,
        rule,
        latin1_rule: Some(latin1),
        margin,
    }
}

const fn utf8_as(page: SingleByte, rule: &'static str) -> Chain {
    chain(Codec::Single(page), Codec::Utf8, rule, STRICT)
}

/// Every chain, most common first: where two give the same repair, the first one's rule id
/// is recorded.
const CHAINS: [Chain; 23] = [
    from_cp1252(
        Codec::Utf8,
        "mojibake/utf8-as-cp1252",
        "mojibake/utf8-as-latin1",
        STRICT,
    ),
    utf8_as(SingleByte::Windows1251, "mojibake/utf8-as-cp1251"),
    utf8_as(SingleByte::Windows1250, "mojibake/utf8-as-cp1250"),
    utf8_as(SingleByte::Iso8859_2, "mojibake/utf8-as-iso8859-2"),
    utf8_as(SingleByte::Windows1253, "mojibake/utf8-as-cp1253"),
    utf8_as(SingleByte::Windows1254, "mojibake/utf8-as-cp1254"),
    utf8_as(SingleByte::Windows1257, "mojibake/utf8-as-cp1257"),
    utf8_as(SingleByte::MacRoman, "mojibake/utf8-as-macroman"),
    utf8_as(SingleByte::Cp437, "mojibake/utf8-as-cp437"),
    chain(codec::GBK_, Codec::Utf8, "mojibake/utf8-as-gbk", STRICT),
    chain(codec::BIG5_, Codec::Utf8, "mojibake/utf8-as-big5", STRICT),
    chain(codec::SJIS, Codec::Utf8, "mojibake/utf8-as-sjis", STRICT),
    chain(codec::EUCJP, Codec::Utf8, "mojibake/utf8-as-eucjp", STRICT),
    chain(codec::EUCKR, Codec::Utf8, "mojibake/utf8-as-euckr", STRICT),
    from_cp1252(
        codec::GBK_,
        "mojibake/gbk-as-cp1252",
        "mojibake/gbk-as-latin1",
        LOOSE,
    ),
    from_cp1252(
        codec::BIG5_,
        "mojibake/big5-as-cp1252",
        "mojibake/big5-as-latin1",
        LOOSE,
    ),
    from_cp1252(
        codec::SJIS,
        "mojibake/sjis-as-cp1252",
        "mojibake/sjis-as-latin1",
        LOOSE,
    ),
    from_cp1252(
        codec::EUCKR,
        "mojibake/euckr-as-cp1252",
        "mojibake/euckr-as-latin1",
        LOOSE,
    ),
    chain(
        codec::BIG5_,
        codec::GBK_,
        "mojibake/gbk-as-big5",
        CJK_TO_CJK,
    ),
    chain(
        codec::GBK_,
        codec::BIG5_,
        "mojibake/big5-as-gbk",
        CJK_TO_CJK,
    ),
    chain(codec::GBK_, codec::SJIS, "mojibake/sjis-as-gbk", CJK_TO_CJK),
    from_cp1252(
        Codec::Single(SingleByte::Windows1251),
        "mojibake/cp1251-as-cp1252",
        "mojibake/cp1251-as-latin1",
        ANY_BYTES,
    ),
    chain(
        Codec::Single(SingleByte::Windows1251),
        Codec::Single(SingleByte::Koi8R),
        "mojibake/koi8r-as-cp1251",
        CASE_FLIPPED,
    ),
];

impl Chain {
    fn suspected(&self, suspects: Suspects) -> bool {
        let signs = self.signs();
        !signs.is_empty() && suspects.covers(signs)
    }

    /// The signs the gate finds for this chain's wrong decoder.
    fn signs(&self) -> Suspects {
        match self.wrong {
            Codec::Single(page) => Suspects::of_single(page),
            Codec::Multi(_) => Suspects::of_cjk(),
            Codec::Utf8 => Suspects::default(),
        }
    }

    /// How many characters a repair along this chain must decode at least. One GBK, Big5,
    /// Shift_JIS or EUC-KR character is any two bytes of 0x81–0xFE, so one read from two
    /// windows-1252 characters (`( o¬ô )` as Big5 is `( o紂 )`) is no evidence at all. A
    /// single-byte page read as another maps letters to letters one for one, so a short
    /// word reads as some word of the other alphabet (`Ôôô` as windows-1251 is `Ффф`);
    /// damage from such a confusion spans fields and sentences, not a word of three.
    fn min_decoded_chars(&self) -> usize {
        match (self.wrong, self.original) {
            (Codec::Single(_), Codec::Single(_)) => 4,
            (Codec::Single(_), Codec::Multi(_)) => 2,
            _ => 1,
        }
    }

    /// Whether this is UTF-8 read through a code page few systems defaulted to
    /// (windows-1257, MacRoman, cp437). A repair along it must bring back a letter or a
    /// character of three bytes or more: these pages spell Latin-1's punctuation (two
    /// bytes) with two characters that clean text also writes side by side (`¬´` is
    /// MacRoman for `«`, `Āø` windows-1257 for `¸`), while `‚Äì` for `–` is three.
    fn is_rare_page(&self) -> bool {
        matches!(
            self.wrong,
            Codec::Single(SingleByte::Windows1257 | SingleByte::MacRoman | SingleByte::Cp437)
        ) && self.original == Codec::Utf8
    }

    fn rule_for(&self, span: &str) -> &'static str {
        match self.latin1_rule {
            Some(latin1) if span.chars().any(is_c1) => latin1,
            _ => self.rule,
        }
    }
}

/// Whether `c` is a C1 control: a byte 0x80–0x9F read as ISO-8859-1.
fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

/// Whether `text` shows any sign of mojibake (the stage's fast gate).
pub(crate) fn may_hold_mojibake(text: &str) -> bool {
    gate::shows_any_sign(text)
}

/// The mojibake stage.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Mojibake;

impl TextStage for Mojibake {
    fn apply<'t>(&self, text: &'t str, log: &mut Changes) -> Cow<'t, str> {
        if !may_hold_mojibake(text) {
            return Cow::Borrowed(text);
        }
        let mut scratch = Scratch::default();
        let mut current = Cow::Borrowed(text);
        unwind_layers(&mut current, &mut scratch, log);
        // The C1 controls left stand for windows-1252 punctuation; with it in place the
        // text around may read differently, so it is looked at again.
        if let Some(replaced) = replace_c1_controls(&current, log) {
            current = Cow::Owned(replaced);
            unwind_layers(&mut current, &mut scratch, log);
        }
        current
    }
}

/// Repairs pass after pass, one layer of mojibake each, until a pass repairs nothing (at
/// most [`MAX_LAYERS`] passes).
fn unwind_layers(current: &mut Cow<'_, str>, scratch: &mut Scratch, log: &mut Changes) {
    // What the last pass repaired: only the lines holding it can change in the next one (a
    // line's repairs depend on its text alone), so the others are not looked at again.
    let mut repaired: Option<Vec<Range<usize>>> = None;
    for _ in 0..MAX_LAYERS {
        match repair_pass(current, repaired.as_deref(), scratch, log) {
            Some((text, spans)) => {
                *current = Cow::Owned(text);
                repaired = Some(spans);
            }
            None => break,
        }
    }
}

/// Replaces the C1 controls that no repair took in with what windows-1252 has at their
/// byte (`\u{93}` becomes `“`): text holds C1 controls when windows-1252 bytes were read
/// as ISO-8859-1, as ftfy also assumes. The five bytes windows-1252 leaves undefined stay.
/// Lines that talk about encodings are left alone. `None` when nothing was replaced.
fn replace_c1_controls(text: &str, log: &mut Changes) -> Option<String> {
    if !text.chars().any(is_c1) {
        return None;
    }
    let high = SingleByte::Windows1252.high_half();
    let mut out = String::with_capacity(text.len());
    let mut replaced = false;
    let mut folded = Vec::new();
    for line in text.split_inclusive('\n') {
        if talks_about_encodings(line, &mut folded) {
            out.push_str(line);
            continue;
        }
        for c in line.chars() {
            let printable = high[c as usize & 0x7f];
            if is_c1(c) && !printable.is_control() {
                let mut buffer = [0u8; 4];
                log.record(
                    "mojibake/c1-as-cp1252",
                    out.len(),
                    c.encode_utf8(&mut buffer),
                    printable.encode_utf8(&mut [0u8; 4]),
                );
                out.push(printable);
                replaced = true;
            } else {
                out.push(c);
            }
        }
    }
    replaced.then_some(out)
}

/// Buffers reused from span to span.
#[derive(Default)]
struct Scratch {
    /// A line in lowercase (see [`talks_about_encodings`]).
    folded: Vec<u8>,
    encoded: Encoded,
    decoded: Decoded,
    /// The line, scored (see [`find_repairs`]).
    line_scan: Scan,
    stretch: StretchScratch,
    candidates: Vec<Candidate>,
    /// What the previous pass repaired in the line, as byte ranges in it.
    earlier_repairs: Vec<Range<usize>>,
}

/// Buffers reused from stretch to stretch (see [`Run::best_within`]).
#[derive(Default)]
struct StretchScratch {
    /// The stretch's repair, scored.
    repair_scan: Scan,
    segments: Vec<Segment>,
    runs: Vec<Range<usize>>,
    /// Ranges of segments still to search for runs (see [`best_runs`]).
    pending: Vec<Range<usize>>,
}

/// A repair found for a span of a line.
#[derive(Clone)]
struct Candidate {
    /// Byte range in the line.
    span: Range<usize>,
    repaired: String,
    rule: &'static str,
    /// Bits gained, margin included: positive.
    gain: f32,
    /// Characters the repair writes as U+FFFD because their bytes were lost.
    lost: u64,
    /// The chain's index in [`CHAINS`].
    chain: usize,
}

/// One pass over the text (when `earlier` is given, over the lines holding one of its
/// byte ranges, what the previous pass repaired): every line with signs of mojibake gets
/// its best repairs. Returns the repaired text and the byte ranges of its repairs, in
/// order; `None` when nothing was repaired.
fn repair_pass(
    text: &str,
    earlier: Option<&[Range<usize>]>,
    scratch: &mut Scratch,
    log: &mut Changes,
) -> Option<(String, Vec<Range<usize>>)> {
    let mut out = String::new();
    let mut copied_to = 0;
    let mut line_start = 0;
    let mut repaired = Vec::new();
    let mut earlier = earlier.map(|spans| spans.iter().peekable());
    // The chains that repaired the last damaged line: damage runs through a document, so
    // they are tried alone first on the next one (see `repair_line`).
    let mut recent: Vec<usize> = Vec::new();
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.len();
        scratch.earlier_repairs.clear();
        if let Some(spans) = earlier.as_mut() {
            while let Some(span) = spans.next_if(|span| span.start < line_end) {
                scratch
                    .earlier_repairs
                    .push(span.start - line_start..span.end - line_start);
            }
        }
        // A repaired line gets the full gate, as a first pass over the output would give it:
        // a narrower one (only the signs beside lost characters) left repairs for the next
        // run to make, and cleaning was not idempotent.
        let signs = match earlier {
            Some(_) if scratch.earlier_repairs.is_empty() => LineSigns::none(),
            _ => LineSigns::read(line, &recent),
        };
        if !signs.found.is_empty() {
            let content = line.strip_suffix('\n').unwrap_or(line);
            let content = content.strip_suffix('\r').unwrap_or(content);
            if talks_about_encodings(line, &mut scratch.folded) {
                let before = recent.clone();
                repair_line(content, signs, &mut recent, scratch);
                if !damaged_throughout(content, &scratch.candidates) {
                    scratch.candidates.clear();
                    recent = before;
                }
            } else {
                repair_line(content, signs, &mut recent, scratch);
            }
            keep_cjk_repairs_that_explain_the_line(content, &mut scratch.candidates);
            for candidate in scratch.candidates.drain(..) {
                if out.capacity() == 0 {
                    out.reserve(text.len() + text.len() / 8);
                }
                out.push_str(&text[copied_to..line_start + candidate.span.start]);
                let before = &line[candidate.span.clone()];
                log.record(candidate.rule, out.len(), before, &candidate.repaired);
                log.lose(candidate.lost);
                let start = out.len();
                out.push_str(&candidate.repaired);
                repaired.push(start..out.len());
                copied_to = line_start + candidate.span.end;
            }
        }
        line_start = line_end;
    }
    if repaired.is_empty() {
        return None;
    }
    out.push_str(&text[copied_to..]);
    Some((out, repaired))
}

/// A line's signs of mojibake (see [`gate`]), read only as far as the chains that repaired
/// the line before need: in a document damaged one way throughout, they are tried on each
/// line before the gate has gone through it, and it goes through the rest only when their
/// repairs leave signs.
struct LineSigns<'a> {
    /// The line as the gate reads it, line break included.
    line: &'a str,
    /// The signs found: all the line shows, or at least those of `wanted`.
    found: Suspects,
    /// The signs the gate stopped at once it had found them all.
    wanted: Suspects,
}

impl<'a> LineSigns<'a> {
    fn none() -> LineSigns<'a> {
        LineSigns {
            line: "",
            found: Suspects::default(),
            wanted: Suspects::default(),
        }
    }

    /// Reads `line` until the signs of every chain in `recent` (indices in [`CHAINS`]) are
    /// found, or to its end.
    fn read(line: &'a str, recent: &[usize]) -> LineSigns<'a> {
        let wanted = recent.iter().fold(Suspects::default(), |signs, &chain| {
            signs.joined_with(CHAINS[chain].signs())
        });
        LineSigns {
            line,
            found: gate::suspects_until(line, wanted),
            wanted,
        }
    }

    /// Every sign the line shows. Which chains the signs suspect is all the same whether
    /// the gate stopped early or not, for the chains of `wanted`.
    fn all(&self) -> Suspects {
        if !self.wanted.is_empty() && self.found.covers(self.wanted) {
            gate::suspects(self.line)
        } else {
            self.found
        }
    }
}

/// Drops the repairs of CJK text read as windows-1252 or Latin-1 from a line they leave
/// full of Latin-1 letters. Such damage turns every CJK character of the text into those
/// letters, and a repair gives them all back; a line where a few words decode to rare
/// characters and more Latin-1 letters than they repaired stay around them is text in
/// Latin letters (`GÄK ÉÑÄK BÄDÄÑ`, Indonesian leetspeak, is not `G鯛 奷鯛 B饉麵`).
fn keep_cjk_repairs_that_explain_the_line(line: &str, candidates: &mut Vec<Candidate>) {
    let from_single_byte_cjk = |candidate: &Candidate| {
        let chain = &CHAINS[candidate.chain];
        matches!(chain.wrong, Codec::Single(_)) && matches!(chain.original, Codec::Multi(_))
    };
    if !candidates.iter().any(from_single_byte_cjk) {
        return;
    }
    let latin1_letters = |text: &str| {
        text.chars()
            .filter(|c| matches!(c, 'À'..='ÿ') && *c != '×' && *c != '÷')
            .count()
    };
    let repaired: usize = candidates
        .iter()
        .filter(|candidate| from_single_byte_cjk(candidate))
        .map(|candidate| latin1_letters(&line[candidate.span.clone()]))
        .sum();
    let left = latin1_letters(&apply(line, candidates));
    if left > repaired {
        candidates.retain(|candidate| !from_single_byte_cjk(candidate));
    }
}

/// Whether `repairs` of a line that talks about encodings show the whole line damaged
/// rather than quoting mojibake: most of its letters are outside ASCII, and the repairs
/// cover nearly all of them (`лПДЙТПЧЛБ UTF-8 ДМС …`, a Russian line about UTF-8 that was
/// itself read in the wrong code page). A line that quotes mojibake has prose around the
/// quotes: ASCII (`"Ã©" for "é"`), or letters the repairs leave.
fn damaged_throughout(line: &str, repairs: &[Candidate]) -> bool {
    let letters = |text: &str| {
        text.chars()
            .filter(|c| c.is_alphabetic())
            .fold((0, 0), |(all, wide), c| {
                (all + 1, wide + usize::from(!c.is_ascii()))
            })
    };
    let (all, wide) = letters(line);
    let repaired_wide: usize = repairs
        .iter()
        .map(|repair| letters(&line[repair.span.clone()]).1)
        .sum();
    !repairs.is_empty() && 2 * wide >= all && 10 * repaired_wide >= 9 * wide
}

/// Fills `scratch.candidates` with the repairs of one line. The chains in `recent` are tried
/// alone first; their repairs stand when they leave none of the line's signs of mojibake
/// (a whole document damaged one way then costs one chain per line, not every chain the
/// gate suspects). Otherwise the other chains are tried that the signs their repairs leave
/// point to (all that the line's signs point to when they repaired nothing): a sign their
/// repairs explained is no evidence for another chain. `recent` becomes the chains whose
/// repairs were taken.
fn repair_line(line: &str, signs: LineSigns, recent: &mut Vec<usize>, scratch: &mut Scratch) {
    scratch.line_scan.fill(None, line, 0);
    scratch.candidates.clear();
    // The signs the other chains are tried for.
    let mut unexplained = None;
    if !recent.is_empty() {
        collect_repairs(
            line,
            signs.found,
            |chain| recent.contains(&chain),
            LOOKAHEAD,
            scratch,
        );
        if !scratch.candidates.is_empty() {
            // Kept for trying the other chains: the recent ones need not be tried again.
            let collected = scratch.candidates.clone();
            select(&mut scratch.candidates);
            let repaired = apply(line, &scratch.candidates);
            let left = gate::suspects_beside_losses(&repaired);
            if left.is_empty() {
                return;
            }
            let left = left.shared_with(signs.all());
            if left.is_empty() {
                return;
            }
            unexplained = Some(left);
            scratch.candidates = collected;
        }
    }
    let unexplained = unexplained.unwrap_or_else(|| signs.all());
    collect_repairs(
        line,
        unexplained,
        |chain| !recent.contains(&chain),
        LOOKAHEAD,
        scratch,
    );
    // In the order trying every chain in turn collects them: ties in `select` go by it.
    scratch.candidates.sort_by_key(|candidate| candidate.chain);
    select(&mut scratch.candidates);
    recent.clear();
    for candidate in &scratch.candidates {
        if !recent.contains(&candidate.chain) {
            recent.push(candidate.chain);
        }
    }
}

/// `line` with `candidates` (in order, not overlapping) applied.
fn apply(line: &str, candidates: &[Candidate]) -> String {
    let mut repaired = String::with_capacity(line.len());
    let mut copied_to = 0;
    for candidate in candidates {
        repaired.push_str(&line[copied_to..candidate.span.start]);
        repaired.push_str(&candidate.repaired);
        copied_to = candidate.span.end;
    }
    repaired.push_str(&line[copied_to..]);
    repaired
}

/// Fills `scratch.candidates` with the best non-overlapping repairs of `line`, in order,
/// judging each through `lookahead` further layers.
fn find_repairs(line: &str, suspects: Suspects, lookahead: usize, scratch: &mut Scratch) {
    scratch.line_scan.fill(None, line, 0);
    scratch.candidates.clear();
    collect_repairs(line, suspects, |_| true, lookahead, scratch);
    select(&mut scratch.candidates);
}

/// Adds to `scratch.candidates` every repair of `line` that the suspected chains `wanted`
/// (by index in [`CHAINS`]) offer, chain by chain in order, judging each through
/// `lookahead` further layers. `scratch.line_scan` must hold `line`, scanned: every chain's
/// segments and runs are stretches of the line, which is scored once.
fn collect_repairs(
    line: &str,
    suspects: Suspects,
    wanted: impl Fn(usize) -> bool,
    lookahead: usize,
    scratch: &mut Scratch,
) {
    for (index, chain) in CHAINS.iter().enumerate() {
        if !wanted(index) || !chain.suspected(suspects) {
            continue;
        }
        let reencoder = chain.wrong.reencoder();
        let mut chars = line.char_indices().peekable();
        while chars.peek().is_some() {
            // One run of characters the wrong decoder has.
            scratch.encoded.clear();
            let mut has_non_ascii = false;
            let mut end = line.len();
            for (offset, c) in chars.by_ref() {
                if !reencoder.reencode(c, offset, &mut scratch.encoded) {
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
            if chain.wrong == codec::GBK_ && chain.original == Codec::Utf8 {
                scratch.encoded.respell_gbk_euro_for_utf8();
            }
            codec::decode(
                chain.original,
                chain.wrong,
                &scratch.encoded.units,
                &mut scratch.decoded,
            );
            // A layer under another one was saved as UTF-8 and read again: only a repair
            // back to UTF-8 can uncover one, so only those look further.
            let lookahead = if chain.original == Codec::Utf8 {
                lookahead
            } else {
                0
            };
            let run = Run {
                line,
                chain,
                index,
                encoded: &scratch.encoded,
                decoded: &scratch.decoded,
                line_scan: &scratch.line_scan,
                lookahead,
                earlier_repairs: &scratch.earlier_repairs,
            };
            run.spans(&mut scratch.candidates, &mut scratch.stretch);
        }
    }
}

/// Keeps the set of non-overlapping candidates with the largest total gain, in order of
/// position (weighted interval scheduling): one long repair along a wrong chain
/// (`libert茅, l捗ゞalit茅`) must not push out the two better repairs it overlaps
/// (`liberté`, `l’égalité`) just because it alone gains more than either.
fn select(candidates: &mut Vec<Candidate>) {
    if candidates.len() < 2 {
        return;
    }
    // Stable sort: among candidates ending together, the earlier chain (pushed first) comes
    // first, and ties in total gain keep it.
    candidates.sort_by_key(|candidate| candidate.span.end);
    // best[i]: the largest total gain of candidates[..i]; took[i]: whether that best takes
    // candidates[i - 1].
    let mut best = vec![0.0f32; candidates.len() + 1];
    let mut took = vec![false; candidates.len() + 1];
    for (i, candidate) in candidates.iter().enumerate() {
        let before = candidates[..i].partition_point(|c| c.span.end <= candidate.span.start);
        let with = best[before] + candidate.gain;
        took[i + 1] = with > best[i];
        best[i + 1] = if took[i + 1] { with } else { best[i] };
    }
    let mut kept = vec![false; candidates.len()];
    let mut i = candidates.len();
    while i > 0 {
        if took[i] {
            let start = candidates[i - 1].span.start;
            kept[i - 1] = true;
            i = candidates[..i - 1].partition_point(|c| c.span.end <= start);
        } else {
            i -= 1;
        }
    }
    let mut kept = kept.into_iter();
    candidates.retain(|_| kept.next() == Some(true));
}

/// The smallest span a repair can start and end at, with the bits repairing it gains.
struct Segment {
    pieces: Range<usize>,
    gain: f32,
    /// What its repair changes.
    change: Change,
}

/// What a segment's repair changes, as far as joining a run goes (see [`best_runs`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Change {
    Nothing,
    /// Capitals into small letters, letter for letter (`Е` into `е`, `ТЕД` into `ред`), at
    /// most [`LOWERING_SLACK`] dearer: KOI8-R read as windows-1251 turns small Cyrillic
    /// letters into capitals.
    Lowering,
    Text,
}

/// The runs of `segments[within]` with the largest positive total gain, disjoint, in order:
/// the best run (Kadane's maximum subarray), then the best runs left and right of it. An
/// explicit stack of ranges still to search, not recursion: a long line can hold thousands
/// of runs (`pending`, left empty).
fn best_runs(
    segments: &[Segment],
    within: Range<usize>,
    runs: &mut Vec<Range<usize>>,
    pending: &mut Vec<Range<usize>>,
) {
    pending.push(within);
    while let Some(within) = pending.pop() {
        let (mut best, mut best_gain) = (within.start..within.start, 0.0);
        let (mut start, mut sum) = (within.start, 0.0);
        for at in within.clone() {
            if sum <= 0.0 {
                start = at;
                sum = 0.0;
            }
            sum += segments[at].gain;
            if sum > best_gain {
                (best, best_gain) = (start..at + 1, sum);
            }
        }
        if best.is_empty() {
            continue;
        }
        // A segment whose repair only lowers its capitals and costs hardly more (a capital
        // `Е` that is KOI8-R's `е`) joins the run next to it, across segments the repair
        // leaves as they are.
        let reaches = |&at: &usize| segments[at].change != Change::Text;
        let joins = |&at: &usize| segments[at].change == Change::Lowering;
        let after = (best.end..within.end)
            .take_while(reaches)
            .filter(joins)
            .last();
        let before = (within.start..best.start)
            .rev()
            .take_while(reaches)
            .filter(joins)
            .last();
        best = before.unwrap_or(best.start)..after.map_or(best.end, |at| at + 1);
        pending.push(within.start..best.start);
        pending.push(best.end..within.end);
        runs.push(best);
    }
    runs.sort_by_key(|run| run.start);
}

/// One run of characters a wrong decoder has, re-encoded and decoded with the original
/// encoding.
struct Run<'a> {
    line: &'a str,
    chain: &'a Chain,
    /// The chain's index in [`CHAINS`].
    index: usize,
    encoded: &'a Encoded,
    decoded: &'a Decoded,
    line_scan: &'a Scan,
    lookahead: usize,
    /// What the previous pass repaired in the line.
    earlier_repairs: &'a [Range<usize>],
}

impl Run<'_> {
    /// The repairs the run offers: each stretch of pieces that decode without error, cut to
    /// character boundaries on both sides.
    fn spans(&self, candidates: &mut Vec<Candidate>, scratch: &mut StretchScratch) {
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
            self.best_within(at..end, candidates, scratch);
            at = end;
        }
    }

    /// Whether what the pieces `stretch` decode to shows signs of mojibake, as a further
    /// pass would see them.
    fn shows_signs_when_repaired(&self, stretch: Range<usize>) -> bool {
        let repaired = self.repaired_range(stretch);
        !gate::suspects_beside_losses(&self.decoded.text[repaired]).is_empty()
    }

    /// Whether each lost character of pieces `range` is a two-byte character whose second
    /// byte was lost, or a U+FFFD whose bytes all came back.
    fn each_loss_is_a_short_character(&self, range: Range<usize>) -> bool {
        range
            .filter(|&at| self.decoded.pieces[at].kind == PieceKind::Lost)
            .all(|at| {
                let units = &self.encoded.units
                    [self.piece_start(at)..self.decoded.pieces[at].units_end as usize];
                match units {
                    [0xc2..=0xdf, second] => *second == LOST,
                    _ => !units.contains(&LOST),
                }
            })
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

    /// The repairs inside a stretch of valid pieces. The stretch is cut into segments, the
    /// smallest spans a repair can start and end at; each segment gains or loses bits when
    /// repaired, and the runs of segments with the largest total gain are the candidates.
    /// Clean text next to mojibake that happens to decode too (a `。` at a sentence's edge,
    /// a Han character whose bytes are valid UTF-8 by chance) loses bits and stays out.
    fn best_within(
        &self,
        stretch: Range<usize>,
        candidates: &mut Vec<Candidate>,
        scratch: &mut StretchScratch,
    ) {
        let StretchScratch {
            repair_scan,
            segments,
            runs,
            pending,
        } = scratch;
        // A further pass repairs only what shows signs of mojibake, and no part of a text
        // shows a sign the whole does not: when the stretch's repair shows none, none of
        // its repairs is looked through for a further layer, one by one.
        let without_lookahead;
        let judge = if self.lookahead > 0 && !self.shows_signs_when_repaired(stretch.clone()) {
            without_lookahead = Run {
                lookahead: 0,
                ..*self
            };
            &without_lookahead
        } else {
            self
        };
        judge.cut_segments(stretch, segments);
        let (Some(first), Some(last)) = (segments.first(), segments.last()) else {
            return;
        };
        // The segments and runs are stretches of the segments' repair: it is scored once.
        let repaired = judge.repaired_range(first.pieces.start..last.pieces.end);
        repair_scan.fill(None, &judge.decoded.text[repaired.clone()], repaired.start);
        judge.score_segments(segments, repair_scan);
        best_runs(segments, 0..segments.len(), runs, pending);
        for run in runs.drain(..) {
            // A run whose segments gain far less than a repair must is not scored again
            // in its context: the context changes a run's gain by a few bits, not by
            // [`CONTEXT_SLACK`].
            let gain: f32 = segments[run.clone()]
                .iter()
                .map(|segment| segment.gain)
                .sum();
            if gain < MARGIN + self.chain.margin - CONTEXT_SLACK {
                continue;
            }
            let pieces = segments[run.start].pieces.start..segments[run.end - 1].pieces.end;
            candidates.extend(judge.evaluate(pieces, repair_scan));
        }
    }

    /// Cuts a stretch into segments: each ends where a character of the line ends and a
    /// decoded piece ends, next to a space or a punctuation mark. Words, and runs of CJK
    /// characters up to their punctuation, are repaired whole or not at all: `Оачалната` is
    /// no repair of `ОБЮБМОБФБ`, and `implÃ©mentation` is the way from `impl脙漏mentation` to
    /// `implémentation`. Their gains are left to [`Run::score_segments`].
    fn cut_segments(&self, stretch: Range<usize>, segments: &mut Vec<Segment>) {
        segments.clear();
        let mut start = stretch.start;
        while start < stretch.end && !self.starts_char(start) {
            start += 1;
        }
        let first = start;
        for piece in first..stretch.end {
            let at_end = piece + 1 == stretch.end;
            if !self.ends_char(piece) || !(at_end || self.may_cut_after(piece)) {
                continue;
            }
            segments.push(Segment {
                pieces: start..piece + 1,
                gain: 0.0,
                change: Change::Text,
            });
            start = piece + 1;
        }
    }

    /// Sets the gain of each segment (in order, not empty), each scored after the one before
    /// it (as it is in the line, and as repaired). `repair_scan` has scored their repair.
    fn score_segments(&self, segments: &mut [Segment], repair_scan: &Scan) {
        let first = segments[0].pieces.start;
        let context = self.line[..self.span_of(first..first).start]
            .chars()
            .next_back();
        let (mut last_before, mut last_after) = (context, context);
        for segment in segments {
            let span = self.span_of(segment.pieces.clone());
            let repaired = self.repaired_range(segment.pieces.clone());
            segment.gain = self.line_scan.cost(last_before, span.clone(), None)
                - self.settled_cost(
                    repair_scan,
                    last_after,
                    repaired.clone(),
                    None,
                    self.further_layer(repaired.clone()).as_deref(),
                );
            // Only a segment that costs hardly more repaired is ever asked what its repair
            // changes (see `best_runs`).
            segment.change = if segment.gain > -LOWERING_SLACK {
                change_of(
                    &self.line[span.clone()],
                    &self.decoded.text[repaired.clone()],
                )
            } else {
                Change::Text
            };
            last_before = self.line[span].chars().next_back().or(last_before);
            last_after = self.decoded.text[repaired]
                .chars()
                .next_back()
                .or(last_after);
        }
    }

    /// Whether a segment may end after piece `piece`: there is a space or a punctuation mark
    /// on one side of that point, in the line or in its repair (`锛紝` is a comma). A mark
    /// in the line that ends a longer piece of mojibake is part of a character, not a
    /// separator: `‚` in `Г‚ВЈ` (`Â£`, then `£`).
    fn may_cut_after(&self, piece: usize) -> bool {
        let at = self.encoded.origin[self.decoded.pieces[piece].units_end as usize];
        let text_at = self.decoded.pieces[piece].text_end as usize;
        let separates = |c: Option<char>| c.is_some_and(plausibility::is_separator);
        let (repaired_before, repaired_after) = (
            self.decoded.text[..text_at].chars().next_back(),
            self.decoded.text[text_at..].chars().next(),
        );
        // A repair that a further layer repairs again is not cut inside that layer's
        // characters: `脗芦` is `Â«`, then `«`, and `Â` alone is no repair.
        if self.lookahead > 0 {
            if let (Some(lead), Some(next)) = (repaired_before, repaired_after) {
                if gate::is_lead_pair(lead, next) {
                    return false;
                }
            }
        }
        let last = self.line[..at].chars().next_back();
        // Whether the piece is that one character of the line.
        let alone = last.is_some_and(|last| {
            self.encoded.origin[self.piece_start(piece)] == at - last.len_utf8()
        });
        (alone && separates(last))
            || separates(self.line[at..].chars().next())
            || separates(repaired_before)
            || separates(repaired_after)
    }

    /// What a further pass would make of the repair at `repaired` (a range of the decoded
    /// text), when the run looks ahead.
    fn further_layer(&self, repaired: Range<usize>) -> Option<String> {
        if self.lookahead == 0 {
            return None;
        }
        further_repair(&self.decoded.text[repaired], self.lookahead - 1)
    }

    /// The cost of a repair as further passes would leave it: its own cost, or that of
    /// `further` (its own repair, see [`Run::further_layer`]) when that is lower. A further
    /// layer pays the [`MARGIN`] a repair always pays, so that a detour through a wrong
    /// chain and back is never cheaper than the direct repair.
    ///
    /// `repaired` is a range of the decoded text, which `repair_scan` has scored.
    fn settled_cost(
        &self,
        repair_scan: &Scan,
        left: Option<char>,
        repaired: Range<usize>,
        right: Option<char>,
        further: Option<&str>,
    ) -> f32 {
        let direct = repair_scan.cost(left, repaired, right);
        further.map_or(direct, |further| {
            direct.min(plausibility::cost(left, further, right) + MARGIN)
        })
    }

    /// The line's byte span that pieces `pieces` (starting and ending on character
    /// boundaries) came from.
    fn span_of(&self, pieces: Range<usize>) -> Range<usize> {
        let end_unit = match pieces.end {
            0 => 0,
            end => self.decoded.pieces[end - 1].units_end as usize,
        };
        let start_unit = self.piece_start(pieces.start).min(end_unit);
        self.encoded.origin[start_unit]..self.encoded.origin[end_unit]
    }

    /// Where in the decoded text what pieces `pieces` decode to is.
    fn repaired_range(&self, pieces: Range<usize>) -> Range<usize> {
        let text_start = match pieces.start {
            0 => 0,
            i => self.decoded.pieces[i - 1].text_end as usize,
        };
        let text_end = self.decoded.pieces[pieces.end - 1].text_end as usize;
        text_start..text_end
    }

    /// The candidate that repairs pieces `range` (both ends on character boundaries), if it
    /// changes something, holds a non-ASCII character and gains more than [`MARGIN`].
    ///
    /// A repair of nothing but lost characters is made only after a single-byte decoder, and
    /// only where each is a two-byte character that lost its second byte or a U+FFFD read
    /// whole: `Ä�` in `SlovenÄ�ina` is a `č` whose second byte windows-1252 does not have,
    /// and `ï¿½` a U+FFFD read as windows-1252. A letter beside a U+FFFD in good text
    /// (`numé�ro`, `ф�`) is no such character. `锟斤拷` after GBK stays: text quotes it as
    /// the emblem of mojibake, and repairing it would only write U+FFFD again.
    fn evaluate(&self, range: Range<usize>, repair_scan: &Scan) -> Option<Candidate> {
        let pieces = &self.decoded.pieces[range.clone()];
        let count = |kind| pieces.iter().filter(|piece| piece.kind == kind).count();
        let lost = count(PieceKind::Lost);
        let decoded_chars = match self.chain.wrong {
            Codec::Single(_) => count(PieceKind::Char) + lost,
            _ => count(PieceKind::Char),
        };
        if decoded_chars < self.chain.min_decoded_chars() {
            return None;
        }
        let span = self.span_of(range.clone());
        // A layer of UTF-8 under one the previous pass repaired is known damage: however
        // short, it needs no more evidence than a long repair (`ÃƒÂ\u{a0}` became
        // `Ã\u{a0}`, then `à`), and the U+FFFD in it may be a lower layer's loss of two
        // bytes. Layers stack by UTF-8 being misread again and again.
        let under_earlier = self.chain.original == Codec::Utf8
            && self
                .earlier_repairs
                .iter()
                .any(|earlier| earlier.start < span.end && span.start < earlier.end);
        if count(PieceKind::Char) == 0
            && !under_earlier
            && !self.each_loss_is_a_short_character(range.clone())
        {
            return None;
        }
        let repaired_range = self.repaired_range(range);
        let repaired = &self.decoded.text[repaired_range.clone()];
        let before = &self.line[span.clone()];
        let left = self.line[..span.start].chars().next_back();
        if before == repaired || !is_sane(left, before, repaired) {
            return None;
        }
        let further = self.further_layer(repaired_range.clone());
        // Legacy CJK encodings map their user-defined areas to private use, and wrong
        // decoders map unassigned bytes there: a repair that brings a private-use character
        // in has found bytes no text was written in (`Ôôô` is not the MacRoman reading of
        // U+F659), unless it is one layer of several (UTF-8 read as GBK, then as
        // windows-1252) whose next repair leaves none.
        let uncovers_layer = further.as_deref().is_some_and(|f| !has_private_use(f));
        if has_private_use(repaired) && !has_private_use(before) && !uncovers_layer {
            return None;
        }
        if has_obscure_letter(repaired) && !has_obscure_letter(before) {
            return None;
        }
        let right = self.line[span.end..].chars().next();
        let to_cyrillic = self.chain.original == Codec::Single(SingleByte::Windows1251);
        if to_cyrillic && glues_ascii_to_cyrillic(left, repaired, right) {
            return None;
        }
        if self.chain.is_rare_page()
            && !repaired
                .chars()
                .any(|c| c.is_alphabetic() || c.len_utf8() > 2)
        {
            return None;
        }
        let short_margin = if under_earlier {
            0.0
        } else {
            SHORT_MARGIN / decoded_chars as f32
        };
        let gain = self.line_scan.cost(left, span.clone(), right)
            - self.settled_cost(repair_scan, left, repaired_range, right, further.as_deref())
            - MARGIN
            - self.chain.margin
            - short_margin;
        (gain > 0.0).then(|| Candidate {
            rule: self.chain.rule_for(before),
            span,
            repaired: repaired.to_owned(),
            gain,
            // A lost piece holds one U+FFFD per character lost, and no other piece any.
            lost: repaired.matches('\u{fffd}').count() as u64,
            chain: self.index,
        })
    }
}

/// What repairing `text` to `repaired` changes.
fn change_of(text: &str, repaired: &str) -> Change {
    if text == repaired {
        return Change::Nothing;
    }
    // Character by character, stopping at the first that is not lowered: mojibake's
    // repair differs at once.
    let (mut text, mut repaired) = (text.chars(), repaired.chars());
    loop {
        match (text.next(), repaired.next()) {
            (None, None) => return Change::Lowering,
            (Some(a), Some(b)) if a == b || (a.is_uppercase() && b.is_lowercase()) => {}
            _ => return Change::Text,
        }
    }
}

/// Whether a repair is text at all: it brings in no control characters, and starts with a
/// combining mark only where a character before it takes it (not at the start of the line
/// or after a space).
fn is_sane(left: Option<char>, before: &str, repaired: &str) -> bool {
    let is_control = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    let has_base = left.is_some_and(|c| !c.is_whitespace() && !is_control(c));
    let starts_combining = repaired
        .chars()
        .next()
        .is_some_and(unicode_normalization::char::is_combining_mark);
    (has_base || !starts_combining)
        && (!repaired.chars().any(is_control) || before.chars().any(is_control))
}

/// Whether `text` holds a letter that no living orthography writes in running text: the long
/// s, `ŉ`, `ĸ`, `Ŀ`, the phonetic extensions (`ᴴ`), the Cyrillic supplement (`Ԭ`). A wrong
/// decoder lands on them (`lá´´` read as UTF-8 is `lᴴ`, `├┤a┼┐a` read as cp437 is `ôaſa`),
/// writers do not: a repair that brings one in has decoded bytes no text was written in.
fn has_obscure_letter(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c, 'ſ' | 'ŉ' | 'ĸ' | 'Ŀ' | 'ŀ' | '\u{500}'..='\u{52f}' | '\u{1d00}'..='\u{1dbf}')
    })
}

/// Whether `text`, between `left` and `right`, writes an ASCII letter right beside a
/// Cyrillic one. Russian words in windows-1251 misread as windows-1252 come back whole in
/// their alphabet; a repair that leaves ASCII letters inside them (`MÄ£ÄM` read as
/// windows-1251 is `MДЈДM`) has decoded text that was never Cyrillic.
fn glues_ascii_to_cyrillic(left: Option<char>, text: &str, right: Option<char>) -> bool {
    let cyrillic = |c: char| ('\u{400}'..='\u{4ff}').contains(&c) && c.is_alphabetic();
    let mut chars = left.into_iter().chain(text.chars()).chain(right);
    let mut previous: Option<char> = None;
    chars.any(|c| {
        let glued = previous.is_some_and(|p| {
            (p.is_ascii_alphabetic() && cyrillic(c)) || (cyrillic(p) && c.is_ascii_alphabetic())
        });
        previous = Some(c);
        glued
    })
}

fn has_private_use(text: &str) -> bool {
    text.chars()
        .any(|c| plausibility::Class::of(c) == plausibility::Class::Private)
}

/// `text` with the repairs a further pass would make (looking ahead `lookahead` layers), or
/// `None` when it would make none. Like a further pass, it does not take the U+FFFD a
/// repair wrote for a lost character for a sign of another layer.
fn further_repair(text: &str, lookahead: usize) -> Option<String> {
    let suspects = gate::suspects_beside_losses(text);
    if suspects.is_empty() {
        return None;
    }
    let mut scratch = Scratch::default();
    find_repairs(text, suspects, lookahead, &mut scratch);
    (!scratch.candidates.is_empty()).then(|| apply(text, &scratch.candidates))
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
            // KOI8-R read as windows-1251. `Е` (`е`) and `ТЕД` (`ред`) cost about the same
            // lowered to the case-folded letter tables, and join the repair next to them.
            (
                "%s Е ВЙВМЙПФЕЛБ ПФ ОЕРПЪОБФ ФЙР",
                "%s е библиотека от непознат тип",
            ),
            (
                "ОЕРТБЧЙМОП РПМЕ CORRECTION ЪБ ТЕД Leap",
                "неправилно поле CORRECTION за ред Leap",
            ),
            // Big5 read as GBK: a short traditional phrase.
            ("夹非岿粇瑈", "標準錯誤流"),
            ("noyau Ã‚Â« toto Ã‚Â» est", "noyau « toto » est"),
        ] {
            assert_eq!(repair(mojibake), text);
        }
    }

    #[test]
    fn leaves_clean_text_alone() {
        for text in [
            "乱码“锟斤拷”和“烫烫烫”是常见的编码错误。",
            // No encoding named: `锟斤拷` is UTF-8 U+FFFD read as GBK, but a repair that
            // is nothing but U+FFFD is never made.
            "如果网页上出现“锟斤拷锟斤拷”，说明原来的字节已经丢失。",
            "Größe, Grüße, Straße",
            "├──┐ │ └─┘",
            // Quoted on purpose: the line names the encodings.
            "Wenn aus »für« plötzlich »fÃ¼r« wird, wurde UTF-8 als Windows-1252 gelesen.",
        ] {
            assert_eq!(repair(text), text);
        }
    }

    fn changes_of(text: &str) -> (String, Vec<crate::Change>, u64) {
        let mut log = Changes::new(RecordLevel::Full);
        log.enter(crate::Stage::Mojibake);
        let repaired = Mojibake.apply(text, &mut log).into_owned();
        let parts = log.into_parts();
        let (changes, lost) = (parts.changes, parts.lost);
        (repaired, changes, lost)
    }

    #[test]
    fn a_damaged_sentence_is_repaired_alone() {
        // UDHR article 1 (zh-Hans), its second sentence UTF-8 read as GBK.
        let first = "人人生而自由，在尊严和权利上一律平等。";
        let second = "他们赋有理性和良心，并应以兄弟关系的精神相对待";
        let (mojibake, _) = encoding_rs::GBK.decode_without_bom_handling(second.as_bytes());
        let (repaired, changes, _) = changes_of(&format!("{first}{mojibake}"));
        assert_eq!(repaired, format!("{first}{second}"));
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].rule, "mojibake/utf8-as-gbk");
        assert_eq!(changes[0].span.start, first.len());
    }

    #[test]
    fn each_layer_is_its_own_change() {
        let (repaired, changes, _) = changes_of("fÃƒÂ¼r");
        assert_eq!(repaired, "für");
        let rules: Vec<&str> = changes.iter().map(|change| change.rule).collect();
        assert_eq!(
            rules,
            ["mojibake/utf8-as-cp1252", "mojibake/utf8-as-cp1252"]
        );
        assert_eq!(crate::replay("fÃƒÂ¼r", &changes), "für");
    }

    #[test]
    fn a_short_layer_under_a_repaired_one_is_repaired() {
        // `à ` as UTF-8 read as windows-1252 twice: the first pass leaves `Ã\u{a0} `, one
        // character that alone would be too little evidence.
        assert_eq!(
            repair("recherche ÃƒÂ\u{a0} partir de la position"),
            "recherche à partir de la position"
        );
    }

    #[test]
    fn lost_characters_become_one_replacement_each_and_are_counted() {
        // "已知的主机." whose 机 lost its last byte when the UTF-8 was read as GBK.
        let (repaired, _, lost) = changes_of("宸茬煡鐨勪富鏈\u{fffd}.");
        assert_eq!(repaired, "已知的主\u{fffd}.");
        assert_eq!(lost, 1);
        // `č` (C4 8D) read as windows-1252, which has no character at 8D; and U+FFFD read
        // as windows-1252. Both repairs are nothing but a lost character.
        let (repaired, _, lost) = changes_of("SlovenÄ\u{fffd}ina ï¿½ Slovenčina");
        assert_eq!(repaired, "Sloven\u{fffd}ina \u{fffd} Slovenčina");
        assert_eq!(lost, 2);
    }

    #[test]
    fn a_letter_beside_a_replacement_character_in_good_text_stays() {
        // Text whose own bytes were lost here and there, not mojibake: a letter before a
        // U+FFFD is no two-byte character that lost its second byte.
        for text in [
            "numé\u{fffd}ro de version ou de cré\u{fffd}ation",
            "Wyświetla szczegół\u{fffd}y połączenia",
            "Сигнал сем\u{fffd}\u{fffd}афора не получен",
        ] {
            assert_eq!(repair(text), text);
        }
    }

    #[test]
    fn a_long_line_with_many_damaged_words_is_repaired_word_by_word() {
        let line = "fÃ¼r Â« und Ã©tÃ© ".repeat(5000);
        assert_eq!(repair(&line), "für « und été ".repeat(5000));
    }

    #[test]
    fn marks_inside_a_word_give_short_mojibake_away() {
        // From ftfy's test cases: one damaged character each, the last one two layers deep
        // (UTF-8 read as windows-1252, then as windows-1251).
        for (mojibake, text) in [
            ("RÄ«ga", "Rīga"),
            ("Ä°stanbul", "İstanbul"),
            ("HÃ”TEL", "HÔTEL"),
            ("voilÃ le travail", "voilà le travail"),
            ("PrzeglÄ…darka", "Przeglądarka"),
            (
                "a bigger-than-expected Г‚ВЈ5.8bn rights issue",
                "a bigger-than-expected £5.8bn rights issue",
            ),
        ] {
            assert_eq!(repair(mojibake), text);
        }
    }

    #[test]
    fn two_layers_in_latin_text_are_repaired_word_by_word() {
        // UTF-8 read as windows-1252, then as GBK: `é` is `Ã©`, then `脙漏`; `»` and `«`
        // are `Â»` and `Â«`, then `脗禄` and `脗芦`.
        for (mojibake, text) in [
            (
                "La fonctionnalit脙漏 autoclear est prise en charge",
                "La fonctionnalité autoclear est prise en charge",
            ),
            (
                "Werte wie 脗禄yes脗芦 oder 脗禄true脗芦 sind",
                "Werte wie »yes« oder »true« sind",
            ),
        ] {
            assert_eq!(repair(mojibake), text);
        }
    }

    #[test]
    fn vietnamese_hebrew_and_arabic_letters_are_letters() {
        assert_eq!(repair("Tiáº¿ng Viá»‡t"), "Tiếng Việt");
        // GBK read as windows-1252 makes `注讘专讬转` of the same bytes.
        assert_eq!(repair("×¢×‘×¨×™×ª"), "עברית");
        assert_eq!(repair("Ø¹ÙŠØ¯ Ø³Ø¹ÙŠØ¯"), "عيد سعيد");
    }

    #[test]
    fn the_best_set_of_repairs_wins_over_the_best_single_repair() {
        // GBK read as windows-1252 makes one long repair of the whole stretch (`毓賷丿
        // 爻毓賷丿.Que la paix, la libert茅, l捗ゞalit茅`) that gains more than each UTF-8
        // repair alone, but less than all of them (from ftfy's test cases).
        let line = "Ø¹ÙŠØ¯ Ø³Ø¹ÙŠØ¯.Que la paix, la libertÃ©, l’Ã©galitÃ©";
        assert_eq!(repair(line), "عيد سعيد.Que la paix, la liberté, l’égalité");
    }

    #[test]
    fn a_repair_into_private_use_characters_is_not_made() {
        // MacRoman `Ôôô` is the bytes of U+F659 in UTF-8.
        let (repaired, _, _) = changes_of("Ôôô");
        assert!(!has_private_use(&repaired), "{repaired:?}");
    }

    #[test]
    fn what_looks_like_mojibake_but_decodes_to_nothing_plausible_stays() {
        // ftfy's negative examples, each one way a wrong decoder would read it.
        for text in [
            // Big5 read as windows-1252 (`紂`): one CJK character from two Latin-1 ones.
            "( o¬ô )",
            // UTF-8 read as windows-1252 (`ᴴ`) and as windows-1257 (`Ԭ`): obscure letters.
            "voce nao vai pegar o trem pra lá´´",
            "Ō¬o",
            // UTF-8 read as cp437: `ôaſaſa`, with the long s.
            "├┤a┼┐a┼┐a",
            // UTF-8 read as MacRoman (`«`) and as windows-1257 (`¸`): punctuation of two
            // bytes from a rare code page.
            "OK??:(   `¬´    ):",
            "Connect with Āø on Facebook",
            // windows-1251 read as windows-1252 (`Ффф`): one short word.
            "Ôôô VIDA MINHA",
        ] {
            assert_eq!(repair(text), text);
        }
    }

    #[test]
    fn rare_code_pages_still_repair_letters_and_longer_punctuation() {
        for (mojibake, text) in [
            ("est√° definido", "está definido"),
            ("l'affectation ├á un tableau", "l'affectation à un tableau"),
            ("machinectl(1) ā€“ Steuern", "machinectl(1) – Steuern"),
        ] {
            assert_eq!(repair(mojibake), text);
        }
    }

    #[test]
    fn combining_marks_after_a_symbol_or_digit_are_repaired() {
        // U+0336 (long stroke overlay) after `$` and digits, read as windows-1252: `Ì¶`. As
        // GBK the same bytes are `潭`.
        assert_eq!(
            repair("hotel $49 $Ì¶6Ì¶3Ì¶ updated 2018"),
            "hotel $49 $\u{336}6\u{336}3\u{336} updated 2018"
        );
    }

    #[test]
    fn a_no_break_space_beside_a_space_gives_a_grave_away() {
        // From ftfy's test cases: `à ` as UTF-8 read as windows-1252.
        assert_eq!(
            repair("ART TRIP Ã\u{a0} l'office de tourisme"),
            "ART TRIP à l'office de tourisme"
        );
    }

    #[test]
    fn a_line_about_encodings_is_repaired_only_when_all_of_it_is_damaged() {
        // A Russian manual's line about UTF-8, written in KOI8-R and read as windows-1251.
        assert_eq!(
            repair("лПДЙТПЧЛБ UTF-8 ДМС РТЕДУФБЧМЕОЙС аОЙЛПДБ"),
            "Кодировка UTF-8 для представления Юникода"
        );
        // Quoted mojibake in prose about it stays, in English or in Russian.
        for quoted in [
            "In UTF-8 read as Latin-1, \"Ã©\" is what you see for \"é\".",
            "Кодировка UTF-8, прочитанная как windows-1252, даёт «Ã©» вместо «é».",
        ] {
            assert_eq!(repair(quoted), quoted);
        }
    }

    #[test]
    fn latin_text_that_decodes_to_a_few_rare_words_stays() {
        // From ftfy's test cases: Indonesian leetspeak. Parts of it decode as Big5 read as
        // windows-1252 (`G鯛 奷鯛`) and as windows-1251 (`MДЈДM`), but the rest of the line
        // stays Latin-1 letters, and Russian words never hold ASCII letters.
        let leetspeak = "MÄ£ÄM ÌÑÌ Q £ÄGÌ GÄLÄW ÑÍCH SÖÄ£ ÑÝÄ $ÚÄMÌ Q £ÄGÌ GÄK ÉÑÄK BÄDÄÑ....";
        assert_eq!(repair(leetspeak), leetspeak);
        // Big5 and windows-1251 text read as windows-1252 are still repaired whole.
        assert_eq!(
            repair("¤H¤H¦³Åv¨É¦³¥Í©R¡B¦Û¥Ñ©M¤H¨\u{AD}¦w¥þ¡C"),
            "人人有權享有生命、自由和人身安全。"
        );
        assert_eq!(
            repair("Âñå ëþäè ðîæäàþòñÿ ñâîáîäíûìè"),
            "Все люди рождаются свободными"
        );
    }

    #[test]
    fn every_word_about_encodings_holds_what_the_quick_check_looks_for() {
        for word in ENCODING_TALK {
            assert!(may_talk_about_encodings(word), "{word}");
            let capitalized: String = word.chars().flat_map(char::to_uppercase).collect();
            assert!(may_talk_about_encodings(&capitalized), "{capitalized}");
        }
        assert!(!may_talk_about_encodings("ä¸\u{ad}å›½äººæ°‘ 鏂囩珷 1998。"));
    }

    #[test]
    fn case_folding_lowers_ascii_and_russian_capitals_only() {
        let mut folded = Vec::new();
        fold_case("UTF-8 КОДИРОВКА РЯ Ёж Ä 乱码", &mut folded);
        assert_eq!(folded, "utf-8 кодировка ря Ёж Ä 乱码".as_bytes());
        assert!(talks_about_encodings("Это КРАКОЗЯБРЫ", &mut folded));
        assert!(!talks_about_encodings("Это текст", &mut folded));
    }

    #[test]
    fn c1_controls_become_windows_1252_punctuation() {
        let (repaired, changes, _) = changes_of("\u{84}Handwerk bringt dich überall hin\u{93}");
        assert_eq!(repaired, "„Handwerk bringt dich überall hin“");
        assert!(changes.iter().all(|c| c.rule == "mojibake/c1-as-cp1252"));
    }
}
