//! HostEndpoint: a node's interface (or all of them) under Calico policy.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::numorstring::Protocol;
use crate::resource::{resource, CALICO_API_VERSION};
use crate::schema::Int;

resource! {
    /// A host interface that policy applies to.
    HostEndpoint(CALICO_API_VERSION) { spec: HostEndpointSpec }
}

/// Desired state of a [`HostEndpoint`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend(
    "x-kubernetes-validations" = [
        {
            "message": "at least one of interfaceName or expectedIPs must be specified",
            "reason": "FieldValueInvalid",
            "rule": "(has(self.interfaceName) && size(self.interfaceName) > 0) || (has(self.expectedIPs) && size(self.expectedIPs) > 0)"
        },
        {
            "message": "node must be specified",
            "reason": "FieldValueInvalid",
            "rule": "has(self.node) && size(self.node) > 0"
        },
    ],
    "x-calico-before" = { "v3.32.0": { "x-kubernetes-validations": null } }
))]
pub struct HostEndpointSpec {
    /// Addresses the interface is expected to have.
    #[serde(
        rename = "expectedIPs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(extend("x-kubernetes-list-type" = "set", "x-calico-before" = { "v3.32.0": { "x-kubernetes-list-type": null } }))]
    pub expected_ips: Option<Vec<String>>,
    /// The interface; `*` means all of the node's interfaces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 15), extend("x-calico-before" = { "v3.32.0": { "maxLength": null } }))]
    pub interface_name: Option<String>,
    /// The node the interface is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 253), extend("x-calico-before" = { "v3.32.0": { "maxLength": null } }))]
    pub node: Option<String>,
    /// Named ports that policies can refer to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ports: Option<Vec<EndpointPort>>,
    /// Profiles whose rules and labels apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-kubernetes-list-type" = "set", "x-calico-before" = { "v3.32.0": { "x-kubernetes-list-type": null } }))]
    pub profiles: Option<Vec<String>>,
}

/// A named port of an endpoint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EndpointPort {
    /// The name.
    pub name: String,
    /// The port number.
    #[schemars(with = "Int")]
    #[schemars(range(min = 1, max = 65535), extend("x-calico-before" = { "v3.32.0": { "minimum": null, "maximum": null } }))]
    pub port: u16,
    /// The protocol.
    pub protocol: Protocol,
}
