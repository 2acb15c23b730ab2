//! `connleak merge`: JSON reports (one per repository or job) into one
//! report with one credential inventory, in any report format.

use crate::cli::{Format, MergeArgs};
use anyhow::{Context, Result};
use connleak_core::model::{Outcome, Report};
use connleak_core::rules::RuleSet;
use connleak_report::ReportOptions;
use std::io::Write;

pub fn run(args: MergeArgs) -> Result<u8> {
    let mut reports = Vec::new();
    for p in &args.reports {
        let text = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
        let r: Report<'static> = serde_json::from_slice(&text).map_err(|e| {
            // serde's message names the field and position, never a value
            anyhow::anyhow!(
                "{} is not a connleak JSON report (line {}, column {}: {})",
                p.display(),
                e.line(),
                e.column(),
                match e.classify() {
                    serde_json::error::Category::Syntax => "invalid JSON",
                    serde_json::error::Category::Eof => "the file ends early",
                    serde_json::error::Category::Data => "not the report's shape",
                    serde_json::error::Category::Io => "read error",
                }
            )
        })?;
        if r.version != connleak_core::model::VERSION {
            anyhow::bail!(
                "{}: report version {} is not supported (this connleak reads version {})",
                p.display(),
                r.version,
                connleak_core::model::VERSION
            );
        }
        reports.push(r);
    }
    let merged = connleak_report::merge::merge(reports);
    let mut buf: Vec<u8> = Vec::new();
    if args.format == Format::Json {
        connleak_report::json::write_report(&mut buf, &merged)?;
    } else {
        // every other format reads an outcome: the merged report is one
        let history = merged.findings.iter().any(|i| i.provenance.is_some());
        let outcome = Outcome {
            findings: merged.findings.into_owned(),
            suppressed: merged.suppressed.into_owned(),
            errors: merged.errors,
            skipped: merged.skipped,
            unlisted: merged.unlisted,
            summary: merged.summary,
        };
        let ropts = ReportOptions {
            show_secrets: false,
            color: false,
            explain: false,
            history,
        };
        let rules = RuleSet::builtin()?;
        connleak_report::write(args.format.into(), &mut buf, &outcome, &rules, &ropts)?;
        if args.format == Format::Text && !history {
            connleak_report::text::write_inventory(
                &mut buf,
                &connleak_report::inventory::build(&outcome.findings, true),
            )?;
        }
    }
    match &args.output {
        Some(p) => std::fs::write(p, &buf).with_context(|| format!("writing {}", p.display()))?,
        None => {
            let stdout = std::io::stdout();
            let mut w = stdout.lock();
            w.write_all(&buf)?;
            w.flush()?;
        }
    }
    Ok(0)
}
