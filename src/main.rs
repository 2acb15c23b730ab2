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
    BaselineCommand, Cli, ColorChoice, Command, ExplainArgs, FixArgs, Format, HookCommand,
    MergeArgs, RulesArgs, ScanArgs, SourceArgs,
};
use connleak::finding::Outcome;
use connleak::rules::RuleSet;
use connleak::{app, report, rules, walk};
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
        Command::Explain(args) => run_explain(args),
        Command::Fix(args) => run_fix(args),
        Command::Merge(args) => run_merge(args),
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

/// `scan --history`: each path is a repository; their inventories merge.
fn scan_histories(args: &ScanArgs, set: &RuleSet, exclude: &[String]) -> Result<Outcome> {
    let progress = args.progress
        || (std::io::stderr().is_terminal() && std::env::var_os("CI").is_none() && !args.quiet);
    let opts = connleak::history::HistoryOptions {
        branches: args.branch.clone(),
        since: args.since.clone(),
        max_filesize: args.max_filesize,
        show_secrets: args.show_secrets,
        exclude: exclude.to_vec(),
        progress,
    };
    let mut all = Outcome::default();
    for repo in &args.paths {
        let label = walk::display_path(repo);
        let h = connleak::history::scan_history(set, repo, &label, &opts)?;
        let mut o = h.outcome;
        o.sort();
        connleak::remedy::advise_in_repository(&mut o.findings, repo);
        if !args.quiet {
            eprintln!(
                "connleak: {}: {} refs, {} commits, {} distinct blobs, {} scanned ({} bytes), {} skipped",
                report::escape_control(&label),
                h.stats.refs,
                h.stats.commits,
                h.stats.blobs_distinct,
                h.stats.blobs_scanned,
                h.stats.bytes_scanned,
                h.stats.blobs_skipped
            );
        }
        let st = all.summary.history.get_or_insert_with(Default::default);
        st.refs += h.stats.refs;
        st.commits += h.stats.commits;
        st.blobs_distinct += h.stats.blobs_distinct;
        st.blobs_scanned += h.stats.blobs_scanned;
        st.blobs_skipped += h.stats.blobs_skipped;
        st.bytes_scanned += h.stats.bytes_scanned;
        all.findings.extend(o.findings);
        all.errors.extend(o.errors);
        all.summary.absorb(&o.summary);
    }
    all.findings.sort_by(|a, b| {
        let repo =
            |f: &connleak::finding::Finding| f.provenance.as_ref().map(|p| p.repository.clone());
        (repo(a), &a.path, a.line, a.column, &a.rule).cmp(&(
            repo(b),
            &b.path,
            b.line,
            b.column,
            &b.rule,
        ))
    });
    all.summary.findings = all.findings.len() as u64;
    Ok(all)
}

fn run_scan(args: ScanArgs) -> Result<u8> {
    let start = Instant::now();
    let prepared = app::prepare(&args, true)?;
    let (mut outcome, readable) = if args.history {
        let o = scan_histories(&args, &prepared.set, &prepared.exclude)?;
        (o, args.paths.len())
    } else {
        app::collect(&args, &prepared)?
    };
    if !args.history {
        // under --staged the advice reads project files from the working tree
        let roots: Vec<std::path::PathBuf> = if args.staged {
            vec![std::path::PathBuf::from(".")]
        } else {
            args.paths
                .iter()
                .filter(|p| p.as_os_str() != "-")
                .cloned()
                .collect()
        };
        connleak::remedy::advise(&mut outcome.findings, &roots);
    }
    // credential ids (one keyed hash per distinct credential) only where a
    // report shows the inventory or carries the ids
    if args.history || matches!(args.format, Format::Json | Format::Sarif | Format::Html) {
        connleak::inventory::assign_ids(&mut outcome.findings);
    }
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
        explain: args.explain,
        history: args.history,
    };
    match &args.output {
        Some(path) => {
            let mut f = std::io::BufWriter::new(
                std::fs::File::create(path)
                    .with_context(|| format!("creating {}", path.display()))?,
            );
            report::write(args.format, &mut f, &outcome, set, &ropts)?;
            if args.history && args.format == Format::Text {
                report::text::write_inventory(&mut f, &report::inventory(&outcome, &ropts))?;
            }
            f.flush()?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            report::write(args.format, &mut w, &outcome, set, &ropts)?;
            if args.history && args.format == Format::Text {
                report::text::write_inventory(&mut w, &report::inventory(&outcome, &ropts))?;
            }
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

fn load_rules(extra: &[std::path::PathBuf]) -> Result<RuleSet> {
    let mut all = rules::builtin_rules()?;
    for dir in extra {
        all.extend(rules::load_dir(dir)?);
    }
    RuleSet::new(all)
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
        Format::Json | Format::Sarif | Format::Html => {
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

/// Scan the paths of `fix` and `explain` and advise on the findings.
fn scan_sources(src: &SourceArgs) -> Result<Outcome> {
    let set = load_rules(&src.rules)?;
    let opts = walk::WalkOptions {
        no_ignore: src.no_ignore,
        exclude: src.exclude.clone(),
        max_filesize: src.max_filesize,
        threads: 0,
        follow: false,
        show_secrets: false,
    };
    let (mut outcome, readable) = walk::walk(&set, &src.paths, &opts)?;
    if readable == 0 {
        anyhow::bail!("none of the given paths could be read");
    }
    for e in &outcome.errors {
        eprintln!("connleak: warning: {}", report::escape_control(&e.message));
    }
    outcome.sort();
    connleak::remedy::advise(&mut outcome.findings, &src.paths);
    Ok(outcome)
}

fn run_explain(args: ExplainArgs) -> Result<u8> {
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    let set = load_rules(&args.source.rules)?;
    if let Some(rule) = set.rules.iter().find(|r| r.id == args.target) {
        report::text::write_rule_explanation(&mut w, rule)?;
        w.flush()?;
        return Ok(0);
    }
    let target = args.target.to_ascii_lowercase();
    if target.len() < 8 || !target.bytes().all(|b| b.is_ascii_hexdigit()) {
        anyhow::bail!(
            "{:?} is neither a rule id (see `connleak rules`) nor a fingerprint (8 to 32 hex digits)",
            args.target
        );
    }
    let outcome = scan_sources(&args.source)?;
    let matches: Vec<_> = outcome
        .findings
        .iter()
        .filter(|f| f.fingerprint.starts_with(&target))
        .collect();
    if matches.is_empty() {
        anyhow::bail!(
            "no finding with fingerprint {target} under the given paths (fingerprints depend on the path relative to the repository root)"
        );
    }
    let ropts = report::ReportOptions {
        show_secrets: false,
        color: false,
        explain: true,
        history: false,
    };
    let one = Outcome {
        findings: matches.into_iter().cloned().collect(),
        ..Outcome::default()
    };
    report::text::write(&mut w, &one, &ropts)?;
    w.flush()?;
    Ok(0)
}

fn run_fix(args: FixArgs) -> Result<u8> {
    let outcome = scan_sources(&args.source)?;
    let (plans, skipped) = connleak::fix::plan(&outcome.findings);
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    for p in &plans {
        write!(w, "{}", connleak::fix::diff(p, args.show_secrets))?;
    }
    for s in &skipped {
        eprintln!(
            "connleak: not fixing {}: {}",
            report::escape_control(&s.path),
            s.reason
        );
    }
    let fixed: usize = plans.iter().map(|p| p.findings.len()).sum();
    let manual = outcome.findings.len() - fixed;
    if args.write {
        for p in &plans {
            std::fs::write(&p.path, &p.bytes)
                .with_context(|| format!("writing {}", report::escape_control(&p.path)))?;
        }
    }
    w.flush()?;
    eprintln!(
        "connleak: {} edit{} in {} file{}{}; {} other finding{} need{} a manual change (see `connleak scan --explain`).",
        fixed,
        if fixed == 1 { "" } else { "s" },
        plans.len(),
        if plans.len() == 1 { "" } else { "s" },
        if args.write { " written" } else { " (nothing written: add --write to apply)" },
        manual,
        if manual == 1 { "" } else { "s" },
        if manual == 1 { "s" } else { "" },
    );
    if fixed > 0 {
        eprintln!("connleak: the edits change how the application signs in. Before deploying them, for each one:");
        eprintln!("  1. enable the managed identity on the resource that runs the code,");
        eprintln!("  2. create the database user for that identity (CREATE USER [..] FROM EXTERNAL PROVIDER / pgaadauth_create_principal),");
        eprintln!("  3. rotate the leaked password: it stays in git history even after this edit.");
        eprintln!("  `connleak explain <fingerprint>` prints the exact commands.");
    }
    Ok(if skipped.is_empty() { 0 } else { 1 })
}

fn run_merge(args: MergeArgs) -> Result<u8> {
    let mut reports = Vec::new();
    for p in &args.reports {
        let text = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
        let v: serde_json::Value = serde_json::from_slice(&text)
            .with_context(|| format!("{} is not a connleak JSON report", p.display()))?;
        if v.get("findings").and_then(|f| f.as_array()).is_none() {
            anyhow::bail!(
                "{} is not a connleak JSON report (no findings array)",
                p.display()
            );
        }
        reports.push(v);
    }
    let merged = connleak::inventory::merge(&reports);
    let mut buf: Vec<u8> = Vec::new();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut buf, &merged)?;
            buf.push(b'\n');
        }
        Format::Html => {
            let inventory = connleak::inventory::build(
                merged["findings"]
                    .as_array()
                    .map(Vec::as_slice)
                    .unwrap_or(&[]),
            );
            let mut o = Outcome::default();
            o.summary.findings = merged["findings"].as_array().map_or(0, |a| a.len() as u64);
            report::html::write(&mut buf, &o, &inventory, true)?;
        }
        Format::Text | Format::Sarif | Format::Github | Format::Junit => {
            let inventory = connleak::inventory::build(
                merged["findings"]
                    .as_array()
                    .map(Vec::as_slice)
                    .unwrap_or(&[]),
            );
            report::text::write_inventory(&mut buf, &inventory)?;
        }
    }
    match &args.output {
        Some(p) => std::fs::write(p, &buf).with_context(|| format!("writing {}", p.display()))?,
        None => {
            let stdout = std::io::stdout();
            let mut w = stdout.lock();
            w.write_all(&buf)?;
            w.flush()?;
        }
    }
    Ok(0)
}
