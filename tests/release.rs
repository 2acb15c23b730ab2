//! The release chain, as far as it runs off GitHub: the steps of
//! `.github/workflows/release.yml` that package a binary and write
//! SHA256SUMS, taken from the workflow file and run here on the binary
//! under test; then the install step of `action.yml`, which downloads that
//! archive from a local HTTP server (standing in for the release's download
//! URL), checks it against SHA256SUMS and installs it, refuses a tampered
//! archive, and falls back to `cargo install` when there is no release to
//! use. Building for five platforms and publishing only happen on GitHub.

use crate::util::*;
use serde_yaml::Value as Yaml;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const TARGET: &str = "x86_64-unknown-linux-musl";

fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

fn yaml(path: &str) -> Yaml {
    let text = std::fs::read_to_string(repo_root().join(path)).expect("workflow");
    serde_yaml::from_str(&text).expect("YAML")
}

/// The `run` of the step named `name` in `steps`.
fn script<'a>(steps: &'a Yaml, name: &str) -> &'a str {
    steps
        .as_sequence()
        .expect("steps")
        .iter()
        .find(|s| s["name"].as_str() == Some(name))
        .and_then(|s| s["run"].as_str())
        .unwrap_or_else(|| panic!("no step {name:?} with a run script"))
}

fn bash(script: &str, cwd: &Path, env: &[(&str, String)]) -> Output {
    let mut c = Command::new("bash");
    c.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .current_dir(cwd);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("bash runs")
}

fn ok(o: &Output, what: &str) -> String {
    assert!(
        o.status.success(),
        "{what} failed:\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn output_value(file: &Path, key: &str) -> String {
    std::fs::read_to_string(file)
        .expect("GITHUB_OUTPUT")
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}=")).map(str::to_string))
        .unwrap_or_else(|| panic!("no output {key}"))
}

/// A loopback HTTP server serving the files of `dir` (GET only, one
/// request per connection). It stops by itself after `max` requests or a
/// minute. Returns its base URL.
fn serve(dir: PathBuf, max: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let addr = listener.local_addr().expect("address");
    listener.set_nonblocking(true).expect("nonblocking");
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut served = 0;
        while served < max && Instant::now() < deadline {
            let Ok((stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(10));
                continue;
            };
            served += 1;
            stream.set_nonblocking(false).expect("blocking");
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            loop {
                let mut header = String::new();
                match reader.read_line(&mut header) {
                    Ok(0) | Err(_) => break,
                    Ok(_) if header == "\r\n" => break,
                    Ok(_) => {}
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/");
            // only plain file names under dir
            let name = path
                .trim_start_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("");
            let file = dir.join(name);
            let mut stream = stream;
            match (name.contains(".."), std::fs::read(&file)) {
                (false, Ok(body)) => {
                    let _ = write!(
                        stream,
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = stream.write_all(&body);
                }
                _ => {
                    let _ = write!(
                        stream,
                        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    );
                }
            }
            let _ = stream.flush();
        }
    });
    format!("http://{addr}")
}

#[test]
fn the_version_check_compares_the_tag_with_cargo_toml() {
    let wf = yaml(".github/workflows/release.yml");
    let check = script(&wf["jobs"]["version"]["steps"], "Tag and Cargo.toml agree");
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    let env = |tag: &str| {
        vec![
            ("GITHUB_REF_TYPE", "tag".to_string()),
            ("GITHUB_REF_NAME", tag.to_string()),
            ("GITHUB_OUTPUT", out.display().to_string()),
        ]
    };
    ok(
        &bash(check, &repo_root(), &env(&format!("v{}", version()))),
        "version check",
    );
    assert_eq!(output_value(&out, "version"), version());
    let o = bash(check, &repo_root(), &env("v999.0.0"));
    assert!(
        !o.status.success(),
        "a tag that differs from Cargo.toml fails"
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("does not match"));
}

/// Package the binary under test as the release workflow does, and write
/// SHA256SUMS as its publish job does. Returns the directory of the assets.
fn release_assets(tmp: &Path) -> PathBuf {
    let wf = yaml(".github/workflows/release.yml");
    let ws = tmp.join("workspace");
    let built = ws.join(format!("target/{TARGET}/release"));
    std::fs::create_dir_all(&built).expect("mkdir");
    std::fs::copy(
        assert_cmd::cargo::cargo_bin("connleak"),
        built.join("connleak"),
    )
    .expect("binary");
    std::fs::copy(repo_root().join("README.md"), ws.join("README.md")).expect("README");
    for dir in ["completions", "docs/man"] {
        let to = ws.join(dir);
        std::fs::create_dir_all(&to).expect("mkdir");
        for e in std::fs::read_dir(repo_root().join(dir)).expect(dir) {
            let e = e.expect("entry");
            std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
        }
    }
    let out = tmp.join("package.out");
    ok(
        &bash(
            script(&wf["jobs"]["binaries"]["steps"], "Package"),
            &ws,
            &[
                ("TARGET", TARGET.to_string()),
                ("VERSION", version().to_string()),
                ("GITHUB_OUTPUT", out.display().to_string()),
            ],
        ),
        "Package",
    );
    let archive = output_value(&out, "archive");
    let name = format!("connleak-{}-{TARGET}", version());
    assert_eq!(archive, format!("dist/{name}.tar.gz"));
    let listing = ok(
        &Command::new("tar")
            .args(["-tzf", &archive])
            .current_dir(&ws)
            .output()
            .expect("tar"),
        "tar -t",
    );
    for want in [
        "connleak",
        "README.md",
        "completions/connleak.bash",
        "completions/_connleak",
        "man/connleak-scan.1",
    ] {
        assert!(
            listing.lines().any(|l| l == format!("{name}/{want}")),
            "{want} in\n{listing}"
        );
    }
    // the publish job: binaries in dist/, wheels and sdist in pypi/
    let publish = tmp.join("publish");
    std::fs::create_dir_all(publish.join("dist")).expect("mkdir");
    std::fs::create_dir_all(publish.join("pypi")).expect("mkdir");
    std::fs::copy(
        ws.join(&archive),
        publish.join(format!("dist/{name}.tar.gz")),
    )
    .expect("copy");
    std::fs::write(
        publish.join(format!(
            "pypi/connleak-{}-py3-none-manylinux_2_17_x86_64.whl",
            version()
        )),
        b"a wheel",
    )
    .expect("wheel");
    ok(
        &bash(
            script(&wf["jobs"]["publish"]["steps"], "Checksums"),
            &publish,
            &[],
        ),
        "Checksums",
    );
    let dist = publish.join("dist");
    let check = ok(
        &Command::new("sha256sum")
            .args(["-c", "SHA256SUMS"])
            .current_dir(&dist)
            .output()
            .expect("sha256sum"),
        "sha256sum -c",
    );
    assert_eq!(check.lines().count(), 2, "{check}");
    dist
}

/// Run action.yml's install step; returns its output and the GITHUB_OUTPUT file.
fn install(tmp: &Path, env: &[(&str, String)], cargo_log: &Path) -> (Output, PathBuf) {
    let action = yaml("action.yml");
    let steps = &action["runs"]["steps"];
    let run = script(steps, "Install connleak");
    // `cargo install` stand-in: records its arguments and installs the
    // binary under test where --root says (a real one builds for minutes)
    let stub = tmp.join("stub-bin");
    std::fs::create_dir_all(&stub).expect("mkdir");
    let cargo = stub.join("cargo");
    std::fs::write(
        &cargo,
        format!(
            "#!/bin/sh\necho \"$*\" >> '{log}'\nwhile [ $# -gt 0 ]; do [ \"$1\" = --root ] && root=$2; shift; done\nmkdir -p \"$root/bin\" && cp '{bin}' \"$root/bin/connleak\"\n",
            log = cargo_log.display(),
            bin = assert_cmd::cargo::cargo_bin("connleak").display()
        ),
    )
    .expect("stub");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let runner_temp = tempfile::tempdir_in(tmp).expect("runner temp").keep();
    let out = runner_temp.join("github_output");
    let mut all = vec![
        ("RUNNER_OS", "Linux".to_string()),
        ("RUNNER_ARCH", "X64".to_string()),
        ("RUNNER_TEMP", runner_temp.display().to_string()),
        ("GITHUB_OUTPUT", out.display().to_string()),
        ("ACTION_REPO", "connleak/connleak".to_string()),
        ("ACTION_PATH", repo_root().display().to_string()),
        ("INPUT_VERSION", String::new()),
        (
            "PATH",
            format!(
                "{}:{}",
                stub.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        ),
    ];
    for (k, v) in env {
        all.retain(|(ak, _)| ak != k);
        all.push((k, v.clone()));
    }
    (bash(run, tmp, &all), out)
}

#[test]
fn the_action_installs_the_released_binary_after_checking_its_checksum() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dist = release_assets(tmp.path());
    let url = serve(dist.clone(), 40);
    let log = tmp.path().join("cargo.log");
    let tag = format!("v{}", version());

    // the action's own tag names the release
    let (o, out) = install(
        tmp.path(),
        &[
            ("ACTION_REF", tag.clone()),
            ("CONNLEAK_DOWNLOAD_URL", url.clone()),
        ],
        &log,
    );
    let printed = ok(&o, "install");
    assert!(
        printed.contains(&format!("connleak: v{} for {TARGET}, SHA-256 ", version())),
        "{printed}"
    );
    let path = output_value(&out, "path");
    let v = Command::new(&path)
        .arg("--version")
        .output()
        .expect("installed binary runs");
    assert_eq!(
        String::from_utf8_lossy(&v.stdout).trim(),
        format!("connleak {}", version())
    );
    assert!(!log.exists(), "nothing was built");

    // the `version` input wins over the ref
    let (o, _) = install(
        tmp.path(),
        &[
            ("ACTION_REF", "main".into()),
            ("INPUT_VERSION", tag.clone()),
            ("CONNLEAK_DOWNLOAD_URL", url.clone()),
        ],
        &log,
    );
    ok(&o, "install with a version input");
    assert!(!log.exists(), "nothing was built");

    // a tampered archive fails the step and is not replaced by a build
    let archive = dist.join(format!("connleak-{}-{TARGET}.tar.gz", version()));
    let mut bytes = std::fs::read(&archive).expect("archive");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    std::fs::write(&archive, &bytes).expect("tamper");
    let (o, out) = install(
        tmp.path(),
        &[
            ("ACTION_REF", tag.clone()),
            ("CONNLEAK_DOWNLOAD_URL", url.clone()),
        ],
        &log,
    );
    assert!(!o.status.success(), "a checksum mismatch fails");
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("checksum mismatch"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(!log.exists(), "no fallback build after a mismatch");
    assert!(
        !out.exists()
            || !std::fs::read_to_string(&out)
                .unwrap_or_default()
                .contains("path=")
    );
}

#[test]
fn the_action_builds_with_cargo_when_there_is_no_release_to_use() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dist = tmp.path().join("empty");
    std::fs::create_dir_all(&dist).expect("mkdir");
    let url = serve(dist, 10);
    let cases: [(&str, &[(&str, &str)]); 3] = [
        ("a branch ref", &[("ACTION_REF", "main")]),
        (
            "an unknown platform",
            &[("ACTION_REF", "v0.1.0"), ("RUNNER_ARCH", "ARM")],
        ),
        ("a release without the asset", &[("ACTION_REF", "v0.1.0")]),
    ];
    for (what, env) in cases {
        let log = tmp
            .path()
            .join(format!("cargo-{}.log", what.replace(' ', "-")));
        let mut env: Vec<(&str, String)> = env.iter().map(|(k, v)| (*k, v.to_string())).collect();
        env.push(("CONNLEAK_DOWNLOAD_URL", url.clone()));
        let (o, out) = install(tmp.path(), &env, &log);
        let printed = ok(&o, what);
        assert!(
            printed.contains("building it with cargo install"),
            "{what}: {printed}"
        );
        let args =
            std::fs::read_to_string(&log).unwrap_or_else(|_| panic!("{what}: cargo was not run"));
        assert!(
            args.starts_with(&format!(
                "install --locked --quiet --path {} --root ",
                repo_root().display()
            )),
            "{what}: {args}"
        );
        let path = output_value(&out, "path");
        assert!(Path::new(&path).is_file(), "{what}");
    }
}

#[test]
fn the_action_scan_step_writes_sarif_and_the_exit_code() {
    let action = yaml("action.yml");
    let steps = &action["runs"]["steps"];
    let scan = steps
        .as_sequence()
        .expect("steps")
        .iter()
        .find(|s| s["id"].as_str() == Some("scan"))
        .expect("scan step");
    assert_eq!(
        scan["env"]["CONNLEAK"].as_str(),
        Some("${{ steps.install.outputs.path }}")
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    let sarif = tmp.path().join("connleak.sarif");
    let o = bash(
        scan["run"].as_str().expect("run"),
        &repo_root(),
        &[
            (
                "CONNLEAK",
                assert_cmd::cargo::cargo_bin("connleak")
                    .display()
                    .to_string(),
            ),
            ("INPUT_PATH", "fixtures/node-api".into()),
            ("INPUT_FAIL_ON", "medium".into()),
            ("INPUT_ARGS", String::new()),
            ("INPUT_ANNOTATIONS", "true".into()),
            ("INPUT_SARIF", sarif.display().to_string()),
            ("GITHUB_OUTPUT", out.display().to_string()),
        ],
    );
    let printed = ok(&o, "scan step");
    assert_eq!(output_value(&out, "exit-code"), "1");
    assert!(
        printed.contains("::warning file=fixtures/node-api/")
            || printed.contains("::error file=fixtures/node-api/"),
        "{printed}"
    );
    let mut text = String::new();
    std::fs::File::open(&sarif)
        .expect("SARIF written")
        .read_to_string(&mut text)
        .expect("read");
    assert!(text.contains("\"version\": \"2.1.0\""));
}
