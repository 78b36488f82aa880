//! # calico-kustomize
//!
//! calico-render inside `kustomize build` and kpt:
//!
//! - [`krm`]: the KRM function protocol: a `config.kubernetes.io/v1`
//!   `ResourceList` in, the same list with the rendered Calico objects
//!   appended (and `results` for every error and warning) out;
//! - [`plugin`]: where kustomize looks for the legacy exec plugin of the
//!   `calico-render.dev/v1alpha1` `CalicoNetworking` kind.
#![warn(missing_docs)]

pub mod krm;
pub mod plugin;

use calico_render::Part;

/// The annotation of a `CalicoNetworking` config that selects one part of
/// the manifest (`install` or `resources`, as `--part` does): a pipeline
/// applies the install, waits for its CRDs, then applies the resources.
pub const PART_ANNOTATION: &str = "calico-render.dev/part";

/// The part a config's [`PART_ANNOTATION`] selects: `None` for the whole
/// manifest, an error message for a value that names no part.
///
/// ```
/// use calico_kustomize::part;
/// use calico_render::Part;
/// let config = serde_json::json!({"metadata": {"annotations": {"calico-render.dev/part": "install"}}});
/// assert_eq!(part(&config), Ok(Some(Part::Install)));
/// assert_eq!(part(&serde_json::json!({"metadata": {"name": "x"}})), Ok(None));
/// let bad = serde_json::json!({"metadata": {"annotations": {"calico-render.dev/part": "crds"}}});
/// assert!(part(&bad).unwrap_err().contains("\"install\" and \"resources\""));
/// ```
pub fn part(config: &serde_json::Value) -> Result<Option<Part>, String> {
    let Some(value) = config
        .pointer("/metadata/annotations")
        .and_then(|a| a.get(PART_ANNOTATION))
    else {
        return Ok(None);
    };
    match value.as_str() {
        Some(text) => text.parse().map(Some),
        None => Err(format!(
            "{PART_ANNOTATION} must be a string, \"install\" or \"resources\""
        )),
    }
}

/// The README's Rust examples, run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
