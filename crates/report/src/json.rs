//! `--format json`: one document, the versioned [`Report`] of the model:
//! findings, inventory, errors, skipped files, summary, and the suppressed
//! findings with `--include-suppressed`.

use crate::options::ReportOptions;
use connleak_core::model::{Item, Outcome, Report, Secret, VERSION};
use std::borrow::Cow;
use std::io::Write;

/// The items as the report shows them: borrowed as they are (secrets
/// serialize redacted), or copies with the secret in clear for
/// `--show-secrets`.
fn shown<'a>(items: &'a [Item], opts: &ReportOptions) -> Cow<'a, [Item]> {
    if !opts.show_secrets {
        return Cow::Borrowed(items);
    }
    Cow::Owned(
        items
            .iter()
            .map(|i| {
                let mut i = i.clone();
                i.finding.secret = Secret::shown(i.finding.secret.expose());
                i
            })
            .collect(),
    )
}

pub fn report<'a>(outcome: &'a Outcome, opts: &ReportOptions) -> Report<'a> {
    Report {
        version: VERSION,
        merged_reports: None,
        findings: shown(&outcome.findings, opts),
        inventory: crate::inventory::build(&outcome.findings, opts.show_secrets),
        errors: outcome.errors.clone(),
        skipped: outcome.skipped.clone(),
        unlisted: outcome.unlisted.clone(),
        summary: outcome.summary.clone(),
        suppressed: shown(&outcome.suppressed, opts),
    }
}

pub fn write_report(out: &mut dyn Write, report: &Report<'_>) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    writeln!(out)
}

pub fn write(out: &mut dyn Write, outcome: &Outcome, opts: &ReportOptions) -> std::io::Result<()> {
    write_report(out, &report(outcome, opts))
}

/// `--format jsonl`: one finding per line, each the object the JSON
/// report's `findings` holds (redacted the same way), for log pipelines.
/// Nothing else: errors and the summary go to stderr as with text.
pub fn write_lines(
    out: &mut dyn Write,
    outcome: &Outcome,
    opts: &ReportOptions,
) -> std::io::Result<()> {
    for item in shown(&outcome.findings, opts).iter() {
        serde_json::to_writer(&mut *out, item)?;
        writeln!(out)?;
    }
    Ok(())
}
