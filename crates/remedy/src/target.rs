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

/// Infrastructure code without a host: the resource type says which server.
pub fn iac_target(file: &str) -> Option<Target> {
    const TYPES: &[(&str, AzureService)] = &[
        ("azurerm_mssql_server", AzureService::AzureSql),
        ("azurerm_sql_server", AzureService::AzureSql),
        (
            "azurerm_mssql_managed_instance",
            AzureService::SqlManagedInstance,
        ),
        ("azurerm_synapse_workspace", AzureService::Synapse),
        (
            "azurerm_postgresql_flexible_server",
            AzureService::PostgreSql,
        ),
        ("azurerm_postgresql_server", AzureService::PostgreSql),
        ("azurerm_mysql_flexible_server", AzureService::MySql),
        ("azurerm_mysql_server", AzureService::MySql),
        (
            "microsoft.sql/managedinstances",
            AzureService::SqlManagedInstance,
        ),
        ("microsoft.sql/servers", AzureService::AzureSql),
        ("microsoft.synapse/workspaces", AzureService::Synapse),
        ("microsoft.dbforpostgresql/", AzureService::PostgreSql),
        ("microsoft.dbformysql/", AzureService::MySql),
    ];
    TYPES
        .iter()
        .find(|(t, _)| file.contains(t))
        .map(|(_, service)| Target::Azure {
            service: *service,
            cloud: Cloud::Public,
        })
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
