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
    let mut items = match list.remove("items") {
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
                match calico_render::render(&resolved) {
                    Ok(manifest) => {
                        items.extend(manifest.objects().iter().map(|o| o.value.as_ref().clone()));
                        ok = true;
                    }
                    Err(e) => {
                        let msg = format!("rendering failed (a bug in calico-render): {e}");
                        results.push(result("error", &msg, "", &config_ref));
                        diagnostics.push(format!("{source}: {msg}"));
                    }
                }
            }
        },
    }

    let mut out = Map::new();
    out.insert("apiVersion".into(), Value::String(api_version));
    out.insert("kind".into(), Value::String("ResourceList".into()));
    out.insert("items".into(), Value::Array(items));
    if let Some(fc) = list.remove("functionConfig") {
        out.insert("functionConfig".into(), fc);
    }
    if !results.is_empty() {
        out.insert("results".into(), Value::Array(results));
    }
    let output = serde_saphyr::to_string(&Value::Object(out))
        .map_err(|e| KrmError::Malformed(format!("cannot write the output: {e}")))?;
    Ok(Outcome {
        output,
        ok,
        diagnostics,
    })
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
