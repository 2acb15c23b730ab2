//! `--format sarif`: SARIF 2.1.0, as GitHub code scanning and the SARIF
//! Multitool expect it: rule metadata with help text, redacted snippets,
//! relative artifact URIs, and `partialFingerprints` that do not change when
//! code moves.

use crate::options::ReportOptions;
use connleak_core::model::{Confidence, Identity, Item, Outcome, Severity, SuppressedBy};
use connleak_core::rules::{Rule, RuleSet};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde_json::{json, Value};
use std::io::Write;

/// Characters that must be escaped in a relative URI reference path.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

pub fn uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.strip_prefix("./").unwrap_or(&p);
    utf8_percent_encode(p, PATH).to_string()
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::High => "8.5",
        Severity::Medium => "6.0",
        Severity::Low => "3.0",
    }
}

fn rule_descriptor(r: &Rule) -> Value {
    let mut md = format!("{}\n\n", r.description.trim());
    md.push_str("**What to do:** remove the password from the repository and rotate it now: it is in the history and must be considered compromised. For an Azure database, connect with a managed identity instead of a password; elsewhere, keep the secret in a secret store or an environment variable. Each result carries the exact replacement for its client stack (and a fix where it is a plain text edit); `connleak explain <fingerprint>` prints the full steps.\n");
    md.push_str(connleak_remedy::docs::PASSWORDLESS_TABLE);
    if !r.references.is_empty() {
        md.push_str("\n**References:**\n");
        for u in &r.references {
            md.push_str(&format!("- <{u}>\n"));
        }
    }
    let text = md.replace("**", "");
    let mut v = json!({
        "id": r.id,
        "name": camel(&r.id),
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": r.description.trim()},
        "help": {"text": text, "markdown": md},
        "defaultConfiguration": {"level": level(r.severity)},
        "properties": {
            "tags": ["security", "secrets", "database", r.kind.as_str()],
            "precision": match r.confidence { Confidence::High => "high", Confidence::Medium => "medium", Confidence::Low => "low" },
            "security-severity": security_severity(r.severity),
        }
    });
    if let Some(u) = r.references.first() {
        v["helpUri"] = json!(u);
    }
    v
}

fn camel(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn message(item: &Item) -> String {
    let f = &item.finding;
    let mut m = String::from("Database password embedded in ");
    m.push_str(match f.kind {
        connleak_core::model::Kind::Uri => "a connection URI",
        connleak_core::model::Kind::Jdbc => "a JDBC URL",
        k if k.is_connection_string() => "a connection string",
        _ => "code or configuration",
    });
    if let Some(e) = f.engine {
        m.push_str(&format!(" ({})", e.as_str()));
    }
    if let Some(h) = &f.host {
        m.push_str(&format!(" for host {h}"));
    }
    if let Some(s) = f.service {
        m.push_str(&format!(", an {} endpoint", s.label()));
    }
    m.push_str(". Rotate this password and remove it from the repository");
    match &item.remediation {
        Some(r) => {
            m.push_str(&format!(": {}.", r.summary));
            if let Some(rep) = &r.replacement {
                m.push_str(&format!(" Replacement: {rep}"));
            }
            if r.identity != Identity::NotApplicable {
                m.push_str(&format!(
                    " Identity: {}. {}",
                    r.identity.as_str(),
                    r.identity_reason
                ));
            }
        }
        None if f.service.is_some() => m.push_str("; connect with a managed identity instead."),
        None => m.push_str("; load it from a secret store or environment variable."),
    }
    m
}

/// A SARIF `fix` for each exact edit the remediation engine found.
fn fixes(item: &Item) -> Option<Value> {
    let f = &item.finding;
    let r = item.remediation.as_ref()?;
    if r.edits.is_empty() {
        return None;
    }
    let replacements: Vec<Value> = r
        .edits
        .iter()
        .map(|e| {
            json!({
                "deletedRegion": {
                    "startLine": e.start_line,
                    "startColumn": e.start_column,
                    "endLine": e.end_line,
                    "endColumn": e.end_column,
                },
                "insertedContent": {"text": e.new_text},
            })
        })
        .collect();
    // a managed identity's edit, or a reference to a secret store (whose
    // note says where the secret goes)
    let description = if r.identity == Identity::NotApplicable {
        let goes = r
            .notes
            .iter()
            .find_map(|n| n.strip_prefix("Where the secret goes instead: "))
            .unwrap_or("a secret store or the environment.");
        format!("Read the password from a secret store instead: put it in {goes} Then rotate the leaked password.")
    } else {
        format!("Connect without a password: {}. Also enable the identity, create its database user and rotate the leaked password.", r.summary)
    };
    Some(json!([{
        "description": {"text": description},
        "artifactChanges": [{
            "artifactLocation": {"uri": uri(&f.path), "uriBaseId": "%SRCROOT%"},
            "replacements": replacements,
        }],
    }]))
}

pub fn to_value(outcome: &Outcome, set: &RuleSet, opts: &ReportOptions) -> Value {
    let rules: Vec<Value> = set.rules.iter().map(rule_descriptor).collect();
    // suppressed findings (listed with --include-suppressed) are results
    // with a SARIF `suppressions` entry, so code scanning shows them as
    // dismissed instead of losing them
    let suppressed = outcome.suppressed.iter().filter_map(|item| {
        let s = item.suppression.as_ref()?;
        Some((
            item,
            Some(json!([{
                "kind": match s.suppressed_by {
                    SuppressedBy::Inline => "inSource",
                    _ => "external",
                },
                "status": "accepted",
                "justification": s.justification.clone().unwrap_or_else(|| format!("suppressed by {}", s.suppressed_by.as_str())),
            }])),
        ))
    });
    let results: Vec<Value> = outcome
        .findings
        .iter()
        .map(|item| (item, None))
        .chain(suppressed)
        .map(|(item, suppression)| {
            let f = &item.finding;
            let index = set.rules.iter().position(|r| r.id == f.rule);
            let mut r = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": {"text": message(item)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&f.path), "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "endLine": f.end_line,
                            "endColumn": f.end_column,
                            "snippet": {"text": f.snippet},
                        }
                    }
                }],
                "partialFingerprints": {"connleakFingerprint/v1": f.fingerprint},
                "properties": {
                    "severity": f.severity,
                    "confidence": f.confidence,
                    "kind": f.kind,
                    "engine": f.engine,
                    "host": f.host,
                    "service": f.service,
                    "user": f.user,
                    "secret": if opts.show_secrets { f.secret.expose().to_string() } else { f.secret.redacted() },
                }
            });
            if let Some(i) = index {
                r["ruleIndex"] = json!(i);
            }
            if let Some(rem) = &item.remediation {
                r["properties"]["remediation"] = serde_json::to_value(rem).unwrap_or(Value::Null);
            }
            if let Some(p) = &item.provenance {
                r["properties"]["provenance"] = serde_json::to_value(p).unwrap_or(Value::Null);
            }
            if !item.credential.is_empty() {
                r["properties"]["credential"] = Value::String(item.credential.clone());
            }
            if let Some(v) = &item.verification {
                r["properties"]["verification"] = serde_json::to_value(v).unwrap_or(Value::Null);
            }
            if let Some(fx) = fixes(item) {
                r["fixes"] = fx;
            }
            if let Some(sup) = suppression {
                r["suppressions"] = sup;
            }
            r
        })
        .collect();
    let notifications: Vec<Value> = outcome
        .errors
        .iter()
        .map(|e| {
            json!({
                "level": "warning",
                "message": {"text": e.message},
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "connleak",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/connleak/connleak",
                "rules": rules,
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The directory connleak was run from."}}},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }]
    })
}

pub fn write(
    out: &mut dyn Write,
    outcome: &Outcome,
    set: &RuleSet,
    opts: &ReportOptions,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(outcome, set, opts))?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_escaped() {
        assert_eq!(uri("./a b/c#d.json"), "a%20b/c%23d.json");
        assert_eq!(uri("dir\\x.cs"), "dir/x.cs");
        assert_eq!(uri("päth/x"), "p%C3%A4th/x");
        assert_eq!(uri("a\u{1b}b"), "a%1Bb");
    }
}
