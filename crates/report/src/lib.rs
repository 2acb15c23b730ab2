//! Reporters: one per output format, all reading the same sorted
//! [`Outcome`]. Nothing here scans; nothing in the scanner prints.

pub mod github;
pub mod guidance;
pub mod html;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod suppressed;
pub mod text;

use crate::cli::Format;
use crate::finding::Outcome;
use crate::rules::RuleSet;
use std::io::Write;

pub struct ReportOptions {
    pub show_secrets: bool,
    pub color: bool,
    /// print the full remediation steps under each finding (text)
    pub explain: bool,
    /// the findings come from a history scan
    pub history: bool,
}

/// The credential inventory of an outcome (see [`crate::inventory`]).
pub fn inventory(outcome: &Outcome, opts: &ReportOptions) -> Vec<crate::inventory::Credential> {
    let values: Vec<serde_json::Value> = json::finding_values(outcome, opts);
    crate::inventory::build(&values)
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
            suppressed::write_text(out, &outcome.suppressed)
        }
        Format::Json => json::write(out, outcome, opts),
        Format::Sarif => sarif::write(out, outcome, rules, opts),
        Format::Html => html::write(out, outcome, &inventory(outcome, opts), opts.history),
        Format::Github => github::write(out, outcome, opts),
        Format::Junit => junit::write(out, outcome, opts),
    }
}

/// File names and snippets are data: make control characters visible
/// (`\n`, `\x1b`) so they cannot move the cursor or forge output lines.
pub fn escape_control(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            // bidirectional overrides can reorder what a reviewer sees
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            escape_control("a\x1b[31mb\nc\u{202E}"),
            "a\\x1b[31mb\\nc\\u{202e}"
        );
        assert_eq!(escape_control("plain/päth.txt"), "plain/päth.txt");
    }
}
