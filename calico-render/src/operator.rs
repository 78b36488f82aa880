//! The operator profile: the Tigera operator's install (templated, from the
//! release's facts) and the custom resources that give the operator the
//! cluster the spec describes (typed, from `calico-api`, written as YAML).
//!
//! The spec means the same cluster as in the kOps profile: its pool,
//! encapsulation, autodetection, MTU and Felix settings are carried over
//! field by field (README, "The operator profile"); what the operator does
//! itself (Typha's size, kube-controllers' placement, the Felix settings it
//! owns) is left to it.

use crate::context::Endpoint;
use crate::error::RenderError;
use crate::manifest::{ManifestObject, Text};
use calico_api::operator::{
    CalicoNetworkSpec, CalicoNodeDaemonSet, CniSpec, Component, Encapsulation as OpEncapsulation,
    Installation, InstallationSpec, IpPool, IpamPlugin, IpamSpec, KubernetesAutodetection,
    LinuxDataplane, NodeAddressAutodetection, OPERATOR_API_VERSION,
};
use calico_api::{
    AWSSrcDstCheckOption, EnabledDisabled, FelixConfiguration, FelixConfigurationSpec,
    CALICO_API_VERSION,
};
use calico_release::OperatorRule;
use calico_spec::felix_defaults as felix;
use calico_spec::{Encapsulation, PoolMode, ResolvedSpec, Source};
use serde::Serialize;
use std::sync::Arc;

/// What the install templates see.
#[derive(Serialize)]
pub(crate) struct Install<'a> {
    /// The operator release, e.g. `v1.40.13`.
    version: &'static str,
    /// The operator image.
    image: String,
    /// The rules of the `tigera-operator` ClusterRole.
    rules: Vec<&'static OperatorRule>,
    /// The `kubernetes-services-endpoint` ConfigMap's data, when rendered.
    endpoint: Option<Endpoint<'a>>,
}

impl<'a> Install<'a> {
    pub(crate) fn new(spec: &'a ResolvedSpec) -> Result<Install<'a>, RenderError> {
        let release = spec.release.value;
        let facts = release.facts()?;
        if release < calico_release::OPERATOR_FLOOR {
            return Err(bug(format!(
                "{release} is below the operator profile's floor {} (calico-spec lets no such spec through)",
                calico_release::OPERATOR_FLOOR
            )));
        }
        // The operator image comes from quay.io, or from the registry the
        // spec names (a mirror holds the operator next to Calico's images).
        let registry = match spec.calico.registry.source {
            Source::User => spec.calico.registry.value.as_str(),
            _ => "quay.io",
        };
        Ok(Install {
            version: facts.operator,
            image: format!("{registry}/tigera/operator:{}", facts.operator),
            rules: release.operator_rules().collect(),
            endpoint: endpoint(spec),
        })
    }
}

/// Whether the operator profile renders the `kubernetes-services-endpoint`
/// ConfigMap.
pub(crate) fn has_endpoint(spec: &ResolvedSpec) -> bool {
    endpoint(spec).is_some()
}

/// The API server endpoint the operator hands to calico-node: the spec's
/// `kubernetesServiceEndpoint`, else (eBPF) kOps's `api.internal.<cluster>`
/// on port 443.
fn endpoint(spec: &ResolvedSpec) -> Option<Endpoint<'_>> {
    match &spec.service_endpoint {
        Some(e) => Some(Endpoint {
            host: &e.value.host,
            port: e.value.port.to_string(),
        }),
        None if spec.calico.bpf_enabled.value => Some(Endpoint {
            host: &spec.api_internal_name.value,
            port: "443".into(),
        }),
        None => None,
    }
}

fn bug(detail: String) -> RenderError {
    RenderError::Operator { detail }
}

/// The custom resources, in order: Installation, APIServer, Goldmane,
/// Whisker, and the FelixConfiguration when the spec changes a Felix
/// setting the Installation cannot hold.
pub(crate) fn custom_resources(spec: &ResolvedSpec) -> Result<Vec<ManifestObject>, RenderError> {
    let installation = installation(spec);
    if let Some(v) = installation.validate().into_iter().next() {
        return Err(bug(format!(
            "the Installation breaks the operator's rule at {}: {} (calico-spec's operator rules should have refused the spec)",
            v.path, v.detail
        )));
    }
    let mut objects = vec![object(
        OPERATOR_API_VERSION,
        "Installation",
        &Installation::new("default", installation),
    )?];
    for component in [
        Component::api_server(),
        Component::goldmane(),
        Component::whisker(),
    ] {
        objects.push(object(OPERATOR_API_VERSION, &component.kind, &component)?);
    }
    if let Some(felix) = felix_configuration(spec) {
        objects.push(object(
            CALICO_API_VERSION,
            "FelixConfiguration",
            &FelixConfiguration::new("default", felix),
        )?);
    }
    Ok(objects)
}

fn object<T: Serialize>(
    api_version: &str,
    kind: &str,
    value: &T,
) -> Result<ManifestObject, RenderError> {
    let text = serde_saphyr::to_string(value)
        .map_err(|e| bug(format!("{kind} does not serialize: {e}")))?;
    Ok(ManifestObject::new(
        api_version,
        kind,
        None,
        "default",
        Text::Rendered(Arc::from(text)),
        None,
    ))
}

/// The Installation `default` for the spec.
fn installation(spec: &ResolvedSpec) -> InstallationSpec {
    let c = &spec.calico;
    let ipv6 = spec.ipv6_only.value;
    let user = |source: Source| source == Source::User;
    let mut pools = Vec::new();
    if ipv6 {
        if !spec.ipv6_pool_cidr.value.is_empty() {
            pools.push(IpPool {
                name: Some("default-ipv6-ippool".into()),
                block_size: Some(122),
                cidr: spec.ipv6_pool_cidr.value.clone(),
                encapsulation: Some(match c.ipv6_pool_vxlan_mode.value {
                    PoolMode::Always => OpEncapsulation::Vxlan,
                    PoolMode::CrossSubnet => OpEncapsulation::VxlanCrossSubnet,
                    PoolMode::Never => OpEncapsulation::None,
                }),
                nat_outgoing: Some(EnabledDisabled::Disabled),
                node_selector: Some("all()".into()),
            });
        }
    } else if !spec.ipv4_pool_cidr.value.is_empty() {
        pools.push(IpPool::ipv4(
            "default-ipv4-ippool",
            &spec.ipv4_pool_cidr.value,
            ipv4_encapsulation(spec),
        ));
    }
    let dataplane = if c.bpf_enabled.value {
        Some(LinuxDataplane::Bpf)
    } else if c.nftables_mode.value.as_deref() == Some("Enabled") {
        Some(LinuxDataplane::Nftables)
    } else {
        None
    };
    let network = CalicoNetworkSpec {
        bgp: (spec.calico_backend() == "vxlan").then_some(EnabledDisabled::Disabled),
        linux_dataplane: dataplane,
        mtu: (c.mtu.value > 0).then_some(c.mtu.value),
        ip_pools: pools,
        node_address_autodetection_v4: (!ipv6)
            .then(|| autodetection(&c.ipv4_auto_detection_method.value))
            .flatten(),
        node_address_autodetection_v6: ipv6
            .then(|| autodetection(&c.ipv6_auto_detection_method.value))
            .flatten(),
        host_ports: None,
        container_ip_forwarding: c
            .allow_ip_forwarding
            .value
            .then_some(EnabledDisabled::Enabled),
    };
    InstallationSpec {
        registry: user(c.registry.source).then(|| format!("{}/", c.registry.value)),
        // kOps on IPv6 hands each node a prefix: host-local IPAM over it.
        cni: ipv6.then_some(CniSpec {
            plugin: calico_api::operator::CniPlugin::Calico,
            ipam: IpamSpec {
                plugin: IpamPlugin::HostLocal,
            },
        }),
        calico_network: Some(network),
        node_metrics_port: c
            .prometheus_metrics_enabled
            .value
            .then_some(c.prometheus_metrics_port.value),
        typha_metrics_port: c
            .typha_prometheus_metrics_enabled
            .value
            .then_some(c.typha_prometheus_metrics_port.value),
        calico_node_daemon_set: user(c.cpu_request.source)
            .then(|| CalicoNodeDaemonSet::cpu_request(&c.cpu_request.value)),
    }
}

/// The IPv4 pool's encapsulation: the backend's mode.
fn ipv4_encapsulation(spec: &ResolvedSpec) -> OpEncapsulation {
    let c = &spec.calico;
    match c.encapsulation_mode.value {
        Encapsulation::Ipip => match c.ipv4_pool_ipip_mode.value {
            PoolMode::Always => OpEncapsulation::Ipip,
            PoolMode::CrossSubnet => OpEncapsulation::IpipCrossSubnet,
            PoolMode::Never => OpEncapsulation::None,
        },
        Encapsulation::Vxlan => match c.ipv4_pool_vxlan_mode.value {
            PoolMode::Always => OpEncapsulation::Vxlan,
            PoolMode::CrossSubnet => OpEncapsulation::VxlanCrossSubnet,
            PoolMode::Never => OpEncapsulation::None,
        },
        Encapsulation::None => OpEncapsulation::None,
    }
}

/// A kOps autodetection method as the operator's field: `first-found`,
/// `kubernetes-internal-ip`, `interface=`, `skip-interface=`, `can-reach=`,
/// `cidr=`. `none` (or an empty method) sets nothing.
fn autodetection(method: &str) -> Option<NodeAddressAutodetection> {
    let (name, param) = match method.split_once('=') {
        Some((name, param)) => (name, Some(param.to_string())),
        None => (method, None),
    };
    let mut m = NodeAddressAutodetection::default();
    match (name, param) {
        ("" | "none", _) => return None,
        ("first-found", _) => m.first_found = Some(true),
        ("kubernetes-internal-ip", _) => {
            m.kubernetes = Some(KubernetesAutodetection::NodeInternalIP)
        }
        ("interface", p) => m.interface = p,
        ("skip-interface", p) => m.skip_interface = p,
        ("can-reach", p) => m.can_reach = p,
        ("cidr", Some(list)) => {
            m.cidrs = list.split(',').map(|c| c.trim().to_string()).collect();
        }
        // calico-spec refuses anything else.
        _ => return None,
    }
    Some(m)
}

/// The Felix settings the Installation has no field for, where the spec's
/// value is not Felix's default. `bpfEnabled` and `nftablesMode` are the
/// operator's (from `linuxDataplane`); `None` when nothing is to be written.
fn felix_configuration(spec: &ResolvedSpec) -> Option<FelixConfigurationSpec> {
    let c = &spec.calico;
    let differs = |value: &str, default: &str| (value != default).then(|| value.to_string());
    let flag = |value: bool, default: bool| (value != default).then_some(value);
    // Felix reads the BPF settings only in eBPF mode.
    let bpf = c.bpf_enabled.value;
    let f = FelixConfigurationSpec {
        aws_src_dst_check: match c.aws_src_dst_check.value.as_str() {
            "Enable" => Some(AWSSrcDstCheckOption::Enable),
            "Disable" => Some(AWSSrcDstCheckOption::Disable),
            // DoNothing, Felix's default.
            _ => None,
        },
        bpf_external_service_mode: differs(
            &c.bpf_external_service_mode.value,
            felix::BPF_EXTERNAL_SERVICE_MODE,
        )
        .filter(|_| bpf),
        bpf_kube_proxy_iptables_cleanup_enabled: flag(
            c.bpf_kube_proxy_iptables_cleanup_enabled.value,
            felix::BPF_KUBE_PROXY_IPTABLES_CLEANUP_ENABLED,
        )
        .filter(|_| bpf),
        bpf_log_level: differs(&c.bpf_log_level.value, felix::BPF_LOG_LEVEL).filter(|_| bpf),
        chain_insert_mode: differs(&c.chain_insert_mode.value, felix::CHAIN_INSERT_MODE),
        iptables_backend: differs(&c.iptables_backend.value, felix::IPTABLES_BACKEND),
        log_severity_screen: (!c
            .log_severity_screen
            .value
            .eq_ignore_ascii_case(felix::LOG_SEVERITY_SCREEN))
        .then(|| capitalized(&c.log_severity_screen.value)),
        prometheus_go_metrics_enabled: flag(
            c.prometheus_go_metrics_enabled.value,
            felix::PROMETHEUS_GO_METRICS_ENABLED,
        ),
        prometheus_process_metrics_enabled: flag(
            c.prometheus_process_metrics_enabled.value,
            felix::PROMETHEUS_PROCESS_METRICS_ENABLED,
        ),
        wireguard_enabled: c.wireguard_enabled.value.then_some(true),
        ..FelixConfigurationSpec::default()
    };
    (f != FelixConfigurationSpec::default()).then_some(f)
}

/// `info` → `Info`: Felix takes any case; its CRD documents the capitalized
/// names.
fn capitalized(level: &str) -> String {
    let mut chars = level.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}
