//! Calico IPAM bookkeeping: address blocks, their node affinities, allocation
//! handles and the cluster-wide IPAM settings.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::resource::{resource, CALICO_API_VERSION};
use crate::schema::{Int, NullableInt};

resource! {
    /// One block of addresses carved out of an IP pool, and who holds each address.
    IPAMBlock(CALICO_API_VERSION) { spec: IPAMBlockSpec }
}

/// Contents of an [`IPAMBlock`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IPAMBlockSpec {
    /// When the node's claim on the block was made (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("format" = "date-time"))]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub affinity_claim_time: Option<String>,
    /// What the block is bound to, e.g. `host:node-1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affinity: Option<String>,
    /// Per address of the block: index into `attributes`, or null when free.
    #[schemars(with = "Vec<NullableInt>")]
    pub allocations: Vec<Option<i64>>,
    /// Owner records that allocations point to.
    pub attributes: Vec<AllocationAttribute>,
    /// The block's range.
    pub cidr: String,
    /// Set while the block is being removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
    /// Bumped on every allocation change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = 0))]
    pub sequence_number: Option<i64>,
    /// Value of `sequenceNumber` when each address was allocated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number_for_allocation: Option<BTreeMap<String, i64>>,
    /// Whether only the affine node may allocate from the block.
    pub strict_affinity: bool,
    /// Offsets of the free addresses.
    #[schemars(with = "Vec<Int>")]
    pub unallocated: Vec<i64>,
}

/// Who holds an allocation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AllocationAttribute {
    /// Attributes of a second owner of the address (a VM moving between pods).
    #[serde(
        rename = "alternateOwnerAttrs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub alternate_owner_attrs: Option<BTreeMap<String, String>>,
    /// The allocation handle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handle_id: Option<String>,
    /// Extra details such as namespace, pod and node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary: Option<BTreeMap<String, String>>,
}

resource! {
    /// Binds an address block to a node.
    BlockAffinity(CALICO_API_VERSION) { spec: BlockAffinitySpec }
}

/// Contents of a [`BlockAffinity`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BlockAffinitySpec {
    /// The block's range.
    pub cidr: String,
    /// `"true"` while the affinity is being removed (a string, for historical reasons).
    pub deleted: String,
    /// The node the block belongs to.
    pub node: String,
    /// `pending`, `confirmed` or `pendingDeletion`.
    pub state: String,
    /// What kind of owner holds the affinity, e.g. `host`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.30.0"))]
    pub type_: Option<String>,
}

resource! {
    /// Cluster-wide IPAM settings (one object, named `default`).
    IPAMConfig(CALICO_API_VERSION) { spec: IPAMConfigSpec }
}

/// Contents of an [`IPAMConfig`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IPAMConfigSpec {
    /// Let nodes claim new blocks when theirs are full.
    pub auto_allocate_blocks: bool,
    /// Whether KubeVirt VMs keep their addresses across restarts and migrations.
    #[serde(
        rename = "kubeVirtVMAddressPersistence",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub kube_virt_vm_address_persistence: Option<crate::common::EnabledDisabled>,
    /// Cap on blocks per node; 0 means no cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>", range(min = 0, max = 2147483647))]
    pub max_blocks_per_host: Option<i32>,
    /// Only allocate from blocks affine to the node.
    pub strict_affinity: bool,
}

resource! {
    /// Groups the addresses allocated for one owner (such as one pod's interface).
    IPAMHandle(CALICO_API_VERSION) { spec: IPAMHandleSpec }
}

/// Contents of an [`IPAMHandle`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IPAMHandleSpec {
    /// Number of addresses held, per block CIDR.
    #[schemars(with = "BTreeMap<String, Int>")]
    pub block: BTreeMap<String, i64>,
    /// Set while the handle is being removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
    /// The handle's id.
    #[serde(rename = "handleID")]
    pub handle_id: String,
}
