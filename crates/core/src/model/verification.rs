//! What `scan --verify` learnt about a credential: whether the database
//! named with it still accepts it. Set only when verification was asked
//! for; a report without it has no `verification` field at all.

use serde::{Deserialize, Serialize};

/// The outcome of one authentication attempt (or of not making one).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VerifyStatus {
    /// the server accepted the login: rotate now
    Live,
    /// the server answered and refused the login
    Rejected,
    /// no answer in time, connection refused, DNS failure, or no verdict
    /// on the password (a TLS or protocol failure before the login)
    Unreachable,
    /// not tried, and why is in the detail
    Skipped,
}

impl VerifyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            VerifyStatus::Live => "live",
            VerifyStatus::Rejected => "rejected",
            VerifyStatus::Unreachable => "unreachable",
            VerifyStatus::Skipped => "skipped",
        }
    }

    /// Report order: what must be rotated first comes first.
    pub fn rank(self) -> u8 {
        match self {
            VerifyStatus::Live => 0,
            VerifyStatus::Rejected => 1,
            VerifyStatus::Unreachable => 2,
            VerifyStatus::Skipped => 3,
        }
    }
}

/// A status and a one-line, human-readable detail. The detail may quote a
/// server's error message: it is stored with control characters escaped
/// and bounded in length, and every printer escapes it again for its format.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub status: VerifyStatus,
    pub detail: String,
}

/// The longest detail kept, in characters.
pub const MAX_DETAIL: usize = 300;

impl Verification {
    pub fn new(status: VerifyStatus, detail: impl AsRef<str>) -> Verification {
        let escaped = crate::text::escape_control(detail.as_ref());
        let detail = match escaped.char_indices().nth(MAX_DETAIL) {
            Some((i, _)) => format!("{}...", &escaped[..i]),
            None => escaped,
        };
        Verification { status, detail }
    }

    pub fn is_live(&self) -> bool {
        self.status == VerifyStatus::Live
    }
}

/// How a `--verify` run went: credentials by status, and how many
/// authentication attempts (connections) it made.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VerifySummary {
    /// distinct credentials (engine, host, port, user, secret)
    pub credentials: u64,
    pub live: u64,
    pub rejected: u64,
    pub unreachable: u64,
    pub skipped: u64,
    /// connections opened (a server without TLS costs two: the TLS try and
    /// the plain one)
    pub connections: u64,
}

impl VerifySummary {
    pub fn count(&mut self, status: VerifyStatus) {
        self.credentials += 1;
        match status {
            VerifyStatus::Live => self.live += 1,
            VerifyStatus::Rejected => self.rejected += 1,
            VerifyStatus::Unreachable => self.unreachable += 1,
            VerifyStatus::Skipped => self.skipped += 1,
        }
    }

    pub fn absorb(&mut self, b: &VerifySummary) {
        self.credentials += b.credentials;
        self.live += b.live;
        self.rejected += b.rejected;
        self.unreachable += b.unreachable;
        self.skipped += b.skipped;
        self.connections += b.connections;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_from_servers_are_escaped_and_bounded() {
        let v = Verification::new(VerifyStatus::Rejected, "bad\u{1b}[31m\npass");
        assert!(!v.detail.contains('\u{1b}') && !v.detail.contains('\n'));
        let long = "x".repeat(5000);
        let v = Verification::new(VerifyStatus::Rejected, &long);
        assert_eq!(v.detail.chars().count(), MAX_DETAIL + 3);
    }

    #[test]
    fn serialized_as_the_interface_says() {
        let v = Verification::new(VerifyStatus::Live, "accepted");
        assert_eq!(
            serde_json::to_value(&v).unwrap(),
            serde_json::json!({"status": "live", "detail": "accepted"})
        );
        assert!(VerifyStatus::Live.rank() < VerifyStatus::Skipped.rank());
    }
}
