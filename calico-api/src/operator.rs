//! The Tigera operator's custom resources (`operator.tigera.io/v1`) that
//! calico-render's operator profile writes: [`Installation`] (the fields
//! the profile sets), the APIServer, Goldmane and Whisker ([`Component`]), and the
//! operator's own checks of an Installation ([`InstallationSpec::validate`]).
//!
//! The model holds the fields calico-render writes, not the operator's whole
//! API; an unknown field is refused when reading (`deny_unknown_fields`), so
//! the JSON Schema of the model describes exactly what the profile emits.
//!
//! ```
//! use calico_api::operator::*;
//!
//! let spec = InstallationSpec {
//!     calico_network: Some(CalicoNetworkSpec {
//!         ip_pools: vec![IpPool::ipv4("default-ipv4-ippool", "100.96.0.0/11", Encapsulation::IpipCrossSubnet)],
//!         ..CalicoNetworkSpec::default()
//!     }),
//!     ..InstallationSpec::default()
//! };
//! assert!(spec.validate().is_empty());
//! let install = Installation::new("default", spec);
//! let json = serde_json::to_value(&install).unwrap();
//! assert_eq!(json["apiVersion"], "operator.tigera.io/v1");
//! assert_eq!(json["spec"]["calicoNetwork"]["ipPools"][0]["encapsulation"], "IPIPCrossSubnet");
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

use crate::common::EnabledDisabled;
use crate::resource::resource;

/// `apiVersion` of the operator's resources.
pub const OPERATOR_API_VERSION: &str = "operator.tigera.io/v1";

resource! {
    /// How the operator installs Calico (the one named `default`).
    Installation(OPERATOR_API_VERSION) { spec: InstallationSpec }
}

/// The fields of an Installation that calico-render writes. Unset fields
/// keep the operator's defaults.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InstallationSpec {
    /// Registry of every image, with the trailing `/` the operator
    /// requires (`docker.io/`); the operator's own default otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<String>,
    /// The CNI plugin and its IPAM (the operator's default: Calico, with
    /// Calico IPAM).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cni: Option<CniSpec>,
    /// Calico's networking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calico_network: Option<CalicoNetworkSpec>,
    /// Port of calico-node's Prometheus metrics; set, it turns them on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_metrics_port: Option<i32>,
    /// Port of Typha's Prometheus metrics; set, it turns them on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typha_metrics_port: Option<i32>,
    /// Overrides of the calico-node DaemonSet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calico_node_daemon_set: Option<CalicoNodeDaemonSet>,
}

/// `spec.cni`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CniSpec {
    /// The CNI plugin.
    #[serde(rename = "type")]
    pub plugin: CniPlugin,
    /// Its IPAM.
    pub ipam: IpamSpec,
}

/// `spec.cni.ipam`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IpamSpec {
    /// The IPAM plugin.
    #[serde(rename = "type")]
    pub plugin: IpamPlugin,
}

/// CNI plugins the operator knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum CniPlugin {
    /// Calico's own.
    Calico,
    /// GKE's.
    #[serde(rename = "GKE")]
    Gke,
    /// The AWS VPC CNI.
    AmazonVPC,
    /// Azure's.
    AzureVNET,
}

/// IPAM plugins the operator knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum IpamPlugin {
    /// Calico IPAM (blocks from the pools).
    Calico,
    /// host-local over each node's pod CIDR.
    HostLocal,
    /// The AWS VPC CNI's.
    AmazonVPC,
    /// Azure's.
    AzureVNET,
}

/// `spec.calicoNetwork`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CalicoNetworkSpec {
    /// BIRD runs (the operator's default for Calico CNI: Enabled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bgp: Option<EnabledDisabled>,
    /// The Linux dataplane (default Iptables).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linux_dataplane: Option<LinuxDataplane>,
    /// Pod MTU (unset: detected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mtu: Option<i32>,
    /// The pools the operator creates.
    #[serde(rename = "ipPools", default, skip_serializing_if = "Vec::is_empty")]
    pub ip_pools: Vec<IpPool>,
    /// How calico-node finds the node's IPv4 address.
    #[serde(
        rename = "nodeAddressAutodetectionV4",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub node_address_autodetection_v4: Option<NodeAddressAutodetection>,
    /// How calico-node finds the node's IPv6 address.
    #[serde(
        rename = "nodeAddressAutodetectionV6",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub node_address_autodetection_v6: Option<NodeAddressAutodetection>,
    /// Host ports (the portmap plugin; default Enabled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_ports: Option<EnabledDisabled>,
    /// Pods may forward IP packets (the CNI's `allow_ip_forwarding`).
    #[serde(
        rename = "containerIPForwarding",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub container_ip_forwarding: Option<EnabledDisabled>,
}

/// `calicoNetwork.linuxDataplane`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum LinuxDataplane {
    /// iptables.
    Iptables,
    /// eBPF.
    #[serde(rename = "BPF")]
    Bpf,
    /// nftables.
    Nftables,
    /// VPP.
    #[serde(rename = "VPP")]
    Vpp,
}

/// One of `calicoNetwork.ipPools`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IpPool {
    /// Name of the IPPool the operator creates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Size of the blocks nodes take (IPv4 default 26, IPv6 122).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_size: Option<i32>,
    /// The pool's range.
    pub cidr: String,
    /// Encapsulation (IPv4 default IPIP, IPv6 None).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encapsulation: Option<Encapsulation>,
    /// SNAT of traffic leaving the pool (IPv4 default Enabled, IPv6
    /// Disabled).
    #[serde(
        rename = "natOutgoing",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub nat_outgoing: Option<EnabledDisabled>,
    /// Nodes that take blocks from the pool (default `all()`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_selector: Option<String>,
}

impl IpPool {
    /// An IPv4 pool as upstream's `custom-resources.yaml` writes one: block
    /// size 26, SNAT on, every node.
    pub fn ipv4(name: &str, cidr: &str, encapsulation: Encapsulation) -> IpPool {
        IpPool {
            name: Some(name.into()),
            block_size: Some(26),
            cidr: cidr.into(),
            encapsulation: Some(encapsulation),
            nat_outgoing: Some(EnabledDisabled::Enabled),
            node_selector: Some("all()".into()),
        }
    }
}

/// `ipPools[].encapsulation`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Encapsulation {
    /// IP-in-IP always.
    #[serde(rename = "IPIP")]
    Ipip,
    /// IP-in-IP between subnets.
    #[serde(rename = "IPIPCrossSubnet")]
    IpipCrossSubnet,
    /// VXLAN always.
    #[serde(rename = "VXLAN")]
    Vxlan,
    /// VXLAN between subnets.
    #[serde(rename = "VXLANCrossSubnet")]
    VxlanCrossSubnet,
    /// None.
    None,
}

impl Encapsulation {
    fn is_ipip(self) -> bool {
        matches!(self, Encapsulation::Ipip | Encapsulation::IpipCrossSubnet)
    }
    fn is_vxlan(self) -> bool {
        matches!(self, Encapsulation::Vxlan | Encapsulation::VxlanCrossSubnet)
    }
}

/// `nodeAddressAutodetectionV4` / `V6`: one method.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeAddressAutodetection {
    /// The first address on a usable interface (`first-found`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_found: Option<bool>,
    /// The Node's address in Kubernetes (`kubernetes-internal-ip`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubernetes: Option<KubernetesAutodetection>,
    /// The first address on an interface matching the regex (`interface=`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface: Option<String>,
    /// The first address on an interface not matching (`skip-interface=`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_interface: Option<String>,
    /// The address that routes to this destination (`can-reach=`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_reach: Option<String>,
    /// The first address within these ranges (`cidr=`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cidrs: Vec<String>,
}

/// `nodeAddressAutodetection*.kubernetes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum KubernetesAutodetection {
    /// The Node's `InternalIP`.
    NodeInternalIP,
}

impl NodeAddressAutodetection {
    /// How many methods are set (the operator takes exactly one).
    fn methods(&self) -> usize {
        [
            self.first_found == Some(true),
            self.kubernetes.is_some(),
            self.interface.is_some(),
            self.skip_interface.is_some(),
            self.can_reach.is_some(),
            !self.cidrs.is_empty(),
        ]
        .into_iter()
        .filter(|set| *set)
        .count()
    }
}

/// `spec.calicoNodeDaemonSet`: the override calico-render writes (the
/// calico-node container's CPU request).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalicoNodeDaemonSet {
    /// The DaemonSet's spec.
    pub spec: DaemonSetOverride,
}

/// `calicoNodeDaemonSet.spec`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DaemonSetOverride {
    /// The pod template.
    pub template: PodTemplateOverride,
}

/// `calicoNodeDaemonSet.spec.template`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PodTemplateOverride {
    /// The pod spec.
    pub spec: PodSpecOverride,
}

/// `calicoNodeDaemonSet.spec.template.spec`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PodSpecOverride {
    /// Containers, by name.
    pub containers: Vec<ContainerOverride>,
}

/// One container of an override.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContainerOverride {
    /// The container (`calico-node`).
    pub name: String,
    /// Its resources.
    pub resources: Resources,
}

/// Container resources: requests only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resources {
    /// Requests, by resource (`cpu`).
    pub requests: std::collections::BTreeMap<String, String>,
}

impl CalicoNodeDaemonSet {
    /// The override that requests `cpu` for the calico-node container.
    pub fn cpu_request(cpu: &str) -> CalicoNodeDaemonSet {
        CalicoNodeDaemonSet {
            spec: DaemonSetOverride {
                template: PodTemplateOverride {
                    spec: PodSpecOverride {
                        containers: vec![ContainerOverride {
                            name: "calico-node".into(),
                            resources: Resources {
                                requests: [("cpu".to_string(), cpu.to_string())].into(),
                            },
                        }],
                    },
                },
            },
        }
    }
}

/// An operator resource with no settings of its own: the APIServer,
/// Goldmane and Whisker, as upstream's `custom-resources.yaml` has
/// them (the API server with an empty spec, the other two without one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Component {
    /// `operator.tigera.io/v1`.
    pub api_version: String,
    /// The kind.
    pub kind: String,
    /// Its metadata (name `default`).
    pub metadata: crate::meta::ObjectMeta,
    /// Its spec, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec: Option<serde_json::Map<String, serde_json::Value>>,
}

impl Component {
    fn new(kind: &str, spec: bool) -> Component {
        Component {
            api_version: OPERATOR_API_VERSION.into(),
            kind: kind.into(),
            metadata: crate::meta::ObjectMeta::named("default"),
            spec: spec.then(serde_json::Map::new),
        }
    }

    /// The Calico API server (`APIServer` `default`, `spec: {}`).
    pub fn api_server() -> Component {
        Component::new("APIServer", true)
    }

    /// Goldmane, the flow aggregator (`Goldmane` `default`, no spec).
    pub fn goldmane() -> Component {
        Component::new("Goldmane", false)
    }

    /// Whisker, the flow-log UI (`Whisker` `default`, no spec).
    pub fn whisker() -> Component {
        Component::new("Whisker", false)
    }
}

/// The JSON Schema of an Installation as this model describes it (every
/// field calico-render writes, nothing else: `additionalProperties: false`).
///
/// ```
/// let schema = calico_api::operator::installation_schema();
/// assert_eq!(schema["properties"]["spec"]["$ref"], "#/$defs/InstallationSpec");
/// ```
pub fn installation_schema() -> serde_json::Value {
    schemars::schema_for!(Installation).to_value()
}

/// One way an Installation breaks the operator's rules: the field and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The Installation's field, e.g. `spec.calicoNetwork.ipPools[0].encapsulation`.
    pub path: String,
    /// What is wrong.
    pub detail: String,
}

impl InstallationSpec {
    /// The operator's checks of an Installation (its `validateCustomResource`
    /// and the IP pool controller's, as of operator v1.38–v1.42), on the
    /// fields this model has, after the operator's defaults: Calico CNI with
    /// Calico IPAM, BGP Enabled for Calico CNI, IPv4 pools IP-in-IP, IPv6
    /// pools unencapsulated. Every violation is listed.
    ///
    /// ```
    /// use calico_api::operator::*;
    /// use calico_api::EnabledDisabled;
    /// let spec = InstallationSpec {
    ///     calico_network: Some(CalicoNetworkSpec {
    ///         bgp: Some(EnabledDisabled::Disabled),
    ///         ip_pools: vec![IpPool::ipv4("p", "10.0.0.0/16", Encapsulation::Ipip)],
    ///         ..CalicoNetworkSpec::default()
    ///     }),
    ///     ..InstallationSpec::default()
    /// };
    /// let v = spec.validate();
    /// assert_eq!(v[0].path, "spec.calicoNetwork.bgp");
    /// ```
    pub fn validate(&self) -> Vec<Violation> {
        let mut out = Vec::new();
        let mut bad = |path: String, detail: String| out.push(Violation { path, detail });
        let (cni, ipam) = match &self.cni {
            Some(c) => (c.plugin, c.ipam.plugin),
            None => (CniPlugin::Calico, IpamPlugin::Calico),
        };
        let calico_cni = cni == CniPlugin::Calico;
        let ipam_fits = match cni {
            CniPlugin::Calico => matches!(ipam, IpamPlugin::Calico | IpamPlugin::HostLocal),
            CniPlugin::Gke => ipam == IpamPlugin::HostLocal,
            CniPlugin::AmazonVPC => ipam == IpamPlugin::AmazonVPC,
            CniPlugin::AzureVNET => ipam == IpamPlugin::AzureVNET,
        };
        if !ipam_fits {
            bad(
                "spec.cni.ipam.type".into(),
                format!("IPAM {ipam:?} does not go with the {cni:?} CNI plugin"),
            );
        }
        let Some(net) = &self.calico_network else {
            return out;
        };
        let base = "spec.calicoNetwork";
        let bgp = net.bgp.unwrap_or(if calico_cni {
            EnabledDisabled::Enabled
        } else {
            EnabledDisabled::Disabled
        });
        let bpf = net.linux_dataplane == Some(LinuxDataplane::Bpf);
        let mut names = Vec::new();
        let mut cidrs = Vec::new();
        for (i, pool) in net.ip_pools.iter().enumerate() {
            let at = |f: &str| format!("{base}.ipPools[{i}].{f}");
            let Some((addr, prefix)) = parse_cidr(&pool.cidr) else {
                bad(at("cidr"), format!("{:?} is not a CIDR", pool.cidr));
                continue;
            };
            let v6 = addr.is_ipv6();
            let enc = pool.encapsulation.unwrap_or(if v6 || !calico_cni {
                Encapsulation::None
            } else {
                Encapsulation::Ipip
            });
            if let Some(name) = &pool.name {
                if names.contains(name) {
                    bad(at("name"), format!("pool name {name:?} is used twice"));
                }
                names.push(name.clone());
            }
            if cidrs.contains(&pool.cidr) {
                bad(at("cidr"), format!("CIDR {} is used twice", pool.cidr));
            }
            cidrs.push(pool.cidr.clone());
            let (lo, hi) = if v6 { (116, 128) } else { (20, 32) };
            if let Some(size) = pool.block_size {
                if !(lo..=hi).contains(&size) {
                    bad(
                        at("blockSize"),
                        format!("block size {size} is outside {lo}–{hi}"),
                    );
                } else if i32::from(prefix) > size {
                    bad(
                        at("blockSize"),
                        format!("the pool's prefix /{prefix} is longer than its block size {size}"),
                    );
                }
            }
            if pool.node_selector.as_deref() == Some("") {
                bad(at("nodeSelector"), "the node selector is empty".into());
            }
            if v6 && enc.is_ipip() {
                bad(
                    at("encapsulation"),
                    "IP-in-IP carries IPv4 only: an IPv6 pool takes VXLAN or None".into(),
                );
            }
            if v6 && bpf && net.node_address_autodetection_v6.is_none() {
                bad(
                    format!("{base}.nodeAddressAutodetectionV6"),
                    "the BPF dataplane with an IPv6 pool needs an IPv6 autodetection method".into(),
                );
            }
            if !v6 && bpf && net.node_address_autodetection_v4.is_none() {
                bad(
                    format!("{base}.nodeAddressAutodetectionV4"),
                    "the BPF dataplane with an IPv4 pool needs an IPv4 autodetection method".into(),
                );
            }
            if calico_cni
                && ipam == IpamPlugin::Calico
                && !enc.is_vxlan()
                && bgp != EnabledDisabled::Enabled
            {
                bad(
                    format!("{base}.bgp"),
                    format!("a pool encapsulated {enc:?} is routed by BGP: BGP must be Enabled (or the pool VXLAN)"),
                );
            }
            if calico_cni && ipam == IpamPlugin::HostLocal && enc.is_vxlan() {
                bad(
                    at("encapsulation"),
                    "VXLAN needs Calico IPAM; host-local IPAM takes IPIP or None".into(),
                );
            }
            if !calico_cni && enc != Encapsulation::None {
                bad(
                    at("encapsulation"),
                    format!(
                        "the {cni:?} CNI plugin does the networking: encapsulation must be None"
                    ),
                );
            }
        }
        if !calico_cni && net.bgp == Some(EnabledDisabled::Enabled) {
            bad(
                format!("{base}.bgp"),
                format!("the {cni:?} CNI plugin runs no BGP: BGP must not be Enabled"),
            );
        }
        for (field, method) in [
            (
                "nodeAddressAutodetectionV4",
                &net.node_address_autodetection_v4,
            ),
            (
                "nodeAddressAutodetectionV6",
                &net.node_address_autodetection_v6,
            ),
        ] {
            let Some(m) = method else { continue };
            if m.methods() > 1 {
                bad(
                    format!("{base}.{field}"),
                    "at most one autodetection method may be set".into(),
                );
            }
            for (i, cidr) in m.cidrs.iter().enumerate() {
                if parse_cidr(cidr).is_none() {
                    bad(
                        format!("{base}.{field}.cidrs[{i}]"),
                        format!("{cidr:?} is not a CIDR"),
                    );
                }
            }
        }
        for (field, set) in [
            (
                "hostPorts",
                net.host_ports == Some(EnabledDisabled::Enabled),
            ),
            (
                "containerIPForwarding",
                net.container_ip_forwarding.is_some(),
            ),
        ] {
            if set && !calico_cni {
                bad(
                    format!("{base}.{field}"),
                    format!("{field} needs the Calico CNI plugin"),
                );
            }
        }
        out
    }
}

/// `addr/prefix`, the prefix within the family's length.
fn parse_cidr(text: &str) -> Option<(IpAddr, u8)> {
    let (addr, prefix) = text.split_once('/')?;
    let addr: IpAddr = addr.parse().ok()?;
    let prefix: u8 = prefix.parse().ok()?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    (prefix <= max).then_some((addr, prefix))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn with_network(net: CalicoNetworkSpec) -> InstallationSpec {
        InstallationSpec {
            calico_network: Some(net),
            ..InstallationSpec::default()
        }
    }

    fn paths(spec: &InstallationSpec) -> Vec<String> {
        spec.validate().into_iter().map(|v| v.path).collect()
    }

    fn pool(cidr: &str, enc: Encapsulation) -> IpPool {
        IpPool::ipv4("p", cidr, enc)
    }

    #[test]
    fn unencapsulated_and_ipip_pools_need_bgp() {
        for enc in [
            Encapsulation::Ipip,
            Encapsulation::IpipCrossSubnet,
            Encapsulation::None,
        ] {
            let spec = with_network(CalicoNetworkSpec {
                bgp: Some(EnabledDisabled::Disabled),
                ip_pools: vec![pool("10.0.0.0/16", enc)],
                ..CalicoNetworkSpec::default()
            });
            assert_eq!(paths(&spec), ["spec.calicoNetwork.bgp"], "{enc:?}");
        }
        let vxlan = with_network(CalicoNetworkSpec {
            bgp: Some(EnabledDisabled::Disabled),
            ip_pools: vec![pool("10.0.0.0/16", Encapsulation::VxlanCrossSubnet)],
            ..CalicoNetworkSpec::default()
        });
        assert!(paths(&vxlan).is_empty());
    }

    #[test]
    fn bpf_needs_the_autodetection_of_each_pool_family() {
        let mut net = CalicoNetworkSpec {
            linux_dataplane: Some(LinuxDataplane::Bpf),
            ip_pools: vec![pool("10.0.0.0/16", Encapsulation::Vxlan)],
            ..CalicoNetworkSpec::default()
        };
        assert_eq!(
            paths(&with_network(net.clone())),
            ["spec.calicoNetwork.nodeAddressAutodetectionV4"]
        );
        net.node_address_autodetection_v4 = Some(NodeAddressAutodetection {
            first_found: Some(true),
            ..Default::default()
        });
        assert!(paths(&with_network(net)).is_empty());
    }

    #[test]
    fn ipv6_pools_take_no_ipip_and_their_own_block_sizes() {
        let mut v6 = pool("fd00::/48", Encapsulation::Ipip);
        v6.block_size = Some(26);
        let spec = with_network(CalicoNetworkSpec {
            ip_pools: vec![v6],
            ..CalicoNetworkSpec::default()
        });
        assert_eq!(
            paths(&spec),
            [
                "spec.calicoNetwork.ipPools[0].blockSize",
                "spec.calicoNetwork.ipPools[0].encapsulation"
            ]
        );
    }

    #[test]
    fn pools_are_unique_parse_and_fit_their_blocks() {
        let mut wide = pool("10.0.0.0/28", Encapsulation::Ipip);
        wide.name = Some("q".into());
        let spec = with_network(CalicoNetworkSpec {
            ip_pools: vec![
                pool("10.0.0.0/16", Encapsulation::Ipip),
                pool("10.0.0.0/16", Encapsulation::Ipip),
                pool("10.0.0.0/33", Encapsulation::Ipip),
                wide,
            ],
            ..CalicoNetworkSpec::default()
        });
        assert_eq!(
            paths(&spec),
            [
                "spec.calicoNetwork.ipPools[1].name",
                "spec.calicoNetwork.ipPools[1].cidr",
                "spec.calicoNetwork.ipPools[2].cidr",
                "spec.calicoNetwork.ipPools[3].blockSize",
            ]
        );
    }

    #[test]
    fn host_local_ipam_takes_no_vxlan_and_other_cnis_no_calico_networking() {
        let host_local = InstallationSpec {
            cni: Some(CniSpec {
                plugin: CniPlugin::Calico,
                ipam: IpamSpec {
                    plugin: IpamPlugin::HostLocal,
                },
            }),
            ..with_network(CalicoNetworkSpec {
                ip_pools: vec![pool("10.0.0.0/16", Encapsulation::Vxlan)],
                ..CalicoNetworkSpec::default()
            })
        };
        assert_eq!(
            paths(&host_local),
            ["spec.calicoNetwork.ipPools[0].encapsulation"]
        );
        let aws = InstallationSpec {
            cni: Some(CniSpec {
                plugin: CniPlugin::AmazonVPC,
                ipam: IpamSpec {
                    plugin: IpamPlugin::Calico,
                },
            }),
            ..with_network(CalicoNetworkSpec {
                bgp: Some(EnabledDisabled::Enabled),
                ip_pools: vec![pool("10.0.0.0/16", Encapsulation::Ipip)],
                container_ip_forwarding: Some(EnabledDisabled::Enabled),
                ..CalicoNetworkSpec::default()
            })
        };
        assert_eq!(
            paths(&aws),
            [
                "spec.cni.ipam.type",
                "spec.calicoNetwork.ipPools[0].encapsulation",
                "spec.calicoNetwork.bgp",
                "spec.calicoNetwork.containerIPForwarding",
            ]
        );
    }

    #[test]
    fn one_autodetection_method_and_cidrs_that_parse() {
        let spec = with_network(CalicoNetworkSpec {
            node_address_autodetection_v4: Some(NodeAddressAutodetection {
                first_found: Some(true),
                cidrs: vec!["10.0.0.0/8".into(), "nope".into()],
                ..Default::default()
            }),
            ..CalicoNetworkSpec::default()
        });
        assert_eq!(
            paths(&spec),
            [
                "spec.calicoNetwork.nodeAddressAutodetectionV4",
                "spec.calicoNetwork.nodeAddressAutodetectionV4.cidrs[1]",
            ]
        );
    }

    #[test]
    fn components_are_written_as_custom_resources_has_them() {
        let api = serde_json::to_value(Component::api_server()).unwrap();
        assert_eq!(api["spec"], serde_json::json!({}));
        let goldmane = serde_json::to_value(Component::goldmane()).unwrap();
        assert!(goldmane.get("spec").is_none());
        assert_eq!(goldmane["metadata"]["name"], "default");
        assert_eq!(
            serde_json::to_value(Component::whisker()).unwrap()["kind"],
            "Whisker"
        );
    }
}
