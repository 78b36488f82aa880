//! The read-back check: a rendered document parsed again (serde-saphyr,
//! duplicate keys refused) must be exactly one mapping with the planned
//! identity. An object's value is read this way when first asked for; the
//! tests hold every document of every fixture and of a generated set of
//! specs to it (see README, "Output integrity"). A failure is a bug in
//! calico-render, reported as [`RenderError::Value`](crate::RenderError::Value).

use serde_json::Value;

/// What a document must read back as.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Expected<'a> {
    pub api_version: &'a str,
    pub kind: &'a str,
    pub namespace: Option<&'a str>,
    pub name: &'a str,
}

impl Expected<'_> {
    /// `apps/v1 DaemonSet kube-system/calico-node`.
    pub fn describe(&self) -> String {
        match self.namespace {
            Some(ns) => format!("{} {} {ns}/{}", self.api_version, self.kind, self.name),
            None => format!("{} {} {}", self.api_version, self.kind, self.name),
        }
    }
}

fn yaml_options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    // A key written twice would silently lose one value.
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    options
}

/// Parses `text` and checks that it is exactly one YAML document: a mapping
/// with the expected `apiVersion`, `kind`, `metadata.name` and
/// `metadata.namespace` (absent when none is expected). Returns the parsed
/// object, or what was wrong.
pub(crate) fn read_back(text: &str, expected: Expected<'_>) -> Result<Value, String> {
    let docs: Vec<Value> = serde_saphyr::from_multiple_with_options(text, yaml_options())
        .map_err(|e| format!("the rendered text is not valid YAML: {e}"))?;
    let [value] = <[Value; 1]>::try_from(docs)
        .map_err(|docs| format!("{} YAML documents where one was planned", docs.len()))?;
    check(&value, expected)?;
    Ok(value)
}

/// Checks an object's identity against the plan.
pub(crate) fn check(value: &Value, expected: Expected<'_>) -> Result<(), String> {
    let Value::Object(map) = value else {
        return Err(format!("not a mapping but {}", type_name(value)));
    };
    let field = |v: Option<&Value>, what: &str| -> Result<Option<String>, String> {
        match v {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(format!(
                "{what} is {} instead of a string",
                type_name(other)
            )),
        }
    };
    let api_version = field(map.get("apiVersion"), "apiVersion")?;
    if api_version.as_deref() != Some(expected.api_version) {
        return Err(format!(
            "apiVersion is {api_version:?}, planned {:?}",
            expected.api_version
        ));
    }
    let kind = field(map.get("kind"), "kind")?;
    if kind.as_deref() != Some(expected.kind) {
        return Err(format!("kind is {kind:?}, planned {:?}", expected.kind));
    }
    let Some(Value::Object(metadata)) = map.get("metadata") else {
        return Err("metadata is missing or not a mapping".to_string());
    };
    let name = field(metadata.get("name"), "metadata.name")?;
    if name.as_deref() != Some(expected.name) {
        return Err(format!(
            "metadata.name is {name:?}, planned {:?}",
            expected.name
        ));
    }
    let namespace = field(metadata.get("namespace"), "metadata.namespace")?;
    if namespace.as_deref() != expected.namespace {
        return Err(format!(
            "metadata.namespace is {namespace:?}, planned {:?}",
            expected.namespace
        ));
    }
    Ok(())
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a bool",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a sequence",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const SA: Expected<'static> = Expected {
        api_version: "v1",
        kind: "ServiceAccount",
        namespace: Some("kube-system"),
        name: "calico-node",
    };

    #[test]
    fn accepts_the_planned_object() {
        let v = read_back(
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  namespace: kube-system\n",
            SA,
        )
        .unwrap();
        assert_eq!(v["metadata"]["name"], "calico-node");
    }

    #[test]
    fn catches_broken_documents() {
        let cases: &[(&str, &str)] = &[
            ("", "0 YAML documents"),
            ("- a\n- b\n", "not a mapping"),
            ("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: calico-node, namespace: kube-system}\n---\napiVersion: v1\n", "2 YAML documents"),
            ("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  name: other\n  namespace: kube-system\n", "not valid YAML"),
            ("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: \"unterminated\n", "not valid YAML"),
            ("apiVersion: v2\nkind: ServiceAccount\nmetadata: {name: calico-node, namespace: kube-system}\n", "apiVersion"),
            ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: calico-node, namespace: kube-system}\n", "kind"),
            ("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: other, namespace: kube-system}\n", "metadata.name"),
            ("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: calico-node}\n", "metadata.namespace"),
            ("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: 1, namespace: kube-system}\n", "instead of a string"),
            ("apiVersion: v1\nkind: ServiceAccount\n", "metadata is missing"),
        ];
        for (text, want) in cases {
            let err = read_back(text, SA).unwrap_err();
            assert!(err.contains(want), "{text:?}: {err}");
        }
    }
}
