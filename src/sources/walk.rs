//! Paths in, findings out: walks the given roots in parallel (the `ignore`
//! crate, as ripgrep does), reads each regular file once, decodes it and
//! hands it to the pure per-file scanner.
//!
//! Only regular files are opened: FIFOs, sockets and devices are skipped
//! before any `open`, so a FIFO can never block the scan. Symbolic links are
//! not followed unless asked (the `ignore` crate detects loops when they
//! are). Every per-file problem becomes an entry in `errors` and the walk
//! goes on.

use crate::finding::{Finding, Outcome, ScanError, SkipReason};
use crate::input::{decode, sniff, Decoded, Sniff, Utf16Decoder, SNIFF};
use crate::rules::RuleSet;
use crate::scan::{position, scan_text_with, ScanOptions};
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
    match scan_whole(set, display, &|| fp.to_string(), bytes, show_secrets, out) {
        Ok(n) => Ok(n),
        Err(ReadError::Skip(r)) => Err(r),
        Err(ReadError::TooLarge) => Err(SkipReason::TooLarge),
        Err(ReadError::Io(_)) => Err(SkipReason::Unreadable),
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
        // a regular file named on the command line (a pre-commit hook's
        // staged files): scanned on this thread, no walker threads to start
        if opts.exclude.is_empty()
            && root.file_name().is_some_and(|n| n != ".git")
            && std::fs::symlink_metadata(root).is_ok_and(|m| m.file_type().is_file())
        {
            visit_file(set, root, display_path(root), &base, opts, &out, &counters);
            continue;
        }
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
                visit_file(set, path, display, base, opts, out, counters);
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

/// Scan one regular file and account for it.
fn visit_file(
    set: &RuleSet,
    path: &Path,
    display: String,
    base: &Path,
    opts: &WalkOptions,
    out: &Mutex<Outcome>,
    counters: &Counters,
) {
    let fp = || fp_path(base, path);
    match scan_file_guarded(set, path, &display, &fp, opts, out) {
        Ok(n) => {
            counters.files.fetch_add(1, Ordering::Relaxed);
            counters.bytes.fetch_add(n, Ordering::Relaxed);
        }
        Err(ReadError::Skip(why)) => counters.skip(why),
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
}

enum ReadError {
    TooLarge,
    Skip(SkipReason),
    Io(std::io::Error),
}

/// Files up to this size (plus [`OVERLAP`]) are read and scanned whole;
/// larger ones (when `--max-filesize` allows them) are scanned in windows of
/// this size, so memory stays bounded whatever the file.
pub const CHUNK: usize = 8 << 20;
/// How much consecutive windows share. Parsers look at most a few KiB
/// around a keyword (`scan::WINDOW`), so a finding whose start lies in the
/// middle part of a window (half the overlap away from each end) is read
/// with all the context it would have in the whole file.
pub const OVERLAP: usize = 64 << 10;

thread_local! {
    /// the file buffer, reused from file to file on each worker thread
    static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// [`scan_file`] with a scanner bug contained to the file (see
/// [`scan_buffer_guarded`]).
fn scan_file_guarded(
    set: &RuleSet,
    path: &Path,
    display: &str,
    fp: &dyn Fn() -> String,
    opts: &WalkOptions,
    out: &Mutex<Outcome>,
) -> Result<u64, ReadError> {
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        scan_file(set, path, display, fp, opts, out)
    }));
    r.unwrap_or_else(|_| {
        BUF.with(|b| b.replace(Vec::new())); // possibly left borrowed mid-read
        if let Ok(mut o) = out.lock() {
            o.errors.push(ScanError {
                path: display.to_string(),
                message: format!("{display}: internal error while scanning this file (please report it); skipped"),
            });
        }
        Err(ReadError::Skip(SkipReason::Unreadable))
    })
}

/// Read one file into the thread's buffer and scan it: whole if it is small
/// (nearly every file), else window by window. A file that is (or grows
/// while read) larger than `--max-filesize` is refused.
fn scan_file(
    set: &RuleSet,
    path: &Path,
    display: &str,
    fp: &dyn Fn() -> String,
    opts: &WalkOptions,
    out: &Mutex<Outcome>,
) -> Result<u64, ReadError> {
    let max = opts.max_filesize;
    let mut f = std::fs::File::open(path).map_err(ReadError::Io)?;
    let len = f.metadata().map_err(ReadError::Io)?.len();
    if len > max {
        return Err(ReadError::TooLarge);
    }
    BUF.with(|cell| {
        let Ok(mut buf) = cell.try_borrow_mut() else {
            return Err(ReadError::Skip(SkipReason::Unreadable));
        };
        buf.clear();
        let first = (CHUNK + OVERLAP) as u64;
        let n = (&mut f)
            .take(first.min(max.saturating_add(1)))
            .read_to_end(&mut buf)
            .map_err(ReadError::Io)?;
        let result = if (n as u64) < first {
            if n as u64 > max {
                Err(ReadError::TooLarge)
            } else {
                scan_whole(set, display, fp, &buf, opts.show_secrets, out)
            }
        } else {
            scan_stream(
                set,
                display,
                fp,
                &mut buf,
                &mut f,
                max,
                opts.show_secrets,
                out,
            )
        };
        if buf.capacity() > 2 * (CHUNK + OVERLAP) {
            *buf = Vec::new();
        }
        result
    })
}

fn scan_whole(
    set: &RuleSet,
    display: &str,
    fp: &dyn Fn() -> String,
    bytes: &[u8],
    show_secrets: bool,
    out: &Mutex<Outcome>,
) -> Result<u64, ReadError> {
    match decode(bytes) {
        Decoded::Binary => Err(ReadError::Skip(SkipReason::Binary)),
        Decoded::Text {
            bytes: text,
            encoding,
        } => {
            let opts = ScanOptions {
                show_secrets,
                encoding,
                nested: false,
            };
            let found = scan_text_with(set, display, fp, &text, &opts);
            let (found, allowed) = crate::suppress::split_inline(&text, found);
            push_findings(out, found, allowed);
            Ok(bytes.len() as u64)
        }
    }
}

fn push_findings(
    out: &Mutex<Outcome>,
    found: Vec<Finding>,
    allowed: Vec<crate::suppress::Suppressed>,
) {
    if !found.is_empty() || !allowed.is_empty() {
        if let Ok(mut o) = out.lock() {
            o.findings.extend(found);
            o.suppressed.extend(allowed);
        }
    }
}

/// A window's finding made whole-file: its byte offsets (for edits) move
/// by the window's start.
fn shift_source(f: &mut Finding, base: usize) {
    if let Some(s) = f.source.as_mut() {
        s.claim = s.claim.start + base..s.claim.end + base;
        s.secret = s.secret.start + base..s.secret.end + base;
        s.line = s.line.start + base..s.line.end + base;
    }
}

/// Fill `buf` from `r` up to `want` bytes (fewer only at the end of input).
fn fill(r: &mut impl Read, buf: &mut Vec<u8>, want: usize) -> std::io::Result<usize> {
    let before = buf.len();
    if want > before {
        r.take((want - before) as u64).read_to_end(buf)?;
    }
    Ok(buf.len() - before)
}

/// Scan a large file window by window: `raw` holds its first bytes (at least
/// [`CHUNK`] + [`OVERLAP`]), `f` the rest. Windows overlap by [`OVERLAP`]
/// bytes of decoded text; each keeps the findings that start in its middle
/// part, and their positions are shifted to the whole file's. Whole-file
/// checks of a rule (`file`, `context_scope = "file"`) see one window.
#[allow(clippy::too_many_arguments)]
fn scan_stream(
    set: &RuleSet,
    display: &str,
    fp: &dyn Fn() -> String,
    raw: &mut Vec<u8>,
    f: &mut std::fs::File,
    max: u64,
    show_secrets: bool,
    out: &Mutex<Outcome>,
) -> Result<u64, ReadError> {
    let head = sniff(&raw[..raw.len().min(SNIFF)]);
    let (skip, encoding, mut utf16) = match head {
        Sniff::Binary => return Err(ReadError::Skip(SkipReason::Binary)),
        Sniff::Utf8 { skip, encoding } => (skip, encoding, None),
        Sniff::Utf16 { le, skip, encoding } => (skip, Some(encoding), Some(Utf16Decoder::new(le))),
    };
    let opts = ScanOptions {
        show_secrets,
        encoding,
        nested: false,
    };
    let mut total = raw.len() as u64;
    // `text` is the decoded window; for UTF-8 it is `raw` itself
    let mut text: Vec<u8> = Vec::new();
    let mut pending: Vec<u8> = Vec::new();
    if let Some(d) = utf16.as_mut() {
        d.push(&raw[skip..], &mut text);
        raw.clear();
    } else {
        raw.drain(..skip);
    }
    let window = CHUNK + OVERLAP;
    let mut eof = false;
    // the (line, column) in the whole file where the window starts
    let (mut line0, mut col0) = (1usize, 1usize);
    let mut first = true;
    let mut found: Vec<Finding> = Vec::new();
    let mut allowed_all: Vec<crate::suppress::Suppressed> = Vec::new();
    // the byte offset in the decoded text where the window starts
    let mut base = 0usize;
    loop {
        // top the window up to its full size
        let buf = if utf16.is_some() {
            &mut text
        } else {
            &mut *raw
        };
        while !eof && buf.len() < window {
            if let Some(d) = utf16.as_mut() {
                pending.clear();
                let n = fill(f, &mut pending, 1 << 20).map_err(ReadError::Io)?;
                total += n as u64;
                if n == 0 {
                    d.finish(buf);
                    eof = true;
                } else {
                    d.push(&pending, buf);
                }
            } else {
                let n = fill(f, buf, window).map_err(ReadError::Io)?;
                total += n as u64;
                eof = n == 0 || buf.len() < window;
            }
            if total > max {
                return Err(ReadError::TooLarge);
            }
        }
        let last = eof && buf.len() <= window;
        let w = &buf[..buf.len().min(window)];
        let core_lo = if first { 0 } else { OVERLAP / 2 };
        let core_hi = if last { w.len() } else { CHUNK + OVERLAP / 2 };
        let lo = position(w, core_lo);
        let hi = position(w, core_hi);
        let in_core = |x: &Finding| {
            let at = (x.line, x.column);
            !(at < lo || (!last && at >= hi))
        };
        let (kept, allowed) =
            crate::suppress::split_inline(w, scan_text_with(set, display, fp, w, &opts));
        for mut x in kept.into_iter().filter(|x| in_core(x)) {
            shift(&mut x.line, &mut x.column, line0, col0);
            shift(&mut x.end_line, &mut x.end_column, line0, col0);
            shift_source(&mut x, base);
            found.push(x);
        }
        for mut a in allowed.into_iter().filter(|a| in_core(&a.finding)) {
            let x = &mut a.finding;
            shift(&mut x.line, &mut x.column, line0, col0);
            shift(&mut x.end_line, &mut x.end_column, line0, col0);
            shift_source(x, base);
            allowed_all.push(a);
        }
        if last {
            break;
        }
        // the next window starts CHUNK bytes further on
        let (l, c) = position(w, CHUNK);
        shift_mut(&mut line0, &mut col0, l, c);
        buf.drain(..CHUNK);
        base += CHUNK;
        first = false;
    }
    push_findings(out, found, allowed_all);
    Ok(total)
}

/// A window-relative position made absolute, given where the window starts.
fn shift(line: &mut usize, col: &mut usize, line0: usize, col0: usize) {
    if *line == 1 {
        *col += col0 - 1;
    }
    *line += line0 - 1;
}

fn shift_mut(line0: &mut usize, col0: &mut usize, l: usize, c: usize) {
    let (mut l, mut c) = (l, c);
    shift(&mut l, &mut c, *line0, *col0);
    *line0 = l;
    *col0 = c;
}
