//! `scan --verify` against real servers on loopback (PostgreSQL, MariaDB,
//! Redis: see `servers.rs`), and the safety rules counted on real
//! listening sockets: no connection without `--verify`, none to a loopback
//! address without `--verify-private`, and none turned on by a repository.
//! SQL Server cannot be installed here: its refused and timeout paths are
//! tested against sockets.

use crate::servers;
use crate::util::*;
use serde_json::Value;
use std::fs;
use std::io::ErrorKind;
use std::net::TcpListener;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A listening socket that counts the connections it accepts and then
/// holds them open without a word (a server that never answers).
struct Silent {
    port: u16,
    accepted: Arc<AtomicUsize>,
}

impl Silent {
    fn new() -> Silent {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = l.local_addr().expect("addr").port();
        let accepted = Arc::new(AtomicUsize::new(0));
        let n = accepted.clone();
        std::thread::spawn(move || {
            let mut held = Vec::new();
            for s in l.incoming() {
                n.fetch_add(1, Ordering::SeqCst);
                held.push(s);
            }
        });
        Silent { port, accepted }
    }

    fn count(&self) -> usize {
        // connections the kernel completed but the thread has not taken yet
        std::thread::sleep(Duration::from_millis(200));
        self.accepted.load(Ordering::SeqCst)
    }
}

/// A listener never accepted from: `accept` tells whether anyone connected.
fn untouched_listener() -> TcpListener {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    l.set_nonblocking(true).expect("nonblocking");
    l
}

fn connections_to(l: &TcpListener) -> usize {
    let mut n = 0;
    loop {
        match l.accept() {
            Ok(_) => n += 1,
            Err(e) if e.kind() == ErrorKind::WouldBlock => return n,
            Err(e) => panic!("accept: {e}"),
        }
    }
}

/// One leak per engine, all at 127.0.0.1:`port`.
fn every_engine(port: u16) -> String {
    format!(
        "PG_URL=postgres://app:Pg-9xQ2-leak@127.0.0.1:{port}/orders\n\
         MYSQL_URL=mysql://app:My-4kL8-leak@127.0.0.1:{port}/shop\n\
         REDIS_URL=redis://:Rd-7vB3-leak@127.0.0.1:{port}/0\n\
         MSSQL=Server=tcp:127.0.0.1,{port};Database=crm;User Id=app;Password=Ms-2pT6-leak;\n"
    )
}

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (p, text) in files {
        let path = dir.path().join(p);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("dirs");
        }
        fs::write(path, text).expect("write");
    }
    dir
}

fn scan_json(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["scan", ".", "--format", "json", "--exit-zero"];
    args.extend_from_slice(extra);
    let o = run_in(dir, &args);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    json(&o)
}

/// (engine, status, detail) of every finding, by secret's first letters.
fn verdicts(v: &Value) -> Vec<(String, String, String)> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["engine"].as_str().unwrap_or("").to_string(),
                f["verification"]["status"]
                    .as_str()
                    .unwrap_or("<none>")
                    .to_string(),
                f["verification"]["detail"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
            )
        })
        .collect()
}

fn status_of<'a>(v: &'a [(String, String, String)], engine: &str) -> &'a (String, String, String) {
    v.iter()
        .find(|(e, _, _)| e == engine)
        .unwrap_or_else(|| panic!("no {engine} finding in {v:?}"))
}

#[test]
fn without_verify_nothing_connects_and_no_field_appears() {
    let l = untouched_listener();
    let port = l.local_addr().unwrap().port();
    let dir = project(&[("app.env", &every_engine(port))]);
    for format in ["json", "sarif", "text", "html"] {
        let o = run_in(
            dir.path(),
            &["scan", ".", "--format", format, "--exit-zero"],
        );
        assert_eq!(o.status.code(), Some(0));
        assert!(
            !stdout(&o).contains("verification") && !stdout(&o).contains("[live]"),
            "{format}"
        );
    }
    let v = scan_json(dir.path(), &[]);
    assert_eq!(v["findings"].as_array().unwrap().len(), 4);
    assert!(v["summary"].get("verification").is_none());
    assert_eq!(connections_to(&l), 0);
}

#[test]
fn loopback_is_skipped_without_verify_private_and_never_connected() {
    let l = untouched_listener();
    let port = l.local_addr().unwrap().port();
    let dir = project(&[("app.env", &every_engine(port))]);
    let v = scan_json(dir.path(), &["--verify"]);
    let got = verdicts(&v);
    assert_eq!(got.len(), 4);
    for (engine, status, detail) in &got {
        assert_eq!(status, "skipped", "{engine}: {detail}");
        assert!(
            detail.contains("loopback") && detail.contains("--verify-private"),
            "{detail}"
        );
    }
    assert_eq!(v["summary"]["verification"]["connections"], 0);
    assert_eq!(v["summary"]["verification"]["skipped"], 4);
    assert_eq!(connections_to(&l), 0, "a skipped host was connected to");
}

#[test]
fn a_repository_config_cannot_turn_verify_on() {
    let l = untouched_listener();
    let port = l.local_addr().unwrap().port();
    for conf in [
        "verify = true\n",
        "verify-private = true\n",
        "[verify]\nenabled = true\n",
    ] {
        let dir = project(&[("app.env", &every_engine(port)), (".connleak.toml", conf)]);
        let o = run_in(dir.path(), &["scan", ".", "--format", "json"]);
        assert_eq!(o.status.code(), Some(2), "{conf}: {}", stderr(&o));
        assert!(stderr(&o).contains("unknown field"), "{}", stderr(&o));
    }
    assert_eq!(connections_to(&l), 0);
}

#[test]
fn verify_flags_need_verify_and_are_checked() {
    for args in [
        &["scan", ".", "--only-verified"][..],
        &["scan", ".", "--verify-private"],
        &["scan", ".", "--verify-timeout", "3"],
        &["scan", ".", "--verify", "--verify-timeout", "0"],
        &["scan", ".", "--verify", "--verify-concurrency", "0"],
    ] {
        let dir = project(&[("x.txt", "nothing\n")]);
        let o = run_in(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
    // verification is a scan option: the baseline commands do not take it
    let dir = project(&[("x.txt", "nothing\n")]);
    let o = run_in(dir.path(), &["baseline", "create", "--verify"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_closed_port_is_unreachable_for_every_engine_including_sql_server() {
    let port = servers::free_port();
    let dir = project(&[("app.env", &every_engine(port))]);
    let start = Instant::now();
    let v = scan_json(dir.path(), &["--verify", "--verify-private"]);
    let got = verdicts(&v);
    for engine in ["postgresql", "mysql", "redis", "sqlserver"] {
        let (_, status, detail) = status_of(&got, engine);
        assert_eq!(status, "unreachable", "{engine}: {detail}");
        assert!(detail.contains("connection refused"), "{engine}: {detail}");
    }
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_server_that_never_answers_is_unreachable_within_the_timeout() {
    let silent = Silent::new();
    let dir = project(&[("app.env", &every_engine(silent.port))]);
    let start = Instant::now();
    let v = scan_json(
        dir.path(),
        &["--verify", "--verify-private", "--verify-timeout", "1"],
    );
    let took = start.elapsed();
    let got = verdicts(&v);
    for engine in ["postgresql", "mysql", "redis", "sqlserver"] {
        let (_, status, detail) = status_of(&got, engine);
        assert_eq!(status, "unreachable", "{engine}: {detail}");
        assert!(detail.contains("within 1 s"), "{engine}: {detail}");
    }
    // four attempts at once (the default is 4 per host), 1 s each
    assert!(took < Duration::from_secs(6), "took {took:?}");
    assert_eq!(silent.count(), 4, "one connection per credential");
}

#[test]
fn concurrency_per_host_is_bounded() {
    let silent = Silent::new();
    let dir = project(&[("app.env", &every_engine(silent.port))]);
    let start = Instant::now();
    let v = scan_json(
        dir.path(),
        &[
            "--verify",
            "--verify-private",
            "--verify-timeout",
            "0.5",
            "--verify-concurrency",
            "1",
        ],
    );
    // one at a time: four silent servers take four timeouts
    let took = start.elapsed();
    assert!(took >= Duration::from_millis(2000), "took {took:?}");
    assert_eq!(v["summary"]["verification"]["unreachable"], 4);
}

#[test]
fn reasons_to_skip_without_any_connection() {
    let dir = project(&[(
        "app.env",
        "MONGO_URL=mongodb://app:Mg-3hJ9-leak@db.acme-corp.io:27017/x\n\
         PG_URL=postgres://app:Pg-5tR1-leak@your-server.postgres.database.azure.com/x\n\
         DOC_URL=postgres://app:Pg-8uI2-leak@192.0.2.10:5432/x\n",
    )]);
    let v = scan_json(dir.path(), &["--verify", "--verify-private"]);
    let details: Vec<String> = verdicts(&v)
        .into_iter()
        .map(|(_, s, d)| format!("{s}: {d}"))
        .collect();
    let joined = details.join("\n");
    assert!(
        joined.contains("skipped: engine not supported by --verify: mongodb"),
        "{joined}"
    );
    assert!(joined.contains("skipped: placeholder host"), "{joined}");
    assert!(joined.contains("documentation address"), "{joined}");
    assert_eq!(v["summary"]["verification"]["connections"], 0);
}

#[test]
fn postgres_live_rejected_and_database_errors() {
    let Some(pg) = servers::postgres(&[("app", "Live-Pg-7w3Q"), ("ops", "Ops-Pg-5k9Z")]) else {
        return;
    };
    let p = pg.port;
    let dir = project(&[
        (
            "api/.env",
            &format!("DATABASE_URL=postgres://app:Live-Pg-7w3Q@127.0.0.1:{p}/postgres\n"),
        ),
        (
            "old/.env",
            &format!("DATABASE_URL=postgres://app:Rotated-Pg-1a2B@127.0.0.1:{p}/postgres\n"),
        ),
        (
            "ops/.env",
            &format!("DATABASE_URL=postgres://ops:Ops-Pg-5k9Z@127.0.0.1:{p}/no_such_db\n"),
        ),
        // the same credential again: tried once
        (
            "worker/.env",
            &format!("DATABASE_URL=postgres://app:Live-Pg-7w3Q@127.0.0.1:{p}/postgres\n"),
        ),
    ]);
    let v = scan_json(dir.path(), &["--verify", "--verify-private"]);
    let by_path = |path: &str| -> (String, String) {
        let f = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap_or("").contains(path))
            .unwrap_or_else(|| panic!("no finding in {path}: {v}"));
        (
            f["verification"]["status"].as_str().unwrap().to_string(),
            f["verification"]["detail"].as_str().unwrap().to_string(),
        )
    };
    let (s, d) = by_path("api/");
    assert_eq!(s, "live", "{d}");
    assert!(d.contains("over TLS"), "{d}");
    let (s, d) = by_path("old/");
    assert_eq!(s, "rejected", "{d}");
    assert!(d.contains("28P01"), "{d}");
    let (s, d) = by_path("ops/");
    assert_eq!(s, "live", "{d}");
    assert!(d.contains("no_such_db") && d.contains("3D000"), "{d}");
    assert_eq!(by_path("worker/").0, "live");
    let sum = &v["summary"]["verification"];
    assert_eq!(sum["credentials"], 3, "{sum}");
    assert_eq!(sum["live"], 2);
    assert_eq!(sum["rejected"], 1);
    assert_eq!(sum["connections"], 3, "each credential once: {sum}");
    // the inventory puts what still works first, with the advice
    let inv = v["inventory"].as_array().unwrap();
    assert_eq!(inv[0]["verification"]["status"], "live");
    assert!(inv[0]["advice"].as_str().unwrap().starts_with("rotate now"));
    assert_eq!(inv.last().unwrap()["verification"]["status"], "rejected");
    assert!(inv.last().unwrap().get("advice").is_none());

    // --only-verified keeps the live findings only, and gates on them
    let o = run_in(
        dir.path(),
        &[
            "scan",
            ".",
            "--format",
            "json",
            "--verify",
            "--verify-private",
            "--only-verified",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let only = json(&o);
    let kept: Vec<&str> = only["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["verification"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(kept, ["live", "live", "live"]);

    // text: the tag after the severity, and the detail
    let o = run_in(
        dir.path(),
        &[
            "scan",
            ".",
            "--verify",
            "--verify-private",
            "--color",
            "never",
        ],
    );
    let text = stdout(&o);
    assert!(text.contains("low [live] db-uri"), "{text}");
    assert!(text.contains("low [rejected] db-uri"), "{text}");
    assert!(
        text.contains("    verify: rejected: PostgreSQL at 127.0.0.1:"),
        "{text}"
    );
    assert!(stderr(&o).contains("connleak: verify: 3 credentials: 2 live, 1 rejected"));

    // SARIF: a result property
    let o = run_in(
        dir.path(),
        &[
            "scan",
            ".",
            "--format",
            "sarif",
            "--verify",
            "--verify-private",
        ],
    );
    let sarif = json(&o);
    let statuses: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["properties"]["verification"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses.len(), 4);
    assert!(statuses.contains(&"rejected") && statuses.contains(&"live"));

    // HTML: the column and the advice
    let o = run_in(
        dir.path(),
        &[
            "scan",
            ".",
            "--format",
            "html",
            "--verify",
            "--verify-private",
        ],
    );
    let html = stdout(&o);
    assert!(html.contains("<th>Verified</th>") && html.contains("class=\"v-live\""));
    assert!(html.contains("rotate now"));
}

#[test]
fn mariadb_live_and_rejected_without_tls() {
    let Some(db) = servers::mariadb(&[("app", "Live-My-4r8T")]) else {
        return;
    };
    let p = db.port;
    let dir = project(&[(
        "config/database.env",
        &format!(
            "PRIMARY=mysql://app:Live-My-4r8T@127.0.0.1:{p}/shop\n\
             REPLICA=mysql://app:Old-My-9q2W@127.0.0.1:{p}/shop\n\
             NOBODY=mysql://ghost:Live-My-4r8T@127.0.0.1:{p}/shop\n"
        ),
    )]);
    let v = scan_json(dir.path(), &["--verify", "--verify-private"]);
    let got: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["verification"]["status"].as_str().unwrap().to_string(),
                f["verification"]["detail"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0].0, "live", "{got:?}");
    assert!(got[0].1.contains("without TLS"), "{}", got[0].1);
    assert_eq!(got[1].0, "rejected", "{got:?}");
    assert!(got[1].1.contains("1045"), "{}", got[1].1);
    assert_eq!(got[2].0, "rejected", "{got:?}");
    // TLS is asked first, then a plain login: two connections for each
    assert_eq!(v["summary"]["verification"]["connections"], 6);
}

#[test]
fn redis_acl_user_default_user_and_rotated() {
    let Some(r) = servers::redis("Def-Rd-8m1N", &[("app", "Acl-Rd-3x7P")]) else {
        return;
    };
    let p = r.port;
    let dir = project(&[(
        "cache.env",
        &format!(
            "CACHE_URL=redis://app:Acl-Rd-3x7P@127.0.0.1:{p}/0\n\
             SESSION_URL=redis://:Def-Rd-8m1N@127.0.0.1:{p}/1\n\
             OLD_URL=redis://app:Old-Rd-6c4V@127.0.0.1:{p}/0\n"
        ),
    )]);
    let v = scan_json(dir.path(), &["--verify", "--verify-private"]);
    let got = v["findings"].as_array().unwrap();
    let status = |i: usize| got[i]["verification"]["status"].as_str().unwrap();
    let detail = |i: usize| got[i]["verification"]["detail"].as_str().unwrap();
    assert_eq!(status(0), "live", "{}", detail(0));
    assert!(detail(0).contains("without TLS"), "{}", detail(0));
    assert_eq!(status(1), "live", "{}", detail(1));
    assert_eq!(status(2), "rejected", "{}", detail(2));
    assert!(detail(2).contains("WRONGPASS"), "{}", detail(2));
    // a plain port is found out with PING and AUTH follows on the same connection
    assert_eq!(v["summary"]["verification"]["connections"], 3);
}

#[test]
fn history_and_staged_are_verified_too() {
    let port = servers::free_port();
    let repo = crate::staged::repo_with(&[(
        "deploy/.env",
        &format!("DATABASE_URL=postgres://app:Hist-Pg-2d5F@127.0.0.1:{port}/app\n"),
    )]);
    let d = repo.path();
    let o = run_in(
        d,
        &[
            "scan",
            "--history",
            ".",
            "--format",
            "json",
            "--verify",
            "--verify-private",
        ],
    );
    let v = json(&o);
    assert_eq!(
        v["findings"][0]["verification"]["status"], "unreachable",
        "{v}"
    );
    assert_eq!(v["inventory"][0]["verification"]["status"], "unreachable");
    crate::staged::write(
        d,
        "deploy/.env",
        &format!("DATABASE_URL=postgres://app:Staged-Pg-6g1H@127.0.0.1:{port}/app\n"),
    );
    crate::staged::git(d, &["add", "deploy/.env"]);
    let o = run_in(d, &["scan", "--staged", "--format", "json", "--verify"]);
    let v = json(&o);
    assert_eq!(v["findings"][0]["verification"]["status"], "skipped", "{v}");
}

#[test]
fn redis_over_tls() {
    let Some(r) = servers::redis_tls("Tls-Rd-5j2K") else {
        return;
    };
    let p = r.port;
    let dir = project(&[(
        "cache.env",
        &format!("CACHE_URL=rediss://:Tls-Rd-5j2K@127.0.0.1:{p}/0\n"),
    )]);
    let v = scan_json(dir.path(), &["--verify", "--verify-private"]);
    let f = &v["findings"][0]["verification"];
    assert_eq!(f["status"], "live", "{v}");
    assert!(f["detail"].as_str().unwrap().contains("over TLS"), "{f}");
    // the PING that found the port is not plain, then the TLS connection
    assert_eq!(v["summary"]["verification"]["connections"], 2);
}
