//! KubeControllersConfiguration: settings of calico-kube-controllers.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::common::EnabledDisabled;
use crate::resource::{resource, CALICO_API_VERSION};
use crate::schema::{EnumFrom, Int, V3_32_0};

resource! {
    /// Settings of calico-kube-controllers (one object, named `default`).
    KubeControllersConfiguration(CALICO_API_VERSION) {
        spec: KubeControllersConfigurationSpec,
        status: KubeControllersConfigurationStatus,
    }
}

/// Desired settings of calico-kube-controllers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct KubeControllersConfigurationSpec {
    /// Which controllers run, and their settings.
    pub controllers: ControllersConfig,
    /// Port of the Go profiling endpoint; 0 turns it off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 65535), extend("x-calico-before" = { "v3.32.0": { "minimum": null, "maximum": null } }))]
    pub debug_profile_port: Option<i32>,
    /// How often to compact etcd (etcd datastore only; a duration).
    #[serde(
        rename = "etcdV3CompactionPeriod",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub etcd_v3_compaction_period: Option<String>,
    /// `Enabled` or `Disabled`: whether health checks run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<EnumFrom<V3_32_0, EnabledDisabled>>")]
    #[schemars(extend("default" = "Enabled", "x-calico-before" = { "v3.32.0": { "default": null } }))]
    pub health_checks: Option<String>,
    /// Log level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<EnumFrom<V3_32_0, ControllersLogLevel>>")]
    pub log_severity_screen: Option<String>,
    /// Port of the Prometheus endpoint; 0 turns it off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Int>")]
    #[schemars(range(min = 0, max = 65535), extend("x-calico-before" = { "v3.32.0": { "minimum": null, "maximum": null } }))]
    pub prometheus_metrics_port: Option<i32>,
}

/// The individual controllers; a controller runs when its entry is present.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ControllersConfig {
    /// Assigns addresses to LoadBalancer services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.30.0"))]
    pub load_balancer: Option<LoadBalancerControllerConfig>,
    /// Syncs namespaces into Calico profiles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<ReconcilerConfig>,
    /// Cleans up after deleted nodes and manages host endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<NodeControllerConfig>,
    /// Migrates policies to Calico's own API group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.32.0"))]
    pub policy_migration: Option<PolicyMigrationControllerConfig>,
    /// Syncs Kubernetes network policies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<ReconcilerConfig>,
    /// Syncs service accounts into Calico profiles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account: Option<ReconcilerConfig>,
    /// Syncs pod labels onto workload endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workload_endpoint: Option<ReconcilerConfig>,
}

/// A controller whose only setting is how often it fully resyncs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReconcilerConfig {
    /// Full resync interval (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reconciler_period: Option<String>,
}

/// Settings of the LoadBalancer address controller.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoadBalancerControllerConfig {
    /// `AllServices` or `RequestedServicesOnly`.
    #[serde(rename = "assignIPs", default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "AllServices"))]
    #[schemars(extend("x-calico-before" = { "v3.30.5, v3.31.1": { "default": null } }))]
    #[schemars(with = "Option<EnumFrom<V3_32_0, AssignIPs>>")]
    pub assign_ips: Option<String>,
}

/// Settings of the policy migration controller.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PolicyMigrationControllerConfig {
    /// Whether it runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<DisabledEnabled>", extend("default" = "Enabled"))]
    pub enabled: Option<EnabledDisabled>,
}

/// [`EnabledDisabled`], listed the other way round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
enum DisabledEnabled {
    /// Off.
    Disabled,
    /// On.
    Enabled,
}

/// Which services get LoadBalancer addresses (the schema checks it from 3.32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
enum AssignIPs {
    /// Every LoadBalancer service.
    AllServices,
    /// Only services that ask for an address or pool.
    RequestedServicesOnly,
}

/// Log level of calico-kube-controllers (the schema checks it from 3.32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
enum ControllersLogLevel {
    /// No logs.
    None,
    /// Debug.
    Debug,
    /// Info.
    Info,
    /// Warnings.
    Warning,
    /// Errors.
    Error,
    /// Fatal errors.
    Fatal,
    /// Panics.
    Panic,
}

/// Settings of the node controller.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NodeControllerConfig {
    /// Automatic host endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_endpoint: Option<AutoHostEndpointConfig>,
    /// How long an unclaimed address may stay allocated (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leak_grace_period: Option<String>,
    /// Full resync interval (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reconciler_period: Option<String>,
    /// `Enabled` or `Disabled`: copy node labels to Calico nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<EnumFrom<V3_32_0, EnabledDisabled>>")]
    pub sync_labels: Option<String>,
}

/// Automatic host endpoints for nodes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AutoHostEndpointConfig {
    /// `Enabled` or `Disabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<EnumFrom<V3_32_0, EnabledDisabled>>")]
    pub auto_create: Option<String>,
    /// `Enabled` or `Disabled`: also create the catch-all `*` endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.30.0"))]
    pub create_default_host_endpoint: Option<String>,
    /// Templates for extra host endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.30.0"))]
    pub templates: Option<Vec<AutoHostEndpointTemplate>>,
}

/// A template for automatically created host endpoints.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AutoHostEndpointTemplate {
    /// Suffix of the generated endpoint names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 253))]
    #[schemars(extend("x-calico-before" = { "v3.31.0": { "maxLength": null } }))]
    pub generate_name: Option<String>,
    /// Node addresses in these ranges become the endpoint's expected IPs.
    #[serde(
        rename = "interfaceCIDRs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(extend("x-kubernetes-list-type" = "set", "x-calico-before" = { "v3.32.0": { "x-kubernetes-list-type": null } }))]
    pub interface_cidrs: Option<Vec<String>>,
    /// Regex of the interfaces to cover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-calico-since" = "v3.31.0"))]
    pub interface_pattern: Option<String>,
    /// Labels put on the endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, String>>,
    /// Selects the nodes the template applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_selector: Option<String>,
}

/// What calico-kube-controllers actually runs with.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct KubeControllersConfigurationStatus {
    /// Environment variables that overrode settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment_vars: Option<BTreeMap<String, String>>,
    /// The settings in effect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running_config: Option<KubeControllersConfigurationSpec>,
}
