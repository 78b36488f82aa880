//! calico-render's BGP route-reflector extension: the BGPPeer and the
//! BGPConfiguration, in order, and valid against the typed Calico API.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;

fn render(yaml: &str) -> calico_render::Manifest {
    let parsed = calico_spec::parse_str(yaml).unwrap();
    let resolved = calico_spec::resolve(&parsed, &Default::default()).unwrap();
    calico_render::render(&resolved).unwrap()
}

/// Deserializes into the typed model and back: nothing may be lost.
fn round_trips<T: serde::de::DeserializeOwned + serde::Serialize>(value: &Value) {
    let typed: T = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(&serde_json::to_value(typed).unwrap(), value);
}

const REFLECTORS: &str = "
bgp:
  asNumber: 64512
  routeReflectors:
    nodeSelector: route-reflector == 'true'
    clusterID: 244.0.0.1
networking:
  calico: {}
";

#[test]
fn route_reflectors_render_a_peer_then_the_configuration_last() {
    let manifest = render(REFLECTORS);
    let objects = manifest.objects();
    let n = objects.len();
    assert_eq!(n, 41, "39 kOps objects plus two");
    let (peer, config) = (&objects[n - 2], &objects[n - 1]);
    assert_eq!(
        (peer.kind.as_str(), peer.api_version.as_str()),
        ("BGPPeer", "crd.projectcalico.org/v1")
    );
    assert_eq!(peer.value().unwrap()["spec"]["nodeSelector"], "all()");
    assert_eq!(
        peer.value().unwrap()["spec"]["peerSelector"],
        "route-reflector == 'true'"
    );
    assert_eq!(
        (config.kind.as_str(), config.name.as_str()),
        ("BGPConfiguration", "default")
    );
    assert_eq!(
        config.value().unwrap()["spec"]["nodeToNodeMeshEnabled"],
        Value::Bool(false)
    );
    assert_eq!(config.value().unwrap()["spec"]["asNumber"], 64512);
    round_trips::<calico_api::BGPPeer>(peer.value().unwrap());
    round_trips::<calico_api::BGPConfiguration>(config.value().unwrap());
    // The CRDs the objects need come earlier in the manifest.
    let crd = |name: &str| objects.iter().position(|o| o.name == name).unwrap();
    assert!(crd("bgppeers.crd.projectcalico.org") < n - 2);
    assert!(crd("bgpconfigurations.crd.projectcalico.org") < n - 1);
}

#[test]
fn as_number_alone_keeps_the_mesh() {
    let manifest = render("bgp: {asNumber: 65001}\nnetworking: {calico: {}}");
    let last = manifest.objects().last().unwrap();
    assert_eq!(last.kind, "BGPConfiguration");
    assert_eq!(
        last.value().unwrap()["spec"]["nodeToNodeMeshEnabled"],
        Value::Bool(true)
    );
    assert_eq!(last.value().unwrap()["spec"]["asNumber"], 65001);
    assert!(!manifest.objects().iter().any(|o| o.kind == "BGPPeer"));
    round_trips::<calico_api::BGPConfiguration>(last.value().unwrap());
}

#[test]
fn reflectors_without_as_number_leave_it_out() {
    let manifest = render(&REFLECTORS.replace("  asNumber: 64512\n", ""));
    let last = manifest.objects().last().unwrap();
    assert!(last.value().unwrap()["spec"].get("asNumber").is_none());
}

#[test]
fn no_bgp_no_bgp_objects() {
    let manifest = render("networking: {calico: {}}");
    assert!(!manifest
        .objects()
        .iter()
        .any(|o| o.kind == "BGPPeer" || o.kind == "BGPConfiguration"));
}

#[test]
fn a_selector_with_quotes_is_carried_exactly() {
    let manifest = render(&REFLECTORS.replace(
        "route-reflector == 'true'",
        "\"rr == \\\"x: y\\\" && !has(edge)\"",
    ));
    let peer = &manifest.objects()[manifest.objects().len() - 2];
    assert_eq!(
        peer.value().unwrap()["spec"]["peerSelector"],
        "rr == \"x: y\" && !has(edge)"
    );
}
