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
        return env_name(k).trim_matches('_').to_string();
    }
    match f.engine {
        Some(Engine::Redis) => "REDIS_PASSWORD".into(),
        Some(Engine::Sqlite) => "DB_KEY".into(),
        _ => "DB_PASSWORD".into(),
    }
}

/// An environment entry of a compose file or CI workflow (`KEY: value`,
/// `- KEY=value`, `- "KEY=value"`): the line before and after its whole
/// value, when the value holds the secret.
fn whole_env_value(before: &str, secret: &str, after: &str) -> Option<(String, String)> {
    let line = format!("{before}{secret}{after}");
    let (sa, sb) = (before.len(), before.len() + secret.len());
    let body_at = line.len() - line.trim_start().len();
    let mut i = body_at;
    if line[i..].starts_with("- ") {
        i += 2;
        i += line[i..].len() - line[i..].trim_start().len();
    }
    let outer = line[i..].chars().next().filter(|c| matches!(c, '"' | '\''));
    if outer.is_some() {
        i += 1;
    }
    let key_len = line[i..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
        .unwrap_or(line.len() - i);
    if key_len == 0 {
        return None;
    }
    i += key_len;
    let sep = line[i..].chars().next()?;
    if !matches!(sep, '=' | ':') {
        return None;
    }
    i += 1;
    i += line[i..].len() - line[i..].trim_start().len();
    let inner = match outer {
        None => line[i..].chars().next().filter(|c| matches!(c, '"' | '\'')),
        Some(_) => None,
    };
    if inner.is_some() {
        i += 1;
    }
    let mut end = line.trim_end().len();
    for q in [outer, inner].into_iter().flatten() {
        if line[..end].ends_with(q) && end > i {
            end -= 1;
        } else {
            return None;
        }
    }
    if outer.is_none() && inner.is_none() {
        // an unquoted value ends at a comment
        if let Some(c) = line[i..end].find(" #") {
            end = i + c;
        }
        end = i + line[i..end].trim_end().len();
    }
    (i <= sa && sb <= end).then(|| (line[..i].to_string(), line[end..].to_string()))
}

/// A placeholder with a default that is the secret (`${NAME:secret}` in
/// Spring, `${NAME:-secret}` / `${NAME-secret}` in compose): the text
/// before `${`, the name, and the text after the closing `}`.
fn placeholder_default<'a>(before: &'a str, after: &'a str) -> Option<(&'a str, &'a str, &'a str)> {
    let tail = after.strip_prefix('}')?;
    let open = before.rfind("${")?;
    let inner = &before[open + 2..];
    let name_end = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
        .unwrap_or(inner.len());
    let (name, sep) = inner.split_at(name_end);
    if name.is_empty() || !matches!(sep, ":" | ":-" | "-") {
        return None;
    }
    Some((&before[..open], name, tail))
}

/// The language of the Markdown code block that holds line `at` (1-based;
/// `""` for a block without one), or `None` outside any block.
fn md_fence(text: &str, at: usize) -> Option<String> {
    let mut lang: Option<String> = None;
    for l in text.split('\n').take(at.saturating_sub(1)) {
        let t = l.trim_start();
        if let Some(info) = t.strip_prefix("```").or_else(|| t.strip_prefix("~~~")) {
            lang = match lang {
                Some(_) => None,
                None => Some(
                    info.trim()
                        .split(|c: char| c.is_whitespace() || c == '{' || c == ',')
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase(),
                ),
            };
        }
    }
    lang
}

/// The key at the start of a `key: value` / `key=value` / `- key=value`
/// line.
fn line_key(before: &str) -> Option<&str> {
    let t = before.trim_start();
    let t = t.strip_prefix("- ").unwrap_or(t).trim_start();
    let t = t.strip_prefix(['"', '\'']).unwrap_or(t);
    let end = t
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
        .unwrap_or(t.len());
    let key = &t[..end];
    let rest = t[end..].trim_start_matches(['"', '\'']).trim_start();
    (!key.is_empty() && rest.starts_with([':', '='])).then_some(key)
}

/// `key` in the alphabet of environment variable names: ASCII letters and
/// digits upper-cased, anything else `_`.
fn env_name(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// A password variable named after a connection string's key:
/// `DATABASE_URL` -> `DATABASE_PASSWORD`, `ConnectionStrings__OrdersDb` ->
/// `ORDERSDB_PASSWORD`.
fn password_var_for(key: &str) -> Option<String> {
    let mut v = env_name(key);
    while v.contains("__") {
        v = v.replace("__", "_");
    }
    let mut v = v.trim_matches('_').to_string();
    if let Some(r) = v.strip_prefix("CONNECTIONSTRINGS_") {
        v = r.to_string();
    }
    for suffix in [
        "_CONNECTION_STRING",
        "_CONNECTIONSTRING",
        "_CONN_STRING",
        "_URL",
        "_URI",
        "_DSN",
        "_CONN",
    ] {
        if let Some(r) = v.strip_suffix(suffix) {
            v = r.to_string();
            break;
        }
    }
    (!v.is_empty() && !v.starts_with(|c: char| c.is_ascii_digit())).then(|| format!("{v}_PASSWORD"))
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
    Shell {
        powershell: bool,
    },
    SqlScript,
    EnvFile,
    Dockerfile,
    RailsDatabaseYml,
    /// a configuration file of no framework that expands references
    Config(Fmt),
    /// `requirepass` / `masterauth` in a Redis server configuration
    RedisConf,
    /// a `>password` of a Redis ACL rule
    RedisAcl,
    /// a `.pgpass` / `pgpass.conf` line
    PgPass,
    /// an ODBC file DSN (`.dsn`)
    OdbcDsn,
    /// Apache `SetEnv` (`.htaccess`, `httpd.conf`)
    Apache,
    /// a code cell of a Jupyter notebook (a JSON string per line)
    Notebook,
    /// a Terraform variables file (`.tfvars`)
    TfVars,
    /// a file holding nothing but the password
    SecretFile,
    /// documentation prose, outside any code block
    Prose,
}

/// The syntax of a configuration file, for an empty value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fmt {
    Json,
    Yaml,
    Toml,
    Ini,
    Xml,
}

fn idiom(f: &Finding, cx: &Context) -> Option<Idiom> {
    let path = f.path.replace('\\', "/").to_ascii_lowercase();
    // a template or sample of a file is written in that file's syntax
    // (`ci.yml.tt`, `database.yml.sample`, `config.php~`)
    let path = path.trim_end_matches('~');
    let path = [
        ".tt",
        ".erb",
        ".j2",
        ".tmpl",
        ".template",
        ".sample",
        ".example",
        ".dist",
    ]
    .iter()
    .find_map(|s| {
        path.strip_suffix(s)
            .filter(|p| p.rsplit('/').next().is_some_and(|n| n.contains('.')))
    })
    .unwrap_or(path);
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    if (path.contains(".github/workflows/") || path.contains("/github/"))
        && matches!(ext, "yml" | "yaml")
    {
        return Some(Idiom::GithubActions);
    }
    if name.starts_with("azure-pipelines") && matches!(ext, "yml" | "yaml") {
        return Some(Idiom::AzurePipelines);
    }
    if f.kind == Kind::K8sSecret {
        return Some(Idiom::KubernetesSecret);
    }
    let line = f
        .source
        .as_ref()
        .map(|s| s.line_text.expose().trim_start().to_ascii_lowercase())
        .unwrap_or_default();
    // `host:port:database:user:password`, nothing else on the line
    let pgpass_line = !line.is_empty()
        && !line.contains(char::is_whitespace)
        && line.matches(':').count() >= 4
        && !line.contains(['"', '\'', '(', ')', '=']);
    if name == ".pgpass" || name == "pgpass.conf" || (f.kind == Kind::Pgpass && pgpass_line) {
        return Some(Idiom::PgPass);
    }
    if ext == "dsn" {
        return Some(Idiom::OdbcDsn);
    }
    if f.kind == Kind::Redis || f.engine == Some(Engine::Redis) {
        if line.starts_with("user ") {
            return Some(Idiom::RedisAcl);
        }
        if line.starts_with("requirepass ") || line.starts_with("masterauth ") {
            return Some(Idiom::RedisConf);
        }
    }
    if line.starts_with("setenv ") {
        return Some(Idiom::Apache);
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
    if ext == "ipynb" {
        return Some(Idiom::Notebook);
    }
    // a compose file by its name, whatever client its values are for, or
    // by its top-level `services:` of images (a swarm `docker-stack.yml`)
    let file = &cx.evidence.file;
    let compose_shape = file.starts_with("services:")
        || file.contains("\nservices:")
            && (file.contains("\n    image:") || file.contains("\n    build:"));
    if (name.starts_with("docker-compose")
        || name.starts_with("compose")
        || (compose_shape && !file.contains("apiversion:")))
        && matches!(ext, "yml" | "yaml")
    {
        return Some(Idiom::Compose);
    }
    // an `env:` entry of a Kubernetes manifest, whatever stack the file
    // was taken for
    if matches!(ext, "yml" | "yaml")
        && cx.evidence.file.contains("apiversion:")
        && cx.evidence.file.contains("kind:")
    {
        return Some(Idiom::KubernetesEnv);
    }
    if ext == "tfvars" {
        return Some(Idiom::TfVars);
    }
    // a file that holds nothing but the password (a compose `secrets:`
    // file, `db/password.txt`)
    let whole_line = f
        .source
        .as_ref()
        .is_some_and(|s| s.line_text.expose().trim() == f.secret.expose().trim());
    if whole_line
        && matches!(ext, "txt" | "" | "secret" | "pass" | "password" | "key")
        && !name.starts_with('.')
    {
        return Some(Idiom::SecretFile);
    }
    // documentation: a code block in its own language, a command line, or
    // prose (a placeholder)
    if matches!(ext, "md" | "mdx" | "markdown" | "rst" | "txt" | "adoc") {
        let powershell = line.contains("invoke-sqlcmd") || line.contains("$env:");
        return Some(match md_fence(&cx.evidence.file, f.line).as_deref() {
            Some("yaml" | "yml") if cx.evidence.file.contains("services:") => Idiom::Compose,
            Some("json") => Idiom::Config(Fmt::Json),
            Some("yaml" | "yml") => Idiom::Config(Fmt::Yaml),
            Some("toml") => Idiom::Config(Fmt::Toml),
            Some("ini") => Idiom::Config(Fmt::Ini),
            Some("powershell" | "pwsh" | "ps1") => Idiom::Shell { powershell: true },
            Some("python" | "py") => Idiom::Code("py"),
            Some("js" | "javascript" | "ts" | "typescript") => Idiom::Code("js"),
            Some("go") => Idiom::Code("go"),
            Some("java" | "kotlin") => Idiom::Code("java"),
            Some("csharp" | "cs" | "c#") => Idiom::Code("cs"),
            Some("php") => Idiom::Code("php"),
            Some("ruby" | "rb") => Idiom::Code("rb"),
            Some(
                "" | "sh" | "bash" | "shell" | "console" | "zsh" | "shell-session" | "cmd" | "bat"
                | "text" | "txt",
            ) => Idiom::Shell { powershell },
            Some(_) => Idiom::Prose,
            None if matches!(ext, "md" | "mdx" | "markdown") => Idiom::Prose,
            None => Idiom::Shell { powershell },
        });
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
        _ if (name.starts_with("appsettings") && ext == "json")
            || name == "web.config"
            || name == "app.config"
            || name.ends_with(".exe.config")
            || (ext == "config" && cx.evidence.file.contains("<connectionstrings")) =>
        {
            Idiom::DotnetConfig
        }
        _ if name.starts_with("application") && matches!(ext, "properties" | "yml" | "yaml") => {
            Idiom::Spring
        }
        _ => Idiom::Code(match ext {
            "py" => "py",
            "js" | "mjs" | "cjs" | "ts" | "mts" | "cts" => "js",
            "go" => "go",
            "java" | "kt" | "scala" | "groovy" => "java",
            "cs" => "cs",
            "php" => "php",
            "rb" => "rb",
            "sh" | "bash" => return Some(Idiom::Shell { powershell: false }),
            "ps1" | "psm1" => return Some(Idiom::Shell { powershell: true }),
            "sql" => return Some(Idiom::SqlScript),
            "json" => return Some(Idiom::Config(Fmt::Json)),
            "yml" | "yaml" => return Some(Idiom::Config(Fmt::Yaml)),
            "toml" => return Some(Idiom::Config(Fmt::Toml)),
            "ini" | "cfg" | "conf" | "cnf" | "properties" | "udl" => {
                return Some(Idiom::Config(Fmt::Ini))
            }
            "xml" | "config" => return Some(Idiom::Config(Fmt::Xml)),
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
    let mut var = var_name(f, before);
    // in a compose file or a CI workflow, one `.env` or secret store holds
    // the variables of every line: a connection string's password is named
    // after its own key (`DATABASE_URL` -> `DATABASE_PASSWORD`)
    if matches!(
        idiom,
        Idiom::Compose | Idiom::GithubActions | Idiom::AzurePipelines
    ) && var == "DB_PASSWORD"
        && matches!(
            f.kind,
            Kind::Uri | Kind::Ado | Kind::Odbc | Kind::Oledb | Kind::Jdbc | Kind::Libpq
        )
    {
        if let Some(v) = line_key(before).and_then(password_var_for) {
            var = v;
        }
    }
    let indent: String = before.chars().take_while(|c| c.is_whitespace()).collect();
    // the line with the value (and its quotes, where `keep_quotes` is
    // false) replaced by `reference`
    let env_value = (f.kind == Kind::Env
        && matches!(
            idiom,
            Idiom::Compose | Idiom::GithubActions | Idiom::AzurePipelines
        ))
    .then(|| whole_env_value(before, secret, after))
    .flatten();
    let with = |reference: &str, keep_quotes: bool| -> String {
        // an environment entry's value is replaced whole (the scanner's
        // secret may stop short of it: `yourStrong(!)Password`)
        if let Some((head, tail)) = &env_value {
            return format!("{head}{reference}{tail}");
        }
        match quoted(before, secret, after) {
            Some((b, a, _)) if !keep_quotes => format!("{b}{reference}{a}"),
            _ => format!("{before}{reference}{after}"),
        }
    };
    // the reference is spliced into a larger string (a URL, a connection
    // string), whose grammar may need the value quoted or encoded
    let mut spliced = false;
    // the `.env` value emptied, where code already reads its key
    let mut env_edit: Option<(std::ops::Range<usize>, String)> = None;
    let (replacement, where_it_goes) = match idiom {
        Idiom::GithubActions => (
            Some(with(&format!("${{{{ secrets.{var} }}}}"), true)),
            format!("a GitHub Actions secret named `{var}` (repository or environment: Settings, Secrets and variables, Actions); for a service container, the same secret in its `env:`"),
        ),
        Idiom::AzurePipelines => (
            Some(with(&format!("$({var})"), true)),
            format!("a secret pipeline variable `{var}` (or a variable group linked to Key Vault); scripts get secret variables only when mapped in `env:`"),
        ),
        Idiom::Compose if placeholder_default(before, after).is_some() => {
            let (head, name, tail) = placeholder_default(before, after).unwrap_or_default();
            (
                Some(format!("{head}${{{name}:?set {name} in .env}}{tail}")),
                format!("an untracked `.env` beside the compose file (`{name}=...`, listed in `.gitignore`), with no default in the repository"),
            )
        }
        Idiom::Compose => (
            {
                spliced = quoted(before, secret, after).is_none() && !after.trim().is_empty();
                Some(with(&format!("${{{var}:?set {var} in .env}}"), true))
            },
            format!("an untracked `.env` beside the compose file (`{var}=...`, listed in `.gitignore`), or the image's `*_FILE` variable with a compose `secrets:` file kept out of git"),
        ),
        Idiom::KubernetesEnv if k8s_value_key(before, after).is_some() => {
            let head = k8s_value_key(before, after).unwrap_or_default();
            let (env_name, key) = match k8s_env_name(f, &cx.evidence.text) {
                Some(n) => (n.clone(), n.to_ascii_lowercase().replace('_', "-")),
                None => (var.clone(), var.to_ascii_lowercase().replace('_', "-")),
            };
            let meta = k8s_metadata_at(&cx.evidence.text, f.line);
            let secret_name = meta
                .name
                .as_ref()
                .map_or_else(|| "<secret-name>".to_string(), |n| format!("{n}-db"));
            let pad = " ".repeat(head.chars().count());
            (
                Some(format!(
                    "{head}valueFrom:\n{pad}  secretKeyRef:\n{pad}    name: {secret_name}\n{pad}    key: {key}"
                )),
                format!(
                    "a Kubernetes Secret created outside the repository and deployed with the manifest: `read -rs {env_name} && kubectl create secret generic {secret_name}{} --from-literal={key}=\"${env_name}\"` (the value typed at the prompt, never in a file or the shell history), or External Secrets / Sealed Secrets",
                    meta.namespace.as_ref().map(|n| format!(" -n {n}")).unwrap_or_default()
                ),
            )
        }
        Idiom::KubernetesEnv => (None, String::new()),
        Idiom::KubernetesSecret => {
            let key = key_before(before).unwrap_or("password").to_string();
            let meta = k8s_metadata_at(&cx.evidence.text, f.line);
            let name = meta.name.unwrap_or_else(|| "<secret-name>".to_string());
            let ns = meta.namespace.map(|n| format!(" -n {n}")).unwrap_or_default();
            (
                Some(format!(
                    "read -rs {var} && kubectl create secret generic {name}{ns} --from-literal={key}=\"${var}\""
                )),
                "a Secret created outside the repository (the command above, with the value typed at the prompt; or External Secrets Operator, Sealed Secrets): delete this manifest's value from git".to_string(),
            )
        }
        // `${NAME:default}`: the default goes, the placeholder stays
        Idiom::Spring if placeholder_default(before, after).is_some() => (
            placeholder_default(before, after)
                .map(|(head, name, tail)| format!("{head}${{{name}}}{tail}")),
            format!("the environment (`{}`), with no default in the repository, or Spring Cloud Azure Key Vault as a property source", placeholder_default(before, after).map_or(String::new(), |(_, n, _)| n.to_string())),
        ),
        Idiom::Spring => (
            Some(with(&format!("${{{var}}}"), false)),
            format!("the environment (`{var}`, which Spring maps to the property), or Spring Cloud Azure Key Vault as a property source"),
        ),
        Idiom::DotnetConfig => (
            pair_removed(f).map(|(_, t)| t),
            "`dotnet user-secrets set \"ConnectionStrings:<name>\" \"<the full string>\"` in development; in production an environment variable (`ConnectionStrings__<name>`) or a Key Vault reference".to_string(),
        ),
        Idiom::Code(lang) => {
            spliced = quoted(before, secret, after).is_none();
            (
                without_env_default(before, secret, after)
                    .or_else(|| code_line(lang, &var, before, secret, after)),
                format!("the environment (`{var}`), set from a secret store in production"),
            )
        }
        Idiom::Notebook => {
            spliced = true;
            (
                notebook_line(&var, before, secret, after),
                format!("the environment of the notebook's kernel (`{var}`, e.g. from an untracked `.env` read with python-dotenv; add `import os` to the cell), never the notebook itself: its outputs and history are committed with it"),
            )
        }
        Idiom::Terraform if key_before(before) == Some("default") => (
            // a variable's default: the variable keeps no value at all
            Some(format!("{indent}sensitive = true")),
            "no default: the variable is set at apply time from `TF_VAR_<variable name>` or a Key Vault secret (`random_password` plus `azurerm_key_vault_secret`), never a literal in `.tf` or `.tfvars`".to_string(),
        ),
        Idiom::Terraform => {
            let v = var.to_ascii_lowercase();
            let reference = if matches!(f.kind, Kind::Uri | Kind::Jdbc) {
                format!("${{urlencode(var.{v})}}")
            } else {
                format!("${{var.{v}}}")
            };
            spliced = quoted(before, secret, after).is_none();
            (
                quoted(before, secret, after)
                    .map(|(b, a, _)| format!("{b}var.{v}{a}"))
                    .or_else(|| {
                        (enclosing_quote(before, after) == Some('"'))
                            .then(|| format!("{before}{reference}{after}"))
                    }),
                format!("a `sensitive` variable (`variable \"{v}\" {{ type = string, sensitive = true }}`) set from `TF_VAR_{v}` or a Key Vault secret (`random_password` plus `azurerm_key_vault_secret`), never a literal in `.tf` or `.tfvars`"),
            )
        }
        Idiom::Shell { powershell } => {
            // inside a quoted string: close it around the reference, or
            // expand inside double quotes
            let singles = before.matches('\'').count() % 2 == 1;
            let doubles = before.matches('"').count() % 2 == 1;
            let whole = quoted(before, secret, after).is_some();
            // `export VAR=secret` (a shell assignment, not a YAML `VAR: x`)
            let assigns_itself = key_before(before).is_some_and(|k| k == var)
                && before.trim_end().trim_end_matches(['"', '\'']).ends_with('=')
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
            spliced = !whole && !assigns_itself;
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
            Some(Engine::MySql | Engine::MariaDb) | None
                if before.to_ascii_lowercase().trim_end().trim_end_matches(['\'', '"']).trim_end().ends_with("identified by") =>
            {
                (
                    quoted(before, secret, after).map(|(b, a, _)| format!("{b}RANDOM PASSWORD{a}")),
                    "the secret store the application reads, straight from the result of this statement: with `IDENTIFIED BY RANDOM PASSWORD` (MySQL 8.0.18 and later) the server generates the password and returns it once, so no script holds it; on MariaDB, which lacks it, run the statement from a script that reads the password from the environment".to_string(),
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
        Idiom::Config(fmt) => config_value(f, fmt, &var, before, secret, after),
        Idiom::RedisConf => {
            let key = before.split_whitespace().next().unwrap_or("requirepass").to_ascii_lowercase();
            (
                Some(format!("{indent}include /etc/redis/{key}.conf")),
                format!("a file outside the repository, readable only by the Redis user (mode 0600), holding the one line `{key} <new password>` and named by the `include` above; or no line here and the server started with `--{key} \"$REDIS_PASSWORD\"` from the environment (visible in the process list)"),
            )
        }
        Idiom::RedisAcl if before.ends_with('>') => (
            Some(format!("{}#<sha256-of-the-new-password>{after}", &before[..before.len() - 1])),
            "the ACL rule holds the password's SHA-256 instead (`#` and 64 lower-case hex digits, `printf %s \"$NEW_PASSWORD\" | sha256sum`), with the new password itself in the clients' secret store; a hash of a weak password can still be guessed offline, so keep the file out of public repositories".to_string(),
        ),
        Idiom::RedisAcl => (None, String::new()),
        Idiom::PgPass => (
            Some(format!("git rm --cached -- '{}'", f.path.replace('\'', "'\\''"))),
            "this file leaves the repository: `~/.pgpass` (on Windows `%APPDATA%\\postgresql\\pgpass.conf`) with mode 0600, or a file outside the repository that `PGPASSFILE` names, holds the line with the new password; add the file name to `.gitignore`".to_string(),
        ),
        Idiom::OdbcDsn => {
            let key = key_before(before).unwrap_or("PWD");
            let file = f.path.replace('\\', "/");
            let file = file.rsplit('/').next().unwrap_or(&file);
            (
                Some(format!("{indent}; no {key} here: the program connects with \"FILEDSN={file};{key}=\" and the password from {var}")),
                format!("the environment of the program that connects (`{var}`), added to the connection string at run time (a value with `;` or `}}` goes in braces, `{key}={{...}}`, with `}}` doubled)"),
            )
        }
        Idiom::Apache => {
            let key = before.split_whitespace().nth(1).unwrap_or(&var).to_string();
            (
                Some(format!("{indent}PassEnv {key}")),
                format!("the environment of the Apache process, set outside the repository (`/etc/apache2/envvars`, or `Environment={key}=...` in the service's systemd drop-in); `PassEnv` hands it to the application as `{key}`"),
            )
        }
        Idiom::TfVars => {
            let key = key_before(before).unwrap_or("db_password").to_string();
            (
                Some(format!("{indent}# {key}: no value here; set TF_VAR_{key} at apply time")),
                format!("`TF_VAR_{key}` in the environment of `terraform apply` (from the CI's secret store), or a Key Vault secret read with a `data \"azurerm_key_vault_secret\"` block; declare the variable `sensitive = true`"),
            )
        }
        Idiom::SecretFile => (
            Some(format!("git rm --cached -- '{}'", f.path.replace('\'', "'\\''"))),
            "this file leaves the repository: it is written on the machine that needs it, from the secret store, at deploy time (`printf %s \"$DB_PASSWORD\" > <file>`, mode 0600), and listed in `.gitignore`; a compose `secrets:` entry keeps pointing at it".to_string(),
        ),
        Idiom::Prose => (
            Some(with("<password>", true)),
            "nowhere in the documentation: it shows a placeholder, and the real value lives in the environment or a secret store".to_string(),
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
            let reader = cx
                .evidence
                .env_reads
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, file)| file.clone());
            let lower = f.path.to_ascii_lowercase();
            let example = ["example", "sample", "template", "dist", "defaults"]
                .iter()
                .any(|w| lower.rsplit('/').next().unwrap_or(&lower).contains(w));
            // the value alone is emptied (from after `=` to the end of the
            // line), when code reads the key from the environment and the
            // line holds nothing else (no comment)
            env_edit = reader.as_ref().and_then(|_| {
                let s = f.source.as_ref()?;
                let line = s.line_text.expose();
                let eq = line.find('=')?;
                let value = line[eq + 1..].trim_end();
                let quoted = value.len() >= 2
                    && (value.starts_with('"') && value.ends_with('"')
                        || value.starts_with('\'') && value.ends_with('\''));
                let inner = if quoted { &value[1..value.len() - 1] } else { value };
                if inner.contains(" #") || inner.contains(['"', '\'']) || value.is_empty() {
                    return None;
                }
                let start = s.line.start + eq + 1 + usize::from(quoted);
                Some((start..start + inner.len(), String::new()))
            });
            let whom = reader
                .map(|r| format!(" (`{r}` reads it from there)"))
                .unwrap_or_default();
            (
                Some(format!("{indent}{export}{key}=")),
                if example {
                    format!("`{key}` in the environment of the process{whom}, or an untracked `.env` listed in `.gitignore`; this committed example keeps the key with an empty value")
                } else {
                    format!("`{key}` in the environment of the process{whom}, or an untracked `.env`: take this file out of git (`git rm --cached -- '{}'` and list it in `.gitignore`; commit a `.env.example` with empty values instead) and put the new value only in your local copy", f.path.replace('\'', "'\\''"))
                },
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
    // documentation shows, it is not deployed: no edit there
    let lower = f.path.to_ascii_lowercase();
    let docs = [".md", ".mdx", ".markdown", ".rst", ".txt", ".adoc"]
        .iter()
        .any(|e| lower.ends_with(e));
    // test data (a compose file a test starts, a test's property strings)
    // must keep working without the secret store: no edit there either
    let test_data = lower.split('/').any(|d| {
        matches!(
            d,
            "test"
                | "tests"
                | "testdata"
                | "__tests__"
                | "spec"
                | "e2e"
                | "dockertest"
                | "inttest"
                | "integrationtest"
                | "integration-tests"
                | "integration_tests"
        )
    });
    // Spring's own files only, not property strings inside code
    let spring_file = [".properties", ".yml", ".yaml"]
        .iter()
        .any(|e| lower.ends_with(e));
    let edit = match idiom {
        _ if docs || test_data => None,
        Idiom::Spring if !spring_file => None,
        Idiom::Compose | Idiom::KubernetesEnv | Idiom::Spring => {
            src.map(|s| (s.line.clone(), replacement.clone()))
        }
        Idiom::DotnetConfig => src.filter(|s| s.claim != s.secret).and(pair_removed(f)),
        Idiom::EnvFile => env_edit,
        _ => None,
    };
    let mut notes = vec![format!("Where the secret goes instead: {where_it_goes}.")];
    if test_data && !docs {
        notes.push("This is test data: `connleak fix` leaves it alone, since the test must keep running without the secret store; if the password is not real, mark the line `connleak:allow`.".to_string());
    }
    // a reference put in place of the value inside a URL or connection
    // string on the line
    let inside_claim = src.is_some_and(|s| s.claim != s.secret);
    if inside_claim
        && matches!(
            idiom,
            Idiom::Spring
                | Idiom::GithubActions
                | Idiom::AzurePipelines
                | Idiom::RailsDatabaseYml
                | Idiom::Compose
        )
    {
        spliced = true;
    }
    if spliced {
        if let Some(n) = quoting_note(f, idiom) {
            notes.push(n);
        }
    }
    Plan {
        names_only: matches!(idiom, Idiom::KubernetesEnv | Idiom::KubernetesSecret),
        replacement: Some(replacement),
        edit,
        notes,
        summary: String::new(),
        ..Plan::default()
    }
}

/// `value:` of a Kubernetes `env:` entry holding the whole (quoted or
/// plain) secret: the text before `value:`.
fn k8s_value_key<'a>(before: &'a str, after: &str) -> Option<&'a str> {
    let b = before.trim_end();
    let (b, quoted) = match b.strip_suffix(['"', '\'']) {
        Some(x) => (x.trim_end(), true),
        None => (b, false),
    };
    let head = b.strip_suffix("value:")?;
    if !head.trim().is_empty() && head.trim() != "-" {
        return None;
    }
    let rest = if quoted { after.get(1..)? } else { after };
    let rest = rest.trim();
    (rest.is_empty() || rest.starts_with('#')).then_some(head)
}

/// The `name:` of the `env:` entry whose `value:` is on the finding's line
/// (the line above it).
fn k8s_env_name(f: &Finding, text: &str) -> Option<String> {
    let prev = text.split('\n').nth(f.line.checked_sub(2)?)?;
    let n = prev.trim().trim_start_matches('-').trim_start();
    let n = n.strip_prefix("name:")?.trim().trim_matches(['"', '\'']);
    (!n.is_empty()
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
    .then(|| n.to_string())
}

#[derive(Default)]
struct Meta {
    name: Option<String>,
    namespace: Option<String>,
}

/// `metadata.name` and `metadata.namespace` of the YAML document that holds
/// line `at` (1-based), when they are plain DNS names (a templated name
/// such as `{{ .Release.Name }}` is not used).
fn k8s_metadata_at(text: &str, at: usize) -> Meta {
    let lines: Vec<&str> = text.split('\n').collect();
    let at = at.saturating_sub(1).min(lines.len());
    let start = lines[..at]
        .iter()
        .rposition(|l| l.starts_with("---"))
        .map_or(0, |i| i + 1);
    let mut meta = Meta::default();
    let mut inside = false;
    let mut child: Option<usize> = None;
    for l in lines.iter().skip(start) {
        if l.starts_with("---") {
            break;
        }
        let body = l.trim_end();
        if body.trim().is_empty() || body.trim_start().starts_with('#') {
            continue;
        }
        let indent = body.len() - body.trim_start().len();
        if indent == 0 {
            if inside {
                break;
            }
            inside = body == "metadata:";
            continue;
        }
        if !inside || *child.get_or_insert(indent) != indent {
            continue;
        }
        let dns = |v: &str| -> Option<String> {
            let v = v.trim().trim_matches(['"', '\'']);
            (!v.is_empty()
                && v.len() <= 240
                && v.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.')
                }))
            .then(|| v.to_string())
        };
        let t = body.trim_start();
        if let Some(v) = t.strip_prefix("name:") {
            meta.name = dns(v);
        } else if let Some(v) = t.strip_prefix("namespace:") {
            meta.namespace = dns(v);
        }
    }
    meta
}

/// A line of code with the secret read from the environment: a whole
/// literal becomes the expression; inside a larger literal (a URL), the
/// literal is split around it.
fn code_line(lang: &str, var: &str, before: &str, secret: &str, after: &str) -> Option<String> {
    let expr = match lang {
        "py" => format!("os.environ[\"{var}\"]"),
        "js" => format!("process.env.{var}"),
        "go" => format!("os.Getenv(\"{var}\")"),
        "java" => format!("System.getenv(\"{var}\")"),
        "cs" => format!("Environment.GetEnvironmentVariable(\"{var}\")"),
        "php" => format!("getenv('{var}')"),
        _ => format!("ENV.fetch(\"{var}\")"),
    };
    let join = if lang == "php" { " . " } else { " + " };
    quoted(before, secret, after)
        .map(|(b, a, _)| {
            // a string prefix goes with the literal (`b"..."` in Python
            // stays bytes, `r"..."`, `@"..."`, `$"..."` go)
            let prefix = b
                .char_indices()
                .rev()
                .take_while(|(_, c)| {
                    matches!(c, 'b' | 'B' | 'r' | 'R' | 'u' | 'U' | 'f' | 'F' | '@' | '$')
                })
                .last()
                .map(|(i, _)| i)
                .filter(|&i| {
                    !b[..i]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                });
            match prefix {
                Some(i) if lang == "py" && b[i..].to_ascii_lowercase().contains('b') => {
                    format!("{}{expr}.encode(){a}", &b[..i])
                }
                Some(i) => format!("{}{expr}{a}", &b[..i]),
                None => format!("{b}{expr}{a}"),
            }
        })
        .or_else(|| {
            let q = enclosing_quote(before, after)?;
            Some(format!("{before}{q}{join}{expr}{join}{q}{after}"))
        })
}

/// A notebook's code line is a JSON string (`"x = \"..\"\n",`): the Python
/// inside it gets the environment read, and is escaped back.
fn notebook_line(var: &str, before: &str, secret: &str, after: &str) -> Option<String> {
    let q = before.find('"')?;
    if !before[..q].trim().is_empty() {
        return None;
    }
    let end = after.rfind('"')?;
    let tail = &after[end + 1..];
    if !tail.trim().trim_end_matches(',').trim().is_empty() {
        return None;
    }
    let unescape = |s: &str| serde_json::from_str::<String>(&format!("\"{s}\"")).ok();
    let (b, sec, a) = (
        unescape(&before[q + 1..])?,
        unescape(secret)?,
        unescape(&after[..end])?,
    );
    // a shell command (`!cmd`): IPython expands `{expression}` in it; a
    // code line; or else a markdown cell: a placeholder
    let code = if b.trim_start().starts_with('!') {
        format!("{b}{{os.environ['{var}']}}{a}")
    } else {
        code_line("py", var, &b, &sec, &a).unwrap_or_else(|| format!("{b}<password>{a}"))
    };
    let json = serde_json::to_string(&code).ok()?;
    Some(format!("{}{json}{tail}", &before[..q]))
}

/// An environment read whose default is the secret
/// (`env('DB_PASSWORD', 'secret')`, `os.getenv("X", "secret")`,
/// `os.environ.get("X", "secret")`, `ENV.fetch("X", "secret")`,
/// `process.env.X || 'secret'`): the read without its default.
fn without_env_default(before: &str, secret: &str, after: &str) -> Option<String> {
    let (b, a, _) = quoted(before, secret, after)?;
    let b = b.trim_end();
    // `process.env.X || 'secret'`, `process.env.X ?? 'secret'`
    for op in ["||", "??"] {
        if let Some(head) = b.strip_suffix(op) {
            let head = head.trim_end();
            if head
                .rsplit(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.')))
                .next()
                .is_some_and(|r| r.starts_with("process.env."))
            {
                return Some(format!("{head}{a}"));
            }
        }
    }
    // a second argument of a read call
    let head = b.strip_suffix(',')?.trim_end();
    let a = a.trim_start().strip_prefix(')')?;
    let open = head.rfind('(')?;
    let call = head[..open].trim_end().to_ascii_lowercase();
    let reads = [
        "env",
        "getenv",
        "environ.get",
        "env.fetch",
        "env.get",
        "os.getenv",
    ]
    .iter()
    .any(|r| call.ends_with(r));
    let arg = head[open + 1..].trim();
    let named = arg.len() >= 3
        && (arg.starts_with('"') && arg.ends_with('"')
            || arg.starts_with('\'') && arg.ends_with('\''));
    (reads && named).then(|| format!("{head}){a}"))
}

/// A URL without the password of its user information
/// (`scheme://user:secret@host` -> `scheme://user@host`).
fn url_without_password(before: &str, after: &str) -> Option<String> {
    let head = before.strip_suffix(':')?;
    let at = head.rfind("://")?;
    let user = &head[at + 3..];
    if user.is_empty() || user.contains(['/', '@', ' ', '"', '\'']) || !after.starts_with('@') {
        return None;
    }
    Some(format!("{head}{after}"))
}

/// A URL or JDBC string without its `password=` parameter.
fn without_query_password(before: &str, after: &str) -> Option<String> {
    let lower = before.to_ascii_lowercase();
    let key = ["password=", "pwd="]
        .into_iter()
        .find(|k| lower.ends_with(k))?;
    let head = &before[..before.len() - key.len()];
    let (head, sep) = ["&amp;", "&", "?", ";"]
        .into_iter()
        .find_map(|s| Some((head.strip_suffix(s)?, s)))?;
    // the value ends the parameter
    if !(after.is_empty() || after.starts_with(['&', ';', '"', '\'', '<', ' '])) {
        return None;
    }
    Some(if sep == "?" {
        // the next parameter, if any, takes the `?`
        match after
            .strip_prefix("&amp;")
            .or_else(|| after.strip_prefix('&'))
        {
            Some(rest) => format!("{head}?{rest}"),
            None => format!("{head}{after}"),
        }
    } else {
        format!("{head}{after}")
    })
}

/// A configuration file of no framework that expands references: the
/// password leaves the file and the program reads it from the
/// environment.
fn config_value(
    f: &Finding,
    fmt: Fmt,
    var: &str,
    before: &str,
    secret: &str,
    after: &str,
) -> (Option<String>, String) {
    if let Some((_, c)) = pair_removed(f) {
        return (
            Some(c),
            format!("the environment (`{var}`): the program adds the password to this connection string when it connects (`SqlConnectionStringBuilder.Password`, `OdbcConnectionStringBuilder`, or the key appended, quoted as its grammar needs)"),
        );
    }
    // a URL: the URL alone (a minified file's line holds much more)
    let url = claim_parts(f)
        .and_then(|(b, a)| url_without_password(b, a).or_else(|| without_query_password(b, a)))
        .or_else(|| url_without_password(before, after))
        .or_else(|| without_query_password(before, after));
    if let Some(l) = url {
        return (
            Some(l),
            format!("the environment (`{var}`): the program gives the password to the driver beside the URL (a password option or property; libpq also reads `PGPASSWORD` and `.pgpass`); percent-encode it if it goes back into a URL"),
        );
    }
    if key_before(before).is_none() {
        return (None, String::new());
    }
    let tail = match quoted(before, secret, after) {
        Some(_) => after.get(1..).unwrap_or(""),
        None => after,
    };
    let value = match quoted(before, secret, after) {
        Some(_) => format!("{before}{after}"),
        None if matches!(fmt, Fmt::Json | Fmt::Yaml | Fmt::Toml) => format!("{before}\"\"{after}"),
        None => format!("{}{after}", before.trim_end()),
    };
    let line = if matches!(fmt, Fmt::Yaml | Fmt::Toml) && tail.trim().is_empty() {
        format!("{}  # from the environment: {var}", value.trim_end())
    } else {
        value
    };
    let kind = match fmt {
        Fmt::Json => "a JSON",
        Fmt::Yaml => "a YAML",
        Fmt::Toml => "a TOML",
        Fmt::Ini => "an INI or properties",
        Fmt::Xml => "an XML",
    };
    (
        Some(line),
        format!("the environment (`{var}`), which the program reads in place of this key when it starts: {kind} configuration file does not expand variables by itself (Go: `os.Getenv` or Viper `BindEnv`; Node: `process.env`; PHP: `getenv`; Python: `os.environ`), or a secret store"),
    )
}

/// What the grammar around a reference spliced into a larger string needs
/// from the value.
fn quoting_note(f: &Finding, idiom: Idiom) -> Option<String> {
    let line = f
        .source
        .as_ref()
        .map(|s| s.line_text.expose().to_ascii_lowercase())
        .unwrap_or_default();
    Some(match f.kind {
        Kind::Ado | Kind::Oledb => "The password sits inside an ADO.NET connection string: a value holding `;`, `=`, `'` or `\"` must be quoted there (`Password=\"...\"`, with every `\"` inside doubled), or, simpler, set through the builder (`SqlConnectionStringBuilder.Password`, `NpgsqlConnectionStringBuilder.Password`) instead of spliced into the text.".to_string(),
        Kind::Odbc => "The password sits inside an ODBC connection string: a value holding `;`, `{` or `}` must be braced there (`PWD={...}`, with every `}` inside doubled).".to_string(),
        Kind::Jdbc if line.contains("jdbc:sqlserver") => "The password sits inside an mssql-jdbc URL: a value holding `;` or `}` must be braced there (`password={...}`, with every `}` inside doubled), or passed as the `password` property instead.".to_string(),
        Kind::Libpq => "The password sits inside a libpq `key=value` string: a value holding spaces, `'` or `\\` must be single-quoted there, with `'` and `\\` backslash-escaped (`password='...'`).".to_string(),
        Kind::Uri | Kind::Jdbc => {
            let how = match idiom {
                Idiom::Terraform => "`urlencode()` above does it",
                Idiom::Compose => "compose substitutes the value as it is, so store it percent-encoded in `.env`",
                Idiom::Shell { .. } | Idiom::Spring | Idiom::GithubActions | Idiom::AzurePipelines => "store it percent-encoded",
                _ => "`urllib.parse.quote(.., safe='')`, `encodeURIComponent`, `url.QueryEscape`, `URLEncoder.encode`, `Uri.EscapeDataString`",
            };
            format!("Inside a URL the password must be percent-encoded if it holds reserved characters (`@`, `:`, `/`, `?`, `#`, `%`): {how}.")
        }
        _ => return None,
    })
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

/// The connection string without its password pair, and the range it
/// replaces: the claimed string, or the claim with the closing quote that
/// follows it on its line (`Pwd=&quot;a;b&quot;` at the end of an XML
/// attribute).
fn pair_removed(f: &Finding) -> Option<(std::ops::Range<usize>, String)> {
    let s = f.source.as_ref()?;
    let a = s.secret.start.checked_sub(s.claim.start)?;
    let b = s.secret.end.checked_sub(s.claim.start)?;
    super::rewrite_claim(f, |raw| {
        without_password_pair(f, raw.get(..a)?, raw.get(b..)?)
    })
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
    // a quoted or braced value (`Password="a;b"`, `&quot;..&quot;` in XML,
    // `PWD={a;b}`) goes with its quotes
    let (before, after) = [
        ("&quot;", "&quot;"),
        ("&apos;", "&apos;"),
        ("\\\"", "\\\""),
        ("\"", "\""),
        ("'", "'"),
        ("{", "}"),
    ]
    .into_iter()
    .find_map(|(open, close)| Some((before.strip_suffix(open)?, after.strip_prefix(close)?)))
    .unwrap_or((before, after));
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
    // the pair ended the string: so does the pair before it (what follows
    // the string, a `;` or a quote, stays as it was)
    let head = &before[..keep];
    let head = if rest.is_empty() {
        head.strip_suffix(';').unwrap_or(head)
    } else {
        head
    };
    Some(format!("{head}{rest}"))
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

    #[test]
    fn urls_and_names() {
        assert_eq!(
            url_without_password("mongodb://app:", "@10.0.0.1:27017/db").as_deref(),
            Some("mongodb://app@10.0.0.1:27017/db")
        );
        assert_eq!(url_without_password("x = a:", "@b"), None);
        assert_eq!(
            without_query_password("jdbc:mariadb://h/db?user=u&amp;password=", "</property>")
                .as_deref(),
            Some("jdbc:mariadb://h/db?user=u</property>")
        );
        assert_eq!(
            without_query_password("jdbc:postgresql://h/db?password=", "&ssl=true").as_deref(),
            Some("jdbc:postgresql://h/db?ssl=true")
        );
        assert_eq!(
            without_query_password("jdbc:sqlserver://h;user=u;password=", ";encrypt=true")
                .as_deref(),
            Some("jdbc:sqlserver://h;user=u;encrypt=true")
        );
        assert_eq!(without_query_password("x?password=", "abc"), None);
        assert_eq!(
            password_var_for("DATABASE_URL").as_deref(),
            Some("DATABASE_PASSWORD")
        );
        assert_eq!(
            password_var_for("ConnectionStrings__OrdersDb").as_deref(),
            Some("ORDERSDB_PASSWORD")
        );
        assert_eq!(password_var_for("--"), None);
        assert_eq!(
            line_key("      - DATABASE_URL=postgres://"),
            Some("DATABASE_URL")
        );
        assert_eq!(line_key("    \"Db\": \"Server="), Some("Db"));
        assert_eq!(line_key("command: [\"x\", \""), Some("command"));
        assert_eq!(line_key("x + y"), None);
    }

    #[test]
    fn environment_reads_lose_their_default() {
        let cases = [
            (
                "'password' => env('DB_PASSWORD', '",
                "s3",
                "'),",
                "'password' => env('DB_PASSWORD'),",
            ),
            (
                "pw = os.getenv(\"DB_PASSWORD\", \"",
                "s3",
                "\")",
                "pw = os.getenv(\"DB_PASSWORD\")",
            ),
            (
                "pw = os.environ.get('PW', '",
                "s3",
                "')",
                "pw = os.environ.get('PW')",
            ),
            (
                "pw: ENV.fetch(\"PW\", \"",
                "s3",
                "\")",
                "pw: ENV.fetch(\"PW\")",
            ),
            (
                "password: process.env.PW || '",
                "s3",
                "',",
                "password: process.env.PW,",
            ),
        ];
        for (b, sec, a, want) in cases {
            assert_eq!(without_env_default(b, sec, a).as_deref(), Some(want), "{b}");
        }
        // not a read: a call with two literals stays as it is
        assert_eq!(without_env_default("connect('app', '", "s3", "')"), None);
    }

    #[test]
    fn kubernetes_names() {
        let m = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    name: not-this\n  name: api\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n        - env:\n            - name: DB_PASSWORD\n              value: x\n";
        let meta = k8s_metadata_at(m, 19);
        assert_eq!(meta.name.as_deref(), Some("api"));
        assert_eq!(meta.namespace.as_deref(), Some("shop"));
        let meta = k8s_metadata_at(m, 2);
        assert_eq!(meta.name.as_deref(), Some("web"));
        let tpl = "metadata:\n  name: {{ .Release.Name }}\n";
        assert_eq!(k8s_metadata_at(tpl, 2).name, None);
        assert_eq!(k8s_value_key("      value: \"", "\""), Some("      "));
        assert_eq!(k8s_value_key("      value: ", ""), Some("      "));
        assert_eq!(k8s_value_key("      value: ", " and more"), None);
        assert_eq!(k8s_value_key("      other: ", ""), None);
    }

    #[test]
    fn notebook_lines_are_escaped_again() {
        let got = notebook_line(
            "DB_PASSWORD",
            "    \"e = create_engine(\\\"postgresql://a:",
            "s3cr3t",
            "@h/db\\\")\\n\",",
        )
        .expect("a line");
        assert_eq!(
            got,
            "    \"e = create_engine(\\\"postgresql://a:\\\" + os.environ[\\\"DB_PASSWORD\\\"] + \\\"@h/db\\\")\\n\","
        );
        let cell: String = serde_json::from_str(got.trim().trim_end_matches(',')).expect("json");
        assert_eq!(
            cell,
            "e = create_engine(\"postgresql://a:\" + os.environ[\"DB_PASSWORD\"] + \"@h/db\")\n"
        );
    }
}
