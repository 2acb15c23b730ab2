//! The rules' `paths` globs, matched once per file.
//!
//! One `GlobSet` of every glob matches most of them cheaply (by extension,
//! by file name), but a glob such as `**/*db*pass*` or `**/Dockerfile.*`
//! falls to its regex set, which searched every path of the tree: about a
//! twentieth of the scan of a source tree. Such a glob cannot match a path
//! without its longest literal (`pass`, `Dockerfile.`), so those globs are
//! kept apart, grouped by that literal, and matched only against a path that
//! holds it (one Aho-Corasick search of the path for all the literals).

use aho_corasick::AhoCorasick;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::BTreeMap;

pub(super) struct PathGlobs {
    /// globs matched against every path
    plain: GlobSet,
    plain_rule: Vec<usize>,
    /// the literals that gate the other groups (pattern id = group)
    gate: Option<AhoCorasick>,
    /// per literal: its globs, and the rule of each
    gated: Vec<(GlobSet, Vec<usize>)>,
}

/// The literal a path must contain for `glob` to match it, when the glob
/// is one that globset matches with a regex (a wildcard inside the name,
/// not only a `*.ext` or `**/` prefix). `None` for the others, and for
/// globs whose literals are not plainly required (`{a,b}`, `[ab]`,
/// escapes).
pub(super) fn gate_literal(glob: &str) -> Option<&str> {
    if glob.contains(['{', '}', '[', ']', '\\']) {
        return None;
    }
    let rest = glob.strip_prefix("**/").unwrap_or(glob);
    let wild = |c: char| c == '*' || c == '?';
    // `name`, `*.ext`, `*.tf.json`: by name or extension
    if !rest.contains(wild) || rest.strip_prefix('*').is_some_and(|r| !r.contains(wild)) {
        return None;
    }
    // the longest run without a wildcard or separator (a path may spell
    // its separators either way); the first of equals, which names the
    // file where a later one is its extension (`redis*.conf`)
    rest.split(|c: char| wild(c) || c == '/')
        .rev()
        .max_by_key(|l| l.len())
        .filter(|l| l.len() >= 3)
}

impl PathGlobs {
    /// `globs`: each glob with the rule it belongs to.
    pub(super) fn new(globs: &[(Glob, usize)]) -> Result<PathGlobs, String> {
        let mut plain = GlobSetBuilder::new();
        let mut plain_rule = Vec::new();
        let mut groups: BTreeMap<&str, (GlobSetBuilder, Vec<usize>)> = BTreeMap::new();
        for (g, rule) in globs {
            match gate_literal(g.glob()) {
                Some(lit) => {
                    let (b, rules) = groups
                        .entry(lit)
                        .or_insert_with(|| (GlobSetBuilder::new(), Vec::new()));
                    b.add(g.clone());
                    rules.push(*rule);
                }
                None => {
                    plain.add(g.clone());
                    plain_rule.push(*rule);
                }
            }
        }
        let gate = if groups.is_empty() {
            None
        } else {
            Some(AhoCorasick::new(groups.keys()).map_err(|e| e.to_string())?)
        };
        let mut gated = Vec::with_capacity(groups.len());
        for (_, (b, rules)) in groups {
            gated.push((b.build().map_err(|e| e.to_string())?, rules));
        }
        Ok(PathGlobs {
            plain: plain.build().map_err(|e| e.to_string())?,
            plain_rule,
            gate,
            gated,
        })
    }

    /// Call `hit` with the rule of every glob that matches `path` (a rule
    /// may come more than once). `scratch` is a buffer the caller keeps.
    pub(super) fn matches(&self, path: &str, scratch: &mut Vec<usize>, mut hit: impl FnMut(usize)) {
        self.plain.matches_into(path, scratch);
        for &g in scratch.iter() {
            hit(self.plain_rule[g]);
        }
        let Some(gate) = &self.gate else {
            return;
        };
        // each group once, however often its literal occurs
        let mut seen = 0u128;
        for m in gate.find_overlapping_iter(path) {
            let group = m.pattern().as_usize();
            if group < 128 {
                if seen & (1 << group) != 0 {
                    continue;
                }
                seen |= 1 << group;
            }
            let (set, rules) = &self.gated[group];
            set.matches_into(path, scratch);
            for &g in scratch.iter() {
                hit(rules[g]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_globs_are_gated_and_by_what() {
        assert_eq!(gate_literal("**/*db*pass*"), Some("pass"));
        assert_eq!(gate_literal("**/*database*pass*"), Some("database"));
        assert_eq!(gate_literal("**/Dockerfile.*"), Some("Dockerfile."));
        assert_eq!(gate_literal("**/pgbouncer/*.txt"), Some("pgbouncer"));
        assert_eq!(gate_literal("**/redis*.conf"), Some("redis"));
        for plain in [
            "*.json",
            "**/*.acl",
            "*.tf.json",
            "Dockerfile",
            "**/.pgpass",
            "**/{a,b}*x",
            "*[ab]*",
        ] {
            assert_eq!(gate_literal(plain), None, "{plain}");
        }
        // no literal long enough to gate on
        assert_eq!(gate_literal("**/a*b"), None);
    }

    /// Gated or not, a path gets the rules a single set of every glob
    /// gives it.
    #[test]
    fn the_same_matches_as_one_set() {
        let globs = [
            "**/*db*pass*",
            "**/db/*pass*",
            "**/*mysql*pass*",
            "**/Dockerfile.*",
            "Dockerfile.*",
            "**/database.yml.*",
            "**/pgbouncer/*.txt",
            "**/redis*.conf",
            "*.json",
            "**/.pgpass",
            "*.tf",
            "**/a*b",
            "**/{x,y}*pass",
        ];
        let pairs: Vec<(Glob, usize)> = globs
            .iter()
            .enumerate()
            .map(|(i, g)| (Glob::new(g).unwrap(), i))
            .collect();
        let split = PathGlobs::new(&pairs).unwrap();
        let mut one = GlobSetBuilder::new();
        for (g, _) in &pairs {
            one.add(g.clone());
        }
        let one = one.build().unwrap();
        let paths = [
            "app/db/root_pass",
            "x/mydb_password.txt",
            "mysql-pass",
            "a/b/Dockerfile.dev",
            "Dockerfile.prod",
            "Dockerfile",
            "config/database.yml.example",
            "database.yml",
            "etc/pgbouncer/userlist.txt",
            "pgbouncer.txt",
            "conf/redis-6379.conf",
            "redis.conf",
            "package.json",
            "home/u/.pgpass",
            "main.tf",
            "ab",
            "a/xb",
            "x_pass",
            "ypass",
            "zpass",
            "passpass/dbpass",
            "",
        ];
        let mut scratch = Vec::new();
        for p in paths {
            let mut got = Vec::new();
            split.matches(p, &mut scratch, |r| got.push(r));
            got.sort_unstable();
            got.dedup();
            let want = one.matches(p);
            assert_eq!(got, want, "{p}");
        }
    }
}
