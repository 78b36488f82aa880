//! BGP: global settings, peerings and route filters.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

use crate::common::EnabledDisabled;
use crate::felix::LOG_LEVEL;
use crate::meta::SecretKeySelector;
use crate::resource::{resource, CALICO_API_VERSION};
use crate::schema::{AllOf, EnumFrom, Int, Since, Until, V3_32_0};

/// How BIRD listens (the schema checks it from 3.32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
enum BindMode {
    /// On every address.
    #[serde(rename = "None")]
    Any,
    /// On the node's address only.
    #[serde(rename = "NodeIP")]
    NodeIp,
}

/// The source address of a BGP session (the schema checks it from 3.32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
enum SourceAddress {
    /// The node's address.
    #[serde(rename = "UseNodeIP")]
    UseNodeIp,
    /// Let the kernel pick.
    #[serde(rename = "None")]
    Kernel,
}

resource! {
    /// Cluster-wide (name `default`) or per-node (name `node.<node>`) BGP settings.
    BGPConfiguration(CALICO_API_VERSION) { spec: BGPConfigurationSpec }
}

/// Desired state of a [`BGPConfiguration`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend(
    "x-kubernetes-validations" = [
        {
            "message": "nodeMeshPassword cannot be set when nodeToNodeMeshEnabled is false",
            "reason": "FieldValueForbidden",
            "rule": "!has(self.nodeMeshPassword) || !has(self.nodeToNodeMeshEnabled) || self.nodeToNodeMeshEnabled == true"
        },
        {
            "message": "nodeMeshMaxRestartTime cannot be set when nodeToNodeMeshEnabled is false",
            "reason": "FieldValueForbidden",
            "rule": "!has(self.nodeMeshMaxRestartTime) || !has(self.nodeToNodeMeshEnabled) || self.nodeToNodeMeshEnabled == true"
        },
    ],
    "x-calico-before" = { "v3.32.0": { "x-kubernetes-validations": null } }
))]
pub struct BGPConfigurationSpec {
    /// Default AS number of the nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<i32>")]
    pub as_number: Option<u32>,
    /// `NodeIP` to listen on the node's address only, else all addresses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<EnumFrom<V3_32_0, BindMode>>")]
    pub bind_mode: Option<String>,
    /// Named BGP communities usable in `prefixAdvertisements`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-kubernetes-list-type" = "atomic", "x-calico-before" = { "v3.32.1": { "x-kubernetes-list-type": "set" }, "v3.32.0": { "x-kubernetes-list-type": null } }))]
    pub communities: Option<Vec<Community>>,
    /// Interfaces BIRD ignores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-kubernetes-list-type" = "set", "x-calico-before" = { "v3.32.0": { "x-kubernetes-list-type": null } }))]
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
    #[schemars(regex(pattern = LOG_LEVEL), extend("default" = "Info", "x-calico-before" = { "v3.32.0": { "pattern": null, "default": null } }))]
    pub log_severity_screen: Option<String>,
    /// Priority of the routes BIRD programs for IPv4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>", range(min = 1, max = 2147483646))]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub ipv4_normal_route_priority: Option<i32>,
    /// Priority of the routes BIRD programs for IPv6.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>", range(min = 1, max = 2147483646))]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub ipv6_normal_route_priority: Option<i32>,
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
    #[schemars(extend("x-kubernetes-list-type" = "atomic", "x-calico-before" = { "v3.32.1": { "x-kubernetes-list-type": "set" }, "v3.32.0": { "x-kubernetes-list-type": null } }))]
    pub prefix_advertisements: Option<Vec<PrefixAdvertisement>>,
    /// Whether BIRD (rather than Felix) programs routes to other nodes' blocks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub program_cluster_routes: Option<EnabledDisabled>,
    /// Service cluster-IP ranges to advertise.
    #[serde(
        rename = "serviceClusterIPs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(extend("x-kubernetes-list-type" = "atomic", "x-calico-before" = { "v3.32.1": { "x-kubernetes-list-type": "set" }, "v3.32.0": { "x-kubernetes-list-type": null } }))]
    pub service_cluster_ips: Option<Vec<ServiceCidr>>,
    /// Service external-IP ranges to advertise.
    #[serde(
        rename = "serviceExternalIPs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(extend("x-kubernetes-list-type" = "atomic", "x-calico-before" = { "v3.32.1": { "x-kubernetes-list-type": "set" }, "v3.32.0": { "x-kubernetes-list-type": null } }))]
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
    #[schemars(extend("x-kubernetes-list-type" = "atomic", "x-calico-before" = { "v3.32.1": { "x-kubernetes-list-type": "set" }, "v3.32.0": { "x-kubernetes-list-type": null } }))]
    pub service_load_balancer_ips: Option<Vec<ServiceCidr>>,
}

/// A named BGP community.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(extend("x-kubernetes-map-type" = "atomic", "x-calico-before" = { "v3.32.0": { "x-kubernetes-map-type": null } }))]
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
#[schemars(extend("x-kubernetes-map-type" = "atomic", "x-calico-before" = { "v3.32.0": { "x-kubernetes-map-type": null } }))]
pub struct PrefixAdvertisement {
    /// The prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("format" = "cidr", "x-calico-before" = { "v3.32.0": { "format": null } }))]
    pub cidr: Option<String>,
    /// Community names or literal values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub communities: Option<Vec<String>>,
}

/// One range of service addresses.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(extend("x-kubernetes-map-type" = "atomic", "x-calico-before" = { "v3.32.0": { "x-kubernetes-map-type": null } }))]
pub struct ServiceCidr {
    /// The range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("format" = "cidr", "x-calico-before" = { "v3.32.0": { "format": null } }))]
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
#[schemars(extend(
    "x-kubernetes-validations" = [
        {
            "message": "node and nodeSelector cannot both be set",
            "reason": "FieldValueForbidden",
            "rule": "(!has(self.node) || size(self.node) == 0) || (!has(self.nodeSelector) || size(self.nodeSelector) == 0)"
        },
        {
            "message": "peerIP and peerSelector cannot both be set",
            "reason": "FieldValueForbidden",
            "rule": "(!has(self.peerIP) || size(self.peerIP) == 0) || (!has(self.peerSelector) || size(self.peerSelector) == 0)"
        },
        {
            "message": "asNumber must be empty when peerSelector is set",
            "reason": "FieldValueForbidden",
            "rule": "(!has(self.peerSelector) || size(self.peerSelector) == 0) || !has(self.asNumber) || self.asNumber == 0"
        },
        {
            "message": "peerIP must be empty when localWorkloadSelector is set",
            "reason": "FieldValueForbidden",
            "rule": "(!has(self.localWorkloadSelector) || size(self.localWorkloadSelector) == 0) || (!has(self.peerIP) || size(self.peerIP) == 0)"
        },
        {
            "message": "peerSelector must be empty when localWorkloadSelector is set",
            "reason": "FieldValueForbidden",
            "rule": "(!has(self.localWorkloadSelector) || size(self.localWorkloadSelector) == 0) || (!has(self.peerSelector) || size(self.peerSelector) == 0)"
        },
        {
            "message": "asNumber is required when localWorkloadSelector is set",
            "reason": "FieldValueInvalid",
            "rule": "(!has(self.localWorkloadSelector) || size(self.localWorkloadSelector) == 0) || (has(self.asNumber) && self.asNumber != 0)"
        },
    ],
    "x-calico-before" = { "v3.32.0": { "x-kubernetes-validations": null } }
))]
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
    #[schemars(length(max = 4096), extend("x-calico-before" = { "v3.32.0": { "maxLength": null } }))]
    pub local_workload_selector: Option<String>,
    /// BGP keepalive interval of the session (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub keepalive_time: Option<String>,
    /// Graceful-restart time (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_restart_time: Option<String>,
    /// Next-hop handling for routes sent to the peer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<AllOf<NextHopMode, Until<V3_32_0, NextHopMode>>>")]
    #[schemars(extend("x-calico-since" = "v3.30.2"))]
    pub next_hop_mode: Option<NextHopMode>,
    /// The single node that peers (empty: all nodes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 253), extend("x-calico-before" = { "v3.32.0": { "maxLength": null } }))]
    pub node: Option<String>,
    /// Selects the nodes that peer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 4096), extend("x-calico-before" = { "v3.32.0": { "maxLength": null } }))]
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
    #[schemars(length(max = 64), extend("x-calico-before" = { "v3.32.0": { "maxLength": null } }))]
    pub peer_ip: Option<String>,
    /// Selects Calico nodes to peer with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 4096), extend("x-calico-before" = { "v3.32.0": { "maxLength": null } }))]
    pub peer_selector: Option<String>,
    /// Address of a router through which the peer is reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reachable_by: Option<String>,
    /// Whether the reverse direction is set up automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.30.3"))]
    #[schemars(with = "Option<AllOf<ReversePeering, Since<V3_32_0, ReversePeering>>>")]
    pub reverse_peering: Option<ReversePeering>,
    /// `UseNodeIP` or `None`: the source address of the session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<EnumFrom<V3_32_0, SourceAddress>>")]
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
#[schemars(bound = "L: JsonSchema + AddressFamily")]
#[schemars(extend(
    "x-kubernetes-map-type" = "atomic",
    "x-kubernetes-validations" = [
        {
            "message": "cidr and matchOperator must both be set or both be empty",
            "reason": "FieldValueInvalid",
            "rule": "(has(self.cidr) && size(self.cidr) > 0) == (has(self.matchOperator) && size(self.matchOperator) > 0)"
        },
        {
            "message": "cidr is required when prefixLength is set",
            "reason": "FieldValueInvalid",
            "rule": "!has(self.prefixLength) || (has(self.cidr) && size(self.cidr) > 0)"
        },
        {
            "message": "operations may only be used with action Accept",
            "rule": "!has(self.operations) || size(self.operations) == 0 || self.action == 'Accept'"
        },
    ],
    "x-calico-before" = { "v3.32.0": { "x-kubernetes-map-type": null, "x-kubernetes-validations": null } }
))]
pub struct BGPFilterRule<L> {
    /// `Accept` or `Reject`.
    #[schemars(with = "EnumFrom<V3_32_0, FilterAction>")]
    pub action: String,
    /// AS numbers to match as the start of the route's AS path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub as_path_prefix: Option<Vec<i32>>,
    /// Prefix the route is compared with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<FilterCidr<L>>")]
    pub cidr: Option<String>,
    /// Communities the route must carry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub communities: Option<BGPFilterCommunities>,
    /// Interface name pattern the route must go through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface: Option<String>,
    /// `Equal`, `NotEqual`, `In` or `NotIn`, relating the route to `cidr`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<EnumFrom<V3_32_0, MatchOperator>>")]
    pub match_operator: Option<String>,
    /// Changes made to accepted routes, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 10), extend("x-calico-since" = "v3.32.0"))]
    pub operations: Option<Vec<BGPFilterOperation>>,
    /// Only routes from peers of this type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub peer_type: Option<BGPFilterPeerType>,
    /// Bounds on the route's prefix length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.29.0"))]
    pub prefix_length: Option<L>,
    /// Only routes of this priority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>", range(min = 1, max = 2147483646))]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub priority: Option<i32>,
    /// `RemotePeers` to match only routes learned from peers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<EnumFrom<V3_32_0, FilterSource>>")]
    pub source: Option<String>,
}

/// An address family of BGP filter rules, known by its prefix-length bounds
/// type ([`PrefixLengthV4`], [`PrefixLengthV6`]).
pub trait AddressFamily {
    /// The longest CIDR text of the family (`255.255.255.255/32` is 18).
    const CIDR_MAX_LENGTH: u32;
}

impl AddressFamily for PrefixLengthV4 {
    const CIDR_MAX_LENGTH: u32 = 18;
}

impl AddressFamily for PrefixLengthV6 {
    const CIDR_MAX_LENGTH: u32 = 43;
}

/// Schema of the `cidr` of a rule of family `L`: a CIDR, bounded from 3.32.
struct FilterCidr<L>(std::marker::PhantomData<L>);

impl<L: AddressFamily> JsonSchema for FilterCidr<L> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        format!("FilterCidr{}", L::CIDR_MAX_LENGTH).into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "cidr",
            "maxLength": L::CIDR_MAX_LENGTH,
            "x-calico-before": { "v3.32.0": { "format": null, "maxLength": null } }
        })
    }
}

/// Verdict of a BGP filter rule (the schema checks it from 3.32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
enum FilterAction {
    /// Take the route.
    Accept,
    /// Drop the route.
    Reject,
}

/// How a rule relates a route to its `cidr` (the schema checks it from 3.32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
enum MatchOperator {
    /// The same prefix.
    Equal,
    /// Any other prefix.
    NotEqual,
    /// Inside the prefix.
    In,
    /// Outside the prefix.
    NotIn,
}

/// Where a route came from (the schema checks it from 3.32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
enum FilterSource {
    /// Learned from BGP peers.
    RemotePeers,
}

/// The type of peering a route was learned over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum BGPFilterPeerType {
    /// External BGP (another AS).
    #[serde(rename = "eBGP")]
    EBgp,
    /// Internal BGP (the same AS).
    #[serde(rename = "iBGP")]
    IBgp,
}

/// A BGP community value: `aa:nn` (standard, 16-bit halves) or `aa:nn:mm`
/// (large, 32-bit parts).
macro_rules! u16_pattern {
    () => {
        "([0-9]|[1-9][0-9]{1,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"
    };
}
macro_rules! u32_pattern {
    () => {
        "([0-9]|[1-9][0-9]{1,8}|[1-3][0-9]{9}|4[0-1][0-9]{8}|42[0-8][0-9]{7}|429[0-3][0-9]{6}|4294[0-8][0-9]{5}|42949[0-5][0-9]{4}|429496[0-6][0-9]{3}|4294967[0-1][0-9]{2}|42949672[0-8][0-9]|429496729[0-5])"
    };
}
const COMMUNITY: &str = concat!(
    "^(",
    u16_pattern!(),
    ":",
    u16_pattern!(),
    "|",
    u32_pattern!(),
    ":",
    u32_pattern!(),
    ":",
    u32_pattern!(),
    ")$"
);

/// Schema of one community value.
struct CommunityValue;

impl JsonSchema for CommunityValue {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "CommunityValue".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "maxLength": 32, "pattern": COMMUNITY })
    }
}

/// The communities a route must carry.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(extend("x-kubernetes-map-type" = "atomic"))]
pub struct BGPFilterCommunities {
    /// The community (one value).
    #[schemars(with = "Vec<CommunityValue>", length(min = 1, max = 1))]
    pub values: Vec<String>,
}

/// One change to an accepted route: exactly one of the fields is set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("minProperties" = 1, "maxProperties" = 1, "x-kubernetes-map-type" = "atomic"))]
pub struct BGPFilterOperation {
    /// Add a community.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add_community: Option<BGPFilterAddCommunity>,
    /// Prepend AS numbers to the AS path.
    #[serde(
        rename = "prependASPath",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub prepend_as_path: Option<BGPFilterPrependASPath>,
    /// Set the route's priority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_priority: Option<BGPFilterSetPriority>,
}

/// Adds a community to the route.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(extend("x-kubernetes-map-type" = "atomic"))]
pub struct BGPFilterAddCommunity {
    /// The community value.
    #[schemars(with = "CommunityValue")]
    pub value: String,
}

/// Prepends AS numbers to the route's AS path.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(extend("x-kubernetes-map-type" = "atomic"))]
pub struct BGPFilterPrependASPath {
    /// The AS numbers, first first.
    #[schemars(length(min = 1, max = 10))]
    pub prefix: Vec<i32>,
}

/// Sets the route's priority.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(extend("x-kubernetes-map-type" = "atomic"))]
pub struct BGPFilterSetPriority {
    /// The priority (lower wins).
    #[schemars(with = "Int", range(min = 1, max = 2147483646))]
    pub value: i32,
}

/// Prefix-length bounds for IPv4 routes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(extend(
    "x-kubernetes-map-type" = "atomic",
    "x-calico-before" = { "v3.32.0": { "x-kubernetes-map-type": null } }
))]
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
#[schemars(extend(
    "x-kubernetes-map-type" = "atomic",
    "x-calico-before" = { "v3.32.0": { "x-kubernetes-map-type": null } }
))]
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
