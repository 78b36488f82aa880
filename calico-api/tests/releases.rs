//! The CRDs follow the release: the set, the metadata and the fields each
//! known release has (facts checked without an upstream mirror).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calico_api::{crds, Release};
use serde_json::Value;

fn r(text: &str) -> Release {
    text.parse().unwrap()
}

/// The CRD `plural` (`<plural>.<group>`) of `release`, if it installs it.
fn crd(release: &str, plural: &str) -> Option<Value> {
    crds(r(release))
        .unwrap()
        .into_iter()
        .find(|c| c["spec"]["names"]["plural"] == plural)
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
    let want = [
        ("v3.27.3", 18),
        ("v3.27.5", 18),
        ("v3.28.5", 18),
        ("v3.29.4", 20),
        ("v3.29.7", 20),
        ("v3.30.3", 24),
        ("v3.30.7", 24),
        ("v3.31.3", 24),
        ("v3.31.6", 24),
        ("v3.31.7", 24),
    ];
    let want: Vec<(String, usize)> = want.iter().map(|(r, n)| (r.to_string(), *n)).collect();
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
fn no_marker_reaches_the_output() {
    for facts in Release::known() {
        let text = serde_json::to_string(&crds(facts.release).unwrap()).unwrap();
        assert!(!text.contains("x-calico-"), "{}", facts.release);
    }
}
