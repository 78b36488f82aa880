//! The templated objects that do not depend on the spec (disruption
//! budgets, service accounts, RBAC, the Typha Service): rendered with the
//! library's environment, tidied and held to their planned identity by the
//! full read-back check at build time (`build.rs`), and embedded as text. A
//! render uses the text as it is; no process compiles their templates or
//! checks them again.

use crate::plan::Doc;
use calico_spec::CalicoMinor;

/// One object rendered at build time.
pub(crate) struct StaticDoc {
    pub template: &'static str,
    pub block: Option<&'static str>,
    /// The checked, tidied YAML document.
    pub text: &'static str,
}

mod generated {
    use super::StaticDoc;
    include!(concat!(env!("OUT_DIR"), "/static_docs.rs"));
}

/// The build-time text of `doc` for Calico `minor`, if its template uses
/// no variable.
pub(crate) fn text(minor: CalicoMinor, doc: &Doc) -> Option<&'static str> {
    let table = match minor {
        CalicoMinor::V3_31 => generated::V3_31,
    };
    table
        .iter()
        .find(|s| s.template == doc.template && s.block == doc.block)
        .map(|s| s.text)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::{integrity, plan, templates};

    /// Which objects are static is decided by the build from the templates;
    /// this holds the decision to what the templates are today, so that a
    /// template gaining a variable is noticed here.
    #[test]
    fn budgets_accounts_rbac_and_the_typha_service_are_static() {
        let names: Vec<String> = plan::ALL
            .iter()
            .filter(|d| text(CalicoMinor::V3_31, d).is_some())
            .map(|d| d.describe())
            .collect();
        assert_eq!(
            names,
            [
                "policy/v1 PodDisruptionBudget kube-system/calico-kube-controllers",
                "policy/v1 PodDisruptionBudget kube-system/calico-typha",
                "v1 ServiceAccount kube-system/calico-kube-controllers",
                "v1 ServiceAccount kube-system/calico-node",
                "v1 ServiceAccount kube-system/calico-cni-plugin",
                "rbac.authorization.k8s.io/v1 ClusterRole calico-kube-controllers",
                "rbac.authorization.k8s.io/v1 ClusterRole calico-node",
                "rbac.authorization.k8s.io/v1 ClusterRole calico-cni-plugin",
                "rbac.authorization.k8s.io/v1 ClusterRole calico-tier-getter",
                "rbac.authorization.k8s.io/v1 ClusterRoleBinding calico-kube-controllers",
                "rbac.authorization.k8s.io/v1 ClusterRoleBinding calico-node",
                "rbac.authorization.k8s.io/v1 ClusterRoleBinding calico-cni-plugin",
                "rbac.authorization.k8s.io/v1 ClusterRoleBinding calico-tier-getter",
                "v1 Service kube-system/calico-typha",
            ]
        );
    }

    /// The embedded text is what the templates give at run time, with a
    /// full spec context, and reads back as the planned object.
    #[test]
    fn static_text_equals_a_run_time_render() {
        let env = templates::compile(templates::TEMPLATES).unwrap();
        let parsed = calico_spec::parse_str("networking: {calico: {typhaReplicas: 3}}").unwrap();
        let spec = calico_spec::resolve(&parsed, &calico_spec::Options::default()).unwrap();
        let ctx = minijinja::Value::from(minijinja::value::Serde(
            crate::context::Context::new(&spec).unwrap(),
        ));
        for doc in plan::ALL {
            let Some(text) = text(spec.calico_minor, doc) else {
                continue;
            };
            let template = env.get_template(doc.template).unwrap();
            let fresh = templates::render_fresh(&template, doc.block, &ctx).unwrap();
            assert_eq!(text, fresh, "{}", doc.describe());
            integrity::read_back(text, doc.expected()).unwrap();
        }
    }
}
