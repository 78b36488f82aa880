//! Calico policy kinds (namespaced and global, enforced and staged) and tiers.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::policy::{Rule, RuleAction};
use crate::resource::{resource, CALICO_API_VERSION};
use crate::schema::{AllOf, EnumFrom, Since, V3_32_0};

resource! {
    /// A namespaced Calico network policy.
    NetworkPolicy(CALICO_API_VERSION) { spec: NetworkPolicySpec }
}

resource! {
    /// A cluster-wide Calico network policy.
    GlobalNetworkPolicy(CALICO_API_VERSION) { spec: GlobalNetworkPolicySpec }
}

resource! {
    /// A namespaced Calico policy that is only evaluated, not enforced.
    StagedNetworkPolicy(CALICO_API_VERSION) { spec: StagedNetworkPolicySpec }
}

resource! {
    /// A cluster-wide Calico policy that is only evaluated, not enforced.
    StagedGlobalNetworkPolicy(CALICO_API_VERSION) { spec: StagedGlobalNetworkPolicySpec }
}

resource! {
    /// An ordered group of policies; policies in earlier tiers are evaluated first.
    Tier(CALICO_API_VERSION) { spec: TierSpec }
}

/// The direction a policy applies to (the schema checks it from 3.32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub(crate) enum PolicyType {
    /// Traffic reaching the endpoints.
    Ingress,
    /// Traffic leaving the endpoints.
    Egress,
}

/// A dataplane hint of a policy (the schema checks it from 3.32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub(crate) enum PerformanceHint {
    /// Program the policy on every node up front.
    AssumeNeededOnEveryNode,
}

/// What a staged policy stages (the schema checks it from 3.32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub(crate) enum StagedAction {
    /// The policy as it would be set.
    Set,
    /// The policy's removal.
    Delete,
    /// Learn from the traffic.
    Learn,
    /// Leave it out.
    Ignore,
}

/// Desired state of a [`NetworkPolicy`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NetworkPolicySpec {
    /// Rules for traffic leaving the selected endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub egress: Option<Vec<Rule>>,
    /// Rules for traffic reaching the selected endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingress: Option<Vec<Rule>>,
    /// Evaluation order within the tier; lower first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "crate::policy::serialize_order")]
    pub order: Option<f64>,
    /// Hints for the dataplane, e.g. `AssumeNeededOnEveryNode`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<EnumFrom<V3_32_0, PerformanceHint>>>")]
    pub performance_hints: Option<Vec<String>>,
    /// Endpoints the policy applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<String>,
    /// Applies to pods whose service account matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_selector: Option<String>,
    /// The tier the policy belongs to (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.29.0"))]
    #[schemars(extend("default" = "default", "x-calico-before" = { "v3.32.0": { "default": null } }))]
    pub tier: Option<String>,
    /// `Ingress`, `Egress` or both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<EnumFrom<V3_32_0, PolicyType>>>")]
    #[schemars(length(min = 1, max = 2), extend("x-kubernetes-list-type" = "set", "x-calico-before" = { "v3.32.0": { "minItems": null, "maxItems": null, "x-kubernetes-list-type": null } }))]
    pub types: Option<Vec<String>>,
}

/// Desired state of a [`GlobalNetworkPolicy`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend(
    "x-kubernetes-validations" = [
        {
            "message": "preDNAT and doNotTrack cannot both be true",
            "reason": "FieldValueForbidden",
            "rule": "!((has(self.doNotTrack) && self.doNotTrack) && (has(self.preDNAT) && self.preDNAT))"
        },
        {
            "message": "preDNAT policy cannot have any egress rules",
            "reason": "FieldValueForbidden",
            "rule": "(!has(self.preDNAT) || !self.preDNAT) || !has(self.egress) || size(self.egress) == 0"
        },
        {
            "message": "preDNAT policy cannot have 'Egress' type",
            "reason": "FieldValueForbidden",
            "rule": "(!has(self.preDNAT) || !self.preDNAT) || !has(self.types) || !self.types.exists(t, t == 'Egress')"
        },
        {
            "message": "applyOnForward must be true if either preDNAT or doNotTrack is true",
            "reason": "FieldValueInvalid",
            "rule": "(has(self.applyOnForward) && self.applyOnForward) || ((!has(self.doNotTrack) || !self.doNotTrack) && (!has(self.preDNAT) || !self.preDNAT))"
        },
    ],
    "x-calico-before" = { "v3.32.0": { "x-kubernetes-validations": null } }
))]
pub struct GlobalNetworkPolicySpec {
    /// Also apply to traffic forwarded through host endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apply_on_forward: Option<bool>,
    /// Apply before connection tracking, without tracking the flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub do_not_track: Option<bool>,
    /// Rules for traffic leaving the selected endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub egress: Option<Vec<Rule>>,
    /// Rules for traffic reaching the selected endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingress: Option<Vec<Rule>>,
    /// Applies to endpoints in namespaces that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace_selector: Option<String>,
    /// Evaluation order within the tier; lower first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "crate::policy::serialize_order")]
    pub order: Option<f64>,
    /// Hints for the dataplane, e.g. `AssumeNeededOnEveryNode`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<EnumFrom<V3_32_0, PerformanceHint>>>")]
    pub performance_hints: Option<Vec<String>>,
    /// Apply before destination NAT (host endpoints, ingress only).
    #[serde(rename = "preDNAT", default, skip_serializing_if = "Option::is_none")]
    pub pre_dnat: Option<bool>,
    /// Endpoints the policy applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<String>,
    /// Applies to pods whose service account matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_selector: Option<String>,
    /// The tier the policy belongs to (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.29.0"))]
    #[schemars(extend("default" = "default", "x-calico-before" = { "v3.32.0": { "default": null } }))]
    pub tier: Option<String>,
    /// `Ingress`, `Egress` or both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<EnumFrom<V3_32_0, PolicyType>>>")]
    #[schemars(length(min = 1, max = 2), extend("x-kubernetes-list-type" = "set", "x-calico-before" = { "v3.32.0": { "minItems": null, "maxItems": null, "x-kubernetes-list-type": null } }))]
    pub types: Option<Vec<String>>,
}

/// Desired state of a [`StagedNetworkPolicy`]: a [`NetworkPolicySpec`] plus `stagedAction`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct StagedNetworkPolicySpec {
    /// `Set` to stage the policy, `Delete` to stage its removal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<EnumFrom<V3_32_0, StagedAction>>")]
    #[schemars(extend("default" = "Set", "x-calico-before" = { "v3.32.0": { "default": null } }))]
    pub staged_action: Option<String>,
    /// The policy being staged.
    #[serde(flatten)]
    pub policy: NetworkPolicySpec,
}

/// Desired state of a [`StagedGlobalNetworkPolicy`]: a [`GlobalNetworkPolicySpec`] plus `stagedAction`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct StagedGlobalNetworkPolicySpec {
    /// `Set` to stage the policy, `Delete` to stage its removal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<EnumFrom<V3_32_0, StagedAction>>")]
    #[schemars(extend("default" = "Set", "x-calico-before" = { "v3.32.0": { "default": null } }))]
    pub staged_action: Option<String>,
    /// The policy being staged.
    #[serde(flatten)]
    pub policy: GlobalNetworkPolicySpec,
}

/// What happens to traffic no policy in a tier decided on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum TierDefaultAction {
    /// Go on to the next tier.
    Pass,
    /// Drop it.
    Deny,
}

/// Desired state of a [`Tier`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TierSpec {
    /// Action for traffic that no policy of the tier decided on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<AllOf<Since<V3_32_0, RuleAction>, TierDefaultAction>>")]
    #[schemars(extend("default" = "Deny", "x-calico-before" = { "v3.32.0": { "default": null } }))]
    pub default_action: Option<TierDefaultAction>,
    /// Evaluation order of the tier; lower first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "crate::policy::serialize_order")]
    pub order: Option<f64>,
}
