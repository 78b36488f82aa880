//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calico_render::Manifest;
use calico_spec::ResolvedSpec;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const CRD: &str = "CustomResourceDefinition";

/// Parses and resolves a spec, failing the test with the errors.
pub fn resolve(yaml: &str) -> ResolvedSpec {
    let parsed = calico_spec::parse_str(yaml).unwrap_or_else(|e| panic!("parse: {e}"));
    calico_spec::resolve(&parsed, &calico_spec::Options::default())
        .unwrap_or_else(|invalid| panic!("resolve: {:?}", invalid.errors))
}

pub fn render(yaml: &str) -> Manifest {
    calico_render::render(&resolve(yaml)).unwrap_or_else(|e| panic!("render: {e}"))
}

/// Renders a spec with the given options.
pub fn render_with(yaml: &str, options: &calico_spec::Options) -> Manifest {
    let parsed = calico_spec::parse_str(yaml).unwrap_or_else(|e| panic!("parse: {e}"));
    let resolved = calico_spec::resolve(&parsed, options)
        .unwrap_or_else(|invalid| panic!("resolve: {:?}", invalid.errors));
    calico_render::render(&resolved).unwrap_or_else(|e| panic!("render: {e}"))
}

/// The repository's fixtures directory.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

/// Every `fixtures/*.yaml`, sorted by name.
pub fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures/ is readable")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

/// `Kind name` of every object, in order.
pub fn identities(m: &Manifest) -> Vec<String> {
    m.objects()
        .iter()
        .map(|o| format!("{} {}", o.kind, o.name))
        .collect()
}

/// The YAML stream of the objects other than the CRDs.
pub fn yaml_without_crds(m: &Manifest) -> String {
    m.objects()
        .iter()
        .filter(|o| o.kind != CRD)
        .map(|o| format!("---\n{}", o.yaml()))
        .collect()
}

/// Leaf paths of a manifest's objects, CRDs aside (`Kind ns/name .a.b[name].c`:
/// list items with a `name` keyed by it). The CNI config's JSON is flattened
/// too (`.cni_network_config<json>`).
pub fn flat(manifest: &Manifest) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for o in manifest.objects() {
        if o.kind == CRD {
            continue;
        }
        let owner = match &o.namespace {
            Some(ns) => format!("{} {ns}/{}", o.kind, o.name),
            None => format!("{} {}", o.kind, o.name),
        };
        walk(o.value().unwrap(), &format!("{owner} "), &mut out);
    }
    out
}

fn walk(v: &Value, path: &str, out: &mut BTreeMap<String, Value>) {
    match v {
        Value::Object(m) => {
            for (k, item) in m {
                let here = format!("{path}.{k}");
                match (k.as_str(), item.as_str()) {
                    ("cni_network_config", Some(text)) => {
                        let parsed: Value = serde_json::from_str(text).unwrap_or_else(|_| {
                            serde_json::from_str(&text.replace("__CNI_MTU__", "\"__CNI_MTU__\""))
                                .unwrap()
                        });
                        walk(&parsed, &format!("{here}<json>"), out);
                    }
                    _ => walk(item, &here, out),
                }
            }
        }
        Value::Array(items)
            if items.iter().all(|i| i.get("name").is_some()) && !items.is_empty() =>
        {
            for item in items {
                let name = item["name"].as_str().unwrap_or_default();
                walk(item, &format!("{path}[{name}]"), out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{path}[{i}]"), out);
            }
        }
        leaf => {
            out.insert(path.to_string(), leaf.clone());
        }
    }
}
