//! The rendered manifest: ordered objects, each with its parsed value and
//! its YAML text, and the output forms.

use calico_spec::CalicoMinor;
use serde_json::{json, Value};
use std::fmt;
use std::io::{self, Write};
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

/// An object's parsed value, made when first used.
///
/// Writing YAML needs only the text, so a render does not build values:
/// a templated object's value is parsed from its (already checked) YAML
/// text on first access, a CRD's comes from the CRDs parsed once per
/// process. It dereferences to a [`serde_json::Value`].
#[derive(Clone)]
pub struct ObjectValue(Arc<Lazy>);

enum Lazy {
    /// A templated document: its checked text, parsed on first use.
    Text { text: Text, value: OnceLock<Value> },
    /// CRD number `index` of a Calico minor.
    Crd { minor: CalicoMinor, index: usize },
}

impl ObjectValue {
    /// A templated object whose value is parsed from `text` when needed.
    pub(crate) fn from_text(text: Text) -> Self {
        ObjectValue(Arc::new(Lazy::Text {
            text,
            value: OnceLock::new(),
        }))
    }

    /// A templated object whose value is already known.
    pub(crate) fn ready(text: Text, value: Value) -> Self {
        ObjectValue(Arc::new(Lazy::Text {
            text,
            value: OnceLock::from(value),
        }))
    }

    pub(crate) fn crd(minor: CalicoMinor, index: usize) -> Self {
        ObjectValue(Arc::new(Lazy::Crd { minor, index }))
    }

    /// Appends the value as pretty JSON, `depth` levels deep. A CRD's is
    /// laid out from its embedded compact JSON, without being parsed.
    fn write_pretty_json(&self, out: &mut Vec<u8>, depth: usize) -> io::Result<()> {
        match &*self.0 {
            Lazy::Crd { minor, index } => {
                crate::json::pretty_into(out, crate::crd::crd_json(*minor, *index), depth)
            }
            Lazy::Text { .. } => {
                crate::json::pretty_into(out, &serde_json::to_string(self.get())?, depth)
            }
        }
        Ok(())
    }

    /// The value.
    pub fn get(&self) -> &Value {
        match &*self.0 {
            Lazy::Text { text, value } => {
                value.get_or_init(|| crate::integrity::parse_checked(text))
            }
            Lazy::Crd { minor, index } => crate::crd::crd_values(*minor)
                .get(*index)
                .unwrap_or(&Value::Null),
        }
    }
}

impl Deref for ObjectValue {
    type Target = Value;
    fn deref(&self) -> &Value {
        self.get()
    }
}

impl AsRef<Value> for ObjectValue {
    fn as_ref(&self) -> &Value {
        self.get()
    }
}

impl PartialEq for ObjectValue {
    /// Equal values. The same text (or the same CRD) is the same value, so
    /// comparing unchanged objects (as `diff` does) parses nothing.
    fn eq(&self, other: &Self) -> bool {
        if Arc::ptr_eq(&self.0, &other.0) {
            return true;
        }
        match (&*self.0, &*other.0) {
            (Lazy::Text { text: a, .. }, Lazy::Text { text: b, .. }) if a == b => true,
            (Lazy::Crd { minor: a, index: i }, Lazy::Crd { minor: b, index: j })
                if a == b && i == j =>
            {
                true
            }
            _ => self.get() == other.get(),
        }
    }
}

impl fmt::Debug for ObjectValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.get(), f)
    }
}

/// One Kubernetes object of a [`Manifest`].
///
/// The value and the text are shared (`Arc`): the CustomResourceDefinitions
/// are made once per process and every manifest refers to the same copies.
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
    /// The object as read back from its YAML text (parsed on first use).
    pub value: ObjectValue,
    pub(crate) yaml: Text,
}

/// An object's YAML text: embedded in the library (the CRDs, the objects
/// that do not depend on the spec) or rendered.
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

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
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
    ///
    /// The documents are handed to `w` together as one vectored write
    /// (`writev` for a file or stdout), so `w` needs no buffer of its own.
    pub fn write_yaml<W: Write>(&self, mut w: W) -> io::Result<()> {
        let mut slices: Vec<io::IoSlice<'_>> = self
            .objects
            .iter()
            .flat_map(|o| {
                [
                    io::IoSlice::new(b"---\n"),
                    io::IoSlice::new(o.yaml.as_bytes()),
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
        let mut out = String::with_capacity(self.objects.iter().map(|o| o.yaml.len() + 4).sum());
        for object in &self.objects {
            out.push_str("---\n");
            out.push_str(&object.yaml);
        }
        out
    }

    /// The manifest as one `v1` `List` holding every object (a copy of
    /// every value; to write it, [`write_json`](Self::write_json) copies
    /// nothing).
    pub fn to_json_list(&self) -> Value {
        let items: Vec<Value> = self.objects.iter().map(|o| o.value.get().clone()).collect();
        json!({ "apiVersion": "v1", "kind": "List", "items": items })
    }

    /// Writes [`to_json_list`](Self::to_json_list) as pretty JSON and a
    /// final newline (the bytes of `serde_json::to_string_pretty`), copying
    /// no value: the CRDs are laid out from their embedded compact JSON,
    /// the other objects serialized from their values.
    ///
    /// ```
    /// let parsed = calico_spec::parse_str("networking: {calico: {}}")?;
    /// let resolved = calico_spec::resolve(&parsed, &calico_spec::Options::default())
    ///     .map_err(|invalid| format!("{:?}", invalid.errors))?;
    /// let manifest = calico_render::render(&resolved)?;
    /// let mut out = Vec::new();
    /// manifest.write_json(&mut out)?;
    /// let list: serde_json::Value = serde_json::from_slice(&out)?;
    /// assert_eq!(list, manifest.to_json_list());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_json<W: Write>(&self, mut w: W) -> io::Result<()> {
        let mut out: Vec<u8> = Vec::with_capacity(512 * 1024);
        out.extend_from_slice(
            b"{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"List\",\n  \"items\": [",
        );
        if self.objects.is_empty() {
            out.extend_from_slice(b"]\n}\n");
        } else {
            for (i, object) in self.objects.iter().enumerate() {
                out.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
                object.value.write_pretty_json(&mut out, 2)?;
            }
            out.extend_from_slice(b"\n  ]\n}\n");
        }
        w.write_all(&out)?;
        w.flush()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &'static str) -> ObjectValue {
        ObjectValue::from_text(Text::Static(s))
    }

    #[test]
    fn values_compare_by_value_whatever_the_text() {
        assert_eq!(text("a: x\n"), text("a: x\n"));
        assert_eq!(text("a: x\n"), text("a: \"x\"\n"));
        assert_ne!(text("a: x\n"), text("a: y\n"));
        assert_ne!(text("a: 1\n"), text("a: \"1\"\n"));
        let crd = ObjectValue::crd(CalicoMinor::V3_31, 0);
        assert_eq!(crd, ObjectValue::crd(CalicoMinor::V3_31, 0));
        assert_ne!(crd, ObjectValue::crd(CalicoMinor::V3_31, 1));
    }
}
