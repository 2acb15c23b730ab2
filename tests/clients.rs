//! The real-client check (issue 13): every replacement connleak prints for
//! the fixtures and for the cases, and the new text of every
//! `connleak fix` edit on a copy of the fixtures, is parsed by the client
//! libraries' own parsers (`tests/clients/check.py` and the helpers beside
//! it: SQLAlchemy, PyMySQL and psycopg; @tediousjs/connection-string,
//! tedious, mssql, pg, pg-connection-string, mysql2 and redis from npm;
//! pgjdbc and MariaDB Connector/J; go-sql-driver/mysql), or checked against
//! the documented keyword tables where no parser installs. `.ci/run`
//! installs them (Python in `target/ci-venv`, npm in `target/ci-node`, the
//! rest from Debian) and sets `CONNLEAK_REQUIRE_CLIENT_CHECK=1`, so in CI a
//! missing parser fails the run; elsewhere the test says so and skips.

use crate::util::*;
use serde_json::{json as j, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn required() -> bool {
    std::env::var_os("CONNLEAK_REQUIRE_CLIENT_CHECK").is_some()
}

fn python() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("CONNLEAK_CLIENT_PYTHON").map(PathBuf::from),
        Some(repo_root().join("target/ci-venv/bin/python")),
    ];
    candidates.into_iter().flatten().find(|p| {
        Command::new(p)
            .args(["-c", "import sqlalchemy, pymysql, psycopg"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

fn check_py(py: &Path, args: &[&str], input: &str) -> Value {
    let mut child = Command::new(py)
        .arg(repo_root().join("tests/clients/check.py"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "check.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("check.py output")
}

fn check(py: &Path, items: &Value) -> Value {
    check_py(py, &[], &items.to_string())
}

fn item(at: String, text: &str, r: &Value) -> Value {
    j!({
        "at": at,
        "text": text,
        "stack": r["stack"],
        // a managed identity's string, or one for a secret store
        "passwordless": r["identity"] != "not-applicable",
    })
}

/// The replacements of a scan made with `--show-secrets`; a secret store's
/// replacement carries the original line (its secret replaced by a sample
/// value), so that a form the user wrote that the parser rejects anyway is
/// not counted against the replacement.
fn replacements(v: &Value) -> Vec<Value> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| {
            let r = &f["remediation"];
            let rep = r["replacement"].as_str()?;
            let at = format!("{}:{}", f["path"].as_str().unwrap_or(""), f["line"]);
            let mut it = item(at, rep, r);
            if let (Some(snippet), Some(secret)) = (f["snippet"].as_str(), f["secret"].as_str()) {
                if !secret.is_empty() {
                    it["original"] = j!(snippet.replace(secret, "Sample-pw1"));
                }
            }
            Some(it)
        })
        .collect()
}

/// A file's text as `fix` wrote it (UTF-8, or UTF-16 with a BOM).
fn decoded(bytes: &[u8]) -> String {
    let utf16 = |rest: &[u8], le: bool| {
        let u: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&u)
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(rest, true)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, false)
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
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

/// The new text of every edit `connleak fix --write` makes on a copy of
/// the fixtures, read back from the files it wrote.
fn fix_edits() -> Vec<Value> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("fx");
    copy_dir(&repo_root().join("fixtures"), &root);
    let scan = json(&run_in(&root, &["scan", "--format", "json", "."]));
    let out = run_in(&root, &["fix", "--write", "."]);
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "fix --write: {}",
        stderr(&out)
    );
    let mut edits = Vec::new();
    for f in scan["findings"].as_array().expect("findings") {
        let r = &f["remediation"];
        let path = f["path"].as_str().expect("path");
        for e in r["edits"].as_array().into_iter().flatten() {
            let new = e["new_text"].as_str().expect("new_text");
            let written = decoded(&std::fs::read(root.join(path)).expect("fixed file"));
            assert!(
                written.contains(new),
                "fix --write did not write the planned edit into {path}: {new}"
            );
            edits.push(item(format!("fix {path}:{}", f["line"]), new, r));
        }
    }
    edits
}

/// The cases (fabricated secrets), one file each.
const CASES: &[(&str, &str)] = &[
    ("app/db.py", "engine = create_engine(\"mysql+pymysql://app:Fab-Py4!mYz8@fab-my.mysql.database.azure.com:3306/shop\")\n"),
    ("scripts/load.sh", "mysql -h fab-my.mysql.database.azure.com -u app -pFab-My3!cLq6 shop < dump.sql\nPGPASSWORD='Fab-Pg4!sXq7' psql -h fab-pg.postgres.database.azure.com -U app -d ledger -f init.sql\n"),
    ("scripts/env.sh", "export PGHOST=fab-pg2.postgres.database.azure.com\nexport PGUSER=etl\nexport PGPASSWORD='Fab-Pe5!vBq8'\n"),
    (".env", "DATABASE_URL=mysql://shop:Fab-En6!vMq3@fab-my2.mysql.database.azure.com:3306/shop\n"),
    // item 4: Go DSNs keep tls, parseTime and charset; go-mssqldb keeps encrypt
    ("gosvc/go.mod", "module example.com/gosvc\n\ngo 1.22\n\nrequire (\n\tgithub.com/go-sql-driver/mysql v1.8.1\n\tgithub.com/microsoft/go-mssqldb v1.7.2\n)\n"),
    ("gosvc/db.go", "package gosvc\n\nconst dsn = \"shop:Fab-Go4!dSn7@tcp(fab-my3.mysql.database.azure.com:3306)/shop?tls=true&parseTime=true&charset=utf8mb4\"\nconst ms = \"sqlserver://shop:Fab-Gm5!sQl8@fab-sql.database.windows.net:1433?database=shop\"\n"),
    // node: tedious/mssql config objects, mysql2 and pg URLs
    ("nodesvc/package.json", "{\"name\": \"nodesvc\", \"main\": \"db.js\", \"dependencies\": {\"mssql\": \"^11.0.1\", \"mysql2\": \"^3.11.0\", \"pg\": \"^8.12.0\"}}\n"),
    ("nodesvc/db.js", "const sql = require('mssql');\nconst pool = new sql.ConnectionPool({\n  server: 'fab-sql2.database.windows.net',\n  database: 'orders',\n  user: 'orders_app',\n  password: 'Fab-Ms6!tDs9',\n  options: { encrypt: true },\n});\nconst mysql = require('mysql2');\nconst conn = mysql.createConnection('mysql://shop:Fab-M2u7!rLq3@fab-my4.mysql.database.azure.com:3306/shop');\nconst pg = process.env.PG || 'postgres://ledger:Fab-Pu8!gRx4@fab-pg3.postgres.database.azure.com:5432/ledger';\n"),
    // JDBC, public and sovereign clouds
    ("javasvc/src/main/resources/application.properties", "spring.datasource.url=jdbc:postgresql://fab-pg4.postgres.database.azure.com:5432/orders?sslmode=require\nspring.datasource.username=orders\nspring.datasource.password=Fab-Jp9!dBc5\n"),
    ("javasvc/src/main/java/Db.java", "class Db {\n  static final String US = \"jdbc:postgresql://fab-pg5.postgres.database.usgovcloudapi.net:5432/orders?user=orders&password=Fab-Jg1!vUs6&sslmode=require\";\n  static final String CN = \"jdbc:mysql://fab-my5.mysql.database.chinacloudapi.cn:3306/orders?user=orders&password=Fab-Jc2!nCn7&useSSL=true\";\n}\n"),
    // ODBC with a user-assigned identity: UID is the object id
    ("pysvc/requirements.txt", "pyodbc==5.1.0\n"),
    ("pysvc/pg.py", "import psycopg\nconn = psycopg.connect(\n    host=\"fab-pg6.postgres.database.azure.com\",\n    dbname=\"orders\",\n    user=\"app\",\n    password=\"Fab-Pv4!fUl9\",\n    sslmode=\"verify-full\",\n)\n"),
    ("nodesvc/cs.js", "const sql = require('mssql');\nawait sql.connect('Server=tcp:fab-sql4.database.windows.net,1433;Database=orders;User Id=app;Password=Fab-Nc1!sQl2;Encrypt=true');\n"),
    ("pysvc/db.py", "import pyodbc\nconn = pyodbc.connect(\"Driver={ODBC Driver 18 for SQL Server};Server=tcp:fab-sql3.database.windows.net,1433;Database=orders;UID=orders_app;PWD=Fab-Od3!bCq8;Encrypt=yes\")\n"),
];

/// One known-bad form per parser: the check must reject each, so that it
/// cannot pass by accepting everything.
fn known_bad() -> Vec<(&'static str, Value)> {
    vec![
        (
            "python",
            j!({"at": "bad: PyMySQL", "only": "check_url", "text": "mysql+pymysql://app@fab-my.mysql.database.azure.com:3306/shop?ssl-mode=REQUIRED"}),
        ),
        (
            "python",
            j!({"at": "bad: psycopg", "only": "check_url", "text": "postgresql://app@fab-pg.postgres.database.azure.com:5432/db?ssl_mode=require"}),
        ),
        (
            "python",
            j!({"at": "bad: SqlClient table", "only": "py", "text": "Server=tcp:x.database.windows.net;Authentication=Active Directory Managed Identity;Password=x", "stack": "microsoft-data-sqlclient"}),
        ),
        (
            "python",
            j!({"at": "bad: ODBC table", "only": "py", "text": "Driver={ODBC Driver 18 for SQL Server};Server=tcp:x.database.windows.net;Authentication=ActiveDirectoryManagedIdentity;Encrypt=yes", "stack": "pyodbc"}),
        ),
        (
            "python",
            j!({"at": "bad: mssql-jdbc table", "only": "py", "text": "jdbc:sqlserver://x.database.windows.net:1433;databaseName=d;authentication=ActiveDirectoryManagedIdentityX;encrypt=true", "stack": "mssql-jdbc"}),
        ),
        (
            "python",
            j!({"at": "bad: go-mssqldb table", "only": "py", "text": "sqlserver://x.database.windows.net:1433?database=d&fedauth=ActiveDirectoryManagedIdentity", "stack": "go-mssqldb"}),
        ),
        (
            "node",
            j!({"at": "bad: @tediousjs/connection-string", "only": "ado", "text": "Server=tcp:x.database.windows.net;Authentication=Active Directory Managed Identity Msi;Encrypt=True", "stack": "microsoft-data-sqlclient"}),
        ),
        (
            "node",
            j!({"at": "bad: mssql", "only": "mssql-string", "text": "Server=tcp:x.database.windows.net;Database=d;Authentication=Active Directory Default;Encrypt=True", "stack": "node-mssql"}),
        ),
        (
            "node",
            j!({"at": "bad: tedious", "only": "mssql-object", "text": "{ server: 'x.database.windows.net', authentication: { type: 'azure-active-directory-managed-identity' }, options: { encrypt: true } }", "stack": "node-mssql"}),
        ),
        (
            "node",
            j!({"at": "bad: pg", "only": "pg-object", "text": "new Pool({ host: 'x.postgres.database.azure.com', sslmode: 'require', password: async () => 't' })", "stack": "node-pg"}),
        ),
        (
            "node",
            j!({"at": "bad: pg-connection-string", "only": "pg-url", "text": "postgres://app@x.postgres.database.azure.com:port/db"}),
        ),
        (
            "node",
            j!({"at": "bad: mysql2", "only": "mysql2-url", "text": "mysql://app@x.mysql.database.azure.com:3306/shop?sslmode=REQUIRED"}),
        ),
        (
            "node",
            j!({"at": "bad: redis", "only": "redis-url", "text": "rediss://x.redis.cache.windows.net:port/0", "stack": "redis-client"}),
        ),
        (
            "java",
            j!({"at": "bad: pgjdbc", "only": "pgjdbc", "text": "jdbc:postgresql://x.postgres.database.azure.com:5432/db?sslMode=require", "stack": "postgresql-jdbc"}),
        ),
        (
            "java",
            j!({"at": "bad: MariaDB Connector/J", "only": "mariadb", "text": "jdbc:mysql://x.mysql.database.azure.com:3306/db?useSSL=required", "stack": "mysql-jdbc"}),
        ),
        (
            "go",
            j!({"at": "bad: go-sql-driver", "only": "go", "text": "app@tcp(x.mysql.database.azure.com:3306)/shop?ssl-mode=REQUIRED", "stack": "mysql-client"}),
        ),
    ]
}

#[test]
fn every_replacement_and_fix_edit_parses_with_the_real_client_parsers() {
    let Some(py) = python() else {
        assert!(
            !required(),
            "CONNLEAK_REQUIRE_CLIENT_CHECK is set but no Python with SQLAlchemy, PyMySQL and psycopg was found"
        );
        eprintln!("note: no Python with SQLAlchemy, PyMySQL and psycopg (target/ci-venv); the real-client check skips");
        return;
    };
    let parsers = check_py(&py, &["--parsers"], "");
    let have = |p: &str| p == "python" || parsers[p] == true;
    for p in ["node", "java", "go"] {
        if !have(p) {
            assert!(
                !required(),
                "CONNLEAK_REQUIRE_CLIENT_CHECK is set but the {p} parsers are missing: {parsers}"
            );
            eprintln!("note: the {p} client parsers are not installed (.ci/run installs them); their forms are not checked");
        }
    }

    // the check itself rejects a known-bad form for every parser
    let bad: Vec<Value> = known_bad()
        .into_iter()
        .filter(|(p, _)| have(p))
        .map(|(_, v)| v)
        .collect();
    let got = check(&py, &Value::Array(bad.clone()));
    let rejected: Vec<&str> = got["rejected"]
        .as_array()
        .expect("rejected")
        .iter()
        .filter_map(|r| r["at"].as_str())
        .collect();
    for b in &bad {
        let at = b["at"].as_str().expect("at");
        assert!(rejected.contains(&at), "the check accepted {at}: {got}");
    }

    // the fixtures, the cases and every fix edit
    let tmp = tempfile::tempdir().expect("tempdir");
    for (name, text) in CASES {
        let p = tmp.path().join(name);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    let scans = [
        json(&run(&[
            "scan",
            "--format",
            "json",
            "--show-secrets",
            "fixtures",
        ])),
        json(&run_in(
            tmp.path(),
            &["scan", "--format", "json", "--show-secrets", "."],
        )),
    ];
    // the passwords of the scans: long, password-like values (a password
    // `postgres` also appears in host names)
    let secrets: Vec<String> = scans
        .iter()
        .flat_map(|v| v["findings"].as_array().into_iter().flatten())
        .filter_map(|f| f["secret"].as_str())
        .filter(|s| s.len() >= 8 && s.chars().any(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect();
    assert!(secrets.len() > 50, "{}", secrets.len());
    let mut items = replacements(&scans[0]);
    let fixtures = items.len();
    items.extend(replacements(&scans[1]));
    let edits = fix_edits();
    let n_edits = edits.len();
    items.extend(edits);
    let got = check(&py, &Value::Array(items.clone()));
    let rejected = got["rejected"].as_array().expect("rejected");
    let checked = got["checked"].as_array().expect("checked");
    eprintln!(
        "real-client check: {} replacements ({fixtures} from the fixtures) and {n_edits} fix edits; {} checked, {} rejected, {} without a parser (of which {} secret-store lines whose original the parser rejects too); by parser: {}",
        items.len() - n_edits,
        checked.len(),
        rejected.len(),
        got["unchecked"],
        got["unparseable_originals"],
        got["by"]
    );
    assert!(
        rejected.is_empty(),
        "rejected by the client parsers: {rejected:#?}"
    );
    // no replacement and no edit carries a password of the scans
    for it in &items {
        let text = it["text"].as_str().unwrap_or("");
        for s in &secrets {
            assert!(
                !text.contains(s.as_str()),
                "a password left in {}",
                it["at"]
            );
        }
    }
    // what each parser must have seen (when installed): the fixtures and
    // the cases above hold at least this many of its forms
    let by = &got["by"];
    let count = |k: &str| by[k].as_u64().unwrap_or(0);
    let mut floors = vec![
        ("psycopg conninfo + SQLAlchemy URL", 5),
        ("SQLAlchemy mysql+pymysql -> PyMySQL Connection()", 3),
        ("Microsoft.Data.SqlClient keyword table", 5),
        ("ODBC Driver 18 keyword table", 2),
        ("mssql-jdbc connection property table", 2),
        ("go-mssqldb parameter table", 1),
    ];
    if have("node") {
        floors.extend([
            ("@tediousjs/connection-string", 5),
            ("tedious Connection config", 1),
            ("pg ConnectionParameters", 2),
            ("pg-connection-string", 5),
            ("mysql2 ConnectionConfig", 2),
            ("redis (node) parseURL", 1),
        ]);
    }
    if have("java") {
        floors.extend([
            ("pgjdbc Driver.parseURL", 2),
            ("MariaDB Connector/J UrlParser", 1),
        ]);
    }
    if have("go") {
        floors.push(("go-sql-driver/mysql ParseDSN", 2));
    }
    for (k, n) in floors {
        assert!(
            count(k) >= n,
            "{k}: {} checked, {n} expected: {got}",
            count(k)
        );
    }
}
