//! Defaulting with provenance: from a [`ParsedSpec`] to a [`ResolvedSpec`].
//!
//! This reproduces what kOps does to a Calico cluster before rendering (its
//! cluster defaults, its options builders with the user's values merged
//! back on top, and the fallbacks its template writes), recording for every
//! effective value where it came from.

use crate::error::{ErrorType, FieldError};
use crate::model::{CalicoSpec, CloudProviderField, ClusterSpec, KubeProxySpec};
use crate::net::Cidr;
use crate::parse::{ParsedSpec, DEFAULT_CLUSTER_NAME};
use crate::resolved::*;
use crate::version::KopsVersion;
use calico_release::Release;

/// Settings of a resolve call that do not come from the spec.
///
/// It will grow (`#[non_exhaustive]`): start from `Options::default()` and
/// set what you need.
///
/// ```
/// use calico_spec::{KopsVersion, Options};
/// let options = Options::default().with_kops_version(KopsVersion::new(1, 32)).with_node_count(120);
/// assert_eq!(options.node_count, Some(120));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The kOps era of defaults and validation (default: [`KopsVersion::CURRENT`]).
    pub kops_version: KopsVersion,
    /// The Calico release to render when the spec's `version` names none
    /// (default: the one the kOps version pins, [`KopsVersion::pin`]).
    pub release: Option<Release>,
    /// Overrides the node count (spec `nodeCount`, InstanceGroups).
    pub node_count: Option<u64>,
    /// Overrides the host MTU (spec `hostMTU`).
    pub host_mtu: Option<u32>,
    /// Overrides the spec's `profile`.
    pub profile: Option<Profile>,
}

impl Options {
    /// The defaults and rules of kOps `version`.
    pub fn with_kops_version(mut self, version: KopsVersion) -> Self {
        self.kops_version = version;
        self
    }

    /// The Calico release to render when the spec's `version` names none.
    ///
    /// ```
    /// use calico_spec::{Options, Release};
    /// let options = Options::default().with_release(Release::new(3, 29, 4));
    /// let spec = calico_spec::parse_str("networking: {calico: {}}")?;
    /// let resolved = calico_spec::resolve(&spec, &options)?;
    /// assert_eq!(resolved.release.value, Release::new(3, 29, 4));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_release(mut self, release: Release) -> Self {
        self.release = Some(release);
        self
    }

    /// The node count, over the spec's `nodeCount` and InstanceGroups.
    pub fn with_node_count(mut self, nodes: u64) -> Self {
        self.node_count = Some(nodes);
        self
    }

    /// The host MTU, over the spec's `hostMTU`.
    pub fn with_host_mtu(mut self, mtu: u32) -> Self {
        self.host_mtu = Some(mtu);
        self
    }

    /// The profile, over the spec's `profile`.
    ///
    /// ```
    /// use calico_spec::{Options, Profile};
    /// let spec = calico_spec::parse_str("networking: {calico: {}}")?;
    /// let resolved = calico_spec::resolve(&spec, &Options::default().with_profile(Profile::Upstream))?;
    /// assert_eq!(resolved.profile.value, Profile::Upstream);
    /// assert_eq!(resolved.calico.registry.value, "quay.io");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_profile(mut self, profile: Profile) -> Self {
        self.profile = Some(profile);
        self
    }
}

pub(crate) const CALICO: &str = "spec.networking.calico";

/// What the rules need to know about the cluster besides the Calico block.
#[derive(Clone, Debug)]
pub(crate) struct Context {
    pub cloud: Option<CloudProvider>,
    /// `spec.cloudProvider` names Azure (the metal label does not matter here).
    pub azure_provider: bool,
    pub ipv6_only: bool,
    pub kops: KopsVersion,
    pub profile: Profile,
}

impl Context {
    /// kOps's own policies (its defaults and the rules that are kOps's
    /// choices rather than Calico's) hold: the kOps profile, and the
    /// operator profile, which installs the same kOps cluster.
    pub fn kops_policies(&self) -> bool {
        matches!(self.profile, Profile::Kops | Profile::Operator)
    }
}

/// A spec completed with kOps's defaults, and what validation needs besides.
pub(crate) struct Defaulted {
    /// Every effective value (no warnings yet).
    pub resolved: ResolvedSpec,
    /// Errors found while completing the cluster facts.
    pub errors: Vec<FieldError>,
    /// The Calico block as written, if the spec has one.
    pub calico: Option<CalicoSpec>,
    /// The Calico block as kOps's defaulting completes it.
    pub completed: CalicoSpec,
    /// `spec.kubeProxy` as kOps's defaulting completes it.
    pub completed_kube_proxy: KubeProxySpec,
    pub ctx: Context,
}

/// Runs kOps's defaulting (and calico-render's) on a parsed spec.
pub(crate) fn complete(parsed: &ParsedSpec, options: &Options) -> Defaulted {
    let mut errors: Vec<FieldError> = Vec::new();
    let spec = &parsed.spec;
    let era = options.kops_version;

    // The networking choice.
    let user_calico = networking_choice(spec, &mut errors);

    // Cluster context.
    let (cloud, azure_provider) = cloud_provider(parsed, &mut errors);
    let non_masq = match non_empty(&spec.non_masquerade_cidr) {
        Some(v) => Setting::new(v.to_string(), Source::User),
        None => Setting::new("100.64.0.0/10".to_string(), Source::KopsDefault),
    };
    let non_masq_cidr = Cidr::parse(&non_masq.value);
    if non_masq_cidr.is_none() {
        errors.push(FieldError::new(
            "spec.nonMasqueradeCIDR",
            ErrorType::Invalid,
            non_masq.value.clone(),
            format!(
                "invalid value {:?}: must be a CIDR such as 100.64.0.0/10 (or ::/0 for IPv6-only)",
                non_masq.value
            ),
        ));
    }
    let profile = profile(parsed, options, &mut errors);
    let user_pool_cidr = spec
        .kube_controller_manager
        .as_ref()
        .and_then(|k| non_empty(&k.cluster_cidr))
        .or(non_empty(&spec.pod_cidr));
    // Upstream has no nonMasqueradeCIDR: there an IPv6 pod CIDR says it too.
    let ipv6_only = non_masq_cidr.is_some_and(|c| !c.is_ipv4())
        || (profile.value == Profile::Upstream
            && non_empty(&spec.non_masquerade_cidr).is_none()
            && user_pool_cidr
                .and_then(Cidr::parse)
                .is_some_and(|c| !c.is_ipv4()));
    let ctx = Context {
        cloud,
        azure_provider,
        ipv6_only,
        kops: era,
        profile: profile.value,
    };

    let cluster_name = match &parsed.cluster_name {
        Some(n) => Setting::new(n.clone(), Source::User),
        None => Setting::new(DEFAULT_CLUSTER_NAME.to_string(), Source::TemplateFallback),
    };

    let network_cidr = match (
        non_empty(&spec.network_cidr),
        non_empty(&spec.network_id),
        cloud,
    ) {
        (Some(v), _, _) => Setting::new(Some(v.to_string()), Source::User),
        (None, None, Some(CloudProvider::Aws)) => {
            Setting::new(Some("172.20.0.0/16".to_string()), Source::CloudRule)
        }
        (None, None, Some(CloudProvider::Azure)) => {
            Setting::new(Some("10.0.0.0/16".to_string()), Source::CloudRule)
        }
        _ => Setting::new(None, Source::Unset),
    };

    let pod_cidr = match non_empty(&spec.pod_cidr) {
        Some(v) => Setting::new(Some(v.to_string()), Source::User),
        None if !ctx.kops_policies() => Setting::new(None, Source::Unset),
        None => match non_masq_cidr.and_then(|c| c.pod_cidr_default()) {
            Some(p) => Setting::new(Some(p), Source::KopsDefault),
            None => Setting::new(None, Source::Ipv6Rule),
        },
    };
    let cluster_cidr = spec
        .kube_controller_manager
        .as_ref()
        .and_then(|k| non_empty(&k.cluster_cidr));
    let (ipv4_pool_cidr, ipv6_pool_cidr) = if ctx.kops_policies() {
        let v4 = match cluster_cidr {
            Some(v) => Setting::new(v.to_string(), Source::User),
            None if ipv6_only => Setting::new(String::new(), Source::Ipv6Rule),
            None => Setting::new(
                pod_cidr.value.clone().unwrap_or_default(),
                pod_cidr.source.min_default(),
            ),
        };
        // kOps on IPv6 hands each node a prefix and has no pool; the
        // operator's Installation needs the pool's CIDR: the one the spec
        // names (clusterCIDR, else podCIDR), checked by the operator rules.
        let v6 = match cluster_cidr.or(non_empty(&spec.pod_cidr)) {
            Some(v) if ipv6_only && ctx.profile == Profile::Operator => {
                Setting::new(v.to_string(), Source::User)
            }
            _ => Setting::new(String::new(), Source::Unset),
        };
        (v4, v6)
    } else {
        // Upstream: the pool CIDR env is written only when the spec names
        // a CIDR (clusterCIDR, else podCIDR); otherwise Calico's default
        // pool applies.
        let named = match (cluster_cidr, non_empty(&spec.pod_cidr)) {
            (Some(v), _) => Setting::new(v.to_string(), Source::User),
            (None, Some(v)) => Setting::new(v.to_string(), Source::Derived),
            (None, None) => Setting::new(String::new(), Source::CalicoDefault),
        };
        let unset = Setting::new(String::new(), Source::CalicoDefault);
        if ipv6_only {
            (unset, named)
        } else {
            (named, unset)
        }
    };

    let api_internal_name = Setting::new(
        format!("api.internal.{}", cluster_name.value),
        Source::Derived,
    );
    let kube_proxy_enabled = match spec.kube_proxy.as_ref().and_then(|k| k.enabled) {
        Some(v) => Setting::new(v, Source::User),
        None => Setting::new(true, Source::KopsDefault),
    };

    let egress_proxy = ctx
        .kops_policies()
        .then(|| {
            egress_proxy(
                parsed,
                &cluster_name.value,
                &non_masq.value,
                non_masq_cidr,
                &network_cidr.value,
                cloud,
                &mut errors,
            )
        })
        .flatten();

    let calico_spec = user_calico.cloned().unwrap_or_default();
    let (release, image_tag) = release(&calico_spec, options, era, &mut errors);
    let policy_only = match spec.policy_only {
        Some(v) => Setting::new(v, Source::User),
        None => Setting::new(false, Source::ExtensionDefault),
    };
    let calico = match profile.value {
        Profile::Kops | Profile::Operator => complete_calico(&calico_spec, &ctx, image_tag),
        Profile::Upstream => {
            // `release` always names a known release (else it falls back to
            // the default, with an error): its facts are there.
            let registry = match release.value.facts() {
                Ok(facts) => facts.shape.upstream_registry,
                Err(e) => {
                    errors.push(FieldError::new(
                        format!("{CALICO}.version"),
                        ErrorType::Invalid,
                        release.value.to_string(),
                        format!("bug: the resolved release has no facts ({e})"),
                    ));
                    ""
                }
            };
            crate::upstream::complete_calico(
                &calico_spec,
                &ctx,
                image_tag,
                registry,
                policy_only.value,
            )
        }
    };
    let service_endpoint = spec.kubernetes_service_endpoint.as_ref().map(|e| {
        Setting::new(
            ServiceEndpoint {
                host: e.host.clone(),
                port: e.port,
            },
            Source::User,
        )
    });

    // What kOps's rules see of the completed spec.
    let mut completed = calico_spec.clone();
    completed.encapsulation_mode = Some(calico.encapsulation_mode.value.as_str().to_string());
    // kOps's builder also stores vxlanMode: Always on Azure; it survives a
    // user's other encapsulation (and then fails validation, as in kOps).
    if azure_builder(&ctx) && non_empty(&calico_spec.vxlan_mode).is_none() {
        completed.vxlan_mode = Some("Always".into());
    }
    let completed_kube_proxy = spec.kube_proxy.clone().unwrap_or_default();

    let node_count = match (
        options.node_count,
        spec.node_count,
        parsed.instance_group_nodes,
    ) {
        (Some(n), _, _) => Some(Setting::new(n, Source::Option)),
        (None, Some(n), _) => Some(Setting::new(u64::from(n), Source::User)),
        (None, None, Some(n)) => Some(Setting::new(n, Source::Derived)),
        _ => None,
    };
    let host_mtu = match (options.host_mtu, spec.host_mtu) {
        (Some(h), _) => Some(Setting::new(h, Source::Option)),
        (None, Some(h)) => Some(Setting::new(h, Source::User)),
        _ => None,
    };
    let bgp = spec.bgp.as_ref().map(|b| {
        Setting::new(
            ResolvedBgp {
                as_number: b.as_number,
                route_reflectors: b.route_reflectors.as_ref().map(|r| RouteReflectors {
                    node_selector: r.node_selector.clone(),
                    cluster_id: r.cluster_id.clone(),
                }),
            },
            Source::User,
        )
    });

    let resolved = ResolvedSpec {
        release,
        profile,
        policy_only,
        service_endpoint,
        kops_version: era,
        cluster_name,
        cloud_provider: Setting::new(
            cloud,
            if cloud.is_some() {
                Source::User
            } else {
                Source::Unset
            },
        ),
        ipv6_only: Setting::new(ipv6_only, Source::Derived),
        non_masquerade_cidr: non_masq,
        network_cidr,
        pod_cidr,
        ipv4_pool_cidr,
        ipv6_pool_cidr,
        api_internal_name,
        kube_proxy_enabled,
        egress_proxy,
        calico,
        node_count,
        host_mtu,
        bgp,
        warnings: Vec::new(),
    };
    Defaulted {
        resolved,
        errors,
        calico: user_calico.cloned(),
        completed,
        completed_kube_proxy,
        ctx,
    }
}

impl Source {
    /// A value computed from a defaulted value is itself a default.
    fn min_default(self) -> Source {
        match self {
            Source::User => Source::Derived,
            other => other,
        }
    }
}

/// The profile: the option, else the spec's `profile`, else `kops`.
fn profile(
    parsed: &ParsedSpec,
    options: &Options,
    errors: &mut Vec<FieldError>,
) -> Setting<Profile> {
    if let Some(p) = options.profile {
        return Setting::new(p, Source::Option);
    }
    match non_empty(&parsed.spec.profile) {
        None => Setting::new(Profile::Kops, Source::ExtensionDefault),
        Some(text) => match text.parse::<Profile>() {
            Ok(p) => Setting::new(p, Source::User),
            Err(message) => {
                errors.push(FieldError::new(
                    "spec.profile",
                    ErrorType::NotSupported,
                    text.to_string(),
                    message,
                ));
                Setting::new(Profile::Kops, Source::ExtensionDefault)
            }
        },
    }
}

/// kOps's options builder defaults Azure clusters (as GetCloudProvider sees
/// them, so not with the metal label) to VXLAN from kOps 1.35.
fn azure_builder(ctx: &Context) -> bool {
    ctx.kops_policies() && ctx.cloud == Some(CloudProvider::Azure) && ctx.kops.at_least(1, 35)
}

pub(crate) fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|v| !v.is_empty())
}

fn networking_choice<'a>(
    spec: &'a ClusterSpec,
    errors: &mut Vec<FieldError>,
) -> Option<&'a CalicoSpec> {
    let Some(networking) = &spec.networking else {
        errors.push(FieldError::new(
            CALICO,
            ErrorType::Required,
            serde_json::Value::Null,
            "calico-render renders Calico: add `networking: {calico: {}}` to the spec",
        ));
        return None;
    };
    let options = networking.configured_options();
    if options.len() > 1 {
        for o in &options {
            errors.push(FieldError::new(
                format!("spec.networking.{o}"),
                ErrorType::Forbidden,
                serde_json::Value::Null,
                format!(
                    "only one networking option permitted, found {}: keep `calico` and remove the others",
                    options.join(", ")
                ),
            ));
        }
    } else if let Some(other) = options.iter().find(|o| **o != "calico") {
        errors.push(FieldError::new(
            format!("spec.networking.{other}"),
            ErrorType::Forbidden,
            serde_json::Value::Null,
            format!("the cluster uses the `{other}` networking option; calico-render renders only Calico (`networking: {{calico: {{}}}}`)"),
        ));
    } else if networking.calico.is_none() {
        errors.push(FieldError::new(
            CALICO,
            ErrorType::Required,
            serde_json::Value::Null,
            "calico-render renders Calico: add `calico: {}` under spec.networking",
        ));
    }
    networking.calico.as_ref()
}

fn cloud_provider(
    parsed: &ParsedSpec,
    errors: &mut Vec<FieldError>,
) -> (Option<CloudProvider>, bool) {
    const NAMES: &[(&str, CloudProvider)] = &[
        ("aws", CloudProvider::Aws),
        ("azure", CloudProvider::Azure),
        ("digitalocean", CloudProvider::DigitalOcean),
        ("gce", CloudProvider::Gce),
        ("hetzner", CloudProvider::Hetzner),
        ("openstack", CloudProvider::OpenStack),
        ("scaleway", CloudProvider::Scaleway),
        ("linode", CloudProvider::Linode),
    ];
    // kOps's order when the object form names several.
    const OBJECT_KEYS: &[(&str, CloudProvider)] = &[
        ("aws", CloudProvider::Aws),
        ("azure", CloudProvider::Azure),
        ("do", CloudProvider::DigitalOcean),
        ("gce", CloudProvider::Gce),
        ("hetzner", CloudProvider::Hetzner),
        ("openstack", CloudProvider::OpenStack),
        ("scaleway", CloudProvider::Scaleway),
        ("linode", CloudProvider::Linode),
    ];
    let from_spec = match &parsed.spec.cloud_provider {
        None => None,
        Some(CloudProviderField::Name(n)) if n.is_empty() => None,
        Some(CloudProviderField::Name(n)) => match NAMES.iter().find(|(k, _)| k == n) {
            Some((_, c)) => Some(*c),
            None => {
                errors.push(FieldError::new(
                    "spec.cloudProvider",
                    ErrorType::NotSupported,
                    n.clone(),
                    format!(
                        "unsupported value {n:?}: supported values: {}",
                        NAMES
                            .iter()
                            .map(|(k, _)| format!("{k:?}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
                None
            }
        },
        Some(CloudProviderField::Object(map)) => {
            for key in map.keys() {
                if !OBJECT_KEYS.iter().any(|(k, _)| k == key) {
                    errors.push(FieldError::new(
                        format!("spec.cloudProvider.{key}"),
                        ErrorType::NotSupported,
                        key.clone(),
                        format!(
                            "unknown cloud provider {key:?}: supported: {}",
                            OBJECT_KEYS
                                .iter()
                                .map(|(k, _)| format!("{k:?}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                }
            }
            let set: Vec<&str> = OBJECT_KEYS
                .iter()
                .filter(|(k, _)| map.get(*k).is_some_and(|v| !v.is_null()))
                .map(|(k, _)| *k)
                .collect();
            if set.len() > 1 {
                errors.push(FieldError::new(
                    "spec.cloudProvider",
                    ErrorType::Forbidden,
                    serde_json::Value::Null,
                    format!(
                        "only one cloud provider may be set, found {}: keep one",
                        set.join(", ")
                    ),
                ));
            }
            OBJECT_KEYS
                .iter()
                .find(|(k, _)| map.get(*k).is_some_and(|v| !v.is_null()))
                .map(|(_, c)| *c)
        }
    };
    let azure = from_spec == Some(CloudProvider::Azure);
    if parsed
        .labels
        .get("alpha.kops.k8s.io/cloud")
        .map(String::as_str)
        == Some("metal")
    {
        return (Some(CloudProvider::Metal), azure);
    }
    (from_spec, azure)
}

fn egress_proxy(
    parsed: &ParsedSpec,
    cluster_name: &str,
    non_masq: &str,
    non_masq_cidr: Option<Cidr>,
    network_cidr: &Option<String>,
    cloud: Option<CloudProvider>,
    errors: &mut Vec<FieldError>,
) -> Option<Setting<EgressProxy>> {
    let spec = &parsed.spec;
    let proxy = spec.egress_proxy.as_ref()?;
    let user_excludes = proxy.excludes.clone().unwrap_or_default();
    if network_cidr.is_none()
        && non_empty(&spec.network_id).is_some()
        && matches!(cloud, Some(CloudProvider::Aws | CloudProvider::Azure))
    {
        errors.push(FieldError::new(
            "spec.networkCIDR",
            ErrorType::Required,
            serde_json::Value::Null,
            "with a shared network (networkID) and an egress proxy, set networkCIDR: kOps would look it up in the cloud, calico-render cannot",
        ));
    }
    let mut list: Vec<String> = if user_excludes.is_empty() {
        Vec::new()
    } else {
        user_excludes.split(',').map(str::to_string).collect()
    };
    let first_ip = non_masq_cidr
        .and_then(|c| c.first_ip_after())
        .unwrap_or_default();
    let api_public = match non_empty(&spec.master_public_name) {
        Some(n) => n.to_string(),
        None => {
            let dns = spec
                .topology
                .as_ref()
                .and_then(|t| t.dns.as_ref())
                .and_then(|d| d.dns_type.clone())
                .unwrap_or_default();
            if dns.is_empty() || dns == "Public" {
                format!("api.{cluster_name}")
            } else {
                String::new()
            }
        }
    };
    let cluster_dns = spec.cluster_dns_domain.clone().unwrap_or_default();
    let name = cluster_name.to_string();
    let add = |item: &str, list: &mut Vec<String>| {
        if !item.is_empty() && !user_excludes.contains(item) {
            list.push(item.to_string());
        }
    };
    for item in [
        "127.0.0.1",
        "localhost",
        &cluster_dns,
        &api_public,
        &name,
        &first_ip,
        non_masq,
    ] {
        add(item, &mut list);
    }
    if cloud == Some(CloudProvider::Aws) {
        add("169.254.169.254", &mut list);
    }
    if let Some(n) = network_cidr {
        add(n, &mut list);
    }
    for c in spec.additional_network_cidrs.iter().flatten() {
        add(c, &mut list);
    }
    let url = proxy
        .http_proxy
        .as_ref()
        .and_then(|h| non_empty(&h.host).map(|host| (host.to_string(), h.port.unwrap_or(0))))
        .map(|(host, port)| {
            if port != 0 {
                format!("http://{host}:{port}")
            } else {
                format!("http://{host}")
            }
        });
    let no_proxy = (!list.is_empty()).then(|| list.join(","));
    Some(Setting::new(EgressProxy { url, no_proxy }, Source::User))
}

/// The Calico release whose shape is rendered, and the tag of its images.
///
/// The release asked for is the spec's `version`, else the option, else the
/// kOps line's pin. A known release renders as itself; an unknown patch of a
/// known minor renders in the shape of its nearest known patch
/// ([`Release::nearest`]) with its own images (validation warns). Anything
/// else is an error at `version`.
fn release(
    c: &CalicoSpec,
    options: &Options,
    era: KopsVersion,
    errors: &mut Vec<FieldError>,
) -> (Setting<Release>, Setting<String>) {
    let path = format!("{CALICO}.version");
    let fallback = || Setting::new(Release::DEFAULT, Source::TemplateFallback);
    let asked = match (non_empty(&c.version), options.release, era.pin()) {
        (Some(text), _, _) => match text.parse::<Release>() {
            Ok(release) => Setting::new(release, Source::User),
            Err(err) => {
                errors.push(FieldError::new(
                    path,
                    ErrorType::Invalid,
                    text.to_string(),
                    format!("{err}; or remove version to render kOps {era}'s pin"),
                ));
                return (fallback(), Setting::new(text.to_string(), Source::User));
            }
        },
        (None, Some(release), _) => Setting::new(release, Source::Option),
        (None, None, Some(pin)) => Setting::new(pin, Source::KopsPin),
        (None, None, None) => {
            errors.push(FieldError::new(
                path,
                ErrorType::Required,
                String::new(),
                format!(
                    "kOps {era} pins a Calico release older than v3.27, which calico-render does not render: set version to one it renders ({known}), or use --kops-version 1.28 or newer",
                    known = Release::known_summary()
                ),
            ));
            let fallback = fallback();
            let tag = Setting::new(fallback.value.to_string(), Source::TemplateFallback);
            return (fallback, tag);
        }
    };
    let tag = Setting::new(
        non_empty(&c.version)
            .map(str::to_string)
            .unwrap_or_else(|| asked.value.to_string()),
        match asked.source {
            Source::KopsPin => Source::TemplateFallback,
            source => source,
        },
    );
    match asked.value.nearest() {
        Ok(facts) => (Setting::new(facts.release, asked.source), tag),
        Err(err) => {
            errors.push(FieldError::new(
                path,
                ErrorType::NotSupported,
                asked.value.to_string(),
                err.to_string(),
            ));
            (fallback(), tag)
        }
    }
}

fn complete_calico(c: &CalicoSpec, ctx: &Context, image_tag: Setting<String>) -> ResolvedCalico {
    let era = ctx.kops;
    let user_str = |v: &Option<String>| non_empty(v).map(str::to_string);
    let str_or = |v: &Option<String>, fallback: &str, source: Source| match user_str(v) {
        Some(s) => Setting::new(s, Source::User),
        None => Setting::new(fallback.to_string(), source),
    };
    let bool_or_false = |v: Option<bool>| match v {
        Some(b) => Setting::new(b, Source::User),
        None => Setting::new(false, Source::TemplateFallback),
    };
    let port_or = |v: Option<i32>, fallback: i32| match v {
        Some(p) if p != 0 => Setting::new(p, Source::User),
        _ => Setting::new(fallback, Source::TemplateFallback),
    };

    // The options builder: ipip, none on IPv6, vxlan (+ vxlanMode Always) on
    // Azure from kOps 1.35; the user's own value wins.
    let azure_rule = azure_builder(ctx);
    let encapsulation = match user_str(&c.encapsulation_mode).as_deref() {
        Some("vxlan") => Setting::new(Encapsulation::Vxlan, Source::User),
        Some("none") => Setting::new(Encapsulation::None, Source::User),
        Some(_) => Setting::new(Encapsulation::Ipip, Source::User),
        None if azure_rule => Setting::new(Encapsulation::Vxlan, Source::CloudRule),
        None if ctx.ipv6_only && era.at_least(1, 23) => {
            Setting::new(Encapsulation::None, Source::Ipv6Rule)
        }
        None => Setting::new(Encapsulation::Ipip, Source::KopsDefault),
    };
    let cross_subnet_era = era.at_least(1, 22);
    let legacy_mode = || {
        if c.cross_subnet == Some(true) {
            PoolMode::CrossSubnet
        } else {
            PoolMode::Always
        }
    };
    let user_mode = |v: &Option<String>| user_str(v).and_then(|s| PoolMode::parse(&s));
    let ipip = if encapsulation.value != Encapsulation::Ipip {
        Setting::new(PoolMode::Never, Source::Derived)
    } else if let Some(m) = user_mode(&c.ipip_mode) {
        Setting::new(m, Source::User)
    } else if !cross_subnet_era {
        Setting::new(legacy_mode(), Source::KopsVersionRule)
    } else if ctx.cloud == Some(CloudProvider::OpenStack) {
        Setting::new(PoolMode::Always, Source::CloudRule)
    } else {
        Setting::new(PoolMode::CrossSubnet, Source::KopsDefault)
    };
    let vxlan_user = user_mode(&c.vxlan_mode)
        .map(|m| (m, Source::User))
        .or_else(|| azure_rule.then_some((PoolMode::Always, Source::CloudRule)));
    let (vxlan4, vxlan6) = if encapsulation.value != Encapsulation::Vxlan {
        (
            Setting::new(PoolMode::Never, Source::Derived),
            Setting::new(PoolMode::Never, Source::Derived),
        )
    } else if let Some((m, s)) = vxlan_user {
        (Setting::new(m, s), Setting::new(m, s))
    } else if !cross_subnet_era {
        (
            Setting::new(legacy_mode(), Source::KopsVersionRule),
            Setting::new(PoolMode::Never, Source::TemplateFallback),
        )
    } else {
        (
            Setting::new(PoolMode::CrossSubnet, Source::KopsDefault),
            Setting::new(PoolMode::Never, Source::TemplateFallback),
        )
    };

    let aws = ctx.cloud == Some(CloudProvider::Aws);
    let aws_src_dst_check = if era.at_least(1, 26) {
        if aws && !ctx.ipv6_only {
            str_or(&c.aws_src_dst_check, "Disable", Source::CloudRule)
        } else if ctx.ipv6_only {
            Setting::new("DoNothing".to_string(), Source::Ipv6Rule)
        } else {
            Setting::new("DoNothing".to_string(), Source::CloudRule)
        }
    } else if era.at_least(1, 22) {
        if aws {
            str_or(&c.aws_src_dst_check, "Disable", Source::CloudRule)
        } else {
            Setting::new("DoNothing".to_string(), Source::CloudRule)
        }
    } else if aws && c.cross_subnet == Some(true) {
        Setting::new("Disable".to_string(), Source::KopsVersionRule)
    } else {
        str_or(&c.aws_src_dst_check, "DoNothing", Source::KopsVersionRule)
    };

    let cpu_request = match &c.cpu_request {
        Some(q) => Setting::new(q.to_string(), Source::User),
        None if era.at_least(1, 34) => Setting::new("250m".to_string(), Source::TemplateFallback),
        None => Setting::new("100m".to_string(), Source::KopsVersionRule),
    };
    let (v4_auto, v6_auto, auto_source) = if ctx.ipv6_only {
        ("none", "first-found", Source::Ipv6Rule)
    } else {
        ("first-found", "none", Source::TemplateFallback)
    };

    ResolvedCalico {
        registry: str_or(&c.registry, "docker.io", Source::TemplateFallback),
        image_tag,
        allow_ip_forwarding: bool_or_false(c.allow_ip_forwarding),
        aws_src_dst_check,
        bpf_enabled: bool_or_false(c.bpf_enabled),
        bpf_external_service_mode: str_or(
            &c.bpf_external_service_mode,
            "Tunnel",
            Source::TemplateFallback,
        ),
        bpf_kube_proxy_iptables_cleanup_enabled: bool_or_false(
            c.bpf_kube_proxy_iptables_cleanup_enabled,
        ),
        bpf_log_level: str_or(&c.bpf_log_level, "Off", Source::TemplateFallback),
        chain_insert_mode: str_or(&c.chain_insert_mode, "insert", Source::TemplateFallback),
        cpu_request,
        encapsulation_mode: encapsulation,
        ipv4_pool_ipip_mode: ipip,
        ipv4_pool_vxlan_mode: vxlan4,
        ipv6_pool_vxlan_mode: vxlan6,
        ipv4_auto_detection_method: str_or(&c.ipv4_auto_detection_method, v4_auto, auto_source),
        ipv6_auto_detection_method: str_or(&c.ipv6_auto_detection_method, v6_auto, auto_source),
        iptables_backend: str_or(&c.iptables_backend, "Auto", Source::TemplateFallback),
        log_severity_screen: str_or(&c.log_severity_screen, "info", Source::TemplateFallback),
        mtu: match c.mtu {
            Some(m) => Setting::new(m, Source::User),
            None => Setting::new(0, Source::TemplateFallback),
        },
        nftables_mode: match user_str(&c.nftables_mode) {
            Some(m) => Setting::new(Some(m), Source::User),
            None => Setting::new(None, Source::TemplateFallback),
        },
        prometheus_metrics_enabled: bool_or_false(c.prometheus_metrics_enabled),
        prometheus_metrics_port: port_or(c.prometheus_metrics_port, 9091),
        prometheus_go_metrics_enabled: bool_or_false(c.prometheus_go_metrics_enabled),
        prometheus_process_metrics_enabled: bool_or_false(c.prometheus_process_metrics_enabled),
        typha_prometheus_metrics_enabled: bool_or_false(c.typha_prometheus_metrics_enabled),
        typha_prometheus_metrics_port: port_or(c.typha_prometheus_metrics_port, 9093),
        typha_replicas: match c.typha_replicas {
            Some(n) => Setting::new(n, Source::User),
            None => Setting::new(0, Source::TemplateFallback),
        },
        wireguard_enabled: bool_or_false(c.wireguard_enabled),
    }
}
