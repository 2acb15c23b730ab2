//! PostgreSQL (and CockroachDB): the startup message, TLS when the server
//! accepts the SSLRequest, SCRAM-SHA-256 or MD5 (or clear text, which only
//! travels inside TLS or where the server asks for it), then Terminate.
//! tokio-postgres speaks the protocol over a socket opened here, to the
//! checked address.

use super::{connect, io_detail, live, rejected, unreachable, OVER_TLS, PLAIN};
use crate::plan::Target;
use connleak_core::model::Verification;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_postgres::error::SqlState;
use tokio_postgres::tls::{ChannelBinding, TlsConnect};

pub async fn verify(t: &Target, addr: SocketAddr, connections: &AtomicU64) -> Verification {
    let stream = match connect(addr, connections).await {
        Ok(s) => s,
        Err(e) => return unreachable(t, addr, &io_detail(&e)),
    };
    let mut config = tokio_postgres::Config::new();
    config
        .user(t.user.as_deref().unwrap_or_default())
        .password(t.password.as_bytes())
        // a database must be named; `postgres` exists on nearly every
        // server, and a missing one is reported after the password check
        .dbname(t.database.as_deref().unwrap_or("postgres"))
        .application_name("connleak --verify")
        .ssl_mode(tokio_postgres::config::SslMode::Prefer);
    let used_tls = Arc::new(AtomicBool::new(false));
    let tls = Tls {
        host: t.host.clone(),
        addr,
        used: used_tls.clone(),
    };
    let how = |tls: &AtomicBool| {
        if tls.load(Ordering::Relaxed) {
            OVER_TLS
        } else {
            PLAIN
        }
    };
    match config.connect_raw(stream, tls).await {
        Ok((client, connection)) => {
            // dropping the client makes the connection send Terminate and close
            drop(client);
            let _ = connection.await;
            live(t, addr, how(&used_tls))
        }
        Err(e) => judge(t, addr, &e, how(&used_tls)),
    }
}

fn judge(t: &Target, addr: SocketAddr, e: &tokio_postgres::Error, how: &str) -> Verification {
    let Some(db) = e.as_db_error() else {
        let mut why = e.to_string();
        if let Some(io) = std::error::Error::source(e).and_then(|s| s.downcast_ref::<io::Error>()) {
            why = io_detail(io);
        }
        return unreachable(t, addr, &format!("no verdict on the password: {why}"));
    };
    let code = db.code();
    let msg = format!("{} ({})", db.message(), code.code());
    if *code == SqlState::INVALID_PASSWORD {
        rejected(t, addr, &msg)
    } else if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION {
        // no pg_hba.conf entry, unknown role under some methods: refused
        // before or without a password check
        rejected(t, addr, &msg)
    } else if *code == SqlState::INVALID_CATALOG_NAME || *code == SqlState::INSUFFICIENT_PRIVILEGE {
        // raised after authentication succeeded
        live(
            t,
            addr,
            &format!("{how}; then it refused the database: {msg}"),
        )
    } else {
        unreachable(t, addr, &format!("no verdict on the password: {msg}"))
    }
}

/// tokio-postgres's TLS hook: rustls over the socket, recording that the
/// server agreed to TLS.
struct Tls {
    host: String,
    addr: SocketAddr,
    used: Arc<AtomicBool>,
}

impl TlsConnect<TcpStream> for Tls {
    type Stream = TlsStream;
    type Error = io::Error;
    type Future = Pin<Box<dyn Future<Output = io::Result<TlsStream>> + Send>>;

    fn connect(self, stream: TcpStream) -> Self::Future {
        Box::pin(async move {
            self.used.store(true, Ordering::Relaxed);
            let connector = tokio_rustls::TlsConnector::from(crate::tls::config());
            let name = crate::tls::server_name(&self.host, self.addr.ip());
            let s = connector.connect(name, stream).await?;
            Ok(TlsStream(s))
        })
    }
}

struct TlsStream(tokio_rustls::client::TlsStream<TcpStream>);

impl tokio_postgres::tls::TlsStream for TlsStream {
    // SCRAM-SHA-256 without channel binding (the certificate is not checked,
    // so binding to it would prove nothing)
    fn channel_binding(&self) -> ChannelBinding {
        ChannelBinding::none()
    }
}

impl AsyncRead for TlsStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl AsyncWrite for TlsStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}
