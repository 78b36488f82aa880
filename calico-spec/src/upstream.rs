//! Defaulting for the upstream profile: the values Calico's own published
//! manifests write, and for everything else Calico's built-in defaults.
//!
//! Upstream's manifests are `calico.yaml` edited for a cluster, as Calico's
//! documentation says: a setting the spec names is written (an env var, a
//! ConfigMap key); a setting it does not name is either what the published
//! manifest writes ([`Source::UpstreamManifest`]) or not written at all,
//! so that Calico's own default applies ([`Source::CalicoDefault`], with
//! that default as the value, for `explain`). kOps's defaults (cross-subnet
//! IP-in-IP, the cloud rules, the `FELIX_*` values its template always
//! writes) play no part.

use crate::defaults::{non_empty, Context};
use crate::felix_defaults as felix;
use crate::model::CalicoSpec;
use crate::resolved::*;

/// The Calico settings of the upstream profile.
///
/// The flavor follows from the spec the way upstream's chart switches
/// compose: `encapsulationMode: vxlan` is `calico-vxlan.yaml` (VXLAN
/// cross-subnet, no BGP); `bpfEnabled` is `calico-bpf.yaml` (an
/// unencapsulated pool unless the spec asks for encapsulation); Typha
/// replicas are `calico-typha.yaml`; `policyOnly` is
/// `calico-policy-only.yaml` (Typha with one replica unless the spec says
/// otherwise; no pools).
pub(crate) fn complete_calico(
    c: &CalicoSpec,
    ctx: &Context,
    image_tag: Setting<String>,
    upstream_registry: &str,
    policy_only: bool,
) -> ResolvedCalico {
    let user = |v: &Option<String>| non_empty(v).map(str::to_string);
    // A string setting the spec names, else Calico's default (not written).
    let felix = |v: &Option<String>, calico_default: &str| match user(v) {
        Some(s) => Setting::new(s, Source::User),
        None => Setting::new(calico_default.to_string(), Source::CalicoDefault),
    };
    let flag = |v: Option<bool>| match v {
        Some(b) => Setting::new(b, Source::User),
        None => Setting::new(false, Source::CalicoDefault),
    };
    let port = |v: Option<i32>, calico_default: i32| match v {
        Some(p) if p != 0 => Setting::new(p, Source::User),
        _ => Setting::new(calico_default, Source::CalicoDefault),
    };
    let registry = match user(&c.registry) {
        Some(r) => Setting::new(r, Source::User),
        None => Setting::new(upstream_registry.to_string(), Source::UpstreamManifest),
    };

    let bpf = flag(c.bpf_enabled);
    let user_mode = |v: &Option<String>| user(v).and_then(|s| PoolMode::parse(&s));
    let encapsulation = match user(&c.encapsulation_mode).as_deref() {
        Some("vxlan") => Setting::new(Encapsulation::Vxlan, Source::User),
        Some("none") => Setting::new(Encapsulation::None, Source::User),
        Some(_) => Setting::new(Encapsulation::Ipip, Source::User),
        None => Setting::new(Encapsulation::Ipip, Source::UpstreamManifest),
    };
    let never = || Setting::new(PoolMode::Never, Source::Derived);
    let (ipip, vxlan4, vxlan6) = match encapsulation.value {
        Encapsulation::Ipip => {
            let ipip = match user_mode(&c.ipip_mode) {
                Some(m) => Setting::new(m, Source::User),
                // calico-bpf.yaml: an unencapsulated pool, unless asked.
                None if bpf.value && encapsulation.source != Source::User => {
                    Setting::new(PoolMode::Never, Source::UpstreamManifest)
                }
                None => Setting::new(PoolMode::Always, Source::UpstreamManifest),
            };
            (ipip, never(), never())
        }
        Encapsulation::Vxlan => {
            let mode = match user_mode(&c.vxlan_mode) {
                Some(m) => Setting::new(m, Source::User),
                None => Setting::new(PoolMode::CrossSubnet, Source::UpstreamManifest),
            };
            (never(), mode.clone(), mode)
        }
        Encapsulation::None => (never(), never(), never()),
    };
    let (v4_auto, v6_auto) = if ctx.ipv6_only {
        ("none", "first-found")
    } else {
        ("first-found", "none")
    };

    ResolvedCalico {
        registry,
        image_tag,
        allow_ip_forwarding: flag(c.allow_ip_forwarding),
        aws_src_dst_check: felix(&c.aws_src_dst_check, felix::AWS_SRC_DST_CHECK),
        bpf_enabled: bpf,
        bpf_external_service_mode: felix(
            &c.bpf_external_service_mode,
            felix::BPF_EXTERNAL_SERVICE_MODE,
        ),
        bpf_kube_proxy_iptables_cleanup_enabled: match c.bpf_kube_proxy_iptables_cleanup_enabled {
            Some(b) => Setting::new(b, Source::User),
            None => Setting::new(
                felix::BPF_KUBE_PROXY_IPTABLES_CLEANUP_ENABLED,
                Source::CalicoDefault,
            ),
        },
        bpf_log_level: felix(&c.bpf_log_level, felix::BPF_LOG_LEVEL),
        chain_insert_mode: felix(&c.chain_insert_mode, felix::CHAIN_INSERT_MODE),
        cpu_request: match &c.cpu_request {
            Some(q) => Setting::new(q.to_string(), Source::User),
            None => Setting::new("250m".to_string(), Source::UpstreamManifest),
        },
        encapsulation_mode: encapsulation,
        ipv4_pool_ipip_mode: ipip,
        ipv4_pool_vxlan_mode: vxlan4,
        ipv6_pool_vxlan_mode: vxlan6,
        ipv4_auto_detection_method: felix(&c.ipv4_auto_detection_method, v4_auto),
        ipv6_auto_detection_method: felix(&c.ipv6_auto_detection_method, v6_auto),
        iptables_backend: felix(&c.iptables_backend, felix::IPTABLES_BACKEND),
        log_severity_screen: felix(&c.log_severity_screen, felix::LOG_SEVERITY_SCREEN),
        // `veth_mtu` "0" (detect) in every flavor; policy-only's CNI config
        // has its own literal 1500 (see calico-render), which `mtu` sets.
        mtu: match c.mtu {
            Some(m) => Setting::new(m, Source::User),
            None => Setting::new(0, Source::UpstreamManifest),
        },
        nftables_mode: match user(&c.nftables_mode) {
            Some(m) => Setting::new(Some(m), Source::User),
            None => Setting::new(None, Source::CalicoDefault),
        },
        prometheus_metrics_enabled: flag(c.prometheus_metrics_enabled),
        prometheus_metrics_port: port(c.prometheus_metrics_port, felix::PROMETHEUS_METRICS_PORT),
        prometheus_go_metrics_enabled: match c.prometheus_go_metrics_enabled {
            Some(b) => Setting::new(b, Source::User),
            None => Setting::new(felix::PROMETHEUS_GO_METRICS_ENABLED, Source::CalicoDefault),
        },
        prometheus_process_metrics_enabled: match c.prometheus_process_metrics_enabled {
            Some(b) => Setting::new(b, Source::User),
            None => Setting::new(
                felix::PROMETHEUS_PROCESS_METRICS_ENABLED,
                Source::CalicoDefault,
            ),
        },
        typha_prometheus_metrics_enabled: flag(c.typha_prometheus_metrics_enabled),
        typha_prometheus_metrics_port: port(
            c.typha_prometheus_metrics_port,
            felix::TYPHA_PROMETHEUS_METRICS_PORT,
        ),
        typha_replicas: match c.typha_replicas {
            Some(n) => Setting::new(n, Source::User),
            None if policy_only => Setting::new(1, Source::UpstreamManifest),
            None => Setting::new(0, Source::UpstreamManifest),
        },
        wireguard_enabled: flag(c.wireguard_enabled),
    }
}
