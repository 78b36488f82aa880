//! JSON Schemas generated from the model's Rust types.
//!
//! [`json_schema`] is the published schema of the `CalicoNetworking` kind
//! (and so of the cluster spec it holds). The parser checks input against an
//! inlined form of the same schema, so the types, names and ranges a user
//! sees in the schema are exactly the ones the parser enforces.

use crate::model::{CalicoNetworking, ClusterSpec};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

/// The JSON Schema (draft 2020-12) of a `CalicoNetworking` document.
///
/// ```
/// let schema = calico_spec::json_schema();
/// assert_eq!(schema["title"], "CalicoNetworking");
/// assert!(schema["$defs"]["CalicoSpec"]["properties"]["ipipMode"].is_object());
/// ```
pub fn json_schema() -> Value {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<CalicoNetworking>();
    let mut value = schema.to_value();
    add_integer_bounds(&mut value);
    if let Value::Object(map) = &mut value {
        map.insert(
            "$id".into(),
            Value::String(
                "https://calico-render.dev/schemas/v1alpha1/caliconetworking.json".into(),
            ),
        );
    }
    value
}

fn inlined<T: schemars::JsonSchema>() -> Value {
    let mut value = schemars::generate::SchemaSettings::draft07()
        .with(|s| s.inline_subschemas = true)
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value();
    add_integer_bounds(&mut value);
    value
}

/// Writes the bounds of `int32` fields as `minimum`/`maximum`, which schema
/// validators check (they ignore `format`), so that the published schema
/// rejects what the parser rejects.
fn add_integer_bounds(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("format").and_then(Value::as_str) == Some("int32") {
                map.entry("minimum").or_insert(json!(i32::MIN));
                map.entry("maximum").or_insert(json!(i32::MAX));
            }
            map.values_mut().for_each(add_integer_bounds);
        }
        Value::Array(items) => items.iter_mut().for_each(add_integer_bounds),
        _ => {}
    }
}

/// The inlined schema of the cluster spec, built once.
pub(crate) fn spec_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(inlined::<ClusterSpec>)
}

/// The schema of the document around the spec: a kOps Cluster's envelope is
/// open (kOps metadata has more fields), the project's own kind is closed.
pub(crate) fn envelope_schema(kops: bool) -> &'static Value {
    static KOPS: OnceLock<Value> = OnceLock::new();
    static OWN: OnceLock<Value> = OnceLock::new();
    if kops {
        KOPS.get_or_init(|| {
            json!({
                "type": "object",
                "required": ["metadata"],
                "properties": {
                    "apiVersion": {"type": "string"},
                    "kind": {"type": "string"},
                    "metadata": {
                        "type": "object",
                        "required": ["name"],
                        "properties": {
                            "name": {"type": "string"},
                            "labels": {"type": ["object", "null"], "additionalProperties": {"type": "string"}},
                            "annotations": {"type": ["object", "null"], "additionalProperties": {"type": "string"}}
                        }
                    }
                }
            })
        })
    } else {
        OWN.get_or_init(inlined::<CalicoNetworking>)
    }
}

/// Whether `text` matches the schema `pattern` (compiled once per pattern).
pub(crate) fn pattern_matches(pattern: &str, text: &str) -> bool {
    static CACHE: OnceLock<Mutex<BTreeMap<String, Option<regex::Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(BTreeMap::new()));
    let Ok(mut cache) = cache.lock() else {
        return regex::Regex::new(pattern).is_ok_and(|r| r.is_match(text));
    };
    cache
        .entry(pattern.to_string())
        .or_insert_with(|| regex::Regex::new(pattern).ok())
        .as_ref()
        .is_some_and(|r| r.is_match(text))
}
