//! `connleak fix`: apply the exact edits of the remediation engine.
//!
//! Findings -> edits per file -> new file contents. An edit replaces only
//! the connection string (or property line) it was computed for; every other
//! byte of the file is kept, including line endings, a BOM and the UTF-16
//! encoding. The file is re-read and each edit's old text checked before
//! anything is changed, so a file edited since the scan is left alone.

use crate::finding::Finding;
use crate::input::{decode, Decoded};
use crate::remedy::Edit;
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
    pub findings: Vec<Finding>,
    /// where every secret found in the file is (byte ranges of `before`),
    /// with its redacted form, for the diff
    pub secrets: Vec<(Range<usize>, String)>,
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
pub fn plan(findings: &[Finding]) -> (Vec<FilePlan>, Vec<Skipped>) {
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        if f.remediation.as_ref().is_some_and(|r| !r.edits.is_empty()) {
            by_file.entry(f.path.as_str()).or_default().push(f);
        }
    }
    let mut plans = Vec::new();
    let mut skipped = Vec::new();
    for (path, fs) in by_file {
        match plan_file(path, &fs) {
            Ok(mut p) => {
                p.secrets = findings
                    .iter()
                    .filter(|f| f.path == path)
                    .filter_map(|f| Some((f.source.as_ref()?.secret.clone(), f.secret.redacted())))
                    .collect();
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

fn plan_file(path: &str, findings: &[&Finding]) -> Result<FilePlan, String> {
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
    let mut edits: Vec<(&Edit, &Finding)> = findings
        .iter()
        .flat_map(|f| {
            f.remediation
                .iter()
                .flat_map(|r| r.edits.iter())
                .map(move |e| (e, *f))
        })
        .collect();
    edits.sort_by_key(|(e, _)| (e.range.start, e.range.end));
    edits.dedup_by(|a, b| a.0.range == b.0.range);
    let mut after = text.clone();
    let mut applied: Vec<Finding> = Vec::new();
    let mut done: Vec<(Range<usize>, String)> = Vec::new();
    let mut last_start = usize::MAX;
    for (e, f) in edits.iter().rev() {
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
        if !applied
            .iter()
            .any(|a| a.fingerprint == f.fingerprint && a.line == f.line)
        {
            applied.push((*f).clone());
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
        edits: done,
    })
}

/// Text back to the bytes of the original encoding (BOM included when the
/// original had one).
fn encode(text: &str, encoding: Option<&str>, original: &[u8]) -> Vec<u8> {
    match encoding {
        Some("utf-16le") | Some("utf-16be") => {
            let le = encoding == Some("utf-16le");
            let bom = if le {
                original.starts_with(b"\xFF\xFE")
            } else {
                original.starts_with(b"\xFE\xFF")
            };
            let mut out = Vec::with_capacity(text.len() * 2 + 2);
            if bom {
                out.extend_from_slice(if le { b"\xFF\xFE" } else { b"\xFE\xFF" });
            }
            for u in text.encode_utf16() {
                out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            // an odd trailing byte cannot be UTF-16: keep it as it was
            if original.len() % 2 == 1 {
                out.push(original[original.len() - 1]);
            }
            out
        }
        Some("utf-8-bom") => {
            let mut out = b"\xEF\xBB\xBF".to_vec();
            out.extend_from_slice(text.as_bytes());
            out
        }
        _ => text.as_bytes().to_vec(),
    }
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
        (splice(&p.before, redact), splice(&p.before, both))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_round_trip() {
        let text = "a=b\r\nc=d\n";
        let mut le = b"\xFF\xFE".to_vec();
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(encode(text, Some("utf-16le"), &le), le);
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(encode(text, Some("utf-16be"), &be), be);
        let bom = [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat();
        assert_eq!(encode(text, Some("utf-8-bom"), &bom), bom);
        assert_eq!(encode(text, None, text.as_bytes()), text.as_bytes());
    }
}
