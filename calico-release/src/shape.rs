//! The shape of a release's manifest: what Calico's published
//! `calico.yaml` of that release contains, as the facts the templates ask
//! for. Each fact is named after what it changes, and says from which
//! release on upstream has it.

use serde::Serialize;

/// The facts of one manifest shape. Releases whose manifests differ only
/// in the image tag share one shape.
#[derive(Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Shape {
    /// The registry upstream's images come from: `docker.io` before 3.31,
    /// `quay.io` from 3.31. (kOps keeps `docker.io` in every release.)
    pub upstream_registry: &'static str,
    /// `cniVersion` of the CNI conflist: `1.0.0` in v3.31.7, else `0.3.1`.
    pub cni_version: &'static str,
    /// The conflist ends with the `bandwidth` plugin (traffic shaping):
    /// up to 3.29.
    pub cni_bandwidth: bool,
    /// The hostPath volumes `var-run-calico`, `var-lib-calico` and
    /// `cni-bin-dir` are `type: DirectoryOrCreate`: from v3.27.4 and
    /// v3.28.1.
    pub host_paths_created: bool,
    /// The name of the init container that mounts bpffs: `mount-bpffs`
    /// up to 3.30, `ebpf-bootstrap` from 3.31.
    pub bpffs_init: &'static str,
    /// calico-node mounts `/sys/kernel/security` read-only: v3.31.7 only.
    pub kernel_security_mount: bool,
    /// Pods run with the `RuntimeDefault` seccomp profile and
    /// kube-controllers as non-root: from 3.29.
    pub seccomp: bool,
    /// kube-controllers may list its KubeControllersConfiguration: from
    /// v3.28.3, and again from v3.29.2 (v3.29.0 and v3.29.1 lack it).
    pub controllers_config_list: bool,
    /// Calico's policy tiers: calico-node reads `tiers` and kube-controllers
    /// manages them: from 3.29.
    pub tiers: bool,
    /// calico-node may create tiers (the default ones, at start-up): from
    /// v3.29.1.
    pub tiers_create: bool,
    /// The `calico-tier-getter` role, with which kube-controller-manager's
    /// garbage collector reads tiers: from v3.29.4.
    pub tier_getter: bool,
    /// The `policy.networking.k8s.io` kinds calico-node watches: none up
    /// to 3.28, AdminNetworkPolicy in 3.29, with BaselineAdminNetworkPolicy
    /// in 3.30 and 3.31, ClusterNetworkPolicy from 3.32.
    pub k8s_admin_policies: &'static [&'static str],
    /// Staged policies (the three `staged*` kinds), which calico-node
    /// reads: from 3.30.
    pub staged_policies: bool,
    /// kube-controllers runs the `loadbalancer` controller (LoadBalancer
    /// IPAM: access to services and `ipamconfigs`) and watches host
    /// endpoints: from 3.30.
    pub load_balancer_controller: bool,
    /// kube-controllers watches namespaces: from 3.31.
    pub controllers_watch_namespaces: bool,
    /// Calico's own API group `projectcalico.org` is granted next to
    /// `crd.projectcalico.org` (with `ipamconfigurations`), and
    /// kube-controllers runs the datastore migration to it: from 3.32.
    pub projectcalico_api_group: bool,
    /// calico-node reads KubeVirt's virtual machine instance migrations
    /// (live migration keeps the pod address): from 3.32.
    pub kubevirt_migrations: bool,
    /// kube-controllers and the CNI plugin read KubeVirt's virtual machines
    /// and their instances: from v3.32.1.
    pub kubevirt: bool,
}

const V3_27_0: Shape = Shape {
    upstream_registry: "docker.io",
    cni_version: "0.3.1",
    cni_bandwidth: true,
    host_paths_created: false,
    bpffs_init: "mount-bpffs",
    kernel_security_mount: false,
    seccomp: false,
    controllers_config_list: false,
    tiers: false,
    tiers_create: false,
    tier_getter: false,
    k8s_admin_policies: &[],
    staged_policies: false,
    load_balancer_controller: false,
    controllers_watch_namespaces: false,
    projectcalico_api_group: false,
    kubevirt_migrations: false,
    kubevirt: false,
};

/// v3.27.0–v3.27.3 and v3.28.0.
pub(crate) const SHAPE_3_27_0: &Shape = &V3_27_0;

const V3_27_4: Shape = Shape {
    host_paths_created: true,
    ..V3_27_0
};

/// v3.27.4–v3.27.5, v3.28.1–v3.28.2.
pub(crate) const SHAPE_3_27_4: &Shape = &V3_27_4;

const V3_28_3: Shape = Shape {
    controllers_config_list: true,
    ..V3_27_4
};

/// v3.28.3–v3.28.5.
pub(crate) const SHAPE_3_28_3: &Shape = &V3_28_3;

const V3_29_0: Shape = Shape {
    seccomp: true,
    tiers: true,
    controllers_config_list: false,
    k8s_admin_policies: &["adminnetworkpolicies"],
    ..V3_28_3
};

/// v3.29.0.
pub(crate) const SHAPE_3_29_0: &Shape = &V3_29_0;

const V3_29_1: Shape = Shape {
    tiers_create: true,
    ..V3_29_0
};

/// v3.29.1.
pub(crate) const SHAPE_3_29_1: &Shape = &V3_29_1;

const V3_29_2: Shape = Shape {
    controllers_config_list: true,
    ..V3_29_1
};

/// v3.29.2–v3.29.3.
pub(crate) const SHAPE_3_29_2: &Shape = &V3_29_2;

const V3_29_4: Shape = Shape {
    tier_getter: true,
    ..V3_29_2
};

/// v3.29.4–v3.29.7.
pub(crate) const SHAPE_3_29_4: &Shape = &V3_29_4;

const V3_30_0: Shape = Shape {
    cni_bandwidth: false,
    k8s_admin_policies: &["adminnetworkpolicies", "baselineadminnetworkpolicies"],
    staged_policies: true,
    load_balancer_controller: true,
    ..V3_29_4
};

/// v3.30.0–v3.30.7.
pub(crate) const SHAPE_3_30_0: &Shape = &V3_30_0;

const V3_31_0: Shape = Shape {
    upstream_registry: "quay.io",
    bpffs_init: "ebpf-bootstrap",
    controllers_watch_namespaces: true,
    ..V3_30_0
};

/// v3.31.0–v3.31.6.
pub(crate) const SHAPE_3_31_0: &Shape = &V3_31_0;

/// v3.31.7.
pub(crate) const SHAPE_3_31_7: &Shape = &Shape {
    cni_version: "1.0.0",
    kernel_security_mount: true,
    ..V3_31_0
};

const V3_32_0: Shape = Shape {
    k8s_admin_policies: &["clusternetworkpolicies"],
    projectcalico_api_group: true,
    kubevirt_migrations: true,
    ..V3_31_0
};

/// v3.32.0.
pub(crate) const SHAPE_3_32_0: &Shape = &V3_32_0;

/// v3.32.1.
pub(crate) const SHAPE_3_32_1: &Shape = &Shape {
    kubevirt: true,
    ..V3_32_0
};
