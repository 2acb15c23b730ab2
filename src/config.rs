//! `.connleak.toml`: the project's policy, found in the scanned directory or
//! one of its parents (or named with `--config FILE`).
//!
//! ```toml
//! exclude = ["tests/fixtures/", "*.min.js"]   # gitignore globs, like --exclude
//! allow = ['^dev-only-']                      # regexes over the secret value
//! fail-on = "medium"                          # low | medium | high
//! baseline = ".connleak-baseline.json"        # relative to this file
//! rules-dir = ["connleak-rules"]              # extra rule files, relative to this file
//!
//! [rules.db-uri]                              # per built-in (or extra) rule
//! severity = "high"
//! enabled = false
//!
//! [[rule]]                                    # an extra rule, inline, as in rules/*.toml
//! id = "acme-db-token"
//! ...
//! ```
//!
//! Unknown keys are an error that names the key and its line.

use anyhow::{anyhow, bail, Context, Result};
use connleak_core::model::Severity;
use connleak_core::rules::Rule;
use connleak_core::text::escape_control;
use connleak_core::text::without_values;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = ".connleak.toml";
pub const DEFAULT_BASELINE: &str = ".connleak-baseline.json";

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// paths to skip, gitignore syntax, matched like `--exclude`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// regexes over the secret value: a match is suppressed (reason `config`)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<String>,
    /// the lowest severity that fails the run
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_on: Option<Severity>,
    /// the baseline file, relative to the config file
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<PathBuf>,
    /// directories (or files) of extra rules, relative to the config file
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules_dir: Vec<PathBuf>,
    /// per-rule settings, by rule id
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<String, RuleSettings>,
    /// extra rules written inline, in the format of `rules/*.toml`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rule: Vec<toml::Table>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// A config and where it came from (`None`: no file, all defaults).
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub config: Config,
    pub path: Option<PathBuf>,
    /// found by walking up from the scanned path (the repository's own
    /// file, untrusted), not named with `--config` by the operator
    pub discovered: bool,
}

impl Loaded {
    /// The directory relative paths in the config are resolved against.
    pub fn dir(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }

    fn resolve(&self, p: &Path) -> PathBuf {
        match self.dir() {
            Some(d) if p.is_relative() => d.join(p),
            _ => p.to_path_buf(),
        }
    }

    /// The configured baseline file, resolved.
    pub fn baseline(&self) -> Result<Option<PathBuf>> {
        self.config
            .baseline
            .as_deref()
            .map(|p| self.confined(self.resolve(p), "baseline"))
            .transpose()
    }

    pub fn rules_dirs(&self) -> Result<Vec<PathBuf>> {
        self.config
            .rules_dir
            .iter()
            .map(|p| self.confined(self.resolve(p), "rules-dir"))
            .collect()
    }

    /// A path named by a discovered config must stay inside the config's
    /// own directory tree: a repository's `.connleak.toml` is the
    /// repository's to write, and must not make a scan read files of the
    /// machine (`/proc/self/environ`, `~/.ssh/..`). Symbolic links are
    /// resolved first, so a link out of the tree is refused too. A config
    /// named with `--config` is the operator's and may point anywhere.
    fn confined(&self, p: PathBuf, key: &str) -> Result<PathBuf> {
        let (true, Some(dir)) = (self.discovered, self.dir()) else {
            return Ok(p);
        };
        let real = std::fs::canonicalize(&p).unwrap_or_else(|_| lexical(&p));
        if real.starts_with(dir) {
            return Ok(p);
        }
        bail!(
            "{}: `{key}` names {}, outside this configuration file's directory; a .connleak.toml found in the \
             scanned tree may only name files inside that tree (name the configuration with --config, or use \
             --rules DIR / --baseline FILE, to go outside it)",
            escape_control(&self.path.as_deref().unwrap_or(dir).display().to_string()),
            escape_control(&p.display().to_string())
        )
    }

    /// The effective configuration as TOML (for `connleak config --dump`):
    /// defaults filled in, paths resolved.
    pub fn dump(&self) -> Result<String> {
        let mut c = self.config.clone();
        c.fail_on = Some(c.fail_on.unwrap_or(Severity::Low));
        c.baseline = self.baseline()?;
        c.rules_dir = self.rules_dirs()?;
        let body = toml::to_string(&c).context("rendering the configuration")?;
        let from = match &self.path {
            Some(p) => format!("# from {}\n", p.display()),
            None => format!("# no {FILE_NAME} found: defaults\n"),
        };
        Ok(format!("{from}{body}"))
    }
}

/// Parse a config file's text. Errors name the file, the line and the key.
pub fn parse(text: &str, source: &str) -> Result<Config> {
    toml::from_str::<Config>(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        match line {
            Some(l) => anyhow!("{source}:{l}: {}", without_values(e.message().trim())),
            None => anyhow!("{source}: {}", without_values(e.message().trim())),
        }
    })
}

pub fn load_file(path: &Path) -> Result<Loaded> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let config = parse(&text, &path.display().to_string())?;
    for p in &config.allow {
        regex::Regex::new(p)
            .with_context(|| format!("{}: invalid `allow` pattern", path.display()))?;
    }
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    Ok(Loaded {
        config,
        path: Some(abs),
        discovered: false,
    })
}

/// `.connleak.toml` in `start` (a directory, or a file's directory) or the
/// nearest parent that has one.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let abs = std::fs::canonicalize(start).ok()?;
    let mut dir = if abs.is_dir() {
        Some(abs.as_path())
    } else {
        abs.parent()
    };
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

/// `--config FILE` if given, else discovery from `start`, else defaults.
pub fn load(explicit: Option<&Path>, start: &Path) -> Result<Loaded> {
    if let Some(p) = explicit {
        return load_file(p);
    }
    match discover(start) {
        Some(p) => Ok(Loaded {
            discovered: true,
            ..load_file(&p)?
        }),
        None => Ok(Loaded::default()),
    }
}

/// The directory a default baseline lives in: the config file's directory,
/// else the enclosing git work tree, else `start` itself.
pub fn project_root(loaded: &Loaded, start: &Path) -> PathBuf {
    if let Some(d) = loaded.dir() {
        return d.to_path_buf();
    }
    let abs = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let first = if abs.is_dir() {
        abs.clone()
    } else {
        abs.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let mut dir = Some(first.as_path());
    while let Some(d) = dir {
        if d.join(".git").exists() {
            return d.to_path_buf();
        }
        dir = d.parent();
    }
    first
}

/// Rules from the config: `rules-dir` entries and inline `[[rule]]` tables.
pub fn extra_rules(loaded: &Loaded) -> Result<Vec<Rule>> {
    let mut out = Vec::new();
    for d in loaded.rules_dirs()? {
        out.extend(crate::rulefiles::load_dir(&d)?);
    }
    let source = loaded
        .path
        .as_deref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| FILE_NAME.to_string());
    for (i, table) in loaded.config.rule.iter().enumerate() {
        let text = toml::to_string(table).context("re-reading an inline rule")?;
        let name = table
            .get("id")
            .and_then(|v| v.as_str())
            .map(|id| format!("{source}: [[rule]] {id}"))
            .unwrap_or_else(|| format!("{source}: [[rule]] #{}", i + 1));
        out.push(Rule::from_toml(&text, &name)?);
    }
    Ok(out)
}

/// Apply `[rules.<id>] enabled = false` and check every configured id exists.
pub fn filter_rules(loaded: &Loaded, rules: Vec<Rule>) -> Result<Vec<Rule>> {
    for id in loaded.config.rules.keys() {
        if !rules.iter().any(|r| &r.id == id) {
            bail!(
                "{}: [rules.{id}]: there is no rule with this id (`connleak rules` lists them)",
                loaded
                    .path
                    .as_deref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| FILE_NAME.to_string())
            );
        }
    }
    Ok(rules
        .into_iter()
        .filter(|r| {
            loaded
                .config
                .rules
                .get(&r.id)
                .and_then(|s| s.enabled)
                .unwrap_or(true)
        })
        .collect())
}

/// `a/b/../c` as `a/c`, without touching the file system (for a path that
/// does not exist, so cannot be canonicalized).
fn lexical(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_config_parses() {
        let c = parse(
            r#"
exclude = ["vendor/"]
allow = ['^dev-']
fail-on = "medium"
baseline = "b.json"
rules-dir = ["r"]
[rules.db-uri]
severity = "high"
enabled = false
[[rule]]
id = "x"
"#,
            "t",
        )
        .unwrap();
        assert_eq!(c.exclude, ["vendor/"]);
        assert_eq!(c.fail_on, Some(Severity::Medium));
        assert_eq!(c.rules["db-uri"].severity, Some(Severity::High));
        assert_eq!(c.rules["db-uri"].enabled, Some(false));
        assert_eq!(c.rule.len(), 1);
    }

    #[test]
    fn unknown_keys_name_the_line_and_the_keys_expected() {
        let e = parse("exclude = []\n\nfail_on = \"high\"\n", "c.toml")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("c.toml:3: unknown field"), "{e}");
        // never a value (or key) of the file, but what it may hold
        assert!(!e.contains("fail_on"), "{e}");
        assert!(e.contains("`fail-on`"), "{e}");
        let e = parse(
            "[rules.db-uri]\nseverity = \"high\"\nenable = false\n",
            "c.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("c.toml:3: unknown field"), "{e}");
        assert!(e.contains("`enabled`"), "{e}");
        let e = parse("fail-on = \"severe\"\n", "c.toml")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("c.toml:1:"), "{e}");
    }
}
