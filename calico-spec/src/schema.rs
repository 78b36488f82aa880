//! JSON Schemas generated from the model's Rust types.
//!
//! [`json_schema`] is the published schema of the `CalicoNetworking` kind
//! (and so of the cluster spec it holds). The parser checks input against an
//! inlined form of the same schema, so the types, names and ranges a user
//! sees in the schema are exactly the ones the parser enforces.

use crate::model::CalicoNetworking;
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

/// The inlined draft-07 schema of `T`, as the checker's files hold it
/// (before [`for_checker`]).
#[cfg(test)]
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
/// the checker reads. The unit test `inlined_schemas_are_current` holds the
/// files to a fresh generation
/// (`CALICO_SPEC_UPDATE_SCHEMAS=1 cargo test -p calico-spec --lib schema`
/// rewrites them after a model change); `build.rs` translates them into the
/// statics [`CLUSTER_SPEC`] and [`CALICO_NETWORKING`], so no process parses
/// them.
#[cfg(test)]
const INLINED_CLUSTER_SPEC: &str = include_str!("schema/inlined-cluster-spec.json");
#[cfg(test)]
const INLINED_CALICO_NETWORKING: &str = include_str!("schema/inlined-calico-networking.json");

#[cfg(test)]
mod keywords;
#[cfg(test)]
use keywords::CHECKER_KEYWORDS;

/// `schema` with only the [`CHECKER_KEYWORDS`], in every subschema.
#[cfg(test)]
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

/// A JSON Schema as the parser's checker reads it: the keywords of
/// `schema/keywords.rs` only, typed, and built at compile time (`build.rs`
/// writes the inlined schemas as statics of this type).
#[derive(Debug)]
pub(crate) struct Schema {
    /// Whether this is the schema `true` (anything goes; no keyword is set).
    pub(crate) any: bool,
    /// `type`: the JSON type names admitted.
    pub(crate) types: Option<&'static [&'static str]>,
    /// Whether `type` was written as a list rather than one name (only the
    /// round trip to JSON tells them apart).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) type_list: bool,
    /// `anyOf`: the branches.
    pub(crate) any_of: Option<&'static [Schema]>,
    /// `properties`, in the order of the schema (suggestions depend on it).
    pub(crate) properties: Option<&'static [(&'static str, Schema)]>,
    /// `additionalProperties`.
    pub(crate) additional: Additional,
    /// `items`: the schema of every element of an array.
    pub(crate) items: Option<&'static Schema>,
    /// `required`: the property names that must be present.
    pub(crate) required: Option<&'static [&'static str]>,
    /// `format` (the checker reads integer formats such as `int32`).
    pub(crate) format: Option<&'static str>,
    /// `minimum`.
    pub(crate) minimum: Option<Number>,
    /// `maximum`.
    pub(crate) maximum: Option<Number>,
    /// `pattern`: a regular expression strings must match.
    pub(crate) pattern: Option<&'static str>,
}

/// The `additionalProperties` of a [`Schema`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Additional {
    /// Not set.
    Unset,
    /// `true`.
    Any,
    /// `false`: unknown properties are errors.
    Forbidden,
    /// A schema for every property not in `properties`.
    Schema(&'static Schema),
}

/// A number in a [`Schema`], of the kind serde_json reads it as.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Number {
    /// A non-negative integer.
    PosInt(u64),
    /// A negative integer.
    NegInt(i64),
    /// Any other number (`build.rs` writes it for a bound such as `0.5`;
    /// the current schemas have none).
    #[allow(dead_code)]
    Float(f64),
}

impl Number {
    /// The number as `f64`, as `serde_json::Number::as_f64` gives it.
    pub(crate) fn as_f64(self) -> f64 {
        match self {
            Number::PosInt(u) => u as f64,
            Number::NegInt(i) => i as f64,
            Number::Float(f) => f,
        }
    }
}

impl Schema {
    /// The schema with no keyword (`{}`); generated schemas set their
    /// keywords and take the rest from here.
    pub(crate) const EMPTY: Schema = Schema {
        any: false,
        types: None,
        type_list: false,
        any_of: None,
        properties: None,
        additional: Additional::Unset,
        items: None,
        required: None,
        format: None,
        minimum: None,
        maximum: None,
        pattern: None,
    };

    /// The subschema of property `name`, if the schema lists it.
    pub(crate) fn property(&'static self, name: &str) -> Option<&'static Schema> {
        self.properties?
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| s)
    }
}

include!(concat!(env!("OUT_DIR"), "/schemas.rs"));

/// The inlined schema of the cluster spec.
pub(crate) fn spec_schema() -> &'static Schema {
    &CLUSTER_SPEC
}

/// A map of strings, or null (`metadata.labels`, `metadata.annotations`).
const OPTIONAL_STRING_MAP: Schema = Schema {
    types: Some(&["object", "null"]),
    type_list: true,
    additional: Additional::Schema(&Schema {
        types: Some(&["string"]),
        ..Schema::EMPTY
    }),
    ..Schema::EMPTY
};

/// The schema of a kOps Cluster's envelope: open, since kOps metadata has
/// more fields (the spec is checked separately).
static KOPS_ENVELOPE: Schema = Schema {
    types: Some(&["object"]),
    required: Some(&["metadata"]),
    properties: Some(&[
        (
            "apiVersion",
            Schema {
                types: Some(&["string"]),
                ..Schema::EMPTY
            },
        ),
        (
            "kind",
            Schema {
                types: Some(&["string"]),
                ..Schema::EMPTY
            },
        ),
        (
            "metadata",
            Schema {
                types: Some(&["object"]),
                required: Some(&["name"]),
                properties: Some(&[
                    (
                        "name",
                        Schema {
                            types: Some(&["string"]),
                            ..Schema::EMPTY
                        },
                    ),
                    ("labels", OPTIONAL_STRING_MAP),
                    ("annotations", OPTIONAL_STRING_MAP),
                ]),
                ..Schema::EMPTY
            },
        ),
    ]),
    ..Schema::EMPTY
};

/// The schema of the document around the spec: a kOps Cluster's envelope is
/// open (kOps metadata has more fields), the project's own kind is closed.
pub(crate) fn envelope_schema(kops: bool) -> &'static Schema {
    if kops {
        &KOPS_ENVELOPE
    } else {
        &CALICO_NETWORKING
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
    use crate::model::ClusterSpec;

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

    /// A typed schema back as JSON, the keywords in [`CHECKER_KEYWORDS`]'s
    /// order.
    fn to_value(schema: &Schema) -> Value {
        if schema.any {
            return Value::Bool(true);
        }
        let strings = |names: &[&str]| Value::Array(names.iter().map(|n| json!(n)).collect());
        let number = |n: Number| match n {
            Number::PosInt(u) => json!(u),
            Number::NegInt(i) => json!(i),
            Number::Float(f) => json!(f),
        };
        let mut map = serde_json::Map::new();
        for keyword in CHECKER_KEYWORDS {
            let value = match *keyword {
                "type" => schema.types.map(|ts| match (schema.type_list, ts) {
                    (false, [one]) => json!(one),
                    (false, _) => panic!("a single `type` with {} names", ts.len()),
                    (true, _) => strings(ts),
                }),
                "anyOf" => schema
                    .any_of
                    .map(|bs| Value::Array(bs.iter().map(to_value).collect())),
                "properties" => schema.properties.map(|ps| {
                    Value::Object(
                        ps.iter()
                            .map(|(n, s)| (n.to_string(), to_value(s)))
                            .collect(),
                    )
                }),
                "additionalProperties" => match schema.additional {
                    Additional::Unset => None,
                    Additional::Any => Some(json!(true)),
                    Additional::Forbidden => Some(json!(false)),
                    Additional::Schema(s) => Some(to_value(s)),
                },
                "items" => schema.items.map(to_value),
                "required" => schema.required.map(strings),
                "format" => schema.format.map(|f| json!(f)),
                "minimum" => schema.minimum.map(number),
                "maximum" => schema.maximum.map(number),
                "pattern" => schema.pattern.map(|p| json!(p)),
                other => panic!("to_value does not know the checker keyword {other}"),
            };
            if let Some(value) = value {
                map.insert(keyword.to_string(), value);
            }
        }
        Value::Object(map)
    }

    /// The order of every `properties` (map equality ignores it, the
    /// checker's suggestions do not), subschemas in keyword order.
    fn property_orders(schema: &Value, out: &mut Vec<Vec<String>>) {
        let Value::Object(map) = schema else {
            return;
        };
        for keyword in CHECKER_KEYWORDS {
            match (*keyword, map.get(*keyword)) {
                ("properties", Some(Value::Object(ps))) => {
                    out.push(ps.keys().cloned().collect());
                    ps.values().for_each(|s| property_orders(s, out));
                }
                ("anyOf", Some(Value::Array(bs))) => {
                    bs.iter().for_each(|s| property_orders(s, out))
                }
                ("items" | "additionalProperties", Some(s)) => property_orders(s, out),
                _ => {}
            }
        }
    }

    /// The statics `build.rs` writes are the JSON files, and so (with
    /// `inlined_schemas_are_current`) what the model generates now.
    #[test]
    fn static_schemas_are_the_json_files() {
        let cases = [
            (
                &CLUSTER_SPEC,
                INLINED_CLUSTER_SPEC,
                for_checker(&inlined::<ClusterSpec>()),
            ),
            (
                &CALICO_NETWORKING,
                INLINED_CALICO_NETWORKING,
                for_checker(&inlined::<CalicoNetworking>()),
            ),
        ];
        for (schema, text, fresh) in cases {
            let file: Value = serde_json::from_str(text).unwrap();
            let typed = to_value(schema);
            assert_eq!(typed, file);
            assert_eq!(typed, fresh);
            let (mut a, mut b) = (Vec::new(), Vec::new());
            property_orders(&typed, &mut a);
            property_orders(&file, &mut b);
            assert_eq!(a, b);
            assert!(a.len() > 10);
        }
    }

    /// The hand-written kOps envelope is the JSON the parser used to build.
    #[test]
    fn kops_envelope_is_the_json() {
        let json = json!({
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
        });
        let typed = to_value(envelope_schema(true));
        assert_eq!(typed, json);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        property_orders(&typed, &mut a);
        property_orders(&json, &mut b);
        assert_eq!(a, b);
        assert!(std::ptr::eq(envelope_schema(false), &CALICO_NETWORKING));
        assert!(std::ptr::eq(spec_schema(), &CLUSTER_SPEC));
    }

    /// A `properties` order that differs is caught (map equality alone
    /// would not).
    #[test]
    fn property_orders_see_the_order() {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        property_orders(&json!({"properties": {"a": {}, "b": {}}}), &mut a);
        property_orders(&json!({"properties": {"b": {}, "a": {}}}), &mut b);
        assert_ne!(a, b);
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
