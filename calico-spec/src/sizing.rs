//! Sizing facts: Typha replicas for a node count, pod MTU for a host MTU.

use crate::resolved::Encapsulation;

/// Nodes above which Typha is advised.
pub const TYPHA_ADVISED_ABOVE: u64 = 50;
/// Nodes above which Typha is strongly advised.
pub const TYPHA_STRONGLY_ADVISED_ABOVE: u64 = 100;
/// Nodes above which the BGP full mesh should give way to route reflectors.
pub const MESH_ADVISED_LIMIT: u64 = 100;

/// The Typha replica count the Tigera operator's autoscaler picks for a
/// number of schedulable nodes: one per 200 nodes plus two, at least three
/// from five nodes on; one for up to two nodes, two for up to four.
pub fn typha_replicas_for(nodes: u64) -> u64 {
    match nodes {
        0..=2 => 1,
        3..=4 => 2,
        n => (n / 200 + 2).max(3),
    }
}

/// What the operator's Typha sizing gives: the count for `nodes` when the
/// spec says how many, else the rule.
pub fn operator_typha(nodes: Option<u64>) -> String {
    match nodes {
        Some(n) => format!("{} for {n} nodes", typha_replicas_for(n)),
        None => "1 for up to 2 nodes, 2 for 3–4, then 3 plus 1 per 200 nodes from 400".to_string(),
    }
}

/// Bytes an encapsulation adds to each packet.
pub fn overhead(encapsulation: Encapsulation, wireguard: bool, ipv6: bool) -> u32 {
    let tunnel = match (encapsulation, ipv6) {
        (Encapsulation::Ipip, _) => 20,
        (Encapsulation::Vxlan, false) => 50,
        (Encapsulation::Vxlan, true) => 70,
        (Encapsulation::None, _) => 0,
    };
    let wg = match (wireguard, ipv6) {
        (false, _) => 0,
        (true, false) => 60,
        (true, true) => 80,
    };
    tunnel.max(wg)
}

/// The pod MTU for a host MTU: the host MTU minus the largest active overhead.
pub fn pod_mtu_for(
    host_mtu: u32,
    encapsulation: Encapsulation,
    wireguard: bool,
    ipv6: bool,
) -> u32 {
    host_mtu.saturating_sub(overhead(encapsulation, wireguard, ipv6))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typha_table_thresholds_are_inclusive() {
        for (nodes, want) in [
            (0, 1),
            (3, 2),
            (5, 3),
            (399, 3),
            (400, 4),
            (599, 4),
            (600, 5),
            (1999, 11),
            (2000, 12),
            (3600, 20),
        ] {
            assert_eq!(typha_replicas_for(nodes), want, "{nodes} nodes");
        }
    }

    #[test]
    fn mtu_for_1500_host() {
        assert_eq!(pod_mtu_for(1500, Encapsulation::Ipip, false, false), 1480);
        assert_eq!(pod_mtu_for(1500, Encapsulation::Vxlan, false, false), 1450);
        assert_eq!(pod_mtu_for(1500, Encapsulation::Vxlan, false, true), 1430);
        assert_eq!(pod_mtu_for(1500, Encapsulation::None, true, false), 1440);
        assert_eq!(pod_mtu_for(1500, Encapsulation::None, true, true), 1420);
        assert_eq!(pod_mtu_for(1500, Encapsulation::None, false, false), 1500);
    }
}

/// The examples of this module's documentation, as tests (the module is
/// private, so rustdoc cannot run them).
#[cfg(test)]
mod examples {
    #![allow(clippy::unwrap_used)]
    #[test]
    fn example_typha_replicas_for() {
        use crate::sizing::typha_replicas_for;
        assert_eq!(typha_replicas_for(2), 1);
        assert_eq!(typha_replicas_for(4), 2);
        assert_eq!(typha_replicas_for(150), 3);
        assert_eq!(typha_replicas_for(400), 4);
        assert_eq!(typha_replicas_for(1000), 7);
    }

    #[test]
    fn example_overhead() {
        use crate::{resolved::Encapsulation, sizing::overhead};
        assert_eq!(overhead(Encapsulation::Ipip, false, false), 20);
        assert_eq!(overhead(Encapsulation::Vxlan, false, false), 50);
        assert_eq!(overhead(Encapsulation::Ipip, true, false), 60);
        assert_eq!(overhead(Encapsulation::None, true, true), 80);
    }

    #[test]
    fn example_pod_mtu_for() {
        use crate::{resolved::Encapsulation, sizing::pod_mtu_for};
        assert_eq!(pod_mtu_for(9001, Encapsulation::Ipip, false, false), 8981);
        assert_eq!(pod_mtu_for(9001, Encapsulation::Vxlan, false, false), 8951);
        assert_eq!(pod_mtu_for(9001, Encapsulation::Ipip, true, false), 8941);
    }
}
