//! `connleak fix`: the remediation engine's exact edits as a unified diff;
//! with `--write`, applied.

use super::explain::scan_sources;
use crate::cli::FixArgs;
use anyhow::Result;
use connleak_report::escape_control;
use std::io::Write;

pub fn run(args: FixArgs) -> Result<u8> {
    let outcome = scan_sources(&args.source)?;
    let (plans, skipped) = crate::fix::plan(&outcome.findings);
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    for p in &plans {
        write!(w, "{}", crate::fix::diff(p, args.show_secrets))?;
    }
    for s in &skipped {
        eprintln!(
            "connleak: not fixing {}: {}",
            escape_control(&s.path),
            s.reason
        );
    }
    let fixed: usize = plans.iter().map(|p| p.findings.len()).sum();
    let manual = outcome.findings.len() - fixed;
    w.flush()?;
    let mut not_written = 0;
    if args.write {
        for p in &plans {
            if let Err(reason) = crate::fix::write_plan(p, &args.source.paths) {
                eprintln!(
                    "connleak: not writing {}: {reason}",
                    escape_control(&p.path)
                );
                not_written += 1;
            }
        }
    }
    eprintln!(
        "connleak: {} edit{} in {} file{}{}; {} other finding{} need{} a manual change (see `connleak scan --explain`).",
        fixed,
        if fixed == 1 { "" } else { "s" },
        plans.len(),
        if plans.len() == 1 { "" } else { "s" },
        match (args.write, not_written) {
            (false, _) => " (nothing written: add --write to apply)".to_string(),
            (true, 0) => " written".to_string(),
            (true, n) => format!(" written, except {n} file{} (see above)", if n == 1 { "" } else { "s" }),
        },
        manual,
        if manual == 1 { "" } else { "s" },
        if manual == 1 { "s" } else { "" },
    );
    // edits that move the secret to a store: the application needs it
    // from there before the edited file is deployed
    let moved: Vec<(String, String)> = plans
        .iter()
        .flat_map(|p| &p.findings)
        .filter_map(|i| {
            let r = i.remediation.as_ref()?;
            (r.identity == connleak_core::model::Identity::NotApplicable).then(|| {
                let note = r
                    .notes
                    .iter()
                    .find_map(|n| n.strip_prefix("Where the secret goes instead: "))
                    .unwrap_or("a secret store or the environment.")
                    .to_string();
                (
                    format!("{}:{}", escape_control(&i.finding.path), i.finding.line),
                    note,
                )
            })
        })
        .collect();
    if !moved.is_empty() {
        eprintln!("connleak: these edits read the password from a secret store instead. Before deploying them, put each secret there, and rotate it: the old value stays in git history.");
        for (at, note) in &moved {
            eprintln!("  {at}: {note}");
        }
        for line in kubectl_per_secret(moved.iter().map(|(_, n)| n.as_str())) {
            eprintln!("  {line}");
        }
    }
    if fixed > moved.len() {
        eprintln!("connleak: the edits change how the application signs in. Before deploying them, for each one:");
        eprintln!("  1. enable the managed identity on the resource that runs the code,");
        eprintln!("  2. create the database user for that identity (CREATE USER [..] FROM EXTERNAL PROVIDER / pgaadauth_create_principal),");
        eprintln!("  3. rotate the leaked password: it stays in git history even after this edit.");
        eprintln!("  `connleak explain <fingerprint>` prints the exact commands.");
    }
    Ok(if skipped.is_empty() && not_written == 0 {
        0
    } else {
        1
    })
}

/// Several edited `secretKeyRef`s of one Secret: `kubectl create secret`
/// fails on the second run, so the keys of each Secret are created by one
/// command (from the per-edit commands in the notes:
/// `read -rs VAR && kubectl create secret generic NAME [-n NS] --from-literal=KEY="$VAR"`).
fn kubectl_per_secret<'a>(notes: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut secrets: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for note in notes {
        let Some(cmd) = note.split('`').find(|c| {
            c.starts_with("read -rs ") && c.contains(" && kubectl create secret generic ")
        }) else {
            continue;
        };
        let Some((read, create)) = cmd.split_once(" && ") else {
            continue;
        };
        let var = read.trim_start_matches("read -rs ").trim().to_string();
        let Some((head, literal)) = create.split_once(" --from-literal=") else {
            continue;
        };
        let entry = (var, literal.to_string());
        match secrets.iter_mut().find(|(h, _)| *h == head) {
            Some((_, keys)) if !keys.contains(&entry) => keys.push(entry),
            Some(_) => {}
            None => secrets.push((head.to_string(), vec![entry])),
        }
    }
    secrets
        .into_iter()
        .filter(|(_, keys)| keys.len() > 1)
        .map(|(head, keys)| {
            let reads: Vec<String> = keys.iter().map(|(v, _)| format!("read -rs {v}")).collect();
            let literals: Vec<String> = keys
                .iter()
                .map(|(_, l)| format!("--from-literal={l}"))
                .collect();
            format!(
                "one Secret for these keys (`kubectl create secret` fails on a second run): `{} && {head} {}`",
                reads.join(" && "),
                literals.join(" ")
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_kubectl_command_per_secret() {
        let notes = [
            "a Kubernetes Secret ...: `read -rs A && kubectl create secret generic api-db -n shop --from-literal=a=\"$A\"` (the value ...)",
            "a Kubernetes Secret ...: `read -rs B && kubectl create secret generic api-db -n shop --from-literal=b=\"$B\"` (the value ...)",
            "a Kubernetes Secret ...: `read -rs C && kubectl create secret generic web-db --from-literal=c=\"$C\"` (the value ...)",
        ];
        assert_eq!(
            super::kubectl_per_secret(notes.into_iter()),
            vec!["one Secret for these keys (`kubectl create secret` fails on a second run): `read -rs A && read -rs B && kubectl create secret generic api-db -n shop --from-literal=a=\"$A\" --from-literal=b=\"$B\"`".to_string()]
        );
    }
}
