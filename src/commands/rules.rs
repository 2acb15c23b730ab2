//! `connleak rules`: list the rules, or run a directory of rule files
//! through their own examples (`--check`). The self-check lives here, with
//! the command that runs it; a test runs it over the built-in rules.

use crate::cli::{RulesArgs, RulesFormat};
use anyhow::Result;
use connleak_core::rules::{builtin_rules, RuleSet};
use connleak_core::scan::scan_text;
use std::io::Write;

/// Run every rule's examples through the whole scanner: each positive must
/// yield exactly one finding, from that rule, with the expected secret; each
/// negative must yield no finding at all. Returns the failures.
pub fn check(set: &RuleSet) -> Vec<String> {
    let mut failures = Vec::new();
    for rule in &set.rules {
        if rule.examples.is_empty() {
            failures.push(format!("{}: has no examples", rule.id));
        }
        if rule.negative_examples.is_empty() {
            failures.push(format!("{}: has no negative examples", rule.id));
        }
        for (i, ex) in rule.examples.iter().enumerate() {
            let path = ex.path.as_deref().unwrap_or("example.txt");
            let found = scan_text(set, path, path, ex.text.as_bytes(), &Default::default());
            let ok = found.len() == 1
                && found[0].rule == rule.id
                && ex
                    .secret
                    .as_deref()
                    .is_none_or(|s| found[0].secret.expose() == s);
            if ex.secret.is_none() {
                failures.push(format!("{}: example {} has no `secret`", rule.id, i + 1));
            }
            if !ok {
                let got: Vec<String> = found
                    .iter()
                    .map(|f| format!("{} {:?}", f.rule, f.secret.expose()))
                    .collect();
                failures.push(format!(
                    "{}: example {} should give exactly one {} finding with secret {:?}, got [{}]\n    {}",
                    rule.id,
                    i + 1,
                    rule.id,
                    ex.secret.as_deref().unwrap_or(""),
                    got.join(", "),
                    ex.text.trim()
                ));
            }
        }
        for (i, ex) in rule.negative_examples.iter().enumerate() {
            let path = ex.path.as_deref().unwrap_or("example.txt");
            let found = scan_text(set, path, path, ex.text.as_bytes(), &Default::default());
            if !found.is_empty() {
                let got: Vec<String> = found
                    .iter()
                    .map(|f| format!("{} {:?}", f.rule, f.secret.expose()))
                    .collect();
                failures.push(format!(
                    "{}: negative example {} should give no finding, got [{}]\n    {}",
                    rule.id,
                    i + 1,
                    got.join(", "),
                    ex.text.trim()
                ));
            }
        }
    }
    failures
}

/// The rule reference (`docs/rules.md`): every rule with what it finds,
/// its defaults, where it applies, and its examples, in rule-id order.
pub fn markdown(set: &RuleSet) -> String {
    use std::fmt::Write as _;
    let mut rules: Vec<_> = set.rules.iter().collect();
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    let mut out = String::new();
    out.push_str("# Rule reference\n\n");
    out.push_str("Generated from `rules/*.toml` by `connleak rules --format markdown`; a test fails when this file and the rules\ndisagree (`UPDATE_DOCS=1 cargo test rule_reference` rewrites it). Every example below is run through the\nwhole scanner by `connleak rules --check` and by the test suite: a positive example must give exactly one\nfinding of its rule with the secret shown, a negative example none. All secrets here are fabricated.\n\n");
    out.push_str("| rule | title | severity | confidence | kind |\n|---|---|---|---|---|\n");
    for r in &rules {
        let _ = writeln!(
            out,
            "| [`{0}`](#{0}) | {1} | {2} | {3} | `{4}` |",
            r.id,
            r.title,
            r.severity.as_str(),
            r.confidence.as_str(),
            r.kind
        );
    }
    for r in &rules {
        let _ = writeln!(
            out,
            "\n## {}\n\n**{}**\n\n{}\n",
            r.id,
            r.title,
            r.description.trim()
        );
        let _ = writeln!(
            out,
            "- default severity `{}`, confidence `{}`, kind `{}`, parser `{}`",
            r.severity.as_str(),
            r.confidence.as_str(),
            r.kind,
            r.parser.name()
        );
        if !r.keywords.is_empty() {
            let kws: Vec<String> = r.keywords.iter().map(|k| format!("`{k}`")).collect();
            let _ = writeln!(out, "- wakes up on: {}", kws.join(", "));
        }
        if !r.path_globs.is_empty() {
            let globs: Vec<String> = r.path_globs.iter().map(|g| format!("`{g}`")).collect();
            let _ = writeln!(out, "- only in files matching: {}", globs.join(", "));
        }
        for u in &r.references {
            let _ = writeln!(out, "- reference: <{u}>");
        }
        let fence = |text: &str| {
            let ticks = if text.contains("```") { "~~~~" } else { "```" };
            format!("{ticks}\n{}\n{ticks}\n", text.trim_end())
        };
        if !r.examples.is_empty() {
            out.push_str("\nFound:\n\n");
            for ex in &r.examples {
                let _ = writeln!(
                    out,
                    "`{}` (secret `{}`):\n{}",
                    ex.path.as_deref().unwrap_or("example.txt"),
                    ex.secret.as_deref().unwrap_or(""),
                    fence(&ex.text)
                );
            }
        }
        if !r.negative_examples.is_empty() {
            out.push_str("Not found:\n\n");
            for ex in &r.negative_examples {
                let _ = writeln!(
                    out,
                    "`{}`:\n{}",
                    ex.path.as_deref().unwrap_or("example.txt"),
                    fence(&ex.text)
                );
            }
        }
    }
    out
}

pub fn run(args: RulesArgs) -> Result<u8> {
    if let Some(dir) = &args.check {
        let mut all = if args.builtin {
            builtin_rules()?
        } else {
            Vec::new()
        };
        let user = crate::rulefiles::load_dir(dir)?;
        let ids: Vec<String> = user.iter().map(|r| r.id.clone()).collect();
        all.extend(user);
        let set = RuleSet::new(all)?;
        let failures: Vec<String> = check(&set)
            .into_iter()
            .filter(|f| args.builtin || ids.iter().any(|id| f.starts_with(&format!("{id}:"))))
            .collect();
        for f in &failures {
            println!("FAIL {f}");
        }
        println!(
            "{} rule(s) checked, {} failure(s)",
            ids.len(),
            failures.len()
        );
        return Ok(if failures.is_empty() { 0 } else { 1 });
    }
    let set = RuleSet::builtin()?;
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    match args.format {
        RulesFormat::Json => {
            let v: Vec<serde_json::Value> = set
                .rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id, "title": r.title, "description": r.description.trim(),
                        "severity": r.severity, "confidence": r.confidence, "kind": r.kind,
                        "parser": r.parser.name(), "keywords": r.keywords, "paths": r.path_globs,
                        "references": r.references,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut w, &v)?;
            writeln!(w)?;
        }
        RulesFormat::Markdown => w.write_all(markdown(&set).as_bytes())?,
        RulesFormat::Text => {
            for r in &set.rules {
                writeln!(
                    w,
                    "{:<28} {:<7} {:<7} {}",
                    r.id,
                    r.severity.as_str(),
                    r.parser.name(),
                    r.title
                )?;
            }
        }
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/rules.md is the generated reference of the built-in rules.
    #[test]
    fn rule_reference_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
        let want = markdown(&RuleSet::builtin().unwrap());
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "docs/rules.md is out of date with rules/*.toml: run `UPDATE_DOCS=1 cargo test rule_reference`"
        );
    }

    /// Every built-in rule's examples, run through the whole scanner.
    #[test]
    fn builtin_rules_pass_their_own_examples() {
        let set = RuleSet::builtin().expect("built-in rules compile");
        let failures = check(&set);
        assert!(
            failures.is_empty(),
            "{} failure(s):\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}
