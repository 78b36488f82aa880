//! What the templates see: the resolved spec reduced to the values the
//! manifest prints, each already in its final form (strings for strings,
//! integers for integers). The templates make no decisions beyond
//! including or leaving out a block.

use crate::error::RenderError;
use crate::overlay::Overlay;
use calico_release::Shape;
use calico_spec::{Encapsulation, ResolvedSpec};
use serde::Serialize;
use serde_json::{json, Map, Value};

/// The template context.
#[derive(Serialize)]
pub(crate) struct Context<'a> {
    /// The shape of the release's manifest (the facts of its release).
    shape: &'static Shape,
    /// What the kOps version adds to or leaves out of Calico's manifest.
    kops: Overlay,
    /// IPv6-only cluster.
    ipv6: bool,
    /// The eBPF dataplane is on (renders `kubernetes-services-endpoint`).
    bpf: bool,
    /// `KUBERNETES_SERVICE_HOST` for the eBPF dataplane.
    api_internal_name: &'a str,
    config: Config,
    images: Images,
    node: Node<'a>,
    /// Set when Typha runs.
    typha: Option<Typha>,
    /// Set when the spec has `bgp` (calico-render extension).
    bgp: Option<Bgp<'a>>,
}

/// BGP settings (route reflectors).
#[derive(Serialize)]
struct Bgp<'a> {
    as_number: Option<u64>,
    /// The reflectors' selector, when route reflectors are configured.
    peer_selector: Option<&'a str>,
}

/// `calico-config` data.
#[derive(Serialize)]
struct Config {
    typha_service_name: &'static str,
    calico_backend: &'static str,
    veth_mtu: String,
    cni_network_config: String,
}

/// Image references, `<registry>/calico/<name>:<tag>`.
#[derive(Serialize)]
struct Images {
    cni: String,
    node: String,
    kube_controllers: String,
    typha: String,
}

/// The `calico-node` container's settings.
#[derive(Serialize)]
struct Node<'a> {
    ip: &'static str,
    ip6: &'static str,
    ipv4_autodetection_method: &'a str,
    ipv6_autodetection_method: &'a str,
    ipv4_pool_ipip: &'static str,
    ipv4_pool_vxlan: &'static str,
    ipv6_pool_vxlan: &'static str,
    ipv4_pool_cidr: &'a str,
    aws_src_dst_check: &'a str,
    bpf_enabled: bool,
    bpf_external_service_mode: &'a str,
    bpf_kube_proxy_iptables_cleanup_enabled: bool,
    bpf_log_level: &'a str,
    chain_insert_mode: &'a str,
    iptables_backend: &'a str,
    /// `FELIX_NFTABLESMODE`, written only when set and non-empty (kOps's `if`).
    nftables_mode: Option<&'a str>,
    log_severity_screen: &'a str,
    prometheus_metrics_enabled: bool,
    prometheus_metrics_port: i32,
    prometheus_go_metrics_enabled: bool,
    prometheus_process_metrics_enabled: bool,
    wireguard_enabled: bool,
    /// The egress-proxy variables, in kOps's (byte-sorted) order.
    proxy_env: Vec<EnvVar<'a>>,
    cpu_request: Scalar,
    /// `bird` (IPv4) or `bird6` (IPv6) when BIRD runs: adds the
    /// `-bird-live` / `-bird-ready` probe flags.
    bird_probe: Option<&'static str>,
}

#[derive(Serialize)]
struct EnvVar<'a> {
    name: &'static str,
    value: &'a str,
}

/// Typha's Deployment settings.
#[derive(Serialize)]
struct Typha {
    replicas: i32,
    metrics_enabled: bool,
    metrics_port: i32,
}

/// A value printed as a YAML integer or as a string.
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum Scalar {
    Int(i64),
    Str(String),
}

/// kOps writes `cpu:` bare, so a canonical quantity that is a plain integer
/// (`1`, `2`) reads back as a YAML integer and everything else (`250m`,
/// `1k`, `1e3`) as a string. Reproduce that: integers stay integers.
pub(crate) fn cpu_scalar(canonical: &str) -> Scalar {
    match canonical.parse::<i64>() {
        Ok(n) if n.to_string() == canonical => Scalar::Int(n),
        _ => Scalar::Str(canonical.to_string()),
    }
}

impl<'a> Context<'a> {
    pub(crate) fn new(spec: &'a ResolvedSpec, shape: &'static Shape) -> Result<Self, RenderError> {
        let c = &spec.calico;
        let ipv6 = spec.ipv6_only.value;
        let typha = spec.typha_enabled();
        let image =
            |name: &str| format!("{}/calico/{}:{}", c.registry.value, name, c.image_tag.value);
        let family = |on: bool| if on { "autodetect" } else { "none" };

        let mut proxy_env = Vec::new();
        if let Some(proxy) = &spec.egress_proxy {
            if let Some(url) = &proxy.value.url {
                proxy_env.push(EnvVar {
                    name: "http_proxy",
                    value: url,
                });
                proxy_env.push(EnvVar {
                    name: "https_proxy",
                    value: url,
                });
            }
            if let Some(excludes) = &proxy.value.no_proxy {
                proxy_env.push(EnvVar {
                    name: "no_proxy",
                    value: excludes,
                });
                proxy_env.push(EnvVar {
                    name: "NO_PROXY",
                    value: excludes,
                });
            }
        }
        // kOps ranges over a Go map: keys in byte order (upper case first).
        proxy_env.sort_by(|a, b| a.name.cmp(b.name));

        let bird = c.encapsulation_mode.value == Encapsulation::Ipip;
        Ok(Context {
            shape,
            kops: Overlay::of(spec.kops_version),
            ipv6,
            bpf: c.bpf_enabled.value,
            api_internal_name: &spec.api_internal_name.value,
            config: Config {
                typha_service_name: if typha { "calico-typha" } else { "none" },
                calico_backend: spec.calico_backend(),
                veth_mtu: c.mtu.value.to_string(),
                cni_network_config: cni_network_config(shape, ipv6, c.allow_ip_forwarding.value)?,
            },
            images: Images {
                cni: image("cni"),
                node: image("node"),
                kube_controllers: image("kube-controllers"),
                typha: image("typha"),
            },
            node: Node {
                ip: family(!ipv6),
                ip6: family(ipv6),
                ipv4_autodetection_method: &c.ipv4_auto_detection_method.value,
                ipv6_autodetection_method: &c.ipv6_auto_detection_method.value,
                ipv4_pool_ipip: c.ipv4_pool_ipip_mode.value.as_str(),
                ipv4_pool_vxlan: c.ipv4_pool_vxlan_mode.value.as_str(),
                ipv6_pool_vxlan: c.ipv6_pool_vxlan_mode.value.as_str(),
                ipv4_pool_cidr: &spec.ipv4_pool_cidr.value,
                aws_src_dst_check: &c.aws_src_dst_check.value,
                bpf_enabled: c.bpf_enabled.value,
                bpf_external_service_mode: &c.bpf_external_service_mode.value,
                bpf_kube_proxy_iptables_cleanup_enabled: c
                    .bpf_kube_proxy_iptables_cleanup_enabled
                    .value,
                bpf_log_level: &c.bpf_log_level.value,
                chain_insert_mode: &c.chain_insert_mode.value,
                iptables_backend: &c.iptables_backend.value,
                nftables_mode: c.nftables_mode.value.as_deref().filter(|m| !m.is_empty()),
                log_severity_screen: &c.log_severity_screen.value,
                prometheus_metrics_enabled: c.prometheus_metrics_enabled.value,
                prometheus_metrics_port: c.prometheus_metrics_port.value,
                prometheus_go_metrics_enabled: c.prometheus_go_metrics_enabled.value,
                prometheus_process_metrics_enabled: c.prometheus_process_metrics_enabled.value,
                wireguard_enabled: c.wireguard_enabled.value,
                proxy_env,
                cpu_request: cpu_scalar(&c.cpu_request.value),
                bird_probe: bird.then_some(if ipv6 { "bird6" } else { "bird" }),
            },
            bgp: spec.bgp.as_ref().map(|b| Bgp {
                as_number: b.value.as_number,
                peer_selector: b
                    .value
                    .route_reflectors
                    .as_ref()
                    .map(|r| r.node_selector.as_str()),
            }),
            typha: typha.then_some(Typha {
                replicas: c.typha_replicas.value,
                metrics_enabled: c.typha_prometheus_metrics_enabled.value,
                metrics_port: c.typha_prometheus_metrics_port.value,
            }),
        })
    }
}

/// The placeholder install-cni replaces with the MTU: a bare token in the
/// JSON text (so the result is a JSON number), not a JSON string.
const MTU_PLACEHOLDER: &str = "__CNI_MTU__";

/// The CNI conflist: the `calico` plugin (IPAM by calico-ipam, or host-local
/// over the node's IPv6 pod CIDR on IPv6 clusters) chained with `portmap`
/// and, in the releases that have it, `bandwidth`.
pub(crate) fn cni_network_config(
    shape: &Shape,
    ipv6: bool,
    allow_ip_forwarding: bool,
) -> Result<String, RenderError> {
    let mut ipam = Map::new();
    ipam.insert("assign_ipv4".into(), json!((!ipv6).to_string()));
    ipam.insert("assign_ipv6".into(), json!(ipv6.to_string()));
    if ipv6 {
        ipam.insert("type".into(), json!("host-local"));
        ipam.insert("ranges".into(), json!([[{ "subnet": "usePodCidrIPv6" }]]));
    } else {
        ipam.insert("type".into(), json!("calico-ipam"));
    }

    let mut calico = Map::new();
    calico.insert("type".into(), json!("calico"));
    calico.insert("log_level".into(), json!("info"));
    calico.insert("log_file_path".into(), json!("/var/log/calico/cni/cni.log"));
    calico.insert("datastore_type".into(), json!("kubernetes"));
    calico.insert("nodename".into(), json!("__KUBERNETES_NODE_NAME__"));
    calico.insert("mtu".into(), json!(MTU_PLACEHOLDER));
    calico.insert("ipam".into(), Value::Object(ipam));
    if allow_ip_forwarding {
        calico.insert(
            "container_settings".into(),
            json!({ "allow_ip_forwarding": true }),
        );
    }
    calico.insert("policy".into(), json!({ "type": "k8s" }));
    calico.insert(
        "kubernetes".into(),
        json!({ "kubeconfig": "__KUBECONFIG_FILEPATH__" }),
    );

    let mut plugins = vec![
        Value::Object(calico),
        json!({ "type": "portmap", "snat": true, "capabilities": { "portMappings": true } }),
    ];
    if shape.cni_bandwidth {
        plugins.push(json!({ "type": "bandwidth", "capabilities": { "bandwidth": true } }));
    }
    let config = json!({
        "name": "k8s-pod-network",
        "cniVersion": shape.cni_version,
        "plugins": plugins,
    });
    let text = serde_json::to_string_pretty(&config).map_err(|e| RenderError::Template {
        template: "calico-config".into(),
        detail: format!("cni_network_config: {e}"),
    })?;
    let quoted = format!("\"{MTU_PLACEHOLDER}\"");
    if text.matches(&quoted).count() != 1 {
        return Err(RenderError::Template {
            template: "calico-config".into(),
            detail: "cni_network_config: the MTU placeholder is not there exactly once".into(),
        });
    }
    Ok(text.replacen(&quoted, MTU_PLACEHOLDER, 1))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn cpu_integers_stay_integers() {
        assert!(matches!(cpu_scalar("1"), Scalar::Int(1)));
        assert!(matches!(cpu_scalar("-2"), Scalar::Int(-2)));
        assert!(matches!(cpu_scalar("250m"), Scalar::Str(_)));
        assert!(matches!(cpu_scalar("1e3"), Scalar::Str(_)));
        assert!(matches!(cpu_scalar("007"), Scalar::Str(_)));
        assert!(matches!(cpu_scalar("+1"), Scalar::Str(_)));
        assert!(matches!(cpu_scalar("99999999999999999999"), Scalar::Str(_)));
    }

    #[test]
    fn cni_config_follows_the_release() {
        for facts in calico_release::RELEASES {
            let text = cni_network_config(facts.shape, false, false).unwrap();
            let json: Value = serde_json::from_str(&text.replace(MTU_PLACEHOLDER, "0")).unwrap();
            assert_eq!(json["cniVersion"], facts.shape.cni_version);
            let types: Vec<&str> = json["plugins"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["type"].as_str().unwrap())
                .collect();
            let want: &[&str] = if facts.release.minor() <= 29 {
                &["calico", "portmap", "bandwidth"]
            } else {
                &["calico", "portmap"]
            };
            assert_eq!(types, want, "{}", facts.release);
        }
    }

    #[test]
    fn cni_config_has_a_bare_mtu_placeholder() {
        let shape = calico_spec::Release::DEFAULT.facts().unwrap().shape;
        for (ipv6, fwd) in [(false, false), (true, false), (false, true)] {
            let text = cni_network_config(shape, ipv6, fwd).unwrap();
            assert!(text.contains("\"mtu\": __CNI_MTU__,"), "{text}");
            let json: Value = serde_json::from_str(&text.replace(MTU_PLACEHOLDER, "1440")).unwrap();
            let plugin = &json["plugins"][0];
            assert_eq!(plugin["mtu"], 1440);
            assert_eq!(plugin["ipam"]["assign_ipv6"], ipv6.to_string());
            assert_eq!(plugin.get("container_settings").is_some(), fwd);
            let keys: Vec<&String> = plugin.as_object().unwrap().keys().collect();
            let policy = keys.iter().position(|k| *k == "policy").unwrap();
            assert_eq!(
                keys[policy - 1],
                if fwd { "container_settings" } else { "ipam" }
            );
        }
    }
}
