//! The shell scripts embedded in YAML (the action's steps, the workflows,
//! the organisation-audit templates) go through shellcheck, where it is
//! installed (`.ci/run` installs it), as their engine runs them (GitHub:
//! `bash -eo pipefail`; Azure Pipelines: plain `bash`; the Kubernetes
//! scripts: `sh`), and none of them has a GitHub or Azure expression
//! expanded into its text: values come in through `env`, so a branch or
//! repository name cannot inject shell code.

use crate::util::*;
use serde_yaml::Value as Yaml;
use std::path::Path;
use std::process::Command;

/// (where, shell, script) for every script in the YAML files.
fn scripts() -> Vec<(String, &'static str, String)> {
    let mut out = Vec::new();
    let load = |p: &str| -> Yaml {
        serde_yaml::from_str(&std::fs::read_to_string(repo_root().join(p)).expect(p)).expect(p)
    };
    let steps_of = |file: &str, steps: &Yaml, out: &mut Vec<(String, &'static str, String)>| {
        for (i, s) in steps.as_sequence().into_iter().flatten().enumerate() {
            for key in ["run", "bash"] {
                if let Some(text) = s[key].as_str() {
                    let name = s["name"]
                        .as_str()
                        .or(s["displayName"].as_str())
                        .unwrap_or("");
                    // GitHub runs `bash --noprofile --norc -eo pipefail {0}`
                    out.push((
                        format!("{file}: step {i} {name}"),
                        "bash",
                        format!("set -eo pipefail\n{text}"),
                    ));
                }
            }
        }
    };
    let action = load("action.yml");
    steps_of("action.yml", &action["runs"]["steps"], &mut out);
    let mut workflows = vec!["docs/org-audit/github-actions.yml".to_string()];
    for e in std::fs::read_dir(repo_root().join(".github/workflows")).expect("workflows") {
        let name = e.expect("entry").file_name().to_string_lossy().into_owned();
        workflows.push(format!(".github/workflows/{name}"));
    }
    for wf in &workflows {
        let y = load(wf);
        for (_, job) in y["jobs"].as_mapping().expect("jobs") {
            steps_of(wf, &job["steps"], &mut out);
        }
    }
    // the Azure template: steps under stages/jobs, some inside ${{ each }}
    fn azure(v: &Yaml, out: &mut Vec<(String, &'static str, String)>) {
        match v {
            Yaml::Mapping(m) => {
                if let Some(text) = m.get("bash").and_then(Yaml::as_str) {
                    let name = m.get("displayName").and_then(Yaml::as_str).unwrap_or("");
                    out.push((
                        format!("connleak-org-audit.yml: {name}"),
                        "bash",
                        text.to_string(),
                    ));
                }
                for (_, v) in m {
                    azure(v, out);
                }
            }
            Yaml::Sequence(s) => s.iter().for_each(|v| azure(v, out)),
            _ => {}
        }
    }
    azure(&load("docs/org-audit/connleak-org-audit.yml"), &mut out);
    let k8s =
        std::fs::read_to_string(repo_root().join("docs/org-audit/kubernetes.yaml")).expect("k8s");
    for doc in serde_yaml::Deserializer::from_str(&k8s) {
        let y: Yaml = serde::Deserialize::deserialize(doc).expect("YAML");
        if y["kind"].as_str() == Some("ConfigMap") {
            for (k, v) in y["data"].as_mapping().expect("data") {
                let k = k.as_str().expect("key");
                if k.ends_with(".sh") {
                    out.push((
                        format!("kubernetes.yaml: {k}"),
                        "sh",
                        v.as_str().expect("script").to_string(),
                    ));
                }
            }
        }
    }
    out
}

#[test]
fn no_expression_is_expanded_into_a_script() {
    let all = scripts();
    assert!(all.len() >= 15, "found {} scripts", all.len());
    let macro_call = regex::Regex::new(r"\$\([A-Z][A-Za-z]+\.[A-Za-z.]+\)").expect("regex");
    for (at, _, text) in &all {
        assert!(
            !text.contains("${{"),
            "{at}: pass expressions through env, not into the script"
        );
        assert!(
            !macro_call.is_match(text),
            "{at}: pass Azure macros through env"
        );
    }
}

#[test]
fn shellcheck_passes_every_script() {
    let have = Command::new("shellcheck")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        eprintln!("shellcheck is not installed: the embedded scripts are not checked");
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut failures = Vec::new();
    for (i, (at, shell, text)) in scripts().iter().enumerate() {
        let p = tmp.path().join(format!("{i}.sh"));
        std::fs::write(&p, text).expect("write");
        let o = Command::new("shellcheck")
            .args(["--shell", shell, "--severity", "style", "--format", "gcc"])
            .arg(&p)
            .output()
            .expect("shellcheck runs");
        if !o.status.success() {
            failures.push(format!("{at}:\n{}", String::from_utf8_lossy(&o.stdout)));
        }
    }
    let ci = repo_root().join(".ci/run");
    let o = Command::new("shellcheck")
        .args(["--severity", "style"])
        .arg(&ci)
        .output()
        .expect("shellcheck");
    if !o.status.success() {
        failures.push(format!(
            "{}:\n{}",
            Path::new(".ci/run").display(),
            String::from_utf8_lossy(&o.stdout)
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
