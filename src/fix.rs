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
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The result of planning the edits of one file.
pub struct FilePlan {
    pub path: String,
    pub before: String,
    pub after: String,
    /// the bytes to write (same encoding as the original)
    pub bytes: Vec<u8>,
    /// the file's bytes when it was planned: it is replaced only if it
    /// still holds exactly these
    pub original: Vec<u8>,
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
                        f.secret_forms()
                            .into_iter()
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
        original,
        findings: applied,
        secrets: Vec::new(),
        secret_values: Vec::new(),
        edits: done,
    })
}

/// Replace the planned file with its new bytes, safely against a tree that
/// changes meanwhile (the diff is printed first, and a slow pipe can hold
/// the process for as long as it likes):
/// - the file must still be a regular file, not a symbolic link, and hold
///   exactly the bytes it was planned from (a concurrent edit is kept);
/// - its directory, symbolic links resolved, must be inside one of `roots`
///   (the scanned paths): a directory swapped for a link out of the tree is
///   refused;
/// - the new contents go to a temporary file in the same directory, with
///   the file's permissions, synced, then renamed over the file: a reader
///   sees the old file or the new one, never half of it, and the rename
///   replaces the directory entry instead of writing through a link.
///
/// A race between the last check and the rename remains possible; it can
/// only replace the entry the check saw, inside the tree.
pub fn write_plan(p: &FilePlan, roots: &[PathBuf]) -> Result<(), String> {
    let path = Path::new(&p.path);
    let meta = std::fs::symlink_metadata(path).map_err(|e| format!("cannot read it: {e}"))?;
    if meta.file_type().is_symlink() {
        return Err("it is now a symbolic link".into());
    }
    if !meta.is_file() {
        return Err("it is no longer a regular file".into());
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let real_dir =
        std::fs::canonicalize(&dir).map_err(|e| format!("cannot resolve its folder: {e}"))?;
    let inside = roots.iter().any(|r| {
        std::fs::canonicalize(r).is_ok_and(|r| {
            let r = if r.is_file() {
                r.parent().map(Path::to_path_buf).unwrap_or(r)
            } else {
                r
            };
            real_dir.starts_with(r)
        })
    });
    if !inside {
        return Err("its folder resolves outside the scanned paths (a symbolic link?)".into());
    }
    let now = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
    if now != p.original {
        return Err("it changed since it was scanned".into());
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".connleak-fix-")
        .tempfile_in(&real_dir)
        .map_err(|e| format!("cannot create a temporary file beside it: {e}"))?;
    tmp.as_file()
        .set_permissions(meta.permissions())
        .map_err(|e| format!("cannot copy its permissions: {e}"))?;
    tmp.write_all(&p.bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| format!("cannot write the new contents: {e}"))?;
    let target = real_dir.join(path.file_name().ok_or("it has no file name")?);
    tmp.persist(&target)
        .map_err(|e| format!("cannot replace it: {}", e.error))?;
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_for(path: &Path, original: &str, new: &str) -> FilePlan {
        FilePlan {
            path: path.to_string_lossy().into_owned(),
            before: original.into(),
            after: new.into(),
            bytes: new.as_bytes().to_vec(),
            original: original.as_bytes().to_vec(),
            findings: Vec::new(),
            secrets: Vec::new(),
            secret_values: Vec::new(),
            edits: Vec::new(),
        }
    }

    #[cfg(unix)]
    #[test]
    fn writes_atomically_keeping_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repo");
        std::fs::create_dir_all(root.join("cfg")).unwrap();
        let f = root.join("cfg/app.env");
        std::fs::write(&f, "old\n").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_plan(&plan_for(&f, "old\n", "new\n"), std::slice::from_ref(&root)).unwrap();
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "new\n");
        let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        let left: Vec<_> = std::fs::read_dir(root.join("cfg")).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file left");
    }

    #[test]
    fn a_file_changed_since_the_scan_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("app.env");
        std::fs::write(&f, "edited by someone else\n").unwrap();
        let e = write_plan(&plan_for(&f, "old\n", "new\n"), &[dir.path().to_path_buf()]);
        assert_eq!(e.unwrap_err(), "it changed since it was scanned");
        assert_eq!(
            std::fs::read_to_string(&f).unwrap(),
            "edited by someone else\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn never_writes_through_a_symbolic_link() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repo");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("victim"), "old\n").unwrap();
        let roots = [root.clone()];
        // the file swapped for a link to a file outside the tree
        let f = root.join("app.env");
        std::os::unix::fs::symlink(outside.join("victim"), &f).unwrap();
        let e = write_plan(&plan_for(&f, "old\n", "new\n"), &roots);
        assert_eq!(e.unwrap_err(), "it is now a symbolic link");
        // its folder swapped for a link out of the tree
        std::os::unix::fs::symlink(&outside, root.join("cfg")).unwrap();
        let e = write_plan(
            &plan_for(&root.join("cfg/victim"), "old\n", "new\n"),
            &roots,
        );
        assert!(e.unwrap_err().contains("outside the scanned paths"));
        assert_eq!(
            std::fs::read_to_string(outside.join("victim")).unwrap(),
            "old\n"
        );
    }
}
