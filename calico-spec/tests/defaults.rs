//! One test per defaulting rule (kops-calico.md §1, §2, §5.3, §5.4, §7):
//! each asserts the effective value AND its `Source`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use calico_spec::resolved::{CloudProvider, EgressProxy};
use calico_spec::{Encapsulation, KopsVersion, Options, PoolMode, Setting, Source};
use common::{era, resolve, resolve_with};

fn s(value: &str, source: Source) -> Setting<String> {
    Setting::new(value.to_string(), source)
}

fn some(value: &str, source: Source) -> Setting<Option<String>> {
    Setting::new(Some(value.to_string()), source)
}

const CALICO: &str = "networking: {calico: {}}";

// ---------------------------------------------------------------------------
// Encapsulation (builder B, §1.12)

#[test]
fn default_encapsulation_is_ipip() {
    let r = resolve(CALICO);
    assert_eq!(
        r.calico.encapsulation_mode,
        Setting::new(Encapsulation::Ipip, Source::KopsDefault)
    );
    assert_eq!(r.calico_backend(), "bird");
}

#[test]
fn ipv6_encapsulation_is_none() {
    let r = resolve("nonMasqueradeCIDR: \"::/0\"\nnetworking: {calico: {}}");
    assert_eq!(
        r.calico.encapsulation_mode,
        Setting::new(Encapsulation::None, Source::Ipv6Rule)
    );
    assert_eq!(r.ipv6_only, Setting::new(true, Source::Derived));
    assert_eq!(r.calico_backend(), "none");
}

#[test]
fn ipv6_none_default_from_1_23() {
    let r = resolve_with(
        "nonMasqueradeCIDR: \"::/0\"\nnetworking: {calico: {}}",
        &era(1, 23),
    );
    assert_eq!(
        r.calico.encapsulation_mode,
        Setting::new(Encapsulation::None, Source::Ipv6Rule)
    );
}

#[test]
fn ipv6_before_1_23_builder_writes_ipip() {
    let r = resolve_with(
        "nonMasqueradeCIDR: \"::/0\"\nnetworking: {calico: {}}",
        &era(1, 22),
    );
    assert_eq!(
        r.calico.encapsulation_mode,
        Setting::new(Encapsulation::Ipip, Source::KopsDefault)
    );
}

#[test]
fn ipv4_mapped_non_masquerade_cidr_is_not_ipv6_only() {
    // Go's To4() != nil for an IPv4-mapped prefix (§2).
    let r = resolve("nonMasqueradeCIDR: \"::ffff:100.64.0.0/106\"\nnetworking: {calico: {}}");
    assert_eq!(r.ipv6_only, Setting::new(false, Source::Derived));
    assert_eq!(r.calico.encapsulation_mode.value, Encapsulation::Ipip);
}

#[test]
fn user_encapsulation_survives_the_builder() {
    // Oddity 7.3: the builder overwrites encapsulationMode, the user's value is merged back.
    let r = resolve("cloudProvider: aws\nnetworking: {calico: {encapsulationMode: vxlan}}");
    assert_eq!(
        r.calico.encapsulation_mode,
        Setting::new(Encapsulation::Vxlan, Source::User)
    );
    assert_eq!(r.calico_backend(), "vxlan");
}

#[test]
fn azure_defaults_to_vxlan_always_from_1_35() {
    for opts in [Options::default(), era(1, 35)] {
        for cloud in ["cloudProvider: azure", "cloudProvider: {azure: {}}"] {
            let r = resolve_with(&format!("{cloud}\n{CALICO}"), &opts);
            let c = &r.calico;
            assert_eq!(
                c.encapsulation_mode,
                Setting::new(Encapsulation::Vxlan, Source::CloudRule),
                "{cloud}"
            );
            assert_eq!(
                c.ipv4_pool_vxlan_mode,
                Setting::new(PoolMode::Always, Source::CloudRule)
            );
            // The builder stores vxlanMode: Always, so the IPv6 pool mirrors it.
            assert_eq!(c.ipv6_pool_vxlan_mode.value, PoolMode::Always);
            assert_eq!(
                c.ipv4_pool_ipip_mode,
                Setting::new(PoolMode::Never, Source::Derived)
            );
            assert_eq!(
                r.cloud_provider,
                Setting::new(Some(CloudProvider::Azure), Source::User)
            );
        }
    }
}

#[test]
fn azure_user_vxlan_mode_wins_over_builder() {
    let r = resolve("cloudProvider: azure\nnetworking: {calico: {vxlanMode: CrossSubnet}}");
    assert_eq!(
        r.calico.ipv4_pool_vxlan_mode,
        Setting::new(PoolMode::CrossSubnet, Source::User)
    );
    assert_eq!(
        r.calico.ipv6_pool_vxlan_mode,
        Setting::new(PoolMode::CrossSubnet, Source::User)
    );
    assert_eq!(
        r.calico.encapsulation_mode,
        Setting::new(Encapsulation::Vxlan, Source::CloudRule)
    );
}

#[test]
fn azure_user_vxlan_keeps_builder_vxlan_mode() {
    // The builder's vxlanMode: Always survives when the user only sets the encapsulation.
    let r = resolve("cloudProvider: azure\nnetworking: {calico: {encapsulationMode: vxlan}}");
    assert_eq!(
        r.calico.encapsulation_mode,
        Setting::new(Encapsulation::Vxlan, Source::User)
    );
    assert_eq!(
        r.calico.ipv4_pool_vxlan_mode,
        Setting::new(PoolMode::Always, Source::CloudRule)
    );
    // Before 1.35 there is no builder vxlanMode: the VXLAN default applies.
    let r = resolve_with(
        "cloudProvider: azure\nnetworking: {calico: {encapsulationMode: vxlan}}",
        &era(1, 34),
    );
    assert_eq!(
        r.calico.ipv4_pool_vxlan_mode,
        Setting::new(PoolMode::CrossSubnet, Source::KopsDefault)
    );
}

#[test]
fn azure_before_1_35_keeps_ipip() {
    let r = resolve_with(&format!("cloudProvider: azure\n{CALICO}"), &era(1, 34));
    assert_eq!(
        r.calico.encapsulation_mode,
        Setting::new(Encapsulation::Ipip, Source::KopsDefault)
    );
    assert_eq!(
        r.calico.ipv4_pool_ipip_mode,
        Setting::new(PoolMode::CrossSubnet, Source::KopsDefault)
    );
    assert_eq!(
        r.calico.ipv4_pool_vxlan_mode,
        Setting::new(PoolMode::Never, Source::Derived)
    );
}

#[test]
fn azure_builder_default_follows_get_cloud_provider_metal_label() {
    // Verified with the kops-oracle: completed encapsulationMode ipip, then
    // `spec.networking.calico.encapsulationMode: Forbidden: Azure requires an encapsulationMode of "vxlan"`.
    let yaml = "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: m.example.com\n  labels: {alpha.kops.k8s.io/cloud: metal}\nspec:\n  cloudProvider: azure\n  networking: {calico: {}}\n";
    assert_eq!(
        common::errors(yaml),
        vec![common::err(
            &common::calico("encapsulationMode"),
            calico_spec::ErrorType::Forbidden
        )]
    );
}

// ---------------------------------------------------------------------------
// Pool modes (F: CalicoIPv4PoolIPIPMode / VXLANMode / IPv6PoolVXLANMode)

#[test]
fn ipip_pool_cross_subnet_from_1_22() {
    for opts in [Options::default(), era(1, 22)] {
        let r = resolve_with(&format!("cloudProvider: aws\n{CALICO}"), &opts);
        assert_eq!(
            r.calico.ipv4_pool_ipip_mode,
            Setting::new(PoolMode::CrossSubnet, Source::KopsDefault)
        );
        assert_eq!(
            r.calico.ipv4_pool_vxlan_mode,
            Setting::new(PoolMode::Never, Source::Derived)
        );
        assert_eq!(
            r.calico.ipv6_pool_vxlan_mode,
            Setting::new(PoolMode::Never, Source::Derived)
        );
    }
}

#[test]
fn ipip_pool_before_1_22_always_or_crosssubnet() {
    let old = era(1, 21);
    let r = resolve_with(CALICO, &old);
    assert_eq!(
        r.calico.ipv4_pool_ipip_mode,
        Setting::new(PoolMode::Always, Source::KopsVersionRule)
    );
    let r = resolve_with("networking: {calico: {crossSubnet: true}}", &old);
    assert_eq!(
        r.calico.ipv4_pool_ipip_mode,
        Setting::new(PoolMode::CrossSubnet, Source::KopsVersionRule)
    );
    let r = resolve_with("networking: {calico: {crossSubnet: false}}", &old);
    assert_eq!(r.calico.ipv4_pool_ipip_mode.value, PoolMode::Always);
    // From 1.22 crossSubnet has no effect.
    let r = resolve("networking: {calico: {crossSubnet: false}}");
    assert_eq!(
        r.calico.ipv4_pool_ipip_mode,
        Setting::new(PoolMode::CrossSubnet, Source::KopsDefault)
    );
}

#[test]
fn user_ipip_mode_is_used_when_encapsulation_is_ipip() {
    for era_opts in [Options::default(), era(1, 21)] {
        let r = resolve_with("networking: {calico: {ipipMode: Never}}", &era_opts);
        assert_eq!(
            r.calico.ipv4_pool_ipip_mode,
            Setting::new(PoolMode::Never, Source::User)
        );
    }
}

#[test]
fn openstack_ipip_always() {
    let r = resolve(&format!("cloudProvider: openstack\n{CALICO}"));
    assert_eq!(
        r.calico.ipv4_pool_ipip_mode,
        Setting::new(PoolMode::Always, Source::CloudRule)
    );
    assert_eq!(r.calico.encapsulation_mode.value, Encapsulation::Ipip);
    let r = resolve("cloudProvider: openstack\nnetworking: {calico: {ipipMode: CrossSubnet}}");
    assert_eq!(
        r.calico.ipv4_pool_ipip_mode,
        Setting::new(PoolMode::CrossSubnet, Source::User)
    );
}

#[test]
fn vxlan_pool_cross_subnet_default() {
    let r = resolve("networking: {calico: {encapsulationMode: vxlan}}");
    assert_eq!(
        r.calico.ipv4_pool_vxlan_mode,
        Setting::new(PoolMode::CrossSubnet, Source::KopsDefault)
    );
    assert_eq!(
        r.calico.ipv4_pool_ipip_mode,
        Setting::new(PoolMode::Never, Source::Derived)
    );
    let r = resolve("networking: {calico: {encapsulationMode: vxlan, vxlanMode: Always}}");
    assert_eq!(
        r.calico.ipv4_pool_vxlan_mode,
        Setting::new(PoolMode::Always, Source::User)
    );
    assert_eq!(
        r.calico.ipv6_pool_vxlan_mode,
        Setting::new(PoolMode::Always, Source::User)
    );
}

#[test]
fn vxlan_pool_before_1_22_always_or_crosssubnet() {
    let old = era(1, 21);
    let r = resolve_with("networking: {calico: {encapsulationMode: vxlan}}", &old);
    assert_eq!(
        r.calico.ipv4_pool_vxlan_mode,
        Setting::new(PoolMode::Always, Source::KopsVersionRule)
    );
    let r = resolve_with(
        "networking: {calico: {encapsulationMode: vxlan, crossSubnet: true}}",
        &old,
    );
    assert_eq!(
        r.calico.ipv4_pool_vxlan_mode,
        Setting::new(PoolMode::CrossSubnet, Source::KopsVersionRule)
    );
}

#[test]
fn ipv6_vxlan_pool_defaults_never() {
    let r = resolve("networking: {calico: {encapsulationMode: vxlan}}");
    assert_eq!(
        r.calico.ipv6_pool_vxlan_mode,
        Setting::new(PoolMode::Never, Source::TemplateFallback)
    );
    let r = resolve("nonMasqueradeCIDR: \"::/0\"\nnetworking: {calico: {}}");
    assert_eq!(r.calico.ipv6_pool_vxlan_mode.value, PoolMode::Never);
    assert_eq!(r.calico.ipv4_pool_vxlan_mode.value, PoolMode::Never);
    assert_eq!(r.calico.ipv4_pool_ipip_mode.value, PoolMode::Never);
}

#[test]
fn pool_modes_never_when_encapsulation_differs() {
    // A user pool mode for the other encapsulation is ignored (rendered Never).
    let r = resolve("networking: {calico: {encapsulationMode: vxlan, ipipMode: Never}}");
    assert_eq!(
        r.calico.ipv4_pool_ipip_mode,
        Setting::new(PoolMode::Never, Source::Derived)
    );
    let r = resolve("networking: {calico: {vxlanMode: Never}}");
    assert_eq!(
        r.calico.ipv4_pool_vxlan_mode,
        Setting::new(PoolMode::Never, Source::Derived)
    );
}

// ---------------------------------------------------------------------------
// FELIX_AWSSRCDSTCHECK (§1.4, §5.3)

#[test]
fn aws_src_dst_check_three_eras() {
    let aws = "cloudProvider: aws";
    let gce = "cloudProvider: gce";
    let v6 = "cloudProvider: aws\nnonMasqueradeCIDR: \"::/0\"";
    let check = |extra: &str, calico: &str, opts: &Options| {
        resolve_with(&common::bare(extra, calico), opts)
            .calico
            .aws_src_dst_check
    };

    // From 1.26: AWS IPv4 uses the value (default Disable); IPv6 and other clouds DoNothing.
    for now in [Options::default(), era(1, 26)] {
        assert_eq!(check(aws, "{}", &now), s("Disable", Source::CloudRule));
        assert_eq!(
            check(aws, "{awsSrcDstCheck: Enable}", &now),
            s("Enable", Source::User)
        );
        assert_eq!(check(v6, "{}", &now), s("DoNothing", Source::Ipv6Rule));
        assert_eq!(
            check(v6, "{awsSrcDstCheck: DoNothing}", &now),
            s("DoNothing", Source::Ipv6Rule)
        );
        assert_eq!(
            check(gce, "{awsSrcDstCheck: Enable}", &now),
            s("DoNothing", Source::CloudRule)
        );
        assert_eq!(check("", "{}", &now), s("DoNothing", Source::CloudRule));
    }

    // 1.22 to 1.25: AWS (IPv6 too, from 1.23 when IPv6 arrived) uses the value
    // (default Disable); other clouds DoNothing.
    for mid in [era(1, 22), era(1, 25)] {
        assert_eq!(check(aws, "{}", &mid), s("Disable", Source::CloudRule));
        assert_eq!(
            check(gce, "{awsSrcDstCheck: Enable}", &mid),
            s("DoNothing", Source::CloudRule)
        );
    }
    for mid in [era(1, 23), era(1, 25)] {
        assert_eq!(check(v6, "{}", &mid), s("Disable", Source::CloudRule));
        assert_eq!(
            check(v6, "{awsSrcDstCheck: Enable}", &mid),
            s("Enable", Source::User)
        );
    }

    // Before 1.22: Disable on AWS with crossSubnet, else the value or DoNothing, on any cloud.
    let old = era(1, 21);
    assert_eq!(
        check(aws, "{crossSubnet: true}", &old),
        s("Disable", Source::KopsVersionRule)
    );
    assert_eq!(
        check(aws, "{}", &old),
        s("DoNothing", Source::KopsVersionRule)
    );
    assert_eq!(
        check(gce, "{awsSrcDstCheck: Enable}", &old),
        s("Enable", Source::User)
    );
    assert_eq!(
        check(gce, "{crossSubnet: true}", &old),
        s("DoNothing", Source::KopsVersionRule)
    );
}

// ---------------------------------------------------------------------------
// Template fallbacks (T, Z, §1)

#[test]
fn auto_detection_defaults_by_family() {
    let r = resolve(CALICO);
    assert_eq!(
        r.calico.ipv4_auto_detection_method,
        s("first-found", Source::TemplateFallback)
    );
    assert_eq!(
        r.calico.ipv6_auto_detection_method,
        s("none", Source::TemplateFallback)
    );
    let r = resolve("nonMasqueradeCIDR: \"::/0\"\nnetworking: {calico: {}}");
    assert_eq!(
        r.calico.ipv4_auto_detection_method,
        s("none", Source::Ipv6Rule)
    );
    assert_eq!(
        r.calico.ipv6_auto_detection_method,
        s("first-found", Source::Ipv6Rule)
    );
    // A user value passes through, even for the other family.
    let r = resolve(
        "nonMasqueradeCIDR: \"::/0\"\nnetworking: {calico: {ipv4AutoDetectionMethod: \"interface=eth0\", ipv6AutoDetectionMethod: \"can-reach=2001:db8::1\"}}",
    );
    assert_eq!(
        r.calico.ipv4_auto_detection_method,
        s("interface=eth0", Source::User)
    );
    assert_eq!(
        r.calico.ipv6_auto_detection_method,
        s("can-reach=2001:db8::1", Source::User)
    );
}

#[test]
fn cpu_request_default_250m_from_1_34_else_100m() {
    for opts in [Options::default(), era(1, 34)] {
        assert_eq!(
            resolve_with(CALICO, &opts).calico.cpu_request,
            s("250m", Source::TemplateFallback)
        );
    }
    for opts in [era(1, 33), era(1, 19)] {
        assert_eq!(
            resolve_with(CALICO, &opts).calico.cpu_request,
            s("100m", Source::KopsVersionRule)
        );
    }
    assert_eq!(
        resolve_with("networking: {calico: {cpuRequest: 300m}}", &era(1, 30))
            .calico
            .cpu_request,
        s("300m", Source::User)
    );
}

#[test]
fn cpu_request_canonical_form() {
    for (written, canonical) in [
        ("0.5", "500m"),
        ("\"0.5\"", "500m"),
        ("0.25", "250m"),
        ("1000m", "1"),
        ("1", "1"),
        ("2", "2"),
        ("1.5", "1500m"),
        ("1500m", "1500m"),
        ("100m", "100m"),
        ("0.1", "100m"),
        ("0", "0"),
    ] {
        let r = resolve(&format!(
            "networking: {{calico: {{cpuRequest: {written}}}}}"
        ));
        assert_eq!(
            r.calico.cpu_request,
            s(canonical, Source::User),
            "cpuRequest: {written}"
        );
    }
}

#[test]
fn metrics_port_zero_means_default() {
    let r = resolve(CALICO);
    assert_eq!(
        r.calico.prometheus_metrics_port,
        Setting::new(9091, Source::TemplateFallback)
    );
    assert_eq!(
        r.calico.typha_prometheus_metrics_port,
        Setting::new(9093, Source::TemplateFallback)
    );
    let r =
        resolve("networking: {calico: {prometheusMetricsPort: 0, typhaPrometheusMetricsPort: 0}}");
    assert_eq!(
        r.calico.prometheus_metrics_port,
        Setting::new(9091, Source::TemplateFallback)
    );
    assert_eq!(
        r.calico.typha_prometheus_metrics_port,
        Setting::new(9093, Source::TemplateFallback)
    );
    let r = resolve(
        "networking: {calico: {prometheusMetricsPort: 9191, typhaPrometheusMetricsPort: 9193}}",
    );
    assert_eq!(
        r.calico.prometheus_metrics_port,
        Setting::new(9191, Source::User)
    );
    assert_eq!(
        r.calico.typha_prometheus_metrics_port,
        Setting::new(9193, Source::User)
    );
}

#[test]
fn mtu_zero_or_unset_renders_zero() {
    assert_eq!(
        resolve(CALICO).calico.mtu,
        Setting::new(0, Source::TemplateFallback)
    );
    // An explicit 0 is a non-nil pointer: `or` prints it, the same 0.
    assert_eq!(
        resolve("networking: {calico: {mtu: 0}}").calico.mtu,
        Setting::new(0, Source::User)
    );
    assert_eq!(
        resolve("networking: {calico: {mtu: 8981}}").calico.mtu,
        Setting::new(8981, Source::User)
    );
}

#[test]
fn registry_and_version_fallbacks() {
    let r = resolve(CALICO);
    assert_eq!(r.calico.registry, s("docker.io", Source::TemplateFallback));
    assert_eq!(r.calico.image_tag, s("v3.31.6", Source::TemplateFallback));
    assert_eq!(
        r.calico.image_tag.value,
        calico_spec::Release::DEFAULT.to_string()
    );
    // An empty string is unset for kOps (`or` falls through).
    let r = resolve("networking: {calico: {registry: \"\", version: \"\"}}");
    assert_eq!(r.calico.registry, s("docker.io", Source::TemplateFallback));
    assert_eq!(r.calico.image_tag, s("v3.31.6", Source::TemplateFallback));
    let r = resolve("networking: {calico: {registry: quay.io, version: v3.30.3}}");
    assert_eq!(r.calico.registry, s("quay.io", Source::User));
    assert_eq!(r.calico.image_tag, s("v3.30.3", Source::User));
}

#[test]
fn template_fallbacks_of_plain_fields() {
    let c = resolve(CALICO).calico;
    let fb = Source::TemplateFallback;
    assert_eq!(c.bpf_external_service_mode, s("Tunnel", fb));
    assert_eq!(c.bpf_log_level, s("Off", fb));
    assert_eq!(c.chain_insert_mode, s("insert", fb));
    assert_eq!(c.iptables_backend, s("Auto", fb));
    assert_eq!(c.log_severity_screen, s("info", fb));
    assert_eq!(c.nftables_mode, Setting::new(None, fb));
    assert_eq!(c.typha_replicas, Setting::new(0, fb));
    for b in [
        &c.allow_ip_forwarding,
        &c.bpf_enabled,
        &c.bpf_kube_proxy_iptables_cleanup_enabled,
        &c.prometheus_metrics_enabled,
        &c.prometheus_go_metrics_enabled,
        &c.prometheus_process_metrics_enabled,
        &c.typha_prometheus_metrics_enabled,
        &c.wireguard_enabled,
    ] {
        assert_eq!(b, &Setting::new(false, fb));
    }
}

#[test]
fn user_values_of_plain_fields() {
    let c = resolve(
        "kubeProxy: {enabled: false}\nnetworking:\n  calico:\n    allowIPForwarding: true\n    bpfEnabled: true\n    bpfExternalServiceMode: DSR\n    bpfKubeProxyIptablesCleanupEnabled: true\n    bpfLogLevel: Debug\n    chainInsertMode: append\n    iptablesBackend: NFT\n    nftablesMode: Enabled\n    logSeverityScreen: debug\n    prometheusMetricsEnabled: true\n    prometheusGoMetricsEnabled: true\n    prometheusProcessMetricsEnabled: true\n    typhaPrometheusMetricsEnabled: true\n    typhaReplicas: 3\n    wireguardEnabled: true\n    encapsulationMode: vxlan\n",
    )
    .calico;
    let u = Source::User;
    assert_eq!(c.bpf_external_service_mode, s("DSR", u));
    assert_eq!(c.bpf_log_level, s("Debug", u));
    assert_eq!(c.chain_insert_mode, s("append", u));
    assert_eq!(c.iptables_backend, s("NFT", u));
    assert_eq!(
        c.nftables_mode,
        Setting::new(Some("Enabled".to_string()), u)
    );
    assert_eq!(c.log_severity_screen, s("debug", u));
    assert_eq!(c.typha_replicas, Setting::new(3, u));
    for b in [
        &c.allow_ip_forwarding,
        &c.bpf_enabled,
        &c.bpf_kube_proxy_iptables_cleanup_enabled,
        &c.prometheus_metrics_enabled,
        &c.prometheus_go_metrics_enabled,
        &c.prometheus_process_metrics_enabled,
        &c.typha_prometheus_metrics_enabled,
        &c.wireguard_enabled,
    ] {
        assert_eq!(b, &Setting::new(true, u));
    }
    // An explicit false is the user's.
    let c = resolve("networking: {calico: {wireguardEnabled: false}}").calico;
    assert_eq!(c.wireguard_enabled, Setting::new(false, Source::User));
}

// ---------------------------------------------------------------------------
// Cluster context (§2)

#[test]
fn pod_cidr_from_non_masquerade() {
    let r = resolve(CALICO);
    assert_eq!(
        r.non_masquerade_cidr,
        s("100.64.0.0/10", Source::KopsDefault)
    );
    assert_eq!(r.pod_cidr, some("100.96.0.0/11", Source::KopsDefault));
    let r = resolve("nonMasqueradeCIDR: 10.0.0.0/8\nnetworking: {calico: {}}");
    assert_eq!(r.non_masquerade_cidr, s("10.0.0.0/8", Source::User));
    assert_eq!(r.pod_cidr, some("10.128.0.0/9", Source::KopsDefault));
    let r = resolve("podCIDR: 100.96.0.0/12\nnetworking: {calico: {}}");
    assert_eq!(r.pod_cidr, some("100.96.0.0/12", Source::User));
    let r = resolve("nonMasqueradeCIDR: \"::/0\"\nnetworking: {calico: {}}");
    assert_eq!(r.pod_cidr, Setting::new(None, Source::Ipv6Rule));
}

#[test]
fn cluster_cidr_from_pod_cidr_not_on_ipv6() {
    let r = resolve(CALICO);
    assert_eq!(r.ipv4_pool_cidr, s("100.96.0.0/11", Source::KopsDefault));
    // From a user podCIDR: computed, not written by the user.
    let r = resolve("podCIDR: 100.96.0.0/12\nnetworking: {calico: {}}");
    assert_eq!(r.ipv4_pool_cidr, s("100.96.0.0/12", Source::Derived));
    let r =
        resolve("kubeControllerManager: {clusterCIDR: 100.112.0.0/12}\nnetworking: {calico: {}}");
    assert_eq!(r.ipv4_pool_cidr, s("100.112.0.0/12", Source::User));
    let r = resolve("nonMasqueradeCIDR: \"::/0\"\nnetworking: {calico: {}}");
    assert_eq!(r.ipv4_pool_cidr, s("", Source::Ipv6Rule));
}

#[test]
fn network_cidr_cloud_defaults() {
    let r = resolve(&format!("cloudProvider: aws\n{CALICO}"));
    assert_eq!(r.network_cidr, some("172.20.0.0/16", Source::CloudRule));
    let r = resolve(&format!("cloudProvider: azure\n{CALICO}"));
    assert_eq!(r.network_cidr, some("10.0.0.0/16", Source::CloudRule));
    for other in ["cloudProvider: gce", "cloudProvider: openstack", ""] {
        let r = resolve(&format!("{other}\n{CALICO}"));
        assert_eq!(r.network_cidr, Setting::new(None, Source::Unset), "{other}");
    }
    // A shared VPC: kOps looks the CIDR up in the cloud; nothing is defaulted.
    let r = resolve(&format!("cloudProvider: aws\nnetworkID: vpc-123\n{CALICO}"));
    assert_eq!(r.network_cidr, Setting::new(None, Source::Unset));
    let r = resolve(&format!(
        "cloudProvider: aws\nnetworkCIDR: 10.1.0.0/16\n{CALICO}"
    ));
    assert_eq!(r.network_cidr, some("10.1.0.0/16", Source::User));
}

#[test]
fn cloud_provider_string_and_object_forms() {
    for (written, want) in [
        ("aws", CloudProvider::Aws),
        ("azure", CloudProvider::Azure),
        ("digitalocean", CloudProvider::DigitalOcean),
        ("gce", CloudProvider::Gce),
        ("hetzner", CloudProvider::Hetzner),
        ("openstack", CloudProvider::OpenStack),
        ("scaleway", CloudProvider::Scaleway),
        ("linode", CloudProvider::Linode),
    ] {
        let r = resolve(&format!("cloudProvider: {written}\n{CALICO}"));
        assert_eq!(r.cloud_provider, Setting::new(Some(want), Source::User));
    }
    for (key, want) in [
        ("aws", CloudProvider::Aws),
        ("do", CloudProvider::DigitalOcean),
        ("gce", CloudProvider::Gce),
        ("openstack", CloudProvider::OpenStack),
    ] {
        let r = resolve(&format!("cloudProvider: {{{key}: {{}}}}\n{CALICO}"));
        assert_eq!(r.cloud_provider.value, Some(want), "{key}");
    }
    let r = resolve(CALICO);
    assert_eq!(r.cloud_provider, Setting::new(None, Source::Unset));
}

#[test]
fn metal_label_overrides_cloud() {
    let yaml = "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: metal.example.com\n  labels:\n    alpha.kops.k8s.io/cloud: metal\nspec:\n  cloudProvider: aws\n  networking:\n    calico: {awsSrcDstCheck: Enable}\n";
    let r = resolve(yaml);
    assert_eq!(r.cloud_provider.value, Some(CloudProvider::Metal));
    // Not AWS any more: no FELIX_AWSSRCDSTCHECK value, no AWS network CIDR.
    assert_eq!(
        r.calico.aws_src_dst_check,
        s("DoNothing", Source::CloudRule)
    );
    assert_eq!(r.network_cidr, Setting::new(None, Source::Unset));
    // The OpenStack IPIP rule also follows the label.
    let r = resolve(&yaml.replace("cloudProvider: aws", "cloudProvider: openstack"));
    assert_eq!(
        r.calico.ipv4_pool_ipip_mode,
        Setting::new(PoolMode::CrossSubnet, Source::KopsDefault)
    );
}

#[test]
fn api_internal_name_and_cluster_name() {
    let r = resolve(
        "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: dev.example.com}\nspec: {networking: {calico: {}}}",
    );
    assert_eq!(r.cluster_name, s("dev.example.com", Source::User));
    assert_eq!(
        r.api_internal_name,
        s("api.internal.dev.example.com", Source::Derived)
    );
    let r = resolve(CALICO);
    assert_eq!(
        r.cluster_name,
        s("calico.example.com", Source::TemplateFallback)
    );
    assert_eq!(
        r.api_internal_name,
        s("api.internal.calico.example.com", Source::Derived)
    );
}

#[test]
fn kube_proxy_enabled_defaults_true() {
    assert_eq!(
        resolve(CALICO).kube_proxy_enabled,
        Setting::new(true, Source::KopsDefault)
    );
    assert_eq!(
        resolve("kubeProxy: {}\nnetworking: {calico: {}}").kube_proxy_enabled,
        Setting::new(true, Source::KopsDefault)
    );
    assert_eq!(
        resolve("kubeProxy: {enabled: false}\nnetworking: {calico: {}}").kube_proxy_enabled,
        Setting::new(false, Source::User)
    );
}

#[test]
fn era_and_calico_release_are_recorded() {
    let r = resolve(CALICO);
    assert_eq!(r.kops_version, KopsVersion::CURRENT);
    assert_eq!(r.kops_version, KopsVersion::new(1, 37));
    assert_eq!(
        r.release,
        Setting::new(calico_spec::Release::DEFAULT, Source::KopsPin)
    );
    let old = resolve_with(CALICO, &era(1, 28));
    assert_eq!(old.kops_version, KopsVersion::new(1, 28));
    assert_eq!(
        old.release,
        Setting::new(calico_spec::Release::new(3, 27, 3), Source::KopsPin)
    );
}

// ---------------------------------------------------------------------------
// Egress proxy (assignProxy, §2)

fn cluster(name: &str, spec_lines: &str) -> String {
    let spec: String = spec_lines.lines().map(|l| format!("  {l}\n")).collect();
    format!("apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: {name}\nspec:\n{spec}  networking:\n    calico: {{}}\n")
}

fn proxy_of(yaml: &str) -> Setting<EgressProxy> {
    resolve(yaml).egress_proxy.expect("an egress proxy")
}

#[test]
fn egress_proxy_no_proxy_list() {
    // kOps's own TestPopulateClusterSpec_Proxy (upup/pkg/fi/cloudup/defaults_test.go).
    let p = proxy_of(&cluster(
        "testcluster.test.com",
        "cloudProvider: aws\nmasterPublicName: api.testcluster.test.com\nnonMasqueradeCIDR: 100.64.0.1/10\nnetworkCIDR: 192.168.0.0/20\negressProxy:\n  excludes: google.com\n  httpProxy: {host: 52.205.179.249, port: 3128}",
    ));
    assert_eq!(p.source, Source::User);
    assert_eq!(p.value.url.as_deref(), Some("http://52.205.179.249:3128"));
    assert_eq!(
        p.value.no_proxy.as_deref(),
        Some("google.com,127.0.0.1,localhost,api.testcluster.test.com,testcluster.test.com,100.64.0.2,100.64.0.1/10,169.254.169.254,192.168.0.0/20")
    );

    let p = proxy_of(&cluster(
        "testcluster.test.com",
        "cloudProvider: aws\nmasterPublicName: api.testcluster.test.com\nnetworkCIDR: 192.168.0.0/20\negressProxy:\n  httpProxy: {host: 52.205.179.249, port: 3128}",
    ));
    assert_eq!(
        p.value.no_proxy.as_deref(),
        Some("127.0.0.1,localhost,api.testcluster.test.com,testcluster.test.com,100.64.0.1,100.64.0.0/10,169.254.169.254,192.168.0.0/20")
    );

    // Not AWS: no metadata address. The API public name defaults to api.<name> with public DNS.
    let p = proxy_of(&cluster(
        "testcluster.test.com",
        "cloudProvider: gce\nnonMasqueradeCIDR: 172.16.0.5/12\nnetworkCIDR: 192.168.0.0/20\negressProxy:\n  httpProxy: {host: 52.205.179.249, port: 3128}",
    ));
    assert_eq!(
        p.value.no_proxy.as_deref(),
        Some("127.0.0.1,localhost,api.testcluster.test.com,testcluster.test.com,172.16.0.6,172.16.0.5/12,192.168.0.0/20")
    );

    // Every source in kOps's order: clusterDNSDomain after localhost, additionalNetworkCIDRs last.
    let p = proxy_of(&cluster(
        "c.example.com",
        "cloudProvider: aws\nclusterDNSDomain: cluster.local\nadditionalNetworkCIDRs: [10.2.0.0/16, 10.3.0.0/16]\negressProxy:\n  excludes: corp.internal\n  httpProxy: {host: proxy.corp.internal}",
    ));
    assert_eq!(p.value.url.as_deref(), Some("http://proxy.corp.internal"));
    assert_eq!(
        p.value.no_proxy.as_deref(),
        Some("corp.internal,127.0.0.1,localhost,cluster.local,api.c.example.com,c.example.com,100.64.0.1,100.64.0.0/10,169.254.169.254,172.20.0.0/16,10.2.0.0/16,10.3.0.0/16")
    );
}

#[test]
fn egress_proxy_skips_substrings_of_user_excludes() {
    // fixtures/net-egress-proxy-substring.yaml: "dev.example.com" is inside "api.dev.example.com",
    // "100.64.0.1" inside "100.64.0.10", the AWS network CIDR is listed verbatim.
    let p = proxy_of(&cluster(
        "dev.example.com",
        "cloudProvider: aws\negressProxy:\n  httpProxy: {host: proxy.dev.example.com, port: 3128}\n  excludes: api.dev.example.com,100.64.0.10,172.20.0.0/16",
    ));
    assert_eq!(
        p.value.url.as_deref(),
        Some("http://proxy.dev.example.com:3128")
    );
    assert_eq!(
        p.value.no_proxy.as_deref(),
        Some("api.dev.example.com,100.64.0.10,172.20.0.0/16,127.0.0.1,localhost,100.64.0.0/10,169.254.169.254")
    );
}

#[test]
fn egress_proxy_private_dns_has_no_api_public_name() {
    let p = proxy_of(&cluster(
        "p.example.com",
        "cloudProvider: gce\ntopology: {dns: {type: Private}}\negressProxy:\n  httpProxy: {host: proxy}",
    ));
    assert_eq!(
        p.value.no_proxy.as_deref(),
        Some("127.0.0.1,localhost,p.example.com,100.64.0.1,100.64.0.0/10")
    );
}

#[test]
fn egress_proxy_absent_or_without_host() {
    assert_eq!(resolve(CALICO).egress_proxy, None);
    let p = proxy_of("egressProxy: {excludes: example.com}\nnetworking: {calico: {}}");
    assert_eq!(p.value.url, None);
    // A bare spec uses the fallback cluster name, like every other place the name appears.
    assert_eq!(
        p.value.no_proxy.as_deref(),
        Some("example.com,127.0.0.1,localhost,api.calico.example.com,calico.example.com,100.64.0.1,100.64.0.0/10")
    );
}

#[test]
fn egress_proxy_ipv6_first_address() {
    let p = proxy_of(&cluster(
        "v6.example.com",
        "cloudProvider: aws\nnonMasqueradeCIDR: \"::/0\"\negressProxy:\n  httpProxy: {host: proxy}",
    ));
    assert_eq!(
        p.value.no_proxy.as_deref(),
        Some("127.0.0.1,localhost,api.v6.example.com,v6.example.com,::1,::/0,169.254.169.254,172.20.0.0/16")
    );
}

// ---------------------------------------------------------------------------
// Extensions: node count and host MTU

const IG_STREAM: &str = "apiVersion: kops.k8s.io/v1alpha2
kind: Cluster
metadata: {name: igs.example.com}
spec:
  networking: {calico: {}}
---
apiVersion: kops.k8s.io/v1alpha2
kind: InstanceGroup
metadata: {name: control-plane}
spec: {role: ControlPlane, minSize: 1, maxSize: 1}
---
apiVersion: kops.k8s.io/v1alpha2
kind: InstanceGroup
metadata: {name: nodes}
spec: {role: Node, minSize: 3, maxSize: 10}
---
apiVersion: kops.k8s.io/v1alpha2
kind: InstanceGroup
metadata: {name: min-only}
spec: {role: Node, minSize: 4}
";

#[test]
fn node_count_sources() {
    // InstanceGroups: maxSize, or minSize where maxSize is absent: 1 + 10 + 4.
    let r = resolve(IG_STREAM);
    assert_eq!(r.node_count, Some(Setting::new(15, Source::Derived)));
    // spec nodeCount beats the InstanceGroups.
    let with_count = IG_STREAM.replace(
        "spec:\n  networking",
        "spec:\n  nodeCount: 70\n  networking",
    );
    assert_eq!(
        resolve(&with_count).node_count,
        Some(Setting::new(70, Source::User))
    );
    // The option beats both.
    let opts = Options::default().with_node_count(7);
    assert_eq!(
        resolve_with(&with_count, &opts).node_count,
        Some(Setting::new(7, Source::Option))
    );
    // Nothing known: none.
    assert_eq!(resolve(CALICO).node_count, None);
}

#[test]
fn host_mtu_sources() {
    assert_eq!(resolve(CALICO).host_mtu, None);
    let yaml = "hostMTU: 9001\nnetworking: {calico: {}}";
    assert_eq!(
        resolve(yaml).host_mtu,
        Some(Setting::new(9001, Source::User))
    );
    let opts = Options::default().with_host_mtu(1500);
    assert_eq!(
        resolve_with(yaml, &opts).host_mtu,
        Some(Setting::new(1500, Source::Option))
    );
}

#[test]
fn explain_lists_every_calico_field_with_its_source() {
    let r = resolve(CALICO);
    let rows = r.explain();
    let find = |p: &str| {
        rows.iter()
            .find(|row| row.path == p)
            .unwrap_or_else(|| panic!("no explain row {p}"))
    };
    assert_eq!(
        find("spec.networking.calico.encapsulationMode").value,
        "ipip"
    );
    assert_eq!(
        find("spec.networking.calico.encapsulationMode").source,
        Source::KopsDefault
    );
    assert_eq!(find("spec.networking.calico.cpuRequest").value, "250m");
    assert_eq!(
        find("spec.kubeControllerManager.clusterCIDR").value,
        "100.96.0.0/11"
    );
}

/// calico-render's own extensions are never labelled as kOps defaults, and
/// what nothing sets is labelled unset.
#[test]
fn explain_labels_extensions_and_unset_values() {
    let source = |yaml: &str, path: &str| {
        let r = resolve(yaml);
        let rows = r.explain();
        let row = rows.iter().find(|row| row.path == path);
        row.map(|row| (row.value.clone(), row.source))
            .unwrap_or_else(|| panic!("no explain row {path}"))
    };
    let none = serde_json::Value::Null;
    assert_eq!(
        source(CALICO, "spec.bgp.asNumber"),
        (64512.into(), Source::ExtensionDefault)
    );
    assert_eq!(
        source(CALICO, "spec.bgp.routeReflectors"),
        (none.clone(), Source::Unset)
    );
    assert_eq!(
        source(CALICO, "spec.cloudProvider"),
        (none.clone(), Source::Unset)
    );
    assert_eq!(source(CALICO, "spec.networkCIDR"), (none, Source::Unset));
    let bgp = format!("bgp: {{asNumber: 65001}}\nnodeCount: 40\nhostMTU: 9001\n{CALICO}");
    assert_eq!(
        source(&bgp, "spec.bgp.asNumber"),
        (65001.into(), Source::User)
    );
    assert_eq!(source(&bgp, "spec.nodeCount"), (40.into(), Source::User));
    assert_eq!(source(&bgp, "spec.hostMTU"), (9001.into(), Source::User));
    assert_eq!(
        source(
            &format!("cloudProvider: gce\n{CALICO}"),
            "spec.cloudProvider"
        ),
        ("gce".into(), Source::User)
    );
}

#[test]
fn kops_version_option_parses_supported_eras() {
    for (text, want) in [
        ("1.36", (1, 36)),
        ("1.37", (1, 37)),
        ("v1.28.3", (1, 28)),
        ("1.19", (1, 19)),
        (" 1.22 ", (1, 22)),
    ] {
        assert_eq!(
            text.parse::<KopsVersion>().unwrap(),
            KopsVersion::new(want.0, want.1),
            "{text}"
        );
    }
    for bad in ["1.18", "1.38", "2.0", "1", "1.x", "1.30.1.2", ""] {
        assert!(bad.parse::<KopsVersion>().is_err(), "{bad:?}");
    }
}
