//! `connleak merge`: several JSON reports (one per repository or job) into
//! one, with one inventory across them. Reports are read back as the typed
//! report model; an item that two reports both carry (the same report given
//! twice, overlapping jobs) is kept once.

use crate::inventory;
use connleak_core::model::{Item, PolicyReview, Report, Summary, VERSION};
use std::borrow::Cow;
use std::collections::HashSet;

/// What makes two reported items the same one.
fn identity(i: &Item) -> String {
    let f = &i.finding;
    let p = i.provenance.as_deref();
    format!(
        "{}\0{}\0{}\0{}\0{}\0{}\0{}",
        i.repository().unwrap_or(""),
        p.map_or("", |p| p.introduced.id.as_str()),
        f.path,
        f.line,
        f.column,
        f.rule,
        f.fingerprint,
    )
}

/// Keep the first of items that are the same one.
fn dedup(items: &mut Vec<Item>) {
    let mut seen = HashSet::new();
    items.retain(|i| seen.insert(identity(i)));
}

pub fn merge(reports: Vec<Report<'_>>) -> Report<'static> {
    let n = reports.len();
    let mut findings: Vec<Item> = Vec::new();
    let mut suppressed: Vec<Item> = Vec::new();
    let mut errors = Vec::new();
    let mut skipped = Vec::new();
    let mut unlisted = Vec::new();
    let mut summary = Summary::default();
    let mut reviews: Vec<PolicyReview> = Vec::new();
    for r in reports {
        summary.absorb(&r.summary);
        // `scan --policy-from` reviews, labelled with their repository (a
        // report written before reviews carried it: the one repository its
        // findings name, if they name one)
        let only_repository = {
            let mut names = r
                .findings
                .iter()
                .chain(r.suppressed.iter())
                .filter_map(|i| i.repository());
            let first = names.next();
            first.filter(|f| names.all(|n| n == *f)).map(str::to_string)
        };
        for mut review in r
            .summary
            .policy
            .clone()
            .into_iter()
            .chain(r.summary.policies.clone())
        {
            if review.repository.is_none() {
                review.repository = only_repository.clone();
            }
            if !reviews.contains(&review) {
                reviews.push(review);
            }
        }
        summary.elapsed_ms += r.summary.elapsed_ms;
        findings.extend(r.findings.into_owned());
        suppressed.extend(r.suppressed.into_owned());
        errors.extend(r.errors);
        skipped.extend(r.skipped);
        unlisted.extend(r.unlisted);
    }
    dedup(&mut findings);
    dedup(&mut suppressed);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    suppressed.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    errors.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    errors.dedup();
    skipped.sort();
    skipped.dedup();
    unlisted.sort();
    unlisted.dedup();
    reviews.sort_by(|a, b| {
        (&a.repository, &a.reference, &a.commit).cmp(&(&b.repository, &b.reference, &b.commit))
    });
    summary.policies = reviews;
    summary.findings = findings.len() as u64;
    summary.suppressed = suppressed.len() as u64;
    // the secrets are what the reports hold (redacted, unless a report was
    // written with --show-secrets): used as they are
    let inventory = inventory::build(&findings, true);
    Report {
        version: VERSION,
        merged_reports: Some(n),
        findings: Cow::Owned(findings),
        inventory,
        errors,
        skipped,
        unlisted,
        summary,
        suppressed: Cow::Owned(suppressed),
    }
}
