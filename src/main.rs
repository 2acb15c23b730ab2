//! connleak: find database connection strings and passwords embedded in
//! code and config.
//!
//! Data flows one way: `walk` turns paths into file contents, `scan` turns
//! contents into findings (with `parse` for the grammars and `rules` for
//! what to look for), and `report` turns findings into output. This file
//! only wires them together and maps the outcome to an exit code:
//! 0 no findings, 1 findings, 2 usage error or nothing could be read.

use anyhow::{Context, Result};
use clap::Parser;
use connleak::cli::{
    BaselineCommand, Cli, ColorChoice, Command, Format, HookCommand, RulesArgs, ScanArgs,
};
use connleak::rules::RuleSet;
use connleak::{app, report, rules};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    // The default panic message can quote the text being parsed (a slice
    // of a file, so possibly a secret): print only where it happened.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("connleak: internal error{at}");
    }));
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => run_scan(args),
        Command::Rules(args) => run_rules(args),
        Command::Baseline(BaselineCommand::Create(args)) => app::baseline_create(&args),
        Command::Baseline(BaselineCommand::Update(args)) => app::baseline_update(&args),
        Command::Hook(HookCommand::Install(args)) => app::hook_install(&args),
        Command::Config(args) => app::config_cmd(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // a closed pipe (`connleak scan | head`) is not an error
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::from(0);
            }
            eprintln!("connleak: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run_scan(args: ScanArgs) -> Result<u8> {
    let start = Instant::now();
    let prepared = app::prepare(&args, true)?;
    let (mut outcome, readable) = app::collect(&args, &prepared)?;
    let used = app::apply_policy(&mut outcome, &prepared);
    outcome.summary.elapsed_ms = start.elapsed().as_millis() as u64;
    let set = &prepared.set;
    if args.report_unused {
        app::report_unused(&prepared, &used);
    }
    if !args.include_suppressed {
        outcome.suppressed.clear();
    }

    if !args.quiet {
        for e in &outcome.errors {
            eprintln!("connleak: warning: {}", report::escape_control(&e.message));
        }
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let ropts = report::ReportOptions {
        show_secrets: args.show_secrets,
        color,
    };
    match &args.output {
        Some(path) => {
            let mut f = std::io::BufWriter::new(
                std::fs::File::create(path)
                    .with_context(|| format!("creating {}", path.display()))?,
            );
            report::write(args.format, &mut f, &outcome, set, &ropts)?;
            f.flush()?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            report::write(args.format, &mut w, &outcome, set, &ropts)?;
            w.flush()?;
        }
    }
    if !args.quiet && (args.format == Format::Text || args.output.is_some()) {
        eprintln!(
            "{}{}",
            report::text::summary_line(&outcome),
            app::suppressed_note(&outcome)
        );
    }
    if readable == 0 {
        return Ok(2);
    }
    let blocking = app::blocking(&outcome, prepared.fail_on);
    if blocking.is_empty() || args.exit_zero {
        return Ok(0);
    }
    if !args.quiet && args.format == Format::Text {
        let mut e = std::io::stderr().lock();
        report::guidance::write_blocking(&mut e, &blocking, args.staged, prepared.fail_on)?;
    }
    Ok(1)
}

fn run_rules(args: RulesArgs) -> Result<u8> {
    if let Some(dir) = &args.check {
        let mut all = if args.builtin {
            rules::builtin_rules()?
        } else {
            Vec::new()
        };
        let user = rules::load_dir(dir)?;
        let ids: Vec<String> = user.iter().map(|r| r.id.clone()).collect();
        all.extend(user);
        let set = RuleSet::new(all)?;
        let failures: Vec<String> = rules::check(&set)
            .into_iter()
            .filter(|f| args.builtin || ids.iter().any(|id| f.starts_with(&format!("{id}:"))))
            .collect();
        for f in &failures {
            println!("FAIL {f}");
        }
        println!(
            "{} rule(s) checked, {} failure(s)",
            ids.len(),
            failures.len()
        );
        return Ok(if failures.is_empty() { 0 } else { 1 });
    }
    let set = RuleSet::builtin()?;
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    match args.format {
        Format::Json | Format::Sarif => {
            let v: Vec<serde_json::Value> = set
                .rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id, "title": r.title, "description": r.description.trim(),
                        "severity": r.severity, "confidence": r.confidence, "kind": r.kind,
                        "parser": r.parser.name(), "keywords": r.keywords, "paths": r.path_globs,
                        "references": r.references,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut w, &v)?;
            writeln!(w)?;
        }
        Format::Text | Format::Github | Format::Junit => {
            for r in &set.rules {
                writeln!(
                    w,
                    "{:<28} {:<7} {:<7} {}",
                    r.id,
                    r.severity.as_str(),
                    r.parser.name(),
                    r.title
                )?;
            }
        }
    }
    Ok(0)
}
