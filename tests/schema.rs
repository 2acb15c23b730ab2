//! The published report schema, `docs/report.schema.json`, against every
//! kind of JSON report: a working-tree scan (the fixtures), one with
//! suppressed, skipped and unreadable paths and a UTF-16 file, the same with
//! `--show-secrets`, history scans, and `merge` of tree and history reports.
//!
//! The validator here implements the part of JSON Schema 2020-12 the schema
//! uses and refuses any other keyword, so the schema cannot rely on
//! something that is not checked. It validates twice: as published (unknown
//! properties allowed, for forward compatibility) and strict (every object
//! closed), which fails when a report carries a field the schema does not
//! describe. Every property the schema describes must also occur in one of
//! the reports, so the schema cannot describe fields that do not exist.
//! The reports are kept in `$CARGO_TARGET_TMPDIR/report-samples/`, where
//! `.ci/run` validates them again with the reference Python implementation.

use crate::repos::{commit, git, write};
use crate::util::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn schema() -> Value {
    let text = std::fs::read_to_string(repo_root().join("docs/report.schema.json"))
        .expect("docs/report.schema.json");
    serde_json::from_str(&text).expect("the schema is JSON")
}

struct Validator<'a> {
    root: &'a Value,
    /// objects without `additionalProperties` are closed
    strict: bool,
}

const ANNOTATIONS: [&str; 5] = ["$schema", "$id", "$comment", "title", "description"];

impl Validator<'_> {
    /// Errors (as `instance path: problem`) of `v` against `s`; `seen`
    /// collects the schema locations of the properties that occurred.
    fn check(
        &self,
        s: &Value,
        at: &str,
        v: &Value,
        here: &str,
        seen: &mut BTreeSet<String>,
    ) -> Vec<String> {
        let mut errs = Vec::new();
        let Some(s) = s.as_object() else {
            panic!("{at}: a schema must be an object");
        };
        for (k, kv) in s {
            match k.as_str() {
                k if ANNOTATIONS.contains(&k) => {}
                "$defs" | "properties" | "required" | "additionalProperties" => {}
                "$ref" => {
                    let r = kv.as_str().expect("$ref is a string");
                    let name = r
                        .strip_prefix("#/$defs/")
                        .unwrap_or_else(|| panic!("{at}: only #/$defs/ references: {r}"));
                    let target = &self.root["$defs"][name];
                    assert!(target.is_object(), "{at}: {r} does not exist");
                    errs.extend(self.check(target, &format!("$defs/{name}"), v, here, seen));
                }
                "type" => {
                    let types: Vec<&str> = match kv {
                        Value::String(t) => vec![t.as_str()],
                        Value::Array(a) => {
                            a.iter().map(|t| t.as_str().expect("type name")).collect()
                        }
                        _ => panic!("{at}: bad type"),
                    };
                    if !types.iter().any(|t| is_type(v, t)) {
                        errs.push(format!("{here}: {} is not of type {types:?}", short(v)));
                    }
                }
                "enum" => {
                    if !kv.as_array().expect("enum is an array").contains(v) {
                        errs.push(format!("{here}: {} is not one of {kv}", short(v)));
                    }
                }
                "const" => {
                    if kv != v {
                        errs.push(format!("{here}: {} is not {kv}", short(v)));
                    }
                }
                "minimum" | "maximum" => {
                    if let Some(n) = v.as_f64() {
                        let bound = kv.as_f64().expect("a number");
                        if (k == "minimum" && n < bound) || (k == "maximum" && n > bound) {
                            errs.push(format!("{here}: {n} is out of range ({k} {bound})"));
                        }
                    }
                }
                "pattern" => {
                    if let Some(text) = v.as_str() {
                        let re = regex::Regex::new(kv.as_str().expect("pattern"))
                            .expect("pattern compiles");
                        if !re.is_match(text) {
                            errs.push(format!("{here}: {text:?} does not match {kv}"));
                        }
                    }
                }
                "format" => {
                    assert_eq!(
                        kv, "date-time",
                        "{at}: only the date-time format is checked"
                    );
                    if let Some(text) = v.as_str() {
                        if !date_time().is_match(text) {
                            errs.push(format!("{here}: {text:?} is not an RFC 3339 date-time"));
                        }
                    }
                }
                "items" => {
                    if let Some(a) = v.as_array() {
                        for (i, item) in a.iter().enumerate() {
                            errs.extend(self.check(
                                kv,
                                &format!("{at}/items"),
                                item,
                                &format!("{here}/{i}"),
                                seen,
                            ));
                        }
                    }
                }
                "anyOf" => {
                    let mut passed = false;
                    let mut all = Vec::new();
                    for (i, branch) in kv.as_array().expect("anyOf is an array").iter().enumerate()
                    {
                        let mut branch_seen = BTreeSet::new();
                        let e = self.check(
                            branch,
                            &format!("{at}/anyOf/{i}"),
                            v,
                            here,
                            &mut branch_seen,
                        );
                        if e.is_empty() {
                            seen.extend(branch_seen);
                            passed = true;
                            break;
                        }
                        all.extend(e);
                    }
                    if !passed {
                        errs.push(format!("{here}: matches no branch of anyOf: {all:?}"));
                    }
                }
                other => panic!("{at}: the keyword {other:?} is not supported by this validator"),
            }
        }
        if let (Some(props), Some(obj)) = (s.get("properties"), v.as_object()) {
            let props = props.as_object().expect("properties is an object");
            for (name, value) in obj {
                match props.get(name) {
                    Some(ps) => {
                        seen.insert(format!("{at}/{name}"));
                        errs.extend(self.check(
                            ps,
                            &format!("{at}/{name}"),
                            value,
                            &format!("{here}/{name}"),
                            seen,
                        ));
                    }
                    None => match s.get("additionalProperties") {
                        Some(Value::Bool(false)) => {
                            errs.push(format!("{here}: unknown property {name:?}"))
                        }
                        None if self.strict => {
                            errs.push(format!("{here}: {name:?} is not described by the schema"))
                        }
                        Some(extra @ Value::Object(_)) => errs.extend(self.check(
                            extra,
                            at,
                            value,
                            &format!("{here}/{name}"),
                            seen,
                        )),
                        _ => {}
                    },
                }
            }
        }
        if let (Some(req), Some(obj)) = (s.get("required"), v.as_object()) {
            for name in req.as_array().expect("required is an array") {
                let name = name.as_str().expect("a property name");
                if !obj.contains_key(name) {
                    errs.push(format!("{here}: the required property {name:?} is missing"));
                }
                assert!(
                    s["properties"].get(name).is_some(),
                    "{at}: {name:?} is required but not described"
                );
            }
        }
        errs
    }

    fn validate(&self, v: &Value, seen: &mut BTreeSet<String>) -> Vec<String> {
        self.check(self.root, "", v, "", seen)
    }
}

/// RFC 3339 date-time, as the `date-time` format means it.
fn date_time() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
            .expect("regex")
    })
}

fn is_type(v: &Value, t: &str) -> bool {
    match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "string" => v.is_string(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        other => panic!("unknown type {other:?}"),
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 60 {
        format!(
            "{}...",
            &s[..s.char_indices().nth(57).map_or(s.len(), |(i, _)| i)]
        )
    } else {
        s
    }
}

/// Every property location the schema describes (`$defs/item/path`, ...).
fn described(s: &Value, at: &str, out: &mut BTreeSet<String>) {
    let Some(obj) = s.as_object() else { return };
    if let Some(props) = obj.get("properties").and_then(Value::as_object) {
        for (name, ps) in props {
            out.insert(format!("{at}/{name}"));
            described(ps, &format!("{at}/{name}"), out);
        }
    }
    if let Some(defs) = obj.get("$defs").and_then(Value::as_object) {
        for (name, ds) in defs {
            described(ds, &format!("$defs/{name}"), out);
        }
    }
    if let Some(items) = obj.get("items") {
        described(items, &format!("{at}/items"), out);
    }
    if let Some(any) = obj.get("anyOf").and_then(Value::as_array) {
        for (i, b) in any.iter().enumerate() {
            described(b, &format!("{at}/anyOf/{i}"), out);
        }
    }
}

fn samples_dir() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-samples");
    std::fs::create_dir_all(&d).expect("samples dir");
    d
}

/// Run connleak in `dir`; the JSON it wrote to stdout, kept as a sample.
fn report(name: &str, dir: &Path, args: &[&str]) -> Value {
    let o = run_in(dir, args);
    // 2: a sample with skipped or unreadable paths (the gate fails on them)
    assert!(
        matches!(o.status.code(), Some(0..=2)) && !o.stdout.is_empty(),
        "{args:?}: {}",
        stderr(&o)
    );
    std::fs::write(samples_dir().join(format!("{name}.json")), &o.stdout).expect("keep sample");
    json(&o)
}

const AZ: &str = "Server=tcp:orders-sql.database.windows.net,1433;Initial Catalog=orders;User ID=orders_app;Password=Tq7#pLm2xZr9;Encrypt=True;";

/// A working tree with a finding of each suppression source, a UTF-16
/// file, a file too large, a FIFO, and a fixable Azure SQL string.
fn policy_tree() -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("tempdir");
    let p = d.path();
    write(
        p,
        "base.env",
        "DB_PASSWORD=Bas3line-Acc3pted7\nDB_HOST=legacy.internal\n",
    );
    let o = run_in(p, &["baseline", "create", "."]);
    assert!(o.status.success(), "{}", stderr(&o));
    write(p, ".connleak.toml", "allow = ['^dev-only-']\n");
    write(
        p,
        "app/appsettings.json",
        &format!("{{ \"ConnectionStrings\": {{ \"Orders\": \"{AZ}\" }} }}\n"),
    );
    write(
        p,
        "app/app.csproj",
        "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n",
    );
    write(
        p,
        "inline.env",
        "DB_PASSWORD=Inl1ne-S3cret-42 # connleak:allow reason=\"sample data\"\nDB_HOST=db.internal\n",
    );
    write(
        p,
        "allowed.env",
        "DATABASE_URL=postgres://app:dev-only-Xy7q9@db.internal:5432/app\n",
    );
    let utf16: Vec<u8> = "DATABASE_URL=postgres://svc:U16-Pa55w0rd@pg.internal:5432/svc\r\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    std::fs::write(p.join("utf16.env"), [&[0xFF, 0xFE][..], &utf16].concat()).expect("utf-16 file");
    write(
        p,
        "big.env",
        &format!("DB_PASSWORD=B1g-F1le-P4ss\n{}", "# padding\n".repeat(400)),
    );
    let fifo = std::process::Command::new("mkfifo")
        .arg(p.join("pipe"))
        .status()
        .expect("mkfifo");
    assert!(fifo.success());
    d
}

/// A repository with a live, a removed and a branch-only secret.
fn history_repo(dir: &Path, shared: &str) {
    git(dir, &["init", "-q"]);
    commit(
        dir,
        &[("api/appsettings.json", &format!("{{\"Db\": \"{AZ}\"}}\n"))],
        "add api settings",
    );
    commit(
        dir,
        &[(
            ".env",
            &format!("DATABASE_URL=postgres://etl:{shared}@db.internal:5432/etl\n"),
        )],
        "add env",
    );
    git(dir, &["checkout", "-qb", "feature"]);
    commit(
        dir,
        &[(
            "feature.env",
            "DB_PASSWORD=Br4nch-0nly-9x\nDB_HOST=feature.internal\n",
        )],
        "feature creds",
    );
    git(dir, &["checkout", "-q", "main"]);
    git(dir, &["rm", "-q", ".env"]);
    git(dir, &["commit", "-qm", "remove env"]);
}

#[test]
fn every_report_kind_matches_the_published_schema() {
    let schema = schema();
    assert_eq!(
        schema["properties"]["version"]["const"],
        json!(connleak_core::model::VERSION),
        "the schema describes the report version connleak writes"
    );
    let mut reports: Vec<(String, Value)> = Vec::new();
    let root = repo_root();
    reports.push((
        "fixtures".into(),
        report("fixtures", &root, &["scan", "--format", "json", "fixtures"]),
    ));
    let tree = policy_tree();
    let p = tree.path();
    let policy_args = [
        "scan",
        "--format",
        "json",
        "--include-suppressed",
        "--max-filesize",
        "1K",
        ".",
        "missing-file.env",
    ];
    let v = report("policy", p, &policy_args);
    let mut shown = policy_args.to_vec();
    shown.push("--show-secrets");
    let v2 = report("policy-shown", p, &shown);
    reports.push(("policy".into(), v));
    reports.push(("policy-shown".into(), v2));

    // a file with more findings than are listed
    let many = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        many.path().join("many.env"),
        "DB_PASSWORD=Zq7-first-9x\nDB_PASS=Zq7-second-8y\nMYSQL_PASSWORD=Zq7-third-7w\n",
    )
    .expect("write");
    reports.push((
        "unlisted".into(),
        report(
            "unlisted",
            many.path(),
            &[
                "scan",
                "--format",
                "json",
                "--max-findings-per-file",
                "1",
                ".",
            ],
        ),
    ));

    let repos = tempfile::tempdir().expect("tempdir");
    for name in ["alpha", "beta"] {
        let d = repos.path().join(name);
        std::fs::create_dir(&d).expect("mkdir");
        history_repo(&d, "Sh4red-Acr0ss-Repos");
    }
    let h = report(
        "history",
        repos.path(),
        &["scan", "--history", "--format", "json", "alpha"],
    );
    reports.push(("history".into(), h));
    let h2 = report(
        "history-two",
        repos.path(),
        &["scan", "--history", "--format", "json", "alpha", "beta"],
    );
    reports.push(("history-two".into(), h2));
    // --policy-from: a policy file changed and an inline allowance added
    let gate = tempfile::tempdir().expect("tempdir");
    let g = gate.path();
    git(g, &["init", "-q"]);
    commit(g, &[("README.md", "# app\n")], "start");
    git(g, &["checkout", "-qb", "pr"]);
    commit(
        g,
        &[
            (".connleak.toml", "fail-on = \"high\"\n"),
            (
                "inline.env",
                "DB_PASSWORD=Inl1ne-S3cret-42 # connleak:allow reason=\"sample data\"\nDB_HOST=db.internal\n",
            ),
        ],
        "pr",
    );
    let pf = report(
        "policy-from",
        g,
        &["scan", "--policy-from", "main", "--format", "json", "."],
    );
    assert_eq!(
        pf["summary"]["policy"]["changes"][0]["path"],
        ".connleak.toml"
    );
    reports.push(("policy-from".into(), pf));
    let samples = samples_dir();
    let m = report(
        "merged",
        &samples,
        &["merge", "fixtures.json", "history.json", "policy.json"],
    );
    reports.push(("merged".into(), m));
    // merge keeps the --policy-from review, labelled with its repository
    let mp = report(
        "merged-policy",
        &samples,
        &["merge", "policy-from.json", "history.json"],
    );
    assert_eq!(
        mp["summary"]["policies"][0]["changes"][0]["path"],
        ".connleak.toml"
    );
    assert!(
        mp["summary"]["policies"][0]["repository"].is_string(),
        "{}",
        mp["summary"]
    );
    reports.push(("merged-policy".into(), mp));

    let mut seen = BTreeSet::new();
    for (name, v) in &reports {
        for strict in [false, true] {
            let val = Validator {
                root: &schema,
                strict,
            };
            let errs = val.validate(v, &mut seen);
            assert!(errs.is_empty(), "{name} (strict: {strict}): {errs:#?}");
        }
    }
    // the reports exercise the schema: every kind of thing was produced
    let kinds = |name: &str| {
        reports
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
            .expect("report")
    };
    let policy = kinds("policy");
    let by: BTreeSet<&str> = policy["suppressed"]
        .as_array()
        .expect("suppressed")
        .iter()
        .filter_map(|i| i["suppressed_by"].as_str())
        .collect();
    assert_eq!(by, BTreeSet::from(["baseline", "config", "inline"]));
    assert_eq!(
        policy["errors"][0]["kind"], "not-found",
        "{}",
        policy["errors"]
    );
    let reasons: BTreeSet<&str> = policy["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .filter_map(|s| s["reason"].as_str())
        .collect();
    assert_eq!(reasons, BTreeSet::from(["not-a-file", "too-large"]));
    assert_eq!(kinds("merged")["merged_reports"], 3);
    assert_eq!(
        kinds("unlisted")["unlisted"],
        json!([{"path": "many.env", "findings": 2}])
    );

    // and every property the schema describes occurred somewhere
    let mut all = BTreeSet::new();
    described(&schema, "", &mut all);
    let missing: Vec<_> = all.difference(&seen).collect();
    assert!(
        missing.is_empty(),
        "described but never produced: {missing:#?}"
    );
}

#[test]
fn the_validator_rejects_what_the_schema_forbids() {
    let schema = schema();
    let root = repo_root();
    let v = json(&run_in(
        &root,
        &["scan", "--format", "json", "fixtures/docker"],
    ));
    let val = Validator {
        root: &schema,
        strict: false,
    };
    let strict = Validator {
        root: &schema,
        strict: true,
    };
    let ok = |v: &Value, val: &Validator| val.validate(v, &mut BTreeSet::new()).is_empty();
    assert!(ok(&v, &val) && ok(&v, &strict));
    let broken = |f: &dyn Fn(&mut Value)| {
        let mut b = v.clone();
        f(&mut b);
        b
    };
    let cases: Vec<(&str, Value)> = vec![
        ("a newer version", broken(&|b| b["version"] = json!(2))),
        (
            "no findings",
            broken(&|b| {
                b.as_object_mut().expect("object").remove("findings");
            }),
        ),
        ("a line 0", broken(&|b| b["findings"][0]["line"] = json!(0))),
        (
            "a string line",
            broken(&|b| b["findings"][0]["line"] = json!("2")),
        ),
        (
            "an unknown severity",
            broken(&|b| b["findings"][0]["severity"] = json!("critical")),
        ),
        (
            "a bad fingerprint",
            broken(&|b| b["findings"][0]["fingerprint"] = json!("XYZ")),
        ),
        (
            "a missing rule",
            broken(&|b| {
                b["findings"][0]
                    .as_object_mut()
                    .expect("object")
                    .remove("rule");
            }),
        ),
        (
            "an unknown stack",
            broken(&|b| b["findings"][0]["remediation"]["stack"] = json!("cobol")),
        ),
        (
            "an unknown service",
            broken(&|b| b["inventory"][0]["service"] = json!("aws-rds")),
        ),
        (
            "a negative count",
            broken(&|b| b["summary"]["files_scanned"] = json!(-1)),
        ),
        (
            "a port too large",
            broken(&|b| b["findings"][0]["port"] = json!(70000)),
        ),
    ];
    for (what, b) in &cases {
        assert!(!ok(b, &val), "{what} was accepted");
    }
    // unknown fields: allowed as published, refused when strict
    let extra = broken(&|b| b["findings"][0]["verified"] = json!(true));
    assert!(ok(&extra, &val));
    assert!(!ok(&extra, &strict));
}

#[test]
fn the_enums_list_every_value_of_the_model() {
    use connleak_core::model::{AzureService, Engine, Kind, Stack};
    let s = schema();
    let has = |def: &Value, value: &str| {
        def["enum"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x == value))
    };
    for k in Kind::ALL {
        assert!(
            has(&s["$defs"]["item"]["properties"]["kind"], k.as_str()),
            "kind {k}"
        );
    }
    for st in Stack::ALL {
        assert!(
            has(&s["$defs"]["remediation"]["properties"]["stack"], st.id()),
            "stack {}",
            st.id()
        );
    }
    for e in Engine::ALL {
        assert!(
            has(&s["$defs"]["engine"], e.as_str()),
            "engine {}",
            e.as_str()
        );
    }
    for a in AzureService::ALL {
        assert!(
            has(&s["$defs"]["azureService"], a.id()),
            "service {}",
            a.id()
        );
    }
}
