//! Precision and recall on the evaluation corpora (`eval/`): a regression
//! guard, not a target to tune against.

use crate::util::*;
use std::collections::BTreeSet;

fn score(corpus: &str) -> (usize, usize, usize, Vec<String>, Vec<String>) {
    let root = repo_root().join("eval");
    let expected: BTreeSet<(String, u64, String)> =
        std::fs::read_to_string(root.join(format!("{corpus}.expected.tsv")))
            .expect("expected.tsv")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                (
                    f[0].to_string(),
                    f[1].parse().expect("line number"),
                    f[2].to_string(),
                )
            })
            .collect();
    let o = run_in(
        &root.join(corpus),
        &["scan", "--format", "json", "--show-secrets", "."],
    );
    let v = json(&o);
    let found: BTreeSet<(String, u64, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["secret"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let tp = expected.intersection(&found).count();
    let missed = expected
        .difference(&found)
        .map(|k| format!("{}:{}", k.0, k.1))
        .collect();
    let extra = found
        .difference(&expected)
        .map(|k| format!("{}:{}", k.0, k.1))
        .collect();
    (tp, expected.len(), found.len(), missed, extra)
}

fn check(corpus: &str, min_recall: f64, min_precision: f64) {
    let (tp, expected, found, missed, extra) = score(corpus);
    let recall = tp as f64 / expected as f64;
    let precision = tp as f64 / found.max(1) as f64;
    eprintln!("{corpus}: {tp} of {expected} found, {found} reported: recall {recall:.3}, precision {precision:.3}");
    assert!(
        recall >= min_recall && precision >= min_precision,
        "{corpus}: recall {recall:.3} (floor {min_recall}), precision {precision:.3} (floor {min_precision})\nmissed: {missed:?}\nextra: {extra:?}"
    );
}

#[test]
fn corpus_1_recall_and_precision() {
    check("corpus-1", 0.95, 0.98);
}

#[test]
fn corpus_2_recall_and_precision() {
    check("corpus-2", 0.94, 0.98);
}
