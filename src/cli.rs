//! Command-line definitions (clap derive). Doc comments are the help text.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "connleak",
    version,
    about = "Find database connection strings and passwords embedded in code and config",
    long_about = None,
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and directories for embedded database credentials
    Scan(ScanCommand),
    /// List the detection rules, or check a directory of rule files
    Rules(RulesArgs),
    /// Print the full remediation for a finding (by fingerprint) or a rule
    Explain(ExplainArgs),
    /// Rewrite connection strings to passwordless ones (a diff; --write applies it)
    Fix(FixArgs),
    /// Merge JSON reports (one per repository or job) into one credential inventory
    Merge(MergeArgs),
    /// Record accepted findings so that only new ones fail (`create`, `update`)
    #[command(subcommand)]
    Baseline(BaselineCommand),
    /// Install connleak as the repository's git pre-commit hook
    #[command(subcommand)]
    Hook(HookCommand),
    /// Show the effective configuration (`.connleak.toml`), or write a new one (`init`)
    Config(ConfigArgs),
    /// Print the shell completion script for SHELL on standard output
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The shells `connleak completions` writes scripts for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// JSON reports written by `connleak scan --format json`
    #[arg(value_name = "REPORT", required = true)]
    pub reports: Vec<PathBuf>,

    /// Output format of the merged report
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,

    /// Write the merged report to FILE instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Where to look, for the commands that scan before they act.
#[derive(Debug, Args)]
pub struct SourceArgs {
    /// Files or directories to scan
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Do not respect .gitignore, .ignore and similar files
    #[arg(long)]
    pub no_ignore: bool,

    /// Skip paths matching GLOB (repeatable; gitignore syntax)
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Skip files larger than SIZE (suffixes K, M, G)
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    pub max_filesize: u64,

    /// Load extra rules from a directory of rule files (repeatable)
    #[arg(long, value_name = "DIR")]
    pub rules: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A finding's fingerprint (or a unique prefix of at least 8 characters), or a rule id
    #[arg(value_name = "FINGERPRINT|RULE")]
    pub target: String,

    #[command(flatten)]
    pub source: SourceArgs,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// Apply the edits (without it, only the diff is printed)
    #[arg(long)]
    pub write: bool,

    /// Print secrets in clear text in the diff (they are redacted by default)
    #[arg(long)]
    pub show_secrets: bool,

    #[command(flatten)]
    pub source: SourceArgs,
}

#[derive(Debug, Subcommand)]
pub enum BaselineCommand {
    /// Scan and write every current finding to the baseline file
    Create(BaselineArgs),
    /// Scan and drop the baseline entries that no longer match a finding
    Update(BaselineArgs),
}

#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// The reason recorded in new entries
    #[arg(
        long,
        value_name = "TEXT",
        default_value = "accepted when the baseline was created"
    )]
    pub reason: String,

    #[command(flatten)]
    pub scan: ScanArgs,
}

#[derive(Debug, Subcommand)]
pub enum HookCommand {
    /// Write .git/hooks/pre-commit running `connleak scan --staged`
    Install(HookInstallArgs),
}

#[derive(Debug, Args)]
pub struct HookInstallArgs {
    /// Replace an existing pre-commit hook
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub action: Option<ConfigCommand>,

    /// Print the effective configuration as TOML
    #[arg(long)]
    pub dump: bool,

    /// Read this file instead of discovering .connleak.toml
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Where discovery starts
    #[arg(value_name = "PATH", default_value = ".")]
    pub path: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Write a commented .connleak.toml with every key and its default (never overwrites)
    Init(ConfigInitArgs),
}

#[derive(Debug, Args)]
pub struct ConfigInitArgs {
    /// The directory to write .connleak.toml in
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// human-readable, one finding per block
    Text,
    /// one JSON document with findings, errors and a summary
    Json,
    /// JSON Lines: one finding per line (log pipelines)
    Jsonl,
    /// SARIF 2.1.0 for code-scanning tools
    Sarif,
    /// one self-contained HTML audit report (inventory, locations, remediation)
    Html,
    /// GitHub Actions workflow commands (annotations on the pull request)
    Github,
    /// JUnit XML for test tabs (Azure DevOps, GitLab, Jenkins)
    Junit,
}

impl From<Format> for connleak_report::Format {
    fn from(f: Format) -> Self {
        use connleak_report::Format as R;
        match f {
            Format::Text => R::Text,
            Format::Json => R::Json,
            Format::Jsonl => R::Jsonl,
            Format::Sarif => R::Sarif,
            Format::Html => R::Html,
            Format::Github => R::Github,
            Format::Junit => R::Junit,
        }
    }
}

/// The formats of the rule listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// one rule per line
    Text,
    /// a JSON array of rules
    Json,
    /// the rule reference in Markdown (docs/rules.md is this output)
    Markdown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// `connleak scan`: what to scan and how to report it, and whether to
/// check the credentials against their servers (scan only, never from the
/// configuration file).
#[derive(Debug, Args)]
pub struct ScanCommand {
    #[command(flatten)]
    pub scan: ScanArgs,

    #[command(flatten)]
    pub verify: VerifyArgs,
}

/// `--verify` and its limits. Opt-in on the command line only.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Try each distinct credential's login against the host named with it, then close (no query); see docs/verify.md
    #[arg(long, help_heading = "Verify")]
    pub verify: bool,

    /// With --verify: also try hosts that resolve to loopback, private (RFC 1918, unique-local) or link-local addresses
    #[arg(long, requires = "verify", help_heading = "Verify")]
    pub verify_private: bool,

    /// With --verify: give up on a credential's attempt after SECS seconds
    #[arg(long, value_name = "SECS", default_value = "5", value_parser = parse_secs, requires = "verify", help_heading = "Verify")]
    pub verify_timeout: std::time::Duration,

    /// With --verify: at most N attempts at once against one host
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=256), requires = "verify", help_heading = "Verify")]
    pub verify_concurrency: u16,

    /// With --verify: report only the findings whose server accepted the password
    #[arg(long, requires = "verify", help_heading = "Verify")]
    pub only_verified: bool,
}

/// `5`, `0.5` -> a duration (more than zero, at most an hour).
pub fn parse_secs(s: &str) -> Result<std::time::Duration, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x > 0.0 && x <= 3600.0 => Ok(std::time::Duration::from_secs_f64(x)),
        _ => Err(format!(
            "invalid timeout {s:?}: a number of seconds above 0, at most 3600"
        )),
    }
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories to scan; `-` reads standard input
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text, help_heading = "Output")]
    pub format: Format,

    /// Write the report to FILE instead of standard output
    #[arg(long, short = 'o', value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,

    /// List at most N findings per file; the rest are counted, and the
    /// report names the file (0: list all)
    #[arg(long, value_name = "N", default_value_t = connleak_core::scan::MAX_FINDINGS_PER_FILE, help_heading = "Output")]
    pub max_findings_per_file: usize,

    /// The repository's name in the report (what `merge` tells repositories
    /// apart by); default: the URL of its `origin` remote without
    /// credentials, else the folder's name
    #[arg(long, value_name = "NAME", help_heading = "Output")]
    pub repository_name: Option<String>,

    /// Print secrets in clear text (they are redacted by default)
    #[arg(long, help_heading = "Output")]
    pub show_secrets: bool,

    /// Print the full remediation steps, caveats and documentation under each finding
    #[arg(long, help_heading = "Output")]
    pub explain: bool,

    /// Print nothing but the report: no summary, no warnings
    #[arg(long, short = 'q', help_heading = "Output")]
    pub quiet: bool,

    /// When to use colour in text output (NO_COLOR is honoured with auto)
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, help_heading = "Output")]
    pub color: ColorChoice,

    /// Do not respect .gitignore, .ignore and similar files
    #[arg(long, help_heading = "Walk")]
    pub no_ignore: bool,

    /// Skip paths matching GLOB (repeatable; gitignore syntax)
    #[arg(long, value_name = "GLOB", help_heading = "Walk")]
    pub exclude: Vec<String>,

    /// Skip files larger than SIZE (suffixes K, M, G)
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size, help_heading = "Walk")]
    pub max_filesize: u64,

    /// Number of worker threads (0: one per core; at most 4 per core)
    #[arg(
        long,
        short = 'j',
        value_name = "N",
        default_value_t = 0,
        help_heading = "Walk"
    )]
    pub threads: usize,

    /// Follow symbolic links
    #[arg(long, short = 'L', help_heading = "Walk")]
    pub follow: bool,

    /// The file name to report for standard input
    #[arg(long, value_name = "NAME", help_heading = "Walk")]
    pub stdin_filename: Option<String>,

    /// Load extra rules from a directory of rule files (repeatable)
    #[arg(long, value_name = "DIR", help_heading = "Rules")]
    pub rules: Vec<PathBuf>,

    /// Scan the full git history of the repositories given as PATHs: every blob reachable from any ref. A file:// URL is scanned from a temporary copy, removed afterwards; network URLs are refused (clone them bare first)
    #[arg(long, conflicts_with = "staged", help_heading = "History")]
    pub history: bool,

    /// With --history: only the history of REF (repeatable; a branch, tag or any revision)
    #[arg(
        long,
        value_name = "REF",
        requires = "history",
        help_heading = "History"
    )]
    pub branch: Vec<String>,

    /// With --history: only commits after DATE (YYYY-MM-DD) or not reachable from REV
    #[arg(
        long,
        value_name = "REV|DATE",
        requires = "history",
        help_heading = "History"
    )]
    pub since: Option<String>,

    /// Show a progress bar on stderr even when it is not a terminal (it is shown on a terminal by default, never in CI)
    #[arg(long, help_heading = "History")]
    pub progress: bool,

    /// Scan the staged (index) version of added and modified files
    #[arg(long, conflicts_with = "paths", help_heading = "Walk")]
    pub staged: bool,

    /// Apply exclude globs to paths named on the command line too
    #[arg(long, help_heading = "Walk")]
    pub force_exclude: bool,

    /// Read this config file instead of discovering .connleak.toml
    #[arg(long, value_name = "FILE", help_heading = "Policy")]
    pub config: Option<PathBuf>,

    /// Read no configuration file at all (defaults, plus the command line)
    #[arg(long, conflicts_with = "config", help_heading = "Policy")]
    pub no_config: bool,

    /// Suppress the findings recorded in this baseline file
    #[arg(long, value_name = "FILE", help_heading = "Policy")]
    pub baseline: Option<PathBuf>,

    /// Read no baseline at all: every finding is reported
    #[arg(long, conflicts_with = "baseline", help_heading = "Policy")]
    pub no_baseline: bool,

    /// Read the config, baseline and rule files from the git tree at REF (e.g. the pull request's base), not the working tree; report changes to them as `policy-changed` and list the inline allowances added since REF
    #[arg(
        long,
        value_name = "REF",
        conflicts_with = "history",
        help_heading = "Policy"
    )]
    pub policy_from: Option<String>,

    /// List baseline entries that matched no finding (on standard error)
    #[arg(long, help_heading = "Policy")]
    pub report_unused: bool,

    /// Also list suppressed findings, with what suppressed them
    #[arg(long, help_heading = "Policy")]
    pub include_suppressed: bool,

    /// The lowest severity that fails the run (default: the config's, else low)
    #[arg(long, value_enum, value_name = "SEVERITY", help_heading = "Policy")]
    pub fail_on: Option<FailOn>,

    /// Exit 0 even when findings fail the gate (report only)
    #[arg(long, help_heading = "Policy")]
    pub exit_zero: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Low,
    Medium,
    High,
}

impl FailOn {
    pub fn severity(self) -> connleak_core::model::Severity {
        use connleak_core::model::Severity;
        match self {
            FailOn::Low => Severity::Low,
            FailOn::Medium => Severity::Medium,
            FailOn::High => Severity::High,
        }
    }
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Check the rule files in DIR: ids, patterns, examples
    #[arg(long, value_name = "DIR")]
    pub check: Option<PathBuf>,

    /// Also check the built-in rules
    #[arg(long)]
    pub builtin: bool,

    /// Output format for the listing
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

/// `64M`, `512K`, `2G`, `1000` -> bytes (ripgrep's suffixes).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (num, mult) = match s.chars().last() {
        Some('K' | 'k') => (&s[..s.len() - 1], 1u64 << 10),
        Some('M' | 'm') => (&s[..s.len() - 1], 1 << 20),
        Some('G' | 'g') => (&s[..s.len() - 1], 1 << 30),
        _ => (s, 1),
    };
    num.parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .ok_or_else(|| {
            format!("invalid size {s:?}: use a number with an optional K, M or G suffix")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn timeouts() {
        assert_eq!(parse_secs("5"), Ok(std::time::Duration::from_secs(5)));
        assert_eq!(parse_secs("0.5"), Ok(std::time::Duration::from_millis(500)));
        assert!(parse_secs("0").is_err());
        assert!(parse_secs("-1").is_err());
        assert!(parse_secs("nan").is_err());
        assert!(parse_secs("x").is_err());
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert_eq!(parse_size("10k"), Ok(10 << 10));
        assert_eq!(parse_size("123"), Ok(123));
        assert!(parse_size("x").is_err());
        assert!(parse_size("99999999999999999G").is_err());
    }
}
