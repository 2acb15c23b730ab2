//! End-to-end tests: they run the real binary.

mod util;

mod cli;
mod fixtures;
mod hostile;
mod sarif;
