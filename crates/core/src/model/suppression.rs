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

/// How many findings each source suppressed (kept in the summary, so the
/// counts stay right when the suppressed findings themselves are not
/// printed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SuppressedCounts {
    pub inline: u64,
    pub config: u64,
    pub baseline: u64,
}

impl SuppressedCounts {
    pub fn of(by: impl IntoIterator<Item = SuppressedBy>) -> Self {
        let mut c = Self::default();
        for b in by {
            *c.get_mut(b) += 1;
        }
        c
    }

    pub fn get(&self, by: SuppressedBy) -> u64 {
        match by {
            SuppressedBy::Inline => self.inline,
            SuppressedBy::Config => self.config,
            SuppressedBy::Baseline => self.baseline,
        }
    }

    fn get_mut(&mut self, by: SuppressedBy) -> &mut u64 {
        match by {
            SuppressedBy::Inline => &mut self.inline,
            SuppressedBy::Config => &mut self.config,
            SuppressedBy::Baseline => &mut self.baseline,
        }
    }

    pub fn absorb(&mut self, b: &SuppressedCounts) {
        for by in SuppressedBy::ALL {
            *self.get_mut(by) += b.get(by);
        }
    }

    pub fn is_zero(&self) -> bool {
        *self == Self::default()
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
