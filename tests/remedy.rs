//! The remediation engine end to end: advice per stack on the fixtures, the
//! identity decision across a repository, `explain`, and `connleak fix`.

use crate::util::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn findings(v: &Value) -> Vec<Value> {
    v["findings"].as_array().expect("findings").clone()
}

fn key(f: &Value) -> String {
    let p = f["path"].as_str().unwrap_or("");
    format!("{}:{}", p.strip_prefix("fixtures/").unwrap_or(p), f["line"])
}

/// Keywords and forms the Microsoft documentation gives for passwordless
/// connections (docs/managed-identity.md).
const DOCUMENTED: &[&str] = &[
    "Authentication=Active Directory Managed Identity",
    "Authentication=Active Directory Default",
    "Authentication=ActiveDirectoryMsi",
    "authentication=ActiveDirectoryMsi",
    "authentication=ActiveDirectoryManagedIdentity",
    "\"Authentication\" => \"ActiveDirectoryMsi\"",
    "type: 'azure-active-directory-default'",
    "fedauth=ActiveDirectoryManagedIdentity",
    "AzurePostgresqlAuthenticationPlugin",
    "AzureMysqlAuthenticationPlugin",
    "spring.datasource.azure.passwordless-enabled=true",
    "Entra token",
    "DefaultAzureCredential",
    "azuread_authentication_only = true",
    "azureADOnlyAuthentication: true",
    "activeDirectoryAuth: 'Enabled'",
    "active_directory_auth_enabled = true",
    "aad_auth_only",
    "--authentication-method=ActiveDirectoryManagedIdentity",
    "-AccessToken (az account get-access-token",
    "az account get-access-token --resource-type oss-rdbms",
    " -G (no -U/-P)",
];

#[test]
fn every_azure_finding_gets_a_passwordless_replacement_and_every_other_the_secret_store() {
    let out = run(&["scan", "--format", "json", "--show-secrets", "fixtures"]);
    let all = findings(&json(&out));
    let mut azure = 0;
    for f in &all {
        let r = &f["remediation"];
        let secret = f["secret"].as_str().expect("secret shown");
        let steps: Vec<&str> = r["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(
            steps
                .iter()
                .any(|s| s.starts_with("Rotate the leaked password now")),
            "{}: every finding says to rotate",
            key(f)
        );
        assert!(!r["docs"].as_array().expect("docs").is_empty());
        if r["service"] == "not-azure" {
            assert_eq!(r["identity"], "not-applicable", "{}", key(f));
            // where the secret goes and the replacement in the file's own
            // syntax (every non-Azure finding of the fixtures has one)
            assert!(
                steps
                    .iter()
                    .any(|s| s.starts_with("Put the new password where it goes instead: ")),
                "{}: {steps:?}",
                key(f)
            );
            let rep = r["replacement"]
                .as_str()
                .unwrap_or_else(|| panic!("{}: no replacement", key(f)));
            // no more copies of the secret than the rest of its line holds
            // (a password equal to its user name, `postgres:postgres`, is
            // still written there as the user)
            let text = std::fs::read(f["path"].as_str().unwrap_or("")).unwrap_or_default();
            let line = String::from_utf8_lossy(&text)
                .lines()
                .nth(f["line"].as_u64().unwrap_or(1) as usize - 1)
                .unwrap_or("")
                .to_string();
            assert!(
                !rep.trim().is_empty()
                    && rep.matches(secret).count() < line.matches(secret).count().max(1),
                "{}: {rep}",
                key(f)
            );
            assert!(
                steps
                    .iter()
                    .any(|s| s.starts_with("Replace the password at ")),
                "{}: {steps:?}",
                key(f)
            );
            assert!(steps
                .iter()
                .any(|s| s.contains("@Microsoft.KeyVault(SecretUri=")));
            continue;
        }
        azure += 1;
        let rep = r["replacement"]
            .as_str()
            .unwrap_or_else(|| panic!("{}: Azure finding without a replacement", key(f)));
        assert!(!rep.contains(secret), "{}: {rep}", key(f));
        assert!(
            DOCUMENTED.iter().any(|k| rep.contains(k)),
            "{}: no documented keyword in {rep}",
            key(f)
        );
        for e in r["edits"].as_array().expect("edits") {
            assert!(!e["new_text"].as_str().unwrap_or("").contains(secret));
        }
    }
    assert!(
        azure >= 40,
        "the fixtures hold many Azure findings: {azure}"
    );
}

#[test]
fn replacements_are_exact_per_stack() {
    let out = run(&["scan", "--format", "json", "fixtures"]);
    let got: BTreeMap<String, (String, String, String, String)> = findings(&json(&out))
        .iter()
        .filter(|f| f["remediation"]["service"] != "not-azure")
        .map(|f| {
            let r = &f["remediation"];
            let s = |k: &str| r[k].as_str().unwrap_or("").to_string();
            (
                key(f),
                (
                    s("stack"),
                    s("identity"),
                    s("applicability"),
                    s("replacement"),
                ),
            )
        })
        .collect();
    let want: &[(&str, &str, &str, &str, &str)] = &[
        ("dotnet-api/appsettings.json:11", "microsoft-data-sqlclient", "system-assigned", "unsafe",
         "Server=tcp:contoso-orders-sql.database.windows.net,1433;Initial Catalog=orders;Persist Security Info=False;Authentication=Active Directory Managed Identity;MultipleActiveResultSets=False;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30"),
        ("dotnet-api/web.Release.config:4", "microsoft-data-sqlclient", "system-assigned", "unsafe",
         "Server=tcp:contoso-orders-sql.database.windows.net,1433;Initial Catalog=orders;Authentication=Active Directory Managed Identity;Encrypt=True"),
        ("dotnet-legacy/Web.config:14", "system-data-sqlclient", "system-assigned", "display-only",
         "Server=tcp:contoso-records.database.usgovcloudapi.net,1433;Database=records;Authentication=Active Directory Managed Identity;Encrypt=True"),
        ("shared-identity/services/orders-api/appsettings.json:3", "microsoft-data-sqlclient", "user-assigned", "unsafe",
         "Server=tcp:contoso-shared-sql.database.windows.net,1433;Initial Catalog=catalog;User ID=<client-id-of-managed-identity>;Authentication=Active Directory Managed Identity;Encrypt=True"),
        ("shared-identity/services/catalog-sync/src/main/resources/application.properties:2", "mssql-jdbc", "user-assigned", "unsafe",
         "jdbc:sqlserver://contoso-shared-sql.database.windows.net:1433;databaseName=catalog;user=<client-id-of-managed-identity>;authentication=ActiveDirectoryManagedIdentity;encrypt=true"),
        ("shared-identity/services/reports/db.py:3", "pyodbc", "system-assigned", "unsafe",
         "Driver={ODBC Driver 18 for SQL Server};Server=tcp:contoso-reports-sql.database.windows.net,1433;Database=reports;Authentication=ActiveDirectoryMsi;Encrypt=yes"),
        ("python-app/myshop/settings.py:51", "pyodbc", "system-assigned", "display-only",
         "Driver={ODBC Driver 18 for SQL Server};Server=tcp:legacy-shop.database.chinacloudapi.cn,1433;Database=<database>;Authentication=ActiveDirectoryMsi;Encrypt=yes"),
        ("java-svc/src/main/java/com/contoso/billing/legacy/LegacyLedgerDao.java:20", "mysql-jdbc", "system-assigned", "unsafe",
         "jdbc:mysql://mysql-ledger.mysql.database.azure.com:3306/ledger?useSSL=true&defaultAuthenticationPlugin=com.azure.identity.extensions.jdbc.mysql.AzureMysqlAuthenticationPlugin&authenticationPlugins=com.azure.identity.extensions.jdbc.mysql.AzureMysqlAuthenticationPlugin&user=<managed-identity-name>"),
        ("java-svc/src/main/resources/application-azure.yml:6", "spring-boot", "system-assigned", "unsafe",
         "spring.datasource.azure.passwordless-enabled=true (instead of spring.datasource.password; spring.datasource.username becomes the managed identity's name)"),
        ("node-api/dist/config.min.json:1", "node-mssql", "system-assigned", "display-only",
         "{ server: 'contoso-orders-sql.database.windows.net', database: 'orders', authentication: { type: 'azure-active-directory-default' }, options: { encrypt: true } }"),
        ("dotnet-api/appsettings.json:15", "cosmos-sdk", "system-assigned", "display-only",
         "new CosmosClient(\"https://contoso-orders-cosmos.documents.azure.com:443/\", new DefaultAzureCredential())"),
        ("infra/terraform/main.tf:30", "terraform", "not-applicable", "display-only",
         "azuread_administrator {\n  login_username              = \"<entra-admin-group>\"\n  object_id                   = \"<entra-admin-object-id>\"\n  azuread_authentication_only = true\n}\n(in the azurerm_mssql_server; then remove administrator_login / administrator_login_password)"),
    ];
    for (k, stack, identity, appl, rep) in want {
        let g = got
            .get(*k)
            .unwrap_or_else(|| panic!("no Azure finding at {k}"));
        assert_eq!(
            (g.0.as_str(), g.1.as_str(), g.2.as_str(), g.3.as_str()),
            (*stack, *identity, *appl, *rep),
            "{k}"
        );
    }
}

// Regression (issue 13): the first server resource of a file decided the
// Entra advice for every administrator password in it.
#[test]
fn infrastructure_advice_comes_from_the_server_resource_that_encloses_the_password() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        tmp.path().join("servers.tf"),
        r#"resource "azurerm_mssql_server" "sql" {
  name                         = "fab-sql-${var.env}"
  administrator_login          = "sqladmin"
  administrator_login_password = "Qz7!fabSqlAdm"
}

resource "azurerm_mysql_flexible_server" "my" {
  name                   = "fab-my"
  administrator_login    = "myadmin"
  administrator_password = "Qz7!fabMyAdm"
}

resource "azurerm_postgresql_flexible_server" "pg" {
  name                   = "fab-pg"
  administrator_login    = "pgadmin"
  administrator_password = "Qz7!fabPgAdm"
}
"#,
    )
    .expect("write");
    let all = findings(&json(&run_in(
        tmp.path(),
        &["scan", "--format", "json", "."],
    )));
    let got: Vec<(u64, String, String)> = all
        .iter()
        .map(|f| {
            let r = &f["remediation"];
            (
                f["line"].as_u64().unwrap_or(0),
                r["service"].as_str().unwrap_or("").to_string(),
                r["replacement"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!((got[0].0, got[0].1.as_str()), (4, "azure-sql"));
    assert!(got[0].2.contains("azuread_administrator {"), "{}", got[0].2);
    assert_eq!((got[1].0, got[1].1.as_str()), (10, "azure-mysql"));
    assert!(
        got[1]
            .2
            .contains("azurerm_mysql_flexible_server_active_directory_administrator")
            && got[1].2.contains("identity_id")
            && got[1].2.contains("aad_auth_only"),
        "{}",
        got[1].2
    );
    assert_eq!((got[2].0, got[2].1.as_str()), (16, "azure-postgresql"));
    assert!(
        got[2].2.contains("active_directory_auth_enabled = true")
            && got[2]
                .2
                .contains("azurerm_postgresql_flexible_server_active_directory_administrator"),
        "{}",
        got[2].2
    );
    // the fixture's Bicep file: a SQL server first, then a PostgreSQL one
    let out = run(&[
        "scan",
        "--format",
        "json",
        "fixtures/infra/bicep/legacy-data.bicep",
    ]);
    let pg = findings(&json(&out))
        .into_iter()
        .find(|f| f["line"] == 24)
        .expect("the PostgreSQL password");
    assert_eq!(pg["remediation"]["service"], "azure-postgresql");
    let rep = pg["remediation"]["replacement"].as_str().unwrap_or("");
    assert!(rep.contains("activeDirectoryAuth: 'Enabled'"), "{rep}");
    assert!(!rep.contains("azureADOnlyAuthentication"), "{rep}");
}

// Regression (issue 13): templated host names were cut at the dot inside
// the placeholder, classed as managed instances, and the cut name reached
// the `az` commands.
#[test]
fn templated_host_names_are_kept_whole_and_classified_by_suffix() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        tmp.path().join("app.tf"),
        "resource \"azurerm_linux_web_app\" \"api\" {\n  connection_string {\n    name  = \"Db\"\n    type  = \"SQLAzure\"\n    value = \"Server=tcp:fab-sql-${var.env}.database.windows.net,1433;Initial Catalog=orders;User ID=app;Password=Fab-Tm9!pLx2;Encrypt=True\"\n  }\n}\n",
    )
    .expect("write");
    std::fs::create_dir_all(tmp.path().join("chart/templates")).expect("mkdir");
    std::fs::write(
        tmp.path().join("chart/templates/configmap.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api\ndata:\n  DB: \"Server=tcp:{{ .Values.sqlServer }}.database.windows.net;Database=orders;User ID=app;Password=Fab-Hm7!qRt3\"\n",
    )
    .expect("write");
    let all = findings(&json(&run_in(
        tmp.path(),
        &["scan", "--format", "json", "."],
    )));
    assert_eq!(all.len(), 2, "{all:?}");
    for f in &all {
        let r = &f["remediation"];
        assert_eq!(r["service"], "azure-sql", "{}", key(f));
        let steps = r["steps"].to_string();
        assert!(steps.contains("-s <server-name>"), "{}: {steps}", key(f));
        assert!(
            !steps.contains("${var -") && !steps.contains("{{ -"),
            "{steps}"
        );
        assert!(
            r["notes"].to_string().contains("is templated"),
            "{}",
            key(f)
        );
    }
}

// Issue 13: command lines said "host unknown".
#[test]
fn command_lines_name_the_server_and_get_the_passwordless_form() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        tmp.path().join("load.sh"),
        "#!/bin/sh\nsqlcmd -S tcp:fab-sql.database.windows.net,1433 -d orders -U loader -P 'Fab-Sc1!mDq4' -i schema.sql\nmysql -h fab-my.mysql.database.azure.com -u app -pFab-My3!cLq6 shop < dump.sql\n",
    )
    .expect("write");
    std::fs::write(
        tmp.path().join("env.sh"),
        "export PGHOST=fab-pg2.postgres.database.azure.com\nexport PGUSER=etl\nexport PGPASSWORD='Fab-Pe5!vBq8'\n",
    )
    .expect("write");
    let all = findings(&json(&run_in(
        tmp.path(),
        &["scan", "--format", "json", "."],
    )));
    assert_eq!(all.len(), 3, "{all:?}");
    let by_line = |path: &str, line: u64| {
        all.iter()
            .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(path)) && f["line"] == line)
            .unwrap_or_else(|| panic!("{path}:{line}"))
    };
    let f = by_line("env.sh", 3);
    assert_eq!(f["host"], "fab-pg2.postgres.database.azure.com");
    assert_eq!(f["remediation"]["service"], "azure-postgresql");
    let f = by_line("load.sh", 2);
    assert_eq!(f["engine"], "sqlserver");
    assert!(f["remediation"]["replacement"]
        .as_str()
        .is_some_and(|r| r.starts_with("sqlcmd -S fab-sql.database.windows.net,1433 -d orders --authentication-method=ActiveDirectoryManagedIdentity")));
    let f = by_line("load.sh", 3);
    assert_eq!(f["host"], "fab-my.mysql.database.azure.com");
    assert!(f["remediation"]["replacement"]
        .as_str()
        .is_some_and(|r| r.contains("--enable-cleartext-plugin")));
}

#[test]
fn one_credential_in_two_services_is_user_assigned_and_one_in_one_is_system_assigned() {
    let out = run(&["scan", "--format", "json", "fixtures/shared-identity"]);
    let all = findings(&json(&out));
    assert_eq!(all.len(), 3);
    for f in &all {
        let r = &f["remediation"];
        let reason = r["identity_reason"].as_str().unwrap_or("");
        if f["user"] == "catalog_svc" {
            assert_eq!(r["identity"], "user-assigned", "{}", key(f));
            assert!(
                reason.contains("2 deployable units (fixtures/shared-identity/services/catalog-sync, fixtures/shared-identity/services/orders-api)"),
                "{reason}"
            );
            let steps = r["steps"].to_string();
            assert!(steps.contains("az identity create"), "{steps}");
        } else {
            assert_eq!(f["user"], "reports_ro");
            assert_eq!(r["identity"], "system-assigned");
            assert!(
                reason.contains(
                    "Only fixtures/shared-identity/services/reports uses this credential"
                ),
                "{reason}"
            );
            assert!(r["steps"].to_string().contains("az webapp identity assign"));
        }
    }
}

// issue 13, item 9: a class library that two deployable projects reference
// (one through `<ProjectReference>`, one through a `<PackageReference>` to its
// package id) runs its credential in both: one user-assigned identity, and
// the reason names the projects. A third project that references another
// package is not counted. The same holds when the whole tree is scanned.
#[test]
fn a_library_referenced_by_two_deployable_projects_gets_a_user_assigned_identity() {
    for root in ["fixtures/shared-library", "fixtures"] {
        let all = findings(&json(&run(&["scan", "--format", "json", root])));
        let lib: Vec<&Value> = all
            .iter()
            .filter(|f| f["path"] == "fixtures/shared-library/src/Contoso.Data/OrdersDb.cs")
            .collect();
        assert_eq!(lib.len(), 1, "{all:?}");
        let r = &lib[0]["remediation"];
        assert_eq!(r["identity"], "user-assigned", "{r}");
        assert_eq!(
            r["identity_reason"],
            "fixtures/shared-library/src/Contoso.Data is a library referenced by 2 deployable projects (fixtures/shared-library/src/Contoso.Api, fixtures/shared-library/src/Contoso.Worker): the credential runs in each of them, so one user-assigned identity shared by all of them replaces it, and outlives any one of them."
        );
        assert_eq!(
            r["replacement"],
            "Server=tcp:contoso-lib-sql.database.windows.net,1433;Initial Catalog=orders;User ID=<client-id-of-managed-identity>;Authentication=Active Directory Managed Identity;Encrypt=True"
        );
        assert!(r["steps"].to_string().contains("az identity create"), "{r}");
    }
}

// issue 13, item 9: one credential in a Python service and a Node worker,
// its host and user on sibling lines behind environment reads with literal
// defaults (`os.environ.get("DB_HOST", "...")`, `process.env.DB_HOST || '...'`):
// the same host, user and credential id in both, and one user-assigned
// identity shared by the two services
#[test]
fn one_credential_in_a_python_service_and_a_node_worker_is_one_shared_identity() {
    let all = findings(&json(&run(&[
        "scan",
        "--format",
        "json",
        "fixtures/polyglot-shared",
    ])));
    assert_eq!(all.len(), 2, "{all:?}");
    for f in &all {
        assert_eq!(
            f["host"], "contoso-ledger-pg.postgres.database.azure.com",
            "{f}"
        );
        assert_eq!(f["user"], "ledger_app", "{f}");
        assert_eq!(f["credential"], all[0]["credential"], "{f}");
        let r = &f["remediation"];
        assert_eq!(r["identity"], "user-assigned", "{r}");
        assert_eq!(
            r["identity_reason"],
            "The same credential (host, user and password) is used by 2 deployable units (fixtures/polyglot-shared/services/ingest, fixtures/polyglot-shared/workers/notify): one user-assigned identity can be shared by all of them and outlives any one of them."
        );
    }
    let stacks: BTreeSet<&str> = all
        .iter()
        .filter_map(|f| f["remediation"]["stack"].as_str())
        .collect();
    assert_eq!(stacks, BTreeSet::from(["node-pg", "psycopg"]));
}

#[test]
fn sarif_carries_the_advice_and_fixes_for_exact_edits() {
    let out = run(&["scan", "--format", "sarif", "fixtures/shared-identity"]);
    let v = json(&out);
    let results = v["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 3);
    for r in results {
        let msg = r["message"]["text"].as_str().unwrap_or("");
        assert!(msg.contains("managed identity"), "{msg}");
        let fix = &r["fixes"][0]["artifactChanges"][0];
        let rep = &fix["replacements"][0];
        let inserted = rep["insertedContent"]["text"].as_str().expect("a fix");
        assert!(inserted.contains("uthentication="), "{inserted}");
        let region = &rep["deletedRegion"];
        // the deleted region starts at the connection string, before the secret
        assert_eq!(
            region["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
        );
        assert!(
            region["startColumn"].as_u64()
                < r["locations"][0]["physicalLocation"]["region"]["startColumn"].as_u64()
        );
    }
    let help = v["runs"][0]["tool"]["driver"]["rules"][0]["help"]["markdown"]
        .as_str()
        .unwrap_or("");
    assert!(help.contains("Authentication=Active Directory Managed Identity"));
}

#[test]
fn help_blocks_snapshot() {
    let out = run(&["scan", "--color", "never", "fixtures/shared-identity"]);
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn explain_snapshot() {
    let out = run(&[
        "scan",
        "--format",
        "json",
        "fixtures/shared-identity/services/reports",
    ]);
    let fp = findings(&json(&out))[0]["fingerprint"]
        .as_str()
        .expect("fingerprint")
        .to_string();
    let out = run(&[
        "explain",
        &fp[..12],
        "fixtures/shared-identity/services/reports",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out).replace(&fp, "<fingerprint>"));
    let scan = run(&[
        "scan",
        "--explain",
        "--color",
        "never",
        "fixtures/shared-identity/services/reports",
    ]);
    assert!(stdout(&scan).contains("steps:\n        1. Turn on the system-assigned identity"));
}

#[test]
fn explain_a_rule_and_reject_garbage() {
    let out = run(&["explain", "jdbc-url"]);
    assert_eq!(out.status.code(), Some(0));
    let s = stdout(&out);
    assert!(s.starts_with("jdbc-url ("), "{s}");
    assert!(s.contains("authentication=ActiveDirectoryManagedIdentity"));
    let out = run(&["explain", "not-a-rule"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("neither a rule id"));
    let out = run(&["explain", "0123456789abcdef", "fixtures/shared-identity"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no finding with fingerprint"));
}

fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let u: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16(&u).expect("utf-16");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let u: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16(&u).expect("utf-16be");
    }
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir").flatten() {
        let p = e.path();
        let t = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &t);
        } else {
            std::fs::copy(&p, &t).expect("copy");
        }
    }
}

#[test]
fn fix_write_rewrites_only_the_connection_strings() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("fx");
    copy_dir(&repo_root().join("fixtures"), &root);
    let before_scan = json(&run_in(
        &root,
        &["scan", "--format", "json", "--show-secrets", "."],
    ));
    let before: Vec<Value> = findings(&before_scan);
    let secrets: BTreeSet<String> = before
        .iter()
        .filter_map(|f| f["secret"].as_str())
        // long, password-like values (a password `postgres` also appears in host names)
        .filter(|s| s.len() >= 8 && s.chars().any(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect();
    let fixable: Vec<&Value> = before
        .iter()
        .filter(|f| f["remediation"]["applicability"] == "unsafe")
        .collect();
    assert!(fixable.len() >= 7, "{}", fixable.len());
    let originals: BTreeMap<String, Vec<u8>> = fixable
        .iter()
        .map(|f| {
            let p = f["path"].as_str().expect("path").to_string();
            let b = std::fs::read(root.join(&p)).expect("read");
            (p, b)
        })
        .collect();

    // without --write: a diff, nothing written, no secret in it
    let dry = run_in(&root, &["fix", "."]);
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    let diff = stdout(&dry);
    for s in &secrets {
        assert!(!diff.contains(s.as_str()), "the diff shows a secret");
    }
    assert!(diff
        .contains("+    \"OrdersDb\": \"Server=tcp:contoso-orders-sql.database.windows.net,1433;"));
    assert!(stderr(&dry).contains("nothing written"));
    assert!(stderr(&dry).contains("rotate the leaked password"));
    for (p, b) in &originals {
        assert_eq!(
            &std::fs::read(root.join(p)).expect("read"),
            b,
            "{p} untouched"
        );
    }

    let wet = run_in(&root, &["fix", "--write", "."]);
    assert_eq!(wet.status.code(), Some(0), "{}", stderr(&wet));
    for (p, old) in &originals {
        let new = std::fs::read(root.join(p)).expect("read");
        assert_ne!(&new, old, "{p} rewritten");
        // same encoding, BOM and line endings
        assert_eq!(
            new.starts_with(b"\xFF\xFE"),
            old.starts_with(b"\xFF\xFE"),
            "{p}"
        );
        assert_eq!(
            new.starts_with(b"\xFE\xFF"),
            old.starts_with(b"\xFE\xFF"),
            "{p}"
        );
        assert_eq!(
            new.starts_with(b"\xEF\xBB\xBF"),
            old.starts_with(b"\xEF\xBB\xBF"),
            "{p}"
        );
        let (o, n) = (decode(old), decode(&new));
        assert_eq!(o.matches("\r\n").count(), n.matches("\r\n").count(), "{p}");
        let (ol, nl): (Vec<&str>, Vec<&str>) = (o.split('\n').collect(), n.split('\n').collect());
        // a managed identity's edit replaces a string in place; a secret
        // store's may replace a value by a block (`valueFrom:`)
        let in_file = |f: &&&Value| f["path"] == p.as_str();
        let azure = fixable
            .iter()
            .filter(in_file)
            .any(|f| f["remediation"]["identity"] != "not-applicable");
        let moved = fixable
            .iter()
            .filter(in_file)
            .any(|f| f["remediation"]["identity"] == "not-applicable");
        let fixed_lines: BTreeSet<usize> = fixable
            .iter()
            .filter(|f| f["path"] == p.as_str())
            .map(|f| f["line"].as_u64().unwrap_or(0) as usize)
            .collect();
        if moved {
            // every line but the fixed ones is kept, in order
            let kept: Vec<&str> = o
                .lines()
                .enumerate()
                .filter(|(i, _)| !fixed_lines.contains(&(i + 1)))
                .map(|(_, l)| l)
                .collect();
            let mut rest = n.lines();
            for line in &kept {
                assert!(rest.any(|x| x == *line), "{p}: lost {line:?}\n{n}");
            }
        } else {
            assert_eq!(ol.len(), nl.len(), "{p}: same number of lines");
        }
        for (i, (a, b)) in ol.iter().zip(&nl).enumerate() {
            // the Spring passwordless edit also sets the username to the
            // identity's name
            let username = a.trim_start().starts_with("username:")
                && b.trim_start() == "username: <managed-identity-name>";
            if a != b && !moved && !username {
                assert!(
                    fixed_lines.contains(&(i + 1)),
                    "{p}:{} changed but had no fix",
                    i + 1
                );
            }
        }
        // still parses in its format
        if p.ends_with(".json") {
            serde_json::from_str::<Value>(n.trim_start_matches('\u{feff}'))
                .unwrap_or_else(|e| panic!("{p}: {e}"));
        } else if p.ends_with(".config") || p.ends_with(".xml") {
            roxmltree::Document::parse(&n).unwrap_or_else(|e| panic!("{p}: {e}"));
        } else if p.ends_with(".yml") || p.ends_with(".yaml") {
            let y: serde_yaml::Value =
                serde_yaml::from_str(&n).unwrap_or_else(|e| panic!("{p}: {e}"));
            if azure {
                assert_eq!(
                    y["spring"]["datasource"]["azure.passwordless-enabled"],
                    serde_yaml::Value::Bool(true),
                    "{p}"
                );
                assert_eq!(
                    y["spring"]["datasource"]["username"],
                    serde_yaml::Value::from("<managed-identity-name>"),
                    "{p}"
                );
            }
        } else if p.ends_with(".properties") {
            assert!(n
                .lines()
                .all(|l| l.trim().is_empty() || l.starts_with('#') || l.contains('=')));
        } else if p.contains(".env") {
            // every line still `KEY=value` (the value emptied)
            assert!(
                n.lines().all(|l| l.trim().is_empty()
                    || l.trim_start().starts_with('#')
                    || l.split_once('=').is_some_and(|(k, _)| !k.trim().is_empty())),
                "{p}: {n}"
            );
        }
    }
    let kinds: BTreeSet<&str> = originals
        .keys()
        .map(|p| p.rsplit('.').next().unwrap_or(""))
        .collect();
    for k in [
        "json",
        "config",
        "yml",
        "properties",
        "py",
        "java",
        "env",
        "yaml",
    ] {
        assert!(kinds.contains(k), "a .{k} file was fixed: {kinds:?}");
    }

    // the rewritten findings are gone, every other one is still there
    let after = findings(&json(&run_in(&root, &["scan", "--format", "json", "."])));
    let id = |f: &Value| format!("{} {} {}", f["path"], f["line"], f["rule"]);
    let after_ids: BTreeSet<String> = after.iter().map(id).collect();
    for f in &fixable {
        assert!(!after_ids.contains(&id(f)), "{} still reported", id(f));
    }
    assert_eq!(after.len(), before.len() - fixable.len());
}

/// The defects a review of the remediation engine found, each reproduced.
#[test]
fn review_regressions() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    let put = |p: &str, b: &[u8]| {
        let p = d.join(p);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, b).expect("write");
    };
    // D1: `scan .` inside a project finds its pom.xml (mssql-jdbc 9.4: MSI keyword)
    put("billing/pom.xml", b"<project><dependencies><dependency><artifactId>mssql-jdbc</artifactId><version>9.4.1.jre8</version></dependency></dependencies></project>\n");
    put("billing/src/main/resources/application.properties", b"spring.datasource.url=jdbc:sqlserver://b1.database.windows.net:1433;databaseName=bill;user=app;password=Qz8mW2xLp4\n");
    // D2: a user-assigned edit in XML is escaped (two projects share the credential)
    for p in ["xa", "xb"] {
        put(&format!("{p}/{p}.csproj"), b"<Project><ItemGroup><PackageReference Include=\"Microsoft.Data.SqlClient\" Version=\"5.2.0\" /></ItemGroup></Project>\n");
        put(&format!("{p}/Web.config"), b"<configuration><connectionStrings><add name=\"d\" connectionString=\"Server=tcp:x1.database.windows.net;Database=d;User ID=svc;Password=Vb7nQ2mZx9;\" /></connectionStrings></configuration>\n");
    }
    // D3 + D4: only spring.datasource.password is rewritten, and never with text after it
    put("sp/pom.xml", b"<project/>\n");
    put("sp/src/main/resources/application.yml", b"spring:\n  datasource:\n    url: jdbc:postgresql://p1.postgres.database.azure.com:5432/app\n    password: Kq8vN3mXz7\n  flyway:\n    password: Fq8vN3mXz7\n");
    put("sq/src/main/resources/application.properties", b"spring.datasource.url=jdbc:postgresql://p2.postgres.database.azure.com:5432/app\nspring.datasource.password = Jq8vN3mXz7 # rotated monthly\n");
    // D5: an ODBC password in braces gets the exact replacement
    put("py/db.py", b"CONN = \"Driver={ODBC Driver 18 for SQL Server};Server=tcp:o1.database.windows.net;Database=d;UID=app;PWD={ab}}c;d9xx}\"\n");
    // D6: invalid UTF-8 after a Spring password does not crash the run
    put("c6/application.yml", b"spring:\n  datasource:\n    url: jdbc:postgresql://s1.postgres.database.azure.com:5432/db\n    password: Sx9mQ2vLw7\xe9\xe9\xe9\xe9\n");
    // D7: a percent-encoded password in a Redis URL is not repeated
    put(
        "r/r.py",
        b"R1 = \"rediss://c3.redis.cache.windows.net:6380/0?password=Sec%2Fret9xyzW\"\n",
    );
    // D8: a regex rule's secret with an XML entity is redacted whole
    put(
        "x/r.config",
        b"<x>\n  <add key=\"redis\" value=\"h.internal:6379,password =Ab&amp;cd9xyzQ\" />\n</x>\n",
    );
    // D11: Cosmos DB for MongoDB: Key Vault, not the NoSQL SDK
    put(
        "m/.env",
        b"MONGO_URL=mongodb://acct:Mq7vN2xLz8pW@acct.mongo.cosmos.azure.com:10255/?ssl=true\n",
    );

    let out = run_in(d, &["scan", "--format", "json", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    for leaked in ["Sec%2Fret9xyzW", "cd9xyzQ", "Vb7nQ2mZx9", "ab}}c"] {
        assert!(!text.contains(leaked), "{leaked} leaked");
    }
    let v = json(&out);
    let by_path = |p: &str| -> Vec<Value> {
        v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["path"] == p)
            .cloned()
            .collect()
    };
    let r = &by_path("billing/src/main/resources/application.properties")[0]["remediation"];
    assert_eq!(r["unit"], "billing");
    assert!(
        r["replacement"]
            .as_str()
            .unwrap_or("")
            .contains("authentication=ActiveDirectoryMSI"),
        "{r}"
    );
    let r = &by_path("xa/Web.config")[0]["remediation"];
    assert_eq!(r["identity"], "user-assigned");
    assert!(
        r["edits"][0]["new_text"]
            .as_str()
            .unwrap_or("")
            .contains("User ID=&lt;client-id-of-managed-identity&gt;"),
        "{r}"
    );
    let flyway: Vec<Value> = by_path("sp/src/main/resources/application.yml");
    assert_eq!(flyway.len(), 2);
    let edits: usize = flyway
        .iter()
        .map(|f| f["remediation"]["edits"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(edits, 1, "only the datasource password is rewritten");
    assert!(
        by_path("sq/src/main/resources/application.properties")[0]["remediation"]["edits"]
            .as_array()
            .is_some_and(Vec::is_empty)
    );
    let r = &by_path("py/db.py")[0]["remediation"];
    assert_eq!(r["applicability"], "unsafe", "{r}");
    assert_eq!(r["replacement"], "Driver={ODBC Driver 18 for SQL Server};Server=tcp:o1.database.windows.net;Database=d;Authentication=ActiveDirectoryMsi");
    assert!(!by_path("c6/application.yml").is_empty());
    let r = &by_path("m/.env")[0]["remediation"];
    assert_eq!(r["identity"], "not-applicable");
    assert!(r["replacement"].is_null());
    let snippet = by_path("x/r.config")[0]["snippet"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(snippet.ends_with("password =Ab****\" />"), "{snippet}");

    // the XML stays well formed after fix --write
    let o = run_in(d, &["fix", "--write", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for p in ["xa/Web.config", "xb/Web.config"] {
        let t = std::fs::read_to_string(d.join(p)).expect("read");
        roxmltree::Document::parse(&t).unwrap_or_else(|e| panic!("{p}: {e}"));
    }
    let yml =
        std::fs::read_to_string(d.join("sp/src/main/resources/application.yml")).expect("read");
    assert!(
        yml.contains("    azure.passwordless-enabled: true\n  flyway:\n    password: Fq8vN3mXz7\n"),
        "{yml}"
    );
}

/// A file larger than the scanner's window is scanned window by window; the
/// edit of a secret in a later window still lands on the right bytes.
#[test]
fn fix_in_a_file_larger_than_the_scan_window() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut text = String::with_capacity(10 << 20);
    while text.len() < 9 << 20 {
        text.push_str("{\"k\": \"a perfectly ordinary line of configuration text here\"},\n");
    }
    let tail = "{\"Db\": \"Server=tcp:big.database.windows.net;Database=d;User ID=app;Password=Lq8vN3mXz7Wp;\"}\n";
    text.push_str(tail);
    std::fs::write(tmp.path().join("big.json"), &text).expect("write");
    let o = run_in(tmp.path(), &["fix", "--write", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = std::fs::read_to_string(tmp.path().join("big.json")).expect("read");
    let head = &text[..text.len() - tail.len()];
    assert!(
        after.starts_with(head),
        "everything before the string is unchanged"
    );
    assert_eq!(
        &after[head.len()..],
        "{\"Db\": \"Server=tcp:big.database.windows.net;Database=d;Authentication=Active Directory Managed Identity;\"}\n"
    );
}

/// Where no managed identity can serve, the replacement is the finding's
/// own line with the password replaced by a reference in the idiom of the
/// file's stack, and a note says where the secret goes; never the secret.
#[test]
fn findings_no_identity_can_serve_get_their_stacks_secret_reference() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let files: &[(&str, &str)] = &[
        (
            "docker-compose.yml",
            "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: Fab-Cmp7!qW\n",
        ),
        (
            "k8s/deploy.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          env:\n            - name: DB_PASSWORD\n              value: Fab-K8s7!qW\n",
        ),
        (
            "src/main/resources/application.properties",
            "spring.datasource.url=jdbc:postgresql://db.corp.local:5432/app\nspring.datasource.password=Fab-Spr7!qW\n",
        ),
        (
            "appsettings.json",
            "{\n  \"ConnectionStrings\": {\n    \"Db\": \"Server=db.corp.local;Database=app;User Id=app;Password=Fab-Net7!qW;Encrypt=True\"\n  }\n}\n",
        ),
        (
            "app/db.py",
            "import psycopg\nconn = psycopg.connect(host=\"db.corp.local\", user=\"app\", password=\"Fab-Py7!qW\")\n",
        ),
        (
            "src/db.js",
            "const { Pool } = require('pg');\nconst pool = new Pool({ host: 'db.corp.local', user: 'app', password: 'Fab-Js7!qW' });\n",
        ),
        (
            "internal/store/db.go",
            "package store\n\nimport \"database/sql\"\n\nconst dsn = \"postgres://app:Fab-Go7!qW@db.corp.local:5432/app?sslmode=require\"\n\nfunc Open() (*sql.DB, error) { return sql.Open(\"postgres\", dsn) }\n",
        ),
        (
            ".github/workflows/ci.yml",
            "jobs:\n  test:\n    services:\n      db:\n        image: postgres:16\n        env:\n          POSTGRES_PASSWORD: Fab-Gha7!qW\n",
        ),
        (
            "infra/main.tf",
            "resource \"azurerm_linux_web_app\" \"app\" {\n  app_settings = {\n    DB_PASSWORD = \"Fab-Tf7!qW\"\n  }\n}\n",
        ),
        (
            "scripts/backup.sh",
            "#!/bin/sh\npg_dump -h db.corp.local -U backup \"postgresql://backup:Fab-Sh7!qW@db.corp.local/app\" > app.sql\n",
        ),
        (
            "db/roles.sql",
            "CREATE ROLE reporting WITH LOGIN PASSWORD 'Fab-Sql7!qW';\n",
        ),
        ("config/.env", "DB_HOST=db.corp.local\nDB_PASSWORD=Fab-Env7!qW\n"),
        // configuration files of no framework, servers' own files, docs
        (
            "svc/config.yaml",
            "server:\n  port: 8080\ndatabase:\n  host: db.corp.local\n  user: inventory\n  password: \"Fab-Gyl7!qW\"\n  name: inventory\n",
        ),
        (
            "tools/exporter.toml",
            "[database]\nhost = \"db.corp.local\"\nuser = \"exporter\"\npassword = \"Fab-Tml7!qW\"\n",
        ),
        (
            "legacy/App.config",
            "<?xml version=\"1.0\"?>\n<configuration>\n  <connectionStrings>\n    <add name=\"Crm\" connectionString=\"Server=mysql-crm.corp.local;Port=3306;Database=crm;Uid=crm_sync;Pwd=Fab-Apc7!qW;SslMode=Required\" providerName=\"MySqlConnector\" />\n  </connectionStrings>\n</configuration>\n",
        ),
        (
            "web/dist/config.min.json",
            "{\"env\":\"production\",\"mongo\":{\"uri\":\"mongodb://orders_min:Fab-Mjs7!qW@10.30.2.11:27017/orders?authSource=admin\"},\"log\":{\"level\":\"info\"}}\n",
        ),
        ("redis/redis.conf", "bind 0.0.0.0\nport 6379\nrequirepass Fab-Rds7!qW\n"),
        (
            "redis/users.acl",
            "user default off nopass\nuser app on >Fab-Acl7!qW ~app:* +@all\n",
        ),
        ("ops/.pgpass", "db.corp.local:5432:app:app:Fab-Pgp7!qW\n"),
        (
            "ops/crm.dsn",
            "[ODBC]\nDRIVER=MySQL ODBC 8.0 Unicode Driver\nSERVER=mysql-crm.corp.local\nDATABASE=crm\nUID=crm\nPWD=Fab-Dsn7!qW\n",
        ),
        (
            "README.md",
            "# Inventory\n\n```sh\nexport DATABASE_URL=postgres://inv:Fab-Rdm7!qW@db.corp.local:5432/inv\ngo run .\n```\n",
        ),
        (
            "legacy/.htaccess",
            "SetEnv LEGACY_DB_HOST mysql.corp.local\nSetEnv LEGACY_DB_USER web\nSetEnv LEGACY_DB_PASS Fab-Hta7!qW\n",
        ),
        (
            "infra/prod.tfvars",
            "location = \"westeurope\"\nsql_admin_password = \"Fab-Tfv7!qW\"\n",
        ),
        (
            "db/users.sql",
            "CREATE USER IF NOT EXISTS 'crm_app'@'%' IDENTIFIED BY 'Fab-Myq7!qW';\n",
        ),
        (
            "notebooks/explore.ipynb",
            "{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",\n   \"metadata\": {},\n   \"outputs\": [],\n   \"source\": [\n    \"import pandas as pd\\n\",\n    \"engine = create_engine(\\\"postgresql+psycopg2://analyst:Fab-Nbk7!qW@wh.corp.local:5432/wh\\\")\\n\"\n   ]\n  }\n ],\n \"metadata\": {},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n",
        ),
        // references spliced into a larger string: the note says how the
        // grammar around them wants the value
        (
            "compose.yaml",
            "services:\n  api:\n    image: api:1\n    environment:\n      ConnectionStrings__Orders: \"Server=sql,1433;Database=orders;User Id=sa;Password=Fab-Cad7!qW;TrustServerCertificate=True\"\n",
        ),
        (
            "deploy/docker-compose.yml",
            "services:\n  api:\n    environment:\n      DATABASE_URL: postgres://app:Fab-Cur7!qW@db:5432/app\n",
        ),
        (
            "src/Billing.cs",
            "using Microsoft.Data.SqlClient;\nclass B { void M() { using var c = new SqlConnection(\"Data Source=10.20.4.15;Initial Catalog=Billing;User ID=billing;Password=Fab-Cs7!qW;Connect Timeout=15\"); } }\n",
        ),
        // shapes seen in public repositories: a placeholder's default, a
        // compose secrets file, two passwords on one command line, a
        // weak value that is also a name, docs in prose and in code blocks
        (
            "api/src/main/resources/application.properties",
            "spring.datasource.url=jdbc:mysql://db.corp.local/app\nspring.datasource.password=${MYSQL_PASS:Fab-Dfl7!qW}\n",
        ),
        (
            "stack/compose.yaml",
            "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-Fab-Cdf7!qW}\n",
        ),
        ("stack/db/password.txt", "Fab-Txt7!qW\n"),
        (
            "docs/RUN.md",
            "# Run\n\n```bash\ndocker run -e MYSQL_USER=app -e MYSQL_PASSWORD=Fab-Run7!qW -e MYSQL_ROOT_PASSWORD=Fab-Run8!qW -p 3306:3306 mysql:8\n```\n",
        ),
        (
            "docs/INSTALL.md",
            "# Install\n\nThe examples assume the database password is \"Fab-Prs7!qW\" on db.corp.local.\n",
        ),
        (
            "docs/COMPOSE.md",
            "# Compose\n\n```yaml\nservices:\n  db:\n    environment:\n      - MYSQL_PASSWORD=Fab-Ymd7!qW\n```\n",
        ),
        (
            ".devcontainer/docker-compose.yml",
            "services:\n  db:\n    image: mcr.microsoft.com/mssql/server:2022-latest\n    environment:\n      - \"SA_PASSWORD=Fab-Str0ng(!)Pass\"\n      - ACCEPT_EULA=Y\n",
        ),
        (
            "app/pq.py",
            "import psycopg\nconninfo = {}\nconninfo[b\"password\"] = b\"Fab-Byt7!qW\"\n",
        ),
        (
            "tools/pgadmin.py",
            "with open('/tmp/pgpass', 'w') as pgpassfile:\n    pgpassfile.write(\"db:5432:app:app:Fab-Pgw7!qW\\n\")\n",
        ),
        (
            "docs/DEPLOY.md",
            "# Deploy\n\n```bicep\nparam administratorLogin string = 'dbadmin'\nadministratorLoginPassword: 'Fab-Bcp7!qW'\n```\n",
        ),
        (
            "notebooks/setup.ipynb",
            "{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",\n   \"metadata\": {},\n   \"outputs\": [],\n   \"source\": [\n    \"! docker run -e \\\"ACCEPT_EULA=Y\\\" -e \\\"SA_PASSWORD=Fab-Nbs7!qW\\\" -p 1455:1433 -d mcr.microsoft.com/mssql/server\\n\"\n   ]\n  }\n ],\n \"metadata\": {},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n",
        ),
        (
            "deploy/docker-stack.yml",
            "version: \"3.9\"\nservices:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: \"Fab-Stk7!qW\"\n",
        ),
        (
            "k8s/mysql.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: mysql\nspec:\n  containers:\n    - name: mysql\n      image: mysql:8\n      env:\n        - name: MYSQL_PASSWORD\n          value: \"mysql\"\n",
        ),
    ];
    for (p, t) in files {
        let f = d.join(p);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, t).unwrap();
    }
    let v = json(&run_in(
        d,
        &["scan", "--no-ignore", "--format", "json", "."],
    ));
    let all = findings(&v);
    // docs/RUN.md holds two
    assert_eq!(all.len(), files.len() + 1, "{all:#?}");
    let got: std::collections::BTreeMap<String, (String, String)> = all
        .iter()
        .map(|f| {
            let r = &f["remediation"];
            assert_eq!(r["identity"], "not-applicable", "{}", key(f));
            let rep = r["replacement"].as_str().unwrap_or("-").to_string();
            assert!(!rep.contains("Fab-"), "{}: {rep}", key(f));
            let notes = r["notes"].to_string();
            assert!(
                rep == "-" || notes.contains("Where the secret goes instead"),
                "{}: {notes}",
                key(f)
            );
            (
                f["path"].as_str().unwrap().to_string(),
                (r["stack"].as_str().unwrap().to_string(), rep),
            )
        })
        .collect();
    let want: &[(&str, &str)] = &[
        (
            "docker-compose.yml",
            "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}",
        ),
        (
            "k8s/deploy.yaml",
            "              valueFrom:\n                secretKeyRef:\n                  name: <secret-name>\n                  key: db-password",
        ),
        (
            "src/main/resources/application.properties",
            "spring.datasource.password=${SPRING_DATASOURCE_PASSWORD}",
        ),
        (
            "appsettings.json",
            "Server=db.corp.local;Database=app;User Id=app;Encrypt=True",
        ),
        (
            "app/db.py",
            "conn = psycopg.connect(host=\"db.corp.local\", user=\"app\", password=os.environ[\"DB_PASSWORD\"])",
        ),
        (
            "src/db.js",
            "const pool = new Pool({ host: 'db.corp.local', user: 'app', password: process.env.DB_PASSWORD });",
        ),
        (
            ".github/workflows/ci.yml",
            "          POSTGRES_PASSWORD: ${{ secrets.POSTGRES_PASSWORD }}",
        ),
        (
            "internal/store/db.go",
            "const dsn = \"postgres://app:\" + os.Getenv(\"DB_PASSWORD\") + \"@db.corp.local:5432/app?sslmode=require\"",
        ),
        ("infra/main.tf", "    DB_PASSWORD = var.db_password"),
        (
            "scripts/backup.sh",
            "pg_dump -h db.corp.local -U backup \"postgresql://backup:${DB_PASSWORD}@db.corp.local/app\" > app.sql",
        ),
        (
            "db/roles.sql",
            "CREATE ROLE reporting WITH LOGIN PASSWORD :'db_password';",
        ),
        ("config/.env", "DB_PASSWORD="),
        (
            "svc/config.yaml",
            "  password: \"\"  # from the environment: DB_PASSWORD",
        ),
        (
            "tools/exporter.toml",
            "password = \"\"  # from the environment: DB_PASSWORD",
        ),
        (
            "legacy/App.config",
            "Server=mysql-crm.corp.local;Port=3306;Database=crm;Uid=crm_sync;SslMode=Required",
        ),
        (
            "web/dist/config.min.json",
            "mongodb://orders_min@10.30.2.11:27017/orders?authSource=admin",
        ),
        ("redis/redis.conf", "include /etc/redis/requirepass.conf"),
        (
            "redis/users.acl",
            "user app on #<sha256-of-the-new-password> ~app:* +@all",
        ),
        ("ops/.pgpass", "git rm --cached -- 'ops/.pgpass'"),
        (
            "ops/crm.dsn",
            "; no PWD here: the program connects with \"FILEDSN=crm.dsn;PWD=\" and the password from DB_PASSWORD",
        ),
        (
            "README.md",
            "export DATABASE_URL=postgres://inv:\"$DB_PASSWORD\"@db.corp.local:5432/inv",
        ),
        ("legacy/.htaccess", "PassEnv LEGACY_DB_PASS"),
        (
            "infra/prod.tfvars",
            "# sql_admin_password: no value here; set TF_VAR_sql_admin_password at apply time",
        ),
        (
            "db/users.sql",
            "CREATE USER IF NOT EXISTS 'crm_app'@'%' IDENTIFIED BY RANDOM PASSWORD;",
        ),
        (
            "notebooks/explore.ipynb",
            "    \"engine = create_engine(\\\"postgresql+psycopg2://analyst:\\\" + os.environ[\\\"DB_PASSWORD\\\"] + \\\"@wh.corp.local:5432/wh\\\")\\n\"",
        ),
        (
            "compose.yaml",
            "      ConnectionStrings__Orders: \"Server=sql,1433;Database=orders;User Id=sa;Password=${ORDERS_PASSWORD:?set ORDERS_PASSWORD in .env};TrustServerCertificate=True\"",
        ),
        (
            "deploy/docker-compose.yml",
            "      DATABASE_URL: postgres://app:${DATABASE_PASSWORD:?set DATABASE_PASSWORD in .env}@db:5432/app",
        ),
        (
            "src/Billing.cs",
            "class B { void M() { using var c = new SqlConnection(\"Data Source=10.20.4.15;Initial Catalog=Billing;User ID=billing;Password=\" + Environment.GetEnvironmentVariable(\"DB_PASSWORD\") + \";Connect Timeout=15\"); } }",
        ),
        (
            "api/src/main/resources/application.properties",
            "spring.datasource.password=${MYSQL_PASS}",
        ),
        (
            "stack/compose.yaml",
            "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}",
        ),
        ("stack/db/password.txt", "git rm --cached -- 'stack/db/password.txt'"),
        (
            ".devcontainer/docker-compose.yml",
            "      - \"SA_PASSWORD=${SA_PASSWORD:?set SA_PASSWORD in .env}\"",
        ),
        (
            "app/pq.py",
            "conninfo[b\"password\"] = os.environ[\"DB_PASSWORD\"].encode()",
        ),
        (
            "tools/pgadmin.py",
            "    pgpassfile.write(\"db:5432:app:app:\" + os.environ[\"DB_PASSWORD\"] + \"\\n\")",
        ),
        ("docs/DEPLOY.md", "administratorLoginPassword: '<password>'"),
        (
            "notebooks/setup.ipynb",
            "    \"! docker run -e \\\"ACCEPT_EULA=Y\\\" -e \\\"SA_PASSWORD={os.environ['SA_PASSWORD']}\\\" -p 1455:1433 -d mcr.microsoft.com/mssql/server\\n\"",
        ),
        (
            "deploy/docker-stack.yml",
            "      POSTGRES_PASSWORD: \"${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}\"",
        ),
        (
            "docs/RUN.md",
            "docker run -e MYSQL_USER=app -e MYSQL_PASSWORD=\"$MYSQL_PASSWORD\" -e MYSQL_ROOT_PASSWORD=\"$MYSQL_ROOT_PASSWORD\" -p 3306:3306 mysql:8",
        ),
        (
            "docs/INSTALL.md",
            "The examples assume the database password is \"<password>\" on db.corp.local.",
        ),
        (
            "docs/COMPOSE.md",
            "      - MYSQL_PASSWORD=${MYSQL_PASSWORD:?set MYSQL_PASSWORD in .env}",
        ),
        (
            "k8s/mysql.yaml",
            "          valueFrom:\n            secretKeyRef:\n              name: mysql-db\n              key: mysql-password",
        ),
    ];
    for (path, rep) in want {
        let (stack, got_rep) = got
            .get(*path)
            .unwrap_or_else(|| panic!("no finding in {path}: {got:?}"));
        assert_eq!(got_rep, rep, "{path} ({stack})");
    }
    assert_eq!(
        got.len(),
        want.len(),
        "a stack without its expected replacement"
    );
    // the notebook's replacement is still a JSON string holding the Python
    let nb = &got["notebooks/explore.ipynb"].1;
    let cell: String = serde_json::from_str(nb.trim()).unwrap();
    assert!(cell.contains("os.environ[\"DB_PASSWORD\"]"), "{cell}");
    // a reference spliced into a connection string or URL: the note says
    // how that grammar wants the value
    let notes = |path: &str| -> String {
        all.iter()
            .find(|f| f["path"] == path)
            .map(|f| f["remediation"]["notes"].to_string())
            .unwrap_or_default()
    };
    for (path, want) in [
        (
            "compose.yaml",
            "(`Password=\\\"...\\\"`, with every `\\\"` inside doubled)",
        ),
        (
            "src/Billing.cs",
            "(`Password=\\\"...\\\"`, with every `\\\"` inside doubled)",
        ),
        (
            "deploy/docker-compose.yml",
            "store it percent-encoded in `.env`",
        ),
        ("internal/store/db.go", "must be percent-encoded"),
        ("notebooks/explore.ipynb", "must be percent-encoded"),
        ("README.md", "must be percent-encoded"),
    ] {
        assert!(notes(path).contains(want), "{path}: {}", notes(path));
    }
    // documentation is shown, never edited
    for f in all
        .iter()
        .filter(|f| f["path"].as_str().unwrap_or("").ends_with(".md"))
    {
        assert_eq!(
            f["remediation"]["applicability"],
            "display-only",
            "{}",
            key(f)
        );
    }
    // a whole value replaced: no such note
    for path in ["docker-compose.yml", "app/db.py", "svc/config.yaml"] {
        assert!(!notes(path).contains("percent-encoded"), "{path}");
        assert!(!notes(path).contains("must be quoted"), "{path}");
    }
}

/// `fix --write` moves the password of the mechanical formats (compose,
/// Kubernetes env entries, Spring properties and YAML, appsettings.json) to
/// a reference: the files still parse, a rescan finds none of them, every
/// other line is kept, and the trailer says where each secret goes.
#[test]
fn fix_write_moves_secrets_of_config_formats_to_references() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let files: &[(&str, &str)] = &[
        (
            "docker-compose.yml",
            "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD: Fab-Cmp8!qW\n    ports:\n      - \"5432:5432\"\n",
        ),
        (
            "k8s/deploy.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:1\n          env:\n            - name: DB_PASSWORD\n              value: Fab-K8s8!qW\n            - name: LOG_LEVEL\n              value: info\n",
        ),
        (
            "src/main/resources/application.properties",
            "spring.datasource.url=jdbc:postgresql://db.corp.local:5432/app\nspring.datasource.username=app\nspring.datasource.password=Fab-Spr8!qW\nserver.port=8080\n",
        ),
        (
            "src/main/resources/application.yml",
            "spring:\n  datasource:\n    url: jdbc:mysql://db.corp.local:3306/app\n    username: app\n    password: Fab-Yml8!qW\n",
        ),
        (
            "appsettings.json",
            "{\n  \"ConnectionStrings\": {\n    \"Db\": \"Server=db.corp.local;Database=app;User Id=app;Password=Fab-Net8!qW;Encrypt=True\"\n  },\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } }\n}\n",
        ),
        (
            "legacy/App.config",
            "<?xml version=\"1.0\"?>\n<configuration>\n  <connectionStrings>\n    <add name=\"Crm\" connectionString=\"Server=mysql-crm.corp.local;Port=3306;Database=crm;Uid=crm_sync;Pwd=&quot;Fab-Apc8;x&quot;\" providerName=\"MySqlConnector\" />\n  </connectionStrings>\n</configuration>\n",
        ),
        // a committed .env whose key the code beside it reads
        ("svc/.env", "DB_HOST=db.corp.local\nDB_PASSWORD=Fab-Env8!qW\nLOG_LEVEL=info\n"),
        // an ADO.NET string in a notebook cell and in a .tfvars value (Azure
        // SQL: the passwordless edit, escaped as the file's grammar wants)
        (
            "notebooks/load.ipynb",
            "{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",\n   \"metadata\": {},\n   \"outputs\": [],\n   \"source\": [\n    \"cs = \\\"Server=tcp:fab-orders.database.windows.net,1433;Initial Catalog=orders;User ID=nb;Password=Fab-Nbk8!qW;Encrypt=True\\\"\\n\"\n   ]\n  }\n ],\n \"metadata\": {},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n",
        ),
        (
            "infra/prod.tfvars",
            "location = \"westeurope\"\nsql_connection_string = \"Server=tcp:fab-orders.database.windows.net,1433;Initial Catalog=orders;User ID=app;Password=Fab-Tfv8!qW;Encrypt=True;\"\n",
        ),
    ];
    // left alone: no code reads this .env's key; a connection-string
    // parser's unit test, whose strings are its expected values
    let kept: &[(&str, &str)] = &[
        ("other/.env", "DB_PASSWORD=Fab-Env9!qW\n"),
        // a compose file that a test starts: test data
        (
            "src/dockerTest/resources/postgres-compose.yaml",
            "services:\n  postgres:\n    image: postgres:16\n    environment:\n      - 'POSTGRES_PASSWORD=Fab-Dkt9!qW'\n",
        ),
        (
            "tests/ConnectionStringTests.cs",
            "using Xunit;\nusing Microsoft.Data.SqlClient;\npublic class ConnectionStringTests {\n  [Fact]\n  public void ParsesThePassword() {\n    var b = new SqlConnectionStringBuilder(\"Server=tcp:fab-orders.database.windows.net,1433;Initial Catalog=orders;User ID=app;Password=Fab-Tst8!qW;Encrypt=True\");\n    Assert.Equal(\"app\", b.UserID);\n  }\n}\n",
        ),
    ];
    std::fs::create_dir_all(d.join("svc")).unwrap();
    std::fs::write(
        d.join("svc/main.py"),
        "import os\nimport psycopg\nconn = psycopg.connect(host=os.environ[\"DB_HOST\"], password=os.environ[\"DB_PASSWORD\"])\n",
    )
    .unwrap();
    for (p, t) in files.iter().chain(kept) {
        let f = d.join(p);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, t).unwrap();
    }
    let before = findings(&json(&run_in(d, &["scan", "--format", "json", "."])));
    assert_eq!(before.len(), files.len() + kept.len(), "{before:#?}");
    let test_note = before
        .iter()
        .find(|f| f["path"] == "tests/ConnectionStringTests.cs")
        .map(|f| f["remediation"].clone())
        .unwrap_or_default();
    assert_eq!(test_note["applicability"], "display-only", "{test_note}");
    assert!(
        test_note["notes"]
            .to_string()
            .contains("tests a connection-string parser"),
        "{test_note}"
    );
    let o = run_in(d, &["fix", "--write", "."]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("put each secret there"), "{err}");
    assert!(
        err.contains("docker-compose.yml:6: an untracked `.env`"),
        "{err}"
    );
    // the Kubernetes Secret is named after the Deployment, and the trailer
    // creates it with the value typed at a prompt
    assert!(
        err.contains("`read -rs DB_PASSWORD && kubectl create secret generic api-db --from-literal=db-password=\"$DB_PASSWORD\"`"),
        "{err}"
    );
    assert!(
        err.contains("svc/.env:2: `DB_PASSWORD` in the environment of the process (`svc/main.py` reads it from there)"),
        "{err}"
    );
    for (p, original) in kept {
        assert_eq!(
            &std::fs::read_to_string(d.join(p)).unwrap(),
            original,
            "{p}"
        );
    }
    for (p, original) in files {
        let now = std::fs::read_to_string(d.join(p)).unwrap();
        assert!(!now.contains("Fab-"), "{p}: {now}");
        // the files still parse
        if p.ends_with(".json") || p.ends_with(".ipynb") {
            serde_json::from_str::<Value>(&now).unwrap_or_else(|e| panic!("{p}: {e}\n{now}"));
        } else if p.ends_with(".yml") || p.ends_with(".yaml") {
            serde_yaml::from_str::<serde_yaml::Value>(&now)
                .unwrap_or_else(|e| panic!("{p}: {e}\n{now}"));
        } else if p.ends_with(".config") {
            roxmltree::Document::parse(&now).unwrap_or_else(|e| panic!("{p}: {e}\n{now}"));
        } else if p.ends_with(".properties") || p.ends_with(".env") || p.ends_with(".tfvars") {
            assert!(
                now.lines().all(|l| l.trim().is_empty() || l.contains('=')),
                "{p}: {now}"
            );
        }
        // every line without the secret is kept as it was
        for line in original.lines().filter(|l| !l.contains("Fab-")) {
            assert!(now.lines().any(|n| n == line), "{p}: lost {line:?}\n{now}");
        }
    }
    let k8s: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(d.join("k8s/deploy.yaml")).unwrap()).unwrap();
    let env = &k8s["spec"]["template"]["spec"]["containers"][0]["env"][0];
    assert_eq!(
        env["valueFrom"]["secretKeyRef"]["key"], "db-password",
        "{env:?}"
    );
    assert_eq!(
        env["valueFrom"]["secretKeyRef"]["name"], "api-db",
        "{env:?}"
    );
    // the notebook's cell is the passwordless string, JSON-escaped
    let nb: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("notebooks/load.ipynb")).unwrap())
            .unwrap();
    assert_eq!(
        nb["cells"][0]["source"][0],
        "cs = \"Server=tcp:fab-orders.database.windows.net,1433;Initial Catalog=orders;Authentication=Active Directory Managed Identity;Encrypt=True\"\n"
    );
    assert!(std::fs::read_to_string(d.join("svc/.env"))
        .unwrap()
        .contains("\nDB_PASSWORD=\nLOG_LEVEL=info\n"));
    let after = findings(&json(&run_in(d, &["scan", "--format", "json", "."])));
    let left: BTreeSet<&str> = after.iter().filter_map(|f| f["path"].as_str()).collect();
    assert_eq!(
        left,
        BTreeSet::from([
            "other/.env",
            "src/dockerTest/resources/postgres-compose.yaml",
            "tests/ConnectionStringTests.cs"
        ]),
        "{after:#?}"
    );
}

/// The secret-store advice reaches every output: the text `help:` block
/// shows the replacement, `explain` has the steps of the file's stack,
/// JSON fills `remediation.replacement`, and SARIF has `fixes` exactly where
/// an exact edit exists.
#[test]
fn secret_store_advice_in_text_explain_json_and_sarif() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("docker-compose.yml"),
        "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: Fab-Out7!qW\n",
    )
    .unwrap();
    std::fs::create_dir_all(d.join("svc")).unwrap();
    std::fs::write(
        d.join("svc/config.yaml"),
        "database:\n  host: db.corp.local\n  user: inventory\n  password: \"Fab-Out8!qW\"\n",
    )
    .unwrap();
    let compose_rep =
        "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}";
    let config_rep = "  password: \"\"  # from the environment: DB_PASSWORD";

    let text = stdout(&run_in(d, &["scan", "--color", "never", "."]));
    assert!(!text.contains("Fab-Out"), "{text}");
    assert!(
        text.contains(&format!(
            "replacement: {compose_rep}\n      fix: connleak fix --write docker-compose.yml"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("replacement: {config_rep}\n")),
        "{text}"
    );

    let v = json(&run_in(d, &["scan", "--format", "json", "."]));
    let by_path = |p: &str| -> Value {
        findings(&v)
            .into_iter()
            .find(|f| f["path"] == p)
            .unwrap_or_else(|| panic!("no finding in {p}"))
    };
    let compose = by_path("docker-compose.yml");
    let config = by_path("svc/config.yaml");
    assert_eq!(compose["remediation"]["replacement"], compose_rep);
    assert_eq!(compose["remediation"]["applicability"], "unsafe");
    assert_eq!(config["remediation"]["replacement"], config_rep);
    assert_eq!(config["remediation"]["applicability"], "display-only");

    let fp = config["fingerprint"].as_str().unwrap();
    let explain = run_in(d, &["explain", &fp[..12], "."]);
    assert_eq!(explain.status.code(), Some(0), "{}", stderr(&explain));
    let explain = stdout(&explain);
    assert!(
        explain.contains("2. Put the new password where it goes instead: the environment (`DB_PASSWORD`), which the program reads in place of this key"),
        "{explain}"
    );
    assert!(
        explain.contains("3. Replace the password at svc/config.yaml:4, in the file's own syntax, with `password: \"\"  # from the environment: DB_PASSWORD`."),
        "{explain}"
    );
    let fp = compose["fingerprint"].as_str().unwrap();
    let explain = stdout(&run_in(d, &["explain", &fp[..12], "."]));
    assert!(
        explain.contains("(`connleak fix --write docker-compose.yml` makes this edit)"),
        "{explain}"
    );

    let sarif = json(&run_in(d, &["scan", "--format", "sarif", "."]));
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    for r in results {
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap_or("");
        let fixes = &r["fixes"];
        if uri.ends_with("docker-compose.yml") {
            let rep = &fixes[0]["artifactChanges"][0]["replacements"][0];
            assert_eq!(rep["insertedContent"]["text"], compose_rep, "{r}");
            assert_eq!(rep["deletedRegion"]["startLine"], 5, "{r}");
            assert_eq!(rep["deletedRegion"]["startColumn"], 1, "{r}");
        } else {
            assert!(fixes.is_null() || fixes == &Value::Array(vec![]), "{r}");
            assert!(
                r["message"]["text"]
                    .as_str()
                    .unwrap_or("")
                    .contains("DB_PASSWORD"),
                "{r}"
            );
        }
    }
}
