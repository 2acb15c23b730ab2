//! `connleak scan --verify`: is a leaked password still accepted?
//!
//! For each distinct credential (engine, host, port, user, password) of the
//! reported findings, one authentication handshake against the host named
//! with the password in the same connection string or configuration block
//! (the finding's own `host`), and nothing else: no query, no write; the
//! connection is closed as soon as the server has answered the login.
//!
//! Safety rules, all enforced here (see `docs/verify.md`):
//! - a password is only sent to the host of its own finding;
//! - a host is resolved once, and the address that was checked is the one
//!   connected to; loopback, private (RFC 1918, unique-local, shared) and
//!   link-local addresses are skipped unless the caller allows them;
//!   placeholder hosts (reserved names, documentation addresses) never;
//! - each attempt is bounded by a timeout; at most `per_host` attempts run
//!   against one address at a time; each credential is tried once.
//!
//! The only caller is the command line; nothing in a scanned repository can
//! turn verification on.

mod address;
mod engines;
mod plan;
mod tls;

use connleak_core::model::{Item, Verification, VerifyStatus, VerifySummary};
use plan::{Plan, Target};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

pub use address::{classify, AddressClass};
pub use plan::{placeholder_host, Protocol};

/// How verification runs.
#[derive(Clone, Debug)]
pub struct Options {
    /// bound on each credential's attempt (resolution, connection, TLS and
    /// login together)
    pub timeout: Duration,
    /// at most this many attempts at once against one address
    pub per_host: usize,
    /// also try hosts that resolve to loopback, private or link-local
    /// addresses
    pub allow_private: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            timeout: Duration::from_secs(5),
            per_host: 4,
            allow_private: false,
        }
    }
}

/// At most this many attempts in flight over all hosts (sockets are the
/// limit, not the servers).
const MAX_IN_FLIGHT: usize = 64;

/// Verify the credentials of `items`, setting each item's `verification`.
/// Items that share a credential share one attempt. Returns the counts.
pub fn verify(items: &mut [Item], opts: &Options) -> VerifySummary {
    let mut summary = VerifySummary::default();
    if items.is_empty() {
        return summary;
    }
    // plan: one target per distinct credential; the rest skipped now
    let plans: Vec<Plan> = items.iter().map(|i| plan::plan(&i.finding)).collect();
    let mut targets: Vec<Target> = Vec::new();
    let mut index: HashMap<plan::Key, usize> = HashMap::new();
    let mut of_item: Vec<Option<usize>> = Vec::with_capacity(items.len());
    for p in &plans {
        of_item.push(match p {
            Plan::Try(t) => Some(*index.entry(t.key()).or_insert_with(|| {
                targets.push(t.clone());
                targets.len() - 1
            })),
            Plan::Skip(_) => None,
        });
    }
    let connections = Arc::new(AtomicU64::new(0));
    let results = if targets.is_empty() {
        Vec::new()
    } else {
        match tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
        {
            Ok(rt) => {
                let r = rt.block_on(run(targets, opts, connections.clone()));
                // a resolver thread stuck in getaddrinfo must not hold the exit
                rt.shutdown_background();
                r
            }
            Err(e) => targets
                .iter()
                .map(|_| {
                    Verification::new(
                        VerifyStatus::Skipped,
                        format!("could not start the network runtime: {e}"),
                    )
                })
                .collect(),
        }
    };
    let mut skipped_seen = std::collections::HashSet::new();
    for ((item, p), t) in items.iter_mut().zip(plans).zip(of_item) {
        let v = match (t, p) {
            (Some(t), _) => results[t].clone(),
            (None, Plan::Skip(v)) => {
                // a skipped credential is counted once, like a tried one
                let f = &item.finding;
                let key = (
                    f.host.clone(),
                    f.port,
                    f.user.clone(),
                    f.secret.expose().to_string(),
                );
                if skipped_seen.insert(key) {
                    summary.count(v.status);
                }
                v
            }
            (None, Plan::Try(_)) => continue,
        };
        item.verification = Some(v);
    }
    for r in &results {
        summary.count(r.status);
    }
    summary.connections = connections.load(Ordering::Relaxed);
    summary
}

/// Resolve every host once, then try every target, concurrently within the
/// limits. Results in the order of `targets`.
async fn run(
    targets: Vec<Target>,
    opts: &Options,
    connections: Arc<AtomicU64>,
) -> Vec<Verification> {
    // 1. resolve each distinct host name once
    let mut names: Vec<String> = targets.iter().map(|t| t.host.clone()).collect();
    names.sort();
    names.dedup();
    let mut lookups = tokio::task::JoinSet::new();
    for name in names {
        let timeout = opts.timeout;
        lookups.spawn(async move {
            let r = address::resolve(&name, timeout).await;
            (name, r)
        });
    }
    let mut resolved: HashMap<String, Result<IpAddr, String>> = HashMap::new();
    while let Some(j) = lookups.join_next().await {
        if let Ok((name, r)) = j {
            resolved.insert(name, r);
        }
    }
    // 2. check each address, then try each target within the limits
    let global = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
    let mut per_ip: HashMap<IpAddr, Arc<Semaphore>> = HashMap::new();
    let mut out: Vec<Option<Verification>> = vec![None; targets.len()];
    let mut attempts = tokio::task::JoinSet::new();
    for (i, t) in targets.into_iter().enumerate() {
        let ip = match resolved.get(&t.host) {
            Some(Ok(ip)) => *ip,
            Some(Err(e)) => {
                out[i] = Some(Verification::new(VerifyStatus::Unreachable, e));
                continue;
            }
            None => {
                out[i] = Some(Verification::new(
                    VerifyStatus::Unreachable,
                    format!("could not resolve {}", t.host),
                ));
                continue;
            }
        };
        if let Some(skip) = address::check(&t.host, ip, opts.allow_private) {
            out[i] = Some(skip);
            continue;
        }
        let host_limit = per_ip
            .entry(ip)
            .or_insert_with(|| Arc::new(Semaphore::new(opts.per_host.max(1))))
            .clone();
        let global = global.clone();
        let connections = connections.clone();
        let timeout = opts.timeout;
        attempts.spawn(async move {
            let _g = global.acquire_owned().await;
            let _h = host_limit.acquire_owned().await;
            let addr = SocketAddr::new(ip, t.port);
            let v = match tokio::time::timeout(timeout, engines::attempt(&t, addr, &connections))
                .await
            {
                Ok(v) => v,
                Err(_) => Verification::new(
                    VerifyStatus::Unreachable,
                    format!(
                        "no answer from {} within {} s",
                        t.endpoint(addr),
                        timeout.as_secs_f64()
                    ),
                ),
            };
            (i, v)
        });
    }
    while let Some(j) = attempts.join_next().await {
        if let Ok((i, v)) = j {
            out[i] = Some(v);
        }
    }
    out.into_iter()
        .map(|v| {
            v.unwrap_or_else(|| {
                Verification::new(VerifyStatus::Unreachable, "the attempt did not finish")
            })
        })
        .collect()
}
