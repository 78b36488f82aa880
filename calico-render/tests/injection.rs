//! Property test: arbitrary strings placed directly on a ResolvedSpec
//! (bypassing validation) in every string field that reaches the manifest
//! come back, after rendering and parsing, exactly as given, in exactly the
//! planned places: no extra or missing key, list item or document.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use calico_spec::resolved::{EgressProxy, ResolvedBgp, RouteReflectors};
use calico_spec::{ResolvedSpec, Setting, Source};
use proptest::prelude::*;
use serde_json::Value;

const BASE: &str = "
apiVersion: kops.k8s.io/v1alpha2
kind: Cluster
metadata: {name: base.example.com}
spec:
  cloudProvider: aws
  kubeProxy: {enabled: false}
  egressProxy:
    httpProxy: {host: proxy.example.com, port: 3128}
    excludes: corp.example.com
  networking:
    calico:
      bpfEnabled: true
      typhaReplicas: 2
      nftablesMode: Auto
      prometheusMetricsEnabled: true
      typhaPrometheusMetricsEnabled: true
";

/// The string fields the renderer prints.
const FIELDS: &[&str] = &[
    "registry",
    "image_tag",
    "cluster_name",
    "ipv4_auto_detection_method",
    "ipv6_auto_detection_method",
    "log_severity_screen",
    "bpf_external_service_mode",
    "bpf_log_level",
    "chain_insert_mode",
    "iptables_backend",
    "aws_src_dst_check",
    "nftables_mode",
    "ipv4_pool_cidr",
    "proxy_url",
    "no_proxy",
    "cpu_request",
    "route_reflector_selector",
];

fn set(spec: &mut ResolvedSpec, values: &[String]) {
    let v = |name: &str| values[FIELDS.iter().position(|f| *f == name).unwrap()].clone();
    let c = &mut spec.calico;
    c.registry.value = v("registry");
    c.image_tag.value = v("image_tag");
    spec.cluster_name.value = v("cluster_name");
    spec.api_internal_name.value = format!("api.internal.{}", v("cluster_name"));
    c.ipv4_auto_detection_method.value = v("ipv4_auto_detection_method");
    c.ipv6_auto_detection_method.value = v("ipv6_auto_detection_method");
    c.log_severity_screen.value = v("log_severity_screen");
    c.bpf_external_service_mode.value = v("bpf_external_service_mode");
    c.bpf_log_level.value = v("bpf_log_level");
    c.chain_insert_mode.value = v("chain_insert_mode");
    c.iptables_backend.value = v("iptables_backend");
    c.aws_src_dst_check.value = v("aws_src_dst_check");
    c.nftables_mode.value = Some(v("nftables_mode"));
    c.cpu_request.value = v("cpu_request");
    spec.ipv4_pool_cidr.value = v("ipv4_pool_cidr");
    spec.bgp = Some(Setting::new(
        ResolvedBgp {
            as_number: Some(64512),
            route_reflectors: Some(RouteReflectors {
                node_selector: v("route_reflector_selector"),
                cluster_id: "244.0.0.1".into(),
            }),
        },
        Source::User,
    ));
    spec.egress_proxy = Some(Setting::new(
        EgressProxy {
            url: Some(v("proxy_url")),
            no_proxy: Some(v("no_proxy")),
        },
        Source::User,
    ));
}

fn token(i: usize) -> String {
    format!("\u{27E6}{i}\u{27E7}")
}

/// The non-CRD objects of `spec`'s manifest, parsed back from the YAML stream.
fn render_and_parse(spec: &ResolvedSpec) -> (usize, Vec<Value>) {
    let m = calico_render::render(spec).unwrap();
    let stream = common::yaml_without_crds(&m);
    let docs: Vec<Value> = serde_saphyr::from_multiple(&stream).unwrap();
    (m.objects().len(), docs)
}

/// `baseline` with every token replaced by its value; a string that is the
/// cpu token alone becomes what kOps's bare `cpu:` would read as.
fn substitute(baseline: &Value, values: &[String]) -> Value {
    match baseline {
        Value::String(s) => {
            let cpu = FIELDS.iter().position(|f| *f == "cpu_request").unwrap();
            if *s == token(cpu) {
                let v = &values[cpu];
                return match v.parse::<i64>() {
                    Ok(n) if n.to_string() == *v => Value::from(n),
                    _ => Value::from(v.clone()),
                };
            }
            let mut out = s.clone();
            // Replace in one pass per token; tokens cannot come from values
            // because values are substituted into a copy of the baseline only.
            let mut result = String::new();
            let mut rest = out.as_str();
            'scan: while !rest.is_empty() {
                for (i, v) in values.iter().enumerate() {
                    let t = token(i);
                    if let Some(after) = rest.strip_prefix(t.as_str()) {
                        result.push_str(v);
                        rest = after;
                        continue 'scan;
                    }
                }
                let ch = rest.chars().next().unwrap();
                result.push(ch);
                rest = &rest[ch.len_utf8()..];
            }
            out = result;
            Value::from(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|i| substitute(i, values)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), substitute(v, values)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::collection::vec(any::<char>(), 0..24).prop_map(String::from_iter),
        1 => Just(String::new()),
        1 => Just("true".to_string()),
        1 => Just("Off".to_string()),
        1 => Just("0x1F".to_string()),
        1 => Just("- a\n- b".to_string()),
        1 => Just("a: b\n---\nkind: Secret\n".to_string()),
        1 => Just("\"quoted\" 'single' \\back\\".to_string()),
        1 => Just("\u{85}\u{2028}\u{2029}\u{feff}\u{7f}\u{0}\r\n\t".to_string()),
        1 => Just("&anchor *alias !!str %TAG #comment".to_string()),
        1 => Just("{{ config }}{% if true %}x{% endif %}{# c #}".to_string()),
        1 => Just("  leading and trailing  ".to_string()),
        1 => "[0-9]{1,6}",
        1 => "-?[0-9]{1,3}(m|k|Mi)?",
    ]
}

/// The manifest with a token in every field.
static BASELINE: std::sync::LazyLock<Vec<Value>> = std::sync::LazyLock::new(|| {
    let mut spec = common::resolve(BASE);
    let tokens: Vec<String> = (0..FIELDS.len()).map(token).collect();
    set(&mut spec, &tokens);
    render_and_parse(&spec).1
});

#[test]
fn baseline_has_every_token_in_place() {
    let mut spec = common::resolve(BASE);
    let tokens: Vec<String> = (0..FIELDS.len()).map(token).collect();
    set(&mut spec, &tokens);
    let (count, docs) = render_and_parse(&spec);
    // 43 objects plus the BGPPeer and BGPConfiguration of the reflectors.
    assert_eq!(count, 45);
    assert_eq!(docs.len(), 21);
    let text = serde_json::to_string(&docs).unwrap();
    for (i, field) in FIELDS.iter().enumerate() {
        assert!(
            text.contains(&token(i)),
            "{field} does not reach the manifest"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn strings_come_back_exactly(values in proptest::collection::vec(nasty(), FIELDS.len())) {
        let baseline = &*BASELINE;
        let mut values = values;
        // An empty nftablesMode leaves FELIX_NFTABLESMODE out (kOps's `if`);
        // that case is covered in manifest.rs.
        let nft = FIELDS.iter().position(|f| *f == "nftables_mode").unwrap();
        if values[nft].is_empty() {
            values[nft] = "x".into();
        }
        let mut spec = common::resolve(BASE);
        set(&mut spec, &values);
        let (count, docs) = render_and_parse(&spec);
        prop_assert_eq!(count, 45);
        let expected: Vec<Value> = baseline.iter().map(|d| substitute(d, &values)).collect();
        prop_assert_eq!(docs, expected);
    }
}
