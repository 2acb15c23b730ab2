//! Phase 4 of a history scan: where each secret came from and where it is
//! now. A secret is `live` when a blob at HEAD holds it, `removed` when it
//! was on the default branch and is gone from HEAD (with the commit that
//! took it away), `branch-only` otherwise. Works on secrets, not on lines,
//! so a password that moved to another file is still live.

use super::commits::{tips_reaching, tree_blobs};
use super::dates::rfc3339;
use connleak_core::model::{CommitInfo, HistoryStatus, Item, Provenance};
use connleak_core::text::escape_control;
use gix::bstr::ByteSlice;
use gix::ObjectId;
use std::collections::{HashMap, HashSet};

/// One (commit, path) at which a blob was added: two indexes, eight bytes
/// (a history holds one per blob per commit that adds it).
pub struct Introduction {
    /// index into the commit list
    pub commit: u32,
    /// index into the history's path table
    pub path: u32,
}

impl Introduction {
    pub fn commit(&self) -> usize {
        self.commit as usize
    }
}

/// A blob taken away (deleted or changed) by a commit on the default branch.
pub struct Removal {
    pub commit: usize,
    pub old: ObjectId,
    pub new: Option<ObjectId>,
}

/// What the provenance phase needs to know about the history.
pub struct History<'a> {
    pub repo: &'a gix::Repository,
    pub label: &'a str,
    /// the commits, in walk order, with their times
    pub commits: &'a [(ObjectId, Option<ObjectId>)],
    pub times: &'a [i64],
    pub head: Option<ObjectId>,
    pub head_reachable: &'a HashSet<ObjectId>,
    pub graph: &'a HashMap<ObjectId, Vec<ObjectId>>,
    pub tips: &'a [(String, ObjectId)],
    pub intro: &'a HashMap<ObjectId, Vec<Introduction>>,
    /// every path an introduction names, once
    pub paths: &'a [String],
    pub removals: &'a [Removal],
}

fn short(s: &str) -> String {
    s.lines().next().unwrap_or("").chars().take(120).collect()
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
        author: escape_control(&author),
        date: rfc3339(time),
        time,
        summary: escape_control(&summary),
    }
}

/// The oldest introduction of a blob: it names the file and the commit.
pub fn first<'b>(list: &'b [Introduction], times: &[i64]) -> Option<&'b Introduction> {
    list.iter()
        .min_by_key(|i| (times[i.commit()], std::cmp::Reverse(i.commit)))
}

/// Attach provenance to the items found in each blob, and return them all.
pub fn attach(h: &History<'_>, found: Vec<(ObjectId, Vec<Item>)>) -> Vec<Item> {
    let head_blobs: HashMap<String, ObjectId> = match h
        .head
        .and_then(|id| h.repo.find_commit(id).ok())
        .and_then(|c| c.tree_id().ok())
    {
        Some(t) => {
            let mut m = HashMap::new();
            tree_blobs(h.repo, t.detach(), "", &mut m, 0);
            m
        }
        None => HashMap::new(),
    };
    let head_set: HashSet<ObjectId> = head_blobs.values().copied().collect();
    let secrets_of: HashMap<ObjectId, HashSet<String>> = found
        .iter()
        .map(|(b, items)| {
            (
                *b,
                items
                    .iter()
                    .map(|i| i.finding.secret.expose().to_string())
                    .collect(),
            )
        })
        .collect();
    let live_secrets: HashSet<&str> = secrets_of
        .iter()
        .filter(|(b, _)| head_set.contains(*b))
        .flat_map(|(_, s)| s.iter().map(String::as_str))
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
    for r in h.removals {
        if secrets_of.get(&r.old).is_some_and(|x| !x.is_empty()) {
            removals_by_old.entry(r.old).or_default().push(r);
        }
    }
    let mut info_cache: HashMap<usize, CommitInfo> = HashMap::new();
    let mut info = |ci: usize| -> CommitInfo {
        info_cache
            .entry(ci)
            .or_insert_with(|| commit_info(h.repo, h.commits[ci].0))
            .clone()
    };
    // the refs that reach each introducing commit
    let named: Vec<(&str, ObjectId)> = h
        .tips
        .iter()
        .filter(|(name, _)| name != "HEAD")
        .map(|(name, id)| (name.as_str(), *id))
        .collect();
    let targets: Vec<ObjectId> = found
        .iter()
        .filter_map(|(blob, _)| Some(h.commits[first(h.intro.get(blob)?, h.times)?.commit()].0))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let refs_of = tips_reaching(h.graph, &named, &targets);
    let mut out = Vec::new();
    for (blob, items) in found {
        let list = &h.intro[&blob];
        let Some(first) = first(list, h.times) else {
            continue;
        };
        let cid = h.commits[first.commit()].0;
        let on_default = list
            .iter()
            .any(|i| h.head_reachable.contains(&h.commits[i.commit()].0));
        let refs: Vec<String> = refs_of
            .get(&cid)
            .map(|names| names.iter().map(|n| n.to_string()).collect())
            .unwrap_or_default();
        for mut item in items {
            let secret = item.finding.secret.expose();
            let (status, removed_by) = if live_secrets.contains(secret) {
                (HistoryStatus::Live, None)
            } else if on_default {
                // the latest commit on the default branch whose change took
                // a blob with the secret away
                let r = blobs_with
                    .get(secret)
                    .into_iter()
                    .flatten()
                    .filter_map(|b| removals_by_old.get(b))
                    .flatten()
                    .filter(|r| !r.new.is_some_and(|n| has(&n, secret)))
                    .max_by_key(|r| (h.times[r.commit], std::cmp::Reverse(r.commit)))
                    .map(|r| r.commit);
                (HistoryStatus::Removed, r)
            } else {
                (HistoryStatus::BranchOnly, None)
            };
            item.provenance = Some(Box::new(Provenance {
                repository: h.label.to_string(),
                introduced: info(first.commit()),
                status,
                removed_by: removed_by.map(&mut info),
                refs: refs.clone(),
                introductions: list.len(),
            }));
            if let Some(p) = h.paths.get(first.path as usize) {
                item.finding.path = p.clone();
            }
            out.push(item);
        }
    }
    out
}
