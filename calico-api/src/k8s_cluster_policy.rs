//! ClusterNetworkPolicy (`policy.networking.k8s.io/v1alpha2`,
//! network-policy-api v0.2.0), which Calico installs from 3.32 in place of
//! AdminNetworkPolicy and BaselineAdminNetworkPolicy.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

use crate::k8s_admin_policy::AdminNetworkPolicyStatus;
use crate::meta::LabelSelector;
use crate::resource::{resource, CLUSTER_POLICY_API_VERSION};

resource! {
    /// Cluster-wide policy set by administrators, in the tier evaluated before
    /// namespace policies (`Admin`) or after them (`Baseline`).
    ClusterNetworkPolicy(CLUSTER_POLICY_API_VERSION) {
        spec: ClusterNetworkPolicySpec,
        status: ClusterNetworkPolicyStatus,
    }
}

/// Observed state of a [`ClusterNetworkPolicy`]: the conditions
/// implementations report, as for the admin policies.
pub type ClusterNetworkPolicyStatus = AdminNetworkPolicyStatus;

/// Desired state of a [`ClusterNetworkPolicy`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClusterNetworkPolicySpec {
    /// Rules for traffic leaving the subject, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 25))]
    pub egress: Option<Vec<ClusterNetworkPolicyEgressRule>>,
    /// Rules for traffic reaching the subject, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 25))]
    pub ingress: Option<Vec<ClusterNetworkPolicyIngressRule>>,
    /// Precedence within the tier; lower wins.
    #[schemars(range(min = 0, max = 1000))]
    pub priority: i32,
    /// The pods the policy applies to.
    pub subject: ClusterNetworkPolicySubject,
    /// Whether the policy is evaluated before or after namespace policies.
    pub tier: ClusterNetworkPolicyTier,
}

/// When a [`ClusterNetworkPolicy`] is evaluated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ClusterNetworkPolicyTier {
    /// Before namespace policies.
    #[default]
    Admin,
    /// After namespace policies, as the cluster's default.
    Baseline,
}

/// Verdict of a ClusterNetworkPolicy rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ClusterNetworkPolicyRuleAction {
    /// Let the traffic through; no later policy is consulted.
    #[default]
    Accept,
    /// Drop the traffic; no later policy is consulted.
    Deny,
    /// Skip the rest of the tier and let the next one decide.
    Pass,
}

/// The pods a policy applies to: exactly one of the fields is set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(extend("minProperties" = 1, "maxProperties" = 1))]
pub struct ClusterNetworkPolicySubject {
    /// All pods of the namespaces that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespaces: Option<LabelSelector>,
    /// Pods matched by pod labels, in the namespaces that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pods: Option<ClusterNetworkPolicyPods>,
}

/// Pods picked by a pod selector, optionally within selected namespaces.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClusterNetworkPolicyPods {
    /// Namespaces to look in (unset: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace_selector: Option<LabelSelector>,
    /// Pods to pick in them.
    pub pod_selector: LabelSelector,
}

/// An ingress rule of a [`ClusterNetworkPolicy`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClusterNetworkPolicyIngressRule {
    /// What to do with matching traffic.
    pub action: ClusterNetworkPolicyRuleAction,
    /// Sources the rule matches.
    #[schemars(length(min = 1, max = 25))]
    pub from: Vec<ClusterNetworkPolicyIngressPeer>,
    /// Rule name, for status and logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 100))]
    pub name: Option<String>,
    /// Protocols and destination ports the rule matches (unset: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 25))]
    pub protocols: Option<Vec<ClusterNetworkPolicyProtocol>>,
}

/// An egress rule of a [`ClusterNetworkPolicy`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClusterNetworkPolicyEgressRule {
    /// What to do with matching traffic.
    pub action: ClusterNetworkPolicyRuleAction,
    /// Rule name, for status and logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 100))]
    pub name: Option<String>,
    /// Protocols and destination ports the rule matches (unset: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 25))]
    pub protocols: Option<Vec<ClusterNetworkPolicyProtocol>>,
    /// Destinations the rule matches.
    #[schemars(length(min = 1, max = 25))]
    pub to: Vec<ClusterNetworkPolicyEgressPeer>,
}

/// A traffic source: exactly one of the fields is set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(extend("minProperties" = 1, "maxProperties" = 1))]
pub struct ClusterNetworkPolicyIngressPeer {
    /// All pods of the namespaces that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespaces: Option<LabelSelector>,
    /// Pods matched by labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pods: Option<ClusterNetworkPolicyPods>,
}

/// A traffic destination: exactly one of the fields is set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(extend("minProperties" = 1, "maxProperties" = 1))]
pub struct ClusterNetworkPolicyEgressPeer {
    /// All pods of the namespaces that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespaces: Option<LabelSelector>,
    /// Address ranges (CIDRs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        with = "Option<Vec<NetworkCidr>>",
        length(min = 1, max = 25),
        extend("x-kubernetes-list-type" = "set")
    )]
    pub networks: Option<Vec<String>>,
    /// Pods matched by labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pods: Option<ClusterNetworkPolicyPods>,
}

/// Schema of one entry of `networks`: a CIDR.
struct NetworkCidr;

impl JsonSchema for NetworkCidr {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "NetworkCidr".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "maxLength": 43,
            "x-kubernetes-validations": [{
                "message": "Invalid CIDR format provided",
                "rule": "isCIDR(self)"
            }]
        })
    }
}

/// One protocol, with the destination ports it matches: exactly one of the
/// fields is set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("minProperties" = 1, "maxProperties" = 1))]
pub struct ClusterNetworkPolicyProtocol {
    /// A named container port (any protocol).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_named_port: Option<String>,
    /// SCTP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sctp: Option<ClusterNetworkPolicyProtocolPorts>,
    /// TCP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tcp: Option<ClusterNetworkPolicyProtocolPorts>,
    /// UDP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub udp: Option<ClusterNetworkPolicyProtocolPorts>,
}

/// The destination ports matched for one protocol.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("minProperties" = 1))]
pub struct ClusterNetworkPolicyProtocolPorts {
    /// The port or ports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_port: Option<ClusterNetworkPolicyPort>,
}

/// A port or a port range: exactly one of the fields is set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(extend("minProperties" = 1, "maxProperties" = 1))]
pub struct ClusterNetworkPolicyPort {
    /// One port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 65535))]
    pub number: Option<i32>,
    /// An inclusive range of ports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<ClusterNetworkPolicyPortRange>,
}

/// An inclusive port range.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(extend("x-kubernetes-validations" = [{
    "message": "Start port must be less than End port",
    "rule": "self.start < self.end"
}]))]
pub struct ClusterNetworkPolicyPortRange {
    /// Last port.
    #[schemars(range(min = 1, max = 65535))]
    pub end: i32,
    /// First port.
    #[schemars(range(min = 1, max = 65535))]
    pub start: i32,
}
