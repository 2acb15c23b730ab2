//! The credential inventory: findings grouped into credentials (the same
//! secret for the same host and user is one credential, however many files,
//! commits, branches and repositories it appears in). It is the audit's main
//! output: the list of passwords to rotate. A live scan and `connleak
//! merge` of saved reports build it the same way, from typed items.

use connleak_core::fingerprint::{batch_size, derive, Derivation};
use connleak_core::model::{
    Credential, Finding, HistoryStatus, Identity, Item, Location, Service, Verification,
};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};

/// What a credential id is derived from: the host and user (lower-cased)
/// and the secret.
type Key = (String, String, String);

fn key(f: &Finding) -> Key {
    (
        f.host.clone().unwrap_or_default().to_ascii_lowercase(),
        f.user.clone().unwrap_or_default().to_ascii_lowercase(),
        f.secret.expose().to_string(),
    )
}

/// Give every item its credential id (one keyed hash per distinct
/// credential, not per finding). The hashes are slow by design (see
/// `fingerprint`): those an [`Early`] derived while the scan ran are
/// `known`; the rest are hashed on up to `threads` threads.
pub fn assign_ids(items: &mut [Item], threads: usize, mut known: HashMap<Key, String>) {
    let distinct: Vec<Derivation> = items
        .iter()
        .map(|i| key(&i.finding))
        .filter(|k| !known.contains_key(k))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(credential_job)
        .collect();
    for (job, id) in derive_on(&distinct, threads) {
        if let Derivation::Credential { host, user, secret } = job {
            known.insert((host, user, secret), id);
        }
    }
    for item in items.iter_mut() {
        if let Some(id) = known.get(&key(&item.finding)) {
            item.credential = id.clone();
        }
    }
}

/// Give every item whose scan left its fingerprint to be derived later (see
/// `ScanOptions::defer_fingerprints`) its fingerprint: those an [`Early`]
/// derived while the scan ran are `known`; the rest are derived together on
/// up to `threads` threads.
pub fn fill_fingerprints(items: &mut [Item], threads: usize, known: &HashMap<Derivation, String>) {
    let distinct: Vec<Derivation> = items
        .iter()
        .filter_map(|i| fingerprint_job(&i.finding))
        .filter(|j| !known.contains_key(j))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let derived: HashMap<Derivation, String> = derive_on(&distinct, threads).into_iter().collect();
    for item in items.iter_mut() {
        if let Some(job) = fingerprint_job(&item.finding) {
            if let Some(fp) = known.get(&job).or_else(|| derived.get(&job)) {
                item.finding.fingerprint = fp.clone();
            }
        }
    }
}

/// The fingerprint still to derive for `f`, if its scan left it.
fn fingerprint_job(f: &Finding) -> Option<Derivation> {
    if !f.fingerprint.is_empty() {
        return None;
    }
    let path = f.source.as_ref()?.fingerprint_path.as_ref()?;
    Some(Derivation::Fingerprint {
        rule: f.rule.clone(),
        path: path.clone(),
        secret: f.secret.expose().to_string(),
    })
}

fn credential_job((host, user, secret): Key) -> Derivation {
    Derivation::Credential { host, user, secret }
}

/// `jobs` derived on up to `threads` threads, in runs of at least the
/// batch that derives fastest (see `fingerprint::batch_size`).
fn derive_on(jobs: &[Derivation], threads: usize) -> Vec<(Derivation, String)> {
    if jobs.is_empty() {
        return Vec::new();
    }
    let threads = threads.clamp(1, jobs.len());
    let per = jobs.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let workers: Vec<_> = jobs
            .chunks(per)
            .map(|chunk| {
                s.spawn(move || chunk.iter().cloned().zip(derive(chunk)).collect::<Vec<_>>())
            })
            .collect();
        workers
            .into_iter()
            .zip(jobs.chunks(per))
            // a run whose thread panicked is derived again here: no finding
            // is left without its fingerprint
            .flat_map(|(w, chunk)| {
                w.join()
                    .unwrap_or_else(|_| chunk.iter().cloned().zip(derive(chunk)).collect())
            })
            .collect()
    })
}

/// Credential ids and fingerprints derived on a thread of their own while
/// the scan runs, from the findings as they are found ([`Early::offer`]),
/// instead of all at the end: on a tree with dozens of findings the end of
/// the run waited for them (several milliseconds of a 80 ms scan). Where the
/// processor has wide lanes (see `fingerprint::pbkdf2_many`), the scan also
/// leaves each file's fingerprints to it, and it takes those of many files
/// 16 at a time instead of one file's few. Once the walk is over
/// ([`Early::walk_done`]) it derives what is pending without waiting for
/// full batches; what it has not derived by [`Early::finish`] is derived
/// there on every thread given, so that one thread never holds up the end
/// of a scan with thousands of findings.
pub struct Early {
    /// `None` when no thread could be started: then everything is derived
    /// at the end
    tx: Option<mpsc::Sender<Offer>>,
    worker: Option<std::thread::JoinHandle<Handover>>,
    /// set by [`Early::finish`]: stop deriving, hand the rest over
    stop: Arc<AtomicBool>,
}

enum Offer {
    Job(Derivation),
    WalkDone,
}

/// What the thread derived, and what it left.
type Handover = (HashMap<Derivation, String>, Vec<Derivation>);

/// An offer into the pending batch (each distinct job once: `seen` holds
/// every job ever taken, so that thousands pending after [`Early::finish`]
/// are not compared one by one), or the end of the walk.
fn take(
    offer: Offer,
    seen: &mut HashSet<Derivation>,
    batch: &mut Vec<Derivation>,
    eager: &mut bool,
) {
    match offer {
        Offer::Job(j) => {
            if seen.insert(j.clone()) {
                batch.push(j);
            }
        }
        Offer::WalkDone => *eager = true,
    }
}

/// What an [`Early`] derived.
#[derive(Default)]
pub struct EarlyDerived {
    /// credential ids, for [`assign_ids`]
    pub ids: HashMap<Key, String>,
    /// fingerprints, for [`fill_fingerprints`]
    pub fingerprints: HashMap<Derivation, String>,
}

impl Early {
    pub fn start() -> Early {
        let (tx, rx) = mpsc::channel::<Offer>();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let worker = std::thread::Builder::new()
            .name("credential-ids".into())
            .spawn(move || {
                let mut done: HashMap<Derivation, String> = HashMap::new();
                let mut seen: HashSet<Derivation> = HashSet::new();
                let mut batch: Vec<Derivation> = Vec::new();
                // each distinct job once. Where 16 derivations cost about
                // what 5 do one by one (wide lanes), they wait until 16 are
                // pending while the walk goes on; else they are derived as
                // they come, up to four side by side
                let want = batch_size();
                let mut eager = want <= 4;
                while let Ok(offer) = rx.recv() {
                    take(offer, &mut seen, &mut batch, &mut eager);
                    while batch.len() < want {
                        match rx.try_recv() {
                            Ok(offer) => take(offer, &mut seen, &mut batch, &mut eager),
                            Err(_) => break,
                        }
                    }
                    while !batch.is_empty()
                        && (eager || batch.len() >= want)
                        && !stopped.load(Ordering::Relaxed)
                    {
                        let n = batch.len().min(want);
                        let derived = derive(&batch[..n]);
                        done.extend(batch.drain(..n).zip(derived));
                    }
                }
                // handed over to `finish`
                (done, batch)
            })
            .ok();
        Early {
            tx: worker.as_ref().map(|_| tx),
            worker,
            stop,
        }
    }

    /// A finding that will be listed (not one suppressed inline): its
    /// credential id, and its fingerprint if its scan left it.
    pub fn offer(&self, f: &Finding) {
        if let Some(tx) = &self.tx {
            // the worker only stops when the sender is dropped
            let _ = tx.send(Offer::Job(credential_job(key(f))));
            if let Some(job) = fingerprint_job(f) {
                let _ = tx.send(Offer::Job(job));
            }
        }
    }

    /// The walk is over: derive what is pending without waiting for more.
    pub fn walk_done(&self) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Offer::WalkDone);
        }
    }

    /// What was derived: the thread stops after the batch it is deriving,
    /// and what it had not derived yet is derived here on up to `threads`
    /// threads.
    pub fn finish(self, threads: usize) -> EarlyDerived {
        self.stop.store(true, Ordering::Relaxed);
        drop(self.tx);
        let (mut done, pending) = self.worker.and_then(|w| w.join().ok()).unwrap_or_default();
        done.extend(derive_on(&pending, threads));
        let mut out = EarlyDerived::default();
        for (job, value) in done {
            match job {
                Derivation::Credential { host, user, secret } => {
                    out.ids.insert((host, user, secret), value);
                }
                fp @ Derivation::Fingerprint { .. } => {
                    out.fingerprints.insert(fp, value);
                }
            }
        }
        out
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

    /// Fingerprints left by the scan and derived later, by an early
    /// derivation and at the end, are the fingerprints the scan derives
    /// itself: many files (more than a batch of 16), the same secret under
    /// two rules and in two files, and findings the early derivation never
    /// saw (suppressed inline).
    #[test]
    fn fingerprints_derived_later_are_those_derived_in_the_scan() {
        use connleak_core::rules::RuleSet;
        use connleak_core::scan::{scan_text, ScanOptions};
        let set = RuleSet::builtin().unwrap();
        let scan = |defer: bool| -> Vec<Item> {
            let opts = ScanOptions {
                defer_fingerprints: defer,
                ..ScanOptions::default()
            };
            (0..24)
                .flat_map(|i| {
                    let text = format!(
                        "DB_PASSWORD=Zq{}x7Lm-pw\nDATABASE_URL=postgres://app:Zq{}x7Lm-pw@db{i}.internal/app\n",
                        i % 5,
                        i % 5
                    );
                    // shown from where the scan started, keyed from the top
                    let shown = format!("../checkout/svc{i}/.env");
                    let keyed = format!("svc{i}/.env");
                    scan_text(&set, &shown, &keyed, text.as_bytes(), &opts)
                })
                .map(Item::new)
                .collect()
        };
        let now = scan(false);
        let mut later = scan(true);
        assert!(now.len() >= 48, "{}", now.len());
        assert_eq!(now.len(), later.len());
        assert!(later.iter().all(|i| i.finding.fingerprint.is_empty()));
        assert!(now.iter().all(|i| !i.finding.fingerprint.is_empty()));
        // the early derivation sees every other finding; the rest are
        // derived at the end
        let early = Early::start();
        for item in later.iter().step_by(2) {
            early.offer(&item.finding);
        }
        let derived = early.finish(2);
        assert!(!derived.fingerprints.is_empty());
        assert!(derived.fingerprints.len() < now.len());
        fill_fingerprints(&mut later, 2, &derived.fingerprints);
        for (a, b) in now.iter().zip(&later) {
            assert_eq!(
                a.finding.fingerprint, b.finding.fingerprint,
                "{}",
                a.finding.path
            );
        }
        // and the ids it derived are the ids derived at the end
        let mut ids_now = now.clone();
        assign_ids(&mut ids_now, 2, HashMap::new());
        assign_ids(&mut later, 1, derived.ids);
        for (a, b) in ids_now.iter().zip(&later) {
            assert_eq!(a.credential, b.credential);
        }
    }

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

    /// Ids derived while the scan runs are the ids derived at the end: the
    /// same for the same host (any case), user and secret, each distinct
    /// credential once however often it is offered, and what was not
    /// offered is derived by `assign_ids`, which uses what was.
    #[test]
    fn ids_derived_during_the_scan_are_the_ids_derived_at_the_end() {
        let make = |host: &str, user: &str, secret: &str| {
            let mut i = item("p", "r", HistoryStatus::Live, "", "u");
            i.credential = String::new();
            i.finding.host = Some(host.into());
            i.finding.user = Some(user.into());
            i.finding.secret = Secret::new(secret);
            i
        };
        let items = vec![
            make("db", "app", "Zq8-Lp3mXr"),
            make("DB", "App", "Zq8-Lp3mXr"),
            make("db", "app", "other-Pw9x"),
            make("db2", "app", "Zq8-Lp3mXr"),
            make("db3", "ops", "Wm4#tRe7"),
        ];
        let mut at_end = items.clone();
        assign_ids(&mut at_end, 2, HashMap::new());
        let early = Early::start();
        for i in &items[..4] {
            early.offer(&i.finding);
            early.offer(&i.finding);
        }
        let derived = early.finish(2);
        // these findings carry their fingerprints: only ids to derive
        assert!(derived.fingerprints.is_empty());
        let known = derived.ids;
        assert_eq!(known.len(), 3, "each distinct credential once: {known:?}");
        let mut during = items.clone();
        assign_ids(&mut during, 2, known.clone());
        let ids = |v: &[Item]| v.iter().map(|i| i.credential.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&during), ids(&at_end));
        assert_eq!(at_end[0].credential, at_end[1].credential);
        assert_ne!(at_end[0].credential, at_end[2].credential);
        assert_ne!(at_end[0].credential, at_end[3].credential);
        assert!(at_end.iter().all(|i| i.credential.len() == 32));
        // what is known is taken as it is, not derived again
        let mut taken = items[..1].to_vec();
        let marked: HashMap<_, _> = known
            .into_keys()
            .map(|k| (k, "known".to_string()))
            .collect();
        assign_ids(&mut taken, 1, marked);
        assert_eq!(taken[0].credential, "known");
    }
}
