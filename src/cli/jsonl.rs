//! JSON Lines records: clean one string field, pass every other byte of the line through.
//!
//! The line is not re-serialized: only the field's value is replaced in place, so key
//! order, number formatting, escapes and spacing elsewhere stay byte for byte. A line that
//! is not a JSON object passes through unchanged and is reported.

use hanfix::{Cleaned, Cleaner};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::HashMap;

/// What became of one record.
pub enum Record<'a> {
    /// The field was cleaned; `line` is the record with the new value spliced in.
    Cleaned {
        line: Cow<'a, str>,
        cleaned: Cleaned<'static>,
    },
    /// The record has no such string field; it passes through as it is.
    NoField,
    /// The line is not a JSON object; it passes through unchanged.
    Invalid(String),
}

/// Cleans field `field` of the JSON object in `line`.
pub fn clean_record<'a>(cleaner: &Cleaner, line: &'a str, field: &str) -> Record<'a> {
    let object: HashMap<Cow<'_, str>, &RawValue> = match serde_json::from_str(line) {
        Ok(object) => object,
        Err(error) => return Record::Invalid(format!("not a JSON object: {error}")),
    };
    let Some(raw) = object.get(field) else {
        return Record::NoField;
    };
    let Ok(value) = serde_json::from_str::<Cow<'_, str>>(raw.get()) else {
        return Record::NoField;
    };
    let cleaned = cleaner.clean_field(&value);
    let cleaned = Cleaned {
        text: Cow::Owned(cleaned.text.into_owned()),
        report: cleaned.report,
    };
    if cleaned.text == value {
        return Record::Cleaned {
            line: Cow::Borrowed(line),
            cleaned,
        };
    }
    // `raw` borrows from `line`, so its offset inside `line` is where the value starts.
    let start = raw.get().as_ptr() as usize - line.as_ptr() as usize;
    let end = start + raw.get().len();
    let replacement =
        serde_json::to_string(cleaned.text.as_ref()).expect("a string always serializes");
    let mut spliced = String::with_capacity(line.len() + replacement.len());
    spliced.push_str(&line[..start]);
    spliced.push_str(&replacement);
    spliced.push_str(&line[end..]);
    Record::Cleaned {
        line: Cow::Owned(spliced),
        cleaned,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(line: &str) -> String {
        match clean_record(&Cleaner::default(), line, "text") {
            Record::Cleaned { line, .. } => line.into_owned(),
            Record::NoField => format!("no field: {line}"),
            Record::Invalid(error) => format!("invalid: {error}"),
        }
    }

    #[test]
    fn only_the_field_value_changes() {
        let line = r#"{"z": 1.50, "text": "a  \r\nb\n\n", "a": "\u4e2d"}"#;
        assert_eq!(clean(line), r#"{"z": 1.50, "text": "a\nb", "a": "\u4e2d"}"#);
    }

    #[test]
    fn unchanged_field_keeps_the_line_byte_for_byte() {
        let line = r#"{ "text" : "\u4e2d\u6587" ,"n":1e3 }"#;
        assert_eq!(clean(line), line);
    }

    #[test]
    fn escaped_key_is_found() {
        assert_eq!(clean(r#"{"te\u0078t": "x  "}"#), r#"{"te\u0078t": "x"}"#);
    }

    #[test]
    fn missing_or_non_string_field_passes_through() {
        assert_eq!(clean(r#"{"body": "x"}"#), r#"no field: {"body": "x"}"#);
        assert_eq!(clean(r#"{"text": 5}"#), r#"no field: {"text": 5}"#);
    }

    #[test]
    fn non_objects_are_invalid() {
        assert!(clean("[1, 2]").starts_with("invalid: not a JSON object"));
        assert!(clean("{\"text\": \"x\"").starts_with("invalid:"));
    }
}
