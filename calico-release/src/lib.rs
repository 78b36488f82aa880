//! # calico-release (internal)
//!
//! The Calico releases calico-render knows, and the facts of each, in one
//! table ([`RELEASES`]). The libraries (`calico-spec`, `calico-api`,
//! `calico-render`) and `calico-render`'s build script all ask this crate,
//! so that a release is data: code asks for a fact, never for a release by
//! name.
//!
//! It is a crate of its own because the build script of `calico-render`
//! needs the table too, and a build script cannot use the library it
//! builds. `calico-spec` re-exports [`Release`]; embedders need not depend
//! on this crate.
//!
//! ```
//! use calico_release::Release;
//!
//! let release: Release = "v3.31.6".parse()?;
//! assert_eq!(release, Release::DEFAULT);
//! assert_eq!(release.to_string(), "v3.31.6");
//! let facts = release.facts()?;
//! assert_eq!(facts.crds.len(), 24);
//! assert_eq!(facts.shape.bpffs_init, "ebpf-bootstrap");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

mod crds;
mod operator;
mod release;
mod shape;
mod since;
mod table;

pub use crds::{CalicoCrds, CrdMeta};
pub use operator::{OperatorRule, OPERATOR_FLOOR, OPERATOR_RULES};
pub use release::{Release, ReleaseError};
pub use shape::Shape;
pub use since::{Since, SINCE};
pub use table::{Facts, RELEASES};
