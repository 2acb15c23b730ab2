//! Embeds every `rules/*.toml` into the binary as `BUILTIN_RULES`, converted
//! to JSON: the same data, parsed several times faster at every start-up
//! (a pre-commit hook scanning one file should not spend its time in a TOML
//! parser). The TOML stays the source of truth; a malformed file fails the
//! build.
use std::{env, fs, path::PathBuf};

fn main() {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../../rules");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("rules/ exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    let mut out = String::from("/// (file name, contents converted to JSON) of every built-in rule file.\npub static BUILTIN_RULES: &[(&str, &str)] = &[\n");
    for n in &names {
        let p = dir.join(n);
        println!("cargo:rerun-if-changed={}", p.display());
        let text = fs::read_to_string(&p).expect("rule file is readable");
        let value: toml::Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("rules/{n} is not valid TOML: {e}"));
        let json = serde_json::to_string(&value).expect("TOML values convert to JSON");
        out.push_str(&format!("    ({n:?}, {json:?}),\n"));
    }
    out.push_str("];\n");
    fs::write(
        PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_rules.rs"),
        out,
    )
    .expect("write builtin_rules.rs");
}
