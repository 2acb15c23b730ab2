//! Rule files on disk (`--rules DIR`, the config's `rules-dir`): read and
//! compiled into rules. The built-in rules are embedded in
//! `connleak-core`; this is only for the user's own.

use anyhow::{Context, Result};
use connleak_core::rules::Rule;
use std::path::Path;

/// Every `*.toml` in a directory (or a single file), in name order.
pub fn load_dir(dir: &Path) -> Result<Vec<Rule>> {
    let mut files = Vec::new();
    if dir.is_file() {
        files.push(dir.to_path_buf());
    } else {
        for e in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
            let p = e?.path();
            if p.extension().is_some_and(|x| x == "toml") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
        .iter()
        .map(|p| {
            let text =
                std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
            Ok(Rule::from_toml(&text, &p.display().to_string())?)
        })
        .collect()
}
