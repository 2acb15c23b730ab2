//! `connleak config`: where the configuration comes from, with `--dump`
//! the effective settings, and with `init` a new commented
//! `.connleak.toml` holding every key and its default.

use crate::cli::{ConfigArgs, ConfigCommand, ConfigInitArgs};
use crate::config;
use anyhow::{bail, Context, Result};
use connleak_core::rules::Rule;
use std::fmt::Write as _;
use std::io::Write as _;

pub fn run(args: &ConfigArgs) -> Result<u8> {
    if let Some(ConfigCommand::Init(init_args)) = &args.action {
        return init(init_args);
    }
    let loaded = config::load(args.config.as_deref(), &args.path)?;
    if args.dump {
        print!("{}", loaded.dump()?);
    } else {
        match &loaded.path {
            Some(p) => println!("{}", p.display()),
            None => println!("no {} found", config::FILE_NAME),
        }
    }
    Ok(0)
}

/// `config init [DIR]`: write DIR/.connleak.toml, never over an existing file.
fn init(args: &ConfigInitArgs) -> Result<u8> {
    let path = args.dir.join(config::FILE_NAME);
    let text = template(&connleak_core::rules::builtin_rules()?);
    // create_new: an existing file (or a link to one) is never touched
    let mut f = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => bail!(
            "{} already exists: not overwritten (edit it, or remove it first)",
            path.display()
        ),
        Err(e) => return Err(e).with_context(|| format!("creating {}", path.display())),
    };
    f.write_all(text.as_bytes())
        .with_context(|| format!("writing {}", path.display()))?;
    eprintln!("connleak: wrote {}", path.display());
    Ok(0)
}

/// The commented configuration: every key with its default. Keys whose
/// default is "nothing" are written with that value (so the file means the
/// same as no file); `baseline` and the per-rule tables are commented out,
/// because writing them would change what a scan does.
pub fn template(rules: &[Rule]) -> String {
    let mut s = String::new();
    s.push_str(
        r#"# connleak configuration. connleak reads the .connleak.toml of the scanned
# directory or of its nearest parent (or the file named by --config).
# Every key is shown with its default; `connleak config --dump` prints the
# effective settings. Unknown keys are an error.

# Paths to skip, in gitignore syntax, like --exclude: matched relative to each
# scanned directory (to the repository root with --staged).
exclude = []

# Regular expressions over the secret value: a finding whose secret matches
# one is suppressed (reported with --include-suppressed, reason "config").
allow = []

# The lowest severity that fails the run (exit code 1): "low", "medium" or
# "high". --fail-on overrides it.
fail-on = "low"

# The baseline file (accepted findings), relative to this file. By default
# .connleak-baseline.json next to this file is used if it exists; naming a
# file here makes it required.
# baseline = ".connleak-baseline.json"

# Directories (or files) of extra rules in the format of connleak's rules/*.toml,
# relative to this file. `connleak rules --check DIR` checks them.
rules-dir = []

# Per-rule settings, by rule id (`connleak rules` lists them): `severity`
# overrides the rule's ("low", "medium", "high"); `enabled = false` turns it
# off. Every built-in rule, with its default severity:
"#,
    );
    for r in rules {
        // rule ids are [a-z0-9-] (checked when rules load): a bare TOML key
        let _ = write!(
            s,
            "#\n# [rules.{}]\n# severity = \"{}\"\n# enabled = true\n",
            r.id,
            r.severity.as_str()
        );
    }
    s.push_str(
        r#"
# Extra rules written inline, one [[rule]] table each, in the format of
# rules/*.toml. For example:
#
# [[rule]]
# id = "acme-db-token"
# title = "ACME DB token"
# description = "A token of the ACME database proxy"
# severity = "high"
# confidence = "high"
# kind = "code"
# keywords = ["acmedb_"]
# [rule.regex]
# patterns = ['acmedb_(?P<secret>[a-z0-9]{12})']
# [[rule.examples]]
# text = "token = acmedb_a1b2c3d4e5f6"
# secret = "a1b2c3d4e5f6"
"#,
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, RuleSettings};
    use connleak_core::model::Severity;

    fn builtin() -> Vec<Rule> {
        connleak_core::rules::builtin_rules().expect("built-in rules")
    }

    /// What a user gets by uncommenting every commented-out setting (a
    /// `# key = value` or `# [table]` line); the prose stays a comment.
    fn uncommented(t: &str) -> String {
        let setting = |l: &str| {
            l.starts_with('[')
                || l.split_once(" = ").is_some_and(|(k, _)| {
                    !k.is_empty()
                        && k.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                })
        };
        t.lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest) if setting(rest) => rest,
                _ => l,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_template_means_the_defaults() {
        let c = config::parse(&template(&builtin()), "template").expect("parses");
        let d = Config::default();
        assert_eq!(
            toml::to_string(&Config {
                fail_on: None,
                ..c.clone()
            })
            .unwrap(),
            toml::to_string(&d).unwrap(),
            "besides fail-on, every active key is at its default"
        );
        assert_eq!(c.fail_on, Some(Severity::Low));
    }

    #[test]
    fn every_key_is_in_the_template() {
        // a config with every key set: its keys are the set a user can write
        let mut rules = std::collections::BTreeMap::new();
        rules.insert(
            "db-uri".to_string(),
            RuleSettings {
                severity: Some(Severity::High),
                enabled: Some(false),
            },
        );
        let full = Config {
            exclude: vec!["x".into()],
            allow: vec!["y".into()],
            fail_on: Some(Severity::High),
            baseline: Some("b.json".into()),
            rules_dir: vec!["r".into()],
            rules,
            rule: vec![toml::Table::new()],
        };
        let all: toml::Table = toml::from_str(&toml::to_string(&full).unwrap()).unwrap();
        let text = template(&builtin());
        for key in all.keys() {
            let table = format!("[{key}.");
            let array = format!("[[{key}]]");
            let assignment = format!("\n{key} = ");
            let commented = format!("\n# {key} = ");
            assert!(
                [table, array, assignment, commented]
                    .iter()
                    .any(|p| text.contains(p.as_str())),
                "the template does not show the key `{key}`"
            );
        }
        for field in ["severity", "enabled"] {
            assert!(text.contains(&format!("# {field} = ")), "{field}");
        }
    }

    #[test]
    fn uncommented_it_is_a_valid_config_with_every_rule() {
        let rules = builtin();
        let text = uncommented(&template(&rules));
        let c = config::parse(&text, "uncommented").expect("parses uncommented");
        assert_eq!(c.rules.len(), rules.len());
        for r in &rules {
            assert_eq!(c.rules[&r.id].severity, Some(r.severity), "{}", r.id);
            assert_eq!(c.rules[&r.id].enabled, Some(true), "{}", r.id);
        }
        assert_eq!(
            c.baseline.as_deref(),
            Some(std::path::Path::new(config::DEFAULT_BASELINE))
        );
        // the inline example rule is a rule that loads
        let loaded = config::Loaded {
            config: c,
            path: None,
            discovered: false,
        };
        let extra = config::extra_rules(&loaded).expect("the example rule loads");
        assert_eq!(extra.len(), 1);
        assert_eq!(extra[0].id, "acme-db-token");
    }
}
