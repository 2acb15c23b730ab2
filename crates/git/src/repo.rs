//! Opening a repository for reading, and nothing else.

use anyhow::{Context, Result};
use std::path::Path;

/// Open a repository without reading global or system configuration.
pub fn open_isolated(path: &Path) -> Result<gix::Repository> {
    let mut repo = gix::open_opts(path, gix::open::Options::isolated())
        .with_context(|| format!("{} is not a git repository", path.display()))?;
    repo.object_cache_size_if_unset(16 << 20);
    Ok(repo)
}
