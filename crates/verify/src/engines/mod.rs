//! One authentication handshake per engine. Each function connects to the
//! address that was checked, logs in, and closes: no query, no write. The
//! caller bounds it with the timeout.

mod mssql;
mod mysql;
mod postgres;
mod redis;

use crate::plan::{Protocol, Target};
use connleak_core::model::{Verification, VerifyStatus};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::net::TcpStream;

pub async fn attempt(t: &Target, addr: SocketAddr, connections: &AtomicU64) -> Verification {
    crate::tls::install_provider();
    let v = match t.protocol {
        Protocol::Postgres => postgres::verify(t, addr, connections).await,
        Protocol::MySql => mysql::verify(t, addr, connections).await,
        Protocol::SqlServer => mssql::verify(t, addr, connections).await,
        Protocol::Redis => redis::verify(t, addr, connections).await,
    };
    if t.default_port && v.status != VerifyStatus::Live {
        // say so: the port may be wrong rather than the password
        Verification::new(
            v.status,
            format!(
                "{} (port {} is {}'s default: none was named with the password)",
                v.detail,
                t.port,
                t.protocol.as_str()
            ),
        )
    } else {
        v
    }
}

/// Open a TCP connection to the checked address, counted.
async fn connect(addr: SocketAddr, connections: &AtomicU64) -> std::io::Result<TcpStream> {
    connections.fetch_add(1, Ordering::Relaxed);
    let s = TcpStream::connect(addr).await?;
    let _ = s.set_nodelay(true);
    Ok(s)
}

fn live(t: &Target, addr: SocketAddr, how: &str) -> Verification {
    Verification::new(
        VerifyStatus::Live,
        format!(
            "{} at {} accepted the login{how}",
            t.protocol.as_str(),
            t.endpoint(addr)
        ),
    )
}

fn rejected(t: &Target, addr: SocketAddr, why: &str) -> Verification {
    Verification::new(
        VerifyStatus::Rejected,
        format!(
            "{} at {} refused the login: {why}",
            t.protocol.as_str(),
            t.endpoint(addr)
        ),
    )
}

fn unreachable(t: &Target, addr: SocketAddr, why: &str) -> Verification {
    Verification::new(
        VerifyStatus::Unreachable,
        format!("{} at {}: {why}", t.protocol.as_str(), t.endpoint(addr)),
    )
}

/// A connection-level failure, in words.
fn io_detail(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::ConnectionRefused => "connection refused".into(),
        K::ConnectionReset => "connection reset".into(),
        K::ConnectionAborted => "connection aborted".into(),
        K::UnexpectedEof => "the server closed the connection".into(),
        K::TimedOut => "timed out".into(),
        _ => e.to_string(),
    }
}

/// Suffix for a login that was accepted without TLS.
const PLAIN: &str = " without TLS: the server does not offer it, so the login was not encrypted";
/// Suffix for a login over TLS.
const OVER_TLS: &str = " over TLS (certificate not checked)";
