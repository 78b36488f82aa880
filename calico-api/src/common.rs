//! Small value types used by several Calico kinds.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Enabled or disabled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum EnabledDisabled {
    /// On.
    Enabled,
    /// Off.
    Disabled,
}
