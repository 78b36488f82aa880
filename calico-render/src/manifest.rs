//! The rendered manifest: ordered objects, each with its parsed value and
//! its YAML text, and the output forms.

use serde_json::{json, Value};
use std::io::{self, Write};
use std::sync::Arc;

/// One Kubernetes object of a [`Manifest`].
///
/// The value and the text are shared (`Arc`): the CustomResourceDefinitions
/// are built once per process and every manifest refers to the same copies.
#[derive(Clone, Debug, PartialEq)]
pub struct ManifestObject {
    /// `apiVersion`, e.g. `apps/v1`.
    pub api_version: String,
    /// `kind`, e.g. `DaemonSet`.
    pub kind: String,
    /// `metadata.namespace`, for namespaced objects.
    pub namespace: Option<String>,
    /// `metadata.name`.
    pub name: String,
    /// The object as read back from its YAML text.
    pub value: Arc<Value>,
    pub(crate) yaml: Arc<str>,
}

impl ManifestObject {
    /// The object's YAML document (without a `---` line), ending in a newline.
    pub fn yaml(&self) -> &str {
        &self.yaml
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

/// An ordered list of Kubernetes objects, in the order they must be applied.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Manifest {
    pub(crate) objects: Vec<ManifestObject>,
}

impl Manifest {
    /// The objects, in order.
    pub fn objects(&self) -> &[ManifestObject] {
        &self.objects
    }

    /// Writes the manifest as a YAML stream: each document introduced by a
    /// `---` line. Byte-for-byte the same for the same input.
    pub fn write_yaml<W: Write>(&self, mut w: W) -> io::Result<()> {
        for object in &self.objects {
            w.write_all(b"---\n")?;
            w.write_all(object.yaml.as_bytes())?;
        }
        w.flush()
    }

    /// The YAML stream of [`write_yaml`](Self::write_yaml) as a string.
    pub fn to_yaml(&self) -> String {
        let mut out = String::with_capacity(self.objects.iter().map(|o| o.yaml.len() + 4).sum());
        for object in &self.objects {
            out.push_str("---\n");
            out.push_str(&object.yaml);
        }
        out
    }

    /// The manifest as one `v1` `List` holding every object.
    pub fn to_json_list(&self) -> Value {
        let items: Vec<Value> = self.objects.iter().map(|o| (*o.value).clone()).collect();
        json!({ "apiVersion": "v1", "kind": "List", "items": items })
    }

    /// One YAML file per object, as `(file name, content)`. Names start with
    /// the zero-padded position, so that `kubectl apply -f DIR` (which reads
    /// a directory in name order) applies them in manifest order:
    /// `001-poddisruptionbudget-calico-kube-controllers.yaml`, ...
    pub fn files(&self) -> Vec<(String, String)> {
        self.objects
            .iter()
            .enumerate()
            .map(|(i, o)| (o.file_name(i + 1), o.yaml.to_string()))
            .collect()
    }
}
