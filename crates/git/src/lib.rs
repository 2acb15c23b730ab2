//! connleak's git sources: what is about to be committed ([`staged`]) and
//! the whole history ([`history`]), read through `gix`. No `git` process is
//! started and nothing the repository configures runs: no hooks, no
//! `core.fsmonitor`, no clean/smudge filters, no textconv. Both produce the
//! same events as a directory walk, into the caller's sink.

pub mod history;
pub mod staged;

use anyhow::{Context, Result};
use std::path::Path;

/// Open a repository without reading global or system configuration.
pub fn open_isolated(path: &Path) -> Result<gix::Repository> {
    let mut repo = gix::open_opts(path, gix::open::Options::isolated())
        .with_context(|| format!("{} is not a git repository", path.display()))?;
    repo.object_cache_size_if_unset(16 << 20);
    Ok(repo)
}
