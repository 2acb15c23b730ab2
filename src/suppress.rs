//! Suppressions: findings a team has looked at and accepted.
//!
//! Three sources, checked in this order:
//! - **inline**: a `connleak:allow` (optionally `connleak:allow reason="..."`),
//!   `gitleaks:allow` or `pragma: allowlist secret` marker in a comment on the
//!   finding's line or alone in a comment on the line above;
//! - **config**: an `allow` regex of `.connleak.toml` matching the secret value;
//! - **baseline**: the finding's fingerprint is in the baseline file.
//!
//! A suppressed finding is not reported as a finding and never fails the
//! gate; it is counted in the summary and listed with `--include-suppressed`.

use crate::baseline::Baseline;
use crate::finding::{Finding, Outcome, Severity};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Inline,
    Config,
    Baseline,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Inline => "inline",
            Source::Config => "config",
            Source::Baseline => "baseline",
        }
    }
}

/// A finding that was not reported, and why.
#[derive(Clone, Debug, Serialize)]
pub struct Suppressed {
    #[serde(flatten)]
    pub finding: Finding,
    pub suppressed_by: Source,
    /// the `reason="..."` of the marker, the baseline entry's reason, or the
    /// config pattern that matched
    #[serde(skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    /// the baseline entry that matched, by index
    #[serde(skip)]
    pub entry: Option<usize>,
}

const MARKERS: &[&str] = &[
    "connleak:allow",
    "gitleaks:allow",
    "pragma: allowlist nextline secret",
    "pragma: allowlist secret",
];

/// Comment openers that may appear anywhere before a marker on its line.
const OPENERS: &[&str] = &["#", "//", "--", "<!--", "/*", ";", "%"];

/// Openers that only count at the start of a line (after indentation): they
/// are too common inside code to count elsewhere.
const LINE_OPENERS: &[&str] = &["rem ", "rem\t", "::", "'", "*", "!"];

/// Split a file's findings into those that stand and those an inline marker
/// suppresses. `text` is the decoded text the findings' lines refer to.
pub fn split_inline(text: &[u8], found: Vec<Finding>) -> (Vec<Finding>, Vec<Suppressed>) {
    if found.is_empty() || memchr::memmem::find(text, b"allow").is_none() {
        return (found, Vec::new());
    }
    let starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text).map(|i| i + 1))
        .collect();
    let line = |n: usize| -> Option<&[u8]> {
        let s = *starts.get(n.checked_sub(1)?)?;
        let e = starts.get(n).map(|e| e - 1).unwrap_or(text.len());
        text.get(s..e)
    };
    let mut keep = Vec::new();
    let mut allowed = Vec::new();
    for f in found {
        let secret = f.secret.expose().to_ascii_lowercase();
        let mut hit = None;
        for n in f.line..=f.end_line.max(f.line) {
            if let Some(m) = line(n).and_then(|l| marker_in_comment(l, false)) {
                // a marker that is part of the secret itself does not count
                if !MARKERS.iter().any(|k| secret.contains(k)) {
                    hit = Some(m);
                    break;
                }
            }
        }
        if hit.is_none() && f.line > 1 {
            hit = line(f.line - 1).and_then(|l| marker_in_comment(l, true));
        }
        match hit {
            Some(reason) => allowed.push(Suppressed {
                finding: f,
                suppressed_by: Source::Inline,
                justification: reason,
                entry: None,
            }),
            None => keep.push(f),
        }
    }
    (keep, allowed)
}

/// A marker inside a comment on this line: `Some(reason)` (the reason may be
/// absent). With `whole_line`, the comment must start the line.
fn marker_in_comment(line: &[u8], whole_line: bool) -> Option<Option<String>> {
    let lower = line.to_ascii_lowercase();
    let (pos, marker) = MARKERS
        .iter()
        .filter_map(|m| memchr::memmem::find(&lower, m.as_bytes()).map(|p| (p, *m)))
        .min()?;
    let indent = lower
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(lower.len());
    let head = &lower[indent..];
    let at_start = OPENERS
        .iter()
        .chain(LINE_OPENERS)
        .any(|o| head.starts_with(o.as_bytes()));
    let ok = if whole_line {
        at_start
    } else {
        at_start || OPENERS.iter().any(|o| opener_before(&lower[..pos], o))
    };
    if !ok {
        return None;
    }
    Some(reason_after(&line[pos + marker.len()..]))
}

/// Whether `opener` starts a comment somewhere in `head`: it must follow
/// white space or the end of a statement or string, so that the `//` of
/// `postgres://` or the `;` inside a connection string does not count.
fn opener_before(head: &[u8], opener: &str) -> bool {
    memchr::memmem::find_iter(head, opener.as_bytes()).any(|p| {
        p == 0
            || matches!(
                head[p - 1],
                b' ' | b'\t' | b';' | b')' | b'"' | b'\'' | b'}' | b'>' | b']' | b','
            )
    })
}

/// `reason="..."` (or `'...'`) right after a marker.
fn reason_after(rest: &[u8]) -> Option<String> {
    let s = String::from_utf8_lossy(rest);
    let t = s.trim_start();
    let t = t.strip_prefix("reason")?.trim_start().strip_prefix('=')?;
    let t = t.trim_start();
    let q = t.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let body = &t[1..];
    let end = body.find(q)?;
    Some(body[..end].to_string())
}

/// What the non-inline suppressions need.
#[derive(Default)]
pub struct Policy {
    pub allow: Vec<regex::Regex>,
    pub severity: HashMap<String, Severity>,
    pub baseline: Option<Baseline>,
}

/// How many PBKDF2 computations the rename check may spend per run.
const RENAME_BUDGET: usize = 2_000;

/// Apply severity overrides, config allow patterns and the baseline to a
/// sorted outcome. Returns, for each baseline entry, whether it matched.
pub fn apply(outcome: &mut Outcome, policy: &Policy) -> Vec<bool> {
    let mut used = vec![false; policy.baseline.as_ref().map_or(0, |b| b.entries.len())];
    let by_fp: HashMap<&str, usize> = policy
        .baseline
        .iter()
        .flat_map(|b| b.entries.iter().enumerate())
        .map(|(i, e)| (e.fingerprint.as_str(), i))
        .collect();
    let mut keep = Vec::new();
    let mut unmatched = Vec::new();
    for mut f in std::mem::take(&mut outcome.findings) {
        if let Some(s) = policy.severity.get(&f.rule) {
            f.severity = *s;
        }
        if let Some(re) = policy.allow.iter().find(|r| r.is_match(f.secret.expose())) {
            outcome.suppressed.push(Suppressed {
                finding: f,
                suppressed_by: Source::Config,
                justification: Some(format!("allow = '{}'", re.as_str())),
                entry: None,
            });
            continue;
        }
        if let Some(&i) = by_fp.get(f.fingerprint.as_str()) {
            used[i] = true;
            let reason = policy
                .baseline
                .as_ref()
                .map(|b| b.entries[i].reason.clone());
            outcome.suppressed.push(Suppressed {
                finding: f,
                suppressed_by: Source::Baseline,
                justification: reason.filter(|r| !r.is_empty()),
                entry: Some(i),
            });
            continue;
        }
        unmatched.push(f);
    }
    // A file that was renamed: its findings' fingerprints (salted with the
    // path) changed. An entry nothing matched, for the same rule, is tried
    // with the new secret under its old path, within a bounded budget.
    let mut budget = RENAME_BUDGET;
    if let Some(b) = &policy.baseline {
        for f in unmatched {
            let mut matched = None;
            for (i, e) in b.entries.iter().enumerate() {
                if used[i] || e.rule != f.rule || e.path == f.path || budget == 0 {
                    continue;
                }
                budget -= 1;
                if crate::fingerprint::fingerprint(&e.rule, &e.path, f.secret.expose())
                    == e.fingerprint
                {
                    matched = Some(i);
                    break;
                }
            }
            match matched {
                Some(i) => {
                    used[i] = true;
                    outcome.suppressed.push(Suppressed {
                        finding: f,
                        suppressed_by: Source::Baseline,
                        justification: Some(format!("moved from {}", b.entries[i].path)),
                        entry: Some(i),
                    });
                }
                None => keep.push(f),
            }
        }
    } else {
        keep = unmatched;
    }
    outcome.findings = keep;
    outcome.sort();
    used
}

/// Suppressed findings counted by source, for the summary.
pub fn count_by_source(s: &[Suppressed]) -> [(Source, usize); 3] {
    let n = |src| s.iter().filter(|x| x.suppressed_by == src).count();
    [
        (Source::Inline, n(Source::Inline)),
        (Source::Config, n(Source::Config)),
        (Source::Baseline, n(Source::Baseline)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(l: &str) -> Option<Option<String>> {
        marker_in_comment(l.as_bytes(), false)
    }

    #[test]
    fn markers_in_comments() {
        assert_eq!(hit("x = 1 # connleak:allow"), Some(None));
        assert_eq!(
            hit(r#"x = 1 // connleak:allow reason="test db""#),
            Some(Some("test db".into()))
        );
        assert_eq!(hit("x -- gitleaks:allow"), Some(None));
        assert_eq!(hit("x <!-- connleak:allow -->"), Some(None));
        assert_eq!(hit("x /* pragma: allowlist secret */"), Some(None));
        assert_eq!(
            hit("x ; connleak:allow reason='ok'"),
            Some(Some("ok".into()))
        );
        assert_eq!(hit("REM connleak:allow"), Some(None));
        assert_eq!(hit("password = connleak:allow"), None);
        assert_eq!(hit("url=postgres://u:p@h/db connleak:allow"), None);
        assert_eq!(hit("Server=h;Password=x;connleak:allow"), None);
        assert_eq!(hit("f();// connleak:allow"), Some(None));
        assert_eq!(marker_in_comment(b"x = 1 # connleak:allow", true), None);
        assert_eq!(marker_in_comment(b"   # connleak:allow", true), Some(None));
    }
}
