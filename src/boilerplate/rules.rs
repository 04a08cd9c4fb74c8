//! Boilerplate rules as data: TOML files compiled in (`src/boilerplate/rules/*.toml`, one
//! file a category) and the user's own (`--rules FILE`), compiled into one matcher — an
//! Aho-Corasick automaton for every literal pattern and a regex set for the rest.

use super::fold::{fold_char, fold_pattern, Folded};
use crate::script::OpenccConfig;
use aho_corasick::AhoCorasick;
use regex::RegexSet;
use serde::Deserialize;
use std::collections::HashSet;
use std::fmt;
use std::sync::{Mutex, OnceLock};

/// The rule files compiled in, by name.
const BUILTIN: [(&str, &str); 15] = [
    (
        "wechat-follow.toml",
        include_str!("rules/wechat-follow.toml"),
    ),
    ("qr-code.toml", include_str!("rules/qr-code.toml")),
    ("engagement.toml", include_str!("rules/engagement.toml")),
    ("share.toml", include_str!("rules/share.toml")),
    ("read-more.toml", include_str!("rules/read-more.toml")),
    ("copyright.toml", include_str!("rules/copyright.toml")),
    ("byline.toml", include_str!("rules/byline.toml")),
    ("related.toml", include_str!("rules/related.toml")),
    ("contact.toml", include_str!("rules/contact.toml")),
    ("promo.toml", include_str!("rules/promo.toml")),
    ("app.toml", include_str!("rules/app.toml")),
    ("page-chrome.toml", include_str!("rules/page-chrome.toml")),
    (
        "picture-credit.toml",
        include_str!("rules/picture-credit.toml"),
    ),
    ("social.toml", include_str!("rules/social.toml")),
    ("ebook.toml", include_str!("rules/ebook.toml")),
];

/// No rule may look at lines longer than this (in folded characters): a longer line is a
/// paragraph of content, never boilerplate.
pub(super) const MAX_CHARS: usize = 200;

/// What part of a line's view a rule's pattern must cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Anchor {
    /// The whole view.
    Line,
    /// Its beginning.
    Start,
    /// Its end.
    End,
    /// Anywhere in it (only in the head or tail of a document).
    Contains,
}

/// Where in a document a rule applies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Zone {
    /// On any line.
    #[default]
    Any,
    /// Only among the first lines of a document.
    Head,
    /// Only among the last lines.
    Tail,
    /// Among the first or the last lines.
    Edge,
}

/// A rule file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    category: Option<String>,
    #[serde(default)]
    rule: Vec<RuleEntry>,
}

/// One `[[rule]]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleEntry {
    id: String,
    category: Option<String>,
    pattern: Option<String>,
    regex: Option<String>,
    anchor: Anchor,
    #[serde(default)]
    zone: Zone,
    max_chars: Option<usize>,
}

/// A compiled rule.
#[derive(Debug)]
struct Rule {
    /// `boilerplate/<category>/<id>`: what the audit log records.
    name: &'static str,
    anchor: Anchor,
    zone: Zone,
    max_chars: usize,
}

/// Which rules match a line, by where in a document they apply: the first rule (in rule
/// order) of each kind, as an index into the rules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct LineMatch {
    pub(super) any: Option<u32>,
    pub(super) head: Option<u32>,
    pub(super) tail: Option<u32>,
}

impl LineMatch {
    pub(super) fn is_some(&self) -> bool {
        self.any.is_some() || self.head.is_some() || self.tail.is_some()
    }

    fn add(&mut self, index: u32, zone: Zone) {
        let first = |slot: &mut Option<u32>| *slot = Some(slot.map_or(index, |s| s.min(index)));
        match zone {
            Zone::Any => first(&mut self.any),
            Zone::Head => first(&mut self.head),
            Zone::Tail => first(&mut self.tail),
            Zone::Edge => {
                first(&mut self.head);
                first(&mut self.tail);
            }
        }
    }
}

/// A set of boilerplate rules: the built-in ones, and the user's when given.
///
/// A rule file is TOML: a `category` for its rules, then `[[rule]]` tables with an `id`,
/// a literal `pattern` or a `regex`, an `anchor` (`line`, `start`, `end` or `contains`),
/// optionally a `zone` (`any`, the default; `head`, `tail` or `edge`: only among a
/// document's first or last lines) and `max_chars` (the longest line, in folded
/// characters, the rule may remove; at most 200). Rules match a folded view of each line:
/// simplified characters, halfwidth lower-case letters and digits, ASCII punctuation, no
/// spaces, quotation marks, brackets or decorative symbols. Literal patterns are folded
/// the same way; regexes must be written in the folded form.
///
/// ```
/// use hanfix::{BoilerplateRules, Cleaner, Options};
/// let rules = BoilerplateRules::with_user_rules(r#"
///     category = "site"
///     [[rule]]
///     id = "newsletter"
///     pattern = "订阅本站周刊"
///     anchor = "line"
/// "#).unwrap();
/// assert!(rules.len() > BoilerplateRules::builtin().len());
/// let cleaner = Cleaner::new(Options::builder().boilerplate_rules(Some(rules.into())).build());
/// let text = "第一段正文，说了一些事情。\n訂閱本站週刊！\n第二段正文，又说了一些事情。\n";
/// assert_eq!(cleaner.clean_str(text).text, "第一段正文，说了一些事情。\n第二段正文，又说了一些事情。\n");
/// ```
pub struct BoilerplateRules {
    rules: Vec<Rule>,
    /// Every literal pattern, folded, and the rule of each.
    literals: AhoCorasick,
    literal_rules: Vec<u32>,
    /// Every regex, anchored as its rule says, and the rule of each.
    regexes: RegexSet,
    regex_rules: Vec<u32>,
    /// The longest view any rule looks at.
    max_chars: usize,
}

impl fmt::Debug for BoilerplateRules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BoilerplateRules")
            .field("rules", &self.rules.len())
            .finish()
    }
}

/// A rule file that cannot be used, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BoilerplateRulesError(String);

impl BoilerplateRules {
    /// The rules hanfix comes with, compiled on first use.
    pub fn builtin() -> &'static BoilerplateRules {
        static BUILTIN_RULES: OnceLock<BoilerplateRules> = OnceLock::new();
        BUILTIN_RULES.get_or_init(|| {
            let mut entries = Vec::new();
            for (name, text) in BUILTIN {
                let parsed = parse(text).unwrap_or_else(|e| panic!("rules/{name}: {e}"));
                entries.extend(parsed);
            }
            compile(entries).unwrap_or_else(|e| panic!("built-in rules: {e}"))
        })
    }

    /// The built-in rules and the user's, given as the text of a rule file. A user rule's id
    /// must differ from every other rule's in its category.
    pub fn with_user_rules(text: &str) -> Result<BoilerplateRules, BoilerplateRulesError> {
        let mut entries = Vec::new();
        for (_, builtin) in BUILTIN {
            entries.extend(parse(builtin)?);
        }
        let user = parse(text)?;
        if user.is_empty() {
            return Err(BoilerplateRulesError(
                "no rules: write [[rule]] tables with id, pattern or regex, and anchor".into(),
            ));
        }
        entries.extend(user);
        compile(entries)
    }

    /// How many rules the set holds.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether it holds no rules (never: the built-in rules are always there).
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The longest view (in folded characters) any rule looks at.
    pub(super) fn max_chars(&self) -> usize {
        self.max_chars
    }

    /// The recorded name of rule `index`.
    pub(super) fn name(&self, index: u32) -> &'static str {
        self.rules[index as usize].name
    }

    /// The rules that match a folded line.
    pub(super) fn matches(&self, folded: &Folded) -> LineMatch {
        let mut found = LineMatch::default();
        let Folded::View(view, chars) = folded else {
            return found;
        };
        for m in self.literals.find_overlapping_iter(view.as_str()) {
            let index = self.literal_rules[m.pattern().as_usize()];
            let rule = &self.rules[index as usize];
            let anchored = match rule.anchor {
                Anchor::Line => m.start() == 0 && m.end() == view.len(),
                Anchor::Start => m.start() == 0,
                Anchor::End => m.end() == view.len(),
                Anchor::Contains => true,
            };
            if anchored && *chars <= rule.max_chars {
                found.add(index, rule.zone);
            }
        }
        if !self.regex_rules.is_empty() {
            for at in self.regexes.matches(view).iter() {
                let index = self.regex_rules[at];
                let rule = &self.rules[index as usize];
                if *chars <= rule.max_chars {
                    found.add(index, rule.zone);
                }
            }
        }
        found
    }
}

/// A rule as parsed, before compiling.
struct Entry {
    category: String,
    entry: RuleEntry,
}

/// Reads a rule file.
fn parse(text: &str) -> Result<Vec<Entry>, BoilerplateRulesError> {
    let file: RuleFile = toml::from_str(text).map_err(|e| BoilerplateRulesError(e.to_string()))?;
    file.rule
        .into_iter()
        .map(|entry| {
            let category = entry
                .category
                .clone()
                .or_else(|| file.category.clone())
                .ok_or_else(|| {
                    BoilerplateRulesError(format!(
                        "rule '{}': no category (give one at the top of the file or in the rule)",
                        entry.id
                    ))
                })?;
            Ok(Entry { category, entry })
        })
        .collect()
}

/// Compiles parsed rules, checking each.
fn compile(entries: Vec<Entry>) -> Result<BoilerplateRules, BoilerplateRulesError> {
    let mut rules = Vec::with_capacity(entries.len());
    let mut literals = Vec::new();
    let mut literal_rules = Vec::new();
    let mut regexes = Vec::new();
    let mut regex_rules = Vec::new();
    let mut seen = HashSet::new();
    for Entry { category, entry } in entries {
        let error = |message: String| {
            BoilerplateRulesError(format!("rule '{}' ({category}): {message}", entry.id))
        };
        for (what, name) in [("id", &entry.id), ("category", &category)] {
            if name.is_empty()
                || !name
                    .bytes()
                    .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-'))
            {
                return Err(error(format!(
                    "the {what} may hold only lower-case ASCII letters, digits and '-'"
                )));
            }
        }
        let name = format!("boilerplate/{category}/{}", entry.id);
        if !seen.insert(name.clone()) {
            return Err(error(format!("{name} is defined twice")));
        }
        if entry.anchor == Anchor::Contains && entry.zone == Zone::Any {
            return Err(error(
                "anchor \"contains\" needs zone \"head\", \"tail\" or \"edge\": a phrase alone \
                 never removes a line in the middle of a document"
                    .into(),
            ));
        }
        let max_chars = entry.max_chars.unwrap_or(match entry.anchor {
            Anchor::Line => MAX_CHARS,
            _ => DEFAULT_MAX_CHARS,
        });
        if max_chars == 0 || max_chars > MAX_CHARS {
            return Err(error(format!("max_chars must be from 1 to {MAX_CHARS}")));
        }
        let index = rules.len() as u32;
        match (&entry.pattern, &entry.regex) {
            (Some(pattern), None) => {
                let folded = fold_pattern(pattern).ok_or_else(|| {
                    error("the pattern has no letter or digit left once folded".into())
                })?;
                literals.push(folded);
                literal_rules.push(index);
            }
            (None, Some(regex)) => {
                check_folded(regex).map_err(error)?;
                let anchored = match entry.anchor {
                    Anchor::Line => format!("^(?:{regex})$"),
                    Anchor::Start => format!("^(?:{regex})"),
                    Anchor::End => format!("(?:{regex})$"),
                    Anchor::Contains => regex.clone(),
                };
                regex::Regex::new(&anchored).map_err(|e| error(format!("bad regex: {e}")))?;
                regexes.push(anchored);
                regex_rules.push(index);
            }
            _ => return Err(error("give either a pattern or a regex".into())),
        }
        rules.push(Rule {
            name: intern(name),
            anchor: entry.anchor,
            zone: entry.zone,
            max_chars,
        });
    }
    let max_chars = rules.iter().map(|rule| rule.max_chars).max().unwrap_or(0);
    Ok(BoilerplateRules {
        rules,
        literals: AhoCorasick::new(&literals).expect("the literal patterns fit an automaton"),
        literal_rules,
        regexes: RegexSet::new(&regexes).expect("each regex compiled alone"),
        regex_rules,
        max_chars,
    })
}

/// The longest line a `start`, `end` or `contains` rule removes unless it says otherwise.
const DEFAULT_MAX_CHARS: usize = 40;

/// Checks that a regex is written as views are: every character outside ASCII is one the
/// fold keeps as it is (no traditional character, fullwidth form or quotation mark).
fn check_folded(regex: &str) -> Result<(), String> {
    let unfolded = regex.chars().filter(|c| !c.is_ascii()).find(|&c| {
        let mut buffer = [0; 4];
        let c_str: &str = c.encode_utf8(&mut buffer);
        fold_char(c) != Some(c) || OpenccConfig::T2s.convert(c_str) != c_str
    });
    match unfolded {
        Some(c) => Err(format!(
            "the regex holds '{c}', which lines never show once folded: write regexes in \
             simplified characters with ASCII punctuation, without quotation marks or spaces"
        )),
        None => Ok(()),
    }
}

/// A rule's name for the whole run: each distinct name is allocated once, so that reading
/// the same rules again does not allocate it again.
fn intern(name: String) -> &'static str {
    static NAMES: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let mut names = NAMES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let names = names.get_or_insert_with(HashSet::new);
    if let Some(known) = names.get(name.as_str()) {
        return known;
    }
    let leaked: &'static str = Box::leak(name.into_boxed_str());
    names.insert(leaked);
    leaked
}
