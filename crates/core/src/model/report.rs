//! The JSON report, versioned: what `scan --format json` writes and what
//! `merge` reads back. Adding a field is compatible; removing or changing
//! one raises [`VERSION`].

use super::{Credential, Item, ScanError, Skipped, Summary, Unlisted};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The report format's version.
pub const VERSION: u32 = 1;

/// Borrowed when written (no copy of the findings), owned when read back.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Report<'a> {
    pub version: u32,
    /// how many reports `merge` combined into this one
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_reports: Option<usize>,
    pub findings: Cow<'a, [Item]>,
    #[serde(default)]
    pub inventory: Vec<Credential>,
    #[serde(default)]
    pub errors: Vec<ScanError>,
    /// files not scanned on purpose (too large, not regular files)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
    /// files with more findings than are listed per file, and how many
    /// were not listed
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unlisted: Vec<Unlisted>,
    #[serde(default)]
    pub summary: Summary,
    /// with `--include-suppressed`: the findings not reported, and why
    #[serde(default, skip_serializing_if = "no_items")]
    pub suppressed: Cow<'a, [Item]>,
}

// serde hands `skip_serializing_if` a reference to the field itself
#[allow(clippy::ptr_arg)]
fn no_items(v: &Cow<'_, [Item]>) -> bool {
    v.is_empty()
}
