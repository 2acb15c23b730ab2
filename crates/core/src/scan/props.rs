//! Property tests of the whole per-file scan: it never panics on any bytes,
//! finds a planted secret at its exact line and column whatever surrounds
//! it, and never prints more of it than the redacted prefix.

use super::*;
use crate::decode::{decode, Decoded};
use proptest::prelude::*;
use std::sync::OnceLock;

fn set() -> &'static RuleSet {
    static SET: OnceLock<RuleSet> = OnceLock::new();
    SET.get_or_init(|| RuleSet::builtin().expect("built-in rules"))
}

const PATHS: &[&str] = &[
    "app.env",
    "config/database.yml",
    "appsettings.json",
    "Web.config",
    "src/Db.java",
    "src/db.py",
    "main.tf",
    "README.md",
    "deploy/secret.yaml",
    "notes.txt",
];

/// Bytes with a bias towards what the parsers care about.
fn noisy_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..32),
        Just(b"Password=".to_vec()),
        Just(b"pwd={".to_vec()),
        Just(b"}}".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"'".to_vec()),
        Just(b"://u:p@".to_vec()),
        Just(b"jdbc:sqlserver://h;password=".to_vec()),
        Just(b"DB_PASSWORD=".to_vec()),
        Just(b"\n  password: ".to_vec()),
        Just(b"${X:-".to_vec()),
        Just(b"&quot;".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\xC3".to_vec()),
        Just(b"\xFF\xFE".to_vec()),
        Just(vec![0u8]),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// A line of anything but line breaks and NULs (a NUL would make the file
/// binary; a line break would move the planted secret).
fn noise_line() -> impl Strategy<Value = Vec<u8>> {
    let byte = any::<u8>().prop_map(|b| {
        if matches!(b, b'\n' | b'\r' | 0) {
            b' '
        } else {
            b
        }
    });
    proptest::collection::vec(byte, 0..120)
}

/// A password no judge mistakes for a placeholder or a reference (and with
/// nothing a URI would percent-decode).
fn password() -> impl Strategy<Value = String> {
    // a value the judge takes for a stand-in (a mask such as `Zq7****A`, a
    // word such as `sample` or `xxxx` in it) is no planted password: the
    // judge's own tests cover those
    "[A-Za-z0-9!^*_+-]{5,20}"
        .prop_map(|s| format!("Zq7{s}"))
        .prop_filter("a stand-in, not a password", |s| {
            super::judge::judge(s).is_ok()
        })
}

/// (file name, line, byte offset of the secret in the line)
fn planted(form: usize, secret: &str) -> (&'static str, String, usize) {
    let line = match form {
        0 => format!("DB_PASSWORD={secret}"),
        1 => format!("Server=tcp:db.example.com,1433;Database=app;User ID=app;Password={secret};"),
        2 => format!("DATABASE_URL=postgres://app:{secret}@db.example.com:5432/app"),
        _ => format!(
            "jdbc:sqlserver://db.example.com:1433;databaseName=app;user=app;password={secret};"
        ),
    };
    let at = line.find(secret).expect("planted");
    let name = ["app.env", "db.config.txt", "settings.ini", "jdbc.txt"][form];
    (name, line, at)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_scan_without_panic(bytes in noisy_bytes(), p in 0..PATHS.len()) {
        let text = match decode(&bytes) {
            Decoded::Text { bytes, .. } => bytes.into_owned(),
            Decoded::Binary => bytes.clone(),
        };
        let opts = ScanOptions { nested: true, ..ScanOptions::default() };
        for f in scan_text(set(), PATHS[p], PATHS[p], &text, &opts) {
            prop_assert!(f.line >= 1 && f.column >= 1);
            prop_assert!((f.end_line, f.end_column) >= (f.line, f.column));
        }
    }

    #[test]
    fn a_planted_secret_is_found_at_its_line_and_column(
        before in proptest::collection::vec(noise_line(), 0..6),
        after in proptest::collection::vec(noise_line(), 0..6),
        indent in 0usize..3,
        form in 0usize..4,
        secret in password(),
    ) {
        let (name, line, at) = planted(form, &secret);
        let mut file = b"# header\n".to_vec();
        for l in &before {
            file.extend_from_slice(l);
            file.push(b'\n');
        }
        file.extend_from_slice(" ".repeat(indent).as_bytes());
        file.extend_from_slice(line.as_bytes());
        file.push(b'\n');
        for l in &after {
            file.extend_from_slice(l);
            file.push(b'\n');
        }
        let found = scan_text(set(), name, name, &file, &ScanOptions::default());
        let want_line = before.len() + 2;
        let want_col = indent + at + 1;
        let hit = found.iter().find(|f| f.secret.expose() == secret);
        prop_assert!(hit.is_some(), "{secret} not found in form {form}");
        let f = hit.unwrap();
        prop_assert_eq!((f.line, f.column), (want_line, want_col));
        prop_assert_eq!((f.end_line, f.end_column), (want_line, want_col + secret.chars().count()));
        prop_assert!(!f.snippet.contains(&secret), "snippet leaks: {}", f.snippet);
        let json = serde_json::to_string(f).unwrap();
        prop_assert!(!json.contains(&secret), "JSON leaks the secret");
    }
}
