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
