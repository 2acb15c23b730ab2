//! The command line: exit codes, formats (snapshots), walking options.

use crate::util::*;
use std::fs;

const LEAK: &str =
    "DATABASE_URL=postgres://app:Qz8-vLm2Tx@orders.postgres.database.azure.com:5432/orders\n";

#[test]
fn exit_0_when_clean_1_on_findings_2_on_usage_or_unreadable_roots() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("clean.env"),
        "DATABASE_URL=postgres://db.example.com/app\n",
    )
    .unwrap();
    assert_eq!(run_in(dir.path(), &["scan", "."]).status.code(), Some(0));
    fs::write(dir.path().join(".env"), LEAK).unwrap();
    assert_eq!(run_in(dir.path(), &["scan", "."]).status.code(), Some(1));
    assert_eq!(
        run_in(dir.path(), &["scan", "does-not-exist"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run_in(dir.path(), &["scan", "--no-such-flag"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run_in(dir.path(), &["scan", "--max-filesize", "lots", "."])
            .status
            .code(),
        Some(2)
    );
    // one unreadable root among readable ones: the scan goes on, names it,
    // and fails the gate (a typo in a CI job's path must not pass)
    let o = run_in(dir.path(), &["scan", "does-not-exist", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("does-not-exist"));
    assert!(
        stdout(&o).contains("env-db-password") || stdout(&o).contains("db-uri"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn text_report_snapshot() {
    let o = run(&["scan", "--color", "never", "fixtures/dotnet-api"]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("text_dotnet_api", stdout(&o));
}

#[test]
fn json_report_snapshot() {
    let o = run(&[
        "scan",
        "--format",
        "json",
        "--repository-name",
        "dotnet-api",
        "fixtures/dotnet-api",
    ]);
    insta::assert_json_snapshot!("json_dotnet_api", json(&o), {".summary.elapsed_ms" => "[ms]"});
}

#[test]
fn sarif_report_snapshot() {
    let o = run(&["scan", "--format", "sarif", "fixtures/python-app"]);
    let v = json(&o);
    // the rules table is long and checked elsewhere; snapshot the results
    insta::assert_json_snapshot!("sarif_python_app_results", v["runs"][0]["results"]);
    assert_eq!(v["version"], "2.1.0");
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let o = run(&["scan", "--color", "always", "fixtures/dotnet-api"]);
    assert!(stdout(&o).contains("\x1b["));
    let o = run(&["scan", "--color", "never", "fixtures/dotnet-api"]);
    assert!(!stdout(&o).contains("\x1b["));
    let o = bin()
        .env("NO_COLOR", "1")
        .args(["scan", "fixtures/dotnet-api"])
        .output()
        .unwrap();
    assert!(!stdout(&o).contains("\x1b["));
}

#[test]
fn show_secrets_is_an_explicit_opt_in() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(".env"), LEAK).unwrap();
    for format in ["text", "json", "sarif"] {
        let o = run_in(dir.path(), &["scan", "--format", format, "."]);
        assert!(!stdout(&o).contains("Qz8-vLm2Tx"), "{format}");
        assert!(stdout(&o).contains("Qz****"), "{format}");
        let o = run_in(
            dir.path(),
            &["scan", "--format", format, "--show-secrets", "."],
        );
        assert!(stdout(&o).contains("Qz8-vLm2Tx"), "{format}");
    }
}

#[test]
fn stdin_with_a_name() {
    let o = bin()
        .args([
            "scan",
            "--format",
            "json",
            "--stdin-filename",
            "deploy/.env",
            "-",
        ])
        .write_stdin(LEAK)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(keys(&json(&o), ""), ["deploy/.env:1 db-uri"]);
}

#[test]
fn output_file_quiet_and_summary() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(".env"), LEAK).unwrap();
    let o = run_in(
        dir.path(),
        &["scan", "--format", "json", "--output", "report.json", "."],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("1 finding"));
    let v: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(v["summary"]["findings"], 1);
    let o = run_in(dir.path(), &["scan", "--quiet", "--output", "r.txt", "."]);
    assert!(o.stderr.is_empty() && o.stdout.is_empty());
}

#[test]
fn gitignore_exclude_hidden_and_git_dir() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join(".git")).unwrap();
    fs::create_dir_all(d.join("build")).unwrap();
    fs::create_dir_all(d.join("vendor")).unwrap();
    fs::write(d.join(".gitignore"), "build/\n").unwrap();
    fs::write(d.join(".env"), LEAK).unwrap(); // hidden files are scanned
    fs::write(d.join("build/.env"), LEAK).unwrap();
    fs::write(d.join("vendor/.env"), LEAK).unwrap();
    fs::write(d.join(".git/config.env"), LEAK).unwrap();
    let o = run_in(d, &["scan", "--format", "json", "."]);
    assert_eq!(
        keys(&json(&o), ""),
        [".env:1 db-uri", "vendor/.env:1 db-uri"]
    );
    let o = run_in(
        d,
        &["scan", "--format", "json", "--exclude", "vendor/**", "."],
    );
    assert_eq!(keys(&json(&o), ""), [".env:1 db-uri"]);
    let o = run_in(d, &["scan", "--format", "json", "--no-ignore", "."]);
    assert_eq!(
        keys(&json(&o), ""),
        [
            ".env:1 db-uri",
            "build/.env:1 db-uri",
            "vendor/.env:1 db-uri"
        ]
    );
}

#[test]
fn paths_are_reported_as_reached_from_the_arguments() {
    let o = run(&["scan", "--format", "json", "fixtures/dotnet-api"]);
    for f in json(&o)["findings"].as_array().unwrap() {
        assert!(f["path"]
            .as_str()
            .unwrap()
            .starts_with("fixtures/dotnet-api/"));
    }
    let o = run_in(&repo_root().join("fixtures"), &["scan", "--format", "json"]);
    for f in json(&o)["findings"].as_array().unwrap() {
        assert!(!f["path"].as_str().unwrap().starts_with("./"));
    }
}

#[test]
fn fingerprints_do_not_depend_on_line_numbers_or_how_the_path_was_reached() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join(".git")).unwrap();
    fs::create_dir_all(d.join("app")).unwrap();
    fs::write(d.join("app/.env"), LEAK).unwrap();
    let fp = |args: &[&str], cwd: &std::path::Path| -> String {
        json(&run_in(cwd, args))["findings"][0]["fingerprint"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let a = fp(&["scan", "--format", "json", "."], d);
    let b = fp(&["scan", "--format", "json", "app/.env"], d);
    let c = fp(&["scan", "--format", "json", "."], &d.join("app"));
    fs::write(d.join("app/.env"), format!("# moved down\n\n{LEAK}")).unwrap();
    let moved = fp(&["scan", "--format", "json", "."], d);
    assert_eq!(a, b);
    assert_eq!(a, c);
    assert_eq!(a, moved);
    fs::write(d.join("app/.env"), LEAK.replace("Qz8", "Qz9")).unwrap();
    assert_ne!(a, fp(&["scan", "--format", "json", "."], d));
}

#[test]
fn max_filesize_skips_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("big.env"),
        format!("{}{LEAK}", "#".repeat(2048)),
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &["scan", "--format", "json", "--max-filesize", "1K", "."],
    );
    // skipped, named in `skipped`, and the gate fails: it did not read it
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    assert_eq!(v["summary"]["skipped_too_large"], 1);
    assert_eq!(v["summary"]["files_skipped"], 1);
}

#[test]
fn rules_listing_and_user_rule_check() {
    let o = run(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    for id in [
        "ado-connection-string",
        "jdbc-url",
        "db-uri",
        "k8s-secret-db-password",
    ] {
        assert!(stdout(&o).contains(id), "{id}");
    }
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("good.toml"),
        r#"id = "acme-db-token"
title = "ACME DB token"
description = "d"
severity = "high"
confidence = "high"
kind = "code"
keywords = ["acmedb_"]
[regex]
patterns = ['acmedb_(?P<secret>[a-z0-9]{12})']
[[examples]]
text = "token = acmedb_a1b2c3d4e5f6"
secret = "a1b2c3d4e5f6"
[[negative_examples]]
text = "token = acmedb_short"
"#,
    )
    .unwrap();
    let o = run_in(dir.path(), &["rules", "--check", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    fs::write(
        dir.path().join("bad.toml"),
        r#"id = "acme-bad"
title = "t"
description = "d"
severity = "high"
confidence = "high"
kind = "code"
keywords = ["acme"]
[regex]
patterns = ['acme=(?P<secret>\w+)']
[[examples]]
text = "nothing here"
secret = "x"
[[negative_examples]]
text = "acme=leaky"
"#,
    )
    .unwrap();
    let o = run_in(dir.path(), &["rules", "--check", "."]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("acme-bad: example 1"));
    assert!(stdout(&o).contains("acme-bad: negative example 1"));
    // and user rules take part in scans
    let scan_dir = tempfile::tempdir().unwrap();
    fs::write(
        scan_dir.path().join("x.py"),
        "token = acmedb_a1b2c3d4e5f6\n",
    )
    .unwrap();
    fs::remove_file(dir.path().join("bad.toml")).unwrap();
    let o = run_in(
        scan_dir.path(),
        &[
            "scan",
            "--format",
            "json",
            "--rules",
            dir.path().to_str().unwrap(),
            ".",
        ],
    );
    assert_eq!(keys(&json(&o), ""), ["x.py:1 acme-db-token"]);
}

/// In a git work tree, `.gitignore` leaves out what git does not track; a
/// file committed anyway (`git add -f .env`) is in every clone and is
/// scanned. Outside a repository nothing is tracked or ignored by git, so
/// an exported tree is scanned whole.
#[test]
fn tracked_files_are_scanned_even_when_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    crate::staged::git(d, &["init", "-q"]);
    fs::create_dir_all(d.join("config")).unwrap();
    fs::create_dir_all(d.join("node_modules/pkg")).unwrap();
    fs::write(d.join(".gitignore"), ".env\n*~\nnode_modules/\n").unwrap();
    fs::write(d.join(".env"), LEAK).unwrap();
    fs::write(d.join("config/database.php~"), LEAK).unwrap();
    fs::write(d.join("node_modules/pkg/.env"), LEAK).unwrap();
    fs::write(d.join("local.env~"), LEAK).unwrap(); // ignored, never added
    crate::staged::git(
        d,
        &["add", "-f", ".env", "config/database.php~", ".gitignore"],
    );
    let o = run_in(d, &["scan", "--format", "json", "."]);
    assert_eq!(
        keys(&json(&o), ""),
        [".env:1 db-uri", "config/database.php~:1 db-uri"]
    );
    // a subdirectory as root, and --exclude still applying to tracked files
    let o = run_in(d, &["scan", "--format", "json", "config"]);
    assert_eq!(keys(&json(&o), ""), ["config/database.php~:1 db-uri"]);
    let o = run_in(
        d,
        &["scan", "--format", "json", "--exclude", "config/", "."],
    );
    assert_eq!(keys(&json(&o), ""), [".env:1 db-uri"]);
    // the same tree exported without .git: everything in it is scanned
    fs::remove_dir_all(d.join(".git")).unwrap();
    let o = run_in(d, &["scan", "--format", "json", "."]);
    assert_eq!(keys(&json(&o), "").len(), 4);
}
