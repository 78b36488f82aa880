//! CustomResourceDefinition objects generated from the typed model, for any
//! known release.
//!
//! Each CRD's `openAPIV3Schema` starts as the schemars schema of the resource
//! type, then a post-processing pass turns it into a Kubernetes structural
//! schema of one release: subschemas are inlined, `Option` stops meaning
//! "nullable", documented enum variants collapse to a plain `enum`, the
//! release markers below are applied and removed, and keys are sorted the
//! way Kubernetes tooling writes them.
//!
//! # Release markers
//!
//! The model is the one description of every release. Where releases
//! differ, the schema of a field, a type or an enum variant carries a
//! marker, written as a schemars extension:
//!
//! ```text
//! #[schemars(extend("x-calico-since" = "v3.30.0"))]      // a field added in 3.30
//! #[schemars(extend("x-calico-until" = "v3.32.0"))]      // a field 3.32 removed
//! #[schemars(extend("x-calico-since" = "v3.30.6, v3.31.4"))] // added in 3.31.4, backported to 3.30.6
//! #[schemars(length(max = 253), extend("x-calico-before" = {
//!     "v3.32.0": { "maxLength": null }                   // the bound came with 3.32
//! }))]
//! ```
//!
//! - `x-calico-since`: the schema exists from that release on. On a field
//!   (a member of `properties`, also left out of `required`) or a branch of
//!   `oneOf`/`allOf`/`anyOf` (an enum variant, say); anywhere else a
//!   release that lacks it is an error.
//! - `x-calico-until`: the schema exists before that release (exclusive),
//!   with the same placement rules; both may be given (`since < until`).
//! - `x-calico-before`: an object mapping releases to a JSON merge patch
//!   (RFC 7396: `null` removes a keyword, objects merge, any other value
//!   replaces) that gives the schema older releases had: each patch applies
//!   to the releases before its key, newest key first, so the oldest patch
//!   has the last word. Patches apply to the finished structural schema of
//!   this node (after its subschemas were processed), so they are written in
//!   the output's form and carry no markers.
//!
//! Two rules keep the markers composable:
//!
//! - An `Option` field's markers and its type's join (patches for the same
//!   release merge; the same keyword patched twice, or a presence marker on
//!   both, is an error). On a field that is not an `Option`, schemars writes
//!   the field's extensions over its type's, and one schema holds one
//!   `x-calico-before`: give each marker once per schema, as one attribute.
//! - An `allOf` left with a single branch in a release is replaced by that
//!   branch's checks (controller-gen writes `allOf` for two or more only). The
//!   schema-only wrappers of `schema.rs` build on it: `AllOf<A, B>` with
//!   `Since`/`Until` branches (an enum checked twice in some releases), and
//!   `EnumFrom<R, T>` (a string whose values are checked from release `R` on).
//!
//! A release value names one release (`v3.30.0`), or the first release of
//! each line that has the change when it was backported
//! (`v3.30.6, v3.31.4`), oldest line first. A release belongs to such a set
//! when it is at least the entry of its own line, or of the newest line
//! before its own: with `v3.30.6, v3.31.4`, v3.30.7 and v3.32.1 belong,
//! v3.30.5 and v3.31.3 do not. Releases compare as [`Release`]s (`Ord`).
//!
//! A marker that is malformed, misplaced, or unknown (any other
//! `x-calico-` key) fails the generation with [`CrdError::Marker`], as does
//! one left anywhere in the output.
//!
//! Release-dependent CRD metadata (the `controller-gen` annotation, the
//! placeholders of the older releases, the network-policy-api bundle
//! version) comes from the release facts ([`calico_release::CrdMeta`]);
//! what a CRD definition adds in a release (its status subresource, its
//! root rules) is stated, with the release it starts in, in its definition here.

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::{json, Map, Value};

use calico_release::{CalicoCrds, Facts};

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

/// The releases a CRD-level setting holds in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Releases {
    /// None.
    None,
    /// Every one.
    All,
    /// This release and the later ones.
    From(Release),
}

impl Releases {
    fn hold(self, release: Release) -> bool {
        match self {
            Releases::None => false,
            Releases::All => true,
            Releases::From(first) => release >= first,
        }
    }
}

/// A CEL validation rule (`x-kubernetes-validations` entry).
struct Cel {
    rule: &'static str,
    message: &'static str,
    /// The `reason` reported when the rule fails, when it names one.
    reason: Option<&'static str>,
}

impl Cel {
    fn to_value(&self) -> Value {
        let mut rule = Map::new();
        rule.insert("message".into(), self.message.into());
        if let Some(reason) = self.reason {
            rule.insert("reason".into(), reason.into());
        }
        rule.insert("rule".into(), self.rule.into());
        Value::Object(rule)
    }
}

/// How a `crd.projectcalico.org` CRD was made up to 3.29, before
/// controller-gen generated them all ([`CalicoCrds::Mixed`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Legacy {
    /// Kept by hand: no annotation, `preserveUnknownFields: false`.
    HandWritten,
    /// From a development build of controller-gen.
    Generated {
        /// Whether the CRD states `preserveUnknownFields: false`.
        preserve_unknown_fields: bool,
    },
}

/// The project a CRD comes from, which decides its metadata.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    /// Calico's own `crd.projectcalico.org` CRDs.
    Calico {
        /// How it was made in the releases of [`CalicoCrds::Mixed`].
        legacy: Legacy,
    },
    /// The Kubernetes network-policy-api CRDs (`policy.networking.k8s.io`),
    /// whose bundle version is a release fact.
    NetworkPolicyApi {
        /// `api-approved.kubernetes.io`: the pull request that approved the API.
        approval: &'static str,
        /// `policy.networking.k8s.io/channel`.
        channel: &'static str,
        /// Whether the object carries `metadata.creationTimestamp: null`.
        creation_timestamp: bool,
    },
}

/// Everything about one CRD besides its schema.
struct CrdDef {
    group: &'static str,
    version: &'static str,
    kind: &'static str,
    plural: &'static str,
    short_names: &'static [&'static str],
    scope: Scope,
    family: Family,
    /// Whether the `status` subresource is enabled.
    status_subresource: Releases,
    /// `(name, type, jsonPath)` of each extra `kubectl get` column.
    printer_columns: &'static [(&'static str, &'static str, &'static str)],
    /// Top-level fields an object must have (from `root_since` on).
    root_required: &'static [&'static str],
    /// CEL rules checked on the whole object (from `root_since` on).
    root_validations: &'static [Cel],
    /// The releases `root_required` and `root_validations` hold in.
    root_since: Releases,
    /// The resource type's schemars schema, before post-processing.
    schema: fn() -> Value,
}

const CALICO_GROUP: &str = "crd.projectcalico.org";
const CALICO_VERSION: &str = "v1";
/// The controller-gen annotation of the CRDs a development build of
/// controller-gen wrote ([`Legacy::Generated`]).
const DEVEL_CONTROLLER_GEN: &str = "(devel)";
const CONTROLLER_GEN_ANNOTATION: &str = "controller-gen.kubebuilder.io/version";

const NETWORK_POLICY_API_GROUP: &str = "policy.networking.k8s.io";

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
        family: Family::Calico {
            legacy: Legacy::HandWritten,
        },
        status_subresource: Releases::None,
        printer_columns: &[],
        root_required: &[],
        root_validations: &[],
        root_since: Releases::All,
        schema,
    }
}

impl CrdDef {
    /// This definition, made by a development controller-gen up to 3.29.
    const fn generated(mut self, preserve_unknown_fields: bool) -> CrdDef {
        self.family = Family::Calico {
            legacy: Legacy::Generated {
                preserve_unknown_fields,
            },
        };
        self
    }

    /// `metadata.name`: `<plural>.<group>`.
    fn name(&self) -> String {
        format!("{}.{}", self.plural, self.group)
    }
}

const V3_32_0: Release = Release::new(3, 32, 0);

/// Every CRD the model describes, in any release.
fn defs() -> Vec<CrdDef> {
    use crate::*;
    use Scope::{Cluster, Namespaced};
    vec![
        calico("BGPConfiguration", "bgpconfigurations", Cluster, raw_schema::<BGPConfiguration>),
        calico("BGPFilter", "bgpfilters", Cluster, raw_schema::<BGPFilter>).generated(false),
        calico("BGPPeer", "bgppeers", Cluster, raw_schema::<BGPPeer>),
        calico("BlockAffinity", "blockaffinities", Cluster, raw_schema::<BlockAffinity>),
        calico("CalicoNodeStatus", "caliconodestatuses", Cluster, raw_schema::<CalicoNodeStatus>)
            .generated(true),
        calico("ClusterInformation", "clusterinformations", Cluster, raw_schema::<ClusterInformation>),
        CrdDef {
            root_validations: &[Cel {
                rule: "self.metadata.name == 'default' || self.metadata.name.startsWith('node.') ? !has(self.spec.nodeSelector) : true",
                message: "nodeSelector must not be set on the 'default' or per-node ('node.*') FelixConfiguration",
                reason: Some("FieldValueForbidden"),
            }],
            root_since: Releases::From(V3_32_0),
            ..calico("FelixConfiguration", "felixconfigurations", Cluster, raw_schema::<FelixConfiguration>)
        },
        calico(
            "GlobalNetworkPolicy",
            "globalnetworkpolicies",
            Cluster,
            raw_schema::<GlobalNetworkPolicy>,
        ),
        calico("GlobalNetworkSet", "globalnetworksets", Cluster, raw_schema::<GlobalNetworkSet>),
        calico("HostEndpoint", "hostendpoints", Cluster, raw_schema::<HostEndpoint>),
        calico("IPAMBlock", "ipamblocks", Cluster, raw_schema::<IPAMBlock>),
        calico("IPAMConfig", "ipamconfigs", Cluster, raw_schema::<IPAMConfig>),
        calico("IPAMHandle", "ipamhandles", Cluster, raw_schema::<IPAMHandle>),
        calico("IPPool", "ippools", Cluster, raw_schema::<IPPool>),
        calico("IPReservation", "ipreservations", Cluster, raw_schema::<IPReservation>)
            .generated(true),
        CrdDef {
            status_subresource: Releases::From(V3_32_0),
            ..calico(
                "KubeControllersConfiguration",
                "kubecontrollersconfigurations",
                Cluster,
                raw_schema::<KubeControllersConfiguration>,
            )
        },
        calico("NetworkPolicy", "networkpolicies", Namespaced, raw_schema::<NetworkPolicy>),
        calico("NetworkSet", "networksets", Namespaced, raw_schema::<NetworkSet>),
        calico(
            "StagedGlobalNetworkPolicy",
            "stagedglobalnetworkpolicies",
            Cluster,
            raw_schema::<StagedGlobalNetworkPolicy>,
        ),
        calico(
            "StagedKubernetesNetworkPolicy",
            "stagedkubernetesnetworkpolicies",
            Namespaced,
            raw_schema::<StagedKubernetesNetworkPolicy>,
        ),
        calico(
            "StagedNetworkPolicy",
            "stagednetworkpolicies",
            Namespaced,
            raw_schema::<StagedNetworkPolicy>,
        ),
        CrdDef {
            root_required: &["metadata", "spec"],
            root_validations: &[
                Cel {
                    rule: "self.metadata.name == 'kube-admin' ? self.spec.defaultAction == 'Pass' : true",
                    message: "The 'kube-admin' tier must have default action 'Pass'",
                    reason: None,
                },
                Cel {
                    rule: "self.metadata.name == 'kube-baseline' ? self.spec.defaultAction == 'Pass' : true",
                    message: "The 'kube-baseline' tier must have default action 'Pass'",
                    reason: None,
                },
                Cel {
                    rule: "self.metadata.name == 'default' ? self.spec.defaultAction == 'Deny' : true",
                    message: "The 'default' tier must have default action 'Deny'",
                    reason: None,
                },
            ],
            root_since: Releases::From(V3_32_0),
            ..calico("Tier", "tiers", Cluster, raw_schema::<Tier>).generated(false)
        },
        CrdDef {
            group: NETWORK_POLICY_API_GROUP,
            version: "v1alpha1",
            kind: "AdminNetworkPolicy",
            plural: "adminnetworkpolicies",
            short_names: &["anp"],
            scope: Cluster,
            family: ANP_FAMILY,
            status_subresource: Releases::All,
            printer_columns: &[
                ("Priority", "string", ".spec.priority"),
                ("Age", "date", ".metadata.creationTimestamp"),
            ],
            root_required: &["metadata", "spec"],
            root_validations: &[],
            root_since: Releases::All,
            schema: raw_schema::<AdminNetworkPolicy>,
        },
        CrdDef {
            group: NETWORK_POLICY_API_GROUP,
            version: "v1alpha1",
            kind: "BaselineAdminNetworkPolicy",
            plural: "baselineadminnetworkpolicies",
            short_names: &["banp"],
            scope: Cluster,
            family: ANP_FAMILY,
            status_subresource: Releases::All,
            printer_columns: &[("Age", "date", ".metadata.creationTimestamp")],
            root_required: &["metadata", "spec"],
            root_validations: &[Cel {
                rule: "self.metadata.name == 'default'",
                message: "Only one baseline admin network policy with metadata.name=\"default\" can be created in the cluster",
                reason: None,
            }],
            root_since: Releases::All,
            schema: raw_schema::<BaselineAdminNetworkPolicy>,
        },
        CrdDef {
            group: NETWORK_POLICY_API_GROUP,
            version: "v1alpha2",
            kind: "ClusterNetworkPolicy",
            plural: "clusternetworkpolicies",
            short_names: &["cnp"],
            scope: Cluster,
            family: Family::NetworkPolicyApi {
                approval: "https://github.com/kubernetes-sigs/network-policy-api/pull/347",
                channel: "standard",
                creation_timestamp: false,
            },
            status_subresource: Releases::All,
            printer_columns: &[
                ("Tier", "string", ".spec.tier"),
                ("Priority", "string", ".spec.priority"),
                ("Age", "date", ".metadata.creationTimestamp"),
            ],
            root_required: &["metadata", "spec"],
            root_validations: &[],
            root_since: Releases::All,
            schema: raw_schema::<ClusterNetworkPolicy>,
        },
    ]
}

/// AdminNetworkPolicy and BaselineAdminNetworkPolicy: network-policy-api's
/// experimental channel.
const ANP_FAMILY: Family = Family::NetworkPolicyApi {
    approval: "https://github.com/kubernetes-sigs/network-policy-api/pull/30",
    channel: "experimental",
    creation_timestamp: true,
};

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
    /// The release facts lack a fact a CRD of the release needs (a bug in
    /// the release table).
    #[error("Calico {release} installs {name}, but its release facts have no {fact}")]
    MissingFact {
        /// The release.
        release: Release,
        /// The CRD's `metadata.name`.
        name: &'static str,
        /// The missing fact.
        fact: &'static str,
    },
    /// A release marker of the model is malformed, misplaced or unknown (a
    /// bug in calico-api's model; see the [module documentation](self)).
    #[error("{crd} at {path} (generating {release}): {problem} (a bug in calico-api's model)")]
    Marker {
        /// The release being generated.
        release: Release,
        /// The CRD's `metadata.name`.
        crd: String,
        /// Where in `openAPIV3Schema` the marker is.
        path: String,
        /// What is wrong with it.
        problem: String,
    },
}

/// The CRD objects of `release`, in the release table's order.
pub(crate) fn crds(release: Release) -> Result<Vec<Value>, CrdError> {
    let facts = release.facts()?;
    let defs = defs();
    facts
        .crds
        .iter()
        .map(|&name| {
            let def = defs
                .iter()
                .find(|def| def.name() == name)
                .ok_or(CrdError::NotModelled { release, name })?;
            build(def, name, facts)
        })
        .collect()
}

/// Builds the full CRD object for one definition, as `facts.release` has it.
fn build(def: &CrdDef, name: &'static str, facts: &Facts) -> Result<Value, CrdError> {
    let release = facts.release;
    let singular = def.kind.to_ascii_lowercase();

    // Metadata and placeholders: what the release's generators wrote.
    let mut annotations = Map::new();
    let mut creation_timestamp = false;
    let mut preserve_unknown_fields = None;
    let mut status = None;
    match def.family {
        Family::Calico { legacy } => match (facts.crd_meta.calico, legacy) {
            (CalicoCrds::ControllerGen(version), _) => {
                annotations.insert(CONTROLLER_GEN_ANNOTATION.into(), version.into());
                preserve_unknown_fields = Some(false);
            }
            (CalicoCrds::Mixed, legacy) => {
                match legacy {
                    Legacy::HandWritten => preserve_unknown_fields = Some(false),
                    Legacy::Generated {
                        preserve_unknown_fields: stated,
                    } => {
                        annotations.insert(
                            CONTROLLER_GEN_ANNOTATION.into(),
                            DEVEL_CONTROLLER_GEN.into(),
                        );
                        creation_timestamp = true;
                        preserve_unknown_fields = stated.then_some(false);
                    }
                }
                status = Some(json!({
                    "acceptedNames": { "kind": "", "plural": "" },
                    "conditions": [],
                    "storedVersions": []
                }));
            }
        },
        Family::NetworkPolicyApi {
            approval,
            channel,
            creation_timestamp: stated,
        } => {
            let bundle = facts
                .crd_meta
                .network_policy_api
                .ok_or(CrdError::MissingFact {
                    release,
                    name,
                    fact: "network-policy-api bundle version",
                })?;
            annotations.insert("api-approved.kubernetes.io".into(), approval.into());
            annotations.insert(
                "policy.networking.k8s.io/bundle-version".into(),
                bundle.into(),
            );
            annotations.insert("policy.networking.k8s.io/channel".into(), channel.into());
            creation_timestamp = stated;
            status = Some(json!({
                "acceptedNames": { "kind": "", "plural": "" },
                "conditions": null,
                "storedVersions": null
            }));
        }
    }

    let mut metadata = Map::new();
    if !annotations.is_empty() {
        metadata.insert("annotations".into(), Value::Object(annotations));
    }
    if creation_timestamp {
        metadata.insert("creationTimestamp".into(), Value::Null);
    }
    metadata.insert("name".into(), name.into());

    let mut names = Map::new();
    names.insert("kind".into(), def.kind.into());
    names.insert("listKind".into(), format!("{}List", def.kind).into());
    names.insert("plural".into(), def.plural.into());
    if !def.short_names.is_empty() {
        names.insert("shortNames".into(), json!(def.short_names));
    }
    names.insert("singular".into(), singular.into());

    let mut root = (def.schema)();
    let cx = Cx { release, crd: name };
    if !structural(&mut root, &cx, "", Place::Fixed)? {
        return Err(cx.marker("", "the root schema cannot be left out".into()));
    }
    reject_leftover_markers(&root, &cx, "")?;
    if let Some(obj) = root.as_object_mut() {
        obj.remove("required");
        if def.root_since.hold(release) {
            if !def.root_required.is_empty() {
                obj.insert("required".into(), json!(def.root_required));
            }
            if !def.root_validations.is_empty() {
                let rules = def.root_validations.iter().map(Cel::to_value).collect();
                obj.insert("x-kubernetes-validations".into(), Value::Array(rules));
            }
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
    if def.status_subresource.hold(release) {
        version.insert("subresources".into(), json!({ "status": {} }));
    }

    let mut spec = Map::new();
    spec.insert("group".into(), def.group.into());
    spec.insert("names".into(), Value::Object(names));
    if let Some(p) = preserve_unknown_fields {
        spec.insert("preserveUnknownFields".into(), p.into());
    }
    spec.insert("scope".into(), def.scope.as_str().into());
    spec.insert("versions".into(), json!([Value::Object(version)]));

    let mut crd = Map::new();
    crd.insert("apiVersion".into(), "apiextensions.k8s.io/v1".into());
    crd.insert("kind".into(), "CustomResourceDefinition".into());
    crd.insert("metadata".into(), Value::Object(metadata));
    crd.insert("spec".into(), Value::Object(spec));
    if let Some(status) = status {
        crd.insert("status".into(), status);
    }
    Ok(Value::Object(crd))
}

/// The schemars schema of `T` with every subschema inlined, before the
/// structural pass.
fn raw_schema<T: JsonSchema>() -> Value {
    let generator = SchemaSettings::draft2020_12()
        .with(|s| {
            s.inline_subschemas = true;
            s.meta_schema = None;
        })
        .into_generator();
    generator.into_root_schema_for::<T>().to_value()
}

/// The structural schema of `T` as `release` has it, as a JSON value.
///
/// ```
/// use calico_api::{crd::schema_value, IPPool, Release};
/// let pool = schema_value::<IPPool>(Release::new(3, 29, 4))?;
/// assert!(pool["properties"]["spec"]["properties"]["cidr"].is_object());
/// assert!(pool["properties"]["spec"]["properties"]["assignmentMode"].is_null());
/// # Ok::<(), calico_api::CrdError>(())
/// ```
pub fn schema_value<T: JsonSchema>(release: Release) -> Result<Value, CrdError> {
    let mut value = raw_schema::<T>();
    let cx = Cx {
        release,
        crd: std::any::type_name::<T>(),
    };
    if !structural(&mut value, &cx, "", Place::Fixed)? {
        return Err(cx.marker("", "the root schema cannot be left out".into()));
    }
    reject_leftover_markers(&value, &cx, "")?;
    Ok(value)
}

/// The marker keys (see the module documentation).
const SINCE: &str = "x-calico-since";
const UNTIL: &str = "x-calico-until";
const BEFORE: &str = "x-calico-before";
const MARKER_PREFIX: &str = "x-calico-";

/// What the structural pass works for: the release, and the CRD (for errors).
struct Cx<'a> {
    release: Release,
    crd: &'a str,
}

impl Cx<'_> {
    fn marker(&self, path: &str, problem: String) -> CrdError {
        CrdError::Marker {
            release: self.release,
            crd: self.crd.to_owned(),
            path: if path.is_empty() {
                "the root".into()
            } else {
                path.to_owned()
            },
            problem,
        }
    }
}

/// Where a schema sits, which decides whether a release may lack it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// A member of `properties`, or a branch of `allOf`/`oneOf`/`anyOf`:
    /// left out when the release lacks it.
    Optional,
    /// The root, `items` or `additionalProperties`: every release has it.
    Fixed,
}

/// A set of releases: the first release of each line that has something,
/// oldest line first (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Lines(Vec<Release>);

impl Lines {
    fn parse(value: &Value) -> Result<Lines, String> {
        let Some(text) = value.as_str() else {
            return Err(format!("a release set must be a string, not {value}"));
        };
        let mut releases: Vec<Release> = Vec::new();
        for part in text.split(',') {
            let release: Release = part
                .trim()
                .parse()
                .map_err(|e| format!("{text:?} is not a release set: {e}"))?;
            if let Some(last) = releases.last() {
                if (last.major(), last.minor()) >= (release.major(), release.minor()) {
                    return Err(format!(
                        "{text:?} is not a release set: name one release per line, oldest line first"
                    ));
                }
            }
            releases.push(release);
        }
        Ok(Lines(releases))
    }

    /// Whether `release` has what the set's releases introduced.
    fn contains(&self, release: Release) -> bool {
        let line = (release.major(), release.minor());
        self.0
            .iter()
            .rev()
            .find(|first| (first.major(), first.minor()) <= line)
            .is_some_and(|first| release >= *first)
    }

    fn oldest(&self) -> Option<Release> {
        self.0.first().copied()
    }

    fn newest(&self) -> Option<Release> {
        self.0.last().copied()
    }
}

/// Rewrites a schemars schema (inlined) into the Kubernetes structural
/// schema of `cx.release`, applying and removing the release markers.
/// Returns `false` when the release lacks the schema (for an
/// [`Place::Optional`] one; for a fixed one that is an error).
fn structural(value: &mut Value, cx: &Cx, path: &str, place: Place) -> Result<bool, CrdError> {
    let Some(obj) = value.as_object_mut() else {
        return Ok(true);
    };
    for key in ["$schema", "title", "$defs", "examples"] {
        obj.remove(key);
    }

    // `Option<T>`: schemars writes `anyOf: [T, null]`; keep only T, letting
    // keys written beside `anyOf` (the field's own description) win, and
    // joining the markers of the field and of its type.
    if let Some(Value::Array(any)) = obj.get("anyOf") {
        if any.len() == 2 && any.iter().any(is_null_schema) {
            let inner = any.iter().find(|s| !is_null_schema(s)).cloned();
            obj.remove("anyOf");
            if let Some(Value::Object(inner)) = inner {
                for (k, v) in inner {
                    join_key(obj, k, v, cx, path)?;
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

    // The releases that have this schema.
    let since = obj.remove(SINCE).map(|v| Lines::parse(&v)).transpose();
    let until = obj.remove(UNTIL).map(|v| Lines::parse(&v)).transpose();
    let (since, until) = match (since, until) {
        (Ok(since), Ok(until)) => (since, until),
        (Err(problem), _) | (_, Err(problem)) => return Err(cx.marker(path, problem)),
    };
    if let (Some(since), Some(until)) = (&since, &until) {
        if since.oldest() >= until.oldest() {
            return Err(cx.marker(path, format!("{SINCE} is not before {UNTIL}")));
        }
    }
    let present = since.as_ref().is_none_or(|s| s.contains(cx.release))
        && until.as_ref().is_none_or(|u| !u.contains(cx.release));
    if !present {
        if place == Place::Fixed {
            return Err(cx.marker(
                path,
                format!("{SINCE}/{UNTIL} on a schema every release must have (the root, items or additionalProperties)"),
            ));
        }
        return Ok(false);
    }
    let before = obj.remove(BEFORE);
    if let Some(key) = obj.keys().find(|k| k.starts_with(MARKER_PREFIX)) {
        return Err(cx.marker(path, format!("unknown marker {key}")));
    }

    if let Some(Value::Object(props)) = obj.get_mut("properties") {
        let mut lacking = Vec::new();
        for (name, sub) in props.iter_mut() {
            if !structural(
                sub,
                cx,
                &format!("{path}.properties.{name}"),
                Place::Optional,
            )? {
                lacking.push(name.clone());
            }
        }
        for name in &lacking {
            props.shift_remove(name);
        }
        if !lacking.is_empty() {
            if let Some(Value::Array(required)) = obj.get_mut("required") {
                required.retain(|r| r.as_str().is_none_or(|r| !lacking.iter().any(|l| l == r)));
                if required.is_empty() {
                    obj.remove("required");
                }
            }
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(sub) = obj.get_mut(key) {
            structural(sub, cx, &format!("{path}.{key}"), Place::Fixed)?;
        }
    }
    for key in ["anyOf", "allOf", "oneOf"] {
        if let Some(Value::Array(subs)) = obj.get_mut(key) {
            let mut kept = Vec::with_capacity(subs.len());
            for (i, mut sub) in std::mem::take(subs).into_iter().enumerate() {
                if structural(&mut sub, cx, &format!("{path}.{key}[{i}]"), Place::Optional)? {
                    if key == "allOf" {
                        // A branch of allOf only adds value checks (the
                        // structural rules forbid a type or description).
                        if let Some(branch) = sub.as_object_mut() {
                            branch.remove("type");
                            branch.remove("description");
                        }
                    }
                    kept.push(sub);
                }
            }
            if kept.is_empty() {
                return Err(cx.marker(path, format!("{key} has no branch in this release")));
            }
            *subs = kept;
        }
    }
    // An `allOf` left with one branch is that branch's checks (controller-gen
    // writes `allOf` for two or more only).
    if let Some(Value::Array(subs)) = obj.get("allOf") {
        if let [Value::Object(only)] = subs.as_slice() {
            let only = only.clone();
            obj.remove("allOf");
            for (keyword, value) in only {
                match obj.get(&keyword) {
                    Some(existing) if *existing != value => {
                        return Err(cx.marker(
                            path,
                            format!(
                                "the one allOf branch left sets {keyword} beside another value"
                            ),
                        ))
                    }
                    _ => {
                        obj.insert(keyword, value);
                    }
                }
            }
        }
    }

    // Documented unit variants: `oneOf: [{const, description}, ...]`.
    if let Some(Value::Array(one_of)) = obj.get("oneOf") {
        let consts: Option<Vec<Vec<Value>>> = one_of.iter().map(enum_branch_values).collect();
        if let Some(consts) = consts {
            obj.remove("oneOf");
            obj.insert("type".into(), "string".into());
            obj.insert(
                "enum".into(),
                Value::Array(consts.into_iter().flatten().collect()),
            );
        }
    }

    // Kubernetes schemas carry integer formats only; drop float widths.
    if matches!(
        obj.get("format").and_then(Value::as_str),
        Some("double" | "float")
    ) {
        obj.remove("format");
    }

    if let Some(before) = before {
        apply_before(obj, before, cx, path)?;
    }
    Ok(true)
}

/// Puts `key` of an `Option`'s inner schema beside the field's own keys:
/// the field's keys win, but markers of both join (patches of both apply;
/// two presence markers are ambiguous).
fn join_key(
    obj: &mut Map<String, Value>,
    key: String,
    value: Value,
    cx: &Cx,
    path: &str,
) -> Result<(), CrdError> {
    match obj.get_mut(&key) {
        None => {
            obj.insert(key, value);
        }
        Some(Value::Object(outer)) if key == BEFORE => {
            let Value::Object(inner) = value else {
                return Err(cx.marker(path, format!("{BEFORE} must be an object")));
            };
            for (release, patch) in inner {
                match (outer.get_mut(&release), patch) {
                    (None, patch) => {
                        outer.insert(release, patch);
                    }
                    (Some(Value::Object(mine)), Value::Object(theirs)) => {
                        for (keyword, value) in theirs {
                            if mine.contains_key(&keyword) {
                                return Err(cx.marker(
                                    path,
                                    format!(
                                        "{BEFORE} {release} patches {keyword} on both the field and its type"
                                    ),
                                ));
                            }
                            mine.insert(keyword, value);
                        }
                    }
                    _ => {
                        return Err(cx.marker(
                            path,
                            format!("{BEFORE} {release}: a patch must be an object"),
                        ))
                    }
                }
            }
        }
        Some(_) if key.starts_with(MARKER_PREFIX) => {
            return Err(cx.marker(
                path,
                format!("{key} is given on both the field and its type"),
            ));
        }
        Some(_) => {}
    }
    Ok(())
}

/// Applies the `x-calico-before` patches that `cx.release` is before,
/// newest first.
fn apply_before(
    obj: &mut Map<String, Value>,
    before: Value,
    cx: &Cx,
    path: &str,
) -> Result<(), CrdError> {
    let Value::Object(patches) = before else {
        return Err(cx.marker(path, format!("{BEFORE} must map releases to patches")));
    };
    let mut parsed = Vec::with_capacity(patches.len());
    for (key, patch) in patches {
        let lines = Lines::parse(&Value::String(key.clone())).map_err(|p| cx.marker(path, p))?;
        let Value::Object(patch) = patch else {
            return Err(cx.marker(path, format!("{BEFORE} {key}: a patch must be an object")));
        };
        reject_leftover_markers(
            &Value::Object(patch.clone()),
            cx,
            &format!("{path}.{BEFORE}"),
        )?;
        parsed.push((lines, patch));
    }
    parsed.sort_by_key(|(lines, _)| std::cmp::Reverse(lines.newest()));
    for (lines, patch) in parsed {
        if !lines.contains(cx.release) {
            merge_patch(obj, patch);
        }
    }
    Ok(())
}

/// JSON merge patch (RFC 7396) of `target` by `patch`.
fn merge_patch(target: &mut Map<String, Value>, patch: Map<String, Value>) {
    for (key, value) in patch {
        match value {
            Value::Null => {
                target.shift_remove(&key);
            }
            Value::Object(sub) => {
                if let Some(Value::Object(existing)) = target.get_mut(&key) {
                    merge_patch(existing, sub);
                } else {
                    let mut fresh = Map::new();
                    merge_patch(&mut fresh, sub);
                    target.insert(key, Value::Object(fresh));
                }
            }
            other => {
                target.insert(key, other);
            }
        }
    }
}

/// Fails on any `x-calico-` key left in `value` (a marker the pass did not
/// reach, such as one inside a patch).
fn reject_leftover_markers(value: &Value, cx: &Cx, path: &str) -> Result<(), CrdError> {
    match value {
        Value::Object(map) => {
            for (key, sub) in map {
                if key.starts_with(MARKER_PREFIX) {
                    return Err(cx.marker(path, format!("marker {key} where none applies")));
                }
                reject_leftover_markers(sub, cx, &format!("{path}.{key}"))?;
            }
            Ok(())
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, sub)| reject_leftover_markers(sub, cx, &format!("{path}[{i}]"))),
        _ => Ok(()),
    }
}

fn is_null_schema(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str) == Some("null")
}

/// The values a `oneOf` branch of a unit enum stands for: its `const`, or
/// its `enum` (schemars groups plain variants into one branch).
fn enum_branch_values(s: &Value) -> Option<Vec<Value>> {
    if let Some(c) = s.get("const") {
        return Some(vec![c.clone()]);
    }
    match s.get("enum") {
        Some(Value::Array(values)) if s.get("properties").is_none() => Some(values.clone()),
        _ => None,
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    fn r(text: &str) -> Release {
        text.parse().unwrap()
    }

    fn lines(text: &str) -> Result<Lines, String> {
        Lines::parse(&Value::String(text.into()))
    }

    /// Runs the structural pass for `release` over a hand-written schema.
    fn pass(release: &str, mut schema: Value) -> Result<Value, CrdError> {
        let cx = Cx {
            release: r(release),
            crd: "test",
        };
        structural(&mut schema, &cx, "", Place::Fixed)?;
        reject_leftover_markers(&schema, &cx, "")?;
        Ok(schema)
    }

    fn problem(result: Result<Value, CrdError>) -> String {
        match result {
            Err(CrdError::Marker { problem, .. }) => problem,
            other => panic!("expected a marker error, got {other:?}"),
        }
    }

    #[test]
    fn a_release_set_names_the_first_release_of_each_line() {
        let set = lines("v3.30.6, v3.31.4").unwrap();
        for (release, has) in [
            ("v3.29.9", false),
            ("v3.30.5", false),
            ("v3.30.6", true),
            ("v3.30.7", true),
            ("v3.31.0", false),
            ("v3.31.3", false),
            ("v3.31.4", true),
            ("v3.32.1", true),
            ("v4.0.0", true),
        ] {
            assert_eq!(set.contains(r(release)), has, "{release}");
        }
        let one = lines("v3.30.0").unwrap();
        assert!(!one.contains(r("v3.29.7")));
        assert!(one.contains(r("v3.30.0")) && one.contains(r("v3.31.6")));
    }

    #[test]
    fn a_malformed_release_set_is_refused() {
        for bad in [
            "",
            "3.30.0",
            "v3.30",
            "v3.31.4, v3.30.6",
            "v3.30.1, v3.30.5",
            "latest",
        ] {
            assert!(lines(bad).is_err(), "{bad:?}");
        }
        assert!(Lines::parse(&json!(30)).is_err());
    }

    #[test]
    fn since_and_until_keep_a_field_in_its_releases_only() {
        let schema = json!({
            "type": "object",
            "required": ["a", "b"],
            "properties": {
                "a": { "type": "string", "x-calico-since": "v3.30.0" },
                "b": { "type": "string", "x-calico-until": "v3.32.0" },
                "c": { "type": ["string", "null"], "x-calico-since": "v3.29.0", "x-calico-until": "v3.31.0" }
            }
        });
        let old = pass("v3.29.4", schema.clone()).unwrap();
        assert_eq!(old["required"], json!(["b"]));
        assert!(old["properties"].get("a").is_none());
        assert_eq!(old["properties"]["c"], json!({ "type": "string" }));
        let new = pass("v3.32.1", schema).unwrap();
        assert_eq!(new["required"], json!(["a"]));
        assert_eq!(new["properties"].as_object().unwrap().len(), 1);
    }

    #[test]
    fn enum_variants_come_and_go() {
        let schema = json!({
            "oneOf": [
                { "type": "string", "const": "Enabled", "description": "On." },
                { "type": "string", "const": "Disabled", "description": "Off." },
                { "type": "string", "const": "L2Only", "description": "Some.",
                  "x-calico-since": "v3.30.0", "x-calico-until": "v3.32.0" }
            ]
        });
        let values = |release| pass(release, schema.clone()).unwrap()["enum"].clone();
        assert_eq!(values("v3.29.4"), json!(["Enabled", "Disabled"]));
        assert_eq!(values("v3.31.6"), json!(["Enabled", "Disabled", "L2Only"]));
        assert_eq!(values("v3.32.1"), json!(["Enabled", "Disabled"]));
    }

    #[test]
    fn patches_give_older_releases_their_schema_oldest_last() {
        let schema = json!({
            "type": "string",
            "maxLength": 253,
            "pattern": "^new$",
            "x-calico-before": {
                "v3.30.0": { "pattern": "^oldest$" },
                "v3.32.0": { "maxLength": null, "pattern": "^old$", "format": "x" }
            }
        });
        let at = |release| pass(release, schema.clone()).unwrap();
        assert_eq!(
            at("v3.32.1"),
            json!({ "type": "string", "maxLength": 253, "pattern": "^new$" })
        );
        assert_eq!(
            at("v3.31.6"),
            json!({ "type": "string", "pattern": "^old$", "format": "x" })
        );
        assert_eq!(
            at("v3.29.4"),
            json!({ "type": "string", "pattern": "^oldest$", "format": "x" })
        );
    }

    #[test]
    fn merge_patches_merge_objects_and_remove_nulls() {
        let mut target = json!({ "a": { "b": 1, "c": 2 }, "d": [1] });
        let patch = json!({ "a": { "b": null, "e": { "f": null, "g": 3 } }, "d": null });
        let (Value::Object(t), Value::Object(p)) = (&mut target, patch) else {
            unreachable!()
        };
        merge_patch(t, p);
        assert_eq!(target, json!({ "a": { "c": 2, "e": { "g": 3 } } }));
    }

    #[test]
    fn field_and_type_markers_join() {
        // An `Option<T>` field: the field's keys beside `anyOf`, the type's inside.
        let schema = json!({
            "type": "object",
            "properties": {
                "f": {
                    "x-calico-before": { "v3.31.0": { "minLength": null } },
                    "anyOf": [
                        { "type": "string", "minLength": 1, "maxLength": 9,
                          "x-calico-since": "v3.30.0",
                          "x-calico-before": { "v3.32.0": { "maxLength": null } } },
                        { "type": "null" }
                    ]
                }
            }
        });
        let at = |release| pass(release, schema.clone()).unwrap()["properties"].clone();
        assert_eq!(at("v3.29.4"), json!({}));
        assert_eq!(at("v3.30.3"), json!({ "f": { "type": "string" } }));
        assert_eq!(
            at("v3.31.6"),
            json!({ "f": { "type": "string", "minLength": 1 } })
        );
        assert_eq!(
            at("v3.32.1"),
            json!({ "f": { "type": "string", "minLength": 1, "maxLength": 9 } })
        );

        let twice = json!({ "x-calico-since": "v3.30.0",
                            "anyOf": [{ "type": "string", "x-calico-since": "v3.31.0" }, { "type": "null" }] });
        assert!(problem(pass("v3.31.6", twice)).contains("both the field and its type"));
    }

    #[test]
    fn an_all_of_left_with_one_branch_becomes_its_checks() {
        let schema = json!({
            "type": "string",
            "allOf": [
                { "enum": ["A", "B"], "x-calico-until": "v3.32.0" },
                { "enum": ["B"] }
            ]
        });
        assert_eq!(
            pass("v3.31.6", schema.clone()).unwrap()["allOf"]
                .as_array()
                .map(Vec::len),
            Some(2)
        );
        assert_eq!(
            pass("v3.32.1", schema).unwrap(),
            json!({ "type": "string", "enum": ["B"] })
        );

        // `EnumFrom`: the values in a branch of their own, checked from 3.32.
        let enum_from = json!({
            "type": "string",
            "default": "A",
            "x-calico-before": { "v3.32.0": { "default": null } },
            "allOf": [{
                "type": "string",
                "enum": ["A", "B"],
                "x-calico-before": { "v3.32.0": { "enum": null } }
            }]
        });
        assert_eq!(
            pass("v3.31.6", enum_from.clone()).unwrap(),
            json!({ "type": "string" })
        );
        assert_eq!(
            pass("v3.32.1", enum_from).unwrap(),
            json!({ "type": "string", "default": "A", "enum": ["A", "B"] })
        );

        let clash = json!({ "type": "string", "enum": ["A"], "allOf": [{ "enum": ["B"] }] });
        assert!(problem(pass("v3.31.6", clash)).contains("beside another value"));
    }

    #[test]
    fn patches_of_one_release_on_field_and_type_merge() {
        let schema = json!({
            "x-calico-before": { "v3.32.0": { "default": null } },
            "default": "x",
            "anyOf": [
                { "type": "string", "maxLength": 3,
                  "x-calico-before": { "v3.32.0": { "maxLength": null } } },
                { "type": "null" }
            ]
        });
        assert_eq!(
            pass("v3.31.6", schema.clone()).unwrap(),
            json!({ "type": "string" })
        );
        assert_eq!(
            pass("v3.32.1", schema).unwrap(),
            json!({ "type": "string", "default": "x", "maxLength": 3 })
        );
        let twice = json!({
            "x-calico-before": { "v3.32.0": { "maxLength": null } },
            "anyOf": [
                { "type": "string", "x-calico-before": { "v3.32.0": { "maxLength": null } } },
                { "type": "null" }
            ]
        });
        assert!(problem(pass("v3.31.6", twice)).contains("patches maxLength on both"));
    }

    #[test]
    fn bad_markers_are_errors() {
        let unknown = json!({ "type": "string", "x-calico-from": "v3.30.0" });
        assert!(problem(pass("v3.31.6", unknown)).contains("unknown marker x-calico-from"));

        let malformed = json!({ "type": "string", "x-calico-since": "3.30" });
        assert!(problem(pass("v3.31.6", malformed)).contains("not a release set"));

        let in_items =
            json!({ "type": "array", "items": { "type": "string", "x-calico-since": "v3.30.0" } });
        assert!(pass("v3.31.6", in_items.clone()).is_ok());
        assert!(problem(pass("v3.29.4", in_items)).contains("every release must have"));

        let reversed =
            json!({ "type": "string", "x-calico-since": "v3.31.0", "x-calico-until": "v3.30.0" });
        assert!(problem(pass("v3.31.6", reversed)).contains("not before"));

        let not_a_map = json!({ "type": "string", "x-calico-before": ["v3.30.0"] });
        assert!(problem(pass("v3.31.6", not_a_map)).contains("must map releases"));

        let marker_in_patch = json!({ "type": "string", "x-calico-before": { "v3.32.0": { "x-calico-since": "v3.30.0" } } });
        assert!(problem(pass("v3.31.6", marker_in_patch)).contains("where none applies"));

        let unreached = json!({ "type": "string", "not": { "x-calico-since": "v3.30.0" } });
        assert!(problem(pass("v3.31.6", unreached)).contains("where none applies"));

        let no_variant = json!({ "oneOf": [{ "const": "A", "x-calico-since": "v3.32.0" }] });
        assert!(problem(pass("v3.31.6", no_variant)).contains("no branch"));
    }

    #[test]
    fn doubled_enums_keep_value_checks_only_in_their_branches() {
        let variants = json!({ "description": "T.", "oneOf": [
            { "type": "string", "const": "Auto", "description": "A." },
            { "type": "string", "const": "Strict", "description": "S.", "x-calico-since": "v3.31.0" }
        ]});
        let schema = json!({ "type": "string", "allOf": [variants.clone(), variants] });
        assert_eq!(
            pass("v3.30.3", schema.clone()).unwrap(),
            json!({ "type": "string", "allOf": [{ "enum": ["Auto"] }, { "enum": ["Auto"] }] })
        );
        assert_eq!(
            pass("v3.31.6", schema).unwrap()["allOf"][1],
            json!({ "enum": ["Auto", "Strict"] })
        );
    }
}
