//! A finding: one embedded database credential, where it is and what it is
//! for. The scanner produces findings and nothing else; what is added later
//! (advice, credential id, provenance, suppression) travels beside it in an
//! [`Item`](super::Item).

use super::service::{AzureService, Cloud};
use super::Secret;
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
    /// SQLite with an encryption key (SQLCipher, SQLite3 Multiple Ciphers,
    /// `Microsoft.Data.Sqlite`'s `Password=`): a file key, not a login
    Sqlite,
}

impl Engine {
    pub const ALL: [Engine; 12] = [
        Engine::SqlServer,
        Engine::PostgreSql,
        Engine::MySql,
        Engine::MariaDb,
        Engine::Oracle,
        Engine::Db2,
        Engine::MongoDb,
        Engine::Redis,
        Engine::CosmosDb,
        Engine::CockroachDb,
        Engine::ClickHouse,
        Engine::Sqlite,
    ];

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
            Engine::Sqlite => "sqlite",
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
        } else if has("sqlite") || has("sqlcipher") {
            Engine::Sqlite
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

/// What form the credential was found in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// an ADO.NET connection string (`Server=..;Password=..`)
    Ado,
    Odbc,
    Oledb,
    /// a libpq keyword string (`host=.. password=..`)
    Libpq,
    /// a Cosmos DB connection string (`AccountEndpoint=..;AccountKey=..`)
    Cosmos,
    Jdbc,
    /// a URL with userinfo (`postgres://user:pass@host/db`)
    Uri,
    /// an environment variable (`.env`, compose, Dockerfile)
    Env,
    /// a key of a configuration file
    Config,
    /// a value in program code
    Code,
    /// a database command line (`psql`, `sqlcmd -P`)
    Cli,
    /// a SQL statement (`CREATE LOGIN .. WITH PASSWORD`)
    Sql,
    /// infrastructure as code (Terraform, Bicep, ARM)
    Iac,
    /// a Kubernetes Secret
    K8sSecret,
    /// an ODBC DSN file
    Dsn,
    /// a `.pgpass` line
    Pgpass,
    /// a Redis server or ACL password
    Redis,
}

impl Kind {
    pub const ALL: [Kind; 17] = [
        Kind::Ado,
        Kind::Odbc,
        Kind::Oledb,
        Kind::Libpq,
        Kind::Cosmos,
        Kind::Jdbc,
        Kind::Uri,
        Kind::Env,
        Kind::Config,
        Kind::Code,
        Kind::Cli,
        Kind::Sql,
        Kind::Iac,
        Kind::K8sSecret,
        Kind::Dsn,
        Kind::Pgpass,
        Kind::Redis,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Ado => "ado",
            Kind::Odbc => "odbc",
            Kind::Oledb => "oledb",
            Kind::Libpq => "libpq",
            Kind::Cosmos => "cosmos",
            Kind::Jdbc => "jdbc",
            Kind::Uri => "uri",
            Kind::Env => "env",
            Kind::Config => "config",
            Kind::Code => "code",
            Kind::Cli => "cli",
            Kind::Sql => "sql",
            Kind::Iac => "iac",
            Kind::K8sSecret => "k8s-secret",
            Kind::Dsn => "dsn",
            Kind::Pgpass => "pgpass",
            Kind::Redis => "redis",
        }
    }

    /// A key=value connection string of some driver.
    pub fn is_connection_string(self) -> bool {
        matches!(
            self,
            Kind::Ado | Kind::Odbc | Kind::Oledb | Kind::Libpq | Kind::Cosmos
        )
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A file's encoding, when it was not plain UTF-8 (or ASCII).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Encoding {
    #[serde(rename = "utf-8-bom")]
    Utf8Bom,
    #[serde(rename = "utf-16le")]
    Utf16Le,
    #[serde(rename = "utf-16be")]
    Utf16Be,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
        }
    }

    /// The byte-order mark this encoding writes.
    pub fn bom(self) -> &'static [u8] {
        match self {
            Encoding::Utf8Bom => b"\xEF\xBB\xBF",
            Encoding::Utf16Le => b"\xFF\xFE",
            Encoding::Utf16Be => b"\xFE\xFF",
        }
    }
}

/// One embedded database credential.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Finding {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub rule: String,
    pub kind: Kind,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Encoding>,
    /// the text the secret was found in; never serialized
    #[serde(skip)]
    pub source: Option<Source>,
}

impl Finding {
    /// The order of every report: path, line, column, rule.
    pub fn sort_key(&self) -> (&str, usize, usize, &str) {
        (&self.path, self.line, self.column, &self.rule)
    }

    /// The secret as decoded, and as the file writes it (escaped, quoted
    /// entities) where the scanner kept the line: what an edit or a check
    /// for leftovers must look for.
    pub fn secret_forms(&self) -> Vec<String> {
        let written = self.source.as_ref().and_then(|s| {
            let r = s.secret.start.checked_sub(s.line.start)?
                ..s.secret.end.checked_sub(s.line.start)?;
            s.line_text.expose().get(r).map(str::to_string)
        });
        [Some(self.secret.expose().to_string()), written]
            .into_iter()
            .flatten()
            .collect()
    }
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
    /// the path the fingerprint is keyed with (relative to the repository
    /// root), when the scan left the fingerprint to be derived later with
    /// others (see `ScanOptions::defer_fingerprints`)
    pub fingerprint_path: Option<String>,
}
