//! Files of the tree at a revision (`scan --policy-from REF`): the policy a
//! scan trusts is read from the object database at a commit the change
//! under review cannot rewrite (its base branch), never from the working
//! tree. Through `gix` with an isolated configuration: nothing runs.
//! Symbolic links in the tree are not followed (they read as absent).

use anyhow::{anyhow, bail, Context, Result};
use gix::bstr::ByteSlice;
use std::path::{Path, PathBuf};

/// A policy file larger than this is refused rather than read.
pub const MAX_FILE: u64 = 16 << 20;

pub struct TreeAtRef {
    repo: gix::Repository,
    tree: gix::ObjectId,
    /// the commit the revision resolved to
    pub commit: gix::ObjectId,
    /// the work tree the repository belongs to (canonical)
    pub workdir: PathBuf,
}

impl TreeAtRef {
    /// The repository whose work tree contains `start` (the nearest
    /// ancestor with a `.git`), at revision `rev`.
    pub fn open(start: &Path, rev: &str) -> Result<TreeAtRef> {
        let abs = std::fs::canonicalize(start)
            .with_context(|| format!("--policy-from: cannot read {}", start.display()))?;
        let workdir = abs
            .ancestors()
            .find(|d| d.join(".git").exists())
            .ok_or_else(|| {
                anyhow!(
                    "--policy-from needs the scanned path to be in a git work tree, and {} is not in one",
                    start.display()
                )
            })?
            .to_path_buf();
        let repo = crate::repo::open_isolated(&workdir)?;
        let (commit, tree) = {
            let commit = repo
            .rev_parse_single(rev)
            .map_err(|e| anyhow!("--policy-from {rev:?}: no such revision in {} ({e}); is it fetched? (a shallow CI checkout may lack the base branch)", workdir.display()))?
            .object()
            .with_context(|| format!("--policy-from {rev:?}: cannot read the object"))?
            .peel_to_commit()
            .with_context(|| format!("--policy-from {rev:?}: not a commit"))?;
            let tree = commit
                .tree_id()
                .with_context(|| format!("--policy-from {rev:?}: cannot read the commit's tree"))?
                .detach();
            (commit.id, tree)
        };
        Ok(TreeAtRef {
            commit,
            repo,
            tree,
            workdir,
        })
    }

    fn entry(&self, path: &str) -> Result<Option<(gix::object::tree::EntryKind, gix::ObjectId)>> {
        let tree = self
            .repo
            .find_tree(self.tree)
            .context("reading the tree at --policy-from")?;
        let parts: Vec<&str> = path.split('/').filter(|c| !c.is_empty()).collect();
        if parts.is_empty() {
            return Ok(Some((gix::object::tree::EntryKind::Tree, self.tree)));
        }
        if parts.iter().any(|c| *c == "." || *c == "..") {
            bail!("{path:?}: not a plain path inside the repository");
        }
        let found = tree
            .lookup_entry(parts.iter().map(|c| c.as_bytes()))
            .with_context(|| format!("looking up {path} at --policy-from"))?;
        Ok(found.map(|e| (e.mode().kind(), e.object_id())))
    }

    /// The content of the regular file at `path` (slash-separated, relative
    /// to the work tree's root), or `None` if the tree has no such file.
    pub fn file(&self, path: &str) -> Result<Option<Vec<u8>>> {
        use gix::object::tree::EntryKind;
        let Some((kind, id)) = self.entry(path)? else {
            return Ok(None);
        };
        if !matches!(kind, EntryKind::Blob | EntryKind::BlobExecutable) {
            return Ok(None);
        }
        let header = self
            .repo
            .find_header(id)
            .with_context(|| format!("reading {path} at --policy-from"))?;
        if header.size() > MAX_FILE {
            bail!(
                "{path} at --policy-from is {} bytes, more than a policy file may be",
                header.size()
            );
        }
        let obj = self
            .repo
            .find_object(id)
            .with_context(|| format!("reading {path} at --policy-from"))?;
        Ok(Some(obj.detach().data))
    }

    /// Whether `path` is a directory in the tree.
    pub fn is_dir(&self, path: &str) -> Result<bool> {
        Ok(matches!(
            self.entry(path)?,
            Some((gix::object::tree::EntryKind::Tree, _))
        ))
    }

    /// The names of the regular files directly in directory `path`, sorted;
    /// `None` if it is not a directory.
    pub fn files_in(&self, path: &str) -> Result<Option<Vec<String>>> {
        use gix::object::tree::EntryKind;
        let Some((EntryKind::Tree, id)) = self.entry(path)? else {
            return Ok(None);
        };
        let tree = self
            .repo
            .find_tree(id)
            .with_context(|| format!("reading {path} at --policy-from"))?;
        let mut names = Vec::new();
        for e in tree.iter() {
            let e = e.with_context(|| format!("decoding {path} at --policy-from"))?;
            if matches!(e.mode().kind(), EntryKind::Blob | EntryKind::BlobExecutable) {
                names.push(e.filename().to_str_lossy().into_owned());
            }
        }
        names.sort();
        Ok(Some(names))
    }

    /// The paths of the regular files named `name` anywhere under
    /// directory `under` (`""`: the whole tree), sorted (the nested
    /// `.connleak.toml` files a scan started deeper would read).
    pub fn find_named(&self, under: &str, name: &str) -> Result<Vec<String>> {
        let Some((gix::object::tree::EntryKind::Tree, id)) = self.entry(under)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        self.find_in(id, under, name, 0, &mut out)?;
        out.sort();
        Ok(out)
    }

    fn find_in(
        &self,
        id: gix::ObjectId,
        dir: &str,
        name: &str,
        depth: usize,
        out: &mut Vec<String>,
    ) -> Result<()> {
        use gix::object::tree::EntryKind;
        // deeper than any real tree: a crafted one is not followed further
        if depth > 256 {
            return Ok(());
        }
        let tree = self
            .repo
            .find_tree(id)
            .with_context(|| format!("reading {dir} at --policy-from"))?;
        let mut subtrees = Vec::new();
        for e in tree.iter() {
            let e = e.with_context(|| format!("decoding {dir} at --policy-from"))?;
            let file = e.filename().to_str_lossy();
            let path = if dir.is_empty() {
                file.to_string()
            } else {
                format!("{dir}/{file}")
            };
            match e.mode().kind() {
                EntryKind::Tree => subtrees.push((e.object_id(), path)),
                EntryKind::Blob | EntryKind::BlobExecutable if file == name => out.push(path),
                _ => {}
            }
        }
        for (id, path) in subtrees {
            self.find_in(id, &path, name, depth + 1, out)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_a_repository_is_an_error() {
        let d = tempfile::tempdir().unwrap();
        let e = TreeAtRef::open(d.path(), "main").err().unwrap().to_string();
        assert!(e.contains("git work tree"), "{e}");
    }
}
