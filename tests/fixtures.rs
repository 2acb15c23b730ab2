//! The fixture tree: the exact set of (path, line, rule), nothing missing,
//! nothing extra, the same for every thread count.

use crate::util::*;
use std::collections::BTreeSet;

fn expected() -> BTreeSet<String> {
    let text = std::fs::read_to_string(repo_root().join("fixtures/expected-findings.txt"))
        .expect("expected-findings.txt");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

#[test]
fn fixtures_give_exactly_the_expected_findings() {
    let out = run(&["scan", "--format", "json", "fixtures"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "findings exit 1; stderr: {}",
        stderr(&out)
    );
    let got: BTreeSet<String> = keys(&json(&out), "fixtures/").into_iter().collect();
    let want = expected();
    let missing: Vec<_> = want.difference(&got).collect();
    let extra: Vec<_> = got.difference(&want).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {}:\n  {}\nextra {}:\n  {}",
        missing.len(),
        missing
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n  "),
        extra.len(),
        extra
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n  ")
    );
    assert!(
        want.len() >= 100,
        "the fixture tree should stay realistic and large"
    );
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let one = run(&["scan", "--format", "json", "--threads", "1", "fixtures"]);
    let two = run(&["scan", "--format", "json", "--threads", "2", "fixtures"]);
    let mut a = json(&one);
    let mut b = json(&two);
    a["summary"]["elapsed_ms"] = 0.into();
    b["summary"]["elapsed_ms"] = 0.into();
    assert_eq!(a, b);
}

#[test]
fn no_secret_from_the_fixtures_reaches_any_output_by_default() {
    // every expected secret, read back from the clear-text run
    let clear = json(&run(&[
        "scan",
        "--format",
        "json",
        "--show-secrets",
        "fixtures",
    ]));
    let secrets: Vec<String> = clear["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["secret"].as_str().unwrap().to_string())
        // a password that is a plain word (`postgres`) also appears as a URI
        // scheme or a host name, which are not secrets
        .filter(|s| s.len() >= 6 && !s.chars().all(|c| c.is_ascii_lowercase()))
        .collect();
    assert!(secrets.len() > 100);
    for format in ["text", "json", "sarif"] {
        let out = run(&["scan", "--format", format, "--color", "always", "fixtures"]);
        let all = format!("{}{}", stdout(&out), stderr(&out));
        for s in &secrets {
            assert!(
                !all.contains(s.as_str()),
                "{format} output leaks a secret starting {:?}",
                &s[..2]
            );
        }
    }
}

#[test]
fn every_finding_carries_the_documented_fields() {
    let v = json(&run(&["scan", "--format", "json", "fixtures"]));
    assert_eq!(v["version"], 1);
    for key in [
        "files_scanned",
        "bytes_scanned",
        "files_skipped",
        "findings",
        "elapsed_ms",
    ] {
        assert!(v["summary"][key].is_u64(), "summary.{key}");
    }
    for f in v["findings"].as_array().unwrap() {
        for key in [
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "rule",
            "kind",
            "engine",
            "host",
            "service",
            "user",
            "secret",
            "fingerprint",
            "severity",
            "confidence",
        ] {
            assert!(f.get(key).is_some(), "finding lacks {key}: {f}");
        }
        assert!(f["secret"].as_str().unwrap().ends_with("****"));
        assert_eq!(f["fingerprint"].as_str().unwrap().len(), 32);
    }
}

#[test]
fn azure_hosts_are_classified_in_every_cloud() {
    let v = json(&run(&["scan", "--format", "json", "fixtures"]));
    let services: BTreeSet<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| {
            Some(format!(
                "{}/{}",
                f["service"].as_str()?,
                f["cloud"].as_str()?
            ))
        })
        .collect();
    for want in [
        "azure-sql/public",
        "azure-sql/us-gov",
        "azure-sql/china",
        "azure-postgresql/public",
        "azure-mysql/public",
        "azure-cache-for-redis/public",
        "azure-cosmos-db/public",
    ] {
        assert!(services.contains(want), "no {want} finding in {services:?}");
    }
}

#[test]
fn utf16_findings_report_positions_in_the_decoded_text() {
    let v = json(&run(&[
        "scan",
        "--format",
        "json",
        "fixtures/dotnet-legacy",
    ]));
    let utf16: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["encoding"]
                .as_str()
                .is_some_and(|e| e.starts_with("utf-16"))
        })
        .collect();
    assert!(!utf16.is_empty());
    // the column points at the secret in the decoded line
    let clear = json(&run(&[
        "scan",
        "--format",
        "json",
        "--show-secrets",
        "fixtures/dotnet-legacy",
    ]));
    for f in clear["findings"].as_array().unwrap() {
        if !f["encoding"]
            .as_str()
            .is_some_and(|e| e.starts_with("utf-16"))
        {
            continue;
        }
        let bytes = std::fs::read(repo_root().join(f["path"].as_str().unwrap())).unwrap();
        let (le, body) = match &bytes[..2] {
            [0xFF, 0xFE] => (true, &bytes[2..]),
            _ => (false, &bytes[2..]),
        };
        let units: Vec<u16> = body
            .chunks_exact(2)
            .map(|p| {
                if le {
                    u16::from_le_bytes([p[0], p[1]])
                } else {
                    u16::from_be_bytes([p[0], p[1]])
                }
            })
            .collect();
        let text = String::from_utf16_lossy(&units);
        let line = text
            .lines()
            .nth(f["line"].as_u64().unwrap() as usize - 1)
            .unwrap();
        let col = f["column"].as_u64().unwrap() as usize - 1;
        let at: String = line.chars().skip(col).collect();
        assert!(
            at.starts_with(f["secret"].as_str().unwrap()),
            "{}: {at:?}",
            f["path"]
        );
    }
}
