//! The layers of `docs/architecture.md` hold in the code: crates depend only
//! on crates below them, and inside each crate a top-level module refers
//! (`crate::x`, or `super::x` from a top-level module's own file) only to
//! modules in lower layers. Test modules are left out. The diagram and the
//! code cannot drift apart: a module that is not in the diagram fails too.

use crate::util::repo_root;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// `<!-- layers: NAME -->` blocks: NAME -> layers, bottom first.
fn diagram() -> BTreeMap<String, Vec<Vec<String>>> {
    let text = std::fs::read_to_string(repo_root().join("docs/architecture.md")).unwrap();
    let mut out = BTreeMap::new();
    let mut current: Option<(String, Vec<Vec<String>>)> = None;
    for line in text.lines() {
        let t = line.trim();
        if let Some(name) = t
            .strip_prefix("<!-- layers: ")
            .and_then(|r| r.strip_suffix(" -->"))
        {
            current = Some((name.to_string(), Vec::new()));
        } else if t == "<!-- end -->" {
            let (name, layers) = current.take().expect("an end without a start");
            out.insert(name, layers);
        } else if let Some((_, layers)) = current.as_mut() {
            if !t.is_empty() && !t.starts_with("```") {
                layers.push(t.split_whitespace().map(str::to_string).collect());
            }
        }
    }
    out
}

fn layer_of(layers: &[Vec<String>], name: &str) -> Option<usize> {
    layers.iter().position(|l| l.iter().any(|m| m == name))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The source without test modules and comment lines; also the files that
/// are test-only modules (`#[cfg(test)] mod x;`).
fn without_tests(path: &Path, text: &str, test_files: &mut BTreeSet<PathBuf>) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let decl = Regex::new(r"^\s*(pub(\([a-z]+\))?\s+)?mod\s+([a-z_0-9]+)\s*(;|\{)").unwrap();
    let mut out = String::new();
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim();
        if t == "#[cfg(test)]" {
            let mut k = i + 1;
            while k < lines.len() && lines[k].trim().starts_with("#[") {
                k += 1;
            }
            if let Some(c) = lines.get(k).and_then(|l| decl.captures(l)) {
                if &c[4] == ";" {
                    // a test-only module in its own file
                    let dir = if path
                        .file_name()
                        .is_some_and(|n| n == "mod.rs" || n == "lib.rs")
                    {
                        path.parent().unwrap().to_path_buf()
                    } else {
                        path.with_extension("")
                    };
                    test_files.insert(dir.join(format!("{}.rs", &c[3])));
                    test_files.insert(dir.join(&c[3]).join("mod.rs"));
                    i = k + 1;
                    continue;
                }
                // an inline test module: skip to its closing brace
                let mut depth = 0i64;
                let mut m = k;
                loop {
                    depth += lines[m].matches('{').count() as i64;
                    depth -= lines[m].matches('}').count() as i64;
                    if depth <= 0 || m + 1 == lines.len() {
                        break;
                    }
                    m += 1;
                }
                i = m + 1;
                continue;
            }
        }
        if !t.starts_with("//") {
            out.push_str(lines[i]);
            out.push('\n');
        }
        i += 1;
    }
    out
}

/// Top-level module -> the top-level modules it refers to.
fn edges(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut modules: BTreeSet<String> = BTreeSet::new();
    for f in &files {
        let rel = f.strip_prefix(src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let name = first.trim_end_matches(".rs").to_string();
        if name != "lib" && name != "main" {
            modules.insert(name);
        }
    }
    let path_ref = Regex::new(r"\b(crate|super)::([a-z_][a-z_0-9]*)").unwrap();
    let group_ref = Regex::new(r"\b(crate|super)::\{([^}]*)\}").unwrap();
    let mut test_files = BTreeSet::new();
    let mut texts = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        texts.push((f.clone(), without_tests(f, &text, &mut test_files)));
    }
    let mut out: BTreeMap<String, BTreeSet<String>> = modules
        .iter()
        .map(|m| (m.clone(), BTreeSet::new()))
        .collect();
    for (f, body) in texts {
        if test_files.contains(&f) {
            continue;
        }
        let rel = f.strip_prefix(src).unwrap();
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let top = parts[0].trim_end_matches(".rs").to_string();
        if top == "lib" || top == "main" {
            continue;
        }
        // `super::` names a sibling top-level module only from a top-level
        // module's own file
        let top_file = parts.len() == 1 || (parts.len() == 2 && parts[1] == "mod.rs");
        let mut refs = BTreeSet::new();
        for c in path_ref.captures_iter(&body) {
            if &c[1] == "crate" || top_file {
                refs.insert(c[2].to_string());
            }
        }
        for c in group_ref.captures_iter(&body) {
            if &c[1] == "crate" || top_file {
                for p in c[2].split(',') {
                    let head = p.trim().split("::").next().unwrap_or("").to_string();
                    refs.insert(head);
                }
            }
        }
        let entry = out.get_mut(&top).unwrap();
        for r in refs {
            if r != top && modules.contains(&r) {
                entry.insert(r);
            }
        }
    }
    out
}

#[test]
fn modules_refer_only_to_lower_layers() {
    let diagram = diagram();
    let mut problems = Vec::new();
    let mut seen = 0;
    for (name, layers) in &diagram {
        if name == "workspace" {
            continue;
        }
        seen += 1;
        let src = repo_root().join(name);
        let edges = edges(&src);
        for (m, refs) in &edges {
            let Some(lm) = layer_of(layers, m) else {
                problems.push(format!(
                    "{name}: module `{m}` is not in docs/architecture.md"
                ));
                continue;
            };
            for r in refs {
                match layer_of(layers, r) {
                    Some(lr) if lr < lm => {}
                    Some(_) => problems.push(format!(
                        "{name}: `{m}` refers to `{r}`, which is not in a lower layer"
                    )),
                    None => problems.push(format!(
                        "{name}: module `{r}` is not in docs/architecture.md"
                    )),
                }
            }
        }
        for layer in layers {
            for m in layer {
                if !edges.contains_key(m) {
                    problems.push(format!(
                        "{name}: docs/architecture.md lists `{m}`, which does not exist"
                    ));
                }
            }
        }
    }
    assert_eq!(seen, 6, "one block per crate");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn crates_depend_only_on_lower_crates() {
    let diagram = diagram();
    let layers = &diagram["workspace"];
    let manifests = [
        ("connleak", "Cargo.toml"),
        ("connleak-core", "crates/core/Cargo.toml"),
        ("connleak-git", "crates/git/Cargo.toml"),
        ("connleak-remedy", "crates/remedy/Cargo.toml"),
        ("connleak-report", "crates/report/Cargo.toml"),
    ];
    let mut problems = Vec::new();
    for (name, manifest) in manifests {
        let text = std::fs::read_to_string(repo_root().join(manifest)).unwrap();
        let value: toml::Table = toml::from_str(&text).unwrap();
        let me = layer_of(layers, name).unwrap_or_else(|| panic!("{name} not in the diagram"));
        let deps = value
            .get("dependencies")
            .and_then(|d| d.as_table())
            .cloned()
            .unwrap_or_default();
        for dep in deps.keys().filter(|d| d.starts_with("connleak")) {
            match layer_of(layers, dep) {
                Some(l) if l < me => {}
                _ => problems.push(format!("{name} depends on {dep}, which is not below it")),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The checker itself catches a cycle and a module missing from the list.
#[test]
fn the_layer_check_catches_violations() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::write(src.join("lib.rs"), "pub mod a;\npub mod b;\n").unwrap();
    std::fs::write(src.join("a.rs"), "use crate::b::X;\n").unwrap();
    std::fs::write(
        src.join("b.rs"),
        "pub struct X;\n#[cfg(test)]\nmod tests {\n    use crate::a;\n}\n// crate::a in a comment\n",
    )
    .unwrap();
    let e = edges(src);
    assert_eq!(e["a"], BTreeSet::from(["b".to_string()]));
    assert!(e["b"].is_empty(), "test modules and comments are not edges");
    std::fs::write(src.join("b.rs"), "use super::a;\n").unwrap();
    assert_eq!(edges(src)["b"], BTreeSet::from(["a".to_string()]));
}
