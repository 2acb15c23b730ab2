//! The real-client check (issue 13): every replacement connleak prints for
//! the fixtures and for the cases is parsed by the client
//! libraries' own parsers (`tests/clients/check.py`: SQLAlchemy, PyMySQL,
//! psycopg). It needs a Python with those packages: `.ci/run` installs them
//! in `target/ci-venv` and sets `CONNLEAK_REQUIRE_CLIENT_CHECK=1`, so in CI
//! a missing parser fails the run; elsewhere the test says so and skips.

use crate::util::*;
use serde_json::{json as j, Value};
use std::io::Write;
use std::process::{Command, Stdio};

fn python() -> Option<std::path::PathBuf> {
    let candidates = [
        std::env::var_os("CONNLEAK_CLIENT_PYTHON").map(std::path::PathBuf::from),
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

fn check(py: &std::path::Path, items: &Value) -> Value {
    let mut child = Command::new(py)
        .arg(repo_root().join("tests/clients/check.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(items.to_string().as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "check.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("check.py output")
}

fn replacements(v: &Value) -> Vec<Value> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| {
            let rep = f["remediation"]["replacement"].as_str()?;
            Some(j!({
                "at": format!("{}:{}", f["path"].as_str().unwrap_or(""), f["line"]),
                "text": rep,
                "stack": f["remediation"]["stack"],
                // a managed identity's string, or one for a secret store
                "passwordless": f["remediation"]["identity"] != "not-applicable",
            }))
        })
        .collect()
}

#[test]
fn every_replacement_parses_with_the_real_client_parsers() {
    let Some(py) = python() else {
        assert!(
            std::env::var_os("CONNLEAK_REQUIRE_CLIENT_CHECK").is_none(),
            "CONNLEAK_REQUIRE_CLIENT_CHECK is set but no Python with SQLAlchemy, PyMySQL and psycopg was found"
        );
        eprintln!("note: no Python with SQLAlchemy, PyMySQL and psycopg (target/ci-venv); the real-client check skips");
        return;
    };
    // the check itself rejects what the issue found rejected
    let bad = check(
        &py,
        &j!([
            {"at": "bad", "text": "mysql://app@fab-my.mysql.database.azure.com:3306/shop?ssl-mode=REQUIRED"},
            {"at": "bad", "text": "Server=tcp:x.database.windows.net;Authentication=Active Directory Managed Identity;Password=x", "stack": "microsoft-data-sqlclient"},
            {"at": "bad", "text": "Server=tcp:x.database.windows.net;Driver={ODBC Driver 18 for SQL Server};Authentication=Active Directory Managed Identity", "stack": "microsoft-data-sqlclient"},
        ]),
    );
    assert_eq!(bad["rejected"].as_array().map(Vec::len), Some(3), "{bad}");

    // the fixtures and the cases (fabricated)
    let tmp = tempfile::tempdir().expect("tempdir");
    for (name, text) in [
        ("app/db.py", "engine = create_engine(\"mysql+pymysql://app:Fab-Py4!mYz8@fab-my.mysql.database.azure.com:3306/shop\")\n"),
        ("scripts/load.sh", "mysql -h fab-my.mysql.database.azure.com -u app -pFab-My3!cLq6 shop < dump.sql\nPGPASSWORD='Fab-Pg4!sXq7' psql -h fab-pg.postgres.database.azure.com -U app -d ledger -f init.sql\n"),
        ("scripts/env.sh", "export PGHOST=fab-pg2.postgres.database.azure.com\nexport PGUSER=etl\nexport PGPASSWORD='Fab-Pe5!vBq8'\n"),
        (".env", "DATABASE_URL=mysql://shop:Fab-En6!vMq3@fab-my2.mysql.database.azure.com:3306/shop\n"),
    ] {
        let p = tmp.path().join(name);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    let mut items = replacements(&json(&run(&["scan", "--format", "json", "fixtures"])));
    items.extend(replacements(&json(&run_in(
        tmp.path(),
        &["scan", "--format", "json", "."],
    ))));
    let got = check(&py, &Value::Array(items));
    let rejected = got["rejected"].as_array().expect("rejected");
    assert!(
        rejected.is_empty(),
        "rejected by the client parsers: {rejected:#?}"
    );
    let checked = got["checked"].as_array().expect("checked");
    // the fixtures alone give 16 checkable replacements, the cases above 5
    assert!(checked.len() >= 21, "only {} checked: {got}", checked.len());
}
