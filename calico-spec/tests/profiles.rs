//! Validation per profile: the fields each profile has, what the upstream
//! flavors need, and which of kOps's policies hold only in the kOps profile
//! (README, "Validation per profile").
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calico_spec::{ErrorType, Options, Profile, Source};

/// The errors of a spec as (path, type).
fn errors(yaml: &str) -> Vec<(String, ErrorType)> {
    let parsed = calico_spec::parse_str(yaml).unwrap();
    match calico_spec::resolve(&parsed, &Options::default()) {
        Ok(_) => Vec::new(),
        Err(invalid) => invalid
            .errors
            .into_iter()
            .map(|e| (e.path, e.error_type))
            .collect(),
    }
}

fn warnings(yaml: &str) -> Vec<String> {
    let parsed = calico_spec::parse_str(yaml).unwrap();
    calico_spec::resolve(&parsed, &Options::default())
        .unwrap()
        .warnings
        .into_iter()
        .map(|w| w.path)
        .collect()
}

fn upstream(extra: &str, calico_flow: &str) -> String {
    format!("profile: upstream\n{extra}\nnetworking:\n  calico: {calico_flow}\n")
}

fn kops(extra: &str, calico_flow: &str) -> String {
    format!("{extra}\nnetworking:\n  calico: {calico_flow}\n")
}

const ENDPOINT: &str = "kubernetesServiceEndpoint: {host: 10.0.0.10, port: 6443}";

#[test]
fn the_profile_comes_from_the_option_then_the_spec() {
    let parsed = calico_spec::parse_str(&upstream("", "{}")).unwrap();
    let r = calico_spec::resolve(&parsed, &Options::default()).unwrap();
    assert_eq!(
        (r.profile.value, r.profile.source),
        (Profile::Upstream, Source::User)
    );
    let r = calico_spec::resolve(&parsed, &Options::default().with_profile(Profile::Kops)).unwrap();
    assert_eq!(
        (r.profile.value, r.profile.source),
        (Profile::Kops, Source::Option)
    );
    let parsed = calico_spec::parse_str(&kops("", "{}")).unwrap();
    let r = calico_spec::resolve(&parsed, &Options::default()).unwrap();
    assert_eq!(
        (r.profile.value, r.profile.source),
        (Profile::Kops, Source::ExtensionDefault)
    );
}

#[test]
fn an_unknown_profile_is_a_located_error() {
    let parsed = calico_spec::parse_str("profile: helm\nnetworking: {calico: {}}\n").unwrap();
    let invalid = calico_spec::resolve(&parsed, &Options::default()).unwrap_err();
    let e = &invalid.errors[0];
    assert_eq!(
        (e.path.as_str(), e.error_type),
        ("spec.profile", ErrorType::NotSupported)
    );
    assert_eq!(e.location.map(|l| l.line), Some(1));
    assert!(
        e.message
            .contains("\"kops\", \"upstream\" and \"operator\""),
        "{}",
        e.message
    );
}

#[test]
fn kops_has_no_service_endpoint() {
    assert_eq!(
        errors(&kops(ENDPOINT, "{}")),
        [(
            "spec.kubernetesServiceEndpoint".to_string(),
            ErrorType::Forbidden
        )]
    );
}

#[test]
fn kops_has_no_policy_only() {
    assert_eq!(
        errors(&kops("policyOnly: true", "{}")),
        [("spec.policyOnly".to_string(), ErrorType::Forbidden)]
    );
    assert!(errors(&kops("policyOnly: false", "{}")).is_empty());
}

#[test]
fn upstream_bpf_needs_the_service_endpoint() {
    assert_eq!(
        errors(&upstream(
            "kubeProxy: {enabled: false}",
            "{bpfEnabled: true}"
        )),
        [(
            "spec.kubernetesServiceEndpoint".to_string(),
            ErrorType::Required
        )]
    );
    assert!(errors(&upstream(
        &format!("kubeProxy: {{enabled: false}}\n{ENDPOINT}"),
        "{bpfEnabled: true}"
    ))
    .is_empty());
}

#[test]
fn upstream_service_endpoint_host_is_a_host() {
    let yaml = upstream(
        "kubeProxy: {enabled: false}\nkubernetesServiceEndpoint: {host: 'https://10.0.0.10', port: 6443}",
        "{bpfEnabled: true}",
    );
    assert_eq!(
        errors(&yaml),
        [(
            "spec.kubernetesServiceEndpoint.host".to_string(),
            ErrorType::Invalid
        )]
    );
    let err = calico_spec::parse_str(&upstream(
        "kubernetesServiceEndpoint: {host: a.b, port: 70000}",
        "{}",
    ))
    .unwrap_err();
    assert!(err.to_string().contains("port"), "{err}");
}

#[test]
fn upstream_service_endpoint_without_bpf_warns() {
    assert_eq!(
        warnings(&upstream(ENDPOINT, "{}")),
        ["spec.kubernetesServiceEndpoint"]
    );
}

#[test]
fn upstream_bpf_with_kube_proxy_warns() {
    // kOps rejects it (its own rule from 1.36); upstream warns, as Calico's guide advises.
    assert!(errors(&upstream(ENDPOINT, "{bpfEnabled: true}")).is_empty());
    assert!(warnings(&upstream(ENDPOINT, "{bpfEnabled: true}"))
        .contains(&"spec.kubeProxy.enabled".to_string()));
}

#[test]
fn policy_only_has_no_calico_networking() {
    let got = errors(&upstream(
        "policyOnly: true",
        "{encapsulationMode: vxlan, ipipMode: Never, bpfEnabled: true}",
    ));
    let paths: Vec<&str> = got.iter().map(|(p, _)| p.as_str()).collect();
    for field in ["encapsulationMode", "ipipMode", "bpfEnabled"] {
        assert!(
            paths.contains(&format!("spec.networking.calico.{field}").as_str()),
            "{field}: {got:?}"
        );
    }
    // Calico's CNI plugin still creates the pods' interfaces.
    assert!(errors(&upstream("policyOnly: true", "{allowIPForwarding: true}")).is_empty());
    assert_eq!(
        errors(&upstream("policyOnly: true\nbgp: {asNumber: 65000}", "{}")),
        [("spec.bgp".to_string(), ErrorType::Forbidden)]
    );
}

#[test]
fn policy_only_warnings() {
    assert_eq!(
        warnings(&upstream("policyOnly: true\npodCIDR: 10.244.0.0/16", "{}")),
        ["spec.podCIDR"]
    );
    assert_eq!(
        warnings(&upstream("policyOnly: true", "{typhaReplicas: 0}")),
        ["spec.networking.calico.typhaReplicas"]
    );
}

#[test]
fn kops_policies_hold_only_in_kops() {
    // IPv6 forces no encapsulation, WireGuard is IPv4-only, nftablesMode needs kOps 1.35,
    // Azure forces VXLAN: kOps's choices, not Calico's.
    for (extra, calico, path) in [
        (
            "nonMasqueradeCIDR: ::/0",
            "{encapsulationMode: vxlan}",
            "spec.networking.calico.encapsulationMode",
        ),
        (
            "nonMasqueradeCIDR: ::/0",
            "{wireguardEnabled: true}",
            "spec.networking.calico.wireguardEnabled",
        ),
        (
            "cloudProvider: azure",
            "{encapsulationMode: ipip}",
            "spec.networking.calico.encapsulationMode",
        ),
    ] {
        assert!(
            errors(&kops(extra, calico)).iter().any(|(p, _)| p == path),
            "kops {extra} {calico}"
        );
        assert!(
            errors(&upstream(extra, calico)).is_empty(),
            "upstream {extra} {calico}"
        );
    }
    let parsed = calico_spec::parse_str(&upstream("", "{nftablesMode: Enabled}")).unwrap();
    let old = Options::default().with_kops_version(calico_spec::KopsVersion::new(1, 34));
    assert!(calico_spec::resolve(&parsed, &old).is_ok());
}

#[test]
fn calico_rules_hold_in_both() {
    for calico in [
        "{ipipMode: Sometimes}",
        "{encapsulationMode: vxlan, ipipMode: Always}",
        "{ipv4AutoDetectionMethod: 'cidr=nope'}",
        "{mtu: 20}",
        "{encapsulationMode: none}",
    ] {
        assert!(!errors(&kops("", calico)).is_empty(), "kops {calico}");
        assert!(
            !errors(&upstream("", calico)).is_empty(),
            "upstream {calico}"
        );
    }
    // A release lacks a setting in either profile.
    assert!(!errors(&upstream("", "{version: v3.28.5, nftablesMode: Enabled}")).is_empty());
}

fn operator(extra: &str, calico_flow: &str) -> String {
    format!("profile: operator\n{extra}\nnetworking:\n  calico: {calico_flow}\n")
}

fn message(yaml: &str, options: &Options) -> (String, ErrorType, String) {
    let parsed = calico_spec::parse_str(yaml).unwrap();
    let invalid = calico_spec::resolve(&parsed, options).unwrap_err();
    let e = invalid.errors.into_iter().next().unwrap();
    (e.path, e.error_type, e.message)
}

fn warning_messages(yaml: &str) -> Vec<(String, String)> {
    let parsed = calico_spec::parse_str(yaml).unwrap();
    calico_spec::resolve(&parsed, &Options::default())
        .unwrap()
        .warnings
        .into_iter()
        .map(|w| (w.path, w.message))
        .collect()
}

#[test]
fn operator_release_floor() {
    // A release the spec names is refused where it is written.
    let (path, kind, text) = message(&operator("", "{version: v3.29.7}"), &Options::default());
    assert_eq!(
        (path.as_str(), kind),
        ("spec.networking.calico.version", ErrorType::NotSupported)
    );
    assert!(
        text.contains("v3.30.0 and later") && text.contains("v3.30.7"),
        "{text}"
    );
    // A kOps line that pins an older release is refused at the profile.
    let old_line = Options::default().with_kops_version(calico_spec::KopsVersion::new(1, 32));
    let (path, _, text) = message(&operator("", "{}"), &old_line);
    assert_eq!(path, "spec.profile");
    assert!(text.contains("kOps 1.32 pins it"), "{text}");
    // The floor itself renders, and so does kOps 1.34's pin (v3.30.3).
    assert!(errors(&operator("", "{version: v3.30.0}")).is_empty());
    let parsed = calico_spec::parse_str(&operator("", "{}")).unwrap();
    let line = Options::default().with_kops_version(calico_spec::KopsVersion::new(1, 34));
    assert!(calico_spec::resolve(&parsed, &line).is_ok());
}

#[test]
fn operator_has_no_policy_only() {
    assert_eq!(
        errors(&operator("policyOnly: true", "{}")),
        [("spec.policyOnly".to_string(), ErrorType::Forbidden)]
    );
}

#[test]
fn operator_takes_the_service_endpoint_and_checks_its_host() {
    assert!(errors(&operator(ENDPOINT, "{}")).is_empty());
    assert_eq!(
        errors(&operator(
            "kubernetesServiceEndpoint: {host: \"https://api\", port: 443}",
            "{}"
        )),
        [(
            "spec.kubernetesServiceEndpoint.host".to_string(),
            ErrorType::Invalid
        )]
    );
    // The endpoint replaces kOps's api.internal name: no cluster-name advice.
    let bpf = "kubeProxy: {enabled: false}";
    assert!(warnings(&operator(bpf, "{bpfEnabled: true}")).contains(&"metadata.name".to_string()));
    assert!(!warnings(&operator(
        &format!("{bpf}\n{ENDPOINT}"),
        "{bpfEnabled: true}"
    ))
    .contains(&"metadata.name".to_string()));
}

#[test]
fn operator_has_one_linux_dataplane() {
    assert_eq!(
        errors(&operator(
            "kubeProxy: {enabled: false}",
            "{bpfEnabled: true, nftablesMode: Enabled}"
        )),
        [(
            "spec.networking.calico.nftablesMode".to_string(),
            ErrorType::Forbidden
        )]
    );
}

#[test]
fn operator_refuses_an_unencapsulated_pool_without_bgp() {
    assert_eq!(
        errors(&operator(
            "",
            "{encapsulationMode: vxlan, vxlanMode: Never}"
        )),
        [(
            "spec.networking.calico.vxlanMode".to_string(),
            ErrorType::Forbidden
        )]
    );
    // kOps renders it (pods route within a subnet only).
    assert!(errors(&kops("", "{encapsulationMode: vxlan, vxlanMode: Never}")).is_empty());
}

#[test]
fn operator_ipv6_needs_the_pool_cidr() {
    let v6 = "nonMasqueradeCIDR: \"::/0\"";
    assert_eq!(
        errors(&operator(v6, "{}")),
        [("spec.podCIDR".to_string(), ErrorType::Required)]
    );
    assert!(errors(&operator(&format!("{v6}\npodCIDR: 2001:db8::/56"), "{}")).is_empty());
    assert!(errors(&operator(
        &format!("{v6}\nkubeControllerManager: {{clusterCIDR: 2001:db8::/56}}"),
        "{}"
    ))
    .is_empty());
}

#[test]
fn operator_warns_that_it_sizes_typha_itself() {
    let w = warning_messages(&operator("", "{typhaReplicas: 3}"));
    assert_eq!(w[0].0, "spec.networking.calico.typhaReplicas");
    assert!(
        w[0].1.contains("typhaReplicas: 3 is not written"),
        "{}",
        w[0].1
    );
    let sized = warning_messages(&operator("nodeCount: 450", "{typhaReplicas: 3}"));
    let typha = sized
        .iter()
        .find(|(p, _)| p == "spec.networking.calico.typhaReplicas")
        .unwrap();
    assert!(typha.1.contains("4 for 450 nodes"), "{}", typha.1);
    // No advice to add Typha: the operator runs it anyway.
    let advice = warning_messages(&operator("nodeCount: 450", "{}"));
    assert!(
        !advice.iter().any(|(p, _)| p.ends_with("typhaReplicas")),
        "{advice:?}"
    );
}

#[test]
fn operator_warns_that_nftables_auto_is_not_kept() {
    let w = warning_messages(&operator("", "{nftablesMode: Auto}"));
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].0, "spec.networking.calico.nftablesMode");
    assert!(w[0].1.contains("Felix runs iptables"), "{}", w[0].1);
    assert!(warnings(&operator("", "{nftablesMode: Disabled}")).is_empty());
}

#[test]
fn operator_warns_that_the_egress_proxy_is_not_written() {
    let w = warning_messages(&operator(
        "egressProxy: {httpProxy: {host: proxy.example.com, port: 3128}}",
        "{}",
    ));
    assert!(
        w.iter()
            .any(|(p, m)| p == "spec.egressProxy" && m.contains("not written")),
        "{w:?}"
    );
}

#[test]
fn operator_keeps_kops_policies_and_takes_calico_nodes_methods() {
    // kOps's policies hold (the cluster is kOps's): IPv6 forces none.
    assert!(errors(&operator(
        "nonMasqueradeCIDR: \"::/0\"\npodCIDR: 2001:db8::/56",
        "{encapsulationMode: vxlan}"
    ))
    .iter()
    .any(|(p, _)| p == "spec.networking.calico.encapsulationMode"));
    // calico-node's methods that kOps refuses are taken.
    for method in ["cidr=10.0.0.0/8", "kubernetes-internal-ip"] {
        let calico = format!("{{ipv4AutoDetectionMethod: \"{method}\"}}");
        assert!(errors(&operator("", &calico)).is_empty(), "{method}");
        assert_eq!(errors(&kops("", &calico)).len(), 1, "{method}");
    }
}
