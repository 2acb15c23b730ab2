//! A reported item: a finding and what the stages after the scanner add
//! beside it (the advice, the credential id, the provenance of a history
//! scan, a suppression). Reports are made of items; the finding itself stays
//! what the scanner produced.

use super::{Finding, Provenance, Remediation, Suppression, Verification};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Item {
    #[serde(flatten)]
    pub finding: Finding,
    /// the repository it was found in: `--repository-name`, else the URL of
    /// the `origin` remote, else the folder name (history scans keep it in
    /// `provenance` instead)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// what to do instead, from the remediation engine
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<Remediation>,
    /// the credential this secret belongs to (same secret, host and user
    /// anywhere): a keyed hash, see `fingerprint::credential_id`
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub credential: String,
    /// for a history scan: where the secret came from and where it is now
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Box<Provenance>>,
    /// with `scan --verify`: whether the server named with the secret
    /// still accepts it (absent without `--verify`)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
    /// why it is not reported as a finding, if it is not
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub suppression: Option<Suppression>,
}

impl Item {
    pub fn new(finding: Finding) -> Item {
        Item {
            finding,
            repository: None,
            remediation: None,
            credential: String::new(),
            provenance: None,
            verification: None,
            suppression: None,
        }
    }

    /// The repository it was found in, if the report names it.
    pub fn repository(&self) -> Option<&str> {
        self.repository
            .as_deref()
            .or_else(|| self.provenance.as_ref().map(|p| p.repository.as_str()))
            .filter(|r| !r.is_empty())
    }

    /// Report order: repository, then path, line, column, rule; then, for
    /// the versions of one file in a history, the introducing commit (time
    /// and id) and the fingerprint, so that equal positions keep one order
    /// from run to run.
    pub fn sort_key(&self) -> ItemSortKey<'_> {
        (
            self.repository(),
            self.finding.sort_key(),
            self.provenance
                .as_ref()
                .map(|p| (p.introduced.time, p.introduced.id.as_str())),
            &self.finding.fingerprint,
        )
    }

    /// Live at HEAD, or found in a working tree.
    pub fn is_live(&self) -> bool {
        self.provenance
            .as_ref()
            .is_none_or(|p| p.status == super::HistoryStatus::Live)
    }
}

/// See [`Item::sort_key`].
pub type ItemSortKey<'a> = (
    Option<&'a str>,
    (&'a str, usize, usize, &'a str),
    Option<(i64, &'a str)>,
    &'a str,
);

impl From<Finding> for Item {
    fn from(f: Finding) -> Item {
        Item::new(f)
    }
}
