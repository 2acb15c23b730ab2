//! Inputs that must never crash the scanner or stop the walk.

use crate::util::*;
use std::fs;
use std::path::Path;

const LEAK: &str = "DB_PASSWORD=H0stile-Pw-81x\n";

fn scan_json(dir: &Path) -> (Option<i32>, serde_json::Value, String) {
    let o = run_in(dir, &["scan", "--format", "json", "."]);
    (o.status.code(), json(&o), stderr(&o))
}

#[test]
fn invalid_utf8_nul_free_binary_noise_and_empty_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut bad = b"\xc3\x28\xff garbage \xfe\n".to_vec();
    bad.extend_from_slice(LEAK.as_bytes());
    bad.extend_from_slice(b"\xe2\x82 more \x80\x80\n");
    fs::write(d.join("bad-utf8.env"), &bad).unwrap();
    fs::write(d.join("empty.env"), b"").unwrap();
    let mut binary = vec![0u8, 1, 2, 3, 0, 0x7f];
    binary.extend_from_slice(LEAK.as_bytes());
    fs::write(d.join("image.bin"), &binary).unwrap();
    let (code, v, _) = scan_json(d);
    assert_eq!(code, Some(1));
    assert_eq!(keys(&v, ""), ["bad-utf8.env:2 env-db-password"]);
    assert_eq!(v["findings"][0]["column"], 13);
    assert_eq!(v["summary"]["skipped_binary"], 1);
}

#[test]
fn a_10_mb_single_line_with_a_secret_in_the_middle() {
    let dir = tempfile::tempdir().unwrap();
    let mut line = String::with_capacity(10 << 20);
    while line.len() < 5 << 20 {
        line.push_str("{\"k\":\"value\",\"password_hint\":\"none\"},");
    }
    line.push_str("\"url\":\"mysql://app:L0ng-L1ne-Pw@db.example.com/app\",");
    while line.len() < 10 << 20 {
        line.push_str("{\"k\":\"value\",\"n\":12345},");
    }
    fs::write(dir.path().join("huge.min.json"), &line).unwrap();
    let (code, v, _) = scan_json(dir.path());
    assert_eq!(code, Some(1));
    assert_eq!(keys(&v, ""), ["huge.min.json:1 db-uri"]);
    assert!(v["findings"][0]["column"].as_u64().unwrap() > 5 << 20);
    assert!(
        v["findings"][0]["snippet"].as_str().unwrap().len() < 400,
        "snippets stay short"
    );
}

#[test]
fn many_keyword_hits_on_one_line_are_all_read_and_none_reported() {
    // a worst case for the prefilter: the keyword everywhere, no secret.
    // (That the work stays linear in the input is proved by the scanner's
    // cost model: `dense_keywords_on_one_line_cost_linear_work` in
    // crates/core/src/scan.)
    let dir = tempfile::tempdir().unwrap();
    let line = "password=;pwd=;".repeat(20_000);
    fs::write(dir.path().join("noise.txt"), &line).unwrap();
    let (code, v, _) = scan_json(dir.path());
    assert_eq!(code, Some(0));
    assert_eq!(v["summary"]["files_scanned"], 1);
    assert_eq!(v["summary"]["bytes_scanned"], line.len());
    assert!(v["findings"].as_array().unwrap().is_empty());
    assert!(v["errors"].as_array().unwrap().is_empty());
}

#[cfg(unix)]
#[test]
fn symlink_loops_fifos_and_special_files_are_skipped() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("sub")).unwrap();
    symlink("../sub", d.join("sub/loop")).unwrap();
    symlink("a", d.join("b")).unwrap();
    symlink("b", d.join("a")).unwrap();
    fs::write(d.join("sub/.env"), LEAK).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(d.join("pipe.env"))
        .status()
        .unwrap();
    assert!(status.success());
    // default: links not followed, the FIFO never opened (or this would hang)
    let (code, v, _) = scan_json(d);
    assert_eq!(code, Some(1));
    assert_eq!(keys(&v, ""), ["sub/.env:1 env-db-password"]);
    // following links: the loop is detected and reported, the scan goes on
    let o = run_in(d, &["scan", "--format", "json", "--follow", "."]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert!(keys(&v, "").contains(&"sub/.env:1 env-db-password".to_string()));
    assert!(
        !v["errors"].as_array().unwrap().is_empty(),
        "the loop is reported"
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_a_warning_and_the_scan_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("secret.env"), LEAK).unwrap();
    fs::write(d.join("ok.env"), LEAK.replace("H0stile", "Re4dable")).unwrap();
    fs::set_permissions(d.join("secret.env"), fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(d, fs::Permissions::from_mode(0o755)).unwrap();
    // root reads anything: drop to `nobody` when running as root
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0"))
        .unwrap_or(false);
    let exe = assert_cmd::cargo::cargo_bin("connleak");
    let out = if is_root {
        if std::process::Command::new("setpriv")
            .arg("--version")
            .output()
            .is_err()
        {
            eprintln!("skipping: running as root without setpriv");
            return;
        }
        // the binary and the temp dir must be reachable by nobody
        let tmp_bin = d.join("connleak");
        fs::copy(&exe, &tmp_bin).unwrap();
        fs::set_permissions(&tmp_bin, fs::Permissions::from_mode(0o755)).unwrap();
        let mut p = d.to_path_buf();
        while let Some(parent) = p.parent() {
            let _ = fs::set_permissions(&p, fs::Permissions::from_mode(0o755));
            p = parent.to_path_buf();
            if p == std::env::temp_dir() {
                break;
            }
        }
        std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&tmp_bin)
            .args(["scan", "--format", "json", "--exclude", "connleak", "."])
            .current_dir(d)
            .output()
            .unwrap()
    } else {
        std::process::Command::new(&exe)
            .args(["scan", "--format", "json", "."])
            .current_dir(d)
            .output()
            .unwrap()
    };
    // the unreadable file is named and fails the gate (exit 2)
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(keys(&v, ""), ["ok.env:1 env-db-password"]);
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["path"], "secret.env");
    assert!(stderr(&out).contains("warning"));
}

#[cfg(unix)]
#[test]
fn file_names_with_escapes_and_newlines_are_printed_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let name = "evil\x1b[31mred\nnext.env";
    fs::write(dir.path().join(name), LEAK).unwrap();
    let o = run_in(dir.path(), &["scan", "--color", "never", "."]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(!out.contains('\x1b'), "raw escape in {out:?}");
    assert!(out.contains("evil\\x1b[31mred\\nnext.env:1:13"), "{out}");
    // JSON carries the real name, escaped by JSON itself
    let v = json(&run_in(dir.path(), &["scan", "--format", "json", "."]));
    assert_eq!(v["findings"][0]["path"], name);
}

#[cfg(unix)]
#[test]
fn non_utf8_file_names() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.env");
    fs::write(dir.path().join(name), LEAK).unwrap();
    let o = run_in(dir.path(), &["scan", "--format", "json", "."]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["findings"][0]["path"], "caf\u{fffd}.env");
}

#[test]
fn utf16_with_and_without_bom_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let text = "<connectionStrings>\r\n  <add name=\"x\" connectionString=\"Server=sql1;Database=d;User Id=u;Password=U16-Pw-9931;\" />\r\n</connectionStrings>\r\n";
    let mut le = vec![0xFF, 0xFE];
    let mut bare = Vec::new();
    let mut be = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
        bare.extend_from_slice(&u.to_le_bytes());
        be.extend_from_slice(&u.to_be_bytes());
    }
    fs::write(dir.path().join("le.config"), le).unwrap();
    fs::write(dir.path().join("bare.config"), bare).unwrap();
    fs::write(dir.path().join("be.config"), be).unwrap();
    let (code, v, _) = scan_json(dir.path());
    assert_eq!(code, Some(1));
    assert_eq!(
        keys(&v, ""),
        [
            "bare.config:2 ado-connection-string",
            "be.config:2 ado-connection-string",
            "le.config:2 ado-connection-string"
        ]
    );
    for f in v["findings"].as_array().unwrap() {
        assert_eq!(f["column"], 77);
    }
}

/// Regressions found in review: each input once crashed the scan or leaked
/// part of a secret into a snippet or a field.
#[test]
fn review_regressions_no_panic_no_partial_leak() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // a second keyword just past the first one's 4 KiB window (slice panic)
    fs::write(
        d.join("min.js"),
        format!("password{}password", "x".repeat(4092)),
    )
    .unwrap();
    // an ARM-style `{` whose `"value"` sits at the edge of the look-ahead (slice panic)
    fs::write(
        d.join("arm.json"),
        format!(
            "\"DB_PASSWORD\": {{{}\"value\":\"abc\"}}\n",
            " ".repeat(392)
        ),
    )
    .unwrap();
    // a non-ASCII host name (slice inside a character)
    fs::write(d.join("cjk.config"), "Server=日本;Password=Xk9vLq2mRt\n").unwrap();
    // two secrets on one line, one straddling the other's snippet window
    let key =
        "Zk3pQ9xV2mL7tR1wY8cB4nF6hJ0sD5gA2eU7iO3kM9oZk3pQ9xV2mL7tR1wY8cB4nF6hJ0sD5gA2eU7iO3kM9==";
    fs::write(
        d.join("one-line.json"),
        format!("{{\"Cosmos\":\"AccountEndpoint=https://a.documents.azure.com:443/;AccountKey={key};\",\"Sql\":\"Server=s;Database=d;User Id=u;Password=SecondSecretPw99;\"}}\n"),
    )
    .unwrap();
    // two passwords in one connection string: both found, neither printed
    fs::write(
        d.join("two.config"),
        "Server=h;Password=Aaa111bbbX;Pwd=Ccc222dddY;Database=d\n",
    )
    .unwrap();
    // `@` and `/` inside a URI password: not split into host and database
    fs::write(
        d.join("url.env"),
        "DATABASE_URL=postgres://app:Kq7@Zr/w9!Lm@db.example.com:5432/orders\n",
    )
    .unwrap();
    let o = run_in(d, &["scan", "--format", "json", "."]);
    assert_eq!(o.status.code(), Some(1), "stderr: {}", stderr(&o));
    let out = stdout(&o);
    for secret in [
        "SecondSecretPw99",
        "Aaa111bbbX",
        "Ccc222dddY",
        "Kq7@Zr",
        "w9!Lm",
        &key[4..20],
        &key[60..80],
    ] {
        assert!(!out.contains(secret), "leaks {secret:?}");
    }
    let v = json(&o);
    let k = keys(&v, "");
    for want in [
        "cjk.config:1 ado-connection-string",
        "two.config:1 ado-connection-string",
        "url.env:1 db-uri",
    ] {
        assert!(k.contains(&want.to_string()), "{want} in {k:?}");
    }
    assert_eq!(k.iter().filter(|x| x.starts_with("two.config")).count(), 2);
    let url = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "url.env")
        .unwrap();
    assert_eq!(url["host"], "db.example.com");
    assert_eq!(url["database"], "orders");
    assert!(v["errors"].as_array().unwrap().is_empty());
}

#[test]
fn deep_directory_nesting() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = dir.path().to_path_buf();
    for _ in 0..400 {
        p.push("d");
    }
    fs::create_dir_all(&p).unwrap();
    fs::write(p.join("deep.env"), LEAK).unwrap();
    let (code, v, _) = scan_json(dir.path());
    assert_eq!(code, Some(1));
    let path = v["findings"][0]["path"].as_str().unwrap();
    assert_eq!(path, format!("{}deep.env", "d/".repeat(400)));
    assert_eq!(v["findings"][0]["line"], 1);
}

#[test]
fn a_hundred_thousand_files_in_one_directory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for i in 0..100_000 {
        fs::write(d.join(format!("f{i:06}.txt")), b"nothing to see\n").unwrap();
    }
    fs::write(d.join("f050000.env"), LEAK).unwrap();
    let (code, v, _) = scan_json(d);
    assert_eq!(code, Some(1));
    assert_eq!(keys(&v, ""), ["f050000.env:1 env-db-password"]);
    assert_eq!(v["summary"]["files_scanned"], 100_001);
}

/// A writer keeps appending while the scan runs. Whatever the interleaving,
/// the scan ends, reads at most `--max-filesize` of the file, and either
/// scans it (finding the secret at its start) or counts it as too large.
#[test]
fn a_file_that_grows_while_being_read() {
    use std::io::Write;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("growing.env");
    let mut f = fs::File::create(&path).unwrap();
    f.write_all(LEAK.as_bytes()).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let block = "x=1\n".repeat(16 << 10);
            let mut written = 0usize;
            while !stop.load(Ordering::Relaxed) && written < 256 << 20 {
                f.write_all(block.as_bytes()).unwrap();
                written += block.len();
            }
        })
    };
    for _ in 0..3 {
        let o = run_in(
            dir.path(),
            &["scan", "--format", "json", "--max-filesize", "2M", "."],
        );
        let v = json(&o);
        let s = &v["summary"];
        let scanned = s["files_scanned"].as_u64().unwrap();
        let too_large = s["skipped_too_large"].as_u64().unwrap();
        assert_eq!(scanned + too_large, 1, "{s}");
        if scanned == 1 {
            assert_eq!(o.status.code(), Some(1));
            assert_eq!(keys(&v, ""), ["growing.env:1 env-db-password"]);
            assert!(s["bytes_scanned"].as_u64().unwrap() <= 2 << 20);
        } else {
            // skipped as too large: named, and the gate fails
            assert_eq!(o.status.code(), Some(2));
        }
    }
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
}

/// A path flips between a file and a directory while scans run: whichever
/// the walker meets, it scans it, walks it, or reports it, and goes on.
#[test]
fn a_file_replaced_by_a_directory_mid_walk() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_path_buf();
    fs::write(d.join("stable.env"), LEAK).unwrap();
    for i in 0..200 {
        fs::write(d.join(format!("pad{i}.txt")), b"text\n").unwrap();
    }
    let flip = d.join("flip.env");
    let stop = Arc::new(AtomicBool::new(false));
    let flipper = {
        let stop = stop.clone();
        let flip = flip.clone();
        std::thread::spawn(move || {
            let mut n = 0u32;
            while !stop.load(Ordering::Relaxed) && n < 1_000_000 {
                let _ = fs::write(&flip, LEAK);
                let _ = fs::remove_file(&flip);
                let _ = fs::create_dir(&flip);
                let _ = fs::write(flip.join("inner.txt"), b"text\n");
                let _ = fs::remove_dir_all(&flip);
                n += 1;
            }
        })
    };
    for _ in 0..5 {
        let o = run_in(&d, &["scan", "--format", "json", "--threads", "2", "."]);
        // 2 when the flip made a listed file vanish before it was read
        // (named as an error: the gate does not pass what it did not read)
        assert!(matches!(o.status.code(), Some(1 | 2)), "{}", stderr(&o));
        let v = json(&o);
        assert!(keys(&v, "").contains(&"stable.env:1 env-db-password".to_string()));
        assert!(!stderr(&o).contains("internal error"));
    }
    stop.store(true, Ordering::Relaxed);
    flipper.join().unwrap();
}

/// Paths longer than the system's limit cannot be opened: an error entry,
/// and the rest of the tree (a path just under the limit included) is
/// scanned. Built with relative `mkdir`/`chdir` by perl (essential on
/// Debian), as no absolute path can name it and `sh`'s `cd` refuses.
#[cfg(unix)]
#[test]
fn very_long_paths() {
    let dir = tempfile::tempdir().unwrap();
    let script = r#"my ($root) = @ARGV; my $s = "s" x 250;
        chdir $root or die "root: $!";
        for (1..15) { mkdir $s or die "mkdir: $!"; chdir $s or die "chdir: $!"; }
        open(F, ">near.env") or die; print F "DB_PASSWORD=Near-L1mit-Pw\n"; close F;
        for (1..3) { mkdir $s or die "mkdir: $!"; chdir $s or die "chdir: $!"; }
        open(F, ">over.env") or die; print F "DB_PASSWORD=Over-L1mit-Pw\n"; close F;"#;
    let st = std::process::Command::new("perl")
        .args(["-e", script])
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(st.success());
    let o = run_in(dir.path(), &["scan", "--format", "json", "."]);
    // the path too long to open is named and fails the gate (exit 2)
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let v = json(&o);
    let found = keys(&v, "");
    assert!(
        found
            .iter()
            .any(|k| k.ends_with("near.env:1 env-db-password")),
        "{found:?}"
    );
    // beyond the limit: an error entry (or, on a system without such a
    // limit, a finding); never a stopped scan
    let over_found = found.iter().any(|k| k.contains("over.env"));
    let errors = v["errors"].as_array().unwrap();
    assert!(over_found || !errors.is_empty(), "{v}");
    if !over_found {
        assert!(stderr(&o).contains("too long"), "{}", stderr(&o));
    }
}

/// NUL bytes after the first 8 KiB do not make a file binary: the text
/// around them is scanned and positions are exact.
#[test]
fn nul_bytes_in_the_middle_of_a_text_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = "# settings\n".repeat(1000).into_bytes(); // 11 KB of text
    body.extend_from_slice(b"junk\0\0\0junk\n");
    body.extend_from_slice(b"x\0y DB_PASSWORD=Nul-Ar0und-Pw\n");
    fs::write(dir.path().join("nul.env"), &body).unwrap();
    let (code, v, _) = scan_json(dir.path());
    assert_eq!(code, Some(1));
    assert_eq!(keys(&v, ""), ["nul.env:1002 env-db-password"]);
    assert_eq!(v["findings"][0]["column"], 17);
}

/// A file larger than the scan window (raised `--max-filesize`) is scanned
/// in overlapping windows: secrets on both sides of every window edge are
/// found with the same positions as a whole-buffer scan of the same bytes
/// (standard input is read whole).
#[test]
fn a_file_larger_than_the_scan_window() {
    let dir = tempfile::tempdir().unwrap();
    let chunk = connleak_core::scan::CHUNK;
    let mut body = Vec::with_capacity(3 * chunk);
    let mut n = 0;
    while body.len() < 2 * chunk + chunk / 2 {
        let near_edge = [chunk, 2 * chunk]
            .iter()
            .any(|&e| body.len() + 40 > e.saturating_sub(1500) && body.len() < e + 1500);
        if near_edge || n % 50_000 == 0 {
            body.extend_from_slice(format!("DB_PASSWORD=Edge-{n}-Pw-x1\n").as_bytes());
        } else {
            body.extend_from_slice("é filler text, nothing here at all\n".as_bytes());
        }
        n += 1;
    }
    fs::write(dir.path().join("big.env"), &body).unwrap();
    let o = run_in(
        dir.path(),
        &[
            "scan",
            "--format",
            "json",
            "--max-filesize",
            "1G",
            "big.env",
        ],
    );
    let chunked = json(&o);
    let mut c = bin();
    c.current_dir(dir.path());
    let whole = c
        .args([
            "scan",
            "--format",
            "json",
            "--stdin-filename",
            "big.env",
            "-",
        ])
        .write_stdin(body)
        .output()
        .unwrap();
    let whole = json(&whole);
    let strip = |v: &serde_json::Value| {
        let mut f = v["findings"].as_array().unwrap().clone();
        for x in &mut f {
            x.as_object_mut().unwrap().remove("path");
        }
        f
    };
    assert!(strip(&whole).len() > 50, "{}", strip(&whole).len());
    assert_eq!(strip(&chunked), strip(&whole));
}

/// A repository's own `.connleak.toml` may not make a scan read files of
/// the machine: `rules-dir = ["/proc/self/environ"]` used to be read (its
/// first line quoted in the error). Paths outside the config's tree, also
/// through `..` or a symbolic link, are refused before anything is read;
/// an operator's `--config` may point anywhere.
#[test]
fn a_discovered_config_cannot_reach_outside_its_tree() {
    let outer = tempfile::tempdir().unwrap();
    let repo = outer.path().join("repo");
    let elsewhere = outer.path().join("elsewhere");
    fs::create_dir_all(&repo).unwrap();
    fs::create_dir_all(&elsewhere).unwrap();
    fs::write(
        repo.join("app.env"),
        format!("{LEAK}ACME_DB_TOKEN=Acme-Tok-9931\n"),
    )
    .unwrap();
    // a valid rule file outside the repository
    let rule = concat!(
        "id = \"outside-rule\"\ntitle = \"t\"\ndescription = \"d\"\nseverity = \"high\"\n",
        "confidence = \"high\"\nkind = \"env\"\nkeywords = [\"acme_db_token\"]\n",
        "[regex]\npatterns = ['''ACME_DB_TOKEN=(?P<secret>\\S+)''']\n",
    );
    fs::write(elsewhere.join("copy.toml"), rule).unwrap();
    fs::write(elsewhere.join("b.json"), r#"{"version":1,"entries":[]}"#).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&elsewhere, repo.join("linked-rules")).unwrap();
    let marker = "CONNLEAK_TEST_ENV_MARKER=Do-Not-Print-Me-71";
    for config in [
        r#"rules-dir = ["/proc/self/environ"]"#,
        r#"rules-dir = ["../elsewhere"]"#,
        r#"rules-dir = ["linked-rules"]"#,
        r#"baseline = "../elsewhere/b.json""#,
        r#"baseline = "/etc/hostname""#,
    ] {
        fs::write(repo.join(".connleak.toml"), config).unwrap();
        let o = bin()
            .current_dir(&repo)
            .env("CONNLEAK_TEST_ENV_MARKER", "Do-Not-Print-Me-71")
            .args(["scan", "--format", "json", "."])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{config}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("outside this configuration file's directory"),
            "{config}: {}",
            stderr(&o)
        );
        let all = format!("{}{}", stdout(&o), stderr(&o));
        assert!(
            !all.contains("Do-Not-Print-Me"),
            "{config}: {all} ({marker})"
        );
    }
    // inside the tree: fine
    fs::create_dir_all(repo.join("ci-rules")).unwrap();
    fs::copy(elsewhere.join("copy.toml"), repo.join("ci-rules/r.toml")).unwrap();
    fs::write(repo.join(".connleak.toml"), r#"rules-dir = ["ci-rules"]"#).unwrap();
    let o = run_in(&repo, &["scan", "--format", "json", "."]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // the operator's --config may name the directory outside
    fs::write(
        outer.path().join("ops.toml"),
        r#"rules-dir = ["elsewhere"]"#,
    )
    .unwrap();
    let o = run_in(
        &repo,
        &["scan", "--format", "json", "--config", "../ops.toml", "."],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(json(&o)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "outside-rule"));
}

/// What could not be scanned fails the gate, named: a missing path next to
/// a readable one, a file over --max-filesize (a padded `.env`, also when
/// staged). Excluding it, or --exit-zero, passes.
#[test]
fn what_could_not_be_scanned_fails_the_gate_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("clean.txt"), "nothing here\n").unwrap();
    let o = run_in(d, &["scan", "clean.txt", "typo.env"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("typo.env"), "{}", stderr(&o));

    let mut padded = "# padding\n".repeat(20_000);
    padded.push_str(LEAK);
    fs::write(d.join("big.env"), &padded).unwrap();
    let o = run_in(d, &["scan", "--max-filesize", "64K", "."]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("big.env (larger than --max-filesize)"),
        "{}",
        stderr(&o)
    );
    let o = run_in(
        d,
        &["scan", "--format", "json", "--max-filesize", "64K", "."],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(json(&o)["skipped"][0]["path"], "big.env");
    let o = run_in(
        d,
        &["scan", "--max-filesize", "64K", "--exclude", "big.env", "."],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run_in(d, &["scan", "--max-filesize", "64K", "--exit-zero", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // the pre-commit hook's scan of what is staged
    crate::staged::git(d, &["init", "-q"]);
    crate::staged::git(d, &["add", "big.env", "clean.txt"]);
    let o = run_in(d, &["scan", "--staged", "--max-filesize", "64K"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("big.env"), "{}", stderr(&o));
}

/// Peak resident memory of one run of the binary, in bytes (GNU time's
/// `%M`, the child's own rusage), with its exit code, standard output and
/// standard error. `None` without /usr/bin/time (Debian's `time` package,
/// which .ci/run installs).
fn peak_rss(dir: &Path, args: &[&str]) -> Option<(i32, u64, Vec<u8>, String)> {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        assert!(
            std::env::var_os("CONNLEAK_REQUIRE_SERVERS").is_none(),
            "/usr/bin/time is required in CI"
        );
        eprintln!("note: /usr/bin/time missing: the memory bound is not measured");
        return None;
    }
    let out = tempfile::NamedTempFile::new().unwrap();
    let o = std::process::Command::new(time)
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(out.path())
        .arg(env!("CARGO_BIN_EXE_connleak"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let kb: u64 = fs::read_to_string(out.path())
        .unwrap()
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .expect("GNU time's %M");
    Some((
        o.status.code().unwrap_or(-1),
        kb * 1024,
        o.stdout,
        String::from_utf8_lossy(&o.stderr).into_owned(),
    ))
}

/// 20,000 findings in one 500 KB `.env` used to take 9.8 GB (each finding's
/// advice cloned the whole file), and a 5 MB line of URIs over 6 GB: memory
/// is bounded per finding, and a file lists at most 10,000 findings, the
/// rest counted and named.
#[test]
fn thousands_of_findings_in_one_file_stay_under_300_mb() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for i in 0..20_000u32 {
        // distinct, password-like values
        let v = format!("{:08x}", i.wrapping_mul(2_654_435_761));
        text.push_str(&format!("DB_PASSWORD_{i}=Pw-{v}-Zq{}\n", i % 97));
    }
    fs::write(dir.path().join("many.env"), &text).unwrap();
    let mut line = String::new();
    for i in 0..100_000u32 {
        let v = format!("{:08x}", i.wrapping_mul(2_246_822_519));
        line.push_str(&format!("postgres://u{i}:Pw{v}@db{i}.internal:5432/app "));
    }
    assert!(line.len() > 5 << 20);
    fs::write(dir.path().join("uris.txt"), &line).unwrap();
    let Some((code, peak, out, err)) = peak_rss(dir.path(), &["scan", "--format", "json", "."])
    else {
        return;
    };
    assert_eq!(code, 1, "{err}");
    assert!(peak < 300 << 20, "peak RSS {} MB", peak >> 20);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 20_000);
    assert_eq!(v["summary"]["findings_unlisted"], 10_000 + 90_000);
    assert_eq!(
        v["unlisted"],
        serde_json::json!([
            {"path": "many.env", "findings": 10_000},
            {"path": "uris.txt", "findings": 90_000}
        ])
    );
    assert!(
        err.contains("many.env: 10000 more findings not listed"),
        "{err}"
    );
}

/// `fix --write` prints the diff first; a slow reader can hold it there for
/// as long as it likes. A file edited meanwhile is left as the other writer
/// left it, named, and the run fails.
#[test]
fn fix_write_keeps_an_edit_made_while_the_diff_was_printed() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // enough exact edits that the diff (about 100 KB) cannot fit in a pipe
    let mut text = String::from("{\n  \"ConnectionStrings\": {\n");
    for i in 0..400 {
        text.push_str(&format!(
            "    \"Db{i}\": \"Server=tcp:sql{i}.database.windows.net,1433;Initial Catalog=app;User ID=app;Password=Pw-{i}-Xq9z!;Encrypt=True;\"{}\n",
            if i < 399 { "," } else { "" }
        ));
    }
    text.push_str("  }\n}\n");
    let file = d.join("appsettings.json");
    fs::write(&file, &text).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_connleak"))
        .args(["fix", "--write", "."])
        .current_dir(d)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    out.read_exact(&mut first).unwrap();
    // the diff is being printed and cannot finish before we read on
    let edited = text.replace("Initial Catalog=app", "Initial Catalog=edited");
    fs::write(&file, &edited).unwrap();
    let mut rest = Vec::new();
    out.read_to_end(&mut rest).unwrap();
    assert!(rest.len() > 64 * 1024, "the diff must outgrow a pipe");
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("not writing appsettings.json: it changed since it was scanned"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), edited);
}

/// The loaders of what a repository (or an operator) hands connleak —
/// `.connleak.toml`, rule files, the baseline — never put a value of the
/// file into an error message, whatever the file holds: a value planted
/// anywhere in generated, mostly broken, TOML and JSON never shows up.
mod loaders_never_quote_their_input {
    use proptest::prelude::*;

    const MARK: &str = "Zq9Mark7Secret";

    /// TOML and JSON fragments, the marker among them in every shape a
    /// value takes (string, bare word, key, array item, table name).
    fn doc() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("exclude = ".to_string()),
            Just("allow = ".to_string()),
            Just("fail-on = ".to_string()),
            Just("baseline = ".to_string()),
            Just("rules-dir = ".to_string()),
            Just("id = ".to_string()),
            Just("title = ".to_string()),
            Just("severity = ".to_string()),
            Just("keywords = ".to_string()),
            Just("[rules.".to_string()),
            Just("[[rule]]\n".to_string()),
            Just("[assign]\npath = ".to_string()),
            Just("{\"version\": ".to_string()),
            Just("\"entries\": [".to_string()),
            Just("{\"path\": ".to_string()),
            Just("\"fingerprint\": ".to_string()),
            Just(format!("\"{MARK}\"")),
            Just(format!("'{MARK}'")),
            Just(MARK.to_string()),
            Just(format!("[\"{MARK}\"]")),
            Just(format!("{MARK} = 1")),
            Just(format!("{MARK}]")),
            Just("12345678".to_string()),
            Just("true".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            Just("}".to_string()),
            Just(",".to_string()),
            Just("\"".to_string()),
            Just("\n".to_string()),
            Just(" ".to_string()),
            "[ -~]{0,6}",
        ];
        proptest::collection::vec(piece, 1..24).prop_map(|v| v.concat())
    }

    fn clean(what: &str, e: impl std::fmt::Display) -> Result<(), TestCaseError> {
        let e = format!("{e:#}");
        prop_assert!(!e.contains(MARK), "{what} quotes its input: {e}");
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn config(text in doc()) {
            if let Err(e) = connleak::config::parse(&text, "c.toml") {
                clean("the config loader", e)?;
            }
        }

        #[test]
        fn rules(text in doc()) {
            if let Err(e) = connleak_core::rules::Rule::from_toml(&text, "r.toml") {
                clean("the rule loader", e)?;
            }
        }

        #[test]
        fn baseline(text in doc()) {
            let dir = tempfile::tempdir().unwrap();
            let p = dir.path().join("b.json");
            std::fs::write(&p, &text).unwrap();
            if let Err(e) = connleak::baseline::Baseline::load(&p) {
                clean("the baseline loader", e)?;
            }
        }
    }
}
