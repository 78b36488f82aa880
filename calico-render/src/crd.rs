//! The CustomResourceDefinitions step: the CRD objects `calico-api` builds,
//! written as YAML and checked at build time (`build.rs`), embedded in the
//! library, and matched against the plan once per process.
//!
//! Their parsed values (needed only for JSON output, diff and KRM) are read
//! from embedded JSON text on first use.

use crate::error::RenderError;
use crate::manifest::{ManifestObject, ObjectValue, Text};
use crate::plan;
use calico_spec::CalicoMinor;
use serde_json::Value;
use std::sync::OnceLock;

pub(crate) const CRD_API_VERSION: &str = "apiextensions.k8s.io/v1";
pub(crate) const CRD_KIND: &str = "CustomResourceDefinition";

/// One CRD as `build.rs` wrote and checked it.
pub(crate) struct CrdText {
    /// `metadata.name`.
    pub name: &'static str,
    /// The YAML document.
    pub yaml: &'static str,
    /// The object as compact JSON.
    pub json: &'static str,
}

mod generated {
    use super::CrdText;
    include!(concat!(env!("OUT_DIR"), "/crds.rs"));
}

/// The CRDs of `minor`, in manifest order.
fn texts(minor: CalicoMinor) -> &'static [CrdText] {
    match minor {
        CalicoMinor::V3_31 => generated::V3_31,
    }
}

/// The CRD objects for `minor`, made on first use and shared afterwards.
pub(crate) fn crd_objects(minor: CalicoMinor) -> Result<&'static [ManifestObject], RenderError> {
    static V3_31: OnceLock<Result<Vec<ManifestObject>, RenderError>> = OnceLock::new();
    let cell = match minor {
        CalicoMinor::V3_31 => &V3_31,
    };
    match cell.get_or_init(|| build(minor)) {
        Ok(objects) => Ok(objects),
        Err(e) => Err(e.clone()),
    }
}

/// The embedded CRDs as manifest objects, held to the plan's names.
pub(crate) fn build(minor: CalicoMinor) -> Result<Vec<ManifestObject>, RenderError> {
    let docs = texts(minor);
    let names = plan::crd_names(minor);
    if docs.len() != names.len() {
        return Err(RenderError::Crd {
            detail: format!(
                "calico-api gives {} CRDs, the plan has {}",
                docs.len(),
                names.len()
            ),
        });
    }
    docs.iter()
        .zip(names)
        .enumerate()
        .map(|(index, (CrdText { name, yaml, .. }, planned))| {
            if name != planned {
                return Err(RenderError::Crd {
                    detail: format!("CRD #{} is {name}, the plan has {planned}", index + 1),
                });
            }
            Ok(ManifestObject {
                api_version: CRD_API_VERSION.to_string(),
                kind: CRD_KIND.to_string(),
                namespace: None,
                name: name.to_string(),
                value: ObjectValue::crd(minor, index),
                yaml: Text::Static(yaml),
            })
        })
        .collect()
}

/// The parsed CRD objects of `minor`, read from the embedded JSON once per
/// process. The text was produced and checked at build time, so it parses;
/// should it not, every value is `null` (and the unit tests fail).
pub(crate) fn crd_values(minor: CalicoMinor) -> &'static [Value] {
    static V3_31: OnceLock<Vec<Value>> = OnceLock::new();
    let cell = match minor {
        CalicoMinor::V3_31 => &V3_31,
    };
    cell.get_or_init(|| parse_values(minor))
}

pub(crate) fn parse_values(minor: CalicoMinor) -> Vec<Value> {
    texts(minor)
        .iter()
        .map(|doc| serde_json::from_str(doc.json).unwrap_or(Value::Null))
        .collect()
}

/// CRD number `index` of `minor` as compact JSON (checked at build time to
/// read back as the object).
pub(crate) fn crd_json(minor: CalicoMinor, index: usize) -> &'static str {
    texts(minor).get(index).map_or("null", |doc| doc.json)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::{emit, integrity};

    /// The text embedded at build time is what `calico-api` and the YAML
    /// writer give now, and passes the read-back check.
    #[test]
    fn embedded_crds_match_a_fresh_generation() {
        let minor = CalicoMinor::V3_31;
        let fresh = calico_api::crds(calico_api::CalicoMinor::V3_31);
        let objects = crd_objects(minor).unwrap();
        assert_eq!(objects.len(), fresh.len());
        assert_eq!(crd_values(minor), fresh);
        for (object, value) in objects.iter().zip(fresh) {
            assert_eq!(object.yaml(), emit::to_yaml(value), "{}", object.name);
            let expected = integrity::Expected {
                api_version: CRD_API_VERSION,
                kind: CRD_KIND,
                namespace: None,
                name: &object.name,
            };
            assert_eq!(
                &integrity::read_back(object.yaml(), expected).unwrap(),
                value
            );
            assert_eq!(&*object.value, value);
        }
    }
}
