//! The input model: what a user writes.
//!
//! Field names and types follow kOps's `kops.k8s.io/v1alpha2` API. Every
//! field is optional so that "the user set it" stays visible; kOps treats an
//! empty string, `false` and `0` like an absent field, and so does
//! [`crate::resolve`]. Mappings that calico-render owns reject unknown keys;
//! the cluster spec itself accepts every kOps field and ignores the ones it
//! does not need.

use crate::quantity::Quantity;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// API version of the project's own input kind.
pub const API_VERSION: &str = "calico-render.dev/v1alpha1";
/// Kind of the project's own input document.
pub const KIND: &str = "CalicoNetworking";

/// The project's own input document (input form 3), also the kustomize
/// plugin's configuration.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "CalicoNetworking")]
pub struct CalicoNetworking {
    /// Always `calico-render.dev/v1alpha1`.
    #[schemars(extend("enum" = ["calico-render.dev/v1alpha1"]))]
    pub api_version: String,
    /// Always `CalicoNetworking`.
    #[schemars(extend("enum" = ["CalicoNetworking"]))]
    pub kind: String,
    /// Object metadata; `name` doubles as the cluster name.
    pub metadata: ObjectMeta,
    /// The cluster spec, exactly as under a kOps Cluster's `spec:`.
    pub spec: ClusterSpec,
}

/// The metadata calico-render reads.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ObjectMeta {
    /// Name of the object; the cluster name (it appears in `api.internal.<name>`).
    pub name: String,
    /// Labels; `alpha.kops.k8s.io/cloud: metal` selects the metal provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<std::collections::BTreeMap<String, String>>,
    /// Annotations (ignored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<std::collections::BTreeMap<String, String>>,
}

/// A kOps cluster spec (input form 2): the fields that shape the Calico
/// manifest, every other kOps ClusterSpec field accepted and ignored, and the
/// calico-render extensions `nodeCount`, `hostMTU` and `bgp`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClusterSpec {
    /// The cloud: a name (`aws`, `gce`, `azure`, `openstack`, `digitalocean`,
    /// `hetzner`, `scaleway`, `linode`) or the object form `{aws: {}}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_provider: Option<CloudProviderField>,
    /// The networking choice; calico-render needs `calico`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub networking: Option<NetworkingSpec>,
    /// kube-proxy settings; only `enabled` is read (eBPF needs it `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kube_proxy: Option<KubeProxySpec>,
    /// kube-controller-manager settings; only `clusterCIDR` is read (the IPv4 pool CIDR).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kube_controller_manager: Option<KubeControllerManagerSpec>,
    /// The CIDR of the cloud network (VPC); defaults on AWS and Azure.
    #[serde(
        default,
        rename = "networkCIDR",
        skip_serializing_if = "Option::is_none"
    )]
    pub network_cidr: Option<String>,
    /// More CIDRs of the cloud network (added to the proxy exclusions).
    #[serde(
        default,
        rename = "additionalNetworkCIDRs",
        skip_serializing_if = "Option::is_none"
    )]
    pub additional_network_cidrs: Option<Vec<String>>,
    /// An existing network's ID (a shared VPC); then `networkCIDR` is not defaulted.
    #[serde(default, rename = "networkID", skip_serializing_if = "Option::is_none")]
    pub network_id: Option<String>,
    /// The CIDR not masqueraded; an IPv6 CIDR here makes the cluster IPv6-only.
    #[serde(
        default,
        rename = "nonMasqueradeCIDR",
        skip_serializing_if = "Option::is_none"
    )]
    pub non_masquerade_cidr: Option<String>,
    /// The pod CIDR; defaults from `nonMasqueradeCIDR`.
    #[serde(default, rename = "podCIDR", skip_serializing_if = "Option::is_none")]
    pub pod_cidr: Option<String>,
    /// An HTTP proxy for egress traffic, passed to calico-node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub egress_proxy: Option<EgressProxySpec>,
    /// The cluster DNS domain (added to the proxy exclusions).
    #[serde(
        default,
        rename = "clusterDNSDomain",
        skip_serializing_if = "Option::is_none"
    )]
    pub cluster_dns_domain: Option<String>,
    /// The API server's public name; defaults to `api.<cluster>` with public DNS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub master_public_name: Option<String>,
    /// The cluster topology; only `dns.type` is read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topology: Option<TopologySpec>,
    /// The Kubernetes version (recorded; the manifest does not depend on it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubernetes_version: Option<String>,

    /// calico-render extension: the number of nodes, for sizing advice
    /// (overrides the InstanceGroups' sum).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub node_count: Option<u32>,
    /// calico-render extension: the MTU of the hosts' network, for MTU advice.
    #[serde(default, rename = "hostMTU", skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 68, max = 65535))]
    pub host_mtu: Option<u32>,
    /// calico-render extension: BGP settings (route reflectors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bgp: Option<BgpSpec>,
    /// calico-render extension: whose manifests to render. `kops` (the
    /// default) renders kOps's Calico addon; `upstream` renders Calico's
    /// own published manifests (`calico.yaml` and its flavors) for the
    /// same settings; `operator` renders the Tigera operator's install and
    /// the custom resources that give it the same cluster (Calico 3.30+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = ["kops", "upstream", "operator"]))]
    pub profile: Option<String>,
    /// calico-render extension, upstream and operator profiles: the API
    /// server that calico-node reaches directly in eBPF mode (it fills
    /// upstream's `kubernetes_service_host` / `kubernetes_service_port`,
    /// or the operator's `kubernetes-services-endpoint` ConfigMap).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubernetes_service_endpoint: Option<ServiceEndpointSpec>,
    /// calico-render extension, upstream profile: Calico enforces policy
    /// only; another CNI plugin networks the pods and host-local IPAM
    /// hands out the node's pod CIDR (upstream's `calico-policy-only.yaml`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_only: Option<bool>,
}

/// calico-render extension `spec.kubernetesServiceEndpoint`: where the
/// Kubernetes API server answers, bypassing the `kubernetes` Service (which
/// the eBPF dataplane itself implements).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceEndpointSpec {
    /// Host name or IP address of the API server (or its load balancer).
    pub host: String,
    /// Its port, e.g. 6443 (kubeadm) or 443.
    #[schemars(range(min = 1, max = 65535))]
    pub port: u32,
}

/// The cloud provider, in either of kOps's spellings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum CloudProviderField {
    /// `cloudProvider: aws` (v1alpha2).
    Name(String),
    /// `cloudProvider: {aws: {}}` (v1alpha3 form).
    Object(std::collections::BTreeMap<String, serde_json::Value>),
}

/// `spec.networking`: exactly one networking option may be set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkingSpec {
    /// Calico, the option calico-render renders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calico: Option<CalicoSpec>,
    /// Another kOps networking option (rejected: only Calico is rendered).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classic: Option<serde_json::Value>,
    /// Another kOps networking option (rejected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubenet: Option<serde_json::Value>,
    /// Another kOps networking option (rejected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external: Option<serde_json::Value>,
    /// Another kOps networking option (rejected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cni: Option<serde_json::Value>,
    /// Another kOps networking option (rejected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kopeio: Option<serde_json::Value>,
    /// Another kOps networking option (rejected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weave: Option<serde_json::Value>,
    /// Another kOps networking option (rejected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flannel: Option<serde_json::Value>,
    /// Another kOps networking option (rejected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canal: Option<serde_json::Value>,
    /// Another kOps networking option (rejected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kuberouter: Option<serde_json::Value>,
    /// Another kOps networking option (rejected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub romana: Option<serde_json::Value>,
    /// Another kOps networking option (rejected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amazonvpc: Option<serde_json::Value>,
    /// Another kOps networking option (rejected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cilium: Option<serde_json::Value>,
    /// Another kOps networking option (rejected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lyftvpc: Option<serde_json::Value>,
    /// Another kOps networking option (rejected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gce: Option<serde_json::Value>,
    /// Another kOps networking option (rejected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kindnet: Option<serde_json::Value>,
}

impl NetworkingSpec {
    /// The names of the networking options that are set, in kOps's order.
    pub fn configured_options(&self) -> Vec<&'static str> {
        let all: [(&'static str, bool); 16] = [
            ("classic", self.classic.is_some()),
            ("kubenet", self.kubenet.is_some()),
            ("external", self.external.is_some()),
            ("cni", self.cni.is_some()),
            ("kopeio", self.kopeio.is_some()),
            ("weave", self.weave.is_some()),
            ("flannel", self.flannel.is_some()),
            ("calico", self.calico.is_some()),
            ("canal", self.canal.is_some()),
            ("kuberouter", self.kuberouter.is_some()),
            ("romana", self.romana.is_some()),
            ("amazonvpc", self.amazonvpc.is_some()),
            ("cilium", self.cilium.is_some()),
            ("lyftvpc", self.lyftvpc.is_some()),
            ("gce", self.gce.is_some()),
            ("kindnet", self.kindnet.is_some()),
        ];
        all.iter()
            .filter(|(_, set)| *set)
            .map(|(n, _)| *n)
            .collect()
    }
}

/// `spec.networking.calico`: kOps's CalicoNetworkingSpec, field for field.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CalicoSpec {
    /// Registry of the Calico images (default `docker.io`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<String>,
    /// Tag of the Calico images (default `v3.31.6`). Only the image tags change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Let pods forward IP packets (CNI `container_settings.allow_ip_forwarding`).
    #[serde(
        default,
        rename = "allowIPForwarding",
        skip_serializing_if = "Option::is_none"
    )]
    pub allow_ip_forwarding: Option<bool>,
    /// How Felix treats the AWS source/destination check: `Enable`, `Disable` or `DoNothing`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = ["Enable", "Disable", "DoNothing", ""]))]
    pub aws_src_dst_check: Option<String>,
    /// Use the eBPF dataplane (kube-proxy must be disabled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bpf_enabled: Option<bool>,
    /// eBPF: how traffic from outside reaches services: `Tunnel` or `DSR`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = ["Tunnel", "DSR", ""]))]
    pub bpf_external_service_mode: Option<String>,
    /// eBPF: remove kube-proxy's iptables rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bpf_kube_proxy_iptables_cleanup_enabled: Option<bool>,
    /// eBPF: log level of the BPF programs: `Off`, `Info` or `Debug`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = ["Off", "Info", "Debug", ""]))]
    pub bpf_log_level: Option<String>,
    /// Where Felix puts its iptables chains: `insert` or `append`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = ["insert", "append", ""]))]
    pub chain_insert_mode: Option<String>,
    /// CPU request of calico-node, a Kubernetes quantity (default `250m`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_request: Option<Quantity>,
    /// Deprecated: no effect since kOps 1.22 (cross-subnet is the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_subnet: Option<bool>,
    /// The encapsulation: `ipip`, `vxlan`, or `none` (IPv6 only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = ["ipip", "vxlan", "none", ""]))]
    pub encapsulation_mode: Option<String>,
    /// IP-in-IP mode of the IPv4 pool: `Always`, `CrossSubnet` or `Never`.
    #[serde(default, rename = "ipipMode", skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = ["Always", "CrossSubnet", "Never", ""]))]
    pub ipip_mode: Option<String>,
    /// How calico-node finds the node's IPv4 address (e.g. `first-found`, `interface=eth.*`).
    #[serde(
        default,
        rename = "ipv4AutoDetectionMethod",
        skip_serializing_if = "Option::is_none"
    )]
    pub ipv4_auto_detection_method: Option<String>,
    /// How calico-node finds the node's IPv6 address.
    #[serde(
        default,
        rename = "ipv6AutoDetectionMethod",
        skip_serializing_if = "Option::is_none"
    )]
    pub ipv6_auto_detection_method: Option<String>,
    /// The iptables backend: `Auto`, `Legacy` or `NFT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = ["Auto", "Legacy", "NFT", ""]))]
    pub iptables_backend: Option<String>,
    /// Felix's log level (default `info`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_severity_screen: Option<String>,
    /// MTU of pod interfaces and tunnels; 0 or unset = auto-detect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mtu: Option<i32>,
    /// nftables dataplane mode: `Disabled`, `Enabled` or `Auto`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = ["Disabled", "Enabled", "Auto", ""]))]
    pub nftables_mode: Option<String>,
    /// Serve Felix's Prometheus metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prometheus_metrics_enabled: Option<bool>,
    /// Port of Felix's metrics (default 9091).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prometheus_metrics_port: Option<i32>,
    /// Include Go runtime metrics in Felix's metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prometheus_go_metrics_enabled: Option<bool>,
    /// Include process metrics in Felix's metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prometheus_process_metrics_enabled: Option<bool>,
    /// Serve Typha's Prometheus metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typha_prometheus_metrics_enabled: Option<bool>,
    /// Port of Typha's metrics (default 9093).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typha_prometheus_metrics_port: Option<i32>,
    /// Typha replicas; 0 (default) deploys no Typha.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typha_replicas: Option<i32>,
    /// VXLAN mode of the pools: `Always`, `CrossSubnet` or `Never`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = ["Always", "CrossSubnet", "Never", ""]))]
    pub vxlan_mode: Option<String>,
    /// Encrypt pod traffic with WireGuard (IPv4 only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wireguard_enabled: Option<bool>,
    /// Deprecated v1alpha2 field without effect; dropped with a warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub major_version: Option<String>,
}

/// `spec.kubeProxy`: only `enabled` is read; kOps's other kube-proxy fields
/// are accepted and ignored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KubeProxySpec {
    /// Whether kOps runs kube-proxy; must be `false` with the eBPF dataplane.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// kOps field, not used by calico-render.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<serde_json::Value>,
    /// kOps field, not used by calico-render.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_request: Option<serde_json::Value>,
    /// kOps field, not used by calico-render.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_limit: Option<serde_json::Value>,
    /// kOps field, not used by calico-render.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_request: Option<serde_json::Value>,
    /// kOps field, not used by calico-render.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_limit: Option<serde_json::Value>,
    /// kOps field, not used by calico-render.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_level: Option<serde_json::Value>,
    /// kOps field, not used by calico-render.
    #[serde(
        default,
        rename = "clusterCIDR",
        skip_serializing_if = "Option::is_none"
    )]
    pub cluster_cidr: Option<serde_json::Value>,
    /// kOps field, not used by calico-render.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname_override: Option<serde_json::Value>,
    /// kOps field, not used by calico-render.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bind_address: Option<serde_json::Value>,
    /// kOps field, not used by calico-render.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub master: Option<serde_json::Value>,
    /// kOps field, not used by calico-render.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics_bind_address: Option<serde_json::Value>,
    /// kOps field, not used by calico-render.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_mode: Option<serde_json::Value>,
    /// kOps field, not used by calico-render.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipvs_exclude_cidrs: Option<serde_json::Value>,
    /// kOps field, not used by calico-render.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipvs_min_sync_period: Option<serde_json::Value>,
    /// kOps field, not used by calico-render.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipvs_scheduler: Option<serde_json::Value>,
    /// kOps field, not used by calico-render.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipvs_sync_period: Option<serde_json::Value>,
    /// kOps field, not used by calico-render.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature_gates: Option<serde_json::Value>,
    /// kOps field, not used by calico-render.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conntrack_max_per_core: Option<serde_json::Value>,
    /// kOps field, not used by calico-render.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conntrack_min: Option<serde_json::Value>,
}

/// `spec.kubeControllerManager`: only `clusterCIDR` is read; other kOps
/// fields are ignored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct KubeControllerManagerSpec {
    /// The pods' CIDR; the IPv4 pool's CIDR (defaults to `podCIDR`).
    #[serde(
        default,
        rename = "clusterCIDR",
        skip_serializing_if = "Option::is_none"
    )]
    pub cluster_cidr: Option<String>,
}

/// `spec.egressProxy`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EgressProxySpec {
    /// The proxy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_proxy: Option<HttpProxySpec>,
    /// Comma-separated hosts and CIDRs that bypass the proxy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excludes: Option<String>,
}

/// `spec.egressProxy.httpProxy`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpProxySpec {
    /// Host name or IP address of the proxy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Port of the proxy (0 = none given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 65535))]
    pub port: Option<i64>,
}

/// `spec.topology`: only the DNS type is read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TopologySpec {
    /// DNS topology; `{type: Private}` stops the API public name default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns: Option<DnsSpec>,
}

/// `spec.topology.dns`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DnsSpec {
    /// `Public` (default), `Private` or `None`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub dns_type: Option<String>,
}

/// calico-render extension `spec.bgp`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BgpSpec {
    /// The cluster's AS number (1..4294967295).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 4294967295u32))]
    pub as_number: Option<u64>,
    /// Route reflectors replace the node-to-node BGP mesh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_reflectors: Option<RouteReflectorSpec>,
}

/// calico-render extension `spec.bgp.routeReflectors`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RouteReflectorSpec {
    /// Calico selector of the reflector nodes, e.g. `route-reflector == 'true'`.
    pub node_selector: String,
    /// Route-reflector cluster ID, IPv4-formatted (e.g. `244.0.0.1`).
    #[serde(rename = "clusterID")]
    pub cluster_id: String,
}

/// Field names of kOps's v1alpha2 ClusterSpec, so that kOps clusters parse
/// without warnings. calico-render reads only a few; the others are ignored.
pub const KOPS_CLUSTER_SPEC_FIELDS: &[&str] = &[
    "channel",
    "addons",
    "configBase",
    "cloudProvider",
    "gossipConfig",
    "containerRuntime",
    "kubernetesVersion",
    "subnets",
    "project",
    "masterPublicName",
    "masterInternalName",
    "networkCIDR",
    "additionalNetworkCIDRs",
    "networkID",
    "topology",
    "secretStore",
    "keyStore",
    "configStore",
    "dnsZone",
    "dnsControllerGossipConfig",
    "additionalSans",
    "clusterDNSDomain",
    "serviceClusterIPRange",
    "podCIDR",
    "nonMasqueradeCIDR",
    "sshAccess",
    "nodePortAccess",
    "egressProxy",
    "sshKeyName",
    "kubernetesApiAccess",
    "isolateMasters",
    "updatePolicy",
    "externalPolicies",
    "additionalPolicies",
    "fileAssets",
    "etcdClusters",
    "docker",
    "containerd",
    "kubeDNS",
    "kubeAPIServer",
    "kubeControllerManager",
    "cloudControllerManager",
    "kubeScheduler",
    "kubeProxy",
    "kubelet",
    "masterKubelet",
    "controlPlaneKubelet",
    "cloudConfig",
    "externalDns",
    "ntp",
    "packages",
    "nodeTerminationHandler",
    "nodeProblemDetector",
    "metricsServer",
    "certManager",
    "awsLoadBalancerController",
    "networking",
    "api",
    "authentication",
    "authorization",
    "nodeAuthorization",
    "cloudLabels",
    "hooks",
    "assets",
    "iam",
    "encryptionConfig",
    "DisableSubnetTags",
    "target",
    "useHostCertificates",
    "sysctlParameters",
    "rollingUpdate",
    "clusterAutoscaler",
    "warmPool",
    "serviceAccountIssuerDiscovery",
    "snapshotController",
    "karpenter",
    "podIdentityWebhook",
];
