//! The manifest's shape (objects, order, counts), determinism, output forms.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{identities, render, CRD};

const DEFAULT: &str = "
apiVersion: kops.k8s.io/v1alpha2
kind: Cluster
metadata: {name: shape.example.com}
spec:
  cloudProvider: aws
  networking:
    calico: {}
";

fn with(calico: &str) -> String {
    format!(
        "
apiVersion: kops.k8s.io/v1alpha2
kind: Cluster
metadata: {{name: shape.example.com}}
spec:
  cloudProvider: aws
  kubeProxy: {{enabled: false}}
  networking:
    calico: {calico}
"
    )
}

/// kOps's object order (kops-calico.md §4), conditional objects marked.
fn planned(bpf: bool, typha: bool) -> Vec<String> {
    let mut v: Vec<&str> = Vec::new();
    if bpf {
        v.push("ConfigMap kubernetes-services-endpoint");
    }
    v.push("PodDisruptionBudget calico-kube-controllers");
    if typha {
        v.push("PodDisruptionBudget calico-typha");
    }
    v.extend([
        "ServiceAccount calico-kube-controllers",
        "ServiceAccount calico-node",
        "ServiceAccount calico-cni-plugin",
        "ConfigMap calico-config",
    ]);
    let crds = [
        "bgpconfigurations",
        "bgpfilters",
        "bgppeers",
        "blockaffinities",
        "caliconodestatuses",
        "clusterinformations",
        "felixconfigurations",
        "globalnetworkpolicies",
        "globalnetworksets",
        "hostendpoints",
        "ipamblocks",
        "ipamconfigs",
        "ipamhandles",
        "ippools",
        "ipreservations",
        "kubecontrollersconfigurations",
        "networkpolicies",
        "networksets",
        "stagedglobalnetworkpolicies",
        "stagedkubernetesnetworkpolicies",
        "stagednetworkpolicies",
        "tiers",
    ];
    let mut out: Vec<String> = v.iter().map(|s| s.to_string()).collect();
    out.extend(
        crds.iter()
            .map(|c| format!("{CRD} {c}.crd.projectcalico.org")),
    );
    out.push(format!(
        "{CRD} adminnetworkpolicies.policy.networking.k8s.io"
    ));
    out.push(format!(
        "{CRD} baselineadminnetworkpolicies.policy.networking.k8s.io"
    ));
    let mut tail = vec![
        "ClusterRole calico-kube-controllers",
        "ClusterRole calico-node",
        "ClusterRole calico-cni-plugin",
        "ClusterRole calico-tier-getter",
        "ClusterRoleBinding calico-kube-controllers",
        "ClusterRoleBinding calico-node",
        "ClusterRoleBinding calico-cni-plugin",
        "ClusterRoleBinding calico-tier-getter",
    ];
    if typha {
        tail.push("Service calico-typha");
    }
    tail.extend([
        "DaemonSet calico-node",
        "Deployment calico-kube-controllers",
    ]);
    if typha {
        tail.push("Deployment calico-typha");
    }
    out.extend(tail.iter().map(|s| s.to_string()));
    out
}

#[test]
fn objects_and_order_match_kops() {
    let cases = [
        (DEFAULT.to_string(), false, false, 39),
        (with("{bpfEnabled: true}"), true, false, 40),
        (with("{typhaReplicas: 3}"), false, true, 42),
        (with("{bpfEnabled: true, typhaReplicas: 1}"), true, true, 43),
    ];
    for (spec, bpf, typha, count) in cases {
        let m = render(&spec);
        assert_eq!(m.objects().len(), count, "{spec}");
        assert_eq!(identities(&m), planned(bpf, typha), "{spec}");
        let own = m.objects().iter().filter(|o| o.kind != CRD).count();
        assert_eq!(own, count - 24);
    }
    // IPv6 changes contents, not the object list.
    let ipv6 = render("nonMasqueradeCIDR: ::/0\nnetworking: {calico: {}}\n");
    assert_eq!(identities(&ipv6), planned(false, false));
}

#[test]
fn every_object_knows_its_identity() {
    let m = render(&with("{bpfEnabled: true, typhaReplicas: 2}"));
    for o in m.objects() {
        let value = o.value().unwrap();
        assert_eq!(value["apiVersion"], o.api_version.as_str());
        assert_eq!(value["kind"], o.kind.as_str());
        assert_eq!(value["metadata"]["name"], o.name.as_str());
        assert_eq!(
            value["metadata"].get("namespace").and_then(|v| v.as_str()),
            o.namespace.as_deref()
        );
        let back: serde_json::Value = serde_saphyr::from_str(o.yaml()).unwrap();
        assert_eq!(&back, value);
        assert!(o.yaml().ends_with('\n') && !o.yaml().ends_with("\n\n"));
    }
}

#[test]
fn rendering_is_deterministic() {
    let spec = common::resolve(
        &std::fs::read_to_string(common::fixtures_dir().join("kitchen-sink.yaml")).unwrap(),
    );
    let a = calico_render::render(&spec).unwrap();
    let b = calico_render::render(&spec).unwrap();
    let c = calico_render::Renderer::new().render(&spec).unwrap();
    assert_eq!(a.to_yaml(), b.to_yaml());
    assert_eq!(a.to_yaml(), c.to_yaml());
    assert_eq!(a, c);
    assert_eq!(
        serde_json::to_string(&a.to_json_list().unwrap()).unwrap(),
        serde_json::to_string(&c.to_json_list().unwrap()).unwrap()
    );
    assert_eq!(a.files(), c.files());
}

/// A writer that takes part of what it is given per call (three slices and
/// half of a fourth), and is interrupted now and then, as a pipe or a slow
/// device may be.
struct Trickle {
    out: Vec<u8>,
    calls: usize,
}

impl std::io::Write for Trickle {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_vectored(&[std::io::IoSlice::new(buf)])
    }
    fn write_vectored(&mut self, bufs: &[std::io::IoSlice<'_>]) -> std::io::Result<usize> {
        self.calls += 1;
        if self.calls.is_multiple_of(7) {
            return Err(std::io::ErrorKind::Interrupted.into());
        }
        let mut total = 0;
        for (i, b) in bufs.iter().enumerate() {
            if i == 3 {
                let n = b.len() / 2;
                self.out.extend_from_slice(&b[..n]);
                return Ok(total + n);
            }
            self.out.extend_from_slice(b);
            total += b.len();
        }
        Ok(total)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn the_yaml_stream_survives_partial_and_interrupted_writes() {
    let m = render(&with("{typhaReplicas: 3}"));
    let mut w = Trickle {
        out: Vec::new(),
        calls: 0,
    };
    m.write_yaml(&mut w).unwrap();
    assert_eq!(String::from_utf8(w.out).unwrap(), m.to_yaml());
    assert!(w.calls > 10, "{}", w.calls);
}

#[test]
fn output_forms_agree() {
    let m = render(&with("{typhaReplicas: 3}"));
    let yaml = m.to_yaml();
    let mut written = Vec::new();
    m.write_yaml(&mut written).unwrap();
    assert_eq!(String::from_utf8(written).unwrap(), yaml);

    // The stream reads back as the same objects, in order.
    let docs: Vec<serde_json::Value> = serde_saphyr::from_multiple(&yaml).unwrap();
    assert_eq!(docs.len(), m.objects().len());
    for (doc, o) in docs.iter().zip(m.objects()) {
        assert_eq!(doc, o.value().unwrap());
    }

    let list = m.to_json_list().unwrap();
    let mut pretty = serde_json::to_string_pretty(&list).unwrap();
    pretty.push('\n');
    assert_eq!(m.to_json().unwrap(), pretty);
    assert_eq!(list["apiVersion"], "v1");
    assert_eq!(list["kind"], "List");
    assert_eq!(list["items"].as_array().unwrap(), &docs);

    let files = m.files();
    assert_eq!(files.len(), 42);
    assert_eq!(
        files[0].0,
        "001-poddisruptionbudget-calico-kube-controllers.yaml"
    );
    assert_eq!(files[5].0, "006-configmap-calico-config.yaml");
    assert_eq!(
        files[6].0,
        "007-customresourcedefinition-bgpconfigurations.crd.projectcalico.org.yaml"
    );
    assert_eq!(files[41].0, "042-deployment-calico-typha.yaml");
    let mut names: Vec<&String> = files.iter().map(|(n, _)| n).collect();
    names.sort();
    assert_eq!(
        names,
        files.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        "name order is manifest order"
    );
    for ((_, text), o) in files.iter().zip(m.objects()) {
        assert_eq!(text, o.yaml());
    }
}

#[test]
fn crds_alone() {
    let crds = calico_render::crds(calico_spec::Release::DEFAULT).unwrap();
    assert_eq!(crds.objects().len(), 24);
    assert!(crds
        .objects()
        .iter()
        .all(|o| o.kind == CRD && o.namespace.is_none()));
    let m = render(DEFAULT);
    let in_manifest: Vec<_> = m
        .objects()
        .iter()
        .filter(|o| o.kind == CRD)
        .cloned()
        .collect();
    assert_eq!(in_manifest, crds.objects());
    // Built once per process: every manifest shares the same CRD text.
    let again = render(DEFAULT);
    let a = m.objects().iter().find(|o| o.kind == CRD).unwrap();
    let b = again.objects().iter().find(|o| o.kind == CRD).unwrap();
    assert!(std::ptr::eq(a.yaml(), b.yaml()));
}

fn node_container(m: &calico_render::Manifest) -> serde_json::Value {
    let ds = m.objects().iter().find(|o| o.kind == "DaemonSet").unwrap();
    ds.value().unwrap()["spec"]["template"]["spec"]["containers"][0].clone()
}

fn env(container: &serde_json::Value, name: &str) -> Option<serde_json::Value> {
    container["env"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
        .map(|e| e["value"].clone())
}

#[test]
fn scalar_types_are_kops_types() {
    // cpu: an integer quantity is a YAML integer, like kOps's bare `cpu: 1`.
    let one = node_container(&render(&with("{cpuRequest: '1'}")));
    assert_eq!(one["resources"]["requests"]["cpu"], serde_json::json!(1));
    let half = node_container(&render(&with("{cpuRequest: '0.5'}")));
    assert_eq!(half["resources"]["requests"]["cpu"], "500m");

    let m = render(&with(
        "{prometheusMetricsEnabled: true, prometheusMetricsPort: 9095, typhaReplicas: 2, \
         typhaPrometheusMetricsEnabled: true, bpfEnabled: true, mtu: 8981}",
    ));
    let node = node_container(&m);
    assert_eq!(node["ports"][0]["containerPort"], serde_json::json!(9095));
    assert_eq!(env(&node, "FELIX_PROMETHEUSMETRICSPORT").unwrap(), "9095");
    assert_eq!(env(&node, "FELIX_BPFLOGLEVEL").unwrap(), "Off");
    assert_eq!(env(&node, "FELIX_BPFENABLED").unwrap(), "true");
    let typha = m
        .objects()
        .iter()
        .find(|o| o.kind == "Deployment" && o.name == "calico-typha")
        .unwrap();
    assert_eq!(
        typha.value().unwrap()["spec"]["replicas"],
        serde_json::json!(2)
    );
    let ports = &typha.value().unwrap()["spec"]["template"]["spec"]["containers"][0]["ports"];
    assert_eq!(ports[1]["containerPort"], serde_json::json!(9093));
    let config = m
        .objects()
        .iter()
        .find(|o| o.name == "calico-config")
        .unwrap();
    assert_eq!(config.value().unwrap()["data"]["veth_mtu"], "8981");
    assert_eq!(
        config.value().unwrap()["data"]["typha_service_name"],
        "calico-typha"
    );
}

#[test]
fn empty_nftables_mode_is_left_out() {
    let mut spec = common::resolve(DEFAULT);
    spec.calico.nftables_mode.value = Some(String::new());
    let node = node_container(&calico_render::render(&spec).unwrap());
    assert!(env(&node, "FELIX_NFTABLESMODE").is_none());
    spec.calico.nftables_mode.value = Some("Auto".into());
    let node = node_container(&calico_render::render(&spec).unwrap());
    assert_eq!(env(&node, "FELIX_NFTABLESMODE").unwrap(), "Auto");
}

/// `to_json` is serde_json's pretty layout of `to_json_list`, for every
/// fixture, the CRDs alone and an empty manifest.
#[test]
fn to_json_is_the_pretty_list_for_every_fixture() {
    let check = |m: &calico_render::Manifest| {
        let mut text = serde_json::to_string_pretty(&m.to_json_list().unwrap()).unwrap();
        text.push('\n');
        assert_eq!(m.to_json().unwrap(), text);
    };
    let mut n = 0;
    for entry in std::fs::read_dir(common::fixtures_dir()).unwrap() {
        check(&render(
            &std::fs::read_to_string(entry.unwrap().path()).unwrap(),
        ));
        n += 1;
    }
    assert!(n >= 90, "{n}");
    check(&calico_render::crds(calico_spec::Release::DEFAULT).unwrap());
    check(&calico_render::Manifest::default());
}
