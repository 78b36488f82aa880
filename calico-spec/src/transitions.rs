//! Is a change safe to apply? Compares two resolved specs setting by setting
//! and classifies each change with a researched rule. The facts behind each
//! rule, with their sources, are in `docs/transitions.md`; the table there is
//! what [`RULES`] implements.

use crate::explain::ExplainedSetting;
use crate::resolved::ResolvedSpec;
use crate::upgrade::ReleaseStep;
use calico_release::Release;
use serde::Serialize;
use serde_json::Value;

/// One changed effective setting.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SettingChange {
    /// The setting's path (as in `explain`).
    pub path: String,
    /// The value before.
    pub old: Value,
    /// The value after.
    pub new: Value,
    /// True when `kubectl apply` alone is not safe or not enough.
    pub disruptive: bool,
    /// Why, and the safe procedure.
    pub reason: String,
    /// The rule that classified the change (e.g. `bpf_toggle`).
    #[serde(skip)]
    pub rule: &'static str,
}

/// What a rule sees: both specs and the changed values.
pub struct Change<'a> {
    /// The spec before.
    pub old_spec: &'a ResolvedSpec,
    /// The spec after.
    pub new_spec: &'a ResolvedSpec,
    /// The value before.
    pub old: &'a Value,
    /// The value after.
    pub new: &'a Value,
}

/// A classification rule: the settings it covers and its verdict.
pub struct Rule {
    /// Short name, e.g. `bpf_toggle`.
    pub id: &'static str,
    /// The explain paths it covers.
    pub paths: &'static [&'static str],
    /// (disruptive, reason and procedure) for a change.
    pub classify: fn(&Change<'_>) -> (bool, &'static str),
}

macro_rules! fixed {
    ($d:expr, $why:expr) => {
        |_: &Change<'_>| ($d, $why)
    };
}

const ENCAPSULATION_WHY: &str = "the pool keeps its old encapsulation (CALICO_IPV4POOL_* only seed the default IPPool when it is first created) and the backend changes (BIRD for IP-in-IP, none for VXLAN), so routes and BGP sessions drop while nodes disagree. ipip→vxlan: first patch the pool (calicoctl patch ippool default-ipv4-ippool -p '{\"spec\":{\"ipipMode\":\"Never\",\"vxlanMode\":\"Always\"}}'), then apply; vxlan→ipip: apply, wait for BGP to establish, then patch the pool; restart pods if the MTU is auto-detected";

/// The rules, in the order of `docs/transitions.md` §5.
pub const RULES: &[Rule] = &[
    Rule {
        id: "bpf_toggle",
        paths: &["spec.networking.calico.bpfEnabled"],
        classify: fixed!(true, "kube-proxy must leave or return in step with the eBPF dataplane; NodePorts break while nodes differ and turning eBPF off cuts existing connections. On: apply the kubernetes-services-endpoint ConfigMap first (wait 60 s), keep bpfKubeProxyIptablesCleanupEnabled off while kube-proxy still runs, roll calico-node, then remove kube-proxy. Off: restore kube-proxy first, then turn eBPF off"),
    },
    Rule {
        id: "kube_proxy_toggle",
        paths: &["spec.kubeProxy.enabled"],
        classify: |c| {
            let bpf_changed = c.old_spec.calico.bpf_enabled.value != c.new_spec.calico.bpf_enabled.value;
            if bpf_changed {
                (true, "kube-proxy changes together with the eBPF dataplane: follow the order given for the eBPF change")
            } else if c.new == &Value::Bool(false) && !c.new_spec.calico.bpf_enabled.value {
                (true, "without the eBPF dataplane nothing else implements Services: keep kube-proxy unless eBPF (or another proxy) replaces it")
            } else if c.new_spec.calico.bpf_enabled.value {
                (false, "the eBPF dataplane keeps serving Services")
            } else {
                (false, "kube-proxy comes back to serve Services; applied by kOps or your cluster tooling, not by this manifest")
            }
        },
    },
    Rule {
        id: "encapsulation_change",
        paths: &["spec.networking.calico.encapsulationMode"],
        classify: fixed!(true, ENCAPSULATION_WHY),
    },
    Rule {
        id: "backend_change",
        paths: &["(derived) calicoBackend"],
        classify: fixed!(true, "a vxlan or none backend runs no BIRD: IP-in-IP routes and every BGP peering disappear; remove BIRD last and restore it first (see the encapsulation change)"),
    },
    Rule {
        id: "ipip_mode_change",
        paths: &["spec.networking.calico.ipipMode (CALICO_IPV4POOL_IPIP)"],
        classify: fixed!(true, "CALICO_IPV4POOL_IPIP only shapes the default IPPool when it is first created: on a running cluster this change silently does nothing until you patch the pool: calicoctl patch ippool default-ipv4-ippool -p '{\"spec\":{\"ipipMode\":\"<new mode>\"}}'; Never or CrossSubnet also need an underlay that routes pod traffic"),
    },
    Rule {
        id: "vxlan_mode_change",
        paths: &["spec.networking.calico.vxlanMode (CALICO_IPV4POOL_VXLAN)"],
        classify: fixed!(true, "CALICO_IPV4POOL_VXLAN only shapes the default IPPool when it is first created: on a running cluster this change silently does nothing until you patch the pool: calicoctl patch ippool default-ipv4-ippool -p '{\"spec\":{\"vxlanMode\":\"<new mode>\"}}'; Never or CrossSubnet also need an underlay that routes pod traffic"),
    },
    Rule {
        id: "ipv6_pool_vxlan_mode_change",
        paths: &["spec.networking.calico.vxlanMode (CALICO_IPV6POOL_VXLAN)"],
        classify: fixed!(false, "this manifest never creates an IPv6 pool from CALICO_IPV6POOL_VXLAN (IPv4 clusters have no IPv6 pool; IPv6 clusters use no encapsulation)"),
    },
    Rule {
        id: "pod_cidr_change",
        paths: &[
            "spec.kubeControllerManager.clusterCIDR",
            "spec.kubeControllerManager.clusterCIDR (CALICO_IPV6POOL_CIDR)",
            "spec.podCIDR",
        ],
        classify: fixed!(true, "CALICO_IPV4POOL_CIDR only seeds the first pool, a pool's CIDR cannot change and pods keep their addresses: change the cluster CIDR, create an IPPool for the new CIDR, disable the old pool (spec.disabled: true), recreate the pods, then delete the old pool"),
    },
    Rule {
        id: "ip_family_change",
        paths: &["(derived) ipv6Only", "spec.nonMasqueradeCIDR"],
        classify: |c| {
            if c.old_spec.ipv6_only.value != c.new_spec.ipv6_only.value {
                (true, "IPAM, pools, node addresses and the backend all change with the IP family: not possible in place; build a new cluster in the target family and migrate workloads")
            } else {
                (true, "the non-masquerade range decides the default pod CIDR and kOps's proxy exclusions: pods keep their addresses from the old range (see the pod CIDR change)")
            }
        },
    },
    Rule {
        id: "wireguard_toggle",
        paths: &["spec.networking.calico.wireguardEnabled"],
        classify: fixed!(true, "while calico-node rolls, nodes disagree on encryption and routing can be asymmetric; the pod MTU drops by 60 bytes for new pods only, and turning it off sends traffic in clear text. Make sure the wireguard module and UDP 51820 are available, apply, check each node's WireGuard public key, then restart workloads"),
    },
    Rule {
        id: "mtu_change",
        paths: &["spec.networking.calico.mtu"],
        classify: fixed!(true, "only the calico-config ConfigMap changes, so nothing restarts, and afterwards only new pods get the new MTU: apply, run kubectl -n kube-system rollout restart ds/calico-node, then restart every workload"),
    },
    Rule {
        id: "typha_toggle",
        paths: &["spec.networking.calico.typhaReplicas"],
        classify: |c| {
            let on = |v: &Value| v.as_i64().unwrap_or(0) > 0;
            if on(c.old) != on(c.new) {
                (true, "every calico-node restarts to switch between the API server and Typha, and a Felix that cannot reach Typha stays not ready. 0→N: apply the Typha objects first and wait until Typha is ready, then let calico-node roll; N→0: roll calico-node first, then delete the Typha objects")
            } else {
                (false, "scaling Typha: only the Typha Deployment's replica count changes")
            }
        },
    },
    Rule {
        id: "nftables_mode_change",
        paths: &["spec.networking.calico.nftablesMode"],
        classify: |c| {
            let enabled = |v: &Value| v.as_str() == Some("Enabled");
            if enabled(c.old) != enabled(c.new) {
                (true, "the dataplane switches between iptables and nftables: kube-proxy must switch mode in step and nodes disagree until rebuilt; change Calico and kube-proxy together, then rebuild the nodes")
            } else {
                (false, "the effective dataplane mode does not change (Auto behaves as Disabled here)")
            }
        },
    },
    Rule {
        id: "iptables_backend_change",
        paths: &["spec.networking.calico.iptablesBackend"],
        classify: fixed!(true, "rules programmed in the other backend stay behind and the backend must match kube-proxy's: prefer Auto; apply, then rebuild or reboot the nodes"),
    },
    Rule {
        id: "chain_insert_mode_change",
        paths: &["spec.networking.calico.chainInsertMode"],
        classify: |c| {
            if c.new.as_str() == Some("append") {
                (true, "with append, ACCEPT rules that other software put before Calico's chains bypass Calico policy: audit the hosts' iptables rules before switching")
            } else {
                (false, "insert puts Calico's chains first again; applied by a rolling update")
            }
        },
    },
    Rule {
        id: "bpf_external_service_mode_change",
        paths: &["spec.networking.calico.bpfExternalServiceMode"],
        classify: |c| {
            if c.old_spec.calico.bpf_enabled.value && c.new_spec.calico.bpf_enabled.value {
                (true, "switching between Tunnel and DSR can cut service connections in progress, and DSR needs an underlay that accepts the return path (on AWS: awsSrcDstCheck: Disable first); plan a window")
            } else {
                (false, "has no effect while the eBPF dataplane is off")
            }
        },
    },
    Rule {
        id: "bpf_kube_proxy_cleanup_change",
        paths: &["spec.networking.calico.bpfKubeProxyIptablesCleanupEnabled"],
        classify: fixed!(false, "only acts with eBPF on and kube-proxy gone (while turning eBPF on, keep it off as long as kube-proxy still runs)"),
    },
    Rule {
        id: "bpf_log_level_change",
        paths: &["spec.networking.calico.bpfLogLevel"],
        classify: fixed!(false, "logging only; applied by a rolling update"),
    },
    Rule {
        id: "aws_src_dst_check_change",
        paths: &["spec.networking.calico.awsSrcDstCheck"],
        classify: fixed!(true, "Enable or DoNothing makes AWS drop unencapsulated pod traffic (now, or on new nodes), and Disable needs the EC2 permissions (calico-render aws-iam-policy) or Felix stays not ready: to Disable, grant the IAM policy first; away from Disable, switch the pool to encapsulation Always first"),
    },
    Rule {
        id: "ip_autodetection_change",
        paths: &[
            "spec.networking.calico.ipv4AutoDetectionMethod",
            "spec.networking.calico.ipv6AutoDetectionMethod",
        ],
        classify: fixed!(true, "if the new method picks another address, the node's BGP and tunnel address moves when calico-node restarts: check what the method selects on one node first and watch the first restarted node"),
    },
    Rule {
        id: "allow_ip_forwarding_change",
        paths: &["spec.networking.calico.allowIPForwarding"],
        classify: fixed!(true, "the CNI configuration is only rewritten when calico-node restarts, and then applies to new pods: apply, restart ds/calico-node, then recreate the affected pods"),
    },
    Rule {
        id: "api_endpoint_change",
        paths: &[
            "(derived) apiInternalName",
            "metadata.name",
            "spec.kubernetesServiceEndpoint",
        ],
        classify: |c| {
            if c.new_spec.calico.bpf_enabled.value {
                (true, "kubernetes-services-endpoint is only read when containers start: apply, wait 60 s, then restart calico-node, calico-kube-controllers and Typha")
            } else {
                (false, "the API server name is only used by the eBPF dataplane, which is off")
            }
        },
    },
    Rule {
        id: "version_change",
        paths: &["(rendered) Calico release", "spec.networking.calico.version"],
        classify: |c| {
            // The image tag can name an unknown patch (rendered in a known
            // one's shape): the step is between the tags when both parse.
            let tag = |s: &ResolvedSpec| s.calico.image_tag.value.parse::<Release>().unwrap_or(s.release.value);
            match ReleaseStep::of(tag(c.old_spec), tag(c.new_spec)) {
                ReleaseStep::Same => ReleaseStep::of(c.old_spec.release.value, c.new_spec.release.value).verdict(),
                step => step.verdict(),
            }
        },
    },
    Rule {
        id: "registry_change",
        paths: &["spec.networking.calico.registry"],
        classify: fixed!(false, "the same images from another registry; a rolling restart (check that the mirror has every image first)"),
    },
    Rule {
        id: "cpu_request_change",
        paths: &["spec.networking.calico.cpuRequest"],
        classify: fixed!(false, "a rolling restart of calico-node"),
    },
    Rule {
        id: "log_level_change",
        paths: &["spec.networking.calico.logSeverityScreen"],
        classify: fixed!(false, "a rolling restart of calico-node"),
    },
    Rule {
        id: "metrics_change",
        paths: &[
            "spec.networking.calico.prometheusMetricsEnabled",
            "spec.networking.calico.prometheusMetricsPort",
            "spec.networking.calico.prometheusGoMetricsEnabled",
            "spec.networking.calico.prometheusProcessMetricsEnabled",
            "spec.networking.calico.typhaPrometheusMetricsEnabled",
            "spec.networking.calico.typhaPrometheusMetricsPort",
        ],
        classify: fixed!(false, "a rolling restart; update scrape configurations and firewalls for a new port"),
    },
    Rule {
        id: "egress_proxy_change",
        paths: &[
            "spec.egressProxy.httpProxy (http_proxy)",
            "spec.egressProxy.excludes (no_proxy)",
            "spec.networkCIDR",
        ],
        classify: fixed!(false, "proxy environment variables; a rolling restart (make sure the API server stays reachable with the new proxy settings)"),
    },
    Rule {
        id: "bgp_as_number_change",
        paths: &["spec.bgp.asNumber"],
        classify: fixed!(true, "every BGP session re-establishes under the new AS: plan a window, change external peers in step, and check calicoctl node status afterwards"),
    },
    Rule {
        id: "route_reflectors_toggle",
        paths: &["spec.bgp.routeReflectors"],
        classify: |c| {
            if c.old.is_null() != c.new.is_null() {
                (true, "turning the mesh off before reflector sessions are up drops routes. On: label and annotate the reflector nodes (projectcalico.org/RouteReflectorClusterID), apply so that the BGPPeer exists, wait for sessions to be Established, and only then is the mesh off; off: turn the mesh back on, wait, then delete the BGPPeer")
            } else {
                (true, "moving the route reflectors: sessions move to other nodes, and the cluster ID is a node annotation the manifest does not set: label and annotate the new reflectors first, apply, check, then unlabel the old ones")
            }
        },
    },
    Rule {
        id: "cloud_provider_change",
        paths: &["spec.cloudProvider"],
        classify: fixed!(true, "a different cloud is a different cluster: build a new one"),
    },
    Rule {
        id: "profile_change",
        paths: &["spec.profile"],
        classify: |c| {
            let operator = |s: &ResolvedSpec| s.profile.value == crate::resolved::Profile::Operator;
            if operator(c.old_spec) || operator(c.new_spec) {
                (true, "the Tigera operator replaces the manifest install (or is replaced): it runs calico-node, Typha and kube-controllers in calico-system and takes the settings from the Installation and FelixConfiguration; the (operator) rows say what it takes over and handles differently, and the plan at the end gives the order of the move")
            } else {
                (true, "kOps's addon and upstream's manifests differ in more than their settings: CLUSTER_TYPE, where kube-controllers runs, the pool defaults (kOps's CrossSubnet, upstream's Always), the registry and every Felix setting kOps writes; the other rows of this diff say what each of those changes needs. Review them all, apply the manifest the new profile renders in one step, and stop managing Calico with the old tool (kOps would write its addon back)")
            }
        },
    },
    Rule {
        id: "policy_only_toggle",
        paths: &["spec.policyOnly"],
        classify: fixed!(true, "Calico starts or stops networking the pods (its CNI plugin, IPAM and routes against another plugin's): not possible in place; migrate the nodes to the new CNI one by one (drain, switch, reboot) or build a new cluster"),
    },
    Rule {
        id: "advisory_only",
        paths: &["spec.nodeCount", "spec.hostMTU"],
        classify: fixed!(false, "advice only: nothing in the manifest changes"),
    },
];

/// Within the operator profile, the verdicts that differ from a manifest
/// install's: the operator reconciles the pools it manages from the
/// Installation and sizes Typha itself.
fn operator_verdict(
    rule: &str,
    old: &ResolvedSpec,
    new: &ResolvedSpec,
) -> Option<(bool, &'static str)> {
    let operator = crate::resolved::Profile::Operator;
    if old.profile.value != operator || new.profile.value != operator {
        return None;
    }
    match rule {
        "typha_toggle" => Some((false, "no effect in the operator profile: the operator runs Typha and sizes it itself, and typhaReplicas is not written")),
        "ipip_mode_change" | "vxlan_mode_change" => Some((true, "the operator reconciles the pool it manages from the Installation, so the running pool's encapsulation changes (through the Calico API server, once it is up) and routes between nodes switch with it; Never or CrossSubnet also need an underlay that routes pod traffic")),
        "pod_cidr_change" => Some((true, "a pool's CIDR cannot change in place: the operator creates the Installation's new pool and removes the pool it managed that the Installation no longer lists, while pods keep their old addresses until they are recreated; add the new range next to the old one in the Installation's calicoNetwork.ipPools yourself, recreate the pods, then drop the old pool")),
        _ => None,
    }
}

/// Compares two resolved specs and classifies every changed setting.
///
/// ```
/// let a = calico_spec::parse_str("networking: {calico: {}}").unwrap();
/// let b = calico_spec::parse_str("networking: {calico: {mtu: 8981}}").unwrap();
/// let a = calico_spec::resolve(&a, &Default::default()).unwrap();
/// let b = calico_spec::resolve(&b, &Default::default()).unwrap();
/// let changes = calico_spec::transitions::compare(&a, &b);
/// assert_eq!(changes.len(), 1);
/// assert_eq!(changes[0].path, "spec.networking.calico.mtu");
/// assert!(changes[0].disruptive);
/// ```
pub fn compare(old: &ResolvedSpec, new: &ResolvedSpec) -> Vec<SettingChange> {
    let old_rows = old.explain();
    let new_rows = new.explain();
    let find = |rows: &[ExplainedSetting], path: &str| {
        rows.iter()
            .find(|r| r.path == path)
            .map(|r| r.value.clone())
    };
    let mut paths: Vec<&str> = old_rows.iter().map(|r| r.path.as_str()).collect();
    for r in &new_rows {
        if !paths.contains(&r.path.as_str()) {
            paths.push(&r.path);
        }
    }
    let mut changes = Vec::new();
    for path in paths {
        if path.starts_with("(advice)") {
            continue;
        }
        let (o, n) = match (find(&old_rows, path), find(&new_rows, path)) {
            (Some(o), Some(n)) => (o, n),
            // A setting one profile has and the other lacks (the upstream
            // profile's policyOnly, kOps's cluster name): the profile
            // change covers it.
            _ if old.profile.value != new.profile.value => continue,
            (o, n) => (o.unwrap_or(Value::Null), n.unwrap_or(Value::Null)),
        };
        if o == n {
            continue;
        }
        let change = Change {
            old_spec: old,
            new_spec: new,
            old: &o,
            new: &n,
        };
        let (rule, disruptive, reason) = match RULES.iter().find(|r| r.paths.contains(&path)) {
            Some(rule) => {
                let (d, why) = operator_verdict(rule.id, old, new)
                    .unwrap_or_else(|| (rule.classify)(&change));
                (rule.id, d, why.to_string())
            }
            None => (
                "unresearched",
                true,
                "no researched rule covers this setting: treat the change as disruptive until checked".to_string(),
            ),
        };
        changes.push(SettingChange {
            path: path.to_string(),
            old: o,
            new: n,
            disruptive,
            reason,
            rule,
        });
    }
    // Between a manifest and the operator: what the operator takes over.
    changes.extend(crate::migration::changes(old, new));
    // The hazards the two releases' facts reveal, each an entry of its own.
    for hazard in crate::upgrade::hazards(old, new) {
        changes.push(SettingChange {
            path: "(rendered) Calico release".to_string(),
            old: Value::from(old.release.value.to_string()),
            new: Value::from(new.release.value.to_string()),
            disruptive: hazard.disruptive,
            reason: hazard.reason.to_string(),
            rule: hazard.id,
        });
    }
    changes
}
