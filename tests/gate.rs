//! A gate the pull request cannot weaken: `scan --policy-from REF` reads the
//! configuration, the baseline and extra rule files from the git tree at
//! REF, reports the scanned tree's changes to them as `policy-changed`, and
//! lists the inline allowances the tree adds; `--no-config` and
//! `--no-baseline` ignore both. Repositories are built with the `git`
//! command here; connleak itself reads them with gix.

use crate::repos::{commit, git, write};
use crate::util::*;
use serde_json::Value;
use std::path::Path;

// fabricated
const LEAK: &str = "Qx7-pRm4Vz";
const OLD: &str = "Wd3-kTn8Lb";

fn env_leak(secret: &str) -> String {
    format!("DATABASE_URL=postgres://app:{secret}@orders.postgres.database.azure.com:5432/orders\n")
}

/// `main` has no policy; branch `pr` adds a leak, a `.connleak.toml` that
/// excludes one copy and names a baseline, and that baseline holding the
/// other copy: everything a pull request would do to pass the gate.
fn weakening_pr(d: &Path) {
    git(d, &["init", "-q"]);
    commit(d, &[("README.md", "# orders\n")], "start");
    git(d, &["checkout", "-qb", "pr"]);
    write(d, "app/.env", &env_leak(LEAK));
    write(d, "legacy/db.env", &env_leak(LEAK));
    write(
        d,
        ".connleak.toml",
        "exclude = [\"legacy/\"]\nbaseline = \"ci/accepted.json\"\n",
    );
    std::fs::create_dir_all(d.join("ci")).unwrap();
    let o = run_in(d, &["baseline", "create", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(d.join("ci/accepted.json").is_file());
    git(d, &["add", "-A"]);
    git(d, &["commit", "-qm", "feature"]);
}

fn changes(v: &Value) -> Vec<String> {
    v["summary"]["policy"]["changes"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| {
                    format!(
                        "{} {} {} {} {}",
                        c["path"].as_str().unwrap_or(""),
                        c["file"].as_str().unwrap_or(""),
                        c["change"].as_str().unwrap_or(""),
                        c["rule"].as_str().unwrap_or(""),
                        c["severity"].as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn policy_from_base_ignores_the_prs_weakening_and_reports_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    weakening_pr(d);

    // without --policy-from the tree's own policy applies, as documented:
    // the leak is excluded and baselined, the gate passes
    let o = run_in(d, &["scan", "--format", "json", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert!(keys(&v, "").is_empty(), "{v}");
    assert!(v["summary"]["policy"].is_null());

    // with the base's policy: both copies are findings, and the two
    // policy files the branch added are reported
    let o = run_in(
        d,
        &["scan", "--policy-from", "main", "--format", "json", "."],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(
        keys(&v, ""),
        ["app/.env:1 db-uri", "legacy/db.env:1 db-uri"],
        "{v}"
    );
    assert_eq!(v["summary"]["suppressed"], Value::Null, "{v}");
    assert_eq!(
        changes(&v),
        [
            ".connleak.toml config added policy-changed high",
            "ci/accepted.json baseline added policy-changed high",
        ]
    );
    assert_eq!(v["summary"]["policy"]["reference"], "main");
    let head_of_main = git(d, &["rev-parse", "main"]);
    assert_eq!(v["summary"]["policy"]["commit"], head_of_main.as_str());

    // the text report names them, and they alone fail the gate: the same
    // run with the leaks fixed still exits 1
    let o = run_in(d, &["scan", "--policy-from", "main", "."]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains(".connleak.toml: high policy-changed"), "{out}");
    std::fs::remove_file(d.join("app/.env")).unwrap();
    std::fs::remove_file(d.join("legacy/db.env")).unwrap();
    let o = run_in(
        d,
        &["scan", "--policy-from", "main", "--format", "json", "."],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
    assert!(keys(&v, "").is_empty());
    assert_eq!(changes(&v).len(), 2);
    // ... and a baseline cannot hold them: they are not findings
    let o = run_in(
        d,
        &[
            "scan",
            "--policy-from",
            "main",
            "--include-suppressed",
            "--format",
            "json",
            ".",
        ],
    );
    assert_eq!(o.status.code(), Some(1));

    // GitHub annotations and SARIF results carry them too
    let o = run_in(
        d,
        &["scan", "--policy-from", "main", "--format", "github", "."],
    );
    let out = stdout(&o);
    assert!(
        out.contains("::error file=.connleak.toml,line=1,col=1")
            && out.contains("title=connleak policy-changed (high)"),
        "{out}"
    );
    let o = run_in(
        d,
        &["scan", "--policy-from", "main", "--format", "sarif", "."],
    );
    let v = json(&o);
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(
        results
            .iter()
            .filter(|r| r["ruleId"] == "policy-changed" && r["level"] == "error")
            .count(),
        2,
        "{v}"
    );
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "policy-changed"));
    // the HTML report has a section for them, and stays well-formed
    let o = run_in(
        d,
        &["scan", "--policy-from", "main", "--format", "html", "."],
    );
    let html = stdout(&o);
    roxmltree::Document::parse_with_options(
        &html,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("not well formed: {e}"));
    assert!(
        html.contains("<h2>Policy compared with main</h2>")
            && html.contains("policy-changed high: ci/accepted.json"),
        "{html}"
    );
}

#[test]
fn policy_from_reads_the_base_tree_not_the_working_tree() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    // the base excludes a directory of documented samples, through a rules
    // file it also disables a rule, and accepts one finding in its baseline
    commit(
        d,
        &[
            (
                ".connleak.toml",
                "exclude = [\"samples/\"]\nrules-dir = [\"policy/rules\"]\n",
            ),
            ("samples/demo.env", &env_leak(OLD)),
            ("svc/.env", &env_leak(OLD)),
            ("policy/rules/acme.toml", ACME_RULE),
        ],
        "base policy",
    );
    let o = run_in(d, &["baseline", "create", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    git(d, &["add", "-A"]);
    git(d, &["commit", "-qm", "baseline"]);
    git(d, &["checkout", "-qb", "pr"]);
    // the branch breaks the config (an error if it were read), empties the
    // rules file and drops the baseline
    write(d, ".connleak.toml", "this is = not [valid toml\n");
    write(d, "policy/rules/acme.toml", "");
    std::fs::remove_file(d.join(".connleak-baseline.json")).unwrap();
    // (not the rule's example value, which the base's baseline holds)
    write(d, "svc/token.txt", "token = acmedb_z9y8x7w6v5u4\n");

    let o = run_in(
        d,
        &["scan", "--policy-from", "main", "--format", "json", "."],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
    // the base's exclude and baseline applied, its rule found the token
    assert_eq!(keys(&v, ""), ["svc/token.txt:1 acme-db-token"], "{v}");
    assert_eq!(v["summary"]["suppressed_by"]["baseline"], 1, "{v}");
    assert_eq!(
        changes(&v),
        [
            ".connleak-baseline.json baseline deleted policy-changed high",
            ".connleak.toml config modified policy-changed high",
            "policy/rules/acme.toml rules modified policy-changed high",
        ]
    );
    // a revision that does not exist is an error, not a pass
    let o = run_in(d, &["scan", "--policy-from", "no-such-branch", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-branch"), "{}", stderr(&o));
}

const ACME_RULE: &str = r#"
id = "acme-db-token"
title = "ACME DB token"
description = "ACME's database access tokens"
severity = "high"
confidence = "high"
kind = "code"
keywords = ["acmedb_"]
[regex]
patterns = ['acmedb_(?P<secret>[a-z0-9]{12})']
[[examples]]
text = "token = acmedb_a1b2c3d4e5f6"
secret = "a1b2c3d4e5f6"
"#;

#[test]
fn no_config_and_no_baseline_ignore_both() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "samples/demo.env", &env_leak(OLD));
    write(d, "svc/.env", &env_leak(LEAK));
    write(d, ".connleak.toml", "exclude = [\"samples/\"]\n");
    let o = run_in(d, &["baseline", "create", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(d.join(".connleak-baseline.json").is_file());

    let scan = |extra: &[&str]| {
        let mut args = vec!["scan", "--format", "json"];
        args.extend_from_slice(extra);
        args.push(".");
        let o = run_in(d, &args);
        (o.status.code(), keys(&json(&o), ""))
    };
    assert_eq!(scan(&[]), (Some(0), vec![]));
    assert_eq!(
        scan(&["--no-baseline"]),
        (Some(1), vec!["svc/.env:1 db-uri".to_string()])
    );
    assert_eq!(
        scan(&["--no-config"]),
        (Some(1), vec!["samples/demo.env:1 db-uri".to_string()])
    );
    assert_eq!(
        scan(&["--no-config", "--no-baseline"]).1,
        ["samples/demo.env:1 db-uri", "svc/.env:1 db-uri"]
    );
    // an invalid config or baseline is not even read
    write(d, ".connleak.toml", "not = [valid\n");
    write(d, ".connleak-baseline.json", "{");
    assert_eq!(scan(&["--no-config", "--no-baseline"]).0, Some(1));
    // they cannot be combined with naming the files
    let o = run_in(d, &["scan", "--no-config", "--config", "x.toml", "."]);
    assert_eq!(o.status.code(), Some(2));
    let o = run_in(d, &["scan", "--no-baseline", "--baseline", "b.json", "."]);
    assert_eq!(o.status.code(), Some(2));

    // with --policy-from, the base's files are ignored too
    git(d, &["init", "-q"]);
    write(d, ".connleak.toml", "exclude = [\"samples/\"]\n");
    std::fs::remove_file(d.join(".connleak-baseline.json")).unwrap();
    let o = run_in(d, &["baseline", "create", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    git(d, &["add", "-A"]);
    git(d, &["commit", "-qm", "base"]);
    assert_eq!(scan(&["--policy-from", "HEAD"]), (Some(0), vec![]));
    assert_eq!(
        scan(&["--policy-from", "HEAD", "--no-config", "--no-baseline"]).1,
        ["samples/demo.env:1 db-uri", "svc/.env:1 db-uri"]
    );
}

#[test]
fn inline_allowances_the_tree_adds_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    let marked = |s: &str, why: &str| {
        format!(
            "url = \"postgres://app:{s}@db.example.com/app\"  # connleak:allow reason=\"{why}\"\n"
        )
    };
    commit(d, &[("old.py", &marked(OLD, "local container"))], "base");
    git(d, &["checkout", "-qb", "pr"]);
    write(d, "new.py", &format!("x = 1\n{}", marked(LEAK, "trust me")));
    git(d, &["add", "-A"]);
    git(d, &["commit", "-qm", "pr"]);

    let o = run_in(
        d,
        &["scan", "--policy-from", "main", "--format", "json", "."],
    );
    // honoured: nothing fails
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert!(keys(&v, "").is_empty());
    assert_eq!(v["summary"]["suppressed_by"]["inline"], 2);
    let added = v["summary"]["policy"]["allowances_added"]
        .as_array()
        .expect("allowances_added");
    assert_eq!(added.len(), 1, "{v}");
    assert_eq!(added[0]["path"], "new.py");
    assert_eq!(added[0]["line"], 2);
    assert_eq!(added[0]["rule"], "db-uri");
    assert_eq!(added[0]["justification"], "trust me");
    assert!(changes(&v).is_empty());

    // the text summary and the annotations list it
    let o = run_in(d, &["scan", "--policy-from", "main", "."]);
    let err = stderr(&o);
    assert!(
        err.contains("1 inline allowance added since main") && err.contains("new.py:2"),
        "{err}"
    );
    let o = run_in(
        d,
        &["scan", "--policy-from", "main", "--format", "github", "."],
    );
    let out = stdout(&o);
    assert!(
        out.contains("::warning file=new.py,line=2,") && out.contains("connleak allowance added"),
        "{out}"
    );
    assert!(!out.contains("old.py"), "{out}");
}

/// action.yml's scan step, run with bash as GitHub runs it, in `cwd`.
fn action_scan_step(cwd: &Path, env: &[(&str, String)]) -> (Option<i32>, String, String) {
    let text = std::fs::read_to_string(repo_root().join("action.yml")).expect("action.yml");
    let action: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
    let step = action["runs"]["steps"]
        .as_sequence()
        .expect("steps")
        .iter()
        .find(|s| s["id"].as_str() == Some("scan"))
        .expect("scan step")
        .clone();
    // outside the work tree, fresh for each run
    let out = cwd.join("../github-output");
    let _ = std::fs::remove_file(&out);
    let mut c = std::process::Command::new("bash");
    c.args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
        .arg(step["run"].as_str().expect("run"))
        .current_dir(cwd)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", cwd)
        .env(
            "CONNLEAK",
            assert_cmd::cargo::cargo_bin("connleak")
                .display()
                .to_string(),
        )
        .env("INPUT_PATH", ".")
        .env("INPUT_FAIL_ON", "")
        .env("INPUT_ARGS", "")
        .env("INPUT_ANNOTATIONS", "true")
        .env("INPUT_POLICY_FROM", "")
        .env("BASE_SHA", "")
        .env(
            "INPUT_SARIF",
            cwd.join("../connleak.sarif").display().to_string(),
        )
        .env("GITHUB_OUTPUT", &out);
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().expect("bash runs");
    let code = std::fs::read_to_string(&out)
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix("exit-code=")
                .map(|v| v.parse().unwrap_or(-1))
        });
    assert!(o.status.success(), "the step itself failed: {}", stderr(&o));
    (code, stdout(&o), stderr(&o))
}

#[test]
fn the_action_takes_the_policy_from_the_pull_requests_base() {
    // origin has main (no policy) and the weakening branch; the runner's
    // clone holds only the branch's tip (actions/checkout's depth 1)
    let dir = tempfile::tempdir().unwrap();
    let origin = dir.path().join("origin");
    std::fs::create_dir(&origin).unwrap();
    weakening_pr(&origin);
    let base = git(&origin, &["rev-parse", "main"]);
    let url = format!("file://{}", origin.display());
    git(
        dir.path(),
        &[
            "clone", "-q", "--depth", "1", "--branch", "pr", &url, "work",
        ],
    );
    let work = dir.path().join("work");
    assert!(
        std::process::Command::new("git")
            .args(["cat-file", "-e", &format!("{base}^{{commit}}")])
            .stderr(std::process::Stdio::null())
            .current_dir(&work)
            .status()
            .unwrap()
            .code()
            != Some(0),
        "the base commit is not in the shallow clone"
    );

    // outside a pull request: the tree's own policy, as before
    let (code, _, _) = action_scan_step(&work, &[]);
    assert_eq!(code, Some(0));

    // a pull request: the base commit is fetched and its policy applies
    let (code, out, err) = action_scan_step(&work, &[("BASE_SHA", base.clone())]);
    assert_eq!(code, Some(1), "{out}\n{err}");
    assert!(
        out.contains("title=connleak policy-changed (high)")
            && out.contains("::error file=app/.env"),
        "{out}"
    );
    // `policy-from: none` turns it off
    let (code, _, _) = action_scan_step(
        &work,
        &[("BASE_SHA", base), ("INPUT_POLICY_FROM", "none".into())],
    );
    assert_eq!(code, Some(0));
}

/// `n` distinct fabricated leaks, one per line.
fn many_leaks(n: usize) -> String {
    (0..n)
        .map(|i| format!("DB_PASSWORD_{i}=Fab-{i:04}-Qz8vLm\n"))
        .collect()
}

#[test]
fn a_failing_gate_lists_the_first_20_blocking_findings_and_a_count() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "app/.env", &many_leaks(26));
    let o = run_in(d, &["scan", "."]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let listed = err.lines().filter(|l| l.starts_with("  app/.env:")).count();
    assert_eq!(listed, 20, "{err}");
    assert!(
        err.contains("26 embedded database credentials at or above low severity")
            && err.contains("... and 6 more (every finding is in the report)"),
        "{err}"
    );
    // the report itself still has every one
    assert_eq!(
        stdout(&o)
            .lines()
            .filter(|l| l.starts_with("app/.env:"))
            .count(),
        26
    );
}

#[test]
fn threads_are_capped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for i in 0..7 {
        write(d, &format!("f{i}.env"), &many_leaks(1));
    }
    let started = std::time::Instant::now();
    let o = run_in(d, &["scan", "--format", "json", "-j", "5000", "."]);
    // thousands of walker threads took minutes on these 7 files
    assert!(started.elapsed().as_secs() < 60);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["findings"].as_array().unwrap().len(), 7);
    let err = stderr(&o);
    assert!(
        err.contains("connleak: warning: -j 5000 is more than 4 threads per core; using "),
        "{err}"
    );
    let o = run_in(d, &["scan", "--format", "json", "-j", "2", "."]);
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
}

#[test]
fn jsonl_writes_one_finding_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a/.env", &many_leaks(3));
    write(d, "b/.env", &many_leaks(2));
    let o = run_in(d, &["scan", "--format", "jsonl", "."]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect();
    assert_eq!(lines.len(), 5, "{out}");
    // the same objects as the JSON report's findings, in the same order
    let all = json(&run_in(d, &["scan", "--format", "json", "."]));
    assert_eq!(all["findings"].as_array().unwrap().len(), 5);
    for (line, f) in lines.iter().zip(all["findings"].as_array().unwrap()) {
        assert_eq!(line["path"], f["path"]);
        assert_eq!(line["line"], f["line"]);
        assert_eq!(line["fingerprint"], f["fingerprint"]);
        assert_eq!(line["secret"], f["secret"], "redacted like every report");
    }
    assert!(!out.contains("Fab-0000-Qz8vLm"));
}

#[test]
fn policy_from_confines_the_base_config_and_reads_named_files_at_ref() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("operator.toml");
    std::fs::write(&outside, "exclude = [\"svc/\"]\n").unwrap();
    let d = &dir.path().join("repo");
    std::fs::create_dir(d).unwrap();
    git(d, &["init", "-q"]);
    commit(
        d,
        &[
            ("svc/.env", &env_leak(LEAK)),
            ("ci/policy.toml", "exclude = [\"svc/\"]\n"),
            (".connleak.toml", "rules-dir = [\"../elsewhere\"]\n"),
        ],
        "base",
    );
    git(d, &["checkout", "-qb", "pr"]);
    // the base's own config names a path outside the repository: refused
    let o = run_in(d, &["scan", "--policy-from", "main", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("outside the repository"),
        "{}",
        stderr(&o)
    );
    // --config inside the work tree is read at REF: the branch's edit does
    // not count, and is reported
    write(d, "ci/policy.toml", "exclude = [\"*\"]\n");
    write(d, "svc/other.env", &env_leak(OLD));
    let o = run_in(
        d,
        &[
            "scan",
            "--policy-from",
            "main",
            "--config",
            "ci/policy.toml",
            "--format",
            "json",
            ".",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
    assert!(keys(&v, "").is_empty(), "the base's exclude applied: {v}");
    assert_eq!(
        changes(&v),
        ["ci/policy.toml config modified policy-changed high"]
    );
    // --config outside the work tree is the operator's, read from disk
    let o = run_in(
        d,
        &[
            "scan",
            "--policy-from",
            "main",
            "--config",
            outside.to_str().unwrap(),
            "--format",
            "json",
            ".",
        ],
    );
    let v = json(&o);
    assert!(keys(&v, "").is_empty(), "{v}");
    // ci/policy.toml is no policy of this run, and .connleak.toml is unchanged
    assert!(changes(&v).is_empty(), "{v}");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn policy_results_pass_the_sarif_multitool() {
    let dir = tempfile::tempdir().unwrap();
    let d = &dir.path().join("repo");
    std::fs::create_dir(d).unwrap();
    weakening_pr(d);
    write(
        d,
        "new.py",
        &format!(
            "url = \"postgres://app:{OLD}@db.example.com/app\"  # connleak:allow reason=\"demo\"\n"
        ),
    );
    let report = dir.path().join("out.sarif");
    let o = run_in(
        d,
        &[
            "scan",
            "--policy-from",
            "main",
            "--format",
            "sarif",
            "-o",
            report.to_str().unwrap(),
            ".",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let ids: Vec<&str> = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .collect();
    assert_eq!(
        ids.iter().filter(|i| **i == "allowance-added").count(),
        1,
        "{ids:?}"
    );
    match std::env::var_os("SARIF_MULTITOOL") {
        Some(tool) => {
            let problems = crate::sarif::multitool_problems(&tool, &report, dir.path());
            assert!(problems.is_empty(), "{}", problems.join("\n"));
        }
        None => eprintln!("SARIF_MULTITOOL not set: skipping the Multitool validation"),
    }
}

#[test]
fn a_policy_file_over_16_mib_in_the_tree_is_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    commit(d, &[("README.md", "# x\n")], "base");
    git(d, &["checkout", "-qb", "pr"]);
    // over the 16 MiB a policy file may have (under --max-filesize, so the
    // walk scans it in windows: zeros, binary)
    let f = std::fs::File::create(d.join(".connleak-baseline.json")).unwrap();
    f.set_len(32 << 20).unwrap();
    let o = run_in(
        d,
        &["scan", "--policy-from", "main", "--format", "json", "."],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        changes(&json(&o)),
        [".connleak-baseline.json baseline added policy-changed high"]
    );
}

#[cfg(unix)]
#[test]
fn a_rules_directory_linked_out_of_the_tree_is_a_change_and_not_listed() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("private-name.toml"), "x").unwrap();
    let d = &dir.path().join("repo");
    std::fs::create_dir(d).unwrap();
    git(d, &["init", "-q"]);
    commit(
        d,
        &[
            (".connleak.toml", "rules-dir = [\"policy/rules\"]\n"),
            ("policy/rules/acme.toml", ACME_RULE),
        ],
        "base",
    );
    git(d, &["checkout", "-qb", "pr"]);
    std::fs::remove_dir_all(d.join("policy/rules")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, d.join("policy/rules")).unwrap();
    let o = run_in(
        d,
        &["scan", "--policy-from", "main", "--format", "json", "."],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let c = changes(&json(&o));
    assert!(
        c.contains(&"policy/rules rules added policy-changed high".to_string()),
        "{c:?}"
    );
    assert!(!c.iter().any(|x| x.contains("private-name")), "{c:?}");
}

/// A `.connleak.toml` below the scanned directory is not read by a scan of
/// that directory, but a scan started inside its directory reads it, so a
/// pull request that adds or weakens one is a `policy-changed` review;
/// under `--policy-from` a scan started there reads REF's version, or
/// none when REF has none.
#[test]
fn nested_configs_are_reviewed_and_read_at_ref() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    commit(
        d,
        &[
            ("README.md", "# shop\n"),
            ("services/api/.connleak.toml", "exclude = [\"samples/\"]\n"),
            ("services/api/samples/demo.env", &env_leak(OLD)),
        ],
        "base with a nested config",
    );
    git(d, &["checkout", "-qb", "pr"]);
    // the branch weakens the nested config, adds another one deeper still
    // and leaks below both
    write(d, "services/api/.connleak.toml", "exclude = [\"*\"]\n");
    write(d, "services/web/.connleak.toml", "allow = [\"\"]\n");
    write(d, "services/api/app.env", &env_leak(LEAK));
    write(d, "services/web/app.env", &env_leak(LEAK));
    git(d, &["add", "-A"]);
    git(d, &["commit", "-qm", "pr"]);
    let want_changes = [
        "services/api/.connleak.toml config modified policy-changed high",
        "services/web/.connleak.toml config added policy-changed high",
    ];

    // the whole tree: nested configs are not read, both leaks found (and
    // the base's sample, which only a scan of services/api excludes)
    let o = run_in(
        d,
        &["scan", "--policy-from", "main", "--format", "json", "."],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(
        keys(&v, ""),
        [
            "services/api/app.env:1 db-uri",
            "services/api/samples/demo.env:1 db-uri",
            "services/web/app.env:1 db-uri"
        ],
        "{v}"
    );
    assert_eq!(changes(&v), want_changes, "{v}");

    // a scan of services/api reads the base's nested config (the sample is
    // excluded), not the branch's `exclude = ["*"]`
    let o = run_in(
        d,
        &[
            "scan",
            "--policy-from",
            "main",
            "--format",
            "json",
            "services/api",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(keys(&v, ""), ["services/api/app.env:1 db-uri"], "{v}");
    assert_eq!(
        changes(&v),
        ["services/api/.connleak.toml config modified policy-changed high"]
    );
    // the base has no config in services/web: the branch's is not read
    let o = run_in(
        d,
        &[
            "scan",
            "--policy-from",
            "main",
            "--format",
            "json",
            "services/web",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(keys(&v, ""), ["services/web/app.env:1 db-uri"], "{v}");
    assert_eq!(
        changes(&v),
        ["services/web/.connleak.toml config added policy-changed high"]
    );
    // without --policy-from the branch's nested config applies to a scan
    // started there, as documented
    let o = run_in(d, &["scan", "--format", "json", "services/web"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // --no-config: neither read nor compared
    let o = run_in(
        d,
        &[
            "scan",
            "--policy-from",
            "main",
            "--no-config",
            "--format",
            "json",
            ".",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(changes(&json(&o)).is_empty());
}

/// `merge` keeps the `--policy-from` review of every report, each labelled
/// with its repository, in `summary.policies` and in the other formats; a
/// report given twice is counted once, and a merged report merged again
/// keeps them.
#[test]
fn merge_keeps_each_repositorys_policy_review() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for name in ["billing", "shop"] {
        let r = d.join(name);
        std::fs::create_dir_all(&r).unwrap();
        weakening_pr(&r);
        let o = run_in(
            &r,
            &[
                "scan",
                "--policy-from",
                "main",
                "--format",
                "json",
                "-o",
                "../{name}.json".replace("{name}", name).as_str(),
                ".",
            ],
        );
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let v: Value =
            serde_json::from_slice(&std::fs::read(d.join(format!("{name}.json"))).unwrap())
                .unwrap();
        assert_eq!(
            v["summary"]["policy"]["repository"], name,
            "{}",
            v["summary"]
        );
    }
    let o = run_in(d, &["merge", "billing.json", "shop.json", "billing.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert!(v["summary"]["policy"].is_null());
    let reviews = v["summary"]["policies"].as_array().expect("policies");
    let repos: Vec<&str> = reviews
        .iter()
        .map(|r| r["repository"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(repos, ["billing", "shop"], "{}", v["summary"]);
    for r in reviews {
        assert_eq!(r["reference"], "main");
        assert_eq!(r["changes"].as_array().map(Vec::len), Some(2), "{r}");
    }
    std::fs::write(d.join("merged.json"), &o.stdout).unwrap();
    let again = json(&run_in(d, &["merge", "merged.json", "shop.json"]));
    assert_eq!(again["summary"]["policies"], v["summary"]["policies"]);
    // the other formats show each change with its repository
    let text = stdout(&run_in(
        d,
        &["merge", "--format", "text", "billing.json", "shop.json"],
    ));
    for name in ["billing", "shop"] {
        assert!(
            text.contains(&format!(
                "{name}: .connleak.toml: high policy-changed config added"
            )),
            "{text}"
        );
    }
    let sarif = json(&run_in(
        d,
        &["merge", "--format", "sarif", "billing.json", "shop.json"],
    ));
    let policy_results: Vec<&Value> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r["ruleId"] == "policy-changed")
        .collect();
    assert_eq!(policy_results.len(), 4);
    // one alert per repository and file, not two that look the same
    let prints: std::collections::BTreeSet<String> = policy_results
        .iter()
        .map(|r| r["partialFingerprints"].to_string())
        .collect();
    assert_eq!(prints.len(), 4, "{prints:?}");
    assert!(policy_results
        .iter()
        .any(|r| r["properties"]["repository"] == "shop"));
    let html = stdout(&run_in(
        d,
        &["merge", "--format", "html", "billing.json", "shop.json"],
    ));
    assert!(
        html.contains("Policy of billing compared with main")
            && html.contains("Policy of shop compared with main"),
        "html"
    );
}
