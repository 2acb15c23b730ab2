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
pub mod sarif;
pub mod suppressed;
pub mod text;

use connleak_core::model::Outcome;
use connleak_core::rules::RuleSet;
pub use connleak_core::text::escape_control;
use std::io::Write;

/// The formats a scan report can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// human-readable, one finding per block
    Text,
    /// one JSON document with findings, errors and a summary
    Json,
    /// SARIF 2.1.0 for code-scanning tools
    Sarif,
    /// one self-contained HTML audit report (inventory, locations, remediation)
    Html,
    /// GitHub Actions workflow commands (annotations on the pull request)
    Github,
    /// JUnit XML for test tabs (Azure DevOps, GitLab, Jenkins)
    Junit,
}

pub struct ReportOptions {
    pub show_secrets: bool,
    pub color: bool,
    /// print the full remediation steps under each finding (text)
    pub explain: bool,
    /// the findings come from a history scan
    pub history: bool,
}

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
        Format::Sarif => sarif::write(out, outcome, rules, opts),
        Format::Html => html::write(
            out,
            outcome,
            &inventory::build(&outcome.findings, opts.show_secrets),
            opts.history,
        ),
        Format::Github => github::write(out, outcome, opts),
        Format::Junit => junit::write(out, outcome, opts),
    }
}
