//! The credential inventory: findings grouped into credentials (the same
//! secret for the same host and user is one credential, however many files,
//! commits, branches and repositories it appears in). It is the audit's main
//! output: the list of passwords to rotate. A live scan and `connleak
//! merge` of saved reports build it the same way, from typed items.

use connleak_core::fingerprint::credential_ids;
use connleak_core::model::{
    Credential, HistoryStatus, Identity, Item, Location, Service, Verification,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Give every item its credential id (one keyed hash per distinct
/// credential, not per finding). The hashes are slow by design (see
/// `fingerprint`), so the distinct credentials are hashed on up to
/// `threads` threads.
pub fn assign_ids(items: &mut [Item], threads: usize) {
    let key = |item: &Item| {
        let f = &item.finding;
        (
            f.host.clone().unwrap_or_default().to_ascii_lowercase(),
            f.user.clone().unwrap_or_default().to_ascii_lowercase(),
            f.secret.expose().to_string(),
        )
    };
    let distinct: Vec<(String, String, String)> = items
        .iter()
        .map(key)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let threads = threads.clamp(1, distinct.len().max(1));
    let per = distinct.len().div_ceil(threads).max(1);
    let ids: HashMap<&(String, String, String), String> = std::thread::scope(|s| {
        let workers: Vec<_> = distinct
            .chunks(per)
            .map(|chunk| {
                s.spawn(move || {
                    // derived side by side (see `fingerprint::pbkdf2_many`)
                    let keys: Vec<(&str, &str, &str)> = chunk
                        .iter()
                        .map(|(h, u, p)| (h.as_str(), u.as_str(), p.as_str()))
                        .collect();
                    chunk.iter().zip(credential_ids(&keys)).collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    for item in items.iter_mut() {
        if let Some(id) = ids.get(&key(item)) {
            item.credential = id.clone();
        }
    }
}

/// Group items (each with a credential id; without one, each finding is
/// its own credential) into credentials: those a server accepted
/// (`--verify`) first, then most severe and live first.
/// `show_secrets`: the secret in clear, else redacted.
pub fn build(items: &[Item], show_secrets: bool) -> Vec<Credential> {
    let mut groups: BTreeMap<&str, Vec<&Item>> = BTreeMap::new();
    for item in items {
        let id = if item.credential.is_empty() {
            item.finding.fingerprint.as_str()
        } else {
            item.credential.as_str()
        };
        groups.entry(id).or_default().push(item);
    }
    let mut out: Vec<Credential> = groups
        .into_iter()
        .map(|(id, items)| credential(id, &items, show_secrets))
        .collect();
    let rank = |c: &Credential| c.verification.as_ref().map_or(4, |v| v.status.rank());
    out.sort_by(|a, b| {
        (rank(a), b.severity, b.live, a.service.id(), &a.host, &a.id).cmp(&(
            rank(b),
            a.severity,
            a.live,
            b.service.id(),
            &b.host,
            &b.id,
        ))
    });
    out
}

fn location(item: &Item) -> Location {
    let f = &item.finding;
    let p = item.provenance.as_deref();
    Location {
        repository: item.repository().map(str::to_string),
        path: f.path.clone(),
        line: f.line,
        rule: f.rule.clone(),
        fingerprint: f.fingerprint.clone(),
        status: p.map_or(HistoryStatus::Live, |p| p.status),
        commit: p.map(|p| p.introduced.id.clone()),
        date: p.map(|p| p.introduced.date.clone()),
        author: p.map(|p| p.introduced.author.clone()),
        removed_by: p.and_then(|p| p.removed_by.as_ref().map(|c| c.id.clone())),
    }
}

fn credential(id: &str, items: &[&Item], show_secrets: bool) -> Credential {
    let first = &items[0].finding;
    let mut locations: Vec<Location> = items.iter().map(|i| location(i)).collect();
    locations.sort_by(|a, b| {
        (&a.repository, &a.date, &a.path, a.line).cmp(&(&b.repository, &b.date, &b.path, b.line))
    });
    let dates: Vec<&String> = locations.iter().filter_map(|l| l.date.as_ref()).collect();
    let repositories: BTreeSet<String> = locations
        .iter()
        .filter_map(|l| l.repository.clone())
        .collect();
    // the advice of the most severe finding, with the identity decided over
    // every location of the credential
    let best = items
        .iter()
        .max_by_key(|i| i.finding.severity)
        .copied()
        .unwrap_or(items[0]);
    let severity = best.finding.severity;
    let live = locations.iter().any(|l| l.status == HistoryStatus::Live);
    let mut remediation = best.remediation.clone();
    let units: BTreeSet<String> = items
        .iter()
        .filter_map(|i| {
            let unit = &i.remediation.as_ref()?.unit;
            Some(match i.repository() {
                Some(r) => format!("{r}:{unit}"),
                None => unit.clone(),
            })
        })
        .collect();
    if let Some(r) = remediation.as_mut() {
        if units.len() > 1 && r.identity == Identity::SystemAssigned {
            let (identity, reason) =
                connleak_remedy::shared_identity(&units.iter().collect::<Vec<_>>());
            r.identity = identity;
            r.identity_reason = reason;
        }
    }
    let first_rem = items[0].remediation.as_ref();
    // the most urgent verification among the locations: one live location
    // (a port or database where the password still works) makes it live
    let verification: Option<Verification> = items
        .iter()
        .filter_map(|i| i.verification.as_ref())
        .min_by_key(|v| v.status.rank())
        .cloned();
    let advice = verification
        .as_ref()
        .filter(|v| v.is_live())
        .map(|_| ROTATE_NOW.to_string());
    Credential {
        id: id.to_string(),
        service: first_rem.map_or(Service::NotAzure, |r| r.service),
        service_label: first_rem
            .map(|r| r.service_label.clone())
            .unwrap_or_default(),
        engine: first.engine,
        host: first.host.clone(),
        user: first.user.clone(),
        secret: first.secret.render(show_secrets),
        severity,
        live,
        first_seen: dates.iter().min().map(|d| d.to_string()),
        last_seen: dates.iter().max().map(|d| d.to_string()),
        repositories: repositories.into_iter().collect(),
        locations,
        remediation,
        verification,
        advice,
    }
}

/// The advice on a credential that a server still accepts.
pub const ROTATE_NOW: &str =
    "rotate now: the server still accepts this password (verified by --verify)";

#[cfg(test)]
mod tests {
    use super::*;
    use connleak_core::model::{
        Applicability, CommitInfo, Confidence, Finding, Kind, Provenance, Remediation, Secret,
        Severity, Stack,
    };

    fn item(path: &str, repo: &str, status: HistoryStatus, date: &str, unit: &str) -> Item {
        let mut i = Item::new(Finding {
            path: path.into(),
            line: 3,
            column: 1,
            end_line: 3,
            end_column: 5,
            rule: "r".into(),
            kind: Kind::Ado,
            engine: None,
            host: Some("h".into()),
            port: None,
            database: None,
            service: None,
            cloud: None,
            user: Some("u".into()),
            secret: Secret::new("abcdefgh"),
            fingerprint: path.into(),
            severity: Severity::High,
            confidence: Confidence::High,
            snippet: String::new(),
            encoding: None,
            source: None,
        });
        i.credential = "c1".into();
        i.remediation = Some(Remediation {
            service: Service::NotAzure,
            service_label: String::new(),
            stack: Stack::Other,
            stack_label: String::new(),
            identity: Identity::SystemAssigned,
            identity_reason: String::new(),
            summary: String::new(),
            replacement: None,
            min_client_version: None,
            steps: vec![],
            notes: vec![],
            docs: vec![],
            applicability: Applicability::DisplayOnly,
            edits: vec![],
            unit: unit.into(),
        });
        i.provenance = Some(Box::new(Provenance {
            repository: repo.into(),
            introduced: CommitInfo {
                id: "abc".into(),
                author: String::new(),
                date: date.into(),
                time: 0,
                summary: String::new(),
            },
            status,
            removed_by: None,
            refs: vec![],
            introductions: 1,
        }));
        i
    }

    #[test]
    fn one_secret_for_one_host_and_user_is_one_credential() {
        let mut other = item("z", "r1", HistoryStatus::Live, "2024-01-01T00:00:00Z", "z");
        other.credential = "c2".into();
        other.finding.severity = Severity::Low;
        let inv = build(
            &[
                item(
                    "a/x.json",
                    "r1",
                    HistoryStatus::Removed,
                    "2024-01-02T00:00:00Z",
                    "a",
                ),
                item(
                    "b/y.json",
                    "r2",
                    HistoryStatus::Live,
                    "2023-05-06T00:00:00Z",
                    "b",
                ),
                other,
            ],
            false,
        );
        assert_eq!(inv.len(), 2);
        let c = &inv[0];
        assert_eq!(c.id, "c1");
        assert!(c.live);
        assert_eq!(c.secret, "ab****");
        assert_eq!(c.first_seen.as_deref(), Some("2023-05-06T00:00:00Z"));
        assert_eq!(c.last_seen.as_deref(), Some("2024-01-02T00:00:00Z"));
        assert_eq!(c.repositories, vec!["r1", "r2"]);
        let r = c.remediation.as_ref().unwrap();
        assert_eq!(r.identity, Identity::UserAssigned);
        assert!(r
            .identity_reason
            .contains("2 deployable units (r1:a, r2:b)"));
    }
}
