//! Felix's own defaults of the settings a spec can change: what Felix does
//! when nothing sets them. The upstream profile leaves a setting at its
//! default unwritten (and `explain` shows the default); the operator profile
//! writes a FelixConfiguration field only where the spec's value differs.
//!
//! ```
//! use calico_spec::felix_defaults as felix;
//! assert_eq!(felix::CHAIN_INSERT_MODE, "insert");
//! assert!(felix::PROMETHEUS_GO_METRICS_ENABLED);
//! ```

/// `awsSrcDstCheck`.
pub const AWS_SRC_DST_CHECK: &str = "DoNothing";
/// `bpfExternalServiceMode`.
pub const BPF_EXTERNAL_SERVICE_MODE: &str = "Tunnel";
/// `bpfKubeProxyIptablesCleanupEnabled`.
pub const BPF_KUBE_PROXY_IPTABLES_CLEANUP_ENABLED: bool = true;
/// `bpfLogLevel`.
pub const BPF_LOG_LEVEL: &str = "Off";
/// `chainInsertMode`.
pub const CHAIN_INSERT_MODE: &str = "insert";
/// `iptablesBackend`.
pub const IPTABLES_BACKEND: &str = "Auto";
/// `logSeverityScreen` (any case).
pub const LOG_SEVERITY_SCREEN: &str = "info";
/// `prometheusMetricsPort`.
pub const PROMETHEUS_METRICS_PORT: i32 = 9091;
/// `prometheusGoMetricsEnabled`.
pub const PROMETHEUS_GO_METRICS_ENABLED: bool = true;
/// `prometheusProcessMetricsEnabled`.
pub const PROMETHEUS_PROCESS_METRICS_ENABLED: bool = true;
/// Typha's `prometheusMetricsPort`.
pub const TYPHA_PROMETHEUS_METRICS_PORT: i32 = 9093;
