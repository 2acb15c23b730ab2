//! Embeds every `rules/*.toml` into the binary as `BUILTIN_RULES`, converted
//! to JSON: the same data, parsed several times faster at every start-up
//! (a pre-commit hook scanning one file should not spend its time in a TOML
//! parser). The TOML stays the source of truth; a malformed file fails the
//! build.
//!
//! It also builds, for the built-in rules' yes-or-no patterns (see
//! `rules::Short`), the full DFAs that are small enough, and embeds them
//! serialized (`SHORT_DFAS`): at run time each thread would otherwise build
//! the same states of a lazy DFA again, after parsing and compiling the
//! pattern (see `rules/prebuilt.rs`).
use std::{env, fs, path::PathBuf};

fn main() {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../../rules");
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rerun-if-changed=src/rules/short_config.rs");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("rules/ exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    let mut out = String::from("/// (file name, contents converted to JSON) of every built-in rule file.\npub static BUILTIN_RULES: &[(&str, &str)] = &[\n");
    let mut shorts: Vec<Vec<String>> = Vec::new();
    for n in &names {
        let p = dir.join(n);
        println!("cargo:rerun-if-changed={}", p.display());
        let text = fs::read_to_string(&p).expect("rule file is readable");
        let value: toml::Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("rules/{n} is not valid TOML: {e}"));
        let json = serde_json::to_string(&value).expect("TOML values convert to JSON");
        out.push_str(&format!("    ({n:?}, {json:?}),\n"));
        short_patterns(&value, &mut shorts);
    }
    out.push_str("];\n");
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out_dir.join("builtin_rules.rs"), out).expect("write builtin_rules.rs");
    short_dfas(&shorts, &out_dir);
}

// the settings the lazy DFAs are built with at run time
include!("src/rules/short_config.rs");

/// The fields of a rule that `Rule::parse` compiles as yes-or-no patterns
/// (`Short`), one pattern each.
const SHORT_FIELDS: &[(&str, &[&str])] = &[
    (
        "assign",
        &[
            "name",
            "name_exclude",
            "raw_name",
            "path",
            "path_exclude",
            "path_context",
            "veto",
            "block_veto",
            "context",
        ],
    ),
    ("regex", &["context", "veto"]),
];

/// The pattern sets of the rule `value`'s yes-or-no patterns: each field of
/// [`SHORT_FIELDS`] alone, and a `[regex]` rule's patterns together (the
/// one search that tells whether any of them may match).
fn short_patterns(value: &toml::Value, out: &mut Vec<Vec<String>>) {
    for (table, fields) in SHORT_FIELDS {
        let Some(t) = value.get(table) else { continue };
        for f in *fields {
            if let Some(p) = t.get(f).and_then(|v| v.as_str()) {
                out.push(vec![p.to_string()]);
            }
        }
    }
    if let Some(ps) = value
        .get("regex")
        .and_then(|r| r.get("patterns"))
        .and_then(|p| p.as_array())
    {
        out.push(
            ps.iter()
                .filter_map(|p| p.as_str().map(str::to_string))
                .collect(),
        );
    }
}

/// A DFA larger than this stays lazy: the full DFAs of the large unions
/// run to tens of megabytes (or past any limit), and every byte embedded is
/// checked once when it is first used.
const DFA_LIMIT: usize = 512 << 10;

/// Build the full DFA of every pattern set that has one within
/// [`DFA_LIMIT`], with the settings of `Short` (bytes, no Unicode classes,
/// no groups, unanchored), and write them serialized in the target's byte
/// order to `short_dfas.bin`, each at an offset that is a multiple of 8,
/// with their index (`SHORT_DFAS`: patterns, offset, length) in
/// `short_dfas.rs`.
fn short_dfas(sets: &[Vec<String>], out_dir: &std::path::Path) {
    use regex_automata::dfa::dense;
    let big_endian = env::var("CARGO_CFG_TARGET_ENDIAN").is_ok_and(|e| e == "big");
    let mut sets: Vec<&Vec<String>> = sets.iter().collect();
    sets.sort();
    sets.dedup();
    let mut bytes: Vec<u8> = Vec::new();
    let mut index = String::from(
        "/// (patterns, offset, length) of each prebuilt DFA in `short_dfas.bin`.\npub(super) static SHORT_DFAS: &[(&[&str], usize, usize)] = &[\n",
    );
    for set in sets {
        let built = dense::Builder::new()
            .configure(
                dense::Config::new()
                    .dfa_size_limit(Some(DFA_LIMIT))
                    .determinize_size_limit(Some(8 * DFA_LIMIT))
                    .start_kind(regex_automata::dfa::StartKind::Unanchored),
            )
            .syntax(short_syntax())
            .thompson(short_thompson())
            .build_many(set);
        // a bad pattern is reported by the rule's own checks, a large one
        // stays lazy
        let Ok(dfa) = built else { continue };
        let (buf, pad) = if big_endian {
            dfa.to_bytes_big_endian()
        } else {
            dfa.to_bytes_little_endian()
        };
        let dfa_bytes = &buf[pad..];
        while bytes.len() % 8 != 0 {
            bytes.push(0);
        }
        index.push_str(&format!(
            "    (&{set:?}, {}, {}),\n",
            bytes.len(),
            dfa_bytes.len()
        ));
        bytes.extend_from_slice(dfa_bytes);
    }
    index.push_str("];\n");
    fs::write(out_dir.join("short_dfas.bin"), bytes).expect("write short_dfas.bin");
    fs::write(out_dir.join("short_dfas.rs"), index).expect("write short_dfas.rs");
}
