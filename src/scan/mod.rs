//! Per-file scanning: a pure function from (rules, path, text) to findings.
//!
//! 1. One Aho-Corasick pass over the whole buffer finds every rule keyword
//!    (case-insensitive). Nothing else runs on a file without a hit.
//! 2. Each hit wakes the rules that own the keyword; each rule's parser reads
//!    the neighbourhood of the hit (bounded to a window, so a 10 MB line costs
//!    no more than a short one) and proposes candidates.
//! 3. [`judge`] drops placeholders, references, masks and empty values.
//! 4. Overlapping candidates for the same secret keep the most specific
//!    rule (highest priority), then line/column, host classification,
//!    severity, confidence, fingerprint and a redacted snippet are computed.
//!
//! No I/O and no printing happen here, so the walker can run this on any
//! thread and tests can call it directly.

pub mod judge;
#[cfg(test)]
mod props;

use crate::finding::{Engine, Finding, Severity};
use crate::fingerprint::fingerprint;
use crate::host::{self, Locality};
use crate::parse::{assign, jdbc, kv, uri};
use crate::rules::{AssignSpec, ContextScope, KvSpec, Literal, Parser, Rule, RuleSet, UriSpec};
use crate::secret::Secret;
use base64::Engine as _;
use regex::bytes::Regex;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

#[derive(Clone, Debug, Default)]
pub struct ScanOptions {
    pub show_secrets: bool,
    /// an inner scan of a decoded value: its findings are not reported, so
    /// their (deliberately slow) fingerprints are not computed
    pub nested: bool,
    /// the file's encoding, recorded on its findings
    pub encoding: Option<&'static str>,
}

/// How far around a keyword hit the parsers may look.
const WINDOW: usize = 4096;
/// How far around a key its context (neighbouring keys, enclosing blocks) is read.
const CONTEXT_BYTES: usize = 1536;

/// What kind of file this is, from its name: it decides whether a bare
/// (unquoted) value is a literal or an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileClass {
    Code,
    Config,
    Docs,
}

impl FileClass {
    pub fn of(path: &str) -> FileClass {
        let name = path
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(path)
            .to_ascii_lowercase();
        let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        const CODE: &[&str] = &[
            "cs",
            "vb",
            "fs",
            "java",
            "kt",
            "kts",
            "scala",
            "groovy",
            "gradle",
            "js",
            "jsx",
            "mjs",
            "cjs",
            "ts",
            "tsx",
            "py",
            "pyi",
            "pyx",
            "go",
            "rb",
            "php",
            "rs",
            "swift",
            "c",
            "cc",
            "cpp",
            "h",
            "hpp",
            "tf",
            "hcl",
            "bicepparam",
            "pp",
            "bicep",
            "ps1",
            "psm1",
            "lua",
            "pl",
            "pm",
            "r",
            "dart",
            "ex",
            "exs",
            "erl",
            "clj",
            "ipynb",
            "razor",
            "cshtml",
            "vue",
            "svelte",
            "sql",
            "rake",
            "gemspec",
            "ru",
            "jl",
            "nim",
            "zig",
            "m",
            "mm",
            "sc",
            "sbt",
            "cls",
            "bas",
            "vbs",
            "psd1",
            "jsonnet",
            "libsonnet",
        ];
        const DOCS: &[&str] = &[
            "md", "markdown", "rst", "txt", "adoc", "asciidoc", "textile", "org",
        ];
        if CODE.contains(&ext) {
            FileClass::Code
        } else if DOCS.contains(&ext) {
            FileClass::Docs
        } else {
            FileClass::Config
        }
    }
}

/// A proposed secret, before judgement and deduplication.
struct Candidate {
    rule: usize,
    span: Range<usize>,
    /// the text this candidate speaks for (a whole connection string or
    /// URI): less specific rules may not propose secrets inside it
    claim: Range<usize>,
    secret: String,
    user: Option<String>,
    host: Option<String>,
    port: Option<u16>,
    database: Option<String>,
    engine: Option<Engine>,
    kind: Option<&'static str>,
}

impl Candidate {
    fn new(rule: usize, span: Range<usize>, secret: String) -> Candidate {
        Candidate {
            rule,
            claim: span.clone(),
            span,
            secret,
            user: None,
            host: None,
            port: None,
            database: None,
            engine: None,
            kind: None,
        }
    }
}

struct FileCtx<'a> {
    set: &'a RuleSet,
    text: &'a [u8],
    path: &'a str,
    class: FileClass,
    /// per-rule cache of whole-file regex checks
    file_checks: Vec<Option<bool>>,
    /// string literals in this file use backslash escapes (JSON, C-like code)
    c_escapes: bool,
    /// the file is XML, so values carry entities (`&amp;`)
    xml: bool,
}

/// Scan one file's text. `display_path` is what reports show; `fp_path`
/// (the path relative to the repository root) goes into fingerprints.
pub fn scan_text(
    set: &RuleSet,
    display_path: &str,
    fp_path: &str,
    text: &[u8],
    opts: &ScanOptions,
) -> Vec<Finding> {
    scan_text_with(set, display_path, &|| fp_path.to_string(), text, opts)
}

/// [`scan_text`] with the fingerprint path computed only if there is a
/// finding (the walker resolves it through the file system).
pub fn scan_text_with(
    set: &RuleSet,
    display_path: &str,
    fp_path: &dyn Fn() -> String,
    text: &[u8],
    opts: &ScanOptions,
) -> Vec<Finding> {
    let mut ctx = FileCtx {
        set,
        text,
        path: display_path,
        class: FileClass::of(display_path),
        file_checks: vec![None; set.rules.len()],
        xml: is_xml(display_path),
        c_escapes: FileClass::of(display_path) == FileClass::Code
            || display_path.to_ascii_lowercase().ends_with(".json")
            || display_path.to_ascii_lowercase().ends_with(".ipynb"),
    };
    let applies = set.applicable(display_path);
    let mut cands = Vec::new();
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    // regex rules: the region already searched, so that dense keyword hits
    // on one long line run each pattern once, not once per hit
    let mut searched: Vec<usize> = vec![0; set.rules.len()];
    let lpath = display_path.to_ascii_lowercase();
    let line_values = line_values_of(&lpath);
    let hits = match set.anchor_searcher(&applies) {
        Some(anchors) => keyword_hits(set, &anchors, text),
        None => Vec::new(),
    };
    for m in hits {
        let (hit, hit_end) = (m.start(), m.end());
        // on character boundaries, so that no value read up to the edge of
        // the window ends in half a character
        let lo = ceil_char(text, hit.saturating_sub(WINDOW));
        let hi = floor_char(text, (hit_end + WINDOW).min(text.len())).max(hit_end);
        // one assignment parse per hit, shared by every `assign` rule
        let mut assignment: Option<Option<assign::Assignment>> = None;
        for &ri in &set.keyword_rules[m.pattern().as_usize()] {
            let rule = &set.rules[ri];
            if !applies.contains(ri) {
                continue;
            }
            match &rule.parser {
                Parser::Kv(spec) => {
                    // a string already parsed yielded every secret in it
                    if hit >= searched[ri] {
                        if let Some(end) = kv_candidate(
                            ri,
                            spec,
                            text,
                            hit,
                            lo,
                            hi,
                            Escapes {
                                c: ctx.c_escapes,
                                xml: ctx.xml,
                            },
                            &mut cands,
                        ) {
                            searched[ri] = end;
                        }
                    }
                }
                Parser::Uri(spec) => uri_candidate(ri, spec, text, hit, hi, &mut cands),
                Parser::Jdbc => jdbc_candidate(ri, text, hit, hi, &mut cands),
                Parser::Assign(spec) => {
                    if let Some(a) = assignment
                        .get_or_insert_with(|| assign::at_hit(text, hit, lo, hi, line_values))
                    {
                        assign_candidate(ri, spec, &mut ctx, a, lo, hi, &mut seen, &mut cands);
                    }
                }
                Parser::Regex(spec) => {
                    if hit_end <= searched[ri] {
                        continue;
                    }
                    let (ls, le) = line_bounds(text, hit, lo.max(searched[ri]).min(hit), hi);
                    let (ls, le) =
                        lines_around(text, ls, le, lo, hi, spec.lines_before, spec.lines_after);
                    run_patterns(ri, spec, text, ls, le, ctx.xml, &mut cands);
                    searched[ri] = if spec.lines_before + spec.lines_after == 0 {
                        le
                    } else {
                        hit_end
                    };
                }
            }
        }
    }
    for &ri in &set.path_rules {
        if applies.contains(ri) {
            if let Parser::Regex(spec) = &set.rules[ri].parser {
                run_patterns(ri, spec, text, 0, text.len(), ctx.xml, &mut cands);
            }
        }
    }
    finish(set, &ctx, fp_path, cands, opts)
}

/// Every keyword occurrence, overlapping ones included, in increasing order
/// of (start, end). Keywords match case-insensitively: the search runs on
/// ASCII-lower-cased copies of 64 KiB blocks (same offsets, a per-thread
/// buffer that stays in cache) with a case-sensitive leftmost-first
/// automaton over a few short anchors (every keyword contains one), which
/// keeps the SIMD searcher fast. Only around an anchor hit does an
/// overlapping search look for the keywords: a keyword contains an anchor
/// occurrence that is either reported or overlaps a reported one, so it
/// intersects a reported hit and lies within the longest keyword's length
/// of it.
fn keyword_hits(
    set: &RuleSet,
    anchors: &aho_corasick::AhoCorasick,
    text: &[u8],
) -> Vec<aho_corasick::Match> {
    const BLOCK: usize = 64 << 10;
    thread_local! {
        static LOWER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    // room on both sides of a block for a keyword around an anchor in it
    let margin = 2 * set.max_keyword;
    LOWER.with(|buf| {
        let mut lower = buf.borrow_mut();
        let mut hits: Vec<aho_corasick::Match> = Vec::new();
        let mut found: Vec<aho_corasick::Match> = Vec::new();
        let mut sorted = true;
        let mut b = 0;
        while b < text.len() {
            let e = (b + BLOCK).min(text.len());
            let (lo, hi) = (b.saturating_sub(margin), (e + margin).min(text.len()));
            lower.clear();
            lower.extend(text[lo..hi].iter().map(u8::to_ascii_lowercase));
            let input = aho_corasick::Input::new(&lower[..]).span(b - lo..hi - lo);
            found.clear();
            found.extend(
                anchors.find_iter(input).take_while(|m| m.start() < e - lo), // later ones: the next block's
            );
            let keywords = set.keyword_automaton(found.len());
            for m in &found {
                let klo = m.start().saturating_sub(set.max_keyword);
                let khi = (m.end() + set.max_keyword).min(lower.len());
                let around = aho_corasick::Input::new(&lower[..]).span(klo..khi);
                for o in keywords.find_overlapping_iter(around) {
                    if o.start() < m.end() && o.end() > m.start() {
                        let o = aho_corasick::Match::new(o.pattern(), lo + o.start()..lo + o.end());
                        if hits
                            .last()
                            .is_some_and(|l| (l.start(), l.end()) >= (o.start(), o.end()))
                        {
                            sorted = false;
                        }
                        hits.push(o);
                    }
                }
            }
            b = e;
        }
        if !sorted {
            hits.sort_unstable_by_key(|o| (o.start(), o.end()));
            hits.dedup_by_key(|o| (o.start(), o.end()));
        }
        hits
    })
}

fn line_bounds(s: &[u8], at: usize, lo: usize, hi: usize) -> (usize, usize) {
    let start = memchr::memrchr(b'\n', &s[lo..at]).map_or(lo, |i| lo + i + 1);
    let end = memchr::memchr(b'\n', &s[at..hi]).map_or(hi, |i| at + i);
    (start, end)
}

const SERVER_KEYS: &[&str] = &[
    "server",
    "data source",
    "address",
    "addr",
    "network address",
    "host",
    "hostname",
    "datasource",
];
const USER_KEYS: &[&str] = &[
    "user id",
    "uid",
    "user",
    "username",
    "userid",
    "user name",
    "login",
];
const DB_KEYS: &[&str] = &["initial catalog", "database", "dbname"];

/// Propose every secret of the key=value string that has a key at `hit`;
/// returns the end of the string so that later hits inside it are skipped.
#[allow(clippy::too_many_arguments)]
fn kv_candidate(
    ri: usize,
    spec: &KvSpec,
    text: &[u8],
    hit: usize,
    lo: usize,
    hi: usize,
    esc: Escapes,
    out: &mut Vec<Candidate>,
) -> Option<usize> {
    let kvs = kv::find_around(text, hit, lo, hi)?;
    let end = kvs.span.end;
    if !kvs
        .pairs
        .iter()
        .any(|p| spec.context_keys.contains(&p.key) && !spec.secret_keys.contains(&p.key))
    {
        return Some(end);
    }
    for pair in kvs
        .pairs
        .iter()
        .filter(|p| spec.secret_keys.contains(&p.key))
    {
        kv_pair_candidate(ri, &kvs, pair, esc, out);
    }
    Some(end)
}

fn kv_pair_candidate(
    ri: usize,
    kvs: &kv::KvString,
    pair: &kv::Pair,
    esc: Escapes,
    out: &mut Vec<Candidate>,
) {
    // `{expr}` in an interpolated string is code, not an ODBC-braced value
    if kvs.interpolated && pair.braced {
        return;
    }
    let mut value = pair.value.clone();
    // inside a C-like string literal (JSON, C#, Java, JS), `\\` and `\"`
    // are escapes of the host language, not part of the password
    if esc.c && kvs.terminator == Some(b'"') && value.contains('\\') {
        value = unescape_c(&value);
    }
    if esc.xml && value.contains('&') {
        value = assign::xml_unescape(value.as_bytes());
    }
    let mut c = Candidate::new(ri, pair.value_span.clone(), value);
    c.claim = kvs.span.clone();
    if let Some(ep) = kvs.get(&["accountendpoint"]) {
        let v = ep.value.as_bytes();
        if let Some(sep) = memchr::memmem::find(v, b"://") {
            c.host = uri::parse_at(v, sep, v.len()).and_then(|u| u.host);
        }
    } else if let Some(server) = kvs.get(SERVER_KEYS) {
        let (h, port) = split_server(&server.value);
        c.host = Some(h);
        c.port = port;
        if server.value.to_ascii_lowercase().starts_with("tcp:") {
            c.engine = Some(Engine::SqlServer);
        }
    }
    if let Some(p) = kvs.get(&["port"]) {
        c.port = p.value.trim().parse().ok();
    }
    c.user = kvs.get(USER_KEYS).map(|p| p.value.clone());
    c.database = kvs.get(DB_KEYS).map(|p| p.value.clone());
    let driver = kvs.get(&["driver"]).or(kvs.get(&["provider"]));
    if let Some(d) = driver {
        c.engine = c.engine.or(Engine::from_word(&d.value));
    }
    c.kind = Some(if kvs.libpq {
        c.engine = Some(Engine::PostgreSql);
        "libpq"
    } else if kvs.has(&["driver", "dsn"])
        || driver.is_some_and(|d| d.value.eq_ignore_ascii_case("msdasql"))
    {
        "odbc"
    } else if kvs.has(&["provider"]) {
        "oledb"
    } else if kvs.has(&["accountendpoint"]) {
        c.engine = Some(Engine::CosmosDb);
        "cosmos"
    } else {
        if kvs.has(&[
            "initial catalog",
            "data source",
            "trustservercertificate",
            "multipleactiveresultsets",
            "integrated security",
        ]) {
            c.engine = c.engine.or(Some(Engine::SqlServer));
        }
        if kvs.has(&["username"]) && kvs.has(&["host"]) {
            c.engine = c.engine.or(Some(Engine::PostgreSql)); // Npgsql spelling
        }
        "ado"
    });
    out.push(c);
}

/// Line-oriented formats where a bare value runs to the end of the line.
fn line_values_of(lpath: &str) -> assign::LineValues {
    let name = lpath.rsplit(['/', '\\']).next().unwrap_or(lpath);
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let env_like = name == ".env" || name.starts_with(".env.") || name.ends_with(".env");
    let eq = env_like
        || matches!(
            ext,
            "properties" | "ini" | "cfg" | "conf" | "cnf" | "dsn" | "toml"
        );
    let colon = matches!(ext, "yml" | "yaml" | "properties");
    assign::LineValues { equals: eq, colon }
}

/// Which escapes of the host file apply to values read from it.
#[derive(Clone, Copy)]
struct Escapes {
    c: bool,
    xml: bool,
}

/// Files whose values carry XML entities (`&amp;`), by name.
pub fn is_xml(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    [
        ".xml",
        ".config",
        ".dtsconfig",
        ".csproj",
        ".vbproj",
        ".props",
        ".targets",
        ".pubxml",
        ".resx",
        ".xaml",
        ".wsdl",
        ".xsd",
        ".udl",
    ]
    .iter()
    .any(|e| p.ends_with(e))
}

/// Undo `\\`, `\"`, `\'` and `\/` escapes.
fn unescape_c(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(n @ ('\\' | '"' | '\'' | '/')) => out.push(n),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `tcp:host,1433` / `host\INST` / `host:5432` -> (host, port)
fn split_server(v: &str) -> (String, Option<u16>) {
    let v = v.trim();
    let port = v
        .rsplit_once(',')
        .and_then(|(_, p)| p.trim().parse().ok())
        .or_else(|| {
            let stripped = v.strip_prefix("tcp:").unwrap_or(v);
            (stripped.matches(':').count() == 1)
                .then(|| stripped.rsplit_once(':').and_then(|(_, p)| p.parse().ok()))
                .flatten()
        });
    (host::normalize_host(v), port)
}

fn uri_candidate(
    ri: usize,
    spec: &UriSpec,
    text: &[u8],
    hit: usize,
    hi: usize,
    out: &mut Vec<Candidate>,
) {
    let Some(scheme) = uri::scheme_before(text, hit) else {
        return;
    };
    // JDBC URLs belong to their own rule
    if scheme.start >= 5 && text[scheme.start - 5..scheme.start].eq_ignore_ascii_case(b"jdbc:") {
        return;
    }
    let s = String::from_utf8_lossy(&text[scheme.clone()]).to_ascii_lowercase();
    // `postgresql+asyncpg`, `db+postgresql` (Celery), `mysql2` (Rails)
    let Some(base) = s
        .split('+')
        .map(|p| p.trim_end_matches(|c: char| c.is_ascii_digit()))
        .find(|p| spec.schemes.iter().any(|x| x == p))
    else {
        return;
    };
    let Some(u) = uri::parse_at(text, hit, hi) else {
        return;
    };
    let (secret, span) = match (&u.password, u.query_param(&["password"]), &u.user_span) {
        (Some((p, span)), _, _) => (p.clone(), span.clone()),
        (None, Some((_, v, span)), _) => (v.clone(), span.clone()),
        // Redis clients (Lettuce, Symfony, Predis) read `redis://secret@host`
        // as a password without a user name
        (None, None, Some(span))
            if matches!(base, "redis" | "rediss" | "valkey" | "keydb" | "dragonfly") =>
        {
            let user = u.user.clone().unwrap_or_default();
            if user.is_empty() || user == "default" {
                return;
            }
            (user, span.clone())
        }
        _ => return,
    };
    let mut c = Candidate::new(ri, span, secret);
    c.claim = u.span.clone();
    c.user = u
        .user
        .clone()
        .filter(|x| u.password.is_some() || *x != c.secret)
        .filter(|x| !x.is_empty())
        .or_else(|| u.query_param(&["user", "username"]).map(|q| q.1.clone()));
    c.host = u.host.clone();
    c.port = u.port;
    // go-mssqldb and others name the database in the query
    c.database = u.database.clone().or_else(|| {
        u.query_param(&["database", "dbname"])
            .map(|q| q.1.clone())
            .filter(|d| !d.is_empty())
    });
    c.engine = Engine::from_word(base);
    c.kind = Some("uri");
    out.push(c);
}

fn jdbc_candidate(ri: usize, text: &[u8], hit: usize, hi: usize, out: &mut Vec<Candidate>) {
    let Some(j) = jdbc::parse_at(text, hit, hi) else {
        return;
    };
    let Some((secret, span)) = j.password else {
        return;
    };
    let mut c = Candidate::new(ri, span, secret);
    c.claim = j.span.clone();
    c.user = j.user;
    c.host = j.host;
    c.port = j.port;
    c.database = j.database;
    c.engine = Engine::from_word(&j.subprotocol);
    c.kind = Some("jdbc");
    out.push(c);
}

#[allow(clippy::too_many_arguments)]
fn assign_candidate(
    ri: usize,
    spec: &AssignSpec,
    ctx: &mut FileCtx<'_>,
    a: &assign::Assignment,
    lo: usize,
    hi: usize,
    seen: &mut HashSet<(usize, usize)>,
    out: &mut Vec<Candidate>,
) {
    let text = ctx.text;
    if a.value.trim().is_empty() {
        return;
    }
    // context is read from nearby lines, but never more than this many bytes
    // around the key, however long the line
    let lo = lo.max(a.key_span.start.saturating_sub(CONTEXT_BYTES));
    let hi = hi.min(a.value_span.end + CONTEXT_BYTES);
    if !seen.insert((ri, a.key_span.start)) {
        return;
    }
    let name = snake_name(a.name());
    if spec.name.as_ref().is_some_and(|r| !r.is_match(&name)) {
        return;
    }
    if spec
        .name_exclude
        .as_ref()
        .is_some_and(|r| r.is_match(&name))
    {
        return;
    }
    let (ls, le) = line_bounds(text, a.key_span.start, lo, hi);
    if spec
        .veto
        .as_ref()
        .is_some_and(|r| r.is_match(&text[ls..le]))
    {
        return;
    }
    let literal_ok = a.quoted
        || match spec.literal {
            Literal::Quoted => false,
            Literal::Any => true,
            // in code a bare value is an expression, unless the whole
            // assignment sits inside a string (`sh "PGPASSWORD=x pg_dump"`)
            // (not in a notebook, whose code cells are all JSON strings)
            Literal::Auto => {
                ctx.class != FileClass::Code
                    || (!ctx.path.ends_with(".ipynb")
                        && !a.value.contains(['(', '{', '$'])
                        && inside_string(text, ls, a.key_span.start, a.key_span.end))
            }
        };
    if !literal_ok {
        return;
    }
    // a bare `ENV.fetch(` or `config[` is a call or lookup, not a value
    if !a.quoted && a.value.ends_with(['(', '[']) {
        return;
    }
    if let Some(f) = &spec.file {
        let r = *ctx.file_checks[ri].get_or_insert_with(|| f.is_match(text));
        if !r {
            return;
        }
    }
    let needs_path = spec.path.is_some()
        || spec.context.is_some()
        || spec.base64_parent.is_some()
        || spec.path_exclude.is_some();
    let ancestors = if needs_path {
        assign::ancestors(text, ls, le, lo, 200)
    } else {
        Vec::new()
    };
    let mut dotted = String::new();
    for (k, _) in &ancestors {
        dotted.push_str(k);
        dotted.push('.');
    }
    dotted.push_str(&a.key);
    if spec.path.as_ref().is_some_and(|r| !r.is_match(&dotted)) {
        return;
    }
    // exclusions name the system the key belongs to, never the key itself
    let parent = dotted.rsplit_once('.').map_or("", |(p, _)| p);
    if spec
        .path_exclude
        .as_ref()
        .is_some_and(|r| r.is_match(parent))
    {
        return;
    }
    if let Some(cx) = &spec.context {
        let by_path = spec
            .path_context
            .as_ref()
            .is_some_and(|r| r.is_match(&dotted));
        let ok = by_path
            || match spec.context_scope {
                ContextScope::File => *ctx.file_checks[ri].get_or_insert_with(|| cx.is_match(text)),
                ContextScope::Lines => {
                    let (ws, we) = lines_around(text, ls, le, lo, hi, 8, 3);
                    cx.is_match(dotted.as_bytes())
                        || cx.is_match(&text[ws..we])
                        || ancestors.iter().any(|(_, r)| cx.is_match(&text[r.clone()]))
                }
            };
        if !ok {
            return;
        }
    }
    let mut secret = a.value.clone();
    if ctx.xml && a.quoted && secret.contains('&') {
        secret = assign::xml_unescape(secret.as_bytes());
    }
    if is_compose_file(ctx.path) {
        secret = secret.replace("$$", "$"); // compose's escape for a literal `$`
    }
    if let Some(parent) = &spec.base64_parent {
        if ancestors.last().is_some_and(|(k, _)| k == parent) {
            let raw = secret.trim();
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(raw)
                .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(raw));
            match decoded {
                Ok(d) => {
                    secret = String::from_utf8_lossy(&d)
                        .trim_end_matches(['\n', '\r'])
                        .to_string()
                }
                Err(_) => return,
            }
        }
    }
    let mut inner: Option<Finding> = None;
    if secret.contains("://") || secret.contains(';') {
        // a whole connection string as the value (a k8s Secret's
        // DATABASE_URL): the password inside it is the secret
        inner = scan_text(
            ctx.set,
            "value.txt",
            "value.txt",
            secret.as_bytes(),
            &ScanOptions {
                nested: true,
                ..ScanOptions::default()
            },
        )
        .into_iter()
        .next();
        match &inner {
            Some(f) => secret = f.secret.expose().to_string(),
            None if !name.contains("pass") && !name.contains("pwd") => return,
            None => {}
        }
    } else if !name.contains("pass") && !name.contains("pwd") && !name.contains("key") {
        return;
    }
    let mut c = Candidate::new(ri, a.value_span.clone(), secret);
    if let Some(f) = inner {
        c.host = f.host;
        c.user = f.user;
        c.port = f.port;
        c.database = f.database;
        c.engine = f.engine;
    }
    c.engine = c.engine.or_else(|| Engine::from_word(&name)).or_else(|| {
        ancestors
            .iter()
            .rev()
            .find_map(|(k, _)| Engine::from_word(k))
    });
    enrich(&mut c, text, ls, le, lo, hi);
    out.push(c);
}

/// The byte range of `before` lines above and `after` lines below a line.
fn lines_around(
    s: &[u8],
    ls: usize,
    le: usize,
    lo: usize,
    hi: usize,
    before: usize,
    after: usize,
) -> (usize, usize) {
    let mut a = ls;
    for _ in 0..before {
        if a <= lo {
            break;
        }
        a = memchr::memrchr(b'\n', &s[lo..a - 1]).map_or(lo, |i| lo + i + 1);
    }
    let mut b = le;
    for _ in 0..after {
        if b >= hi {
            break;
        }
        b = memchr::memchr(b'\n', &s[b + 1..hi]).map_or(hi, |i| b + 1 + i);
    }
    (a, b)
}

/// In XML, a value cut at the `;` of an entity (`Ab&amp;cd`) goes on to
/// the real end of the value. Returns the new end.
fn extend_over_entities(text: &[u8], a: usize, mut b: usize, hi: usize) -> usize {
    loop {
        let amp = text[a..b].iter().rposition(|&c| c == b'&').map(|i| a + i);
        let Some(amp) = amp.filter(|&i| b - i <= 8) else {
            return b;
        };
        if text.get(b) != Some(&b';') || kv::xml_entity_len(&text[amp..hi]) != Some(b + 1 - amp) {
            return b;
        }
        b += 1;
        while b < hi
            && !matches!(
                text[b],
                b',' | b';' | b'"' | b'\'' | b'<' | b'>' | b' ' | b'\t' | b'\r' | b'\n'
            )
        {
            b += 1;
        }
    }
}

fn run_patterns(
    ri: usize,
    spec: &crate::rules::RegexSpec,
    text: &[u8],
    lo: usize,
    hi: usize,
    xml: bool,
    out: &mut Vec<Candidate>,
) {
    let hay = &text[lo..hi];
    if !spec.may_match(hay) {
        return;
    }
    for re in &spec.patterns {
        // most windows do not match: a plain search is much cheaper than a
        // captures search, which allocates
        if !re.is_match(hay) {
            continue;
        }
        for caps in re.captures_iter(hay) {
            let Some(m) = caps.name("secret") else {
                continue;
            };
            let (mut a, mut b) = (lo + m.start(), lo + m.end());
            if b - a >= 2 && matches!(text[a], b'"' | b'\'') && text[b - 1] == text[a] {
                a += 1;
                b -= 1;
            }
            if xml {
                b = extend_over_entities(text, a, b, hi.max(b).min(text.len()));
            }
            let mut secret = if xml && text[a..b].contains(&b'&') {
                assign::xml_unescape(&text[a..b])
            } else {
                String::from_utf8_lossy(&text[a..b]).into_owned()
            };
            if spec.unescape_backslash {
                secret = unescape_c(&secret.replace("\\:", ":"));
            }
            let mut c = Candidate::new(ri, a..b, secret);
            let group = |n: &str| {
                caps.name(n).map(|m| {
                    String::from_utf8_lossy(m.as_bytes())
                        .trim_matches(|ch| ch == '\'' || ch == '"' || ch == '[' || ch == ']')
                        .to_string()
                })
            };
            c.user = group("user");
            c.host = group("host");
            c.database = group("database");
            c.port = group("port").and_then(|p| p.parse().ok());
            if c.host.is_none() || c.user.is_none() || c.engine.is_none() {
                let (wlo, whi) = (
                    a.saturating_sub(CONTEXT_BYTES),
                    (b + CONTEXT_BYTES).min(text.len()),
                );
                let (ls, le) = line_bounds(text, a, wlo.max(lo), whi.min(hi.max(b)));
                enrich(&mut c, text, ls, le, wlo, whi);
            }
            out.push(c);
        }
    }
}

/// `sqlAdminPassword` -> `sql_admin_password`, `DbPassword` -> `db_password`,
/// `MySqlPassword` -> `mysql_password`, so one pattern serves every casing.
fn snake_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '-' || c == ' ' {
            out.push('_');
            continue;
        }
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    for (from, to) in [
        ("my_sql", "mysql"),
        ("postgre_sql", "postgresql"),
        ("mongo_db", "mongodb"),
        ("maria_db", "mariadb"),
        ("cosmos_db", "cosmosdb"),
        ("pass_word", "password"),
    ] {
        if out.contains(from) {
            out = out.replace(from, to);
        }
    }
    out
}

/// Is `at` inside a string literal that opened earlier on its line?
fn inside_string(text: &[u8], ls: usize, at: usize, key_end: usize) -> bool {
    let mut quote: Option<u8> = None;
    let mut i = ls;
    while i < at {
        let b = text[i];
        match quote {
            Some(_) if b == b'\\' => i += 1,
            Some(q) if b == q => quote = None,
            None if b == b'"' || b == b'\'' => quote = Some(b),
            _ => {}
        }
        i += 1;
    }
    // a quoted key (`"PASSWORD": ...`) is not a string around the assignment
    quote.is_some()
        && !(at > ls && Some(text[at - 1]) == quote && text.get(key_end).copied() == quote)
}

/// Test, example and documentation trees: findings there are still
/// reported (people paste real passwords into them), with lower confidence.
fn is_example_path(path: &str) -> bool {
    const DIRS: &[&str] = &[
        "test",
        "tests",
        "testdata",
        "test-data",
        "spec",
        "specs",
        "example",
        "examples",
        "sample",
        "samples",
        "doc",
        "docs",
        "fixture",
        "fixtures",
        "mock",
        "mocks",
        "__tests__",
        "testing",
    ];
    let mut parts: Vec<&str> = path.split(['/', '\\']).collect();
    parts.pop(); // the file name itself
    parts
        .iter()
        .any(|p| DIRS.contains(&p.to_ascii_lowercase().as_str()))
        || path.rsplit(['/', '\\']).next().is_some_and(|n| {
            let n = n.to_ascii_lowercase();
            n.contains("example")
                || n.contains(".sample")
                || n.starts_with("test_")
                || n.contains("_test.")
                || n.contains(".test.")
                || n.contains(".spec.")
        })
}

fn is_compose_file(path: &str) -> bool {
    let name = path
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(path)
        .to_ascii_lowercase();
    (name.starts_with("docker-compose") || name.starts_with("compose"))
        && (name.ends_with(".yml") || name.ends_with(".yaml"))
}

fn indent(s: &[u8], ls: usize, le: usize) -> usize {
    s[ls..le]
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count()
}

/// The lines of the block a key belongs to: up and down from its line
/// (at most `max` lines each way), stopping at a line indented less than
/// it. In a flat file (.env, properties) that is simply the lines around.
fn block_around(
    s: &[u8],
    ls: usize,
    le: usize,
    lo: usize,
    hi: usize,
    max: usize,
) -> (usize, usize) {
    let key_indent = indent(s, ls, le);
    let mut a = ls;
    for _ in 0..max {
        if a <= lo {
            break;
        }
        let pe = a - 1;
        let ps = memchr::memrchr(b'\n', &s[lo..pe]).map_or(lo, |i| lo + i + 1);
        if s[ps..pe].iter().any(|b| !b.is_ascii_whitespace()) && indent(s, ps, pe) < key_indent {
            break;
        }
        a = ps;
    }
    let mut b = le;
    for _ in 0..max {
        if b >= hi {
            break;
        }
        let ns = b + 1;
        let ne = memchr::memchr(b'\n', &s[ns..hi]).map_or(hi, |i| ns + i);
        if s[ns..ne].iter().any(|c| !c.is_ascii_whitespace()) && indent(s, ns, ne) < key_indent {
            break;
        }
        b = ne;
    }
    (a, b)
}

/// Fill in host, user and engine from the keys of the same block
/// (`host:`, `User=`, `ENGINE`), preferring the nearest one.
fn enrich(c: &mut Candidate, text: &[u8], ls: usize, le: usize, lo: usize, hi: usize) {
    static HOST: OnceLock<Regex> = OnceLock::new();
    static USER: OnceLock<Regex> = OnceLock::new();
    static ENGINE: OnceLock<Regex> = OnceLock::new();
    let host = HOST.get_or_init(|| {
        Regex::new(
            r#"(?i)(?:^|[^a-z])(?:[a-z]+_)?(?:host|hostname|server|address|data source|datasource)["']?\s*(?:=>|[:=])\s*["']?(?P<v>[A-Za-z0-9_.\-:\[\]\\()]+)"#,
        )
        .expect("static regex")
    });
    let user = USER.get_or_init(|| {
        Regex::new(r#"(?i)(?:^|[^a-z])(?:[a-z]+_)?(?:user|username|user_name|userid|user id|uid|login)["']?\s*(?:=>|[:=])\s*["']?(?P<v>[A-Za-z0-9_.@\-\\]+)"#)
            .expect("static regex")
    });
    let engine = ENGINE.get_or_init(|| {
        Regex::new(r"(?i)(?:^|[^a-z])(?P<v>postgres|postgresql|mysql|mariadb|mssql|sqlserver|sql server|oracle|mongodb|mongo|redis|cockroach|clickhouse|db2)(?:[^a-z]|$)")
            .expect("static regex")
    });
    let (ws, we) = block_around(text, ls, le, lo, hi, 10);
    let hay = &text[ws..we];
    let nearest = |re: &Regex, ok: &dyn Fn(&str) -> bool| -> Option<String> {
        re.captures_iter(hay)
            .filter_map(|m| {
                m.name("v").map(|v| {
                    (
                        v.start(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
            })
            .filter(|(_, v)| ok(v))
            .min_by_key(|(at, _)| (ws + at).abs_diff(ls))
            .map(|(_, v)| v)
    };
    let good =
        |v: &str| !v.is_empty() && !v.starts_with(['$', '{', '%', '<']) && judge::judge(v).is_ok();
    if c.host.is_none() {
        c.host = nearest(host, &|v| {
            good(v) && v.contains(|ch: char| ch.is_ascii_alphabetic() || ch == '.')
        });
    }
    if c.user.is_none() {
        c.user = nearest(user, &|v| good(v));
    }
    if c.engine.is_none() {
        c.engine = nearest(engine, &|_| true).and_then(|w| Engine::from_word(&w));
    }
}

/// Judge, deduplicate, and turn candidates into findings.
fn finish(
    set: &RuleSet,
    ctx: &FileCtx<'_>,
    fp_path: &dyn Fn() -> String,
    cands: Vec<Candidate>,
    opts: &ScanOptions,
) -> Vec<Finding> {
    if cands.is_empty() {
        return Vec::new();
    }
    // The most specific rule claims a span first, then its value is judged:
    // a placeholder that a specific rule understood (a base64 `changeme`)
    // must not come back as a finding of a more generic rule.
    // empty values still claim their text (`Password=&quot;&quot;`), then fail the judge
    let mut cands = cands;
    for c in &mut cands {
        // `${DB_PASSWORD:-s3cret}`: the default is a literal password
        if let Some((off, len)) = judge::reference_default(&c.secret) {
            if ctx.text.get(c.span.clone()) == Some(c.secret.as_bytes()) {
                c.span = c.span.start + off..c.span.start + off + len;
            }
            c.secret = c.secret[off..off + len].to_string();
        }
    }
    cands.sort_by(|a, b| {
        set.rules[b.rule]
            .priority
            .cmp(&set.rules[a.rule].priority)
            .then(a.span.start.cmp(&b.span.start))
    });
    // Claimed regions, keyed by start; they rarely overlap each other, so
    // looking at the few regions that start just before a candidate's end
    // decides overlap in logarithmic time.
    // Every value that looks like a secret is redacted in snippets, whether
    // or not its candidate wins: a losing rule's secret is still a secret.
    let mut spans: Vec<(Range<usize>, Secret)> = cands
        .iter()
        .filter(|c| judge::judge(&c.secret).is_ok())
        .map(|c| (c.span.clone(), Secret::new(c.secret.clone())))
        .collect();
    spans.sort_by_key(|(r, _)| (r.start, r.end));
    // overlapping spans merge into one covering both, so that a shorter
    // reading of a secret never leaves the rest of it visible
    spans.dedup_by(|later, kept| {
        if later.0.start < kept.0.end {
            if later.0.end > kept.0.end {
                kept.0.end = later.0.end;
                kept.1 = later.1.clone();
            }
            true
        } else {
            false
        }
    });
    let mut claimed: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut kept: Vec<Candidate> = Vec::new();
    for c in cands {
        let own = c.claim.start.min(c.span.start)..c.claim.end.max(c.span.end);
        // secrets of one connection string share its claim: they block each
        // other only where their spans overlap
        let blocked = claimed
            .range(..c.span.end)
            .rev()
            .take(8)
            .any(|(&start, &end)| end > c.span.start && !(start == own.start && end == own.end))
            || taken
                .range(..c.span.end)
                .next_back()
                .is_some_and(|(_, &end)| end > c.span.start);
        if !blocked {
            let e = claimed.entry(own.start).or_insert(own.end);
            *e = (*e).max(own.end);
            taken.insert(c.span.start, c.span.end);
            kept.push(c);
        }
    }
    kept.retain(|c| judge::judge(&c.secret).is_ok());
    kept.sort_by_key(|c| c.span.start);
    if kept.is_empty() {
        return Vec::new();
    }
    let fp_path = &fp_path();
    let example = is_example_path(fp_path);
    let mut lines = LineCounter::new(ctx.text);
    // the same secret repeated in a file is fingerprinted once
    let mut fingerprints: std::collections::HashMap<(usize, String), String> =
        std::collections::HashMap::new();
    kept.into_iter()
        .map(|c| {
            let rule: &Rule = &set.rules[c.rule];
            let (line, column) = lines.position(c.span.start);
            let (end_line, end_column) = lines.position(c.span.end);
            let info = c.host.as_deref().map(host::classify);
            let service = info.as_ref().and_then(|i| i.service);
            let engine = c
                .engine
                .or(service.map(Engine::from_service))
                .or(c.port.and_then(Engine::from_port));
            let severity = severity(rule, &c.secret, info.as_ref());
            let snippet = snippet(ctx.text, &c.span, &spans, opts.show_secrets, &c.secret);
            let confidence = if ctx.class == FileClass::Docs || example {
                rule.confidence.lower()
            } else {
                rule.confidence
            };
            let source = (!opts.nested).then(|| source_of(ctx.text, &c));
            Finding {
                path: ctx.path.to_string(),
                line,
                column,
                end_line,
                end_column,
                rule: rule.id.clone(),
                kind: c.kind.unwrap_or(rule.kind.as_str()).to_string(),
                engine,
                host: c
                    .host
                    .clone()
                    .map(|h| host::normalize_host(&h))
                    .filter(|h| !h.is_empty()),
                port: c.port,
                database: c.database,
                service,
                cloud: info.as_ref().and_then(|i| i.cloud),
                // a user name that is the password itself (`postgres:postgres`)
                // is shown as redacted as the password
                user: c.user.filter(|u| !u.is_empty()).map(|u| {
                    if u == c.secret {
                        Secret::new(u).redacted()
                    } else {
                        u
                    }
                }),
                fingerprint: if opts.nested {
                    String::new()
                } else {
                    fingerprints
                        .entry((c.rule, c.secret.clone()))
                        .or_insert_with(|| fingerprint(&rule.id, fp_path, &c.secret))
                        .clone()
                },
                secret: Secret::new(c.secret),
                severity,
                confidence,
                snippet,
                encoding: opts.encoding,
                remediation: None,
                provenance: None,
                credential: String::new(),
                source,
            }
        })
        .collect()
}

/// The raw text a remediation is built from: the claimed string and the line.
fn source_of(text: &[u8], c: &Candidate) -> crate::finding::Source {
    let raw =
        |r: &Range<usize>| Secret::new(String::from_utf8_lossy(&text[r.clone()]).into_owned());
    let claim = c.claim.start.min(c.span.start)..c.claim.end.max(c.span.end).min(text.len());
    let ls = memchr::memrchr(b'\n', &text[..c.span.start]).map_or(0, |i| i + 1);
    let mut le =
        memchr::memchr(b'\n', &text[c.span.start..]).map_or(text.len(), |i| c.span.start + i);
    if le > ls && text[le - 1] == b'\r' {
        le -= 1;
    }
    // a minified file's one huge line is not kept: edits need only the claim
    let (ls, le) = if le - ls > 16 * 1024 {
        (claim.start, claim.end)
    } else {
        (ls, le)
    };
    crate::finding::Source {
        claim_text: raw(&claim),
        claim,
        secret: c.span.clone(),
        line_text: raw(&(ls..le)),
        line: ls..le,
    }
}

/// Severity from where the database lives and what the password is.
fn severity(rule: &Rule, secret: &str, info: Option<&host::HostInfo>) -> Severity {
    if judge::is_well_known_default(secret) {
        return Severity::Low;
    }
    match info {
        Some(i) if i.service.is_some() => Severity::High,
        Some(i) => match i.locality {
            Locality::Local => Severity::Low,
            Locality::Private => Severity::Medium,
            Locality::Public => Severity::High,
        },
        None => rule.severity,
    }
}

const SNIPPET_SIDE: usize = 80;

/// The line around `span`, every secret on it redacted (unless shown).
/// The same value elsewhere on the shown part of the line (a password
/// repeated, a user named like it, a key that spells it) is redacted too:
/// a snippet never contains a secret of four characters or more.
fn snippet(
    text: &[u8],
    span: &Range<usize>,
    all: &[(Range<usize>, Secret)],
    show: bool,
    own: &str,
) -> String {
    // only the neighbourhood is searched for the line's ends: a 10 MB line
    // with many secrets must not be walked once per secret
    let lo = span.start.saturating_sub(SNIPPET_SIDE + 1);
    let hi = (span.end + SNIPPET_SIDE + 1).min(text.len());
    let (ls, le) = line_bounds(text, span.start, lo, hi);
    let mut a = floor_char(text, span.start.saturating_sub(SNIPPET_SIDE).max(ls));
    let mut b = floor_char(text, (span.end + SNIPPET_SIDE).min(le));
    // a secret that straddles the window's edge is cut off, not shown in part
    let first = all.partition_point(|(r, _)| r.end <= a);
    let limit = b;
    for (r, _) in all[first..].iter().take_while(|(r, _)| r.start < limit) {
        if r.start < a {
            a = r.end;
        }
        if r.end > b {
            b = r.start;
        }
    }
    let b = b.max(a);
    let mut out = String::new();
    if a > 0 && text[a - 1] != b'\n' {
        out.push('…');
    }
    let mut pos = a;
    // `all` is sorted by start: only the spans inside [a, b) are visited
    let first = all.partition_point(|(r, _)| r.start < a);
    for (r, s) in all[first..]
        .iter()
        .take_while(|(r, _)| r.start < b)
        .filter(|(r, _)| r.end <= b)
    {
        if r.start < pos {
            continue;
        }
        out.push_str(&String::from_utf8_lossy(&text[pos..r.start]));
        out.push_str(&s.render(show));
        pos = r.end;
    }
    out.push_str(&String::from_utf8_lossy(&text[pos..b]));
    if b < text.len() && !matches!(text[b], b'\n' | b'\r') {
        out.push('…');
    }
    if !show {
        let near = all.partition_point(|(r, _)| r.end <= a);
        let mut values: Vec<&str> = all[near..]
            .iter()
            .take_while(|(r, _)| r.start < b)
            .map(|(_, s)| s.expose())
            .chain([own])
            .filter(|v| v.chars().count() >= 4)
            .collect();
        values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        values.dedup();
        for v in values {
            if out.contains(v) {
                out = out.replace(v, &Secret::new(v).redacted());
            }
        }
    }
    out.trim().trim_end_matches('\r').to_string()
}

/// Move forward to the start of a UTF-8 sequence.
/// (At most three steps: further back or on is not UTF-8 anyway.)
fn ceil_char(text: &[u8], mut i: usize) -> usize {
    let stop = i + 3;
    while i < text.len() && i < stop && (text[i] & 0xC0) == 0x80 {
        i += 1;
    }
    i
}

/// Back off to the start of a UTF-8 sequence.
fn floor_char(text: &[u8], mut i: usize) -> usize {
    let stop = i.saturating_sub(3);
    while i > stop && i < text.len() && (text[i] & 0xC0) == 0x80 {
        i -= 1;
    }
    i
}

/// The (line, column) of a byte offset, both 1-based, columns in characters,
/// as findings report them.
pub fn position(text: &[u8], offset: usize) -> (usize, usize) {
    LineCounter::new(text).position(offset)
}

/// Byte offset -> (line, column), both 1-based, columns in characters.
/// Offsets must be asked in increasing order of line for linear cost.
struct LineCounter<'a> {
    text: &'a [u8],
    pos: usize,
    line: usize,
    /// the column at `pos`
    col: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a [u8]) -> Self {
        LineCounter {
            text,
            pos: 0,
            line: 1,
            col: 1,
        }
    }

    /// Linear over a whole file when offsets come in increasing order, even
    /// with many findings on one very long line.
    fn position(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        if offset < self.pos {
            *self = LineCounter::new(self.text);
        }
        let chars = |b: &[u8]| b.iter().filter(|&&c| (c & 0xC0) != 0x80).count();
        let gap = &self.text[self.pos..offset];
        match memchr::memrchr(b'\n', gap) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', gap).count();
                self.col = 1 + chars(&gap[last + 1..]);
            }
            None => self.col += chars(gap),
        }
        self.pos = offset;
        (self.line, self.col)
    }
}

#[cfg(test)]
mod tests {

    fn scan(path: &str, text: &str) -> Vec<Finding> {
        let set = RuleSet::builtin().unwrap();
        scan_text(&set, path, path, text.as_bytes(), &ScanOptions::default())
    }

    /// Found by fuzzing: the same value elsewhere on the line was printed in
    /// clear next to its redacted occurrence.
    #[test]
    fn snippets_redact_every_occurrence_of_the_secret() {
        let f = scan(
            "run.sh",
            "export PGPASSWORD='Pg!Bkp-4410'; echo Pg!Bkp-4410 >> log\n",
        );
        assert_eq!(f.len(), 1);
        assert!(!f[0].snippet.contains("Pg!Bkp-4410"), "{}", f[0].snippet);
        let f = scan(
            "app.env",
            "DATABASE_URL=postgres://backup:backup@db.example.com/app\n",
        );
        assert_eq!(f.len(), 1);
        assert!(!f[0].snippet.contains("backup"), "{}", f[0].snippet);
    }

    /// Found by fuzzing: a value read up to the edge of the parsers' window
    /// could end in half a character.
    #[test]
    fn windows_end_on_character_boundaries() {
        for pad in 0..4 {
            let mut t = String::from("DB_PASSWORD=");
            t.push_str(&"x".repeat(pad));
            t.push_str(&"é".repeat(3000));
            t.push('\n');
            for f in scan("app.env", &t) {
                assert!(!f.secret.expose().contains('\u{FFFD}'));
            }
        }
        let text = "é".repeat(5000);
        let b = text.as_bytes();
        for i in 0..=b.len().min(64) {
            assert!(text.is_char_boundary(floor_char(b, i)));
            assert!(text.is_char_boundary(ceil_char(b, i)));
        }
    }

    use super::*;

    #[test]
    fn line_counter_handles_utf8_and_crlf() {
        let t = "a\r\nbé=x\nz".as_bytes();
        let mut lc = LineCounter::new(t);
        assert_eq!(lc.position(0), (1, 1));
        let x = t.iter().position(|&b| b == b'x').unwrap();
        assert_eq!(lc.position(x), (2, 4));
        assert_eq!(lc.position(t.len()), (3, 2));
        assert_eq!(lc.position(1), (1, 2));
    }

    #[test]
    fn names_in_every_casing() {
        assert_eq!(snake_name("sqlAdminPassword"), "sql_admin_password");
        assert_eq!(snake_name("DbPassword"), "db_password");
        assert_eq!(snake_name("MySqlPassword"), "mysql_password");
        assert_eq!(snake_name("DB_PASSWORD"), "db_password");
        assert_eq!(
            snake_name("administratorLoginPassword"),
            "administrator_login_password"
        );
        assert_eq!(
            snake_name("ME_CONFIG_MONGODB_ADMINPASSWORD"),
            "me_config_mongodb_adminpassword"
        );
        assert_eq!(snake_name("SQLPassword"), "sql_password");
        assert_eq!(snake_name("postgres-password"), "postgres_password");
    }

    #[test]
    fn strings_around_assignments() {
        let t = br#"sh "PGPASSWORD=x pg_dump" and "KEY": v"#;
        assert!(inside_string(t, 0, 4, 14));
        let k = t.iter().position(|&b| b == b'K').unwrap();
        assert!(!inside_string(t, 0, k, k + 3));
    }

    #[test]
    fn example_trees_are_recognised() {
        assert!(is_example_path("tests/data/app.env"));
        assert!(is_example_path("docs/setup/config.yml"));
        assert!(is_example_path("config/appsettings.example.json"));
        assert!(is_example_path("src/db_test.go"));
        assert!(!is_example_path("src/latest/config.yml"));
        assert!(!is_example_path("deploy/prod/.env"));
    }

    #[test]
    fn file_classes() {
        assert_eq!(FileClass::of("src/App.cs"), FileClass::Code);
        assert_eq!(FileClass::of("deploy/.env"), FileClass::Config);
        assert_eq!(FileClass::of("README.md"), FileClass::Docs);
        assert_eq!(FileClass::of("config/database.yml"), FileClass::Config);
    }
}
