//! The advice itself: per service and client stack, the passwordless
//! replacement, the client version it needs, the ordered steps and the
//! documentation. One module per kind of service ([`sql`], [`oss`] for
//! PostgreSQL and MySQL, [`redis`], [`cosmos`], [`iac`] for the servers'
//! own infrastructure code) and the [`steps`] they share. The facts behind
//! each piece are in `docs/managed-identity.md`; where the documentation
//! disagrees or was not verified, a note says so.

mod cosmos;
mod iac;
mod oss;
mod redis;
mod secret_store;
mod sql;
mod steps;

pub use cosmos::is_cosmos_mongo;

use crate::context::Context;
use crate::docs;
use crate::project::{parse_version, Hosting};
use crate::target::{is_sql, Elsewhere, Target};
use connleak_core::model::{
    Applicability, AzureService, Cloud, Doc, Edit, Finding, Identity, Remediation, Stack,
};

/// What [`replacement`] decided.
#[derive(Default)]
pub(super) struct Plan {
    pub(super) replacement: Option<String>,
    /// the new text of the claimed region or line, when it is an exact edit
    pub(super) edit: Option<(std::ops::Range<usize>, String)>,
    pub(super) min_version: Option<String>,
    pub(super) notes: Vec<String>,
    pub(super) docs: Vec<Doc>,
    /// one line: what to change
    pub(super) summary: String,
}

pub fn build(f: &Finding, cx: &Context, identity: Identity, reason: String) -> Remediation {
    let ua = identity == Identity::UserAssigned;
    let mut plan = match &cx.target {
        Target::Azure { service, cloud } => azure_plan(f, cx, *service, *cloud, ua),
        Target::NotAzure(Elsewhere::LocalFile) => Plan::default(),
        // no identity can serve it: the secret store's reference instead
        Target::NotAzure(_) => secret_store::plan(f, cx),
    };
    // never show or write a replacement that still holds the secret
    let secret = f.secret.expose();
    // the secret as it is written in the file too (`&amp;`, `%2F`, `\"`)
    let raw_secret = f
        .source
        .as_ref()
        .and_then(|src| {
            let r = src.secret.start.checked_sub(src.line.start)?
                ..src.secret.end.checked_sub(src.line.start)?;
            src.line_text.expose().get(r).map(str::to_string)
        })
        .unwrap_or_default();
    let leaks = |s: &str| {
        (secret.len() >= 3 && s.contains(secret))
            || (raw_secret.len() >= 3 && s.contains(&raw_secret))
    };
    if plan.replacement.as_deref().is_some_and(leaks)
        || plan.edit.as_ref().is_some_and(|(_, t)| leaks(t))
    {
        plan.replacement = None;
        plan.edit = None;
    }
    // placeholders (`<client-id-of-managed-identity>`) inside XML must be escaped
    let xml = connleak_core::scan::is_xml(&f.path);
    let edits: Vec<Edit> = plan
        .edit
        .as_ref()
        .map(|(range, text)| {
            let text = if xml {
                text.replace('<', "&lt;").replace('>', "&gt;")
            } else {
                text.clone()
            };
            (range.clone(), text)
        })
        .and_then(|(range, text)| edit_at(f, range, &text))
        .into_iter()
        .collect();
    if cx.stack.is_iac() && !cx.server_admin && identity != Identity::NotApplicable {
        plan.notes.push(match cx.stack {
            Stack::Terraform => "In Terraform, give the app resource an `identity { type = \"SystemAssigned\" }` block (or `UserAssigned` with `identity_ids`) and set this app setting to the passwordless value.".to_string(),
            _ => "In the template, give the app resource `identity: { type: 'SystemAssigned' }` (or `UserAssigned`) and set this app setting to the passwordless value.".to_string(),
        });
    }
    if let (Some(h), Target::Azure { service, .. }) = (f.host.as_deref(), &cx.target) {
        if connleak_core::grammar::host::is_templated(h) {
            plan.notes.push(format!(
                "The host name `{}` is templated: connleak classified it by its suffix ({}); put the real server name where the commands say `<server-name>`.",
                connleak_core::text::escape_control(h),
                service.label()
            ));
        }
    }
    let steps = steps::steps(f, cx, identity, &plan);
    let mut docs = plan.docs.clone();
    if cx.target.is_azure() && identity != Identity::NotApplicable {
        if cx.evidence.hosting == Hosting::Kubernetes && identity == Identity::UserAssigned {
            docs.push(docs::AKS_WORKLOAD_IDENTITY);
        } else {
            docs.push(docs::CONTAINER_APPS_IDENTITY);
        }
    }
    if !cx.target.is_azure()
        && matches!(
            cx.stack,
            Stack::MicrosoftDataSqlClient | Stack::SystemDataSqlClient | Stack::Npgsql
        )
    {
        docs.push(docs::DOTNET_USER_SECRETS);
    }
    if cx.target.is_azure() {
        docs.push(docs::MI_OVERVIEW);
    } else {
        docs.push(docs::KEY_VAULT_REFERENCES);
    }
    docs.push(docs::REMOVE_FROM_HISTORY);
    let summary = summary(f, cx, identity, &plan);
    Remediation {
        service: cx.target.service(),
        service_label: cx.target.label(),
        stack: cx.stack,
        stack_label: cx.stack.label().to_string(),
        identity,
        identity_reason: reason,
        summary,
        replacement: plan.replacement,
        min_client_version: plan.min_version,
        steps,
        notes: plan.notes,
        docs,
        applicability: if edits.is_empty() {
            Applicability::DisplayOnly
        } else {
            Applicability::Unsafe
        },
        edits,
        unit: cx.evidence.unit.clone(),
    }
}

pub(super) fn host_or(f: &Finding, placeholder: &str) -> String {
    f.host.clone().unwrap_or_else(|| placeholder.to_string())
}

pub(super) fn db_or(f: &Finding) -> String {
    f.database
        .clone()
        .unwrap_or_else(|| "<database>".to_string())
}

/// The claimed text (the whole connection string) when the secret was
/// found inside one.
pub(super) fn claim(f: &Finding) -> Option<(std::ops::Range<usize>, &str)> {
    let s = f.source.as_ref()?;
    (s.claim != s.secret).then(|| (s.claim.clone(), s.claim_text.expose()))
}

/// Rewrite the claimed string with `rw`. The scanner's claim ends where the
/// last value's content ends, before a closing quote or ODBC brace
/// (`PWD={a;b}`), so when the claim alone does not parse as a whole string,
/// the closing bytes that follow it on its line are tried too.
pub(super) fn rewrite_claim(
    f: &Finding,
    rw: impl Fn(&str) -> Option<String>,
) -> Option<(std::ops::Range<usize>, String)> {
    let (range, raw) = claim(f)?;
    if let Some(t) = rw(raw) {
        return Some((range, t));
    }
    let src = f.source.as_ref()?;
    let line = src.line_text.expose();
    let at = range.end.checked_sub(src.line.start)?;
    for close in ["}", "'", "\"", "\\\"", "&quot;", "&apos;"] {
        if line.get(at..).is_some_and(|rest| rest.starts_with(close)) {
            let ext = format!("{raw}{close}");
            if let Some(t) = rw(&ext) {
                return Some((range.start..range.end + close.len(), t));
            }
        }
    }
    None
}

fn azure_plan(f: &Finding, cx: &Context, service: AzureService, cloud: Cloud, ua: bool) -> Plan {
    if cx.server_admin {
        return iac::iac_plan(f, cx, service);
    }
    if is_sql(service) {
        return sql::sql_plan(f, cx, ua);
    }
    match service {
        AzureService::PostgreSql | AzureService::MySql => oss::oss_plan(f, cx, service, cloud, ua),
        AzureService::Redis => redis::redis_plan(f),
        AzureService::CosmosDb => cosmos::cosmos_plan(f, cx),
        _ => Plan::default(),
    }
}

pub(super) fn version_at_least(v: &Option<String>, min: (u32, u32, u32)) -> Option<bool> {
    v.as_deref().map(|v| parse_version(v) >= min)
}

/// Line and column of an edit inside the claimed text, from the secret's
/// known position. Edits that span lines get no SARIF position.
pub(super) fn edit_at(f: &Finding, range: std::ops::Range<usize>, text: &str) -> Option<Edit> {
    let src = f.source.as_ref()?;
    let (base, base_text) = if range.start >= src.claim.start && range.end <= src.claim.end {
        (src.claim.start, src.claim_text.expose())
    } else if range.start >= src.line.start && range.end <= src.line.end {
        (src.line.start, src.line_text.expose())
    } else {
        return None;
    };
    // text that was not valid UTF-8 was decoded lossily: its offsets are not
    // the file's, so no edit is offered
    if base_text.contains('\u{FFFD}') {
        return None;
    }
    let rel = |abs: usize| abs.checked_sub(base).filter(|&r| r <= base_text.len());
    let (s, e, sec) = (rel(range.start)?, rel(range.end)?, rel(src.secret.start)?);
    if !(base_text.is_char_boundary(s)
        && base_text.is_char_boundary(e)
        && base_text.is_char_boundary(sec))
    {
        return None;
    }
    let lo = s.min(sec);
    let hi = e.max(sec);
    if base_text[lo..hi].contains('\n') {
        return None;
    }
    let chars = |a: usize, b: usize| base_text[a..b].chars().count();
    // columns are relative to the secret's column, on the secret's line
    let start_column = if s <= sec {
        f.column.checked_sub(chars(s, sec))?
    } else {
        f.column + chars(sec, s)
    };
    Some(Edit {
        start_line: f.line,
        start_column,
        end_line: f.line,
        end_column: start_column + chars(s, e),
        new_text: text.to_string(),
        old_text: connleak_core::model::Secret::new(&base_text[s..e]),
        range,
    })
}

fn summary(f: &Finding, cx: &Context, identity: Identity, plan: &Plan) -> String {
    match &cx.target {
        Target::Azure { .. } if identity == Identity::NotApplicable => {
            if cx.server_admin {
                format!("{}; rotate the password now", plan.summary)
            } else {
                "rotate the password now and move it to Key Vault; this service has no Microsoft Entra sign-in".to_string()
            }
        }
        Target::Azure { .. } => format!(
            "{} ({} managed identity), then rotate the password",
            plan.summary,
            identity.as_str()
        ),
        Target::NotAzure(Elsewhere::LocalFile) => {
            "re-key the SQLite file and read the new key from a protected store (a file key: no identity can replace it)".to_string()
        }
        Target::NotAzure(e) => {
            let what = match e {
                Elsewhere::Local => {
                    "a local database: keep even local passwords out of the repository"
                }
                Elsewhere::Unknown => "host unknown",
                _ => "managed identities cannot reach it",
            };
            let _ = f;
            format!("rotate the password and read it from a secret store or environment variable ({what})")
        }
    }
}
