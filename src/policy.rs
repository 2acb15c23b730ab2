//! Suppressions decided by the project's policy: findings a team has
//! looked at and accepted.
//!
//! Three sources, checked in this order:
//! - **inline** markers (`connleak:allow`), decided by the scanner itself
//!   (`connleak_core::scan::split_inline`);
//! - **config**: an `allow` regex of `.connleak.toml` matching the secret value;
//! - **baseline**: the finding's fingerprint is in the baseline file.
//!
//! A suppressed finding is not reported as a finding and never fails the
//! gate; it is counted in the summary and listed with `--include-suppressed`.

use crate::baseline::Baseline;
use connleak_core::model::{Item, Outcome, Severity, SuppressedBy, Suppression};
use std::collections::HashMap;

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
    let suppress = |mut item: Item, by, justification, entry| {
        item.suppression = Some(Suppression {
            suppressed_by: by,
            justification,
            entry,
        });
        item
    };
    for mut item in std::mem::take(&mut outcome.findings) {
        let f = &mut item.finding;
        if let Some(s) = policy.severity.get(&f.rule) {
            f.severity = *s;
        }
        if let Some(re) = policy.allow.iter().find(|r| r.is_match(f.secret.expose())) {
            let why = Some(format!("allow = '{}'", re.as_str()));
            outcome
                .suppressed
                .push(suppress(item, SuppressedBy::Config, why, None));
            continue;
        }
        if let Some(&i) = by_fp.get(f.fingerprint.as_str()) {
            used[i] = true;
            let reason = policy
                .baseline
                .as_ref()
                .map(|b| b.entries[i].reason.clone())
                .filter(|r| !r.is_empty());
            outcome
                .suppressed
                .push(suppress(item, SuppressedBy::Baseline, reason, Some(i)));
            continue;
        }
        unmatched.push(item);
    }
    // A file that was renamed: its findings' fingerprints (salted with the
    // path) changed. An entry nothing matched, for the same rule, is tried
    // with the new secret under its old path, within a bounded budget.
    let mut budget = RENAME_BUDGET;
    if let Some(b) = &policy.baseline {
        for item in unmatched {
            let f = &item.finding;
            let mut matched = None;
            for (i, e) in b.entries.iter().enumerate() {
                if used[i] || e.rule != f.rule || e.path == f.path || budget == 0 {
                    continue;
                }
                budget -= 1;
                if connleak_core::fingerprint::fingerprint(&e.rule, &e.path, f.secret.expose())
                    == e.fingerprint
                {
                    matched = Some(i);
                    break;
                }
            }
            match matched {
                Some(i) => {
                    used[i] = true;
                    let why = Some(format!("moved from {}", b.entries[i].path));
                    outcome
                        .suppressed
                        .push(suppress(item, SuppressedBy::Baseline, why, Some(i)));
                }
                None => keep.push(item),
            }
        }
    } else {
        keep = unmatched;
    }
    outcome.findings = keep;
    outcome.sort();
    used
}
