//! The literal prefilter: every rule keyword in a buffer, found with
//! Aho-Corasick before any parser or regex runs.

use crate::rules::{Anchors, RuleSet};

/// Every keyword occurrence, overlapping ones included, in increasing order
/// of (start, end). Keywords match in any ASCII case. The search looks for
/// a few short anchors (every keyword contains one) in 64 KiB blocks, pass
/// after pass over a block while it is in cache; a keyword is compared
/// only where an anchor occurrence places it (see [`Anchors`]).
pub(super) fn keyword_hits(
    set: &RuleSet,
    anchors: &Anchors,
    text: &[u8],
) -> Vec<aho_corasick::Match> {
    const BLOCK: usize = 64 << 10;
    // room after a block for a keyword around an anchor in it
    let margin = 2 * set.max_keyword;
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    let mut b = 0;
    while b < text.len() {
        let e = (b + BLOCK).min(text.len());
        // hits starting after the block are the next block's
        anchors.keywords_into(text, b, (e + margin).min(text.len()), e, &mut found);
        b = e;
    }
    found.sort_unstable_by_key(|&(id, s, e)| (s, e, id));
    found.dedup_by_key(|&mut (_, s, e)| (s, e));
    found
        .into_iter()
        .map(|(id, s, e)| aho_corasick::Match::must(id, s..e))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Files whose rules differ only in rules whose keywords others share
    /// (a Markdown file's documentation rule, a Python file's flag rule)
    /// share one searcher: it is built once per set of keywords.
    #[test]
    fn one_searcher_per_set_of_keywords() {
        let set = RuleSet::builtin().unwrap();
        let (md, py) = (
            set.applicable("README.md"),
            set.applicable("app/settings.py"),
        );
        assert_ne!(md, py);
        let (a, b) = (
            set.anchor_searcher(&md).unwrap(),
            set.anchor_searcher(&py).unwrap(),
        );
        assert!(std::sync::Arc::ptr_eq(&a, &b));
        // and a set with other keywords has its own
        let json = set.applicable("config.json");
        assert!(!std::sync::Arc::ptr_eq(
            &a,
            &set.anchor_searcher(&json).unwrap()
        ));
    }

    /// Across 64 KiB blocks, in any case: every occurrence of every keyword
    /// of the rules that apply, as a plain search of the lower-cased text
    /// finds them.
    #[test]
    fn every_keyword_is_found_across_blocks_in_any_case() {
        let set = RuleSet::builtin().unwrap();
        let applies = set.applicable("deploy/values.json");
        let anchors = set.anchor_searcher(&applies).unwrap();
        let keywords: Vec<(usize, &str)> = set
            .keywords
            .iter()
            .enumerate()
            .filter(|(i, _)| set.keyword_rules[*i].iter().any(|&r| applies.contains(r)))
            .map(|(i, k)| (i, k.as_str()))
            .collect();
        let pieces = [
            "Pass",
            "word",
            "PWD",
            "://",
            "MySql",
            "_Connect",
            "pg",
            "_",
            "Secret",
            "x",
            " ",
            "\n",
            "ACCOUNT",
            "Key",
            "url",
            "URI",
            "dsn",
            "param",
            "Identified",
            "jdbc:",
            "Pas",
            "swd",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut text = Vec::new();
        while text.len() < 300_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.extend_from_slice(pieces[(state % pieces.len() as u64) as usize].as_bytes());
        }
        let lower = text.to_ascii_lowercase();
        let mut want: Vec<(usize, usize, usize)> = Vec::new();
        for &(id, k) in &keywords {
            for i in 0..lower.len() {
                if lower[i..].starts_with(k.as_bytes()) {
                    want.push((id, i, i + k.len()));
                }
            }
        }
        want.sort_unstable_by_key(|&(id, s, e)| (s, e, id));
        let got: Vec<(usize, usize, usize)> = keyword_hits(&set, &anchors, &text)
            .iter()
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect();
        assert!(want.len() > 20_000, "{}", want.len());
        assert_eq!(got.len(), want.len());
        assert_eq!(got, want);
    }
}
