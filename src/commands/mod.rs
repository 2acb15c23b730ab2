//! The subcommands: typed options in, an exit code out. Each command wires
//! sources, the scanner, the remediation engine and a reporter together;
//! none of them scans or prints a report itself.

mod baseline;
mod completions;
mod config;
mod explain;
mod fix;
mod hook;
mod merge;
mod rules;
mod scan;

pub use rules::check as check_rules;

use crate::cli::{BaselineCommand, Command, HookCommand};
use anyhow::Result;
use connleak_core::model::Outcome;
use connleak_report::escape_control;

/// Run one command; `Ok` carries the exit code (0, 1 or 2).
pub fn run(command: Command) -> Result<u8> {
    match command {
        Command::Scan(c) => scan::run(c.scan, &c.verify),
        Command::Rules(args) => rules::run(args),
        Command::Baseline(BaselineCommand::Create(args)) => baseline::create(&args),
        Command::Baseline(BaselineCommand::Update(args)) => baseline::update(&args),
        Command::Hook(HookCommand::Install(args)) => hook::install(&args),
        Command::Config(args) => config::run(&args),
        Command::Explain(args) => explain::run(args),
        Command::Fix(args) => fix::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Completions(args) => completions::run(&args),
    }
}

/// Every per-path problem of a scan, one warning line each on stderr.
fn warn_errors(outcome: &Outcome, quiet: bool) {
    if quiet {
        return;
    }
    for e in &outcome.errors {
        eprintln!("connleak: warning: {}", escape_control(&e.message));
    }
    for u in &outcome.unlisted {
        eprintln!(
            "connleak: warning: {}: {} more finding{} not listed (--max-findings-per-file)",
            escape_control(&u.path),
            u.findings,
            if u.findings == 1 { "" } else { "s" },
        );
    }
}
