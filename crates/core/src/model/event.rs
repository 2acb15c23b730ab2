//! What the sources (the directory walk, the staged index, standard input,
//! git history) report while they read: one stream of events, whatever the
//! source, that one [`Tally`](super::Tally) turns into the outcome and the
//! exit code.

use super::Item;
use serde::{Deserialize, Serialize};

/// Why a file was not scanned (without anything being wrong with it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkipReason {
    /// binary content
    Binary,
    /// larger than `--max-filesize`
    TooLarge,
    /// a FIFO, socket or device
    NotAFile,
}

impl SkipReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Binary => "binary",
            SkipReason::TooLarge => "too large",
            SkipReason::NotAFile => "not a regular file",
        }
    }
}

/// What went wrong with one path. The message of a [`ScanError`] is built
/// from the kind and the path only: it never quotes the content of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// the path does not exist (or a symbolic link points nowhere)
    NotFound,
    /// permission denied
    PermissionDenied,
    /// any other read error
    Io,
    /// a symbolic link loop
    Loop,
    /// a git object that cannot be read or a ref that cannot be resolved
    Git,
    /// a bug in connleak while scanning this file (reported, never fatal)
    Internal,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::NotFound => "no such file or directory",
            ErrorKind::PermissionDenied => "permission denied",
            ErrorKind::Io => "read error",
            ErrorKind::Loop => "symbolic link loop",
            ErrorKind::Git => "git error",
            ErrorKind::Internal => "internal error while scanning (please report it)",
        }
    }

    /// The kind of an I/O error.
    pub fn of_io(e: &std::io::Error) -> ErrorKind {
        // ELOOP: too many levels of symbolic links (`a -> b -> a`)
        const ELOOP: i32 = if cfg!(any(
            target_os = "macos",
            target_os = "ios",
            target_os = "freebsd"
        )) {
            62
        } else {
            40
        };
        if cfg!(unix) && e.raw_os_error() == Some(ELOOP) {
            return ErrorKind::Loop;
        }
        match e.kind() {
            std::io::ErrorKind::NotFound => ErrorKind::NotFound,
            std::io::ErrorKind::PermissionDenied => ErrorKind::PermissionDenied,
            _ => ErrorKind::Io,
        }
    }
}

/// A per-path problem that did not stop the scan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanError {
    pub path: String,
    pub kind: ErrorKind,
    /// `path: what happened` (escaped for a terminal when printed)
    pub message: String,
}

impl ScanError {
    /// An error whose message is the path and the kind.
    pub fn new(path: impl Into<String>, kind: ErrorKind) -> ScanError {
        ScanError::with_detail(path, kind, "")
    }

    /// An error with a short detail after the kind (an OS error's text, a
    /// git error): never the content of a file.
    pub fn with_detail(path: impl Into<String>, kind: ErrorKind, detail: &str) -> ScanError {
        let path = path.into();
        let message = match (path.is_empty(), detail.is_empty()) {
            (true, true) => kind.as_str().to_string(),
            (true, false) => format!("{}: {detail}", kind.as_str()),
            (false, true) => format!("{path}: {}", kind.as_str()),
            (false, false) => format!("{path}: {} ({detail})", kind.as_str()),
        };
        ScanError {
            path,
            kind,
            message,
        }
    }

    /// An I/O error on a path: the kind from the error, the OS's text as detail.
    pub fn io(path: impl Into<String>, e: &std::io::Error) -> ScanError {
        let kind = ErrorKind::of_io(e);
        let detail = match kind {
            ErrorKind::Io => e.to_string(),
            _ => String::new(),
        };
        ScanError::with_detail(path, kind, &detail)
    }
}

/// A file that was not scanned, and why.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Skipped {
    pub path: String,
    pub reason: SkipReason,
}

/// A file with more findings than are listed for one file: the first ones
/// are listed, the rest only counted.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Unlisted {
    pub path: String,
    /// findings not listed
    pub findings: u64,
}

/// One thing a source has to say about one path.
#[derive(Debug)]
pub enum Event<'a> {
    /// a file (or blob) was read and scanned
    Scanned { path: &'a str, bytes: u64 },
    /// a file had this many findings beyond those listed
    Unlisted { path: &'a str, findings: u64 },
    /// a file was not scanned, on purpose
    Skipped { path: &'a str, reason: SkipReason },
    /// a path could not be read
    Failed(ScanError),
    /// a finding (suppressed inline, if `suppression` is set)
    Found(Box<Item>),
    /// this many paths (files or whole directories) were left out of a
    /// directory walk because an ignore file or an exclude glob matched them
    Ignored(u64),
}

/// Where a source sends its events. Implementations are shared by the
/// worker threads of a source.
pub trait Sink: Sync {
    fn emit(&self, event: Event<'_>);
}
