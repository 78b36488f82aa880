//! Moving a cluster between the operator profile and a manifest install
//! (the kOps or upstream profile) of the same spec: what the Tigera
//! operator takes over, the settings it handles differently, and the order
//! of the move (`calico-render diff`'s checklist).
//!
//! The move from a manifest to the operator is the operator's own
//! migration: it adopts the running calico-node and moves it, node by
//! node, from `kube-system` to `calico-system`. It refuses an install it
//! cannot adopt (kube-controllers with a required node affinity, calico-node
//! with proxy variables, both of which kOps's addon has), so the plan first
//! makes the install adoptable. There is no move back: the operator removes
//! Calico when its Installation goes.

use crate::aws_iam::{need, IamNeed};
use crate::resolved::{Profile, ResolvedSpec, Source};
use crate::sizing::operator_typha;
use crate::transitions::SettingChange;
use serde_json::Value;

/// The operator profile is on one side of the change only.
fn crosses(old: &ResolvedSpec, new: &ResolvedSpec) -> bool {
    (old.profile.value == Profile::Operator) != (new.profile.value == Profile::Operator)
}

fn row(
    path: &str,
    old: &str,
    new: &str,
    disruptive: bool,
    reason: impl Into<String>,
) -> SettingChange {
    SettingChange {
        path: path.to_string(),
        old: Value::from(old),
        new: Value::from(new),
        disruptive,
        reason: reason.into(),
        rule: "operator_migration",
    }
}

/// What the operator takes over from the manifest, and the settings of
/// the spec it handles differently, as rows at `(operator) ...` paths;
/// empty unless the change crosses the operator profile. `old` is the
/// manifest side, whichever way the change goes.
///
/// ```
/// let spec = |profile: &str| {
///     let p = calico_spec::parse_str(&format!("profile: {profile}\nnetworking: {{calico: {{typhaReplicas: 2}}}}")).unwrap();
///     calico_spec::resolve(&p, &Default::default()).unwrap()
/// };
/// let rows = calico_spec::migration::changes(&spec("kops"), &spec("operator"));
/// assert!(rows.iter().any(|r| r.path == "(operator) Typha"));
/// assert!(calico_spec::migration::changes(&spec("kops"), &spec("kops")).is_empty());
/// ```
pub fn changes(old: &ResolvedSpec, new: &ResolvedSpec) -> Vec<SettingChange> {
    if !crosses(old, new) {
        return Vec::new();
    }
    let (manifest, operator) = if new.profile.value == Profile::Operator {
        (old, new)
    } else {
        (new, old)
    };
    let kops = manifest.profile.value == Profile::Kops;
    let owner = if kops { "kOps's" } else { "the manifest's" };
    let c = &operator.calico;
    let mut rows = vec![
        row(
            "(operator) calico-node",
            "kube-system/calico-node",
            "calico-system/calico-node",
            true,
            format!("the operator renders calico-node itself in calico-system, adopting {owner} DaemonSet node by node; the FELIX_* env of the manifest becomes the FelixConfiguration default (and what the operator sets there itself: bpfEnabled and nftablesMode from linuxDataplane, healthPort, the VXLAN VNI and port)"),
        ),
        row(
            "(operator) Typha",
            &format!("{} replicas", manifest.calico.typha_replicas.value),
            "sized by the operator",
            false,
            format!(
                "the operator always runs Typha and sizes it by node count ({}); typhaReplicas is not written",
                operator_typha(operator.node_count.as_ref().map(|n| n.value))
            ),
        ),
        row(
            "(operator) kube-controllers",
            if kops { "kube-system, control-plane nodes only" } else { "kube-system" },
            "calico-system",
            false,
            if kops {
                "the operator runs calico-kube-controllers in calico-system; kOps pins it to the control plane with a required node affinity, which the operator's migration refuses, while it carries a nodeSelector over as the Installation's controlPlaneNodeSelector: the plan swaps the one for the other"
            } else {
                "the operator runs calico-kube-controllers in calico-system and places it by the Installation's controlPlaneNodeSelector (carried over from the manifest's nodeSelector)"
            }
            .to_string(),
        ),
        row(
            "(operator) IP pools",
            "created by calico-node",
            "managed by the operator",
            false,
            "the operator takes over a running pool only when it equals the Installation's exactly (the Installation carries the spec's CIDR and encapsulation, so the pool the manifest created matches); a pool changed since (calicoctl) stays the cluster's and tigerastatus ippools turns Degraded: make the one match the other",
        ),
        row(
            "(operator) CRDs",
            "in the manifest",
            "installed by the operator",
            false,
            "the operator installs and upgrades Calico's CRDs (-manage-crds=true) and adopts the existing ones: never delete them (deleting a CRD deletes every object of its kind, pools and policies included)",
        ),
        row(
            "(operator) new components",
            "none",
            "calico-apiserver, Goldmane, Whisker",
            false,
            "custom-resources.yaml's APIServer, Goldmane and Whisker add Calico's API server (projectcalico.org/v3 for kubectl) and the flow-log aggregator and UI; delete those resources to do without them",
        ),
    ];
    if manifest.calico.registry.source != Source::User {
        rows.push(row(
            "(operator) spec.networking.calico.registry",
            &manifest.calico.registry.value,
            "quay.io (the operator's)",
            false,
            "without a registry in the spec the operator pulls Calico's images from its own default, quay.io: nodes must reach it (or set registry to your mirror, which then also needs tigera/operator)",
        ));
    }
    if manifest.calico.cpu_request.source != Source::User {
        rows.push(row(
            "(operator) spec.networking.calico.cpuRequest",
            &manifest.calico.cpu_request.value,
            "the operator's (none)",
            false,
            "the manifest's CPU request for calico-node is a default the operator does not share: set cpuRequest to keep it (the Installation's calicoNodeDaemonSet override)",
        ));
    }
    if c.typha_replicas.source == Source::User {
        rows.push(row(
            "(operator) spec.networking.calico.typhaReplicas",
            &c.typha_replicas.value.to_string(),
            "not written",
            false,
            "the operator sizes Typha itself (see (operator) Typha)",
        ));
    }
    if kops && manifest.egress_proxy.is_some() {
        rows.push(row(
            "(operator) spec.egressProxy",
            "proxy env on calico-node",
            "none",
            true,
            "the operator gives calico-node no proxy variables and its migration refuses env it does not know: the plan removes them first, and calico-node must then reach the API server (and the EC2 API for awsSrcDstCheck) directly",
        ));
    }
    if c.nftables_mode.value.as_deref() == Some("Auto") {
        rows.push(row(
            "(operator) spec.networking.calico.nftablesMode",
            "Auto",
            "Disabled",
            true,
            "the operator sets nftablesMode from linuxDataplane: Auto becomes Disabled (iptables); set nftablesMode: Enabled for the Nftables dataplane",
        ));
    }
    if kops && need(manifest) == IamNeed::Needed {
        rows.push(row(
            "(operator) AWS permissions",
            "kOps grants them with its Calico addon",
            "yours to grant",
            true,
            format!("Felix changes the instances' source/destination check ({}), which needs ec2:ModifyNetworkInterfaceAttribute; kOps grants it only while it manages Calico: before kOps stops, add calico-render aws-iam-policy's statement to the kOps Cluster's spec.additionalPolicies.node", manifest.calico.aws_src_dst_check.value),
        ));
    }
    rows
}

/// The order of the move, as steps; `<new spec>` and `<old spec>` stand for
/// the specs' files. Empty unless the change crosses the operator profile.
///
/// ```
/// let spec = |profile: &str| {
///     let p = calico_spec::parse_str(&format!("profile: {profile}\nnetworking: {{calico: {{}}}}")).unwrap();
///     calico_spec::resolve(&p, &Default::default()).unwrap()
/// };
/// let plan = calico_spec::migration::plan(&spec("kops"), &spec("operator"));
/// assert!(plan.iter().any(|s| s.contains("--part install")));
/// assert!(plan.iter().position(|s| s.contains("--part install")) < plan.iter().position(|s| s.contains("--part resources")));
/// ```
pub fn plan(old: &ResolvedSpec, new: &ResolvedSpec) -> Vec<String> {
    if !crosses(old, new) {
        return Vec::new();
    }
    if old.profile.value == Profile::Operator {
        return vec![
            "the operator has no migration back to a manifest install: deleting its Installation removes Calico from every node. Move back by building a new cluster with the manifest install, or by draining and replacing the nodes of this one".to_string(),
        ];
    }
    let kops = old.profile.value == Profile::Kops;
    let mut steps = vec![
        "back up Calico's data: kubectl get ippools.crd.projectcalico.org,felixconfigurations.crd.projectcalico.org,bgpconfigurations.crd.projectcalico.org,bgppeers.crd.projectcalico.org -o yaml > calico-backup.yaml".to_string(),
    ];
    if kops {
        if need(old) == IamNeed::Needed {
            steps.push("keep the nodes' EC2 permission: add the statement of calico-render aws-iam-policy <old spec> to the kOps Cluster's spec.additionalPolicies.node".to_string());
        }
        steps.push("stop kOps managing Calico, so that it does not write its addon back: set the kOps Cluster's spec.networking to {cni: {}} and run kops update cluster --yes (the running objects stay)".to_string());
        steps.push("make the install adoptable (the operator's migration refuses a node affinity on kube-controllers and unknown env on calico-node): swap kube-controllers' affinity for a control-plane nodeSelector: kubectl -n kube-system patch deployment calico-kube-controllers --type json -p '[{\"op\":\"remove\",\"path\":\"/spec/template/spec/affinity\"},{\"op\":\"add\",\"path\":\"/spec/template/spec/nodeSelector/node-role.kubernetes.io~1control-plane\",\"value\":\"\"}]'".to_string());
        if old.egress_proxy.is_some() {
            steps.push("remove the proxy variables from calico-node: kubectl -n kube-system set env ds/calico-node http_proxy- https_proxy- no_proxy- NO_PROXY-, and wait for the rollout".to_string());
        }
    }
    steps.push("apply the operator's install and wait for its CRDs: calico-render --part install <new spec> | kubectl apply --server-side -f -, then kubectl wait --for condition=established --timeout=120s crd/installations.operator.tigera.io".to_string());
    steps.push("apply the custom resources: calico-render --part resources <new spec> | kubectl apply -f -; the operator adopts calico-node and moves it to calico-system node by node: wait until kubectl get tigerastatus calico says AVAILABLE True".to_string());
    steps.push("remove what the manifest left in kube-system once no calico-node pod runs there (the objects this diff lists as removed, except the CustomResourceDefinitions, which the operator now owns): e.g. kubectl -n kube-system delete configmap calico-config".to_string());
    steps
}
