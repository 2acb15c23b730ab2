//! connleak's engine, free of file systems, git and processes: the data
//! model, the connection-string grammars, the rules and the per-file
//! scanner. Everything here is a pure function of its inputs (bytes in,
//! findings out), so the sources above can run it on any thread and the
//! fuzzer can drive it directly.
//!
//! Layers, each importing only those before it:
//! `text` (a leaf) -> `model` -> `decode`, `fingerprint` -> `grammar` ->
//! `rules` -> `scan`.

pub mod decode;
pub mod fingerprint;
pub mod grammar;
pub mod model;
pub mod rules;
pub mod scan;
pub mod text;
