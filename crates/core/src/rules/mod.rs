//! Detection rules as data: `rules/*.toml` compiled into one [`RuleSet`].
//!
//! Each rule names the parser it feeds (`kv`, `uri`, `jdbc`, `assign` or
//! `regex`), the literal keywords that wake it up (one Aho-Corasick
//! automaton over all rules' keywords is the prefilter), optional path globs,
//! and positive and negative examples that `connleak rules --check` runs
//! through the whole scanner. The built-in files are embedded at build time
//! (see `build.rs`); reading rule files from disk is the command line's job.

use crate::model::{Confidence, Engine, Kind, Severity};
use globset::Glob;
use regex::bytes::Regex;
use serde::Deserialize;
mod anchors;
mod paths;
mod prebuilt;
include!("short_config.rs");
pub use anchors::{anchors_for, trigram_rate, Anchors};

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock, RwLock};

/// Why a rule file or rule set was refused: a message naming the file, the
/// rule and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError(pub String);

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RuleError {}

pub type Result<T, E = RuleError> = std::result::Result<T, E>;

macro_rules! bail {
    ($($arg:tt)*) => {
        return Err(RuleError(format!($($arg)*)))
    };
}

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    pub id: String,
    pub title: String,
    pub description: String,
    pub severity: Severity,
    pub confidence: Confidence,
    pub kind: Kind,
    #[serde(default)]
    pub priority: i32,
    /// whether a common word (`password`, `secret`) found by this rule is a
    /// weak password (true) or a stand-in (false: rules whose only evidence
    /// is a generic key near database words)
    #[serde(default = "yes")]
    pub weak_values: bool,
    /// the database every finding of this rule is for, when the syntax says
    /// so by itself (`PRAGMA key` is SQLite's)
    pub engine: Option<Engine>,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// a keyword wakes the rule only where it begins a word (not after an
    /// ASCII letter, digit or `_`): for rules whose every match has the
    /// keyword at a word start (`new PDO(`, not `dropdown`)
    #[serde(default)]
    pub keywords_start_words: bool,
    #[serde(default)]
    pub paths: Vec<String>,
    #[serde(default)]
    pub references: Vec<String>,
    pub kv: Option<KvSpec>,
    pub uri: Option<UriSpec>,
    pub jdbc: Option<JdbcSpec>,
    pub assign: Option<AssignFile>,
    pub regex: Option<RegexFile>,
    #[serde(default)]
    pub examples: Vec<Example>,
    #[serde(default)]
    pub negative_examples: Vec<Example>,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KvSpec {
    /// keys whose value is the secret (`password`, `pwd`, `accountkey`)
    pub secret_keys: Vec<String>,
    /// at least one of these keys must be present too
    pub context_keys: Vec<String>,
    /// every secret key is one of the rule's keywords, so each secret pair
    /// has a keyword hit of its own (set when the rule is loaded)
    #[serde(skip)]
    pub keys_are_keywords: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UriSpec {
    /// base schemes (the part before any `+driver`)
    pub schemes: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JdbcSpec {}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignFile {
    /// regex over the key's last segment (`DB_PASSWORD`, `Password`)
    pub name: Option<String>,
    /// regex over the key's last segment that vetoes the rule
    pub name_exclude: Option<String>,
    /// regex over the key's last segment as written (not snake-cased):
    /// `^[A-Z][A-Z0-9_]*$` for environment variables
    pub raw_name: Option<String>,
    /// regex over the dotted path (`spring.datasource.password`)
    pub path: Option<String>,
    /// regex over the dotted path that vetoes the rule (`spring.mail.password`)
    pub path_exclude: Option<String>,
    /// regex over the dotted path that satisfies `context` on its own
    pub path_context: Option<String>,
    /// regex over the key's own line that vetoes the rule (a login form)
    pub veto: Option<String>,
    /// regex over the block the key belongs to (its siblings at the same
    /// indentation) that vetoes the rule: an `email` next to the password
    /// makes it an application user
    pub block_veto: Option<String>,
    /// regex that must match near the key (or in the file, see scope)
    pub context: Option<String>,
    /// `lines` (default: the ancestors and the lines around) or `file`
    #[serde(default)]
    pub context_scope: ContextScope,
    /// a regex the whole file must match (`kind: Secret`)
    pub file: Option<String>,
    /// a regex that, matching anywhere in the file, vetoes the rule (a
    /// Secret whose `type:` is a storage plugin's)
    pub file_veto: Option<String>,
    /// which values count as literals
    #[serde(default)]
    pub literal: Literal,
    /// decode base64 values whose parent key is this (`data` in a k8s Secret)
    pub base64_parent: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum ContextScope {
    #[default]
    Lines,
    File,
    /// the lines around, and the blocks of the key's nearest ancestors (the
    /// compose service, the Kubernetes container, the CI job service it
    /// belongs to)
    Block,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Literal {
    /// quoted strings anywhere; bare values only in config files
    #[default]
    Auto,
    /// only quoted strings
    Quoted,
    /// bare values too, whatever the file type
    Any,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegexFile {
    /// patterns with a `secret` group and optional `user`, `host`, `port`,
    /// `database` groups
    pub patterns: Vec<String>,
    /// how many lines before and after the keyword's line a match may span
    #[serde(default)]
    pub lines_before: usize,
    #[serde(default)]
    pub lines_after: usize,
    /// `backslash`: undo `\x` escapes in the secret (`.pgpass`)
    pub unescape: Option<String>,
    /// regex that must match in the statement around a match (from the end
    /// of the previous statement to the end of the match): the receiver of
    /// a `.password(..)` call, the type being built
    pub context: Option<String>,
    /// regex that satisfies `context` when it matches anywhere in the file
    /// (the file's imports)
    pub file_context: Option<String>,
    /// regex over that statement that vetoes the match
    pub veto: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub text: String,
    /// the secret a positive example must yield
    pub secret: Option<String>,
    /// the file name the example pretends to come from
    pub path: Option<String>,
}

/// A regex compiled on first use: a scan of one small file pays only for the
/// few patterns its keywords wake up (built-in patterns are checked by a unit
/// test; user rules are compiled, and so checked, when they are loaded).
pub struct Lazy<R> {
    src: String,
    cell: OnceLock<R>,
}

pub trait Compile: Sized {
    /// The compiled pattern, or what is wrong with it (without the pattern).
    fn compile(src: &str) -> std::result::Result<Self, String>;
}

/// Byte patterns are ASCII-aware, not Unicode-aware: `\w`, `\s`, `\d`,
/// `\b` and `(?i)` cover ASCII only, and `.` or a negated class matches any
/// byte (so any UTF-8 sequence too). Keys, operators and delimiters are ASCII;
/// Unicode classes made every automaton several times larger (slower to
/// build and to run). `(?u:...)` turns Unicode back on inside a pattern.
pub fn bytes_regex(src: &str) -> std::result::Result<Regex, regex::Error> {
    regex::bytes::RegexBuilder::new(src).unicode(false).build()
}

impl Compile for Regex {
    fn compile(src: &str) -> std::result::Result<Self, String> {
        bytes_regex(src).map_err(|e| regex_problem(&e))
    }
}

/// The settings of [`bytes_regex`] as a `meta` regex without literal
/// extraction: for a haystack of a few lines, where a prefilter costs more
/// to start than the lazy DFA takes to read it, and extracting the
/// literals of a long case-insensitive alternation was about half of the
/// time to build the pattern.
fn lean_regex(
    src: &str,
    captures: regex_automata::nfa::thompson::WhichCaptures,
) -> std::result::Result<regex_automata::meta::Regex, String> {
    lean_builder(captures)
        .build(src)
        // the regex crate's own build says what is wrong in its words
        .map_err(|_| match bytes_regex(src) {
            Err(e) => regex_problem(&e),
            Ok(_) => "not accepted".to_string(),
        })
}

/// The builder behind [`lean_regex`].
fn lean_builder(
    captures: regex_automata::nfa::thompson::WhichCaptures,
) -> regex_automata::meta::Builder {
    use regex_automata::{meta, util::syntax};
    let config = meta::Config::new()
        .match_kind(regex_automata::MatchKind::LeftmostFirst)
        .utf8_empty(false)
        .nfa_size_limit(Some(10 << 20))
        .hybrid_cache_capacity(2 << 20)
        .auto_prefilter(false)
        .which_captures(captures);
    let mut b = meta::Builder::new();
    b.configure(config)
        .syntax(syntax::Config::new().unicode(false).utf8(false));
    b
}

impl<R: Compile> Lazy<R> {
    /// Compile now, reporting a bad pattern as an error.
    fn eager(src: &str, what: &str, id: &str) -> Result<Lazy<R>> {
        let re = R::compile(src)
            .map_err(|e| RuleError(format!("rule {id}: invalid {what} regex ({e})")))?;
        Ok(Lazy {
            src: src.to_string(),
            cell: OnceLock::from(re),
        })
    }

    /// Compile on first use (built-in rules, whose patterns a test compiles).
    fn deferred(src: &str) -> Lazy<R> {
        Lazy {
            src: src.to_string(),
            cell: OnceLock::new(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.src
    }

    /// Compile (if not yet done) and report an invalid pattern.
    pub fn try_force(&self) -> std::result::Result<&R, String> {
        if let Some(r) = self.cell.get() {
            return Ok(r);
        }
        let re = R::compile(&self.src)?;
        Ok(self.cell.get_or_init(|| re))
    }
}

impl<R: Compile> std::ops::Deref for Lazy<R> {
    type Target = R;
    fn deref(&self) -> &R {
        self.cell.get_or_init(|| {
            // only built-in patterns are deferred, and a unit test compiles
            // every one of them
            R::compile(&self.src).expect("built-in rule patterns compile")
        })
    }
}

pub type BytesRegex = Lazy<Regex>;
/// Yes-or-no patterns over a variable name, a key path (bytes patterns
/// too, ASCII classes, matched against the name's UTF-8 bytes), a line, a
/// statement or a block.
pub type ShortRegex = Lazy<Short>;

/// A pattern (or several) that only answers whether it matches a short
/// haystack: a variable name, a key path, a line, a statement or a block of
/// lines. The syntax of [`bytes_regex`], searched by a forward lazy DFA
/// alone: no literal prefilter (see [`lean_regex`]), no capture groups, and
/// no reverse automaton or other engines to build, since a yes or no needs
/// none of them (about a third less to build than [`lean_regex`]'s).
pub struct Short {
    /// the full DFA build.rs built for these patterns (see [`prebuilt`])
    prebuilt: Option<regex_automata::dfa::dense::DFA<&'static [u32]>>,
    /// else the lazy DFA and its per-thread caches; `None` for a pattern it
    /// cannot take
    dfa: Option<(regex_automata::hybrid::dfa::DFA, ShortCaches)>,
    patterns: Vec<String>,
    /// the full engine, built the first time the lazy DFA cannot answer
    full: OnceLock<Option<regex_automata::meta::Regex>>,
}

type ShortCaches = regex_automata::util::pool::Pool<
    regex_automata::hybrid::dfa::Cache,
    Box<dyn Fn() -> regex_automata::hybrid::dfa::Cache + Send + Sync>,
>;

impl Short {
    /// Whether any of `patterns` matches; an error says what is wrong with
    /// the first that cannot be built.
    pub fn many(patterns: &[&str]) -> std::result::Result<Short, String> {
        if let Some(prebuilt) = prebuilt::dfa_for(patterns) {
            return Ok(Short {
                prebuilt: Some(prebuilt),
                dfa: None,
                patterns: patterns.iter().map(|p| p.to_string()).collect(),
                full: OnceLock::new(),
            });
        }
        Short::lazy(patterns)
    }

    /// [`Short::many`] without the prebuilt DFAs: a lazy DFA built now.
    fn lazy(patterns: &[&str]) -> std::result::Result<Short, String> {
        use regex_automata::hybrid::dfa::DFA;
        let dfa = DFA::builder()
            .configure(DFA::config().cache_capacity(2 << 20))
            .syntax(short_syntax())
            .thompson(short_thompson())
            .build_many(patterns)
            .ok()
            .map(|dfa| {
                let d = dfa.clone();
                let caches: ShortCaches =
                    regex_automata::util::pool::Pool::new(Box::new(move || d.create_cache()));
                (dfa, caches)
            });
        let short = Short {
            prebuilt: None,
            dfa,
            patterns: patterns.iter().map(|p| p.to_string()).collect(),
            full: OnceLock::new(),
        };
        if short.dfa.is_none() && short.full().is_none() {
            let first_bad = patterns
                .iter()
                .find_map(|p| bytes_regex(p).err())
                .map_or_else(|| "not accepted".to_string(), |e| regex_problem(&e));
            return Err(first_bad);
        }
        Ok(short)
    }

    fn full(&self) -> Option<&regex_automata::meta::Regex> {
        self.full
            .get_or_init(|| {
                lean_builder(regex_automata::nfa::thompson::WhichCaptures::None)
                    .build_many(&self.patterns)
                    .ok()
            })
            .as_ref()
    }

    pub fn is_match(&self, hay: &[u8]) -> bool {
        let input = regex_automata::Input::new(hay).earliest(true);
        if let Some(dfa) = &self.prebuilt {
            use regex_automata::dfa::Automaton;
            // (it has no quit bytes and searches unanchored: it never fails)
            match dfa.try_search_fwd(&input) {
                Ok(m) => return m.is_some(),
                Err(e) => debug_assert!(false, "a prebuilt DFA failed: {e}"),
            }
        }
        if let Some((dfa, caches)) = &self.dfa {
            let mut cache = caches.get();
            if let Ok(m) = dfa.try_search_fwd(&mut cache, &input) {
                return m.is_some();
            }
        }
        // a pattern the lazy DFA cannot take, or gave up on (it never
        // should without Unicode word boundaries)
        self.full().is_some_and(|r| r.is_match(hay))
    }
}

impl Compile for Short {
    fn compile(src: &str) -> std::result::Result<Self, String> {
        Short::many(&[src])
    }
}

/// A `[regex]` rule's pattern, searched for its capture groups in a window
/// of a few lines around a keyword. The syntax of [`bytes_regex`], built by
/// [`lean_regex`].
pub struct Pattern(regex_automata::meta::Regex);

/// A match of a [`Pattern`], with its capture groups.
pub struct PatternMatch<'h> {
    hay: &'h [u8],
    caps: regex_automata::util::captures::Captures,
}

/// A capture group's bytes and where they are in the haystack.
#[derive(Clone, Copy, Debug)]
pub struct Group<'h> {
    hay: &'h [u8],
    span: regex_automata::Span,
}

impl<'h> Group<'h> {
    pub fn start(&self) -> usize {
        self.span.start
    }
    pub fn end(&self) -> usize {
        self.span.end
    }
    pub fn as_bytes(&self) -> &'h [u8] {
        &self.hay[self.span.range()]
    }
}

impl<'h> PatternMatch<'h> {
    /// The group named `name`, if it took part in the match.
    pub fn name(&self, name: &str) -> Option<Group<'h>> {
        let span = self.caps.get_group_by_name(name)?;
        Some(Group {
            hay: self.hay,
            span,
        })
    }
    /// Group `i` (0: the whole match).
    pub fn get(&self, i: usize) -> Option<Group<'h>> {
        let span = self.caps.get_group(i)?;
        Some(Group {
            hay: self.hay,
            span,
        })
    }
}

impl Pattern {
    pub fn is_match(&self, hay: &[u8]) -> bool {
        self.0.is_match(hay)
    }
    /// Every match, leftmost first, without overlaps.
    pub fn captures_iter<'r, 'h: 'r>(
        &'r self,
        hay: &'h [u8],
    ) -> impl Iterator<Item = PatternMatch<'h>> + 'r {
        self.0
            .captures_iter(hay)
            .map(move |caps| PatternMatch { hay, caps })
    }
    /// The names of the capture groups (`None` for an unnamed one).
    pub fn capture_names(&self) -> impl Iterator<Item = Option<&str>> {
        self.0
            .group_info()
            .pattern_names(regex_automata::PatternID::ZERO)
    }
}

impl Compile for Pattern {
    fn compile(src: &str) -> std::result::Result<Self, String> {
        lean_regex(src, regex_automata::nfa::thompson::WhichCaptures::All).map(Pattern)
    }
}

pub struct AssignSpec {
    pub name: Option<ShortRegex>,
    pub name_exclude: Option<ShortRegex>,
    pub raw_name: Option<ShortRegex>,
    pub path: Option<ShortRegex>,
    pub path_exclude: Option<ShortRegex>,
    pub path_context: Option<ShortRegex>,
    pub veto: Option<ShortRegex>,
    pub block_veto: Option<ShortRegex>,
    /// read from a few lines or a block around the key (under `context_scope
    /// = "file"` from the whole file, once per file)
    pub context: Option<ShortRegex>,
    pub context_scope: ContextScope,
    pub file: Option<BytesRegex>,
    pub file_veto: Option<BytesRegex>,
    pub literal: Literal,
    pub base64_parent: Option<String>,
}

impl AssignSpec {
    /// The rule's yes-or-no patterns (names, paths, lines and blocks).
    pub fn shorts(&self) -> impl Iterator<Item = &ShortRegex> {
        [
            &self.name,
            &self.name_exclude,
            &self.raw_name,
            &self.path,
            &self.path_exclude,
            &self.path_context,
            &self.veto,
            &self.block_veto,
            &self.context,
        ]
        .into_iter()
        .flatten()
    }
}

pub enum Parser {
    Kv(KvSpec),
    Uri(UriSpec),
    Jdbc,
    Assign(Box<AssignSpec>),
    Regex(Box<RegexSpec>),
}

pub struct RegexSpec {
    pub patterns: Vec<Lazy<Pattern>>,
    pub lines_before: usize,
    pub lines_after: usize,
    pub unescape_backslash: bool,
    pub context: Option<ShortRegex>,
    pub file_context: Option<BytesRegex>,
    pub veto: Option<ShortRegex>,
    /// all patterns in one automaton, built on first use (`None` if it
    /// cannot be, e.g. too large): one search tells whether any matches
    pub any: OnceLock<Option<Short>>,
}

impl RegexSpec {
    /// Whether some pattern may match `hay` (one search for all of them).
    pub fn may_match(&self, hay: &[u8]) -> bool {
        let set = self.any.get_or_init(|| {
            let pats: Vec<&str> = self.patterns.iter().map(|p| p.as_str()).collect();
            Short::many(&pats).ok()
        });
        set.as_ref().is_none_or(|s| s.is_match(hay))
    }
}

impl Parser {
    pub fn name(&self) -> &'static str {
        match self {
            Parser::Kv(_) => "kv",
            Parser::Uri(_) => "uri",
            Parser::Jdbc => "jdbc",
            Parser::Assign(_) => "assign",
            Parser::Regex(_) => "regex",
        }
    }
}

pub struct Rule {
    pub id: String,
    pub title: String,
    pub description: String,
    pub severity: Severity,
    pub confidence: Confidence,
    pub kind: Kind,
    pub priority: i32,
    /// see [`RuleFile::weak_values`]
    pub weak_values: bool,
    /// see [`RuleFile::engine`]
    pub engine: Option<Engine>,
    pub keywords: Vec<String>,
    /// see [`RuleFile::keywords_start_words`]
    pub keywords_start_words: bool,
    /// the `paths` globs: the rule applies only to files they match (see
    /// [`RuleSet::applicable`])
    pub path_globs: Vec<String>,
    pub references: Vec<String>,
    pub parser: Parser,
    pub examples: Vec<Example>,
    pub negative_examples: Vec<Example>,
    /// where the rule came from (`rules/x.toml` or a user file)
    pub source: String,
}

pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// every keyword, lower-cased and deduplicated; a keyword's index is its
    /// pattern id in the keyword hits
    pub keywords: Vec<String>,
    /// the longest keyword, in bytes
    pub max_keyword: usize,
    /// keyword index -> rules it wakes up
    pub keyword_rules: Vec<Vec<usize>>,
    /// rules without keywords: run on every file their `paths` match
    pub path_rules: Vec<usize>,
    /// every `paths` glob of every rule (one match per file)
    globs: paths::PathGlobs,
    /// the rules without `paths`: they apply to every file
    everywhere: Applicable,
    /// anchor searchers, one per set of rules that apply to a file, built on
    /// first use (a tree has only a handful of such sets)
    anchors: RwLock<HashMap<Vec<u64>, Arc<Anchors>>>,
    /// the same searchers by the keywords they look for: sets of rules
    /// that differ only in rules whose keywords others share (a `.cs` and
    /// a `.sql` file) share one searcher, built once
    by_keywords: std::sync::Mutex<HashMap<Vec<usize>, Arc<Anchors>>>,
}

/// Which rules apply to one file (a bit set over rule indices).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Applicable(Vec<u64>);

impl Applicable {
    pub fn contains(&self, rule: usize) -> bool {
        self.0[rule / 64] & (1 << (rule % 64)) != 0
    }
    fn insert(&mut self, rule: usize) {
        self.0[rule / 64] |= 1 << (rule % 64);
    }
}

fn lazy<R: Compile>(src: &str, what: &str, id: &str, eager: bool) -> Result<Lazy<R>> {
    if eager {
        Lazy::eager(src, what, id)
    } else {
        Ok(Lazy::deferred(src))
    }
}

impl Rule {
    /// Parse a rule file, compiling (and so checking) every regex in it.
    pub fn from_toml(text: &str, source: &str) -> Result<Rule> {
        Rule::parse(text, source, true)
    }

    /// A built-in rule file (converted from TOML to JSON by `build.rs`,
    /// which parses much faster), whose regexes compile on first use.
    fn from_builtin_json(json: &str, source: &str) -> Result<Rule> {
        let f: RuleFile = serde_json::from_str(json).map_err(|e| {
            RuleError(format!(
                "{source}: invalid rule file: {}",
                crate::text::without_values(&e.to_string())
            ))
        })?;
        Rule::from_file(f, source, false)
    }

    /// Every regex of the rule, compiled now (a built-in rule's check).
    pub fn compile_all(&self) -> Result<()> {
        let check = |r: std::result::Result<(), String>| {
            r.map_err(|e| RuleError(format!("rule {}: invalid regex ({e})", self.id)))
        };
        match &self.parser {
            Parser::Assign(a) => {
                for r in a.shorts() {
                    check(r.try_force().map(|_| ()))?;
                }
                for r in [&a.file, &a.file_veto].into_iter().flatten() {
                    check(r.try_force().map(|_| ()))?;
                }
            }
            Parser::Regex(r) => {
                for x in [&r.context, &r.veto].into_iter().flatten() {
                    check(x.try_force().map(|_| ()))?;
                }
                if let Some(x) = &r.file_context {
                    check(x.try_force().map(|_| ()))?;
                }
                for p in &r.patterns {
                    check(p.try_force().map(|_| ()))?;
                    if !p.capture_names().any(|n| n == Some("secret")) {
                        bail!(
                            "rule {}: every pattern needs a `secret` capture group",
                            self.id
                        );
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn parse(text: &str, source: &str, eager: bool) -> Result<Rule> {
        // the error's message names the key and the line, never the value
        let f: RuleFile = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            RuleError(match line {
                Some(l) => format!(
                    "{source}:{l}: invalid rule file: {}",
                    crate::text::without_values(e.message().trim())
                ),
                None => format!(
                    "{source}: invalid rule file: {}",
                    crate::text::without_values(e.message().trim())
                ),
            })
        })?;
        Rule::from_file(f, source, eager)
    }

    fn from_file(f: RuleFile, source: &str, eager: bool) -> Result<Rule> {
        let id = f.id.clone();
        if id.is_empty()
            || !id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            bail!("{source}: a rule id must be lower-case letters, digits and dashes");
        }
        let mut parsers = Vec::new();
        if let Some(kv) = f.kv {
            parsers.push(Parser::Kv(KvSpec {
                secret_keys: kv
                    .secret_keys
                    .iter()
                    .map(|k| k.to_ascii_lowercase())
                    .collect(),
                context_keys: kv
                    .context_keys
                    .iter()
                    .map(|k| k.to_ascii_lowercase())
                    .collect(),
                keys_are_keywords: kv
                    .secret_keys
                    .iter()
                    .all(|k| f.keywords.iter().any(|w| w.eq_ignore_ascii_case(k))),
            }));
        }
        if let Some(u) = f.uri {
            parsers.push(Parser::Uri(UriSpec {
                schemes: u.schemes.iter().map(|s| s.to_ascii_lowercase()).collect(),
            }));
        }
        if f.jdbc.is_some() {
            parsers.push(Parser::Jdbc);
        }
        if let Some(a) = f.assign {
            if a.name.is_none() && a.path.is_none() {
                bail!("{source}: an [assign] rule needs `name` or `path`");
            }
            parsers.push(Parser::Assign(Box::new(AssignSpec {
                name: a
                    .name
                    .as_deref()
                    .map(|r| lazy(r, "name", &id, eager))
                    .transpose()?,
                name_exclude: a
                    .name_exclude
                    .as_deref()
                    .map(|r| lazy(r, "name_exclude", &id, eager))
                    .transpose()?,
                raw_name: a
                    .raw_name
                    .as_deref()
                    .map(|r| lazy(r, "raw_name", &id, eager))
                    .transpose()?,
                path: a
                    .path
                    .as_deref()
                    .map(|r| lazy(r, "path", &id, eager))
                    .transpose()?,
                path_exclude: a
                    .path_exclude
                    .as_deref()
                    .map(|r| lazy(r, "path_exclude", &id, eager))
                    .transpose()?,
                path_context: a
                    .path_context
                    .as_deref()
                    .map(|r| lazy(r, "path_context", &id, eager))
                    .transpose()?,
                veto: a
                    .veto
                    .as_deref()
                    .map(|r| lazy(r, "veto", &id, eager))
                    .transpose()?,
                block_veto: a
                    .block_veto
                    .as_deref()
                    .map(|r| lazy(r, "block_veto", &id, eager))
                    .transpose()?,
                context: a
                    .context
                    .as_deref()
                    .map(|r| lazy(r, "context", &id, eager))
                    .transpose()?,
                context_scope: a.context_scope,
                file: a
                    .file
                    .as_deref()
                    .map(|r| lazy(r, "file", &id, eager))
                    .transpose()?,
                file_veto: a
                    .file_veto
                    .as_deref()
                    .map(|r| lazy(r, "file_veto", &id, eager))
                    .transpose()?,
                literal: a.literal,
                base64_parent: a.base64_parent,
            })));
        }
        if let Some(r) = f.regex {
            let mut pats = Vec::new();
            for p in &r.patterns {
                let re: Lazy<Pattern> = lazy(p, "pattern", &id, eager)?;
                let named = if eager {
                    re.capture_names().any(|n| n == Some("secret"))
                } else {
                    p.contains("(?P<secret>") || p.contains("(?<secret>")
                };
                if !named {
                    bail!("{source}: rule {id}: every pattern needs a `secret` capture group");
                }
                pats.push(re);
            }
            if pats.is_empty() {
                bail!("{source}: rule {id}: [regex] needs at least one pattern");
            }
            let unescape_backslash = match r.unescape.as_deref() {
                None => false,
                Some("backslash") => true,
                Some(other) => {
                    bail!("{source}: rule {id}: unknown unescape {other:?} (known: backslash)")
                }
            };
            let short = |x: &Option<String>, what| {
                x.as_deref().map(|p| lazy(p, what, &id, eager)).transpose()
            };
            parsers.push(Parser::Regex(Box::new(RegexSpec {
                patterns: pats,
                lines_before: r.lines_before.min(20),
                lines_after: r.lines_after.min(20),
                unescape_backslash,
                context: short(&r.context, "context")?,
                file_context: r
                    .file_context
                    .as_deref()
                    .map(|p| lazy(p, "file_context", &id, eager))
                    .transpose()?,
                veto: short(&r.veto, "veto")?,
                any: OnceLock::new(),
            })));
        }
        if parsers.len() != 1 {
            bail!("{source}: rule {id} must have exactly one of [kv], [uri], [jdbc], [assign], [regex]");
        }
        if f.keywords.is_empty() && f.paths.is_empty() {
            bail!("{source}: rule {id} needs keywords, or paths to run on whole files");
        }
        for g in &f.paths {
            Glob::new(g).map_err(|e| {
                RuleError(format!(
                    "{source}: rule {id}: bad glob ({})",
                    glob_problem(&e)
                ))
            })?;
        }
        Ok(Rule {
            id,
            title: f.title,
            description: f.description,
            severity: f.severity,
            confidence: f.confidence,
            kind: f.kind,
            priority: f.priority,
            weak_values: f.weak_values,
            engine: f.engine,
            keywords: f.keywords,
            keywords_start_words: f.keywords_start_words,
            path_globs: f.paths,
            references: f.references,
            parser: parsers.remove(0),
            examples: f.examples,
            negative_examples: f.negative_examples,
            source: source.to_string(),
        })
    }
}

impl RuleSet {
    pub fn new(rules: Vec<Rule>) -> Result<RuleSet> {
        let mut seen = HashSet::new();
        for r in &rules {
            if !seen.insert(r.id.clone()) {
                bail!("duplicate rule id {} ({})", r.id, r.source);
            }
        }
        let mut keywords: Vec<String> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        let mut path_rules = Vec::new();
        let mut globs = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            if r.keywords.is_empty() {
                path_rules.push(i);
            }
            for g in &r.path_globs {
                let glob = Glob::new(g).map_err(|e| {
                    RuleError(format!("rule {}: bad glob ({})", r.id, glob_problem(&e)))
                })?;
                globs.push((glob, i));
            }
            for k in &r.keywords {
                let k = k.to_ascii_lowercase();
                match keywords.iter().position(|x| *x == k) {
                    Some(p) => keyword_rules[p].push(i),
                    None => {
                        keywords.push(k);
                        keyword_rules.push(vec![i]);
                    }
                }
            }
        }
        let max_keyword = keywords.iter().map(String::len).max().unwrap_or(0);
        let mut everywhere = Applicable(vec![0; rules.len().div_ceil(64)]);
        for (i, r) in rules.iter().enumerate() {
            if r.path_globs.is_empty() {
                everywhere.insert(i);
            }
        }
        Ok(RuleSet {
            everywhere,
            rules,
            keywords,
            max_keyword,
            keyword_rules,
            path_rules,
            globs: paths::PathGlobs::new(&globs)
                .map_err(|e| RuleError(format!("building the path globs: {e}")))?,
            anchors: RwLock::new(HashMap::new()),
            by_keywords: std::sync::Mutex::new(HashMap::new()),
        })
    }

    /// The rules compiled into the binary.
    pub fn builtin() -> Result<RuleSet> {
        RuleSet::new(builtin_rules()?)
    }

    /// The rules that apply to a file: those without `paths`, and those
    /// with a glob that matches (one glob-set match for all of them).
    pub fn applicable(&self, path: &str) -> Applicable {
        thread_local! {
            static MATCHES: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let mut a = self.everywhere.clone();
        MATCHES.with(|m| {
            self.globs
                .matches(path, &mut m.borrow_mut(), |rule| a.insert(rule));
        });
        a
    }

    /// The anchor searcher for the keywords of the applicable rules (`None`
    /// when they have no keywords). It searches the text as it is, for every
    /// ASCII case of each anchor (see [`Anchors`]), with the SIMD (Teddy)
    /// searcher.
    pub fn anchor_searcher(&self, applies: &Applicable) -> Option<Arc<Anchors>> {
        if let Some(a) = self
            .anchors
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&applies.0)
        {
            return Some(a.clone());
        }
        let kws: Vec<(usize, &str)> = self
            .keywords
            .iter()
            .zip(&self.keyword_rules)
            .enumerate()
            .filter(|(_, (_, rs))| rs.iter().any(|&r| applies.contains(r)))
            .map(|(i, (k, _))| (i, k.as_str()))
            .collect();
        if kws.is_empty() {
            return None;
        }
        let ids: Vec<usize> = kws.iter().map(|&(i, _)| i).collect();
        // one build per keyword set, however many threads ask at once
        let ac = {
            let mut built = self.by_keywords.lock().unwrap_or_else(|p| p.into_inner());
            match built.get(&ids) {
                Some(a) => a.clone(),
                None => {
                    let words: Vec<&str> = kws.iter().map(|&(_, k)| k).collect();
                    let a = Arc::new(Anchors::new(&anchors_for(&words), &kws)?);
                    built.insert(ids, a.clone());
                    a
                }
            }
        };
        self.anchors
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(applies.0.clone(), ac.clone());
        Some(ac)
    }
}

pub fn builtin_rules() -> Result<Vec<Rule>> {
    BUILTIN_RULES
        .iter()
        .map(|(name, text)| Rule::from_builtin_json(text, &format!("rules/{name}")))
        .collect()
}

/// What is wrong with a regex, without the regex: an error about a rule
/// file never quotes the file (the regex crate's message shows the pattern).
fn regex_problem(e: &regex::Error) -> String {
    match e {
        regex::Error::Syntax(msg) => msg
            .lines()
            .rev()
            .find_map(|l| l.trim().strip_prefix("error: "))
            .unwrap_or("syntax error")
            .to_string(),
        regex::Error::CompiledTooBig(n) => format!("larger than the {n}-byte limit once compiled"),
        _ => "not accepted".to_string(),
    }
}

/// What is wrong with a glob, without the glob.
fn glob_problem(e: &globset::Error) -> String {
    e.kind().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use globset::GlobSetBuilder;

    #[test]
    fn every_builtin_pattern_compiles() {
        for r in builtin_rules().expect("built-in rules parse") {
            r.compile_all().expect("built-in patterns compile");
        }
    }

    #[test]
    fn byte_patterns_have_ascii_classes_and_match_any_utf8_in_negated_ones() {
        let re = bytes_regex(r"(?i)PASSWORD=(?P<s>[^\s;]+)").unwrap();
        let c = re.captures("password=pässwörd;".as_bytes()).unwrap();
        assert_eq!(&c["s"], "pässwörd".as_bytes());
        assert!(!bytes_regex(r"^\w+$").unwrap().is_match("ä".as_bytes()));
        assert!(bytes_regex(r"^(?u:\w)+$").unwrap().is_match("ä".as_bytes()));
        // (?i) folds ASCII only: the Kelvin sign is not a k
        assert!(!bytes_regex(r"(?i)k")
            .unwrap()
            .is_match("\u{212a}".as_bytes()));
    }

    /// Haystacks from every rule's examples: each line, each pair of lines,
    /// each word; and bytes where ASCII-only classes and case matter.
    fn example_hays(rules: &[Rule]) -> Vec<Vec<u8>> {
        let mut hays: Vec<Vec<u8>> = vec![
            "pässwörd".into(),
            "\u{212a}".into(),
            b"\xff\xfe password\x00=x".to_vec(),
            Vec::new(),
        ];
        for r in rules {
            for e in r.examples.iter().chain(&r.negative_examples) {
                let lines: Vec<&str> = e.text.lines().collect();
                for (i, l) in lines.iter().enumerate() {
                    hays.push(l.as_bytes().to_vec());
                    if let Some(n) = lines.get(i + 1) {
                        hays.push(format!("{l}\n{n}").into_bytes());
                    }
                    hays.extend(
                        l.split(|c: char| !c.is_alphanumeric() && c != '_' && c != '.')
                            .map(|w| w.as_bytes().to_vec()),
                    );
                }
            }
        }
        hays
    }

    /// The pattern sets the built-in rules search as one [`Short`] each:
    /// their yes-or-no fields, and each `[regex]` rule's patterns together.
    fn short_sets(rules: &[Rule]) -> Vec<Vec<&str>> {
        let mut sets = Vec::new();
        for r in rules {
            match &r.parser {
                Parser::Assign(a) => sets.extend(a.shorts().map(|s| vec![s.as_str()])),
                Parser::Regex(x) => {
                    sets.extend(
                        [&x.context, &x.veto]
                            .into_iter()
                            .flatten()
                            .map(|s| vec![s.as_str()]),
                    );
                    sets.push(x.patterns.iter().map(|p| p.as_str()).collect());
                }
                _ => {}
            }
        }
        sets
    }

    /// The DFAs build.rs built answer as the lazy DFAs of the same patterns
    /// (on the examples' lines, pairs of lines and words, and on those
    /// joined in many orders, across CRLF line ends and non-ASCII bytes),
    /// and never fail to answer; every one of them is for a pattern set the
    /// rules search, and most sets have one.
    #[test]
    fn prebuilt_dfas_answer_as_lazy_ones() {
        use regex_automata::dfa::Automaton;
        let rules = builtin_rules().unwrap();
        let mut hays = example_hays(&rules);
        let n = hays.len();
        let joints: [&[u8]; 9] = [
            b" ",
            b"\n",
            b"\r\n",
            b"\r",
            b"=",
            b":",
            b"'",
            b"\"(",
            "é\u{212a}".as_bytes(),
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3_000 {
            let mut h = Vec::new();
            for _ in 0..4 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                h.extend_from_slice(&hays[(state % n as u64) as usize]);
                h.extend_from_slice(joints[(state >> 40) as usize % joints.len()]);
            }
            hays.push(h);
        }
        let mut sets = short_sets(&rules);
        sets.sort();
        sets.dedup();
        let mut prebuilt = 0;
        for set in &sets {
            if prebuilt::dfa_for(set).is_none() {
                continue;
            }
            prebuilt += 1;
            let (fast, lazy) = (Short::many(set).unwrap(), Short::lazy(set).unwrap());
            assert!(fast.prebuilt.is_some() && lazy.prebuilt.is_none());
            let dfa = fast.prebuilt.as_ref().unwrap();
            for h in &hays {
                let input = regex_automata::Input::new(h).earliest(true);
                assert!(dfa.try_search_fwd(&input).is_ok(), "{set:?} failed");
                assert_eq!(
                    fast.is_match(h),
                    lazy.is_match(h),
                    "{set:?} on {:?}",
                    String::from_utf8_lossy(h)
                );
            }
        }
        for (ps, _, _) in prebuilt::SHORT_DFAS {
            assert!(sets.iter().any(|s| s == ps), "no rule searches {ps:?}");
        }
        // build.rs found the rules' sets and built most of them (41 of 53
        // when this was written: the large unions stay lazy)
        assert_eq!(prebuilt, prebuilt::count());
        assert!(prebuilt * 2 >= sets.len(), "{prebuilt} of {}", sets.len());
    }

    /// A yes-or-no pattern answers as the full regex does: on every line,
    /// line pair and word of every rule's examples, for every built-in
    /// pattern, and on bytes where ASCII-only classes and case matter.
    #[test]
    fn short_patterns_answer_as_the_full_regex() {
        let rules = builtin_rules().unwrap();
        let hays = example_hays(&rules);
        let mut checked = 0;
        for r in &rules {
            let shorts: Vec<&ShortRegex> = match &r.parser {
                Parser::Assign(a) => a.shorts().collect(),
                Parser::Regex(x) => [&x.context, &x.veto].into_iter().flatten().collect(),
                _ => Vec::new(),
            };
            for s in shorts {
                let full = bytes_regex(s.as_str()).unwrap();
                for h in &hays {
                    assert_eq!(
                        s.is_match(h),
                        full.is_match(h),
                        "{} on {:?}",
                        s.as_str(),
                        String::from_utf8_lossy(h)
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    /// A `[regex]` pattern finds the matches and groups the full regex
    /// finds, on every rule's examples whole and line by line.
    #[test]
    fn patterns_capture_as_the_full_regex() {
        let rules = builtin_rules().unwrap();
        let mut hays: Vec<&str> = Vec::new();
        for r in &rules {
            for e in r.examples.iter().chain(&r.negative_examples) {
                hays.push(&e.text);
                hays.extend(e.text.lines());
            }
        }
        let mut matched = 0;
        for r in &rules {
            let Parser::Regex(x) = &r.parser else {
                continue;
            };
            for p in &x.patterns {
                let full = bytes_regex(p.as_str()).unwrap();
                let names: Vec<&str> = full.capture_names().flatten().collect();
                assert_eq!(
                    p.capture_names().flatten().collect::<Vec<_>>(),
                    names,
                    "{}",
                    p.as_str()
                );
                for h in &hays {
                    let h = h.as_bytes();
                    assert_eq!(p.is_match(h), full.is_match(h));
                    let ours: Vec<Vec<Option<(usize, usize)>>> = p
                        .captures_iter(h)
                        .map(|m| {
                            let mut g = vec![m.get(0).map(|g| (g.start(), g.end()))];
                            g.extend(names.iter().map(|n| {
                                m.name(n).map(|g| {
                                    assert_eq!(g.as_bytes(), &h[g.start()..g.end()]);
                                    (g.start(), g.end())
                                })
                            }));
                            g
                        })
                        .collect();
                    let theirs: Vec<Vec<Option<(usize, usize)>>> = full
                        .captures_iter(h)
                        .map(|c| {
                            let mut g = vec![c.get(0).map(|g| (g.start(), g.end()))];
                            g.extend(
                                names
                                    .iter()
                                    .map(|n| c.name(n).map(|g| (g.start(), g.end()))),
                            );
                            g
                        })
                        .collect();
                    matched += theirs.len();
                    assert_eq!(
                        ours,
                        theirs,
                        "{} on {:?}",
                        p.as_str(),
                        String::from_utf8_lossy(h)
                    );
                }
            }
        }
        assert!(matched > 100, "{matched}");
    }

    /// A pattern the lazy DFA cannot take (a Unicode word boundary) is
    /// answered by the full engine; a broken one is refused with the regex
    /// crate's own words.
    #[test]
    fn short_patterns_fall_back_and_report_errors() {
        let s = Short::compile(r"(?u:\b)pass(?u:\b)").unwrap();
        assert!(s.dfa.is_none());
        let full = bytes_regex(r"(?u:\b)pass(?u:\b)").unwrap();
        for h in ["a pass b", "épass", "é pass é", "xpass", "pass"] {
            assert_eq!(s.is_match(h.as_bytes()), full.is_match(h.as_bytes()), "{h}");
        }
        let e = Short::compile("(?i)pass(").err().unwrap();
        assert!(e.contains("unclosed group"), "{e}");
        let e = Short::many(&["ok", "(x"]).err().unwrap();
        assert!(e.contains("unclosed group"), "{e}");
    }

    #[test]
    fn rules_apply_by_path() {
        let set = RuleSet::builtin().unwrap();
        let id = |i: &str| set.rules.iter().position(|r| r.id == i).unwrap();
        let java = set.applicable("src/Db.java");
        assert!(java.contains(id("java-datasource-password")));
        assert!(java.contains(id("ado-connection-string")));
        assert!(!java.contains(id("k8s-secret-db-password")));
        let yaml = set.applicable("deploy/secret.yaml");
        assert!(yaml.contains(id("k8s-secret-db-password")));
        assert!(!yaml.contains(id("java-datasource-password")));
        for (i, r) in set.rules.iter().enumerate() {
            for p in [
                "a/b/Dockerfile",
                "x.tf",
                "config/database.yml",
                "redis.conf",
                "u/.pgpass",
                "deploy/Dockerfile.prod",
                "config/database.yml.example",
                "secrets/db_password.txt",
                "etc/mysql_root_pass",
                "etc/pgbouncer/userlist.txt",
                "conf/redis-6379.conf",
                "src/passwords.go",
            ] {
                let mut b = GlobSetBuilder::new();
                for g in &r.path_globs {
                    b.add(Glob::new(g).unwrap());
                }
                let alone = r.path_globs.is_empty() || b.build().unwrap().is_match(p);
                assert_eq!(alone, set.applicable(p).contains(i), "{} {p}", r.id);
            }
        }
    }

    #[test]
    fn invalid_rules_are_rejected_with_reasons() {
        let bad_id = "id = \"Bad Id\"\ntitle = \"t\"\ndescription = \"d\"\nseverity = \"high\"\nconfidence = \"high\"\nkind = \"code\"\nkeywords = [\"x\"]\n[jdbc]\n";
        assert!(Rule::from_toml(bad_id, "t")
            .err()
            .unwrap()
            .to_string()
            .contains("lower-case"));
        let two = "id = \"a\"\ntitle = \"t\"\ndescription = \"d\"\nseverity = \"high\"\nconfidence = \"high\"\nkind = \"code\"\nkeywords = [\"x\"]\n[jdbc]\n[uri]\nschemes = []\n";
        assert!(Rule::from_toml(two, "t")
            .err()
            .unwrap()
            .to_string()
            .contains("exactly one"));
        let no_group = "id = \"a\"\ntitle = \"t\"\ndescription = \"d\"\nseverity = \"high\"\nconfidence = \"high\"\nkind = \"code\"\nkeywords = [\"x\"]\n[regex]\npatterns = ['x(y)']\n";
        assert!(format!("{:#}", Rule::from_toml(no_group, "t").err().unwrap()).contains("secret"));
        let unknown = "id = \"a\"\nbogus = 1\n";
        // the line and the keys allowed, never the file's own text
        let e = format!("{:#}", Rule::from_toml(unknown, "t").err().unwrap());
        assert!(
            e.starts_with("t:2: invalid rule file: unknown field"),
            "{e}"
        );
        assert!(!e.contains("bogus"), "{e}");
    }
}
