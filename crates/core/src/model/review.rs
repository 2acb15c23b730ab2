//! `scan --policy-from REF`: what the scanned tree changes in the policy
//! that REF holds. These are not [`Finding`](super::Finding)s: there is no
//! secret, no engine, no credential to rotate and nothing to advise, and a
//! finding can be suppressed by a baseline or an `allow` pattern, which the
//! change under review must not be able to do to its own report. They
//! travel in the summary and every report shows them; a policy change fails
//! the gate like a high-severity finding.

use super::Severity;
use serde::{Deserialize, Serialize};

/// The rule id policy changes are reported under (SARIF, annotations).
pub const POLICY_CHANGED: &str = "policy-changed";

/// The policy a scan took from a trusted revision, and what the scanned
/// tree changed compared with it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyReview {
    /// the scanned repository's name, as its findings carry it (what
    /// `merge` tells the reviews of several repositories apart by)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// the revision as given (`--policy-from`)
    pub reference: String,
    /// the commit it resolved to
    pub commit: String,
    /// policy files the scanned tree adds, modifies or deletes
    #[serde(default)]
    pub changes: Vec<PolicyChange>,
    /// findings suppressed by an inline marker that does not suppress
    /// them at the reference (a marker added, or a new secret under an
    /// old marker)
    #[serde(default)]
    pub allowances_added: Vec<Allowance>,
}

/// One policy file that differs from the reference.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PolicyChange {
    /// as reports show paths
    pub path: String,
    /// always [`POLICY_CHANGED`]
    pub rule: String,
    /// always high
    pub severity: Severity,
    pub file: PolicyFile,
    pub change: Change,
}

impl PolicyChange {
    pub fn new(path: String, file: PolicyFile, change: Change) -> PolicyChange {
        PolicyChange {
            path,
            rule: POLICY_CHANGED.to_string(),
            severity: Severity::High,
            file,
            change,
        }
    }

    /// One sentence for every report.
    pub fn message(&self, reference: &str) -> String {
        let what = match self.file {
            PolicyFile::Config => "connleak configuration",
            PolicyFile::Baseline => "connleak baseline",
            PolicyFile::Rules => "connleak rule file",
        };
        format!(
            "{what} {} compared with {reference}: this scan used the version at {reference} \
             (--policy-from); the change takes effect once it is merged, so review it",
            self.change.as_str()
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PolicyFile {
    /// `.connleak.toml`, or the file named with `--config`
    Config,
    /// the baseline file
    Baseline,
    /// a rule file of `rules-dir` or `--rules`
    Rules,
}

impl PolicyFile {
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyFile::Config => "config",
            PolicyFile::Baseline => "baseline",
            PolicyFile::Rules => "rules",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Modified,
    Deleted,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Modified => "modified",
            Change::Deleted => "deleted",
        }
    }
}

/// A finding an inline marker suppresses in the scanned tree but not at
/// the reference.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Allowance {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub rule: String,
    pub severity: Severity,
    pub fingerprint: String,
    /// the marker's `reason="..."`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
}
