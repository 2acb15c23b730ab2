//! The advice itself: per service and client stack, the passwordless
//! replacement, the client version it needs, the ordered steps and the
//! documentation. Facts come from `shared/docs/managed-identity.md`; where
//! the documentation disagrees or was not verified, a note says so.

use super::docs;
use super::project::{parse_version, Hosting};
use super::rewrite::{self, KvRewrite, CLIENT_ID, IDENTITY_NAME};
use super::target::{is_sql, Elsewhere, Target};
use super::Context;
use connleak_core::model::Finding;
use connleak_core::model::{Applicability, Doc, Edit, Identity, Kind, Remediation, Stack};
use connleak_core::model::{AzureService, Cloud};

/// What [`replacement`] decided.
#[derive(Default)]
struct Plan {
    replacement: Option<String>,
    /// the new text of the claimed region or line, when it is an exact edit
    edit: Option<(std::ops::Range<usize>, String)>,
    min_version: Option<String>,
    notes: Vec<String>,
    docs: Vec<Doc>,
    /// one line: what to change
    summary: String,
}

pub fn build(f: &Finding, cx: &Context, identity: Identity, reason: String) -> Remediation {
    let ua = identity == Identity::UserAssigned;
    let mut plan = match &cx.target {
        Target::Azure { service, cloud } => azure_plan(f, cx, *service, *cloud, ua),
        Target::NotAzure(_) => Plan::default(),
    };
    // never show or write a replacement that still holds the secret
    let secret = f.secret.expose();
    // the secret as it is written in the file too (`&amp;`, `%2F`, `\"`)
    let raw_secret = f
        .source
        .as_ref()
        .and_then(|src| {
            let r = src.secret.start.checked_sub(src.line.start)?
                ..src.secret.end.checked_sub(src.line.start)?;
            src.line_text.expose().get(r).map(str::to_string)
        })
        .unwrap_or_default();
    let leaks = |s: &str| {
        (secret.len() >= 3 && s.contains(secret))
            || (raw_secret.len() >= 3 && s.contains(&raw_secret))
    };
    if plan.replacement.as_deref().is_some_and(leaks)
        || plan.edit.as_ref().is_some_and(|(_, t)| leaks(t))
    {
        plan.replacement = None;
        plan.edit = None;
    }
    // placeholders (`<client-id-of-managed-identity>`) inside XML must be escaped
    let xml = connleak_core::scan::is_xml(&f.path);
    let edits: Vec<Edit> = plan
        .edit
        .as_ref()
        .map(|(range, text)| {
            let text = if xml {
                text.replace('<', "&lt;").replace('>', "&gt;")
            } else {
                text.clone()
            };
            (range.clone(), text)
        })
        .and_then(|(range, text)| edit_at(f, range, &text))
        .into_iter()
        .collect();
    if cx.stack.is_iac() && !cx.server_admin && identity != Identity::NotApplicable {
        plan.notes.push(match cx.stack {
            Stack::Terraform => "In Terraform, give the app resource an `identity { type = \"SystemAssigned\" }` block (or `UserAssigned` with `identity_ids`) and set this app setting to the passwordless value.".to_string(),
            _ => "In the template, give the app resource `identity: { type: 'SystemAssigned' }` (or `UserAssigned`) and set this app setting to the passwordless value.".to_string(),
        });
    }
    let steps = steps(f, cx, identity, &plan);
    let mut docs = plan.docs.clone();
    if cx.target.is_azure() && identity != Identity::NotApplicable {
        if cx.evidence.hosting == Hosting::Kubernetes && identity == Identity::UserAssigned {
            docs.push(docs::AKS_WORKLOAD_IDENTITY);
        } else {
            docs.push(docs::CONTAINER_APPS_IDENTITY);
        }
    }
    if !cx.target.is_azure()
        && matches!(
            cx.stack,
            Stack::MicrosoftDataSqlClient | Stack::SystemDataSqlClient | Stack::Npgsql
        )
    {
        docs.push(docs::DOTNET_USER_SECRETS);
    }
    if cx.target.is_azure() {
        docs.push(docs::MI_OVERVIEW);
    } else {
        docs.push(docs::KEY_VAULT_REFERENCES);
    }
    docs.push(docs::REMOVE_FROM_HISTORY);
    let summary = summary(f, cx, identity, &plan);
    Remediation {
        service: cx.target.service(),
        service_label: cx.target.label(),
        stack: cx.stack,
        stack_label: cx.stack.label().to_string(),
        identity,
        identity_reason: reason,
        summary,
        replacement: plan.replacement,
        min_client_version: plan.min_version,
        steps,
        notes: plan.notes,
        docs,
        applicability: if edits.is_empty() {
            Applicability::DisplayOnly
        } else {
            Applicability::Unsafe
        },
        edits,
        unit: cx.evidence.unit.clone(),
    }
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

fn host_or(f: &Finding, placeholder: &str) -> String {
    f.host.clone().unwrap_or_else(|| placeholder.to_string())
}

fn db_or(f: &Finding) -> String {
    f.database
        .clone()
        .unwrap_or_else(|| "<database>".to_string())
}

/// The claimed text (the whole connection string) when the secret was
/// found inside one.
fn claim(f: &Finding) -> Option<(std::ops::Range<usize>, &str)> {
    let s = f.source.as_ref()?;
    (s.claim != s.secret).then(|| (s.claim.clone(), s.claim_text.expose()))
}

/// Rewrite the claimed string with `rw`. The scanner's claim ends where the
/// last value's content ends, before a closing quote or ODBC brace
/// (`PWD={a;b}`), so when the claim alone does not parse as a whole string,
/// the closing bytes that follow it on its line are tried too.
fn rewrite_claim(
    f: &Finding,
    rw: impl Fn(&str) -> Option<String>,
) -> Option<(std::ops::Range<usize>, String)> {
    let (range, raw) = claim(f)?;
    if let Some(t) = rw(raw) {
        return Some((range, t));
    }
    let src = f.source.as_ref()?;
    let line = src.line_text.expose();
    let at = range.end.checked_sub(src.line.start)?;
    for close in ["}", "'", "\"", "\\\"", "&quot;", "&apos;"] {
        if line.get(at..).is_some_and(|rest| rest.starts_with(close)) {
            let ext = format!("{raw}{close}");
            if let Some(t) = rw(&ext) {
                return Some((range.start..range.end + close.len(), t));
            }
        }
    }
    None
}

fn azure_plan(f: &Finding, cx: &Context, service: AzureService, cloud: Cloud, ua: bool) -> Plan {
    if cx.server_admin {
        return iac_plan(cx, service);
    }
    if is_sql(service) {
        return sql_plan(f, cx, ua);
    }
    match service {
        AzureService::PostgreSql | AzureService::MySql => oss_plan(f, cx, service, cloud, ua),
        AzureService::Redis => redis_plan(f),
        AzureService::CosmosDb => cosmos_plan(f, cx),
        _ => Plan::default(),
    }
}

fn version_at_least(v: &Option<String>, min: (u32, u32, u32)) -> Option<bool> {
    v.as_deref().map(|v| parse_version(v) >= min)
}

fn sql_plan(f: &Finding, cx: &Context, ua: bool) -> Plan {
    let mut p = Plan::default();
    let host = host_or(f, "<server>.database.windows.net");
    let db = db_or(f);
    let lpath = f.path.to_ascii_lowercase();
    let dev = lpath.contains("development")
        || lpath.contains(".local.")
        || lpath.contains("local.settings");
    match cx.stack {
        Stack::MicrosoftDataSqlClient | Stack::SystemDataSqlClient => {
            // Active Directory Default also works on a developer machine
            let (kw, min) = if dev {
                ("Active Directory Default", "3.0.0")
            } else {
                (
                    "Active Directory Managed Identity",
                    if ua { "3.0.0" } else { "2.1.0" },
                )
            };
            let auth = format!("Authentication={kw}");
            let rw = KvRewrite {
                auth: &auth,
                identity_key: ua.then_some("User Id"),
            };
            let rewritten = rewrite_claim(f, |raw| rewrite::kv_string(raw, &rw));
            p.replacement = Some(match &rewritten {
                Some((_, t)) => t.clone(),
                None => format!(
                    "Server=tcp:{host},1433;Database={db};{auth};Encrypt=True{}",
                    if ua {
                        format!(";User Id={CLIENT_ID}")
                    } else {
                        String::new()
                    }
                ),
            });
            p.min_version = Some(format!("Microsoft.Data.SqlClient {min}"));
            p.docs.push(docs::SQLCLIENT_ENTRA);
            if dev {
                p.notes.push("`Active Directory Default` (Microsoft.Data.SqlClient 3.0+) tries a managed identity first, then the developer's Azure CLI or Visual Studio sign-in, so the same string works locally and in Azure.".into());
            }
            if ua {
                p.notes.push("For a user-assigned identity, `User Id` holds the identity's client id with Microsoft.Data.SqlClient 3.0 or newer; version 2.1 expected its object id.".into());
            }
            if cx.stack == Stack::SystemDataSqlClient {
                p.notes.push("System.Data.SqlClient cannot do this: its SqlAuthenticationMethod has no managed-identity value and Microsoft says to use Microsoft.Data.SqlClient for new development. Switch the package (and `using System.Data.SqlClient` to `using Microsoft.Data.SqlClient`) first, or fetch a token with Azure.Identity and set `SqlConnection.AccessToken`.".into());
                p.docs.push(docs::SYSTEM_SQLCLIENT_AUTH);
                p.min_version = Some(format!(
                    "Microsoft.Data.SqlClient {min} (migrate from System.Data.SqlClient)"
                ));
            } else if version_at_least(&cx.version, (2, 1, 0)) == Some(false) {
                p.notes.push(format!(
                    "The project references Microsoft.Data.SqlClient {}: upgrade to {min} or newer first.",
                    cx.version.as_deref().unwrap_or("")
                ));
            } else if let Some((r, t)) = rewritten {
                p.edit = Some((r, t));
            }
            p.summary = format!("use `{auth}` instead of `User ID`/`Password`");
        }
        Stack::Odbc | Stack::Pyodbc | Stack::PhpSqlsrv
            if claim(f).is_some() && f.kind == Kind::Odbc =>
        {
            let rw = KvRewrite {
                auth: "Authentication=ActiveDirectoryMsi",
                identity_key: ua.then_some("UID"),
            };
            match rewrite_claim(f, |raw| rewrite::kv_string(raw, &rw)) {
                Some((r, mut t)) => {
                    let lower = t.to_ascii_lowercase();
                    let old_driver = lower.contains("driver={sql server}")
                        || lower.contains("native client")
                        || lower.contains("sqlncli");
                    if old_driver {
                        p.notes.push("The driver named here predates Microsoft Entra support: install ODBC Driver 18 for SQL Server and name it in `Driver=` before switching.".into());
                        t = replace_driver(&t);
                    } else {
                        p.edit = Some((r, t.clone()));
                    }
                    p.replacement = Some(t);
                }
                None => {
                    p.replacement = Some(format!(
                        "Driver={{ODBC Driver 18 for SQL Server}};Server=tcp:{host},1433;Database={db};Authentication=ActiveDirectoryMsi;Encrypt=yes{}",
                        if ua { format!(";UID={}", rewrite::OBJECT_OR_CLIENT_ID) } else { String::new() }
                    ));
                }
            }
            p.min_version = Some("ODBC Driver 17.3.1.1 for SQL Server".into());
            p.docs.push(docs::ODBC_ENTRA);
            if ua {
                p.notes.push("User-assigned identity with ODBC: the ODBC documentation says UID is the identity's object id, while the other Microsoft drivers take its client id; check which one your driver version expects.".into());
            }
            if cx.stack == Stack::Pyodbc {
                p.notes.push(format!("pyodbc alternative documented in the Python quickstart: drop UID/PWD/Authentication, get a token with azure-identity for `{}` and pass it as `attrs_before={{1256: token_struct}}` (SQL_COPT_SS_ACCESS_TOKEN).", cx.target.token_scope().unwrap_or("https://database.windows.net/.default")));
                p.docs.push(docs::PYTHON_QUICKSTART);
            }
            if cx.stack == Stack::PhpSqlsrv {
                p.docs.push(docs::PHP_ENTRA);
            }
            p.summary = "use `Authentication=ActiveDirectoryMsi` instead of `UID`/`PWD`".into();
        }
        Stack::PhpSqlsrv => {
            p.replacement = Some(format!(
                "sqlsrv_connect(\"{host}\", [\"Database\" => \"{db}\", \"Authentication\" => \"ActiveDirectoryMsi\"{}]) or new PDO(\"sqlsrv:Server={host};Database={db};Authentication=ActiveDirectoryMsi\") with no user name or password",
                if ua { format!(", \"UID\" => \"{CLIENT_ID}\"") } else { String::new() }
            ));
            p.min_version =
                Some("ODBC Driver 17.3.1.1 for SQL Server (under the PHP drivers)".into());
            p.docs.push(docs::PHP_ENTRA);
            p.summary =
                "connect with `Authentication` = `ActiveDirectoryMsi` and no password".into();
        }
        Stack::Odbc | Stack::Pyodbc => {
            p.replacement = Some(format!(
                "Driver={{ODBC Driver 18 for SQL Server}};Server=tcp:{host},1433;Database={db};Authentication=ActiveDirectoryMsi;Encrypt=yes{}",
                if ua { format!(";UID={CLIENT_ID}") } else { String::new() }
            ));
            p.min_version = Some("ODBC Driver 17.3.1.1 for SQL Server".into());
            p.docs.push(docs::ODBC_ENTRA);
            p.docs.push(docs::PYTHON_QUICKSTART);
            p.summary = "connect with `Authentication=ActiveDirectoryMsi` and no password".into();
        }
        Stack::Sqlalchemy => {
            p.replacement = Some(format!(
                "mssql+pyodbc://@{host}/{db}?driver=ODBC+Driver+18+for+SQL+Server&authentication=ActiveDirectoryMsi"
            ));
            p.notes.push("SQLAlchemy passes unknown query keys to ODBC, so `authentication=ActiveDirectoryMsi` follows the documented pass-through but is not itself a documented example; the documented alternative is a `do_connect` event that sets the access token (attrs_before 1256).".into());
            p.min_version = Some("ODBC Driver 17.3.1.1 for SQL Server".into());
            p.docs.push(docs::SQLALCHEMY_TOKENS);
            p.docs.push(docs::ODBC_ENTRA);
            p.summary =
                "drop the password from the URL and authenticate with the managed identity".into();
        }
        Stack::Pymssql => {
            p.replacement = Some(format!(
                "pyodbc.connect(\"Driver={{ODBC Driver 18 for SQL Server}};Server=tcp:{host},1433;Database={db};Authentication=ActiveDirectoryMsi;Encrypt=yes\")"
            ));
            p.notes.push("pymssql has no Microsoft Entra authentication: move to pyodbc with ODBC Driver 18 for SQL Server.".into());
            p.min_version = Some("ODBC Driver 17.3.1.1 for SQL Server".into());
            p.docs.push(docs::PYTHON_QUICKSTART);
            p.summary = "switch to pyodbc and `Authentication=ActiveDirectoryMsi`".into();
        }
        Stack::MssqlJdbc => {
            let modern = version_at_least(&cx.version, (12, 2, 0)) != Some(false);
            let too_old = version_at_least(&cx.version, (7, 2, 0)) == Some(false);
            let (auth, id_key, min) = if modern {
                (
                    "authentication=ActiveDirectoryManagedIdentity",
                    "user",
                    "mssql-jdbc 12.2 with com.azure:azure-identity",
                )
            } else {
                (
                    "authentication=ActiveDirectoryMSI",
                    "msiClientId",
                    "mssql-jdbc 7.2 (the same page also says 8.3.1)",
                )
            };
            let rw = KvRewrite {
                auth,
                identity_key: ua.then_some(id_key),
            };
            let rewritten = rewrite_claim(f, |raw| rewrite::mssql_jdbc(raw, &rw));
            p.replacement = Some(match &rewritten {
                Some((_, t)) => t.clone(),
                None if f.kind == Kind::Code => format!(
                    "ds.setAuthentication(\"{}\");{} // and no setPassword",
                    auth.trim_start_matches("authentication="),
                    if ua {
                        format!(" ds.setUser(\"{CLIENT_ID}\");")
                    } else {
                        String::new()
                    }
                ),
                None => format!(
                    "jdbc:sqlserver://{host}:1433;databaseName={db};encrypt=true;{auth}{}",
                    if ua {
                        format!(";{id_key}={CLIENT_ID}")
                    } else {
                        String::new()
                    }
                ),
            });
            if too_old {
                p.notes.push(format!(
                    "The project uses mssql-jdbc {}: managed identity needs 7.2 or newer (12.2 for ActiveDirectoryManagedIdentity).",
                    cx.version.as_deref().unwrap_or("")
                ));
            } else if let Some(e) = rewritten {
                p.edit = Some(e);
            }
            if cx.version.is_none() {
                p.notes.push("The project's mssql-jdbc version was not found: `ActiveDirectoryManagedIdentity` needs 12.2 or newer with com.azure:azure-identity; older drivers (7.2 to 11.2) take `authentication=ActiveDirectoryMSI` and `msiClientId`, and support only App Service, Functions and VMs.".into());
            }
            if !modern {
                p.notes.push("Microsoft's JDBC page gives two minimum versions for ActiveDirectoryMSI (7.2 and 8.3.1).".into());
            }
            p.min_version = Some(min.into());
            p.docs.push(docs::JDBC_ENTRA);
            p.summary = format!("use `{auth}` instead of `user`/`password`");
        }
        Stack::Jtds => {
            p.replacement = Some(format!(
                "jdbc:sqlserver://{host}:{};databaseName={db};encrypt=true;authentication=ActiveDirectoryManagedIdentity{}",
                f.port.unwrap_or(1433),
                if ua { format!(";user={CLIENT_ID}") } else { String::new() }
            ));
            p.notes.push("jTDS has no Microsoft Entra authentication: switch to the Microsoft JDBC Driver for SQL Server (mssql-jdbc).".into());
            p.min_version = Some("mssql-jdbc 12.2 with com.azure:azure-identity".into());
            p.docs.push(docs::JDBC_ENTRA);
            p.summary =
                "switch to mssql-jdbc with `authentication=ActiveDirectoryManagedIdentity`".into();
        }
        Stack::SpringBoot => {
            p.replacement = Some(format!(
                "spring.datasource.url=jdbc:sqlserver://{host}:1433;databaseName={db};encrypt=true;authentication=ActiveDirectoryManagedIdentity{} (and remove spring.datasource.username and spring.datasource.password)",
                if ua { format!(";user={CLIENT_ID}") } else { String::new() }
            ));
            p.min_version = Some("mssql-jdbc 12.2 with com.azure:azure-identity".into());
            p.notes.push("Service Connector writes `authentication=ActiveDirectoryMSI` for Spring; `ActiveDirectoryManagedIdentity` is the 12.2+ name of the same mode.".into());
            p.docs.push(docs::JDBC_ENTRA);
            p.docs.push(docs::SERVICE_CONNECTOR_SQL);
            p.summary = "put `authentication=ActiveDirectoryManagedIdentity` in spring.datasource.url and drop the password".into();
        }
        Stack::NodeMssql => {
            p.replacement = Some(format!(
                "{{ server: '{host}', database: '{db}', authentication: {{ type: 'azure-active-directory-default'{} }}, options: {{ encrypt: true }} }}",
                if ua { format!(", options: {{ clientId: '{CLIENT_ID}' }}") } else { String::new() }
            ));
            p.notes.push("tedious also has `azure-active-directory-msi-app-service` and `azure-active-directory-msi-vm`; `azure-active-directory-default` uses DefaultAzureCredential (managed identity in Azure, developer sign-in locally).".into());
            p.docs.push(docs::TEDIOUS);
            p.summary = "use tedious `authentication: { type: 'azure-active-directory-default' }` without user or password".into();
        }
        Stack::GoMssqldb => {
            p.replacement = Some(format!(
                "sql.Open(azuread.DriverName, \"sqlserver://{host}?database={db}&fedauth=ActiveDirectoryManagedIdentity{}\") // import \"github.com/microsoft/go-mssqldb/azuread\"",
                if ua { format!("&user+id={CLIENT_ID}") } else { String::new() }
            ));
            p.notes.push("Service Connector does not configure Go for managed identity, but the go-mssqldb azuread driver supports it (`ActiveDirectoryMSI` is a synonym).".into());
            p.docs.push(docs::GO_MSSQLDB);
            p.summary = "open the `azuresql` driver with `fedauth=ActiveDirectoryManagedIdentity` and no password".into();
        }
        _ => {
            p.replacement = Some(format!(
                "Server=tcp:{host},1433;Database={db};Authentication=Active Directory Managed Identity;Encrypt=True{}",
                if ua { format!(";User Id={CLIENT_ID}") } else { String::new() }
            ));
            p.notes.push("The client that reads this value must support managed identities (Microsoft.Data.SqlClient 2.1+, ODBC Driver 17.3.1.1+, mssql-jdbc 7.2+, tedious, go-mssqldb azuread): the string above is the ADO.NET form.".into());
            p.docs.push(docs::SQLCLIENT_ENTRA);
            p.docs.push(docs::SERVICE_CONNECTOR_SQL);
            p.summary = "give the application a managed identity and a connection string without a password".into();
        }
    }
    p
}

/// Is the finding's key `spring.datasource.password` (flat, or a YAML
/// `password:` nested under `spring:` / `datasource:`)? Flyway, Liquibase,
/// R2DBC and pool passwords have no passwordless switch of their own.
fn is_datasource_password(f: &Finding, file: &str) -> bool {
    let Some(src) = f.source.as_ref() else {
        return false;
    };
    let line = src.line_text.expose();
    let body = line.trim_start();
    let Some(sep) = body.find(['=', ':']) else {
        return false;
    };
    let key = body[..sep].trim().to_ascii_lowercase().replace('-', "");
    if key == "spring.datasource.password" {
        return true;
    }
    if !(key == "password" || key == "datasource.password") {
        return false;
    }
    // the YAML parents, read from the file's (lower-cased) text, which
    // must be the same bytes as the finding's line
    let (ls, le) = (src.line.start, src.line.end);
    if file.get(ls..le) != Some(line.to_ascii_lowercase().as_str()) {
        return false;
    }
    let parents = connleak_core::grammar::assign::ancestors(
        file.as_bytes(),
        ls,
        le,
        ls.saturating_sub(16 * 1024),
        400,
    );
    let mut dotted: String = parents.iter().map(|(k, _)| format!("{k}.")).collect();
    dotted.push_str(&key);
    dotted.ends_with("spring.datasource.password")
}

/// `Driver={SQL Server}` -> `Driver={ODBC Driver 18 for SQL Server}`.
fn replace_driver(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let Some(k) = lower.find("driver=") else {
        return s.to_string();
    };
    let v = k + "driver=".len();
    let end = if s[v..].starts_with('{') {
        s[v..].find('}').map_or(s.len(), |i| v + i + 1)
    } else {
        s[v..].find(';').map_or(s.len(), |i| v + i)
    };
    format!("{}{{ODBC Driver 18 for SQL Server}}{}", &s[..v], &s[end..])
}

fn oss_plan(f: &Finding, cx: &Context, service: AzureService, cloud: Cloud, ua: bool) -> Plan {
    let mut p = Plan::default();
    let pg = service == AzureService::PostgreSql;
    let scope = Target::Azure { service, cloud }
        .token_scope()
        .unwrap_or("https://ossrdbms-aad.database.windows.net/.default");
    let host = host_or(
        f,
        if pg {
            "<server>.postgres.database.azure.com"
        } else {
            "<server>.mysql.database.azure.com"
        },
    );
    let db = db_or(f);
    let port = f.port.unwrap_or(if pg { 5432 } else { 3306 });
    p.docs.push(if pg {
        docs::PG_MANAGED_IDENTITY
    } else {
        docs::MYSQL_MANAGED_IDENTITY
    });
    match cx.stack {
        Stack::PostgresqlJdbc | Stack::MysqlJdbc if claim(f).is_some() => {
            if let Some((r, t)) = rewrite_claim(f, |raw| rewrite::pg_mysql_jdbc(raw, ua)) {
                p.edit = Some((r, t.clone()));
                p.replacement = Some(t);
            }
            if ua {
                p.notes.push("User-assigned identity: the `azure.managedIdentityEnabled=true&azure.clientId=...` properties come from Microsoft's migration guidance; check them against the azure-identity-extensions README for your version.".into());
            }
            p.min_version =
                Some("com.azure:azure-identity-extensions (Microsoft's guide uses 1.2.0)".into());
            p.docs
                .push(if pg { docs::PG_JAVA } else { docs::MYSQL_JAVA });
            if !pg {
                p.notes.push("With MysqlConnectionPoolDataSource, leave out `defaultAuthenticationPlugin` (Microsoft's MySQL Java guide).".into());
            }
            p.summary =
                "load the Azure identity authentication plugin and drop the password".into();
        }
        Stack::SpringBoot => {
            let line = f
                .source
                .as_ref()
                .map(|s| (s.line.clone(), s.line_text.expose(), s.secret.clone()));
            if let Some((lr, text, secret)) = line {
                // the line up to the end of the value (and its closing quote)
                let mut end = secret.end.saturating_sub(lr.start).min(text.len());
                if text.get(end..).is_some_and(|t| t.starts_with(['"', '\''])) {
                    end += 1;
                }
                // in .properties, text after the value is part of the value
                let properties = f.path.to_ascii_lowercase().ends_with(".properties");
                let trailing = text.get(end..).is_some_and(|t| !t.trim().is_empty());
                if secret.start >= lr.start
                    && text.is_char_boundary(end)
                    && !(properties && trailing)
                    && is_datasource_password(f, &cx.evidence.file)
                {
                    if let Some(t) = rewrite::spring_password_line(&text[..end]) {
                        p.edit = Some((lr.start..lr.start + end, t));
                    }
                }
            }
            let mut rep = "spring.datasource.azure.passwordless-enabled=true (instead of spring.datasource.password; spring.datasource.username becomes the managed identity's name)".to_string();
            if ua {
                rep.push_str(&format!("; spring.cloud.azure.credential.managed-identity-enabled=true; spring.cloud.azure.credential.client-id={CLIENT_ID}"));
            }
            p.replacement = Some(rep);
            p.min_version = Some(format!(
                "spring-cloud-azure-starter-jdbc-{}",
                if pg { "postgresql" } else { "mysql" }
            ));
            p.docs.push(if pg {
                docs::SERVICE_CONNECTOR_PG
            } else {
                docs::SERVICE_CONNECTOR_MYSQL
            });
            p.summary =
                "set `spring.datasource.azure.passwordless-enabled=true` and drop the password"
                    .into();
        }
        Stack::Npgsql => {
            p.replacement = Some(format!(
                "Server={host};Port={port};Database={db};User Id={IDENTITY_NAME};Ssl Mode=Require, with the password set at run time to an Entra token: (await new DefaultAzureCredential({}).GetTokenAsync(new TokenRequestContext(new[] {{ \"{scope}\" }}))).Token (NpgsqlDataSourceBuilder.UsePeriodicPasswordProvider refreshes it)",
                if ua { format!("new DefaultAzureCredentialOptions {{ ManagedIdentityClientId = \"{CLIENT_ID}\" }}") } else { String::new() }
            ));
            p.summary =
                "use the identity's name as the user and an Entra token as the password".into();
        }
        Stack::Psycopg => {
            p.replacement = Some(format!(
                "password = DefaultAzureCredential({}).get_token(\"{scope}\").token, user = \"{IDENTITY_NAME}\", host = \"{host}\", dbname = \"{db}\", sslmode = \"require\" (fetch a new token before it expires)",
                if ua { format!("managed_identity_client_id=\"{CLIENT_ID}\"") } else { String::new() }
            ));
            p.summary =
                "use the identity's name as the user and an Entra token as the password".into();
        }
        Stack::NodePg => {
            p.replacement = Some(format!(
                "new Pool({{ host: '{host}', database: '{db}', user: '{IDENTITY_NAME}', ssl: true, password: async () => (await new DefaultAzureCredential({}).getToken('{scope}')).token }})",
                if ua { format!("{{ managedIdentityClientId: '{CLIENT_ID}' }}") } else { String::new() }
            ));
            p.summary =
                "use the identity's name as the user and an Entra token as the password".into();
        }
        _ => {
            let scheme = if pg { "postgresql" } else { "mysql" };
            p.replacement = Some(format!(
                "{scheme}://{IDENTITY_NAME}@{host}:{port}/{db}?{} with an Entra token for {scope} as the password, fetched at run time",
                if pg { "sslmode=require" } else { "ssl-mode=REQUIRED" }
            ));
            p.notes.push(format!("Scripts can fetch the token with `az account get-access-token --resource-type oss-rdbms --query accessToken -o tsv`; inside an Azure VM the managed identity's token comes from the instance metadata endpoint (resource {}).", scope.trim_end_matches("/.default")));
            p.summary =
                "use the identity's name as the user and an Entra token as the password".into();
        }
    }
    p
}

/// The quoted string (or the unquoted value) around the secret on its line.
fn enclosing_value(f: &Finding) -> Option<String> {
    let src = f.source.as_ref()?;
    let line = src.line_text.expose();
    let at = src.secret.start.checked_sub(src.line.start)?;
    if at > line.len() || !line.is_char_boundary(at) {
        return None;
    }
    let before = &line[..at];
    let (start, quote) = match before.rfind(['"', '\'']) {
        Some(q) => (q + 1, line[q..].chars().next()),
        None => (before.rfind(['=', ' ']).map_or(0, |i| i + 1), None),
    };
    let end = match quote {
        Some(q) => line[at..].find(q).map_or(line.len(), |i| at + i),
        None => line[at..].find([' ', '\t']).map_or(line.len(), |i| at + i),
    };
    Some(line.get(start..end)?.to_string())
}

fn redis_plan(f: &Finding) -> Plan {
    let mut p = Plan::default();
    let value = claim(f)
        .map(|(_, c)| c.to_string())
        .or_else(|| enclosing_value(f));
    if let Some(raw) = value.as_deref().filter(|v| v.contains("://")) {
        // rediss://:key@host:6380 -> rediss://host:6380
        if let Some(i) = raw.find("://") {
            let rest = &raw[i + 3..];
            let rest = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
            // and any `?password=` in the query
            let rest = rest.split('?').next().unwrap_or(rest);
            p.replacement = Some(format!(
                "{}://{} (the client signs in with the identity's object id as the user name and an Entra token as the password)",
                &raw[..i],
                rest
            ));
        }
    }
    if let Some(raw) = value.as_deref().filter(|v| !v.contains("://")) {
        if raw.contains(',') && raw.to_ascii_lowercase().contains("password=") {
            let kept: Vec<&str> = raw
                .split(',')
                .filter(|part| {
                    !part
                        .trim_start()
                        .to_ascii_lowercase()
                        .starts_with("password=")
                })
                .collect();
            p.replacement = Some(format!(
                "{} (the password becomes an Entra token for the managed identity, supplied by Microsoft's Entra extension for your client, e.g. Microsoft.Azure.StackExchangeRedis for .NET)",
                kept.join(",")
            ));
        }
    }
    p.notes.push("Microsoft Entra authentication is available on the Basic, Standard and Premium tiers (the page did not list Enterprise) and needs TLS; the client must refresh the token and send AUTH again before it expires.".into());
    p.docs.push(docs::REDIS_ENTRA);
    p.summary = "authenticate to the cache with Microsoft Entra ID instead of an access key".into();
    p
}

/// A Cosmos DB for MongoDB account (RU or vCore), reached with a Mongo URI.
pub fn is_cosmos_mongo(f: &Finding) -> bool {
    let h = f.host.as_deref().unwrap_or("").to_ascii_lowercase();
    f.engine == Some(connleak_core::model::Engine::MongoDb)
        || h.contains(".mongo.cosmos.")
        || h.contains(".mongocluster.cosmos.")
}

fn cosmos_plan(f: &Finding, cx: &Context) -> Plan {
    let mut p = Plan::default();
    if is_cosmos_mongo(f) {
        p.docs.push(docs::KEY_VAULT_REFERENCES);
        p.summary = "move the account key to Key Vault".into();
        return p;
    }
    let endpoint = f
        .host
        .as_deref()
        .map(|h| format!("https://{h}:443/"))
        .unwrap_or_else(|| "https://<account>.documents.azure.com:443/".into());
    let ext = f.path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    p.replacement = Some(match ext.as_str() {
        "py" => format!("CosmosClient(\"{endpoint}\", credential=DefaultAzureCredential())"),
        "js" | "ts" | "mjs" => format!("new CosmosClient({{ endpoint: '{endpoint}', aadCredentials: new DefaultAzureCredential() }})"),
        "java" => format!("new CosmosClientBuilder().endpoint(\"{endpoint}\").credential(new DefaultAzureCredentialBuilder().build())"),
        _ => format!("new CosmosClient(\"{endpoint}\", new DefaultAzureCredential())"),
    });
    let _ = cx;
    p.notes.push("Role-based access with key authentication turned off is documented for the NoSQL API; for the MongoDB or Cassandra APIs keep the key in Key Vault instead.".into());
    p.docs.push(docs::COSMOS_RBAC);
    p.summary =
        "use DefaultAzureCredential and a data-plane role instead of the account key".into();
    p
}

fn iac_plan(cx: &Context, service: AzureService) -> Plan {
    let mut p = Plan::default();
    let tf = cx.stack == Stack::Terraform;
    p.replacement = Some(match (is_sql(service), service, tf) {
        (true, _, true) => "azuread_administrator {\n  login_username              = \"<entra-admin-group>\"\n  object_id                   = \"<entra-admin-object-id>\"\n  azuread_authentication_only = true\n}\n(and remove administrator_login / administrator_login_password)".to_string(),
        (true, _, false) => "administrators: { administratorType: 'ActiveDirectory', login: '<entra-admin-group>', sid: '<entra-admin-object-id>', tenantId: subscription().tenantId, azureADOnlyAuthentication: true } (and remove administratorLogin / administratorLoginPassword)".to_string(),
        (_, AzureService::PostgreSql, true) => "authentication {\n  active_directory_auth_enabled = true\n  password_auth_enabled         = false\n  tenant_id                     = \"<tenant-id>\"\n}\n(remove administrator_password, and add an azurerm_postgresql_flexible_server_active_directory_administrator for an Entra group)".to_string(),
        (_, AzureService::PostgreSql, false) => "authConfig: { activeDirectoryAuth: 'Enabled', passwordAuth: 'Disabled', tenantId: subscription().tenantId } (and remove administratorLoginPassword)".to_string(),
        _ => "a Microsoft Entra administrator on the server instead of an administrator password".to_string(),
    });
    p.docs.push(if is_sql(service) {
        docs::SQL_ENTRA_ONLY
    } else {
        docs::PG_ENTRA_AUTH
    });
    if service == AzureService::MySql {
        p.notes.push("MySQL flexible server: set a Microsoft Entra administrator (it needs a user-assigned identity for the server); turning password sign-in off entirely is a server parameter that connleak has not verified.".into());
    }
    p.summary =
        "make Microsoft Entra the server's authentication and drop the administrator password"
            .into();
    p
}

/// Line and column of an edit inside the claimed text, from the secret's
/// known position. Edits that span lines get no SARIF position.
fn edit_at(f: &Finding, range: std::ops::Range<usize>, text: &str) -> Option<Edit> {
    let src = f.source.as_ref()?;
    let (base, base_text) = if range.start >= src.claim.start && range.end <= src.claim.end {
        (src.claim.start, src.claim_text.expose())
    } else if range.start >= src.line.start && range.end <= src.line.end {
        (src.line.start, src.line_text.expose())
    } else {
        return None;
    };
    // text that was not valid UTF-8 was decoded lossily: its offsets are not
    // the file's, so no edit is offered
    if base_text.contains('\u{FFFD}') {
        return None;
    }
    let rel = |abs: usize| abs.checked_sub(base).filter(|&r| r <= base_text.len());
    let (s, e, sec) = (rel(range.start)?, rel(range.end)?, rel(src.secret.start)?);
    if !(base_text.is_char_boundary(s)
        && base_text.is_char_boundary(e)
        && base_text.is_char_boundary(sec))
    {
        return None;
    }
    let lo = s.min(sec);
    let hi = e.max(sec);
    if base_text[lo..hi].contains('\n') {
        return None;
    }
    let chars = |a: usize, b: usize| base_text[a..b].chars().count();
    // columns are relative to the secret's column, on the secret's line
    let start_column = if s <= sec {
        f.column.checked_sub(chars(s, sec))?
    } else {
        f.column + chars(sec, s)
    };
    Some(Edit {
        start_line: f.line,
        start_column,
        end_line: f.line,
        end_column: start_column + chars(s, e),
        new_text: text.to_string(),
        old_text: connleak_core::model::Secret::new(&base_text[s..e]),
        range,
    })
}

fn summary(f: &Finding, cx: &Context, identity: Identity, plan: &Plan) -> String {
    match &cx.target {
        Target::Azure { .. } if identity == Identity::NotApplicable => {
            if cx.server_admin {
                format!("{}; rotate the password now", plan.summary)
            } else {
                "rotate the password now and move it to Key Vault; this service has no Microsoft Entra sign-in".to_string()
            }
        }
        Target::Azure { .. } => format!(
            "{} ({} managed identity), then rotate the password",
            plan.summary,
            identity.as_str()
        ),
        Target::NotAzure(e) => {
            let what = match e {
                Elsewhere::Local => {
                    "a local database: keep even local passwords out of the repository"
                }
                Elsewhere::Unknown => "host unknown",
                _ => "managed identities cannot reach it",
            };
            let _ = f;
            format!("rotate the password and read it from a secret store or environment variable ({what})")
        }
    }
}

fn steps(f: &Finding, cx: &Context, identity: Identity, plan: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    let user = f.user.clone().unwrap_or_else(|| "<user>".to_string());
    let host = f.host.clone().unwrap_or_else(|| "<server>".to_string());
    let db = db_or(f);
    let loc = format!("{}:{}", f.path, f.line);
    let rotate = format!(
        "Rotate the leaked password now: it is in the repository and must be considered compromised, and removing it from the latest commit does not remove it from git history. Change the password of `{user}` on `{host}`{}; once nothing uses it any more, disable that login.",
        match &cx.target {
            Target::Azure { service: AzureService::Fabric, .. } => String::new(),
            Target::Azure { service, .. } if is_sql(*service) => format!(" (a contained database user: `ALTER USER [{user}] WITH PASSWORD = '<new password>'`; a server login: `ALTER LOGIN [{user}] WITH PASSWORD = '<new password>'` in master)"),
            Target::Azure { service: AzureService::PostgreSql, .. } => format!(" (`ALTER ROLE \"{user}\" WITH PASSWORD '<new password>'`)"),
            Target::Azure { service: AzureService::Redis, .. } => " (regenerate the cache's access keys: `az redis regenerate-keys -g <resource-group> -n <cache> --key-type Primary`)".to_string(),
            Target::Azure { service: AzureService::CosmosDb, .. } => " (regenerate the account key: `az cosmosdb keys regenerate -g <resource-group> -n <account> --key-kind primary`)".to_string(),
            _ => String::new(),
        }
    );
    let Target::Azure { service, .. } = &cx.target else {
        out.push(rotate);
        out.push(format!(
            "Move the secret out of the repository: at {loc}, read it at run time from an environment variable or a secret store (Azure Key Vault, HashiCorp Vault, AWS Secrets Manager, a Kubernetes Secret created outside the repository){}.",
            match cx.stack {
                Stack::MicrosoftDataSqlClient | Stack::SystemDataSqlClient | Stack::Npgsql =>
                    "; in development, `dotnet user-secrets set \"ConnectionStrings:<name>\" \"<connection string>\"` keeps it out of appsettings files",
                Stack::EnvFile | Stack::Compose => "; keep `.env` files out of git (.gitignore) and commit an `.env.example` with empty values",
                _ => "",
            }
        ));
        out.push("If the application runs on Azure App Service or Azure Functions, store the secret in Key Vault and reference it from the app setting or connection string: `@Microsoft.KeyVault(SecretUri=https://<vault>.vault.azure.net/secrets/<secret-name>/)`; the app's managed identity needs permission to read secrets.".to_string());
        if matches!(cx.target, Target::NotAzure(Elsewhere::Unknown)) {
            out.push("If this database is an Azure one, a managed identity can replace the password entirely: re-run connleak on the file that names the server, or see the managed-identity documentation.".to_string());
        }
        return out;
    };
    if identity == Identity::NotApplicable && !cx.server_admin {
        out.push(rotate);
        out.push(format!("Move the secret at {loc} to Key Vault and reference it: `@Microsoft.KeyVault(SecretUri=https://<vault>.vault.azure.net/secrets/<secret-name>/)`."));
        return out;
    }
    if cx.server_admin {
        out.push(format!("Give the server a Microsoft Entra administrator (a group) and turn on Entra-only authentication in {loc}: {}.", plan.replacement.as_deref().unwrap_or("see the documentation")));
        out.push("Give every application that connects a managed identity and a database user for it (connleak reports the connection strings it finds separately, each with its own steps).".to_string());
        out.push(rotate);
        return out;
    }
    let name = if identity == Identity::UserAssigned {
        "<identity-name>"
    } else {
        "<app-name>"
    };
    // 1. the identity
    match identity {
        Identity::UserAssigned => {
            out.push("Create one user-assigned identity and read its client id: `az identity create -g <resource-group> -n <identity-name>`, then `az identity show -g <resource-group> -n <identity-name> --query clientId -o tsv`.".to_string());
            if cx.evidence.hosting == Hosting::Kubernetes {
                out.push("On AKS, use workload identity: enable it on the cluster (`--enable-oidc-issuer --enable-workload-identity` on `az aks create` or `az aks update`), federate the identity with the pod's service account (`az identity federated-credential create --name <name> --identity-name <identity-name> -g <resource-group> --issuer <cluster-oidc-issuer-url> --subject system:serviceaccount:<namespace>:<service-account> --audience api://AzureADTokenExchange`), annotate the service account with `azure.workload.identity/client-id: <client-id>` and label the pods `azure.workload.identity/use: \"true\"`.".to_string());
            } else {
                out.push(format!("Attach it to every resource that runs {}: App Service `az webapp identity assign -g <resource-group> -n <app> --identities <identity-resource-id>`, Container Apps `az containerapp identity assign -g <resource-group> -n <app> --user-assigned <identity-resource-id>`, VM `az vm identity assign -g <resource-group> -n <vm> --identities <identity-resource-id>`.", cx.evidence.unit));
            }
        }
        _ => {
            out.push(match cx.evidence.hosting {
                Hosting::Functions => "Turn on the Function app's system-assigned identity: `az functionapp identity assign -g <resource-group> -n <app>`.".to_string(),
                _ => format!("Turn on the system-assigned identity of the resource that runs {}: App Service `az webapp identity assign -g <resource-group> -n <app>`, Functions `az functionapp identity assign -g <resource-group> -n <app>`, Container Apps `az containerapp identity assign -g <resource-group> -n <app> --system-assigned`, VM `az vm identity assign -g <resource-group> -n <vm>`.", cx.evidence.unit),
            });
        }
    }
    // 2. the database side
    out.push(match service {
        AzureService::Fabric => format!("Give `{name}` access to the Fabric workspace or to the warehouse item (a workspace role or item permissions) with no more rights than `{user}` had; Fabric SQL endpoints accept only Microsoft Entra sign-in."),
        AzureService::AzureSql | AzureService::Synapse | AzureService::SqlManagedInstance => {
            let server = f.host.as_deref().and_then(|h| h.split('.').next()).unwrap_or("<server>");
            let admin = match service {
                AzureService::SqlManagedInstance => format!("`az sql mi ad-admin create -g <resource-group> --mi {server} -u <admin-name> -i <admin-object-id>`"),
                AzureService::Synapse => format!("`az synapse sql ad-admin create -g <resource-group> --workspace-name {} -u <admin-name> -i <admin-object-id>`", server.trim_end_matches("-ondemand")),
                _ => format!("`az sql server ad-admin create -g <resource-group> -s {server} -u <admin-name> -i <admin-object-id>`"),
            };
            format!("Make sure the server has a Microsoft Entra admin ({admin}); then, connected to database `{db}` as that admin, create a user for the identity and give it the roles `{user}` had, no more: `CREATE USER [{name}] FROM EXTERNAL PROVIDER;` then, for example, `ALTER ROLE db_datareader ADD MEMBER [{name}];` (and `db_datawriter` only if `{user}` could write) ({}). If a system-assigned identity is later turned off and on again, drop and re-create this user.",
                if identity == Identity::UserAssigned { "the name is the user-assigned identity's name" } else { "for a system-assigned identity the name is the app's resource name" })
        }
        AzureService::PostgreSql => format!("Enable Microsoft Entra authentication on the server and add an Entra admin; connected to the `postgres` database as that admin, run `select * from pgaadauth_create_principal('{name}', false, false);` and grant the new role what `{user}` had on `{db}`."),
        AzureService::MySql => format!("Set a Microsoft Entra admin on the server; connected as that admin, create a MySQL user for the identity `{name}` and grant it what `{user}` had on `{db}` (Microsoft's MySQL managed-identity guide shows the statement; connleak has not verified its exact form)."),
        AzureService::Redis => format!("On the cache, enable Microsoft Entra Authentication and add a data access policy assignment (Data Owner, Data Contributor or Data Reader) for `{name}`; the client signs in with the identity's object id as the user name and an Entra token as the password."),
        AzureService::CosmosDb => "Grant the identity a data-plane role on the account (`az cosmosdb sql role assignment create -a <account> -g <resource-group> --scope / --principal-id <principal-id> --role-definition-id 00000000-0000-0000-0000-000000000002`, the built-in Data Contributor), then turn key authentication off: `az resource update --ids <account-resource-id> --set properties.disableLocalAuth=true`.".to_string(),
        AzureService::MariaDb => String::new(),
    });
    // 3. the code or config
    out.push(match (&plan.replacement, plan.edit.is_some()) {
        (Some(r), true) => format!("Replace the connection string at {loc} with `{r}` (`connleak fix --write {}` applies this edit).", f.path),
        (Some(r), false) => format!("Change {loc} to: {r}."),
        (None, _) => format!("Change {loc} to authenticate with the managed identity ({}).", plan.summary),
    });
    if let Some(v) = &plan.min_version {
        out.push(format!(
            "Check the client version: this needs {v} or newer."
        ));
    }
    // 4. the password
    if *service == AzureService::Fabric {
        out.push("Rotate the leaked credential now: it is in the repository and must be considered compromised, and removing it from the latest commit does not remove it from git history. Fabric accepts only Microsoft Entra sign-in, so this is an Entra user's password or a service principal's secret: reset it in Microsoft Entra ID.".to_string());
    } else {
        out.push(rotate);
    }
    if matches!(
        service,
        AzureService::AzureSql | AzureService::SqlManagedInstance
    ) {
        let server = f
            .host
            .as_deref()
            .and_then(|h| h.split('.').next())
            .unwrap_or("<server>");
        out.push(format!("When no client uses SQL authentication any more, turn on Microsoft Entra-only authentication (`az sql server ad-only-auth enable -g <resource-group> -n {server}`{}).", if *service == AzureService::SqlManagedInstance { "; for a managed instance, `az sql mi ad-only-auth enable`" } else { "" }));
    }
    out.retain(|s| !s.is_empty());
    out
}
