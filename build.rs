//! Compiles OpenCC's dictionary groups (`src/script/dictionary.rs`) into daachorse automata
//! at build time, so that the binary starts converting at once: building the simplified to
//! traditional automaton (54,000 keys) takes about 80 ms, loading it about 5 ms
//! (`benches/startup.sh`: `--script hant` against a line left alone).
//!
//! For each table of `dictionary::TABLES`, writes `OUT_DIR/<name>.daac` (the serialized
//! automaton, pattern ids in key order) and `OUT_DIR/<name>.values` (the values in the same
//! order, one per line). Also writes the character sets of `dictionary::CharacterSets`, for
//! detection and for finding leftovers: `OUT_DIR/<set>.txt`.

#[allow(dead_code)]
#[path = "src/script/dictionary.rs"]
mod dictionary;

use daachorse::{CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=src/script/dictionary.rs");
    println!("cargo:rerun-if-changed=data/opencc");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for (name, group) in dictionary::TABLES {
        let entries = group.entries();
        let keys: Vec<&str> = entries.iter().map(|(key, _)| *key).collect();
        let automaton = CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build::<_, _, u32>(&keys)
            .expect("the dictionaries have distinct, non-empty keys");
        let mut values = String::new();
        for (_, value) in &entries {
            assert!(
                !value.contains('\n'),
                "a value holds a line break: {value:?}"
            );
            values.push_str(value);
            values.push('\n');
        }
        std::fs::write(out.join(format!("{name}.daac")), automaton.serialize())
            .expect("OUT_DIR is writable");
        std::fs::write(out.join(format!("{name}.values")), values).expect("OUT_DIR is writable");
    }
    let sets = dictionary::character_sets();
    for (name, chars) in [
        ("simplified-only", sets.simplified_only),
        ("traditional-only", sets.traditional_only),
        ("to-traditional", sets.to_traditional),
        ("to-simplified", sets.to_simplified),
        ("to-traditional-in-phrases", sets.to_traditional_in_phrases),
        ("taiwan-forms", sets.taiwan_forms),
        ("hong-kong-forms", sets.hong_kong_forms),
        ("opencc-forms", sets.opencc_forms),
    ] {
        let text: String = chars.into_iter().collect();
        std::fs::write(out.join(format!("{name}.txt")), text).expect("OUT_DIR is writable");
    }
}
