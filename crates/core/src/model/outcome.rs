//! The result of a scan, whatever its source: the reported items, the
//! suppressed ones, the errors, the files skipped and the counts. One
//! [`Tally`] builds it from the sources' events, so every source counts the
//! same way.

use super::event::{Event, ScanError, Sink, SkipReason, Skipped, Unlisted};
use super::{HistoryStats, Item, PolicyReview, SuppressedCounts, VerifySummary};
use serde::{Deserialize, Serialize};
use std::sync::Mutex;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Summary {
    pub files_scanned: u64,
    pub bytes_scanned: u64,
    pub files_skipped: u64,
    pub skipped_binary: u64,
    pub skipped_too_large: u64,
    /// not regular files (files that could not be read are `errors`)
    pub skipped_other: u64,
    pub findings: u64,
    /// findings counted but not listed, in files with more than the
    /// per-file limit (see `unlisted`)
    #[serde(skip_serializing_if = "is_zero")]
    pub findings_unlisted: u64,
    /// paths (files, or whole directories such as `node_modules/`) that a
    /// directory walk left out because `.gitignore`, `.ignore`, git's
    /// exclude files or an exclude glob matched them (`--no-ignore` scans
    /// what the ignore files exclude); 0 for history, staged and stdin scans
    pub ignored: u64,
    /// findings suppressed inline, by the config or by the baseline
    #[serde(skip_serializing_if = "is_zero")]
    pub suppressed: u64,
    /// `suppressed` by source (inline, config, baseline); absent when 0
    #[serde(skip_serializing_if = "SuppressedCounts::is_zero")]
    pub suppressed_by: SuppressedCounts,
    pub elapsed_ms: u64,
    /// for a history scan: refs, commits and blobs (each distinct blob is
    /// scanned once: `blobs_scanned + blobs_skipped == blobs_distinct`)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<HistoryStats>,
    /// with `scan --verify`: credentials by verification status
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification: Option<VerifySummary>,
    /// with `scan --policy-from REF`: the policy files the scanned tree
    /// changes and the inline allowances it adds, compared with REF
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyReview>,
    /// `merge`: the `policy` review of every merged report (and the
    /// `policies` of merged reports merged again), each labelled with its
    /// repository; a scan report has `policy` instead
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<PolicyReview>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Summary {
    /// Every policy review the report holds: a scan's own, or those of
    /// the reports merged into it.
    pub fn reviews(&self) -> impl Iterator<Item = &PolicyReview> {
        self.policy.iter().chain(self.policies.iter())
    }

    /// Add another scan's counts (files, bytes, skips) to these.
    pub fn absorb(&mut self, b: &Summary) {
        self.files_scanned += b.files_scanned;
        self.bytes_scanned += b.bytes_scanned;
        self.skipped_binary += b.skipped_binary;
        self.skipped_too_large += b.skipped_too_large;
        self.skipped_other += b.skipped_other;
        self.files_skipped = self.skipped_binary + self.skipped_too_large + self.skipped_other;
        self.findings += b.findings;
        self.findings_unlisted += b.findings_unlisted;
        self.ignored += b.ignored;
        self.suppressed += b.suppressed;
        self.suppressed_by.absorb(&b.suppressed_by);
        if let Some(h) = &b.history {
            self.history.get_or_insert_with(Default::default).absorb(h);
        }
        if let Some(v) = &b.verification {
            self.verification
                .get_or_insert_with(Default::default)
                .absorb(v);
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Item>,
    /// findings not reported, and why
    pub suppressed: Vec<Item>,
    pub errors: Vec<ScanError>,
    /// files not scanned on purpose, other than binary ones
    pub skipped: Vec<Skipped>,
    /// files with more findings than are listed per file
    pub unlisted: Vec<Unlisted>,
    pub summary: Summary,
}

impl Outcome {
    /// Deterministic order (repository, path, line, column, rule), and the
    /// counts that follow from the lists.
    pub fn sort(&mut self) {
        self.findings
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.suppressed
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.errors
            .sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
        self.skipped.sort();
        self.unlisted.sort();
        self.summary.findings = self.findings.len() as u64;
        self.summary.suppressed = self.suppressed.len() as u64;
    }

    /// Another outcome's items, errors and counts added to these.
    pub fn absorb(&mut self, b: Outcome) {
        self.summary.absorb(&b.summary);
        self.findings.extend(b.findings);
        self.suppressed.extend(b.suppressed);
        self.errors.extend(b.errors);
        self.skipped.extend(b.skipped);
        self.unlisted.extend(b.unlisted);
    }

    /// Count one event.
    pub fn record(&mut self, event: Event<'_>) {
        let s = &mut self.summary;
        match event {
            Event::Scanned { bytes, .. } => {
                s.files_scanned += 1;
                s.bytes_scanned += bytes;
            }
            Event::Skipped { path, reason } => {
                match reason {
                    SkipReason::Binary => s.skipped_binary += 1,
                    SkipReason::TooLarge => s.skipped_too_large += 1,
                    SkipReason::NotAFile => s.skipped_other += 1,
                }
                if reason != SkipReason::Binary {
                    self.skipped.push(Skipped {
                        path: path.to_string(),
                        reason,
                    });
                }
                s.files_skipped += 1;
            }
            Event::Failed(e) => self.errors.push(e),
            Event::Unlisted { path, findings } => {
                s.findings_unlisted += findings;
                self.unlisted.push(Unlisted {
                    path: path.to_string(),
                    findings,
                });
            }
            Event::Ignored(n) => s.ignored += n,
            Event::Found(item) => {
                if item.suppression.is_some() {
                    self.suppressed.push(*item);
                } else {
                    self.findings.push(*item);
                }
            }
        }
    }
}

/// The one place where a scan's events become its outcome. Shared by the
/// worker threads of every source.
#[derive(Default)]
pub struct Tally {
    state: Mutex<Outcome>,
}

impl Tally {
    pub fn new() -> Tally {
        Tally::default()
    }

    /// The outcome, sorted.
    pub fn finish(self) -> Outcome {
        let mut o = self.state.into_inner().unwrap_or_else(|p| p.into_inner());
        o.sort();
        o
    }
}

impl Sink for Tally {
    fn emit(&self, event: Event<'_>) {
        self.state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .record(event);
    }
}

#[cfg(test)]
mod tests {
    use super::super::ErrorKind;
    use super::*;

    #[test]
    fn every_event_is_counted_once() {
        let t = Tally::new();
        t.emit(Event::Scanned {
            path: "a",
            bytes: 10,
        });
        t.emit(Event::Skipped {
            path: "b",
            reason: SkipReason::Binary,
        });
        t.emit(Event::Skipped {
            path: "c",
            reason: SkipReason::TooLarge,
        });
        t.emit(Event::Failed(ScanError::new(
            "d",
            ErrorKind::PermissionDenied,
        )));
        t.emit(Event::Ignored(3));
        t.emit(Event::Ignored(2));
        let o = t.finish();
        let s = &o.summary;
        assert_eq!((s.files_scanned, s.bytes_scanned), (1, 10));
        assert_eq!(
            (
                s.skipped_binary,
                s.skipped_too_large,
                s.skipped_other,
                s.files_skipped
            ),
            (1, 1, 0, 2)
        );
        assert_eq!(s.ignored, 5);
        assert_eq!(o.errors[0].message, "d: permission denied");
        assert_eq!(o.skipped.len(), 1, "binary files are counted, not listed");
    }

    /// The versions of one file in a history share path, line, column and
    /// rule: they keep one order, whatever order the scan found them in.
    #[test]
    fn ties_are_ordered_by_the_introducing_commit() {
        use super::super::{
            CommitInfo, Confidence, Finding, HistoryStatus, Item, Kind, Provenance, Secret,
            Severity,
        };
        let item = |commit: &str, time: i64, fp: &str| {
            let mut i = Item::new(Finding {
                path: "appsettings.json".into(),
                line: 4,
                column: 9,
                end_line: 4,
                end_column: 30,
                rule: "r".into(),
                kind: Kind::Ado,
                engine: None,
                host: None,
                port: None,
                database: None,
                service: None,
                cloud: None,
                user: None,
                secret: Secret::new("x"),
                fingerprint: fp.into(),
                severity: Severity::High,
                confidence: Confidence::High,
                snippet: String::new(),
                encoding: None,
                source: None,
            });
            i.provenance = Some(Box::new(Provenance {
                repository: "repo".into(),
                introduced: CommitInfo {
                    id: commit.into(),
                    author: String::new(),
                    date: String::new(),
                    time,
                    summary: String::new(),
                },
                status: HistoryStatus::Removed,
                removed_by: None,
                refs: vec![],
                introductions: 1,
            }));
            i
        };
        let order = |items: Vec<Item>| -> Vec<String> {
            let mut o = Outcome {
                findings: items,
                ..Outcome::default()
            };
            o.sort();
            o.findings
                .iter()
                .map(|i| i.finding.fingerprint.clone())
                .collect()
        };
        let (a, b, c) = (
            item("c2", 20, "fa"),
            item("c1", 10, "fb"),
            item("c1", 10, "fc"),
        );
        let want = ["fb", "fc", "fa"];
        assert_eq!(order(vec![a.clone(), b.clone(), c.clone()]), want);
        assert_eq!(order(vec![c, a, b]), want);
    }
}
