//! What can go wrong while rendering. Every variant but
//! [`RenderError::Release`] is a bug in calico-render (or in the CRD model
//! it embeds), never a problem with the user's spec: a
//! [`ResolvedSpec`](calico_spec::ResolvedSpec) of a known release always
//! renders.

/// Why a manifest could not be produced.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// A template failed to compile or to render.
    #[error("template {template}: {detail}")]
    Template {
        /// The template's name, e.g. `calico-node-daemonset`.
        template: String,
        /// What minijinja reported.
        detail: String,
    },
    /// An object's text did not read back as the planned object (not one
    /// YAML mapping, a duplicate key, or a different apiVersion, kind, name
    /// or namespace), found when its value was first asked for.
    #[error("bug: {object} does not read back as planned: {detail}")]
    Value {
        /// The planned object, e.g. `apps/v1 DaemonSet kube-system/calico-node`.
        object: String,
        /// What was wrong.
        detail: String,
    },
    /// The spec asks for a Calico release calico-render does not know.
    #[error(transparent)]
    Release(#[from] calico_spec::ReleaseError),
    /// The embedded CustomResourceDefinitions are not what the release
    /// table plans.
    #[error("bug: CustomResourceDefinitions: {detail}")]
    Crd {
        /// What was wrong.
        detail: String,
    },
}
