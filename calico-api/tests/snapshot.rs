//! The whole generated CRD set, reviewed and kept as one snapshot per Calico
//! minor in the workspace's `snapshots/` folder.

#![allow(clippy::unwrap_used)]

use calico_api::{crds, Release};

#[test]
fn crds_v3_31() {
    insta::with_settings!({
        snapshot_path => "../../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_json_snapshot!("crds__v3_31", crds(Release::DEFAULT).unwrap());
    });
}
