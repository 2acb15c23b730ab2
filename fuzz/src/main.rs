//! A structure-aware mutation fuzzer for connleak's parsers and per-file
//! scanner that runs on the stable toolchain (see README.md).

use connleak_core::decode::{self as input, Decoded, Sniff, Utf16Decoder};
use connleak_core::grammar::{assign, jdbc, kv, uri};
use connleak_core::rules::RuleSet;
use connleak_core::scan::{scan_text, ScanOptions};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const TARGETS: &[&str] = &[
    "kv", "odbc", "jdbc", "uri", "assign", "decode", "scan", "config", "rule", "baseline",
];

/// Fragments spliced into inputs: the tokens these grammars turn on.
const DICT: &[&[u8]] = &[
    b"Password=",
    b"Pwd=",
    b"PWD={",
    b"}}",
    b"}",
    b"{",
    b";",
    b"=",
    b"==",
    b"\"",
    b"'",
    b"''",
    b"\"\"",
    b"\\\"",
    b"\\",
    b"&quot;",
    b"&amp;",
    b"&#",
    b"${DB_PASSWORD:-",
    b"${",
    b"%(",
    b"{0}",
    b"$\"",
    b"f\"",
    b"Server=tcp:x.database.windows.net,1433;",
    b"Data Source=db;User ID=sa;",
    b"Driver={ODBC Driver 18 for SQL Server};",
    b"host=db port=5432 user=u password=",
    b"jdbc:sqlserver://",
    b"jdbc:postgresql://",
    b"jdbc:oracle:thin:",
    b"jdbc:mysql://h:3306/db?user=u&password=",
    b";password={",
    b"postgres://",
    b"mongodb+srv://",
    b"redis://:",
    b"://",
    b"://u:p@",
    b"@",
    b"/",
    b":",
    b"?password=",
    b"&",
    b"%",
    b"%4",
    b"DB_PASSWORD=",
    b"password: ",
    b"  password: ",
    b"\n  ",
    b"\n- name: DB_PASSWORD\n  value: ",
    b"spring:\n  datasource:\n    password: ",
    b"<add key=\"DbPassword\" value=\"",
    b"'password' => '",
    b"\"password\": \"",
    b"[client]\npassword=",
    b"\r\n",
    b"\n",
    b"\r",
    b"\t",
    b" ",
    b"\0",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xFE\xFF",
    b"\x00\xD8",
    b"\xD8\x00",
    b"\x00\xDC",
    b"\xC3",
    b"\xE2\x82",
    b"\xF0\x9F\x98",
    b"\xC3\xA9",
    b"\xF0\x9F\x98\x80",
    b"\xFF",
    b"-p",
    b"sqlcmd -S db -U sa -P ",
    b"mysql -u root -p",
    b"IDENTIFIED BY '",
    b"requirepass ",
    b"define('DB_PASSWORD', '",
    b"new PDO(",
    b"@tcp(",
    b"AccountEndpoint=https://x.documents.azure.com:443/;AccountKey=",
];

const PATHS: &[&str] = &[
    "app.env",
    ".env",
    "config/database.yml",
    "deploy/secret.yaml",
    "appsettings.json",
    "Web.config",
    "src/Db.java",
    "src/db.py",
    "src/db.ts",
    "src/Db.cs",
    "main.tf",
    "main.bicep",
    "settings.php",
    "Dockerfile",
    "odbc.ini",
    "userlist.txt",
    ".pgpass",
    "redis.conf",
    "README.md",
    "db.properties",
    "docker-compose.yml",
    "script.sql",
    "deploy.sh",
    "x.ipynb",
];

/// xorshift64*: small, fast and reproducible from a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, seeds: &[Vec<u8>]) {
    let rounds = 1 + rng.below(8);
    for _ in 0..rounds {
        let len = input.len();
        match rng.below(14) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            1 => {
                let i = rng.below(len + 1);
                input.insert(i, rng.next() as u8);
            }
            2 if len > 0 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(16)).min(len);
                input.drain(a..b);
            }
            3..=6 => {
                let d = DICT[rng.below(DICT.len())];
                let i = rng.below(len + 1);
                input.splice(i..i, d.iter().copied());
            }
            7 if len > 0 => {
                // duplicate a range, sometimes many times (long lines, nesting)
                let a = rng.below(len);
                let b = (a + 1 + rng.below(64)).min(len);
                let piece = input[a..b].to_vec();
                let times = if rng.chance(8) {
                    1 + rng.below(2000)
                } else {
                    1
                };
                let at = rng.below(input.len() + 1);
                let mut rep = Vec::with_capacity(piece.len() * times);
                for _ in 0..times {
                    rep.extend_from_slice(&piece);
                }
                input.splice(at..at, rep);
            }
            8 if !seeds.is_empty() => {
                let s = &seeds[rng.below(seeds.len())];
                if !s.is_empty() {
                    let a = rng.below(s.len());
                    let b = (a + 1 + rng.below(256)).min(s.len());
                    let at = rng.below(input.len() + 1);
                    input.splice(at..at, s[a..b].iter().copied());
                }
            }
            9 if len > 0 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(32)).min(len);
                let up = rng.chance(2);
                for c in &mut input[a..b] {
                    *c = if up {
                        c.to_ascii_uppercase()
                    } else {
                        c.to_ascii_lowercase()
                    };
                }
            }
            10 if rng.chance(6) => {
                // re-encode as UTF-16 (with or without a BOM, either order)
                let text = String::from_utf8_lossy(input).into_owned();
                let le = rng.chance(2);
                let mut out = match (rng.chance(2), le) {
                    (true, true) => vec![0xFF, 0xFE],
                    (true, false) => vec![0xFE, 0xFF],
                    _ => vec![],
                };
                for u in text.encode_utf16() {
                    out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
                }
                *input = out;
            }
            11 if len > 0 => {
                input.truncate(rng.below(len));
            }
            12 if len > 1 => {
                // swap two ranges' bytes (move a quote or a brace elsewhere)
                let a = rng.below(len);
                let b = rng.below(len);
                input.swap(a, b);
            }
            _ => {
                let d = DICT[rng.below(DICT.len())];
                input.extend_from_slice(d);
            }
        }
        if input.len() > 1 << 20 {
            input.truncate(1 << 20);
        }
    }
}

fn set() -> &'static RuleSet {
    static SET: OnceLock<RuleSet> = OnceLock::new();
    SET.get_or_init(|| RuleSet::builtin().expect("built-in rules"))
}

/// A span must lie inside the input and, when the input is text, on
/// character boundaries (snippets and redaction slice by it).
fn check_span(what: &str, s: &[u8], r: &Range<usize>) {
    assert!(r.start <= r.end, "{what}: span {r:?} is reversed");
    assert!(r.end <= s.len(), "{what}: span {r:?} beyond {}", s.len());
    if let Ok(t) = std::str::from_utf8(s) {
        assert!(
            t.is_char_boundary(r.start) && t.is_char_boundary(r.end),
            "{what}: span {r:?} splits a character"
        );
    }
}

/// A random offset, on a character boundary when the input is text (the
/// callers' contract: offsets come from ASCII keywords and delimiters).
fn pos(rng: &mut Rng, s: &[u8]) -> usize {
    snap(s, rng.below(s.len() + 1).min(s.len()))
}

fn snap(s: &[u8], mut i: usize) -> usize {
    if let Ok(t) = std::str::from_utf8(s) {
        while !t.is_char_boundary(i) {
            i -= 1;
        }
    }
    i
}

/// Offsets where a keyword starts (case-insensitive), plus a few random ones.
fn hits(rng: &mut Rng, s: &[u8], words: &[&[u8]]) -> Vec<usize> {
    let lower = s.to_ascii_lowercase();
    let mut out = Vec::new();
    for w in words {
        let mut from = 0;
        while let Some(i) = find(&lower[from..], w) {
            out.push(from + i);
            from += i + 1;
            if out.len() > 64 {
                break;
            }
        }
    }
    for _ in 0..3 {
        out.push(pos(rng, s));
    }
    out
}

fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

fn check_kv(k: &kv::KvString, s: &[u8]) {
    check_span("kv string", s, &k.span);
    for p in &k.pairs {
        check_span("kv key", s, &p.key_span);
        check_span("kv value", s, &p.value_span);
    }
}

fn target_kv(rng: &mut Rng, s: &[u8]) {
    let terms = [None, Some(b'"'), Some(b'\''), Some(b'<'), Some(b'`')];
    for _ in 0..3 {
        let start = pos(rng, s);
        let end = snap(s, start + rng.below(s.len() + 1 - start));
        let term = terms[rng.below(terms.len())];
        check_kv(&kv::parse(s, start, end, term), s);
        check_kv(&kv::parse_libpq(s, start, end, term), s);
    }
    for hit in hits(rng, s, &[b"password", b"pwd", b"accountkey"]) {
        let lo = snap(s, hit.saturating_sub(4096));
        let hi = snap(s, (hit + 4096).min(s.len()));
        if let Some(k) = kv::find_around(s, hit, lo, hi) {
            check_kv(&k, s);
        }
    }
}

fn target_jdbc(rng: &mut Rng, s: &[u8]) {
    for at in hits(rng, s, &[b"jdbc:"]) {
        let end = snap(s, (at + 4096).min(s.len()));
        if let Some(j) = jdbc::parse_at(s, at, end) {
            check_span("jdbc url", s, &j.span);
            if let Some((_, r)) = &j.password {
                check_span("jdbc password", s, r);
            }
        }
    }
}

fn target_uri(rng: &mut Rng, s: &[u8]) {
    for sep in hits(rng, s, &[b"://"]) {
        if let Some(r) = uri::scheme_before(s, sep) {
            check_span("uri scheme", s, &r);
        }
        // the parser's contract: `sep` is where a `://` is
        if !s[sep..].starts_with(b"://") {
            continue;
        }
        let end = snap(s, (sep + 4096).min(s.len()));
        if let Some(u) = uri::parse_at(s, sep, end) {
            check_span("uri", s, &u.span);
            if let Some(r) = &u.user_span {
                check_span("uri user", s, r);
            }
            if let Some((_, r)) = &u.password {
                check_span("uri password", s, r);
            }
            for (_, _, r) in &u.query {
                check_span("uri query value", s, r);
            }
        }
    }
}

fn target_assign(rng: &mut Rng, s: &[u8]) {
    for hit in hits(rng, s, &[b"password", b"passwd", b"pwd", b"_pass", b"url"]) {
        let lo = snap(s, hit.saturating_sub(4096));
        let hi = snap(s, (hit + 4096).min(s.len())).max(hit);
        let lv = assign::LineValues {
            equals: rng.chance(2),
            colon: rng.chance(2),
        };
        if let Some(a) = assign::at_hit(s, hit, lo, hi, lv) {
            check_span("assign key", s, &a.key_span);
            check_span("assign value", s, &a.value_span);
            let ls = s[..a.key_span.start]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)
                .max(lo);
            let le = s[a.key_span.start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(s.len(), |i| a.key_span.start + i)
                .min(hi.max(a.key_span.start));
            for (_, r) in assign::ancestors(s, ls, le, lo, 200) {
                check_span("assign ancestor", s, &r);
            }
        }
    }
}

fn target_decode(rng: &mut Rng, s: &[u8]) {
    let whole = match input::decode(s) {
        Decoded::Text { bytes, .. } => Some(bytes.into_owned()),
        Decoded::Binary => None,
    };
    match input::sniff(s) {
        Sniff::Binary => assert!(whole.is_none(), "sniff and decode disagree"),
        Sniff::Utf8 { skip, .. } => {
            assert_eq!(whole.as_deref(), Some(&s[skip..]), "UTF-8 is used as it is")
        }
        Sniff::Utf16 { le, skip, .. } => {
            let whole = whole.expect("UTF-16 decodes");
            assert!(
                std::str::from_utf8(&whole).is_ok(),
                "UTF-16 decodes to UTF-8"
            );
            // decoding in pieces, as the walker does for large files, gives
            // the same text
            let body = &s[skip..];
            let mut d = Utf16Decoder::new(le);
            let mut out = Vec::new();
            let mut at = 0;
            while at < body.len() {
                let n = 1 + rng.below(7);
                let next = (at + n).min(body.len());
                d.push(&body[at..next], &mut out);
                at = next;
            }
            d.finish(&mut out);
            assert_eq!(out, whole, "chunked UTF-16 decoding differs");
        }
    }
}

fn target_scan(rng: &mut Rng, s: &[u8]) {
    let path = PATHS[rng.below(PATHS.len())];
    let text = match input::decode(s) {
        Decoded::Text { bytes, .. } => bytes.into_owned(),
        Decoded::Binary => s.to_vec(),
    };
    // fingerprints (PBKDF2, slow by design) are computed in one run of 16
    let opts = ScanOptions {
        nested: !rng.chance(16),
        ..ScanOptions::default()
    };
    let found = scan_text(set(), path, path, &text, &opts);
    let lines = text.iter().filter(|&&b| b == b'\n').count() + 1;
    for f in &found {
        assert!(f.line >= 1 && f.column >= 1, "positions are 1-based");
        assert!(f.line <= lines, "line {} of {lines}", f.line);
        assert!(
            (f.end_line, f.end_column) >= (f.line, f.column),
            "end before start"
        );
        let clear = f.secret.expose();
        let red = f.secret.redacted();
        assert!(red.ends_with("****"), "redacted form");
        let shown = red.trim_end_matches("****");
        assert!(
            shown.chars().count() <= 2,
            "redaction shows at most 2 characters"
        );
        assert!(clear.starts_with(shown), "redaction shows a prefix");
        // a secret long enough not to occur by chance must not be printed
        if clear.chars().count() >= 6 && !path.contains(clear) {
            assert!(
                !f.snippet.contains(clear),
                "snippet leaks the secret of {}",
                f.rule
            );
            let v = serde_json::to_value(f).expect("findings serialise");
            for k in ["secret", "snippet", "fingerprint"] {
                assert!(
                    !v[k].as_str().unwrap_or("").contains(clear),
                    "JSON `{k}` leaks the secret of {}",
                    f.rule
                );
            }
        }
    }
}

/// Words of the input (runs of 10 or more letters and digits) that an
/// error message about it must not contain: a loader names the line and
/// the key it expected, never what the file holds.
fn assert_not_quoted(what: &str, input: &[u8], message: &str) {
    // what follows `expected` is the loader's own vocabulary, so is the
    // regex or glob crate's description of a problem (in parentheses), and
    // a rule's id (letters, digits and dashes, checked first) names the rule
    let head = message.split("expected").next().unwrap_or(message);
    let head = match (head.rfind(" ("), head.trim_end().ends_with(')')) {
        (Some(i), true) => &head[..i],
        _ => head,
    };
    let head: String = {
        let mut out = String::new();
        let mut words = head.split(' ').peekable();
        while let Some(w) = words.next() {
            out.push_str(w);
            out.push(' ');
            if w == "rule" {
                words.next();
            }
        }
        out
    };
    let text = String::from_utf8_lossy(input);
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 10)
    {
        assert!(
            !head.contains(word),
            "the {what} loader quotes its input ({word:?}): {message}"
        );
    }
}

/// `.connleak.toml`: parse, never panic, never quote the file.
fn target_config(_rng: &mut Rng, s: &[u8]) {
    let text = String::from_utf8_lossy(s);
    if let Err(e) = connleak::config::parse(&text, "c.toml") {
        assert_not_quoted("config", s, &format!("{e:#}"));
    }
}

/// A rule file: parse, never panic, never quote the file.
fn target_rule(_rng: &mut Rng, s: &[u8]) {
    let text = String::from_utf8_lossy(s);
    if let Err(e) = connleak_core::rules::Rule::from_toml(&text, "r.toml") {
        assert_not_quoted("rule", s, &e.to_string());
    }
}

/// The baseline: load, never panic, never quote the file.
fn target_baseline(_rng: &mut Rng, s: &[u8]) {
    thread_local! {
        static FILE: std::cell::RefCell<Option<tempfile::NamedTempFile>> =
            const { std::cell::RefCell::new(None) };
    }
    FILE.with(|f| {
        let mut f = f.borrow_mut();
        let file = f.get_or_insert_with(|| tempfile::NamedTempFile::new().expect("temp file"));
        std::fs::write(file.path(), s).expect("write");
        if let Err(e) = connleak::baseline::Baseline::load(file.path()) {
            assert_not_quoted("baseline", s, &format!("{e:#}"));
        }
    });
}

fn run_target(name: &str, rng: &mut Rng, s: &[u8]) {
    match name {
        "kv" | "odbc" => target_kv(rng, s),
        "jdbc" => target_jdbc(rng, s),
        "uri" => target_uri(rng, s),
        "assign" => target_assign(rng, s),
        "decode" => target_decode(rng, s),
        "scan" => target_scan(rng, s),
        "config" => target_config(rng, s),
        "rule" => target_rule(rng, s),
        "baseline" => target_baseline(rng, s),
        other => panic!("unknown target {other}"),
    }
}

fn read_dir_files(dir: &Path, out: &mut Vec<Vec<u8>>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            read_dir_files(&p, out);
        } else if let Ok(b) = std::fs::read(&p) {
            if b.len() <= 64 << 10 {
                out.push(b);
            }
        }
    }
}

fn seeds(target: &str, here: &Path) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    read_dir_files(&here.join("corpus").join(target), &mut out);
    if target == "odbc" {
        read_dir_files(&here.join("corpus").join("kv"), &mut out);
    }
    for r in &set().rules {
        for ex in r.examples.iter().chain(&r.negative_examples) {
            out.push(ex.text.as_bytes().to_vec());
        }
    }
    if target == "scan" || target == "assign" || target == "decode" {
        read_dir_files(&here.join("..").join("fixtures"), &mut out);
    }
    if target == "rule" {
        read_dir_files(&here.join("..").join("rules"), &mut out);
    }
    out
}

fn hash(b: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    b.hash(&mut h);
    h.finish()
}

/// Run `target` until `secs` have passed; returns (executions, failures).
fn fuzz(target: &str, secs: u64, seed: u64, here: &Path) -> (u64, u64) {
    let corpus = seeds(target, here);
    assert!(!corpus.is_empty(), "no seeds for {target}");
    let mut rng = Rng(seed | 1);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let (mut execs, mut fails) = (0u64, 0u64);
    let crashes = here.join("crashes");
    let mut seen = std::collections::HashSet::new();
    while Instant::now() < deadline {
        // a few inputs (a megabyte of dense keywords) take seconds: check
        // the clock between every 8
        for _ in 0..8 {
            let mut input = corpus[rng.below(corpus.len())].clone();
            mutate(&mut rng, &mut input, &corpus);
            let mut inner = Rng(rng.next() | 1);
            let r = catch_unwind(AssertUnwindSafe(|| run_target(target, &mut inner, &input)));
            execs += 1;
            if r.is_err() {
                fails += 1;
                let where_ = LAST_PANIC.with(|l| l.borrow().clone());
                // one report per place and message shape (numbers vary)
                let key: String = where_.chars().filter(|c| !c.is_ascii_digit()).collect();
                if seen.insert(key) {
                    let _ = std::fs::create_dir_all(&crashes);
                    let file = crashes.join(format!("{target}-{:016x}", hash(&input)));
                    let _ = std::fs::write(&file, &input);
                    eprintln!(
                        "[{target}] FAILURE {where_}\n    input saved to {}",
                        file.display()
                    );
                }
            }
        }
    }
    (execs, fails)
}

thread_local! {
    static LAST_PANIC: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

fn replay(target: &str, dir: &Path) -> u64 {
    let mut inputs = Vec::new();
    read_dir_files(dir, &mut inputs);
    let mut fails = 0;
    for (i, input) in inputs.iter().enumerate() {
        for seed in 1..=16u64 {
            let mut rng = Rng(seed);
            if catch_unwind(AssertUnwindSafe(|| run_target(target, &mut rng, input))).is_err() {
                fails += 1;
                let where_ = LAST_PANIC.with(|l| l.borrow().clone());
                eprintln!("input {i}: {where_}");
                break;
            }
        }
    }
    println!(
        "{target}: replayed {} input(s), {fails} failing",
        inputs.len()
    );
    fails
}

fn main() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| info.payload().downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        // the message may quote input; keep only its first line, shortened
        let msg: String = msg.lines().next().unwrap_or("").chars().take(160).collect();
        LAST_PANIC.with(|l| *l.borrow_mut() = format!("{at}: {msg}"));
    }));
    let args: Vec<String> = std::env::args().skip(1).collect();
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let Some(target) = args.first().cloned() else {
        eprintln!("usage: connleak-fuzz TARGET|all|list [--seconds N] [--seed N] [--replay DIR]");
        std::process::exit(2);
    };
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let secs: u64 = opt("--seconds").and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed: u64 = opt("--seed").and_then(|s| s.parse().ok()).unwrap_or(0x5eed);
    if target == "list" {
        println!("{}", TARGETS.join("\n"));
        return;
    }
    let targets: Vec<&str> = if target == "all" {
        TARGETS.to_vec()
    } else if TARGETS.contains(&target.as_str()) {
        vec![target.as_str()]
    } else {
        eprintln!("unknown target {target}; known: {}", TARGETS.join(", "));
        std::process::exit(2);
    };
    let mut failed = 0;
    for t in targets {
        if let Some(dir) = opt("--replay") {
            failed += replay(t, Path::new(&dir));
            continue;
        }
        let start = Instant::now();
        let (execs, fails) = fuzz(t, secs, seed, &here);
        println!(
            "{t}: {execs} executions in {:.0} s ({:.0}/s), {fails} failing",
            start.elapsed().as_secs_f64(),
            execs as f64 / start.elapsed().as_secs_f64().max(0.001)
        );
        failed += fails;
    }
    if failed > 0 {
        std::process::exit(1);
    }
}
