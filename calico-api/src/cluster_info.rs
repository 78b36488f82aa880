//! ClusterInformation: facts Calico records about the cluster.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::resource::{resource, CALICO_API_VERSION};

resource! {
    /// Facts Calico records about the cluster (one object, named `default`).
    ClusterInformation(CALICO_API_VERSION) { spec: ClusterInformationSpec }
}

/// Contents of a [`ClusterInformation`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClusterInformationSpec {
    /// Calico version running in the cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calico_version: Option<String>,
    /// Random id of the cluster.
    #[serde(
        rename = "clusterGUID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cluster_guid: Option<String>,
    /// Comma-separated tags describing the install, e.g. `k8s,bgp,kubeadm`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_type: Option<String>,
    /// Whether Calico components may use the datastore.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datastore_ready: Option<bool>,
    /// Product variant, e.g. `Calico`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
}
