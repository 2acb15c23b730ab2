//! End-to-end tests: they run the real binary.

mod util;

mod cli;
mod eval;
mod fixtures;
mod formats;
mod history;
mod hostile;
mod policy;
mod remedy;
mod sarif;
mod servers;
mod staged;
mod verify;
