//! Where the database lives: an Azure data service (where a managed
//! identity can replace the password) or somewhere else (where the secret
//! has to move to a secret store instead).

use connleak_core::grammar::host;
use connleak_core::model::Finding;
use connleak_core::model::{AzureService, Cloud, Locality, Service};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Azure { service: AzureService, cloud: Cloud },
    NotAzure(Elsewhere),
}

/// Why a database is not an Azure one, in the words a report uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Elsewhere {
    /// no host in the finding (a bare `DB_PASSWORD=`)
    Unknown,
    /// loopback or a docker-compose service name
    Local,
    /// a private address or an intranet name
    Private,
    /// a managed database on another cloud
    OtherCloud(&'static str),
    /// any other public name or address
    Public,
    /// the encryption key of a local SQLite file (SQLCipher)
    LocalFile,
}

/// Managed database endpoints of other providers: a managed identity cannot
/// reach them, so the advice is the secret store.
const OTHER_CLOUDS: &[(&str, &str)] = &[
    (".rds.amazonaws.com", "Amazon RDS"),
    (".amazonaws.com", "AWS"),
    (".cloudsql.googleapis.com", "Google Cloud SQL"),
    (".googleapis.com", "Google Cloud"),
    (".mongodb.net", "MongoDB Atlas"),
    (".psdb.cloud", "PlanetScale"),
    (".neon.tech", "Neon"),
    (".supabase.co", "Supabase"),
    (".supabase.com", "Supabase"),
    (".aivencloud.com", "Aiven"),
    (".cockroachlabs.cloud", "CockroachDB Cloud"),
    (".redislabs.com", "Redis Cloud"),
    (".redis-cloud.com", "Redis Cloud"),
    (".upstash.io", "Upstash"),
    (".herokuapp.com", "Heroku"),
    (".oraclecloud.com", "Oracle Cloud"),
    (".digitalocean.com", "DigitalOcean"),
    (".db.ondigitalocean.com", "DigitalOcean"),
    (".elephantsql.com", "ElephantSQL"),
];

pub fn of(f: &Finding) -> Target {
    if let (Some(service), Some(cloud)) = (f.service, f.cloud) {
        return Target::Azure { service, cloud };
    }
    if f.engine == Some(connleak_core::model::Engine::Sqlite) {
        return Target::NotAzure(Elsewhere::LocalFile);
    }
    let Some(h) = f.host.as_deref().filter(|h| !h.is_empty()) else {
        return Target::NotAzure(Elsewhere::Unknown);
    };
    let info = host::classify(h);
    if let (Some(service), Some(cloud)) = (info.service, info.cloud) {
        return Target::Azure { service, cloud };
    }
    let lower = h.to_ascii_lowercase();
    if let Some((_, name)) = OTHER_CLOUDS.iter().find(|(s, _)| lower.ends_with(s)) {
        return Target::NotAzure(Elsewhere::OtherCloud(name));
    }
    Target::NotAzure(match info.locality {
        Locality::Local => Elsewhere::Local,
        Locality::Private => Elsewhere::Private,
        Locality::Public => Elsewhere::Public,
    })
}

impl Target {
    pub fn is_azure(&self) -> bool {
        matches!(self, Target::Azure { .. })
    }

    /// The service as reports name it (`azure-sql`, ..., `not-azure`).
    pub fn service(&self) -> Service {
        match self {
            Target::Azure { service, .. } => Service::Azure(*service),
            Target::NotAzure(_) => Service::NotAzure,
        }
    }

    pub fn label(&self) -> String {
        match self {
            Target::Azure { service, cloud } => match cloud {
                Cloud::Public => service.label().to_string(),
                Cloud::UsGov => format!("{} (Azure US Government)", service.label()),
                Cloud::China => format!("{} (Azure China)", service.label()),
            },
            Target::NotAzure(e) => match e {
                Elsewhere::Unknown => "unknown host (not in the finding)".to_string(),
                Elsewhere::Local => "not Azure: a local database".to_string(),
                Elsewhere::Private => "not Azure: a private or on-premises host".to_string(),
                Elsewhere::OtherCloud(name) => format!("not Azure: {name}"),
                Elsewhere::Public => "not Azure: a public host outside Azure".to_string(),
                Elsewhere::LocalFile => "not a server: the key of a local SQLite file".to_string(),
            },
        }
    }

    /// The Entra token audience of the database, for code that fetches a
    /// token itself (hashicorp/go-azure-sdk environment tables).
    pub fn token_scope(&self) -> Option<&'static str> {
        let Target::Azure { service, cloud } = self else {
            return None;
        };
        Some(match (service, cloud) {
            (
                AzureService::AzureSql
                | AzureService::SqlManagedInstance
                | AzureService::Synapse
                | AzureService::Fabric,
                Cloud::Public,
            ) => "https://database.windows.net/.default",
            (_, Cloud::UsGov) if is_sql(*service) => "https://database.usgovcloudapi.net/.default",
            (_, Cloud::China) if is_sql(*service) => "https://database.chinacloudapi.cn/.default",
            (AzureService::PostgreSql | AzureService::MySql | AzureService::MariaDb, c) => {
                match c {
                    Cloud::Public => "https://ossrdbms-aad.database.windows.net/.default",
                    Cloud::UsGov => "https://ossrdbms-aad.database.usgovcloudapi.net/.default",
                    Cloud::China => "https://ossrdbms-aad.database.chinacloudapi.cn/.default",
                }
            }
            (AzureService::CosmosDb, _) => "https://cosmos.azure.com/.default",
            _ => return None,
        })
    }
}

pub fn is_sql(s: AzureService) -> bool {
    matches!(
        s,
        AzureService::AzureSql
            | AzureService::SqlManagedInstance
            | AzureService::Synapse
            | AzureService::Fabric
    )
}

/// A database server resource type in infrastructure code, and which
/// service it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerResource {
    /// the type as written, lower-cased (`azurerm_mysql_flexible_server`,
    /// `microsoft.dbforpostgresql/flexibleservers`)
    pub kind: &'static str,
    pub service: AzureService,
    /// a flexible server (PostgreSQL, MySQL) rather than the retired single
    /// server; true for the SQL types
    pub flexible: bool,
}

const SERVER_TYPES: &[(&str, AzureService, bool)] = &[
    ("azurerm_mssql_server", AzureService::AzureSql, true),
    ("azurerm_sql_server", AzureService::AzureSql, true),
    (
        "azurerm_mssql_managed_instance",
        AzureService::SqlManagedInstance,
        true,
    ),
    (
        "azurerm_sql_managed_instance",
        AzureService::SqlManagedInstance,
        true,
    ),
    ("azurerm_synapse_workspace", AzureService::Synapse, true),
    (
        "azurerm_postgresql_flexible_server",
        AzureService::PostgreSql,
        true,
    ),
    ("azurerm_postgresql_server", AzureService::PostgreSql, false),
    ("azurerm_mysql_flexible_server", AzureService::MySql, true),
    ("azurerm_mysql_server", AzureService::MySql, false),
    ("microsoft.sql/servers", AzureService::AzureSql, true),
    (
        "microsoft.sql/managedinstances",
        AzureService::SqlManagedInstance,
        true,
    ),
    ("microsoft.synapse/workspaces", AzureService::Synapse, true),
    (
        "microsoft.dbforpostgresql/flexibleservers",
        AzureService::PostgreSql,
        true,
    ),
    (
        "microsoft.dbforpostgresql/servers",
        AzureService::PostgreSql,
        false,
    ),
    (
        "microsoft.dbformysql/flexibleservers",
        AzureService::MySql,
        true,
    ),
    ("microsoft.dbformysql/servers", AzureService::MySql, false),
];

fn server_type(name: &str) -> Option<ServerResource> {
    let name = name.trim().to_ascii_lowercase();
    SERVER_TYPES
        .iter()
        .find(|(t, _, _)| name == *t)
        .map(|&(kind, service, flexible)| ServerResource {
            kind,
            service,
            flexible,
        })
}

/// The database server resource whose block encloses byte `at` of `file`
/// (Terraform `resource "azurerm_…" "x" {`, Bicep
/// `resource x 'Microsoft.…/…@version' = {`, an ARM or Terraform JSON object
/// with `"type": "Microsoft.…"` or under a `"azurerm_…":` key), innermost
/// first. `bicep` says whether strings are single-quoted. Braces inside
/// strings and comments do not count.
pub fn enclosing_server(file: &str, at: usize, bicep: bool) -> Option<ServerResource> {
    let b = file.as_bytes();
    let at = at.min(b.len());
    let quote = if bicep { b'\'' } else { b'"' };
    let mut opens: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < at {
        match b[i] {
            c if c == quote => i = skip_string(b, i, quote),
            b'#' if !bicep => i = skip_line(b, i),
            b'/' if b.get(i + 1) == Some(&b'/') => i = skip_line(b, i),
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = find(b, i + 2, b"*/").map_or(b.len(), |e| e + 2);
            }
            b'{' => {
                opens.push(i);
                i += 1;
            }
            b'}' => {
                opens.pop();
                i += 1;
            }
            _ => i += 1,
        }
    }
    opens
        .iter()
        .rev()
        .find_map(|&open| header_type(file, open).or_else(|| json_type(b, open, quote)))
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn skip_line(b: &[u8], i: usize) -> usize {
    memchr_nl(b, i).map_or(b.len(), |e| e + 1)
}

fn memchr_nl(b: &[u8], from: usize) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|&c| c == b'\n')
        .map(|p| from + p)
}

/// The index after the string that starts at `i` (a backslash escapes; a
/// string never runs past its line).
fn skip_string(b: &[u8], i: usize, quote: u8) -> usize {
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'\n' => return j + 1,
            c if c == quote => return j + 1,
            _ => j += 1,
        }
    }
    b.len()
}

/// The server type named on the line of an opening brace, before it.
fn header_type(file: &str, open: usize) -> Option<ServerResource> {
    let start = file[..open].rfind('\n').map_or(0, |i| i + 1);
    let head = file[start..open].trim();
    let words: Vec<&str> = head.split_whitespace().collect();
    match words.first() {
        // Terraform `resource "type" "name" {`, Bicep `resource sym 'type@v' = {`
        Some(&"resource") => words
            .iter()
            .skip(1)
            .map(|w| w.trim_matches(['"', '\'']))
            .find_map(|w| server_type(w.split('@').next().unwrap_or(w))),
        // Terraform JSON `"azurerm_mssql_server": {`
        _ => {
            let key = head.strip_suffix(':')?.trim().trim_matches('"');
            server_type(key)
        }
    }
}

/// The `"type"` of the JSON object opened at `open`, read at its own level.
fn json_type(b: &[u8], open: usize, quote: u8) -> Option<ServerResource> {
    if quote != b'"' {
        return None;
    }
    let end = (open + 256 * 1024).min(b.len());
    let mut depth = 0usize;
    let mut i = open;
    while i < end {
        match b[i] {
            b'"' => {
                let e = skip_string(b, i, b'"');
                if depth == 1 && b.get(i..e) == Some(&b"\"type\""[..]) {
                    let mut j = e;
                    while j < end && b[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    if b.get(j) == Some(&b':') {
                        j += 1;
                        while j < end && b[j].is_ascii_whitespace() {
                            j += 1;
                        }
                        if b.get(j) == Some(&b'"') {
                            let ve = skip_string(b, j, b'"');
                            let v = std::str::from_utf8(&b[j + 1..ve.saturating_sub(1)]).ok()?;
                            return server_type(v);
                        }
                    }
                }
                i = e;
            }
            b'{' | b'[' => {
                depth += 1;
                i += 1;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return None;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// The server resource a finding in infrastructure code belongs to: the
/// block that encloses it, or, when it sits in no server block (a tfvars
/// value, a parameter default), the one server type the file declares.
/// Several types and no enclosing block: none (no guess).
pub fn server_of(f: &Finding, file: &str) -> Option<ServerResource> {
    let bicep = f.path.to_ascii_lowercase().ends_with(".bicep");
    if let Some(at) = offset_in(f, file) {
        if let Some(r) = enclosing_server(file, at, bicep) {
            return Some(r);
        }
    }
    let mut found: Vec<ServerResource> = Vec::new();
    for &(t, service, flexible) in SERVER_TYPES {
        // the type as a whole quoted word (`microsoft.sql/servers` does not
        // match `microsoft.sql/servers/databases`)
        let quoted = [format!("\"{t}\""), format!("'{t}@"), format!("\"{t}@")];
        if quoted.iter().any(|q| file.contains(q.as_str()))
            && !found.iter().any(|r| r.service == service)
        {
            found.push(ServerResource {
                kind: t,
                service,
                flexible,
            });
        }
    }
    match found.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// Where the finding's secret is in `file` (the evidence's lower-cased
/// copy, read from disk): its recorded offset when the line there is the
/// finding's line, else the one place that line occurs.
pub(crate) fn offset_in(f: &Finding, file: &str) -> Option<usize> {
    let src = f.source.as_ref()?;
    let line = src.line_text.expose().to_ascii_lowercase();
    let rel = src.secret.start.checked_sub(src.line.start)?;
    if file.get(src.line.clone()) == Some(line.as_str()) {
        return Some(src.secret.start);
    }
    if line.trim().is_empty() {
        return None;
    }
    let first = file.find(line.as_str())?;
    if file[first + 1..].contains(line.as_str()) {
        return None;
    }
    Some(first + rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(host: Option<&str>) -> Finding {
        let mut f = crate::tests::finding(connleak_core::model::Kind::Ado, "app.json");
        f.host = host.map(str::to_string);
        if let Some(h) = host {
            let i = host::classify(h);
            f.service = i.service;
            f.cloud = i.cloud;
        }
        f
    }

    #[test]
    fn classifies_where_the_database_lives() {
        let t = of(&finding(Some("contoso.database.windows.net")));
        assert_eq!(t.service().id(), "azure-sql");
        assert_eq!(
            t.token_scope(),
            Some("https://database.windows.net/.default")
        );
        let t = of(&finding(Some("pg.postgres.database.usgovcloudapi.net")));
        assert_eq!(t.service().id(), "azure-postgresql");
        assert!(t.label().contains("US Government"));
        assert_eq!(
            t.token_scope(),
            Some("https://ossrdbms-aad.database.usgovcloudapi.net/.default")
        );
        assert_eq!(
            of(&finding(Some("db.abc.eu-west-1.rds.amazonaws.com"))),
            Target::NotAzure(Elsewhere::OtherCloud("Amazon RDS"))
        );
        assert_eq!(
            of(&finding(Some("localhost"))),
            Target::NotAzure(Elsewhere::Local)
        );
        assert_eq!(
            of(&finding(Some("10.1.2.3"))),
            Target::NotAzure(Elsewhere::Private)
        );
        assert_eq!(of(&finding(None)), Target::NotAzure(Elsewhere::Unknown));
        assert_eq!(
            of(&finding(Some("sql.contoso.com"))),
            Target::NotAzure(Elsewhere::Public)
        );
    }
}
