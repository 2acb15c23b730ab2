//! `connleak baseline create` and `update`: record the accepted findings of
//! a scan, or drop the entries that no longer match.

use super::scan::{apply_policy, collect_any, prepare};
use super::warn_errors;
use crate::baseline::Baseline;
use crate::cli::BaselineArgs;
use anyhow::{bail, Context, Result};
use connleak_core::model::{Finding, SuppressedBy};
use std::path::{Path, PathBuf};

/// The path a finding's fingerprint was salted with, as the walker computes
/// it: relative to the enclosing git work tree, else to the scanned root
/// that holds the file (`roots`), else as displayed (standard input).
/// Staged and history findings are already relative to their repository.
fn fp_path(f: &Finding, repo_relative: bool, roots: &[PathBuf]) -> String {
    if repo_relative {
        return f.path.clone();
    }
    let Ok(abs) = std::fs::canonicalize(&f.path) else {
        return f.path.clone();
    };
    let rel = |base: &Path| {
        abs.strip_prefix(base)
            .ok()
            .map(|r| r.to_string_lossy().replace('\\', "/"))
    };
    let mut dir = abs.parent();
    while let Some(d) = dir {
        if d.join(".git").exists() {
            if let Some(r) = rel(d) {
                return r;
            }
        }
        dir = d.parent();
    }
    for root in roots {
        let Ok(base) = std::fs::canonicalize(root) else {
            continue;
        };
        let base = if base.is_dir() {
            base
        } else {
            base.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        if let Some(r) = rel(&base) {
            return r;
        }
    }
    f.path.clone()
}

/// `connleak baseline create`: every current finding becomes an entry. A
/// finding that the existing baseline already accepts keeps its entry, with
/// the reason someone may have edited by hand; new ones get `--reason`.
pub fn create(args: &BaselineArgs) -> Result<u8> {
    no_policy_from(args)?;
    let mut p = prepare(&args.scan, false)?;
    if p.baseline_path.is_file() {
        p.policy.baseline = Some(Baseline::load(&p.baseline_path).with_context(|| {
            "the existing baseline cannot be read, so its reasons would be lost: \
             fix or remove it first"
        })?);
    }
    let (mut outcome, readable) = collect_any(&args.scan, &p)?;
    if readable == 0 {
        warn_errors(&outcome, args.scan.quiet);
        bail!("nothing could be read: no baseline written");
    }
    apply_policy(&mut outcome, &p);
    warn_errors(&outcome, args.scan.quiet);
    let fp = |f: &Finding| fp_path(f, args.scan.staged || args.scan.history, &args.scan.paths);
    let mut b = Baseline::from_findings(
        outcome.findings.iter().map(|i| &i.finding),
        &args.reason,
        fp,
    );
    let mut kept = 0;
    if let Some(old) = &p.policy.baseline {
        for item in &outcome.suppressed {
            let Some(s) = &item.suppression else {
                continue;
            };
            if let (SuppressedBy::Baseline, Some(i)) = (s.suppressed_by, s.entry) {
                let Some(e) = old.entries.get(i) else {
                    continue;
                };
                let f = &item.finding;
                let mut e = e.clone();
                // a renamed file: the entry follows it
                if e.fingerprint != f.fingerprint {
                    e.path = fp(f);
                    e.fingerprint = f.fingerprint.clone();
                }
                b.entries.push(e);
                kept += 1;
            }
        }
        b.entries.sort();
        b.entries.dedup_by(|a, b| a.fingerprint == b.fingerprint);
    }
    b.save(&p.baseline_path)?;
    let n = outcome.findings.len() + kept;
    eprintln!(
        "connleak: wrote {} entr{} for {} finding{} ({kept} kept with their reasons) to {}",
        b.entries.len(),
        if b.entries.len() == 1 { "y" } else { "ies" },
        n,
        if n == 1 { "" } else { "s" },
        p.baseline_path.display()
    );
    Ok(0)
}

/// `connleak baseline update`: drop the entries no finding matches any more
/// (and follow entries whose file was renamed).
pub fn update(args: &BaselineArgs) -> Result<u8> {
    no_policy_from(args)?;
    let p = prepare(&args.scan, true)?;
    let Some(old) = p.policy.baseline.clone() else {
        bail!(
            "no baseline at {}: `connleak baseline create` writes one",
            p.baseline_path.display()
        );
    };
    let (mut outcome, readable) = collect_any(&args.scan, &p)?;
    if readable == 0 {
        warn_errors(&outcome, args.scan.quiet);
        bail!("nothing could be read: baseline left as it was");
    }
    let used = apply_policy(&mut outcome, &p);
    warn_errors(&outcome, args.scan.quiet);
    let mut entries: Vec<_> = old
        .entries
        .iter()
        .zip(&used)
        .filter(|(_, u)| **u)
        .map(|(e, _)| e.clone())
        .collect();
    // entries matched under an old path now carry the new path and fingerprint
    for item in &outcome.suppressed {
        let Some(s) = &item.suppression else {
            continue;
        };
        if let (SuppressedBy::Baseline, Some(i)) = (s.suppressed_by, s.entry) {
            let e = &old.entries[i];
            let f = &item.finding;
            if e.fingerprint != f.fingerprint {
                if let Some(k) = entries.iter_mut().find(|k| k.fingerprint == e.fingerprint) {
                    k.path = fp_path(f, args.scan.staged || args.scan.history, &args.scan.paths);
                    k.fingerprint = f.fingerprint.clone();
                }
            }
        }
    }
    entries.sort();
    let dropped = old.entries.len() - entries.len();
    let kept = entries.len();
    let new = Baseline { entries, ..old };
    new.save(&p.baseline_path)?;
    eprintln!(
        "connleak: baseline {}: dropped {dropped} stale entr{}, kept {kept}",
        p.baseline_path.display(),
        if dropped == 1 { "y" } else { "ies" }
    );
    Ok(0)
}

/// The baseline is written to the working tree: a policy taken from a
/// revision has no place here.
fn no_policy_from(args: &BaselineArgs) -> Result<()> {
    if args.scan.policy_from.is_some() {
        bail!("--policy-from is for `connleak scan`; a baseline is written from the working tree");
    }
    Ok(())
}
