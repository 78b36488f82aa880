//! Shared helpers of calico-spec's integration tests: "resolve this YAML with
//! these options" and compact views of the errors and warnings.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calico_spec::{ErrorType, Invalid, KopsVersion, Options, ResolvedSpec, Warning};

/// The options of a given kOps era (`era(1, 28)`). The lines before 1.28
/// pin no release calico-render renders, so those name the default one, as
/// their users must.
pub fn era(major: u16, minor: u16) -> Options {
    let version = KopsVersion::new(major, minor);
    let options = Options::default().with_kops_version(version);
    match version.pin() {
        Some(_) => options,
        None => options.with_release(calico_spec::Release::DEFAULT),
    }
}

/// Parses and resolves `yaml`; parse errors fail the test.
pub fn try_resolve(yaml: &str, options: &Options) -> Result<ResolvedSpec, Invalid> {
    let parsed =
        calico_spec::parse_str(yaml).unwrap_or_else(|e| panic!("parse failed for\n{yaml}\n{e}"));
    calico_spec::resolve(&parsed, options)
}

/// Parses and resolves `yaml` with the given options; any error fails the test.
pub fn resolve_with(yaml: &str, options: &Options) -> ResolvedSpec {
    try_resolve(yaml, options).unwrap_or_else(|e| {
        panic!(
            "resolve failed for\n{yaml}\n{e}\nwarnings: {:?}",
            e.warnings
        )
    })
}

/// Parses and resolves `yaml` with the default options (current kOps).
pub fn resolve(yaml: &str) -> ResolvedSpec {
    resolve_with(yaml, &Options::default())
}

/// The complete error set as sorted (path, type) pairs; empty when valid.
pub fn errors_with(yaml: &str, options: &Options) -> Vec<(String, ErrorType)> {
    match try_resolve(yaml, options) {
        Ok(_) => Vec::new(),
        Err(invalid) => {
            let mut v: Vec<(String, ErrorType)> = invalid
                .errors
                .into_iter()
                .map(|e| (e.path, e.error_type))
                .collect();
            v.sort();
            v
        }
    }
}

/// [`errors_with`] with the default options.
pub fn errors(yaml: &str) -> Vec<(String, ErrorType)> {
    errors_with(yaml, &Options::default())
}

/// The full errors (with messages) of an invalid spec; a valid one fails the test.
pub fn invalid(yaml: &str, options: &Options) -> Invalid {
    match try_resolve(yaml, options) {
        Ok(r) => panic!(
            "expected errors for\n{yaml}\nbut it resolved (warnings: {:?})",
            r.warnings
        ),
        Err(e) => e,
    }
}

/// The warnings of a spec, whether it is valid or not.
pub fn warnings_with(yaml: &str, options: &Options) -> Vec<Warning> {
    match try_resolve(yaml, options) {
        Ok(r) => r.warnings,
        Err(e) => e.warnings,
    }
}

/// [`warnings_with`] with the default options.
pub fn warnings(yaml: &str) -> Vec<Warning> {
    warnings_with(yaml, &Options::default())
}

/// The warnings on one path.
pub fn warnings_on(yaml: &str, path: &str) -> Vec<Warning> {
    warnings(yaml)
        .into_iter()
        .filter(|w| w.path == path)
        .collect()
}

/// Shorthand for an expected error: `err("spec.networking.calico.mtu", ErrorType::Invalid)`.
pub fn err(path: &str, ty: ErrorType) -> (String, ErrorType) {
    (path.to_string(), ty)
}

/// A sorted expected error set.
pub fn set(mut v: Vec<(String, ErrorType)>) -> Vec<(String, ErrorType)> {
    v.sort();
    v
}

/// The path of a Calico field: `calico("mtu")` = `spec.networking.calico.mtu`.
pub fn calico(field: &str) -> String {
    format!("spec.networking.calico.{field}")
}

/// A bare spec: `extra` cluster-level YAML lines (may be empty) and the
/// calico block in flow style, e.g. `bare("cloudProvider: aws", "{mtu: 1}")`.
pub fn bare(extra: &str, calico_flow: &str) -> String {
    format!("{extra}\nnetworking:\n  calico: {calico_flow}\n")
}
