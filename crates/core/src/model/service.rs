//! Where a database lives, as data: the Azure data services connleak
//! knows, the cloud of an Azure endpoint, and how reachable a host is.
//! `grammar::host` decides them from a host name.

use serde::{Deserialize, Serialize};

/// An Azure data service, identified by the DNS suffix of its endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AzureService {
    #[serde(rename = "azure-sql")]
    AzureSql,
    #[serde(rename = "azure-sql-managed-instance")]
    SqlManagedInstance,
    #[serde(rename = "azure-synapse")]
    Synapse,
    #[serde(rename = "microsoft-fabric")]
    Fabric,
    #[serde(rename = "azure-postgresql")]
    PostgreSql,
    #[serde(rename = "azure-mysql")]
    MySql,
    #[serde(rename = "azure-mariadb")]
    MariaDb,
    #[serde(rename = "azure-cosmos-db")]
    CosmosDb,
    #[serde(rename = "azure-cache-for-redis")]
    Redis,
}

impl AzureService {
    pub fn label(self) -> &'static str {
        match self {
            AzureService::AzureSql => "Azure SQL Database",
            AzureService::SqlManagedInstance => "Azure SQL Managed Instance",
            AzureService::Synapse => "Azure Synapse Analytics",
            AzureService::Fabric => "Microsoft Fabric",
            AzureService::PostgreSql => "Azure Database for PostgreSQL",
            AzureService::MySql => "Azure Database for MySQL",
            AzureService::MariaDb => "Azure Database for MariaDB",
            AzureService::CosmosDb => "Azure Cosmos DB",
            AzureService::Redis => "Azure Cache for Redis",
        }
    }
}

/// Which cloud an Azure endpoint belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cloud {
    Public,
    UsGov,
    China,
}

/// How reachable the host is, which drives severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Locality {
    /// loopback, or a bare docker-compose service name
    Local,
    /// RFC 1918 / link-local addresses, intranet suffixes, single-label names
    Private,
    /// a public DNS name or address
    Public,
}

impl AzureService {
    /// The service's id in reports (`azure-sql`, ...).
    pub fn id(self) -> &'static str {
        match self {
            AzureService::AzureSql => "azure-sql",
            AzureService::SqlManagedInstance => "azure-sql-managed-instance",
            AzureService::Synapse => "azure-synapse",
            AzureService::Fabric => "microsoft-fabric",
            AzureService::PostgreSql => "azure-postgresql",
            AzureService::MySql => "azure-mysql",
            AzureService::MariaDb => "azure-mariadb",
            AzureService::CosmosDb => "azure-cosmos-db",
            AzureService::Redis => "azure-cache-for-redis",
        }
    }

    pub const ALL: [AzureService; 9] = [
        AzureService::AzureSql,
        AzureService::SqlManagedInstance,
        AzureService::Synapse,
        AzureService::Fabric,
        AzureService::PostgreSql,
        AzureService::MySql,
        AzureService::MariaDb,
        AzureService::CosmosDb,
        AzureService::Redis,
    ];
}

/// The database service of a remediation: an Azure data service, or not
/// Azure at all. Written `azure-sql`, ..., or `not-azure` in reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Service {
    Azure(AzureService),
    NotAzure,
}

impl Service {
    pub fn id(self) -> &'static str {
        match self {
            Service::Azure(s) => s.id(),
            Service::NotAzure => "not-azure",
        }
    }
}

impl Serialize for Service {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Service {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s == "not-azure" {
            return Ok(Service::NotAzure);
        }
        AzureService::ALL
            .iter()
            .find(|a| a.id() == s)
            .map(|a| Service::Azure(*a))
            .ok_or_else(|| serde::de::Error::custom(format!("unknown service {s:?}")))
    }
}
