//! SQL Server and Azure SQL: TDS pre-login asking for encryption, the TLS
//! handshake inside TDS, LOGIN7 with SQL authentication, and the login
//! response; then the socket is closed. tiberius speaks TDS over a socket
//! opened here, to the checked address; the host name goes into the login
//! (Azure SQL's gateway routes by it). A redirection to another host (Azure
//! SQL's `Redirect` connection policy) is not followed: the password goes
//! to the host named with it and nowhere else.

use super::{connect, io_detail, live, rejected, unreachable, OVER_TLS};
use crate::plan::Target;
use connleak_core::model::Verification;
use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use tiberius::{AuthMethod, Client, Config, EncryptionLevel};
use tokio_util::compat::TokioAsyncWriteCompatExt;

pub async fn verify(t: &Target, addr: SocketAddr, connections: &AtomicU64) -> Verification {
    let stream = match connect(addr, connections).await {
        Ok(s) => s,
        Err(e) => return unreachable(t, addr, &io_detail(&e)),
    };
    let mut config = Config::new();
    config.host(&t.host);
    config.port(addr.port());
    config.authentication(AuthMethod::sql_server(
        t.user.as_deref().unwrap_or_default(),
        &t.password,
    ));
    // TLS for the whole session, as `Encrypt=strict|mandatory`; a server
    // without TLS is not sent the login at all
    config.encryption(EncryptionLevel::Required);
    config.trust_cert();
    config.application_name("connleak --verify");
    if let Some(db) = &t.database {
        config.database(db);
    }
    match Client::connect(config, stream.compat_write()).await {
        Ok(client) => {
            let _ = client.close().await;
            live(t, addr, OVER_TLS)
        }
        Err(e) => judge(t, addr, &e),
    }
}

fn judge(t: &Target, addr: SocketAddr, e: &tiberius::error::Error) -> Verification {
    use tiberius::error::Error as E;
    match e {
        E::Server(token) => {
            let msg = format!("{} ({})", token.message(), token.code());
            match token.code() {
                // Cannot open database requested by the login: raised after
                // the password was accepted
                4060 => live(t, addr, &format!("{OVER_TLS}; then it refused the database: {msg}")),
                // 18456 login failed, 18470 disabled, 18486 locked out,
                // 18487/18488 password expired / must change, 40532 unknown
                // server (Azure), 18452 untrusted domain
                _ => rejected(t, addr, &msg),
            }
        }
        E::Io { kind, message } => unreachable(
            t,
            addr,
            &io_detail(&std::io::Error::new(*kind, message.clone())),
        ),
        E::Routing { host, port } => unreachable(
            t,
            addr,
            &format!(
                "no verdict on the password: the server redirects logins to {host}:{port}, a host not named with the password (not followed)"
            ),
        ),
        E::Tls(m) => unreachable(t, addr, &format!("no verdict on the password: TLS: {m}")),
        e => unreachable(t, addr, &format!("no verdict on the password: {e}")),
    }
}
