//! Azure Cache for Redis: Microsoft Entra authentication with a token
//! as the password.

use super::{claim, Plan};
use crate::docs;
use connleak_core::model::Finding;

/// The quoted string (or the unquoted value) around the secret on its line.
fn enclosing_value(f: &Finding) -> Option<String> {
    let src = f.source.as_ref()?;
    let line = src.line_text.expose();
    let at = src.secret.start.checked_sub(src.line.start)?;
    if at > line.len() || !line.is_char_boundary(at) {
        return None;
    }
    let before = &line[..at];
    let (start, quote) = match before.rfind(['"', '\'']) {
        Some(q) => (q + 1, line[q..].chars().next()),
        None => (before.rfind(['=', ' ']).map_or(0, |i| i + 1), None),
    };
    let end = match quote {
        Some(q) => line[at..].find(q).map_or(line.len(), |i| at + i),
        None => line[at..].find([' ', '\t']).map_or(line.len(), |i| at + i),
    };
    Some(line.get(start..end)?.to_string())
}

pub(super) fn redis_plan(f: &Finding) -> Plan {
    let mut p = Plan::default();
    let value = claim(f)
        .map(|(_, c)| c.to_string())
        .or_else(|| enclosing_value(f));
    if let Some(raw) = value.as_deref().filter(|v| v.contains("://")) {
        // rediss://:key@host:6380 -> rediss://host:6380
        if let Some(i) = raw.find("://") {
            let rest = &raw[i + 3..];
            let rest = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
            // and any `?password=` in the query
            let rest = rest.split('?').next().unwrap_or(rest);
            p.replacement = Some(format!(
                "{}://{} (the client signs in with the identity's object id as the user name and an Entra token as the password)",
                &raw[..i],
                rest
            ));
        }
    }
    if let Some(raw) = value.as_deref().filter(|v| !v.contains("://")) {
        if raw.contains(',') && raw.to_ascii_lowercase().contains("password=") {
            let kept: Vec<&str> = raw
                .split(',')
                .filter(|part| {
                    !part
                        .trim_start()
                        .to_ascii_lowercase()
                        .starts_with("password=")
                })
                .collect();
            p.replacement = Some(format!(
                "{} (the password becomes an Entra token for the managed identity, supplied by Microsoft's Entra extension for your client, e.g. Microsoft.Azure.StackExchangeRedis for .NET)",
                kept.join(",")
            ));
        }
    }
    p.notes.push("Microsoft Entra authentication is available on the Basic, Standard and Premium tiers (the page did not list Enterprise) and needs TLS; the client must refresh the token and send AUTH again before it expires.".into());
    p.docs.push(docs::REDIS_ENTRA);
    p.summary = "authenticate to the cache with Microsoft Entra ID instead of an access key".into();
    p
}
