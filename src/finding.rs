//! What a scan produces: findings, the errors met on the way, and counts.

use crate::host::{AzureService, Cloud};
use crate::secret::Secret;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
    pub fn lower(self) -> Confidence {
        match self {
            Confidence::High => Confidence::Medium,
            _ => Confidence::Low,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    SqlServer,
    PostgreSql,
    MySql,
    MariaDb,
    Oracle,
    Db2,
    MongoDb,
    Redis,
    CosmosDb,
    CockroachDb,
    ClickHouse,
}

impl Engine {
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::SqlServer => "sqlserver",
            Engine::PostgreSql => "postgresql",
            Engine::MySql => "mysql",
            Engine::MariaDb => "mariadb",
            Engine::Oracle => "oracle",
            Engine::Db2 => "db2",
            Engine::MongoDb => "mongodb",
            Engine::Redis => "redis",
            Engine::CosmosDb => "cosmosdb",
            Engine::CockroachDb => "cockroachdb",
            Engine::ClickHouse => "clickhouse",
        }
    }

    /// Guess from a URI scheme, JDBC sub-protocol, driver name or key name.
    pub fn from_word(word: &str) -> Option<Engine> {
        let w = word.to_ascii_lowercase();
        let has = |x: &str| w.contains(x);
        Some(if has("cockroach") {
            Engine::CockroachDb
        } else if has("postgres")
            || has("pgsql")
            || has("psql")
            || has("npgsql")
            || w.starts_with("pg")
        {
            Engine::PostgreSql
        } else if has("mariadb") {
            Engine::MariaDb
        } else if has("mysql") {
            Engine::MySql
        } else if has("sqlserver")
            || has("sql server")
            || has("mssql")
            || has("sqlncli")
            || has("sqloledb")
            || has("msoledbsql")
            || has("jtds")
            || has("tds")
            || w == "sa"
            || w.starts_with("sa_")
        {
            Engine::SqlServer
        } else if has("oracle") || has("oraoledb") || has("ora") && w.len() <= 6 {
            Engine::Oracle
        } else if has("db2") {
            Engine::Db2
        } else if has("mongo") {
            Engine::MongoDb
        } else if has("redis") {
            Engine::Redis
        } else if has("cosmos") {
            Engine::CosmosDb
        } else if has("clickhouse") {
            Engine::ClickHouse
        } else {
            return None;
        })
    }

    pub fn from_port(port: u16) -> Option<Engine> {
        Some(match port {
            1433 => Engine::SqlServer,
            5432 => Engine::PostgreSql,
            3306 => Engine::MySql,
            1521 => Engine::Oracle,
            50000 => Engine::Db2,
            27017 => Engine::MongoDb,
            6379 | 6380 => Engine::Redis,
            26257 => Engine::CockroachDb,
            8123 | 9000 => Engine::ClickHouse,
            _ => return None,
        })
    }

    pub fn from_service(s: AzureService) -> Engine {
        match s {
            AzureService::AzureSql
            | AzureService::SqlManagedInstance
            | AzureService::Synapse
            | AzureService::Fabric => Engine::SqlServer,
            AzureService::PostgreSql => Engine::PostgreSql,
            AzureService::MySql => Engine::MySql,
            AzureService::MariaDb => Engine::MariaDb,
            AzureService::CosmosDb => Engine::CosmosDb,
            AzureService::Redis => Engine::Redis,
        }
    }
}

/// One embedded database credential.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub rule: String,
    pub kind: String,
    pub engine: Option<Engine>,
    pub host: Option<String>,
    pub port: Option<u16>,
    pub database: Option<String>,
    pub service: Option<AzureService>,
    pub cloud: Option<Cloud>,
    pub user: Option<String>,
    /// redacted unless the report was asked to show secrets
    pub secret: Secret,
    pub fingerprint: String,
    pub severity: Severity,
    pub confidence: Confidence,
    /// the line around the secret, with every secret on it redacted
    /// (or shown, with `--show-secrets`)
    pub snippet: String,
    /// the file's encoding, when it was not plain UTF-8
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<&'static str>,
    /// what to do instead, filled in by the remediation engine
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remediation: Option<crate::remedy::Remediation>,
    /// the credential this secret belongs to (same secret, host and user
    /// anywhere): a keyed hash, see `fingerprint::credential_id`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub credential: String,
    /// for a history scan: where the secret came from and where it is now
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Box<crate::history::Provenance>>,
    /// the text the secret was found in; never serialized
    #[serde(skip)]
    pub source: Option<Source>,
}

/// The raw text around a secret, kept (redacting itself like any
/// [`Secret`]) so that the remediation engine can rebuild the connection
/// string without the password and compute exact edits. Offsets are bytes of
/// the decoded text the scanner saw (UTF-8, after any BOM).
#[derive(Clone, Debug)]
pub struct Source {
    /// the whole connection string, URL or assignment value
    pub claim: std::ops::Range<usize>,
    pub claim_text: Secret,
    /// the secret itself
    pub secret: std::ops::Range<usize>,
    /// the line the secret starts on, without its line ending
    pub line: std::ops::Range<usize>,
    pub line_text: Secret,
}

/// A per-file problem that did not stop the scan.
#[derive(Clone, Debug, Serialize)]
pub struct ScanError {
    pub path: String,
    pub message: String,
}

/// Why a file was not scanned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkipReason {
    Binary,
    TooLarge,
    NotAFile,
    Unreadable,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub files_scanned: u64,
    pub bytes_scanned: u64,
    pub files_skipped: u64,
    pub skipped_binary: u64,
    pub skipped_too_large: u64,
    pub skipped_other: u64,
    pub findings: u64,
    /// findings suppressed inline, by the config or by the baseline
    #[serde(skip_serializing_if = "is_zero")]
    pub suppressed: u64,
    pub elapsed_ms: u64,
    /// for a history scan: refs, commits and blobs (each distinct blob is
    /// scanned once: `blobs_scanned + blobs_skipped == blobs_distinct`)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<crate::history::HistoryStats>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Summary {
    /// Add another scan's counts (files, bytes, skips) to these.
    pub fn absorb(&mut self, b: &Summary) {
        self.files_scanned += b.files_scanned;
        self.bytes_scanned += b.bytes_scanned;
        self.skipped_binary += b.skipped_binary;
        self.skipped_too_large += b.skipped_too_large;
        self.skipped_other += b.skipped_other;
        self.files_skipped = self.skipped_binary + self.skipped_too_large + self.skipped_other;
    }
}

#[derive(Clone, Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub errors: Vec<ScanError>,
    pub summary: Summary,
    /// findings not reported, and why (see `suppress`)
    pub suppressed: Vec<crate::suppress::Suppressed>,
}

impl Outcome {
    /// Deterministic order: path, line, column, rule.
    pub fn sort(&mut self) {
        self.findings.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.rule).cmp(&(&b.path, b.line, b.column, &b.rule))
        });
        self.errors
            .sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
        self.summary.findings = self.findings.len() as u64;
        self.suppressed.sort_by(|a, b| {
            let (a, b) = (&a.finding, &b.finding);
            (&a.path, a.line, a.column, &a.rule).cmp(&(&b.path, b.line, b.column, &b.rule))
        });
    }
}
