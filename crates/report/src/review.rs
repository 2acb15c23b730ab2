//! `scan --policy-from REF` in every report: the policy files the scanned
//! tree changes (rule `policy-changed`, high: they fail the gate) and the
//! inline allowances it adds (listed for the reviewer; they do not fail).
//! They are not findings (see `connleak_core::model::PolicyReview`), so
//! each printer adds them beside the findings.

use connleak_core::model::{Outcome, PolicyReview, POLICY_CHANGED};
use connleak_core::text::escape_control;
use serde_json::{json, Value};
use std::io::Write;

/// The rule id allowances are annotated under.
pub const ALLOWANCE_ADDED: &str = "allowance-added";

/// The reviews of a report, each with how its lines are labelled: nothing
/// for a scan's own, `REPOSITORY: ` for each of a merged report's (their
/// paths are relative to their repositories).
pub fn of(outcome: &Outcome) -> Vec<(&PolicyReview, String)> {
    let s = &outcome.summary;
    s.policy
        .iter()
        .map(|r| (r, String::new()))
        .chain(s.policies.iter().map(|r| {
            let label = r
                .repository
                .as_deref()
                .map(|n| format!("{}: ", escape_control(n)))
                .unwrap_or_default();
            (r, label)
        }))
        .collect()
}

fn allowance_message(r: &PolicyReview, a: &connleak_core::model::Allowance) -> String {
    format!(
        "an inline connleak:allow marker suppresses this {} finding ({} severity) here but not at {}{}: \
         the marker is honoured because it is in the diff; check that it should be",
        a.rule,
        a.severity.as_str(),
        r.reference,
        a.justification
            .as_deref()
            .map(|j| format!(" (reason: {j})"))
            .unwrap_or_default()
    )
}

/// The text report: one block per policy change, after the findings.
pub fn write_text(out: &mut dyn Write, outcome: &Outcome) -> std::io::Result<()> {
    for (r, label) in of(outcome) {
        write_text_one(out, r, &label)?;
    }
    Ok(())
}

fn write_text_one(out: &mut dyn Write, r: &PolicyReview, label: &str) -> std::io::Result<()> {
    for c in &r.changes {
        writeln!(
            out,
            "{label}{}: {} {} {} {}",
            escape_control(&c.path),
            c.severity.as_str(),
            c.rule,
            c.file.as_str(),
            c.change.as_str()
        )?;
        writeln!(out, "    {}", escape_control(&c.message(&r.reference)))?;
    }
    Ok(())
}

/// Lines for the summary on stderr: the changes and the allowances added.
pub fn summary_lines(outcome: &Outcome) -> Vec<String> {
    let mut lines = Vec::new();
    for (r, label) in of(outcome) {
        summary_lines_one(&mut lines, r, &label);
    }
    lines
}

fn summary_lines_one(lines: &mut Vec<String>, r: &PolicyReview, label: &str) {
    let reference = escape_control(&r.reference);
    if !r.changes.is_empty() {
        lines.push(format!(
            "connleak: {label}{} policy file{} changed since {reference} (the scan used {reference}'s; each fails the gate as `policy-changed`):",
            r.changes.len(),
            if r.changes.len() == 1 { "" } else { "s" }
        ));
        for c in &r.changes {
            lines.push(format!(
                "  {} {} {}",
                escape_control(&c.path),
                c.file.as_str(),
                c.change.as_str()
            ));
        }
    }
    let n = r.allowances_added.len();
    lines.push(format!(
        "connleak: {label}{n} inline allowance{} added since {reference}{}",
        if n == 1 { "" } else { "s" },
        if n == 0 {
            ""
        } else {
            " (honoured; review them):"
        }
    ));
    for a in &r.allowances_added {
        lines.push(format!(
            "  {}:{}:{} {} {}{}",
            escape_control(&a.path),
            a.line,
            a.column,
            a.rule,
            a.severity.as_str(),
            a.justification
                .as_deref()
                .map(|j| format!(" reason={:?}", escape_control(j)))
                .unwrap_or_default()
        ));
    }
}

/// GitHub workflow commands: an error per policy change, a warning per
/// allowance added.
pub fn write_github(out: &mut dyn Write, outcome: &Outcome) -> std::io::Result<()> {
    for (r, label) in of(outcome) {
        write_github_one(out, r, &label)?;
    }
    Ok(())
}

fn write_github_one(out: &mut dyn Write, r: &PolicyReview, label: &str) -> std::io::Result<()> {
    use crate::github::{escape_data, escape_property};
    for c in &r.changes {
        writeln!(
            out,
            "::error file={},line=1,col=1,title={}::{}",
            escape_property(&escape_control(&c.path)),
            escape_property(&format!("connleak {} (high)", c.rule)),
            escape_data(&format!(
                "{label}{}",
                escape_control(&c.message(&r.reference))
            ))
        )?;
    }
    for a in &r.allowances_added {
        writeln!(
            out,
            "::warning file={},line={},col={},title={}::{}",
            escape_property(&escape_control(&a.path)),
            a.line,
            a.column,
            escape_property(&format!("connleak allowance added ({})", a.rule)),
            escape_data(&format!(
                "{label}{}",
                escape_control(&allowance_message(r, a))
            ))
        )?;
    }
    Ok(())
}

/// SARIF: the rule descriptors and one result per policy change (level
/// error) and per allowance added (level note).
fn sarif(outcome: &Outcome) -> (Vec<Value>, Vec<Value>) {
    let reviews = of(outcome);
    let mut rules = Vec::new();
    if reviews.iter().any(|(r, _)| !r.changes.is_empty()) {
        rules.push(json!({
            "id": POLICY_CHANGED,
            "name": "PolicyChanged",
            "shortDescription": {"text": "connleak policy file changed"},
            "fullDescription": {"text": "The scanned tree changes a connleak configuration, baseline or rule file compared with the trusted revision the scan took its policy from (--policy-from). The scan used the trusted version; the change takes effect once merged, so a reviewer should check it."},
            "help": {"text": "Review the change to the policy file: an exclude, allow pattern, fail-on level, disabled rule or baseline entry added by a change under review can hide a leaked password once merged."},
            "defaultConfiguration": {"level": "error"},
            "properties": {"tags": ["security", "policy"], "precision": "high", "security-severity": "8.5"}
        }));
    }
    if reviews.iter().any(|(r, _)| !r.allowances_added.is_empty()) {
        rules.push(json!({
            "id": ALLOWANCE_ADDED,
            "name": "AllowanceAdded",
            "shortDescription": {"text": "inline connleak:allow marker added"},
            "fullDescription": {"text": "An inline connleak:allow marker suppresses a finding in the scanned tree that it does not suppress at the trusted revision (--policy-from). The marker is honoured because it is visible in the diff."},
            "help": {"text": "Check that the suppressed value is not a real database password."},
            "defaultConfiguration": {"level": "note"},
            "properties": {"tags": ["security", "policy"], "precision": "high"}
        }));
    }
    let location = |path: &str, line: usize, col: usize| {
        json!([{
            "physicalLocation": {
                "artifactLocation": {"uri": crate::sarif::uri(path), "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": line, "startColumn": col}
            }
        }])
    };
    let mut results = Vec::new();
    for (r, label) in &reviews {
        for c in &r.changes {
            results.push(json!({
            "ruleId": POLICY_CHANGED,
            "level": "error",
            "message": {"text": format!("{label}{}", c.message(&r.reference))},
            "locations": location(&c.path, 1, 1),
            "partialFingerprints": {"connleakPolicyChange/v1": format!("{label}{}:{}", c.path, c.change.as_str())},
            "properties": {"severity": c.severity, "file": c.file, "change": c.change, "reference": r.reference, "commit": r.commit, "repository": r.repository}
        }));
        }
        for a in &r.allowances_added {
            results.push(json!({
            "ruleId": ALLOWANCE_ADDED,
            "level": "note",
            "message": {"text": format!("{label}{}", allowance_message(r, a))},
            "locations": location(&a.path, a.line, a.column),
            "partialFingerprints": {"connleakFingerprint/v1": a.fingerprint},
            "properties": {"rule": a.rule, "severity": a.severity, "justification": a.justification, "repository": r.repository}
        }));
        }
    }
    (rules, results)
}

/// JUnit: one failed test case per policy change.
pub fn junit_cases(outcome: &Outcome) -> Vec<crate::junit::Case> {
    of(outcome)
        .into_iter()
        .flat_map(|(r, label)| {
            r.changes.iter().map(move |c| crate::junit::Case {
                path: c.path.clone(),
                line: 1,
                name: format!("{} at {label}{}", c.rule, c.path),
                failure_type: c.rule.clone(),
                message: format!("{label}{}", c.message(&r.reference)),
            })
        })
        .collect()
}

/// Add the rule descriptors and results to a SARIF log.
pub fn extend_sarif(log: &mut Value, outcome: &Outcome) {
    let (rules, results) = sarif(outcome);
    let run = &mut log["runs"][0];
    if let Some(a) = run["tool"]["driver"]["rules"].as_array_mut() {
        a.extend(rules);
    }
    if let Some(a) = run["results"].as_array_mut() {
        a.extend(results);
    }
}
