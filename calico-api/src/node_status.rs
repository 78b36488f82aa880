//! CalicoNodeStatus: asks calico-node to report BGP and routing state.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::resource::{resource, CALICO_API_VERSION};
use crate::schema::{EnumFrom, Int, V3_32_0};

resource! {
    /// A request for one node's status, and the status calico-node writes back.
    CalicoNodeStatus(CALICO_API_VERSION) {
        spec: CalicoNodeStatusSpec,
        status: CalicoNodeStatusStatus,
    }
}

/// What to report, for which node, how often.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CalicoNodeStatusSpec {
    /// Which parts to report: `Agent`, `BGP`, `Routes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<EnumFrom<V3_32_0, NodeStatusClass>>>")]
    pub classes: Option<Vec<String>>,
    /// The node to report on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// Seconds between updates; 0 stops them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_period_seconds: Option<i32>,
}

/// The state calico-node reported.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CalicoNodeStatusStatus {
    /// State of the BGP daemons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<CalicoNodeAgentStatus>,
    /// State of the BGP sessions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bgp: Option<CalicoNodeBGPStatus>,
    /// When the status was last written (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("format" = "date-time", "nullable" = true))]
    pub last_updated: Option<String>,
    /// Routes known to the node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routes: Option<CalicoNodeRoutes>,
}

/// State of the node's BGP daemons.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CalicoNodeAgentStatus {
    /// The IPv4 BIRD daemon.
    #[serde(rename = "birdV4", default, skip_serializing_if = "Option::is_none")]
    pub bird_v4: Option<BGPDaemonStatus>,
    /// The IPv6 BIRD daemon.
    #[serde(rename = "birdV6", default, skip_serializing_if = "Option::is_none")]
    pub bird_v6: Option<BGPDaemonStatus>,
}

/// State of one BIRD daemon.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BGPDaemonStatus {
    /// When the daemon started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_boot_time: Option<String>,
    /// When its configuration was last reloaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_reconfiguration_time: Option<String>,
    /// Its router id.
    #[serde(rename = "routerID", default, skip_serializing_if = "Option::is_none")]
    pub router_id: Option<String>,
    /// `Ready` or `NotReady`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<EnumFrom<V3_32_0, BGPDaemonState>>")]
    pub state: Option<String>,
    /// BIRD version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// Counts and details of BGP sessions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CalicoNodeBGPStatus {
    /// IPv4 sessions up.
    #[serde(rename = "numberEstablishedV4")]
    #[schemars(with = "Int")]
    pub number_established_v4: i64,
    /// IPv6 sessions up.
    #[serde(rename = "numberEstablishedV6")]
    #[schemars(with = "Int")]
    pub number_established_v6: i64,
    /// IPv4 sessions not up.
    #[serde(rename = "numberNotEstablishedV4")]
    #[schemars(with = "Int")]
    pub number_not_established_v4: i64,
    /// IPv6 sessions not up.
    #[serde(rename = "numberNotEstablishedV6")]
    #[schemars(with = "Int")]
    pub number_not_established_v6: i64,
    /// IPv4 sessions.
    #[serde(rename = "peersV4", default, skip_serializing_if = "Option::is_none")]
    pub peers_v4: Option<Vec<CalicoNodePeer>>,
    /// IPv6 sessions.
    #[serde(rename = "peersV6", default, skip_serializing_if = "Option::is_none")]
    pub peers_v6: Option<Vec<CalicoNodePeer>>,
}

/// One BGP session.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CalicoNodePeer {
    /// The peer's address.
    #[serde(rename = "peerIP", default, skip_serializing_if = "Option::is_none")]
    pub peer_ip: Option<String>,
    /// When the session entered its state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// BGP session state, e.g. `Established`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<EnumFrom<V3_32_0, BGPSessionState>>")]
    pub state: Option<String>,
    /// How the peer was configured: `NodeMesh`, `NodePeer`, `GlobalPeer`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<EnumFrom<V3_32_0, BGPPeerKind>>")]
    pub type_: Option<String>,
}

/// Routes known to a node.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CalicoNodeRoutes {
    /// IPv4 routes.
    #[serde(rename = "routesV4", default, skip_serializing_if = "Option::is_none")]
    pub routes_v4: Option<Vec<CalicoNodeRoute>>,
    /// IPv6 routes.
    #[serde(rename = "routesV6", default, skip_serializing_if = "Option::is_none")]
    pub routes_v6: Option<Vec<CalicoNodeRoute>>,
}

/// One route.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CalicoNodeRoute {
    /// Destination prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// Next hop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway: Option<String>,
    /// Outgoing interface.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface: Option<String>,
    /// Where the route came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learned_from: Option<RouteSource>,
    /// `FIB` or `RIB`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<EnumFrom<V3_32_0, RouteTable>>")]
    pub type_: Option<String>,
}

/// Where a route was learned.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RouteSource {
    /// The peer it came from, if any.
    #[serde(rename = "peerIP", default, skip_serializing_if = "Option::is_none")]
    pub peer_ip: Option<String>,
    /// E.g. `Kernel`, `Static`, `Direct`, `NodeMesh`, `BGPPeer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<EnumFrom<V3_32_0, RouteSourceType>>")]
    pub source_type: Option<String>,
}

/// What a CalicoNodeStatus asks for (the schema checks it from 3.32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
enum NodeStatusClass {
    /// The BIRD daemons.
    Agent,
    /// The BGP sessions.
    #[serde(rename = "BGP")]
    Bgp,
    /// The routes.
    Routes,
}

/// State of a BIRD daemon (the schema checks it from 3.32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
enum BGPDaemonState {
    /// Running.
    Ready,
    /// Not running.
    NotReady,
}

/// State of a BGP session, as BIRD names it (the schema checks it from 3.32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
enum BGPSessionState {
    /// Not trying.
    Idle,
    /// Opening the TCP connection.
    Connect,
    /// Waiting for the peer.
    Active,
    /// OPEN sent.
    OpenSent,
    /// OPEN confirmed.
    OpenConfirm,
    /// Up.
    Established,
    /// Closing.
    Close,
}

/// How a peering came about (the schema checks it from 3.32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
enum BGPPeerKind {
    /// The node-to-node mesh.
    NodeMesh,
    /// A BGPPeer for this node.
    NodePeer,
    /// A BGPPeer for all nodes.
    GlobalPeer,
}

/// Which table a route is in (the schema checks it from 3.32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
enum RouteTable {
    /// The kernel's forwarding table.
    #[serde(rename = "FIB")]
    Fib,
    /// BIRD's routing table.
    #[serde(rename = "RIB")]
    Rib,
}

/// Where a route was learned (the schema checks it from 3.32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
enum RouteSourceType {
    /// The kernel.
    Kernel,
    /// A static route.
    Static,
    /// A directly connected network.
    Direct,
    /// A mesh peer.
    NodeMesh,
    /// A BGPPeer.
    #[serde(rename = "BGPPeer")]
    BgpPeer,
}
