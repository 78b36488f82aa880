//! One test per classification rule of `calico_spec::transitions::RULES`,
//! each named after the rule id (and, for rules with two verdicts, one test
//! per verdict). Each test resolves two specs, compares them and checks the
//! complete set of changed settings: path, old and new value, rule and the
//! `disruptive` flag.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calico_spec::transitions::{compare, SettingChange, RULES};
use calico_spec::{KopsVersion, Options, ResolvedSpec};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// One expected changed setting: (path, old, new, rule id, disruptive).
type Want<'a> = (&'a str, Value, Value, &'a str, bool);

fn resolve_with(yaml: &str, options: &Options) -> ResolvedSpec {
    let parsed =
        calico_spec::parse_str(yaml).unwrap_or_else(|e| panic!("parse failed for\n{yaml}\n{e}"));
    calico_spec::resolve(&parsed, options)
        .unwrap_or_else(|e| panic!("resolve failed for\n{yaml}\n{e}"))
}

fn changes_with(old: &str, new: &str, options: &Options) -> Vec<SettingChange> {
    compare(&resolve_with(old, options), &resolve_with(new, options))
}

fn changes(old: &str, new: &str) -> Vec<SettingChange> {
    changes_with(old, new, &Options::default())
}

/// `spec.networking.calico.<field>`.
fn calico(field: &str) -> String {
    format!("spec.networking.calico.{field}")
}

/// A bare spec whose calico block is `calico_flow` (flow style), after the
/// cluster-level lines `extra`.
fn bare(extra: &str, calico_flow: &str) -> String {
    format!("{extra}\nnetworking:\n  calico: {calico_flow}\n")
}

/// The changes must be exactly `want` (in any order), and every reason must
/// be non-empty.
fn assert_changes(got: &[SettingChange], want: &[Want<'_>]) {
    let view = |c: &SettingChange| {
        (
            c.path.clone(),
            c.old.clone(),
            c.new.clone(),
            c.rule.to_string(),
            c.disruptive,
        )
    };
    let mut got_rows: Vec<_> = got.iter().map(view).collect();
    let mut want_rows: Vec<_> = want
        .iter()
        .map(|(p, o, n, r, d)| (p.to_string(), o.clone(), n.clone(), r.to_string(), *d))
        .collect();
    got_rows.sort_by(|a, b| a.0.cmp(&b.0));
    want_rows.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(got_rows, want_rows, "changes: {got:#?}");
    for c in got {
        assert!(!c.reason.trim().is_empty(), "empty reason: {c:?}");
    }
}

/// The change on `path`; fails when there is none.
fn on<'a>(got: &'a [SettingChange], path: &str) -> &'a SettingChange {
    got.iter()
        .find(|c| c.path == path)
        .unwrap_or_else(|| panic!("no change on {path}: {got:#?}"))
}

/// Checks a single-setting change of the calico block: `calico: {field: old}`
/// → `calico: {field: new}` changes that field alone.
fn single(
    field: &str,
    old: &str,
    new: &str,
    want_old: Value,
    want_new: Value,
    rule: &str,
    d: bool,
) {
    let got = changes(
        &bare("", &format!("{{{field}: {old}}}")),
        &bare("", &format!("{{{field}: {new}}}")),
    );
    assert_changes(&got, &[(&calico(field), want_old, want_new, rule, d)]);
}

const EBPF: &str = "kubeProxy: {enabled: false}";
const RR: &str =
    "bgp: {asNumber: 64512, routeReflectors: {nodeSelector: \"route-reflector == 'true'\", clusterID: 244.0.0.1}}";

#[test]
fn bpf_toggle() {
    let off = bare("", "{}");
    let ebpf = bare(EBPF, "{bpfEnabled: true}");
    for (old, new, o, n) in [(&off, &ebpf, false, true), (&ebpf, &off, true, false)] {
        let got = changes(old, new);
        assert_changes(
            &got,
            &[
                (
                    &calico("bpfEnabled"),
                    json!(o),
                    json!(n),
                    "bpf_toggle",
                    true,
                ),
                // kube-proxy changes in step: classified as part of the eBPF switch.
                (
                    "spec.kubeProxy.enabled",
                    json!(!o),
                    json!(!n),
                    "kube_proxy_toggle",
                    true,
                ),
            ],
        );
        let bpf = on_path(&got, "bpfEnabled");
        assert!(
            bpf.reason.contains("kubernetes-services-endpoint"),
            "{}",
            bpf.reason
        );
        assert!(
            on(&got, "spec.kubeProxy.enabled")
                .reason
                .contains("order given for the eBPF change"),
            "the kube-proxy row points at the eBPF procedure"
        );
    }
}

fn on_path<'a>(got: &'a [SettingChange], field: &str) -> &'a SettingChange {
    on(got, &calico(field))
}

#[test]
fn kube_proxy_toggle_without_bpf_is_disruptive() {
    let got = changes(&bare("", "{}"), &bare(EBPF, "{}"));
    assert_changes(
        &got,
        &[(
            "spec.kubeProxy.enabled",
            json!(true),
            json!(false),
            "kube_proxy_toggle",
            true,
        )],
    );
    assert!(on(&got, "spec.kubeProxy.enabled")
        .reason
        .contains("nothing else implements Services"));
}

#[test]
fn kube_proxy_toggle_with_bpf_is_safe() {
    // eBPF already on (kOps before 1.36 allowed it with kube-proxy), then
    // kube-proxy is removed: the eBPF dataplane keeps serving Services.
    let options = Options::default().with_kops_version(KopsVersion::new(1, 35));
    let got = changes_with(
        &bare("", "{bpfEnabled: true}"),
        &bare(EBPF, "{bpfEnabled: true}"),
        &options,
    );
    assert_changes(
        &got,
        &[(
            "spec.kubeProxy.enabled",
            json!(true),
            json!(false),
            "kube_proxy_toggle",
            false,
        )],
    );
}

#[test]
fn kube_proxy_toggle_restore_without_bpf_reason() {
    let got = changes(&bare(EBPF, "{}"), &bare("", "{}"));
    let row = on(&got, "spec.kubeProxy.enabled");
    assert_eq!((row.rule, row.disruptive), ("kube_proxy_toggle", false));
    assert!(
        !row.reason.contains("eBPF dataplane keeps"),
        "{}",
        row.reason
    );
}

#[test]
fn encapsulation_change() {
    let ipip = bare("", "{}");
    let vxlan = bare("", "{encapsulationMode: vxlan}");
    let got = changes(&ipip, &vxlan);
    assert_changes(
        &got,
        &[
            (
                &calico("encapsulationMode"),
                json!("ipip"),
                json!("vxlan"),
                "encapsulation_change",
                true,
            ),
            (
                "(derived) calicoBackend",
                json!("bird"),
                json!("vxlan"),
                "backend_change",
                true,
            ),
            (
                &calico("ipipMode (CALICO_IPV4POOL_IPIP)"),
                json!("CrossSubnet"),
                json!("Never"),
                "ipip_mode_change",
                true,
            ),
            (
                &calico("vxlanMode (CALICO_IPV4POOL_VXLAN)"),
                json!("Never"),
                json!("CrossSubnet"),
                "vxlan_mode_change",
                true,
            ),
        ],
    );
    let reason = &on_path(&got, "encapsulationMode").reason;
    assert!(reason.contains("calicoctl patch ippool"), "{reason}");
    // And back.
    let back = changes(&vxlan, &ipip);
    assert_eq!(
        on_path(&back, "encapsulationMode").rule,
        "encapsulation_change"
    );
    assert!(back.iter().all(|c| c.disruptive), "{back:#?}");
}

#[test]
fn backend_change() {
    let got = changes(&bare("", "{encapsulationMode: vxlan}"), &bare("", "{}"));
    let backend = on(&got, "(derived) calicoBackend");
    assert_eq!(
        (&backend.old, &backend.new, backend.rule, backend.disruptive),
        (&json!("vxlan"), &json!("bird"), "backend_change", true)
    );
    assert!(backend.reason.contains("BIRD"), "{}", backend.reason);
}

#[test]
fn ipip_mode_change() {
    let got = changes(&bare("", "{}"), &bare("", "{ipipMode: Always}"));
    assert_changes(
        &got,
        &[(
            &calico("ipipMode (CALICO_IPV4POOL_IPIP)"),
            json!("CrossSubnet"),
            json!("Always"),
            "ipip_mode_change",
            true,
        )],
    );
    let reason = &got[0].reason;
    assert!(reason.contains("silently does nothing"), "{reason}");
    assert!(
        reason.contains("calicoctl patch ippool default-ipv4-ippool"),
        "{reason}"
    );
}

#[test]
fn vxlan_mode_change() {
    let got = changes(
        &bare("", "{encapsulationMode: vxlan, vxlanMode: CrossSubnet}"),
        &bare("", "{encapsulationMode: vxlan, vxlanMode: Always}"),
    );
    assert_changes(
        &got,
        &[
            (
                &calico("vxlanMode (CALICO_IPV4POOL_VXLAN)"),
                json!("CrossSubnet"),
                json!("Always"),
                "vxlan_mode_change",
                true,
            ),
            (
                &calico("vxlanMode (CALICO_IPV6POOL_VXLAN)"),
                json!("CrossSubnet"),
                json!("Always"),
                "ipv6_pool_vxlan_mode_change",
                false,
            ),
        ],
    );
    let reason = &on_path(&got, "vxlanMode (CALICO_IPV4POOL_VXLAN)").reason;
    assert!(reason.contains("calicoctl patch ippool"), "{reason}");
}

#[test]
fn ipv6_pool_vxlan_mode_change() {
    // With vxlanMode unset the IPv6 pool mode is Never; setting it to the
    // default IPv4 mode moves only CALICO_IPV6POOL_VXLAN, which this manifest
    // never turns into a pool.
    let got = changes(
        &bare("", "{encapsulationMode: vxlan}"),
        &bare("", "{encapsulationMode: vxlan, vxlanMode: CrossSubnet}"),
    );
    assert_changes(
        &got,
        &[(
            &calico("vxlanMode (CALICO_IPV6POOL_VXLAN)"),
            json!("Never"),
            json!("CrossSubnet"),
            "ipv6_pool_vxlan_mode_change",
            false,
        )],
    );
}

#[test]
fn pod_cidr_change() {
    // podCIDR moves kube-controller-manager's clusterCIDR with it.
    let got = changes(&bare("", "{}"), &bare("podCIDR: 100.64.0.0/11", "{}"));
    assert_changes(
        &got,
        &[
            (
                "spec.podCIDR",
                json!("100.96.0.0/11"),
                json!("100.64.0.0/11"),
                "pod_cidr_change",
                true,
            ),
            (
                "spec.kubeControllerManager.clusterCIDR",
                json!("100.96.0.0/11"),
                json!("100.64.0.0/11"),
                "pod_cidr_change",
                true,
            ),
        ],
    );
    // clusterCIDR alone.
    let got = changes(
        &bare("", "{}"),
        &bare("kubeControllerManager: {clusterCIDR: 100.112.0.0/12}", "{}"),
    );
    assert_changes(
        &got,
        &[(
            "spec.kubeControllerManager.clusterCIDR",
            json!("100.96.0.0/11"),
            json!("100.112.0.0/12"),
            "pod_cidr_change",
            true,
        )],
    );
    assert!(got[0].reason.contains("IPPool"), "{}", got[0].reason);
}

#[test]
fn ip_family_change() {
    let v4 = bare("cloudProvider: aws", "{}");
    let v6 = bare("cloudProvider: aws\nnonMasqueradeCIDR: ::/0", "{}");
    let got = changes(&v4, &v6);
    let family = on(&got, "(derived) ipv6Only");
    assert_eq!(
        (&family.old, &family.new, family.rule, family.disruptive),
        (&json!(false), &json!(true), "ip_family_change", true)
    );
    assert!(family.reason.contains("new cluster"), "{}", family.reason);
    let non_masq = on(&got, "spec.nonMasqueradeCIDR");
    assert_eq!(
        (non_masq.rule, non_masq.disruptive),
        ("ip_family_change", true)
    );
    assert_eq!(on_path(&got, "encapsulationMode").new, json!("none"));
    assert!(got.iter().all(|c| c.disruptive), "{got:#?}");
    // And back.
    let back = changes(&v6, &v4);
    assert_eq!(on(&back, "(derived) ipv6Only").rule, "ip_family_change");

    // The IPv4 non-masquerade range alone: still the ip_family_change rule,
    // with the pod-CIDR reason.
    let got = changes(
        &bare(
            "nonMasqueradeCIDR: 100.64.0.0/10\npodCIDR: 100.96.0.0/11",
            "{}",
        ),
        &bare(
            "nonMasqueradeCIDR: 100.0.0.0/8\npodCIDR: 100.96.0.0/11",
            "{}",
        ),
    );
    assert_changes(
        &got,
        &[(
            "spec.nonMasqueradeCIDR",
            json!("100.64.0.0/10"),
            json!("100.0.0.0/8"),
            "ip_family_change",
            true,
        )],
    );
    assert!(
        got[0].reason.contains("pod CIDR change"),
        "{}",
        got[0].reason
    );
}

#[test]
fn wireguard_toggle() {
    single(
        "wireguardEnabled",
        "false",
        "true",
        json!(false),
        json!(true),
        "wireguard_toggle",
        true,
    );
    single(
        "wireguardEnabled",
        "true",
        "false",
        json!(true),
        json!(false),
        "wireguard_toggle",
        true,
    );
}

#[test]
fn mtu_change() {
    single(
        "mtu",
        "0",
        "8981",
        json!(0),
        json!(8981),
        "mtu_change",
        true,
    );
    let got = changes(&bare("", "{mtu: 1440}"), &bare("", "{mtu: 1480}"));
    assert!(
        got[0].reason.contains("rollout restart ds/calico-node"),
        "{}",
        got[0].reason
    );
}

#[test]
fn typha_toggle() {
    single(
        "typhaReplicas",
        "0",
        "3",
        json!(0),
        json!(3),
        "typha_toggle",
        true,
    );
    single(
        "typhaReplicas",
        "2",
        "0",
        json!(2),
        json!(0),
        "typha_toggle",
        true,
    );
    let got = changes(&bare("", "{}"), &bare("", "{typhaReplicas: 1}"));
    assert!(got[0].reason.contains("0→N"), "{}", got[0].reason);
}

#[test]
fn typha_scale() {
    single(
        "typhaReplicas",
        "2",
        "5",
        json!(2),
        json!(5),
        "typha_toggle",
        false,
    );
    single(
        "typhaReplicas",
        "3",
        "1",
        json!(3),
        json!(1),
        "typha_toggle",
        false,
    );
    let got = changes(
        &bare("", "{typhaReplicas: 2}"),
        &bare("", "{typhaReplicas: 5}"),
    );
    assert!(
        got[0].reason.starts_with("scaling Typha"),
        "{}",
        got[0].reason
    );
}

#[test]
fn nftables_mode_change() {
    // The effective mode changes: disruptive both ways.
    let got = changes(&bare("", "{}"), &bare("", "{nftablesMode: Enabled}"));
    assert_changes(
        &got,
        &[(
            &calico("nftablesMode"),
            Value::Null,
            json!("Enabled"),
            "nftables_mode_change",
            true,
        )],
    );
    single(
        "nftablesMode",
        "Enabled",
        "Disabled",
        json!("Enabled"),
        json!("Disabled"),
        "nftables_mode_change",
        true,
    );
    single(
        "nftablesMode",
        "Auto",
        "Enabled",
        json!("Auto"),
        json!("Enabled"),
        "nftables_mode_change",
        true,
    );
    // Not Enabled before or after (Auto behaves as Disabled): safe.
    single(
        "nftablesMode",
        "Disabled",
        "Auto",
        json!("Disabled"),
        json!("Auto"),
        "nftables_mode_change",
        false,
    );
    let got = changes(&bare("", "{}"), &bare("", "{nftablesMode: Disabled}"));
    assert_changes(
        &got,
        &[(
            &calico("nftablesMode"),
            Value::Null,
            json!("Disabled"),
            "nftables_mode_change",
            false,
        )],
    );
}

#[test]
fn iptables_backend_change() {
    single(
        "iptablesBackend",
        "Auto",
        "NFT",
        json!("Auto"),
        json!("NFT"),
        "iptables_backend_change",
        true,
    );
    single(
        "iptablesBackend",
        "Legacy",
        "Auto",
        json!("Legacy"),
        json!("Auto"),
        "iptables_backend_change",
        true,
    );
}

#[test]
fn chain_insert_mode_change() {
    // insert → append lets earlier ACCEPT rules bypass Calico policy.
    single(
        "chainInsertMode",
        "insert",
        "append",
        json!("insert"),
        json!("append"),
        "chain_insert_mode_change",
        true,
    );
    // append → insert puts Calico first again.
    single(
        "chainInsertMode",
        "append",
        "insert",
        json!("append"),
        json!("insert"),
        "chain_insert_mode_change",
        false,
    );
}

#[test]
fn bpf_external_service_mode_change() {
    // eBPF on in both specs: disruptive.
    let got = changes(
        &bare(EBPF, "{bpfEnabled: true}"),
        &bare(EBPF, "{bpfEnabled: true, bpfExternalServiceMode: DSR}"),
    );
    assert_changes(
        &got,
        &[(
            &calico("bpfExternalServiceMode"),
            json!("Tunnel"),
            json!("DSR"),
            "bpf_external_service_mode_change",
            true,
        )],
    );
    // eBPF off: the setting is ignored, safe.
    single(
        "bpfExternalServiceMode",
        "Tunnel",
        "DSR",
        json!("Tunnel"),
        json!("DSR"),
        "bpf_external_service_mode_change",
        false,
    );
    // eBPF turned on in the same change: the mode change itself is not the disruptive part.
    let got = changes(
        &bare("", "{bpfExternalServiceMode: Tunnel}"),
        &bare(EBPF, "{bpfEnabled: true, bpfExternalServiceMode: DSR}"),
    );
    let row = on_path(&got, "bpfExternalServiceMode");
    assert_eq!(
        (row.rule, row.disruptive),
        ("bpf_external_service_mode_change", false)
    );
    assert!(on_path(&got, "bpfEnabled").disruptive);
}

#[test]
fn bpf_kube_proxy_cleanup_change() {
    single(
        "bpfKubeProxyIptablesCleanupEnabled",
        "false",
        "true",
        json!(false),
        json!(true),
        "bpf_kube_proxy_cleanup_change",
        false,
    );
}

#[test]
fn bpf_log_level_change() {
    single(
        "bpfLogLevel",
        "\"Off\"",
        "Debug",
        json!("Off"),
        json!("Debug"),
        "bpf_log_level_change",
        false,
    );
}

#[test]
fn aws_src_dst_check_change() {
    let got = changes(
        &bare("cloudProvider: aws", "{}"),
        &bare("cloudProvider: aws", "{awsSrcDstCheck: Enable}"),
    );
    assert_changes(
        &got,
        &[(
            &calico("awsSrcDstCheck"),
            json!("Disable"),
            json!("Enable"),
            "aws_src_dst_check_change",
            true,
        )],
    );
    assert!(
        got[0].reason.contains("aws-iam-policy"),
        "{}",
        got[0].reason
    );
}

#[test]
fn ip_autodetection_change() {
    single(
        "ipv4AutoDetectionMethod",
        "first-found",
        "\"interface=eth.*\"",
        json!("first-found"),
        json!("interface=eth.*"),
        "ip_autodetection_change",
        true,
    );
    single(
        "ipv6AutoDetectionMethod",
        "first-found",
        "\"can-reach=2001:4860:4860::8888\"",
        json!("first-found"),
        json!("can-reach=2001:4860:4860::8888"),
        "ip_autodetection_change",
        true,
    );
}

#[test]
fn allow_ip_forwarding_change() {
    single(
        "allowIPForwarding",
        "false",
        "true",
        json!(false),
        json!(true),
        "allow_ip_forwarding_change",
        true,
    );
}

#[test]
fn api_endpoint_change() {
    let cluster = |name: &str, extra: &str, calico: &str| {
        format!(
            "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: {name}\nspec:\n  {extra}\n  networking:\n    calico: {calico}\n"
        )
    };
    // eBPF on: kubernetes-services-endpoint names the API server.
    let got = changes(
        &cluster("a.example.com", EBPF, "{bpfEnabled: true}"),
        &cluster("b.example.com", EBPF, "{bpfEnabled: true}"),
    );
    assert_changes(
        &got,
        &[
            (
                "metadata.name",
                json!("a.example.com"),
                json!("b.example.com"),
                "api_endpoint_change",
                true,
            ),
            (
                "(derived) apiInternalName",
                json!("api.internal.a.example.com"),
                json!("api.internal.b.example.com"),
                "api_endpoint_change",
                true,
            ),
        ],
    );
    // eBPF off: the name is not used.
    let got = changes(
        &cluster("a.example.com", "", "{}"),
        &cluster("b.example.com", "", "{}"),
    );
    assert_eq!(got.len(), 2, "{got:#?}");
    for c in &got {
        assert_eq!(
            (c.rule, c.disruptive),
            ("api_endpoint_change", false),
            "{c:?}"
        );
    }
}

#[test]
fn version_change() {
    let step = |old: &str, new: &str| {
        let got = changes(
            &bare("", &format!("{{version: {old}}}")),
            &bare("", &format!("{{version: {new}}}")),
        );
        let row = got
            .iter()
            .find(|c| c.path == calico("version"))
            .unwrap_or_else(|| panic!("{old} → {new}: {got:#?}"));
        assert_eq!(row.rule, "version_change");
        (row.disruptive, row.reason.clone(), got)
    };
    // A patch upgrade and the next minor: rolling updates.
    let (disruptive, reason, got) = step("v3.31.6", "v3.31.7");
    assert!(!disruptive && reason.contains("patch upgrade"), "{reason}");
    assert!(got.iter().all(|c| !c.disruptive), "{got:#?}");
    let (disruptive, reason, _) = step("v3.30.7", "v3.31.6");
    assert!(!disruptive && reason.contains("next minor"), "{reason}");
    // Across two minors, and down: disruptive.
    let (disruptive, reason, _) = step("v3.29.4", "v3.31.6");
    assert!(
        disruptive && reason.contains("more than one minor"),
        "{reason}"
    );
    let (disruptive, reason, _) = step("v3.31.6", "v3.29.4");
    assert!(disruptive && reason.contains("downgrade"), "{reason}");
    // Both rows agree.
    let (_, _, got) = step("v3.31.6", "v3.29.4");
    let release = got
        .iter()
        .find(|c| c.path == "(rendered) Calico release" && c.rule == "version_change")
        .unwrap();
    assert!(release.disruptive);
    // An unknown patch (the newest known one's shape, other images): a patch upgrade.
    let got = changes(
        &bare("", "{version: v3.32.1}"),
        &bare("", "{version: v3.32.2}"),
    );
    assert_changes(
        &got,
        &[(
            &calico("version"),
            json!("v3.32.1"),
            json!("v3.32.2"),
            "version_change",
            false,
        )],
    );
}

/// The hazard entries of a release change.
fn hazards(old: &str, new: &str) -> Vec<(&'static str, bool)> {
    changes(
        &bare("", &format!("{{version: {old}}}")),
        &bare("", &format!("{{version: {new}}}")),
    )
    .into_iter()
    .filter(|c| c.path == "(rendered) Calico release" && c.rule != "version_change")
    .map(|c| (c.rule, c.disruptive))
    .collect()
}

#[test]
fn admin_network_policies_removed() {
    let got = hazards("v3.31.6", "v3.32.1");
    assert_eq!(got, [("admin_network_policies_removed", true)]);
    let reason = changes(
        &bare("", "{version: v3.31.6}"),
        &bare("", "{version: v3.32.1}"),
    )
    .into_iter()
    .find(|c| c.rule == "admin_network_policies_removed")
    .unwrap()
    .reason;
    assert!(reason.contains("AdminNetworkPolicy"), "{reason}");
    // Within 3.31, and upwards to 3.31: none.
    assert!(hazards("v3.31.3", "v3.31.6").is_empty());
}

#[test]
fn crds_removed() {
    // Down from 3.31 to 3.29: BaselineAdminNetworkPolicy and the staged kinds go, no replacement.
    assert!(hazards("v3.31.6", "v3.29.4").contains(&("crds_removed", true)));
    assert!(!hazards("v3.31.6", "v3.32.1")
        .iter()
        .any(|(id, _)| *id == "crds_removed"));
}

#[test]
fn bandwidth_plugin_removed() {
    assert!(hazards("v3.29.4", "v3.30.3").contains(&("bandwidth_plugin_removed", true)));
    assert!(!hazards("v3.30.3", "v3.29.4")
        .iter()
        .any(|(id, _)| *id == "bandwidth_plugin_removed"));
}

#[test]
fn bpffs_init_container_renamed() {
    assert_eq!(
        hazards("v3.30.7", "v3.31.6"),
        [("bpffs_init_container_renamed", false)]
    );
}

#[test]
fn upstream_registry_moved() {
    let up = |v: &str| format!("profile: upstream\nnetworking:\n  calico: {{version: {v}}}\n");
    let got = changes(&up("v3.30.7"), &up("v3.31.6"));
    assert!(
        got.iter()
            .any(|c| c.rule == "upstream_registry_moved" && !c.disruptive),
        "{got:#?}"
    );
    // kOps keeps docker.io: no such hazard there.
    assert!(!hazards("v3.30.7", "v3.31.6")
        .iter()
        .any(|(id, _)| *id == "upstream_registry_moved"));
}

#[test]
fn registry_change() {
    single(
        "registry",
        "docker.io",
        "quay.io",
        json!("docker.io"),
        json!("quay.io"),
        "registry_change",
        false,
    );
}

#[test]
fn cpu_request_change() {
    single(
        "cpuRequest",
        "250m",
        "\"0.5\"",
        json!("250m"),
        json!("500m"),
        "cpu_request_change",
        false,
    );
}

#[test]
fn log_level_change() {
    single(
        "logSeverityScreen",
        "info",
        "debug",
        json!("info"),
        json!("debug"),
        "log_level_change",
        false,
    );
}

#[test]
fn metrics_change() {
    for (field, old, new, want_old, want_new) in [
        (
            "prometheusMetricsEnabled",
            "false",
            "true",
            json!(false),
            json!(true),
        ),
        (
            "prometheusMetricsPort",
            "9091",
            "9095",
            json!(9091),
            json!(9095),
        ),
        (
            "prometheusGoMetricsEnabled",
            "false",
            "true",
            json!(false),
            json!(true),
        ),
        (
            "prometheusProcessMetricsEnabled",
            "false",
            "true",
            json!(false),
            json!(true),
        ),
        (
            "typhaPrometheusMetricsEnabled",
            "false",
            "true",
            json!(false),
            json!(true),
        ),
        (
            "typhaPrometheusMetricsPort",
            "9093",
            "9096",
            json!(9093),
            json!(9096),
        ),
    ] {
        single(field, old, new, want_old, want_new, "metrics_change", false);
    }
}

#[test]
fn egress_proxy_change() {
    let proxy = |host: &str, excludes: &str| {
        format!("cloudProvider: aws\negressProxy:\n  httpProxy: {{host: {host}, port: 3128}}\n  excludes: {excludes}\nnetworkCIDR: 172.20.0.0/16")
    };
    let got = changes(
        &bare(&proxy("proxy-a.example.com", "corp.example.com"), "{}"),
        &bare(&proxy("proxy-b.example.com", "corp.example.com"), "{}"),
    );
    assert_changes(
        &got,
        &[(
            "spec.egressProxy.httpProxy (http_proxy)",
            json!("http://proxy-a.example.com:3128"),
            json!("http://proxy-b.example.com:3128"),
            "egress_proxy_change",
            false,
        )],
    );
    let got = changes(
        &bare(&proxy("proxy.example.com", "corp.example.com"), "{}"),
        &bare(&proxy("proxy.example.com", "other.example.com"), "{}"),
    );
    let row = on(&got, "spec.egressProxy.excludes (no_proxy)");
    assert_eq!((row.rule, row.disruptive), ("egress_proxy_change", false));
    assert!(
        row.new.as_str().unwrap().contains("other.example.com"),
        "{row:?}"
    );
    assert_eq!(got.len(), 1, "{got:#?}");
    // networkCIDR reaches the no_proxy list.
    let got = changes(
        &bare("cloudProvider: aws\nnetworkCIDR: 172.20.0.0/16", "{}"),
        &bare("cloudProvider: aws\nnetworkCIDR: 172.21.0.0/16", "{}"),
    );
    assert_changes(
        &got,
        &[(
            "spec.networkCIDR",
            json!("172.20.0.0/16"),
            json!("172.21.0.0/16"),
            "egress_proxy_change",
            false,
        )],
    );
}

#[test]
fn bgp_as_number_change() {
    let got = changes(&bare(RR, "{}"), &bare(&RR.replace("64512", "64513"), "{}"));
    assert_changes(
        &got,
        &[(
            "spec.bgp.asNumber",
            json!(64512),
            json!(64513),
            "bgp_as_number_change",
            true,
        )],
    );
}

#[test]
fn bgp_as_number_change_to_the_default_is_no_change() {
    let got = changes(
        &bare("bgp: {routeReflectors: {nodeSelector: \"has(rr)\", clusterID: 244.0.0.1}}", "{}"),
        &bare(
            "bgp: {asNumber: 64512, routeReflectors: {nodeSelector: \"has(rr)\", clusterID: 244.0.0.1}}",
            "{}",
        ),
    );
    assert!(got.iter().all(|c| !c.disruptive), "{got:#?}");
}

#[test]
fn route_reflectors_toggle() {
    let mesh = bare("bgp: {asNumber: 64512}", "{}");
    let reflectors = bare(RR, "{}");
    // On.
    let got = changes(&mesh, &reflectors);
    assert_eq!(got.len(), 1, "{got:#?}");
    let row = on(&got, "spec.bgp.routeReflectors");
    assert_eq!(
        (&row.old, row.rule, row.disruptive),
        (&Value::Null, "route_reflectors_toggle", true)
    );
    assert!(!row.new.is_null());
    assert!(
        row.reason
            .contains("projectcalico.org/RouteReflectorClusterID"),
        "{}",
        row.reason
    );
    // Off.
    let got = changes(&reflectors, &mesh);
    let row = on(&got, "spec.bgp.routeReflectors");
    assert_eq!(
        (&row.new, row.rule, row.disruptive),
        (&Value::Null, "route_reflectors_toggle", true)
    );
    // From no bgp block at all: the AS number is Calico's default either way.
    let got = changes(&bare("", "{}"), &reflectors);
    let mut rules: Vec<_> = got
        .iter()
        .map(|c| (c.path.as_str(), c.rule, c.disruptive))
        .collect();
    rules.sort();
    assert_eq!(
        rules,
        [("spec.bgp.routeReflectors", "route_reflectors_toggle", true)]
    );
}

#[test]
fn route_reflector_selector_change() {
    let other_selector = RR.replace("route-reflector == 'true'", "has(rr)");
    let other_cluster_id = RR.replace("244.0.0.1", "244.0.0.2");
    for new in [other_selector, other_cluster_id] {
        let got = changes(&bare(RR, "{}"), &bare(&new, "{}"));
        assert_eq!(got.len(), 1, "{got:#?}");
        let row = on(&got, "spec.bgp.routeReflectors");
        assert_eq!(
            (row.rule, row.disruptive),
            ("route_reflectors_toggle", true)
        );
        assert!(!row.old.is_null() && !row.new.is_null(), "{row:?}");
        assert!(
            row.reason.starts_with("moving the route reflectors"),
            "{}",
            row.reason
        );
    }
}

#[test]
fn cloud_provider_change() {
    let got = changes(
        &bare("cloudProvider: aws", "{}"),
        &bare("cloudProvider: gce", "{}"),
    );
    assert_changes(
        &got,
        &[
            (
                "spec.cloudProvider",
                json!("aws"),
                json!("gce"),
                "cloud_provider_change",
                true,
            ),
            // kOps's AWS network CIDR default goes with the cloud (it feeds no_proxy).
            (
                "spec.networkCIDR",
                json!("172.20.0.0/16"),
                Value::Null,
                "egress_proxy_change",
                false,
            ),
            // AWS's source/destination-check default goes with the cloud.
            (
                &calico("awsSrcDstCheck"),
                json!("Disable"),
                json!("DoNothing"),
                "aws_src_dst_check_change",
                true,
            ),
        ],
    );
}

#[test]
fn advisory_only() {
    let got = changes(
        &bare("nodeCount: 10\nhostMTU: 1500", "{}"),
        &bare("nodeCount: 40\nhostMTU: 9001", "{}"),
    );
    assert_changes(
        &got,
        &[
            (
                "spec.nodeCount",
                json!(10),
                json!(40),
                "advisory_only",
                false,
            ),
            (
                "spec.hostMTU",
                json!(1500),
                json!(9001),
                "advisory_only",
                false,
            ),
        ],
    );
    // The advice rows that move with them are not reported.
    assert!(got.iter().all(|c| !c.path.starts_with("(advice)")));
    // Adding the facts is advisory too.
    let got = changes(
        &bare("", "{}"),
        &bare("nodeCount: 400\nhostMTU: 9001", "{}"),
    );
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(got
        .iter()
        .all(|c| c.rule == "advisory_only" && !c.disruptive));
}

#[test]
fn unchanged_specs_have_no_changes() {
    // The same spec twice.
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    for name in [
        "kitchen-sink.yaml",
        "doc-ebpf-dsr-debug.yaml",
        "net-ipv6.yaml",
        "net-egress-proxy.yaml",
    ] {
        let yaml = std::fs::read_to_string(fixtures.join(name)).unwrap();
        let got = changes(&yaml, &yaml);
        assert!(got.is_empty(), "{name}: {got:#?}");
    }
    // Defaults spelled out, and the three input forms of one spec: only
    // effective values count, not how they were written.
    let implicit = bare("", "{}");
    let explicit = bare(
        "",
        "{encapsulationMode: ipip, ipipMode: CrossSubnet, mtu: 0, typhaReplicas: 0, chainInsertMode: insert, registry: docker.io, version: v3.31.6, cpuRequest: 250m}",
    );
    let cluster = "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: calico.example.com\nspec:\n  networking:\n    calico: {}\n";
    let kind = "apiVersion: calico-render.dev/v1alpha1\nkind: CalicoNetworking\nmetadata:\n  name: calico.example.com\nspec:\n  networking:\n    calico: {}\n";
    for other in [explicit.as_str(), cluster, kind] {
        let got = changes(&implicit, other);
        assert!(got.is_empty(), "{other}: {got:#?}");
    }
}

/// Every path `explain` prints (advice aside) is covered by a rule, so no
/// change is ever classified as `unresearched`.
#[test]
fn every_explained_setting_has_a_rule() {
    let yaml = format!(
        "cloudProvider: aws\nnodeCount: 10\nhostMTU: 9001\nnetworkCIDR: 172.20.0.0/16\negressProxy: {{httpProxy: {{host: proxy.example.com}}}}\n{RR}\nnetworking:\n  calico: {{nftablesMode: Enabled}}\n"
    );
    let upstream = "profile: upstream\npolicyOnly: false\nkubernetesServiceEndpoint: {host: 10.0.0.1, port: 6443}\nnetworking:\n  calico: {}\n";
    let operator = "profile: operator\nnodeCount: 10\nkubernetesServiceEndpoint: {host: 10.0.0.1, port: 6443}\nnetworking:\n  calico: {}\n";
    let mut rows = resolve_with(&yaml, &Options::default()).explain();
    rows.extend(resolve_with(upstream, &Options::default()).explain());
    rows.extend(resolve_with(operator, &Options::default()).explain());
    let covered: BTreeSet<&str> = RULES.iter().flat_map(|r| r.paths.iter().copied()).collect();
    let missing: Vec<&str> = rows
        .iter()
        .map(|r| r.path.as_str())
        .filter(|p| !p.starts_with("(advice)") && !covered.contains(p))
        .collect();
    assert!(missing.is_empty(), "settings without a rule: {missing:?}");
}

/// Each rule id has a `#[test] fn <id>()` in this file (or, for a rule with
/// two verdicts, `fn <id>_<verdict>()`).
#[test]
fn every_rule_has_a_test() {
    let source = include_str!("transitions.rs");
    let tested: BTreeSet<&str> = source
        .split("#[test]\nfn ")
        .skip(1)
        .filter_map(|rest| rest.split_once("()").map(|(name, _)| name))
        .collect();
    assert!(tested.contains("every_rule_has_a_test"), "{tested:?}");
    let ids: BTreeSet<&str> = RULES.iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), RULES.len(), "duplicate rule ids");
    // A rule with two verdicts may have one test per verdict, `<id>_<verdict>`.
    let untested: Vec<&&str> = ids
        .iter()
        .filter(|id| {
            !tested
                .iter()
                .any(|t| t == *id || t.starts_with(&format!("{id}_")))
        })
        .collect();
    assert!(
        untested.is_empty(),
        "rules without a test named after them: {untested:?}"
    );
    // The verdict branches named in reasons have their own tests too.
    for branch in ["typha_scale", "route_reflector_selector_change"] {
        assert!(tested.contains(branch), "{branch}");
    }
}

#[test]
fn profile_change() {
    let got = changes(&bare("", "{}"), &bare("profile: upstream", "{}"));
    let row = |path: &str| got.iter().find(|c| c.path == path);
    let profile = row("spec.profile").expect("the profile row");
    assert_eq!(
        (profile.rule, profile.disruptive, &profile.old, &profile.new),
        ("profile_change", true, &json!("kops"), &json!("upstream"))
    );
    // The settings the profiles default differently are listed with their own rules.
    let ipip = row(&calico("ipipMode (CALICO_IPV4POOL_IPIP)")).expect("the pool mode row");
    assert_eq!(
        (&ipip.old, &ipip.new),
        (&json!("CrossSubnet"), &json!("Always"))
    );
    let registry = row(&calico("registry")).expect("the registry row");
    assert_eq!(
        (registry.rule, &registry.new),
        ("registry_change", &json!("quay.io"))
    );
    // The same profile on both sides: nothing.
    assert!(changes(
        &bare("profile: upstream", "{}"),
        &bare("profile: upstream", "{}")
    )
    .is_empty());
}

#[test]
fn policy_only_toggle() {
    let got = changes(
        &bare("profile: upstream", "{}"),
        &bare("profile: upstream\npolicyOnly: true", "{}"),
    );
    let toggle = got
        .iter()
        .find(|c| c.path == "spec.policyOnly")
        .expect("the policyOnly row");
    assert_eq!(
        (toggle.rule, toggle.disruptive, &toggle.new),
        ("policy_only_toggle", true, &json!(true))
    );
    // Policy-only brings Typha (one replica) with it.
    assert!(got
        .iter()
        .any(|c| c.path == calico("typhaReplicas") && c.rule == "typha_toggle"));
}

/// Into the operator profile: the profile row says so, and the operator's
/// rows list what it takes over and handles differently (`rule`
/// `operator_migration`, from `calico_spec::migration`).
#[test]
fn profile_change_to_operator() {
    let kops = "cloudProvider: aws\negressProxy: {httpProxy: {host: proxy.example.com}}";
    let operator = format!("profile: operator\n{kops}");
    let got = changes(
        &bare(kops, "{typhaReplicas: 2}"),
        &bare(&operator, "{typhaReplicas: 2}"),
    );
    let profile = got.iter().find(|c| c.path == "spec.profile").unwrap();
    assert!(profile.disruptive && profile.reason.contains("(operator) rows"));
    let rows: Vec<(&str, bool)> = got
        .iter()
        .filter(|c| c.rule == "operator_migration")
        .map(|c| (c.path.as_str(), c.disruptive))
        .collect();
    assert_eq!(
        rows,
        [
            ("(operator) calico-node", true),
            ("(operator) Typha", false),
            ("(operator) kube-controllers", false),
            ("(operator) IP pools", false),
            ("(operator) CRDs", false),
            ("(operator) new components", false),
            ("(operator) spec.networking.calico.registry", false),
            ("(operator) spec.networking.calico.cpuRequest", false),
            ("(operator) spec.networking.calico.typhaReplicas", false),
            ("(operator) spec.egressProxy", true),
            ("(operator) AWS permissions", true),
        ]
    );
    // Settings the spec names are carried: no registry or CPU rows.
    let named = "{registry: r.example.com, cpuRequest: 100m}";
    let got = changes(&bare("", named), &bare("profile: operator", named));
    assert!(!got
        .iter()
        .any(|c| c.path.contains("registry") || c.path.contains("cpuRequest")));
    // Between the manifest profiles there are none.
    let got = changes(&bare("", "{}"), &bare("profile: upstream", "{}"));
    assert!(!got.iter().any(|c| c.rule == "operator_migration"));
}

#[test]
fn operator_migration_plan_orders_the_move() {
    let plan = |old: &str, new: &str| {
        calico_spec::upgrade::plan(
            &resolve_with(old, &Options::default()),
            &resolve_with(new, &Options::default()),
        )
    };
    let kops = bare("cloudProvider: aws", "{}");
    let operator = bare("profile: operator\ncloudProvider: aws", "{}");
    let steps = plan(&kops, &operator);
    let at = |needle: &str| {
        steps
            .iter()
            .position(|s| s.contains(needle))
            .unwrap_or_else(|| panic!("{needle}: {steps:#?}"))
    };
    assert!(at("back up") < at("aws-iam-policy <old spec>"));
    assert!(at("aws-iam-policy") < at("spec.networking to {cni: {}}"));
    assert!(at("{cni: {}}") < at("/spec/template/spec/affinity"));
    assert!(at("affinity") < at("--part install <new spec>"));
    assert!(at("condition=established") < at("--part resources <new spec>"));
    assert!(at("tigerastatus") < at("delete configmap calico-config"));
    // From upstream's manifests there is no kOps to stop.
    let steps = plan(&bare("profile: upstream", "{}"), &operator);
    assert!(
        !steps.iter().any(|s| s.contains("kops update")),
        "{steps:#?}"
    );
    // Back from the operator: no migration exists.
    let steps = plan(&operator, &kops);
    assert_eq!(steps.len(), 1);
    assert!(steps[0].contains("no migration back"));
}

/// A release change within the operator profile: the new install first
/// (the operator upgrades the CRDs and Calico itself), then the resources;
/// the hazards of calico.yaml's own shape do not apply.
#[test]
fn version_change_in_the_operator_profile() {
    let at = |v: &str| {
        resolve_with(
            &bare("profile: operator", &format!("{{version: {v}}}")),
            &Options::default(),
        )
    };
    let (old, new) = (at("v3.30.7"), at("v3.31.6"));
    let steps = calico_spec::upgrade::plan(&old, &new);
    assert!(steps[0].contains("--part install <new spec>"), "{steps:#?}");
    assert!(!steps.iter().any(|s| s.contains("calico-render crds")));
    assert!(steps[steps.len() - 2].contains("--part resources <new spec>"));
    let rules: Vec<&str> = compare(&old, &new).iter().map(|c| c.rule).collect();
    assert!(
        !rules.contains(&"bpffs_init_container_renamed"),
        "{rules:?}"
    );
    // The same change in the kOps profile has it.
    let kops = |v: &str| resolve_with(&bare("", &format!("{{version: {v}}}")), &Options::default());
    let rules: Vec<&str> = compare(&kops("v3.30.7"), &kops("v3.31.6"))
        .iter()
        .map(|c| c.rule)
        .collect();
    assert!(rules.contains(&"bpffs_init_container_renamed"), "{rules:?}");
}

/// Within the operator profile: Typha is the operator's, and the pools are
/// reconciled from the Installation.
#[test]
fn typha_toggle_in_the_operator_profile() {
    let op = |calico: &str| bare("profile: operator", calico);
    let got = changes(&op("{}"), &op("{typhaReplicas: 3}"));
    let typha = got.iter().find(|c| c.rule == "typha_toggle").unwrap();
    assert!(
        !typha.disruptive && typha.reason.contains("operator"),
        "{typha:?}"
    );
    let got = changes(&op("{}"), &op("{ipipMode: Always}"));
    let pool = got.iter().find(|c| c.rule == "ipip_mode_change").unwrap();
    assert!(
        pool.disruptive && pool.reason.contains("reconciles the pool"),
        "{pool:?}"
    );
    // The kOps profile keeps its verdicts.
    let got = changes(&bare("", "{}"), &bare("", "{typhaReplicas: 3}"));
    assert!(
        got.iter()
            .find(|c| c.rule == "typha_toggle")
            .unwrap()
            .disruptive
    );
}
