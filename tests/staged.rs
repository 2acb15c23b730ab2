//! `scan --staged` and `hook install` on real git repositories, built with
//! the git CLI (the product itself never runs git).

use crate::util::*;
use std::fs;
use std::path::Path;
use std::process::Command;

const LEAK: &str =
    "DATABASE_URL=postgres://app:Qz8-vLm2Tx@orders.postgres.database.azure.com:5432/orders\n";

pub fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A repository with one commit holding `files`.
pub fn repo_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    git(d, &["config", "user.email", "t@example.com"]);
    git(d, &["config", "user.name", "t"]);
    git(d, &["config", "commit.gpgsign", "false"]);
    for (p, text) in files {
        write(d, p, text);
    }
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "--allow-empty", "-m", "init"]);
    dir
}

pub fn write(d: &Path, p: &str, text: &str) {
    let path = d.join(p);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, text).unwrap();
}

#[test]
fn staged_scans_the_index_version_not_the_working_tree() {
    let repo = repo_with(&[("app/.env", "A=1\n"), ("README.md", "hello\n")]);
    let d = repo.path();
    // the staged version has the leak on line 3 ...
    write(d, "app/.env", &format!("A=1\nB=2\n{LEAK}"));
    git(d, &["add", "app/.env"]);
    // ... the working tree has a clean, different version
    write(d, "app/.env", "A=1\n");
    let o = run_in(d, &["scan", "--staged", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(keys(&v, ""), ["app/.env:3 db-uri"]);
    assert_eq!(v["summary"]["files_scanned"], 1, "only the changed file");
    // the same finding from a subdirectory of the work tree
    let o = run_in(&d.join("app"), &["scan", "--staged", "--format", "json"]);
    assert_eq!(keys(&json(&o), ""), ["app/.env:3 db-uri"]);

    // the reverse: the leak only in the working tree, the index clean
    let repo = repo_with(&[("app/.env", "A=1\n")]);
    let d = repo.path();
    write(d, "app/.env", "A=1\nB=2\n");
    git(d, &["add", "app/.env"]);
    write(d, "app/.env", &format!("A=1\nB=2\n{LEAK}"));
    let o = run_in(d, &["scan", "--staged", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(json(&o)["findings"].as_array().unwrap().is_empty());
    // a plain scan sees the working tree
    assert_eq!(run_in(d, &["scan", "."]).status.code(), Some(1));
}

#[test]
fn staged_skips_unchanged_and_deleted_files_and_reads_new_repositories() {
    // a leak already committed and not touched is not this commit's business
    let repo = repo_with(&[("old.env", LEAK), ("gone.env", LEAK), ("b.txt", "x\n")]);
    let d = repo.path();
    write(d, "b.txt", "y\n");
    git(d, &["add", "b.txt"]);
    git(d, &["rm", "-q", "gone.env"]);
    let o = run_in(d, &["scan", "--staged", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert!(v["findings"].as_array().unwrap().is_empty());
    assert_eq!(v["summary"]["files_scanned"], 1);
    // a copy of the committed leak under a new name is new
    write(d, "copy.env", LEAK);
    git(d, &["add", "copy.env"]);
    let o = run_in(d, &["scan", "--staged", "--format", "json"]);
    assert_eq!(keys(&json(&o), ""), ["copy.env:1 db-uri"]);

    // an index rebuilt from scratch has no valid cache-tree: the trees of
    // HEAD are compared entry by entry, with the same result
    write(d, "deep/er/still/x.yaml", "a: 1\n");
    write(d, "deep/other.txt", "b\n");
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "more"]);
    write(d, "deep/er/still/x.yaml", &format!("a: 1\n{LEAK}"));
    git(d, &["rm", "-q", "-r", "--cached", "."]);
    git(d, &["add", "-A"]);
    let o = run_in(d, &["scan", "--staged", "--format", "json"]);
    let v = json(&o);
    assert_eq!(keys(&v, ""), ["deep/er/still/x.yaml:2 db-uri"]);
    assert_eq!(v["summary"]["files_scanned"], 1);

    // no commit yet: every index entry is staged
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    write(d, "x/.env", LEAK);
    write(d, "y.txt", "nothing\n");
    git(d, &["add", "-A"]);
    let o = run_in(d, &["scan", "--staged", "--format", "json"]);
    let v = json(&o);
    assert_eq!(keys(&v, ""), ["x/.env:1 db-uri"]);
    assert_eq!(v["summary"]["files_scanned"], 2);
    // an empty repository: nothing staged, nothing found
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    assert_eq!(
        run_in(dir.path(), &["scan", "--staged"]).status.code(),
        Some(0)
    );
}

#[test]
fn staged_outside_a_repository_says_so_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(dir.path(), &["scan", "--staged"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("git repository"), "{}", stderr(&o));
    // --staged takes no paths
    let o = run_in(dir.path(), &["scan", "--staged", "x"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn staged_applies_exclude_globs() {
    let repo = repo_with(&[]);
    let d = repo.path();
    write(d, "vendor/lib/.env", LEAK);
    write(d, "app/.env", LEAK);
    git(d, &["add", "-A"]);
    let o = run_in(
        d,
        &[
            "scan",
            "--staged",
            "--format",
            "json",
            "--exclude",
            "vendor/",
        ],
    );
    assert_eq!(keys(&json(&o), ""), ["app/.env:1 db-uri"]);
    write(d, ".connleak.toml", "exclude = [\"app/\"]\n");
    let o = run_in(
        d,
        &[
            "scan",
            "--staged",
            "--format",
            "json",
            "--exclude",
            "vendor/",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn nothing_from_the_repository_is_executed() {
    let repo = repo_with(&[("a.env", "A=1\n")]);
    let d = repo.path();
    write(d, "a.env", LEAK);
    write(d, "b.secret", LEAK);
    git(d, &["add", "-A"]);
    // only now arm the traps, so that building the repository did not set
    // them off: a fsmonitor hook, a hooks directory, a clean/smudge filter
    // and a diff textconv driver, each writing a marker file
    let marker = d.join("MARKER");
    let script = d.join("trap.sh");
    fs::write(
        &script,
        format!("#!/bin/sh\necho \"$0 $*\" >> '{}'\ncat\n", marker.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    }
    let hooks = d.join("evil-hooks");
    fs::create_dir_all(&hooks).unwrap();
    for h in [
        "pre-commit",
        "post-checkout",
        "post-index-change",
        "fsmonitor-watchman",
    ] {
        fs::copy(&script, hooks.join(h)).unwrap();
        fs::copy(&script, d.join(".git/hooks").join(h)).unwrap();
    }
    let s = script.to_str().unwrap();
    git(d, &["config", "core.fsmonitor", s]);
    git(d, &["config", "core.hooksPath", hooks.to_str().unwrap()]);
    git(d, &["config", "filter.trap.clean", s]);
    git(d, &["config", "filter.trap.smudge", s]);
    git(d, &["config", "filter.trap.process", s]);
    git(d, &["config", "diff.trap.textconv", s]);
    git(d, &["config", "core.pager", s]);
    write(d, ".gitattributes", "* filter=trap diff=trap\n");
    let o = run_in(d, &["scan", "--staged", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(keys(&json(&o), ""), ["a.env:1 db-uri", "b.secret:1 db-uri"]);
    assert!(
        !marker.exists(),
        "something ran: {}",
        fs::read_to_string(&marker).unwrap_or_default()
    );
    // the traps are live: git itself sets them off
    let _ = Command::new("git")
        .current_dir(d)
        .args(["status", "--porcelain"])
        .env("HOME", d)
        .output();
    assert!(marker.exists(), "the trap itself works");
}

#[test]
fn hook_install_writes_a_pre_commit_hook_that_blocks_the_commit() {
    let repo = repo_with(&[("a.txt", "a\n")]);
    let d = repo.path();
    let o = run_in(d, &["hook", "install"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let hook = d.join(".git/hooks/pre-commit");
    let text = fs::read_to_string(&hook).unwrap();
    assert!(text.contains("scan --staged"), "{text}");
    // an existing hook is not overwritten without --force
    let o = run_in(d, &["hook", "install"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(
        run_in(d, &["hook", "install", "--force"]).status.code(),
        Some(0)
    );

    // git runs it: a staged leak blocks the commit, a clean one goes through
    let bin_dir = tempfile::tempdir().unwrap();
    let exe = assert_cmd::cargo::cargo_bin("connleak");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&exe, bin_dir.path().join("connleak")).unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let commit = |msg: &str| {
        Command::new("git")
            .current_dir(d)
            .args(["commit", "-q", "-a", "-m", msg])
            .env("PATH", &path)
            .env("HOME", d)
            .output()
            .unwrap()
    };
    write(d, "app.env", LEAK);
    git(d, &["add", "app.env"]);
    let o = commit("leak");
    assert!(!o.status.success(), "the commit went through");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("commit blocked"), "{err}");
    assert!(err.contains("app.env:1:"), "{err}");
    assert!(err.contains("connleak:allow"), "{err}");
    assert!(err.contains("baseline"), "{err}");
    assert!(!err.contains("Qz8-vLm2Tx"), "the secret leaked: {err}");
    write(
        d,
        "app.env",
        "DATABASE_URL=postgres://orders.example.com/orders\n",
    );
    git(d, &["add", "app.env"]);
    let o = commit("clean");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // `git commit -a` stages into a temporary index (GIT_INDEX_FILE): the
    // hook must read that one, not .git/index
    write(d, "app.env", LEAK);
    let o = commit("leak via -a");
    assert!(!o.status.success(), "the commit -a went through");
    assert!(String::from_utf8_lossy(&o.stderr).contains("commit blocked"));
    write(
        d,
        "app.env",
        "DATABASE_URL=postgres://orders2.example.com/orders\n",
    );
    let o = commit("clean again");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn hook_install_in_a_linked_worktree_uses_the_common_hooks_directory() {
    let repo = repo_with(&[("a.txt", "a\n")]);
    let d = repo.path();
    let wt = d.join("wt");
    git(d, &["worktree", "add", "-q", wt.to_str().unwrap()]);
    let o = run_in(&wt, &["hook", "install"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(d.join(".git/hooks/pre-commit").is_file());
    // and --staged in the linked worktree reads that worktree's index
    write(&wt, "w.env", LEAK);
    git(&wt, &["add", "w.env"]);
    let o = run_in(&wt, &["scan", "--staged", "--format", "json"]);
    assert_eq!(keys(&json(&o), ""), ["w.env:1 db-uri"]);
    let o = run_in(d, &["scan", "--staged", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    // with core.hooksPath set, git would not run it: say so
    git(d, &["config", "core.hooksPath", ".githooks"]);
    let o = run_in(d, &["hook", "install", "--force"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("core.hooksPath is set (.githooks)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn hook_install_outside_a_repository_fails() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(dir.path(), &["hook", "install"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn staged_honours_inline_allow_and_the_baseline() {
    let repo = repo_with(&[("keep.env", "A=1\n")]);
    let d = repo.path();
    write(
        d,
        "a.env",
        &format!("# connleak:allow reason=\"local container\"\n{LEAK}"),
    );
    git(d, &["add", "a.env"]);
    // the working tree copy has no marker: the staged one counts
    write(d, "a.env", LEAK);
    let o = run_in(d, &["scan", "--staged", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(json(&o)["summary"]["suppressed"], 1);
    // a baseline made from the staged files suppresses them in the hook
    write(d, "b.env", LEAK);
    git(d, &["add", "b.env"]);
    assert_eq!(run_in(d, &["scan", "--staged"]).status.code(), Some(1));
    let o = run_in(d, &["baseline", "create", "--staged"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run_in(d, &["scan", "--staged", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(json(&o)["summary"]["suppressed"], 2);
    // and the same baseline holds for a scan of the work tree
    git(d, &["checkout", "--", "a.env"]);
    let o = run_in(d, &["scan", "--format", "json", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}
