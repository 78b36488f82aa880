//! A change of Calico release: what kind of change it is, the hazards the
//! two releases' facts reveal, and the order to apply it in.
//!
//! The hazards are conditions on the release table's facts (a CRD the old
//! release has and the new one lacks, a shape fact that turns off), never
//! on release numbers, so a release added to the table brings its hazards
//! with it. The sources of each are in `docs/transitions.md`, "Release
//! hazards".

use crate::resolved::{Profile, ResolvedSpec};
use calico_release::{Facts, Release};

/// How two releases relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReleaseStep {
    /// The same release.
    Same,
    /// A newer patch of the same minor.
    PatchUpgrade,
    /// The next minor.
    MinorUpgrade,
    /// Two or more minors ahead.
    SkipUpgrade,
    /// An older release.
    Downgrade,
}

impl ReleaseStep {
    /// The step from `old` to `new`.
    ///
    /// ```
    /// use calico_spec::{upgrade::ReleaseStep, Release};
    /// let step = |a, b| ReleaseStep::of(Release::new(3, a, 0), Release::new(3, b, 0));
    /// assert_eq!(step(30, 31), ReleaseStep::MinorUpgrade);
    /// assert_eq!(step(31, 30), ReleaseStep::Downgrade);
    /// assert_eq!(step(29, 31), ReleaseStep::SkipUpgrade);
    /// ```
    pub fn of(old: Release, new: Release) -> ReleaseStep {
        use std::cmp::Ordering::*;
        match new.cmp(&old) {
            Equal => ReleaseStep::Same,
            Less => ReleaseStep::Downgrade,
            Greater if new.major() == old.major() && new.minor() == old.minor() => {
                ReleaseStep::PatchUpgrade
            }
            Greater if new.major() == old.major() && new.minor() == old.minor() + 1 => {
                ReleaseStep::MinorUpgrade
            }
            Greater => ReleaseStep::SkipUpgrade,
        }
    }

    /// Whether the step alone is disruptive, and why.
    pub fn verdict(self) -> (bool, &'static str) {
        match self {
            ReleaseStep::Same => (false, "the same release"),
            ReleaseStep::PatchUpgrade => (false, "a patch upgrade: a rolling update of calico-node, Typha and kube-controllers with the new images (apply the new CRDs first; see the plan)"),
            ReleaseStep::MinorUpgrade => (false, "an upgrade to the next minor release: a rolling update, not disruptive unless a hazard below applies; apply the new CRDs first, then the manifest (see the plan), and keep calicoctl in step"),
            ReleaseStep::SkipUpgrade => (true, "an upgrade across more than one minor release: calico-render checks one minor step at a time (each step's hazards are known), so upgrade through each minor in turn (diff each step)"),
            ReleaseStep::Downgrade => (true, "a downgrade: the older release's CRDs drop the fields the newer Calico wrote (the API server prunes what a CRD does not declare), and Calico's guides cover upgrades only; stay on the newer release, or restore the Calico resources from a backup taken before the upgrade"),
        }
    }
}

/// A hazard of moving between two releases.
pub struct Hazard {
    /// Short name, e.g. `admin_network_policies_removed`.
    pub id: &'static str,
    /// Whether it applies to a change from `old` to `new` in `profile`.
    pub applies: fn(old: &Facts, new: &Facts, profile: Profile) -> bool,
    /// Whether it makes the change disruptive.
    pub disruptive: bool,
    /// What happens, and why.
    pub reason: &'static str,
    /// The step it adds to the plan, after the CRDs and before the manifest.
    pub step: Option<&'static str>,
}

const ANP: &str = "adminnetworkpolicies.policy.networking.k8s.io";
const BANP: &str = "baselineadminnetworkpolicies.policy.networking.k8s.io";
const CNP: &str = "clusternetworkpolicies.policy.networking.k8s.io";

fn has(f: &Facts, crd: &str) -> bool {
    f.crds.contains(&crd)
}

/// The admin policy kinds give way to ClusterNetworkPolicy.
fn admin_policies_replaced(old: &Facts, new: &Facts) -> bool {
    let dropped = |crd| has(old, crd) && !has(new, crd);
    (dropped(ANP) || dropped(BANP)) && has(new, CNP)
}

/// The release hazards, in the order of `docs/transitions.md`.
pub static HAZARDS: &[Hazard] = &[
    Hazard {
        id: "admin_network_policies_removed",
        applies: |old, new, _| admin_policies_replaced(old, new),
        disruptive: true,
        reason: "the new release drops the AdminNetworkPolicy and BaselineAdminNetworkPolicy CRDs for ClusterNetworkPolicy: existing AdminNetworkPolicy and BaselineAdminNetworkPolicy objects stop being enforced, and kubectl apply leaves the old CRDs and objects in place",
        step: Some("rewrite each AdminNetworkPolicy and BaselineAdminNetworkPolicy (kubectl get adminnetworkpolicies,baselineadminnetworkpolicies) as a ClusterNetworkPolicy (tier Admin or Baseline) and apply them right after the new CRDs; after the manifest, delete the old objects and CRDs (kubectl delete crd adminnetworkpolicies.policy.networking.k8s.io baselineadminnetworkpolicies.policy.networking.k8s.io)"),
    },
    Hazard {
        id: "crds_removed",
        applies: |old, new, _| {
            let covered = |c: &str| admin_policies_replaced(old, new) && (c == ANP || c == BANP);
            old.crds.iter().any(|c| !new.crds.contains(c) && !covered(c))
        },
        disruptive: true,
        reason: "the new release drops CRDs the old one has: kubectl apply leaves them and their objects in place, and the new Calico ignores them",
        step: Some("check for objects of the dropped CRDs and move them to their replacements, then delete the CRDs"),
    },
    Hazard {
        id: "bandwidth_plugin_removed",
        // The operator writes calico-node and the CNI config itself.
        applies: |old, new, profile| {
            profile != Profile::Operator && old.shape.cni_bandwidth && !new.shape.cni_bandwidth
        },
        disruptive: true,
        reason: "the new release's CNI config no longer chains the bandwidth plugin: pods created after the upgrade get no traffic shaping from kubernetes.io/ingress-bandwidth and egress-bandwidth annotations (running pods keep theirs until they restart)",
        step: Some("check for pods with bandwidth annotations (kubectl get pods -A -o jsonpath='{..annotations}' | grep -- -bandwidth); if there are any, keep the old release or add the bandwidth plugin to the CNI config yourself"),
    },
    Hazard {
        id: "bpffs_init_container_renamed",
        applies: |old, new, profile| {
            profile != Profile::Operator && old.shape.bpffs_init != new.shape.bpffs_init
        },
        disruptive: false,
        reason: "calico-node's init container that mounts bpffs is renamed (mount-bpffs ↔ ebpf-bootstrap); the DaemonSet rolls as usual, but patches and policies that name the init container (kustomize patches, admission policies) must follow",
        step: None,
    },
    Hazard {
        id: "upstream_registry_moved",
        applies: |old, new, profile| {
            profile == Profile::Upstream && old.shape.upstream_registry != new.shape.upstream_registry
        },
        disruptive: false,
        reason: "upstream's manifests pull from another registry in the new release (docker.io up to 3.30, quay.io from 3.31): nodes must reach it, and a mirror must carry the new registry's images",
        step: Some("make sure the nodes can pull from the new registry (or set registry to your mirror, loaded with the new images)"),
    },
];

/// The hazards of the change between two resolved specs, with their facts.
pub fn hazards(old: &ResolvedSpec, new: &ResolvedSpec) -> Vec<&'static Hazard> {
    let (Ok(a), Ok(b)) = (old.release.value.facts(), new.release.value.facts()) else {
        return Vec::new();
    };
    if a.release == b.release {
        return Vec::new();
    }
    HAZARDS
        .iter()
        .filter(|h| (h.applies)(a, b, new.profile.value))
        .collect()
}

/// The order to apply a change of release in, as steps; `<new spec>`
/// stands for the new spec's file. Empty when the release is the same.
/// A move to or from the operator profile has its own plan instead
/// ([`crate::migration::plan`]).
///
/// ```
/// let spec = |v: &str| {
///     let parsed = calico_spec::parse_str(&format!("networking: {{calico: {{version: {v}}}}}")).unwrap();
///     calico_spec::resolve(&parsed, &Default::default()).unwrap()
/// };
/// let plan = calico_spec::upgrade::plan(&spec("v3.31.6"), &spec("v3.32.1"));
/// assert!(plan[0].contains("calico-render crds <new spec>"));
/// assert!(plan.last().unwrap().contains("calicoctl v3.32.1"));
/// ```
pub fn plan(old: &ResolvedSpec, new: &ResolvedSpec) -> Vec<String> {
    let migration = crate::migration::plan(old, new);
    if !migration.is_empty() {
        return migration;
    }
    if old.release.value == new.release.value
        && old.calico.image_tag.value == new.calico.image_tag.value
    {
        return Vec::new();
    }
    let operator = new.profile.value == Profile::Operator;
    let mut steps = vec![if operator {
        "apply the new release's operator install: calico-render --part install <new spec> | kubectl apply --server-side -f - (the new operator upgrades the CRDs, then calico-node, Typha and kube-controllers, itself)"
    } else {
        "apply the new release's CRDs first: calico-render crds <new spec> | kubectl apply --server-side --force-conflicts -f - (server-side: the CRDs are too large for kubectl's last-applied annotation)"
    }
    .to_string()];
    for h in hazards(old, new) {
        if let Some(step) = h.step {
            steps.push(format!("{}: {step}", h.id));
        }
    }
    steps.push(if operator {
        "apply the custom resources: calico-render --part resources <new spec> | kubectl apply -f -, then wait until kubectl get tigerastatus shows every component AVAILABLE True"
            .to_string()
    } else {
        "apply the manifest: calico-render <new spec> | kubectl apply -f -, then wait for the rollout (kubectl -n kube-system rollout status ds/calico-node)"
            .to_string()
    });
    steps.push(format!(
        "use calicoctl {} (calicoctl refuses a cluster of another version)",
        new.calico.image_tag.value
    ));
    steps
}
