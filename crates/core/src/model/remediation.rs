//! The advice for a finding, as data: which identity, which client stack,
//! the replacement, the steps, the exact edits and how safe they are to
//! apply. The remediation engine (`connleak-remedy`) decides it; reports
//! print it.

use super::service::Service;
use super::Secret;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Identity {
    SystemAssigned,
    UserAssigned,
    NotApplicable,
}

impl Identity {
    pub fn as_str(self) -> &'static str {
        match self {
            Identity::SystemAssigned => "system-assigned",
            Identity::UserAssigned => "user-assigned",
            Identity::NotApplicable => "not-applicable",
        }
    }
}

/// `unsafe` when an exact text edit exists (applying it changes how the
/// application authenticates, so it is never applied without asking),
/// `display-only` when the advice needs a human.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    Unsafe,
    DisplayOnly,
}

/// One exact text edit in the file of a finding.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Edit {
    pub start_line: usize,
    pub start_column: usize,
    pub end_line: usize,
    /// exclusive, in Unicode code points like every column we report
    pub end_column: usize,
    pub new_text: String,
    /// byte offsets in the decoded text of the file
    #[serde(skip)]
    pub range: Range<usize>,
    /// the text the edit replaces (it holds the secret: never serialized)
    #[serde(skip)]
    pub old_text: Secret,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Remediation {
    /// `azure-sql`, `azure-postgresql`, ..., or `not-azure`
    pub service: Service,
    pub service_label: String,
    pub stack: Stack,
    pub stack_label: String,
    pub identity: Identity,
    pub identity_reason: String,
    /// the advice in one line (the `help:` line of the text report)
    pub summary: String,
    /// the passwordless connection string, property or code
    pub replacement: Option<String>,
    pub min_client_version: Option<String>,
    pub steps: Vec<String>,
    /// caveats: where the documentation disagrees or was not verified
    pub notes: Vec<String>,
    pub docs: Vec<Doc>,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
    /// the deployable unit the finding belongs to
    pub unit: String,
}

/// A page of documentation that a piece of advice relies on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Doc {
    pub title: Cow<'static, str>,
    pub url: Cow<'static, str>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stack {
    /// Microsoft.Data.SqlClient (or an ADO.NET string whose package is not
    /// known: the advice then says which package it needs)
    MicrosoftDataSqlClient,
    SystemDataSqlClient,
    Odbc,
    Pyodbc,
    Sqlalchemy,
    Pymssql,
    PhpSqlsrv,
    MssqlJdbc,
    Jtds,
    SpringBoot,
    PostgresqlJdbc,
    MysqlJdbc,
    NodeMssql,
    GoMssqldb,
    Npgsql,
    Psycopg,
    NodePg,
    PostgresqlClient,
    MysqlClient,
    RedisClient,
    CosmosSdk,
    Terraform,
    Bicep,
    Arm,
    Kubernetes,
    Compose,
    EnvFile,
    SqlScript,
    CommandLine,
    Other,
}

impl serde::Serialize for Stack {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> serde::Deserialize<'de> for Stack {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Stack::ALL
            .iter()
            .copied()
            .find(|k| k.id() == s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown stack {s:?}")))
    }
}

impl Stack {
    pub const ALL: [Stack; 30] = [
        Stack::MicrosoftDataSqlClient,
        Stack::SystemDataSqlClient,
        Stack::Odbc,
        Stack::Pyodbc,
        Stack::Sqlalchemy,
        Stack::Pymssql,
        Stack::PhpSqlsrv,
        Stack::MssqlJdbc,
        Stack::Jtds,
        Stack::SpringBoot,
        Stack::PostgresqlJdbc,
        Stack::MysqlJdbc,
        Stack::NodeMssql,
        Stack::GoMssqldb,
        Stack::Npgsql,
        Stack::Psycopg,
        Stack::NodePg,
        Stack::PostgresqlClient,
        Stack::MysqlClient,
        Stack::RedisClient,
        Stack::CosmosSdk,
        Stack::Terraform,
        Stack::Bicep,
        Stack::Arm,
        Stack::Kubernetes,
        Stack::Compose,
        Stack::EnvFile,
        Stack::SqlScript,
        Stack::CommandLine,
        Stack::Other,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Stack::MicrosoftDataSqlClient => "microsoft-data-sqlclient",
            Stack::SystemDataSqlClient => "system-data-sqlclient",
            Stack::Odbc => "odbc",
            Stack::Pyodbc => "pyodbc",
            Stack::Sqlalchemy => "sqlalchemy",
            Stack::Pymssql => "pymssql",
            Stack::PhpSqlsrv => "php-sqlsrv",
            Stack::MssqlJdbc => "mssql-jdbc",
            Stack::Jtds => "jtds",
            Stack::SpringBoot => "spring-boot",
            Stack::PostgresqlJdbc => "postgresql-jdbc",
            Stack::MysqlJdbc => "mysql-jdbc",
            Stack::NodeMssql => "node-mssql",
            Stack::GoMssqldb => "go-mssqldb",
            Stack::Npgsql => "npgsql",
            Stack::Psycopg => "psycopg",
            Stack::NodePg => "node-pg",
            Stack::PostgresqlClient => "postgresql-client",
            Stack::MysqlClient => "mysql-client",
            Stack::RedisClient => "redis-client",
            Stack::CosmosSdk => "cosmos-sdk",
            Stack::Terraform => "terraform",
            Stack::Bicep => "bicep",
            Stack::Arm => "arm-template",
            Stack::Kubernetes => "kubernetes",
            Stack::Compose => "docker-compose",
            Stack::EnvFile => "environment",
            Stack::SqlScript => "sql-script",
            Stack::CommandLine => "command-line",
            Stack::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stack::MicrosoftDataSqlClient => "ADO.NET (Microsoft.Data.SqlClient)",
            Stack::SystemDataSqlClient => "ADO.NET (System.Data.SqlClient, legacy)",
            Stack::Odbc => "ODBC Driver for SQL Server",
            Stack::Pyodbc => "Python pyodbc",
            Stack::Sqlalchemy => "Python SQLAlchemy (mssql+pyodbc)",
            Stack::Pymssql => "Python pymssql",
            Stack::PhpSqlsrv => "PHP sqlsrv / pdo_sqlsrv",
            Stack::MssqlJdbc => "Microsoft JDBC Driver for SQL Server",
            Stack::Jtds => "jTDS JDBC driver",
            Stack::SpringBoot => "Spring Boot datasource",
            Stack::PostgresqlJdbc => "PostgreSQL JDBC",
            Stack::MysqlJdbc => "MySQL JDBC",
            Stack::NodeMssql => "Node.js mssql / tedious",
            Stack::GoMssqldb => "Go go-mssqldb",
            Stack::Npgsql => ".NET Npgsql",
            Stack::Psycopg => "Python psycopg / asyncpg",
            Stack::NodePg => "Node.js pg",
            Stack::PostgresqlClient => "PostgreSQL client (libpq / URL)",
            Stack::MysqlClient => "MySQL client",
            Stack::RedisClient => "Redis client",
            Stack::CosmosSdk => "Azure Cosmos DB SDK",
            Stack::Terraform => "Terraform",
            Stack::Bicep => "Bicep",
            Stack::Arm => "ARM template",
            Stack::Kubernetes => "Kubernetes manifest",
            Stack::Compose => "Docker Compose",
            Stack::EnvFile => "environment variables",
            Stack::SqlScript => "SQL script",
            Stack::CommandLine => "command line / script",
            Stack::Other => "configuration",
        }
    }

    /// Infrastructure as code: the fix is on the server (Entra-only
    /// authentication), not in a client's connection string.
    pub fn is_iac(self) -> bool {
        matches!(self, Stack::Terraform | Stack::Bicep | Stack::Arm)
    }
}
