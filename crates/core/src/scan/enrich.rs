//! Host, user and engine for a candidate whose own text does not name them:
//! read from the keys of the block it sits in.

use super::candidates::Candidate;
use super::judge;
use crate::grammar::host;
use crate::model::Engine;
use crate::rules::{Compile, Pattern, PatternMatch};
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

/// An environment read with a literal default, before the value of a host
/// or user key: the literal is the value the program uses when the variable
/// is unset (`os.environ.get("DB_HOST", "x")`, `os.getenv("DB_USER", "x")`,
/// `process.env.DB_HOST || 'x'`, `?? 'x'`, `ENV.fetch("DB_HOST", "x")`).
const ENV_FALLBACK: &str = r#"(?:(?:os\.environ\.get|os\.getenv|getenv|ENV\.fetch|env)\(\s*["'][A-Za-z0-9_]+["']\s*,\s*|process\.env\.[A-Za-z0-9_]+\s*(?:\|\||\?\?)\s*|process\.env\[["'][A-Za-z0-9_]+["']\]\s*(?:\|\||\?\?)\s*)?"#;

/// Fill in host, user and engine from the keys of the same block
/// (`host:`, `User=`, `ENGINE`), preferring the nearest one.
pub(super) fn enrich(c: &mut Candidate, text: &[u8], ls: usize, le: usize, lo: usize, hi: usize) {
    static HOST: OnceLock<Pattern> = OnceLock::new();
    static USER: OnceLock<Pattern> = OnceLock::new();
    static URL_HOST: OnceLock<Pattern> = OnceLock::new();
    static ENGINE: OnceLock<Pattern> = OnceLock::new();
    static ENGINE_KEY: OnceLock<Pattern> = OnceLock::new();
    static DATABASE: OnceLock<Pattern> = OnceLock::new();
    static PORT: OnceLock<Pattern> = OnceLock::new();
    // a key before `/` is part of a path or an image name
    // (`mssql/server:2019-latest`), not a key
    let host = HOST.get_or_init(|| {
        Pattern::compile(
            &format!(
                r#"(?i)(?:^|[^a-z/])(?P<k>pghost|(?:[a-z]+_)?(?:host|hostname|server|address|data source|datasource))["']?\s*(?:=>|[:=])\s*{ENV_FALLBACK}["']?(?P<v>[A-Za-z0-9_.\-:\[\]\\()]+)"#
            ),
        )
        .expect("static regex")
    });
    // the host of a URL-valued key of the block (`spring.datasource.url`,
    // `url:`, `DATABASE_URI=`) with a database scheme (`jdbc:`, `postgres:`,
    // ...; not `https:`): `scheme://[user[:pw]@]host`
    let url_host = URL_HOST.get_or_init(|| {
        Pattern::compile(
            r#"(?i)(?:^|[^a-z])(?P<k>(?:[a-z]+[_.-])?(?:url|uri|jdbc-url|jdbc_url|jdbcurl))["']?\s*(?:=>|[:=])\s*["']?(?P<s>jdbc:[a-z0-9]+(?::[a-z0-9]+)*:|(?:postgres|postgresql|mysql|mariadb|mssql|sqlserver|mongodb|mongodb\+srv|rediss?|cockroachdb|clickhouse)(?:\+[a-z0-9]+)?:)//(?:[^@/\s"';]*@)?(?P<v>[A-Za-z0-9_.\-]+)"#,
        )
        .expect("static regex")
    });
    let user = USER.get_or_init(|| {
        Pattern::compile(&format!(r#"(?i)(?:^|[^a-z])(?P<k>pguser|(?:[a-z]+_)?(?:user|username|user_name|userid|user id|uid|login))["']?\s*(?:=>|[:=])\s*{ENV_FALLBACK}["']?(?P<v>[A-Za-z0-9_.@\-\\]+)"#))
            .expect("static regex")
    });
    let engine = ENGINE.get_or_init(|| {
        Pattern::compile(r"(?i)(?:^|[^a-z])(?P<v>postgres|postgresql|mysql|mariadb|mssql|sqlserver|sql server|oracle|mongodb|mongo|redis|cockroach|clickhouse|db2)(?:[^a-z]|$)")
            .expect("static regex")
    });
    // a key that names the engine of the block (`DB_CONNECTION=mysql`,
    // `ENGINE: django.db.backends.postgresql`, `adapter: postgresql`)
    let engine_key = ENGINE_KEY.get_or_init(|| {
        Pattern::compile(r#"(?im)^[\s"'-]*(?:export\s+)?(?:[a-z]+[_.])*(?:connection|engine|driver|dialect|adapter|db_type|database_type|client)["']?\s*(?:=>|[:=])\s*["']?(?P<v>[A-Za-z0-9_.+\-]+)"#)
            .expect("static regex")
    });
    // a database command line on the candidate's own line names the server,
    // user and database with its switches, and its tool says the engine
    if let Some(cmd) = std::str::from_utf8(&text[ls..le])
        .ok()
        .and_then(crate::grammar::cli::parse)
    {
        c.engine = c.engine.or(Some(cmd.tool.engine()));
        // `-S $Server`: the value the script gives that variable nearby
        // (a PowerShell parameter default, `SERVER=...` in a shell script)
        let from_var = cmd
            .host_var
            .as_deref()
            .and_then(|v| variable_value(&text[lo..hi], v));
        c.host = c.host.take().or(cmd.host).or(from_var);
        c.user = c.user.take().or(cmd.user);
        c.database = c.database.take().or(cmd.database);
        c.port = c.port.or(cmd.port);
    }
    let (ws, we) = block_around(text, ls, le, lo, hi, 10);
    let hay = &text[ws..we];
    // a key counts for the block when it is the first key of its line, or
    // on the candidate's own line (`{ host: .., password: .. }`); a `Server=`
    // inside another key's connection string belongs to that string
    let own_key = |k: usize| -> bool {
        let at = ws + k;
        if (ls..=le).contains(&at) {
            return true;
        }
        let start = memchr::memrchr(b'\n', &text[ws..at]).map_or(ws, |i| ws + i + 1);
        // the rest of a dotted or prefixed key (`spring.datasource.url`)
        let mut key_start = at;
        while key_start > start
            && matches!(text[key_start - 1], b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-')
        {
            key_start -= 1;
        }
        let mut pre = text[start..key_start].trim_ascii_start();
        // a declaration keyword before the key: `export X=`, Dockerfile
        // `ENV X=`, `set X=`, PowerShell `$env:X =`
        for kw in [
            &b"export "[..],
            b"env ",
            b"arg ",
            b"set ",
            b"setx ",
            b"$env:",
        ] {
            if pre.len() >= kw.len() && pre[..kw.len()].eq_ignore_ascii_case(kw) {
                pre = pre[kw.len()..].trim_ascii_start();
                break;
            }
        }
        pre.iter()
            .all(|b| matches!(b, b'"' | b'\'' | b'{' | b'[' | b',' | b'-' | b' ' | b'\t'))
    };
    let nearest_with = |re: &Pattern, ok: &dyn Fn(&PatternMatch, &str) -> bool| -> Option<String> {
        re.captures_iter(hay)
            .filter(|m| m.name("k").is_none_or(|k| own_key(k.start())))
            .filter_map(|m| {
                let v = m.name("v")?;
                let s = String::from_utf8_lossy(v.as_bytes()).into_owned();
                ok(&m, &s).then_some((v.start(), s))
            })
            .min_by_key(|(at, _)| (ws + at).abs_diff(ls))
            .map(|(_, v)| v)
    };
    let nearest = |re: &Pattern, ok: &dyn Fn(&str) -> bool| nearest_with(re, &|_, v| ok(v));
    let good =
        |v: &str| !v.is_empty() && !v.starts_with(['$', '{', '%', '<']) && judge::judge(v).is_ok();
    if c.engine.is_none() {
        c.engine = nearest(engine_key, &|v| Engine::from_word(v).is_some())
            .and_then(|w| Engine::from_word(&w));
    }
    // an engine already known (from the key's name, an engine key) rules
    // out hosts of another engine: an Azure host of another service, a URL
    // of another scheme
    let known = c.engine;
    let fits = |e: Option<Engine>| match (known, e) {
        (Some(a), Some(b)) => same_engine(a, b),
        _ => true,
    };
    let azure_engine = |h: &str| host::classify(h).service.map(Engine::from_service);
    let mut from_url: Option<Engine> = None;
    if c.host.is_none() {
        let named =
            |v: &str| good(v) && v.contains(|ch: char| ch.is_ascii_alphabetic() || ch == '.');
        c.host = nearest(host, &|v| named(v) && fits(azure_engine(v)));
        if c.host.is_none() {
            let scheme_engine = |m: &PatternMatch| {
                m.name("s").and_then(|s| {
                    let s = String::from_utf8_lossy(s.as_bytes()).to_ascii_lowercase();
                    let word = s
                        .strip_prefix("jdbc:")
                        .unwrap_or(&s)
                        .trim_end_matches(':')
                        .to_string();
                    Engine::from_word(&word)
                })
            };
            // in a flat file every key is in the "block": a URL speaks for
            // the password only under the same name (`DATABASE_URL` and
            // `DB_PASSWORD`, `spring.datasource.url` and `…password`), or
            // when the password's own key names the URL's engine
            let own = key_prefix(&text[ls..c.span.start.clamp(ls, le)], PASSWORD_WORDS);
            c.host = nearest_with(url_host, &|m, v| {
                let same_name = m.name("k").is_some_and(|k| {
                    let url_key = &text[key_start(text, ws, ws + k.start())..ws + k.end()];
                    let theirs = key_prefix(url_key, URL_WORDS);
                    own.is_empty() || theirs.is_empty() || own == theirs
                });
                let engine_named = known.is_some() && scheme_engine(m) == known;
                named(v)
                    && (same_name || engine_named)
                    && fits(scheme_engine(m))
                    && fits(azure_engine(v))
            });
            if let Some(h) = &c.host {
                // the scheme of the URL the host came from
                from_url = url_host.captures_iter(hay).find_map(|m| {
                    (m.name("v")?.as_bytes() == h.as_bytes())
                        .then(|| scheme_engine(&m))
                        .flatten()
                });
            }
        }
    }
    if c.user.is_none() {
        c.user = nearest(user, &|v| good(v));
    }
    // the database and port of the block (node-pg `database:`, psycopg
    // `dbname=`); the value must be on the key's own line
    let database = DATABASE.get_or_init(|| {
        Pattern::compile(r#"(?i)(?:^|[^a-z])(?P<k>pgdatabase|(?:[a-z]+_)?(?:database|dbname|db_name|database_name|initial catalog))["']?[ \t]*(?:=>|[:=])[ \t]*["']?(?P<v>[A-Za-z0-9_\-]+)"#)
            .expect("static regex")
    });
    let port = PORT.get_or_init(|| {
        Pattern::compile(r#"(?i)(?:^|[^a-z])(?P<k>pgport|(?:[a-z]+_)?port)["']?[ \t]*(?:=>|[:=])[ \t]*["']?(?P<v>[0-9]{2,5})"#)
            .expect("static regex")
    });
    // the value ends where the key's value ends (not `orders.sql`, not `5432x`)
    let whole = |m: &PatternMatch| {
        m.name("v").is_some_and(|v| {
            hay.get(v.end()).is_none_or(|b| {
                matches!(b, b'"' | b'\'' | b',' | b';' | b')' | b'}') || b.is_ascii_whitespace()
            })
        })
    };
    if c.database.is_none() {
        c.database = nearest_with(database, &|m, v| whole(m) && good(v));
    }
    if c.port.is_none() {
        // a bare `PORT=` of a flat file is the application's own port: a
        // port key counts on the candidate's line, in an indented block, or
        // with a database prefix (`DB_PORT`, `PG_PORT`)
        let flat = indent(text, ls, le) == 0;
        c.port = nearest_with(port, &|m, _| {
            let Some(k) = m.name("k").filter(|_| whole(m)) else {
                return false;
            };
            let on_line = (ls..=le).contains(&(ws + k.start()));
            let key = k.as_bytes().to_ascii_lowercase();
            let prefixed = [
                &b"db"[..],
                b"sql",
                b"pg",
                b"postgres",
                b"mongo",
                b"redis",
                b"database",
            ]
            .iter()
            .any(|p| key.windows(p.len()).any(|w| w == *p));
            on_line || !flat || prefixed
        })
        .and_then(|v| v.parse::<u16>().ok())
        .filter(|&p| p > 0);
    }
    if c.engine.is_none() {
        // the block's host says more than a word near it
        c.engine = c
            .host
            .as_deref()
            .and_then(azure_engine)
            .or(from_url)
            .or_else(|| nearest(engine, &|_| true).and_then(|w| Engine::from_word(&w)));
    }
}

/// The literal a script assigns to variable `name` in `hay`: `$Name = "x"`,
/// `[string]$Name = 'x'`, `NAME=x`, `set NAME=x`. The last one before
/// nothing else wins: the first assignment found.
fn variable_value(hay: &[u8], name: &str) -> Option<String> {
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    let re = Pattern::compile(&format!(
        r#"(?im)(?:^|[\s(,;])(?:\[[\w.]+\])?\$?(?:env:)?{name}[ \t]*=[ \t]*["']?(?P<v>[A-Za-z0-9_.\-]+)"#
    ))
    .ok()?;
    let v = re.captures_iter(hay).next()?.name("v")?;
    let v = String::from_utf8_lossy(v.as_bytes()).into_owned();
    (v.contains(|c: char| c.is_ascii_alphabetic() || c == '.') && judge::judge(&v).is_ok())
        .then_some(v)
}

const PASSWORD_WORDS: &[&str] = &["password", "passwd", "pass", "pwd"];
const URL_WORDS: &[&str] = &["jdbc-url", "jdbc_url", "jdbcurl", "url", "uri"];

/// Where the key that ends at `at` starts: back over key characters
/// (`spring.datasource.url`, `MYAPP_DB_URL`).
fn key_start(text: &[u8], floor: usize, at: usize) -> usize {
    let mut k = at;
    while k > floor
        && matches!(text[k - 1], b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-')
    {
        k -= 1;
    }
    k
}

/// The name a key gives its connection, without the final word
/// (`password`, `url`), separators and case; `database` counts as `db`.
/// `text` ends with the key (and maybe `=`, `:`, quotes, spaces).
fn key_prefix(text: &[u8], words: &[&str]) -> String {
    let t = text.trim_ascii_end();
    let t = t
        .strip_suffix(b"=>")
        .unwrap_or(t)
        .trim_ascii_end()
        .strip_suffix(b":")
        .or_else(|| t.strip_suffix(b"="))
        .unwrap_or(t)
        .trim_ascii_end();
    let t = t
        .strip_suffix(b"\"")
        .or_else(|| t.strip_suffix(b"'"))
        .unwrap_or(t);
    let key = &t[key_start(t, 0, t.len())..];
    let mut key = String::from_utf8_lossy(key).to_ascii_lowercase();
    if let Some(w) = words.iter().find(|w| key.ends_with(*w)) {
        key.truncate(key.len() - w.len());
    }
    key.replace("database", "db")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

/// MariaDB speaks MySQL's protocol; everything else is itself.
fn same_engine(a: Engine, b: Engine) -> bool {
    let norm = |e: Engine| {
        if e == Engine::MariaDb {
            Engine::MySql
        } else {
            e
        }
    };
    norm(a) == norm(b)
}

#[cfg(test)]
mod tests {
    use crate::model::{Engine, Finding};

    fn scan(path: &str, text: &str) -> Vec<Finding> {
        let set = crate::rules::RuleSet::builtin().expect("rules");
        crate::scan::scan_text(&set, path, path, text.as_bytes(), &Default::default())
    }

    fn one(path: &str, text: &str, secret: &str) -> Finding {
        scan(path, text)
            .into_iter()
            .find(|f| f.secret.expose() == secret)
            .unwrap_or_else(|| panic!("no finding for {secret} in {path}"))
    }

    // Regression (issue 13): a PostgreSQL password took the host of the Redis
    // URL two lines below it.
    #[test]
    fn a_url_host_must_fit_the_engine_the_key_names() {
        let f = one(
            ".env",
            "DATABASE_URL=postgresql://api:Fab-Pg7wQx!z@fab-pg.postgres.database.azure.com:5432/orders?sslmode=require\nDB_POOL_MAX=10\nPGPASSWORD=Fab-Cli7!xTr4\nREDIS_URL=rediss://default:Fab5s-Azr9Lq2Vx@fab-cache.redis.cache.windows.net:6380/0\n",
            "Fab-Cli7!xTr4",
        );
        assert_eq!(f.engine, Some(Engine::PostgreSql));
        assert_eq!(
            f.host.as_deref(),
            Some("fab-pg.postgres.database.azure.com")
        );
    }

    // Regression (issue 12): an image tag or a web URL names no host (the
    // datasource URL case is `the_datasource_url_of_the_block_...` below)
    #[test]
    fn an_image_tag_or_a_web_url_names_no_host() {
        let f = one(
            "Dockerfile",
            "FROM mcr.microsoft.com/mssql/server:2019-latest\nENV SA_PASSWORD=Fab-Sa9!qX2w\n",
            "Fab-Sa9!qX2w",
        );
        assert_eq!(f.host, None, "{f:?}");
        let f = one(
            ".env",
            "API_URL=https://api.contoso.com/v1\nDB_PASSWORD=Fab-Db4!zQ8w\n",
            "Fab-Db4!zQ8w",
        );
        assert_eq!(f.host, None, "{f:?}");
    }

    // Regression (issue 13): a MySQL `DB_PASSWORD` took the Azure SQL server
    // of another connection string in the file.
    #[test]
    fn a_host_inside_another_keys_connection_string_is_not_the_blocks_host() {
        let f = one(
            ".env",
            "DB_CONNECTION=mysql\nDB_DATABASE=shop\nDB_PASSWORD=Fab-My5!qLw2\nREPORTS_DB=\"Server=tcp:fab-reports.database.windows.net;Database=r;Authentication=Active Directory Default\"\n",
            "Fab-My5!qLw2",
        );
        assert_eq!(f.host, None, "{f:?}");
        assert_eq!(f.engine, Some(Engine::MySql));
    }

    // Regression (issue 13): engine `mongodb` on an Azure SQL host.
    #[test]
    fn the_engine_follows_the_host_of_the_block_before_a_nearby_word() {
        let f = one(
            ".env",
            "DB_HOST=fab-sql.database.windows.net\nDB_USER=app\nDB_PASSWORD=Fab-Sq3!vRt8\nMONGO_URL=mongodb://fab-mongo.internal:27017/app\n",
            "Fab-Sq3!vRt8",
        );
        assert_eq!(f.host.as_deref(), Some("fab-sql.database.windows.net"));
        assert_eq!(f.engine, Some(Engine::SqlServer));
    }

    // Regression (issue 13): node-pg `database:` and psycopg `dbname=` on
    // the finding's own line or block were lost
    #[test]
    fn database_and_port_come_from_the_block() {
        let f = one(
            "src/pool.js",
            "const pool = new Pool({\n  host: 'fab-pg.postgres.database.azure.com',\n  database: 'orders',\n  port: 5433,\n  user: 'api',\n  password: 'Fab-Np3!gQx7',\n});\n",
            "Fab-Np3!gQx7",
        );
        assert_eq!(f.database.as_deref(), Some("orders"));
        assert_eq!(f.port, Some(5433));
        let f = one(
            "etl/load.py",
            "conn = psycopg.connect(host=\"fab-pg.postgres.database.azure.com\", dbname=\"ledger\", user=\"etl\", password=\"Fab-Ps2!cWq9\")\n",
            "Fab-Ps2!cWq9",
        );
        assert_eq!(f.database.as_deref(), Some("ledger"));
        // the application's own port is not the database's
        let f = one(
            ".env",
            "PORT=3000\nDB_HOST=fab-pg.internal\nDB_PASSWORD=Fab-Ev8!pRt4\n",
            "Fab-Ev8!pRt4",
        );
        assert_eq!(f.port, None);
        let f = one(
            ".env",
            "APP_PORT=3000\nDB_PORT=6543\nDB_HOST=fab-pg.internal\nDB_PASSWORD=Fab-Ev9!pRt5\n",
            "Fab-Ev9!pRt5",
        );
        assert_eq!(f.port, Some(6543));
        // a section key (`database:` with nothing after it) is not a name
        let f = one(
            "config.yml",
            "database:\n  host: fab-pg.internal\n  password: Fab-Yl5!mKq2\n",
            "Fab-Yl5!mKq2",
        );
        assert_eq!(f.database, None);
    }

    // Issue 13: command lines and PG* variables name the server
    #[test]
    fn command_lines_and_pg_variables_name_the_server() {
        let text = "#!/bin/sh\nsqlcmd -S tcp:fab-sql.database.windows.net,1433 -d orders -U loader -P 'Fab-Sc1!mDq4' -i schema.sql\nmysql -h fab-my.mysql.database.azure.com -u app -pFab-My3!cLq6 shop < dump.sql\nPGPASSWORD='Fab-Pg4!sXq7' psql -h fab-pg.postgres.database.azure.com -U app -d ledger -f init.sql\n";
        let f = one("load.sh", text, "Fab-Sc1!mDq4");
        assert_eq!(f.host.as_deref(), Some("fab-sql.database.windows.net"));
        assert_eq!(
            (f.engine, f.database.as_deref(), f.port),
            (Some(Engine::SqlServer), Some("orders"), Some(1433))
        );
        let f = one("load.sh", text, "Fab-My3!cLq6");
        assert_eq!(
            (f.engine, f.host.as_deref()),
            (Some(Engine::MySql), Some("fab-my.mysql.database.azure.com"))
        );
        let f = one("load.sh", text, "Fab-Pg4!sXq7");
        assert_eq!(
            (f.engine, f.host.as_deref(), f.user.as_deref()),
            (
                Some(Engine::PostgreSql),
                Some("fab-pg.postgres.database.azure.com"),
                Some("app")
            )
        );
        let f = one(
            "env.sh",
            "export PGHOST=fab-pg2.postgres.database.azure.com\nexport PGUSER=etl\nexport PGDATABASE=stage\nexport PGPASSWORD='Fab-Pe5!vBq8'\n",
            "Fab-Pe5!vBq8",
        );
        assert_eq!(
            f.host.as_deref(),
            Some("fab-pg2.postgres.database.azure.com")
        );
        assert_eq!(
            (f.user.as_deref(), f.database.as_deref()),
            (Some("etl"), Some("stage"))
        );
        let f = one(
            "deploy.ps1",
            "Invoke-Sqlcmd -ServerInstance \"fab-sql.database.windows.net\" -Database \"orders\" -Username \"deploy\" -Password \"Fab-Ps6!kLq9\" -InputFile \"migrate.sql\"\n",
            "Fab-Ps6!kLq9",
        );
        assert_eq!(
            (f.engine, f.host.as_deref()),
            (
                Some(Engine::SqlServer),
                Some("fab-sql.database.windows.net")
            )
        );
    }

    // a host given as a variable takes the script's value for it; keys
    // after a declaration keyword (`ENV`, `$env:`) are the block's
    #[test]
    fn variables_and_declarations_name_the_server() {
        let f = one(
            "restore.ps1",
            "param(\n    [string]$ServerInstance = \"fab-sql.database.windows.net\",\n    [string]$Database = \"orders\"\n)\nInvoke-Sqlcmd -ServerInstance $ServerInstance -Database $Database -Username \"adm\" -Password 'Fab-Iv7!sQw2' -InputFile x.sql\n",
            "Fab-Iv7!sQw2",
        );
        assert_eq!(f.host.as_deref(), Some("fab-sql.database.windows.net"));
        let f = one(
            "load.sh",
            "SERVER=fab-sql2.database.windows.net\nsqlcmd -S \"$SERVER\" -U loader -P 'Fab-Sv8!cRq1' -i x.sql\n",
            "Fab-Sv8!cRq1",
        );
        assert_eq!(f.host.as_deref(), Some("fab-sql2.database.windows.net"));
        let f = one(
            "Dockerfile",
            "FROM scratch\nENV DB_HOST=fab-db.internal \\\n    DB_USER=inventory\nENV DB_PASSWORD=Fab-Dk5!mQz9\n",
            "Fab-Dk5!mQz9",
        );
        assert_eq!(f.host.as_deref(), Some("fab-db.internal"));
    }

    // a URL under another name in a flat file is another connection
    #[test]
    fn a_url_under_another_name_is_another_connection() {
        let f = one(
            ".env",
            "DATABASE_URL=postgresql://app:Fab%40Pg7x@fab-pg.internal:5432/shop\nANALYTICS_DB_PASSWORD=Fab-An4!lyT9\nREDIS_URL=redis://fab-cache.internal:6379/0\n",
            "Fab-An4!lyT9",
        );
        assert_eq!(f.host, None, "{f:?}");
        let f = one(
            ".env",
            "DATABASE_URL=postgresql://fab-pg.internal:5432/shop\nDB_PASSWORD=Fab-Db4!pW7q\n",
            "Fab-Db4!pW7q",
        );
        assert_eq!(f.host.as_deref(), Some("fab-pg.internal"));
    }

    // the database URL of the same block names the server, in YAML and in
    // properties
    #[test]
    fn the_datasource_url_of_the_block_still_names_the_server() {
        let f = one(
            "application.properties",
            "spring.datasource.url=jdbc:mysql://fab-my.mysql.database.azure.com:3306/shop\nspring.datasource.username=app\nspring.datasource.password=Fab-Sp5!nGx8\n",
            "Fab-Sp5!nGx8",
        );
        assert_eq!(f.host.as_deref(), Some("fab-my.mysql.database.azure.com"));
        assert_eq!(f.engine, Some(Engine::MySql));
        let f = one(
            "application.yml",
            "spring:\n  datasource:\n    url: jdbc:postgresql://fab-pg.postgres.database.azure.com:5432/orders\n    username: app\n    password: Fab-Sp4!nGx9\n",
            "Fab-Sp4!nGx9",
        );
        assert_eq!(
            f.host.as_deref(),
            Some("fab-pg.postgres.database.azure.com")
        );
    }

    // issue 13 (identity): host and user on sibling lines behind an
    // environment read with a literal default name the server, in Python
    // and in Node, so one credential used by both is recognised as one
    #[test]
    fn environment_defaults_on_sibling_lines_name_the_server() {
        let py = one(
            "app/db.py",
            "import os\nDB_HOST = os.environ.get(\"DB_HOST\", \"fab-ledger-pg.postgres.database.azure.com\")\nDB_USER = os.getenv('DB_USER', 'ledger_app')\nDB_PASSWORD = os.environ.get(\"DB_PASSWORD\", \"Fab-Ev4!kQm8\")\n",
            "Fab-Ev4!kQm8",
        );
        let js = one(
            "src/db.js",
            "const pool = new Pool({\n  host: process.env.DB_HOST || 'fab-ledger-pg.postgres.database.azure.com',\n  user: process.env.DB_USER ?? 'ledger_app',\n  password: process.env.DB_PASSWORD || 'Fab-Ev4!kQm8',\n});\n",
            "Fab-Ev4!kQm8",
        );
        for f in [&py, &js] {
            assert_eq!(
                f.host.as_deref(),
                Some("fab-ledger-pg.postgres.database.azure.com"),
                "{f:?}"
            );
            assert_eq!(f.user.as_deref(), Some("ledger_app"), "{f:?}");
        }
        // an environment read without a default names nothing
        let bare = one(
            "src/db.js",
            "const pool = new Pool({\n  host: process.env.DB_HOST,\n  password: 'Fab-Ev5!kQm9',\n});\n",
            "Fab-Ev5!kQm9",
        );
        assert_eq!(bare.host, None, "{bare:?}");
    }
}
