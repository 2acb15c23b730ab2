//! `.connleak-baseline.json`: findings accepted when connleak was adopted,
//! so that only new ones fail the gate.
//!
//! An entry holds the finding's fingerprint (PBKDF2 over rule, path and
//! secret: see `connleak_core::fingerprint`), the rule, the path and a free-text reason.
//! Never the secret, nor a plain hash of it. No line numbers: moving code
//! inside a file keeps its entries valid, and a changed secret on the same
//! line is a new finding because its fingerprint changes.

use anyhow::{bail, Context, Result};
use connleak_core::model::Finding;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const VERSION: u32 = 1;

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    /// how the fingerprints were made, for readers of the file
    #[serde(default)]
    pub fingerprint: String,
    pub entries: Vec<Entry>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
    #[serde(default)]
    pub reason: String,
}

const FINGERPRINT_NOTE: &str =
    "pbkdf2-hmac-sha256, 4096 iterations, salted with rule and path; no secret is stored";

impl Baseline {
    pub fn from_findings<'a>(
        findings: impl IntoIterator<Item = &'a Finding>,
        reason: &str,
        fp_path: impl Fn(&Finding) -> String,
    ) -> Baseline {
        let mut entries: Vec<Entry> = findings
            .into_iter()
            .filter(|f| !f.fingerprint.is_empty())
            .map(|f| Entry {
                path: fp_path(f),
                rule: f.rule.clone(),
                fingerprint: f.fingerprint.clone(),
                reason: reason.to_string(),
            })
            .collect();
        entries.sort();
        entries.dedup_by(|a, b| a.fingerprint == b.fingerprint);
        Baseline {
            version: VERSION,
            fingerprint: FINGERPRINT_NOTE.to_string(),
            entries,
        }
    }

    pub fn load(path: &Path) -> Result<Baseline> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading baseline {}", path.display()))?;
        Baseline::parse(&text, &path.display().to_string())
    }

    /// A baseline's text; `source` names it in errors (which never quote
    /// the text).
    pub fn parse(text: &str, source: &str) -> Result<Baseline> {
        let b: Baseline = serde_json::from_str(text).map_err(|e| {
            anyhow::anyhow!(
                "{source}: not a connleak baseline: {}",
                connleak_core::text::without_values(&e.to_string())
            )
        })?;
        if b.version != VERSION {
            bail!(
                "{source}: baseline version {} is not supported (this connleak reads version {VERSION})",
                b.version
            );
        }
        Ok(b)
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.json");
        std::fs::write(&p, r#"{"version": 9, "entries": []}"#).unwrap();
        assert!(Baseline::load(&p).is_err());
        std::fs::write(&p, r#"{"version": 1, "entries": []}"#).unwrap();
        assert!(Baseline::load(&p).unwrap().entries.is_empty());
    }
}
