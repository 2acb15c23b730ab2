//! The redacted line shown with a finding.

use crate::model::Secret;
use crate::text::{floor_char, line_bounds};
use std::ops::Range;

const SNIPPET_SIDE: usize = 80;

/// The line around `span`, every secret on it redacted (unless shown).
/// The same value elsewhere on the shown part of the line (a password
/// repeated, a user named like it, a key that spells it) is redacted too:
/// a snippet never contains a secret of four characters or more.
pub(super) fn snippet(
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
