//! The CRD sets: which CustomResourceDefinitions a release's manifest
//! installs, by `metadata.name`, in manifest order (`crd.projectcalico.org`
//! alphabetically by plural, then the `policy.networking.k8s.io` ones).

/// Calico 3.27 and 3.28: the 18 `crd.projectcalico.org` CRDs.
pub(crate) const CRDS_3_27: &[&str] = &[
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
pub(crate) const CRDS_3_29: &[&str] = &[
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
pub(crate) const CRDS_3_30: &[&str] = &[
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
#[allow(dead_code)] // the v3.32.1 row comes with its CRD models
pub(crate) const CRDS_3_32: &[&str] = &[
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
