//! The CustomResourceDefinitions step: the CRD objects `calico-api` builds
//! for each release, written as YAML and JSON and checked at build time
//! (`build.rs`), embedded in the library, and made into manifest objects
//! once per process and release.

use crate::error::RenderError;
use crate::manifest::{ManifestObject, Text};
use calico_spec::Release;
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
    use super::{CrdText, Release};
    include!(concat!(env!("OUT_DIR"), "/crds.rs"));
}

/// Where `release`'s CRDs are in the embedded table, and the CRDs.
fn entry(release: Release) -> Result<(usize, &'static [CrdText]), RenderError> {
    generated::CRDS
        .iter()
        .enumerate()
        .find(|(_, (r, _))| *r == release)
        .map(|(index, (_, texts))| (index, *texts))
        .ok_or_else(|| match release.facts() {
            Err(e) => RenderError::Release(e),
            Ok(_) => RenderError::Crd {
                detail: format!("the build embedded no CRDs for Calico {release}"),
            },
        })
}

/// The CRD objects of `release`, made on first use and shared afterwards
/// (their values too, parsed when first asked for).
pub(crate) fn crd_objects(release: Release) -> Result<&'static [ManifestObject], RenderError> {
    static MADE: OnceLock<Vec<OnceLock<Vec<ManifestObject>>>> = OnceLock::new();
    let (index, texts) = entry(release)?;
    let cells = MADE.get_or_init(|| generated::CRDS.iter().map(|_| OnceLock::new()).collect());
    let cell = cells.get(index).ok_or_else(|| RenderError::Crd {
        detail: format!("bug: no CRD cache entry #{index} for Calico {release}"),
    })?;
    Ok(cell.get_or_init(|| objects(texts)))
}

/// The embedded CRDs of `release` as new manifest objects (what the first
/// render of a release in a process does; for the benchmarks).
pub(crate) fn build(release: Release) -> Result<Vec<ManifestObject>, RenderError> {
    entry(release).map(|(_, texts)| objects(texts))
}

fn objects(texts: &'static [CrdText]) -> Vec<ManifestObject> {
    texts
        .iter()
        .map(|crd| {
            ManifestObject::new(
                CRD_API_VERSION,
                CRD_KIND,
                None,
                crd.name,
                Text::Static(crd.yaml),
                Some(crd.json),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The text embedded at build time is what `calico-api` gives now, in
    /// the release table's order, and both texts read back as the object.
    #[test]
    fn embedded_crds_match_a_fresh_generation() {
        for facts in calico_release::RELEASES {
            let fresh = calico_api::crds(facts.release).unwrap();
            let objects = crd_objects(facts.release).unwrap();
            let names: Vec<&str> = objects.iter().map(|o| o.name.as_str()).collect();
            assert_eq!(names, facts.crds);
            assert_eq!(objects.len(), fresh.len());
            for (object, value) in objects.iter().zip(&fresh) {
                assert_eq!(object.value().unwrap(), value, "{}", object.name);
                let from_yaml =
                    crate::integrity::read_back(object.yaml(), object.expected()).unwrap();
                assert_eq!(&from_yaml, value, "{}", object.name);
            }
        }
    }

    #[test]
    fn an_unknown_release_is_an_error() {
        let err = crd_objects(Release::new(3, 99, 0)).unwrap_err();
        assert!(matches!(&err, RenderError::Release(_)), "{err:?}");
    }
}
