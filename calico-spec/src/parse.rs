//! Reading an input (any of the three forms) into a [`ParsedSpec`].
//!
//! Steps: size and UTF-8 checks; YAML into a located tree (with budgets and
//! duplicate-key rejection); choosing the form; checking every field's type
//! and name against the spec's own JSON Schema, collecting all problems with
//! their paths and locations; finally building the typed model.

use crate::error::{ErrorType, FieldError, ParseError, Warning};
use crate::limits;
use crate::model::{self, ClusterSpec};
use crate::schema::{self, Additional, Schema};
use crate::yaml::{Location, Node, Value};
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// Which of the three input forms a spec came in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputForm {
    /// A kOps `Cluster` (`kops.k8s.io/v1alpha2`), maybe with InstanceGroups.
    KopsCluster,
    /// The mapping under a Cluster's `spec:`.
    BareSpec,
    /// The project's own `CalicoNetworking` kind.
    CalicoNetworking,
    /// Built through the library API.
    Library,
}

/// The cluster name used when the input has none (a bare spec).
pub const DEFAULT_CLUSTER_NAME: &str = "calico.example.com";

/// A spec as the user wrote it, not yet defaulted.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedSpec {
    /// The form of the input.
    pub form: InputForm,
    /// The cluster name (`metadata.name`); `None` for a bare spec.
    pub cluster_name: Option<String>,
    /// The Cluster's labels (`alpha.kops.k8s.io/cloud: metal` matters).
    pub labels: BTreeMap<String, String>,
    /// The cluster spec.
    pub spec: ClusterSpec,
    /// Nodes counted from the stream's InstanceGroups, if any.
    pub instance_group_nodes: Option<u64>,
    /// Problems that do not stop rendering (unknown kOps fields, ignored documents).
    pub warnings: Vec<Warning>,
    locations: BTreeMap<String, Location>,
}

impl ParsedSpec {
    /// A spec built in code rather than parsed.
    ///
    /// ```
    /// use calico_spec::{model::{ClusterSpec, NetworkingSpec, CalicoSpec}, ParsedSpec};
    /// let spec = ClusterSpec {
    ///     networking: Some(NetworkingSpec { calico: Some(CalicoSpec::default()), ..Default::default() }),
    ///     ..Default::default()
    /// };
    /// let parsed = ParsedSpec::from_spec(spec, Some("demo.example.com".into()));
    /// assert_eq!(parsed.cluster_name.as_deref(), Some("demo.example.com"));
    /// ```
    pub fn from_spec(spec: ClusterSpec, cluster_name: Option<String>) -> Self {
        ParsedSpec {
            form: InputForm::Library,
            cluster_name,
            labels: BTreeMap::new(),
            spec,
            instance_group_nodes: None,
            warnings: Vec::new(),
            locations: BTreeMap::new(),
        }
    }

    /// Where a field path (e.g. `spec.networking.calico.mtu`) is in the input.
    ///
    /// A field the input does not hold (a rule about a missing field) is
    /// placed at its nearest enclosing field that it does hold, at the
    /// latest at the spec itself.
    pub fn location_of(&self, path: &str) -> Option<Location> {
        let mut path = path;
        loop {
            if let Some(location) = self.locations.get(path) {
                return Some(*location);
            }
            match path.rfind('.') {
                Some(dot) => path = &path[..dot],
                None => return self.locations.get("spec").copied(),
            }
        }
    }
}

/// Parses YAML text in any of the three forms.
///
/// ```
/// let parsed = calico_spec::parse_str("networking:\n  calico:\n    mtu: 8981\n").unwrap();
/// assert_eq!(parsed.spec.networking.unwrap().calico.unwrap().mtu, Some(8981));
/// ```
pub fn parse_str(input: &str) -> Result<ParsedSpec, ParseError> {
    parse_text(input, &mut None)
}

/// Parses like [`parse_bytes`], and where the spec has field errors
/// (unknown fields, wrong types, values out of range) also gives the spec
/// without those fields, so that the rules can check the rest in the same
/// pass (see [`crate::report::Validation::of`]).
pub(crate) fn parse_bytes_partial(
    input: &[u8],
) -> (Result<ParsedSpec, ParseError>, Option<ParsedSpec>) {
    let mut partial = None;
    let result = match std::str::from_utf8(input) {
        Ok(text) => parse_text(text, &mut partial),
        Err(_) => parse_bytes(input),
    };
    (result, partial)
}

fn parse_text(input: &str, partial: &mut Option<ParsedSpec>) -> Result<ParsedSpec, ParseError> {
    if input.len() > limits::MAX_INPUT_BYTES {
        return Err(ParseError::TooLarge {
            size: input.len(),
            limit: limits::MAX_INPUT_BYTES,
        });
    }
    if let Some(offset) = input.find('\0') {
        return Err(ParseError::Syntax {
            message: "input contains a NUL byte; a spec is YAML text".into(),
            location: Some(location_of_offset(input.as_bytes(), offset)),
        });
    }
    let docs: Vec<Node> =
        serde_saphyr::from_str_multiple_with_options(input, limits::yaml_options())
            .map_err(syntax_error)?;
    from_documents(docs, partial)
}

/// Parses raw bytes: checks the size limit and UTF-8 first.
pub fn parse_bytes(input: &[u8]) -> Result<ParsedSpec, ParseError> {
    if input.len() > limits::MAX_INPUT_BYTES {
        return Err(ParseError::TooLarge {
            size: input.len(),
            limit: limits::MAX_INPUT_BYTES,
        });
    }
    match std::str::from_utf8(input) {
        Ok(text) => parse_str(text),
        Err(e) => Err(ParseError::NotUtf8 {
            location: location_of_offset(input, e.valid_up_to()),
        }),
    }
}

fn location_of_offset(input: &[u8], offset: usize) -> Location {
    let before = &input[..offset.min(input.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map(|p| p + 1)
        .unwrap_or(0);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Location { line, column }
}

fn syntax_error(err: serde_saphyr::Error) -> ParseError {
    let location = err.location().and_then(|l| {
        (l.line() > 0).then_some(Location {
            line: l.line() as usize,
            column: l.column() as usize,
        })
    });
    let mut message = err.without_snippet().to_string();
    // serde-saphyr prefixes "error: line L column C: "; the location is kept separately.
    if let Some(rest) = message.strip_prefix("error: ") {
        message = rest.to_string();
    }
    if let Some(idx) = message.find(": ") {
        if message.starts_with("line ") {
            message = message[idx + 2..].to_string();
        }
    }
    let mut message = message
        .replace(", set DuplicateKeyPolicy in Options if acceptable", "")
        .lines()
        .next()
        .unwrap_or("malformed YAML")
        .to_string();
    // The location is reported separately.
    if let Some(idx) = message.find(" at line ") {
        message.truncate(idx);
    }
    if message.contains("Depth {") || message.contains("recursion limit exceeded") {
        message = format!("the YAML nests deeper than {} levels", limits::MAX_DEPTH);
    } else if message.contains("Documents {") {
        message = format!(
            "the input holds more than {} YAML documents",
            limits::MAX_DOCUMENTS
        );
    } else if message.contains("Nodes {") {
        message = format!("the input holds more than {} YAML nodes", limits::MAX_NODES);
    } else if message.starts_with("alias replay limit exceeded") || message.contains("Alias") {
        message = format!(
            "aliases expand to more than {} YAML events (an alias bomb?); write the values out",
            limits::MAX_ALIAS_REPLAY_EVENTS
        );
    } else if message.starts_with("budget breached") {
        message = format!("the input exceeds a size limit ({message})");
    } else if message.contains("tabs disallowed") {
        message.push_str(": indent with spaces");
    }
    ParseError::Syntax { message, location }
}

const KOPS_GROUP: &str = "kops.k8s.io/";
const KOPS_V1ALPHA2: &str = "kops.k8s.io/v1alpha2";

/// The value of `key` in the mapping `node`, taken out of it.
fn take_key(node: Node, key: &str) -> Option<Node> {
    match node.value {
        Value::Map(entries) => entries
            .into_iter()
            .find(|(k, _)| k.value.as_str() == Some(key))
            .map(|(_, v)| v),
        _ => None,
    }
}

fn from_documents(
    docs: Vec<Node>,
    partial: &mut Option<ParsedSpec>,
) -> Result<ParsedSpec, ParseError> {
    let docs: Vec<(usize, Node)> = docs
        .into_iter()
        .enumerate()
        .filter(|(_, d)| d.value != Value::Null)
        .collect();
    let Some(first_document) = docs.first().map(|(_, d)| d.location) else {
        return Err(ParseError::Invalid(vec![located(
            FieldError::new(
                "",
                ErrorType::Required,
                Json::Null,
                "the input holds no YAML document: write a spec such as `networking: {calico: {}}`",
            ),
            Location { line: 1, column: 1 },
        )]));
    };
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut main: Option<(InputForm, Node)> = None;
    let mut ig_nodes: Option<u64> = None;
    let many = docs.len() > 1;

    for (index, doc) in docs {
        // An error about a whole document names it by its position (and its
        // kind, where it has one) in a stream; a lone document needs no name.
        let doc_path = if many {
            match doc.value.get("kind").and_then(|k| k.value.as_str()) {
                Some(kind) => format!("document {} ({kind})", index + 1),
                None => format!("document {}", index + 1),
            }
        } else {
            String::new()
        };
        if !matches!(doc.value, Value::Map(_)) {
            errors.push(located(
                FieldError::new(
                    &doc_path,
                    ErrorType::TypeInvalid,
                    Json::Null,
                    format!(
                        "expected a mapping (a kOps Cluster, a cluster spec or a CalicoNetworking), found {}",
                        doc.value.type_name()
                    ),
                ),
                doc.location,
            ));
            continue;
        }
        let api_version = doc.value.get("apiVersion");
        let kind = doc.value.get("kind");
        let form = match (api_version, kind) {
            (None, None) => InputForm::BareSpec,
            (_, Some(k)) if k.value.as_str() == Some("InstanceGroup") => {
                match instance_group_size(&doc) {
                    Ok(n) => ig_nodes = Some(ig_nodes.unwrap_or(0).saturating_add(n)),
                    Err(e) => errors.push(*e),
                }
                continue;
            }
            (Some(av), Some(k)) => {
                let av_s = av.value.as_str().unwrap_or_default();
                let k_s = k.value.as_str().unwrap_or_default();
                match (av_s, k_s) {
                    (KOPS_V1ALPHA2, "Cluster") => InputForm::KopsCluster,
                    (model::API_VERSION, model::KIND) => InputForm::CalicoNetworking,
                    (a, "Cluster") if a.starts_with(KOPS_GROUP) => {
                        errors.push(located(
                            FieldError::new(
                                "apiVersion",
                                ErrorType::NotSupported,
                                av.value.to_json(),
                                format!("kOps Cluster apiVersion {a:?} is not supported: supported values: \"{KOPS_V1ALPHA2}\""),
                            ),
                            av.location,
                        ));
                        continue;
                    }
                    (a, _) if a.starts_with(KOPS_GROUP) && many => {
                        // Other kOps objects (SSHCredential, Keyset, ...) travel with clusters.
                        continue;
                    }
                    (_, k_s) => {
                        errors.push(located(
                            FieldError::new(
                                "kind",
                                ErrorType::NotSupported,
                                k.value.to_json(),
                                format!(
                                    "{av_s:?} {k_s:?} is not an input calico-render reads: supported: \"{KOPS_V1ALPHA2}\" Cluster, \"{}\" {}, or a bare cluster spec without apiVersion and kind",
                                    model::API_VERSION,
                                    model::KIND
                                ),
                            ),
                            k.location,
                        ));
                        continue;
                    }
                }
            }
            (Some(av), None) => {
                errors.push(located(
                    FieldError::new(
                        "kind",
                        ErrorType::Required,
                        Json::Null,
                        format!("apiVersion {} is set but kind is missing: add `kind: Cluster` or `kind: CalicoNetworking`", av.value.to_json()),
                    ),
                    av.location,
                ));
                continue;
            }
            (None, Some(k)) => {
                errors.push(located(
                    FieldError::new(
                        "apiVersion",
                        ErrorType::Required,
                        Json::Null,
                        format!(
                            "kind {} needs an apiVersion (\"{KOPS_V1ALPHA2}\" or \"{}\")",
                            k.value.to_json(),
                            model::API_VERSION
                        ),
                    ),
                    k.location,
                ));
                continue;
            }
        };
        if form == InputForm::BareSpec && many {
            errors.push(located(
                FieldError::new(
                    &doc_path,
                    ErrorType::Invalid,
                    Json::Null,
                    "a bare cluster spec must be the only document; in a stream, use a kOps Cluster with apiVersion and kind",
                ),
                doc.location,
            ));
            continue;
        }
        if let Some((prev, _)) = &main {
            errors.push(located(
                FieldError::new(
                    "kind",
                    ErrorType::Duplicate,
                    kind.map(|k| k.value.to_json()).unwrap_or(Json::Null),
                    format!(
                        "{doc_path} is a second cluster (the first is a {prev:?}); give calico-render one cluster per input"
                    ),
                ),
                kind.map(|k| k.location).unwrap_or(doc.location),
            ));
            continue;
        }
        main = Some((form, doc));
    }

    let Some((form, doc)) = main else {
        if errors.is_empty() {
            errors.push(located(
                FieldError::new(
                    "kind",
                    ErrorType::Required,
                    Json::Null,
                    "the input has no Cluster or CalicoNetworking document",
                ),
                first_document,
            ));
        }
        return Err(ParseError::Invalid(errors));
    };

    let mut locations = BTreeMap::new();
    let (cluster_name, labels, spec_node) = match form {
        InputForm::BareSpec => (None, BTreeMap::new(), doc),
        _ => {
            // Check the envelope (apiVersion, kind, metadata, spec) against its schema,
            // then take the spec out.
            let envelope_schema = schema::envelope_schema(form == InputForm::KopsCluster)?;
            let mut ctx = Checker {
                errors: &mut errors,
                warnings: &mut warnings,
                locations: &mut locations,
            };
            ctx.check_envelope(&doc, envelope_schema);
            let name = doc
                .value
                .get("metadata")
                .and_then(|m| m.value.get("name"))
                .and_then(|n| n.value.as_str())
                .map(str::to_string);
            let labels = doc
                .value
                .get("metadata")
                .and_then(|m| m.value.get("labels"))
                .map(|l| match &l.value {
                    Value::Map(entries) => entries
                        .iter()
                        .filter_map(|(k, v)| {
                            Some((k.value.as_str()?.to_string(), v.value.as_str()?.to_string()))
                        })
                        .collect(),
                    _ => BTreeMap::new(),
                })
                .unwrap_or_default();
            let location = doc.location;
            let spec = match take_key(doc, "spec") {
                Some(s) if s.value != Value::Null => s,
                _ => {
                    errors.push(located(
                        FieldError::new(
                            "spec",
                            ErrorType::Required,
                            Json::Null,
                            "the document has no spec: add `spec: {networking: {calico: {}}}`",
                        ),
                        location,
                    ));
                    return Err(ParseError::Invalid(errors));
                }
            };
            (name, labels, spec)
        }
    };

    let mut checker = Checker {
        errors: &mut errors,
        warnings: &mut warnings,
        locations: &mut locations,
    };
    checker
        .locations
        .insert("spec".to_string(), spec_node.location);
    checker.check_spec(&spec_node, schema::spec_schema()?);
    let location = spec_node.location;
    let parsed = move |spec| ParsedSpec {
        form,
        cluster_name,
        labels,
        spec,
        instance_group_nodes: ig_nodes,
        warnings,
        locations,
    };
    if !errors.is_empty() {
        // The rest of the spec, for the rules to check in the same pass.
        *partial = serde_json::from_value(without(spec_node, &errors).value.to_json())
            .ok()
            .map(parsed);
        crate::error::sort_in_file_order(&mut errors);
        return Err(ParseError::Invalid(errors));
    }
    let spec: ClusterSpec = serde_json::from_value(spec_node.value.to_json()).map_err(|e| {
        ParseError::Invalid(vec![located(
            FieldError::new("spec", ErrorType::TypeInvalid, Json::Null, e.to_string()),
            location,
        )])
    })?;
    Ok(parsed(spec))
}

/// `spec` without the fields `errors` name (paths `spec.a.b`; a path into a
/// list drops the whole list).
fn without(mut spec: Node, errors: &[FieldError]) -> Node {
    fn remove(node: &mut Node, path: &[&str]) {
        let (Some(first), Value::Map(entries)) = (path.first(), &mut node.value) else {
            return;
        };
        let key = first.split('[').next().unwrap_or(first);
        if path.len() == 1 || first.contains('[') {
            entries.retain(|(k, _)| k.value.as_str() != Some(key));
        } else if let Some((_, child)) = entries
            .iter_mut()
            .find(|(k, _)| k.value.as_str() == Some(key))
        {
            remove(child, &path[1..]);
        }
    }
    for e in errors {
        if let Some(rest) = e.path.strip_prefix("spec.") {
            remove(&mut spec, &rest.split('.').collect::<Vec<_>>());
        }
    }
    spec
}

fn located(mut e: FieldError, location: Location) -> FieldError {
    e.location = Some(location);
    e
}

fn instance_group_size(doc: &Node) -> Result<u64, Box<FieldError>> {
    let spec = doc.value.get("spec");
    let size = |key: &str| spec.and_then(|s| s.value.get(key));
    let node = size("maxSize").or_else(|| size("minSize"));
    match node.map(|n| (&n.value, n.location)) {
        None => Ok(0),
        Some((Value::Int(i), _)) if *i >= 0 => Ok(u64::try_from(*i).unwrap_or(u64::MAX)),
        Some((v, loc)) => {
            let name = doc
                .value
                .get("metadata")
                .and_then(|m| m.value.get("name"))
                .and_then(|n| n.value.as_str())
                .unwrap_or("?");
            Err(Box::new(located(
                FieldError::new(
                    format!("InstanceGroup {name}: spec.maxSize"),
                    ErrorType::Invalid,
                    v.to_json(),
                    "an InstanceGroup size must be a non-negative integer",
                ),
                loc,
            )))
        }
    }
}

/// Walks a located tree beside the JSON Schema of the model (typed, see
/// [`Schema`]), checking types, integer ranges and field names.
struct Checker<'a> {
    errors: &'a mut Vec<FieldError>,
    warnings: &'a mut Vec<Warning>,
    locations: &'a mut BTreeMap<String, Location>,
}

impl Checker<'_> {
    fn check_envelope(&mut self, doc: &Node, schema: &Schema) {
        // The envelope's spec is checked separately with the spec schema.
        if let Value::Map(entries) = &doc.value {
            for (k, v) in entries {
                let key = k.value.key_text();
                if key == "spec" {
                    continue;
                }
                self.locations.insert(key.clone(), v.location);
                match schema.property(&key) {
                    Some(s) => self.check(v, s, &key),
                    None if matches!(schema.additional, Some(Additional::Allowed(false))) => {
                        self.unknown_field(&key, "", &key, k.location, schema)
                    }
                    None => {}
                }
            }
            for req in required(schema) {
                if doc.value.get(req).is_none() {
                    self.errors.push(located(
                        FieldError::new(
                            req,
                            ErrorType::Required,
                            Json::Null,
                            format!("`{req}` is required"),
                        ),
                        doc.location,
                    ));
                }
            }
        }
    }

    fn check_spec(&mut self, spec: &Node, schema: &Schema) {
        let Value::Map(entries) = &spec.value else {
            self.errors.push(located(
                FieldError::new(
                    "spec",
                    ErrorType::TypeInvalid,
                    Json::Null,
                    format!(
                        "expected a mapping (a cluster spec), found {}",
                        describe(&spec.value)
                    ),
                ),
                spec.location,
            ));
            return;
        };
        self.locations.insert("spec".into(), spec.location);
        for (k, v) in entries {
            let Some(key) = k.value.as_str() else {
                self.errors.push(located(
                    FieldError::new(
                        "spec",
                        ErrorType::TypeInvalid,
                        k.value.to_json(),
                        "field names must be strings",
                    ),
                    k.location,
                ));
                continue;
            };
            let path = format!("spec.{key}");
            self.locations.insert(path.clone(), v.location);
            match schema.property(key) {
                Some(s) => self.check(v, s, &path),
                None if model::KOPS_CLUSTER_SPEC_FIELDS.contains(&key) => {}
                None => {
                    let mut known: Vec<&str> = model::KOPS_CLUSTER_SPEC_FIELDS.to_vec();
                    known.extend(schema.properties.iter().map(|(name, _)| name.as_str()));
                    let hint = match belongs_under(key) {
                        Some(place) => format!(" (`{key}` belongs under {place})"),
                        None => suggestion(key, known.iter().copied()),
                    };
                    self.warnings.push(Warning::new(
                        path,
                        format!(
                            "unknown field `{key}` is not a kOps cluster spec field and is ignored{hint}"
                        ),
                    ));
                }
            }
        }
    }

    fn check(&mut self, node: &Node, schema: &Schema, path: &str) {
        if let Some(branches) = &schema.any_of {
            if matches!(node.value, Value::Null) && allows_null(schema) {
                return;
            }
            for b in branches {
                let mut scratch_errors = Vec::new();
                let mut scratch_warnings = Vec::new();
                let mut scratch_locations = BTreeMap::new();
                let mut c = Checker {
                    errors: &mut scratch_errors,
                    warnings: &mut scratch_warnings,
                    locations: &mut scratch_locations,
                };
                c.check(node, b, path);
                if scratch_errors.is_empty() {
                    self.warnings.extend(scratch_warnings);
                    self.locations.extend(scratch_locations);
                    return;
                }
                // A branch of the right shape gives the most precise errors.
                if types_of(b).iter().any(|t| shape_matches(t, &node.value)) {
                    self.errors.extend(scratch_errors);
                    return;
                }
            }
            let expected = if has_pattern(schema) {
                "a Kubernetes quantity (such as 250m, 0.5 or 1)".to_string()
            } else {
                branches
                    .iter()
                    .flat_map(types_of)
                    .filter(|t| *t != "null")
                    .map(type_phrase)
                    .collect::<Vec<_>>()
                    .join(" or ")
            };
            self.type_error(node, path, &expected);
            return;
        }
        let types = types_of(schema);
        if types.is_empty() {
            return;
        }
        if matches!(node.value, Value::Null) {
            if types.contains(&"null") {
                return;
            }
            let expected = types.iter().map(|t| type_phrase(t)).collect::<Vec<_>>();
            self.type_error(node, path, &expected.join(" or "));
            return;
        }
        let Some(ty) = types
            .iter()
            .find(|t| shape_matches(t, &node.value))
            .copied()
        else {
            let expected: Vec<String> = types
                .iter()
                .filter(|t| **t != "null")
                .map(|t| type_phrase(t))
                .collect();
            self.type_error(node, path, &expected.join(" or "));
            return;
        };
        match (&node.value, ty) {
            (Value::Int(i), "integer") => self.check_range(node, *i, schema, path),
            (Value::Str(s), "string") => {
                if let Some(p) = &schema.pattern {
                    if !p.is_match(s) {
                        self.errors.push(located(
                            FieldError::new(
                                path,
                                ErrorType::Invalid,
                                Json::String(s.clone()),
                                format!(
                                    "{s:?} is not a Kubernetes quantity (examples: 250m, 0.5, 1)"
                                ),
                            ),
                            node.location,
                        ));
                    }
                }
            }
            (Value::Seq(items), "array") => {
                if let Some(item_schema) = &schema.items {
                    for (i, item) in items.iter().enumerate() {
                        let p = format!("{path}[{i}]");
                        self.locations.insert(p.clone(), item.location);
                        self.check(item, item_schema, &p);
                    }
                }
            }
            (Value::Map(entries), "object") => self.check_object(node, entries, schema, path),
            _ => {}
        }
    }

    fn check_object(&mut self, node: &Node, entries: &[(Node, Node)], schema: &Schema, path: &str) {
        for (k, v) in entries {
            let Some(key) = k.value.as_str() else {
                self.errors.push(located(
                    FieldError::new(
                        path,
                        ErrorType::TypeInvalid,
                        k.value.to_json(),
                        format!("field names must be strings, found {}", describe(&k.value)),
                    ),
                    k.location,
                ));
                continue;
            };
            let child = format!("{path}.{key}");
            self.locations.insert(child.clone(), v.location);
            if let Some(s) = schema.property(key) {
                self.check(v, s, &child);
            } else {
                match &schema.additional {
                    Some(Additional::Allowed(false)) => {
                        self.unknown_field(&child, path, key, k.location, schema)
                    }
                    Some(Additional::Schema(s)) => self.check(v, s, &child),
                    Some(Additional::Allowed(true)) | None => {}
                }
            }
        }
        for req in required(schema) {
            if node.value.get(req).is_none() {
                self.errors.push(located(
                    FieldError::new(
                        format!("{path}.{req}"),
                        ErrorType::Required,
                        Json::Null,
                        format!("`{req}` is required in {path}"),
                    ),
                    node.location,
                ));
            }
        }
    }

    fn unknown_field(
        &mut self,
        child: &str,
        parent: &str,
        key: &str,
        location: Location,
        schema: &Schema,
    ) {
        let known = schema.properties.iter().map(|(name, _)| name.as_str());
        let place = if parent.is_empty() {
            "here".to_string()
        } else {
            format!("in {parent}")
        };
        let hint = match belongs_under(key) {
            Some(under) if under != parent => format!(" (`{key}` belongs under {under})"),
            _ => suggestion(key, known),
        };
        self.errors.push(located(
            FieldError::new(
                child,
                ErrorType::NotSupported,
                Json::String(key.to_string()),
                format!("unknown field `{key}` {place}{hint}"),
            ),
            location,
        ));
    }

    fn check_range(&mut self, node: &Node, value: i128, schema: &Schema, path: &str) {
        let (mut min, mut max) = match schema.format.as_deref() {
            Some("int32") => (i32::MIN as i128, i32::MAX as i128),
            Some("uint32") => (0, u32::MAX as i128),
            Some("int64") => (i64::MIN as i128, i64::MAX as i128),
            Some("uint64") | Some("uint") => (0, u64::MAX as i128),
            _ => (i64::MIN as i128, u64::MAX as i128),
        };
        if let Some(m) = schema.minimum {
            min = min.max(m as i128);
        }
        if let Some(m) = schema.maximum {
            max = max.min(m as i128);
        }
        if value < min || value > max {
            self.errors.push(located(
                FieldError::new(
                    path,
                    ErrorType::Invalid,
                    node.value.to_json(),
                    format!("{value} is out of range: expected an integer from {min} to {max}"),
                ),
                node.location,
            ));
        }
    }

    fn type_error(&mut self, node: &Node, path: &str, expected: &str) {
        let whole: String;
        let hint = match (&node.value, expected) {
            (Value::Int(_) | Value::Float(_) | Value::Bool(_), e) if e.starts_with("a string") => {
                "; quote the value to make it a string"
            }
            (Value::Str(s), "a boolean") if s == "true" || s == "false" => {
                "; write true or false without quotes"
            }
            (Value::Str(s), "an integer") if s.trim().parse::<i64>().is_ok() => {
                "; write the number without quotes"
            }
            (Value::Float(f), "an integer") if f.fract() == 0.0 && f.abs() < 1e15 => {
                whole = format!("; write {}", *f as i64);
                &whole
            }
            (Value::Str(_), "an integer") if path.ends_with(".mtu") => {
                "; omit it, or write 0, to auto-detect the MTU"
            }
            _ => "",
        };
        self.errors.push(located(
            FieldError::new(
                path,
                ErrorType::TypeInvalid,
                node.value.to_json(),
                format!("expected {expected}, found {}{hint}", describe(&node.value)),
            ),
            node.location,
        ));
    }
}

/// Where a field the user put at the wrong level belongs: the Calico
/// block, if `key` is one of its fields.
fn belongs_under(key: &str) -> Option<&'static str> {
    fn child<'a>(schema: &'a Schema, name: &str) -> Option<&'a Schema> {
        schema.property(name).or_else(|| {
            schema
                .any_of
                .iter()
                .flatten()
                .find_map(|branch| branch.property(name))
        })
    }
    let spec = schema::spec_schema().ok()?;
    let calico = child(child(spec, "networking")?, "calico")?;
    child(calico, key).map(|_| "spec.networking.calico")
}

fn required(schema: &Schema) -> impl Iterator<Item = &str> {
    schema.required.iter().map(String::as_str)
}

fn allows_null(schema: &Schema) -> bool {
    match &schema.any_of {
        Some(b) => b.iter().any(|s| types_of(s).contains(&"null")),
        None => types_of(schema).contains(&"null"),
    }
}

/// Whether a schema (or a nested `anyOf` branch) constrains strings with a
/// pattern; in the spec's schema only quantities do.
fn has_pattern(schema: &Schema) -> bool {
    schema.pattern.is_some() || schema.any_of.iter().flatten().any(has_pattern)
}

/// The JSON types a schema admits, looking into nested `anyOf`s.
fn types_of(schema: &Schema) -> Vec<&str> {
    match (&schema.types, &schema.any_of) {
        (Some(ts), _) => ts.iter().map(String::as_str).collect(),
        (None, Some(branches)) => branches.iter().flat_map(types_of).collect(),
        (None, None) => Vec::new(),
    }
}

fn shape_matches(ty: &str, value: &Value) -> bool {
    matches!(
        (ty, value),
        ("null", Value::Null)
            | ("boolean", Value::Bool(_))
            | ("integer", Value::Int(_))
            | ("number", Value::Int(_) | Value::Float(_))
            | ("string", Value::Str(_))
            | ("array", Value::Seq(_))
            | ("object", Value::Map(_))
    )
}

fn type_phrase(ty: &str) -> String {
    match ty {
        "null" => "null",
        "boolean" => "a boolean",
        "integer" => "an integer",
        "number" => "a number",
        "string" => "a string",
        "array" => "a list",
        "object" => "a mapping",
        other => other,
    }
    .to_string()
}

/// Describes a value for an error message: its type and a short rendering.
fn describe(value: &Value) -> String {
    let text = match value {
        Value::Str(s) => {
            let short: String = s.chars().take(40).collect();
            let more = if s.chars().count() > 40 { "…" } else { "" };
            format!(" {:?}", format!("{short}{more}"))
        }
        Value::Int(i) => format!(" {i}"),
        Value::Float(f) => format!(" {f}"),
        Value::Bool(b) => format!(" {b}"),
        _ => String::new(),
    };
    let name = match value {
        Value::Float(f) if f.fract() == 0.0 && f.abs() > 9.2e18 => "integer beyond 64 bits",
        v => v.type_name(),
    };
    format!("{name}{text}")
}

/// " (did you mean `x`?)" when a known name is close to `key`.
pub(crate) fn suggestion<'a>(key: &str, known: impl Iterator<Item = &'a str>) -> String {
    // A key far longer than any field name is no typo, and comparing a key
    // of megabytes with every known name takes seconds (found by the
    // bad-input table: an explicit `? <8 MiB key>` took 20 s).
    if key.len() > 128 {
        return String::new();
    }
    let lower = key.to_ascii_lowercase();
    known
        .map(|k| (strsim::jaro_winkler(&lower, &k.to_ascii_lowercase()), k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default()
}
