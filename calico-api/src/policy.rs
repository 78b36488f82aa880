//! Rule structures shared by every Calico policy kind.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::numorstring::{Port, Protocol};
use crate::schema::Int;

/// One ingress or egress rule of a Calico policy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    /// `Allow`, `Deny`, `Log` or `Pass`.
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

/// Conditions on one end (source or destination) of a packet.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EntityRule {
    /// Selects namespaces whose endpoints match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace_selector: Option<String>,
    /// Address ranges that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    pub methods: Option<Vec<String>>,
    /// Allowed paths.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paths: Option<Vec<HTTPPath>>,
}

/// An HTTP path, matched exactly or by prefix.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct HTTPPath {
    /// The path must equal this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exact: Option<String>,
    /// The path must start with this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
}

/// ICMP type and code.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ICMPFields {
    /// ICMP code (needs `type`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    pub code: Option<u8>,
    /// ICMP type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
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
