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
}

const PLACEHOLDER_WORDS: &[&str] = &[
    "password", "passwd", "pwd", "pass", "secret", "mysecret", "mypassword",
    "yourpassword", "dbpassword", "dbpass", "userpassword", "adminpassword", "rootpassword",
    "sapassword", "newpassword", "oldpassword", "strongpassword", "yourstrongpassword",
    "changeme", "changeit", "change", "placeholder", "example", "sample", "dummy", "fake",
    "redacted", "removed", "hidden", "masked", "omitted", "none", "null", "nil", "undefined",
    "empty", "todo", "tbd", "fixme", "replaceme", "notset", "unset", "required", "optional",
    "string", "str", "value", "secretvalue", "foo", "bar", "foobar", "test", "testing", "xyz",
    "abc", "abc123", "default", "foobared", "true", "false", "yes", "no", "pwdhere", "passwordhere",
    "enterpassword", "insertpassword", "yourpasswordhere", "db_password", "secretpassword",
    "supersecret", "topsecret",
];

/// Substrings that mark a template, variable or secret-store reference.
const REFERENCE_MARKS: &[&str] = &[
    "${", "$(", "{{", "}}", "#{", "@microsoft.keyvault", "os.environ", "os.getenv", "getenv(",
    "process.env", "env[", "env(", "environment.get", "configuration[", "config[", "settings.",
    "secretkeyref", "keyvault", "vault:", "secrets.", "${{", "<%=", "%{", "!ref", "!sub",
    "!getatt", "fn::", "lookup(", "enc(", "{cipher}", "@@", "__", "$env:", "[parameters(",
    "[variables(", "var.", "local.", "data.", "random_password", "module.", "each.",
];

pub fn judge(value: &str) -> Result<(), NotASecret> {
    let v = value.trim();
    if v.is_empty() {
        return Err(NotASecret::Empty);
    }
    let lower = v.to_ascii_lowercase();
    // references to variables and secret stores
    if v.starts_with('$') || v.starts_with('%') && v.ends_with('%') && v.len() > 2 {
        return Err(NotASecret::Reference);
    }
    if REFERENCE_MARKS.iter().any(|m| lower.contains(m)) {
        return Err(NotASecret::Reference);
    }
    if (v.starts_with('[') && v.ends_with(']')) || (v.starts_with("#{") && v.ends_with('}')) {
        return Err(NotASecret::Reference);
    }
    // format slots
    if is_format_slot(v) {
        return Err(NotASecret::FormatSlot);
    }
    // <password>, {your_password}, [PASSWORD]
    if (v.starts_with('<') && v.ends_with('>')) || (v.starts_with('{') && v.ends_with('}')) {
        return Err(NotASecret::Placeholder);
    }
    // masks: ****, xxxx, ....., ------
    if v.chars().all(|c| matches!(c, '*' | 'x' | 'X' | '.' | '#' | '-' | '_' | '•' | '?'))
        || (v.chars().count() >= 3 && v.chars().all(|c| Some(c) == v.chars().next()))
    {
        return Err(NotASecret::Mask);
    }
    // the code between two string literals: `" + pwd + "`, `', parameters('x'), '`
    if v.starts_with(['+', ',', '&', '.', '|']) || v.ends_with(['+', ',', '(']) {
        return Err(NotASecret::Expression);
    }
    let letters: String = lower.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    let squashed: String = letters.chars().filter(|c| *c != '_').collect();
    if PLACEHOLDER_WORDS.iter().any(|w| {
squashed == *w || letters == *w
    }) {
        return Err(NotASecret::Placeholder);
    }
    if (lower.contains("your") || lower.contains("my_") || lower.contains("enter") || lower.contains("insert"))
        && (lower.contains("pass") || lower.contains("pwd") || lower.contains("secret") || lower.contains("key"))
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
    // prose: several words of letters
    if v.split_whitespace().count() >= 3 && v.split_whitespace().all(|w| w.chars().all(|c| c.is_alphabetic() || ".,!?'".contains(c))) {
        return Err(NotASecret::Prose);
    }
    Ok(())
}

fn is_format_slot(v: &str) -> bool {
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
    if (b[0] == b':' || b[0] == b'@') && b.len() > 1 && b[1..].iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_') {
        return true;
    }
    false
}

/// Passwords that ship as documented local-development defaults: still a
/// finding, but a low-severity one.
pub fn is_well_known_default(value: &str) -> bool {
    const DEFAULTS: &[&str] = &[
        "postgres", "root", "mysql", "admin", "sa", "passw0rd", "passw0rd!", "p@ssw0rd", "p@ssword",
        "p@ssw0rd!", "p@55w0rd", "password1", "password123", "password!", "123456", "12345678",
        "yourstrong(!)password", "yourstrongpassw0rd", "yourstrong!passw0rd", "mysecretpassword",
        "sqlserver", "sql2019", "sql2022", "dev", "devpassword", "local", "localdev", "guest",
        "redis", "mongo", "mongodb", "oracle", "toor", "qwerty", "letmein", "welcome1",
    ];
    DEFAULTS.contains(&value.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_passwords_pass() {
        for v in ["Xk9#vLq2!mRt", "s3cR3t-Pr0d-2024", "P@ssw0rd!", "hunter22", "a b c d1", "Tr0ub4dor&3"] {
            assert_eq!(judge(v), Ok(()), "{v}");
        }
    }

    #[test]
    fn references_are_not_secrets() {
        for v in [
            "${DB_PASSWORD}", "$(DbPassword)", "%DB_PASS%", "{{ .Values.db.password }}", "#{Password}#",
            "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db/)", "$DB_PASS",
            "[parameters('adminPassword')]", "ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)", "__DbPassword__",
            "var.sql_password", "$env:SQL_PASSWORD",
        ] {
            assert_eq!(judge(v), Err(NotASecret::Reference), "{v}");
        }
    }

    #[test]
    fn placeholders_masks_and_slots() {
        for v in ["<password>", "{your_password}", "YOUR_PASSWORD", "your-db-password", "changeme", "Password", "REPLACE_ME", "example123"] {
            assert_eq!(judge(v), Err(NotASecret::Placeholder), "{v}");
        }
        for v in ["********", "xxx", "XXXXXXXX", "....", "aaaa"] {
            assert_eq!(judge(v), Err(NotASecret::Mask), "{v}");
        }
        for v in [" + pwd + ", ", parameters(", "+ cfg.pw +"] {
            assert_eq!(judge(v), Err(NotASecret::Expression), "{v}");
        }
        for v in ["{0}", "{2}", "%s", "%(password)s", ":password", "@pwd", "?"] {
            assert_eq!(judge(v), Err(NotASecret::FormatSlot), "{v}");
        }
        assert_eq!(judge(""), Err(NotASecret::Empty));
        assert_eq!(judge("  "), Err(NotASecret::Empty));
        assert_eq!(judge("ab"), Err(NotASecret::TooShort));
        assert_eq!(judge("Enter your password"), Err(NotASecret::Placeholder));
        assert_eq!(judge("Please type it here"), Err(NotASecret::Prose));
    }

    #[test]
    fn local_defaults_are_known() {
        assert!(is_well_known_default("Passw0rd!"));
        assert!(is_well_known_default("postgres"));
        assert!(!is_well_known_default("Xk9#vLq2!mRt"));
    }
}
