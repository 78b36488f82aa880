//! What can go wrong while rendering. Every variant is a bug in
//! calico-render (or in the CRD model it embeds), never a problem with the
//! user's spec: a [`ResolvedSpec`](calico_spec::ResolvedSpec) always renders.

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
    /// A rendered document did not read back as the planned object: not one
    /// YAML mapping, or a different apiVersion, kind, name or namespace, or
    /// the manifest did not hold the planned objects in the planned order.
    #[error("integrity check failed for object #{position} ({object}): {detail}")]
    Integrity {
        /// 1-based position in the manifest.
        position: usize,
        /// The planned object, e.g. `apps/v1 DaemonSet kube-system/calico-node`.
        object: String,
        /// What was wrong.
        detail: String,
    },
    /// The CustomResourceDefinitions from `calico-api` are not the planned set.
    #[error("CustomResourceDefinitions: {detail}")]
    Crd {
        /// What was wrong.
        detail: String,
    },
}
