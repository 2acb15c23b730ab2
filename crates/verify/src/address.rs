//! Resolve a host once and judge the address before anything is sent to
//! it: a pull request must not be able to make a CI runner log in to its
//! own loopback services or probe its internal network.

use connleak_core::model::{Verification, VerifyStatus};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

/// What kind of address a host resolved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressClass {
    Public,
    Loopback,
    /// RFC 1918, IPv6 unique-local (fc00::/7), shared address space
    /// (100.64.0.0/10, RFC 6598)
    Private,
    /// 169.254.0.0/16 (cloud metadata services live there), fe80::/10
    LinkLocal,
    /// unspecified, multicast, broadcast, reserved: never a server
    NotUnicast,
}

impl AddressClass {
    fn describe(self) -> &'static str {
        match self {
            AddressClass::Public => "public",
            AddressClass::Loopback => "loopback",
            AddressClass::Private => "private",
            AddressClass::LinkLocal => "link-local",
            AddressClass::NotUnicast => "not a unicast",
        }
    }
}

pub fn classify(ip: IpAddr) -> AddressClass {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return classify_v4(v4);
            }
            let s = v6.segments();
            if v6.is_loopback() {
                AddressClass::Loopback
            } else if v6.is_unspecified() || v6.is_multicast() {
                AddressClass::NotUnicast
            } else if s[0] & 0xfe00 == 0xfc00 {
                AddressClass::Private
            } else if s[0] & 0xffc0 == 0xfe80 {
                AddressClass::LinkLocal
            } else if s[0] == 0x0064 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
                // NAT64 (64:ff9b::/96): judge the IPv4 address inside
                let o = v6.octets();
                classify_v4(Ipv4Addr::new(o[12], o[13], o[14], o[15]))
            } else {
                AddressClass::Public
            }
        }
    }
}

fn classify_v4(ip: Ipv4Addr) -> AddressClass {
    let o = ip.octets();
    if ip.is_loopback() {
        AddressClass::Loopback
    } else if ip.is_private() || (o[0] == 100 && (64..128).contains(&o[1])) {
        AddressClass::Private
    } else if ip.is_link_local() {
        AddressClass::LinkLocal
    } else if o[0] == 0 || o[0] >= 224 || ip.is_broadcast() {
        AddressClass::NotUnicast
    } else {
        AddressClass::Public
    }
}

/// Addresses reserved for documentation (RFC 5737, RFC 3849): a
/// placeholder, whatever the flags.
pub fn documentation(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => matches!(
            v4.octets(),
            [192, 0, 2, _] | [198, 51, 100, _] | [203, 0, 113, _]
        ),
        IpAddr::V6(v6) => v6.segments()[0] == 0x2001 && v6.segments()[1] == 0x0db8,
    }
}

/// The address a host is connected to: an address literal as it is, a
/// name resolved once (the first address the resolver gives). The caller
/// checks this address and connects to it, so a name cannot resolve to
/// one thing for the check and to another for the connection.
pub async fn resolve(host: &str, timeout: Duration) -> Result<IpAddr, String> {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(ip);
    }
    if let Some(ip) = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .and_then(|h| h.parse::<Ipv6Addr>().ok())
    {
        return Ok(IpAddr::V6(ip));
    }
    match tokio::time::timeout(timeout, tokio::net::lookup_host((host, 0))).await {
        Err(_) => Err(format!(
            "DNS: no answer for {host} within {} s",
            timeout.as_secs_f64()
        )),
        Ok(Err(e)) => Err(format!("DNS: could not resolve {host}: {e}")),
        Ok(Ok(mut addrs)) => addrs
            .next()
            .map(|a| a.ip())
            .ok_or_else(|| format!("DNS: {host} has no address")),
    }
}

/// `Some(skip)` when `ip` must not be tried.
pub fn check(host: &str, ip: IpAddr, allow_private: bool) -> Option<Verification> {
    if documentation(ip) {
        return Some(Verification::new(
            VerifyStatus::Skipped,
            format!("placeholder host: {host} resolves to a documentation address ({ip})"),
        ));
    }
    let class = classify(ip);
    let named = if host == ip.to_string() {
        String::new()
    } else {
        format!("{host} resolves to ")
    };
    match class {
        AddressClass::Public => None,
        AddressClass::NotUnicast => Some(Verification::new(
            VerifyStatus::Skipped,
            format!("{named}{ip}, {} address", class.describe()),
        )),
        _ if allow_private => None,
        _ => Some(Verification::new(
            VerifyStatus::Skipped,
            format!(
                "{named}a {} address ({ip}): not tried without --verify-private",
                class.describe()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> AddressClass {
        classify(s.parse().unwrap())
    }

    #[test]
    fn address_classes() {
        assert_eq!(c("127.0.0.1"), AddressClass::Loopback);
        assert_eq!(c("127.8.9.1"), AddressClass::Loopback);
        assert_eq!(c("::1"), AddressClass::Loopback);
        assert_eq!(c("::ffff:127.0.0.1"), AddressClass::Loopback);
        for p in [
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "fd00::1",
            "fc12::3",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
        ] {
            assert_eq!(c(p), AddressClass::Private, "{p}");
        }
        assert_eq!(c("169.254.169.254"), AddressClass::LinkLocal);
        assert_eq!(c("fe80::1"), AddressClass::LinkLocal);
        for n in ["0.0.0.0", "::", "224.0.0.1", "255.255.255.255", "ff02::1"] {
            assert_eq!(c(n), AddressClass::NotUnicast, "{n}");
        }
        for p in ["8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111"] {
            assert_eq!(c(p), AddressClass::Public, "{p}");
        }
    }

    #[test]
    fn private_addresses_need_the_flag_and_others_never_pass() {
        let lo: IpAddr = "127.0.0.1".parse().unwrap();
        let v = check("localhost", lo, false).expect("skipped");
        assert_eq!(v.status, VerifyStatus::Skipped);
        assert!(v.detail.contains("loopback") && v.detail.contains("--verify-private"));
        assert!(check("localhost", lo, true).is_none());
        let any: IpAddr = "0.0.0.0".parse().unwrap();
        assert!(check("0.0.0.0", any, true).is_some());
        let doc: IpAddr = "192.0.2.7".parse().unwrap();
        assert!(check("db.acme.io", doc, true).is_some());
        let public: IpAddr = "8.8.8.8".parse().unwrap();
        assert!(check("dns.google", public, false).is_none());
    }

    #[test]
    fn literals_are_not_looked_up() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let t = Duration::from_secs(1);
        assert_eq!(
            rt.block_on(resolve("127.0.0.1", t)),
            Ok("127.0.0.1".parse().unwrap())
        );
        assert_eq!(rt.block_on(resolve("::1", t)), Ok("::1".parse().unwrap()));
        assert!(rt
            .block_on(resolve("no-such-host.invalid", t))
            .is_err_and(|e| e.starts_with("DNS")));
    }
}
