//! The credential inventory: findings grouped into credentials (the same
//! secret for the same host and user is one credential, however many files,
//! commits, branches and repositories it appears in). It is the audit's main
//! output: the list of passwords to rotate.
//!
//! The inventory is built from findings as JSON values, so that a live scan
//! and `connleak merge` of saved reports share one code path.

use crate::finding::Finding;
use crate::fingerprint::credential_id;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Give every finding its credential id (one keyed hash per distinct
/// credential, not per finding).
pub fn assign_ids(findings: &mut [Finding]) {
    let mut cache: HashMap<(String, String, String), String> = HashMap::new();
    for f in findings {
        let key = (
            f.host.clone().unwrap_or_default().to_ascii_lowercase(),
            f.user.clone().unwrap_or_default().to_ascii_lowercase(),
            f.secret.expose().to_string(),
        );
        f.credential = cache
            .entry(key)
            .or_insert_with_key(|(h, u, s)| credential_id(h, u, s))
            .clone();
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    pub path: String,
    pub line: u64,
    pub rule: String,
    pub fingerprint: String,
    /// `live`, `removed` or `branch-only` (history); `live` for a tree scan
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed_by: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Credential {
    pub id: String,
    pub service: String,
    pub service_label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// the redacted secret
    pub secret: String,
    pub severity: String,
    /// still present in a working tree or at HEAD somewhere
    pub live: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
    pub repositories: Vec<String>,
    pub locations: Vec<Location>,
    pub remediation: Value,
}

fn s(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(str::to_string)
}

fn rank(sev: &str) -> u8 {
    match sev {
        "high" => 3,
        "medium" => 2,
        _ => 1,
    }
}

/// Group findings (as JSON values, each with a `credential` id) into
/// credentials, most severe and live first.
pub fn build(findings: &[Value]) -> Vec<Credential> {
    let mut groups: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for f in findings {
        let id = s(f, "credential")
            .filter(|c| !c.is_empty())
            // a report without ids: fall back to the fingerprint, one
            // credential per finding
            .or_else(|| s(f, "fingerprint"))
            .unwrap_or_default();
        groups.entry(id).or_default().push(f);
    }
    let mut out: Vec<Credential> = groups
        .into_iter()
        .map(|(id, fs)| credential(id, &fs))
        .collect();
    out.sort_by(|a, b| {
        (rank(&b.severity), b.live, &a.service, &a.host, &a.id).cmp(&(
            rank(&a.severity),
            a.live,
            &b.service,
            &b.host,
            &b.id,
        ))
    });
    out
}

fn credential(id: String, fs: &[&Value]) -> Credential {
    let first = fs[0];
    let mut locations: Vec<Location> = fs
        .iter()
        .map(|f| {
            let p = f.get("provenance");
            let pv = |k: &str| p.and_then(|p| p.get(k));
            Location {
                repository: pv("repository").and_then(Value::as_str).map(str::to_string),
                path: s(f, "path").unwrap_or_default(),
                line: f.get("line").and_then(Value::as_u64).unwrap_or(0),
                rule: s(f, "rule").unwrap_or_default(),
                fingerprint: s(f, "fingerprint").unwrap_or_default(),
                status: pv("status")
                    .and_then(Value::as_str)
                    .unwrap_or("live")
                    .to_string(),
                commit: pv("introduced").and_then(|c| s(c, "id")),
                date: pv("introduced").and_then(|c| s(c, "date")),
                author: pv("introduced").and_then(|c| s(c, "author")),
                removed_by: pv("removed_by").and_then(|c| s(c, "id")),
            }
        })
        .collect();
    locations.sort_by(|a, b| {
        (&a.repository, &a.date, &a.path, a.line).cmp(&(&b.repository, &b.date, &b.path, b.line))
    });
    let dates: Vec<&String> = locations.iter().filter_map(|l| l.date.as_ref()).collect();
    let repositories: BTreeSet<String> = locations
        .iter()
        .filter_map(|l| l.repository.clone())
        .collect();
    let severity = fs
        .iter()
        .filter_map(|f| s(f, "severity"))
        .max_by_key(|x| rank(x))
        .unwrap_or_else(|| "low".into());
    let live = locations.iter().any(|l| l.status == "live");
    // the advice of the most severe finding, with the identity decided over
    // every location of the credential
    let best = fs
        .iter()
        .max_by_key(|f| rank(&s(f, "severity").unwrap_or_default()))
        .copied()
        .unwrap_or(first);
    let mut remediation = best.get("remediation").cloned().unwrap_or(Value::Null);
    let units: BTreeSet<(String, String)> = fs
        .iter()
        .filter_map(|f| {
            let r = f.get("remediation")?;
            let repo = f
                .get("provenance")
                .and_then(|p| s(p, "repository"))
                .unwrap_or_default();
            Some((repo, s(r, "unit")?))
        })
        .collect();
    if units.len() > 1
        && remediation.get("identity").and_then(Value::as_str) == Some("system-assigned")
    {
        let list: Vec<String> = units
            .iter()
            .map(|(r, u)| {
                if r.is_empty() {
                    u.clone()
                } else {
                    format!("{r}:{u}")
                }
            })
            .collect();
        remediation["identity"] = Value::String("user-assigned".into());
        remediation["identity_reason"] = Value::String(format!(
            "The same credential is used by {} deployable units ({}): one user-assigned identity can be shared by all of them and outlives any one of them.",
            list.len(),
            list.join(", ")
        ));
    }
    Credential {
        id,
        service: first
            .get("remediation")
            .and_then(|r| s(r, "service"))
            .unwrap_or_else(|| "not-azure".into()),
        service_label: first
            .get("remediation")
            .and_then(|r| s(r, "service_label"))
            .unwrap_or_default(),
        engine: s(first, "engine"),
        host: s(first, "host"),
        user: s(first, "user"),
        secret: s(first, "secret").unwrap_or_default(),
        severity,
        live,
        first_seen: dates.iter().min().map(|d| d.to_string()),
        last_seen: dates.iter().max().map(|d| d.to_string()),
        repositories: repositories.into_iter().collect(),
        locations,
        remediation,
    }
}

/// `connleak merge`: several JSON reports into one, with one inventory.
pub fn merge(reports: &[Value]) -> Value {
    let mut findings: Vec<Value> = Vec::new();
    let mut errors: Vec<Value> = Vec::new();
    for r in reports {
        if let Some(f) = r.get("findings").and_then(Value::as_array) {
            findings.extend(f.iter().cloned());
        }
        if let Some(e) = r.get("errors").and_then(Value::as_array) {
            errors.extend(e.iter().cloned());
        }
    }
    let inventory = build(&findings);
    serde_json::json!({
        "version": 1,
        "merged_reports": reports.len(),
        "findings": findings,
        "errors": errors,
        "inventory": inventory,
        "summary": {"findings": findings.len(), "credentials": inventory.len()},
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_secret_for_one_host_and_user_is_one_credential() {
        let f = |path: &str, repo: &str, status: &str, date: &str| {
            json!({"path": path, "line": 3, "rule": "r", "fingerprint": path, "credential": "c1",
                   "host": "h", "user": "u", "secret": "ab****", "severity": "high",
                   "remediation": {"service": "azure-sql", "identity": "system-assigned", "unit": path},
                   "provenance": {"repository": repo, "status": status,
                                  "introduced": {"id": "abc", "date": date}}})
        };
        let inv = build(&[
            f("a/x.json", "r1", "removed", "2024-01-02T00:00:00Z"),
            f("b/y.json", "r2", "live", "2023-05-06T00:00:00Z"),
            json!({"path": "z", "line": 1, "rule": "r", "fingerprint": "z", "credential": "c2", "severity": "low"}),
        ]);
        assert_eq!(inv.len(), 2);
        let c = &inv[0];
        assert_eq!(c.id, "c1");
        assert!(c.live);
        assert_eq!(c.first_seen.as_deref(), Some("2023-05-06T00:00:00Z"));
        assert_eq!(c.last_seen.as_deref(), Some("2024-01-02T00:00:00Z"));
        assert_eq!(c.repositories, vec!["r1", "r2"]);
        assert_eq!(c.remediation["identity"], "user-assigned");
    }
}
