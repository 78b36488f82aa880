//! Which objects a spec yields, in which order, from which template.
//!
//! The plan is the single source of truth for the manifest's shape; the
//! integrity check holds every rendered document to it.

use calico_spec::{CalicoMinor, ResolvedSpec};

const KUBE_SYSTEM: Option<&str> = Some("kube-system");

/// A templated object: where it comes from and what it must read back as.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Doc {
    /// Template name (file `templates/<name>.yaml.j2`).
    pub template: &'static str,
    /// The template block holding this object, for templates that hold a
    /// family of objects.
    pub block: Option<&'static str>,
    pub api_version: &'static str,
    pub kind: &'static str,
    pub namespace: Option<&'static str>,
    pub name: &'static str,
}

impl Doc {
    /// `apps/v1 DaemonSet kube-system/calico-node`.
    pub fn describe(&self) -> String {
        describe(self.api_version, self.kind, self.namespace, self.name)
    }
}

pub(crate) fn describe(
    api_version: &str,
    kind: &str,
    namespace: Option<&str>,
    name: &str,
) -> String {
    match namespace {
        Some(ns) => format!("{api_version} {kind} {ns}/{name}"),
        None => format!("{api_version} {kind} {name}"),
    }
}

/// One step of the plan.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Step {
    Doc(&'static Doc),
    /// The CustomResourceDefinitions, all of them, in Calico's order.
    Crds,
}

const fn doc(
    template: &'static str,
    block: Option<&'static str>,
    api_version: &'static str,
    kind: &'static str,
    namespace: Option<&'static str>,
    name: &'static str,
) -> Doc {
    Doc {
        template,
        block,
        api_version,
        kind,
        namespace,
        name,
    }
}

const V1: &str = "v1";
const POLICY: &str = "policy/v1";
const RBAC: &str = "rbac.authorization.k8s.io/v1";
const APPS: &str = "apps/v1";

static SERVICES_ENDPOINT: Doc = doc(
    "configmap-services-endpoint",
    None,
    V1,
    "ConfigMap",
    KUBE_SYSTEM,
    "kubernetes-services-endpoint",
);
static PDB_KUBE_CONTROLLERS: Doc = doc(
    "pdb",
    Some("kube_controllers"),
    POLICY,
    "PodDisruptionBudget",
    KUBE_SYSTEM,
    "calico-kube-controllers",
);
static PDB_TYPHA: Doc = doc(
    "pdb",
    Some("typha"),
    POLICY,
    "PodDisruptionBudget",
    KUBE_SYSTEM,
    "calico-typha",
);
static SA_KUBE_CONTROLLERS: Doc = doc(
    "serviceaccounts",
    Some("kube_controllers"),
    V1,
    "ServiceAccount",
    KUBE_SYSTEM,
    "calico-kube-controllers",
);
static SA_NODE: Doc = doc(
    "serviceaccounts",
    Some("node"),
    V1,
    "ServiceAccount",
    KUBE_SYSTEM,
    "calico-node",
);
static SA_CNI_PLUGIN: Doc = doc(
    "serviceaccounts",
    Some("cni_plugin"),
    V1,
    "ServiceAccount",
    KUBE_SYSTEM,
    "calico-cni-plugin",
);
static CALICO_CONFIG: Doc = doc(
    "calico-config",
    None,
    V1,
    "ConfigMap",
    KUBE_SYSTEM,
    "calico-config",
);
static ROLE_KUBE_CONTROLLERS: Doc = doc(
    "rbac-kube-controllers",
    Some("role"),
    RBAC,
    "ClusterRole",
    None,
    "calico-kube-controllers",
);
static ROLE_NODE: Doc = doc(
    "rbac-node",
    Some("role"),
    RBAC,
    "ClusterRole",
    None,
    "calico-node",
);
static ROLE_CNI_PLUGIN: Doc = doc(
    "rbac-cni-plugin",
    Some("role"),
    RBAC,
    "ClusterRole",
    None,
    "calico-cni-plugin",
);
static ROLE_TIER_GETTER: Doc = doc(
    "rbac-tier-getter",
    Some("role"),
    RBAC,
    "ClusterRole",
    None,
    "calico-tier-getter",
);
static BINDING_KUBE_CONTROLLERS: Doc = doc(
    "rbac-kube-controllers",
    Some("binding"),
    RBAC,
    "ClusterRoleBinding",
    None,
    "calico-kube-controllers",
);
static BINDING_NODE: Doc = doc(
    "rbac-node",
    Some("binding"),
    RBAC,
    "ClusterRoleBinding",
    None,
    "calico-node",
);
static BINDING_CNI_PLUGIN: Doc = doc(
    "rbac-cni-plugin",
    Some("binding"),
    RBAC,
    "ClusterRoleBinding",
    None,
    "calico-cni-plugin",
);
static BINDING_TIER_GETTER: Doc = doc(
    "rbac-tier-getter",
    Some("binding"),
    RBAC,
    "ClusterRoleBinding",
    None,
    "calico-tier-getter",
);
static TYPHA_SERVICE: Doc = doc(
    "typha-service",
    None,
    V1,
    "Service",
    KUBE_SYSTEM,
    "calico-typha",
);
static NODE_DAEMONSET: Doc = doc(
    "calico-node-daemonset",
    None,
    APPS,
    "DaemonSet",
    KUBE_SYSTEM,
    "calico-node",
);
static KUBE_CONTROLLERS_DEPLOYMENT: Doc = doc(
    "kube-controllers-deployment",
    None,
    APPS,
    "Deployment",
    KUBE_SYSTEM,
    "calico-kube-controllers",
);
static TYPHA_DEPLOYMENT: Doc = doc(
    "typha-deployment",
    None,
    APPS,
    "Deployment",
    KUBE_SYSTEM,
    "calico-typha",
);

const CALICO_CRD: &str = "crd.projectcalico.org/v1";

static BGP_PEER: Doc = doc(
    "bgp",
    Some("peer"),
    CALICO_CRD,
    "BGPPeer",
    None,
    "calico-render-route-reflectors",
);
static BGP_CONFIGURATION: Doc = doc(
    "bgp",
    Some("configuration"),
    CALICO_CRD,
    "BGPConfiguration",
    None,
    "default",
);

/// The steps for `spec`, in kOps's object order; calico-render's BGP
/// objects (an extension) come last, after the CRDs they need and after the
/// workloads.
pub(crate) fn plan(spec: &ResolvedSpec) -> Vec<Step> {
    let bpf = spec.calico.bpf_enabled.value;
    let typha = spec.typha_enabled();
    let docs_before: [(bool, &'static Doc); 7] = [
        (bpf, &SERVICES_ENDPOINT),
        (true, &PDB_KUBE_CONTROLLERS),
        (typha, &PDB_TYPHA),
        (true, &SA_KUBE_CONTROLLERS),
        (true, &SA_NODE),
        (true, &SA_CNI_PLUGIN),
        (true, &CALICO_CONFIG),
    ];
    let docs_after: [(bool, &'static Doc); 11] = [
        (true, &ROLE_KUBE_CONTROLLERS),
        (true, &ROLE_NODE),
        (true, &ROLE_CNI_PLUGIN),
        (true, &ROLE_TIER_GETTER),
        (true, &BINDING_KUBE_CONTROLLERS),
        (true, &BINDING_NODE),
        (true, &BINDING_CNI_PLUGIN),
        (true, &BINDING_TIER_GETTER),
        (typha, &TYPHA_SERVICE),
        (true, &NODE_DAEMONSET),
        (true, &KUBE_CONTROLLERS_DEPLOYMENT),
    ];
    let included = |(on, d): &(bool, &'static Doc)| on.then_some(Step::Doc(d));
    let mut steps: Vec<Step> = docs_before.iter().filter_map(included).collect();
    steps.push(Step::Crds);
    steps.extend(docs_after.iter().filter_map(included));
    if typha {
        steps.push(Step::Doc(&TYPHA_DEPLOYMENT));
    }
    if let Some(bgp) = &spec.bgp {
        if bgp.value.route_reflectors.is_some() {
            steps.push(Step::Doc(&BGP_PEER));
        }
        steps.push(Step::Doc(&BGP_CONFIGURATION));
    }
    steps
}

/// The CRDs a Calico minor installs, by `metadata.name`, in manifest order.
pub(crate) fn crd_names(minor: CalicoMinor) -> &'static [&'static str] {
    match minor {
        CalicoMinor::V3_31 => &[
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
        ],
    }
}
