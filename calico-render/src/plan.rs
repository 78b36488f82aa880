//! Which objects a spec yields, in which order, from which template.
//!
//! The plan is the single source of truth for the manifest's shape; the
//! integrity check holds every rendered document to it.

use calico_release::Shape;
use calico_spec::{Profile, ResolvedSpec};

mod docs;

pub(crate) use docs::*;

/// One step of the plan.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Step {
    Doc(&'static Doc),
    /// The CustomResourceDefinitions of the spec's release, in its order.
    Crds,
    /// The operator profile's custom resources (Installation, APIServer,
    /// Goldmane, Whisker, FelixConfiguration), made from typed values.
    CustomResources,
}

/// The steps for `spec` in the manifest shape of its release, in kOps's
/// object order; calico-render's BGP objects (an extension) come last,
/// after the CRDs they need and after the workloads.
pub(crate) fn plan(spec: &ResolvedSpec, shape: &Shape) -> Vec<Step> {
    if spec.profile.value == Profile::Operator {
        return operator_plan(spec);
    }
    // kOps's eBPF endpoint ConfigMap; upstream's eBPF flavor puts the
    // endpoint into calico-config instead.
    let bpf = spec.calico.bpf_enabled.value && spec.profile.value == Profile::Kops;
    let typha = spec.typha_enabled();
    let docs_before: [(bool, &'static Doc); 7] = [
        (bpf, &SERVICES_ENDPOINT),
        (true, &PDB_KUBE_CONTROLLERS),
        (typha, &PDB_TYPHA),
        (true, &SA_KUBE_CONTROLLERS),
        (true, &SA_NODE),
        (true, &SA_CNI_PLUGIN),
        (true, &CALICO_CONFIG),
    ];
    let docs_after: [(bool, &'static Doc); 11] = [
        (true, &ROLE_KUBE_CONTROLLERS),
        (true, &ROLE_NODE),
        (true, &ROLE_CNI_PLUGIN),
        (shape.tier_getter, &ROLE_TIER_GETTER),
        (true, &BINDING_KUBE_CONTROLLERS),
        (true, &BINDING_NODE),
        (true, &BINDING_CNI_PLUGIN),
        (shape.tier_getter, &BINDING_TIER_GETTER),
        (typha, &TYPHA_SERVICE),
        (true, &NODE_DAEMONSET),
        (true, &KUBE_CONTROLLERS_DEPLOYMENT),
    ];
    let included = |(on, d): &(bool, &'static Doc)| on.then_some(Step::Doc(d));
    let mut steps: Vec<Step> = docs_before.iter().filter_map(included).collect();
    steps.push(Step::Crds);
    steps.extend(docs_after.iter().filter_map(included));
    if typha {
        steps.push(Step::Doc(&TYPHA_DEPLOYMENT));
    }
    steps.extend(bgp(spec));
    steps
}

/// The operator profile: the install (with the endpoint ConfigMap when
/// calico-node is given one), then the custom resources, then
/// calico-render's BGP objects.
fn operator_plan(spec: &ResolvedSpec) -> Vec<Step> {
    let docs: [(bool, &'static Doc); 8] = [
        (true, &OPERATOR_NAMESPACE),
        (
            crate::operator::has_endpoint(spec),
            &OPERATOR_SERVICES_ENDPOINT,
        ),
        (true, &OPERATOR_SA),
        (true, &OPERATOR_ROLE_SECRETS),
        (true, &OPERATOR_ROLE),
        (true, &OPERATOR_BINDING),
        (true, &OPERATOR_BINDING_SECRETS),
        (true, &OPERATOR_DEPLOYMENT),
    ];
    let mut steps: Vec<Step> = docs
        .iter()
        .filter_map(|(on, d)| on.then_some(Step::Doc(d)))
        .collect();
    steps.push(Step::CustomResources);
    steps.extend(bgp(spec));
    steps
}

/// calico-render's BGP objects: the peering first, so the mesh goes only
/// once the reflector sessions exist.
fn bgp(spec: &ResolvedSpec) -> Vec<Step> {
    let mut steps = Vec::new();
    if let Some(bgp) = &spec.bgp {
        if bgp.value.route_reflectors.is_some() {
            steps.push(Step::Doc(&BGP_PEER));
        }
        steps.push(Step::Doc(&BGP_CONFIGURATION));
    }
    steps
}
