//! Candidates to findings: the most specific rule claims each span, the
//! judge drops placeholders, then positions, host classification,
//! severity, confidence, fingerprint and a redacted snippet are computed.

use super::candidates::Candidate;
use super::file_class::{is_ci_file, is_example_path, is_local_dev_file, FileClass};
use super::judge::{self, NotASecret};
use super::position::LineCounter;
use super::snippet::snippet;
use super::{FileCtx, ScanOptions};
use crate::fingerprint::fingerprints as fingerprints_of;
use crate::grammar::host;
use crate::model::{Engine, Finding, Kind, Locality, Secret, Severity, Source};
use crate::rules::{Rule, RuleSet};
use std::collections::HashMap;
use std::ops::Range;

/// Judge, deduplicate, and turn candidates into findings.
pub(super) fn finish(
    set: &RuleSet,
    ctx: &FileCtx<'_>,
    fp_path: &dyn Fn() -> String,
    cands: Vec<Candidate>,
    opts: &ScanOptions,
) -> (Vec<Finding>, usize) {
    if cands.is_empty() {
        return (Vec::new(), 0);
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
        .filter(|c| matches!(judge::judge(&c.secret), Ok(()) | Err(NotASecret::Weak)))
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
    kept.retain(|c| accepted(set, ctx, c));
    kept.sort_by_key(|c| c.span.start);
    if kept.is_empty() {
        return (Vec::new(), 0);
    }
    // a file of thousands of findings (a dump, or a hostile pull request)
    // lists its first ones; the rest are counted, at no further cost
    let mut unlisted = 0;
    if opts.max_findings > 0 && kept.len() > opts.max_findings {
        unlisted = kept.len() - opts.max_findings;
        kept.truncate(opts.max_findings);
    }
    let fp_path = &fp_path();
    let example = is_example_path(fp_path);
    let mut lines = LineCounter::new(ctx.text);
    // the same secret repeated in a file is fingerprinted once; the file's
    // fingerprints are derived together (see `fingerprint::pbkdf2_many`)
    let mut fingerprints: HashMap<(usize, String), String> = HashMap::new();
    if !opts.nested && !opts.defer_fingerprints {
        let mut todo: Vec<(usize, &str)> =
            kept.iter().map(|c| (c.rule, c.secret.as_str())).collect();
        todo.sort_unstable();
        todo.dedup();
        for same_rule in todo.chunk_by(|a, b| a.0 == b.0) {
            let rule = same_rule[0].0;
            let secrets: Vec<&str> = same_rule.iter().map(|(_, s)| *s).collect();
            let fps = fingerprints_of(&set.rules[rule].id, fp_path, &secrets);
            for (s, f) in secrets.into_iter().zip(fps) {
                fingerprints.insert((rule, s.to_string()), f);
            }
        }
    }
    let findings = kept
        .into_iter()
        .map(|mut c| {
            let rule: &Rule = &set.rules[c.rule];
            let fingerprint = fingerprints
                .get(&(c.rule, c.secret.clone()))
                .cloned()
                .unwrap_or_default();
            // a SQLite file has no host: a neighbour's is another database's
            if rule.engine.or(c.engine) == Some(Engine::Sqlite) {
                (c.host, c.port) = (None, None);
            }
            let (line, column) = lines.position(c.span.start);
            let (end_line, end_column) = lines.position(c.span.end);
            let info = c.host.as_deref().map(host::classify);
            let service = info.as_ref().and_then(|i| i.service);
            let engine = rule
                .engine
                .or(c.engine)
                .or(service.map(Engine::from_service))
                .or(c.port.and_then(Engine::from_port));
            // a SQLite key opens a file: whoever has the file and the
            // repository has the data, but no server is exposed
            let severity = if engine == Some(Engine::Sqlite) {
                Severity::Low
            } else {
                severity(rule, ctx, fp_path, &c.secret, info.as_ref())
            };
            let snippet = snippet(ctx.text, &c.span, &spans, opts.show_secrets, &c.secret);
            let confidence = if ctx.class == FileClass::Docs || example {
                rule.confidence.lower()
            } else {
                rule.confidence
            };
            let source = (!opts.nested).then(|| Source {
                fingerprint_path: opts.defer_fingerprints.then(|| fp_path.clone()),
                ..source_of(ctx.text, &c)
            });
            Finding {
                path: ctx.path.to_string(),
                line,
                column,
                end_line,
                end_column,
                rule: rule.id.clone(),
                kind: c.kind.unwrap_or(rule.kind),
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
                fingerprint,
                secret: Secret::new(c.secret),
                severity,
                confidence,
                snippet,
                encoding: opts.encoding,
                source,
            }
        })
        .collect::<Vec<Finding>>()
        .harmonized();
    (findings, unlisted)
}

trait Harmonize {
    fn harmonized(self) -> Self;
}

impl Harmonize for Vec<Finding> {
    /// The same password twice in one file (a connection string and a
    /// variable, a URL and its parts) is one credential: every occurrence
    /// gets the highest severity any of them has.
    fn harmonized(mut self) -> Self {
        if self.len() < 2 {
            return self;
        }
        let mut top: std::collections::HashMap<&str, Severity> = std::collections::HashMap::new();
        for f in &self {
            let e = top.entry(f.secret.expose()).or_insert(f.severity);
            *e = (*e).max(f.severity);
        }
        let top: std::collections::HashMap<String, Severity> =
            top.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        for f in &mut self {
            if let Some(s) = top.get(f.secret.expose()) {
                f.severity = *s;
            }
        }
        self
    }
}

/// Whether a candidate's value is a password here: the judge's verdict,
/// with common words (`password`, `secret`) accepted where a service is
/// configured with them, and never a pair of stand-ins (`user:password`).
fn accepted(set: &RuleSet, ctx: &FileCtx<'_>, c: &Candidate) -> bool {
    if placeholder_pair(c, set.rules[c.rule].kind) {
        return false;
    }
    let verdict = match judge::judge(&c.secret) {
        // `PASSWORD 'none'` in SQL: quoted, the word is the password (an
        // unquoted `PASSWORD NULL` is no password and never matches)
        Err(NotASecret::Placeholder)
            if c.kind.unwrap_or(set.rules[c.rule].kind) == Kind::Sql
                && matches!(
                    c.secret.as_str(),
                    "none" | "null" | "nil" | "empty" | "default"
                )
                && c.span.start > 0
                && matches!(ctx.text.get(c.span.start - 1), Some(b'\'' | b'"')) =>
        {
            Err(NotASecret::Weak)
        }
        v => v,
    };
    match verdict {
        Ok(()) => true,
        Err(NotASecret::Weak) => {
            let rule = &set.rules[c.rule];
            if !rule.weak_values {
                return false;
            }
            let kind = c.kind.unwrap_or(rule.kind);
            // in a manual, `password: secret` stands for a password; a URL,
            // connection string, command or SQL statement is a worked example
            let written_out = matches!(kind, Kind::Uri | Kind::Jdbc | Kind::Cli | Kind::Sql)
                || kind.is_connection_string()
                || container_command(ctx.text, c.span.start);
            (ctx.class != FileClass::Docs || written_out)
                && !c.host.as_deref().is_some_and(host::is_placeholder_host)
        }
        Err(_) => false,
    }
}

/// Whether `at` is inside a `docker run`/`podman run` command line (over
/// lines continued with `\`, `` ` `` or `^`): the command a reader types to
/// start the database, so its `-e POSTGRES_PASSWORD=secret` is what the
/// container gets, like a password in a URL.
pub(super) fn container_command(text: &[u8], at: usize) -> bool {
    const MAX_LINES: usize = 40;
    let at = at.min(text.len());
    let mut start = memchr::memrchr(b'\n', &text[..at]).map_or(0, |i| i + 1);
    for _ in 0..MAX_LINES {
        if starts_container_run(&text[start..at]) {
            return true;
        }
        if start == 0 {
            return false;
        }
        // the line before, if it continues onto this one
        let prev_end = start - 1;
        let prev_start = memchr::memrchr(b'\n', &text[..prev_end]).map_or(0, |i| i + 1);
        let prev = text[prev_start..prev_end].trim_ascii_end();
        if !matches!(prev.last(), Some(b'\\' | b'`' | b'^')) {
            return false;
        }
        start = prev_start;
    }
    false
}

/// `docker run`, `docker container run`, `docker create`, `podman run`,
/// `nerdctl run` at the start of `line` (after a prompt, `!` of a notebook,
/// `sudo`, quotes of a JSON-encoded cell), or after `&&`/`;`/`|` on it.
fn starts_container_run(line: &[u8]) -> bool {
    let line = String::from_utf8_lossy(line);
    line.split(['&', ';', '|', '(']).any(|part| {
        let mut words = part
            .trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '$' | '>' | '!' | '"' | '\'' | '#')
            })
            .split_whitespace()
            .skip_while(|w| *w == "sudo");
        let (Some(tool), Some(mut verb)) = (words.next(), words.next()) else {
            return false;
        };
        if verb == "container" {
            verb = words.next().unwrap_or_default();
        }
        matches!(tool, "docker" | "podman" | "nerdctl" | "docker.exe")
            && matches!(verb, "run" | "create")
    })
}

/// `user:password`, `someuser:somepassword`, `cacheuser:cachepass`: a user
/// and a password that are the same stand-in.
fn placeholder_pair(c: &Candidate, rule_kind: Kind) -> bool {
    // only a user and password written together (`user:pass@host`,
    // `User=u;Password=p`, `IDENTITY = 'user', SECRET = 'pwd'`); siblings in a compose file are a real account
    let kind = c.kind.unwrap_or(rule_kind);
    if !matches!(kind, Kind::Uri | Kind::Jdbc | Kind::Dsn | Kind::Sql)
        && !kind.is_connection_string()
    {
        return false;
    }
    let Some(user) = c.user.as_deref() else {
        return false;
    };
    // the shared prefix must itself be a stand-in: `newbonitauser` and
    // `newbonitapass` are a product's real sample account
    const PREFIXES: &[&str] = &[
        "", "some", "my", "your", "the", "db", "app", "cache", "example", "sample", "demo", "foo",
    ];
    let user = user.trim_matches(|ch: char| !ch.is_ascii_alphanumeric());
    let (u, mut p) = (user.to_ascii_lowercase(), c.secret.to_ascii_lowercase());
    // a truncated stand-in (`passwor`, `passw`) in a builder's unit test
    if p.len() >= 5 && p.len() < 8 && "password".starts_with(p.as_str()) {
        p = "password".to_string();
    }
    ["username", "user", "usr", "login"].iter().any(|us| {
        u.strip_suffix(us).is_some_and(|up| {
            let up = up.trim_end_matches(['_', '-', '.']);
            PREFIXES.contains(&up)
                && ["password", "passwd", "pass", "pwd"].iter().any(|ps| {
                    p.strip_suffix(ps)
                        .is_some_and(|pp| pp.trim_end_matches(['_', '-', '.']) == up)
                })
        })
    })
}

/// The raw text a remediation is built from: the claimed string and the line.
fn source_of(text: &[u8], c: &Candidate) -> Source {
    let raw =
        |r: &Range<usize>| Secret::new(String::from_utf8_lossy(&text[r.clone()]).into_owned());
    let claim = c.claim.start.min(c.span.start)..c.claim.end.max(c.span.end).min(text.len());
    // a minified file's one huge line is not kept: edits need only the
    // claim. The line's ends are looked for no further than that bound, so
    // thousands of findings on one line of megabytes cost no more than
    // thousands on short lines.
    const LONG: usize = 16 * 1024;
    let from = c.span.start.saturating_sub(LONG + 2);
    let to = (c.span.start + LONG + 2).min(text.len());
    let ls = memchr::memrchr(b'\n', &text[from..c.span.start]).map(|i| from + i + 1);
    let le = memchr::memchr(b'\n', &text[c.span.start..to]).map(|i| c.span.start + i);
    let ls = match ls {
        Some(ls) => Some(ls),
        None if from == 0 => Some(0),
        None => None,
    };
    let le = match le {
        Some(le) => Some(le),
        None if to == text.len() => Some(text.len()),
        None => None,
    };
    let line = match (ls, le) {
        (Some(ls), Some(mut le)) => {
            if le > ls && text[le - 1] == b'\r' {
                le -= 1;
            }
            (le - ls <= LONG).then_some((ls, le))
        }
        _ => None,
    };
    let (ls, le) = line.unwrap_or((claim.start, claim.end));
    Source {
        claim_text: raw(&claim),
        claim,
        secret: c.span.clone(),
        line_text: raw(&(ls..le)),
        line: ls..le,
        fingerprint_path: None,
    }
}

/// Severity from where the database lives, what the password is, and what
/// the file is for (docs/detection.md, "Severity"):
/// - an Azure data service or another public host: high, whatever the
///   password, unless the host is a documentation stand-in (low);
/// - a trivial or documented default password: low;
/// - a local database: low; a private host: medium (a real internal server,
///   even when its password was pasted into a test);
/// - no host: low in a CI service container, a local development
///   environment, a test fixture or a documentation sample; else the rule's
///   default.
fn severity(
    rule: &Rule,
    ctx: &FileCtx<'_>,
    fp_path: &str,
    secret: &str,
    info: Option<&host::HostInfo>,
) -> Severity {
    if let Some(i) = info {
        if i.placeholder {
            return Severity::Low;
        }
        if i.service.is_some() || i.locality == Locality::Public {
            return Severity::High;
        }
    }
    if judge::is_well_known_default(secret) || judge::judge(secret) == Err(NotASecret::Weak) {
        return Severity::Low;
    }
    match info.map(|i| i.locality) {
        Some(Locality::Local) => Severity::Low,
        Some(Locality::Private) => Severity::Medium,
        _ if ctx.class == FileClass::Docs
            || is_example_path(fp_path)
            || is_ci_file(ctx.path)
            || is_local_dev_file(ctx.path) =>
        {
            Severity::Low
        }
        _ => rule.severity,
    }
}

#[cfg(test)]
mod tests {
    use super::{container_command, source_of, Candidate};

    /// The line a finding's source keeps: the whole line when it is at most
    /// 16 KiB, else the claim; the same as looking for the line's ends
    /// without a bound, at every distance around that bound.
    #[test]
    fn source_keeps_the_line_or_the_claim() {
        fn unbounded(text: &[u8], at: usize, claim: (usize, usize)) -> (usize, usize) {
            let ls = memchr::memrchr(b'\n', &text[..at]).map_or(0, |i| i + 1);
            let mut le = memchr::memchr(b'\n', &text[at..]).map_or(text.len(), |i| at + i);
            if le > ls && text[le - 1] == b'\r' {
                le -= 1;
            }
            if le - ls > 16 * 1024 {
                claim
            } else {
                (ls, le)
            }
        }
        let near = [
            0usize,
            1,
            7,
            8180,
            16 * 1024 - 8,
            16 * 1024 - 7,
            16 * 1024 - 6,
            16 * 1024,
            16 * 1024 + 3,
            40_000,
        ];
        let mut checked = 0;
        for &before in &near {
            for &after in &near {
                for (head, tail) in [("", ""), ("x\n", "\ny"), ("x\n", "\r\n"), ("", "\n")] {
                    let mut text = head.as_bytes().to_vec();
                    text.extend(std::iter::repeat_n(b'a', before));
                    let at = text.len();
                    text.extend_from_slice(b"SECRET");
                    text.extend(std::iter::repeat_n(b'b', after));
                    text.extend_from_slice(tail.as_bytes());
                    let c = Candidate::new(0, at..at + 6, "SECRET".into());
                    let s = source_of(&text, &c);
                    let want = unbounded(&text, at, (at, at + 6));
                    assert_eq!(
                        (s.line.start, s.line.end),
                        want,
                        "{before} {after} {head:?} {tail:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 400);
    }

    #[test]
    fn container_commands() {
        let t = b"Start it:\n\n    docker run --rm \\\n      -e DB_USER=app \\\n      -e DB_PASSWORD=secret \\\n      img\n";
        let at = t.windows(6).position(|w| w == b"secret").unwrap();
        assert!(container_command(t, at));
        let t = b"$ sudo docker container run -e X=secret img";
        assert!(container_command(t, t.len() - 5));
        let t = b"  \"! docker run -e \\\"SA_PASSWORD=secret\\\" -d img\"";
        assert!(container_command(t, t.len() - 10));
        let t = b"cd db && docker run -e X=secret img";
        assert!(container_command(t, t.len() - 5));
        // a continued line that is not a container command, a command that
        // ended on the line before, and prose that names docker run
        let t = b"./configure \\\n  --password=secret\n";
        assert!(!container_command(t, t.len() - 7));
        let t = b"docker run img\nDB_PASSWORD=secret\n";
        assert!(!container_command(t, t.len() - 7));
        let t = b"The docker run docs say: password=secret";
        assert!(!container_command(t, t.len() - 6));
    }
}
