//! # calico-render
//!
//! Renders a [`ResolvedSpec`] (from `calico-spec`) into the Kubernetes
//! manifest that installs Calico v3.31 exactly as kOps's Calico addon does:
//! the same objects, in the same order, with the same fields and values,
//! without the labels kOps adds after rendering.
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
//!    order, each with its template;
//! 3. each object is rendered from a minijinja template embedded in the
//!    library. Templates can print a value only through the `q` filter
//!    (strings become double-quoted, escaped YAML scalars; integers stay
//!    integers); printing anything else is a template error, so no input
//!    can add a key, a list item or a document;
//! 4. each rendered document is parsed back and must be the planned object
//!    (one mapping with the planned apiVersion, kind, name and namespace, no
//!    duplicate key): by a strict reader of the YAML subset the templates
//!    write (`fastcheck.rs`), and by serde-saphyr for anything outside it;
//!    the object's [`ManifestObject::value`] is parsed from the checked text
//!    only when a caller uses it;
//! 5. the CustomResourceDefinitions come from `calico-api`, written as YAML
//!    and checked at build time (`build.rs`) and embedded in the library;
//! 6. so do the objects whose templates use no variable (disruption budgets,
//!    service accounts, RBAC, the Typha Service): `build.rs` renders them
//!    with the same environment and checks them as step 4 would, and a render
//!    uses the embedded text. The other templates are compiled when a render
//!    first needs them.
//!
//! The output is deterministic: the same spec gives the same bytes.
#![warn(missing_docs)]

mod context;
mod crd;
pub mod diff;
#[cfg(test)]
mod emit;
mod error;
mod fastcheck;
mod integrity;
mod json;
mod manifest;
mod plan;
mod quote;
mod static_docs;
mod templates;

pub use error::RenderError;
use manifest::Text;
pub use manifest::{Manifest, ManifestObject, ObjectValue};

use calico_spec::{CalicoMinor, ResolvedSpec};
use minijinja::value::Value as JinjaValue;
use minijinja::{Environment, Error as JinjaError};
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// The templates. Build one with [`Renderer::new`] and reuse it, or use
/// [`render`], which keeps one per process.
///
/// A template is compiled when a render first needs it, once per
/// `Renderer`; the objects that do not depend on the spec were rendered at
/// build time and need no template at all.
pub struct Renderer {
    env: Environment<'static>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer").finish_non_exhaustive()
    }
}

impl Renderer {
    /// A renderer of the embedded templates.
    ///
    /// Cheap: templates are compiled on first use. (It returns a `Result`
    /// so that a future version may do fallible work here.)
    pub fn new() -> Result<Renderer, RenderError> {
        let mut env = templates::environment();
        env.set_loader(|name| Ok(templates::source(name)));
        Ok(Renderer { env })
    }

    /// A renderer of `templates` instead of the embedded ones (for tests).
    /// The objects that do not depend on the spec still come from build
    /// time, whatever `templates` holds for them.
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
    /// Fails only on a bug in calico-render (a template error, or a document
    /// that does not read back as planned), never because of the spec.
    pub fn render(&self, spec: &ResolvedSpec) -> Result<Manifest, RenderError> {
        let ctx = JinjaValue::from(minijinja::value::Serde(context::Context::new(spec)?));
        let steps = plan::plan(spec);
        let crds = crd::crd_objects(spec.calico_minor)?;
        let mut objects = Vec::with_capacity(steps.len() + crds.len());
        // Templates holding several objects, run once each; their blocks
        // are rendered from the kept state.
        let mut captured: BTreeMap<&str, minijinja::Captured<'_>> = BTreeMap::new();
        for step in steps {
            let doc = match step {
                plan::Step::Crds => {
                    objects.extend(crds.iter().cloned());
                    continue;
                }
                plan::Step::Doc(doc) => doc,
            };
            let (yaml, value) = match static_docs::text(spec.calico_minor, doc) {
                // Checked at build time.
                Some(text) => (
                    Text::Static(text),
                    ObjectValue::from_text(Text::Static(text)),
                ),
                None => {
                    let text =
                        Text::Rendered(Arc::from(self.render_doc(doc, &ctx, &mut captured)?));
                    let expected = doc.expected();
                    let value = if fastcheck::check(&text, expected) {
                        ObjectValue::from_text(text.clone())
                    } else {
                        let value = integrity::read_back(&text, expected).map_err(|detail| {
                            RenderError::Integrity {
                                position: objects.len() + 1,
                                object: doc.describe(),
                                detail,
                            }
                        })?;
                        ObjectValue::ready(text.clone(), value)
                    };
                    (text, value)
                }
            };
            objects.push(ManifestObject {
                api_version: doc.api_version.to_string(),
                kind: doc.kind.to_string(),
                namespace: doc.namespace.map(str::to_string),
                name: doc.name.to_string(),
                value,
                yaml,
            });
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
            return templates::render_fresh(&template, None, ctx).map_err(err);
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

static RENDERER: OnceLock<Result<Renderer, RenderError>> = OnceLock::new();

/// Renders the manifest for `spec` with a renderer compiled once per process.
pub fn render(spec: &ResolvedSpec) -> Result<Manifest, RenderError> {
    match RENDERER.get_or_init(Renderer::new) {
        Ok(renderer) => renderer.render(spec),
        Err(e) => Err(e.clone()),
    }
}

/// The once-per-process work, repeatable, for the benchmarks. Not part of
/// the API.
#[doc(hidden)]
pub mod __bench {
    use super::*;

    /// Makes the CRD objects from the embedded text (what the first render
    /// of a process does); returns how many.
    pub fn crd_objects_uncached(minor: CalicoMinor) -> Result<usize, RenderError> {
        crd::build(minor).map(|objects| objects.len())
    }

    /// Parses the embedded CRD JSON (what the first use of a CRD's value in
    /// a process does); returns how many objects.
    pub fn crd_values_uncached(minor: CalicoMinor) -> usize {
        crd::parse_values(minor).len()
    }
}

/// The CustomResourceDefinitions alone, for Calico `minor`, in manifest order.
pub fn crds(minor: CalicoMinor) -> Result<Manifest, RenderError> {
    Ok(Manifest {
        objects: crd::crd_objects(minor)?.to_vec(),
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
        Renderer::new().unwrap().compile_all().unwrap();
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

    #[test]
    fn a_document_that_is_not_the_planned_object_is_an_integrity_error() {
        let cases = [
            ("apiVersion: v1\nkind: Secret\nmetadata: {name: calico-config, namespace: kube-system}\n", "kind"),
            ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: calico-config, namespace: kube-system}\n---\nkind: x\n", "2 YAML documents"),
            ("", "0 YAML documents"),
            ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: calico-config}\n", "namespace"),
        ];
        for (source, want) in cases {
            match with_config_template(source).render(&spec()) {
                Err(RenderError::Integrity {
                    position,
                    object,
                    detail,
                }) => {
                    assert_eq!(position, 5);
                    assert_eq!(object, "v1 ConfigMap kube-system/calico-config");
                    assert!(detail.contains(want), "{detail}");
                }
                other => panic!("{source:?}: {other:?}"),
            }
        }
    }

    /// The templated (non-CRD) objects of a fixture's manifest.
    fn templated_objects(renderer: &Renderer, fixture: &std::path::Path) -> Vec<ManifestObject> {
        let text = std::fs::read_to_string(fixture).unwrap();
        let parsed = calico_spec::parse_str(&text).unwrap();
        let spec = calico_spec::resolve(&parsed, &calico_spec::Options::default()).unwrap();
        let manifest = renderer.render(&spec).unwrap();
        manifest
            .objects()
            .iter()
            .filter(|o| o.kind != crd::CRD_KIND)
            .cloned()
            .collect()
    }

    /// The identity an object was planned with.
    fn expected_of(o: &ManifestObject) -> integrity::Expected<'_> {
        integrity::Expected {
            api_version: &o.api_version,
            kind: &o.kind,
            namespace: o.namespace.as_deref(),
            name: &o.name,
        }
    }

    /// Every templated document of every fixture is read by the fast path
    /// (so the full check is a fallback, not the rule), and its lazily
    /// parsed value is the one the full check reads.
    #[test]
    fn every_fixture_takes_the_fast_check() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
        let renderer = Renderer::new().unwrap();
        let mut docs = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            for o in templated_objects(&renderer, &path) {
                let expected = expected_of(&o);
                assert!(
                    fastcheck::check(o.yaml(), expected),
                    "{}: {}",
                    path.display(),
                    o.name
                );
                let full = integrity::read_back(o.yaml(), expected).unwrap();
                assert_eq!(*o.value, full, "{}: {}", path.display(), o.name);
                docs += 1;
            }
        }
        assert!(docs > 1000, "{docs}");
    }

    /// Mutated documents: whatever the fast path accepts, the full check
    /// (serde-saphyr) accepts too. The fast path may decline more, never
    /// accept more.
    #[test]
    fn the_fast_check_never_accepts_what_the_full_check_rejects() {
        let renderer = Renderer::new().unwrap();
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let pieces = [
            " ",
            "  ",
            "-",
            "- ",
            ":",
            ": ",
            "\n",
            "\n  ",
            "\"",
            "\\",
            "'",
            "#",
            "{",
            "}",
            "[",
            "]",
            ",",
            "&a",
            "*a",
            "!",
            "|",
            ">",
            "---\n",
            "x",
            "1",
            "name",
            "kind",
            "apiVersion",
            "metadata:\n",
            "  name: x\n",
            "\u{2028}",
            "\t",
            "~",
            "null",
            "?",
        ];
        let (mut accepted, mut total) = (0, 0);
        for fixture in [
            "kitchen-sink",
            "doc-installing",
            "net-ipv6",
            "kops-privatecalico-like",
        ] {
            let path = format!("{}/../fixtures/{fixture}.yaml", env!("CARGO_MANIFEST_DIR"));
            for o in templated_objects(&renderer, std::path::Path::new(&path)) {
                let expected = expected_of(&o);
                for _ in 0..25 {
                    let mut doc = o.yaml().to_string();
                    for _ in 0..1 + next(3) {
                        let mut at = next(doc.len() + 1);
                        while !doc.is_char_boundary(at) {
                            at -= 1;
                        }
                        match next(3) {
                            0 => doc.insert_str(at, pieces[next(pieces.len())]),
                            1 => {
                                let mut end = (at + 1 + next(4)).min(doc.len());
                                while !doc.is_char_boundary(end) {
                                    end += 1;
                                }
                                doc.replace_range(at..end, "");
                            }
                            _ => {
                                let mut end = (at + 1).min(doc.len());
                                while !doc.is_char_boundary(end) {
                                    end += 1;
                                }
                                doc.replace_range(at..end, pieces[next(pieces.len())]);
                            }
                        }
                    }
                    total += 1;
                    if fastcheck::check(&doc, expected) {
                        accepted += 1;
                        assert!(
                            integrity::read_back(&doc, expected).is_ok(),
                            "the fast path accepted what the full check rejects: {doc:?}"
                        );
                    }
                }
            }
        }
        eprintln!("fast path accepted {accepted} of {total} mutated documents");
        assert!(accepted > 100 && accepted < total, "{accepted} of {total}");
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
