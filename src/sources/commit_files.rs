//! The files of one commit, as the remediation engine reads them for a
//! history finding (see `connleak_remedy::advise_history`).

use connleak_git::tree_at::CommitTree;
use connleak_remedy::project::Files;
use std::path::Path;

pub struct CommitFiles<'r>(pub CommitTree<'r>);

fn slashed(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

impl Files for CommitFiles<'_> {
    fn read(&self, path: &Path, cap: usize) -> Option<Vec<u8>> {
        self.0.read(&slashed(path), cap)
    }

    fn list(&self, dir: &Path) -> Vec<String> {
        self.0.list(&slashed(dir))
    }

    fn is_repository_top(&self, dir: &Path) -> bool {
        dir.as_os_str().is_empty()
    }

    fn subdirs(&self, dir: &Path) -> Vec<String> {
        self.0.dirs(&slashed(dir))
    }
}
