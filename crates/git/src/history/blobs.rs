//! Phase 3 of a history scan: each distinct blob scanned once, in
//! parallel, with the same per-file scanner as a directory walk, under the
//! path of its oldest introduction. What happens to each blob (scanned,
//! skipped, unreadable, a scanner failure) goes to the event sink as it
//! happens; the findings are kept for the provenance phase.

use connleak_core::model::{ErrorKind, Event, Item, ScanError, Sink, SkipReason};
use connleak_core::rules::RuleSet;
use connleak_core::scan::{scan_bytes, FileScan, Listing};
use gix::prelude::FindExt;
use gix::ObjectId;
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Default)]
pub struct BlobCounts {
    pub scanned: AtomicU64,
    pub skipped: AtomicU64,
    pub bytes: AtomicU64,
}

/// What scanning the blobs of one repository shares.
pub struct BlobScan<'a> {
    pub sync: &'a gix::ThreadSafeRepository,
    pub set: &'a RuleSet,
    pub max_filesize: u64,
    pub listing: Listing,
    pub progress: Option<&'a indicatif::ProgressBar>,
    pub counts: &'a BlobCounts,
}

impl BlobScan<'_> {
    /// Scan `blobs` (id, path); returns the items of each blob that has any.
    pub fn run(&self, blobs: &[(ObjectId, &str)], sink: &dyn Sink) -> Vec<(ObjectId, Vec<Item>)> {
        let BlobScan {
            sync,
            set,
            max_filesize,
            listing,
            progress,
            counts,
        } = self;
        let (max_filesize, listing) = (*max_filesize, *listing);
        blobs
            .par_iter()
            .map_init(
                // one repository handle and one object buffer per worker:
                // a blob is read into the buffer, scanned and dropped before
                // the next one (gix's own free-list kept every buffer)
                || (sync.to_thread_local(), Vec::new()),
                |(r, buf), (blob, path)| {
                    if let Some(p) = progress {
                        p.inc(1);
                    }
                    let size = r.find_header(*blob).map(|h| h.size()).unwrap_or(0);
                    if size > max_filesize {
                        counts.skipped.fetch_add(1, Ordering::Relaxed);
                        sink.emit(Event::Skipped {
                            path,
                            reason: SkipReason::TooLarge,
                        });
                        return (*blob, Vec::new());
                    }
                    let b = match r.objects.find_blob(blob, buf) {
                        Ok(b) => b,
                        Err(e) => {
                            counts.skipped.fetch_add(1, Ordering::Relaxed);
                            sink.emit(Event::Failed(ScanError::with_detail(
                                *path,
                                ErrorKind::Git,
                                &format!("blob {blob} cannot be read: {e}"),
                            )));
                            return (*blob, Vec::new());
                        }
                    };
                    match scan_bytes(set, path, &|| path.to_string(), b.data, listing) {
                        FileScan::Scanned {
                            bytes,
                            items,
                            unlisted,
                        } => {
                            counts.scanned.fetch_add(1, Ordering::Relaxed);
                            counts.bytes.fetch_add(bytes, Ordering::Relaxed);
                            if unlisted > 0 {
                                sink.emit(Event::Unlisted {
                                    path,
                                    findings: unlisted,
                                });
                            }
                            sink.emit(Event::Scanned { path, bytes });
                            (*blob, items)
                        }
                        other => {
                            counts.skipped.fetch_add(1, Ordering::Relaxed);
                            other.emit(path, sink);
                            (*blob, Vec::new())
                        }
                    }
                },
            )
            .filter(|(_, items)| !items.is_empty())
            .collect()
    }
}
