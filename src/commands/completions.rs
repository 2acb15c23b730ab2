//! `connleak completions SHELL`: the completion script, generated from the
//! same clap definition as the parser, so it always matches the options.

use crate::cli::{Cli, CompletionsArgs, Shell};
use anyhow::Result;
use clap::CommandFactory;
use std::io::Write;

/// The completion script for `shell`.
pub fn script(shell: Shell) -> Vec<u8> {
    use clap_complete::Shell as S;
    let target = match shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
        Shell::Powershell => S::PowerShell,
    };
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(target, &mut cmd, "connleak", &mut out);
    out
}

pub fn run(args: &CompletionsArgs) -> Result<u8> {
    let mut w = std::io::stdout().lock();
    w.write_all(&script(args.shell))?;
    w.flush()?;
    Ok(0)
}
