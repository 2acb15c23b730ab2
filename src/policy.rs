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

