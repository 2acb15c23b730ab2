//! Helpers shared by the end-to-end tests.

use std::path::{Path, PathBuf};
use std::process::Output;

pub fn bin() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("connleak").expect("binary built");
    c.current_dir(repo_root()).env_remove("NO_COLOR");
    c
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run connleak")
}

pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    let mut c = bin();
    c.current_dir(dir);
    c.args(args).output().expect("run connleak")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{}\nstderr: {}", stdout(o), stderr(o)))
}

/// `path:line rule` for every finding, with `prefix` stripped from paths.
pub fn keys(v: &serde_json::Value, prefix: &str) -> Vec<String> {
    v["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            let p = f["path"].as_str().unwrap_or("");
            format!(
                "{}:{} {}",
                p.strip_prefix(prefix).unwrap_or(p),
                f["line"],
                f["rule"].as_str().unwrap_or("")
            )
        })
        .collect()
}
