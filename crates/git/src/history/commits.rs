//! Phase 2 of a history scan: the commit graph, and what each commit
//! changed. Each commit is diffed against its first parent (a root commit,
//! or a shallow clone's boundary commit, against the empty tree); the blobs
//! it adds are introductions, the blobs it takes away are removals.

use connleak_core::model::{ErrorKind, ScanError};
use gix::bstr::ByteSlice;
use gix::ObjectId;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Every commit reachable from `tips`, with its parents.
pub fn walk(
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
                        errors.push(ScanError::with_detail(
                            label,
                            ErrorKind::Git,
                            &format!("history walk stopped early: {e}"),
                        ));
                        break;
                    }
                }
            }
        }
        Err(e) => errors.push(ScanError::with_detail(
            label,
            ErrorKind::Git,
            &format!("cannot walk history: {e}"),
        )),
    }
    out
}

/// The commits reachable from `tip` in an in-memory commit graph.
pub fn reachable(graph: &HashMap<ObjectId, Vec<ObjectId>>, tip: ObjectId) -> HashSet<ObjectId> {
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

/// What one commit changed.
#[derive(Default)]
pub struct Changes {
    /// blobs added or changed: (path, new blob)
    pub added: Vec<(String, ObjectId)>,
    /// blobs deleted or changed: (old blob, new blob if changed)
    pub removed: Vec<(ObjectId, Option<ObjectId>)>,
    /// the commit's time, seconds since the epoch
    pub time: Option<i64>,
}

/// The changes of one commit against its first parent (`None` for a root
/// commit or a shallow boundary). Commits older than `since` are not
/// diffed.
pub fn changes(
    r: &gix::Repository,
    id: ObjectId,
    parent: Option<ObjectId>,
    since: Option<i64>,
) -> Changes {
    let c = r.find_commit(id).ok();
    let time = c.as_ref().and_then(|c| c.time().ok()).map(|t| t.seconds);
    if since.is_some_and(|s| time.unwrap_or(0) < s) {
        return Changes {
            time,
            ..Changes::default()
        };
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
    let mut out = Changes {
        time,
        ..Changes::default()
    };
    diff_trees(r, ptree, tree, "", &mut out, 0);
    out
}

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

pub fn join(prefix: &str, name: &gix::bstr::BStr) -> String {
    let n = name.to_str_lossy();
    if prefix.is_empty() {
        n.into_owned()
    } else {
        format!("{prefix}/{n}")
    }
}

/// A tree diff without rename detection: every blob added or changed, and
/// every blob deleted or changed (for removals). Subtrees with the same id
/// are skipped, so the cost is proportional to what changed.
fn diff_trees(
    repo: &gix::Repository,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    prefix: &str,
    out: &mut Changes,
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
            diff_trees(repo, sub(ea), sub(eb), &path, out, depth + 1);
        }
        if let Some(nb) = blob(eb) {
            out.added.push((path.clone(), nb));
        }
        if let Some(ob) = blob(ea) {
            out.removed.push((ob, blob(eb)));
        }
    }
}

/// The blob entries of a tree, recursively, as `path -> blob id`.
pub fn tree_blobs(
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
