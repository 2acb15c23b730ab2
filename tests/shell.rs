//! Completions, man pages and `config init`. The completion scripts in
//! `completions/` and the man pages in `docs/man/` are generated; the tests
//! here regenerate them and fail when the checked-in copies are stale
//! (`UPDATE_GENERATED=1 cargo test shell::` rewrites them). Each script then
//! goes through its shell's own parser, where that shell is installed
//! (`.ci/run` installs zsh, fish and man-db when it can), and bash and fish
//! complete a real command line.

use crate::util::*;
use clap::CommandFactory;
use std::path::{Path, PathBuf};
use std::process::Command;

const SHELLS: [(&str, &str); 4] = [
    ("bash", "connleak.bash"),
    ("zsh", "_connleak"),
    ("fish", "connleak.fish"),
    ("powershell", "_connleak.ps1"),
];

fn updating() -> bool {
    std::env::var_os("UPDATE_GENERATED").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Compare generated files with the checked-in ones in `dir` (or write them
/// with UPDATE_GENERATED); `dir` must hold nothing else with `ext`.
fn check_generated(dir: &Path, ext: Option<&str>, files: &[(String, Vec<u8>)]) {
    let mut stale = Vec::new();
    if updating() {
        std::fs::create_dir_all(dir).expect("mkdir");
    }
    for (name, want) in files {
        let p = dir.join(name);
        let have = std::fs::read(&p).unwrap_or_default();
        if &have != want {
            if updating() {
                std::fs::write(&p, want).expect("write generated file");
            } else {
                stale.push(name.clone());
            }
        }
    }
    if let Some(ext) = ext {
        for e in std::fs::read_dir(dir).expect("generated directory exists") {
            let name = e.expect("entry").file_name().to_string_lossy().into_owned();
            if name.ends_with(ext) && !files.iter().any(|(n, _)| *n == name) {
                if updating() {
                    std::fs::remove_file(dir.join(&name)).expect("remove stale file");
                } else {
                    stale.push(format!("{name} (no longer generated)"));
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "out of date in {}: {stale:?}; run `UPDATE_GENERATED=1 cargo test shell::` and commit the result",
        dir.display()
    );
}

fn completions() -> Vec<(String, Vec<u8>)> {
    SHELLS
        .iter()
        .map(|(shell, file)| {
            let o = run(&["completions", shell]);
            assert!(o.status.success(), "{}", stderr(&o));
            assert!(!o.stdout.is_empty(), "{shell}: empty script");
            (file.to_string(), o.stdout)
        })
        .collect()
}

#[test]
fn completions_are_current() {
    let files = completions();
    check_generated(&repo_root().join("completions"), None, &files);
    let o = run(&["completions", "tcsh"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

/// One man page per command and subcommand, rendered from the clap
/// definition: `connleak.1`, `connleak-scan.1`, `connleak-config-init.1`...
fn man_pages() -> Vec<(String, Vec<u8>)> {
    fn render(cmd: clap::Command, out: &mut Vec<(String, Vec<u8>)>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            render(sub.clone(), out);
        }
        let man = clap_mangen::Man::new(cmd);
        let mut page = Vec::new();
        man.render(&mut page).expect("render man page");
        out.push((man.get_filename(), page));
    }
    let mut cmd = connleak::cli::Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    render(cmd, &mut out);
    out.sort();
    out
}

#[test]
fn man_pages_are_current() {
    let pages = man_pages();
    assert!(pages.iter().any(|(n, _)| n == "connleak.1"));
    assert!(pages.iter().any(|(n, _)| n == "connleak-scan.1"));
    assert!(pages.iter().any(|(n, _)| n == "connleak-config-init.1"));
    check_generated(&repo_root().join("docs/man"), Some(".1"), &pages);
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The script `connleak completions SHELL` prints, in a file (in a
/// temporary directory that lives as long as the returned guard).
fn script_file(shell: &str) -> (tempfile::TempDir, PathBuf) {
    let (_, file) = SHELLS.iter().find(|(s, _)| *s == shell).expect("shell");
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join(file);
    let o = run(&["completions", shell]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::write(&p, &o.stdout).expect("write script");
    (dir, p)
}

fn syntax_check(tool: &str, args: &[&str], script: &Path) {
    let o = Command::new(tool)
        .args(args)
        .arg(script)
        .output()
        .expect("run the shell");
    assert!(
        o.status.success() && o.stderr.is_empty(),
        "{tool} {args:?} rejects the completion script:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn bash_completion_parses_and_completes() {
    let (_dir, script) = script_file("bash");
    syntax_check("bash", &["-n"], &script);
    // complete `connleak sc` and `connleak scan --for`, as bash would
    let complete = |words: &str, cword: usize| {
        let o = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "source \"$1\"; COMP_WORDS=({words}); COMP_CWORD={cword}; \
                 COMP_LINE=\"${{COMP_WORDS[*]}}\"; COMP_POINT=${{#COMP_LINE}}; \
                 _connleak connleak \"${{COMP_WORDS[$COMP_CWORD]}}\" \"${{COMP_WORDS[$COMP_CWORD-1]}}\"; \
                 printf '%s\\n' \"${{COMPREPLY[@]}}\""
            ))
            .arg("bash")
            .arg(&script)
            .output()
            .expect("bash runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let subs = complete("connleak sc", 1);
    assert_eq!(subs.trim(), "scan", "{subs}");
    let opts = complete("connleak scan --for", 2);
    assert!(opts.lines().any(|l| l == "--format"), "{opts}");
    assert!(opts.lines().any(|l| l == "--force-exclude"), "{opts}");
    let values = complete("connleak scan --format ''", 3);
    for f in ["text", "json", "sarif", "html", "github", "junit"] {
        assert!(values.lines().any(|l| l == f), "{f} in {values}");
    }
    let shells = complete("connleak completions ''", 2);
    for s in ["bash", "zsh", "fish", "powershell"] {
        assert!(shells.lines().any(|l| l == s), "{s} in {shells}");
    }
}

#[test]
fn zsh_completion_parses() {
    if !have("zsh") {
        eprintln!("zsh is not installed: the zsh completion script is not checked");
        return;
    }
    let (_dir, script) = script_file("zsh");
    syntax_check("zsh", &["-n"], &script);
}

#[test]
fn fish_completion_parses_and_completes() {
    if !have("fish") {
        eprintln!("fish is not installed: the fish completion script is not checked");
        return;
    }
    let (_dir, script) = script_file("fish");
    syntax_check("fish", &["--no-execute"], &script);
    let o = Command::new("fish")
        .args([
            "--no-config",
            "-c",
            "source $argv[1]; complete -C 'connleak scan --form'",
        ])
        .arg(&script)
        .output()
        .expect("fish runs");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.lines().any(|l| l.starts_with("--format")), "{out}");
    let o = Command::new("fish")
        .args([
            "--no-config",
            "-c",
            "source $argv[1]; complete -C 'connleak con'",
        ])
        .arg(&script)
        .output()
        .expect("fish runs");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.lines().any(|l| l.starts_with("config")), "{out}");
}

#[test]
fn man_pages_render_with_man() {
    if !have("man") || !have("groff") {
        eprintln!("man-db or groff is not installed: the man pages are not rendered");
        return;
    }
    for (name, page) in man_pages() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join(&name);
        std::fs::write(&p, page).expect("write page");
        let o = Command::new("man")
            .args(["--warnings", "-E", "ascii", "-l"])
            .arg(&p)
            .env("MANWIDTH", "80")
            .env("MAN_KEEP_FORMATTING", "0")
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .output()
            .expect("man runs");
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(
            o.stderr.is_empty(),
            "{name}: groff warnings:\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let stem = name.trim_end_matches(".1");
        // the NAME line says which command; overstrike (bold) removed
        let plain: String = text
            .split('\u{8}')
            .enumerate()
            .map(|(i, s)| {
                if i == 0 {
                    s
                } else {
                    &s[s.chars().next().map_or(0, char::len_utf8)..]
                }
            })
            .collect();
        // the NAME section names the command
        let name_line = plain
            .lines()
            .skip_while(|l| l.trim() != "NAME")
            .nth(1)
            .unwrap_or_default();
        assert!(
            name_line
                .trim()
                .strip_prefix(stem)
                .is_some_and(|r| r.trim_start().starts_with("- ")),
            "{name}:\n{plain}"
        );
        if name == "connleak-scan.1" {
            for opt in ["--no-ignore", "--history", "--format", "--fail-on"] {
                assert!(plain.contains(opt), "{opt} in {name}:\n{plain}");
            }
        }
    }
}

#[test]
fn config_init_writes_every_key_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = run_in(dir.path(), &["config", "init"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let path = dir.path().join(".connleak.toml");
    let text = std::fs::read_to_string(&path).expect("written");
    for key in [
        "exclude = []",
        "allow = []",
        "fail-on = \"low\"",
        "# baseline = ",
        "rules-dir = []",
    ] {
        assert!(text.contains(key), "{key}");
    }
    // every built-in rule is listed, with its severity
    let rules = json(&run(&["rules", "--format", "json"]));
    for r in rules.as_array().expect("rules") {
        let id = r["id"].as_str().expect("id");
        let sev = r["severity"].as_str().expect("severity");
        assert!(
            text.contains(&format!("# [rules.{id}]\n# severity = \"{sev}\"\n")),
            "{id}"
        );
    }
    // the file is what `config` finds, and it means the defaults
    let o = run_in(dir.path(), &["config", "--dump"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("fail-on = \"low\""), "{}", stdout(&o));
    let none = tempfile::tempdir().expect("tempdir");
    let default = run_in(none.path(), &["config", "--dump"]);
    let body = |s: String| s.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(body(stdout(&o)), body(stdout(&default)));
    // a scan with it finds what a scan without it finds
    std::fs::write(
        dir.path().join("app.env"),
        "DATABASE_URL=postgres://app:Xq7-pLm2Zr@db.internal:5432/app\n",
    )
    .expect("write");
    let with = run_in(dir.path(), &["scan", "--format", "json", "."]);
    assert_eq!(with.status.code(), Some(1), "{}", stderr(&with));
    assert_eq!(json(&with)["summary"]["findings"], 1);
    // a second init refuses and leaves the file alone
    std::fs::write(&path, "fail-on = \"high\"\n").expect("edit");
    let o = run_in(dir.path(), &["config", "init"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "fail-on = \"high\"\n"
    );
    // into another directory, by name
    let other = tempfile::tempdir().expect("tempdir");
    let o = run(&["config", "init", other.path().to_str().expect("utf-8 path")]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(other.path().join(".connleak.toml").is_file());
}
