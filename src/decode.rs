//! Bytes to text. INTERIM: UTF-8 only; to be replaced by the full decoder.

use serde::Serialize;
use std::borrow::Cow;

/// How many leading bytes of an input [`DecodePlan::detect`] looks at.
pub const PLAN_PREFIX_LEN: usize = 256 * 1024;

/// How to decode an input, worked out from its first bytes.
#[derive(Clone, Debug)]
pub struct DecodePlan {
    detect: bool,
}

impl DecodePlan {
    /// Looks at the first bytes of an input.
    pub fn detect(
        _prefix: &[u8],
        _forced: Option<&'static encoding_rs::Encoding>,
    ) -> Result<DecodePlan, DecodeError> {
        Ok(DecodePlan { detect: true })
    }

    /// A plan that accepts only UTF-8 and changes nothing (the decode stage off).
    pub fn utf8_only() -> DecodePlan {
        DecodePlan { detect: false }
    }

    /// Whether the input may be cut into pieces at `\n` bytes (false for UTF-16).
    pub fn splits_at_newlines(&self) -> bool {
        true
    }
}

/// How a document's bytes were decoded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decoding {
    /// The encoding's name (encoding_rs spelling: `UTF-8`, `GBK`, `Big5`, `UTF-16LE`, …), or
    /// `mixed` when lines were decoded with different encodings.
    pub encoding: &'static str,
}

/// Input that cannot be decoded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Not UTF-8 while the decode stage is off.
    #[error(
        "not UTF-8 (invalid byte at offset {offset}); turn the decode step on or give --encoding"
    )]
    NotUtf8 { offset: usize },
}

/// Decodes `bytes` according to `plan`.
pub fn decode<'a>(
    bytes: &'a [u8],
    plan: &DecodePlan,
) -> Result<(Cow<'a, str>, Decoding), DecodeError> {
    let _ = plan.detect;
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), Decoding { encoding: "UTF-8" })),
        Err(error) => Err(DecodeError::NotUtf8 {
            offset: error.valid_up_to(),
        }),
    }
}
