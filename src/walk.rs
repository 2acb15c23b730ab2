//! Paths in, findings out: walks the given roots in parallel (the `ignore`
//! crate, as ripgrep does), reads each regular file once, decodes it and
//! hands it to the pure per-file scanner.
//!
//! Only regular files are opened: FIFOs, sockets and devices are skipped
//! before any `open`, so a FIFO can never block the scan. Symbolic links are
//! not followed unless asked (the `ignore` crate detects loops when they
//! are). Every per-file problem becomes an entry in `errors` and the walk
//! goes on.

use crate::finding::{Outcome, ScanError, SkipReason};
use crate::input::{decode, Decoded};
use crate::rules::RuleSet;
use crate::scan::{scan_text, ScanOptions};
use ignore::overrides::OverrideBuilder;
use ignore::{WalkBuilder, WalkState};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

pub struct WalkOptions {
    pub no_ignore: bool,
    pub exclude: Vec<String>,
    pub max_filesize: u64,
    pub threads: usize,
    pub follow: bool,
    pub show_secrets: bool,
}

#[derive(Default)]
struct Counters {
    files: AtomicU64,
    bytes: AtomicU64,
    binary: AtomicU64,
    too_large: AtomicU64,
    other: AtomicU64,
}

impl Counters {
    fn skip(&self, why: SkipReason) {
        match why {
            SkipReason::Binary => &self.binary,
            SkipReason::TooLarge => &self.too_large,
            SkipReason::NotAFile | SkipReason::Unreadable => &self.other,
        }
        .fetch_add(1, Ordering::Relaxed);
    }
}

/// The directory fingerprints are relative to: the enclosing git work tree
/// if there is one, else the scanned directory (or a file's parent).
fn fingerprint_base(root: &Path) -> PathBuf {
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

pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    s.strip_prefix("./")
        .map(str::to_string)
        .unwrap_or_else(|| s.into_owned())
}

/// Scan one buffer and add its findings to the outcome.
/// Scan one buffer and add its findings to the outcome. A bug in the scanner
/// must not lose the whole report: a panic is caught, reported as an error on
/// this file (without its message, which could quote the file), and the walk
/// goes on.
pub fn scan_buffer_guarded(
    set: &RuleSet,
    display: &str,
    fp: &str,
    bytes: &[u8],
    show_secrets: bool,
    out: &Mutex<Outcome>,
) -> Result<u64, SkipReason> {
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        scan_buffer(set, display, fp, bytes, show_secrets, out)
    }));
    r.unwrap_or_else(|_| {
        if let Ok(mut o) = out.lock() {
            o.errors.push(ScanError {
                path: display.to_string(),
                message: format!("{display}: internal error while scanning this file (please report it); skipped"),
            });
        }
        Err(SkipReason::Unreadable)
    })
}

fn scan_buffer(
    set: &RuleSet,
    display: &str,
    fp: &str,
    bytes: &[u8],
    show_secrets: bool,
    out: &Mutex<Outcome>,
) -> Result<u64, SkipReason> {
    match decode(bytes) {
        Decoded::Binary => Err(SkipReason::Binary),
        Decoded::Text {
            bytes: text,
            encoding,
        } => {
            let opts = ScanOptions {
                show_secrets,
                encoding,
                nested: false,
            };
            let found = scan_text(set, display, fp, &text, &opts);
            if !found.is_empty() {
                let (found, allowed) = crate::suppress::split_inline(&text, found);
                if let Ok(mut o) = out.lock() {
                    o.findings.extend(found);
                    o.suppressed.extend(allowed);
                }
            }
            Ok(bytes.len() as u64)
        }
    }
}

pub fn walk(
    set: &RuleSet,
    roots: &[PathBuf],
    opts: &WalkOptions,
) -> anyhow::Result<(Outcome, usize)> {
    let out = Mutex::new(Outcome::default());
    let counters = Counters::default();
    let mut readable_roots = 0;
    for root in roots {
        if std::fs::symlink_metadata(root).is_err() {
            let msg = format!("{}: no such file or directory", display_path(root));
            if let Ok(mut o) = out.lock() {
                o.errors.push(ScanError {
                    path: display_path(root),
                    message: msg,
                });
            }
            continue;
        }
        readable_roots += 1;
        let base = fingerprint_base(root);
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
            let out = &out;
            let counters = &counters;
            let base = &base;
            Box::new(move |entry| {
                let entry = match entry {
                    Ok(e) => e,
                    Err(err) => {
                        let path = match &err {
                            ignore::Error::WithPath { path, .. } => display_path(path),
                            _ => String::new(),
                        };
                        counters.skip(SkipReason::Unreadable);
                        if let Ok(mut o) = out.lock() {
                            o.errors.push(ScanError {
                                path,
                                message: err.to_string(),
                            });
                        }
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
                let display = display_path(path);
                if !ft.is_file() {
                    // a FIFO, socket, device, or an unfollowed symlink
                    if !ft.is_symlink() {
                        counters.skip(SkipReason::NotAFile);
                    }
                    return WalkState::Continue;
                }
                match read_file(path, opts.max_filesize) {
                    Ok(bytes) => {
                        let fp = fp_path(base, path);
                        match scan_buffer_guarded(
                            set,
                            &display,
                            &fp,
                            &bytes,
                            opts.show_secrets,
                            out,
                        ) {
                            Ok(n) => {
                                counters.files.fetch_add(1, Ordering::Relaxed);
                                counters.bytes.fetch_add(n, Ordering::Relaxed);
                            }
                            Err(why) => counters.skip(why),
                        }
                    }
                    Err(ReadError::TooLarge) => counters.skip(SkipReason::TooLarge),
                    Err(ReadError::Io(e)) => {
                        counters.skip(SkipReason::Unreadable);
                        if let Ok(mut o) = out.lock() {
                            o.errors.push(ScanError {
                                path: display,
                                message: e.to_string(),
                            });
                        }
                    }
                }
                WalkState::Continue
            })
        });
    }
    let mut o = out.into_inner().unwrap_or_else(|p| p.into_inner());
    let s = &mut o.summary;
    s.files_scanned = counters.files.load(Ordering::Relaxed);
    s.bytes_scanned = counters.bytes.load(Ordering::Relaxed);
    s.skipped_binary = counters.binary.load(Ordering::Relaxed);
    s.skipped_too_large = counters.too_large.load(Ordering::Relaxed);
    s.skipped_other = counters.other.load(Ordering::Relaxed);
    s.files_skipped = s.skipped_binary + s.skipped_too_large + s.skipped_other;
    Ok((o, readable_roots))
}

enum ReadError {
    TooLarge,
    Io(std::io::Error),
}

/// Read a whole file, refusing it if it is (or grows while read) larger than `max`.
fn read_file(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let f = std::fs::File::open(path).map_err(ReadError::Io)?;
    let len = f.metadata().map_err(ReadError::Io)?.len();
    if len > max {
        return Err(ReadError::TooLarge);
    }
    let mut buf = Vec::with_capacity(len as usize);
    f.take(max.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(ReadError::Io)?;
    if buf.len() as u64 > max {
        return Err(ReadError::TooLarge);
    }
    Ok(buf)
}
