//! Rule structures shared by every Calico policy kind.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::numorstring::{Port, Protocol};
use crate::schema::{EnumFrom, Int, V3_32_0};

/// One ingress or egress rule of a Calico policy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend(
    "x-kubernetes-validations" = [
        {
            "message": "rules with HTTP match must have protocol TCP or unset",
            "reason": "FieldValueInvalid",
            "rule": "!has(self.http) || !has(self.protocol) || self.protocol == 'TCP' || self.protocol == 6"
        },
        {
            "message": "HTTP match is only valid on Allow rules",
            "reason": "FieldValueForbidden",
            "rule": "self.action == 'Allow' || !has(self.http)"
        },
        {
            "message": "ports and notPorts cannot be specified with services",
            "reason": "FieldValueForbidden",
            "rule": "!has(self.destination) || !has(self.destination.services) || (!has(self.destination.ports) || size(self.destination.ports) == 0) && (!has(self.destination.notPorts) || size(self.destination.notPorts) == 0)"
        },
    ],
    "x-calico-before" = { "v3.32.0": { "x-kubernetes-validations": null } }
))]
pub struct Rule {
    /// `Allow`, `Deny`, `Log` or `Pass`.
    #[schemars(with = "EnumFrom<V3_32_0, RuleAction>")]
    pub action: String,
    /// Conditions on the packet's destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<EntityRule>,
    /// Conditions on HTTP requests (needs the application layer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<HTTPMatch>,
    /// ICMP type/code that must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icmp: Option<ICMPFields>,
    /// IP version (4 or 6) the rule applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    #[schemars(extend("enum" = [4, 6], "x-calico-before" = { "v3.32.0": { "enum": null } }))]
    pub ip_version: Option<i32>,
    /// Free-form data attached to the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<RuleMetadata>,
    /// ICMP type/code that must not match.
    #[serde(rename = "notICMP", default, skip_serializing_if = "Option::is_none")]
    pub not_icmp: Option<ICMPFields>,
    /// Protocol that must not match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_protocol: Option<Protocol>,
    /// Protocol that must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<Protocol>,
    /// Conditions on the packet's source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<EntityRule>,
}

/// The verdict of a Calico policy rule (the schema checks it from 3.32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub(crate) enum RuleAction {
    /// Let the packet through.
    Allow,
    /// Drop the packet.
    Deny,
    /// Log the packet and go on.
    Log,
    /// Skip to the next tier.
    Pass,
}

/// Conditions on one end (source or destination) of a packet.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EntityRule {
    /// Selects namespaces whose endpoints match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace_selector: Option<String>,
    /// Address ranges that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-kubernetes-list-type" = "set", "x-calico-before" = { "v3.32.0": { "x-kubernetes-list-type": null } }))]
    pub nets: Option<Vec<String>>,
    /// Address ranges that must not match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_nets: Option<Vec<String>>,
    /// Ports that must not match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_ports: Option<Vec<Port>>,
    /// Endpoints that must not match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_selector: Option<String>,
    /// Ports that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ports: Option<Vec<Port>>,
    /// Endpoints that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<String>,
    /// Service accounts whose pods match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_accounts: Option<ServiceAccountMatch>,
    /// A Kubernetes service whose endpoints match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services: Option<ServiceMatch>,
}

/// Matches pods by service account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ServiceAccountMatch {
    /// Service account names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-kubernetes-list-type" = "set", "x-calico-before" = { "v3.32.0": { "x-kubernetes-list-type": null } }))]
    pub names: Option<Vec<String>>,
    /// Selector over service account labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<String>,
}

/// Names a Kubernetes service.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ServiceMatch {
    /// Service name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Service namespace (defaults to the policy's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// Conditions on HTTP requests.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct HTTPMatch {
    /// Allowed methods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 20), extend("x-calico-before" = { "v3.32.0": { "maxItems": null } }))]
    pub methods: Option<Vec<String>>,
    /// Allowed paths.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 20), extend("x-calico-before" = { "v3.32.0": { "maxItems": null } }))]
    pub paths: Option<Vec<HTTPPath>>,
}

/// An HTTP path, matched exactly or by prefix.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct HTTPPath {
    /// The path must equal this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 1024), extend("x-calico-before" = { "v3.32.0": { "maxLength": null } }))]
    pub exact: Option<String>,
    /// The path must start with this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 1024), extend("x-calico-before" = { "v3.32.0": { "maxLength": null } }))]
    pub prefix: Option<String>,
}

/// ICMP type and code.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(extend(
    "x-kubernetes-validations" = [
        {
            "message": "ICMP code specified without an ICMP type",
            "reason": "FieldValueInvalid",
            "rule": "!has(self.code) || has(self.type)"
        },
    ],
    "x-calico-before" = { "v3.32.0": { "x-kubernetes-validations": null } }
))]
pub struct ICMPFields {
    /// ICMP code (needs `type`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    #[schemars(range(min = 0, max = 255), extend("x-calico-before" = { "v3.32.0": { "minimum": null, "maximum": null } }))]
    pub code: Option<u8>,
    /// ICMP type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    #[schemars(range(min = 0, max = 254), extend("x-calico-before" = { "v3.32.0": { "minimum": null, "maximum": null } }))]
    pub type_: Option<u8>,
}

/// Free-form data attached to a rule.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RuleMetadata {
    /// Annotations of the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, String>>,
}

/// Serializes an optional policy `order` the way Calico's own API does:
/// whole numbers without a fractional part (`100`, not `100.0`).
pub(crate) fn serialize_order<S: serde::Serializer>(
    order: &Option<f64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    const EXACT_INT_LIMIT: f64 = 9_007_199_254_740_992.0; // 2^53
    match order {
        Some(v) if v.fract() == 0.0 && v.abs() < EXACT_INT_LIMIT => {
            // Exact: |v| < 2^53 and v has no fractional part.
            #[allow(clippy::cast_possible_truncation)]
            serializer.serialize_i64(*v as i64)
        }
        Some(v) => serializer.serialize_f64(*v),
        None => serializer.serialize_none(),
    }
}
