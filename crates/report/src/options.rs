//! What every reporter is told: the format, and how to render.

/// The formats a scan report can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// human-readable, one finding per block
    Text,
    /// one JSON document with findings, errors and a summary
    Json,
    /// JSON Lines: one finding per line, as in the JSON report's `findings`
    Jsonl,
    /// SARIF 2.1.0 for code-scanning tools
    Sarif,
    /// one self-contained HTML audit report (inventory, locations, remediation)
    Html,
    /// GitHub Actions workflow commands (annotations on the pull request)
    Github,
    /// JUnit XML for test tabs (Azure DevOps, GitLab, Jenkins)
    Junit,
}

pub struct ReportOptions {
    pub show_secrets: bool,
    pub color: bool,
    /// print the full remediation steps under each finding (text)
    pub explain: bool,
    /// the findings come from a history scan
    pub history: bool,
}
