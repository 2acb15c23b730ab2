//! The default human-readable report.

use super::{escape_control, ReportOptions};
use crate::finding::{Finding, Outcome, Severity};
use colored::Colorize;
use std::io::Write;

pub fn write(out: &mut dyn Write, outcome: &Outcome, opts: &ReportOptions) -> std::io::Result<()> {
    colored::control::set_override(opts.color);
    for f in &outcome.findings {
        write_finding(out, f, opts)?;
    }
    Ok(())
}

fn write_finding(out: &mut dyn Write, f: &Finding, opts: &ReportOptions) -> std::io::Result<()> {
    let loc = format!("{}:{}:{}", escape_control(&f.path), f.line, f.column);
    let sev = match f.severity {
        Severity::High => f.severity.as_str().red().bold(),
        Severity::Medium => f.severity.as_str().yellow().bold(),
        Severity::Low => f.severity.as_str().blue(),
    };
    let mut parts: Vec<String> = Vec::new();
    if let Some(e) = f.engine {
        parts.push(e.as_str().to_string());
    }
    if let Some(h) = &f.host {
        parts.push(format!("@ {}", escape_control(h)));
    }
    if let Some(s) = f.service {
        parts.push(format!("({})", s.label()));
    }
    if let Some(u) = &f.user {
        parts.push(format!("user={}", escape_control(u)));
    }
    let target = if parts.is_empty() {
        String::new()
    } else {
        format!(" {}", parts.join(" "))
    };
    writeln!(
        out,
        "{}: {} {} [{} confidence]{}",
        loc.bold(),
        sev,
        f.rule.cyan(),
        f.confidence.as_str(),
        target
    )?;
    writeln!(out, "    {}", escape_control(&f.snippet).dimmed())?;
    if opts.show_secrets {
        writeln!(out, "    secret: {}", escape_control(f.secret.expose()))?;
    }
    Ok(())
}

/// The one-line summary written to stderr.
pub fn summary_line(outcome: &Outcome) -> String {
    let count = |s: Severity| outcome.findings.iter().filter(|f| f.severity == s).count();
    let s = &outcome.summary;
    let files: std::collections::BTreeSet<&str> =
        outcome.findings.iter().map(|f| f.path.as_str()).collect();
    format!(
        "connleak: {} finding{} ({} high, {} medium, {} low) in {} file{}; scanned {} files ({} bytes), skipped {} ({} binary, {} too large, {} other), {} error{}, {} ms",
        outcome.findings.len(),
        if outcome.findings.len() == 1 { "" } else { "s" },
        count(Severity::High),
        count(Severity::Medium),
        count(Severity::Low),
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        s.files_scanned,
        s.bytes_scanned,
        s.files_skipped,
        s.skipped_binary,
        s.skipped_too_large,
        s.skipped_other,
        outcome.errors.len(),
        if outcome.errors.len() == 1 { "" } else { "s" },
        s.elapsed_ms
    )
}
