//! What the templates see: the resolved spec reduced to the values the
//! manifest prints, each already in its final form (strings for strings,
//! integers for integers). The templates make no decisions beyond
//! including or leaving out a block.

use crate::error::RenderError;
use crate::overlay::Overlay;
use calico_release::Shape;
use calico_spec::{Encapsulation, Profile, ResolvedSpec, Setting, Source};
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::borrow::Cow;

/// The template context.
#[derive(Serialize)]
pub(crate) struct Context<'a> {
    /// The shape of the release's manifest (the facts of its release).
    shape: &'static Shape,
    /// What the kOps version adds to or leaves out of Calico's manifest
    /// ([`Overlay::NONE`] in the upstream profile).
    kops: Overlay,
    /// IPv6-only cluster.
    ipv6: bool,
    /// Calico networks the pods (false: upstream's policy-only flavor).
    networking: bool,
    /// The eBPF dataplane is on (kOps: renders `kubernetes-services-endpoint`).
    bpf: bool,
    /// `KUBERNETES_SERVICE_HOST` for the eBPF dataplane (kOps).
    api_internal_name: &'a str,
    /// Upstream's eBPF flavor: the API server endpoint as `calico-config`
    /// keys, read by the CNI init containers and calico-node.
    service_endpoint: Option<Endpoint<'a>>,
    config: Config,
    images: Images,
    node: Node<'a>,
    /// Set when Typha runs.
    typha: Option<Typha<'a>>,
    /// Set when the spec has `bgp` (calico-render extension).
    bgp: Option<Bgp<'a>>,
    /// The operator profile's install.
    operator: Option<crate::operator::Install<'a>>,
}

/// An API server endpoint for calico-node: upstream's eBPF flavor's
/// `calico-config` keys, the operator's `kubernetes-services-endpoint`.
#[derive(Serialize)]
pub(crate) struct Endpoint<'a> {
    pub host: &'a str,
    pub port: String,
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
    /// `None` in the policy-only flavor (no Calico networking).
    calico_backend: Option<&'static str>,
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

/// The `calico-node` container's settings. An `Option` is written only
/// when set.
#[derive(Serialize)]
struct Node<'a> {
    cluster_type: &'static str,
    ip: &'static str,
    ip6: Option<&'static str>,
    ipv4_autodetection_method: Option<&'a str>,
    ipv6_autodetection_method: Option<&'a str>,
    ipv4_pool_ipip: &'static str,
    ipv4_pool_vxlan: &'static str,
    ipv6_pool_vxlan: &'static str,
    ipv4_pool_cidr: Option<&'a str>,
    ipv6_pool_cidr: Option<&'a str>,
    /// IPv6 only: BGP router IDs hashed from the node name.
    router_id_hash: bool,
    /// kOps on IPv6: no default pools (kops-controller hands out prefixes).
    no_default_pools: bool,
    /// host-local IPAM over the node's pod CIDR (kOps on IPv6, upstream's
    /// policy-only flavor).
    use_pod_cidr: bool,
    /// The `upgrade-ipam` init container and its `host-local-net-dir`.
    upgrade_ipam: bool,
    /// `FELIX_IPV6SUPPORT`.
    ipv6_support: bool,
    /// The Felix settings after the manifest's own env.
    felix: Felix<'a>,
    /// Then kOps's egress-proxy variables.
    proxy_env: Vec<EnvVar<'a>>,
    cpu_request: Scalar,
    /// `bird` (IPv4) or `bird6` (IPv6) when BIRD runs: adds the
    /// `-bird-live` / `-bird-ready` probe flags.
    bird_probe: Option<&'static str>,
    /// kOps: the `metrics` container port, when Felix serves metrics.
    metrics_port: Option<i32>,
}

/// The `FELIX_*` settings written after the manifest's own env (where
/// kOps adds them, and where upstream's docs add settings): every one in
/// the kOps profile, only those the spec sets in the upstream profile.
/// `None` is not written.
#[derive(Serialize)]
struct Felix<'a> {
    aws_src_dst_check: Option<Cow<'a, str>>,
    bpf_enabled: Option<Cow<'a, str>>,
    bpf_external_service_mode: Option<Cow<'a, str>>,
    bpf_kube_proxy_iptables_cleanup_enabled: Option<Cow<'a, str>>,
    bpf_log_level: Option<Cow<'a, str>>,
    chain_insert_mode: Option<Cow<'a, str>>,
    iptables_backend: Option<Cow<'a, str>>,
    nftables_mode: Option<Cow<'a, str>>,
    log_severity_screen: Option<Cow<'a, str>>,
    prometheus_metrics_enabled: Option<Cow<'a, str>>,
    prometheus_metrics_port: Option<Cow<'a, str>>,
    prometheus_go_metrics_enabled: Option<Cow<'a, str>>,
    prometheus_process_metrics_enabled: Option<Cow<'a, str>>,
    wireguard_enabled: Option<Cow<'a, str>>,
}

#[derive(Serialize)]
struct EnvVar<'a> {
    name: &'static str,
    value: Cow<'a, str>,
}

/// Typha's Deployment settings.
#[derive(Serialize)]
struct Typha<'a> {
    replicas: i32,
    /// `TYPHA_PROMETHEUSMETRICSENABLED` and `..PORT`: both in the kOps
    /// profile, those the spec sets in the upstream profile.
    metrics_enabled: Option<Cow<'a, str>>,
    metrics_port_env: Option<Cow<'a, str>>,
    /// kOps: the `metrics` container port, when Typha serves metrics.
    metrics_port: Option<i32>,
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

/// Which settings a profile writes: kOps's template writes every one of
/// them; upstream's manifest only those the spec names (the others keep
/// Calico's default).
#[derive(Clone, Copy)]
struct Writes {
    kops: bool,
}

impl Writes {
    fn any<T>(self, s: &Setting<T>) -> Option<&T> {
        (self.kops || s.source != Source::CalicoDefault).then_some(&s.value)
    }
}

fn text<T: ToString>(v: &T) -> Cow<'static, str> {
    Cow::Owned(v.to_string())
}

impl<'a> Context<'a> {
    pub(crate) fn new(spec: &'a ResolvedSpec, shape: &'static Shape) -> Result<Self, RenderError> {
        let c = &spec.calico;
        let kops = spec.profile.value == Profile::Kops;
        let writes = Writes { kops };
        let ipv6 = spec.ipv6_only.value;
        let typha = spec.typha_enabled();
        let networking = !spec.policy_only.value;
        let bpf = c.bpf_enabled.value;
        let overlay = if kops {
            Overlay::of(spec.kops_version)
        } else {
            Overlay::NONE
        };
        let image =
            |name: &str| format!("{}/calico/{}:{}", c.registry.value, name, c.image_tag.value);

        let s = |v: &'a Setting<String>| writes.any(v).map(|x| Cow::Borrowed(x.as_str()));
        let felix = Felix {
            aws_src_dst_check: s(&c.aws_src_dst_check),
            // Upstream's eBPF flavor writes FELIX_BPFENABLED first of all.
            bpf_enabled: kops.then(|| text(&c.bpf_enabled.value)),
            bpf_external_service_mode: s(&c.bpf_external_service_mode),
            bpf_kube_proxy_iptables_cleanup_enabled: writes
                .any(&c.bpf_kube_proxy_iptables_cleanup_enabled)
                .map(text),
            bpf_log_level: s(&c.bpf_log_level),
            chain_insert_mode: s(&c.chain_insert_mode),
            iptables_backend: s(&c.iptables_backend),
            // Written only when set and non-empty (kOps's `if`), and only
            // by the kOps lines that know the field.
            nftables_mode: c
                .nftables_mode
                .value
                .as_deref()
                .filter(|m| overlay.nftables_mode && !m.is_empty())
                .map(Cow::Borrowed),
            log_severity_screen: s(&c.log_severity_screen),
            prometheus_metrics_enabled: writes.any(&c.prometheus_metrics_enabled).map(text),
            prometheus_metrics_port: writes.any(&c.prometheus_metrics_port).map(text),
            prometheus_go_metrics_enabled: writes.any(&c.prometheus_go_metrics_enabled).map(text),
            prometheus_process_metrics_enabled: writes
                .any(&c.prometheus_process_metrics_enabled)
                .map(text),
            wireguard_enabled: writes.any(&c.wireguard_enabled).map(text),
        };

        let bird = networking && c.encapsulation_mode.value == Encapsulation::Ipip;
        let non_empty = |v: &'a str| (!v.is_empty()).then_some(v);
        let autodetect = |v: &'a Setting<String>| writes.any(v).map(String::as_str);
        let cluster_type = match (kops, networking) {
            (true, _) => "kops,bgp",
            (false, true) => "k8s,bgp",
            (false, false) => "k8s",
        };
        let ipam = if !networking {
            json!({ "type": "host-local", "subnet": "usePodCidr" })
        } else if kops && ipv6 {
            json!({ "assign_ipv4": "false", "assign_ipv6": "true", "type": "host-local",
                    "ranges": [[{ "subnet": "usePodCidrIPv6" }]] })
        } else if kops {
            json!({ "assign_ipv4": "true", "assign_ipv6": "false", "type": "calico-ipam" })
        } else if ipv6 {
            // Calico's documented edit for IPv6-only clusters.
            json!({ "type": "calico-ipam", "assign_ipv4": "false", "assign_ipv6": "true" })
        } else {
            json!({ "type": "calico-ipam" })
        };
        // Policy-only's CNI config carries a literal MTU (1500 unless set).
        let cni_mtu = if networking {
            None
        } else {
            Some(if c.mtu.value > 0 { c.mtu.value } else { 1500 })
        };
        Ok(Context {
            shape,
            kops: overlay,
            ipv6,
            networking,
            bpf,
            api_internal_name: &spec.api_internal_name.value,
            service_endpoint: if kops || !bpf {
                None
            } else {
                spec.service_endpoint.as_ref().map(|e| Endpoint {
                    host: &e.value.host,
                    port: e.value.port.to_string(),
                })
            },
            config: Config {
                typha_service_name: if typha { "calico-typha" } else { "none" },
                calico_backend: networking.then(|| spec.calico_backend()),
                veth_mtu: c.mtu.value.to_string(),
                cni_network_config: cni_network_config(
                    shape,
                    ipam,
                    cni_mtu,
                    c.allow_ip_forwarding.value,
                )?,
            },
            images: Images {
                cni: image("cni"),
                node: image("node"),
                kube_controllers: image("kube-controllers"),
                typha: image("typha"),
            },
            node: Node {
                cluster_type,
                ip: if ipv6 { "none" } else { "autodetect" },
                ip6: if kops || ipv6 {
                    Some(if ipv6 { "autodetect" } else { "none" })
                } else {
                    None
                },
                ipv4_autodetection_method: autodetect(&c.ipv4_auto_detection_method),
                ipv6_autodetection_method: autodetect(&c.ipv6_auto_detection_method),
                ipv4_pool_ipip: c.ipv4_pool_ipip_mode.value.as_str(),
                ipv4_pool_vxlan: c.ipv4_pool_vxlan_mode.value.as_str(),
                ipv6_pool_vxlan: c.ipv6_pool_vxlan_mode.value.as_str(),
                ipv4_pool_cidr: if kops {
                    (!ipv6).then_some(spec.ipv4_pool_cidr.value.as_str())
                } else {
                    non_empty(&spec.ipv4_pool_cidr.value)
                },
                ipv6_pool_cidr: non_empty(&spec.ipv6_pool_cidr.value),
                router_id_hash: ipv6,
                no_default_pools: kops && ipv6,
                use_pod_cidr: (kops && ipv6) || !networking,
                upgrade_ipam: if kops { !ipv6 } else { networking },
                ipv6_support: ipv6,
                felix,
                proxy_env: proxy_env(spec),
                cpu_request: cpu_scalar(&c.cpu_request.value),
                // kOps probes BIRD6 on IPv6; Calico's IPv6 guide leaves the
                // probes as they are (calico-node runs both BIRDs).
                bird_probe: bird.then_some(if ipv6 && kops { "bird6" } else { "bird" }),
                metrics_port: (kops && c.prometheus_metrics_enabled.value)
                    .then_some(c.prometheus_metrics_port.value),
            },
            bgp: spec.bgp.as_ref().map(|b| Bgp {
                as_number: b.value.as_number,
                peer_selector: b
                    .value
                    .route_reflectors
                    .as_ref()
                    .map(|r| r.node_selector.as_str()),
            }),
            operator: match spec.profile.value {
                Profile::Operator => Some(crate::operator::Install::new(spec)?),
                _ => None,
            },
            typha: typha.then(|| Typha {
                replicas: c.typha_replicas.value,
                metrics_enabled: writes.any(&c.typha_prometheus_metrics_enabled).map(text),
                metrics_port_env: writes.any(&c.typha_prometheus_metrics_port).map(text),
                metrics_port: (kops && c.typha_prometheus_metrics_enabled.value)
                    .then_some(c.typha_prometheus_metrics_port.value),
            }),
        })
    }
}

/// kOps's egress-proxy variables, in its (byte-sorted) order.
fn proxy_env(spec: &ResolvedSpec) -> Vec<EnvVar<'_>> {
    let mut env = Vec::new();
    if let Some(proxy) = &spec.egress_proxy {
        if let Some(url) = &proxy.value.url {
            for name in ["http_proxy", "https_proxy"] {
                env.push(EnvVar {
                    name,
                    value: Cow::Borrowed(url),
                });
            }
        }
        if let Some(excludes) = &proxy.value.no_proxy {
            for name in ["no_proxy", "NO_PROXY"] {
                env.push(EnvVar {
                    name,
                    value: Cow::Borrowed(excludes),
                });
            }
        }
    }
    // kOps ranges over a Go map: keys in byte order (upper case first).
    env.sort_by(|a, b| a.name.cmp(b.name));
    env
}

/// The placeholder install-cni replaces with the MTU: a bare token in the
/// JSON text (so the result is a JSON number), not a JSON string.
const MTU_PLACEHOLDER: &str = "__CNI_MTU__";

/// The CNI conflist: the `calico` plugin (with the profile's IPAM, and
/// the MTU placeholder unless `mtu` is a literal) chained with `portmap`
/// and, in the releases that have it, `bandwidth`.
pub(crate) fn cni_network_config(
    shape: &Shape,
    ipam: Value,
    mtu: Option<i32>,
    allow_ip_forwarding: bool,
) -> Result<String, RenderError> {
    let mut calico = Map::new();
    calico.insert("type".into(), json!("calico"));
    calico.insert("log_level".into(), json!("info"));
    calico.insert("log_file_path".into(), json!("/var/log/calico/cni/cni.log"));
    calico.insert("datastore_type".into(), json!("kubernetes"));
    calico.insert("nodename".into(), json!("__KUBERNETES_NODE_NAME__"));
    calico.insert(
        "mtu".into(),
        match mtu {
            Some(m) => json!(m),
            None => json!(MTU_PLACEHOLDER),
        },
    );
    calico.insert("ipam".into(), ipam);
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
    if text.matches(&quoted).count() != usize::from(mtu.is_none()) {
        return Err(RenderError::Template {
            template: "calico-config".into(),
            detail: "cni_network_config: the MTU placeholder is not there exactly once (or, with a literal MTU, at all)".into(),
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
            let text = cni_network_config(facts.shape, json!({"type": "calico-ipam"}), None, false)
                .unwrap();
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
            let ipam = json!({"assign_ipv6": ipv6.to_string()});
            let text = cni_network_config(shape, ipam, None, fwd).unwrap();
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

    #[test]
    fn cni_config_can_carry_a_literal_mtu() {
        let shape = calico_spec::Release::DEFAULT.facts().unwrap().shape;
        let ipam = json!({"type": "host-local", "subnet": "usePodCidr"});
        let text = cni_network_config(shape, ipam, Some(1500), false).unwrap();
        let json: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["plugins"][0]["mtu"], 1500);
        assert_eq!(json["plugins"][0]["ipam"]["type"], "host-local");
    }
}
