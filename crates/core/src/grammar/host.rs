//! Where a database lives, judged from its host name alone.
//!
//! The Azure suffixes come from the cloud environment tables in
//! hashicorp/go-azure-sdk (`sdk/environments/azure_*.go`) as summarised in
//! `docs/managed-identity.md` (cloud endpoints). The remediation engine and the
//! severity both build on this classification.

use crate::model::{AzureService, Cloud, Locality};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostInfo {
    pub service: Option<AzureService>,
    pub cloud: Option<Cloud>,
    pub locality: Locality,
    /// a documentation stand-in (`example.com`, `*.test`, `your-server`,
    /// `myhost`): nothing real is behind it
    pub placeholder: bool,
}

/// Reserved documentation domains (RFC 2606, RFC 6761) and the stand-in
/// names manuals use for "your server".
pub fn is_placeholder_host(host: &str) -> bool {
    let h = normalize_host(host);
    const RESERVED: &[&str] = &[".example", ".test", ".invalid"];
    const DOMAINS: &[&str] = &["example.com", "example.org", "example.net"];
    const NAMES: &[&str] = &[
        "host",
        "hostname",
        "server",
        "servername",
        "myhost",
        "yourhost",
        "somehost",
        "myserver",
        "yourserver",
        "someserver",
        "your_server",
        "your-server",
        "my-server",
        "my_server",
        "dbhost",
        "db_host",
        "db-host",
    ];
    if RESERVED.iter().any(|s| h.ends_with(s))
        || DOMAINS
            .iter()
            .any(|d| h == *d || h.ends_with(&format!(".{d}")))
    {
        return true;
    }
    let first = h.split('.').next().unwrap_or("");
    NAMES.contains(&first)
        || h.split(['.', '-', '_']).any(|l| {
            matches!(
                l,
                "your" | "yourcompany" | "mycompany" | "example" | "placeholder"
            )
        })
        || h.contains(['<', '{', '['])
}

const SUFFIXES: &[(&str, AzureService, Cloud)] = &[
    // SQL Managed Instance hosts are <mi>.<dns-zone>.database.windows.net;
    // recognised below by their extra label.
    (
        ".database.windows.net",
        AzureService::AzureSql,
        Cloud::Public,
    ),
    (
        ".database.usgovcloudapi.net",
        AzureService::AzureSql,
        Cloud::UsGov,
    ),
    (
        ".database.chinacloudapi.cn",
        AzureService::AzureSql,
        Cloud::China,
    ),
    (
        ".sql.azuresynapse.net",
        AzureService::Synapse,
        Cloud::Public,
    ),
    (
        ".sql.azuresynapse.usgovcloudapi.net",
        AzureService::Synapse,
        Cloud::UsGov,
    ),
    (
        ".sql.azuresynapse.azure.cn",
        AzureService::Synapse,
        Cloud::China,
    ),
    (
        ".datawarehouse.fabric.microsoft.com",
        AzureService::Fabric,
        Cloud::Public,
    ),
    (
        ".database.fabric.microsoft.com",
        AzureService::Fabric,
        Cloud::Public,
    ),
    (
        ".postgres.database.azure.com",
        AzureService::PostgreSql,
        Cloud::Public,
    ),
    (
        ".postgres.database.usgovcloudapi.net",
        AzureService::PostgreSql,
        Cloud::UsGov,
    ),
    (
        ".postgres.database.chinacloudapi.cn",
        AzureService::PostgreSql,
        Cloud::China,
    ),
    (
        ".mysql.database.azure.com",
        AzureService::MySql,
        Cloud::Public,
    ),
    (
        ".mysql.database.usgovcloudapi.net",
        AzureService::MySql,
        Cloud::UsGov,
    ),
    (
        ".mysql.database.chinacloudapi.cn",
        AzureService::MySql,
        Cloud::China,
    ),
    (
        ".mariadb.database.azure.com",
        AzureService::MariaDb,
        Cloud::Public,
    ),
    (
        ".mariadb.database.usgovcloudapi.net",
        AzureService::MariaDb,
        Cloud::UsGov,
    ),
    (
        ".mariadb.database.chinacloudapi.cn",
        AzureService::MariaDb,
        Cloud::China,
    ),
    (
        ".documents.azure.com",
        AzureService::CosmosDb,
        Cloud::Public,
    ),
    (".documents.azure.us", AzureService::CosmosDb, Cloud::UsGov),
    (".documents.azure.cn", AzureService::CosmosDb, Cloud::China),
    (
        ".mongo.cosmos.azure.com",
        AzureService::CosmosDb,
        Cloud::Public,
    ),
    (
        ".mongocluster.cosmos.azure.com",
        AzureService::CosmosDb,
        Cloud::Public,
    ),
    (
        ".table.cosmos.azure.com",
        AzureService::CosmosDb,
        Cloud::Public,
    ),
    (
        ".redis.cache.windows.net",
        AzureService::Redis,
        Cloud::Public,
    ),
    (
        ".redis.cache.usgovcloudapi.net",
        AzureService::Redis,
        Cloud::UsGov,
    ),
    (
        ".redis.cache.chinacloudapi.cn",
        AzureService::Redis,
        Cloud::China,
    ),
    (".redis.azure.net", AzureService::Redis, Cloud::Public),
];

/// Strip what connection strings wrap around a host: `tcp:` prefixes,
/// `,1433` / `:5432` ports, `\INSTANCE` names, brackets, trailing dots.
pub fn normalize_host(raw: &str) -> String {
    let mut h = raw.trim();
    // an endpoint URL: keep its authority
    if let Some((_, rest)) = h.split_once("://") {
        h = rest.split(['/', '?', '#']).next().unwrap_or("");
        h = h.rsplit('@').next().unwrap_or(h);
    }
    for prefix in ["tcp:", "np:", "lpc:", "admin:"] {
        if h.get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        {
            h = &h[prefix.len()..];
        }
    }
    if let Some(rest) = h.strip_prefix('[') {
        if let Some(end) = rest.find(']') {
            return rest[..end].to_ascii_lowercase();
        }
    }
    let h = h.split([',', '\\', '/']).next().unwrap_or("");
    // host:port, but leave bare IPv6 alone
    let h = if h.matches(':').count() == 1 {
        h.split(':').next().unwrap_or("")
    } else {
        h
    };
    lower_outside_templates(h.trim_end_matches('.'))
}

/// Lower-case a host name, except inside template expressions: Helm's
/// `{{ .Values.sqlServer }}` and `${var.Env}` are case-sensitive.
fn lower_outside_templates(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    let mut i = 0;
    while i < h.len() {
        if let Some(n) = template_at(h, i) {
            let end = (i + n).min(h.len());
            out.push_str(h.get(i..end).unwrap_or(""));
            i = end;
            continue;
        }
        let Some(c) = h[i..].chars().next() else {
            break;
        };
        out.push(c.to_ascii_lowercase());
        i += c.len_utf8();
    }
    out
}

/// Does the host name hold a template expression (`${var.env}`,
/// `{{ .Values.x }}`, `$(env)`, `#{x}`, `%{x}`)? Such a name is only known
/// up to the placeholder: its suffix still says which service it is.
pub fn is_templated(host: &str) -> bool {
    ["${", "{{", "$(", "#{", "%{"]
        .iter()
        .any(|t| host.contains(t))
}

/// The template expression that starts at byte `i` of `h`, as its length.
fn template_at(h: &str, i: usize) -> Option<usize> {
    let b = h.as_bytes();
    let (skip, open, close, mut depth) = match (b[i], b.get(i + 1)) {
        (b'{', Some(b'{')) => (2, b'{', b'}', 2),
        (b'$' | b'#' | b'%', Some(b'{')) => (2, b'{', b'}', 1),
        (b'$', Some(b'(')) => (2, b'(', b')', 1),
        _ => return None,
    };
    let mut j = i + skip;
    while j < b.len() && depth > 0 {
        if b[j] == open {
            depth += 1;
        } else if b[j] == close {
            depth -= 1;
        }
        j += 1;
    }
    Some(j - i)
}

/// `h` with every template expression replaced by `_`, so that the dots
/// inside a placeholder do not count as labels.
fn mask_templates(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    let mut i = 0;
    while i < h.len() {
        if let Some(n) = template_at(h, i) {
            out.push('_');
            i += n;
            continue;
        }
        let Some(c) = h[i..].chars().next() else {
            break;
        };
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// The first label of a host name (the server name of an Azure SQL,
/// PostgreSQL or MySQL host), normalised, with any template expression in
/// it kept whole: `fab-sql-${var.env}` of `fab-sql-${var.env}.database.windows.net`.
pub fn first_label(host: &str) -> String {
    let h = normalize_host(host);
    let mut i = 0;
    while i < h.len() {
        if let Some(n) = template_at(&h, i) {
            i += n;
            continue;
        }
        if h.as_bytes()[i] == b'.' {
            break;
        }
        i += h[i..].chars().next().map_or(1, char::len_utf8);
    }
    h[..i.min(h.len())].to_string()
}

pub fn classify(host: &str) -> HostInfo {
    let h = normalize_host(host);
    // the longest suffix wins: in the US Gov and China clouds PostgreSQL
    // and MySQL live under the SQL suffix (`x.postgres.database.usgovcloudapi.net`)
    let best = SUFFIXES
        .iter()
        .filter(|(suffix, _, _)| h.ends_with(suffix) && h.len() > suffix.len())
        .max_by_key(|(suffix, _, _)| suffix.len());
    if let Some((suffix, service, cloud)) = best {
        {
            let mut service = *service;
            if service == AzureService::AzureSql {
                let label_count = mask_templates(&h[..h.len() - suffix.len()])
                    .split('.')
                    .count();
                if label_count >= 2 {
                    service = AzureService::SqlManagedInstance;
                }
            }
            return HostInfo {
                service: Some(service),
                cloud: Some(*cloud),
                locality: Locality::Public,
                placeholder: is_placeholder_host(&h),
            };
        }
    }
    HostInfo {
        service: None,
        cloud: None,
        locality: locality(&h),
        placeholder: is_placeholder_host(&h),
    }
}

fn locality(h: &str) -> Locality {
    if h.is_empty() {
        return Locality::Private;
    }
    if h == "localhost"
        || h.ends_with(".localhost")
        || h == "::1"
        || h.starts_with("127.")
        || h == "0.0.0.0"
        || h == "(local)"
        || h == "."
        || h == "(localdb)"
        || h.starts_with("(localdb)")
        || h == "host.docker.internal"
    {
        return Locality::Local;
    }
    if let Some(octets) = ipv4(h) {
        return match octets {
            [10, ..] | [192, 168, ..] | [169, 254, ..] => Locality::Private,
            [172, b, ..] if (16..=31).contains(&b) => Locality::Private,
            _ => Locality::Public,
        };
    }
    if h.contains(':') {
        // IPv6: unique-local and link-local are private
        return if h.starts_with("fc") || h.starts_with("fd") || h.starts_with("fe80") {
            Locality::Private
        } else {
            Locality::Public
        };
    }
    if !h.contains('.') {
        // `db`, `postgres`, `sqlserver`: a docker-compose service or an
        // intranet short name. Both are unreachable from the internet.
        return Locality::Private;
    }
    const INTRANET: &[&str] = &[
        ".local",
        ".lan",
        ".internal",
        ".intranet",
        ".corp",
        ".home",
        ".localdomain",
        ".svc",
        ".cluster.local",
        ".test",
        ".example",
        ".invalid",
    ];
    if INTRANET.iter().any(|s| h.ends_with(s)) {
        return Locality::Private;
    }
    Locality::Public
}

fn ipv4(h: &str) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut parts = h.split('.');
    for slot in out.iter_mut() {
        *slot = parts.next()?.parse().ok()?;
    }
    parts.next().is_none().then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Regression (issue 13): `contoso-sql-${var.env}.database.windows.net`
    // was cut at the dot inside the placeholder and classed as a managed
    // instance (two labels before the suffix).
    #[test]
    fn templated_names_are_classified_by_their_suffix() {
        for (h, service) in [
            (
                "fab-sql-${var.env}.database.windows.net",
                AzureService::AzureSql,
            ),
            (
                "tcp:{{ .Values.sqlServer }}.database.windows.net,1433",
                AzureService::AzureSql,
            ),
            (
                "fab-$(env.name).database.windows.net",
                AzureService::AzureSql,
            ),
            (
                "fab-pg-#{Env.Name}.postgres.database.azure.com",
                AzureService::PostgreSql,
            ),
            (
                "fab-mi.a1b2c3d4e5f6.database.windows.net",
                AzureService::SqlManagedInstance,
            ),
            (
                "fab-mi-${var.env}.a1b2c3d4e5f6.database.windows.net",
                AzureService::SqlManagedInstance,
            ),
        ] {
            assert_eq!(classify(h).service, Some(service), "{h}");
        }
        assert!(is_templated("fab-sql-${var.env}.database.windows.net"));
        assert!(is_templated("{{ .Values.sqlServer }}.database.windows.net"));
        assert!(!is_templated("fab-sql.database.windows.net"));
        assert_eq!(
            first_label("tcp:fab-sql-${var.env}.database.windows.net,1433"),
            "fab-sql-${var.env}"
        );
        assert_eq!(
            first_label("{{ .Values.sqlServer }}.DataBase.windows.net"),
            "{{ .Values.sqlServer }}"
        );
        assert_eq!(
            normalize_host("Fab-${var.Env}.DATABASE.windows.net"),
            "fab-${var.Env}.database.windows.net"
        );
        assert_eq!(first_label("fab-sql.database.windows.net"), "fab-sql");
    }

    #[test]
    fn documentation_hosts_are_placeholders() {
        for h in [
            "postgres.example.com",
            "db.example.org:5432",
            "dbprod01ned.mycompany.com",
            "your_server.database.windows.net",
            "myserver",
            "pg.test",
            "<server>.database.windows.net",
        ] {
            assert!(classify(h).placeholder, "{h}");
        }
        for h in [
            "contoso-sql.database.windows.net",
            "db",
            "10.0.0.5",
            "pg.internal.acme.io",
        ] {
            assert!(!classify(h).placeholder, "{h}");
        }
    }

    #[test]
    fn sovereign_postgres_and_mysql_are_not_sql_managed_instances() {
        for (h, s) in [
            (
                "pg.postgres.database.usgovcloudapi.net",
                AzureService::PostgreSql,
            ),
            ("my.mysql.database.chinacloudapi.cn", AzureService::MySql),
            (
                "mi.dnszone.database.usgovcloudapi.net",
                AzureService::SqlManagedInstance,
            ),
            ("srv.database.chinacloudapi.cn", AzureService::AzureSql),
        ] {
            assert_eq!(classify(h).service, Some(s), "{h}");
        }
    }

    #[test]
    fn azure_suffixes_in_every_cloud() {
        let c = classify("tcp:myapp-sql.database.windows.net,1433");
        assert_eq!(c.service, Some(AzureService::AzureSql));
        assert_eq!(c.cloud, Some(Cloud::Public));
        let c = classify("gov-sql.database.usgovcloudapi.net");
        assert_eq!(
            (c.service, c.cloud),
            (Some(AzureService::AzureSql), Some(Cloud::UsGov))
        );
        let c = classify("cn-sql.database.chinacloudapi.cn");
        assert_eq!(c.cloud, Some(Cloud::China));
        assert_eq!(
            classify("mi-prod.1a2b3c4d5e6f.database.windows.net").service,
            Some(AzureService::SqlManagedInstance)
        );
        assert_eq!(
            classify("pg-prod.postgres.database.azure.com:5432").service,
            Some(AzureService::PostgreSql)
        );
        assert_eq!(
            classify("cache.redis.cache.windows.net:6380").service,
            Some(AzureService::Redis)
        );
        assert_eq!(
            classify("acct.documents.azure.com").service,
            Some(AzureService::CosmosDb)
        );
        assert_eq!(
            classify("ws.sql.azuresynapse.net").service,
            Some(AzureService::Synapse)
        );
        assert_eq!(
            classify("https://acct.documents.azure.com:443/").service,
            Some(AzureService::CosmosDb)
        );
        assert_eq!(
            normalize_host("https://acct.documents.azure.com:443/"),
            "acct.documents.azure.com"
        );
        // a suffix alone is not a host
        assert_eq!(classify("database.windows.net").service, None);
    }

    #[test]
    fn locality() {
        assert_eq!(classify("localhost").locality, Locality::Local);
        assert_eq!(classify("127.0.0.1:5432").locality, Locality::Local);
        assert_eq!(
            classify("(localdb)\\MSSQLLocalDB").locality,
            Locality::Local
        );
        assert_eq!(classify("10.0.4.12").locality, Locality::Private);
        assert_eq!(classify("172.20.0.3").locality, Locality::Private);
        assert_eq!(classify("db").locality, Locality::Private);
        assert_eq!(classify("SQLPROD01\\INST").locality, Locality::Private);
        assert_eq!(classify("db.corp").locality, Locality::Private);
        assert_eq!(
            classify("mydb.abc123.us-east-1.rds.amazonaws.com").locality,
            Locality::Public
        );
        assert_eq!(classify("[::1]:5432").locality, Locality::Local);
        // non-ASCII host names (regression: slicing inside a character)
        assert_eq!(classify("日本").locality, Locality::Private);
        assert_eq!(classify("сервер.example.com").locality, Locality::Public);
    }
}
