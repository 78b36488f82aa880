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

/// The inlined schemas the parser checks input against, generated from the
/// model and kept as JSON text in the source tree, with only the keywords
/// the checker reads: reading the text is much cheaper than generating the
/// schema in every process. The unit test
/// `inlined_schemas_are_current` holds the files to a fresh generation
/// (`CALICO_SPEC_UPDATE_SCHEMAS=1 cargo test -p calico-spec --lib schema`
/// rewrites them after a model change).
const INLINED_CLUSTER_SPEC: &str = include_str!("schema/inlined-cluster-spec.json");
const INLINED_CALICO_NETWORKING: &str = include_str!("schema/inlined-calico-networking.json");

/// The embedded schema `text`, or (should it not parse, which the unit test
/// rules out) a fresh generation.
fn embedded(text: &str, generate: fn() -> Value) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| for_checker(&generate()))
}

/// The keywords the parser's checker reads (`parse.rs`); the embedded
/// schemas keep only these (descriptions are most of a schema's bytes).
/// A checker that reads another keyword must list it here.
const CHECKER_KEYWORDS: &[&str] = &[
    "type",
    "anyOf",
    "properties",
    "additionalProperties",
    "items",
    "required",
    "format",
    "minimum",
    "maximum",
    "pattern",
];

/// `schema` with only the [`CHECKER_KEYWORDS`], in every subschema.
fn for_checker(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let mut out = serde_json::Map::new();
    for (key, value) in map {
        if !CHECKER_KEYWORDS.contains(&key.as_str()) {
            continue;
        }
        let value = match (key.as_str(), value) {
            ("properties", Value::Object(props)) => Value::Object(
                props
                    .iter()
                    .map(|(name, sub)| (name.clone(), for_checker(sub)))
                    .collect(),
            ),
            ("anyOf", Value::Array(branches)) => {
                Value::Array(branches.iter().map(for_checker).collect())
            }
            ("additionalProperties" | "items", sub) => for_checker(sub),
            (_, other) => other.clone(),
        };
        out.insert(key.clone(), value);
    }
    Value::Object(out)
}

/// The inlined schema of the cluster spec, read once.
pub(crate) fn spec_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| embedded(INLINED_CLUSTER_SPEC, inlined::<ClusterSpec>))
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
        OWN.get_or_init(|| embedded(INLINED_CALICO_NETWORKING, inlined::<CalicoNetworking>))
    }
}

/// The pattern of a Kubernetes quantity in the schema (see `quantity.rs`).
const QUANTITY_PATTERN: &str =
    r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?[0-9]+))?$";

/// [`QUANTITY_PATTERN`] written out: compiling the regex costs more than a
/// whole parse, once per process.
fn quantity_pattern_matches(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |from: usize| {
        b[from.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let int = digits(i);
    i += int;
    if int > 0 {
        if b.get(i) == Some(&b'.') {
            i += 1;
            i += digits(i);
        }
    } else {
        if b.get(i) != Some(&b'.') {
            return false;
        }
        i += 1;
        let frac = digits(i);
        if frac == 0 {
            return false;
        }
        i += frac;
    }
    match &b[i..] {
        [] => true,
        [b'K' | b'M' | b'G' | b'T' | b'P' | b'E', b'i'] => true,
        [b'n' | b'u' | b'm' | b'k' | b'M' | b'G' | b'T' | b'P' | b'E'] => true,
        [b'e' | b'E', rest @ ..] => {
            let rest = match rest {
                [b'+' | b'-', r @ ..] => r,
                r => r,
            };
            !rest.is_empty() && rest.iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

/// Whether `text` matches the schema `pattern` (compiled once per pattern).
pub(crate) fn pattern_matches(pattern: &str, text: &str) -> bool {
    if pattern == QUANTITY_PATTERN {
        return quantity_pattern_matches(text);
    }
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    /// The embedded inlined schemas are what schemars generates from the
    /// model now.
    #[test]
    fn inlined_schemas_are_current() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/schema");
        let cases = [
            (
                "inlined-cluster-spec.json",
                INLINED_CLUSTER_SPEC,
                for_checker(&inlined::<ClusterSpec>()),
            ),
            (
                "inlined-calico-networking.json",
                INLINED_CALICO_NETWORKING,
                for_checker(&inlined::<CalicoNetworking>()),
            ),
        ];
        let update = std::env::var_os("CALICO_SPEC_UPDATE_SCHEMAS").is_some();
        for (file, embedded, fresh) in cases {
            let current = serde_json::from_str::<Value>(embedded).ok();
            if current.as_ref() == Some(&fresh) {
                continue;
            }
            if update {
                let text = serde_json::to_string_pretty(&fresh).unwrap();
                std::fs::write(dir.join(file), format!("{text}\n")).unwrap();
            } else {
                panic!(
                    "calico-spec/src/schema/{file} is not the schema the model generates; \
                     run `CALICO_SPEC_UPDATE_SCHEMAS=1 cargo test -p calico-spec --lib schema`"
                );
            }
        }
    }

    #[test]
    fn quantity_matcher_is_the_pattern() {
        let re = regex::Regex::new(QUANTITY_PATTERN).unwrap();
        let alphabet = [
            "", "0", "1", "9", ".", "+", "-", "e", "E", "i", "K", "M", "G", "T", "P", "n", "u",
            "m", "k", "x", " ", "\n", "5",
        ];
        let mut count = 0;
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    for d in alphabet {
                        let s = format!("{a}{b}{c}{d}");
                        assert_eq!(quantity_pattern_matches(&s), re.is_match(&s), "{s:?}");
                        count += 1;
                    }
                }
            }
        }
        assert!(count > 100_000);
        // The schema's quantity pattern is the one written out here.
        let pattern = serde_json::to_string(QUANTITY_PATTERN).unwrap();
        assert!(INLINED_CLUSTER_SPEC.contains(&pattern));
        for s in [
            "250m", "0.5", "1", "1.5Gi", "+.5e-3", "1e", "1Ei", "1E", "12.e+10", "-.e1", "1ki", "١",
        ] {
            assert_eq!(quantity_pattern_matches(s), re.is_match(s), "{s:?}");
        }
    }
}
