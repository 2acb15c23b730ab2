//! Candidates from assignments (`DB_PASSWORD=..`, `password: ..`,
//! `"Password": ".."`, `.password("..")`): the rule's name, path, context
//! and literal checks, then the value (decoded where the format encodes it).

use super::candidates::Candidate;
use super::enrich::{block_around, enrich};
use super::file_class::{is_compose_file, FileClass};
use super::{scan_text, FileCtx, ScanOptions, CONTEXT_BYTES};
use crate::grammar::assign;
use crate::model::{Engine, Finding};
use crate::rules::{AssignSpec, ContextScope, Literal};
use crate::text::{line_bounds, lines_around};
use base64::Engine as _;
use std::collections::HashSet;

#[allow(clippy::too_many_arguments)]
pub(super) fn assign_candidate(
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
    if spec
        .raw_name
        .as_ref()
        .is_some_and(|r| !r.is_match(a.name().as_bytes()))
    {
        return;
    }
    let name = snake_name(a.name());
    if spec
        .name
        .as_ref()
        .is_some_and(|r| !r.is_match(name.as_bytes()))
    {
        return;
    }
    if spec
        .name_exclude
        .as_ref()
        .is_some_and(|r| r.is_match(name.as_bytes()))
    {
        return;
    }
    let (ls, le) = line_bounds(text, a.key_span.start, lo, hi);
    // inside a template action (`{{- $password := include .. }}`): code
    if let Some(open) = memchr::memmem::rfind(&text[ls..a.key_span.start], b"{{") {
        if memchr::memmem::find(&text[ls + open..a.key_span.start], b"}}").is_none() {
            return;
        }
    }
    let after_value = {
        let mut e = a.value_span.end;
        if a.quoted {
            e += 1; // the closing quote
        }
        let rest = &text[e.min(le)..le];
        let rest = rest.trim_ascii_start();
        rest
    };
    // `"pw" + suffix`, `'--password='.$x`: a literal glued to code is not
    // the password
    if a.quoted
        && (after_value.starts_with(b"+")
            || (after_value.starts_with(b".")
                && after_value[1..].trim_ascii_start().starts_with(b"$")))
    {
        return;
    }
    // `password: This value is taken from..`, `PASSWORD`: The password used
    // to connect: a description, not a setting
    if !a.quoted
        && a.value.bytes().all(|b| b.is_ascii_alphabetic())
        && after_value
            .split(|b| b.is_ascii_whitespace())
            .filter(|w| !w.is_empty() && w.iter().all(|b| b.is_ascii_alphabetic()))
            .count()
            >= 2
    {
        return;
    }
    if !a.quoted && super::judge::is_password_identifier(&a.value) {
        return;
    }
    // `password = await getPassword()`, `password = new Secret(..)`: code
    const CODE_WORDS: &[&str] = &[
        "await", "new", "yield", "typeof", "function", "lambda", "async", "this", "self",
        "require", "import", "static", "const", "let", "var", "return", "not", "fn", "func", "def",
    ];
    if !a.quoted && CODE_WORDS.contains(&a.value.as_str()) {
        return;
    }
    // `.. where name = 'x' and password = 'y'`, `UPDATE users SET password =`:
    // a condition or an update of an application's table, not a setting
    let before_key = text[ls..a.key_span.start].trim_ascii_end();
    let word_start = before_key
        .iter()
        .rposition(|b| !b.is_ascii_alphabetic())
        .map_or(0, |i| i + 1);
    let prev_word = &before_key[word_start..];
    if ["where", "and", "or", "set", "having", "when", "on"]
        .iter()
        .any(|w| prev_word.eq_ignore_ascii_case(w.as_bytes()))
        && !prev_word.is_empty()
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
            // (nor in a `docker run -e X=..` command line, in a docstring,
            // a comment or a notebook cell)
            Literal::Auto => {
                ctx.class != FileClass::Code
                    || (!a.value.contains(['(', '{', '$'])
                        && ((!ctx.path.ends_with(".ipynb")
                            && inside_string(text, ls, a.key_span.start, a.key_span.end))
                            || super::finish::container_command(text, a.key_span.start)
                            || config_line_in_comment(&text[ls..le], &a.key)))
            }
        };
    if !literal_ok {
        return;
    }
    // a bare `ENV.fetch(` or `config[` is a call or lookup, not a value
    if !a.quoted && a.value.ends_with(['(', '[']) {
        return;
    }
    // the vetoes' automata last among the line's checks: the checks above
    // are plain byte tests, and most keys in code fail one of them
    if spec
        .veto
        .as_ref()
        .is_some_and(|r| r.is_match(&text[ls..le]))
    {
        return;
    }
    if let Some(v) = &spec.block_veto {
        // the block and the line that opens it (`retrieveByCredentials([`)
        let (bs, be) = block_around(text, ls, le, lo, hi, 12);
        let bs = if bs > lo {
            memchr::memrchr(b'\n', &text[lo..bs - 1]).map_or(lo, |i| lo + i + 1)
        } else {
            bs
        };
        if v.is_match(&text[bs..be]) {
            return;
        }
    }
    if let Some(f) = &spec.file {
        let r = *ctx.file_checks[ri].get_or_insert_with(|| f.is_match(text));
        if !r {
            return;
        }
    }
    if let Some(f) = &spec.file_veto {
        if *ctx.file_vetoes[ri].get_or_insert_with(|| f.is_match(text)) {
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
    if spec
        .path
        .as_ref()
        .is_some_and(|r| !r.is_match(dotted.as_bytes()))
    {
        return;
    }
    // exclusions name the system the key belongs to, never the key itself
    let parent = dotted.rsplit_once('.').map_or("", |(p, _)| p);
    if spec
        .path_exclude
        .as_ref()
        .is_some_and(|r| r.is_match(parent.as_bytes()))
    {
        return;
    }
    if let Some(cx) = &spec.context {
        let by_path = spec
            .path_context
            .as_ref()
            .is_some_and(|r| r.is_match(dotted.as_bytes()));
        let ok = by_path
            || match spec.context_scope {
                ContextScope::File => *ctx.file_checks[ri].get_or_insert_with(|| cx.is_match(text)),
                ContextScope::Lines | ContextScope::Block => {
                    let (ws, we) = lines_around(text, ls, le, lo, hi, 8, 3);
                    cx.is_match(dotted.as_bytes())
                        || cx.is_match(&text[ws..we])
                        || ancestors.iter().any(|(_, r)| cx.is_match(&text[r.clone()]))
                        || (spec.context_scope == ContextScope::Block
                            && ancestors
                                .iter()
                                .rev()
                                .take(3)
                                .any(|(_, r)| cx.is_match(ancestor_block(text, r.clone(), hi))))
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
    } else if !name.contains("pass")
        && !name.contains("pwd")
        && !name.contains("key")
        && !name.ends_with("_auth")
    {
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

/// The block an ancestor key opens: its own line and the lines below it
/// that are indented further (list markers count as indentation), up to
/// `hi` and at most [`BLOCK_BYTES`].
fn ancestor_block(text: &[u8], line: std::ops::Range<usize>, hi: usize) -> &[u8] {
    let indent = |a: usize, b: usize| {
        text[a..b]
            .iter()
            .take_while(|c| matches!(c, b' ' | b'\t' | b'-'))
            .count()
    };
    let own = indent(line.start, line.end);
    let stop = hi.min(line.start + BLOCK_BYTES).min(text.len());
    let mut end = line.end;
    while end < stop {
        let ns = end + 1;
        if ns >= stop {
            break;
        }
        let ne = memchr::memchr(b'\n', &text[ns..stop]).map_or(stop, |i| ns + i);
        let blank = text[ns..ne].iter().all(u8::is_ascii_whitespace);
        if !blank && indent(ns, ne) <= own {
            break;
        }
        end = ne;
    }
    &text[line.start..end]
}

/// How much of an ancestor's block [`ancestor_block`] reads.
const BLOCK_BYTES: usize = 4096;

/// `sqlAdminPassword` -> `sql_admin_password`, `DbPassword` -> `db_password`,
/// `MySqlPassword` -> `mysql_password`, so one pattern serves every casing.
pub(super) fn snake_name(name: &str) -> String {
    // SCREAMING_SNAKE_CASE has no humps to split (`NEO4J_AUTH`)
    if !name.bytes().any(|b| b.is_ascii_lowercase()) {
        return name.to_ascii_lowercase().replace(['-', ' '], "_");
    }
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

/// A line of environment or properties syntax quoted in a comment
/// (` *     PGPASSWORD=x`, `// spring.datasource.password: x`): the comment
/// states a setting, so its bare value is a literal. A variable of the
/// code commented out (`# password = pw`) has a lower-case name without
/// dots and stays an expression.
fn config_line_in_comment(line: &[u8], key: &str) -> bool {
    let t = line.trim_ascii_start();
    let comment = [&b"*"[..], b"//", b"#", b"--"]
        .iter()
        .any(|c| t.starts_with(c) && !t.starts_with(b"#{") && !t.starts_with(b"#!"));
    if !comment {
        return false;
    }
    let env_name = key.len() > 2
        && key
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && key.bytes().any(|b| b == b'_');
    let property_path = key.contains('.')
        && !["self.", "this.", "cls.", "@"]
            .iter()
            .any(|p| key.starts_with(p))
        && key.split('.').all(|seg| {
            !seg.is_empty()
                && seg
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
    env_name || property_path
}

/// Is `at` inside a string literal that opened earlier on its line?
pub(super) fn inside_string(text: &[u8], ls: usize, at: usize, key_end: usize) -> bool {
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
