//! BGP: global settings, peerings and route filters.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::common::EnabledDisabled;
use crate::meta::SecretKeySelector;
use crate::resource::{resource, CALICO_API_VERSION};
use crate::schema::{DoubledEnum, Int};

resource! {
    /// Cluster-wide (name `default`) or per-node (name `node.<node>`) BGP settings.
    BGPConfiguration(CALICO_API_VERSION) { spec: BGPConfigurationSpec }
}

/// Desired state of a [`BGPConfiguration`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BGPConfigurationSpec {
    /// Default AS number of the nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<i32>")]
    pub as_number: Option<u32>,
    /// `NodeIP` to listen on the node's address only, else all addresses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bind_mode: Option<String>,
    /// Named BGP communities usable in `prefixAdvertisements`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub communities: Option<Vec<Community>>,
    /// Interfaces BIRD ignores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignored_interfaces: Option<Vec<String>>,
    /// TCP port BIRD listens on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>", range(min = 1, max = 65535))]
    pub listen_port: Option<u16>,
    /// Node-local IPv4 address workloads peer with.
    #[serde(
        rename = "localWorkloadPeeringIPV4",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(extend("x-calico-since" = "v3.30.0"))]
    pub local_workload_peering_ipv4: Option<String>,
    /// Node-local IPv6 address workloads peer with.
    #[serde(
        rename = "localWorkloadPeeringIPV6",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(extend("x-calico-since" = "v3.30.0"))]
    pub local_workload_peering_ipv6: Option<String>,
    /// BGP log level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_severity_screen: Option<String>,
    /// Graceful-restart time for mesh peerings (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_mesh_max_restart_time: Option<String>,
    /// Password for the full-mesh peerings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_mesh_password: Option<BGPPassword>,
    /// Whether all nodes peer with each other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_to_node_mesh_enabled: Option<bool>,
    /// Communities to attach to advertised prefixes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix_advertisements: Option<Vec<PrefixAdvertisement>>,
    /// Service cluster-IP ranges to advertise.
    #[serde(
        rename = "serviceClusterIPs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub service_cluster_ips: Option<Vec<ServiceCidr>>,
    /// Service external-IP ranges to advertise.
    #[serde(
        rename = "serviceExternalIPs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub service_external_ips: Option<Vec<ServiceCidr>>,
    /// Whether LoadBalancer addresses are advertised aggregated or as /32s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "Enabled"))]
    #[schemars(extend("x-calico-since" = "v3.31.0"))]
    pub service_load_balancer_aggregation: Option<EnabledDisabled>,
    /// Service LoadBalancer-IP ranges to advertise.
    #[serde(
        rename = "serviceLoadBalancerIPs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub service_load_balancer_ips: Option<Vec<ServiceCidr>>,
}

/// A named BGP community.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Community {
    /// Name used to refer to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `aa:nn` (standard) or `aa:nn:mm` (large) community value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^(\d+):(\d+)$|^(\d+):(\d+):(\d+)$"))]
    pub value: Option<String>,
}

/// Communities to attach to one prefix.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PrefixAdvertisement {
    /// The prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr: Option<String>,
    /// Community names or literal values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub communities: Option<Vec<String>>,
}

/// One range of service addresses.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ServiceCidr {
    /// The range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr: Option<String>,
}

/// Where a BGP password comes from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BGPPassword {
    /// A key of a Secret in calico-node's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_key_ref: Option<SecretKeySelector>,
}

resource! {
    /// A BGP peering between Calico nodes and a peer.
    BGPPeer(CALICO_API_VERSION) { spec: BGPPeerSpec }
}

/// Next-hop handling for routes sent to a peer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum NextHopMode {
    /// BIRD's default for the peering type.
    Auto,
    /// Always this node.
    #[serde(rename = "Self")]
    Self_,
    /// Leave the next hop unchanged.
    Keep,
}

/// Whether the remote side also configures the peering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ReversePeering {
    /// Calico sets up both directions.
    Auto,
    /// The reverse peering needs its own BGPPeer.
    Manual,
}

/// Desired state of a [`BGPPeer`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BGPPeerSpec {
    /// The peer's AS number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<i32>")]
    pub as_number: Option<u32>,
    /// BGPFilter names applied to this peering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filters: Option<Vec<String>>,
    /// Keep the original next hop (eBGP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_original_next_hop: Option<bool>,
    /// AS number this side uses for the peering.
    #[serde(
        rename = "localASNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<i32>")]
    #[schemars(extend("x-calico-since" = "v3.31.0"))]
    pub local_as_number: Option<u32>,
    /// Selects local workloads to peer with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.30.0"))]
    pub local_workload_selector: Option<String>,
    /// Graceful-restart time (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_restart_time: Option<String>,
    /// Next-hop handling for routes sent to the peer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<DoubledEnum<NextHopMode>>")]
    #[schemars(extend("x-calico-since" = "v3.30.2"))]
    pub next_hop_mode: Option<NextHopMode>,
    /// The single node that peers (empty: all nodes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// Selects the nodes that peer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_selector: Option<String>,
    /// How often the local AS may appear in a received AS path.
    #[serde(
        rename = "numAllowedLocalASNumbers",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<i32>")]
    pub num_allowed_local_as_numbers: Option<u32>,
    /// Password for the peering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<BGPPassword>,
    /// The peer's address, optionally with `:port`.
    #[serde(rename = "peerIP", default, skip_serializing_if = "Option::is_none")]
    pub peer_ip: Option<String>,
    /// Selects Calico nodes to peer with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peer_selector: Option<String>,
    /// Address of a router through which the peer is reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reachable_by: Option<String>,
    /// Whether the reverse direction is set up automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.30.3"))]
    pub reverse_peering: Option<ReversePeering>,
    /// `UseNodeIP` or `None`: the source address of the session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_address: Option<String>,
    /// Maximum hops to the peer (GTSM), 0 disables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    pub ttl_security: Option<u8>,
}

resource! {
    /// Import/export rules applied to BGP routes of the peerings that use it.
    BGPFilter(CALICO_API_VERSION) { spec: BGPFilterSpec }
}

/// Desired state of a [`BGPFilter`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BGPFilterSpec {
    /// Rules for IPv4 routes sent.
    #[serde(rename = "exportV4", default, skip_serializing_if = "Option::is_none")]
    pub export_v4: Option<Vec<BGPFilterRule<PrefixLengthV4>>>,
    /// Rules for IPv6 routes sent.
    #[serde(rename = "exportV6", default, skip_serializing_if = "Option::is_none")]
    pub export_v6: Option<Vec<BGPFilterRule<PrefixLengthV6>>>,
    /// Rules for IPv4 routes received.
    #[serde(rename = "importV4", default, skip_serializing_if = "Option::is_none")]
    pub import_v4: Option<Vec<BGPFilterRule<PrefixLengthV4>>>,
    /// Rules for IPv6 routes received.
    #[serde(rename = "importV6", default, skip_serializing_if = "Option::is_none")]
    pub import_v6: Option<Vec<BGPFilterRule<PrefixLengthV6>>>,
}

/// One BGP filter rule; `L` bounds the prefix lengths for the address family.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BGPFilterRule<L> {
    /// `Accept` or `Reject`.
    pub action: String,
    /// Prefix the route is compared with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr: Option<String>,
    /// Interface name pattern the route must go through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface: Option<String>,
    /// `Equal`, `NotEqual`, `In` or `NotIn`, relating the route to `cidr`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_operator: Option<String>,
    /// Bounds on the route's prefix length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.29.0"))]
    pub prefix_length: Option<L>,
    /// `RemotePeers` to match only routes learned from peers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Prefix-length bounds for IPv4 routes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PrefixLengthV4 {
    /// Longest prefix matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 32))]
    pub max: Option<i32>,
    /// Shortest prefix matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 32))]
    pub min: Option<i32>,
}

/// Prefix-length bounds for IPv6 routes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PrefixLengthV6 {
    /// Longest prefix matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 128))]
    pub max: Option<i32>,
    /// Shortest prefix matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 128))]
    pub min: Option<i32>,
}
