//! JDBC URLs. Each driver family has its own grammar:
//! - mssql-jdbc and jTDS: `jdbc:sqlserver://host[\inst][:port];k=v;...` with
//!   `{braced}` values (parsed by the key=value tokenizer);
//! - URL-shaped drivers (PostgreSQL, MySQL, MariaDB, ClickHouse, ...):
//!   `jdbc:<sub>://[user:pass@]host[:port]/db?k=v&...`;
//! - Oracle thin/OCI: `jdbc:oracle:thin:user/pass@host:port:sid` or
//!   `@//host:port/service` or `@(DESCRIPTION=...)`;
//! - DB2: `jdbc:db2://host:port/db:user=u;password=p;`.

use super::{kv, uri};
use std::ops::Range;

#[derive(Clone, Debug, Default)]
pub struct JdbcUrl {
    /// the sub-protocol: `sqlserver`, `postgresql`, `oracle`, ...
    pub subprotocol: String,
    pub host: Option<String>,
    pub port: Option<u16>,
    pub database: Option<String>,
    pub user: Option<String>,
    pub password: Option<(String, Range<usize>)>,
    pub span: Range<usize>,
}

/// Parse the JDBC URL that starts at `start` (the `j` of `jdbc:`).
pub fn parse_at(s: &[u8], start: usize, end: usize) -> Option<JdbcUrl> {
    let end = end.min(s.len());
    let mut tok_end = start;
    while tok_end < end && !uri::is_uri_stop(s[tok_end]) {
        tok_end += 1;
    }
    let body = start + 5; // after "jdbc:"
    if body >= tok_end {
        return None;
    }
    let sub_end = (body..tok_end)
        .find(|&i| !s[i].is_ascii_alphanumeric())
        .unwrap_or(tok_end);
    let sub = String::from_utf8_lossy(&s[body..sub_end]).to_ascii_lowercase();
    if sub.is_empty() {
        return None;
    }
    let mut out = JdbcUrl {
        subprotocol: sub.clone(),
        span: start..tok_end,
        ..JdbcUrl::default()
    };
    match sub.as_str() {
        "sqlserver" | "jtds" => sqlserver(s, sub_end, tok_end, &mut out),
        "oracle" => oracle(s, sub_end, tok_end, &mut out),
        _ => url_shaped(s, sub_end, tok_end, &mut out),
    }
    Some(out)
}

fn find(s: &[u8], from: usize, to: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(&s[from..to], needle).map(|i| from + i)
}

fn sqlserver(s: &[u8], from: usize, end: usize, out: &mut JdbcUrl) {
    let Some(sl) = find(s, from, end, b"//") else {
        return;
    };
    let hstart = sl + 2;
    let props = find(s, hstart, end, b";").unwrap_or(end);
    let mut hp = &s[hstart..props];
    if out.subprotocol == "jtds" {
        if let Some(slash) = memchr::memchr(b'/', hp) {
            out.database = Some(String::from_utf8_lossy(&hp[slash + 1..]).into_owned());
            hp = &hp[..slash];
        }
    }
    let (host, port) = uri::split_host_port(hp);
    let host = host.split(|&b| b == b'\\').next().unwrap_or(b"");
    if !host.is_empty() {
        out.host = Some(String::from_utf8_lossy(host).into_owned());
    }
    out.port = port;
    if props < end {
        let kv = kv::parse(s, props, end, None);
        apply_props(&kv, out);
    }
}

fn apply_props(kv: &kv::KvString, out: &mut JdbcUrl) {
    if let Some(p) = kv.get(&["password"]) {
        out.password = Some((p.value.clone(), p.value_span.clone()));
    }
    if let Some(p) = kv.get(&["user", "username", "userid", "user id"]) {
        out.user = Some(p.value.clone());
    }
    if let Some(p) = kv.get(&["databasename", "database"]) {
        out.database = Some(p.value.clone());
    }
    if out.host.is_none() {
        if let Some(p) = kv.get(&["servername", "server"]) {
            out.host = Some(p.value.clone());
        }
    }
}

fn oracle(s: &[u8], from: usize, end: usize, out: &mut JdbcUrl) {
    // jdbc:oracle:thin:[user/pass]@...
    let mut i = from;
    if i < end && s[i] == b':' {
        i += 1;
    }
    while i < end && s[i].is_ascii_alphanumeric() {
        i += 1; // driver type: thin, oci, oci8, kprb
    }
    if i < end && s[i] == b':' {
        i += 1;
    }
    let Some(at) = (i..end).rev().find(|&j| s[j] == b'@') else {
        return;
    };
    if at > i {
        let creds = &s[i..at];
        if let Some(slash) = memchr::memchr(b'/', creds) {
            out.user = Some(String::from_utf8_lossy(&creds[..slash]).into_owned());
            let pstart = i + slash + 1;
            let pass = String::from_utf8_lossy(&s[pstart..at]).into_owned();
            out.password = Some((pass, pstart..at));
        }
    }
    let rest = &s[at + 1..end];
    if let Some(h) = memchr::memmem::find(&rest.to_ascii_uppercase(), b"(HOST=") {
        let hs = h + 6;
        let he = rest[hs..]
            .iter()
            .position(|&b| b == b')')
            .map_or(rest.len(), |p| hs + p);
        out.host = Some(String::from_utf8_lossy(&rest[hs..he]).trim().to_string());
        return;
    }
    let rest = rest.strip_prefix(b"//").unwrap_or(rest);
    let he = rest
        .iter()
        .position(|&b| matches!(b, b':' | b'/' | b'?'))
        .unwrap_or(rest.len());
    if he > 0 {
        out.host = Some(String::from_utf8_lossy(&rest[..he]).into_owned());
    }
    if he < rest.len() && rest[he] == b':' {
        let ps = he + 1;
        let pe = rest[ps..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .map_or(rest.len(), |p| ps + p);
        out.port = std::str::from_utf8(&rest[ps..pe])
            .ok()
            .and_then(|p| p.parse().ok());
    }
}

fn url_shaped(s: &[u8], from: usize, end: usize, out: &mut JdbcUrl) {
    let Some(sep) = find(s, from, end, b"://") else {
        // e.g. jdbc:h2:mem:test;USER=sa;PASSWORD=x
        if let Some(semi) = find(s, from, end, b";") {
            let kv = kv::parse(s, semi, end, None);
            apply_props(&kv, out);
        }
        return;
    };
    let Some(u) = uri::parse_at(s, sep, end) else {
        return;
    };
    out.host = u.host.clone();
    out.port = u.port;
    out.database = u.database.clone();
    out.user = u.user.clone().filter(|x| !x.is_empty());
    out.password = u.password.clone();
    if let Some((_, v, span)) = u.query_param(&["password"]) {
        if out.password.is_none() {
            out.password = Some((v.clone(), span.clone()));
        }
    }
    if let Some((_, v, _)) = u.query_param(&["user", "username"]) {
        out.user.get_or_insert_with(|| v.clone());
    }
    // DB2 and others: `/db:user=u;password=p;`
    if out.password.is_none() {
        if let Some(db) = &u.database {
            if let Some(colon) = db.find(':') {
                out.database = Some(db[..colon].to_string());
            }
        }
        let path_start = find(s, sep + 3, end, b"/").unwrap_or(end);
        if let Some(colon) = find(s, path_start, end, b":") {
            let kv = kv::parse(s, colon + 1, end, None);
            apply_props(&kv, out);
        }
    }
    if let Some(db) = out.database.as_mut() {
        if let Some(semi) = db.find(';') {
            db.truncate(semi);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> JdbcUrl {
        let start = s.find("jdbc:").unwrap();
        parse_at(s.as_bytes(), start, s.len()).unwrap()
    }

    #[test]
    fn sqlserver_properties() {
        let j = p("url=jdbc:sqlserver://sql1.database.windows.net:1433;databaseName=app;user=svc@sql1;password={p;w}}d};encrypt=true");
        assert_eq!(j.host.as_deref(), Some("sql1.database.windows.net"));
        assert_eq!(j.port, Some(1433));
        assert_eq!(j.database.as_deref(), Some("app"));
        assert_eq!(j.user.as_deref(), Some("svc@sql1"));
        assert_eq!(j.password.unwrap().0, "p;w}d");
        let j = p("jdbc:sqlserver://srv\\INST;user=a;password=Abc12345");
        assert_eq!(j.host.as_deref(), Some("srv"));
    }

    #[test]
    fn postgres_mysql_mariadb() {
        let j =
            p("jdbc:postgresql://pg.example.com:5432/app?user=app&password=Pg-Pass-77&ssl=true");
        assert_eq!(j.password.unwrap().0, "Pg-Pass-77");
        assert_eq!(j.user.as_deref(), Some("app"));
        let j = p("jdbc:mysql://root:My5ql!pw@mysql.internal:3306/shop");
        assert_eq!(j.password.unwrap().0, "My5ql!pw");
        assert_eq!(j.host.as_deref(), Some("mysql.internal"));
        let j = p("jdbc:mariadb://db:3306/x?user=a&amp;password=Maria9");
        assert_eq!(j.password.unwrap().0, "Maria9");
        let j = p("jdbc:postgresql://pg:5432/app");
        assert!(j.password.is_none());
    }

    #[test]
    fn oracle_forms() {
        let j = p("jdbc:oracle:thin:scott/T1ger99@ora.example.com:1521:ORCL");
        assert_eq!(j.user.as_deref(), Some("scott"));
        assert_eq!(j.password.unwrap().0, "T1ger99");
        assert_eq!(j.host.as_deref(), Some("ora.example.com"));
        assert_eq!(j.port, Some(1521));
        let j = p("jdbc:oracle:thin:@//ora:1521/svc");
        assert!(j.password.is_none());
        let j = p("jdbc:oracle:thin:app/Pw9x@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=ora-scan)(PORT=1521)))");
        assert_eq!(j.host.as_deref(), Some("ora-scan"));
        assert_eq!(j.password.unwrap().0, "Pw9x");
    }

    #[test]
    fn db2_and_h2() {
        let j = p("jdbc:db2://db2.corp:50000/SAMPLE:user=db2inst1;password=Db2Pw!x;");
        assert_eq!(j.password.unwrap().0, "Db2Pw!x");
        assert_eq!(j.database.as_deref(), Some("SAMPLE"));
        let j = p("jdbc:h2:mem:test;USER=sa;PASSWORD=H2secret9");
        assert_eq!(j.password.unwrap().0, "H2secret9");
    }

    #[test]
    fn garbage_does_not_panic() {
        for s in [
            "jdbc:",
            "jdbc:x",
            "jdbc:oracle:thin:@",
            "jdbc:sqlserver:",
            "jdbc:mysql://@",
            "jdbc:oracle:thin:/@",
        ] {
            let _ = parse_at(s.as_bytes(), 0, s.len());
        }
    }
}
