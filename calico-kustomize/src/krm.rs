//! The KRM function protocol (kpt, `kustomize build --enable-exec`).
//!
//! Input: a `ResourceList` whose `functionConfig` is a `CalicoNetworking`
//! object. Output: the same `ResourceList` with the rendered objects
//! appended to `items` and a `results` entry for every error and warning.

use calico_spec::{FieldError, Warning};
use serde_json::{json, Map, Value};

/// ResourceList API versions accepted (the first is the current one).
pub const RESOURCE_LIST_API_VERSIONS: &[&str] = &[
    "config.kubernetes.io/v1",
    "config.kubernetes.io/v1beta1",
    "config.kubernetes.io/v1alpha1",
];

/// A ResourceList that could not be read at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum KrmError {
    /// The input is not YAML, is too large, or is not UTF-8.
    #[error("stdin is not a readable ResourceList: {0}")]
    Malformed(String),
    /// The input is YAML but not a ResourceList.
    #[error("stdin is not a ResourceList: {0}")]
    NotResourceList(String),
}

/// What a function run produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The ResourceList to write on stdout (YAML).
    pub output: String,
    /// False when the spec was invalid (the function must exit non-zero).
    pub ok: bool,
    /// Diagnostics for stderr, one per line.
    pub diagnostics: Vec<String>,
}

/// Whether `input` is a KRM `ResourceList` (one YAML document whose `kind`
/// is `ResourceList`), as opposed to a spec: how the binary tells the two
/// apart on stdin.
///
/// ```
/// use calico_kustomize::krm::is_resource_list;
/// assert!(is_resource_list(b"apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n"));
/// assert!(!is_resource_list(b"networking: {calico: {}}\n"));
/// assert!(!is_resource_list(b"kind: ResourceList\n---\nkind: Cluster\n"));
/// assert!(!is_resource_list(b"{ not yaml"));
/// ```
pub fn is_resource_list(input: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Head {
        kind: Option<String>,
    }
    let Ok(text) = std::str::from_utf8(input) else {
        return false;
    };
    serde_saphyr::from_str_with_options::<Head>(text, calico_spec::limits::yaml_options())
        .is_ok_and(|head| head.kind.as_deref() == Some("ResourceList"))
}

/// Runs the function on a ResourceList.
///
/// ```
/// let input = br#"
/// apiVersion: config.kubernetes.io/v1
/// kind: ResourceList
/// items: []
/// functionConfig:
///   apiVersion: calico-render.dev/v1alpha1
///   kind: CalicoNetworking
///   metadata: {name: demo.example.com}
///   spec: {networking: {calico: {}}}
/// "#;
/// let out = calico_kustomize::krm::run(input, &Default::default()).unwrap();
/// assert!(out.ok);
/// assert!(out.output.contains("calico-node"));
/// ```
pub fn run(input: &[u8], options: &calico_spec::Options) -> Result<Outcome, KrmError> {
    if input.len() > calico_spec::limits::MAX_INPUT_BYTES {
        return Err(KrmError::Malformed(format!(
            "it exceeds the limit of {} bytes (8 MiB)",
            calico_spec::limits::MAX_INPUT_BYTES
        )));
    }
    let text = std::str::from_utf8(input)
        .map_err(|e| KrmError::Malformed(format!("not UTF-8 (byte {})", e.valid_up_to())))?;
    let list: Value =
        serde_saphyr::from_str_with_options(text, calico_spec::limits::yaml_options())
            .map_err(|e| KrmError::Malformed(e.without_snippet().to_string()))?;
    let Value::Object(mut list) = list else {
        return Err(KrmError::NotResourceList("expected a mapping".into()));
    };
    let api_version = list
        .get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let kind = list
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if kind != "ResourceList" || !RESOURCE_LIST_API_VERSIONS.contains(&api_version.as_str()) {
        return Err(KrmError::NotResourceList(format!(
            "found apiVersion {api_version:?} kind {kind:?}; expected apiVersion {:?} kind \"ResourceList\"",
            RESOURCE_LIST_API_VERSIONS[0]
        )));
    }
    let items = match list.remove("items") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(KrmError::NotResourceList(format!(
                "items must be a list, found {}",
                type_name(&other)
            )))
        }
    };
    let config = match list.get("functionConfig") {
        Some(c @ Value::Object(_)) => c.clone(),
        _ => {
            return Err(KrmError::NotResourceList(
                "functionConfig is missing: it must hold the CalicoNetworking object".into(),
            ))
        }
    };
    let config_is_ours = config.get("apiVersion").and_then(Value::as_str)
        == Some(calico_spec::model::API_VERSION)
        && config.get("kind").and_then(Value::as_str) == Some(calico_spec::model::KIND);
    let config_ref = json!({
        "apiVersion": config.get("apiVersion").cloned().unwrap_or(Value::Null),
        "kind": config.get("kind").cloned().unwrap_or(Value::Null),
        "name": config.pointer("/metadata/name").cloned().unwrap_or(Value::Null),
    });
    let source = format!(
        "functionConfig {}",
        config
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("<unnamed>")
    );

    let mut results = Vec::new();
    let mut diagnostics = Vec::new();
    // Locations would point into the re-serialized functionConfig, not the
    // user's file, so diagnostics carry paths only.
    let error = |e: &FieldError, results: &mut Vec<Value>, diagnostics: &mut Vec<String>| {
        results.push(result("error", &e.message, &e.path, &config_ref));
        let unlocated = FieldError {
            location: None,
            ..e.clone()
        };
        diagnostics.push(calico_spec::report::error_line(&source, &unlocated));
    };
    let warn = |w: &Warning, results: &mut Vec<Value>, diagnostics: &mut Vec<String>| {
        results.push(result("warning", &w.message, &w.path, &config_ref));
        diagnostics.push(calico_spec::report::warning_line(&source, w));
    };

    let config_text = config.to_string();
    let mut ok = false;
    let mut manifest = None;
    let part = crate::part(&config);
    if let Err(message) = &part {
        let path = format!("metadata.annotations.{}", crate::PART_ANNOTATION);
        results.push(result("error", message, &path, &config_ref));
        diagnostics.push(format!("{source}: {path}: {message}"));
    }
    let parsed = if config_is_ours {
        calico_spec::parse_str(&config_text)
    } else {
        Err(calico_spec::ParseError::Invalid(vec![FieldError::new(
            "kind",
            calico_spec::ErrorType::NotSupported,
            config.get("kind").cloned().unwrap_or(Value::Null),
            format!(
                "the functionConfig must be apiVersion {:?} kind {:?}",
                calico_spec::model::API_VERSION,
                calico_spec::model::KIND
            ),
        )]))
    };
    match parsed {
        Err(e) => {
            for fe in e.field_errors() {
                let fe = FieldError {
                    location: None,
                    ..fe
                };
                error(&fe, &mut results, &mut diagnostics);
            }
        }
        Ok(parsed) => match calico_spec::resolve(&parsed, options) {
            Err(invalid) => {
                for e in &invalid.errors {
                    error(e, &mut results, &mut diagnostics);
                }
                for w in &invalid.warnings {
                    warn(w, &mut results, &mut diagnostics);
                }
            }
            Ok(resolved) => {
                for w in &resolved.warnings {
                    warn(w, &mut results, &mut diagnostics);
                }
                match (calico_render::render(&resolved), &part) {
                    (Ok(_), Err(_)) => {}
                    (Ok(m), Ok(part)) => {
                        manifest = Some(match part {
                            Some(p) => m.part(*p),
                            None => m,
                        });
                        ok = true;
                    }
                    (Err(e), _) => {
                        let msg = format!("rendering failed (a bug in calico-render): {e}");
                        results.push(result("error", &msg, "", &config_ref));
                        diagnostics.push(format!("{source}: {msg}"));
                    }
                }
            }
        },
    }

    let output = write_list(
        &api_version,
        &items,
        manifest.as_ref(),
        list.remove("functionConfig"),
        results,
    )
    .map_err(|e| KrmError::Malformed(format!("cannot write the output: {e}")))?;
    Ok(Outcome {
        output,
        ok,
        diagnostics,
    })
}

/// The output ResourceList as YAML: the input's items, then the manifest's
/// objects, the functionConfig, and the results if any.
///
/// The manifest's objects are written from their YAML text (the templates'
/// or, for the CRDs, serde-saphyr's at build time), indented as sequence
/// items: no value is built or serialized for them. Each is one block
/// mapping, and YAML indentation is relative, so indenting every line alike
/// keeps its meaning (the unit tests read the output back). Everything else
/// is serialized by serde-saphyr.
fn write_list(
    api_version: &str,
    items: &[Value],
    manifest: Option<&calico_render::Manifest>,
    function_config: Option<Value>,
    results: Vec<Value>,
) -> Result<String, serde_saphyr::ser::Error> {
    let mut out = serde_saphyr::to_string(&json!({
        "apiVersion": api_version,
        "kind": "ResourceList",
    }))?;
    let objects = manifest
        .map(calico_render::Manifest::objects)
        .unwrap_or_default();
    if items.is_empty() && objects.is_empty() {
        out.push_str("items: []\n");
    } else {
        out.push_str("items:\n");
        for item in items {
            push_item(&mut out, &serde_saphyr::to_string(item)?);
        }
        for object in objects {
            push_item(&mut out, object.yaml());
        }
    }
    let mut rest = Map::new();
    if let Some(fc) = function_config {
        rest.insert("functionConfig".into(), fc);
    }
    if !results.is_empty() {
        rest.insert("results".into(), Value::Array(results));
    }
    if !rest.is_empty() {
        out.push_str(&serde_saphyr::to_string(&Value::Object(rest))?);
    }
    Ok(out)
}

/// Appends `doc` (a YAML document, without `---`) as one item of a block
/// sequence at column 0: `- ` before its first line, two spaces before the
/// others.
fn push_item(out: &mut String, doc: &str) {
    for (i, line) in doc.trim_end_matches('\n').split('\n').enumerate() {
        out.push_str(match (i, line.is_empty()) {
            (0, _) => "- ",
            (_, true) => "",
            (_, false) => "  ",
        });
        out.push_str(line);
        out.push('\n');
    }
}

fn result(severity: &str, message: &str, path: &str, resource: &Value) -> Value {
    let mut r = json!({
        "message": message,
        "severity": severity,
        "resourceRef": resource,
    });
    if !path.is_empty() {
        r["field"] = json!({ "path": path });
    }
    r
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    /// Items a pipeline may pass through: nested, multi-line, quoted,
    /// empty, odd keys.
    const EXISTING: &str = r##"
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: scripts, namespace: default, annotations: {"a/b": "x: y"}}
  data:
    run.sh: "#!/bin/sh\nset -e\n\n  indented\necho done\n"
    empty: ""
    list: "[1, 2]"
- {apiVersion: v1, kind: Namespace, metadata: {name: "yes"}}
- apiVersion: example.com/v1
  kind: Thing
  metadata: {name: t}
  spec: {a: [], b: {}, c: null, d: 1.5, e: [[1], {x: [y]}]}
"##;

    fn resource_list(items: &str, spec: &str) -> String {
        format!(
            "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: {items}\nfunctionConfig:\n  apiVersion: calico-render.dev/v1alpha1\n  kind: CalicoNetworking\n  metadata: {{name: demo.example.com}}\n  spec: {spec}\n"
        )
    }

    /// The output read back equals the list built from values: the input
    /// items, then every object's value, the functionConfig, the results.
    fn check(input: &str) -> Outcome {
        let out = run(input.as_bytes(), &Default::default()).unwrap();
        let got: Value = serde_saphyr::from_str(&out.output).unwrap();
        let mut list: Value = serde_saphyr::from_str(input).unwrap();
        let mut items = match list["items"].take() {
            Value::Array(items) => items,
            _ => Vec::new(),
        };
        if out.ok {
            let fc = serde_json::to_string(&list["functionConfig"]).unwrap();
            let parsed = calico_spec::parse_str(&fc).unwrap();
            let resolved = calico_spec::resolve(&parsed, &Default::default()).unwrap();
            let manifest = calico_render::render(&resolved).unwrap();
            items.extend(
                manifest
                    .objects()
                    .iter()
                    .map(|o| o.value().unwrap().clone()),
            );
        }
        assert_eq!(got["apiVersion"], list["apiVersion"]);
        assert_eq!(got["kind"], "ResourceList");
        assert_eq!(got["items"], Value::Array(items));
        assert_eq!(got["functionConfig"], list["functionConfig"]);
        out
    }

    #[test]
    fn the_written_list_reads_back_as_the_values() {
        for spec in [
            "{networking: {calico: {}}}",
            "{networking: {calico: {typhaReplicas: 2, bpfEnabled: true}}, kubeProxy: {enabled: false}}",
            "{nonMasqueradeCIDR: \"::/0\", networking: {calico: {}}}",
        ] {
            for items in ["[]", EXISTING] {
                let out = check(&resource_list(items, spec));
                assert!(out.ok, "{spec}");
            }
        }
        // An invalid spec: the items pass through, the results say why.
        let out = check(&resource_list(
            EXISTING,
            "{networking: {calico: {mtu: -1}}}",
        ));
        assert!(!out.ok);
        let got: Value = serde_saphyr::from_str(&out.output).unwrap();
        assert_eq!(got["results"][0]["severity"], "error");
        // No items at all.
        let out = check(&resource_list("[]", "{networking: {calico: {mtu: -1}}}"));
        assert!(out.output.contains("items: []\n"), "{}", out.output);
    }

    #[test]
    fn items_are_indented_as_sequence_entries() {
        let mut out = String::new();
        push_item(&mut out, "a: 1\nb:\n\n  c: 2\n");
        push_item(&mut out, "{}\n");
        assert_eq!(out, "- a: 1\n  b:\n\n    c: 2\n- {}\n");
    }
}
