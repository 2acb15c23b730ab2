//! connleak's git sources: what is about to be committed ([`staged`]) and
//! the whole history ([`history`]), read through `gix`. No `git` process is
//! started and nothing the repository configures runs: no hooks, no
//! `core.fsmonitor`, no clean/smudge filters, no textconv. Both produce the
//! same events as a directory walk, into the caller's sink.

pub mod at_ref;
pub mod history;
pub mod remote;
pub mod repo;
pub mod staged;
pub mod tracked;
pub mod tree_at;
