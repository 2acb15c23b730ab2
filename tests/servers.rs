//! Real database servers for the `--verify` tests: Debian's PostgreSQL,
//! MariaDB and Redis, each started on a free loopback port in its own
//! temporary directory, as its own unprivileged user when the tests run as
//! root, and stopped (then the directory removed) when the handle drops.
//!
//! A missing server binary skips the test that needs it with a message,
//! unless `CONNLEAK_REQUIRE_SERVERS=1` (set by `.ci/run`, which installs
//! them): then it fails.

use std::fs;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A free TCP port on 127.0.0.1 (bound, then released).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn find(candidates: &[&str]) -> Option<PathBuf> {
    candidates.iter().map(PathBuf::from).find(|p| p.is_file())
}

/// The path of a server binary, or `None` (with a note) when it is not
/// installed and the servers are not required.
fn need(what: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Some(p) = find(candidates) {
        return Some(p);
    }
    if std::env::var_os("CONNLEAK_REQUIRE_SERVERS").is_some_and(|v| v == "1") {
        panic!("{what} is not installed and CONNLEAK_REQUIRE_SERVERS=1 (see .ci/run)");
    }
    eprintln!("note: {what} is not installed; skipping (`.ci/run` installs it)");
    None
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn user_exists(user: &str) -> bool {
    Command::new("id")
        .arg(user)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The unprivileged user a server runs as when the tests run as root.
fn service_user(preferred: &str) -> Option<String> {
    if !is_root() {
        return None;
    }
    Some(if user_exists(preferred) {
        preferred.to_string()
    } else {
        "nobody".to_string()
    })
}

/// `program args` as `user` (setpriv execs, so the child is the server
/// itself and a signal reaches it).
fn command(user: Option<&str>, program: &Path) -> Command {
    match user {
        Some(u) => {
            let mut c = Command::new("setpriv");
            c.args([
                &format!("--reuid={u}"),
                &format!("--regid={u}"),
                "--init-groups",
                "--",
            ])
            .arg(program);
            c
        }
        None => Command::new(program),
    }
}

fn run_ok(mut c: Command, what: &str) {
    let o = c.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        o.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn chown(dir: &Path, user: Option<&str>) {
    if let Some(u) = user {
        let mut c = Command::new("chown");
        c.arg("-R").arg(format!("{u}:")).arg(dir);
        run_ok(c, "chown");
    }
}

/// A running server; stopped when dropped.
pub struct Server {
    pub port: u16,
    child: Child,
    dir: tempfile::TempDir,
    log: PathBuf,
}

impl Server {
    fn wait_until_listening(&mut self, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "{what} exited ({status}):\n{}",
                    fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!(
            "{what} did not listen on {} within 60 s:\n{}",
            self.port,
            fs::read_to_string(&self.log).unwrap_or_default()
        );
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // a clean shutdown (PostgreSQL stops its backends on SIGTERM), then
        // SIGKILL if it lingers
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A self-signed certificate and key in `dir` (for the servers' TLS).
fn certificate(dir: &Path) -> Option<(PathBuf, PathBuf)> {
    let crt = dir.join("server.crt");
    let key = dir.join("server.key");
    let ok = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args(["-subj", "/CN=localhost", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&crt)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    ok.then_some((crt, key))
}

fn pg_bin(name: &str) -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = fs::read_dir("/usr/lib/postgresql")
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    versions.sort();
    versions
        .into_iter()
        .rev()
        .map(|v| v.join("bin").join(name))
        .find(|p| p.is_file())
}

/// PostgreSQL with TLS (when openssl can make a certificate) and
/// SCRAM-SHA-256 for TCP logins; `roles` are (name, password) pairs.
pub fn postgres(roles: &[(&str, &str)]) -> Option<Server> {
    let Some(postgres) = pg_bin("postgres") else {
        need("PostgreSQL (postgresql)", &[])?;
        return None;
    };
    let initdb = pg_bin("initdb")?;
    let user = service_user("postgres");
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let tls = certificate(dir.path());
    chown(dir.path(), user.as_deref());
    let mut c = command(user.as_deref(), &initdb);
    c.arg("-D").arg(&data).args([
        "-U",
        "postgres",
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "-E",
        "UTF8",
        "--no-sync",
    ]);
    run_ok(c, "initdb");
    let port = free_port();
    let log = dir.path().join("server.log");
    let mut c = command(user.as_deref(), &postgres);
    c.arg("-D")
        .arg(&data)
        .args(["-p", &port.to_string()])
        .args(["-c", "listen_addresses=127.0.0.1"])
        .arg("-c")
        .arg(format!("unix_socket_directories={}", dir.path().display()))
        .args(["-c", "fsync=off", "-c", "max_connections=300"]);
    if let Some((crt, key)) = &tls {
        c.args(["-c", "ssl=on"])
            .arg("-c")
            .arg(format!("ssl_cert_file={}", crt.display()))
            .arg("-c")
            .arg(format!("ssl_key_file={}", key.display()));
    }
    let child = c
        .stdout(Stdio::null())
        .stderr(fs::File::create(&log).expect("log file"))
        .spawn()
        .expect("postgres starts");
    let mut s = Server {
        port,
        child,
        dir,
        log,
    };
    s.wait_until_listening("postgres");
    let psql = pg_bin("psql")
        .or_else(|| find(&["/usr/bin/psql"]))
        .expect("psql");
    // the Unix socket may appear just after the TCP port
    let deadline = Instant::now() + Duration::from_secs(20);
    for (role, password) in roles {
        loop {
            let o = Command::new(&psql)
                .arg("-h")
                .arg(s.dir())
                .args(["-p", &port.to_string(), "-U", "postgres", "-d", "postgres"])
                .args(["-v", "ON_ERROR_STOP=1", "-q", "-c"])
                .arg(format!(
                    "CREATE ROLE \"{role}\" LOGIN PASSWORD '{}'",
                    password.replace('\'', "''")
                ))
                .output()
                .expect("psql runs");
            if o.status.success() {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "psql: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    Some(s)
}

/// MariaDB (or MySQL) without TLS; `users` are (name, password) pairs
/// created for any host.
pub fn mariadb(users: &[(&str, &str)]) -> Option<Server> {
    let mariadbd = need(
        "MariaDB (mariadb-server)",
        &["/usr/sbin/mariadbd", "/usr/sbin/mysqld"],
    )?;
    let install = find(&["/usr/bin/mariadb-install-db", "/usr/bin/mysql_install_db"])
        .expect("mariadb-install-db");
    let client = find(&["/usr/bin/mariadb", "/usr/bin/mysql"]).expect("the mariadb client");
    let user = service_user("mysql");
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    fs::create_dir(&data).expect("data dir");
    chown(dir.path(), user.as_deref());
    let mut c = Command::new(install);
    c.arg("--no-defaults")
        .arg(format!("--datadir={}", data.display()))
        .args(["--auth-root-authentication-method=normal", "--skip-test-db"]);
    if let Some(u) = &user {
        c.arg(format!("--user={u}"));
    }
    run_ok(c, "mariadb-install-db");
    let port = free_port();
    let log = dir.path().join("server.log");
    let socket = dir.path().join("mysqld.sock");
    let mut c = Command::new(mariadbd);
    c.arg("--no-defaults")
        .arg(format!("--datadir={}", data.display()))
        .arg(format!("--port={port}"))
        .arg("--bind-address=127.0.0.1")
        .arg(format!("--socket={}", socket.display()))
        .arg(format!(
            "--pid-file={}",
            dir.path().join("mysqld.pid").display()
        ))
        .arg(format!("--log-error={}", log.display()))
        .args([
            "--skip-name-resolve",
            "--innodb-buffer-pool-size=16M",
            "--max-connections=300",
            "--skip-log-bin",
        ]);
    if let Some(u) = &user {
        c.arg(format!("--user={u}"));
    }
    let child = c
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("mariadbd starts");
    let mut s = Server {
        port,
        child,
        dir,
        log,
    };
    s.wait_until_listening("mariadbd");
    for (name, password) in users {
        let mut c = Command::new(&client);
        c.arg("--no-defaults")
            .arg(format!("--socket={}", socket.display()))
            .args(["-uroot", "-e"])
            .arg(format!(
                "CREATE USER '{name}'@'%' IDENTIFIED BY '{}'",
                password.replace('\'', "''")
            ));
        run_ok(c, "mariadb CREATE USER");
    }
    Some(s)
}

/// Redis with a password for the default user and ACL users.
pub fn redis(default_password: &str, users: &[(&str, &str)]) -> Option<Server> {
    redis_server(default_password, users, false)
}

/// Redis listening with TLS only (`port 0`, `tls-port`), when openssl can
/// make a certificate.
pub fn redis_tls(default_password: &str) -> Option<Server> {
    redis_server(default_password, &[], true)
}

fn redis_server(default_password: &str, users: &[(&str, &str)], tls: bool) -> Option<Server> {
    let redis = need("Redis (redis-server)", &["/usr/bin/redis-server"])?;
    let user = service_user("redis");
    let dir = tempfile::tempdir().expect("temp dir");
    let port = free_port();
    let log = dir.path().join("server.log");
    let mut conf = format!(
        "port {port}\nbind 127.0.0.1\ndaemonize no\nsave \"\"\nappendonly no\ndir {}\nlogfile {}\nrequirepass \"{default_password}\"\n",
        dir.path().display(),
        log.display()
    );
    for (name, password) in users {
        conf.push_str(&format!("user {name} on >{password} ~* +@all\n"));
    }
    if tls {
        let (crt, key) = certificate(dir.path()).expect("openssl makes a certificate");
        conf = conf.replace(&format!("port {port}\n"), "port 0\n");
        conf.push_str(&format!(
            "tls-port {port}\ntls-cert-file {}\ntls-key-file {}\ntls-auth-clients no\n",
            crt.display(),
            key.display()
        ));
    }
    let conf_path = dir.path().join("redis.conf");
    fs::write(&conf_path, conf).expect("redis.conf");
    chown(dir.path(), user.as_deref());
    let child = command(user.as_deref(), &redis)
        .arg(&conf_path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("redis-server starts");
    let mut s = Server {
        port,
        child,
        dir,
        log,
    };
    s.wait_until_listening("redis-server");
    Some(s)
}
