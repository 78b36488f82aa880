//! Every generated CRD follows the apiextensions.k8s.io/v1 rules for
//! structural schemas.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calico_api::{crds, Release};
use serde_json::{Map, Value};

/// Keywords an apiextensions v1 `JSONSchemaProps` may carry.
const KNOWN_KEYWORDS: &[&str] = &[
    "description",
    "type",
    "format",
    "title",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
    "enum",
    "maxProperties",
    "minProperties",
    "required",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "properties",
    "additionalProperties",
    "nullable",
    "example",
    "externalDocs",
    "x-kubernetes-preserve-unknown-fields",
    "x-kubernetes-embedded-resource",
    "x-kubernetes-int-or-string",
    "x-kubernetes-list-map-keys",
    "x-kubernetes-list-type",
    "x-kubernetes-map-type",
    "x-kubernetes-validations",
];

/// Keys a schema inside `allOf`/`anyOf`/`oneOf`/`not` must not set.
const FORBIDDEN_IN_JUNCTORS: &[&str] = &[
    "type",
    "description",
    "default",
    "additionalProperties",
    "nullable",
    "x-kubernetes-preserve-unknown-fields",
    "x-kubernetes-embedded-resource",
    "x-kubernetes-int-or-string",
    "x-kubernetes-list-type",
    "x-kubernetes-list-map-keys",
    "x-kubernetes-map-type",
];

const SCALARS: &[&str] = &["string", "integer", "number", "boolean"];

fn check(schema: &Value, path: &str, errors: &mut Vec<String>) {
    let Some(obj) = schema.as_object() else {
        errors.push(format!("{path}: schema is not an object"));
        return;
    };
    for key in obj.keys() {
        if !KNOWN_KEYWORDS.contains(&key.as_str()) {
            errors.push(format!("{path}: unsupported keyword {key}"));
        }
    }

    let ty = obj.get("type").and_then(Value::as_str);
    let int_or_string = obj.get("x-kubernetes-int-or-string") == Some(&Value::Bool(true));
    let preserve = obj.get("x-kubernetes-preserve-unknown-fields") == Some(&Value::Bool(true));

    // Every level is typed, unless it is int-or-string or preserves unknown fields.
    match ty {
        Some("object" | "array" | "string" | "integer" | "number" | "boolean") => {}
        Some(other) => errors.push(format!("{path}: unknown type {other}")),
        None if int_or_string || preserve => {}
        None => errors.push(format!("{path}: no type")),
    }
    if obj.get("type").is_some_and(|t| !t.is_string()) {
        errors.push(format!("{path}: type must be a single string"));
    }
    // Kubernetes lets an int-or-string leave its type out; one that states
    // it (Calico 3.32's `istioDSCPMark` says `integer`) must state one of the two.
    if int_or_string && ty.is_some_and(|t| !matches!(t, "integer" | "string")) {
        errors.push(format!(
            "{path}: int-or-string typed as neither integer nor string"
        ));
    }
    if let Some(v) = obj.get("x-kubernetes-int-or-string") {
        if v != &Value::Bool(true) {
            errors.push(format!("{path}: x-kubernetes-int-or-string must be true"));
        }
    }
    if let Some(v) = obj.get("x-kubernetes-preserve-unknown-fields") {
        if v != &Value::Bool(true) {
            errors.push(format!(
                "{path}: x-kubernetes-preserve-unknown-fields must be true"
            ));
        }
    }
    if obj.contains_key("x-kubernetes-embedded-resource") && ty != Some("object") {
        errors.push(format!("{path}: embedded resource must be an object"));
    }

    // properties and additionalProperties exclude each other.
    if obj.contains_key("properties") && obj.contains_key("additionalProperties") {
        errors.push(format!("{path}: properties beside additionalProperties"));
    }
    if (obj.contains_key("properties") || obj.contains_key("additionalProperties"))
        && ty != Some("object")
    {
        errors.push(format!("{path}: properties on a non-object"));
    }
    if obj.contains_key("items") && ty != Some("array") {
        errors.push(format!("{path}: items on a non-array"));
    }
    if ty == Some("array") && !obj.contains_key("items") {
        errors.push(format!("{path}: array without items"));
    }

    // List and map markers.
    if let Some(list_type) = obj.get("x-kubernetes-list-type").and_then(Value::as_str) {
        if ty != Some("array") {
            errors.push(format!("{path}: list-type on a non-array"));
        }
        let items = obj.get("items");
        match list_type {
            "atomic" => {}
            "set" => {
                let item_ty = items.and_then(|i| i.get("type")).and_then(Value::as_str);
                if !item_ty.is_some_and(|t| SCALARS.contains(&t)) {
                    errors.push(format!("{path}: set of non-scalars"));
                }
            }
            "map" => {
                let keys = obj
                    .get("x-kubernetes-list-map-keys")
                    .and_then(Value::as_array);
                let item = items.and_then(Value::as_object);
                if keys.is_none_or(|k| k.is_empty()) {
                    errors.push(format!("{path}: map list without keys"));
                }
                if item.and_then(|i| i.get("type")).and_then(Value::as_str) != Some("object") {
                    errors.push(format!("{path}: map list of non-objects"));
                }
                let required: Vec<&str> = item
                    .and_then(|i| i.get("required"))
                    .and_then(Value::as_array)
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                for key in keys.into_iter().flatten().filter_map(Value::as_str) {
                    let has_default = item
                        .and_then(|i| i.get("properties"))
                        .and_then(|p| p.get(key))
                        .is_some_and(|p| p.get("default").is_some());
                    if !required.contains(&key) && !has_default {
                        errors.push(format!(
                            "{path}: map key {key} neither required nor defaulted"
                        ));
                    }
                }
            }
            other => errors.push(format!("{path}: unknown list-type {other}")),
        }
    }
    if obj.contains_key("x-kubernetes-list-map-keys")
        && obj.get("x-kubernetes-list-type").and_then(Value::as_str) != Some("map")
    {
        errors.push(format!("{path}: list-map-keys without list-type map"));
    }
    if let Some(map_type) = obj.get("x-kubernetes-map-type").and_then(Value::as_str) {
        if ty != Some("object") {
            errors.push(format!("{path}: map-type on a non-object"));
        }
        if !matches!(map_type, "atomic" | "granular") {
            errors.push(format!("{path}: unknown map-type {map_type}"));
        }
    }
    if let Some(Value::Array(rules)) = obj.get("x-kubernetes-validations") {
        for rule in rules {
            if rule.get("rule").and_then(Value::as_str).is_none() {
                errors.push(format!("{path}: validation without a rule"));
            }
        }
    }

    // Required names must be properties.
    if let Some(Value::Array(required)) = obj.get("required") {
        let props = obj.get("properties").and_then(Value::as_object);
        for name in required.iter().filter_map(Value::as_str) {
            if !props.is_some_and(|p| p.contains_key(name)) {
                errors.push(format!("{path}: required {name} is not a property"));
            }
        }
    }

    // Value validations in junctors must not add structure.
    for junctor in ["allOf", "anyOf", "oneOf", "not"] {
        let subs: Vec<&Value> = match obj.get(junctor) {
            Some(Value::Array(a)) => a.iter().collect(),
            Some(v @ Value::Object(_)) => vec![v],
            Some(_) => {
                errors.push(format!("{path}: malformed {junctor}"));
                continue;
            }
            None => continue,
        };
        let int_or_string_pair = junctor == "anyOf"
            && int_or_string
            && subs.len() == 2
            && subs[0] == &serde_json::json!({"type": "integer"})
            && subs[1] == &serde_json::json!({"type": "string"});
        if int_or_string_pair {
            continue;
        }
        for (i, sub) in subs.iter().enumerate() {
            check_junctor(sub, obj, &format!("{path}.{junctor}[{i}]"), errors);
        }
    }

    if let Some(Value::Object(props)) = obj.get("properties") {
        for (name, sub) in props {
            check(sub, &format!("{path}.{name}"), errors);
        }
    }
    if let Some(items) = obj.get("items") {
        if items.is_array() {
            errors.push(format!("{path}: tuple items"));
        } else {
            check(items, &format!("{path}[]"), errors);
        }
    }
    match obj.get("additionalProperties") {
        Some(sub @ Value::Object(_)) => check(sub, &format!("{path}{{*}}"), errors),
        Some(Value::Bool(false)) => errors.push(format!("{path}: additionalProperties false")),
        _ => {}
    }
}

fn check_junctor(sub: &Value, parent: &Map<String, Value>, path: &str, errors: &mut Vec<String>) {
    let Some(obj) = sub.as_object() else {
        errors.push(format!("{path}: schema is not an object"));
        return;
    };
    for key in FORBIDDEN_IN_JUNCTORS {
        if obj.contains_key(*key) {
            errors.push(format!("{path}: {key} inside a junctor"));
        }
    }
    if let Some(Value::Object(props)) = obj.get("properties") {
        let parent_props = parent.get("properties").and_then(Value::as_object);
        for name in props.keys() {
            if !parent_props.is_some_and(|p| p.contains_key(name)) {
                errors.push(format!(
                    "{path}: property {name} missing from the structural part"
                ));
            }
        }
    }
}

fn check_root(schema: &Value, errors: &mut Vec<String>) {
    if schema.get("type").and_then(Value::as_str) != Some("object") {
        errors.push("root: type must be object".into());
    }
    for key in ["nullable", "x-kubernetes-int-or-string", "default"] {
        if schema.get(key).is_some() {
            errors.push(format!("root: {key} not allowed"));
        }
    }
    if let Some(meta) = schema.get("properties").and_then(|p| p.get("metadata")) {
        if meta.get("type").and_then(Value::as_str) != Some("object") {
            errors.push("root.metadata: must be an object".into());
        }
        if let Some(Value::Object(props)) = meta.get("properties") {
            for name in props.keys() {
                if name != "name" && name != "generateName" {
                    errors.push(format!("root.metadata: property {name} not allowed"));
                }
            }
        }
        for key in meta.as_object().into_iter().flatten().map(|(k, _)| k) {
            if !matches!(key.as_str(), "type" | "description" | "properties") {
                errors.push(format!("root.metadata: {key} not allowed"));
            }
        }
    }
    check(schema, "root", errors);
}

#[test]
fn every_crd_has_a_structural_schema() {
    let mut errors = Vec::new();
    let all: Vec<(Release, Value)> = Release::known()
        .flat_map(|facts| {
            let release = facts.release;
            crds(release)
                .unwrap()
                .into_iter()
                .map(move |crd| (release, crd))
        })
        .collect();
    for (release, crd) in &all {
        let name = format!(
            "{release} {}",
            crd["metadata"]["name"].as_str().unwrap_or("?")
        );
        let name = name.as_str();
        assert_eq!(crd["apiVersion"], "apiextensions.k8s.io/v1", "{name}");
        assert_eq!(crd["kind"], "CustomResourceDefinition", "{name}");
        let versions = crd["spec"]["versions"].as_array().expect("versions");
        assert!(!versions.is_empty(), "{name}: no versions");
        assert_eq!(
            versions.iter().filter(|v| v["storage"] == true).count(),
            1,
            "{name}: exactly one storage version"
        );
        for version in versions {
            let schema = &version["schema"]["openAPIV3Schema"];
            let mut crd_errors = Vec::new();
            check_root(schema, &mut crd_errors);
            let text = serde_json::to_string(schema).unwrap();
            if text.contains("\"$ref\"")
                || text.contains("\"$defs\"")
                || text.contains("\"$schema\"")
            {
                crd_errors.push("schema has $ref/$defs/$schema".into());
            }
            errors.extend(crd_errors.into_iter().map(|e| format!("{name}: {e}")));
        }
    }
    // A release whose published CRDs break the rules says so in its facts
    // (and calico-render warns when it renders it); no other may.
    let faulty: Vec<String> = Release::known()
        .filter(|f| f.defect.is_some())
        .map(|f| format!("{} ", f.release))
        .collect();
    let (known, unexpected): (Vec<String>, Vec<String>) = errors
        .into_iter()
        .partition(|e| faulty.iter().any(|r| e.starts_with(r.as_str())));
    assert!(
        unexpected.is_empty(),
        "structural-schema violations:\n{}",
        unexpected.join("\n")
    );
    assert_eq!(faulty, ["v3.32.0 "]);
    assert_eq!(known.len(), 5, "{known:#?}");
    assert!(known
        .iter()
        .all(|e| e.contains("bgpconfigurations") && e.ends_with("set of non-scalars")));
}

#[test]
fn checker_catches_violations() {
    let bad = serde_json::json!({
        "type": "object",
        "properties": {
            "metadata": { "type": "object", "properties": { "labels": { "type": "object" } } },
            "spec": {
                "type": "object",
                "properties": { "a": { "$ref": "#/x" } },
                "additionalProperties": { "type": "string" }
            },
            "x": { "anyOf": [{ "type": "string" }] }
        }
    });
    let mut errors = Vec::new();
    check_root(&bad, &mut errors);
    let all = errors.join("\n");
    for expected in [
        "property labels not allowed",
        "unsupported keyword $ref",
        "properties beside additionalProperties",
        "root.x: no type",
        "type inside a junctor",
    ] {
        assert!(all.contains(expected), "missing {expected:?} in:\n{all}");
    }
}

#[test]
fn crds_are_deterministic_and_ordered() {
    let first = crds(Release::DEFAULT).unwrap();
    assert_eq!(first, crds(Release::DEFAULT).unwrap());
    let names: Vec<&str> = first
        .iter()
        .map(|c| c["metadata"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 24);
    let calico: Vec<&str> = names[..22].to_vec();
    let mut sorted = calico.clone();
    sorted.sort();
    assert_eq!(calico, sorted);
    assert!(calico.iter().all(|n| n.ends_with(".crd.projectcalico.org")));
    assert_eq!(
        &names[22..],
        &[
            "adminnetworkpolicies.policy.networking.k8s.io",
            "baselineadminnetworkpolicies.policy.networking.k8s.io"
        ]
    );
}
