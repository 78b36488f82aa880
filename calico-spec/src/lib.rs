//! # calico-spec
//!
//! What a Calico networking spec means, answered as kOps answers it for
//! `spec.networking.calico`: parsing (three input forms, located errors),
//! defaulting with provenance, kOps's validation plus calico-render's own
//! rules, sizing advice, and the JSON Schema of the input.
//!
//! ```
//! let yaml = "
//! kubeProxy: {enabled: false}
//! nodeCount: 120
//! networking:
//!   calico:
//!     bpfEnabled: true
//! ";
//! let parsed = calico_spec::parse_str(yaml).unwrap();
//! let resolved = calico_spec::resolve(&parsed, &calico_spec::Options::default()).unwrap();
//! assert!(resolved.calico.bpf_enabled.value);
//! for warning in &resolved.warnings {
//!     println!("warning: {warning}");
//! }
//! assert!(resolved.warnings.iter().any(|w| w.path == "spec.networking.calico.typhaReplicas"));
//! ```
//!
//! The steps are separate so that tools can stop in between:
//! [`parse_str`] → [`ParsedSpec`] (what the user wrote) → [`resolve`] →
//! [`ResolvedSpec`] (every effective value with its [`Source`]), or
//! [`Invalid`] with every error.
#![warn(missing_docs)]

mod autodetect;
pub mod aws_iam;
mod defaults;
pub mod error;
pub mod explain;
pub mod felix_defaults;
pub mod limits;
pub mod migration;
pub mod model;
mod net;
pub mod parse;
mod profile_rules;
mod quantity;
pub mod report;
pub mod resolved;
pub mod schema;
mod selector;
mod sizing;
pub mod transitions;
pub mod upgrade;
mod upstream;
mod validate;
mod version;
mod yaml;

pub use calico_release::{Release, ReleaseError, OPERATOR_FLOOR};
pub use defaults::Options;
pub use error::{ErrorType, FieldError, ParseError, Warning};
pub use parse::{parse_bytes, parse_str, InputForm, ParsedSpec};
pub use quantity::Quantity;
pub use resolved::{
    Encapsulation, PoolMode, Profile, ResolvedSpec, ServiceEndpoint, Setting, Source,
};
pub use schema::json_schema;
pub use validate::Invalid;
pub use version::{KopsVersion, KopsVersionError};
pub use yaml::Location;

/// Resolves and validates a parsed spec: the defaulting stage, then the
/// validation stage.
///
/// Runs kOps's defaulting, then kOps's Calico validation on the spec as
/// written and on the completed spec (reporting each error once), then the
/// rules calico-render adds, then the advice. Returns the resolved spec (with
/// its warnings) or every error.
///
/// ```
/// let parsed = calico_spec::parse_str("networking: {calico: {encapsulationMode: vxlan}}").unwrap();
/// let resolved = calico_spec::resolve(&parsed, &Default::default()).unwrap();
/// assert_eq!(resolved.calico.ipv4_pool_vxlan_mode.value.as_str(), "CrossSubnet");
/// assert_eq!(resolved.calico_backend(), "vxlan");
/// ```
pub fn resolve(parsed: &ParsedSpec, options: &Options) -> Result<ResolvedSpec, Invalid> {
    validate::validate(parsed, defaults::complete(parsed, options))
}
