//! What to tell a developer whose commit (or pipeline) is blocked: what was
//! found and where, the remediation hint, and the three ways forward.

use connleak_core::model::{Finding, Item, Severity};
use connleak_core::text::escape_control;
use std::io::Write;

/// One line saying what a finding is: `postgresql password @ host (Azure
/// Database for PostgreSQL) [db-uri]`.
pub fn what(f: &Finding) -> String {
    let mut s = match f.engine {
        Some(e) => format!("{} password", e.as_str()),
        None => "database password".to_string(),
    };
    if let Some(h) = &f.host {
        s.push_str(&format!(" @ {}", escape_control(h)));
    }
    if let Some(svc) = f.service {
        s.push_str(&format!(" ({})", svc.label()));
    }
    if let Some(u) = &f.user {
        s.push_str(&format!(" for user {}", escape_control(u)));
    }
    s.push_str(&format!(" [{}]", f.rule));
    s
}

/// The one-line remediation hint for a finding: the remediation engine's
/// summary (see `src/remedy/`), or general advice by host when a finding
/// has none. Every report that shows a hint (the blocking message below,
/// `--format github`, `--format junit`) calls this function.
pub fn remediation_hint(item: &Item) -> String {
    if let Some(r) = &item.remediation {
        return format!("hint: {}", escape_control(&r.summary));
    }
    match item.finding.service {
        Some(_) => "hint: this is an Azure data service: connect with a managed identity \
                    (Microsoft Entra authentication) and delete the password"
            .to_string(),
        None => "hint: read the password from a secret store or the environment at run time, \
                 and rotate it: it is in the repository's history"
            .to_string(),
    }
}

/// The message a pre-commit hook or CI gate prints when it fails: each
/// blocking finding with its hint, then the three ways forward.
pub fn write_blocking(
    out: &mut dyn Write,
    blocking: &[&Item],
    staged: bool,
    fail_on: Severity,
) -> std::io::Result<()> {
    if blocking.is_empty() {
        return Ok(());
    }
    let n = blocking.len();
    let plural = if n == 1 { "" } else { "s" };
    let head = if staged {
        "connleak: commit blocked"
    } else {
        "connleak: failed"
    };
    writeln!(
        out,
        "\n{head}: {n} embedded database credential{plural} at or above {} severity:",
        fail_on.as_str()
    )?;
    // the report lists every one; a long list here would bury the advice
    const SHOWN: usize = 20;
    for item in blocking.iter().take(SHOWN) {
        let f = &item.finding;
        writeln!(
            out,
            "  {}:{}:{}: {} severity: {}",
            escape_control(&f.path),
            f.line,
            f.column,
            f.severity.as_str(),
            what(f)
        )?;
        writeln!(out, "    {}", remediation_hint(item))?;
    }
    if n > SHOWN {
        writeln!(
            out,
            "  ... and {} more (every finding is in the report)",
            n - SHOWN
        )?;
    }
    writeln!(out, "\nWays forward, for each finding:")?;
    writeln!(
        out,
        "  1. fix it: remove the password from the file{}, as the hint says;",
        if staged {
            " and stage the change (git add)"
        } else {
            ""
        }
    )?;
    writeln!(
        out,
        "  2. a false positive: add a comment on that line or the line above:  connleak:allow reason=\"why\""
    )?;
    writeln!(
        out,
        "  3. accept it for now: `connleak baseline create` records the current findings in .connleak-baseline.json (commit that file)."
    )?;
    Ok(())
}
