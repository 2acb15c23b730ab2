//! The connleak command line. The engine (model, grammars, rules, scanner)
//! is `connleak-core`; the git sources `connleak-git`; the advice
//! `connleak-remedy`; the reports `connleak-report`. This crate holds what
//! only a command line needs: argument parsing ([`cli`]), the project's
//! configuration and baseline ([`config`], [`baseline`], [`policy`]), the
//! working-tree sources ([`sources`]), applying edits ([`fix`]) and the
//! subcommands that wire it all together ([`commands`]).
//!
//! Layers, each importing only those before it: `cli`, `exclude`,
//! `rulefiles`, `baseline` -> `config`, `policy`, `sources`, `fix` ->
//! `commands`. `docs/architecture.md` draws the whole picture.

pub mod baseline;
pub mod cli;
pub mod commands;
pub mod config;
pub mod exclude;
pub mod fix;
pub mod policy;
pub mod policy_from;
pub mod rulefiles;
pub mod sources;
pub mod verify;
