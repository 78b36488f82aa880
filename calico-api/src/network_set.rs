//! Named sets of networks that policies can select by label.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::resource::{resource, CALICO_API_VERSION};

resource! {
    /// A namespaced set of networks, selectable by its labels.
    NetworkSet(CALICO_API_VERSION) { spec: NetworkSetSpec }
}

resource! {
    /// A cluster-wide set of networks, selectable by its labels.
    GlobalNetworkSet(CALICO_API_VERSION) { spec: GlobalNetworkSetSpec }
}

/// Contents of a [`GlobalNetworkSet`]: the same shape as a [`NetworkSet`]'s.
pub type GlobalNetworkSetSpec = NetworkSetSpec;

/// Contents of a [`NetworkSet`] or [`GlobalNetworkSet`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NetworkSetSpec {
    /// Member networks (CIDRs or single addresses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-kubernetes-list-type" = "set", "x-calico-before" = { "v3.32.0": { "x-kubernetes-list-type": null } }))]
    pub nets: Option<Vec<String>>,
}
