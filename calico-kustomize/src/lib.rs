//! # calico-kustomize
//!
//! calico-render inside `kustomize build` and kpt:
//!
//! - [`krm`]: the KRM function protocol: a `config.kubernetes.io/v1`
//!   `ResourceList` in, the same list with the rendered Calico objects
//!   appended (and `results` for every error and warning) out;
//! - [`plugin`]: where kustomize looks for the legacy exec plugin of the
//!   `calico-render.dev/v1alpha1` `CalicoNetworking` kind.
#![warn(missing_docs)]

pub mod krm;
pub mod plugin;

/// The README's Rust examples, run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
