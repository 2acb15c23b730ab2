//! End-to-end tests: they run the real binary.

mod util;

mod cli;
mod eval;
mod fixtures;
mod history;
mod hostile;
mod remedy;
mod sarif;
