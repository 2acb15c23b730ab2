//! `scan --history URL`: which arguments are URLs, and the copy that a
//! `file://` URL is scanned from.
//!
//! A `file://` URL names a repository on this machine. It is "cloned"
//! without any `git` process (gix's `file://` transport would start
//! `git-upload-pack`): a bare repository is made in a temporary directory
//! and the source's objects (packs with their indexes, loose objects), its
//! refs (loose refs and `packed-refs`), `shallow` and `HEAD` are copied into
//! it. Nothing else is: no configuration, hooks, `info/attributes`, reflogs,
//! commit-graph or submodules. The source is opened with gix's isolated
//! options only to find its git directory. A symbolic link in the source's
//! git directory that leads out of it is refused, and so is a source that
//! borrows objects from another repository (`objects/info/alternates`): the
//! scan would read files the URL does not name. The copy is removed when it
//! is dropped (the scan ended or failed) and on SIGINT, SIGTERM or SIGHUP.
//!
//! Network URLs (`https://`, `ssh://`, `user@host:path`, ...) are
//! recognised so that the caller can refuse them with advice, never fetched
//! here.

use anyhow::{bail, Context, Result};
use connleak_core::text::escape_control;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

/// What an argument of `scan --history` names.
#[derive(Debug, PartialEq, Eq)]
pub enum Source {
    /// a path on this machine
    Path(PathBuf),
    /// a `file://` URL: the repository at `path`, named `name` in reports
    File { path: PathBuf, name: String },
    /// a URL of another kind (`https://`, `ssh://`, `git@host:path`,
    /// `ext::...`): its name without credentials and its scheme
    Network { name: String, scheme: String },
}

/// Classify an argument of `scan --history`. Only an argument that is not
/// an existing path can be a scp-like `host:path`.
pub fn classify(arg: &Path) -> Result<Source> {
    let Some(s) = arg.to_str() else {
        return Ok(Source::Path(arg.to_path_buf()));
    };
    let scheme = match (s.split_once("://"), s.split_once("::")) {
        (Some((scheme, _)), _) if is_scheme(scheme) => scheme.to_ascii_lowercase(),
        // git's `<transport>::<address>` (remote helpers such as `ext::`)
        (_, Some((transport, _))) if is_scheme(transport) => {
            return Ok(Source::Network {
                name: format!("{}::...", transport.to_ascii_lowercase()),
                scheme: transport.to_ascii_lowercase(),
            })
        }
        _ => {
            if is_scp_like(s) && fs::symlink_metadata(arg).is_err() {
                return Ok(Source::Network {
                    name: crate::repo::display_url(s).unwrap_or_else(|| "ssh URL".to_string()),
                    scheme: "ssh".to_string(),
                });
            }
            return Ok(Source::Path(arg.to_path_buf()));
        }
    };
    let name = crate::repo::display_url(s).unwrap_or_else(|| format!("{scheme}://..."));
    if scheme != "file" {
        return Ok(Source::Network { name, scheme });
    }
    let url = gix::url::parse(gix::bstr::BStr::new(s.as_bytes()))
        .map_err(|_| anyhow::anyhow!("{}: not a valid file:// URL", escape_control(&name)))?;
    if url
        .host()
        .is_some_and(|h| !h.is_empty() && h != "localhost")
    {
        bail!(
            "{}: a file:// URL must name a path on this machine (file:///path), not another host",
            escape_control(&name)
        );
    }
    let path = gix::path::from_bstr(url.path.as_ref() as &gix::bstr::BStr).into_owned();
    if path.as_os_str().is_empty() {
        bail!("{}: the URL names no path", escape_control(&name));
    }
    Ok(Source::File { path, name })
}

/// `[A-Za-z][A-Za-z0-9+.-]*`, as URL schemes are written.
fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `[user@]host:path` as git reads it: a colon before the first slash,
/// and more than a drive letter before it.
fn is_scp_like(s: &str) -> bool {
    match s.split_once(':') {
        Some((host, _)) => host.len() > 1 && !host.contains('/') && !host.contains('\\'),
        None => false,
    }
}

/// A bare copy of a local repository in a temporary directory, removed
/// when dropped.
pub struct Copy {
    dir: Option<tempfile::TempDir>,
    path: PathBuf,
}

impl Copy {
    /// The bare repository to scan.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Copy {
    fn drop(&mut self) {
        if let Some(d) = self.dir.take() {
            // best effort: an error here leaves the directory, and
            // nothing better can be done while dropping
            let _ = d.close();
        }
        interrupt::forget(&self.path);
    }
}

/// The configuration of the copy: a bare repository, nothing else.
const CONFIG: &str = "[core]\n\trepositoryformatversion = 0\n\tbare = true\n";

/// Copy the repository at `source` (a work tree, a `.git` directory or a
/// bare repository) into a new temporary bare repository.
pub fn copy_local(source: &Path) -> Result<Copy> {
    let shown = escape_control(&source.display().to_string());
    let repo = crate::repo::open_isolated(source)?;
    if repo.object_hash() != gix::hash::Kind::Sha1 {
        bail!("{shown}: only SHA-1 repositories can be scanned");
    }
    let common = fs::canonicalize(repo.common_dir())
        .with_context(|| format!("{shown}: reading its git directory"))?;
    let git_dir = fs::canonicalize(repo.git_dir())
        .with_context(|| format!("{shown}: reading its git directory"))?;
    drop(repo);
    let objects = dir_inside(&common, &common.join("objects"))?
        .with_context(|| format!("{shown}: the repository has no objects directory"))?;
    if let Some(alt) = file_inside(&common, &objects.join("info").join("alternates"))? {
        let text = fs::read(&alt).unwrap_or_default();
        let borrowed = String::from_utf8_lossy(&text)
            .lines()
            .any(|l| !l.trim().is_empty() && !l.starts_with('#'));
        if borrowed {
            bail!(
                "{shown}: the repository borrows objects from another one (objects/info/alternates), which a \
                 file:// URL does not follow; run `git repack -a -d` in it first, or scan the path itself"
            );
        }
    }

    let tmp = interrupt::tempdir().context("creating a temporary directory for the copy")?;
    let path = tmp.path().to_path_buf();
    let copy = Copy {
        dir: Some(tmp),
        path,
    };
    let dst = copy.path().to_path_buf();
    let fail = |what: &str| format!("copying {shown} ({what})");
    fs::write(dst.join("config"), CONFIG).with_context(|| fail("config"))?;
    fs::create_dir(dst.join("objects")).with_context(|| fail("objects"))?;
    fs::create_dir(dst.join("objects").join("pack")).with_context(|| fail("objects"))?;
    copy_objects(&common, &objects, &dst.join("objects")).with_context(|| fail("objects"))?;
    fs::create_dir(dst.join("refs")).with_context(|| fail("refs"))?;
    if let Some(refs) = dir_inside(&common, &common.join("refs"))? {
        copy_tree(&common, &refs, &dst.join("refs"), 0).with_context(|| fail("refs"))?;
    }
    for name in ["packed-refs", "shallow"] {
        if let Some(f) = file_inside(&common, &common.join(name))? {
            fs::copy(&f, dst.join(name)).with_context(|| fail(name))?;
        }
    }
    // HEAD is the work tree's (a linked work tree has its own)
    let head = match file_inside(&git_dir, &git_dir.join("HEAD"))? {
        Some(h) => Some(h),
        None => file_inside(&common, &common.join("HEAD"))?,
    };
    match head {
        Some(h) => fs::copy(&h, dst.join("HEAD")).map(|_| ()),
        None => fs::write(dst.join("HEAD"), "ref: refs/heads/main\n"),
    }
    .with_context(|| fail("HEAD"))?;
    Ok(copy)
}

/// Packs with their indexes, and loose objects.
fn copy_objects(root: &Path, objects: &Path, dst: &Path) -> Result<()> {
    if let Some(pack) = dir_inside(root, &objects.join("pack"))? {
        for e in fs::read_dir(&pack)? {
            let e = e?;
            let name = e.file_name();
            let Some(stem) = name.to_str().and_then(|n| n.strip_suffix(".pack")) else {
                continue;
            };
            let idx = format!("{stem}.idx");
            let (Some(p), Some(i)) = (
                file_inside(root, &e.path())?,
                file_inside(root, &pack.join(&idx))?,
            ) else {
                continue;
            };
            link_or_copy(&p, &dst.join("pack").join(&name))?;
            link_or_copy(&i, &dst.join("pack").join(&idx))?;
        }
    }
    for e in fs::read_dir(objects)? {
        let e = e?;
        let name = e.file_name();
        let Some(n) = name.to_str().filter(|n| n.len() == 2 && is_hex(n)) else {
            continue;
        };
        let Some(dir) = dir_inside(root, &e.path())? else {
            continue;
        };
        let out = dst.join(n);
        let mut made = false;
        for o in fs::read_dir(&dir)? {
            let o = o?;
            let oname = o.file_name();
            if !oname.to_str().is_some_and(|n| n.len() == 38 && is_hex(n)) {
                continue;
            }
            let Some(f) = file_inside(root, &o.path())? else {
                continue;
            };
            if !made {
                fs::create_dir(&out)?;
                made = true;
            }
            link_or_copy(&f, &out.join(&oname))?;
        }
    }
    Ok(())
}

/// Every regular file under `dir` (the refs), at the same relative path.
fn copy_tree(root: &Path, dir: &Path, dst: &Path, depth: usize) -> Result<()> {
    if depth > 64 {
        bail!("refs nested more than 64 levels deep");
    }
    for e in fs::read_dir(dir)? {
        let e = e?;
        let to = dst.join(e.file_name());
        if let Some(sub) = dir_inside(root, &e.path())? {
            fs::create_dir(&to)?;
            copy_tree(root, &sub, &to, depth + 1)?;
        } else if let Some(f) = file_inside(root, &e.path())? {
            fs::copy(&f, &to)?;
        }
    }
    Ok(())
}

/// A hard link where the file system allows it (objects never change),
/// else a copy.
fn link_or_copy(from: &Path, to: &Path) -> std::io::Result<()> {
    if fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    fs::copy(from, to).map(|_| ())
}

fn is_hex(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// `p` resolved if it is a regular file inside `root` (`None`: absent, or
/// not a regular file: a FIFO or a device is never opened). A symbolic
/// link that leads out of `root` is an error.
fn file_inside(root: &Path, p: &Path) -> Result<Option<PathBuf>> {
    Ok(resolve_inside(root, p)?
        .filter(|(_, m)| m.is_file())
        .map(|(p, _)| p))
}

/// The same for a directory.
fn dir_inside(root: &Path, p: &Path) -> Result<Option<PathBuf>> {
    Ok(resolve_inside(root, p)?
        .filter(|(_, m)| m.is_dir())
        .map(|(p, _)| p))
}

fn resolve_inside(root: &Path, p: &Path) -> Result<Option<(PathBuf, fs::Metadata)>> {
    let Ok(meta) = fs::symlink_metadata(p) else {
        return Ok(None);
    };
    if !meta.file_type().is_symlink() {
        return Ok(Some((p.to_path_buf(), meta)));
    }
    // a dangling link names nothing
    let Ok(real) = fs::canonicalize(p) else {
        return Ok(None);
    };
    if !real.starts_with(root) {
        bail!(
            "{} is a symbolic link out of the repository's git directory; refused",
            escape_control(&p.display().to_string())
        );
    }
    let Ok(meta) = fs::metadata(&real) else {
        return Ok(None);
    };
    Ok(Some((real, meta)))
}

/// The copies that exist now, removed if the process is interrupted.
mod interrupt {
    use super::*;

    static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    static HANDLER: Once = Once::new();

    fn live() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
        LIVE.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new temporary directory, removed if the process is interrupted
    /// from now on. It is made while the list is locked, so a signal that
    /// arrives meanwhile waits for it to be listed.
    pub fn tempdir() -> std::io::Result<tempfile::TempDir> {
        HANDLER.call_once(install);
        let mut live = live();
        let dir = tempfile::Builder::new()
            .prefix("connleak-clone-")
            .tempdir()?;
        live.push(dir.path().to_path_buf());
        Ok(dir)
    }

    pub fn forget(p: &Path) {
        live().retain(|q| q != p);
    }

    /// A thread that waits for SIGINT, SIGTERM or SIGHUP, removes the
    /// copies and exits with 128 + the signal's number, as a shell reports
    /// a process killed by it.
    #[cfg(unix)]
    fn install() {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(sig) = signals.forever().next() {
                // held until the exit: a copy being dropped meanwhile waits
                let dirs = live();
                for d in dirs.iter() {
                    let _ = fs::remove_dir_all(d);
                }
                std::process::exit(128 + sig);
            }
        });
    }

    #[cfg(not(unix))]
    fn install() {}
}

#[cfg(test)]
mod tests {
    use super::*;

    fn network(s: &str) -> (String, String) {
        match classify(Path::new(s)).unwrap() {
            Source::Network { name, scheme } => (name, scheme),
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn urls_are_told_from_paths() {
        assert_eq!(
            classify(Path::new("file:///srv/git/app.git")).unwrap(),
            Source::File {
                path: PathBuf::from("/srv/git/app.git"),
                name: "file:///srv/git/app.git".into()
            }
        );
        assert!(matches!(
            classify(Path::new("file://localhost/srv/x")).unwrap(),
            Source::File { .. }
        ));
        assert!(classify(Path::new("file://other-host/srv/x")).is_err());
        assert_eq!(
            network("https://ci:ghp_Secr3t@github.com/acme/api.git"),
            ("https://github.com/acme/api.git".into(), "https".into())
        );
        assert_eq!(
            network("HTTP://token@example.com/r").0,
            "HTTP://example.com/r"
        );
        assert_eq!(
            network("git@github.com:acme/api.git"),
            ("git@github.com:acme/api.git".into(), "ssh".into())
        );
        assert_eq!(network("ssh://git@host/r").1, "ssh");
        assert_eq!(network("ext::sh -c touch% /tmp/x").0, "ext::...");
        for p in [".", "repo", "../a/b", "C:\\repo", "./x:y", "/srv/a:b"] {
            assert_eq!(
                classify(Path::new(p)).unwrap(),
                Source::Path(PathBuf::from(p)),
                "{p}"
            );
        }
    }

    #[test]
    fn an_unparseable_url_shows_nothing_of_itself() {
        let (name, _) = network("https://tok en:pa ss@[broken/x");
        assert!(!name.contains("pa ss") && !name.contains("tok"), "{name}");
    }
}
