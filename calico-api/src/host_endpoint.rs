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
pub struct HostEndpointSpec {
    /// Addresses the interface is expected to have.
    #[serde(
        rename = "expectedIPs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub expected_ips: Option<Vec<String>>,
    /// The interface; `*` means all of the node's interfaces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface_name: Option<String>,
    /// The node the interface is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// Named ports that policies can refer to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ports: Option<Vec<EndpointPort>>,
    /// Profiles whose rules and labels apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profiles: Option<Vec<String>>,
}

/// A named port of an endpoint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EndpointPort {
    /// The name.
    pub name: String,
    /// The port number.
    #[schemars(with = "Int")]
    pub port: u16,
    /// The protocol.
    pub protocol: Protocol,
}
