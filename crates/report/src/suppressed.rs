//! `--include-suppressed` in text output: the findings that were not
//! reported, each with what suppressed it.

use connleak_core::model::Item;
use connleak_core::text::escape_control;
use std::io::Write;

pub fn write_text(out: &mut dyn Write, suppressed: &[Item]) -> std::io::Result<()> {
    for item in suppressed {
        let Some(s) = &item.suppression else {
            continue;
        };
        let f = &item.finding;
        let why = match &s.justification {
            Some(j) => format!("{}: {}", s.suppressed_by.as_str(), escape_control(j)),
            None => s.suppressed_by.as_str().to_string(),
        };
        writeln!(
            out,
            "{}:{}:{}: suppressed ({why}) {} {}",
            escape_control(&f.path),
            f.line,
            f.column,
            f.severity.as_str(),
            f.rule
        )?;
    }
    Ok(())
}
