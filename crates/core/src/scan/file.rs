//! One file, start to end: bytes (a buffer, or a reader for files too large
//! to hold) -> decoded text -> findings -> inline suppressions. Every source
//! (directory walk, staged index, standard input, git history) calls these,
//! so they decide and count files the same way. A bug in the scanner is
//! contained to the file: it becomes an internal error on that path, never
//! a lost report.

use super::inline::split_inline;
use super::{position, scan_text_counted, ScanOptions};
use crate::decode::{decode, sniff, Decoded, Sniff, Utf16Decoder, SNIFF};
use crate::model::{ErrorKind, Event, Finding, Item, ScanError, Sink, SkipReason};
use crate::rules::RuleSet;
use std::io::Read;

/// Files up to this size (plus [`OVERLAP`]) are read and scanned whole;
/// larger ones (when the size limit allows them) are scanned in windows of
/// this size, so memory stays bounded whatever the file.
pub const CHUNK: usize = 8 << 20;
/// How much consecutive windows share. Parsers look at most a few KiB
/// around a keyword, so a finding whose start lies in the middle part of a
/// window (half the overlap away from each end) is read with all the
/// context it would have in the whole file.
pub const OVERLAP: usize = 64 << 10;

/// By default at most this many findings of one file are listed; the rest
/// are counted (a credentials dump, or a pull request made to exhaust the
/// runner).
pub const MAX_FINDINGS_PER_FILE: usize = 10_000;

/// How a file's findings are listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Listing {
    /// secrets in clear in snippets (`--show-secrets`)
    pub show_secrets: bool,
    /// list at most this many findings per file, count the rest (0: all)
    pub max_findings: usize,
    /// see [`ScanOptions::defer_fingerprints`]
    pub defer_fingerprints: bool,
}

impl Default for Listing {
    fn default() -> Listing {
        Listing {
            show_secrets: false,
            max_findings: MAX_FINDINGS_PER_FILE,
            defer_fingerprints: false,
        }
    }
}

/// What scanning one file came to.
#[derive(Debug)]
pub enum FileScan {
    Scanned {
        bytes: u64,
        items: Vec<Item>,
        /// findings beyond [`Listing::max_findings`], not listed
        unlisted: u64,
    },
    Skipped(SkipReason),
    Failed(ReadFailure),
}

/// Why a file could not be scanned.
#[derive(Debug)]
pub enum ReadFailure {
    Io(std::io::Error),
    /// the scanner panicked on it (a bug)
    Internal,
}

impl FileScan {
    /// Send what happened to `sink`, as the events of `path`.
    pub fn emit(self, path: &str, sink: &dyn Sink) {
        match self {
            FileScan::Scanned {
                bytes,
                items,
                unlisted,
            } => {
                for item in items {
                    sink.emit(Event::Found(Box::new(item)));
                }
                if unlisted > 0 {
                    sink.emit(Event::Unlisted {
                        path,
                        findings: unlisted,
                    });
                }
                sink.emit(Event::Scanned { path, bytes });
            }
            FileScan::Skipped(reason) => sink.emit(Event::Skipped { path, reason }),
            FileScan::Failed(ReadFailure::Io(e)) => {
                sink.emit(Event::Failed(ScanError::io(path, &e)))
            }
            FileScan::Failed(ReadFailure::Internal) => {
                sink.emit(Event::Failed(ScanError::new(path, ErrorKind::Internal)))
            }
        }
    }
}

/// Contain a scanner panic to the file it happened on.
fn guarded(f: impl FnOnce() -> FileScan) -> FileScan {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or(FileScan::Failed(ReadFailure::Internal))
}

/// Scan a whole file held in memory. `path` is what reports show;
/// `fp_path` gives the path fingerprints are salted with (called only if
/// there is a finding).
pub fn scan_bytes(
    set: &RuleSet,
    path: &str,
    fp_path: &dyn Fn() -> String,
    bytes: &[u8],
    listing: Listing,
) -> FileScan {
    guarded(|| whole(set, path, fp_path, bytes, listing))
}

fn whole(
    set: &RuleSet,
    path: &str,
    fp_path: &dyn Fn() -> String,
    bytes: &[u8],
    listing: Listing,
) -> FileScan {
    match decode(bytes) {
        Decoded::Binary => FileScan::Skipped(SkipReason::Binary),
        Decoded::Text {
            bytes: text,
            encoding,
        } => {
            let opts = ScanOptions {
                show_secrets: listing.show_secrets,
                encoding,
                nested: false,
                max_findings: listing.max_findings,
                defer_fingerprints: listing.defer_fingerprints,
            };
            let (found, unlisted) = scan_text_counted(set, path, fp_path, &text, &opts);
            FileScan::Scanned {
                bytes: bytes.len() as u64,
                items: split_inline(&text, found),
                unlisted: unlisted as u64,
            }
        }
    }
}

/// Scan a file from a reader, refusing it once it is (or grows) larger
/// than `max` bytes. `buf` is a scratch buffer the caller keeps between
/// files; small files are read into it whole, larger ones window by window.
pub fn scan_reader(
    set: &RuleSet,
    path: &str,
    fp_path: &dyn Fn() -> String,
    reader: &mut dyn Read,
    max: u64,
    listing: Listing,
    buf: &mut Vec<u8>,
) -> FileScan {
    let r = guarded(|| read_and_scan(set, path, fp_path, reader, &|| None, max, listing, buf));
    keep_small(buf, &r);
    r
}

/// Scan an open file: [`scan_reader`], except that a file whose first read
/// fills a whole window is measured (one `fstat`) before the rest is read,
/// so that a file over `max` is refused without reading it. A file smaller
/// than a window, nearly every one, costs no `stat` at all: the first read
/// is the whole of it.
pub fn scan_file(
    set: &RuleSet,
    path: &str,
    fp_path: &dyn Fn() -> String,
    file: &std::fs::File,
    max: u64,
    listing: Listing,
    buf: &mut Vec<u8>,
) -> FileScan {
    let len = || file.metadata().ok().map(|m| m.len());
    let mut reader = file;
    let r = guarded(|| read_and_scan(set, path, fp_path, &mut reader, &len, max, listing, buf));
    keep_small(buf, &r);
    r
}

/// A buffer grown for a huge file is not kept; one left mid-read by a
/// panic is cleared.
fn keep_small(buf: &mut Vec<u8>, r: &FileScan) {
    if buf.capacity() > 2 * (CHUNK + OVERLAP) || matches!(r, FileScan::Failed(_)) {
        *buf = Vec::new();
    }
}

/// `len`: the size of the input, when it can be known without reading it
/// (asked only once the first read has filled a window).
#[allow(clippy::too_many_arguments)]
fn read_and_scan(
    set: &RuleSet,
    path: &str,
    fp_path: &dyn Fn() -> String,
    reader: &mut dyn Read,
    len: &dyn Fn() -> Option<u64>,
    max: u64,
    listing: Listing,
    buf: &mut Vec<u8>,
) -> FileScan {
    buf.clear();
    let first = (CHUNK + OVERLAP) as u64;
    let n = match reader
        .take(first.min(max.saturating_add(1)))
        .read_to_end(buf)
    {
        Ok(n) => n as u64,
        Err(e) => return FileScan::Failed(ReadFailure::Io(e)),
    };
    if n > max {
        return FileScan::Skipped(SkipReason::TooLarge);
    }
    if n < first {
        return whole(set, path, fp_path, buf, listing);
    }
    if len().is_some_and(|l| l > max) {
        return FileScan::Skipped(SkipReason::TooLarge);
    }
    match stream(set, path, fp_path, buf, reader, max, listing) {
        Ok(r) => r,
        Err(e) => FileScan::Failed(ReadFailure::Io(e)),
    }
}

/// A window's finding made whole-file: its positions move by where the
/// window starts, its byte offsets (for edits) by the window's offset.
fn shift_finding(f: &mut Finding, line0: usize, col0: usize, base: usize) {
    shift(&mut f.line, &mut f.column, line0, col0);
    shift(&mut f.end_line, &mut f.end_column, line0, col0);
    if let Some(s) = f.source.as_mut() {
        s.claim = s.claim.start + base..s.claim.end + base;
        s.secret = s.secret.start + base..s.secret.end + base;
        s.line = s.line.start + base..s.line.end + base;
    }
}

/// Fill `buf` from `r` up to `want` bytes (fewer only at the end of input).
fn fill(r: &mut dyn Read, buf: &mut Vec<u8>, want: usize) -> std::io::Result<usize> {
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
fn stream(
    set: &RuleSet,
    path: &str,
    fp_path: &dyn Fn() -> String,
    raw: &mut Vec<u8>,
    f: &mut dyn Read,
    max: u64,
    listing: Listing,
) -> std::io::Result<FileScan> {
    let head = sniff(&raw[..raw.len().min(SNIFF)]);
    let (skip, encoding, mut utf16) = match head {
        Sniff::Binary => return Ok(FileScan::Skipped(SkipReason::Binary)),
        Sniff::Utf8 { skip, encoding } => (skip, encoding, None),
        Sniff::Utf16 { le, skip, encoding } => (skip, Some(encoding), Some(Utf16Decoder::new(le))),
    };
    let cap = listing.max_findings;
    let mut opts = ScanOptions {
        show_secrets: listing.show_secrets,
        encoding,
        nested: false,
        max_findings: cap,
        defer_fingerprints: listing.defer_fingerprints,
    };
    // over the windows: those beyond the limit are counted per window (a
    // finding in the overlap of two windows may be counted twice)
    let mut unlisted = 0u64;
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
    let mut items: Vec<Item> = Vec::new();
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
                let n = fill(f, &mut pending, 1 << 20)?;
                total += n as u64;
                if n == 0 {
                    d.finish(buf);
                    eof = true;
                } else {
                    d.push(&pending, buf);
                }
            } else {
                let n = fill(f, buf, window)?;
                total += n as u64;
                eof = n == 0 || buf.len() < window;
            }
            if total > max {
                return Ok(FileScan::Skipped(SkipReason::TooLarge));
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
        let spent = cap > 0 && items.len() >= cap;
        if spent {
            // the budget is spent: count this window's findings, list none
            opts.max_findings = 1;
        }
        let (found, more) = scan_text_counted(set, path, fp_path, w, &opts);
        unlisted += more as u64 + if spent { found.len() as u64 } else { 0 };
        let found = if spent { Vec::new() } else { found };
        for mut item in split_inline(w, found) {
            if in_core(&item.finding) {
                shift_finding(&mut item.finding, line0, col0, base);
                items.push(item);
            }
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
    if cap > 0 && items.len() > cap {
        unlisted += (items.len() - cap) as u64;
        items.truncate(cap);
    }
    Ok(FileScan::Scanned {
        bytes: total,
        items,
        unlisted,
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Tally;

    /// A scanner panic becomes an internal error on that file, and no
    /// finding of it is half-reported.
    #[test]
    fn a_panic_is_contained_to_its_file() {
        let r = guarded(|| panic!("a bug"));
        assert!(matches!(r, FileScan::Failed(ReadFailure::Internal)));
        let t = Tally::new();
        r.emit("x.env", &t);
        let o = t.finish();
        assert_eq!(o.errors.len(), 1);
        assert_eq!(o.errors[0].kind, ErrorKind::Internal);
        assert_eq!(o.errors[0].path, "x.env");
        assert!(o.findings.is_empty());
        assert_eq!(o.summary.files_scanned, 0);
    }

    /// A reader larger than the limit is refused; a small one is scanned
    /// whole, the same as a buffer.
    #[test]
    fn readers_and_buffers_agree() {
        let set = RuleSet::builtin().unwrap();
        let text = b"DB_PASSWORD=Xk9mQ2vLw7r\n";
        let mut buf = Vec::new();
        let fp = || "a.env".to_string();
        let r = scan_reader(
            &set,
            "a.env",
            &fp,
            &mut &text[..],
            10,
            Listing::default(),
            &mut buf,
        );
        assert!(matches!(r, FileScan::Skipped(SkipReason::TooLarge)));
        let r = scan_reader(
            &set,
            "a.env",
            &fp,
            &mut &text[..],
            1 << 20,
            Listing::default(),
            &mut buf,
        );
        let b = scan_bytes(&set, "a.env", &fp, text, Listing::default());
        match (r, b) {
            (
                FileScan::Scanned { bytes, items, .. },
                FileScan::Scanned {
                    bytes: b2,
                    items: i2,
                    ..
                },
            ) => {
                assert_eq!((bytes, items.len()), (b2, i2.len()));
                assert_eq!(items.len(), 1);
            }
            other => panic!("{other:?}"),
        }
    }
}
