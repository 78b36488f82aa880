//! `explain`: every effective setting of a resolved spec, its value and
//! where it came from, as rows.

use crate::resolved::{
    CloudProvider, Encapsulation, PoolMode, Profile, ResolvedSpec, Source, DEFAULT_AS_NUMBER,
};
use crate::sizing;
use serde::Serialize;
use serde_json::{json, Value};

/// One row of `explain`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExplainedSetting {
    /// The setting's path.
    pub path: String,
    /// Its effective value.
    pub value: serde_json::Value,
    /// Where the value came from.
    pub source: Source,
}

impl ResolvedSpec {
    /// The effective settings as (path, value, source) rows, for `explain`.
    pub fn explain(&self) -> Vec<ExplainedSetting> {
        let mut rows = Vec::new();
        let mut push = |path: &str, value: serde_json::Value, source: Source| {
            rows.push(ExplainedSetting {
                path: path.to_string(),
                value,
                source,
            })
        };
        macro_rules! row {
            ($path:expr, $setting:expr) => {
                push($path, $setting.value.explained(), $setting.source)
            };
        }
        push(
            "(rendered) Calico release",
            Value::from(self.release.value.to_string()),
            self.release.source,
        );
        push(
            "spec.profile",
            Value::from(self.profile.value.as_str()),
            self.profile.source,
        );
        let endpoint_row = |push: &mut dyn FnMut(&str, Value, Source)| {
            push(
                "spec.kubernetesServiceEndpoint",
                self.service_endpoint.as_ref().map_or(
                    Value::Null,
                    |e| json!({"host": e.value.host, "port": e.value.port}),
                ),
                self.service_endpoint
                    .as_ref()
                    .map_or(Source::Unset, |e| e.source),
            )
        };
        // The operator profile installs the kOps cluster: kOps's facts hold.
        let kops = self.profile.value != Profile::Upstream;
        if kops {
            row!("metadata.name", self.cluster_name);
            row!("spec.cloudProvider", self.cloud_provider);
        }
        row!("spec.nonMasqueradeCIDR", self.non_masquerade_cidr);
        row!("(derived) ipv6Only", self.ipv6_only);
        if kops {
            row!("spec.networkCIDR", self.network_cidr);
        }
        row!("spec.podCIDR", self.pod_cidr);
        row!(
            "spec.kubeControllerManager.clusterCIDR",
            self.ipv4_pool_cidr
        );
        if !kops {
            row!(
                "spec.kubeControllerManager.clusterCIDR (CALICO_IPV6POOL_CIDR)",
                self.ipv6_pool_cidr
            );
            row!("spec.policyOnly", self.policy_only);
            endpoint_row(&mut push);
        } else {
            row!("(derived) apiInternalName", self.api_internal_name);
            if self.profile.value == Profile::Operator {
                endpoint_row(&mut push);
            }
        }
        row!("spec.kubeProxy.enabled", self.kube_proxy_enabled);
        if let Some(p) = &self.egress_proxy {
            push(
                "spec.egressProxy.httpProxy (http_proxy)",
                p.value.url.explained(),
                p.source,
            );
            push(
                "spec.egressProxy.excludes (no_proxy)",
                p.value.no_proxy.explained(),
                p.source,
            );
        }
        let c = &self.calico;
        let p = "spec.networking.calico.";
        row!(&format!("{p}registry"), c.registry);
        row!(&format!("{p}version"), c.image_tag);
        row!(&format!("{p}allowIPForwarding"), c.allow_ip_forwarding);
        row!(&format!("{p}awsSrcDstCheck"), c.aws_src_dst_check);
        row!(&format!("{p}bpfEnabled"), c.bpf_enabled);
        row!(
            &format!("{p}bpfExternalServiceMode"),
            c.bpf_external_service_mode
        );
        row!(
            &format!("{p}bpfKubeProxyIptablesCleanupEnabled"),
            c.bpf_kube_proxy_iptables_cleanup_enabled
        );
        row!(&format!("{p}bpfLogLevel"), c.bpf_log_level);
        row!(&format!("{p}chainInsertMode"), c.chain_insert_mode);
        row!(&format!("{p}cpuRequest"), c.cpu_request);
        row!(&format!("{p}encapsulationMode"), c.encapsulation_mode);
        push(
            "(derived) calicoBackend",
            Value::from(self.calico_backend()),
            Source::Derived,
        );
        row!(
            &format!("{p}ipipMode (CALICO_IPV4POOL_IPIP)"),
            c.ipv4_pool_ipip_mode
        );
        row!(
            &format!("{p}vxlanMode (CALICO_IPV4POOL_VXLAN)"),
            c.ipv4_pool_vxlan_mode
        );
        row!(
            &format!("{p}vxlanMode (CALICO_IPV6POOL_VXLAN)"),
            c.ipv6_pool_vxlan_mode
        );
        row!(
            &format!("{p}ipv4AutoDetectionMethod"),
            c.ipv4_auto_detection_method
        );
        row!(
            &format!("{p}ipv6AutoDetectionMethod"),
            c.ipv6_auto_detection_method
        );
        row!(&format!("{p}iptablesBackend"), c.iptables_backend);
        row!(&format!("{p}logSeverityScreen"), c.log_severity_screen);
        row!(&format!("{p}mtu"), c.mtu);
        row!(&format!("{p}nftablesMode"), c.nftables_mode);
        row!(
            &format!("{p}prometheusMetricsEnabled"),
            c.prometheus_metrics_enabled
        );
        row!(
            &format!("{p}prometheusMetricsPort"),
            c.prometheus_metrics_port
        );
        row!(
            &format!("{p}prometheusGoMetricsEnabled"),
            c.prometheus_go_metrics_enabled
        );
        row!(
            &format!("{p}prometheusProcessMetricsEnabled"),
            c.prometheus_process_metrics_enabled
        );
        row!(
            &format!("{p}typhaPrometheusMetricsEnabled"),
            c.typha_prometheus_metrics_enabled
        );
        row!(
            &format!("{p}typhaPrometheusMetricsPort"),
            c.typha_prometheus_metrics_port
        );
        row!(&format!("{p}typhaReplicas"), c.typha_replicas);
        row!(&format!("{p}wireguardEnabled"), c.wireguard_enabled);
        if let Some(n) = &self.node_count {
            row!("spec.nodeCount", n);
        }
        if let Some(h) = &self.host_mtu {
            row!("spec.hostMTU", h);
        }
        let as_number = self.bgp.as_ref().and_then(|b| b.value.as_number);
        match (as_number, &self.bgp) {
            (Some(n), Some(b)) => push("spec.bgp.asNumber", n.into(), b.source),
            _ => push(
                "spec.bgp.asNumber",
                DEFAULT_AS_NUMBER.into(),
                Source::ExtensionDefault,
            ),
        }
        let reflectors = self
            .bgp
            .as_ref()
            .and_then(|b| b.value.route_reflectors.as_ref());
        push(
            "spec.bgp.routeReflectors",
            reflectors.map_or(
                Value::Null,
                |r| json!({"nodeSelector": r.node_selector, "clusterID": r.cluster_id}),
            ),
            self.bgp.as_ref().map_or(Source::Unset, |b| b.source),
        );
        if let Some(n) = &self.node_count {
            let what = if self.profile.value == Profile::Operator {
                "(advice) Typha replicas the operator runs for"
            } else {
                "(advice) typhaReplicas for"
            };
            push(
                &format!("{what} {} nodes", n.value),
                Value::from(sizing::typha_replicas_for(n.value)),
                Source::Derived,
            );
        }
        if let Some(h) = &self.host_mtu {
            push(
                &format!("(advice) mtu for hostMTU {}", h.value),
                Value::from(sizing::pod_mtu_for(
                    h.value,
                    c.encapsulation_mode.value,
                    c.wireguard_enabled.value,
                    self.ipv6_only.value,
                )),
                Source::Derived,
            );
        }
        rows
    }
}

/// A setting's value as `explain` shows it (what serde would write, made
/// without a fallible conversion).
trait Explained {
    fn explained(&self) -> Value;
}

macro_rules! explained_via_from {
    ($($t:ty),*) => {$(
        impl Explained for $t {
            fn explained(&self) -> Value {
                Value::from(self.clone())
            }
        }
    )*};
}
explained_via_from!(String, bool, i32, u32, u64);

macro_rules! explained_as_str {
    ($($t:ty),*) => {$(
        impl Explained for $t {
            fn explained(&self) -> Value {
                Value::from(self.as_str())
            }
        }
    )*};
}
explained_as_str!(Encapsulation, PoolMode, CloudProvider);

impl<T: Explained> Explained for Option<T> {
    fn explained(&self) -> Value {
        self.as_ref().map_or(Value::Null, Explained::explained)
    }
}
