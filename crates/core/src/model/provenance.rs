//! Where a secret found in git history came from, and where it is now.

use serde::{Deserialize, Serialize};

/// A commit as reports show it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct CommitInfo {
    pub id: String,
    pub author: String,
    /// RFC 3339, UTC
    pub date: String,
    /// seconds since the epoch (not in reports: `date` says it)
    #[serde(skip)]
    pub time: i64,
    pub summary: String,
}

/// Whether a secret of the history is still there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HistoryStatus {
    /// still in the tree at HEAD (or, for a working-tree scan, in the tree)
    Live,
    /// on the default branch once, gone from HEAD's tree now
    Removed,
    /// never on the default branch, only on other refs
    BranchOnly,
}

impl HistoryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            HistoryStatus::Live => "live",
            HistoryStatus::Removed => "removed",
            HistoryStatus::BranchOnly => "branch-only",
        }
    }
}

/// Where a secret in history came from and where it is now.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Provenance {
    /// the repository, as given on the command line
    pub repository: String,
    /// the oldest commit that added the secret's blob at this path
    pub introduced: CommitInfo,
    pub status: HistoryStatus,
    /// the commit on the default branch that removed it, for `removed`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed_by: Option<CommitInfo>,
    /// the refs from which the introducing commit is reachable
    #[serde(default)]
    pub refs: Vec<String>,
    /// every (commit, path) that added this same blob
    #[serde(default)]
    pub introductions: usize,
}

/// Counters of a history scan, for the summary and the benchmark.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct HistoryStats {
    pub refs: u64,
    pub commits: u64,
    pub blobs_distinct: u64,
    pub blobs_scanned: u64,
    pub blobs_skipped: u64,
    pub bytes_scanned: u64,
}

impl HistoryStats {
    /// Add another repository's counters to these.
    pub fn absorb(&mut self, b: &HistoryStats) {
        self.refs += b.refs;
        self.commits += b.commits;
        self.blobs_distinct += b.blobs_distinct;
        self.blobs_scanned += b.blobs_scanned;
        self.blobs_skipped += b.blobs_skipped;
        self.bytes_scanned += b.bytes_scanned;
    }
}
