//! `--format junit`: a JUnit XML report for the test tabs of Azure DevOps,
//! GitLab and Jenkins. Each finding is a failed test case; a clean scan is
//! one passing test case, so the tab shows that the check ran.

use crate::guidance;
use crate::options::ReportOptions;
use connleak_core::model::Outcome;
use connleak_core::text::escape_control;
use std::io::Write;

/// Text for XML content and attributes. Control characters are made visible
/// first (`\x1b`), since most are not allowed in XML 1.0 at all.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in escape_control(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A failed test case that is not a finding (a policy change).
pub struct Case {
    pub path: String,
    pub line: usize,
    pub name: String,
    pub failure_type: String,
    pub message: String,
}

pub fn write(out: &mut dyn Write, outcome: &Outcome, opts: &ReportOptions) -> std::io::Result<()> {
    write_with(out, outcome, opts, &[])
}

/// The report with `extra` failed cases after the findings' own.
pub fn write_with(
    out: &mut dyn Write,
    outcome: &Outcome,
    opts: &ReportOptions,
    extra: &[Case],
) -> std::io::Result<()> {
    let n = outcome.findings.len() + extra.len();
    let errors = outcome.errors.len();
    // one case per finding (or one passing case), one per path that could
    // not be scanned
    let tests = n.max(1) + errors;
    let secs = outcome.summary.elapsed_ms as f64 / 1000.0;
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="connleak" tests="{tests}" failures="{n}" errors="{errors}" time="{secs:.3}">"#
    )?;
    writeln!(
        out,
        r#"  <testsuite name="connleak" tests="{tests}" failures="{n}" errors="{errors}" skipped="0" time="{secs:.3}">"#
    )?;
    if n == 0 {
        writeln!(
            out,
            r#"    <testcase classname="connleak" name="no embedded database credentials" time="0"/>"#
        )?;
    }
    for item in &outcome.findings {
        let f = &item.finding;
        let loc = format!("{}:{}:{}", f.path, f.line, f.column);
        writeln!(
            out,
            r#"    <testcase classname="{}" name="{}" file="{}" line="{}" time="0">"#,
            xml_escape(&f.path),
            xml_escape(&format!("{} at {loc}", f.rule)),
            xml_escape(&f.path),
            f.line
        )?;
        let mut body = format!(
            "{loc}: {} severity, {} confidence\n{}\n{}\n",
            f.severity.as_str(),
            f.confidence.as_str(),
            f.snippet,
            guidance::remediation_hint(item)
        );
        if opts.show_secrets {
            body.push_str(&format!("secret: {}\n", f.secret.expose()));
        }
        writeln!(
            out,
            r#"      <failure type="{}" message="{}">{}</failure>"#,
            xml_escape(&f.rule),
            xml_escape(&guidance::what(f)),
            body.lines().map(xml_escape).collect::<Vec<_>>().join("\n")
        )?;
        writeln!(out, "    </testcase>")?;
    }
    for c in extra {
        writeln!(
            out,
            r#"    <testcase classname="{}" name="{}" file="{}" line="{}" time="0">"#,
            xml_escape(&c.path),
            xml_escape(&format!("{} at {}", c.failure_type, c.path)),
            xml_escape(&c.path),
            c.line
        )?;
        writeln!(
            out,
            r#"      <failure type="{}" message="{}"/>"#,
            xml_escape(&c.failure_type),
            xml_escape(&c.message)
        )?;
        writeln!(out, "    </testcase>")?;
    }
    for e in &outcome.errors {
        writeln!(
            out,
            r#"    <testcase classname="connleak" name="{}" file="{}" time="0">"#,
            xml_escape(&format!("could not scan {}", e.path)),
            xml_escape(&e.path)
        )?;
        writeln!(
            out,
            r#"      <error type="{}" message="{}"/>"#,
            e.kind.as_str().replace(' ', "-"),
            xml_escape(&e.message)
        )?;
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            xml_escape("a<b>&\"c'\x1b"),
            "a&lt;b&gt;&amp;&quot;c&apos;\\x1b"
        );
    }
}
