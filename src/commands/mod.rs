//! The scan pipeline shared by `scan`, `baseline create` and `baseline
//! update`: configuration and rules in, a suppressed and sorted outcome out,
//! and the gate that turns it into an exit code. Also the small `hook` and
//! `config` commands.

use crate::baseline::Baseline;
use crate::cli::{BaselineArgs, ConfigArgs, HookInstallArgs, ScanArgs};
use crate::config::{self, Loaded};
use crate::exclude::Excluder;
use crate::finding::{Finding, Outcome, Severity};
use crate::rules::{self, RuleSet};
use crate::suppress::{self, Policy, Source};
use crate::{staged, walk};
use anyhow::{bail, Context, Result};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Everything a scan needs besides the paths.
pub struct Prepared {
    pub config: Loaded,
    pub set: RuleSet,
    pub exclude: Vec<String>,
    pub fail_on: Severity,
    pub policy: Policy,
    /// where the baseline was read from (or would be written to)
    pub baseline_path: PathBuf,
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
    let loaded = config::load(args.config.as_deref(), &start)?;
    let mut all = rules::builtin_rules()?;
    for dir in &args.rules {
        all.extend(rules::load_dir(dir)?);
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
    // --baseline, else the config's, else the default file if it exists
    let explicit = args.baseline.clone().or_else(|| loaded.baseline());
    let baseline_path = explicit
        .clone()
        .unwrap_or_else(|| config::project_root(&loaded, &start).join(config::DEFAULT_BASELINE));
    let baseline = if !read_baseline {
        None
    } else if explicit.is_some() || baseline_path.is_file() {
        Some(Baseline::load(&baseline_path)?)
    } else {
        None
    };
    Ok(Prepared {
        config: loaded,
        set,
        exclude,
        fail_on,
        policy: Policy {
            allow,
            severity,
            baseline,
        },
        baseline_path,
    })
}

/// Scan what the arguments name. Returns the outcome (unsorted, nothing but
/// inline suppressions applied) and how many roots could be read.
pub fn collect(args: &ScanArgs, p: &Prepared) -> Result<(Outcome, usize)> {
    if args.staged {
        let opts = staged::StagedOptions {
            exclude: &p.exclude,
            max_filesize: args.max_filesize,
            threads: args.threads,
            show_secrets: args.show_secrets,
        };
        let (o, _root) = staged::scan(&p.set, Path::new("."), &opts)?;
        return Ok((o, 1));
    }
    let mut outcome = Outcome::default();
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
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("reading standard input")?;
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| "<stdin>".to_string());
        let sink = Mutex::new(Outcome::default());
        match walk::scan_buffer_guarded(&p.set, &name, &name, &buf, args.show_secrets, &sink) {
            Ok(n) => {
                outcome.summary.files_scanned += 1;
                outcome.summary.bytes_scanned += n;
            }
            Err(_) => outcome.summary.skipped_binary += 1,
        }
        let sunk = sink.into_inner().unwrap_or_else(|p| p.into_inner());
        outcome.findings.extend(sunk.findings);
        outcome.suppressed.extend(sunk.suppressed);
        readable += 1;
    }
    if !file_paths.is_empty() {
        let opts = walk::WalkOptions {
            no_ignore: args.no_ignore,
            exclude: p.exclude.clone(),
            max_filesize: args.max_filesize,
            threads: args.threads,
            follow: args.follow,
            show_secrets: args.show_secrets,
        };
        let (o, n) = walk::walk(&p.set, &file_paths, &opts)?;
        readable += n;
        outcome.findings.extend(o.findings);
        outcome.errors.extend(o.errors);
        outcome.suppressed.extend(o.suppressed);
        outcome.summary.absorb(&o.summary);
    }
    let s = &mut outcome.summary;
    s.files_skipped = s.skipped_binary + s.skipped_too_large + s.skipped_other;
    Ok((outcome, readable))
}

/// Apply the policy (severity overrides, allow patterns, baseline) and sort.
/// Returns which baseline entries matched.
pub fn apply_policy(outcome: &mut Outcome, p: &Prepared) -> Vec<bool> {
    outcome.sort();
    let used = suppress::apply(outcome, &p.policy);
    outcome.summary.suppressed = outcome.suppressed.len() as u64;
    used
}

/// The findings that fail the gate.
pub fn blocking(outcome: &Outcome, fail_on: Severity) -> Vec<&Finding> {
    outcome
        .findings
        .iter()
        .filter(|f| f.severity >= fail_on)
        .collect()
}

/// ", 3 suppressed (1 inline, 0 config, 2 baseline)" for the summary line.
pub fn suppressed_note(outcome: &Outcome) -> String {
    if outcome.summary.suppressed == 0 {
        return String::new();
    }
    let parts: Vec<String> = suppress::count_by_source(&outcome.suppressed)
        .iter()
        .map(|(s, n)| format!("{n} {}", s.as_str()))
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
            crate::report::escape_control(&e.path),
            e.rule,
            &e.fingerprint[..e.fingerprint.len().min(12)]
        );
    }
}

/// The path a finding's fingerprint was salted with, as the walker computes
/// it: relative to the enclosing git work tree, else to the scanned root
/// that holds the file (`roots`), else as displayed (standard input).
fn fp_path(f: &Finding, staged: bool, roots: &[PathBuf]) -> String {
    if staged {
        return f.path.clone();
    }
    let Ok(abs) = std::fs::canonicalize(&f.path) else {
        return f.path.clone();
    };
    let rel = |base: &Path| {
        abs.strip_prefix(base)
            .ok()
            .map(|r| r.to_string_lossy().replace('\\', "/"))
    };
    let mut dir = abs.parent();
    while let Some(d) = dir {
        if d.join(".git").exists() {
            if let Some(r) = rel(d) {
                return r;
            }
        }
        dir = d.parent();
    }
    for root in roots {
        let Ok(base) = std::fs::canonicalize(root) else {
            continue;
        };
        let base = if base.is_dir() {
            base
        } else {
            base.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        if let Some(r) = rel(&base) {
            return r;
        }
    }
    f.path.clone()
}

/// `connleak baseline create`: every current finding becomes an entry.
pub fn baseline_create(args: &BaselineArgs) -> Result<u8> {
    let p = prepare(&args.scan, false)?;
    let (mut outcome, readable) = collect(&args.scan, &p)?;
    if readable == 0 {
        report_errors(&outcome, args.scan.quiet);
        bail!("nothing could be read: no baseline written");
    }
    apply_policy(&mut outcome, &p);
    report_errors(&outcome, args.scan.quiet);
    let b = Baseline::from_findings(&outcome.findings, &args.reason, |f| {
        fp_path(f, args.scan.staged, &args.scan.paths)
    });
    b.save(&p.baseline_path)?;
    eprintln!(
        "connleak: wrote {} entr{} for {} finding{} to {}",
        b.entries.len(),
        if b.entries.len() == 1 { "y" } else { "ies" },
        outcome.findings.len(),
        if outcome.findings.len() == 1 { "" } else { "s" },
        p.baseline_path.display()
    );
    Ok(0)
}

/// `connleak baseline update`: drop the entries no finding matches any more
/// (and follow entries whose file was renamed).
pub fn baseline_update(args: &BaselineArgs) -> Result<u8> {
    let p = prepare(&args.scan, true)?;
    let Some(old) = p.policy.baseline.clone() else {
        bail!(
            "no baseline at {}: `connleak baseline create` writes one",
            p.baseline_path.display()
        );
    };
    let (mut outcome, readable) = collect(&args.scan, &p)?;
    if readable == 0 {
        report_errors(&outcome, args.scan.quiet);
        bail!("nothing could be read: baseline left as it was");
    }
    let used = apply_policy(&mut outcome, &p);
    report_errors(&outcome, args.scan.quiet);
    let mut entries: Vec<_> = old
        .entries
        .iter()
        .zip(&used)
        .filter(|(_, u)| **u)
        .map(|(e, _)| e.clone())
        .collect();
    // entries matched under an old path now carry the new path and fingerprint
    for s in &outcome.suppressed {
        if let (Source::Baseline, Some(i)) = (s.suppressed_by, s.entry) {
            let e = &old.entries[i];
            if e.fingerprint != s.finding.fingerprint {
                if let Some(k) = entries.iter_mut().find(|k| k.fingerprint == e.fingerprint) {
                    k.path = fp_path(&s.finding, args.scan.staged, &args.scan.paths);
                    k.fingerprint = s.finding.fingerprint.clone();
                }
            }
        }
    }
    entries.sort();
    let dropped = old.entries.len() - entries.len();
    let kept = entries.len();
    let new = Baseline { entries, ..old };
    new.save(&p.baseline_path)?;
    eprintln!(
        "connleak: baseline {}: dropped {dropped} stale entr{}, kept {kept}",
        p.baseline_path.display(),
        if dropped == 1 { "y" } else { "ies" }
    );
    Ok(0)
}

fn report_errors(outcome: &Outcome, quiet: bool) {
    if !quiet {
        for e in &outcome.errors {
            eprintln!(
                "connleak: warning: {}",
                crate::report::escape_control(&e.message)
            );
        }
    }
}

/// `connleak config --dump`.
pub fn config_cmd(args: &ConfigArgs) -> Result<u8> {
    let loaded = config::load(args.config.as_deref(), &args.path)?;
    if args.dump {
        print!("{}", loaded.dump()?);
    } else {
        match &loaded.path {
            Some(p) => println!("{}", p.display()),
            None => println!("no {} found", config::FILE_NAME),
        }
    }
    Ok(0)
}

/// Quote a path for a POSIX shell script.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// `connleak hook install`: a plain git pre-commit hook.
pub fn hook_install(args: &HookInstallArgs) -> Result<u8> {
    let (dir, hooks_path) = staged::hooks_dir(Path::new("."))?;
    let hook = dir.join("pre-commit");
    if hook.exists() && !args.force {
        bail!(
            "{} already exists: use --force to replace it (or call `connleak scan --staged` from it)",
            hook.display()
        );
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let exe = std::env::current_exe()
        .ok()
        .map(|p| sh_quote(&p.to_string_lossy()));
    let fallback = match exe {
        Some(e) => format!("exec {e} scan --staged\n"),
        None => "echo 'connleak: not found on PATH' >&2\nexit 1\n".to_string(),
    };
    let script = format!(
        "#!/bin/sh\n\
         # Installed by `connleak hook install`: scan what is about to be committed.\n\
         # Skip once with `git commit --no-verify`.\n\
         if command -v connleak >/dev/null 2>&1; then\n  exec connleak scan --staged\nfi\n{fallback}"
    );
    std::fs::write(&hook, script).with_context(|| format!("writing {}", hook.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755))
            .with_context(|| format!("making {} executable", hook.display()))?;
    }
    eprintln!("connleak: installed {}", hook.display());
    if let Some(p) = hooks_path {
        eprintln!(
            "connleak: warning: core.hooksPath is set ({}): git runs the hooks there, not this one; \
             call `connleak scan --staged` from the pre-commit hook in that directory",
            crate::report::escape_control(&p)
        );
    }
    Ok(0)
}
