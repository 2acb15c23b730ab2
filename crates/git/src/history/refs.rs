//! Phase 1 of a history scan: which commits to start from. Every ref
//! (branches, tags, remote-tracking refs) and HEAD, or only the revisions
//! given with `--branch`; and what `--since` hides.

use super::commits::walk;
use super::dates::parse_date;
use anyhow::{Context, Result};
use connleak_core::model::{ErrorKind, ScanError};
use gix::bstr::ByteSlice;
use gix::ObjectId;
use std::collections::HashSet;

/// The commits a history scan starts from, by name, and HEAD.
pub struct Tips {
    pub tips: Vec<(String, ObjectId)>,
    pub head: Option<ObjectId>,
}

pub fn tips(
    repo: &gix::Repository,
    branches: &[String],
    label: &str,
    errors: &mut Vec<ScanError>,
) -> Result<Tips> {
    let mut tips: Vec<(String, ObjectId)> = Vec::new();
    if branches.is_empty() {
        let platform = repo.references().context("reading refs")?;
        for r in platform.all().context("reading refs")? {
            let Ok(mut r) = r else {
                continue;
            };
            let name = r.name().as_bstr().to_str_lossy().into_owned();
            match r.peel_to_id() {
                Ok(id) => tips.push((name, id.detach())),
                Err(e) => errors.push(ScanError::with_detail(
                    label,
                    ErrorKind::Git,
                    &format!("ref {name} cannot be resolved ({e}); skipped"),
                )),
            }
        }
    } else {
        for b in branches {
            let id = repo
                .rev_parse_single(b.as_str())
                .with_context(|| format!("{label}: no such ref or revision {b:?}"))?;
            tips.push((b.clone(), id.detach()));
        }
    }
    let head = repo.head_id().ok().map(|h| h.detach());
    if branches.is_empty() {
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
    Ok(Tips { tips, head })
}

/// What `--since` says: commits older than a date, or the commits
/// reachable from a revision, are left out.
pub struct Since {
    pub time: Option<i64>,
    pub hidden: HashSet<ObjectId>,
}

pub fn since(
    repo: &gix::Repository,
    since: Option<&str>,
    label: &str,
    errors: &mut Vec<ScanError>,
) -> Result<Since> {
    let time = since.and_then(parse_date);
    let hidden = match (since, time) {
        (Some(rev), None) => {
            let id = repo
                .rev_parse_single(rev)
                .with_context(|| {
                    format!(
                        "{label}: --since {rev:?} is neither a date (YYYY-MM-DD) nor a revision"
                    )
                })?
                .detach();
            walk(repo, [id], errors, label)
                .into_iter()
                .map(|(c, _)| c)
                .collect()
        }
        _ => HashSet::new(),
    };
    Ok(Since { time, hidden })
}
