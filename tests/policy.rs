//! Suppressions and policy: inline allow markers, the baseline, the config
//! file and the gate.

use crate::util::*;
use std::fs;
use std::path::Path;

const SECRET: &str = "Qz8-vLm2Tx";

fn leak(secret: &str) -> String {
    format!("DATABASE_URL=postgres://app:{secret}@orders.postgres.database.azure.com:5432/orders\n")
}

fn put(d: &Path, p: &str, text: &str) {
    let path = d.join(p);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, text).unwrap();
}

/// One leak per comment syntax, each with its marker (`{m}`) where the
/// syntax puts a comment: on the line, or alone on the line above.
const ALLOW_CASES: &[(&str, &str)] = &[
    (
        "a.py",
        "url = \"postgres://app:Qz8-vLm2Tx@db.example.com/app\"{m}\n",
    ),
    (
        "b.js",
        "const url = \"postgres://app:Qz8-vLm2Tx@db.example.com/app\";{m}\n",
    ),
    (
        "c.sql",
        "SELECT 1;\nCREATE LOGIN app WITH PASSWORD = 'Qz8-vLm2Tx';{m}\n",
    ),
    (
        "d.config",
        "<add name=\"db\" connectionString=\"Server=db.example.com;Database=x;User Id=app;Password=Qz8-vLm2Tx;\" />{m}\n",
    ),
    (
        "e.c",
        "char *u = \"postgres://app:Qz8-vLm2Tx@db.example.com/app\";{m}\n",
    ),
    ("my.cnf", "[client]\n{m}password = Qz8-vLm2Tx\nhost = db.example.com\n"),
    (
        "run.bat",
        "{m}sqlcmd -S db.example.com -U sa -P Qz8-vLm2Tx\n",
    ),
    ("app/.env", "{m}DB_PASSWORD=Qz8-vLm2Tx\n"),
];

/// The marker for each case, in that file's comment syntax.
const MARKERS: &[&str] = &[
    "  # connleak:allow reason=\"test fixture\"",
    " // connleak:allow",
    " -- connleak:allow reason='sample login'",
    " <!-- connleak:allow -->",
    " /* connleak:allow */",
    "; connleak:allow\n",
    "REM connleak:allow reason=\"legacy\"\n",
    "# gitleaks:allow\n",
];

#[test]
fn inline_allow_in_every_comment_syntax() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // control: without markers, every case is found
    for (p, t) in ALLOW_CASES {
        put(d, p, &t.replace("{m}", ""));
    }
    let o = run_in(d, &["scan", "--format", "json", "."]);
    let v = json(&o);
    assert_eq!(
        v["findings"].as_array().unwrap().len(),
        ALLOW_CASES.len(),
        "{v}"
    );
    // with markers: nothing reported, everything counted as suppressed
    for ((p, t), m) in ALLOW_CASES.iter().zip(MARKERS) {
        put(d, p, &t.replace("{m}", m));
    }
    let o = run_in(d, &["scan", "--format", "json", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v = json(&o);
    assert!(v["findings"].as_array().unwrap().is_empty(), "{v}");
    assert_eq!(v["summary"]["suppressed"], ALLOW_CASES.len());
    assert!(v.get("suppressed").is_none(), "listed only on request");
    // counted by source whether or not they are listed
    assert_eq!(
        v["summary"]["suppressed_by"],
        serde_json::json!({"inline": ALLOW_CASES.len(), "config": 0, "baseline": 0})
    );
    let o = run_in(d, &["scan", "--color", "never", "."]);
    assert!(
        stderr(&o).contains("8 suppressed (8 inline, 0 config, 0 baseline)"),
        "{}",
        stderr(&o)
    );
    let o = run_in(
        d,
        &["scan", "--format", "json", "--include-suppressed", "."],
    );
    let v = json(&o);
    let s = v["suppressed"].as_array().unwrap();
    assert_eq!(s.len(), ALLOW_CASES.len());
    assert!(s.iter().all(|x| x["suppressed_by"] == "inline"));
    let reasons: Vec<&str> = s
        .iter()
        .filter_map(|x| x["justification"].as_str())
        .collect();
    assert_eq!(reasons, ["test fixture", "sample login", "legacy"]);
    assert!(!stdout(&o).contains(SECRET));
    // text output lists them with the reason; the summary counts them
    let o = run_in(
        d,
        &["scan", "--include-suppressed", "--color", "never", "."],
    );
    assert!(
        stdout(&o).contains("a.py:1:23: suppressed (inline: test fixture) low db-uri"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("8 suppressed (8 inline, 0 config, 0 baseline)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn inline_allow_needs_a_comment_next_to_the_finding() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let l = leak(SECRET);
    // two lines above; a trailing comment on the line above (it belongs to
    // that line); a marker that is not in a comment
    put(d, "a/.env", &format!("# connleak:allow\n\n{l}"));
    put(d, "b/.env", &format!("A=1 # connleak:allow\n{l}"));
    put(
        d,
        "c.py",
        "x = 'connleak:allow'\nurl = \"postgres://app:Qz8-vLm2Tx@db.example.com/app\"\n",
    );
    put(d, "d/.env", &format!("{} connleak:allow\n", l.trim_end()));
    let o = run_in(d, &["scan", "--format", "json", "."]);
    assert_eq!(json(&o)["findings"].as_array().unwrap().len(), 4);
    // the detect-secrets forms
    put(
        d,
        "a/.env",
        &format!("# pragma: allowlist nextline secret\n{l}"),
    );
    put(
        d,
        "b/.env",
        &format!("{} # pragma: allowlist secret\n", l.trim_end()),
    );
    let o = run_in(d, &["scan", "--format", "json", "."]);
    assert_eq!(json(&o)["findings"].as_array().unwrap().len(), 2);
}

#[test]
fn baseline_create_suppress_move_change_update_unused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(d, "app/.env", &format!("A=1\n{}", leak(SECRET)));
    put(d, "other/.env", &leak("Other-Secret-77"));
    let o = run_in(d, &["baseline", "create", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("wrote 2 entries"), "{}", stderr(&o));
    let file = d.join(".connleak-baseline.json");
    let text = fs::read_to_string(&file).unwrap();
    // nothing in the file reveals the secret: not the clear text, not the
    // redacted prefix, not a plain hash
    use sha2::Digest;
    for s in [SECRET, "Other-Secret-77"] {
        assert!(!text.contains(s), "{text}");
        assert!(!text.contains(&s[..4]), "{text}");
        let h = sha2::Sha256::digest(s.as_bytes());
        let hex: String = h.iter().map(|b| format!("{b:02x}")).collect();
        assert!(!text.contains(&hex[..16]), "{text}");
    }
    let b: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(b["version"], 1);
    let e = &b["entries"][0];
    assert_eq!(e["path"], "app/.env");
    assert_eq!(e["rule"], "db-uri");
    assert!(e["reason"].is_string());
    assert_eq!(e["fingerprint"].as_str().unwrap().len(), 32);

    // the default baseline is picked up: everything suppressed
    let o = run_in(d, &["scan", "--format", "json", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(json(&o)["summary"]["suppressed"], 2);

    // lines shifted: still suppressed
    put(
        d,
        "app/.env",
        &format!("A=1\nB=2\n\n# moved\n{}", leak(SECRET)),
    );
    let o = run_in(d, &["scan", "--format", "json", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    // the file moved (renamed) and its lines shifted: still suppressed
    fs::remove_file(d.join("app/.env")).unwrap();
    put(d, "service/.env", &format!("X=1\n{}", leak(SECRET)));
    let o = run_in(
        d,
        &["scan", "--format", "json", "--include-suppressed", "."],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v = json(&o);
    assert_eq!(v["summary"]["suppressed"], 2);
    assert!(v["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["justification"] == "moved from app/.env"));

    // a changed secret on the same line is a new finding
    put(
        d,
        "service/.env",
        &format!("X=1\n{}", leak("Changed-Secret-9")),
    );
    let o = run_in(d, &["scan", "--format", "json", "."]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(keys(&json(&o), ""), ["service/.env:2 db-uri"]);

    // --report-unused lists the stale entry; update drops it
    fs::remove_file(d.join("service/.env")).unwrap();
    let o = run_in(d, &["scan", "--report-unused", "."]);
    assert_eq!(o.status.code(), Some(0));
    let err = stderr(&o);
    assert!(err.contains("1 of 2 entries matched no finding"), "{err}");
    assert!(err.contains("app/.env db-uri"), "{err}");
    let o = run_in(d, &["baseline", "update", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("dropped 1 stale entry, kept 1"),
        "{}",
        stderr(&o)
    );
    let b: serde_json::Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(b["entries"].as_array().unwrap().len(), 1);
    assert_eq!(b["entries"][0]["path"], "other/.env");
    let o = run_in(d, &["scan", "--report-unused", "."]);
    assert!(stderr(&o).contains("0 of 1 entries"), "{}", stderr(&o));
}

#[test]
fn baseline_update_follows_a_renamed_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(d, "a/.env", &leak(SECRET));
    assert_eq!(
        run_in(d, &["baseline", "create", "."]).status.code(),
        Some(0)
    );
    fs::remove_file(d.join("a/.env")).unwrap();
    put(d, "b/.env", &format!("\n{}", leak(SECRET)));
    let o = run_in(d, &["baseline", "update", "."]);
    assert!(stderr(&o).contains("dropped 0 stale entries, kept 1"));
    let b: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(d.join(".connleak-baseline.json")).unwrap())
            .unwrap();
    assert_eq!(b["entries"][0]["path"], "b/.env");
    // now matched directly, without the rename search
    let o = run_in(
        d,
        &["scan", "--format", "json", "--include-suppressed", "."],
    );
    let v = json(&o);
    assert_eq!(v["suppressed"][0]["suppressed_by"], "baseline");
    assert!(v["suppressed"][0].get("justification").is_some());
    assert_ne!(v["suppressed"][0]["justification"], "moved from a/.env");
}

#[test]
fn baseline_file_named_explicitly_or_in_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(d, "x/.env", &leak(SECRET));
    let o = run_in(
        d,
        &["baseline", "create", "--baseline", "ci/accepted.json", "."],
    );
    assert_eq!(o.status.code(), Some(2), "the directory must exist");
    fs::create_dir_all(d.join("ci")).unwrap();
    let o = run_in(
        d,
        &["baseline", "create", "--baseline", "ci/accepted.json", "."],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!d.join(".connleak-baseline.json").exists());
    assert_eq!(run_in(d, &["scan", "."]).status.code(), Some(1));
    assert_eq!(
        run_in(d, &["scan", "--baseline", "ci/accepted.json", "."])
            .status
            .code(),
        Some(0)
    );
    put(d, ".connleak.toml", "baseline = \"ci/accepted.json\"\n");
    assert_eq!(run_in(d, &["scan", "."]).status.code(), Some(0));
    // a named baseline that does not exist is an error, not a silent pass
    let o = run_in(d, &["scan", "--baseline", "nope.json", "."]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn config_is_found_from_a_subdirectory_and_applies() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(
        d,
        "svc/api/.env",
        &format!("{}DB_PASSWORD=Wq7-lPz3Rr\n", leak(SECRET)),
    );
    put(d, "svc/api/local.env", &leak("dev-only-123x"));
    let o = run_in(&d.join("svc/api"), &["scan", "--format", "json", "."]);
    assert_eq!(json(&o)["findings"].as_array().unwrap().len(), 3);
    put(
        d,
        ".connleak.toml",
        r#"
allow = ['^dev-only-']
[rules.env-db-password]
enabled = false
[rules.db-config-password]
enabled = false
[rules.db-uri]
severity = "low"
"#,
    );
    let o = run_in(
        &d.join("svc/api"),
        &["scan", "--format", "json", "--include-suppressed", "."],
    );
    let v = json(&o);
    assert_eq!(keys(&v, ""), [".env:1 db-uri"]);
    assert_eq!(v["findings"][0]["severity"], "low");
    assert_eq!(v["suppressed"][0]["suppressed_by"], "config");
    assert_eq!(v["suppressed"][0]["path"], "local.env");
    // --config names another file
    put(d, "strict.toml", "fail-on = \"high\"\n");
    let o = run_in(
        &d.join("svc/api"),
        &[
            "scan",
            "--config",
            "../../strict.toml",
            "--format",
            "json",
            ".",
        ],
    );
    assert_eq!(json(&o)["findings"].as_array().unwrap().len(), 3);
}

#[test]
fn config_unknown_key_is_an_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(d, "a.env", "A=1\n");
    put(
        d,
        ".connleak.toml",
        "exclude = [\"x/\"]\n\n[rules.db-uri]\nseverity = \"high\"\nenable = false\n",
    );
    let o = run_in(d, &["scan", "."]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains(".connleak.toml:5:"), "{e}");
    assert!(e.contains("enable"), "{e}");
    put(d, ".connleak.toml", "exclude = []\nfail_on = \"high\"\n");
    let e = stderr(&run_in(d, &["scan", "."]));
    // the line and the keys allowed, never the file's own text
    assert!(
        e.contains(".connleak.toml:2: unknown field") && e.contains("`fail-on`"),
        "{e}"
    );
    assert!(!e.contains("fail_on"), "{e}");
    put(
        d,
        ".connleak.toml",
        "[rules.no-such-rule]\nenabled = false\n",
    );
    let e = stderr(&run_in(d, &["scan", "."]));
    assert!(e.contains("no-such-rule"), "{e}");
}

#[test]
fn config_excludes_apply_to_explicit_paths_with_force_exclude() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(d, "tests/fixtures/app.env", &leak(SECRET));
    put(d, "src/app.env", &leak(SECRET));
    put(d, ".connleak.toml", "exclude = [\"tests/fixtures/\"]\n");
    // a walk skips it
    let o = run_in(d, &["scan", "--format", "json", "."]);
    assert_eq!(keys(&json(&o), ""), ["src/app.env:1 db-uri"]);
    // a named file is scanned ...
    let o = run_in(
        d,
        &[
            "scan",
            "--format",
            "json",
            "tests/fixtures/app.env",
            "src/app.env",
        ],
    );
    assert_eq!(json(&o)["findings"].as_array().unwrap().len(), 2);
    // ... unless --force-exclude (as the pre-commit hook passes them)
    let o = run_in(
        d,
        &[
            "scan",
            "--force-exclude",
            "--format",
            "json",
            "tests/fixtures/app.env",
            "src/app.env",
        ],
    );
    assert_eq!(keys(&json(&o), ""), ["src/app.env:1 db-uri"]);
    // only excluded files named: nothing to do, and that is a pass
    let o = run_in(d, &["scan", "--force-exclude", "tests/fixtures/app.env"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn config_extra_rules_inline_and_from_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(
        d,
        "a.txt",
        "token = acmedb_a1b2c3d4e5f6\nother = zetadb_q1w2e3r4t5y6\n",
    );
    let rule = |id: &str, kw: &str| {
        format!(
            r#"id = "{id}"
title = "t"
description = "d"
severity = "high"
confidence = "high"
kind = "code"
keywords = ["{kw}_"]
[regex]
patterns = ['{kw}_(?P<secret>[a-z0-9]{{12}})']
[[examples]]
text = "x = {kw}_a1b2c3d4e5f6"
secret = "a1b2c3d4e5f6"
[[negative_examples]]
text = "x = {kw}_short"
"#
        )
    };
    put(d, "rules/zeta.toml", &rule("zeta-db-token", "zetadb"));
    let inline = rule("acme-db-token", "acmedb")
        .replace("[[examples]]", "[[rule.examples]]")
        .replace("[[negative_examples]]", "[[rule.negative_examples]]")
        .replace("[regex]", "[rule.regex]");
    put(
        d,
        ".connleak.toml",
        &format!("rules-dir = [\"rules\"]\n[[rule]]\n{inline}"),
    );
    let o = run_in(d, &["scan", "--format", "json", "a.txt"]);
    assert_eq!(
        keys(&json(&o), ""),
        ["a.txt:1 acme-db-token", "a.txt:2 zeta-db-token"]
    );
    // config --dump shows the effective configuration
    let o = run_in(d, &["config", "--dump"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("fail-on = \"low\""), "{out}");
    assert!(out.contains("acme-db-token"), "{out}");
    assert!(out.starts_with("# from "), "{out}");
    let empty = tempfile::tempdir().unwrap();
    let o = run_in(empty.path(), &["config", "--dump"]);
    assert!(stdout(&o).contains("fail-on = \"low\""), "{}", stdout(&o));
}

#[test]
fn gate_fail_on_and_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // a medium finding (private host)
    put(d, ".env", "DB_PASSWORD=Wq7-lPz3Rr\nDB_HOST=db\n");
    let o = run_in(d, &["scan", "--format", "json", "."]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["findings"][0]["severity"], "medium");
    assert_eq!(
        run_in(d, &["scan", "--fail-on", "medium", "."])
            .status
            .code(),
        Some(1)
    );
    let o = run_in(d, &["scan", "--fail-on", "high", "--color", "never", "."]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains(".env:1"), "still reported");
    assert!(!stderr(&o).contains("Ways forward"));
    put(d, ".connleak.toml", "fail-on = \"high\"\n");
    assert_eq!(run_in(d, &["scan", "."]).status.code(), Some(0));
    // the flag wins over the config
    assert_eq!(
        run_in(d, &["scan", "--fail-on", "low", "."]).status.code(),
        Some(1)
    );
    fs::remove_file(d.join(".connleak.toml")).unwrap();
    let o = run_in(d, &["scan", "--exit-zero", "."]);
    assert_eq!(o.status.code(), Some(0));
    // the blocking message names the three ways forward
    let o = run_in(d, &["scan", "--color", "never", "."]);
    let e = stderr(&o);
    assert!(
        e.contains("connleak: failed: 1 embedded database credential"),
        "{e}"
    );
    assert!(
        e.contains("1. fix it") && e.contains("connleak:allow") && e.contains("baseline create"),
        "{e}"
    );
    assert!(e.contains("hint:"), "{e}");
    // an unreadable root is still exit 2
    assert_eq!(
        run_in(d, &["scan", "--exit-zero", "nope"]).status.code(),
        Some(2)
    );
}

#[test]
fn baseline_paths_are_those_the_fingerprints_were_salted_with() {
    // outside git, fingerprints are salted with the path below the scanned
    // directory: the entry's path is that one, so a rename is still followed
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(d, "proj/x/.env", &leak(SECRET));
    let o = run_in(d, &["baseline", "create", "--baseline", "b.json", "proj"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let b: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(d.join("b.json")).unwrap()).unwrap();
    assert_eq!(b["entries"][0]["path"], "x/.env");
    fs::rename(d.join("proj/x"), d.join("proj/y")).unwrap();
    let o = run_in(
        d,
        &["scan", "--baseline", "b.json", "--format", "json", "proj"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

/// `baseline create` over an existing baseline keeps the reasons edited by
/// hand (and drops entries nothing matches any more); new findings get
/// `--reason`.
#[test]
fn baseline_create_keeps_hand_written_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(d, "app/.env", &leak(SECRET));
    put(d, "old/.env", &leak("Gone-Secret-31"));
    let o = run_in(d, &["baseline", "create", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let file = d.join(".connleak-baseline.json");
    let mut b: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    for e in b["entries"].as_array_mut().unwrap() {
        e["reason"] = "test data, see ticket 42".into();
    }
    fs::write(&file, serde_json::to_string_pretty(&b).unwrap()).unwrap();
    fs::remove_dir_all(d.join("old")).unwrap();
    put(d, "new/.env", &leak("New-Secret-58"));
    let o = run_in(
        d,
        &["baseline", "create", "--reason", "accepted in review", "."],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let b: serde_json::Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    let got: Vec<(&str, &str)> = b["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["path"].as_str().unwrap(), e["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("app/.env", "test data, see ticket 42"),
            ("new/.env", "accepted in review")
        ]
    );
    // a baseline that cannot be read is not overwritten
    fs::write(&file, "{ not json").unwrap();
    let o = run_in(d, &["baseline", "create", "."]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&file).unwrap(), "{ not json");
}

/// `baseline create --history` records what the history scan finds (a
/// password that is only in an old commit), and `scan --history` then
/// accepts it.
#[test]
fn baseline_create_with_history_records_the_history_findings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let git = |args: &[&str]| {
        let o = std::process::Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(d)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", d)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    git(&["init", "-q"]);
    put(d, "app/.env", &leak(SECRET));
    git(&["add", "."]);
    git(&["commit", "-qm", "add"]);
    git(&["rm", "-q", "app/.env"]);
    git(&["commit", "-qm", "remove"]);
    // nothing at HEAD, one finding in history
    let o = run_in(d, &["scan", "--history", "--format", "json", "."]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = run_in(d, &["baseline", "create", "--history", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let b: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(d.join(".connleak-baseline.json")).unwrap())
            .unwrap();
    assert_eq!(b["entries"].as_array().unwrap().len(), 1, "{b}");
    assert_eq!(b["entries"][0]["path"], "app/.env");
    let o = run_in(d, &["scan", "--history", "--format", "json", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json(&o)["summary"]["suppressed"], 1);
}
