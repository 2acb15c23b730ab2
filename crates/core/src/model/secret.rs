//! The `Secret` newtype: a found password that redacts itself everywhere.
//!
//! `Display`, `Debug` and `Serialize` all print the redacted form; the only
//! ways to get the clear text are [`Secret::expose`], whose callers are
//! reviewed, and a secret made with [`Secret::shown`] for `--show-secrets`.
//! A secret read back from a report prints as the report had it.

use std::fmt;

#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Secret {
    value: String,
    /// printed as it is: a secret the user asked to see (`--show-secrets`),
    /// or one read back from a report (already in the form it was written)
    shown: bool,
}

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret {
            value: value.into(),
            shown: false,
        }
    }

    /// A secret that every output prints as it is: only for `--show-secrets`.
    pub fn shown(value: impl Into<String>) -> Secret {
        Secret {
            value: value.into(),
            shown: true,
        }
    }

    /// The clear text. Every call site is one of: computing something that
    /// prints nothing of it (fingerprints, credential ids, suppression and
    /// placeholder checks, rewrites that remove it, redaction of other
    /// text), or `--show-secrets` output. `git grep -n 'expose()'` lists
    /// them for review.
    pub fn expose(&self) -> &str {
        &self.value
    }

    /// A redacted rendering that reveals at most a short prefix: nothing for
    /// passwords under 5 characters, one character under 8, two otherwise.
    pub fn redacted(&self) -> String {
        let n = self.value.chars().count();
        let keep = match n {
            0..=4 => 0,
            5..=7 => 1,
            _ => 2,
        };
        let mut out: String = self.value.chars().take(keep).collect();
        out.push_str("****");
        out
    }

    /// The redacted or clear form, as the caller chose.
    pub fn render(&self, show: bool) -> String {
        if show || self.shown {
            self.value.clone()
        } else {
            self.redacted()
        }
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.redacted())
    }
}

impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.render(false))
    }
}

/// A secret read back from a report holds what the report held: the
/// redacted form, or the clear text of a `--show-secrets` report.
impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret::shown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_reveals_a_bounded_prefix() {
        assert_eq!(Secret::new("P@ssw0rd!2024").redacted(), "P@****");
        assert_eq!(Secret::new("abcdef").redacted(), "a****");
        assert_eq!(Secret::new("abcd").redacted(), "****");
        assert_eq!(Secret::new("").redacted(), "****");
        assert_eq!(Secret::new("пароль-секрет").redacted(), "па****");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, ..Default::default() })]

        /// Every rendering shows at most the promised prefix: nothing under
        /// five characters, one under eight, two otherwise.
        #[test]
        fn redaction_never_shows_more_than_its_prefix(s in "\\PC{0,40}") {
            let n = s.chars().count();
            let keep = match n { 0..=4 => 0, 5..=7 => 1, _ => 2 };
            let prefix: String = s.chars().take(keep).collect();
            let secret = Secret::new(s.clone());
            let want = format!("{prefix}****");
            proptest::prop_assert_eq!(secret.redacted(), want.clone());
            proptest::prop_assert_eq!(format!("{secret}"), want.clone());
            proptest::prop_assert_eq!(serde_json::to_string(&secret).unwrap(), serde_json::to_string(&want).unwrap());
            proptest::prop_assert_eq!(format!("{secret:?}"), format!("Secret({want})"));
            proptest::prop_assert_eq!(secret.render(false), want);
            proptest::prop_assert_eq!(secret.render(true), s);
        }
    }

    #[test]
    fn a_secret_read_back_from_a_report_is_not_redacted_twice() {
        let s: Secret = serde_json::from_str("\"Su****\"").unwrap();
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"Su****\"");
        assert_eq!(format!("{s}"), "Su****");
        let s = Secret::shown("Sup3rS3cret!");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"Sup3rS3cret!\"");
        assert!(!format!("{s:?}").contains("Sup3r"));
    }

    #[test]
    fn display_debug_and_serde_never_leak() {
        let s = Secret::new("Sup3rS3cret!");
        assert!(!format!("{s}").contains("Sup3rS3cret"));
        assert!(!format!("{s:?}").contains("Sup3rS3cret"));
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"Su****\"");
    }
}
