//! The CustomResourceDefinitions step: the CRD objects `calico-api` builds,
//! checked against the plan and written as YAML once per process.

use crate::error::RenderError;
use crate::integrity::{self, Expected};
use crate::manifest::ManifestObject;
use crate::{emit, plan};
use calico_spec::CalicoMinor;
use serde_json::Value;
use std::sync::{Arc, OnceLock};

const CRD_API_VERSION: &str = "apiextensions.k8s.io/v1";
const CRD_KIND: &str = "CustomResourceDefinition";

/// The CRD objects for `minor`, built on first use and shared afterwards.
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

fn api_minor(minor: CalicoMinor) -> calico_api::CalicoMinor {
    match minor {
        CalicoMinor::V3_31 => calico_api::CalicoMinor::V3_31,
    }
}

fn build(minor: CalicoMinor) -> Result<Vec<ManifestObject>, RenderError> {
    let values = calico_api::crds(api_minor(minor));
    let names = plan::crd_names(minor);
    if values.len() != names.len() {
        return Err(RenderError::Crd {
            detail: format!(
                "calico-api gives {} CRDs, the plan has {}",
                values.len(),
                names.len()
            ),
        });
    }
    values
        .iter()
        .zip(names)
        .map(|(value, name)| object(value, name))
        .collect()
}

/// One CRD: written as YAML, read back, and required to be the same value.
fn object(value: &Value, name: &str) -> Result<ManifestObject, RenderError> {
    let expected = Expected {
        api_version: CRD_API_VERSION,
        kind: CRD_KIND,
        namespace: None,
        name,
    };
    let fail = |detail: String| RenderError::Crd {
        detail: format!("{name}: {detail}"),
    };
    integrity::check(value, expected).map_err(fail)?;
    let yaml = emit::to_yaml(value);
    let back = integrity::read_back(&yaml, expected).map_err(fail)?;
    if &back != value {
        return Err(fail(
            "the YAML text does not read back as the object".to_string(),
        ));
    }
    Ok(ManifestObject {
        api_version: CRD_API_VERSION.to_string(),
        kind: CRD_KIND.to_string(),
        namespace: None,
        name: name.to_string(),
        value: Arc::new(back),
        yaml: Arc::from(yaml),
    })
}
