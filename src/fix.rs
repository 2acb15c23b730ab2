//! `connleak fix`: apply the exact edits of the remediation engine.
//!
//! Findings -> edits per file -> new file contents. An edit replaces only
//! the connection string (or property line) it was computed for; every other
//! byte of the file is kept, including line endings, a BOM and the UTF-16
//! encoding. The file is re-read and each edit's old text checked before
//! anything is changed, so a file edited since the scan is left alone.

use connleak_core::decode::{decode, encode, Decoded};
use connleak_core::model::{Edit, Item};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

/// The result of planning the edits of one file.
pub struct FilePlan {
    pub path: String,
    pub before: String,
    pub after: String,
    /// the bytes to write (same encoding as the original)
    pub bytes: Vec<u8>,
    /// the findings this file's edits resolve
    pub findings: Vec<Item>,
    /// where every secret found in the file is (byte ranges of `before`),
    /// with its redacted form, for the diff
    pub secrets: Vec<(Range<usize>, String)>,
    /// every secret value found in the file, with its redacted form: a copy
    /// of it elsewhere (a comment, another key) is redacted too
    pub secret_values: Vec<(String, String)>,
    /// the edits applied, in order
    pub edits: Vec<(Range<usize>, String)>,
}

/// Why a file with edits could not be planned.
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// Group the findings with exact edits by file and compute each file's new
/// contents.
pub fn plan(items: &[Item]) -> (Vec<FilePlan>, Vec<Skipped>) {
    let mut by_file: BTreeMap<&str, Vec<&Item>> = BTreeMap::new();
    for i in items {
        if i.remediation.as_ref().is_some_and(|r| !r.edits.is_empty()) {
            by_file.entry(i.finding.path.as_str()).or_default().push(i);
        }
    }
    let mut plans = Vec::new();
    let mut skipped = Vec::new();
    for (path, fs) in by_file {
        match plan_file(path, &fs) {
            Ok(mut p) => {
                p.secrets = items
                    .iter()
                    .map(|i| &i.finding)
                    .filter(|f| f.path == path)
                    .filter_map(|f| Some((f.source.as_ref()?.secret.clone(), f.secret.redacted())))
                    .collect();
                let mut values: Vec<(String, String)> = items
                    .iter()
                    .map(|i| &i.finding)
                    .filter(|f| f.path == path)
                    .flat_map(|f| {
                        let raw = f.source.as_ref().and_then(|s| {
                            let r = s.secret.start.checked_sub(s.line.start)?
                                ..s.secret.end.checked_sub(s.line.start)?;
                            s.line_text.expose().get(r).map(str::to_string)
                        });
                        [Some(f.secret.expose().to_string()), raw]
                            .into_iter()
                            .flatten()
                            .map(|v| (v, f.secret.redacted()))
                            .collect::<Vec<_>>()
                    })
                    .filter(|(v, _)| v.chars().count() >= 4)
                    .collect();
                // longest first, so that a secret containing another is
                // replaced whole
                values.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
                values.dedup();
                p.secret_values = values;
                plans.push(p)
            }
            Err(reason) => skipped.push(Skipped {
                path: path.to_string(),
                reason,
            }),
        }
    }
    (plans, skipped)
}

fn plan_file(path: &str, items: &[&Item]) -> Result<FilePlan, String> {
    let original = std::fs::read(Path::new(path)).map_err(|e| format!("cannot read it: {e}"))?;
    let (text, encoding) = match decode(&original) {
        Decoded::Text { bytes, encoding } => (bytes.into_owned(), encoding),
        Decoded::Binary => return Err("it is not a text file".into()),
    };
    let text = String::from_utf8(text).map_err(|_| "it is not valid UTF-8 text".to_string())?;
    // the file must encode back to exactly its bytes, or edits could not
    // preserve the rest of it
    if encode(&text, encoding, &original) != original {
        return Err("its encoding does not round-trip (invalid UTF-16?)".into());
    }
    let mut edits: Vec<(&Edit, &Item)> = items
        .iter()
        .flat_map(|i| {
            i.remediation
                .iter()
                .flat_map(|r| r.edits.iter())
                .map(move |e| (e, *i))
        })
        .collect();
    edits.sort_by_key(|(e, _)| (e.range.start, e.range.end));
    edits.dedup_by(|a, b| a.0.range == b.0.range);
    let mut after = text.clone();
    let mut applied: Vec<Item> = Vec::new();
    let mut done: Vec<(Range<usize>, String)> = Vec::new();
    let mut last_start = usize::MAX;
    for (e, item) in edits.iter().rev() {
        if e.range.end > last_start {
            continue; // overlaps an edit already applied
        }
        let old = text.get(e.range.clone());
        if old != Some(e.old_text.expose()) {
            return Err("it changed since it was scanned".into());
        }
        after.replace_range(e.range.clone(), &e.new_text);
        done.push((e.range.clone(), e.new_text.clone()));
        last_start = e.range.start;
        let f = &item.finding;
        if !applied
            .iter()
            .any(|a| a.finding.fingerprint == f.fingerprint && a.finding.line == f.line)
        {
            applied.push((*item).clone());
        }
    }
    applied.reverse();
    done.reverse();
    let bytes = encode(&after, encoding, &original);
    Ok(FilePlan {
        path: path.to_string(),
        before: text,
        after,
        bytes,
        findings: applied,
        secrets: Vec::new(),
        secret_values: Vec::new(),
        edits: done,
    })
}

/// A unified diff of one file's plan. Unless `show_secrets`, every secret
/// found in the file is redacted on both sides, by position (a secret
/// written as `&amp;` in XML is still found).
pub fn diff(p: &FilePlan, show_secrets: bool) -> String {
    let (before, after) = if show_secrets {
        (p.before.clone(), p.after.clone())
    } else {
        let redact: Vec<(Range<usize>, String)> = p.secrets.clone();
        // after: the edits, plus the redaction of every secret they left
        let mut both: Vec<(Range<usize>, String)> = p.edits.clone();
        both.extend(
            p.secrets
                .iter()
                .filter(|(r, _)| {
                    !p.edits
                        .iter()
                        .any(|(e, _)| e.start < r.end && r.start < e.end)
                })
                .cloned(),
        );
        let by_value = |mut s: String| {
            for (v, r) in &p.secret_values {
                if s.contains(v.as_str()) {
                    s = s.replace(v.as_str(), r);
                }
            }
            s
        };
        (
            by_value(splice(&p.before, redact)),
            by_value(splice(&p.before, both)),
        )
    };
    let header = |side: &str| {
        if p.path.starts_with('/') {
            p.path.clone()
        } else {
            format!("{side}/{}", p.path)
        }
    };
    similar::TextDiff::from_lines(&before, &after)
        .unified_diff()
        .context_radius(2)
        .header(&header("a"), &header("b"))
        .to_string()
}

/// Replace non-overlapping byte ranges of `text` (overlaps and ranges that
/// are not on character boundaries are skipped).
fn splice(text: &str, mut parts: Vec<(Range<usize>, String)>) -> String {
    parts.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for (r, new) in parts {
        if r.start < pos
            || r.end > text.len()
            || !text.is_char_boundary(r.start)
            || !text.is_char_boundary(r.end)
        {
            continue;
        }
        out.push_str(&text[pos..r.start]);
        out.push_str(&new);
        pos = r.end;
    }
    out.push_str(&text[pos..]);
    out
}
