//! # calico-render
//!
//! Renders a [`ResolvedSpec`] (from `calico-spec`) into the Kubernetes
//! manifest that installs Calico, in the spec's release and profile: as
//! kOps's Calico addon does (the same objects, in the same order, with the
//! same fields and values, without the labels kOps adds after rendering),
//! as Calico's own published manifests are (`profile: upstream`), or as the
//! Tigera operator's install with the custom resources for the same cluster
//! (`profile: operator`).
//!
//! ```
//! let yaml = "
//! apiVersion: kops.k8s.io/v1alpha2
//! kind: Cluster
//! metadata: {name: demo.example.com}
//! spec:
//!   cloudProvider: aws
//!   networking:
//!     calico: {typhaReplicas: 2}
//! ";
//! let parsed = calico_spec::parse_str(yaml)?;
//! let resolved = calico_spec::resolve(&parsed, &calico_spec::Options::default())
//!     .map_err(|invalid| format!("{:?}", invalid.errors))?;
//! let manifest = calico_render::render(&resolved)?;
//!
//! // 15 objects of its own, 24 CRDs, and 3 more for Typha.
//! assert_eq!(manifest.objects().len(), 42);
//! let node = manifest.objects().iter().find(|o| o.kind == "DaemonSet").unwrap();
//! assert_eq!(node.name, "calico-node");
//! assert!(manifest.to_yaml().starts_with("---\napiVersion: policy/v1\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! How a manifest is made:
//! 1. the spec is reduced to a template context (`context.rs`): every value
//!    in its final form;
//! 2. the plan (`plan.rs`) lists the objects the spec yields, in kOps's
//!    order, each with its template and its identity;
//! 3. each object is rendered from a minijinja template embedded in the
//!    library (compiled when a render first needs it). Templates can print
//!    a value only through the `q` filter (strings become double-quoted,
//!    escaped YAML scalars; integers stay integers); printing anything else
//!    is a template error, so no input can add a key, a list item or a
//!    document;
//! 4. the operator profile's custom resources (Installation, APIServer,
//!    Goldmane, Whisker, FelixConfiguration) are typed values of
//!    `calico-api`, checked with the operator's own rules and written by
//!    serde-saphyr (`operator.rs`);
//! 5. the CustomResourceDefinitions of the spec's Calico release come from
//!    `calico-api`, written as YAML and JSON and checked at build time
//!    (`build.rs`), and embedded in the library;
//! 6. an object's [`ManifestObject::value`] is parsed from its own text when
//!    first asked for, and held to its planned identity. The tests hold
//!    every document of every fixture and of a generated set of specs to
//!    the same read-back (`tests/read_back.rs`).
//!
//! The output is deterministic: the same spec gives the same bytes.
#![warn(missing_docs)]

mod context;
mod crd;
pub mod diff;
mod error;
mod integrity;
mod manifest;
mod operator;
mod overlay;
mod plan;
mod quote;
mod templates;

pub use error::{Error, RenderError};
use manifest::Text;
pub use manifest::{Manifest, ManifestObject, Part};

use calico_spec::{Release, ResolvedSpec};
use minijinja::value::Value as JinjaValue;
use minijinja::{Environment, Error as JinjaError};
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// The templates. Build one with [`Renderer::new`] and reuse it, or use
/// [`render`], which keeps one per process.
///
/// A template is compiled when a render first needs it, once per
/// `Renderer`.
pub struct Renderer {
    env: Environment<'static>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer").finish_non_exhaustive()
    }
}

impl Default for Renderer {
    fn default() -> Self {
        Renderer::new()
    }
}

impl Renderer {
    /// A renderer of the embedded templates. Cheap: templates are compiled
    /// on first use.
    ///
    /// ```
    /// let renderer = calico_render::Renderer::new();
    /// let parsed = calico_spec::parse_str("networking: {calico: {}}")?;
    /// let resolved = calico_spec::resolve(&parsed, &Default::default())?;
    /// let manifest = renderer.render(&resolved)?;
    /// assert_eq!(manifest.objects()[0].kind, "PodDisruptionBudget");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new() -> Renderer {
        let mut env = templates::environment();
        env.set_loader(|name| Ok(templates::source(name)));
        Renderer { env }
    }

    /// A renderer of `templates` instead of the embedded ones (for tests).
    #[cfg(test)]
    fn with_templates(templates: &[(&'static str, &'static str)]) -> Result<Renderer, RenderError> {
        let env = templates::compile(templates).map_err(|(name, e)| template_error(name, &e))?;
        Ok(Renderer { env })
    }

    /// Compiles every embedded template now (for the benchmark of the
    /// once-per-process cost, and to find a broken template in tests).
    #[doc(hidden)]
    pub fn compile_all(&self) -> Result<(), RenderError> {
        for (name, _) in templates::TEMPLATES {
            self.env
                .get_template(name)
                .map_err(|e| template_error(name, &e))?;
        }
        Ok(())
    }

    /// Renders the manifest for `spec`.
    ///
    /// Fails only on a bug in calico-render (a template error) or on a
    /// Calico release it does not know, never because of the spec.
    pub fn render(&self, spec: &ResolvedSpec) -> Result<Manifest, RenderError> {
        let shape = spec.release.value.facts()?.shape;
        let ctx = JinjaValue::from(minijinja::value::Serde(context::Context::new(spec, shape)?));
        let steps = plan::plan(spec, shape);
        let crds = crd::crd_objects(spec.release.value)?;
        let mut objects = Vec::with_capacity(steps.len() + crds.len());
        // Templates holding several objects, run once each; their blocks
        // are rendered from the kept state.
        let mut captured: BTreeMap<&str, minijinja::Captured<'_>> = BTreeMap::new();
        for step in steps {
            match step {
                plan::Step::Crds => objects.extend(crds.iter().cloned()),
                plan::Step::CustomResources => {
                    objects.extend(operator::custom_resources(spec)?);
                }
                plan::Step::Doc(doc) => {
                    let text = self.render_doc(doc, &ctx, &mut captured)?;
                    objects.push(ManifestObject::new(
                        doc.api_version,
                        doc.kind,
                        doc.namespace,
                        doc.name,
                        Text::Rendered(Arc::from(text)),
                        None,
                    ));
                }
            }
        }
        Ok(Manifest { objects })
    }

    /// Renders one planned document: the whole template, or one block of a
    /// template that holds a family of objects (the template runs once per
    /// render, kept in `captured`, and each block is rendered from its
    /// state), tidied (see [`templates::tidy`]).
    fn render_doc<'t>(
        &'t self,
        doc: &plan::Doc,
        ctx: &JinjaValue,
        captured: &mut BTreeMap<&'static str, minijinja::Captured<'t>>,
    ) -> Result<String, RenderError> {
        let err = |e: JinjaError| template_error(doc.template, &e);
        let Some(block) = doc.block else {
            let template = self.env.get_template(doc.template).map_err(err)?;
            return Ok(templates::tidy(template.render(ctx).map_err(err)?));
        };
        let state = match captured.entry(doc.template) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => {
                let template = self.env.get_template(doc.template).map_err(err)?;
                e.insert(
                    template
                        .render_captured_to(ctx, std::io::sink())
                        .map_err(err)?,
                )
            }
        };
        let text = state
            .with_state_mut(|state| state.render_block(block))
            .map_err(err)?;
        Ok(templates::tidy(text))
    }
}

fn template_error(name: &str, e: &JinjaError) -> RenderError {
    RenderError::Template {
        template: name.to_string(),
        detail: format!("{e:#}"),
    }
}

static RENDERER: OnceLock<Renderer> = OnceLock::new();

/// Renders the manifest for `spec` with a renderer compiled once per process.
pub fn render(spec: &ResolvedSpec) -> Result<Manifest, RenderError> {
    RENDERER.get_or_init(Renderer::new).render(spec)
}

/// The once-per-process work, repeatable, for the benchmarks. Not part of
/// the API.
#[doc(hidden)]
pub mod __bench {
    use super::*;

    /// Makes the CRD objects from the embedded text (what the first render
    /// of a release in a process does) and parses every value (what the
    /// first use of their values does); returns how many.
    pub fn crd_values_uncached(release: Release) -> Result<usize, RenderError> {
        let objects = crd::build(release)?;
        for object in &objects {
            object.value()?;
        }
        Ok(objects.len())
    }
}

/// The CustomResourceDefinitions alone, for Calico `release`, in manifest
/// order.
///
/// ```
/// let crds = calico_render::crds(calico_spec::Release::DEFAULT)?;
/// assert_eq!(crds.objects().len(), 24);
/// # Ok::<(), calico_render::RenderError>(())
/// ```
pub fn crds(release: Release) -> Result<Manifest, RenderError> {
    Ok(Manifest {
        objects: crd::crd_objects(release)?.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    fn render_str(source: &str, ctx: JinjaValue) -> Result<String, JinjaError> {
        let mut env = templates::environment();
        env.add_template("t", source)?;
        env.get_template("t")?.render(ctx)
    }

    #[test]
    fn values_print_only_through_q() {
        let ctx = minijinja::context! { s => "a: b", n => 3, b => true, none => (), f => 1.5, list => vec![1] };
        assert_eq!(render_str("{{ s | q }}", ctx.clone()).unwrap(), "\"a: b\"");
        assert_eq!(render_str("{{ n | q }}", ctx.clone()).unwrap(), "3");
        assert_eq!(
            render_str("{{ n | string | q }}", ctx.clone()).unwrap(),
            "\"3\""
        );
        assert_eq!(
            render_str("{{ s | string | q }}", ctx.clone()).unwrap(),
            "\"a: b\""
        );
        assert_eq!(render_str("{{ b | q }}", ctx.clone()).unwrap(), "\"true\"");
        for bad in [
            "{{ s }}",
            "{{ n }}",
            "{{ s | q | q }}",
            "{{ none | q }}",
            "{{ f | q }}",
            "{{ list | q }}",
            "{{ missing | q }}",
            "{{ s | safe }}",
            "{{ s | escape }}",
            "{{ s | e }}",
            "{{ [s] | join(n | q) }}",
            "{{ f | string | q }}",
            "{{ list | string | q }}",
            "{{ s | q | string | q }}",
            // minijinja's builtin filters are not compiled in.
            "{{ s | upper | q }}",
            "{{ missing | default('x') | q }}",
        ] {
            assert!(render_str(bad, ctx.clone()).is_err(), "{bad} should fail");
        }
    }

    #[test]
    fn templates_compile() {
        Renderer::new().compile_all().unwrap();
    }

    fn spec() -> ResolvedSpec {
        let parsed = calico_spec::parse_str("networking: {calico: {}}").unwrap();
        calico_spec::resolve(&parsed, &calico_spec::Options::default()).unwrap()
    }

    /// A renderer whose `calico-config` template is replaced by `source`.
    fn with_config_template(source: &'static str) -> Renderer {
        let templates: Vec<_> = templates::TEMPLATES
            .iter()
            .map(|&(name, text)| {
                (
                    name,
                    if name == "calico-config" {
                        source
                    } else {
                        text
                    },
                )
            })
            .collect();
        Renderer::with_templates(&templates).unwrap()
    }

    /// A template whose document is not the planned object renders, and
    /// the object's value is an error naming the object and the bug.
    #[test]
    fn a_document_that_is_not_the_planned_object_is_a_value_error() {
        let cases = [
            ("apiVersion: v1\nkind: Secret\nmetadata: {name: calico-config, namespace: kube-system}\n", "kind"),
            ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: calico-config, namespace: kube-system}\n---\nkind: x\n", "2 YAML documents"),
            ("", "0 YAML documents"),
            ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: calico-config}\n", "namespace"),
        ];
        for (source, want) in cases {
            let manifest = with_config_template(source).render(&spec()).unwrap();
            let config = &manifest.objects()[4];
            assert_eq!(config.name, "calico-config");
            match config.value() {
                Err(RenderError::Value { object, detail }) => {
                    assert_eq!(object, "v1 ConfigMap kube-system/calico-config");
                    assert!(detail.contains(want), "{detail}");
                }
                other => panic!("{source:?}: {other:?}"),
            }
            assert!(manifest.to_json().is_err());
        }
    }

    #[test]
    fn a_template_printing_a_raw_value_is_a_template_error() {
        let r = with_config_template(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: {{ api_internal_name }}}\n",
        );
        match r.render(&spec()) {
            Err(RenderError::Template { template, detail }) => {
                assert_eq!(template, "calico-config");
                assert!(detail.contains("without the `q` filter"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
    }
}
