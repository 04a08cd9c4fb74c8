//! Boilerplate rules as data: TOML files compiled in (`src/boilerplate/rules/*.toml`, one
//! file a category) and the user's own (`--rules FILE`), compiled into one matcher: an
//! Aho-Corasick automaton finds every literal pattern in a line, and the literals that every
//! match of a regex starts (or ends) with, so that only the regexes that may match run.

use super::fold::{fold_char, fold_pattern};
use crate::script::OpenccConfig;
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex::Regex;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::collections::HashSet;
use std::fmt;
use std::ops::Range;
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
    /// The literals that must be found at the start of a line: the patterns of `line` and
    /// `start` rules and the prefixes of regexes anchored there. Looked up by the line's
    /// prefixes, they cost nothing in the rest of the line.
    at_start: StartLiterals,
    /// Every other literal pattern and gate literal, searched in the whole line: those of
    /// rules of zone `any`, and those of rules of the other zones, which only lines that
    /// may be among a document's first or last lines are searched for.
    anywhere: ByZone<Literals>,
    /// Every regex, anchored as its rule says, and the rule of each.
    regexes: Vec<LazyRegex>,
    /// The regexes no literal gates: they run on every line (that their zone allows).
    ungated: ByZone<Vec<u32>>,
    /// The longest view any rule looks at.
    max_chars: usize,
}

/// The literals that must be found at the start of a line, by their bytes, and the lengths
/// they come in: a line's prefixes of those lengths are looked up.
struct StartLiterals {
    /// Hashed with FxHash: every short line is looked up a few times, and the keys are
    /// the rules' own (no untrusted input decides them).
    by_prefix: FxHashMap<Vec<u8>, Vec<Found>>,
    lengths: Vec<usize>,
}

impl StartLiterals {
    fn build(literals: Vec<(Vec<u8>, Found)>) -> StartLiterals {
        let mut by_prefix: FxHashMap<Vec<u8>, Vec<Found>> = FxHashMap::default();
        for (literal, found) in literals {
            by_prefix.entry(literal).or_default().push(found);
        }
        let mut lengths: Vec<usize> = by_prefix.keys().map(Vec::len).collect();
        lengths.sort_unstable();
        lengths.dedup();
        StartLiterals { by_prefix, lengths }
    }

    /// What the literals `view` starts with stand for, with where each was found.
    fn find<'a>(&'a self, view: &'a str) -> impl Iterator<Item = (Found, Range<usize>)> + 'a {
        self.lengths
            .iter()
            .map_while(|&len| Some((len, view.as_bytes().get(..len)?)))
            .filter_map(|(len, prefix)| Some((len, self.by_prefix.get(prefix)?)))
            .flat_map(|(len, found)| found.iter().map(move |&f| (f, 0..len)))
    }
}

/// Something kept apart for the rules of zone `any` and for those of the other zones.
#[derive(Default)]
struct ByZone<T> {
    any: T,
    edges: T,
}

impl<T> ByZone<T> {
    fn get_mut(&mut self, zone: Zone) -> &mut T {
        match zone {
            Zone::Any => &mut self.any,
            Zone::Head | Zone::Tail | Zone::Edge => &mut self.edges,
        }
    }
}

/// An automaton of literals found anywhere in a line, and what each stands for by pattern id.
struct Literals {
    automaton: AhoCorasick,
    found: Vec<Found>,
}

impl Literals {
    fn build(literals: Vec<(Vec<u8>, Found)>) -> Literals {
        let (patterns, found): (Vec<Vec<u8>>, Vec<Found>) = literals.into_iter().unzip();
        let automaton = AhoCorasick::builder()
            // Quick to build at start-up, and quick enough on lines of at most 200 characters.
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .expect("the literal patterns fit an automaton");
        Literals { automaton, found }
    }

    /// What the literals found in `view` stand for, with where each was found.
    fn find<'a>(&'a self, view: &'a str) -> impl Iterator<Item = (Found, Range<usize>)> + 'a {
        self.automaton
            .find_overlapping_iter(view)
            .map(|m| (self.found[m.pattern().as_usize()], m.start()..m.end()))
    }
}

/// A regex compiled on first use: compiling all of them would take tens of milliseconds
/// at every start, and most never run on a given text (their gates never match). The user's
/// regexes are compiled when read, to report errors then; the built-in ones are checked by
/// the tests.
#[derive(Debug)]
struct LazyRegex {
    pattern: String,
    compiled: OnceLock<Regex>,
    rule: u32,
}

impl LazyRegex {
    fn is_match(&self, view: &str) -> bool {
        self.compiled
            .get_or_init(|| Regex::new(&self.pattern).expect("the rule's regex was checked"))
            .is_match(view)
    }
}

/// What a literal of the automaton stands for.
#[derive(Clone, Copy, Debug)]
enum Found {
    /// A literal rule's pattern, by rule index.
    Pattern(u32),
    /// A literal every match of a regex starts or ends with, by regex index, and where in
    /// a line it must be found for the regex to match there.
    Gate(u32, Place),
}

/// Where in a line a regex's gate literal must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// At its start: a prefix of a regex anchored at the start.
    Start,
    /// At its end: a suffix of a regex anchored at the end.
    End,
    /// Anywhere.
    Anywhere,
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
                let parsed = parse(text, false).unwrap_or_else(|e| panic!("rules/{name}: {e}"));
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
            entries.extend(parse(builtin, false)?);
        }
        let user = parse(text, true)?;
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

    /// Compiles every regex now (the tests check that the built-in ones compile).
    #[cfg(test)]
    pub(super) fn compile_all(&self) {
        for regex in &self.regexes {
            regex.is_match("");
        }
    }

    /// The longest view (in folded characters) any rule looks at.
    pub(super) fn max_chars(&self) -> usize {
        self.max_chars
    }

    /// The recorded name of rule `index`.
    pub(super) fn name(&self, index: u32) -> &'static str {
        self.rules[index as usize].name
    }

    /// The rules that match a folded line, `view` of `chars` characters; only those of zone
    /// `any` unless the line may be among a document's first or last lines (`at_edge`).
    pub(super) fn matches(&self, view: &str, chars: usize, at_edge: bool) -> LineMatch {
        let mut found = LineMatch::default();
        let mut gated = Vec::new();
        let anywhere = self.anywhere.any.find(view);
        let anywhere_at_edges = at_edge.then(|| self.anywhere.edges.find(view));
        let literals = self
            .at_start
            .find(view)
            .chain(anywhere)
            .chain(anywhere_at_edges.into_iter().flatten());
        for (what, m) in literals {
            let index = match what {
                Found::Gate(regex, place) => {
                    let there = match place {
                        Place::Start => m.start == 0,
                        Place::End => m.end == view.len(),
                        Place::Anywhere => true,
                    };
                    if there {
                        gated.push(regex);
                    }
                    continue;
                }
                Found::Pattern(index) => index,
            };
            let rule = &self.rules[index as usize];
            let anchored = match rule.anchor {
                Anchor::Line => m.start == 0 && m.end == view.len(),
                Anchor::Start => m.start == 0,
                Anchor::End => m.end == view.len(),
                Anchor::Contains => true,
            };
            if anchored && chars <= rule.max_chars && (at_edge || rule.zone == Zone::Any) {
                found.add(index, rule.zone);
            }
        }
        gated.sort_unstable();
        gated.dedup();
        let ungated_at_edges = if at_edge {
            &self.ungated.edges[..]
        } else {
            &[]
        };
        for &index in gated
            .iter()
            .chain(&self.ungated.any)
            .chain(ungated_at_edges)
        {
            let regex = &self.regexes[index as usize];
            let rule = &self.rules[regex.rule as usize];
            let zone_allows = at_edge || rule.zone == Zone::Any;
            if zone_allows && chars <= rule.max_chars && regex.is_match(view) {
                found.add(regex.rule, rule.zone);
            }
        }
        found
    }
}

/// A rule as parsed, before compiling.
struct Entry {
    category: String,
    entry: RuleEntry,
    /// Whether the user wrote it (rather than hanfix).
    user: bool,
}

/// Reads a rule file.
fn parse(text: &str, user: bool) -> Result<Vec<Entry>, BoilerplateRulesError> {
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
            Ok(Entry {
                category,
                entry,
                user,
            })
        })
        .collect()
}

/// Compiles parsed rules, checking each.
fn compile(entries: Vec<Entry>) -> Result<BoilerplateRules, BoilerplateRulesError> {
    let mut rules = Vec::with_capacity(entries.len());
    let mut at_start = Vec::new();
    let mut anywhere = ByZone::<Vec<_>>::default();
    let mut regexes = Vec::new();
    let mut ungated = ByZone::<Vec<_>>::default();
    let mut seen = HashSet::new();
    for Entry {
        category,
        entry,
        user,
    } in entries
    {
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
            Anchor::Line => DEFAULT_LINE_CHARS,
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
                let literals = match entry.anchor {
                    Anchor::Line | Anchor::Start => &mut at_start,
                    Anchor::End | Anchor::Contains => anywhere.get_mut(entry.zone),
                };
                literals.push((folded.into_bytes(), Found::Pattern(index)));
            }
            (None, Some(regex)) => {
                check_folded(regex).map_err(error)?;
                let anchored = match entry.anchor {
                    Anchor::Line => format!("^(?:{regex})$"),
                    Anchor::Start => format!("^(?:{regex})"),
                    Anchor::End => format!("(?:{regex})$"),
                    Anchor::Contains => regex.clone(),
                };
                let compiled = OnceLock::new();
                if user {
                    let regex =
                        Regex::new(&anchored).map_err(|e| error(format!("bad regex: {e}")))?;
                    compiled.set(regex).expect("a new cell is empty");
                }
                let at = regexes.len() as u32;
                match gates(&anchored) {
                    Some((gates, prefix)) => {
                        let place = match (entry.anchor, prefix) {
                            (Anchor::Line | Anchor::Start, true) => Place::Start,
                            (Anchor::Line | Anchor::End, false) => Place::End,
                            _ => Place::Anywhere,
                        };
                        let literals = match place {
                            Place::Start => &mut at_start,
                            Place::End | Place::Anywhere => anywhere.get_mut(entry.zone),
                        };
                        literals.extend(gates.into_iter().map(|g| (g, Found::Gate(at, place))));
                    }
                    None => ungated.get_mut(entry.zone).push(at),
                }
                regexes.push(LazyRegex {
                    pattern: anchored,
                    compiled,
                    rule: index,
                });
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
        at_start: StartLiterals::build(at_start),
        anywhere: ByZone {
            any: Literals::build(anywhere.any),
            edges: Literals::build(anywhere.edges),
        },
        regexes,
        ungated,
        max_chars,
    })
}

/// Literals one of which every match of `regex` starts with (and `true`), or else ends with
/// (and `false`); `None` when there are no such literals (a regex that may start and end
/// with anything). They are cut to their first (last) two Chinese characters: fewer literals
/// make the automaton quick to build, and two characters are rare enough in a line.
fn gates(regex: &str) -> Option<(Vec<Vec<u8>>, bool)> {
    const GATE_BYTES: usize = 6;
    let hir = regex_syntax::parse(regex).ok()?;
    [(ExtractKind::Prefix, true), (ExtractKind::Suffix, false)]
        .into_iter()
        .find_map(|(kind, prefix)| {
            let mut seq = Extractor::new()
                .kind(kind)
                .limit_literal_len(GATE_BYTES)
                .limit_total(256)
                .extract(&hir);
            if prefix {
                seq.keep_first_bytes(GATE_BYTES);
            } else {
                seq.keep_last_bytes(GATE_BYTES);
            }
            seq.dedup();
            let literals = seq.literals()?;
            (seq.min_literal_len() > Some(0)).then(|| {
                let literals = literals.iter().map(|l| l.as_bytes().to_vec()).collect();
                (literals, prefix)
            })
        })
}

/// The longest line a `start`, `end` or `contains` rule removes unless it says otherwise.
const DEFAULT_MAX_CHARS: usize = 40;

/// The longest line a `line` rule removes unless it says otherwise.
const DEFAULT_LINE_CHARS: usize = 80;

/// Checks that a regex is written as views are: every character outside ASCII is one the
/// fold keeps as it is (no traditional character, fullwidth form or quotation mark).
fn check_folded(regex: &str) -> Result<(), String> {
    let simplified = OpenccConfig::T2s.convert(regex);
    let unfolded = regex
        .chars()
        .zip(simplified.chars())
        .find(|&(c, s)| c != s || (!c.is_ascii() && fold_char(c) != Some(c)));
    match unfolded {
        Some((c, _)) => Err(format!(
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
