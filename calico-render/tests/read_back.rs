//! The output's structural guarantee, tested: every document of a rendered
//! manifest, read back by serde-saphyr (duplicate keys refused), is exactly
//! one mapping with its planned apiVersion, kind, name and namespace, and
//! the YAML stream holds exactly the planned documents.
//!
//! Rendering does not read its output back (it would cost more than the
//! render itself; see docs/performance.md). The guarantee holds by
//! construction (templates print values only through the `q` filter) and
//! is checked here for every fixture and for every combination of the
//! options that change the manifest's shape, and by the injection property
//! test (`injection.rs`) and the `spec_pipeline` fuzz target for arbitrary
//! values.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use calico_render::Manifest;
use serde_json::Value;

/// Reads the manifest back: each object's value (its own text, held to its
/// identity), and the YAML stream, document for document. (The CRDs' text
/// is the same in every manifest, checked at build time and by the unit
/// tests of `crd.rs`; it is left out of the stream here to keep the test
/// fast.)
fn assert_reads_back(m: &Manifest, what: &str) {
    let yaml = common::yaml_without_crds(m);
    let mut options = serde_saphyr::Options::default();
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    let docs: Vec<Value> = serde_saphyr::from_multiple_with_options(&yaml, options)
        .unwrap_or_else(|e| panic!("{what}: the stream does not parse: {e}"));
    let objects: Vec<_> = m
        .objects()
        .iter()
        .filter(|o| o.kind != common::CRD)
        .collect();
    assert_eq!(docs.len(), objects.len(), "{what}: document count");
    for (doc, o) in docs.iter().zip(objects) {
        let value = o.value().unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(doc, value, "{what}: {} {}", o.kind, o.name);
    }
}

#[test]
fn every_fixture_reads_back_as_planned() {
    let fixtures = common::fixtures();
    assert!(fixtures.len() >= 90, "{}", fixtures.len());
    for path in fixtures {
        let m = common::render(&std::fs::read_to_string(&path).unwrap());
        assert_reads_back(&m, &path.display().to_string());
    }
}

/// Every combination of the settings that add, remove or reshape objects
/// and their longest lists: eBPF, Typha, the encapsulation, IPv6, the
/// metrics, WireGuard, the egress proxy, route reflectors, nftables.
#[test]
fn every_shape_combination_reads_back_as_planned() {
    let mut n = 0;
    for bpf in [false, true] {
        for typha in [false, true] {
            // kOps allows no encapsulation for IPv6 only, and only that.
            for (encapsulation, ipv6) in [("ipip", false), ("vxlan", false), ("none", true)] {
                for extras in [false, true] {
                    for reflectors in [false, true] {
                        // Route reflectors need BIRD, which runs with IPIP only.
                        if reflectors && encapsulation != "ipip" {
                            continue;
                        }
                        let spec = spec(bpf, typha, encapsulation, ipv6, extras, reflectors);
                        let m = common::render(&spec);
                        assert_reads_back(&m, &spec);
                        n += 1;
                    }
                }
            }
        }
    }
    assert_eq!(n, 32);
}

fn spec(
    bpf: bool,
    typha: bool,
    encapsulation: &str,
    ipv6: bool,
    extras: bool,
    reflectors: bool,
) -> String {
    let mut calico = vec![format!("encapsulationMode: {encapsulation}")];
    if bpf {
        calico.push("bpfEnabled: true".into());
    }
    if typha {
        calico.push("typhaReplicas: 3".into());
        if extras {
            calico.push("typhaPrometheusMetricsEnabled: true".into());
        }
    }
    if extras && !ipv6 {
        // WireGuard is IPv4 only.
        calico.push("wireguardEnabled: true".into());
    }
    if extras {
        calico.extend(
            [
                "prometheusMetricsEnabled: true",
                "prometheusGoMetricsEnabled: true",
                "nftablesMode: Auto",
                "registry: registry.example.com:5000/mirror",
                "cpuRequest: 250m",
            ]
            .map(String::from),
        );
    }
    let mut out = String::from("cloudProvider: aws\n");
    if bpf {
        out.push_str("kubeProxy: {enabled: false}\n");
    }
    if ipv6 {
        out.push_str("nonMasqueradeCIDR: \"::/0\"\n");
    }
    if extras {
        out.push_str(
            "egressProxy:\n  httpProxy: {host: proxy.example.com, port: 3128}\n  excludes: corp.example.com\n",
        );
    }
    if reflectors {
        out.push_str("bgp:\n  asNumber: 64512\n  routeReflectors:\n    nodeSelector: \"has(route-reflector)\"\n    clusterID: 224.0.0.1\n");
    }
    out.push_str(&format!(
        "networking:\n  calico:\n    {}\n",
        calico.join("\n    ")
    ));
    out
}
