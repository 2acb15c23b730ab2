//! connleak's reporters: one per output format, all reading the same sorted
//! [`Outcome`] of the model. Nothing here scans; nothing in the scanner
//! prints. The credential [`inventory`] and [`merge`] of saved reports work
//! on the same typed model.

pub mod github;
pub mod guidance;
pub mod html;
pub mod inventory;
pub mod json;
pub mod junit;
pub mod merge;
pub mod options;
pub mod review;
pub mod sarif;
pub mod suppressed;
pub mod text;

use connleak_core::model::Outcome;
use connleak_core::rules::RuleSet;
pub use connleak_core::text::escape_control;
pub use options::{Format, ReportOptions};
use std::io::Write;

pub fn write(
    format: Format,
    out: &mut dyn Write,
    outcome: &Outcome,
    rules: &RuleSet,
    opts: &ReportOptions,
) -> std::io::Result<()> {
    match format {
        Format::Text => {
            text::write(out, outcome, opts)?;
            review::write_text(out, outcome)?;
            suppressed::write_text(out, &outcome.suppressed)?;
            if opts.history {
                text::write_inventory(
                    out,
                    &inventory::build(&outcome.findings, opts.show_secrets),
                )?;
            }
            Ok(())
        }
        Format::Json => json::write(out, outcome, opts),
        Format::Jsonl => json::write_lines(out, outcome, opts),
        Format::Sarif => {
            let mut log = sarif::to_value(outcome, rules, opts);
            review::extend_sarif(&mut log, outcome);
            serde_json::to_writer_pretty(&mut *out, &log)?;
            writeln!(out)
        }
        Format::Html => html::write(
            out,
            outcome,
            &inventory::build(&outcome.findings, opts.show_secrets),
            opts.history,
        ),
        Format::Github => {
            github::write(out, outcome, opts)?;
            review::write_github(out, outcome)
        }
        Format::Junit => junit::write_with(out, outcome, opts, &review::junit_cases(outcome)),
    }
}
