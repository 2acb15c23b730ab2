//! Everything known about one finding before the advice is written: where
//! the database lives, which client stack reads the credential (and its
//! version), whether it is a server's own administrator password, and the
//! evidence from the project around the file.

use crate::project;
use crate::stack;
use crate::target::{self, Target};
use connleak_core::model::{Finding, Kind, Stack};
use std::sync::Arc;

/// Everything known about one finding before the advice is written.
pub struct Context {
    pub target: Target,
    /// the server's own administrator password in infrastructure code (not
    /// a client's connection string that happens to sit in a .tf file)
    pub server_admin: bool,
    pub stack: Stack,
    pub version: Option<String>,
    /// shared by every finding of the same file: it holds the file's text
    pub evidence: Arc<project::Evidence>,
}

pub fn context(f: &Finding, evidence: Arc<project::Evidence>) -> Context {
    let (stack, version) = stack::detect(f, &evidence);
    let mut target = target::of(f);
    let server_admin = stack.is_iac() && f.kind == Kind::Iac;
    if server_admin {
        // infrastructure code names the server by the type of the resource
        // that encloses the password
        if let Some(r) = target::server_of(f, &evidence.file) {
            let cloud = match &target {
                Target::Azure { cloud, .. } => *cloud,
                Target::NotAzure(_) => connleak_core::model::Cloud::Public,
            };
            target = Target::Azure {
                service: r.service,
                cloud,
            };
        }
    }
    if stack == Stack::SpringBoot && target == Target::NotAzure(target::Elsewhere::Unknown) {
        // a bare `password:` under spring.datasource: the datasource URL in
        // the same file names the server
        if let Some(h) = spring_url_host(&evidence.file) {
            let mut g = f.clone();
            g.host = Some(h);
            g.service = None;
            g.cloud = None;
            target = target::of(&g);
        }
    }
    Context {
        target,
        server_admin,
        stack,
        version,
        evidence,
    }
}

/// The host of the first JDBC URL of a Spring configuration file.
fn spring_url_host(file: &str) -> Option<String> {
    let b = file.as_bytes();
    let mut from = 0;
    while let Some(i) = file[from..].find("jdbc:") {
        let at = from + i;
        from = at + 5;
        if let Some(u) = connleak_core::grammar::jdbc::parse_at(b, at, (at + 2048).min(b.len())) {
            if u.host.is_some() {
                return u.host;
            }
        }
    }
    None
}
