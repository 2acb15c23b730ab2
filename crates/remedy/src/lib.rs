//! The remediation engine: for every finding, what to do instead of the
//! password.
//!
//! 1. [`target`]: where the database lives (an Azure data service, or not).
//! 2. [`project`] + [`stack`]: which client reads the credential (from the
//!    string's form, the file, its imports and the unit's manifests).
//! 3. [`identity`]: system- or user-assigned, decided
//!    across the whole scan: one credential used by several deployable
//!    units gets one shared user-assigned identity.
//! 4. [`advice`]: the passwordless replacement (an exact text edit where
//!    one exists, see [`rewrite`]), the minimum client version, the ordered
//!    steps and the documentation behind them.
//!
//! Only [`project`] reads files; the rest is a pure function of the
//! findings and that evidence.

mod advice;
pub mod context;
pub mod docs;
pub mod identity;
pub mod project;
pub mod rewrite;
pub mod stack;
pub mod target;

pub use connleak_core::model::{Applicability, Doc, Edit, Identity, Remediation, Stack};
use connleak_core::model::{Finding, Item, Kind};
pub use context::{context, Context};
pub use identity::{decide_identities, shared_identity};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use target::Target;

/// Add a remediation to every item. `roots` are the scanned paths (the
/// search for project manifests stays inside them); `units` what the walk
/// of those roots noted (see [`project::UnitIndex`]).
pub fn advise(items: &mut [Item], roots: &[PathBuf], units: &project::UnitIndex) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    advise_on(items, roots, units, threads)
}

/// [`advise`], reading the files' evidence on up to `threads` threads.
pub fn advise_on(
    items: &mut [Item],
    roots: &[PathBuf],
    units: &project::UnitIndex,
    threads: usize,
) {
    // each file's evidence once, read for the kind of its first finding
    let mut files: Vec<(&str, Kind)> = Vec::new();
    let mut seen = HashSet::new();
    for item in items.iter() {
        if seen.insert(item.finding.path.as_str()) {
            files.push((item.finding.path.as_str(), item.finding.kind));
        }
    }
    let evidence = gather_evidence(&files, threads, roots, units);
    advise_with(items, &mut |item| {
        evidence
            .get(&item.finding.path)
            .cloned()
            .unwrap_or_default()
    })
}

/// The evidence of `files`, read on up to `threads` threads (at most 4, and
/// at least [`FILES_PER_THREAD`] files each): most of it is system calls
/// (listing the directories above each file, reading manifests), and it
/// runs after the walk, while the other cores are idle. Each thread reads
/// a run of neighbouring files (they share directories) through a
/// [`project::Project`] of its own; the file system answers each the same.
/// A thread that cannot be started leaves its files to this one; a panic
/// while reading one file's evidence leaves that file without evidence
/// (generic advice), as a panic while building the advice leaves a finding
/// without it.
fn gather_evidence(
    files: &[(&str, Kind)],
    threads: usize,
    roots: &[PathBuf],
    units: &project::UnitIndex,
) -> HashMap<String, Arc<project::Evidence>> {
    let units = units.units();
    let read = |run: &[(&str, Kind)]| -> Vec<(String, Arc<project::Evidence>)> {
        let mut project = project::Project::new(roots).with_units(&units);
        run.iter()
            .map(|&(path, kind)| {
                // a bug in reading one file's evidence leaves that file
                // with generic advice, not the scan without a report
                let evidence = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    project.evidence(path, kind)
                }))
                .unwrap_or_default();
                (path.to_string(), Arc::new(evidence))
            })
            .collect()
    };
    let n = threads.min(4).min(files.len() / FILES_PER_THREAD).max(1);
    if n == 1 {
        return read(files).into_iter().collect();
    }
    let per = files.len().div_ceil(n);
    std::thread::scope(|s| {
        let spawned: Vec<_> = files
            .chunks(per)
            .map(|run| {
                let handle = std::thread::Builder::new()
                    .name("evidence".into())
                    .spawn_scoped(s, move || read(run));
                (run, handle)
            })
            .collect();
        let mut out = HashMap::new();
        for (run, handle) in spawned {
            match handle {
                Ok(h) => out.extend(h.join().unwrap_or_default()),
                Err(_) => out.extend(read(run)),
            }
        }
        out
    })
}

/// Below this many files per thread, starting one costs more than it saves.
const FILES_PER_THREAD: usize = 2;

/// [`advise`] for the items of a history scan: the evidence around each one
/// (the file itself, the manifests of its unit) is read from the tree of
/// the commit that introduced it, through `tree_of(commit id)`, never from
/// the working tree, so a blob gets the same advice in a bare clone, after
/// a rename, or when the working tree has moved on.
pub fn advise_history<'r, F: project::Files + 'r>(
    items: &mut [Item],
    mut tree_of: impl FnMut(&str) -> Option<F>,
) {
    let mut projects: HashMap<String, Option<project::Project<'r>>> = HashMap::new();
    let mut cache: HashMap<(String, String), Arc<project::Evidence>> = HashMap::new();
    advise_with(items, &mut |item| {
        let f = &item.finding;
        let commit = item
            .provenance
            .as_ref()
            .map(|p| p.introduced.id.clone())
            .unwrap_or_default();
        cache
            .entry((commit.clone(), f.path.clone()))
            .or_insert_with(|| {
                let project = projects
                    .entry(commit.clone())
                    .or_insert_with(|| tree_of(&commit).map(project::Project::in_tree));
                Arc::new(match project {
                    Some(p) => p.evidence(&f.path, f.kind),
                    None => project::Evidence::default(),
                })
            })
            .clone()
    })
}

fn advise_with(items: &mut [Item], evidence_of: &mut dyn FnMut(&Item) -> Arc<project::Evidence>) {
    let contexts: Vec<Context> = items
        .iter()
        .map(|item| {
            let f = &item.finding;
            let evidence = evidence_of(item);
            let fallback = evidence.clone();
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| context(f, evidence)))
                .unwrap_or(Context {
                    target: Target::NotAzure(target::Elsewhere::Unknown),
                    server_admin: false,
                    stack: Stack::Other,
                    version: None,
                    evidence: fallback,
                })
        })
        .collect();
    let identities = {
        let findings: Vec<&Finding> = items.iter().map(|i| &i.finding).collect();
        decide_identities(&findings, &contexts)
    };
    for ((item, cx), (identity, reason)) in items.iter_mut().zip(&contexts).zip(identities) {
        // a bug in the advice must not lose the report: that finding is
        // reported without advice
        let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            advice::build(&item.finding, cx, identity, reason)
        }));
        item.remediation = built.ok();
    }
    combine_lines(items);
    drop_other_secrets(items);
}

/// The length of the common start of `a` and `b`, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
        .min(b.len())
}

/// The length of the common end of `a` and `b`, on a character boundary.
fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum()
}

/// Two or more passwords on one line (`docker run -e A=x -e B=y`), each
/// replaced by a reference spliced into the line: every one of them gets
/// the line with all the references, so that none shows another's secret.
fn combine_lines(items: &mut [Item]) {
    let mut by_line: HashMap<(String, usize), Vec<usize>> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        by_line
            .entry((item.finding.path.clone(), item.finding.line))
            .or_default()
            .push(i);
    }
    for idx in by_line.into_values().filter(|v| v.len() > 1) {
        // each finding's reference: its replacement is the line with its
        // secret (and only that) replaced
        let mut parts: Vec<(std::ops::Range<usize>, String)> = Vec::new();
        let mut line = String::new();
        let mut line_range = 0..0;
        for &i in &idx {
            let item = &items[i];
            let (Some(src), Some(r)) = (item.finding.source.as_ref(), item.remediation.as_ref())
            else {
                parts.clear();
                break;
            };
            let text = src.line_text.expose();
            let (Some(a), Some(b), Some(rep)) = (
                src.secret.start.checked_sub(src.line.start),
                src.secret.end.checked_sub(src.line.start),
                r.replacement.as_deref(),
            ) else {
                parts.clear();
                break;
            };
            let (Some(head), Some(tail)) = (text.get(..a), text.get(b..)) else {
                parts.clear();
                break;
            };
            if r.identity != Identity::NotApplicable || rep.contains('\n') {
                parts.clear();
                break;
            }
            // the span of the line the replacement changed (the secret and
            // perhaps its quotes): what it shares with the line at both ends
            let p = common_prefix(text, rep).min(head.len());
            let s = common_suffix(&text[p..], &rep[p..]).min(tail.len());
            parts.push((p..text.len() - s, rep[p..rep.len() - s].to_string()));
            line = text.to_string();
            line_range = src.line.clone();
        }
        if parts.len() != idx.len() {
            continue;
        }
        parts.sort_by_key(|(r, _)| r.start);
        if parts.windows(2).any(|w| w[0].0.end > w[1].0.start) {
            continue;
        }
        let mut combined = String::new();
        let mut pos = 0;
        for (r, reference) in &parts {
            combined.push_str(&line[pos..r.start]);
            combined.push_str(reference);
            pos = r.end;
        }
        combined.push_str(&line[pos..]);
        // an edit of the whole line carries the combined line; any other
        // edit cannot be combined, and is dropped
        let whole_line_edits = idx.iter().all(|&i| {
            items[i]
                .remediation
                .as_ref()
                .is_some_and(|r| r.edits.iter().all(|e| e.range == line_range))
        });
        for &i in &idx {
            if let Some(r) = items[i].remediation.as_mut() {
                // the steps quote the replacement too
                if let Some(old) = r
                    .replacement
                    .as_deref()
                    .map(str::trim)
                    .filter(|o| !o.is_empty())
                {
                    for step in &mut r.steps {
                        if step.contains(old) {
                            *step = step.replace(old, combined.trim());
                        }
                    }
                }
                r.replacement = Some(combined.clone());
                if whole_line_edits {
                    for e in &mut r.edits {
                        e.new_text = combined.clone();
                    }
                } else {
                    r.edits.clear();
                    r.applicability = Applicability::DisplayOnly;
                }
            }
        }
    }
}

/// A replacement or edit built from a whole line (a minified JSON file, a
/// command with two passwords) may carry another finding's secret from
/// that line: such a replacement or edit is dropped, never shown.
/// The findings of one line: their secrets, their byte ranges in the line,
/// and the line.
#[derive(Default)]
struct OnLine(Vec<Vec<String>>, Vec<std::ops::Range<usize>>, String);

/// What is worked out once per line with several findings: the line
/// without any of their secrets (a value that is also written there as a
/// user name may stay), every distinct secret, and one automaton over them
/// that says which of them a text holds. A minified file's one line may
/// carry thousands of findings: comparing each one's advice with every
/// other secret of the line, one by one, was quadratic.
struct LineSecrets {
    rest: String,
    values: Vec<String>,
    finder: Option<aho_corasick::AhoCorasick>,
}

impl LineSecrets {
    fn new(on: &OnLine) -> LineSecrets {
        let OnLine(secrets, ranges, line) = on;
        let mut rest = String::new();
        let mut pos = 0;
        let mut sorted = ranges.to_vec();
        sorted.sort_by_key(|r| r.start);
        for r in sorted {
            if r.start >= pos
                && line.is_char_boundary(r.start)
                && line.is_char_boundary(r.end)
                && r.end <= line.len()
            {
                rest.push_str(&line[pos..r.start]);
                rest.push('\n');
                pos = r.end;
            }
        }
        rest.push_str(line.get(pos..).unwrap_or(""));
        let mut values: Vec<String> = secrets.iter().flatten().cloned().collect();
        values.sort_unstable();
        values.dedup();
        let finder = aho_corasick::AhoCorasick::new(&values).ok();
        LineSecrets {
            rest,
            values,
            finder,
        }
    }

    /// The secrets of the line that `text` holds (each once), fewer than
    /// every secret only where the automaton could be built.
    fn held_by<'a>(&'a self, text: &str) -> Vec<&'a str> {
        match &self.finder {
            Some(f) => {
                let mut ids: Vec<usize> = f
                    .find_overlapping_iter(text)
                    .map(|m| m.pattern().as_usize())
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids.into_iter().map(|i| self.values[i].as_str()).collect()
            }
            None => self.values.iter().map(String::as_str).collect(),
        }
    }
}

fn drop_other_secrets(items: &mut [Item]) {
    // the secret of each finding, as decoded and as written
    let values = |f: &Finding| -> Vec<String> {
        f.secret_forms()
            .into_iter()
            .filter(|v| v.chars().count() >= 4)
            .collect()
    };
    // per line: every finding's secret
    let mut by_line: HashMap<(String, usize), OnLine> = HashMap::new();
    for item in items.iter() {
        let f = &item.finding;
        let e = by_line.entry((f.path.clone(), f.line)).or_default();
        e.0.push(values(f));
        if let Some(s) = f.source.as_ref() {
            e.2 = s.line_text.expose().to_string();
            if let (Some(a), Some(b)) = (
                s.secret.start.checked_sub(s.line.start),
                s.secret.end.checked_sub(s.line.start),
            ) {
                e.1.push(a..b);
            }
        }
    }
    let mut worked: HashMap<(String, usize), LineSecrets> = HashMap::new();
    for item in items.iter_mut() {
        if item.remediation.is_none() {
            continue;
        }
        let key = (item.finding.path.clone(), item.finding.line);
        let Some(on) = by_line.get(&key) else {
            continue;
        };
        let own = values(&item.finding);
        // a secret of another finding, not (part of) this one's own
        let other = |v: &str| !own.iter().any(|o| o == v || o.contains(v));
        if !on.0.iter().flatten().any(|v| other(v)) {
            continue;
        }
        let line = worked.entry(key).or_insert_with(|| LineSecrets::new(on));
        // what `text` holds more often than the line's background: another
        // finding's secret, quoted
        let carried = |text: &str| -> Vec<&str> {
            line.held_by(text)
                .into_iter()
                .filter(|v| other(v))
                .filter(|v| text.matches(*v).count() > line.rest.matches(*v).count())
                .collect()
        };
        let Some(r) = item.remediation.as_mut() else {
            continue;
        };
        if r.replacement
            .as_deref()
            .is_some_and(|t| !carried(t).is_empty())
            || r.edits.iter().any(|e| !carried(&e.new_text).is_empty())
        {
            r.replacement = None;
            r.edits.clear();
            r.applicability = Applicability::DisplayOnly;
        }
        // a step that quotes such a replacement
        let (path, line_no) = (&item.finding.path, item.finding.line);
        for step in &mut r.steps {
            let quoted = carried(step);
            if quoted.is_empty() {
                continue;
            }
            if step.starts_with("Replace the password at ") {
                *step = format!(
                    "Replace the password at {path}:{line_no} with a reference to the environment or a secret store, in the file's own syntax (the line holds other secrets too, so connleak quotes no line here)."
                );
            } else {
                for v in on.0.iter().flatten().filter(|v| other(v)) {
                    *step = step.replace(v.as_str(), "<another secret>");
                }
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use connleak_core::model::{Confidence, Kind, Secret, Service, Severity};

    /// The evidence read on several threads is the evidence read on one:
    /// the same units, manifests, hosting and library consumers, file by
    /// file, and none left out.
    #[test]
    fn evidence_read_on_several_threads_is_the_evidence_read_on_one() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repo");
        let mut paths = Vec::new();
        for (file, text) in [
            ("Lib/Lib.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"/>"),
            ("Lib/Db.cs", "var cs = \"Server=tcp:x.database.windows.net\";"),
            (
                "Api/Api.csproj",
                "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><ProjectReference Include=\"../Lib/Lib.csproj\"/></Project>",
            ),
            ("Api/appsettings.json", "{\"ConnectionStrings\": {}}"),
            ("Api/Properties/launch.json", "{}"),
            ("web/package.json", "{\"name\": \"web\", \"dependencies\": {\"pg\": \"8\"}}"),
            ("web/src/db.js", "const { Pool } = require('pg');"),
            ("web/.env", "DB_PASSWORD=x"),
            ("web/src/env.js", "process.env.DB_PASSWORD"),
            ("k8s/secret.yaml", "apiVersion: v1\nkind: Secret"),
            ("deploy/main.tf", "resource \"azurerm_mssql_server\" \"s\" {}"),
            ("notes.md", "password"),
        ] {
            let p = root.join(file);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, text).unwrap();
            if !file.ends_with("proj") && !file.ends_with("package.json") {
                paths.push(p.to_string_lossy().into_owned());
            }
        }
        let files: Vec<(&str, Kind)> = paths
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let kind = if i % 2 == 0 {
                    Kind::Config
                } else {
                    Kind::K8sSecret
                };
                (p.as_str(), kind)
            })
            .collect();
        let roots = [root.clone()];
        let index = project::UnitIndex::default();
        let one = gather_evidence(&files, 1, &roots, &index);
        let many = gather_evidence(&files, 4, &roots, &index);
        assert_eq!(one.len(), files.len());
        for (path, _) in &files {
            assert_eq!(
                format!("{:?}", one[*path]),
                format!("{:?}", many[*path]),
                "{path}"
            );
        }
        // not all generic: the evidence was read
        assert!(one.values().any(|e| !e.manifests.is_empty()));
        assert!(one.values().any(|e| !e.consumers.is_empty()));
    }

    /// A finding with nothing but a kind and a path, for unit tests.
    pub fn finding(kind: Kind, path: &str) -> Finding {
        Finding {
            path: path.to_string(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            rule: "test".to_string(),
            kind,
            engine: None,
            host: None,
            port: None,
            database: None,
            service: None,
            cloud: None,
            user: None,
            secret: Secret::new("x"),
            fingerprint: String::new(),
            severity: Severity::High,
            confidence: Confidence::High,
            snippet: String::new(),
            encoding: None,
            source: None,
        }
    }

    /// Scan `text` as `path` and advise on its findings, with the given
    /// evidence standing in for the repository around it.
    pub fn advise_text(path: &str, text: &str, evidence: &project::Evidence) -> Vec<Item> {
        let set = connleak_core::rules::RuleSet::builtin().expect("builtin rules");
        let found =
            connleak_core::scan::scan_text(&set, path, path, text.as_bytes(), &Default::default());
        let evidence = Arc::new(evidence.clone());
        let contexts: Vec<Context> = found.iter().map(|f| context(f, evidence.clone())).collect();
        let ids = decide_identities(&found.iter().collect::<Vec<_>>(), &contexts);
        found
            .into_iter()
            .zip(&contexts)
            .zip(ids)
            .map(|((f, cx), (id, reason))| {
                let mut item = Item::new(f);
                item.remediation = Some(advice::build(&item.finding, cx, id, reason));
                item
            })
            .collect()
    }

    /// Hundreds of findings on one line: advice that quotes another
    /// finding's password loses its edit and its quoting step; advice that
    /// quotes only its own, or a value the line also shows as something
    /// else, keeps them.
    #[test]
    fn advice_quoting_another_secret_of_the_line_is_dropped() {
        let n = 300;
        let passwords: Vec<String> = (0..n).map(|i| format!("Fab-{i:04}!qW")).collect();
        let line: String = passwords
            .iter()
            .enumerate()
            .map(|(i, p)| format!("DB{i}_PASSWORD={p} "))
            .collect();
        let ev = project::Evidence::default();
        let mut items = advise_text("run.sh", &format!("{line}\n"), &ev);
        assert_eq!(items.len(), n);
        for (i, item) in items.iter_mut().enumerate() {
            let r = item.remediation.as_mut().expect("advice");
            let own = item.finding.secret.expose().to_string();
            // even findings quote their neighbour's password, odd ones
            // only their own
            let quoted = if i % 2 == 0 {
                passwords[(i + 1) % n].clone()
            } else {
                own.clone()
            };
            r.replacement = Some(format!("export PW={quoted}"));
            r.applicability = Applicability::Unsafe;
            r.steps = vec![
                format!("Replace the password at run.sh:1 with `{quoted}`"),
                format!("Then rotate {quoted}."),
            ];
        }
        drop_other_secrets(&mut items);
        for (i, item) in items.iter().enumerate() {
            let r = item.remediation.as_ref().unwrap();
            if i % 2 == 0 {
                assert_eq!(r.replacement, None, "{i}");
                assert_eq!(r.applicability, Applicability::DisplayOnly);
                assert!(r.steps[0].contains("quotes no line here"), "{:?}", r.steps);
                assert_eq!(r.steps[1], "Then rotate <another secret>.");
                assert!(passwords
                    .iter()
                    .all(|p| r.steps.iter().all(|s| !s.contains(p.as_str()))));
            } else {
                assert!(
                    r.replacement
                        .as_deref()
                        .is_some_and(|x| x.contains(&passwords[i])),
                    "{i}"
                );
                assert_eq!(r.applicability, Applicability::Unsafe);
                assert!(r.steps[1].contains(&passwords[i]));
            }
        }
    }

    fn one(path: &str, text: &str) -> Remediation {
        let ev = project::Evidence {
            unit: "app".into(),
            ..Default::default()
        };
        let found = advise_text(path, text, &ev);
        assert_eq!(found.len(), 1, "{path}: {found:?}");
        let r = found[0].remediation.clone().expect("remediation");
        if let Some(rep) = &r.replacement {
            assert!(!rep.contains(found[0].finding.secret.expose()), "{rep}");
        }
        r
    }

    #[test]
    fn ado_net_on_azure_sql() {
        let r = one(
            "src/appsettings.json",
            r#"{"ConnectionStrings": {"Db": "Server=tcp:contoso.database.windows.net,1433;Initial Catalog=orders;User ID=app;Password=Xk9#mQ2!vL;Encrypt=True;"}}"#,
        );
        assert_eq!(r.service.id(), "azure-sql");
        assert_eq!(r.stack, Stack::MicrosoftDataSqlClient);
        assert_eq!(r.identity, Identity::SystemAssigned);
        assert_eq!(
            r.replacement.as_deref(),
            Some("Server=tcp:contoso.database.windows.net,1433;Initial Catalog=orders;Authentication=Active Directory Managed Identity;Encrypt=True")
        );
        assert_eq!(r.applicability, Applicability::Unsafe);
        assert_eq!(r.edits.len(), 1);
        assert_eq!(
            r.min_client_version.as_deref(),
            Some("Microsoft.Data.SqlClient 2.1.0")
        );
        assert!(r.steps.iter().any(|s| s.contains("FROM EXTERNAL PROVIDER")));
        assert!(r
            .steps
            .iter()
            .any(|s| s.starts_with("Rotate the leaked password now")));
    }

    #[test]
    fn non_azure_gets_the_secret_store() {
        let r = one(
            "docker/.env",
            "DATABASE_URL=postgres://app:Xk9mQ2vLw@db.internal:5432/app\n",
        );
        assert_eq!(r.service, Service::NotAzure);
        assert_eq!(r.identity, Identity::NotApplicable);
        assert_eq!(r.applicability, Applicability::DisplayOnly);
        // no code reads the key here: shown, not edited
        assert!(r.edits.is_empty());
        assert_eq!(r.replacement.as_deref(), Some("DATABASE_URL="));
        assert!(r.steps.iter().any(|s| s
            .starts_with("Put the new password where it goes instead: `DATABASE_URL` in the environment of the process, or an untracked `.env`")));
        assert!(r
            .steps
            .iter()
            .any(|s| s.contains("@Microsoft.KeyVault(SecretUri=")));
    }

    #[test]
    fn the_same_credential_in_two_units_is_user_assigned() {
        let text =
            "Server=tcp:shared.database.windows.net;Database=d;User ID=svc;Password=Xk9#mQ2!vLz;";
        let set = connleak_core::rules::RuleSet::builtin().expect("rules");
        let mut all = Vec::new();
        let mut cxs = Vec::new();
        for unit in ["svc-a", "svc-b", "svc-b"] {
            let path = format!("{unit}/app.config.json");
            let json = format!("{{\"Db\": \"{text}\"}}");
            for f in connleak_core::scan::scan_text(
                &set,
                &path,
                &path,
                json.as_bytes(),
                &Default::default(),
            ) {
                cxs.push(context(
                    &f,
                    Arc::new(project::Evidence {
                        unit: unit.into(),
                        ..Default::default()
                    }),
                ));
                all.push(f);
            }
        }
        let ids = decide_identities(&all.iter().collect::<Vec<_>>(), &cxs);
        assert_eq!(ids.len(), 3);
        assert!(ids.iter().all(|(i, _)| *i == Identity::UserAssigned));
        assert!(
            ids[0].1.contains("2 deployable units (svc-a, svc-b)"),
            "{}",
            ids[0].1
        );
    }

    fn with(path: &str, text: &str, manifests: &[(&str, &str)]) -> Remediation {
        let ev = project::Evidence {
            unit: "app".into(),
            manifests: manifests
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_ascii_lowercase()))
                .collect(),
            file: text.to_ascii_lowercase(),
            ..Default::default()
        };
        let found = advise_text(path, text, &ev);
        assert_eq!(found.len(), 1, "{path}: {found:?}");
        let r = found[0].remediation.clone().expect("remediation");
        if let Some(rep) = &r.replacement {
            assert!(!rep.contains(found[0].finding.secret.expose()), "{rep}");
        }
        r
    }

    #[test]
    fn replacements_per_stack() {
        // go-mssqldb
        let r = with(
            "store/db.go",
            "db, err := sql.Open(\"sqlserver\", \"sqlserver://app:Xk9mQ2vLw7@orders.database.windows.net:1433?database=orders\")\n",
            &[("go.mod", "require github.com/microsoft/go-mssqldb v1.7.0")],
        );
        assert_eq!(r.stack, Stack::GoMssqldb);
        assert_eq!(
            r.replacement.as_deref(),
            Some("sql.Open(azuread.DriverName, \"sqlserver://orders.database.windows.net:1433?database=orders&encrypt=true&fedauth=ActiveDirectoryManagedIdentity\") // import \"github.com/microsoft/go-mssqldb/azuread\"")
        );
        // SQLAlchemy URL
        let r = with(
            "app/db.py",
            "engine = create_engine(\"mssql+pyodbc://app:Xk9mQ2vLw7@orders.database.windows.net/orders?driver=ODBC+Driver+18+for+SQL+Server\")\n",
            &[],
        );
        assert_eq!(r.stack, Stack::Sqlalchemy);
        assert_eq!(
            r.replacement.as_deref(),
            Some("mssql+pyodbc://@orders.database.windows.net/orders?driver=ODBC+Driver+18+for+SQL+Server&authentication=ActiveDirectoryMsi")
        );
        // an old mssql-jdbc gets the MSI keyword and both documented minimums
        let r = with(
            "src/main/resources/db.properties",
            "url=jdbc:sqlserver://orders.database.windows.net:1433;databaseName=orders;user=app;password=Xk9mQ2vLw7\n",
            &[("pom.xml", "<artifactId>mssql-jdbc</artifactId><version>9.4.1.jre8</version>")],
        );
        assert_eq!(r.stack, Stack::MssqlJdbc);
        assert_eq!(
            r.replacement.as_deref(),
            Some("jdbc:sqlserver://orders.database.windows.net:1433;databaseName=orders;authentication=ActiveDirectoryMSI")
        );
        assert!(r.notes.iter().any(|n| n.contains("7.2 and 8.3.1")));
        assert_eq!(r.applicability, Applicability::Unsafe);
        // too old a Microsoft.Data.SqlClient: no edit, an upgrade note
        let r = with(
            "appsettings.json",
            "{\"Db\": \"Server=tcp:orders.database.windows.net;Database=orders;User ID=app;Password=Xk9mQ2vLw7\"}",
            &[("app.csproj", "<PackageReference Include=\"Microsoft.Data.SqlClient\" Version=\"2.0.1\" />")],
        );
        assert_eq!(r.stack, Stack::MicrosoftDataSqlClient);
        assert_eq!(r.applicability, Applicability::DisplayOnly);
        assert!(
            r.notes.iter().any(|n| n.contains("upgrade to 2.1.0")),
            "{:?}",
            r.notes
        );
        // System.Data.SqlClient from packages.config (EF6): migrate first
        let r = with(
            "Web.config",
            "<add name=\"Db\" connectionString=\"Data Source=orders.database.windows.net;Initial Catalog=orders;User ID=app;Password=Xk9mQ2vLw7\" />",
            &[("packages.config", "<package id=\"EntityFramework\" version=\"6.4.4\" />")],
        );
        assert_eq!(r.stack, Stack::SystemDataSqlClient);
        assert_eq!(r.applicability, Applicability::DisplayOnly);
        assert!(r
            .notes
            .iter()
            .any(|n| n.contains("System.Data.SqlClient cannot do this")));
        // Node mssql config object
        let r = with(
            "src/db.js",
            "const pool = new sql.ConnectionPool({ server: 'orders.database.windows.net', database: 'orders', user: 'app', password: 'Xk9mQ2vLw7' });\n",
            &[("package.json", "{\"dependencies\": {\"mssql\": \"^10.0.0\"}}")],
        );
        assert_eq!(r.stack, Stack::NodeMssql);
        assert!(
            r.replacement
                .as_deref()
                .is_some_and(|x| x.contains("type: 'azure-active-directory-default'")),
            "{:?}",
            r.replacement
        );
        // psycopg on Azure PostgreSQL
        let r = with(
            "etl/load.py",
            "conn = psycopg2.connect(host=\"pg1.postgres.database.azure.com\", dbname=\"orders\", user=\"etl\", password=\"Xk9mQ2vLw7\")\n",
            &[],
        );
        assert_eq!(r.stack, Stack::Psycopg);
        assert_eq!(r.service.id(), "azure-postgresql");
        assert!(r.replacement.as_deref().is_some_and(
            |x| x.contains("get_token(\"https://ossrdbms-aad.database.windows.net/.default\")")
        ));
        assert!(r
            .steps
            .iter()
            .any(|s| s.contains("pgaadauth_create_principal('<app-name>', false, false)")));
        // Terraform PostgreSQL server administrator
        let r = with(
            "infra/pg.tf",
            "resource \"azurerm_postgresql_flexible_server\" \"pg\" {\n  administrator_login          = \"pgadmin\"\n  administrator_password       = \"Xk9mQ2vLw7!\"\n}\n",
            &[],
        );
        assert_eq!(r.stack, Stack::Terraform);
        assert_eq!(r.service.id(), "azure-postgresql");
        assert_eq!(r.identity, Identity::NotApplicable);
        assert!(r
            .replacement
            .as_deref()
            .is_some_and(|x| x.contains("password_auth_enabled         = false")));
        // a user-assigned identity in ODBC flags the object-id/client-id discrepancy
        let text = "CONN = \"Driver={ODBC Driver 18 for SQL Server};Server=tcp:s.database.windows.net;Database=d;UID=u;PWD=Xk9mQ2vLw7\"\n";
        let set = connleak_core::rules::RuleSet::builtin().expect("rules");
        let f = connleak_core::scan::scan_text(
            &set,
            "a/x.py",
            "a/x.py",
            text.as_bytes(),
            &Default::default(),
        );
        let cx = context(
            &f[0],
            Arc::new(project::Evidence {
                unit: "a".into(),
                ..Default::default()
            }),
        );
        let r = advice::build(&f[0], &cx, Identity::UserAssigned, String::new());
        assert!(r.notes.iter().any(|n| n.contains("object id")));
        assert!(r.replacement.as_deref().is_some_and(
            |x| x.contains("UID=<object-id-of-managed-identity>;Authentication=ActiveDirectoryMsi")
        ));
    }
}
