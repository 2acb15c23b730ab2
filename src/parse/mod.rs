//! Connection-string grammars. Each parser works on raw bytes (no UTF-8
//! validation of whole files), returns byte spans into its input, and never
//! panics on malformed text: it stops and reports what it could read.

pub mod assign;
pub mod jdbc;
pub mod kv;
pub mod uri;
