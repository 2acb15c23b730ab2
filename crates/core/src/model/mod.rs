//! The data model at the bottom of connleak: what a scan finds and
//! everything that travels with it up to the reports. It imports nothing
//! from the layers above (grammars, scanner, sources, advice, reports).

mod event;
mod finding;
mod inventory;
mod item;
mod outcome;
mod provenance;
mod remediation;
mod report;
mod review;
mod secret;
mod service;
mod suppression;
mod verification;

pub use event::{ErrorKind, Event, ScanError, Sink, SkipReason, Skipped, Unlisted};
pub use finding::{Confidence, Encoding, Engine, Finding, Kind, Severity, Source};
pub use inventory::{Credential, Location};
pub use item::Item;
pub use outcome::{Outcome, Summary, Tally};
pub use provenance::{CommitInfo, HistoryStats, HistoryStatus, Provenance};
pub use remediation::{Applicability, Doc, Edit, Identity, Remediation, Stack};
pub use report::{Report, VERSION};
pub use review::{Allowance, Change, PolicyChange, PolicyFile, PolicyReview, POLICY_CHANGED};
pub use secret::Secret;
pub use service::{AzureService, Cloud, Locality, Service};
pub use suppression::{SuppressedBy, SuppressedCounts, Suppression};
pub use verification::{Verification, VerifyStatus, VerifySummary};
