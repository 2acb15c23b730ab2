//! Where file contents come from, for the working tree: a parallel walk of
//! paths ([`walk`]) and standard input ([`stdin`]). The git sources (the
//! staged index, history) are in `connleak-git`. Each sends the same events
//! to the same kind of sink. [`commit_files`] lets the remediation engine
//! read a commit's files for a history finding.

pub mod commit_files;
mod ignored;
pub mod stdin;
pub mod walk;

use std::path::Path;

/// A path as reports show it: as given, without a leading `./`.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    s.strip_prefix("./")
        .map(str::to_string)
        .unwrap_or_else(|| s.into_owned())
}
