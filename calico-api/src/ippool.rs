//! IP pools and IP reservations.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::resource::{resource, CALICO_API_VERSION};
use crate::schema::Int;

resource! {
    /// A range of addresses Calico IPAM hands out to pods, with its routing options.
    IPPool(CALICO_API_VERSION) { spec: IPPoolSpec }
}

/// How addresses of a pool are handed out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum AssignmentMode {
    /// Used by default for any workload the pool's selectors match.
    Automatic,
    /// Used only when a workload asks for this pool explicitly.
    Manual,
}

/// Desired state of an [`IPPool`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IPPoolSpec {
    /// What the addresses may be used for: `Workload`, `Tunnel`, `LoadBalancer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_uses: Option<Vec<String>>,
    /// Whether addresses are used automatically or only on request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.30.0"))]
    pub assignment_mode: Option<AssignmentMode>,
    /// Prefix length of the blocks the pool is carved into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    pub block_size: Option<i32>,
    /// The pool's address range in CIDR notation.
    pub cidr: String,
    /// Keep this pool's routes out of BGP.
    #[serde(
        rename = "disableBGPExport",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub disable_bgp_export: Option<bool>,
    /// Stop handing out new addresses from the pool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    /// Old-style IP-in-IP settings; use `ipipMode` instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipip: Option<IpipConfiguration>,
    /// IP-in-IP encapsulation: `Never`, `Always` or `CrossSubnet`.
    #[serde(rename = "ipipMode", default, skip_serializing_if = "Option::is_none")]
    pub ipip_mode: Option<String>,
    /// Selects the namespaces whose pods may use the pool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.31.0"))]
    pub namespace_selector: Option<String>,
    /// Old spelling of `natOutgoing`.
    #[serde(
        rename = "nat-outgoing",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub nat_outgoing_legacy: Option<bool>,
    /// Masquerade traffic leaving the cluster from this pool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nat_outgoing: Option<bool>,
    /// Selects the nodes that take addresses from the pool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_selector: Option<String>,
    /// VXLAN encapsulation: `Never`, `Always` or `CrossSubnet`.
    #[serde(rename = "vxlanMode", default, skip_serializing_if = "Option::is_none")]
    pub vxlan_mode: Option<String>,
}

/// Old-style IP-in-IP settings of a pool.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IpipConfiguration {
    /// Whether IP-in-IP is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// `Always` or `CrossSubnet`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
}

resource! {
    /// Addresses Calico IPAM must never hand out.
    IPReservation(CALICO_API_VERSION) { spec: IPReservationSpec }
}

/// Desired state of an [`IPReservation`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IPReservationSpec {
    /// Addresses or CIDRs to hold back.
    #[serde(
        rename = "reservedCIDRs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reserved_cidrs: Option<Vec<String>>,
}
