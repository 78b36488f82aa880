//! StagedKubernetesNetworkPolicy and the Kubernetes NetworkPolicy structures it uses.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::meta::{IntOrString, LabelSelector};
use crate::network_policy::StagedAction;
use crate::resource::{resource, CALICO_API_VERSION};
use crate::schema::{EnumFrom, V3_32_0};

resource! {
    /// A Kubernetes NetworkPolicy that Calico only evaluates, without enforcing it.
    StagedKubernetesNetworkPolicy(CALICO_API_VERSION) { spec: StagedKubernetesNetworkPolicySpec }
}

/// Desired state of a [`StagedKubernetesNetworkPolicy`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct StagedKubernetesNetworkPolicySpec {
    /// Allowed outgoing traffic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub egress: Option<Vec<NetworkPolicyEgressRule>>,
    /// Allowed incoming traffic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingress: Option<Vec<NetworkPolicyIngressRule>>,
    /// Pods the policy applies to (empty: all pods of the namespace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_selector: Option<LabelSelector>,
    /// `Ingress`, `Egress` or both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 2), extend("x-kubernetes-list-type" = "set", "x-calico-before" = { "v3.32.0": { "minItems": null, "maxItems": null, "x-kubernetes-list-type": null } }))]
    pub policy_types: Option<Vec<String>>,
    /// `Set` to stage the policy, `Delete` to stage its removal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<EnumFrom<V3_32_0, StagedAction>>")]
    #[schemars(extend("default" = "Set", "x-calico-before" = { "v3.32.0": { "default": null } }))]
    pub staged_action: Option<String>,
}

/// Outgoing traffic allowed to some peers on some ports.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NetworkPolicyEgressRule {
    /// Destination ports (empty: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-kubernetes-list-type" = "atomic"))]
    pub ports: Option<Vec<NetworkPolicyPort>>,
    /// Destinations (empty: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-kubernetes-list-type" = "atomic"))]
    pub to: Option<Vec<NetworkPolicyPeer>>,
}

/// Incoming traffic allowed from some peers on some ports.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NetworkPolicyIngressRule {
    /// Sources (empty: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-kubernetes-list-type" = "atomic"))]
    pub from: Option<Vec<NetworkPolicyPeer>>,
    /// Destination ports (empty: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-kubernetes-list-type" = "atomic"))]
    pub ports: Option<Vec<NetworkPolicyPort>>,
}

/// A port or port range, with its protocol.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NetworkPolicyPort {
    /// Last port of a range starting at `port`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_port: Option<i32>,
    /// Port number or named port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<IntOrString>,
    /// `TCP` (default), `UDP` or `SCTP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
}

/// A peer: an address block, or pods picked by namespace and pod selectors.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NetworkPolicyPeer {
    /// An address block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_block: Option<IPBlock>,
    /// Namespaces whose pods match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace_selector: Option<LabelSelector>,
    /// Pods that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_selector: Option<LabelSelector>,
}

/// An address block with holes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IPBlock {
    /// The block.
    pub cidr: String,
    /// Sub-ranges left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-kubernetes-list-type" = "atomic"))]
    pub except: Option<Vec<String>>,
}
