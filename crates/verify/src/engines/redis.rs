//! Redis (and Azure Cache for Redis): one `AUTH [user] password` command,
//! one reply line, then the socket is closed. A Redis port speaks either
//! plain RESP or TLS, never both, so the port is asked first, with nothing
//! secret: `PING` on a plain connection. A RESP reply (`+PONG`, `-NOAUTH`)
//! means a plain server, and `AUTH` follows on that connection (in clear:
//! the server can do nothing else, and the detail says so); anything else
//! (a TLS alert, a closed connection) means TLS, and `AUTH` goes over a new
//! TLS connection. Written here rather than with the `redis` crate: the
//! exchange is two short commands, and the crate sends more when it
//! connects (`CLIENT SETINFO`).

use super::{connect, io_detail, live, rejected, unreachable, OVER_TLS, PLAIN};
use crate::plan::Target;
use connleak_core::model::Verification;
use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// The longest reply line read.
const MAX_REPLY: usize = 1024;

pub async fn verify(t: &Target, addr: SocketAddr, connections: &AtomicU64) -> Verification {
    let mut plain = match connect(addr, connections).await {
        Ok(s) => s,
        Err(e) => return unreachable(t, addr, &io_detail(&e)),
    };
    let speaks_resp = match send(&mut plain, b"PING\r\n").await {
        Ok(reply) => reply.starts_with(['+', '-']),
        // closed or reset: a TLS port that did not like the plain bytes
        Err(_) => false,
    };
    if speaks_resp {
        return match auth(&mut plain, t).await {
            Ok(reply) => judge(t, addr, &reply, PLAIN),
            Err(e) => unreachable(t, addr, &io_detail(&e)),
        };
    }
    drop(plain);
    let tcp = match connect(addr, connections).await {
        Ok(s) => s,
        Err(e) => return unreachable(t, addr, &io_detail(&e)),
    };
    let connector = tokio_rustls::TlsConnector::from(crate::tls::config());
    let name = crate::tls::server_name(&t.host, addr.ip());
    let mut tls = match connector.connect(name, tcp).await {
        Ok(s) => s,
        Err(e) => {
            return unreachable(
                t,
                addr,
                &format!(
                    "no verdict on the password: neither plain RESP nor TLS ({})",
                    io_detail(&e)
                ),
            )
        }
    };
    match auth(&mut tls, t).await {
        Ok(reply) => judge(t, addr, &reply, OVER_TLS),
        Err(e) => unreachable(t, addr, &format!("over TLS: {}", io_detail(&e))),
    }
}

/// `AUTH` as a RESP array (binary-safe: any byte of the password goes as
/// it is); `AUTH password` alone when the server predates ACL users.
async fn auth<S: AsyncRead + AsyncWrite + Unpin>(s: &mut S, t: &Target) -> std::io::Result<String> {
    let user = t.user.as_deref().filter(|u| !u.is_empty());
    let reply = send(s, &command(user, &t.password)).await?;
    if user.is_some() && reply.contains("wrong number of arguments") {
        // Redis before 6 has one password and no user names
        return send(s, &command(None, &t.password)).await;
    }
    Ok(reply)
}

fn command(user: Option<&str>, password: &str) -> Vec<u8> {
    let mut args: Vec<&[u8]> = vec![b"AUTH"];
    if let Some(u) = user {
        args.push(u.as_bytes());
    }
    args.push(password.as_bytes());
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for a in args {
        out.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
        out.extend_from_slice(a);
        out.extend_from_slice(b"\r\n");
    }
    out
}

async fn send<S: AsyncRead + AsyncWrite + Unpin>(s: &mut S, cmd: &[u8]) -> std::io::Result<String> {
    s.write_all(cmd).await?;
    s.flush().await?;
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while line.len() < MAX_REPLY {
        if s.read(&mut byte).await? == 0 {
            if line.is_empty() {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            break;
        }
        if byte[0] == b'\n' {
            break;
        }
        line.push(byte[0]);
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(String::from_utf8_lossy(&line).into_owned())
}

fn judge(t: &Target, addr: SocketAddr, reply: &str, how: &str) -> Verification {
    if reply == "+OK" {
        return live(t, addr, how);
    }
    let Some(err) = reply.strip_prefix('-') else {
        return unreachable(
            t,
            addr,
            &format!("no verdict on the password: not a Redis reply: {reply}"),
        );
    };
    let upper = err.to_ascii_uppercase();
    if upper.starts_with("WRONGPASS") || upper.contains("INVALID PASSWORD") {
        rejected(t, addr, err)
    } else if upper.contains("NO PASSWORD IS SET")
        || upper.contains("WITHOUT ANY PASSWORD CONFIGURED")
    {
        rejected(
            t,
            addr,
            &format!("{err} (the server has no password: anyone can connect without one)"),
        )
    } else {
        unreachable(t, addr, &format!("no verdict on the password: {err}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_is_one_binary_safe_resp_array() {
        assert_eq!(
            command(Some("app"), "p a\r\nss"),
            b"*3\r\n$4\r\nAUTH\r\n$3\r\napp\r\n$7\r\np a\r\nss\r\n".to_vec()
        );
        assert_eq!(
            command(None, "pw"),
            b"*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n".to_vec()
        );
    }
}
