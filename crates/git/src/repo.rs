//! Opening a repository for reading, and nothing else.

use anyhow::{Context, Result};
use std::path::Path;

/// Open a repository without reading global or system configuration.
pub fn open_isolated(path: &Path) -> Result<gix::Repository> {
    let mut repo = gix::open_opts(path, gix::open::Options::isolated())
        .with_context(|| format!("{} is not a git repository", path.display()))?;
    repo.object_cache_size_if_unset(16 << 20);
    Ok(repo)
}

/// The name a report gives the repository containing `dir`: the URL of its
/// `origin` remote (else of its first remote), without the password or
/// HTTPS user name (a token) it may carry. `None` outside a repository or without a remote.
/// Only the repository's own configuration is read.
pub fn remote_name(dir: &Path) -> Option<String> {
    let repo = gix::ThreadSafeRepository::discover_opts(
        dir,
        gix::discover::upwards::Options::default(),
        gix::sec::trust::Mapping {
            full: gix::open::Options::isolated(),
            reduced: gix::open::Options::isolated(),
        },
    )
    .ok()?
    .to_thread_local();
    let config = repo.config_snapshot();
    let url = config.string("remote.origin.url").or_else(|| {
        let first = repo.remote_names().into_iter().next()?;
        config.string(format!("remote.{first}.url").as_str())
    })?;
    display_url(&url.to_string())
}

/// A URL as reports name a repository: without its password, and without
/// the user name unless it is an SSH login (an HTTPS user name may be a
/// token). `None` if it cannot be parsed (then nothing of it is shown).
pub fn display_url(s: &str) -> Option<String> {
    let mut url = gix::url::parse(gix::bstr::BStr::new(s.as_bytes())).ok()?;
    if url.scheme != gix::url::Scheme::Ssh {
        url.set_user(None);
    }
    url.set_password(None);
    let name = url.to_bstring().to_string();
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn git(dir: &Path, args: &[&str]) {
        let o = Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", dir)
            .output()
            .expect("git runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }

    #[test]
    fn the_remote_url_names_the_repository_without_credentials() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        assert_eq!(remote_name(d), None, "not a repository");
        git(d, &["init", "-q"]);
        assert_eq!(remote_name(d), None, "no remote");
        git(
            d,
            &[
                "remote",
                "add",
                "upstream",
                "https://ci-bot:ghp_Secr3tToken@github.com/acme/billing-api.git",
            ],
        );
        assert_eq!(
            remote_name(d).as_deref(),
            Some("https://github.com/acme/billing-api.git")
        );
        git(
            d,
            &["remote", "add", "origin", "git@github.com:acme/shop.git"],
        );
        std::fs::create_dir_all(d.join("src/deep")).unwrap();
        assert_eq!(
            remote_name(&d.join("src/deep")).as_deref(),
            Some("git@github.com:acme/shop.git")
        );
    }
}
