//! The summary counts what ignore files and exclude globs left out of a
//! directory walk, so that an auditor learns that `--no-ignore` exists.

use crate::util::*;
use std::path::Path;

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

const SECRET: &str = "DATABASE_URL=postgres://app:Qz8-vTn4Lk@db.internal:5432/app\n";

/// A tree where 7 paths are ignored: `build/` (one path, its two files are
/// not listed), three `*.log` files at three depths, the root's
/// `secret.env`, `sub/local.conf` (a nested .gitignore) and `vendor/` (an
/// `.ignore` file).
fn tree() -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("tempdir");
    let p = d.path();
    // a work tree (`.gitignore` applies only in one, as in git); this
    // `.git` has no index, so nothing is tracked
    std::fs::create_dir(p.join(".git")).expect("mkdir .git");
    write(p, ".gitignore", "build/\n*.log\n/secret.env\n");
    write(p, ".ignore", "vendor/\n");
    write(p, "sub/.gitignore", "local.conf\n");
    write(p, "build/a.txt", "a\n");
    write(p, "build/b.txt", "b\n");
    write(p, "x.log", "x\n");
    write(p, "sub/y.log", "y\n");
    write(p, "sub/deep/z.log", "z\n");
    write(p, "secret.env", SECRET);
    write(p, "sub/secret.env", "nothing here\n");
    write(p, "sub/local.conf", "c\n");
    write(p, "vendor/v.txt", "v\n");
    write(p, "keep.txt", "k\n");
    d
}

fn summary(dir: &Path, args: &[&str]) -> (serde_json::Value, String) {
    let mut all = vec!["scan", "--format", "json", "--exit-zero"];
    all.extend_from_slice(args);
    all.push(".");
    let o = run_in(dir, &all);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    (v["summary"].clone(), stderr(&o))
}

#[test]
fn ignored_paths_are_counted_and_named_in_the_summary() {
    let d = tree();
    let (s, _) = summary(d.path(), &[]);
    assert_eq!(s["ignored"], 7, "{s}");
    // .gitignore, .ignore, sub/.gitignore, sub/secret.env, keep.txt
    assert_eq!(s["files_scanned"], 5, "{s}");
    assert_eq!(s["findings"], 0, "the ignored secret.env is not scanned");

    let (s, _) = summary(d.path(), &["--exclude", "keep.txt"]);
    assert_eq!(s["ignored"], 8, "an exclude glob counts too: {s}");

    // an exported tree: `.gitignore` means nothing without git, `.ignore`
    // still applies
    let exported = tree();
    std::fs::remove_dir(exported.path().join(".git")).expect("rmdir .git");
    let (s, _) = summary(exported.path(), &[]);
    assert_eq!(s["ignored"], 1, "{s}");
    assert_eq!(s["findings"], 1, "{s}");

    let (s, _) = summary(d.path(), &["--no-ignore"]);
    assert_eq!(s["ignored"], 0, "{s}");
    assert_eq!(s["findings"], 1, "--no-ignore scans secret.env: {s}");
    assert_eq!(s["files_scanned"], 13, "{s}");

    let (s, _) = summary(d.path(), &["--no-ignore", "--exclude", "*.log"]);
    assert_eq!(s["ignored"], 3, "{s}");

    // the text summary tells how many and how to scan them
    let o = run_in(d.path(), &["scan", "--exit-zero", "."]);
    let e = stderr(&o);
    assert!(e.contains("7 paths ignored"), "{e}");
    assert!(e.contains("--no-ignore"), "{e}");
    let o = run_in(d.path(), &["scan", "--exit-zero", "--no-ignore", "."]);
    assert!(!stderr(&o).contains("ignored"), "{}", stderr(&o));
}

#[test]
fn the_git_directory_and_named_files_are_not_counted() {
    let d = tree();
    let git = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(d.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", d.path())
        .status()
        .expect("git runs");
    assert!(git.success());
    assert!(d.path().join(".git").is_dir());
    let (s, _) = summary(d.path(), &[]);
    assert_eq!(s["ignored"], 7, ".git is skipped, not ignored: {s}");
    // a file named on the command line is read directly, without a walk
    let o = run_in(d.path(), &["scan", "--format", "json", "secret.env"]);
    let v = json(&o);
    assert_eq!(v["summary"]["ignored"], 0);
    assert_eq!(v["summary"]["findings"], 1);
}

#[test]
fn merge_adds_up_the_counts() {
    let a = tree();
    let b = tree();
    let out = tempfile::tempdir().expect("tempdir");
    for (name, d) in [("a.json", &a), ("b.json", &b)] {
        let p = out.path().join(name);
        let o = run_in(
            d.path(),
            &[
                "scan",
                "--format",
                "json",
                "-o",
                p.to_str().expect("utf-8"),
                ".",
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let o = run_in(out.path(), &["merge", "a.json", "b.json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json(&o)["summary"]["ignored"], 14);
}
