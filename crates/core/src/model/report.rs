//! The JSON report, versioned: what `scan --format json` writes and what
//! `merge` reads back. Adding a field is compatible; removing or changing
//! one raises [`VERSION`].

use super::{Credential, Item, ScanError, Skipped, Summary};
use serde::{Deserialize, Serialize};

/// The report format's version.
pub const VERSION: u32 = 1;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Report {
    pub version: u32,
    /// how many reports `merge` combined into this one
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_reports: Option<usize>,
    pub findings: Vec<Item>,
    #[serde(default)]
    pub inventory: Vec<Credential>,
    #[serde(default)]
    pub errors: Vec<ScanError>,
    /// files not scanned on purpose (too large, not regular files)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
    #[serde(default)]
    pub summary: Summary,
    /// with `--include-suppressed`: the findings not reported, and why
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressed: Vec<Item>,
}
