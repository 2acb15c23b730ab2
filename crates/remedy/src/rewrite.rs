//! Passwordless rewrites of the text a secret was found in: the same
//! connection string with the user and password removed and the documented
//! authentication keyword added, every other byte kept (quoting, key
//! order, separators, XML entities). Each function returns the new text of
//! the claimed region, or `None` when the text is not of the form it edits.

use connleak_core::grammar::kv;

/// What stands in for a value the user must fill in.
pub const CLIENT_ID: &str = "<client-id-of-managed-identity>";
pub const IDENTITY_NAME: &str = "<managed-identity-name>";
/// ODBC's documentation asks for a user-assigned identity's object id in
/// `UID` (the other Microsoft drivers take its client id).
pub const OBJECT_ID: &str = "<object-id-of-managed-identity>";

const PASSWORD_KEYS: &[&str] = &["password", "pwd"];
const USER_KEYS: &[&str] = &["user id", "uid", "user", "username", "userid", "user name"];
/// Keys that would contradict the new authentication mode.
const AUTH_KEYS: &[&str] = &[
    "authentication",
    "integrated security",
    "trusted_connection",
    "integratedsecurity",
    "authenticationscheme",
];

/// Other secrets a connection string can carry (key store and TLS key
/// passwords): never repeated in a replacement.
fn is_other_secret(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.contains("password") || k.contains("secret") || k.contains("pwd")
}

/// How a key=value string is rewritten.
pub struct KvRewrite<'a> {
    /// the pair that takes the password's place, e.g.
    /// `Authentication=Active Directory Managed Identity`
    pub auth: &'a str,
    /// for a user-assigned identity: the key that carries its id (the
    /// value is [`CLIENT_ID`]); `None` drops the user pair
    pub identity_key: Option<&'a str>,
}

/// Rewrite `Server=..;User ID=..;Password=..` (ADO.NET, ODBC, the
/// property part of an mssql-jdbc URL).
pub fn kv_string(raw: &str, rw: &KvRewrite<'_>) -> Option<String> {
    let b = raw.as_bytes();
    let kvs = kv::parse(b, 0, b.len(), None);
    if kvs.pairs.len() < 2
        || !kvs
            .pairs
            .iter()
            .any(|p| PASSWORD_KEYS.contains(&p.key.as_str()))
    {
        return None;
    }
    // each pair's full extent: key start to the end of its closing quote
    let ends: Vec<usize> = kvs.pairs.iter().map(|p| pair_end(b, p)).collect();
    if ends[ends.len() - 1] < raw.trim_end_matches([';', ' ', '\t']).len() {
        return None; // not a whole connection string: do not guess
    }
    let sep_style = separator_style(raw, &kvs, &ends);
    enum Act {
        Keep,
        Drop,
        Put(String),
    }
    let mut acts: Vec<Act> = Vec::with_capacity(kvs.pairs.len());
    let mut auth_placed = false;
    let mut id_placed = false;
    for p in &kvs.pairs {
        let k = p.key.as_str();
        if PASSWORD_KEYS.contains(&k) {
            if auth_placed {
                acts.push(Act::Drop);
            } else {
                auth_placed = true;
                acts.push(Act::Put(rw.auth.to_string()));
            }
        } else if USER_KEYS.contains(&k) {
            match rw.identity_key {
                Some(_) if !id_placed => {
                    id_placed = true;
                    let key_text = &raw[p.key_span.start..p.key_span.end];
                    acts.push(Act::Put(format!("{key_text}={}", id_placeholder(key_text))));
                }
                _ => acts.push(Act::Drop),
            }
        } else if AUTH_KEYS.contains(&k) || is_other_secret(k) {
            acts.push(Act::Drop);
        } else {
            acts.push(Act::Keep);
        }
    }
    if let (Some(key), false) = (rw.identity_key, id_placed) {
        // no user pair to reuse: the id goes right after the auth pair
        let i = kvs
            .pairs
            .iter()
            .position(|p| PASSWORD_KEYS.contains(&p.key.as_str()))?;
        if let Act::Put(s) = &mut acts[i] {
            s.push_str(sep_style);
            s.push_str(&format!("{key}={}", id_placeholder(key)));
        }
    }
    let first = kvs.pairs[0].key_span.start;
    let mut out = String::with_capacity(raw.len() + 48);
    out.push_str(&raw[..first]);
    let mut pending_sep: Option<&str> = None;
    let n = kvs.pairs.len();
    for (i, (p, act)) in kvs.pairs.iter().zip(&acts).enumerate() {
        let text = match act {
            Act::Keep => &raw[p.key_span.start..ends[i]],
            Act::Put(s) => s.as_str(),
            Act::Drop => continue,
        };
        if let Some(sep) = pending_sep {
            out.push_str(sep);
        }
        out.push_str(text);
        // the separator that followed this pair in the original
        pending_sep = Some(if i + 1 < n {
            &raw[ends[i]..kvs.pairs[i + 1].key_span.start]
        } else {
            sep_style
        });
    }
    // whatever followed the last pair (a trailing `;`, spaces) stays
    out.push_str(&raw[ends[n - 1]..]);
    Some(out)
}

fn id_placeholder(key: &str) -> &'static str {
    if key.eq_ignore_ascii_case("uid") {
        OBJECT_ID
    } else {
        CLIENT_ID
    }
}

/// The end of a pair's value including its closing quote or brace.
fn pair_end(b: &[u8], p: &kv::Pair) -> usize {
    let e = p.value_span.end;
    if !p.quoted {
        return e;
    }
    for close in [&b"\\\""[..], b"&quot;", b"&apos;", b"\"", b"'", b"}"] {
        if b[e..].starts_with(close) {
            return e + close.len();
        }
    }
    e
}

/// `;` or `; `, as the string already separates its pairs.
fn separator_style(raw: &str, kvs: &kv::KvString, ends: &[usize]) -> &'static str {
    let spaced = (0..kvs.pairs.len().saturating_sub(1))
        .filter(|&i| raw[ends[i]..kvs.pairs[i + 1].key_span.start].ends_with(' '))
        .count();
    if spaced * 2 > kvs.pairs.len().saturating_sub(1) {
        "; "
    } else {
        ";"
    }
}

/// `jdbc:sqlserver://host:1433;databaseName=db;user=u;password=p` ->
/// the same URL with the properties rewritten.
pub fn mssql_jdbc(raw: &str, rw: &KvRewrite<'_>) -> Option<String> {
    let lower = raw.to_ascii_lowercase();
    if !lower.starts_with("jdbc:sqlserver://") {
        return None;
    }
    let semi = raw.find(';')?;
    let props = kv_string(&raw[semi + 1..], rw)?;
    Some(format!("{};{}", &raw[..semi], props))
}

/// Plugin parameters of the Azure identity extensions for JDBC.
pub const PG_PLUGIN: &str =
    "authenticationPluginClassName=com.azure.identity.extensions.jdbc.postgresql.AzurePostgresqlAuthenticationPlugin";
pub const MYSQL_PLUGINS: &str = "defaultAuthenticationPlugin=com.azure.identity.extensions.jdbc.mysql.AzureMysqlAuthenticationPlugin&authenticationPlugins=com.azure.identity.extensions.jdbc.mysql.AzureMysqlAuthenticationPlugin";

/// `jdbc:postgresql://host:5432/db?user=u&password=p` and
/// `jdbc:mysql://u:p@host:3306/db` -> the passwordless form with the
/// authentication plugin, the identity's role name as the user, and TLS.
pub fn pg_mysql_jdbc(raw: &str, user_assigned: bool) -> Option<String> {
    let lower = raw.to_ascii_lowercase();
    let mysql = lower.starts_with("jdbc:mysql:") || lower.starts_with("jdbc:mariadb:");
    if !mysql && !lower.starts_with("jdbc:postgresql:") {
        return None;
    }
    // XML files carry `&` as `&amp;`
    let amp = if raw.contains("&amp;") { "&amp;" } else { "&" };
    let authority = raw.find("//")? + 2;
    let (base, query) = match raw.find('?') {
        Some(q) => (&raw[..q], &raw[q + 1..]),
        None => (raw, ""),
    };
    // drop `user:password@` from the authority
    let mut base = base.to_string();
    let auth_end = base[authority..]
        .find('/')
        .map_or(base.len(), |i| authority + i);
    if let Some(at) = base[authority..auth_end].rfind('@') {
        base.replace_range(authority..authority + at + 1, "");
    }
    let mut params: Vec<String> = Vec::new();
    let mut has_ssl = false;
    for p in query.split(amp).filter(|p| !p.is_empty()) {
        let key = p.split('=').next().unwrap_or("").to_ascii_lowercase();
        let value = p
            .split_once('=')
            .map_or("", |(_, v)| v)
            .to_ascii_lowercase();
        match key.as_str() {
            "password" | "user" | "username" => continue,
            // a token must not travel without TLS: an opt-out is replaced
            "sslmode" | "ssl" | "usessl" | "requiressl" | "ssl-mode" => {
                if matches!(
                    value.as_str(),
                    "disable" | "disabled" | "false" | "allow" | "prefer"
                ) {
                    continue;
                }
                has_ssl = true
            }
            "authenticationpluginclassname"
            | "defaultauthenticationplugin"
            | "authenticationplugins" => continue,
            k if is_other_secret(k) => continue,
            _ => {}
        }
        params.push(p.to_string());
    }
    if !has_ssl {
        params.push(
            if mysql {
                "sslMode=REQUIRED"
            } else {
                "sslmode=require"
            }
            .to_string(),
        );
    }
    params.push(if mysql {
        MYSQL_PLUGINS.replace('&', amp)
    } else {
        PG_PLUGIN.to_string()
    });
    params.push(format!("user={IDENTITY_NAME}"));
    if user_assigned {
        params.push("azure.managedIdentityEnabled=true".to_string());
        params.push(format!("azure.clientId={CLIENT_ID}"));
    }
    Some(format!("{base}?{}", params.join(amp)))
}

/// A Spring property line `spring.datasource.password=...` (or a YAML
/// `password: ...` under `spring.datasource`) -> the passwordless switch,
/// same key style, same separator and indentation. `line` is the line's
/// text up to the end of the value.
pub fn spring_password_line(line: &str) -> Option<String> {
    let indent = line.len() - line.trim_start().len();
    let body = &line[indent..];
    let sep_at = body.find(['=', ':'])?;
    let key = body[..sep_at].trim_end();
    let lkey = key.to_ascii_lowercase();
    let prefix = lkey.strip_suffix("password")?;
    if !(prefix.is_empty() || prefix.ends_with('.')) {
        return None;
    }
    let rest = &body[sep_at..];
    let sep_len = 1 + rest[1..].len() - rest[1..].trim_start().len();
    let sep = &rest[..sep_len];
    let pad = &body[key.len()..sep_at];
    Some(format!(
        "{}{}azure.passwordless-enabled{pad}{sep}true",
        &line[..indent],
        &key[..prefix.len()]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MDS: KvRewrite<'static> = KvRewrite {
        auth: "Authentication=Active Directory Managed Identity",
        identity_key: None,
    };

    #[test]
    fn ado_strings_keep_every_other_byte() {
        assert_eq!(
            kv_string(
                "Server=tcp:contoso.database.windows.net,1433;Initial Catalog=orders;User ID=app;Password=S3cr3t!;Encrypt=True;",
                &MDS
            )
            .as_deref(),
            Some("Server=tcp:contoso.database.windows.net,1433;Initial Catalog=orders;Authentication=Active Directory Managed Identity;Encrypt=True;")
        );
        // spaced separators, password last, no trailing `;`
        assert_eq!(
            kv_string("Server=x.database.windows.net; Database=db; User Id=app; Password='a;b'", &MDS).as_deref(),
            Some("Server=x.database.windows.net; Database=db; Authentication=Active Directory Managed Identity")
        );
        // XML entities and an existing Authentication are handled
        assert_eq!(
            kv_string("Data Source=x.database.windows.net;Authentication=SqlPassword;Password=&quot;p;w&quot;;UID=sa", &MDS).as_deref(),
            Some("Data Source=x.database.windows.net;Authentication=Active Directory Managed Identity")
        );
        assert_eq!(kv_string("Password=x", &MDS), None);
        assert_eq!(kv_string("Server=a;Database=b", &MDS), None);
    }

    #[test]
    fn user_assigned_identity_reuses_the_user_key() {
        let rw = KvRewrite {
            auth: "Authentication=ActiveDirectoryMsi",
            identity_key: Some("UID"),
        };
        assert_eq!(
            kv_string("Driver={ODBC Driver 18 for SQL Server};Server=x.database.windows.net;UID=app;PWD={p}};w};", &rw).as_deref(),
            Some("Driver={ODBC Driver 18 for SQL Server};Server=x.database.windows.net;UID=<object-id-of-managed-identity>;Authentication=ActiveDirectoryMsi;")
        );
        assert_eq!(
            kv_string("Server=x.database.windows.net;Password=p", &KvRewrite { auth: "Authentication=Active Directory Managed Identity", identity_key: Some("User Id") }).as_deref(),
            Some("Server=x.database.windows.net;Authentication=Active Directory Managed Identity;User Id=<client-id-of-managed-identity>")
        );
    }

    #[test]
    fn jdbc_urls() {
        let rw = KvRewrite {
            auth: "authentication=ActiveDirectoryManagedIdentity",
            identity_key: None,
        };
        assert_eq!(
            mssql_jdbc("jdbc:sqlserver://x.database.windows.net:1433;databaseName=db;user=app@x;password=p;encrypt=true", &rw).as_deref(),
            Some("jdbc:sqlserver://x.database.windows.net:1433;databaseName=db;authentication=ActiveDirectoryManagedIdentity;encrypt=true")
        );
        assert_eq!(
            pg_mysql_jdbc("jdbc:postgresql://pg.postgres.database.azure.com:5432/app?user=app&password=p&sslmode=verify-full", false).as_deref(),
            Some("jdbc:postgresql://pg.postgres.database.azure.com:5432/app?sslmode=verify-full&authenticationPluginClassName=com.azure.identity.extensions.jdbc.postgresql.AzurePostgresqlAuthenticationPlugin&user=<managed-identity-name>")
        );
        assert_eq!(
            pg_mysql_jdbc("jdbc:mysql://app:p@my.mysql.database.azure.com:3306/shop", true).as_deref(),
            Some("jdbc:mysql://my.mysql.database.azure.com:3306/shop?sslMode=REQUIRED&defaultAuthenticationPlugin=com.azure.identity.extensions.jdbc.mysql.AzureMysqlAuthenticationPlugin&authenticationPlugins=com.azure.identity.extensions.jdbc.mysql.AzureMysqlAuthenticationPlugin&user=<managed-identity-name>&azure.managedIdentityEnabled=true&azure.clientId=<client-id-of-managed-identity>")
        );
        assert!(
            pg_mysql_jdbc("jdbc:postgresql://h/db?user=a&amp;password=p", false)
                .unwrap()
                .contains("&amp;authenticationPluginClassName")
        );
    }

    #[test]
    fn spring_lines() {
        assert_eq!(
            spring_password_line("spring.datasource.password=S3cret").as_deref(),
            Some("spring.datasource.azure.passwordless-enabled=true")
        );
        assert_eq!(
            spring_password_line("    password: \"S3cret\"").as_deref(),
            Some("    azure.passwordless-enabled: true")
        );
        assert_eq!(
            spring_password_line("spring.datasource.password = x").as_deref(),
            Some("spring.datasource.azure.passwordless-enabled = true")
        );
        assert_eq!(spring_password_line("db_password: x"), None);
    }
}
