//! Database URIs: `scheme://user:password@host:port/db?query`, including
//! SQLAlchemy `dialect+driver://`, `mongodb+srv://` with several hosts, and
//! the URL part of JDBC URLs.
//!
//! Real-world URIs bend RFC 3986: passwords with an unencoded `@`, `/` or
//! `#` are common, so the userinfo ends at the *last* `@` of the authority,
//! and a `/` inside the password is tolerated when an `@` follows it.

use percent_encoding::percent_decode;
use std::ops::Range;

#[derive(Clone, Debug, Default)]
pub struct Uri {
    pub user: Option<String>,
    /// raw span of the user name
    pub user_span: Option<Range<usize>>,
    /// percent-decoded password and its raw span
    pub password: Option<(String, Range<usize>)>,
    pub host: Option<String>,
    pub port: Option<u16>,
    pub database: Option<String>,
    /// percent-decoded query parameters with their raw value spans
    pub query: Vec<(String, String, Range<usize>)>,
    pub span: Range<usize>,
}

impl Uri {
    pub fn query_param(&self, names: &[&str]) -> Option<&(String, String, Range<usize>)> {
        self.query
            .iter()
            .find(|(k, _, _)| names.iter().any(|n| k.eq_ignore_ascii_case(n)))
    }
}

/// Bytes that end a URI embedded in code or config.
pub fn is_uri_stop(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t' | b'\n' | b'\r' | b'"' | b'\'' | b'`' | b'<' | b'>' | b'\\'
    )
}

pub fn decode(raw: &[u8]) -> String {
    percent_decode(raw).decode_utf8_lossy().into_owned()
}

/// Read the scheme that ends right before `sep` (the index of `://`).
pub fn scheme_before(s: &[u8], sep: usize) -> Option<Range<usize>> {
    let mut i = sep;
    while i > 0
        && (s[i - 1].is_ascii_alphanumeric() || matches!(s[i - 1], b'+' | b'.' | b'-' | b'_'))
    {
        i -= 1;
        if sep - i > 40 {
            return None;
        }
    }
    // `_` is not a scheme character, but SQLAlchemy's driver names have it
    // (`postgresql+psycopg_async`): only after the `+`
    let base_end = s[i..sep]
        .iter()
        .position(|&b| b == b'+')
        .map_or(sep, |p| i + p);
    if let Some(u) = s[i..base_end].iter().rposition(|&b| b == b'_') {
        i += u + 1;
    }
    while i < sep && !s[i].is_ascii_alphabetic() {
        i += 1;
    }
    (i < sep).then_some(i..sep)
}

/// Parse the URI whose `://` is at `sep`; `end` bounds the search.
pub fn parse_at(s: &[u8], sep: usize, end: usize) -> Option<Uri> {
    let scheme = scheme_before(s, sep)?;
    let start = sep + 3;
    let end = end.min(s.len());
    if start > end {
        return None; // no room for the `://` itself
    }
    let mut tok_end = start;
    while tok_end < end && !is_uri_stop(s[tok_end]) {
        // a template expression (`{{ .Values.env }}`, spaces and all) is part
        // of the URL, as `${var.env}` is
        if s[tok_end] == b'{' && s.get(tok_end + 1) == Some(&b'{') {
            let limit = (tok_end + 256).min(end);
            if let Some(close) = s[tok_end..limit].windows(2).position(|w| w == b"}}") {
                tok_end += close + 2;
                continue;
            }
        }
        tok_end += 1;
    }
    let rest = &s[start..tok_end];
    let first_delim = rest
        .iter()
        .position(|&b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    // `user:pa@ss/wo@rd@host/db`: an unencoded `@` and `/` in the password.
    // The last `@` before the query, followed by something shaped like a
    // host, ends the userinfo.
    let query = rest
        .iter()
        .position(|&b| b == b'?' || b == b'#')
        .unwrap_or(rest.len());
    let late_at = memchr::memrchr(b'@', &rest[..query]).filter(|&at| {
        at > first_delim
            && memchr::memchr(b':', &rest[..first_delim]).is_some()
            && plausible_host(&rest[at + 1..query])
    });
    let at = match late_at.or_else(|| memchr::memrchr(b'@', &rest[..first_delim])) {
        Some(at) => Some(at),
        None => {
            // `user:pa/ss@host`: a `/` inside the password
            memchr::memchr(b'@', rest).filter(|&at| {
                let ui = &rest[..at];
                let colon = memchr::memchr(b':', ui);
                colon.is_some_and(|c| !ui[..c].contains(&b'/') && !ui.contains(&b'?'))
            })
        }
    };
    let mut uri = Uri {
        span: scheme.start..tok_end,
        ..Uri::default()
    };
    let host_start = match at {
        Some(at) => {
            let ui = &rest[..at];
            match memchr::memchr(b':', ui) {
                Some(c) => {
                    uri.user = Some(decode(&ui[..c]));
                    let pstart = start + c + 1;
                    let pend = start + at;
                    uri.password = Some((decode(&s[pstart..pend]), pstart..pend));
                }
                None => {
                    uri.user = Some(decode(ui));
                    uri.user_span = Some(start..start + at);
                }
            }
            at + 1
        }
        None => 0,
    };
    let after_host = rest[host_start..]
        .iter()
        .position(|&b| matches!(b, b'/' | b'?' | b'#'))
        .map_or(rest.len(), |p| host_start + p);
    let hostport = &rest[host_start..after_host];
    let first = hostport.split(|&b| b == b',').next().unwrap_or(b"");
    let (host, port) = split_host_port(first);
    if !host.is_empty() {
        uri.host = Some(decode(host));
    }
    uri.port = port;
    let mut i = after_host;
    if i < rest.len() && rest[i] == b'/' {
        let db_start = i + 1;
        let db_end = rest[db_start..]
            .iter()
            .position(|&b| matches!(b, b'?' | b'#' | b'/'))
            .map_or(rest.len(), |p| db_start + p);
        if db_end > db_start {
            uri.database = Some(decode(&rest[db_start..db_end]));
        }
        i = db_end;
        while i < rest.len() && rest[i] != b'?' && rest[i] != b'#' {
            i += 1;
        }
    }
    if i < rest.len() && rest[i] == b'?' {
        uri.query = parse_query(s, start + i + 1, tok_end);
    }
    Some(uri)
}

/// `k=v` pairs separated by `&` (or `;`, or XML's `&amp;`).
pub fn parse_query(s: &[u8], start: usize, end: usize) -> Vec<(String, String, Range<usize>)> {
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        let mut seg_end = i;
        while seg_end < end && !matches!(s[seg_end], b'&' | b';' | b'#') {
            seg_end += 1;
        }
        let mut seg_start = i;
        if s[seg_start..seg_end].starts_with(b"amp;") {
            seg_start += 4;
        }
        let seg = &s[seg_start..seg_end];
        if let Some(eq) = memchr::memchr(b'=', seg) {
            let vstart = seg_start + eq + 1;
            out.push((
                decode(&seg[..eq]),
                decode(&s[vstart..seg_end]),
                vstart..seg_end,
            ));
        } else if s[seg_start..].starts_with(b"amp") {
            // `&amp;` split at its own `;`: skip the entity tail
        }
        if seg_end < end && s[seg_end] == b'#' {
            break;
        }
        i = seg_end + 1;
    }
    out
}

/// `db.example.com:5432/orders`, `10.0.0.5`, `[::1]:5432`: a host, an optional
/// port, then the end or a path.
fn plausible_host(s: &[u8]) -> bool {
    let end = s.iter().position(|&b| b == b'/').unwrap_or(s.len());
    let hp = &s[..end];
    !hp.is_empty()
        && hp.iter().all(|&b| {
            b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']' | b',')
        })
        && hp.iter().any(|b| b.is_ascii_alphabetic() || *b == b'.')
}

pub fn split_host_port(hp: &[u8]) -> (&[u8], Option<u16>) {
    if hp.first() == Some(&b'[') {
        if let Some(close) = memchr::memchr(b']', hp) {
            let port = hp
                .get(close + 1..)
                .and_then(|r| r.strip_prefix(b":"))
                .and_then(parse_port);
            return (&hp[1..close], port);
        }
    }
    match memchr::memrchr(b':', hp) {
        Some(c) if memchr::memchr(b':', &hp[..c]).is_none() => (&hp[..c], parse_port(&hp[c + 1..])),
        _ => (hp, None),
    }
}

fn parse_port(b: &[u8]) -> Option<u16> {
    std::str::from_utf8(b).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    /// Found by fuzzing: a `sep` with no room for `://` after it panicked.
    #[test]
    fn separator_at_the_end_of_the_input() {
        assert!(parse_at(b"pg", 2, 2).is_none());
        assert!(parse_at(b"pg:/", 2, 10).is_none());
        assert!(parse_at(b"pg://", 2, 1).is_none());
    }

    use super::*;

    fn p(s: &str) -> Uri {
        let sep = s.find("://").unwrap();
        parse_at(s.as_bytes(), sep, s.len()).unwrap()
    }

    // Regression (issue 13): a Helm placeholder in the host cut the URL at
    // its first space
    #[test]
    fn a_template_expression_in_the_host_is_kept_whole() {
        let u = p("postgresql://app:pw@fab-pg-{{ .Values.env }}.postgres.database.azure.com:5432/orders\"");
        assert_eq!(
            u.host.as_deref(),
            Some("fab-pg-{{ .Values.env }}.postgres.database.azure.com")
        );
        assert_eq!(
            (u.port, u.database.as_deref()),
            (Some(5432), Some("orders"))
        );
        // an unclosed `{{` does not run on
        let u = p("postgresql://app:pw@fab-{{ x.postgres.database.azure.com/orders");
        assert_eq!(u.host.as_deref(), Some("fab-{{"));
    }

    #[test]
    fn driver_names_with_underscores() {
        let s = b"pg_async = postgresql+psycopg_async://a:b@h/d";
        let sep = s.windows(3).position(|w| w == b"://").unwrap();
        assert_eq!(
            &s[scheme_before(s, sep).unwrap()],
            b"postgresql+psycopg_async"
        );
        // before a `+`, `_` is a word boundary, not part of the scheme
        let s = b"DATABASE_URL=x;MY_postgres://a:b@h";
        let sep = s.windows(3).position(|w| w == b"://").unwrap();
        assert_eq!(&s[scheme_before(s, sep).unwrap()], b"postgres");
    }

    #[test]
    fn basic_userinfo_host_port_db() {
        let u =
            p("DATABASE_URL=postgres://app:S3cr%40t@db.example.com:5432/orders?sslmode=require");
        assert_eq!(u.user.as_deref(), Some("app"));
        assert_eq!(u.password.as_ref().unwrap().0, "S3cr@t");
        assert_eq!(u.host.as_deref(), Some("db.example.com"));
        assert_eq!(u.port, Some(5432));
        assert_eq!(u.database.as_deref(), Some("orders"));
        assert_eq!(u.query[0].0, "sslmode");
    }

    #[test]
    fn unencoded_at_and_slash_in_password() {
        let u = p("mysql://root:p@ss@w0rd@10.0.0.5/app");
        assert_eq!(u.password.unwrap().0, "p@ss@w0rd");
        assert_eq!(u.host.as_deref(), Some("10.0.0.5"));
        let u = p("mongodb://admin:ab/cd@mongo:27017/admin");
        assert_eq!(u.password.unwrap().0, "ab/cd");
        assert_eq!(u.host.as_deref(), Some("mongo"));
    }

    #[test]
    fn password_with_at_and_slash() {
        let u = p("DATABASE_URL=postgres://app:Kq7@Zr/w9!Lm@db.example.com:5432/orders");
        assert_eq!(u.password.unwrap().0, "Kq7@Zr/w9!Lm");
        assert_eq!(u.host.as_deref(), Some("db.example.com"));
        assert_eq!(u.database.as_deref(), Some("orders"));
    }

    #[test]
    fn sqlalchemy_multi_host_and_query_password() {
        let u = p("engine = create_engine('mssql+pyodbc://sa:Xy9!@sql.corp:1433/db?driver=ODBC+Driver+18')");
        assert_eq!(u.password.unwrap().0, "Xy9!");
        let u = p("mongodb+srv://u:pw1@c0.a.mongodb.net,c1.a.mongodb.net/db");
        assert_eq!(u.host.as_deref(), Some("c0.a.mongodb.net"));
        let u = p("postgresql://db.example.com/app?user=app&amp;password=Qw3rty9");
        assert_eq!(u.query_param(&["password"]).unwrap().1, "Qw3rty9");
        let u = p("redis://:only-pw@cache:6379/0");
        assert_eq!(u.user.as_deref(), Some(""));
        assert_eq!(u.password.unwrap().0, "only-pw");
    }

    #[test]
    fn no_credentials() {
        let u = p("postgres://db.example.com/app");
        assert!(u.password.is_none() && u.user.is_none());
        let u = p("postgres://user@host/db");
        assert!(u.password.is_none());
        let u = p("mongodb://host:27017/db?x=a@b");
        assert!(u.password.is_none());
    }

    #[test]
    fn ipv6_host() {
        let u = p("postgres://u:pw@[::1]:5432/db");
        assert_eq!(u.host.as_deref(), Some("::1"));
        assert_eq!(u.port, Some(5432));
    }
}
