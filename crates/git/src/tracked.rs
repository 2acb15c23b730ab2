//! The files git tracks under a directory, read from the index.
//!
//! A directory walk respects `.gitignore`, but a file that was committed
//! anyway (`git add -f .env`, or committed before the ignore rule) is in
//! the repository for everyone who clones it, so the walk scans it too. The
//! index is read through `gix` with an isolated configuration: nothing the
//! repository configures runs, and its content is never trusted beyond the
//! paths it lists (which are checked to stay inside the work tree).

use gix::bstr::ByteSlice;
use std::path::{Component, Path, PathBuf};

/// The work tree containing `dir` (the nearest ancestor with a `.git`), and
/// the regular files its index lists under `dir`, as absolute paths in the
/// canonical form of `dir`. `None` when `dir` is in no repository whose
/// index can be read (a bare directory, a fake `.git`, a damaged index):
/// the walk then goes by the ignore files alone.
pub fn tracked_files(dir: &Path) -> Option<Vec<PathBuf>> {
    let dir = std::fs::canonicalize(dir).ok()?;
    let workdir = dir.ancestors().find(|d| d.join(".git").exists())?;
    let repo = crate::repo::open_isolated(workdir).ok()?;
    let index = repo.index_or_empty().ok()?;
    let mut out = Vec::new();
    for entry in index.entries() {
        use gix::index::entry::{Mode, Stage};
        let regular = entry.mode == Mode::FILE || entry.mode == Mode::FILE_EXECUTABLE;
        if !regular || entry.stage() != Stage::Unconflicted {
            continue;
        }
        let Ok(rel) = entry.path(&index).to_path() else {
            continue; // not a path on this platform
        };
        // an index is outside data: only plain relative components
        if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            continue;
        }
        let abs = workdir.join(rel);
        if abs.starts_with(&dir) {
            out.push(abs);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_repository_means_no_list() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join(".git")).unwrap(); // not a repository
        assert!(tracked_files(d.path()).is_none());
    }
}
