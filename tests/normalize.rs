//! The normalize stage on its own: line endings, control and invisible characters, NFC,
//! whitespace, blank lines and the final newline.

use hanfix::{replay, Cleaned, Cleaner, Options, RecordLevel, Stage, StageSet};

fn cleaner() -> Cleaner {
    Cleaner::new(
        Options::builder()
            .stages(StageSet::NONE.with(Stage::Normalize))
            .record(RecordLevel::Full)
            .build(),
    )
}

/// Checks what every case shares: the changes replay to the output, and all belong to the
/// normalize stage.
fn checked<'a>(input: &str, cleaned: Cleaned<'a>) -> Cleaned<'a> {
    assert_eq!(replay(input, cleaned.report.changes()), cleaned.text);
    assert!(cleaned
        .report
        .changes()
        .iter()
        .all(|change| change.stage == Stage::Normalize));
    cleaned
}

/// Cleans a document; returns the text and the rule of each change.
fn document(input: &str) -> (String, Vec<&'static str>) {
    let cleaned = checked(input, cleaner().clean_str(input));
    let rules = cleaned.report.changes().iter().map(|c| c.rule).collect();
    (cleaned.text.into_owned(), rules)
}

/// Cleans a record field; returns the text and the rule of each change.
fn field(input: &str) -> (String, Vec<&'static str>) {
    let cleaned = checked(input, cleaner().clean_field(input));
    let rules = cleaned.report.changes().iter().map(|c| c.rule).collect();
    (cleaned.text.into_owned(), rules)
}

fn changes(text: &str, rules: &[&'static str]) -> (String, Vec<&'static str>) {
    (text.to_owned(), rules.to_vec())
}

const LINE_ENDING: &str = "normalize/line-ending";
const CONTROL_CHAR: &str = "normalize/control-char";
const BOM: &str = "normalize/bom";
const ZERO_WIDTH: &str = "normalize/zero-width";
const NFC: &str = "normalize/nfc";
const TRAILING_SPACE: &str = "normalize/trailing-space";
const BLANK_LINES: &str = "normalize/blank-lines";
const FINAL_NEWLINE: &str = "normalize/final-newline";

#[test]
fn clean_text_is_borrowed_unchanged() {
    let input = "中文，测试。\n\n　　第二段：①㈠（全角）！？…… Ünïcödé 👨‍👩‍👧\n";
    let cleaned = cleaner().clean_str(input);
    assert!(!cleaned.is_changed());
    assert_eq!(cleaned.text, input);
    assert!(cleaned.report.changes().is_empty());
}

#[test]
fn clean_field_without_newline_is_borrowed_unchanged() {
    assert!(!cleaner().clean_field("一行\n两行").is_changed());
}

#[test]
fn crlf_becomes_lf() {
    let (text, rules) = document("一\r\n二\r\n");
    assert_eq!(
        (text, rules),
        changes("一\n二\n", &[LINE_ENDING, LINE_ENDING])
    );
}

#[test]
fn lone_cr_becomes_lf() {
    let (text, rules) = document("一\r二\r");
    assert_eq!(
        (text, rules),
        changes("一\n二\n", &[LINE_ENDING, LINE_ENDING])
    );
}

#[test]
fn line_ending_change_spans_the_whole_break() {
    let cleaned = cleaner().clean_str("一\r\n");
    let change = &cleaned.report.changes()[0];
    assert_eq!(
        (change.span.clone(), change.before.as_str()),
        (3..5, "\r\n")
    );
    assert_eq!(change.after, "\n");
}

#[test]
fn control_characters_are_removed_tab_is_kept() {
    let (text, rules) = document("a\u{0}\u{1}b\u{7F}c\u{85}d\u{9F}\te\n");
    assert_eq!(
        (text, rules),
        changes(
            "abcd\te\n",
            &[CONTROL_CHAR, CONTROL_CHAR, CONTROL_CHAR, CONTROL_CHAR]
        )
    );
}

#[test]
fn a_run_of_removed_characters_is_one_change() {
    let cleaned = cleaner().clean_str("前\u{200B}\u{200B}\u{2060}后\n");
    assert_eq!(cleaned.text, "前后\n");
    let change = &cleaned.report.changes()[0];
    assert_eq!(cleaned.report.changes().len(), 1);
    assert_eq!((change.rule, change.span.clone()), (ZERO_WIDTH, 3..12));
}

#[test]
fn bom_mid_text_is_removed() {
    let (text, rules) = document("\u{FEFF}第一\n第\u{FEFF}二\n");
    assert_eq!((text, rules), changes("第一\n第二\n", &[BOM, BOM]));
}

#[test]
fn zero_width_space_and_word_joiner_are_removed() {
    let (text, rules) = document("中\u{200B}文 word\u{2060}joiner\n");
    assert_eq!(
        (text, rules),
        changes("中文 wordjoiner\n", &[ZERO_WIDTH, ZERO_WIDTH])
    );
}

#[test]
fn zwj_in_emoji_sequences_is_kept() {
    for input in [
        "家庭 👨\u{200D}👩\u{200D}👧\n",
        "旗 🏳\u{FE0F}\u{200D}🌈\n",
        "👋\u{1F3FD}\u{200D}\u{2640}\u{FE0F}\n",
    ] {
        assert!(!cleaner().clean_str(input).is_changed(), "{input:?}");
    }
}

#[test]
fn zwj_between_han_is_removed() {
    let (text, rules) = document("中\u{200D}文\n");
    assert_eq!((text, rules), changes("中文\n", &[ZERO_WIDTH]));
}

#[test]
fn zwj_next_to_ascii_kana_punctuation_or_a_line_boundary_is_removed() {
    let (text, rules) = document("a\u{200D}b か\u{200D}な 。\u{200D}👨 👨\u{200D}\n\u{200D}👨\n");
    assert_eq!(
        (text, rules),
        changes("ab かな 。👨 👨\n👨\n", &[ZERO_WIDTH; 5])
    );
}

#[test]
fn zwj_in_devanagari_malayalam_sinhala_and_arabic_is_kept() {
    for input in [
        "क्\u{200D}ष\n",
        "ന്\u{200D}\n",
        "ශ්\u{200D}රී\n",
        "ل\u{200D}ا\n",
    ] {
        let ends_with_zwj = input.ends_with("\u{200D}\n");
        let cleaned = cleaner().clean_str(input);
        // A joiner at the end of a line joins nothing.
        assert_eq!(cleaned.is_changed(), ends_with_zwj, "{input:?}");
    }
}

#[test]
fn zwnj_and_directional_marks_are_kept() {
    let input = "می\u{200C}خواهم \u{200E}LTR\u{200F} \u{202B}RTL\u{202C}\n";
    assert!(!cleaner().clean_str(input).is_changed());
}

#[test]
fn combining_acute_composes() {
    let (text, rules) = document("cafe\u{0301}\n");
    assert_eq!((text, rules), changes("café\n", &[NFC]));
}

#[test]
fn korean_jamo_compose() {
    let (text, rules) = document("\u{1112}\u{1161}\u{11AB}\u{1100}\u{1173}\u{11AF}\n");
    assert_eq!((text, rules), changes("한글\n", &[NFC, NFC]));
}

#[test]
fn nfc_change_spans_one_segment() {
    let cleaned = cleaner().clean_str("中文e\u{0301}字\n");
    let change = &cleaned.report.changes()[0];
    assert_eq!((change.span.clone(), change.after.as_str()), (6..9, "é"));
}

#[test]
fn removing_an_invisible_lets_the_mark_compose() {
    let (text, rules) = document("e\u{200B}\u{0301}\n");
    assert_eq!((text, rules), changes("é\n", &[ZERO_WIDTH, NFC]));
}

#[test]
fn cjk_compatibility_ideographs_follow_standard_nfc() {
    let (text, rules) = document("\u{F900}\n");
    assert_eq!((text, rules), changes("\u{8C48}\n", &[NFC]));
}

#[test]
fn fullwidth_punctuation_and_enclosed_numbers_are_untouched() {
    let input = "问题，答案：（一）！？……㈠①ＡＢＣ１２３\n";
    assert!(!cleaner().clean_str(input).is_changed());
}

#[test]
fn ideographic_space_indentation_is_kept_trailing_is_removed() {
    let (text, rules) = document("　　第一段。\u{3000}\u{A0} \t\n");
    assert_eq!((text, rules), changes("　　第一段。\n", &[TRAILING_SPACE]));
}

#[test]
fn whitespace_only_line_becomes_blank() {
    let (text, rules) = document("一\n \u{3000}\n二\n");
    assert_eq!((text, rules), changes("一\n\n二\n", &[TRAILING_SPACE]));
}

#[test]
fn a_single_blank_line_is_kept() {
    assert!(!cleaner().clean_str("一\n\n二\n").is_changed());
}

#[test]
fn blank_line_runs_collapse_to_one() {
    let (text, rules) = document("一\n\n\n\n二\n \n\t\n三\n");
    assert_eq!(
        (text, rules),
        changes(
            "一\n\n二\n\n三\n",
            &[
                BLANK_LINES,
                BLANK_LINES,
                TRAILING_SPACE,
                TRAILING_SPACE,
                BLANK_LINES
            ]
        )
    );
}

#[test]
fn leading_and_trailing_blank_lines_are_removed() {
    let (text, rules) = document("\n\r\n  \n一\n\n\n");
    assert_eq!(
        (text, rules),
        changes(
            "一\n",
            &[
                BLANK_LINES,
                BLANK_LINES,
                TRAILING_SPACE,
                BLANK_LINES,
                BLANK_LINES,
                BLANK_LINES
            ]
        )
    );
}

#[test]
fn a_document_gets_one_final_newline() {
    assert_eq!(document("一\n二"), changes("一\n二\n", &[FINAL_NEWLINE]));
    assert_eq!(document("一\n\n"), changes("一\n", &[BLANK_LINES]));
}

#[test]
fn a_field_loses_its_trailing_newlines() {
    assert_eq!(field("一\n二\n"), changes("一\n二", &[FINAL_NEWLINE]));
    assert_eq!(
        field("一\r\n\r\n"),
        changes(
            "一",
            &[LINE_ENDING, LINE_ENDING, BLANK_LINES, FINAL_NEWLINE]
        )
    );
    assert_eq!(field("一\n\n二"), changes("一\n\n二", &[]));
}

#[test]
fn empty_input_stays_empty() {
    assert!(!cleaner().clean_str("").is_changed());
    assert!(!cleaner().clean_field("").is_changed());
}

#[test]
fn whitespace_only_input_becomes_empty() {
    for input in [
        " ",
        "\n",
        "\r\n\r\n",
        " \t\n\u{3000}\n",
        "\u{FEFF}",
        "\u{200B}\n",
    ] {
        assert_eq!(document(input).0, "", "{input:?}");
        assert_eq!(field(input).0, "", "{input:?}");
    }
}

#[test]
fn counts_match_the_full_record() {
    let input = "\u{FEFF}一\r\n二  \r\n\r\n\r\n三";
    let counted = Cleaner::new(
        Options::builder()
            .stages(StageSet::NONE.with(Stage::Normalize))
            .record(RecordLevel::Counts)
            .build(),
    )
    .clean_str(input);
    let full = cleaner().clean_str(input);
    assert_eq!(counted.text, full.text);
    assert!(counted.report.changes().is_empty());
    assert_eq!(counted.report.counts(), full.report.counts());
    assert_eq!(full.report.counts().get(LINE_ENDING), 3);
}
