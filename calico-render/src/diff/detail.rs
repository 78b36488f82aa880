//! What changed inside one object: the entries of a changed object in
//! `diff`, in the terms a reviewer reads a manifest by (an env var, an init
//! container, a volume, an RBAC rule, a CRD's schema property), not as a
//! line diff.
//!
//! Lists whose items all have a `name` (containers, env, volumes, mounts,
//! ports) are compared by name, so an item added or removed is one entry and
//! a changed item shows its changed fields. RBAC rules are compared as a
//! set. A CRD is compared by its schema's property paths (added, removed);
//! descriptions and the other validation keywords are summarised in one
//! entry.

use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeSet;

/// One change inside an object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Detail {
    /// What it is: `env`, `image`, `initContainer`, `container`, `volume`,
    /// `volumeMount`, `port`, `rule`, `data` (a ConfigMap key), `property`,
    /// `schema` or `field` (anything else, such as a key of the CNI config,
    /// `data.cni_network_config<json>.cniVersion`).
    pub what: &'static str,
    /// Where, as a path with list items by name: e.g.
    /// `spec.template.spec.containers[calico-node].env[FELIX_BPFENABLED]`.
    pub path: String,
    /// The value before (absent: added; both absent: a `schema` entry, the
    /// same properties with other differences).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// The value after (absent: removed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
}

/// The changes from `old` to `new`, two versions of one object.
///
/// ```
/// use serde_json::json;
/// let old = json!({"kind": "ConfigMap", "data": {"veth_mtu": "0"}});
/// let new = json!({"kind": "ConfigMap", "data": {"veth_mtu": "1440"}});
/// let d = calico_render::diff::details(&old, &new);
/// assert_eq!((d[0].what, d[0].path.as_str()), ("data", "data.veth_mtu"));
/// ```
pub fn details(old: &Value, new: &Value) -> Vec<Detail> {
    let mut out = Vec::new();
    match old["kind"].as_str() {
        Some("CustomResourceDefinition") => crd(old, new, &mut out),
        Some("ClusterRole") | Some("Role") => {
            rules(&old["rules"], &new["rules"], &mut out);
            let strip = |v: &Value| {
                let mut v = v.clone();
                if let Some(m) = v.as_object_mut() {
                    m.remove("rules");
                }
                v
            };
            walk(&strip(old), &strip(new), "", &mut out);
        }
        _ => walk(old, new, "", &mut out),
    }
    out
}

/// The category of a path: the list its last named item is in (a
/// container only when the whole item is added or removed: a field inside
/// one is an image or a field), else an image or a ConfigMap key.
fn what(path: &str, whole_item: bool) -> &'static str {
    let last_list = path
        .rsplit_once('[')
        .map(|(head, _)| head.rsplit('.').next().unwrap_or(head));
    match last_list {
        Some("env") => return "env",
        Some("volumes") => return "volume",
        Some("volumeMounts") => return "volumeMount",
        Some("ports") => return "port",
        Some("initContainers") if whole_item => return "initContainer",
        Some("containers") if whole_item => return "container",
        _ => {}
    }
    if path.ends_with(".image") {
        "image"
    } else if path.starts_with("data.") && !path.contains("<json>") {
        "data"
    } else {
        "field"
    }
}

fn push(
    out: &mut Vec<Detail>,
    path: &str,
    whole_item: bool,
    old: Option<&Value>,
    new: Option<&Value>,
) {
    out.push(Detail {
        what: what(path, whole_item),
        path: path.to_string(),
        old: old.cloned(),
        new: new.cloned(),
    });
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// A list of items that all have a string `name`.
fn named(items: &[Value]) -> Option<Vec<&str>> {
    items
        .iter()
        .map(|i| i.get("name").and_then(Value::as_str))
        .collect()
}

fn walk(old: &Value, new: &Value, path: &str, out: &mut Vec<Detail>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                match b.get(k) {
                    Some(vb) => walk(va, vb, &join(path, k), out),
                    None => push(out, &join(path, k), false, Some(va), None),
                }
            }
            for (k, vb) in b {
                if !a.contains_key(k) {
                    push(out, &join(path, k), false, None, Some(vb));
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => match (named(a), named(b)) {
            (Some(na), Some(nb)) if !a.is_empty() || !b.is_empty() => {
                let item = |name: &str| format!("{path}[{name}]");
                for (va, name) in a.iter().zip(&na) {
                    match nb.iter().position(|n| n == name) {
                        Some(j) => walk(va, &b[j], &item(name), out),
                        None => push(out, &item(name), true, Some(va), None),
                    }
                }
                for (vb, name) in b.iter().zip(&nb) {
                    if !na.contains(name) {
                        push(out, &item(name), true, None, Some(vb));
                    }
                }
                // Same items in another order (env order matters to
                // `$(VAR)` references, and to a reviewer).
                let common_a: Vec<&&str> = na.iter().filter(|n| nb.contains(n)).collect();
                let common_b: Vec<&&str> = nb.iter().filter(|n| na.contains(n)).collect();
                if common_a != common_b {
                    push(out, path, false, Some(&names(&na)), Some(&names(&nb)));
                }
            }
            // Unnamed items (the CNI plugins), as many on both sides: by position.
            _ if a.len() == b.len() => {
                for (i, (va, vb)) in a.iter().zip(b).enumerate() {
                    walk(va, vb, &format!("{path}[{i}]"), out);
                }
            }
            _ => push(out, path, false, Some(old), Some(new)),
        },
        (Value::String(a), Value::String(b)) => match (embedded_json(a), embedded_json(b)) {
            // A JSON document in a string (the CNI config): compared as JSON.
            (Some(ja), Some(jb)) => walk(&ja, &jb, &format!("{path}<json>"), out),
            _ => push(out, path, false, Some(old), Some(new)),
        },
        _ => push(out, path, false, Some(old), Some(new)),
    }
}

/// A JSON object held in a string, with the CNI config's bare placeholders
/// (`__CNI_MTU__`) read as strings.
fn embedded_json(s: &str) -> Option<Value> {
    if !s.trim_start().starts_with('{') {
        return None;
    }
    serde_json::from_str(s)
        .or_else(|_| serde_json::from_str(&s.replace("__CNI_MTU__", "\"__CNI_MTU__\"")))
        .ok()
        .filter(Value::is_object)
}

fn names(list: &[&str]) -> Value {
    Value::Array(list.iter().map(|n| Value::from(*n)).collect())
}

/// RBAC rules as a set: each rule added or removed.
fn rules(old: &Value, new: &Value, out: &mut Vec<Detail>) {
    let empty = Vec::new();
    let a = old.as_array().unwrap_or(&empty);
    let b = new.as_array().unwrap_or(&empty);
    for r in a.iter().filter(|r| !b.contains(r)) {
        out.push(Detail {
            what: "rule",
            path: "rules".into(),
            old: Some(r.clone()),
            new: None,
        });
    }
    for r in b.iter().filter(|r| !a.contains(r)) {
        out.push(Detail {
            what: "rule",
            path: "rules".into(),
            old: None,
            new: Some(r.clone()),
        });
    }
}

/// A CRD: schema properties added and removed per version; anything else
/// that differs (descriptions, validation keywords, metadata) in one entry.
fn crd(old: &Value, new: &Value, out: &mut Vec<Detail>) {
    let versions = |v: &Value| -> Vec<(String, BTreeSet<String>)> {
        v["spec"]["versions"]
            .as_array()
            .map(|vs| {
                vs.iter()
                    .map(|ver| {
                        let mut props = BTreeSet::new();
                        properties(&ver["schema"]["openAPIV3Schema"], "", &mut props);
                        (ver["name"].as_str().unwrap_or_default().to_string(), props)
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let (va, vb) = (versions(old), versions(new));
    let before = out.len();
    for (name, props) in &va {
        let other = vb.iter().find(|(n, _)| n == name).map(|(_, p)| p);
        match other {
            None => out.push(Detail {
                what: "field",
                path: format!("spec.versions[{name}]"),
                old: Some(Value::from(name.as_str())),
                new: None,
            }),
            Some(pb) => {
                for p in props.difference(pb) {
                    out.push(Detail {
                        what: "property",
                        path: format!("{name}:{p}"),
                        old: Some(Value::Bool(true)),
                        new: None,
                    });
                }
                for p in pb.difference(props) {
                    out.push(Detail {
                        what: "property",
                        path: format!("{name}:{p}"),
                        old: None,
                        new: Some(Value::Bool(true)),
                    });
                }
            }
        }
    }
    for (name, _) in vb.iter().filter(|(n, _)| !va.iter().any(|(m, _)| m == n)) {
        out.push(Detail {
            what: "field",
            path: format!("spec.versions[{name}]"),
            old: None,
            new: Some(Value::from(name.as_str())),
        });
    }
    if out.len() == before && old != new {
        // The same properties: descriptions, validation keywords or
        // metadata differ. Neither side is worth printing whole.
        out.push(Detail {
            what: "schema",
            path: "spec".into(),
            old: None,
            new: None,
        });
    }
}

/// The dotted paths of every property a schema declares (`[]` for list
/// items, `{}` for map values).
fn properties(schema: &Value, path: &str, out: &mut BTreeSet<String>) {
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (k, sub) in props {
            let here = join(path, k);
            out.insert(here.clone());
            properties(sub, &here, out);
        }
    }
    if let Some(items) = schema.get("items") {
        properties(items, &format!("{path}[]"), out);
    }
    if let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object()) {
        properties(values, &format!("{path}{{}}"), out);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn named_lists_compare_by_name() {
        let old = json!({"kind": "DaemonSet", "spec": {"containers": [{"name": "a", "image": "x:1", "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]}]}});
        let new = json!({"kind": "DaemonSet", "spec": {"containers": [{"name": "a", "image": "x:2", "env": [{"name": "B", "value": "3"}, {"name": "C", "value": "4"}]}]}});
        let d = details(&old, &new);
        let view: Vec<(&str, &str)> = d.iter().map(|d| (d.what, d.path.as_str())).collect();
        assert_eq!(
            view,
            [
                ("image", "spec.containers[a].image"),
                ("env", "spec.containers[a].env[A]"),
                ("env", "spec.containers[a].env[B].value"),
                ("env", "spec.containers[a].env[C]"),
            ]
        );
        assert_eq!(d[1].new, None);
        assert_eq!(d[3].old, None);
    }

    #[test]
    fn reordered_items_are_one_entry() {
        let old = json!({"kind": "X", "env": [{"name": "A"}, {"name": "B"}]});
        let new = json!({"kind": "X", "env": [{"name": "B"}, {"name": "A"}]});
        let d = details(&old, &new);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].new, Some(json!(["B", "A"])));
    }

    #[test]
    fn rules_are_a_set() {
        let r1 = json!({"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]});
        let r2 = json!({"apiGroups": [""], "resources": ["nodes"], "verbs": ["get"]});
        let old = json!({"kind": "ClusterRole", "rules": [r1, r2]});
        let new = json!({"kind": "ClusterRole", "rules": [r2]});
        let d = details(&old, &new);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].what, d[0].old.as_ref()), ("rule", Some(&r1)));
    }

    #[test]
    fn crds_by_property() {
        let crd = |props: Value| json!({"kind": "CustomResourceDefinition", "spec": {"versions": [{"name": "v1", "schema": {"openAPIV3Schema": {"properties": {"spec": {"properties": props}}}}}]}});
        let d = details(
            &crd(json!({"a": {}, "b": {"items": {"properties": {"c": {}}}}})),
            &crd(json!({"a": {}, "d": {}})),
        );
        let view: Vec<(&str, bool)> = d
            .iter()
            .map(|d| (d.path.as_str(), d.new.is_some()))
            .collect();
        assert_eq!(
            view,
            [
                ("v1:spec.b", false),
                ("v1:spec.b[].c", false),
                ("v1:spec.d", true)
            ]
        );
        let mut other = crd(json!({"a": {}}));
        let same = other.clone();
        other["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["description"] = json!("x");
        assert_eq!(details(&same, &other)[0].what, "schema");
    }
}
