//! `scan --verify`: hand the reported findings to `connleak-verify` (the
//! network code, behind the default `verify` feature), then keep only the
//! live ones with `--only-verified`. Nothing here runs without `--verify`
//! on the command line: the configuration file has no such setting.

use crate::cli::VerifyArgs;
use anyhow::Result;
use connleak_core::model::Outcome;

pub fn run(outcome: &mut Outcome, args: &VerifyArgs, quiet: bool) -> Result<()> {
    if !args.verify {
        return Ok(());
    }
    verify(outcome, args, quiet)?;
    if args.only_verified {
        outcome
            .findings
            .retain(|i| i.verification.as_ref().is_some_and(|v| v.is_live()));
        outcome.sort();
    }
    Ok(())
}

#[cfg(feature = "verify")]
fn verify(outcome: &mut Outcome, args: &VerifyArgs, quiet: bool) -> Result<()> {
    let opts = connleak_verify::Options {
        timeout: args.verify_timeout,
        per_host: usize::from(args.verify_concurrency),
        allow_private: args.verify_private,
    };
    let s = connleak_verify::verify(&mut outcome.findings, &opts);
    if !quiet {
        eprintln!(
            "connleak: verify: {} credential{}: {} live, {} rejected, {} unreachable, {} skipped; {} connection{}",
            s.credentials,
            if s.credentials == 1 { "" } else { "s" },
            s.live,
            s.rejected,
            s.unreachable,
            s.skipped,
            s.connections,
            if s.connections == 1 { "" } else { "s" },
        );
    }
    outcome.summary.verification = Some(s);
    Ok(())
}

#[cfg(not(feature = "verify"))]
fn verify(_: &mut Outcome, _: &VerifyArgs, _: bool) -> Result<()> {
    anyhow::bail!(
        "--verify: this connleak was built without the `verify` feature (rebuild with default features)"
    )
}
