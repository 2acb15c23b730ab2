//! What the repository around a finding says: the project manifests of its
//! deployable unit (`.csproj`, `packages.config`, `pom.xml`, `package.json`,
//! `go.mod`, ...), the imports of the file itself, and where the unit is
//! hosted. This is the only part of the remediation engine that reads
//! files; everything else is a pure function of findings and this evidence.

use connleak_core::model::Kind;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Files that make a directory a deployable unit, and whose text tells
/// which client library the code uses.
const MANIFESTS: &[&str] = &[
    "package.json",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "go.mod",
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "requirements.txt",
    "pipfile",
    "composer.json",
    "gemfile",
    "cargo.toml",
    "packages.config",
    "host.json",
    "chart.yaml",
    "dockerfile",
];
const MANIFEST_EXTS: &[&str] = &["csproj", "vbproj", "fsproj"];
/// Is a file of this name a project manifest (see [`MANIFESTS`])?
/// Allocates nothing: the walk asks it of every file.
pub fn is_manifest_name(name: &str) -> bool {
    let ext = name.rsplit_once('.').map_or("", |(_, x)| x);
    MANIFESTS.iter().any(|m| name.eq_ignore_ascii_case(m))
        || MANIFEST_EXTS.iter().any(|x| ext.eq_ignore_ascii_case(x))
}
/// The search for the units under a scanned root (the projects that may
/// reference a library) goes this deep and passes over these directories
/// (build output and dependencies), and over hidden ones.
const UNIT_DEPTH: usize = 6;
const UNIT_SKIP: &[&str] = &[
    "node_modules",
    "bin",
    "obj",
    "target",
    "vendor",
    "dist",
    "build",
    "packages",
];
/// Read at most this much of any file: hints live in the first lines.
const READ_CAP: usize = 512 * 1024;

#[derive(Clone, Debug, Default)]
pub struct Evidence {
    /// the deployable unit: the directory of the nearest project manifest
    /// (relative, as the finding's path is), or the file's directory
    pub unit: String,
    /// lower-cased text of the unit's manifests
    pub manifests: Vec<(String, String)>,
    /// lower-cased text of the file itself (capped)
    pub file: String,
    /// the same text as the scanner decoded it, case kept (capped): the
    /// byte offsets of a finding index it
    pub text: String,
    /// for a `.env` file: its keys that code or configuration beside it
    /// reads from the environment, each with the first file that does
    pub env_reads: Vec<(String, String)>,
    pub hosting: Hosting,
    /// when the unit is a library (a class library `.csproj`, a package):
    /// the deployable units that reference it (`<ProjectReference>` to its
    /// project, a `<PackageReference>` to its package id, a `package.json`
    /// dependency on its name), sorted; each of them runs its credentials
    pub consumers: Vec<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Hosting {
    #[default]
    Unknown,
    /// Azure Functions (`host.json` in the unit)
    Functions,
    /// Kubernetes (a chart, a manifest, or a Secret)
    Kubernetes,
}

impl Evidence {
    /// Does any manifest of the unit mention `needle` (lower-case)?
    pub fn manifest_has(&self, needle: &str) -> bool {
        self.manifests.iter().any(|(_, t)| t.contains(needle))
    }

    /// The version a manifest gives for a package, read from the text that
    /// follows its name (`Include="X" Version="5.1.2"`, `"x": "^5.1.0"`,
    /// `x==1.2`, `<artifactId>x</artifactId><version>12.4.0`).
    pub fn package_version(&self, package: &str) -> Option<String> {
        for (_, text) in &self.manifests {
            let mut from = 0;
            while let Some(i) = text[from..].find(package) {
                let at = from + i + package.len();
                from = at;
                // the name must end here (`mssql` is not `mssql-jdbc`)
                if text[at..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
                {
                    continue;
                }
                let tail: String = text[at..].chars().take(160).collect();
                let tail = tail.split('\n').take(3).collect::<Vec<_>>().join("\n");
                if let Some(v) = first_version(&tail) {
                    return Some(v);
                }
            }
        }
        None
    }
}

/// `12.4.0.jre11` -> `12.4.0`: the first dotted number in the text.
fn first_version(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            let start = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            let v = s[start..i].trim_end_matches('.');
            if v.contains('.') {
                return Some(v.to_string());
            }
        }
        i += 1;
    }
    None
}

/// `(major, minor, patch)` for comparisons; missing parts are 0.
pub fn parse_version(v: &str) -> (u32, u32, u32) {
    let mut it = v.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    (
        it.next().unwrap_or(0),
        it.next().unwrap_or(0),
        it.next().unwrap_or(0),
    )
}

/// Where the files around a finding are read from: the working tree, or
/// the tree of the commit that introduced a secret (history scans).
pub trait Files {
    /// The first bytes (at most `cap`) of the regular file at `path`.
    fn read(&self, path: &Path, cap: usize) -> Option<Vec<u8>>;
    /// The names of the regular files directly in `dir` (`""`: the top).
    fn list(&self, dir: &Path) -> Vec<String>;
    /// Is `dir` the top of a repository? The search for a manifest stops
    /// there.
    fn is_repository_top(&self, dir: &Path) -> bool;
    /// The names of the directories directly in `dir`, for the search of
    /// the projects that reference a library and of the code that reads a
    /// `.env` file's keys; none where that cannot be listed (a `.env`
    /// search then reads only the files beside the `.env`).
    fn subdirs(&self, _dir: &Path) -> Vec<String> {
        Vec::new()
    }
}

/// The file system, as the scan found it. Each directory is listed once,
/// whatever is asked of it (its files, its subdirectories, whether it is a
/// repository's top): the findings of one tree share most of their
/// ancestors, and a second listing or a `stat` per ancestor and finding cost
/// more than the rest of the advice (about 2,000 system calls for the 104
/// findings of a Spring Boot tree).
#[derive(Default)]
pub struct WorkingTree {
    listings: std::cell::RefCell<HashMap<PathBuf, std::rc::Rc<Listing>>>,
}

/// What one reading of a directory gave.
struct Listing {
    /// the regular files and the directories among its first
    /// [`LIST_CAP`] entries
    files: Vec<String>,
    dirs: Vec<String>,
    /// every entry was read (no more than [`LIST_CAP`]) and none is named
    /// `.git`
    no_git: bool,
}

/// How many entries of a directory are looked at.
const LIST_CAP: usize = 10_000;

impl WorkingTree {
    fn listing(&self, dir: &Path) -> std::rc::Rc<Listing> {
        if let Some(l) = self.listings.borrow().get(dir) {
            return l.clone();
        }
        let l = std::rc::Rc::new(list_dir(dir));
        self.listings
            .borrow_mut()
            .insert(dir.to_path_buf(), l.clone());
        l
    }
}

impl Files for WorkingTree {
    fn read(&self, path: &Path, cap: usize) -> Option<Vec<u8>> {
        use std::io::Read;
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_file() {
            return None; // a FIFO would block
        }
        // room for the whole file up front: grown from nothing, reading a
        // 100 KB manifest took a dozen reads
        let mut buf = Vec::with_capacity((meta.len() as usize).min(cap) + 1);
        std::fs::File::open(path)
            .ok()?
            .take(cap as u64)
            .read_to_end(&mut buf)
            .ok()?;
        Some(buf)
    }

    fn list(&self, dir: &Path) -> Vec<String> {
        self.listing(dir).files.clone()
    }

    fn is_repository_top(&self, dir: &Path) -> bool {
        // a listed `.git` may be a dangling link: `exists` decides, as it
        // does for a directory too large to list whole
        !self.listing(dir).no_git && dir.join(".git").exists()
    }

    fn subdirs(&self, dir: &Path) -> Vec<String> {
        self.listing(dir).dirs.clone()
    }
}

/// The names of the regular files and of the directories among the first
/// [`LIST_CAP`] entries of `dir` (`""`: the current directory); none when
/// it cannot be read. Symbolic links are neither: `file_type()` does not
/// follow them.
fn list_dir(dir: &Path) -> Listing {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let mut l = Listing {
        files: Vec::new(),
        dirs: Vec::new(),
        no_git: false,
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return l;
    };
    let mut git = false;
    for (seen, e) in entries.flatten().enumerate() {
        if seen == LIST_CAP {
            // more entries than are looked at: whether one is `.git` is
            // left to `exists`
            return l;
        }
        let name = e.file_name();
        git |= name == ".git";
        match e.file_type() {
            Ok(t) if t.is_file() => l.files.push(name.to_string_lossy().into_owned()),
            Ok(t) if t.is_dir() => l.dirs.push(name.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    l.no_git = !git;
    l
}

/// `.` (the default) is shown without its `./`: paths compare without it.
fn clean(p: &Path) -> PathBuf {
    p.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// Is a directory of this name left out of the search for units?
fn passed_over(name: &str) -> bool {
    name.starts_with('.') || UNIT_SKIP.contains(&name.to_ascii_lowercase().as_str())
}

/// The directories holding a project manifest below each root the scan
/// walked, noted by the walk as it meets the files: the search for the
/// projects that reference a library then lists no directory a second time
/// (on a large tree that second walk cost more than the advice itself).
#[derive(Default)]
pub struct UnitIndex {
    dirs: Mutex<HashMap<PathBuf, Vec<PathBuf>>>,
}

impl UnitIndex {
    /// The walk of the directory `root` starts: its units will all be noted.
    pub fn walking(&self, root: &Path) {
        let mut dirs = self.dirs.lock().unwrap_or_else(|p| p.into_inner());
        dirs.entry(root.to_path_buf()).or_default();
    }

    /// The walk of `root` met the regular file `file`.
    pub fn met(&self, root: &Path, file: &Path) {
        let (Some(name), Some(dir)) = (file.file_name(), file.parent()) else {
            return;
        };
        if !is_manifest_name(&name.to_string_lossy()) {
            return;
        }
        let mut dirs = self.dirs.lock().unwrap_or_else(|p| p.into_inner());
        dirs.entry(root.to_path_buf())
            .or_default()
            .push(dir.to_path_buf());
    }
}

impl UnitIndex {
    /// The units under each root the scan walked: the same depth and the
    /// same directories passed over as [`Project::find_units`]; the walk's
    /// own ignore rules and `--exclude` globs apply too, and there is no
    /// bound on the number of directories (the walk met them all anyway).
    /// Computed once, shared by the projects that read evidence.
    pub fn units(&self) -> WalkedUnits {
        let walked = self.dirs.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = HashMap::new();
        for (root, dirs) in walked.iter() {
            let root = clean(root);
            let mut units: Vec<PathBuf> = dirs
                .iter()
                .map(|d| clean(d))
                .filter(|d| {
                    d.strip_prefix(&root).is_ok_and(|rel| {
                        rel.components().count() <= UNIT_DEPTH
                            && rel
                                .components()
                                .all(|c| !passed_over(&c.as_os_str().to_string_lossy()))
                    })
                })
                .collect();
            units.sort();
            units.dedup();
            out.insert(root, Arc::new(units));
        }
        WalkedUnits(out)
    }
}

/// What [`UnitIndex::units`] found: the directories with a manifest under
/// each walked root.
#[derive(Clone, Default)]
pub struct WalkedUnits(HashMap<PathBuf, Arc<Vec<PathBuf>>>);

/// Reads and caches evidence for the files that have findings.
pub struct Project<'f> {
    files: Box<dyn Files + 'f>,
    roots: Vec<PathBuf>,
    dirs: HashMap<PathBuf, Option<Vec<(String, String)>>>,
    /// the units under a scanned root that have manifests (found once)
    units_under: HashMap<PathBuf, Arc<Vec<PathBuf>>>,
}

impl<'f> Project<'f> {
    /// `roots` are the paths the user asked to scan: the search for a
    /// unit's manifest never climbs above them.
    pub fn new(roots: &[PathBuf]) -> Project<'static> {
        Project {
            files: Box::new(WorkingTree::default()),
            roots: roots.to_vec(),
            dirs: HashMap::new(),
            units_under: HashMap::new(),
        }
    }

    /// For findings whose paths are relative to the top of `files` (a
    /// commit's tree in a history scan).
    pub fn in_tree(files: impl Files + 'f) -> Project<'f> {
        Project {
            files: Box::new(files),
            roots: vec![PathBuf::new()],
            dirs: HashMap::new(),
            units_under: HashMap::new(),
        }
    }

    /// Take the units under the roots the scan walked (see
    /// [`UnitIndex::units`]), so that [`Self::find_units`] reads no
    /// directory again for them.
    pub fn with_units(mut self, units: &WalkedUnits) -> Self {
        for (root, u) in &units.0 {
            self.units_under.insert(root.clone(), u.clone());
        }
        self
    }

    fn text(&self, path: &Path) -> Option<String> {
        let buf = self.files.read(path, READ_CAP)?;
        match connleak_core::decode::decode(&buf) {
            connleak_core::decode::Decoded::Text { bytes, .. } => {
                Some(String::from_utf8_lossy(&bytes).into_owned())
            }
            connleak_core::decode::Decoded::Binary => None,
        }
    }

    pub fn evidence(&mut self, display_path: &str, kind: Kind) -> Evidence {
        let path = Path::new(display_path);
        let text = self.text(path).unwrap_or_default();
        let file = text.to_ascii_lowercase();
        let cpath = clean(path);
        let root = self
            .roots
            .iter()
            .map(|r| clean(r))
            .filter(|r| cpath.starts_with(r) && cpath != *r)
            .max_by_key(|r| r.components().count());
        let path = cpath.as_path();
        let mut unit_dir: Option<PathBuf> = None;
        let mut manifests = Vec::new();
        let mut dir = path.parent();
        while let Some(d) = dir {
            if let Some(found) = self.manifests_in(d) {
                unit_dir = Some(d.to_path_buf());
                manifests = found;
                break;
            }
            let at_root = match &root {
                Some(r) => d == r.as_path() || d.as_os_str().is_empty(),
                None => true,
            };
            if at_root || self.files.is_repository_top(d) {
                break;
            }
            dir = d.parent();
        }
        // no manifest: the directory right under the scanned root that holds
        // the file (`services/api` when `services` was scanned), or the root
        let fallback = || -> Option<PathBuf> {
            let r = root.as_ref()?;
            let rel = path.strip_prefix(r).ok()?;
            let mut comps = rel.components();
            let first = comps.next()?;
            Some(if comps.next().is_some() {
                r.join(first)
            } else {
                r.clone()
            })
        };
        let unit_dir_found = unit_dir.clone();
        let unit = unit_dir
            .or_else(fallback)
            .or_else(|| path.parent().map(Path::to_path_buf))
            .map(|d| d.to_string_lossy().replace('\\', "/"))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| ".".to_string());
        let lpath = display_path.to_ascii_lowercase();
        let hosting = if manifests.iter().any(|(n, _)| n == "host.json") {
            Hosting::Functions
        } else if kind == Kind::K8sSecret
            || manifests.iter().any(|(n, _)| n == "chart.yaml")
            || lpath
                .split('/')
                .any(|p| matches!(p, "k8s" | "kubernetes" | "helm" | "charts" | "manifests"))
            || (file.contains("apiversion:") && file.contains("kind:"))
        {
            Hosting::Kubernetes
        } else {
            Hosting::Unknown
        };
        let consumers = match (&unit_dir_found, &root) {
            (Some(d), Some(r)) => self.consumers(d, r, &manifests),
            (Some(d), None) => self.consumers(d, Path::new(""), &manifests),
            _ => Vec::new(),
        };
        let name = lpath.rsplit('/').next().unwrap_or(&lpath);
        let env_reads = if name.starts_with(".env") || name.ends_with(".env") {
            self.env_reads(path, &text)
        } else {
            Vec::new()
        };
        Evidence {
            unit,
            manifests,
            file,
            text,
            env_reads,
            hosting,
            consumers,
        }
    }

    /// The deployable units under `root` that reference the library whose
    /// unit is `dir` (with `manifests`); empty when it is not a library.
    fn consumers(
        &mut self,
        dir: &Path,
        root: &Path,
        manifests: &[(String, String)],
    ) -> Vec<String> {
        let names = library_names(manifests);
        if names.is_empty() {
            return Vec::new();
        }
        let units = match self.units_under.get(root) {
            Some(u) => u.clone(),
            None => {
                let u = Arc::new(self.find_units(root));
                self.units_under.insert(root.to_path_buf(), u.clone());
                u
            }
        };
        let mut found: Vec<String> = units
            .iter()
            .filter(|u| u.as_path() != dir)
            .filter(|u| {
                let ms = self.manifests_in(u).unwrap_or_default();
                let listed = self.files.list(u);
                deployable(&ms, &listed) && ms.iter().any(|(_, t)| references(t, &names))
            })
            .map(|u| u.to_string_lossy().replace('\\', "/"))
            .collect();
        found.sort();
        found.dedup();
        found
    }

    /// The directories under `root` that hold a project manifest: a bounded
    /// walk (depth 6, 4,000 directories), past build output, dependencies
    /// and hidden directories. Not needed for a root the scan walked (see
    /// [`UnitIndex`]).
    fn find_units(&mut self, root: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let mut queue = vec![(root.to_path_buf(), 0usize)];
        let mut seen = 0usize;
        while let Some((d, depth)) = queue.pop() {
            seen += 1;
            if seen > 4_000 {
                break;
            }
            if self.manifests_in(&d).is_some() {
                out.push(d.clone());
            }
            if depth >= UNIT_DEPTH {
                continue;
            }
            for sub in self.files.subdirs(&d) {
                if passed_over(&sub) {
                    continue;
                }
                queue.push((d.join(sub), depth + 1));
            }
        }
        out
    }

    /// The keys of the `.env` file at `path` (text `text`) that a file in
    /// its directory or below reads from the environment
    /// (`os.environ["K"]`, `getenv("K")`, `process.env.K`, `ENV["K"]`,
    /// `env('K')`, `${K}` in compose or shell), with the first such file.
    /// Bounded: at most 2,000 files, 6 levels deep, hidden and dependency
    /// directories skipped.
    fn env_reads(&self, path: &Path, text: &str) -> Vec<(String, String)> {
        let keys: Vec<&str> = text
            .lines()
            .filter_map(|l| {
                let l = l.trim_start();
                let l = l.strip_prefix("export ").unwrap_or(l).trim_start();
                let (k, _) = l.split_once('=')?;
                let k = k.trim_end();
                (!k.is_empty()
                    && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !k.starts_with(|c: char| c.is_ascii_digit()))
                .then_some(k)
            })
            .collect();
        if keys.is_empty() {
            return Vec::new();
        }
        let top = path.parent().unwrap_or(Path::new(""));
        let mut found: Vec<(String, String)> = Vec::new();
        let mut queue: Vec<(PathBuf, usize)> = vec![(top.to_path_buf(), 0)];
        let mut seen_files = 0;
        while let Some((dir, depth)) = queue.pop() {
            let mut names = self.files.list(&dir);
            names.sort();
            for name in names {
                let lower = name.to_ascii_lowercase();
                let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
                let readable = matches!(
                    ext,
                    "py" | "js"
                        | "mjs"
                        | "cjs"
                        | "ts"
                        | "tsx"
                        | "jsx"
                        | "go"
                        | "java"
                        | "kt"
                        | "cs"
                        | "php"
                        | "rb"
                        | "sh"
                        | "bash"
                        | "ps1"
                        | "yml"
                        | "yaml"
                        | "ex"
                        | "exs"
                        | "rs"
                ) || lower == "dockerfile";
                if !readable || lower.starts_with(".env") {
                    continue;
                }
                seen_files += 1;
                if seen_files > 2_000 {
                    return found;
                }
                let file = dir.join(&name);
                let Some(body) = self.text(&file) else {
                    continue;
                };
                for k in &keys {
                    if !found.iter().any(|(f, _)| f == k) && reads_env(&body, k) {
                        found.push((k.to_string(), file.to_string_lossy().replace('\\', "/")));
                    }
                }
            }
            if depth < 6 {
                for d in self.files.subdirs(&dir) {
                    let skip = d.starts_with('.')
                        || matches!(
                            d.as_str(),
                            "node_modules"
                                | "vendor"
                                | "target"
                                | "dist"
                                | "build"
                                | "venv"
                                | "__pycache__"
                                | "bin"
                                | "obj"
                        );
                    if !skip {
                        queue.push((dir.join(d), depth + 1));
                    }
                }
            }
        }
        found
    }

    fn manifests_in(&mut self, dir: &Path) -> Option<Vec<(String, String)>> {
        if let Some(c) = self.dirs.get(dir) {
            return c.clone();
        }
        let mut found = Vec::new();
        for name in self.files.list(dir) {
            if !is_manifest_name(&name) {
                continue;
            }
            let lower = name.to_ascii_lowercase();
            let text = self
                .text(&dir.join(&name))
                .map(|t| t.to_ascii_lowercase())
                .unwrap_or_default();
            found.push((lower, text));
        }
        found.sort();
        let r = (!found.is_empty()).then_some(found);
        self.dirs.insert(dir.to_path_buf(), r.clone());
        r
    }
}

/// The names a library is referenced by, when the unit is one: a class
/// library project (`x.csproj` without the Web, Worker or Functions SDK and
/// without `<OutputType>Exe`) by its file name and its package id (the
/// project name unless `<PackageId>` says otherwise); a `package.json` by its
/// `"name"`. Lower-cased, as the manifests are.
fn library_names(manifests: &[(String, String)]) -> Vec<Reference> {
    let mut names = Vec::new();
    let has_host = manifests.iter().any(|(n, _)| n == "host.json");
    for (name, text) in manifests {
        if let Some(stem) = name.strip_suffix(".csproj") {
            if has_host || !csproj_is_library(text) {
                continue;
            }
            names.push(Reference::Project(name.clone()));
            let id = between(text, "<packageid>", "</packageid>")
                .or_else(|| between(text, "<assemblyname>", "</assemblyname>"))
                .unwrap_or(stem);
            names.push(Reference::Package(id.trim().to_string()));
        } else if name == "package.json" {
            if let Some(n) = json_name(text) {
                names.push(Reference::Npm(n));
            }
        }
    }
    names
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Reference {
    /// `<ProjectReference Include="..\\x\\x.csproj" />`
    Project(String),
    /// `<PackageReference Include="x" ... />`
    Package(String),
    /// `"dependencies": { "x": "..." }`
    Npm(String),
}

fn csproj_is_library(text: &str) -> bool {
    !(text.contains("microsoft.net.sdk.web")
        || text.contains("microsoft.net.sdk.worker")
        || text.contains("microsoft.net.sdk.functions")
        || text.contains("<azurefunctionsversion>")
        || text.contains("<outputtype>exe</outputtype>")
        || text.contains("<outputtype>winexe</outputtype>")
        || text.contains("<istestproject>true"))
}

/// A unit that runs on its own: an application project (not a class
/// library, not a test project), an Azure Functions app, or a Node package
/// with a start script or an entry point. Test projects are left out: they
/// do not run in production.
fn deployable(manifests: &[(String, String)], files: &[String]) -> bool {
    let functions = manifests.iter().any(|(n, _)| n == "host.json");
    manifests.iter().any(|(n, t)| {
        if n.ends_with(".csproj") {
            functions
                || (!csproj_is_library(t)
                    && !t.contains("microsoft.net.test.sdk")
                    && !t.contains("<istestproject>true"))
        } else if n == "package.json" {
            t.contains("\"start\"") || t.contains("\"main\"")
        } else {
            n == "dockerfile" || n == "host.json"
        }
    }) || files.iter().any(|f| f.eq_ignore_ascii_case("dockerfile"))
}

/// Does a manifest's text reference the library?
fn references(text: &str, names: &[Reference]) -> bool {
    names.iter().any(|r| match r {
        Reference::Project(file) => {
            let mut from = 0;
            while let Some(i) = text[from..].find("<projectreference") {
                let at = from + i;
                from = at + 1;
                let tag = &text[at..text[at..].find('>').map_or(text.len(), |e| at + e)];
                let ends = tag
                    .split('"')
                    .any(|v| v.rsplit(['\\', '/']).next() == Some(file.as_str()));
                if ends {
                    return true;
                }
            }
            false
        }
        Reference::Package(id) => {
            text.contains(&format!("<packagereference include=\"{id}\""))
                || text.contains(&format!("<packagereference update=\"{id}\""))
        }
        Reference::Npm(n) => {
            text.contains(&format!("\"{n}\":")) || text.contains(&format!("\"{n}\" :"))
        }
    })
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let a = text.find(open)? + open.len();
    let b = text[a..].find(close)? + a;
    Some(&text[a..b]).filter(|s| !s.trim().is_empty())
}

/// The `"name"` of a `package.json`: the first `"name": "x"` (the top
/// level comes first in practice).
fn json_name(text: &str) -> Option<String> {
    let at = text.find("\"name\"")? + 6;
    let rest = text[at..].trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let n = &rest[..rest.find('"')?];
    (!n.trim().is_empty() && !n.contains('\\')).then(|| n.trim().to_string())
}

/// Does `body` read the environment variable `key`: the name as a whole
/// word, right after `$`/`${` or with `env` (any case: `environ`,
/// `getenv`, `process.env`, `ENV`, `env(`) shortly before it on its line?
fn reads_env(body: &str, key: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(i) = body[from..].find(key) {
        let at = from + i;
        let end = at + key.len();
        from = end;
        let before = &body[..at];
        if before.chars().next_back().is_some_and(ident)
            || body[end..].chars().next().is_some_and(ident)
        {
            continue;
        }
        if before.ends_with('$') || before.ends_with("${") {
            return true;
        }
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let mut w = at.saturating_sub(40).max(line_start);
        while !body.is_char_boundary(w) {
            w += 1;
        }
        if body[w..at].to_ascii_lowercase().contains("env") {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_reads_of_a_key() {
        for yes in [
            "pw = os.environ[\"DB_PASSWORD\"]",
            "pw := os.Getenv(\"DB_PASSWORD\")",
            "const pw = process.env.DB_PASSWORD;",
            "'password' => env('DB_PASSWORD'),",
            "password: ENV.fetch(\"DB_PASSWORD\")",
            "      - POSTGRES_PASSWORD=${DB_PASSWORD}",
            "psql \"postgresql://u:$DB_PASSWORD@h/db\"",
        ] {
            assert!(reads_env(yes, "DB_PASSWORD"), "{yes}");
        }
        for no in [
            "DB_PASSWORD = \"literal\"",
            "pw = os.environ[\"DB_PASSWORD_FILE\"]",
            "pw = os.environ[\"OLD_DB_PASSWORD\"]",
            "# set DB_PASSWORD somewhere",
        ] {
            assert!(!reads_env(no, "DB_PASSWORD"), "{no}");
        }
    }

    /// Each directory is listed once, whatever is asked of it, and answers
    /// as the file system does: its regular files, its directories, and a
    /// `.git` (a directory, or the file of a linked worktree) marking a
    /// repository's top; a dangling `.git` link does not.
    #[test]
    fn a_directory_is_listed_once_and_answers_as_the_file_system_does() {
        let dir = tempfile::tempdir().unwrap();
        let at = |p: &str| dir.path().join(p);
        for d in [
            "top/.git",
            "top/sub",
            "worktree",
            "plain/deeper",
            "dangling",
        ] {
            std::fs::create_dir_all(at(d)).unwrap();
        }
        std::fs::write(at("top/a.txt"), "a").unwrap();
        std::fs::write(at("worktree/.git"), "gitdir: ../top/.git").unwrap();
        std::fs::write(at("plain/b.txt"), "b").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(at("nowhere"), at("dangling/.git")).unwrap();
        let files = WorkingTree::default();
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v
        };
        assert_eq!(sorted(files.list(&at("top"))), ["a.txt"]);
        assert_eq!(sorted(files.subdirs(&at("top"))), [".git", "sub"]);
        assert_eq!(sorted(files.list(&at("plain"))), ["b.txt"]);
        assert_eq!(sorted(files.subdirs(&at("plain"))), ["deeper"]);
        assert!(files.is_repository_top(&at("top")));
        assert!(files.is_repository_top(&at("worktree")));
        assert!(!files.is_repository_top(&at("dangling")));
        assert!(!files.is_repository_top(&at("plain")));
        assert!(files.list(&at("missing")).is_empty());
        assert!(!files.is_repository_top(&at("missing")));
        // listed once: what appears later is not seen by this scan's advice
        std::fs::write(at("top/b.txt"), "b").unwrap();
        std::fs::create_dir(at("plain/.git")).unwrap();
        assert_eq!(sorted(files.list(&at("top"))), ["a.txt"]);
        assert!(!files.is_repository_top(&at("plain")));
        // while a new reading sees it
        let fresh = WorkingTree::default();
        assert_eq!(sorted(fresh.list(&at("top"))), ["a.txt", "b.txt"]);
        assert!(fresh.is_repository_top(&at("plain")));
    }

    #[test]
    fn the_walks_units_are_those_the_search_finds() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repo");
        for (file, text) in [
            ("Lib/Lib.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"/>"),
            (
                "apps/api/Api.CSPROJ",
                "<Project Sdk=\"Microsoft.NET.Sdk.Web\"/>",
            ),
            ("apps/web/package.json", "{\"name\": \"web\"}"),
            ("apps/web/node_modules/x/package.json", "{}"),
            ("apps/.cache/package.json", "{}"),
            ("apps/Build/go.mod", "module b"),
            ("a/b/c/d/e/f/pom.xml", "<project/>"),
            ("a/b/c/d/e/f/g/pom.xml", "<project/>"),
            ("a/readme.md", "no manifest"),
            ("Dockerfile", "FROM x"),
        ] {
            let p = root.join(file);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, text).unwrap();
        }
        // what a walk of `root` meets: every regular file
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else {
                    out.push(p);
                }
            }
        }
        let mut files = Vec::new();
        walk(&root, &mut files);
        let index = UnitIndex::default();
        index.walking(&root);
        for f in &files {
            index.met(&root, f);
        }
        let from_walk = Project::new(std::slice::from_ref(&root)).with_units(&index.units());
        let mut searched = Project::new(std::slice::from_ref(&root)).find_units(&root);
        searched.sort();
        let rel = |v: &[PathBuf]| -> Vec<String> {
            v.iter()
                .map(|p| {
                    p.strip_prefix(&root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/")
                })
                .collect()
        };
        assert_eq!(
            rel(&searched),
            ["", "Lib", "a/b/c/d/e/f", "apps/api", "apps/web"],
            "the search passes over dependencies, build output, hidden directories and depth 7"
        );
        assert_eq!(rel(&from_walk.units_under[&root]), rel(&searched));
        // a root the walk did not see is searched as before
        assert!(!from_walk.units_under.contains_key(&root.join("apps")));
    }

    #[test]
    fn versions_are_read_after_the_package_name() {
        let ev = Evidence {
            manifests: vec![
                (
                    "app.csproj".into(),
                    r#"<packagereference include="microsoft.data.sqlclient" version="5.1.2" />"#
                        .into(),
                ),
                (
                    "pom.xml".into(),
                    "<artifactid>mssql-jdbc</artifactid>\n  <version>12.4.0.jre11</version>".into(),
                ),
                (
                    "package.json".into(),
                    r#"{"dependencies": {"mssql": "^10.0.1", "tedious": "~16.6.0"}}"#.into(),
                ),
            ],
            ..Evidence::default()
        };
        assert_eq!(
            ev.package_version("microsoft.data.sqlclient").as_deref(),
            Some("5.1.2")
        );
        assert_eq!(ev.package_version("mssql-jdbc").as_deref(), Some("12.4.0"));
        assert_eq!(ev.package_version("mssql").as_deref(), Some("10.0.1"));
        assert_eq!(ev.package_version("system.data.sqlclient"), None);
        assert_eq!(parse_version("12.4.0"), (12, 4, 0));
        assert_eq!(parse_version("2.1"), (2, 1, 0));
    }

    // issue 13 (identity): a class library is known by its project file and
    // its package id; an application project, a Functions app and a test
    // project are not libraries, and only deployable units count as users
    #[test]
    fn libraries_and_the_projects_that_reference_them() {
        let lib = vec![(
            "contoso.data.csproj".to_string(),
            "<project sdk=\"microsoft.net.sdk\"><packageid>contoso.data</packageid></project>"
                .to_string(),
        )];
        let names = library_names(&lib);
        assert_eq!(
            names,
            vec![
                Reference::Project("contoso.data.csproj".into()),
                Reference::Package("contoso.data".into())
            ]
        );
        let web = "<project sdk=\"microsoft.net.sdk.web\"><itemgroup><projectreference include=\"..\\contoso.data\\contoso.data.csproj\" /></itemgroup></project>";
        let worker = "<project sdk=\"microsoft.net.sdk.worker\"><itemgroup><packagereference include=\"contoso.data\" version=\"1.4.0\" /></itemgroup></project>";
        let other = "<project sdk=\"microsoft.net.sdk\"><propertygroup><outputtype>exe</outputtype></propertygroup><itemgroup><packagereference include=\"contoso.data.migrations\" version=\"1.0.0\" /></itemgroup></project>";
        assert!(references(web, &names));
        assert!(references(worker, &names));
        assert!(
            !references(other, &names),
            "another package whose name starts alike"
        );
        let m = |n: &str, t: &str| vec![(n.to_string(), t.to_string())];
        assert!(deployable(&m("api.csproj", web), &[]));
        assert!(deployable(&m("worker.csproj", worker), &[]));
        assert!(
            !deployable(&lib, &[]),
            "a class library does not run on its own"
        );
        let tests = "<project sdk=\"microsoft.net.sdk\"><outputtype>exe</outputtype><packagereference include=\"microsoft.net.test.sdk\" /></project>";
        assert!(!deployable(&m("x.tests.csproj", tests), &[]));
        // an application project is not a library
        assert!(library_names(&m("api.csproj", web)).is_empty());
        // npm: a workspace package by its name
        let pkg = m(
            "package.json",
            "{\n  \"name\": \"@contoso/db\",\n  \"version\": \"1.0.0\"\n}",
        );
        let names = library_names(&pkg);
        assert_eq!(names, vec![Reference::Npm("@contoso/db".into())]);
        assert!(references(
            "{\"dependencies\": {\"@contoso/db\": \"workspace:*\"}}",
            &names
        ));
        assert!(!references(
            "{\"dependencies\": {\"@contoso/dbx\": \"1\"}}",
            &names
        ));
    }
}
