//! End-to-end tests: they run the real binary.

mod util;

mod cli;
mod clients;
mod eval;
mod fixtures;
mod formats;
mod gate;
mod history;
mod hostile;
mod ignored;
mod layers;
mod org_audit;
mod policy;
mod regressions;
mod release;
mod remedy;
mod repos;
mod sarif;
mod schema;
mod scripts;
mod servers;
mod shell;
mod staged;
mod verify;
