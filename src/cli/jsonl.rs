//! JSON Lines records: clean one string field, pass every other byte of the line through.
//!
//! The line is not re-serialized: only the field's value is replaced in place, so key
//! order, number formatting, escapes and spacing elsewhere stay byte for byte. A line that
//! is not a JSON object passes through unchanged and is reported.

use hanfix::{Cleaner, Report};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

/// What became of one record.
pub enum Record<'a> {
    /// The field was cleaned; `line` is the record with the new value spliced in (borrowed
    /// when the value did not change).
    Cleaned { line: Cow<'a, str>, report: Report },
    /// The record has no such string field; it passes through as it is.
    NoField,
    /// The line is not a JSON object; it passes through unchanged.
    Invalid(String),
}

/// Cleans field `field` of the JSON object in `line`.
pub fn clean_record<'a>(cleaner: &Cleaner, line: &'a str, field: &str) -> Record<'a> {
    let raw = match find_field(line, field) {
        Ok(Some(raw)) => raw,
        Ok(None) => return Record::NoField,
        Err(error) => return Record::Invalid(format!("not a JSON object: {error}")),
    };
    let value = match string_value(raw) {
        Ok(Some(value)) => value,
        Ok(None) => return Record::NoField,
        Err(error) => {
            return Record::Invalid(format!("the {field} field is not a string: {error}"))
        }
    };
    let cleaned = cleaner.clean_field(&value);
    if !cleaned.is_changed() {
        return Record::Cleaned {
            line: Cow::Borrowed(line),
            report: cleaned.report,
        };
    }
    let text = cleaned.text;
    // `raw` borrows from `line`, so its offset inside `line` is where the value starts.
    let start = raw.get().as_ptr() as usize - line.as_ptr() as usize;
    let end = start + raw.get().len();
    let replacement = serde_json::to_string(&text).expect("a string always serializes");
    let mut spliced = String::with_capacity(line.len() + replacement.len());
    spliced.push_str(&line[..start]);
    spliced.push_str(&replacement);
    spliced.push_str(&line[end..]);
    Record::Cleaned {
        line: Cow::Owned(spliced),
        report: cleaned.report,
    }
}

/// The string a raw JSON value holds, or `None` if it is not a string. Without escapes the
/// string is the raw text between the quotes, borrowed. A string that escapes half of a
/// surrogate pair has no text to clean: an error.
fn string_value(raw: &RawValue) -> serde_json::Result<Option<Cow<'_, str>>> {
    let raw = raw.get();
    if !raw.starts_with('"') {
        return Ok(None);
    }
    if !raw.contains('\\') {
        return Ok(Some(Cow::Borrowed(&raw[1..raw.len() - 1])));
    }
    serde_json::from_str::<String>(raw).map(|value| Some(Cow::Owned(value)))
}

/// The raw value of `field` in the JSON object `line` (the last one if the key repeats),
/// found without building the object: the other values are only validated.
fn find_field<'a>(line: &'a str, field: &str) -> serde_json::Result<Option<&'a RawValue>> {
    let mut deserializer = serde_json::Deserializer::from_str(line);
    let raw = FieldOf(field).deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(raw)
}

/// Finds one field's raw value in a JSON object.
struct FieldOf<'f>(&'f str);

impl<'de> DeserializeSeed<'de> for FieldOf<'_> {
    type Value = Option<&'de RawValue>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FieldOf<'_> {
    type Value = Option<&'de RawValue>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut found = None;
        while let Some(is_field) = map.next_key_seed(KeyIs(self.0))? {
            if is_field {
                found = Some(map.next_value()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// Whether an object key (unescaped, without allocating) is the one sought.
struct KeyIs<'f>(&'f str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a key")
    }

    fn visit_str<E>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
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
    fn a_field_with_half_a_surrogate_pair_is_invalid() {
        assert!(clean(r#"{"text": "a\ud800b"}"#).starts_with("invalid: the text field"));
    }

    #[test]
    fn non_objects_are_invalid() {
        assert!(clean("[1, 2]").starts_with("invalid: not a JSON object"));
        assert!(clean("{\"text\": \"x\"").starts_with("invalid:"));
    }
}
