//! Azure Database for PostgreSQL and MySQL: the JDBC identity plugins,
//! Spring passwordless properties, and token code for the other clients.

use super::{claim, db_or, host_or, rewrite_claim, Plan};
use crate::context::Context;
use crate::docs;
use crate::rewrite::{self, CLIENT_ID, IDENTITY_NAME};
use crate::target::Target;
use connleak_core::model::{AzureService, Cloud, Finding, Stack};

pub(super) fn oss_plan(
    f: &Finding,
    cx: &Context,
    service: AzureService,
    cloud: Cloud,
    ua: bool,
) -> Plan {
    let mut p = Plan::default();
    let pg = service == AzureService::PostgreSql;
    let scope = Target::Azure { service, cloud }
        .token_scope()
        .unwrap_or("https://ossrdbms-aad.database.windows.net/.default");
    let host = host_or(
        f,
        if pg {
            "<server>.postgres.database.azure.com"
        } else {
            "<server>.mysql.database.azure.com"
        },
    );
    let db = db_or(f);
    let port = f.port.unwrap_or(if pg { 5432 } else { 3306 });
    p.docs.push(if pg {
        docs::PG_MANAGED_IDENTITY
    } else {
        docs::MYSQL_MANAGED_IDENTITY
    });
    match cx.stack {
        Stack::PostgresqlJdbc | Stack::MysqlJdbc if claim(f).is_some() => {
            if let Some((r, mut t)) = rewrite_claim(f, |raw| rewrite::pg_mysql_jdbc(raw, ua)) {
                // outside the public cloud the plugin must ask that cloud's
                // authority for that cloud's scope (its `azure.scopes` and
                // `azure.authorityHost` properties)
                if let Some(authority) = authority_host(cloud) {
                    let amp = if t.contains("&amp;") { "&amp;" } else { "&" };
                    let sep = if t.contains('?') { amp } else { "?" };
                    t.push_str(&format!(
                        "{sep}azure.scopes={scope}{amp}azure.authorityHost={authority}"
                    ));
                }
                p.edit = Some((r, t.clone()));
                p.replacement = Some(t);
            }
            if ua {
                p.notes.push("User-assigned identity: the `azure.managedIdentityEnabled=true&azure.clientId=...` properties come from Microsoft's migration guidance; check them against the azure-identity-extensions README for your version.".into());
            }
            p.min_version =
                Some("com.azure:azure-identity-extensions (Microsoft's guide uses 1.2.0)".into());
            p.docs
                .push(if pg { docs::PG_JAVA } else { docs::MYSQL_JAVA });
            if !pg {
                p.notes.push("With MysqlConnectionPoolDataSource, leave out `defaultAuthenticationPlugin` (Microsoft's MySQL Java guide).".into());
            }
            p.summary =
                "load the Azure identity authentication plugin and drop the password".into();
        }
        Stack::SpringBoot => {
            let line = f
                .source
                .as_ref()
                .map(|s| (s.line.clone(), s.line_text.expose(), s.secret.clone()));
            if let Some((lr, text, secret)) = line {
                // the line up to the end of the value (and its closing quote)
                let mut end = secret.end.saturating_sub(lr.start).min(text.len());
                if text.get(end..).is_some_and(|t| t.starts_with(['"', '\''])) {
                    end += 1;
                }
                // in .properties, text after the value is part of the value
                let properties = f.path.to_ascii_lowercase().ends_with(".properties");
                let trailing = text.get(end..).is_some_and(|t| !t.trim().is_empty());
                if secret.start >= lr.start
                    && text.is_char_boundary(end)
                    && !(properties && trailing)
                    && is_datasource_password(f, &cx.evidence.file)
                {
                    if let Some(t) = rewrite::spring_password_line(&text[..end]) {
                        p.edit = Some((lr.start..lr.start + end, t));
                        // the username becomes the identity's name
                        p.extra_edits.extend(
                            spring_username_value(&cx.evidence.text, lr.clone(), properties)
                                .map(|r| (r, IDENTITY_NAME.to_string())),
                        );
                    }
                }
            }
            let mut rep = "spring.datasource.azure.passwordless-enabled=true (instead of spring.datasource.password; spring.datasource.username becomes the managed identity's name)".to_string();
            if ua {
                rep.push_str(&format!("; spring.cloud.azure.credential.managed-identity-enabled=true; spring.cloud.azure.credential.client-id={CLIENT_ID}"));
            }
            // outside the public cloud the token must come from that cloud:
            // two properties, so no single-line edit
            let cloud_type = match cloud {
                Cloud::Public => None,
                Cloud::UsGov => Some("azure_us_government"),
                Cloud::China => Some("azure_china"),
            };
            if let Some(t) = cloud_type {
                rep.push_str(&format!("; spring.datasource.azure.profile.cloud-type={t}"));
                p.edit = None;
            }
            p.replacement = Some(rep);
            p.min_version = Some(format!(
                "spring-cloud-azure-starter-jdbc-{}",
                if pg { "postgresql" } else { "mysql" }
            ));
            p.docs.push(if pg {
                docs::SERVICE_CONNECTOR_PG
            } else {
                docs::SERVICE_CONNECTOR_MYSQL
            });
            p.summary =
                "set `spring.datasource.azure.passwordless-enabled=true` and drop the password"
                    .into();
        }
        Stack::Npgsql => {
            p.replacement = Some(format!(
                "Server={host};Port={port};Database={db};User Id={IDENTITY_NAME};Ssl Mode={}, with the password set at run time to an Entra token: (await new DefaultAzureCredential({}).GetTokenAsync(new TokenRequestContext(new[] {{ \"{scope}\" }}))).Token (NpgsqlDataSourceBuilder.UsePeriodicPasswordProvider refreshes it)",
                match strict_ssl(f, cx) {
                    Some("verify-full") => "VerifyFull",
                    Some(_) => "VerifyCA",
                    None => "Require",
                },
                if ua { format!("new DefaultAzureCredentialOptions {{ ManagedIdentityClientId = \"{CLIENT_ID}\" }}") } else { String::new() }
            ));
            p.summary =
                "use the identity's name as the user and an Entra token as the password".into();
        }
        Stack::Psycopg => {
            p.replacement = Some(format!(
                "password = DefaultAzureCredential({}).get_token(\"{scope}\").token, user = \"{IDENTITY_NAME}\", host = \"{host}\",{} dbname = \"{db}\", sslmode = \"{}\" (fetch a new token before it expires)",
                if ua { format!("managed_identity_client_id=\"{CLIENT_ID}\"") } else { String::new() },
                f.port.map(|p| format!(" port = {p},")).unwrap_or_default(),
                strict_ssl(f, cx).unwrap_or("require")
            ));
            p.summary =
                "use the identity's name as the user and an Entra token as the password".into();
        }
        Stack::NodePg => {
            p.replacement = Some(format!(
                "new Pool({{ host: '{host}', database: '{db}',{} user: '{IDENTITY_NAME}', ssl: true, password: async () => (await new DefaultAzureCredential({}).getToken('{scope}')).token }})",
                f.port.map(|p| format!(" port: {p},")).unwrap_or_default(),
                if ua { format!("{{ managedIdentityClientId: '{CLIENT_ID}' }}") } else { String::new() }
            ));
            p.summary =
                "use the identity's name as the user and an Entra token as the password".into();
        }
        Stack::CommandLine => {
            // the documented command lines with a token from the Azure CLI
            // (`az login --identity` signs the CLI in as the managed identity)
            let token = "$(az account get-access-token --resource-type oss-rdbms --query accessToken -o tsv)";
            p.replacement = Some(if pg {
                format!("PGPASSWORD=\"{token}\" psql \"host={host} port={port} dbname={db} user={IDENTITY_NAME} sslmode={}\"", strict_ssl(f, cx).unwrap_or("require"))
            } else {
                format!("mysql -h {host} --user {IDENTITY_NAME} --enable-cleartext-plugin --password=\"{token}\" {db}")
            });
            p.notes.push(format!(
                "On the machine that runs this, sign the Azure CLI in as the managed identity first: `az login --identity{}`; the token lasts about an hour, so fetch it right before the command.",
                if ua { format!(" --username {CLIENT_ID}") } else { String::new() }
            ));
            p.docs.push(if pg {
                docs::PG_ENTRA_SIGN_IN
            } else {
                docs::MYSQL_DRIVERS
            });
            p.summary = "sign in with the identity's name and an Entra token from `az account get-access-token` instead of the password".into();
        }
        _ if !pg && go_dsn_text(f).is_some() => {
            // a go-sql-driver DSN: the same DSN with the identity as the
            // user and the token as the password; go-sql-driver needs TLS
            // and cleartext passwords to send a token
            let raw = go_dsn_text(f).unwrap_or_default();
            p.replacement = go_mysql_dsn(&raw).map(|dsn| {
                format!("{dsn} with <entra-token> fetched at run time for {scope} (azidentity's GetToken) and put in the DSN, as its password, before each new connection")
            });
            p.docs.push(docs::MYSQL_DRIVERS);
            p.summary =
                "use the identity's name as the user and an Entra token as the password".into();
        }
        _ => {
            // the URL's own scheme (`mysql+pymysql`, `postgres`); TLS is each
            // client's own setting, not a URL parameter every client reads
            let scheme = claim(f)
                .and_then(|(_, c)| c.split_once("://").map(|(s, _)| s.to_string()))
                .filter(|s| {
                    !s.is_empty()
                        && s.len() <= 24
                        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '+')
                })
                .unwrap_or_else(|| (if pg { "postgresql" } else { "mysql" }).to_string());
            p.replacement = Some(if pg {
                format!("{scheme}://{IDENTITY_NAME}@{host}:{port}/{db}?sslmode={} with an Entra token for {scope} as the password, fetched at run time", strict_ssl(f, cx).unwrap_or("require"))
            } else {
                format!("{scheme}://{IDENTITY_NAME}@{host}:{port}/{db} with an Entra token for {scope} as the password, fetched at run time, and TLS on in the client's own setting (`--ssl-mode=REQUIRED` for the mysql command line, `ssl` for PyMySQL and mysql2, `tls=true` for go-sql-driver); the client must send the token as a cleartext password (over that TLS)")
            });
            p.notes.push(format!("Scripts can fetch the token with `az account get-access-token --resource-type oss-rdbms --query accessToken -o tsv`; inside an Azure VM the managed identity's token comes from the instance metadata endpoint (resource {}).", scope.trim_end_matches("/.default")));
            p.summary =
                "use the identity's name as the user and an Entra token as the password".into();
        }
    }
    p
}

/// The Microsoft Entra authority of a sovereign cloud (azure-identity's
/// `AzureAuthorityHosts`); none for the public cloud, the plugin's default.
fn authority_host(cloud: Cloud) -> Option<&'static str> {
    match cloud {
        Cloud::Public => None,
        Cloud::UsGov => Some("https://login.microsoftonline.us/"),
        Cloud::China => Some("https://login.chinacloudapi.cn/"),
    }
}

/// The go-sql-driver DSN the secret sits in: the quoted token of its line
/// that holds `@tcp(` or `@unix(`.
fn go_dsn_text(f: &Finding) -> Option<String> {
    let src = f.source.as_ref()?;
    let line = src.line_text.expose();
    let at = line.find("@tcp(").or_else(|| line.find("@unix("))?;
    let quotes = ['"', '\'', '`'];
    let start = line[..at].rfind(quotes).map_or(0, |i| i + 1);
    let end = line[at..].find(quotes).map_or(line.len(), |i| at + i);
    Some(line[start..end].to_string())
}

/// A go-sql-driver DSN (`user:pw@tcp(host:3306)/db?params`) with the
/// identity's name as the user, a token placeholder as the password, every
/// parameter kept, and `tls=true` and `allowCleartextPasswords=true` added
/// when missing.
fn go_mysql_dsn(raw: &str) -> Option<String> {
    let at = raw.find("@tcp(").or_else(|| raw.find("@unix("))?;
    let rest = &raw[at + 1..];
    let (addr_db, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut params: Vec<&str> = query.split('&').filter(|kv| !kv.is_empty()).collect();
    let has = |params: &[&str], k: &str| {
        params.iter().any(|kv| {
            kv.split('=')
                .next()
                .is_some_and(|n| n.eq_ignore_ascii_case(k))
        })
    };
    if !has(&params, "tls") {
        params.push("tls=true");
    }
    if !has(&params, "allowCleartextPasswords") {
        params.push("allowCleartextPasswords=true");
    }
    Some(format!(
        "{IDENTITY_NAME}:<entra-token>@{addr_db}?{}",
        params.join("&")
    ))
}

/// The value of the datasource username that belongs with the password on
/// `line` (byte range of `text`): in `.properties`, the
/// `spring.datasource.username` key; in YAML, the `username:` key of the
/// same mapping (same indentation, no shallower line between them).
fn spring_username_value(
    text: &str,
    line: std::ops::Range<usize>,
    properties: bool,
) -> Option<std::ops::Range<usize>> {
    let pw = text.get(line.clone())?;
    let indent = pw.len() - pw.trim_start().len();
    let mut at = 0;
    let mut lines = Vec::new();
    for l in text.split('\n') {
        lines.push((at, l));
        at += l.len() + 1;
    }
    let here = lines.iter().position(|(s, _)| *s == line.start)?;
    let value_of = |start: usize, l: &str, key: &str| -> Option<std::ops::Range<usize>> {
        let body = &l[l.len() - l.trim_start().len()..];
        let rest = body.strip_prefix(key)?.trim_start();
        let rest = rest.strip_prefix(if properties { '=' } else { ':' })?;
        let v = rest.trim_start();
        // a plain value only (no comment, quotes or reference)
        let v = v.trim_end_matches('\r').trim_end();
        let off = start + (l.len() - rest.len()) + (rest.len() - rest.trim_start().len());
        // a quoted value: inside its quotes
        let (off, v) = match ['"', '\'']
            .into_iter()
            .find(|q| v.len() > 2 && v.starts_with(*q) && v.ends_with(*q))
        {
            Some(_) => (off + 1, &v[1..v.len() - 1]),
            None => (off, v),
        };
        if v.is_empty() || v.contains([' ', '#', '"', '\'', '$', '{']) {
            return None;
        }
        Some(off..off + v.len())
    };
    if properties {
        return lines.iter().find_map(|(s, l)| {
            let t = l.trim_start();
            let key = ["spring.datasource.username", "spring.datasource.user-name"]
                .into_iter()
                .find(|k| t.starts_with(k))?;
            value_of(*s, l, key)
        });
    }
    // YAML: the siblings above and below, up to a shallower line
    let sibling = |(s, l): &(usize, &str)| -> Option<Option<std::ops::Range<usize>>> {
        let t = l.trim_start();
        if t.is_empty() || t.starts_with('#') {
            return Some(None);
        }
        let i = l.len() - t.len();
        if i < indent {
            return None;
        }
        Some(if i == indent {
            value_of(*s, l, "username")
        } else {
            None
        })
    };
    for dir in [true, false] {
        let mut k = here;
        loop {
            k = match dir {
                true => match k.checked_sub(1) {
                    Some(k) => k,
                    None => break,
                },
                false => k + 1,
            };
            let Some(entry) = lines.get(k) else { break };
            match sibling(entry) {
                Some(Some(r)) => return Some(r),
                Some(None) => continue,
                None => break,
            }
        }
    }
    None
}

/// Is the finding's key `spring.datasource.password` (flat, or a YAML
/// `password:` nested under `spring:` / `datasource:`)? Flyway, Liquibase,
/// R2DBC and pool passwords have no passwordless switch of their own.
fn is_datasource_password(f: &Finding, file: &str) -> bool {
    let Some(src) = f.source.as_ref() else {
        return false;
    };
    let line = src.line_text.expose();
    let body = line.trim_start();
    let Some(sep) = body.find(['=', ':']) else {
        return false;
    };
    let key = body[..sep].trim().to_ascii_lowercase().replace('-', "");
    if key == "spring.datasource.password" {
        return true;
    }
    if !(key == "password" || key == "datasource.password") {
        return false;
    }
    // the YAML parents, read from the file's (lower-cased) text, which
    // must be the same bytes as the finding's line
    let (ls, le) = (src.line.start, src.line.end);
    if file.get(ls..le) != Some(line.to_ascii_lowercase().as_str()) {
        return false;
    }
    let parents = connleak_core::grammar::assign::ancestors(
        file.as_bytes(),
        ls,
        le,
        ls.saturating_sub(16 * 1024),
        400,
    );
    let mut dotted: String = parents.iter().map(|(k, _)| format!("{k}.")).collect();
    dotted.push_str(&key);
    dotted.ends_with("spring.datasource.password")
}

/// The TLS mode the finding's own connection asks for when it is stricter
/// than `require` (`sslmode=verify-full`, `sslmode="verify-ca"`, Npgsql's
/// `SSL Mode=VerifyFull`): the replacement keeps it, so that it does not
/// weaken the certificate check. Read from the claimed string, else from the
/// lines around the secret (a driver call's keyword arguments).
fn strict_ssl(f: &Finding, cx: &Context) -> Option<&'static str> {
    let mode = |text: &str| -> Option<&'static str> {
        let t: String = text
            .to_ascii_lowercase()
            .chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-' | '"' | '\'' | '\t'))
            .collect();
        for sep in ['=', ':'] {
            if t.contains(&format!("sslmode{sep}verifyfull")) {
                return Some("verify-full");
            }
            if t.contains(&format!("sslmode{sep}verifyca")) {
                return Some("verify-ca");
            }
        }
        None
    };
    if let Some((_, c)) = claim(f) {
        return mode(c);
    }
    let file = &cx.evidence.file;
    let at = crate::target::offset_in(f, file)?;
    let b = file.as_bytes();
    let mut start = at.min(b.len());
    for _ in 0..6 {
        start = b[..start.saturating_sub(1)]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |i| i + 1);
    }
    let mut end = at.min(b.len());
    for _ in 0..6 {
        end = b[(end + 1).min(b.len())..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |i| end + 1 + i);
    }
    mode(file.get(start..end)?)
}

#[cfg(test)]
mod tests {
    use crate::project::Evidence;
    use connleak_core::model::Remediation;

    fn advise(path: &str, text: &str) -> Remediation {
        let ev = Evidence {
            unit: "app".into(),
            file: text.to_ascii_lowercase(),
            ..Default::default()
        };
        let items = crate::tests::advise_text(path, text, &ev);
        assert_eq!(items.len(), 1, "{items:?}");
        items[0].remediation.clone().expect("remediation")
    }

    // Regression (issue 13): `mysql://…?ssl-mode=REQUIRED` is rejected by
    // PyMySQL, ignored by mysql2 and fails go-sql-driver's ParseDSN; the Go
    // DSN lost `tls=true`, `parseTime` and `charset`.
    #[test]
    fn mysql_replacements_fit_the_client() {
        let r = advise(
            "store/db.go",
            "\treturn sql.Open(\"mysql\", \"app:Fab-Go7!mYq2@tcp(fab-my.mysql.database.azure.com:3306)/shop?tls=true&parseTime=true&charset=utf8mb4\")\n",
        );
        let rep = r.replacement.unwrap_or_default();
        assert!(
            rep.starts_with("<managed-identity-name>:<entra-token>@tcp(fab-my.mysql.database.azure.com:3306)/shop?tls=true&parseTime=true&charset=utf8mb4&allowCleartextPasswords=true"),
            "{rep}"
        );
        let r = advise(
            "app/db.py",
            "engine = create_engine(\"mysql+pymysql://app:Fab-Py4!mYz8@fab-my.mysql.database.azure.com:3306/shop\")\n",
        );
        let rep = r.replacement.unwrap_or_default();
        assert!(
            rep.starts_with("mysql+pymysql://<managed-identity-name>@fab-my.mysql.database.azure.com:3306/shop "),
            "{rep}"
        );
        let url = rep.split(' ').next().unwrap_or("");
        assert!(!url.contains("ssl-mode") && !url.contains('?'), "{rep}");
    }

    // Regression (issue 13): the identity plugin asked for a public-cloud
    // token for a US Government or China server.
    #[test]
    fn jdbc_in_a_sovereign_cloud_sets_the_plugins_scope_and_authority() {
        for (host, scope, authority) in [
            (
                "fab-pg.postgres.database.usgovcloudapi.net",
                "https://ossrdbms-aad.database.usgovcloudapi.net/.default",
                "https://login.microsoftonline.us/",
            ),
            (
                "fab-pg.postgres.database.chinacloudapi.cn",
                "https://ossrdbms-aad.database.chinacloudapi.cn/.default",
                "https://login.chinacloudapi.cn/",
            ),
        ] {
            let r = advise(
                "src/main/resources/db.properties",
                &format!("url=jdbc:postgresql://{host}:5432/ledger?user=app&password=Fab-Jd4!cWq8&sslmode=require\n"),
            );
            let rep = r.replacement.unwrap_or_default();
            assert!(
                rep.contains(&format!(
                    "&azure.scopes={scope}&azure.authorityHost={authority}"
                )),
                "{rep}"
            );
            assert!(r
                .edits
                .iter()
                .all(|e| e.new_text.contains("azure.authorityHost=")));
        }
        let r = advise(
            "src/main/resources/db.properties",
            "url=jdbc:postgresql://fab-pg.postgres.database.azure.com:5432/ledger?user=app&password=Fab-Jd4!cWq8\n",
        );
        assert!(!r.replacement.unwrap_or_default().contains("azure.scopes"));
    }

    // Issue 13: mysql -h, psql -h and PGHOST name the server; an Azure one
    // gets the documented token command line.
    #[test]
    fn mysql_and_psql_command_lines_get_the_token_form() {
        let r = advise(
            "db/load.sh",
            "mysql -h fab-my.mysql.database.azure.com -u app -pFab-My3!cLq6 shop < dump.sql\n",
        );
        assert_eq!(r.service.id(), "azure-mysql");
        assert_eq!(
            r.replacement.as_deref(),
            Some("mysql -h fab-my.mysql.database.azure.com --user <managed-identity-name> --enable-cleartext-plugin --password=\"$(az account get-access-token --resource-type oss-rdbms --query accessToken -o tsv)\" shop")
        );
        let r = advise(
            "db/init.sh",
            "PGPASSWORD='Fab-Pg4!sXq7' psql -h fab-pg.postgres.database.azure.com -U app -d ledger -f init.sql\n",
        );
        assert_eq!(
            r.replacement.as_deref(),
            Some("PGPASSWORD=\"$(az account get-access-token --resource-type oss-rdbms --query accessToken -o tsv)\" psql \"host=fab-pg.postgres.database.azure.com port=5432 dbname=ledger user=<managed-identity-name> sslmode=require\"")
        );
        let r = advise(
            "db/env.sh",
            "export PGHOST=fab-pg2.postgres.database.azure.com\nexport PGUSER=etl\nexport PGPASSWORD='Fab-Pe5!vBq8'\n",
        );
        assert_eq!(r.service.id(), "azure-postgresql");
        assert!(
            r.replacement.as_deref().is_some_and(
                |x| x.contains("az account get-access-token --resource-type oss-rdbms")
            ),
            "{r:?}"
        );
    }

    #[test]
    fn spring_in_a_sovereign_cloud_names_the_cloud() {
        let r = advise(
            "src/main/resources/application.properties",
            "spring.datasource.url=jdbc:postgresql://fab-pg.postgres.database.usgovcloudapi.net:5432/ledger\nspring.datasource.username=app\nspring.datasource.password=Fab-Sg3!pRq7\n",
        );
        assert!(
            r.replacement
                .as_deref()
                .is_some_and(|x| x
                    .ends_with("; spring.datasource.azure.profile.cloud-type=azure_us_government")),
            "{r:?}"
        );
        assert!(r.edits.is_empty());
    }

    #[test]
    fn node_pg_keeps_the_database_and_port_of_its_block() {
        let r = advise(
            "src/pool.js",
            "const pool = new Pool({\n  host: 'fab-pg.postgres.database.azure.com',\n  database: 'orders',\n  port: 5433,\n  user: 'api',\n  password: 'Fab-Np3!gQx7',\n});\n",
        );
        let rep = r.replacement.unwrap_or_default();
        assert!(rep.contains("database: 'orders', port: 5433,"), "{rep}");
    }

    // Found by the real-client check's wider run (issue 13): a psycopg call
    // with `sslmode="verify-full"` got `sslmode = "require"`, which stops
    // checking the server's certificate; a stricter mode is kept
    #[test]
    fn a_stricter_tls_mode_is_kept() {
        let r = advise(
            "app/db.py",
            "import psycopg\nconn = psycopg.connect(\n    host=\"fab-pg.postgres.database.azure.com\",\n    dbname=\"orders\",\n    user=\"app\",\n    password=\"Fab-Vf1!sSl2\",\n    sslmode=\"verify-full\",\n)\n",
        );
        let rep = r.replacement.unwrap_or_default();
        assert!(rep.contains("sslmode = \"verify-full\""), "{rep}");
        let r = advise(
            ".env",
            "DATABASE_URL=postgresql://app:Fab-Vf2!sSl3@fab-pg2.postgres.database.azure.com:5432/orders?sslmode=verify-ca\n",
        );
        let rep = r.replacement.unwrap_or_default();
        assert!(rep.contains("?sslmode=verify-ca "), "{rep}");
        // `require` stays `require`
        let r = advise(
            ".env",
            "DATABASE_URL=postgresql://app:Fab-Vf3!sSl4@fab-pg3.postgres.database.azure.com:5432/orders?sslmode=require\n",
        );
        let rep = r.replacement.unwrap_or_default();
        assert!(rep.contains("?sslmode=require "), "{rep}");
    }
}
