//! AdminNetworkPolicy and BaselineAdminNetworkPolicy
//! (`policy.networking.k8s.io/v1alpha1`, network-policy-api v0.1.1).

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

use crate::meta::{Condition, LabelSelector, LabelSelectorNoListTypes};
use crate::resource::{resource, ADMIN_POLICY_API_VERSION};

resource! {
    /// Cluster-wide policy set by administrators, evaluated before namespace policies.
    AdminNetworkPolicy(ADMIN_POLICY_API_VERSION) {
        spec: AdminNetworkPolicySpec,
        status: AdminNetworkPolicyStatus,
    }
}

resource! {
    /// Cluster-wide default policy, evaluated after namespace policies (one object, named `default`).
    BaselineAdminNetworkPolicy(ADMIN_POLICY_API_VERSION) {
        spec: BaselineAdminNetworkPolicySpec,
        status: AdminNetworkPolicyStatus,
    }
}

/// Desired state of an [`AdminNetworkPolicy`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AdminNetworkPolicySpec {
    /// Rules for traffic leaving the subject, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 100))]
    pub egress: Option<Vec<AdminNetworkPolicyEgressRule<AdminNetworkPolicyRuleAction>>>,
    /// Rules for traffic reaching the subject, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 100))]
    pub ingress: Option<Vec<AdminNetworkPolicyIngressRule<AdminNetworkPolicyRuleAction>>>,
    /// Precedence among admin policies; lower wins.
    #[schemars(range(min = 0, max = 1000))]
    pub priority: i32,
    /// The pods the policy applies to.
    pub subject: AdminNetworkPolicySubject,
}

/// Desired state of a [`BaselineAdminNetworkPolicy`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BaselineAdminNetworkPolicySpec {
    /// Rules for traffic leaving the subject, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 100))]
    pub egress: Option<Vec<AdminNetworkPolicyEgressRule<BaselineAdminNetworkPolicyRuleAction>>>,
    /// Rules for traffic reaching the subject, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 100))]
    pub ingress: Option<Vec<AdminNetworkPolicyIngressRule<BaselineAdminNetworkPolicyRuleAction>>>,
    /// The pods the policy applies to.
    pub subject: AdminNetworkPolicySubject,
}

/// Verdict of an AdminNetworkPolicy rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum AdminNetworkPolicyRuleAction {
    /// Accept the traffic; no later policy is consulted.
    #[default]
    Allow,
    /// Drop the traffic; no later policy is consulted.
    Deny,
    /// Skip remaining admin policies and let namespace policies decide.
    Pass,
}

/// Verdict of a BaselineAdminNetworkPolicy rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum BaselineAdminNetworkPolicyRuleAction {
    /// Accept the traffic.
    #[default]
    Allow,
    /// Drop the traffic.
    Deny,
}

/// The pods a policy applies to: exactly one of the fields is set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(extend("minProperties" = 1, "maxProperties" = 1))]
pub struct AdminNetworkPolicySubject {
    /// All pods of the namespaces that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<LabelSelectorNoListTypes>")]
    pub namespaces: Option<LabelSelector>,
    /// Pods matched by namespace and pod labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pods: Option<NamespacedPod>,
}

/// Pods picked by a namespace selector and a pod selector together.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NamespacedPod {
    /// Namespaces to look in.
    #[schemars(with = "LabelSelectorNoListTypes")]
    pub namespace_selector: LabelSelector,
    /// Pods to pick in them.
    #[schemars(with = "LabelSelectorNoListTypes")]
    pub pod_selector: LabelSelector,
}

/// An ingress rule; `A` is the kind's action type.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AdminNetworkPolicyIngressRule<A> {
    /// What to do with matching traffic.
    pub action: A,
    /// Sources the rule matches.
    #[schemars(length(min = 1, max = 100))]
    pub from: Vec<AdminNetworkPolicyIngressPeer>,
    /// Rule name, for status and logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 100))]
    pub name: Option<String>,
    /// Destination ports the rule matches (empty: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 100))]
    pub ports: Option<Vec<AdminNetworkPolicyPort>>,
}

/// An egress rule; `A` is the kind's action type.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(extend("x-kubernetes-validations" = [{
    "message": "networks/nodes peer cannot be set with namedPorts since there are no namedPorts for networks/nodes",
    "rule": "!(self.to.exists(peer, has(peer.networks) || has(peer.nodes)) && has(self.ports) && self.ports.exists(port, has(port.namedPort)))"
}]))]
pub struct AdminNetworkPolicyEgressRule<A> {
    /// What to do with matching traffic.
    pub action: A,
    /// Rule name, for status and logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 100))]
    pub name: Option<String>,
    /// Destination ports the rule matches (empty: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 100))]
    pub ports: Option<Vec<AdminNetworkPolicyPort>>,
    /// Destinations the rule matches.
    #[schemars(length(min = 1, max = 100))]
    pub to: Vec<AdminNetworkPolicyEgressPeer>,
}

/// A traffic source: exactly one of the fields is set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(extend("minProperties" = 1, "maxProperties" = 1))]
pub struct AdminNetworkPolicyIngressPeer {
    /// All pods of the namespaces that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<LabelSelectorNoListTypes>")]
    pub namespaces: Option<LabelSelector>,
    /// Pods matched by namespace and pod labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pods: Option<NamespacedPod>,
}

/// A traffic destination: exactly one of the fields is set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(extend("minProperties" = 1, "maxProperties" = 1))]
pub struct AdminNetworkPolicyEgressPeer {
    /// All pods of the namespaces that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<LabelSelectorNoListTypes>")]
    pub namespaces: Option<LabelSelector>,
    /// Address ranges outside the cluster's pods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        with = "Option<Vec<PeerCidr>>",
        length(min = 1, max = 25),
        extend("x-kubernetes-list-type" = "set")
    )]
    pub networks: Option<Vec<String>>,
    /// Nodes whose labels match (their host-network addresses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<LabelSelectorNoListTypes>")]
    pub nodes: Option<LabelSelector>,
    /// Pods matched by namespace and pod labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pods: Option<NamespacedPod>,
}

/// Schema of one entry of `networks`: an IPv4 or IPv6 CIDR.
struct PeerCidr;

impl JsonSchema for PeerCidr {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "PeerCidr".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "maxLength": 43,
            "x-kubernetes-validations": [{
                "message": "CIDR must be either an IPv4 or IPv6 address. IPv4 address embedded in IPv6 addresses are not supported",
                "rule": "self.contains(':') != self.contains('.')"
            }]
        })
    }
}

/// Ports a rule matches: exactly one of the fields is set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("minProperties" = 1, "maxProperties" = 1))]
pub struct AdminNetworkPolicyPort {
    /// A named container port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub named_port: Option<String>,
    /// One port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port_number: Option<PortNumber>,
    /// A range of ports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port_range: Option<PortRange>,
}

/// One port with its protocol.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PortNumber {
    /// The port.
    #[schemars(range(min = 1, max = 65535))]
    pub port: i32,
    /// `TCP`, `UDP` or `SCTP`.
    #[schemars(extend("default" = "TCP"))]
    pub protocol: String,
}

/// An inclusive port range with its protocol.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PortRange {
    /// Last port.
    #[schemars(range(min = 1, max = 65535))]
    pub end: i32,
    /// `TCP`, `UDP` or `SCTP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "TCP"))]
    pub protocol: Option<String>,
    /// First port.
    #[schemars(range(min = 1, max = 65535))]
    pub start: i32,
}

/// Observed state of an admin policy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AdminNetworkPolicyStatus {
    /// Conditions reported by implementations.
    #[schemars(extend("x-kubernetes-list-map-keys" = ["type"], "x-kubernetes-list-type" = "map"))]
    pub conditions: Vec<Condition>,
}
