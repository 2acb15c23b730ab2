//! Regression tests named after the defects they pin. Each failed on the
//! build before its fix.

use crate::util::{json, run_in, stderr, stdout};
use std::fs;

const LEAK: &str = "DB_PASSWORD=Xk9mQ2vLw7r\n";

/// `--report-unused` printed a prefix of each unused entry's fingerprint by
/// byte slicing: a non-ASCII fingerprint panicked and the report was lost.
#[test]
fn report_unused_with_a_non_ascii_fingerprint_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("app.env"), LEAK).unwrap();
    let fp = format!("a{}", "é".repeat(20));
    fs::write(
        d.join("b.json"),
        format!(r#"{{"version":1,"entries":[{{"path":"x","rule":"r","fingerprint":"{fp}","reason":""}}]}}"#),
    )
    .unwrap();
    let o = run_in(
        d,
        &[
            "scan",
            "--format",
            "json",
            "--baseline",
            "b.json",
            "--report-unused",
            ".",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(json(&o)["findings"].as_array().unwrap().len(), 1);
    assert!(stderr(&o).contains("aéééééééééé"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("internal error"));
}

/// `merge --format html` (and text) sliced commit ids by bytes: a report
/// whose commit id is not ASCII panicked.
#[test]
fn merge_html_with_a_non_ascii_commit_id_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let id = format!("a{}", "é".repeat(20));
    let report = serde_json::json!({
        "version": 1,
        "findings": [{
            "path": "app.env", "line": 1, "column": 13, "end_line": 1, "end_column": 24,
            "rule": "env-db-password", "kind": "env", "engine": null, "host": null, "port": null,
            "database": null, "service": null, "cloud": null, "user": null, "secret": "Xk****",
            "fingerprint": "f1", "severity": "medium", "confidence": "high",
            "snippet": "DB_PASSWORD=Xk****",
            "provenance": {"repository": "r", "status": "removed", "refs": [], "introductions": 1,
                "introduced": {"id": id, "author": "a", "date": "2024-01-01T00:00:00Z", "summary": "s"},
                "removed_by": {"id": id, "author": "a", "date": "2024-02-01T00:00:00Z", "summary": "t"}}
        }],
        "errors": [], "summary": {}
    });
    fs::write(d.join("r.json"), report.to_string()).unwrap();
    for format in ["html", "text"] {
        let o = run_in(d, &["merge", "--format", format, "r.json"]);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        assert!(stdout(&o).contains("aééé"), "{format}");
    }
}

/// A dangling symbolic link given as the only path exited 0: nothing could
/// be read, which the exit codes promise to report as 2.
#[cfg(unix)]
#[test]
fn a_dangling_symlink_as_the_only_path_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::os::unix::fs::symlink("nowhere", d.join("dangling")).unwrap();
    let o = run_in(d, &["scan", "--format", "json", "dangling"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["errors"][0]["path"], "dangling");
    assert_eq!(v["errors"][0]["kind"], "not-found");
    // next to a readable path it is a warning naming the path, and the
    // gate still fails
    fs::write(d.join("app.env"), LEAK).unwrap();
    let o = run_in(d, &["scan", "dangling", "app.env"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("warning: dangling: no such file or directory"),
        "{}",
        stderr(&o)
    );
}

/// `merge --format sarif` printed the text inventory and `rules --format
/// junit` printed the text listing: a format is either written or refused.
#[test]
fn every_format_is_written_or_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("app.env"), LEAK).unwrap();
    let o = run_in(d, &["scan", "--format", "json", "-o", "r.json", "."]);
    assert_eq!(o.status.code(), Some(1));
    let o = run_in(d, &["merge", "--format", "sarif", "r.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 1);
    let o = run_in(d, &["merge", "--format", "junit", "r.json"]);
    assert!(stdout(&o).contains("<testsuites"), "{}", stdout(&o));
    let o = run_in(d, &["merge", "--format", "github", "r.json"]);
    assert!(
        stdout(&o).starts_with("::warning file=app.env"),
        "{}",
        stdout(&o)
    );
    for format in ["junit", "sarif", "html", "github"] {
        let o = run_in(d, &["rules", "--format", format]);
        assert_eq!(o.status.code(), Some(2), "rules --format {format}");
        assert!(stdout(&o).is_empty());
    }
}

/// Standard input counted every failure as a binary file; it now goes
/// through the same per-file path as a file: the size limit applies and a
/// binary input is counted as binary.
#[test]
fn stdin_is_counted_like_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut c = crate::util::bin();
    c.current_dir(d)
        .args(["scan", "--format", "json", "--max-filesize", "10", "-"])
        .write_stdin(LEAK);
    let o = c.output().unwrap();
    let v = json(&o);
    assert_eq!(v["summary"]["skipped_too_large"], 1, "{v}");
    assert_eq!(v["summary"]["skipped_binary"], 0);
    let mut c = crate::util::bin();
    c.current_dir(d)
        .args(["scan", "--format", "json", "-"])
        .write_stdin(vec![0u8, 1, 2, 3, 0, 0, 7, 8]);
    let v = json(&c.output().unwrap());
    assert_eq!(v["summary"]["skipped_binary"], 1, "{v}");
    assert_eq!(v["summary"]["skipped_too_large"], 0);
}

/// JUnit hard-coded `errors="0"`: a path that could not be scanned is an
/// error test case.
#[cfg(unix)]
#[test]
fn junit_counts_the_paths_that_could_not_be_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("app.env"), LEAK).unwrap();
    std::os::unix::fs::symlink("nowhere", d.join("dangling")).unwrap();
    let o = run_in(d, &["scan", "--format", "junit", "app.env", "dangling"]);
    let xml = stdout(&o);
    assert!(xml.contains(r#"failures="1" errors="1""#), "{xml}");
    assert!(
        xml.contains(r#"<error type="no-such-file-or-directory""#),
        "{xml}"
    );
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("testcase"))
            .count(),
        2
    );
}

/// A SQLite `Password=` (SQLCipher) was reported as `high`, engine
/// `sqlserver`, with the file name as its host. It is the key of a local
/// file: engine `sqlite`, no host, low, and advice to re-key the file.
#[test]
fn a_sqlite_key_is_a_low_file_key_not_a_sql_server_login() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("Store.cs"),
        concat!(
            "var a = new SqliteConnection(\"Data Source=inventory.db;Mode=ReadWriteCreate;Password=Sq1-Cph3r-Key\");\n",
            "var b = new SqliteConnection(\"Filename=cache.sqlite3;Password=Sq2-Cph3r-Key\");\n",
            "cmd.CommandText = \"PRAGMA key = 'Sq3-Cph3r-Key';\";\n",
            "var c = new SqlConnection(\"Data Source=sql01.corp;Initial Catalog=app;User ID=u;Password=Srv-Login-9\");\n",
        ),
    )
    .unwrap();
    let o = run_in(d, &["scan", "--format", "json", "."]);
    let v = json(&o);
    let got: Vec<(u64, &str, &str, &str, bool, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap(),
                f["engine"].as_str().unwrap_or("-"),
                f["severity"].as_str().unwrap(),
                f["host"].is_null(),
                f["remediation"]["identity"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                1,
                "ado-connection-string",
                "sqlite",
                "low",
                true,
                "not-applicable"
            ),
            (
                2,
                "ado-connection-string",
                "sqlite",
                "low",
                true,
                "not-applicable"
            ),
            (3, "sqlite-key", "sqlite", "low", true, "not-applicable"),
            (
                4,
                "ado-connection-string",
                "sqlserver",
                "medium",
                false,
                "not-applicable"
            ),
        ]
    );
    let steps = v["findings"][0]["remediation"]["steps"][0]
        .as_str()
        .unwrap();
    assert!(steps.contains("PRAGMA rekey"), "{steps}");
}

/// `fix`'s diff redacted secrets by position only: the same password in a
/// comment two lines away was printed in clear as diff context.
#[test]
fn fix_diff_redacts_every_copy_of_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("appsettings.json"),
        concat!(
            "{\"ConnectionStrings\":{\"Db\":\"Server=tcp:s1.database.windows.net;Database=d;User ID=u;Password=Qw7-Rt5!Lm2x;\"}}\n",
            "// rotated from Qw7-Rt5!Lm2x last year\n",
        ),
    )
    .unwrap();
    let o = run_in(d, &["fix", "."]);
    let out = stdout(&o);
    assert!(out.contains("Active Directory"), "{out}");
    assert!(!out.contains("Qw7-Rt5!Lm2x"), "{out}");
    let o = run_in(d, &["fix", "--show-secrets", "."]);
    assert!(stdout(&o).contains("Qw7-Rt5!Lm2x"));
}

/// Host, engine and severity of a password whose host is named by a URL in
/// the same block (a Spring datasource), and no host from a container image
/// tag (`mssql/server:2019-latest`).
#[test]
fn the_host_comes_from_the_blocks_url_and_never_from_an_image_tag() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("application.properties"),
        concat!(
            "spring.datasource.url=jdbc:postgresql://contoso-pg.postgres.database.azure.com:5432/app?sslmode=require\n",
            "spring.datasource.username=appadmin\n",
            "spring.datasource.password=Qx7-pAss-wOrd9\n",
        ),
    )
    .unwrap();
    fs::write(
        d.join("application.yml"),
        concat!(
            "spring:\n",
            "  datasource:\n",
            "    url: \"jdbc:sqlserver://contoso-sql.database.windows.net:1433;databaseName=app;encrypt=true\"\n",
            "    username: appadmin\n",
            "    password: Yq8-pAss-wOrd7\n",
        ),
    )
    .unwrap();
    fs::write(
        d.join("Dockerfile"),
        "FROM mcr.microsoft.com/mssql/server:2019-latest\nENV ACCEPT_EULA=Y\nENV SA_PASSWORD=Str0ng-Pa55w0rd!\n",
    )
    .unwrap();
    // a web URL next to a password names no database host
    fs::write(
        d.join("web.env"),
        "API_URL=https://api.contoso.com/v1\nDB_PASSWORD=Wq9-pAss-wOrd5\n",
    )
    .unwrap();
    let o = run_in(d, &["scan", "--format", "json", "."]);
    let v = json(&o);
    let got: Vec<(&str, &str, &str, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap(),
                f["host"].as_str().unwrap_or("-"),
                f["engine"].as_str().unwrap_or("-"),
                f["severity"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Dockerfile", "-", "sqlserver", "medium"),
            (
                "application.properties",
                "contoso-pg.postgres.database.azure.com",
                "postgresql",
                "high"
            ),
            (
                "application.yml",
                "contoso-sql.database.windows.net",
                "sqlserver",
                "high"
            ),
            ("web.env", "-", "-", "medium"),
        ]
    );
}
