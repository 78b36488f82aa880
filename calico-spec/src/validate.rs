//! Validation, the stage after defaulting: kOps's Calico rules (on the
//! spec as written and as completed), the rules calico-render adds, and the
//! advice (warnings) it gives.

use crate::autodetect::{self, Family, Grammar};
use crate::defaults::{Context, Defaulted, CALICO};
use crate::error::{ErrorType, FieldError, Warning};
use crate::model::{CalicoSpec, KubeProxySpec};
use crate::net::Cidr;
use crate::parse::ParsedSpec;
use crate::resolved::{CloudProvider, Encapsulation, PoolMode, Profile, ResolvedSpec, Source};
use crate::sizing;
use regex_lite::Regex;
use serde_json::Value as Json;
use std::sync::LazyLock;

/// A spec that failed validation: every error, and the warnings found too.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{}", .errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct Invalid {
    /// The errors, in the order the rules found them.
    pub errors: Vec<FieldError>,
    /// Advice found as well.
    pub warnings: Vec<Warning>,
}

/// Checks a defaulted spec: kOps's rules on the spec as written and on the
/// completed spec (each error reported once), then calico-render's rules,
/// then the advice. Returns the resolved spec with its warnings, or every
/// error (each with its location in the input where it has one).
pub(crate) fn validate(parsed: &ParsedSpec, defaulted: Defaulted) -> Result<ResolvedSpec, Invalid> {
    let Defaulted {
        resolved,
        mut errors,
        calico,
        completed,
        completed_kube_proxy,
        ctx,
    } = defaulted;
    let mut warnings = parsed.warnings.clone();
    if let Some(calico) = &calico {
        let first = kops_rules(calico, parsed.spec.kube_proxy.as_ref(), &ctx);
        let second = kops_rules(&completed, Some(&completed_kube_proxy), &ctx);
        for e in first.into_iter().chain(second) {
            if !errors
                .iter()
                .any(|x| x.path == e.path && x.error_type == e.error_type && x.message == e.message)
            {
                errors.push(e);
            }
        }
        errors.extend(extra_rules(parsed, calico, &ctx));
        errors.extend(release_rules(calico, &resolved));
        let (profile_errors, profile_warnings) =
            crate::profile_rules::check(parsed, calico, &resolved);
        errors.extend(profile_errors);
        warnings.extend(advice(calico, &resolved));
        warnings.extend(profile_warnings);
    }
    if errors.is_empty() {
        Ok(ResolvedSpec {
            warnings,
            ..resolved
        })
    } else {
        for e in &mut errors {
            if e.location.is_none() {
                e.location = parsed.location_of(&e.path);
            }
        }
        crate::error::sort_in_file_order(&mut errors);
        Err(Invalid { errors, warnings })
    }
}

fn set(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.is_empty())
}

fn not_supported(field: &str, value: &str, allowed: &[&str]) -> FieldError {
    FieldError::new(
        format!("{CALICO}.{field}"),
        ErrorType::NotSupported,
        value,
        format!(
            "unsupported value {value:?}: supported values: {}",
            allowed
                .iter()
                .map(|a| format!("{a:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
}

pub(crate) fn forbidden(path: &str, value: impl Into<Json>, message: &str) -> FieldError {
    FieldError::new(path, ErrorType::Forbidden, value, message)
}

fn one_of(errors: &mut Vec<FieldError>, field: &str, value: Option<&str>, allowed: &[&str]) {
    if let Some(v) = value {
        if !allowed.contains(&v) {
            errors.push(not_supported(field, v, allowed));
        }
    }
}

/// kOps's `validateNetworkingCalico`, rule for rule (V1–V20), honouring the
/// kOps version each rule arrived in.
fn kops_rules(
    c: &CalicoSpec,
    kube_proxy: Option<&KubeProxySpec>,
    ctx: &Context,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let era = ctx.kops;
    let p = |f: &str| format!("{CALICO}.{f}");

    // V1/V2: awsSrcDstCheck.
    if let Some(v) = set(&c.aws_src_dst_check) {
        if ctx.ipv6_only && v != "DoNothing" && era.at_least(1, 26) && ctx.kops_policies() {
            errors.push(forbidden(
                &p("awsSrcDstCheck"),
                v,
                "awsSrcDstCheck may only be \"DoNothing\" for IPv6 clusters: remove it or set DoNothing",
            ));
        } else {
            one_of(
                &mut errors,
                "awsSrcDstCheck",
                Some(v),
                &["Enable", "Disable", "DoNothing"],
            );
        }
    }
    // V4: the eBPF dataplane replaces kube-proxy.
    if c.bpf_enabled == Some(true) && era.at_least(1, 36) && ctx.kops_policies() {
        if let Some(kp) = kube_proxy {
            if kp.enabled != Some(false) {
                errors.push(forbidden(
                    "spec.kubeProxy.enabled",
                    kp.enabled.map(Json::Bool).unwrap_or(Json::Null),
                    "calico in BPF mode (spec.networking.calico.bpfEnabled=true) requires kubeProxy to be disabled: set spec.kubeProxy.enabled: false",
                ));
            }
        }
    }
    // V5-V7.
    one_of(
        &mut errors,
        "bpfExternalServiceMode",
        set(&c.bpf_external_service_mode),
        &["Tunnel", "DSR"],
    );
    one_of(
        &mut errors,
        "bpfLogLevel",
        set(&c.bpf_log_level),
        &["Off", "Info", "Debug"],
    );
    one_of(
        &mut errors,
        "chainInsertMode",
        set(&c.chain_insert_mode),
        &["insert", "append"],
    );
    // V8-V11: encapsulationMode.
    if let Some(mode) = set(&c.encapsulation_mode) {
        let allowed: &[&str] = if era.at_least(1, 23) {
            &["ipip", "vxlan", "none"]
        } else {
            &["ipip", "vxlan"]
        };
        one_of(&mut errors, "encapsulationMode", Some(mode), allowed);
        if era.at_least(1, 23) {
            if mode != "none" && ctx.ipv6_only && ctx.kops_policies() {
                errors.push(forbidden(
                    &p("encapsulationMode"),
                    mode,
                    "IPv6 requires an encapsulationMode of \"none\": set encapsulationMode: none (or remove it)",
                ));
            } else if mode == "none" && !ctx.ipv6_only {
                errors.push(forbidden(
                    &p("encapsulationMode"),
                    mode,
                    "encapsulationMode \"none\" is only supported for IPv6 clusters: use ipip or vxlan",
                ));
            }
        }
        if mode != "vxlan" && ctx.azure_provider && era.at_least(1, 35) && ctx.kops_policies() {
            errors.push(forbidden(
                &p("encapsulationMode"),
                mode,
                "Azure requires an encapsulationMode of \"vxlan\": set encapsulationMode: vxlan (or remove it)",
            ));
        }
    }
    // V12-V15: pool modes.
    let modes = ["Always", "CrossSubnet", "Never"];
    if let Some(m) = set(&c.ipip_mode) {
        one_of(&mut errors, "ipipMode", Some(m), &modes);
        if m != "Never" && set(&c.encapsulation_mode).is_some_and(|e| e != "ipip") {
            errors.push(forbidden(
                &p("ipipMode"),
                m,
                "IP-in-IP encapsulation requires use of Calico's \"ipip\" encapsulation mode: set encapsulationMode: ipip, or remove ipipMode",
            ));
        }
    }
    if era.at_least(1, 22) {
        if let Some(m) = set(&c.vxlan_mode) {
            one_of(&mut errors, "vxlanMode", Some(m), &modes);
            if m != "Never" && set(&c.encapsulation_mode).is_some_and(|e| e != "vxlan") {
                errors.push(forbidden(
                    &p("vxlanMode"),
                    m,
                    "VXLAN encapsulation requires use of Calico's \"vxlan\" encapsulation mode: set encapsulationMode: vxlan, or remove vxlanMode",
                ));
            }
        }
    }
    // V16/V17: auto-detection.
    let grammar = if ctx.profile == Profile::Kops {
        Grammar::Kops
    } else {
        Grammar::Calico
    };
    if let Some(m) = set(&c.ipv4_auto_detection_method) {
        errors.extend(autodetect::check(
            &p("ipv4AutoDetectionMethod"),
            m,
            Family::V4,
            grammar,
        ));
    }
    if let Some(m) = set(&c.ipv6_auto_detection_method) {
        errors.extend(autodetect::check(
            &p("ipv6AutoDetectionMethod"),
            m,
            Family::V6,
            grammar,
        ));
    }
    // V18.
    one_of(
        &mut errors,
        "iptablesBackend",
        set(&c.iptables_backend),
        &["Auto", "Legacy", "NFT"],
    );
    // V19.
    if let Some(n) = c.typha_replicas.filter(|n| *n < 0) {
        errors.push(FieldError::new(
            p("typhaReplicas"),
            ErrorType::Invalid,
            n,
            format!("invalid value {n}: Unable to set number of Typha replicas to less than 0; use 0 (no Typha) or more"),
        ));
    }
    // V20.
    if c.wireguard_enabled == Some(true)
        && ctx.ipv6_only
        && era.at_least(1, 23)
        && ctx.kops_policies()
    {
        errors.push(forbidden(
            &p("wireguardEnabled"),
            true,
            "WireGuard is not supported on IPv6 clusters: remove wireguardEnabled",
        ));
    }
    errors
}

/// Rules calico-render adds to kOps's: each catches a spec that kOps accepts
/// but that would render a broken manifest.
fn extra_rules(parsed: &ParsedSpec, c: &CalicoSpec, ctx: &Context) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let p = |f: &str| format!("{CALICO}.{f}");
    let spec = &parsed.spec;

    // mtu: 0 (auto) or a size Linux accepts for the family.
    if let Some(m) = c.mtu.filter(|m| *m != 0) {
        let min = if ctx.ipv6_only { 1280 } else { 68 };
        if !(min..=65535).contains(&m) {
            errors.push(FieldError::new(
                p("mtu"),
                ErrorType::Invalid,
                m,
                format!("invalid value {m}: use 0 (auto-detect) or an MTU from {min} to 65535"),
            ));
        }
    }
    for (field, value) in [
        ("prometheusMetricsPort", c.prometheus_metrics_port),
        (
            "typhaPrometheusMetricsPort",
            c.typha_prometheus_metrics_port,
        ),
    ] {
        if let Some(port) = value.filter(|v| !(0..=65535).contains(v)) {
            errors.push(FieldError::new(
                p(field),
                ErrorType::Invalid,
                port,
                format!(
                    "invalid value {port}: a port must be from 1 to 65535 (0 selects the default)"
                ),
            ));
        }
    }
    // nftablesMode arrived in kOps 1.35: an older kOps does not know the
    // field (and its template never writes FELIX_NFTABLESMODE).
    match set(&c.nftables_mode) {
        Some(mode) if !ctx.kops.at_least(1, 35) && ctx.kops_policies() => errors.push(forbidden(
            &p("nftablesMode"),
            mode,
            &format!("kOps {} has no nftablesMode (kOps 1.35 added it) and would reject the spec: remove it, or use --kops-version 1.35 or newer", ctx.kops),
        )),
        mode => one_of(&mut errors, "nftablesMode", mode, &["Disabled", "Enabled", "Auto"]),
    }
    if let Some(level) = set(&c.log_severity_screen) {
        let known = ["trace", "debug", "info", "warning", "error", "fatal"];
        if !known.contains(&level.to_ascii_lowercase().as_str()) {
            errors.push(FieldError::new(
                p("logSeverityScreen"),
                ErrorType::NotSupported,
                level,
                format!("unsupported value {level:?}: Felix accepts Trace, Debug, Info, Warning, Error or Fatal (any case)"),
            ));
        }
    }
    if let Some(registry) = set(&c.registry) {
        if !valid_registry(registry) {
            errors.push(FieldError::new(
                p("registry"),
                ErrorType::Invalid,
                registry,
                format!("invalid value {registry:?}: must be an image registry such as docker.io, quay.io or my.registry:5000/mirror (no scheme, no trailing slash)"),
            ));
        }
    }
    // version: resolving the release checks it (a release is always a
    // valid image tag).
    if let Some(q) = c.cpu_request.as_ref().filter(|q| q.is_negative()) {
        errors.push(FieldError::new(
            p("cpuRequest"),
            ErrorType::Invalid,
            q.to_string(),
            "a CPU request cannot be negative",
        ));
    }

    // Cluster facts that reach the manifest.
    if let Some(name) = parsed.cluster_name.as_ref().filter(|_| ctx.kops_policies()) {
        if !valid_dns_subdomain(name) {
            errors.push(FieldError::new(
                "metadata.name",
                ErrorType::Invalid,
                name.as_str(),
                format!("invalid value {name:?}: the cluster name must be a lower-case DNS name such as mycluster.example.com (it forms api.internal.<name>)"),
            ));
        }
    }
    let cidr_fields = [
        ("spec.podCIDR", spec.pod_cidr.as_deref()),
        ("spec.networkCIDR", spec.network_cidr.as_deref()),
        (
            "spec.kubeControllerManager.clusterCIDR",
            spec.kube_controller_manager
                .as_ref()
                .and_then(|k| k.cluster_cidr.as_deref()),
        ),
    ];
    for (path, value) in cidr_fields {
        let Some(v) = value.filter(|v| !v.is_empty()) else {
            continue;
        };
        match Cidr::parse(v) {
            None => errors.push(FieldError::new(
                path,
                ErrorType::Invalid,
                v,
                format!("invalid value {v:?}: must be a CIDR such as 100.96.0.0/11"),
            )),
            Some(cidr) if path != "spec.networkCIDR" && cidr.is_ipv4() == ctx.ipv6_only => {
                errors.push(FieldError::new(
                    path,
                    ErrorType::Invalid,
                    v,
                    format!(
                        "invalid value {v:?}: the cluster is {} (from nonMasqueradeCIDR), so this CIDR must be {} too",
                        if ctx.ipv6_only { "IPv6-only" } else { "IPv4" },
                        if ctx.ipv6_only { "IPv6" } else { "IPv4" }
                    ),
                ))
            }
            Some(_) => {}
        }
    }
    for (i, v) in spec.additional_network_cidrs.iter().flatten().enumerate() {
        if Cidr::parse(v).is_none() {
            errors.push(FieldError::new(
                format!("spec.additionalNetworkCIDRs[{i}]"),
                ErrorType::Invalid,
                v.as_str(),
                format!("invalid value {v:?}: must be a CIDR such as 10.1.0.0/16"),
            ));
        }
    }
    for (path, value) in [
        ("spec.clusterDNSDomain", set(&spec.cluster_dns_domain)),
        ("spec.masterPublicName", set(&spec.master_public_name)),
    ] {
        if let Some(v) = value.filter(|v| !valid_dns_subdomain(&v.to_ascii_lowercase())) {
            errors.push(FieldError::new(
                path,
                ErrorType::Invalid,
                v,
                format!("invalid value {v:?}: must be a DNS name such as cluster.local or api.example.com"),
            ));
        }
    }
    if let Some(proxy) = spec.egress_proxy.as_ref().filter(|_| ctx.kops_policies()) {
        if let Some(host) = proxy.http_proxy.as_ref().and_then(|h| set(&h.host)) {
            if !valid_host(host) {
                errors.push(FieldError::new(
                    "spec.egressProxy.httpProxy.host",
                    ErrorType::Invalid,
                    host,
                    format!("invalid value {host:?}: must be a host name or IP address, without scheme, port or spaces"),
                ));
            }
        }
        if let Some(excludes) = set(&proxy.excludes) {
            if let Some(bad) = excludes.split(',').find(|item| !valid_exclude(item)) {
                errors.push(FieldError::new(
                    "spec.egressProxy.excludes",
                    ErrorType::Invalid,
                    excludes,
                    format!("invalid entry {bad:?}: excludes is a comma-separated list of host names, domains (.example.com), IPs or CIDRs, without spaces"),
                ));
            }
        }
    }

    // BGP route reflectors.
    if let Some(bgp) = &spec.bgp {
        if let Some(rr) = &bgp.route_reflectors {
            let enc = set(&c.encapsulation_mode);
            let kops = ctx.kops_policies();
            if matches!(enc, Some("vxlan" | "none"))
                || (kops && ctx.ipv6_only)
                || (kops
                    && enc.is_none()
                    && ctx.cloud == Some(CloudProvider::Azure)
                    && ctx.kops.at_least(1, 35))
                || spec.policy_only == Some(true)
            {
                errors.push(forbidden(
                    "spec.bgp.routeReflectors",
                    Json::Null,
                    "route reflectors need the BIRD BGP backend, which only runs with encapsulationMode ipip (VXLAN, 'none' and policy-only run without BGP here): use encapsulationMode: ipip or remove routeReflectors",
                ));
            }
            if let Err(e) = crate::selector::parse(&rr.node_selector) {
                errors.push(FieldError::new(
                    "spec.bgp.routeReflectors.nodeSelector",
                    ErrorType::Invalid,
                    rr.node_selector.as_str(),
                    format!("not a Calico selector: {} (at character {}); example: route-reflector == 'true'", e.message, e.offset),
                ));
            }
            if rr.cluster_id.parse::<std::net::Ipv4Addr>().is_err() {
                errors.push(FieldError::new(
                    "spec.bgp.routeReflectors.clusterID",
                    ErrorType::Invalid,
                    rr.cluster_id.as_str(),
                    "the route-reflector cluster ID must be IPv4-formatted, e.g. 244.0.0.1",
                ));
            }
        }
    }
    errors
}

/// An image registry: hostname labels separated by dots, an optional
/// `:port` of 1 to 5 digits, then path components of lowercase letters and
/// digits joined by `.`, `_`, `__` or dashes.
const REGISTRY_PATTERN: &str = r"^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]{1,5})?(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$";

/// [`REGISTRY_PATTERN`], compiled once per process; `None` would be a bug
/// (the unit test `registry_pattern_compiles` rules it out).
static REGISTRY: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(REGISTRY_PATTERN).ok());

/// Whether `s` is an image registry ([`REGISTRY_PATTERN`], at most 255
/// bytes).
fn valid_registry(s: &str) -> bool {
    s.len() <= 255 && REGISTRY.as_ref().is_some_and(|r| r.is_match(s))
}

fn valid_dns_subdomain(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

pub(crate) fn valid_host(s: &str) -> bool {
    s.len() <= 253
        && s.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':' | b'[' | b']')
        })
}

fn valid_exclude(s: &str) -> bool {
    s.bytes().all(|b| {
        b.is_ascii_alphanumeric()
            || matches!(b, b'.' | b'-' | b'_' | b':' | b'/' | b'*' | b'[' | b']')
    })
}

/// Settings the rendered Calico release does not have (the release table's
/// [`calico_release::SINCE`]).
///
/// The table names the settings; a setting counts as set as kOps counts it
/// (not absent, not empty, not `false`, not `0`).
fn release_rules(c: &CalicoSpec, r: &ResolvedSpec) -> Vec<FieldError> {
    let release = r.release.value;
    let lacking: Vec<_> = calico_release::SINCE
        .iter()
        .filter(|since| release < since.first)
        .collect();
    if lacking.is_empty() {
        return Vec::new();
    }
    let fields = match serde_json::to_value(c) {
        Ok(Json::Object(fields)) => fields,
        other => {
            return vec![FieldError::new(
                CALICO,
                ErrorType::Invalid,
                Json::Null,
                format!("bug: the calico block does not read back as an object ({other:?})"),
            )]
        }
    };
    let is_set = |v: &Json| !matches!(v, Json::Null | Json::Bool(false)) && *v != "" && *v != 0;
    lacking
        .into_iter()
        .filter_map(|since| {
            let value = fields.get(since.setting).filter(|v| is_set(v))?;
            let first = since.first;
            Some(forbidden(
                &format!("{CALICO}.{}", since.setting),
                value.clone(),
                &format!(
                    "Calico {release} has no {} (Felix has it from {first}): remove it, or set version to {} or newer",
                    since.setting,
                    crate::Release::known()
                        .map(|facts| facts.release)
                        .find(|known| *known >= first)
                        .unwrap_or(first)
                ),
            ))
        })
        .collect()
}

/// Advice: rendering goes on.
fn advice(c: &CalicoSpec, r: &ResolvedSpec) -> Vec<Warning> {
    let mut w = Vec::new();
    let p = |f: &str| format!("{CALICO}.{f}");
    let rc = &r.calico;
    let bpf = rc.bpf_enabled.value;
    let enc = rc.encapsulation_mode.value;

    // A fault of the release's own published manifest, reproduced as is.
    if let Some(defect) = r.release.value.facts().ok().and_then(|f| f.defect) {
        w.push(Warning::new(p("version"), defect));
    }

    // A release asked for that calico-render does not know, but whose minor
    // it does: rendered in the shape of a known patch, with its own images.
    if let Ok(asked) = rc.image_tag.value.parse::<calico_release::Release>() {
        let shape = r.release.value;
        if asked != shape {
            w.push(Warning::new(
                p("version"),
                format!(
                    "Calico {asked} is not a release calico-render knows: it renders {shape}'s manifest shape and CRDs with {asked}'s images; set version to a release it knows ({known}) to be sure of the shape",
                    known = crate::Release::known_summary()
                ),
            ));
        }
    }

    if bpf && enc == Encapsulation::Ipip && rc.ipv4_pool_ipip_mode.value != PoolMode::Never {
        w.push(Warning::new(
            p("encapsulationMode"),
            "the eBPF dataplane cannot redirect between L2 and L3 devices, so IP-in-IP costs it performance; VXLAN fits better: set encapsulationMode: vxlan",
        ));
    }
    // The kOps profile, and the operator profile unless the spec names the
    // endpoint, reach the API server at api.internal.<cluster name>.
    if bpf
        && r.cluster_name.source != Source::User
        && r.profile.value != Profile::Upstream
        && r.service_endpoint.is_none()
    {
        w.push(Warning::new(
            "metadata.name",
            format!("the eBPF dataplane reaches the API server at api.internal.<cluster name>, but the spec has no cluster name, so {:?} is used: give the name (a kOps Cluster or CalicoNetworking with metadata.name)", r.api_internal_name.value),
        ));
    }
    if !bpf {
        for (field, is_set) in [
            (
                "bpfExternalServiceMode",
                set(&c.bpf_external_service_mode).is_some(),
            ),
            ("bpfLogLevel", set(&c.bpf_log_level).is_some()),
            (
                "bpfKubeProxyIptablesCleanupEnabled",
                c.bpf_kube_proxy_iptables_cleanup_enabled == Some(true),
            ),
        ] {
            if is_set {
                w.push(Warning::new(
                    p(field),
                    format!("{field} has no effect while bpfEnabled is false: enable the eBPF dataplane or remove it"),
                ));
            }
        }
    }
    if let Some(nodes) = r.node_count.as_ref().map(|n| n.value) {
        // The operator always runs Typha, sized by node count.
        if rc.typha_replicas.value == 0
            && nodes > sizing::TYPHA_ADVISED_ABOVE
            && r.profile.value != Profile::Operator
        {
            let strength = if nodes > sizing::TYPHA_STRONGLY_ADVISED_ABOVE {
                "strongly advised"
            } else {
                "advised"
            };
            w.push(Warning::new(
                p("typhaReplicas"),
                format!(
                    "{nodes} nodes without Typha: Typha is {strength} above {} nodes to spare the API server; set typhaReplicas: {}",
                    if nodes > sizing::TYPHA_STRONGLY_ADVISED_ABOVE { sizing::TYPHA_STRONGLY_ADVISED_ABOVE } else { sizing::TYPHA_ADVISED_ABOVE },
                    sizing::typha_replicas_for(nodes)
                ),
            ));
        }
        let reflectors = r
            .bgp
            .as_ref()
            .is_some_and(|b| b.value.route_reflectors.is_some());
        if enc == Encapsulation::Ipip && !reflectors && nodes > sizing::MESH_ADVISED_LIMIT {
            w.push(Warning::new(
                "spec.bgp.routeReflectors",
                format!("{nodes} nodes in a BGP full mesh ({} sessions per node): route reflectors are advised above ~50-100 nodes; configure spec.bgp.routeReflectors", nodes - 1),
            ));
        }
    }
    if let Some(host) = r.host_mtu.as_ref().map(|h| h.value) {
        let wg = rc.wireguard_enabled.value;
        let ipv6 = r.ipv6_only.value;
        let allowed = sizing::pod_mtu_for(host, enc, wg, ipv6);
        let mtu = rc.mtu.value;
        if mtu > 0 && u32::try_from(mtu).is_ok_and(|m| m > allowed) {
            w.push(Warning::new(
                p("mtu"),
                format!(
                    "mtu {mtu} is larger than the host MTU {host} allows with {}: packets would be fragmented or dropped; use mtu: {allowed} (or 0 to auto-detect)",
                    describe_overhead(enc, wg, ipv6)
                ),
            ));
        }
    }
    if c.cross_subnet.is_some() && r.kops_version.at_least(1, 22) {
        w.push(Warning::new(
            p("crossSubnet"),
            "crossSubnet is deprecated and has no effect since kOps 1.22 (cross-subnet is the default); use ipipMode or vxlanMode, and awsSrcDstCheck",
        ));
    }
    if set(&c.major_version).is_some() {
        w.push(Warning::new(
            p("majorVersion"),
            "majorVersion is deprecated and ignored (kOps drops it); remove it",
        ));
    }
    if set(&c.aws_src_dst_check).is_some_and(|v| v != "DoNothing")
        && (r.cloud_provider.value != Some(CloudProvider::Aws) || r.ipv6_only.value)
        && r.kops_version.at_least(1, 22)
        && r.profile.value != Profile::Upstream
    {
        w.push(Warning::new(
            p("awsSrcDstCheck"),
            "awsSrcDstCheck only applies to IPv4 clusters on AWS; here FELIX_AWSSRCDSTCHECK is DoNothing",
        ));
    }
    w
}

fn describe_overhead(enc: Encapsulation, wireguard: bool, ipv6: bool) -> String {
    let mut parts = Vec::new();
    match enc {
        Encapsulation::Ipip => parts.push("IP-in-IP (20 bytes)".to_string()),
        Encapsulation::Vxlan => parts.push(format!("VXLAN ({} bytes)", if ipv6 { 70 } else { 50 })),
        Encapsulation::None => {}
    }
    if wireguard {
        parts.push(format!("WireGuard ({} bytes)", if ipv6 { 80 } else { 60 }));
    }
    if parts.is_empty() {
        "no encapsulation".into()
    } else {
        parts.join(" and ")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn registry_pattern_compiles() {
        assert!(REGISTRY.is_some());
    }

    #[test]
    fn registries() {
        let long = |n: usize| "a".repeat(n);
        let valid = [
            "docker.io",
            "quay.io",
            "registry.k8s.io",
            "my.registry:5000/mirror",
            "localhost:5000",
            "a:0/b",
            "a.b.c:1/x/y.z_w__v---u",
            "a/b__c",
            "a/b--c",
            "a/b/c/d/e",
            "a--b.c-d",
            "xn--bcher-kva.example",
            "A",
            "0",
            "1.2.3.4:65535/x",
            &long(255),
            &format!("{}/{}", long(250), long(4)),
        ];
        for s in valid {
            assert!(valid_registry(s), "{s:?} rejected");
        }
        let invalid = [
            "",
            "my.registry:5000/mirror/",
            "localhost:123456",
            "localhost:",
            ":5000",
            "a:5000:1",
            "a:12a",
            "a/b___c",
            "a/b_.c",
            "a/b.-c",
            "a/b-.c",
            "a/b..c",
            "a/B",
            "a//b",
            "a/",
            "/a",
            "a-.b",
            "a.-b",
            "-a",
            "a-",
            "a..b",
            "a.",
            ".a",
            "a_b",
            "a b",
            "é.io",
            "a/é",
            "a\n",
            "a\n/b",
            "\u{0}",
            "a/b:1",
            "a:1/b:1",
            "[::1]:5000",
            "https://docker.io",
            &long(256),
            &format!("{}/{}", long(250), long(5)),
        ];
        for s in invalid {
            assert!(!valid_registry(s), "{s:?} accepted");
        }
    }
}
