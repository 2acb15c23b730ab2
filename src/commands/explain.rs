//! `connleak explain RULE|FINGERPRINT`: what a rule finds and how to remove
//! such passwords for good, or the full remediation of one finding.

use crate::cli::{ExplainArgs, SourceArgs};
use crate::sources::walk;
use anyhow::Result;
use connleak_core::model::{Outcome, Tally};
use connleak_core::rules::RuleSet;
use connleak_report::ReportOptions;
use std::io::Write;

fn load_rules(extra: &[std::path::PathBuf]) -> Result<RuleSet> {
    let mut all = connleak_core::rules::builtin_rules()?;
    for dir in extra {
        all.extend(crate::rulefiles::load_dir(dir)?);
    }
    Ok(RuleSet::new(all)?)
}

/// Scan the paths of `fix` and `explain` and advise on the findings.
pub fn scan_sources(src: &SourceArgs) -> Result<Outcome> {
    let set = load_rules(&src.rules)?;
    let units = std::sync::Arc::new(connleak_remedy::project::UnitIndex::default());
    let opts = walk::WalkOptions {
        no_ignore: src.no_ignore,
        exclude: src.exclude.clone(),
        max_filesize: src.max_filesize,
        threads: 0,
        follow: false,
        listing: connleak_core::scan::Listing::default(),
        units: Some(units.clone()),
    };
    let tally = Tally::new();
    let readable = walk::walk(&set, &src.paths, &opts, &tally)?;
    let mut outcome = tally.finish();
    super::warn_errors(&outcome, false);
    if readable == 0 {
        anyhow::bail!("none of the given paths could be read");
    }
    connleak_remedy::advise(&mut outcome.findings, &src.paths, &units);
    Ok(outcome)
}

pub fn run(args: ExplainArgs) -> Result<u8> {
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    let set = load_rules(&args.source.rules)?;
    if let Some(rule) = set.rules.iter().find(|r| r.id == args.target) {
        connleak_report::text::write_rule_explanation(&mut w, rule)?;
        w.flush()?;
        return Ok(0);
    }
    let target = args.target.to_ascii_lowercase();
    if target.len() < 8 || !target.bytes().all(|b| b.is_ascii_hexdigit()) {
        anyhow::bail!(
            "{:?} is neither a rule id (see `connleak rules`) nor a fingerprint (8 to 32 hex digits)",
            args.target
        );
    }
    let outcome = scan_sources(&args.source)?;
    let matches: Vec<_> = outcome
        .findings
        .iter()
        .filter(|i| i.finding.fingerprint.starts_with(&target))
        .cloned()
        .collect();
    if matches.is_empty() {
        anyhow::bail!(
            "no finding with fingerprint {target} under the given paths (fingerprints depend on the path relative to the repository root)"
        );
    }
    let ropts = ReportOptions {
        show_secrets: false,
        color: false,
        explain: true,
        history: false,
    };
    let one = Outcome {
        findings: matches,
        ..Outcome::default()
    };
    connleak_report::text::write(&mut w, &one, &ropts)?;
    w.flush()?;
    Ok(0)
}
