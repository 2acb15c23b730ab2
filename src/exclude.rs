//! Exclude globs (gitignore syntax) checked against single paths: for the
//! files of a staged scan and for paths named on the command line with
//! `--force-exclude`, where the walker's own overrides do not apply.

use ignore::overrides::{Override, OverrideBuilder};
use std::path::{Component, Path, PathBuf};

pub struct Excluder {
    root: PathBuf,
    ov: Option<Override>,
}

impl Excluder {
    /// Globs relative to `root`, as `--exclude` globs are to a scanned directory.
    pub fn new(root: &Path, globs: &[String]) -> anyhow::Result<Excluder> {
        let ov = if globs.is_empty() {
            None
        } else {
            let mut b = OverrideBuilder::new(root);
            for g in globs {
                b.add(&format!("!{g}"))?;
            }
            Some(b.build()?)
        };
        Ok(Excluder {
            root: root.to_path_buf(),
            ov,
        })
    }

    /// Whether `path` (relative to the root) or one of its parent
    /// directories matches an exclude glob.
    pub fn is_excluded(&self, path: &Path) -> bool {
        let Some(ov) = &self.ov else {
            return false;
        };
        let rel: PathBuf = path
            .components()
            .filter(|c| !matches!(c, Component::CurDir))
            .collect();
        let full = self.root.join(&rel);
        if ov.matched(&full, false).is_ignore() {
            return true;
        }
        let mut dir = rel.parent();
        while let Some(d) = dir {
            if d.as_os_str().is_empty() {
                break;
            }
            if ov.matched(self.root.join(d), true).is_ignore() {
                return true;
            }
            dir = d.parent();
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_their_directories() {
        let e = Excluder::new(
            Path::new("/r"),
            &[
                "vendor/".into(),
                "*.min.js".into(),
                "tests/fixtures/**".into(),
            ],
        )
        .unwrap();
        assert!(e.is_excluded(Path::new("vendor/a/b.env")));
        assert!(e.is_excluded(Path::new("./web/app.min.js")));
        assert!(e.is_excluded(Path::new("tests/fixtures/x/.env")));
        assert!(!e.is_excluded(Path::new("src/app.env")));
        assert!(!e.is_excluded(Path::new("tests/x.env")));
        assert!(!Excluder::new(Path::new("/r"), &[])
            .unwrap()
            .is_excluded(Path::new("a")));
    }
}
