//! Azure SQL, SQL Managed Instance, Synapse and Fabric: ADO.NET, ODBC,
//! JDBC, Python, PHP, Node and Go clients.

use super::{claim, db_or, host_or, rewrite_claim, version_at_least, Plan};
use crate::context::Context;
use crate::docs;
use crate::rewrite::{self, KvRewrite, CLIENT_ID};
use connleak_core::grammar::cli;
use connleak_core::model::{Finding, Kind, Stack};

const ODBC_UA_NOTE: &str = "User-assigned identity with ODBC: `UID` takes the identity's object id (the ODBC driver's documentation), while the other Microsoft drivers take its client id: `az identity show -g <resource-group> -n <identity-name> --query principalId -o tsv` prints the object id.";

pub(super) fn sql_plan(f: &Finding, cx: &Context, ua: bool) -> Plan {
    let mut p = Plan::default();
    let host = host_or(f, "<server>.database.windows.net");
    let db = db_or(f);
    let port = f.port.unwrap_or(1433);
    let lpath = f.path.to_ascii_lowercase();
    let dev = lpath.contains("development")
        || lpath.contains(".local.")
        || lpath.contains("local.settings");
    // an ADO.NET string in a notebook cell (a JSON string) or a `.tfvars`
    // value (an HCL string): the string itself, rewritten, as an exact edit
    // (`advice::build` checks that the edited line still parses)
    let in_value = lpath.ends_with(".ipynb") || lpath.ends_with(".tfvars");
    let stack = if in_value && f.kind == Kind::Ado {
        Stack::Other
    } else {
        cx.stack
    };
    match stack {
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
            if cx.stack == Stack::MicrosoftDataSqlClient
                && !cx
                    .evidence
                    .manifest_has("microsoft.data.sqlclient.extensions.azure")
            {
                let pkg = "Microsoft.Data.SqlClient 7.0 and later moved the Active Directory authentication modes into a separate package: also reference `Microsoft.Data.SqlClient.Extensions.Azure` (`dotnet add package Microsoft.Data.SqlClient.Extensions.Azure`), or the connection fails at run time.";
                match version_at_least(&cx.version, (7, 0, 0)) {
                    Some(true) => p.notes.push(pkg.into()),
                    Some(false) => {}
                    None => p.notes.push(format!(
                        "If the project uses {}{}",
                        &pkg[..1].to_ascii_lowercase(),
                        &pkg[1..]
                    )),
                }
                if version_at_least(&cx.version, (7, 0, 0)) != Some(false) {
                    p.docs.push(docs::SQLCLIENT_7_AZURE);
                }
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
                        if ua { format!(";UID={}", rewrite::OBJECT_ID) } else { String::new() }
                    ));
                }
            }
            p.min_version = Some("ODBC Driver 17.3.1.1 for SQL Server".into());
            p.docs.push(docs::ODBC_ENTRA);
            if ua {
                p.notes.push(ODBC_UA_NOTE.into());
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
                if ua { format!(", \"UID\" => \"{}\"", rewrite::OBJECT_ID) } else { String::new() }
            ));
            if ua {
                p.notes.push(ODBC_UA_NOTE.into());
            }
            p.min_version =
                Some("ODBC Driver 17.3.1.1 for SQL Server (under the PHP drivers)".into());
            p.docs.push(docs::PHP_ENTRA);
            p.summary =
                "connect with `Authentication` = `ActiveDirectoryMsi` and no password".into();
        }
        Stack::Odbc | Stack::Pyodbc => {
            p.replacement = Some(format!(
                "Driver={{ODBC Driver 18 for SQL Server}};Server=tcp:{host},{port};Database={db};Authentication=ActiveDirectoryMsi;Encrypt=yes{}",
                if ua { format!(";UID={}", rewrite::OBJECT_ID) } else { String::new() }
            ));
            if ua {
                p.notes.push(ODBC_UA_NOTE.into());
            }
            p.min_version = Some("ODBC Driver 17.3.1.1 for SQL Server".into());
            p.docs.push(docs::ODBC_ENTRA);
            p.docs.push(docs::PYTHON_QUICKSTART);
            p.summary = "connect with `Authentication=ActiveDirectoryMsi` and no password".into();
        }
        Stack::Sqlalchemy => {
            // an ODBC string passed as `odbc_connect` stays an ODBC string
            let rw = KvRewrite {
                auth: "Authentication=ActiveDirectoryMsi",
                identity_key: ua.then_some("UID"),
            };
            let odbc = (f.kind == Kind::Odbc)
                .then(|| rewrite_claim(f, |raw| rewrite::kv_string(raw, &rw)))
                .flatten();
            p.replacement = Some(match odbc {
                Some((_, t)) => format!("{t} (still passed as `odbc_connect`)"),
                None => format!(
                    "mssql+pyodbc://@{host}/{db}?driver=ODBC+Driver+18+for+SQL+Server&authentication=ActiveDirectoryMsi"
                ),
            });
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
            let url = claim(f)
                .and_then(|(_, raw)| go_mssqldb_url(raw, ua))
                .unwrap_or_else(|| {
                    format!(
                        "sqlserver://{host}:{port}?database={db}&encrypt=true&fedauth=ActiveDirectoryManagedIdentity{}",
                        if ua { format!("&user+id={CLIENT_ID}") } else { String::new() }
                    )
                });
            p.replacement = Some(format!(
                "sql.Open(azuread.DriverName, \"{url}\") // import \"github.com/microsoft/go-mssqldb/azuread\""
            ));
            p.notes.push("Service Connector does not configure Go for managed identity, but the go-mssqldb azuread driver supports it (`ActiveDirectoryMSI` is a synonym).".into());
            p.docs.push(docs::GO_MSSQLDB);
            p.summary = "open the `azuresql` driver with `fedauth=ActiveDirectoryManagedIdentity` and no password".into();
        }
        Stack::CommandLine => {
            let tool = f
                .source
                .as_ref()
                .and_then(|s| cli::parse(s.line_text.expose()))
                .map(|c| c.tool);
            // the server as the command line wrote it (`host,1433`), else the host
            let server = match f.port {
                Some(p) if p != 1433 || f.kind == Kind::Cli => format!("{host},{p}"),
                _ => host.clone(),
            };
            let resource = cx
                .target
                .token_scope()
                .unwrap_or("https://database.windows.net/.default")
                .trim_end_matches("/.default")
                .to_string();
            match tool {
                Some(cli::Tool::InvokeSqlcmd) => {
                    p.replacement = Some(format!(
                        "Invoke-Sqlcmd -ServerInstance {host} -Database {db} -AccessToken (az account get-access-token --resource {resource} --query accessToken -o tsv) … (no -Username/-Password; run `az login --identity{}` first)",
                        if ua { format!(" --username {CLIENT_ID}") } else { String::new() }
                    ));
                    p.docs.push(docs::INVOKE_SQLCMD);
                    p.summary = "pass an Entra token with `-AccessToken` instead of `-Username`/`-Password`".into();
                }
                Some(cli::Tool::Bcp) => {
                    p.replacement = Some(format!("bcp … -S {server} -d {db} -G (no -U/-P)"));
                    p.notes.push("bcp's `-G` selects Microsoft Entra authentication; which Entra mode it uses without `-U`/`-P` depends on the bcp and ODBC driver versions, and connleak has not verified a managed identity with bcp. sqlcmd (Go) with `--authentication-method=ActiveDirectoryManagedIdentity` is the documented route for scripts.".into());
                    p.docs.push(docs::SQLCMD_ENTRA);
                    p.summary =
                        "use Microsoft Entra authentication (`-G`) instead of `-U`/`-P`".into();
                }
                _ => {
                    p.replacement = Some(format!(
                        "sqlcmd -S {server} -d {db} --authentication-method=ActiveDirectoryManagedIdentity {}(sqlcmd (Go); no -U/-P)",
                        if ua { format!("-U {CLIENT_ID} ") } else { String::new() }
                    ));
                    p.notes.push("`--authentication-method` is an option of sqlcmd (Go), the current sqlcmd; the older ODBC sqlcmd has only `-G`. For a user-assigned identity, `-U` holds its client id.".into());
                    p.docs.push(docs::SQLCMD_ENTRA);
                    p.summary = "sign in with the managed identity (`--authentication-method=ActiveDirectoryManagedIdentity`) instead of `-U`/`-P`".into();
                }
            }
        }
        _ => {
            // an ADO.NET string in another kind of file (Terraform, YAML):
            // the string itself, rewritten, keeps every other fact
            let rw = KvRewrite {
                auth: "Authentication=Active Directory Managed Identity",
                identity_key: ua.then_some("User Id"),
            };
            let rewritten = (f.kind == Kind::Ado)
                .then(|| rewrite_claim(f, |raw| rewrite::kv_string(raw, &rw)))
                .flatten();
            if in_value {
                p.edit = rewritten.clone();
            }
            p.replacement = Some(match rewritten {
                Some((_, t)) => t,
                None => format!(
                    "Server=tcp:{host},{port};Database={db};Authentication=Active Directory Managed Identity;Encrypt=True{}",
                    if ua { format!(";User Id={CLIENT_ID}") } else { String::new() }
                ),
            });
            p.notes.push("The client that reads this value must support managed identities (Microsoft.Data.SqlClient 2.1+, ODBC Driver 17.3.1.1+, mssql-jdbc 7.2+, tedious, go-mssqldb azuread): the string above is the ADO.NET form.".into());
            p.docs.push(docs::SQLCLIENT_ENTRA);
            p.docs.push(docs::SERVICE_CONNECTOR_SQL);
            p.summary = "give the application a managed identity and a connection string without a password".into();
        }
    }
    p
}

/// A go-mssqldb URL without its user and password, with every other
/// parameter kept, `encrypt=true` when it had no `encrypt` (go-mssqldb
/// then encrypts only the login) and the managed-identity `fedauth`.
fn go_mssqldb_url(raw: &str, ua: bool) -> Option<String> {
    let rest = raw
        .get(..12)
        .filter(|s| s.eq_ignore_ascii_case("sqlserver://"))
        .map(|_| &raw[12..])?;
    let (before_query, query) = rest.split_once('?').unwrap_or((rest, ""));
    let authority_end = before_query.find('/').unwrap_or(before_query.len());
    let (authority, path) = before_query.split_at(authority_end);
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if hostport.is_empty() {
        return None;
    }
    let name = |kv: &str| {
        kv.split('=')
            .next()
            .unwrap_or("")
            .replace(['+', ' '], " ")
            .replace("%20", " ")
            .to_ascii_lowercase()
    };
    let mut params: Vec<String> = query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .filter(|kv| {
            let k = name(kv);
            !(matches!(
                k.as_str(),
                "password" | "user id" | "user" | "fedauth" | "authenticator"
            ) || k.contains("password")
                || k.contains("secret"))
        })
        .map(str::to_string)
        .collect();
    if !params.iter().any(|kv| name(kv) == "encrypt") {
        params.push("encrypt=true".to_string());
    }
    params.push("fedauth=ActiveDirectoryManagedIdentity".to_string());
    if ua {
        params.push(format!("user+id={CLIENT_ID}"));
    }
    Some(format!("sqlserver://{hostport}{path}?{}", params.join("&")))
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

#[cfg(test)]
mod tests {
    use crate::project::Evidence;
    use connleak_core::model::{Identity, Remediation, Stack};

    fn advise(path: &str, text: &str, manifests: &[(&str, &str)], ua: bool) -> Remediation {
        let ev = Evidence {
            unit: "app".into(),
            manifests: manifests
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_ascii_lowercase()))
                .collect(),
            file: text.to_ascii_lowercase(),
            ..Default::default()
        };
        let set = connleak_core::rules::RuleSet::builtin().expect("rules");
        let found =
            connleak_core::scan::scan_text(&set, path, path, text.as_bytes(), &Default::default());
        assert_eq!(found.len(), 1, "{found:?}");
        let cx = crate::context(&found[0], std::sync::Arc::new(ev));
        let id = if ua {
            Identity::UserAssigned
        } else {
            Identity::SystemAssigned
        };
        super::super::build(&found[0], &cx, id, String::new())
    }

    // Regression (issue 13): go-mssqldb replacements dropped `encrypt=true`
    // (a missing `encrypt` means no encryption after login in go-mssqldb),
    // the port and the other parameters.
    #[test]
    fn go_mssqldb_keeps_encrypt_the_port_and_the_other_parameters() {
        let go_mod = [("go.mod", "require github.com/microsoft/go-mssqldb v1.7.0")];
        let r = advise(
            "store/db.go",
            "db, err := sql.Open(\"sqlserver\", \"sqlserver://app:Fab-Gm7!qLp2@fab-sql.database.windows.net:1433?database=orders&app+name=api\")\n",
            &go_mod,
            false,
        );
        assert_eq!(r.stack, Stack::GoMssqldb);
        let rep = r.replacement.unwrap_or_default();
        assert!(
            rep.contains("\"sqlserver://fab-sql.database.windows.net:1433?database=orders&app+name=api&encrypt=true&fedauth=ActiveDirectoryManagedIdentity\""),
            "{rep}"
        );
        let r = advise(
            "store/db.go",
            "db, err := sql.Open(\"sqlserver\", \"sqlserver://app:Fab-Gm7!qLp2@fab-sql.database.windows.net?database=orders&encrypt=strict\")\n",
            &go_mod,
            false,
        );
        let rep = r.replacement.unwrap_or_default();
        assert!(rep.contains("encrypt=strict&fedauth="), "{rep}");
        assert!(!rep.contains("encrypt=true"), "{rep}");
    }

    // Issue 13: command lines name the server ("host unknown" before) and
    // an Azure server gets the passwordless command.
    #[test]
    fn sql_command_lines_get_the_passwordless_command() {
        let r = advise(
            "db/load.sh",
            "sqlcmd -S tcp:fab-sql.database.windows.net,1433 -d orders -U loader -P 'Fab-Sc1!mDq4' -i schema.sql\n",
            &[],
            false,
        );
        assert_eq!(r.service.id(), "azure-sql");
        assert_eq!(r.stack, Stack::CommandLine);
        assert_eq!(
            r.replacement.as_deref(),
            Some("sqlcmd -S fab-sql.database.windows.net,1433 -d orders --authentication-method=ActiveDirectoryManagedIdentity (sqlcmd (Go); no -U/-P)")
        );
        let r = advise(
            "db/load.sh",
            "sqlcmd -S fab-sql.database.windows.net -d orders -U loader -P 'Fab-Sc1!mDq4'\n",
            &[],
            true,
        );
        assert!(
            r.replacement
                .as_deref()
                .is_some_and(|x| x.contains("-U <client-id-of-managed-identity> ")),
            "{r:?}"
        );
        let r = advise(
            "deploy/deploy.ps1",
            "Invoke-Sqlcmd -ServerInstance \"fab-sql.database.usgovcloudapi.net\" -Database \"orders\" -Username \"deploy\" -Password \"Fab-Ps6!kLq9\" -InputFile \"migrate.sql\"\n",
            &[],
            false,
        );
        let rep = r.replacement.unwrap_or_default();
        assert!(rep.contains("-AccessToken (az account get-access-token --resource https://database.usgovcloudapi.net --query accessToken -o tsv)"), "{rep}");
        assert!(
            rep.contains("-ServerInstance fab-sql.database.usgovcloudapi.net -Database orders"),
            "{rep}"
        );
        assert!(!rep.contains("Fab-Ps6"), "{rep}");
        let r = advise(
            "db/export.sh",
            "bcp dbo.orders out orders.csv -S fab-sql.database.windows.net -d orders -U loader -P Fab-Bc2!pWq5 -c\n",
            &[],
            false,
        );
        let rep = r.replacement.unwrap_or_default();
        assert!(
            rep.starts_with("bcp … -S fab-sql.database.windows.net -d orders -G"),
            "{rep}"
        );
    }

    // Regression (issue 13): an ODBC string handed to `pyodbc.connect` got a
    // SQLAlchemy URL because the file also imports SQLAlchemy.
    #[test]
    fn an_odbc_string_for_pyodbc_connect_stays_an_odbc_string() {
        let text = "import sqlalchemy\nimport pyodbc\n\nCONN = \"Driver={ODBC Driver 18 for SQL Server};Server=tcp:fab-sql.database.windows.net;Database=rep;UID=rep;PWD=Fab-Sa8!lCh3\"\nconn = pyodbc.connect(CONN)\n";
        let r = advise("app/report.py", text, &[], false);
        assert_eq!(r.stack, Stack::Pyodbc);
        assert!(
            r.replacement
                .as_deref()
                .is_some_and(|x| x.starts_with("Driver={ODBC Driver 18 for SQL Server};")),
            "{r:?}"
        );
        // handed to SQLAlchemy as `odbc_connect`: SQLAlchemy
        let text = "import sqlalchemy\nODBC = \"Driver={ODBC Driver 18 for SQL Server};Server=tcp:fab-sql.database.windows.net;Database=rep;UID=rep;PWD=Fab-Sa9!lCh4\"\nengine = sqlalchemy.create_engine(\"mssql+pyodbc:///?odbc_connect=\" + urllib.parse.quote_plus(ODBC))\n";
        assert_eq!(
            advise("app/report.py", text, &[], false).stack,
            Stack::Sqlalchemy
        );
    }

    // Issue 13: Microsoft.Data.SqlClient 7.0 moved the Active Directory
    // modes into Microsoft.Data.SqlClient.Extensions.Azure.
    #[test]
    fn sqlclient_7_needs_the_azure_extensions_package() {
        let text = "{\"Db\": \"Server=tcp:fab-sql.database.windows.net;Database=orders;User ID=app;Password=Fab-Sc7!qLw3\"}";
        let note = |manifest: &str| {
            advise("appsettings.json", text, &[("app.csproj", manifest)], false)
                .notes
                .into_iter()
                .find(|n| n.contains("Microsoft.Data.SqlClient.Extensions.Azure"))
        };
        let seven =
            note("<PackageReference Include=\"Microsoft.Data.SqlClient\" Version=\"7.0.1\" />");
        assert!(
            seven.as_deref().is_some_and(|n| n.contains("7.0")),
            "{seven:?}"
        );
        assert_eq!(
            note("<PackageReference Include=\"Microsoft.Data.SqlClient\" Version=\"5.2.2\" />"),
            None
        );
        assert_eq!(
            note("<PackageReference Include=\"Microsoft.Data.SqlClient\" Version=\"7.0.1\" /><PackageReference Include=\"Microsoft.Data.SqlClient.Extensions.Azure\" Version=\"1.0.0\" />"),
            None
        );
        // version unknown: said as a condition
        assert!(note("").is_some_and(|n| n.starts_with("If the project uses")));
    }

    // Regression (issue 13): facts on the finding's own string were lost
    // (`Initial Catalog=orders` became `Database=<database>`, `,1433` dropped).
    #[test]
    fn an_ado_string_in_another_file_type_is_rewritten_not_rebuilt() {
        let r = advise(
            "infra/app.tf",
            "    value = \"Server=tcp:fab-sql.database.windows.net,14330;Initial Catalog=orders;User ID=app;Password=Fab-Tf4!qWz9;Encrypt=True;Connection Timeout=30\"\n",
            &[],
            false,
        );
        let rep = r.replacement.unwrap_or_default();
        assert_eq!(
            rep,
            "Server=tcp:fab-sql.database.windows.net,14330;Initial Catalog=orders;Authentication=Active Directory Managed Identity;Encrypt=True;Connection Timeout=30"
        );
    }

    // Regression (issue 13): only some ODBC replacements carried the
    // object id the ODBC documentation asks for.
    #[test]
    fn every_odbc_replacement_puts_the_object_id_in_uid() {
        for (path, text, manifests) in [
            (
                "app/x.py",
                "CONN = \"Driver={ODBC Driver 18 for SQL Server};Server=tcp:fab-sql.database.windows.net;Database=d;UID=u;PWD=Fab-Od5!bCq1\"\n",
                vec![],
            ),
            (
                "app/kw.py",
                "conn = pyodbc.connect(driver=\"{ODBC Driver 18 for SQL Server}\", server=\"fab-sql.database.windows.net\", database=\"d\", uid=\"u\", pwd=\"Fab-Kw6!pQw3\")\n",
                vec![],
            ),
        ] {
            let r = advise(path, text, &manifests, true);
            let rep = r.replacement.unwrap_or_default();
            assert!(
                rep.contains("<object-id-of-managed-identity>"),
                "{path}: {rep}"
            );
            assert!(!rep.contains("<client-id"), "{path}: {rep}");
            assert!(
                r.notes.iter().any(|n| n.contains("object id")),
                "{path}: {:?}",
                r.notes
            );
        }
    }
}
