//! The organisation-wide audit templates in docs/org-audit/, run here as far
//! as they can be: their own shell steps (GitHub Actions `run:`, Azure
//! Pipelines `bash:`, the Kubernetes Job's scripts), taken from the YAML
//! files themselves, scan local repositories built by the test in parallel
//! (one process per repository, as the matrix jobs, pipeline jobs or Job
//! pods would), and their merge step joins the reports. What the engines do
//! around those steps (checkout, artifacts, scheduling) is emulated: a
//! clone, a copy, threads. Every credential must come out attributed to its
//! repository, and the one shared by two repositories must be one inventory
//! entry listing both.

use crate::repos::{commit, git};
use crate::util::*;
use serde_json::Value;
use serde_yaml::Value as Yaml;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// owner/name, and the host of the credential only that repository holds
/// (`None`: a repository without findings).
const REPOS: [(&str, Option<&str>); 5] = [
    ("acme/billing-api", Some("billing.internal")),
    ("acme/shop-web", Some("shop.internal")),
    ("acme/docs", None),
    ("globex/payments", Some("payments.internal")),
    ("globex/reporting", Some("reporting.internal")),
];
/// The credential committed in two repositories, at the same path.
const SHARED_HOST: &str = "shared.internal";
const SHARED_IN: [&str; 2] = ["acme/billing-api", "globex/payments"];

/// The origin repositories, under `<dir>/origin/<owner>/<name>`.
fn origins(dir: &Path) -> PathBuf {
    let base = dir.join("origin");
    for (i, (name, host)) in REPOS.iter().enumerate() {
        let d = base.join(name);
        std::fs::create_dir_all(&d).expect("mkdir");
        git(&d, &["init", "-q"]);
        commit(&d, &[("README.md", &format!("# {name}\n"))], "start");
        if let Some(host) = host {
            // the same path in every repository: attribution is by repository
            commit(
                &d,
                &[(
                    "config/.env",
                    &format!("DATABASE_URL=postgres://app{i}:Own-Secr3t-{i}x@{host}:5432/app\n"),
                )],
                "add settings",
            );
        }
        if SHARED_IN.contains(name) {
            commit(
                &d,
                &[(
                    "deploy/shared.env",
                    &format!("DATABASE_URL=postgres://etl:Sh4red-Etl-Pw9@{SHARED_HOST}:5432/etl\n"),
                )],
                "add etl",
            );
            // removed since: still in the history, so still in the audit
            git(&d, &["rm", "-q", "deploy/shared.env"]);
            git(&d, &["commit", "-qm", "remove etl"]);
        }
    }
    base
}

/// A clone of `origin` at `to`, with every branch, as a checkout with the
/// whole history would leave it.
fn checkout(origin: &Path, to: &Path) {
    std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
    let parent = to.parent().expect("parent");
    git(
        parent,
        &[
            "clone",
            "-q",
            origin.to_str().expect("utf-8 path"),
            to.to_str().expect("utf-8 path"),
        ],
    );
}

/// PATH with the connleak under test first.
fn path_env() -> String {
    let bin = assert_cmd::cargo::cargo_bin("connleak");
    let dir = bin.parent().expect("bin dir").display().to_string();
    format!("{dir}:{}", std::env::var("PATH").unwrap_or_default())
}

/// Run a step's script with `shell` in `cwd` with `env`; panics with its
/// output when it fails.
fn run_script(shell: &str, script: &str, cwd: &Path, env: &[(&str, String)]) -> String {
    std::fs::create_dir_all(cwd).expect("mkdir");
    let mut c = Command::new(shell);
    if shell == "bash" {
        // what GitHub Actions and Azure Pipelines run a bash step with
        c.args(["--noprofile", "--norc", "-eo", "pipefail", "-c"]);
    } else {
        c.arg("-c");
    }
    c.arg(script).current_dir(cwd).env("PATH", path_env());
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().expect("the shell runs");
    assert!(
        o.status.success(),
        "step failed ({:?}):\n{script}\nstdout: {}\nstderr: {}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn yaml(path: &str) -> Yaml {
    let text = std::fs::read_to_string(repo_root().join(path)).expect("template");
    serde_yaml::from_str(&text).expect("valid YAML")
}

fn str_of<'a>(v: &'a Yaml, what: &str) -> &'a str {
    v.as_str()
        .unwrap_or_else(|| panic!("{what} is not a string: {v:?}"))
}

/// The step of a steps list whose `key` is `value`.
fn step<'a>(steps: &'a Yaml, key: &str, value: &str) -> &'a Yaml {
    steps
        .as_sequence()
        .expect("steps")
        .iter()
        .find(|s| s[key].as_str() == Some(value))
        .unwrap_or_else(|| panic!("no step with {key}: {value}"))
}

/// The merged report is right: every credential is attributed to its
/// repository, and the shared one is one entry listing both.
fn check_merged(dir: &Path, json_name: &str, html_name: &str, label: &dyn Fn(&str) -> String) {
    let v: Value =
        serde_json::from_slice(&std::fs::read(dir.join(json_name)).expect("merged JSON"))
            .expect("JSON");
    assert_eq!(
        v["merged_reports"],
        REPOS.len(),
        "one report per repository"
    );
    let inventory = v["inventory"].as_array().expect("inventory");
    let by_host: BTreeMap<&str, &Value> = inventory
        .iter()
        .map(|c| (c["host"].as_str().expect("host"), c))
        .collect();
    let expected_hosts: BTreeSet<&str> = REPOS
        .iter()
        .filter_map(|(_, h)| *h)
        .chain([SHARED_HOST])
        .collect();
    assert_eq!(
        by_host.keys().copied().collect::<BTreeSet<_>>(),
        expected_hosts
    );
    for (name, host) in REPOS {
        let Some(host) = host else { continue };
        let c = by_host[host];
        assert_eq!(
            c["repositories"],
            serde_json::json!([label(name)]),
            "{host}"
        );
        for l in c["locations"].as_array().expect("locations") {
            assert_eq!(l["repository"], label(name).as_str(), "{host}");
            assert_eq!(l["path"], "config/.env");
        }
    }
    let shared = by_host[SHARED_HOST];
    let mut want: Vec<String> = SHARED_IN.iter().map(|n| label(n)).collect();
    want.sort();
    assert_eq!(shared["repositories"], serde_json::json!(want));
    assert_eq!(shared["live"], false, "removed in both");
    let repos: BTreeSet<&str> = shared["locations"]
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| l["repository"].as_str().expect("repository"))
        .collect();
    assert_eq!(repos.len(), 2);
    // every finding carries its repository
    for f in v["findings"].as_array().expect("findings") {
        let repo = f["provenance"]["repository"].as_str().expect("provenance");
        assert!(REPOS.iter().any(|(n, _)| label(n) == repo), "{repo}");
    }
    assert_eq!(v["findings"].as_array().expect("findings").len(), 4 + 2);
    let html = std::fs::read_to_string(dir.join(html_name)).expect("merged HTML");
    for (name, host) in REPOS {
        if host.is_some() {
            assert!(html.contains(&label(name)), "{name} in the HTML report");
        }
    }
}

#[test]
fn github_actions_matrix_and_merge() {
    let wf = yaml("docs/org-audit/github-actions.yml");
    let jobs = &wf["jobs"];
    let tmp = tempfile::tempdir().expect("tempdir");
    let origin = origins(tmp.path());

    // plan: the list file -> the matrix
    let audit = tmp.path().join("audit");
    let list = "# repositories to audit\nacme/billing-api\n\nacme/shop-web   # the shop\nacme/docs\nglobex/payments\nglobex/reporting\n";
    std::fs::create_dir_all(audit.join(".github")).expect("mkdir");
    std::fs::write(audit.join(".github/connleak-repos.txt"), list).expect("list");
    let plan = step(&jobs["plan"]["steps"], "id", "list");
    let out = audit.join("plan.out");
    run_script(
        "bash",
        str_of(&plan["run"], "run"),
        &audit,
        &[
            ("LIST", str_of(&plan["env"]["LIST"], "LIST").to_string()),
            ("GITHUB_OUTPUT", out.display().to_string()),
        ],
    );
    let outputs = std::fs::read_to_string(&out).expect("outputs");
    let matrix: Vec<String> = serde_json::from_str(
        outputs
            .lines()
            .find_map(|l| l.strip_prefix("repos="))
            .expect("repos output"),
    )
    .expect("a JSON list");
    assert_eq!(matrix, REPOS.map(|(n, _)| n.to_string()));
    assert_eq!(
        str_of(&jobs["scan"]["strategy"]["matrix"]["repo"], "matrix"),
        "${{ fromJSON(needs.plan.outputs.repos) }}"
    );
    // a bad line fails the plan
    std::fs::write(
        audit.join(".github/connleak-repos.txt"),
        "acme/x; rm -rf /\n",
    )
    .expect("list");
    let bad = Command::new("bash")
        .args(["-eo", "pipefail", "-c", str_of(&plan["run"], "run")])
        .current_dir(&audit)
        .env("LIST", ".github/connleak-repos.txt")
        .env("GITHUB_OUTPUT", &out)
        .output()
        .expect("bash");
    assert!(
        !bad.status.success(),
        "an invalid repository name is refused"
    );

    // scan: one job per repository, all at once
    let steps = &jobs["scan"]["steps"];
    let checkout_step = step(steps, "uses", "actions/checkout@v4");
    assert_eq!(checkout_step["with"]["fetch-depth"].as_u64(), Some(0));
    assert_eq!(
        str_of(&checkout_step["with"]["path"], "path"),
        "${{ matrix.repo }}"
    );
    let scan = step(steps, "id", "scan");
    assert_eq!(str_of(&scan["env"]["REPO"], "REPO"), "${{ matrix.repo }}");
    let upload = step(steps, "uses", "actions/upload-artifact@v4");
    assert_eq!(
        str_of(&upload["with"]["path"], "path"),
        "reports/${{ steps.scan.outputs.name }}.json"
    );
    let script = str_of(&scan["run"], "run");
    let merged_in = tmp.path().join("merge");
    std::thread::scope(|s| {
        for (i, repo) in matrix.iter().enumerate() {
            let (origin, merged_in, tmp) = (&origin, &merged_in, &tmp);
            s.spawn(move || {
                let ws = tmp.path().join(format!("job-{i}"));
                checkout(&origin.join(repo), &ws.join(repo));
                let out = ws.join("github_output");
                run_script(
                    "bash",
                    script,
                    &ws,
                    &[
                        ("REPO", repo.clone()),
                        ("GITHUB_OUTPUT", out.display().to_string()),
                    ],
                );
                let outputs = std::fs::read_to_string(&out).expect("outputs");
                let name = outputs
                    .lines()
                    .find_map(|l| l.strip_prefix("name="))
                    .expect("name output");
                assert_eq!(name, repo.replace('/', "__"));
                // download-artifact with merge-multiple: every report in one directory
                let report = ws.join(format!("reports/{name}.json"));
                std::fs::create_dir_all(merged_in.join("reports")).expect("mkdir");
                std::fs::copy(&report, merged_in.join(format!("reports/{name}.json")))
                    .expect("artifact");
            });
        }
    });
    let merge = step(&jobs["merge"]["steps"], "id", "merge");
    let summary = merged_in.join("step_summary.md");
    run_script(
        "bash",
        str_of(&merge["run"], "run"),
        &merged_in,
        &[("GITHUB_STEP_SUMMARY", summary.display().to_string())],
    );
    check_merged(&merged_in, "org-audit.json", "org-audit.html", &|n| {
        n.to_string()
    });
    let summary = std::fs::read_to_string(&summary).expect("summary");
    assert!(summary.contains("5 repositories merged"), "{summary}");
}

/// Expand the Azure template the way Azure Pipelines does for the
/// parameters given: `${{ each x in parameters.y }}` over a list and
/// `${{ x.field }}`/`${{ parameters.name }}` in strings.
fn expand(v: &Yaml, vars: &BTreeMap<String, Yaml>) -> Yaml {
    let re = regex::Regex::new(r"\$\{\{\s*([A-Za-z_][\w.]*)\s*\}\}").expect("regex");
    let each = regex::Regex::new(r"^\$\{\{\s*each\s+(\w+)\s+in\s+parameters\.(\w+)\s*\}\}$")
        .expect("regex");
    match v {
        Yaml::String(s) => Yaml::String(
            re.replace_all(s, |c: &regex::Captures<'_>| {
                let value = vars
                    .get(&c[1])
                    .unwrap_or_else(|| panic!("unknown {}", &c[1]));
                match value {
                    Yaml::String(s) => s.clone(),
                    other => serde_yaml::to_string(other)
                        .expect("scalar")
                        .trim()
                        .to_string(),
                }
            })
            .into_owned(),
        ),
        Yaml::Sequence(items) => {
            let mut out = Vec::new();
            for item in items {
                let looped = item.as_mapping().filter(|m| m.len() == 1).and_then(|m| {
                    let (k, body) = m.iter().next()?;
                    let c = each.captures(k.as_str()?)?;
                    Some((c[1].to_string(), c[2].to_string(), body))
                });
                match looped {
                    Some((var, param, body)) => {
                        let list = vars[&format!("parameters.{param}")]
                            .as_sequence()
                            .expect("a list");
                        for element in list {
                            let mut inner = vars.clone();
                            for (k, v) in element.as_mapping().expect("a mapping") {
                                inner.insert(
                                    format!("{var}.{}", k.as_str().expect("key")),
                                    v.clone(),
                                );
                            }
                            match expand(body, &inner) {
                                Yaml::Sequence(s) => out.extend(s),
                                other => out.push(other),
                            }
                        }
                    }
                    None => out.push(expand(item, vars)),
                }
            }
            Yaml::Sequence(out)
        }
        Yaml::Mapping(m) => Yaml::Mapping(
            m.iter()
                .map(|(k, v)| (expand(k, vars), expand(v, vars)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The Azure macros the steps use, replaced by this run's directories.
fn macros(s: &str, dirs: &[(&str, &Path)]) -> String {
    let mut s = s.to_string();
    for (name, dir) in dirs {
        s = s.replace(&format!("$({name})"), &dir.display().to_string());
    }
    assert!(!s.contains("$("), "an Azure macro left: {s}");
    s
}

#[test]
fn azure_pipelines_template_jobs_and_merge() {
    let template = yaml("docs/org-audit/connleak-org-audit.yml");
    let example = yaml("docs/org-audit/azure-pipelines.yml");
    assert_eq!(
        str_of(&example["stages"][0]["template"], "template"),
        "connleak-org-audit.yml"
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let origin = origins(tmp.path());
    // the repositories as the example lists them: Project/Repository
    let mut vars = BTreeMap::new();
    for p in template["parameters"].as_sequence().expect("parameters") {
        vars.insert(
            format!("parameters.{}", str_of(&p["name"], "name")),
            p["default"].clone(),
        );
    }
    let list: Vec<Yaml> = REPOS
        .iter()
        .map(|(n, _)| {
            let mut m = serde_yaml::Mapping::new();
            m.insert("id".into(), n.replace(['/', '-'], "_").into());
            m.insert("repository".into(), (*n).into());
            Yaml::Mapping(m)
        })
        .collect();
    vars.insert("parameters.repositories".into(), Yaml::Sequence(list));
    let stages = expand(&template["stages"], &vars);
    // kept for .ci/run, which checks it against the Azure Pipelines schema
    let mut pipeline = serde_yaml::Mapping::new();
    pipeline.insert("trigger".into(), "none".into());
    pipeline.insert("stages".into(), stages.clone());
    let expanded = serde_yaml::to_string(&Yaml::Mapping(pipeline)).expect("YAML");
    assert!(
        !expanded.contains("${{"),
        "the template expanded completely"
    );
    let keep = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("org-audit");
    std::fs::create_dir_all(&keep).expect("mkdir");
    std::fs::write(keep.join("azure-pipelines.expanded.yml"), &expanded).expect("keep");

    let scan_jobs = stages[0]["jobs"].as_sequence().expect("jobs");
    assert_eq!(scan_jobs.len(), REPOS.len(), "one job per repository");
    let pipeline_ws = tmp.path().join("pipeline");
    std::thread::scope(|s| {
        for (i, job) in scan_jobs.iter().enumerate() {
            let (origin, pipeline_ws, tmp) = (&origin, &pipeline_ws, &tmp);
            s.spawn(move || {
                let steps = &job["steps"];
                let agent = tmp.path().join(format!("agent-{i}"));
                let staging = agent.join("a");
                let dirs = [
                    ("Agent.BuildDirectory", agent.as_path()),
                    ("Build.ArtifactStagingDirectory", staging.as_path()),
                ];
                let co = &steps[0];
                let repo = str_of(&co["checkout"], "checkout")
                    .strip_prefix("git://")
                    .expect("an Azure Repos checkout")
                    .to_string();
                assert_eq!(co["fetchDepth"].as_str(), Some("0"), "the whole history");
                checkout(
                    &origin.join(&repo),
                    &agent.join(str_of(&co["path"], "path")),
                );
                let scan = step(steps, "displayName", "Scan the history");
                let env: Vec<(&str, String)> = scan["env"]
                    .as_mapping()
                    .expect("env")
                    .iter()
                    .map(|(k, v)| (str_of(k, "key"), macros(str_of(v, "env"), &dirs)))
                    .chain([("HOME", agent.display().to_string())])
                    .collect();
                let cwd = PathBuf::from(macros(str_of(&scan["workingDirectory"], "dir"), &dirs));
                run_script("bash", str_of(&scan["bash"], "bash"), &cwd, &env);
                // publish + download: the artifact's directory under the pipeline workspace
                let publish = step(steps, "displayName", "Publish the report");
                let from = PathBuf::from(macros(str_of(&publish["publish"], "publish"), &dirs));
                let artifact = pipeline_ws.join(str_of(&publish["artifact"], "artifact"));
                std::fs::create_dir_all(&artifact).expect("mkdir");
                for e in std::fs::read_dir(&from).expect("reports") {
                    let e = e.expect("entry");
                    std::fs::copy(e.path(), artifact.join(e.file_name())).expect("copy");
                }
            });
        }
    });
    let merge_job = &stages[1]["jobs"][0];
    let merge = step(&merge_job["steps"], "displayName", "Merge");
    let staging = tmp.path().join("merge-staging");
    let dirs = [
        ("Pipeline.Workspace", pipeline_ws.as_path()),
        ("Build.ArtifactStagingDirectory", staging.as_path()),
    ];
    let env: Vec<(&str, String)> = merge["env"]
        .as_mapping()
        .expect("env")
        .iter()
        .map(|(k, v)| (str_of(k, "key"), macros(str_of(v, "env"), &dirs)))
        .collect();
    let out = run_script(
        "bash",
        str_of(&merge["bash"], "bash"),
        &tmp.path().join("merge"),
        &env,
    );
    assert!(out.contains("5 repositories merged"), "{out}");
    check_merged(
        &staging.join("org-audit"),
        "org-audit.json",
        "org-audit.html",
        &|n| n.to_string(),
    );
    let sarif: Value = serde_json::from_slice(
        &std::fs::read(staging.join("CodeAnalysisLogs/connleak.sarif")).expect("SARIF"),
    )
    .expect("JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(
        sarif["runs"][0]["results"]
            .as_array()
            .expect("results")
            .len(),
        6
    );
}

#[test]
fn kubernetes_indexed_job_and_merge() {
    let text = std::fs::read_to_string(repo_root().join("docs/org-audit/kubernetes.yaml"))
        .expect("manifest");
    let docs: Vec<Yaml> = serde_yaml::Deserializer::from_str(&text)
        .map(|d| serde::Deserialize::deserialize(d).expect("a YAML document"))
        .collect();
    let kind = |k: &str| {
        docs.iter()
            .find(|d| d["kind"].as_str() == Some(k))
            .unwrap_or_else(|| panic!("no {k}"))
    };
    let config = &kind("ConfigMap")["data"];
    let job = &kind("Job")["spec"];
    let listed = str_of(&config["repos.txt"], "repos.txt")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    assert_eq!(job["completionMode"].as_str(), Some("Indexed"));
    assert_eq!(
        job["completions"].as_u64(),
        Some(listed as u64),
        "completions = repositories listed"
    );
    assert!(job["parallelism"]
        .as_u64()
        .is_some_and(|p| p >= 1 && p <= listed as u64));
    let pod = &job["template"]["spec"];
    assert_eq!(pod["restartPolicy"].as_str(), Some("Never"));
    let volumes: BTreeSet<&str> = pod["volumes"]
        .as_sequence()
        .expect("volumes")
        .iter()
        .map(|v| str_of(&v["name"], "volume"))
        .collect();
    for c in pod["initContainers"]
        .as_sequence()
        .expect("init")
        .iter()
        .chain(pod["containers"].as_sequence().expect("containers"))
    {
        for m in c["volumeMounts"].as_sequence().expect("mounts") {
            assert!(volumes.contains(str_of(&m["name"], "mount")), "{m:?}");
        }
    }
    let init_cmd = serde_yaml::to_string(&pod["initContainers"][0]["command"]).expect("yaml");
    assert!(init_cmd.contains("/config/clone.sh"), "{init_cmd}");
    let main_cmd = serde_yaml::to_string(&pod["containers"][0]["command"]).expect("yaml");
    assert!(main_cmd.contains("sh /config/scan.sh"), "{main_cmd}");
    let merge_text =
        std::fs::read_to_string(repo_root().join("docs/org-audit/kubernetes-merge.yaml"))
            .expect("merge manifest");
    let merge_job: Yaml = serde_yaml::from_str(&merge_text).expect("YAML");
    let merge_cmd =
        serde_yaml::to_string(&merge_job["spec"]["template"]["spec"]["containers"][0]["command"])
            .expect("yaml");
    assert!(merge_cmd.contains("sh /config/merge.sh"), "{merge_cmd}");

    // the pods: clone.sh then scan.sh, one index each, all at once
    let tmp = tempfile::tempdir().expect("tempdir");
    let origin = origins(tmp.path());
    let config_dir = tmp.path().join("config");
    std::fs::create_dir_all(&config_dir).expect("mkdir");
    let mut list = String::from("# local clones stand for the URLs\n");
    for (name, _) in REPOS {
        list.push_str(&format!("{}\n\n", origin.join(name).display()));
    }
    std::fs::write(config_dir.join("repos.txt"), list).expect("repos.txt");
    let reports = tmp.path().join("reports");
    let clone_sh = str_of(&config["clone.sh"], "clone.sh");
    let scan_sh = str_of(&config["scan.sh"], "scan.sh");
    std::thread::scope(|s| {
        for i in 0..REPOS.len() {
            let (config_dir, reports, tmp) = (&config_dir, &reports, &tmp);
            s.spawn(move || {
                let work = tmp.path().join(format!("pod-{i}"));
                let env = [
                    ("JOB_COMPLETION_INDEX", i.to_string()),
                    ("CONFIG_DIR", config_dir.display().to_string()),
                    ("WORK_DIR", work.display().to_string()),
                    ("REPORTS_DIR", reports.display().to_string()),
                    ("HOME", work.display().to_string()),
                ];
                run_script("sh", clone_sh, &work, &env);
                run_script("sh", scan_sh, &work, &env);
            });
        }
    });
    // an index past the list fails its pod
    let o = Command::new("sh")
        .args(["-c", clone_sh])
        .env("JOB_COMPLETION_INDEX", REPOS.len().to_string())
        .env("CONFIG_DIR", &config_dir)
        .env("WORK_DIR", tmp.path().join("pod-x"))
        .output()
        .expect("sh");
    assert!(!o.status.success());
    let names: BTreeSet<String> = std::fs::read_dir(&reports)
        .expect("reports")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.contains("0-acme__billing-api.json"), "{names:?}");
    assert_eq!(names.len(), REPOS.len(), "{names:?}");
    let out = tmp.path().join("merged");
    let printed = run_script(
        "sh",
        str_of(&config["merge.sh"], "merge.sh"),
        tmp.path(),
        &[
            ("REPORTS_DIR", reports.display().to_string()),
            ("OUT_DIR", out.display().to_string()),
        ],
    );
    assert!(printed.contains("5 reports merged"), "{printed}");
    check_merged(&out, "org-audit.json", "org-audit.html", &|n| n.to_string());
}
