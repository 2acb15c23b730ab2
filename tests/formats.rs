//! `--format github` and `--format junit` (snapshots), and their escaping.

use crate::util::*;
use std::fs;

#[test]
fn github_snapshot() {
    let o = run(&["scan", "--format", "github", "fixtures/dotnet-api"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    // the level follows the severity: error (high), warning (medium), notice (low)
    assert!(
        out.lines().all(
            |l| (l.starts_with("::error file=") && l.contains("(high)::"))
                || (l.starts_with("::warning file=") && l.contains("(medium)::"))
                || (l.starts_with("::notice file=") && l.contains("(low)::"))
        ),
        "{out}"
    );
    assert!(out.lines().any(|l| l.starts_with("::notice")));
    insta::assert_snapshot!("github_dotnet_api", out);
}

#[test]
fn junit_snapshot() {
    let o = run(&["scan", "--format", "junit", "fixtures/dotnet-api"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let findings = json(&run(&["scan", "--format", "json", "fixtures/dotnet-api"]))["findings"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(cases.len(), findings);
    assert!(cases
        .iter()
        .all(|c| c.children().any(|f| f.has_tag_name("failure"))));
    // the elapsed time varies from run to run
    let re = regex::Regex::new(r#" time="[0-9.]+""#).unwrap();
    let out = re.replace_all(&out, r#" time="[t]""#).into_owned();
    insta::assert_snapshot!("junit_dotnet_api", out);
}

#[test]
fn junit_clean_scan_is_one_passing_test() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.env"), "A=1\n").unwrap();
    let o = run_in(dir.path(), &["scan", "--format", "junit", "."]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    roxmltree::Document::parse(&out).expect("well-formed XML");
    assert!(out.contains(r#"tests="1" failures="0""#), "{out}");
    assert!(out.contains("<testcase classname=\"connleak\""), "{out}");
    assert!(!out.contains("<failure"), "{out}");
}

#[test]
fn hostile_file_names_are_escaped_in_github_and_junit_output() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a,b:c%d<e>&'\"\x1b.env";
    fs::write(
        dir.path().join(name),
        "DATABASE_URL=postgres://app:Qz8-vLm2Tx@db.shopfront-prod.io/app\n",
    )
    .unwrap();
    let o = run_in(dir.path(), &["scan", "--format", "github", "."]);
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.starts_with("::error file=a%2Cb%3Ac%25d<e>&'\"\\x1b.env,line=1,col="),
        "{out:?}"
    );
    assert!(!out.contains('\x1b'));
    assert!(!out.contains("Qz8-vLm2Tx"));
    let o = run_in(dir.path(), &["scan", "--format", "junit", "."]);
    let out = stdout(&o);
    let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
    let case = doc
        .descendants()
        .find(|n| n.has_tag_name("testcase"))
        .unwrap();
    assert_eq!(case.attribute("file"), Some("a,b:c%d<e>&'\"\\x1b.env"));
    assert!(
        out.contains(r#"file="a,b:c%d&lt;e&gt;&amp;&apos;&quot;\x1b.env""#),
        "{out}"
    );
    assert!(!out.contains('\x1b'));
    assert!(!out.contains("Qz8-vLm2Tx"));
}
