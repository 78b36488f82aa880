//! kOps's overlay on Calico's manifest, as it changed across kOps lines:
//! what a kOps version adds to (or leaves out of) the objects it takes from
//! upstream. [`Overlay::NONE`] is the upstream profile: no overlay.
//!
//! The rest of kOps's overlay is the same in every kOps line and is `on`
//! here: `CLUSTER_TYPE` and kube-controllers' placement in the templates,
//! the `FELIX_*` settings it always writes in the context (the upstream
//! profile writes only those the spec sets). Defaults (the registry, the
//! CPU request per kOps line) are resolved by `calico-spec`.

use calico_spec::KopsVersion;
use serde::Serialize;

/// The kOps line from which each overlay fact holds.
const IPV6_POOL_VXLAN: KopsVersion = KopsVersion::new(1, 32);
const TYPHA_SHUTDOWN_TIMEOUT: KopsVersion = KopsVersion::new(1, 32);
const NFTABLES_MODE: KopsVersion = KopsVersion::new(1, 35);

/// What one kOps line does differently from the others, or (the upstream
/// profile) no overlay at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Overlay {
    /// kOps's overlay applies: `CLUSTER_TYPE` `kops,bgp`, kube-controllers
    /// pinned to the control plane, the metrics container ports.
    pub on: bool,
    /// calico-node gets `CALICO_IPV6POOL_VXLAN` (upstream always has it;
    /// kOps from 1.32).
    pub ipv6_pool_vxlan: bool,
    /// Typha gets `TYPHA_SHUTDOWNTIMEOUTSECS` (upstream always has it;
    /// kOps from 1.32).
    pub typha_shutdown_timeout: bool,
    /// `nftablesMode` is written as `FELIX_NFTABLESMODE` when set (kOps
    /// from 1.35, which added the field).
    pub nftables_mode: bool,
}

impl Overlay {
    /// The overlay of kOps line `kops`.
    pub(crate) fn of(kops: KopsVersion) -> Overlay {
        Overlay {
            on: true,
            ipv6_pool_vxlan: kops >= IPV6_POOL_VXLAN,
            typha_shutdown_timeout: kops >= TYPHA_SHUTDOWN_TIMEOUT,
            nftables_mode: kops >= NFTABLES_MODE,
        }
    }

    /// No overlay: upstream's manifest as published (the upstream profile).
    pub(crate) const NONE: Overlay = Overlay {
        on: false,
        ipv6_pool_vxlan: true,
        typha_shutdown_timeout: true,
        nftables_mode: true,
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_switch_on_at_their_kops_line() {
        let at = |minor| Overlay::of(KopsVersion::new(1, minor));
        assert!(!at(31).ipv6_pool_vxlan && at(32).ipv6_pool_vxlan);
        assert!(!at(31).typha_shutdown_timeout && at(32).typha_shutdown_timeout);
        assert!(!at(34).nftables_mode && at(35).nftables_mode);
        assert_eq!(Overlay::of(KopsVersion::CURRENT), at(36));
    }

    #[test]
    fn the_upstream_profile_has_no_overlay_and_every_upstream_fact() {
        let none = Overlay::NONE;
        assert!(
            !none.on && none.ipv6_pool_vxlan && none.typha_shutdown_timeout && none.nftables_mode
        );
        assert!(Overlay::of(KopsVersion::new(1, 28)).on);
    }
}
