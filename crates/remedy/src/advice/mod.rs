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
    /// further edits of the same file (byte ranges of the evidence's text),
    /// made with `edit`: the username beside a Spring password
    pub(super) extra_edits: Vec<(std::ops::Range<usize>, String)>,
    /// the replacement is made of names taken from the file (a Kubernetes
    /// `secretKeyRef`), none of the line's value
    pub(super) names_only: bool,
}

pub fn build(f: &Finding, cx: &Context, identity: Identity, reason: String) -> Remediation {
    let ua = identity == Identity::UserAssigned;
    let mut plan = match &cx.target {
        Target::Azure { service, cloud } => azure_plan(f, cx, *service, *cloud, ua),
        // a file key: the same reference, in place of the key
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
    // the line without the secret: a value that is also written there as
    // something else (user `postgres` with password `postgres`) may stay
    let rest_of_line = f
        .source
        .as_ref()
        .and_then(|src| {
            let line = src.line_text.expose();
            let a = src.secret.start.checked_sub(src.line.start)?;
            let b = src.secret.end.checked_sub(src.line.start)?;
            Some(format!("{}\n{}", line.get(..a)?, line.get(b..)?))
        })
        .unwrap_or_default();
    // and a weak value that the file also uses as a name (`mysql`, `sst`)
    // may appear in a name the replacement takes from the file
    // (`secretKeyRef` `mysql-pod-db`): never more often than the rest of
    // the file holds it
    // (only for a replacement made of names, never of the line's value)
    let file = &cx.evidence.file;
    let more = |s: &str, v: &str| {
        if v.len() < 3 {
            return false;
        }
        let lower = v.to_ascii_lowercase();
        let elsewhere = match plan.names_only {
            true => file.matches(&lower).count().saturating_sub(1),
            false => 0,
        };
        // a password that is a plain word (`secret`, `postgres`) counts
        // only as a whole word: `${{ secrets.X }}` does not hold `secret`
        let count = |t: &str, v: &str| -> usize {
            if !v.bytes().all(|b| b.is_ascii_alphabetic()) {
                return t.matches(v).count();
            }
            t.match_indices(v)
                .filter(|(i, m)| {
                    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
                    !word(t[..*i].chars().next_back()) && !word(t[i + m.len()..].chars().next())
                })
                .count()
        };
        count(s, v) > count(&rest_of_line, v) && count(&s.to_ascii_lowercase(), &lower) > elsewhere
    };
    let leaks = |s: &str| more(s, secret) || more(s, &raw_secret);
    if plan.replacement.as_deref().is_some_and(leaks)
        || plan.edit.as_ref().is_some_and(|(_, t)| leaks(t))
    {
        plan.replacement = None;
        plan.edit = None;
    }
    if plan.extra_edits.iter().any(|(_, t)| leaks(t)) {
        plan.extra_edits.clear();
    }
    // a connection-string parser's own test: its strings are the expected
    // values of the test, which an edit would break
    if plan.edit.is_some() && parser_test(f, cx) {
        plan.edit = None;
        plan.extra_edits.clear();
        plan.notes.push("This file tests a connection-string parser (it parses strings and asserts on the result): `connleak fix` leaves it alone, since an edit would break the test's expected values; if the password is not real, mark the line `connleak:allow`.".to_string());
    }
    // the edited line must still parse where the string sits inside another
    // grammar (a JSON string of a notebook or configuration file, an HCL
    // string)
    if plan
        .edit
        .as_ref()
        .is_some_and(|(r, t)| !edit_keeps_line(f, r, t))
    {
        plan.edit = None;
        plan.extra_edits.clear();
    }
    // placeholders (`<client-id-of-managed-identity>`) inside XML must be escaped
    let xml = connleak_core::scan::is_xml(&f.path);
    let mut edits: Vec<Edit> = plan
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
    if !edits.is_empty() && !xml {
        for (range, text) in &plan.extra_edits {
            match edit_in_text(&cx.evidence.text, range.clone(), text) {
                Some(e) => edits.push(e),
                None => {
                    edits.clear();
                    break;
                }
            }
        }
    }
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

/// Is the finding in a unit test of a connection-string parser (a test
/// file that parses strings and asserts on the result)?
fn parser_test(f: &Finding, cx: &Context) -> bool {
    let p = f.path.replace('\\', "/").to_ascii_lowercase();
    let name = p.rsplit('/').next().unwrap_or(&p);
    let stem = name.split('.').next().unwrap_or(name);
    let test_file = p
        .split('/')
        .any(|d| matches!(d, "test" | "tests" | "__tests__" | "spec" | "testdata"))
        || name.ends_with("_test.go")
        || stem.starts_with("test_")
        || stem.ends_with("_test")
        || stem.ends_with("_spec")
        || stem.ends_with("tests")
        || stem.ends_with("test")
        || name.contains(".test.")
        || name.contains(".spec.");
    if !test_file {
        return false;
    }
    let t = &cx.evidence.file;
    let asserts = [
        "assert", "expect(", ".should", "t.errorf", "t.fatalf", "require.", "[fact]", "[test]",
        "@test",
    ]
    .iter()
    .any(|w| t.contains(w));
    let parses = [
        "parse",
        "connectionstringbuilder",
        "conninfo_to_dict",
        "make_url",
        "parsedsn",
        "parseurl",
    ]
    .iter()
    .any(|w| t.contains(w));
    asserts && parses
}

/// Does the finding's line still parse after the edit, where the string
/// sits inside another grammar? A JSON line (a notebook's code line, a
/// configuration value) must stay valid JSON; an HCL string must not get
/// a quote, a backslash or an interpolation it did not have.
fn edit_keeps_line(f: &Finding, range: &std::ops::Range<usize>, text: &str) -> bool {
    let lower = f.path.to_ascii_lowercase();
    let Some(src) = f.source.as_ref() else {
        return true;
    };
    if lower.ends_with(".tfvars") || lower.ends_with(".tf") || lower.ends_with(".hcl") {
        return !["\"", "\\", "${", "%{"].iter().any(|c| text.contains(c));
    }
    if !(lower.ends_with(".json") || lower.ends_with(".ipynb")) {
        return true;
    }
    let line = src.line_text.expose();
    let (Some(a), Some(b)) = (
        range.start.checked_sub(src.line.start),
        range.end.checked_sub(src.line.start),
    ) else {
        return true;
    };
    let (Some(head), Some(tail)) = (line.get(..a), line.get(b..)) else {
        return false;
    };
    let parses = |l: &str| {
        let t = l.trim().trim_end_matches(',');
        serde_json::from_str::<serde_json::Value>(t).is_ok()
            || serde_json::from_str::<serde_json::Value>(&format!("{{{t}}}")).is_ok()
    };
    !parses(line) || parses(&format!("{head}{text}{tail}"))
}

/// An edit of a range of the file's text (the evidence's, as the scanner
/// decoded it) on one line, with its line and column.
fn edit_in_text(text: &str, range: std::ops::Range<usize>, new: &str) -> Option<Edit> {
    let old = text.get(range.clone())?;
    if old.contains('\n') || old.contains('\u{FFFD}') {
        return None;
    }
    let head = text.get(..range.start)?;
    let line_start = head.rfind('\n').map_or(0, |i| i + 1);
    let line = head.matches('\n').count() + 1;
    let start_column = head[line_start..].chars().count() + 1;
    Some(Edit {
        start_line: line,
        start_column,
        end_line: line,
        end_column: start_column + old.chars().count(),
        new_text: new.to_string(),
        old_text: connleak_core::model::Secret::new(old),
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
