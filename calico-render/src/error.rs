//! What can go wrong while rendering. Every variant but
//! [`RenderError::Release`] is a bug in calico-render (or in the CRD model
//! it embeds), never a problem with the user's spec: a
//! [`ResolvedSpec`](calico_spec::ResolvedSpec) of a known release always
//! renders.

/// Any error of the pipeline, parse → resolve → render, for callers that
/// use `?` across it. It prints as the CLI prints, without the file name:
/// `line:column: path: message`, one line per error.
///
/// ```
/// fn manifest(yaml: &str) -> Result<calico_render::Manifest, calico_render::Error> {
///     let parsed = calico_spec::parse_str(yaml)?;
///     let resolved = calico_spec::resolve(&parsed, &Default::default())?;
///     Ok(calico_render::render(&resolved)?)
/// }
/// assert!(manifest("networking: {calico: {}}").is_ok());
/// let err = manifest("networking:\n  calico:\n    ipipMode: Sometimes\n").unwrap_err();
/// assert!(err.to_string().starts_with("3:15: spec.networking.calico.ipipMode: unsupported value"));
/// let err = manifest("networking:\n  calico:\n    mtu: auto\n").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "3:10: spec.networking.calico.mtu: expected an integer, found string \"auto\"; omit it, or write 0, to auto-detect the MTU"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input is not a spec (syntax, unknown fields, types, ranges).
    #[error(transparent)]
    Parse(#[from] calico_spec::ParseError),
    /// The spec breaks kOps's or calico-render's rules.
    #[error(transparent)]
    Invalid(#[from] calico_spec::Invalid),
    /// Rendering failed (a bug, or a release calico-render does not know).
    #[error(transparent)]
    Render(#[from] RenderError),
}

/// Why a manifest could not be produced.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
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
    /// The operator profile's objects could not be made as planned (a
    /// custom resource that does not serialize, or an Installation that
    /// breaks the operator's rules).
    #[error("bug: operator profile: {detail}")]
    Operator {
        /// What was wrong.
        detail: String,
    },
    /// The embedded CustomResourceDefinitions are not what the release
    /// table plans.
    #[error("bug: CustomResourceDefinitions: {detail}")]
    Crd {
        /// What was wrong.
        detail: String,
    },
}
