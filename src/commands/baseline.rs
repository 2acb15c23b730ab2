//! `connleak baseline create` and `update`: record the accepted findings of
//! a scan, or drop the entries that no longer match.

use super::scan::{apply_policy, collect, prepare};
use super::warn_errors;
use crate::baseline::Baseline;
use crate::cli::BaselineArgs;
use anyhow::{bail, Result};
use connleak_core::model::{Finding, SuppressedBy};
use std::path::{Path, PathBuf};

/// The path a finding's fingerprint was salted with, as the walker computes
/// it: relative to the enclosing git work tree, else to the scanned root
/// that holds the file (`roots`), else as displayed (standard input).
fn fp_path(f: &Finding, staged: bool, roots: &[PathBuf]) -> String {
    if staged {
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

/// `connleak baseline create`: every current finding becomes an entry.
pub fn create(args: &BaselineArgs) -> Result<u8> {
    no_policy_from(args)?;
    let p = prepare(&args.scan, false)?;
    let (mut outcome, readable) = collect(&args.scan, &p)?;
    if readable == 0 {
        warn_errors(&outcome, args.scan.quiet);
        bail!("nothing could be read: no baseline written");
    }
    apply_policy(&mut outcome, &p);
    warn_errors(&outcome, args.scan.quiet);
    let b = Baseline::from_findings(
        outcome.findings.iter().map(|i| &i.finding),
        &args.reason,
        |f| fp_path(f, args.scan.staged, &args.scan.paths),
    );
    b.save(&p.baseline_path)?;
    eprintln!(
        "connleak: wrote {} entr{} for {} finding{} to {}",
        b.entries.len(),
        if b.entries.len() == 1 { "y" } else { "ies" },
        outcome.findings.len(),
        if outcome.findings.len() == 1 { "" } else { "s" },
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
    let (mut outcome, readable) = collect(&args.scan, &p)?;
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
                    k.path = fp_path(f, args.scan.staged, &args.scan.paths);
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
