//! CustomResourceDefinition objects generated from the typed model.
//!
//! Each CRD's `openAPIV3Schema` starts as the schemars schema of the resource
//! type, then a post-processing pass turns it into a Kubernetes structural schema:
//! subschemas are inlined, `Option` stops meaning "nullable", documented enum
//! variants collapse to a plain `enum`, and keys are sorted the way
//! Kubernetes tooling writes them.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::{json, Map, Value};

use crate::Release;

/// Whether a resource lives in a namespace or at cluster level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    /// One object per namespace and name.
    Namespaced,
    /// One object per name in the whole cluster.
    Cluster,
}

impl Scope {
    fn as_str(self) -> &'static str {
        match self {
            Scope::Namespaced => "Namespaced",
            Scope::Cluster => "Cluster",
        }
    }
}

/// Everything about one CRD besides its schema.
struct CrdDef {
    group: &'static str,
    version: &'static str,
    kind: &'static str,
    plural: &'static str,
    short_names: &'static [&'static str],
    scope: Scope,
    annotations: &'static [(&'static str, &'static str)],
    /// `spec.preserveUnknownFields`, when the CRD states it.
    preserve_unknown_fields: Option<bool>,
    /// Whether the `status` subresource is enabled.
    status_subresource: bool,
    /// `(name, type, jsonPath)` of each extra `kubectl get` column.
    printer_columns: &'static [(&'static str, &'static str, &'static str)],
    /// Top-level fields an object must have.
    root_required: &'static [&'static str],
    /// CEL rules `(rule, message)` checked on the whole object.
    root_validations: &'static [(&'static str, &'static str)],
    /// Whether the object carries the placeholders of a freshly generated
    /// CRD: `metadata.creationTimestamp: null` and an empty `status`.
    empty_status: bool,
    schema: fn() -> Value,
}

const CALICO_GROUP: &str = "crd.projectcalico.org";
const CALICO_VERSION: &str = "v1";
const CALICO_ANNOTATIONS: &[(&str, &str)] = &[("controller-gen.kubebuilder.io/version", "v0.18.0")];

const ANP_GROUP: &str = "policy.networking.k8s.io";
const ANP_VERSION: &str = "v1alpha1";
const ANP_ANNOTATIONS: &[(&str, &str)] = &[
    (
        "api-approved.kubernetes.io",
        "https://github.com/kubernetes-sigs/network-policy-api/pull/30",
    ),
    ("policy.networking.k8s.io/bundle-version", "v0.1.1"),
    ("policy.networking.k8s.io/channel", "experimental"),
];

/// A Calico `crd.projectcalico.org/v1` CRD with the usual settings.
const fn calico(
    kind: &'static str,
    plural: &'static str,
    scope: Scope,
    schema: fn() -> Value,
) -> CrdDef {
    CrdDef {
        group: CALICO_GROUP,
        version: CALICO_VERSION,
        kind,
        plural,
        short_names: &[],
        scope,
        annotations: CALICO_ANNOTATIONS,
        preserve_unknown_fields: Some(false),
        status_subresource: false,
        printer_columns: &[],
        root_required: &[],
        root_validations: &[],
        empty_status: false,
        schema,
    }
}

/// Every CRD the model describes (as Calico 3.31 defines them).
fn defs() -> Vec<CrdDef> {
    use crate::*;
    use Scope::{Cluster, Namespaced};
    vec![
        calico("BGPConfiguration", "bgpconfigurations", Cluster, schema_value::<BGPConfiguration>),
        calico("BGPFilter", "bgpfilters", Cluster, schema_value::<BGPFilter>),
        calico("BGPPeer", "bgppeers", Cluster, schema_value::<BGPPeer>),
        calico("BlockAffinity", "blockaffinities", Cluster, schema_value::<BlockAffinity>),
        calico("CalicoNodeStatus", "caliconodestatuses", Cluster, schema_value::<CalicoNodeStatus>),
        calico("ClusterInformation", "clusterinformations", Cluster, schema_value::<ClusterInformation>),
        calico("FelixConfiguration", "felixconfigurations", Cluster, schema_value::<FelixConfiguration>),
        calico(
            "GlobalNetworkPolicy",
            "globalnetworkpolicies",
            Cluster,
            schema_value::<GlobalNetworkPolicy>,
        ),
        calico("GlobalNetworkSet", "globalnetworksets", Cluster, schema_value::<GlobalNetworkSet>),
        calico("HostEndpoint", "hostendpoints", Cluster, schema_value::<HostEndpoint>),
        calico("IPAMBlock", "ipamblocks", Cluster, schema_value::<IPAMBlock>),
        calico("IPAMConfig", "ipamconfigs", Cluster, schema_value::<IPAMConfig>),
        calico("IPAMHandle", "ipamhandles", Cluster, schema_value::<IPAMHandle>),
        calico("IPPool", "ippools", Cluster, schema_value::<IPPool>),
        calico("IPReservation", "ipreservations", Cluster, schema_value::<IPReservation>),
        calico(
            "KubeControllersConfiguration",
            "kubecontrollersconfigurations",
            Cluster,
            schema_value::<KubeControllersConfiguration>,
        ),
        calico("NetworkPolicy", "networkpolicies", Namespaced, schema_value::<NetworkPolicy>),
        calico("NetworkSet", "networksets", Namespaced, schema_value::<NetworkSet>),
        calico(
            "StagedGlobalNetworkPolicy",
            "stagedglobalnetworkpolicies",
            Cluster,
            schema_value::<StagedGlobalNetworkPolicy>,
        ),
        calico(
            "StagedKubernetesNetworkPolicy",
            "stagedkubernetesnetworkpolicies",
            Namespaced,
            schema_value::<StagedKubernetesNetworkPolicy>,
        ),
        calico(
            "StagedNetworkPolicy",
            "stagednetworkpolicies",
            Namespaced,
            schema_value::<StagedNetworkPolicy>,
        ),
        calico("Tier", "tiers", Cluster, schema_value::<Tier>),
        CrdDef {
            group: ANP_GROUP,
            version: ANP_VERSION,
            kind: "AdminNetworkPolicy",
            plural: "adminnetworkpolicies",
            short_names: &["anp"],
            scope: Cluster,
            annotations: ANP_ANNOTATIONS,
            preserve_unknown_fields: None,
            status_subresource: true,
            printer_columns: &[
                ("Priority", "string", ".spec.priority"),
                ("Age", "date", ".metadata.creationTimestamp"),
            ],
            root_required: &["metadata", "spec"],
            root_validations: &[],
            empty_status: true,
            schema: schema_value::<AdminNetworkPolicy>,
        },
        CrdDef {
            group: ANP_GROUP,
            version: ANP_VERSION,
            kind: "BaselineAdminNetworkPolicy",
            plural: "baselineadminnetworkpolicies",
            short_names: &["banp"],
            scope: Cluster,
            annotations: ANP_ANNOTATIONS,
            preserve_unknown_fields: None,
            status_subresource: true,
            printer_columns: &[("Age", "date", ".metadata.creationTimestamp")],
            root_required: &["metadata", "spec"],
            root_validations: &[(
                "self.metadata.name == 'default'",
                "Only one baseline admin network policy with metadata.name=\"default\" can be created in the cluster",
            )],
            empty_status: true,
            schema: schema_value::<BaselineAdminNetworkPolicy>,
        },
    ]
}

/// Why the CRDs of a release could not be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CrdError {
    /// The release is not in the release table.
    #[error(transparent)]
    Release(#[from] calico_release::ReleaseError),
    /// The release table names a CRD the model does not describe.
    #[error("Calico {release} installs {name}, which calico-api does not describe")]
    NotModelled {
        /// The release.
        release: Release,
        /// The CRD's `metadata.name`.
        name: &'static str,
    },
}

/// The CRD objects of `release`, in the release table's order.
pub(crate) fn crds(release: Release) -> Result<Vec<Value>, CrdError> {
    let defs = defs();
    release
        .facts()?
        .crds
        .iter()
        .map(|&name| {
            defs.iter()
                .find(|def| def.name() == name)
                .map(build)
                .ok_or(CrdError::NotModelled { release, name })
        })
        .collect()
}

impl CrdDef {
    /// `metadata.name`: `<plural>.<group>`.
    fn name(&self) -> String {
        format!("{}.{}", self.plural, self.group)
    }
}

/// Builds the full CRD object for one definition.
fn build(def: &CrdDef) -> Value {
    let singular = def.kind.to_ascii_lowercase();

    let mut metadata = Map::new();
    if !def.annotations.is_empty() {
        let annotations: Map<String, Value> = def
            .annotations
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Value::from(*v)))
            .collect();
        metadata.insert("annotations".into(), Value::Object(annotations));
    }
    if def.empty_status {
        metadata.insert("creationTimestamp".into(), Value::Null);
    }
    metadata.insert("name".into(), def.name().into());

    let mut names = Map::new();
    names.insert("kind".into(), def.kind.into());
    names.insert("listKind".into(), format!("{}List", def.kind).into());
    names.insert("plural".into(), def.plural.into());
    if !def.short_names.is_empty() {
        names.insert("shortNames".into(), json!(def.short_names));
    }
    names.insert("singular".into(), singular.into());

    let mut root = (def.schema)();
    if let Some(obj) = root.as_object_mut() {
        obj.remove("required");
        if !def.root_required.is_empty() {
            obj.insert("required".into(), json!(def.root_required));
        }
        if !def.root_validations.is_empty() {
            let rules: Vec<Value> = def
                .root_validations
                .iter()
                .map(|(rule, message)| json!({ "message": message, "rule": rule }))
                .collect();
            obj.insert("x-kubernetes-validations".into(), Value::Array(rules));
        }
        if let Some(Value::Object(props)) = obj.get_mut("properties") {
            for prop in props.values_mut() {
                if let Some(p) = prop.as_object_mut() {
                    p.remove("default");
                }
            }
        }
    }
    sort_keys(&mut root);

    let mut version = Map::new();
    if !def.printer_columns.is_empty() {
        let cols: Vec<Value> = def
            .printer_columns
            .iter()
            .map(|(name, ty, path)| json!({ "jsonPath": path, "name": name, "type": ty }))
            .collect();
        version.insert("additionalPrinterColumns".into(), Value::Array(cols));
    }
    version.insert("name".into(), def.version.into());
    version.insert("schema".into(), json!({ "openAPIV3Schema": root }));
    version.insert("served".into(), true.into());
    version.insert("storage".into(), true.into());
    if def.status_subresource {
        version.insert("subresources".into(), json!({ "status": {} }));
    }

    let mut spec = Map::new();
    spec.insert("group".into(), def.group.into());
    spec.insert("names".into(), Value::Object(names));
    if let Some(p) = def.preserve_unknown_fields {
        spec.insert("preserveUnknownFields".into(), p.into());
    }
    spec.insert("scope".into(), def.scope.as_str().into());
    spec.insert("versions".into(), json!([Value::Object(version)]));

    let mut crd = Map::new();
    crd.insert("apiVersion".into(), "apiextensions.k8s.io/v1".into());
    crd.insert("kind".into(), "CustomResourceDefinition".into());
    crd.insert("metadata".into(), Value::Object(metadata));
    crd.insert("spec".into(), Value::Object(spec));
    if def.empty_status {
        crd.insert(
            "status".into(),
            json!({
                "acceptedNames": { "kind": "", "plural": "" },
                "conditions": null,
                "storedVersions": null
            }),
        );
    }
    Value::Object(crd)
}

/// The structural schema of `T`, as a JSON value.
pub fn schema_value<T: JsonSchema>() -> Value {
    let generator = SchemaSettings::draft2020_12()
        .with(|s| {
            s.inline_subschemas = true;
            s.meta_schema = None;
        })
        .into_generator();
    let schema = generator.into_root_schema_for::<T>();
    let mut value = schema.to_value();
    to_structural(&mut value);
    value
}

/// Rewrites a schemars schema (inlined) into a Kubernetes structural schema.
pub(crate) fn to_structural(value: &mut Value) {
    let Some(obj) = value.as_object_mut() else {
        return;
    };
    for key in ["$schema", "title", "$defs", "examples"] {
        obj.remove(key);
    }

    // `Option<T>`: schemars writes `anyOf: [T, null]`; keep only T, letting
    // keys written beside `anyOf` (the field's own description) win.
    if let Some(Value::Array(any)) = obj.get("anyOf") {
        if any.len() == 2 && any.iter().any(is_null_schema) {
            let inner = any.iter().find(|s| !is_null_schema(s)).cloned();
            obj.remove("anyOf");
            if let Some(Value::Object(inner)) = inner {
                for (k, v) in inner {
                    obj.entry(k).or_insert(v);
                }
            }
        }
    }

    // `Option<T>` of a simple type: `type: [T, "null"]`.
    if let Some(Value::Array(types)) = obj.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let only = types.remove(0);
            obj.insert("type".into(), only);
        }
    }
    if let Some(Value::Array(values)) = obj.get_mut("enum") {
        values.retain(|v| !v.is_null());
    }

    // Documented unit variants: `oneOf: [{const, description}, ...]`.
    if let Some(Value::Array(one_of)) = obj.get("oneOf") {
        let consts: Option<Vec<Value>> = one_of
            .iter()
            .map(|s| s.get("const").or_else(|| single_enum(s)).cloned())
            .collect();
        if let Some(consts) = consts {
            obj.remove("oneOf");
            obj.insert("type".into(), "string".into());
            obj.insert("enum".into(), Value::Array(consts));
        }
    }

    // Kubernetes schemas carry integer formats only; drop float widths.
    if matches!(
        obj.get("format").and_then(Value::as_str),
        Some("double" | "float")
    ) {
        obj.remove("format");
    }

    if let Some(Value::Object(props)) = obj.get_mut("properties") {
        for prop in props.values_mut() {
            to_structural(prop);
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(sub) = obj.get_mut(key) {
            to_structural(sub);
        }
    }
    for key in ["anyOf", "allOf", "oneOf"] {
        if let Some(Value::Array(subs)) = obj.get_mut(key) {
            subs.iter_mut().for_each(to_structural);
        }
    }
}

fn is_null_schema(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str) == Some("null")
}

fn single_enum(s: &Value) -> Option<&Value> {
    match s.get("enum") {
        Some(Value::Array(values)) if values.len() == 1 => values.first(),
        _ => None,
    }
}

/// The values of a string enum schema (plain `enum` or documented `oneOf`).
pub(crate) fn enum_values(schema: &Schema) -> Vec<Value> {
    let mut value = schema.clone().to_value();
    to_structural(&mut value);
    match value.get("enum") {
        Some(Value::Array(values)) => values.clone(),
        _ => Vec::new(),
    }
}

/// Sorts the keys of every JSON object, recursively (the order Kubernetes
/// tooling writes CRDs in).
fn sort_keys(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            for (k, mut v) in entries {
                sort_keys(&mut v);
                map.insert(k, v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(sort_keys),
        _ => {}
    }
}
