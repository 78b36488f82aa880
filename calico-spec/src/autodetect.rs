//! kOps's grammar for `ipv4AutoDetectionMethod` / `ipv6AutoDetectionMethod`.
//!
//! Accepted: `first-found` (anything after `=` ignored), `can-reach=<IP of
//! the family>`, `interface=<regex list>` and `skip-interface=<regex list>`.
//! Where kOps crashes (a method that needs a parameter but has no `=`),
//! calico-render reports an Invalid error instead.
//!
//! calico-node itself also takes `cidr=<CIDR list>` and
//! `kubernetes-internal-ip`, which kOps's validation refuses; the profiles
//! that do not install kOps's addon ([`Grammar::Calico`]) accept them.

use crate::error::{ErrorType, FieldError};
use std::net::IpAddr;

/// The IP family a method is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// `ipv4AutoDetectionMethod`.
    V4,
    /// `ipv6AutoDetectionMethod`.
    V6,
}

/// Whose grammar a method is held to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grammar {
    /// kOps's validation: no `cidr=`, no `kubernetes-internal-ip`.
    Kops,
    /// calico-node's (and the operator's): kOps's, with `cidr=` and
    /// `kubernetes-internal-ip`.
    Calico,
}

/// Checks one auto-detection method, returning every problem.
pub fn check(path: &str, method: &str, family: Family, grammar: Grammar) -> Vec<FieldError> {
    let invalid = |detail: String| {
        FieldError::new(
            path,
            ErrorType::Invalid,
            method,
            format!("invalid value {method:?}: {detail}"),
        )
    };
    let parts: Vec<&str> = method.split('=').collect();
    if parts.len() > 2 {
        return vec![invalid(
            "malformed autodetection method: use at most one `=` (e.g. interface=eth.*)".into(),
        )];
    }
    let param = parts.get(1).copied();
    match (parts[0], param) {
        ("first-found", _) => Vec::new(),
        ("can-reach", None) => vec![invalid(
            "can-reach needs a destination: write can-reach=<IP address>".into(),
        )],
        ("can-reach", Some(dest)) => {
            let ip = parse_go_ip(dest);
            let is_v4 = |ip: &IpAddr| match ip {
                IpAddr::V4(_) => true,
                IpAddr::V6(v6) => v6.to_ipv4_mapped().is_some(),
            };
            match (family, ip) {
                (Family::V4, Some(ip)) if is_v4(&ip) => Vec::new(),
                (Family::V6, Some(ip)) if !is_v4(&ip) => Vec::new(),
                (Family::V4, _) => vec![invalid("must be a valid IPv4 address".into())],
                (Family::V6, _) => vec![invalid("must be a valid IPv6 address".into())],
            }
        }
        (m @ ("interface" | "skip-interface"), None) => vec![invalid(format!(
            "{m} needs a list: write {m}=<regex>[,<regex>...]"
        ))],
        (m @ ("interface" | "skip-interface"), Some(list)) => {
            let mut errors = Vec::new();
            let items: Vec<&str> = split_list(list);
            if items.first().is_none_or(|f| f.is_empty()) {
                errors.push(invalid(format!(
                    "'{m}=' must be followed by a comma separated list of interface regular expressions"
                )));
            }
            for item in items {
                if let Err(e) = check_regex(item) {
                    let first_line = e.lines().last().unwrap_or_default().trim().to_string();
                    errors.push(invalid(format!(
                        "regexp {item} does not compile: {first_line}"
                    )));
                }
            }
            errors
        }
        ("kubernetes-internal-ip", None) if grammar == Grammar::Calico => Vec::new(),
        ("cidr", None) if grammar == Grammar::Calico => vec![invalid(
            "cidr needs a list: write cidr=<CIDR>[,<CIDR>...]".into(),
        )],
        ("cidr", Some(list)) if grammar == Grammar::Calico => split_list(list)
            .into_iter()
            .filter(|item| crate::net::Cidr::parse(item).is_none())
            .map(|item| invalid(format!("{item:?} is not a CIDR (e.g. 10.0.0.0/16)")))
            .collect(),
        _ if grammar == Grammar::Calico => vec![invalid(
            "unsupported autodetection method: use first-found, can-reach=<IP>, interface=<regex list>, skip-interface=<regex list>, cidr=<CIDR list> or kubernetes-internal-ip".into(),
        )],
        _ => vec![invalid(
            "unsupported autodetection method: use first-found, can-reach=<IP>, interface=<regex list> or skip-interface=<regex list> (kOps refuses calico-node's cidr= and kubernetes-internal-ip; the upstream and operator profiles take them)".into(),
        )],
    }
}

/// Whether `pattern` is a well-formed regular expression: parsed and
/// translated as the `regex` crate would (same syntax, same messages), but
/// without building a matcher, which costs a thousand times more and which
/// nothing here runs. Like Go's `regexp.Compile` in kOps, no size limit.
fn check_regex(pattern: &str) -> Result<(), String> {
    regex_syntax::Parser::new()
        .parse(pattern)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Splits on commas with optional surrounding whitespace (like `\s*,\s*`).
fn split_list(list: &str) -> Vec<&str> {
    let items: Vec<&str> = list.split(',').collect();
    let last = items.len().saturating_sub(1);
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let item = if i > 0 { item.trim_start() } else { item };
            if i < last {
                item.trim_end()
            } else {
                item
            }
        })
        .collect()
}

/// Go's `net.ParseIP`: also accepts IPv4 octets with leading zeros.
fn parse_go_ip(s: &str) -> Option<IpAddr> {
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Some(ip);
    }
    let octets: Vec<&str> = s.split('.').collect();
    if octets.len() == 4
        && octets
            .iter()
            .all(|o| !o.is_empty() && o.len() <= 3 && o.bytes().all(|b| b.is_ascii_digit()))
    {
        let mut bytes = [0u8; 4];
        for (b, o) in bytes.iter_mut().zip(&octets) {
            *b = o.parse().ok()?;
        }
        return Some(IpAddr::from(bytes));
    }
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The syntax check gives the verdict and the message of building the
    /// regex with the `regex` crate, for patterns small enough that the
    /// crate's size limit plays no part.
    #[test]
    fn the_syntax_check_agrees_with_the_regex_crate() {
        let patterns = [
            "eth0",
            "en.*",
            "docker.*",
            "cali.*",
            "^eth[0-9]+$",
            "(",
            ")",
            "[",
            "]",
            "[a-",
            "a{2",
            "a{2,1}",
            "*",
            "+a",
            "a**",
            "(?P<n>x)",
            "(?P<n>x)(?P<n>y)",
            "(?i)eth",
            "(?z)x",
            "\\",
            "\\q",
            "\\pL",
            "\\p{Greek}",
            "\\p{Nope}",
            "x{1000}",
            "[[:alpha:]]",
            "[[:nope:]]",
            "(?<x>a)",
            "a|b|",
            "",
            "é+",
            "\\d\\s\\w",
            "[\\d-z]",
            "a{,5}",
            "(((((a)))))",
            "\\b",
            "\\x{110000}",
            "(?-u)\\xFF",
        ];
        for pattern in patterns {
            let ours = check_regex(pattern);
            let crate_ = regex::Regex::new(pattern)
                .map(|_| ())
                .map_err(|e| e.to_string());
            assert_eq!(
                ours.is_ok(),
                crate_.is_ok(),
                "{pattern:?}: {ours:?} vs {crate_:?}"
            );
            if let (Err(a), Err(b)) = (&ours, &crate_) {
                assert_eq!(a.lines().last(), b.lines().last(), "{pattern:?}");
            }
        }
    }
}

/// The examples of this module's documentation, as tests (the module is
/// private, so rustdoc cannot run them).
#[cfg(test)]
mod examples {
    #![allow(clippy::unwrap_used)]
    #[test]
    fn example_check() {
        use crate::autodetect::{check, Family, Grammar};
        let kops = |m: &str, f| check("p", m, f, Grammar::Kops).len();
        let calico = |m: &str, f| check("p", m, f, Grammar::Calico).len();
        assert_eq!(kops("first-found", Family::V4), 0);
        assert_eq!(kops("can-reach=8.8.8.8", Family::V4), 0);
        assert_eq!(kops("can-reach=8.8.8.8", Family::V6), 1);
        assert_eq!(kops("interface=(,eth0", Family::V4), 1);
        // calico-node's own methods: refused by kOps, taken elsewhere.
        assert_eq!(kops("kubernetes-internal-ip", Family::V4), 1);
        assert_eq!(calico("kubernetes-internal-ip", Family::V4), 0);
        assert_eq!(kops("cidr=10.0.0.0/8", Family::V4), 1);
        assert_eq!(calico("cidr=10.0.0.0/8, 192.168.0.0/16", Family::V4), 0);
        assert_eq!(calico("cidr=10.0.0.0/8,nope,10.1.2.3", Family::V4), 2);
        assert_eq!(calico("cidr", Family::V4), 1);
        assert_eq!(calico("nearest", Family::V4), 1);
    }
}
