//! `connleak scan --history`: every blob reachable from the repository's
//! refs, read through `gix` (no `git` process, so no hooks, no fsmonitor, no
//! filters: nothing from the repository runs), each distinct blob scanned
//! once, in parallel, and every finding traced to the commit that introduced
//! it and to where it is now.
//!
//! The phases, each in its own module: [`refs`] (where to start) ->
//! [`commits`] (the graph, and what each commit adds and removes) ->
//! [`blobs`] (each distinct blob scanned once) -> [`provenance`] (introduced
//! by, still at HEAD, removed by, branch only). Per-blob events go to the
//! caller's sink as they happen; the findings follow, with their provenance.

mod blobs;
mod commits;
pub mod dates;
mod provenance;
mod refs;

use anyhow::Result;
use connleak_core::model::{Event, HistoryStats, Sink};
use connleak_core::rules::RuleSet;
use gix::ObjectId;
use provenance::{Introduction, Removal};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::Ordering;

pub struct HistoryOptions<'a> {
    /// only these refs (branch names, tags, any rev-spec); all refs if empty
    pub branches: Vec<String>,
    /// only commits newer than this date (`YYYY-MM-DD`) or not reachable
    /// from this revision
    pub since: Option<String>,
    pub max_filesize: u64,
    pub listing: connleak_core::scan::Listing,
    /// paths never scanned (the command line's `--exclude` and config)
    pub exclude: &'a (dyn Fn(&str) -> bool + Sync),
    pub progress: bool,
}

/// Scan the history of one repository, sending every event to `sink`.
/// Returns the history's counters.
pub fn scan_history(
    set: &RuleSet,
    repo_path: &Path,
    label: &str,
    opts: &HistoryOptions<'_>,
    sink: &dyn Sink,
) -> Result<HistoryStats> {
    let repo = crate::repo::open_isolated(repo_path)?;
    let mut errors = Vec::new();
    let mut stats = HistoryStats::default();

    // 1. where to start
    let refs::Tips { tips, head } = refs::tips(&repo, &opts.branches, label, &mut errors)?;
    stats.refs = tips.len() as u64;
    let since = refs::since(&repo, opts.since.as_deref(), label, &mut errors)?;

    // 2. the history is walked once; reachability from HEAD and from each
    // ref is then computed on the commit graph in memory
    let all = commits::walk(&repo, tips.iter().map(|t| t.1), &mut errors, label);
    let graph: HashMap<ObjectId, Vec<ObjectId>> = all.iter().cloned().collect();
    let head_reachable: HashSet<ObjectId> = match head {
        Some(h) => commits::reachable(&graph, h),
        None => HashSet::new(),
    };
    let commit_list: Vec<(ObjectId, Option<ObjectId>)> = all
        .into_iter()
        .filter(|(c, _)| !since.hidden.contains(c))
        .map(|(c, parents)| (c, parents.first().copied()))
        .collect();
    stats.commits = commit_list.len() as u64;

    let progress = opts
        .progress
        .then(|| progress_bar(commit_list.len() as u64, "commits"));
    // Each slice of commits, and each chunk of blobs below, reads through a
    // repository opened for it alone and closed after it: gix maps the pack
    // files read-only, and every page read stays resident for as long as
    // the mapping lives, so one handle for the whole history held the whole
    // pack in RSS (251 MB of efcore's 394 MB peak). Opening costs about a
    // millisecond.
    // what each commit changed, diffed in parallel a slice of commits at a
    // time and folded at once into small facts: per blob, the (commit, path)
    // indexes that add it, each path stored once; the changes themselves
    // (a path string per added blob) never exist for the whole history
    let mut intro: HashMap<ObjectId, Vec<Introduction>> = HashMap::new();
    let mut removals: Vec<Removal> = Vec::new();
    let mut times: Vec<i64> = Vec::with_capacity(commit_list.len());
    let mut paths = Paths::default();
    const SLICE: usize = 256;
    for (k, slice) in commit_list.chunks(SLICE).enumerate() {
        let sync = crate::repo::open_isolated(repo_path)?.into_sync();
        let per_commit: Vec<commits::Changes> = slice
            .par_iter()
            .map_init(
                || sync.to_thread_local(),
                |r, (id, parent)| {
                    let c = commits::changes(r, *id, *parent, since.time);
                    if let Some(p) = &progress {
                        p.inc(1);
                    }
                    c
                },
            )
            .collect();
        for (j, changes) in per_commit.into_iter().enumerate() {
            let ci = k * SLICE + j;
            times.push(changes.time.unwrap_or(0));
            for (path, blob) in changes.added {
                if (opts.exclude)(&path) {
                    continue;
                }
                let path = paths.id(path);
                intro.entry(blob).or_default().push(Introduction {
                    commit: ci as u32,
                    path,
                });
            }
            if head_reachable.contains(&commit_list[ci].0) {
                for (old, new) in changes.removed {
                    removals.push(Removal {
                        commit: ci,
                        old,
                        new,
                    });
                }
            }
        }
    }
    if let Some(p) = &progress {
        p.finish_and_clear();
    }
    let paths = paths.into_list();
    stats.blobs_distinct = intro.len() as u64;

    // 3. each distinct blob scanned once, under the path that introduced it
    // first
    // in the order of the commits that introduce them, newest first, as a
    // pack stores them: a chunk of blobs then reads a few regions of the
    // pack rather than pages all over it
    let mut blob_list: Vec<(u32, ObjectId, &str)> = intro
        .iter()
        .filter_map(|(blob, list)| {
            let first = provenance::first(list, &times)?;
            Some((
                first.commit,
                *blob,
                paths.get(first.path as usize)?.as_str(),
            ))
        })
        .collect();
    blob_list.sort_unstable_by_key(|(commit, blob, _)| (*commit, *blob));
    let blob_list: Vec<(ObjectId, &str)> = blob_list.into_iter().map(|(_, b, p)| (b, p)).collect();
    let progress = opts
        .progress
        .then(|| progress_bar(blob_list.len() as u64, "blobs"));
    let counts = blobs::BlobCounts::default();
    let mut found = Vec::new();
    const CHUNK: usize = 2048;
    for chunk in blob_list.chunks(CHUNK) {
        let sync = crate::repo::open_isolated(repo_path)?.into_sync();
        let scan = blobs::BlobScan {
            sync: &sync,
            set,
            max_filesize: opts.max_filesize,
            listing: opts.listing,
            progress: progress.as_ref(),
            counts: &counts,
        };
        found.extend(scan.run(chunk, sink));
    }
    if let Some(p) = &progress {
        p.finish_and_clear();
    }
    stats.blobs_scanned = counts.scanned.load(Ordering::Relaxed);
    stats.blobs_skipped = counts.skipped.load(Ordering::Relaxed);
    stats.bytes_scanned = counts.bytes.load(Ordering::Relaxed);

    // 4. provenance
    let history = provenance::History {
        repo: &repo,
        label,
        commits: &commit_list,
        times: &times,
        head,
        head_reachable: &head_reachable,
        graph: &graph,
        tips: &tips,
        intro: &intro,
        paths: &paths,
        removals: &removals,
    };
    for item in provenance::attach(&history, found) {
        sink.emit(Event::Found(Box::new(item)));
    }
    for e in errors {
        sink.emit(Event::Failed(e));
    }
    Ok(stats)
}

/// The paths of a history, each stored once (a file changed in a thousand
/// commits is one string), named by index.
#[derive(Default)]
struct Paths {
    ids: HashMap<String, u32>,
    list: Vec<String>,
}

impl Paths {
    fn id(&mut self, path: String) -> u32 {
        if let Some(&i) = self.ids.get(&path) {
            return i;
        }
        let i = self.list.len() as u32;
        self.list.push(path.clone());
        self.ids.insert(path, i);
        i
    }

    fn into_list(self) -> Vec<String> {
        self.list
    }
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
