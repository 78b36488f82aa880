//! The CRDs follow the release: the set, the metadata and the fields each
//! known release has (facts checked without an upstream mirror).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::OnceLock;

use calico_api::Release;
use serde_json::Value;

fn r(text: &str) -> Release {
    text.parse().unwrap()
}

/// The CRDs of `release`, generated once per test binary.
fn crds(release: Release) -> Result<&'static [Value], calico_api::CrdError> {
    static ALL: OnceLock<Vec<(Release, Vec<Value>)>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        Release::known()
            .map(|facts| (facts.release, calico_api::crds(facts.release).unwrap()))
            .collect()
    });
    match all.iter().find(|(known, _)| *known == release) {
        Some((_, crds)) => Ok(crds),
        None => calico_api::crds(release).map(|_| unreachable!("{release} is not known")),
    }
}

/// The CRD `plural` (`<plural>.<group>`) of `release`, if it installs it.
fn crd(release: &str, plural: &str) -> Option<Value> {
    crds(r(release))
        .unwrap()
        .iter()
        .find(|c| c["spec"]["names"]["plural"] == plural)
        .cloned()
}

/// The `spec` properties of the CRD `plural` of `release`.
fn spec_fields(release: &str, plural: &str) -> serde_json::Map<String, Value> {
    let crd = crd(release, plural).unwrap_or_else(|| panic!("{release} has no {plural}"));
    crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]["properties"]
        .as_object()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn each_release_installs_its_crd_set() {
    let counts: Vec<(String, usize)> = Release::known()
        .map(|facts| {
            (
                facts.release.to_string(),
                crds(facts.release).unwrap().len(),
            )
        })
        .collect();
    // 18 CRDs in 3.27 and 3.28, 20 in 3.29, 24 in 3.30 and 3.31, 23 in 3.32.
    let want: Vec<(String, usize)> = Release::known()
        .map(|facts| {
            let n = match facts.release.minor() {
                27 | 28 => 18,
                29 => 20,
                30 | 31 => 24,
                _ => 23,
            };
            (facts.release.to_string(), n)
        })
        .collect();
    assert_eq!(want.len(), 38);
    assert_eq!(counts, want);
    for facts in Release::known() {
        let names: Vec<String> = crds(facts.release)
            .unwrap()
            .iter()
            .map(|c| c["metadata"]["name"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(names, facts.crds, "{}", facts.release);
    }
    assert!(crd("v3.28.5", "tiers").is_none());
    assert!(crd("v3.29.4", "tiers").is_some());
    assert!(crd("v3.29.7", "stagednetworkpolicies").is_none());
    assert!(crd("v3.30.3", "stagednetworkpolicies").is_some());
    // 3.32 replaces the admin network policies with ClusterNetworkPolicy.
    for facts in Release::known() {
        let release = facts.release.to_string();
        let v3_32 = facts.release >= r("v3.32.0");
        assert_eq!(
            crd(&release, "clusternetworkpolicies").is_some(),
            v3_32,
            "{release}"
        );
        if facts.release >= r("v3.30.0") {
            assert_eq!(
                crd(&release, "baselineadminnetworkpolicies").is_none(),
                v3_32,
                "{release}"
            );
        }
    }
}

#[test]
fn the_controller_gen_annotation_follows_the_release() {
    let annotation = |release: &str, plural: &str| {
        crd(release, plural).unwrap()["metadata"]["annotations"]
            ["controller-gen.kubebuilder.io/version"]
            .as_str()
            .map(str::to_owned)
    };
    // Up to 3.29, only the CRDs a development controller-gen wrote say so.
    assert_eq!(annotation("v3.27.3", "bgpconfigurations"), None);
    assert_eq!(
        annotation("v3.27.3", "bgpfilters").as_deref(),
        Some("(devel)")
    );
    assert_eq!(annotation("v3.29.7", "tiers").as_deref(), Some("(devel)"));
    assert_eq!(
        annotation("v3.30.3", "bgpconfigurations").as_deref(),
        Some("v0.17.3")
    );
    assert_eq!(annotation("v3.31.3", "tiers").as_deref(), Some("v0.17.3"));
    assert_eq!(
        annotation("v3.31.6", "bgpconfigurations").as_deref(),
        Some("v0.18.0")
    );

    // The placeholders of the older releases.
    let old = crd("v3.29.4", "bgpfilters").unwrap();
    assert!(old["metadata"]["creationTimestamp"].is_null());
    assert!(old["metadata"].get("creationTimestamp").is_some());
    assert_eq!(old["status"]["conditions"], serde_json::json!([]));
    assert!(old["spec"].get("preserveUnknownFields").is_none());
    let new = crd("v3.30.3", "bgpfilters").unwrap();
    assert!(new.get("status").is_none());
    assert_eq!(new["spec"]["preserveUnknownFields"], false);

    let anp = crd("v3.29.4", "adminnetworkpolicies").unwrap();
    assert_eq!(
        anp["metadata"]["annotations"]["policy.networking.k8s.io/bundle-version"],
        "v0.1.1"
    );
    let cnp = crd("v3.32.1", "clusternetworkpolicies").unwrap();
    let annotations = &cnp["metadata"]["annotations"];
    assert_eq!(
        annotations["policy.networking.k8s.io/bundle-version"],
        "v0.2.0"
    );
    assert_eq!(annotations["policy.networking.k8s.io/channel"], "standard");
    assert!(cnp["metadata"].get("creationTimestamp").is_none());
    assert_eq!(cnp["spec"]["versions"][0]["name"], "v1alpha2");
    assert_eq!(annotation("v3.32.1", "tiers").as_deref(), Some("v0.18.0"));
}

#[test]
fn crd_level_settings_follow_the_release() {
    let version =
        |release: &str, plural: &str| crd(release, plural).unwrap()["spec"]["versions"][0].clone();
    assert!(version("v3.31.7", "kubecontrollersconfigurations")
        .get("subresources")
        .is_none());
    assert_eq!(
        version("v3.32.1", "kubecontrollersconfigurations")["subresources"],
        serde_json::json!({ "status": {} })
    );
    let tier_root = |release: &str| version(release, "tiers")["schema"]["openAPIV3Schema"].clone();
    assert!(tier_root("v3.31.7").get("required").is_none());
    assert_eq!(
        tier_root("v3.32.1")["required"],
        serde_json::json!(["metadata", "spec"])
    );
    assert_eq!(
        tier_root("v3.32.1")["x-kubernetes-validations"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
}

#[test]
fn fields_appear_in_their_releases() {
    let has =
        |release: &str, plural: &str, field: &str| spec_fields(release, plural).contains_key(field);
    assert!(!has("v3.29.7", "ippools", "assignmentMode"));
    assert!(has("v3.30.3", "ippools", "assignmentMode"));
    assert!(!has("v3.30.7", "ippools", "namespaceSelector"));
    assert!(has("v3.31.3", "ippools", "namespaceSelector"));
    assert!(!has("v3.28.5", "networkpolicies", "tier"));
    assert!(has("v3.29.4", "networkpolicies", "tier"));

    // Added in v3.31.4 and backported to v3.30.6.
    for (release, want) in [
        ("v3.30.3", false),
        ("v3.30.7", true),
        ("v3.31.3", false),
        ("v3.31.6", true),
    ] {
        assert_eq!(
            has(release, "felixconfigurations", "logActionRateLimit"),
            want,
            "{release}"
        );
    }
    // Removed in 3.32.
    assert!(has("v3.31.7", "ippools", "ipip"));
    assert!(!has("v3.32.1", "ippools", "ipip"));
    assert!(!has(
        "v3.32.1",
        "felixconfigurations",
        "iptablesLockTimeout"
    ));
    assert!(has("v3.32.1", "felixconfigurations", "istioDSCPMark"));
    // In v3.28.3, gone in v3.29.0, back from v3.29.1.
    assert!(!has(
        "v3.27.5",
        "felixconfigurations",
        "wireguardThreadingEnabled"
    ));
    assert!(has(
        "v3.28.5",
        "felixconfigurations",
        "wireguardThreadingEnabled"
    ));
    assert!(has(
        "v3.29.4",
        "felixconfigurations",
        "wireguardThreadingEnabled"
    ));
}

#[test]
fn keywords_change_with_the_release() {
    let felix = |release: &str, field: &str, keyword: &str| {
        spec_fields(release, "felixconfigurations")[field]
            .get(keyword)
            .cloned()
    };
    assert_eq!(
        felix("v3.29.4", "chainInsertMode", "pattern").unwrap(),
        "^(?i)(insert|append)?$"
    );
    assert_eq!(
        felix("v3.30.3", "chainInsertMode", "pattern").unwrap(),
        "^(?i)(Insert|Append)?$"
    );
    // An enum from 3.30; a plain string before.
    assert!(felix("v3.29.4", "nftablesMode", "enum").is_none());
    assert_eq!(felix("v3.29.4", "nftablesMode", "type").unwrap(), "string");
    assert!(felix("v3.30.3", "nftablesMode", "enum").is_some());

    let failsafe_required = |release: &str| {
        spec_fields(release, "felixconfigurations")["failsafeInboundHostPorts"]["items"]["required"]
            .clone()
    };
    assert_eq!(
        failsafe_required("v3.29.4"),
        serde_json::json!(["port", "protocol"])
    );
    assert_eq!(failsafe_required("v3.30.3"), serde_json::json!(["port"]));
}

#[test]
fn enums_follow_the_release() {
    let field =
        |release: &str, plural: &str, name: &str| spec_fields(release, plural)[name].clone();
    // A free string up to 3.31, an enum from 3.32.
    let types = |release: &str| field(release, "networkpolicies", "types")["items"].clone();
    assert_eq!(types("v3.31.6"), serde_json::json!({ "type": "string" }));
    assert_eq!(
        types("v3.32.1"),
        serde_json::json!({ "type": "string", "enum": ["Ingress", "Egress"] })
    );
    // A variant from 3.30 to 3.31.
    let redirect =
        |release: &str| field(release, "felixconfigurations", "bpfRedirectToPeer")["enum"].clone();
    assert!(redirect("v3.29.4").is_null());
    assert_eq!(
        redirect("v3.31.6"),
        serde_json::json!(["Enabled", "Disabled", "L2Only"])
    );
    assert_eq!(
        redirect("v3.32.1"),
        serde_json::json!(["Enabled", "Disabled"])
    );
    // One enum checked twice in some releases, once in others.
    let shape = |release: &str, name: &str| {
        let f = field(release, "bgppeers", name);
        (f.get("allOf").is_some(), f.get("enum").is_some())
    };
    assert_eq!(shape("v3.31.6", "nextHopMode"), (true, false));
    assert_eq!(shape("v3.32.1", "nextHopMode"), (false, true));
    assert_eq!(shape("v3.31.6", "reversePeering"), (false, true));
    assert_eq!(shape("v3.32.1", "reversePeering"), (true, false));
    let tier_action = |release: &str| field(release, "tiers", "defaultAction");
    assert_eq!(
        tier_action("v3.31.6")["enum"],
        serde_json::json!(["Pass", "Deny"])
    );
    assert_eq!(
        tier_action("v3.32.1")["allOf"],
        serde_json::json!([{ "enum": ["Allow", "Deny", "Log", "Pass"] }, { "enum": ["Pass", "Deny"] }])
    );
}

#[test]
fn no_marker_reaches_the_output() {
    for facts in Release::known() {
        let text = serde_json::to_string(&crds(facts.release).unwrap()).unwrap();
        assert!(!text.contains("x-calico-"), "{}", facts.release);
    }
}
