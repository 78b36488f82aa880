//! FelixConfiguration: settings of Felix, Calico's per-node agent.

use std::collections::BTreeMap;

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

use crate::common::EnabledDisabled;
use crate::meta::IntOrString;
use crate::numorstring::Port;
use crate::resource::{resource, CALICO_API_VERSION};
use crate::schema::{DoubledEnum, EnumFrom, Int, V3_32_0};

/// A Go-style duration such as `90s` or `1m30s`.
const DURATION: &str = r"^([0-9]+(\\.[0-9]+)?(ms|s|m|h))*$";
/// A conntrack timeout: a duration, or `Auto`.
const CONNTRACK_TIMEOUT: &str = r"^(([0-9]*(\.[0-9]*)?(ms|s|h|m|us)+)+|Auto)$";
/// A log level name, any case.
pub(crate) const LOG_LEVEL: &str = r"^(?i)(Trace|Debug|Info|Warning|Error|Fatal)?$";
/// `Accept` or `Return`, any case.
const ACCEPT_OR_RETURN: &str = r"^(?i)(Accept|Return)?$";
/// `Drop` or `Reject`, any case.
const DROP_OR_REJECT: &str = r"^(?i)(Drop|Reject)?$";

resource! {
    /// Felix settings: cluster-wide (name `default`) or for one node (name `node.<node>`).
    FelixConfiguration(CALICO_API_VERSION) { spec: FelixConfigurationSpec }
}

/// What Felix does with the AWS source/destination check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum AWSSrcDstCheckOption {
    /// Leave it as it is.
    DoNothing,
    /// Turn the check on.
    Enable,
    /// Turn the check off (needed for unencapsulated pod traffic).
    Disable,
}

/// How BPF programs attach to interfaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum BPFAttachOption {
    /// Classic traffic-control hooks.
    #[serde(rename = "TC")]
    Tc,
    /// TCX links (newer kernels).
    #[serde(rename = "TCX")]
    Tcx,
}

/// Scope of connect-time load balancing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum BPFConnectTimeLBType {
    /// TCP only.
    #[serde(rename = "TCP")]
    Tcp,
    /// All protocols.
    Enabled,
    /// Never.
    Disabled,
}

/// Log level of the BPF conntrack cleaner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum BPFConntrackLogLevel {
    /// No logs.
    Off,
    /// Verbose logs.
    Debug,
}

/// Which conntrack cleaner runs in BPF mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum BPFConntrackMode {
    /// Pick the best one the kernel supports.
    Auto,
    /// Clean from Felix.
    Userspace,
    /// Clean with a BPF program.
    #[serde(rename = "BPFProgram")]
    BpfProgram,
}

/// BPF JIT hardening setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum BPFJITHardening {
    /// Relax it when it would cost too much.
    Auto,
    /// Keep it as the kernel sets it.
    Strict,
}

/// Redirecting packets straight to the veth peer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum BPFRedirectToPeer {
    /// Always when possible.
    Enabled,
    /// Never.
    Disabled,
    /// Only for layer-2 devices.
    #[schemars(extend("x-calico-until" = "v3.32.0"))]
    L2Only,
}

/// The iptables backend (the schema lists the values from 3.32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
enum IptablesBackend {
    /// iptables-legacy.
    Legacy,
    /// iptables-nft.
    #[serde(rename = "NFT")]
    Nft,
    /// Whichever the host uses.
    Auto,
}

/// Schema of `istioDSCPMark`: an int-or-string typed as an integer, with a
/// catch-all pattern.
struct DscpMark;

impl JsonSchema for DscpMark {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "DscpMark".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "integer", "x-kubernetes-int-or-string": true, "pattern": "^.*" })
    }
}

/// Local flow-log buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum FlowLogsLocalReporter {
    /// Off.
    Disabled,
    /// On.
    Enabled,
}

/// Evaluation of flows against staged policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum FlowLogsPolicyEvaluationMode {
    /// Not evaluated.
    None,
    /// Evaluated all the time.
    Continuous,
}

/// Destinations outgoing NAT leaves alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum NATOutgoingExclusions {
    /// Addresses of Calico IP pools.
    #[serde(rename = "IPPoolsOnly")]
    IpPoolsOnly,
    /// Addresses of Calico IP pools and of hosts.
    #[serde(rename = "IPPoolsAndHostIPs")]
    IpPoolsAndHostIps,
}

/// Whether Felix programs nftables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum NFTablesMode {
    /// Use iptables.
    Disabled,
    /// Use nftables.
    Enabled,
    /// Use whichever kube-proxy uses.
    Auto,
}

/// Desired state of a [`FelixConfiguration`]; every field is optional and
/// unset fields keep Felix's default.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend(
    "x-kubernetes-validations" = [
        {
            "message": "routeTableRange and routeTableRanges cannot both be set",
            "reason": "FieldValueForbidden",
            "rule": "!has(self.routeTableRange) || !has(self.routeTableRanges)"
        },
    ],
    "x-calico-before" = { "v3.32.0": { "x-kubernetes-validations": null } }
))]
pub struct FelixConfigurationSpec {
    /// Accept IP-in-IP packets sent by workloads.
    #[serde(
        rename = "allowIPIPPacketsFromWorkloads",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allow_ipip_packets_from_workloads: Option<bool>,
    /// Accept VXLAN packets sent by workloads.
    #[serde(
        rename = "allowVXLANPacketsFromWorkloads",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allow_vxlan_packets_from_workloads: Option<bool>,
    /// What Felix does with the AWS source/destination check of the node's instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_src_dst_check: Option<AWSSrcDstCheckOption>,
    /// How BPF programs are attached to interfaces: classic TC or TCX.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.31.0"))]
    pub bpf_attach_type: Option<BPFAttachOption>,
    /// Extra logging for connect-time load balancing: `all` logs every connection.
    #[serde(
        rename = "bpfCTLBLogFilter",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub bpf_ctlb_log_filter: Option<String>,
    /// Where the BPF dataplane resolves services at connect time: `TCP` only, all protocols, or never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bpf_connect_time_load_balancing: Option<BPFConnectTimeLBType>,
    /// Older switch for connect-time load balancing; `bpfConnectTimeLoadBalancing` replaces it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bpf_connect_time_load_balancing_enabled: Option<bool>,
    /// Log level of the BPF conntrack cleaner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.30.0"))]
    pub bpf_conntrack_log_level: Option<BPFConntrackLogLevel>,
    /// Which conntrack cleaner the BPF dataplane runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.30.0"))]
    pub bpf_conntrack_mode: Option<BPFConntrackMode>,
    /// Idle timeouts of BPF conntrack entries, per state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.30.0"))]
    pub bpf_conntrack_timeouts: Option<BPFConntrackTimeouts>,
    /// Client ranges that never get direct server return.
    #[serde(
        rename = "bpfDSROptoutCIDRs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub bpf_dsr_optout_cidrs: Option<Vec<String>>,
    /// Regex of the host interfaces that carry workload traffic in BPF mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bpf_data_iface_pattern: Option<String>,
    /// Regex of interfaces whose generic receive offload is turned off.
    #[serde(
        rename = "bpfDisableGROForIfaces",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub bpf_disable_gro_for_ifaces: Option<String>,
    /// Forbid BPF for unprivileged users (sets the kernel sysctl).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bpf_disable_unprivileged: Option<bool>,
    /// Use the eBPF dataplane instead of iptables/nftables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bpf_enabled: Option<bool>,
    /// Reverse-path filtering in BPF mode: `Disabled`, `Strict` or `Loose`.
    #[serde(
        rename = "bpfEnforceRPF",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(regex(pattern = r"^(?i)(Disabled|Strict|Loose)?$"))]
    pub bpf_enforce_rpf: Option<String>,
    /// Destinations that BPF-mode service NAT leaves alone.
    #[serde(
        rename = "bpfExcludeCIDRsFromNAT",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(extend("x-calico-since" = "v3.27.1"))]
    pub bpf_exclude_cidrs_from_nat: Option<Vec<String>>,
    /// Size in MB of the BPF ring buffer used to export flow events.
    #[serde(
        rename = "bpfExportBufferSizeMB",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<Int>")]
    #[schemars(extend("x-calico-since" = "v3.30.0"))]
    pub bpf_export_buffer_size_mb: Option<i64>,
    /// Mark set on connections from outside to a service (for policy routing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    pub bpf_ext_to_service_connmark: Option<i64>,
    /// How traffic from outside reaches node ports: `Tunnel` or `DSR`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^(?i)(Tunnel|DSR)?$"))]
    pub bpf_external_service_mode: Option<String>,
    /// Interfaces whose packets are always tracked, even with untracked policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bpf_force_track_packets_from_ifaces: Option<Vec<String>>,
    /// Skip Linux conntrack for traffic to and from the host in BPF mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bpf_host_conntrack_bypass: Option<bool>,
    /// Whether host-networked processes get service NAT when connect-time load balancing is off.
    #[serde(
        rename = "bpfHostNetworkedNATWithoutCTLB",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub bpf_host_networked_nat_without_ctlb: Option<EnabledDisabled>,
    /// BPF JIT hardening: `Auto` leaves the kernel default unless it is too costly, `Strict` forces it.
    #[serde(
        rename = "bpfJITHardening",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<DoubledEnum<BPFJITHardening>>")]
    #[schemars(extend("x-calico-since" = "v3.31.0"))]
    pub bpf_jit_hardening: Option<BPFJITHardening>,
    /// Read EndpointSlices in the BPF kube-proxy replacement (no longer configurable).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-until" = "v3.32.0"))]
    pub bpf_kube_proxy_endpoint_slices_enabled: Option<bool>,
    /// Port of the health endpoint of the BPF kube-proxy replacement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    #[schemars(extend("x-calico-since" = "v3.30.5"))]
    pub bpf_kube_proxy_healthz_port: Option<u16>,
    /// v3.30.4's misspelling of bpfKubeProxyHealthzPort (v3.30.5 fixed it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    #[schemars(extend("x-calico-since" = "v3.30.4", "x-calico-until" = "v3.30.5"))]
    pub bpf_kube_proxy_healtz_port: Option<u16>,
    /// Remove kube-proxy's iptables rules when the BPF dataplane takes over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bpf_kube_proxy_iptables_cleanup_enabled: Option<bool>,
    /// Shortest interval between service updates in BPF mode (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION))]
    pub bpf_kube_proxy_min_sync_period: Option<String>,
    /// Regex of extra layer-3 interfaces (such as tunnels) that BPF programs attach to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bpf_l3_iface_pattern: Option<String>,
    /// Per-interface pcap filters deciding which packets BPF debug logging records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bpf_log_filters: Option<BTreeMap<String, String>>,
    /// Log level of the BPF programs: `Off`, `Info` or `Debug`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^(?i)(Off|Info|Debug)?$"))]
    pub bpf_log_level: Option<String>,
    /// Most backends per service that Maglev load balancing keeps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub bpf_maglev_max_endpoints_per_service: Option<i64>,
    /// Most services that Maglev load balancing handles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub bpf_maglev_max_services: Option<i64>,
    /// Entries in the BPF conntrack map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    pub bpf_map_size_conntrack: Option<i64>,
    /// Entries in the queue of conntrack entries waiting for cleanup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>", range(min = 1))]
    #[schemars(extend("x-calico-since" = "v3.30.0"))]
    pub bpf_map_size_conntrack_cleanup_queue: Option<i64>,
    /// Whether the conntrack map grows when full: `Disabled` or `DoubleIfFull`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^(?i)(Disabled|DoubleIfFull)?$"))]
    #[schemars(extend("x-calico-since" = "v3.30.0"))]
    pub bpf_map_size_conntrack_scaling: Option<String>,
    /// Entries in the BPF IP-set map.
    #[serde(
        rename = "bpfMapSizeIPSets",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<Int>")]
    pub bpf_map_size_ip_sets: Option<i64>,
    /// Entries in the BPF interface-state map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    pub bpf_map_size_if_state: Option<i64>,
    /// Entries in the BPF session-affinity map.
    #[serde(
        rename = "bpfMapSizeNATAffinity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<Int>")]
    pub bpf_map_size_nat_affinity: Option<i64>,
    /// Entries in the BPF service-backend map.
    #[serde(
        rename = "bpfMapSizeNATBackend",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<Int>")]
    pub bpf_map_size_nat_backend: Option<i64>,
    /// Entries in the BPF service-frontend map.
    #[serde(
        rename = "bpfMapSizeNATFrontend",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<Int>")]
    pub bpf_map_size_nat_frontend: Option<i64>,
    /// Per-CPU conntrack map size, multiplied by the number of CPUs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    #[schemars(extend("x-calico-since" = "v3.30.0"))]
    pub bpf_map_size_per_cpu_conntrack: Option<i64>,
    /// Entries in the BPF route map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    pub bpf_map_size_route: Option<i64>,
    /// Source port range (`low:high`) for BPF source NAT to service backends.
    #[serde(
        rename = "bpfPSNATPorts",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub bpf_psnat_ports: Option<Port>,
    /// Record how BPF policy programs were built, for debugging.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bpf_policy_debug_enabled: Option<bool>,
    /// Collect per-program BPF execution statistics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.30.0"))]
    pub bpf_profiling: Option<EnabledDisabled>,
    /// Redirect packets straight to the peer of a veth when possible: on, off, or only for layer-2 devices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.29.0"))]
    #[schemars(extend("x-calico-before" = { "v3.30.0": { "enum": null } }))]
    pub bpf_redirect_to_peer: Option<BPFRedirectToPeer>,
    /// Where the cgroup v2 hierarchy is mounted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.30.4"))]
    pub cgroup_v2_path: Option<String>,
    /// Whether Felix inserts its iptables jumps first (`Insert`) or appends them (`Append`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^(?i)(Insert|Append)?$"))]
    #[schemars(extend("x-calico-before" = { "v3.30.0": { "pattern": "^(?i)(insert|append)?$" } }))]
    pub chain_insert_mode: Option<String>,
    /// Path of an external dataplane driver, used when the internal one is off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataplane_driver: Option<String>,
    /// How long the dataplane loop may stall before Felix reports unhealthy (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataplane_watchdog_timeout: Option<String>,
    /// Block instead of dropping log lines when logging falls behind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debug_disable_log_dropping: Option<bool>,
    /// Address the Go debug endpoint listens on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.28.0"))]
    pub debug_host: Option<String>,
    /// Where to write a heap profile on SIGUSR1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debug_memory_profile_path: Option<String>,
    /// Port of the Go debug endpoint; unset turns it off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    #[schemars(extend("x-calico-since" = "v3.28.0"))]
    pub debug_port: Option<u16>,
    /// Testing only: make the calculation graph hang after this long.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION))]
    pub debug_simulate_calc_graph_hang_after: Option<String>,
    /// Testing only: delay each dataplane update by this long.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION))]
    #[schemars(extend("x-calico-since" = "v3.28.0"))]
    pub debug_simulate_dataplane_apply_delay: Option<String>,
    /// Testing only: make the dataplane hang after this long.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION))]
    pub debug_simulate_dataplane_hang_after: Option<String>,
    /// What happens to traffic from workloads to the host itself: `Drop`, `Accept` or `Return`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^(?i)(Drop|Accept|Return)?$"))]
    pub default_endpoint_to_host_action: Option<String>,
    /// Protocol number put on the routes Felix programs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    pub device_route_protocol: Option<i64>,
    /// Source address put on IPv4 routes to workloads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_route_source_address: Option<String>,
    /// Source address put on IPv6 routes to workloads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_route_source_address_i_pv6: Option<String>,
    /// Let packets that conntrack marks invalid through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_conntrack_invalid_check: Option<bool>,
    /// Minimum interval between endpoint status reports (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION))]
    pub endpoint_reporting_delay: Option<String>,
    /// Write endpoint status to the datastore.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_reporting_enabled: Option<bool>,
    /// Directory where Felix writes per-endpoint status files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.28.0"))]
    pub endpoint_status_path_prefix: Option<String>,
    /// Addresses of non-Calico hosts allowed to send tunnelled traffic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_nodes_list: Option<Vec<String>>,
    /// Ports always open towards host endpoints, whatever the policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failsafe_inbound_host_ports: Option<Vec<ProtoPort>>,
    /// Ports always open from host endpoints, whatever the policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failsafe_outbound_host_ports: Option<Vec<ProtoPort>>,
    /// Force results of kernel feature detection, as `Feature=true|false,...`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(
        pattern = r"^([a-zA-Z0-9-_]+=(true|false|),)*([a-zA-Z0-9-_]+=(true|false|))?$"
    ))]
    pub feature_detect_override: Option<String>,
    /// Turn experimental features on or off, as `Name=value,...`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^([a-zA-Z0-9-_]+=([^=]+),)*([a-zA-Z0-9-_]+=([^=]+))?$"))]
    pub feature_gates: Option<String>,
    /// Whether floating IPs (OpenStack) are programmed.
    #[serde(
        rename = "floatingIPs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub floating_ips: Option<EnabledDisabled>,
    /// Log every flow the collector handles (very verbose).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.30.0"))]
    pub flow_logs_collector_debug_trace: Option<bool>,
    /// How often flow logs are flushed (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION))]
    #[schemars(extend("x-calico-since" = "v3.30.0"))]
    pub flow_logs_flush_interval: Option<String>,
    /// Address of the Goldmane flow aggregator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.30.0"))]
    pub flow_logs_goldmane_server: Option<String>,
    /// Keep flow logs in a local buffer for the node API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.30.1"))]
    pub flow_logs_local_reporter: Option<FlowLogsLocalReporter>,
    /// Whether flows are evaluated against staged policy continuously.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.30.0"))]
    pub flow_logs_policy_evaluation_mode: Option<FlowLogsPolicyEvaluationMode>,
    /// Use the kernel's generic XDP mode when the driver has no native support.
    #[serde(
        rename = "genericXDPEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub generic_xdp_enabled: Option<bool>,
    /// Go garbage collector target percentage; -1 turns the collector off.
    #[serde(
        rename = "goGCThreshold",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<Int>")]
    #[schemars(extend("x-calico-since" = "v3.29.0"))]
    pub go_gc_threshold: Option<i64>,
    /// Upper limit on OS threads running Go code; -1 keeps the Go default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    #[schemars(extend("x-calico-since" = "v3.29.0"))]
    pub go_max_procs: Option<i64>,
    /// Soft memory limit of the Go runtime in MB; -1 means none.
    #[serde(
        rename = "goMemoryLimitMB",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<Int>")]
    #[schemars(extend("x-calico-since" = "v3.29.0"))]
    pub go_memory_limit_mb: Option<i64>,
    /// Serve the health endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_enabled: Option<bool>,
    /// Address the health endpoint listens on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_host: Option<String>,
    /// Port of the health endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    pub health_port: Option<u16>,
    /// Per-component overrides of health check timeouts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_timeout_overrides: Option<Vec<HealthTimeoutOverride>>,
    /// Comma-separated names or `/regex/`es of interfaces Felix ignores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface_exclude: Option<String>,
    /// Prefixes of the workload interface names (e.g. `cali`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface_prefix: Option<String>,
    /// How often interfaces are rescanned (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION))]
    pub interface_refresh_interval: Option<String>,
    /// Whether Felix turns on IP forwarding in the kernel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.29.0"))]
    pub ip_forwarding: Option<EnabledDisabled>,
    /// Set up the IP-in-IP tunnel device (normally worked out from the pools).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipip_enabled: Option<bool>,
    /// MTU of the IP-in-IP tunnel device.
    #[serde(rename = "ipipMTU", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    pub ipip_mtu: Option<i64>,
    /// How often IP sets are fully re-synced (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION))]
    pub ipsets_refresh_interval: Option<String>,
    /// Which iptables backend to use: `Auto`, `Legacy` or `NFT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("pattern" = r"^(?i)(Auto|Legacy|NFT)?$"))]
    #[schemars(extend("x-calico-before" = { "v3.30.0": { "pattern": "^(?i)(Auto|FelixConfiguration|FelixConfigurationList|Legacy|NFT)?$" } }))]
    #[schemars(with = "Option<EnumFrom<V3_32_0, IptablesBackend>>")]
    pub iptables_backend: Option<String>,
    /// iptables verdict for allowed traffic in the filter table: `Accept` or `Return`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = ACCEPT_OR_RETURN))]
    pub iptables_filter_allow_action: Option<String>,
    /// iptables verdict for denied traffic: `Drop` or `Reject`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DROP_OR_REJECT))]
    pub iptables_filter_deny_action: Option<String>,
    /// Lock file of older iptables versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-until" = "v3.32.0"))]
    pub iptables_lock_file_path: Option<String>,
    /// How often to retry taking the iptables lock (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION))]
    pub iptables_lock_probe_interval: Option<String>,
    /// How long to wait for the iptables lock (a duration; 0 disables locking).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION))]
    #[schemars(extend("x-calico-until" = "v3.32.0"))]
    pub iptables_lock_timeout: Option<String>,
    /// iptables verdict for allowed traffic in the mangle table: `Accept` or `Return`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = ACCEPT_OR_RETURN))]
    pub iptables_mangle_allow_action: Option<String>,
    /// Bits of the packet mark that Felix may use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<i32>")]
    pub iptables_mark_mask: Option<u32>,
    /// Interface name pattern that outgoing NAT applies to.
    #[serde(
        rename = "iptablesNATOutgoingInterfaceFilter",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub iptables_nat_outgoing_interface_filter: Option<String>,
    /// Delay before re-reading iptables after a write, to catch interference (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION))]
    pub iptables_post_write_check_interval: Option<String>,
    /// How often iptables rules are fully checked (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION))]
    pub iptables_refresh_interval: Option<String>,
    /// Priority of the IPv4 routes Felix programs for local workloads while they move (live migration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub ipv4_elevated_route_priority: Option<i64>,
    /// Priority of the IPv4 routes Felix programs normally.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub ipv4_normal_route_priority: Option<i64>,
    /// Priority of the IPv6 routes Felix programs for local workloads while they move (live migration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub ipv6_elevated_route_priority: Option<i64>,
    /// Priority of the IPv6 routes Felix programs normally.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub ipv6_normal_route_priority: Option<i64>,
    /// Program IPv6 as well as IPv4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6_support: Option<bool>,
    /// Whether Felix supports Istio's ambient mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub istio_ambient_mode: Option<EnabledDisabled>,
    /// DSCP value Felix marks Istio ambient traffic with (a number or a name).
    #[serde(
        rename = "istioDSCPMark",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<DscpMark>")]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub istio_dscp_mark: Option<IntOrString>,
    /// Node-port ranges of the cluster, so policy can tell them apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kube_node_port_ranges: Option<Vec<Port>>,
    /// Rate limit of the `Log` policy action, e.g. `10/second`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[1-9]\d{0,3}/(?:second|minute|hour|day)$"))]
    #[schemars(extend("x-calico-since" = "v3.30.6, v3.31.4"))]
    pub log_action_rate_limit: Option<String>,
    /// Burst allowance of the `Log` policy action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>", range(min = 0, max = 9999))]
    #[schemars(extend("x-calico-since" = "v3.30.6, v3.31.4"))]
    pub log_action_rate_limit_burst: Option<i64>,
    /// How long routes of a migrated VM keep their elevated priority (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))*$"))]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub live_migration_route_convergence_time: Option<String>,
    /// Only log debug messages from source files matching this regex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_debug_filename_regex: Option<String>,
    /// Log file; empty turns file logging off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_file_path: Option<String>,
    /// Prefix of the kernel log lines written by the `Log` action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^([a-zA-Z0-9%: /_-])*$"))]
    #[schemars(extend("x-calico-before" = { "v3.30.6, v3.31.4": { "pattern": null } }))]
    pub log_prefix: Option<String>,
    /// Lowest level written to the log file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = LOG_LEVEL))]
    #[schemars(extend("x-calico-before" = { "v3.30.1": { "pattern": "^(?i)(Debug|Info|Warning|Error|Fatal)?$" } }))]
    pub log_severity_file: Option<String>,
    /// Lowest level written to stdout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = LOG_LEVEL))]
    #[schemars(extend("x-calico-before" = { "v3.30.1": { "pattern": "^(?i)(Debug|Info|Warning|Error|Fatal)?$" } }))]
    pub log_severity_screen: Option<String>,
    /// Lowest level sent to syslog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = LOG_LEVEL))]
    #[schemars(extend("x-calico-before" = { "v3.30.1": { "pattern": "^(?i)(Debug|Info|Warning|Error|Fatal)?$" } }))]
    pub log_severity_sys: Option<String>,
    /// Maximum entries of an IP set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    pub max_ipset_size: Option<i64>,
    /// Address of the OpenStack metadata server workloads may reach.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_addr: Option<String>,
    /// Port of the OpenStack metadata server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    pub metadata_port: Option<u16>,
    /// Regex of the host interfaces used to work out the MTU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mtu_iface_pattern: Option<String>,
    /// Source address for outgoing NAT instead of the interface address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nat_outgoing_address: Option<String>,
    /// Destinations outgoing NAT skips: Calico pools only, or also host addresses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.31.0"))]
    pub nat_outgoing_exclusions: Option<NATOutgoingExclusions>,
    /// Port range (`low:high`) used for outgoing NAT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nat_port_range: Option<Port>,
    /// Timeout of netlink calls (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION))]
    pub netlink_timeout: Option<String>,
    /// nftables verdict for allowed traffic in the filter table: `Accept` or `Return`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = ACCEPT_OR_RETURN))]
    #[schemars(extend("x-calico-since" = "v3.29.0"))]
    pub nftables_filter_allow_action: Option<String>,
    /// nftables verdict for denied traffic: `Drop` or `Reject`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DROP_OR_REJECT))]
    #[schemars(extend("x-calico-since" = "v3.29.0"))]
    pub nftables_filter_deny_action: Option<String>,
    /// nftables verdict for allowed traffic in the mangle table: `Accept` or `Return`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = ACCEPT_OR_RETURN))]
    #[schemars(extend("x-calico-since" = "v3.29.0"))]
    pub nftables_mangle_allow_action: Option<String>,
    /// Bits of the packet mark that Felix may use in nftables mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<i32>")]
    #[schemars(extend("x-calico-since" = "v3.29.0"))]
    pub nftables_mark_mask: Option<u32>,
    /// Whether to program nftables instead of iptables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.29.0"))]
    #[schemars(extend(
        "default" = "Auto",
        "x-calico-before" = { "v3.32.0": { "default": null }, "v3.30.0": { "enum": null } }
    ))]
    pub nftables_mode: Option<NFTablesMode>,
    /// How often nftables rules are fully checked (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.29.0"))]
    pub nftables_refresh_interval: Option<String>,
    /// Selects the nodes this configuration applies to (named configurations only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 1024))]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub node_selector: Option<String>,
    /// OpenStack region of the deployment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openstack_region: Option<String>,
    /// Directory of the per-workload policy sync sockets; empty turns the API off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_sync_path_prefix: Option<String>,
    /// Whether Felix (rather than BIRD) programs routes to other nodes' blocks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.31.0"))]
    pub program_cluster_routes: Option<EnabledDisabled>,
    /// CA bundle that clients of the metrics endpoint must be signed by.
    #[serde(
        rename = "prometheusMetricsCAFile",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub prometheus_metrics_ca_file: Option<String>,
    /// Certificate the metrics endpoint serves TLS with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub prometheus_metrics_cert_file: Option<String>,
    /// Which client certificates the metrics endpoint asks for and checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub prometheus_metrics_client_auth: Option<String>,
    /// Private key of the metrics endpoint's certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub prometheus_metrics_key_file: Option<String>,
    /// Export Go runtime metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prometheus_go_metrics_enabled: Option<bool>,
    /// Serve Prometheus metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prometheus_metrics_enabled: Option<bool>,
    /// Address the metrics endpoint listens on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prometheus_metrics_host: Option<String>,
    /// Port of the metrics endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    pub prometheus_metrics_port: Option<u16>,
    /// Export process metrics (CPU, memory, file descriptors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prometheus_process_metrics_enabled: Option<bool>,
    /// Export WireGuard metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prometheus_wire_guard_metrics_enabled: Option<bool>,
    /// Remove routes to workload interfaces that Felix did not add.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remove_external_routes: Option<bool>,
    /// How often Felix reports its status (a duration; 0 stops it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION))]
    pub reporting_interval: Option<String>,
    /// Lifetime of the status reports (a duration).
    #[serde(
        rename = "reportingTTL",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(regex(pattern = DURATION))]
    pub reporting_ttl: Option<String>,
    /// Wait for the MTU file written by calico-node before starting.
    #[serde(
        rename = "requireMTUFile",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(extend("x-calico-since" = "v3.31.0"))]
    pub require_mtu_file: Option<bool>,
    /// How often routes are fully checked (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION))]
    pub route_refresh_interval: Option<String>,
    /// Where workload routes come from: `WorkloadIPs` or `CalicoIPAM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^(?i)(WorkloadIPs|CalicoIPAM)?$"))]
    pub route_source: Option<String>,
    /// Leave routes entirely to something else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_sync_disabled: Option<bool>,
    /// Older single range of routing tables Felix may use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_table_range: Option<RouteTableRange>,
    /// Ranges of routing table numbers Felix may use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_table_ranges: Option<Vec<RouteTableRange>>,
    /// How to stop traffic to unused service addresses looping: `Drop`, `Reject` or `Disabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^(?i)(Drop|Reject|Disabled)?$"))]
    pub service_loop_prevention: Option<String>,
    /// Speed up traffic between sidecars and their pod with BPF.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sidecar_acceleration_enabled: Option<bool>,
    /// Send anonymous usage statistics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_reporting_enabled: Option<bool>,
    /// Delay before the first usage report (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION))]
    pub usage_reporting_initial_delay: Option<String>,
    /// Interval between usage reports (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION))]
    pub usage_reporting_interval: Option<String>,
    /// Use the built-in dataplane rather than an external driver.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_internal_dataplane_driver: Option<bool>,
    /// Set up the IPv4 VXLAN device (normally worked out from the pools).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vxlan_enabled: Option<bool>,
    /// MTU of the IPv4 VXLAN device.
    #[serde(rename = "vxlanMTU", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    pub vxlan_mtu: Option<i64>,
    /// MTU of the IPv6 VXLAN device.
    #[serde(
        rename = "vxlanMTUV6",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<Int>")]
    pub vxlan_mtu_v6: Option<i64>,
    /// UDP port of VXLAN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    pub vxlan_port: Option<u16>,
    /// VXLAN network identifier.
    #[serde(rename = "vxlanVNI", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    pub vxlan_vni: Option<i64>,
    /// Whether Felix opens the Windows firewall for its own ports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub windows_manage_firewall_rules: Option<EnabledDisabled>,
    /// Encrypt IPv4 pod traffic between nodes with WireGuard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wireguard_enabled: Option<bool>,
    /// Encrypt IPv6 pod traffic between nodes with WireGuard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wireguard_enabled_v6: Option<bool>,
    /// Also encrypt host-to-host traffic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wireguard_host_encryption_enabled: Option<bool>,
    /// Name of the IPv4 WireGuard device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wireguard_interface_name: Option<String>,
    /// Name of the IPv6 WireGuard device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wireguard_interface_name_v6: Option<String>,
    /// WireGuard persistent keepalive (a duration; 0 turns it off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION))]
    pub wireguard_keep_alive: Option<String>,
    /// UDP port of the IPv4 WireGuard device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    pub wireguard_listening_port: Option<u16>,
    /// UDP port of the IPv6 WireGuard device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    pub wireguard_listening_port_v6: Option<u16>,
    /// MTU of the IPv4 WireGuard device.
    #[serde(
        rename = "wireguardMTU",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<Int>")]
    pub wireguard_mtu: Option<i64>,
    /// MTU of the IPv6 WireGuard device.
    #[serde(
        rename = "wireguardMTUV6",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<Int>")]
    pub wireguard_mtu_v6: Option<i64>,
    /// Priority of the routing rule that sends traffic to WireGuard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    pub wireguard_routing_rule_priority: Option<i64>,
    /// Use threaded NAPI on WireGuard devices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.28.3, v3.29.1"))]
    pub wireguard_threading_enabled: Option<bool>,
    /// Whether workloads may be allowed to send with other source addresses: `Disabled` or `Any`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^(?i)(Disabled|Any)?$"))]
    pub workload_source_spoofing: Option<String>,
    /// Use XDP to drop traffic early for untracked deny policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xdp_enabled: Option<bool>,
    /// How often XDP state is fully checked (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION))]
    pub xdp_refresh_interval: Option<String>,
}

/// Idle timeouts of BPF conntrack entries; each is a duration or `Auto`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BPFConntrackTimeouts {
    /// How long a new connection may take to become established.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = CONNTRACK_TIMEOUT))]
    pub creation_grace_period: Option<String>,
    /// Flows of other protocols.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = CONNTRACK_TIMEOUT))]
    pub generic_timeout: Option<String>,
    /// ICMP flows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = CONNTRACK_TIMEOUT))]
    pub icmp_timeout: Option<String>,
    /// Established TCP connections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = CONNTRACK_TIMEOUT))]
    pub tcp_established: Option<String>,
    /// TCP connections after FINs were seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = CONNTRACK_TIMEOUT))]
    pub tcp_fins_seen: Option<String>,
    /// TCP connections after a RST.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = CONNTRACK_TIMEOUT))]
    pub tcp_reset_seen: Option<String>,
    /// TCP connections waiting for the SYN-ACK.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = CONNTRACK_TIMEOUT))]
    pub tcp_syn_sent: Option<String>,
    /// UDP flows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = CONNTRACK_TIMEOUT))]
    pub udp_timeout: Option<String>,
}

/// A protocol and port, optionally limited to a network.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(extend("x-calico-before" = { "v3.30.0": { "required": ["port", "protocol"] } }))]
pub struct ProtoPort {
    /// Remote network the entry applies to (empty: any).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub net: Option<String>,
    /// The port.
    #[schemars(with = "Int")]
    pub port: u16,
    /// `tcp`, `udp` or `sctp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
}

/// A health timeout override for one Felix component.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct HealthTimeoutOverride {
    /// The component's name.
    pub name: String,
    /// Its timeout (a duration).
    pub timeout: String,
}

/// An inclusive range of routing table numbers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RouteTableRange {
    /// Highest table.
    #[schemars(with = "Int")]
    pub max: i64,
    /// Lowest table.
    #[schemars(with = "Int")]
    pub min: i64,
}
