//! The files of one commit, read as a working tree would be: what the
//! remediation engine reads around a finding of a history scan (the blob
//! itself and the project manifests beside it), so the advice for a blob
//! depends on that commit and never on the working tree.

use gix::bstr::ByteSlice;
use gix::ObjectId;

/// Blobs larger than this are not read at all (manifests are small).
const MAX_BLOB: u64 = 8 << 20;

pub struct CommitTree<'r> {
    repo: &'r gix::Repository,
    tree: ObjectId,
}

/// The tree of commit `id` (full hex), if the repository has it.
pub fn at<'r>(repo: &'r gix::Repository, id: &str) -> Option<CommitTree<'r>> {
    let id = ObjectId::from_hex(id.as_bytes()).ok()?;
    let tree = repo.find_commit(id).ok()?.tree_id().ok()?.detach();
    Some(CommitTree { repo, tree })
}

impl CommitTree<'_> {
    fn entry(&self, path: &str) -> Option<(ObjectId, gix::object::tree::EntryKind)> {
        let tree = self.repo.find_tree(self.tree).ok()?;
        let e = tree.lookup_entry_by_path(path).ok()??;
        Some((e.object_id(), e.mode().kind()))
    }

    /// The first `cap` bytes of the regular file at `path` (`/`-separated,
    /// relative to the repository root).
    pub fn read(&self, path: &str, cap: usize) -> Option<Vec<u8>> {
        let (id, kind) = self.entry(path)?;
        if !matches!(
            kind,
            gix::object::tree::EntryKind::Blob | gix::object::tree::EntryKind::BlobExecutable
        ) {
            return None;
        }
        if self.repo.find_header(id).ok()?.size() > MAX_BLOB {
            return None;
        }
        let blob = self.repo.find_blob(id).ok()?;
        let data = &blob.data;
        Some(data[..data.len().min(cap)].to_vec())
    }

    /// The names of the regular files directly in `dir` (`""`: the root).
    pub fn list(&self, dir: &str) -> Vec<String> {
        self.names(dir, |k| {
            matches!(
                k,
                gix::object::tree::EntryKind::Blob | gix::object::tree::EntryKind::BlobExecutable
            )
        })
    }

    /// The names of the directories directly in `dir` (`""`: the root).
    pub fn dirs(&self, dir: &str) -> Vec<String> {
        self.names(dir, |k| matches!(k, gix::object::tree::EntryKind::Tree))
    }

    fn names(&self, dir: &str, want: impl Fn(gix::object::tree::EntryKind) -> bool) -> Vec<String> {
        let id = if dir.is_empty() {
            Some(self.tree)
        } else {
            match self.entry(dir) {
                Some((id, gix::object::tree::EntryKind::Tree)) => Some(id),
                _ => None,
            }
        };
        let Some(tree) = id.and_then(|id| self.repo.find_tree(id).ok()) else {
            return Vec::new();
        };
        let Ok(decoded) = tree.decode() else {
            return Vec::new();
        };
        decoded
            .entries
            .iter()
            .filter(|e| want(e.mode.kind()))
            .map(|e| e.filename.to_str_lossy().into_owned())
            .collect()
    }
}
