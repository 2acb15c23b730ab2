//! SARIF output: structure always; Microsoft's SARIF Multitool validation
//! (`--rule-kind Gh;Sarif`) when the tool is available (`.ci/run` installs
//! it from npm; set SARIF_MULTITOOL to its `Sarif.Multitool` binary).

use crate::util::*;

#[test]
fn sarif_has_rules_fingerprints_and_redacted_snippets() {
    let o = run(&["scan", "--format", "sarif", "fixtures"]);
    let v = json(&o);
    let run0 = &v["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() >= 15);
    for r in rules {
        assert!(r["help"]["markdown"]
            .as_str()
            .is_some_and(|s| !s.is_empty()));
        assert!(r["shortDescription"]["text"].is_string());
    }
    let results = run0["results"].as_array().unwrap();
    assert!(results.len() > 100);
    for r in results {
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], r["ruleId"]);
        assert_eq!(
            r["partialFingerprints"]["connleakFingerprint/v1"]
                .as_str()
                .unwrap()
                .len(),
            32
        );
        let snippet = r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]
            .as_str()
            .unwrap();
        assert!(snippet.contains("****"), "{snippet}");
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(!uri.starts_with('/') && !uri.contains(' '), "{uri}");
    }
}

#[test]
fn sarif_passes_the_sarif_multitool() {
    let Some(tool) = std::env::var_os("SARIF_MULTITOOL") else {
        eprintln!("SARIF_MULTITOOL not set: skipping the Multitool validation (see .ci/run)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("connleak.sarif");
    let o = run(&[
        "scan",
        "--format",
        "sarif",
        "--output",
        report.to_str().unwrap(),
        "fixtures",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let problems = multitool_problems(&tool, &report, dir.path());
    assert!(
        problems.is_empty(),
        "SARIF Multitool found:\n{}",
        problems.join("\n")
    );
}

#[test]
fn suppressed_findings_are_sarif_suppressions_and_still_validate() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("app.env"),
        "DATABASE_URL=postgres://app:Qz8vN3mXz7@db.internal:5432/app # connleak:allow reason=\"test database\"\nOTHER_URL=postgres://app:Wq8vN3mXz7@db2.internal:5432/app\n",
    )
    .expect("write");
    let report = dir.path().join("out.sarif");
    let o = run_in(
        dir.path(),
        &[
            "scan",
            "--format",
            "sarif",
            "--include-suppressed",
            "-o",
            "out.sarif",
            ".",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).expect("read")).expect("json");
    let results = v["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    let sup: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(sup.len(), 1);
    assert_eq!(sup[0]["suppressions"][0]["kind"], "inSource");
    assert_eq!(sup[0]["suppressions"][0]["justification"], "test database");
    if let Some(tool) = std::env::var_os("SARIF_MULTITOOL") {
        let problems = multitool_problems(&tool, &report, dir.path());
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}

/// Run `Sarif.Multitool validate --rule-kind Gh;Sarif` on a report and
/// return what it found (empty: valid).
pub fn multitool_problems(
    tool: &std::ffi::OsStr,
    report: &std::path::Path,
    dir: &std::path::Path,
) -> Vec<String> {
    let log = dir.join("validation.sarif");
    let status = std::process::Command::new(tool)
        .args(["validate", "--rule-kind", "Gh;Sarif"])
        .arg(report)
        .arg("--output")
        .arg(&log)
        .status()
        .expect("run the SARIF Multitool");
    assert!(status.success());
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&log).expect("validation log")).expect("json");
    v["runs"][0]["results"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| format!("{} {} {}", r["level"], r["ruleId"], r["message"]))
                .collect()
        })
        .unwrap_or_default()
}
