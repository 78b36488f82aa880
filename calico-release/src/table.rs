//! The facts of each release calico-render knows, one row per release.

use crate::Release;

/// What calico-render knows of one Calico release.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Facts {
    /// The release.
    pub release: Release,
    /// The CustomResourceDefinitions its manifest installs, by
    /// `metadata.name`, in manifest order.
    pub crds: &'static [&'static str],
}

/// Every release calico-render knows, oldest first.
pub static RELEASES: &[Facts] = &[Facts {
    release: Release::new(3, 31, 6),
    crds: CRDS_3_31,
}];

/// Calico 3.31's CRDs: `crd.projectcalico.org` alphabetically by plural,
/// then the Kubernetes admin network policies.
const CRDS_3_31: &[&str] = &[
    "bgpconfigurations.crd.projectcalico.org",
    "bgpfilters.crd.projectcalico.org",
    "bgppeers.crd.projectcalico.org",
    "blockaffinities.crd.projectcalico.org",
    "caliconodestatuses.crd.projectcalico.org",
    "clusterinformations.crd.projectcalico.org",
    "felixconfigurations.crd.projectcalico.org",
    "globalnetworkpolicies.crd.projectcalico.org",
    "globalnetworksets.crd.projectcalico.org",
    "hostendpoints.crd.projectcalico.org",
    "ipamblocks.crd.projectcalico.org",
    "ipamconfigs.crd.projectcalico.org",
    "ipamhandles.crd.projectcalico.org",
    "ippools.crd.projectcalico.org",
    "ipreservations.crd.projectcalico.org",
    "kubecontrollersconfigurations.crd.projectcalico.org",
    "networkpolicies.crd.projectcalico.org",
    "networksets.crd.projectcalico.org",
    "stagedglobalnetworkpolicies.crd.projectcalico.org",
    "stagedkubernetesnetworkpolicies.crd.projectcalico.org",
    "stagednetworkpolicies.crd.projectcalico.org",
    "tiers.crd.projectcalico.org",
    "adminnetworkpolicies.policy.networking.k8s.io",
    "baselineadminnetworkpolicies.policy.networking.k8s.io",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releases_are_unique_and_oldest_first() {
        assert!(RELEASES.windows(2).all(|w| w[0].release < w[1].release));
        assert!(Release::DEFAULT.facts().is_ok());
    }

    #[test]
    fn each_release_lists_each_crd_once() {
        for facts in RELEASES {
            let mut names = facts.crds.to_vec();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), facts.crds.len(), "{}", facts.release);
        }
    }
}
