//! The published JSON Schema (`calico_spec::json_schema()`, form 3): every
//! fixture in /fixtures validates against it (forms 1 and 2 wrapped into a
//! `CalicoNetworking`), and known-bad documents fail it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{json, Value};
use std::path::PathBuf;

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&calico_spec::json_schema()).expect("the schema compiles")
}

fn schema_errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

fn fixture_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("the fixtures directory")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

/// The document of a fixture in form 3: a kOps Cluster's or a bare spec's
/// content wrapped into a `CalicoNetworking`; InstanceGroups and other kOps
/// objects of a stream are left out.
fn as_calico_networking(text: &str) -> Value {
    let docs: Vec<Value> = serde_saphyr::from_multiple(text).expect("the fixture is YAML");
    let mut found = Vec::new();
    for doc in docs.into_iter().filter(|d| !d.is_null()) {
        match doc.get("kind").and_then(Value::as_str) {
            Some("CalicoNetworking") => found.push(doc),
            Some("Cluster") => {
                let mut metadata = json!({"name": doc["metadata"]["name"].clone()});
                if let Some(labels) = doc["metadata"].get("labels") {
                    metadata["labels"] = labels.clone();
                }
                found.push(json!({
                    "apiVersion": "calico-render.dev/v1alpha1",
                    "kind": "CalicoNetworking",
                    "metadata": metadata,
                    "spec": doc["spec"].clone(),
                }));
            }
            Some(_) => {}
            None => found.push(json!({
                "apiVersion": "calico-render.dev/v1alpha1",
                "kind": "CalicoNetworking",
                "metadata": {"name": "fixture.example.com"},
                "spec": doc,
            })),
        }
    }
    assert_eq!(found.len(), 1, "one cluster per fixture");
    found.pop().unwrap()
}

#[test]
fn schema_is_draft_2020_12_of_the_calico_networking_kind() {
    let schema = calico_spec::json_schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["title"], "CalicoNetworking");
    assert_eq!(
        schema["properties"]["apiVersion"]["enum"],
        json!(["calico-render.dev/v1alpha1"])
    );
    assert_eq!(
        schema["properties"]["kind"]["enum"],
        json!(["CalicoNetworking"])
    );
    // Every CalicoNetworkingSpec field of kOps (kops-calico.md §1) is in the schema.
    let calico = &schema["$defs"]["CalicoSpec"]["properties"];
    for field in [
        "registry",
        "version",
        "allowIPForwarding",
        "awsSrcDstCheck",
        "bpfEnabled",
        "bpfExternalServiceMode",
        "bpfKubeProxyIptablesCleanupEnabled",
        "bpfLogLevel",
        "chainInsertMode",
        "cpuRequest",
        "crossSubnet",
        "encapsulationMode",
        "ipipMode",
        "ipv4AutoDetectionMethod",
        "ipv6AutoDetectionMethod",
        "iptablesBackend",
        "logSeverityScreen",
        "mtu",
        "nftablesMode",
        "prometheusMetricsEnabled",
        "prometheusMetricsPort",
        "prometheusGoMetricsEnabled",
        "prometheusProcessMetricsEnabled",
        "typhaPrometheusMetricsEnabled",
        "typhaPrometheusMetricsPort",
        "typhaReplicas",
        "vxlanMode",
        "wireguardEnabled",
        "majorVersion",
    ] {
        assert!(calico[field].is_object(), "schema lacks calico.{field}");
    }
    assert_eq!(calico.as_object().unwrap().len(), 29);
}

#[test]
fn every_fixture_validates_against_the_schema() {
    let files = fixture_files();
    assert!(
        !files.is_empty(),
        "no fixtures in {}",
        fixtures_dir().display()
    );
    let v = validator();
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let doc = as_calico_networking(&text);
        let errors = schema_errors(&v, &doc);
        if !errors.is_empty() {
            failures.push(format!("{}: {}", file.display(), errors.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_fixture_parses_the_schema_and_the_parser_agree() {
    for file in fixture_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        if let Err(e) = calico_spec::parse_str(&text) {
            panic!("{}: {e}", file.display());
        }
    }
}

fn good() -> Value {
    json!({
        "apiVersion": "calico-render.dev/v1alpha1",
        "kind": "CalicoNetworking",
        "metadata": {"name": "good.example.com"},
        "spec": {
            "cloudProvider": "aws",
            "kubeProxy": {"enabled": false},
            "networking": {"calico": {"bpfEnabled": true, "mtu": 8951, "cpuRequest": "500m", "encapsulationMode": "vxlan"}}
        }
    })
}

/// `good()` with the value at a JSON pointer replaced (or removed when `None`).
fn with(pointer: &str, value: Option<Value>) -> Value {
    let mut doc = good();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = if parent.is_empty() {
        &mut doc
    } else {
        doc.pointer_mut(parent)
            .unwrap_or_else(|| panic!("no {parent}"))
    };
    let map = target.as_object_mut().unwrap();
    match value {
        Some(v) => {
            map.insert(key.to_string(), v);
        }
        None => {
            map.remove(key);
        }
    }
    doc
}

const CALICO: &str = "/spec/networking/calico";

#[test]
fn the_good_document_and_its_variants_validate() {
    let v = validator();
    for doc in [
        good(),
        with(&format!("{CALICO}/cpuRequest"), Some(json!(0.5))),
        with(&format!("{CALICO}/mtu"), Some(Value::Null)),
        with("/spec/cloudProvider", Some(json!({"aws": {}}))),
        with("/spec/etcdClusters", Some(json!([{"name": "main"}]))),
        with(&format!("{CALICO}/encapsulationMode"), Some(json!(""))),
    ] {
        assert_eq!(schema_errors(&v, &doc), Vec::<String>::new(), "{doc}");
    }
}

#[test]
fn known_bad_documents_fail_the_schema() {
    let v = validator();
    let c = |f: &str| format!("{CALICO}/{f}");
    let cases: Vec<(&str, Value)> = vec![
        // wrong types
        ("mtu as a string", with(&c("mtu"), Some(json!("auto")))),
        ("mtu as a float", with(&c("mtu"), Some(json!(1.5)))),
        (
            "bpfEnabled as a string",
            with(&c("bpfEnabled"), Some(json!("yes"))),
        ),
        (
            "typhaReplicas as a float",
            with(&c("typhaReplicas"), Some(json!(1.5))),
        ),
        ("registry as a number", with(&c("registry"), Some(json!(5)))),
        ("calico as a list", with(CALICO, Some(json!([])))),
        (
            "cpuRequest not a quantity",
            with(&c("cpuRequest"), Some(json!("lots"))),
        ),
        (
            "cpuRequest a boolean",
            with(&c("cpuRequest"), Some(json!(true))),
        ),
        (
            "cloudProvider a number",
            with("/spec/cloudProvider", Some(json!(5))),
        ),
        (
            "kubeProxy.enabled a string",
            with("/spec/kubeProxy/enabled", Some(json!("false"))),
        ),
        ("spec a list", with("/spec", Some(json!([])))),
        // unknown fields where the model is closed
        (
            "unknown calico field",
            with(&c("encapsulationMod"), Some(json!("vxlan"))),
        ),
        (
            "unknown kubeProxy field",
            with("/spec/kubeProxy/enable", Some(json!(false))),
        ),
        (
            "unknown networking option",
            with("/spec/networking/Calico", Some(json!({}))),
        ),
        ("unknown envelope field", with("/status", Some(json!({})))),
        // values outside the enums
        (
            "encapsulationMode gre",
            with(&c("encapsulationMode"), Some(json!("gre"))),
        ),
        (
            "ipipMode lower case",
            with(&c("ipipMode"), Some(json!("always"))),
        ),
        (
            "vxlanMode bogus",
            with(&c("vxlanMode"), Some(json!("bogus"))),
        ),
        (
            "bpfLogLevel Trace",
            with(&c("bpfLogLevel"), Some(json!("Trace"))),
        ),
        (
            "bpfExternalServiceMode dsr",
            with(&c("bpfExternalServiceMode"), Some(json!("dsr"))),
        ),
        (
            "awsSrcDstCheck off",
            with(&c("awsSrcDstCheck"), Some(json!("off"))),
        ),
        (
            "chainInsertMode Insert",
            with(&c("chainInsertMode"), Some(json!("Insert"))),
        ),
        (
            "iptablesBackend nft",
            with(&c("iptablesBackend"), Some(json!("nft"))),
        ),
        (
            "nftablesMode On",
            with(&c("nftablesMode"), Some(json!("On"))),
        ),
        // ranges of the extensions
        (
            "nodeCount negative",
            with("/spec/nodeCount", Some(json!(-1))),
        ),
        ("hostMTU too small", with("/spec/hostMTU", Some(json!(10)))),
        (
            "proxy port too big",
            with(
                "/spec/egressProxy",
                Some(json!({"httpProxy": {"host": "p", "port": 70000}})),
            ),
        ),
        (
            "asNumber zero",
            with("/spec/bgp", Some(json!({"asNumber": 0}))),
        ),
        (
            "route reflectors without clusterID",
            with(
                "/spec/bgp",
                Some(json!({"routeReflectors": {"nodeSelector": "all()"}})),
            ),
        ),
        // envelope
        (
            "kOps apiVersion",
            with("/apiVersion", Some(json!("kops.k8s.io/v1alpha2"))),
        ),
        (
            "future apiVersion",
            with("/apiVersion", Some(json!("calico-render.dev/v1alpha2"))),
        ),
        ("kind Cluster", with("/kind", Some(json!("Cluster")))),
        ("no kind", with("/kind", None)),
        ("no apiVersion", with("/apiVersion", None)),
        ("no metadata", with("/metadata", None)),
        ("no metadata.name", with("/metadata/name", None)),
        ("no spec", with("/spec", None)),
        (
            "labels not strings",
            with("/metadata/labels", Some(json!({"a": 1}))),
        ),
    ];
    let mut accepted = Vec::new();
    for (name, doc) in &cases {
        if v.is_valid(doc) {
            accepted.push(*name);
        }
    }
    assert!(accepted.is_empty(), "the schema accepted: {accepted:?}");
}

#[test]
fn schema_bounds_int32_fields_as_the_parser_does() {
    let v = validator();
    for field in [
        "mtu",
        "typhaReplicas",
        "prometheusMetricsPort",
        "typhaPrometheusMetricsPort",
    ] {
        let doc = with(&format!("{CALICO}/{field}"), Some(json!(3_000_000_000u64)));
        assert!(!v.is_valid(&doc), "{field}: 3000000000 accepted");
    }
}

#[test]
fn schema_rejections_match_parser_rejections() {
    // The same bad content fails both the schema and the parser (form 3 text).
    let v = validator();
    for (field, yaml_value, json_value) in [
        ("mtu", "auto", json!("auto")),
        ("encapsulationMod", "vxlan", json!("vxlan")),
        ("bpfEnabled", "\"yes\"", json!("yes")),
    ] {
        let doc = with(&format!("{CALICO}/{field}"), Some(json_value));
        assert!(!v.is_valid(&doc), "{field}");
        let text = format!(
            "apiVersion: calico-render.dev/v1alpha1\nkind: CalicoNetworking\nmetadata: {{name: a.example.com}}\nspec: {{networking: {{calico: {{{field}: {yaml_value}}}}}}}\n"
        );
        assert!(calico_spec::parse_str(&text).is_err(), "{field}");
    }
}
