//! The CRD sets: which CustomResourceDefinitions a release's manifest
//! installs, by `metadata.name`, in manifest order (`crd.projectcalico.org`
//! alphabetically by plural, then the `policy.networking.k8s.io` ones), and
//! the metadata the release's generators wrote on them ([`CrdMeta`]).

/// The metadata a release's CRDs carry besides their names and schemas.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CrdMeta {
    /// How the release's `crd.projectcalico.org` CRDs were generated.
    pub calico: CalicoCrds,
    /// The `policy.networking.k8s.io/bundle-version` of the Kubernetes
    /// network-policy-api CRDs the release installs: `v0.1.1` in 3.29 to
    /// 3.31, `v0.2.0` in 3.32; `None` when it installs none (3.27, 3.28).
    pub network_policy_api: Option<&'static str>,
}

/// How a release's `crd.projectcalico.org` CRDs were generated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalicoCrds {
    /// Up to 3.29: some CRDs were kept by hand, the others came from a
    /// development build of controller-gen (annotated
    /// `controller-gen.kubebuilder.io/version: (devel)`, with
    /// `creationTimestamp: null`); each one carries a placeholder `status`
    /// whose `conditions` and `storedVersions` are empty lists.
    Mixed,
    /// From 3.30: controller-gen of this version generated them all, and
    /// each one is annotated with it: `v0.17.3` up to v3.30.7 and v3.31.4,
    /// `v0.18.0` from v3.31.5.
    ControllerGen(&'static str),
}

/// One row's CRD facts: the names, and their metadata.
pub(crate) struct CrdSet {
    pub(crate) names: &'static [&'static str],
    pub(crate) meta: CrdMeta,
}

/// Calico 3.27 and 3.28.
pub(crate) const CRDS_3_27: &CrdSet = &CrdSet {
    names: NAMES_3_27,
    meta: CrdMeta {
        calico: CalicoCrds::Mixed,
        network_policy_api: None,
    },
};

/// Calico 3.29.
pub(crate) const CRDS_3_29: &CrdSet = &CrdSet {
    names: NAMES_3_29,
    meta: CrdMeta {
        calico: CalicoCrds::Mixed,
        network_policy_api: Some("v0.1.1"),
    },
};

/// Calico 3.30.0 to 3.31.4.
pub(crate) const CRDS_3_30: &CrdSet = &CrdSet {
    names: NAMES_3_30,
    meta: CrdMeta {
        calico: CalicoCrds::ControllerGen("v0.17.3"),
        network_policy_api: Some("v0.1.1"),
    },
};

/// Calico 3.31.5 and later 3.31 patches: the 3.30 CRDs from controller-gen v0.18.0.
pub(crate) const CRDS_3_31_5: &CrdSet = &CrdSet {
    names: NAMES_3_30,
    meta: CrdMeta {
        calico: CalicoCrds::ControllerGen("v0.18.0"),
        network_policy_api: Some("v0.1.1"),
    },
};

/// Calico 3.32.
pub(crate) const CRDS_3_32: &CrdSet = &CrdSet {
    names: NAMES_3_32,
    meta: CrdMeta {
        calico: CalicoCrds::ControllerGen("v0.18.0"),
        network_policy_api: Some("v0.2.0"),
    },
};

/// Calico 3.27 and 3.28: the 18 `crd.projectcalico.org` CRDs.
const NAMES_3_27: &[&str] = &[
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
];

/// Calico 3.29: adds tiers and the Kubernetes AdminNetworkPolicy (20).
const NAMES_3_29: &[&str] = &[
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
    "tiers.crd.projectcalico.org",
    "adminnetworkpolicies.policy.networking.k8s.io",
];

/// Calico 3.30 and 3.31: adds the three staged policies and the
/// BaselineAdminNetworkPolicy (24).
const NAMES_3_30: &[&str] = &[
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

/// Calico 3.32: the two admin network policies give way to the Kubernetes
/// ClusterNetworkPolicy (23).
const NAMES_3_32: &[&str] = &[
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
    "clusternetworkpolicies.policy.networking.k8s.io",
];

#[cfg(test)]
mod tests {
    use super::CalicoCrds;
    use crate::RELEASES;

    #[test]
    fn crd_metadata_follows_the_release() {
        let meta: Vec<(String, CalicoCrds, Option<&str>)> = RELEASES
            .iter()
            .map(|f| {
                (
                    f.release.to_string(),
                    f.crd_meta.calico,
                    f.crd_meta.network_policy_api,
                )
            })
            .collect();
        let gen = CalicoCrds::ControllerGen;
        let want: Vec<_> = RELEASES
            .iter()
            .map(|f| {
                let (minor, patch) = (f.release.minor(), f.release.patch());
                let meta = match minor {
                    27 | 28 => (CalicoCrds::Mixed, None),
                    29 => (CalicoCrds::Mixed, Some("v0.1.1")),
                    30 => (gen("v0.17.3"), Some("v0.1.1")),
                    31 if patch < 5 => (gen("v0.17.3"), Some("v0.1.1")),
                    31 => (gen("v0.18.0"), Some("v0.1.1")),
                    _ => (gen("v0.18.0"), Some("v0.2.0")),
                };
                (f.release.to_string(), meta.0, meta.1)
            })
            .collect();
        assert_eq!(meta, want);
    }

    #[test]
    fn the_network_policy_api_bundle_comes_with_its_crds() {
        for facts in RELEASES {
            let has_crds = facts
                .crds
                .iter()
                .any(|n| n.ends_with(".policy.networking.k8s.io"));
            assert_eq!(
                facts.crd_meta.network_policy_api.is_some(),
                has_crds,
                "{}",
                facts.release
            );
        }
    }
}
