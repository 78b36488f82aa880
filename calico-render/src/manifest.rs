//! The rendered manifest: ordered objects, each carrying its YAML text (and
//! its value, parsed when first asked for), and the output forms.

use crate::error::RenderError;
use crate::integrity::{self, Expected};
use serde_json::Value;
use std::io::{self, Write};
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

/// One Kubernetes object of a [`Manifest`].
///
/// Writing YAML needs only the text, so a render builds no values: an
/// object's [`value`](Self::value) is parsed from its own text on first use
/// (a templated object's YAML, a CRD's embedded JSON) and kept. Clones
/// share the text and the value (`Arc`): the CustomResourceDefinitions are
/// made once per process and every manifest refers to the same copies.
#[derive(Clone, Debug)]
pub struct ManifestObject {
    /// `apiVersion`, e.g. `apps/v1`.
    pub api_version: String,
    /// `kind`, e.g. `DaemonSet`.
    pub kind: String,
    /// `metadata.namespace`, for namespaced objects.
    pub namespace: Option<String>,
    /// `metadata.name`.
    pub name: String,
    content: Arc<Content>,
}

#[derive(Debug)]
struct Content {
    yaml: Text,
    /// The same object as compact JSON, where the library embeds it (the
    /// CRDs): cheaper to parse than the YAML.
    json: Option<&'static str>,
    value: OnceLock<Result<Value, RenderError>>,
}

/// An object's YAML text: embedded in the library (the CRDs) or rendered.
#[derive(Clone, Debug)]
pub(crate) enum Text {
    Static(&'static str),
    Rendered(Arc<str>),
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Text::Static(s) => s,
            Text::Rendered(s) => s,
        }
    }
}

impl ManifestObject {
    pub(crate) fn new(
        api_version: &str,
        kind: &str,
        namespace: Option<&str>,
        name: &str,
        yaml: Text,
        json: Option<&'static str>,
    ) -> ManifestObject {
        ManifestObject {
            api_version: api_version.to_string(),
            kind: kind.to_string(),
            namespace: namespace.map(str::to_string),
            name: name.to_string(),
            content: Arc::new(Content {
                yaml,
                json,
                value: OnceLock::new(),
            }),
        }
    }

    /// The object's YAML document (without a `---` line), ending in a newline.
    pub fn yaml(&self) -> &str {
        &self.content.yaml
    }

    /// The object's value: its text parsed (serde-saphyr, duplicate keys
    /// refused, or serde_json for embedded JSON) on first use, and held to
    /// the object's identity. An error here is a bug in calico-render.
    ///
    /// ```
    /// let parsed = calico_spec::parse_str("networking: {calico: {}}")?;
    /// let resolved = calico_spec::resolve(&parsed, &Default::default())
    ///     .map_err(|invalid| format!("{:?}", invalid.errors))?;
    /// let manifest = calico_render::render(&resolved)?;
    /// let node = manifest.objects().iter().find(|o| o.name == "calico-node" && o.kind == "DaemonSet");
    /// let value = node.ok_or("no calico-node")?.value()?;
    /// assert_eq!(value["spec"]["template"]["spec"]["hostNetwork"], true);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn value(&self) -> Result<&Value, RenderError> {
        let content = &*self.content;
        content
            .value
            .get_or_init(|| {
                let expected = self.expected();
                let value = match content.json {
                    Some(json) => serde_json::from_str(json)
                        .map_err(|e| format!("its embedded JSON does not parse: {e}"))
                        .and_then(|v| integrity::check(&v, expected).map(|()| v)),
                    None => integrity::read_back(&content.yaml, expected),
                };
                value.map_err(|detail| RenderError::Value {
                    object: expected.describe(),
                    detail,
                })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Whether the two objects have the same content: the same text, or
    /// equal values.
    pub fn same_content(&self, other: &ManifestObject) -> Result<bool, RenderError> {
        if Arc::ptr_eq(&self.content, &other.content) || self.yaml() == other.yaml() {
            return Ok(true);
        }
        Ok(self.value()? == other.value()?)
    }

    /// The identity the object was planned with.
    pub(crate) fn expected(&self) -> Expected<'_> {
        Expected {
            api_version: &self.api_version,
            kind: &self.kind,
            namespace: self.namespace.as_deref(),
            name: &self.name,
        }
    }

    /// The file name for the object at 1-based `position`, e.g.
    /// `007-configmap-calico-config.yaml`.
    fn file_name(&self, position: usize) -> String {
        format!(
            "{position:03}-{}-{}.yaml",
            self.kind.to_ascii_lowercase(),
            self.name
        )
    }
}

impl PartialEq for ManifestObject {
    /// The same identity and the same YAML text.
    fn eq(&self, other: &Self) -> bool {
        self.api_version == other.api_version
            && self.kind == other.kind
            && self.namespace == other.namespace
            && self.name == other.name
            && self.yaml() == other.yaml()
    }
}

/// The two parts of a manifest, applied in this order: the install (every
/// object of a built-in kind, and the CRDs), then the custom resources
/// (objects of kinds a CRD defines: Calico's and the operator's), which
/// the API server takes only once their CRDs are established. In the
/// operator profile the operator creates those CRDs itself.
///
/// ```
/// use calico_render::Part;
/// let parsed = calico_spec::parse_str("profile: operator\nnetworking: {calico: {}}")?;
/// let resolved = calico_spec::resolve(&parsed, &Default::default())?;
/// let manifest = calico_render::render(&resolved)?;
/// let install = manifest.part(Part::Install);
/// assert_eq!(install.objects().last().map(|o| o.kind.as_str()), Some("Deployment"));
/// let resources = manifest.part(Part::Resources);
/// assert_eq!(resources.objects()[0].kind, "Installation");
/// assert_eq!(install.objects().len() + resources.objects().len(), manifest.objects().len());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Part {
    /// Namespaces, RBAC, workloads, ConfigMaps, CRDs.
    Install,
    /// Objects of the kinds the CRDs define.
    Resources,
}

impl Part {
    /// Both parts, in apply order.
    pub const ALL: [Part; 2] = [Part::Install, Part::Resources];

    /// The spelling on the command line: `install`, `resources`.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Install => "install",
            Part::Resources => "resources",
        }
    }
}

impl std::str::FromStr for Part {
    type Err = String;

    fn from_str(s: &str) -> Result<Part, String> {
        Part::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| {
                format!("unknown part {s:?}: the parts are \"install\" and \"resources\"")
            })
    }
}

/// API groups whose kinds CRDs define.
const CUSTOM_GROUPS: [&str; 2] = ["crd.projectcalico.org/", "operator.tigera.io/"];

impl ManifestObject {
    /// The part the object belongs to.
    pub fn part(&self) -> Part {
        if CUSTOM_GROUPS
            .iter()
            .any(|g| self.api_version.starts_with(g))
        {
            Part::Resources
        } else {
            Part::Install
        }
    }
}

/// An ordered list of Kubernetes objects, in the order they must be applied.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Manifest {
    pub(crate) objects: Vec<ManifestObject>,
}

fn list_error(e: serde_json::Error) -> RenderError {
    RenderError::Value {
        object: "the List".to_string(),
        detail: format!("does not serialize as JSON: {e}"),
    }
}

/// The JSON form of a manifest: one `v1` `List`.
#[derive(serde::Serialize)]
struct List<'a> {
    #[serde(rename = "apiVersion")]
    api_version: &'static str,
    kind: &'static str,
    items: Vec<&'a Value>,
}

impl Manifest {
    /// The objects, in order.
    pub fn objects(&self) -> &[ManifestObject] {
        &self.objects
    }

    /// The objects of one part, in order (see [`Part`]).
    pub fn part(&self, part: Part) -> Manifest {
        Manifest {
            objects: self
                .objects
                .iter()
                .filter(|o| o.part() == part)
                .cloned()
                .collect(),
        }
    }

    /// Writes the manifest as a YAML stream: each document introduced by a
    /// `---` line. Byte-for-byte the same for the same input.
    ///
    /// The documents are handed to `w` together, as vectored writes (one
    /// `writev` for a file or stdout), without copying them into one buffer.
    pub fn write_yaml<W: Write>(&self, mut w: W) -> io::Result<()> {
        let mut slices: Vec<io::IoSlice<'_>> = self
            .objects
            .iter()
            .flat_map(|o| {
                [
                    io::IoSlice::new(b"---\n"),
                    io::IoSlice::new(o.yaml().as_bytes()),
                ]
            })
            .collect();
        let mut rest = &mut slices[..];
        while !rest.is_empty() {
            match w.write_vectored(rest) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => io::IoSlice::advance_slices(&mut rest, n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        w.flush()
    }

    /// The YAML stream of [`write_yaml`](Self::write_yaml) as a string.
    pub fn to_yaml(&self) -> String {
        let mut out = String::with_capacity(self.objects.iter().map(|o| o.yaml().len() + 4).sum());
        for object in &self.objects {
            out.push_str("---\n");
            out.push_str(object.yaml());
        }
        out
    }

    /// The manifest as one `v1` `List` holding every object.
    pub fn to_json_list(&self) -> Result<Value, RenderError> {
        serde_json::to_value(self.list()?).map_err(list_error)
    }

    /// [`to_json_list`](Self::to_json_list) as pretty JSON with a final
    /// newline (serde_json's pretty layout).
    ///
    /// ```
    /// let parsed = calico_spec::parse_str("networking: {calico: {}}")?;
    /// let resolved = calico_spec::resolve(&parsed, &Default::default())
    ///     .map_err(|invalid| format!("{:?}", invalid.errors))?;
    /// let manifest = calico_render::render(&resolved)?;
    /// let list: serde_json::Value = serde_json::from_str(&manifest.to_json()?)?;
    /// assert_eq!(list, manifest.to_json_list()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_json(&self) -> Result<String, RenderError> {
        let mut text = serde_json::to_string_pretty(&self.list()?).map_err(list_error)?;
        text.push('\n');
        Ok(text)
    }

    /// Every object's value, in a `List`.
    fn list(&self) -> Result<List<'_>, RenderError> {
        Ok(List {
            api_version: "v1",
            kind: "List",
            items: self
                .objects
                .iter()
                .map(ManifestObject::value)
                .collect::<Result<_, _>>()?,
        })
    }

    /// One YAML file per object, as `(file name, content)`. Names start with
    /// the zero-padded position, so that `kubectl apply -f DIR` (which reads
    /// a directory in name order) applies them in manifest order:
    /// `001-poddisruptionbudget-calico-kube-controllers.yaml`, ...
    pub fn files(&self) -> Vec<(String, String)> {
        self.objects
            .iter()
            .enumerate()
            .map(|(i, o)| (o.file_name(i + 1), o.yaml().to_string()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    fn object(yaml: &'static str) -> ManifestObject {
        ManifestObject::new("v1", "ConfigMap", None, "x", Text::Static(yaml), None)
    }

    #[test]
    fn content_compares_by_value_whatever_the_text() {
        let same = |a, b| object(a).same_content(&object(b)).unwrap();
        let base = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n";
        assert!(same(base, base));
        assert!(same(
            base,
            "apiVersion: \"v1\"\nkind: ConfigMap\nmetadata: {name: \"x\"}\n"
        ));
        assert!(!same(
            base,
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {}\n"
        ));
    }

    #[test]
    fn a_value_that_does_not_read_back_is_an_error_naming_the_object() {
        for (yaml, want) in [
            (
                "apiVersion: v1\nkind: Secret\nmetadata: {name: x}\n",
                "kind",
            ),
            (
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, name: y}\n",
                "not valid YAML",
            ),
        ] {
            match object(yaml).value() {
                Err(RenderError::Value { object, detail }) => {
                    assert_eq!(object, "v1 ConfigMap x");
                    assert!(detail.contains(want), "{detail}");
                }
                other => panic!("{yaml:?}: {other:?}"),
            }
        }
        let bad_json =
            ManifestObject::new("v1", "ConfigMap", None, "x", Text::Static(""), Some("{"));
        assert!(matches!(bad_json.value(), Err(RenderError::Value { .. })));
    }
}
