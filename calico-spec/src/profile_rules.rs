//! The rules that depend on the profile: the fields one profile has and the
//! other lacks, what the upstream flavors need, and the kOps facts that the
//! upstream manifests have no place for.
//!
//! The rules that describe Calico (value sets, pool modes, autodetection,
//! ports, CIDRs, what a release has) hold in every profile and live in
//! [`crate::validate`]; the kOps policies there are switched off for the
//! upstream profile (README, "Validation per profile").

use crate::defaults::non_empty;
use crate::error::{ErrorType, FieldError, Warning};
use crate::model::{CalicoSpec, ServiceEndpointSpec};
use crate::parse::ParsedSpec;
use crate::resolved::{Encapsulation, PoolMode, Profile, ResolvedSpec, Source};
use crate::sizing::operator_typha;
use crate::validate::{forbidden, valid_host};
use calico_release::OPERATOR_FLOOR;
use serde_json::Value as Json;

const ENDPOINT: &str = "spec.kubernetesServiceEndpoint";
const POLICY_ONLY: &str = "spec.policyOnly";

/// The profile's errors and warnings for a spec.
pub(crate) fn check(
    parsed: &ParsedSpec,
    c: &CalicoSpec,
    r: &ResolvedSpec,
) -> (Vec<FieldError>, Vec<Warning>) {
    match r.profile.value {
        Profile::Kops => (kops(parsed), Vec::new()),
        Profile::Upstream => upstream(parsed, c, r),
        Profile::Operator => operator(parsed, c, r),
    }
}

/// The upstream profile's fields have no meaning in kOps's addon.
fn kops(parsed: &ParsedSpec) -> Vec<FieldError> {
    let spec = &parsed.spec;
    let mut errors = Vec::new();
    if spec.kubernetes_service_endpoint.is_some() {
        errors.push(forbidden(
            ENDPOINT,
            Json::Null,
            "kOps's calico-node reaches the API server at api.internal.<cluster name>:443; kubernetesServiceEndpoint belongs to the upstream profile: remove it, or set profile: upstream",
        ));
    }
    if spec.policy_only == Some(true) {
        errors.push(forbidden(
            POLICY_ONLY,
            true,
            "kOps's Calico addon always networks the pods; policy-only is upstream's calico-policy-only.yaml: remove policyOnly, or set profile: upstream",
        ));
    }
    errors
}

fn upstream(
    parsed: &ParsedSpec,
    c: &CalicoSpec,
    r: &ResolvedSpec,
) -> (Vec<FieldError>, Vec<Warning>) {
    let spec = &parsed.spec;
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let calico = |f: &str| format!("spec.networking.calico.{f}");
    let bpf = r.calico.bpf_enabled.value;

    match &spec.kubernetes_service_endpoint {
        None if bpf => errors.push(FieldError::new(
            ENDPOINT,
            ErrorType::Required,
            Json::Null,
            "the eBPF dataplane takes over the kubernetes Service, so calico-node must reach the API server directly, and upstream's calico-bpf.yaml leaves that address empty (the pods would fail): add kubernetesServiceEndpoint: {host: <API server host or IP>, port: <port, e.g. 6443>}",
        )),
        None => {}
        Some(endpoint) => {
            errors.extend(endpoint_host(endpoint));
            if !bpf {
                warnings.push(Warning::new(
                    ENDPOINT,
                    "kubernetesServiceEndpoint has no effect while bpfEnabled is false (upstream writes it only into calico-bpf.yaml); calico-node uses the kubernetes Service: enable the eBPF dataplane or remove it",
                ));
            }
        }
    }
    if bpf && r.kube_proxy_enabled.value {
        warnings.push(Warning::new(
            "spec.kubeProxy.enabled",
            "the eBPF dataplane replaces kube-proxy: disable kube-proxy in the cluster as Calico's eBPF guide says (and set spec.kubeProxy.enabled: false to say so); running both makes them fight over the service rules",
        ));
    }

    if r.policy_only.value {
        let networking: [(&str, bool); 4] = [
            (
                "encapsulationMode",
                non_empty(&c.encapsulation_mode).is_some(),
            ),
            ("ipipMode", non_empty(&c.ipip_mode).is_some()),
            ("vxlanMode", non_empty(&c.vxlan_mode).is_some()),
            ("bpfEnabled", c.bpf_enabled == Some(true)),
        ];
        for (field, set) in networking {
            if set {
                errors.push(forbidden(
                    &calico(field),
                    Json::Null,
                    &format!("with policyOnly, another CNI plugin networks the pods and calico-policy-only.yaml has no Calico networking to configure: remove {field}, or remove policyOnly"),
                ));
            }
        }
        if spec.bgp.is_some() {
            errors.push(forbidden(
                "spec.bgp",
                Json::Null,
                "with policyOnly Calico runs no BGP (CALICO_NETWORKING_BACKEND none): remove bgp, or remove policyOnly",
            ));
        }
        if !r.ipv4_pool_cidr.value.is_empty() || !r.ipv6_pool_cidr.value.is_empty() {
            warnings.push(Warning::new(
                "spec.podCIDR",
                "with policyOnly Calico creates no IP pool: host-local IPAM hands out each node's pod CIDR from Kubernetes, so the pod CIDR is not written",
            ));
        }
        if let Some(n) = c.typha_replicas.filter(|n| *n == 0) {
            warnings.push(Warning::new(
                calico("typhaReplicas"),
                format!("typhaReplicas: {n} renders calico-policy-only.yaml without Typha (upstream's has one replica); remove it to keep Typha"),
            ));
        }
    }

    // kOps facts that Calico's manifests have no place for.
    let kops_only: [(&str, bool, &str); 2] = [
        (
            "spec.egressProxy",
            spec.egress_proxy.is_some(),
            "kOps passes its egress proxy to calico-node; Calico's manifests have no proxy env, so nothing is written: remove egressProxy, or set profile: kops",
        ),
        (
            "spec.cloudProvider",
            r.cloud_provider.value.is_some(),
            "Calico's manifests are the same on every cloud and kOps's cloud defaults do not apply (on AWS set awsSrcDstCheck yourself): the cloud provider is not used",
        ),
    ];
    for (path, set, message) in kops_only {
        if set {
            warnings.push(Warning::new(path, message));
        }
    }
    (errors, warnings)
}

/// The endpoint's host must be a bare host name or IP address.
fn endpoint_host(endpoint: &ServiceEndpointSpec) -> Option<FieldError> {
    (endpoint.host.is_empty() || !valid_host(&endpoint.host)).then(|| {
        FieldError::new(
            format!("{ENDPOINT}.host"),
            ErrorType::Invalid,
            endpoint.host.as_str(),
            format!("invalid value {:?}: must be the API server's host name or IP address, without scheme or port (e.g. 10.0.0.10 or api.example.com)", endpoint.host),
        )
    })
}

/// The operator profile: kOps's rules hold (they are checked with the kOps
/// profile's); these are what installing through the operator adds.
fn operator(
    parsed: &ParsedSpec,
    c: &CalicoSpec,
    r: &ResolvedSpec,
) -> (Vec<FieldError>, Vec<Warning>) {
    let spec = &parsed.spec;
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let calico = |f: &str| format!("spec.networking.calico.{f}");

    let release = r.release.value;
    if release < OPERATOR_FLOOR {
        let (path, how) = match r.release.source {
            Source::User => (calico("version"), "the spec names it".to_string()),
            Source::KopsPin => (
                "spec.profile".to_string(),
                format!("kOps {} pins it", r.kops_version),
            ),
            _ => ("spec.profile".to_string(), "it was chosen".to_string()),
        };
        errors.push(FieldError::new(
            path,
            ErrorType::NotSupported,
            release.to_string(),
            format!("the operator profile renders Calico {OPERATOR_FLOOR} and later: from 3.30 the Tigera operator installs the CRDs itself, and {release} ({how}) is older; set version: v3.30.7 or later, or render profile: kops or upstream"),
        ));
    }
    if spec.policy_only == Some(true) {
        errors.push(forbidden(
            POLICY_ONLY,
            true,
            "the operator profile installs the kOps cluster's Calico networking; policy-only is upstream's calico-policy-only.yaml: remove policyOnly, or set profile: upstream",
        ));
    }
    if let Some(endpoint) = &spec.kubernetes_service_endpoint {
        errors.extend(endpoint_host(endpoint));
    }
    if r.calico.bpf_enabled.value && r.calico.nftables_mode.value.as_deref() == Some("Enabled") {
        errors.push(forbidden(
            &calico("nftablesMode"),
            "Enabled",
            "the Installation has one Linux dataplane (calicoNetwork.linuxDataplane), and bpfEnabled already chooses BPF: remove nftablesMode: Enabled, or bpfEnabled",
        ));
    }
    if r.ipv6_only.value {
        match crate::net::Cidr::parse(&r.ipv6_pool_cidr.value) {
            None if r.ipv6_pool_cidr.value.is_empty() => errors.push(FieldError::new(
                "spec.podCIDR",
                ErrorType::Required,
                Json::Null,
                "kOps's IPv6 cluster gives each node a prefix and has no IP pool, but the operator's Installation needs the pool's CIDR (host-local IPAM still hands out each node's prefix): set spec.podCIDR (or spec.kubeControllerManager.clusterCIDR) to the range the node prefixes come from, e.g. the VPC's IPv6 CIDR",
            )),
            Some(cidr) if !cidr.is_ipv4() => {}
            _ => errors.push(FieldError::new(
                "spec.podCIDR",
                ErrorType::Invalid,
                r.ipv6_pool_cidr.value.as_str(),
                format!("invalid value {:?}: an IPv6 cluster's pool needs an IPv6 CIDR (e.g. 2001:db8::/56)", r.ipv6_pool_cidr.value),
            )),
        }
    }
    if r.calico.encapsulation_mode.value == Encapsulation::Vxlan
        && r.calico.ipv4_pool_vxlan_mode.value == PoolMode::Never
        && !r.ipv6_only.value
    {
        errors.push(forbidden(
            &calico("vxlanMode"),
            "Never",
            "with encapsulationMode: vxlan BIRD does not run (calicoNetwork.bgp: Disabled), and the operator refuses an unencapsulated pool without BGP: set vxlanMode: Always or CrossSubnet, or encapsulationMode: none",
        ));
    }
    if r.calico.nftables_mode.value.as_deref() == Some("Auto") {
        warnings.push(Warning::new(
            calico("nftablesMode"),
            "the operator sets Felix's nftablesMode from the Installation's linuxDataplane (Disabled unless it is Nftables), so Auto is not kept: Felix runs iptables; set nftablesMode: Enabled for nftables",
        ));
    }
    if spec.egress_proxy.is_some() {
        warnings.push(Warning::new(
            "spec.egressProxy",
            "the operator gives calico-node no proxy variables (the Installation's proxy reaches only Calico Enterprise's components), so kOps's egress proxy is not written: calico-node must reach the API server, and the EC2 API for awsSrcDstCheck, directly",
        ));
    }
    if let Some(n) = c.typha_replicas {
        let sized = operator_typha(r.node_count.as_ref().map(|n| n.value));
        warnings.push(Warning::new(
            calico("typhaReplicas"),
            format!("the operator always runs Typha and sizes it by the number of nodes ({sized}); typhaReplicas: {n} is not written"),
        ));
    }
    (errors, warnings)
}
