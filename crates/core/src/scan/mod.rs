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
//! thread and tests can call it directly. [`file`] wraps it for whole
//! files: decoding, windows over large files, inline suppressions.

mod assignment;
mod candidates;
mod enrich;
mod file;
mod file_class;
mod finish;
mod inline;
pub mod judge;
mod patterns;
mod position;
mod prefilter;
#[cfg(test)]
mod props;
mod snippet;

pub use file::{
    scan_bytes, scan_file, scan_reader, FileScan, Listing, ReadFailure, CHUNK,
    MAX_FINDINGS_PER_FILE, OVERLAP,
};
pub use file_class::{is_xml, FileClass};
pub use inline::split_inline;
pub use position::position;

use crate::grammar::assign;
use crate::model::Finding;
use crate::rules::{Parser, RuleSet};
use crate::text::{ceil_char, floor_char, line_bounds, lines_around};
use candidates::Escapes;
use std::collections::HashSet;

#[derive(Clone, Debug, Default)]
pub struct ScanOptions {
    pub show_secrets: bool,
    /// an inner scan of a decoded value: its findings are not reported, so
    /// their (deliberately slow) fingerprints are not computed
    pub nested: bool,
    /// the file's encoding, recorded on its findings
    pub encoding: Option<crate::model::Encoding>,
    /// list at most this many findings (the first ones in the file); the
    /// rest are only counted. 0: no limit
    pub max_findings: usize,
    /// leave each finding's fingerprint empty, with the path it is keyed
    /// with in its source: the caller derives the fingerprints of many
    /// files together (see `fingerprint::pbkdf2_many`)
    pub defer_fingerprints: bool,
}

/// How far around a keyword hit the parsers may look.
pub(crate) const WINDOW: usize = 4096;
/// How far around a key its context (neighbouring keys, enclosing blocks) is read.
pub(super) const CONTEXT_BYTES: usize = 1536;

/// What the candidate builders of one file share.
struct FileCtx<'a> {
    pub(super) set: &'a RuleSet,
    pub(super) text: &'a [u8],
    pub(super) path: &'a str,
    pub(super) class: FileClass,
    /// per-rule cache of whole-file regex checks
    pub(super) file_checks: Vec<Option<bool>>,
    /// per-rule cache of whole-file vetoes
    pub(super) file_vetoes: Vec<Option<bool>>,
    /// string literals in this file use backslash escapes (JSON, C-like code)
    pub(super) c_escapes: bool,
    /// the file is XML, so values carry entities (`&amp;`)
    pub(super) xml: bool,
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
    scan_text_counted(set, display_path, fp_path, text, opts).0
}

/// [`scan_text_with`], also returning how many findings were left out by
/// `opts.max_findings` (counted before their fingerprints, snippets and
/// positions are computed, so a file of a million findings costs little
/// more than its first `max_findings`).
pub fn scan_text_counted(
    set: &RuleSet,
    display_path: &str,
    fp_path: &dyn Fn() -> String,
    text: &[u8],
    opts: &ScanOptions,
) -> (Vec<Finding>, usize) {
    let applies = set.applicable(display_path);
    let hits = match set.anchor_searcher(&applies) {
        Some(anchors) => prefilter::keyword_hits(set, &anchors, text),
        None => Vec::new(),
    };
    // most files of a tree: no keyword, and no rule that reads whole files
    if hits.is_empty() && !set.path_rules.iter().any(|&ri| applies.contains(ri)) {
        return (Vec::new(), 0);
    }
    let lpath = display_path.to_ascii_lowercase();
    let class = FileClass::of(display_path);
    let mut ctx = FileCtx {
        set,
        text,
        path: display_path,
        class,
        file_checks: vec![None; set.rules.len()],
        file_vetoes: vec![None; set.rules.len()],
        xml: is_xml(display_path),
        c_escapes: class == FileClass::Code
            || lpath.ends_with(".json")
            || lpath.ends_with(".ipynb"),
    };
    let mut cands = Vec::new();
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    // regex rules: the region already searched, so that dense keyword hits
    // on one long line run each pattern once, not once per hit
    let mut searched: Vec<usize> = vec![0; set.rules.len()];
    let line_values = file_class::line_values_of(&lpath);
    for m in hits {
        let (hit, hit_end) = (m.start(), m.end());
        // on character boundaries, so that no value read up to the edge of
        // the window ends in half a character
        let lo = ceil_char(text, hit.saturating_sub(WINDOW));
        let hi = floor_char(text, (hit_end + WINDOW).min(text.len())).max(hit_end);
        #[cfg(test)]
        work::add(hi - lo);
        // one assignment parse per hit, shared by every `assign` rule
        let mut assignment: Option<Option<assign::Assignment>> = None;
        let starts_word =
            hit == 0 || !(text[hit - 1].is_ascii_alphanumeric() || text[hit - 1] == b'_');
        for &ri in &set.keyword_rules[m.pattern().as_usize()] {
            let rule = &set.rules[ri];
            if !applies.contains(ri) || (rule.keywords_start_words && !starts_word) {
                continue;
            }
            match &rule.parser {
                Parser::Kv(spec) => {
                    // a string already parsed yielded every secret in it
                    // where every secret key is a keyword of the rule
                    // (`Password=`, `PWD =`, `keys_are_keywords`), each secret
                    // pair has a hit of its own, so a hit not followed by `=`
                    // proposes nothing new (most hits in code: `set_password(`,
                    // `password_hash`, `"password":`)
                    if hit >= searched[ri]
                        && (!spec.keys_are_keywords || followed_by_equals(text, hit_end))
                    {
                        if let Some(end) = candidates::kv_candidate(
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
                Parser::Uri(spec) => candidates::uri_candidate(ri, spec, text, hit, hi, &mut cands),
                Parser::Jdbc => candidates::jdbc_candidate(ri, text, hit, hi, &mut cands),
                Parser::Assign(spec) => {
                    if let Some(a) = assignment
                        .get_or_insert_with(|| assign::at_hit(text, hit, lo, hi, line_values))
                    {
                        assignment::assign_candidate(
                            ri, spec, &mut ctx, a, lo, hi, &mut seen, &mut cands,
                        );
                    }
                }
                Parser::Regex(spec) => {
                    if hit_end <= searched[ri] {
                        continue;
                    }
                    let floor = lo.max(searched[ri]).min(hit);
                    let (ls, le) = line_bounds(text, hit, floor, hi);
                    // a line longer than the window has no lines around it
                    // within reach: it is searched piece by piece, each
                    // piece once, as for a one-line rule
                    let clipped = (ls == floor && ls > 0 && text[ls - 1] != b'\n')
                        || (le == hi && hi < text.len() && text[hi] != b'\n');
                    let (ls, le) = if clipped {
                        (ls, le)
                    } else {
                        lines_around(text, ls, le, lo, hi, spec.lines_before, spec.lines_after)
                    };
                    #[cfg(test)]
                    {
                        work::add(le - ls);
                        work::add_patterns(le - ls);
                    }
                    patterns::run_patterns(ri, spec, text, ls, le, ctx.xml, &mut cands);
                    searched[ri] = if clipped || spec.lines_before + spec.lines_after == 0 {
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
                patterns::run_patterns(ri, spec, text, 0, text.len(), ctx.xml, &mut cands);
            }
        }
    }
    finish::finish(set, &ctx, fp_path, cands, opts)
}

/// Is the byte after `at`, past spaces and tabs, an `=`?
fn followed_by_equals(text: &[u8], at: usize) -> bool {
    text.get(at..)
        .and_then(|rest| rest.iter().find(|b| !matches!(b, b' ' | b'\t')))
        == Some(&b'=')
}

/// How many bytes the parsers were handed, per thread: the scanner's cost
/// model, so that a test can prove the work grows linearly with the input.
#[cfg(test)]
mod work {
    use std::cell::Cell;
    thread_local! {
        static BYTES: Cell<usize> = const { Cell::new(0) };
        static PATTERNS: Cell<usize> = const { Cell::new(0) };
    }
    pub fn add(n: usize) {
        BYTES.with(|b| b.set(b.get() + n));
    }
    pub fn take() -> usize {
        BYTES.with(|b| b.replace(0))
    }
    /// the bytes a regex rule's patterns were run over
    pub fn add_patterns(n: usize) {
        PATTERNS.with(|b| b.set(b.get() + n));
    }
    pub fn take_patterns() -> usize {
        PATTERNS.with(|b| b.replace(0))
    }
}

#[cfg(test)]
mod tests {
    use super::assignment::{inside_string, snake_name};
    use super::file_class::is_example_path;
    use super::position::LineCounter;
    use super::*;

    fn scan(path: &str, text: &str) -> Vec<Finding> {
        let set = RuleSet::builtin().unwrap();
        scan_text(&set, path, path, text.as_bytes(), &ScanOptions::default())
    }

    /// A keyword inside a value (`password_db`) is not a key: the pair is
    /// found from its own key's hit, whatever comes before it in the string.
    #[test]
    fn kv_secret_found_from_its_own_key_hit() {
        let f = scan(
            "App.config",
            "<add name=\"Db\" connectionString=\"Data Source=db.example.com;Initial Catalog=password_db;User ID=app;Password = Xk9#vLq2w;\" />\n",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].secret.expose(), "Xk9#vLq2w");
        assert!(!followed_by_equals(b"set_password(x)", 12));
        assert!(followed_by_equals(b"Password \t= x", 8));
    }

    /// A rule whose keywords start words is not woken where its keyword sits
    /// inside a word (the `pdo` of `dropdown`), and is where it begins one.
    #[test]
    fn keywords_that_start_words_wake_only_at_word_starts() {
        let rule = |start: bool| {
            let toml = format!(
                r#"
id = "t-word"
title = "t"
description = "t"
severity = "high"
confidence = "high"
kind = "code"
keywords = ["pdo"]
keywords_start_words = {start}
[regex]
patterns = ['(?i)pdo=(?P<secret>[A-Za-z0-9-]+)']
"#
            );
            RuleSet::new(vec![crate::rules::Rule::from_toml(&toml, "t.toml").unwrap()]).unwrap()
        };
        let found = |set: &RuleSet, text: &str| {
            scan_text(
                set,
                "a.php",
                "a.php",
                text.as_bytes(),
                &ScanOptions::default(),
            )
            .len()
        };
        let (word, anywhere) = (rule(true), rule(false));
        for text in [
            "x = pdo=Qx7-Lm2k-Zp9\n",
            "$pdo=Qx7-Lm2k-Zp9\n",
            "PDO=Qx7-Lm2k-Zp9\n",
            "é pdo=Qx7-Lm2k-Zp9\n",
        ] {
            assert_eq!(found(&word, text), 1, "{text}");
        }
        for text in [
            "dropdownpdo=Qx7-Lm2k-Zp9\n",
            "xpdo=Qx7-Lm2k-Zp9\n",
            "_pdo=Qx7-Lm2k-Zp9\n",
            "9PDO=Qx7-Lm2k-Zp9\n",
        ] {
            assert_eq!(found(&word, text), 0, "{text}");
        }
        assert_eq!(found(&anywhere, "xpdo=Qx7-Lm2k-Zp9\n"), 1);
        // on a line longer than the window, a hit inside a word takes no
        // window of its own, so it cannot swallow the start of a match
        // behind it (as a window ending inside the match would)
        for gap in [4_000, 4_085, 4_090, 4_095, 4_100] {
            let text = format!(
                "{} dropdown{}PDO=Qx7-Lm2k-Zp9{}",
                "x".repeat(5_000),
                " ".repeat(gap),
                " ".repeat(5_000)
            );
            assert_eq!(found(&word, &text), 1, "{gap}");
        }
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

    /// The worst case for the prefilter (a keyword everywhere on one long
    /// line): the bytes handed to the parsers grow in proportion to the
    /// input, however long the line.
    #[test]
    fn dense_keywords_on_one_line_cost_linear_work() {
        let set = RuleSet::builtin().unwrap();
        let mut cost = Vec::new();
        for n in [5_000, 20_000] {
            let line = "password=;pwd=;".repeat(n);
            work::take();
            let found = scan_text(
                &set,
                "a.txt",
                "a.txt",
                line.as_bytes(),
                &ScanOptions::default(),
            );
            assert!(found.is_empty());
            cost.push(work::take());
        }
        let ratio = cost[1] as f64 / cost[0] as f64;
        assert!(cost[0] > 0);
        assert!(
            (3.5..=4.5).contains(&ratio),
            "{cost:?}: 4x the input cost {ratio:.2}x"
        );
    }

    /// Rules whose patterns span lines (`lines_before`, `lines_after`) on
    /// one line longer than the window: each byte is handed to a parser a
    /// bounded number of times, not once per keyword near it (a 50 MB
    /// minified JSON line took 47 s when every hit re-read its whole window).
    #[test]
    fn dense_keywords_on_one_long_line_read_each_byte_a_few_times() {
        let set = RuleSet::builtin().unwrap();
        let line = r#"{"k":"password_hint","v":12345},"#.repeat(20_000);
        for path in [
            "a.json", "a.bicep", "a.tf", "a.sql", "a.md", "a.yaml", "a.cs",
        ] {
            work::take_patterns();
            scan_text(&set, path, path, line.as_bytes(), &ScanOptions::default());
            let per_byte = work::take_patterns() as f64 / line.len() as f64;
            assert!(
                per_byte < 4.0,
                "{path}: {per_byte:.1} bytes searched per input byte"
            );
        }
    }

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
        assert_eq!(snake_name("NEO4J_AUTH"), "neo4j_auth");
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
