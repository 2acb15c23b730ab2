//! `connleak scan`: configuration and rules in; sources -> events -> one
//! tally -> advice -> policy (severity overrides, allow patterns, baseline)
//! -> a report; the gate turns what is left into the exit code. The same
//! pipeline serves `baseline create` and `baseline update`.

use super::warn_errors;
use crate::baseline::Baseline;
use crate::cli::{ColorChoice, ScanArgs, VerifyArgs};
use crate::config;
use crate::exclude::Excluder;
use crate::policy::{self, Policy};
use crate::sources::{self, display_path, walk};
use anyhow::{bail, Context, Result};
use connleak_core::model::{
    ErrorKind, Event, Item, Outcome, Severity, Sink, SkipReason, SuppressedBy, SuppressedCounts,
    Tally,
};
use connleak_core::rules::RuleSet;
use connleak_git::remote::Source;
use connleak_remedy::project::UnitIndex;
use connleak_report::inventory::Early;
use connleak_report::{escape_control, guidance, ReportOptions};
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// Everything a scan needs besides the paths.
pub struct Prepared {
    pub set: RuleSet,
    pub exclude: Vec<String>,
    pub fail_on: Severity,
    pub policy: Policy,
    /// where the baseline was read from (or would be written to)
    pub baseline_path: PathBuf,
    /// with `--policy-from`: the trusted policy, to review the tree against
    pub trusted: Option<crate::policy_from::Trusted>,
}

/// Where config discovery starts: the first path named, else the current
/// directory (for `--staged` and standard input).
fn discovery_start(args: &ScanArgs) -> PathBuf {
    if args.staged {
        return PathBuf::from(".");
    }
    args.paths
        .iter()
        .find(|p| p.as_os_str() != "-")
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."))
}

pub fn prepare(args: &ScanArgs, read_baseline: bool) -> Result<Prepared> {
    let start = discovery_start(args);
    // --policy-from: config, baseline and rule files from the git tree at REF
    let mut trusted = match &args.policy_from {
        Some(rev) => Some(crate::policy_from::Trusted::load(args, rev, &start)?),
        None => None,
    };
    // `--history URL`: the repository is someone else's, and nothing of it
    // (nor of a folder that happens to share the URL's name) is policy
    let urls_only = args.history
        && args
            .paths
            .iter()
            .all(|p| !matches!(connleak_git::remote::classify(p), Ok(Source::Path(_))));
    let loaded = match &trusted {
        Some(t) => t.loaded.clone(),
        None if args.no_config || urls_only => config::Loaded::default(),
        None => config::load(args.config.as_deref(), &start)?,
    };
    let mut all = connleak_core::rules::builtin_rules()?;
    match &mut trusted {
        Some(t) => all.append(&mut t.rules),
        None => {
            for dir in &args.rules {
                all.extend(crate::rulefiles::load_dir(dir)?);
            }
        }
    }
    all.extend(config::extra_rules(&loaded)?);
    let all = config::filter_rules(&loaded, all)?;
    let set = RuleSet::new(all)?;
    let mut exclude = args.exclude.clone();
    exclude.extend(loaded.config.exclude.iter().cloned());
    let fail_on = args
        .fail_on
        .map(|f| f.severity())
        .or(loaded.config.fail_on)
        .unwrap_or(Severity::Low);
    let allow = loaded
        .config
        .allow
        .iter()
        .map(|p| regex::Regex::new(p).with_context(|| format!("invalid allow pattern {p:?}")))
        .collect::<Result<Vec<_>>>()?;
    let severity = loaded
        .config
        .rules
        .iter()
        .filter_map(|(id, s)| s.severity.map(|sev| (id.clone(), sev)))
        .collect();
    let (baseline_path, baseline) = match &mut trusted {
        Some(t) => (t.baseline_path.clone(), t.baseline.take()),
        None => {
            // --baseline, else the config's, else the default file if it exists
            let explicit = match args.baseline.clone() {
                Some(b) => Some(b),
                None => loaded.baseline()?,
            };
            let baseline_path = explicit.clone().unwrap_or_else(|| {
                config::project_root(&loaded, &start).join(config::DEFAULT_BASELINE)
            });
            let baseline = if !read_baseline || args.no_baseline {
                None
            } else if explicit.is_some() || (!urls_only && baseline_path.is_file()) {
                Some(Baseline::load(&baseline_path)?)
            } else {
                None
            };
            (baseline_path, baseline)
        }
    };
    Ok(Prepared {
        set,
        exclude,
        fail_on,
        policy: Policy {
            allow,
            severity,
            baseline,
        },
        baseline_path,
        trusted,
    })
}

/// Scan what the arguments name (the working tree, the staged index or
/// standard input). Returns the sorted outcome (inline suppressions
/// applied, nothing else) and how many roots could be read. With `early`
/// (and wide lanes, see `fingerprint::wide_lanes`) the findings' fingerprints
/// are left empty, to `early` and `inventory::fill_fingerprints`. The walk notes
/// the project manifests it meets in `units`, when given, for the advice.
pub fn collect(
    args: &ScanArgs,
    p: &Prepared,
    units: Option<&Arc<UnitIndex>>,
    early: Option<&Early>,
) -> Result<(Outcome, usize)> {
    let (mut o, n) = collect_unnamed(args, p, units, early)?;
    // the first path named (or the current directory) names the repository
    let start = discovery_start(args);
    let name = repository_name(args, &start);
    for i in o.findings.iter_mut().chain(o.suppressed.iter_mut()) {
        i.repository = Some(name.clone());
    }
    Ok((o, n))
}

fn collect_unnamed(
    args: &ScanArgs,
    p: &Prepared,
    units: Option<&Arc<UnitIndex>>,
    early: Option<&Early>,
) -> Result<(Outcome, usize)> {
    // a URL is not a path of the working tree: say what scans it
    if let Some(url) = args.paths.iter().find(|p| {
        std::fs::symlink_metadata(p).is_err() && p.to_str().is_some_and(|s| s.contains("://"))
    }) {
        let shown = connleak_git::repo::display_url(&url.to_string_lossy())
            .unwrap_or_else(|| "the URL".to_string());
        bail!(
            "{}: a URL names a repository, not a path here; `connleak scan --history URL` audits its history (a file:// URL; clone a network one first)",
            escape_control(&shown)
        );
    }
    let tally = Tally::new();
    let sink = Offering {
        tally: &tally,
        early,
    };
    let threads = threads(args);
    // with an early derivation running, and wide lanes to take many
    // derivations at once, each file's fingerprints are left to it: it
    // derives those of many files together (without the lanes, the walkers
    // deriving their own side by side is as fast)
    let listing = listing(
        args,
        early.is_some() && connleak_core::fingerprint::wide_lanes(),
    );
    if args.staged {
        let ex = Excluder::new(Path::new("."), &p.exclude)?;
        let exclude = |path: &str| ex.is_excluded(Path::new(path));
        let opts = connleak_git::staged::StagedOptions {
            exclude: &exclude,
            max_filesize: args.max_filesize,
            threads,
            listing,
        };
        connleak_git::staged::scan(&p.set, Path::new("."), &opts, &sink)?;
        return Ok((tally.finish(), 1));
    }
    let mut readable = 0;
    let (stdin_paths, mut file_paths): (Vec<_>, Vec<_>) = args
        .paths
        .iter()
        .cloned()
        .partition(|p| p.as_os_str() == "-");
    if args.force_exclude {
        // paths named explicitly (as pre-commit passes them) obey the excludes too
        let ex = Excluder::new(Path::new("."), &p.exclude)?;
        let before = file_paths.len();
        file_paths.retain(|f| !ex.is_excluded(f));
        readable += before - file_paths.len();
    }
    if !stdin_paths.is_empty() {
        let name = args.stdin_filename.as_deref().unwrap_or("<stdin>");
        sources::stdin::scan(&p.set, name, args.max_filesize, listing, &sink);
        readable += 1;
    }
    if !file_paths.is_empty() {
        let opts = walk::WalkOptions {
            no_ignore: args.no_ignore,
            exclude: p.exclude.clone(),
            max_filesize: args.max_filesize,
            threads,
            follow: args.follow,
            listing,
            units: units.cloned(),
        };
        readable += walk::walk(&p.set, &file_paths, &opts, &sink)?;
    }
    Ok((tally.finish(), readable))
}

/// The scan's sink: every event to the tally, and each listed finding also
/// to the credential ids' early derivation (when a report needs the ids).
struct Offering<'a> {
    tally: &'a Tally,
    early: Option<&'a Early>,
}

impl Sink for Offering<'_> {
    fn emit(&self, event: Event<'_>) {
        if let (Some(early), Event::Found(item)) = (self.early, &event) {
            if item.suppression.is_none() {
                early.offer(&item.finding);
            }
        }
        self.tally.emit(event);
    }
}

/// How each file's findings are listed; `defer_fingerprints`: see
/// `ScanOptions::defer_fingerprints`.
fn listing(args: &ScanArgs, defer_fingerprints: bool) -> connleak_core::scan::Listing {
    connleak_core::scan::Listing {
        show_secrets: args.show_secrets,
        max_findings: args.max_findings_per_file,
        defer_fingerprints,
    }
}

/// The name a report gives the repository at `path`: `--repository-name`,
/// else the URL of its `origin` remote (without credentials), else the
/// name of the folder.
pub fn repository_name(args: &ScanArgs, path: &Path) -> String {
    if let Some(n) = &args.repository_name {
        return n.clone();
    }
    if let Some(url) = connleak_git::repo::remote_name(path) {
        return url;
    }
    std::fs::canonicalize(path)
        .ok()
        .and_then(|p| {
            // a file: the folder that holds it
            let dir = if p.is_dir() {
                p
            } else {
                p.parent()?.to_path_buf()
            };
            dir.file_name().map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| display_path(path))
}

/// [`collect`], or with `--history` the histories of the paths: the
/// outcome and how many roots could be read.
pub fn collect_any(args: &ScanArgs, p: &Prepared) -> Result<(Outcome, usize)> {
    if args.history {
        Ok((collect_histories(args, p)?, args.paths.len()))
    } else {
        collect(args, p, None, None)
    }
}

/// `-j N`, at most 4 threads per core: more only cost time (measured on
/// 7 files: -j 256 0.55 s, -j 1024 8.5 s, -j 5000 over 600 s).
fn threads(args: &ScanArgs) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let max = (4 * cores).max(8);
    if args.threads <= max {
        return args.threads;
    }
    if !args.quiet {
        eprintln!(
            "connleak: warning: -j {} is more than 4 threads per core; using {max}",
            args.threads
        );
    }
    max
}

/// `scan --history`: each path is a repository; their outcomes merge.
fn collect_histories(args: &ScanArgs, p: &Prepared) -> Result<Outcome> {
    let progress = args.progress
        || (std::io::stderr().is_terminal() && std::env::var_os("CI").is_none() && !args.quiet);
    let ex = Excluder::new(Path::new("."), &p.exclude)?;
    let exclude = |path: &str| ex.is_excluded(Path::new(path));
    let opts = connleak_git::history::HistoryOptions {
        branches: args.branch.clone(),
        since: args.since.clone(),
        max_filesize: args.max_filesize,
        listing: listing(args, false),
        exclude: &exclude,
        progress,
    };
    if args.repository_name.is_some() && args.paths.len() > 1 {
        bail!(
            "--repository-name names one repository, and --history was given {}",
            args.paths.len()
        );
    }
    // every URL is checked before anything is copied or scanned
    let sources = args
        .paths
        .iter()
        .map(|p| history_source(p))
        .collect::<Result<Vec<_>>>()?;
    let mut all = Outcome::default();
    for (arg, source) in args.paths.iter().zip(sources) {
        // a file:// URL is scanned from a bare copy in a temporary
        // directory, removed when `_copy` is dropped (after this
        // repository, or on an error)
        let (repo, label, _copy) = match source {
            Source::Path(path) => (path, repository_name(args, arg), None),
            Source::File { path, name } => {
                let copy = connleak_git::remote::copy_local(&path)?;
                let label = args.repository_name.clone().unwrap_or(name);
                (copy.path().to_path_buf(), label, Some(copy))
            }
            // refused by history_source already
            Source::Network { name, .. } => bail!("{}: not fetched", escape_control(&name)),
        };
        let repo = &repo;
        let tally = Tally::new();
        let stats = connleak_git::history::scan_history(&p.set, repo, &label, &opts, &tally)?;
        let mut o = tally.finish();
        // the advice reads the files of the commit that introduced each
        // secret, never the working tree
        let git = connleak_git::repo::open_isolated(repo)?;
        connleak_remedy::advise_history(&mut o.findings, |id| {
            connleak_git::tree_at::at(&git, id).map(sources::commit_files::CommitFiles)
        });
        if !args.quiet {
            eprintln!(
                "connleak: {}: {} refs, {} commits, {} distinct blobs, {} scanned ({} bytes), {} skipped",
                escape_control(&label),
                stats.refs,
                stats.commits,
                stats.blobs_distinct,
                stats.blobs_scanned,
                stats.bytes_scanned,
                stats.blobs_skipped
            );
        }
        o.summary.history = Some(stats);
        all.absorb(o);
    }
    all.sort();
    Ok(all)
}

/// What an argument of `scan --history` names: a path, a `file://` URL
/// (scanned from a copy), or a URL connleak does not fetch from, which is
/// an error that says how to clone it safely.
fn history_source(arg: &Path) -> Result<Source> {
    let source = connleak_git::remote::classify(arg)?;
    if let Source::Network { name, scheme } = &source {
        let name = escape_control(name);
        bail!(
            "{name}: connleak does not fetch repositories over the network ({scheme}): clone it first, without \
             a checkout (so that no filter, hook or submodule of it runs), then scan the clone:\n  \
             git clone --bare --no-checkout {name} repo.git\n  \
             connleak scan --history --repository-name {name} repo.git\n\
             a file:// URL to a repository on this machine is scanned from a copy (docs/guide.md, history audits)"
        );
    }
    Ok(source)
}

/// Apply the policy (severity overrides, allow patterns, baseline) and sort.
/// Returns which baseline entries matched.
pub fn apply_policy(outcome: &mut Outcome, p: &Prepared) -> Vec<bool> {
    let used = policy::apply(outcome, &p.policy);
    outcome.sort();
    outcome.summary.suppressed_by = SuppressedCounts::of(
        outcome
            .suppressed
            .iter()
            .filter_map(|i| i.suppression.as_ref().map(|s| s.suppressed_by)),
    );
    used
}

/// The findings that fail the gate.
pub fn blocking(outcome: &Outcome, fail_on: Severity) -> Vec<&Item> {
    outcome
        .findings
        .iter()
        .filter(|i| i.finding.severity >= fail_on)
        .collect()
}

/// ", 3 suppressed (1 inline, 0 config, 2 baseline)" for the summary line.
pub fn suppressed_note(outcome: &Outcome) -> String {
    if outcome.summary.suppressed == 0 {
        return String::new();
    }
    let by = &outcome.summary.suppressed_by;
    let parts: Vec<String> = SuppressedBy::ALL
        .iter()
        .map(|s| format!("{} {}", by.get(*s), s.as_str()))
        .collect();
    format!(
        "; {} suppressed ({})",
        outcome.summary.suppressed,
        parts.join(", ")
    )
}

/// Baseline entries that matched nothing, for `--report-unused`.
pub fn report_unused(p: &Prepared, used: &[bool]) {
    let Some(b) = &p.policy.baseline else {
        eprintln!("connleak: --report-unused: no baseline in use");
        return;
    };
    let unused: Vec<_> = b
        .entries
        .iter()
        .zip(used)
        .filter(|(_, u)| !**u)
        .map(|(e, _)| e)
        .collect();
    eprintln!(
        "connleak: baseline {}: {} of {} entries matched no finding{}",
        p.baseline_path.display(),
        unused.len(),
        b.entries.len(),
        if unused.is_empty() {
            ""
        } else {
            " (`connleak baseline update` drops them):"
        }
    );
    for e in unused {
        eprintln!(
            "  {} {} {}",
            escape_control(&e.path),
            escape_control(&e.rule),
            escape_control(connleak_core::text::prefix(&e.fingerprint, 12))
        );
    }
}

pub fn run(args: ScanArgs, verify: &VerifyArgs) -> Result<u8> {
    let start = Instant::now();
    // The rule set and the findings live until the process exits, which
    // returns their memory at once: freeing them piece by piece (automata,
    // their per-thread caches, each finding's advice) cost 1-3 ms at the end
    // of every scan. `run` is called once per process.
    let prepared = ManuallyDrop::new(prepare(&args, true)?);
    // credential ids (one keyed hash per distinct credential) only where a
    // report shows the inventory or carries the ids
    use crate::cli::Format;
    let ids = args.history
        || matches!(
            args.format,
            Format::Json | Format::Jsonl | Format::Sarif | Format::Html
        );
    // threads for the slow hashes left to the end
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let n = match args.threads {
        0 => cores,
        n => n.min(cores),
    };
    let mut known = HashMap::new();
    let (outcome, readable) = if args.history {
        (collect_histories(&args, &prepared)?, args.paths.len())
    } else {
        let units = Arc::new(UnitIndex::default());
        // a working tree's ids are derived while it is scanned
        let early = ids.then(Early::start);
        let (mut o, readable) = collect(&args, &prepared, Some(&units), early.as_ref())?;
        // under --staged the advice reads project files from the working tree
        let roots: Vec<PathBuf> = if args.staged {
            vec![PathBuf::from(".")]
        } else {
            args.paths
                .iter()
                .filter(|p| p.as_os_str() != "-")
                .cloned()
                .collect()
        };
        // while the early derivation takes what is pending (the advice
        // reads neither ids nor fingerprints)
        if let Some(e) = &early {
            e.walk_done();
        }
        connleak_remedy::advise_on(&mut o.findings, &roots, &units, n);
        let mut fingerprints = HashMap::new();
        if let Some(e) = early {
            let derived = e.finish(n);
            known = derived.ids;
            fingerprints = derived.fingerprints;
        }
        let fill = connleak_report::inventory::fill_fingerprints;
        fill(&mut o.findings, n, &fingerprints);
        fill(&mut o.suppressed, n, &fingerprints);
        // the order's last key is the fingerprint
        o.sort();
        (o, readable)
    };
    let mut outcome = ManuallyDrop::new(outcome);
    if ids {
        connleak_report::inventory::assign_ids(&mut outcome.findings, n, known);
    }
    let used = apply_policy(&mut outcome, &prepared);
    if let Some(t) = &prepared.trusted {
        let mut review = t.review(&outcome, &prepared.set, args.staged)?;
        review.repository = Some(repository_name(&args, &discovery_start(&args)));
        outcome.summary.policy = Some(review);
    }
    // after the policy: suppressed findings are never sent anywhere
    crate::verify::run(&mut outcome, verify, args.quiet)?;
    outcome.summary.elapsed_ms = start.elapsed().as_millis() as u64;
    if args.report_unused {
        report_unused(&prepared, &used);
    }
    if !args.include_suppressed {
        outcome.suppressed.clear();
    }
    warn_errors(&outcome, args.quiet);
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let ropts = ReportOptions {
        show_secrets: args.show_secrets,
        color,
        explain: args.explain,
        history: args.history,
    };
    let format = args.format.into();
    match &args.output {
        Some(path) => {
            let mut f = std::io::BufWriter::new(
                std::fs::File::create(path)
                    .with_context(|| format!("creating {}", path.display()))?,
            );
            connleak_report::write(format, &mut f, &outcome, &prepared.set, &ropts)?;
            f.flush()?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            connleak_report::write(format, &mut w, &outcome, &prepared.set, &ropts)?;
            w.flush()?;
        }
    }
    if !args.quiet && (args.format == Format::Text || args.output.is_some()) {
        eprintln!(
            "{}{}",
            connleak_report::text::summary_line(&outcome),
            suppressed_note(&outcome)
        );
        for line in connleak_report::review::summary_lines(&outcome) {
            eprintln!("{line}");
        }
    }
    if readable == 0 {
        return Ok(2);
    }
    // what could not be scanned: the gate cannot vouch for it (a padded
    // `.env` over --max-filesize, an unreadable file, a missing path)
    let unscanned: Vec<String> = outcome
        .errors
        .iter()
        // a symbolic link loop leads back to what was scanned already
        .filter(|e| e.kind != ErrorKind::Loop)
        .map(|e| e.message.clone())
        .chain(
            outcome
                .skipped
                .iter()
                .filter(|s| s.reason == SkipReason::TooLarge)
                .map(|s| format!("{} (larger than --max-filesize)", s.path)),
        )
        .collect();
    let blocking = blocking(&outcome, prepared.fail_on);
    // a policy file changed since --policy-from: high, never suppressed
    let policy_changed = (outcome.summary.policy.as_ref()).is_some_and(|p| !p.changes.is_empty());
    if args.exit_zero || (blocking.is_empty() && unscanned.is_empty() && !policy_changed) {
        return Ok(0);
    }
    if !args.quiet && args.format == Format::Text && !blocking.is_empty() {
        let mut e = std::io::stderr().lock();
        guidance::write_blocking(&mut e, &blocking, args.staged, prepared.fail_on)?;
    }
    if !unscanned.is_empty() {
        if !args.quiet {
            eprintln!(
                "connleak: failed: {} path(s) could not be scanned, so the gate cannot pass them (exclude them with --exclude or the config's `exclude`, or raise --max-filesize):",
                unscanned.len()
            );
            for u in &unscanned {
                eprintln!("  {}", escape_control(u));
            }
        }
        return Ok(2);
    }
    Ok(1)
}
