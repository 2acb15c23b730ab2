//! `--format html`: one self-contained audit report for a security lead.
//! No scripts, no fonts, no images from anywhere: inline CSS and an inline
//! SVG chart. The markup is well-formed XML (every element closed, only the
//! five XML entities and numeric references), which the tests check.
//! Secrets appear only redacted (or in clear with `--show-secrets`).

use connleak_core::model::{Credential, Outcome, Severity, Verification};
use connleak_core::text::prefix;
use std::collections::BTreeMap;
use std::io::Write;

/// Escape text for HTML. URLs in text are kept readable but are not
/// references: `http` is written with a character reference, so the file
/// holds no literal link to anything outside it.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in connleak_core::text::escape_control(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out.replace("http", "h&#116;tp")
}

/// Escape text whose `code spans` (in backticks) become `<code>`.
fn esc_code(s: &str) -> String {
    if s.matches('`').count() % 2 == 1 {
        return esc(s);
    }
    s.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", esc(part))
            } else {
                esc(part)
            }
        })
        .collect()
}

const STYLE: &str = "
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:90rem;color:#1b1f24;line-height:1.45;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td code{white-space:nowrap}section td code{white-space:normal}code{font-family:ui-monospace,Consolas,monospace;font-size:.85rem;background:#f6f8fa;padding:.05rem .25rem;border-radius:3px;word-break:break-all}
.high{color:#b42318;font-weight:600}.medium{color:#b54708;font-weight:600}.low{color:#175cd3}
.live{background:#fee4e2;color:#912018;padding:.05rem .4rem;border-radius:1rem;font-size:.8rem}
.hist{background:#eaecf0;color:#344054;padding:.05rem .4rem;border-radius:1rem;font-size:.8rem}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #d0d7de;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
.card b{display:block;font-size:1.6rem}section.cred{border:1px solid #d0d7de;border-radius:6px;padding:.2rem 1rem 1rem;margin:1rem 0}
.muted{color:#57606a;font-size:.85rem}ol li{margin:.25rem 0}
.v-live{background:#b42318;color:#fff;padding:.05rem .4rem;border-radius:1rem;font-size:.8rem}
.v-rejected{background:#dcfae6;color:#085d3a;padding:.05rem .4rem;border-radius:1rem;font-size:.8rem}
.v-unreachable,.v-skipped{background:#eaecf0;color:#344054;padding:.05rem .4rem;border-radius:1rem;font-size:.8rem}
";

pub fn write(
    out: &mut dyn Write,
    outcome: &Outcome,
    inventory: &[Credential],
    history: bool,
) -> std::io::Result<()> {
    let live = inventory.iter().filter(|c| c.live).count();
    let mut by_service: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut by_severity: BTreeMap<Severity, usize> = BTreeMap::new();
    for c in inventory {
        let label = if c.service_label.is_empty() {
            c.service.id().to_string()
        } else {
            c.service_label.clone()
        };
        let e = by_service.entry(label).or_default();
        if c.live {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
        *by_severity.entry(c.severity).or_default() += 1;
    }
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"en\"><head><meta charset=\"utf-8\" /><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" /><title>connleak audit report</title><style>{STYLE}</style></head><body>")?;
    writeln!(out, "<h1>Database credentials audit</h1>")?;
    writeln!(
        out,
        "<p class=\"muted\">connleak {} · {} · {} findings in {} {}</p>",
        env!("CARGO_PKG_VERSION"),
        if history {
            "full git history"
        } else {
            "working tree"
        },
        outcome.findings.len(),
        outcome.summary.files_scanned,
        if history { "blobs" } else { "files" }
    )?;
    writeln!(out, "<h2>Summary</h2><div class=\"cards\">")?;
    writeln!(
        out,
        "<div class=\"card\"><b>{}</b>credentials to rotate</div>",
        inventory.len()
    )?;
    writeln!(
        out,
        "<div class=\"card\"><b>{live}</b>still live{}</div>",
        if history { " at HEAD" } else { "" }
    )?;
    if history {
        writeln!(
            out,
            "<div class=\"card\"><b>{}</b>history only</div>",
            inventory.len() - live
        )?;
    }
    if inventory.iter().any(|c| c.verification.is_some()) {
        writeln!(
            out,
            "<div class=\"card\"><b class=\"high\">{}</b>accepted by their server (--verify): rotate now</div>",
            inventory
                .iter()
                .filter(|c| c.verification.as_ref().is_some_and(|v| v.is_live()))
                .count()
        )?;
    }
    for sev in [Severity::High, Severity::Medium, Severity::Low] {
        writeln!(
            out,
            "<div class=\"card\"><b class=\"{0}\">{1}</b>{0} severity</div>",
            sev.as_str(),
            by_severity.get(&sev).copied().unwrap_or(0)
        )?;
    }
    writeln!(out, "</div>")?;
    // the chart: credentials per service, live and history-only stacked
    let max = by_service
        .values()
        .map(|(a, b)| a + b)
        .max()
        .unwrap_or(1)
        .max(1);
    let row = 26;
    let height = row * by_service.len().max(1) + 10;
    writeln!(out, "<h3>Credentials by service</h3>")?;
    writeln!(out, "<svg width=\"720\" height=\"{height}\" role=\"img\" aria-label=\"credentials by service\">")?;
    for (i, (label, (l, h))) in by_service.iter().enumerate() {
        let y = i * row + 4;
        let wl = 400 * l / max;
        let wh = 400 * h / max;
        writeln!(
            out,
            "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text>",
            y + 15,
            esc(label)
        )?;
        writeln!(out, "<rect x=\"250\" y=\"{y}\" width=\"{wl}\" height=\"18\" fill=\"#d92d20\"><title>{l} live</title></rect>")?;
        writeln!(out, "<rect x=\"{}\" y=\"{y}\" width=\"{wh}\" height=\"18\" fill=\"#98a2b3\"><title>{h} history only</title></rect>", 250 + wl)?;
        writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>",
            256 + wl + wh,
            y + 15,
            l + h
        )?;
    }
    writeln!(out, "</svg>")?;
    writeln!(out, "<p class=\"muted\">Red: still live; grey: only in history. Every credential must be rotated: a password that was ever committed is compromised, whether or not it is still in the latest commit.</p>")?;

    writeln!(out, "<h2>Inventory</h2>")?;
    // the column exists only when --verify ran
    let verified = inventory.iter().any(|c| c.verification.is_some());
    writeln!(out, "<table><thead><tr><th>#</th>{}<th>Severity</th><th>Service</th><th>Host</th><th>User</th><th>Secret</th><th>Status</th><th>First seen</th><th>Last seen</th><th>Locations</th><th>Identity</th></tr></thead><tbody>", if verified { "<th>Verified</th>" } else { "" })?;
    for (i, c) in inventory.iter().enumerate() {
        writeln!(
            out,
            "<tr><td><a href=\"#c{i}\">{}</a></td>{}<td class=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            i + 1,
            if verified {
                format!("<td>{}</td>", c.verification.as_ref().map(verify_badge).unwrap_or_default())
            } else {
                String::new()
            },
            c.severity.as_str(),
            c.severity.as_str(),
            esc(&c.service_label),
            esc(c.host.as_deref().unwrap_or("")),
            esc(c.user.as_deref().unwrap_or("")),
            esc(&c.secret),
            status_badge(c.live),
            esc(c.first_seen.as_deref().unwrap_or("")),
            esc(c.last_seen.as_deref().unwrap_or("")),
            c.locations.len(),
            c.remediation.as_ref().map_or("", |r| r.identity.as_str()),
        )?;
    }
    writeln!(out, "</tbody></table>")?;

    writeln!(out, "<h2>Credentials</h2>")?;
    for (i, c) in inventory.iter().enumerate() {
        write_credential(out, i, c)?;
    }
    let merged = !outcome.summary.policies.is_empty();
    for r in outcome.summary.reviews() {
        // scan --policy-from: what the scanned tree changes in the policy
        let of = match (&r.repository, merged) {
            (Some(n), true) => format!(" of {}", esc(n)),
            _ => String::new(),
        };
        writeln!(
            out,
            "<h2>Policy{of} compared with {}</h2><p class=\"muted\">Configuration, baseline and rule files were read at {} (commit {}).</p><ul>",
            esc(&r.reference),
            esc(&r.reference),
            esc(&r.commit)
        )?;
        for c in &r.changes {
            writeln!(
                out,
                "<li class=\"high\">{} {}: {} {}</li>",
                esc(&c.rule),
                c.severity.as_str(),
                esc(&c.path),
                esc(&c.message(&r.reference))
            )?;
        }
        for a in &r.allowances_added {
            writeln!(
                out,
                "<li>inline allowance added: {}:{}:{} {} {}{}</li>",
                esc(&a.path),
                a.line,
                a.column,
                esc(&a.rule),
                a.severity.as_str(),
                a.justification
                    .as_deref()
                    .map(|j| format!(" (reason: {})", esc(j)))
                    .unwrap_or_default()
            )?;
        }
        if r.changes.is_empty() && r.allowances_added.is_empty() {
            writeln!(
                out,
                "<li>no policy file changed, no inline allowance added</li>"
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    if !outcome.errors.is_empty() {
        writeln!(out, "<h2>Problems during the scan</h2><ul>")?;
        for e in &outcome.errors {
            writeln!(out, "<li>{}</li>", esc(&e.message))?;
        }
        writeln!(out, "</ul>")?;
    }
    writeln!(out, "</body></html>")
}

fn status_badge(live: bool) -> &'static str {
    if live {
        "<span class=\"live\">live</span>"
    } else {
        "<span class=\"hist\">history only</span>"
    }
}

fn verify_badge(v: &Verification) -> String {
    format!(
        "<span class=\"v-{0}\" title=\"{1}\">{0}</span>",
        v.status.as_str(),
        esc(&v.detail)
    )
}

fn write_credential(out: &mut dyn Write, i: usize, c: &Credential) -> std::io::Result<()> {
    writeln!(out, "<section class=\"cred\" id=\"c{i}\">")?;
    writeln!(
        out,
        "<h3>{}. <span class=\"{}\">{}</span> {} {} {}</h3>",
        i + 1,
        c.severity.as_str(),
        c.severity.as_str(),
        esc(&c.service_label),
        esc(c.host.as_deref().unwrap_or("(host unknown)")),
        status_badge(c.live)
    )?;
    writeln!(
        out,
        "<p>User <code>{}</code>, secret <code>{}</code>, credential id <code>{}</code>.</p>",
        esc(c.user.as_deref().unwrap_or("?")),
        esc(&c.secret),
        esc(&c.id)
    )?;
    if let Some(v) = &c.verification {
        writeln!(
            out,
            "<p><b>Verification:</b> {} {}{}</p>",
            verify_badge(v),
            esc(&v.detail),
            c.advice
                .as_deref()
                .map(|a| format!(" <b>{}</b>", esc(a)))
                .unwrap_or_default()
        )?;
    }
    if let Some(r) = &c.remediation {
        writeln!(out, "<p><b>What to do:</b> {}.</p>", esc(&r.summary))?;
        if let Some(rep) = &r.replacement {
            writeln!(
                out,
                "<p><b>Replacement</b> ({}):<br /><code>{}</code></p>",
                esc(&r.stack_label),
                esc(rep)
            )?;
        }
        writeln!(
            out,
            "<p><b>Identity:</b> {}. {}</p>",
            r.identity.as_str(),
            esc_code(&r.identity_reason)
        )?;
        writeln!(out, "<ol>")?;
        for s in &r.steps {
            writeln!(out, "<li>{}</li>", esc_code(s))?;
        }
        writeln!(out, "</ol>")?;
        if !r.notes.is_empty() {
            writeln!(out, "<p class=\"muted\">Notes:</p><ul class=\"muted\">")?;
            for n in &r.notes {
                writeln!(out, "<li>{}</li>", esc_code(n))?;
            }
            writeln!(out, "</ul>")?;
        }
        writeln!(
            out,
            "<p class=\"muted\">Documentation:</p><ul class=\"muted\">"
        )?;
        for d in &r.docs {
            writeln!(
                out,
                "<li>{}: {}</li>",
                esc(&d.title),
                esc(d.url.trim_start_matches("https://"))
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    writeln!(out, "<table><thead><tr><th>Repository</th><th>Location</th><th>Rule</th><th>Status</th><th>Introduced</th><th>Removed by</th></tr></thead><tbody>")?;
    for l in &c.locations {
        let intro = match (&l.commit, &l.date) {
            (Some(id), Some(d)) => format!(
                "<code>{}</code> {} {}",
                esc(prefix(id, 10)),
                esc(d),
                esc(l.author.as_deref().unwrap_or(""))
            ),
            _ => String::new(),
        };
        writeln!(
            out,
            "<tr><td>{}</td><td><code>{}:{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(l.repository.as_deref().unwrap_or("")),
            esc(&l.path),
            l.line,
            esc(&l.rule),
            l.status.as_str(),
            intro,
            l.removed_by
                .as_deref()
                .map(|id| format!("<code>{}</code>", esc(prefix(id, 10))))
                .unwrap_or_default()
        )?;
    }
    writeln!(out, "</tbody></table></section>")
}
