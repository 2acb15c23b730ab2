//! The default human-readable report.

use crate::options::ReportOptions;
use colored::Colorize;
use connleak_core::model::{
    Credential, Finding, HistoryStatus, Identity, Item, Outcome, Remediation, Severity,
    Verification, VerifyStatus,
};
use connleak_core::text::escape_control;
use connleak_core::text::prefix;
use std::io::Write;

pub fn write(out: &mut dyn Write, outcome: &Outcome, opts: &ReportOptions) -> std::io::Result<()> {
    colored::control::set_override(opts.color);
    for item in &outcome.findings {
        write_item(out, item, opts)?;
    }
    Ok(())
}

fn write_item(out: &mut dyn Write, item: &Item, opts: &ReportOptions) -> std::io::Result<()> {
    let f = &item.finding;
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
        "{}: {}{} {} [{} confidence]{}",
        loc.bold(),
        sev,
        item.verification.as_ref().map(tag).unwrap_or_default(),
        f.rule.cyan(),
        f.confidence.as_str(),
        target
    )?;
    writeln!(out, "    {}", escape_control(&f.snippet).dimmed())?;
    if let Some(v) = &item.verification {
        writeln!(
            out,
            "    verify: {}: {}",
            v.status.as_str(),
            escape_control(&v.detail)
        )?;
    }
    if opts.show_secrets {
        writeln!(out, "    secret: {}", escape_control(f.secret.expose()))?;
    }
    if let Some(p) = &item.provenance {
        let c = &p.introduced;
        let mut line = format!(
            "    history: introduced by {} {} ({}, \"{}\")",
            escape_control(prefix(&c.id, 10)),
            escape_control(&c.date),
            escape_control(&c.author),
            escape_control(&c.summary)
        );
        match (p.status, &p.removed_by) {
            (HistoryStatus::Live, _) => line.push_str("; still at HEAD"),
            (HistoryStatus::Removed, Some(r)) => line.push_str(&format!(
                "; removed by {} {}",
                escape_control(prefix(&r.id, 10)),
                escape_control(&r.date)
            )),
            (HistoryStatus::Removed, None) => line.push_str("; no longer at HEAD"),
            (HistoryStatus::BranchOnly, _) => {
                line.push_str(&format!("; only on {}", escape_control(&p.refs.join(", "))))
            }
        }
        writeln!(out, "{}", line.dimmed())?;
    }
    if let Some(r) = &item.remediation {
        // edits and `explain` work on the working tree, not on history
        write_help(
            out,
            f,
            r,
            opts.explain,
            item.is_live(),
            item.provenance.is_some(),
        )?;
    }
    Ok(())
}

/// ` [live]` after the severity: what `--verify` found.
fn tag(v: &Verification) -> String {
    let t = format!("[{}]", v.status.as_str());
    let t = match v.status {
        VerifyStatus::Live => t.red().bold(),
        VerifyStatus::Rejected => t.green(),
        VerifyStatus::Unreachable | VerifyStatus::Skipped => t.dimmed(),
    };
    format!(" {t}")
}

/// After a history scan: the credentials to rotate, one line each.
pub fn write_inventory(out: &mut dyn Write, inventory: &[Credential]) -> std::io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "{} credential{} to rotate:",
        inventory.len(),
        if inventory.len() == 1 { "" } else { "s" }
    )?;
    for c in inventory {
        if let Some(v) = &c.verification {
            write!(out, "  [{}]", v.status.as_str())?;
        }
        writeln!(
            out,
            "  {:<6} {:<12} {} user={} secret={} {} location{} first seen {} ({})",
            c.severity.as_str(),
            if c.live { "live" } else { "history-only" },
            escape_control(c.host.as_deref().unwrap_or("?")),
            escape_control(c.user.as_deref().unwrap_or("?")),
            escape_control(&c.secret),
            c.locations.len(),
            if c.locations.len() == 1 { "" } else { "s" },
            escape_control(c.first_seen.as_deref().unwrap_or("-")),
            escape_control(&c.service_label),
        )?;
        if let Some(a) = &c.advice {
            writeln!(out, "      {}", escape_control(a))?;
        }
    }
    Ok(())
}

/// The short `help:` block under a finding; with `explain`, the full steps,
/// caveats and documentation too.
pub fn write_help(
    out: &mut dyn Write,
    f: &Finding,
    r: &Remediation,
    explain: bool,
    in_tree: bool,
    from_history: bool,
) -> std::io::Result<()> {
    writeln!(
        out,
        "    {} {}",
        "help:".green().bold(),
        escape_control(&r.summary)
    )?;
    writeln!(
        out,
        "      database: {} | client: {}",
        escape_control(&r.service_label),
        r.stack_label
    )?;
    if let Some(rep) = &r.replacement {
        // a multi-line replacement (an HCL block) keeps its lines
        let mut lines = rep.lines();
        writeln!(
            out,
            "      replacement: {}",
            escape_control(lines.next().unwrap_or(""))
        )?;
        for l in lines {
            writeln!(out, "        {}", escape_control(l))?;
        }
    }
    if r.identity != Identity::NotApplicable {
        writeln!(
            out,
            "      identity: {}: {}",
            r.identity.as_str(),
            escape_control(&r.identity_reason)
        )?;
    }
    if let Some(v) = &r.min_client_version {
        writeln!(out, "      needs: {v}")?;
    }
    if !r.edits.is_empty() && in_tree {
        writeln!(
            out,
            "      fix: connleak fix --write {}",
            escape_control(&f.path)
        )?;
    }
    if !explain {
        if f.fingerprint.is_empty() {
        } else if from_history {
            writeln!(out, "      steps: add --explain")?;
        } else {
            writeln!(
                out,
                "      steps: add --explain (or `connleak explain {}` with the same paths)",
                escape_control(prefix(&f.fingerprint, 12))
            )?;
        }
        return Ok(());
    }
    if r.identity == Identity::NotApplicable {
        writeln!(
            out,
            "      identity: not applicable: {}",
            escape_control(&r.identity_reason)
        )?;
    }
    writeln!(out, "      steps:")?;
    for (i, s) in r.steps.iter().enumerate() {
        writeln!(out, "        {}. {}", i + 1, escape_control(s))?;
    }
    if !r.notes.is_empty() {
        writeln!(out, "      notes:")?;
        for n in &r.notes {
            writeln!(out, "        - {}", escape_control(n))?;
        }
    }
    writeln!(out, "      docs:")?;
    for d in &r.docs {
        writeln!(out, "        - {}: {}", d.title, d.url)?;
    }
    Ok(())
}

/// The one-line summary written to stderr.
pub fn summary_line(outcome: &Outcome) -> String {
    let count = |s: Severity| {
        outcome
            .findings
            .iter()
            .filter(|i| i.finding.severity == s)
            .count()
    };
    let s = &outcome.summary;
    let files: std::collections::BTreeSet<&str> = outcome
        .findings
        .iter()
        .map(|i| i.finding.path.as_str())
        .collect();
    // what ignore files or excludes left out: an auditor should know that
    // `--no-ignore` exists
    let ignored = match s.ignored {
        0 => String::new(),
        n => format!(
            ", {n} path{} ignored (.gitignore, .ignore, excludes; --no-ignore scans ignored files)",
            if n == 1 { "" } else { "s" }
        ),
    };
    format!(
        "connleak: {} finding{} ({} high, {} medium, {} low) in {} file{}; scanned {} files ({} bytes), skipped {} ({} binary, {} too large, {} other){ignored}, {} error{}, {} ms",
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

/// `connleak explain RULE`: what the rule finds and how to get rid of the
/// password for good, for every client stack.
pub fn write_rule_explanation(
    out: &mut dyn Write,
    r: &connleak_core::rules::Rule,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{} ({}, {} severity by default)",
        r.id,
        r.title,
        r.severity.as_str()
    )?;
    writeln!(out)?;
    writeln!(out, "{}", r.description.trim())?;
    writeln!(out)?;
    writeln!(out, "What to do with a finding of this rule:")?;
    writeln!(
        out,
        "  1. Rotate the password now: it is in the repository and must be considered compromised;"
    )?;
    writeln!(
        out,
        "     removing it from the latest commit does not remove it from git history."
    )?;
    writeln!(out, "  2. If the database is an Azure one, connect with a managed identity instead (one workload:")?;
    writeln!(out, "     system-assigned; the same credential used by several services: one shared user-assigned identity).")?;
    writeln!(
        out,
        "  3. Otherwise move the secret to a secret store or an environment variable."
    )?;
    writeln!(
        out,
        "  `connleak scan --explain` gives the exact replacement and steps for each finding."
    )?;
    writeln!(out, "{}", connleak_remedy::docs::PASSWORDLESS_TABLE)?;
    if !r.references.is_empty() {
        writeln!(out, "References:")?;
        for u in &r.references {
            writeln!(out, "  - {u}")?;
        }
    }
    Ok(())
}
