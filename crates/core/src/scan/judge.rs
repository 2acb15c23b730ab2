//! Is a candidate value a real password, or a placeholder, a reference to a
//! variable or secret store, a format slot, a mask, or empty?
//!
//! Every parser hands its candidate here, so the false-positive policy lives
//! in one place. Each rejection names its reason, which tests assert.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotASecret {
    Empty,
    TooShort,
    /// `${X}`, `$(X)`, `%X%`, `{{ x }}`, `#{x}#`, `@Microsoft.KeyVault(...)`, ...
    Reference,
    /// `{0}`, `%s`, `%(pw)s`, `:password`, `?`
    FormatSlot,
    /// `<password>`, `YOUR_PASSWORD`, `changeme`, ...
    Placeholder,
    /// `********`, `xxxx`
    Mask,
    /// an identifier or call that is code, not a literal
    Expression,
    /// `Enter your password`, natural-language text
    Prose,
    /// a password hash or an encrypted blob (md5..., SCRAM-SHA-256$..., a
    /// SealedSecret or ansible-vault payload, a YAML `!vault` tag)
    Protected,
    /// a common word (`password`, `secret`, `test`): a placeholder in a
    /// manual, a real (weak) password where a service is configured with it.
    /// The caller decides which, from where the value sits.
    Weak,
}

/// Words that are never a real password: they stand for one.
const PLACEHOLDER_WORDS: &[&str] = &[
    "yourpassword",
    "strongpassword",
    "yourstrongpassword",
    "changeme",
    "change",
    "placeholder",
    "redacted",
    "removed",
    "hidden",
    "masked",
    "omitted",
    "none",
    "null",
    "nil",
    "undefined",
    "empty",
    "todo",
    "tbd",
    "fixme",
    "replaceme",
    "notset",
    "unset",
    "required",
    "optional",
    "string",
    "str",
    "value",
    "secretvalue",
    "default",
    "randompassword",
    "johndoe",
    "janedoe",
    "true",
    "false",
    "yes",
    "no",
    "pwdhere",
    "passwordhere",
    "enterpassword",
    "insertpassword",
    "yourpasswordhere",
    "digest",
    "xyz",
    "db_password",
    "dbpassword",
    // the setting's name as its value (`'password' => 'database_password'`)
    "database_password",
    "databasepassword",
    "db_pass",
    "db_pwd",
    // redis.conf's documented example, shipped commented out
    "foobared",
];

/// Common words that people do set as passwords for local databases, test
/// containers and CI services (`POSTGRES_PASSWORD: password`), and that
/// manuals use as stand-ins. Weak: reported only where a service is
/// configured with them (see [`NotASecret::Weak`]).
const WEAK_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "pass",
    "secret",
    "mysecret",
    "mypassword",
    "mypass",
    "dbpass",
    "userpassword",
    "adminpassword",
    "rootpassword",
    "sapassword",
    "newpassword",
    "oldpassword",
    "changeit",
    "example",
    "sample",
    "dummy",
    "fake",
    "foo",
    "bar",
    "foobar",
    "test",
    "testing",
    "abc",
    "abc123",
    "passwort",
    "contrasena",
    "contraseña",
    "motdepasse",
    "wachtwoord",
    "senha",
    "parola",
    "losenord",
    "secretpassword",
    "supersecret",
    "topsecret",
];

/// The words of a value that only describes a password (`your_db_password`,
/// `enter-password-here`, `To_Be_Set_From_The_Vault`): if every word of a
/// value of two or more is one of these, and one of them says so, it is a
/// stand-in.
const STAND_IN_WORDS: &[&str] = &[
    "your",
    "my",
    "the",
    "a",
    "an",
    "enter",
    "insert",
    "put",
    "here",
    "goes",
    "this",
    "type",
    "password",
    "passwd",
    "pass",
    "pwd",
    "secret",
    "key",
    "db",
    "database",
    "sql",
    "admin",
    "root",
    "user",
    "app",
    "new",
    "strong",
    "value",
    "to",
    "be",
    "will",
    "from",
    "vault",
    "keyvault",
    "store",
    "set",
    "fetch",
    "fetched",
    "read",
    "replace",
    "replaced",
    "update",
    "updated",
    "overwrite",
    "overwritten",
    "later",
    "env",
    "environment",
    "config",
    "real",
    "actual",
    "some",
];

/// The words among [`STAND_IN_WORDS`] that make a value describe itself.
const STAND_IN_MARKERS: &[&str] = &[
    "your",
    "my",
    "enter",
    "insert",
    "put",
    "here",
    "goes",
    "be",
    "will",
    "fetch",
    "fetched",
    "read",
    "replaced",
    "replace",
    "updated",
    "overwritten",
    "later",
    "some",
    "actual",
    "real",
];

/// Split a value into lower-case words at `_`, `-`, `.`, spaces and
/// camel-case humps.
fn words(v: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in v.chars() {
        if c == '_' || c == '-' || c == ' ' || c == '.' {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `your_db_password`, `Will_Be_Updated_From_Key_Vault`, `my-pass`.
fn is_stand_in(v: &str) -> bool {
    let ws = words(v);
    ws.len() >= 2
        && ws.iter().all(|w| STAND_IN_WORDS.contains(&w.as_str()))
        && ws.iter().any(|w| STAND_IN_MARKERS.contains(&w.as_str()))
}

/// Substrings that mark a template, variable or secret-store reference.
const REFERENCE_MARKS: &[&str] = &[
    "${",
    "{{",
    "}}",
    "#{",
    "@microsoft.keyvault",
    "os.environ",
    "os.getenv",
    "getenv(",
    "process.env",
    "env[",
    "env(",
    "environment.get",
    "configuration[",
    "secretkeyref",
    "${{",
    "<%=",
    "!ref",
    "!sub",
    "!getatt",
    "fn::",
    "lookup(",
    "enc(",
    "{cipher}",
    "$env:",
    "[parameters(",
    "[variables(",
    "random_password.",
    // command substitution, PowerShell subexpressions
    "$(",
    // generated at run time
    "$random",
    "%random%",
    // docker-compose's escaped `$`: `$$(cat /run/secrets/x)`, `$${VAR}`
    "$$(",
    "$${",
];

/// Prefixes that mark code or a reference when they start the value.
const REFERENCE_PREFIXES: &[&str] = &[
    "var.",
    "local.",
    "data.",
    "module.",
    "each.",
    "config[",
    "settings.",
    "secrets.",
    "vault:",
    "keyvault:",
    "%{",
];

/// The literal default inside a variable reference, as (offset, length)
/// into `v`: `${DB_PASSWORD:-s3cret}` (shell, docker-compose),
/// `${DB_PASSWORD-s3cret}`, Spring's `${db.password:s3cret}`. Not `:?`
/// (an error message) nor `:+` (an alternate value).
pub fn reference_default(v: &str) -> Option<(usize, usize)> {
    // tox: {env:NAME:default}
    if let Some(inner) = v.strip_prefix("{env:").and_then(|r| r.strip_suffix('}')) {
        let (name, default) = inner.split_once(':')?;
        if name.is_empty() || default.is_empty() || default.contains('{') {
            return None;
        }
        return Some((5 + name.len() + 1, default.len()));
    }
    let inner = v.strip_prefix("${")?.strip_suffix('}')?;
    let name_len = inner
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || b"_.".contains(b))
        .count();
    if name_len == 0 {
        return None;
    }
    let rest = &inner[name_len..];
    if rest.starts_with("::") {
        return None; // `${VAULT::block::attribute::1}`: a vault reference
    }
    let skip = if rest.starts_with(":-") || rest.starts_with(":=") {
        2
    } else if rest.starts_with(":?")
        || rest.starts_with(":+")
        || rest.starts_with("?")
        || rest.starts_with("+")
    {
        return None;
    } else if rest.starts_with(':') || rest.starts_with('-') {
        1
    } else {
        return None;
    };
    let default = &rest[skip..];
    if default.is_empty() || default.contains("${") {
        return None;
    }
    Some((2 + name_len + skip, default.len()))
}

/// An identifier that names a password rather than being one: `getPassword`,
/// `myCassandraPasswordKey`, `dbPasswordRef`. Only for bare (unquoted)
/// values: in quotes, `"verySecret"` is a literal.
pub fn is_password_identifier(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    v.chars().all(|c| c.is_ascii_alphabetic())
        && v.chars()
            .zip(v.chars().skip(1))
            .any(|(a, b)| a.is_ascii_lowercase() && b.is_ascii_uppercase())
        && (lower.contains("password") || lower.contains("secret") || lower.contains("passwd"))
}

pub fn judge(value: &str) -> Result<(), NotASecret> {
    let v = value.trim();
    if v.is_empty() {
        return Err(NotASecret::Empty);
    }
    let lower = v.to_ascii_lowercase();
    if is_protected(v) {
        return Err(NotASecret::Protected);
    }
    // references to variables and secret stores
    // `$VAR`, `${..}`, `$(..)`, `$env:X`; not `$ecretPw9!`
    let shell_var = v
        .strip_prefix('$')
        .map(|r| r.trim_end_matches(['`', ')', ';', ',', '.', '"', '\'']))
        .is_some_and(|r| {
            r.starts_with(['{', '('])
                || r.to_ascii_lowercase().starts_with("env:")
                || r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        });
    if shell_var || v.starts_with('%') && v.ends_with('%') && v.len() > 2 {
        return Err(NotASecret::Reference);
    }
    if REFERENCE_MARKS.iter().any(|m| lower.contains(m))
        || REFERENCE_PREFIXES.iter().any(|m| lower.starts_with(m))
    {
        return Err(NotASecret::Reference);
    }
    // `__TOKEN__`, `@@VAR@@`, `##VAR##` replacement tokens; `$$VAR`
    // (docker-compose's escaped `$VAR`); a file path; a shell command
    if (v.starts_with("__") && v.ends_with("__"))
        || (v.starts_with("@@") && v.ends_with("@@"))
        || (v.starts_with("##") && v.ends_with("##") && v.len() > 4)
        || v.strip_prefix("$$").is_some_and(|r| {
            !r.is_empty() && r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
    {
        return Err(NotASecret::Reference);
    }
    if (v.starts_with('/') || v.starts_with("./") || v.starts_with("~/"))
        && v[1..].contains('/')
        && !v.contains(' ')
    {
        return Err(NotASecret::Reference);
    }
    if v.starts_with('`') || v.starts_with("$(") {
        return Err(NotASecret::Reference);
    }
    if (v.starts_with('[') && v.ends_with(']')) || (v.starts_with("#{") && v.ends_with('}')) {
        return Err(NotASecret::Reference);
    }
    // `[DB_PASSWORD` cut before its bracket; `DB_PASSWORD`, `SQLPASSWORD`:
    // the name of the variable that holds it
    let upper_name = |s: &str| {
        s.len() >= 4
            && s.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
            && s.bytes().any(|b| b.is_ascii_uppercase())
    };
    if v.strip_prefix('[').is_some_and(upper_name)
        || (upper_name(v)
            && ["PASS", "PWD", "SECRET", "KEY"]
                .iter()
                .any(|k| v.contains(k)))
    {
        return Err(NotASecret::Reference);
    }
    // format slots
    if is_format_slot(v) {
        return Err(NotASecret::FormatSlot);
    }
    // <password>, {your_password}, [PASSWORD]; `<A Strong Password` and
    // SSMS's `<name, type, default>` cut at a space or a comma
    if (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with('{') && v.ends_with('}'))
        || v.strip_prefix('<')
            .is_some_and(|r| r.starts_with(char::is_alphabetic))
        // `{Some Strong Password` cut at a space
        || v.strip_prefix('{')
            .is_some_and(|r| r.starts_with(char::is_alphabetic) && !r.contains('}'))
    {
        return Err(NotASecret::Placeholder);
    }
    // a package version (`"pgpass": "1.0.5"`, `"^2.x"`) or a class name
    // (`Illuminate\Support\Facades\Password`)
    let version = v.trim_start_matches(['^', '~', '>', '<', '=', 'v']);
    let parts: Vec<&str> = version.split('.').collect();
    // (four numbers are an IPv4 address, which neighbours use as a host)
    if parts.len() >= 2
        && parts.len() <= 3
        && parts[0].bytes().all(|b| b.is_ascii_digit())
        && !parts[0].is_empty()
        && parts[1..].iter().all(|p| {
            !p.is_empty() && (p.bytes().all(|b| b.is_ascii_digit()) || *p == "x" || *p == "*")
        })
    {
        return Err(NotASecret::Expression);
    }
    if v.contains('\\')
        && v.split('\\').all(|seg| {
            !seg.is_empty()
                && seg.as_bytes()[0].is_ascii_alphabetic()
                && seg.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
        && v.split('\\').count() >= 2
    {
        return Err(NotASecret::Expression);
    }
    // masks: ****, xxxx, ....., ------ (and `...")` at the end of a string)
    let masked = v.trim_end_matches(['"', '\'', ')', '\\', ';', ',']);
    if !masked.is_empty()
        && masked
            .chars()
            .all(|c| matches!(c, '*' | 'x' | 'X' | '.' | '#' | '-' | '_' | '•' | '?'))
        || (v.chars().count() >= 3 && v.chars().all(|c| v.starts_with(c)))
    {
        return Err(NotASecret::Mask);
    }
    // the code between two string literals: `" + pwd + "`, `', parameters('x'), '`
    let raw = value.trim_start();
    let joined =
        |s: &str| s.len() > 1 && s.starts_with(['+', ',', '&', '|']) && s[1..].starts_with(' ');
    if joined(raw)
        || (value.starts_with(' ') && raw.starts_with(['+', ',', '&', '|', '.']))
        || v.ends_with('(')
        || v.ends_with(" +")
        // `(args && args.password) || ..`, `(from SQLPASSWORD ...)`
        || v.starts_with('(')
        // `--password=` being concatenated with a value
        || (v.starts_with('-') && v.ends_with('='))
        // `.$connection[`, `$row[`: PHP concatenation and element access
        || v.starts_with(".$")
        || (v.starts_with('$') && v.contains('['))
    {
        return Err(NotASecret::Expression);
    }
    // `auth[1]`, `parts[2]`, `row["pw"]`: an element of something
    if let Some((head, rest)) = v.split_once('[') {
        if !head.is_empty()
            && head
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
            && head.as_bytes()[0].is_ascii_alphabetic()
            && (rest.trim_end_matches([',', ';', ')']).ends_with(']') || !rest.contains(']'))
            && rest.len() <= 24
        {
            return Err(NotASecret::Expression);
        }
    }
    let letters: String = lower
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let squashed: String = letters.chars().filter(|c| *c != '_').collect();
    // `somepassword`, `yourpass`, `thesecret`, `my-passsword`
    let stand_in_word = ["some", "your", "the"].iter().any(|p| {
        squashed
            .strip_prefix(p)
            .is_some_and(|r| matches!(r, "password" | "passwd" | "pass" | "pwd" | "secret"))
    }) || ["my", "your", "some"].iter().any(|p| {
        squashed
            .strip_prefix(p)
            .is_some_and(|r| r.starts_with("pass") && r.len() > 6)
    });
    if PLACEHOLDER_WORDS
        .iter()
        .any(|w| squashed == *w || letters == *w)
        || stand_in_word
        || is_stand_in(v)
    {
        return Err(NotASecret::Placeholder);
    }
    if lower.contains("yourpassword")
        || lower.contains("your_password")
        || lower.contains("your-password")
        || lower.contains("placeholder")
        || lower.contains("replace")
        || lower.contains("changeme")
        || lower.contains("change_me")
        || lower.contains("change-me")
        || lower.contains("redacted")
        || lower.contains("xxxx")
        || lower.contains("****")
        || lower.contains("example")
        || lower.contains("dummy")
        || lower.contains("sample")
        || lower.contains("notreal")
        || lower.contains("not_real")
        || lower.contains("not-a-real")
    {
        return Err(NotASecret::Placeholder);
    }
    if v.chars().count() < 3 {
        return Err(NotASecret::TooShort);
    }
    if WEAK_WORDS.iter().any(|w| squashed == *w || letters == *w) {
        return Err(NotASecret::Weak);
    }
    // a label: "Database password", "DB Password"
    if v.contains(' ')
        && lower.contains("password")
        && v.split_whitespace()
            .all(|w| w.chars().all(char::is_alphabetic))
    {
        return Err(NotASecret::Prose);
    }
    // prose: several words of letters
    if v.split_whitespace().count() >= 3
        && v.split_whitespace()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || ".,!?'".contains(c)))
    {
        return Err(NotASecret::Prose);
    }
    Ok(())
}

/// Hashes, encrypted values and YAML tags that introduce them.
fn is_protected(v: &str) -> bool {
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
    // a YAML tag such as `!vault |` or `!encrypted/pkcs1-oaep`
    let v = v.split_whitespace().next().unwrap_or(v);
    if v.starts_with('!')
        && v.len() > 1
        && v[1..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_/".contains(&b))
    {
        return true;
    }
    let bcrypt = |s: &str| {
        ["$2a$", "$2b$", "$2y$"]
            .iter()
            .any(|p| s.starts_with(p) && s.len() == 60)
    };
    v.strip_prefix("md5").is_some_and(|h| hex(h, 32))
        || bcrypt(v)
        || v.starts_with("$argon2")
        || v.starts_with("pbkdf2_sha256$")
        || v.starts_with("SCRAM-SHA-256$")
        || v.strip_prefix('*').is_some_and(|h| hex(h, 40))
        || v.starts_with("$ANSIBLE_VAULT")
        || v.starts_with("ENC[")
        || v.starts_with("{bcrypt}")
        || v.starts_with("{noop}") && v.len() == 6
        // Bitnami SealedSecret ciphertext: long base64 starting with `Ag`
        || (v.starts_with("Ag") && v.len() >= 100 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)))
}

fn is_format_slot(v: &str) -> bool {
    // a slot followed by the escapes and quotes of the string it sits in:
    // `%s\n"`, `%v",`
    let v = v.trim_end_matches(['"', '\'', ',', ')', ';']);
    let v = v.strip_suffix("\\n").unwrap_or(v);
    if v.is_empty() {
        return false;
    }
    let b = v.as_bytes();
    // {0}, {1:N}, %s, %(password)s, %1$s, ?, :password, @password, $1
    if v == "?" || v == "%s" || v == "%v" || v == "%q" {
        return true;
    }
    if b[0] == b'{' && v.ends_with('}') && b.len() >= 3 && b[1].is_ascii_digit() {
        return true;
    }
    if b[0] == b'%' && (v.ends_with('s') || v.ends_with('d')) && b.len() <= 40 {
        return true;
    }
    // `:password`, `@pwd`, `@p1`: a named parameter; not a literal that
    // happens to start with `@` (`@Ab3xQ9wZk2`), which has digits after
    // its letters
    if (b[0] == b':' || b[0] == b'@')
        && b.len() > 1
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'_')
    {
        let name = &v[1..];
        let digits = name.bytes().filter(u8::is_ascii_digit).count();
        return digits == 0 || name.len() <= 3;
    }
    false
}

/// Passwords that ship as documented local-development defaults: still a
/// finding, but a low-severity one.
pub fn is_well_known_default(value: &str) -> bool {
    const DEFAULTS: &[&str] = &[
        "postgres",
        "root",
        "mysql",
        "admin",
        "sa",
        "passw0rd",
        "passw0rd!",
        "p@ssw0rd",
        "p@ssword",
        "p@ssw0rd!",
        "p@55w0rd",
        "password1",
        "password123",
        "password!",
        "123456",
        "12345678",
        "yourstrong(!)password",
        "yourstrongpassw0rd",
        "yourstrong!passw0rd",
        "mysecretpassword",
        "sqlserver",
        "sql2019",
        "sql2022",
        "dev",
        "devpassword",
        "local",
        "localdev",
        "guest",
        "redis",
        "mongo",
        "mongodb",
        "oracle",
        "toor",
        "qwerty",
        "letmein",
        "welcome1",
    ];
    DEFAULTS.contains(&value.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_passwords_pass() {
        for v in [
            "Xk9#vLq2!mRt",
            "s3cR3t-Pr0d-2024",
            "P@ssw0rd!",
            "hunter22",
            "a b c d1",
            "Tr0ub4dor&3",
        ] {
            assert_eq!(judge(v), Ok(()), "{v}");
        }
    }

    #[test]
    fn references_are_not_secrets() {
        for v in [
            "${DB_PASSWORD}",
            "$(DbPassword)",
            "%DB_PASS%",
            "{{ .Values.db.password }}",
            "#{Password}#",
            "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db/)",
            "$DB_PASS",
            "[parameters('adminPassword')]",
            "ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)",
            "__DbPassword__",
            "var.sql_password",
            "$env:SQL_PASSWORD",
        ] {
            assert_eq!(judge(v), Err(NotASecret::Reference), "{v}");
        }
    }

    #[test]
    fn placeholders_masks_and_slots() {
        for v in [
            "<password>",
            "{your_password}",
            "your-db-password",
            "changeme",
            "REPLACE_ME",
            "example123",
            "<A Strong Password",
            "<wwi_password,",
            "Will_Be_Updated_From_Key_Vault",
            "fetch_from_key_vault",
            "will-be-overwritten",
            "to-be-replaced",
            "my-pass",
            "enter_password_here",
            "{Some Strong Password",
        ] {
            assert_eq!(judge(v), Err(NotASecret::Placeholder), "{v}");
        }
        // common words: the caller decides from where they sit
        for v in [
            "password",
            "Password",
            "secret",
            "test",
            "topsecret",
            "pass",
            "dbpass",
        ] {
            assert_eq!(judge(v), Err(NotASecret::Weak), "{v}");
        }
        // names of the variables that hold a password
        for v in [
            "YOUR_PASSWORD",
            "PASSWORD",
            "ROOT_PASSWORD",
            "SQLPASSWORD",
            "[MARIADB_PASSWORD",
        ] {
            assert_eq!(judge(v), Err(NotASecret::Reference), "{v}");
        }
        // generated at run time, or escaped for docker-compose
        for v in ["Pwd$RANDOM", "Passwd__%random%", "$$(cat /run/secrets/db)"] {
            assert_eq!(judge(v), Err(NotASecret::Reference), "{v}");
        }
        for v in [
            "(args && args.password)",
            "--password=",
            "1.0.5",
            "^2.x",
            "Illuminate\\Support\\Facades\\Password",
        ] {
            assert_eq!(judge(v), Err(NotASecret::Expression), "{v}");
        }
        assert_eq!(
            judge("$2y$10$92IXUNpkjO0rOQ5byMi.Ye4oKoEa3Ro9llC/.og/at2.uheWG/igi"),
            Err(NotASecret::Protected)
        );
        // real values that only look like the above
        for v in [
            "@someThingComplicated1234",
            "my_cool_secret",
            "app_user_secret",
            "mysecretpassword",
            "Xk9-PASSWORD-2024x",
        ] {
            assert_eq!(judge(v), Ok(()), "{v}");
        }
        for v in ["********", "xxx", "XXXXXXXX", "....", "aaaa"] {
            assert_eq!(judge(v), Err(NotASecret::Mask), "{v}");
        }
        for v in [" + pwd + ", ", parameters(", "+ cfg.pw +"] {
            assert_eq!(judge(v), Err(NotASecret::Expression), "{v}");
        }
        for v in [
            "!vault",
            "md5f704dcfed01b9d1efab0a082fb61ea03",
            "SCRAM-SHA-256$4096:c2Fs$Zm9v:YmF6",
            "*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9",
        ] {
            assert_eq!(judge(v), Err(NotASecret::Protected), "{v}");
        }
        for v in [
            "{0}",
            "{2}",
            "%s",
            "%(password)s",
            ":password",
            "@pwd",
            "@p1",
            "?",
            "%s\\n\"",
            "@DbPassword",
        ] {
            assert_eq!(judge(v), Err(NotASecret::FormatSlot), "{v}");
        }
        assert!(is_password_identifier("getPassword"));
        assert!(is_password_identifier("myCassandraPasswordKey"));
        assert!(!is_password_identifier("hunter"));
        assert_eq!(judge(""), Err(NotASecret::Empty));
        assert_eq!(judge("  "), Err(NotASecret::Empty));
        assert_eq!(judge("ab"), Err(NotASecret::TooShort));
        assert_eq!(judge("Enter your password"), Err(NotASecret::Placeholder));
        assert_eq!(judge("Please type it here"), Err(NotASecret::Prose));
    }

    #[test]
    fn defaults_inside_references() {
        fn d(v: &str) -> Option<&str> {
            reference_default(v).map(|(o, n)| &v[o..o + n])
        }
        assert_eq!(d("${POSTGRES_PASSWORD:-an4lyt1cs}"), Some("an4lyt1cs"));
        assert_eq!(d("${DB_PASS-x9y8z7}"), Some("x9y8z7"));
        assert_eq!(
            d("${spring.db.password:CacheMe!2023}"),
            Some("CacheMe!2023")
        );
        assert_eq!(d("${POSTGRES_PASSWORD:=c4talog-d3v}"), Some("c4talog-d3v"));
        assert_eq!(d("{env:PGPASSWORD:t0x-pw-2023}"), Some("t0x-pw-2023"));
        assert_eq!(d("${DB_PASSWORD:?set DB_PASSWORD in .env}"), None);
        assert_eq!(d("${DB_PASSWORD}"), None);
        assert_eq!(d("${VAULT::ds_ArchiveDS::password::1}"), None);
        assert_eq!(d("${DB_PASSWORD:-}"), None);
        assert_eq!(d("${A:-${B}}"), None);
    }

    #[test]
    fn symbols_inside_real_passwords_are_kept() {
        for v in [
            "$ecretPw9!",
            "Xbc123+",
            "Winter2024+",
            "Pg__Prod_2024",
            "tiger__2",
            "x.data.y9",
            "Spr1ng+",
        ] {
            assert_eq!(judge(v), Ok(()), "{v}");
        }
        for v in [
            "$REDIS_PASSWORD`",
            "/run/secrets/db_password",
            "`cat /run/secrets/db`",
            "Database password",
            "__DB_PASSWORD__",
            "@@DbPassword@@",
            "Passwort",
        ] {
            assert!(judge(v).is_err(), "{v}");
        }
    }

    #[test]
    fn local_defaults_are_known() {
        assert!(is_well_known_default("Passw0rd!"));
        assert!(is_well_known_default("postgres"));
        assert!(!is_well_known_default("Xk9#vLq2!mRt"));
    }
}
