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
            r#"(?i)(?:^|[^a-z])(?:[a-z]+[_.-])?(?:url|uri|jdbc-url|jdbc_url|jdbcurl)["']?\s*(?:=>|[:=])\s*["']?(?P<s>jdbc:[a-z0-9]+(?::[a-z0-9]+)*:|(?:postgres|postgresql|mysql|mariadb|mssql|sqlserver|mongodb|mongodb\+srv|rediss?|cockroachdb|clickhouse)(?:\+[a-z0-9]+)?:)//(?:[^@/\s"';]*@)?(?P<v>[A-Za-z0-9_.\-]+)"#,
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
        c.host =
            nearest(host, &named).or_else(|| url_in_block(url_host, hay, ws, ls, c.engine, &named));
    }
    if c.user.is_none() {
        c.user = nearest(user, &|v| good(v));
    }
    if c.engine.is_none() {
        c.engine = nearest(engine, &|_| true).and_then(|w| Engine::from_word(&w));
    }
}

/// The host of the database URL of the block that a password with engine
/// `engine` belongs to: the nearest URL of that engine; with the engine not
/// known, the nearest URL if every URL of the block is of one engine (a
/// `DB_PASSWORD` between a PostgreSQL and a Redis URL is neither's).
fn url_in_block(
    re: &Regex,
    hay: &[u8],
    ws: usize,
    ls: usize,
    engine: Option<Engine>,
    ok: &dyn Fn(&str) -> bool,
) -> Option<String> {
    let same = |a: Option<Engine>, b: Option<Engine>| {
        let norm = |e: Option<Engine>| match e {
            Some(Engine::MariaDb) => Some(Engine::MySql),
            e => e,
        };
        norm(a) == norm(b)
    };
    let urls: Vec<(usize, String, Option<Engine>)> = re
        .captures_iter(hay)
        .filter_map(|m| {
            let v = m.name("v")?;
            let scheme = String::from_utf8_lossy(m.name("s")?.as_bytes()).into_owned();
            let host = String::from_utf8_lossy(v.as_bytes()).into_owned();
            ok(&host).then(|| (v.start(), host, Engine::from_word(&scheme)))
        })
        .collect();
    let fits: Vec<&(usize, String, Option<Engine>)> = match engine {
        Some(_) => urls.iter().filter(|u| same(u.2, engine)).collect(),
        None if urls.windows(2).all(|w| same(w[0].2, w[1].2)) => urls.iter().collect(),
        None => Vec::new(),
    };
    fits.into_iter()
        .min_by_key(|(at, _, _)| (ws + at).abs_diff(ls))
        .map(|(_, h, _)| h.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host_for(text: &str, key_line: usize, engine: Option<Engine>) -> Option<String> {
        let t = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            t.iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let ls = starts[key_line];
        let le = starts.get(key_line + 1).map_or(t.len(), |e| e - 1);
        let mut c = Candidate::for_test(engine);
        enrich(&mut c, t, ls, le, 0, t.len());
        c.host
    }

    #[test]
    fn the_url_of_the_passwords_engine_names_its_host() {
        let env = "DATABASE_URL=postgresql://u:p@pg.contoso.com:5432/a\nPGPASSWORD=x\nREDIS_URL=rediss://cache.contoso.com:6380\n";
        assert_eq!(
            host_for(env, 1, Some(Engine::PostgreSql)).as_deref(),
            Some("pg.contoso.com")
        );
        assert_eq!(
            host_for(env, 1, Some(Engine::Redis)).as_deref(),
            Some("cache.contoso.com")
        );
        // engine unknown and two engines in the block: no host
        assert_eq!(host_for(env, 1, None), None);
        let one = "spring.datasource.url=jdbc:mysql://my.contoso.com:3306/a\nspring.datasource.password=x\n";
        assert_eq!(host_for(one, 1, None).as_deref(), Some("my.contoso.com"));
        assert_eq!(
            host_for(one, 1, Some(Engine::MariaDb)).as_deref(),
            Some("my.contoso.com")
        );
        assert_eq!(host_for(one, 1, Some(Engine::PostgreSql)), None);
        // a web URL names no database
        assert_eq!(
            host_for("API_URL=https://api.contoso.com\nDB_PASSWORD=x\n", 1, None),
            None
        );
    }
}
