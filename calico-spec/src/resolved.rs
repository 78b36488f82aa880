//! The resolved spec: every effective value, with where it came from.

use crate::error::Warning;
use crate::version::KopsVersion;
use calico_release::Release;
use serde::Serialize;
use std::fmt;

/// Where an effective value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Source {
    /// The user's spec.
    User,
    /// A library option or command-line flag (`--node-count`, `--host-mtu`).
    Option,
    /// A default kOps applies to every cluster.
    KopsDefault,
    /// A rule that depends on the cloud provider.
    CloudRule,
    /// A rule for IPv6-only clusters.
    Ipv6Rule,
    /// A default that depends on the kOps version (`--kops-version`).
    KopsVersionRule,
    /// The fallback value kOps's template writes when the field is empty.
    TemplateFallback,
    /// Computed from other settings (e.g. the encapsulation decides a pool mode).
    Derived,
    /// The default of a calico-render extension that kOps does not have
    /// (`spec.bgp`): not a kOps default.
    ExtensionDefault,
    /// Not set, and nothing sets it (no cloud provider, say).
    Unset,
    /// The Calico release the kOps version pins (`--kops-version`).
    KopsPin,
    /// The value upstream's published manifest writes (upstream profile).
    UpstreamManifest,
    /// Not written to the manifest: Calico's own default applies
    /// (upstream profile).
    CalicoDefault,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Source::User => "user",
            Source::Option => "option",
            Source::KopsDefault => "kops-default",
            Source::CloudRule => "cloud-rule",
            Source::Ipv6Rule => "ipv6-rule",
            Source::KopsVersionRule => "kops-version-rule",
            Source::TemplateFallback => "template-fallback",
            Source::Derived => "derived",
            Source::ExtensionDefault => "extension-default",
            Source::Unset => "unset",
            Source::KopsPin => "kops-pin",
            Source::UpstreamManifest => "upstream-manifest",
            Source::CalicoDefault => "calico-default",
        })
    }
}

/// An effective value and its source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Setting<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub source: Source,
}

impl<T> Setting<T> {
    /// A value with its source.
    pub fn new(value: T, source: Source) -> Self {
        Setting { value, source }
    }
}

/// Whose manifests a spec renders.
///
/// ```
/// use calico_spec::Profile;
/// assert_eq!("upstream".parse::<Profile>(), Ok(Profile::Upstream));
/// assert_eq!(Profile::default().as_str(), "kops");
/// assert_eq!("operator".parse::<Profile>(), Ok(Profile::Operator));
/// assert!("helm".parse::<Profile>().is_err());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Profile {
    /// kOps's Calico addon: upstream's manifest with kOps's overlay, and
    /// kOps's defaults and rules.
    #[default]
    Kops,
    /// Calico's own published manifests (`calico.yaml`, `calico-typha.yaml`,
    /// `calico-vxlan.yaml`, `calico-bpf.yaml`, `calico-policy-only.yaml`),
    /// edited as Calico's documentation says for each setting.
    Upstream,
    /// The Tigera operator (`tigera-operator.yaml`) and the custom
    /// resources (Installation, FelixConfiguration, ...) that give it the
    /// cluster the kOps profile describes: kOps's defaults and rules, the
    /// operator's objects. Calico 3.30 and later.
    Operator,
}

impl Profile {
    /// Every profile, in the order `--help` lists them.
    pub const ALL: [Profile; 3] = [Profile::Kops, Profile::Upstream, Profile::Operator];

    /// The spelling in specs and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Kops => "kops",
            Profile::Upstream => "upstream",
            Profile::Operator => "operator",
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Profile {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Profile::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| {
                format!("unknown profile {s:?}: calico-render renders the profiles \"kops\", \"upstream\" and \"operator\"")
            })
    }
}

/// Where calico-node reaches the API server in eBPF mode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceEndpoint {
    /// Host name or IP address.
    pub host: String,
    /// Port.
    pub port: u32,
}

/// Calico's encapsulation of pod traffic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Encapsulation {
    /// IP-in-IP, routed with BGP (BIRD).
    Ipip,
    /// VXLAN, without BGP.
    Vxlan,
    /// No encapsulation (IPv6 clusters).
    None,
}

impl Encapsulation {
    /// kOps's spelling: `ipip`, `vxlan`, `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            Encapsulation::Ipip => "ipip",
            Encapsulation::Vxlan => "vxlan",
            Encapsulation::None => "none",
        }
    }

    /// The `calico_backend` value: `bird` for IP-in-IP, otherwise the mode.
    pub fn backend(self) -> &'static str {
        match self {
            Encapsulation::Ipip => "bird",
            other => other.as_str(),
        }
    }
}

/// The IP-in-IP / VXLAN mode of an IP pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum PoolMode {
    /// Encapsulate all traffic.
    Always,
    /// Encapsulate only between subnets.
    CrossSubnet,
    /// Never encapsulate.
    Never,
}

impl PoolMode {
    /// Calico's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PoolMode::Always => "Always",
            PoolMode::CrossSubnet => "CrossSubnet",
            PoolMode::Never => "Never",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "Always" => Some(PoolMode::Always),
            "CrossSubnet" => Some(PoolMode::CrossSubnet),
            "Never" => Some(PoolMode::Never),
            _ => None,
        }
    }
}

/// A cloud provider kOps knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CloudProvider {
    /// Amazon Web Services.
    Aws,
    /// Microsoft Azure.
    Azure,
    /// DigitalOcean.
    DigitalOcean,
    /// Google Compute Engine.
    Gce,
    /// Hetzner Cloud.
    Hetzner,
    /// OpenStack.
    OpenStack,
    /// Scaleway.
    Scaleway,
    /// Linode.
    Linode,
    /// Bare metal (the `alpha.kops.k8s.io/cloud: metal` label).
    Metal,
}

impl CloudProvider {
    /// kOps's name, e.g. `aws`, `digitalocean`.
    pub fn as_str(self) -> &'static str {
        match self {
            CloudProvider::Aws => "aws",
            CloudProvider::Azure => "azure",
            CloudProvider::DigitalOcean => "digitalocean",
            CloudProvider::Gce => "gce",
            CloudProvider::Hetzner => "hetzner",
            CloudProvider::OpenStack => "openstack",
            CloudProvider::Scaleway => "scaleway",
            CloudProvider::Linode => "linode",
            CloudProvider::Metal => "metal",
        }
    }
}

/// The egress proxy settings calico-node receives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EgressProxy {
    /// `http_proxy` and `https_proxy`: `http://host[:port]`, if a host is set.
    pub url: Option<String>,
    /// `no_proxy` and `NO_PROXY`: the user's exclusions plus kOps's own.
    pub no_proxy: Option<String>,
}

/// BGP route reflectors (calico-render extension).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteReflectors {
    /// Calico selector of the reflector nodes.
    pub node_selector: String,
    /// Route-reflector cluster ID.
    #[serde(rename = "clusterID")]
    pub cluster_id: String,
}

/// Calico's AS number when none is configured.
pub const DEFAULT_AS_NUMBER: u64 = 64512;

/// Resolved BGP settings (calico-render extension).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResolvedBgp {
    /// The AS number, if given.
    pub as_number: Option<u64>,
    /// Route reflectors, if configured.
    pub route_reflectors: Option<RouteReflectors>,
}

/// Effective Calico settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[allow(missing_docs)]
pub struct ResolvedCalico {
    /// Image registry, e.g. `docker.io`.
    pub registry: Setting<String>,
    /// Image tag, e.g. `v3.31.6`.
    pub image_tag: Setting<String>,
    pub allow_ip_forwarding: Setting<bool>,
    /// The value of `FELIX_AWSSRCDSTCHECK`.
    pub aws_src_dst_check: Setting<String>,
    pub bpf_enabled: Setting<bool>,
    pub bpf_external_service_mode: Setting<String>,
    pub bpf_kube_proxy_iptables_cleanup_enabled: Setting<bool>,
    pub bpf_log_level: Setting<String>,
    pub chain_insert_mode: Setting<String>,
    /// calico-node's CPU request, canonical quantity.
    pub cpu_request: Setting<String>,
    pub encapsulation_mode: Setting<Encapsulation>,
    /// `CALICO_IPV4POOL_IPIP`.
    pub ipv4_pool_ipip_mode: Setting<PoolMode>,
    /// `CALICO_IPV4POOL_VXLAN`.
    pub ipv4_pool_vxlan_mode: Setting<PoolMode>,
    /// `CALICO_IPV6POOL_VXLAN`.
    pub ipv6_pool_vxlan_mode: Setting<PoolMode>,
    pub ipv4_auto_detection_method: Setting<String>,
    pub ipv6_auto_detection_method: Setting<String>,
    pub iptables_backend: Setting<String>,
    pub log_severity_screen: Setting<String>,
    /// `veth_mtu`: 0 means auto-detect.
    pub mtu: Setting<i32>,
    /// `FELIX_NFTABLESMODE`, only written when set.
    pub nftables_mode: Setting<Option<String>>,
    pub prometheus_metrics_enabled: Setting<bool>,
    pub prometheus_metrics_port: Setting<i32>,
    pub prometheus_go_metrics_enabled: Setting<bool>,
    pub prometheus_process_metrics_enabled: Setting<bool>,
    pub typha_prometheus_metrics_enabled: Setting<bool>,
    pub typha_prometheus_metrics_port: Setting<i32>,
    pub typha_replicas: Setting<i32>,
    pub wireguard_enabled: Setting<bool>,
}

/// A spec with every effective value set: what the renderer reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResolvedSpec {
    /// The Calico release whose manifest shape and CRDs are rendered, and
    /// where the choice came from (the spec's `version`, an option, or the
    /// kOps line's pin). Always a release calico-render knows.
    pub release: Setting<Release>,
    /// Whose manifests are rendered (`profile`, or the `--profile` option).
    pub profile: Setting<Profile>,
    /// Calico enforces policy only; another plugin networks the pods
    /// (upstream profile, `policyOnly`).
    pub policy_only: Setting<bool>,
    /// The API server endpoint for eBPF (upstream profile,
    /// `kubernetesServiceEndpoint`).
    pub service_endpoint: Option<Setting<ServiceEndpoint>>,
    /// The kOps era of the defaults and rules.
    #[serde(serialize_with = "display")]
    pub kops_version: KopsVersion,
    /// The cluster name.
    pub cluster_name: Setting<String>,
    /// The cloud provider, if any.
    pub cloud_provider: Setting<Option<CloudProvider>>,
    /// Whether the cluster is IPv6-only (from `nonMasqueradeCIDR`).
    pub ipv6_only: Setting<bool>,
    /// `nonMasqueradeCIDR`.
    pub non_masquerade_cidr: Setting<String>,
    /// `networkCIDR`, if known.
    pub network_cidr: Setting<Option<String>>,
    /// `podCIDR`, if known.
    pub pod_cidr: Setting<Option<String>>,
    /// `CALICO_IPV4POOL_CIDR` (kube-controller-manager's `clusterCIDR`); empty on IPv6.
    /// In the upstream profile, empty (not written, Calico's default pool)
    /// unless the spec names a CIDR.
    pub ipv4_pool_cidr: Setting<String>,
    /// `CALICO_IPV6POOL_CIDR` (upstream profile, IPv6 clusters with a pod
    /// CIDR); empty when not written.
    pub ipv6_pool_cidr: Setting<String>,
    /// `api.internal.<cluster>`: the API server name used by the eBPF dataplane.
    pub api_internal_name: Setting<String>,
    /// Whether kube-proxy runs.
    pub kube_proxy_enabled: Setting<bool>,
    /// The egress proxy, if configured.
    pub egress_proxy: Option<Setting<EgressProxy>>,
    /// The Calico settings.
    pub calico: ResolvedCalico,
    /// The node count used for advice, if known.
    pub node_count: Option<Setting<u64>>,
    /// The host MTU used for advice, if known.
    pub host_mtu: Option<Setting<u32>>,
    /// BGP settings (route reflectors), if configured.
    pub bgp: Option<Setting<ResolvedBgp>>,
    /// Advice found while resolving.
    pub warnings: Vec<Warning>,
}

fn display<S: serde::Serializer, T: fmt::Display>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

impl ResolvedSpec {
    /// Whether Typha is deployed.
    pub fn typha_enabled(&self) -> bool {
        self.calico.typha_replicas.value > 0
    }

    /// The `calico_backend` value.
    pub fn calico_backend(&self) -> &'static str {
        self.calico.encapsulation_mode.value.backend()
    }
}
