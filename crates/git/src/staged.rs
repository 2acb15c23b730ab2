//! `connleak scan --staged`: scan what is about to be committed.
//!
//! The index is compared with `HEAD`'s tree; every regular file that was
//! added, copied or modified is read from the object database (the blob the
//! index points to, not the working tree) and scanned with the same pure
//! per-file scanner as a directory walk. Deleted and unchanged files are not
//! read. In a repository without commits every index entry is new.
//!
//! Everything goes through `gix`: no `git` process, no hooks, no
//! `core.fsmonitor`, no clean/smudge filters, no attributes. The repository
//! is discovered the way git does (including `GIT_DIR` and `GIT_INDEX_FILE`,
//! which git sets for a pre-commit hook during `git commit -a` or
//! `git commit <paths>`).

use anyhow::{anyhow, Context, Result};
use connleak_core::model::{ErrorKind, Event, ScanError, Sink, SkipReason};
use connleak_core::rules::RuleSet;
use connleak_core::scan::scan_bytes;
use gix::bstr::ByteSlice;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub struct StagedOptions<'a> {
    /// paths (relative to the work tree) never scanned
    pub exclude: &'a (dyn Fn(&str) -> bool + Sync),
    pub max_filesize: u64,
    pub threads: usize,
    pub listing: connleak_core::scan::Listing,
}

/// One staged blob to scan: its path in the repository and object id.
struct Staged {
    path: String,
    id: gix::ObjectId,
}

/// Open the repository that contains `dir` (as git would find it).
pub fn open(dir: &Path) -> Result<gix::Repository> {
    let repo = gix::ThreadSafeRepository::discover_with_environment_overrides(dir)
        .map_err(|e| {
            anyhow!(
                "--staged needs a git repository, and {} is not in one ({e})",
                dir.display()
            )
        })?
        .to_thread_local();
    Ok(repo)
}

/// The hooks directory of the repository containing `dir`: `hooks/` of the
/// common git directory, so that linked worktrees share their main
/// repository's hooks, as git does. Also returns `core.hooksPath` when it is
/// set (git then runs hooks from there, not from this directory); it is not
/// followed, since writing into a directory the configuration names is a
/// choice for the user.
pub fn hooks_dir(dir: &Path) -> Result<(PathBuf, Option<String>)> {
    let repo = gix::ThreadSafeRepository::discover(dir)
        .map_err(|e| anyhow!("{} is not in a git repository ({e})", dir.display()))?
        .to_thread_local();
    let hooks_path = repo
        .config_snapshot()
        .string("core.hooksPath")
        .map(|v| v.to_str_lossy().into_owned());
    Ok((repo.common_dir().join("hooks"), hooks_path))
}

/// Paths in the index whose blob differs from `HEAD` (or that `HEAD` lacks).
///
/// The index and `HEAD`'s tree are walked together, one directory at a
/// time. Where the index's cache-tree extension has a valid entry for a
/// directory whose tree id equals `HEAD`'s, nothing below it was staged and
/// it is skipped without reading a tree object: after `git add` of a few
/// files only the trees along their paths are read. (This is what git itself
/// commits: `git commit` takes those directories' trees from the same cache.)
fn changed_entries(repo: &gix::Repository) -> Result<Vec<Staged>> {
    let index = repo.index_or_empty().context("reading the git index")?;
    let tree_id = repo
        .head_tree_id_or_empty()
        .context("reading HEAD's tree")?
        .detach();
    let head = (tree_id != repo.empty_tree().id).then_some(tree_id);
    let mut out = Vec::new();
    let n = index.entries().len();
    diff_dir(repo, &index, head, index.tree(), b"", 0..n, &mut out)?;
    Ok(out)
}

/// Compare the index entries `range` (all under `prefix`) with the `HEAD`
/// tree `head` of that directory.
fn diff_dir(
    repo: &gix::Repository,
    index: &gix::index::State,
    head: Option<gix::ObjectId>,
    cache: Option<&gix::index::extension::Tree>,
    prefix: &[u8],
    range: std::ops::Range<usize>,
    out: &mut Vec<Staged>,
) -> Result<()> {
    if let (Some(h), Some(c)) = (head, cache) {
        if c.num_entries.is_some() && c.id == h {
            return Ok(());
        }
    }
    let mut files: HashMap<Vec<u8>, gix::ObjectId> = HashMap::new();
    let mut dirs: HashMap<Vec<u8>, gix::ObjectId> = HashMap::new();
    if let Some(h) = head {
        let tree = repo.find_tree(h).context("reading a tree of HEAD")?;
        for e in tree.iter() {
            let e = e.context("decoding a tree of HEAD")?;
            let name = e.filename().to_vec();
            if e.mode().is_tree() {
                dirs.insert(name, e.object_id());
            } else if e.mode().is_blob() {
                files.insert(name, e.object_id());
            }
        }
    }
    let entries = index.entries();
    let mut i = range.start;
    while i < range.end {
        let entry = &entries[i];
        let path = entry.path(index);
        let rest = &path[prefix.len().min(path.len())..];
        match rest.find_byte(b'/') {
            None => {
                use gix::index::entry::{Flags, Mode, Stage};
                let regular = entry.mode == Mode::FILE || entry.mode == Mode::FILE_EXECUTABLE;
                if regular
                    && entry.stage() == Stage::Unconflicted
                    && !entry.flags.contains(Flags::INTENT_TO_ADD)
                    && files.get(rest.as_bytes()) != Some(&entry.id)
                {
                    out.push(Staged {
                        path: path.to_str_lossy().into_owned(),
                        id: entry.id,
                    });
                }
                i += 1;
            }
            Some(k) => {
                let dir = &rest[..k];
                let mut sub = prefix.to_vec();
                sub.extend_from_slice(dir);
                sub.push(b'/');
                // paths sharing a prefix are contiguous in the sorted index
                let mut j = i + 1;
                while j < range.end && entries[j].path(index).starts_with(&sub) {
                    j += 1;
                }
                let child = cache.and_then(|c| c.children.iter().find(|t| t.name[..] == *dir));
                diff_dir(repo, index, dirs.get(dir).copied(), child, &sub, i..j, out)?;
                i = j;
            }
        }
    }
    Ok(())
}

/// Scan the staged version of every added or modified file, sending every
/// event to `sink`. Returns the work tree root the reported paths are
/// relative to.
pub fn scan(
    set: &RuleSet,
    start: &Path,
    opts: &StagedOptions<'_>,
    sink: &dyn Sink,
) -> Result<PathBuf> {
    let repo = open(start)?;
    let root = repo
        .workdir()
        .map(Path::to_path_buf)
        .ok_or_else(|| anyhow!("--staged needs a repository with a work tree, not a bare one"))?;
    let staged: Vec<Staged> = changed_entries(&repo)?
        .into_iter()
        .filter(|s| !(opts.exclude)(&s.path))
        .collect();
    // Blobs are read on this thread (reading a staged blob costs far less
    // than scanning it), then scanned in parallel.
    let mut blobs = Vec::with_capacity(staged.len());
    for s in &staged {
        match read_blob(&repo, s, opts.max_filesize) {
            Ok(b) => blobs.push((s, b)),
            Err(BlobError::TooLarge) => sink.emit(Event::Skipped {
                path: &s.path,
                reason: SkipReason::TooLarge,
            }),
            Err(BlobError::Unreadable(detail)) => sink.emit(Event::Failed(ScanError::with_detail(
                s.path.as_str(),
                ErrorKind::Git,
                &detail,
            ))),
        }
    }
    let scan_one = |(s, bytes): &(&Staged, Vec<u8>)| {
        scan_bytes(set, &s.path, &|| s.path.clone(), bytes, opts.listing).emit(&s.path, sink)
    };
    if opts.threads == 1 || blobs.len() < 2 {
        blobs.iter().for_each(scan_one);
    } else {
        let run = || blobs.par_iter().for_each(scan_one);
        match rayon::ThreadPoolBuilder::new()
            .num_threads(opts.threads)
            .build()
        {
            Ok(pool) if opts.threads > 1 => pool.install(run),
            _ => run(),
        }
    }
    Ok(root)
}

enum BlobError {
    TooLarge,
    Unreadable(String),
}

fn read_blob(repo: &gix::Repository, s: &Staged, max: u64) -> Result<Vec<u8>, BlobError> {
    let header = repo
        .find_header(s.id)
        .map_err(|e| BlobError::Unreadable(format!("cannot read the staged blob: {e}")))?;
    if header.size() > max {
        return Err(BlobError::TooLarge);
    }
    let obj = repo
        .find_object(s.id)
        .map_err(|e| BlobError::Unreadable(format!("cannot read the staged blob: {e}")))?;
    Ok(obj.detach().data)
}
