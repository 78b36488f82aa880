//! JSON Schemas generated from the model's Rust types.
//!
//! [`json_schema`] is the published schema of the `CalicoNetworking` kind
//! (and so of the cluster spec it holds). The parser checks input against an
//! inlined form of the same schema, so the types, names and ranges a user
//! sees in the schema are exactly the ones the parser enforces.

use crate::error::ParseError;
use crate::model::CalicoNetworking;
use regex_lite::Regex;
use serde::de::{self, value::SeqAccessDeserializer, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{json, Value};
use std::fmt;
use std::sync::OnceLock;

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
/// (before `tests::for_checker`).
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

/// The schemas the parser checks input against, kept as JSON text in the
/// source tree (`src/schema/`) and deserialized once per process on first
/// use. The inlined ones are generated from the model with only the
/// keywords the checker reads; the unit test `inlined_schemas_are_current`
/// holds them to a fresh generation
/// (`CALICO_SPEC_UPDATE_SCHEMAS=1 cargo test -p calico-spec --lib schema`
/// rewrites them after a model change). The kOps envelope is written by
/// hand: open, since kOps metadata has more fields (the spec is checked
/// separately).
static CLUSTER_SPEC: Embedded = Embedded::new(
    "inlined-cluster-spec.json",
    include_str!("schema/inlined-cluster-spec.json"),
);
static CALICO_NETWORKING: Embedded = Embedded::new(
    "inlined-calico-networking.json",
    include_str!("schema/inlined-calico-networking.json"),
);
static KOPS_ENVELOPE: Embedded = Embedded::new(
    "kops-envelope.json",
    include_str!("schema/kops-envelope.json"),
);

/// A schema embedded as JSON text, deserialized on first use.
struct Embedded {
    file: &'static str,
    text: &'static str,
    schema: OnceLock<Result<Schema, String>>,
}

impl Embedded {
    const fn new(file: &'static str, text: &'static str) -> Self {
        Embedded {
            file,
            text,
            schema: OnceLock::new(),
        }
    }

    /// The schema; one that does not load is a bug of calico-spec, reported
    /// as [`ParseError::Internal`].
    fn get(&'static self) -> Result<&'static Schema, ParseError> {
        self.schema
            .get_or_init(|| serde_json::from_str(self.text).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| {
                ParseError::Internal(format!("embedded schema {} does not load: {e}", self.file))
            })
    }
}

/// A JSON Schema as the parser's checker reads it: the keywords it reads
/// only (any other is an error when the schema loads, so none is lost).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Schema {
    /// `type`: the JSON type names admitted (one name or a list).
    #[serde(rename = "type", deserialize_with = "one_or_many")]
    pub(crate) types: Option<Vec<String>>,
    /// `anyOf`: the branches.
    #[serde(rename = "anyOf")]
    pub(crate) any_of: Option<Vec<Schema>>,
    /// `properties`, in the order of the schema (suggestions depend on it).
    #[serde(deserialize_with = "in_order")]
    pub(crate) properties: Vec<(String, Schema)>,
    /// `additionalProperties`.
    #[serde(rename = "additionalProperties")]
    pub(crate) additional: Option<Additional>,
    /// `items`: the schema of every element of an array.
    pub(crate) items: Option<Box<Schema>>,
    /// `required`: the property names that must be present.
    pub(crate) required: Vec<String>,
    /// `format` (the checker reads integer formats such as `int32`).
    pub(crate) format: Option<String>,
    /// `minimum`.
    pub(crate) minimum: Option<f64>,
    /// `maximum`.
    pub(crate) maximum: Option<f64>,
    /// `pattern`: a regular expression strings must match.
    pub(crate) pattern: Option<Pattern>,
}

/// The `additionalProperties` of a [`Schema`].
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum Additional {
    /// `true` (any property) or `false` (unknown properties are errors).
    Allowed(bool),
    /// A schema for every property not in `properties`.
    Schema(Box<Schema>),
}

/// A `pattern`, compiled on first use.
#[derive(Debug, Deserialize)]
#[serde(from = "String")]
pub(crate) struct Pattern {
    source: String,
    regex: OnceLock<Option<Regex>>,
}

impl From<String> for Pattern {
    fn from(source: String) -> Self {
        Pattern {
            source,
            regex: OnceLock::new(),
        }
    }
}

impl Pattern {
    /// Whether `text` matches. A pattern that does not compile matches
    /// nothing (a bug: the unit test `schema_patterns_compile` rules it out).
    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.regex
            .get_or_init(|| Regex::new(&self.source).ok())
            .as_ref()
            .is_some_and(|r| r.is_match(text))
    }
}

/// Deserializes a string or a list of strings into a list.
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    struct Names;
    impl<'de> Visitor<'de> for Names {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a type name or a list of them")
        }
        fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
            Ok(vec![name.to_string()])
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            Vec::deserialize(SeqAccessDeserializer::new(seq))
        }
    }
    d.deserialize_any(Names).map(Some)
}

/// Deserializes a map into its entries, in order.
fn in_order<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, Schema)>, D::Error> {
    struct Entries;
    impl<'de> Visitor<'de> for Entries {
        type Value = Vec<(String, Schema)>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a map of schemas")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut entries = Vec::new();
            while let Some(entry) = map.next_entry()? {
                entries.push(entry);
            }
            Ok(entries)
        }
    }
    d.deserialize_map(Entries)
}

impl Schema {
    /// The subschema of property `name`, if the schema lists it.
    pub(crate) fn property(&self, name: &str) -> Option<&Schema> {
        self.properties
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s)
    }
}

/// The inlined schema of the cluster spec.
pub(crate) fn spec_schema() -> Result<&'static Schema, ParseError> {
    CLUSTER_SPEC.get()
}

/// The schema of the document around the spec: a kOps Cluster's envelope is
/// open (kOps metadata has more fields), the project's own kind is closed.
pub(crate) fn envelope_schema(kops: bool) -> Result<&'static Schema, ParseError> {
    if kops {
        KOPS_ENVELOPE.get()
    } else {
        CALICO_NETWORKING.get()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use crate::model::ClusterSpec;

    /// The keywords the checker reads, in the order of [`Schema`]'s fields;
    /// the inlined schemas keep only these (descriptions are most of a
    /// schema's bytes).
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

    const ALL: [&Embedded; 3] = [&CLUSTER_SPEC, &CALICO_NETWORKING, &KOPS_ENVELOPE];

    /// The embedded inlined schemas are what schemars generates from the
    /// model now.
    #[test]
    fn inlined_schemas_are_current() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/schema");
        let cases = [
            (&CLUSTER_SPEC, for_checker(&inlined::<ClusterSpec>())),
            (
                &CALICO_NETWORKING,
                for_checker(&inlined::<CalicoNetworking>()),
            ),
        ];
        let update = std::env::var_os("CALICO_SPEC_UPDATE_SCHEMAS").is_some();
        for (embedded, fresh) in cases {
            let current = serde_json::from_str::<Value>(embedded.text).ok();
            if current.as_ref() == Some(&fresh) {
                continue;
            }
            let file = embedded.file;
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

    /// Every embedded schema loads, keeping the order of every
    /// `properties` (the checker's suggestions depend on it).
    #[test]
    fn embedded_schemas_load() {
        for embedded in ALL {
            let schema = embedded.get().unwrap_or_else(|e| panic!("{e}"));
            let file: Value = serde_json::from_str(embedded.text).unwrap();
            let (mut typed, mut json) = (Vec::new(), Vec::new());
            typed_property_orders(schema, &mut typed);
            property_orders(&file, &mut json);
            assert_eq!(typed, json, "{}", embedded.file);
            assert!(!typed.is_empty());
        }
        assert!(std::ptr::eq(
            envelope_schema(true).unwrap(),
            KOPS_ENVELOPE.get().unwrap()
        ));
        assert!(std::ptr::eq(
            envelope_schema(false).unwrap(),
            CALICO_NETWORKING.get().unwrap()
        ));
        assert!(std::ptr::eq(
            spec_schema().unwrap(),
            CLUSTER_SPEC.get().unwrap()
        ));
    }

    /// A schema that does not load is an internal error naming the file,
    /// and an unknown keyword does not load.
    #[test]
    fn a_bad_schema_is_an_internal_error() {
        static BAD: Embedded = Embedded::new("bad.json", r#"{"type": "object", "const": 1}"#);
        let err = BAD.get().unwrap_err();
        assert!(matches!(err, ParseError::Internal(_)));
        let text = err.to_string();
        assert!(
            text.starts_with(
                "internal: embedded schema bad.json does not load: unknown field `const`"
            ),
            "{text}"
        );
        // [`CHECKER_KEYWORDS`] are exactly the keywords a [`Schema`] reads.
        let listed: Vec<String> = CHECKER_KEYWORDS.iter().map(|k| format!("`{k}`")).collect();
        assert!(
            text.contains(&format!("expected one of {}", listed.join(", "))),
            "{text}"
        );
    }

    /// The order of every `properties` of a loaded schema, subschemas in
    /// the order [`property_orders`] visits them.
    fn typed_property_orders(schema: &Schema, out: &mut Vec<Vec<String>>) {
        schema
            .any_of
            .iter()
            .flatten()
            .for_each(|s| typed_property_orders(s, out));
        if !schema.properties.is_empty() {
            out.push(schema.properties.iter().map(|(n, _)| n.clone()).collect());
            for (_, s) in &schema.properties {
                typed_property_orders(s, out);
            }
        }
        if let Some(Additional::Schema(s)) = &schema.additional {
            typed_property_orders(s, out);
        }
        if let Some(s) = &schema.items {
            typed_property_orders(s, out);
        }
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

    /// A `properties` order that differs is caught (map equality alone
    /// would not).
    #[test]
    fn property_orders_see_the_order() {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        property_orders(&json!({"properties": {"a": {}, "b": {}}}), &mut a);
        property_orders(&json!({"properties": {"b": {}, "a": {}}}), &mut b);
        assert_ne!(a, b);
        let typed: Schema =
            serde_json::from_value(json!({"properties": {"b": {}, "a": {}}})).unwrap();
        let mut c = Vec::new();
        typed_property_orders(&typed, &mut c);
        assert_eq!(b, c);
    }

    /// Every `pattern` in `schema`.
    fn patterns<'a>(schema: &'a Schema, out: &mut Vec<&'a Pattern>) {
        out.extend(&schema.pattern);
        schema
            .any_of
            .iter()
            .flatten()
            .for_each(|s| patterns(s, out));
        schema.properties.iter().for_each(|(_, s)| patterns(s, out));
        if let Some(Additional::Schema(s)) = &schema.additional {
            patterns(s, out);
        }
        if let Some(s) = &schema.items {
            patterns(s, out);
        }
    }

    /// Every `pattern` of the embedded schemas compiles.
    #[test]
    fn schema_patterns_compile() {
        let mut all = Vec::new();
        for embedded in ALL {
            patterns(embedded.get().unwrap(), &mut all);
        }
        assert!(!all.is_empty());
        for p in all {
            assert!(Regex::new(&p.source).is_ok(), "{}", p.source);
        }
        assert!(!Pattern::from("(".to_string()).is_match("("));
    }

    /// The spec schema's one pattern, a Kubernetes quantity (see
    /// `quantity.rs`), accepts and rejects what Kubernetes does.
    #[test]
    fn quantity_pattern() {
        let mut all = Vec::new();
        patterns(spec_schema().unwrap(), &mut all);
        let [pattern] = all[..] else {
            panic!("{} patterns", all.len());
        };
        for s in [
            "250m", "0.5", "1", "+.5e-3", "1Ei", "1E", "12.e+10", "1.5Gi", "-1", "0", "1e3", "1.",
            "5k", "7n", "3u",
        ] {
            assert!(pattern.is_match(s), "{s:?} rejected");
        }
        for s in [
            "", "1e", "-.e1", "1ki", "١", ".", "+", "1 ", " 1", "1\n", "1Ki ", "1m0", "e1",
            "1.5.2", "1KiB", "1K", "1ee1", "1e+",
        ] {
            assert!(!pattern.is_match(s), "{s:?} accepted");
        }
    }
}
