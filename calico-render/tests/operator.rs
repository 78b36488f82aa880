//! The operator profile, field by field: each setting of the spec changes
//! exactly the Installation (or FelixConfiguration, or endpoint ConfigMap)
//! field the README's table says, and nothing else.
//!
//! Every test renders the profile's default spec and the same spec with one
//! setting, flattens both manifests into leaf paths (list items with a
//! `name` keyed by it) and requires the difference to be exactly the edit.
//! That the install equals upstream's `tigera-operator.yaml`, and the
//! APIServer, Goldmane and Whisker its `custom-resources.yaml`, is checked
//! against the tags by `tools/release-check/check.py --profile operator`
//! and held here by the snapshots (`operator-*`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use serde_json::{json, Value};
use std::collections::BTreeMap;

const NETWORK: &str = "Installation default .spec.calicoNetwork";
const POOL: &str = "Installation default .spec.calicoNetwork.ipPools[default-ipv4-ippool]";
const FELIX: &str = "FelixConfiguration default .spec";
const ENDPOINT: &str = "ConfigMap tigera-operator/kubernetes-services-endpoint .data";

/// A spec in the operator profile: cluster-level lines, then the calico block.
fn spec(extra: &str, calico_flow: &str) -> String {
    format!("profile: operator\n{extra}\nnetworking:\n  calico: {calico_flow}\n")
}

fn flat(yaml: &str) -> BTreeMap<String, Value> {
    common::flat(&common::render(yaml))
}

type Delta = BTreeMap<String, (Option<Value>, Option<Value>)>;

/// Leaves that only name what holds them: an object's identity, and the
/// `name` of a list item keyed by it.
fn naming(path: &str) -> bool {
    [
        " .apiVersion",
        " .kind",
        " .metadata.name",
        " .metadata.namespace",
        "].name",
    ]
    .iter()
    .any(|end| path.ends_with(end))
}

/// What `(extra, calico_flow)` changes against `base`: path → (old, new),
/// naming leaves aside.
fn delta_from(base: (&str, &str), extra: &str, calico_flow: &str) -> Delta {
    let old = flat(&spec(base.0, base.1));
    let new = flat(&spec(extra, calico_flow));
    let mut out = BTreeMap::new();
    for path in old.keys().chain(new.keys()).filter(|p| !naming(p)) {
        let (a, b) = (old.get(path), new.get(path));
        if a != b {
            out.insert(path.clone(), (a.cloned(), b.cloned()));
        }
    }
    out
}

/// The delta from `base` must be exactly `edits` (path, old, new; null for
/// absent).
fn assert_edit_from<P: AsRef<str>>(
    base: (&str, &str),
    extra: &str,
    calico_flow: &str,
    edits: &[(P, Value, Value)],
) {
    let some = |v: &Value| (!v.is_null()).then(|| v.clone());
    let want: Delta = edits
        .iter()
        .map(|(path, old, new)| (path.as_ref().to_string(), (some(old), some(new))))
        .collect();
    assert_eq!(
        delta_from(base, extra, calico_flow),
        want,
        "{extra} {calico_flow}"
    );
}

/// The setting writes nothing: the same manifest as the default spec.
fn assert_unchanged(extra: &str, calico_flow: &str) {
    assert_edit::<&str>(extra, calico_flow, &[]);
}

/// The delta from the default spec.
fn assert_edit<P: AsRef<str>>(extra: &str, calico_flow: &str, edits: &[(P, Value, Value)]) {
    assert_edit_from(("", "{}"), extra, calico_flow, edits);
}

fn pool(field: &str) -> String {
    format!("{POOL}.{field}")
}

fn net(field: &str) -> String {
    format!("{NETWORK}.{field}")
}

fn felix(field: &str) -> String {
    format!("{FELIX}.{field}")
}

#[test]
fn the_default_is_kops_default_cluster() {
    let base = flat(&spec("", "{}"));
    assert_eq!(base[&pool("cidr")], "100.96.0.0/11");
    assert_eq!(base[&pool("encapsulation")], "IPIPCrossSubnet");
    assert_eq!(base[&pool("blockSize")], 26);
    assert_eq!(base[&pool("natOutgoing")], "Enabled");
    assert_eq!(base[&pool("nodeSelector")], "all()");
    assert_eq!(
        base[&net("nodeAddressAutodetectionV4.firstFound")],
        json!(true)
    );
    // kOps writes Felix's Go and process metrics off; Felix's default is on.
    assert_eq!(base[&felix("prometheusGoMetricsEnabled")], json!(false));
    assert!(!base.contains_key(&net("bgp")));
    assert!(!base.keys().any(|k| k.starts_with("ConfigMap")));
}

#[test]
fn pod_cidr() {
    assert_edit(
        "podCIDR: 10.0.0.0/16",
        "{}",
        &[(&pool("cidr"), json!("100.96.0.0/11"), json!("10.0.0.0/16"))],
    );
}

#[test]
fn ipip_mode() {
    for (mode, encapsulation) in [("Always", "IPIP"), ("Never", "None")] {
        assert_edit(
            "",
            &format!("{{ipipMode: {mode}}}"),
            &[(
                &pool("encapsulation"),
                json!("IPIPCrossSubnet"),
                json!(encapsulation),
            )],
        );
    }
}

#[test]
fn encapsulation_mode_vxlan_turns_bgp_off() {
    assert_edit(
        "",
        "{encapsulationMode: vxlan}",
        &[
            (
                &pool("encapsulation"),
                json!("IPIPCrossSubnet"),
                json!("VXLANCrossSubnet"),
            ),
            (&net("bgp"), Value::Null, json!("Disabled")),
        ],
    );
}

#[test]
fn vxlan_mode() {
    assert_edit_from(
        ("", "{encapsulationMode: vxlan}"),
        "",
        "{encapsulationMode: vxlan, vxlanMode: Always}",
        &[(
            &pool("encapsulation"),
            json!("VXLANCrossSubnet"),
            json!("VXLAN"),
        )],
    );
}

#[test]
fn ipv6_clusters_get_the_ipv6_pool_and_host_local_ipam() {
    let v6 = "Installation default .spec.calicoNetwork.ipPools[default-ipv6-ippool]";
    let mut want: Vec<(String, Value, Value)> = [
        ("cidr", "2001:db8::/56"),
        ("encapsulation", "None"),
        ("natOutgoing", "Disabled"),
        ("nodeSelector", "all()"),
    ]
    .into_iter()
    .map(|(f, v)| (format!("{v6}.{f}"), Value::Null, json!(v)))
    .collect();
    want.push((format!("{v6}.blockSize"), Value::Null, json!(122)));
    for (f, v) in [
        ("cidr", json!("100.96.0.0/11")),
        ("encapsulation", json!("IPIPCrossSubnet")),
        ("natOutgoing", json!("Enabled")),
        ("nodeSelector", json!("all()")),
        ("blockSize", json!(26)),
    ] {
        want.push((pool(f), v, Value::Null));
    }
    want.push((
        net("nodeAddressAutodetectionV4.firstFound"),
        json!(true),
        Value::Null,
    ));
    want.push((
        net("nodeAddressAutodetectionV6.firstFound"),
        Value::Null,
        json!(true),
    ));
    for (f, v) in [("type", "Calico"), ("ipam.type", "HostLocal")] {
        want.push((
            format!("Installation default .spec.cni.{f}"),
            Value::Null,
            json!(v),
        ));
    }
    assert_edit(
        "nonMasqueradeCIDR: \"::/0\"\npodCIDR: 2001:db8::/56",
        "{}",
        &want,
    );
}

#[test]
fn mtu() {
    assert_edit(
        "",
        "{mtu: 8951}",
        &[(&net("mtu"), Value::Null, json!(8951))],
    );
}

#[test]
fn bpf_enabled_is_the_bpf_dataplane_with_kops_endpoint() {
    assert_edit_from(
        ("kubeProxy: {enabled: false}", "{}"),
        "kubeProxy: {enabled: false}",
        "{bpfEnabled: true}",
        &[
            (&net("linuxDataplane"), Value::Null, json!("BPF")),
            (
                &format!("{ENDPOINT}.KUBERNETES_SERVICE_HOST"),
                Value::Null,
                json!("api.internal.calico.example.com"),
            ),
            (
                &format!("{ENDPOINT}.KUBERNETES_SERVICE_PORT"),
                Value::Null,
                json!("443"),
            ),
            // kOps writes the cleanup off; Felix's default is on.
            (
                &felix("bpfKubeProxyIptablesCleanupEnabled"),
                Value::Null,
                json!(false),
            ),
        ],
    );
}

#[test]
fn kubernetes_service_endpoint() {
    let base = ("kubeProxy: {enabled: false}", "{bpfEnabled: true}");
    assert_edit_from(
        base,
        "kubeProxy: {enabled: false}\nkubernetesServiceEndpoint: {host: 10.0.0.10, port: 6443}",
        "{bpfEnabled: true}",
        &[
            (
                &format!("{ENDPOINT}.KUBERNETES_SERVICE_HOST"),
                json!("api.internal.calico.example.com"),
                json!("10.0.0.10"),
            ),
            (
                &format!("{ENDPOINT}.KUBERNETES_SERVICE_PORT"),
                json!("443"),
                json!("6443"),
            ),
        ],
    );
    // Without eBPF the operator still hands it to calico-node.
    let plain = flat(&spec(
        "kubernetesServiceEndpoint: {host: api.example.com, port: 6443}",
        "{}",
    ));
    assert_eq!(
        plain[&format!("{ENDPOINT}.KUBERNETES_SERVICE_HOST")],
        "api.example.com"
    );
}

#[test]
fn nftables_mode_enabled_is_the_nftables_dataplane() {
    assert_edit(
        "",
        "{nftablesMode: Enabled}",
        &[(&net("linuxDataplane"), Value::Null, json!("Nftables"))],
    );
    // Disabled is the operator's own choice for the iptables dataplane.
    assert_unchanged("", "{nftablesMode: Disabled}");
}

#[test]
fn ipv4_auto_detection_method() {
    let auto = |f: &str| net(&format!("nodeAddressAutodetectionV4.{f}"));
    for (method, field, value) in [
        ("can-reach=8.8.8.8", "canReach", json!("8.8.8.8")),
        ("interface=eth.*,ens.*", "interface", json!("eth.*,ens.*")),
        (
            "skip-interface=docker.*",
            "skipInterface",
            json!("docker.*"),
        ),
        (
            "cidr=10.0.0.0/8, 192.168.0.0/16",
            "cidrs[0]",
            json!("10.0.0.0/8"),
        ),
        (
            "kubernetes-internal-ip",
            "kubernetes",
            json!("NodeInternalIP"),
        ),
    ] {
        let mut edits = vec![
            (auto("firstFound"), json!(true), Value::Null),
            (auto(field), Value::Null, value),
        ];
        if field == "cidrs[0]" {
            edits.push((auto("cidrs[1]"), Value::Null, json!("192.168.0.0/16")));
        }
        assert_edit(
            "",
            &format!("{{ipv4AutoDetectionMethod: \"{method}\"}}"),
            &edits,
        );
    }
}

#[test]
fn ipv6_auto_detection_method() {
    let base = ("nonMasqueradeCIDR: \"::/0\"\npodCIDR: 2001:db8::/56", "{}");
    let auto = |f: &str| net(&format!("nodeAddressAutodetectionV6.{f}"));
    assert_edit_from(
        base,
        base.0,
        "{ipv6AutoDetectionMethod: \"can-reach=2001:4860:4860::8888\"}",
        &[
            (&auto("firstFound"), json!(true), Value::Null),
            (
                &auto("canReach"),
                Value::Null,
                json!("2001:4860:4860::8888"),
            ),
        ],
    );
}

#[test]
fn registry_gets_the_trailing_slash_and_carries_the_operator_image() {
    assert_edit(
        "",
        "{registry: registry.example.com/mirror}",
        &[
            (
                "Installation default .spec.registry",
                Value::Null,
                json!("registry.example.com/mirror/"),
            ),
            (
                "Deployment tigera-operator/tigera-operator .spec.template.spec.containers[tigera-operator].image",
                json!("quay.io/tigera/operator:v1.40.13"),
                json!("registry.example.com/mirror/tigera/operator:v1.40.13"),
            ),
        ],
    );
}

#[test]
fn prometheus_metrics_are_node_metrics_port() {
    assert_edit(
        "",
        "{prometheusMetricsEnabled: true}",
        &[(
            "Installation default .spec.nodeMetricsPort",
            Value::Null,
            json!(9091),
        )],
    );
    assert_edit(
        "",
        "{prometheusMetricsEnabled: true, prometheusMetricsPort: 9191}",
        &[(
            "Installation default .spec.nodeMetricsPort",
            Value::Null,
            json!(9191),
        )],
    );
    // A port without metrics turns nothing on.
    assert_unchanged("", "{prometheusMetricsPort: 9191}");
}

#[test]
fn typha_prometheus_metrics_are_typha_metrics_port() {
    assert_edit(
        "",
        "{typhaPrometheusMetricsEnabled: true, typhaPrometheusMetricsPort: 9193}",
        &[(
            "Installation default .spec.typhaMetricsPort",
            Value::Null,
            json!(9193),
        )],
    );
}

#[test]
fn allow_ip_forwarding_is_container_ip_forwarding() {
    assert_edit(
        "",
        "{allowIPForwarding: true}",
        &[(&net("containerIPForwarding"), Value::Null, json!("Enabled"))],
    );
}

#[test]
fn cpu_request_is_the_calico_node_override() {
    assert_edit(
        "",
        "{cpuRequest: 500m}",
        &[(
            "Installation default .spec.calicoNodeDaemonSet.spec.template.spec.containers[calico-node].resources.requests.cpu",
            Value::Null,
            json!("500m"),
        )],
    );
}

#[test]
fn wireguard_enabled() {
    assert_edit(
        "",
        "{wireguardEnabled: true}",
        &[(&felix("wireguardEnabled"), Value::Null, json!(true))],
    );
}

#[test]
fn aws_src_dst_check() {
    let aws = ("cloudProvider: aws", "{}");
    // kOps disables the check on AWS; Felix's default leaves it alone.
    assert_eq!(
        flat(&spec(aws.0, aws.1))[&felix("awsSrcDstCheck")],
        "Disable"
    );
    assert_edit_from(
        aws,
        aws.0,
        "{awsSrcDstCheck: Enable}",
        &[(&felix("awsSrcDstCheck"), json!("Disable"), json!("Enable"))],
    );
    assert_edit_from(
        aws,
        aws.0,
        "{awsSrcDstCheck: DoNothing}",
        &[(&felix("awsSrcDstCheck"), json!("Disable"), Value::Null)],
    );
}

#[test]
fn log_severity_screen() {
    // Felix takes any case; the FelixConfiguration gets the capitalized name.
    assert_edit(
        "",
        "{logSeverityScreen: debug}",
        &[(felix("logSeverityScreen"), Value::Null, json!("Debug"))],
    );
    assert_unchanged("", "{logSeverityScreen: INFO}");
}

#[test]
fn chain_insert_mode() {
    assert_edit(
        "",
        "{chainInsertMode: append}",
        &[(felix("chainInsertMode"), Value::Null, json!("append"))],
    );
}

#[test]
fn iptables_backend() {
    assert_edit(
        "",
        "{iptablesBackend: NFT}",
        &[(felix("iptablesBackend"), Value::Null, json!("NFT"))],
    );
}

/// The eBPF base: BPF on, kube-proxy off.
const BPF: (&str, &str) = ("kubeProxy: {enabled: false}", "{bpfEnabled: true}");

#[test]
fn bpf_external_service_mode() {
    assert_edit_from(
        BPF,
        BPF.0,
        "{bpfEnabled: true, bpfExternalServiceMode: DSR}",
        &[(felix("bpfExternalServiceMode"), Value::Null, json!("DSR"))],
    );
    // Without eBPF Felix does not read it: nothing is written.
    assert_unchanged("", "{bpfExternalServiceMode: DSR}");
}

#[test]
fn bpf_log_level() {
    assert_edit_from(
        BPF,
        BPF.0,
        "{bpfEnabled: true, bpfLogLevel: Debug}",
        &[(felix("bpfLogLevel"), Value::Null, json!("Debug"))],
    );
    assert_unchanged("", "{bpfLogLevel: Debug}");
}

#[test]
fn bpf_kube_proxy_iptables_cleanup_enabled() {
    // kOps writes it off; on is Felix's default, so nothing is written.
    assert_edit_from(
        BPF,
        BPF.0,
        "{bpfEnabled: true, bpfKubeProxyIptablesCleanupEnabled: true}",
        &[(
            felix("bpfKubeProxyIptablesCleanupEnabled"),
            json!(false),
            Value::Null,
        )],
    );
}

#[test]
fn prometheus_go_metrics_enabled() {
    assert_edit(
        "",
        "{prometheusGoMetricsEnabled: true}",
        &[(
            felix("prometheusGoMetricsEnabled"),
            json!(false),
            Value::Null,
        )],
    );
}

#[test]
fn prometheus_process_metrics_enabled() {
    assert_edit(
        "",
        "{prometheusProcessMetricsEnabled: true}",
        &[(
            felix("prometheusProcessMetricsEnabled"),
            json!(false),
            Value::Null,
        )],
    );
    // With both on, nothing differs from Felix's defaults: no FelixConfiguration.
    let on = common::render(&spec(
        "",
        "{prometheusGoMetricsEnabled: true, prometheusProcessMetricsEnabled: true}",
    ));
    assert!(!on.objects().iter().any(|o| o.kind == "FelixConfiguration"));
}

#[test]
fn typha_replicas_and_egress_proxy_write_nothing() {
    assert_unchanged("", "{typhaReplicas: 3}");
    assert_unchanged(
        "egressProxy: {httpProxy: {host: proxy.example.com, port: 3128}}",
        "{}",
    );
}

#[test]
fn route_reflectors_are_bgp_peer_and_bgp_configuration() {
    let m = common::render(&spec(
        "bgp: {routeReflectors: {nodeSelector: \"has(route-reflector)\", clusterID: 244.0.0.1}}",
        "{}",
    ));
    let kinds: Vec<&str> = m.objects().iter().map(|o| o.kind.as_str()).collect();
    let n = kinds.len();
    assert_eq!(kinds[n - 2..], ["BGPPeer", "BGPConfiguration"]);
    let peer = m.objects()[n - 2].value().unwrap();
    assert_eq!(peer["spec"]["peerSelector"], "has(route-reflector)");
    let config = m.objects()[n - 1].value().unwrap();
    assert_eq!(config["spec"]["nodeToNodeMeshEnabled"], false);
}

#[test]
fn the_install_comes_first_then_the_custom_resources() {
    let m = common::render(&spec("kubeProxy: {enabled: false}", "{bpfEnabled: true}"));
    assert_eq!(
        common::identities(&m),
        [
            "Namespace tigera-operator",
            "ConfigMap kubernetes-services-endpoint",
            "ServiceAccount tigera-operator",
            "ClusterRole tigera-operator-secrets",
            "ClusterRole tigera-operator",
            "ClusterRoleBinding tigera-operator",
            "RoleBinding tigera-operator-secrets",
            "Deployment tigera-operator",
            "Installation default",
            "APIServer default",
            "Goldmane default",
            "Whisker default",
            "FelixConfiguration default",
        ]
    );
    let install = m.part(calico_render::Part::Install);
    assert_eq!(install.objects().len(), 8);
    assert!(m
        .part(calico_render::Part::Resources)
        .objects()
        .iter()
        .all(|o| o.api_version.ends_with("/v1") && o.api_version.contains('.')));
}

#[test]
fn the_operator_release_is_the_releases_pair() {
    for (release, operator) in [
        ("v3.30.7", "v1.38.13"),
        ("v3.31.6", "v1.40.13"),
        ("v3.31.7", "v1.40.15"),
        ("v3.32.1", "v1.42.3"),
    ] {
        let f = flat(&spec("", &format!("{{version: {release}}}")));
        let container =
            "Deployment tigera-operator/tigera-operator .spec.template.spec.containers[tigera-operator]";
        assert_eq!(
            f[&format!("{container}.image")],
            json!(format!("quay.io/tigera/operator:{operator}"))
        );
        assert_eq!(
            f[&format!("{container}.env[TIGERA_OPERATOR_INIT_IMAGE_VERSION].value")],
            json!(operator)
        );
    }
}

/// Every fixture either renders in the operator profile (at its release, or
/// at the default one when its release is below the floor) or is refused
/// by calico-spec; none reaches the renderer with an Installation that
/// breaks the operator's rules (that would be a render error naming a bug).
#[test]
fn every_fixture_renders_in_the_operator_profile_or_is_refused() {
    let options = calico_spec::Options::default().with_profile(calico_spec::Profile::Operator);
    let (mut rendered, mut refused) = (0, 0);
    for path in common::fixtures() {
        let text = std::fs::read_to_string(&path).unwrap();
        let Ok(parsed) = calico_spec::parse_str(&text) else {
            continue;
        };
        match calico_spec::resolve(&parsed, &options) {
            Ok(resolved) => {
                let m = calico_render::render(&resolved)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                for o in m.objects() {
                    o.value()
                        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                }
                assert_eq!(m.objects()[0].kind, "Namespace", "{}", path.display());
                rendered += 1;
            }
            Err(invalid) => {
                assert!(!invalid.errors.is_empty());
                refused += 1;
            }
        }
    }
    assert!(rendered >= 60, "{rendered} rendered, {refused} refused");
}
