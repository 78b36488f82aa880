//! The [`Resource`] trait and the macro that declares each resource type.

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// `apiVersion` of every Calico kind in this crate.
pub const CALICO_API_VERSION: &str = "crd.projectcalico.org/v1";
/// `apiVersion` of AdminNetworkPolicy and BaselineAdminNetworkPolicy.
pub const ADMIN_POLICY_API_VERSION: &str = "policy.networking.k8s.io/v1alpha1";
/// `apiVersion` of ClusterNetworkPolicy.
pub const CLUSTER_POLICY_API_VERSION: &str = "policy.networking.k8s.io/v1alpha2";

/// A top-level Kubernetes object type of this crate.
pub trait Resource: Serialize + DeserializeOwned + JsonSchema {
    /// The `apiVersion` its objects carry.
    const API_VERSION: &'static str;
    /// The `kind` its objects carry.
    const KIND: &'static str;
}

/// Declares a resource struct `{apiVersion, kind, metadata, spec[, status]}`,
/// its `new` constructor and its [`Resource`] impl.
macro_rules! resource {
    (
        $(#[$attr:meta])*
        $name:ident($api_version:expr) { spec: $spec:ty $(, status: $status:ty)? $(,)? }
    ) => {
        $(#[$attr])*
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            /// API group and version of the object.
            pub api_version: String,
            /// Kind of the object.
            pub kind: String,
            /// Standard object metadata.
            pub metadata: $crate::meta::ObjectMeta,
            /// Desired state.
            pub spec: $spec,
            $(
                /// Observed state, written by Calico.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub status: Option<$status>,
            )?
        }

        impl $name {
            #[doc = concat!("A `", stringify!($name), "` named `name` with the given spec.")]
            pub fn new(name: impl Into<String>, spec: $spec) -> Self {
                $name {
                    api_version: <Self as $crate::Resource>::API_VERSION.to_owned(),
                    kind: <Self as $crate::Resource>::KIND.to_owned(),
                    metadata: $crate::meta::ObjectMeta::named(name),
                    spec,
                    $(status: None::<$status>,)?
                }
            }
        }

        impl $crate::Resource for $name {
            const API_VERSION: &'static str = $api_version;
            const KIND: &'static str = stringify!($name);
        }
    };
}

pub(crate) use resource;
