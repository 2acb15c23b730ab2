//! `scan --history` end to end, on repositories built here with the `git`
//! command (the product itself never runs git): provenance, packed and
//! shallow repositories, nothing executed, the inventory, `merge` and the
//! HTML report.

use crate::util::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Ada Dev",
            "-c",
            "user.email=ada@example.com",
        ])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("GIT_AUTHOR_DATE", "2024-03-01T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2024-03-01T12:00:00Z")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

const L1: &str = "Xk9#mQ2!vLz7"; // Azure SQL, renamed, still at HEAD
const L2: &str = "Pw9kZ2xQ7m"; // .env, added then removed
const L3: &str = "Br4nchOnly9x"; // only on a feature branch
const L4: &str = "S1deBranch77q"; // side branch, merged
const L5: &str = "M3rgeOnly4u"; // introduced by the merge commit itself
const L6: &str = "T4gOnlyZz81"; // only reachable from a tag

/// Builds the repository; returns the commit ids by name.
fn build(dir: &Path) -> BTreeMap<&'static str, String> {
    let mut ids = BTreeMap::new();
    git(dir, &["init", "-q"]);
    write(
        dir,
        "api/appsettings.json",
        &format!("{{\"Db\": \"Server=tcp:contoso.database.windows.net;Database=orders;User ID=app;Password={L1};\"}}\n"),
    );
    git(dir, &["add", "."]);
    git(dir, &["commit", "-qm", "add api settings"]);
    ids.insert("a", git(dir, &["rev-parse", "HEAD"]));
    write(
        dir,
        ".env",
        &format!("DATABASE_URL=postgres://etl:{L2}@db.internal:5432/etl\n"),
    );
    git(dir, &["add", "."]);
    git(dir, &["commit", "-qm", "add env"]);
    ids.insert("b", git(dir, &["rev-parse", "HEAD"]));
    git(dir, &["mv", "api", "svc"]);
    git(dir, &["commit", "-qm", "rename api to svc"]);
    ids.insert("c", git(dir, &["rev-parse", "HEAD"]));
    // a feature branch with its own leak
    git(dir, &["checkout", "-qb", "feature"]);
    write(dir, "app.properties", &format!("spring.datasource.url=jdbc:postgresql://pg.internal:5432/app\nspring.datasource.password={L3}\n"));
    git(dir, &["add", "."]);
    git(dir, &["commit", "-qm", "feature creds"]);
    ids.insert("f", git(dir, &["rev-parse", "HEAD"]));
    git(dir, &["checkout", "-q", "main"]);
    git(dir, &["rm", "-q", ".env"]);
    git(dir, &["commit", "-qm", "remove env"]);
    ids.insert("d", git(dir, &["rev-parse", "HEAD"]));
    // a side branch merged back, the merge adding a leak of its own
    git(dir, &["checkout", "-qb", "side"]);
    write(
        dir,
        "side/config.yml",
        &format!("database:\n  host: side.internal\n  password: \"{L4}\"\n"),
    );
    git(dir, &["add", "."]);
    git(dir, &["commit", "-qm", "side config"]);
    ids.insert("s", git(dir, &["rev-parse", "HEAD"]));
    git(dir, &["checkout", "-q", "main"]);
    git(dir, &["merge", "-q", "--no-ff", "--no-commit", "side"]);
    write(
        dir,
        "merge.env",
        &format!("DB_PASSWORD={L5}\nDB_HOST=merge.internal\n"),
    );
    git(dir, &["add", "."]);
    git(dir, &["commit", "-qm", "merge side"]);
    ids.insert("m", git(dir, &["rev-parse", "HEAD"]));
    // a commit only a tag reaches
    git(dir, &["checkout", "-q", "--detach"]);
    write(
        dir,
        "tagged.env",
        &format!("DB_PASSWORD={L6}\nDB_HOST=tag.internal\n"),
    );
    git(dir, &["add", "."]);
    git(dir, &["commit", "-qm", "tagged creds"]);
    ids.insert("t", git(dir, &["rev-parse", "HEAD"]));
    git(dir, &["tag", "v0-secret"]);
    git(dir, &["checkout", "-q", "main"]);
    ids
}

fn history_json(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec![
        "scan",
        "--history",
        "--format",
        "json",
        "--show-secrets",
        "-q",
    ];
    args.extend_from_slice(extra);
    args.push(".");
    let out = run_in(dir, &args);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(&out));
    json(&out)
}

/// secret -> (path, introduced commit, status, removed_by)
fn provenance(v: &Value) -> BTreeMap<String, (String, String, String, Option<String>)> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let p = &f["provenance"];
            (
                f["secret"].as_str().unwrap_or("").to_string(),
                (
                    f["path"].as_str().unwrap_or("").to_string(),
                    p["introduced"]["id"].as_str().unwrap_or("").to_string(),
                    p["status"].as_str().unwrap_or("").to_string(),
                    p["removed_by"]["id"].as_str().map(str::to_string),
                ),
            )
        })
        .collect()
}

fn expected(
    ids: &BTreeMap<&str, String>,
) -> BTreeMap<String, (String, String, String, Option<String>)> {
    let e = |path: &str, c: &str, status: &str, removed: Option<&str>| {
        (
            path.to_string(),
            ids[c].clone(),
            status.to_string(),
            removed.map(|r| ids[r].clone()),
        )
    };
    [
        (L1, e("api/appsettings.json", "a", "live", None)),
        (L2, e(".env", "b", "removed", Some("d"))),
        (L3, e("app.properties", "f", "branch-only", None)),
        (L4, e("side/config.yml", "s", "live", None)),
        (L5, e("merge.env", "m", "live", None)),
        (L6, e("tagged.env", "t", "branch-only", None)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

#[test]
fn history_provenance_is_exact_loose_and_packed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let ids = build(dir);
    let want = expected(&ids);
    let v = history_json(dir, &[]);
    assert_eq!(provenance(&v), want);
    // each distinct blob scanned once
    let st = &v["summary"]["history"];
    let blobs = git(dir, &["rev-list", "--objects", "--all"]);
    let types = Command::new("git")
        .args(["cat-file", "--batch-check=%(objecttype)"])
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            let ids: String = blobs
                .lines()
                .map(|l| l.split(' ').next().unwrap_or("").to_string() + "\n")
                .collect();
            c.stdin.take().expect("stdin").write_all(ids.as_bytes())?;
            c.wait_with_output()
        })
        .expect("cat-file");
    let distinct = String::from_utf8_lossy(&types.stdout)
        .lines()
        .filter(|l| *l == "blob")
        .count() as u64;
    assert_eq!(st["blobs_distinct"].as_u64(), Some(distinct), "{st}");
    assert_eq!(
        st["blobs_scanned"].as_u64(),
        Some(distinct),
        "no blob scanned twice or skipped: {st}"
    );
    assert_eq!(st["commits"].as_u64(), Some(8));
    // refs that reach the branch-only leaks
    let refs_of = |secret: &str| -> Vec<String> {
        v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .find(|f| f["secret"] == secret)
            .map(|f| {
                f["provenance"]["refs"]
                    .as_array()
                    .expect("refs")
                    .iter()
                    .filter_map(|r| r.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(refs_of(L3), vec!["refs/heads/feature"]);
    assert_eq!(refs_of(L6), vec!["refs/tags/v0-secret"]);

    // the same after `git gc` packs everything
    git(dir, &["gc", "-q", "--aggressive", "--prune=now"]);
    assert!(dir
        .join(".git/objects/pack")
        .read_dir()
        .expect("pack dir")
        .next()
        .is_some());
    assert_eq!(provenance(&history_json(dir, &[])), want);

    // narrowing: one branch, and only commits after the side branch
    let only_main = provenance(&history_json(dir, &["--branch", "main"]));
    assert!(!only_main.contains_key(L3) && !only_main.contains_key(L6));
    assert!(only_main.contains_key(L1) && only_main.contains_key(L5));
    let since = provenance(&history_json(dir, &["--since", &ids["d"]]));
    assert!(
        !since.contains_key(L1) && !since.contains_key(L2),
        "{since:?}"
    );
    assert!(since.contains_key(L4) && since.contains_key(L5));
}

#[test]
fn shallow_clone_works() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = tmp.path().join("src");
    std::fs::create_dir_all(&src).expect("mkdir");
    let ids = build(&src);
    let dst = tmp.path().join("shallow");
    git(
        tmp.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            "--no-local",
            &format!("file://{}", src.display()),
            "shallow",
        ],
    );
    let v = history_json(&dst, &[]);
    let p = provenance(&v);
    // only what the boundary commit holds, introduced by it
    assert_eq!(p.len(), 3, "{p:?}");
    for s in [L1, L4, L5] {
        assert_eq!(p[s].1, ids["m"], "{s}");
        assert_eq!(p[s].2, "live");
    }
    assert_eq!(p[L1].0, "svc/appsettings.json");
}

#[test]
fn history_scan_executes_nothing_from_the_repository() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("repo");
    std::fs::create_dir_all(&dir).expect("mkdir");
    build(&dir);
    let marker = |n: &str| tmp.path().join(format!("marker-{n}"));
    let cmd = |n: &str| format!("touch {}", marker(n).display());
    git(&dir, &["config", "core.fsmonitor", &cmd("fsmonitor")]);
    std::fs::create_dir_all(dir.join("hooks")).expect("mkdir");
    for hook in [
        "post-checkout",
        "pre-commit",
        "post-index-change",
        "reference-transaction",
    ] {
        let p = dir.join("hooks").join(hook);
        std::fs::write(&p, format!("#!/bin/sh\n{}\n", cmd("hook"))).expect("hook");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        }
    }
    git(&dir, &["config", "core.hooksPath", "hooks"]);
    git(&dir, &["config", "filter.evil.clean", &cmd("clean")]);
    git(&dir, &["config", "filter.evil.smudge", &cmd("smudge")]);
    git(&dir, &["config", "filter.evil.process", &cmd("process")]);
    git(&dir, &["config", "diff.evil.textconv", &cmd("textconv")]);
    std::fs::write(dir.join(".gitattributes"), "* filter=evil diff=evil\n").expect("attributes");
    let v = history_json(&dir, &[]);
    assert!(!v["findings"].as_array().expect("findings").is_empty());
    for n in [
        "fsmonitor",
        "hook",
        "clean",
        "smudge",
        "process",
        "textconv",
    ] {
        assert!(!marker(n).exists(), "{n} ran");
    }
}

#[test]
fn merge_makes_one_inventory_across_repositories_and_html_is_self_contained() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    for (dir, path) in [
        (&a, "orders/appsettings.json"),
        (&b, "billing/appsettings.json"),
    ] {
        std::fs::create_dir_all(dir).expect("mkdir");
        git(dir, &["init", "-q"]);
        write(
            dir,
            path,
            &format!("{{\"Db\": \"Server=tcp:shared.database.windows.net;Database=d;User ID=svc;Password={L1};\"}}\n"),
        );
        write(
            dir,
            "own.env",
            &format!(
                "DATABASE_URL=postgres://u:{}@db.internal/x\n",
                if dir == &a { L2 } else { L3 }
            ),
        );
        git(dir, &["add", "."]);
        git(dir, &["commit", "-qm", "init"]);
    }
    let ra = tmp.path().join("a.json");
    let rb = tmp.path().join("b.json");
    for (dir, out) in [(&a, &ra), (&b, &rb)] {
        let o = run(&[
            "scan",
            "--history",
            "-q",
            "--format",
            "json",
            "-o",
            &out.to_string_lossy(),
            &dir.to_string_lossy(),
        ]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    }
    let merged = run(&["merge", &ra.to_string_lossy(), &rb.to_string_lossy()]);
    assert_eq!(merged.status.code(), Some(0), "{}", stderr(&merged));
    let v = json(&merged);
    let inv = v["inventory"].as_array().expect("inventory");
    assert_eq!(inv.len(), 3, "{inv:?}");
    let shared: Vec<&Value> = inv
        .iter()
        .filter(|c| c["host"] == "shared.database.windows.net")
        .collect();
    assert_eq!(shared.len(), 1);
    assert_eq!(shared[0]["repositories"].as_array().map(Vec::len), Some(2));
    assert_eq!(shared[0]["locations"].as_array().map(Vec::len), Some(2));
    assert_eq!(shared[0]["remediation"]["identity"], "user-assigned");

    // SARIF carries the provenance too
    let sarif = run(&[
        "scan",
        "--history",
        "-q",
        "--format",
        "sarif",
        &a.to_string_lossy(),
    ]);
    let sv = json(&sarif);
    let res = &sv["runs"][0]["results"][0]["properties"];
    assert_eq!(res["provenance"]["status"], "live", "{res}");
    assert!(res["provenance"]["introduced"]["id"]
        .as_str()
        .is_some_and(|c| c.len() == 40));
    assert!(res["credential"].as_str().is_some());

    // one run over both repositories gives the same inventory
    let both = run(&[
        "scan",
        "--history",
        "-q",
        "--format",
        "json",
        &a.to_string_lossy(),
        &b.to_string_lossy(),
    ]);
    assert_eq!(json(&both)["inventory"].as_array().map(Vec::len), Some(3));

    // the HTML report: well formed, nothing fetched, nothing leaked
    let html = tmp.path().join("report.html");
    let o = run(&[
        "scan",
        "--history",
        "-q",
        "--format",
        "html",
        "-o",
        &html.to_string_lossy(),
        &a.to_string_lossy(),
        &b.to_string_lossy(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = std::fs::read_to_string(&html).expect("html");
    roxmltree::Document::parse_with_options(
        &text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("not well formed: {e}"));
    assert!(
        !text.contains("http"),
        "no references to anything outside the file"
    );
    assert!(!text.contains("<script") && !text.contains("src=") && !text.contains("url("));
    for s in [L1, L2, L3] {
        assert!(!text.contains(s), "a secret in the HTML");
    }
    assert!(text.contains("credentials to rotate"));
    assert!(text.contains("shared.database.windows.net"));
    assert!(text.contains("<svg"));
}

/// History dropped the findings a `connleak:allow` marker suppressed
/// instead of counting and listing them as suppressed, as a tree scan does.
#[test]
fn history_counts_inline_allowed_findings_as_suppressed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    git(d, &["init", "-q"]);
    write(
        d,
        "app.env",
        "DB_PASSWORD=Al1owedPw9x # connleak:allow reason=\"fixture\"\nOTHER_DB_PASSWORD=N0tAllowed7q\n",
    );
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "one"]);
    let o = run_in(
        d,
        &[
            "scan",
            "--history",
            "--format",
            "json",
            "--include-suppressed",
            ".",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["findings"].as_array().unwrap().len(), 1);
    assert_eq!(v["summary"]["suppressed"], 1);
    let s = &v["suppressed"][0];
    assert_eq!(s["suppressed_by"], "inline");
    assert_eq!(s["justification"], "fixture");
    assert_eq!(s["provenance"]["status"], "live");
}

/// History counted a blob it could not read as "too large": it is an error
/// that names the path, and the other blobs are still scanned.
#[test]
fn history_reports_an_unreadable_blob_as_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    git(d, &["init", "-q"]);
    write(d, "a.env", "DB_PASSWORD=Re4dableBl0b\n");
    write(d, "b.env", "DB_PASSWORD=L0stBl0bPw9\n");
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "one"]);
    // remove b.env's blob from the object store (loose objects)
    let id = git(d, &["rev-parse", "HEAD:b.env"]);
    std::fs::remove_file(d.join(".git/objects").join(&id[..2]).join(&id[2..])).expect("rm");
    let o = run_in(d, &["scan", "--history", "--format", "json", "."]);
    let v = json(&o);
    assert_eq!(keys(&v, ""), ["a.env:1 env-db-password"]);
    assert_eq!(v["summary"]["skipped_too_large"], 0, "{v}");
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{v}");
    assert_eq!(errors[0]["path"], "b.env");
    assert_eq!(errors[0]["kind"], "git");
}

/// Reports made with `.` in different repositories (the organisation-wide
/// workflow run inside each clone) name each repository by its remote URL
/// (without credentials) or folder name, so `merge` keeps them apart; the
/// same report given twice is counted once.
#[test]
fn merge_tells_repositories_apart_by_name_and_counts_a_report_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let leak = "DATABASE_URL=postgres://app:Sh4red-Pw-71q@db.internal:5432/app\n";
    for (name, remote) in [
        (
            "billing",
            Some("https://ci:tok3n-Secret@git.example.com/acme/billing.git"),
        ),
        ("shop", None),
    ] {
        let r = d.join(name);
        std::fs::create_dir_all(&r).unwrap();
        git(&r, &["init", "-q"]);
        if let Some(url) = remote {
            git(&r, &["remote", "add", "origin", url]);
        }
        write(&r, "config/.env", leak);
        git(&r, &["add", "."]);
        git(&r, &["commit", "-qm", "add"]);
        for (out, extra) in [("tree.json", None), ("history.json", Some("--history"))] {
            let mut args = vec!["scan", "--format", "json", "--quiet", "--output", out];
            args.extend(extra);
            args.push(".");
            let o = run_in(&r, &args);
            assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        }
    }
    let want = ["https://git.example.com/acme/billing.git", "shop"];
    for report in ["tree.json", "history.json"] {
        let a = d.join("billing").join(report);
        let b = d.join("shop").join(report);
        let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
        let o = run_in(d, &["merge", a, b, a]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v = json(&o);
        assert!(
            !stdout(&o).contains("tok3n"),
            "no credential of the remote URL"
        );
        let findings = v["findings"].as_array().unwrap();
        assert_eq!(
            findings.len(),
            2,
            "{report}: one per repository, not doubled"
        );
        let inv = v["inventory"].as_array().unwrap();
        assert_eq!(inv.len(), 1, "one credential");
        assert_eq!(inv[0]["repositories"], serde_json::json!(want), "{report}");
        let repos: Vec<&str> = inv[0]["locations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["repository"].as_str().unwrap())
            .collect();
        assert_eq!(repos, want, "{report}");
    }
    // --repository-name wins
    let r = d.join("shop");
    let o = run_in(
        &r,
        &[
            "scan",
            "--format",
            "json",
            "--repository-name",
            "acme/shop",
            ".",
        ],
    );
    assert_eq!(json(&o)["findings"][0]["repository"], "acme/shop");
}

/// The advice on a history finding comes from the blob and the files beside
/// it in the commit that introduced it, never from the working tree: the
/// same repository scanned as a checkout, as a checkout whose files have
/// since moved (uncommitted), and as a bare clone gives the same advice.
#[test]
fn history_advice_comes_from_the_commit_not_the_working_tree() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let r = d.join("work");
    std::fs::create_dir_all(&r).unwrap();
    git(&r, &["init", "-q"]);
    write(
        &r,
        "infra/main.tf",
        concat!(
            "resource \"azurerm_mssql_server\" \"main\" {\n",
            "  name                         = \"contoso-sql\"\n",
            "  version                      = \"12.0\"\n",
            "  administrator_login          = \"sqladmin\"\n",
            "  administrator_login_password = \"Tf-Adm1n-Pw9x\"\n",
            "}\n",
        ),
    );
    write(
        &r,
        "api/Api.csproj",
        "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <ItemGroup>\n    <PackageReference Include=\"Microsoft.Data.SqlClient\" Version=\"5.2.0\" />\n  </ItemGroup>\n</Project>\n",
    );
    write(
        &r,
        "api/appsettings.json",
        "{\"ConnectionStrings\": {\"Db\": \"Server=tcp:contoso-sql.database.windows.net,1433;Initial Catalog=app;User ID=app;Password=Ap1-Db-Pw7q;Encrypt=True;\"}}\n",
    );
    git(&r, &["add", "."]);
    git(&r, &["commit", "-qm", "app and infra"]);
    let advice = |o: &std::process::Output| -> Vec<String> {
        let v = json(o);
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let m = &f["remediation"];
                format!(
                    "{} {} {} {} {} {}",
                    f["path"], m["service"], m["stack"], m["unit"], m["summary"], m["replacement"]
                )
            })
            .collect()
    };
    let args = [
        "scan",
        "--history",
        "--format",
        "json",
        "--repository-name",
        "x",
        ".",
    ];
    let checkout = run_in(&r, &args);
    assert_eq!(checkout.status.code(), Some(1), "{}", stderr(&checkout));
    let want = advice(&checkout);
    assert_eq!(want.len(), 2, "{want:?}");
    assert!(
        want.iter()
            .any(|a| a.contains("\"microsoft-data-sqlclient\"")),
        "{want:?}"
    );
    assert!(want.iter().all(|a| a.contains("\"azure-sql\"")), "{want:?}");
    // the working tree moves on without a commit
    std::fs::remove_dir_all(r.join("api")).unwrap();
    std::fs::remove_dir_all(r.join("infra")).unwrap();
    assert_eq!(advice(&run_in(&r, &args)), want, "after the files moved");
    // a bare clone has no working tree at all
    git(d, &["clone", "-q", "--bare", "work", "bare.git"]);
    assert_eq!(
        advice(&run_in(&d.join("bare.git"), &args)),
        want,
        "bare clone"
    );
}

/// `scan --history` in `dir` with `TMPDIR` pointing at `tmp`, so that what
/// the run leaves behind there can be seen.
fn history_with_tmpdir(
    dir: &Path,
    tmp: &Path,
    target: &str,
    extra: &[&str],
) -> std::process::Output {
    let mut args = vec!["scan", "--history", "--format", "json", "--show-secrets"];
    args.extend_from_slice(extra);
    args.push(target);
    bin()
        .current_dir(dir)
        .env("TMPDIR", tmp)
        .args(&args)
        .output()
        .expect("run connleak")
}

fn left_in(tmp: &Path) -> Vec<String> {
    std::fs::read_dir(tmp)
        .expect("tmp dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect()
}

/// rule, path, line, introducing commit, status and removing commit of
/// every finding: what a scan of a URL must share with a scan of the path
fn where_found(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let p = &f["provenance"];
            format!(
                "{} {}:{} {} {} {}",
                f["rule"],
                f["path"],
                f["line"],
                p["introduced"]["id"],
                p["status"],
                p["removed_by"]["id"]
            )
        })
        .collect();
    out.sort();
    out
}

fn file_url(p: &Path) -> String {
    format!("file://{}", p.display())
}

/// Issue 17: `scan --history file://...` scans a copy of the repository and
/// finds what a scan of its path finds (packed and loose objects, a bare
/// repository and a work tree), names the repository by its URL, and
/// leaves nothing behind, also when the scan fails.
#[test]
fn history_of_a_file_url_is_the_history_of_its_path_and_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    let src = d.join("src");
    std::fs::create_dir_all(&src).expect("mkdir");
    let ids = build(&src);
    // a bare, packed clone (branches and tags), and the work tree itself
    // (loose objects)
    git(
        d,
        &["clone", "-q", "--bare", "--no-local", "src", "bare.git"],
    );
    assert!(
        src.join(".git/objects").join(&ids["a"][..2]).is_dir(),
        "loose"
    );
    let scratch = d.join("scratch");
    std::fs::create_dir_all(&scratch).expect("mkdir");
    for repo in [d.join("bare.git"), src.clone()] {
        let by_path = history_with_tmpdir(d, &scratch, repo.to_str().expect("utf-8"), &[]);
        assert_eq!(by_path.status.code(), Some(1), "{}", stderr(&by_path));
        let url = file_url(&repo);
        let by_url = history_with_tmpdir(d, &scratch, &url, &[]);
        assert_eq!(by_url.status.code(), Some(1), "{}", stderr(&by_url));
        let (a, b) = (json(&by_path), json(&by_url));
        let found = where_found(&b);
        assert_eq!(found, where_found(&a), "{url}");
        // the leak removed in an old commit is there, with its commits
        assert!(
            found.iter().any(|f| f.contains("\".env\":1")
                && f.contains(&ids["b"])
                && f.contains("\"removed\"")
                && f.contains(&ids["d"])),
            "{found:?}"
        );
        assert_eq!(
            a["summary"]["history"]["commits"],
            b["summary"]["history"]["commits"]
        );
        for f in b["findings"].as_array().expect("findings") {
            assert_eq!(f["provenance"]["repository"], url.as_str(), "{url}");
        }
        assert!(
            stderr(&by_url).contains(&format!("connleak: {url}: ")),
            "{}",
            stderr(&by_url)
        );
        assert_eq!(
            left_in(&scratch),
            Vec::<String>::new(),
            "{url}: nothing left"
        );
    }
    // --repository-name still wins
    let named = history_with_tmpdir(
        d,
        &scratch,
        &file_url(&d.join("bare.git")),
        &["--repository-name", "acme/src"],
    );
    assert_eq!(
        json(&named)["findings"][0]["provenance"]["repository"],
        "acme/src"
    );

    // a scan that fails after the copy was made removes it too
    let failed = history_with_tmpdir(
        d,
        &scratch,
        &file_url(&src),
        &["--branch", "no-such-branch"],
    );
    assert_eq!(failed.status.code(), Some(2), "{}", stderr(&failed));
    assert!(
        stderr(&failed).contains("no-such-branch"),
        "{}",
        stderr(&failed)
    );
    assert_eq!(
        left_in(&scratch),
        Vec::<String>::new(),
        "nothing left after a failure"
    );
    // not a repository: exit 2, nothing left
    let none = history_with_tmpdir(d, &scratch, &file_url(&scratch), &[]);
    assert_eq!(none.status.code(), Some(2), "{}", stderr(&none));
    assert_eq!(left_in(&scratch), Vec::<String>::new());
}

/// The source of a `file://` URL is a stranger's repository: nothing its
/// configuration names runs (no git process is started at all), a
/// symbolic link out of its git directory and borrowed objects are
/// refused, and the copy is removed in each case.
#[test]
fn a_file_url_runs_nothing_from_its_source_and_reads_nothing_outside_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    let src = d.join("src");
    std::fs::create_dir_all(&src).expect("mkdir");
    build(&src);
    let scratch = d.join("scratch");
    std::fs::create_dir_all(&scratch).expect("mkdir");
    let marker = |n: &str| d.join(format!("marker-{n}"));
    let script = d.join("evil.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\ntouch {}\n", marker("script").display()),
    )
    .expect("script");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let cmd = |n: &str| format!("touch {}", marker(n).display());
    let s = script.to_str().expect("utf-8");
    git(&src, &["config", "core.fsmonitor", s]);
    git(&src, &["config", "core.sshCommand", s]);
    git(&src, &["config", "uploadpack.packObjectsHook", s]);
    git(&src, &["config", "filter.evil.clean", &cmd("clean")]);
    git(&src, &["config", "filter.evil.smudge", &cmd("smudge")]);
    git(&src, &["config", "filter.evil.process", &cmd("process")]);
    git(&src, &["config", "diff.evil.textconv", &cmd("textconv")]);
    std::fs::write(
        src.join(".git/info/attributes"),
        "* filter=evil diff=evil\n",
    )
    .expect("attributes");
    for hook in [
        "post-checkout",
        "pre-upload-pack",
        "reference-transaction",
        "post-index-change",
    ] {
        std::fs::copy(&script, src.join(".git/hooks").join(hook)).expect("hook");
    }
    let url = file_url(&src);
    let o = history_with_tmpdir(d, &scratch, &url, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!json(&o)["findings"]
        .as_array()
        .expect("findings")
        .is_empty());
    for n in ["script", "clean", "smudge", "process", "textconv"] {
        assert!(!marker(n).exists(), "{n} ran");
    }
    assert_eq!(left_in(&scratch), Vec::<String>::new());

    // a ref that is a symbolic link out of the git directory
    let outside = d.join("outside-ref");
    std::fs::write(&outside, "0000000000000000000000000000000000000000\n").expect("write");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, src.join(".git/refs/heads/evil")).expect("symlink");
        let o = history_with_tmpdir(d, &scratch, &url, &[]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("symbolic link out of the repository"),
            "{}",
            stderr(&o)
        );
        assert_eq!(
            left_in(&scratch),
            Vec::<String>::new(),
            "removed after the refusal"
        );
        std::fs::remove_file(src.join(".git/refs/heads/evil")).expect("rm");
    }

    // objects borrowed from another repository
    git(d, &["clone", "-q", "--shared", "src", "borrower"]);
    let o = history_with_tmpdir(d, &scratch, &file_url(&d.join("borrower")), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("alternates"), "{}", stderr(&o));
    assert_eq!(left_in(&scratch), Vec::<String>::new());
}

/// Network URLs are not fetched: exit 2 with the safe way to do it, and
/// the URL's credentials are never printed.
#[test]
fn network_urls_are_refused_with_a_safe_alternative() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for url in [
        "https://ci-bot:ghp_Secr3tT0ken@github.com/acme/api.git",
        "http://ghp_Secr3tT0ken@git.example.com/acme/api.git",
        "ssh://git@github.com/acme/api.git",
        "git@github.com:acme/api.git",
        "ext::sh -c touch% /tmp/connleak-ext-ran",
    ] {
        let o = history_with_tmpdir(tmp.path(), tmp.path(), url, &[]);
        assert_eq!(o.status.code(), Some(2), "{url}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(e.contains("git clone --bare --no-checkout"), "{e}");
        assert!(e.contains("connleak scan --history"), "{e}");
        assert!(!e.contains("Secr3t") && !e.contains("touch"), "{e}");
        assert!(stdout(&o).is_empty());
    }
    assert_eq!(left_in(tmp.path()), Vec::<String>::new());
    // without --history a URL is not a path: exit 2, saying what scans it
    let o = run_in(
        tmp.path(),
        &[
            "scan",
            "https://ci-bot:ghp_Secr3tT0ken@github.com/acme/api.git",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("scan --history URL"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("Secr3t"), "{}", stderr(&o));
}

/// Ctrl-C (SIGINT) during the scan of a `file://` URL removes the copy:
/// the run exits 130, as a shell reports an interrupted command, and the
/// temporary directory is empty.
#[cfg(unix)]
#[test]
fn an_interrupted_file_url_scan_removes_its_copy() {
    use std::io::Write;
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    let src = d.join("src");
    std::fs::create_dir_all(&src).expect("mkdir");
    git(&src, &["init", "-q"]);
    // a history with many findings takes seconds to scan with this build
    let mut stream = String::from(
        "commit refs/heads/main\ncommitter A <a@example.com> 1700000000 +0000\ndata 5\nmany\n",
    );
    for i in 0..1500 {
        let body = format!("DATABASE_URL=postgres://app:Pw{i:06}xQz@db{i}.internal:5432/app\n");
        stream.push_str(&format!(
            "M 100644 inline f{i}.env\ndata {}\n{body}",
            body.len()
        ));
    }
    let mut fi = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(&src)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("fast-import");
    fi.stdin
        .take()
        .expect("stdin")
        .write_all(stream.as_bytes())
        .expect("stream");
    assert!(fi.wait().expect("fast-import").success());

    let scratch = d.join("scratch");
    std::fs::create_dir_all(&scratch).expect("mkdir");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("connleak"))
        .args(["scan", "--history", "-q", "--format", "json"])
        .arg(file_url(&src))
        .env("TMPDIR", &scratch)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("connleak");
    let started = std::time::Instant::now();
    while left_in(&scratch).is_empty() {
        assert!(started.elapsed().as_secs() < 60, "no copy appeared");
        assert!(
            child.try_wait().expect("wait").is_none(),
            "ended before copying"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(kill.success());
    let status = child.wait().expect("wait");
    assert_eq!(
        status.code(),
        Some(130),
        "the signal must arrive during the scan (exit 1 means it had finished)"
    );
    assert_eq!(
        left_in(&scratch),
        Vec::<String>::new(),
        "the copy is removed"
    );
}

/// The copy of a `file://` URL keeps what a history needs beside objects
/// and refs: a shallow clone's boundary (`shallow`) and a linked work
/// tree's own HEAD.
#[test]
fn file_urls_of_a_shallow_clone_and_a_linked_work_tree() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    let src = d.join("src");
    std::fs::create_dir_all(&src).expect("mkdir");
    let ids = build(&src);
    git(
        d,
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            "--no-local",
            &file_url(&src),
            "shallow",
        ],
    );
    // a linked work tree whose HEAD is the feature branch
    git(&src, &["worktree", "add", "-q", "../linked", "feature"]);
    let scratch = d.join("scratch");
    std::fs::create_dir_all(&scratch).expect("mkdir");
    for repo in [d.join("shallow"), d.join("linked")] {
        let by_path = json(&history_with_tmpdir(
            d,
            &scratch,
            repo.to_str().expect("utf-8"),
            &[],
        ));
        let by_url = json(&history_with_tmpdir(d, &scratch, &file_url(&repo), &[]));
        assert_eq!(
            where_found(&by_url),
            where_found(&by_path),
            "{}",
            repo.display()
        );
        assert!(!where_found(&by_url).is_empty());
        assert_eq!(left_in(&scratch), Vec::<String>::new());
    }
    // the linked work tree's HEAD (feature) makes its leak live there
    let linked = json(&history_with_tmpdir(
        d,
        &scratch,
        &file_url(&d.join("linked")),
        &[],
    ));
    let live: Vec<&str> = linked["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["provenance"]["introduced"]["id"] == ids["f"].as_str())
        .map(|f| f["provenance"]["status"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(live, ["live"], "{linked}");
}

/// Issue 13, item 9, in a history scan: the projects that reference a class
/// library are read from the commit's tree, so its credential gets the same
/// user-assigned identity as in a working-tree scan.
#[test]
fn a_library_in_history_is_used_by_the_projects_that_reference_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let r = tmp.path();
    git(r, &["init", "-q"]);
    let lib = repo_root().join("fixtures/shared-library/src");
    for (dir, file) in [
        ("Contoso.Data", "Contoso.Data.csproj"),
        ("Contoso.Data", "OrdersDb.cs"),
        ("Contoso.Api", "Contoso.Api.csproj"),
        ("Contoso.Worker", "Contoso.Worker.csproj"),
        ("Contoso.Tools", "Contoso.Tools.csproj"),
    ] {
        let text = std::fs::read_to_string(lib.join(dir).join(file)).expect("fixture");
        write(r, &format!("src/{dir}/{file}"), &text);
    }
    git(r, &["add", "-A"]);
    git(r, &["commit", "-q", "-m", "library"]);
    // the working tree moves on: the advice must come from the commit
    std::fs::remove_dir_all(r.join("src/Contoso.Worker")).expect("rm");
    let v = json(&run_in(r, &["scan", "--history", "--format", "json", "."]));
    let f = &v["findings"][0];
    assert_eq!(f["path"], "src/Contoso.Data/OrdersDb.cs", "{v}");
    assert_eq!(f["remediation"]["identity"], "user-assigned", "{f}");
    assert!(
        f["remediation"]["identity_reason"]
            .as_str()
            .is_some_and(|s| s.contains(
                "referenced by 2 deployable projects (src/Contoso.Api, src/Contoso.Worker)"
            )),
        "{f}"
    );
}
