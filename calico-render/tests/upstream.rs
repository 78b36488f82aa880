//! The upstream profile, field by field: each setting changes exactly what
//! Calico's documentation says to edit in `calico.yaml`, and nothing else.
//!
//! Every test renders the upstream profile's default spec and the same spec
//! with one setting, flattens both manifests (CRDs aside) into leaf paths
//! (list items with a `name` keyed by it), and requires the difference to be
//! exactly the edit. That the default itself is upstream's `calico.yaml`, and
//! each flavor upstream's file, is checked against the tags by
//! `tools/release-check/check.py --profile upstream` and held here by the
//! snapshots (`diff__upstream-*`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use serde_json::{json, Value};
use std::collections::BTreeMap;

const NODE: &str = "DaemonSet kube-system/calico-node .spec.template.spec";
const CONFIG: &str = "ConfigMap kube-system/calico-config .data";

/// A spec in the upstream profile: cluster-level lines, then the calico block.
fn spec(extra: &str, calico_flow: &str) -> String {
    format!("profile: upstream\n{extra}\nnetworking:\n  calico: {calico_flow}\n")
}

fn flat(yaml: &str) -> BTreeMap<String, Value> {
    common::flat(&common::render(yaml))
}

/// What the setting changes against the profile's default: path → (old, new).
fn delta(extra: &str, calico_flow: &str) -> BTreeMap<String, (Option<Value>, Option<Value>)> {
    let base = flat(&spec("", "{}"));
    let new = flat(&spec(extra, calico_flow));
    let mut out = BTreeMap::new();
    for path in base.keys().chain(new.keys()) {
        let (a, b) = (base.get(path), new.get(path));
        if a != b {
            out.insert(path.clone(), (a.cloned(), b.cloned()));
        }
    }
    out
}

/// `calico-node`'s env var `name` as a leaf path.
fn env(name: &str) -> String {
    format!("{NODE}.containers[calico-node].env[{name}].value")
}

/// The delta must be exactly `added` (new env values of calico-node) plus
/// `other` (path, old, new).
fn assert_edit(
    extra: &str,
    calico_flow: &str,
    added: &[(&str, &str)],
    other: &[(&str, Value, Value)],
) {
    let mut want = BTreeMap::new();
    for (name, value) in added {
        want.insert(env(name), (None, Some(json!(value))));
        want.insert(
            format!("{NODE}.containers[calico-node].env[{name}].name"),
            (None, Some(json!(name))),
        );
    }
    for (path, old, new) in other {
        let some = |v: &Value| (!v.is_null()).then(|| v.clone());
        want.insert(path.to_string(), (some(old), some(new)));
    }
    let got = delta(extra, calico_flow);
    assert_eq!(got, want, "{extra} {calico_flow}");
}

#[test]
fn defaults_write_nothing_calico_does_not() {
    let base = flat(&spec("", "{}"));
    for name in [
        "IP_AUTODETECTION_METHOD",
        "CALICO_IPV4POOL_CIDR",
        "FELIX_LOGSEVERITYSCREEN",
        "IP6",
    ] {
        assert!(!base.contains_key(&env(name)), "{name}");
    }
    assert_eq!(base[&env("CLUSTER_TYPE")], "k8s,bgp");
    assert_eq!(base[&env("CALICO_IPV4POOL_IPIP")], "Always");
}

#[test]
fn pod_cidr() {
    assert_edit(
        "podCIDR: 10.244.0.0/16",
        "{}",
        &[("CALICO_IPV4POOL_CIDR", "10.244.0.0/16")],
        &[],
    );
}

#[test]
fn cluster_cidr() {
    // kube-controller-manager's clusterCIDR wins over podCIDR.
    assert_edit(
        "podCIDR: 10.244.0.0/16\nkubeControllerManager: {clusterCIDR: 10.32.0.0/12}",
        "{}",
        &[("CALICO_IPV4POOL_CIDR", "10.32.0.0/12")],
        &[],
    );
}

#[test]
fn ipip_mode() {
    assert_edit(
        "",
        "{ipipMode: CrossSubnet}",
        &[],
        &[(
            &env("CALICO_IPV4POOL_IPIP"),
            json!("Always"),
            json!("CrossSubnet"),
        )],
    );
}

#[test]
fn encapsulation_mode() {
    // calico-vxlan.yaml: the backend, both VXLAN pools, no BIRD probes.
    assert_edit(
        "",
        "{encapsulationMode: vxlan}",
        &[],
        &[
            (
                &format!("{CONFIG}.calico_backend"),
                json!("bird"),
                json!("vxlan"),
            ),
            (
                &env("CALICO_IPV4POOL_IPIP"),
                json!("Always"),
                json!("Never"),
            ),
            (
                &env("CALICO_IPV4POOL_VXLAN"),
                json!("Never"),
                json!("CrossSubnet"),
            ),
            (
                &env("CALICO_IPV6POOL_VXLAN"),
                json!("Never"),
                json!("CrossSubnet"),
            ),
            (
                &format!("{NODE}.containers[calico-node].livenessProbe.exec.command[2]"),
                json!("-bird-live"),
                Value::Null,
            ),
            (
                &format!("{NODE}.containers[calico-node].readinessProbe.exec.command[2]"),
                json!("-bird-ready"),
                Value::Null,
            ),
        ],
    );
}

#[test]
fn vxlan_mode() {
    let d = delta("", "{encapsulationMode: vxlan, vxlanMode: Always}");
    assert_eq!(d[&env("CALICO_IPV4POOL_VXLAN")].1, Some(json!("Always")));
    assert_eq!(d[&env("CALICO_IPV6POOL_VXLAN")].1, Some(json!("Always")));
}

#[test]
fn mtu() {
    assert_edit(
        "",
        "{mtu: 8951}",
        &[],
        &[(&format!("{CONFIG}.veth_mtu"), json!("0"), json!("8951"))],
    );
}

#[test]
fn ipv4_auto_detection_method() {
    assert_edit(
        "",
        "{ipv4AutoDetectionMethod: 'interface=eth.*'}",
        &[("IP_AUTODETECTION_METHOD", "interface=eth.*")],
        &[],
    );
}

#[test]
fn ipv6_auto_detection_method() {
    assert_edit(
        "",
        "{ipv6AutoDetectionMethod: first-found}",
        &[("IP6_AUTODETECTION_METHOD", "first-found")],
        &[],
    );
}

#[test]
fn felix_settings() {
    for (field, value, var) in [
        ("awsSrcDstCheck", "Disable", "FELIX_AWSSRCDSTCHECK"),
        ("chainInsertMode", "append", "FELIX_CHAININSERTMODE"),
        ("iptablesBackend", "NFT", "FELIX_IPTABLESBACKEND"),
        ("nftablesMode", "Enabled", "FELIX_NFTABLESMODE"),
        ("logSeverityScreen", "debug", "FELIX_LOGSEVERITYSCREEN"),
        (
            "prometheusMetricsEnabled",
            "true",
            "FELIX_PROMETHEUSMETRICSENABLED",
        ),
        (
            "prometheusMetricsPort",
            "9191",
            "FELIX_PROMETHEUSMETRICSPORT",
        ),
        (
            "prometheusGoMetricsEnabled",
            "false",
            "FELIX_PROMETHEUSGOMETRICSENABLED",
        ),
        (
            "prometheusProcessMetricsEnabled",
            "false",
            "FELIX_PROMETHEUSPROCESSMETRICSENABLED",
        ),
        ("wireguardEnabled", "true", "FELIX_WIREGUARDENABLED"),
    ] {
        assert_edit("", &format!("{{{field}: {value}}}"), &[(var, value)], &[]);
    }
}

#[test]
fn bpf_settings() {
    let endpoint =
        "kubeProxy: {enabled: false}\nkubernetesServiceEndpoint: {host: 10.0.0.10, port: 6443}";
    let base = delta(endpoint, "{bpfEnabled: true}");
    for (field, value, var) in [
        (
            "bpfExternalServiceMode",
            "DSR",
            "FELIX_BPFEXTERNALSERVICEMODE",
        ),
        ("bpfLogLevel", "Debug", "FELIX_BPFLOGLEVEL"),
        (
            "bpfKubeProxyIptablesCleanupEnabled",
            "false",
            "FELIX_BPFKUBEPROXYIPTABLESCLEANUPENABLED",
        ),
    ] {
        let with = delta(endpoint, &format!("{{bpfEnabled: true, {field}: {value}}}"));
        let extra: BTreeMap<_, _> = with
            .iter()
            .filter(|(k, _)| !base.contains_key(*k))
            .collect();
        assert_eq!(extra.len(), 2, "{field}: {extra:?}");
        assert_eq!(with[&env(var)].1, Some(json!(value)), "{field}");
    }
}

#[test]
fn bpf_enabled() {
    // calico-bpf.yaml: the endpoint keys first in calico-config, read by the
    // two CNI init containers and calico-node; eBPF on; an unencapsulated pool.
    let d = delta(
        "kubeProxy: {enabled: false}\nkubernetesServiceEndpoint: {host: api.example.com, port: 443}",
        "{bpfEnabled: true}",
    );
    assert_eq!(
        d[&format!("{CONFIG}.kubernetes_service_host")].1,
        Some(json!("api.example.com"))
    );
    assert_eq!(
        d[&format!("{CONFIG}.kubernetes_service_port")].1,
        Some(json!("443"))
    );
    assert_eq!(d[&env("FELIX_BPFENABLED")].1, Some(json!("true")));
    assert_eq!(
        d[&env("CALICO_IPV4POOL_IPIP")],
        (Some(json!("Always")), Some(json!("Never")))
    );
    for container in [
        "initContainers[upgrade-ipam]",
        "initContainers[install-cni]",
        "containers[calico-node]",
    ] {
        let key = format!(
            "{NODE}.{container}.env[KUBERNETES_SERVICE_HOST].valueFrom.configMapKeyRef.key"
        );
        assert_eq!(
            d[&key].1,
            Some(json!("kubernetes_service_host")),
            "{container}"
        );
    }
    // 3 containers × 2 vars × 3 leaves, FELIX_BPFENABLED (2), 2 keys, the pool.
    assert_eq!(d.len(), 18 + 2 + 2 + 1, "{d:#?}");
    // No kOps endpoint ConfigMap.
    let m = common::render(&spec(
        "kubeProxy: {enabled: false}\nkubernetesServiceEndpoint: {host: a.b, port: 1}",
        "{bpfEnabled: true}",
    ));
    assert!(!common::identities(&m)
        .iter()
        .any(|i| i.contains("kubernetes-services-endpoint")));
}

#[test]
fn registry() {
    let d = delta("", "{registry: registry.example.com/mirror}");
    assert_eq!(d.len(), 5, "five image references: {d:#?}");
    assert!(d.values().all(|(_, new)| new
        .as_ref()
        .and_then(Value::as_str)
        .is_some_and(|s| s.starts_with("registry.example.com/mirror/calico/"))));
}

#[test]
fn version() {
    // The images follow; the registry default follows the release (docker.io before 3.31).
    let d = delta("", "{version: v3.30.7}");
    assert_eq!(
        d[&format!("{NODE}.containers[calico-node].image")].1,
        Some(json!("docker.io/calico/node:v3.30.7"))
    );
    let d = delta("", "{version: v3.31.7}");
    assert_eq!(
        d[&format!("{NODE}.containers[calico-node].image")].1,
        Some(json!("quay.io/calico/node:v3.31.7"))
    );
}

#[test]
fn cpu_request() {
    assert_edit(
        "",
        "{cpuRequest: 500m}",
        &[],
        &[(
            &format!("{NODE}.containers[calico-node].resources.requests.cpu"),
            json!("250m"),
            json!("500m"),
        )],
    );
}

#[test]
fn allow_ip_forwarding() {
    assert_edit(
        "",
        "{allowIPForwarding: true}",
        &[],
        &[(
            &format!("{CONFIG}.cni_network_config<json>.plugins[0].container_settings.allow_ip_forwarding"),
            Value::Null,
            json!(true),
        )],
    );
}

#[test]
fn typha_replicas() {
    let d = delta("", "{typhaReplicas: 3}");
    assert_eq!(
        d[&format!("{CONFIG}.typha_service_name")].1,
        Some(json!("calico-typha"))
    );
    assert_eq!(
        d["Deployment kube-system/calico-typha .spec.replicas"].1,
        Some(json!(3))
    );
    assert!(d.contains_key(
        &env("FELIX_TYPHAK8SSERVICENAME").replace(".value", ".valueFrom.configMapKeyRef.key")
    ));
    assert!(!d.keys().any(|k| k.contains("TYPHA_PROMETHEUS")));
}

#[test]
fn typha_prometheus_metrics() {
    let base = delta("", "{typhaReplicas: 1}");
    let with = delta(
        "",
        "{typhaReplicas: 1, typhaPrometheusMetricsEnabled: true, typhaPrometheusMetricsPort: 9193}",
    );
    let extra: Vec<_> = with.keys().filter(|k| !base.contains_key(*k)).collect();
    assert_eq!(extra.len(), 4, "{extra:?}");
    assert!(extra.iter().all(|k| k.contains("TYPHA_PROMETHEUSMETRICS")));
}

#[test]
fn policy_only() {
    let d = delta("policyOnly: true", "{}");
    assert_eq!(d[&env("CLUSTER_TYPE")].1, Some(json!("k8s")));
    assert_eq!(d[&env("CALICO_NETWORKING_BACKEND")].1, Some(json!("none")));
    assert_eq!(d[&env("CALICO_MANAGE_CNI")].1, Some(json!("false")));
    assert_eq!(d[&env("USE_POD_CIDR")].1, Some(json!("true")));
    assert_eq!(
        d[&format!("{CONFIG}.calico_backend")],
        (Some(json!("bird")), None)
    );
    let ipam = format!("{CONFIG}.cni_network_config<json>.plugins[0].ipam");
    assert_eq!(d[&format!("{ipam}.type")].1, Some(json!("host-local")));
    assert_eq!(d[&format!("{ipam}.subnet")].1, Some(json!("usePodCidr")));
    assert_eq!(
        d[&format!("{CONFIG}.cni_network_config<json>.plugins[0].mtu")].1,
        Some(json!(1500))
    );
    assert_eq!(
        d["Deployment kube-system/calico-typha .spec.replicas"].1,
        Some(json!(1))
    );
    for gone in [
        env("IP"),
        env("CALICO_IPV4POOL_IPIP"),
        env("FELIX_IPINIPMTU").replace(".value", ".valueFrom.configMapKeyRef.key"),
    ] {
        assert_eq!(d[&gone].1, None, "{gone}");
    }
    assert!(d.keys().any(|k| k.contains("initContainers[upgrade-ipam]")));
}

#[test]
fn ipv6() {
    // Calico's IPv6-only edits: IPAM assigns IPv6 only, IP none, IP6 autodetect,
    // hashed router IDs, IPv6 support, and the IPv6 pool from the pod CIDR.
    let d = delta("podCIDR: fd00:10:244::/64", "{}");
    let ipam = format!("{CONFIG}.cni_network_config<json>.plugins[0].ipam");
    assert_eq!(d[&format!("{ipam}.assign_ipv4")].1, Some(json!("false")));
    assert_eq!(d[&format!("{ipam}.assign_ipv6")].1, Some(json!("true")));
    assert_eq!(d[&env("IP")].1, Some(json!("none")));
    assert_eq!(d[&env("IP6")].1, Some(json!("autodetect")));
    assert_eq!(d[&env("CALICO_ROUTER_ID")].1, Some(json!("hash")));
    assert_eq!(d[&env("FELIX_IPV6SUPPORT")].1, Some(json!("true")));
    assert_eq!(
        d[&env("CALICO_IPV6POOL_CIDR")].1,
        Some(json!("fd00:10:244::/64"))
    );
    assert!(!d.contains_key(&env("CALICO_IPV4POOL_CIDR")));
    // nonMasqueradeCIDR says IPv6 just as well (no pool CIDR then).
    let d = delta("nonMasqueradeCIDR: ::/0", "{}");
    assert_eq!(d[&env("IP6")].1, Some(json!("autodetect")));
    assert!(!d.contains_key(&env("CALICO_IPV6POOL_CIDR")));
}

#[test]
fn kops_facts_are_not_used() {
    // The cluster name, cloud and egress proxy shape kOps's addon only.
    let kops_cluster = "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: demo.example.com\nspec:\n  profile: upstream\n  cloudProvider: aws\n  egressProxy: {httpProxy: {host: proxy.example.com}}\n  networking:\n    calico: {}\n";
    assert_eq!(flat(kops_cluster), flat(&spec("", "{}")));
    let warned: Vec<String> = common::resolve(kops_cluster)
        .warnings
        .iter()
        .map(|w| w.path.clone())
        .collect();
    assert_eq!(warned, ["spec.egressProxy", "spec.cloudProvider"]);
}

#[test]
fn profile_option_overrides_the_spec() {
    let options = calico_spec::Options::default().with_profile(calico_spec::Profile::Kops);
    let m = common::render_with(&spec("", "{}"), &options);
    let node = m
        .objects()
        .iter()
        .find(|o| o.kind == "DaemonSet")
        .unwrap()
        .value()
        .unwrap();
    let env = &node["spec"]["template"]["spec"]["containers"][0]["env"];
    assert!(env
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["value"] == "kops,bgp"));
}
