//! `--format github`: GitHub Actions workflow commands, one per finding, so
//! that findings show up as annotations on the pull request's diff.
//!
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::MESSAGE`
//! (`error` for high severity, `warning` for medium, `notice` for low).
//! Values are escaped as the runner expects: `%`, CR and LF everywhere, and
//! also `:` and `,` in properties, so a file name cannot end a property or
//! start a new command; control characters in file names are made visible
//! first (`\x1b`), as in every other report.

use crate::guidance;
use crate::options::ReportOptions;
use connleak_core::model::{Item, Outcome, Severity};
use connleak_core::text::escape_control;
use std::io::Write;

pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(out: &mut dyn Write, outcome: &Outcome, opts: &ReportOptions) -> std::io::Result<()> {
    for item in &outcome.findings {
        let f = &item.finding;
        writeln!(
            out,
            // error fails the check's look, warning and notice annotate
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            match f.severity {
                Severity::High => "error",
                Severity::Medium => "warning",
                Severity::Low => "notice",
            },
            escape_property(&escape_control(&f.path)),
            f.line,
            f.column,
            f.end_line,
            f.end_column,
            escape_property(&format!("connleak {} ({})", f.rule, f.severity.as_str())),
            escape_data(&message(item, opts))
        )?;
    }
    Ok(())
}

fn message(item: &Item, opts: &ReportOptions) -> String {
    let f = &item.finding;
    let mut m = format!(
        "{} severity, {} confidence: {}",
        f.severity.as_str(),
        f.confidence.as_str(),
        guidance::what(f)
    );
    m.push_str(&format!("\n{}", escape_control(&f.snippet)));
    if opts.show_secrets {
        m.push_str(&format!("\nsecret: {}", escape_control(f.secret.expose())));
    }
    m.push_str(&format!("\n{}", guidance::remediation_hint(item)));
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50%\r\nx"), "50%25%0D%0Ax");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
