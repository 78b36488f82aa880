//! One test per validation rule: kOps's V1–V21 (kops-calico.md §3.1) with
//! their paths and types, the two passes of §3.4, the kOps-era gating, the
//! rules calico-render adds, and every warning. Each test checks the
//! complete error set (sorted (path, type) pairs), not just one member.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use calico_spec::ErrorType::{Duplicate, Forbidden, Invalid, NotSupported, Required};
use calico_spec::{ErrorType, Options};
use common::{
    bare, calico, era, err, errors, errors_with, invalid, set, warnings, warnings_on, warnings_with,
};

type Errs = Vec<(String, ErrorType)>;

fn none() -> Errs {
    Vec::new()
}

/// A YAML-quoted string (so that `Off` or `off` stay strings, as kOps's YAML 1.1 decoder needs).
fn q(v: &str) -> String {
    serde_json::json!(v).to_string()
}

fn one(field: &str, ty: ErrorType) -> Errs {
    vec![err(&calico(field), ty)]
}

const V6: &str = "nonMasqueradeCIDR: \"::/0\"";
const AWS6: &str = "cloudProvider: aws\nnonMasqueradeCIDR: \"::/0\"";
const AZURE: &str = "cloudProvider: azure";

// ---------------------------------------------------------------------------
// V1 / V2 / V3: awsSrcDstCheck, crossSubnet

#[test]
fn v1_aws_src_dst_check_only_donothing_on_ipv6() {
    for v in ["Enable", "Disable", "off", "donothing"] {
        let yaml = bare(AWS6, &format!("{{awsSrcDstCheck: {}}}", q(v)));
        // On IPv6 an unknown value yields only V1 (V2 is in the else branch).
        assert_eq!(errors(&yaml), one("awsSrcDstCheck", Forbidden), "{v}");
    }
    assert_eq!(errors(&bare(AWS6, "{awsSrcDstCheck: DoNothing}")), none());
    assert_eq!(
        errors(&bare(V6, "{awsSrcDstCheck: Enable}")),
        one("awsSrcDstCheck", Forbidden)
    );
}

#[test]
fn v1_from_1_26() {
    // Before 1.26 IPv6 clusters fall through to V2's allowed-value check.
    let old = era(1, 25);
    assert_eq!(
        errors_with(&bare(AWS6, "{awsSrcDstCheck: Enable}"), &old),
        none()
    );
    assert_eq!(
        errors_with(&bare(AWS6, "{awsSrcDstCheck: \"off\"}"), &old),
        one("awsSrcDstCheck", NotSupported)
    );
    assert_eq!(
        errors_with(&bare(AWS6, "{awsSrcDstCheck: Enable}"), &era(1, 26)),
        one("awsSrcDstCheck", Forbidden)
    );
}

#[test]
fn v2_aws_src_dst_check_allowed_values() {
    for ok in ["Enable", "Disable", "DoNothing"] {
        assert_eq!(
            errors(&bare(
                "cloudProvider: aws",
                &format!("{{awsSrcDstCheck: {ok}}}")
            )),
            none()
        );
    }
    // Case-sensitive.
    for bad in ["off", "disable", "DONOTHING"] {
        let yaml = bare(
            "cloudProvider: aws",
            &format!("{{awsSrcDstCheck: {}}}", q(bad)),
        );
        let e = invalid(&yaml, &Options::default());
        assert_eq!(e.errors.len(), 1, "{bad}");
        let e = &e.errors[0];
        assert_eq!(
            (e.path.as_str(), e.error_type),
            (calico("awsSrcDstCheck").as_str(), NotSupported)
        );
        assert_eq!(e.value, serde_json::json!(bad));
        for allowed in ["Enable", "Disable", "DoNothing"] {
            assert!(
                e.message.contains(allowed),
                "message lists {allowed}: {}",
                e.message
            );
        }
    }
    // Also checked (not just ignored) on other clouds.
    assert_eq!(
        errors(&bare("cloudProvider: gce", "{awsSrcDstCheck: \"off\"}")),
        one("awsSrcDstCheck", NotSupported)
    );
}

#[test]
fn v3_cross_subnet_check_is_a_no_op() {
    // kOps builds the error but never appends it (oddity 7.1): no error, only the deprecation warning.
    let yaml = bare(
        "cloudProvider: aws",
        "{crossSubnet: true, awsSrcDstCheck: Enable}",
    );
    assert_eq!(errors(&yaml), none());
    assert_eq!(warnings_on(&yaml, &calico("crossSubnet")).len(), 1);
}

// ---------------------------------------------------------------------------
// V4: BPF needs kube-proxy off (and the completed-spec pass)

#[test]
fn v4_bpf_requires_kube_proxy_disabled() {
    let kp = err("spec.kubeProxy.enabled", Forbidden);
    assert_eq!(
        errors(&bare("kubeProxy: {}", "{bpfEnabled: true}")),
        vec![kp.clone()]
    );
    assert_eq!(
        errors(&bare("kubeProxy: {enabled: true}", "{bpfEnabled: true}")),
        vec![kp.clone()]
    );
    assert_eq!(
        errors(&bare("kubeProxy: {enabled: false}", "{bpfEnabled: true}")),
        none()
    );
    assert_eq!(
        errors(&bare("kubeProxy: {enabled: true}", "{bpfEnabled: false}")),
        none()
    );
    let e = invalid(
        &bare("kubeProxy: {enabled: true}", "{bpfEnabled: true}"),
        &Options::default(),
    );
    assert_eq!(e.errors[0].value, serde_json::json!(true));
    assert!(
        e.errors[0].message.contains("kubeProxy"),
        "{}",
        e.errors[0].message
    );
}

#[test]
fn v4_bpf_without_kube_proxy_section_fails_via_completed_spec() {
    // The first pass sees no kubeProxy section; the completed spec always has one (§3.4).
    assert_eq!(
        errors(&bare("", "{bpfEnabled: true}")),
        vec![err("spec.kubeProxy.enabled", Forbidden)]
    );
}

#[test]
fn v4_from_1_36() {
    for kube_proxy in ["", "kubeProxy: {}", "kubeProxy: {enabled: true}"] {
        let yaml = bare(kube_proxy, "{bpfEnabled: true}");
        assert_eq!(errors_with(&yaml, &era(1, 35)), none(), "{kube_proxy}");
        assert_eq!(
            errors_with(&yaml, &era(1, 36)),
            vec![err("spec.kubeProxy.enabled", Forbidden)],
            "{kube_proxy}"
        );
    }
}

// ---------------------------------------------------------------------------
// V5–V7, V18: allowed values

fn enum_rule(field: &str, good: &[&str], bad: &[&str]) {
    for g in good {
        assert_eq!(
            errors(&bare("", &format!("{{{field}: {}}}", q(g)))),
            none(),
            "{field}: {g}"
        );
    }
    for b in bad {
        let yaml = bare("", &format!("{{{field}: {}}}", q(b)));
        assert_eq!(errors(&yaml), one(field, NotSupported), "{field}: {b}");
        let e = invalid(&yaml, &Options::default());
        for g in good {
            assert!(
                e.errors[0].message.contains(&format!("\"{g}\"")),
                "{}",
                e.errors[0].message
            );
        }
    }
}

#[test]
fn v5_bpf_external_service_mode_values() {
    enum_rule(
        "bpfExternalServiceMode",
        &["Tunnel", "DSR"],
        &["dsr", "Direct"],
    );
}

#[test]
fn v6_bpf_log_level_values() {
    enum_rule(
        "bpfLogLevel",
        &["Off", "Info", "Debug"],
        &["Trace", "debug"],
    );
}

#[test]
fn v7_chain_insert_mode_values() {
    enum_rule(
        "chainInsertMode",
        &["insert", "append"],
        &["Insert", "prepend"],
    );
}

#[test]
fn v18_iptables_backend_values() {
    enum_rule(
        "iptablesBackend",
        &["Auto", "Legacy", "NFT"],
        &["nft", "nftables"],
    );
}

#[test]
fn empty_strings_are_unset() {
    // kOps checks each field only when non-empty.
    let yaml = bare(
        "",
        "{awsSrcDstCheck: \"\", bpfExternalServiceMode: \"\", bpfLogLevel: \"\", chainInsertMode: \"\", encapsulationMode: \"\", ipipMode: \"\", vxlanMode: \"\", ipv4AutoDetectionMethod: \"\", ipv6AutoDetectionMethod: \"\", iptablesBackend: \"\", nftablesMode: \"\", logSeverityScreen: \"\"}",
    );
    assert_eq!(errors(&yaml), none());
}

// ---------------------------------------------------------------------------
// V8–V11: encapsulationMode

#[test]
fn v8_encapsulation_mode_values() {
    assert_eq!(
        errors(&bare("", "{encapsulationMode: gre}")),
        one("encapsulationMode", NotSupported)
    );
    assert_eq!(
        errors(&bare("", "{encapsulationMode: IPIP}")),
        one("encapsulationMode", NotSupported)
    );
    // V9 is checked even after V8 fired: NotSupported + Forbidden on one path.
    assert_eq!(
        errors(&bare(V6, "{encapsulationMode: gre}")),
        set(vec![
            err(&calico("encapsulationMode"), NotSupported),
            err(&calico("encapsulationMode"), Forbidden)
        ])
    );
}

#[test]
fn v8_none_allowed_from_1_23() {
    // Before 1.23 only ipip and vxlan exist (and V10 does not).
    assert_eq!(
        errors_with(&bare("", "{encapsulationMode: none}"), &era(1, 22)),
        one("encapsulationMode", NotSupported)
    );
    assert_eq!(
        errors_with(&bare("", "{encapsulationMode: none}"), &era(1, 23)),
        one("encapsulationMode", Forbidden)
    );
}

#[test]
fn v9_ipv6_requires_none() {
    for mode in ["ipip", "vxlan"] {
        assert_eq!(
            errors(&bare(V6, &format!("{{encapsulationMode: {mode}}}"))),
            one("encapsulationMode", Forbidden),
            "{mode}"
        );
    }
    assert_eq!(errors(&bare(V6, "{encapsulationMode: none}")), none());
}

#[test]
fn v10_none_only_on_ipv6() {
    let yaml = bare("", "{encapsulationMode: none}");
    let e = invalid(&yaml, &Options::default());
    assert_eq!(
        e.errors.len(),
        1,
        "reported once although both passes see it: {:?}",
        e.errors
    );
    assert_eq!(e.errors[0].path, calico("encapsulationMode"));
    assert_eq!(e.errors[0].error_type, Forbidden);
    assert_eq!(e.errors[0].value, serde_json::json!("none"));
}

#[test]
fn v11_azure_requires_vxlan() {
    // (The builder's vxlanMode adds a V15 error here in kOps; see the ignored test below.)
    assert!(errors(&bare(AZURE, "{encapsulationMode: ipip}"))
        .contains(&err(&calico("encapsulationMode"), Forbidden)));
    assert_eq!(
        errors(&bare(AZURE, "{encapsulationMode: ipip, vxlanMode: Never}")),
        one("encapsulationMode", Forbidden)
    );
    assert_eq!(errors(&bare(AZURE, "{encapsulationMode: vxlan}")), none());
    assert_eq!(errors(&bare(AZURE, "{}")), none());
    assert_eq!(
        errors(&bare(
            "cloudProvider: {azure: {}}",
            "{encapsulationMode: vxlan, ipipMode: Never}"
        )),
        none()
    );
    assert_eq!(
        errors(&bare(
            "cloudProvider: {azure: {}}",
            "{encapsulationMode: ipip, vxlanMode: Never}"
        )),
        one("encapsulationMode", Forbidden)
    );
    // Azure + IPv6 is impossible (oddity 7.13): the IPv6 rule wants none, Azure wants vxlan.
    assert_eq!(
        errors(&bare(
            "cloudProvider: azure\nnonMasqueradeCIDR: \"::/0\"",
            "{}"
        )),
        one("encapsulationMode", Forbidden)
    );
}

#[test]
fn v11_azure_user_encapsulation_also_fails_builders_vxlan_mode() {
    // Verified with the kops-oracle (kOps's builder + options-loader merge + rules).
    let enc = err(&calico("encapsulationMode"), Forbidden);
    let vx = err(&calico("vxlanMode"), Forbidden);
    assert_eq!(
        errors(&bare(AZURE, "{encapsulationMode: ipip}")),
        set(vec![enc.clone(), vx.clone()])
    );
    assert_eq!(
        errors(&bare(AZURE, "{encapsulationMode: ipip, ipipMode: Always}")),
        set(vec![enc.clone(), vx.clone()])
    );
    // none on an IPv4 Azure cluster: V10 and V11 (two Forbidden on one path), plus V15.
    assert_eq!(
        errors(&bare(AZURE, "{encapsulationMode: none}")),
        set(vec![enc.clone(), enc.clone(), vx])
    );
    // The user's own vxlanMode: Never replaces the builder's Always: only V11.
    assert_eq!(
        errors(&bare(AZURE, "{encapsulationMode: ipip, vxlanMode: Never}")),
        vec![enc]
    );
}

#[test]
fn v11_azure_checks_the_provider_even_with_metal_label() {
    let yaml = "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: m.example.com\n  labels: {alpha.kops.k8s.io/cloud: metal}\nspec:\n  cloudProvider: azure\n  networking: {calico: {encapsulationMode: ipip}}\n";
    assert_eq!(errors(yaml), one("encapsulationMode", Forbidden));
}

#[test]
fn v11_from_1_35() {
    let yaml = bare(AZURE, "{encapsulationMode: ipip, vxlanMode: Never}");
    assert_eq!(errors_with(&yaml, &era(1, 34)), none());
    assert_eq!(
        errors_with(&bare(AZURE, "{encapsulationMode: ipip}"), &era(1, 34)),
        none()
    );
    assert_eq!(
        errors_with(&yaml, &era(1, 35)),
        one("encapsulationMode", Forbidden)
    );
}

// ---------------------------------------------------------------------------
// V12–V15: pool modes

#[test]
fn v12_ipip_mode_values() {
    for ok in ["Always", "CrossSubnet", "Never"] {
        assert_eq!(errors(&bare("", &format!("{{ipipMode: {ok}}}"))), none());
    }
    assert_eq!(
        errors(&bare("", "{ipipMode: always}")),
        one("ipipMode", NotSupported)
    );
    // An invalid mode also trips V13 under another encapsulation.
    assert_eq!(
        errors(&bare("", "{encapsulationMode: vxlan, ipipMode: bogus}")),
        set(vec![
            err(&calico("ipipMode"), NotSupported),
            err(&calico("ipipMode"), Forbidden)
        ])
    );
}

#[test]
fn v13_ipip_mode_requires_ipip_encapsulation() {
    for m in ["Always", "CrossSubnet"] {
        assert_eq!(
            errors(&bare(
                "",
                &format!("{{encapsulationMode: vxlan, ipipMode: {m}}}")
            )),
            one("ipipMode", Forbidden)
        );
    }
    assert_eq!(
        errors(&bare("", "{encapsulationMode: vxlan, ipipMode: Never}")),
        none()
    );
    assert_eq!(
        errors(&bare("", "{encapsulationMode: ipip, ipipMode: Always}")),
        none()
    );
}

#[test]
fn v13_ipip_mode_on_ipv6_or_azure_fails_via_completed_spec() {
    // The builder fills in none (IPv6) or vxlan (Azure); the first pass sees no mode (§3.4).
    assert_eq!(
        errors(&bare(V6, "{ipipMode: Always}")),
        one("ipipMode", Forbidden)
    );
    assert_eq!(
        errors(&bare(AZURE, "{ipipMode: CrossSubnet}")),
        one("ipipMode", Forbidden)
    );
    assert_eq!(errors(&bare(V6, "{ipipMode: Never}")), none());
}

#[test]
fn v14_vxlan_mode_values() {
    for ok in ["Always", "CrossSubnet", "Never"] {
        assert_eq!(
            errors(&bare(
                "",
                &format!("{{encapsulationMode: vxlan, vxlanMode: {ok}}}")
            )),
            none()
        );
    }
    assert_eq!(
        errors(&bare(
            "",
            "{encapsulationMode: vxlan, vxlanMode: crosssubnet}"
        )),
        one("vxlanMode", NotSupported)
    );
    // Alone, the completed spec (ipip) adds V15 as well.
    assert_eq!(
        errors(&bare("", "{vxlanMode: bogus}")),
        set(vec![
            err(&calico("vxlanMode"), NotSupported),
            err(&calico("vxlanMode"), Forbidden)
        ])
    );
}

#[test]
fn v15_vxlan_mode_requires_vxlan_encapsulation() {
    assert_eq!(
        errors(&bare("", "{encapsulationMode: ipip, vxlanMode: Always}")),
        one("vxlanMode", Forbidden)
    );
    assert_eq!(
        errors(&bare("", "{encapsulationMode: ipip, vxlanMode: Never}")),
        none()
    );
}

#[test]
fn v15_vxlan_mode_always_alone_fails_only_via_completed_spec() {
    // First pass: no encapsulationMode, no error. Completed spec: ipip, so V15 fires.
    let e = invalid(&bare("", "{vxlanMode: Always}"), &Options::default());
    assert_eq!(
        e.errors
            .iter()
            .map(|x| (x.path.clone(), x.error_type))
            .collect::<Vec<_>>(),
        one("vxlanMode", Forbidden)
    );
    assert_eq!(e.errors[0].value, serde_json::json!("Always"));
    // Located at the user's vxlanMode value.
    let loc = e.errors[0].location.expect("a location");
    assert_eq!((loc.line, loc.column), (3, 23));
    assert_eq!(errors(&bare("", "{vxlanMode: Never}")), none());
}

#[test]
fn v14_v15_from_1_22() {
    assert_eq!(
        errors_with(&bare("", "{vxlanMode: Always}"), &era(1, 21)),
        none()
    );
    assert_eq!(
        errors_with(&bare("", "{vxlanMode: Always}"), &era(1, 22)),
        one("vxlanMode", Forbidden)
    );
}

// ---------------------------------------------------------------------------
// V16 / V17: auto-detection grammar (§3.3)

fn auto(field: &str, extra: &str, method: &str) -> Errs {
    errors(&bare(extra, &format!("{{{field}: {}}}", q(method))))
}

#[test]
fn v16_ipv4_auto_detection_method() {
    let f = "ipv4AutoDetectionMethod";
    for ok in [
        "first-found",
        "first-found=eth0",
        "can-reach=8.8.8.8",
        "can-reach=::ffff:8.8.8.8",
        "can-reach=010.001.002.003",
        "interface=eth0",
        "interface=en.*,eth0",
        "interface=eth0 , en.*",
        "interface=eth0,",
        "skip-interface=docker.*",
    ] {
        assert_eq!(auto(f, "", ok), none(), "{ok}");
    }
    for bad in [
        "bogus",
        "none",
        "First-Found",
        "cidr=10.0.0.0/8",
        "kubernetes-internal-ip",
        "=en0",
        "can-reach=::1",
        "can-reach=2001:4860:4860::8888",
        "can-reach=dns.google",
        "can-reach=",
        "interface=",
        "interface=,eth0",
        "interface=(",
        "skip-interface=[",
        "interface=foo=bar",
        "a=b=c",
        // kOps panics on these three (oddity 7.2); calico-render reports Invalid.
        "can-reach",
        "interface",
        "skip-interface",
    ] {
        assert_eq!(auto(f, "", bad), one(f, Invalid), "{bad}");
    }
    // Every regexp that does not compile is its own error.
    assert_eq!(
        auto(f, "", "interface=(,[,eth0"),
        vec![err(&calico(f), Invalid), err(&calico(f), Invalid)]
    );
    // An empty first element and a bad regexp: two errors.
    assert_eq!(
        auto(f, "", "interface=,("),
        vec![err(&calico(f), Invalid), err(&calico(f), Invalid)]
    );
}

#[test]
fn v17_ipv6_auto_detection_method() {
    let f = "ipv6AutoDetectionMethod";
    for ok in [
        "first-found",
        "can-reach=2001:4860:4860::8888",
        "can-reach=::1",
        "skip-interface=en.*,eth0",
    ] {
        assert_eq!(auto(f, V6, ok), none(), "{ok}");
    }
    for bad in [
        "can-reach=8.8.8.8",
        "can-reach=::ffff:8.8.8.8",
        "interface=",
        "bogus",
        "none",
    ] {
        assert_eq!(auto(f, V6, bad), one(f, Invalid), "{bad}");
    }
    // The message names the family.
    let e = invalid(
        &bare("", "{ipv6AutoDetectionMethod: \"can-reach=8.8.8.8\"}"),
        &Options::default(),
    );
    assert!(
        e.errors[0].message.contains("IPv6"),
        "{}",
        e.errors[0].message
    );
}

// ---------------------------------------------------------------------------
// V19 / V20 / V21

#[test]
fn v19_typha_replicas_not_negative() {
    let e = invalid(&bare("", "{typhaReplicas: -2}"), &Options::default());
    assert_eq!(e.errors.len(), 1);
    assert_eq!(e.errors[0].path, calico("typhaReplicas"));
    assert_eq!(e.errors[0].error_type, Invalid);
    assert_eq!(e.errors[0].value, serde_json::json!(-2));
    assert!(
        e.errors[0].message.contains("-2"),
        "{}",
        e.errors[0].message
    );
    assert_eq!(errors(&bare("", "{typhaReplicas: 0}")), none());
    assert_eq!(errors(&bare("", "{typhaReplicas: 3}")), none());
}

#[test]
fn v20_wireguard_ipv4_only() {
    assert_eq!(
        errors(&bare(V6, "{wireguardEnabled: true}")),
        one("wireguardEnabled", Forbidden)
    );
    assert_eq!(errors(&bare(V6, "{wireguardEnabled: false}")), none());
    assert_eq!(errors(&bare("", "{wireguardEnabled: true}")), none());
}

#[test]
fn v9_v10_v20_from_1_23() {
    // Before 1.23 there is no IPv6-only notion in the rules. (The `none` default
    // on ::/0 before 1.23 is a separate bug, see defaults.rs; an explicit ipip avoids it.)
    let old = era(1, 22);
    assert_eq!(
        errors_with(
            &bare(V6, "{encapsulationMode: ipip, wireguardEnabled: true}"),
            &old
        ),
        none()
    );
    assert_eq!(
        errors_with(
            &bare(V6, "{encapsulationMode: ipip, wireguardEnabled: true}"),
            &era(1, 23)
        ),
        set(vec![
            err(&calico("encapsulationMode"), Forbidden),
            err(&calico("wireguardEnabled"), Forbidden)
        ])
    );
}

#[test]
fn v21_one_networking_option() {
    let yaml = "networking: {calico: {}, cilium: {}}";
    let e = invalid(yaml, &Options::default());
    assert_eq!(
        errors(yaml),
        set(vec![
            err("spec.networking.calico", Forbidden),
            err("spec.networking.cilium", Forbidden)
        ])
    );
    assert!(e.errors[0].message.contains("calico") && e.errors[0].message.contains("cilium"));
    // Another option alone: calico-render only renders Calico.
    assert_eq!(
        errors("networking: {cilium: {}}"),
        vec![err("spec.networking.cilium", Forbidden)]
    );
    // Missing Calico.
    assert_eq!(
        errors("networking: {}"),
        vec![err("spec.networking.calico", Required)]
    );
    assert_eq!(
        errors("kubernetesVersion: v1.34.0"),
        vec![err("spec.networking.calico", Required)]
    );
}

// ---------------------------------------------------------------------------
// Two passes, one report

#[test]
fn errors_are_collected_not_first_fail_and_reported_once() {
    let yaml = bare(
        "cloudProvider: aws\nkubeProxy: {}",
        "{bpfEnabled: true, bpfLogLevel: Trace, chainInsertMode: Insert, encapsulationMode: none, ipipMode: x, typhaReplicas: -1, iptablesBackend: nft, ipv4AutoDetectionMethod: bogus, mtu: -5}",
    );
    assert_eq!(
        errors(&yaml),
        set(vec![
            err("spec.kubeProxy.enabled", Forbidden),
            err(&calico("bpfLogLevel"), NotSupported),
            err(&calico("chainInsertMode"), NotSupported),
            err(&calico("encapsulationMode"), Forbidden),
            err(&calico("ipipMode"), NotSupported),
            err(&calico("ipipMode"), Forbidden),
            err(&calico("typhaReplicas"), Invalid),
            err(&calico("iptablesBackend"), NotSupported),
            err(&calico("ipv4AutoDetectionMethod"), Invalid),
            err(&calico("mtu"), Invalid),
        ])
    );
}

#[test]
fn valid_specs_have_no_errors() {
    for yaml in [
        bare("", "{}"),
        bare("cloudProvider: aws", "{}"),
        bare(V6, "{}"),
        bare(AZURE, "{}"),
        bare(
            "kubeProxy: {enabled: false}",
            "{bpfEnabled: true, encapsulationMode: vxlan}",
        ),
        bare(
            "cloudProvider: aws",
            "{encapsulationMode: vxlan, vxlanMode: Always, wireguardEnabled: true, mtu: 8941}",
        ),
    ] {
        assert_eq!(errors(&yaml), none(), "{yaml}");
    }
}

// ---------------------------------------------------------------------------
// Rules calico-render adds (beyond kOps)

#[test]
fn mtu_range() {
    for ok in ["0", "68", "1500", "8981", "9001", "65535"] {
        assert_eq!(
            errors(&bare("", &format!("{{mtu: {ok}}}"))),
            none(),
            "mtu {ok}"
        );
    }
    for bad in ["-1", "1", "67", "65536", "2147483647"] {
        assert_eq!(
            errors(&bare("", &format!("{{mtu: {bad}}}"))),
            one("mtu", Invalid),
            "mtu {bad}"
        );
    }
    // IPv6 needs at least 1280.
    assert_eq!(errors(&bare(V6, "{mtu: 1279}")), one("mtu", Invalid));
    assert_eq!(errors(&bare(V6, "{mtu: 1280}")), none());
}

#[test]
fn metrics_ports_range() {
    for field in ["prometheusMetricsPort", "typhaPrometheusMetricsPort"] {
        for ok in ["0", "1", "9091", "65535"] {
            assert_eq!(
                errors(&bare("", &format!("{{{field}: {ok}}}"))),
                none(),
                "{field}: {ok}"
            );
        }
        for bad in ["-1", "65536", "100000"] {
            assert_eq!(
                errors(&bare("", &format!("{{{field}: {bad}}}"))),
                one(field, Invalid),
                "{field}: {bad}"
            );
        }
    }
}

#[test]
fn nftables_mode_values() {
    for ok in ["Disabled", "Enabled", "Auto"] {
        assert_eq!(
            errors(&bare("", &format!("{{nftablesMode: {ok}}}"))),
            none(),
            "{ok}"
        );
    }
    for bad in ["enabled", "On", "true-ish"] {
        assert_eq!(
            errors(&bare("", &format!("{{nftablesMode: {}}}", q(bad)))),
            one("nftablesMode", NotSupported),
            "{bad}"
        );
    }
}

#[test]
fn log_severity_screen_values() {
    for ok in [
        "info", "Info", "INFO", "debug", "Warning", "error", "Fatal", "trace",
    ] {
        assert_eq!(
            errors(&bare("", &format!("{{logSeverityScreen: {ok}}}"))),
            none(),
            "{ok}"
        );
    }
    for bad in ["verbose", "warn ", "none", "Panic"] {
        assert_eq!(
            errors(&bare(
                "",
                &format!("{{logSeverityScreen: {}}}", serde_json::json!(bad))
            )),
            one("logSeverityScreen", NotSupported),
            "{bad:?}"
        );
    }
}

#[test]
fn registry_image_reference() {
    for ok in [
        "docker.io",
        "quay.io",
        "my.registry:5000",
        "my.registry:5000/mirror",
        "registry.example.com/a/b-c",
        "localhost:5000/x_y",
    ] {
        assert_eq!(
            errors(&bare(
                "",
                &format!("{{registry: {}}}", serde_json::json!(ok))
            )),
            none(),
            "{ok}"
        );
    }
    for bad in [
        "quay.io/",
        "https://quay.io",
        "docker.io\nkind: Secret",
        "docker.io calico",
        "docker.io/calico/node:v1",
        "docker.io/Calico",
        "docker.io/x@sha256:abc",
        "-bad.io",
        "a\"b",
        "docker.io/x\n---\napiVersion: v1",
        "docker.io\"}",
    ] {
        assert_eq!(
            errors(&bare(
                "",
                &format!("{{registry: {}}}", serde_json::json!(bad))
            )),
            one("registry", Invalid),
            "{bad:?}"
        );
    }
}

/// `version` names a Calico release: a known one, or an unknown patch of a
/// known minor (warned); anything else is an error, never an image tag
/// rendered as given.
#[test]
fn version_names_a_release() {
    for ok in ["v3.31.6", "v3.27.0", "v3.29.5", "v3.31.9", "v3.32.2"] {
        assert_eq!(
            errors(&bare("", &format!("{{version: {ok}}}"))),
            none(),
            "{ok}"
        );
    }
    let digest = format!("v3.31.6@sha256:{}", "a".repeat(64));
    for malformed in [
        "latest",
        "3.31.6",
        "v3.31",
        "v3.31.6-rc.1",
        "v3.32.0-0.dev",
        "3.31_6",
        digest.as_str(),
        "v3.31.6 ",
        " v3.31.6",
        "v1\nkind: Secret",
        "v1\n---\napiVersion: v1\nkind: Secret",
        "v1\"",
    ] {
        assert_eq!(
            errors(&bare(
                "",
                &format!("{{version: {}}}", serde_json::json!(malformed))
            )),
            one("version", Invalid),
            "{malformed:?}"
        );
    }
    for unknown in ["v3.26.4", "v3.33.0", "v4.0.0"] {
        assert_eq!(
            errors(&bare("", &format!("{{version: {unknown}}}"))),
            one("version", NotSupported),
            "{unknown}"
        );
    }
    let e = invalid(&bare("", "{version: latest}"), &Options::default());
    assert_eq!(
        e.errors[0].to_string(),
        "3:21: spec.networking.calico.version: \"latest\" is not a Calico release: write vMAJOR.MINOR.PATCH, one of v3.27.0–v3.27.5, v3.28.0–v3.28.5, v3.29.0–v3.29.7, v3.30.0–v3.30.7, v3.31.0–v3.31.7, v3.32.0–v3.32.1; or remove version to render kOps 1.37's pin"
    );
    let e = invalid(&bare("", "{version: 3.29.4}"), &Options::default());
    assert!(
        e.errors[0]
            .to_string()
            .ends_with("\"3.29.4\" lacks the leading v of Calico's image tags: write v3.29.4; or remove version to render kOps 1.37's pin"),
        "{}",
        e.errors[0]
    );
}

/// kOps before 1.28 pins a release older than any calico-render renders: a
/// spec without `version` is an error that says what to do; with one, it
/// renders.
#[test]
fn old_kops_lines_need_a_version() {
    let old = Options::default().with_kops_version(calico_spec::KopsVersion::new(1, 27));
    let e = invalid("networking: {calico: {}}", &old);
    assert_eq!(e.errors.len(), 1, "{e}");
    assert_eq!(e.errors[0].path, calico("version"));
    assert!(
        e.errors[0]
            .to_string()
            .contains("kOps 1.27 pins a Calico release older than v3.27"),
        "{}",
        e.errors[0]
    );
    assert!(calico_spec::resolve(
        &calico_spec::parse_str("networking: {calico: {version: v3.27.3}}").unwrap(),
        &old
    )
    .is_ok());
}

/// nftablesMode arrived in kOps 1.35.
#[test]
fn nftables_mode_from_kops_1_35() {
    let spec = "networking: {calico: {nftablesMode: Enabled}}";
    for (minor, want) in [(34, 1), (35, 0), (37, 0)] {
        let options = Options::default().with_kops_version(calico_spec::KopsVersion::new(1, minor));
        let errors = match calico_spec::resolve(&calico_spec::parse_str(spec).unwrap(), &options) {
            Ok(_) => vec![],
            Err(e) => e.errors,
        };
        assert_eq!(errors.len(), want, "1.{minor}: {errors:?}");
        if want == 1 {
            assert_eq!(errors[0].path, calico("nftablesMode"));
            assert!(errors[0].to_string().contains("kOps 1.35 added it"));
        }
    }
}

#[test]
fn cpu_request_not_negative() {
    assert_eq!(
        errors(&bare("", "{cpuRequest: \"-100m\"}")),
        one("cpuRequest", Invalid)
    );
    assert_eq!(
        errors(&bare("", "{cpuRequest: -1}")),
        one("cpuRequest", Invalid)
    );
    assert_eq!(errors(&bare("", "{cpuRequest: 0}")), none());
    assert_eq!(errors(&bare("", "{cpuRequest: 250m}")), none());
}

#[test]
fn cidr_fields_must_be_cidrs_of_the_cluster_family() {
    assert_eq!(
        errors(&bare("nonMasqueradeCIDR: nope", "{}")),
        vec![err("spec.nonMasqueradeCIDR", Invalid)]
    );
    assert_eq!(
        errors(&bare("nonMasqueradeCIDR: 100.64.0.0", "{}")),
        vec![err("spec.nonMasqueradeCIDR", Invalid)]
    );
    assert_eq!(
        errors(&bare("podCIDR: banana", "{}")),
        vec![err("spec.podCIDR", Invalid)]
    );
    assert_eq!(
        errors(&bare("networkCIDR: 10.0.0.0", "{}")),
        vec![err("spec.networkCIDR", Invalid)]
    );
    assert_eq!(
        errors(&bare("networkCIDR: 10.0.0.0/33", "{}")),
        vec![err("spec.networkCIDR", Invalid)]
    );
    assert_eq!(
        errors(&bare(
            "kubeControllerManager: {clusterCIDR: 300.1.0.0/16}",
            "{}"
        )),
        vec![err("spec.kubeControllerManager.clusterCIDR", Invalid)]
    );
    assert_eq!(
        errors(&bare("additionalNetworkCIDRs: [10.1.0.0/16, x]", "{}")),
        vec![err("spec.additionalNetworkCIDRs[1]", Invalid)]
    );
    // Family must match the cluster's (networkCIDR is the cloud network's: exempt).
    assert_eq!(
        errors(&bare("podCIDR: \"fd00::/64\"", "{}")),
        vec![err("spec.podCIDR", Invalid)]
    );
    assert_eq!(
        errors(&bare(&format!("{V6}\npodCIDR: 100.96.0.0/11"), "{}")),
        vec![err("spec.podCIDR", Invalid)]
    );
    assert_eq!(
        errors(&bare(
            &format!("{V6}\nkubeControllerManager: {{clusterCIDR: 100.96.0.0/11}}"),
            "{}"
        )),
        vec![err("spec.kubeControllerManager.clusterCIDR", Invalid)]
    );
    assert_eq!(
        errors(&bare(&format!("{V6}\nnetworkCIDR: 172.20.0.0/16"), "{}")),
        none()
    );
    assert_eq!(
        errors(&bare(
            "podCIDR: 100.96.0.0/12\nnetworkCIDR: 172.20.0.0/16",
            "{}"
        )),
        none()
    );
}

#[test]
fn cloud_provider_names() {
    assert_eq!(
        errors(&bare("cloudProvider: amazon", "{}")),
        vec![err("spec.cloudProvider", NotSupported)]
    );
    assert_eq!(
        errors(&bare("cloudProvider: AWS", "{}")),
        vec![err("spec.cloudProvider", NotSupported)]
    );
    assert_eq!(
        errors(&bare("cloudProvider: {foo: {}}", "{}")),
        vec![err("spec.cloudProvider.foo", NotSupported)]
    );
    assert_eq!(errors(&bare("cloudProvider: \"\"", "{}")), none());
}

fn cluster_named(name: &str) -> String {
    format!(
        "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {{name: {}}}\nspec: {{networking: {{calico: {{}}}}}}",
        serde_json::json!(name)
    )
}

#[test]
fn cluster_name_is_a_dns_name() {
    for ok in ["dev.example.com", "a", "my-cluster.k8s.local"] {
        assert_eq!(errors(&cluster_named(ok)), none(), "{ok}");
    }
    for bad in [
        "My_Cluster",
        "Dev.example.com",
        "a..b",
        "-a.com",
        "a-.com",
        "a b",
        "x\nkind: Secret",
        "",
    ] {
        assert_eq!(
            errors(&cluster_named(bad)),
            vec![err("metadata.name", Invalid)],
            "{bad:?}"
        );
    }
}

fn proxy(host: &str, excludes: &str) -> String {
    format!(
        "egressProxy: {{httpProxy: {{host: {}, port: 3128}}, excludes: {}}}\nnetworking: {{calico: {{}}}}",
        serde_json::json!(host),
        serde_json::json!(excludes)
    )
}

#[test]
fn egress_proxy_host_and_excludes() {
    for (host, excludes) in [
        ("proxy.corp", "example.com"),
        ("10.0.0.1", ".corp,10.0.0.0/8,*.internal"),
        ("[fd00::1]", "fd00::/8"),
    ] {
        assert_eq!(errors(&proxy(host, excludes)), none(), "{host} {excludes}");
    }
    for host in [
        "http://proxy:3128",
        "proxy corp",
        "proxy\nkind: Secret",
        "proxy;rm",
    ] {
        assert_eq!(
            errors(&proxy(host, "example.com")),
            vec![err("spec.egressProxy.httpProxy.host", Invalid)],
            "{host:?}"
        );
    }
    for excludes in [
        "a.com, b.com",
        "a.com\nkind: Secret",
        "&anchor",
        "a.com,b c",
        "x\"y",
    ] {
        assert_eq!(
            errors(&proxy("proxy", excludes)),
            vec![err("spec.egressProxy.excludes", Invalid)],
            "{excludes:?}"
        );
    }
}

#[test]
fn egress_proxy_with_shared_vpc_needs_network_cidr() {
    let yaml = "cloudProvider: aws\nnetworkID: vpc-1\negressProxy: {httpProxy: {host: proxy}}\nnetworking: {calico: {}}";
    assert_eq!(errors(yaml), vec![err("spec.networkCIDR", Required)]);
    assert_eq!(
        errors(&yaml.replace(
            "networkID: vpc-1",
            "networkID: vpc-1\nnetworkCIDR: 10.0.0.0/16"
        )),
        none()
    );
    // Without a proxy the CIDR is not needed.
    assert_eq!(
        errors("cloudProvider: aws\nnetworkID: vpc-1\nnetworking: {calico: {}}"),
        none()
    );
}

const RR: &str =
    "bgp: {routeReflectors: {nodeSelector: \"route-reflector == 'true'\", clusterID: 244.0.0.1}}";

#[test]
fn bgp_route_reflectors_need_bird() {
    assert_eq!(errors(&bare(RR, "{}")), none());
    assert_eq!(errors(&bare(RR, "{encapsulationMode: ipip}")), none());
    let rr = vec![err("spec.bgp.routeReflectors", Forbidden)];
    assert_eq!(errors(&bare(RR, "{encapsulationMode: vxlan}")), rr);
    assert_eq!(errors(&bare(&format!("{RR}\n{V6}"), "{}")), rr);
    // Azure defaults to vxlan from 1.35; before, ipip.
    assert_eq!(errors(&bare(&format!("{RR}\n{AZURE}"), "{}")), rr);
    assert_eq!(
        errors_with(&bare(&format!("{RR}\n{AZURE}"), "{}"), &era(1, 34)),
        none()
    );
}

#[test]
fn bgp_route_reflector_selector_and_cluster_id() {
    let yaml = |sel: &str, id: &str| {
        bare(
            &format!(
                "bgp: {{routeReflectors: {{nodeSelector: {}, clusterID: {}}}}}",
                serde_json::json!(sel),
                serde_json::json!(id)
            ),
            "{}",
        )
    };
    for ok in [
        "route-reflector == 'true'",
        "has(rr)",
        "all()",
        "rack in {'a', 'b'} && !has(x)",
    ] {
        assert_eq!(errors(&yaml(ok, "244.0.0.1")), none(), "{ok}");
    }
    for bad in ["route-reflector ==", "a == 'b' &&", "((a)", "a = 'b'"] {
        assert_eq!(
            errors(&yaml(bad, "244.0.0.1")),
            vec![err("spec.bgp.routeReflectors.nodeSelector", Invalid)],
            "{bad}"
        );
    }
    for bad in ["1.2.3", "244.0.0.256", "fd00::1", "x"] {
        assert_eq!(
            errors(&yaml("has(rr)", bad)),
            vec![err("spec.bgp.routeReflectors.clusterID", Invalid)],
            "{bad}"
        );
    }
}

#[test]
fn errors_render_in_kops_error_list_shape() {
    let e = invalid(&bare("", "{bpfLogLevel: Trace}"), &Options::default());
    let json = serde_json::to_value(&e.errors[0]).unwrap();
    assert_eq!(json["path"], calico("bpfLogLevel"));
    assert_eq!(json["type"], "FieldValueNotSupported");
    assert_eq!(json["value"], "Trace");
    assert_eq!(ErrorType::Forbidden.as_str(), "FieldValueForbidden");
    assert_eq!(Duplicate.as_str(), "FieldValueDuplicate");
}

// ---------------------------------------------------------------------------
// Warnings

fn has_warning(yaml: &str, path: &str, needle: &str) -> bool {
    warnings_on(yaml, path)
        .iter()
        .any(|w| w.message.contains(needle))
}

#[test]
fn warn_bpf_with_ipip() {
    let yaml = "kubeProxy: {enabled: false}\nnetworking: {calico: {bpfEnabled: true}}";
    assert!(
        has_warning(yaml, &calico("encapsulationMode"), "VXLAN"),
        "{:?}",
        warnings(yaml)
    );
    let vx = "kubeProxy: {enabled: false}\nnetworking: {calico: {bpfEnabled: true, encapsulationMode: vxlan}}";
    assert!(warnings_on(vx, &calico("encapsulationMode")).is_empty());
    assert!(warnings_on("networking: {calico: {}}", &calico("encapsulationMode")).is_empty());
}

#[test]
fn warn_bpf_without_cluster_name() {
    let yaml = "kubeProxy: {enabled: false}\nnetworking: {calico: {bpfEnabled: true, encapsulationMode: vxlan}}";
    assert!(has_warning(
        yaml,
        "metadata.name",
        "api.internal.calico.example.com"
    ));
    let named = "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: a.example.com}\nspec:\n  kubeProxy: {enabled: false}\n  networking: {calico: {bpfEnabled: true, encapsulationMode: vxlan}}";
    assert!(warnings(named).is_empty(), "{:?}", warnings(named));
}

fn nodes(n: u64, calico_flow: &str) -> String {
    format!("nodeCount: {n}\nnetworking: {{calico: {calico_flow}}}")
}

#[test]
fn warn_typha_advised_above_50_strongly_above_100() {
    let typha = calico("typhaReplicas");
    assert!(warnings_on(&nodes(50, "{}"), &typha).is_empty());
    for (n, strength, replicas) in [
        (51, "advised above 50", 3),
        (100, "advised above 50", 3),
        (101, "strongly advised above 100", 3),
        (400, "strongly advised above 100", 4),
        (1000, "strongly advised above 100", 7),
        (3600, "strongly advised above 100", 20),
    ] {
        let w = warnings_on(&nodes(n, "{}"), &typha);
        assert_eq!(w.len(), 1, "{n} nodes: {w:?}");
        assert!(w[0].message.contains(strength), "{n}: {}", w[0].message);
        assert!(
            w[0].message.contains(&format!("typhaReplicas: {replicas}")),
            "{n}: {}",
            w[0].message
        );
        if n <= 100 {
            assert!(!w[0].message.contains("strongly"), "{}", w[0].message);
        }
    }
    // With Typha on, nothing to advise.
    assert!(warnings_on(&nodes(500, "{typhaReplicas: 2}"), &typha).is_empty());
    // The node count option counts too.
    let opts = Options::default().with_node_count(60);
    assert!(warnings_with("networking: {calico: {}}", &opts)
        .iter()
        .any(|w| w.path == typha));
}

#[test]
fn warn_bgp_mesh_above_100_nodes() {
    let rr = "spec.bgp.routeReflectors";
    assert!(warnings_on(&nodes(100, "{}"), rr).is_empty());
    let w = warnings_on(&nodes(101, "{}"), rr);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].message.contains("100 sessions per node"),
        "{}",
        w[0].message
    );
    // No mesh with VXLAN; reflectors configured: nothing to advise.
    assert!(warnings_on(&nodes(500, "{encapsulationMode: vxlan}"), rr).is_empty());
    assert!(warnings_on(&format!("{RR}\n{}", nodes(500, "{}")), rr).is_empty());
}

#[test]
fn warn_bpf_options_while_bpf_off() {
    for (field, value) in [
        ("bpfExternalServiceMode", "DSR"),
        ("bpfLogLevel", "Debug"),
        ("bpfKubeProxyIptablesCleanupEnabled", "true"),
    ] {
        let off = format!("networking: {{calico: {{{field}: {value}}}}}");
        assert!(
            has_warning(&off, &calico(field), "bpfEnabled"),
            "{field}: {:?}",
            warnings(&off)
        );
        let on = format!("kubeProxy: {{enabled: false}}\nnetworking: {{calico: {{bpfEnabled: true, encapsulationMode: vxlan, {field}: {value}}}}}");
        assert!(warnings_on(&on, &calico(field)).is_empty(), "{field}");
    }
    // false is not a bpf option "set".
    assert!(
        warnings("networking: {calico: {bpfKubeProxyIptablesCleanupEnabled: false}}").is_empty()
    );
}

#[test]
fn warn_mtu_larger_than_host_mtu_allows() {
    let mtu = calico("mtu");
    for (calico_flow, allowed) in [
        ("{mtu: 9001}", "8981"),
        ("{mtu: 9001, encapsulationMode: vxlan}", "8951"),
        ("{mtu: 9001, wireguardEnabled: true}", "8941"),
        (
            "{mtu: 9001, encapsulationMode: vxlan, wireguardEnabled: true}",
            "8941",
        ),
    ] {
        let yaml = format!("hostMTU: 9001\nnetworking: {{calico: {calico_flow}}}");
        let w = warnings_on(&yaml, &mtu);
        assert_eq!(w.len(), 1, "{calico_flow}: {w:?}");
        assert!(
            w[0].message.contains(&format!("use mtu: {allowed}")),
            "{}",
            w[0].message
        );
    }
    for calico_flow in [
        "{mtu: 8981}",
        "{mtu: 0}",
        "{}",
        "{mtu: 8951, encapsulationMode: vxlan}",
        "{mtu: 8941, wireguardEnabled: true}",
    ] {
        let yaml = format!("hostMTU: 9001\nnetworking: {{calico: {calico_flow}}}");
        assert!(warnings_on(&yaml, &mtu).is_empty(), "{calico_flow}");
    }
    assert!(warnings_on(
        &format!("hostMTU: 9001\n{V6}\nnetworking: {{calico: {{mtu: 9001}}}}"),
        &mtu
    )
    .is_empty());
    // Without a host MTU there is nothing to compare against; the option sets one.
    assert!(warnings_on("networking: {calico: {mtu: 9001}}", &mtu).is_empty());
    let opts = Options::default().with_host_mtu(1500);
    assert!(warnings_with("networking: {calico: {mtu: 1500}}", &opts)
        .iter()
        .any(|w| w.path == mtu && w.message.contains("use mtu: 1480")));
}

#[test]
fn warn_deprecated_cross_subnet_and_major_version() {
    assert!(has_warning(
        "networking: {calico: {crossSubnet: true}}",
        &calico("crossSubnet"),
        "deprecated"
    ));
    assert!(has_warning(
        "networking: {calico: {crossSubnet: false}}",
        &calico("crossSubnet"),
        "deprecated"
    ));
    assert!(has_warning(
        "networking: {calico: {majorVersion: v3}}",
        &calico("majorVersion"),
        "deprecated"
    ));
    // Before 1.22 crossSubnet still had an effect: no deprecation.
    assert!(
        warnings_with("networking: {calico: {crossSubnet: true}}", &era(1, 21))
            .iter()
            .all(|w| w.path != calico("crossSubnet"))
    );
}

#[test]
fn warn_aws_src_dst_check_off_aws() {
    assert!(has_warning(
        &bare("cloudProvider: gce", "{awsSrcDstCheck: Enable}"),
        &calico("awsSrcDstCheck"),
        "DoNothing"
    ));
    assert!(warnings_on(
        &bare("cloudProvider: aws", "{awsSrcDstCheck: Enable}"),
        &calico("awsSrcDstCheck")
    )
    .is_empty());
}

#[test]
fn plain_spec_has_no_warnings() {
    for yaml in [
        "networking: {calico: {}}",
        "cloudProvider: aws\nnodeCount: 50\nhostMTU: 9001\nnetworking: {calico: {mtu: 8981}}",
    ] {
        assert!(warnings(yaml).is_empty(), "{yaml}: {:?}", warnings(yaml));
    }
}

#[test]
fn warnings_survive_errors() {
    let e = invalid(
        "networking: {calico: {bpfLogLevel: Trace, majorVersion: v3}}",
        &Options::default(),
    );
    assert!(e.warnings.iter().any(|w| w.path == calico("majorVersion")));
}

/// An unknown patch of a known minor renders in the shape of a known patch
/// of its minor, with its own images: a warning names both.
#[test]
fn an_unknown_patch_is_a_warning_naming_the_shape_used() {
    let path = calico("version");
    let w = warnings_on("networking: {calico: {version: v3.32.2}}", &path);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].message.starts_with(
            "Calico v3.32.2 is not a release calico-render knows: it renders v3.32.1's manifest shape and CRDs with v3.32.2's images"
        ),
        "{}",
        w[0].message
    );
    for known in [
        "networking: {calico: {version: v3.31.6}}",
        "networking: {calico: {version: v3.27.3}}",
        "networking: {calico: {}}",
    ] {
        assert!(warnings_on(known, &path).is_empty(), "{known}");
    }
}

/// A setting the rendered release does not have is an error naming the
/// first release that has it.
#[test]
fn nftables_mode_needs_calico_3_29() {
    let spec = |version: &str| {
        format!("networking: {{calico: {{version: {version}, nftablesMode: Auto}}}}")
    };
    let e = invalid(&spec("v3.28.5"), &Options::default());
    assert_eq!(e.errors.len(), 1, "{e}");
    assert_eq!(e.errors[0].path, calico("nftablesMode"));
    assert!(
        e.errors[0].to_string().ends_with(
            "Calico v3.28.5 has no nftablesMode (Felix has it from v3.29.0): remove it, or set version to v3.29.0 or newer"
        ),
        "{}",
        e.errors[0]
    );
    assert_eq!(errors(&spec("v3.29.4")), none());
}

/// A release whose own published manifest has a known fault renders as
/// published, with a warning naming the fault and the fix.
#[test]
fn a_faulty_release_is_rendered_with_a_warning() {
    let path = calico("version");
    let w = warnings_on("networking: {calico: {version: v3.32.0}}", &path);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].message.contains("x-kubernetes-list-type: set"),
        "{}",
        w[0].message
    );
    assert!(
        w[0].message.ends_with("v3.32.1 corrects it"),
        "{}",
        w[0].message
    );
    assert!(warnings_on("networking: {calico: {version: v3.32.1}}", &path).is_empty());
}
