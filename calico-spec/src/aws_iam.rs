//! The AWS IAM permissions Calico needs to manage EC2 source/destination
//! checks, which kOps grants its nodes itself and other installers must
//! grant by hand.

use crate::resolved::{CloudProvider, Profile, ResolvedSpec};
use serde_json::{json, Value};

/// The EC2 actions Felix uses when `FELIX_AWSSRCDSTCHECK` is `Enable` or `Disable`.
pub const SRC_DST_CHECK_ACTIONS: &[&str] = &[
    "ec2:DescribeInstances",
    "ec2:ModifyNetworkInterfaceAttribute",
];

/// Whether the spec needs the IAM policy, and why (or why not).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IamNeed {
    /// Felix changes source/destination checks: the nodes need the policy.
    Needed,
    /// No policy needed, with the reason.
    NotNeeded(String),
}

/// Decides whether the nodes need the source/destination-check permissions:
/// only on AWS, IPv4, with `FELIX_AWSSRCDSTCHECK` other than `DoNothing`;
/// in the upstream profile (no cloud) whenever the spec sets
/// `awsSrcDstCheck` to `Enable` or `Disable`.
pub fn need(spec: &ResolvedSpec) -> IamNeed {
    if spec.profile.value == Profile::Upstream {
        // Upstream's manifests know no cloud: Felix acts on what is written.
        return if spec.calico.aws_src_dst_check.value == "DoNothing" {
            IamNeed::NotNeeded(
                "awsSrcDstCheck is not set (or DoNothing): Calico leaves source/destination checks alone".into(),
            )
        } else {
            IamNeed::Needed
        };
    }
    if spec.cloud_provider.value != Some(CloudProvider::Aws) {
        return IamNeed::NotNeeded(format!(
            "the cloud is {}, not AWS: Calico changes no EC2 settings",
            spec.cloud_provider
                .value
                .map(|c| c.as_str())
                .unwrap_or("not set")
        ));
    }
    if spec.ipv6_only.value {
        return IamNeed::NotNeeded(
            "the cluster is IPv6-only: FELIX_AWSSRCDSTCHECK is DoNothing".into(),
        );
    }
    if spec.calico.aws_src_dst_check.value == "DoNothing" {
        return IamNeed::NotNeeded(
            "awsSrcDstCheck is DoNothing: Calico leaves source/destination checks alone".into(),
        );
    }
    IamNeed::Needed
}

/// The IAM policy document (JSON) to attach to the nodes' role, if needed.
///
/// ```
/// let parsed = calico_spec::parse_str("cloudProvider: aws\nnetworking: {calico: {}}").unwrap();
/// let resolved = calico_spec::resolve(&parsed, &Default::default()).unwrap();
/// let policy = calico_spec::aws_iam::policy(&resolved).unwrap();
/// assert_eq!(policy["Statement"][0]["Action"][1], "ec2:ModifyNetworkInterfaceAttribute");
/// ```
///
/// In the upstream profile the spec's own `awsSrcDstCheck` decides:
///
/// ```
/// let parsed = calico_spec::parse_str("profile: upstream\nnetworking: {calico: {awsSrcDstCheck: Disable}}").unwrap();
/// let resolved = calico_spec::resolve(&parsed, &Default::default()).unwrap();
/// assert!(calico_spec::aws_iam::policy(&resolved).is_some());
/// ```
pub fn policy(spec: &ResolvedSpec) -> Option<Value> {
    match need(spec) {
        IamNeed::NotNeeded(_) => None,
        IamNeed::Needed => Some(json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Action": SRC_DST_CHECK_ACTIONS,
                "Resource": "*"
            }]
        })),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    fn resolved(yaml: &str) -> ResolvedSpec {
        crate::resolve(&crate::parse_str(yaml).unwrap(), &Default::default()).unwrap()
    }

    #[test]
    fn needed_on_aws_ipv4_unless_do_nothing() {
        for check in ["", "awsSrcDstCheck: Disable", "awsSrcDstCheck: Enable"] {
            let spec = resolved(&format!(
                "cloudProvider: aws\nnetworking: {{calico: {{{check}}}}}"
            ));
            assert_eq!(need(&spec), IamNeed::Needed, "{check}");
            let policy = policy(&spec).unwrap();
            assert_eq!(policy["Version"], "2012-10-17");
            assert_eq!(policy["Statement"][0]["Effect"], "Allow");
            assert_eq!(policy["Statement"][0]["Resource"], "*");
        }
    }

    #[test]
    fn not_needed_elsewhere_with_the_reason() {
        for (yaml, reason) in [
            ("cloudProvider: gce\nnetworking: {calico: {}}", "not AWS"),
            ("networking: {calico: {}}", "not AWS"),
            (
                "cloudProvider: aws\nnonMasqueradeCIDR: \"::/0\"\nnetworking: {calico: {}}",
                "IPv6-only",
            ),
            (
                "cloudProvider: aws\nnetworking: {calico: {awsSrcDstCheck: DoNothing}}",
                "DoNothing",
            ),
        ] {
            let spec = resolved(yaml);
            match need(&spec) {
                IamNeed::NotNeeded(why) => assert!(why.contains(reason), "{yaml}: {why}"),
                IamNeed::Needed => panic!("{yaml}: policy not expected"),
            }
            assert_eq!(policy(&spec), None);
        }
    }
}
