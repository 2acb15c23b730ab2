//! Host, user and engine for a candidate whose own text does not name them:
//! read from the keys of the block it sits in.

use super::candidates::Candidate;
use super::judge;
use crate::model::Engine;
use regex::bytes::Regex;
use std::sync::OnceLock;

fn indent(s: &[u8], ls: usize, le: usize) -> usize {
    s[ls..le]
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count()
}

/// The lines of the block a key belongs to: up and down from its line
/// (at most `max` lines each way), stopping at a line indented less than
/// it. In a flat file (.env, properties) that is simply the lines around.
pub(super) fn block_around(
    s: &[u8],
    ls: usize,
    le: usize,
    lo: usize,
    hi: usize,
    max: usize,
) -> (usize, usize) {
    let key_indent = indent(s, ls, le);
    let mut a = ls;
    for _ in 0..max {
        if a <= lo {
            break;
        }
        let pe = a - 1;
        let ps = memchr::memrchr(b'\n', &s[lo..pe]).map_or(lo, |i| lo + i + 1);
        if s[ps..pe].iter().any(|b| !b.is_ascii_whitespace()) && indent(s, ps, pe) < key_indent {
            break;
        }
        a = ps;
    }
    let mut b = le;
    for _ in 0..max {
        if b >= hi {
            break;
        }
        let ns = b + 1;
        let ne = memchr::memchr(b'\n', &s[ns..hi]).map_or(hi, |i| ns + i);
        if s[ns..ne].iter().any(|c| !c.is_ascii_whitespace()) && indent(s, ns, ne) < key_indent {
            break;
        }
        b = ne;
    }
    (a, b)
}

/// Fill in host, user and engine from the keys of the same block
/// (`host:`, `User=`, `ENGINE`), preferring the nearest one.
pub(super) fn enrich(c: &mut Candidate, text: &[u8], ls: usize, le: usize, lo: usize, hi: usize) {
    static HOST: OnceLock<Regex> = OnceLock::new();
    static USER: OnceLock<Regex> = OnceLock::new();
    static URL_HOST: OnceLock<Regex> = OnceLock::new();
    static ENGINE: OnceLock<Regex> = OnceLock::new();
    // a key before `/` is part of a path or an image name
    // (`mssql/server:2019-latest`), not a key
    let host = HOST.get_or_init(|| {
        Regex::new(
            r#"(?i)(?:^|[^a-z/])(?:[a-z]+_)?(?:host|hostname|server|address|data source|datasource)["']?\s*(?:=>|[:=])\s*["']?(?P<v>[A-Za-z0-9_.\-:\[\]\\()]+)"#,
        )
        .expect("static regex")
    });
    // the host of a URL-valued key of the block (`spring.datasource.url`,
    // `url:`, `DATABASE_URI=`) with a database scheme (`jdbc:`, `postgres:`,
    // ...; not `https:`): `scheme://[user[:pw]@]host`
    let url_host = URL_HOST.get_or_init(|| {
        Regex::new(
            r#"(?i)(?:^|[^a-z])(?:[a-z]+[_.-])?(?:url|uri|jdbc-url|jdbc_url|jdbcurl)["']?\s*(?:=>|[:=])\s*["']?(?:jdbc:[a-z0-9]+(?::[a-z0-9]+)*:|(?:postgres|postgresql|mysql|mariadb|mssql|sqlserver|mongodb|mongodb\+srv|rediss?|cockroachdb|clickhouse)(?:\+[a-z0-9]+)?:)//(?:[^@/\s"';]*@)?(?P<v>[A-Za-z0-9_.\-]+)"#,
        )
        .expect("static regex")
    });
    let user = USER.get_or_init(|| {
        Regex::new(r#"(?i)(?:^|[^a-z])(?:[a-z]+_)?(?:user|username|user_name|userid|user id|uid|login)["']?\s*(?:=>|[:=])\s*["']?(?P<v>[A-Za-z0-9_.@\-\\]+)"#)
            .expect("static regex")
    });
    let engine = ENGINE.get_or_init(|| {
        Regex::new(r"(?i)(?:^|[^a-z])(?P<v>postgres|postgresql|mysql|mariadb|mssql|sqlserver|sql server|oracle|mongodb|mongo|redis|cockroach|clickhouse|db2)(?:[^a-z]|$)")
            .expect("static regex")
    });
    let (ws, we) = block_around(text, ls, le, lo, hi, 10);
    let hay = &text[ws..we];
    let nearest = |re: &Regex, ok: &dyn Fn(&str) -> bool| -> Option<String> {
        re.captures_iter(hay)
            .filter_map(|m| {
                m.name("v").map(|v| {
                    (
                        v.start(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
            })
            .filter(|(_, v)| ok(v))
            .min_by_key(|(at, _)| (ws + at).abs_diff(ls))
            .map(|(_, v)| v)
    };
    let good =
        |v: &str| !v.is_empty() && !v.starts_with(['$', '{', '%', '<']) && judge::judge(v).is_ok();
    if c.host.is_none() {
        let named =
            |v: &str| good(v) && v.contains(|ch: char| ch.is_ascii_alphabetic() || ch == '.');
        c.host = nearest(host, &named).or_else(|| nearest(url_host, &named));
    }
    if c.user.is_none() {
        c.user = nearest(user, &|v| good(v));
    }
    if c.engine.is_none() {
        c.engine = nearest(engine, &|_| true).and_then(|w| Engine::from_word(&w));
    }
}
