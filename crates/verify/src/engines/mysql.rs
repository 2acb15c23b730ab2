//! MySQL and MariaDB: the server greeting, an SSL request when the server
//! offers TLS, the handshake response with the auth plugin's proof
//! (mysql_native_password and caching_sha2_password send a scramble, not
//! the password), then COM_QUIT. mysql_async is told everything it would
//! otherwise ask the server after the login (packet size, wait timeout, no
//! socket preference, no init commands), so it sends no query; it connects
//! to the checked address (`resolved_ips`) and keeps the name for TLS.

use super::{io_detail, live, rejected, unreachable, OVER_TLS, PLAIN};
use crate::plan::Target;
use connleak_core::model::Verification;
use mysql_async::{Conn, DriverError, Error, IoError, OptsBuilder, SslOpts};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};

pub async fn verify(t: &Target, addr: SocketAddr, connections: &AtomicU64) -> Verification {
    match login(t, addr, connections, true).await {
        Ok(()) => live(t, addr, OVER_TLS),
        Err(Error::Driver(DriverError::NoClientSslFlagFromServer)) => {
            match login(t, addr, connections, false).await {
                Ok(()) => live(t, addr, PLAIN),
                Err(e) => judge(t, addr, &e),
            }
        }
        Err(e) => judge(t, addr, &e),
    }
}

async fn login(
    t: &Target,
    addr: SocketAddr,
    connections: &AtomicU64,
    tls: bool,
) -> Result<(), Error> {
    let ssl = tls.then(|| {
        SslOpts::default()
            .with_danger_accept_invalid_certs(true)
            .with_danger_skip_domain_validation(true)
    });
    let opts = OptsBuilder::default()
        .ip_or_hostname(t.host.clone())
        .resolved_ips(Some(vec![addr.ip()]))
        .tcp_port(addr.port())
        .user(t.user.clone())
        .pass(Some(t.password.clone()))
        .db_name(None::<String>)
        .prefer_socket(false)
        .max_allowed_packet(Some(16 * 1024 * 1024))
        .wait_timeout(Some(28_800))
        .stmt_cache_size(0)
        .ssl_opts(ssl);
    connections.fetch_add(1, Ordering::Relaxed);
    let conn = Conn::new(opts).await?;
    // COM_QUIT; the answer does not matter
    let _ = conn.disconnect().await;
    Ok(())
}

fn judge(t: &Target, addr: SocketAddr, e: &Error) -> Verification {
    match e {
        Error::Server(s) => {
            let msg = format!("{} ({})", s.message, s.code);
            match s.code {
                // ER_ACCESS_DENIED_ERROR, ER_ACCESS_DENIED_NO_PASSWORD_ERROR,
                // ER_HOST_NOT_PRIVILEGED (refused before the password),
                // ER_ACCOUNT_HAS_BEEN_LOCKED, ER_MUST_CHANGE_PASSWORD_LOGIN
                1045 | 1698 | 1130 | 3118 | 1862 => rejected(t, addr, &msg),
                // ER_DBACCESS_DENIED_ERROR: after the password was accepted
                1044 => live(t, addr, &format!("; then it refused the database: {msg}")),
                _ => unreachable(t, addr, &format!("no verdict on the password: {msg}")),
            }
        }
        Error::Io(IoError::Io(io)) => unreachable(t, addr, &io_detail(io)),
        Error::Io(io) => unreachable(t, addr, &format!("no verdict on the password: {io}")),
        Error::Driver(d) => unreachable(t, addr, &format!("no verdict on the password: {d}")),
        e => unreachable(t, addr, &format!("no verdict on the password: {e}")),
    }
}
