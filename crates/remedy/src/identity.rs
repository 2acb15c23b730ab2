//! System- or user-assigned: decided across the whole scan. One credential
//! used by several deployable units gets one shared user-assigned identity;
//! used by one, a system-assigned identity tied to that resource.

use crate::advice;
use crate::context::Context;
use crate::project;
use crate::target::{self, Target};
use connleak_core::model::{Finding, Identity};
use std::collections::{BTreeSet, HashMap};

/// The identity of a credential that several deployable units use (one
/// scan's units, or the units of several reports merged): one user-assigned
/// identity that all of them share. `units` are distinct.
pub fn shared_identity<S: AsRef<str>>(units: &[S]) -> (Identity, String) {
    let list: Vec<&str> = units.iter().map(AsRef::as_ref).collect();
    (
        Identity::UserAssigned,
        format!(
            "The same credential (host, user and password) is used by {} deployable units ({}): one user-assigned identity can be shared by all of them and outlives any one of them.",
            list.len(),
            list.join(", ")
        ),
    )
}

/// The identity for each finding, decided across the scan: a credential
/// (same host, user and secret) used by several deployable units gets a
/// user-assigned identity that all of them share; used by one, a
/// system-assigned identity tied to that resource.
pub fn decide_identities(findings: &[&Finding], contexts: &[Context]) -> Vec<(Identity, String)> {
    type Key = (String, String, String);
    let key = |f: &Finding| -> Key {
        (
            f.host.clone().unwrap_or_default().to_ascii_lowercase(),
            f.user.clone().unwrap_or_default().to_ascii_lowercase(),
            f.secret.expose().to_string(),
        )
    };
    // a library's credential runs in every deployable unit that references
    // it: those units use it, not the library's own folder
    let users = |cx: &Context| -> Vec<String> {
        if cx.evidence.consumers.is_empty() {
            vec![cx.evidence.unit.clone()]
        } else {
            cx.evidence.consumers.clone()
        }
    };
    let mut units: HashMap<Key, BTreeSet<String>> = HashMap::new();
    for (f, cx) in findings.iter().copied().zip(contexts) {
        if cx.target.is_azure() && !cx.server_admin {
            units.entry(key(f)).or_default().extend(users(cx));
        }
    }
    findings
        .iter()
        .copied()
        .zip(contexts)
        .map(|(f, cx)| {
            let host = f.host.as_deref().unwrap_or("this host");
            match &cx.target {
                Target::NotAzure(target::Elsewhere::Unknown) => (
                    Identity::NotApplicable,
                    "The finding does not name the database host, so connleak cannot tell whether a managed identity could reach it; treat it as a secret to move to a secret store.".to_string(),
                ),
                Target::NotAzure(target::Elsewhere::LocalFile) => (
                    Identity::NotApplicable,
                    "This is the encryption key of a SQLite file (SQLCipher), not a login: no server checks it, so no identity can replace it. It must stay a secret, kept outside the repository.".to_string(),
                ),
                Target::NotAzure(_) => (
                    Identity::NotApplicable,
                    format!(
                        "{host} is not an Azure database: managed identities authenticate only to Azure services, and only from workloads running in Azure."
                    ),
                ),
                Target::Azure { service, .. } if *service == connleak_core::model::AzureService::MariaDb => (
                    Identity::NotApplicable,
                    "Azure Database for MariaDB has no Microsoft Entra authentication (the service is retired): migrate to Azure Database for MySQL flexible server, then use a managed identity.".to_string(),
                ),
                Target::Azure { service: connleak_core::model::AzureService::CosmosDb, .. } if advice::is_cosmos_mongo(f) => (
                    Identity::NotApplicable,
                    "Azure Cosmos DB for MongoDB: Microsoft documents role-based access with managed identities for the NoSQL API, not for MongoDB account keys, so the key has to move to Key Vault instead.".to_string(),
                ),
                Target::Azure { .. } if cx.server_admin => (
                    Identity::NotApplicable,
                    "This is the server's administrator password in infrastructure code: the fix is Microsoft Entra authentication on the server; each application then gets its own managed identity.".to_string(),
                ),
                Target::Azure { .. } => {
                    let us = units.get(&key(f)).cloned().unwrap_or_default();
                    let unit = &cx.evidence.unit;
                    let library = &cx.evidence.consumers;
                    if us.len() > 1 && !library.is_empty() {
                        let others: Vec<&String> =
                            us.iter().filter(|u| !library.contains(u)).collect();
                        (
                            Identity::UserAssigned,
                            format!(
                                "{unit} is a library referenced by {} deployable projects ({}){}: the credential runs in each of them, so one user-assigned identity shared by all of them replaces it, and outlives any one of them.",
                                library.len(),
                                library.join(", "),
                                if others.is_empty() {
                                    String::new()
                                } else {
                                    format!(
                                        ", and the same credential is used by {}",
                                        others.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                                    )
                                }
                            ),
                        )
                    } else if us.len() > 1 {
                        shared_identity(&us.iter().collect::<Vec<_>>())
                    } else if let [only] = library.as_slice() {
                        (
                            Identity::SystemAssigned,
                            format!(
                                "{unit} is a library that only {only} references: a system-assigned identity of the resource that runs {only} is tied to it and deleted with it."
                            ),
                        )
                    } else if cx.evidence.hosting == project::Hosting::Kubernetes {
                        (
                            Identity::UserAssigned,
                            format!(
                                "{unit} runs on Kubernetes: AKS workload identity federates a user-assigned identity with the pod's service account (a system-assigned identity belongs to one Azure resource, not to a pod)."
                            ),
                        )
                    } else {
                        (
                            Identity::SystemAssigned,
                            format!(
                                "Only {unit} uses this credential: a system-assigned identity is tied to the one resource that runs it and is deleted with it, so nothing is left behind."
                            ),
                        )
                    }
                }
            }
        })
        .collect()
}
