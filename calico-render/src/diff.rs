//! `calico-render diff`: what changes between two specs, and whether
//! applying the change is safe.

use crate::{Manifest, RenderError};

mod detail;

use calico_spec::transitions::{self, SettingChange};
use calico_spec::ResolvedSpec;
pub use detail::{details, Detail};
use serde::Serialize;

/// How an object differs between two manifests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ObjectChangeKind {
    /// Only in the new manifest.
    Added,
    /// Only in the old manifest (plain `kubectl apply` does not delete it).
    Removed,
    /// In both, with different content.
    Changed,
}

/// One object that differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectChange {
    /// `apiVersion`.
    pub api_version: String,
    /// `kind`.
    pub kind: String,
    /// `metadata.namespace` (null for cluster-scoped objects).
    pub namespace: Option<String>,
    /// `metadata.name`.
    pub name: String,
    /// What changed.
    pub change: ObjectChangeKind,
    /// For a changed object, what changed in it (see [`details`]).
    pub details: Vec<Detail>,
}

/// The whole comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diff {
    /// True when any setting change is disruptive.
    pub disruptive: bool,
    /// Every changed effective setting, classified.
    pub settings: Vec<SettingChange>,
    /// Every object added, removed or changed.
    pub objects: Vec<ObjectChange>,
    /// When the Calico release changes, or the change moves to or from the
    /// operator profile, the order to apply it in
    /// ([`calico_spec::upgrade::plan`]; `<new spec>` and `<old spec>` stand
    /// for the specs' files); empty otherwise.
    pub plan: Vec<String>,
}

/// Compares two resolved specs: their settings and their rendered manifests.
///
/// ```
/// let old = calico_spec::parse_str("networking: {calico: {}}").unwrap();
/// let new = calico_spec::parse_str("networking: {calico: {typhaReplicas: 2}}").unwrap();
/// let old = calico_spec::resolve(&old, &Default::default()).unwrap();
/// let new = calico_spec::resolve(&new, &Default::default()).unwrap();
/// let d = calico_render::diff::diff(&old, &new).unwrap();
/// assert!(d.disruptive);
/// assert!(d.objects.iter().any(|o| o.kind == "Deployment" && o.name == "calico-typha"));
/// ```
pub fn diff(old: &ResolvedSpec, new: &ResolvedSpec) -> Result<Diff, RenderError> {
    let old_manifest = crate::render(old)?;
    let new_manifest = crate::render(new)?;
    let settings = transitions::compare(old, new);
    Ok(Diff {
        disruptive: settings.iter().any(|s| s.disruptive),
        settings,
        objects: object_changes(&old_manifest, &new_manifest)?,
        plan: calico_spec::upgrade::plan(old, new),
    })
}

/// The objects that differ between two manifests: removed and changed in the
/// old manifest's order, then added in the new one's.
pub fn object_changes(old: &Manifest, new: &Manifest) -> Result<Vec<ObjectChange>, RenderError> {
    let key = |o: &crate::ManifestObject| {
        (
            o.api_version.clone(),
            o.kind.clone(),
            o.namespace.clone(),
            o.name.clone(),
        )
    };
    let change = |o: &crate::ManifestObject, change, details| ObjectChange {
        api_version: o.api_version.clone(),
        kind: o.kind.clone(),
        namespace: o.namespace.clone(),
        name: o.name.clone(),
        change,
        details,
    };
    let mut out = Vec::new();
    for o in old.objects() {
        match new.objects().iter().find(|n| key(n) == key(o)) {
            None => out.push(change(o, ObjectChangeKind::Removed, Vec::new())),
            Some(n) if !n.same_content(o)? => {
                let what = details(o.value()?, n.value()?);
                out.push(change(o, ObjectChangeKind::Changed, what));
            }
            Some(_) => {}
        }
    }
    for n in new.objects() {
        if !old.objects().iter().any(|o| key(o) == key(n)) {
            out.push(change(n, ObjectChangeKind::Added, Vec::new()));
        }
    }
    Ok(out)
}
