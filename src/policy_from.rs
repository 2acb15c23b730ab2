//! `scan --policy-from REF`: the policy is taken from a revision the change
//! under review cannot rewrite (its base branch), not from the tree that is
//! scanned.
//!
//! Every policy file inside the repository's work tree is read from the
//! git tree at REF through gix: the `.connleak.toml` found from the scanned
//! directory upwards (or the one named with `--config`), the baseline (the
//! config's, `--baseline`'s or the default one) and the rule files (the
//! config's `rules-dir`, `--rules`). A file named on the command line that
//! lies outside the work tree is the operator's and is read from disk; a
//! path a config at REF names must stay inside the repository.
//!
//! The working tree's copies of these files, and the files its own config
//! would name, are compared with REF: each difference is a
//! [`PolicyChange`]. Inline `connleak:allow` markers are honoured (they are
//! in the diff), but each finding one suppresses that REF's version of the
//! file does not suppress is listed as an [`Allowance`] added.

use crate::baseline::Baseline;
use crate::cli::ScanArgs;
use crate::config::{self, Loaded, DEFAULT_BASELINE, FILE_NAME};
use anyhow::{anyhow, bail, Context, Result};
use connleak_core::model::{
    Allowance, Change, Outcome, PolicyChange, PolicyFile, PolicyReview, SuppressedBy,
};
use connleak_core::rules::{Rule, RuleSet};
use connleak_core::scan::{scan_bytes, FileScan};
use connleak_git::at_ref::TreeAtRef;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// A working-tree policy file larger than this is a change without being
/// read (REF's files are limited to the same size).
const POLICY_FILE_MAX: u64 = connleak_git::at_ref::MAX_FILE;

/// Where a policy file is.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Loc {
    /// in the repository, by its path from the work tree's root: read at REF
    Tree(String),
    /// outside the work tree: the operator's, read from disk
    Disk(PathBuf),
}

/// The policy read at REF, and what to compare with the working tree.
pub struct Trusted {
    /// the configuration (its `baseline` and `rules-dir` are read here and
    /// cleared, so that nothing reads them from disk again)
    pub loaded: Loaded,
    /// rule files of `--rules` and the config's `rules-dir`
    pub rules: Vec<Rule>,
    pub baseline: Option<Baseline>,
    /// where the baseline came from, for messages (`REF:path` inside the
    /// repository)
    pub baseline_path: PathBuf,
    tree: TreeAtRef,
    reference: String,
    cwd: PathBuf,
    /// policy files in the repository, by path from the root
    watched: BTreeMap<String, PolicyFile>,
    /// directories of rule files in the repository: a file added to or
    /// removed from one is a change too
    watched_dirs: BTreeSet<String>,
}

impl Trusted {
    /// Read the policy at `rev` for a scan of `start`.
    pub fn load(args: &ScanArgs, rev: &str, start: &Path) -> Result<Trusted> {
        let tree = TreeAtRef::open(start, rev)?;
        let cwd = std::fs::canonicalize(".").context("reading the current directory")?;
        let workdir = tree.workdir.clone();
        let start_abs =
            std::fs::canonicalize(start).with_context(|| format!("reading {}", start.display()))?;
        let start_dir = if start_abs.is_dir() {
            start_abs
        } else {
            start_abs
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
        };
        let start_rel = start_dir
            .strip_prefix(&workdir)
            .map(slash)
            .unwrap_or_default();
        let mut t = Trusted {
            loaded: Loaded::default(),
            rules: Vec::new(),
            baseline: None,
            baseline_path: PathBuf::new(),
            tree,
            reference: rev.to_string(),
            cwd,
            watched: BTreeMap::new(),
            watched_dirs: BTreeSet::new(),
        };

        // the configuration at REF
        let mut config_dir = Loc::Tree(String::new());
        if !args.no_config {
            for d in ancestors(&start_rel) {
                t.watched.insert(join(&d, FILE_NAME), PolicyFile::Config);
            }
            let found = match &args.config {
                Some(p) => match t.locate(p) {
                    Loc::Tree(rel) => {
                        t.watched.insert(rel.clone(), PolicyFile::Config);
                        let text = t.text(&rel)?.ok_or_else(|| {
                            anyhow!("--config {}: there is no such file at {rev}", p.display())
                        })?;
                        Some((Loc::Tree(rel), text))
                    }
                    Loc::Disk(abs) => {
                        let l = config::load_file(&abs)?;
                        config_dir = Loc::Disk(parent_dir(&abs));
                        t.loaded = l;
                        None
                    }
                },
                None => {
                    let mut found = None;
                    for d in ancestors(&start_rel) {
                        let rel = join(&d, FILE_NAME);
                        if let Some(text) = t.text(&rel)? {
                            found = Some((Loc::Tree(rel), text));
                            break;
                        }
                    }
                    found
                }
            };
            if let Some((Loc::Tree(rel), text)) = found {
                let source = format!("{rev}:{rel}");
                let c = config::parse(&text, &source)?;
                for p in &c.allow {
                    regex::Regex::new(p)
                        .with_context(|| format!("{source}: invalid `allow` pattern"))?;
                }
                config_dir = Loc::Tree(parent_rel(&rel));
                t.loaded = Loaded {
                    config: c,
                    path: Some(PathBuf::from(source)),
                    discovered: false,
                };
            }
        }

        // rule files: --rules, then the config's rules-dir
        let mut rule_locs: Vec<Loc> = args.rules.iter().map(|p| t.locate(p)).collect();
        for p in std::mem::take(&mut t.loaded.config.rules_dir) {
            rule_locs.push(t.resolve(&config_dir, &p, "rules-dir")?);
        }
        for loc in &rule_locs {
            let rules = t.load_rules(loc)?;
            t.rules.extend(rules);
        }

        // the baseline: --baseline, else the config's, else the default
        if !args.no_baseline {
            let configured = t.loaded.config.baseline.take();
            let (loc, explicit) = match (&args.baseline, configured) {
                (Some(b), _) => (t.locate(b), true),
                (None, Some(b)) => (t.resolve(&config_dir, &b, "baseline")?, true),
                (None, None) => (
                    t.resolve(&config_dir, Path::new(DEFAULT_BASELINE), "baseline")?,
                    false,
                ),
            };
            match loc {
                Loc::Tree(rel) => {
                    t.watched.insert(rel.clone(), PolicyFile::Baseline);
                    let source = format!("{rev}:{rel}");
                    t.baseline = match t.text(&rel)? {
                        Some(text) => Some(Baseline::parse(&text, &source)?),
                        None if explicit => {
                            bail!("the baseline {rel} does not exist at {rev}")
                        }
                        None => None,
                    };
                    t.baseline_path = PathBuf::from(source);
                }
                Loc::Disk(abs) => {
                    if explicit || abs.is_file() {
                        t.baseline = Some(Baseline::load(&abs)?);
                    }
                    t.baseline_path = abs;
                }
            }
        }

        if !args.no_config {
            t.watch_nested_configs(&start_rel)?;
        }
        t.watch_working_tree_policy(args, &start_rel);
        Ok(t)
    }

    /// `.connleak.toml` files below the scanned directory, at REF and in the
    /// working tree. A scan of this directory does not read them (a
    /// configuration is found from the scanned directory upwards), but a
    /// scan started inside their directory does (a per-service CI job, the
    /// pre-commit hook given a file there), so a change to one is a policy
    /// change too.
    fn watch_nested_configs(&mut self, start_rel: &str) -> Result<()> {
        for rel in self.tree.find_named(start_rel, FILE_NAME)? {
            self.watched.insert(rel, PolicyFile::Config);
        }
        let workdir = self.tree.workdir.clone();
        let start = workdir.join(start_rel);
        let named = |p: &Path| p.file_name().is_some_and(|n| n == FILE_NAME);
        // what the scan's walk sees (the ignore files apply to untracked
        // files), and what git tracks whatever the ignore files say
        let walked = ignore::WalkBuilder::new(&start)
            .hidden(false)
            .filter_entry(|e| e.file_name() != ".git")
            .build()
            .filter_map(|e| e.ok())
            .map(|e| e.into_path());
        let tracked = connleak_git::tracked::tracked_files(&start).unwrap_or_default();
        for p in walked.chain(tracked).filter(|p| named(p)) {
            let Ok(rel) = p.strip_prefix(&workdir) else {
                continue;
            };
            self.watched.insert(slash(rel), PolicyFile::Config);
        }
        Ok(())
    }

    /// The files the working tree's own configuration would make the
    /// policy (best effort: a config that does not parse names nothing,
    /// and is itself a change).
    fn watch_working_tree_policy(&mut self, args: &ScanArgs, start_rel: &str) {
        let workdir = self.tree.workdir.clone();
        let mut dir = String::new();
        let mut config = None;
        if !args.no_config {
            for d in ancestors(start_rel) {
                let rel = join(&d, FILE_NAME);
                if let Some(bytes) = working_copy(&workdir.join(&rel)) {
                    // a symbolic link, a huge or binary file: names nothing
                    let text = String::from_utf8(bytes).unwrap_or_default();
                    config = config::parse(&text, &rel).ok();
                    dir = d;
                    break;
                }
            }
        }
        let here = Loc::Tree(dir.clone());
        let add = |t: &mut Trusted, p: &Path, kind: PolicyFile| {
            if let Ok(Loc::Tree(rel)) = t.resolve(&here, p, "") {
                match kind {
                    PolicyFile::Rules => {
                        t.watched_dirs.insert(rel);
                    }
                    _ => {
                        t.watched.insert(rel, kind);
                    }
                }
            }
        };
        if let Some(c) = &config {
            for p in &c.rules_dir {
                add(self, p, PolicyFile::Rules);
            }
        }
        if !args.no_baseline {
            let b = config
                .as_ref()
                .and_then(|c| c.baseline.clone())
                .unwrap_or_else(|| PathBuf::from(DEFAULT_BASELINE));
            add(self, &b, PolicyFile::Baseline);
        }
    }

    /// A path named on the command line: inside the work tree it is the
    /// repository's (read at REF), outside it the operator's. Symbolic
    /// links are not resolved: one in the working tree is the change's.
    fn locate(&self, p: &Path) -> Loc {
        let abs = lexical(&self.cwd.join(p));
        match abs.strip_prefix(&self.tree.workdir) {
            Ok(rel) => Loc::Tree(slash(rel)),
            Err(_) => Loc::Disk(abs),
        }
    }

    /// A path a config names, relative to the config's directory. A config
    /// in the repository may only name paths inside it.
    fn resolve(&self, dir: &Loc, p: &Path, key: &str) -> Result<Loc> {
        match dir {
            Loc::Disk(d) => Ok(self.locate(&d.join(p))),
            Loc::Tree(d) => match (p.is_relative(), lexical_inside(&Path::new(d).join(p))) {
                (true, Some(rel)) => Ok(Loc::Tree(rel)),
                _ => bail!(
                    "{}:{}: `{key}` names {}, outside the repository; a configuration in the repository may only name files inside it",
                    self.reference,
                    join(d, FILE_NAME),
                    p.display()
                ),
            },
        }
    }

    /// A file at REF as text (`None`: no such file).
    fn text(&self, rel: &str) -> Result<Option<String>> {
        let Some(bytes) = self.tree.file(rel)? else {
            return Ok(None);
        };
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| anyhow!("{}:{rel}: not UTF-8 text", self.reference))
    }

    fn load_rules(&mut self, loc: &Loc) -> Result<Vec<Rule>> {
        let rel = match loc {
            Loc::Disk(p) => return crate::rulefiles::load_dir(p),
            Loc::Tree(rel) => rel.clone(),
        };
        let files: Vec<String> = match self.tree.files_in(&rel)? {
            Some(names) => {
                self.watched_dirs.insert(rel.clone());
                names
                    .iter()
                    .filter(|n| n.ends_with(".toml"))
                    .map(|n| join(&rel, n))
                    .collect()
            }
            None if self.tree.file(&rel)?.is_some() => {
                self.watched.insert(rel.clone(), PolicyFile::Rules);
                vec![rel.clone()]
            }
            None => bail!(
                "rules {rel}: there is no such file or directory at {}",
                self.reference
            ),
        };
        let mut out = Vec::new();
        for f in files {
            let text = self
                .text(&f)?
                .ok_or_else(|| anyhow!("{}:{f}: cannot be read", self.reference))?;
            out.push(Rule::from_toml(&text, &format!("{}:{f}", self.reference))?);
        }
        Ok(out)
    }

    /// Compare the policy files with REF and find the inline allowances
    /// the scanned tree adds. `staged`: finding paths are relative to the
    /// work tree's root already.
    pub fn review(&self, outcome: &Outcome, set: &RuleSet, staged: bool) -> Result<PolicyReview> {
        let workdir = &self.tree.workdir;
        let mut files = self.watched.clone();
        for d in &self.watched_dirs {
            let mut names: BTreeSet<String> = self
                .tree
                .files_in(d)?
                .unwrap_or_default()
                .into_iter()
                .collect();
            // a directory that resolves outside the work tree (a symbolic
            // link the change added) is not listed: it is a change itself
            let here = workdir.join(d);
            let inside = std::fs::canonicalize(&here).is_ok_and(|c| c.starts_with(workdir));
            if !inside && std::fs::symlink_metadata(&here).is_ok() {
                files.insert(d.clone(), PolicyFile::Rules);
            }
            if let (true, Ok(rd)) = (inside, std::fs::read_dir(&here)) {
                names.extend(
                    rd.filter_map(|e| e.ok())
                        .map(|e| e.file_name().to_string_lossy().into_owned()),
                );
            }
            for n in names.iter().filter(|n| n.ends_with(".toml")) {
                files.insert(join(d, n), PolicyFile::Rules);
            }
            if self.tree.file(d)?.is_some() || workdir.join(d).is_file() {
                files.insert(d.clone(), PolicyFile::Rules);
            }
        }
        let mut changes = Vec::new();
        for (rel, kind) in files {
            let old = self.tree.file(&rel)?;
            let new = working_copy(&workdir.join(&rel));
            let change = match (old, new) {
                (None, None) => continue,
                (None, Some(_)) => Change::Added,
                (Some(_), None) => Change::Deleted,
                (Some(a), Some(b)) if unix_lines(&a) == unix_lines(&b) => continue,
                (Some(_), Some(_)) => Change::Modified,
            };
            changes.push(PolicyChange::new(self.shown(&rel), kind, change));
        }
        changes.sort();

        // inline allowances: suppressed here, not by REF's version of the file
        let mut at_ref: HashMap<String, HashSet<String>> = HashMap::new();
        let mut added = Vec::new();
        for item in &outcome.suppressed {
            let Some(s) = &item.suppression else {
                continue;
            };
            if s.suppressed_by != SuppressedBy::Inline {
                continue;
            }
            let f = &item.finding;
            let rel = if staged {
                Some(f.path.clone())
            } else {
                let abs = self.cwd.join(&f.path);
                let abs = std::fs::canonicalize(&abs).unwrap_or_else(|_| lexical(&abs));
                abs.strip_prefix(workdir).ok().map(slash)
            };
            let allowed_before = match rel {
                Some(rel) => {
                    if !at_ref.contains_key(&rel) {
                        let fps = self.inline_at_ref(set, &rel);
                        at_ref.insert(rel.clone(), fps);
                    }
                    at_ref[&rel].contains(&f.fingerprint)
                }
                None => false,
            };
            if !allowed_before {
                added.push(Allowance {
                    path: f.path.clone(),
                    line: f.line,
                    column: f.column,
                    rule: f.rule.clone(),
                    severity: f.severity,
                    fingerprint: f.fingerprint.clone(),
                    justification: s.justification.clone(),
                });
            }
        }
        added.sort();
        Ok(PolicyReview {
            repository: None,
            reference: self.reference.clone(),
            commit: self.tree.commit.to_string(),
            changes,
            allowances_added: added,
        })
    }

    /// Fingerprints of the findings an inline marker suppresses in REF's
    /// version of a file (none if REF has no such file).
    fn inline_at_ref(&self, set: &RuleSet, rel: &str) -> HashSet<String> {
        let Ok(Some(bytes)) = self.tree.file(rel) else {
            return HashSet::new();
        };
        let fp_path = rel.to_string();
        match scan_bytes(
            set,
            rel,
            &|| fp_path.clone(),
            &bytes,
            connleak_core::scan::Listing::default(),
        ) {
            FileScan::Scanned { items, .. } => items
                .into_iter()
                .filter(|i| {
                    i.suppression
                        .as_ref()
                        .is_some_and(|s| s.suppressed_by == SuppressedBy::Inline)
                })
                .map(|i| i.finding.fingerprint)
                .collect(),
            _ => HashSet::new(),
        }
    }

    /// A repository path as reports show paths: relative to the current
    /// directory when it is below it.
    fn shown(&self, rel: &str) -> String {
        let abs = self.tree.workdir.join(rel);
        match abs.strip_prefix(&self.cwd) {
            Ok(r) => slash(r),
            Err(_) => abs.to_string_lossy().into_owned(),
        }
    }
}

/// The working tree's copy of a policy file: its bytes, a symbolic link
/// as its target (never followed), `None` when there is no file.
fn working_copy(p: &Path) -> Option<Vec<u8>> {
    let m = std::fs::symlink_metadata(p).ok()?;
    if m.file_type().is_symlink() {
        let target = std::fs::read_link(p).unwrap_or_default();
        return Some(format!("symbolic link to {}", target.display()).into_bytes());
    }
    if !m.is_file() {
        return None;
    }
    // not read into memory: larger than REF could hold (connleak_git's
    // limit for a policy file), so certainly a change
    if m.len() > POLICY_FILE_MAX {
        return Some(format!("{} bytes", m.len()).into_bytes());
    }
    // unreadable: certainly not what REF has
    Some(std::fs::read(p).unwrap_or_else(|e| format!("unreadable: {e}").into_bytes()))
}

/// CRLF as LF, so that a checkout with `core.autocrlf` is not a change.
fn unix_lines(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
            i += 1;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// `a/b`, then `a`, then `` (the root).
fn ancestors(rel: &str) -> Vec<String> {
    let mut out = vec![rel.to_string()];
    let mut cur = rel.to_string();
    while !cur.is_empty() {
        cur = parent_rel(&cur);
        out.push(cur.clone());
    }
    out
}

fn parent_rel(rel: &str) -> String {
    rel.rsplit_once('/')
        .map(|(p, _)| p.to_string())
        .unwrap_or_default()
}

fn parent_dir(p: &Path) -> PathBuf {
    p.parent().map(Path::to_path_buf).unwrap_or_default()
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

fn slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// `a/b/../c` as `a/c`, without touching the file system.
fn lexical(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// A relative path normalised, or `None` if it leaves its root.
fn lexical_inside(p: &Path) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_repository() {
        assert_eq!(
            lexical_inside(Path::new("a/./b/../c")).as_deref(),
            Some("a/c")
        );
        assert_eq!(lexical_inside(Path::new("a/../../x")), None);
        assert_eq!(lexical_inside(Path::new("/etc/passwd")), None);
        assert_eq!(ancestors("a/b"), ["a/b", "a", ""]);
        assert_eq!(unix_lines(b"a\r\nb\r"), b"a\nb\r");
    }
}
