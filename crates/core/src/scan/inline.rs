//! Inline suppressions: a `connleak:allow` (optionally
//! `connleak:allow reason="..."`), `gitleaks:allow` or `pragma: allowlist
//! secret` marker in a comment on the finding's line, or alone in a comment
//! on the line above. Markers are visible in the diff that adds them, so
//! they hold in every mode, history included.

use crate::model::{Finding, Item, SuppressedBy, Suppression};

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

/// A file's findings as items, those an inline marker suppresses marked so. `text` is the decoded text the findings' lines refer to.
pub fn split_inline(text: &[u8], found: Vec<Finding>) -> Vec<Item> {
    if found.is_empty() || memchr::memmem::find(text, b"allow").is_none() {
        return found.into_iter().map(Item::new).collect();
    }
    let starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text).map(|i| i + 1))
        .collect();
    let line = |n: usize| -> Option<&[u8]> {
        let s = *starts.get(n.checked_sub(1)?)?;
        let e = starts.get(n).map(|e| e - 1).unwrap_or(text.len());
        text.get(s..e)
    };
    let mut out = Vec::with_capacity(found.len());
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
        let mut item = Item::new(f);
        item.suppression = hit.map(|reason| Suppression {
            suppressed_by: SuppressedBy::Inline,
            justification: reason,
            entry: None,
        });
        out.push(item);
    }
    out
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
