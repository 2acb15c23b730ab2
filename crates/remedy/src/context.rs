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
        // a bare `password:` under spring.datasource: the datasource URL
        // nearest to it in the same file names the server, when it is of
        // the finding's engine
        if let Some(h) = spring_url_host(f, &evidence.file) {
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

/// The host of the JDBC URL nearest to the finding in a Spring
/// configuration file (another profile's datasource is further away), if
/// that URL names a host and is of the finding's engine. Without the
/// finding's position in the file, the URL must be the file's only one.
fn spring_url_host(f: &Finding, file: &str) -> Option<String> {
    let b = file.as_bytes();
    let at = target::offset_in(f, file);
    let mut urls = Vec::new();
    let mut from = 0;
    while let Some(i) = file[from..].find("jdbc:") {
        let start = from + i;
        from = start + 5;
        if let Some(u) =
            connleak_core::grammar::jdbc::parse_at(b, start, (start + 2048).min(b.len()))
        {
            urls.push((start, u));
        }
    }
    let (_, url) = match at {
        Some(at) => urls.into_iter().min_by_key(|(s, _)| s.abs_diff(at))?,
        None if urls.len() == 1 => urls.pop()?,
        None => return None,
    };
    let engine = connleak_core::model::Engine::from_word(&url.subprotocol);
    if let (Some(a), Some(b)) = (f.engine, engine) {
        if a != b {
            return None;
        }
    }
    url.host
}

#[cfg(test)]
mod tests {
    use crate::project::Evidence;

    // Regression (issue 13): an Oracle datasource password got the Azure
    // PostgreSQL advice of the first JDBC URL in the file.
    #[test]
    fn a_spring_password_takes_the_url_of_its_own_datasource() {
        let text = "spring:\n  config:\n    activate:\n      on-profile: azure\n  datasource:\n    url: jdbc:postgresql://fab-pg.postgres.database.azure.com:5432/orders\n    username: app\n---\nspring:\n  config:\n    activate:\n      on-profile: legacy\n  datasource:\n    url: jdbc:oracle:thin:@fab-ora.corp.internal:1521/ORCL\n    username: legacy\n    password: Fab-Or4!cLe9\n";
        let ev = Evidence {
            unit: "svc".into(),
            file: text.to_ascii_lowercase(),
            ..Default::default()
        };
        let items = crate::tests::advise_text("src/main/resources/application.yml", text, &ev);
        assert_eq!(items.len(), 1, "{items:?}");
        let r = items[0].remediation.as_ref().expect("remediation");
        assert_eq!(r.service.id(), "not-azure", "{r:?}");
        // the secret store's reference, not the PostgreSQL plugin's URL
        assert_eq!(
            r.replacement.as_deref(),
            Some("    password: ${DB_PASSWORD}"),
            "{r:?}"
        );
    }
}
