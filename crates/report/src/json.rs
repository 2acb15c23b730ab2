//! `--format json`: one document with findings, errors and a summary.

use super::ReportOptions;
use crate::finding::Outcome;
use serde_json::{json, Value};
use std::io::Write;

/// Every finding as a JSON value (the secret shown only if asked).
pub fn finding_values(outcome: &Outcome, opts: &ReportOptions) -> Vec<Value> {
    outcome
        .findings
        .iter()
        .map(|f| {
            let mut v = serde_json::to_value(f).unwrap_or(Value::Null);
            if opts.show_secrets {
                v["secret"] = Value::String(f.secret.expose().to_string());
            }
            v
        })
        .collect()
}

pub fn to_value(outcome: &Outcome, opts: &ReportOptions) -> Value {
    let findings = finding_values(outcome, opts);
    let inventory = crate::inventory::build(&findings);
    let mut doc = json!({
        "version": 1,
        "findings": findings,
        "inventory": inventory,
        "errors": outcome.errors,
        "summary": outcome.summary,
    });
    if !outcome.suppressed.is_empty() {
        doc["suppressed"] = serde_json::to_value(&outcome.suppressed).unwrap_or(Value::Null);
    }
    doc
}

pub fn write(out: &mut dyn Write, outcome: &Outcome, opts: &ReportOptions) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(outcome, opts))?;
    writeln!(out)
}
