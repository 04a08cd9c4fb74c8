//! Invariants of the default pipeline on arbitrary input: no panic, idempotence, replay of
//! the recorded changes, the shape of the output, and recording that does not change the
//! result.

use hanfix::{
    replay, Cleaned, Cleaner, Options, PieceStart, RecordLevel, ScriptCounts, Stage, StageSet,
};
use proptest::prelude::*;

fn cleaner(record: RecordLevel) -> Cleaner {
    Cleaner::new(Options::builder().record(record).build())
}

/// Characters that exercise the normalize stage: line breaks, spaces, controls, invisible
/// characters, combining marks and jamo, emoji with joiners and modifiers, characters that
/// change under NFC, CJK punctuation and scripts that use the joiner.
const SPECIAL: &[char] = &[
    '\n',
    '\n',
    '\r',
    '\r',
    ' ',
    ' ',
    '\t',
    '\u{3000}',
    '\u{A0}',
    '\u{2000}',
    '\u{2028}',
    '\u{0}',
    '\u{7}',
    '\u{B}',
    '\u{7F}',
    '\u{85}',
    '\u{9F}',
    '\u{FEFF}',
    '\u{200B}',
    '\u{200C}',
    '\u{200D}',
    '\u{200D}',
    '\u{200E}',
    '\u{2060}',
    '\u{FE0F}',
    '\u{0301}',
    '\u{0323}',
    '\u{0F73}',
    '\u{3099}',
    '\u{302A}',
    '\u{1100}',
    '\u{1161}',
    '\u{11A8}',
    '\u{AC00}',
    'e',
    'a',
    'K',
    '\u{212A}',
    '\u{212B}',
    '\u{F900}',
    '\u{2F800}',
    '\u{037E}',
    '\u{2329}',
    '👨',
    '👩',
    '🏳',
    '🌈',
    '\u{1F3FB}',
    'क',
    '\u{094D}',
    'ष',
    'ل',
    'ا',
    'か',
    'は',
    '，',
    '。',
    '中',
    '文',
];

fn text_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::sample::select(SPECIAL),
        3 => prop::char::range('\u{4E00}', '\u{9FFF}'),
        1 => prop::char::range('\u{3000}', '\u{30FF}'),
        1 => prop::char::range('\u{0}', '\u{7F}'),
        2 => any::<char>(),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(text_char(), 0..48).prop_map(String::from_iter)
}

/// Bytes that are often UTF-8 text, sometimes broken, sometimes anything.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        text().prop_map(String::into_bytes),
        (text(), any::<prop::sample::Index>(), any::<u8>()).prop_map(|(text, at, byte)| {
            let mut bytes = text.into_bytes();
            if !bytes.is_empty() {
                let at = at.index(bytes.len());
                bytes[at] = byte;
            }
            bytes
        }),
        prop::collection::vec(any::<u8>(), 0..64),
    ]
}

/// [`Cleaner::clean_str`] or [`Cleaner::clean_field`].
type Clean = for<'t> fn(&Cleaner, &'t str) -> Cleaned<'t>;

/// Checks what holds for any document or field `input` cleaned by `clean`; returns the
/// output.
fn check_invariants(input: &str, clean: Clean) -> Result<String, TestCaseError> {
    let full = cleaner(RecordLevel::Full);
    let cleaned = clean(&full, input);
    let output = cleaned.text.to_string();
    prop_assert_eq!(cleaned.is_changed(), output != input);
    prop_assert_eq!(&replay(input, cleaned.report.changes()), &output);
    prop_assert!(unicode_normalization::is_nfc(&output));
    prop_assert!(!output.contains('\r'));

    let again = clean(&full, &output);
    prop_assert!(
        !again.is_changed(),
        "not idempotent: {:?}",
        again.report.changes()
    );
    prop_assert_eq!(&again.text, &output);

    let unrecorded = clean(&cleaner(RecordLevel::Off), input);
    prop_assert_eq!(&unrecorded.text, &output);
    let counted = clean(&cleaner(RecordLevel::Counts), input);
    prop_assert_eq!(counted.report.counts(), cleaned.report.counts());
    Ok(output)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn documents_are_clean_and_end_with_one_newline(input in text()) {
        let output = check_invariants(&input, Cleaner::clean_str)?;
        if !output.is_empty() {
            prop_assert!(output.ends_with('\n') && !output.ends_with("\n\n"));
            prop_assert!(!output.starts_with('\n'));
        }
        prop_assert!(!output.contains("\n\n\n"));
    }

    #[test]
    fn fields_are_clean_and_have_no_trailing_newline(input in text()) {
        let output = check_invariants(&input, Cleaner::clean_field)?;
        prop_assert!(!output.ends_with('\n') && !output.starts_with('\n'));
        prop_assert!(!output.contains("\n\n\n"));
    }

    #[test]
    fn arbitrary_strings_do_not_break_anything(input in any::<String>()) {
        check_invariants(&input, Cleaner::clean_str)?;
    }

    #[test]
    fn arbitrary_bytes_decode_and_clean(input in bytes()) {
        let full = cleaner(RecordLevel::Full);
        if let Ok(cleaned) = full.clean_bytes(&input) {
            prop_assert!(std::str::from_utf8(cleaned.text.as_bytes()).is_ok());
            let plan = full.decode_plan(&input).expect("a plan for input that decodes");
            let (decoded, _) = full.decode(&input, &plan, PieceStart::InputStart).expect("input that decodes");
            prop_assert_eq!(&replay(&decoded, cleaned.report.changes()), &cleaned.text);
            let again = full.clean_str(&cleaned.text);
            prop_assert!(!again.is_changed(), "not idempotent: {:?}", again.report.changes());
            let unrecorded = cleaner(RecordLevel::Off).clean_bytes(&input);
            prop_assert_eq!(unrecorded.map(|cleaned| cleaned.text).ok(), Some(cleaned.text));
        }
    }

    /// A large input is cut just after a line with a letter or digit in it and its pieces
    /// are cleaned separately (the command line does this for files over 16 MiB): joined,
    /// they must equal the whole input cleaned. The layout and boilerplate stages judge a
    /// document as a whole (how many pinyin annotations it holds, its head and tail, how much
    /// rules may remove from it), and a piece is a document to them: they are left out here,
    /// and the README says so.
    #[test]
    fn pieces_cut_after_a_line_of_text_clean_like_the_whole(
        head in text(),
        tail in text(),
        bom in any::<bool>(),
        crlf in any::<bool>(),
        at in any::<prop::sample::Index>(),
    ) {
        // At least one place to cut: after "字\r\n" or "字\n".
        let ending = if crlf { "\r\n" } else { "\n" };
        let input = format!("{}{head}字{ending}{tail}", if bom { "\u{feff}" } else { "" });
        let mut line_start = 0;
        let mut cuts = Vec::new();
        for (newline, _) in input.match_indices('\n') {
            if hanfix::may_cut_after(&input[line_start..newline]) {
                cuts.push(newline + 1);
            }
            line_start = newline + 1;
        }
        let (first, rest) = input.as_bytes().split_at(cuts[at.index(cuts.len())]);
        let decode_only = Options::builder().stages(StageSet::NONE.with(Stage::Decode)).build();
        let line_by_line = StageSet::ALL.without(Stage::Layout).without(Stage::Boilerplate);
        let line_by_line = Options::builder().stages(line_by_line).build();
        for cleaner in [Cleaner::new(line_by_line), Cleaner::new(decode_only)] {
            let Ok(plan) = cleaner.decode_plan(input.as_bytes()) else {
                continue; // binary: never cut into pieces
            };
            // The pieces of one input are judged by one script evidence, as the command line
            // judges them by its first bytes'.
            let (decoded, _) = cleaner.decode(input.as_bytes(), &plan, PieceStart::InputStart).unwrap();
            let cleaner = cleaner.with_script_counts(ScriptCounts::of(&decoded));
            let whole = cleaner.clean_bytes(input.as_bytes()).unwrap();
            let first = cleaner.clean_bytes_with(first, &plan, PieceStart::InputStart).unwrap();
            let rest = cleaner.clean_bytes_with(rest, &plan, PieceStart::AfterLine).unwrap();
            prop_assert_eq!(format!("{}{}", first.text, rest.text), whole.text);
        }
    }
}
