//! kOps's own `Test_Validate_Calico` (pkg/apis/kops/validation/validation_test.go,
//! kOps master 268927e264), every row translated, in kOps's order.
//!
//! kOps calls `validateNetworkingCalico` directly with a `ClusterSpec` (or
//! nil) and a `CalicoNetworkingSpec`, roots paths at `calico.` and only
//! checks that each expected error is *contained* in the result. Here each
//! row becomes a bare cluster spec (the row's nonMasqueradeCIDR / kubeProxy;
//! no cloud provider, as in the rows, whose `ClusterSpec{}` has none), paths
//! are the user-facing `spec.networking.calico.…`, and the COMPLETE error set
//! (path + type) is checked (kops-calico.md §3.5).
//!
//! calico-render also validates the completed spec (§3.4). For these rows
//! that second pass adds no error: no row sets `vxlanMode`/`ipipMode` without
//! an encapsulation that allows it on an IPv6 or Azure cluster, and the BPF
//! rows all carry a `kubeProxy` section. The rows with a nil ClusterSpec
//! become specs with the default nonMasqueradeCIDR (IPv4), which is what
//! `IsIPv6Only` of an empty CIDR yields too. None of calico-render's own
//! rules fires on these inputs either, so every expected set equals kOps's.
//! (Checked against the kops-oracle's implementation of kOps's rules on the
//! completed spec, which gave the same sets.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use calico_spec::ErrorType::{self, Forbidden, Invalid, NotSupported};

struct Row {
    description: &'static str,
    /// Cluster-level YAML lines beside `networking` (the row's ClusterSpec).
    cluster: &'static str,
    /// The row's CalicoNetworkingSpec, in flow style.
    calico: &'static str,
    /// The complete error set: (path, type).
    expected: &'static [(&'static str, ErrorType)],
}

const IPV4: &str = "nonMasqueradeCIDR: 100.64.0.0/10";
const IPV6: &str = "nonMasqueradeCIDR: \"::/0\"";

const ROWS: &[Row] = &[
    Row {
        description: "empty specs",
        cluster: "",
        calico: "{}",
        expected: &[],
    },
    Row {
        description: "positive Typha replica count",
        cluster: "",
        calico: "{typhaReplicas: 3}",
        expected: &[],
    },
    Row {
        description: "negative Typha replica count",
        cluster: "",
        calico: "{typhaReplicas: -1}",
        expected: &[("spec.networking.calico.typhaReplicas", Invalid)],
    },
    Row {
        // Left over from the removed etcd/majorVersion check: an empty spec (oddity 7.17).
        description: "with etcd version",
        cluster: "",
        calico: "{}",
        expected: &[],
    },
    Row {
        description: "IPv4 autodetection method",
        cluster: "",
        calico: "{ipv4AutoDetectionMethod: first-found}",
        expected: &[],
    },
    Row {
        description: "IPv6 autodetection method",
        cluster: "",
        calico: "{ipv6AutoDetectionMethod: first-found}",
        expected: &[],
    },
    Row {
        description: "IPv4 autodetection method with parameter",
        cluster: "",
        calico: "{ipv4AutoDetectionMethod: \"can-reach=8.8.8.8\"}",
        expected: &[],
    },
    Row {
        description: "IPv6 autodetection method with parameter",
        cluster: "",
        calico: "{ipv6AutoDetectionMethod: \"can-reach=2001:4860:4860::8888\"}",
        expected: &[],
    },
    Row {
        description: "invalid IPv4 autodetection method",
        cluster: "",
        calico: "{ipv4AutoDetectionMethod: bogus}",
        expected: &[("spec.networking.calico.ipv4AutoDetectionMethod", Invalid)],
    },
    Row {
        description: "invalid IPv6 autodetection method",
        cluster: "",
        calico: "{ipv6AutoDetectionMethod: bogus}",
        expected: &[("spec.networking.calico.ipv6AutoDetectionMethod", Invalid)],
    },
    Row {
        description: "invalid IPv6 autodetection method missing parameter",
        cluster: "",
        calico: "{ipv6AutoDetectionMethod: \"interface=\"}",
        // One error: the empty first element; "" itself compiles as a regexp.
        expected: &[("spec.networking.calico.ipv6AutoDetectionMethod", Invalid)],
    },
    Row {
        description: "IPv4 autodetection method with parameter list",
        cluster: "",
        calico: "{ipv4AutoDetectionMethod: \"interface=en.*,eth0\"}",
        expected: &[],
    },
    Row {
        description: "IPv6 autodetection method with parameter list",
        cluster: "",
        calico: "{ipv6AutoDetectionMethod: \"skip-interface=en.*,eth0\"}",
        expected: &[],
    },
    Row {
        description: "invalid IPv4 autodetection method parameter (parenthesis)",
        cluster: "",
        calico: "{ipv4AutoDetectionMethod: \"interface=(,en1\"}",
        // One error: "(" does not compile; "en1" does.
        expected: &[("spec.networking.calico.ipv4AutoDetectionMethod", Invalid)],
    },
    Row {
        description: "invalid IPv4 autodetection method parameter (equals)",
        cluster: "",
        calico: "{ipv4AutoDetectionMethod: \"interface=foo=bar\"}",
        expected: &[("spec.networking.calico.ipv4AutoDetectionMethod", Invalid)],
    },
    Row {
        description: "invalid IPv4 autodetection method parameter with no name",
        cluster: "",
        calico: "{ipv4AutoDetectionMethod: \"=en0,eth.*\"}",
        expected: &[("spec.networking.calico.ipv4AutoDetectionMethod", Invalid)],
    },
    Row {
        // Quoted: unquoted `off` is a YAML 1.1 boolean for kOps's decoder too.
        description: "AWS source/destination checks off",
        cluster: "",
        calico: "{awsSrcDstCheck: \"off\"}",
        expected: &[("spec.networking.calico.awsSrcDstCheck", NotSupported)],
    },
    Row {
        description: "AWS source/destination checks enabled",
        cluster: "",
        calico: "{awsSrcDstCheck: Enable}",
        expected: &[],
    },
    Row {
        description: "AWS source/destination checks disabled",
        cluster: "",
        calico: "{awsSrcDstCheck: Disable}",
        expected: &[],
    },
    Row {
        description: "AWS source/destination checks left as is",
        cluster: "",
        calico: "{awsSrcDstCheck: DoNothing}",
        expected: &[],
    },
    Row {
        description: "encapsulation none with IPv4",
        cluster: IPV4,
        calico: "{encapsulationMode: none}",
        expected: &[("spec.networking.calico.encapsulationMode", Forbidden)],
    },
    Row {
        description: "encapsulation mode IPIP for IPv6",
        cluster: IPV6,
        calico: "{encapsulationMode: ipip}",
        expected: &[("spec.networking.calico.encapsulationMode", Forbidden)],
    },
    Row {
        description: "encapsulation mode VXLAN for IPv6",
        cluster: IPV6,
        calico: "{encapsulationMode: vxlan}",
        expected: &[("spec.networking.calico.encapsulationMode", Forbidden)],
    },
    Row {
        description: "unknown Calico IPIP mode",
        cluster: "",
        calico: "{ipipMode: unknown}",
        // The completed spec's ipip does not add V13 (the mode is compared with "ipip").
        expected: &[("spec.networking.calico.ipipMode", NotSupported)],
    },
    Row {
        description: "Calico IPIP encapsulation mode (implicit) with IPIP IPPool mode (always)",
        cluster: "",
        calico: "{ipipMode: Always}",
        expected: &[],
    },
    Row {
        description:
            "Calico IPIP encapsulation mode (implicit) with IPIP IPPool mode (cross-subnet)",
        cluster: "",
        calico: "{ipipMode: CrossSubnet}",
        expected: &[],
    },
    Row {
        description: "Calico IPIP encapsulation mode (implicit) with IPIP IPPool mode (never)",
        cluster: "",
        calico: "{ipipMode: Never}",
        expected: &[],
    },
    Row {
        description: "Calico IPIP encapsulation mode (explicit) with IPIP IPPool mode (always)",
        cluster: IPV4,
        calico: "{encapsulationMode: ipip, ipipMode: Always}",
        expected: &[],
    },
    Row {
        description:
            "Calico IPIP encapsulation mode (explicit) with IPIP IPPool mode (cross-subnet)",
        cluster: IPV4,
        calico: "{encapsulationMode: ipip, ipipMode: CrossSubnet}",
        expected: &[],
    },
    Row {
        description: "Calico IPIP encapsulation mode (explicit) with IPIP IPPool mode (never)",
        cluster: IPV4,
        calico: "{encapsulationMode: ipip, ipipMode: Never}",
        expected: &[],
    },
    Row {
        description: "Calico VXLAN encapsulation mode with IPIP IPPool mode",
        cluster: IPV4,
        calico: "{encapsulationMode: vxlan, ipipMode: Always}",
        expected: &[("spec.networking.calico.ipipMode", Forbidden)],
    },
    Row {
        // Identical to the previous row in kOps's table (oddity 7.17).
        description: "Calico VXLAN encapsulation mode with IPIP IPPool mode (always)",
        cluster: IPV4,
        calico: "{encapsulationMode: vxlan, ipipMode: Always}",
        expected: &[("spec.networking.calico.ipipMode", Forbidden)],
    },
    Row {
        description: "Calico VXLAN encapsulation mode with IPIP IPPool mode (cross-subnet)",
        cluster: IPV4,
        calico: "{encapsulationMode: vxlan, ipipMode: CrossSubnet}",
        expected: &[("spec.networking.calico.ipipMode", Forbidden)],
    },
    Row {
        description: "Calico VXLAN encapsulation mode with IPIP IPPool mode (never)",
        cluster: IPV4,
        calico: "{encapsulationMode: vxlan, ipipMode: Never}",
        expected: &[],
    },
    Row {
        description: "Calico IPv6 without encapsulation",
        cluster: IPV6,
        calico: "{encapsulationMode: none, ipipMode: Never, vxlanMode: Never}",
        expected: &[],
    },
    Row {
        description: "Calico BPF with kube-proxy explicitly disabled",
        cluster: "kubeProxy: {enabled: false}",
        calico: "{bpfEnabled: true}",
        expected: &[],
    },
    Row {
        description: "Calico BPF with kube-proxy implicitly enabled",
        cluster: "kubeProxy: {}",
        calico: "{bpfEnabled: true}",
        expected: &[("spec.kubeProxy.enabled", Forbidden)],
    },
    Row {
        description: "Calico BPF with kube-proxy explicitly enabled",
        cluster: "kubeProxy: {enabled: true}",
        calico: "{bpfEnabled: true}",
        expected: &[("spec.kubeProxy.enabled", Forbidden)],
    },
];

#[test]
fn every_row_of_test_validate_calico_is_translated() {
    assert_eq!(ROWS.len(), 38);
}

#[test]
fn test_validate_calico_rows() {
    let mut failures = Vec::new();
    for row in ROWS {
        let yaml = common::bare(row.cluster, row.calico);
        let got = common::errors(&yaml);
        let want = common::set(
            row.expected
                .iter()
                .map(|(p, t)| common::err(p, *t))
                .collect(),
        );
        if got != want {
            failures.push(format!(
                "{}:\n  input: {yaml:?}\n  want: {want:?}\n  got:  {got:?}",
                row.description
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn error_rows_echo_the_bad_value() {
    // kOps's field errors carry the value (NotSupported/Invalid) or none (Forbidden).
    for (calico, value) in [
        ("{typhaReplicas: -1}", serde_json::json!(-1)),
        (
            "{ipv4AutoDetectionMethod: bogus}",
            serde_json::json!("bogus"),
        ),
        ("{awsSrcDstCheck: \"off\"}", serde_json::json!("off")),
        ("{ipipMode: unknown}", serde_json::json!("unknown")),
    ] {
        let e = common::invalid(&common::bare("", calico), &Default::default());
        assert_eq!(e.errors.len(), 1, "{calico}");
        assert_eq!(e.errors[0].value, value, "{calico}");
    }
}
