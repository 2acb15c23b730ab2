//! Candidates from regex rules: each pattern's `secret` group (and its
//! `user`, `host`, `port`, `database` groups), searched only on the lines
//! around a keyword hit.

use super::candidates::{unescape_c, Candidate};
use super::enrich::enrich;
use super::CONTEXT_BYTES;
use crate::grammar::{assign, kv};
use crate::rules::RegexSpec;
use crate::text::line_bounds;

/// How far back the statement of a match is looked for.
const STATEMENT_BYTES: usize = 1024;

/// The statement around `start..end`: back from the match's line over the
/// lines that continue it (a fluent call chain, arguments across lines) to
/// the line that ended the previous statement (with `;`, `{` or `}`);
/// comment lines are passed over. Bounded to [`STATEMENT_BYTES`].
fn statement_at(text: &[u8], start: usize, end: usize) -> &[u8] {
    let floor = start.saturating_sub(STATEMENT_BYTES);
    let mut from = memchr::memrchr(b'\n', &text[floor..start]).map_or(floor, |i| floor + i + 1);
    // the match's own line, before the match, may hold the previous end
    if let Some(i) = text[from..start]
        .iter()
        .rposition(|b| matches!(b, b';' | b'{' | b'}'))
    {
        return &text[from + i + 1..end.min(text.len())];
    }
    while from > floor {
        let le = from - 1;
        let ls = memchr::memrchr(b'\n', &text[floor..le]).map_or(floor, |i| floor + i + 1);
        let line = text[ls..le].trim_ascii();
        let comment = [&b"//"[..], b"/*", b"*", b"#"]
            .iter()
            .any(|c| line.starts_with(c));
        if !comment && (line.ends_with(b";") || line.ends_with(b"{") || line.ends_with(b"}")) {
            break;
        }
        from = ls;
    }
    &text[from..end.min(text.len())]
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

pub(super) fn run_patterns(
    ri: usize,
    spec: &RegexSpec,
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
    // the statement a match sits in, for `context` and `veto`
    // (to the end of the match's line: `echo "…" > ~/.pgpass`)
    let statement = |start: usize, end: usize| -> &[u8] {
        let end = end.min(text.len());
        let eol = memchr::memchr(b'\n', &text[end..]).map_or(text.len(), |i| end + i);
        statement_at(text, start, eol)
    };
    let file_ok = spec
        .file_context
        .as_ref()
        .map(|r| r.is_match(text))
        .unwrap_or(false);
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
            if spec.context.is_some() || spec.file_context.is_some() || spec.veto.is_some() {
                let whole = caps
                    .get(0)
                    .map_or(m.start()..m.end(), |g| g.start()..g.end());
                let st = statement(lo + whole.start, lo + whole.end);
                if spec.veto.as_ref().is_some_and(|v| v.is_match(st)) {
                    continue;
                }
                // evidence: in the statement, or in the file
                let needs = spec.context.is_some() || spec.file_context.is_some();
                let in_statement = spec.context.as_ref().is_some_and(|c| c.is_match(st));
                if needs && !in_statement && !file_ok {
                    continue;
                }
            }
            let (mut a, mut b) = (lo + m.start(), lo + m.end());
            if b - a >= 2 && matches!(text[a], b'"' | b'\'') && text[b - 1] == text[a] {
                a += 1;
                b -= 1;
            }
            // `\"pw\"`: quotes escaped inside a string (a compose healthcheck,
            // a notebook cell)
            if b - a >= 4 && text[a..].starts_with(b"\\\"") && text[..b].ends_with(b"\\\"") {
                a += 2;
                b -= 2;
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
