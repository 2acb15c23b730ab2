//! How many paths ignore rules kept out of a directory walk, counted at no
//! cost to the walk.
//!
//! The `ignore` crate drops an entry that `.gitignore`, `.ignore`, git's
//! exclude files or an exclude glob match before any callback or filter of
//! ours sees it. The one trace it leaves is a debug log record, `ignoring
//! PATH: MATCH` with the target `ignore::walk`. The process logger installed
//! here counts those records and does nothing else: an ignored directory
//! (`node_modules/`, `target/`) is one path, and nothing under it is listed.
//! Listing every walked directory a second time would give the same number
//! but cost 3.5-5% more CPU time on two real trees, where this counter
//! costs nothing measurable (docs/report.md, `summary.ignored`).
//!
//! Guards: debug records must be compiled in (checked below at compile
//! time); this is the process's only logger (nothing else in connleak
//! installs one; if something did, no count is reported rather than a wrong
//! one); and an end-to-end test pins the count on a tree built for it, so a
//! new `ignore` release that words the record differently fails the tests
//! instead of reporting 0.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

// `release_max_level_*` features of `log` would compile the records out
const _: () = assert!(
    log::STATIC_MAX_LEVEL as usize >= log::LevelFilter::Debug as usize,
    "counting ignored paths needs the `ignore` crate's debug log records"
);

const TARGET: &str = "ignore::walk";
const PREFIX: &[u8] = b"ignoring ";

static IGNORED: AtomicU64 = AtomicU64::new(0);
static HOOK: Counter = Counter;
static INSTALLED: OnceLock<bool> = OnceLock::new();

struct Counter;

impl log::Log for Counter {
    fn enabled(&self, m: &log::Metadata<'_>) -> bool {
        m.level() == log::Level::Debug && m.target() == TARGET
    }

    fn log(&self, r: &log::Record<'_>) {
        if self.enabled(r.metadata()) && starts_with_prefix(r.args()) {
            IGNORED.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn flush(&self) {}
}

/// Whether the formatted message starts with [`PREFIX`], formatting no more
/// of it than that (the rest names the path and the matching rule).
fn starts_with_prefix(args: &std::fmt::Arguments<'_>) -> bool {
    struct Head {
        seen: usize,
        ok: bool,
    }
    impl std::fmt::Write for Head {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            let want = &PREFIX[self.seen..];
            let n = want.len().min(s.len());
            if s.as_bytes()[..n] != want[..n] {
                self.ok = false;
                return Err(std::fmt::Error);
            }
            self.seen += n;
            if self.seen == PREFIX.len() {
                // enough: stop formatting
                return Err(std::fmt::Error);
            }
            Ok(())
        }
    }
    let mut head = Head { seen: 0, ok: true };
    let _ = std::fmt::write(&mut head, *args);
    head.ok && head.seen == PREFIX.len()
}

/// Install the counter (once per process). `false` if another logger was
/// installed first: then nothing is counted.
pub fn install() -> bool {
    *INSTALLED.get_or_init(|| {
        let ok = log::set_logger(&HOOK).is_ok();
        if ok {
            log::set_max_level(log::LevelFilter::Debug);
        }
        ok
    })
}

/// Paths ignored so far in this process; a walk's count is the difference
/// between the values before and after it (walks run one after another).
pub fn total() -> u64 {
    IGNORED.load(Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_walkers_ignoring_records_count() {
        let yes = |a: std::fmt::Arguments<'_>| starts_with_prefix(&a);
        let path = "a/b";
        assert!(yes(format_args!("ignoring {}: {:?}", path, Some(1))));
        assert!(yes(format_args!("{}{}", "ign", "oring x")));
        assert!(!yes(format_args!("whitelisting {}: {:?}", path, Some(1))));
        assert!(!yes(format_args!("ignoring")));
        assert!(!yes(format_args!("")));
        assert!(!yes(format_args!("ignoringx {path}")));
    }
}
