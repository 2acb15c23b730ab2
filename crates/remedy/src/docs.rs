//! The documentation every piece of advice cites. One place, so that a
//! moved page is fixed once. The facts behind each link are summarised in
//! `docs/managed-identity.md`.

use connleak_core::model::Doc;
use std::borrow::Cow;

const fn doc(title: &'static str, url: &'static str) -> Doc {
    Doc {
        title: Cow::Borrowed(title),
        url: Cow::Borrowed(url),
    }
}

pub const MI_OVERVIEW: Doc = doc(
    "What are managed identities for Azure resources?",
    "https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/overview",
);
pub const SQLCLIENT_ENTRA: Doc = doc(
    "Microsoft.Data.SqlClient: connect to Azure SQL with Microsoft Entra authentication",
    "https://learn.microsoft.com/sql/connect/ado-net/sql/azure-active-directory-authentication",
);
pub const SYSTEM_SQLCLIENT_AUTH: Doc = doc(
    "System.Data.SqlClient.SqlAuthenticationMethod (no managed-identity value)",
    "https://learn.microsoft.com/dotnet/api/system.data.sqlclient.sqlauthenticationmethod",
);
pub const ODBC_ENTRA: Doc = doc(
    "ODBC Driver for SQL Server: using Microsoft Entra ID",
    "https://learn.microsoft.com/sql/connect/odbc/using-azure-active-directory",
);
pub const PYTHON_QUICKSTART: Doc = doc(
    "Connect to Azure SQL Database from Python passwordlessly (pyodbc access token)",
    "https://learn.microsoft.com/azure/azure-sql/database/azure-sql-python-quickstart",
);
pub const SQLALCHEMY_TOKENS: Doc = doc(
    "SQLAlchemy mssql+pyodbc: connecting to databases with access tokens",
    "https://docs.sqlalchemy.org/en/20/dialects/mssql.html#connecting-to-databases-with-access-tokens",
);
pub const JDBC_ENTRA: Doc = doc(
    "Microsoft JDBC Driver for SQL Server: connect using Microsoft Entra authentication",
    "https://learn.microsoft.com/sql/connect/jdbc/connecting-using-azure-active-directory-authentication",
);
pub const PHP_ENTRA: Doc = doc(
    "PHP drivers for SQL Server: connect using Microsoft Entra ID",
    "https://learn.microsoft.com/sql/connect/php/azure-active-directory",
);
pub const TEDIOUS: Doc = doc(
    "tedious: Connection authentication options (azure-active-directory-default, -msi-*)",
    "https://tediousjs.github.io/tedious/api-connection.html",
);
pub const GO_MSSQLDB: Doc = doc(
    "go-mssqldb: Azure Active Directory authentication (azuread package, fedauth)",
    "https://github.com/microsoft/go-mssqldb#azure-active-directory-authentication",
);
pub const PG_MANAGED_IDENTITY: Doc = doc(
    "Azure Database for PostgreSQL: connect with a managed identity",
    "https://learn.microsoft.com/azure/postgresql/flexible-server/how-to-connect-with-managed-identity",
);
pub const PG_JAVA: Doc = doc(
    "Azure Database for PostgreSQL: connect from Java passwordlessly",
    "https://learn.microsoft.com/azure/postgresql/flexible-server/connect-java",
);
pub const MYSQL_JAVA: Doc = doc(
    "Azure Database for MySQL: connect from Java passwordlessly",
    "https://learn.microsoft.com/azure/mysql/flexible-server/connect-java",
);
pub const MYSQL_MANAGED_IDENTITY: Doc = doc(
    "Azure Database for MySQL: connect with a managed identity",
    "https://learn.microsoft.com/azure/mysql/flexible-server/how-to-connect-with-managed-identity",
);
pub const SERVICE_CONNECTOR_SQL: Doc = doc(
    "Service Connector: integrate Azure SQL Database (default passwordless strings per client)",
    "https://learn.microsoft.com/azure/service-connector/how-to-integrate-sql-database",
);
pub const SERVICE_CONNECTOR_PG: Doc = doc(
    "Service Connector: integrate Azure Database for PostgreSQL (Spring passwordless properties)",
    "https://learn.microsoft.com/azure/service-connector/how-to-integrate-postgres",
);
pub const SERVICE_CONNECTOR_MYSQL: Doc = doc(
    "Service Connector: integrate Azure Database for MySQL (Spring passwordless properties)",
    "https://learn.microsoft.com/azure/service-connector/how-to-integrate-mysql",
);
pub const REDIS_ENTRA: Doc = doc(
    "Azure Cache for Redis: use Microsoft Entra ID for cache authentication",
    "https://learn.microsoft.com/azure/azure-cache-for-redis/cache-azure-active-directory-for-authentication",
);
pub const COSMOS_RBAC: Doc = doc(
    "Azure Cosmos DB: connect with role-based access control and disable key authentication",
    "https://learn.microsoft.com/azure/cosmos-db/how-to-connect-role-based-access-control",
);
pub const SQL_ENTRA_ONLY: Doc = doc(
    "Azure SQL: Microsoft Entra-only authentication",
    "https://learn.microsoft.com/azure/azure-sql/database/authentication-azure-ad-only-authentication",
);
pub const PG_ENTRA_AUTH: Doc = doc(
    "Azure Database for PostgreSQL: Microsoft Entra authentication",
    "https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-azure-ad-authentication",
);
pub const MYSQL_ENTRA_AUTH: Doc = doc(
    "Azure Database for MySQL flexible server: Microsoft Entra authentication (user-assigned identity for the server, Entra-only mode)",
    "https://learn.microsoft.com/azure/mysql/flexible-server/concepts-azure-ad-authentication",
);
pub const SQLCLIENT_7_AZURE: Doc = doc(
    "Microsoft.Data.SqlClient 7.0 release notes: Azure dependencies moved to Microsoft.Data.SqlClient.Extensions.Azure",
    "https://learn.microsoft.com/sql/connect/ado-net/introduction-microsoft-data-sqlclient-namespace",
);
pub const SQLCMD_ENTRA: Doc = doc(
    "sqlcmd: Microsoft Entra authentication (--authentication-method=ActiveDirectoryManagedIdentity)",
    "https://learn.microsoft.com/sql/tools/sqlcmd/sqlcmd-authentication",
);
pub const INVOKE_SQLCMD: Doc = doc(
    "Invoke-Sqlcmd (SqlServer module): the -AccessToken parameter",
    "https://learn.microsoft.com/powershell/module/sqlserver/invoke-sqlcmd",
);
pub const PG_ENTRA_SIGN_IN: Doc = doc(
    "Azure Database for PostgreSQL: sign in with Microsoft Entra ID (psql with a token from az account get-access-token)",
    "https://learn.microsoft.com/azure/postgresql/flexible-server/how-to-configure-sign-in-azure-ad-authentication",
);
pub const MYSQL_DRIVERS: Doc = doc(
    "Azure Database for MySQL: Microsoft Entra sign-in and the application drivers that can send a token (go-sql-driver: tls=true&allowCleartextPasswords=true)",
    "https://learn.microsoft.com/azure/mysql/single-server/how-to-configure-sign-in-azure-ad-authentication",
);
pub const TF_MYSQL_ENTRA_ADMIN: Doc = doc(
    "Terraform azurerm: azurerm_mysql_flexible_server_active_directory_administrator",
    "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/mysql_flexible_server_active_directory_administrator",
);
pub const BICEP_MYSQL_ENTRA_ADMIN: Doc = doc(
    "Bicep/ARM: Microsoft.DBforMySQL/flexibleServers/administrators",
    "https://learn.microsoft.com/azure/templates/microsoft.dbformysql/flexibleservers/administrators",
);
pub const TF_PG_ENTRA_ADMIN: Doc = doc(
    "Terraform azurerm: azurerm_postgresql_flexible_server_active_directory_administrator",
    "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/postgresql_flexible_server_active_directory_administrator",
);
pub const BICEP_PG_ENTRA_ADMIN: Doc = doc(
    "Bicep/ARM: Microsoft.DBforPostgreSQL/flexibleServers/administrators",
    "https://learn.microsoft.com/azure/templates/microsoft.dbforpostgresql/flexibleservers/administrators",
);
pub const TF_MSSQL_SERVER: Doc = doc(
    "Terraform azurerm: azurerm_mssql_server (azuread_administrator block)",
    "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/mssql_server",
);
pub const KEY_VAULT_REFERENCES: Doc = doc(
    "App Service and Functions: Key Vault references in app settings and connection strings",
    "https://learn.microsoft.com/azure/app-service/app-service-key-vault-references",
);
pub const AKS_WORKLOAD_IDENTITY: Doc = doc(
    "AKS: deploy and configure workload identity (user-assigned identity, federated credential)",
    "https://learn.microsoft.com/azure/aks/workload-identity-deploy-cluster",
);
pub const CONTAINER_APPS_IDENTITY: Doc = doc(
    "Azure Container Apps: managed identities",
    "https://learn.microsoft.com/azure/container-apps/managed-identity",
);
pub const REMOVE_FROM_HISTORY: Doc = doc(
    "GitHub: removing sensitive data from a repository (history rewriting does not un-leak it)",
    "https://docs.github.com/authentication/keeping-your-account-and-data-secure/removing-sensitive-data-from-a-repository",
);
pub const DOTNET_USER_SECRETS: Doc = doc(
    "ASP.NET Core: safe storage of app secrets in development (user secrets)",
    "https://learn.microsoft.com/aspnet/core/security/app-secrets",
);

/// The documented passwordless forms, per client stack, for rule help.
pub const PASSWORDLESS_TABLE: &str = "
**Passwordless forms (Azure, managed identity):**

| Client | Instead of the password |
|---|---|
| Microsoft.Data.SqlClient 2.1+ | `Authentication=Active Directory Managed Identity` (user-assigned: `User Id=<client-id>`, 3.0+) |
| System.Data.SqlClient | none: migrate to Microsoft.Data.SqlClient |
| ODBC Driver 17.3.1.1+ (pyodbc, PHP) | `Authentication=ActiveDirectoryMsi` |
| mssql-jdbc 12.2+ | `authentication=ActiveDirectoryManagedIdentity` (7.2+: `ActiveDirectoryMSI`) |
| tedious / mssql | `authentication: { type: 'azure-active-directory-default' }` |
| go-mssqldb (azuread) | `fedauth=ActiveDirectoryManagedIdentity` |
| PostgreSQL / MySQL flexible server | identity name as user, Entra token as password; JDBC: Azure identity extensions plugin; Spring: `spring.datasource.azure.passwordless-enabled=true` |
| Cosmos DB, Azure Cache for Redis | Microsoft Entra ID (RBAC / data access policy) instead of keys |

Managed identities exist only for workloads running in Azure: for other databases, use a secret store.
";
