//! Typed model of the Calico resources whose CustomResourceDefinitions the
//! Calico manifest installs, and those CRDs, generated from the model.
//!
//! Every resource type serializes to the JSON/YAML the Kubernetes API
//! expects, and [`crds`] returns the CRD objects for a Calico release.
//!
//! ```
//! use calico_api::{AssignmentMode, IPPool, IPPoolSpec};
//!
//! let pool = IPPool::new(
//!     "default-ipv4-ippool",
//!     IPPoolSpec {
//!         cidr: "100.96.0.0/11".into(),
//!         block_size: Some(26),
//!         ipip_mode: Some("CrossSubnet".into()),
//!         nat_outgoing: Some(true),
//!         assignment_mode: Some(AssignmentMode::Automatic),
//!         ..IPPoolSpec::default()
//!     },
//! );
//! let json = serde_json::to_value(&pool).unwrap();
//! assert_eq!(json["apiVersion"], "crd.projectcalico.org/v1");
//! assert_eq!(json["kind"], "IPPool");
//! assert_eq!(json["metadata"]["name"], "default-ipv4-ippool");
//! assert_eq!(json["spec"]["ipipMode"], "CrossSubnet");
//! assert_eq!(json["spec"]["blockSize"], 26);
//! ```

#![warn(missing_docs)]

pub mod bgp;
pub mod cluster_info;
pub mod common;
pub mod crd;
pub mod felix;
pub mod host_endpoint;
pub mod ipam;
pub mod ippool;
pub mod k8s_admin_policy;
pub mod k8s_cluster_policy;
pub mod k8s_network_policy;
pub mod kube_controllers;
pub mod meta;
pub mod network_policy;
pub mod network_set;
pub mod node_status;
pub mod numorstring;
pub mod operator;
pub mod policy;
pub mod resource;
mod schema;

pub use bgp::*;
pub use cluster_info::*;
pub use common::*;
pub use felix::*;
pub use host_endpoint::*;
pub use ipam::*;
pub use ippool::*;
pub use k8s_admin_policy::*;
pub use k8s_cluster_policy::*;
pub use k8s_network_policy::*;
pub use kube_controllers::*;
pub use meta::*;
pub use network_policy::*;
pub use network_set::*;
pub use node_status::*;
pub use numorstring::*;
pub use policy::*;
pub use resource::{
    Resource, ADMIN_POLICY_API_VERSION, CALICO_API_VERSION, CLUSTER_POLICY_API_VERSION,
};

pub use calico_release::Release;
pub use crd::CrdError;

/// The CRD objects `release` installs, in the order its manifest lists
/// them (the release table's list), each generated from the model.
///
/// ```
/// let crds = calico_api::crds(calico_api::Release::DEFAULT)?;
/// assert_eq!(crds.len(), 24);
/// assert_eq!(crds[0]["metadata"]["name"], "bgpconfigurations.crd.projectcalico.org");
/// # Ok::<(), calico_api::CrdError>(())
/// ```
pub fn crds(release: Release) -> Result<Vec<serde_json::Value>, CrdError> {
    crd::crds(release)
}
