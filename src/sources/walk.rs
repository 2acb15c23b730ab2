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
use connleak_core::scan::scan_reader;
use ignore::overrides::OverrideBuilder;
use ignore::{WalkBuilder, WalkState};
use std::path::{Path, PathBuf};

pub struct WalkOptions {
    pub no_ignore: bool,
    pub exclude: Vec<String>,
    pub max_filesize: u64,
    pub threads: usize,
    pub follow: bool,
    pub show_secrets: bool,
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
            .require_git(false)
            .filter_entry(|e| e.file_name() != ".git");
        if !opts.exclude.is_empty() {
            let mut ob = OverrideBuilder::new(root);
            for g in &opts.exclude {
                ob.add(&format!("!{g}"))?;
            }
            b.overrides(ob.build()?);
        }
        b.build_parallel().run(|| {
            let base = &base;
            let mut buf = Vec::new();
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
                visit_file(set, path, &display_path(path), base, opts, sink, &mut buf);
                WalkState::Continue
            })
        });
        if counting {
            let n = super::ignored::total().saturating_sub(ignored_before);
            sink.emit(Event::Ignored(n));
        }
    }
    Ok(readable_roots)
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
    let opened = std::fs::File::open(path).and_then(|f| Ok((f.metadata()?.len(), f)));
    let (len, mut f) = match opened {
        Ok(x) => x,
        Err(e) => {
            sink.emit(Event::Failed(ScanError::io(display, &e)));
            return false;
        }
    };
    if len > opts.max_filesize {
        sink.emit(Event::Skipped {
            path: display,
            reason: SkipReason::TooLarge,
        });
        return true;
    }
    scan_reader(
        set,
        display,
        &fp,
        &mut f,
        opts.max_filesize,
        opts.show_secrets,
        buf,
    )
    .emit(display, sink);
    true
}
