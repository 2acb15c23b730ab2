//! Why a finding was not reported: an inline marker, the configuration's
//! `allow` patterns or the baseline. Which ones apply is decided above the
//! model (inline markers by the scanner, the rest by the scan command's
//! policy); this is the record of it.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SuppressedBy {
    Inline,
    Config,
    Baseline,
}

impl SuppressedBy {
    pub const ALL: [SuppressedBy; 3] = [
        SuppressedBy::Inline,
        SuppressedBy::Config,
        SuppressedBy::Baseline,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SuppressedBy::Inline => "inline",
            SuppressedBy::Config => "config",
            SuppressedBy::Baseline => "baseline",
        }
    }
}

/// A finding that was not reported, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    pub suppressed_by: SuppressedBy,
    /// the `reason="..."` of the marker, the baseline entry's reason, or the
    /// config pattern that matched
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    /// the baseline entry that matched, by index
    #[serde(skip)]
    pub entry: Option<usize>,
}
