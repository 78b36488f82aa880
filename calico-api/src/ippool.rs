//! IP pools and IP reservations.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::resource::{resource, CALICO_API_VERSION};
use crate::schema::{EnumFrom, Int, V3_32_0};

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

/// What a pool's addresses may be used for (the schema checks it from 3.32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
enum AllowedUse {
    /// Pod addresses.
    Workload,
    /// Tunnel device addresses.
    Tunnel,
    /// LoadBalancer service addresses.
    LoadBalancer,
}

/// When traffic of a pool is encapsulated (the schema checks it from 3.32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
enum EncapsulationMode {
    /// Never.
    Never,
    /// Always.
    Always,
    /// Only between nodes of different subnets.
    CrossSubnet,
}

/// Desired state of an [`IPPool`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend(
    "x-kubernetes-validations" = [
        {
            "message": "ipipMode and vxlanMode cannot both be enabled",
            "reason": "FieldValueForbidden",
            "rule": "!has(self.ipipMode) || !has(self.vxlanMode) || self.ipipMode == 'Never' || self.vxlanMode == 'Never' || size(self.ipipMode) == 0 || size(self.vxlanMode) == 0"
        },
        {
            "message": "LoadBalancer IP pool cannot have IPIP or VXLAN enabled",
            "reason": "FieldValueForbidden",
            "rule": "!has(self.allowedUses) || !self.allowedUses.exists(u, u == 'LoadBalancer') || (!has(self.ipipMode) || size(self.ipipMode) == 0 || self.ipipMode == 'Never') && (!has(self.vxlanMode) || size(self.vxlanMode) == 0 || self.vxlanMode == 'Never')"
        },
        {
            "message": "LoadBalancer cannot be combined with Workload or Tunnel allowed uses",
            "reason": "FieldValueForbidden",
            "rule": "!has(self.allowedUses) || !self.allowedUses.exists(u, u == 'LoadBalancer') || !self.allowedUses.exists(u, u == 'Workload' || u == 'Tunnel')"
        },
        {
            "message": "IPIP is not supported on IPv6 pools",
            "reason": "FieldValueForbidden",
            "rule": "!self.cidr.contains(':') || !has(self.ipipMode) || self.ipipMode == 'Never' || size(self.ipipMode) == 0"
        },
    ],
    "x-calico-before" = { "v3.32.0": { "x-kubernetes-validations": null } }
))]
pub struct IPPoolSpec {
    /// What the addresses may be used for: `Workload`, `Tunnel`, `LoadBalancer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<EnumFrom<V3_32_0, AllowedUse>>>")]
    #[schemars(length(max = 10), extend("x-kubernetes-list-type" = "set", "x-calico-before" = { "v3.32.0": { "maxItems": null, "x-kubernetes-list-type": null } }))]
    pub allowed_uses: Option<Vec<String>>,
    /// Whether addresses are used automatically or only on request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.30.0"))]
    #[schemars(extend("default" = "Automatic", "x-calico-before" = { "v3.32.0": { "default": null } }))]
    pub assignment_mode: Option<AssignmentMode>,
    /// Prefix length of the blocks the pool is carved into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    #[schemars(
        range(min = 0, max = 128),
        extend(
            "x-kubernetes-validations" = [
                {
                    "message": "Block size cannot be changed; follow IP pool migration guide to avoid corruption.",
                    "reason": "FieldValueInvalid",
                    "rule": "self == oldSelf"
                },
            ],
            "x-calico-before" = { "v3.32.0": { "minimum": null, "maximum": null, "x-kubernetes-validations": null } }
        )
    )]
    pub block_size: Option<i32>,
    /// The pool's address range in CIDR notation.
    #[schemars(
        length(max = 48),
        extend(
            "format" = "cidr",
            "x-kubernetes-validations" = [
                {
                    "message": "CIDR cannot be changed; follow IP pool migration guide to avoid corruption.",
                    "reason": "FieldValueInvalid",
                    "rule": "self == oldSelf"
                },
            ],
            "x-calico-before" = { "v3.32.0": { "maxLength": null, "format": null, "x-kubernetes-validations": null } }
        )
    )]
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
    #[schemars(extend("x-calico-until" = "v3.32.0"))]
    pub ipip: Option<IpipConfiguration>,
    /// IP-in-IP encapsulation: `Never`, `Always` or `CrossSubnet`.
    #[serde(rename = "ipipMode", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<EnumFrom<V3_32_0, EncapsulationMode>>")]
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
    #[schemars(extend("x-calico-until" = "v3.32.0"))]
    pub nat_outgoing_legacy: Option<bool>,
    /// Masquerade traffic leaving the cluster from this pool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nat_outgoing: Option<bool>,
    /// Selects the nodes that take addresses from the pool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_selector: Option<String>,
    /// VXLAN encapsulation: `Never`, `Always` or `CrossSubnet`.
    #[serde(rename = "vxlanMode", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<EnumFrom<V3_32_0, EncapsulationMode>>")]
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
    #[schemars(extend("format" = "cidr", "x-kubernetes-list-type" = "set", "x-calico-before" = { "v3.32.0": { "format": null, "x-kubernetes-list-type": null } }))]
    pub reserved_cidrs: Option<Vec<String>>,
}
