//! `connleak scan --history`: every blob reachable from the repository's
//! refs, read through `gix` (no `git` process, so no hooks, no fsmonitor, no
//! filters: nothing from the repository runs), each distinct blob scanned
//! once, in parallel, and every finding traced to the commit that introduced
//! it and to where it is now.
//!
//! Commits -> (path, blob) introductions (a tree diff against the first
//! parent) -> distinct blobs -> findings (the same pure `scan_text`) ->
//! provenance (introduced by, still at HEAD, removed by, branch only).

use crate::finding::{Finding, Outcome, ScanError};
use crate::input::{decode, Decoded};
use crate::rules::RuleSet;
use crate::scan::{scan_text, ScanOptions};
use anyhow::{Context, Result};
use gix::bstr::ByteSlice;
use gix::ObjectId;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Clone, Debug, Default)]
pub struct HistoryOptions {
    /// only these refs (branch names, tags, any rev-spec); all refs if empty
    pub branches: Vec<String>,
    /// only commits newer than this date (`YYYY-MM-DD`) or not reachable
    /// from this revision
    pub since: Option<String>,
    pub max_filesize: u64,
    pub show_secrets: bool,
    /// paths (gitignore-style globs) never scanned
    pub exclude: Vec<String>,
    pub progress: bool,
}

/// A commit as reports show it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct CommitInfo {
    pub id: String,
    pub author: String,
    /// RFC 3339, UTC
    pub date: String,
    #[serde(skip)]
    pub time: i64,
    pub summary: String,
}

/// Where a secret in history came from and where it is now.
#[derive(Clone, Debug, Serialize)]
pub struct Provenance {
    /// the repository, as given on the command line
    pub repository: String,
    /// the oldest commit that added the secret's blob at this path
    pub introduced: CommitInfo,
    /// `live` (still at HEAD), `removed` (gone from HEAD's history) or
    /// `branch-only` (never on the default branch)
    pub status: &'static str,
    /// the commit on the default branch that removed it, for `removed`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed_by: Option<CommitInfo>,
    /// the refs from which the introducing commit is reachable
    pub refs: Vec<String>,
    /// every (commit, path) that added this same blob
    pub introductions: usize,
}

/// Counters of a history scan, for the summary and the benchmark.
#[derive(Clone, Debug, Default, Serialize)]
pub struct HistoryStats {
    pub refs: u64,
    pub commits: u64,
    pub blobs_distinct: u64,
    pub blobs_scanned: u64,
    pub blobs_skipped: u64,
    pub bytes_scanned: u64,
}

struct Introduction {
    commit: usize,
    path: String,
}

struct Removal {
    commit: usize,
    old: ObjectId,
    new: Option<ObjectId>,
}

/// Open a repository without reading global or system configuration.
pub fn open(path: &Path) -> Result<gix::Repository> {
    let mut repo = gix::open_opts(path, gix::open::Options::isolated())
        .with_context(|| format!("{} is not a git repository", path.display()))?;
    repo.object_cache_size_if_unset(16 << 20);
    Ok(repo)
}

fn short(s: &str) -> String {
    s.lines().next().unwrap_or("").chars().take(120).collect()
}

/// Seconds since the epoch -> `YYYY-MM-DDTHH:MM:SSZ` (civil-from-days).
pub fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// `YYYY-MM-DD` -> seconds since the epoch.
fn parse_date(s: &str) -> Option<i64> {
    let mut it = s.trim().splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.get(..2)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400)
}

fn commit_info(repo: &gix::Repository, id: ObjectId) -> CommitInfo {
    let c = repo.find_commit(id).ok();
    let author = c
        .as_ref()
        .and_then(|c| {
            c.author()
                .ok()
                .map(|a| a.name.to_str_lossy().trim().to_string())
        })
        .unwrap_or_default();
    let time = c
        .as_ref()
        .and_then(|c| c.time().ok())
        .map(|t| t.seconds)
        .unwrap_or(0);
    let summary = c
        .as_ref()
        .and_then(|c| c.message().ok().map(|m| short(&m.summary().to_str_lossy())))
        .unwrap_or_default();
    CommitInfo {
        id: id.to_string(),
        author: crate::report::escape_control(&author),
        date: rfc3339(time),
        time,
        summary: crate::report::escape_control(&summary),
    }
}

/// The blob entries of a tree, recursively, as `path -> blob id`.
fn tree_blobs(
    repo: &gix::Repository,
    tree: ObjectId,
    prefix: &str,
    out: &mut HashMap<String, ObjectId>,
    depth: usize,
) {
    if depth > 256 {
        return;
    }
    let Ok(t) = repo.find_tree(tree) else {
        return;
    };
    let Ok(decoded) = t.decode() else {
        return;
    };
    for e in &decoded.entries {
        let name = join(prefix, e.filename);
        match e.mode.kind() {
            gix::object::tree::EntryKind::Tree => {
                tree_blobs(repo, e.oid.to_owned(), &name, out, depth + 1)
            }
            gix::object::tree::EntryKind::Blob | gix::object::tree::EntryKind::BlobExecutable => {
                out.insert(name, e.oid.to_owned());
            }
            _ => {}
        }
    }
}

fn join(prefix: &str, name: &gix::bstr::BStr) -> String {
    let n = name.to_str_lossy();
    if prefix.is_empty() {
        n.into_owned()
    } else {
        format!("{prefix}/{n}")
    }
}

/// What one commit changed: blobs added (path, id), blobs removed or
/// replaced (path, old, new), and its time.
type CommitChanges = (
    Vec<(String, ObjectId)>,
    Vec<(String, ObjectId, Option<ObjectId>)>,
    Option<i64>,
);

type Entries = BTreeMap<Vec<u8>, (gix::object::tree::EntryKind, ObjectId)>;

fn entries(repo: &gix::Repository, tree: Option<ObjectId>) -> Entries {
    let mut out = BTreeMap::new();
    let Some(id) = tree else {
        return out;
    };
    if let Ok(t) = repo.find_tree(id) {
        if let Ok(d) = t.decode() {
            for e in &d.entries {
                out.insert(e.filename.to_vec(), (e.mode.kind(), e.oid.to_owned()));
            }
        }
    }
    out
}

/// A tree diff without rename detection: every blob added or changed, and
/// every blob deleted or changed (for removals). Subtrees with the same id
/// are skipped, so the cost is proportional to what changed.
fn diff_trees(
    repo: &gix::Repository,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    prefix: &str,
    added: &mut Vec<(String, ObjectId)>,
    removed: &mut Vec<(String, ObjectId, Option<ObjectId>)>,
    depth: usize,
) {
    use gix::object::tree::EntryKind as K;
    if old == new || depth > 256 {
        return;
    }
    let a = entries(repo, old);
    let b = entries(repo, new);
    let is_blob = |k: K| matches!(k, K::Blob | K::BlobExecutable);
    let names: BTreeSet<&Vec<u8>> = a.keys().chain(b.keys()).collect();
    for name in names {
        let path = join(prefix, name.as_bstr());
        let (ea, eb) = (a.get(name), b.get(name));
        if ea.map(|e| e.1) == eb.map(|e| e.1) {
            continue;
        }
        let sub = |e: Option<&(K, ObjectId)>| e.filter(|e| e.0 == K::Tree).map(|e| e.1);
        let blob = |e: Option<&(K, ObjectId)>| e.filter(|e| is_blob(e.0)).map(|e| e.1);
        if sub(ea).is_some() || sub(eb).is_some() {
            diff_trees(repo, sub(ea), sub(eb), &path, added, removed, depth + 1);
        }
        if let Some(nb) = blob(eb) {
            added.push((path.clone(), nb));
        }
        if let Some(ob) = blob(ea) {
            removed.push((path, ob, blob(eb)));
        }
    }
}

pub struct HistoryOutcome {
    pub outcome: Outcome,
    pub stats: HistoryStats,
}

/// Scan the history of one repository.
pub fn scan_history(
    set: &RuleSet,
    repo_path: &Path,
    label: &str,
    opts: &HistoryOptions,
) -> Result<HistoryOutcome> {
    let repo = open(repo_path)?;
    let mut errors: Vec<ScanError> = Vec::new();
    let mut stats = HistoryStats::default();
    let excludes = {
        let mut b = globset::GlobSetBuilder::new();
        for g in &opts.exclude {
            let pat = if g.contains('/') {
                g.trim_start_matches('/').to_string()
            } else {
                format!("**/{g}")
            };
            for p in [pat.clone(), format!("{pat}/**")] {
                b.add(globset::Glob::new(&p).with_context(|| format!("bad --exclude glob {g:?}"))?);
            }
        }
        b.build()?
    };

    // tips: the named refs, or every ref (branches, tags, remotes)
    let mut tips: Vec<(String, ObjectId)> = Vec::new();
    if opts.branches.is_empty() {
        let platform = repo.references().context("reading refs")?;
        for r in platform.all().context("reading refs")? {
            let Ok(mut r) = r else {
                continue;
            };
            let name = r.name().as_bstr().to_str_lossy().into_owned();
            match r.peel_to_id() {
                Ok(id) => tips.push((name, id.detach())),
                Err(e) => errors.push(ScanError {
                    path: label.to_string(),
                    message: format!("{label}: ref {name} cannot be resolved ({e}); skipped"),
                }),
            }
        }
    } else {
        for b in &opts.branches {
            let id = repo
                .rev_parse_single(b.as_str())
                .with_context(|| format!("{label}: no such ref or revision {b:?}"))?;
            tips.push((b.clone(), id.detach()));
        }
    }
    let head = repo.head_id().ok().map(|h| h.detach());
    if opts.branches.is_empty() {
        if let Some(h) = head {
            tips.push(("HEAD".to_string(), h));
        }
    }
    // only commits
    tips.retain(|(_, id)| {
        repo.find_header(*id)
            .map(|h| h.kind() == gix::object::Kind::Commit)
            .unwrap_or(false)
    });
    tips.sort();
    tips.dedup();
    stats.refs = tips.len() as u64;

    let since_time = opts.since.as_deref().and_then(parse_date);
    let hidden: HashSet<ObjectId> = match (&opts.since, since_time) {
        (Some(rev), None) => {
            let id = repo
                .rev_parse_single(rev.as_str())
                .with_context(|| {
                    format!(
                        "{label}: --since {rev:?} is neither a date (YYYY-MM-DD) nor a revision"
                    )
                })?
                .detach();
            walk(&repo, [id], &mut errors, label)
                .into_iter()
                .map(|(c, _)| c)
                .collect::<HashSet<ObjectId>>()
        }
        _ => HashSet::new(),
    };

    // the history is walked once; reachability from HEAD and from each ref
    // is then computed on the commit graph in memory
    let all = walk(&repo, tips.iter().map(|t| t.1), &mut errors, label);
    let graph: HashMap<ObjectId, Vec<ObjectId>> = all.iter().cloned().collect();
    let head_reachable: HashSet<ObjectId> = match head {
        Some(h) => reachable(&graph, h),
        None => HashSet::new(),
    };
    let commits: Vec<(ObjectId, Option<ObjectId>)> = all
        .into_iter()
        .filter(|(c, _)| !hidden.contains(c))
        .map(|(c, parents)| (c, parents.first().copied()))
        .collect();
    // which refs reach each commit: walked per ref only for the commits
    // that turn out to matter (see below)
    stats.commits = commits.len() as u64;

    let progress = opts
        .progress
        .then(|| progress_bar(commits.len() as u64, "commits"));
    let sync = repo.clone().into_sync();
    // 1. every (path, blob) each commit introduces, and every blob it removes
    let per_commit: Vec<CommitChanges> = commits
        .par_iter()
        .map_init(
            || sync.to_thread_local(),
            |r, (id, parent)| {
                let c = r.find_commit(*id).ok();
                let time = c.as_ref().and_then(|c| c.time().ok()).map(|t| t.seconds);
                if since_time.is_some_and(|s| time.unwrap_or(0) < s) {
                    if let Some(p) = &progress {
                        p.inc(1);
                    }
                    return (Vec::new(), Vec::new(), time);
                }
                let tree = c
                    .as_ref()
                    .and_then(|c| c.tree_id().ok())
                    .map(|t| t.detach());
                // a missing parent (a shallow clone's boundary) is an empty tree
                let ptree = parent
                    .and_then(|p| r.find_commit(p).ok())
                    .and_then(|p| p.tree_id().ok())
                    .map(|t| t.detach());
                let mut added = Vec::new();
                let mut removed = Vec::new();
                diff_trees(r, ptree, tree, "", &mut added, &mut removed, 0);
                if let Some(p) = &progress {
                    p.inc(1);
                }
                (added, removed, time)
            },
        )
        .collect();
    if let Some(p) = &progress {
        p.finish_and_clear();
    }

    let mut intro: HashMap<ObjectId, Vec<Introduction>> = HashMap::new();
    let mut removals: Vec<Removal> = Vec::new();
    let times: Vec<i64> = per_commit.iter().map(|c| c.2.unwrap_or(0)).collect();
    for (ci, (added, removed, _)) in per_commit.into_iter().enumerate() {
        for (path, blob) in added {
            if excludes.is_match(&path) {
                continue;
            }
            intro
                .entry(blob)
                .or_default()
                .push(Introduction { commit: ci, path });
        }
        if head_reachable.contains(&commits[ci].0) {
            for (_, old, new) in removed {
                removals.push(Removal {
                    commit: ci,
                    old,
                    new,
                });
            }
        }
    }
    stats.blobs_distinct = intro.len() as u64;

    // 2. each distinct blob scanned once, in parallel
    let scanned = AtomicU64::new(0);
    let skipped = AtomicU64::new(0);
    let bytes = AtomicU64::new(0);

    let blobs: Vec<(ObjectId, String)> = intro
        .iter()
        .map(|(blob, list)| {
            // the path of the oldest introduction names the file
            let first = list
                .iter()
                .min_by_key(|i| (times[i.commit], std::cmp::Reverse(i.commit)))
                .map(|i| i.path.clone())
                .unwrap_or_default();
            (*blob, first)
        })
        .collect();
    let progress = opts
        .progress
        .then(|| progress_bar(blobs.len() as u64, "blobs"));
    let found: Vec<(ObjectId, Vec<Finding>)> = blobs
        .par_iter()
        .map_init(
            || sync.to_thread_local(),
            |r, (blob, path)| {
                if let Some(p) = &progress {
                    p.inc(1);
                }
                let size = r.find_header(*blob).map(|h| h.size()).unwrap_or(0);
                if size > opts.max_filesize {
                    skipped.fetch_add(1, Ordering::Relaxed);
                    return (*blob, Vec::new());
                }
                let Ok(b) = r.find_blob(*blob) else {
                    skipped.fetch_add(1, Ordering::Relaxed);
                    return (*blob, Vec::new());
                };
                scanned.fetch_add(1, Ordering::Relaxed);
                bytes.fetch_add(b.data.len() as u64, Ordering::Relaxed);
                let found = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    match decode(&b.data) {
                        Decoded::Binary => Vec::new(),
                        Decoded::Text { bytes, encoding } => {
                            let found = scan_text(
                                set,
                                path,
                                path,
                                &bytes,
                                &ScanOptions {
                                    show_secrets: opts.show_secrets,
                                    nested: false,
                                    encoding,
                                },
                            );
                            // a `connleak:allow` marker in the committed
                            // text holds in history too
                            crate::suppress::split_inline(&bytes, found).0
                        }
                    }
                }))
                .unwrap_or_default();
                (*blob, found)
            },
        )
        .collect();
    if let Some(p) = &progress {
        p.finish_and_clear();
    }
    stats.blobs_scanned = scanned.into_inner();
    stats.blobs_skipped = skipped.into_inner();
    stats.bytes_scanned = bytes.into_inner();

    // 3. provenance
    let head_blobs: HashMap<String, ObjectId> = match head
        .and_then(|h| repo.find_commit(h).ok())
        .and_then(|c| c.tree_id().ok())
    {
        Some(t) => {
            let mut m = HashMap::new();
            tree_blobs(&repo, t.detach(), "", &mut m, 0);
            m
        }
        None => HashMap::new(),
    };
    let head_set: HashSet<ObjectId> = head_blobs.values().copied().collect();
    let secrets_of: HashMap<ObjectId, HashSet<String>> = found
        .iter()
        .map(|(b, fs)| {
            (
                *b,
                fs.iter().map(|f| f.secret.expose().to_string()).collect(),
            )
        })
        .collect();
    let live_secrets: HashSet<String> = secrets_of
        .iter()
        .filter(|(b, _)| head_set.contains(*b))
        .flat_map(|(_, s)| s.iter().cloned())
        .collect();
    let has = |blob: &ObjectId, s: &str| secrets_of.get(blob).is_some_and(|x| x.contains(s));
    // indexes, so that finding a removal costs the blobs that hold the
    // secret, not every change in the history
    let mut blobs_with: HashMap<&str, Vec<ObjectId>> = HashMap::new();
    for (b, ss) in &secrets_of {
        for sec in ss {
            blobs_with.entry(sec.as_str()).or_default().push(*b);
        }
    }
    let mut removals_by_old: HashMap<ObjectId, Vec<&Removal>> = HashMap::new();
    for r in &removals {
        if secrets_of.get(&r.old).is_some_and(|x| !x.is_empty()) {
            removals_by_old.entry(r.old).or_default().push(r);
        }
    }
    let mut info_cache: HashMap<usize, CommitInfo> = HashMap::new();
    let mut info = |ci: usize| -> CommitInfo {
        info_cache
            .entry(ci)
            .or_insert_with(|| commit_info(&repo, commits[ci].0))
            .clone()
    };
    // refs that reach a commit: computed once per ref, lazily
    let mut ref_sets: Vec<(String, HashSet<ObjectId>)> = Vec::new();
    let needs_refs = found.iter().any(|(_, f)| !f.is_empty());
    if needs_refs {
        for (name, id) in &tips {
            if name == "HEAD" {
                continue;
            }
            ref_sets.push((name.clone(), reachable(&graph, *id)));
        }
    }
    let mut findings = Vec::new();
    for (blob, fs) in found {
        if fs.is_empty() {
            continue;
        }
        let list = &intro[&blob];
        let first = list
            .iter()
            .min_by_key(|i| (times[i.commit], std::cmp::Reverse(i.commit)))
            .expect("every scanned blob was introduced");
        let cid = commits[first.commit].0;
        let on_default = list
            .iter()
            .any(|i| head_reachable.contains(&commits[i.commit].0));
        let refs: Vec<String> = ref_sets
            .iter()
            .filter(|(_, s)| s.contains(&cid))
            .map(|(n, _)| n.clone())
            .collect();
        for mut f in fs {
            let secret = f.secret.expose().to_string();
            let (status, removed_by) = if live_secrets.contains(&secret) {
                ("live", None)
            } else if on_default {
                // the latest commit on the default branch whose change took
                // a blob with the secret away
                let r = blobs_with
                    .get(secret.as_str())
                    .into_iter()
                    .flatten()
                    .filter_map(|b| removals_by_old.get(b))
                    .flatten()
                    .filter(|r| !r.new.is_some_and(|n| has(&n, &secret)))
                    .max_by_key(|r| (times[r.commit], std::cmp::Reverse(r.commit)))
                    .map(|r| r.commit);
                ("removed", r)
            } else {
                ("branch-only", None)
            };
            f.provenance = Some(Box::new(Provenance {
                repository: label.to_string(),
                introduced: info(first.commit),
                status,
                removed_by: removed_by.map(&mut info),
                refs: refs.clone(),
                introductions: list.len(),
            }));
            f.path = first.path.clone();
            findings.push(f);
        }
    }
    let mut outcome = Outcome {
        findings,
        errors,
        ..Outcome::default()
    };
    outcome.summary.files_scanned = stats.blobs_scanned;
    outcome.summary.bytes_scanned = stats.bytes_scanned;
    outcome.summary.skipped_too_large = stats.blobs_skipped;
    Ok(HistoryOutcome { outcome, stats })
}

/// The commits reachable from `tip` in an in-memory commit graph.
fn reachable(graph: &HashMap<ObjectId, Vec<ObjectId>>, tip: ObjectId) -> HashSet<ObjectId> {
    let mut seen = HashSet::new();
    let mut stack = vec![tip];
    while let Some(c) = stack.pop() {
        if !seen.insert(c) {
            continue;
        }
        if let Some(ps) = graph.get(&c) {
            stack.extend(ps.iter().copied().filter(|p| !seen.contains(p)));
        }
    }
    seen
}

/// Every commit reachable from `tips`, with its parents.
fn walk(
    repo: &gix::Repository,
    tips: impl IntoIterator<Item = ObjectId>,
    errors: &mut Vec<ScanError>,
    label: &str,
) -> Vec<(ObjectId, Vec<ObjectId>)> {
    let tips: Vec<ObjectId> = tips.into_iter().collect();
    if tips.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    match repo.rev_walk(tips).all() {
        Ok(w) => {
            for info in w {
                match info {
                    Ok(i) => {
                        if seen.insert(i.id) {
                            out.push((i.id, i.parent_ids.iter().copied().collect()));
                        }
                    }
                    Err(e) => {
                        errors.push(ScanError {
                            path: label.to_string(),
                            message: format!("{label}: history walk stopped early: {e}"),
                        });
                        break;
                    }
                }
            }
        }
        Err(e) => errors.push(ScanError {
            path: label.to_string(),
            message: format!("{label}: cannot walk history: {e}"),
        }),
    }
    out
}

fn progress_bar(len: u64, what: &str) -> indicatif::ProgressBar {
    let p = indicatif::ProgressBar::with_draw_target(
        Some(len),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(&format!(
        "{{spinner}} {what} {{pos}}/{{len}} [{{bar:30}}] {{per_sec}} eta {{eta}}"
    )) {
        p.set_style(style);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(parse_date("2023-11-14"), Some(1_699_920_000));
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2024-02-29"), Some(1_709_164_800));
        assert_eq!(parse_date("nope"), None);
        assert_eq!(parse_date("2024-13-01"), None);
    }
}
