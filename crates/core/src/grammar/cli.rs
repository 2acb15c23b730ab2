//! Database command lines: the server, user, database and port that a
//! `sqlcmd`, `bcp`, `Invoke-Sqlcmd`, `mysql` or `psql` call names, read from
//! its switches (`-S`, `-ServerInstance`, `-h`, `--host=`, ...). One line,
//! split the way a shell would (quotes removed); nothing is run.

use crate::model::Engine;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// `sqlcmd`, `osql`, `ostress`
    Sqlcmd,
    Bcp,
    /// PowerShell's `Invoke-Sqlcmd`
    InvokeSqlcmd,
    /// `mysql`, `mysqldump`, `mysqladmin`, `mariadb`, ...
    Mysql,
    /// `psql`, `pg_dump`, `pg_restore`, `pg_dumpall`
    Psql,
}

impl Tool {
    pub fn engine(self) -> Engine {
        match self {
            Tool::Sqlcmd | Tool::Bcp | Tool::InvokeSqlcmd => Engine::SqlServer,
            Tool::Mysql => Engine::MySql,
            Tool::Psql => Engine::PostgreSql,
        }
    }

    fn of(word: &str) -> Option<Tool> {
        let name = word.rsplit(['/', '\\']).next().unwrap_or(word);
        let name = name.to_ascii_lowercase();
        let name = name.strip_suffix(".exe").unwrap_or(&name);
        Some(match name {
            "sqlcmd" | "osql" | "ostress" => Tool::Sqlcmd,
            "bcp" => Tool::Bcp,
            "invoke-sqlcmd" => Tool::InvokeSqlcmd,
            "mysql" | "mysqldump" | "mysqladmin" | "mysqlimport" | "mysqlpump" | "mariadb"
            | "mariadb-dump" => Tool::Mysql,
            "psql" | "pg_dump" | "pg_restore" | "pg_dumpall" => Tool::Psql,
            _ => return None,
        })
    }
}

/// What one command line names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    pub tool: Tool,
    /// as written, without a `tcp:` prefix or a `,1433` port
    pub host: Option<String>,
    pub port: Option<u16>,
    pub user: Option<String>,
    pub database: Option<String>,
    /// the variable the server switch names instead of a host
    /// (`-S $Server`, `-h "${DB_HOST}"`, `%SERVER%`, `$env:SERVER`)
    pub host_var: Option<String>,
}

/// Split a line into words as a shell does: quotes group and are removed,
/// a backslash escapes the next byte outside single quotes. Stops at a
/// comment, a pipe, a redirection or a command separator.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut started = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                started = true;
                for d in chars.by_ref() {
                    if d == c {
                        break;
                    }
                    cur.push(d);
                }
            }
            '\\' if chars.peek().is_some_and(|n| !n.is_ascii_alphanumeric()) => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                    started = true;
                }
            }
            c if c.is_whitespace() => {
                if started {
                    out.push(std::mem::take(&mut cur));
                    started = false;
                }
            }
            '|' | '<' | '>' | ';' | '&' | '#' if !started => break,
            c => {
                cur.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(cur);
    }
    out
}

/// The command line of `line` that calls a database tool, if any.
pub fn parse(line: &str) -> Option<Command> {
    let w = words(line);
    let at = w.iter().position(|x| Tool::of(x).is_some())?;
    let tool = Tool::of(&w[at])?;
    let args = &w[at + 1..];
    let mut cmd = Command {
        tool,
        host: None,
        port: None,
        user: None,
        database: None,
        host_var: None,
    };
    // (switch, field): a switch takes the next word, or is glued to its
    // value (`-Sserver`, `--host=server`)
    let switches: &[(&str, u8)] = match tool {
        Tool::Sqlcmd | Tool::Bcp => &[("-S", b'h'), ("-U", b'u'), ("-d", b'd')],
        Tool::InvokeSqlcmd => &[
            ("-ServerInstance", b'h'),
            ("-Username", b'u'),
            ("-Database", b'd'),
        ],
        Tool::Mysql => &[
            ("--host", b'h'),
            ("--user", b'u'),
            ("--port", b'p'),
            ("--database", b'd'),
            ("-h", b'h'),
            ("-u", b'u'),
            ("-P", b'p'),
            ("-D", b'd'),
        ],
        Tool::Psql => &[
            ("--host", b'h'),
            ("--username", b'u'),
            ("--port", b'p'),
            ("--dbname", b'd'),
            ("-h", b'h'),
            ("-U", b'u'),
            ("-p", b'p'),
            ("-d", b'd'),
        ],
    };
    let ci = tool == Tool::InvokeSqlcmd;
    let mut i = 0;
    let mut positional: Option<String> = None;
    while i < args.len() {
        let a = &args[i];
        let mut hit: Option<(u8, String)> = None;
        for (sw, field) in switches {
            let same = |x: &str| {
                if ci {
                    x.eq_ignore_ascii_case(sw)
                } else {
                    x == *sw
                }
            };
            if same(a) {
                if let Some(v) = args.get(i + 1) {
                    hit = Some((*field, v.clone()));
                    i += 1;
                }
                break;
            }
            if sw.starts_with("--") {
                if let Some(v) = a.strip_prefix(&format!("{sw}=")) {
                    hit = Some((*field, v.to_string()));
                    break;
                }
            } else if !ci && a.len() > sw.len() && a.starts_with(sw) {
                hit = Some((*field, a[sw.len()..].to_string()));
                break;
            }
        }
        match hit {
            Some((field, v)) if !v.is_empty() => match field {
                b'h' => cmd.host = Some(v),
                b'u' if !v.starts_with(['$', '%']) => cmd.user = Some(v),
                b'u' => {}
                b'd' if !v.starts_with(['$', '%']) => cmd.database = Some(v),
                b'd' => {}
                _ => cmd.port = v.parse().ok(),
            },
            Some(_) => {}
            None => {
                // switches of no interest that take the next word
                let takes_value: &[&str] = match tool {
                    Tool::Mysql => &[
                        "-e",
                        "--execute",
                        "-S",
                        "--socket",
                        "--default-character-set",
                    ],
                    Tool::Psql => &[
                        "-f",
                        "--file",
                        "-c",
                        "--command",
                        "-o",
                        "--output",
                        "-v",
                        "--set",
                        "-L",
                        "-F",
                        "-R",
                        "-T",
                        "-P",
                    ],
                    _ => &[],
                };
                if takes_value.contains(&a.as_str()) {
                    i += 1;
                } else if !a.starts_with('-')
                    && !a.contains('=')
                    && positional.is_none()
                    && matches!(tool, Tool::Mysql | Tool::Psql)
                {
                    // mysql and psql take the database as the first bare word
                    positional = Some(a.clone());
                }
            }
        }
        i += 1;
    }
    if cmd.database.is_none() {
        cmd.database = positional;
    }
    // `tcp:server,1433`, `server\instance`
    if let Some(h) = cmd.host.take() {
        let mut h = h.as_str();
        for prefix in ["tcp:", "TCP:", "np:", "lpc:", "admin:"] {
            h = h.strip_prefix(prefix).unwrap_or(h);
        }
        let (name, port) = match h.split_once(',') {
            Some((n, p)) => (n, p.trim().parse().ok()),
            None => (h, None),
        };
        cmd.port = cmd.port.or(port);
        let name = name.trim();
        if name.starts_with(['$', '%']) {
            let var = name
                .trim_start_matches(['$', '%', '{'])
                .trim_end_matches(['}', '%']);
            let var = var
                .strip_prefix("env:")
                .or_else(|| var.strip_prefix("Env:"))
                .unwrap_or(var);
            cmd.host_var = Some(var.to_string()).filter(|v| !v.is_empty());
        } else if !name.is_empty() {
            cmd.host = Some(name.to_string());
        }
    }
    Some(cmd)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: &str) -> Command {
        parse(line).unwrap_or_else(|| panic!("no command in {line}"))
    }

    #[test]
    fn command_lines_name_the_server() {
        let c = p("sqlcmd -S tcp:fab-sql.database.windows.net,1433 -d orders -U loader -P 'x' -i schema.sql");
        assert_eq!(c.tool, Tool::Sqlcmd);
        assert_eq!(c.host.as_deref(), Some("fab-sql.database.windows.net"));
        assert_eq!(
            (c.port, c.user.as_deref(), c.database.as_deref()),
            (Some(1433), Some("loader"), Some("orders"))
        );
        let c = p("/opt/mssql-tools18/bin/sqlcmd -Sfab-sql.database.windows.net -Uloader -Px");
        assert_eq!(c.host.as_deref(), Some("fab-sql.database.windows.net"));
        let c = p("bcp dbo.orders in orders.csv -S fab-sql.database.windows.net -d orders -U loader -P x -c");
        assert_eq!(
            (c.tool, c.host.as_deref()),
            (Tool::Bcp, Some("fab-sql.database.windows.net"))
        );
        let c = p("Invoke-Sqlcmd -ServerInstance \"fab-sql.database.windows.net\" -Database \"orders\" -Username \"deploy\" -Password \"x\"");
        assert_eq!(c.tool, Tool::InvokeSqlcmd);
        assert_eq!(
            (c.host.as_deref(), c.database.as_deref(), c.user.as_deref()),
            (
                Some("fab-sql.database.windows.net"),
                Some("orders"),
                Some("deploy")
            )
        );
        let c = p("mysql -h fab-my.mysql.database.azure.com -u app -pSecret shop < dump.sql");
        assert_eq!(c.tool, Tool::Mysql);
        assert_eq!(
            (c.host.as_deref(), c.user.as_deref(), c.database.as_deref()),
            (
                Some("fab-my.mysql.database.azure.com"),
                Some("app"),
                Some("shop")
            )
        );
        let c = p("mysqldump --host=fab-my.mysql.database.azure.com --user=app --password=x --port 3307 shop");
        assert_eq!(
            (c.host.as_deref(), c.port, c.database.as_deref()),
            (
                Some("fab-my.mysql.database.azure.com"),
                Some(3307),
                Some("shop")
            )
        );
        let c = p("PGPASSWORD='x' psql -h fab-pg.postgres.database.azure.com -U app -d ledger -f init.sql");
        assert_eq!(c.tool, Tool::Psql);
        assert_eq!(
            (c.host.as_deref(), c.user.as_deref(), c.database.as_deref()),
            (
                Some("fab-pg.postgres.database.azure.com"),
                Some("app"),
                Some("ledger")
            )
        );
        assert_eq!(parse("echo hello"), None);
        // a variable is not a host
        let c = p("sqlcmd -S $SERVER -U sa -P x");
        assert_eq!((c.host, c.host_var.as_deref()), (None, Some("SERVER")));
        assert_eq!(
            p("psql -h \"${PG_HOST}\" -U x").host_var.as_deref(),
            Some("PG_HOST")
        );
    }
}
