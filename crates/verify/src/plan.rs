//! From a finding to what would be tried, or why nothing is: the engine's
//! protocol, the host, port and user named with the password, and the
//! password itself. Only the finding's own host is ever used: the scanner
//! takes it from the same connection string or configuration block.

use connleak_core::model::{AzureService, Engine, Finding, Verification, VerifyStatus};
use std::net::{IpAddr, SocketAddr};

/// The handshakes `--verify` speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Protocol {
    Postgres,
    MySql,
    SqlServer,
    Redis,
}

impl Protocol {
    pub fn of(engine: Engine) -> Option<Protocol> {
        Some(match engine {
            Engine::PostgreSql | Engine::CockroachDb => Protocol::Postgres,
            Engine::MySql | Engine::MariaDb => Protocol::MySql,
            Engine::SqlServer => Protocol::SqlServer,
            Engine::Redis => Protocol::Redis,
            Engine::Oracle
            | Engine::Db2
            | Engine::MongoDb
            | Engine::CosmosDb
            | Engine::ClickHouse
            // a SQLite key opens a file: there is no server to ask
            | Engine::Sqlite => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Postgres => "PostgreSQL",
            Protocol::MySql => "MySQL",
            Protocol::SqlServer => "SQL Server",
            Protocol::Redis => "Redis",
        }
    }

    /// A user name is part of the login (Redis's is optional: `AUTH pw`).
    fn needs_user(self) -> bool {
        self != Protocol::Redis
    }
}

/// One credential to try.
#[derive(Clone)]
pub struct Target {
    pub protocol: Protocol,
    /// as named with the password (normalized, lower case)
    pub host: String,
    pub port: u16,
    /// the port was not named with the password: the engine's default
    pub default_port: bool,
    pub user: Option<String>,
    pub database: Option<String>,
    pub password: String,
}

/// What makes two findings the same credential to try.
pub type Key = (Protocol, String, u16, Option<String>, String);

impl Target {
    pub fn key(&self) -> Key {
        (
            self.protocol,
            self.host.clone(),
            self.port,
            self.user.clone(),
            self.password.clone(),
        )
    }

    /// `host:port (address)` for details.
    pub fn endpoint(&self, addr: SocketAddr) -> String {
        let ip = addr.ip().to_string();
        if ip == self.host {
            format!("{}:{}", self.host, self.port)
        } else {
            format!("{}:{} ({ip})", self.host, self.port)
        }
    }
}

/// Try it, or say why not.
pub enum Plan {
    Try(Target),
    Skip(Verification),
}

fn skip(detail: impl AsRef<str>) -> Plan {
    Plan::Skip(Verification::new(VerifyStatus::Skipped, detail))
}

pub fn plan(f: &Finding) -> Plan {
    let Some(engine) = f.engine else {
        return skip("engine unknown: nothing says which handshake to try");
    };
    let Some(protocol) = Protocol::of(engine) else {
        return skip(format!(
            "engine not supported by --verify: {}",
            engine.as_str()
        ));
    };
    let Some(host) = f.host.as_deref().filter(|h| !h.is_empty()) else {
        return skip("host not known from the same connection string or block");
    };
    let host = host.to_ascii_lowercase();
    if let Some(why) = placeholder_host(&host) {
        return skip(format!("placeholder host: {why}"));
    }
    let password = f.secret.expose();
    if password.is_empty() {
        return skip("empty password");
    }
    // the scanner shows a user name equal to the password redacted like
    // the password: that user is the password itself
    let user = f.user.as_deref().map(|u| {
        if u.ends_with("****") && u == f.secret.redacted() {
            password.to_string()
        } else {
            u.to_string()
        }
    });
    if protocol.needs_user() && user.as_deref().is_none_or(str::is_empty) {
        return skip("user not known from the same connection string or block");
    }
    let (port, default_port) = match f.port {
        Some(p) if p != 0 => (p, false),
        _ => (default_port(engine, f.service), true),
    };
    Plan::Try(Target {
        protocol,
        host,
        port,
        default_port,
        user,
        database: f.database.clone().filter(|d| !d.is_empty()),
        password: password.to_string(),
    })
}

fn default_port(engine: Engine, service: Option<AzureService>) -> u16 {
    match engine {
        Engine::PostgreSql => 5432,
        Engine::CockroachDb => 26257,
        Engine::MySql | Engine::MariaDb => 3306,
        Engine::SqlServer => 1433,
        // Azure Cache for Redis listens with TLS only, on 6380
        Engine::Redis if service == Some(AzureService::Redis) => 6380,
        Engine::Redis => 6379,
        _ => 0,
    }
}

/// A host that names no real server: template syntax, names reserved for
/// documentation and tests (RFC 2606, RFC 6761), documentation address
/// ranges (RFC 5737, RFC 3849), and the usual stand-ins (`your-server`,
/// `hostname`). Returns why.
pub fn placeholder_host(host: &str) -> Option<&'static str> {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    if h.is_empty() {
        return Some("empty");
    }
    if h.contains([
        '<', '>', '{', '}', '$', '%', '*', ' ', '\t', '[', ']', '(', ')', '@',
    ]) && h.parse::<IpAddr>().is_err()
    {
        return Some("template or local-instance syntax");
    }
    if let Ok(ip) = h.parse::<IpAddr>() {
        return crate::address::documentation(ip).then_some("documentation address range");
    }
    const RESERVED: &[&str] = &[".example", ".invalid", ".test"];
    if RESERVED.iter().any(|s| h.ends_with(s)) || h == "example" || h == "invalid" {
        return Some("a name reserved for documentation and tests");
    }
    for d in ["example.com", "example.net", "example.org"] {
        if h == d || h.ends_with(&format!(".{d}")) {
            return Some("a name reserved for documentation");
        }
    }
    const STAND_INS: &[&str] = &[
        "host",
        "hostname",
        "server",
        "servername",
        "server_name",
        "server-name",
        "dbhost",
        "db_host",
        "db-host",
        "dbserver_name",
        "myserver",
        "my-server",
        "mydbserver",
        "placeholder",
        "changeme",
        "xxx",
        "xxxx",
        "xxxxx",
    ];
    let first = h.split('.').next().unwrap_or("");
    if STAND_INS.contains(&first) && !h.contains('.') {
        return Some("a stand-in name");
    }
    if h.split(['.', '-', '_']).any(|label| {
        label.starts_with("your")
            || label == "placeholder"
            || label == "changeme"
            || (label.len() >= 3 && label.bytes().all(|b| b == b'x'))
    }) {
        return Some("a stand-in name");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use connleak_core::model::{Confidence, Kind, Secret, Severity};

    fn finding(engine: Option<Engine>, host: Option<&str>, user: Option<&str>) -> Finding {
        Finding {
            path: "x".into(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 2,
            rule: "r".into(),
            kind: Kind::Uri,
            engine,
            host: host.map(Into::into),
            port: None,
            database: None,
            service: None,
            cloud: None,
            user: user.map(Into::into),
            secret: Secret::new("s3cret-Pass"),
            fingerprint: String::new(),
            severity: Severity::High,
            confidence: Confidence::High,
            snippet: String::new(),
            encoding: None,
            source: None,
        }
    }

    fn skipped(p: Plan) -> String {
        match p {
            Plan::Skip(v) => {
                assert_eq!(v.status, VerifyStatus::Skipped);
                v.detail
            }
            Plan::Try(t) => panic!("expected a skip, got a try of {}", t.host),
        }
    }

    #[test]
    fn every_reason_to_skip_is_named() {
        assert!(
            skipped(plan(&finding(None, Some("db.acme.io"), Some("u")))).contains("engine unknown")
        );
        assert!(skipped(plan(&finding(
            Some(Engine::Oracle),
            Some("db.acme.io"),
            Some("u")
        )))
        .contains("not supported by --verify: oracle"));
        assert!(
            skipped(plan(&finding(Some(Engine::PostgreSql), None, Some("u"))))
                .contains("host not known")
        );
        assert!(skipped(plan(&finding(
            Some(Engine::PostgreSql),
            Some("your-server.postgres.database.azure.com"),
            Some("u")
        )))
        .contains("placeholder host"));
        assert!(skipped(plan(&finding(
            Some(Engine::MySql),
            Some("db.acme.io"),
            None
        )))
        .contains("user not known"));
    }

    #[test]
    fn a_redis_password_needs_no_user_and_ports_default_per_engine() {
        let Plan::Try(t) = plan(&finding(Some(Engine::Redis), Some("cache.acme.io"), None)) else {
            panic!("redis without a user is tried");
        };
        assert_eq!((t.port, t.default_port, t.user), (6379, true, None));
        let mut f = finding(Some(Engine::Redis), Some("c.redis.cache.windows.net"), None);
        f.service = Some(AzureService::Redis);
        let Plan::Try(t) = plan(&f) else { panic!() };
        assert_eq!(t.port, 6380);
        let mut f = finding(Some(Engine::PostgreSql), Some("DB.Acme.IO"), Some("app"));
        f.port = Some(6432);
        let Plan::Try(t) = plan(&f) else { panic!() };
        assert_eq!(
            (t.host.as_str(), t.port, t.default_port),
            ("db.acme.io", 6432, false)
        );
    }

    #[test]
    fn a_user_shown_redacted_because_it_is_the_password_is_the_password() {
        let mut f = finding(Some(Engine::PostgreSql), Some("db.acme.io"), None);
        f.user = Some(f.secret.redacted());
        let Plan::Try(t) = plan(&f) else { panic!() };
        assert_eq!(t.user.as_deref(), Some("s3cret-Pass"));
    }

    #[test]
    fn placeholders() {
        for h in [
            "your_server",
            "yourserver.database.windows.net",
            "db.example.com",
            "example.org",
            "pg.example",
            "sql.test",
            "${DB_HOST}",
            "<host>",
            "{{ .Values.host }}",
            "xxx.mysql.database.azure.com",
            "hostname",
            "192.0.2.10",
            "203.0.113.5",
            "2001:db8::1",
            "(localdb)",
        ] {
            assert!(placeholder_host(h).is_some(), "{h}");
        }
        for h in [
            "db.acme.io",
            "prod-sql.database.windows.net",
            "10.0.0.4",
            "127.0.0.1",
            "::1",
            "localhost",
            "db",
            "host.docker.internal",
            "myhost.corp",
            "excel.acme.io",
        ] {
            assert!(placeholder_host(h).is_none(), "{h}");
        }
    }
}
