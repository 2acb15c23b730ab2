//! Where no managed identity can serve (a database outside Azure, a host
//! the finding does not name, a local file key): the finding's own line
//! with the password replaced by a reference in the idiom of the file's
//! stack, and where the secret goes instead. The replacement is built from
//! the finding (same key, same structure); it is shown, never written, and
//! never holds the secret (`advice::build` drops one that would).

use super::Plan;
use crate::context::Context;
use connleak_core::model::{Engine, Finding, Kind, Stack};

/// The line around the secret: (text before it, the secret as written,
/// text after it). `None` when the secret runs past its line.
fn line_parts(f: &Finding) -> Option<(&str, &str, &str)> {
    let s = f.source.as_ref()?;
    let line = s.line_text.expose();
    let a = s.secret.start.checked_sub(s.line.start)?;
    let b = s.secret.end.checked_sub(s.line.start)?;
    Some((line.get(..a)?, line.get(a..b)?, line.get(b..)?))
}

/// The key the value is assigned to on its line (`DB_PASSWORD=`,
/// `password: `, `"Password": "`, `spring.datasource.password=`).
fn key_before(before: &str) -> Option<&str> {
    let t = before.trim_end();
    let t = t.strip_suffix(['"', '\'']).unwrap_or(t).trim_end();
    let t = t
        .strip_suffix("=>")
        .or_else(|| t.strip_suffix(['=', ':']))?
        .trim_end();
    let t = t.strip_suffix(['"', '\'']).unwrap_or(t);
    let start = t
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        .last()
        .map(|(i, _)| i)?;
    let key = &t[start..];
    key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        .then_some(key)
}

/// An environment variable name for the secret: its own key when it names
/// a password (`spring.datasource.password` -> `SPRING_DATASOURCE_PASSWORD`,
/// which Spring maps back to the property), else one for its engine.
fn var_name(f: &Finding, before: &str) -> String {
    let own = key_before(before).filter(|k| {
        let k = k.to_ascii_lowercase();
        ["pass", "pwd", "secret", "key"].iter().any(|w| k.contains(w))
            // a bare `password` says nothing about which one
            && !matches!(
                k.as_str(),
                "password" | "pwd" | "passwd" | "pass" | "secret" | "key"
            )
    });
    if let Some(k) = own {
        let v: String = k
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_uppercase()
                } else {
                    '_'
                }
            })
            .collect();
        return v.trim_matches('_').to_string();
    }
    match f.engine {
        Some(Engine::Redis) => "REDIS_PASSWORD".into(),
        _ => "DB_PASSWORD".into(),
    }
}

/// The secret with the quotes around it, if it is a whole string literal.
fn quoted<'a>(before: &'a str, secret: &str, after: &'a str) -> Option<(&'a str, &'a str, char)> {
    let q = before.chars().last()?;
    if !matches!(q, '"' | '\'' | '`') || !after.starts_with(q) || secret.contains(q) {
        return None;
    }
    Some((&before[..before.len() - 1], &after[1..], q))
}

/// What kind of file the finding is in, for the reference syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Idiom {
    GithubActions,
    AzurePipelines,
    Compose,
    KubernetesEnv,
    KubernetesSecret,
    Spring,
    DotnetConfig,
    Code(&'static str),
    Terraform,
    Shell { powershell: bool },
    SqlScript,
    EnvFile,
    Dockerfile,
    RailsDatabaseYml,
}

fn idiom(f: &Finding, cx: &Context) -> Option<Idiom> {
    let path = f.path.replace('\\', "/").to_ascii_lowercase();
    let name = path.rsplit('/').next().unwrap_or(&path);
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    if path.contains(".github/workflows/") && matches!(ext, "yml" | "yaml") {
        return Some(Idiom::GithubActions);
    }
    if name.starts_with("azure-pipelines") && matches!(ext, "yml" | "yaml") {
        return Some(Idiom::AzurePipelines);
    }
    if f.kind == Kind::K8sSecret {
        return Some(Idiom::KubernetesSecret);
    }
    if name.starts_with(".env") || name.ends_with(".env") {
        return Some(Idiom::EnvFile);
    }
    if name == "dockerfile" || name.ends_with(".dockerfile") || name.starts_with("dockerfile.") {
        return Some(Idiom::Dockerfile);
    }
    if path.ends_with("config/database.yml") {
        return Some(Idiom::RailsDatabaseYml);
    }
    // an `env:` entry of a Kubernetes manifest, whatever stack the file
    // was taken for
    if matches!(ext, "yml" | "yaml")
        && cx.evidence.file.contains("apiversion:")
        && cx.evidence.file.contains("kind:")
    {
        return Some(Idiom::KubernetesEnv);
    }
    Some(match cx.stack {
        Stack::Compose => Idiom::Compose,
        Stack::Kubernetes => Idiom::KubernetesEnv,
        Stack::SpringBoot => Idiom::Spring,
        Stack::Terraform if ext == "tf" => Idiom::Terraform,
        Stack::SqlScript => Idiom::SqlScript,
        Stack::CommandLine => Idiom::Shell {
            powershell: matches!(ext, "ps1" | "psm1"),
        },
        _ if (name.starts_with("appsettings") && ext == "json") || name == "web.config" => {
            Idiom::DotnetConfig
        }
        _ if name.starts_with("application") && matches!(ext, "properties" | "yml" | "yaml") => {
            Idiom::Spring
        }
        _ => Idiom::Code(match ext {
            "py" => "py",
            "js" | "mjs" | "cjs" | "ts" | "mts" | "cts" => "js",
            "go" => "go",
            "java" | "kt" | "scala" => "java",
            "cs" => "cs",
            "php" => "php",
            "rb" => "rb",
            "sh" | "bash" => return Some(Idiom::Shell { powershell: false }),
            "ps1" | "psm1" => return Some(Idiom::Shell { powershell: true }),
            _ => return None,
        }),
    })
}

/// The replacement and where the secret goes, for a finding no managed
/// identity can serve.
pub(super) fn plan(f: &Finding, cx: &Context) -> Plan {
    let Some((before, secret, after)) = line_parts(f) else {
        return Plan::default();
    };
    let Some(idiom) = idiom(f, cx) else {
        return Plan::default();
    };
    let var = var_name(f, before);
    let indent: String = before.chars().take_while(|c| c.is_whitespace()).collect();
    // the line with the value (and its quotes, where `keep_quotes` is
    // false) replaced by `reference`
    let with = |reference: &str, keep_quotes: bool| -> String {
        match quoted(before, secret, after) {
            Some((b, a, _)) if !keep_quotes => format!("{b}{reference}{a}"),
            _ => format!("{before}{reference}{after}"),
        }
    };
    let (replacement, where_it_goes) = match idiom {
        Idiom::GithubActions => (
            Some(with(&format!("${{{{ secrets.{var} }}}}"), true)),
            format!("a GitHub Actions secret named `{var}` (repository or environment: Settings, Secrets and variables, Actions); for a service container, the same secret in its `env:`"),
        ),
        Idiom::AzurePipelines => (
            Some(with(&format!("$({var})"), true)),
            format!("a secret pipeline variable `{var}` (or a variable group linked to Key Vault); scripts get secret variables only when mapped in `env:`"),
        ),
        Idiom::Compose => (
            Some(with(&format!("${{{var}:?set {var} in .env}}"), true)),
            format!("an untracked `.env` beside the compose file (`{var}=...`, listed in `.gitignore`), or the image's `*_FILE` variable with a compose `secrets:` file kept out of git"),
        ),
        Idiom::KubernetesEnv if before.trim_end().ends_with("value:") => {
            let key = var.to_ascii_lowercase().replace('_', "-");
            let head = before.trim_end().trim_end_matches("value:");
            let pad = " ".repeat(head.chars().count());
            (
                Some(format!(
                    "{head}valueFrom:\n{pad}  secretKeyRef:\n{pad}    name: <secret-name>\n{pad}    key: {key}"
                )),
                format!("a Kubernetes Secret created outside the repository (`kubectl create secret generic <secret-name> --from-literal={key}=...`, External Secrets or Sealed Secrets), deployed with the manifest"),
            )
        }
        Idiom::KubernetesEnv => (None, String::new()),
        Idiom::KubernetesSecret => {
            let key = key_before(before).unwrap_or("password").to_string();
            (
                Some(format!(
                    "kubectl create secret generic <secret-name> --from-literal={key}=\"${var}\""
                )),
                "a Secret created outside the repository (the command above, External Secrets Operator or Sealed Secrets): delete this manifest's value from git".to_string(),
            )
        }
        Idiom::Spring => (
            Some(with(&format!("${{{var}}}"), false)),
            format!("the environment (`{var}`, which Spring maps to the property), or Spring Cloud Azure Key Vault as a property source"),
        ),
        Idiom::DotnetConfig => (
            claim_parts(f).and_then(|(b, a)| without_password_pair(f, b, a)),
            "`dotnet user-secrets set \"ConnectionStrings:<name>\" \"<the full string>\"` in development; in production an environment variable (`ConnectionStrings__<name>`) or a Key Vault reference".to_string(),
        ),
        Idiom::Code(lang) => {
            let expr = match lang {
                "py" => format!("os.environ[\"{var}\"]"),
                "js" => format!("process.env.{var}"),
                "go" => format!("os.Getenv(\"{var}\")"),
                "java" => format!("System.getenv(\"{var}\")"),
                "cs" => format!("Environment.GetEnvironmentVariable(\"{var}\")"),
                "php" => format!("getenv('{var}')"),
                _ => format!("ENV.fetch(\"{var}\")"),
            };
            // a whole literal becomes the expression; inside a larger
            // literal (a URL), the literal is split around it
            let join = if lang == "php" { " . " } else { " + " };
            let rep = quoted(before, secret, after)
                .map(|(b, a, _)| format!("{b}{expr}{a}"))
                .or_else(|| {
                    let q = enclosing_quote(before, after)?;
                    Some(format!("{before}{q}{join}{expr}{join}{q}{after}"))
                });
            (
                rep,
                format!("the environment (`{var}`), set from a secret store in production"),
            )
        }
        Idiom::Terraform if key_before(before) == Some("default") => (
            // a variable's default: the variable keeps no value at all
            Some(format!("{indent}sensitive = true")),
            "no default: the variable is set at apply time from `TF_VAR_<variable name>` or a Key Vault secret (`random_password` plus `azurerm_key_vault_secret`), never a literal in `.tf` or `.tfvars`".to_string(),
        ),
        Idiom::Terraform => {
            let v = var.to_ascii_lowercase();
            (
                quoted(before, secret, after).map(|(b, a, _)| format!("{b}var.{v}{a}")),
                format!("a `sensitive` variable (`variable \"{v}\" {{ type = string, sensitive = true }}`) set from `TF_VAR_{v}` or a Key Vault secret (`random_password` plus `azurerm_key_vault_secret`), never a literal in `.tf` or `.tfvars`"),
            )
        }
        Idiom::Shell { powershell } => {
            // inside a quoted string: close it around the reference, or
            // expand inside double quotes
            let singles = before.matches('\'').count() % 2 == 1;
            let doubles = before.matches('"').count() % 2 == 1;
            let whole = quoted(before, secret, after).is_some();
            let assigns_itself = key_before(before).is_some_and(|k| k == var)
                && before.trim_start().trim_start_matches("export ").trim_start().starts_with(&var);
            let reference = match (powershell, whole, singles, doubles) {
                (true, _, true, _) if !whole => format!("' + $env:{var} + '"),
                (true, _, _, _) => format!("$env:{var}"),
                (false, true, _, _) => format!("\"${var}\""),
                (false, false, true, _) => format!("'\"${var}\"'"),
                (false, false, false, true) => format!("${{{var}}}"),
                (false, false, false, false) => format!("\"${var}\""),
            };
            let line = format!("{before}{secret}{after}").to_ascii_lowercase();
            let store = if line.contains("sqlcmd") {
                "`SQLCMDPASSWORD` in the environment (sqlcmd reads it when `-P` is left out)"
            } else if line.contains("psql") || line.contains("pg_dump") {
                "`~/.pgpass` or the file `PGPASSFILE` names, outside the repository (libpq reads it when no password is given)"
            } else if line.contains("mysql") {
                "a login path (`mysql_config_editor set --login-path=<name>`), used as `--login-path=<name>`"
            } else {
                "the environment, set from a secret store"
            };
            let line = if assigns_itself {
                // `export VAR=secret`: the script only checks it is set
                if powershell {
                    format!("{indent}if (-not $env:{var}) {{ throw \"set {var}\" }}")
                } else {
                    format!("{indent}: \"${{{var}:?set {var} in the environment}}\"")
                }
            } else {
                with(&reference, false)
            };
            (Some(line), format!("{store}; the script reads `{var}`"))
        }
        Idiom::SqlScript => match f.engine.or_else(|| sql_dialect(before)) {
            Some(Engine::SqlServer) => (
                quoted(before, secret, after).map(|(b, a, q)| format!("{b}{q}$({var}){q}{a}")),
                format!("a sqlcmd variable given at run time (`sqlcmd -v {var}=...`, or from the environment)"),
            ),
            Some(Engine::PostgreSql) => {
                let v = var.to_ascii_lowercase();
                (
                    quoted(before, secret, after).map(|(b, a, _)| format!("{b}:'{v}'{a}")),
                    format!("a psql variable given at run time (`psql -v {v}=...`)"),
                )
            }
            _ => (None, String::new()),
        },
        Idiom::Dockerfile => {
            let key = key_before(before).unwrap_or(&var).to_string();
            (
                Some(format!("# {key} is given when the container starts (docker run -e {key}, compose `environment:` from an untracked .env, or a Kubernetes secretKeyRef); a build-time secret uses RUN --mount=type=secret")),
                "the container's environment at run time: a value baked into the image with `ENV` is readable by anyone who pulls it, so remove the `ENV` line".to_string(),
            )
        }
        Idiom::RailsDatabaseYml => (
            Some(with(&format!("<%= ENV.fetch(\"{var}\") %>"), false)),
            format!("the environment (`{var}`), or Rails encrypted credentials (`bin/rails credentials:edit`, with the master key kept out of git)"),
        ),
        Idiom::EnvFile => {
            // the line's own key, with its `export`, and no value
            let t = before.trim_start();
            let export = if t.starts_with("export ") { "export " } else { "" };
            let t = t.trim_start_matches("export ").trim_start();
            let key: String = t
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
                .collect();
            let rest = t[key.len()..].trim_start();
            if key.is_empty() || !rest.starts_with('=') {
                return Plan::default();
            }
            (
                Some(format!("{indent}{export}{key}=")),
                "the environment of the process, or an untracked `.env` (listed in `.gitignore`): commit a `.env.example` with the empty value above instead".to_string(),
            )
        }
    };
    let Some(replacement) = replacement else {
        return Plan::default();
    };
    if replacement.trim().is_empty() {
        return Plan::default();
    }
    // `fix` edits where the change is mechanical: the whole line (or, in a
    // .NET configuration file, the connection string) is replaced
    let src = f.source.as_ref();
    let edit = match idiom {
        Idiom::Compose | Idiom::KubernetesEnv | Idiom::Spring => {
            src.map(|s| (s.line.clone(), replacement.clone()))
        }
        Idiom::DotnetConfig => src
            .filter(|s| s.claim != s.secret)
            .map(|s| (s.claim.clone(), replacement.clone())),
        _ => None,
    };
    let mut notes = vec![format!("Where the secret goes instead: {where_it_goes}.")];
    if f.kind == Kind::Uri && matches!(idiom, Idiom::Code(_)) {
        notes.push("Inside a URL the password must be percent-encoded if it holds reserved characters (`@`, `:`, `/`, `%`): `urllib.parse.quote(.., safe='')`, `encodeURIComponent`, `url.QueryEscape`, `URLEncoder.encode`.".to_string());
    }
    Plan {
        replacement: Some(replacement),
        edit,
        notes,
        summary: String::new(),
        ..Plan::default()
    }
}

/// The quote of the string literal the secret sits inside (on its line),
/// if there is one: an odd number of that quote before it, unescaped, and
/// one after it. A quote that could also be an apostrophe in a comment is
/// not trusted: only `"` and `'` of code count.
fn enclosing_quote(before: &str, after: &str) -> Option<char> {
    let unescaped = |s: &str, q: char| {
        let b = s.as_bytes();
        s.char_indices()
            .filter(|&(i, c)| c == q && (i == 0 || b[i - 1] != b'\\'))
            .count()
    };
    ['"', '\'']
        .into_iter()
        .filter(|&q| unescaped(before, q) % 2 == 1 && unescaped(after, q) >= 1)
        // the nearer opening quote is the literal's
        .max_by_key(|&q| before.rfind(q))
}

/// The SQL dialect of a statement whose engine the finding does not name.
fn sql_dialect(before: &str) -> Option<Engine> {
    let l = before.to_ascii_lowercase();
    // T-SQL writes `PASSWORD = N'..'`, PostgreSQL `PASSWORD '..'`
    let t = l.trim_end().trim_end_matches(['\'', 'n']).trim_end();
    if t.ends_with('=') {
        Some(Engine::SqlServer)
    } else if l.contains("create role") || l.contains("alter role") || l.contains(" with password")
    {
        Some(Engine::PostgreSql)
    } else if l.contains(" login ") || l.contains("login [") {
        Some(Engine::SqlServer)
    } else {
        None
    }
}

/// The claimed string (the whole connection string) around the secret:
/// (text before it, text after it).
fn claim_parts(f: &Finding) -> Option<(&str, &str)> {
    let s = f.source.as_ref()?;
    let text = s.claim_text.expose();
    let a = s.secret.start.checked_sub(s.claim.start)?;
    let b = s.secret.end.checked_sub(s.claim.start)?;
    Some((text.get(..a)?, text.get(b..)?))
}

/// An ADO.NET or ODBC string without its password pair (`Password=...;`),
/// for a .NET configuration file (the string starts at `before`).
fn without_password_pair(f: &Finding, before: &str, after: &str) -> Option<String> {
    if !matches!(f.kind, Kind::Ado | Kind::Odbc | Kind::Oledb) {
        return None;
    }
    let t = before.trim_end().strip_suffix('=')?.trim_end();
    let lower = t.to_ascii_lowercase();
    let word = ["password", "pwd"]
        .into_iter()
        .find(|w| lower.ends_with(w))?;
    let head = t[..t.len() - word.len()].trim_end();
    // the pair starts the string or follows a `;`
    let starts_pair = head.is_empty() || head.ends_with([';', '"', '\'', '>']);
    if !starts_pair {
        return None;
    }
    let keep = head.len();
    let rest = after.strip_prefix(';').unwrap_or(after);
    Some(format!("{}{}", &before[..keep], rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_variables() {
        assert_eq!(key_before("  DB_PASSWORD="), Some("DB_PASSWORD"));
        assert_eq!(
            key_before("spring.datasource.password="),
            Some("spring.datasource.password")
        );
        assert_eq!(key_before("    \"Password\": \""), Some("Password"));
        assert_eq!(key_before("x = connect("), None);
        assert_eq!(key_before("x: "), Some("x"));
        assert_eq!(
            enclosing_quote("url = \"postgres://u:", "@h/db\""),
            Some('"')
        );
        assert_eq!(enclosing_quote("url = 'a\\'b", "'"), Some('\''));
        assert_eq!(enclosing_quote("x = 'a' + ", " + 'b'"), None);
        assert_eq!(enclosing_quote("x = f(\"a\", ", ")"), None);
        assert_eq!(key_before("'password' => '"), Some("password"));
        assert_eq!(quoted("pw = '", "s3", "'\n"), Some(("pw = ", "\n", '\'')));
        assert_eq!(quoted("pw = ", "s3", ""), None);
    }
}
