//! connleak: find database connection strings and passwords embedded in
//! code and config, and say how to remove them for good.
//!
//! Data flows one way: `walk` turns paths into file contents (`input`
//! decodes them), `scan` turns contents into findings (with `parse` for the
//! grammars and `rules` for what to look for), and `report` turns findings
//! into output; `remedy` turns each finding into advice on the way. The binary (`main.rs`) only wires these together; the
//! library exists so that benchmarks, fuzz harnesses and tests can reach
//! the same functions.

pub mod app;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod exclude;
pub mod finding;
pub mod fingerprint;
pub mod fix;
pub mod history;
pub mod host;
pub mod input;
pub mod inventory;
pub mod parse;
pub mod remedy;
pub mod report;
pub mod rules;
pub mod scan;
pub mod secret;
pub mod staged;
pub mod suppress;
pub mod walk;
