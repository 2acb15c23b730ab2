//! Which client stack reads the credential: decided from the form of the
//! connection string, the file type, the file's imports and the unit's
//! project manifests, in that order of strength.

use super::project::Evidence;
use connleak_core::model::{Engine, Finding, Kind, Stack};

fn ext_of(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Decide the stack of one finding, and the client version when a
/// manifest names it.
pub fn detect(f: &Finding, ev: &Evidence) -> (Stack, Option<String>) {
    let ext = ext_of(&f.path);
    let name = f
        .path
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(&f.path)
        .to_ascii_lowercase();
    let claim = f
        .source
        .as_ref()
        .map(|s| s.claim_text.expose().to_ascii_lowercase())
        .unwrap_or_default();
    let line = f
        .source
        .as_ref()
        .map(|s| s.line_text.expose().to_ascii_lowercase())
        .unwrap_or_default();
    let file = ev.file.as_str();
    let engine = f.engine;
    let sqlserver = engine == Some(Engine::SqlServer);

    // infrastructure as code first: the file type decides
    match ext.as_str() {
        "tf" | "tfvars" | "hcl" => return (Stack::Terraform, None),
        "bicep" | "bicepparam" => return (Stack::Bicep, None),
        _ => {}
    }
    if ext == "json"
        && (file.contains("deploymenttemplate.json") || file.contains("deploymentparameters.json"))
    {
        return (Stack::Arm, None);
    }
    if f.kind == Kind::Sql {
        return (Stack::SqlScript, None);
    }
    if f.kind == Kind::Cli || matches!(ext.as_str(), "sh" | "bash" | "ps1" | "psm1" | "bat" | "cmd")
    {
        return (Stack::CommandLine, None);
    }
    if f.kind == Kind::Jdbc || claim.starts_with("jdbc:") {
        if claim.starts_with("jdbc:jtds:") {
            return (Stack::Jtds, None);
        }
        if claim.starts_with("jdbc:sqlserver:") || sqlserver {
            return (Stack::MssqlJdbc, ev.package_version("mssql-jdbc"));
        }
        if claim.starts_with("jdbc:postgresql:") || engine == Some(Engine::PostgreSql) {
            return (Stack::PostgresqlJdbc, ev.package_version("postgresql"));
        }
        if claim.starts_with("jdbc:mysql:")
            || claim.starts_with("jdbc:mariadb:")
            || matches!(engine, Some(Engine::MySql | Engine::MariaDb))
        {
            return (Stack::MysqlJdbc, ev.package_version("mysql-connector-j"));
        }
        return (Stack::Other, None);
    }
    if f.rule == "spring-datasource-password"
        || line.contains("spring.datasource")
        || (matches!(ext.as_str(), "yml" | "yaml" | "properties")
            && (name.starts_with("application") || name.starts_with("bootstrap"))
            && file.contains("datasource"))
    {
        return (Stack::SpringBoot, None);
    }
    if f.engine == Some(Engine::CosmosDb) || f.kind == Kind::Cosmos {
        return (Stack::CosmosSdk, None);
    }
    if f.engine == Some(Engine::Redis) || f.kind == Kind::Redis {
        return (Stack::RedisClient, None);
    }
    if f.kind == Kind::K8sSecret {
        return (Stack::Kubernetes, None);
    }
    let dotnet = matches!(
        ext.as_str(),
        "cs" | "vb" | "fs" | "config" | "cshtml" | "razor"
    ) || name.starts_with("appsettings")
        || name == "local.settings.json"
        || ev.manifests.iter().any(|(n, _)| {
            n.ends_with(".csproj")
                || n.ends_with(".vbproj")
                || n.ends_with(".fsproj")
                || n == "packages.config"
        });
    let python = matches!(ext.as_str(), "py" | "pyi" | "ipynb" | "ini" | "cfg")
        || ev.manifest_has("pyodbc")
        || ev.manifest_has("sqlalchemy");
    // ODBC strings (a `Driver=` key) in any language
    if f.kind == Kind::Odbc || claim.contains("driver=") && sqlserver {
        if ext == "php" || file.contains("sqlsrv_connect") || file.contains("\"sqlsrv:") {
            return (Stack::PhpSqlsrv, None);
        }
        // an ODBC string is SQLAlchemy's only when handed to it as
        // `odbc_connect`; with `pyodbc.connect` in the file it is pyodbc's
        let to_sqlalchemy = claim.starts_with("mssql+")
            || line.contains("odbc_connect")
            || (file.contains("odbc_connect") && !file.contains("pyodbc.connect("))
            || (file.contains("sqlalchemy") && !file.contains("pyodbc.connect("));
        if python && to_sqlalchemy {
            return (Stack::Sqlalchemy, ev.package_version("sqlalchemy"));
        }
        if python || file.contains("pyodbc") {
            return (Stack::Pyodbc, ev.package_version("pyodbc"));
        }
        return (Stack::Odbc, None);
    }
    if f.kind == Kind::Uri && claim.starts_with("mssql+") {
        return (Stack::Sqlalchemy, ev.package_version("sqlalchemy"));
    }
    if sqlserver {
        if ext == "go" || claim.starts_with("sqlserver://") || ev.manifest_has("go-mssqldb") {
            return (Stack::GoMssqldb, ev.package_version("go-mssqldb"));
        }
        if ext == "php" || file.contains("sqlsrv_connect") || file.contains("sqlsrv:") {
            return (Stack::PhpSqlsrv, None);
        }
        if matches!(ext.as_str(), "js" | "mjs" | "cjs" | "ts" | "tsx")
            || (ev.manifests.iter().any(|(n, _)| n == "package.json") && !dotnet)
        {
            let v = ev
                .package_version("mssql")
                .or_else(|| ev.package_version("tedious"));
            return (Stack::NodeMssql, v);
        }
        if python && (file.contains("pymssql") || ev.manifest_has("pymssql")) {
            return (Stack::Pymssql, None);
        }
        if python {
            return (Stack::Pyodbc, ev.package_version("pyodbc"));
        }
        if f.kind == Kind::Ado || f.kind == Kind::Oledb || dotnet {
            return dotnet_sqlclient(ev, &line);
        }
    }
    match engine {
        Some(Engine::PostgreSql) | Some(Engine::CockroachDb) => {
            if dotnet || f.kind == Kind::Ado {
                return (Stack::Npgsql, ev.package_version("npgsql"));
            }
            if python || file.contains("psycopg") || file.contains("asyncpg") {
                return (Stack::Psycopg, None);
            }
            if matches!(ext.as_str(), "js" | "mjs" | "cjs" | "ts") || ev.manifest_has("\"pg\"") {
                return (Stack::NodePg, ev.package_version("pg"));
            }
        }
        Some(Engine::MySql) | Some(Engine::MariaDb) => {}
        _ => {}
    }
    if name.starts_with(".env") || name.ends_with(".env") || f.kind == Kind::Env {
        if name.starts_with("docker-compose") || name.starts_with("compose") {
            return (Stack::Compose, None);
        }
        return (Stack::EnvFile, None);
    }
    if name.starts_with("docker-compose") || name.starts_with("compose.") {
        return (Stack::Compose, None);
    }
    match engine {
        Some(Engine::PostgreSql) | Some(Engine::CockroachDb) => (Stack::PostgresqlClient, None),
        Some(Engine::MySql) | Some(Engine::MariaDb) => (Stack::MysqlClient, None),
        Some(Engine::SqlServer) if dotnet => dotnet_sqlclient(ev, &line),
        _ => (Stack::Other, None),
    }
}

/// Microsoft.Data.SqlClient or the legacy System.Data.SqlClient, from the
/// project's package references, then the file's `providerName`.
fn dotnet_sqlclient(ev: &Evidence, line: &str) -> (Stack, Option<String>) {
    if let Some(v) = ev.package_version("microsoft.data.sqlclient") {
        return (Stack::MicrosoftDataSqlClient, Some(v));
    }
    // EF Core's SQL Server provider depends on Microsoft.Data.SqlClient
    if ev.manifest_has("microsoft.entityframeworkcore.sqlserver")
        || ev.file.contains("using microsoft.data.sqlclient;")
    {
        return (Stack::MicrosoftDataSqlClient, None);
    }
    if ev.manifest_has("system.data.sqlclient")
        || line.contains("providername=\"system.data.sqlclient\"")
        || ev.file.contains("using system.data.sqlclient;")
    {
        return (
            Stack::SystemDataSqlClient,
            ev.package_version("system.data.sqlclient"),
        );
    }
    // EF6 (`EntityFramework` in packages.config) uses System.Data.SqlClient
    if ev
        .manifests
        .iter()
        .any(|(n, t)| n == "packages.config" && t.contains("id=\"entityframework\""))
    {
        return (Stack::SystemDataSqlClient, None);
    }
    (Stack::MicrosoftDataSqlClient, None)
}
