//! Candidates from the connection-string grammars: key=value strings
//! (ADO.NET, ODBC, OLE DB, libpq, Cosmos DB), URLs and JDBC URLs. Each
//! proposes a secret with the host, user, port, database and engine that the
//! same string names.

use crate::grammar::{assign, host, jdbc, kv, uri};
use crate::model::{Engine, Kind};
use crate::rules::{KvSpec, UriSpec};
use std::ops::Range;

/// A proposed secret, before judgement and deduplication.
pub(super) struct Candidate {
    pub(super) rule: usize,
    pub(super) span: Range<usize>,
    /// the text this candidate speaks for (a whole connection string or
    /// URI): less specific rules may not propose secrets inside it
    pub(super) claim: Range<usize>,
    pub(super) secret: String,
    pub(super) user: Option<String>,
    pub(super) host: Option<String>,
    pub(super) port: Option<u16>,
    pub(super) database: Option<String>,
    pub(super) engine: Option<Engine>,
    pub(super) kind: Option<Kind>,
}

impl Candidate {
    pub(super) fn new(rule: usize, span: Range<usize>, secret: String) -> Candidate {
        Candidate {
            rule,
            claim: span.clone(),
            span,
            secret,
            user: None,
            host: None,
            port: None,
            database: None,
            engine: None,
            kind: None,
        }
    }
}

const SERVER_KEYS: &[&str] = &[
    "server",
    "data source",
    "address",
    "addr",
    "network address",
    "host",
    "hostname",
    "datasource",
];
const USER_KEYS: &[&str] = &[
    "user id",
    "uid",
    "user",
    "username",
    "userid",
    "user name",
    "login",
];
const DB_KEYS: &[&str] = &["initial catalog", "database", "dbname"];

/// Propose every secret of the key=value string that has a key at `hit`;
/// returns the end of the string so that later hits inside it are skipped.
#[allow(clippy::too_many_arguments)]
pub(super) fn kv_candidate(
    ri: usize,
    spec: &KvSpec,
    text: &[u8],
    hit: usize,
    lo: usize,
    hi: usize,
    esc: Escapes,
    out: &mut Vec<Candidate>,
) -> Option<usize> {
    let kvs = kv::find_around(text, hit, lo, hi)?;
    let end = kvs.span.end;
    if !kvs
        .pairs
        .iter()
        .any(|p| spec.context_keys.contains(&p.key) && !spec.secret_keys.contains(&p.key))
    {
        return Some(end);
    }
    for pair in kvs
        .pairs
        .iter()
        .filter(|p| spec.secret_keys.contains(&p.key))
    {
        kv_pair_candidate(ri, &kvs, pair, esc, out);
    }
    Some(end)
}

fn kv_pair_candidate(
    ri: usize,
    kvs: &kv::KvString,
    pair: &kv::Pair,
    esc: Escapes,
    out: &mut Vec<Candidate>,
) {
    // `{expr}` in an interpolated string is code, not an ODBC-braced value
    if kvs.interpolated && pair.braced {
        return;
    }
    let mut value = pair.value.clone();
    // inside a C-like string literal (JSON, C#, Java, JS), `\\` and `\"`
    // are escapes of the host language, not part of the password
    if esc.c && kvs.terminator == Some(b'"') && value.contains('\\') {
        value = unescape_c(&value);
    }
    if esc.xml && value.contains('&') {
        value = assign::xml_unescape(value.as_bytes());
    }
    let mut c = Candidate::new(ri, pair.value_span.clone(), value);
    c.claim = kvs.span.clone();
    if let Some(ep) = kvs.get(&["accountendpoint"]) {
        let v = ep.value.as_bytes();
        if let Some(sep) = memchr::memmem::find(v, b"://") {
            c.host = uri::parse_at(v, sep, v.len()).and_then(|u| u.host);
        }
    } else if let Some(server) = kvs.get(SERVER_KEYS) {
        let (h, port) = split_server(&server.value);
        c.host = Some(h);
        c.port = port;
        if server.value.to_ascii_lowercase().starts_with("tcp:") {
            c.engine = Some(Engine::SqlServer);
        }
    }
    if let Some(p) = kvs.get(&["port"]) {
        c.port = p.value.trim().parse().ok();
    }
    c.user = kvs.get(USER_KEYS).map(|p| p.value.clone());
    c.database = kvs.get(DB_KEYS).map(|p| p.value.clone());
    let driver = kvs.get(&["driver"]).or(kvs.get(&["provider"]));
    if let Some(d) = driver {
        c.engine = c.engine.or(Engine::from_word(&d.value));
    }
    // SQLite: `Data Source=app.db;Password=..` is the key of a local file
    // (SQLCipher), not a server login; there is no host
    if is_sqlite(kvs) {
        c.engine = Some(Engine::Sqlite);
        c.host = None;
        c.port = None;
    }
    c.kind = Some(if kvs.libpq {
        c.engine = Some(Engine::PostgreSql);
        Kind::Libpq
    } else if kvs.has(&["driver", "dsn"])
        || driver.is_some_and(|d| d.value.eq_ignore_ascii_case("msdasql"))
    {
        Kind::Odbc
    } else if kvs.has(&["provider"]) {
        Kind::Oledb
    } else if kvs.has(&["accountendpoint"]) {
        c.engine = Some(Engine::CosmosDb);
        Kind::Cosmos
    } else {
        if kvs.has(&[
            "initial catalog",
            "data source",
            "trustservercertificate",
            "multipleactiveresultsets",
            "integrated security",
        ]) {
            c.engine = c.engine.or(Some(Engine::SqlServer));
        }
        if kvs.has(&["username"]) && kvs.has(&["host"]) {
            c.engine = c.engine.or(Some(Engine::PostgreSql)); // Npgsql spelling
        }
        Kind::Ado
    });
    out.push(c);
}

/// A SQLite connection string (`Microsoft.Data.Sqlite`, System.Data.SQLite):
/// its `Data Source`/`Filename` is a file (`.db`, `.sqlite`, `:memory:`), or
/// it has keys only SQLite has (`Version=3`, `Mode=ReadWriteCreate`,
/// `Cache=Shared`, `Filename=`), or its driver says so.
fn is_sqlite(kvs: &kv::KvString) -> bool {
    const EXTS: &[&str] = &[
        ".db", ".db3", ".sqlite", ".sqlite3", ".s3db", ".sl3", ".sdb",
    ];
    let file_like = |v: &str| {
        let v = v.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
        v == ":memory:" || v.starts_with("file:") || EXTS.iter().any(|e| v.ends_with(e))
    };
    if kvs
        .get(&["data source", "datasource", "filename"])
        .is_some_and(|p| file_like(&p.value))
    {
        return true;
    }
    if kvs.has(&["filename"]) && !kvs.has(&["server", "host"]) {
        return true;
    }
    let value_is = |key: &str, vals: &[&str]| {
        kvs.get(&[key])
            .is_some_and(|p| vals.iter().any(|v| p.value.trim().eq_ignore_ascii_case(v)))
    };
    (value_is("version", &["3"]) && kvs.has(&["data source"]))
        || value_is(
            "mode",
            &["readwritecreate", "readwrite", "readonly", "memory"],
        )
        || value_is("cache", &["shared", "private"])
        || kvs
            .get(&["driver", "provider"])
            .is_some_and(|d| d.value.to_ascii_lowercase().contains("sqlite"))
}

/// Which escapes of the host file apply to values read from it.
#[derive(Clone, Copy)]
pub(super) struct Escapes {
    pub(super) c: bool,
    pub(super) xml: bool,
}

/// Undo `\\`, `\"`, `\'` and `\/` escapes.
pub(super) fn unescape_c(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(n @ ('\\' | '"' | '\'' | '/')) => out.push(n),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `tcp:host,1433` / `host\INST` / `host:5432` -> (host, port)
pub(super) fn split_server(v: &str) -> (String, Option<u16>) {
    let v = v.trim();
    let port = v
        .rsplit_once(',')
        .and_then(|(_, p)| p.trim().parse().ok())
        .or_else(|| {
            let stripped = v.strip_prefix("tcp:").unwrap_or(v);
            (stripped.matches(':').count() == 1)
                .then(|| stripped.rsplit_once(':').and_then(|(_, p)| p.parse().ok()))
                .flatten()
        });
    (host::normalize_host(v), port)
}

pub(super) fn uri_candidate(
    ri: usize,
    spec: &UriSpec,
    text: &[u8],
    hit: usize,
    hi: usize,
    out: &mut Vec<Candidate>,
) {
    let Some(scheme) = uri::scheme_before(text, hit) else {
        return;
    };
    // JDBC URLs belong to their own rule
    if scheme.start >= 5 && text[scheme.start - 5..scheme.start].eq_ignore_ascii_case(b"jdbc:") {
        return;
    }
    let s = String::from_utf8_lossy(&text[scheme.clone()]).to_ascii_lowercase();
    // `postgresql+asyncpg`, `db+postgresql` (Celery), `mysql2` (Rails)
    let Some(base) = s
        .split('+')
        .map(|p| p.trim_end_matches(|c: char| c.is_ascii_digit()))
        .find(|p| spec.schemes.iter().any(|x| x == p))
    else {
        return;
    };
    let Some(u) = uri::parse_at(text, hit, hi) else {
        return;
    };
    let (secret, span) = match (&u.password, u.query_param(&["password"]), &u.user_span) {
        (Some((p, span)), _, _) => (p.clone(), span.clone()),
        (None, Some((_, v, span)), _) => (v.clone(), span.clone()),
        // Redis clients (Lettuce, Symfony, Predis) read `redis://secret@host`
        // as a password without a user name
        (None, None, Some(span))
            if matches!(base, "redis" | "rediss" | "valkey" | "keydb" | "dragonfly") =>
        {
            let user = u.user.clone().unwrap_or_default();
            // a user name alone (`redis://worker@host`) is not a password
            if user.is_empty()
                || matches!(
                    user.to_ascii_lowercase().as_str(),
                    "default" | "user" | "username" | "admin" | "root" | "worker" | "redis" | "app"
                )
            {
                return;
            }
            (user, span.clone())
        }
        _ => return,
    };
    let mut c = Candidate::new(ri, span, secret);
    c.claim = u.span.clone();
    c.user = u
        .user
        .clone()
        .filter(|x| u.password.is_some() || *x != c.secret)
        .filter(|x| !x.is_empty())
        .or_else(|| u.query_param(&["user", "username"]).map(|q| q.1.clone()));
    c.host = u.host.clone();
    c.port = u.port;
    // go-mssqldb and others name the database in the query
    c.database = u.database.clone().or_else(|| {
        u.query_param(&["database", "dbname"])
            .map(|q| q.1.clone())
            .filter(|d| !d.is_empty())
    });
    c.engine = Engine::from_word(base);
    c.kind = Some(Kind::Uri);
    out.push(c);
}

pub(super) fn jdbc_candidate(
    ri: usize,
    text: &[u8],
    hit: usize,
    hi: usize,
    out: &mut Vec<Candidate>,
) {
    let Some(j) = jdbc::parse_at(text, hit, hi) else {
        return;
    };
    let Some((secret, span)) = j.password else {
        return;
    };
    let mut c = Candidate::new(ri, span, secret);
    c.claim = j.span.clone();
    c.user = j.user;
    c.host = j.host;
    c.port = j.port;
    c.database = j.database;
    c.engine = Engine::from_word(&j.subprotocol);
    c.kind = Some(Kind::Jdbc);
    out.push(c);
}
