//! The templated objects calico-render can plan: for each, its template
//! (and block) and the identity it must read back as.

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

pub(crate) static SERVICES_ENDPOINT: Doc = doc(
    "configmap-services-endpoint",
    None,
    V1,
    "ConfigMap",
    KUBE_SYSTEM,
    "kubernetes-services-endpoint",
);
pub(crate) static PDB_KUBE_CONTROLLERS: Doc = doc(
    "pdb",
    Some("kube_controllers"),
    POLICY,
    "PodDisruptionBudget",
    KUBE_SYSTEM,
    "calico-kube-controllers",
);
pub(crate) static PDB_TYPHA: Doc = doc(
    "pdb",
    Some("typha"),
    POLICY,
    "PodDisruptionBudget",
    KUBE_SYSTEM,
    "calico-typha",
);
pub(crate) static SA_KUBE_CONTROLLERS: Doc = doc(
    "serviceaccounts",
    Some("kube_controllers"),
    V1,
    "ServiceAccount",
    KUBE_SYSTEM,
    "calico-kube-controllers",
);
pub(crate) static SA_NODE: Doc = doc(
    "serviceaccounts",
    Some("node"),
    V1,
    "ServiceAccount",
    KUBE_SYSTEM,
    "calico-node",
);
pub(crate) static SA_CNI_PLUGIN: Doc = doc(
    "serviceaccounts",
    Some("cni_plugin"),
    V1,
    "ServiceAccount",
    KUBE_SYSTEM,
    "calico-cni-plugin",
);
pub(crate) static CALICO_CONFIG: Doc = doc(
    "calico-config",
    None,
    V1,
    "ConfigMap",
    KUBE_SYSTEM,
    "calico-config",
);
pub(crate) static ROLE_KUBE_CONTROLLERS: Doc = doc(
    "rbac-kube-controllers",
    Some("role"),
    RBAC,
    "ClusterRole",
    None,
    "calico-kube-controllers",
);
pub(crate) static ROLE_NODE: Doc = doc(
    "rbac-node",
    Some("role"),
    RBAC,
    "ClusterRole",
    None,
    "calico-node",
);
pub(crate) static ROLE_CNI_PLUGIN: Doc = doc(
    "rbac-cni-plugin",
    Some("role"),
    RBAC,
    "ClusterRole",
    None,
    "calico-cni-plugin",
);
pub(crate) static ROLE_TIER_GETTER: Doc = doc(
    "rbac-tier-getter",
    Some("role"),
    RBAC,
    "ClusterRole",
    None,
    "calico-tier-getter",
);
pub(crate) static BINDING_KUBE_CONTROLLERS: Doc = doc(
    "rbac-kube-controllers",
    Some("binding"),
    RBAC,
    "ClusterRoleBinding",
    None,
    "calico-kube-controllers",
);
pub(crate) static BINDING_NODE: Doc = doc(
    "rbac-node",
    Some("binding"),
    RBAC,
    "ClusterRoleBinding",
    None,
    "calico-node",
);
pub(crate) static BINDING_CNI_PLUGIN: Doc = doc(
    "rbac-cni-plugin",
    Some("binding"),
    RBAC,
    "ClusterRoleBinding",
    None,
    "calico-cni-plugin",
);
pub(crate) static BINDING_TIER_GETTER: Doc = doc(
    "rbac-tier-getter",
    Some("binding"),
    RBAC,
    "ClusterRoleBinding",
    None,
    "calico-tier-getter",
);
pub(crate) static TYPHA_SERVICE: Doc = doc(
    "typha-service",
    None,
    V1,
    "Service",
    KUBE_SYSTEM,
    "calico-typha",
);
pub(crate) static NODE_DAEMONSET: Doc = doc(
    "calico-node-daemonset",
    None,
    APPS,
    "DaemonSet",
    KUBE_SYSTEM,
    "calico-node",
);
pub(crate) static KUBE_CONTROLLERS_DEPLOYMENT: Doc = doc(
    "kube-controllers-deployment",
    None,
    APPS,
    "Deployment",
    KUBE_SYSTEM,
    "calico-kube-controllers",
);
pub(crate) static TYPHA_DEPLOYMENT: Doc = doc(
    "typha-deployment",
    None,
    APPS,
    "Deployment",
    KUBE_SYSTEM,
    "calico-typha",
);

const CALICO_CRD: &str = "crd.projectcalico.org/v1";

pub(crate) static BGP_PEER: Doc = doc(
    "bgp",
    Some("peer"),
    CALICO_CRD,
    "BGPPeer",
    None,
    "calico-render-route-reflectors",
);
pub(crate) static BGP_CONFIGURATION: Doc = doc(
    "bgp",
    Some("configuration"),
    CALICO_CRD,
    "BGPConfiguration",
    None,
    "default",
);

const TIGERA_OPERATOR: Option<&str> = Some("tigera-operator");

/// The operator profile's install (`tigera-operator.yaml`), in its order;
/// the endpoint ConfigMap right after the namespace, so that it is there
/// when the operator starts.
pub(crate) static OPERATOR_NAMESPACE: Doc = doc(
    "operator-install",
    Some("namespace"),
    V1,
    "Namespace",
    None,
    "tigera-operator",
);
pub(crate) static OPERATOR_SERVICES_ENDPOINT: Doc = doc(
    "operator-install",
    Some("endpoint"),
    V1,
    "ConfigMap",
    TIGERA_OPERATOR,
    "kubernetes-services-endpoint",
);
pub(crate) static OPERATOR_SA: Doc = doc(
    "operator-install",
    Some("service_account"),
    V1,
    "ServiceAccount",
    TIGERA_OPERATOR,
    "tigera-operator",
);
pub(crate) static OPERATOR_ROLE_SECRETS: Doc = doc(
    "operator-install",
    Some("secrets_role"),
    RBAC,
    "ClusterRole",
    None,
    "tigera-operator-secrets",
);
pub(crate) static OPERATOR_ROLE: Doc = doc(
    "operator-role",
    None,
    RBAC,
    "ClusterRole",
    None,
    "tigera-operator",
);
pub(crate) static OPERATOR_BINDING: Doc = doc(
    "operator-install",
    Some("binding"),
    RBAC,
    "ClusterRoleBinding",
    None,
    "tigera-operator",
);
pub(crate) static OPERATOR_BINDING_SECRETS: Doc = doc(
    "operator-install",
    Some("secrets_binding"),
    RBAC,
    "RoleBinding",
    TIGERA_OPERATOR,
    "tigera-operator-secrets",
);
pub(crate) static OPERATOR_DEPLOYMENT: Doc = doc(
    "operator-install",
    Some("deployment"),
    APPS,
    "Deployment",
    TIGERA_OPERATOR,
    "tigera-operator",
);
