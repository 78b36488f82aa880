//! CIDR helpers with Go's `net.ParseCIDR` semantics where kOps relies on them.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A parsed CIDR: the address as written and the prefix length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    /// The address as written (not masked).
    pub addr: IpAddr,
    /// The prefix length.
    pub prefix: u8,
}

impl Cidr {
    /// Parses `a.b.c.d/n` or `x::y/n`.
    pub fn parse(s: &str) -> Option<Cidr> {
        let (addr, prefix) = s.split_once('/')?;
        if prefix.is_empty() || prefix.len() > 3 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let prefix: u8 = prefix.parse().ok()?;
        let addr: IpAddr = addr.parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        (prefix <= max).then_some(Cidr { addr, prefix })
    }

    /// Go's `ip.To4() != nil`: IPv4, or IPv6 that maps an IPv4 address.
    pub fn is_ipv4(&self) -> bool {
        match self.addr {
            IpAddr::V4(_) => true,
            IpAddr::V6(v6) => v6.to_ipv4_mapped().is_some(),
        }
    }

    /// The number of bits of the address family as Go sees it (32 or 128).
    fn bits(&self) -> u8 {
        if matches!(self.addr, IpAddr::V4(_)) {
            32
        } else {
            128
        }
    }

    /// The network address (host bits cleared) as a 128-bit number.
    fn network_u128(&self) -> u128 {
        let (value, bits) = match self.addr {
            IpAddr::V4(a) => (u32::from(a) as u128, 32u32),
            IpAddr::V6(a) => (u128::from(a), 128u32),
        };
        let host_bits = bits - self.prefix as u32;
        if host_bits >= 128 {
            0
        } else {
            (value >> host_bits) << host_bits
        }
    }

    /// The address after the written address, if still inside the CIDR
    /// (kOps adds it to the proxy exclusions).
    pub fn first_ip_after(&self) -> Option<String> {
        match self.addr {
            IpAddr::V4(a) => {
                let next = u32::from(a).checked_add(1)?;
                let host_bits = 32 - self.prefix as u32;
                let net = self.network_u128() as u32;
                let inside = host_bits >= 32 || (next >> host_bits) == (net >> host_bits);
                inside.then(|| Ipv4Addr::from(next).to_string())
            }
            IpAddr::V6(a) => {
                let next = u128::from(a).checked_add(1)?;
                let host_bits = 128 - self.prefix as u32;
                let net = self.network_u128();
                let inside = host_bits >= 128 || (next >> host_bits) == (net >> host_bits);
                inside.then(|| Ipv6Addr::from(next).to_string())
            }
        }
    }

    /// kOps's pod CIDR default: the prefix plus one bit, with that bit set
    /// (`100.64.0.0/10` → `100.96.0.0/11`). IPv4 only.
    pub fn pod_cidr_default(&self) -> Option<String> {
        if self.bits() != 32 || self.prefix >= 32 {
            return None;
        }
        let net = self.network_u128() as u32;
        let bit = 1u32 << (31 - self.prefix as u32);
        Some(format!("{}/{}", Ipv4Addr::from(net | bit), self.prefix + 1))
    }
}

/// The examples of this module's documentation, as tests (the module is
/// private, so rustdoc cannot run them).
#[cfg(test)]
mod examples {
    #![allow(clippy::unwrap_used)]
    #[test]
    fn example_parse() {
        use crate::net::Cidr;
        assert!(Cidr::parse("100.64.0.0/10").is_some());
        assert!(Cidr::parse("::/0").is_some());
        assert!(Cidr::parse("100.64.0.0").is_none());
    }

    #[test]
    fn example_pod_cidr_default() {
        use crate::net::Cidr;
        assert_eq!(
            Cidr::parse("100.64.0.0/10")
                .unwrap()
                .pod_cidr_default()
                .as_deref(),
            Some("100.96.0.0/11")
        );
        assert_eq!(
            Cidr::parse("10.0.0.0/8")
                .unwrap()
                .pod_cidr_default()
                .as_deref(),
            Some("10.128.0.0/9")
        );
    }
}
