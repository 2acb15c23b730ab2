//! Paths in, events out: walks the given roots in parallel (the `ignore`
//! crate, as ripgrep does), reads each regular file once and hands it to
//! the per-file scanner of `connleak-core`, which decodes and scans it.
//!
//! Only regular files are opened: FIFOs, sockets and devices are skipped
//! before any `open`, so a FIFO can never block the scan. Symbolic links are
//! not followed unless asked (the `ignore` crate detects loops when they
//! are). Every per-file problem becomes an event naming the path and the
//! walk goes on. What ignore rules left out is counted (see [`super::ignored`]).

use super::display_path;
use connleak_core::model::{ErrorKind, Event, ScanError, Sink, SkipReason};
use connleak_core::rules::RuleSet;
use connleak_core::scan::scan_file;
use ignore::overrides::OverrideBuilder;
use ignore::{WalkBuilder, WalkState};
use std::path::{Path, PathBuf};

pub struct WalkOptions {
    pub no_ignore: bool,
    pub exclude: Vec<String>,
    pub max_filesize: u64,
    pub threads: usize,
    pub follow: bool,
    pub listing: connleak_core::scan::Listing,
    /// where the walk notes the project manifests it meets, for the advice
    /// (which then lists no directory a second time)
    pub units: Option<std::sync::Arc<connleak_remedy::project::UnitIndex>>,
}

/// The directory fingerprints are relative to: the enclosing git work tree
/// if there is one, else the scanned directory (or a file's parent).
pub fn fingerprint_base(root: &Path) -> PathBuf {
    let abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let start = if abs.is_dir() {
        abs.clone()
    } else {
        abs.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let mut dir = Some(start.as_path());
    while let Some(d) = dir {
        if d.join(".git").exists() {
            return d.to_path_buf();
        }
        dir = d.parent();
    }
    start
}

fn fp_path(base: &Path, path: &Path) -> String {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let rel = abs.strip_prefix(base).unwrap_or(&abs);
    rel.to_string_lossy().replace('\\', "/")
}

/// Walk `roots`, sending every event to `sink`. Returns how many roots
/// could be read.
pub fn walk(
    set: &RuleSet,
    roots: &[PathBuf],
    opts: &WalkOptions,
    sink: &dyn Sink,
) -> anyhow::Result<usize> {
    let mut readable_roots = 0;
    for root in roots {
        if let Err(e) = std::fs::symlink_metadata(root) {
            sink.emit(Event::Failed(ScanError::io(display_path(root), &e)));
            continue;
        }
        let base = fingerprint_base(root);
        // a regular file named on the command line (a pre-commit hook's
        // staged files): scanned on this thread, no walker threads to start
        if opts.exclude.is_empty()
            && root.file_name().is_some_and(|n| n != ".git")
            && std::fs::symlink_metadata(root).is_ok_and(|m| m.file_type().is_file())
        {
            let mut buf = Vec::new();
            if visit_file(set, root, &display_path(root), &base, opts, sink, &mut buf) {
                readable_roots += 1;
            }
            continue;
        }
        // a root that is a dangling symlink, or a directory that cannot be
        // listed, counts as unreadable
        match std::fs::metadata(root) {
            Ok(m) if m.is_dir() => {
                if let Err(e) = std::fs::read_dir(root) {
                    sink.emit(Event::Failed(ScanError::io(display_path(root), &e)));
                    continue;
                }
            }
            Ok(_) => {}
            Err(e) => {
                sink.emit(Event::Failed(ScanError::io(display_path(root), &e)));
                continue;
            }
        }
        readable_roots += 1;
        if let Some(u) = &opts.units {
            u.walking(root);
        }
        // nothing can be ignored without ignore files or exclude globs
        let counting = (!opts.no_ignore || !opts.exclude.is_empty()) && super::ignored::install();
        let ignored_before = super::ignored::total();
        let mut b = WalkBuilder::new(root);
        b.hidden(false)
            .follow_links(opts.follow)
            .threads(opts.threads)
            .git_ignore(!opts.no_ignore)
            .git_global(!opts.no_ignore)
            .git_exclude(!opts.no_ignore)
            .ignore(!opts.no_ignore)
            .parents(!opts.no_ignore)
            .filter_entry(|e| e.file_name() != ".git");
        let mut excludes = None;
        if !opts.exclude.is_empty() {
            let mut ob = OverrideBuilder::new(root);
            for g in &opts.exclude {
                ob.add(&format!("!{g}"))?;
            }
            let built = ob.build()?;
            b.overrides(built.clone());
            excludes = Some(built);
        }
        // files git tracks are scanned even where an ignore file matches
        // them; the walk records what it visited so that only those it
        // left out are read afterwards
        let tracked = if opts.no_ignore {
            None
        } else {
            connleak_git::tracked::tracked_files(root)
        };
        let visited = std::sync::Mutex::new(std::collections::HashSet::new());
        b.build_parallel().run(|| {
            let base = &base;
            let mut buf = Vec::new();
            let (visited, record) = (&visited, tracked.is_some());
            Box::new(move |entry| {
                let entry = match entry {
                    Ok(e) => e,
                    Err(err) => {
                        sink.emit(Event::Failed(walk_error(&err)));
                        return WalkState::Continue;
                    }
                };
                let Some(ft) = entry.file_type() else {
                    return WalkState::Continue;
                };
                if ft.is_dir() {
                    return WalkState::Continue;
                }
                let path = entry.path();
                if !ft.is_file() {
                    // a FIFO, socket, device, or an unfollowed symlink
                    if !ft.is_symlink() {
                        sink.emit(Event::Skipped {
                            path: &display_path(path),
                            reason: SkipReason::NotAFile,
                        });
                    }
                    return WalkState::Continue;
                }
                if record {
                    if let Ok(mut v) = visited.lock() {
                        v.insert(path.to_path_buf());
                    }
                }
                if let Some(u) = &opts.units {
                    u.met(root, path);
                }
                visit_file(set, path, &display_path(path), base, opts, sink, &mut buf);
                WalkState::Continue
            })
        });
        let mut rescued = 0;
        if let Some(tracked) = tracked {
            let visited = visited.into_inner().unwrap_or_default();
            rescued = scan_tracked(
                set,
                root,
                &base,
                &tracked,
                &visited,
                excludes.as_ref(),
                opts,
                sink,
            );
        }
        if counting {
            // tracked files an ignore rule matched were scanned after all
            let n = super::ignored::total()
                .saturating_sub(ignored_before)
                .saturating_sub(rescued as u64);
            sink.emit(Event::Ignored(n));
        }
    }
    Ok(readable_roots)
}

/// Scan the tracked files under `root` that the walk left out because an
/// ignore file matched them (or a directory of theirs). `--exclude` globs
/// still apply; symbolic links and anything that is not a regular file
/// today are left alone, as in the walk. Returns how many were scanned.
#[allow(clippy::too_many_arguments)]
fn scan_tracked(
    set: &RuleSet,
    root: &Path,
    base: &Path,
    tracked: &[PathBuf],
    visited: &std::collections::HashSet<PathBuf>,
    excludes: Option<&ignore::overrides::Override>,
    opts: &WalkOptions,
    sink: &dyn Sink,
) -> usize {
    let Ok(canonical_root) = std::fs::canonicalize(root) else {
        return 0;
    };
    let excluded = |rel: &Path| {
        let Some(ov) = excludes else { return false };
        rel.ancestors()
            .filter(|a| !a.as_os_str().is_empty())
            .any(|a| ov.matched(a, a != rel).is_ignore())
    };
    let left_out: Vec<PathBuf> = tracked
        .iter()
        .filter_map(|abs| abs.strip_prefix(&canonical_root).ok())
        .filter(|rel| !excluded(rel))
        .map(|rel| root.join(rel))
        .filter(|p| !visited.contains(p))
        .filter(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_file()))
        .collect();
    // usually a handful (a committed `.env`, a backup file): one thread
    let mut buf = Vec::new();
    for path in &left_out {
        if let Some(u) = &opts.units {
            u.met(root, path);
        }
        visit_file(set, path, &display_path(path), base, opts, sink, &mut buf);
    }
    left_out.len()
}

/// A walk error as a scan error: the path it names, and what kind of
/// failure it is (the `ignore` crate's message, which names no file
/// content, as detail).
fn walk_error(err: &ignore::Error) -> ScanError {
    fn parts(e: &ignore::Error) -> (Option<&Path>, Option<&std::io::Error>, bool) {
        match e {
            ignore::Error::WithPath { path, err } => {
                let (_, io, lp) = parts(err);
                (Some(path.as_path()), io, lp)
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                parts(err)
            }
            ignore::Error::Loop { child, .. } => (Some(child.as_path()), None, true),
            ignore::Error::Io(io) => (None, Some(io), false),
            _ => (None, None, false),
        }
    }
    let (path, io, is_loop) = parts(err);
    let path = path.map(display_path).unwrap_or_default();
    match (is_loop, io) {
        (true, _) => ScanError::new(path, ErrorKind::Loop),
        (false, Some(io)) => ScanError::io(path, io),
        (false, None) => ScanError::with_detail(path, ErrorKind::Io, &err.to_string()),
    }
}

/// Scan one regular file; returns whether it could be opened.
fn visit_file(
    set: &RuleSet,
    path: &Path,
    display: &str,
    base: &Path,
    opts: &WalkOptions,
    sink: &dyn Sink,
    buf: &mut Vec<u8>,
) -> bool {
    let fp = || fp_path(base, path);
    // no `stat` first: the read says how large the file is (`scan_file`
    // measures only a file that fills its first window)
    let f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            sink.emit(Event::Failed(ScanError::io(display, &e)));
            return false;
        }
    };
    scan_file(set, display, &fp, &f, opts.max_filesize, opts.listing, buf).emit(display, sink);
    true
}
