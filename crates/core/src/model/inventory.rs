//! The credential inventory, as data: findings grouped into credentials
//! (the same secret for the same host and user is one credential, however
//! many files, commits, branches and repositories it appears in). The
//! grouping is `connleak-report`'s; this is what reports carry.

use super::{Engine, HistoryStatus, Remediation, Service, Severity, Verification};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Location {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    pub path: String,
    pub line: usize,
    pub rule: String,
    pub fingerprint: String,
    /// `live`, `removed` or `branch-only` (history); `live` for a tree scan
    pub status: HistoryStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed_by: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Credential {
    pub id: String,
    pub service: Service,
    pub service_label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<Engine>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// the redacted secret
    pub secret: String,
    pub severity: Severity,
    /// still present in a working tree or at HEAD somewhere
    pub live: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
    #[serde(default)]
    pub repositories: Vec<String>,
    pub locations: Vec<Location>,
    #[serde(default)]
    pub remediation: Option<Remediation>,
    /// with `scan --verify`: the most urgent result among its locations
    /// (live first); absent without `--verify`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
    /// `rotate now` when the server still accepts the credential
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice: Option<String>,
}
